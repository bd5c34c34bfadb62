//! The Hugo functions a shortcode calls, answered from inside the site: text (`lower`,
//! `replace`, `replaceRE`, `strings.*`), collections (`dict`, `slice`, `where`, `sort`,
//! `first`, `in`, `seq` within a budget), numbers (`add`, `math.*`), URLs (`relURL`,
//! `absURL`, `urlize`, `anchorize`), rendering (`markdownify`, `plainify`, `safeHTML`,
//! `highlight`), `partial`, `i18n`, `newScratch`, `time.Format`, `readFile` and `resources.Get`
//! inside the site.
//!
//! Each is registered under its namespace (`strings.TrimSpace`) and under Hugo's short name
//! (`trim`); a namespace is a function giving the map of its members, which the call rewrite
//! invokes. What feedsmith cannot do — image processing, remote data, the clock — fails that
//! one call with a message naming it, so the shortcode falls back and the warning says why.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use gotmpl::{FuncMap, Value, ValueFunc};

use super::hugo_values::{
    Outcome, fail, first, html_value, integer, is_empty, items, map_value, number, path, scratch,
    text, text_value, to_json,
};

/// The most numbers `seq` gives, and items `range` visits, in one shortcode's render.
pub(super) const SEQ_LIMIT: usize = 100_000;

/// What the functions know of the site, fixed when its templates load.
pub(super) struct SiteInfo {
    /// The base URL without its trailing slash, and its path (`/docs`).
    pub(super) base_url: String,
    pub(super) base_path: String,
    /// The site's folder: files are read only inside it.
    pub(super) root: PathBuf,
    /// The `assets/` folders, the site's first (`resources.Get`).
    pub(super) assets: Vec<PathBuf>,
    /// Translations by language, then key (`i18n`).
    pub(super) i18n: BTreeMap<String, BTreeMap<String, Value>>,
    /// The site as `.Site` and `site` give it.
    pub(super) site: Value,
    /// The partials there are, by their name under `partials/` (`templates.Exists`).
    pub(super) partials: std::collections::BTreeSet<String>,
}

/// The work one shortcode's render may do, in units: each function call costs one, and one
/// more for every 64 bytes of text (or item of a list) it makes. Loops are bounded by their
/// own budget; this bounds what they do, a string doubled in a loop included.
pub(super) const FUEL: u64 = 10_000_000;

/// The most text one value may hold: a function making more fails the render.
pub(super) const MAX_VALUE_BYTES: usize = 64 << 20;

/// How a page a template's `ref` or `relref` names stands in its output until the post's
/// links are known: letters and digits, which every escaping leaves as they are.
pub(crate) const REFERENCE_MARK: &str = "feedsmithreference";

thread_local! {
    /// The pages the render's `ref`/`relref` calls named, in order.
    static REFERENCES: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
    static FUEL_LEFT: std::cell::Cell<u64> = const { std::cell::Cell::new(FUEL) };
    static EXHAUSTED: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// The pages the render's `ref`/`relref` calls named, taken.
pub(super) fn take_references() -> Vec<String> {
    REFERENCES.with(|names| std::mem::take(&mut *names.borrow_mut()))
}

/// `ref PAGE PATH` / `relref PAGE PATH` (or a map with `path`): a stand-in for the page's
/// permalink, which the post's links fill in.
fn reference(args: &[Value]) -> Outcome {
    let target = match last(args)? {
        map @ Value::Map(_) => text(&path(map, "path")),
        other => text(other),
    };
    let index = REFERENCES.with(|names| {
        let mut names = names.borrow_mut();
        names.push(target);
        names.len() - 1
    });
    Ok(text_value(format!("{REFERENCE_MARK}{index}x")))
}

/// Fills the render's fuel for a new shortcode render.
pub(super) fn refuel() {
    REFERENCES.with(|names| names.borrow_mut().clear());
    FUEL_LEFT.with(|left| left.set(FUEL));
    EXHAUSTED.with(|why| why.borrow_mut().take());
}

/// Why the render ran out, if it did: a limit no template of a site should reach.
pub(super) fn exhausted() -> Option<String> {
    EXHAUSTED.with(|why| why.borrow_mut().take())
}

/// `result`, its cost taken from the render's fuel; an error once the fuel or the size of
/// a value runs past its limit.
pub(super) fn charged(result: Outcome) -> Outcome {
    charge(result, true)
}

/// A read of a value already made (a field): one unit, whatever its size.
pub(super) fn charged_read(result: Outcome) -> Outcome {
    charge(result, false)
}

fn charge(result: Outcome, made: bool) -> Outcome {
    let size = match &result {
        _ if !made => 0,
        Ok(Value::String(s) | Value::Safe { s, .. }) => s.len(),
        Ok(Value::List(items)) => items.len().saturating_mul(64),
        _ => 0,
    };
    let cost = 1 + (size / 64) as u64;
    let within = FUEL_LEFT.with(|left| match left.get().checked_sub(cost) {
        Some(rest) => {
            left.set(rest);
            true
        }
        None => false,
    });
    let why = match (within, size > MAX_VALUE_BYTES) {
        (false, _) => format!(
            "it does more work than one shortcode may ({FUEL} function calls, or text made 64 bytes at a time)"
        ),
        (true, true) => format!("it makes a value of more than {} MB", MAX_VALUE_BYTES >> 20),
        (true, false) => return result,
    };
    EXHAUSTED.with(|slot| {
        slot.borrow_mut().get_or_insert(why.clone());
    });
    Err(fail(why))
}

/// What one render knows: the post's language and page, and how to run a partial.
#[derive(Clone)]
pub(super) struct RenderState {
    pub(super) lang: String,
    pub(super) page: Value,
}

thread_local! {
    static RENDER: std::cell::RefCell<RenderState> = const { std::cell::RefCell::new(RenderState {
        lang: String::new(),
        page: Value::Nil,
    }) };
}

/// Runs `f` with `state` as the render's state on this thread.
pub(super) fn with_state<T>(state: RenderState, f: impl FnOnce() -> T) -> T {
    let before = RENDER.with(|render| render.replace(state));
    let result = f();
    RENDER.with(|render| render.replace(before));
    result
}

fn current_lang() -> String {
    RENDER.with(|render| render.borrow().lang.clone())
}

fn current_page() -> Value {
    RENDER.with(|render| render.borrow().page.clone())
}

/// A partial run by name with a context: what `partial` calls.
pub(super) type PartialRunner = Arc<dyn Fn(&str, &Value) -> Outcome + Send + Sync>;

/// Hugo's functions, for a site.
pub(super) fn functions(site: Arc<SiteInfo>, partial: PartialRunner) -> FuncMap {
    let mut registry = Registry::default();
    text_functions(&mut registry);
    text_test_functions(&mut registry);
    text_edit_functions(&mut registry);
    collection_functions(&mut registry);
    collection_query_functions(&mut registry);
    math_functions(&mut registry);
    url_functions(&mut registry, &site);
    transform_functions(&mut registry);
    output_functions(&mut registry);
    file_functions(&mut registry, &site);
    site_functions(&mut registry, &site, partial);
    unsupported_functions(&mut registry);
    registry.into_func_map()
}

/// The short names of a function.
type Aliases = &'static [&'static str];
/// An operation on numbers, as floats and as whole numbers.
type FloatOp = fn(f64, f64) -> f64;
type IntOp = fn(i64, i64) -> Option<i64>;
/// A change of text.
type TextOp = fn(&str) -> String;
/// A rounding of a number.
type Rounding = fn(f64) -> f64;

/// Functions by their full name (`strings.TrimSpace`) and short aliases.
#[derive(Default)]
struct Registry {
    named: BTreeMap<String, ValueFunc>,
}

impl Registry {
    fn add(
        &mut self,
        name: &str,
        aliases: &[&'static str],
        f: impl Fn(&[Value]) -> Outcome + Send + Sync + 'static,
    ) {
        let f: ValueFunc = Arc::new(move |args: &[Value]| charged(f(args)));
        for alias in aliases {
            self.named.insert((*alias).to_string(), Arc::clone(&f));
        }
        self.named.insert(name.to_string(), f);
    }

    /// The map the engine takes: every name, and each namespace as a function giving the
    /// map of its members.
    fn into_func_map(self) -> FuncMap {
        let mut namespaces: BTreeMap<String, Vec<(String, ValueFunc)>> = BTreeMap::new();
        for (name, f) in &self.named {
            if let Some((namespace, member)) = name.split_once('.') {
                namespaces
                    .entry(namespace.to_string())
                    .or_default()
                    .push((member.to_string(), Arc::clone(f)));
            }
        }
        let mut map: FuncMap = self
            .named
            .into_iter()
            .filter(|(name, _)| !name.contains('.'))
            .collect();
        for (namespace, members) in namespaces {
            let members = Value::Map(Arc::new(
                members
                    .into_iter()
                    .map(|(name, f)| (Arc::from(name.as_str()), Value::Function(f)))
                    .collect(),
            ));
            // A namespace that is also a value (`site`, `hugo`) keeps its value's fields.
            let merged = match map.get(&namespace) {
                Some(existing) => match existing(&[]) {
                    Ok(Value::Map(fields)) => {
                        let mut fields = (*fields).clone();
                        if let Value::Map(members) = &members {
                            fields.extend(members.iter().map(|(k, v)| (k.clone(), v.clone())));
                        }
                        Value::Map(Arc::new(fields))
                    }
                    _ => members,
                },
                None => members,
            };
            map.insert(namespace, Arc::new(move |_: &[Value]| Ok(merged.clone())));
        }
        map
    }
}

/// The text of argument `at`, or nothing.
fn arg(args: &[Value], at: usize) -> String {
    args.get(at).map(text).unwrap_or_default()
}

/// The last argument: what a pipe hands a function.
fn last(args: &[Value]) -> Result<&Value, gotmpl::TemplateError> {
    args.last().ok_or_else(|| fail("an argument is missing"))
}

fn text_functions(registry: &mut Registry) {
    let unary: [(&str, Aliases, TextOp); 7] = [
        ("strings.ToLower", &["lower"], str::to_lowercase),
        ("strings.ToUpper", &["upper"], str::to_uppercase),
        ("strings.Title", &["title"], title_case),
        ("strings.TrimSpace", &[], |s| s.trim().to_string()),
        ("strings.Chomp", &["chomp"], |s| {
            s.trim_end_matches(['\r', '\n']).to_string()
        }),
        ("strings.FirstUpper", &[], |s| {
            let mut chars = s.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        }),
        ("inflect.Humanize", &["humanize"], humanize),
    ];
    for (name, aliases, f) in unary {
        registry.add(name, aliases, move |args| {
            Ok(text_value(f(&text(last(args)?))))
        });
    }
    registry.add("strings.Trim", &["trim"], |args| {
        let cutset = arg(args, 1);
        Ok(text_value(
            arg(args, 0).trim_matches(|c| cutset.contains(c)),
        ))
    });
    registry.add("strings.TrimLeft", &[], |args| {
        let cutset = arg(args, 0);
        Ok(text_value(
            arg(args, 1).trim_start_matches(|c| cutset.contains(c)),
        ))
    });
    registry.add("strings.TrimRight", &[], |args| {
        let cutset = arg(args, 0);
        Ok(text_value(
            arg(args, 1).trim_end_matches(|c| cutset.contains(c)),
        ))
    });
    registry.add("strings.TrimPrefix", &[], |args| {
        let (prefix, s) = (arg(args, 0), arg(args, 1));
        Ok(text_value(s.strip_prefix(prefix.as_str()).unwrap_or(&s)))
    });
    registry.add("strings.TrimSuffix", &[], |args| {
        let (suffix, s) = (arg(args, 0), arg(args, 1));
        Ok(text_value(s.strip_suffix(suffix.as_str()).unwrap_or(&s)))
    });
}

/// `hasPrefix`, `strings.Contains`, counting and repeating.
fn text_test_functions(registry: &mut Registry) {
    registry.add("strings.HasPrefix", &["hasPrefix"], |args| {
        Ok(Value::Bool(arg(args, 0).starts_with(&arg(args, 1))))
    });
    registry.add("strings.HasSuffix", &["hasSuffix"], |args| {
        Ok(Value::Bool(arg(args, 0).ends_with(&arg(args, 1))))
    });
    registry.add("strings.Contains", &[], |args| {
        Ok(Value::Bool(arg(args, 0).contains(&arg(args, 1))))
    });
    registry.add("strings.ContainsAny", &[], |args| {
        let chars = arg(args, 1);
        Ok(Value::Bool(arg(args, 0).contains(|c| chars.contains(c))))
    });
    registry.add("strings.Count", &[], |args| {
        let (needle, s) = (arg(args, 0), arg(args, 1));
        Ok(Value::Int(match needle.is_empty() {
            true => s.chars().count() as i64 + 1,
            false => s.matches(&needle).count() as i64,
        }))
    });
    registry.add("strings.CountWords", &["countwords"], |args| {
        Ok(Value::Int(
            text(last(args)?).split_whitespace().count() as i64
        ))
    });
    registry.add("strings.RuneCount", &["countrunes"], |args| {
        Ok(Value::Int(
            text(last(args)?)
                .chars()
                .filter(|c| !c.is_whitespace())
                .count() as i64,
        ))
    });
    registry.add("strings.Repeat", &[], |args| {
        let count = args.first().and_then(integer).unwrap_or(0).clamp(0, 10_000) as usize;
        let s = arg(args, 1);
        if s.len().saturating_mul(count) > 1 << 20 {
            return Err(fail("strings.Repeat: the result is over 1 MB"));
        }
        Ok(text_value(s.repeat(count)))
    });
}

/// `replace`, `replaceRE`, `findRE`, `split`, `substr`, `truncate`.
fn text_edit_functions(registry: &mut Registry) {
    registry.add("strings.Replace", &["replace"], |args| {
        let (s, old, new) = (arg(args, 0), arg(args, 1), arg(args, 2));
        Ok(text_value(match args.get(3).and_then(integer) {
            Some(limit) if limit >= 0 => s.replacen(&old, &new, limit as usize),
            _ => s.replace(&old, &new),
        }))
    });
    registry.add("strings.ReplaceRE", &["replaceRE"], |args| {
        let pattern = regex(&arg(args, 0))?;
        let (replacement, s) = (arg(args, 1), arg(args, 2));
        let limit = args.get(3).and_then(integer).filter(|n| *n >= 0);
        Ok(text_value(
            pattern
                .replacen(&s, limit.unwrap_or(0) as usize, replacement.as_str())
                .into_owned(),
        ))
    });
    registry.add("strings.FindRE", &["findRE"], |args| {
        let pattern = regex(&arg(args, 0))?;
        let s = arg(args, 1);
        let limit = args.get(2).and_then(integer).filter(|n| *n >= 0);
        Ok(Value::List(
            pattern
                .find_iter(&s)
                .take(limit.map_or(usize::MAX, |n| n as usize))
                .map(|found| text_value(found.as_str()))
                .collect(),
        ))
    });
    registry.add("strings.Split", &["split"], |args| {
        let (s, by) = (arg(args, 0), arg(args, 1));
        Ok(Value::List(match by.is_empty() {
            true => s.chars().map(|c| text_value(c.to_string())).collect(),
            false => s.split(by.as_str()).map(text_value).collect(),
        }))
    });
    registry.add("strings.Substr", &["substr"], |args| {
        let chars: Vec<char> = arg(args, 0).chars().collect();
        let len = chars.len() as i64;
        let start = args.get(1).and_then(integer).unwrap_or(0);
        let start = if start < 0 {
            (len + start).max(0)
        } else {
            start.min(len)
        };
        let count = args.get(2).and_then(integer).unwrap_or(len - start);
        let end = if count < 0 {
            (len + count).max(start)
        } else {
            (start + count).min(len)
        };
        Ok(text_value(
            chars[start as usize..end as usize]
                .iter()
                .collect::<String>(),
        ))
    });
    registry.add("strings.Truncate", &["truncate"], truncate);
}

/// Hugo's `title`: each word's first letter upper case.
fn title_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut start = true;
    for c in s.chars() {
        match start && c.is_alphanumeric() {
            true => out.extend(c.to_uppercase()),
            false => out.push(c),
        }
        start = c.is_whitespace() || c == '-';
    }
    out
}

/// Hugo's `humanize`: `my-first-post` → `My first post`; a number → its ordinal.
fn humanize(s: &str) -> String {
    if let Ok(n) = s.trim().parse::<i64>() {
        let suffix = match (n % 100, n % 10) {
            (11..=13, _) => "th",
            (_, 1) => "st",
            (_, 2) => "nd",
            (_, 3) => "rd",
            _ => "th",
        };
        return format!("{n}{suffix}");
    }
    let spaced = s.replace(['-', '_'], " ");
    let mut chars = spaced.trim().chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// `truncate SIZE [ELLIPSIS] TEXT`: at a word boundary, the ellipsis after.
fn truncate(args: &[Value]) -> Outcome {
    let size = args.first().and_then(integer).unwrap_or(0).max(0) as usize;
    let (ellipsis, s) = match args.len() {
        3 => (arg(args, 1), args[2].clone()),
        _ => (" …".to_string(), last(args)?.clone()),
    };
    let html = matches!(s, Value::Safe { .. });
    let body = text(&s);
    if body.chars().count() <= size {
        return Ok(s);
    }
    let cut: String = body.chars().take(size).collect();
    let cut = match cut.rfind(char::is_whitespace) {
        Some(at) if at > 0 => cut[..at].to_string(),
        _ => cut,
    };
    let out = format!("{}{ellipsis}", cut.trim_end());
    Ok(match html {
        true => html_value(out),
        false => text_value(out),
    })
}

/// A Go regular expression, as the `regex` crate reads it (the same RE2 syntax).
fn regex(pattern: &str) -> Result<regex::Regex, gotmpl::TemplateError> {
    regex::RegexBuilder::new(pattern)
        .size_limit(1 << 20)
        .build()
        .map_err(|error| fail(format!("the regular expression `{pattern}`: {error}")))
}

fn collection_functions(registry: &mut Registry) {
    registry.add("collections.Dictionary", &["dict"], |args| {
        if args.len() % 2 != 0 {
            return Err(fail("dict takes pairs of keys and values"));
        }
        let mut fields = BTreeMap::new();
        for pair in args.chunks(2) {
            fields.insert(Arc::from(text(&pair[0])), pair[1].clone());
        }
        Ok(Value::Map(Arc::new(fields)))
    });
    registry.add("collections.Slice", &["slice"], |args| {
        Ok(Value::List(args.iter().cloned().collect()))
    });
    registry.add("collections.Append", &["append"], |args| {
        let (list, more) = args
            .split_last()
            .ok_or_else(|| fail("append takes a list"))?;
        let mut list = items(list)?;
        match more {
            [Value::List(all)] => list.extend(all.iter().cloned()),
            _ => list.extend(more.iter().cloned()),
        }
        Ok(Value::List(list.into()))
    });
    registry.add("collections.In", &["in"], |args| {
        let (set, value) = (first(args)?, last(args)?);
        Ok(Value::Bool(match set {
            Value::List(list) => list.iter().any(|item| text(item) == text(value)),
            Value::String(s) | Value::Safe { s, .. } => s.contains(text(value).as_str()),
            _ => false,
        }))
    });
    registry.add("collections.IsSet", &["isset"], |args| {
        let key = arg(args, 1);
        Ok(Value::Bool(match first(args)? {
            Value::Map(fields) => fields.keys().any(|k| k.eq_ignore_ascii_case(&key)),
            Value::List(list) => key.parse::<usize>().is_ok_and(|at| at < list.len()),
            _ => false,
        }))
    });
    registry.add("collections.Delimit", &["delimit"], |args| {
        let list = items(first(args)?)?;
        let (by, final_by) = (arg(args, 1), args.get(2).map(text));
        let mut out = String::new();
        for (at, item) in list.iter().enumerate() {
            if at > 0 {
                let is_last = at + 1 == list.len();
                out.push_str(final_by.as_deref().filter(|_| is_last).unwrap_or(&by));
            }
            out.push_str(&text(item));
        }
        Ok(text_value(out))
    });
    registry.add("collections.First", &["first"], |args| {
        let n = args.first().and_then(integer).unwrap_or(0).max(0) as usize;
        Ok(Value::List(
            items(last(args)?)?.into_iter().take(n).collect(),
        ))
    });
    registry.add("collections.Last", &["last"], |args| {
        let n = args.first().and_then(integer).unwrap_or(0).max(0) as usize;
        let list = items(last(args)?)?;
        Ok(Value::List(list[list.len().saturating_sub(n)..].into()))
    });
    registry.add("collections.After", &["after"], |args| {
        let n = args.first().and_then(integer).unwrap_or(0).max(0) as usize;
        Ok(Value::List(
            items(last(args)?)?.into_iter().skip(n).collect(),
        ))
    });
}

/// `uniq`, `seq`, `where`, `sort`, sets, `default`, `cond`.
fn collection_query_functions(registry: &mut Registry) {
    registry.add("collections.Uniq", &["uniq"], |args| {
        let mut seen = std::collections::HashSet::new();
        Ok(Value::List(
            items(last(args)?)?
                .into_iter()
                .filter(|item| seen.insert(text(item)))
                .collect(),
        ))
    });
    registry.add("collections.Seq", &["seq"], seq);
    registry.add("collections.Where", &["where"], where_items);
    registry.add("collections.Sort", &["sort"], sort_items);
    registry.add("collections.Union", &["union"], |args| {
        let mut list = items(first(args)?)?;
        for item in items(last(args)?)? {
            if !list.iter().any(|known| text(known) == text(&item)) {
                list.push(item);
            }
        }
        Ok(Value::List(list.into()))
    });
    registry.add("collections.Intersect", &["intersect"], |args| {
        let other: Vec<String> = items(last(args)?)?.iter().map(text).collect();
        Ok(Value::List(
            items(first(args)?)?
                .into_iter()
                .filter(|item| other.contains(&text(item)))
                .collect(),
        ))
    });
    registry.add("collections.Index", &[], |args| {
        let mut at = first(args)?.clone();
        for key in &args[1..] {
            at = at.index(key)?;
        }
        Ok(at)
    });
    registry.add("reflect.IsMap", &[], |args| {
        Ok(Value::Bool(matches!(first(args)?, Value::Map(_))))
    });
    registry.add("reflect.IsSlice", &[], |args| {
        Ok(Value::Bool(matches!(first(args)?, Value::List(_))))
    });
    registry.add("compare.Default", &["default"], |args| {
        let fallback = first(args)?;
        Ok(match args.get(1) {
            Some(given) if !is_empty(given) => given.clone(),
            _ => fallback.clone(),
        })
    });
    registry.add("compare.Conditional", &["cond"], |args| {
        let [test, yes, no] = args else {
            return Err(fail("cond takes a test and two values"));
        };
        Ok(if test.is_truthy() { yes } else { no }.clone())
    });
}

/// `seq LAST`, `seq FIRST LAST`, `seq FIRST STEP LAST`, within [`SEQ_LIMIT`].
fn seq(args: &[Value]) -> Outcome {
    let numbers: Vec<i64> = args.iter().filter_map(integer).collect();
    let (from, step, to) = match numbers[..] {
        [last] if last >= 1 => (1, 1, last),
        [last] => (-1, -1, last),
        [from, to] => (from, if to >= from { 1 } else { -1 }, to),
        [from, step, to] => (from, step, to),
        _ => return Err(fail("seq takes one to three numbers")),
    };
    if step == 0 || (to - from).signum() * step.signum() < 0 {
        return Err(fail("seq: the step does not reach the end"));
    }
    let count = ((to - from) / step).unsigned_abs() + 1;
    if count > SEQ_LIMIT as u64 {
        return Err(fail(format!(
            "seq asks for {count} numbers, over the {SEQ_LIMIT} one shortcode may make"
        )));
    }
    Ok(Value::List(
        (0..count as i64)
            .map(|i| Value::Int(from + i * step))
            .collect(),
    ))
}

/// `where COLLECTION KEY [OPERATOR] VALUE`.
fn where_items(args: &[Value]) -> Outcome {
    let (collection, key) = (first(args)?, arg(args, 1));
    let (operator, wanted) = match args.len() {
        3 => ("=".to_string(), &args[2]),
        4 => (arg(args, 2), &args[3]),
        _ => {
            return Err(fail(
                "where takes a collection, a key, an operator and a value",
            ));
        }
    };
    let keep = |item: &Value| {
        let value = match key.strip_prefix('.').unwrap_or(&key) {
            "" => item.clone(),
            key => path(item, key),
        };
        let (a, b) = (text(&value), text(wanted));
        let ordered = match (number(&value), number(wanted)) {
            (Some(x), Some(y)) => x.partial_cmp(&y),
            _ => Some(a.cmp(&b)),
        };
        let listed = || items(wanted).is_ok_and(|list| list.iter().any(|w| text(w) == a));
        match operator.as_str() {
            "=" | "==" | "eq" => a == b,
            "!=" | "<>" | "ne" => a != b,
            ">" | "gt" => ordered == Some(std::cmp::Ordering::Greater),
            ">=" | "ge" => ordered.is_some_and(|o| o.is_ge()),
            "<" | "lt" => ordered == Some(std::cmp::Ordering::Less),
            "<=" | "le" => ordered.is_some_and(|o| o.is_le()),
            "in" => listed(),
            "not in" => !listed(),
            _ => false,
        }
    };
    Ok(Value::List(
        items(collection)?.into_iter().filter(keep).collect(),
    ))
}

/// `sort COLLECTION [KEY] [asc|desc]`: numbers as numbers, the rest as text; stable.
fn sort_items(args: &[Value]) -> Outcome {
    let mut list = items(first(args)?)?;
    let key = args.get(1).map(text).filter(|k| k != "value");
    let descending = args.get(2).is_some_and(|order| text(order) == "desc");
    let sort_key = |item: &Value| match &key {
        Some(key) => path(item, key.strip_prefix('.').unwrap_or(key)),
        None => item.clone(),
    };
    list.sort_by(|a, b| {
        let (a, b) = (sort_key(a), sort_key(b));
        let order = match (number(&a), number(&b)) {
            (Some(x), Some(y)) => x.total_cmp(&y),
            _ => text(&a).cmp(&text(&b)),
        };
        if descending { order.reverse() } else { order }
    });
    Ok(Value::List(list.into()))
}

fn math_functions(registry: &mut Registry) {
    let binary: [(&str, Aliases, FloatOp, IntOp); 5] = [
        ("math.Add", &["add"], |a, b| a + b, i64::checked_add),
        ("math.Sub", &["sub"], |a, b| a - b, i64::checked_sub),
        ("math.Mul", &["mul"], |a, b| a * b, i64::checked_mul),
        ("math.Div", &["div"], |a, b| a / b, i64::checked_div),
        ("math.Mod", &["mod"], |a, b| a % b, i64::checked_rem),
    ];
    for (name, aliases, float, int) in binary {
        registry.add(name, aliases, move |args| {
            let [a, b] = args else {
                return Err(fail(format!("{name} takes two numbers")));
            };
            match (a, b) {
                (Value::Int(a), Value::Int(b)) => int(*a, *b)
                    .map(Value::Int)
                    .ok_or_else(|| fail(format!("{name}: out of range or by zero"))),
                (Value::String(a), Value::String(b)) if name == "math.Add" => {
                    Ok(text_value(format!("{a}{b}")))
                }
                _ => match (number(a), number(b)) {
                    (Some(a), Some(b)) => Ok(Value::Float(float(a, b))),
                    _ => Err(fail(format!("{name} takes two numbers"))),
                },
            }
        });
    }
    let rounding: [(&str, Rounding); 4] = [
        ("math.Round", f64::round),
        ("math.Floor", f64::floor),
        ("math.Ceil", f64::ceil),
        ("math.Abs", f64::abs),
    ];
    for (name, f) in rounding {
        registry.add(name, &[], move |args| {
            let value =
                number(first(args)?).ok_or_else(|| fail(format!("{name} takes a number")))?;
            Ok(Value::Float(f(value)))
        });
    }
    registry.add("math.Max", &[], |args| {
        Ok(Value::Float(
            args.iter().filter_map(number).fold(f64::MIN, f64::max),
        ))
    });
    registry.add("math.Min", &[], |args| {
        Ok(Value::Float(
            args.iter().filter_map(number).fold(f64::MAX, f64::min),
        ))
    });
    registry.add("cast.ToInt", &["int"], |args| {
        integer(first(args)?)
            .map(Value::Int)
            .ok_or_else(|| fail("int: not a number"))
    });
    registry.add("cast.ToFloat", &["float"], |args| {
        number(first(args)?)
            .map(Value::Float)
            .ok_or_else(|| fail("float: not a number"))
    });
    registry.add("cast.ToString", &["string"], |args| {
        Ok(text_value(text(first(args)?)))
    });
    registry.add("lang.FormatNumber", &[], |args| {
        let precision = args.first().and_then(integer).unwrap_or(0).clamp(0, 20) as usize;
        let value = number(last(args)?).ok_or_else(|| fail("lang.FormatNumber takes a number"))?;
        Ok(text_value(group_thousands(
            &format!("{value:.precision$}"),
            ",",
        )))
    });
    registry.add("lang.NumFmt", &[], |args| {
        let precision = args.first().and_then(integer).unwrap_or(0).clamp(0, 20) as usize;
        let value = number(args.get(1).unwrap_or(&Value::Nil))
            .ok_or_else(|| fail("lang.NumFmt takes a precision and a number"))?;
        // The options: "- . ," by default: minus, decimal point, thousands.
        let options = args.get(2).map(text).unwrap_or_else(|| "- . ,".to_string());
        let mut parts = options.split_whitespace();
        let _ = parts.next();
        let formatted = format!("{value:.precision$}");
        let (point, thousands) = (parts.next().unwrap_or("."), parts.next().unwrap_or(","));
        Ok(text_value(group_thousands(
            &formatted.replace('.', point),
            thousands,
        )))
    });
}

/// `12345.6` → `12,345.6`.
fn group_thousands(number: &str, separator: &str) -> String {
    let (sign, digits) = number
        .strip_prefix('-')
        .map_or(("", number), |rest| ("-", rest));
    let split = digits
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(digits.len());
    let (whole, rest) = digits.split_at(split);
    let mut out = String::from(sign);
    for (at, c) in whole.chars().enumerate() {
        if at > 0 && (whole.len() - at) % 3 == 0 {
            out.push_str(separator);
        }
        out.push(c);
    }
    out.push_str(rest);
    out
}

fn url_functions(registry: &mut Registry, site: &Arc<SiteInfo>) {
    // `relURL` gives the full URL as `absURL` does: a feed's links must be absolute, and a
    // site path would be read under the base URL's path a second time.
    for (name, aliases) in [
        ("urls.RelURL", &["relURL", "relLangURL"]),
        ("urls.AbsURL", &["absURL", "absLangURL"]),
    ] {
        let site = Arc::clone(site);
        registry.add(name, aliases, move |args| {
            Ok(text_value(absolute_url(&site, &text(first(args)?))))
        });
    }
    registry.add("urls.URLize", &["urlize"], |args| {
        Ok(text_value(urlize(&text(first(args)?))))
    });
    registry.add("urls.Anchorize", &["anchorize"], |args| {
        Ok(text_value(anchorize(&text(first(args)?))))
    });
    registry.add("urls.Parse", &[], |args| {
        let raw = text(first(args)?);
        let parsed = url::Url::parse(&raw)
            .or_else(|_| url::Url::parse("relative:///").and_then(|base| base.join(&raw)));
        let parsed = parsed.map_err(|error| fail(format!("urls.Parse `{raw}`: {error}")))?;
        let absolute = parsed.scheme() != "relative";
        Ok(super::hugo_values::map_value([
            (
                "Scheme",
                text_value(if absolute { parsed.scheme() } else { "" }),
            ),
            (
                "Host",
                text_value(parsed.host_str().filter(|_| absolute).unwrap_or_default()),
            ),
            ("Path", text_value(parsed.path())),
            ("RawQuery", text_value(parsed.query().unwrap_or_default())),
            (
                "Fragment",
                text_value(parsed.fragment().unwrap_or_default()),
            ),
            ("IsAbs", Value::Bool(absolute)),
        ]))
    });
}

/// Hugo's `absURL`: a full URL as it is; else the path under the base URL (a path that
/// already starts with the base URL's path is not given it twice).
fn absolute_url(site: &SiteInfo, input: &str) -> String {
    if input.contains("://") || input.starts_with("//") || input.starts_with('#') {
        return input.to_string();
    }
    let base_path = site.base_path.trim_end_matches('/');
    let under_base = input
        .strip_prefix(base_path)
        .filter(|rest| !base_path.is_empty() && (rest.is_empty() || rest.starts_with('/')));
    let path = under_base.unwrap_or(input).trim_start_matches('/');
    format!("{}/{path}", site.base_url.trim_end_matches('/'))
}

/// Hugo's `urlize`: lower case, spaces to hyphens, the rest percent-encoded.
fn urlize(s: &str) -> String {
    let lowered: String = s
        .trim()
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join("-");
    percent_encoding::utf8_percent_encode(&lowered, URL_PATH).to_string()
}

const URL_PATH: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'?');

/// Hugo's `anchorize` (its default, GitHub's): lower case, spaces to hyphens, no
/// punctuation but `-` and `_`.
pub(super) fn anchorize(s: &str) -> String {
    s.trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

fn transform_functions(registry: &mut Registry) {
    registry.add("transform.Markdownify", &["markdownify"], |args| {
        Ok(html_value(super::zola_functions::markdown_html(
            &text(last(args)?),
            true,
        )))
    });
    registry.add("transform.Plainify", &["plainify"], |args| {
        Ok(text_value(crate::text::html_text(&text(last(args)?))))
    });
    registry.add("transform.HTMLEscape", &["htmlEscape"], |args| {
        Ok(text_value(crate::text::html_escape(&text(last(args)?))))
    });
    registry.add("transform.HTMLUnescape", &["htmlUnescape"], |args| {
        Ok(text_value(
            crate::text::decode_html_references(&text(last(args)?)).into_owned(),
        ))
    });
    registry.add("transform.Emojify", &["emojify"], |args| {
        Ok(last(args)?.clone())
    });
    registry.add("transform.Highlight", &["highlight"], |args| {
        let (code, language) = (arg(args, 0), arg(args, 1));
        let class = match language.is_empty() {
            true => String::new(),
            false => format!(
                " class=\"language-{}\"",
                crate::text::html_escape(&language)
            ),
        };
        Ok(html_value(format!(
            "<pre><code{class}>{}</code></pre>",
            crate::text::html_escape(&code)
        )))
    });
    registry.add("encoding.Jsonify", &["jsonify"], |args| {
        Ok(text_value(to_json(last(args)?).to_string()))
    });
    let safe: [(&str, &[&'static str], gotmpl::SafeKind); 5] = [
        ("safe.HTML", &["safeHTML"], gotmpl::SafeKind::Html),
        (
            "safe.HTMLAttr",
            &["safeHTMLAttr"],
            gotmpl::SafeKind::HtmlAttr,
        ),
        ("safe.URL", &["safeURL"], gotmpl::SafeKind::Url),
        ("safe.CSS", &["safeCSS"], gotmpl::SafeKind::Css),
        ("safe.JS", &["safeJS"], gotmpl::SafeKind::Js),
    ];
    for (name, aliases, kind) in safe {
        registry.add(name, aliases, move |args| {
            Ok(Value::Safe {
                kind,
                s: text(last(args)?).into(),
            })
        });
    }
    registry.add("fmt.Errorf", &["errorf", "erroridf"], |args| {
        let message = go_printf(args).map_or_else(|_| arg(args, 0), |made| text(&made));
        Err(fail(format!("the template stops with an error: {message}")))
    });
    registry.add("fmt.Warnf", &["warnf", "warnidf"], |_| Ok(text_value("")));
    registry.add("path.Base", &[], |args| {
        let p = text(first(args)?);
        Ok(text_value(
            p.trim_end_matches('/').rsplit('/').next().unwrap_or("."),
        ))
    });
    registry.add("path.Dir", &[], |args| {
        let p = text(first(args)?);
        Ok(text_value(p.rsplit_once('/').map_or(".", |(dir, _)| {
            if dir.is_empty() { "/" } else { dir }
        })))
    });
    registry.add("path.Ext", &[], |args| {
        let p = text(first(args)?);
        let base = p.rsplit('/').next().unwrap_or_default();
        Ok(text_value(base.rfind('.').map_or("", |at| &base[at..])))
    });
    registry.add("path.Join", &[], |args| {
        let parts: Vec<String> = args
            .iter()
            .flat_map(|a| items(a).unwrap_or_else(|_| vec![a.clone()]))
            .map(|a| text(&a))
            .filter(|p| !p.is_empty())
            .collect();
        Ok(text_value(parts.join("/").replace("//", "/")))
    });
}

/// Go's `print`, `println`, `printf`, `html`, `js` and `urlquery`, as the engine has them,
/// but charged like every function: text built in a loop cannot grow without end.
fn output_functions(registry: &mut Registry) {
    registry.add("fmt.Print", &["print"], |args| {
        Ok(text_value(go_print(args)))
    });
    registry.add("fmt.Println", &["println"], |args| {
        let mut line = args.iter().map(text).collect::<Vec<_>>().join(" ");
        line.push('\n');
        Ok(text_value(line))
    });
    registry.add("fmt.Printf", &["printf"], go_printf);
    registry.add("html", &[], |args| {
        Ok(text_value(gotmpl::html_escape(&go_print(args))))
    });
    registry.add("js", &[], |args| {
        Ok(text_value(gotmpl::js_escape(&go_print(args))))
    });
    registry.add("urlquery", &[], |args| {
        Ok(text_value(gotmpl::url_encode(&go_print(args))))
    });
}

/// Go's `fmt.Sprintf`, the engine's own, its output bounded before it runs.
fn go_printf(args: &[Value]) -> Outcome {
    let (format, rest) = args
        .split_first()
        .ok_or_else(|| fail("printf takes a format"))?;
    let format = text(format);
    let bound = printf_bound(&format, rest);
    if bound > MAX_VALUE_BYTES {
        return Err(fail(format!(
            "printf would make up to {bound} bytes, over the {} MB a value may hold",
            MAX_VALUE_BYTES >> 20
        )));
    }
    let templates = printf_templates();
    let template = templates.get(rest.len()).ok_or_else(|| {
        fail(format!(
            "printf takes at most {} arguments",
            templates.len() - 1
        ))
    })?;
    let data = map_value([
        ("F", text_value(format)),
        ("A", Value::List(rest.iter().cloned().collect())),
    ]);
    template.execute_to_string(&data).map(text_value)
}

/// Go's `fmt.Sprint`: a space between two operands when neither is text.
fn go_print(args: &[Value]) -> String {
    let is_text = |v: &Value| matches!(v, Value::String(_) | Value::Safe { .. });
    let mut out = String::new();
    for (at, arg) in args.iter().enumerate() {
        if at > 0 && !is_text(&args[at - 1]) && !is_text(arg) {
            out.push(' ');
        }
        out.push_str(&text(arg));
    }
    out
}

/// The most bytes `printf FORMAT ARGS…` can make: the format, each verb's width or
/// precision (`*` taken as the engine's cap, 65,535), and each argument quoted.
fn printf_bound(format: &str, args: &[Value]) -> usize {
    let mut bound = format.len();
    let mut rest = format;
    while let Some(at) = rest.find('%') {
        rest = &rest[at + 1..];
        let spec: String = rest
            .chars()
            .take_while(|c| c.is_ascii_digit() || "+-# .*[]".contains(*c))
            .collect();
        let widest = spec
            .split(|c: char| !c.is_ascii_digit())
            .filter_map(|n| n.parse::<usize>().ok())
            .max()
            .unwrap_or(0)
            .min(u16::MAX as usize);
        let star = if spec.contains('*') {
            u16::MAX as usize
        } else {
            0
        };
        bound = bound.saturating_add(widest.max(star)).saturating_add(32);
    }
    args.iter()
        .map(|arg| text(arg).len().saturating_mul(2).saturating_add(8))
        .fold(bound, usize::saturating_add)
}

/// `{{ printf .F (index .A 0) … }}` for each number of arguments up to 16: the engine's own
/// `printf`, run on what the wrapper checked.
fn printf_templates() -> &'static [gotmpl::Template] {
    static TEMPLATES: std::sync::OnceLock<Vec<gotmpl::Template>> = std::sync::OnceLock::new();
    TEMPLATES.get_or_init(|| {
        (0..=16)
            .map(|count| {
                let args: String = (0..count).map(|at| format!(" (index .A {at})")).collect();
                gotmpl::Template::new("printf")
                    .parse(&format!("{{{{ printf .F{args} }}}}"))
                    .expect("a fixed template parses")
            })
            .collect()
    })
}

fn site_functions(registry: &mut Registry, site: &Arc<SiteInfo>, partial: PartialRunner) {
    let site_value = site.site.clone();
    registry.add("site", &[], move |_| Ok(site_value.clone()));
    registry.add("page", &[], |_| Ok(current_page()));
    let data = path(&site.site, "Data");
    registry.add("hugo", &[], move |_| {
        Ok(map_value([
            ("Environment", text_value("production")),
            ("IsProduction", Value::Bool(true)),
            ("IsServer", Value::Bool(false)),
            ("IsExtended", Value::Bool(true)),
            ("Version", text_value("0.147.0")),
            ("Data", data.clone()),
        ]))
    });
    registry.add("collections.NewScratch", &["newScratch"], |_| Ok(scratch()));
    let runner = Arc::clone(&partial);
    registry.add("partials.Include", &["partial"], move |args| {
        runner(&arg(args, 0), args.get(1).unwrap_or(&Value::Nil))
    });
    let runner = partial;
    registry.add("partials.IncludeCached", &["partialCached"], move |args| {
        runner(&arg(args, 0), args.get(1).unwrap_or(&Value::Nil))
    });
    let translations = Arc::clone(site);
    registry.add("lang.Translate", &["i18n", "T"], move |args| {
        let key = arg(args, 0).to_lowercase();
        let lang = current_lang();
        let found = [lang.as_str(), lang.split('-').next().unwrap_or_default()]
            .iter()
            .find_map(|lang| translations.i18n.get(*lang)?.get(&key).cloned())
            .or_else(|| {
                translations
                    .i18n
                    .values()
                    .find_map(|table| table.get(&key).cloned())
            });
        Ok(match found {
            Some(Value::Map(forms)) => {
                let count = args.get(1).and_then(integer).unwrap_or(1);
                let form = if count == 1 { "one" } else { "other" };
                let chosen = forms
                    .get(form)
                    .or_else(|| forms.get("other"))
                    .cloned()
                    .unwrap_or(Value::Nil);
                text_value(
                    text(&chosen)
                        .replace("{{ .Count }}", &count.to_string())
                        .replace("{{.Count}}", &count.to_string()),
                )
            }
            Some(value) => text_value(text(&value)),
            None => text_value(""),
        })
    });
    registry.add("urls.Ref", &["ref"], reference);
    registry.add("urls.RelRef", &["relref"], reference);
    registry.add("os.Getenv", &["getenv"], |_| Ok(text_value("")));
    // Hugo's `try` catches what its argument's evaluation throws; here an error there
    // fails the call before `try` runs, and `try` gives the value with no error.
    registry.add("try", &[], |args| {
        Ok(map_value([
            ("Value", args.last().cloned().unwrap_or(Value::Nil)),
            ("Err", Value::Nil),
        ]))
    });
    registry.add("time.Format", &["dateFormat"], |args| {
        super::hugo_page::format_time(&arg(args, 0), last(args)?)
    });
    registry.add("time.AsTime", &["time"], |args| {
        super::hugo_page::time_value(&text(first(args)?))
    });
    let known = Arc::clone(site);
    registry.add("templates.Exists", &[], move |args| {
        let name = arg(args, 0);
        let name = name
            .strip_prefix("partials/")
            .or_else(|| name.strip_prefix("_partials/"))
            .unwrap_or(&name);
        Ok(Value::Bool(known.partials.contains(name)))
    });
}

/// `readFile`, `fileExists`, `resources.Get`, `Match`, `GetMatch`, `ByType`: files of the
/// site and its `assets/`.
fn file_functions(registry: &mut Registry, site: &Arc<SiteInfo>) {
    let files = Arc::clone(site);
    registry.add("os.ReadFile", &["readFile"], move |args| {
        let file = inside(&files.root, &text(first(args)?))?;
        let body =
            std::fs::read_to_string(&file).map_err(|error| fail(format!("readFile: {error}")))?;
        Ok(text_value(body))
    });
    let files = Arc::clone(site);
    registry.add("os.FileExists", &["fileExists"], move |args| {
        Ok(Value::Bool(
            inside(&files.root, &text(first(args)?)).is_ok(),
        ))
    });
    let assets = Arc::clone(site);
    registry.add("resources.Get", &[], move |args| {
        let name = text(first(args)?);
        Ok(assets
            .assets
            .iter()
            .find_map(|root| inside(root, &name).ok())
            .map_or(Value::Nil, |file| {
                let name = name.trim_start_matches('/');
                super::hugo_page::resource(&file, name, &format!("{}/{name}", assets.base_url))
            }))
    });
    for method in ["Match", "GetMatch", "ByType"] {
        let assets = Arc::clone(site);
        registry.add(&format!("resources.{method}"), &[], move |args| {
            let all = asset_resources(&assets);
            super::hugo_page::list_method(&all, method, args)
                .unwrap_or_else(|| Err(fail(format!("resources.{method}"))))
        });
    }
}

/// Every file of the `assets/` folders as a resource, the site's first where two share a
/// path.
fn asset_resources(site: &SiteInfo) -> Vec<Value> {
    let mut seen = std::collections::BTreeSet::new();
    let mut all = Vec::new();
    for root in &site.assets {
        for (name, file) in super::hugo_page::files_under(root, 10_000) {
            let linked = !super::zola_templates::no_links_between(root, &file);
            if linked || !seen.insert(name.clone()) {
                continue;
            }
            all.push(super::hugo_page::resource(
                &file,
                &name,
                &format!("{}/{name}", site.base_url),
            ));
        }
    }
    all
}

/// `name` as a plain file inside `root`: no `..` out, no link on the way.
fn inside(root: &std::path::Path, name: &str) -> Result<PathBuf, gotmpl::TemplateError> {
    let relative = crate::output_path::normalized(name.trim_start_matches('/'))
        .map_err(|_| fail(format!("`{name}` is not a path inside the site")))?;
    let file = root.join(relative);
    match super::zola_templates::plain_file(&file)
        && super::zola_templates::no_links_between(root, &file)
    {
        true => Ok(file),
        false => Err(fail(format!("`{name}` is not a file of the site"))),
    }
}

/// What feedsmith cannot do: each fails its call, named.
fn unsupported_functions(registry: &mut Registry) {
    let refused: [(&str, &str); 12] = [
        (
            "now",
            "the clock (a feed must not change with the time it is built)",
        ),
        (
            "time.Now",
            "the clock (a feed must not change with the time it is built)",
        ),
        ("resources.GetRemote", "remote data"),
        ("data.GetJSON", "remote data"),
        ("data.GetCSV", "remote data"),
        ("images.Filter", "image processing"),
        ("images.Process", "image processing"),
        ("images.Config", "image processing"),
        ("imageConfig", "image processing"),
        (
            "shuffle",
            "random order (a feed must be the same on every build)",
        ),
        (
            "math.Rand",
            "random numbers (a feed must be the same on every build)",
        ),
        ("debug.Dump", "debugging output"),
    ];
    for (name, what) in refused {
        let message = format!("`{name}` asks for {what}, which feedsmith does not give");
        registry.add(name, &[], move |_| Err(fail(message.clone())));
    }
}
