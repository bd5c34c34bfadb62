//! A post's body, once: from its text as written to what feeds and the sitemap need, in one
//! pass — other tools' template syntax expanded ([`template`]), the text adjusted where the
//! tool's Markdown dialect differs ([`dialect`]), Markdown parsed and rendered
//! ([`markdown`]), the HTML sanitised when asked and its URLs made absolute ([`html`]) —
//! with the facts other stages need taken from that same pass: the images the sitemap
//! lists, the syntax removed and the references no post answers (warnings), the excerpt
//! that stands in for a missing description.

mod depth;
mod dialect;
pub(crate) mod html;
pub(crate) mod markdown;
mod self_closed;
pub(crate) mod template;

use std::borrow::Cow;
use std::path::Path;

use url::Url;

use crate::config::SiteConfig;
use crate::error::Diagnostic;
use crate::links::{References, UrlBase};
use crate::source::Post;

pub(crate) use self::template::Unexpanded;

/// Length of the excerpt that stands in for a missing `description`.
pub(crate) const SUMMARY_CHARS: usize = 280;

/// The most HTML a post may have: libxml2, under most feed readers, refuses a text node over
/// 10 MB.
const MAX_HTML_BYTES: usize = 10 << 20;

/// What the body stage is given of the site: the config, and how to resolve a reference —
/// never the site's model, which is complete before any body is read.
#[derive(Clone, Copy)]
pub(crate) struct BodyContext<'a> {
    /// The validated config.
    pub(crate) config: &'a SiteConfig,
    /// What a reference in a post names.
    pub(crate) references: &'a References<'a>,
}

/// What a pass over one body is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Wanted {
    /// The HTML (and, without a description, the excerpt): the post is in some feed.
    pub(crate) html: bool,
    /// The images, for the sitemap.
    pub(crate) images: bool,
}

/// One post's body after its one pass.
#[derive(Debug, Default)]
pub(crate) struct PostBody {
    /// The HTML feeds carry, its URLs absolute, sanitised when the config asks; `None`
    /// when it was not wanted.
    pub(crate) html: Option<String>,
    /// The excerpt of a post without a `description`, when the HTML was wanted.
    pub(crate) excerpt: Option<String>,
    /// What the pass found that other stages need.
    pub(crate) facts: BodyFacts,
}

/// What a body's pass found that other stages need.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct BodyFacts {
    /// Its images as written (relative or absolute), when they were wanted: Markdown images
    /// in order, then raw HTML `<img>`, including those templates made (`{{< figure >}}`,
    /// `<Image>`).
    pub(crate) images: Vec<String>,
    /// Template syntax not expanded: what became of it, its name, its line.
    pub(crate) removed: Vec<(Unexpanded, String, u64)>,
    /// References (`ref`, `post_url`, `link`) that name no published post, with the line.
    pub(crate) unresolved: Vec<(String, u64)>,
}

/// Runs the one pass over `body`, the Markdown of `post` (published at `permalink`) whose
/// first line is line `first_line` of its file, for what `wanted` asks.
pub(crate) fn process(
    context: BodyContext<'_>,
    (post, permalink): (&Post, &Url),
    body: &str,
    first_line: u64,
    wanted: Wanted,
) -> Result<PostBody, Diagnostic> {
    let config = context.config;
    #[cfg(test)]
    tests::PASSES
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .push(post.source_path.clone());
    let lines = BodyLines::new(body, first_line);
    let line = |offset: usize| lines.line(offset);
    let (text, mut facts, inserts) = expand(context, (post, permalink), body, &line)?;
    if !wanted.html {
        return Ok(without_html(post, &text, facts, &inserts, wanted));
    }
    // Zola's `@/` links to pages that are not there, reported as its build would.
    let missed = std::sync::Mutex::new(Vec::new());
    let internal = |path: &str| {
        let found = (context.references)(path, post.language);
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
        page: permalink,
        internal: Some(&internal),
    };
    // Posts without a description are summarised by an excerpt of their prose.
    let excerpt_chars = post.description.is_none().then_some(SUMMARY_CHARS);
    let mut rendered = match wanted.images {
        _ if post.is_html => markdown::html_post(
            &text,
            excerpt_chars,
            wanted.images.then_some(&mut facts.images),
        ),
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
        .map(|e| crate::text::clean(&inserts.without_stand_ins(&e)).into_owned())
        .filter(|e| !e.is_empty());
    if !inserts.html.is_empty() {
        rendered.html = inserts.put_in(&rendered.html);
        rendered.needs_url_pass = true;
        inserts.images(wanted, &mut facts.images);
    }

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
    .map_err(|problem| Diagnostic::file(&post.source_path, problem.to_string()))?;
    let missed = std::mem::take(&mut *missed.lock().unwrap_or_else(|p| p.into_inner()));
    facts.unresolved.extend(placed(body, missed, &lines));
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

/// A pass that wants no HTML: the images of the expanded `text` alone, when wanted.
fn without_html(
    post: &Post,
    text: &str,
    mut facts: BodyFacts,
    inserts: &HtmlInserts,
    wanted: Wanted,
) -> PostBody {
    if wanted.images && post.is_html {
        html::img_sources(text, &mut facts.images);
    } else if wanted.images {
        facts.images = markdown::image_sources(text);
    }
    inserts.images(wanted, &mut facts.images);
    PostBody {
        html: None,
        excerpt: None,
        facts,
    }
}

/// The line of each offset of a body, by its line breaks, found once when first asked: a
/// post with thousands of warnings costs its length, not that times their number.
struct BodyLines<'b> {
    body: &'b str,
    first_line: u64,
    breaks: std::cell::OnceCell<Vec<usize>>,
}

impl<'b> BodyLines<'b> {
    fn new(body: &'b str, first_line: u64) -> Self {
        BodyLines {
            body,
            first_line,
            breaks: std::cell::OnceCell::new(),
        }
    }

    /// The file's line of the body's byte `offset`.
    fn line(&self, offset: usize) -> u64 {
        let breaks = self
            .breaks
            .get_or_init(|| self.body.match_indices('\n').map(|(at, _)| at).collect());
        self.first_line + breaks.partition_point(|&at| at < offset) as u64
    }
}

/// Each of `targets` (references no post answers, in the body's order) with its line: each
/// looked for from where the one before it was found, each once, so the body is read about
/// once however many there are.
fn placed(body: &str, targets: Vec<String>, lines: &BodyLines<'_>) -> Vec<(String, u64)> {
    let mut seen = std::collections::HashSet::new();
    let mut from = 0;
    let mut placed = Vec::new();
    for target in targets {
        if !seen.insert(target.clone()) {
            continue;
        }
        let found = body[from..]
            .find(&target)
            .map(|at| from + at)
            .or_else(|| body.find(&target));
        let at = found.unwrap_or_default();
        from = at;
        placed.push((target, lines.line(at)));
    }
    placed
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
) -> Result<String, HtmlProblem> {
    let html = match sanitize {
        true => html::sanitize(&html)?,
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

/// Why a post's HTML cannot be carried.
#[derive(Debug, thiserror::Error)]
enum HtmlProblem {
    #[error(transparent)]
    TooDeep(#[from] html::TooDeep),
    #[error("could not rewrite the HTML: {0}")]
    Rewrite(#[from] lol_html::errors::RewritingError),
}

/// The HTML of the site's HTML shortcodes, each standing in the Markdown as its stand-in
/// text until the Markdown is rendered (Zola puts them in the same way, so that no HTML of
/// theirs is read as Markdown).
#[derive(Debug, Default)]
struct HtmlInserts {
    html: Vec<String>,
    stem: String,
}

impl HtmlInserts {
    /// Each stand-in in `rendered` and where it ends, with the index of its HTML.
    fn stand_ins<'r>(
        &'r self,
        rendered: &'r str,
    ) -> impl Iterator<Item = (usize, usize, usize)> + 'r {
        rendered
            .match_indices(self.stem.as_str())
            .filter_map(move |(at, _)| {
                let rest = &rendered[at + self.stem.len()..];
                let digits = rest.find(|c: char| !c.is_ascii_digit())?;
                let index: usize = rest[..digits].parse().ok()?;
                (rest[digits..].starts_with('x') && index < self.html.len()).then_some((
                    at,
                    at + self.stem.len() + digits + 1,
                    index,
                ))
            })
    }

    /// `rendered` with each stand-in replaced by its HTML: a paragraph that holds only a
    /// stand-in becomes the HTML alone, as in Zola; one inside a tag (an `alt`, a link) is
    /// dropped, HTML having no place there. Whether the text so far ends inside a tag is
    /// carried from stretch to stretch (an inserted HTML is whole), so the output is read
    /// once.
    fn put_in(&self, rendered: &str) -> String {
        let mut out = String::with_capacity(rendered.len());
        let mut from = 0;
        let mut in_tag = false;
        for (start, end, index) in self.stand_ins(rendered) {
            if start < from {
                continue;
            }
            let before = &rendered[from..start];
            if let Some(last) = before.rfind(['<', '>']) {
                in_tag = before.as_bytes()[last] == b'<';
            }
            out.push_str(before);
            let alone = before.ends_with("<p>") && rendered[end..].starts_with("</p>");
            from = end;
            if alone {
                out.truncate(out.len() - 3);
                from = end + 4;
                in_tag = false;
            }
            if !in_tag {
                out.push_str(&self.html[index]);
            }
        }
        out.push_str(&rendered[from..]);
        out
    }

    /// The images of the inserted HTML, after the Markdown's, when they are wanted.
    fn images(&self, wanted: Wanted, images: &mut Vec<String>) {
        if wanted.images {
            for insert in &self.html {
                html::img_sources(insert, images);
            }
        }
    }

    /// `text` (an excerpt) without the stand-ins.
    fn without_stand_ins(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut from = 0;
        for (start, end, _) in self.stand_ins(text) {
            out.push_str(&text[from..start]);
            from = end;
        }
        out.push_str(&text[from..]);
        out
    }
}

/// The body with its templates expanded and adjusted to its tool's Markdown dialect, the
/// facts the expansion found (unknown syntax removed, references no post answers), each at
/// its line (`line` of a byte offset in `body`), and the HTML shortcodes' output to put in;
/// an error where a template would not stop.
/// Where a post is, as Zola's `page` and Hugo's `.Page` say it: its permalink's path under
/// its language's site URL, and its file in the content folder.
fn post_place(config: &SiteConfig, post: &Post, permalink: &Url) -> (String, String) {
    let site = config.site_url_of(post.language).as_str();
    let path = match permalink.as_str().strip_prefix(site.trim_end_matches('/')) {
        Some(path) => path.to_string(),
        None => permalink.path().to_string(),
    };
    let relative = post
        .source_path
        .strip_prefix(&config.content_dir)
        .unwrap_or(&post.source_path)
        .to_string_lossy()
        .replace('\\', "/");
    (path, relative)
}

fn expand<'b>(
    context: BodyContext<'_>,
    (post, permalink): (&Post, &Url),
    body: &'b str,
    line: &dyn Fn(usize) -> u64,
) -> Result<(Cow<'b, str>, BodyFacts, HtmlInserts), Diagnostic> {
    let config = context.config;
    let link = |target: &str| (context.references)(target, post.language);
    let lang = config.languages.list[post.language]
        .code
        .as_deref()
        .unwrap_or("en");
    // Only a body with templates asks where the post is (a Zola site's shortcodes, Liquid):
    // most posts have none, and pay nothing for it.
    let templated = template::may_have_templates(body, post.flavor);
    let liquid = templated && post.flavor == crate::source::Flavor::Liquid;
    let hugo = templated && config.site_values.templates.hugo.is_some();
    let zola = templated && config.site_values.templates.zola.is_some();
    let (page_path, relative_path) = match zola || hugo {
        true => post_place(config, post, permalink),
        false => Default::default(),
    };
    let date = match liquid || hugo {
        true => post.published.strftime("%Y-%m-%d %H:%M:%S %z").to_string(),
        false => String::new(),
    };
    let site_path = match liquid {
        true => config
            .site_values
            .templates
            .liquid
            .as_ref()
            .map(|site| site.path_in_site(&post.source_path))
            .unwrap_or_default(),
        false => String::new(),
    };
    let templates = template::Context {
        base_url: &config.base_url,
        site_title: &config.title,
        page_values: &post.page_values,
        link: &link,
        flavor: post.flavor,
        site_values: &config.site_values,
        liquid_in_code: config.profile.liquid_in_code(),
        raw_blocks: config.profile.raw_blocks(),
        zola_shortcodes: config.site_values.templates.zola.as_deref(),
        hugo_shortcodes: config.site_values.templates.hugo.as_deref(),
        title: &post.title,
        permalink: permalink.as_str(),
        lang,
        page_place: template::PagePlace {
            path: &page_path,
            relative_path: &relative_path,
            slug: &post.slug,
            site_path: &site_path,
            date: &date,
            file: Some(&post.source_path),
        },
        liquid_site: config.site_values.templates.liquid.as_deref(),
    };
    let expanded = template::expand(body, &templates);
    if let Some((why, at)) = expanded.fatal {
        return Err(Diagnostic::at(&post.source_path, line(at), 1, why));
    }
    let inserts = HtmlInserts {
        html: expanded.html_inserts,
        stem: expanded.html_stem.unwrap_or_default(),
    };
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
            .filter(|(target, _)| (context.references)(target, post.language).is_none())
            .map(|(target, at)| (target, line(at)))
            .collect(),
    };
    let kramdown = config.profile.is_kramdown(&post.source_path);
    let mdx = post.flavor == crate::source::Flavor::Mdx;
    let text = match dialect::as_the_tool_reads(&expanded.text, kramdown, mdx) {
        Cow::Owned(adjusted) => Cow::Owned(adjusted),
        Cow::Borrowed(_) => expanded.text,
    };
    Ok((text, facts, inserts))
}

/// One warning per unknown shortcode, tag or component name that the posts use, with how
/// often and the first place it is used: a site built for another tool may use one on
/// every page, and a warning each time would bury the rest.
pub(crate) fn template_warnings<'a>(
    removed: impl Iterator<Item = (&'a Path, &'a [(Unexpanded, String, u64)])>,
) -> Vec<Diagnostic> {
    let mut uses: std::collections::BTreeMap<(Unexpanded, &str), (usize, &Path, u64)> =
        std::collections::BTreeMap::new();
    for (path, removed) in removed {
        for (syntax, name, line) in removed {
            uses.entry((*syntax, name.as_str()))
                .or_insert((0, path, *line))
                .0 += 1;
        }
    }
    uses.into_iter()
        .map(|((unexpanded, name), (count, path, line))| {
            let times = match count {
                1 => "used once".to_string(),
                n => format!("used {n} times; this is the first"),
            };
            let message = match unexpanded {
                Unexpanded::Unknown(syntax) => format!(
                    "{} `{name}` is not one feedsmith knows: removed, its inner content kept ({times})",
                    syntax.noun()
                ),
                Unexpanded::Unrendered(syntax) => {
                    let (name, why) = name.split_once('\n').unwrap_or((name, "?"));
                    format!(
                        "{} `{name}` could not be rendered ({why}): removed, its inner content kept ({times})",
                        syntax.noun()
                    )
                }
            };
            Diagnostic::at(path, line, 1, message)
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

#[cfg(test)]
mod insert_tests {
    use super::HtmlInserts;

    fn inserts() -> HtmlInserts {
        HtmlInserts {
            html: vec!["<div>A</div>".into(), "<b>B</b>".into()],
            stem: "zolashortcode0at".into(),
        }
    }

    #[test]
    fn html_shortcodes_take_their_stand_ins_places() {
        let rendered = "<p>zolashortcode0at0x</p>\n<p>in zolashortcode0at1x text</p>\n";
        assert_eq!(
            inserts().put_in(rendered),
            "<div>A</div>\n<p>in <b>B</b> text</p>\n"
        );
    }

    #[test]
    fn a_stand_in_inside_a_tag_gets_no_html_and_excerpts_lose_them() {
        let rendered = "<p><img src=\"x.png\" alt=\"zolashortcode0at1x\"> zolashortcode0at9x</p>";
        // Inside a tag, the second one too (nothing between says the tag ended): dropped.
        assert_eq!(
            inserts().put_in(
                "<p><img alt=\"zolashortcode0at0x zolashortcode0at1x\"> zolashortcode0at1x</p>"
            ),
            "<p><img alt=\" \"> <b>B</b></p>"
        );
        // Inside a tag: dropped; an index past the list: left as text.
        assert_eq!(
            inserts().put_in(rendered),
            "<p><img src=\"x.png\" alt=\"\"> zolashortcode0at9x</p>"
        );
        assert_eq!(
            inserts().without_stand_ins("Intro zolashortcode0at0x and more"),
            "Intro  and more"
        );
    }
}
