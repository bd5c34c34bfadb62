//! What a build writes: every output file with its path, its kind and the posts it needs —
//! the main, tag and category feeds in each format (and their archive pages), the sitemap
//! (split past the protocol's limits), the OPML list, and the feeds page with its `<head>`
//! snippet. When each is written is the schedule's business
//! ([`crate::pipeline::schedule`]); how each looks is its renderer's ([`crate::render`]). A new kind of
//! output is one more [`OutputKind`] and its renderer.

use std::io::{self, Write};
use std::ops::Range;
use std::path::Path;

use crate::config::SiteConfig;
use crate::error::{Diagnostic, Error};
use crate::output_path::{Clash, OnePerFile};
use crate::render;
use crate::render::sitemap::{self, SitemapFile, SitemapUrl};
use crate::site::{Entry, FeedFile, FeedGroup, FeedScope, Site};
use crate::taxonomy::TaxonomyKind;

/// One file to write.
#[derive(Debug)]
pub(crate) struct PlannedOutput<'a> {
    /// Path inside the output folder.
    pub(crate) path: String,
    /// What it is.
    pub(crate) kind: OutputKind<'a>,
}

/// The kinds of output.
#[derive(Debug)]
pub(crate) enum OutputKind<'a> {
    /// One feed in one format.
    Feed(&'a FeedGroup<'a>, &'a FeedFile),
    /// The OPML list of every feed.
    Opml,
    /// The HTML page listing every feed for people.
    FeedsPage,
    /// The `<link rel="alternate">` tags for the site's `<head>`.
    FeedsHead,
    /// A sitemap `urlset` of the site's URLs in this range.
    SitemapUrls(Range<usize>),
    /// A sitemap index of the parts named, each with its range of URLs, on the host of the
    /// language given (`None`: the site's own, `base_url`).
    SitemapIndex(Vec<(String, Range<usize>)>, Option<usize>),
}

impl OutputKind<'_> {
    /// What the output holds, for messages: "the main feed", "the feed of tag \"rust\"".
    pub(crate) fn describe(&self) -> String {
        match self {
            OutputKind::Feed(group, _) => {
                let mut feed = match group.scope {
                    FeedScope::Site => "the main feed".to_string(),
                    FeedScope::Term(kind, term) => {
                        format!("the feed of {} \"{}\"", kind.noun(), term.name)
                    }
                    FeedScope::Section(section) => {
                        format!("the feed of section `{}`", section.path)
                    }
                    FeedScope::Custom(custom) => format!("the custom feed `{}`", custom.name),
                };
                if let Some(language) = group.feed.language.filter(|_| group.language > 0) {
                    feed.push_str(&format!(" in `{language}`"));
                }
                match group.archive_page {
                    Some(page) => format!("archive page {page} of {feed}"),
                    None => feed,
                }
            }
            OutputKind::Opml => "the OPML list of feeds".into(),
            OutputKind::FeedsPage => "the feeds page".into(),
            OutputKind::FeedsHead => "the feed links for the site's <head>".into(),
            OutputKind::SitemapUrls(_) | OutputKind::SitemapIndex(..) => "the sitemap".into(),
        }
    }

    /// Where the config decides this output's path (line, column), the most specific first:
    /// its file's name, its folder, its language's prefix. Empty when each is a default.
    pub(crate) fn defined_at(&self, config: &SiteConfig) -> Vec<(u64, u64)> {
        let (file, folder, language) = match self {
            OutputKind::Feed(group, file) => {
                let (files, folder) = match group.scope {
                    FeedScope::Site => (&config.feeds.files, None),
                    FeedScope::Term(TaxonomyKind::Tag, _) => {
                        (&config.tag_feeds.files, config.tag_feeds.folder_at)
                    }
                    FeedScope::Term(TaxonomyKind::Category, _) => (
                        &config.category_feeds.files,
                        config.category_feeds.folder_at,
                    ),
                    FeedScope::Term(TaxonomyKind::Author, _) => {
                        (&config.author_feeds.files, config.author_feeds.folder_at)
                    }
                    FeedScope::Section(_) => {
                        (&config.section_feeds.files, config.section_feeds.folder_at)
                    }
                    FeedScope::Custom(custom) => (&custom.files, Some(custom.folder_at)),
                };
                let language = config
                    .languages
                    .list
                    .get(group.language)
                    .and_then(|language| language.at);
                (files[file.format].at, folder, language)
            }
            OutputKind::Opml => (config.opml.at, None, None),
            OutputKind::FeedsPage => (config.feeds_page.at, None, None),
            OutputKind::FeedsHead => (config.feeds_head.at, None, None),
            OutputKind::SitemapUrls(_) | OutputKind::SitemapIndex(..) => {
                (config.sitemap.output.at, None, None)
            }
        };
        [file, folder, language].into_iter().flatten().collect()
    }

    /// The entries whose rendered content this output holds; it can be written once they
    /// are all rendered. The sitemap and the OPML list need none.
    pub(crate) fn posts(&self) -> &[&Entry] {
        match self {
            OutputKind::Feed(group, _) => &group.feed.entries,
            OutputKind::Opml
            | OutputKind::FeedsPage
            | OutputKind::FeedsHead
            | OutputKind::SitemapUrls(_)
            | OutputKind::SitemapIndex(..) => &[],
        }
    }
}

/// Every output of a build.
#[derive(Debug)]
pub(crate) struct Plan<'a> {
    /// The site.
    pub(crate) site: &'a Site,
    /// Its feeds.
    pub(crate) groups: &'a [FeedGroup<'a>],
    /// Every file to write: the feeds (main, then each tag's and category's, each in its
    /// enabled formats), the OPML list, the feeds page and its head snippet, and once
    /// [`Plan::plan_sitemap`] has run, the sitemap files.
    pub(crate) outputs: Vec<PlannedOutput<'a>>,
    /// The URLs the sitemap lists, which its files share.
    sitemap_urls: Vec<SitemapUrl<'a>>,
}

impl<'a> Plan<'a> {
    /// The plan for `site`, whose feeds are `groups` (from [`Site::feed_groups`]).
    pub(crate) fn new(site: &'a Site, groups: &'a [FeedGroup<'a>]) -> Plan<'a> {
        let config = &site.config;
        let mut outputs: Vec<PlannedOutput<'a>> = groups
            .iter()
            .flat_map(|group| {
                group.files.iter().map(move |file| PlannedOutput {
                    path: file.path.clone(),
                    kind: OutputKind::Feed(group, file),
                })
            })
            .collect();
        if config.opml.enabled {
            outputs.push(PlannedOutput {
                path: config.opml.file.clone(),
                kind: OutputKind::Opml,
            });
        }
        for (output, kind) in [
            (&config.feeds_page, OutputKind::FeedsPage),
            (&config.feeds_head, OutputKind::FeedsHead),
        ] {
            if output.enabled {
                outputs.push(PlannedOutput {
                    path: output.file.clone(),
                    kind,
                });
            }
        }
        Plan {
            site,
            groups,
            outputs,
            sitemap_urls: Vec::new(),
        }
    }

    /// The sitemap's files, planned once the body stage has found each post's images
    /// (`body_images(position)`, as written): how many files it takes depends on their size.
    /// Added to [`Plan::outputs`], after the others; their indexes are returned.
    pub(crate) fn plan_sitemap(
        &mut self,
        body_images: &mut dyn FnMut(usize) -> Option<Box<str>>,
    ) -> Range<usize> {
        let config = &self.site.config;
        let start = self.outputs.len();
        if !config.sitemap.output.enabled {
            return start..start;
        }
        // A sitemap lists the URLs of one host: the site's, and one for each language
        // served on a host of its own, written into that language's folder.
        let languages = &config.languages.list;
        let hosts = std::iter::once(None).chain(
            (0..languages.len())
                .filter(|&language| languages[language].own_host)
                .map(Some),
        );
        for host in hosts {
            let first = self.sitemap_urls.len();
            self.sitemap_urls
                .extend(sitemap::urls(self.site, host, body_images));
            let path = match host {
                None => config.sitemap.output.file.clone(),
                Some(language) => {
                    format!(
                        "{}{}",
                        languages[language].folder, config.sitemap.output.file
                    )
                }
            };
            let shifted = |range: Range<usize>| range.start + first..range.end + first;
            let files = sitemap::plan(&path, &self.sitemap_urls[first..], config.sitemap.max_urls);
            self.outputs.extend(files.into_iter().map(|file| {
                match file {
                    SitemapFile::Urls { path, range } => PlannedOutput {
                        path,
                        kind: OutputKind::SitemapUrls(shifted(range)),
                    },
                    SitemapFile::Index { path, parts } => PlannedOutput {
                        path,
                        kind: OutputKind::SitemapIndex(
                            parts
                                .into_iter()
                                .map(|(part, range)| (part, shifted(range)))
                                .collect(),
                            host,
                        ),
                    },
                }
            }));
        }
        start..self.outputs.len()
    }

    /// Refuses two of `self.outputs[range]` (or one of them and one `seen` before) that a
    /// common file system would take for one file, or whose folders differ only in case or
    /// Unicode form: the error names both outputs and where the config (`config_file`)
    /// decides their paths. Every output's path is in its one spelling already (the config
    /// normalises what it names).
    pub(crate) fn check_one_file_each(
        &self,
        range: Range<usize>,
        seen: &mut OnePerFile<usize>,
        config_file: &Path,
    ) -> Result<(), Error> {
        let config = &self.site.config;
        for index in range {
            let output = &self.outputs[index];
            let Err(clash) = seen.insert(&output.path, index) else {
                continue;
            };
            const ONE_THERE: &str =
                "and case-insensitive file systems (macOS, Windows, much hosting) make them one";
            let (other_path, other, how) = match clash {
                Clash::SameFile(path, other) if path == output.path => {
                    (path, other, "are one file".to_string())
                }
                Clash::SameFile(path, other) => (
                    path,
                    other,
                    format!("differ only in case or Unicode form, {ONE_THERE} file"),
                ),
                Clash::FileAndFolder(path, other) => (
                    path,
                    other,
                    "need one name as a file and as a folder".to_string(),
                ),
                Clash::FolderSpelling(path, other) => (
                    path,
                    other,
                    format!("are in one folder spelled two ways, {ONE_THERE}"),
                ),
            };
            let other = &self.outputs[other];
            let mine = output.kind.defined_at(config);
            let theirs = other.kind.defined_at(config);
            let named = |path: &str, kind: &OutputKind<'_>, at: &[(u64, u64)]| {
                let place = match at.first() {
                    Some((line, column)) => format!("config line {line}, column {column}"),
                    None => "a default path".to_string(),
                };
                format!("`{path}` ({}, {place})", kind.describe())
            };
            let message = format!(
                "two outputs {how}: {} and {}",
                named(&output.path, &output.kind, &mine),
                named(&other_path, &other.kind, &theirs),
            );
            let diagnostic = match mine.first().or(theirs.first()) {
                Some(&(line, column)) => Diagnostic::at(config_file, line, column, message),
                None => Diagnostic::file(config_file, message),
            };
            return Err(Error::Config(vec![diagnostic.with_help(
                "give one of them another folder or file name in the config",
            )]));
        }
        Ok(())
    }

    /// Renders `output`, one of this plan's, to `out`. Its posts must be rendered.
    pub(crate) fn render(
        &self,
        output: &PlannedOutput<'_>,
        posts: &dyn render::Fragments,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let config = &self.site.config;
        match &output.kind {
            OutputKind::Feed(group, file) => {
                render::write_feed(config, &group.feed, file, posts, out).map(drop)
            }
            OutputKind::Opml => render::opml::write(self.site, self.groups, out).map(drop),
            OutputKind::FeedsPage => {
                render::feeds_page::write_page(self.site, self.groups, out).map(drop)
            }
            OutputKind::FeedsHead => {
                render::feeds_page::write_head(self.site, self.groups, out).map(drop)
            }
            OutputKind::SitemapUrls(range) => {
                sitemap::write_urls(&self.sitemap_urls[range.clone()], out).map(drop)
            }
            OutputKind::SitemapIndex(parts, host) => {
                let url_of = |part: &str| match host {
                    Some(language) => {
                        let language = &config.languages.list[*language];
                        language.url_of(part.strip_prefix(&language.folder).unwrap_or(part))
                    }
                    None => config.output_url(part),
                };
                let parts: Vec<_> = parts
                    .iter()
                    .map(|(part, range)| (url_of(part), &self.sitemap_urls[range.clone()]))
                    .collect();
                sitemap::write_index(&parts, out).map(drop)
            }
        }
    }
}
