//! The feed directory: an OPML 2.0 subscription list of every feed written, grouped into the
//! site's own feeds, tags and categories, so a reader can import all of them at once.

use std::io::{self, Write};

use super::rfc822;
use super::xml::XmlWriter;
use crate::format::FeedFormat;
use crate::site::{FeedGroup, Site, feeds_in_section};
use crate::taxonomy::TaxonomyKind;

/// Writes the OPML list of `groups`.
pub fn write<W: Write>(site: &Site, groups: &[FeedGroup<'_>], out: W) -> io::Result<W> {
    let config = &site.config;
    let mut xml = XmlWriter::new(out)?;
    xml.open("opml", &[("version", "2.0")])?;
    xml.open("head", &[])?;
    xml.text("title", &[], &format!("{} — feeds", config.title))?;
    if let Some(main) = groups.first()
        && !main.feed.entries.is_empty()
    {
        xml.text("dateModified", &[], &rfc822(&main.feed.updated))?;
    }
    if let Some(author) = &config.author {
        xml.text("ownerName", &[], &author.name)?;
        if let Some(email) = &author.email {
            xml.text("ownerEmail", &[], email)?;
        }
    }
    xml.close("head")?;
    xml.open("body", &[])?;
    let sections = [
        (config.title.as_str(), None),
        ("Tags", Some(TaxonomyKind::Tag)),
        ("Categories", Some(TaxonomyKind::Category)),
    ];
    for (heading, kind) in sections {
        let members = feeds_in_section(groups, kind);
        if members.is_empty() {
            continue;
        }
        xml.open("outline", &[("text", heading), ("title", heading)])?;
        for group in members {
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
                if let Some(language) = &config.language {
                    attributes.push(("language", language));
                }
                xml.empty("outline", &attributes)?;
            }
        }
        xml.close("outline")?;
    }
    xml.close("body")?;
    xml.close("opml")?;
    xml.finish()
}
