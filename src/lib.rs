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
pub mod text;
mod yaml;

use std::path::PathBuf;

use jiff::Timestamp;

use crate::config::SiteConfig;
pub use crate::error::{Diagnostic, Error};
use crate::model::{Selection, Site, Skipped};
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
    let rendered = render_all(&site).map_err(|source| Error::Write {
        path: site.config.output_dir.clone(),
        source,
    })?;
    let written = output::write_all(&site.config.output_dir, &rendered)?;
    Ok(BuildReport {
        posts_read: files.len(),
        posts_published: site.entries.len(),
        skipped: site.skipped,
        output_dir: site.config.output_dir.clone(),
        files: written,
    })
}

/// Renders every enabled output in memory.
pub fn render_all(site: &Site) -> std::io::Result<Vec<RenderedFile>> {
    let config = &site.config;
    let feed = site.main_feed();
    let mut files = Vec::new();
    let mut add = |file: &str, bytes: Vec<u8>| {
        files.push(RenderedFile {
            path: file.to_string(),
            bytes,
        })
    };
    if config.feeds.rss.enabled {
        let url = config.output_url(&config.feeds.rss.file);
        add(
            &config.feeds.rss.file,
            render::rss::write(config, &feed, &url, Vec::new())?,
        );
    }
    if config.feeds.atom.enabled {
        let url = config.output_url(&config.feeds.atom.file);
        add(
            &config.feeds.atom.file,
            render::atom::write(config, &feed, &url, Vec::new())?,
        );
    }
    if config.feeds.json.enabled {
        let url = config.output_url(&config.feeds.json.file);
        add(
            &config.feeds.json.file,
            render::jsonfeed::write(config, &feed, &url, Vec::new())?,
        );
    }
    if config.sitemap.output.enabled {
        add(
            &config.sitemap.output.file,
            render::sitemap::write(site, Vec::new())?,
        );
    }
    Ok(files)
}
