//! feedsmith turns a folder of Markdown posts into RSS 2.0, Atom 1.0, JSON Feed 1.1 and a
//! sitemap. The pipeline: config → find and load posts → model → render each format →
//! atomic write.

pub mod cli;
pub mod config;
pub mod error;
pub mod html;
pub mod markdown;
pub mod model;
pub mod output;
pub mod render;
pub mod source;
pub mod taxonomy;
pub mod text;
mod yaml;

use std::path::PathBuf;

use jiff::Timestamp;

use crate::config::SiteConfig;
pub use crate::error::{Diagnostic, Error};
use crate::model::{FeedFormat, Selection, Site, Skipped};
use crate::output::{RenderedFile, WriteReport};

/// A build's settings, resolved from the command line and the environment.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site config file.
    pub config: PathBuf,
    /// Overrides the config's `content_dir`.
    pub content_dir: Option<PathBuf>,
    /// Overrides the config's `output_dir`.
    pub output_dir: Option<PathBuf>,
    /// Which posts to publish, and the "now" that decides what is in the future.
    pub selection: Selection,
}

impl BuildOptions {
    /// Resolves `feedsmith build` flags; "now" is `SOURCE_DATE_EPOCH` when set, else the clock.
    pub fn from_args(args: &cli::BuildArgs) -> Result<BuildOptions, Error> {
        Ok(BuildOptions {
            config: args.config.clone(),
            content_dir: args.content.clone(),
            output_dir: args.output.clone(),
            selection: Selection {
                drafts: args.drafts,
                future: args.future,
                now: now_from_env()?,
            },
        })
    }
}

/// Reproducible builds set `SOURCE_DATE_EPOCH` (seconds since 1970) to pin "now".
fn now_from_env() -> Result<Timestamp, Error> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(text) => text
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(|seconds| Timestamp::from_second(seconds).ok())
            .ok_or_else(|| {
                Error::Environment(format!(
                    "SOURCE_DATE_EPOCH \"{text}\" is not a number of seconds since 1970-01-01"
                ))
            }),
        Err(_) => Ok(Timestamp::now()),
    }
}

/// What a build did.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// Post files read.
    pub posts_read: usize,
    /// Posts published.
    pub posts_published: usize,
    /// Posts left out.
    pub skipped: Skipped,
    /// The output folder.
    pub output_dir: PathBuf,
    /// Files written and files left unchanged.
    pub files: WriteReport,
    /// Problems that did not stop the build.
    pub warnings: Vec<String>,
    /// Every feed written (or left unchanged), main feeds first.
    pub feeds: Vec<FeedListing>,
}

/// One feed of a build, for `--verbose` listings.
#[derive(Debug, Clone)]
pub struct FeedListing {
    /// The feed's title.
    pub title: String,
    /// Its format.
    pub format: FeedFormat,
    /// Where it is served.
    pub url: String,
}

impl BuildReport {
    /// The one-line summary printed after a build.
    pub fn summary(&self) -> String {
        let mut skipped = Vec::new();
        if self.skipped.drafts > 0 {
            skipped.push(format!("{} drafts", self.skipped.drafts));
        }
        if self.skipped.future > 0 {
            skipped.push(format!("{} future", self.skipped.future));
        }
        let skipped = if skipped.is_empty() {
            String::new()
        } else {
            format!(" ({} skipped)", skipped.join(", "))
        };
        format!(
            "feedsmith: read {} posts, published {}{skipped}; wrote {} files to {} ({} unchanged)",
            self.posts_read,
            self.posts_published,
            self.files.written.len(),
            self.output_dir.display(),
            self.files.unchanged.len(),
        )
    }
}

/// Runs a whole build: nothing is written unless every input is valid.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Error> {
    let mut config = SiteConfig::load(&options.config)?;
    if let Some(dir) = &options.content_dir {
        config.content_dir = dir.clone();
    }
    if let Some(dir) = &options.output_dir {
        config.output_dir = dir.clone();
    }
    let files = source::discover(&config.content_dir)?;
    let posts = source::load_posts(&files, &config.timezone)?;
    let site = Site::build(config, posts, options.selection)?;
    let rendered = render_all(&site)?;
    let written = output::write_all(&site.config.output_dir, &rendered)?;
    let feeds = site
        .feed_groups()
        .iter()
        .flat_map(|group| {
            group.files.iter().map(|file| FeedListing {
                title: group.feed.title.clone(),
                format: file.format,
                url: file.url.to_string(),
            })
        })
        .collect();
    Ok(BuildReport {
        posts_read: files.len(),
        posts_published: site.entries.len(),
        skipped: site.skipped,
        output_dir: site.config.output_dir.clone(),
        files: written,
        warnings: site.warnings,
        feeds,
    })
}

/// Renders every enabled output in memory. Two outputs configured onto one path are an
/// error rather than a silent overwrite.
pub fn render_all(site: &Site) -> Result<Vec<RenderedFile>, Error> {
    let config = &site.config;
    let groups = site.feed_groups();
    let mut files = Vec::new();
    let render_error = |source| Error::Write {
        path: config.output_dir.clone(),
        source,
    };
    for group in &groups {
        for file in &group.files {
            let bytes = match file.format {
                FeedFormat::Rss => render::rss::write(config, &group.feed, &file.url, Vec::new()),
                FeedFormat::Atom => render::atom::write(config, &group.feed, &file.url, Vec::new()),
                FeedFormat::Json => {
                    render::jsonfeed::write(config, &group.feed, &file.url, Vec::new())
                }
            }
            .map_err(render_error)?;
            files.push(RenderedFile {
                path: file.path.clone(),
                bytes,
            });
        }
    }
    if config.opml.enabled {
        files.push(RenderedFile {
            path: config.opml.file.clone(),
            bytes: render::opml::write(site, &groups, Vec::new()).map_err(render_error)?,
        });
    }
    if config.sitemap.output.enabled {
        files.push(RenderedFile {
            path: config.sitemap.output.file.clone(),
            bytes: render::sitemap::write(site, Vec::new()).map_err(render_error)?,
        });
    }
    let mut seen = std::collections::BTreeSet::new();
    for file in &files {
        if !seen.insert(file.path.as_str()) {
            return Err(Error::OutputClash(file.path.clone()));
        }
    }
    Ok(files)
}
