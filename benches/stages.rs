//! Micro-benchmarks of the hot stages, so a regression shows up per stage, and the whole
//! pipeline on a small site: `cargo bench` (or `cargo bench -- markdown` for one group).
//! Every function timed is the one a build calls (`feedsmith::stages`, the `stages` feature).

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use feedsmith::stages::{self, FeedFormat, Page, PostFile, Sample};

const SAMPLE: &str = include_str!("../content/ai-revolution-in-healthcare.md");
const CONFIG: &str = "title: Bench\ndescription: D\nbase_url: https://bench.example/\n";

/// A site of `n` copies of the sample post, every one rendered as a build renders it.
fn site(n: usize) -> Sample {
    let file = PostFile::top_level(Path::new("p.md"));
    let posts = (0..n)
        .map(|i| {
            let text = SAMPLE.replacen("title:", &format!("slug: post-{i}\ntitle:"), 1);
            stages::parse_post(&file, text.as_bytes()).unwrap()
        })
        .collect();
    Sample::new(CONFIG, posts, &sample_body()).unwrap()
}

/// The sample post's body, as a build reads it.
fn sample_body() -> String {
    let file = PostFile::top_level(Path::new("p.md"));
    let post = stages::parse_post(&file, SAMPLE.as_bytes()).unwrap();
    stages::body_of(&file, SAMPLE.as_bytes(), &post).unwrap()
}

fn stages(c: &mut Criterion) {
    let file = PostFile::top_level(Path::new("p.md"));
    let mut group = c.benchmark_group("post");
    group.throughput(Throughput::Bytes(SAMPLE.len() as u64));
    group.bench_function("front_matter_parse", |b| {
        b.iter(|| stages::parse_post(&file, black_box(SAMPLE.as_bytes())))
    });
    let body = sample_body();
    let page = Page::new("https://bench.example/", "https://bench.example/blog/p/").unwrap();
    group.bench_function("markdown_render", |b| {
        b.iter(|| stages::markdown(black_box(&body), "p", &page, Some(280)))
    });
    let rendered = stages::markdown(&body, "p", &page, None);
    group.bench_function("url_absolutize", |b| {
        b.iter(|| stages::absolutize(black_box(&rendered), &page))
    });
    group.bench_function("xml_escape", |b| {
        b.iter(|| stages::escape_markup(black_box(&rendered)).len())
    });
    group.finish();

    let sample = site(20);
    let feeds = sample.feeds();
    let mut group = c.benchmark_group("writer_20_posts");
    for (name, format) in [
        ("rss", FeedFormat::Rss),
        ("atom", FeedFormat::Atom),
        ("json", FeedFormat::Json),
    ] {
        group.bench_function(name, |b| b.iter(|| feeds.main(format)));
    }
    group.bench_function("sitemap", |b| b.iter(|| sample.sitemap()));
    group.bench_function("opml", |b| b.iter(|| feeds.opml()));
    group.finish();

    let mut group = c.benchmark_group("fragment");
    for (name, format) in [
        ("rss_item", FeedFormat::Rss),
        ("atom_entry", FeedFormat::Atom),
        ("json_item", FeedFormat::Json),
    ] {
        let item = sample.item(format, &rendered);
        group.bench_function(name, |b| b.iter(|| item.fragment()));
    }
    group.finish();

    // The whole pipeline, as `feedsmith build --no-sync` runs it, on 20 posts.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("site.yaml"),
        "title: Bench\ndescription: D\nbase_url: https://bench.example/\n",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("content")).unwrap();
    for i in 0..20 {
        let text = SAMPLE.replacen("title:", &format!("slug: post-{i}\ntitle:"), 1);
        std::fs::write(dir.path().join(format!("content/p{i}.md")), text).unwrap();
    }
    // Resolved as the binary resolves `feedsmith build --no-sync --config … --content … --out …`.
    let args = [
        "feedsmith".into(),
        "build".into(),
        "--no-sync".into(),
        "--config".into(),
        dir.path().join("site.yaml").into_os_string(),
        "--content".into(),
        dir.path().join("content").into_os_string(),
        "--out".into(),
        dir.path().join("out").into_os_string(),
    ];
    let cli = <feedsmith::cli::Cli as clap::Parser>::try_parse_from(args).unwrap();
    let settings =
        feedsmith::Settings::resolve(&cli.command, &feedsmith::Environment::default()).unwrap();
    let mut group = c.benchmark_group("pipeline");
    group.bench_function("build_20_posts", |b| {
        b.iter(|| feedsmith::build(&settings).unwrap())
    });
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
