//! A post's body, once: from its text as written to what feeds and the sitemap need, in one
//! pass — other tools' template syntax expanded ([`template`]), the text adjusted where the
//! tool's Markdown dialect differs ([`dialect`]), Markdown parsed and rendered
//! ([`markdown`]), the HTML sanitised when asked and its URLs made absolute ([`html`]) —
//! with the facts other stages need taken from that same pass: the images the sitemap
//! lists, the syntax removed and the references no post answers (warnings), the excerpt
//! that stands in for a missing description.

mod dialect;
pub(crate) mod html;
pub(crate) mod markdown;
pub(crate) mod template;

use std::borrow::Cow;
use std::path::Path;

use crate::error::Diagnostic;
use crate::links::UrlBase;
use crate::profile::Tool;
use crate::site::{Entry, Site};

pub(crate) use self::template::Syntax;

/// Length of the excerpt that stands in for a missing `description`.
pub(crate) const SUMMARY_CHARS: usize = 280;

/// The most HTML a post may have: libxml2, under most feed readers, refuses a text node over
/// 10 MB.
const MAX_HTML_BYTES: usize = 10 << 20;

/// What a pass over one body is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Wanted {
    /// The HTML (and, without a description, the excerpt): the post is in some feed.
    pub html: bool,
    /// The images, for the sitemap.
    pub images: bool,
}

/// One post's body after its one pass.
#[derive(Debug, Default)]
pub(crate) struct PostBody {
    /// The HTML feeds carry, its URLs absolute, sanitised when the config asks; `None`
    /// when it was not wanted.
    pub html: Option<String>,
    /// The excerpt of a post without a `description`, when the HTML was wanted.
    pub excerpt: Option<String>,
    /// What the pass found that other stages need.
    pub facts: BodyFacts,
}

/// What a body's pass found that other stages need.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct BodyFacts {
    /// Its images as written (relative or absolute), when they were wanted: Markdown images
    /// in order, then raw HTML `<img>`, including those templates made (`{{< figure >}}`,
    /// `<Image>`).
    pub images: Vec<String>,
    /// Template syntax removed because it is unknown: which syntax, its name, its line.
    pub removed: Vec<(Syntax, String, u64)>,
    /// References (`ref`, `post_url`, `link`) that name no published post, with the line.
    pub unresolved: Vec<(String, u64)>,
}

/// Runs the one pass over `body`, the Markdown of `entry` whose first line is line
/// `first_line` of its file, for what `wanted` asks.
pub(crate) fn process(
    site: &Site,
    entry: &Entry,
    body: &str,
    first_line: u64,
    wanted: Wanted,
) -> Result<PostBody, Diagnostic> {
    let config = &site.config;
    let post = &entry.post;
    #[cfg(test)]
    tests::PASSES
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .push(post.source_path.clone());
    let line = |offset: usize| first_line + body[..offset].matches('\n').count() as u64;
    let (text, mut facts) = expand(site, post, body, &line);
    if !wanted.html {
        if wanted.images {
            facts.images = markdown::image_sources(&text);
        }
        return Ok(PostBody {
            html: None,
            excerpt: None,
            facts,
        });
    }
    // Zola's `@/` links to pages that are not there, reported as its build would.
    let missed = std::sync::Mutex::new(Vec::new());
    let internal = |path: &str| {
        let found = site.find_reference_in(path, Some(post.language));
        if found.is_none() {
            missed
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .push(format!("@/{path}"));
        }
        found
    };
    let base = UrlBase {
        site: config.site_url_of(post.language),
        page: &entry.permalink,
        internal: Some(&internal),
    };
    // Posts without a description are summarised by an excerpt of their prose.
    let excerpt_chars = post.description.is_none().then_some(SUMMARY_CHARS);
    let mut rendered = match wanted.images {
        true => markdown::to_html_with_urls_and_images(
            &text,
            &post.slug,
            base,
            excerpt_chars,
            &mut facts.images,
        ),
        false => markdown::to_html_with_urls(&text, &post.slug, base, excerpt_chars),
    };
    // Markdown decodes character references (`&#x1F;`): what they decode to is cleaned
    // after, as the HTML is below.
    let excerpt = rendered
        .excerpt
        .take()
        .map(|e| crate::text::clean(&e).into_owned())
        .filter(|e| !e.is_empty());

    // The body was cleaned when read: a forbidden character can come back only through a
    // numeric reference (`&#x1F;`; no named one is a control) or a template's value.
    let may_hold_forbidden =
        matches!(text, Cow::Owned(_)) || crate::text::has_numeric_reference(&text);
    let html = final_html(
        config.sanitize,
        rendered.html,
        (rendered.needs_url_pass, may_hold_forbidden),
        base,
    )
    .map_err(|err| {
        Diagnostic::file(
            &post.source_path,
            format!("could not rewrite the HTML: {err}"),
        )
    })?;
    let missed = std::mem::take(&mut *missed.lock().unwrap_or_else(|p| p.into_inner()));
    for target in missed {
        let at = body.find(&target).unwrap_or_default();
        facts.unresolved.push((target, line(at)));
    }
    if html.len() > MAX_HTML_BYTES {
        return Err(Diagnostic::file(
            &post.source_path,
            format!(
                "its HTML is {} MB, over the {} MB feed readers' XML parsers (libxml2) take in one text node; split the post",
                html.len() >> 20,
                MAX_HTML_BYTES >> 20
            ),
        ));
    }
    Ok(PostBody {
        html: Some(html),
        excerpt,
        facts,
    })
}

/// The post's HTML as the feeds carry it: sanitised first (with `sanitize`), so the
/// sanitiser reads the author's HTML as a browser would (entities and all) and the URL pass
/// sees only what it kept; its URLs made absolute where it has any to rewrite; last, where
/// the Markdown `may_hold_forbidden`, no character an output may not hold, written or
/// referenced.
fn final_html(
    sanitize: bool,
    html: String,
    (needs_url_pass, may_hold_forbidden): (bool, bool),
    base: UrlBase<'_>,
) -> Result<String, String> {
    let html = match sanitize {
        true => html::sanitize(&html),
        false => html,
    };
    let html = match needs_url_pass {
        true => html::absolutize(&html, base)?,
        false => html,
    };
    if !may_hold_forbidden {
        return Ok(html);
    }
    Ok(match crate::text::clean_html(&html) {
        Cow::Borrowed(_) => html,
        Cow::Owned(cleaned) => cleaned,
    })
}

/// The body with its templates expanded and adjusted to its tool's Markdown dialect, and the
/// facts the expansion found (unknown syntax removed, references no post answers), each at
/// its line (`line` of a byte offset in `body`).
fn expand<'b>(
    site: &Site,
    post: &crate::source::Post,
    body: &'b str,
    line: &dyn Fn(usize) -> u64,
) -> (Cow<'b, str>, BodyFacts) {
    let config = &site.config;
    let link = |target: &str| site.find_reference_in(target, Some(post.language));
    let context = template::Context {
        base_url: &config.base_url,
        site_title: &config.title,
        page_values: &post.page_values,
        link: &link,
        flavor: post.flavor,
        site_values: &config.site_values,
        liquid_in_code: config.profile.liquid_in_code(),
        bare_page_values: config.profile.tool == Some(Tool::Eleventy),
    };
    let expanded = template::expand(body, &context);
    let facts = BodyFacts {
        images: Vec::new(),
        removed: expanded
            .removed
            .into_iter()
            .map(|(syntax, name, at)| (syntax, name, line(at)))
            .collect(),
        unresolved: expanded
            .references
            .into_iter()
            .filter(|(target, _)| {
                site.find_reference_in(target, Some(post.language))
                    .is_none()
            })
            .map(|(target, at)| (target, line(at)))
            .collect(),
    };
    let kramdown = dialect::is_kramdown(config.profile.tool, &post.source_path);
    let mdx = post.flavor == crate::source::Flavor::Mdx;
    let text = match dialect::as_the_tool_reads(&expanded.text, kramdown, mdx) {
        Cow::Owned(adjusted) => Cow::Owned(adjusted),
        Cow::Borrowed(_) => expanded.text,
    };
    (text, facts)
}

/// One warning per unknown shortcode, tag or component name that the posts use, with how
/// often and the first place it is used: a site built for another tool may use one on
/// every page, and a warning each time would bury the rest.
pub(crate) fn template_warnings<'a>(
    removed: impl Iterator<Item = (&'a Path, &'a [(Syntax, String, u64)])>,
) -> Vec<Diagnostic> {
    let mut uses: std::collections::BTreeMap<(Syntax, &str), (usize, &Path, u64)> =
        std::collections::BTreeMap::new();
    for (path, removed) in removed {
        for (syntax, name, line) in removed {
            uses.entry((*syntax, name.as_str()))
                .or_insert((0, path, *line))
                .0 += 1;
        }
    }
    uses.into_iter()
        .map(|((syntax, name), (count, path, line))| {
            let times = match count {
                1 => "used once".to_string(),
                n => format!("used {n} times; this is the first"),
            };
            Diagnostic::at(
                path,
                line,
                1,
                format!(
                    "{} `{name}` is not one feedsmith knows: removed, its inner content kept ({times})",
                    syntax.noun()
                ),
            )
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use std::path::PathBuf;
    use std::sync::Mutex;

    /// Every post file [`super::process`] ran for, in this test process: how the tests check
    /// that each body is expanded and parsed once (`process` is the only caller of the
    /// template expander and the Markdown parser).
    pub(crate) static PASSES: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
}
