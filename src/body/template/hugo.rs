//! Hugo's shortcodes (`{{< name args >}}`, `{{% name %}}…{{% /name %}}`): the site's own
//! (its Go templates, [`crate::profile::HugoShortcodes`]) rendered as Hugo renders them, the
//! built-in ones the HTML Hugo gives, the rest removed with their inner content kept.

use super::*;
use crate::profile::ShortcodeFailure;

impl<'a> Expander<'a, '_> {
    /// Hugo `{{< name args >}}` / `{{% … %}}`, their closing tags and `{{</* … */>}}`.
    pub(super) fn hugo(&mut self, start: usize) -> Option<usize> {
        let percent = self.body[start..].starts_with("{{%");
        let close = if percent { "%}}" } else { ">}}" };
        let (inner, end) = match self.delimited(start + 3, close) {
            Some(found) => found,
            None => self.past_code(start, 3, close)?,
        };
        let trimmed = inner.trim();
        if let Some(escaped) = trimmed
            .strip_prefix("/*")
            .and_then(|s| s.strip_suffix("*/"))
        {
            let open = if percent { "{{%" } else { "{{<" };
            let _ = write!(self.out, "{open} {} {close}", escaped.trim());
            return Some(end);
        }
        if let Some(closed) = trimmed.strip_prefix('/') {
            if closed.trim() == "details" {
                self.out.push_str("\n\n</details>\n");
            }
            return Some(end);
        }
        let self_closed = trimmed.ends_with('/');
        let trimmed = trimmed.strip_suffix('/').unwrap_or(trimmed).trim_end();
        let (name, args) = split_name(trimmed);
        let args = Args::hugo(args);
        if let Some(after) =
            self.hugo_site_shortcode(name, &args, (percent, self_closed), start, end)
        {
            return Some(after);
        }
        let closings = |word: &'static str| [("{{<", word, ">}}"), ("{{%", word, "%}}")];
        match name {
            // Hidden notes: nothing of them is published.
            "comment" => {
                let after = self.until_closing(end, &closings("/comment"));
                return Some(after.map_or(end, |(_, after)| after));
            }
            "details" => {
                self.out.push_str(&details(&args));
                return Some(end);
            }
            "qr" if args.get("text", usize::MAX).is_none() => {
                let (text, after) = self.until_closing(end, &closings("/qr"))?;
                self.out.push_str(&qr(text.trim()));
                return Some(after);
            }
            _ => {}
        }
        if name == "highlight" {
            let (code, after) = self
                .until_closing(
                    end,
                    &[("{{<", "/highlight", ">}}"), ("{{%", "/highlight", "%}}")],
                )
                .unwrap_or(("", end));
            let language = args.get("lang", 0).unwrap_or_default();
            self.out.push_str(&code_block(language, code));
            return Some(after);
        }
        match builtin(name, &args, self.values()) {
            Some(Builtin::Html(html)) => self.out.push_str(&html),
            Some(Builtin::Reference(target)) => self.reference(&target, start),
            None => self.remove(Syntax::Hugo, name, start),
        }
        Some(end)
    }
}

/// The paired shortcodes of a post: by the offset after each opening tag, where its
/// closing tag starts and ends.
pub(super) type HugoBlocks = HashMap<usize, (usize, usize)>;

/// Every shortcode of `body` with a closing tag of its name (`{{< x >}}…{{< /x >}}`), matched
/// in one pass: a closing tag closes the nearest open tag of its name, as Hugo's parser
/// pairs them. The delimiters' ends are found once each, so tags never closed cost no
/// search to the end of the body.
fn hugo_blocks(body: &str) -> HugoBlocks {
    let mut blocks = HashMap::new();
    let mut open: HashMap<&str, Vec<usize>> = HashMap::new();
    // The next `>}}` and `%}}` at or after where the scan is, found once per stretch.
    let mut next_close: [Option<Option<usize>>; 2] = [None, None];
    let mut at = 0;
    while let Some(found) = body[at..].find("{{") {
        let start = at + found;
        let kind = match body.as_bytes().get(start + 2) {
            Some(b'<') => 0,
            Some(b'%') => 1,
            _ => {
                at = start + 2;
                continue;
            }
        };
        let closer = [">}}", "%}}"][kind];
        let close = match next_close[kind] {
            Some(Some(close)) if close >= start + 3 => Some(close),
            Some(None) => None,
            _ => {
                let close = body[start + 3..]
                    .find(closer)
                    .map(|found| start + 3 + found);
                next_close[kind] = Some(close);
                close
            }
        };
        let Some(close) = close else {
            at = start + 3;
            continue;
        };
        let after = close + 3;
        let inner = body[start + 3..close].trim();
        at = after;
        if inner.starts_with("/*") || inner.ends_with('/') {
            continue;
        }
        if let Some(closed) = inner.strip_prefix('/') {
            if let Some(opened) = open.get_mut(closed.trim()).and_then(Vec::pop) {
                blocks.insert(opened, (start, after));
            }
            continue;
        }
        let name = split_name(inner).0;
        open.entry(name).or_default().push(after);
    }
    blocks
}

impl<'a> Expander<'a, '_> {
    /// A call of a shortcode the site defines, rendered with its Go template; `None` when the
    /// site defines none of that name. `(percent, self_closed)` say how it was written; a
    /// template that reads `.Inner` takes the text up to its closing tag. One that fails
    /// falls back to the built-in or removal, its reason in the warning.
    fn hugo_site_shortcode(
        &mut self,
        name: &str,
        args: &Args,
        (percent, self_closed): (bool, bool),
        start: usize,
        end: usize,
    ) -> Option<usize> {
        let shortcodes = self.context.hugo_shortcodes?;
        let uses_inner = shortcodes.uses_inner(name)?;
        let block = match uses_inner && !self_closed {
            true => self.hugo_block(end),
            false => None,
        };
        let page = self.hugo_page_of(shortcodes);
        let ordinal = self.hugo_ordinal.get();
        self.hugo_ordinal.set(ordinal + 1);
        let mut call = crate::profile::CallFacts {
            name,
            positional: &args.positional,
            named: &args.named,
            inner: None,
            ordinal,
            position: format!(
                "{}:{}",
                self.context.page_place.relative_path,
                self.origin + start
            ),
        };
        let parent = self.hugo_parent.as_deref();
        // The shortcodes inside are rendered first, each seeing this one as `.Parent`.
        let (inner, after) = match block {
            Some((text, after)) => {
                let mut inner = self.inner_expander(text, end);
                let this = shortcodes.context(&call, page, parent);
                inner.hugo_parent = Some(std::rc::Rc::new(this));
                inner.run_unless_too_deep();
                (Some(inner), after)
            }
            None => (None, end),
        };
        call.inner = inner
            .as_ref()
            .map(|inner| inner.out.trim_start_matches('\n'));
        match shortcodes.render(&call, page, parent, self.context.lang) {
            Ok((rendered, references)) => {
                if let Some(inner) = inner {
                    self.merge_inner(inner, end);
                }
                let rendered = self.with_references(rendered, &references, start);
                match percent || self.html_inline {
                    true => self.out.push_str(&rendered),
                    false => {
                        let token = self.html_token(self.html_inserts.len());
                        self.html_inserts.push(rendered);
                        self.out.push_str(&token);
                    }
                }
                Some(after)
            }
            Err(ShortcodeFailure::Runaway(why)) => {
                self.fatal.get_or_insert((why, start));
                Some(after)
            }
            Err(ShortcodeFailure::Unsupported(why)) => {
                self.removed.push((
                    Unexpanded::Unrendered(Syntax::Hugo),
                    format!("{name}\n{why}"),
                    start,
                ));
                // Hugo's own handling of the few built-ins that read their inner text.
                if inner.is_none() && matches!(name, "comment" | "details" | "qr" | "highlight") {
                    return None;
                }
                // The built-in of that name, if Hugo has one, else removal as before.
                match builtin(name, args, self.values()) {
                    Some(Builtin::Html(html)) => self.out.push_str(&html),
                    Some(Builtin::Reference(target)) => self.reference(&target, start),
                    None => {}
                }
                // The inner text is kept as it was expanded for the template, not expanded
                // again: nested failing calls would otherwise double the work at each level.
                if let Some(inner) = inner {
                    let text = self.merge_inner(inner, end);
                    self.out.push_str(&text);
                }
                Some(after)
            }
        }
    }

    /// A template's output with the pages its `ref`/`relref` calls named put in, in one pass:
    /// each permalink, or the path as written where no page has it.
    fn with_references(&mut self, html: String, references: &[String], at: usize) -> String {
        if references.is_empty() {
            return html;
        }
        let urls: Vec<String> = references
            .iter()
            .map(|target| {
                self.references.push((target.clone(), at));
                (self.context.link)(target).unwrap_or_else(|| target.clone())
            })
            .collect();
        let mark = crate::profile::REFERENCE_MARK;
        let mut out = String::with_capacity(html.len());
        let mut rest = html.as_str();
        while let Some(found) = rest.find(mark) {
            out.push_str(&rest[..found]);
            let after = &rest[found + mark.len()..];
            let digits = after.bytes().take_while(u8::is_ascii_digit).count();
            let url = after[..digits]
                .parse::<usize>()
                .ok()
                .filter(|_| after[digits..].starts_with('x'))
                .and_then(|index| urls.get(index));
            match url {
                Some(url) => {
                    out.push_str(url);
                    rest = &after[digits + 1..];
                }
                None => {
                    out.push_str(mark);
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// The post as `.Page`, made when a shortcode first needs it.
    fn hugo_page_of(
        &self,
        shortcodes: &crate::profile::HugoShortcodes,
    ) -> &crate::profile::HugoPage {
        self.hugo_page.get_or_init(|| {
            let front_matter = super::zola::nested(self.context.page_values);
            let place = self.context.page_place;
            shortcodes.page(&crate::profile::PageFacts {
                title: self.context.title,
                front_matter: &front_matter,
                permalink: self.context.permalink,
                date: place.date,
                lang: self.context.lang,
                relative_path: place.relative_path,
                slug: place.slug,
                file: place.file,
            })
        })
    }

    /// Where a paired shortcode opened at `end` closes: its inner text, and the offset after
    /// its closing tag.
    fn hugo_block(&self, end: usize) -> Option<(&'a str, usize)> {
        let blocks = self.hugo_blocks.get_or_init(|| hugo_blocks(self.body));
        let (close, after) = *blocks.get(&(self.origin + end))?;
        let (close, after) = (
            close.checked_sub(self.origin)?,
            after.checked_sub(self.origin)?,
        );
        (after <= self.body.len() && close >= end).then(|| (&self.body[end..close], after))
    }
}

impl Args {
    /// Hugo: ``a "b c" key=value key="v w" key = `raw` ``: spaces around `=` are allowed,
    /// as Hugo's lexer allows them.
    pub(super) fn hugo(text: &str) -> Args {
        let mut args = Args {
            positional: Vec::new(),
            named: Vec::new(),
        };
        let mut rest = text.trim();
        while !rest.is_empty() {
            let word_end = rest
                .find(|c: char| c == '=' || c.is_whitespace() || c == '"' || c == '`')
                .unwrap_or(rest.len());
            let after_word = rest[word_end..].trim_start();
            let (key, after) = match after_word.strip_prefix('=') {
                Some(value) if word_end > 0 => (Some(&rest[..word_end]), value.trim_start()),
                _ => (None, rest),
            };
            let (value, after) = take_value(after);
            match key {
                Some(key) => args.named.push((key.to_string(), value)),
                None => args.positional.push(value),
            }
            rest = after.trim_start();
        }
        args
    }
}

/// Hugo's `details`: a `<details>` element whose summary is Markdown; the inner content
/// follows as Markdown and the closing tag ends the element.
fn details(args: &Args) -> String {
    let summary = args.get("summary", usize::MAX).unwrap_or("Details");
    let mut html = String::from("\n<details");
    for attribute in ["class", "name", "title"] {
        if let Some(value) = args.get(attribute, usize::MAX) {
            let _ = write!(html, " {attribute}=\"{}\"", html_escape(value));
        }
    }
    if args
        .get("open", usize::MAX)
        .is_some_and(|open| open == "true")
    {
        html.push_str(" open");
    }
    let _ = write!(html, "><summary>{}</summary>\n\n", inline_markdown(summary));
    html
}

/// Hugo's `qr`: an image of a QR code in Hugo; offline, the text it encodes, as a link when
/// it is a web address.
pub(super) fn qr(text: &str) -> String {
    let escaped = html_escape(text);
    match text.starts_with("https://") || text.starts_with("http://") {
        true => format!("<p><a href=\"{escaped}\">{escaped}</a></p>"),
        false => format!("<p>{escaped}</p>"),
    }
}
