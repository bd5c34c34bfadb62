//! Markdown to HTML with `pulldown-cmark`: tables, footnotes, strikethrough, task lists and
//! heading attributes on; raw HTML passes through.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};

use crate::html::UrlBase;

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders `markdown` to HTML. Footnote ids are prefixed with `id_prefix` (the post's slug)
/// because many posts share one feed document and their `#fn-1` anchors would collide.
pub fn to_html(markdown: &str, id_prefix: &str) -> String {
    let prefixed =
        |label: CowStr<'_>| -> CowStr<'static> { CowStr::from(format!("{id_prefix}-{label}")) };
    let events = Parser::new_ext(markdown, options()).map(|event| match event {
        Event::FootnoteReference(label) => Event::FootnoteReference(prefixed(label)),
        Event::Start(Tag::FootnoteDefinition(label)) => {
            Event::Start(Tag::FootnoteDefinition(prefixed(label)))
        }
        other => other,
    });
    let mut html = String::with_capacity(markdown.len() + markdown.len() / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

/// HTML for a post, with the URLs of Markdown links and images already absolute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostHtml {
    /// The HTML.
    pub html: String,
    /// Whether the HTML still holds relative URLs that only an HTML pass can reach: raw HTML
    /// with `href`, `src`, `srcset` or `poster`, or footnote links (`href="#…"`).
    pub needs_url_pass: bool,
}

/// Renders `markdown` like [`to_html`], resolving link and image destinations against `base`
/// on the way: cheaper than rewriting the finished HTML, which is then needed only for
/// raw HTML and footnotes.
pub fn to_html_with_urls(markdown: &str, id_prefix: &str, base: UrlBase<'_>) -> PostHtml {
    let mut needs_url_pass = false;
    let absolute = |url: CowStr<'_>| -> CowStr<'static> {
        match base.resolve(&url) {
            Some(resolved) => CowStr::from(resolved),
            None => CowStr::from(url.into_string()),
        }
    };
    let events = Parser::new_ext(markdown, options()).map(|event| match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: absolute(dest_url),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: absolute(dest_url),
            title,
            id,
        }),
        Event::Html(ref raw) | Event::InlineHtml(ref raw) => {
            let lower = raw.to_ascii_lowercase();
            needs_url_pass |= ["href", "src", "poster"].iter().any(|a| lower.contains(a));
            event
        }
        Event::FootnoteReference(label) => {
            needs_url_pass = true;
            Event::FootnoteReference(CowStr::from(format!("{id_prefix}-{label}")))
        }
        Event::Start(Tag::FootnoteDefinition(label)) => Event::Start(Tag::FootnoteDefinition(
            CowStr::from(format!("{id_prefix}-{label}")),
        )),
        other => other,
    });
    let mut html = String::with_capacity(markdown.len() + markdown.len() / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    PostHtml {
        html,
        needs_url_pass,
    }
}

/// A plain-text excerpt of at most `max_chars` characters, cut at a word boundary: the
/// prose of the post, without code blocks, footnotes or raw HTML. Used as the summary of
/// posts that have no `description` (RSS readers show `description` in their lists).
pub fn excerpt(markdown: &str, max_chars: usize) -> String {
    let mut text = String::new();
    let mut skip_depth = 0usize;
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Start(Tag::CodeBlock(_) | Tag::FootnoteDefinition(_) | Tag::Image { .. }) => {
                skip_depth += 1
            }
            Event::End(TagEnd::CodeBlock | TagEnd::FootnoteDefinition | TagEnd::Image) => {
                skip_depth = skip_depth.saturating_sub(1)
            }
            Event::Text(t) | Event::Code(t) if skip_depth == 0 => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => text.push(' '),
            _ => {}
        }
        if text.len() > max_chars * 4 {
            break;
        }
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut excerpt = String::new();
    for word in words.iter() {
        let added = if excerpt.is_empty() { 0 } else { 1 } + word.chars().count();
        if excerpt.chars().count() + added > max_chars {
            excerpt.push('…');
            return excerpt;
        }
        if !excerpt.is_empty() {
            excerpt.push(' ');
        }
        excerpt.push_str(word);
    }
    excerpt
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_extensions() {
        let html = to_html(
            "| a |\n|---|\n| b |\n\n~~x~~\n\n- [x] done\n\n## H {#h}\n\n<span>raw</span>\n",
            "p",
        );
        assert!(html.contains("<table>"), "{html}");
        assert!(html.contains("<del>x</del>"), "{html}");
        assert!(html.contains("checkbox"), "{html}");
        assert!(html.contains("<h2 id=\"h\">H</h2>"), "{html}");
        assert!(html.contains("<span>raw</span>"), "{html}");
    }

    #[test]
    fn excerpt_is_prose_cut_at_a_word() {
        let md = "# Title\n\nSome *emphasised* `code` text.\n\n```\nskipped()\n```\n\n![alt](/x.png) More words here[^1].\n\n[^1]: Footnote.\n";
        assert_eq!(
            excerpt(md, 200),
            "Title Some emphasised code text. More words here."
        );
        assert_eq!(excerpt(md, 20), "Title Some…");
    }

    #[test]
    fn link_and_image_urls_become_absolute_without_an_html_pass() {
        let site = url::Url::parse("https://e.com/").unwrap();
        let page = url::Url::parse("https://e.com/blog/p/").unwrap();
        let base = UrlBase {
            site: &site,
            page: &page,
        };
        let out = to_html_with_urls(
            "[a](/x) ![i](y.png) <https://o.example/> [m](mailto:a@b.c)",
            "p",
            base,
        );
        assert!(!out.needs_url_pass);
        assert_eq!(
            out.html,
            "<p><a href=\"https://e.com/x\">a</a> <img src=\"https://e.com/blog/p/y.png\" alt=\"i\" /> <a href=\"https://o.example/\">https://o.example/</a> <a href=\"mailto:a@b.c\">m</a></p>\n"
        );
        assert!(to_html_with_urls("<img src=\"a.png\">", "p", base).needs_url_pass);
        assert!(to_html_with_urls("x[^1]\n\n[^1]: n", "p", base).needs_url_pass);
        assert!(!to_html_with_urls("<b>bold</b>", "p", base).needs_url_pass);
    }

    #[test]
    fn footnote_ids_carry_the_prefix() {
        let html = to_html("Text[^1].\n\n[^1]: Note.\n", "my-post");
        assert!(html.contains("href=\"#my-post-1\""), "{html}");
        assert!(html.contains("id=\"my-post-1\""), "{html}");
        assert!(!html.contains("\"#1\""), "{html}");
    }
}
