//! URLs as feeds need them: a reference in a post resolved against the site and the page
//! (feed readers and RSS-to-email tools ignore `xml:base`, so a site-relative
//! `<img src="/x.jpg">` would show as a broken image), which references a feed may link to,
//! and the candidates of a `srcset`.

use url::Url;

/// Whether `url` holds a user name or password (`https://ann:secret@host/`), which every
/// reader of every feed would see: the one test for each URL the config or a post gives to
/// be published — the site's and each language's `base_url`, a WebSub hub, a person's
/// `url`, the sitemap's extra URLs. A URL that does is refused where it is written.
pub(crate) fn has_credentials(url: &Url) -> bool {
    !url.username().is_empty() || url.password().is_some()
}

/// What a refused URL with credentials is told.
/// Where a reference (`ref`, `relref`, `post_url`, `link`) that names no page stood as a
/// link's destination, this stands before its text: the Markdown pass then writes the link's
/// text without a link, and the HTML pass drops the attribute. A reference to nothing is
/// published as the author's words, never as a URL under the post that leads nowhere.
pub(crate) const UNRESOLVED: &str = "feedsmith-unresolved:";

pub(crate) const NO_CREDENTIALS: &str =
    "must not hold a user name or password: every reader of the feeds would see them";

/// A URL path with each run of `/` written once: an empty placeholder leaves two.
pub(crate) fn collapse_slashes(path: &str) -> std::borrow::Cow<'_, str> {
    if !path.contains("//") {
        return std::borrow::Cow::Borrowed(path);
    }
    let mut collapsed = String::with_capacity(path.len());
    for c in path.chars() {
        if !(c == '/' && collapsed.ends_with('/')) {
            collapsed.push(c);
        }
    }
    std::borrow::Cow::Owned(collapsed)
}

/// The URL a reference (`ref`, `{% post_url %}`, `{% link %}`, a Zola `@/` link) names,
/// from a post in the language given (an index into the config's languages): what the body
/// stage asks of the site, which it never sees.
pub(crate) type References<'a> = dyn Fn(&str, usize) -> Option<String> + Sync + 'a;

/// The permalink of a post named by its path inside the content folder.
pub(crate) type InternalLinks<'a> = dyn Fn(&str) -> Option<String> + Sync + 'a;

/// Where relative URLs in one post resolve.
#[derive(Clone, Copy)]
pub(crate) struct UrlBase<'a> {
    /// The site root (`base_url`, ending in `/`): target of `/x`.
    pub(crate) site: &'a Url,
    /// The post's own URL: target of `x`, `../x` and `#frag`.
    pub(crate) page: &'a Url,
    /// The permalink of the post a Zola internal link names (`@/blog/first.md#part`, the
    /// path inside the content folder), when the site has one.
    pub(crate) internal: Option<&'a InternalLinks<'a>>,
}

impl std::fmt::Debug for UrlBase<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UrlBase")
            .field("site", &self.site.as_str())
            .field("page", &self.page.as_str())
            .finish_non_exhaustive()
    }
}

impl UrlBase<'_> {
    /// Resolves one URL as written in HTML. Returns `None` when it should stay as it is
    /// (already absolute, another scheme, or unparsable). An empty one means "this page" in
    /// HTML, and becomes the post's URL: left empty it is a relative reference that readers
    /// resolve against the feed, and validators flag it.
    pub(crate) fn resolve(&self, reference: &str) -> Option<String> {
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
        if let Some(path) = reference.strip_prefix("@/") {
            // A link to a post that is not there stays as written, as Zola would refuse it.
            return self.internal.and_then(|internal| internal(path));
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
    pub(crate) fn resolve_srcset(&self, srcset: &str) -> String {
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
pub(crate) fn is_web_reference(reference: &str) -> bool {
    match Url::parse(reference.trim()) {
        Ok(url) => matches!(url.scheme(), "http" | "https"),
        Err(url::ParseError::RelativeUrlWithoutBase) => true,
        Err(_) => false,
    }
}

/// The candidates of a `srcset` as the HTML standard splits them: a URL is a run without
/// spaces (so it may hold commas, as `data:` URLs and some file names do), a comma right
/// after it ends the candidate, and otherwise its descriptors run to the next comma.
pub(crate) fn srcset_candidates(srcset: &str) -> Vec<(&str, &str)> {
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

/// What is wrong with `id` as an entry's id, if anything: it must be an absolute URI, as
/// Atom requires, and not one that runs something, for a reader may follow an id.
pub(crate) fn id_problem(id: &str) -> Option<&'static str> {
    match url::Url::parse(id.trim()) {
        Err(_) => Some(
            "must be an absolute URI such as `urn:uuid:…` or `tag:example.com,2024:post-1`, as Atom requires",
        ),
        Ok(uri) if matches!(uri.scheme(), "javascript" | "vbscript" | "data") => Some(
            "must not be a `javascript:`, `vbscript:` or `data:` URI: a reader may follow an id",
        ),
        Ok(_) => None,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn with_base<T>(f: impl FnOnce(UrlBase<'_>) -> T) -> T {
        let site = Url::parse("https://example.com/site/").unwrap();
        let page = Url::parse("https://example.com/site/blog/post/").unwrap();
        f(UrlBase {
            site: &site,
            page: &page,
            internal: None,
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
}
