//! Liquid, as Jekyll runs it over a post before Markdown: outputs (`{{ page.x | filter }}`)
//! and tags (`{% raw %}`, `{% highlight %}`, `{% post_url %}`, `{% link %}`, unknown ones).

use super::*;

impl<'a> Expander<'a, '_> {
    /// `{{ … }}`: a Zola inline shortcode `{{ name(…) }}`, Zola's `{{/* … */}}` escape, or a
    /// Liquid output such as `{{ site.url }}` or `{{ "/x" | relative_url }}`.
    pub(super) fn output(&mut self, start: usize) -> Option<usize> {
        let (inner, end) = match delimited(&self.body[..self.limit], start + 2, "}}") {
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
            let args = Args::zola(args);
            match builtin(name, &args, self.context) {
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
    fn liquid_variable(&self, name: &str) -> Option<LiquidValue> {
        if let Some((_, value)) = self.vars.iter().rev().find(|(known, _)| known == name) {
            return Some(value.clone());
        }
        let key = name.strip_prefix("page.")?;
        let items: Vec<String> = (0..)
            .map_while(|index| {
                let item = format!("{key}.{index}");
                self.context
                    .page_values
                    .iter()
                    .find(|(known, _)| *known == item)
                    .map(|(_, value)| value.clone())
            })
            .collect();
        (!items.is_empty()).then(|| LiquidValue::List(items.into()))
    }

    /// A Liquid expression with its filters: text, or a list (`split`).
    fn liquid_expression(&self, expression: &str) -> Option<LiquidValue> {
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
                // Jekyll's default mode: lower case, every run of other characters one `-`.
                "slugify" => {
                    crate::taxonomy::hyphenated(&value.to_lowercase(), char::is_alphanumeric)
                }
                _ => value,
            };
        }
        Some(LiquidValue::Text(value))
    }

    /// The value an expression's head names: a site or page value, or a quoted literal.
    fn liquid_head(&self, head: &str) -> Option<String> {
        let base = self.context.base_url.as_str().trim_end_matches('/');
        let value = match head {
            // Site-relative paths already resolve against `base_url`, which holds any base
            // path: `{{ site.url }}{{ site.baseurl }}/x` must not name it twice.
            "site.url" => base.to_string(),
            "site.baseurl" => String::new(),
            "site.title" => self.context.site_title.to_string(),
            _ => {
                if let Some(key) = head.strip_prefix("site.") {
                    self.context.site_values.get(key)?.to_string()
                } else if let Some(key) = head.strip_prefix("page.").or_else(|| {
                    let identifier = head
                        .chars()
                        .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'));
                    (self.context.bare_page_values && identifier).then_some(head)
                }) {
                    self.context
                        .page_values
                        .iter()
                        .find(|(name, _)| name == key)
                        .map(|(_, value)| value.clone())?
                } else {
                    unquote(head)?.to_string()
                }
            }
        };
        Some(value)
    }

    /// `{% for x in list %}…{% endfor %}` over a list Liquid can name here (an `assign`ed
    /// `split`, a front-matter list): its body once per item, expanded with `x` bound.
    /// Any other loop is reported, its body kept once, as other block tags are.
    fn for_loop(&mut self, start: usize, end: usize, argument: &str) -> usize {
        let items = argument.split_once(" in ").and_then(|(name, list)| {
            let list = list.split_whitespace().next()?;
            match self.liquid_variable(list)? {
                LiquidValue::List(items) => Some((name.trim().to_string(), items)),
                LiquidValue::Text(_) => None,
            }
        });
        let body = self.until_closing(end, &[("{%", "endfor", "%}")]);
        let (Some((name, items)), Some((inner, after))) = (items, body) else {
            self.remove(Syntax::Liquid, "{% for %}", start);
            return end;
        };
        // A loop writes at most a few times the post's own size: a list split from a long
        // string would otherwise make one post hundreds of megabytes.
        let budget = self.out.len() + 4 * self.body.len().max(1 << 16);
        for item in items.iter() {
            if self.out.len() > budget {
                self.remove(
                    Syntax::Liquid,
                    "{% for %} (stopped: its output grew past 4 times the post)",
                    start,
                );
                break;
            }
            let mut vars = self.vars.clone();
            vars.push((name.clone(), LiquidValue::Text(item.clone())));
            let mut sub = Expander::new(inner, self.context, vars);
            sub.run();
            self.out.push_str(&sub.out);
            let shift = |at: usize| end + at;
            self.removed
                .extend(sub.removed.into_iter().map(|(s, n, at)| (s, n, shift(at))));
            self.references
                .extend(sub.references.into_iter().map(|(t, at)| (t, shift(at))));
        }
        after
    }

    /// `{% … %}`: a Zola body shortcode `{% name(…) %}`, its `{% end %}`, or a Liquid tag.
    pub(super) fn liquid_tag(&mut self, start: usize) -> Option<usize> {
        let (inner, end) = delimited(&self.body[..self.limit], start + 2, "%}")?;
        let trimmed = inner.trim().trim_matches('-').trim();
        if let Some((name, _)) = zola_call(trimmed) {
            self.remove(Syntax::Zola, name, start);
            return Some(end);
        }
        let (name, argument) = split_name(trimmed);
        if name != "end" && self.context.flavor != Flavor::Liquid {
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
                    Some(value) => self.vars.push((name.trim().to_string(), value)),
                    None => self.remove(Syntax::Liquid, "{% assign %}", start),
                }
                Some(end)
            }
            "for" => Some(self.for_loop(start, end, argument)),
            "post_url" | "link" => {
                let target = argument.trim();
                let target = unquote(target).unwrap_or(target).to_string();
                self.reference(&target, start);
                Some(end)
            }
            // Parts of a block whose opening tag is reported.
            "else" | "elsif" | "when" | "break" | "continue" => Some(end),
            _ if name.starts_with("end") => Some(end),
            _ => {
                self.remove(Syntax::Liquid, &format!("{{% {name} %}}"), start);
                Some(end)
            }
        }
    }
}
