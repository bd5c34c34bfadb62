//! The benchmark floor: read every post file, parse its front matter and render its
//! Markdown to HTML — nothing else — on the same thread pool a build uses. A build can
//! hardly be faster than this; BENCHMARKS.md reports builds as a ratio to it.
//!
//! `cargo run --release --example floor -- DIR [THREADS]`

use std::path::PathBuf;

use feedsmith::stages::{self, Page};
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
    let page = Page::new("https://floor.example/", "https://floor.example/blog/post/").unwrap();
    let html_bytes: usize = pool.install(|| {
        let files = stages::post_files(&dir).expect("content folder");
        files
            .par_iter()
            .map(|file| {
                let bytes = std::fs::read(file.path()).expect("read");
                let post = stages::parse_post(file, &bytes)
                    .unwrap_or_else(|problems| panic!("{}", problems[0]));
                let body = stages::body_of(file, &bytes, &post).expect("body");
                stages::markdown(&body, post.slug(), &page, None).len()
            })
            .sum()
    });
    println!("floor: rendered {html_bytes} bytes of HTML");
}
