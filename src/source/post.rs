//! One post file parsed into a validated [`Post`]: front matter in any of the three formats,
//! its fields read under every tool's names (see [`super::fields`]), every problem located at
//! its line in the file.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use jiff::tz::TimeZone;
use jiff::{Timestamp, ZonedDateTime};

use super::date::{self, parse_post_date};
use super::fields::{Fields, Located};
use super::file::{Flavor, JekyllFolder, Markup, PostFile, has_template_braces};
use super::front_matter::{self, Node};
use super::media::{self, MediaFile};
use crate::config::Languages;
use crate::error::{Diagnostic, SourceSpot};
use crate::person::Person;
use crate::profile::{Profile, Tool};
use crate::text::{clean, clean_trimmed};

/// Where a post's body is in its file, and what a first look at it found: the body itself
/// is not kept (most posts of a big site only reach the sitemap), but read again, once, by
/// the body stage, straight from here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyPlace {
    /// Byte offset of the body in the file's text as decoded (byte-order mark dropped, CRLF
    /// read as LF): no front matter is split again to find it.
    pub offset: usize,
    /// The file's length when it was read; a file that changed since is an error, not a
    /// body cut at the wrong place.
    pub file_bytes: u64,
    /// The line of the file on which the body starts, for messages about the body.
    pub first_line: u64,
    /// Whether the body may hold template syntax (`{{`, `{%`, or MDX).
    pub may_have_templates: bool,
    /// Whether the body may show an image (`![` or `<img`).
    pub may_have_images: bool,
}

/// A post as read from its file, before any rendering.
#[derive(Debug, Clone)]
pub struct Post {
    /// The file it came from.
    pub source_path: PathBuf,
    /// Its path inside the content folder, `/`-separated.
    pub relative_path: String,
    /// The folder inside the content folder (`{path}` in permalinks).
    pub folder: String,
    /// The name its file or bundle folder gives, date prefix included: what Jekyll's
    /// `{% post_url %}` names.
    pub file_name: String,
    /// URL-safe name: `slug:` if given, else the file (or bundle folder) name, slugified,
    /// without a date prefix.
    pub slug: String,
    /// The post's path under `base_url` given outright by `path` (Zola), `url` (Hugo) or
    /// `permalink` (Jekyll), without a leading `/`; it replaces the permalink pattern.
    pub site_path: Option<String>,
    /// Title, plain text.
    pub title: String,
    /// Short plain-text description, if any.
    pub description: Option<String>,
    /// First publication, in the site time zone.
    pub published: ZonedDateTime,
    /// Last update, if given, in the site time zone.
    pub updated: Option<ZonedDateTime>,
    /// A draft with no date anywhere (Jekyll's `_drafts`): `published` is a stand-in until
    /// a build with drafts dates it "now", as Jekyll does with the file's time.
    pub undated: bool,
    /// Cover image as written (often site-relative).
    pub cover_image: Option<String>,
    /// Where the cover image is written in the file (line, column), for warnings; the line's
    /// text is read again for the rare warning rather than kept for every post.
    pub cover_image_at: Option<(u64, u64)>,
    /// The cover image's file in the static folder, when it is there (boxed, like the
    /// enclosure's: a post without one pays a pointer).
    pub cover_media: Option<Box<MediaFile>>,
    /// An enclosure (`enclosure`, `audio` or `video`) as written: a podcast episode, a video.
    pub enclosure: Option<String>,
    /// The enclosure's file in the static folder, when it is there.
    pub enclosure_media: Option<Box<MediaFile>>,
    /// Front-matter keys feedsmith does not read that look like misspellings of one it
    /// does (`tgas`): the key, the one it resembles, and where it is.
    pub misspelled_keys: Vec<(String, &'static str, SourceSpot)>,
    /// Tags in the order written, empty ones dropped.
    pub tags: Vec<String>,
    /// Categories in the order written, empty ones dropped.
    pub categories: Vec<String>,
    /// Authors, in the order written.
    pub authors: Vec<Person>,
    /// Whether `slug` was written in the front matter (else it comes from the file name).
    pub slug_given: bool,
    /// Whether the post is a draft.
    pub draft: bool,
    /// A page its tool never lists as a post: Hugo's `headless: true` or `render: never`
    /// (`_build`), or, under any tool's profile but Jekyll's, a page without a date. Read, so
    /// its problems are reported, and then left out.
    pub headless: bool,
    /// A stable id given in front matter (an absolute URI), replacing the permalink as id.
    pub id: Option<String>,
    /// The template languages its body is read with.
    pub flavor: Flavor,
    /// Where the body is, and what a first look at it found.
    pub body: BodyPlace,
    /// Top-level front-matter values as text, kept only when the body uses `{{ page.… }}`.
    pub page_values: Vec<(String, String)>,
    /// Which of the config's `languages` it is in (0, the default, when none are declared).
    pub language: usize,
    /// Hugo's `translationKey`, which links translations whose paths differ (read only on a
    /// site that declares its languages).
    pub translation_key: Option<String>,
}

impl Post {
    /// The `{title}` of a permalink, as Hugo's `:slug` makes it: the front matter's `slug`,
    /// else the title as the tool writes a path segment.
    pub fn title_slug(&self, profile: &Profile) -> String {
        match self.slug_given {
            true => self.slug.clone(),
            false => profile.segment(&self.title),
        }
    }
}

/// The names each field is read under, first listed first (the README's table).
mod names {
    pub(crate) const TITLE: &[&str] = &["title"];
    pub(crate) const DATE: &[&str] = &["date", "publishDate", "pubDate", "published"];
    pub(crate) const UPDATED: &[&str] = &[
        "updated",
        "lastmod",
        "lastModified",
        "last_modified_at",
        "modified",
        "updatedDate",
    ];
    pub(crate) const DESCRIPTION: &[&str] = &["description", "summary", "excerpt"];
    pub(crate) const IMAGE: &[&str] = &[
        "coverImage",
        "cover_image",
        "cover",
        "image",
        "images",
        "heroImage",
        "featured_image",
    ];
    pub(crate) const TAGS: &[&str] = &["tags"];
    pub(crate) const CATEGORIES: &[&str] = &["category", "categories"];
    pub(crate) const AUTHORS: &[&str] = &["author", "authors"];
    pub(crate) const SITE_PATH: &[&str] = &["path", "url", "permalink"];
    /// The other keys read.
    pub(crate) const OTHERS: &[&str] = &[
        "slug",
        "draft",
        "id",
        "enclosure",
        "audio",
        "video",
        "taxonomies",
        "headless",
        "_build",
        "build",
    ];
    /// Every key feedsmith reads.
    pub(crate) const ALL: &[&[&str]] = &[
        TITLE,
        DATE,
        UPDATED,
        DESCRIPTION,
        IMAGE,
        TAGS,
        CATEGORIES,
        AUTHORS,
        SITE_PATH,
        OTHERS,
    ];
    /// Keys other tools define that are a letter or two from one feedsmith reads, and so
    /// no misspelling.
    pub(crate) const OTHER_TOOLS: &[&str] = &["data", "tag", "layouts"];
}

/// The top-level keys of `root` that feedsmith does not read but that are a typo or two
/// from a key it does (`tgas` → `tags`, `descripton` → `description`). Keys of other tools
/// (`layout`, `weight`) are far from every one and are left alone.
fn misspelled_keys(root: &Node, text: &str) -> Vec<(String, &'static str, SourceSpot)> {
    let front_matter::Value::Map(entries) = &root.value else {
        return Vec::new();
    };
    let known: Vec<&'static str> = names::ALL
        .iter()
        .flat_map(|names| names.iter().copied())
        // Two letters are too few to tell a typo from another word.
        .filter(|name| name.len() > 2)
        .collect();
    entries
        .iter()
        .filter(|(key, _)| {
            !names::ALL.iter().any(|names| names.contains(&key.as_str()))
                && !names::OTHER_TOOLS.contains(&key.as_str())
        })
        .filter_map(|(key, node)| {
            let near = crate::yaml::closest(key, &known)?;
            Some((key.clone(), near, SourceSpot::new(text, node.line, 1)))
        })
        .collect()
}

/// Decodes a post file's bytes into text without a byte-order mark or CRLF line endings.
pub(super) fn decode<'a>(path: &Path, bytes: &'a [u8]) -> Result<Cow<'a, str>, Diagnostic> {
    let text = std::str::from_utf8(bytes).map_err(|err| {
        let line = bytes[..err.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64
            + 1;
        Diagnostic::at(
            path,
            line,
            1,
            format!(
                "file is not valid UTF-8 (invalid byte at offset {})",
                err.valid_up_to()
            ),
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    Ok(if text.contains('\r') {
        Cow::Owned(text.replace("\r\n", "\n"))
    } else {
        Cow::Borrowed(text)
    })
}

/// The cleaned Markdown body of a post file's `bytes`, at `place` (from the post's reading):
/// the front matter is not split again. A file whose length changed since is an error.
pub fn body_of(path: &Path, bytes: &[u8], place: &BodyPlace) -> Result<String, Diagnostic> {
    let changed = || Diagnostic::file(path, "changed while feedsmith was running; build again");
    if bytes.len() as u64 != place.file_bytes {
        return Err(changed());
    }
    let text = decode(path, bytes)?;
    let body = text.get(place.offset..).ok_or_else(changed)?;
    Ok(clean(body).into_owned())
}

/// Parses one post file's bytes into its metadata. The body is not kept: most posts of a
/// big site only reach the sitemap; the body stage reads it again at its [`BodyPlace`].
pub fn parse_post(
    file: &PostFile,
    bytes: &[u8],
    timezone: &TimeZone,
) -> Result<Post, Vec<Diagnostic>> {
    parse_post_in(file, bytes, timezone, None, &Profile::default(), None)
}

/// [`parse_post`] for a site whose static files are in `static_dir`: the cover image's and
/// the enclosure's files there are described (length, type, size) as the post is read, so
/// the post is complete when it leaves here. With the site's `languages` declared, the post
/// is in one of them.
pub(crate) fn parse_post_in(
    file: &PostFile,
    bytes: &[u8],
    timezone: &TimeZone,
    static_dir: Option<&Path>,
    profile: &Profile,
    languages: Option<&Languages>,
) -> Result<Post, Vec<Diagnostic>> {
    let text = decode(&file.path, bytes).map_err(|problem| vec![problem])?;
    parse_text(
        file,
        &text,
        bytes.len() as u64,
        timezone,
        (static_dir, languages),
        profile,
    )
    .map_err(|problems| problems.into_iter().map(|d| d.with_source(&text)).collect())
}

fn parse_text(
    file: &PostFile,
    text: &str,
    file_bytes: u64,
    timezone: &TimeZone,
    (static_dir, languages): (Option<&Path>, Option<&Languages>),
    profile: &Profile,
) -> Result<Post, Vec<Diagnostic>> {
    let path = file.path.as_path();
    let split = front_matter::split(text)
        .map_err(|err| vec![Diagnostic::at(path, err.line(), 1, err.message())])?;
    let root = front_matter::parse(&split, path, profile.tool == Some(Tool::Jekyll))
        .map_err(|d| vec![d])?;
    let mut fields = Fields::new(&root, path);
    let at_top = |message: String| Diagnostic::at(path, split.opening_line, 1, message);
    let mut problems = Vec::new();

    let name = date::date_prefix(&file.name).map_or(file.name.as_str(), |(_, rest)| rest);
    let title = read_title(&mut fields, path, name, &at_top, &mut problems);
    let slug_source = profile.slug_source(&file.name);
    let site_path = read_site_path(&mut fields, path, &mut problems);
    let draft = is_draft(&mut fields, file);
    let headless = is_headless(&fields);
    let undated_is_no_post = undated_is_no_post(profile);
    let (published, updated) = read_dates(
        &mut fields,
        file,
        site_path.as_deref(),
        draft || headless || undated_is_no_post,
        timezone,
        split.opening_line,
        &mut problems,
    );
    let slug_given = fields.first(&["slug"]).is_some();
    let slug = read_slug(&mut fields, path, slug_source, profile, &mut problems);
    let id = fields.text(&["id"]);
    let description = fields.text(names::DESCRIPTION);
    let cover_image = read_cover(&mut fields);
    let enclosure = fields.text(&["enclosure", "audio", "video"]);
    check_links(
        path,
        id.as_ref(),
        [cover_image.as_ref(), enclosure.as_ref()],
        &mut problems,
    );
    let jekyll = file.jekyll.is_some();
    let tags = fields.terms(names::TAGS, "taxonomies", "tags", jekyll);
    let categories = fields.terms(names::CATEGORIES, "taxonomies", "categories", jekyll);
    let authors = fields.people(names::AUTHORS);
    let (language, translation_key) = match languages.filter(|languages| languages.declared) {
        Some(languages) => read_translation(&mut fields, file, languages, &mut problems),
        None => (0, None),
    };
    let (flavor, body) = look_at_body(file, text, &split, file_bytes, profile);
    let page_values = page_values(&fields, &body, split.body, profile);
    problems.append(&mut fields.problems);
    if !problems.is_empty() {
        problems.sort_by_key(|p| p.position);
        return Err(problems);
    }
    let undated = published.is_none();
    let headless = headless || (undated && undated_is_no_post && !draft);
    // A stand-in for a page that has none: a draft until it is dated, or no post at all.
    let stand_in = || Timestamp::UNIX_EPOCH.to_zoned_datetime(timezone.clone());
    let published = published.or_else(|| (draft || headless).then(stand_in));
    let published = published.expect("a missing or bad date was reported above");
    let (cover_image, enclosure, [cover_media, enclosure_media]) =
        media_of(cover_image, enclosure, static_dir);
    Ok(Post {
        source_path: path.to_path_buf(),
        relative_path: file.relative.clone(),
        folder: file.folder.clone(),
        file_name: file.name.clone(),
        slug,
        site_path,
        title,
        description: description.and_then(|d| non_empty(d.text)),
        published,
        updated,
        undated,
        cover_image_at: cover_image.as_ref().map(|c| (c.line, c.column)),
        cover_image: cover_image.map(|c| c.text.trim().to_string()),
        cover_media,
        enclosure,
        enclosure_media,
        misspelled_keys: misspelled_keys(&root, text),
        tags: cleaned_terms(tags),
        categories: cleaned_terms(categories),
        authors: authors.into_iter().map(Person::read_as_written).collect(),
        slug_given,
        draft,
        headless,
        id: id.map(|id| id.text.trim().to_string()),
        flavor,
        body,
        page_values,
        language,
        translation_key,
    })
}

/// The cover image and the enclosure, blanks dropped, each with its file in the static
/// folder when it is there.
fn media_of(
    cover_image: Option<Located>,
    enclosure: Option<Located>,
    static_dir: Option<&Path>,
) -> (Option<Located>, Option<String>, [Option<Box<MediaFile>>; 2]) {
    let cover_image = cover_image.filter(|c| !c.text.trim().is_empty());
    let enclosure =
        enclosure.and_then(|e| Some(e.text.trim().to_string()).filter(|e| !e.is_empty()));
    let media = [
        cover_image.as_ref().map(|c| c.text.trim()),
        enclosure.as_deref(),
    ]
    .map(|reference| in_static(static_dir, reference).map(Box::new));
    (cover_image, enclosure, media)
}

/// The language a post of a site that declares its languages is in, and its Hugo
/// `translationKey`.
fn read_translation(
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
fn read_language(
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

/// Zola leaves a page without a date out of its sorted sections and feeds, and the other
/// tools' blog listings sort by a date a landing or About page lacks: under a tool's
/// profile such a page is no post. (Jekyll's `_posts` always carry one, in the name.)
fn undated_is_no_post(profile: &Profile) -> bool {
    profile.tool.is_some_and(|tool| tool != Tool::Jekyll)
}

/// The cover image. An Astro or Vite import alias (`@/assets/x.png`, `~/x.png`) names a
/// file the tool bundles under a hashed URL, not a page: no URL a feed could carry.
fn read_cover(fields: &mut Fields<'_>) -> Option<Located> {
    fields
        .image(names::IMAGE)
        .filter(|image| !image.text.trim_start().starts_with(['@', '~']))
}

/// The front-matter values a body's templates may read: kept only when the body may use
/// them (`page.x`, Hugo's `param`, Eleventy's bare `{{ x }}`), as most posts never do.
fn page_values(
    fields: &Fields<'_>,
    body: &BodyPlace,
    text: &str,
    profile: &Profile,
) -> Vec<(String, String)> {
    let used =
        text.contains("page.") || text.contains("param") || profile.tool == Some(Tool::Eleventy);
    match body.may_have_templates && used {
        true => fields.scalars(),
        false => Vec::new(),
    }
}

/// The title: `title` cleaned, or Jekyll's from the file name. A `title` that is there but
/// not text has its problem reported by `fields`.
fn read_title(
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

/// The post's own path under `base_url` (`path`, `url` or `permalink`), when it gives one.
fn read_site_path(
    fields: &mut Fields<'_>,
    path: &Path,
    problems: &mut Vec<Diagnostic>,
) -> Option<String> {
    let site_path = match fields.first(names::SITE_PATH) {
        Some((_, node)) if matches!(node.value, front_matter::Value::Bool(_)) => None,
        Some((key, _)) => fields.text(names::SITE_PATH).map(|value| (key, value)),
        None => None,
    };
    match site_path {
        // An Eleventy permalink template (`/{{ page.fileSlug }}/`) needs its template
        // engine: the config's permalink pattern stands in.
        Some((_, value)) if value.text.contains("{{") || value.text.contains("{%") => None,
        Some((key, value)) => match check_site_path(&value.text, key == "path") {
            Ok(site_path) => Some(site_path),
            Err(message) => {
                problems.push(located_at(path, &value, format!("`{key}` {message}")));
                None
            }
        },
        None => None,
    }
}

/// Whether the post is a draft: `draft: true`, Eleventy's `permalink: false` (no page on
/// the site), Jekyll's `_drafts` folder or `published: false`.
fn is_draft(fields: &mut Fields<'_>, file: &PostFile) -> bool {
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

/// Whether Hugo would never publish the page: a headless bundle (`headless: true`), or build
/// options (`_build`, `build`) with `render: never` (`false` before Hugo 0.76).
fn is_headless(fields: &Fields<'_>) -> bool {
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
    flag("headless") || never_rendered
}

/// The media file `reference` names, with its true size and type, when the site's static
/// folder holds it.
fn in_static(static_dir: Option<&Path>, reference: Option<&str>) -> Option<MediaFile> {
    static_dir
        .zip(reference)
        .and_then(|(dir, reference)| media::inspect(dir, reference))
}

/// Terms cleaned, the empty ones dropped.
fn cleaned_terms(terms: Vec<String>) -> Vec<String> {
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
fn read_dates(
    fields: &mut Fields<'_>,
    file: &PostFile,
    site_path: Option<&str>,
    draft: bool,
    timezone: &TimeZone,
    opening_line: u64,
    problems: &mut Vec<Diagnostic>,
) -> (Option<ZonedDateTime>, Option<ZonedDateTime>) {
    let path = file.path.as_path();
    let at_top = |message: String| Diagnostic::at(path, opening_line, 1, message);
    let name_date = date::date_prefix(&file.name).map(|(date, _)| date);
    let parse_date = |field: &str, value: &Located, problems: &mut Vec<Diagnostic>| {
        parse_post_date(&value.text, timezone)
            .map_err(|message| {
                let problem = located_at(path, value, format!("`{field}`: {message}"));
                problems.push(problem.with_help(date::help_for(field, &value.text)))
            })
            .ok()
    };
    let published = match fields.date(names::DATE) {
        Some((field, value)) => parse_date(field, &value, problems),
        None => {
            let found = name_date
                .or_else(|| site_path.and_then(date::date_in_path))
                .and_then(|date| date::at_midnight(date, timezone));
            // Jekyll's `_drafts` have no date until they are posted.
            if found.is_none() && !draft {
                problems.push(at_top(format!(
                    "missing date: no `date`, `publishDate`, `pubDate` or `published` field, no YYYY-MM-DD- prefix in the name \"{}\"{}",
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
        .date(names::UPDATED)
        .and_then(|(field, value)| parse_date(field, &value, problems));
    (published, updated)
}

/// The slug: `slug` as written, else the file (or bundle folder) name, slugified.
fn read_slug(
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
fn check_links(
    path: &Path,
    id: Option<&Located>,
    links: [Option<&Located>; 2],
    problems: &mut Vec<Diagnostic>,
) {
    if let Some(id) = id {
        let problem = match url::Url::parse(id.text.trim()) {
            Err(_) => Some(
                "must be an absolute URI such as `urn:uuid:…` or `tag:example.com,2024:post-1`, as Atom requires",
            ),
            Ok(uri) if matches!(uri.scheme(), "javascript" | "vbscript" | "data") => Some(
                "must not be a `javascript:`, `vbscript:` or `data:` URI: a reader may follow an id",
            ),
            Ok(_) => None,
        };
        if let Some(problem) = problem {
            problems.push(located_at(
                path,
                id,
                format!("`id` \"{}\" {problem}", id.text),
            ));
        }
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

/// A first look at the body, in `text` after its front matter: the template languages it is
/// read with, and where it is, for the body stage. Most posts hold no template syntax: one
/// pass over the body says so.
fn look_at_body(
    file: &PostFile,
    text: &str,
    split: &front_matter::Split<'_>,
    file_bytes: u64,
    profile: &Profile,
) -> (Flavor, BodyPlace) {
    let mdx = file.markup == Markup::Mdx;
    let bare_json =
        split.format == front_matter::Format::Json && split.front_first_line == split.opening_line;
    let flavor = profile.flavor(file.markup, || {
        match mdx || has_template_braces(split.body) {
            true => Flavor::of(
                mdx,
                split.format == front_matter::Format::Toml || bare_json,
                split.body,
            ),
            false => Flavor::Liquid,
        }
    });
    let has_templates = flavor.may_have_templates(split.body);
    let body = BodyPlace {
        offset: text.len() - split.body.len(),
        file_bytes,
        first_line: split.body_first_line,
        may_have_templates: has_templates,
        may_have_images: split.body.contains("![")
            || crate::text::contains_ascii_ignore_case(split.body, "<img"),
    };
    (flavor, body)
}

fn located_at(path: &Path, value: &Located, message: String) -> Diagnostic {
    Diagnostic::at(path, value.line, value.column, message)
}

fn non_empty(text: String) -> Option<String> {
    Some(clean_trimmed(&text)).filter(|t| !t.is_empty())
}

/// Jekyll's title for a post without one: the file name's words, capitalised.
fn title_from_name(name: &str) -> String {
    name.split(['-', '_', ' '])
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
fn check_site_path(text: &str, is_zola_path: bool) -> Result<String, String> {
    let trimmed = text.trim();
    let bad = |why: &str| {
        Err(format!(
            "\"{trimmed}\" must be a path under `base_url` ({why})"
        ))
    };
    if trimmed.starts_with("//") || trimmed.contains('\\') {
        return bad("it names another host");
    }
    let first_segment = trimmed.split('/').next().unwrap_or_default();
    if first_segment.contains(':') {
        return bad("it has a scheme");
    }
    if trimmed
        .chars()
        .any(|c| c.is_control() || c == '?' || c == '#')
    {
        return bad("it has a query, fragment or control character");
    }
    if trimmed
        .split('/')
        .any(|segment| segment == ".." || segment == ".")
    {
        return bad("`.` and `..` segments are not allowed");
    }
    let inner = trimmed.trim_start_matches('/');
    if inner.is_empty() {
        return bad("it is the site root");
    }
    if is_zola_path {
        Ok(format!("{}/", inner.trim_end_matches('/')))
    } else {
        Ok(inner.to_string())
    }
}

/// A slug becomes a URL path segment and a folder name, so it must be one safe segment.
fn check_slug(slug: &str) -> Result<(), String> {
    if slug.is_empty() {
        Err("it is empty".into())
    } else if slug.starts_with('.') {
        Err(format!("\"{slug}\" starts with a dot"))
    } else if slug.contains(['/', '\\', '?', '#']) {
        Err(format!("\"{slug}\" contains `/`, `\\`, `?` or `#`"))
    } else if slug.chars().any(|c| c.is_control() || c.is_whitespace()) {
        Err(format!(
            "\"{}\" contains spaces or control characters",
            slug.escape_debug()
        ))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_at(file: &str, text: &str) -> Result<Post, Vec<String>> {
        let file = match PostFile::classify(Path::new("content"), Path::new(file)) {
            super::super::file::FileRole::Post(file) => file,
            other => panic!("{other:?}"),
        };
        parse_post(&file, text.as_bytes(), &TimeZone::UTC)
            .map_err(|ds| ds.iter().map(Diagnostic::headline).collect())
    }

    fn parse(text: &str) -> Result<Post, Vec<String>> {
        parse_at("content/p.md", text)
    }

    #[test]
    fn reads_every_field() {
        let post = parse(
            "\u{feff}---\r\ntitle: \" Hello \"\r\ndate: 2024-10-31\r\ncoverImage: /c.jpg\r\ntags: [a, ' b ', '']\r\nauthor: {name: Ann, email: ann@example.com}\r\nslug: hi\r\nextra: ignored\r\n---\r\nBody\r\n",
        )
        .unwrap();
        assert_eq!(post.title, "Hello");
        assert_eq!(post.slug, "hi");
        assert_eq!(post.tags, ["a", "b"]);
        assert_eq!(post.cover_image.as_deref(), Some("/c.jpg"));
        assert_eq!(post.authors[0].email.as_deref(), Some("ann@example.com"));
        assert_eq!(post.body.first_line, 10);
        let bytes = "\u{feff}---\r\ntitle: T\r\ndate: 2024-01-01\r\n---\r\nBody\r\n".as_bytes();
        let file = PostFile::top_level(Path::new("p.md"));
        let post = parse_post(&file, bytes, &TimeZone::UTC).unwrap();
        assert_eq!(
            body_of(Path::new("p.md"), bytes, &post.body).unwrap(),
            "Body\n"
        );
        // A file that changed since it was read is refused, not cut at the old place.
        let longer = "\u{feff}---\r\ntitle: T\r\ndate: 2024-01-01\r\nslug: s\r\n---\r\nBody\r\n";
        let err = body_of(Path::new("p.md"), longer.as_bytes(), &post.body).unwrap_err();
        assert!(
            err.message.contains("changed while feedsmith was running"),
            "{err}"
        );
    }

    #[test]
    fn reports_all_field_problems_with_lines() {
        let errors = parse("---\ntitle: ''\ndate: 2024-13-45\nslug: ../x\n---\n").unwrap_err();
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert_eq!(errors[0], "content/p.md:2:8: `title` must not be empty");
        assert!(
            errors[1].starts_with("content/p.md:3:7: `date`: \"2024-13-45\" is not a valid date"),
            "{errors:?}"
        );
        assert_eq!(
            errors[2],
            "content/p.md:4:7: `slug`: \"../x\" starts with a dot"
        );
    }

    #[test]
    fn wrong_shapes_name_the_field_and_every_one_is_reported() {
        let errors = parse(
            "---\ntitle: [a]\ndate: 2024-01-01\ntags: {a: b}\nauthor: [1, {email: x}]\n---\n",
        )
        .unwrap_err();
        assert_eq!(
            errors,
            [
                "content/p.md:2:8: `title` must be text, not a list",
                "content/p.md:4:7: `tags` must be a list of text or one text, not a map",
                "content/p.md:5:10: `author` must be a name, a map with `name` (and `email`, `url`), or a list of these, not a number",
                "content/p.md:5:13: `author` must be a name, a map with `name` (and `email`, `url`), or a list of these, not a map",
            ]
        );
    }

    #[test]
    fn missing_date_says_where_it_looked() {
        let errors = parse("---\n---\n").unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].starts_with("content/p.md:1:1: missing date: no `date`"),
            "{errors:?}"
        );
        assert!(
            errors[0].contains("no YYYY-MM-DD- prefix in the name \"p\""),
            "{errors:?}"
        );
        assert_eq!(
            parse("---\ntitle: a\n").unwrap_err(),
            ["content/p.md:1:1: front matter opened here is never closed with `---`"]
        );
        let missing = parse("title: a\n").unwrap_err();
        assert!(missing[0].contains("TOML between `+++`"), "{missing:?}");
    }

    #[test]
    fn the_tools_field_names() {
        let post = parse(
            "---\ntitle: T\npublishDate: \"11 Oct 2023\"\nlastmod: 2023-10-12\nsummary: S\nheroImage: {src: /h.png, alt: H}\ncategories: [a, b]\nauthors: [Ann, {name: Bob, url: https://bob.example}]\n---\n",
        )
        .unwrap();
        assert_eq!(post.published.date().to_string(), "2023-10-11");
        assert_eq!(post.updated.unwrap().date().to_string(), "2023-10-12");
        assert_eq!(post.description.as_deref(), Some("S"));
        assert_eq!(post.cover_image.as_deref(), Some("/h.png"));
        assert_eq!(post.categories, ["a", "b"]);
        let names: Vec<&str> = post.authors.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["Ann", "Bob"]);
        // The first name listed wins when two are present.
        let post = parse(
            "---\ntitle: T\npubDate: 2020-01-01\ndate: 2021-01-01\nexcerpt: E\ndescription: D\nimages: [/a.png, /b.png]\n---\n",
        )
        .unwrap();
        assert_eq!(post.published.date().to_string(), "2021-01-01");
        assert_eq!(post.description.as_deref(), Some("D"));
        assert_eq!(post.cover_image.as_deref(), Some("/a.png"));
    }

    #[test]
    fn jekyll_posts() {
        let post = parse_at(
            "content/_posts/2014-12-17-welcome-to-jekyll.markdown",
            "---\nlayout: post\ndate: 2014-12-17 11:16:21 -0800\ncategories: jekyll update\npublished: false\n---\n",
        )
        .unwrap();
        assert_eq!(post.title, "Welcome To Jekyll");
        assert_eq!(post.slug, "welcome-to-jekyll");
        assert_eq!(post.categories, ["jekyll", "update"]);
        assert_eq!(post.folder, "_posts");
        assert!(post.draft);
        assert_eq!(
            post.published.timestamp().to_string(),
            "2014-12-17T19:16:21Z"
        );
        let undated = parse_at("content/2015-01-02-x.md", "---\ntitle: X\n---\n").unwrap();
        assert_eq!(undated.published.date().to_string(), "2015-01-02");
        assert_eq!(undated.slug, "x");
    }

    #[test]
    fn zola_posts() {
        let post = parse_at(
            "content/blog/Release-1.2.0.md",
            "+++\ntitle = \"Release\"\npath = \"2025/06/26/Release-1.2.0\"\n[taxonomies]\ntags = [\"release\"]\ncategories = [\"news\"]\n[extra]\nauthor = \"x\"\n+++\nBody\n",
        )
        .unwrap();
        assert_eq!(post.published.date().to_string(), "2025-06-26");
        assert_eq!(post.site_path.as_deref(), Some("2025/06/26/Release-1.2.0/"));
        assert_eq!(post.slug, "release-1.2.0");
        assert_eq!(post.tags, ["release"]);
        assert_eq!(post.categories, ["news"]);
        let dated = parse("+++\ntitle = \"T\"\ndate = 2024-02-03T04:05:06Z\n+++\n").unwrap();
        assert_eq!(
            dated.published.timestamp().to_string(),
            "2024-02-03T04:05:06Z"
        );
    }

    #[test]
    fn site_paths_stay_under_the_base_url() {
        for bad in [
            "../x",
            "//evil.example/x",
            "https://evil.example/x",
            "/a/../../b",
            "/",
        ] {
            let errors = parse(&format!(
                "---\ntitle: T\ndate: 2024-01-01\nurl: \"{bad}\"\n---\n"
            ))
            .unwrap_err();
            assert!(
                errors[0].contains("must be a path under `base_url`"),
                "{bad}: {errors:?}"
            );
        }
        let post = parse("---\ntitle: T\ndate: 2024-01-01\nurl: /blog/x.html\n---\n").unwrap();
        assert_eq!(post.site_path.as_deref(), Some("blog/x.html"));
    }

    #[test]
    fn file_name_slugs() {
        for (file, slug) in [
            ("content/My First Post.md", "my-first-post"),
            ("content/DeepThought/index.md", "deepthought"),
            ("content/2021-02-03-targets/index.md", "targets"),
            ("content/snake_case.md", "snake_case"),
        ] {
            let post = parse_at(file, "---\ntitle: T\ndate: 2024-01-01\n---\n").unwrap();
            assert_eq!(post.slug, slug, "{file}");
        }
    }

    #[test]
    fn non_utf8_names_the_line() {
        let err = parse_post(
            &PostFile::top_level(Path::new("p.md")),
            b"---\ntitle: \xff\n---\n",
            &TimeZone::UTC,
        )
        .unwrap_err();
        assert_eq!(
            err[0].headline(),
            "p.md:2:1: file is not valid UTF-8 (invalid byte at offset 11)"
        );
    }
}
