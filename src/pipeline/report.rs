//! What a run did, and its summaries for people (one line of text) and for scripts (JSON):
//! formatting kept apart from the pipeline that produces the report.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::{Diagnostic, Error, Failure};
use crate::format::FeedFormat;
use crate::output::WriteReport;
use crate::settings::RunMode;
use crate::site::Skipped;
use crate::text::counted;

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
    /// Published posts without a `description`, whose feeds show an excerpt: no problem,
    /// but worth a line (and, with `--verbose`, the list).
    pub without_description: Vec<PathBuf>,
    /// Every feed produced, main feeds first.
    pub feeds: Vec<FeedListing>,
    /// The WebSub publish requests sent after the commit
    /// ([`crate::commands::websub::announce`]).
    pub pings: Vec<Ping>,
    /// The blogging tool whose rules posts were read by, if any.
    pub tool: Option<&'static str>,
    /// The tool's own files the build read (its config, its data), all inside the site.
    pub tool_files: Vec<PathBuf>,
    /// What the run changed (check: would change) in the id ledger, when the site has one
    /// and anything changes.
    pub ledger: Option<LedgerChanges>,
}

/// What a run changes in the id ledger, `feedsmith.ids`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerChanges {
    /// The ledger's file.
    pub path: PathBuf,
    /// Posts recorded for the first time, by path in the content folder.
    pub added: Vec<String>,
    /// Posts whose line moved to a new file name or permalink, their id kept.
    pub followed: Vec<String>,
}

/// One WebSub publish request and what came of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ping {
    /// The hub.
    pub hub: String,
    /// The feed the hub was told of.
    pub feed: String,
    /// The hub's HTTP status on success (2xx), else why it failed (after every try).
    pub outcome: Result<u16, PingFailure>,
}

/// Why a hub was not told of a feed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PingFailure {
    /// No answer: the hub could not be reached, or the request failed on the way.
    #[error("{0}")]
    Unreachable(String),
    /// The hub answered with a redirect, which a publish request does not follow.
    #[error(
        "it answered HTTP {status}, a redirect to {location}: set that address in `websub.hubs`"
    )]
    Redirect {
        /// The hub's HTTP status.
        status: u16,
        /// Where it redirects to.
        location: String,
    },
    /// The hub answered with an error status.
    #[error("it answered HTTP {0}")]
    Status(u16),
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
    /// Its path inside the output folder.
    pub path: String,
}

impl BuildReport {
    /// The one-line summary printed after a run.
    pub fn summary(&self) -> String {
        let mut skipped = Vec::new();
        if self.skipped.drafts > 0 {
            skipped.push(counted(self.skipped.drafts, "draft", "drafts"));
        }
        if self.skipped.future > 0 {
            skipped.push(format!("{} scheduled", self.skipped.future));
        }
        if self.skipped.expired > 0 {
            skipped.push(format!("{} expired", self.skipped.expired));
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
        let ledger = match &self.ledger {
            Some(changes) => format!("; {}", changes.summary(self.mode)),
            None => String::new(),
        };
        format!(
            "feedsmith: read {}, published {}{skipped}; {verb} {} to {} ({} unchanged{removed}){ledger}{warnings}",
            counted(self.posts_read, "post", "posts"),
            self.posts_published,
            counted(self.files.written.len(), "file", "files"),
            self.output_dir.display(),
            self.files.unchanged.len(),
        )
    }
}

impl LedgerChanges {
    /// "feedsmith.ids: 2 new posts recorded, 1 followed" (a check: "would record 2 new
    /// posts, follow 1").
    pub fn summary(&self, mode: RunMode) -> String {
        let new = counted(self.added.len(), "new post", "new posts");
        let followed = self.followed.len();
        let parts = match mode {
            RunMode::Build => [
                (!self.added.is_empty()).then(|| format!("{new} recorded")),
                (followed > 0).then(|| format!("{followed} followed")),
            ],
            RunMode::BuildCheck | RunMode::Check => [
                (!self.added.is_empty()).then(|| format!("would record {new}")),
                (followed > 0).then(|| format!("would follow {followed}")),
            ],
        };
        let parts: Vec<String> = parts.into_iter().flatten().collect();
        let name = self
            .path
            .file_name()
            .map_or_else(String::new, |name| name.to_string_lossy().into_owned());
        format!("{name}: {}", parts.join(", "))
    }
}

/// What `--format json` prints, for a run that built and for one that failed alike: one
/// object, its keys in alphabetical order (as the README promises scripts), `ok` among them.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum JsonReport<'a> {
    /// What a run did.
    Built(Box<BuiltJson<'a>>),
    /// Why a run stopped.
    Failed(FailedJson<'a>),
}

/// A run that got through: its counts, files and warnings.
#[derive(Debug, Serialize)]
pub struct BuiltJson<'a> {
    /// `{added, file, followed}`, or `null` when the run changes no ledger.
    ledger: Option<LedgerJson<'a>>,
    mode: RunMode,
    /// False for a `build --check` that found outputs out of date.
    ok: bool,
    #[serde(serialize_with = "lossy_path")]
    output_dir: &'a Path,
    pings: Vec<PingJson<'a>>,
    posts_published: usize,
    posts_read: usize,
    removed: &'a [String],
    scheduled: Vec<ScheduledJson>,
    skipped: SkippedJson,
    tool: Option<&'static str>,
    #[serde(serialize_with = "lossy_paths")]
    tool_files: &'a [PathBuf],
    unchanged: &'a [String],
    warnings: Vec<DiagnosticJson<'a>>,
    #[serde(serialize_with = "lossy_paths")]
    without_description: &'a [PathBuf],
    written: &'a [String],
}

#[derive(Debug, Serialize)]
struct SkippedJson {
    drafts: usize,
    expired: usize,
    future: usize,
    /// Published posts some lists leave out: `{file, lists}`.
    unlisted: Vec<UnlistedJson>,
}

#[derive(Debug, Serialize)]
struct LedgerJson<'a> {
    added: &'a [String],
    #[serde(serialize_with = "lossy_path")]
    file: &'a Path,
    followed: &'a [String],
}

#[derive(Debug, Serialize)]
struct UnlistedJson {
    file: String,
    lists: String,
}

#[derive(Debug, Serialize)]
struct ScheduledJson {
    date: String,
    file: String,
}

#[derive(Debug, Serialize)]
struct PingJson<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    feed: &'a str,
    hub: &'a str,
    ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<u16>,
}

/// A run that stopped: the error, and for a bad config or posts each problem.
#[derive(Debug, Serialize)]
pub struct FailedJson<'a> {
    /// The error in one line; `null` when `errors` says it all.
    error: Option<String>,
    errors: Vec<DiagnosticJson<'a>>,
    /// `input` (fix the config, a post, a flag) or `system` (the machine failed).
    failure: &'static str,
    ok: bool,
    warnings: Vec<DiagnosticJson<'a>>,
}

/// One diagnostic: `file` (`null` for one that belongs to no one file), `line`, `column`,
/// `message`, `help`.
#[derive(Debug, Serialize)]
pub(crate) struct DiagnosticJson<'a> {
    column: Option<u64>,
    #[serde(serialize_with = "lossy_optional_path")]
    file: Option<&'a Path>,
    help: Option<&'a str>,
    line: Option<u64>,
    message: &'a str,
}

impl<'a> From<&'a Diagnostic> for DiagnosticJson<'a> {
    fn from(diagnostic: &'a Diagnostic) -> Self {
        DiagnosticJson {
            file: diagnostic.path.as_deref(),
            line: diagnostic.position.map(|p| p.0),
            column: diagnostic.position.map(|p| p.1),
            message: &diagnostic.message,
            help: diagnostic.help.as_deref(),
        }
    }
}

impl BuildReport {
    /// The machine-readable summary (`--format json`); `stale` for a `build --check` that
    /// found outputs out of date.
    pub fn to_json(&self, stale: bool) -> JsonReport<'_> {
        JsonReport::Built(Box::new(BuiltJson {
            ok: !stale,
            mode: self.mode,
            posts_read: self.posts_read,
            posts_published: self.posts_published,
            skipped: SkippedJson {
                drafts: self.skipped.drafts,
                future: self.skipped.future,
                expired: self.skipped.expired,
                unlisted: self
                    .skipped
                    .unlisted
                    .iter()
                    .map(|(file, lists)| UnlistedJson {
                        file: file.display().to_string(),
                        lists: lists.clone(),
                    })
                    .collect(),
            },
            scheduled: self
                .skipped
                .scheduled
                .iter()
                .map(|(file, date)| ScheduledJson {
                    file: file.to_string_lossy().into_owned(),
                    date: crate::dates::rfc3339(date),
                })
                .collect(),
            without_description: &self.without_description,
            tool: self.tool,
            tool_files: &self.tool_files,
            output_dir: &self.output_dir,
            ledger: self.ledger.as_ref().map(|changes| LedgerJson {
                added: &changes.added,
                file: &changes.path,
                followed: &changes.followed,
            }),
            written: &self.files.written,
            unchanged: &self.files.unchanged,
            removed: &self.files.removed,
            warnings: self.warnings.iter().map(DiagnosticJson::from).collect(),
            pings: self
                .pings
                .iter()
                .map(|ping| PingJson {
                    hub: &ping.hub,
                    feed: &ping.feed,
                    ok: ping.outcome.is_ok(),
                    status: ping.outcome.as_ref().ok().copied(),
                    error: ping.outcome.as_ref().err().map(ToString::to_string),
                })
                .collect(),
        }))
    }
}

impl Error {
    /// The machine-readable report of this error (`--format json`).
    pub fn to_json(&self) -> JsonReport<'_> {
        let (errors, warnings): (&[Diagnostic], &[Diagnostic]) = match self {
            Error::Content(problems) => (problems, &[]),
            Error::Config(problems) => (problems, &[]),
            Error::DeniedWarnings(found) => (&[], found),
            _ => (&[], &[]),
        };
        JsonReport::Failed(FailedJson {
            ok: false,
            error: match self {
                Error::Content(_) | Error::Config(_) => None,
                other => Some(other.to_string()),
            },
            failure: match self.failure() {
                Failure::Input => "input",
                Failure::System => "system",
            },
            errors: errors.iter().map(DiagnosticJson::from).collect(),
            warnings: warnings.iter().map(DiagnosticJson::from).collect(),
        })
    }
}

/// Paths in JSON as text even when they are not UTF-8 (such bytes shown as U+FFFD): a
/// report must never fail for a file's name.
fn lossy_path<S: serde::Serializer>(path: &&Path, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&path.to_string_lossy())
}

fn lossy_optional_path<S: serde::Serializer>(
    path: &Option<&Path>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match path {
        Some(path) => serializer.serialize_str(&path.to_string_lossy()),
        None => serializer.serialize_none(),
    }
}

fn lossy_paths<S: serde::Serializer>(paths: &&[PathBuf], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(paths.iter().map(|path| path.to_string_lossy()))
}
