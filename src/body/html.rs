//! HTML passes over a post's rendered body: every relative URL in raw HTML made absolute
//! ([`crate::links::UrlBase`]) after its character references are decoded, HTML comments
//! (an author's hidden notes) removed, the images it shows, and the allow-list sanitiser.

use lol_html::errors::RewritingError;
use lol_html::html_content::ContentType;
use lol_html::{RewriteStrSettings, doc_comments, element, rewrite_str, text};
use url::Url;

use crate::links::{UrlBase, srcset_candidates};
use crate::text::decode_html_references;

/// Rewrites `href`, `src`, `srcset` and `poster` attributes of `html` to absolute URLs, and
/// removes its comments: what a post hides in them is not for a feed, and a relative URL in
/// one would stay relative.
pub(crate) fn absolutize(html: &str, base: UrlBase<'_>) -> Result<String, RewritingError> {
    let single = |attribute: &'static str| {
        element!(format!("[{attribute}]"), move |el| {
            let Some(value) = el.get_attribute(attribute) else {
                return Ok(());
            };
            let decoded = decode_html_references(&value);
            // A reference to nothing: no URL rather than one that leads nowhere.
            if decoded.starts_with(crate::links::UNRESOLVED) {
                el.remove_attribute(attribute);
                return Ok(());
            }
            // An absolute URL stays, but written plainly, as every reader then reads it.
            let rewritten = base.resolve(&decoded).or(match decoded {
                std::borrow::Cow::Owned(plain) => Some(plain),
                std::borrow::Cow::Borrowed(_) => None,
            });
            if let Some(url) = rewritten {
                el.set_attribute(attribute, &url.replace('&', "&amp;"))?;
            }
            Ok(())
        })
    };
    // A `<noscript>` holds its HTML as raw text to the parser: its URLs are made absolute by
    // running this pass over that text.
    let noscript = std::cell::RefCell::new(String::new());
    let settings = RewriteStrSettings::new()
        .append_document_content_handler(doc_comments!(|comment| {
            comment.remove();
            Ok(())
        }))
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
                let resolved = base.resolve_srcset(&decode_html_references(&value));
                el.set_attribute("srcset", &resolved.replace('&', "&amp;"))?;
            }
            Ok(())
        }));
    rewrite_str(html, settings)
}

/// Appends the `src` of every `<img>` in `html` to `sources`, as written.
pub(crate) fn img_sources(html: &str, sources: &mut Vec<String>) {
    if html.is_empty() {
        return;
    }
    let found = std::cell::RefCell::new(Vec::new());
    let settings =
        RewriteStrSettings::new().append_element_content_handler(element!("img[src]", |el| {
            if let Some(src) = el.get_attribute("src") {
                let src = decode_html_references(&src);
                if !src.starts_with(crate::links::UNRESOLVED) {
                    found.borrow_mut().push(src.into_owned());
                }
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
/// sanitiser above, and in the README's "Sanitising"). HTML nested deeper than browsers build
/// it is refused first ([`super::depth`]): the sanitiser's parser would take the square of
/// its depth in time.
pub(crate) fn sanitize(html: &str) -> Result<String, TooDeep> {
    if let Err(depth) = super::depth::nesting_depth(html) {
        return Err(TooDeep(depth));
    }
    Ok(SANITIZER.clean(html).to_string())
}

/// HTML nested past [`super::depth::MAX_DEPTH`] (at least this deep).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "its HTML nests elements over {max} deep (at least {0}): browsers build no deeper, and the sanitiser would take minutes over it; close the elements it opens",
    max = super::depth::MAX_DEPTH
)]
pub(crate) struct TooDeep(usize);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::links::tests::with_base;

    #[test]
    fn sanitize_drops_scripts_handlers_and_script_urls() {
        let out = sanitize(
            "<p onclick=\"x()\">a<script>alert(1)</script><a href=\" JavaScript:alert(1)\" title=\"t\">b</a><img src=\"/i.png\" onerror=\"y()\"></p>",
        ).unwrap();
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
            let out = sanitize(attack).unwrap();
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
            assert_eq!(sanitize(html).unwrap(), html);
        }
    }

    #[test]
    fn references_in_attributes_are_decoded_before_urls_are_made_absolute() {
        with_base(|base| {
            let out = absolutize(
                "<img src=\"https:&#x2F;&#x2F;github.com&#x2F;u.png\"><img src=\"&#x2F;img&#x2F;a.png\"><img src=\"/x.png?w=1&amp;h=2\">",
                base,
            )
            .unwrap();
            assert_eq!(
                out,
                "<img src=\"https://github.com/u.png\"><img src=\"https://example.com/site/img/a.png\"><img src=\"https://example.com/site/x.png?w=1&amp;h=2\">"
            );
            let mut sources = Vec::new();
            img_sources("<img src=\"/x.png?w=1&amp;h=2\">", &mut sources);
            assert_eq!(
                sources,
                ["/x.png?w=1&h=2"],
                "decoded once, for the sitemap to escape"
            );
        });
    }

    #[test]
    fn comments_never_reach_a_feed() {
        with_base(|base| {
            let out = absolutize(
                "<p>a</p><!-- TODO: <a href=\"draft/\">x</a> -->\n<p>b<!--more--></p>",
                base,
            )
            .unwrap();
            assert_eq!(out, "<p>a</p>\n<p>b</p>");
        });
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
