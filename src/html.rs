//! HTML for feeds: plain text escaped, and every relative URL in a post's HTML made
//! absolute. Feed readers and RSS-to-email tools ignore `xml:base`, so a site-relative
//! `<img src="/x.jpg">` would show as a broken image.

use lol_html::html_content::ContentType;
use lol_html::{RewriteStrSettings, element, rewrite_str, text};
use url::Url;

/// Where relative URLs in one post resolve.
#[derive(Debug, Clone, Copy)]
pub struct UrlBase<'a> {
    /// The site root (`base_url`, ending in `/`): target of `/x`.
    pub site: &'a Url,
    /// The post's own URL: target of `x`, `../x` and `#frag`.
    pub page: &'a Url,
}

impl UrlBase<'_> {
    /// Resolves one URL as written in HTML. Returns `None` when it should stay as it is
    /// (already absolute, another scheme, or unparsable). An empty one means "this page" in
    /// HTML, and becomes the post's URL: left empty it is a relative reference that readers
    /// resolve against the feed, and validators flag it.
    pub fn resolve(&self, reference: &str) -> Option<String> {
        // As the URL standard reads a reference: leading and trailing controls and spaces
        // dropped, tabs and newlines inside removed (`jav&#9;ascript:` is `javascript:`).
        let cleaned: String;
        let mut reference = reference.trim_matches(|c: char| c <= ' ');
        if reference.contains(['\t', '\n', '\r']) {
            cleaned = reference
                .chars()
                .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
                .collect();
            reference = &cleaned;
        }
        if reference.is_empty() {
            return Some(self.page.to_string());
        }
        if let Some(rest) = reference.strip_prefix("//") {
            return Some(format!("https://{rest}"));
        }
        if let Some(fragment) = reference.strip_prefix('#') {
            let mut url = self.page.clone();
            url.set_fragment(Some(fragment));
            return Some(url.to_string());
        }
        if let Some(path) = reference.strip_prefix('/') {
            // Relative to the site root, which may itself live under a path prefix.
            return self.site.join(path).ok().map(String::from);
        }
        if has_scheme(reference) {
            return None;
        }
        self.page.join(reference).ok().map(String::from)
    }

    /// Resolves each candidate of a `srcset` (`a.jpg 1x, b.jpg 2x`), keeping descriptors.
    pub fn resolve_srcset(&self, srcset: &str) -> String {
        srcset_candidates(srcset)
            .into_iter()
            .map(|(url, descriptor)| {
                let url = self.resolve(url).unwrap_or_else(|| url.to_string());
                match descriptor.is_empty() {
                    true => url,
                    false => format!("{url} {descriptor}"),
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A scheme is letters, digits, `+`, `-`, `.` before the first `:`, starting with a letter.
fn has_scheme(reference: &str) -> bool {
    match reference.split_once(':') {
        Some((scheme, _)) => {
            scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// Whether `reference`, a URL from front matter (a cover image, an enclosure), is one a feed
/// may link to: a site path, a path relative to the post, or an absolute http(s) URL — not
/// `javascript:`, `data:`, `file:` or any other scheme a reader should never follow.
pub fn is_web_reference(reference: &str) -> bool {
    match Url::parse(reference.trim()) {
        Ok(url) => matches!(url.scheme(), "http" | "https"),
        Err(url::ParseError::RelativeUrlWithoutBase) => true,
        Err(_) => false,
    }
}

/// Escapes plain text for use as HTML (an RSS `description`, an attribute value).
pub fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// Rewrites `href`, `src`, `srcset` and `poster` attributes of `html` to absolute URLs.
pub fn absolutize(html: &str, base: UrlBase<'_>) -> Result<String, String> {
    let single = |attribute: &'static str| {
        element!(format!("[{attribute}]"), move |el| {
            if let Some(value) = el.get_attribute(attribute)
                && let Some(absolute) = base.resolve(&value)
            {
                el.set_attribute(attribute, &absolute)?;
            }
            Ok(())
        })
    };
    // A `<noscript>` holds its HTML as raw text to the parser: its URLs are made absolute by
    // running this pass over that text.
    let noscript = std::cell::RefCell::new(String::new());
    let settings = RewriteStrSettings::new()
        .append_element_content_handler(text!("noscript", |chunk| {
            noscript.borrow_mut().push_str(chunk.as_str());
            if chunk.last_in_text_node() {
                let inner = std::mem::take(&mut *noscript.borrow_mut());
                let rewritten = absolutize(&inner, base).unwrap_or(inner);
                chunk.replace(&rewritten, ContentType::Html);
            } else {
                chunk.remove();
            }
            Ok(())
        }))
        .append_element_content_handler(single("href"))
        .append_element_content_handler(single("src"))
        .append_element_content_handler(single("poster"))
        .append_element_content_handler(element!("[srcset]", move |el| {
            if let Some(value) = el.get_attribute("srcset") {
                el.set_attribute("srcset", &base.resolve_srcset(&value))?;
            }
            Ok(())
        }));
    rewrite_str(html, settings).map_err(|err| err.to_string())
}

/// Appends the `src` of every `<img>` in `html` to `sources`, as written.
pub fn img_sources(html: &str, sources: &mut Vec<String>) {
    if html.is_empty() {
        return;
    }
    let found = std::cell::RefCell::new(Vec::new());
    let settings =
        RewriteStrSettings::new().append_element_content_handler(element!("img[src]", |el| {
            if let Some(src) = el.get_attribute("src") {
                found.borrow_mut().push(src);
            }
            Ok(())
        }));
    // The rewritten HTML is not needed; a parse error only means fewer images found.
    let _ = rewrite_str(html, settings);
    sources.append(&mut found.into_inner());
}

/// The sanitiser behind the config's `sanitize`: an allow-list of elements, attributes and
/// URL schemes (ammonia, on html5ever: the HTML is parsed as a browser parses it, so no
/// spelling of a tag or an entity slips past). What a blog post needs stays — text markup,
/// links, images with `srcset`, figures, tables, code with its classes, `<video>`,
/// `<audio>`, `<picture>`, task-list checkboxes, `<iframe>` embeds by `src` — and nothing
/// that runs: no `<script>`, `<style>`, `<object>`, `<form>`, `<svg>` or `<math>`, no `on…`
/// or `style` attribute, no `srcdoc`, no URL but http(s), mail, phone and the like, and
/// `data:` only for a raster image's `src`/`srcset`.
static SANITIZER: std::sync::LazyLock<ammonia::Builder<'static>> =
    std::sync::LazyLock::new(sanitizer);

fn sanitizer() -> ammonia::Builder<'static> {
    let mut builder = ammonia::Builder::default();
    builder
        .add_tags([
            "picture", "source", "video", "audio", "track", "iframe", "input", "section",
        ])
        .add_generic_attributes(["id", "class", "dir"])
        .add_tag_attributes("img", ["srcset", "sizes", "loading", "decoding"])
        .add_tag_attributes("source", ["src", "srcset", "sizes", "type", "media"])
        .add_tag_attributes(
            "video",
            [
                "src",
                "poster",
                "controls",
                "width",
                "height",
                "loop",
                "muted",
                "playsinline",
                "preload",
            ],
        )
        .add_tag_attributes("audio", ["src", "controls", "loop", "muted", "preload"])
        .add_tag_attributes("track", ["src", "kind", "srclang", "label", "default"])
        .add_tag_attributes(
            "iframe",
            [
                "src",
                "width",
                "height",
                "title",
                "allowfullscreen",
                "loading",
            ],
        )
        .add_tag_attributes("input", ["checked", "disabled"])
        .add_tag_attribute_values("input", "type", ["checkbox"])
        .add_tag_attributes("ol", ["reversed", "type"])
        .add_tag_attributes("li", ["value"])
        .add_tag_attributes("time", ["datetime"])
        // Checked below, candidate by candidate, and for raster images only.
        .add_url_schemes(["data"])
        .link_rel(None)
        .strip_comments(true)
        .attribute_filter(|element, attribute, value| {
            allowed_url_attribute(element, attribute, value).then_some(value.into())
        });
    builder
}

/// The attributes that hold URLs and the schemes ammonia lets through them are checked
/// again here: `data:` only where it is an image, and the URLs ammonia does not know to be
/// URLs (`srcset`'s candidates, `cite`, `poster` off `<video>`) under the same rule.
fn allowed_url_attribute(element: &str, attribute: &str, value: &str) -> bool {
    let image = matches!(element, "img" | "source");
    match attribute {
        "srcset" => srcset_candidates(value)
            .iter()
            .all(|(url, _)| allowed_url(url, image)),
        "src" | "href" | "cite" | "poster" => allowed_url(value, image && attribute == "src"),
        _ => true,
    }
}

/// Whether `url` may stay in sanitised HTML: no scheme (a relative URL), or one of the
/// allowed ones, with `data:` only as a raster image where `data_image` says one is wanted.
fn allowed_url(url: &str, data_image: bool) -> bool {
    // Parsed as a browser parses it (leading controls and spaces dropped, tabs and newlines
    // inside removed), so `java&#9;script:` has the scheme it has for the browser.
    let parsed = match Url::parse(url) {
        Ok(parsed) => parsed,
        Err(url::ParseError::RelativeUrlWithoutBase) => return true,
        Err(_) => return false,
    };
    match parsed.scheme() {
        "data" => {
            let media_type = parsed.path().split([';', ',']).next().unwrap_or_default();
            data_image
                && [
                    "image/png",
                    "image/gif",
                    "image/jpeg",
                    "image/webp",
                    "image/avif",
                ]
                .iter()
                .any(|raster| media_type.eq_ignore_ascii_case(raster))
        }
        scheme => WEB_SCHEMES.contains(&scheme),
    }
}

/// URL schemes sanitised HTML keeps: the web's, and those that open a mail, phone or chat
/// program — none that runs script or reads local files.
const WEB_SCHEMES: [&str; 12] = [
    "http", "https", "mailto", "tel", "sms", "ftp", "ftps", "irc", "ircs", "xmpp", "magnet", "geo",
];

/// Sanitises `html` (the config's `sanitize`) by an allow-list of elements, attributes and
/// URL schemes: what a post needs stays, nothing that runs (the lists are on the static
/// sanitiser above, and in the README's "Sanitising").
pub fn sanitize(html: &str) -> String {
    SANITIZER.clean(html).to_string()
}

/// The candidates of a `srcset` as the HTML standard splits them: a URL is a run without
/// spaces (so it may hold commas, as `data:` URLs and some file names do), a comma right
/// after it ends the candidate, and otherwise its descriptors run to the next comma.
pub fn srcset_candidates(srcset: &str) -> Vec<(&str, &str)> {
    let mut candidates = Vec::new();
    let mut rest = srcset;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == ',');
        if rest.is_empty() {
            return candidates;
        }
        let end = rest
            .find(|c: char| c.is_ascii_whitespace())
            .unwrap_or(rest.len());
        let url = &rest[..end];
        rest = &rest[end..];
        if url.ends_with(',') {
            candidates.push((url.trim_end_matches(','), ""));
            continue;
        }
        // Descriptors end at a comma outside parentheses.
        let mut depth = 0usize;
        let end = rest
            .char_indices()
            .find(|&(_, c)| {
                match c {
                    '(' => depth += 1,
                    ')' => depth = depth.saturating_sub(1),
                    _ => {}
                }
                c == ',' && depth == 0
            })
            .map_or(rest.len(), |(i, _)| i);
        candidates.push((url, rest[..end].trim()));
        rest = &rest[end..];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_base<T>(f: impl FnOnce(UrlBase<'_>) -> T) -> T {
        let site = Url::parse("https://example.com/site/").unwrap();
        let page = Url::parse("https://example.com/site/blog/post/").unwrap();
        f(UrlBase {
            site: &site,
            page: &page,
        })
    }

    #[test]
    fn resolves_each_kind_of_reference() {
        with_base(|base| {
            let cases = [
                (
                    "/images/x.jpg",
                    Some("https://example.com/site/images/x.jpg"),
                ),
                ("x.jpg", Some("https://example.com/site/blog/post/x.jpg")),
                ("../other/", Some("https://example.com/site/blog/other/")),
                ("#notes", Some("https://example.com/site/blog/post/#notes")),
                (
                    "//cdn.example.net/a.png",
                    Some("https://cdn.example.net/a.png"),
                ),
                ("mailto:a@example.com", None),
                ("https://other.example/", None),
                ("tel:+123", None),
                ("jav\tascript:x()", None),
                (" \u{1}javascript:x()", None),
                ("/a\nb.jpg", Some("https://example.com/site/ab.jpg")),
                ("", Some("https://example.com/site/blog/post/")),
            ];
            for (reference, expected) in cases {
                assert_eq!(base.resolve(reference).as_deref(), expected, "{reference}");
            }
        });
    }

    #[test]
    fn sanitize_drops_scripts_handlers_and_script_urls() {
        let out = sanitize(
            "<p onclick=\"x()\">a<script>alert(1)</script><a href=\" JavaScript:alert(1)\" title=\"t\">b</a><img src=\"/i.png\" onerror=\"y()\"></p>",
        );
        assert_eq!(out, "<p>a<a title=\"t\">b</a><img src=\"/i.png\"></p>");
    }

    /// Every way of running script this sanitiser was tried against; none may leave a
    /// trace of the payload, whatever the element or attribute carrying it.
    #[test]
    fn nothing_that_runs_survives_sanitising() {
        let attacks = [
            r#"<iframe srcdoc="<script>parent.pwned()</script>"></iframe>"#,
            r#"<iframe src="javascript:pwned()"></iframe>"#,
            r#"<svg><a xlink:href="javascript:pwned()"><text>x</text></a></svg>"#,
            r#"<svg><a><animate attributeName="href" values="javascript:pwned()"/><text>x</text></a></svg>"#,
            r#"<svg><set attributeName="onmouseover" to="pwned()"/></svg>"#,
            r#"<svg onload="pwned()"><script>pwned()</script></svg>"#,
            r#"<math><maction actiontype="statusline" xlink:href="javascript:pwned()">x</maction></math>"#,
            r#"<a href="java&#x09;script:pwned()">x</a>"#,
            r#"<a href="&#106;avascript:pwned()">x</a>"#,
            r#"<a href="  JaVaScRiPt:pwned()">x</a>"#,
            r#"<a href="vbscript:pwned()">x</a>"#,
            r#"<a href="data:text/html;base64,PHNjcmlwdD5wd25lZCgpPC9zY3JpcHQ+">x</a>"#,
            r#"<img src="data:text/html,<script>pwned()</script>">"#,
            r#"<img src="data:image/svg+xml,<svg onload=pwned()>">"#,
            r#"<img srcset="javascript:pwned() 1x, /ok.png 2x">"#,
            r#"<img src=x onerror="pwned()">"#,
            r#"<input type="image" src="x" onerror="pwned()">"#,
            r#"<video poster="javascript:pwned()" src="/v.mp4"></video>"#,
            r#"<blockquote cite="javascript:pwned()">q</blockquote>"#,
            r#"<object data="javascript:pwned()"></object><embed src="javascript:pwned()">"#,
            r#"<form action="javascript:pwned()"><button formaction="javascript:pwned()">b</button></form>"#,
            r#"<meta http-equiv="refresh" content="0;url=javascript:pwned()">"#,
            r#"<base href="javascript:pwned()//"><link rel="stylesheet" href="javascript:pwned()">"#,
            r#"<style>@import "javascript:pwned()";</style>"#,
            r#"<p style="background:url(javascript:pwned())">p</p>"#,
            r#"<details open ontoggle="pwned()"><summary>s</summary></details>"#,
            r#"<!--[if IE]><script>pwned()</script><![endif]-->"#,
            r#"<template><script>pwned()</script></template>"#,
            r#"<SCRIPT SRC=//evil.example/x.js></SCRIPT>"#,
            r#"<scr<script>ipt>pwned()</script>"#,
            r#"<noscript><p title="</noscript><img src=x onerror=pwned()>">"#,
            r#"<a href="javascript&colon;pwned()">x</a>"#,
        ];
        for attack in attacks {
            let out = sanitize(attack);
            // The payload may stay as inert text ("ipt>pwned()" of a broken tag), never in
            // markup: read the output back as a browser would and look at every element.
            let markup = std::cell::RefCell::new(Vec::new());
            let settings =
                RewriteStrSettings::new().append_element_content_handler(element!("*", |el| {
                    let mut markup = markup.borrow_mut();
                    markup.push(el.tag_name());
                    markup.extend(
                        el.attributes()
                            .iter()
                            .map(|a| format!("{}={}", a.name(), a.value())),
                    );
                    Ok(())
                }));
            rewrite_str(&out, settings).unwrap();
            let markup = markup.into_inner().join(" ").to_ascii_lowercase();
            for trace in [
                "pwned",
                "javascript",
                "vbscript",
                "srcdoc",
                "onerror",
                "script",
                "data:text",
                "svg",
                "style",
                "object",
                "embed",
                "form",
                "meta",
                "base",
                "link",
                "math",
            ] {
                assert!(
                    !markup.contains(trace),
                    "{attack}\n  → {out}\n  markup: {markup}"
                );
            }
        }
    }

    #[test]
    fn what_a_post_needs_survives_sanitising() {
        let kept = [
            r#"<p><a href="https://example.com/a" title="t">a</a> <a href="mailto:a@example.com">m</a></p>"#,
            r#"<img src="https://example.com/a.jpg" srcset="https://example.com/a.jpg 1x, data:image/png;base64,iVBORw0KGgo= 2x" alt="a" width="10" height="5">"#,
            r#"<pre><code class="language-rust">fn main() {}</code></pre>"#,
            r#"<video controls="" src="https://example.com/v.mp4" poster="https://example.com/p.jpg"></video>"#,
            r#"<iframe src="https://www.youtube.com/embed/x" width="560" height="315" allowfullscreen=""></iframe>"#,
            r#"<ul><li><input checked="" disabled="" type="checkbox"> done</li></ul>"#,
            r#"<sup class="footnote-reference" id="p-fr-1"><a href="https://example.com/p/#p-fn-1">1</a></sup>"#,
            r#"<figure><picture><source srcset="https://example.com/a.webp" type="image/webp"><img src="https://example.com/a.jpg" alt=""></picture><figcaption>c</figcaption></figure>"#,
            r#"<table><thead><tr><th align="left">a</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>"#,
        ];
        for html in kept {
            assert_eq!(sanitize(html), html);
        }
    }

    #[test]
    fn srcset_candidates_split_as_the_standard_says() {
        assert_eq!(
            srcset_candidates(" /a,b.jpg 2x, data:image/png;base64,AA,BB 1x,/c.jpg,, /d.jpg 100w "),
            [
                ("/a,b.jpg", "2x"),
                ("data:image/png;base64,AA,BB", "1x"),
                ("/c.jpg", ""),
                ("/d.jpg", "100w"),
            ]
        );
        assert_eq!(
            srcset_candidates("/e.jpg (a, b) 1x"),
            [("/e.jpg", "(a, b) 1x")]
        );
        assert!(srcset_candidates(" , ").is_empty());
    }

    #[test]
    fn urls_inside_noscript_become_absolute() {
        with_base(|base| {
            let out = absolutize(
                "<noscript><img src=\"/a.png\"> &amp; <a href=\"b/\">b</a></noscript>",
                base,
            )
            .unwrap();
            assert_eq!(
                out,
                "<noscript><img src=\"https://example.com/site/a.png\"> &amp; <a href=\"https://example.com/site/blog/post/b/\">b</a></noscript>"
            );
        });
    }

    #[test]
    fn rewrites_markdown_and_raw_html_attributes() {
        with_base(|base| {
            let html = r#"<p><a href="/a">a</a><img src="b.png" alt="b"></p><video poster="/p.jpg" src="v.mp4"></video><img srcset="/s1.jpg 1x, s2.jpg 2x"><a href="mailto:x@y.z">m</a>"#;
            let out = absolutize(html, base).unwrap();
            assert_eq!(
                out,
                r#"<p><a href="https://example.com/site/a">a</a><img src="https://example.com/site/blog/post/b.png" alt="b"></p><video poster="https://example.com/site/p.jpg" src="https://example.com/site/blog/post/v.mp4"></video><img srcset="https://example.com/site/s1.jpg 1x, https://example.com/site/blog/post/s2.jpg 2x"><a href="mailto:x@y.z">m</a>"#
            );
        });
    }
}
