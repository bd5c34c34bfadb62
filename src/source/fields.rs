//! Reading front-matter fields under the names and shapes the blogging tools use (the table
//! in the README): the first name listed that is present wins, and a value of the wrong shape
//! is reported with the field's name and the shapes allowed, never a parser's type names.

use std::path::Path;

use super::front_matter::{Node, Value};
use crate::error::Diagnostic;
use crate::person::{Person, check_email, check_url};

/// The most tags (and, apart, the most categories) one post may list. A post's terms each
/// get feeds that carry it with every one of its terms, so its outputs grow with the square
/// of their number (2,000 tags: 330 MB; 80,000: hundreds of GB). Real posts list a handful;
/// 500 leaves room for any taxonomy a person keeps.
pub(crate) const MAX_TERMS: usize = 500;

/// A text value and where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Located {
    /// The text.
    pub(crate) text: String,
    /// 1-based line.
    pub(crate) line: u64,
    /// 1-based column.
    pub(crate) column: u64,
}

/// The fields of one front matter, with the problems found while reading them.
pub(crate) struct Fields<'a> {
    entries: &'a [(String, Node)],
    path: &'a Path,
    /// Keys are matched without regard to case (`Title:` is `title`), as Hugo reads them.
    any_case: bool,
    /// Every shape problem found so far.
    pub(crate) problems: Vec<Diagnostic>,
}

impl<'a> Fields<'a> {
    /// The fields of `root`, a map (see [`super::front_matter::parse`]).
    pub(crate) fn new(root: &'a Node, path: &'a Path) -> Fields<'a> {
        let entries = match &root.value {
            Value::Map(entries) => entries.as_slice(),
            _ => &[],
        };
        Fields {
            entries,
            path,
            any_case: false,
            problems: Vec::new(),
        }
    }

    /// These fields with their keys matched without regard to case when `any_case` (the
    /// tool's rule: [`crate::profile::Profile::keys_ignore_case`]).
    pub(crate) fn in_any_case(self, any_case: bool) -> Fields<'a> {
        Fields { any_case, ..self }
    }

    /// The value of `name` in `entries` (this front matter's, or a table's inside it).
    fn get(&self, entries: &'a [(String, Node)], name: &str) -> Option<&'a Node> {
        match self.any_case {
            true => entries
                .iter()
                .find(|(key, _)| key.eq_ignore_ascii_case(name))
                .map(|(_, v)| v),
            false => get(entries, name),
        }
    }

    /// The first of `names` that is present and not null, with the name found.
    pub(crate) fn first<'n>(&self, names: &[&'n str]) -> Option<(&'n str, &'a Node)> {
        names.iter().find_map(|&name| {
            let node = self.get(self.entries, name)?;
            (node.value != Value::Null).then_some((name, node))
        })
    }

    /// `names` first, then `key` inside the table `table` (TOML `[taxonomies] tags`).
    fn first_or_nested(
        &self,
        names: &[&'static str],
        table: &'static str,
        key: &'static str,
    ) -> Option<(&'static str, &'a Node)> {
        self.first(names)
            .or_else(|| match &self.get(self.entries, table)?.value {
                Value::Map(inner) => self.get(inner, key).map(|node| (key, node)),
                _ => None,
            })
    }

    /// A problem with the value of `name` at `node`.
    pub(crate) fn problem(&mut self, name: &str, node: &Node, message: impl std::fmt::Display) {
        self.problems.push(Diagnostic::at(
            self.path,
            node.line,
            node.column,
            format!("`{name}` {message}"),
        ));
    }

    fn wrong_shape(&mut self, name: &str, node: &Node, expected: &str) {
        let found = node.value.kind();
        self.problem(name, node, format!("must be {expected}, not {found}"));
    }

    /// A text field: a string, or a number or date written without quotes.
    pub(crate) fn text(&mut self, names: &[&'static str]) -> Option<Located> {
        let (name, node) = self.first(names)?;
        match scalar_text(&node.value) {
            Some(text) => Some(located(text, node)),
            None => {
                self.wrong_shape(name, node, "text");
                None
            }
        }
    }

    /// A date field: text, or a TOML date. A boolean means a draft flag (`published: false`)
    /// and is not a date.
    pub(crate) fn date<'n>(&mut self, names: &[&'n str]) -> Option<(&'n str, Located)> {
        let (name, node) = names
            .iter()
            .filter_map(|&name| self.first(&[name]))
            .find(|(_, node)| !matches!(node.value, Value::Bool(_)))?;
        match scalar_text(&node.value) {
            Some(text) => Some((name, located(text, node))),
            None => {
                self.wrong_shape(name, node, "a date such as 2024-10-31");
                None
            }
        }
    }

    /// A whole number from 1 up (an episode's number): written plainly or as text.
    pub(crate) fn count(&mut self, names: &[&'static str]) -> Option<u64> {
        let (name, node) = self.first(names)?;
        let number = match &node.value {
            Value::Integer(n) => u64::try_from(*n).ok(),
            Value::String(text) => text.trim().parse().ok(),
            _ => None,
        };
        match number.filter(|n| *n > 0) {
            Some(n) => Some(n),
            None => {
                self.wrong_shape(name, node, "a whole number from 1 up");
                None
            }
        }
    }

    /// A true/false field.
    pub(crate) fn flag(&mut self, name: &'static str) -> Option<bool> {
        let (name, node) = self.first(&[name])?;
        match node.value {
            Value::Bool(flag) => Some(flag),
            _ => {
                self.wrong_shape(name, node, "true or false");
                None
            }
        }
    }

    /// A list of terms: a list of text, or one text. In a Jekyll post, a text under a plural
    /// name is Jekyll's list in one string, split at spaces (elsewhere, as in Eleventy, it
    /// is one term).
    pub(crate) fn terms(
        &mut self,
        names: &[&'static str],
        table: &'static str,
        key: &'static str,
        jekyll: bool,
    ) -> Vec<String> {
        let Some((name, node)) = self.first_or_nested(names, table, key) else {
            return Vec::new();
        };
        let split = jekyll && name.ends_with('s');
        let terms = self.terms_of(name, node, split);
        if terms.len() > MAX_TERMS {
            self.problem(
                name,
                node,
                format!(
                    "lists {} terms, over the {MAX_TERMS} a post may have: each term gets feeds that carry the post with all its terms, so the outputs would grow with the square of their number",
                    terms.len()
                ),
            );
            return Vec::new();
        }
        terms
    }

    fn terms_of(&mut self, name: &str, node: &Node, split: bool) -> Vec<String> {
        match &node.value {
            Value::List(items) => {
                let mut terms = Vec::new();
                for item in items {
                    match scalar_text(&item.value) {
                        Some(text) => terms.push(text),
                        None if item.value == Value::Null => {}
                        None => self.wrong_shape(name, item, "a list of text"),
                    }
                }
                terms
            }
            value => match scalar_text(value) {
                Some(text) if split => text.split_whitespace().map(str::to_string).collect(),
                Some(text) => vec![text],
                None => {
                    self.wrong_shape(name, node, "a list of text or one text");
                    Vec::new()
                }
            },
        }
    }

    /// Authors: a name, a map with `name`, `email`, `url`, or a list of either.
    pub(crate) fn people(&mut self, names: &[&'static str]) -> Vec<Person> {
        let Some((name, node)) = self.first(names) else {
            return Vec::new();
        };
        let items = match &node.value {
            Value::List(items) => items.iter().collect(),
            _ => vec![node],
        };
        let mut people = Vec::new();
        for item in items {
            match person(&item.value) {
                Ok(Some(person)) => {
                    // A site path is made absolute once the base URL is at hand (the model).
                    let problems = [
                        person.email.as_deref().map(check_email),
                        person.url.as_deref().map(check_url),
                    ];
                    for problem in problems.into_iter().flatten().filter_map(Result::err) {
                        self.problem(name, item, problem);
                    }
                    people.push(person);
                }
                Ok(None) => {}
                Err(()) => self.wrong_shape(
                    name,
                    item,
                    "a name, a map with `name` (and `email`, `url`), or a list of these",
                ),
            }
        }
        people
    }

    /// An image: text, a list whose first item is one (`images`), or a map with `src`,
    /// `url` or `image`.
    pub(crate) fn image(&mut self, names: &[&'static str]) -> Option<Located> {
        let (name, node) = self.first(names)?;
        let node = match &node.value {
            Value::List(items) => items.first()?,
            _ => node,
        };
        let found = match &node.value {
            Value::String(text) => Some(located(text.clone(), node)),
            // Themes' shapes: `{src, alt}`, `{url}`, starlight-blog's `{light, dark}`; a map of
            // another shape holds no image feedsmith can name, and is passed over.
            Value::Map(entries) => {
                return ["src", "url", "image", "path", "light", "dark"]
                    .iter()
                    .find_map(|key| self.get(entries, key))
                    .and_then(|inner| match &inner.value {
                        Value::String(text) => Some(located(text.clone(), inner)),
                        _ => None,
                    });
            }
            _ => None,
        };
        if found.is_none() {
            self.wrong_shape(name, node, "an image path, or a map with `src` (and `alt`)");
        }
        found
    }

    /// Every text, number or true/false field, those in maps under dotted keys
    /// (`params.original`), for `{{ page.x }}` in Liquid and Hugo's `param`.
    pub(crate) fn scalars(&self) -> Vec<(String, String)> {
        let mut values = Vec::new();
        flatten_into(&mut values, "", self.entries);
        values
    }
}

fn get<'a>(entries: &'a [(String, Node)], name: &str) -> Option<&'a Node> {
    entries.iter().find(|(key, _)| key == name).map(|(_, v)| v)
}

fn located(text: String, node: &Node) -> Located {
    Located {
        text,
        line: node.line,
        column: node.column,
    }
}

fn flatten_into(values: &mut Vec<(String, String)>, prefix: &str, entries: &[(String, Node)]) {
    for (key, node) in entries {
        let key = match prefix.is_empty() {
            true => key.clone(),
            false => format!("{prefix}.{key}"),
        };
        match &node.value {
            Value::Map(inner) => flatten_into(values, &key, inner),
            // A list's items under `key.0`, `key.1`, … (a Liquid `{% for %}` walks them).
            Value::List(items) => {
                values.extend(items.iter().enumerate().filter_map(|(index, item)| {
                    Some((format!("{key}.{index}"), scalar_text(&item.value)?))
                }))
            }
            value => values.extend(scalar_text(value).map(|text| (key, text))),
        }
    }
}

/// Text written as a string, or a scalar that stands for text (`title: 2024`).
fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) | Value::Datetime(text) => Some(text.clone()),
        Value::Integer(n) => Some(n.to_string()),
        Value::Float(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Null | Value::List(_) | Value::Map(_) => None,
    }
}

/// One author; `Ok(None)` for a blank one.
fn person(value: &Value) -> Result<Option<Person>, ()> {
    let text_of = |entries: &[(String, Node)], keys: &[&str]| {
        keys.iter()
            .find_map(|key| get(entries, key))
            .and_then(|node| scalar_text(&node.value))
            .filter(|text| !text.trim().is_empty())
    };
    match value {
        Value::String(name) if name.trim().is_empty() => Ok(None),
        Value::String(name) => Ok(Some(Person {
            name: name.clone(),
            email: None,
            url: None,
        })),
        Value::Map(entries) => {
            let Some(name) = text_of(entries, &["name"]) else {
                return Err(());
            };
            Ok(Some(Person {
                name,
                email: text_of(entries, &["email"]),
                url: text_of(entries, &["url", "uri", "link", "website"]),
            }))
        }
        _ => Err(()),
    }
}
