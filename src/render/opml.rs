//! The feed directory: an OPML 2.0 subscription list of every feed written, grouped into the
//! site's own feeds, tags and categories (each language's, on a site in several), so a
//! reader can import all of them at once.

use std::io::{self, Write};

use super::rfc822;
use super::xml::XmlWriter;
use crate::format::FeedFormat;
use crate::site::{FeedGroup, FeedKind, FeedScope, Site, feeds_in_section};
use crate::taxonomy::TaxonomyKind;

/// One `outline` per file of `group`'s feed.
fn write_outlines<W: Write>(xml: &mut XmlWriter<W>, group: &FeedGroup<'_>) -> io::Result<()> {
    for file in &group.files {
        let text = format!("{} ({})", group.feed.title, file.format.label());
        let mut attributes = vec![
            ("type", "rss"),
            ("text", text.as_str()),
            ("title", text.as_str()),
            ("xmlUrl", file.url.as_str()),
            ("htmlUrl", group.feed.home_url.as_str()),
            ("description", group.feed.description.as_str()),
        ];
        if file.format == FeedFormat::Rss {
            attributes.push(("version", "RSS2"));
        }
        if let Some(language) = group.feed.language {
            attributes.push(("language", language));
        }
        xml.empty("outline", &attributes)?;
    }
    Ok(())
}

/// Writes the OPML list of `groups`, grouped by language (when the site has several), then
/// as the site's own feeds, tags and categories.
pub(crate) fn write<W: Write>(site: &Site, groups: &[FeedGroup<'_>], out: W) -> io::Result<W> {
    let config = &site.config;
    let mut xml = XmlWriter::new(out)?;
    xml.open("opml", &[("version", "2.0")])?;
    xml.open("head", &[])?;
    xml.text("title", &[], &format!("{} — feeds", config.title))?;
    // The newest of the main feeds (one per language).
    let newest = groups
        .iter()
        .filter(|group| group.is_subscription() && group.scope == FeedScope::Site)
        .filter(|group| !group.feed.entries.is_empty())
        .map(|group| &group.feed.updated)
        .max_by_key(|updated| updated.timestamp());
    if let Some(updated) = newest {
        xml.text("dateModified", &[], &rfc822(updated))?;
    }
    if let Some(author) = &config.author {
        xml.text("ownerName", &[], &author.name)?;
        if let Some(email) = &author.email {
            xml.text("ownerEmail", &[], email)?;
        }
    }
    xml.close("head")?;
    xml.open("body", &[])?;
    let languages = &config.languages;
    for (language, lang) in languages.list.iter().enumerate() {
        // A site in several languages names each language's sections.
        let named = |heading: &str| match languages.several() {
            true => format!("{heading} ({})", lang.name()),
            false => heading.to_owned(),
        };
        let sections = [
            (named(&lang.title), FeedKind::Site),
            (named("Sections"), FeedKind::Section),
            (named("Tags"), FeedKind::Term(TaxonomyKind::Tag)),
            (named("Categories"), FeedKind::Term(TaxonomyKind::Category)),
            (named("Authors"), FeedKind::Term(TaxonomyKind::Author)),
            (named("Selected posts"), FeedKind::Custom),
        ];
        for (heading, kind) in sections {
            let members = feeds_in_section(groups, language, kind);
            if members.is_empty() {
                continue;
            }
            xml.open("outline", &[("text", &heading), ("title", &heading)])?;
            for group in members {
                write_outlines(&mut xml, group)?;
            }
            xml.close("outline")?;
        }
    }
    xml.close("body")?;
    xml.close("opml")?;
    xml.finish()
}
