//! Hugo's shortcodes (`{{< name args >}}`, `{{% name %}}…{{% /name %}}`): the built-in ones
//! become the HTML Hugo gives, the rest are removed with their inner content kept.

use super::*;

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
        let trimmed = trimmed.strip_suffix('/').unwrap_or(trimmed).trim_end();
        let (name, args) = split_name(trimmed);
        let args = Args::hugo(args);
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
