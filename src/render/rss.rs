//! RSS 2.0, following the RSS Best Practices Profile: `atom:link rel="self"`, full HTML in
//! `content:encoded`, authors in `dc:creator` unless an email is known, media for covers.

use std::io::{self, Write};

use super::xml::Escaped;
use super::xml::XmlWriter;
use super::{GENERATOR, html_escape, podcast, rfc822, terms};
use crate::config::SiteConfig;
use crate::format::FeedFormat;
use crate::person::Person;
use crate::site::{Entry, Feed, FeedFile};

const NAMESPACES: [(&str, &str); 5] = [
    ("version", "2.0"),
    ("xmlns:atom", "http://www.w3.org/2005/Atom"),
    ("xmlns:content", "http://purl.org/rss/1.0/modules/content/"),
    ("xmlns:dc", "http://purl.org/dc/elements/1.1/"),
    ("xmlns:media", "http://search.yahoo.com/mrss/"),
];

/// Writes `feed` as RSS 2.0 to `file`, whose URL is the self link.
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
    let mut root = NAMESPACES.to_vec();
    if archive.is_archive {
        root.push(super::HISTORY_NAMESPACE);
    }
    // Declared on every RSS feed of a podcast: each carries the episodes' tags.
    if config.podcast.is_some() {
        root.extend([podcast::ITUNES_NAMESPACE, podcast::PODCAST_NAMESPACE]);
    }
    xml.open("rss", &root)?;
    xml.open("channel", &[])?;
    xml.text("title", &[], &feed.title)?;
    xml.text("link", &[], feed.home_url.as_str())?;
    // The channel description is plain text (only item descriptions carry HTML).
    xml.text("description", &[], &feed.description)?;
    if let Some(language) = feed.language {
        xml.text("language", &[], language)?;
    }
    if let Some(author) = &config.author
        && let Some(email) = &author.email
    {
        xml.text("managingEditor", &[], &format!("{email} ({})", author.name))?;
    }
    if !feed.entries.is_empty() {
        xml.text("lastBuildDate", &[], &rfc822(&feed.updated))?;
    }
    podcast::write_image(&mut xml, config, &feed.title, feed.home_url.as_str())?;
    xml.empty(
        "atom:link",
        &[
            ("href", self_url.as_str()),
            ("rel", "self"),
            ("type", "application/rss+xml"),
        ],
    )?;
    for hub in &config.websub.hubs {
        xml.empty("atom:link", &[("href", hub.as_str()), ("rel", "hub")])?;
    }
    for (rel, href) in super::archive_links(archive) {
        xml.empty(
            "atom:link",
            &[
                ("href", href.as_str()),
                ("rel", rel),
                ("type", "application/rss+xml"),
            ],
        )?;
    }
    if archive.is_archive {
        xml.empty("fh:archive", &[])?;
    }
    xml.text("generator", &[], GENERATOR)?;
    if let Some(show) = &config.podcast {
        podcast::write_channel(&mut xml, config, show, (self_url.as_str(), feed.podcast))?;
    }
    super::splice_entries(&mut xml, feed, fragments, FeedFormat::Rss)?;
    xml.close("channel")?;
    xml.close("rss")?;
    xml.finish()
}

/// Renders one post's `item` as it appears in every feed: `summary` is the post's
/// description or excerpt, `content` its escaped HTML (absent in summaries-only feeds).
/// On a podcast site (`podcast`), an episode carries its tags and a description within
/// Apple's limit.
pub(crate) fn fragment(
    entry: &Entry,
    (site_author, podcast): (Option<&Person>, bool),
    summary: Option<&str>,
    content: Option<&Escaped>,
) -> io::Result<Vec<u8>> {
    let mut xml = XmlWriter::<Vec<u8>>::fragment(2)?;
    let episode = podcast && entry.enclosure.is_some();
    let summary = match episode {
        true => summary.map(podcast::within_apple_limit),
        false => summary,
    };
    write_item(&mut xml, entry, site_author, summary, content, episode)?;
    Ok(xml.into_bytes())
}

fn write_item<W: Write>(
    xml: &mut XmlWriter<W>,
    entry: &Entry,
    site_author: Option<&Person>,
    summary: Option<&str>,
    content: Option<&Escaped>,
    episode: bool,
) -> io::Result<()> {
    let post = &entry.post;
    xml.open("item", &[])?;
    xml.text("title", &[], &post.title)?;
    xml.text("link", &[], entry.permalink.as_str())?;
    let is_permalink = if entry.id_is_permalink() {
        "true"
    } else {
        "false"
    };
    xml.text("guid", &[("isPermaLink", is_permalink)], entry.id())?;
    xml.text("pubDate", &[], &rfc822(&post.published))?;
    // A `content:encoded` needs a `description` before it (the RSS Best Practices Profile);
    // a post with no prose to excerpt is described by its title.
    match (summary, content) {
        (Some(summary), _) => xml.html("description", &[], &html_escape(summary))?,
        (None, Some(_)) => xml.html("description", &[], &html_escape(&post.title))?,
        (None, None) => {}
    }
    if let Some(html) = content {
        xml.escaped("content:encoded", &[], html)?;
    }
    for term in terms(post) {
        xml.text("category", &[], term)?;
    }
    // RSS allows one `author`, an email address; Dublin Core carries every other name.
    let mut emailed = false;
    // RSS has no feed-level author: a post without its own names the site's.
    let authors = match entry.post.authors.is_empty() {
        true => site_author.map(std::slice::from_ref).unwrap_or_default(),
        false => entry.post.authors.as_slice(),
    };
    for author in authors {
        match &author.email {
            Some(email) if !emailed => {
                emailed = true;
                xml.text("author", &[], &format!("{email} ({})", author.name))?
            }
            _ => xml.text("dc:creator", &[], &author.name)?,
        }
    }
    if let Some((url, media)) = entry.enclosure.as_deref() {
        let length = media.length.to_string();
        xml.empty(
            "enclosure",
            &[
                ("url", url.as_str()),
                ("length", &length),
                ("type", &media.mime_type),
            ],
        )?;
    }
    if let Some(image) = &entry.cover_image {
        let mut attributes = vec![
            ("url", image.as_str().to_string()),
            ("medium", "image".into()),
        ];
        if let Some(media) = &entry.post.cover_media {
            attributes.push(("fileSize", media.length.to_string()));
            attributes.push(("type", media.mime_type.clone()));
            if let Some((width, height)) = media.dimensions {
                attributes.push(("width", width.to_string()));
                attributes.push(("height", height.to_string()));
            }
        }
        let attributes: Vec<(&str, &str)> =
            attributes.iter().map(|(k, v)| (*k, v.as_str())).collect();
        xml.empty("media:content", &attributes)?;
    }
    if episode {
        podcast::write_episode(xml, entry)?;
    }
    xml.close("item")
}
