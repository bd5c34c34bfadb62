//! The library's error types. Every error names the file it is about and, where there is one,
//! the line and column, so the user can act without guessing.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// One problem in an input file, located as precisely as the input allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file the problem is in, as the user named it (relative paths stay relative);
    /// `None` for a problem that belongs to no one file.
    pub path: Option<PathBuf>,
    /// 1-based line and column, when known.
    pub position: Option<(u64, u64)>,
    /// What is wrong, in the user's terms.
    pub message: String,
    /// The offending line of the file, shown under the message with a caret.
    pub snippet: Option<String>,
    /// How to fix it, when that is known: printed as a `help:` line.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A problem at a known line and column.
    pub fn at(path: &Path, line: u64, column: u64, message: impl Into<String>) -> Self {
        Diagnostic {
            path: Some(path.to_path_buf()),
            position: Some((line, column)),
            message: message.into(),
            snippet: None,
            help: None,
        }
    }

    /// The same problem, with how to fix it.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// A problem at a spot recorded while the file was parsed, snippet included.
    pub fn at_spot(path: &Path, spot: &SourceSpot, message: impl Into<String>) -> Self {
        let mut diagnostic = Diagnostic::at(path, spot.line, spot.column, message);
        diagnostic.snippet = Some(spot.source_line.clone());
        diagnostic
    }

    /// A problem with the file as a whole.
    pub fn file(path: &Path, message: impl Into<String>) -> Self {
        Diagnostic {
            path: Some(path.to_path_buf()),
            position: None,
            message: message.into(),
            snippet: None,
            help: None,
        }
    }

    /// A problem that belongs to no single file (e.g. two tags competing for one slug).
    pub fn general(message: impl Into<String>) -> Self {
        Diagnostic {
            path: None,
            position: None,
            message: message.into(),
            snippet: None,
            help: None,
        }
    }

    /// The problem on one line, `file:line:column: message`, as compilers and editors
    /// print a location (the snippet and help left out).
    pub fn headline(&self) -> String {
        match (&self.path, self.position) {
            (None, _) => self.message.clone(),
            (Some(path), Some((line, column))) => {
                format!("{}:{line}:{column}: {}", path.display(), self.message)
            }
            (Some(path), None) => format!("{}: {}", path.display(), self.message),
        }
    }

    /// Fills in the snippet from the full text of the file the diagnostic points into.
    pub fn with_source(mut self, text: &str) -> Self {
        if let Some((line, _)) = self.position
            && self.snippet.is_none()
        {
            self.snippet = text
                .lines()
                .nth(line.saturating_sub(1) as usize)
                .map(|l| l.trim_end_matches('\r').to_string());
        }
        self
    }
}

/// Fills in the snippet of each of `diagnostics` from the full text of their file, finding
/// its lines once: a file with thousands of problems costs its length, not that times their
/// number.
pub(crate) fn with_sources(
    diagnostics: impl IntoIterator<Item = Diagnostic>,
    text: &str,
) -> Vec<Diagnostic> {
    let lines = SourceLines::of(text);
    diagnostics
        .into_iter()
        .map(|mut diagnostic| {
            if let Some((line, _)) = diagnostic.position
                && diagnostic.snippet.is_none()
            {
                diagnostic.snippet = lines.line(line).map(str::to_string);
            }
            diagnostic
        })
        .collect()
}

/// The lines of a file's text, found once, by number.
pub(crate) struct SourceLines<'t>(Vec<&'t str>);

impl<'t> SourceLines<'t> {
    /// The lines of `text`.
    pub(crate) fn of(text: &'t str) -> SourceLines<'t> {
        SourceLines(text.lines().collect())
    }

    /// The 1-based line `line`, without its line ending.
    pub(crate) fn line(&self, line: u64) -> Option<&'t str> {
        let text = self.0.get(line.checked_sub(1)? as usize)?;
        Some(text.trim_end_matches('\r'))
    }
}

/// Where a value sits in its file, kept for warnings raised after parsing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceSpot {
    /// 1-based line.
    pub line: u64,
    /// 1-based column.
    pub column: u64,
    /// The text of that line.
    pub source_line: String,
}

impl SourceSpot {
    /// The spot at `line`, `column` of `text`.
    pub fn new(text: &str, line: u64, column: u64) -> SourceSpot {
        SourceSpot {
            line,
            column,
            source_line: text
                .lines()
                .nth(line.saturating_sub(1) as usize)
                .unwrap_or_default()
                .to_string(),
        }
    }
}

/// Longest stretch of a source line shown in a snippet; longer lines are cropped around the
/// column so the caret stays in view.
const SNIPPET_WIDTH: usize = 80;

/// As rustc prints its diagnostics, after the `error:` or `warning:` the caller writes:
///
/// ```text
/// `date`: "31/10/2024" is not a valid date
///  --> content/a.md:3:7
///   |
/// 3 | date: 31/10/2024
///   |       ^
///   = help: write the date as 2024-10-31
/// ```
///
/// A problem with a whole file has only the `-->` line; one that belongs to no file, only the
/// message (and help).
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.message)?;
        let gutter = match (self.position, &self.snippet) {
            (Some((line, _)), Some(_)) => line.to_string().len(),
            _ => 1,
        };
        let pad = " ".repeat(gutter);
        if let Some(path) = &self.path {
            let path = path.display();
            match self.position {
                Some((line, column)) => write!(f, "\n{pad}--> {path}:{line}:{column}")?,
                None => write!(f, "\n{pad}--> {path}")?,
            }
        }
        if let (Some((line, column)), Some(source)) = (self.position, &self.snippet) {
            let chars: Vec<char> = source
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect();
            let column = (column.max(1) as usize - 1).min(chars.len());
            let start = column
                .saturating_sub(SNIPPET_WIDTH / 2)
                .min(chars.len().saturating_sub(SNIPPET_WIDTH));
            let end = (start + SNIPPET_WIDTH).min(chars.len());
            let shown: String = chars[start..end].iter().collect();
            write!(
                f,
                "\n{pad} |\n{line} | {}\n{pad} | {:>caret$}",
                shown.trim_end(),
                "^",
                caret = column - start + 1,
            )?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n{pad} = help: {help}")?;
        }
        Ok(())
    }
}

/// What an input is to the build, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputRole {
    /// The site config file.
    Config,
    /// A static file a post's cover image or enclosure is read from.
    Media,
    /// The folder the posts are read from, and everything in it.
    ContentFolder,
    /// The id ledger, `feedsmith.ids`.
    Ledger,
}

impl InputRole {
    /// The role as a message names it: "the site config", "the post".
    pub fn noun(self) -> &'static str {
        match self {
            InputRole::Config => "the site config",
            InputRole::Media => "the static file read for an enclosure",
            InputRole::ContentFolder => "the content folder",
            InputRole::Ledger => "the id ledger",
        }
    }
}

/// Everything that can stop a build.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The site config is invalid.
    #[error("{}", format_diagnostics(.0))]
    Config(Vec<Diagnostic>),

    /// One or more posts are invalid; all of them are reported, not just the first.
    #[error("{}", format_diagnostics(.0))]
    Content(Vec<Diagnostic>),

    /// An input file or folder could not be read.
    #[error("failed to read `{}`: {source}", path.display())]
    Read {
        /// The file or folder.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },

    /// An output could not be written; the previous outputs are left as they were.
    #[error("failed to write `{}`: {source}", path.display())]
    Write {
        /// The file or folder.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },

    /// Something in the output folder has the name of one of feedsmith's own files or
    /// folders but is not as feedsmith leaves it (a planted or damaged crash journal):
    /// nothing was written, and it was left alone.
    #[error(
        "`{}` {why}; feedsmith did not make it so, and will not act on it: look at it, then remove it and build again",
        path.display()
    )]
    Untrusted {
        /// The file or folder.
        path: PathBuf,
        /// What is wrong with it.
        why: String,
    },

    /// An output would replace one of the build's inputs, or be written into the content
    /// folder; found before anything is written.
    #[error("{}", over_input(output, holds.as_deref(), input, *role))]
    OutputOverInput {
        /// The output's path.
        output: PathBuf,
        /// What the output holds ("the OPML list of feeds"), when known.
        holds: Option<String>,
        /// The input it would replace or land in, as the user names it.
        input: PathBuf,
        /// What that input is.
        role: InputRole,
    },

    /// What is in the output folder stands in the way of an output (a file where a folder
    /// must go, a folder or a link where the file must go, a folder that is not writable, a
    /// name too long); found before anything is written.
    #[error("failed to write `{}`: {why}", path.display())]
    OutputBlocked {
        /// The output's path.
        path: PathBuf,
        /// What is in the way.
        why: String,
    },

    /// Two outputs were configured onto one path.
    #[error(
        "two outputs would be written to `{0}`; change a file name or folder pattern in the config"
    )]
    OutputClash(String),

    /// Warnings were found and `--deny-warnings` was given; nothing was written.
    #[error("{} and --deny-warnings; nothing was written", crate::text::counted(.0.len(), "warning", "warnings"))]
    DeniedWarnings(Vec<Diagnostic>),

    /// `SOURCE_DATE_EPOCH` is not a number of seconds.
    #[error("SOURCE_DATE_EPOCH \"{0}\" is not a number of seconds since 1970-01-01")]
    SourceDateEpoch(String),

    /// No `config/site.yaml` here or in any folder above.
    #[error(
        "no site here: {config} is not in {} or any folder above it; `feedsmith init` creates a site, `--config FILE` reads a config elsewhere",
        .searched.display()
    )]
    NoSite {
        /// Where a config is looked for in each folder.
        config: &'static str,
        /// The folder the search started from.
        searched: PathBuf,
    },

    /// The content folder given is a file.
    #[error(
        "`{}` is not a folder: the content folder (`--content`, `content_dir`) holds the posts",
        .0.display()
    )]
    ContentNotAFolder(PathBuf),

    /// An output folder where a build would lose files: the root, the home folder, the
    /// content folder or inside it.
    #[error(
        "`{}` is {why}; feedsmith will not write its outputs there (choose a folder of their own, such as `{instead}`)",
        path.display()
    )]
    RefusedOutputFolder {
        /// The folder, as given.
        path: PathBuf,
        /// What it is.
        why: &'static str,
        /// A folder to name instead: never the one refused.
        instead: &'static str,
    },

    /// `feedsmith init` would overwrite a config.
    #[error(
        "{} already exists: this folder is a feedsmith site, and init never overwrites a file",
        .0.display()
    )]
    SiteExists(PathBuf),

    /// `feedsmith init --from` found no other tool's config.
    #[error(
        "no Hugo (hugo.toml, config.toml, …), Jekyll (_config.yml) or Zola (config.toml) config in {}",
        .0.display()
    )]
    NoToolConfig(PathBuf),

    /// `feedsmith init --from` found a tool whose config is code, which it cannot read.
    #[error(
        "found {} ({tool}): {tool}'s config is code, which feedsmith does not run; run `feedsmith init` and set {advice}",
        .file.display()
    )]
    ToolConfigIsCode {
        /// The tool's name.
        tool: &'static str,
        /// Its config file.
        file: PathBuf,
        /// What to write in feedsmith's config instead.
        advice: &'static str,
    },

    /// The system refused a resource the run needs: worker threads, a port, a signal
    /// handler, a file watcher. Nothing about the input is wrong.
    #[error("cannot {what}: {reason}")]
    System {
        /// What could not be done ("listen on 127.0.0.1:8000").
        what: String,
        /// The system's reason.
        reason: String,
    },
}

/// What kind of failure an [`Error`] is, for the exit status: a script can tell "fix your
/// input" from "the machine failed".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// The input is wrong: the config, a post, a flag, the folders chosen.
    Input,
    /// The machine failed: a file could not be read or written, a port, threads.
    System,
}

impl Error {
    /// Whether the input or the machine is at fault.
    pub fn failure(&self) -> Failure {
        match self {
            // A missing config is a wrong `--config`; any other read failure is the disk's.
            Error::Read { source, .. } if source.kind() != io::ErrorKind::NotFound => {
                Failure::System
            }
            Error::Write { .. } | Error::System { .. } => Failure::System,
            Error::Config(_)
            | Error::Content(_)
            | Error::Read { .. }
            | Error::Untrusted { .. }
            | Error::OutputOverInput { .. }
            | Error::OutputBlocked { .. }
            | Error::OutputClash(_)
            | Error::DeniedWarnings(_)
            | Error::SourceDateEpoch(_)
            | Error::NoSite { .. }
            | Error::ContentNotAFolder(_)
            | Error::RefusedOutputFolder { .. }
            | Error::SiteExists(_)
            | Error::NoToolConfig(_)
            | Error::ToolConfigIsCode { .. } => Failure::Input,
        }
    }

    /// The system refused `what`, for `reason`.
    pub fn system(what: impl Into<String>, reason: impl fmt::Display) -> Error {
        Error::System {
            what: what.into(),
            reason: reason.to_string(),
        }
    }
}

fn over_input(output: &Path, holds: Option<&str>, input: &Path, role: InputRole) -> String {
    let holds = holds.map(|holds| format!(" ({holds})")).unwrap_or_default();
    let clash = match role {
        InputRole::ContentFolder => "would be written into",
        _ => "would overwrite",
    };
    format!(
        "`{}`{holds} {clash} {} `{}`, which this build reads; nothing was written: choose another output folder (`--out`, `output_dir`) or output file name",
        output.display(),
        role.noun(),
        input.display()
    )
}

fn format_diagnostics(diagnostics: &[Diagnostic]) -> String {
    let mut text = String::new();
    for (i, diagnostic) in diagnostics.iter().enumerate() {
        if i > 0 {
            text.push_str("\nerror: ");
        }
        text.push_str(&diagnostic.to_string());
    }
    if diagnostics.len() > 1 {
        text.push_str(&format!("\n{} problems found", diagnostics.len()));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_the_offending_line_with_a_caret() {
        let text = "---\ntitle: A\ndate: 2024-13-45\n---\n";
        let diagnostic = Diagnostic::at(Path::new("p.md"), 3, 7, "bad date").with_source(text);
        assert_eq!(
            diagnostic.to_string(),
            "bad date\n --> p.md:3:7\n  |\n3 | date: 2024-13-45\n  |       ^"
        );
        let helped = diagnostic.with_help("write the date as 2024-12-15");
        assert!(
            helped
                .to_string()
                .ends_with("\n  |       ^\n  = help: write the date as 2024-12-15")
        );
        assert_eq!(
            Diagnostic::file(Path::new("p.md"), "empty").to_string(),
            "empty\n --> p.md"
        );
    }

    #[test]
    fn crops_long_lines_around_the_column() {
        let line = format!("tags: [{}, oops]", "x".repeat(200));
        let diagnostic = Diagnostic::at(Path::new("p.md"), 1, 210, "here").with_source(&line);
        let shown: Vec<String> = diagnostic.to_string().lines().map(String::from).collect();
        assert_eq!(shown.len(), 5);
        let caret = shown[4].find('^').unwrap();
        assert_eq!(&shown[3][caret..caret + 4], "oops");
        assert!(shown[3].chars().count() <= SNIPPET_WIDTH + 6);
    }

    #[test]
    fn general_diagnostics_have_no_path() {
        assert_eq!(Diagnostic::general("two tags").to_string(), "two tags");
    }
}
