//! JSON Feed 1.1 (<https://jsonfeed.org/version/1.1>) through typed structs and `serde_json`.

use std::io::{self, Write};

use serde::Serialize;
use url::Url;

use super::{rfc3339, terms};
use crate::config::SiteConfig;
use crate::model::{Entry, Feed, Person};
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
    items: Items<'a>,
}

/// The items, serialized one at a time as the writer goes, each reading its content from the
/// store just then: a feed of every post never holds every post's HTML in memory.
struct Items<'a> {
    config: &'a SiteConfig,
    feed: &'a Feed<'a>,
}

impl Serialize for Items<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error, SerializeSeq};
        let mut seq = serializer.serialize_seq(Some(self.feed.entries.len()))?;
        for entry in &self.feed.entries {
            let html = match (&entry.content, self.config.feeds.full_content) {
                (Some(content), true) => {
                    Some(self.feed.content.html(content).map_err(S::Error::custom)?)
                }
                _ => None,
            };
            seq.serialize_element(&item(entry, html.as_deref()))?;
        }
        seq.end()
    }
}

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
    date_published: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_modified: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    authors: Vec<JsonAuthor<'a>>,
}

/// Writes `feed` as JSON Feed 1.1; `feed_url` is where this file is served.
pub fn write<'a, W: Write>(
    config: &'a SiteConfig,
    feed: &'a Feed<'a>,
    feed_url: &Url,
    mut out: W,
) -> io::Result<W> {
    let title = clean(&feed.title);
    let description = clean(&feed.description);
    let document = JsonFeed {
        version: "https://jsonfeed.org/version/1.1",
        title: &title,
        home_page_url: feed.home_url.as_str(),
        feed_url: feed_url.as_str(),
        description: &description,
        language: config.language.as_deref(),
        authors: config.author.iter().map(author).collect(),
        items: Items { config, feed },
    };
    serde_json::to_writer_pretty(&mut out, &document)?;
    out.write_all(b"\n")?;
    Ok(out)
}

fn author(person: &Person) -> JsonAuthor<'_> {
    JsonAuthor {
        name: &person.name,
        url: person.url.as_deref(),
    }
}

fn item<'a>(entry: &'a Entry, content_html: Option<&'a str>) -> JsonItem<'a> {
    let post = &entry.post;
    JsonItem {
        id: &entry.id,
        url: entry.permalink.as_str(),
        title: &post.title,
        content_html,
        content_text: match content_html {
            Some(_) => None,
            None => Some(entry.summary.as_deref().unwrap_or(&post.title)),
        },
        summary: entry.summary.as_deref(),
        image: entry.cover_image.as_ref().map(Url::as_str),
        date_published: rfc3339(&post.published),
        date_modified: post.updated.as_ref().map(|_| rfc3339(&entry.modified)),
        tags: terms(post),
        authors: post.author.iter().map(author).collect(),
    }
}
