//! The sitemap (sitemaps.org protocol 0.9): the configured extra pages, then every published
//! post with its last modification date. An empty site lists its home page.

use std::collections::HashSet;
use std::io::{self, Write};

use super::rfc3339;
use super::xml::XmlWriter;
use crate::model::Site;

/// Writes the sitemap of `site`.
pub fn write<W: Write>(site: &Site, out: W) -> io::Result<W> {
    let mut xml = XmlWriter::new(out)?;
    xml.open(
        "urlset",
        &[("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9")],
    )?;
    // A post's own entry carries a lastmod, so an extra URL naming a post is left out.
    let mut seen: HashSet<&str> = site.entries.iter().map(|e| e.permalink.as_str()).collect();
    for url in &site.config.sitemap.extra_urls {
        if seen.insert(url.as_str()) {
            xml.open("url", &[])?;
            xml.text("loc", &[], url.as_str())?;
            xml.close("url")?;
        }
    }
    for entry in &site.entries {
        xml.open("url", &[])?;
        xml.text("loc", &[], entry.permalink.as_str())?;
        xml.text("lastmod", &[], &rfc3339(&entry.modified))?;
        xml.close("url")?;
    }
    // The schema requires at least one `url`; a site with no posts still has a home page.
    if seen.is_empty() {
        xml.open("url", &[])?;
        xml.text("loc", &[], site.config.base_url.as_str())?;
        xml.close("url")?;
    }
    xml.close("urlset")?;
    xml.finish()
}
