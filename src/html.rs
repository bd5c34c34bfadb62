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
        let reference = reference.trim();
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
        srcset
            .split(',')
            .map(|candidate| {
                let candidate = candidate.trim();
                let (url, descriptor) = candidate
                    .split_once(char::is_whitespace)
                    .unwrap_or((candidate, ""));
                if url.is_empty() {
                    return String::new();
                }
                let url = self.resolve(url).unwrap_or_else(|| url.to_string());
                if descriptor.trim().is_empty() {
                    url
                } else {
                    format!("{url} {}", descriptor.trim())
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

/// Drops `<script>` elements, `on…` event attributes and `javascript:`/`vbscript:` URLs from
/// `html` (the config's `sanitize`).
pub fn sanitize(html: &str) -> Result<String, String> {
    let settings = RewriteStrSettings::new()
        .append_element_content_handler(element!("script", |el| {
            el.remove();
            Ok(())
        }))
        .append_element_content_handler(element!("*", |el| {
            let dropped: Vec<String> = el
                .attributes()
                .iter()
                .filter(|attribute| {
                    let name = attribute.name();
                    let value = attribute.value();
                    let scheme = value.trim_start().to_ascii_lowercase();
                    name.starts_with("on")
                        || (matches!(name.as_str(), "href" | "src" | "action" | "formaction")
                            && (scheme.starts_with("javascript:")
                                || scheme.starts_with("vbscript:")))
                })
                .map(|attribute| attribute.name())
                .collect();
            for name in dropped {
                el.remove_attribute(&name);
            }
            Ok(())
        }));
    rewrite_str(html, settings).map_err(|err| err.to_string())
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
        )
        .unwrap();
        assert_eq!(out, "<p>a<a title=\"t\">b</a><img src=\"/i.png\"></p>");
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
