//! The conditions of Jekyll's `where_exp` and `find_exp` (`"item.version == '3.2.1'"`), read
//! as Liquid reads an `if`: comparisons (`==`, `!=`, `<`, `>`, `<=`, `>=`, `contains`) of
//! the item's properties and literals, joined by `and` and `or` from the right.

use liquid_core::model::{ScalarCow, ValueView};

/// An operand's value: text, a number, true/false, or nothing.
#[derive(Debug, Clone, PartialEq)]
enum Operand {
    Nil,
    Bool(bool),
    Number(f64),
    Text(String),
    List(Vec<String>),
}

/// A name other than the item's, read from the render (`page.version`).
pub(super) type Outside<'o> = &'o dyn Fn(&[&str]) -> Option<liquid_core::model::Value>;

/// Whether `condition` holds for `item`, named `name` in it; other names are `outside`.
pub(super) fn holds(
    condition: &str,
    (name, item): (&str, &dyn ValueView),
    outside: Outside<'_>,
) -> bool {
    // Liquid reads `a and b or c` from the right: `a and (b or c)`.
    if let Some((left, right)) = split_word(condition, "or") {
        return holds(left, (name, item), outside) || holds(right, (name, item), outside);
    }
    if let Some((left, right)) = split_word(condition, "and") {
        return holds(left, (name, item), outside) && holds(right, (name, item), outside);
    }
    for operator in ["==", "!=", "<=", ">=", "<", ">", " contains "] {
        if let Some((left, right)) = condition.split_once(operator) {
            let a = operand(left, (name, item), outside);
            let b = operand(right, (name, item), outside);
            return compare(&a, operator.trim(), &b);
        }
    }
    truthy(&operand(condition, (name, item), outside))
}

/// `text` split at its first ` word ` outside quotes.
fn split_word<'t>(text: &'t str, word: &str) -> Option<(&'t str, &'t str)> {
    let needle = format!(" {word} ");
    let mut quote = None;
    for (at, c) in text.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if text[at..].starts_with(&needle) => {
                return Some((&text[..at], &text[at + needle.len()..]));
            }
            None => {}
        }
    }
    None
}

fn operand(text: &str, (name, item): (&str, &dyn ValueView), outside: Outside<'_>) -> Operand {
    let text = text.trim();
    if let Some(quoted) = ['"', '\'']
        .iter()
        .find_map(|&q| text.strip_prefix(q)?.strip_suffix(q))
    {
        return Operand::Text(quoted.to_string());
    }
    match text {
        "true" => return Operand::Bool(true),
        "false" => return Operand::Bool(false),
        "nil" | "null" | "empty" | "blank" => return Operand::Nil,
        _ => {}
    }
    if let Ok(number) = text.parse::<f64>() {
        return Operand::Number(number);
    }
    let mut parts = text.split('.');
    let mut value: Option<liquid_core::model::Value> = match parts.next() {
        Some(first) if first == name => Some(item.to_value()),
        _ => {
            let path: Vec<&str> = text.split('.').collect();
            return match outside(&path) {
                Some(value) => of_value(&value),
                None => Operand::Nil,
            };
        }
    };
    for part in parts {
        value = value.and_then(|v| {
            if let Some(fields) = v.as_object() {
                return fields.get(part).map(ValueView::to_value);
            }
            match (v.as_array(), part) {
                (Some(items), "size") => Some(liquid_core::model::Value::scalar(items.size())),
                (Some(items), "first") => items.first().map(ValueView::to_value),
                (Some(items), "last") => items.last().map(ValueView::to_value),
                _ => None,
            }
        });
    }
    match value {
        None => Operand::Nil,
        Some(value) => of_value(&value),
    }
}

/// A value as an operand.
fn of_value(value: &liquid_core::model::Value) -> Operand {
    match Some(value) {
        None => Operand::Nil,
        Some(value) if value.is_nil() => Operand::Nil,
        Some(value) => match value.as_array() {
            Some(items) => {
                Operand::List(items.values().map(|v| v.to_kstr().into_string()).collect())
            }
            None => match value.as_scalar() {
                Some(scalar) if value.type_name() == "boolean" => {
                    Operand::Bool(scalar.to_bool().unwrap_or(false))
                }
                Some(scalar) if value.type_name().ends_with("number") => {
                    Operand::Number(ScalarCow::to_float(&scalar).unwrap_or_default())
                }
                Some(scalar) => Operand::Text(scalar.to_kstr().into_string()),
                None => Operand::Nil,
            },
        },
    }
}

fn truthy(value: &Operand) -> bool {
    !matches!(value, Operand::Nil | Operand::Bool(false))
}

fn number(value: &Operand) -> Option<f64> {
    match value {
        Operand::Number(n) => Some(*n),
        Operand::Text(text) => text.trim().parse().ok(),
        _ => None,
    }
}

fn compare(a: &Operand, operator: &str, b: &Operand) -> bool {
    let equal = match (number(a), number(b)) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    };
    let order = match (number(a), number(b)) {
        (Some(x), Some(y)) => x.partial_cmp(&y),
        _ => match (a, b) {
            (Operand::Text(x), Operand::Text(y)) => Some(x.cmp(y)),
            _ => None,
        },
    };
    use std::cmp::Ordering::{Greater, Less};
    match operator {
        "==" => equal,
        "!=" => !equal,
        "<" => order == Some(Less),
        ">" => order == Some(Greater),
        "<=" => matches!(order, Some(o) if o != Greater),
        ">=" => matches!(order, Some(o) if o != Less),
        "contains" => match (a, b) {
            (Operand::Text(x), Operand::Text(y)) => x.contains(y.as_str()),
            (Operand::List(items), Operand::Text(y)) => items.contains(y),
            _ => false,
        },
        _ => false,
    }
}
