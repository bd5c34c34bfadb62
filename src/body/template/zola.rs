//! Zola's shortcodes: calls (`{{ name(key=value) }}`, `{% name(…) %}…{% end %}`) and their
//! arguments.

use super::*;
use crate::profile::{ShortcodeFailure, ShortcodeKind};

impl Args {
    /// Zola: `key="value", n=3, flag=true` (the text inside the parentheses).
    pub(super) fn zola(text: &str) -> Args {
        let named = split_outside_quotes(text, ',')
            .into_iter()
            .filter_map(|pair| {
                let (key, value) = pair.split_once('=')?;
                let value = value.trim();
                Some((
                    key.trim().to_string(),
                    unquote(value).unwrap_or(value).to_string(),
                ))
            })
            .collect();
        Args {
            positional: Vec::new(),
            named,
        }
    }
}

/// `name(args)` with an identifier name: a Zola shortcode call.
pub(super) fn zola_call(text: &str) -> Option<(&str, &str)> {
    let open = text.find('(')?;
    let name = &text[..open];
    let valid = !name.is_empty()
        && name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    let args = text[open + 1..].strip_suffix(')')?;
    valid.then_some((name, args))
}

/// How deep body shortcodes are rendered inside each other; deeper ones are text. Each
/// level reads its body again, so the depth bounds what nesting costs.
const MAX_NESTING: usize = 16;

/// Every body shortcode of `body` (`{% name(…) %}`) with where its `{% end %}` starts and
/// ends, by the offset after its opening tag: matched once, in one pass with a stack, so an
/// opening without an end costs no search to the end of the body.
fn zola_blocks(body: &str) -> ZolaBlocks {
    let mut blocks = HashMap::new();
    let mut open: Vec<usize> = Vec::new();
    let mut at = 0;
    while let Some(found) = body[at..].find("{%") {
        let start = at + found;
        let Some(close) = body[start + 2..].find("%}") else {
            break;
        };
        let after = start + 2 + close + 2;
        let inner = body[start + 2..after - 2].trim().trim_matches('-').trim();
        if inner == "end" {
            if let Some(opened) = open.pop() {
                blocks.insert(opened, (start, after));
            }
        } else if zola_call(inner).is_some() {
            open.push(after);
        }
        at = after;
    }
    blocks
}

/// The body shortcodes of a post: by the offset after each opening tag, where its end tag
/// starts and ends.
pub(super) type ZolaBlocks = HashMap<usize, (usize, usize)>;

/// How the text standing for an HTML shortcode's output starts.
const HTML_STEM: &str = "zolashortcode";

/// Zola's arguments typed as Zola's parser reads them: `"text"` (or `'…'`, `` `…` ``, no
/// escapes), `true`/`false`, numbers, and `[…]` lists of those; `None` when they are not
/// such a list of `key=value`.
pub(super) fn typed_args(text: &str) -> Option<serde_json::Map<String, serde_json::Value>> {
    let mut args = serde_json::Map::new();
    for pair in split_outside_brackets(text) {
        if pair.trim().is_empty() {
            continue;
        }
        let (key, value) = pair.split_once('=')?;
        let key = key.trim();
        let identifier = key.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !identifier {
            return None;
        }
        args.insert(key.to_string(), typed_value(value.trim())?);
    }
    Some(args)
}

/// `text` split at the commas outside quotes and brackets.
fn split_outside_brackets(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut quote, mut depth, mut start) = (None, 0usize, 0);
    for (at, c) in text.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if matches!(c, '"' | '\'' | '`') => quote = Some(c),
            None if c == '[' => depth += 1,
            None if c == ']' => depth = depth.saturating_sub(1),
            None if c == ',' && depth == 0 => {
                parts.push(&text[start..at]);
                start = at + 1;
            }
            None => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

/// One argument value.
fn typed_value(text: &str) -> Option<serde_json::Value> {
    use serde_json::Value;
    if let Some(inner) = text.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
        return split_outside_brackets(inner)
            .into_iter()
            .filter(|item| !item.trim().is_empty())
            .map(|item| typed_value(item.trim()))
            .collect::<Option<Vec<Value>>>()
            .map(Value::Array);
    }
    // No escapes: the quote does not appear inside, as Zola's grammar reads strings.
    let quoted = ['"', '\'', '`'].iter().find_map(|&q| {
        let inner = text.strip_prefix(q)?.strip_suffix(q)?;
        (!inner.contains(q)).then_some(inner)
    });
    if let Some(quoted) = quoted {
        return Some(Value::String(quoted.to_string()));
    }
    match text {
        "true" => return Some(Value::Bool(true)),
        "false" => return Some(Value::Bool(false)),
        _ => {}
    }
    if let Ok(int) = text.parse::<i64>() {
        return Some(Value::from(int));
    }
    text.parse::<f64>()
        .ok()
        .filter(|float| float.is_finite())
        .map(Value::from)
}

/// A front-matter value's dotted keys (`extra.x`, `tags.0`) made back into the nested
/// objects and lists Zola's `page` has.
pub(super) fn nested(values: &[(String, String)]) -> serde_json::Value {
    use serde_json::{Map, Value};
    fn put(into: &mut Value, keys: &[&str], value: &str) {
        let Some((first, rest)) = keys.split_first() else {
            return;
        };
        let index = first.parse::<usize>().ok();
        if let (Some(index), Value::Array(items)) = (index, &mut *into) {
            if index == items.len() {
                items.push(Value::Null);
            }
            if let Some(slot) = items.get_mut(index) {
                place(slot, rest, value);
            }
            return;
        }
        if let Value::Object(fields) = into {
            let slot = fields.entry(first.to_string()).or_insert(Value::Null);
            place(slot, rest, value);
        }
    }
    fn place(slot: &mut Value, rest: &[&str], value: &str) {
        match rest.first() {
            None => *slot = Value::String(value.to_string()),
            Some(next) => {
                if slot.is_null() {
                    *slot = match next.parse::<usize>() {
                        Ok(_) => Value::Array(Vec::new()),
                        Err(_) => Value::Object(Map::new()),
                    };
                }
                put(slot, rest, value);
            }
        }
    }
    let mut page = Value::Object(Map::new());
    for (key, value) in values {
        let keys: Vec<&str> = key.split('.').collect();
        put(&mut page, &keys, value);
    }
    page
}

impl<'a, 'c> Expander<'a, 'c> {
    /// The post as Zola's `page`: its front matter, and what Zola adds — its `permalink`,
    /// `path` (the permalink under the base URL), `relative_path` (in the content folder),
    /// `colocated_path` (a bundle's folder, where its images are), `slug`, `components`,
    /// `lang`.
    fn zola_page(&self) -> &serde_json::Value {
        self.zola_page.get_or_init(|| {
            use serde_json::Value;
            let mut page = nested(self.context.page_values);
            let place = self.context.page_place;
            if let Value::Object(fields) = &mut page {
                let path = place.path;
                let components: Vec<Value> = path
                    .split('/')
                    .filter(|part| !part.is_empty())
                    .map(Value::from)
                    .collect();
                let file = place.relative_path.rsplit('/').next().unwrap_or_default();
                let bundle = file == "index.md"
                    || (file.starts_with("index.") && file.matches('.').count() == 2);
                let folder = place
                    .relative_path
                    .rsplit_once('/')
                    .map_or("", |(folder, _)| folder);
                let colocated = match bundle {
                    true => Value::String(format!("{folder}/")),
                    false => Value::Null,
                };
                for (key, value) in [
                    ("permalink", Value::from(self.context.permalink)),
                    ("path", Value::from(path)),
                    ("relative_path", Value::from(place.relative_path)),
                    ("colocated_path", colocated),
                    ("slug", Value::from(place.slug)),
                    ("components", Value::Array(components)),
                    ("lang", Value::from(self.context.lang)),
                ] {
                    fields.insert(key.into(), value);
                }
                for key in ["extra", "taxonomies"] {
                    fields
                        .entry(key)
                        .or_insert_with(|| Value::Object(Default::default()));
                }
            }
            page
        })
    }

    /// A call of a shortcode the site defines (`{{ name(…) }}`, or `{% name(…) %}` with
    /// `body`, from `body_start` in this body), rendered with its template as Zola renders
    /// it; `false` when the site defines none of that name or its arguments are not
    /// Zola's, for the built-ins and the rest to handle.
    pub(super) fn site_shortcode(
        &mut self,
        (name, args): (&str, &str),
        body: Option<(&'a str, usize)>,
        start: usize,
    ) -> bool {
        let Some(shortcodes) = self.context.zola_shortcodes else {
            return false;
        };
        let Some(kind) = shortcodes.kind(name) else {
            return false;
        };
        let Some(args) = typed_args(args) else {
            // Zola's parser takes such a call for text; a feed shows neither.
            if let Some((text, _)) = body {
                let _ = write!(self.out, "\n\n{}\n\n", text.trim());
            }
            self.removed.push((
                Unexpanded::Unrendered(Syntax::Zola),
                format!("{name}\nits arguments are not Zola's: `key=value` pairs, separated by commas, each value a quoted text without its quote inside, a number, true or false, or a [list]"),
                start,
            ));
            return true;
        };
        let nth = {
            let mut counts = self.zola_nth.borrow_mut();
            let count = counts.entry(name.to_string()).or_insert(0);
            *count += 1;
            *count
        };
        // Inner shortcodes first, their HTML put in as it is: the body is the template's.
        let body = body.map(|(text, from)| self.inner_body(text, from));
        let call = crate::profile::ZolaCall {
            name,
            args,
            body: body.as_deref(),
            nth,
            page: self.zola_page(),
            lang: self.context.lang,
        };
        match shortcodes.render(call) {
            Ok(rendered) => match kind {
                ShortcodeKind::Markdown => self.out.push_str(&rendered),
                ShortcodeKind::Html if self.html_inline => self.out.push_str(&rendered),
                ShortcodeKind::Html => {
                    let token = self.html_token(self.html_inserts.len());
                    self.html_inserts.push(rendered);
                    self.out.push_str(&token);
                }
            },
            Err(ShortcodeFailure::Unsupported(why)) => {
                if let Some(body) = body {
                    let _ = write!(self.out, "\n\n{}\n\n", body.trim());
                }
                self.removed.push((
                    Unexpanded::Unrendered(Syntax::Zola),
                    format!("{name}\n{why}"),
                    start,
                ));
            }
            Err(ShortcodeFailure::Runaway(why)) => {
                self.fatal.get_or_insert((why, start));
            }
        }
        true
    }

    /// A body shortcode's body with the shortcodes in it rendered; past
    /// [`MAX_NESTING`] bodies deep, as written.
    fn inner_body(&mut self, text: &'a str, from: usize) -> String {
        let mut inner = self.inner_expander(text, from);
        inner.run_unless_too_deep();
        self.merge_inner(inner, from)
    }

    /// An expander of the body `text` (at `from` in this one), sharing this one's state, not
    /// yet run.
    pub(super) fn inner_expander(&self, text: &'a str, from: usize) -> Expander<'a, 'c> {
        let mut inner = Expander::new(text, self.context);
        inner.html_inline = true;
        inner.zola_nth = std::rc::Rc::clone(&self.zola_nth);
        inner.zola_page = self.zola_page.clone();
        inner.zola_blocks = self.zola_blocks.clone();
        inner.hugo_page = self.hugo_page.clone();
        inner.hugo_ordinal = self.hugo_ordinal.clone();
        inner.hugo_blocks = self.hugo_blocks.clone();
        inner.hugo_parent = self.hugo_parent.clone();
        inner.origin = self.origin + from;
        inner.depth = self.depth + 1;
        inner
    }

    /// Runs an inner expander; past [`MAX_NESTING`] bodies deep, its text stays as written.
    pub(super) fn run_unless_too_deep(&mut self) {
        match self.depth > MAX_NESTING {
            true => self.out = self.body.to_string(),
            false => self.run(),
        }
    }

    /// What an inner expansion (of a body at `from`) found, taken into this one: its
    /// warnings, references and error; its text.
    pub(super) fn merge_inner(&mut self, inner: Expander<'a, 'c>, from: usize) -> String {
        let shift = |(what, name, at): (Unexpanded, String, usize)| (what, name, at + from);
        self.removed.extend(inner.removed.into_iter().map(shift));
        self.references
            .extend(inner.references.into_iter().map(|(t, at)| (t, at + from)));
        if let Some((why, at)) = inner.fatal {
            self.fatal.get_or_insert((why, at + from));
        }
        inner.out
    }

    /// Where a body shortcode opened at `end` closes: its body, and the offset after its
    /// `{% end %}` (body shortcodes inside it nest, as in Zola, code or not).
    pub(super) fn zola_body(&self, end: usize) -> Option<(&'a str, usize)> {
        let blocks = self.zola_blocks.get_or_init(|| zola_blocks(self.body));
        let (close, after) = *blocks.get(&(self.origin + end))?;
        let (close, after) = (
            close.checked_sub(self.origin)?,
            after.checked_sub(self.origin)?,
        );
        (after <= self.body.len()).then(|| (&self.body[end..close], after))
    }

    /// The text that stands for the `index`th HTML shortcode until the Markdown is
    /// rendered: letters and digits, which Markdown leaves as they are, and a stem the
    /// body does not hold.
    pub(super) fn html_token(&self, index: usize) -> String {
        format!("{}{index}x", self.html_stem())
    }

    fn html_stem(&self) -> &str {
        self.html_stem.get_or_init(|| {
            // The numbers the body writes after the prefix, found in one pass: the stem
            // takes the first it does not.
            let taken: std::collections::HashSet<&str> = self
                .body
                .match_indices(HTML_STEM)
                .map(|(at, _)| {
                    let rest = &self.body[at + HTML_STEM.len()..];
                    &rest[..rest
                        .find(|c: char| !c.is_ascii_digit())
                        .unwrap_or(rest.len())]
                })
                .collect();
            let free = (0..)
                .find(|n: &usize| !taken.contains(n.to_string().as_str()))
                .expect("some number is free");
            format!("{HTML_STEM}{free}at")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn arguments_are_typed_as_zola_reads_them() {
        let args =
            typed_args(r#"id="x, y", n=3, ratio=-1.5, on=true, names=["a", 'b', `c`], empty=[]"#)
                .unwrap();
        assert_eq!(
            serde_json::Value::Object(args),
            json!({"id": "x, y", "n": 3, "ratio": -1.5, "on": true,
                   "names": ["a", "b", "c"], "empty": []})
        );
        assert_eq!(typed_args("").unwrap().len(), 0);
        // Not Zola's: a bare word, a key that is not an identifier, a value not closed, a
        // missing comma, an escaped quote (Zola's strings have no escapes).
        assert!(typed_args("id=abc").is_none());
        assert!(typed_args(r#"title="a" text="b""#).is_none());
        assert!(typed_args(r"text='l\'estil'").is_none());
        assert!(typed_args("1x=\"a\"").is_none());
        assert!(typed_args("a=[\"b\"").is_none());
    }

    #[test]
    fn dotted_front_matter_keys_nest_back() {
        let values: Vec<(String, String)> = [
            ("title", "T"),
            ("extra.series", "S"),
            ("extra.deep.x", "1"),
            ("taxonomies.tags.0", "rust"),
            ("taxonomies.tags.1", "web"),
        ]
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .into();
        assert_eq!(
            nested(&values),
            json!({"title": "T", "extra": {"series": "S", "deep": {"x": "1"}},
                   "taxonomies": {"tags": ["rust", "web"]}})
        );
    }

    #[test]
    fn body_shortcodes_pair_with_their_ends_in_one_pass() {
        let body = "{% a() %}x{% b() %}y{% end %}z{% end %}{% c() %}";
        let blocks = zola_blocks(body);
        let a = body.find("%}").unwrap() + 2;
        let b = body[a..].find("%}").map(|at| a + at + 2).unwrap();
        let last_end = body.rfind("{% end %}").unwrap();
        assert_eq!(blocks[&a], (last_end, last_end + 9));
        assert_eq!(blocks[&b].0, body.find("{% end %}").unwrap());
        // An opening without an end has none.
        assert_eq!(blocks.len(), 2);
        // Many unclosed openings: one pass, none matched.
        let many = "{% x() %}".repeat(50_000);
        assert!(zola_blocks(&many).is_empty());
    }
}
