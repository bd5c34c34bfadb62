//! YAML parsing shared by the site config and post front matter: strict settings, bounded
//! alias expansion, and errors turned into [`Diagnostic`]s that point into the user's file.

use std::borrow::Cow;
use std::path::Path;

use serde::de::DeserializeOwned;
use serde_saphyr::{DefaultMessageFormatter, Localizer, Location, SnippetMode};

use crate::error::Diagnostic;

/// Parses `yaml`, which starts on line `first_line` (1-based) of the file at `path`.
pub(crate) fn parse<T: DeserializeOwned>(
    yaml: &str,
    path: &Path,
    first_line: u64,
) -> Result<T, Diagnostic> {
    parse_with(yaml, path, first_line, false)
}

/// [`parse`]; with `last_key_wins`, a key given twice keeps its last value, as Ruby's YAML
/// (and so Jekyll) reads it, instead of being an error.
pub(crate) fn parse_with<T: DeserializeOwned>(
    yaml: &str,
    path: &Path,
    first_line: u64,
    last_key_wins: bool,
) -> Result<T, Diagnostic> {
    // `yes`/`no` as booleans is a YAML 1.1 trap (`draft: no` would be a string in 1.2).
    let options = serde_saphyr::options! {
        strict_booleans: true,
        with_snippet: false,
        // `.inf` and `.nan` are YAML floats no key feedsmith reads takes: kept as their
        // text, so a theme's `weight: .inf` stops no build.
        non_finite_float_policy: serde_saphyr::NonFiniteFloatPolicy::AsString,
        duplicate_keys: match last_key_wins {
            true => serde_saphyr::DuplicateKeyPolicy::LastWins,
            false => serde_saphyr::DuplicateKeyPolicy::Error,
        },
    };
    serde_saphyr::from_str_with_options(yaml, options)
        .map_err(|err| to_diagnostic(&err, yaml, path, first_line))
}

/// Converts a parser error in `yaml` into a [`Diagnostic`] located in the user's file, in
/// the user's terms: the parser's wording and its own type and option names are replaced
/// by what went wrong and how to fix it, where that is known.
fn to_diagnostic(
    err: &serde_saphyr::Error,
    yaml: &str,
    path: &Path,
    first_line: u64,
) -> Diagnostic {
    let localizer = FileLines { first_line };
    let formatter = DefaultMessageFormatter.with_localizer(&localizer);
    let message = err.render_with_options(serde_saphyr::render_options! {
        formatter: &formatter,
        snippets: SnippetMode::Off,
    });
    let line = err
        .location()
        .and_then(|location| yaml.lines().nth(location.line().saturating_sub(1) as usize))
        .unwrap_or_default();
    let column = err.location().map(|l| l.column()).unwrap_or(1);
    // The scanner stops at a tab one token late (on the line before), in its own words: the
    // line a tab indents is the one to fix.
    if message.contains("found a tab") || message.contains("tabs") {
        let from = err
            .location()
            .map_or(0, |l| l.line().saturating_sub(1) as usize);
        if let Some((index, text)) = yaml
            .lines()
            .enumerate()
            .skip(from)
            .find(|(_, text)| text[..text.len() - text.trim_start().len()].contains('\t'))
        {
            let column = text.find('\t').unwrap_or(0) as u64 + 1;
            return Diagnostic::at(
                path,
                index as u64 + first_line,
                column,
                "a tab indents this line: YAML indents with spaces only",
            )
            .with_help("replace the tab with spaces");
        }
    }
    let (message, help) = explained(&message, line, column);
    let diagnostic = match err.location() {
        Some(location) => Diagnostic::at(
            path,
            location.line() + first_line - 1,
            location.column(),
            message,
        ),
        None => Diagnostic::file(path, message),
    };
    match help {
        Some(help) => diagnostic.with_help(help),
        None => diagnostic,
    }
}

/// The parser's `message` about the YAML `line` it points at, said in the user's terms,
/// with how to fix it when that is known.
fn explained(message: &str, line: &str, column: u64) -> (String, Option<String>) {
    let key = key_before(line, column);
    if message.starts_with("budget breached") {
        return (
            "this YAML expands too far: aliases that multiply (an \"alias bomb\") are rejected"
                .into(),
            Some("write the values out instead of nesting aliases (`*name`)".into()),
        );
    }
    if message.starts_with("mapping values are not allowed") {
        let help = match line.split_once(": ") {
            Some((key, value)) => format!(
                "quote a value that holds `: `: `{}: \"{}\"`",
                key.trim_start(),
                value.trim().replace('"', "\\\"")
            ),
            None => "quote a value that holds `: `".into(),
        };
        return ("a value holding `: ` must be quoted".into(), Some(help));
    }
    if let Some(rest) = message.strip_prefix("duplicate mapping key: ") {
        let duplicate = rest.split(',').next().unwrap_or(rest).trim();
        return (
            format!("`{duplicate}` is given twice"),
            Some(format!("keep one `{duplicate}:` line")),
        );
    }
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (unknown, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let known: Vec<&str> = expected
            .trim_start_matches(", expected one of ")
            .trim_start_matches(", expected ")
            .split(", ")
            .map(|name| name.trim_matches('`'))
            .filter(|name| !name.is_empty())
            .collect();
        let help = match closest(unknown, &known) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!("the keys allowed here are {}", known.join(", ")),
        };
        return (format!("unknown key `{unknown}`"), Some(help));
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let missing = rest.split('`').next().unwrap_or(rest);
        return (format!("missing key `{missing}`"), None);
    }
    if message.starts_with("expected sequence") {
        let subject = key
            .map(|key| format!("`{key}`"))
            .unwrap_or("this value".into());
        return (
            format!("{subject} must be a list"),
            Some(format!(
                "write a list: `{}: [a, b]`, or one `- item` per line below it",
                key.unwrap_or("key")
            )),
        );
    }
    let subject = key
        .map(|key| format!("`{key}`"))
        .unwrap_or("this value".into());
    if message.starts_with("expected mapping") {
        return (
            format!("{subject} must be a map of settings"),
            Some(format!(
                "write its settings indented below it, one `name: value` a line, or as `{}: {{ name: value }}`",
                key.unwrap_or("key")
            )),
        );
    }
    if message.starts_with("invalid u") || message.starts_with("invalid i") {
        return (
            format!("{subject} must be a whole number, 0 or more"),
            Some(format!(
                "write digits only, e.g. `{}: 20`",
                key.unwrap_or("key")
            )),
        );
    }
    if message.starts_with("invalid boolean") {
        return (
            format!("{subject} must be `true` or `false`"),
            Some("`yes`, `no`, `on` and `off` are text here, not booleans".into()),
        );
    }
    // The config's one person is its `author` (the error may point inside its map).
    if message.contains("untagged enum RawPerson") {
        return (
            "`author` must be a name, or a map with `name` (and `email`, `url`)".into(),
            Some(
                "write `author: Ann Lee` or `author: { name: Ann Lee, email: ann@example.com }`"
                    .into(),
            ),
        );
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        return (format!("{subject} has the wrong shape: {rest}"), None);
    }
    (message.to_string(), None)
}

/// The key whose value is at `column` of `line` (1-based): the last `name:` before it, so
/// `feeds: {limit: abc}` names `limit`, not `feeds`.
fn key_before(line: &str, column: u64) -> Option<&str> {
    let before: String = line
        .chars()
        .take(column.saturating_sub(1) as usize)
        .collect();
    // The error may sit on the key itself (`author:` with a bad map below): the first key.
    let end = match before.trim_end().strip_suffix(':') {
        Some(head) => head.len(),
        None => line.find(':')?,
    };
    let head = line.get(..end)?;
    let start = head
        .rfind(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
        .map(|i| i + 1)
        .unwrap_or(0);
    Some(&head[start..]).filter(|key| !key.is_empty())
}

/// The name among `known` closest to `unknown`, if one is close enough to be a typo.
pub(crate) fn closest<'k>(unknown: &str, known: &[&'k str]) -> Option<&'k str> {
    let unknown = unknown.to_lowercase();
    known
        .iter()
        .map(|name| {
            (
                strsim::damerau_levenshtein(&unknown, &name.to_lowercase()),
                *name,
            )
        })
        .filter(|(distance, name)| *distance <= (name.len() / 4).clamp(1, 3))
        .min_by_key(|(distance, name)| (*distance, *name))
        .map(|(_, name)| name)
}

/// Line numbers of a located YAML value, shifted to the enclosing file.
pub(crate) fn file_position(location: &Location, first_line: u64) -> (u64, u64) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parser_messages_become_the_users_terms() {
        let (message, help) = explained(
            "mapping values are not allowed in this context",
            "title: Rust: a story",
            12,
        );
        assert_eq!(message, "a value holding `: ` must be quoted");
        assert_eq!(
            help.unwrap(),
            "quote a value that holds `: `: `title: \"Rust: a story\"`"
        );
        let (message, help) = explained(
            "duplicate mapping key: title, set DuplicateKeyPolicy in Options if acceptable",
            "title: B",
            1,
        );
        assert_eq!(message, "`title` is given twice");
        assert_eq!(help.unwrap(), "keep one `title:` line");
        let (message, help) = explained(
            "unknown field `base_ulr`, expected one of title, description, base_url, language",
            "base_ulr: x",
            1,
        );
        assert_eq!(message, "unknown key `base_ulr`");
        assert_eq!(help.unwrap(), "did you mean `base_url`?");
        let (message, help) = explained("expected sequence start", "exclude: drafts", 10);
        assert_eq!(message, "`exclude` must be a list");
        assert!(help.unwrap().contains("exclude: [a, b]"));
        let (message, _) = explained("budget breached: Nodes { nodes: 250001 }", "a: *b", 4);
        assert!(!message.contains("Nodes"), "{message}");
        let (message, _) = explained("invalid u64", "feeds: {limit: abc}", 16);
        assert_eq!(message, "`limit` must be a whole number, 0 or more");
        let (message, _) = explained(
            "invalid boolean (strict mode expects true/false)",
            "  enabled: maybe",
            12,
        );
        assert_eq!(message, "`enabled` must be `true` or `false`");
        let (message, _) = explained(
            "data did not match any variant of untagged enum RawPerson",
            "author: {email: x@y.z}",
            9,
        );
        assert!(message.starts_with("`author` must be a name"), "{message}");
    }

    #[test]
    fn typos_are_close_and_other_names_are_not() {
        let known = ["title", "description", "base_url", "tags"];
        assert_eq!(closest("descripton", &known), Some("description"));
        assert_eq!(closest("tgas", &known), Some("tags"));
        assert_eq!(closest("Title", &known), Some("title"));
        assert_eq!(closest("layout", &known), None);
        assert_eq!(closest("colour", &known), None);
    }
}
