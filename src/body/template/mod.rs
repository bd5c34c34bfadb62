//! Other tools' template syntax in post bodies, turned into what those tools would publish
//! before the Markdown is rendered, so none of it reaches a feed as text: Hugo shortcodes
//! (`{{< … >}}`, `{{% … %}}`), Liquid (Jekyll: `{% … %}`, `{{ … }}`), Zola shortcodes
//! (`{{ name(…) }}`, `{% name(…) %}…{% end %}`) and MDX (`import`/`export` lines, JSX
//! components). Built-ins become the HTML the tool gives; anything else is removed with its
//! inner content kept, and reported. Code spans and blocks are content and stay as written,
//! but for the escapes the tools document for showing template syntax in code
//! (`{{</* x */>}}`, `{% raw %}`).
//!
//! Each dialect is a module of its own — [`hugo`], [`liquid`], [`zola`], [`mdx`] — and the
//! built-in shortcodes they share are in [`builtins`]; the post's [`Flavor`] says which run.
//! This module holds what they share: the walk over the body that finds each token and
//! leaves code alone, and the argument lists.
//!
//! Liquid is run by a real engine, the site's ([`liquid`]), over the whole body; the walk
//! here serves the other dialects.

pub(crate) use crate::source::Flavor;
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag};
use url::Url;

use crate::profile::SiteValues;
use crate::text::html_escape;

mod builtins;
mod hugo;
mod liquid;
mod mdx;
mod scan;
mod zola;

use self::builtins::{Builtin, builtin, code_block};
use self::zola::zola_call;

/// The template syntaxes recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Syntax {
    /// Hugo shortcodes.
    Hugo,
    /// Liquid tags and outputs (Jekyll).
    Liquid,
    /// Zola shortcodes.
    Zola,
    /// MDX components and expressions (Next.js, Astro).
    Mdx,
}

impl Syntax {
    /// What one piece of this syntax is called, for messages.
    pub(crate) fn noun(self) -> &'static str {
        match self {
            Syntax::Hugo => "Hugo shortcode",
            Syntax::Liquid => "Liquid",
            Syntax::Zola => "Zola shortcode",
            Syntax::Mdx => "MDX",
        }
    }
}

/// What became of template syntax feedsmith did not expand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Unexpanded {
    /// Not one feedsmith knows: removed, its inner content kept.
    Unknown(Syntax),
    /// The site's own template for it failed to render (it asks for what feedsmith cannot
    /// give): removed, its inner content kept; the name carries the reason.
    Unrendered(Syntax),
}

/// What a post body needs to expand its templates.
pub(crate) struct Context<'a> {
    /// The site root: `{{ site.url }}`.
    pub(crate) base_url: &'a Url,
    /// `{{ site.title }}`.
    pub(crate) site_title: &'a str,
    /// The post's top-level front-matter values as text: `{{ page.x }}`.
    pub(crate) page_values: &'a [(String, String)],
    /// The permalink of the post a reference names (`ref`, `post_url`, `link`), if known.
    pub(crate) link: &'a dyn Fn(&str) -> Option<String>,
    /// The languages the body is read with.
    pub(crate) flavor: Flavor,
    /// The values of the tool's config: `{{ site.x }}`, and Hugo's `param` after the page's.
    pub(crate) site_values: &'a SiteValues,
    /// Liquid runs over code too (Jekyll, Eleventy), as it runs over the whole file.
    pub(crate) liquid_in_code: bool,
    /// `{% raw %}…{% endraw %}` shows what it holds as written, outside Liquid too (Zola
    /// documents it for content that looks like a shortcode).
    pub(crate) raw_blocks: bool,
    /// The site's own Zola shortcodes, when it has any.
    pub(crate) zola_shortcodes: Option<&'a crate::profile::ZolaShortcodes>,
    /// The site's own Hugo shortcodes, when it has any.
    pub(crate) hugo_shortcodes: Option<&'a crate::profile::HugoShortcodes>,
    /// The post's title, for a Hugo template's `.Page.Title`.
    pub(crate) title: &'a str,
    /// The post's permalink and language, for a template's `page` and `lang`.
    pub(crate) permalink: &'a str,
    pub(crate) lang: &'a str,
    /// Where the post is, for a Zola template's `page` and Liquid's `page.path`.
    pub(crate) page_place: PagePlace<'a>,
    /// The site's Liquid engine, its includes and data.
    pub(crate) liquid_site: Option<&'a crate::profile::LiquidSite>,
}

/// Where a post is, as a Zola template's `page` says it.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct PagePlace<'a> {
    /// Its permalink under the base URL: `/blog/first/`.
    pub(crate) path: &'a str,
    /// Its file in the content folder: `blog/first.md`.
    pub(crate) relative_path: &'a str,
    pub(crate) slug: &'a str,
    /// Its file from the tool's folder: Jekyll's `page.path` (`_posts/2024-01-01-a.md`).
    pub(crate) site_path: &'a str,
    /// Its date as Jekyll gives `page.date` (`2024-01-01 00:00:00 +0000`), from its front
    /// matter or its file name.
    pub(crate) date: &'a str,
    /// Its file: a Hugo bundle's resources are the files beside it.
    pub(crate) file: Option<&'a std::path::Path>,
}

/// A body with its templates expanded.
#[derive(Debug, Default)]
pub(crate) struct Expanded<'a> {
    /// The Markdown to render.
    pub(crate) text: Cow<'a, str>,
    /// Syntax not expanded, with its byte offset in the body.
    pub(crate) removed: Vec<(Unexpanded, String, usize)>,
    /// Every reference to another post, with its byte offset in the body.
    pub(crate) references: Vec<(String, usize)>,
    /// The HTML of the site's HTML shortcodes, put in the rendered post where
    /// [`Expanded::html_stem`]`{index}x` stands in the Markdown.
    pub(crate) html_inserts: Vec<String>,
    pub(crate) html_stem: Option<String>,
    /// A template that would not stop, with why and its byte offset: the post's error.
    pub(crate) fatal: Option<(String, usize)>,
}

/// Whether `body` may hold template syntax at all: the cheap test that spares most posts.
pub(crate) fn may_have_templates(body: &str, flavor: Flavor) -> bool {
    flavor.may_have_templates(body)
}

/// Expands the templates of `body`.
pub(crate) fn expand<'a>(body: &'a str, context: &Context<'_>) -> Expanded<'a> {
    if !may_have_templates(body, context.flavor) {
        return Expanded {
            text: Cow::Borrowed(body),
            ..Expanded::default()
        };
    }
    if context.flavor == Flavor::Liquid {
        return liquid::expand_liquid(body, context);
    }
    let mut expander = Expander::new(body, context);
    expander.run();
    Expanded {
        text: Cow::Owned(expander.out),
        removed: expander.removed,
        references: expander.references,
        html_stem: expander.html_stem.into_inner(),
        html_inserts: expander.html_inserts,
        fatal: expander.fatal,
    }
}

/// The byte ranges of code spans and blocks, in order, as the renderer will see them, and of
/// `$…$` / `$$…$$` math (remark-math, KaTeX), whose braces are TeX, not templates.
fn code_ranges(body: &str) -> Vec<Range<usize>> {
    let mut ranges: Vec<Range<usize>> = Vec::new();
    let options = crate::body::markdown::options() | pulldown_cmark::Options::ENABLE_MATH;
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        if let Event::Code(_)
        | Event::InlineMath(_)
        | Event::DisplayMath(_)
        | Event::Start(Tag::CodeBlock(_)) = event
            && ranges.last().is_none_or(|last| last.end <= range.start)
        {
            ranges.push(range);
        }
    }
    ranges
}

struct Expander<'a, 'c> {
    body: &'a str,
    context: &'c Context<'c>,
    out: String,
    removed: Vec<(Unexpanded, String, usize)>,
    references: Vec<(String, usize)>,
    /// Where the next code span or block starts: a tag must close before it (only the
    /// bodies of `highlight`, `raw` and `comment` may run on past it).
    limit: usize,
    /// The code spans and blocks of the body, in order.
    code: Vec<Range<usize>>,
    /// What earlier scans for closing delimiters found, so none is made twice.
    scans: std::cell::RefCell<scan::Scans>,
    /// The end of the stretch (a [`Expander::limit`]) in which an MDX expression or JSX tag
    /// was found never to close: MDX refuses such a file, and no later one in the stretch
    /// is scanned for again (each would read to the stretch's end).
    mdx_unclosed_until: usize,
    /// What reading tags' quotes past code may still cost, shared with every pass of the
    /// body ([`Expander::past_code`]).
    scan_budget: std::rc::Rc<std::cell::Cell<usize>>,
    /// The page's and site's values by key, shared with every pass of the body.
    values: std::rc::Rc<std::cell::OnceCell<ValueIndex<'c>>>,
    /// Zola: the calls of each shortcode so far (`nth`), shared with the bodies within.
    zola_nth: std::rc::Rc<std::cell::RefCell<HashMap<String, usize>>>,
    /// Zola: the post as `page`, made when a shortcode first needs it.
    zola_page: std::rc::Rc<std::cell::OnceCell<serde_json::Value>>,
    /// Hugo: the post as `.Page`, made when a shortcode first needs it, and the calls of
    /// shortcodes so far (`.Ordinal`), shared with the bodies within.
    hugo_page: std::rc::Rc<std::cell::OnceCell<crate::profile::HugoPage>>,
    hugo_ordinal: std::rc::Rc<std::cell::Cell<usize>>,
    /// Hugo: the shortcode whose inner text this body is (`.Parent`).
    hugo_parent: Option<std::rc::Rc<crate::profile::HugoContext>>,
    /// Hugo: the paired shortcodes of the whole post, matched with their closing tags.
    hugo_blocks: std::rc::Rc<std::cell::OnceCell<hugo::HugoBlocks>>,
    /// Zola: HTML shortcodes' output goes in as it is (inside a body shortcode's body),
    /// not through a stand-in.
    html_inline: bool,
    html_inserts: Vec<String>,
    html_stem: std::cell::OnceCell<String>,
    fatal: Option<(String, usize)>,
    /// Zola: the body shortcodes of the whole post, matched with their ends (by offsets in
    /// the post's body), shared with the bodies within.
    zola_blocks: std::rc::Rc<std::cell::OnceCell<zola::ZolaBlocks>>,
    /// Where this body starts in the post's (a body shortcode's body is read on its own),
    /// and how many bodies deep it is.
    origin: usize,
    depth: usize,
}

/// The post's front-matter values and the tool config's, by key, built when first asked and
/// shared by every pass of the body: a lookup costs the same however many values there are
/// (a front matter of 100,000 keys, a loop over a list of as many items).
#[derive(Debug, Default)]
struct ValueIndex<'c> {
    /// Keys lower-cased, for Hugo's `param`, which reads them in any case.
    page_folded: HashMap<String, &'c str>,
    site: HashMap<&'c str, &'c str>,
    site_folded: HashMap<String, &'c str>,
}

impl<'c> ValueIndex<'c> {
    fn of(context: &Context<'c>) -> ValueIndex<'c> {
        let mut index = ValueIndex::default();
        for (key, value) in context.page_values {
            index.page_folded.entry(key.to_lowercase()).or_insert(value);
        }
        for (key, value) in &context.site_values.values {
            index.site.entry(key).or_insert(value);
            index.site_folded.entry(key.to_lowercase()).or_insert(value);
        }
        index
    }

    /// The page's value under `key` in any case.
    fn page_folded(&self, key: &str) -> Option<&'c str> {
        self.page_folded.get(&key.to_lowercase()).copied()
    }

    /// The tool config's value under `key`: as written, else in any case (Hugo's keys).
    fn site(&self, key: &str) -> Option<&'c str> {
        self.site
            .get(key)
            .copied()
            .or_else(|| self.site_folded.get(&key.to_lowercase()).copied())
    }
}

impl<'a, 'c> Expander<'a, 'c> {
    /// An expander of `body`.
    fn new(body: &'a str, context: &'c Context<'c>) -> Self {
        Expander {
            body,
            context,
            out: String::with_capacity(body.len() + body.len() / 8),
            removed: Vec::new(),
            references: Vec::new(),
            limit: body.len(),
            code: Vec::new(),
            scans: Default::default(),
            mdx_unclosed_until: 0,
            values: Default::default(),
            scan_budget: std::rc::Rc::new(std::cell::Cell::new(4 * body.len().max(1 << 16))),
            zola_nth: Default::default(),
            zola_page: Default::default(),
            hugo_page: Default::default(),
            hugo_ordinal: Default::default(),
            hugo_blocks: Default::default(),
            hugo_parent: None,
            html_inline: false,
            html_inserts: Vec::new(),
            html_stem: Default::default(),
            fatal: None,
            zola_blocks: Default::default(),
            origin: 0,
            depth: 0,
        }
    }
}

impl<'c> Expander<'_, 'c> {
    /// The page's and site's values by key.
    fn values(&self) -> &ValueIndex<'c> {
        self.values.get_or_init(|| ValueIndex::of(self.context))
    }
}

impl<'a> Expander<'a, '_> {
    fn run(&mut self) {
        let body = self.body;
        if !(self.context.liquid_in_code && self.context.flavor == Flavor::Liquid) {
            self.code = code_ranges(body);
        }
        let mut next_code = 0;
        let mut at = 0;
        while at < body.len() {
            if let Some(range) = self.code.get(next_code).cloned()
                && range.start <= at
            {
                next_code += 1;
                if range.end > at {
                    self.out.push_str(&unescape_in_code(&body[at..range.end]));
                    at = range.end;
                }
                continue;
            }
            let limit = self
                .code
                .get(next_code)
                .map_or(body.len(), |range| range.start);
            match self.next_token(at, limit) {
                Some(start) => {
                    self.out.push_str(&body[at..start]);
                    self.limit = limit;
                    at = self.token(start);
                }
                None => {
                    self.out.push_str(&body[at..limit]);
                    at = limit;
                }
            }
        }
    }

    /// Where the next piece of template syntax may start in `from..limit`.
    fn next_token(&self, from: usize, limit: usize) -> Option<usize> {
        let text = &self.body[from..limit];
        let bytes = text.as_bytes();
        let mdx = self.context.flavor == Flavor::Mdx;
        (0..bytes.len())
            .find(|&i| match bytes[i] {
                // In MDX every brace outside code opens a JavaScript expression.
                b'{' => mdx || matches!(bytes.get(i + 1), Some(b'{' | b'%')),
                b'<' if mdx => {
                    let name_at = if bytes.get(i + 1) == Some(&b'/') {
                        i + 2
                    } else {
                        i + 1
                    };
                    bytes
                        .get(name_at)
                        .is_some_and(|&b| b.is_ascii_uppercase() || b == b'>')
                }
                b'i' | b'e' if mdx => {
                    (i == 0 && (from == 0 || self.body.as_bytes()[from - 1] == b'\n')
                        || i > 0 && bytes[i - 1] == b'\n')
                        && (text[i..].starts_with("import ") || text[i..].starts_with("export "))
                }
                _ => false,
            })
            .map(|i| from + i)
    }

    /// Handles the syntax starting at `start`; returns where scanning goes on.
    fn token(&mut self, start: usize) -> usize {
        let rest = &self.body[start..self.limit];
        let handled = if rest.starts_with("{{<") || rest.starts_with("{{%") {
            self.hugo(start)
        } else if rest.starts_with("{{") && self.context.flavor != Flavor::Mdx {
            self.output(start)
        } else if rest.starts_with("{%") {
            self.liquid_tag(start)
        } else if rest.starts_with("{/*") {
            self.mdx_comment(start)
        } else if rest.starts_with('{') {
            self.expression(start)
        } else if rest.starts_with('<') {
            self.jsx(start)
        } else {
            Some(self.module_line(start))
        };
        handled.unwrap_or_else(|| {
            // Not template syntax after all: keep its first character and go on.
            let first = rest.chars().next().map_or(1, char::len_utf8);
            self.out.push_str(&rest[..first]);
            start + first
        })
    }

    /// The tag at `start` (its opening `open_len` bytes long) read past the next code span,
    /// when every code span it takes in lies inside one of its quoted values: a raw-string
    /// argument (``attrlink=`https://…` ``, Hugo 0.64.1+) or a string holding Markdown or
    /// math (Zola's `note(body="…$$x$$…")`), which Markdown alone reads as code.
    fn past_code(
        &self,
        start: usize,
        open_len: usize,
        close: &'static str,
    ) -> Option<(&'a str, usize)> {
        let (inner, end) =
            self.delimited_in(start + open_len, self.body.len(), close, &['"', '`'])?;
        // Reading a tag's quotes costs its length; all such reads of a body together may
        // cost a few times the body, so openings that each run far cannot add up to its
        // square.
        let left = self.scan_budget.get();
        if inner.len() > left {
            return None;
        }
        self.scan_budget.set(left - inner.len());
        let mut quoted = Vec::new();
        let mut open: Option<(usize, char)> = None;
        for (at, c) in inner.char_indices() {
            let at = start + open_len + at;
            match open {
                Some((from, q)) if c == q => {
                    quoted.push(from..at + 1);
                    open = None;
                }
                Some(_) => {}
                None if c == '"' || c == '`' => open = Some((at, c)),
                None => {}
            }
        }
        // Both lists are in order: one pass over each.
        let first = self.code.partition_point(|range| range.end <= start);
        let mut q = 0;
        for range in self.code[first..]
            .iter()
            .take_while(|range| range.start < end)
        {
            while quoted.get(q).is_some_and(|quote| quote.end < range.end) {
                q += 1;
            }
            let inside = quoted
                .get(q)
                .is_some_and(|quote| quote.start <= range.start && range.end <= quote.end);
            if !inside {
                return None;
            }
        }
        Some((inner, end))
    }

    fn remove(&mut self, syntax: Syntax, name: &str, at: usize) {
        self.removed
            .push((Unexpanded::Unknown(syntax), name.to_string(), at));
    }

    /// The text up to the first of `closings` after `from`, and where scanning goes on.
    fn until_closing(&self, from: usize, closings: &[Closing]) -> Option<(&'a str, usize)> {
        let mut scans = self.scans.borrow_mut();
        closings
            .iter()
            .filter_map(|&closing| scans.closing(self.body, from, closing))
            .min()
            .map(|(at, after)| (&self.body[from..at], after))
    }

    /// The text from `from` up to `close` (outside double quotes) before the next code span
    /// ([`Expander::limit`]), and the offset after `close`; none past a blank line.
    fn delimited(&self, from: usize, close: &'static str) -> Option<(&'a str, usize)> {
        self.delimited_in(from, self.limit, close, &['"'])
    }

    /// [`Expander::delimited`] up to `limit`, with `quotes` the characters that open and
    /// close a quoted value.
    fn delimited_in(
        &self,
        from: usize,
        limit: usize,
        close: &'static str,
        quotes: &'static [char],
    ) -> Option<(&'a str, usize)> {
        let (at, after) = self
            .scans
            .borrow_mut()
            .delimited(self.body, from, limit, close, quotes)?;
        Some((&self.body[from..at], after))
    }

    fn reference(&mut self, target: &str, at: usize) {
        self.references.push((target.to_string(), at));
        match (self.context.link)(target) {
            Some(url) => self.out.push_str(&url),
            // As a link's destination, marked, so the link becomes its text alone; in prose,
            // the target as written.
            None if self.at_link_destination() => {
                self.out.push_str(crate::links::UNRESOLVED);
                self.out.push_str(target);
            }
            None => self.out.push_str(target),
        }
    }

    /// Whether what is written so far ends where a link's destination starts: in Markdown
    /// `[text](` or a definition's `]: `, in HTML `href="` or `src="`.
    fn at_link_destination(&self) -> bool {
        liquid::ends_at_link_destination(&self.out)
    }
}

/// Inline Markdown as HTML, without the paragraph it would make: a caption or a summary,
/// which Hugo renders with `markdownify`.
fn inline_markdown(text: &str) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(
        &mut html,
        Parser::new_ext(text, crate::body::markdown::options()),
    );
    let html = html.trim_end();
    match html
        .strip_prefix("<p>")
        .and_then(|h| h.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => html.to_string(),
    }
}

/// Inline Markdown as plain text: Hugo's `markdownify | plainify`, for an `alt`.
fn plain_markdown(text: &str) -> String {
    Parser::new_ext(text, crate::body::markdown::options())
        .filter_map(|event| match event {
            Event::Text(text) | Event::Code(text) => Some(text.into_string()),
            Event::SoftBreak | Event::HardBreak => Some(" ".into()),
            _ => None,
        })
        .collect()
}

/// Arguments of a shortcode: positional ones and `key=value` pairs.
struct Args {
    positional: Vec<String>,
    named: Vec<(String, String)>,
}

impl Args {
    /// Arguments given by name only.
    fn named_only(pairs: &[(&str, &str)]) -> Args {
        Args {
            positional: Vec::new(),
            named: pairs
                .iter()
                .map(|(key, value)| (key.to_string(), value.to_string()))
                .collect(),
        }
    }

    /// The argument named `key`, else the one at `index`.
    fn get(&self, key: &str, index: usize) -> Option<&str> {
        self.named
            .iter()
            .find(|(name, _)| name == key)
            .map(|(_, value)| value.as_str())
            .or_else(|| self.positional.get(index).map(String::as_str))
    }
}

/// One value at the start of `text`: quoted with `"` (backslash escapes) or `` ` ``, or a
/// run of non-space characters; and the text after it.
fn take_value(text: &str) -> (String, &str) {
    let mut chars = text.char_indices();
    match chars.next() {
        Some((_, quote @ ('"' | '`'))) => {
            let mut value = String::new();
            let mut escaped = false;
            for (at, c) in chars {
                if escaped {
                    value.push(c);
                    escaped = false;
                } else if c == '\\' && quote == '"' {
                    escaped = true;
                } else if c == quote {
                    return (value, &text[at + 1..]);
                } else {
                    value.push(c);
                }
            }
            (value, "")
        }
        _ => {
            let end = text.find(char::is_whitespace).unwrap_or(text.len());
            (text[..end].to_string(), &text[end..])
        }
    }
}

/// The first word and the rest.
fn split_name(text: &str) -> (&str, &str) {
    let text = text.trim();
    match text.find(char::is_whitespace) {
        Some(at) => (&text[..at], &text[at..]),
        None => (text, ""),
    }
}

/// Text in matching `"…"` or `'…'`.
fn unquote(text: &str) -> Option<&str> {
    let text = text.trim();
    ['"', '\'']
        .iter()
        .find_map(|&q| text.strip_prefix(q)?.strip_suffix(q))
}

/// Splits at `separator` where it is outside quotes.
fn split_outside_quotes(text: &str, separator: char) -> Vec<&str> {
    crate::text::split_outside_quotes(text, separator, &['"', '\'', '`'])
}

/// The text from `from` up to `close` (outside `quotes`), and the offset after `close`: the
/// plain scan [`scan::Scans::delimited`] answers as, for the tests to compare with.
#[cfg(test)]
fn delimited_by<'a>(
    body: &'a str,
    from: usize,
    close: &str,
    quotes: &[char],
) -> Option<(&'a str, usize)> {
    let text = body.get(from..)?;
    let mut quote = None;
    for (at, c) in text.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if quotes.contains(&c) => quote = Some(c),
            None if text[at..].starts_with(close) => {
                return Some((&text[..at], from + at + close.len()));
            }
            None if c == '\n' && text[at + 1..].starts_with('\n') => return None,
            None => {}
        }
    }
    None
}

/// A closing tag: its opening delimiter, word and closing delimiter, matched with any
/// spacing and whitespace-control dashes between them (`{%endraw%}`, `{%- endraw -%}`).
type Closing = (&'static str, &'static str, &'static str);

/// Inside code, only the escapes the tools document for showing their syntax change:
/// `{{</* x */>}}` shows `{{< x >}}`, `{{/* x */}}` shows `{{ x }}`, and `{% raw %}` tags
/// vanish.
fn unescape_in_code(code: &str) -> Cow<'_, str> {
    crate::profile::unescape_in_code(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Liquid engine of a site whose config holds `values` (dotted keys), no file read;
    /// with `top_level`, Eleventy's.
    fn liquid_site(values: &[(String, String)], top_level: bool) -> crate::profile::LiquidSite {
        let mut config = serde_json::Value::Object(Default::default());
        for (key, value) in values {
            let mut at = &mut config;
            for part in key.split('.') {
                if !at.is_object() {
                    *at = serde_json::Value::Object(Default::default());
                }
                at = at
                    .as_object_mut()
                    .unwrap()
                    .entry(part)
                    .or_insert(serde_json::Value::Null);
            }
            *at = serde_json::Value::String(value.clone());
        }
        crate::profile::LiquidSite::of_config(&config, top_level)
    }

    fn expand_with(body: &str, flavor: Flavor) -> (String, Vec<(Syntax, String)>) {
        expand_in(body, flavor, false, &SiteValues::default())
    }

    /// [`expand_with`] for a site whose tool runs Liquid over code (`liquid_in_code`) and
    /// whose config holds `site_values`.
    pub(super) fn expand_in(
        body: &str,
        flavor: Flavor,
        liquid_in_code: bool,
        site_values: &SiteValues,
    ) -> (String, Vec<(Syntax, String)>) {
        let base = Url::parse("https://example.com/blog/").unwrap();
        let link = |target: &str| {
            matches!(target, "2014-12-17-welcome" | "posts/hello.md" | "hello")
                .then(|| "https://example.com/blog/hello/".to_string())
        };
        let page_values: Vec<(String, String)> = [
            ("author", "Ann"),
            ("params.original", "https://elsewhere.example/p"),
            ("title", "A"),
            ("tags.0", "rust"),
            ("tags.1", "go"),
            ("draft", "false"),
        ]
        .into_iter()
        .map(|(key, value)| (key.to_string(), value.to_string()))
        .collect();
        let liquid = liquid_site(&site_values.values, false);
        let context = Context {
            base_url: &base,
            site_title: "Site",
            page_values: &page_values,
            link: &link,
            flavor,
            site_values,
            liquid_in_code,
            raw_blocks: false,
            zola_shortcodes: None,
            hugo_shortcodes: None,
            title: "",
            permalink: "https://example.com/post/",
            lang: "en",
            page_place: PagePlace::default(),
            liquid_site: Some(&liquid),
        };
        let expanded = expand(body, &context);
        let removed = expanded
            .removed
            .into_iter()
            .map(|(unexpanded, name, _)| match unexpanded {
                Unexpanded::Unknown(syntax) => (syntax, name),
                Unexpanded::Unrendered(syntax) => (syntax, format!("unrendered: {name}")),
            })
            .collect();
        (expanded.text.into_owned(), removed)
    }

    /// `body` expanded in the flavor it gives itself (see [`Flavor::of`]).
    fn expand_text(body: &str) -> String {
        expand_with(body, Flavor::of(false, false, body)).0
    }

    #[test]
    fn plain_markdown_is_borrowed() {
        let base = Url::parse("https://example.com/").unwrap();
        let context = Context {
            base_url: &base,
            site_title: "",
            page_values: &[],
            link: &|_| None,
            flavor: Flavor::Liquid,
            site_values: &SiteValues::default(),
            liquid_in_code: false,
            raw_blocks: false,
            zola_shortcodes: None,
            hugo_shortcodes: None,
            title: "",
            permalink: "https://example.com/post/",
            lang: "en",
            page_place: PagePlace::default(),
            liquid_site: None,
        };
        assert!(matches!(
            expand("# Hi {not}\n", &context).text,
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn hugo_arguments_as_hugo_lexes_them() {
        // Spaces around `=`, and a raw string that Markdown alone would read as code.
        assert_eq!(
            expand_text(
                "{{< figure src = \"/x.png\" caption = \"A *big* [cat](/c)\" width = \"300\" >}}\n"
            ),
            "<figure><img src=\"/x.png\" alt=\"A big cat\" width=\"300\"><figcaption><p>A <em>big</em> <a href=\"/c\">cat</a></p></figcaption></figure>\n"
        );
        assert_eq!(
            expand_text(
                "{{< figure src=\"/x.png\" attr=\"Photo\" attrlink=`https://x.example/?a=\"b\"` >}}\n"
            ),
            "<figure><img src=\"/x.png\" alt=\"\"><figcaption><p><a href=\"https://x.example/?a=&quot;b&quot;\">Photo</a></p></figcaption></figure>\n"
        );
    }

    #[test]
    fn hugo_comment_details_instagram_qr_and_param() {
        let (text, removed) = expand_with(
            "A{{< comment >}}TODO: *secret* {{< x >}}{{< /comment >}}B {{% comment %}}gone{{% /comment %}}\n",
            Flavor::Shortcodes,
        );
        assert_eq!((text.as_str(), removed.len()), ("AB \n", 0));
        let (text, _) = expand_with(
            "{{< details summary=\"See **more**\" open=true >}}\nInside *this*.\n{{< /details >}}\n",
            Flavor::Shortcodes,
        );
        assert_eq!(
            text,
            "\n<details open><summary>See <strong>more</strong></summary>\n\n\nInside *this*.\n\n\n</details>\n\n"
        );
        assert_eq!(
            expand_with("{{< instagram CxOWiQNP2MO >}}", Flavor::Shortcodes).0,
            "<blockquote class=\"instagram-media\"><p><a href=\"https://www.instagram.com/p/CxOWiQNP2MO/\">https://www.instagram.com/p/CxOWiQNP2MO/</a></p></blockquote>"
        );
        assert_eq!(
            expand_with(
                "{{< qr text=\"https://gohugo.io\" />}} {{< qr >}}\nhello\n{{< /qr >}}",
                Flavor::Shortcodes
            )
            .0,
            "<p><a href=\"https://gohugo.io\">https://gohugo.io</a></p> <p>hello</p>"
        );
        // `param` reads the page's `params:` table, then the site's.
        let site = SiteValues {
            values: vec![("params.repo".into(), "https://github.com/x/y".into())],
            ..SiteValues::default()
        };
        assert_eq!(
            expand_in(
                "[first]({{< param original >}}) [code]({{< param \"repo\" >}})",
                Flavor::Shortcodes,
                false,
                &site
            )
            .0,
            "[first](https://elsewhere.example/p) [code](https://github.com/x/y)"
        );
    }

    #[test]
    fn liquid_loops_over_assigned_and_front_matter_lists() {
        let site = SiteValues {
            values: vec![(
                "repository".into(),
                "https://github.com/jekyll/jekyll".into(),
            )],
            ..SiteValues::default()
        };
        let body = "See [#1046][].\n\n{% assign issues = \"1046|1204\" | split: \"|\" %}\n{% for issue in issues %}\n[#{{ issue }}]: {{ site.repository }}/issues/{{ issue }}\n{% endfor %}\n";
        let (text, removed) = expand_in(body, Flavor::Liquid, true, &site);
        assert!(removed.is_empty(), "{removed:?}");
        assert_eq!(
            text,
            "See [#1046][].\n\n\n\n[#1046]: https://github.com/jekyll/jekyll/issues/1046\n\n[#1204]: https://github.com/jekyll/jekyll/issues/1204\n\n"
        );
        // A loop writes what it writes (the render's budget is far above a post's size).
        let huge = format!(
            "{{% assign xs = \"{}\" | split: \"|\" %}}{{% for x in xs %}}{}{{% endfor %}}",
            "a|".repeat(20_000),
            "y".repeat(100)
        );
        let (text, removed) = expand_in(&huge, Flavor::Liquid, true, &site);
        assert!(text.len() >= 20_000 * 100 && removed.is_empty());
        // A list the config does not set is nil, as in Liquid: no pass, no warning.
        let (text, removed) = expand_in(
            "{% for x in site.nothing %}a{% else %}none{% endfor %}",
            Flavor::Liquid,
            true,
            &site,
        );
        assert_eq!((text.as_str(), removed.len()), ("none", 0));
        // `site.posts` is not given to a post's Liquid: nil, as a name Jekyll lacks.
        let (text, removed) = expand_in(
            "{% for post in site.posts %}{{ post.title }}{% endfor %}b",
            Flavor::Liquid,
            true,
            &site,
        );
        assert_eq!((text.as_str(), removed.len()), ("b", 0));
    }

    #[test]
    fn eleventy_front_matter_is_at_the_top_level() {
        let base = Url::parse("https://example.com/").unwrap();
        let page_values = vec![("newstitle".to_string(), "Stickers".to_string())];
        let liquid = liquid_site(&[], true);
        let context = Context {
            base_url: &base,
            site_title: "",
            page_values: &page_values,
            link: &|_| None,
            flavor: Flavor::Liquid,
            site_values: &SiteValues::default(),
            liquid_in_code: true,
            raw_blocks: false,
            zola_shortcodes: None,
            hugo_shortcodes: None,
            title: "",
            permalink: "https://example.com/post/",
            lang: "en",
            page_place: PagePlace::default(),
            liquid_site: Some(&liquid),
        };
        let expanded = expand("# {{ newstitle }} {{ \"/x\" | relative_url }}\n", &context);
        assert_eq!(expanded.text, "# Stickers https://example.com/x\n");
    }

    #[test]
    fn a_raw_block_inside_a_liquid_highlight_shows_its_text() {
        let (text, _) = expand_with(
            "{% highlight \"diff-md\" %}\n{% raw %}\n-title: {{ a }}\n{% endraw %}\n{% endhighlight %}\n",
            Flavor::Liquid,
        );
        assert_eq!(
            text,
            "\n<pre><code class=\"language-diff-md\">\n-title: {{ a }}\n\n</code></pre>\n\n"
        );
    }

    #[test]
    fn a_zola_shortcode_whose_body_holds_math_keeps_the_body() {
        let (text, removed) = expand_with(
            "{{ note(body=\"\n**Note:** insightful.\n\n$$ \\sum i $$\n\")}}\n\n# Next\n",
            Flavor::Shortcodes,
        );
        assert_eq!(removed, vec![(Syntax::Zola, "note".to_string())]);
        assert!(text.contains("**Note:** insightful."), "{text}");
        assert!(!text.contains("note("), "{text}");
        assert!(text.ends_with("# Next\n"), "{text}");
    }

    #[test]
    fn mdx_embeds_become_what_hugo_gives_for_them() {
        let (text, removed) = expand_with(
            "<Tweet id=\"1628832338187636740\" />\n\n<YouTube id=\"https://www.youtube.com/watch?v=xtTy5nKay_Y&t=1\" />\n\n<LinkPreview id=\"https://astro.build/\" />\n",
            Flavor::Mdx,
        );
        assert!(removed.is_empty(), "{removed:?}");
        assert!(
            text.contains("<blockquote class=\"twitter-tweet\"><p><a href=\"https://x.com/i/status/1628832338187636740\">"),
            "{text}"
        );
        assert!(
            text.contains("src=\"https://www.youtube.com/embed/xtTy5nKay_Y\""),
            "{text}"
        );
        assert!(text.contains("<a href=\"https://astro.build/\">"), "{text}");
        // Without its id, an embed is an unknown component.
        assert_eq!(expand_with("<Tweet />", Flavor::Mdx).1.len(), 1);
    }

    #[test]
    fn jekyll_runs_liquid_over_code_and_reads_its_config() {
        let body = "```\n{{ release.size.gz }} {% raw %}{{ kept }}{% endraw %}\n```\n{{ site.repository }}\n";
        let site = SiteValues {
            values: vec![("repository".into(), "jekyll/jekyll".into())],
            ..SiteValues::default()
        };
        let (text, removed) = expand_in(body, Flavor::Liquid, true, &site);
        // `release` is not set: nil, and so is each name after it, as in Jekyll.
        assert_eq!(text, "```\n {{ kept }}\n```\njekyll/jekyll\n");
        assert!(removed.is_empty(), "{removed:?}");
        // Where the tool is not known, code stays as written.
        let (text, _) = expand_in(body, Flavor::Liquid, false, &site);
        assert!(text.starts_with("```\n{{ release.size.gz }}"), "{text}");
        // Hugo has no template step for content: braces outside shortcodes are text.
        let (text, removed) = expand_with("<pre><code>{{name}}</code></pre>\n", Flavor::Shortcodes);
        assert_eq!(
            (text.as_str(), removed.len()),
            ("<pre><code>{{name}}</code></pre>\n", 0)
        );
    }

    #[test]
    fn hugo_builtins() {
        assert_eq!(
            expand_text("{{< figure src=\"/x.png\" alt=\"X\" title=\"T\" caption=\"C\" >}}\n"),
            "<figure><img src=\"/x.png\" alt=\"X\"><figcaption><h4>T</h4><p>C</p></figcaption></figure>\n"
        );
        let youtube = expand_text("{{< youtube w7Ft2ymGmfc >}}");
        assert!(
            youtube.contains("src=\"https://www.youtube.com/embed/w7Ft2ymGmfc\""),
            "{youtube}"
        );
        assert!(
            expand_text("{{< vimeo id=\"146022717\" >}}")
                .contains("player.vimeo.com/video/146022717")
        );
        assert_eq!(
            expand_text("{{< gist spf13 7896402 >}}"),
            "<p><a href=\"https://gist.github.com/spf13/7896402\">https://gist.github.com/spf13/7896402</a></p>"
        );
        assert!(
            expand_text("{{< x user=\"SanDiegoZoo\" id=\"1453110110599868418\" >}}")
                .contains("https://x.com/SanDiegoZoo/status/1453110110599868418")
        );
        assert_eq!(
            expand_text("[a]({{< ref \"posts/hello.md\" >}}) [b]({{< relref \"hello\" >}})"),
            "[a](https://example.com/blog/hello/) [b](https://example.com/blog/hello/)"
        );
        assert_eq!(
            expand_text(
                "{{< highlight go \"linenos=table\" >}}\nif a < b {\n\n}\n{{< /highlight >}}\nafter"
            ),
            "\n<pre><code class=\"language-go\">if a &lt; b {\n\n}\n</code></pre>\n\nafter"
        );
        assert_eq!(expand_text("by {{< param author >}}"), "by Ann");
    }

    #[test]
    fn unknown_shortcodes_are_removed_keeping_their_inner_content() {
        let (text, removed) = expand_with(
            "{{< notice warning >}}\nCareful **now**.\n{{< /notice >}}\n{{% spoiler %}}x{{% /spoiler %}} {{< toc />}}",
            Flavor::Shortcodes,
        );
        assert_eq!(text, "\nCareful **now**.\n\nx ");
        assert_eq!(
            removed,
            [
                (Syntax::Hugo, "notice".into()),
                (Syntax::Hugo, "spoiler".into()),
                (Syntax::Hugo, "toc".into())
            ]
        );
    }

    #[test]
    fn code_is_content_but_for_the_documented_escapes() {
        let body = "Use `{{< figure >}}` like this:\n\n```\n{{</* figure src=\"x\" */>}}\n{% raw %}{{ site.url }}{% endraw %}\n```\n\n    {{< indented >}}\n";
        let (text, removed) = expand_with(body, Flavor::Liquid);
        assert_eq!(
            text,
            "Use `{{< figure >}}` like this:\n\n```\n{{< figure src=\"x\" >}}\n{{ site.url }}\n```\n\n    {{< indented >}}\n"
        );
        assert!(removed.is_empty());
        assert_eq!(expand_text("{{</* x */>}}"), "{{< x >}}");
    }

    #[test]
    fn hugo_and_zola_posts_keep_other_braces_as_text() {
        let body = "{{< youtube x >}} and `date = '{{ .Date }}'` in {{ .Date }} {% if %}\n";
        let (text, removed) = expand_with(body, Flavor::of(false, false, body));
        assert!(text.ends_with(" in {{ .Date }} {% if %}\n"), "{text}");
        assert!(removed.is_empty());
        let toml = "{{ .Site.Title }} {{ youtube(id=\"x\") }}";
        let (text, _) = expand_with(toml, Flavor::of(false, true, toml));
        assert!(text.starts_with("{{ .Site.Title }} <div"), "{text}");
    }

    #[test]
    fn image_components_become_images() {
        let (text, removed) = expand_with(
            "<Image alt='ocean' src=\"/static/images/ocean.jpeg\" width={256} height={128} />\n<Image src={cover} alt=\"imported\" />\n",
            Flavor::Mdx,
        );
        assert_eq!(
            text,
            "<img src=\"/static/images/ocean.jpeg\" alt=\"ocean\" width=\"256\" height=\"128\">\n\n"
        );
        assert_eq!(removed, [(Syntax::Mdx, "<Image>".into())]);
    }

    #[test]
    fn math_is_content() {
        let (text, removed) =
            expand_with("Let $\\mathbf{Y}$ be $$\\frac{{a}}{b}$$.\n", Flavor::Mdx);
        assert_eq!(text, "Let $\\mathbf{Y}$ be $$\\frac{{a}}{b}$$.\n");
        assert!(removed.is_empty(), "{removed:?}");
    }

    #[test]
    fn liquid() {
        assert_eq!(
            expand_text(
                "![i]({{ site.url }}{{ site.baseurl }}/a.png) {{ '/b.png' | relative_url }} {{site.baseurl}}/c"
            ),
            "![i](https://example.com/blog/a.png) https://example.com/blog/b.png /c"
        );
        assert_eq!(
            expand_text("[w]({% post_url 2014-12-17-welcome %}) [h]({% link posts/hello.md %})"),
            "[w](https://example.com/blog/hello/) [h](https://example.com/blog/hello/)"
        );
        assert_eq!(
            expand_text("by {{ page.author }} on {{ site.title }}"),
            "by Ann on Site"
        );
        assert_eq!(
            expand_text("{% highlight ruby linenos %}\ndef a; end\n{% endhighlight %}"),
            "\n<pre><code class=\"language-ruby\">def a; end\n</code></pre>\n"
        );
        assert_eq!(
            expand_text("{% raw %}{{ kept }} {% x %}{% endraw %}"),
            "{{ kept }} {% x %}"
        );
        assert_eq!(expand_text("a{% comment %}hidden{% endcomment %}b"), "ab");
        let (text, removed) = expand_with(
            "{% include note.html %}{% if page.x %}shown{% else %}too{% endif %}{{ site.github.url }}",
            Flavor::Liquid,
        );
        // A missing include is taken out alone; a name the config lacks is nil.
        assert_eq!(text, "too");
        assert_eq!(removed, [(Syntax::Liquid, "{% include %}".into())]);
    }

    #[test]
    fn zola_shortcodes() {
        assert!(
            expand_with(
                "{{ youtube(id=\"dQw4w9WgXcQ\", autoplay=true) }}",
                Flavor::Shortcodes
            )
            .0
            .contains("youtube.com/embed/dQw4w9WgXcQ")
        );
        let (text, removed) = expand_with(
            "{% quote(author=\"Vincent\") %}\nA quote\n{% end %}\n{{ note(x=1) }}",
            Flavor::Shortcodes,
        );
        assert_eq!(text, "\nA quote\n\n");
        assert_eq!(
            removed,
            [
                (Syntax::Zola, "quote".into()),
                (Syntax::Zola, "note".into())
            ]
        );
        assert_eq!(
            expand_with("{{/* youtube(id=\"x\") */}}", Flavor::Shortcodes).0,
            "{{ youtube(id=\"x\") }}"
        );
    }

    proptest::proptest! {
        /// Any mix of the syntaxes' pieces, in any order and nesting, expands without a panic
        /// and keeps code as it was.
        #[test]
        fn any_mix_of_template_pieces_expands(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "{{<", ">}}", "{{%", "%}}", "{{", "}}", "{%", "%}", "{{</*", "*/>}}", "`",
                    "```\n", "\n", "\n\n", "é", "<A", "</A>", "/>", ">", "import ", "export ",
                    "\"", "'", " raw ", " endraw ", "highlight", "/highlight", "end", " ", "x(",
                    ")", "{/*", "*/}", "{", "}", "=", "post_url", "site.url", "|", "relative_url",
                    "figure src=", "<!--more-->", "    ", "-", "{% if true %}", "{% if x %}",
                    "{% endif %}", "{% else %}", "{% elsif y == 1 %}", "{% unless z %}",
                    "{% endunless %}", "{% case a %}", "{% when 1 %}", "{% endcase %}",
                    "{% for i in (1..2) %}", "{% endfor %}", "{% break %}", "{% capture c %}",
                    "{% endcapture %}",
                ]),
                0..48,
            ),
            flavor in proptest::sample::select(vec![Flavor::Liquid, Flavor::Shortcodes, Flavor::Mdx]),
        ) {
            let body: String = pieces.concat();
            let (text, _) = expand_with(&body, flavor);
            // A Liquid block chooses what of it is published, code included.
            let blocks = ["{% if", "{% unless", "{% case", "{% for", "{% capture"];
            if flavor == Flavor::Liquid && blocks.iter().any(|tag| body.contains(tag)) {
                return Ok(());
            }
            for range in code_ranges(&body) {
                // A shortcode's raw-string argument reads as code to Markdown alone; Hugo
                // reads the shortcode first, so code inside one is an argument.
                // So may a string argument holding Markdown or math (Zola's `note(body="…")`).
                // So code is exempt exactly when some tag opened before it spans past it.
                let in_shortcode = body[..range.start].match_indices("{{").any(|(at, _)| {
                    ["}}", ">}}", "%}}"].iter().any(|close| {
                        delimited_by(&body, at + 2, close, &['"', '`'])
                            .is_some_and(|(_, end)| end >= range.end)
                    })
                });
                let code = &body[range];
                if !in_shortcode && !code.contains("/*") && !code.contains("raw") {
                    proptest::prop_assert!(text.contains(code), "{code:?} lost from {text:?}");
                }
            }
        }
    }

    #[test]
    fn mdx() {
        let body = "import { Note } from '../components'\nexport const meta = {\n  a: 1,\n}\n\n# Title\n\n<TOCInline toc={props.toc} exclude=\"Intro\" />\n\n<Note type=\"info\">\nKept *text*\n</Note>\n\n{/* a comment */}\nAn <em>html</em> tag and a < b{' and {braces}'}{meta.a}.\n";
        let (text, removed) = expand_with(body, Flavor::Mdx);
        assert_eq!(
            text,
            "\n# Title\n\n\n\n\nKept *text*\n\n\n\nAn <em>html</em> tag and a < b and {braces}.\n"
        );
        assert_eq!(
            removed,
            [
                (Syntax::Mdx, "<TOCInline>".into()),
                (Syntax::Mdx, "<Note>".into()),
                (Syntax::Mdx, "{…}".into())
            ]
        );
    }

    /// In an HTML tag of MDX, an attribute whose value is an expression keeps a string's text
    /// as HTML quotes it and goes whole, name and all, when it needs JavaScript
    /// (`style={{ margin: 0 }}`); `{{ … }}` is an MDX expression, not a Liquid output.
    #[test]
    fn mdx_attribute_expressions() {
        let body =
            "<div style={{ margin: 0 }} title={\"A & B\"} data-n={n}>Hi {{ a: 1 }} x ={1}</div>\n";
        let (text, removed) = expand_with(body, Flavor::Mdx);
        assert_eq!(text, "<div title=\"A &amp; B\">Hi  x =</div>\n");
        assert_eq!(removed, vec![(Syntax::Mdx, "{…}".to_string()); 4]);
    }
}
