//! The values Liquid's conditions and loops read: literals, variables in scope, the page's
//! and the site's values (`nil` where Liquid finds nothing), `.size`, `.first`, `.last`;
//! comparisons joined by `and` and `or` read from the right; and what feedsmith cannot know
//! (`jekyll.*`, `site.posts`, `include.*`), which leaves its block out.

use std::rc::Rc;

use super::*;

/// The most `.` an operand may hold (`site.data.authors.first.size`): a name or property
/// chain longer than that cannot be known.
const MAX_PROPERTIES: usize = 16;

/// A value in a condition.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Operand {
    Nil,
    Bool(bool),
    Number(f64),
    Text(String),
    List(Rc<[String]>),
    /// `empty`: an empty text or list.
    Empty,
    /// `blank`: nil, false, an empty or all-space text, an empty list.
    Blank,
}

impl Operand {
    pub(super) fn truthy(&self) -> bool {
        !matches!(self, Operand::Nil | Operand::Bool(false))
    }

    pub(super) fn number(&self) -> Option<f64> {
        match self {
            Operand::Number(n) => Some(*n),
            Operand::Text(text) => text.trim().parse().ok(),
            _ => None,
        }
    }

    pub(super) fn is_empty(&self) -> bool {
        match self {
            Operand::Text(text) => text.is_empty(),
            Operand::List(items) => items.is_empty(),
            Operand::Empty => true,
            _ => false,
        }
    }

    pub(super) fn is_blank(&self) -> bool {
        match self {
            Operand::Nil | Operand::Bool(false) | Operand::Blank | Operand::Empty => true,
            Operand::Text(text) => text.trim().is_empty(),
            Operand::List(items) => items.is_empty(),
            _ => false,
        }
    }

    pub(super) fn equals(&self, other: &Operand) -> bool {
        match (self, other) {
            (Operand::Empty, x) | (x, Operand::Empty) => x.is_empty(),
            (Operand::Blank, x) | (x, Operand::Blank) => x.is_blank(),
            (Operand::Number(_), _) | (_, Operand::Number(_)) => {
                matches!((self.number(), other.number()), (Some(a), Some(b)) if a == b)
            }
            (a, b) => a == b,
        }
    }

    pub(super) fn compare(&self, other: &Operand) -> Option<std::cmp::Ordering> {
        match (self.number(), other.number()) {
            (Some(a), Some(b)) => a.partial_cmp(&b),
            _ => match (self, other) {
                (Operand::Text(a), Operand::Text(b)) => Some(a.cmp(b)),
                _ => None,
            },
        }
    }

    pub(super) fn contains(&self, other: &Operand) -> bool {
        let needle = match other {
            Operand::Text(text) => text.clone(),
            Operand::Number(n) => n.to_string(),
            _ => return false,
        };
        match self {
            Operand::Text(text) => text.contains(&needle),
            Operand::List(items) => items.contains(&needle),
            _ => false,
        }
    }

    /// The items a `for` walks: a list's (shared, not copied), a text as one item, none for
    /// nil.
    pub(super) fn items(&self) -> Rc<[String]> {
        match self {
            Operand::List(items) => Rc::clone(items),
            Operand::Text(text) => Rc::from([text.clone()]),
            Operand::Number(n) => Rc::from([n.to_string()]),
            Operand::Bool(b) => Rc::from([b.to_string()]),
            Operand::Nil | Operand::Empty | Operand::Blank => Rc::from([]),
        }
    }
}

/// The part of a Liquid expression feedsmith cannot know, as written: a name it does not
/// have (`site.posts`), an operator or a shape Liquid has not.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub(super) struct Unknowable(String);

impl Unknowable {
    pub(super) fn of(text: &str) -> Unknowable {
        Unknowable(text.to_owned())
    }
}

impl Expander<'_, '_> {
    /// The truth of a Liquid condition: comparisons (`==`, `!=`, `<>`, `<`, `>`, `<=`, `>=`,
    /// `contains`) joined by `and` and `or`, which Liquid reads from the right; `Err` with
    /// the name that cannot be known.
    pub(super) fn condition(&self, text: &str) -> Result<bool, Unknowable> {
        let words = split_outside_quotes(text, ' ');
        let mut comparisons: Vec<Vec<&str>> = vec![Vec::new()];
        let mut joints = Vec::new();
        for word in words.iter().map(|w| w.trim()).filter(|w| !w.is_empty()) {
            match word {
                "and" | "or" => {
                    joints.push(word);
                    comparisons.push(Vec::new());
                }
                _ => comparisons.last_mut().expect("one at least").push(word),
            }
        }
        // Right to left, as Liquid reads `and` and `or`, without recursion (a condition may
        // join thousands). A part that cannot be known decides nothing when the others do:
        // `false and x` is false, `true or x` is true.
        let mut value = self.comparison(comparisons.last().expect("one at least"));
        for (joint, words) in joints.iter().zip(&comparisons).rev() {
            let left = self.comparison(words);
            value = match (*joint, left, value) {
                ("and", Ok(false), _) | ("and", _, Ok(false)) => Ok(false),
                ("or", Ok(true), _) | ("or", _, Ok(true)) => Ok(true),
                (_, Ok(_), right) => right,
                (_, Err(unknown), _) => Err(unknown),
            };
        }
        value
    }

    /// One comparison of a condition, as its words: a value, or two and an operator.
    pub(super) fn comparison(&self, words: &[&str]) -> Result<bool, Unknowable> {
        match words {
            [single] => Ok(self.operand(single)?.truthy()),
            [left, operator, right] => {
                let (left, right) = (self.operand(left)?, self.operand(right)?);
                use std::cmp::Ordering::{Greater, Less};
                Ok(match *operator {
                    "==" => left.equals(&right),
                    "!=" | "<>" => !left.equals(&right),
                    "contains" => left.contains(&right),
                    "<" => left.compare(&right) == Some(Less),
                    ">" => left.compare(&right) == Some(Greater),
                    "<=" => matches!(left.compare(&right), Some(order) if order != Greater),
                    ">=" => matches!(left.compare(&right), Some(order) if order != Less),
                    other => return Err(Unknowable::of(other)),
                })
            }
            _ => Err(Unknowable(words.join(" "))),
        }
    }

    /// The value of one operand: a literal, a variable in scope, a page or site value
    /// (with `.size`, `.first`, `.last`); `nil` where Liquid would find nothing; `Err` with
    /// the name that feedsmith cannot know.
    pub(super) fn operand(&self, text: &str) -> Result<Operand, Unknowable> {
        let text = text.trim();
        if let Some(literal) = unquote(text).or_else(|| text.strip_prefix('\'')?.strip_suffix('\''))
        {
            return Ok(Operand::Text(literal.to_string()));
        }
        match text {
            "true" => return Ok(Operand::Bool(true)),
            "false" => return Ok(Operand::Bool(false)),
            "nil" | "null" => return Ok(Operand::Nil),
            "empty" => return Ok(Operand::Empty),
            "blank" => return Ok(Operand::Blank),
            _ => {}
        }
        if let Ok(number) = text.parse::<f64>() {
            return Ok(Operand::Number(number));
        }
        if text.contains('|') {
            // A filtered value: the filters feedsmith has.
            return match self.liquid_expression(text) {
                Some(LiquidValue::Text(text)) => Ok(Operand::Text(text)),
                Some(LiquidValue::List(items)) => Ok(Operand::List(items)),
                None => Err(Unknowable::of(text)),
            };
        }
        if let Some(value) = self.liquid_variable(text) {
            return Ok(match value {
                LiquidValue::Text(text) => typed(text),
                LiquidValue::List(items) => Operand::List(items),
            });
        }
        if let Some((base, property)) = [".size", ".first", ".last"]
            .iter()
            .find_map(|property| Some((text.strip_suffix(property)?, *property)))
        {
            // `x.first.size` is a chain of two; a chain of thousands is no expression a
            // post needs, and would cost the square of its length to read.
            if text.matches(['.']).count() > MAX_PROPERTIES {
                return Err(Unknowable::of(text));
            }
            let value = self.operand(base)?;
            return Ok(match (property, value) {
                (".size", Operand::List(items)) => Operand::Number(items.len() as f64),
                (".size", Operand::Text(text)) => Operand::Number(text.chars().count() as f64),
                (".first", Operand::List(items)) => {
                    items.first().cloned().map_or(Operand::Nil, Operand::Text)
                }
                (".last", Operand::List(items)) => {
                    items.last().cloned().map_or(Operand::Nil, Operand::Text)
                }
                _ => Operand::Nil,
            });
        }
        self.variable(text)
    }

    /// A name not in scope: the page's or the site's value; `nil` for a page key the
    /// front matter does not set, a site key the config does not set, or a bare name never
    /// assigned; `Err` for what feedsmith does not have (`jekyll.*`, `site.posts`, …).
    pub(super) fn variable(&self, name: &str) -> Result<Operand, Unknowable> {
        let valid = name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '[' | ']' | '\'' | '"'));
        if !valid || name.contains('[') {
            return Err(Unknowable::of(name));
        }
        let root = name.split('.').next().unwrap_or(name);
        match root {
            "page" => Ok(self.liquid_head(name).map_or(Operand::Nil, typed)),
            "site" => {
                let key = &name["site.".len().min(name.len())..];
                let generated = [
                    "posts",
                    "pages",
                    "data",
                    "collections",
                    "tags",
                    "categories",
                    "documents",
                    "static_files",
                    "html_pages",
                    "html_files",
                    "related_posts",
                    "time",
                ];
                match generated.contains(&key.split('.').next().unwrap_or_default()) {
                    true => Err(Unknowable::of(name)),
                    false => Ok(self.liquid_head(name).map_or(Operand::Nil, typed)),
                }
            }
            "jekyll" | "include" | "layout" | "paginator" | "content" | "forloop"
            | "tablerowloop" | "eleventy" | "collections" => Err(Unknowable::of(name)),
            _ if self.context.bare_page_values && !name.contains('.') => {
                Ok(self.liquid_head(name).map_or(Operand::Nil, typed))
            }
            _ if name.contains('.') => Err(Unknowable::of(name)),
            _ => Ok(Operand::Nil),
        }
    }
}

/// A value that came from front matter or the config as text, with its type back: the
/// booleans YAML wrote as `true`/`false` are read as those.
fn typed(text: String) -> Operand {
    match text.as_str() {
        "true" => Operand::Bool(true),
        "false" => Operand::Bool(false),
        _ => Operand::Text(text),
    }
}
