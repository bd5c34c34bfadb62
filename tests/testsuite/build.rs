//! Building the fixture site and reading every output back with `feed-rs`, value by value.

use crate::support::{Site, assert_expected_outputs, stdout};

const ALPHA: &str = "https://example.org/sub/posts/2024/alpha/";
const BETA: &str = "https://example.org/sub/posts/2024/beta/";
const GAMMA: &str = "https://example.org/sub/posts/2024/gamma/";
const BETA_ID: &str = "urn:uuid:6f1c2f7e-1b8a-4c8e-9d3e-2a7b5c1d0e9f";
const FEEDS: [&str; 3] = ["feed.xml", "atom.xml", "feed.json"];

fn built() -> Site {
    let site = Site::fixture("site");
    site.build(&[]);
    site
}

fn title(entry: &feed_rs::model::Entry) -> String {
    crate::support::shown_text(entry.title.as_ref().unwrap())
}

fn link(entry: &feed_rs::model::Entry) -> &str {
    &entry.links[0].href
}

#[test]
fn prints_a_one_line_summary_and_writes_every_output() {
    let site = Site::fixture("site");
    let output = site.build(&[]);
    assert_eq!(
        stdout(&output),
        "feedsmith: read 5 posts, published 3 (1 draft, 1 scheduled skipped); wrote 16 files to public (0 unchanged)\n"
    );
    let files: Vec<String> = site
        .snapshot_dir("public")
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    assert_eq!(
        files,
        [
            ".feedsmith-manifest",
            "atom.xml",
            "categories/tech/atom.xml",
            "categories/tech/feed.json",
            "categories/tech/feed.xml",
            "feed.json",
            "feed.xml",
            "feeds-head.html",
            "feeds.html",
            "feeds.opml",
            "sitemap.xml",
            "tags/rust/atom.xml",
            "tags/rust/feed.json",
            "tags/rust/feed.xml",
            "tags/web/atom.xml",
            "tags/web/feed.json",
            "tags/web/feed.xml",
        ]
    );
}

#[test]
fn every_feed_lists_the_posts_newest_first_with_slug_breaking_ties() {
    let site = built();
    for file in FEEDS {
        let feed = site.parse_feed(&format!("public/{file}"));
        let titles: Vec<String> = feed.entries.iter().map(title).collect();
        assert_eq!(
            titles,
            ["Beta", "Gamma  ]]> <end>", "Alpha & Omega"],
            "{file}"
        );
        let links: Vec<&str> = feed.entries.iter().map(link).collect();
        assert_eq!(links, [BETA, GAMMA, ALPHA], "{file}");
        let ids: Vec<&str> = feed.entries.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, [BETA_ID, GAMMA, ALPHA], "{file}");
        let published: Vec<String> = feed
            .entries
            .iter()
            .map(|e| e.published.unwrap().to_rfc3339())
            .collect();
        assert_eq!(
            published,
            [
                "2024-07-04T13:30:00+00:00",
                "2024-07-04T13:30:00+00:00",
                "2024-01-15T05:00:00+00:00"
            ],
            "{file}"
        );
        assert_eq!(
            crate::support::shown_text(feed.title.as_ref().unwrap()),
            "Test & <Site>",
            "{file}"
        );
    }
}

#[test]
fn feed_level_metadata_comes_from_config_and_the_newest_post() {
    let site = built();
    let atom = site.parse_feed("public/atom.xml");
    assert_eq!(atom.id, "https://example.org/sub/atom.xml");
    // Beta's `updated` (2024-07-05T12:00Z) is the newest change, not the build clock.
    assert_eq!(
        atom.updated.unwrap().to_rfc3339(),
        "2024-07-05T12:00:00+00:00"
    );
    assert_eq!(atom.authors[0].name.as_deref(), Some("Site Owner"));
    let rels: Vec<(&str, &str)> = atom
        .links
        .iter()
        .map(|l| (l.rel.as_deref().unwrap(), l.href.as_str()))
        .collect();
    assert_eq!(
        rels,
        [
            ("self", "https://example.org/sub/atom.xml"),
            ("alternate", "https://example.org/sub/")
        ]
    );

    let rss_text = site.read("public/feed.xml");
    assert!(rss_text.contains("<lastBuildDate>Fri, 05 Jul 2024 08:00:00 -0400</lastBuildDate>"));
    assert!(rss_text.contains(
        r#"<atom:link href="https://example.org/sub/feed.xml" rel="self" type="application/rss+xml"/>"#
    ));
    let json = site.parse_feed("public/feed.json");
    assert_eq!(json.language.as_deref(), Some("en"));
}

#[test]
fn dates_carry_the_site_time_zone_offset_in_every_format() {
    let site = built();
    let rss = site.read("public/feed.xml");
    assert!(
        rss.contains("<pubDate>Thu, 04 Jul 2024 09:30:00 -0400</pubDate>"),
        "{rss}"
    );
    assert!(
        rss.contains("<pubDate>Mon, 15 Jan 2024 00:00:00 -0500</pubDate>"),
        "{rss}"
    );
    let atom = site.read("public/atom.xml");
    assert!(atom.contains("<published>2024-07-04T09:30:00-04:00</published>"));
    assert!(atom.contains("<updated>2024-07-05T08:00:00-04:00</updated>"));
    assert!(atom.contains("<published>2024-01-15T00:00:00-05:00</published>"));
    let json: serde_json::Value = serde_json::from_str(&site.read("public/feed.json")).unwrap();
    assert_eq!(
        json["items"][0]["date_published"],
        "2024-07-04T09:30:00-04:00"
    );
    assert_eq!(
        json["items"][0]["date_modified"],
        "2024-07-05T08:00:00-04:00"
    );
    assert_eq!(
        json["items"][2]["date_published"],
        "2024-01-15T00:00:00-05:00"
    );
    let sitemap = site.read("public/sitemap.xml");
    assert!(sitemap.contains("<lastmod>2024-07-05T08:00:00-04:00</lastmod>"));
}

#[test]
fn content_has_absolute_urls_everywhere() {
    let site = built();
    let expected = [
        r#"src="https://example.org/sub/img/a.png""#,
        r#"href="https://example.org/sub/posts/2024/alpha/other/""#,
        r#"href="https://example.org/sub/posts/2024/alpha/#x""#,
        r#"href="https://cdn.example.net/lib.js""#,
        r#"href="mailto:me@example.org""#,
        r#"href="https://elsewhere.example/page""#,
        r#"href="https://example.org/sub/posts/2024/alpha/#alpha-note""#,
        r#"id="alpha-note""#,
        r#"src="https://example.org/sub/posts/2024/alpha/pic.jpg""#,
        r#"srcset="https://example.org/sub/posts/2024/alpha/pic.jpg 1x, https://example.org/sub/pic@2x.jpg 2x""#,
        "if a ]]&gt; b &amp;&amp; c &lt; d {}",
    ];
    for file in FEEDS {
        let feed = site.parse_feed(&format!("public/{file}"));
        let alpha = feed.entries.iter().find(|e| link(e) == ALPHA).unwrap();
        let html = alpha.content.as_ref().unwrap().body.as_deref().unwrap();
        for fragment in expected {
            assert!(html.contains(fragment), "{file}: {fragment} not in {html}");
        }
        let beta = feed.entries.iter().find(|e| link(e) == BETA).unwrap();
        let html = beta.content.as_ref().unwrap().body.as_deref().unwrap();
        assert!(
            html.contains(&format!(r#"href="{ALPHA}""#)),
            "{file}: {html}"
        );
    }
}

#[test]
fn cover_images_tags_and_authors_reach_every_format() {
    let site = built();
    for file in FEEDS {
        let feed = site.parse_feed(&format!("public/{file}"));
        let alpha = feed.entries.iter().find(|e| link(e) == ALPHA).unwrap();
        let terms: Vec<&str> = alpha.categories.iter().map(|c| c.term.as_str()).collect();
        assert_eq!(terms, ["Rust", "web", "Tech"], "{file}");
        let beta = feed.entries.iter().find(|e| link(e) == BETA).unwrap();
        // feed-rs keeps the parentheses of RSS's `email (Name)` form in the name.
        let name = beta.authors[0]
            .name
            .as_deref()
            .unwrap()
            .trim_matches(['(', ')']);
        assert_eq!(name, "Bea Writer", "{file}");
    }
    let rss = site.read("public/feed.xml");
    assert!(rss.contains(
        r#"<media:content url="https://example.org/sub/img/alpha.jpg" medium="image"/>"#
    ));
    assert!(rss.contains("<author>bea@example.org (Bea Writer)</author>"));
    // No email for the site owner: the name goes to dc:creator, never to RSS `author`.
    assert!(rss.contains("<dc:creator>Site Owner</dc:creator>"));
    assert!(rss.contains(&format!(r#"<guid isPermaLink="false">{BETA_ID}</guid>"#)));
    assert!(rss.contains(&format!(r#"<guid isPermaLink="true">{ALPHA}</guid>"#)));
    // The description is HTML: plain text is HTML-escaped, then XML-escaped.
    assert!(rss.contains(
        "<description>Alpha &amp;amp; omega &amp;lt;b&amp;gt;bold&amp;lt;/b&amp;gt;</description>"
    ));
    assert!(rss.contains("<title>Alpha &#x26; Omega</title>"));
    let atom = site.read("public/atom.xml");
    assert!(atom.contains(r#"<media:thumbnail url="https://example.org/sub/img/alpha.jpg"/>"#));
    assert!(atom.contains(&format!(r#"<content type="html" xml:base="{ALPHA}">"#)));
    let json: serde_json::Value = serde_json::from_str(&site.read("public/feed.json")).unwrap();
    assert_eq!(
        json["items"][2]["image"],
        "https://example.org/sub/img/alpha.jpg"
    );
    assert_eq!(json["items"][2]["summary"], "Alpha & omega <b>bold</b>");
}

#[test]
fn drafts_and_future_posts_are_opt_in() {
    let site = Site::fixture("site");
    site.build(&["--drafts", "--future"]);
    let feed = site.parse_feed("public/feed.xml");
    let titles: Vec<String> = feed.entries.iter().map(title).collect();
    assert_eq!(
        titles,
        [
            "Future post",
            "Beta",
            "Gamma  ]]> <end>",
            "Draft post",
            "Alpha & Omega"
        ]
    );
}

#[test]
fn the_item_limit_and_summary_only_mode_apply() {
    let site = Site::fixture("site");
    site.build(&["--config", "config/limited.yaml", "--out", "limited"]);
    for file in FEEDS {
        let feed = site.parse_feed(&format!("limited/{file}"));
        let links: Vec<&str> = feed.entries.iter().map(link).collect();
        assert_eq!(links, [BETA, GAMMA], "{file}");
    }
    assert!(!site.read("limited/feed.xml").contains("content:encoded>"));
    assert!(!site.read("limited/atom.xml").contains("<content"));
    // Every post stays in the sitemap whatever the feed limit.
    let sitemap = site.read("limited/sitemap.xml");
    for url in [
        "https://example.org/sub/",
        "https://example.org/sub/about/",
        ALPHA,
        BETA,
        GAMMA,
    ] {
        assert!(sitemap.contains(&format!("<loc>{url}</loc>")), "{url}");
    }
}

#[test]
fn sitemap_lists_extra_pages_then_posts() {
    let site = built();
    insta::assert_snapshot!("sitemap", site.read("public/sitemap.xml"));
}

#[test]
fn whole_outputs_match_their_snapshots() {
    let site = built();
    insta::assert_snapshot!("rss", site.read("public/feed.xml"));
    insta::assert_snapshot!("atom", site.read("public/atom.xml"));
    insta::assert_snapshot!("jsonfeed", site.read("public/feed.json"));
}

#[test]
fn unchanged_files_are_not_rewritten() {
    let site = built();
    let before = std::fs::metadata(site.path("public/feed.xml"))
        .unwrap()
        .modified()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let output = site.build(&[]);
    assert!(stdout(&output).ends_with("wrote 0 files to public (16 unchanged)\n"));
    let after = std::fs::metadata(site.path("public/feed.xml"))
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(before, after);
}

#[test]
fn the_summary_counts_in_the_singular_when_there_is_one() {
    let site = Site::empty();
    site.write(
        "config/site.yaml",
        "title: S\ndescription: D\nbase_url: https://e.com/\ntag_feeds: {enabled: false}\ncategory_feeds: {enabled: false}\nsitemap: {enabled: false}\nopml: {enabled: false}\nfeeds_page: {enabled: false}\nfeeds:\n  atom: {enabled: false}\n  json: {enabled: false}\n",
    );
    site.write(
        "content/a.md",
        "---\ntitle: A\ndate: 2024-01-01\ndescription: d\n---\n",
    );
    site.write(
        "content/b.md",
        "---\ntitle: B\ndate: 2024-01-02\ndraft: true\n---\n",
    );
    let output = site.build(&[]);
    assert_eq!(
        stdout(&output),
        "feedsmith: read 2 posts, published 1 (1 draft skipped); wrote 1 file to public (0 unchanged)\n"
    );
}

#[test]
fn every_output_of_the_fixture_site_is_as_expected() {
    assert_expected_outputs(&built(), "public", "site");
}

#[test]
fn every_output_of_the_shipped_site_is_as_expected() {
    let site = Site::shipped();
    site.build(&[]);
    assert_expected_outputs(&site, "public", "shipped");
}
