//! The benchmark floor: read every post file, parse its front matter and render its
//! Markdown to HTML — nothing else — on the same thread pool a build uses. A build can
//! hardly be faster than this; BENCHMARKS.md reports builds as a ratio to it.
//!
//! `cargo run --release --example floor -- DIR [THREADS]`

use std::path::PathBuf;

use jiff::tz::TimeZone;
use rayon::prelude::*;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().expect("usage: floor DIR [THREADS]"));
    let threads: usize = args
        .next()
        .map(|n| n.parse().expect("THREADS"))
        .unwrap_or(0);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    let site = url::Url::parse("https://floor.example/").unwrap();
    let page = url::Url::parse("https://floor.example/blog/post/").unwrap();
    let base = feedsmith::stages::UrlBase {
        site: &site,
        page: &page,
        internal: None,
    };
    let html_bytes: usize = pool.install(|| {
        let files = feedsmith::stages::discover(&dir, &[], None)
            .expect("content folder")
            .files;
        files
            .par_iter()
            .map(|file| {
                let bytes = std::fs::read(&file.path).expect("read");
                let post = feedsmith::stages::parse_post(file, &bytes, &TimeZone::UTC)
                    .unwrap_or_else(|problems| panic!("{}", problems[0]));
                let body =
                    feedsmith::stages::body_of(&file.path, &bytes, &post.body).expect("body");
                feedsmith::stages::to_html_with_urls(&body, &post.slug, base, None)
                    .html
                    .len()
            })
            .sum()
    });
    println!("floor: rendered {html_bytes} bytes of HTML");
}
