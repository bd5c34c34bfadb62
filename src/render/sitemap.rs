//! The sitemap (sitemaps.org protocol 0.9): the configured extra pages, then every published
//! post with its last modification date and, with `sitemap.images`, its cover image and the
//! images of its body (Google's image extension, at most 1,000 per page as it allows). Past 50,000 URLs or 50 MB — the protocol's limits —
//! it is split into numbered sitemaps listed by a sitemap index at the configured path. A
//! site with nothing to list lists its home page (the schema needs one `url`).

use std::collections::HashSet;
use std::io::{self, Write};
use std::ops::Range;

use jiff::ZonedDateTime;
use url::Url;

use super::rfc3339;
use super::xml::{XmlWriter, escape};
use crate::links::UrlBase;
use crate::site::{Entry, Site};

/// Most bytes one sitemap file may hold, uncompressed.
pub(crate) const MAX_BYTES: usize = 50 * 1024 * 1024;
/// Generous bytes per `url` element besides its escaped `loc`: tags, indentation, lastmod.
const URL_OVERHEAD: usize = 128;
/// Most images the image extension takes for one page.
pub(crate) const MAX_IMAGES: usize = 1_000;
/// Generous bytes per `image:image` element besides its escaped `image:loc`.
const IMAGE_OVERHEAD: usize = 64;

const NAMESPACE: (&str, &str) = ("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9");
const XHTML_NAMESPACE: (&str, &str) = ("xmlns:xhtml", "http://www.w3.org/1999/xhtml");
/// Generous bytes per `xhtml:link` element besides its escaped `href`.
const ALTERNATE_OVERHEAD: usize = 96;
const IMAGE_NAMESPACE: (&str, &str) = (
    "xmlns:image",
    "http://www.google.com/schemas/sitemap-image/1.1",
);

/// One URL of the sitemap.
#[derive(Debug, Clone)]
pub(crate) struct SitemapUrl<'a> {
    /// Absolute URL.
    pub(crate) loc: &'a Url,
    /// Last modification, for posts.
    pub(crate) lastmod: Option<&'a ZonedDateTime>,
    /// The page's images, absolute, each once, one per line (an absolute URL holds no line
    /// break): one allocation per page rather than one per image, for a sitemap of a
    /// million pages.
    pub(crate) images: Box<str>,
    /// A translated post's every version, its own included, as (hreflang, URL) in the
    /// config's order of the languages, then `x-default` (the default language's version):
    /// Google's `xhtml:link rel="alternate"`. Empty for a page in one language.
    pub(crate) alternates: Box<[(&'a str, &'a Url)]>,
}

/// One file to write.
#[derive(Debug, Clone)]
pub(crate) enum SitemapFile {
    /// A `urlset` holding `urls[range]`.
    Urls {
        /// Path inside the output folder.
        path: String,
        /// Which URLs.
        range: Range<usize>,
    },
    /// The index of the numbered sitemaps.
    Index {
        /// Path inside the output folder.
        path: String,
        /// The numbered sitemaps: path and range of URLs.
        parts: Vec<(String, Range<usize>)>,
    },
}

/// Every URL of one host, in order: extra pages (those that are not also posts; they are on
/// the site's own host), then posts, each with its images when `sitemap.images` is on
/// (`body_images(position)` gives the [`image_list`] of the entry at `position` whose body
/// shows images; the others list their cover). `host` is the language served on a host of
/// its own whose URLs these are, or `None` for the site's host (`base_url`), which holds
/// every other language's.
pub(crate) fn urls<'a>(
    site: &'a Site,
    host: Option<usize>,
    body_images: &mut dyn FnMut(usize) -> Option<Box<str>>,
) -> Vec<SitemapUrl<'a>> {
    let languages = &site.config.languages.list;
    let host_of = |language: usize| languages[language].own_host.then_some(language);
    // A post's own entry carries a lastmod, so an extra URL naming a post is left out.
    let posts: HashSet<&str> = site.entries.iter().map(|e| e.permalink.as_str()).collect();
    let mut seen = HashSet::new();
    let mut urls: Vec<SitemapUrl<'_>> = site
        .config
        .sitemap
        .extra_urls
        .iter()
        .filter(|_| host.is_none())
        .filter(|url| !posts.contains(url.as_str()) && seen.insert(url.as_str()))
        .map(|loc| SitemapUrl {
            loc,
            lastmod: None,
            images: Box::default(),
            alternates: Box::default(),
        })
        .collect();
    let with_images = site.config.sitemap.images;
    let on_host = site
        .entries
        .iter()
        .filter(|e| e.post.listing.in_sitemap)
        .filter(|e| host_of(e.post.language) == host);
    urls.extend(on_host.map(|e| SitemapUrl {
        loc: &e.permalink,
        lastmod: Some(&e.modified),
        images:
            match with_images {
                true => body_images(e.position).unwrap_or_else(|| {
                    image_list(e, site.config.site_url_of(e.post.language), &[])
                }),
                false => Box::default(),
            },
        alternates: alternates(site, e),
    }));
    if urls.is_empty() {
        urls.push(SitemapUrl {
            loc: host.map_or(&site.config.base_url, |language| {
                &languages[language].root_url
            }),
            lastmod: None,
            images: Box::default(),
            alternates: Box::default(),
        });
    }
    urls
}

/// The (hreflang, URL) of every version of `entry`, its own included, in the config's order
/// of the languages, then `x-default` for the default language's version when there is one.
fn alternates<'a>(site: &'a Site, entry: &'a Entry) -> Box<[(&'a str, &'a Url)]> {
    if entry.translations.is_empty() {
        return Box::default();
    }
    let mut versions: Vec<(usize, &Url)> = entry
        .translations
        .iter()
        .map(|t| (t.language, &t.url))
        .chain([(entry.post.language, &entry.permalink)])
        .collect();
    versions.sort_by_key(|&(language, _)| language);
    let default = versions.first().filter(|(language, _)| *language == 0);
    let names = &site.config.languages.list;
    versions
        .iter()
        .map(|&(language, url)| (names[language].name(), url))
        .chain(default.map(|&(_, url)| ("x-default", url)))
        .collect()
}

/// The images of `entry`'s page: its cover, then those of its body (`body_images`, as
/// written), absolute, each once, at most [`MAX_IMAGES`], one per line. Only web images
/// count: a `data:` URI is not a file a search engine can fetch.
pub(crate) fn image_list(entry: &Entry, base_url: &Url, body_images: &[String]) -> Box<str> {
    let base = UrlBase {
        site: base_url,
        page: &entry.permalink,
        internal: None,
    };
    // An empty source is no image: resolved, it would be the page itself.
    let body = body_images
        .iter()
        .filter(|written| !written.trim().is_empty())
        .filter_map(|written| {
            let absolute = base.resolve(written);
            Url::parse(absolute.as_deref().unwrap_or(written.trim())).ok()
        });
    let cover = entry
        .cover_image
        .iter()
        .filter_map(|url| Url::parse(url).ok());
    let mut seen = HashSet::new();
    let mut list = String::new();
    cover
        .chain(body)
        // Search engines take URLs under 2,048 characters, as the sitemap protocol says.
        .filter(|url| {
            matches!(url.scheme(), "http" | "https")
                && url.host().is_some()
                && url.as_str().len() < 2048
        })
        .filter(|url| seen.insert(url.as_str().to_owned()))
        .take(MAX_IMAGES)
        .for_each(|url| {
            list.push_str(url.as_str());
            list.push('\n');
        });
    list.into_boxed_str()
}

/// Splits `urls` into files of at most `max_urls` URLs and [`MAX_BYTES`] bytes each; one
/// file needs no index.
pub(crate) fn plan(path: &str, urls: &[SitemapUrl<'_>], max_urls: usize) -> Vec<SitemapFile> {
    let mut ranges = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for (i, url) in urls.iter().enumerate() {
        let size = escape(url.loc.as_str(), false).len()
            + URL_OVERHEAD
            + url
                .images
                .lines()
                .map(|image| escape(image, false).len() + IMAGE_OVERHEAD)
                .sum::<usize>()
            + url
                .alternates
                .iter()
                .map(|(_, href)| escape(href.as_str(), false).len() + ALTERNATE_OVERHEAD)
                .sum::<usize>();
        if i > start && (i - start == max_urls || bytes + size > MAX_BYTES - 1024) {
            ranges.push(start..i);
            (start, bytes) = (i, 0);
        }
        bytes += size;
    }
    ranges.push(start..urls.len());
    if ranges.len() == 1 {
        return vec![SitemapFile::Urls {
            path: path.to_string(),
            range: 0..urls.len(),
        }];
    }
    let (stem, extension) = match path.rfind('.') {
        Some(dot) if !path[dot..].contains('/') => (&path[..dot], &path[dot..]),
        _ => (path, ""),
    };
    let parts: Vec<(String, Range<usize>)> = ranges
        .into_iter()
        .enumerate()
        .map(|(n, range)| (format!("{stem}-{}{extension}", n + 1), range))
        .collect();
    let mut files: Vec<SitemapFile> = parts
        .iter()
        .map(|(path, range)| SitemapFile::Urls {
            path: path.clone(),
            range: range.clone(),
        })
        .collect();
    files.push(SitemapFile::Index {
        path: path.to_string(),
        parts,
    });
    files
}

/// Writes a `urlset` of `urls`.
pub(crate) fn write_urls<W: Write>(urls: &[SitemapUrl<'_>], out: W) -> io::Result<W> {
    let mut xml = XmlWriter::new(out)?;
    // The image namespace is declared where it is used, so a sitemap without images is
    // plain sitemaps.org.
    let mut namespaces = vec![NAMESPACE];
    if urls.iter().any(|url| !url.images.is_empty()) {
        namespaces.push(IMAGE_NAMESPACE);
    }
    if urls.iter().any(|url| !url.alternates.is_empty()) {
        namespaces.push(XHTML_NAMESPACE);
    }
    xml.open("urlset", &namespaces)?;
    for url in urls {
        xml.open("url", &[])?;
        xml.text("loc", &[], url.loc.as_str())?;
        if let Some(lastmod) = url.lastmod {
            xml.text("lastmod", &[], &rfc3339(lastmod))?;
        }
        for (hreflang, href) in &url.alternates {
            xml.empty(
                "xhtml:link",
                &[
                    ("rel", "alternate"),
                    ("hreflang", hreflang),
                    ("href", href.as_str()),
                ],
            )?;
        }
        for image in url.images.lines() {
            xml.open("image:image", &[])?;
            xml.text("image:loc", &[], image)?;
            xml.close("image:image")?;
        }
        xml.close("url")?;
    }
    xml.close("urlset")?;
    xml.finish()
}

/// Writes a sitemap index; each part's `lastmod` is the newest of its URLs.
pub(crate) fn write_index<W: Write>(parts: &[(Url, &[SitemapUrl<'_>])], out: W) -> io::Result<W> {
    let mut xml = XmlWriter::new(out)?;
    xml.open("sitemapindex", &[NAMESPACE])?;
    for (loc, urls) in parts {
        xml.open("sitemap", &[])?;
        xml.text("loc", &[], loc.as_str())?;
        if let Some(newest) = urls
            .iter()
            .filter_map(|u| u.lastmod)
            .max_by_key(|d| d.timestamp())
        {
            xml.text("lastmod", &[], &rfc3339(newest))?;
        }
        xml.close("sitemap")?;
    }
    xml.close("sitemapindex")?;
    xml.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_by_count_and_names_parts_after_the_index() {
        let base = Url::parse("https://e.com/").unwrap();
        let urls: Vec<SitemapUrl<'_>> = (0..5)
            .map(|_| SitemapUrl {
                loc: &base,
                lastmod: None,
                images: Box::default(),
                alternates: Box::default(),
            })
            .collect();
        let files = plan("maps/sitemap.xml", &urls, 2);
        let names: Vec<String> = files
            .iter()
            .map(|f| match f {
                SitemapFile::Urls { path, range } => format!("{path} {range:?}"),
                SitemapFile::Index { path, parts } => format!("{path} index of {}", parts.len()),
            })
            .collect();
        assert_eq!(
            names,
            [
                "maps/sitemap-1.xml 0..2",
                "maps/sitemap-2.xml 2..4",
                "maps/sitemap-3.xml 4..5",
                "maps/sitemap.xml index of 3"
            ]
        );
        assert!(matches!(
            &plan("sitemap.xml", &urls, 5)[..],
            [SitemapFile::Urls { .. }]
        ));
    }

    #[test]
    fn splits_by_size() {
        let long = Url::parse(&format!("https://e.com/{}", "a".repeat(1_000_000))).unwrap();
        let urls: Vec<SitemapUrl<'_>> = (0..120)
            .map(|_| SitemapUrl {
                loc: &long,
                lastmod: None,
                images: Box::default(),
                alternates: Box::default(),
            })
            .collect();
        let files = plan(
            "sitemap.xml",
            &urls,
            crate::config::defaults::SITEMAP_MAX_URLS,
        );
        assert_eq!(files.len(), 4, "three parts of at most 50 MB and an index");
    }
}
