//! The Markdown dialects of the tools, where they differ from what `pulldown-cmark` reads:
//! the text is adjusted before rendering so it renders as the tool renders it.
//!
//! - **Heading attributes**: goldmark (Hugo), kramdown (Jekyll) and Zola take a trailing
//!   `{…}` on a heading as attributes only when it holds `#id`, `.class` and `key=value`
//!   items; `## {verb} {object}` is a heading with that text. `pulldown-cmark` would take any
//!   trailing braces (`<h2 object="">`), so such braces are escaped.
//! - **kramdown attribute lists** (Jekyll): `{: .class}`, `{:target="_blank"}` and
//!   `{::options … /}` style markers are instructions to kramdown, never text; they are
//!   removed outside code.
//! - **MDX** ends an element where its tag closes: Markdown on the next line is Markdown,
//!   where CommonMark would keep it inside the HTML block until a blank line; a blank line
//!   is put after such a closing line.

use std::borrow::Cow;
use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag};

use super::markdown::options;

/// `markdown` adjusted to render as its tool renders it: `kramdown` for Jekyll's dialect,
/// `mdx` for MDX's.
pub(crate) fn as_the_tool_reads(markdown: &str, kramdown: bool, mdx: bool) -> Cow<'_, str> {
    let markdown = match mdx {
        true => elements_closed_at_their_tag(markdown),
        false => Cow::Borrowed(markdown),
    };
    match attributes_as_the_tool_reads(&markdown, kramdown) {
        Cow::Owned(adjusted) => Cow::Owned(adjusted),
        Cow::Borrowed(_) => markdown,
    }
}

/// MDX: a blank line after each line that ends an element (`</div>`, `/>`) when Markdown
/// follows on the next line, outside fenced code.
fn elements_closed_at_their_tag(markdown: &str) -> Cow<'_, str> {
    let lines: Vec<&str> = markdown.split_inclusive('\n').collect();
    let mut fence: Option<&str> = None;
    let mut insert_after = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        let trimmed = line.trim();
        let marker = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m));
        match (fence, marker) {
            (None, Some(marker)) => fence = Some(marker),
            (Some(open), Some(marker)) if open == marker => fence = None,
            _ => {}
        }
        let closes = trimmed.ends_with("/>") || (trimmed.ends_with('>') && trimmed.contains("</"));
        let next = lines.get(index + 1).map(|next| next.trim());
        if fence.is_none()
            && marker.is_none()
            && closes
            && line.ends_with('\n')
            && next.is_some_and(|next| !next.is_empty() && !next.starts_with('<'))
        {
            insert_after.push(index);
        }
    }
    if insert_after.is_empty() {
        return Cow::Borrowed(markdown);
    }
    let mut out = String::with_capacity(markdown.len() + insert_after.len());
    let mut inserts = insert_after.into_iter().peekable();
    for (index, line) in lines.iter().enumerate() {
        out.push_str(line);
        if inserts.next_if_eq(&index).is_some() {
            out.push('\n');
        }
    }
    Cow::Owned(out)
}

/// The heading-attribute and kramdown adjustments.
fn attributes_as_the_tool_reads(markdown: &str, kramdown: bool) -> Cow<'_, str> {
    // Heading attributes end a line, and kramdown's lists start `{:`: most posts have
    // neither, and are spared the parse.
    if !(may_have_heading_braces(markdown) || kramdown && markdown.contains("{:")) {
        return Cow::Borrowed(markdown);
    }
    // Edits as (byte range, replacement), in order and apart.
    let mut edits: Vec<(Range<usize>, &'static str)> = Vec::new();
    let mut code: Vec<Range<usize>> = Vec::new();
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { .. }) => {
                if let Some(brace) = loose_heading_braces(&markdown[range.clone()]) {
                    let at = range.start + brace;
                    edits.push((at..at, "\\"));
                }
            }
            Event::Code(_) | Event::Start(Tag::CodeBlock(_)) => code.push(range),
            _ => {}
        }
    }
    if kramdown {
        edits.extend(
            attribute_lists(markdown)
                .filter(|span| {
                    !code
                        .iter()
                        .any(|c| c.start < span.end && span.start < c.end)
                })
                .map(|span| (span, "")),
        );
        edits.sort_by_key(|(range, _)| range.start);
    }
    if edits.is_empty() {
        return Cow::Borrowed(markdown);
    }
    let mut out = String::with_capacity(markdown.len() + edits.len());
    let mut at = 0;
    for (range, replacement) in edits {
        if range.start < at {
            continue;
        }
        out.push_str(&markdown[at..range.start]);
        out.push_str(replacement);
        at = range.end;
    }
    out.push_str(&markdown[at..]);
    Cow::Owned(out)
}

/// Whether a line could be a heading ending in braces: an ATX heading (`## x {…}`), or a
/// line ending in `}` underlined with `=` or `-` (setext). Code full of `}` lines is spared
/// the parse.
fn may_have_heading_braces(markdown: &str) -> bool {
    let ends_in_brace = |line: &str| {
        let line = line.trim_end().trim_end_matches('#').trim_end();
        line.ends_with('}')
    };
    let underline = |line: &str| {
        let line = line.trim();
        !line.is_empty() && (line.bytes().all(|b| b == b'=') || line.bytes().all(|b| b == b'-'))
    };
    let mut lines = markdown.lines().peekable();
    while let Some(line) = lines.next() {
        let atx = line.trim_start_matches(' ').starts_with('#')
            && line.len() - line.trim_start_matches(' ').len() <= 3;
        if ends_in_brace(line) && (atx || lines.peek().is_some_and(|next| underline(next))) {
            return true;
        }
    }
    false
}

/// Where the `{` of a heading's trailing braces is, in the heading's source, when what they
/// hold is not an attribute list the tools read (`#id`, `.class`, `key=value`).
fn loose_heading_braces(heading: &str) -> Option<usize> {
    let line = heading.lines().next()?.trim_end();
    let line = line.trim_end_matches('#').trim_end();
    let inner = line.strip_suffix('}')?;
    let open = inner.rfind('{')?;
    let items = &inner[open + 1..];
    let is_attribute = |item: &str| {
        let name_ok = |name: &str| {
            !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
        };
        match item.chars().next() {
            Some('#' | '.') => name_ok(&item[1..]),
            _ => item
                .split_once('=')
                .is_some_and(|(key, value)| name_ok(key) && !value.is_empty()),
        }
    };
    let valid = !items.trim().is_empty() && items.split_whitespace().all(is_attribute);
    (!valid).then_some(open)
}

/// The kramdown attribute lists and extensions of `markdown`: `{:` … `}` on one line, and
/// `{::name … /}` markers.
fn attribute_lists(markdown: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    markdown.match_indices("{:").filter_map(|(at, _)| {
        let rest = &markdown[at..];
        let end = rest.find(['}', '\n'])?;
        (rest.as_bytes()[end] == b'}').then(|| at..at + end + 1)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_braces_are_attributes_only_when_they_read_as_such() {
        assert_eq!(
            as_the_tool_reads("## {verb} {object}\n", false, false),
            "## {verb} \\{object}\n"
        );
        for kept in [
            "## Title {#custom-id}\n",
            "## Title {.note #x data-level=2}\n",
            "Text {with} braces\n",
            "```\n## {a} {b}\n```\n",
        ] {
            assert_eq!(as_the_tool_reads(kept, false, false), kept);
        }
        assert_eq!(
            as_the_tool_reads("# Set {x: 1} ##\n", false, false),
            "# Set \\{x: 1} ##\n"
        );
    }

    #[test]
    fn setext_headings_and_jekyll_folders() {
        assert_eq!(
            as_the_tool_reads("Set {x: 1}\n===\n", false, false),
            "Set \\{x: 1}\n===\n"
        );
        let code = "```\nfn main() {\n}\n```\n";
        assert!(!may_have_heading_braces(code));
    }

    #[test]
    fn kramdown_attribute_lists_are_instructions_not_text() {
        assert_eq!(
            as_the_tool_reads(
                "A paragraph.\n{: .lead}\n\n[link](/x){:target=\"_blank\"} and `{: kept}`\n",
                true,
                false
            ),
            "A paragraph.\n\n\n[link](/x) and `{: kept}`\n"
        );
        assert_eq!(
            as_the_tool_reads(
                "{::options parse_block_html=\"true\" /}\nText\n",
                true,
                false
            ),
            "\nText\n"
        );
        // Elsewhere `{:` is text.
        assert_eq!(as_the_tool_reads("a {: b}\n", false, true), "a {: b}\n");
        assert_eq!(as_the_tool_reads("a {: b}\n", false, false), "a {: b}\n");
    }

    #[test]
    fn mdx_elements_end_at_their_closing_tag() {
        assert_eq!(
            as_the_tool_reads(
                "<div align=\"center\">\n  <img src=\"/a.png\" />\n</div>\n**Bold** after.\n",
                false,
                true
            ),
            "<div align=\"center\">\n  <img src=\"/a.png\" />\n</div>\n\n**Bold** after.\n"
        );
        let fenced = "```html\n<br/>\ntext\n```\n";
        assert_eq!(as_the_tool_reads(fenced, false, true), fenced);
        assert_eq!(
            as_the_tool_reads("<br/>\ntext\n", false, false),
            "<br/>\ntext\n",
            "CommonMark posts keep CommonMark's rule"
        );
    }
}
