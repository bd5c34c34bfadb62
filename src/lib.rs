//! feedsmith turns a folder of Markdown posts into RSS 2.0, Atom 1.0, JSON Feed 1.1, per-tag
//! and per-category feeds, an OPML directory and a sitemap. Every run goes through
//! [`mod@build`]: config → find and load posts → model → render each format → atomic write.

pub mod body;
pub mod build;
pub mod cli;
pub mod commands;
pub mod config;
pub mod dates;
pub mod error;
mod file_range;
pub mod format;
pub mod links;
pub mod output;
pub mod person;
pub mod progress;
pub mod render;
pub mod report;
pub mod root;
pub mod site;
pub mod source;
pub mod taxonomy;
pub mod text;
mod yaml;

use std::path::PathBuf;

use jiff::Timestamp;
use serde::Serialize;

pub use crate::build::{build, build_with_progress};
pub use crate::error::{Diagnostic, Error};
pub use crate::report::{BuildReport, FeedListing, diagnostic_json};
use crate::site::Selection;

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
    /// The folder the config's paths are relative to (see [`root`]).
    pub site_root: PathBuf,
    /// Overrides the config's `base_url` (`--base-url`).
    pub base_url: Option<String>,
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
    /// Tell the config's WebSub hubs which feeds changed, after the commit (`--ping`; the
    /// config's `websub.ping` turns it on for every build).
    pub ping: bool,
}

impl BuildOptions {
    /// Resolves the command line of `build` or `check`, once: the subcommand's mode, every
    /// flag, the config and site root, and "now" (`SOURCE_DATE_EPOCH` when set, else the
    /// clock).
    pub fn from_command(command: &cli::Command) -> Result<BuildOptions, Error> {
        let (args, mode, sync, ping) = match command {
            cli::Command::Build(build) if build.check => {
                (&build.input, RunMode::BuildCheck, !build.no_sync, false)
            }
            cli::Command::Build(build) => {
                (&build.input, RunMode::Build, !build.no_sync, build.ping)
            }
            cli::Command::Check(input) => (input, RunMode::Check, true, false),
            cli::Command::Serve(args) => return Self::for_preview(args),
            cli::Command::Init(_) | cli::Command::Completions { .. } | cli::Command::Man => {
                return Err(Error::Environment(
                    "only `build` and `check` build a site".into(),
                ));
            }
        };
        let (config, site_root) = root::locate(args.config.as_deref())?;
        Ok(BuildOptions {
            site_root,
            config,
            base_url: args.base_url.clone(),
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
            sync,
            ping,
        })
    }

    /// A build of the config `config` with its posts in `content` and its outputs in `out`,
    /// as `feedsmith build --config … --content … --out … --future --no-sync -j 1` runs it
    /// (and `--drafts` with `drafts`), "now" pinned to 1970: the build the property tests,
    /// the fuzz target and the benchmarks run.
    pub fn for_folders(config: PathBuf, content: PathBuf, out: PathBuf, drafts: bool) -> Self {
        BuildOptions {
            site_root: root::site_root(&config),
            config,
            base_url: None,
            content_dir: Some(content),
            output_dir: Some(out),
            selection: Selection {
                drafts,
                future: true,
                now: Timestamp::UNIX_EPOCH,
            },
            mode: RunMode::Build,
            deny_warnings: false,
            jobs: Some(1),
            sync: false,
            ping: false,
        }
    }

    /// The builds of `feedsmith serve`: the site's config and posts; the output folder and
    /// base URL are the preview's own (see [`serve::serve`]).
    fn for_preview(args: &cli::ServeArgs) -> Result<BuildOptions, Error> {
        let (config, site_root) = root::locate(args.config.as_deref())?;
        Ok(BuildOptions {
            site_root,
            config,
            base_url: None,
            content_dir: args.content.clone(),
            output_dir: None,
            selection: Selection {
                drafts: args.drafts,
                future: args.future,
                now: now_from_env()?,
            },
            mode: RunMode::Build,
            deny_warnings: false,
            jobs: None,
            sync: false,
            ping: false,
        })
    }
}

/// "Now": reproducible builds set `SOURCE_DATE_EPOCH` (seconds since 1970) to pin it.
pub fn now_from_env() -> Result<Timestamp, Error> {
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
