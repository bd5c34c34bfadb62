//! A post body made into a template the Liquid engine reads, in one pass over its tags and
//! outputs: the liquid crate refuses a whole template for one tag or filter it does not
//! know, where Jekyll (with a plugin missing) would fail only there. Each piece is checked
//! on its own; what the engine cannot run is taken out alone and named: a plugin's tag (a
//! block one with its end tag, its inner content kept), a filter it does not have (the
//! output keeps the rest of its filters), an output or tag that does not parse. References
//! (`post_url`, `link`) become their URL here, at their place. Every loop gets the tag that
//! counts its passes; a range whose bounds are written out is checked against the budget.
//! Code the tool leaves as written is kept from Liquid with `{% raw %}`.

use std::ops::Range;

use super::tags::{LOOP_BUDGET, TICK};

/// How deep Liquid lets blocks nest: past it, Liquid stops with "Nesting too deep".
const MAX_NESTING: usize = 100;

/// The most parts (`and`, `or`, `.`) a tag or output may join: the engine reads them by
/// recursion, each part a step deeper.
const MAX_PARTS: usize = 10_000;

/// How many parts `markup` joins.
fn parts_of(markup: &str) -> usize {
    markup.matches(" and ").count() + markup.matches(" or ").count() + markup.matches('.').count()
}

/// The tags that stand between a block's start and end (they are not tags of their own).
const BRANCHES: [&str; 3] = ["elsif", "else", "when"];

/// What the pass made of a body.
#[derive(Debug, Default)]
pub(crate) struct Cleaned {
    /// The template.
    pub(crate) text: String,
    /// What was taken out, with its byte offset in the body.
    pub(crate) removed: Vec<(String, usize)>,
    /// Why the body's Liquid cannot run at all (it never closes a block, it nests past
    /// Liquid's limit), with the offset: the body is then published with its tags removed.
    pub(crate) unrunnable: Option<(String, usize)>,
    /// A loop over a written range past the budget: the build stops there.
    pub(crate) runaway: Option<(String, usize)>,
    /// Where the first tag or output is (for an error of the render as a whole).
    pub(crate) first: Option<usize>,
    /// What was taken out because the render failed on it, with why and its offset.
    pub(crate) failed: Vec<(String, String, usize)>,
}

/// Why `markup` failed a render before, if it holds what did.
fn failing<'r>(rules: &'r Rules<'_>, markup: &str) -> Option<&'r str> {
    rules
        .failing
        .iter()
        .find(|(needle, _)| markup.contains(needle.as_str()))
        .map(|(_, why)| why.as_str())
}

/// How the pass handles what it meets.
pub(crate) struct Rules<'r> {
    /// Whether Liquid runs over code spans and blocks (Jekyll, Eleventy) or leaves them.
    pub(crate) code: &'r [Range<usize>],
    /// What the engine has.
    pub(crate) vocabulary: &'r super::Vocabulary,
    /// Whether a piece of template parses (on its own, its block closed).
    pub(crate) parses: &'r dyn Fn(&str) -> bool,
    /// Whether the site has the include file `name`.
    pub(crate) has_include: &'r dyn Fn(&str) -> bool,
    /// The text a reference (`post_url`, `link`) to `target` at `offset` becomes, given
    /// what the template holds so far.
    pub(crate) reference: &'r mut dyn FnMut(&str, usize, &str) -> String,
    /// Remove every tag and output, keeping the text: the body's Liquid cannot run.
    pub(crate) strip: bool,
    /// What a render failed on before, each with why: an output or `assign` whose markup
    /// holds one is taken out, so the render is tried again without it.
    pub(crate) failing: &'r [(String, String)],
}

/// An open block: its name, where it opened, and whether it was kept.
struct Open {
    name: String,
    at: usize,
    kept: bool,
    /// A block of Liquid's own that cannot run (its condition does not parse, it joins too
    /// many parts): where the template stood when it opened, cut back to at its end, so that
    /// what an author hid behind a condition is never published by a guess.
    hidden_from: Option<usize>,
}

/// Makes `body` a template by `rules`.
pub(crate) fn clean(body: &str, rules: &mut Rules<'_>) -> Cleaned {
    let mut cleaned = Cleaned {
        text: String::with_capacity(body.len() + body.len() / 8),
        ..Cleaned::default()
    };
    // The end tags the body holds, so an unknown tag with one is known for a block.
    let ends: std::collections::HashSet<String> = body
        .match_indices("{%")
        .filter_map(|(at, _)| {
            let inner = body[at + 2..].trim_start_matches('-').trim_start();
            let name: String = inner
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            name.strip_prefix("end").map(str::to_string)
        })
        .collect();
    let mut open: Vec<Open> = Vec::new();
    let mut unclosed_from: [Option<(usize, usize)>; 2] = [None, None];
    let end_tags = EndTags::of(body);
    let mut next_code = 0;
    let mut at = 0;
    while at < body.len() {
        if let Some(code) = rules.code.get(next_code).cloned()
            && code.start <= at
        {
            next_code += 1;
            if code.end > at {
                keep_as_written(&mut cleaned.text, &unescape_in_code(&body[at..code.end]));
                at = code.end;
            }
            continue;
        }
        let limit = rules
            .code
            .get(next_code)
            .map_or(body.len(), |code| code.start);
        let Some(found) = find_open(&body[at..limit]) else {
            cleaned.text.push_str(&body[at..limit]);
            at = limit;
            continue;
        };
        let start = at + found;
        cleaned.text.push_str(&body[at..start]);
        cleaned.first.get_or_insert(start);
        let output = body[start..].starts_with("{{");
        let close = if output { "}}" } else { "%}" };
        // Where no `close` was found up to `limit` from: no later opening there has one
        // either, so none is looked for twice (a post of unclosed `{{` stays linear).
        let unclosed = &mut unclosed_from[usize::from(output)];
        let found = match *unclosed {
            Some((from, until)) if until == limit && start >= from => None,
            _ => body[start + 2..limit]
                .find(close)
                .map(|i| start + 2 + i + 2),
        };
        let Some(end) = found else {
            *unclosed = Some((start, limit));
            // Never closed: text, as Jekyll shows it.
            keep_as_written(&mut cleaned.text, &body[start..start + 2]);
            at = start + 2;
            continue;
        };
        let inner = body[start + 2..end - 2].trim().trim_matches('-').trim();
        at = match output {
            true => {
                clean_output(&mut cleaned, rules, (inner, start));
                end
            }
            false => clean_tag(
                &mut cleaned,
                rules,
                (body, start, end),
                (&mut open, &ends, &end_tags),
            ),
        };
        if cleaned.unrunnable.is_some() {
            return cleaned;
        }
    }
    if let Some(unclosed) = open.iter().find(|block| block.kept) {
        cleaned.unrunnable = Some((
            format!("`{{% {} %}}` is never closed", unclosed.name),
            unclosed.at,
        ));
    }
    cleaned
}

/// Where the next `{{` or `{%` is.
fn find_open(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    (0..bytes.len().saturating_sub(1))
        .find(|&i| bytes[i] == b'{' && matches!(bytes[i + 1], b'{' | b'%'))
}

/// `text` into the template as it is written, Liquid or not.
fn keep_as_written(template: &mut String, text: &str) {
    match text.contains("{{") || text.contains("{%") {
        false => template.push_str(text),
        true if !text.contains("endraw") => {
            template.push_str("{% raw %}");
            template.push_str(text);
            template.push_str("{% endraw %}");
        }
        // It holds `endraw` itself: each brace stands alone.
        true => {
            for piece in text.split_inclusive('{') {
                match piece.strip_suffix('{') {
                    Some(before) => {
                        template.push_str(before);
                        template.push_str("{{ '{' }}");
                    }
                    None => template.push_str(piece),
                }
            }
        }
    }
}

/// `{{ … }}`: kept with only the filters the engine has, if it then parses.
fn clean_output(cleaned: &mut Cleaned, rules: &mut Rules<'_>, (inner, start): (&str, usize)) {
    if rules.strip {
        return;
    }
    if parts_of(inner) > MAX_PARTS {
        cleaned
            .removed
            .push((format!("{{{{ … }}}} of over {MAX_PARTS} parts"), start));
        return;
    }
    if let Some(why) = failing(rules, inner) {
        let name = inner.split(['|', ' ']).next().unwrap_or_default();
        let why = why.to_string();
        cleaned
            .failed
            .push((format!("{{{{ {name} }}}}"), why, start));
        return;
    }
    let kept = keep_known_filters(cleaned, rules, inner, start);
    let piece = format!("{{{{ {kept} }}}}");
    match (rules.parses)(&piece) {
        true => cleaned.text.push_str(&piece),
        false => {
            let name = inner.split(['|', ' ']).next().unwrap_or_default();
            cleaned.removed.push((format!("{{{{ {name} }}}}"), start));
        }
    }
}

/// `markup` with the filters the engine does not have taken out, each named.
fn keep_known_filters(
    cleaned: &mut Cleaned,
    rules: &Rules<'_>,
    markup: &str,
    start: usize,
) -> String {
    let mut parts = crate::text::split_outside_quotes(markup, '|', &['"', '\'']).into_iter();
    let mut kept = parts.next().unwrap_or_default().trim_end().to_string();
    for filter in parts {
        let name = filter.split(':').next().unwrap_or_default().trim();
        match rules.vocabulary.has_filter(name) {
            true => {
                kept.push_str(" |");
                kept.push_str(filter.trim_end());
            }
            false => cleaned.removed.push((format!("| {name}"), start)),
        }
    }
    kept
}

/// `{% raw %}` or `{% comment %}` at `start..end` with all it holds to its end tag: what is
/// written there is not Liquid (when stripping, a raw block's text stays, a comment goes).
fn verbatim(
    cleaned: &mut Cleaned,
    strip: bool,
    (body, start, end): (&str, usize, usize),
    (name, end_tags): (&str, &EndTags),
) -> usize {
    let Some((close_start, close_end)) = end_tags.after(&format!("end{name}"), end) else {
        keep_as_written(&mut cleaned.text, &body[start..start + 2]);
        return start + 2;
    };
    if !strip {
        cleaned.text.push_str(&body[start..close_end]);
    } else if name == "raw" {
        cleaned.text.push_str(&body[end..close_start]);
    }
    close_end
}

/// `{% … %}`: kept, taken out, or made a reference's URL; returns where the pass goes on.
fn clean_tag(
    cleaned: &mut Cleaned,
    rules: &mut Rules<'_>,
    (body, start, end): (&str, usize, usize),
    (open, ends, end_tags): (&mut Vec<Open>, &std::collections::HashSet<String>, &EndTags),
) -> usize {
    let inner = body[start + 2..end - 2].trim().trim_matches('-').trim();
    let (name, argument) = match inner.split_once(char::is_whitespace) {
        Some((name, argument)) => (name, argument.trim()),
        None => (inner, ""),
    };
    if matches!(name, "raw" | "comment") {
        return verbatim(cleaned, rules.strip, (body, start, end), (name, end_tags));
    }
    if rules.strip {
        return end;
    }
    if matches!(name, "post_url" | "link") {
        let target = argument.trim_matches(['"', '\'']);
        let text = (rules.reference)(target, start, &cleaned.text);
        keep_as_written(&mut cleaned.text, &text);
        return end;
    }
    if let Some(block) = name.strip_prefix("end") {
        match open.iter().rposition(|opened| opened.name == block) {
            Some(at) => {
                let closed = open.remove(at);
                if let Some(from) = closed.hidden_from {
                    cleaned.text.truncate(from);
                } else if closed.kept {
                    cleaned.text.push_str(&body[start..end]);
                }
            }
            None => cleaned.removed.push((format!("{{% {name} %}}"), start)),
        }
        return end;
    }
    if name == "assign"
        && let Some(why) = failing(rules, argument)
    {
        let why = why.to_string();
        cleaned
            .failed
            .push(("{% assign %}".to_string(), why, start));
        return end;
    }
    let known_block = rules.vocabulary.has_block(name);
    // An include that is not there is taken out alone (a name made by Liquid is read when
    // the post renders).
    let missing_include = name == "include" && {
        let file = argument.split_whitespace().next().unwrap_or_default();
        let file = file.trim_matches(['"', '\'']);
        !file.contains("{{") && !(rules.has_include)(file)
    };
    let known_tag = rules.vocabulary.has_tag(name) || BRANCHES.contains(&name);
    let unknown = missing_include || (!known_block && !known_tag);
    let too_long = !unknown && parts_of(inner) > MAX_PARTS;
    if unknown || too_long {
        let what = match too_long {
            true => format!("{{% {name} %}} of over {MAX_PARTS} parts"),
            false => format!("{{% {name} %}}"),
        };
        cleaned.removed.push((what, start));
        // Its end tag goes with it; what a plugin's block holds stays, what a condition or
        // loop of Liquid's own holds goes.
        if (unknown && ends.contains(name)) || (too_long && known_block) {
            open.push(Open {
                name: name.to_string(),
                at: start,
                kept: false,
                hidden_from: (too_long && known_block).then_some(cleaned.text.len()),
            });
        }
        return end;
    }
    let markup = keep_known_filters(cleaned, rules, inner, start);
    let markup = match name {
        "for" | "tablerow" => match bounded_range(&markup) {
            Ok(markup) => markup,
            Err(why) => {
                cleaned.runaway.get_or_insert((why, start));
                return end;
            }
        },
        _ => markup,
    };
    keep_tag(cleaned, rules, open, (name, &markup, known_block), start);
    end
}

/// A known tag, as `markup`, kept if it parses (a block's opening with its end), else
/// taken out; a block's opening goes on the stack of open blocks either way.
fn keep_tag(
    cleaned: &mut Cleaned,
    rules: &Rules<'_>,
    open: &mut Vec<Open>,
    (name, markup, known_block): (&str, &str, bool),
    start: usize,
) {
    let piece = format!("{{% {markup} %}}");
    let branch = matches!(name, "elsif" | "else" | "when" | "break" | "continue");
    let parses = branch
        || match known_block {
            true => (rules.parses)(&format!("{piece}{{% end{name} %}}")),
            false => (rules.parses)(&piece),
        };
    if known_block {
        if open.len() >= MAX_NESTING {
            cleaned.unrunnable = Some((
                format!("its blocks are nested over {MAX_NESTING} deep, past what Liquid allows"),
                start,
            ));
            return;
        }
        open.push(Open {
            name: name.to_string(),
            at: start,
            kept: parses,
            hidden_from: (!parses).then_some(cleaned.text.len()),
        });
    }
    match parses {
        true => {
            cleaned.text.push_str(&piece);
            if matches!(name, "for" | "tablerow") {
                cleaned.text.push_str(&format!("{{% {TICK} %}}"));
            }
        }
        false => cleaned.removed.push((format!("{{% {name} %}}"), start)),
    }
}

/// Every `{% endraw %}` and `{% endcomment %}` of a body, found in one pass: where each
/// starts and ends, in order, so that finding the one after a tag is a search, not a scan
/// (a post of unclosed `{% raw %}`s stays linear).
struct EndTags {
    endraw: Vec<(usize, usize)>,
    endcomment: Vec<(usize, usize)>,
}

impl EndTags {
    fn of(body: &str) -> EndTags {
        let mut tags = EndTags {
            endraw: Vec::new(),
            endcomment: Vec::new(),
        };
        let mut at = 0;
        while let Some(found) = body[at..].find("{%") {
            let start = at + found;
            let Some(close) = body[start + 2..].find("%}").map(|i| start + 2 + i + 2) else {
                break;
            };
            let inner = body[start + 2..close - 2].trim().trim_matches('-').trim();
            match inner {
                "endraw" => tags.endraw.push((start, close)),
                "endcomment" => tags.endcomment.push((start, close)),
                _ => {}
            }
            at = close;
        }
        tags
    }

    /// The first `name` tag starting at or after `from`.
    fn after(&self, name: &str, from: usize) -> Option<(usize, usize)> {
        let tags = match name {
            "endraw" => &self.endraw,
            _ => &self.endcomment,
        };
        tags.get(tags.partition_point(|(start, _)| *start < from))
            .copied()
    }
}

/// A loop's markup with its range bounded: written bounds past the budget are refused, a
/// bound from a variable is held to the budget (past it, the loop would be stopped anyway).
fn bounded_range(markup: &str) -> Result<String, String> {
    let (Some(open), Some(close)) = (markup.find('('), markup.find(')')) else {
        return Ok(markup.to_string());
    };
    let Some((low, high)) = markup[open + 1..close].split_once("..") else {
        return Ok(markup.to_string());
    };
    let (low, high) = (low.trim(), high.trim());
    if let (Ok(a), Ok(b)) = (low.parse::<i64>(), high.parse::<i64>()) {
        let passes = b.saturating_sub(a).saturating_add(1);
        return match passes > LOOP_BUDGET as i64 {
            true => Err(format!(
                "`({low}..{high})` loops {passes} times, past the {LOOP_BUDGET} passes a post's loops may make"
            )),
            false => Ok(markup.to_string()),
        };
    }
    // The bounds a variable gives are read in; the loop's tick stops it past the budget.
    Ok(markup.to_string())
}

/// Code as a tool that leaves it alone shows it: the escapes the tools document for
/// showing their own syntax undone (`{{</* x */>}}`, `{{/* x */}}`), `{% raw %}` markers gone.
pub(crate) fn unescape_in_code(code: &str) -> std::borrow::Cow<'_, str> {
    if !(code.contains("/*") || code.contains("raw")) {
        return std::borrow::Cow::Borrowed(code);
    }
    let mut text = code.to_string();
    for (from, to) in [
        ("{{</*", "{{<"),
        ("*/>}}", ">}}"),
        ("{{%/*", "{{%"),
        ("*/%}}", "%}}"),
        ("{{/*", "{{"),
        ("*/}}", "}}"),
    ] {
        text = text.replace(from, to);
    }
    for tag in ["{% raw %}", "{% endraw %}", "{%- raw -%}", "{%- endraw -%}"] {
        text = text.replace(tag, "");
    }
    std::borrow::Cow::Owned(text)
}
