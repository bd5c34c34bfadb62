//! The library's error types. Every error names the file it is about and, where there is one,
//! the line and column, so the user can act without guessing.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// One problem in an input file, located as precisely as the input allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file the problem is in, as the user named it (relative paths stay relative).
    pub path: PathBuf,
    /// 1-based line and column, when known.
    pub position: Option<(u64, u64)>,
    /// What is wrong, in the user's terms.
    pub message: String,
}

impl Diagnostic {
    /// A problem at a known line and column.
    pub fn at(path: &Path, line: u64, column: u64, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.to_path_buf(),
            position: Some((line, column)),
            message: message.into(),
        }
    }

    /// A problem with the file as a whole.
    pub fn file(path: &Path, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.to_path_buf(),
            position: None,
            message: message.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some((line, column)) => write!(
                f,
                "{}:{line}:{column}: {}",
                self.path.display(),
                self.message
            ),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

/// Everything that can stop a build.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The site config is invalid.
    #[error("{0}")]
    Config(Diagnostic),

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

    /// Two outputs were configured onto one path.
    #[error(
        "two outputs would be written to `{0}`; change a file name or folder pattern in the config"
    )]
    OutputClash(String),

    /// The environment holds an invalid setting (e.g. `SOURCE_DATE_EPOCH`).
    #[error("{0}")]
    Environment(String),
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
