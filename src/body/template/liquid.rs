//! Liquid in a post (Jekyll, Eleventy, and a post of no known tool read as Liquid), run by
//! the site's engine ([`crate::profile::LiquidSite`]): this module gives it the post — its
//! front matter as `page`, the code the tool leaves as written, how a reference becomes a
//! URL — and turns what it made back into an expansion, each piece it took out at its line.
//! It also reads the `{{ … }}` and `{% … %}` of Zola's shortcodes, which share Liquid's
//! delimiters.

use super::*;

/// Expands the Liquid of `body` with the site's engine.
pub(super) fn expand_liquid<'a>(body: &'a str, context: &Context<'_>) -> Expanded<'a> {
    let Some(site) = context.liquid_site else {
        return Expanded {
            text: Cow::Borrowed(body),
            ..Expanded::default()
        };
    };
    let code = match context.liquid_in_code {
        true => Vec::new(),
        false => code_ranges(body),
    };
    let mut references = Vec::new();
    let mut reference = |target: &str, at: usize, so_far: &str| {
        references.push((target.to_string(), at));
        match (context.link)(target) {
            Some(url) => url,
            // As a link's destination, marked, so the link becomes its text alone; in prose,
            // the target as written.
            None if ends_at_link_destination(so_far) => {
                format!("{}{target}", crate::links::UNRESOLVED)
            }
            None => target.to_string(),
        }
    };
    let mut page = crate::profile::page_data(context.page_values);
    page.insert("url", text_data(context.permalink));
    page.insert("path", text_data(context.page_place.site_path));
    // Jekyll always has `page.date`: the front matter's, else the file name's.
    page.insert("date", text_data(context.page_place.date));
    let rendered = site.render(
        body,
        (context.base_url.as_str(), context.site_title),
        crate::profile::PostSide {
            page,
            code: &code,
            reference: &mut reference,
        },
    );
    let mut removed: Vec<(Unexpanded, String, usize)> = rendered
        .removed
        .into_iter()
        .map(|(name, at)| (Unexpanded::Unknown(Syntax::Liquid), name, at))
        .collect();
    for (name, why, at) in rendered.failed {
        removed.push((
            Unexpanded::Unrendered(Syntax::Liquid),
            format!("{name}\n{why}"),
            at,
        ));
    }
    // A render tried again resolves each reference again: each is said once.
    references.sort();
    references.dedup();
    references.sort_by_key(|(_, at)| *at);
    if let Some((why, at)) = rendered.not_run {
        removed.push((
            Unexpanded::Unrendered(Syntax::Liquid),
            format!("this post's Liquid\n{why}; published without its tags and outputs"),
            at,
        ));
    }
    Expanded {
        text: Cow::Owned(rendered.text),
        removed,
        references,
        fatal: rendered.runaway,
        ..Expanded::default()
    }
}

fn text_data(text: &str) -> crate::profile::Data {
    crate::profile::Data::Scalar(liquid_core::Value::scalar(text.to_string()))
}

/// Whether `so_far` ends where a link's destination starts: in Markdown `[text](` or a
/// definition's `]: `, in HTML `href="` or `src="`.
pub(super) fn ends_at_link_destination(so_far: &str) -> bool {
    // The last few bytes only: a post with thousands of references stays linear.
    let mut from = so_far.len().saturating_sub(16);
    while !so_far.is_char_boundary(from) {
        from += 1;
    }
    let tail = &so_far[from..];
    let before = tail.trim_end_matches([' ', '<']);
    let quoted = tail.trim_end_matches(['"', '\'']);
    let attribute = |name: &str| {
        quoted.len() < tail.len()
            && quoted
                .len()
                .checked_sub(name.len())
                .and_then(|at| quoted.get(at..))
                .is_some_and(|end| end.eq_ignore_ascii_case(name))
    };
    before.ends_with("](")
        || (before.ends_with("]:") && tail.ends_with(' '))
        || attribute("href=")
        || attribute("src=")
}

impl<'a> Expander<'a, '_> {
    /// `{{ … }}`: a Zola inline shortcode `{{ name(…) }}` or Zola's `{{/* … */}}` escape.
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
        let (name, args) = zola_call(trimmed)?;
        if self.site_shortcode((name, args), None, start) {
            return Some(end);
        }
        let args = Args::zola(args);
        match builtin(name, &args, self.values()) {
            Some(Builtin::Html(html)) => self.out.push_str(&html),
            Some(Builtin::Reference(target)) => self.reference(&target, start),
            None => {
                // Its `body` is Markdown the shortcode shows (a note, a callout): kept, as
                // an unknown shortcode's inner content is.
                if let Some(body) = args.get("body", usize::MAX) {
                    let _ = write!(self.out, "\n\n{}\n\n", body.trim());
                }
                self.remove(Syntax::Zola, name, start);
            }
        }
        Some(end)
    }

    /// `{% … %}`: a Zola body shortcode `{% name(…) %}`, its `{% end %}`, or (where the
    /// profile says, Zola) `{% raw %}…{% endraw %}` showing what it holds as written.
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
        match split_name(trimmed).0 {
            "end" => Some(end),
            "raw" if self.context.raw_blocks => {
                let (raw, after) = self.until_closing(end, &[("{%", "endraw", "%}")])?;
                self.out.push_str(raw);
                Some(after)
            }
            _ => None,
        }
    }
}
