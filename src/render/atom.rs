//! Atom 1.0 (RFC 4287). The feed id is its own URL; entries carry full HTML with `xml:base`
//! (for readers that honour it) on top of URLs that are already absolute.

use std::io::{self, Write};

use super::xml::Escaped;
use super::xml::XmlWriter;
use super::{GENERATOR, html_escape, rfc3339, terms};
use crate::config::{Languages, SiteConfig};
use crate::format::FeedFormat;
use crate::person::Person;
use crate::site::{Entry, Feed, FeedFile};

/// Writes `feed` as Atom 1.0 to `file`: its URL is the self link, and the feed's id (an
/// archive page's id is its subscription feed's: RFC 5005 pages are one logical feed).
pub(crate) fn write<W: Write>(
    config: &SiteConfig,
    feed: &Feed<'_>,
    file: &FeedFile,
    fragments: &dyn super::Fragments,
    out: W,
) -> io::Result<W> {
    let self_url = &file.url;
    let archive = &file.archive;
    let mut xml = XmlWriter::new(out)?;
    let mut root = vec![
        ("xmlns", "http://www.w3.org/2005/Atom"),
        ("xmlns:media", "http://search.yahoo.com/mrss/"),
    ];
    if archive.is_archive {
        root.push(super::HISTORY_NAMESPACE);
    }
    if let Some(language) = feed.language {
        root.push(("xml:lang", language));
    }
    xml.open("feed", &root)?;
    xml.text(
        "id",
        &[],
        archive.current.as_ref().unwrap_or(self_url).as_str(),
    )?;
    text_construct(&mut xml, "title", &feed.title)?;
    text_construct(&mut xml, "subtitle", &feed.description)?;
    xml.text("updated", &[], &rfc3339(&feed.updated))?;
    xml.empty(
        "link",
        &[
            ("rel", "self"),
            ("type", "application/atom+xml"),
            ("href", self_url.as_str()),
        ],
    )?;
    xml.empty(
        "link",
        &[
            ("rel", "alternate"),
            ("type", "text/html"),
            ("href", feed.home_url.as_str()),
        ],
    )?;
    // Atom requires an author on the feed or on every entry; the site title stands in
    // when the config names none.
    let fallback = Person {
        name: config.title.clone(),
        email: None,
        url: Some(config.base_url.to_string()),
    };
    write_person(
        &mut xml,
        "author",
        config.author.as_ref().unwrap_or(&fallback),
    )?;
    for hub in &config.websub.hubs {
        xml.empty("link", &[("rel", "hub"), ("href", hub.as_str())])?;
    }
    for (rel, href) in super::archive_links(archive) {
        xml.empty(
            "link",
            &[
                ("rel", rel),
                ("type", "application/atom+xml"),
                ("href", href.as_str()),
            ],
        )?;
    }
    if archive.is_archive {
        xml.empty("fh:archive", &[])?;
    }
    xml.text("generator", &[], GENERATOR)?;
    if let Some(icon) = &config.icon {
        xml.text("icon", &[], icon.url.as_str())?;
    }
    if let Some(logo) = &config.logo {
        xml.text("logo", &[], logo.url.as_str())?;
    }
    super::splice_entries(&mut xml, feed, fragments, FeedFormat::Atom)?;
    xml.close("feed")?;
    xml.finish()
}

/// Renders one post's `entry` as it appears in every feed: `summary` is the post's
/// description or excerpt, `content` its escaped HTML (absent in summaries-only feeds);
/// `languages` the site's, which name the post's translations.
pub(crate) fn fragment(
    entry: &Entry,
    languages: &Languages,
    summary: Option<&str>,
    content: Option<&Escaped>,
) -> io::Result<Vec<u8>> {
    let mut xml = XmlWriter::<Vec<u8>>::fragment(1)?;
    write_entry(&mut xml, entry, languages, summary, content)?;
    Ok(xml.into_bytes())
}

fn write_entry<W: Write>(
    xml: &mut XmlWriter<W>,
    entry: &Entry,
    languages: &Languages,
    summary: Option<&str>,
    content: Option<&Escaped>,
) -> io::Result<()> {
    let post = &entry.post;
    xml.open("entry", &[])?;
    xml.text("id", &[], entry.id())?;
    text_construct(xml, "title", &post.title)?;
    xml.text("published", &[], &rfc3339(&post.published))?;
    xml.text("updated", &[], &rfc3339(&entry.modified))?;
    // The post's own link comes first and last (RFC 4287 allows one `alternate` per type
    // and language: the first without `hreflang`, the last with its own), so readers that take
    // the first link and those that take the last (feedparser) both open this version; the
    // translations, each with its `hreflang`, sit between.
    xml.empty(
        "link",
        &[
            ("rel", "alternate"),
            ("type", "text/html"),
            ("href", entry.permalink.as_str()),
        ],
    )?;
    if !entry.translations.is_empty() {
        let own = (entry.post.language, &entry.permalink);
        let versions = entry.translations.iter().map(|t| (t.language, &t.url));
        for (language, href) in versions.chain([own]) {
            let (hreflang, href) = (languages.list[language].name(), href.as_str());
            xml.empty(
                "link",
                &[
                    ("rel", "alternate"),
                    ("type", "text/html"),
                    ("hreflang", hreflang),
                    ("href", href),
                ],
            )?;
        }
    }
    if let Some(summary) = summary {
        text_construct(xml, "summary", summary)?;
    }
    if let Some(html) = content {
        xml.escaped(
            "content",
            &[("type", "html"), ("xml:base", entry.permalink.as_str())],
            html,
        )?;
    }
    for term in terms(post) {
        xml.empty("category", &[("term", term)])?;
    }
    for author in &post.authors {
        write_person(xml, "author", author)?;
    }
    if let Some((url, media)) = entry.enclosure.as_deref() {
        let length = media.length.to_string();
        xml.empty(
            "link",
            &[
                ("rel", "enclosure"),
                ("type", &media.mime_type),
                ("length", &length),
                ("href", url.as_str()),
            ],
        )?;
    }
    if let Some(image) = &entry.cover_image {
        let size = post
            .cover_media
            .as_ref()
            .and_then(|media| media.dimensions)
            .map(|(width, height)| (width.to_string(), height.to_string()));
        match &size {
            Some((width, height)) => xml.empty(
                "media:thumbnail",
                &[
                    ("url", image.as_str()),
                    ("width", width),
                    ("height", height),
                ],
            )?,
            None => xml.empty("media:thumbnail", &[("url", image.as_str())])?,
        }
    }
    xml.close("entry")
}

/// Writes plain `text` as an Atom text construct. Text that looks like markup (a post titled
/// "Why `<script>` tags block rendering") is written as `type="html"`, escaped once more, so a
/// reader shows the same words and validators do not take it for undeclared HTML.
fn text_construct<W: Write>(xml: &mut XmlWriter<W>, element: &str, text: &str) -> io::Result<()> {
    match looks_like_markup(text) {
        true => xml.text(element, &[("type", "html")], &html_escape(text)),
        false => xml.text(element, &[("type", "text")], text),
    }
}

/// Whether `text` holds something a reader could take for a tag: `<` before a letter, `/`,
/// `!` or `?`.
fn looks_like_markup(text: &str) -> bool {
    text.match_indices('<').any(|(at, _)| {
        text[at + 1..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, '/' | '!' | '?'))
    })
}

fn write_person<W: Write>(
    xml: &mut XmlWriter<W>,
    element: &str,
    person: &Person,
) -> io::Result<()> {
    xml.open(element, &[])?;
    xml.text("name", &[], &person.name)?;
    if let Some(email) = &person.email {
        xml.text("email", &[], email)?;
    }
    if let Some(url) = &person.url {
        xml.text("uri", &[], url)?;
    }
    xml.close(element)
}
