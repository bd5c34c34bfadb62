//! One module per output format: a [`Feed`](crate::model::Feed) or the
//! [`Site`](crate::model::Site) in, bytes out to any writer. They never read the clock or a
//! post file; the entries' rendered fragments come from the content store, which keeps them
//! in memory up to a budget and in its own scratch file past it (see [`crate::store`]).

pub mod atom;
pub mod jsonfeed;
pub mod opml;
pub mod rss;
pub mod sitemap;
pub mod xml;

use jiff::ZonedDateTime;

/// The generator name written into feeds.
pub const GENERATOR: &str = "feedsmith";

/// Splices each entry's stored fragment (`pick` chooses the format's) into a feed.
fn splice_entries<W: std::io::Write>(
    xml: &mut xml::XmlWriter<W>,
    feed: &crate::model::Feed<'_>,
    format: crate::format::FeedFormat,
) -> std::io::Result<()> {
    let spans = stored_spans(feed, format)?;
    feed.content.copy(spans, xml.inner_mut())
}

/// Where each of a feed's entries is in the content store, in `format`. A feed is written
/// only once all its posts are rendered; one that is not is an error, never a feed that
/// silently lacks the post.
fn stored_spans(
    feed: &crate::model::Feed<'_>,
    format: crate::format::FeedFormat,
) -> std::io::Result<Vec<crate::store::Span>> {
    feed.entries
        .iter()
        .map(|entry| match entry.stored.get() {
            Some(stored) => Ok(stored[format]),
            None => Err(std::io::Error::other(format!(
                "{} is not rendered yet",
                entry.post.source_path.display()
            ))),
        })
        .collect()
}

/// RFC 822 date as RSS wants it: `Thu, 31 Oct 2024 00:00:00 +0000`.
pub fn rfc822(date: &ZonedDateTime) -> String {
    date.strftime("%a, %d %b %Y %H:%M:%S %z").to_string()
}

/// RFC 3339 date with the offset: `2024-10-31T00:00:00+00:00`.
pub fn rfc3339(date: &ZonedDateTime) -> String {
    date.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
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

/// Escapes plain text for use as HTML (RSS `description` is HTML).
pub fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::tz::TimeZone;

    #[test]
    fn formats_dates_with_their_offset() {
        let berlin = TimeZone::get("Europe/Berlin").unwrap();
        let date = crate::source::parse_post_date("2024-07-04T09:30", &berlin).unwrap();
        assert_eq!(rfc822(&date), "Thu, 04 Jul 2024 09:30:00 +0200");
        assert_eq!(rfc3339(&date), "2024-07-04T09:30:00+02:00");
    }
}
