//! JSON Feed 1.1 (<https://jsonfeed.org/version/1.1>) through typed structs and `serde_json`.

use std::io::{self, Write};

use serde::Serialize;
use url::Url;

use super::{rfc3339, terms};
use crate::config::SiteConfig;
use crate::format::FeedFormat;
use crate::person::Person;
use crate::site::{Entry, Feed, FeedFile};
use crate::text::clean;

#[derive(Serialize)]
struct JsonFeed<'a> {
    version: &'static str,
    title: &'a str,
    home_page_url: &'a str,
    feed_url: &'a str,
    description: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    authors: Vec<JsonAuthor<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    hubs: Vec<JsonHub<'a>>,
    /// The next older archive page (RFC 5005 archives as JSON Feed pagination).
    #[serde(skip_serializing_if = "Option::is_none")]
    next_url: Option<&'a str>,
}

/// An enclosure, as JSON Feed 1.1 lists one.
#[derive(Serialize)]
struct JsonAttachment<'a> {
    url: &'a str,
    mime_type: &'a str,
    size_in_bytes: u64,
}

/// A WebSub hub, as JSON Feed 1.1 lists one.
#[derive(Serialize)]
struct JsonHub<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    url: &'a str,
}

/// Wraps one item as it sits in a feed (`{"items": [item]}`), so its pretty-printed
/// indentation is exactly that of the feed it is spliced into.
#[derive(Serialize)]
struct ItemInFeed<'a> {
    items: [JsonItem<'a>; 1],
}

const ITEM_PREFIX: &str = "{\n  \"items\": [\n";
const ITEM_SUFFIX: &str = "\n  ]\n}";

#[derive(Serialize)]
struct JsonAuthor<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonItem<'a> {
    id: &'a str,
    url: &'a str,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    content_html: Option<&'a str>,
    /// JSON Feed requires content; summaries-only feeds carry the summary as text.
    #[serde(skip_serializing_if = "Option::is_none")]
    content_text: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    attachments: Vec<JsonAttachment<'a>>,
    date_published: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_modified: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    authors: Vec<JsonAuthor<'a>>,
}

/// Writes `feed` as JSON Feed 1.1 to `file`. `feed_url` names the feed: the subscription
/// feed's URL, on its archive pages too (they are pages of that feed), which chain to older
/// pages by `next_url`. The items are the posts' stored fragments, copied in: the same bytes
/// `serde_json` would print.
pub fn write<W: Write>(
    config: &SiteConfig,
    feed: &Feed<'_>,
    file: &FeedFile,
    fragments: &dyn super::Fragments,
    mut out: W,
) -> io::Result<W> {
    let feed_url = file.archive.current.as_ref().unwrap_or(&file.url);
    let title = clean(&feed.title);
    let description = clean(&feed.description);
    let document = JsonFeed {
        version: "https://jsonfeed.org/version/1.1",
        title: &title,
        home_page_url: feed.home_url.as_str(),
        feed_url: feed_url.as_str(),
        description: &description,
        language: feed.language,
        authors: config.author.iter().map(author).collect(),
        hubs: config
            .websub
            .hubs
            .iter()
            .map(|hub| JsonHub {
                kind: "WebSub",
                url: hub.as_str(),
            })
            .collect(),
        next_url: file.archive.prev_archive.as_ref().map(Url::as_str),
    };
    let head = serde_json::to_vec_pretty(&document)?;
    // `{ …fields… }` without its closing brace; the items follow.
    out.write_all(head.strip_suffix(b"\n}").expect("a pretty-printed object"))?;
    out.write_all(b",\n  \"items\": [")?;
    match feed.entries.is_empty() {
        true => out.write_all(b"]\n}\n")?,
        false => {
            out.write_all(b"\n")?;
            fragments.copy(
                &feed.entries,
                &feed.summarized,
                FeedFormat::Json,
                ITEM_SEPARATOR.len(),
                &mut out,
            )?;
            out.write_all(b"\n  ]\n}\n")?;
        }
    }
    Ok(out)
}

/// What comes before every item but the first. Stored items start with it, so the items of
/// consecutive posts sit back to back in the store, as they do in a feed.
const ITEM_SEPARATOR: &str = ",\n";

/// Renders one post's item as it appears in every JSON feed, after its separator (`,` and a
/// newline, which the first item of a feed goes without); `content_html` is absent in
/// summaries-only feeds, where `content_text` carries the summary.
pub fn fragment(
    entry: &Entry,
    summary: Option<&str>,
    content_html: Option<&str>,
) -> io::Result<Vec<u8>> {
    let wrapped = serde_json::to_string_pretty(&ItemInFeed {
        items: [item(entry, summary, content_html)],
    })?;
    let item = wrapped
        .strip_prefix(ITEM_PREFIX)
        .and_then(|rest| rest.strip_suffix(ITEM_SUFFIX))
        .expect("serde_json's pretty printer frames a one-item array this way");
    Ok([ITEM_SEPARATOR.as_bytes(), item.as_bytes()].concat())
}

fn author(person: &Person) -> JsonAuthor<'_> {
    JsonAuthor {
        name: &person.name,
        url: person.url.as_deref(),
    }
}

fn item<'a>(
    entry: &'a Entry,
    summary: Option<&'a str>,
    content_html: Option<&'a str>,
) -> JsonItem<'a> {
    let post = &entry.post;
    JsonItem {
        id: entry.id(),
        url: entry.permalink.as_str(),
        title: &post.title,
        content_html,
        content_text: match content_html {
            Some(_) => None,
            None => Some(summary.unwrap_or(&post.title)),
        },
        summary,
        image: entry.cover_image.as_deref(),
        attachments: entry
            .enclosure
            .iter()
            .map(|enclosure| (&enclosure.0, &enclosure.1))
            .map(|(url, media)| JsonAttachment {
                url: url.as_str(),
                mime_type: &media.mime_type,
                size_in_bytes: media.length,
            })
            .collect(),
        date_published: rfc3339(&post.published),
        date_modified: post.updated.as_ref().map(|_| rfc3339(&entry.modified)),
        tags: terms(post),
        authors: post.authors.iter().map(author).collect(),
    }
}
