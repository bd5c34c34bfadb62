//! Per-tag and per-category feeds: identity across spellings, safe and collision-free
//! slugs, the right posts in the right order, and the OPML directory listing every feed.

use std::collections::BTreeSet;

use crate::schemas::validate_outputs;
use crate::support::{Site, assert_expected_outputs, headlines, stderr};

const TAGS: [(&str, &str, &[&str]); 14] = [
    // (slug, display name, posts newest first — limited to 2 by the fixture's config)
    ("a-b", "a/b", &["p2"]),
    ("bell", "bell", &["p5"]),
    // Names that slug alike are one tag, as Hugo and Zola merge them.
    ("c-plus-plus", "C++", &["p1", "p3"]),
    ("c-sharp", "C#", &["p2"]),
    ("cafe", "Cafe\u{301}", &["p1", "p4"]),
    ("etc", "../../etc", &["p1"]),
    ("golang", "Go", &["p3"]),
    ("hello-world", "Hello World", &["p4", "p5"]),
    ("hidden", ".hidden", &["p2"]),
    ("machine-learning", "Machine Learning", &["p1", "p2"]),
    ("ri-ben-yu", "日本語", &["p3"]),
    ("tag", "!!!", &["p4"]),
    ("tag-2", "???", &["p5"]),
    // The category, in its configured folder.
    ("deep-dives", "Deep Dives", &["p1", "p2", "p3"]),
];

fn folder(slug: &str) -> String {
    if slug == "deep-dives" {
        format!("topics/{slug}")
    } else {
        format!("tags/{slug}")
    }
}

fn built() -> (Site, std::process::Output) {
    let site = Site::fixture("tags");
    let output = site.build(&[]);
    (site, output)
}

#[test]
fn writes_exactly_the_expected_paths_and_nothing_outside_the_output_folder() {
    let site = Site::fixture("tags");
    let before: BTreeSet<String> = site.snapshot_dir(".").into_iter().map(|(n, _)| n).collect();
    site.build(&[]);
    let after: BTreeSet<String> = site.snapshot_dir(".").into_iter().map(|(n, _)| n).collect();
    let added: BTreeSet<String> = after.difference(&before).cloned().collect();

    let mut expected: BTreeSet<String> = [
        ".feedsmith-manifest",
        "atom.xml",
        "feed.json",
        "feed.xml",
        "feeds-head.html",
        "feeds.html",
        "feeds.opml",
        "sitemap.xml",
    ]
    .iter()
    .map(|f| format!("public/{f}"))
    .collect();
    for (slug, _, _) in TAGS {
        for file in ["feed.xml", "atom.xml", "feed.json"] {
            expected.insert(format!("public/{}/{file}", folder(slug)));
        }
    }
    assert_eq!(added, expected);
    assert_eq!(before, after.intersection(&before).cloned().collect());
}

#[test]
fn each_feed_holds_its_posts_newest_first_with_its_own_identity() {
    let (site, _) = built();
    for (slug, name, posts) in TAGS {
        let base = format!("https://tags.example/{}", folder(slug));
        for file in ["feed.xml", "atom.xml", "feed.json"] {
            let feed = site.parse_feed(&format!("public/{}/{file}", folder(slug)));
            let titles: Vec<String> = feed
                .entries
                .iter()
                .map(|e| e.title.as_ref().unwrap().content.to_lowercase())
                .collect();
            assert_eq!(titles, posts, "{slug}/{file}");
            assert_eq!(
                feed.title.as_ref().unwrap().content,
                format!("Topics — {name}"),
                "{slug}/{file}"
            );
        }
        let atom = site.parse_feed(&format!("public/{}/atom.xml", folder(slug)));
        assert_eq!(atom.id, format!("{base}/atom.xml"));
        let links: Vec<(&str, &str)> = atom
            .links
            .iter()
            .map(|l| (l.rel.as_deref().unwrap(), l.href.as_str()))
            .collect();
        let page = if slug == "deep-dives" {
            format!("https://tags.example/topics/{slug}.html")
        } else {
            format!("https://tags.example/tags/{slug}/")
        };
        assert_eq!(
            links,
            [
                ("self", format!("{base}/atom.xml").as_str()),
                ("alternate", page.as_str())
            ]
        );
        let json: serde_json::Value =
            serde_json::from_str(&site.read(&format!("public/{}/feed.json", folder(slug))))
                .unwrap();
        assert_eq!(json["feed_url"], format!("{base}/feed.json"));
        assert_eq!(json["home_page_url"], page);
        let rss = site.read(&format!("public/{}/feed.xml", folder(slug)));
        assert!(
            rss.contains(&format!(r#"<atom:link href="{base}/feed.xml" rel="self""#)),
            "{rss}"
        );
    }
}

#[test]
fn collisions_are_warned_about_naming_both_tags_and_paths() {
    let (_, output) = built();
    assert_eq!(
        stderr(&output),
        "warning: tag \"!!!\" gets slug \"tag\": its name gives no usable slug; pin a slug in the config to choose another\n\
         warning: tag \"???\" gets slug \"tag-2\": \"!!!\" already uses \"tag\"; pin a slug in the config to choose another\n"
    );
}

#[test]
fn every_per_tag_feed_is_valid_by_its_schema() {
    let (site, _) = built();
    let folders: Vec<String> = TAGS.iter().map(|(slug, _, _)| folder(slug)).collect();
    let atom: Vec<String> = folders.iter().map(|f| format!("{f}/atom.xml")).collect();
    let json: Vec<String> = folders.iter().map(|f| format!("{f}/feed.json")).collect();
    let atom: Vec<&str> = atom.iter().map(String::as_str).collect();
    let json: Vec<&str> = json.iter().map(String::as_str).collect();
    validate_outputs(&site, "public", &atom, &["sitemap.xml"], &json);
}

#[test]
fn the_opml_directory_lists_every_feed_written_and_no_other() {
    let (site, _) = built();
    let opml = site.read("public/feeds.opml");
    let mut reader = quick_xml::Reader::from_str(&opml);
    let mut listed = BTreeSet::new();
    let mut version = None;
    loop {
        match reader.read_event().expect("feeds.opml is well-formed XML") {
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e) => {
                for attribute in e.attributes() {
                    let attribute = attribute.unwrap();
                    let value = attribute
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .unwrap()
                        .into_owned();
                    match (e.name().as_ref(), attribute.key.as_ref()) {
                        ("outline", "xmlUrl") => {
                            assert!(listed.insert(value), "listed twice");
                        }
                        ("opml", "version") => version = Some(value),
                        _ => {}
                    }
                }
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(version.as_deref(), Some("2.0"));
    let written: BTreeSet<String> = site
        .snapshot_dir("public")
        .into_iter()
        .map(|(name, _)| name)
        .filter(|name| {
            name.ends_with("feed.xml") || name.ends_with("atom.xml") || name.ends_with("feed.json")
        })
        .map(|name| format!("https://tags.example/{name}"))
        .collect();
    assert_eq!(listed, written);
}

#[test]
fn turning_kinds_and_formats_off_removes_them_from_outputs_and_opml() {
    let site = Site::fixture("tags");
    site.write(
        "config/site.yaml",
        "title: T\ndescription: D\nbase_url: https://tags.example/\ncategory_feeds:\n  enabled: false\ntag_feeds:\n  json:\n    enabled: false\n",
    );
    site.build(&[]);
    assert!(!site.path("public/topics").exists() && !site.path("public/categories").exists());
    assert!(site.path("public/tags/cafe/feed.xml").exists());
    assert!(!site.path("public/tags/cafe/feed.json").exists());
    let opml = site.read("public/feeds.opml");
    assert!(opml.contains("https://tags.example/tags/cafe/atom.xml"));
    assert!(!opml.contains("tags/cafe/feed.json"));
    assert!(!opml.contains("Deep Dives"));
}

#[test]
fn slugs_do_not_depend_on_the_order_posts_are_found() {
    let site = Site::fixture("tags");
    site.build(&["--out", "a"]);
    // Renaming files changes discovery order; collisions must resolve the same way.
    let renamed = Site::fixture("tags");
    for (from, to) in [("p1", "z1"), ("p3", "a3"), ("p5", "m5")] {
        std::fs::rename(
            renamed.path(&format!("content/{from}.md")),
            renamed.path(&format!("content/{to}.md")),
        )
        .unwrap();
    }
    renamed.build(&["--out", "a"]);
    let paths =
        |s: &Site| -> Vec<String> { s.snapshot_dir("a").into_iter().map(|(n, _)| n).collect() };
    assert_eq!(paths(&site), paths(&renamed));
}

#[test]
fn hostile_pinned_slugs_are_config_errors() {
    for slug in ["../evil", ".hidden", "a/b", "UPPER", ""] {
        let site = Site::fixture("tags");
        site.write(
            "config/site.yaml",
            &format!("title: T\ndescription: D\nbase_url: https://tags.example/\ntag_slugs:\n  Go: \"{slug}\"\n"),
        );
        let output = site.run(&["build"]);
        assert_eq!(output.status.code(), Some(1), "{slug}");
        assert!(
            headlines(&stderr(&output))
                .starts_with("error: config/site.yaml:5:7: tag \"Go\": slug"),
            "{slug}: {}",
            stderr(&output)
        );
        assert!(!site.path("public").exists());
    }
}

#[test]
fn every_output_of_the_tags_fixture_is_as_expected() {
    let site = Site::fixture("tags");
    site.build(&[]);
    assert_expected_outputs(&site, "public", "tags");
}

/// A term's page where the site's tool publishes it: the tag feed's `<link>` names it and,
/// where that slug is safe as one folder name, the feeds sit under it too.
#[test]
fn each_tools_term_pages_are_named_by_its_own_slug_rule() {
    // (tool file, its text, flavor, tags, then per tag: feed folder, page URL)
    type Case<'a> = (&'a str, &'a str, &'a [&'a str], &'a [(&'a str, &'a str)]);
    let cases: [Case; 5] = [
        // Zola's `slug` crate (`slugify.taxonomies = "on"`): `C++` is `/tags/c/`.
        (
            "config.toml",
            "base_url = 'https://example.com'\n",
            &["C++", "Rust Lang"],
            &[("c", "/tags/c/"), ("rust-lang", "/tags/rust-lang/")],
        ),
        // Hugo's `urlize`: `+` kept, `#` escaped in the URL (its folder is feedsmith's), a
        // letter with an accent kept in the URL and transliterated in the folder.
        (
            "hugo.toml",
            "baseURL = 'https://example.com/'\n",
            &["C++", "C#", "Café"],
            &[
                ("c++", "/tags/c++/"),
                ("c-sharp", "/tags/c%23/"),
                ("cafe", "/tags/caf%C3%A9/"),
            ],
        ),
        // jekyll-archives' `default` slugify: every run of other characters one `-`.
        (
            "_config.yml",
            "url: https://example.com\n",
            &["C++", "Node.js"],
            &[("c", "/tags/c/"), ("node-js", "/tags/node-js/")],
        ),
        // Eleventy's `slugify`: quotes dropped, `&` spelled out.
        (
            "eleventy.config.js",
            "export default {}\n",
            &["Don't Panic", "R&D"],
            &[
                ("dont-panic", "/tags/dont-panic/"),
                ("r-and-d", "/tags/r-and-d/"),
            ],
        ),
        // Zola with `slugify.taxonomies = "off"`: the name as written, `/` kept out of the
        // folder and a `..` segment left out, so the page stays under `/tags/`.
        (
            "config.toml",
            "base_url = 'https://example.com'\n[slugify]\ntaxonomies = 'off'\n",
            &["../up", "Mixed Case"],
            &[("up", "/tags/up/"), ("mixed-case", "/tags/Mixed%20Case/")],
        ),
    ];
    for (tool_file, tool_text, tags, expected) in cases {
        let post = format!(
            "---\ntitle: P\ndate: 2024-01-02\ntags: [{}]\n---\nText.\n",
            tags.iter()
                .map(|t| format!("\"{t}\""))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let site = Site::with(crate::support::CONFIG, &[("p.md", &post)]);
        site.write(tool_file, tool_text);
        let output = site.build(&[]);
        assert!(output.status.success(), "{tool_file}: {}", stderr(&output));
        for (folder, page) in expected {
            let feed: serde_json::Value =
                serde_json::from_str(&site.read(&format!("public/tags/{folder}/feed.json")))
                    .unwrap();
            assert_eq!(
                feed["home_page_url"],
                format!("https://example.com{page}"),
                "{tool_file} {tool_text}"
            );
            let rss = site.read(&format!("public/tags/{folder}/feed.xml"));
            let parsed = feed_rs::parser::parse(rss.as_bytes()).unwrap();
            assert_eq!(
                parsed.links[0].href,
                format!("https://example.com{page}"),
                "{tool_file}"
            );
        }
    }
}

/// A slug pinned in the config names the folder and the page, whatever the tool's rule.
#[test]
fn a_pinned_slug_wins_over_the_tools_rule() {
    let config = format!("{}tag_slugs:\n  C++: cpp\n", crate::support::CONFIG);
    let post = "---\ntitle: P\ndate: 2024-01-02\ntags: [\"C++\"]\n---\nText.\n";
    let site = Site::with(&config, &[("p.md", post)]);
    site.write("config.toml", "base_url = 'https://example.com'\n");
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let feed: serde_json::Value =
        serde_json::from_str(&site.read("public/tags/cpp/feed.json")).unwrap();
    assert_eq!(feed["home_page_url"], "https://example.com/tags/cpp/");
    assert!(!site.path("public/tags/c").exists());
}
