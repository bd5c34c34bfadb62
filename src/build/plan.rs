//! What a build writes: every output file with its path, its kind and the posts it needs —
//! the main, tag and category feeds in each format (and their archive pages), the sitemap
//! (split past the protocol's limits), the OPML list, and the feeds page with its `<head>`
//! snippet. When each is written is the schedule's business
//! ([`crate::build::schedule`]); how each looks is its renderer's ([`crate::render`]). A new kind of
//! output is one more [`OutputKind`] and its renderer.

use std::io::{self, Write};
use std::ops::Range;

use crate::render;
use crate::render::sitemap::{self, SitemapFile, SitemapUrl};
use crate::site::{Entry, FeedFile, FeedGroup, FeedScope, Site};

/// One file to write.
#[derive(Debug)]
pub(crate) struct PlannedOutput<'a> {
    /// Path inside the output folder.
    pub path: String,
    /// What it is.
    pub kind: OutputKind<'a>,
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
    /// A sitemap index of the parts named, each with its range of URLs.
    SitemapIndex(Vec<(String, Range<usize>)>),
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
            OutputKind::SitemapUrls(_) | OutputKind::SitemapIndex(_) => "the sitemap".into(),
        }
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
            | OutputKind::SitemapIndex(_) => &[],
        }
    }
}

/// Every output of a build.
#[derive(Debug)]
pub(crate) struct Plan<'a> {
    /// The site.
    pub site: &'a Site,
    /// Its feeds.
    pub groups: &'a [FeedGroup<'a>],
    /// Every file to write: the feeds (main, then each tag's and category's, each in its
    /// enabled formats), the OPML list, the feeds page and its head snippet, and once
    /// [`Plan::plan_sitemap`] has run, the sitemap files.
    pub outputs: Vec<PlannedOutput<'a>>,
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
        self.sitemap_urls = sitemap::urls(self.site, body_images);
        let files = sitemap::plan(
            &config.sitemap.output.file,
            &self.sitemap_urls,
            config.sitemap.max_urls,
        );
        self.outputs
            .extend(files.into_iter().map(|file| match file {
                SitemapFile::Urls { path, range } => PlannedOutput {
                    path,
                    kind: OutputKind::SitemapUrls(range),
                },
                SitemapFile::Index { path, parts } => PlannedOutput {
                    path,
                    kind: OutputKind::SitemapIndex(parts),
                },
            }));
        start..self.outputs.len()
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
            OutputKind::SitemapIndex(parts) => {
                let parts: Vec<_> = parts
                    .iter()
                    .map(|(part, range)| {
                        (config.output_url(part), &self.sitemap_urls[range.clone()])
                    })
                    .collect();
                sitemap::write_index(&parts, out).map(drop)
            }
        }
    }
}
