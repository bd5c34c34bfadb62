//! Splitting a post file into its front matter and Markdown body, and parsing the front
//! matter — YAML between `---` lines, TOML between `+++` lines, or a JSON object (Hugo) —
//! into one located tree, so the fields are read the same way whatever the format. Split by
//! hand, as zola's `front_matter/split.rs` does, so that line numbers survive.

use std::path::Path;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use crate::error::Diagnostic;
use crate::yaml;

/// The three front-matter formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// YAML between `---` lines (Jekyll, Hugo, Astro, Next.js, Eleventy).
    Yaml,
    /// TOML between `+++` lines (Zola, Hugo).
    Toml,
    /// A JSON object at the top of the file (Hugo), or between `---json` and `---`
    /// (Eleventy).
    Json,
    /// JavaScript between `---js` and `---` (Eleventy): `const name = value;` lines whose
    /// values are literals are read; code is not run.
    JavaScript,
}

/// The opening fences, the format each opens and the fence that closes it.
const FENCES: [(&str, Format, &str); 8] = [
    ("---", Format::Yaml, "---"),
    ("+++", Format::Toml, "+++"),
    ("---yaml", Format::Yaml, "---"),
    ("---yml", Format::Yaml, "---"),
    ("---toml", Format::Toml, "---"),
    ("---json", Format::Json, "---"),
    ("---js", Format::JavaScript, "---"),
    ("---javascript", Format::JavaScript, "---"),
];

/// The two halves of a post file.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Split<'a> {
    /// How the front matter is written.
    pub(crate) format: Format,
    /// The front matter without its fences (JSON: the whole object).
    pub(crate) front: &'a str,
    /// 1-based line of the file on which the front matter opens (its fence or brace).
    pub(crate) opening_line: u64,
    /// 1-based line of the file on which `front` starts.
    pub(crate) front_first_line: u64,
    /// The Markdown after the front matter.
    pub(crate) body: &'a str,
    /// 1-based line of the file on which `body` starts.
    pub(crate) body_first_line: u64,
}

/// Why a file could not be split.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum SplitError {
    /// The first line that is not blank opens no front matter.
    Missing,
    /// The fence opened on `line` is never closed with the fence given.
    NotClosed(&'static str, u64),
}

impl SplitError {
    /// The message for a post file.
    pub(crate) fn message(&self) -> String {
        match self {
            SplitError::Missing => "missing front matter: a post starts with YAML between `---` lines, TOML between `+++` lines, or a JSON object `{ … }`".into(),
            SplitError::NotClosed(fence, _) => {
                format!("front matter opened here is never closed with `{fence}`")
            }
        }
    }

    /// The line the problem is on.
    pub(crate) fn line(&self) -> u64 {
        match self {
            SplitError::Missing => 1,
            SplitError::NotClosed(_, line) => *line,
        }
    }
}

/// Splits `text` (already free of a byte-order mark and CRLF line endings). Blank lines
/// before the opening fence are allowed.
pub(crate) fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let mut offset = 0;
    let mut line_number = 1;
    for line in text.split_inclusive('\n') {
        if !line.trim().is_empty() {
            break;
        }
        offset += line.len();
        line_number += 1;
    }
    let text = &text[offset..];
    let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
    let opening = first.trim_end();
    let Some(&(_, format, closing)) = FENCES.iter().find(|(open, ..)| *open == opening) else {
        return match first.starts_with('{') {
            true => Ok(split_json(text, line_number)),
            false => Err(SplitError::Missing),
        };
    };
    let mut inner = 0;
    for (lines, line) in (0..).zip(rest.split_inclusive('\n')) {
        let bare = line.trim_end();
        if bare == closing || (format == Format::Yaml && bare == "...") {
            return Ok(Split {
                format,
                opening_line: line_number,
                front: &rest[..inner],
                front_first_line: line_number + 1,
                body: &rest[inner + line.len()..],
                body_first_line: line_number + lines + 2,
            });
        }
        inner += line.len();
    }
    Err(SplitError::NotClosed(closing, line_number))
}

/// A JSON object ends where its closing brace does; the rest of that line is dropped. An
/// object that does not parse is all front matter, so that parsing reports its error.
fn split_json(text: &str, first_line: u64) -> Split<'_> {
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<de::IgnoredAny>();
    let end = match stream.next() {
        Some(Ok(_)) => stream.byte_offset(),
        _ => text.len(),
    };
    let after = &text[end..];
    let body = after.split_once('\n').map_or("", |(_, body)| body);
    let lines = text[..text.len() - body.len()].matches('\n').count() as u64;
    Split {
        format: Format::Json,
        opening_line: first_line,
        front: &text[..end],
        front_first_line: first_line,
        body,
        body_first_line: first_line + lines,
    }
}

/// A front-matter value with the place it is written.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node {
    /// The value.
    pub(crate) value: Value,
    /// 1-based line in the post file.
    pub(crate) line: u64,
    /// 1-based column.
    pub(crate) column: u64,
}

/// A front-matter value, whatever the format it was written in.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    /// YAML `~`/`null`, JSON `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A whole number.
    Integer(i64),
    /// A number with a fraction.
    Float(f64),
    /// Text.
    String(String),
    /// A TOML date or date-time, in its RFC 3339 form.
    Datetime(String),
    /// A sequence, array or list.
    List(Vec<Node>),
    /// A mapping, table or object, in the order written.
    Map(Vec<(String, Node)>),
}

impl Value {
    /// What kind of value this is, in the user's words, for messages.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Value::Null => "nothing",
            Value::Bool(_) => "a true/false value",
            Value::Integer(_) | Value::Float(_) => "a number",
            Value::String(_) => "a string",
            Value::Datetime(_) => "a date",
            Value::List(_) => "a list",
            Value::Map(_) => "a map",
        }
    }
}

/// Parses the front matter of `split` into a map (an empty block is a map with no keys).
/// The front matter of `split` as a tree; `last_key_wins` for a tool whose YAML reader keeps
/// a repeated key's last value (Jekyll's Ruby), where other tools stop.
pub(crate) fn parse(
    split: &Split<'_>,
    path: &Path,
    last_key_wins: bool,
) -> Result<Node, Diagnostic> {
    let first_line = split.front_first_line;
    let empty = Node {
        value: Value::Map(Vec::new()),
        line: first_line.saturating_sub(1).max(1),
        column: 1,
    };
    if split.front.trim().is_empty() {
        return Ok(empty);
    }
    let node = match split.format {
        Format::Yaml => {
            let spanned: Spanned<Value> =
                yaml::parse_with(split.front, path, first_line, last_key_wins)?;
            let mut node = from_spanned(spanned);
            shift(&mut node, first_line - 1);
            node
        }
        Format::Toml => parse_toml(split.front, path, first_line)?,
        Format::Json => {
            let value: serde_json::Value = serde_json::from_str(split.front).map_err(|err| {
                Diagnostic::at(
                    path,
                    err.line() as u64 + first_line - 1,
                    err.column() as u64,
                    format!("JSON front matter: {err}")
                        .split(" at line ")
                        .next()
                        .unwrap_or_default()
                        .to_string(),
                )
            })?;
            // serde_json keeps no positions: every value points at the opening brace.
            from_json(value, first_line)
        }
        Format::JavaScript => parse_javascript(split.front, first_line),
    };
    match node.value {
        Value::Map(_) => Ok(node),
        Value::Null => Ok(empty),
        ref other => Err(Diagnostic::at(
            path,
            node.line,
            node.column,
            format!(
                "front matter must be a map of fields (`title: …`), not {}",
                other.kind()
            ),
        )),
    }
}

fn from_spanned(spanned: Spanned<Value>) -> Node {
    Node {
        line: spanned.referenced.line().max(1),
        column: spanned.referenced.column().max(1),
        value: spanned.value,
    }
}

/// Moves every line number of `node` down by `lines`: YAML positions count from the block.
fn shift(node: &mut Node, lines: u64) {
    node.line += lines;
    match &mut node.value {
        Value::List(items) => items.iter_mut().for_each(|item| shift(item, lines)),
        Value::Map(entries) => entries
            .iter_mut()
            .for_each(|(_, value)| shift(value, lines)),
        _ => {}
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a front-matter value")
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Value::deserialize(d)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Integer(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or(Value::Float(v as f64), Value::Integer))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<Value>>()? {
            items.push(from_spanned(item));
        }
        Ok(Value::List(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries: Vec<(String, Node)> = Vec::new();
        // Where each key is in `entries`: a map of many keys is read in time linear in them.
        let mut at: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        while let Some(key) = map.next_key::<Key>()? {
            let value = from_spanned(map.next_value::<Spanned<Value>>()?);
            // A key given again (allowed where the last one wins) replaces the first.
            match at.get(&key.0) {
                Some(&index) => entries[index].1 = value,
                None => {
                    at.insert(key.0.clone(), entries.len());
                    entries.push((key.0, value));
                }
            }
        }
        Ok(Value::Map(entries))
    }
}

/// A mapping key: YAML allows numbers and booleans as keys; they are read as their text.
struct Key(String);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Key, D::Error> {
        match Value::deserialize(deserializer)? {
            Value::String(text) => Ok(Key(text)),
            Value::Integer(n) => Ok(Key(n.to_string())),
            Value::Float(n) => Ok(Key(n.to_string())),
            Value::Bool(b) => Ok(Key(b.to_string())),
            Value::Null => Ok(Key(String::new())),
            other => Err(de::Error::custom(format!(
                "a key must be text, not {}",
                other.kind()
            ))),
        }
    }
}

fn parse_toml(text: &str, path: &Path, first_line: u64) -> Result<Node, Diagnostic> {
    let lines = LineIndex::new(text, first_line);
    let table = toml::de::DeTable::parse(text).map_err(|err| {
        let (line, column) = err.span().map_or((first_line, 1), |s| lines.at(s.start));
        Diagnostic::at(
            path,
            line,
            column,
            format!("TOML front matter: {}", err.message().trim_end()),
        )
    })?;
    let (line, column) = lines.at(table.span().start);
    Ok(Node {
        value: toml_table(table.into_inner(), &lines),
        line,
        column,
    })
}

fn toml_table(table: toml::de::DeTable<'_>, lines: &LineIndex) -> Value {
    Value::Map(
        table
            .into_iter()
            .map(|(key, value)| (key.into_inner().into_owned(), toml_node(value, lines)))
            .collect(),
    )
}

fn toml_node(spanned: toml::Spanned<toml::de::DeValue<'_>>, lines: &LineIndex) -> Node {
    use toml::de::DeValue;
    let (line, column) = lines.at(spanned.span().start);
    let value = match spanned.into_inner() {
        DeValue::String(text) => Value::String(text.into_owned()),
        DeValue::Integer(n) => i64::from_str_radix(n.as_str(), n.radix())
            .map_or_else(|_| Value::String(n.as_str().to_string()), Value::Integer),
        DeValue::Float(n) => n
            .as_str()
            .replace('_', "")
            .parse()
            .map_or_else(|_| Value::String(n.as_str().to_string()), Value::Float),
        DeValue::Boolean(b) => Value::Bool(b),
        DeValue::Datetime(datetime) => Value::Datetime(datetime.to_string()),
        DeValue::Array(items) => {
            Value::List(items.into_iter().map(|i| toml_node(i, lines)).collect())
        }
        DeValue::Table(table) => toml_table(table, lines),
    };
    Node {
        value,
        line,
        column,
    }
}

/// Eleventy's JavaScript front matter, read without running it: each `const`, `let` or
/// `var` whose value is a JSON literal or a quoted string is a field; anything else (a
/// function, an expression) is left out.
fn parse_javascript(text: &str, first_line: u64) -> Node {
    let mut entries = Vec::new();
    for (line, source) in (first_line..).zip(text.lines()) {
        let Some(declaration) = ["const ", "let ", "var "]
            .iter()
            .find_map(|keyword| source.trim().strip_prefix(keyword))
        else {
            continue;
        };
        let Some((name, value)) = declaration.split_once('=') else {
            continue;
        };
        let value = value.trim().trim_end_matches(';').trim();
        let literal = match value.as_bytes().first() {
            Some(b'\'' | b'`') if value.len() >= 2 && value.ends_with(&value[..1]) => Some(
                serde_json::Value::String(value[1..value.len() - 1].to_string()),
            ),
            _ => serde_json::from_str(value).ok(),
        };
        if let Some(literal) = literal {
            let mut node = from_json(literal, line);
            node.column = (source.len() - source.trim_start().len() + 1) as u64;
            entries.push((name.trim().to_string(), node));
        }
    }
    Node {
        value: Value::Map(entries),
        line: first_line,
        column: 1,
    }
}

fn from_json(value: serde_json::Value, line: u64) -> Node {
    let value = match value {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(b),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Value::Integer(i),
            None => Value::Float(n.as_f64().unwrap_or_default()),
        },
        serde_json::Value::String(s) => Value::String(s),
        serde_json::Value::Array(items) => {
            Value::List(items.into_iter().map(|i| from_json(i, line)).collect())
        }
        serde_json::Value::Object(map) => Value::Map(
            map.into_iter()
                .map(|(k, v)| (k, from_json(v, line)))
                .collect(),
        ),
    };
    Node {
        value,
        line,
        column: 1,
    }
}

/// Turns byte offsets of a block into 1-based file lines and columns (in characters).
struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
    first_line: u64,
}

impl<'a> LineIndex<'a> {
    fn new(text: &'a str, first_line: u64) -> LineIndex<'a> {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex {
            text,
            starts,
            first_line,
        }
    }

    fn at(&self, offset: usize) -> (u64, u64) {
        let offset = offset.min(self.text.len());
        let index = self.starts.partition_point(|&start| start <= offset) - 1;
        let start = self.starts[index];
        let column = self
            .text
            .get(start..offset)
            .map_or(1, |s| s.chars().count() + 1);
        (index as u64 + self.first_line, column as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> Result<Node, String> {
        let split = split(text).map_err(|e| e.message())?;
        parse(&split, Path::new("p.md"), false).map_err(|d| d.headline())
    }

    #[test]
    fn a_repeated_key_keeps_its_last_value_where_the_tool_reads_it_so() {
        let split = split("---\nredirect_from: /a/\ntitle: T\nredirect_from: /b/\n---\n").unwrap();
        let node = parse(&split, Path::new("p.md"), true).unwrap();
        assert_eq!(
            field(&node, "redirect_from").value,
            Value::String("/b/".into())
        );
        let err = parse(&split, Path::new("p.md"), false).unwrap_err();
        assert!(
            err.headline().contains("`redirect_from` is given twice"),
            "{}",
            err.headline()
        );
    }

    fn field<'a>(node: &'a Node, name: &str) -> &'a Node {
        match &node.value {
            Value::Map(entries) => &entries.iter().find(|(k, _)| k == name).unwrap().1,
            other => panic!("not a map: {other:?}"),
        }
    }

    #[test]
    fn splits_yaml_and_body() {
        let split = split("---\ntitle: a\n---\n# Body\n").unwrap();
        assert_eq!(split.format, Format::Yaml);
        assert_eq!(split.front, "title: a\n");
        assert_eq!(split.body, "# Body\n");
        assert_eq!((split.front_first_line, split.body_first_line), (2, 4));
    }

    #[test]
    fn accepts_dots_as_closing_fence_and_empty_body() {
        let split = split("---\ntitle: a\n...").unwrap();
        assert_eq!(split.front, "title: a\n");
        assert_eq!(split.body, "");
    }

    #[test]
    fn a_horizontal_rule_in_the_body_stays_in_the_body() {
        let split = split("---\na: 1\n---\nx\n---\ny\n").unwrap();
        assert_eq!(split.body, "x\n---\ny\n");
    }

    #[test]
    fn blank_lines_before_the_fence_are_skipped_and_counted() {
        let split = split("\n  \n+++\ntitle = 'a'\n+++\nBody\n").unwrap();
        assert_eq!(split.format, Format::Toml);
        assert_eq!(split.front, "title = 'a'\n");
        assert_eq!((split.front_first_line, split.body_first_line), (4, 6));
    }

    #[test]
    fn json_front_matter_ends_at_its_closing_brace() {
        let split = split("{\n  \"title\": \"a }\"\n}\nBody\n").unwrap();
        assert_eq!(split.format, Format::Json);
        assert_eq!(split.front, "{\n  \"title\": \"a }\"\n}");
        assert_eq!(split.body, "Body\n");
        assert_eq!(split.body_first_line, 4);
    }

    #[test]
    fn reports_missing_fences() {
        assert_eq!(split("title: a\n"), Err(SplitError::Missing));
        assert_eq!(split(""), Err(SplitError::Missing));
        assert_eq!(
            split("\n---\ntitle: a\n"),
            Err(SplitError::NotClosed("---", 2))
        );
        assert_eq!(
            split("+++\ntitle = 'a'\n---\n"),
            Err(SplitError::NotClosed("+++", 1))
        );
        let message = SplitError::Missing.message();
        for form in ["YAML", "TOML", "JSON"] {
            assert!(message.contains(form), "{message}");
        }
    }

    #[test]
    fn the_three_formats_give_one_tree() {
        let yaml = parsed("---\ntitle: T\ntags: [a, b]\ndate: 2024-01-02\n---\n").unwrap();
        let toml =
            parsed("+++\ntitle = \"T\"\ntags = [\"a\", \"b\"]\ndate = 2024-01-02\n+++\n").unwrap();
        let json =
            parsed("{\"title\": \"T\", \"tags\": [\"a\", \"b\"], \"date\": \"2024-01-02\"}\n")
                .unwrap();
        for node in [&yaml, &toml, &json] {
            assert_eq!(field(node, "title").value, Value::String("T".into()));
            let Value::List(tags) = &field(node, "tags").value else {
                panic!("tags: {node:?}")
            };
            assert_eq!(tags.len(), 2);
        }
        assert_eq!(
            field(&toml, "date").value,
            Value::Datetime("2024-01-02".into())
        );
    }

    #[test]
    fn eleventy_fences() {
        let js = parsed("---js\nconst title = \"Fifth\";\nconst date = '2023-01-23';\nconst draft = true;\nconst f = () => 1;\n---\nBody\n").unwrap();
        assert_eq!(field(&js, "title").value, Value::String("Fifth".into()));
        assert_eq!(field(&js, "date").value, Value::String("2023-01-23".into()));
        assert_eq!(field(&js, "draft").value, Value::Bool(true));
        assert_eq!(field(&js, "date").line, 3);
        let json = parsed("---json\n{\"title\": \"J\"}\n---\n").unwrap();
        assert_eq!(field(&json, "title").value, Value::String("J".into()));
        let yaml = parsed("---yaml\ntitle: Y\n---\n").unwrap();
        assert_eq!(field(&yaml, "title").value, Value::String("Y".into()));
    }

    #[test]
    fn positions_are_lines_of_the_file() {
        let yaml = parsed("\n---\na: 1\ntitle: T\n---\n").unwrap();
        let title = field(&yaml, "title");
        assert_eq!((title.line, title.column), (4, 8));
        let toml = parsed("+++\na = 1\n[taxonomies]\ntags = ['x']\n+++\n").unwrap();
        let taxonomies = field(&toml, "taxonomies");
        let tags = field(taxonomies, "tags");
        assert_eq!((tags.line, tags.column), (4, 8));
    }

    #[test]
    fn toml_errors_point_into_the_file() {
        let err = parsed("+++\ntitle = \"a\"\ndate = \n+++\n").unwrap_err();
        assert!(err.starts_with("p.md:3:"), "{err}");
        assert!(err.contains("TOML front matter"), "{err}");
    }

    #[test]
    fn front_matter_that_is_not_a_map_is_an_error() {
        let err = parsed("---\n- a\n- b\n---\n").unwrap_err();
        assert!(err.contains("must be a map of fields"), "{err}");
        assert!(matches!(parsed("---\n---\n").unwrap().value, Value::Map(m) if m.is_empty()));
    }
}
