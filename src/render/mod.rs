//! One module per output format: a [`Feed`](crate::site::Feed) or the
//! [`Site`](crate::site::Site) in, bytes out to any writer. They never read the clock or a
//! post file; the entries' rendered fragments come from the content store, which keeps them
//! in memory up to a budget and in its own scratch file past it (see [`crate::build::store`]).

pub mod atom;
pub mod feeds_page;
pub mod jsonfeed;
pub mod opml;
pub mod rss;
pub mod sitemap;
pub mod xml;

pub use crate::dates::{rfc822, rfc3339};
pub use crate::text::html_escape;

/// The generator name written into feeds.
pub const GENERATOR: &str = "feedsmith";

/// RFC 5005's namespace, for `fh:archive` on archive pages.
const HISTORY_NAMESPACE: (&str, &str) = ("xmlns:fh", "http://purl.org/syndication/history/1.0");

/// A feed file's RFC 5005 links, as `(rel, href)` in the order written.
fn archive_links(links: &crate::site::ArchiveLinks) -> Vec<(&'static str, &url::Url)> {
    [
        ("current", links.current.as_ref()),
        ("prev-archive", links.prev_archive.as_ref()),
        ("next-archive", links.next_archive.as_ref()),
    ]
    .into_iter()
    .filter_map(|(rel, href)| Some((rel, href?)))
    .collect()
}

/// Writes `feed` to `file` in the file's format.
pub fn write_feed<W: std::io::Write>(
    config: &crate::config::SiteConfig,
    feed: &crate::site::Feed<'_>,
    file: &crate::site::FeedFile,
    out: W,
) -> std::io::Result<W> {
    match file.format {
        crate::format::FeedFormat::Rss => rss::write(config, feed, file, out),
        crate::format::FeedFormat::Atom => atom::write(config, feed, file, out),
        crate::format::FeedFormat::Json => jsonfeed::write(config, feed, file, out),
    }
}

/// Splices each entry's stored fragment (`pick` chooses the format's) into a feed.
fn splice_entries<W: std::io::Write>(
    xml: &mut xml::XmlWriter<W>,
    feed: &crate::site::Feed<'_>,
    format: crate::format::FeedFormat,
) -> std::io::Result<()> {
    let spans = stored_spans(feed, format)?;
    feed.content.copy(spans, xml.inner_mut())
}

/// Where each of a feed's entries is in the content store, in `format`. A feed is written
/// only once all its posts are rendered; one that is not is an error, never a feed that
/// silently lacks the post.
fn stored_spans(
    feed: &crate::site::Feed<'_>,
    format: crate::format::FeedFormat,
) -> std::io::Result<Vec<crate::build::store::Span>> {
    feed.entries
        .iter()
        .map(|entry| match entry.stored.get() {
            Some(stored) => Ok(match feed.summarized.contains(&entry.position) {
                true => stored.summary.unwrap_or(stored.full)[format],
                false => stored.full[format],
            }),
            None => Err(std::io::Error::other(format!(
                "{} is not rendered yet",
                entry.post.source_path.display()
            ))),
        })
        .collect()
}

/// Tags, then the category if it is not already a tag: the terms a post is filed under.
pub fn terms(post: &crate::source::Post) -> Vec<&str> {
    let mut terms: Vec<&str> = post.tags.iter().map(String::as_str).collect();
    for category in &post.categories {
        if !terms.contains(&category.as_str()) {
            terms.push(category);
        }
    }
    terms
}
