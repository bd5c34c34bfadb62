//! YAML parsing shared by the site config and post front matter: strict settings, bounded
//! alias expansion, and errors turned into [`Diagnostic`]s that point into the user's file.

use std::borrow::Cow;
use std::path::Path;

use serde::de::DeserializeOwned;
use serde_saphyr::{DefaultMessageFormatter, Localizer, Location, SnippetMode};

use crate::error::Diagnostic;

/// Parses `yaml`, which starts on line `first_line` (1-based) of the file at `path`.
pub fn parse<T: DeserializeOwned>(
    yaml: &str,
    path: &Path,
    first_line: u64,
) -> Result<T, Diagnostic> {
    // `yes`/`no` as booleans is a YAML 1.1 trap (`draft: no` would be a string in 1.2).
    let options = serde_saphyr::options! {
        strict_booleans: true,
        with_snippet: false,
    };
    serde_saphyr::from_str_with_options(yaml, options)
        .map_err(|err| to_diagnostic(&err, path, first_line))
}

/// Converts a parser error into our `file:line:col: message` form.
pub fn to_diagnostic(err: &serde_saphyr::Error, path: &Path, first_line: u64) -> Diagnostic {
    let localizer = FileLines { first_line };
    let formatter = DefaultMessageFormatter.with_localizer(&localizer);
    let mut message = err.render_with_options(serde_saphyr::render_options! {
        formatter: &formatter,
        snippets: SnippetMode::Off,
    });
    if let Some(limit) = message.strip_prefix("budget breached: ") {
        message = format!(
            "YAML expands beyond the parser's limits ({limit}); aliases that multiply (an \"alias bomb\") are rejected"
        );
    }
    match err.location() {
        Some(location) => Diagnostic::at(
            path,
            location.line() + first_line - 1,
            location.column(),
            message,
        ),
        None => Diagnostic::file(path, message),
    }
}

/// Line numbers of a located YAML value, shifted to the enclosing file.
pub fn file_position(location: &Location, first_line: u64) -> (u64, u64) {
    (location.line() + first_line - 1, location.column())
}

/// The parser appends " at line L, column C" to messages; we print the location ourselves,
/// shifted by the front-matter offset, so that suffix is dropped, and the alias locations
/// some messages carry are shifted to the file's own line numbers.
struct FileLines {
    first_line: u64,
}

impl Localizer for FileLines {
    fn attach_location<'a>(&self, base: Cow<'a, str>, _location: Location) -> Cow<'a, str> {
        base
    }

    fn alias_defined_at(&self, defined: Location) -> String {
        let (line, column) = file_position(&defined, self.first_line);
        format!(" (alias defined at line {line}, column {column})")
    }

    fn alias_used_at(&self, used: Location) -> String {
        if used == Location::UNKNOWN {
            return String::new();
        }
        let (line, column) = file_position(&used, self.first_line);
        format!(" (used at line {line}, column {column})")
    }
}
