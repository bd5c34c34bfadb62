//! Reading the feeds a site published before feedsmith (RSS 0.9x–2.0, RSS 1.0, Atom, JSON
//! Feed, through `feed-rs`): for each item, the id readers know it by and the link to its
//! page. Finding such feeds in the site's output folders, for `ids init` to offer.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Error};

/// The most of a feed file read: a feed is text, a feed of 64 MB is not one.
const MAX_FEED_BYTES: u64 = 64 << 20;

/// One item of a published feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PublishedItem {
    /// The id readers know it by: RSS `guid`, Atom `id`, JSON Feed `id`; for an RSS item
    /// without a guid, its link, which readers then go by.
    pub(crate) id: String,
    /// The page it links to (RSS `link`, Atom's alternate `link`, JSON Feed `url`).
    pub(crate) link: Option<String>,
}

/// The items of the feed file at `path`, in its order.
pub(crate) fn read_items(path: &Path) -> Result<Vec<PublishedItem>, Error> {
    let file = fs::File::open(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let mut bytes = Vec::new();
    file.take(MAX_FEED_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
    if bytes.len() as u64 > MAX_FEED_BYTES {
        return Err(not_a_feed(path, "is over 64 MB, more than any feed"));
    }
    // An item without an id is known to readers by its link: the id is the link, and the
    // parser is told so rather than left to make up a hash.
    let parser = feed_rs::parser::Builder::new()
        .id_generator(|links, _, _| {
            page_link(links)
                .map(|link| link.href.clone())
                .unwrap_or_default()
        })
        .build();
    let feed = parser
        .parse(bytes.as_slice())
        .map_err(|err| not_a_feed(path, &format!("is not an RSS, Atom or JSON feed: {err}")))?;
    Ok(feed
        .entries
        .into_iter()
        .filter(|entry| !entry.id.is_empty())
        .map(|entry| PublishedItem {
            link: page_link(&entry.links).map(|link| link.href.trim().to_string()),
            id: entry.id,
        })
        .collect())
}

/// The link to an item's page: its alternate link (Atom's default relation), else none.
fn page_link(links: &[feed_rs::model::Link]) -> Option<&feed_rs::model::Link> {
    links
        .iter()
        .find(|link| link.rel.as_deref().is_none_or(|rel| rel == "alternate"))
}

fn not_a_feed(path: &Path, why: &str) -> Error {
    Error::Config(vec![Diagnostic::file(path, why)])
}

/// The folders a blogging tool writes its site to: Hugo and Zola `public`, Jekyll and
/// Eleventy `_site`, Astro `dist`, Next.js `out`, others `build`.
const OUTPUT_FOLDERS: [&str; 5] = ["public", "_site", "dist", "out", "build"];

/// The names those tools give their feeds.
const FEED_NAMES: [&str; 6] = [
    "index.xml",
    "feed.xml",
    "atom.xml",
    "rss.xml",
    "feed.json",
    "index.json",
];

/// Feeds an earlier build of the site left in its output folders (`output_dir` and the
/// usual ones of each tool, inside `site_root`): their root and one folder down, plain files
/// only, each checked to start as a feed. Sorted, so the first is the same on every run.
pub(crate) fn found_feeds(site_root: &Path, output_dir: &Path) -> Vec<PathBuf> {
    let mut folders: Vec<PathBuf> = OUTPUT_FOLDERS
        .iter()
        .map(|name| crate::config::in_site(site_root, Path::new(name)))
        .collect();
    folders.push(output_dir.to_path_buf());
    folders.sort();
    folders.dedup();
    let mut found = Vec::new();
    for folder in folders.iter().filter(|folder| is_plain_dir(folder)) {
        let mut look_in = vec![folder.clone()];
        if let Ok(children) = fs::read_dir(folder) {
            look_in.extend(
                children
                    .flatten()
                    .map(|child| child.path())
                    .filter(|child| is_plain_dir(child)),
            );
        }
        for dir in look_in {
            for name in FEED_NAMES {
                let path = dir.join(name);
                if is_plain_file(&path) && starts_as_feed(&path) {
                    found.push(path);
                }
            }
        }
    }
    found.sort();
    found
}

fn is_plain_dir(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|meta| meta.is_dir())
}

fn is_plain_file(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|meta| meta.is_file())
}

/// Whether the file's first kilobyte opens an RSS, Atom or JSON feed.
fn starts_as_feed(path: &Path) -> bool {
    let mut head = Vec::new();
    let read = fs::File::open(path).and_then(|file| file.take(1024).read_to_end(&mut head));
    if read.is_err() {
        return false;
    }
    let head = String::from_utf8_lossy(&head);
    ["<rss", "<feed", "<rdf:RDF", "jsonfeed.org/version"]
        .iter()
        .any(|mark| head.contains(mark))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_give_their_ids_and_links_in_every_format() {
        let dir = tempfile::tempdir().unwrap();
        let rss = dir.path().join("rss.xml");
        fs::write(
            &rss,
            r#"<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>https://x.example/</link><description>d</description>
<item><title>A</title><link>https://x.example/a/</link><guid isPermaLink="false">https://x.example/?p=12</guid></item>
<item><title>B</title><link>https://x.example/b/</link></item>
</channel></rss>"#,
        )
        .unwrap();
        let items = read_items(&rss).unwrap();
        assert_eq!(
            items,
            [
                PublishedItem {
                    id: "https://x.example/?p=12".into(),
                    link: Some("https://x.example/a/".into())
                },
                PublishedItem {
                    id: "https://x.example/b/".into(),
                    link: Some("https://x.example/b/".into())
                },
            ]
        );
        let atom = dir.path().join("atom.xml");
        fs::write(
            &atom,
            r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>urn:x</id><updated>2020-01-01T00:00:00Z</updated>
<entry><id>tag:x.example,2020:a</id><title>A</title><updated>2020-01-01T00:00:00Z</updated><link rel="replies" href="https://x.example/a/#comments"/><link href="https://x.example/a.html"/></entry></feed>"#,
        )
        .unwrap();
        assert_eq!(
            read_items(&atom).unwrap(),
            [PublishedItem {
                id: "tag:x.example,2020:a".into(),
                link: Some("https://x.example/a.html".into())
            }]
        );
        let json = dir.path().join("feed.json");
        fs::write(
            &json,
            r#"{"version":"https://jsonfeed.org/version/1.1","title":"t","items":[{"id":"42","url":"https://x.example/c/","content_text":"c"}]}"#,
        )
        .unwrap();
        assert_eq!(
            read_items(&json).unwrap(),
            [PublishedItem {
                id: "42".into(),
                link: Some("https://x.example/c/".into())
            }]
        );
        let html = dir.path().join("index.html");
        fs::write(&html, "<html><body>not a feed</body></html>").unwrap();
        let err = read_items(&html).unwrap_err().to_string();
        assert!(
            err.contains("index.html") && err.contains("not an RSS, Atom or JSON feed"),
            "{err}"
        );
    }

    #[test]
    fn feeds_are_found_in_the_tools_output_folders_one_level_down() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for (path, text) in [
            (
                "public/index.xml",
                "<?xml version=\"1.0\"?><rss version=\"2.0\">",
            ),
            ("public/posts/index.xml", "<rss version=\"2.0\">"),
            ("public/posts/deep/index.xml", "<rss version=\"2.0\">"),
            (
                "_site/feed.xml",
                "<feed xmlns=\"http://www.w3.org/2005/Atom\">",
            ),
            ("_site/index.json", "{\"pages\": []}"),
            ("src/feed.xml", "<rss>"),
        ] {
            let path = root.join(path);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
        let found: Vec<String> = found_feeds(root, &root.join("public"))
            .iter()
            .map(|path| path.strip_prefix(root).unwrap().display().to_string())
            .collect();
        assert_eq!(
            found,
            [
                "_site/feed.xml",
                "public/index.xml",
                "public/posts/index.xml"
            ]
        );
    }
}
