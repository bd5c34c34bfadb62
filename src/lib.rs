//! feedsmith turns a folder of Markdown posts into RSS 2.0, Atom 1.0, JSON Feed 1.1, per-tag
//! and per-category feeds, an OPML directory and a sitemap. The pipeline: config → find and
//! load posts → model → render each format → atomic write.

pub mod cli;
pub mod config;
pub mod error;
pub mod format;
pub mod html;
pub mod markdown;
pub mod model;
pub mod output;
pub mod person;
pub mod progress;
pub mod render;
pub mod source;
pub mod store;
pub mod taxonomy;
pub mod template;
pub mod text;
mod yaml;

use std::io::Write;
use std::path::PathBuf;

use jiff::Timestamp;
use serde::Serialize;

use crate::config::SiteConfig;
pub use crate::error::{Diagnostic, Error};
use rayon::prelude::*;

use crate::format::FeedFormat;
use crate::model::{FeedGroup, Selection, Site, Skipped};
use crate::output::{FlushScope, Mode, Staging, WriteReport};

/// What a run does with its outputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RunMode {
    /// `build`: write changed outputs, remove stale ones.
    Build,
    /// `build --check`: compare with the files on disk, write nothing.
    BuildCheck,
    /// `check`: validate and render, write nothing.
    Check,
}

/// A run's settings, resolved from the command line and the environment.
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
    /// Write, or only compare.
    pub mode: RunMode,
    /// Fail (and write nothing) when there is any warning.
    pub deny_warnings: bool,
    /// Worker threads; `None` for one per CPU.
    pub jobs: Option<usize>,
    /// Flush outputs to disk before renaming them into place (default `true`).
    pub sync: bool,
}

impl BuildOptions {
    /// Resolves command-line flags; "now" is `SOURCE_DATE_EPOCH` when set, else the clock.
    pub fn from_args(args: &cli::InputArgs, mode: RunMode) -> Result<BuildOptions, Error> {
        Ok(BuildOptions {
            config: args.config.clone(),
            content_dir: args.content.clone(),
            output_dir: args.output.clone(),
            selection: Selection {
                drafts: args.drafts,
                future: args.future,
                now: now_from_env()?,
            },
            mode,
            deny_warnings: args.deny_warnings,
            jobs: args.jobs.map(usize::from),
            sync: true,
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

/// What a run did.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// The run's mode.
    pub mode: RunMode,
    /// Post files read.
    pub posts_read: usize,
    /// Posts published.
    pub posts_published: usize,
    /// Posts left out.
    pub skipped: Skipped,
    /// The output folder.
    pub output_dir: PathBuf,
    /// Files written (or that would be), unchanged and removed.
    pub files: WriteReport,
    /// Problems that did not stop the run.
    pub warnings: Vec<Diagnostic>,
    /// Every feed produced, main feeds first.
    pub feeds: Vec<FeedListing>,
}

/// One feed of a run, for `--verbose` listings.
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
    /// The one-line summary printed after a run.
    pub fn summary(&self) -> String {
        let mut skipped = Vec::new();
        if self.skipped.drafts > 0 {
            skipped.push(counted(self.skipped.drafts, "draft", "drafts"));
        }
        if self.skipped.future > 0 {
            skipped.push(format!("{} future", self.skipped.future));
        }
        let skipped = if skipped.is_empty() {
            String::new()
        } else {
            format!(" ({} skipped)", skipped.join(", "))
        };
        let removed = if self.files.removed.is_empty() {
            String::new()
        } else {
            format!(", {} removed", self.files.removed.len())
        };
        let warnings = match self.warnings.len() {
            0 => String::new(),
            1 => "; 1 warning".to_string(),
            n => format!("; {n} warnings"),
        };
        let verb = match self.mode {
            RunMode::Build => "wrote",
            RunMode::BuildCheck | RunMode::Check => "would write",
        };
        format!(
            "feedsmith: read {}, published {}{skipped}; {verb} {} to {} ({} unchanged{removed}){warnings}",
            counted(self.posts_read, "post", "posts"),
            self.posts_published,
            counted(self.files.written.len(), "file", "files"),
            self.output_dir.display(),
            self.files.unchanged.len(),
        )
    }

    /// The machine-readable summary (`--format json`).
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "ok": true,
            "mode": self.mode,
            "posts_read": self.posts_read,
            "posts_published": self.posts_published,
            "skipped": { "drafts": self.skipped.drafts, "future": self.skipped.future },
            "output_dir": self.output_dir,
            "written": self.files.written,
            "unchanged": self.files.unchanged,
            "removed": self.files.removed,
            "warnings": self.warnings.iter().map(diagnostic_json).collect::<Vec<_>>(),
        })
    }
}

/// `n` and the noun in the number `n` asks for.
fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// One diagnostic as a JSON object: `file`, `line`, `column`, `message`.
pub fn diagnostic_json(diagnostic: &Diagnostic) -> serde_json::Value {
    serde_json::json!({
        "file": diagnostic.path,
        "line": diagnostic.position.map(|p| p.0),
        "column": diagnostic.position.map(|p| p.1),
        "message": diagnostic.message,
    })
}

/// Runs a whole build (or check): nothing is written unless every input is valid and every
/// output rendered.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Error> {
    build_with_progress(options, &progress::Silent)
}

/// [`build`], reporting progress to `progress`.
pub fn build_with_progress(
    options: &BuildOptions,
    progress: &dyn progress::Progress,
) -> Result<BuildReport, Error> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.jobs.unwrap_or(0))
        .thread_name(|i| format!("feedsmith-{i}"))
        .build()
        .map_err(|err| Error::Environment(format!("cannot start worker threads: {err}")))?;
    let result = pool.install(|| build_in_pool(options, progress));
    progress.finish();
    result
}

fn build_in_pool(
    options: &BuildOptions,
    progress: &dyn progress::Progress,
) -> Result<BuildReport, Error> {
    let mut config = SiteConfig::load(&options.config)?;
    if let Some(dir) = &options.content_dir {
        config.content_dir = dir.clone();
    }
    if let Some(dir) = &options.output_dir {
        config.output_dir = dir.clone();
    }
    let found = source::discover(
        &config.content_dir,
        &config.exclude,
        config.language.as_deref(),
    )?;
    let loaded = source::load_posts(&found.files, &config, progress)?;
    let mut site = Site::assemble(config, loaded.posts, options.selection)?;
    let mut warnings = found.warnings;
    warnings.extend(source::template_warnings(
        site.entries.iter().map(|entry| &entry.post),
    ));
    for entry in &site.entries {
        warnings.extend(source::post_warnings(&entry.post, &site.config));
    }
    warnings.append(&mut site.warnings);
    if options.deny_warnings && !warnings.is_empty() {
        return Err(Error::DeniedWarnings(warnings));
    }

    let mode = match options.mode {
        RunMode::Build => Mode::Write,
        RunMode::BuildCheck | RunMode::Check => Mode::Compare,
    };
    let groups = site.feed_groups();
    let staging = Staging::new(&site.config.output_dir, mode, options.sync);
    render_outputs(&site, &groups, &staging, progress)?;
    let feeds = groups
        .iter()
        .flat_map(|group| {
            group.files.iter().map(|file| FeedListing {
                title: group.feed.title.clone(),
                format: file.format,
                url: file.url.to_string(),
            })
        })
        .collect();
    drop(groups);
    site.content.release().map_err(|source| Error::Write {
        path: site.config.output_dir.clone(),
        source,
    })?;
    let files = match mode {
        Mode::Write => staging.commit()?,
        Mode::Compare => staging.preview()?,
    };
    Ok(BuildReport {
        mode: options.mode,
        posts_read: found.files.len(),
        posts_published: site.entries.len(),
        skipped: site.skipped,
        output_dir: site.config.output_dir.clone(),
        files,
        warnings,
        feeds,
    })
}

/// Renders the posts the feeds include and every enabled output of `site` (its feeds being
/// `groups`, from [`Site::feed_groups`]) into `staging`, streaming each file, on the thread
/// pool. Each output is written as soon as the posts it includes are rendered (the sitemap
/// and OPML at once), while later posts still render: on a synced build the disk then takes
/// in most outputs while the CPU is busy, instead of all of them at the end.
fn render_outputs(
    site: &Site,
    groups: &[FeedGroup<'_>],
    staging: &Staging,
    progress: &dyn progress::Progress,
) -> Result<(), Error> {
    use render::sitemap::{self, SitemapFile};

    /// One file to render.
    enum Output<'a> {
        Feed(&'a FeedGroup<'a>, &'a model::FeedFile),
        Opml,
        SitemapUrls(String, std::ops::Range<usize>),
        SitemapIndex(String, Vec<(String, std::ops::Range<usize>)>),
    }

    let config = &site.config;
    let order = model::render_order(groups, site.entries.len());
    // How many posts of `order` must be rendered before a feed can be written.
    let mut rank = vec![0; site.entries.len()];
    for (i, &position) in order.iter().enumerate() {
        rank[position] = i + 1;
    }
    let needs = |group: &FeedGroup<'_>| {
        group
            .feed
            .entries
            .iter()
            .map(|entry| rank[entry.position])
            .max()
            .unwrap_or(0)
    };
    let mut outputs: Vec<(usize, Output<'_>)> = groups
        .iter()
        .flat_map(|group| {
            let needs = needs(group);
            group
                .files
                .iter()
                .map(move |file| (needs, Output::Feed(group, file)))
        })
        .collect();
    if config.opml.enabled {
        outputs.push((0, Output::Opml));
    }
    let urls = if config.sitemap.output.enabled {
        sitemap::urls(site)
    } else {
        Vec::new()
    };
    if config.sitemap.output.enabled {
        for file in sitemap::plan(&config.sitemap.output.file, &urls, config.sitemap.max_urls) {
            outputs.push((
                0,
                match file {
                    SitemapFile::Urls { path, range } => Output::SitemapUrls(path, range),
                    SitemapFile::Index { path, parts } => Output::SitemapIndex(path, parts),
                },
            ));
        }
    }
    outputs.sort_by_key(|(needs, _)| *needs);

    let write = |output: &Output<'_>| match output {
        Output::Feed(group, file) => staging.add(&file.path, |out: &mut dyn Write| {
            let feed = &group.feed;
            match file.format {
                FeedFormat::Rss => render::rss::write(config, feed, &file.url, out),
                FeedFormat::Atom => render::atom::write(config, feed, &file.url, out),
                FeedFormat::Json => render::jsonfeed::write(config, feed, &file.url, out),
            }
            .map(drop)
        }),
        Output::Opml => staging.add(&config.opml.file, |out| {
            render::opml::write(site, groups, out).map(drop)
        }),
        Output::SitemapUrls(path, range) => staging.add(path, |out| {
            sitemap::write_urls(&urls[range.clone()], out).map(drop)
        }),
        Output::SitemapIndex(path, parts) => {
            let parts: Vec<_> = parts
                .iter()
                .map(|(part, range)| (config.output_url(part), &urls[range.clone()]))
                .collect();
            staging.add(path, |out| sitemap::write_index(&parts, out).map(drop))
        }
    };

    progress.start("rendering", order.len() + outputs.len());
    let mut written = 0;
    let mut rendered = 0;
    site.render(&order, |stored| {
        progress.advance(stored - rendered);
        rendered = stored;
        let ready = written + outputs[written..].partition_point(|(needs, _)| *needs <= stored);
        outputs[written..ready]
            .par_iter()
            .try_for_each(|(_, output)| {
                write(output)?;
                progress.advance(1);
                Ok(())
            })?;
        written = ready;
        if stored < order.len() {
            // Rendered posts that spilled to disk are on the outputs' file system: flushing
            // all of it would write them out too.
            staging.flush_in_background(match site.content.spilled() {
                false => FlushScope::FileSystem,
                true => FlushScope::NewlyStaged,
            });
        }
        Ok(())
    })
}
