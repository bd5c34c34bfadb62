//! Reading each field of a post's front matter as the tools write it: its title, dates,
//! slug, own path, language, draft and headless switches, cover and links, each checked
//! where it is written.

use std::path::Path;

use jiff::ZonedDateTime;
use jiff::tz::TimeZone;

use super::date::{self, parse_post_date};
use super::fields::{Fields, Located};
use super::file::{JekyllFolder, PostFile};
use super::front_matter;
use crate::config::{Languages, PermalinkPattern};
use crate::error::Diagnostic;
use crate::profile::keys as names;
use crate::profile::{Profile, SchemaDates, eleventy_permalink};
use crate::text::{clean, clean_trimmed};

/// The language a post of a site that declares its languages is in, and its Hugo
/// `translationKey`.
pub(super) fn read_translation(
    fields: &mut Fields<'_>,
    file: &PostFile,
    languages: &Languages,
    problems: &mut Vec<Diagnostic>,
) -> (usize, Option<String>) {
    let language = read_language(fields, file, languages, problems);
    let key = fields
        .text(&["translationKey"])
        .map(|key| key.text.trim().to_owned())
        .filter(|key| !key.is_empty());
    (language, key)
}

/// The declared language a post is in: its file name's (`index.es.md`), else its language
/// folder's (`fr/…`), else its front matter's `lang` or `language` (Jekyll Polyglot, Astro),
/// else the default. A front-matter value that is no language tag (`language: rust`, a
/// post's programming language) is not one; a tag the config does not declare is an error.
pub(super) fn read_language(
    fields: &Fields<'_>,
    file: &PostFile,
    languages: &Languages,
    problems: &mut Vec<Diagnostic>,
) -> usize {
    let named = file.language.as_deref().or(file.language_folder.as_deref());
    if let Some(tag) = named {
        // Checked when the file was found.
        return languages.index_of(tag).unwrap_or(0);
    }
    let Some((key, node)) = fields.first(&["lang", "language"]) else {
        return 0;
    };
    let front_matter::Value::String(tag) = &node.value else {
        return 0;
    };
    let tag = tag.trim();
    if !super::file::is_language_code(tag) {
        return 0;
    }
    languages.index_of(tag).unwrap_or_else(|| {
        problems.push(
            Diagnostic::at(
                &file.path,
                node.line,
                node.column,
                format!(
                    "`{key}: {tag}` is a language the config does not declare (declared: {})",
                    languages.listed()
                ),
            )
            .with_help(format!("add `{tag}` to `languages` in the config")),
        );
        0
    })
}

/// The cover image. An Astro or Vite import alias (`@/assets/x.png`, `~/x.png`) names a
/// file the tool bundles under a hashed URL, not a page: no URL a feed could carry.
pub(super) fn read_cover(fields: &mut Fields<'_>) -> Option<Located> {
    fields
        .image(names::IMAGE)
        .filter(|image| !image.text.trim_start().starts_with(['@', '~']))
}

/// The title: `title` cleaned, or Jekyll's from the file name. A `title` that is there but
/// not text has its problem reported by `fields`.
pub(super) fn read_title(
    fields: &mut Fields<'_>,
    path: &Path,
    name: &str,
    at_top: &dyn Fn(String) -> Diagnostic,
    problems: &mut Vec<Diagnostic>,
) -> String {
    let reported_before = fields.problems.len();
    let title_text = fields.text(names::TITLE);
    let title_reported = fields.problems.len() > reported_before;
    match title_text {
        Some(title) => {
            let cleaned = clean_trimmed(&title.text);
            if cleaned.is_empty() {
                problems.push(located_at(path, &title, "`title` must not be empty".into()));
            }
            cleaned
        }
        None if title_reported => String::new(),
        None => {
            let from_name = title_from_name(name);
            if from_name.is_empty() {
                problems.push(at_top(
                    "missing field `title` (and the file name gives none)".into(),
                ));
            }
            from_name
        }
    }
}

/// The post's own path under `base_url` (`path`, `url` or `permalink`), when it gives one;
/// or, for an Eleventy permalink template, the pattern it says ([`eleventy_permalink`]).
pub(super) fn read_site_path(
    fields: &mut Fields<'_>,
    path: &Path,
    problems: &mut Vec<Diagnostic>,
) -> (Option<String>, Option<PermalinkPattern>) {
    let site_path = match fields.first(names::SITE_PATH) {
        Some((_, node)) if matches!(node.value, front_matter::Value::Bool(_)) => None,
        Some((key, _)) => fields.text(names::SITE_PATH).map(|value| (key, value)),
        None => None,
    };
    match site_path {
        // An Eleventy permalink template (`/{{ page.fileSlug }}/`): the pattern it says, or
        // where it says more than a pattern can, the folder's pattern stands in.
        Some((_, value)) if value.text.contains("{{") || value.text.contains("{%") => {
            let pattern = eleventy_permalink(&value.text)
                .and_then(|pattern| PermalinkPattern::parse(&pattern).ok());
            (None, pattern)
        }
        Some((key, value)) => match check_site_path(&value.text, key == "path") {
            Ok(site_path) => (Some(site_path), None),
            Err(message) => {
                problems.push(located_at(path, &value, format!("`{key}` {message}")));
                (None, None)
            }
        },
        None => (None, None),
    }
}

/// Whether the post is a draft: `draft: true`, Eleventy's `permalink: false` (no page on
/// the site), Jekyll's `_drafts` folder or `published: false`.
pub(super) fn is_draft(fields: &mut Fields<'_>, file: &PostFile) -> bool {
    let is_false = |fields: &Fields<'_>, key: &'static str| {
        matches!(
            fields.first(&[key]),
            Some((_, node)) if node.value == front_matter::Value::Bool(false)
        )
    };
    let unpublished_page = is_false(fields, "permalink");
    let unpublished = is_false(fields, "published");
    fields.flag("draft").unwrap_or(false)
        || unpublished_page
        || file.jekyll == Some(JekyllFolder::Drafts)
        || unpublished
}

/// Whether the tool would never list the page: a Hugo headless bundle (`headless: true`),
/// Eleventy's `eleventyExcludeFromCollections: true`, or Hugo build options (`_build`,
/// `build`) with `render: never` (`false` before Hugo 0.76).
pub(super) fn is_headless(fields: &Fields<'_>) -> bool {
    let flag = |name| matches!(fields.first(&[name]), Some((_, node)) if node.value == front_matter::Value::Bool(true));
    let never_rendered = fields.first(&["_build", "build"]).is_some_and(|(_, node)| {
        let front_matter::Value::Map(options) = &node.value else {
            return false;
        };
        options.iter().any(|(key, option)| {
            let never = match &option.value {
                front_matter::Value::Bool(render) => !render,
                front_matter::Value::String(render) => render == "never",
                _ => false,
            };
            key == "render" && never
        })
    });
    // Eleventy's `eleventyExcludeFromCollections: true` keeps a page out of every
    // collection, so out of the blog's feed.
    flag("headless") || flag("eleventyExcludeFromCollections") || never_rendered
}

/// Which lists a post is in beyond its own page: the feeds, the sitemap, and whether only
/// its own section's feed lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Listing {
    /// In the feeds (`feed: false`, Hugo's `build: {list: never}` take it out of every
    /// feed: main, section, term, custom, archives).
    pub(crate) in_feeds: bool,
    /// In the sitemap (`noindex: true`, `sitemap: false` as jekyll-sitemap reads it, Hugo's
    /// `sitemap: {disable: true}` and `build: {list: never}` take it out).
    pub(crate) in_sitemap: bool,
    /// Only its own section's feed lists it (Hugo's `build: {list: local}`).
    pub(crate) section_only: bool,
}

impl Default for Listing {
    fn default() -> Self {
        Listing {
            in_feeds: true,
            in_sitemap: true,
            section_only: false,
        }
    }
}

/// The post's [`Listing`], from its front matter.
pub(super) fn read_listing(fields: &mut Fields<'_>) -> Listing {
    let in_feeds = fields.flag("feed").unwrap_or(true);
    let noindex = fields.flag("noindex").unwrap_or(false);
    // Hugo's build options: `list` is `always`, `local` or `never` (`false` before 0.76).
    let list =
        fields
            .first(&["_build", "build"])
            .and_then(|(_, node)| match &node.value {
                front_matter::Value::Map(options) => options
                    .iter()
                    .find(|(key, _)| key == "list")
                    .map(|(_, option)| match &option.value {
                        front_matter::Value::Bool(false) => "never".to_string(),
                        front_matter::Value::String(list) => list.to_ascii_lowercase(),
                        _ => "always".to_string(),
                    }),
                _ => None,
            });
    let never = list.as_deref() == Some("never");
    let sitemap_off = fields
        .first(&["sitemap"])
        .is_some_and(|(_, node)| match &node.value {
            front_matter::Value::Bool(on) => !on,
            front_matter::Value::Map(options) => options.iter().any(|(key, option)| {
                key == "disable" && option.value == front_matter::Value::Bool(true)
            }),
            _ => false,
        });
    Listing {
        in_feeds: in_feeds && !never,
        in_sitemap: !noindex && !sitemap_off && !never,
        section_only: list.as_deref() == Some("local"),
    }
}

/// Terms cleaned, the empty ones dropped.
pub(super) fn cleaned_terms(terms: Vec<String>) -> Vec<String> {
    terms
        .iter()
        .map(|term| clean_trimmed(term))
        .filter(|term| !term.is_empty())
        .collect()
}

/// The post's dates: `date` (or another tool's name for it), else the file name's or the
/// site path's date; and `updated`. A draft may have none (Jekyll's `_drafts` are dated
/// when they are posted); any other post without one is a problem, reported at the front
/// matter's `opening_line`.
pub(super) fn read_dates(
    fields: &mut Fields<'_>,
    file: &PostFile,
    site_path: Option<&str>,
    draft: bool,
    (timezone, opening_line, schema): (&TimeZone, u64, &SchemaDates),
    month_first: bool,
    problems: &mut Vec<Diagnostic>,
) -> (Option<ZonedDateTime>, Option<ZonedDateTime>) {
    let path = file.path.as_path();
    let at_top = |message: String| Diagnostic::at(path, opening_line, 1, message);
    let name_date = date::date_prefix(&file.name).map(|(date, _)| date);
    let parse_date = |field: &str, value: &Located, problems: &mut Vec<Diagnostic>| {
        // `03/07/2024` is March 7 where the site's tool reads dates as JavaScript does.
        if month_first
            && let Some(date) = date::month_first(&value.text)
            && let Some(midnight) = date::at_midnight(date, timezone)
        {
            return Some(midnight);
        }
        parse_post_date(&value.text, timezone)
            .map_err(|message| {
                let problem = located_at(path, value, format!("`{field}`: {message}"));
                problems.push(problem.with_help(date::help_for(field, &value.text)))
            })
            .ok()
    };
    // The site's own names first: most schemas declare none, and read the tools' names.
    fn with_schema<'k>(own: &'k [String], tools: &'static [&'static str]) -> Vec<&'k str> {
        own.iter()
            .map(String::as_str)
            .chain(tools.iter().copied())
            .collect()
    }
    let date_keys = with_schema(&schema.published, names::DATE);
    let published = match fields.date(&date_keys) {
        Some((field, value)) => parse_date(field, &value, problems),
        None => {
            let found = name_date
                .or_else(|| site_path.and_then(date::date_in_path))
                .and_then(|date| date::at_midnight(date, timezone));
            // Jekyll's `_drafts` have no date until they are posted.
            if found.is_none() && !draft {
                let own = schema
                    .published
                    .iter()
                    .map(|name| format!("`{name}`, "))
                    .collect::<String>();
                problems.push(at_top(format!(
                    "missing date: no {own}`date`, `publishDate`, `pubDate` or `published` field, no YYYY-MM-DD- prefix in the name \"{}\"{}",
                    file.name,
                    match site_path {
                        Some(site_path) => format!(", and no YYYY/MM/DD in its path \"/{site_path}\""),
                        None => ", and no `path`, `url` or `permalink` with YYYY/MM/DD".into(),
                    }
                ) + "; a page that is not a post (an About page) belongs in the config's `exclude`").with_help(
                    "add a line `date: 2024-10-31` (the post's date) to the front matter",
                ));
            }
            found
        }
    };
    let updated = fields
        .date(&with_schema(&schema.updated, names::UPDATED))
        .and_then(|(field, value)| parse_date(field, &value, problems));
    (published, updated)
}

/// The slug: `slug` as written, else the file (or bundle folder) name, slugified.
pub(super) fn read_slug(
    fields: &mut Fields<'_>,
    path: &Path,
    name: &str,
    profile: &Profile,
    problems: &mut Vec<Diagnostic>,
) -> String {
    match fields.text(&["slug"]) {
        Some(slug) => {
            // The tools make a written slug a path segment by their own rule too (Hugo
            // lower-cases it, Jekyll and Zola slugify it); with no tool, it is used as written.
            let value = match profile.tool {
                Some(_) => profile.segment(slug.text.trim()),
                None => slug.text.trim().to_string(),
            };
            if let Err(message) = check_slug(&value) {
                problems.push(located_at(path, &slug, format!("`slug`: {message}")));
            }
            value
        }
        None => {
            let slug = profile.segment(name);
            if let Err(message) = check_slug(&slug) {
                problems.push(Diagnostic::file(
                    path,
                    format!("the file name gives no usable slug ({message}); set `slug:`"),
                ));
            }
            slug
        }
    }
}

/// What reaches a feed from front matter as a link or an id: an `id` an absolute URI that
/// runs nothing, and a cover image and an enclosure (`links`) nothing but the web's, for a
/// reader follows them.
pub(super) fn check_links(
    path: &Path,
    id: Option<&Located>,
    links: [Option<&Located>; 2],
    problems: &mut Vec<Diagnostic>,
) {
    if let Some(id) = id
        && let Some(problem) = crate::links::id_problem(&id.text)
    {
        problems.push(located_at(
            path,
            id,
            format!("`id` \"{}\" {problem}", id.text),
        ));
    }
    for (field, value) in ["cover image", "enclosure"].into_iter().zip(links) {
        if let Some(value) = value
            && !crate::links::is_web_reference(&value.text)
        {
            problems.push(located_at(
                path,
                value,
                format!(
                    "{field} \"{}\" must be a site path such as `/images/x.jpg`, a path relative to the post, or an absolute http(s) URL",
                    value.text.trim()
                ),
            ));
        }
    }
}

pub(super) fn located_at(path: &Path, value: &Located, message: String) -> Diagnostic {
    Diagnostic::at(path, value.line, value.column, message)
}

pub(super) fn non_empty(text: String) -> Option<String> {
    Some(clean_trimmed(&text)).filter(|t| !t.is_empty())
}

/// Jekyll's title for a post without one: the file name's words, capitalised.
pub(super) fn title_from_name(name: &str) -> String {
    // A file name can hold what no output may (DEL, a C1 control): cleaned as a written title is.
    clean(name)
        .split(['-', '_', ' '])
        .filter(|word| !word.is_empty())
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A `path`, `url` or `permalink` must stay under `base_url`: a path of plain segments,
/// nothing that climbs out (`..`) or names another host or scheme. Zola's `path` always gets
/// a trailing `/`, as Zola serves it; the others are kept as written.
pub(super) fn check_site_path(text: &str, is_zola_path: bool) -> Result<String, OffSite> {
    let trimmed = text.trim();
    let bad = |why: OffSiteBecause| {
        Err(OffSite {
            path: trimmed.to_owned(),
            why,
        })
    };
    if trimmed.starts_with("//") || trimmed.contains('\\') {
        return bad(OffSiteBecause::OtherHost);
    }
    let first_segment = trimmed.split('/').next().unwrap_or_default();
    if first_segment.contains(':') {
        return bad(OffSiteBecause::Scheme);
    }
    if trimmed
        .chars()
        .any(|c| c.is_control() || c == '?' || c == '#')
    {
        return bad(OffSiteBecause::QueryOrControl);
    }
    if trimmed
        .split('/')
        .any(|segment| segment == ".." || segment == ".")
    {
        return bad(OffSiteBecause::DotSegment);
    }
    let inner = trimmed.trim_start_matches('/');
    if inner.is_empty() {
        return bad(OffSiteBecause::SiteRoot);
    }
    if is_zola_path {
        Ok(format!("{}/", inner.trim_end_matches('/')))
    } else {
        Ok(inner.to_string())
    }
}

/// A `path`, `url` or `permalink` that would not stay under `base_url`, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{path}\" must be a path under `base_url` ({why})")]
pub(super) struct OffSite {
    path: String,
    why: OffSiteBecause,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub(super) enum OffSiteBecause {
    #[error("it names another host")]
    OtherHost,
    #[error("it has a scheme")]
    Scheme,
    #[error("it has a query, fragment or control character")]
    QueryOrControl,
    #[error("`.` and `..` segments are not allowed")]
    DotSegment,
    #[error("it is the site root")]
    SiteRoot,
}

/// A slug becomes a URL path segment and a folder name, so it must be one safe segment.
pub(super) fn check_slug(slug: &str) -> Result<(), BadSlug> {
    if slug.is_empty() {
        Err(BadSlug::Empty)
    } else if slug.starts_with('.') {
        Err(BadSlug::Dot(slug.to_owned()))
    } else if slug.contains(['/', '\\', '?', '#']) {
        Err(BadSlug::Separator(slug.to_owned()))
    } else if slug.chars().any(|c| c.is_control() || c.is_whitespace()) {
        Err(BadSlug::Blank(slug.to_owned()))
    } else {
        Ok(())
    }
}

/// Why a slug cannot be one URL path segment and folder name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(super) enum BadSlug {
    #[error("it is empty")]
    Empty,
    #[error("\"{0}\" starts with a dot")]
    Dot(String),
    #[error("\"{0}\" contains `/`, `\\`, `?` or `#`")]
    Separator(String),
    #[error("\"{}\" contains spaces or control characters", .0.escape_debug())]
    Blank(String),
}
