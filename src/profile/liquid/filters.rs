//! Jekyll's own Liquid filters (and Eleventy's `url`), beside the standard ones the liquid crate has: the URL
//! filters (`relative_url`, `absolute_url`, made absolute under the site's URL), `markdownify`,
//! `jsonify`, `xml_escape`, the date filters, `where_exp`, `group_by`, `number_of_words`, the
//! escapes; `sample` takes the first item, so that the output never differs run to run.

use std::fmt;

use liquid_core::model::{ScalarCow, Value, ValueView};
use liquid_core::parser::{FilterArguments, FilterReflection, ParameterReflection, ParseFilter};
use liquid_core::{Expression, Filter, Result, Runtime};

/// What a filter computes from its input and its evaluated arguments.
type Compute = fn(&dyn ValueView, &[Value], &dyn Runtime) -> Result<Value>;

/// A filter that takes its arguments by position.
#[derive(Clone)]
struct Simple {
    name: &'static str,
    compute: Compute,
}

struct Parsed {
    name: &'static str,
    compute: Compute,
    arguments: Vec<Expression>,
}

impl fmt::Debug for Parsed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.name)
    }
}

impl fmt::Display for Parsed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.name)
    }
}

impl FilterReflection for Simple {
    fn name(&self) -> &str {
        self.name
    }
    fn description(&self) -> &str {
        ""
    }
    fn positional_parameters(&self) -> &'static [ParameterReflection] {
        &[]
    }
    fn keyword_parameters(&self) -> &'static [ParameterReflection] {
        &[]
    }
}

impl ParseFilter for Simple {
    fn parse(&self, arguments: FilterArguments<'_>) -> Result<Box<dyn Filter>> {
        Ok(Box::new(Parsed {
            name: self.name,
            compute: self.compute,
            arguments: arguments.positional.collect(),
        }))
    }
    fn reflection(&self) -> &dyn FilterReflection {
        self
    }
}

impl Filter for Parsed {
    fn evaluate(&self, input: &dyn ValueView, runtime: &dyn Runtime) -> Result<Value> {
        let arguments = self
            .arguments
            .iter()
            .map(|argument| Ok(argument.evaluate(runtime)?.to_value()))
            .collect::<Result<Vec<Value>>>()?;
        (self.compute)(input, &arguments, runtime)
    }
}

/// Every filter this module adds, to register on the parser.
pub(super) fn all() -> Vec<Box<dyn ParseFilter>> {
    let filters: [(&'static str, Compute); 22] = [
        // Eleventy's: a path under the site (its `pathPrefix` is in the base URL).
        ("url", site_url),
        ("relative_url", site_url),
        ("absolute_url", site_url),
        ("markdownify", markdownify),
        ("jsonify", jsonify),
        ("xml_escape", xml_escape),
        ("cgi_escape", cgi_escape),
        ("uri_escape", uri_escape),
        ("date_to_xmlschema", |input, _, _| {
            date_as(input, "%Y-%m-%dT%H:%M:%S%:z")
        }),
        ("date_to_rfc822", |input, _, _| {
            date_as(input, "%a, %d %b %Y %H:%M:%S %z")
        }),
        ("date_to_string", |input, _, _| date_as(input, "%d %b %Y")),
        ("date_to_long_string", |input, _, _| {
            date_as(input, "%d %B %Y")
        }),
        ("where_exp", where_exp),
        ("group_by", group_by),
        ("number_of_words", |input, _, _| {
            Ok(Value::scalar(
                input.to_kstr().split_whitespace().count() as i64
            ))
        }),
        ("normalize_whitespace", |input, _, _| {
            Ok(Value::scalar(
                input
                    .to_kstr()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
            ))
        }),
        ("smartify", |input, _, _| {
            Ok(Value::scalar(input.to_kstr().into_string()))
        }),
        ("sample", |input, _, _| {
            Ok(match input.as_array() {
                Some(items) => items.first().map(ValueView::to_value).unwrap_or(Value::Nil),
                None => input.to_value(),
            })
        }),
        ("inspect", |input, _, _| {
            Ok(Value::scalar(input.source().to_string()))
        }),
        ("to_integer", |input, _, _| {
            let scalar = input.as_scalar();
            let number = scalar
                .as_ref()
                .and_then(ScalarCow::to_integer)
                .or_else(|| {
                    scalar
                        .as_ref()
                        .and_then(ScalarCow::to_float)
                        .map(|f| f as i64)
                })
                .unwrap_or(0);
            Ok(Value::scalar(number))
        }),
        ("find", find),
        ("find_exp", find_exp),
    ];
    filters
        .into_iter()
        .map(|(name, compute)| Box::new(Simple { name, compute }) as Box<dyn ParseFilter>)
        .collect()
}

/// The text argument at `index`.
fn text(arguments: &[Value], index: usize) -> String {
    arguments
        .get(index)
        .map(|value| value.to_kstr().into_string())
        .unwrap_or_default()
}

/// `relative_url`, `absolute_url`: a site path under the site's URL (`site.url` holds the
/// base URL with any base path: a feed needs the absolute URL either way).
fn site_url(input: &dyn ValueView, _: &[Value], runtime: &dyn Runtime) -> Result<Value> {
    let path = input.to_kstr();
    if path.contains("://") || path.starts_with("//") {
        return Ok(Value::scalar(path.into_owned()));
    }
    let site = runtime
        .try_get(&[ScalarCow::new("site"), ScalarCow::new("url")])
        .map(|url| url.to_kstr().into_string())
        .unwrap_or_default();
    let base = site.trim_end_matches('/');
    Ok(Value::scalar(format!(
        "{base}/{}",
        path.trim_start_matches('/')
    )))
}

fn markdownify(input: &dyn ValueView, _: &[Value], _: &dyn Runtime) -> Result<Value> {
    let options = pulldown_cmark::Options::ENABLE_TABLES
        | pulldown_cmark::Options::ENABLE_FOOTNOTES
        | pulldown_cmark::Options::ENABLE_STRIKETHROUGH;
    let text = input.to_kstr();
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new_ext(&text, options));
    Ok(Value::scalar(html))
}

fn jsonify(input: &dyn ValueView, _: &[Value], _: &dyn Runtime) -> Result<Value> {
    fn json(value: &dyn ValueView) -> serde_json::Value {
        if let Some(items) = value.as_array() {
            return serde_json::Value::Array(items.values().map(json).collect());
        }
        if let Some(fields) = value.as_object() {
            return serde_json::Value::Object(
                fields
                    .iter()
                    .map(|(key, value)| (key.to_string(), json(value)))
                    .collect(),
            );
        }
        match value.as_scalar() {
            None => serde_json::Value::Null,
            Some(scalar) => match (scalar.to_bool(), scalar.to_integer(), scalar.to_float()) {
                (Some(b), _, _) if value.type_name() == "boolean" => serde_json::Value::Bool(b),
                (_, Some(int), _) if value.type_name() == "whole number" => int.into(),
                (_, _, Some(float)) if value.type_name() == "fractional number" => float.into(),
                _ => serde_json::Value::String(scalar.to_kstr().into_string()),
            },
        }
    }
    Ok(Value::scalar(json(input).to_string()))
}

fn xml_escape(input: &dyn ValueView, _: &[Value], _: &dyn Runtime) -> Result<Value> {
    Ok(Value::scalar(
        quick_xml::escape::escape(input.to_kstr().as_str()).into_owned(),
    ))
}

fn cgi_escape(input: &dyn ValueView, _: &[Value], _: &dyn Runtime) -> Result<Value> {
    let encoded: String =
        percent_encoding::utf8_percent_encode(&input.to_kstr(), percent_encoding::NON_ALPHANUMERIC)
            .to_string()
            .replace("%20", "+");
    Ok(Value::scalar(encoded))
}

fn uri_escape(input: &dyn ValueView, _: &[Value], _: &dyn Runtime) -> Result<Value> {
    const KEEP: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
        .add(b' ')
        .add(b'"')
        .add(b'<')
        .add(b'>')
        .add(b'`')
        .add(b'{')
        .add(b'}')
        .add(b'|')
        .add(b'\\')
        .add(b'^');
    Ok(Value::scalar(
        percent_encoding::utf8_percent_encode(&input.to_kstr(), KEEP).to_string(),
    ))
}

/// A date filter's input as a time: a liquid date, or text in the forms Jekyll dates take.
fn time_of(input: &dyn ValueView) -> Option<jiff::ZonedDateTime> {
    let text = input.to_kstr();
    let text = text.trim();
    if let Ok(time) = text.parse::<jiff::Timestamp>() {
        return Some(time.to_zoned_datetime(jiff::tz::TimeZone::UTC));
    }
    for format in ["%Y-%m-%d %H:%M:%S %z", "%Y-%m-%d %H:%M:%S %:z"] {
        if let Ok(time) =
            jiff::fmt::strtime::parse(format, text).and_then(|t| t.to_zoned_datetime())
        {
            return Some(time);
        }
    }
    if let Ok(time) = text.parse::<jiff::civil::DateTime>() {
        return time.to_zoned_datetime(jiff::tz::TimeZone::UTC).ok();
    }
    text.parse::<jiff::civil::Date>()
        .ok()
        .and_then(|date| date.to_zoned_datetime(jiff::tz::TimeZone::UTC).ok())
}

fn date_as(input: &dyn ValueView, format: &str) -> Result<Value> {
    Ok(match time_of(input) {
        Some(time) => Value::scalar(time.strftime(format).to_string()),
        None => input.to_value(),
    })
}

/// The items of a list input (a map's values for a map, nothing else otherwise).
fn items(input: &dyn ValueView) -> Vec<&dyn ValueView> {
    if let Some(list) = input.as_array() {
        return list.values().collect();
    }
    if let Some(fields) = input.as_object() {
        return fields.values().collect();
    }
    Vec::new()
}

/// `group_by: "key"`: `{name, items, size}` for each value of `key`, in the order first met.
fn group_by(input: &dyn ValueView, arguments: &[Value], _: &dyn Runtime) -> Result<Value> {
    let key = text(arguments, 0);
    let mut groups: Vec<(String, Vec<Value>)> = Vec::new();
    for item in items(input) {
        let name = item
            .as_object()
            .and_then(|fields| fields.get(&key))
            .map(|value| value.to_kstr().into_string())
            .unwrap_or_default();
        match groups.iter_mut().find(|(known, _)| *known == name) {
            Some((_, members)) => members.push(item.to_value()),
            None => groups.push((name, vec![item.to_value()])),
        }
    }
    Ok(Value::Array(
        groups
            .into_iter()
            .map(|(name, members)| {
                let mut group = liquid_core::Object::new();
                group.insert("name".into(), Value::scalar(name));
                group.insert("size".into(), Value::scalar(members.len() as i64));
                group.insert("items".into(), Value::Array(members));
                Value::Object(group)
            })
            .collect(),
    ))
}

fn find(input: &dyn ValueView, arguments: &[Value], _: &dyn Runtime) -> Result<Value> {
    let (key, wanted) = (text(arguments, 0), text(arguments, 1));
    Ok(items(input)
        .into_iter()
        .find(|item| {
            item.as_object()
                .and_then(|fields| fields.get(&key))
                .is_some_and(|value| value.to_kstr() == wanted.as_str())
        })
        .map(ValueView::to_value)
        .unwrap_or(Value::Nil))
}

/// What a `where_exp` condition reads beyond its item: the render's names.
fn outside(runtime: &dyn Runtime) -> impl Fn(&[&str]) -> Option<Value> + '_ {
    move |path: &[&str]| {
        let path: Vec<ScalarCow<'_>> = path.iter().map(|part| ScalarCow::new(*part)).collect();
        runtime.try_get(&path).map(|value| value.to_value())
    }
}

fn where_exp(input: &dyn ValueView, arguments: &[Value], runtime: &dyn Runtime) -> Result<Value> {
    let (name, condition) = (text(arguments, 0), text(arguments, 1));
    let outside = outside(runtime);
    Ok(Value::Array(
        items(input)
            .into_iter()
            .filter(|item| super::condition::holds(&condition, (&name, *item), &outside))
            .map(ValueView::to_value)
            .collect(),
    ))
}

fn find_exp(input: &dyn ValueView, arguments: &[Value], runtime: &dyn Runtime) -> Result<Value> {
    let (name, condition) = (text(arguments, 0), text(arguments, 1));
    let outside = outside(runtime);
    Ok(items(input)
        .into_iter()
        .find(|item| super::condition::holds(&condition, (&name, *item), &outside))
        .map(ValueView::to_value)
        .unwrap_or(Value::Nil))
}
