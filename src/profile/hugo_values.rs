//! The values Hugo's templates work on, as the Go template engine (`gotmpl`) holds them: how
//! text, numbers, lists and maps are made from a site's data and read back by a function,
//! and the "methods" Hugo's objects have (`.Get`, `.Scratch.Set`, `.Resize`), which are
//! function values the call rewrite of [`super::hugo_templates`] invokes.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use gotmpl::{SafeKind, TemplateError, Value};

/// What a Hugo function gives: a value, or why the call cannot go on.
pub(super) type Outcome = gotmpl::Result<Value>;

/// An error of a function, in the words a warning shows.
pub(super) fn fail(why: impl Into<String>) -> TemplateError {
    TemplateError::Exec(why.into())
}

/// A text value.
pub(super) fn text_value(text: impl Into<Arc<str>>) -> Value {
    Value::String(text.into())
}

/// HTML the escaper leaves as it is (Hugo's `template.HTML`).
pub(super) fn html_value(html: impl Into<Arc<str>>) -> Value {
    Value::Safe {
        kind: SafeKind::Html,
        s: html.into(),
    }
}

/// A map of `entries`.
pub(super) fn map_value<'k>(entries: impl IntoIterator<Item = (&'k str, Value)>) -> Value {
    Value::Map(Arc::new(
        entries
            .into_iter()
            .map(|(key, value)| (Arc::from(key), value))
            .collect(),
    ))
}

/// A function value: one of Hugo's methods.
pub(super) fn method(f: impl Fn(&[Value]) -> Outcome + Send + Sync + 'static) -> Value {
    Value::Function(Arc::new(f))
}

/// A JSON value (front matter, config, data files) as the templates see it.
pub(super) fn from_json(value: &serde_json::Value) -> Value {
    use serde_json::Value as Json;
    match value {
        Json::Null => Value::Nil,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => match n.as_i64() {
            Some(int) => Value::Int(int),
            None => Value::Float(n.as_f64().unwrap_or_default()),
        },
        Json::String(s) => text_value(s.as_str()),
        Json::Array(items) => Value::List(items.iter().map(from_json).collect()),
        Json::Object(fields) => Value::Map(Arc::new(
            fields
                .iter()
                .map(|(key, value)| (Arc::from(key.as_str()), from_json(value)))
                .collect(),
        )),
    }
}

/// A template value as JSON (`jsonify`); functions are left out.
pub(super) fn to_json(value: &Value) -> serde_json::Value {
    use serde_json::Value as Json;
    match value {
        Value::Nil | Value::Function(_) => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Int(i) => Json::from(*i),
        Value::Uint(u) => Json::from(*u),
        Value::Float(f) => serde_json::Number::from_f64(*f).map_or(Json::Null, Json::Number),
        Value::String(s) | Value::Safe { s, .. } => Json::String(s.to_string()),
        Value::List(items) => Json::Array(items.iter().map(to_json).collect()),
        Value::Map(fields) => Json::Object(
            fields
                .iter()
                .filter(|(_, value)| !matches!(value, Value::Function(_)))
                .map(|(key, value)| (key.to_string(), to_json(value)))
                .collect(),
        ),
    }
}

/// A value as text, as Go prints it; nothing for `nil`.
pub(super) fn text(value: &Value) -> String {
    match value {
        Value::Nil => String::new(),
        Value::String(s) | Value::Safe { s, .. } => s.to_string(),
        other => other.to_string(),
    }
}

/// A value as a number, text that reads as one included (Hugo casts).
pub(super) fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Int(i) => Some(*i as f64),
        Value::Uint(u) => Some(*u as f64),
        Value::Float(f) => Some(*f),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A value as a whole number (`int`), text included.
pub(super) fn integer(value: &Value) -> Option<i64> {
    match value {
        Value::Int(i) => Some(*i),
        Value::Uint(u) => i64::try_from(*u).ok(),
        Value::Float(f) => Some(f.trunc() as i64),
        Value::String(s) => {
            let s = s.trim();
            s.parse()
                .ok()
                .or_else(|| s.parse::<f64>().ok().map(|f| f as i64))
        }
        Value::Bool(b) => Some(i64::from(*b)),
        _ => None,
    }
}

/// The items of a list (a map's values, in key order; nothing for `nil`).
pub(super) fn items(value: &Value) -> Result<Vec<Value>, TemplateError> {
    match value {
        Value::List(items) => Ok(items.to_vec()),
        Value::Map(fields) => Ok(fields.values().cloned().collect()),
        Value::Nil => Ok(Vec::new()),
        other => Err(fail(format!("expected a list, got {}", other.type_name()))),
    }
}

/// The field `key` of a map (or an object's `.Params` when it has no such field), else
/// `nil`; Hugo's keys are read without regard to case.
pub(super) fn field(value: &Value, key: &str) -> Value {
    let Value::Map(fields) = value else {
        return Value::Nil;
    };
    if let Some(found) = fields.get(key) {
        return found.clone();
    }
    fields
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(key))
        .map_or(Value::Nil, |(_, value)| value.clone())
}

/// A dotted path (`a.b.c`) through maps, each key read without regard to case.
pub(super) fn path(value: &Value, dotted: &str) -> Value {
    dotted
        .split('.')
        .filter(|key| !key.is_empty())
        .fold(value.clone(), |at, key| field(&at, key))
}

/// Whether Go's templates and Hugo's `default` take the value for empty.
pub(super) fn is_empty(value: &Value) -> bool {
    !value.is_truthy()
}

/// A scratch pad (`newScratch`, `.Scratch`, `.Store`): `Set`, `Get`, `Add`, `SetInMap`,
/// `DeleteInMap`, `GetSortedMapValues`, `Delete`, `Values`, as Hugo's `maps.Scratch`.
pub(super) fn scratch() -> Value {
    let store: Arc<Mutex<BTreeMap<String, Value>>> = Arc::default();
    let with = move |f: fn(&mut BTreeMap<String, Value>, &[Value]) -> Outcome| {
        let store = Arc::clone(&store);
        method(move |args| {
            let mut held = store
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            f(&mut held, args)
        })
    };
    map_value([
        (
            "Set",
            with(|held, args| {
                let [key, value] = args else {
                    return Err(fail("Scratch.Set takes a key and a value"));
                };
                held.insert(text(key), value.clone());
                Ok(text_value(""))
            }),
        ),
        (
            "Get",
            with(|held, args| Ok(held.get(&text(first(args)?)).cloned().unwrap_or(Value::Nil))),
        ),
        ("Add", with(scratch_add)),
        (
            "SetInMap",
            with(|held, args| {
                let [key, inner, value] = args else {
                    return Err(fail("Scratch.SetInMap takes a key, a map key and a value"));
                };
                let mut fields = match held.get(&text(key)) {
                    Some(Value::Map(fields)) => (**fields).clone(),
                    _ => BTreeMap::new(),
                };
                fields.insert(Arc::from(text(inner)), value.clone());
                held.insert(text(key), Value::Map(Arc::new(fields)));
                Ok(text_value(""))
            }),
        ),
        (
            "DeleteInMap",
            with(|held, args| {
                let [key, inner] = args else {
                    return Err(fail("Scratch.DeleteInMap takes a key and a map key"));
                };
                if let Some(Value::Map(fields)) = held.get(&text(key)) {
                    let mut fields = (**fields).clone();
                    fields.remove(text(inner).as_str());
                    held.insert(text(key), Value::Map(Arc::new(fields)));
                }
                Ok(text_value(""))
            }),
        ),
        (
            "GetSortedMapValues",
            with(|held, args| match held.get(&text(first(args)?)) {
                Some(Value::Map(fields)) => Ok(Value::List(fields.values().cloned().collect())),
                _ => Ok(Value::Nil),
            }),
        ),
        (
            "Delete",
            with(|held, args| {
                held.remove(&text(first(args)?));
                Ok(text_value(""))
            }),
        ),
        (
            "Values",
            with(|held, _| {
                Ok(Value::Map(Arc::new(
                    held.iter()
                        .map(|(key, value)| (Arc::from(key.as_str()), value.clone()))
                        .collect(),
                )))
            }),
        ),
    ])
}

/// `Scratch.Add`: numbers add, text joins, lists append; a new key takes the value.
fn scratch_add(held: &mut BTreeMap<String, Value>, args: &[Value]) -> Outcome {
    let [key, value] = args else {
        return Err(fail("Scratch.Add takes a key and a value"));
    };
    let key = text(key);
    let sum = match (held.get(&key), value) {
        (None | Some(Value::Nil), value) => value.clone(),
        (Some(Value::Int(a)), Value::Int(b)) => Value::Int(a.saturating_add(*b)),
        (Some(Value::List(list)), Value::List(more)) => {
            Value::List(list.iter().chain(more.iter()).cloned().collect())
        }
        (Some(Value::List(list)), more) => {
            Value::List(list.iter().chain([more]).cloned().collect())
        }
        (Some(Value::String(a)), b) => text_value(format!("{a}{}", text(b))),
        (Some(a), b) => match (number(a), number(b)) {
            (Some(a), Some(b)) => Value::Float(a + b),
            _ => return Err(fail("Scratch.Add cannot add these")),
        },
    };
    held.insert(key, sum);
    Ok(text_value(""))
}

/// The one argument a function takes.
pub(super) fn first(args: &[Value]) -> Result<&Value, TemplateError> {
    args.first().ok_or_else(|| fail("an argument is missing"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scratch_keeps_adds_and_maps_values() {
        let pad = scratch();
        let call = |name: &str, args: &[Value]| match field(&pad, name) {
            Value::Function(f) => f(args).unwrap(),
            _ => panic!("no method {name}"),
        };
        call("Set", &[text_value("n"), Value::Int(1)]);
        call("Add", &[text_value("n"), Value::Int(2)]);
        assert_eq!(text(&call("Get", &[text_value("n")])), "3");
        call(
            "Add",
            &[text_value("list"), Value::List(vec![Value::Int(1)].into())],
        );
        call("Add", &[text_value("list"), Value::Int(2)]);
        assert_eq!(text(&call("Get", &[text_value("list")])), "[1 2]");
        call(
            "SetInMap",
            &[text_value("m"), text_value("b"), Value::Int(2)],
        );
        call(
            "SetInMap",
            &[text_value("m"), text_value("a"), Value::Int(1)],
        );
        assert_eq!(
            text(&call("GetSortedMapValues", &[text_value("m")])),
            "[1 2]"
        );
        assert!(matches!(call("Get", &[text_value("none")]), Value::Nil));
    }

    #[test]
    fn fields_are_read_without_regard_to_case_and_through_paths() {
        let data = from_json(&serde_json::json!({"Params": {"author": {"Name": "Ann"}}}));
        assert_eq!(text(&path(&data, "params.Author.name")), "Ann");
        assert!(matches!(path(&data, "params.none.x"), Value::Nil));
        assert_eq!(
            to_json(&data),
            serde_json::json!({"Params": {"author": {"Name": "Ann"}}})
        );
    }
}
