//! What a run did, and its summaries for people (one line of text) and for scripts (JSON):
//! formatting kept apart from the pipeline that produces the report.

use std::path::PathBuf;

use crate::error::Diagnostic;
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
}

/// One WebSub publish request and what came of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ping {
    /// The hub.
    pub hub: String,
    /// The feed the hub was told of.
    pub feed: String,
    /// The hub's HTTP status on success (2xx), else why it failed (after every try).
    pub outcome: Result<u16, String>,
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
            "scheduled": self.skipped.scheduled.iter().map(|(file, date)| serde_json::json!({
                "file": file,
                "date": crate::dates::rfc3339(date),
            })).collect::<Vec<_>>(),
            "without_description": self.without_description,
            "output_dir": self.output_dir,
            "written": self.files.written,
            "unchanged": self.files.unchanged,
            "removed": self.files.removed,
            "warnings": self.warnings.iter().map(diagnostic_json).collect::<Vec<_>>(),
            "pings": self.pings.iter().map(|ping| match &ping.outcome {
                Ok(status) => serde_json::json!({ "hub": ping.hub, "feed": ping.feed, "ok": true, "status": status }),
                Err(error) => serde_json::json!({ "hub": ping.hub, "feed": ping.feed, "ok": false, "error": error }),
            }).collect::<Vec<_>>(),
        })
    }
}

/// One diagnostic as a JSON object: `file`, `line`, `column`, `message`, `help`.
pub fn diagnostic_json(diagnostic: &Diagnostic) -> serde_json::Value {
    serde_json::json!({
        "file": diagnostic.path,
        "line": diagnostic.position.map(|p| p.0),
        "column": diagnostic.position.map(|p| p.1),
        "message": diagnostic.message,
        "help": diagnostic.help,
    })
}
