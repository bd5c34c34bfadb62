//! Hugo's shortcodes (`{{< name args >}}`, `{{% name %}}…{{% /name %}}`): the built-in ones
//! become the HTML Hugo gives, the rest are removed with their inner content kept.

use super::*;

impl<'a> Expander<'a, '_> {
    /// Hugo `{{< name args >}}` / `{{% … %}}`, their closing tags and `{{</* … */>}}`.
    pub(super) fn hugo(&mut self, start: usize) -> Option<usize> {
        let percent = self.body[start..].starts_with("{{%");
        let close = if percent { "%}}" } else { ">}}" };
        let (inner, end) = delimited(&self.body[..self.limit], start + 3, close)?;
        let trimmed = inner.trim();
        if let Some(escaped) = trimmed
            .strip_prefix("/*")
            .and_then(|s| s.strip_suffix("*/"))
        {
            let open = if percent { "{{%" } else { "{{<" };
            let _ = write!(self.out, "{open} {} {close}", escaped.trim());
            return Some(end);
        }
        if trimmed.starts_with('/') {
            return Some(end);
        }
        let trimmed = trimmed.strip_suffix('/').unwrap_or(trimmed).trim_end();
        let (name, args) = split_name(trimmed);
        let args = Args::hugo(args);
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
        match builtin(name, &args, self.context) {
            Some(Builtin::Html(html)) => self.out.push_str(&html),
            Some(Builtin::Reference(target)) => self.reference(&target, start),
            None => self.remove(Syntax::Hugo, name, start),
        }
        Some(end)
    }
}

impl Args {
    /// Hugo: `a "b c" key=value key="v w"`.
    pub(super) fn hugo(text: &str) -> Args {
        let mut args = Args {
            positional: Vec::new(),
            named: Vec::new(),
        };
        let mut rest = text.trim();
        while !rest.is_empty() {
            let (key, after) = match rest.find(|c: char| c == '=' || c.is_whitespace() || c == '"')
            {
                Some(at) if rest[at..].starts_with('=') => {
                    (Some(&rest[..at]), rest[at + 1..].trim_start())
                }
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
