//! Micro-benchmarks of the hot stages, so a regression shows up per stage, and the whole
//! pipeline on a small site: `cargo bench` (or `cargo bench -- markdown` for one group).
//! Every function timed is the one a build calls.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use feedsmith::stages::{
    self as render, FeedFormat, RenderedPosts, Selection, Site, SiteConfig, UrlBase,
};
use url::Url;

const SAMPLE: &str = include_str!("../content/ai-revolution-in-healthcare.md");

fn config() -> SiteConfig {
    SiteConfig::parse(
        "title: Bench\ndescription: D\nbase_url: https://bench.example/\n",
        Path::new("site.yaml"),
    )
    .unwrap()
}

/// A site of `n` copies of the sample post, every one rendered as a build renders it.
fn site(n: usize) -> (Site, RenderedPosts) {
    let config = config();
    let posts = (0..n)
        .map(|i| {
            let text = SAMPLE.replacen("title:", &format!("slug: post-{i}\ntitle:"), 1);
            feedsmith::stages::parse_post(
                &feedsmith::stages::PostFile::top_level(Path::new("p.md")),
                text.as_bytes(),
                &config.timezone,
            )
            .map(Box::new)
            .unwrap()
        })
        .collect();
    let selection = Selection {
        drafts: true,
        future: true,
        now: jiff::Timestamp::UNIX_EPOCH,
    };
    let site = Site::assemble(config, posts, &[], selection).unwrap();
    let order = render::render_order(&site.feed_groups(), site.entries.len());
    let body = sample_body();
    let body_of = |_: &feedsmith::stages::Post| Ok(body.clone());
    let rendered = RenderedPosts::new_near(Path::new("."), site.entries.len());
    render::render_posts(&site, &rendered, &order, &[], false, &body_of, |_| Ok(())).unwrap();
    (site, rendered)
}

/// The sample post's body, as a build reads it.
fn sample_body() -> String {
    let file = feedsmith::stages::PostFile::top_level(Path::new("p.md"));
    let post =
        feedsmith::stages::parse_post(&file, SAMPLE.as_bytes(), &jiff::tz::TimeZone::UTC).unwrap();
    feedsmith::stages::body_of(Path::new("p.md"), SAMPLE.as_bytes(), &post.body).unwrap()
}

fn stages(c: &mut Criterion) {
    let config = config();
    let mut group = c.benchmark_group("post");
    group.throughput(Throughput::Bytes(SAMPLE.len() as u64));
    group.bench_function("front_matter_parse", |b| {
        b.iter(|| {
            feedsmith::stages::parse_post(
                &feedsmith::stages::PostFile::top_level(Path::new("p.md")),
                black_box(SAMPLE.as_bytes()),
                &config.timezone,
            )
        })
    });
    let body = sample_body();
    let site_url = Url::parse("https://bench.example/").unwrap();
    let page = Url::parse("https://bench.example/blog/p/").unwrap();
    let base = UrlBase {
        site: &site_url,
        page: &page,
        internal: None,
    };
    group.bench_function("markdown_render", |b| {
        b.iter(|| feedsmith::stages::to_html_with_urls(black_box(&body), "p", base, Some(280)))
    });
    let rendered = feedsmith::stages::to_html_with_urls(&body, "p", base, None).html;
    group.bench_function("url_absolutize", |b| {
        b.iter(|| render::absolutize(black_box(&rendered), base).unwrap())
    });
    group.bench_function("xml_escape", |b| {
        b.iter(|| render::xml::escape_markup(black_box(&rendered)).len())
    });
    group.finish();

    let (site, posts) = site(20);
    let groups = site.feed_groups();
    let main = &groups[0];
    let file = |format| main.files.iter().find(|f| f.format == format).unwrap();
    let mut group = c.benchmark_group("writer_20_posts");
    group.bench_function("rss", |b| {
        b.iter(|| {
            render::rss::write(
                &site.config,
                &main.feed,
                file(FeedFormat::Rss),
                &posts,
                Vec::new(),
            )
            .unwrap()
        })
    });
    group.bench_function("atom", |b| {
        b.iter(|| {
            render::atom::write(
                &site.config,
                &main.feed,
                file(FeedFormat::Atom),
                &posts,
                Vec::new(),
            )
            .unwrap()
        })
    });
    group.bench_function("json", |b| {
        b.iter(|| {
            render::jsonfeed::write(
                &site.config,
                &main.feed,
                file(FeedFormat::Json),
                &posts,
                Vec::new(),
            )
            .unwrap()
        })
    });
    group.bench_function("sitemap", |b| {
        b.iter(|| {
            render::sitemap::write_urls(&render::sitemap::urls(&site, &mut |_| None), Vec::new())
                .unwrap()
        })
    });
    group.bench_function("opml", |b| {
        b.iter(|| render::opml::write(&site, &groups, Vec::new()).unwrap())
    });
    group.finish();

    let entry = &site.entries[0];
    let summary = entry.post.description.as_deref();
    let escaped = render::xml::Escaped::markup(&rendered);
    let mut group = c.benchmark_group("fragment");
    group.bench_function("rss_item", |b| {
        b.iter(|| render::rss::fragment(entry, None, summary, Some(&escaped)).unwrap())
    });
    group.bench_function("atom_entry", |b| {
        b.iter(|| {
            render::atom::fragment(entry, &site.config.languages, summary, Some(&escaped)).unwrap()
        })
    });
    group.bench_function("json_item", |b| {
        b.iter(|| render::jsonfeed::fragment(entry, summary, Some(&rendered)).unwrap())
    });
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
    let settings = feedsmith::Settings::for_folders(
        dir.path().join("site.yaml"),
        &dir.path().join("content"),
        &dir.path().join("out"),
        false,
    )
    .unwrap();
    let mut group = c.benchmark_group("pipeline");
    group.bench_function("build_20_posts", |b| {
        b.iter(|| feedsmith::build(&settings).unwrap())
    });
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
