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
    // line a tab indents is the one to fix. Its errors have no kind to ask
    // (saphyr-rs/saphyr#29, open): their text is all there is.
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
    let (message, help) = explained(&Problem::of(err, &message), line, column);
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

/// What a parser error says went wrong, by its kind where the parser gives one.
#[derive(Debug, PartialEq, Eq)]
enum Problem<'e> {
    /// Aliases expand past the budget (an alias bomb).
    TooFar,
    /// A key given twice (named when the parser knows it).
    DuplicateKey(Option<&'e str>),
    /// A key no setting has, and the keys allowed there.
    UnknownKey(&'e str, &'e [&'static str]),
    /// A required key left out.
    MissingKey(&'e str),
    /// A list was expected.
    NotList,
    /// A map of settings was expected.
    NotMap,
    /// A whole number was expected.
    NotWholeNumber,
    /// `true` or `false` was expected (`yes`/`no` are text under strict booleans).
    NotBoolean,
    /// A value of another shape, in the parser's words after `invalid type: `.
    WrongShape(&'e str),
    /// Anything else, in the parser's words: its scanner's errors have no kind
    /// (saphyr-rs/saphyr#29), nor have serde's untagged enums (serde-rs/serde#3083).
    Said(&'e str),
}

impl<'e> Problem<'e> {
    /// The problem `err` reports, its `message` as rendered.
    fn of(err: &'e serde_saphyr::Error, message: &'e str) -> Problem<'e> {
        use serde_saphyr::Error as E;
        // An error met through an alias comes wrapped with where the alias was defined
        // and used: the kind is the one inside.
        let mut err = err;
        while let E::AliasError { error, .. } | E::WithSnippet { error, .. } = err {
            err = error;
        }
        match err {
            E::Budget { .. }
            | E::AliasReplayLimitExceeded { .. }
            | E::AliasExpansionLimitExceeded { .. }
            | E::AliasReplayStackDepthExceeded { .. } => Problem::TooFar,
            E::DuplicateMappingKey { key, .. } => Problem::DuplicateKey(key.as_deref()),
            E::SerdeUnknownField {
                field, expected, ..
            } => Problem::UnknownKey(field, expected),
            E::SerdeMissingField { field, .. } => Problem::MissingKey(field),
            E::Unexpected { expected, .. } if expected.starts_with("sequence") => Problem::NotList,
            E::Unexpected { expected, .. } if expected.starts_with("mapping") => Problem::NotMap,
            E::InvalidScalar { ty, .. } if ty.starts_with('u') || ty.starts_with('i') => {
                Problem::NotWholeNumber
            }
            E::InvalidBooleanStrict { .. } => Problem::NotBoolean,
            E::SerdeInvalidType { .. } if !message.contains("untagged enum") => {
                Problem::WrongShape(message.strip_prefix("invalid type: ").unwrap_or(message))
            }
            _ => Problem::Said(message),
        }
    }
}

/// The `problem` about the YAML `line` it points at (`column`), said in the user's terms,
/// with how to fix it when that is known.
fn explained(problem: &Problem<'_>, line: &str, column: u64) -> (String, Option<String>) {
    let key = key_before(line, column);
    let subject = key
        .map(|key| format!("`{key}`"))
        .unwrap_or("this value".into());
    match problem {
        Problem::TooFar => (
            "this YAML expands too far: aliases that multiply (an \"alias bomb\") are rejected"
                .into(),
            Some("write the values out instead of nesting aliases (`*name`)".into()),
        ),
        Problem::DuplicateKey(duplicate) => {
            let duplicate = duplicate.or(key).unwrap_or("a key");
            (
                format!("`{duplicate}` is given twice"),
                Some(format!("keep one `{duplicate}:` line")),
            )
        }
        Problem::UnknownKey(unknown, known) => {
            let help = match closest(unknown, known) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!("the keys allowed here are {}", known.join(", ")),
            };
            (format!("unknown key `{unknown}`"), Some(help))
        }
        Problem::MissingKey(missing) => (format!("missing key `{missing}`"), None),
        Problem::NotList => (
            format!("{subject} must be a list"),
            Some(format!(
                "write a list: `{}: [a, b]`, or one `- item` per line below it",
                key.unwrap_or("key")
            )),
        ),
        Problem::NotMap => (
            format!("{subject} must be a map of settings"),
            Some(format!(
                "write its settings indented below it, one `name: value` a line, or as `{}: {{ name: value }}`",
                key.unwrap_or("key")
            )),
        ),
        Problem::NotWholeNumber => (
            format!("{subject} must be a whole number, 0 or more"),
            Some(format!(
                "write digits only, e.g. `{}: 20`",
                key.unwrap_or("key")
            )),
        ),
        Problem::NotBoolean => (
            format!("{subject} must be `true` or `false`"),
            Some("`yes`, `no`, `on` and `off` are text here, not booleans".into()),
        ),
        Problem::WrongShape(rest) => (format!("{subject} has the wrong shape: {rest}"), None),
        Problem::Said(message) => said(message, line),
    }
}

/// A problem the parser says only in words: a value holding `: ` (the scanner's "mapping
/// values are not allowed"), a value of neither of two shapes (serde's untagged enums).
fn said(message: &str, line: &str) -> (String, Option<String>) {
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
    either_shape(message).unwrap_or_else(|| (message.to_string(), None))
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
    // The key starts after the last character that cannot be in one, which may be wider
    // than a byte (a byte-order mark, a non-breaking space): its end, not its start + 1.
    let start = head
        .char_indices()
        .rfind(|(_, c)| !(c.is_alphanumeric() || *c == '_' || *c == '-'))
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(0);
    Some(&head[start..]).filter(|key| !key.is_empty())
}

/// The config's values that take one of two shapes (a text, or a map), said in the user's
/// terms when the parser's `message` says neither fits.
fn either_shape(message: &str) -> Option<(String, Option<String>)> {
    // The config's one person is its `author` (the error may point inside its map).
    if message.contains("untagged enum RawPerson") {
        return Some((
            "`author` must be a name, or a map with `name` (and `email`, `url`)".into(),
            Some(
                "write `author: Ann Lee` or `author: { name: Ann Lee, email: ann@example.com }`"
                    .into(),
            ),
        ));
    }
    message.contains("untagged enum RawLanguage").then(|| {
        (
            "each of `languages` must be a tag, or a map with `code` (and `title`, `description`, `prefix`, `base_url`, `permalink`)".into(),
            Some("write `- fr` or `- { code: fr, base_url: \"https://fr.example.com/\" }`".into()),
        )
    })
}

/// The name among `known` closest to `unknown`, if one is close enough to be a typo.
pub(crate) fn closest<'k>(unknown: &str, known: &[&'k str]) -> Option<&'k str> {
    let unknown = unknown.to_lowercase();
    let length = unknown.chars().count();
    known
        .iter()
        // No edit distance is shorter than the difference in length: a name too long or
        // too short to be close is passed over before the distance is worked out.
        .filter(|name| length.abs_diff(name.chars().count()) <= (name.len() / 4).clamp(1, 3))
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
    fn parser_problems_become_the_users_terms() {
        let (message, help) = explained(
            &Problem::Said("mapping values are not allowed in this context"),
            "title: Rust: a story",
            12,
        );
        assert_eq!(message, "a value holding `: ` must be quoted");
        assert_eq!(
            help.unwrap(),
            "quote a value that holds `: `: `title: \"Rust: a story\"`"
        );
        let (message, help) = explained(&Problem::DuplicateKey(Some("title")), "title: B", 1);
        assert_eq!(message, "`title` is given twice");
        assert_eq!(help.unwrap(), "keep one `title:` line");
        // Unnamed by the parser, the duplicate is the key the error points at.
        let (message, _) = explained(&Problem::DuplicateKey(None), "  slug: b", 9);
        assert_eq!(message, "`slug` is given twice");
        let known = ["title", "description", "base_url", "language"];
        let (message, help) = explained(&Problem::UnknownKey("base_ulr", &known), "base_ulr: x", 1);
        assert_eq!(message, "unknown key `base_ulr`");
        assert_eq!(help.unwrap(), "did you mean `base_url`?");
        let (_, help) = explained(&Problem::UnknownKey("layout", &known), "layout: x", 1);
        assert_eq!(
            help.unwrap(),
            "the keys allowed here are title, description, base_url, language"
        );
        let (message, help) = explained(&Problem::NotList, "exclude: drafts", 10);
        assert_eq!(message, "`exclude` must be a list");
        assert!(help.unwrap().contains("exclude: [a, b]"));
        let (message, _) = explained(&Problem::NotMap, "feeds: 3", 8);
        assert_eq!(message, "`feeds` must be a map of settings");
        let (message, _) = explained(&Problem::TooFar, "a: *b", 4);
        assert!(message.contains("alias bomb"), "{message}");
        let (message, _) = explained(&Problem::NotWholeNumber, "feeds: {limit: abc}", 16);
        assert_eq!(message, "`limit` must be a whole number, 0 or more");
        let (message, _) = explained(&Problem::NotBoolean, "  enabled: maybe", 12);
        assert_eq!(message, "`enabled` must be `true` or `false`");
        let (message, _) = explained(
            &Problem::Said("data did not match any variant of untagged enum RawPerson"),
            "author: {email: x@y.z}",
            9,
        );
        assert!(message.starts_with("`author` must be a name"), "{message}");
        let (message, _) = explained(
            &Problem::Said("data did not match any variant of untagged enum RawLanguage"),
            "  - {tag: fr}",
            5,
        );
        assert!(message.contains("a map with `code`"), "{message}");
    }

    /// The parser's own errors, classified by their kind and not their words.
    #[test]
    fn problems_are_read_from_the_parsers_error_kinds() {
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Settings {
            title: String,
            #[serde(default)]
            limit: u64,
            #[serde(default)]
            tags: Vec<String>,
            #[serde(default)]
            draft: bool,
        }
        // Through `parse`, the path the config and front matter take.
        let said = |yaml: &str| {
            let err = parse::<Settings>(yaml, Path::new("site.yaml"), 3).unwrap_err();
            (err.position, err.message)
        };
        let said_at = |line: u64, message: &str| (Some((line, 1)), message.to_string());
        assert_eq!(
            said("title: a\ntitle: b\n"),
            said_at(4, "`title` is given twice")
        );
        assert_eq!(
            said("title: a\ntilte: b\n"),
            said_at(4, "unknown key `tilte`")
        );
        assert_eq!(said("limit: 3\n").1, "missing key `title`");
        assert_eq!(
            said("title: a\nlimit: abc\n").1,
            "`limit` must be a whole number, 0 or more"
        );
        assert_eq!(said("title: a\ntags: drafts\n").1, "`tags` must be a list");
        assert_eq!(
            said("title: a\ndraft: yes\n").1,
            "`draft` must be `true` or `false`"
        );
    }

    #[test]
    fn a_key_after_a_wide_character_is_cut_at_its_boundary() {
        // A byte-order mark, a no-break space and an ideographic space before the key.
        assert_eq!(key_before("c\u{feff}d:e", 1), Some("d"));
        assert_eq!(key_before("a\u{a0}title: x", 3), Some("title"));
        assert_eq!(key_before("\u{3000}日付: x", 1), Some("日付"));
        assert_eq!(key_before("\u{1F600}:", 1), None);
    }

    proptest::proptest! {
        /// Whatever the line and wherever the parser points, explaining an error never
        /// panics: the fuzzer found `key_before` slicing inside a three-byte character.
        #[test]
        fn explaining_any_line_at_any_column_never_panics(
            line in "\\PC{0,12}(:\\PC{0,6})?",
            column in 0u64..24,
        ) {
            let problems = [
                Problem::Said("mapping values are not allowed"),
                Problem::NotWholeNumber,
                Problem::DuplicateKey(None),
                Problem::UnknownKey("x", &["title"]),
            ];
            for problem in &problems {
                let _ = explained(problem, &line, column);
            }
        }
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
