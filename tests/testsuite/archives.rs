//! RFC 5005 archived feeds: with `archives` on, every feed (main, tag, category) keeps its
//! history in archive pages of `page_size` posts counted from the oldest. Walking
//! `prev-archive` from the subscription feed (JSON Feed: `next_url`) yields every post once,
//! each page carries `fh:archive` and its `current`/`prev-archive`/`next-archive` links, and
//! a full page never changes when new posts arrive.

use std::collections::BTreeMap;

use quick_xml::events::Event;

use crate::schemas::validate_outputs;
use crate::support::{Site, assert_expected_outputs, stderr};

const BASE: &str = "https://archive.example/";

fn built() -> Site {
    let site = Site::fixture("archives");
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    site
}

/// The feed-level links of an RSS or Atom document (`rel` → `href`), outside its entries,
/// and whether it carries `fh:archive`.
fn feed_links(xml: &str) -> (BTreeMap<String, String>, bool) {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut links = BTreeMap::new();
    let mut archive = false;
    let mut in_entry = 0;
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) if matches!(e.name().as_ref(), "entry" | "item") => in_entry += 1,
            Event::End(e) if matches!(e.name().as_ref(), "entry" | "item") => in_entry -= 1,
            Event::Empty(e) if in_entry == 0 => match e.name().as_ref() {
                "link" | "atom:link" => {
                    let attribute = |name: &str| {
                        e.try_get_attribute(name)
                            .unwrap()
                            .map(|a| a.normalized_value(Default::default()).unwrap().into_owned())
                    };
                    if let (Some(rel), Some(href)) = (attribute("rel"), attribute("href")) {
                        assert!(links.insert(rel.clone(), href).is_none(), "two {rel} links");
                    }
                }
                "fh:archive" => archive = true,
                _ => {}
            },
            Event::Eof => return (links, archive),
            _ => {}
        }
    }
}

fn local(url: &str) -> String {
    format!(
        "public/{}",
        url.strip_prefix(BASE)
            .unwrap_or_else(|| panic!("{url} is not on the site"))
    )
}

/// Walks `prev-archive` from the subscription feed at `path`, checking each page's links on
/// the way; returns the entry ids of every document, newest document first.
pub(crate) fn walk_xml(site: &Site, path: &str) -> Vec<Vec<String>> {
    let subscription_url = format!("{BASE}{}", path.strip_prefix("public/").unwrap());
    let mut documents = Vec::new();
    let mut at = path.to_string();
    // The archive page walked from: the next newer one, which `next-archive` names.
    let mut newer_page: Option<String> = None;
    loop {
        let xml = site.read(&at);
        let (links, is_archive) = feed_links(&xml);
        let url = format!("{BASE}{}", at.strip_prefix("public/").unwrap());
        assert_eq!(links.get("self"), Some(&url), "{at}: self link");
        if documents.is_empty() {
            assert!(!is_archive, "{at}: the subscription feed is no archive");
            assert!(!links.contains_key("current"), "{at}");
        } else {
            assert!(is_archive, "{at}: fh:archive");
            assert_eq!(links.get("current"), Some(&subscription_url), "{at}");
            let next = links.get("next-archive").expect("next-archive");
            match &newer_page {
                Some(newer) => assert_eq!(next, newer, "{at}"),
                // The newest page names the page to come, not written yet: its bytes then
                // never change.
                None => {
                    let number = |url: &str| -> usize {
                        let rest = &url[url.rfind("/archive/").unwrap() + 9..];
                        rest[..rest.find('/').unwrap()].parse().unwrap()
                    };
                    assert_eq!(number(next), number(&url) + 1, "{at}");
                    assert!(!site.path(&local(next)).exists(), "{next} is written");
                }
            }
            newer_page = Some(url);
        }
        let feed = feed_rs::parser::parse(xml.as_bytes()).unwrap();
        documents.push(feed.entries.into_iter().map(|e| e.id).collect());
        match links.get("prev-archive") {
            Some(older) => at = local(older),
            None => return documents,
        }
    }
}

/// Walks `next_url` from the JSON feed at `path`; the entry ids of every document.
pub(crate) fn walk_json(site: &Site, path: &str) -> Vec<Vec<String>> {
    let mut documents = Vec::new();
    let mut at = path.to_string();
    let subscription_url = format!("{BASE}{}", path.strip_prefix("public/").unwrap());
    loop {
        let feed: serde_json::Value = serde_json::from_str(&site.read(&at)).unwrap();
        assert_eq!(feed["feed_url"], subscription_url.as_str(), "{at}");
        documents.push(
            feed["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|item| item["id"].as_str().unwrap().to_string())
                .collect(),
        );
        match feed["next_url"].as_str() {
            Some(older) => at = local(older),
            None => return documents,
        }
    }
}

/// The permalinks of posts `numbers`, as ids.
pub(crate) fn ids(numbers: impl IntoIterator<Item = u32>) -> Vec<String> {
    numbers
        .into_iter()
        .map(|n| format!("{BASE}blog/post-{n}/"))
        .collect()
}

#[test]
fn walking_the_archive_yields_every_post_once() {
    let site = built();
    // 9 posts, limit 3, pages of 2: pages 1–3 hold posts 1–6, the subscription feed 9–7.
    let expected = vec![ids([9, 8, 7]), ids([6, 5]), ids([4, 3]), ids([2, 1])];
    assert_eq!(walk_xml(&site, "public/atom.xml"), expected);
    assert_eq!(walk_xml(&site, "public/feed.xml"), expected);
    assert_eq!(walk_json(&site, "public/feed.json"), expected);
    // Tag rust: posts 1, 2, 4, 5, 7, 8; limit 2 → pages [1,2] [4,5], subscription [8,7].
    let rust = vec![ids([8, 7]), ids([5, 4]), ids([2, 1])];
    assert_eq!(walk_xml(&site, "public/tags/rust/atom.xml"), rust);
    assert_eq!(walk_xml(&site, "public/tags/rust/feed.xml"), rust);
    assert_eq!(walk_json(&site, "public/tags/rust/feed.json"), rust);
    // Category notes: posts 3, 5, 8; limit 2 → (3 − 2) / 2 = 0 pages: no archive yet.
    assert_eq!(
        walk_xml(&site, "public/categories/notes/atom.xml"),
        vec![ids([8, 5, 3])]
    );
    // Category code: 1, 2, 4, 6, 7, 9 → pages [1,2] [4,6], subscription [9,7].
    assert_eq!(
        walk_json(&site, "public/categories/code/feed.json"),
        vec![ids([9, 7]), ids([6, 4]), ids([2, 1])]
    );
}

#[test]
fn archive_pages_are_valid_and_match_the_expected_outputs() {
    let site = built();
    assert_expected_outputs(&site, "public", "archives");
    validate_outputs(
        &site,
        "public",
        &[
            "atom.xml",
            "archive/1/atom.xml",
            "archive/3/atom.xml",
            "tags/rust/archive/2/atom.xml",
        ],
        &["sitemap.xml"],
        &["feed.json", "archive/1/feed.json", "archive/3/feed.json"],
    );
    // Atom ids: the archive pages are one logical feed with the subscription feed.
    let page = feed_rs::parser::parse(site.read("public/archive/2/atom.xml").as_bytes()).unwrap();
    assert_eq!(page.id, format!("{BASE}atom.xml"));
    // Archive pages are parts of their feeds, not feeds of their own to subscribe to.
    let opml = site.read("public/feeds.opml");
    assert!(!opml.contains("archive/"), "{opml}");
}

#[test]
fn full_pages_never_change_when_posts_arrive() {
    let site = built();
    let pages = |site: &Site| -> BTreeMap<String, Vec<u8>> {
        site.snapshot_dir("public")
            .into_iter()
            .filter(|(name, _)| name.contains("archive/"))
            .collect()
    };
    let before = pages(&site);
    // Three formats each: main 3 pages, tag rust 2, tag web 1, category code 2.
    assert_eq!(before.len(), (3 + 2 + 1 + 2) * 3);
    for n in 10..=12 {
        site.write(
            &format!("content/post-{n}.md"),
            &format!(
                "---\ntitle: \"Post {n}\"\ndate: 2024-{n}-15\ndescription: d\ntags: [rust]\ncategory: code\n---\nNew.\n"
            ),
        );
    }
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let after = pages(&site);
    for (name, bytes) in &before {
        assert_eq!(after.get(name), Some(bytes), "{name} changed");
    }
    // 12 posts, limit 3: four full pages now; the new one holds posts 7 and 8.
    assert!(after.contains_key("archive/4/atom.xml"));
    assert_eq!(
        walk_xml(&site, "public/atom.xml"),
        vec![
            ids([12, 11, 10, 9]),
            ids([8, 7]),
            ids([6, 5]),
            ids([4, 3]),
            ids([2, 1])
        ]
    );
}

#[test]
fn page_size_must_be_at_least_one() {
    let site = Site::fixture("archives");
    let config = site
        .read("config/site.yaml")
        .replace("page_size: 2", "page_size: 0");
    site.write("config/site.yaml", &config);
    let output = site.run(&["build"]);
    assert_eq!(output.status.code(), Some(1));
    let error = stderr(&output);
    assert!(
        error.contains("site.yaml:14:") && error.contains("page_size must be at least 1"),
        "{error}"
    );
}
