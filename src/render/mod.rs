//! One module per output format: a [`Feed`](crate::site::Feed) or the
//! [`Site`](crate::site::Site) in, bytes out to any writer. They never read the clock or a
//! post file; the entries' rendered fragments come from the build, through [`Fragments`].

pub(crate) mod atom;
pub(crate) mod feeds_page;
pub(crate) mod jsonfeed;
pub(crate) mod opml;
pub(crate) mod podcast;
pub(crate) mod rss;
pub(crate) mod sitemap;
pub(crate) mod xml;

pub(crate) use crate::dates::{rfc822, rfc3339};
pub(crate) use crate::text::html_escape;

/// The generator name written into feeds.
pub(crate) const GENERATOR: &str = "feedsmith";

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

/// The posts' rendered fragments, as the build keeps them: a feed is its header and its
/// entries' fragments copied in. Render reads them through this and nothing else, so it
/// never knows where they are kept.
pub(crate) trait Fragments {
    /// Writes the fragments of `entries` in `format`, one after another, to `out`: those
    /// whose position is in `summarized` with their summary only, the first without its
    /// first `skip_first` bytes (a separator the first item goes without). An entry not
    /// rendered yet is an error, never a feed that silently lacks the post.
    fn copy(
        &self,
        entries: &[&crate::site::Entry],
        summarized: &std::collections::BTreeSet<usize>,
        format: crate::format::FeedFormat,
        skip_first: usize,
        out: &mut dyn std::io::Write,
    ) -> std::io::Result<()>;
}

/// Writes `feed` to `file` in the file's format, its entries from `fragments`.
pub(crate) fn write_feed<W: std::io::Write>(
    config: &crate::config::SiteConfig,
    feed: &crate::site::Feed<'_>,
    file: &crate::site::FeedFile,
    fragments: &dyn Fragments,
    out: W,
) -> std::io::Result<W> {
    match file.format {
        crate::format::FeedFormat::Rss => rss::write(config, feed, file, fragments, out),
        crate::format::FeedFormat::Atom => atom::write(config, feed, file, fragments, out),
        crate::format::FeedFormat::Json => jsonfeed::write(config, feed, file, fragments, out),
    }
}

/// Splices each entry's fragment in `format` into a feed.
fn splice_entries<W: std::io::Write>(
    xml: &mut xml::XmlWriter<W>,
    feed: &crate::site::Feed<'_>,
    fragments: &dyn Fragments,
    format: crate::format::FeedFormat,
) -> std::io::Result<()> {
    fragments.copy(&feed.entries, &feed.summarized, format, 0, xml.inner_mut())
}

/// Tags, then the categories that are not already tags: the terms a post is filed under,
/// each once as the tag feeds count them (`Rust`, `rust` and `RUST` are one, written as
/// first spelled).
pub(crate) fn terms(post: &crate::source::Post) -> Vec<&str> {
    /// Up to this many terms, each is compared with those kept (no identity is made for a
    /// plain ASCII name); past it, identities are made once and looked up, so a post with
    /// thousands of tags costs their number, not its square.
    const COMPARED: usize = 16;
    let all = post.tags.iter().chain(&post.categories);
    let mut terms: Vec<&str> = Vec::with_capacity(post.tags.len() + post.categories.len());
    if post.tags.len() + post.categories.len() <= COMPARED {
        for term in all {
            if !terms
                .iter()
                .any(|kept| crate::taxonomy::same_identity(kept, term))
            {
                terms.push(term);
            }
        }
    } else {
        let mut seen = std::collections::HashSet::new();
        terms.extend(
            all.filter(|term| seen.insert(crate::taxonomy::identity(term)))
                .map(String::as_str),
        );
    }
    terms
}
