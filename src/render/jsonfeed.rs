//! JSON Feed 1.1 (<https://jsonfeed.org/version/1.1>) through typed structs and `serde_json`,
//! every string written through [`PublishedText`], which drops what no output may carry.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::{CharEscape, Formatter, PrettyFormatter};
use url::Url;

use super::{rfc3339, terms};
use crate::config::SiteConfig;
use crate::format::FeedFormat;
use crate::person::Person;
use crate::site::{Entry, Feed, FeedFile};
use crate::text::clean;

/// serde_json's pretty printer, dropping from every string (key or value, whichever field
/// holds it) each character [`crate::text::is_publishable`] refuses: the controls it would
/// write as `\u0001`, DEL, the C1 controls, U+FFFE and U+FFFF. The XML writer drops the
/// same characters ([`super::xml::escape`]), so what one format leaves out no other carries.
struct PublishedText<'a>(PrettyFormatter<'a>);

impl Formatter for PublishedText<'_> {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        writer.write_all(clean(fragment).as_bytes())
    }

    fn write_char_escape<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        char_escape: CharEscape,
    ) -> io::Result<()> {
        match char_escape {
            // Backspace, form feed and the other C0 controls: not publishable.
            CharEscape::AsciiControl(_) | CharEscape::Backspace | CharEscape::FormFeed => Ok(()),
            kept => self.0.write_char_escape(writer, kept),
        }
    }

    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_array(writer)
    }

    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array(writer)
    }

    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_array_value(writer, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array_value(writer)
    }

    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object(writer)
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object(writer)
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_object_key(writer, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object_value(writer)
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object_value(writer)
    }
}

/// `value` pretty-printed as serde_json prints it, through [`PublishedText`].
fn to_published_json<T: Serialize>(value: &T) -> io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(1024);
    let mut serializer =
        serde_json::Serializer::with_formatter(&mut out, PublishedText(PrettyFormatter::new()));
    value.serialize(&mut serializer)?;
    Ok(out)
}

#[derive(Serialize)]
struct JsonFeed<'a> {
    version: &'static str,
    title: &'a str,
    home_page_url: &'a str,
    feed_url: &'a str,
    description: &'a str,
    /// The square icon, for a timeline (JSON Feed's `icon`) and beside the feed's name in a
    /// list (`favicon`): one image, which readers scale.
    #[serde(skip_serializing_if = "Option::is_none")]
    icon: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    favicon: Option<&'a str>,
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
    /// The playing time of audio or video, read from the file (or an episode's
    /// `duration:`).
    #[serde(skip_serializing_if = "Option::is_none")]
    duration_in_seconds: Option<u64>,
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
pub(crate) fn write<W: Write>(
    config: &SiteConfig,
    feed: &Feed<'_>,
    file: &FeedFile,
    fragments: &dyn super::Fragments,
    mut out: W,
) -> io::Result<W> {
    let feed_url = file.archive.current.as_ref().unwrap_or(&file.url);
    let document = JsonFeed {
        version: "https://jsonfeed.org/version/1.1",
        title: &feed.title,
        home_page_url: feed.home_url.as_str(),
        feed_url: feed_url.as_str(),
        description: &feed.description,
        icon: config.icon.as_ref().map(|icon| icon.url.as_str()),
        favicon: config.icon.as_ref().map(|icon| icon.url.as_str()),
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
    let head = to_published_json(&document)?;
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
pub(crate) fn fragment(
    entry: &Entry,
    summary: Option<&str>,
    content_html: Option<&str>,
) -> io::Result<Vec<u8>> {
    let wrapped = to_published_json(&ItemInFeed {
        items: [item(entry, summary, content_html)],
    })?;
    let wrapped = String::from_utf8(wrapped).expect("serde_json writes UTF-8");
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
                duration_in_seconds: media
                    .duration
                    .or_else(|| post.episode.as_ref().and_then(|episode| episode.duration)),
            })
            .collect(),
        date_published: rfc3339(&post.published),
        date_modified: post.updated.as_ref().map(|_| rfc3339(&entry.modified)),
        tags: terms(post),
        authors: post.authors.iter().map(author).collect(),
    }
}
