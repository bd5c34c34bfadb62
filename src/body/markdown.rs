//! Markdown to HTML with `pulldown-cmark`: tables, footnotes, strikethrough, task lists and
//! heading attributes on; raw HTML passes through. Footnote ids are prefixed with the post's
//! slug, because many posts share one feed document and their `#fn-1` anchors would collide.

use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

use crate::links::UrlBase;

/// The Markdown extensions every post is rendered with.
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// HTML for a post, with the URLs of Markdown links and images already absolute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PostHtml {
    /// The HTML.
    pub(crate) html: String,
    /// Whether the HTML still holds relative URLs that only an HTML pass can reach: raw HTML
    /// with `href`, `src`, `srcset` or `poster`, or a footnote label with `&`, `<`, `>` or `"`.
    pub(crate) needs_url_pass: bool,
    /// When one was asked for, a plain-text excerpt: the prose of the post before a
    /// `<!--more-->` line (Hugo, Jekyll, Zola), else cut at a word boundary; without code
    /// blocks, footnotes or raw HTML. It stands in for the summary of
    /// posts that have no `description` (RSS readers show `description` in their lists).
    pub(crate) excerpt: Option<String>,
}

/// Renders `markdown` to HTML with footnote ids prefixed by `id_prefix` (the post's slug),
/// resolving link and image destinations against `base` on the way: cheaper than rewriting
/// the finished HTML, which is then needed only for raw HTML with URLs in it. With `excerpt_chars`, also takes the post's excerpt from the
/// same parse: everything before `<!--more-->`, else at most that many characters.
pub(crate) fn to_html_with_urls(
    markdown: &str,
    id_prefix: &str,
    base: UrlBase<'_>,
    excerpt_chars: Option<usize>,
) -> PostHtml {
    render(markdown, id_prefix, base, excerpt_chars, None)
}

/// The HTML of a post written in HTML (an Eleventy template that is not Markdown): as it is,
/// its URLs left to the HTML pass; with `excerpt_chars`, its text before `<!--more-->`, else
/// cut at a word boundary, as a Markdown post's; its images appended to `images`.
pub(crate) fn html_post(
    html: &str,
    excerpt_chars: Option<usize>,
    images: Option<&mut Vec<String>>,
) -> PostHtml {
    let excerpt = excerpt_chars.map(|max| {
        let marker = html
            .match_indices('<')
            .map(|(at, _)| at)
            .find(|&at| is_more_marker(&html[at..]));
        let mut excerpt = ExcerptText::new(max, marker.is_some());
        excerpt.see(&Event::Html(html[..marker.unwrap_or(html.len())].into()));
        if marker.is_some() {
            excerpt.see(&Event::Html("<!--more-->".into()));
        }
        excerpt.finish()
    });
    if let Some(images) = images {
        crate::body::html::img_sources(html, images);
    }
    PostHtml {
        html: html.to_owned(),
        needs_url_pass: true,
        excerpt,
    }
}

/// [`to_html_with_urls`], also appending to `images` the post's images as
/// [`image_sources`] finds them, from the same parse: a post rendered for a feed is not
/// parsed again for the sitemap.
pub(crate) fn to_html_with_urls_and_images(
    markdown: &str,
    id_prefix: &str,
    base: UrlBase<'_>,
    excerpt_chars: Option<usize>,
    images: &mut Vec<String>,
) -> PostHtml {
    render(markdown, id_prefix, base, excerpt_chars, Some(images))
}

fn render(
    markdown: &str,
    id_prefix: &str,
    base: UrlBase<'_>,
    excerpt_chars: Option<usize>,
    mut images: Option<&mut Vec<String>>,
) -> PostHtml {
    // Raw HTML comes as whole tags and whole lines: joined, it parses as one document,
    // whose images follow the Markdown ones (as `image_sources` has them).
    let mut raw_html = String::new();
    let mut excerpt = excerpt_chars.map(|max| ExcerptText::new(max, has_more_marker(markdown)));
    let mut rewrite = EventUrls {
        base,
        id_prefix,
        needs_url_pass: false,
        has_footnotes: false,
        self_closed: false,
        in_dropped_link: false,
    };
    let events = Parser::new_ext(markdown, options())
        .inspect(|event| {
            if let Some(excerpt) = excerpt.as_mut() {
                excerpt.see(event);
            }
            if let Some(images) = images.as_mut() {
                match event {
                    Event::Start(Tag::Image { dest_url, .. })
                        if !dest_url.starts_with(crate::links::UNRESOLVED) =>
                    {
                        images.push(dest_url.to_string())
                    }
                    Event::Html(raw) | Event::InlineHtml(raw) => raw_html.push_str(raw),
                    _ => {}
                }
            }
        })
        .map(|event| rewrite.event(event));
    let mut html = String::with_capacity(markdown.len() + markdown.len() / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    if rewrite.self_closed
        && let std::borrow::Cow::Owned(closed) = super::self_closed::close(&html)
    {
        html = closed;
    }
    if let Some(images) = images
        && crate::text::contains_ascii_ignore_case(&raw_html, "<img")
    {
        crate::body::html::img_sources(&raw_html, images);
    }
    if rewrite.has_footnotes && !rewrite.needs_url_pass {
        html = absolutize_footnote_links(&html, base);
    }
    PostHtml {
        html,
        needs_url_pass: rewrite.needs_url_pass,
        excerpt: excerpt.map(ExcerptText::finish),
    }
}

/// The rewriting of a post's events as they stream to the HTML writer: link and image
/// URLs made absolute, footnote labels made the post's own, and what is left to the HTML
/// pass noted.
struct EventUrls<'b> {
    base: UrlBase<'b>,
    /// Prefixed to footnote labels, so two posts in one feed keep theirs apart.
    id_prefix: &'b str,
    /// Raw HTML with URLs (or comments), or a footnote label only the HTML pass can place.
    needs_url_pass: bool,
    /// A footnote reference to make absolute after writing.
    has_footnotes: bool,
    /// Raw HTML with a `/>`: an element may be closed JSX's way ([`super::self_closed`]).
    self_closed: bool,
    /// Inside a link to nothing, whose end is dropped too.
    in_dropped_link: bool,
}

impl EventUrls<'_> {
    /// Whether a link's destination names no page: a reference marked unresolved, or a
    /// Zola internal link (`@/…`) to a page that is not there.
    fn leads_nowhere(&self, url: &str) -> bool {
        url.starts_with(crate::links::UNRESOLVED)
            || (url.trim_start().starts_with("@/") && self.base.resolve(url).is_none())
    }

    fn absolute(&self, url: CowStr<'_>) -> CowStr<'static> {
        match self.base.resolve(&url) {
            Some(resolved) => CowStr::from(resolved),
            None => CowStr::from(url.into_string()),
        }
    }

    fn event<'e>(&mut self, event: Event<'e>) -> Event<'e> {
        match event {
            // An email autolink's destination is the address: the writer adds `mailto:`.
            event @ Event::Start(Tag::Link {
                link_type: LinkType::Email,
                ..
            }) => event,
            // A link to nothing (a reference no page answers, a Zola `@/` to no page) is
            // its text alone: no URL that leads nowhere.
            Event::Start(Tag::Link { ref dest_url, .. }) if self.leads_nowhere(dest_url) => {
                self.in_dropped_link = true;
                Event::Text(CowStr::Borrowed(""))
            }
            // An image of nothing: its alt text, as text.
            Event::Start(Tag::Image { ref dest_url, .. })
                if dest_url.starts_with(crate::links::UNRESOLVED) =>
            {
                self.in_dropped_link = true;
                Event::Text(CowStr::Borrowed(""))
            }
            Event::End(TagEnd::Link | TagEnd::Image) if self.in_dropped_link => {
                self.in_dropped_link = false;
                Event::Text(CowStr::Borrowed(""))
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Link {
                link_type,
                dest_url: self.absolute(dest_url),
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
                dest_url: self.absolute(dest_url),
                title,
                id,
            }),
            Event::Html(ref raw) | Event::InlineHtml(ref raw) => {
                let lower = raw.to_ascii_lowercase();
                self.needs_url_pass |= ["href", "src", "poster", "<!--"]
                    .iter()
                    .any(|a| lower.contains(a));
                self.self_closed |= raw.contains("/>");
                event
            }
            Event::FootnoteReference(label) => {
                let label = format!("{}-{label}", self.id_prefix);
                // Such a label is escaped inside the `href`; leave those rare ones to the HTML
                // pass rather than decode it here.
                if label.contains(['&', '<', '>', '"']) {
                    self.needs_url_pass = true;
                } else {
                    self.has_footnotes = true;
                }
                Event::FootnoteReference(CowStr::from(label))
            }
            Event::Start(Tag::FootnoteDefinition(label)) => Event::Start(Tag::FootnoteDefinition(
                CowStr::from(format!("{}-{label}", self.id_prefix)),
            )),
            other => other,
        }
    }
}

/// The images of a post's `markdown`, as written (relative or absolute): Markdown images
/// (inline and by reference) in order, then the `src` of raw HTML `<img>` tags. Code blocks and
/// spans are text, so an image shown as code is not one. For the sitemap's image extension.
pub(crate) fn image_sources(markdown: &str) -> Vec<String> {
    // Most posts have no image at all: these two tests are far cheaper than a parse.
    if !markdown.contains("![") && !crate::text::contains_ascii_ignore_case(markdown, "<img") {
        return Vec::new();
    }
    let mut sources = Vec::new();
    let mut raw_html = String::new();
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Start(Tag::Image { dest_url, .. })
                if !dest_url.starts_with(crate::links::UNRESOLVED) =>
            {
                sources.push(dest_url.into_string())
            }
            // Raw HTML comes as whole tags and whole lines: joined, it parses as one
            // document, whose images then follow the Markdown ones.
            Event::Html(raw) | Event::InlineHtml(raw) => raw_html.push_str(&raw),
            _ => {}
        }
    }
    crate::body::html::img_sources(&raw_html, &mut sources);
    sources
}

/// How `pulldown-cmark` opens a footnote reference's link, up to its `#label` target.
const FOOTNOTE_LINK: &str = "<sup class=\"footnote-reference\"><a href=\"";

/// Makes the `href="#label"` of footnote references absolute, as the HTML pass would, for
/// HTML that has no other relative URL left. Most posts with footnotes have no raw HTML,
/// and this scan costs a fraction of parsing the whole post again. The opening markup can
/// come only from the renderer: text and code have their `<` escaped, and raw HTML with an
/// `href` takes the HTML pass instead.
fn absolutize_footnote_links(html: &str, base: UrlBase<'_>) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut rest = html;
    while let Some(at) = rest.find(FOOTNOTE_LINK) {
        let (before, after) = rest.split_at(at + FOOTNOTE_LINK.len());
        out.push_str(before);
        let end = after.find('"').unwrap_or(after.len());
        let href = &after[..end];
        // As the HTML pass does: the label's references decoded, `&` written `&amp;`.
        match base.resolve(&crate::text::decode_html_references(href)) {
            Some(resolved) => out.push_str(&resolved.replace('&', "&amp;")),
            None => out.push_str(href),
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// The prose a post's excerpt ([`PostHtml::excerpt`]) is cut from, gathered from the
/// rendering parse's events.
struct ExcerptText {
    text: String,
    max_chars: usize,
    /// The body has a `<!--more-->` somewhere: gather everything until it is met.
    more_possible: bool,
    /// The marker was met: the excerpt is complete.
    more_found: bool,
    /// How deep inside code blocks, footnotes and images the events are: their text is not
    /// prose.
    skip_depth: usize,
    /// How deep inside raw HTML code (`<pre>`, `<code>`, `<script>`…) the events are.
    html_skip_depth: usize,
}

impl ExcerptText {
    fn new(max_chars: usize, more_possible: bool) -> ExcerptText {
        ExcerptText {
            text: String::new(),
            max_chars,
            more_possible,
            more_found: false,
            skip_depth: 0,
            html_skip_depth: 0,
        }
    }

    fn see(&mut self, event: &Event<'_>) {
        // Enough text for any cut: more characters than the summary keeps, and more than
        // `finish` looks at, even were each four bytes (280 emoji followed by more text fill
        // `max_chars * 4` bytes exactly, and stopping there lost the `…`). Later events are
        // ignored.
        let enough = (self.max_chars + 2) * 4;
        if self.more_found || (!self.more_possible && self.text.len() > enough) {
            return;
        }
        match event {
            Event::Html(html) | Event::InlineHtml(html) if is_more_marker(html) => {
                self.more_found = true
            }
            // A post made of HTML blocks has prose too: their text, tags left out.
            Event::Html(html) | Event::InlineHtml(html) if self.skip_depth == 0 => {
                crate::text::push_html_text(html, &mut self.text, &mut self.html_skip_depth)
            }
            Event::Start(Tag::CodeBlock(_) | Tag::FootnoteDefinition(_) | Tag::Image { .. }) => {
                self.skip_depth += 1
            }
            Event::End(TagEnd::CodeBlock | TagEnd::FootnoteDefinition | TagEnd::Image) => {
                self.skip_depth = self.skip_depth.saturating_sub(1)
            }
            Event::Text(t) | Event::Code(t) if self.skip_depth == 0 => self.text.push_str(t),
            Event::SoftBreak | Event::HardBreak => self.text.push(' '),
            // Blocks and table cells end with a space, so their words never run together.
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::TableHead
                | TagEnd::TableRow
                | TagEnd::BlockQuote(_),
            ) => self.text.push(' '),
            _ => {}
        }
    }

    /// The text before `<!--more-->`, else its start cut to `max_chars` characters at a word
    /// boundary, with `…` if any were left out.
    fn finish(self) -> String {
        // Words past the limit are never shown: enough of them to know the text goes on.
        let most = match self.more_found {
            true => usize::MAX,
            false => self.max_chars + 2,
        };
        let mut text = String::with_capacity(self.text.len().min(most.saturating_mul(4)));
        let mut chars = 0;
        for word in self.text.split_whitespace() {
            if chars > most {
                break;
            }
            if !text.is_empty() {
                text.push(' ');
                chars += 1;
            }
            text.push_str(word);
            chars += word.chars().count();
        }
        match self.more_found {
            true => text,
            false => cut_at_word(&text, self.max_chars),
        }
    }
}

/// The start of `text` in at most `max_chars` characters (and a `…`), cut at the
/// last word boundary that fits as Unicode (UAX #29) finds them: between words, and between
/// the characters of Chinese or Japanese text, which writes no spaces. A first word longer
/// than that is cut between characters (graphemes) rather than leave no summary at all.
fn cut_at_word(text: &str, max_chars: usize) -> String {
    use unicode_segmentation::UnicodeSegmentation;
    if text.chars().count() <= max_chars {
        return text.to_owned();
    }
    let room = max_chars;
    let mut end = 0;
    let mut chars = 0;
    for (at, word) in text.split_word_bound_indices() {
        chars += word.chars().count();
        if chars > room {
            break;
        }
        end = at + word.len();
    }
    if text[..end].trim().is_empty() {
        end = text
            .grapheme_indices(true)
            .take_while(|(at, _)| text[..*at].chars().count() < room)
            .last()
            .map_or(0, |(at, g)| at + g.len());
    }
    format!("{}…", text[..end].trim_end())
}

/// Whether `markdown` may hold a `<!--more-->` summary marker: a quick test that lets the
/// excerpt stop gathering text early on posts without one.
fn has_more_marker(markdown: &str) -> bool {
    // A `char` pattern jumps from `<` to `<` with memchr: Markdown has few of them.
    markdown
        .match_indices('<')
        .any(|(at, _)| is_more_marker(&markdown[at..]))
}

/// `<!--more-->` as the tools accept it: any case, spaces inside the comment.
fn is_more_marker(html: &str) -> bool {
    let Some(rest) = html.trim_start().strip_prefix("<!--") else {
        return false;
    };
    let rest = rest.trim_start();
    rest.get(..4)
        .is_some_and(|word| word.eq_ignore_ascii_case("more"))
        && rest[4..].trim_start().starts_with("-->")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain rendering, without URL resolution: the oracle the fast path is compared
    /// with (through the HTML pass).
    /// Renders `markdown` to HTML. Footnote ids are prefixed with `id_prefix` (the post's slug)
    /// because many posts share one feed document and their `#fn-1` anchors would collide.
    fn to_html(markdown: &str, id_prefix: &str) -> String {
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

    /// Runs `test` with URLs resolved against the site `site` and the page `page`.
    fn with_base(site: &str, page: &str, test: impl FnOnce(UrlBase<'_>)) {
        let site = url::Url::parse(site).unwrap();
        let page = url::Url::parse(page).unwrap();
        test(UrlBase {
            site: &site,
            page: &page,
            internal: None,
        });
    }

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

    /// The excerpt of at most `max_chars` characters rendering takes from `markdown`.
    fn excerpt(markdown: &str, max_chars: usize) -> String {
        let mut excerpt = None;
        with_base("https://e.com/", "https://e.com/p/", |base| {
            excerpt = to_html_with_urls(markdown, "p", base, Some(max_chars)).excerpt;
        });
        excerpt.expect("asked for")
    }

    #[test]
    fn excerpt_is_prose_cut_at_a_word() {
        let md = "# Title\n\nSome *emphasised* `code` text.\n\n```\nskipped()\n```\n\n![alt](/x.png) More words here[^1].\n\n[^1]: Footnote.\n";
        assert_eq!(
            excerpt(md, 200),
            "Title Some emphasised code text. More words here."
        );
        assert_eq!(excerpt(md, 20), "Title Some…");
        // Characters, not bytes, are counted.
        assert_eq!(excerpt("Déjà vu, naïve café.\n", 14), "Déjà vu, naïve…");
        assert_eq!(excerpt(&"word ".repeat(400), 9), "word word…");
        assert_eq!(excerpt("```\nonly code\n```\n", 50), "");
    }

    #[test]
    fn excerpts_know_text_without_spaces_tables_and_html_blocks() {
        // Chinese and Japanese write no spaces: cut between characters, never to nothing.
        assert_eq!(
            excerpt("机器学习正在改变医学诊断的方式。\n", 6),
            "机器学习正在…"
        );
        assert_eq!(excerpt("東京の天気は晴れです。\n", 5), "東京の天気…");
        // A first word longer than the whole excerpt is cut inside it.
        let long = format!("{} tail\n", "a".repeat(400));
        assert_eq!(excerpt(&long, 30), format!("{}…", "a".repeat(30)));
        let url = format!("https://example.com/{} tail\n", "a".repeat(400));
        assert_eq!(excerpt(&url, 30), "https://example.com/…");
        // Table cells stay apart.
        let table = "| Name | Score |\n|---|---|\n| Ann | 10 |\n| Bob | 7 |\n";
        assert_eq!(excerpt(table, 100), "Name Score Ann 10 Bob 7");
        // A post made of HTML blocks has a summary too: no tags, no script.
        let html = "<div class=\"intro\"><p>Hello <b>there</b> &amp; welcome.</p></div>\n\n<script>var x = 1;</script>\n\n<pre><code class=\"language-rb\">def x\n  1\nend\n</code></pre>\n\n<p>After <!-- hidden --> code.</p>\n";
        assert_eq!(excerpt(html, 100), "Hello there & welcome. After code.");
        // Each character reference is decoded once.
        let escaped = "<p>Write &amp;#65; or &amp;lt; for &#65; and &lt;.</p>\n";
        assert_eq!(excerpt(escaped, 100), "Write &#65; or &lt; for A and <.");
    }

    #[test]
    fn a_more_marker_ends_the_excerpt() {
        let md = "First *para*.\n\nSecond.\n\n<!--more-->\n\nHidden.\n";
        assert_eq!(excerpt(md, 280), "First para. Second.");
        assert_eq!(
            excerpt(md, 5),
            "First para. Second.",
            "no cut before the marker"
        );
        assert_eq!(excerpt("Lead <!-- More --> rest.\n", 280), "Lead");
        let long = format!("{} <!--more-->\n", "word ".repeat(400));
        assert_eq!(
            excerpt(&long, 9).len(),
            "word ".repeat(400).trim_end().len()
        );
        // In code it is content.
        assert_eq!(
            excerpt("`<!--more-->` is the marker.\n", 280),
            "<!--more--> is the marker."
        );
    }

    #[test]
    fn taking_an_excerpt_leaves_the_html_as_it_was() {
        with_base("https://e.com/", "https://e.com/p/", |base| {
            let md = "Intro [a](/x).\n\n```\ncode\n```\n\nText[^1].\n\n[^1]: Note.\n";
            let plain = to_html_with_urls(md, "p", base, None);
            let with_excerpt = to_html_with_urls(md, "p", base, Some(5));
            assert_eq!(plain.excerpt, None);
            assert_eq!(with_excerpt.excerpt.as_deref(), Some("Intro…"));
            assert_eq!(with_excerpt.html, plain.html);
        });
    }

    #[test]
    fn link_and_image_urls_become_absolute_without_an_html_pass() {
        with_base("https://e.com/", "https://e.com/blog/p/", |base| {
            let out = to_html_with_urls(
                "[a](/x) ![i](y.png) <https://o.example/> [m](mailto:a@b.c)",
                "p",
                base,
                None,
            );
            assert!(!out.needs_url_pass);
            assert_eq!(
                out.html,
                "<p><a href=\"https://e.com/x\">a</a> <img src=\"https://e.com/blog/p/y.png\" alt=\"i\" /> <a href=\"https://o.example/\">https://o.example/</a> <a href=\"mailto:a@b.c\">m</a></p>\n"
            );
            assert!(to_html_with_urls("<img src=\"a.png\">", "p", base, None).needs_url_pass);
            assert!(!to_html_with_urls("x[^1]\n\n[^1]: n", "p", base, None).needs_url_pass);
            assert!(to_html_with_urls("x[^a&b]\n\n[^a&b]: n", "p", base, None).needs_url_pass);
            assert!(!to_html_with_urls("<b>bold</b>", "p", base, None).needs_url_pass);
        });
    }

    #[test]
    fn footnote_links_match_what_the_html_pass_makes() {
        with_base("https://e.com/sub/", "https://e.com/sub/blog/p/", |base| {
            let cases = [
                "One[^1] and two[^note].\n\n[^note]: Second.\n[^1]: First, [a link](/x).\n",
                "Spaced[^a b] and accented[^é] and odd[^x%y'z].\n\n[^a b]: s\n\n[^é]: e\n\n[^x%y'z]: o\n",
                "Escaped[^a&b] label.\n\n[^a&b]: n\n",
                "`<sup class=\"footnote-reference\"><a href=\"#x\">` in code[^1].\n\n[^1]: n\n",
                "Raw <a href=\"/r\">link</a> too[^1].\n\n[^1]: n\n",
                "Undefined[^missing] reference.\n",
            ];
            for markdown in cases {
                let fast = to_html_with_urls(markdown, "p", base, None);
                let rendered = if fast.needs_url_pass {
                    crate::body::html::absolutize(&fast.html, base).unwrap()
                } else {
                    fast.html
                };
                let slow = crate::body::html::absolutize(&to_html(markdown, "p"), base).unwrap();
                assert_eq!(rendered, slow, "{markdown}");
                assert!(!rendered.contains("<a href=\"#"), "{rendered}");
            }
        });
    }

    #[test]
    fn footnote_ids_carry_the_prefix() {
        let html = to_html("Text[^1].\n\n[^1]: Note.\n", "my-post");
        assert!(html.contains("href=\"#my-post-1\""), "{html}");
        assert!(html.contains("id=\"my-post-1\""), "{html}");
        assert!(!html.contains("\"#1\""), "{html}");
    }

    #[test]
    fn the_rendering_parse_finds_the_images_the_image_scan_does() {
        with_base("https://e.com/", "https://e.com/p/", |base| {
            for markdown in [
                "no images at all",
                "![a](/a.png) text ![b](b.jpg \"t\")",
                "![ref][r]\n\n[r]: /r.png",
                "<p><img src=\"/raw.png\"><IMG SRC='up.png'></p>\n\n![m](/m.png)",
                "`![code](/no.png)` and\n\n```\n<img src=\"/no.png\">\n```\n",
                "<div>\n<img\nsrc=\"/split.png\">\n</div>",
            ] {
                let mut images = Vec::new();
                let with = to_html_with_urls_and_images(markdown, "p", base, None, &mut images);
                assert_eq!(images, image_sources(markdown), "{markdown}");
                assert_eq!(
                    with,
                    to_html_with_urls(markdown, "p", base, None),
                    "{markdown}"
                );
            }
        });
    }
}
