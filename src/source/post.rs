//! One post file parsed into a validated [`Post`]: front matter in any of the three formats,
//! its fields read under every tool's names (see [`super::fields`]), every problem located at
//! its line in the file.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use jiff::tz::TimeZone;
use jiff::{Timestamp, ZonedDateTime};

use super::date::{self};
use super::fields::{Fields, Located};
use super::file::{Flavor, Markup, PostFile, has_template_braces};
use super::front_matter::{self, Node};
use super::read::{
    Listing, check_links, cleaned_terms, is_draft, is_headless, located_at, non_empty, read_cover,
    read_dates, read_listing, read_site_path, read_slug, read_title, read_translation,
};
use crate::config::Languages;
use crate::config::PermalinkPattern;
use crate::error::{Diagnostic, SourceSpot};
use crate::media::{self, MediaFile};
use crate::person::Person;
use crate::profile::keys as names;
use crate::profile::{Profile, SchemaDates};
use crate::text::clean;

/// Where a post's body is in its file, and what a first look at it found: the body itself
/// is not kept (most posts of a big site only reach the sitemap), but read again, once, by
/// the body stage, straight from here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct BodyPlace {
    /// Byte offset of the body in the file's text as decoded (byte-order mark dropped, CRLF
    /// read as LF): no front matter is split again to find it.
    pub(crate) offset: usize,
    /// The file's length when it was read; a file that changed since is an error, not a
    /// body cut at the wrong place.
    pub(crate) file_bytes: u64,
    /// The line of the file on which the body starts, for messages about the body.
    pub(crate) first_line: u64,
    /// Whether the body may hold template syntax (`{{`, `{%`, or MDX).
    pub(crate) may_have_templates: bool,
    /// Whether the body may show an image (`![` or `<img`).
    pub(crate) may_have_images: bool,
}

/// A post as read from its file, before any rendering.
#[derive(Debug, Clone)]
pub(crate) struct Post {
    /// The file it came from.
    pub(crate) source_path: PathBuf,
    /// Its path inside the content folder, `/`-separated.
    pub(crate) relative_path: String,
    /// The folder inside the content folder (`{path}` in permalinks).
    pub(crate) folder: String,
    /// The name its file or bundle folder gives, date prefix included: what Jekyll's
    /// `{% post_url %}` names.
    pub(crate) file_name: String,
    /// URL-safe name: `slug:` if given, else the file (or bundle folder) name, slugified,
    /// without a date prefix.
    pub(crate) slug: String,
    /// The post's path under `base_url` given outright by `path` (Zola), `url` (Hugo) or
    /// `permalink` (Jekyll), without a leading `/`; it replaces the permalink pattern.
    pub(crate) site_path: Option<String>,
    /// The post's own permalink pattern, where its `permalink` is an Eleventy template
    /// feedsmith can say as one (`/blog/{{ title | slugify }}/` is `/blog/{title}/`); it
    /// replaces its folder's.
    pub(crate) own_pattern: Option<PermalinkPattern>,
    /// Title, plain text.
    pub(crate) title: String,
    /// Short plain-text description, if any.
    pub(crate) description: Option<String>,
    /// First publication, in the site time zone.
    pub(crate) published: ZonedDateTime,
    /// Last update, if given, in the site time zone.
    pub(crate) updated: Option<ZonedDateTime>,
    /// A draft with no date anywhere (Jekyll's `_drafts`): `published` is a stand-in until
    /// a build with drafts dates it "now", as Jekyll does with the file's time.
    pub(crate) undated: bool,
    /// Cover image as written (often site-relative).
    pub(crate) cover_image: Option<String>,
    /// Where the cover image is written in the file (line, column), for warnings; the line's
    /// text is read again for the rare warning rather than kept for every post.
    pub(crate) cover_image_at: Option<(u64, u64)>,
    /// The cover image's file in the static folder, when it is there (boxed, like the
    /// enclosure's: a post without one pays a pointer).
    pub(crate) cover_media: Option<Box<MediaFile>>,
    /// An enclosure (`enclosure`, `audio` or `video`) as written: a podcast episode, a video.
    pub(crate) enclosure: Option<String>,
    /// The enclosure's file in the static folder, when it is there.
    pub(crate) enclosure_media: Option<Box<MediaFile>>,
    /// What it says of itself as a podcast episode, if anything (boxed: most posts are
    /// none).
    pub(crate) episode: Option<Box<super::episode::Episode>>,
    /// Front-matter keys feedsmith does not read that look like misspellings of one it
    /// does (`tgas`): the key, the one it resembles, and where it is.
    pub(crate) misspelled_keys: Vec<(String, &'static str, SourceSpot)>,
    /// Tags in the order written, empty ones dropped.
    pub(crate) tags: Vec<String>,
    /// Categories in the order written, empty ones dropped.
    pub(crate) categories: Vec<String>,
    /// Authors, in the order written.
    pub(crate) authors: Vec<Person>,
    /// Whether `slug` was written in the front matter (else it comes from the file name).
    pub(crate) slug_given: bool,
    /// Whether the post is a draft.
    pub(crate) draft: bool,
    /// A page its tool never lists as a post: Hugo's `headless: true` or `render: never`
    /// (`_build`), or, under any tool's profile but Jekyll's, a page without a date. Read, so
    /// its problems are reported, and then left out.
    pub(crate) headless: bool,
    /// Which lists it is in beyond its page: the feeds, the sitemap.
    pub(crate) listing: Listing,
    /// When its tool stops publishing it (Hugo's `expiryDate`): past that, it is left out
    /// unless the build keeps expired posts (`--expired`).
    pub(crate) expires: Option<ZonedDateTime>,
    /// A stable id given in front matter (an absolute URI), replacing the permalink as id.
    pub(crate) id: Option<String>,
    /// The template languages its body is read with.
    pub(crate) flavor: Flavor,
    /// The body is HTML (an Eleventy `.njk`, `.liquid` or `.html` template), not Markdown.
    pub(crate) is_html: bool,
    /// Where the body is, and what a first look at it found.
    pub(crate) body: BodyPlace,
    /// Top-level front-matter values as text, kept only when the body uses `{{ page.… }}`.
    pub(crate) page_values: Vec<(String, String)>,
    /// Which of the config's `languages` it is in (0, the default, when none are declared).
    pub(crate) language: usize,
    /// Hugo's `translationKey`, which links translations whose paths differ (read only on a
    /// site that declares its languages).
    pub(crate) translation_key: Option<String>,
}

impl Post {
    /// The `{title}` of a permalink, as Hugo's `:slug` makes it: the front matter's `slug`,
    /// else the title as the tool writes a path segment.
    pub(crate) fn title_slug(&self, profile: &Profile) -> String {
        match self.slug_given {
            true => self.slug.clone(),
            false => profile.title_segment(&self.title),
        }
    }
}

/// The top-level keys of `root` that feedsmith does not read but that are a typo or two
/// from a key it does (`tgas` → `tags`, `descripton` → `description`). Keys of other tools
/// (`layout`, `weight`) are far from every one and are left alone.
fn misspelled_keys(
    root: &Node,
    text: &str,
    any_case: bool,
) -> Vec<(String, &'static str, SourceSpot)> {
    let front_matter::Value::Map(entries) = &root.value else {
        return Vec::new();
    };
    // Found when a first key is misspelt: most posts have none, and a post with thousands
    // pays for its lines once.
    let lines = std::cell::OnceCell::new();
    let known: Vec<&'static str> = names::ALL
        .iter()
        .flat_map(|names| names.iter().copied())
        // Two letters are too few to tell a typo from another word.
        .filter(|name| name.len() > 2)
        .collect();
    entries
        .iter()
        .filter(|(key, _)| {
            // Hugo reads `publishdate` as `publishDate`: a name read in any case is known.
            let is = |name: &&str| match any_case {
                true => name.eq_ignore_ascii_case(key),
                false => *name == key.as_str(),
            };
            !names::ALL.iter().any(|names| names.iter().any(is))
                && !names::OTHER_TOOLS.iter().any(is)
        })
        .filter_map(|(key, node)| {
            let near = crate::yaml::closest(key, &known)?;
            let spot = SourceSpot {
                line: node.line,
                column: 1,
                source_line: lines
                    .get_or_init(|| crate::error::SourceLines::of(text))
                    .line(node.line)
                    .unwrap_or_default()
                    .to_string(),
            };
            Some((key.clone(), near, spot))
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
pub(crate) fn body_of(path: &Path, bytes: &[u8], place: &BodyPlace) -> Result<String, Diagnostic> {
    let changed = || Diagnostic::file(path, "changed while feedsmith was running; build again");
    if bytes.len() as u64 != place.file_bytes {
        return Err(changed());
    }
    let text = decode(path, bytes)?;
    let body = text.get(place.offset..).ok_or_else(changed)?;
    Ok(clean(body).into_owned())
}

/// [`parse_post_in`] for one file of a site with no languages, tool or static folder.
#[cfg(any(test, feature = "stages"))]
pub(crate) fn parse_post(
    file: &PostFile,
    bytes: &[u8],
    timezone: &TimeZone,
) -> Result<Post, Vec<Diagnostic>> {
    parse_post_in(
        file,
        bytes,
        timezone,
        None,
        (&Profile::default(), &SchemaDates::default()),
        None,
    )
}

/// Parses one post file's bytes into its metadata. The body is not kept: most posts of a
/// big site only reach the sitemap; the body stage reads it again at its [`BodyPlace`].
/// With the site's static files in `static_dir`, the cover image's and the enclosure's
/// files there are described (length, type, size) as the post is read, so the post is
/// complete when it leaves here. With the site's `languages` declared, the post is in one
/// of them. A date field the site's content `schema` declares is read before the tools' names.
pub(crate) fn parse_post_in(
    file: &PostFile,
    bytes: &[u8],
    timezone: &TimeZone,
    static_dir: Option<&Path>,
    (profile, schema): (&Profile, &SchemaDates),
    languages: Option<&Languages>,
) -> Result<Post, Vec<Diagnostic>> {
    let text = decode(&file.path, bytes).map_err(|problem| vec![problem])?;
    parse_text(
        file,
        &text,
        bytes.len() as u64,
        timezone,
        (static_dir, languages, schema),
        profile,
    )
    .map_err(|problems| crate::error::with_sources(problems, &text))
}

fn parse_text(
    file: &PostFile,
    text: &str,
    file_bytes: u64,
    timezone: &TimeZone,
    (static_dir, languages, schema): (Option<&Path>, Option<&Languages>, &SchemaDates),
    profile: &Profile,
) -> Result<Post, Vec<Diagnostic>> {
    let path = file.path.as_path();
    let split = match front_matter::split(text) {
        // A page with no front matter at all is a page with no fields (no date: no post).
        Err(front_matter::SplitError::Missing) if profile.front_matter_optional() => {
            front_matter::Split {
                format: front_matter::Format::Yaml,
                front: "",
                opening_line: 1,
                front_first_line: 1,
                body: text,
                body_first_line: 1,
            }
        }
        split => split.map_err(|err| vec![Diagnostic::at(path, err.line(), 1, err.message())])?,
    };
    let root = front_matter::parse(&split, path, profile.last_key_wins()).map_err(|d| vec![d])?;
    let mut fields = Fields::new(&root, path).in_any_case(profile.keys_ignore_case());
    let mut problems = Vec::new();

    let identity = read_identity(
        &mut fields,
        file,
        (timezone, split.opening_line, schema),
        profile,
        &mut problems,
    );
    let id = fields.text(&["id"]);
    let (listing, expires) = read_reach(&mut fields, path, timezone, &mut problems);
    let description = fields.text(names::DESCRIPTION);
    let cover_image = read_cover(&mut fields);
    let enclosure = fields.text(&["enclosure", "audio", "video"]);
    let episode = super::episode::read_episode(&mut fields);
    let links = [cover_image.as_ref(), enclosure.as_ref()];
    check_links(path, id.as_ref(), links, &mut problems);
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
    let (published, headless) = identity.settled(profile, timezone);
    let (cover_image, enclosure, [cover_media, enclosure_media]) =
        media_of(cover_image, enclosure, static_dir);
    Ok(Post {
        source_path: path.to_path_buf(),
        relative_path: file.relative.clone(),
        folder: file.folder.clone(),
        file_name: file.name.clone(),
        slug: identity.slug,
        site_path: identity.site_path,
        own_pattern: identity.own_pattern,
        title: identity.title,
        description: description.and_then(|d| non_empty(d.text)),
        published,
        updated: identity.updated,
        undated: identity.published.is_none(),
        cover_image_at: cover_image.as_ref().map(|c| (c.line, c.column)),
        cover_image: cover_image.map(|c| c.text.trim().to_string()),
        cover_media,
        enclosure,
        enclosure_media,
        episode,
        misspelled_keys: misspelled_keys(&root, text, profile.keys_ignore_case()),
        tags: cleaned_terms(tags),
        categories: cleaned_terms(categories),
        authors: authors.into_iter().map(Person::read_as_written).collect(),
        slug_given: identity.slug_given,
        draft: identity.draft,
        headless,
        listing,
        expires,
        id: id.map(|id| id.text.trim().to_string()),
        flavor,
        is_html: file.markup == Markup::Html,
        body,
        page_values,
        language,
        translation_key,
    })
}

/// What names and places a post: its title, URL path, slug, dates and whether it is a
/// draft or no page at all, as its front matter and file give them.
struct Identity {
    title: String,
    site_path: Option<String>,
    own_pattern: Option<PermalinkPattern>,
    slug: String,
    slug_given: bool,
    draft: bool,
    headless: bool,
    /// `None` when undated (a problem, unless the post may be).
    published: Option<ZonedDateTime>,
    updated: Option<ZonedDateTime>,
}

impl Identity {
    /// The post's date and whether it is no page at all, once every problem is reported:
    /// an undated post is no page where its tool says so, and a draft or no page gets a
    /// stand-in date (a draft until it is dated).
    fn settled(&self, profile: &Profile, timezone: &TimeZone) -> (ZonedDateTime, bool) {
        let undated = self.published.is_none();
        let headless = self.headless || (undated && profile.undated_is_no_post() && !self.draft);
        let stand_in = || Timestamp::UNIX_EPOCH.to_zoned_datetime(timezone.clone());
        let published = self
            .published
            .clone()
            .or_else(|| (self.draft || headless).then(stand_in))
            .expect("a missing or bad date was reported above");
        (published, headless)
    }
}

/// Reads a post's [`Identity`] from its `fields` and `file`, its dates in `timezone` (the
/// front matter opening at `opening_line`).
fn read_identity(
    fields: &mut Fields<'_>,
    file: &PostFile,
    (timezone, opening_line, schema): (&TimeZone, u64, &SchemaDates),
    profile: &Profile,
    problems: &mut Vec<Diagnostic>,
) -> Identity {
    let path = file.path.as_path();
    let at_top = |message: String| Diagnostic::at(path, opening_line, 1, message);
    let name = date::date_prefix(&file.name).map_or(file.name.as_str(), |(_, rest)| rest);
    let title = read_title(fields, path, name, &at_top, problems);
    let slug_source = profile.slug_source(&file.name);
    let (site_path, own_pattern) = read_site_path(fields, path, problems);
    let draft = is_draft(fields, file);
    let headless = is_headless(fields);
    let (published, updated) = read_dates(
        fields,
        file,
        site_path.as_deref(),
        draft || headless || profile.undated_is_no_post(),
        (timezone, opening_line, schema),
        profile.dates_month_first(),
        problems,
    );
    let slug_given = fields.first(&["slug"]).is_some();
    let slug = read_slug(fields, path, slug_source, profile, problems);
    Identity {
        title,
        site_path,
        own_pattern,
        slug,
        slug_given,
        draft,
        headless,
        published,
        updated,
    }
}

/// When the post stops being published: Hugo's `expiryDate` (or `unpublishdate`), a date
/// as other dates are read; one that does not read is a problem at its line.
/// Where the post goes (its lists) and until when (its expiry).
fn read_reach(
    fields: &mut Fields<'_>,
    path: &Path,
    timezone: &TimeZone,
    problems: &mut Vec<Diagnostic>,
) -> (Listing, Option<ZonedDateTime>) {
    let listing = read_listing(fields);
    (listing, read_expiry(fields, path, timezone, problems))
}

fn read_expiry(
    fields: &mut Fields<'_>,
    path: &Path,
    timezone: &TimeZone,
    problems: &mut Vec<Diagnostic>,
) -> Option<ZonedDateTime> {
    let (field, value) = fields.date(&["expiryDate", "unpublishdate"])?;
    date::parse_post_date(&value.text, timezone)
        .map_err(|message| problems.push(located_at(path, &value, format!("`{field}`: {message}"))))
        .ok()
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

/// The front-matter values a body's templates may read: kept only when the body may use
/// them (`page.x`, Hugo's `param`, Eleventy's bare `{{ x }}`, a Zola shortcode's template,
/// which reads `page` where the body cannot be seen to), as most posts never do.
fn page_values(
    fields: &Fields<'_>,
    body: &BodyPlace,
    text: &str,
    profile: &Profile,
) -> Vec<(String, String)> {
    let used = text.contains("page.")
        || text.contains("param")
        || profile.bare_page_values()
        || profile.tool == Some(crate::profile::Tool::Zola);
    match body.may_have_templates && used {
        true => fields.scalars(),
        false => Vec::new(),
    }
}

/// The media file `reference` names, with its true size and type, when the site's static
/// folder holds it.
fn in_static(static_dir: Option<&Path>, reference: Option<&str>) -> Option<MediaFile> {
    static_dir
        .zip(reference)
        .and_then(|(dir, reference)| media::inspect(dir, reference))
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
