//! The one resolution of a run's settings. What the user typed ([`crate::cli`]), the config
//! file, the site root ([`root`]) and the environment (`SOURCE_DATE_EPOCH`, `NO_COLOR`,
//! `HOME`) become one [`Settings`] value — folders, base URL, "now", which posts, how to
//! report, whether to flush — here and nowhere else. `build`, `check`, `serve`, the tests,
//! the fuzz target and the benchmarks all construct it; nothing downstream sees a raw
//! override.

pub mod root;

use std::ffi::OsString;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use serde::Serialize;

use crate::cli::{self, ColorChoice, OutputFormat};
use crate::config::{Place, SiteConfig};
use crate::error::Error;
use crate::output::resolved;

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

/// Which posts a build publishes.
#[derive(Debug, Clone, Copy)]
pub struct Selection {
    /// Include `draft: true` posts.
    pub drafts: bool,
    /// Include posts dated after `now`.
    pub future: bool,
    /// Include posts whose `expiryDate` is at or before `now`.
    pub expired: bool,
    /// The moment that decides what is "future": `SOURCE_DATE_EPOCH` or the clock.
    pub now: Timestamp,
}

/// The parts of the process environment a run reads, read once.
#[derive(Debug, Clone, Default)]
pub struct Environment {
    /// `SOURCE_DATE_EPOCH`, which pins "now" for reproducible builds.
    pub source_date_epoch: Option<OsString>,
    /// `NO_COLOR` set to something (an empty one is unset, as no-color.org has it).
    pub no_color: bool,
    /// The home folder, which is never an output folder.
    pub home: Option<PathBuf>,
    /// Whether stderr is a terminal: colour and the progress bar are for people.
    pub stderr_is_terminal: bool,
}

impl Environment {
    /// This process's environment.
    pub fn of_process() -> Environment {
        Environment {
            source_date_epoch: std::env::var_os("SOURCE_DATE_EPOCH"),
            no_color: std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty()),
            home: std::env::var_os("HOME")
                .filter(|home| !home.is_empty())
                .map(PathBuf::from),
            stderr_is_terminal: std::io::stderr().is_terminal(),
        }
    }

    /// "Now": `SOURCE_DATE_EPOCH` (seconds since 1970) when set, else the clock.
    pub fn now(&self) -> Result<Timestamp, Error> {
        let Some(value) = &self.source_date_epoch else {
            return Ok(Timestamp::now());
        };
        let text = value.to_string_lossy();
        text.trim()
            .parse::<i64>()
            .ok()
            .and_then(|seconds| Timestamp::from_second(seconds).ok())
            .ok_or_else(|| Error::SourceDateEpoch(text.into_owned()))
    }
}

/// How a run reports: on the terminal, or for a script.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Presentation {
    /// `-v`: list every warning, feed and note.
    pub verbose: bool,
    /// `--quiet`: errors (and warnings) only.
    pub quiet: bool,
    /// Text for people or JSON for scripts, on stdout.
    pub format: OutputFormat,
    /// Colour the `error:`/`warning:`/`note:` labels.
    pub color: bool,
    /// Draw a progress bar for long runs.
    pub progress_bar: bool,
}

impl Presentation {
    /// How `command` reports, in `environment`. Known before anything can fail, so that
    /// even a config that does not parse is reported as asked.
    pub fn resolve(command: &cli::Command, environment: &Environment) -> Presentation {
        let (input, color) = match command {
            cli::Command::Build(args) => (Some(&args.input), args.input.color),
            cli::Command::Check(input) => (Some(input), input.color),
            _ => (None, ColorChoice::Auto),
        };
        let format = input.map_or(OutputFormat::Text, |input| input.format);
        let quiet = input.is_some_and(|input| input.quiet);
        let terminal = environment.stderr_is_terminal;
        Presentation {
            verbose: input.is_some_and(|input| input.verbose > 0),
            quiet,
            format,
            color: match color {
                ColorChoice::Always => true,
                ColorChoice::Never => false,
                ColorChoice::Auto => terminal && !environment.no_color,
            },
            progress_bar: terminal && !quiet && format == OutputFormat::Text,
        }
    }
}

/// A run's settings, resolved once.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The config file, as the user names it.
    pub config_file: PathBuf,
    /// The folder the config's paths are relative to (see [`root`]).
    pub site_root: PathBuf,
    /// The validated config, with its folders and base URL final: the command line's
    /// `--content`, `--out` and `--base-url` applied, the config's own folders made relative
    /// to the site root.
    pub config: SiteConfig,
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
    /// Tell the config's WebSub hubs which feeds changed, after the commit (`--ping`, or
    /// the config's `websub.ping`).
    pub ping: bool,
    /// Whether the run publishes at the site's own URL, so that the id ledger records its
    /// new posts and moves: not under `--base-url` (a staging build) nor in a preview,
    /// whose permalinks readers never see. Recorded ids are applied either way.
    pub records_ids: bool,
}

/// What the command line overrides of the config, as typed.
struct Overrides<'a> {
    base_url: Option<&'a str>,
    content_dir: Option<&'a Path>,
    output_dir: Option<&'a Path>,
}

impl Settings {
    /// The settings of `build` or `check` as typed in `command`, in `environment`: the
    /// config found and read, every override applied, the folders checked.
    ///
    /// # Panics
    /// For any other command: `serve` resolves each build with [`Settings::for_preview`].
    pub fn resolve(command: &cli::Command, environment: &Environment) -> Result<Settings, Error> {
        let (input, mode, sync, ping) = match command {
            cli::Command::Build(build) if build.check => {
                (&build.input, RunMode::BuildCheck, !build.no_sync, false)
            }
            cli::Command::Build(build) => {
                (&build.input, RunMode::Build, !build.no_sync, build.ping)
            }
            cli::Command::Check(input) => (input, RunMode::Check, true, false),
            cli::Command::Serve(_)
            | cli::Command::Init(_)
            | cli::Command::Ids(_)
            | cli::Command::Completions { .. }
            | cli::Command::Man => {
                panic!("Settings::resolve is for `build` and `check`; serve has for_preview")
            }
        };
        let (config_file, site_root) = root::locate(input.config.as_deref())?;
        let overrides = Overrides {
            base_url: input.base_url.as_deref(),
            content_dir: input.content.as_deref(),
            output_dir: input.output.as_deref(),
        };
        let config = load(&config_file, &site_root, &overrides, environment)?;
        Ok(Settings {
            ping: ping || config.websub.ping,
            records_ids: input.base_url.is_none(),
            config_file,
            site_root,
            config,
            selection: Selection {
                drafts: input.drafts,
                future: input.future,
                expired: input.expired,
                now: environment.now()?,
            },
            mode,
            deny_warnings: input.deny_warnings,
            jobs: input.jobs.map(usize::from),
            sync,
        })
    }

    /// The settings `feedsmith ids init` reads the site with: the posts a build publishes
    /// (no drafts, nothing scheduled or expired), compared, never written.
    pub fn for_ids(args: &cli::IdsInitArgs, environment: &Environment) -> Result<Settings, Error> {
        let (config_file, site_root) = root::locate(args.config.as_deref())?;
        let overrides = Overrides {
            base_url: args.base_url.as_deref(),
            content_dir: args.content.as_deref(),
            output_dir: None,
        };
        let config = load(&config_file, &site_root, &overrides, environment)?;
        Ok(Settings {
            config_file,
            site_root,
            config,
            selection: Selection {
                drafts: false,
                future: false,
                expired: false,
                now: environment.now()?,
            },
            mode: RunMode::Check,
            deny_warnings: false,
            jobs: None,
            sync: true,
            ping: false,
            records_ids: args.base_url.is_none(),
        })
    }

    /// The settings of one build of `feedsmith serve`: the site's config and posts, the
    /// preview's own output folder and base URL, no flush, no ping. Resolved again for every
    /// rebuild, so a change to the config takes effect.
    pub fn for_preview(
        args: &cli::ServeArgs,
        base_url: &str,
        output_dir: &Path,
        environment: &Environment,
    ) -> Result<Settings, Error> {
        let (config_file, site_root) = root::locate(args.config.as_deref())?;
        let overrides = Overrides {
            base_url: Some(base_url),
            content_dir: args.content.as_deref(),
            output_dir: Some(output_dir),
        };
        let config = load(&config_file, &site_root, &overrides, environment)?;
        Ok(Settings {
            config_file,
            site_root,
            config,
            selection: Selection {
                drafts: args.drafts,
                future: args.future,
                expired: args.expired,
                now: environment.now()?,
            },
            mode: RunMode::Build,
            deny_warnings: false,
            jobs: None,
            sync: false,
            ping: false,
            records_ids: false,
        })
    }
}

/// Reads the config of the site at `site_root`, finished by the config stage with the
/// command line's `overrides` (which it never changes after), and checks its folders.
fn load(
    config_file: &Path,
    site_root: &Path,
    overrides: &Overrides<'_>,
    environment: &Environment,
) -> Result<SiteConfig, Error> {
    let place = Place {
        site_root,
        base_url: overrides.base_url,
        content_dir: overrides.content_dir,
        output_dir: overrides.output_dir,
    };
    let config = SiteConfig::load_at(config_file, &place)?;
    check_folders(&config.content_dir, &config.output_dir, environment)?;
    Ok(config)
}

/// Refuses folders that would lose a site's files: a content "folder" that is a file (a build
/// would find no post and remove every feed it wrote before), and an output folder that is
/// the file system's root, the home folder, or the content folder or one inside it.
fn check_folders(
    content_dir: &Path,
    output_dir: &Path,
    environment: &Environment,
) -> Result<(), Error> {
    if content_dir.exists() && !content_dir.is_dir() {
        return Err(Error::ContentNotAFolder(content_dir.to_path_buf()));
    }
    let output = resolved(output_dir);
    let refused = |why: &'static str| {
        // `public` is the usual answer, unless it is the folder refused.
        let instead = match output_dir.file_name().is_some_and(|name| name == "public") {
            true => "feeds-out",
            false => "public",
        };
        Err(Error::RefusedOutputFolder {
            path: output_dir.to_path_buf(),
            why,
            instead,
        })
    };
    if output.parent().is_none() {
        return refused("the file system's root");
    }
    if output_dir.components().any(|part| {
        part.as_os_str()
            .to_str()
            .is_some_and(crate::output_path::is_reserved)
    }) {
        return refused("named as feedsmith names its own folders (`.feedsmith…`)");
    }
    if let Some(home) = &environment.home
        && output == resolved(home)
    {
        return refused("the home folder");
    }
    if output.starts_with(resolved(content_dir)) {
        return refused("the content folder or inside it");
    }
    Ok(())
}
