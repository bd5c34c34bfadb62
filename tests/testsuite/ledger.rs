//! The id ledger, `feedsmith.ids`: a post it records keeps its id across a base-URL move, a
//! slug change and a file rename; a new post is added by the build (by `check`, only
//! reported); `ids init --from` takes the ids of feeds published before — WordPress `?p=`
//! guids, a jekyll-feed Atom feed, a Hugo `index.xml` — each item matched to its post. The
//! feeds are read back in all three formats.

use crate::support::{Site, stderr, stdout};

const CONFIG: &str =
    "title: L\ndescription: D\nbase_url: https://old.example/\npermalink: \"/posts/{slug}/\"\n";

fn post(title: &str, date: &str, extra: &str) -> String {
    format!("---\ntitle: {title}\ndate: {date}\n{extra}---\nBody of {title}.\n")
}

fn site() -> Site {
    Site::with(
        CONFIG,
        &[
            ("a.md", &post("A", "2024-01-01", "")),
            ("b.md", &post("B", "2024-02-01", "")),
            ("c.md", &post("C", "2024-03-01", "")),
        ],
    )
}

/// Each entry's id by title, in RSS, Atom and JSON Feed (checked to agree), with whether
/// the RSS guid says it is the permalink.
fn ids(site: &Site) -> Vec<(String, String, bool)> {
    let rss = site.read("public/feed.xml");
    let mut found = Vec::new();
    for item in rss.split("<item>").skip(1) {
        let title = item
            .split("<title>")
            .nth(1)
            .unwrap()
            .split("</title>")
            .next()
            .unwrap();
        let guid = item.split("<guid").nth(1).unwrap();
        let (attributes, rest) = guid.split_once('>').unwrap();
        let id = rest.split("</guid>").next().unwrap();
        let is_permalink = !attributes.contains("isPermaLink=\"false\"");
        found.push((title.to_string(), id.to_string(), is_permalink));
    }
    found.sort();
    for other in ["public/atom.xml", "public/feed.json"] {
        let feed = site.parse_feed(other);
        let mut theirs: Vec<(String, String)> = feed
            .entries
            .iter()
            .map(|entry| {
                (
                    entry.title.as_ref().unwrap().content.clone(),
                    entry.id.clone(),
                )
            })
            .collect();
        theirs.sort();
        let ours: Vec<(String, String)> = found
            .iter()
            .map(|(title, id, _)| (title.clone(), id.clone()))
            .collect();
        assert_eq!(theirs, ours, "{other}");
    }
    found
}

/// The ledger's records: (id, source, permalink), header left out.
fn ledger(site: &Site) -> Vec<(String, String, String)> {
    site.read("feedsmith.ids")
        .lines()
        .filter(|line| !line.starts_with('#'))
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            (fields[0].into(), fields[1].into(), fields[2].into())
        })
        .collect()
}

fn triple(title: &str, id: &str, is_permalink: bool) -> (String, String, bool) {
    (title.to_string(), id.to_string(), is_permalink)
}

#[test]
fn a_recorded_post_keeps_its_id_across_a_move_a_slug_change_and_a_rename() {
    let site = site();
    let init = site.run(&["ids", "init"]);
    assert!(init.status.success(), "{}", stderr(&init));
    assert!(
        stdout(&init).contains("created feedsmith.ids: 3 posts"),
        "{}",
        stdout(&init)
    );
    site.build(&[]);
    assert_eq!(
        ids(&site),
        [
            triple("A", "https://old.example/posts/a/", true),
            triple("B", "https://old.example/posts/b/", true),
            triple("C", "https://old.example/posts/c/", true),
        ]
    );

    // The site moves to a new domain: the ids stay, no longer the links.
    site.write(
        "config/site.yaml",
        &CONFIG.replace("old.example", "new.example"),
    );
    let moved = site.build(&[]);
    assert!(
        stdout(&moved).contains("feedsmith.ids: 3 followed"),
        "{}",
        stdout(&moved)
    );
    let kept = [
        triple("A", "https://old.example/posts/a/", false),
        triple("B", "https://old.example/posts/b/", false),
        triple("C", "https://old.example/posts/c/", false),
    ];
    assert_eq!(ids(&site), kept);
    let feed = site.parse_feed("public/feed.xml");
    assert!(
        feed.entries
            .iter()
            .all(|entry| entry.links[0].href.starts_with("https://new.example/")),
        "links follow the site"
    );

    // A slug changes, and a file is renamed (its URL kept): the same ids.
    site.write(
        "content/b.md",
        &post("B", "2024-02-01", "slug: b-renamed\n"),
    );
    std::fs::remove_file(site.path("content/c.md")).unwrap();
    site.write("content/c-moved.md", &post("C", "2024-03-01", "slug: c\n"));
    site.build(&[]);
    assert_eq!(ids(&site), kept);
    let records = ledger(&site);
    assert!(
        records.contains(&(
            "https://old.example/posts/c/".into(),
            "c-moved.md".into(),
            "https://new.example/posts/c/".into()
        )),
        "{records:?}"
    );
    assert!(
        !records.iter().any(|(_, source, _)| source == "c.md"),
        "{records:?}"
    );
    assert!(
        records.contains(&(
            "https://old.example/posts/b/".into(),
            "b.md".into(),
            "https://new.example/posts/b-renamed/".into()
        )),
        "{records:?}"
    );

    // A new post: `check` says the build would add it and writes nothing...
    site.write("content/d.md", &post("D", "2024-04-01", ""));
    let before = site.read("feedsmith.ids");
    let check = site.run(&["check", "-v"]);
    assert!(check.status.success(), "{}", stderr(&check));
    assert!(
        stdout(&check).contains("feedsmith.ids: would record 1 new post"),
        "{}",
        stdout(&check)
    );
    assert!(
        stderr(&check).contains("d.md would be recorded"),
        "{}",
        stderr(&check)
    );
    assert_eq!(site.read("feedsmith.ids"), before);
    // ... and the build gives it today's id and records it.
    let built = site.run(&["build", "--format", "json"]);
    // Keys in alphabetical order, as the README promises scripts.
    let text = stdout(&built);
    let at = |key: &str| text.find(&format!("\"{key}\":")).unwrap();
    assert!(
        at("added") < at("file") && at("file") < at("followed"),
        "{text}"
    );
    assert!(
        at("ledger") < at("mode") && at("drafts") < at("expired"),
        "{text}"
    );
    assert!(
        at("expired") < at("future") && at("future") < at("unlisted"),
        "{text}"
    );
    let report: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(report["ledger"]["added"], serde_json::json!(["d.md"]));
    assert!(ids(&site).contains(&triple("D", "https://new.example/posts/d/", true)));
    assert!(ledger(&site).contains(&(
        "https://new.example/posts/d/".into(),
        "d.md".into(),
        "https://new.example/posts/d/".into()
    )));
    // An unchanged rebuild changes nothing in it.
    let again = site.build(&["--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&stdout(&again)).unwrap();
    assert_eq!(report["ledger"], serde_json::Value::Null);
}

#[test]
fn drafts_and_scheduled_posts_built_for_a_preview_are_not_recorded() {
    let site = site();
    assert!(site.run(&["ids", "init"]).status.success());
    site.write(
        "content/draft.md",
        &post("Draft", "2024-05-01", "draft: true\n"),
    );
    site.write("content/later.md", &post("Later", "2999-01-01", ""));
    site.build(&["--drafts", "--future"]);
    let sources: Vec<String> = ledger(&site)
        .into_iter()
        .map(|(_, source, _)| source)
        .collect();
    assert_eq!(sources, ["a.md", "b.md", "c.md"]);
}

#[test]
fn a_failed_commit_leaves_the_ledger_and_the_outputs_as_they_were() {
    let site = site();
    assert!(site.run(&["ids", "init"]).status.success());
    site.build(&[]);
    let ledger_before = site.read("feedsmith.ids");
    let outputs_before = site.snapshot_dir("public");
    site.write(
        "config/site.yaml",
        &CONFIG.replace("old.example", "new.example"),
    );
    site.write("content/d.md", &post("D", "2024-04-01", ""));
    let failed = site.run_with_env("", &["build"], &[("FEEDSMITH_FAULT_COMMIT_STEP", "1")]);
    assert!(!failed.status.success(), "the fault hook failed nothing");
    assert!(
        stderr(&failed).contains("injected failure"),
        "{}",
        stderr(&failed)
    );
    assert_eq!(site.read("feedsmith.ids"), ledger_before);
    assert_eq!(site.snapshot_dir("public"), outputs_before);
    let names: Vec<String> = std::fs::read_dir(site.path(""))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|name| name.contains("part")), "{names:?}");
}

#[test]
fn a_bad_ledger_is_an_error_at_its_line_and_a_linked_one_is_refused() {
    let site = site();
    site.write(
        "feedsmith.ids",
        "# ledger\nurn:a\ta.md\thttps://old.example/posts/a/\nurn:b b.md\n",
    );
    let output = site.run(&["build"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("feedsmith.ids:3:1")
            && stderr(&output).contains("`id<TAB>source path<TAB>permalink`"),
        "{}",
        stderr(&output)
    );
    assert!(!site.path("public").exists());
    #[cfg(unix)]
    {
        let outside = tempfile::tempdir().unwrap();
        let planted = outside.path().join("ids");
        std::fs::write(
            &planted,
            "urn:planted\ta.md\thttps://old.example/posts/a/\n",
        )
        .unwrap();
        std::fs::remove_file(site.path("feedsmith.ids")).unwrap();
        std::os::unix::fs::symlink(&planted, site.path("feedsmith.ids")).unwrap();
        let output = site.run(&["build"]);
        assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
        assert!(
            stderr(&output).contains("not a plain file"),
            "{}",
            stderr(&output)
        );
        assert!(!site.path("public").exists());
    }
}

#[test]
fn init_never_replaces_a_ledger_and_asks_about_feeds_published_before() {
    let site = site();
    site.build(&[]);
    // Off a terminal, the feeds found stop it with the two commands to choose from.
    let asked = site.run(&["ids", "init"]);
    assert_eq!(asked.status.code(), Some(1));
    let message = stderr(&asked);
    assert!(
        message.contains("public/feed.xml")
            && message.contains("feedsmith ids init --from public/atom.xml")
            && message.contains("--fresh"),
        "{message}"
    );
    assert!(!site.path("feedsmith.ids").exists());
    let fresh = site.run(&["ids", "init", "--fresh"]);
    assert!(fresh.status.success(), "{}", stderr(&fresh));
    let again = site.run(&["ids", "init", "--from", "public/feed.xml"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stderr(&again).contains("exists already"),
        "{}",
        stderr(&again)
    );
}

/// An RSS feed as WordPress writes it: `?p=` guids, pretty links.
const WORDPRESS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Old</title><link>https://old.example</link><description>d</description>
<item><title>A</title><link>https://old.example/2024/01/a/</link>
<guid isPermaLink="false">https://old.example/?p=101</guid></item>
<item><title>Gone</title><link>https://old.example/2023/12/gone/</link>
<guid isPermaLink="false">https://old.example/?p=99</guid></item>
</channel></rss>"#;

/// An Atom feed as jekyll-feed writes it: the id is the post's URL, `.html` and all.
const JEKYLL_FEED: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><generator uri="https://jekyllrb.com/" version="4.3.3">Jekyll</generator>
<link href="https://old.example/feed.xml" rel="self" type="application/atom+xml"/>
<updated>2024-03-01T00:00:00+00:00</updated><id>https://old.example/feed.xml</id><title>Old</title>
<entry><title type="html">B</title><link href="https://old.example/2024/02/01/b.html" rel="alternate" type="text/html" title="B"/>
<published>2024-02-01T00:00:00+00:00</published><updated>2024-02-01T00:00:00+00:00</updated>
<id>https://old.example/2024/02/01/b</id></entry>
</feed>"#;

/// A Hugo `index.xml`: guid and link both the permalink, under the old base URL.
const HUGO_INDEX: &str = r#"<?xml version="1.0" encoding="utf-8" standalone="yes"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>Old</title>
<link>http://old.example/</link><description>Recent content</description>
<item><title>C</title><link>http://old.example/posts/c/</link><pubDate>Fri, 01 Mar 2024 00:00:00 +0000</pubDate>
<guid>http://old.example/posts/c/</guid><description>C</description></item>
</channel></rss>"#;

#[test]
fn init_from_published_feeds_records_each_item_under_its_post() {
    let site = site();
    site.write("old/wordpress.xml", WORDPRESS);
    site.write("old/jekyll-feed.xml", JEKYLL_FEED);
    site.write("old/index.xml", HUGO_INDEX);
    // A JSON Feed's ids may be any text; Atom's must be URIs, so such an id is left aside.
    site.write("content/d.md", &post("D", "2024-04-01", ""));
    site.write(
        "old/feed.json",
        r#"{"version": "https://jsonfeed.org/version/1.1", "title": "Old", "items": [{"id": "42", "url": "https://old.example/posts/d/", "content_text": "D"}]}"#,
    );
    let init = site.run(&[
        "ids",
        "init",
        "--from",
        "old/wordpress.xml",
        "--from",
        "old/jekyll-feed.xml",
        "--from",
        "old/index.xml",
        "--from",
        "old/feed.json",
    ]);
    assert!(init.status.success(), "{}", stderr(&init));
    let said = stdout(&init);
    for line in [
        "old/wordpress.xml: 1 of 2 items matched a post",
        "old/jekyll-feed.xml: 1 of 1 item matched a post",
        "no post at https://old.example/2023/12/gone/ (from old/wordpress.xml)",
        "4 posts, 3 under the id a published feed gave, 1 under today's",
    ] {
        assert!(said.contains(line), "{line} in {said}");
    }
    assert!(
        stderr(&init).contains("the id `42` must be an absolute URI")
            && stderr(&init).contains("d.md keeps today's"),
        "{}",
        stderr(&init)
    );
    site.build(&[]);
    assert_eq!(
        ids(&site),
        [
            triple("A", "https://old.example/?p=101", false),
            triple("B", "https://old.example/2024/02/01/b", false),
            triple("C", "http://old.example/posts/c/", false),
            triple("D", "https://old.example/posts/d/", true),
        ]
    );
}

#[test]
fn a_staging_build_applies_recorded_ids_and_records_nothing() {
    let site = site();
    assert!(site.run(&["ids", "init"]).status.success());
    let before = site.read("feedsmith.ids");
    site.write("content/d.md", &post("D", "2024-04-01", ""));
    let output = site.build(&["--base-url", "https://staging.example/"]);
    assert!(
        !stdout(&output).contains("feedsmith.ids"),
        "{}",
        stdout(&output)
    );
    assert_eq!(site.read("feedsmith.ids"), before);
    assert_eq!(
        ids(&site),
        [
            triple("A", "https://old.example/posts/a/", false),
            triple("B", "https://old.example/posts/b/", false),
            triple("C", "https://old.example/posts/c/", false),
            triple("D", "https://staging.example/posts/d/", true),
        ]
    );
}
