//! Liquid, as Jekyll runs it over a post before Markdown: outputs (`{{ page.x | filter }}`)
//! and tags (`{% raw %}`, `{% highlight %}`, `{% post_url %}`, `{% link %}`, unknown ones);
//! its blocks (`if`, `case`, `for`, `capture`) are [`super::liquid_blocks`]'.

use super::*;

impl<'a> Expander<'a, '_> {
    /// `{{ … }}`: a Zola inline shortcode `{{ name(…) }}`, Zola's `{{/* … */}}` escape, or a
    /// Liquid output such as `{{ site.url }}` or `{{ "/x" | relative_url }}`.
    pub(super) fn output(&mut self, start: usize) -> Option<usize> {
        let (inner, end) = match self.delimited(start + 2, "}}") {
            Some(found) => found,
            None => self.past_code(start, 2, "}}")?,
        };
        let trimmed = inner.trim().trim_matches('-').trim();
        if let Some(escaped) = trimmed
            .strip_prefix("/*")
            .and_then(|s| s.strip_suffix("*/"))
        {
            let _ = write!(self.out, "{{{{ {} }}}}", escaped.trim());
            return Some(end);
        }
        if let Some((name, args)) = zola_call(trimmed) {
            if self.site_shortcode((name, args), None, start) {
                return Some(end);
            }
            let args = Args::zola(args);
            match builtin(name, &args, self.values()) {
                Some(Builtin::Html(html)) => self.out.push_str(&html),
                Some(Builtin::Reference(target)) => self.reference(&target, start),
                None => {
                    // Its `body` is Markdown the shortcode shows (a note, a callout): kept,
                    // as an unknown shortcode's inner content is.
                    if let Some(body) = args.get("body", usize::MAX) {
                        let _ = write!(self.out, "\n\n{}\n\n", body.trim());
                    }
                    self.remove(Syntax::Zola, name, start);
                }
            }
            return Some(end);
        }
        if self.context.flavor != Flavor::Liquid {
            return None;
        }
        match self.liquid_value(trimmed) {
            Some(value) => self.out.push_str(&value),
            None => {
                let name = trimmed
                    .split(|c: char| c.is_whitespace() || c == '|')
                    .next()
                    .unwrap_or_default();
                self.remove(Syntax::Liquid, &format!("{{{{ {name} }}}}"), start);
            }
        }
        Some(end)
    }

    /// The value of a Liquid output expression, when it names something known.
    pub(super) fn liquid_value(&self, expression: &str) -> Option<String> {
        match self.liquid_expression(expression)? {
            LiquidValue::Text(text) => Some(text),
            LiquidValue::List(items) => Some(items.concat()),
        }
    }

    /// The value of a Liquid variable in scope, or of a front-matter list `page.x`.
    pub(super) fn liquid_variable(&self, name: &str) -> Option<LiquidValue> {
        if let Some(value) = self.vars.get(name) {
            return Some(value.clone());
        }
        let key = name.strip_prefix("page.")?;
        let values = self.values();
        let items: Vec<String> = (0..)
            .map_while(|index| values.page(&format!("{key}.{index}")).map(str::to_string))
            .collect();
        (!items.is_empty()).then(|| LiquidValue::List(items.into()))
    }

    /// A Liquid expression with its filters: text, or a list (`split`).
    pub(super) fn liquid_expression(&self, expression: &str) -> Option<LiquidValue> {
        let mut parts = split_outside_quotes(expression, '|').into_iter();
        let head = parts.next()?.trim();
        if let Some(value) = self.liquid_variable(head) {
            return match value {
                LiquidValue::Text(text) => self.filtered(text, parts),
                list => Some(list),
            };
        }
        let value = self.liquid_head(head)?;
        self.filtered(value, parts)
    }

    /// `value` through `filters`; `split` makes it a list.
    fn filtered<'f>(
        &self,
        mut value: String,
        filters: impl Iterator<Item = &'f str>,
    ) -> Option<LiquidValue> {
        let base = self.context.base_url.as_str().trim_end_matches('/');
        for filter in filters {
            let (name, argument) = filter.split_once(':').unwrap_or((filter, ""));
            let argument = unquote(argument.trim()).unwrap_or_default();
            value = match name.trim() {
                "split" => {
                    let items: Vec<String> = value.split(argument).map(str::to_string).collect();
                    return Some(LiquidValue::List(items.into()));
                }
                "relative_url" | "absolute_url" if value.starts_with('/') => {
                    format!("{base}{value}")
                }
                "relative_url" | "absolute_url" if !value.contains(':') => {
                    format!("{base}/{value}")
                }
                "prepend" => format!("{argument}{value}"),
                "append" => format!("{value}{argument}"),
                "downcase" => value.to_lowercase(),
                "upcase" => value.to_uppercase(),
                "strip" => value.trim().to_string(),
                "slugify" => crate::profile::jekyll_slugify(&value),
                _ => value,
            };
        }
        Some(LiquidValue::Text(value))
    }

    /// The value an expression's head names: a site or page value, or a quoted literal.
    pub(super) fn liquid_head(&self, head: &str) -> Option<String> {
        let base = self.context.base_url.as_str().trim_end_matches('/');
        let value = match head {
            // Site-relative paths already resolve against `base_url`, which holds any base
            // path: `{{ site.url }}{{ site.baseurl }}/x` must not name it twice.
            "site.url" => base.to_string(),
            "site.baseurl" => String::new(),
            "site.title" => self.context.site_title.to_string(),
            _ => {
                if let Some(key) = head.strip_prefix("site.") {
                    self.values().site(key)?.to_string()
                } else if let Some(key) = head.strip_prefix("page.").or_else(|| {
                    let identifier = head
                        .chars()
                        .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'));
                    (self.context.bare_page_values && identifier).then_some(head)
                }) {
                    self.values().page(key)?.to_string()
                } else if head.parse::<f64>().is_ok() || matches!(head, "true" | "false") {
                    head.to_string()
                } else {
                    unquote(head)?.to_string()
                }
            }
        };
        Some(value)
    }

    /// `{% … %}`: a Zola body shortcode `{% name(…) %}`, its `{% end %}`, or a Liquid tag.
    pub(super) fn liquid_tag(&mut self, start: usize) -> Option<usize> {
        let (inner, end) = self.delimited(start + 2, "%}")?;
        let trimmed = inner.trim().trim_matches('-').trim();
        if let Some((name, args)) = zola_call(trimmed) {
            let site_defines = self
                .context
                .zola_shortcodes
                .is_some_and(|shortcodes| shortcodes.kind(name).is_some());
            if site_defines
                && let Some((body, after)) = self.zola_body(end)
                && self.site_shortcode((name, args), Some((body, end)), start)
            {
                return Some(after);
            }
            self.remove(Syntax::Zola, name, start);
            return Some(end);
        }
        let (name, argument) = split_name(trimmed);
        let raw_here = name == "raw" && self.context.raw_blocks;
        if name != "end" && self.context.flavor != Flavor::Liquid && !raw_here {
            return None;
        }
        match name {
            "end" => Some(end),
            "raw" => {
                let (raw, after) = self.until_closing(end, &[("{%", "endraw", "%}")])?;
                self.out.push_str(raw);
                Some(after)
            }
            "comment" => Some(self.until_closing(end, &[("{%", "endcomment", "%}")])?.1),
            "highlight" => {
                let (code, after) = self
                    .until_closing(end, &[("{%", "endhighlight", "%}")])
                    .unwrap_or(("", end));
                let language = argument.split_whitespace().next().unwrap_or_default();
                let language = unquote(language).unwrap_or(language);
                // Liquid runs inside the block: a `{% raw %}` there only marks what to show.
                self.out
                    .push_str(&code_block(language, &unescape_in_code(code)));
                Some(after)
            }
            "assign" => {
                let (name, expression) = argument.split_once('=')?;
                match self.liquid_expression(expression.trim()) {
                    Some(value) => {
                        self.vars.insert(name.trim().to_string(), value);
                    }
                    None => self.remove(Syntax::Liquid, "{% assign %}", start),
                }
                Some(end)
            }
            "if" | "unless" => Some(self.liquid_if(start, end, name, argument)),
            "case" => Some(self.liquid_case(start, end, argument)),
            "for" => Some(self.liquid_for(start, end, argument)),
            "capture" => Some(self.liquid_capture(start, end, argument)),
            "elsif" | "else" | "when" => Some(self.past_block_of(start, end)),
            "break" | "continue" => Some(self.loop_control(name, end)),
            "post_url" | "link" => {
                let target = argument.trim();
                let target = unquote(target).unwrap_or(target).to_string();
                self.reference(&target, start);
                Some(end)
            }
            _ if name.starts_with("end") => Some(end),
            _ => {
                self.remove(Syntax::Liquid, &format!("{{% {name} %}}"), start);
                Some(end)
            }
        }
    }
}
