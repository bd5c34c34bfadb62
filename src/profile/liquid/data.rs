//! The values a post's Liquid reads (`site`, `site.data`, `page`, `include`), as Jekyll's
//! Liquid reads them: a name that is not there is `nil`, never an error — the liquid crate
//! is strict by default, Jekyll (`strict_variables: false`) is not. A value of this tree
//! answers any missing key or index with `nil`, and `nil` itself answers any key with `nil`,
//! so `page.author.name` with no author renders as nothing, as it does in Jekyll.

use std::collections::BTreeMap;
use std::fmt;

use liquid_core::model::{
    ArrayView, DisplayCow, KString, KStringCow, ObjectView, ScalarCow, State, Value, ValueView,
};

/// A value that reads as Jekyll's Liquid reads a missing name: as `nil`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Data {
    Nil,
    /// A scalar, held as liquid's own value.
    Scalar(Value),
    List(Vec<Data>),
    Map(BTreeMap<KString, Data>),
}

/// What every missing key or index reads as.
static NIL: Data = Data::Nil;

impl Data {
    /// `value` as data: objects and lists all the way down.
    pub(crate) fn of_json(value: &serde_json::Value) -> Data {
        use serde_json::Value as Json;
        match value {
            Json::Null => Data::Nil,
            Json::Bool(b) => Data::Scalar(Value::scalar(*b)),
            Json::Number(n) => match n.as_i64() {
                Some(int) => Data::Scalar(Value::scalar(int)),
                None => Data::Scalar(Value::scalar(n.as_f64().unwrap_or_default())),
            },
            Json::String(text) => Data::Scalar(Value::scalar(text.clone())),
            Json::Array(items) => Data::List(items.iter().map(Data::of_json).collect()),
            Json::Object(fields) => Data::Map(
                fields
                    .iter()
                    .map(|(key, value)| (KString::from_ref(key), Data::of_json(value)))
                    .collect(),
            ),
        }
    }

    /// The map's field `key`, made when missing (for building `site` and `page`).
    pub(crate) fn insert(&mut self, key: &str, value: Data) {
        if let Data::Map(fields) = self {
            fields.insert(KString::from_ref(key), value);
        }
    }

    fn len(&self) -> i64 {
        match self {
            Data::List(items) => items.len() as i64,
            Data::Map(fields) => fields.len() as i64,
            _ => 0,
        }
    }
}

impl ValueView for Data {
    fn as_debug(&self) -> &dyn fmt::Debug {
        self
    }

    fn render(&self) -> DisplayCow<'_> {
        match self {
            Data::Scalar(value) => value.render(),
            Data::Nil | Data::Map(_) => DisplayCow::Owned(Box::new("")),
            Data::List(items) => DisplayCow::Owned(Box::new(
                items
                    .iter()
                    .map(|item| item.render().to_string())
                    .collect::<String>(),
            )),
        }
    }

    fn source(&self) -> DisplayCow<'_> {
        match self {
            Data::Scalar(value) => value.source(),
            _ => DisplayCow::Owned(Box::new(self.to_value().source().to_string())),
        }
    }

    fn type_name(&self) -> &'static str {
        match self {
            Data::Nil => "nil",
            Data::Scalar(value) => value.type_name(),
            Data::List(_) => "array",
            Data::Map(_) => "object",
        }
    }

    fn query_state(&self, state: State) -> bool {
        match self {
            Data::Nil => !matches!(state, State::Truthy),
            Data::Scalar(value) => value.query_state(state),
            Data::List(_) | Data::Map(_) => match state {
                State::Truthy => true,
                State::DefaultValue | State::Empty | State::Blank => self.len() == 0,
            },
        }
    }

    fn to_kstr(&self) -> KStringCow<'_> {
        match self {
            Data::Scalar(value) => value.to_kstr(),
            _ => KStringCow::from_string(self.render().to_string()),
        }
    }

    fn to_value(&self) -> Value {
        match self {
            Data::Nil => Value::Nil,
            Data::Scalar(value) => value.clone(),
            Data::List(items) => Value::Array(items.iter().map(Data::to_value).collect()),
            Data::Map(fields) => Value::Object(
                fields
                    .iter()
                    .map(|(key, value)| (key.clone(), value.to_value()))
                    .collect(),
            ),
        }
    }

    fn as_scalar(&self) -> Option<ScalarCow<'_>> {
        match self {
            Data::Scalar(value) => value.as_scalar(),
            _ => None,
        }
    }

    fn as_array(&self) -> Option<&dyn ArrayView> {
        match self {
            Data::List(_) => Some(self),
            _ => None,
        }
    }

    fn as_object(&self) -> Option<&dyn ObjectView> {
        match self {
            Data::Map(_) => Some(self),
            // `nil.x` is nil, as in Jekyll.
            Data::Nil => Some(self),
            Data::Scalar(_) | Data::List(_) => None,
        }
    }

    fn as_state(&self) -> Option<State> {
        None
    }

    fn is_nil(&self) -> bool {
        matches!(self, Data::Nil)
    }
}

impl ArrayView for Data {
    fn as_value(&self) -> &dyn ValueView {
        self
    }

    fn size(&self) -> i64 {
        self.len()
    }

    fn values<'k>(&'k self) -> Box<dyn Iterator<Item = &'k dyn ValueView> + 'k> {
        match self {
            Data::List(items) => Box::new(items.iter().map(|item| item as &dyn ValueView)),
            _ => Box::new(std::iter::empty()),
        }
    }

    fn contains_key(&self, index: i64) -> bool {
        let len = self.len();
        (-len..len).contains(&index)
    }

    fn get(&self, index: i64) -> Option<&dyn ValueView> {
        let Data::List(items) = self else {
            return Some(&NIL);
        };
        let items: &Vec<Data> = items;
        let at = match index < 0 {
            true => items.len() as i64 + index,
            false => index,
        };
        Some(
            usize::try_from(at)
                .ok()
                .and_then(|at| items.as_slice().get(at))
                .unwrap_or(&NIL),
        )
    }
}

impl ObjectView for Data {
    fn as_value(&self) -> &dyn ValueView {
        self
    }

    fn size(&self) -> i64 {
        self.len()
    }

    fn keys<'k>(&'k self) -> Box<dyn Iterator<Item = KStringCow<'k>> + 'k> {
        match self {
            Data::Map(fields) => Box::new(fields.keys().map(|key| key.as_ref().into())),
            _ => Box::new(std::iter::empty()),
        }
    }

    fn values<'k>(&'k self) -> Box<dyn Iterator<Item = &'k dyn ValueView> + 'k> {
        match self {
            Data::Map(fields) => Box::new(fields.values().map(|value| value as &dyn ValueView)),
            _ => Box::new(std::iter::empty()),
        }
    }

    fn iter<'k>(&'k self) -> Box<dyn Iterator<Item = (KStringCow<'k>, &'k dyn ValueView)> + 'k> {
        match self {
            Data::Map(fields) => Box::new(
                fields
                    .iter()
                    .map(|(key, value)| (key.as_ref().into(), value as &dyn ValueView)),
            ),
            _ => Box::new(std::iter::empty()),
        }
    }

    fn contains_key(&self, index: &str) -> bool {
        matches!(self, Data::Map(fields) if fields.contains_key(index))
    }

    fn get<'s>(&'s self, index: &str) -> Option<&'s dyn ValueView> {
        match self {
            Data::Map(fields) => match fields.get(index) {
                Some(value) => Some(value),
                // Liquid answers `size` of an object itself.
                None if index == "size" => None,
                None => Some(&NIL),
            },
            // `nil.size` too: Liquid's nil answers every name with nil.
            Data::Nil => Some(&NIL),
            _ => None,
        }
    }
}

/// The globals of one render: the site's values, shared by every post, and the post's own.
#[derive(Debug)]
pub(crate) struct Globals<'a> {
    pub(crate) site: &'a Data,
    /// `page` (Jekyll) and, for Eleventy, the front matter's keys at the top level too.
    pub(crate) page: Data,
    pub(crate) top_level_page: bool,
    /// `jekyll.environment` and the like.
    pub(crate) jekyll: &'a Data,
}

/// The field `key` of a map.
fn field<'d>(data: &'d Data, key: &str) -> Option<&'d Data> {
    match data {
        Data::Map(fields) => fields.get(key),
        _ => None,
    }
}

impl Globals<'_> {
    fn lookup(&self, key: &str) -> Option<&dyn ValueView> {
        match key {
            "site" => Some(self.site),
            "page" => Some(&self.page),
            "jekyll" => Some(self.jekyll),
            // Eleventy's data cascade: the front matter, then the global data files.
            _ if self.top_level_page => {
                let global = field(self.site, "data").and_then(|data| field(data, key));
                field(&self.page, key)
                    .or(global)
                    .map(|value| value as &dyn ValueView)
            }
            _ => None,
        }
    }
}

impl ValueView for Globals<'_> {
    fn as_debug(&self) -> &dyn fmt::Debug {
        self
    }
    fn render(&self) -> DisplayCow<'_> {
        DisplayCow::Owned(Box::new(""))
    }
    fn source(&self) -> DisplayCow<'_> {
        DisplayCow::Owned(Box::new(""))
    }
    fn type_name(&self) -> &'static str {
        "object"
    }
    fn query_state(&self, state: State) -> bool {
        matches!(state, State::Truthy)
    }
    fn to_kstr(&self) -> KStringCow<'_> {
        KStringCow::from_static("")
    }
    fn to_value(&self) -> Value {
        Value::Nil
    }
    fn as_object(&self) -> Option<&dyn ObjectView> {
        Some(self)
    }
}

impl ObjectView for Globals<'_> {
    fn as_value(&self) -> &dyn ValueView {
        self
    }
    fn size(&self) -> i64 {
        3
    }
    fn keys<'k>(&'k self) -> Box<dyn Iterator<Item = KStringCow<'k>> + 'k> {
        Box::new(
            ["site", "page", "jekyll"]
                .into_iter()
                .map(KStringCow::from_static),
        )
    }
    fn values<'k>(&'k self) -> Box<dyn Iterator<Item = &'k dyn ValueView> + 'k> {
        Box::new([self.site as &dyn ValueView, &self.page, self.jekyll].into_iter())
    }
    fn iter<'k>(&'k self) -> Box<dyn Iterator<Item = (KStringCow<'k>, &'k dyn ValueView)> + 'k> {
        Box::new(self.keys().zip(self.values()))
    }
    // Every name is there: one that is not the site's or the page's is nil, as in Jekyll.
    fn contains_key(&self, _index: &str) -> bool {
        true
    }
    fn get<'s>(&'s self, index: &str) -> Option<&'s dyn ValueView> {
        Some(self.lookup(index).unwrap_or(&NIL))
    }
}

impl Data {
    /// A liquid value as data (an include's parameter, an assigned value).
    pub(crate) fn of_liquid(value: &Value) -> Data {
        match value {
            Value::Nil => Data::Nil,
            Value::Array(items) => Data::List(items.iter().map(Data::of_liquid).collect()),
            Value::Object(fields) => Data::Map(
                fields
                    .iter()
                    .map(|(key, value)| (key.clone(), Data::of_liquid(value)))
                    .collect(),
            ),
            other => Data::Scalar(other.clone()),
        }
    }
}
