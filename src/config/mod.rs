//! The site config (`config/site.yaml`): the raw file as written, and the validated
//! [`SiteConfig`] the rest of the pipeline uses. Every default is stated on its field.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use jiff::tz::TimeZone;
use url::Url;

use crate::error::{Diagnostic, Error};
use crate::format::{FeedFormat, PerFormat};
use crate::person::Person;
use crate::profile::{Profile, SiteValues, Tool};

use crate::yaml;

pub(crate) mod defaults;
mod feed_sets;
mod languages;
mod raw;
mod validate;

pub(crate) use self::feed_sets::{CustomFeed, Located, NamedSection, SectionFeedsConfig};
pub(crate) use self::languages::{Language, Languages, same_language};
use self::raw::RawConfig;

/// The validated site config.
#[derive(Debug, Clone)]
pub struct SiteConfig {
    /// Site title (required).
    pub title: String,
    /// Site description (required).
    pub description: String,
    /// Absolute http(s) URL of the site root, always ending in `/` (required).
    pub base_url: Url,
    /// The languages the site publishes in (`languages:`), the default first; default: one,
    /// `language`, at the site root.
    pub languages: Languages,
    /// The site's author; default: none. Posts without an author fall back to it.
    pub author: Option<Person>,
    /// Time zone for dates written without an offset; default `UTC`.
    pub timezone: TimeZone,
    /// URL path of a post; default `/blog/{slug}/`.
    pub permalink: PermalinkPattern,
    /// The tool the posts are written for (`flavor:`), whose rules read them; default: none
    /// named, the tool whose config is found above the content folder ([`Profile::detect`]).
    pub flavor: Option<Tool>,
    /// The rules posts are read by: `flavor`'s, or the found tool's, resolved with the site.
    pub profile: Profile,
    /// The values of the tool's config its templates read (`{{ site.repository }}`).
    pub site_values: SiteValues,
    /// Folder of Markdown posts; default `content`.
    pub content_dir: PathBuf,
    /// Folder the outputs are written to; default `public`.
    pub output_dir: PathBuf,
    /// Gitignore-style globs, relative to the content folder, of files and folders that are
    /// not posts; default none.
    pub exclude: Vec<String>,
    /// Folder of the site's static files (served at `base_url`), used to warn about cover
    /// images that do not exist; default: none, no check.
    pub static_dir: Option<PathBuf>,
    /// Largest post file read, in bytes; default 10 MB (10485760).
    pub max_post_bytes: u64,
    /// Clean the posts' HTML by an allow-list of elements, attributes and URL schemes
    /// ([`crate::body::html::sanitize`]); default `false`: a site's own posts are trusted, readers
    /// sanitize what they show anyway, and cleaning changes what the author wrote.
    pub sanitize: bool,
    /// The main feeds.
    pub feeds: FeedsConfig,
    /// The sitemap.
    pub sitemap: SitemapConfig,
    /// Per-tag feeds.
    pub tag_feeds: TaxonomyFeedsConfig,
    /// Per-category feeds.
    pub category_feeds: TaxonomyFeedsConfig,
    /// The OPML list of every feed; default on, `feeds.opml`.
    pub opml: OutputFile,
    /// The HTML page listing every feed for people; default on, `feeds.html`.
    pub feeds_page: OutputFile,
    /// The `<link rel="alternate">` tags for the site's `<head>`; on with the feeds page,
    /// default `feeds-head.html`.
    pub feeds_head: OutputFile,
    /// WebSub hubs; default none.
    pub websub: WebSubConfig,
    /// RFC 5005 archived feeds; default off.
    pub archives: ArchivesConfig,
    /// The feeds of the content folder's sections.
    pub section_feeds: SectionFeedsConfig,
    /// Folders the config names sections (`sections:`); default none.
    pub sections: Vec<NamedSection>,
    /// The feeds the config defines (`custom_feeds:`); default none.
    pub custom_feeds: Vec<CustomFeed>,
}

/// RFC 5005 archived feeds: every feed's older posts in numbered archive pages of
/// `page_size` posts each, counted from the oldest, so a full page never changes.
#[derive(Debug, Clone)]
pub struct ArchivesConfig {
    /// Whether archive pages are written; default `false`.
    pub enabled: bool,
    /// Posts per archive page; default 50.
    pub page_size: usize,
}

/// WebSub (W3C Recommendation): the hubs every feed declares, and whether builds tell them
/// which feeds changed.
#[derive(Debug, Clone, Default)]
pub struct WebSubConfig {
    /// Hub URLs, absolute http(s); default none.
    pub hubs: Vec<Url>,
    /// Notify the hubs after every build that changed a feed (else only with `--ping`);
    /// default `false`.
    pub ping: bool,
}

/// Settings of the per-tag or per-category feeds.
#[derive(Debug, Clone)]
pub struct TaxonomyFeedsConfig {
    /// Whether the feeds are written; default `true`.
    pub enabled: bool,
    /// Folder of one term's feeds inside the output folder; default `tags/{slug}` and
    /// `categories/{slug}`.
    pub folder: String,
    /// URL path of the term's page on the site; default `/tags/{slug}/`, `/categories/{slug}/`.
    pub page_url: String,
    /// Most posts per feed; default 20. `None` (written `0`) means every post.
    pub limit: Option<usize>,
    /// Each format's file in each folder (keys `rss`, `atom`, `json`); default all on,
    /// `feed.xml`, `atom.xml`, `feed.json`.
    pub files: PerFormat<OutputFile>,
    /// Slugs pinned in the config (`tag_slugs`, `category_slugs`), by term key.
    pub pinned_slugs: BTreeMap<String, String>,
    /// Only these terms get feeds (jekyll-feed's `tags: {only}`), by identity; default: all.
    pub only: Vec<String>,
    /// These terms get no feed (jekyll-feed's `tags: {except}`), by identity; default none.
    pub except: Vec<String>,
}

impl TaxonomyFeedsConfig {
    /// Whether the term with `identity` gets feeds, by `only` and `except`.
    pub fn wants(&self, identity: &str) -> bool {
        (self.only.is_empty() || self.only.iter().any(|t| t == identity))
            && !self.except.iter().any(|t| t == identity)
    }

    /// The folder of one term's feeds.
    pub fn folder_for(&self, slug: &str) -> String {
        self.folder.replace("{slug}", slug)
    }

    /// The URL of one term's page on the site.
    pub fn page_url_for(&self, base_url: &Url, slug: &str) -> Url {
        base_url
            .join(
                self.page_url
                    .replace("{slug}", slug)
                    .trim_start_matches('/'),
            )
            .expect("page URL patterns are checked when the config is loaded")
    }
}

/// Settings shared by the main RSS, Atom and JSON feeds.
#[derive(Debug, Clone)]
pub struct FeedsConfig {
    /// Most posts per feed; default 20. `None` (written `0`) means every post.
    pub limit: Option<usize>,
    /// Put each post's full HTML in the feeds; default `true`. Off: summaries only.
    pub full_content: bool,
    /// Each format's file (keys `rss`, `atom`, `json`): RSS 2.0, Atom 1.0, JSON Feed 1.1;
    /// default all on, `feed.xml`, `atom.xml`, `feed.json`.
    pub files: PerFormat<OutputFile>,
    /// Most bytes of any one feed file (main, tag, category, archive page); default none.
    pub max_bytes: Option<usize>,
}

/// Settings of the sitemap.
#[derive(Debug, Clone)]
pub struct SitemapConfig {
    /// Whether and where to write it; default on, `sitemap.xml`.
    pub output: OutputFile,
    /// Extra site pages listed besides the posts, as absolute URLs; default none.
    pub extra_urls: Vec<Url>,
    /// Most URLs per sitemap file before it is split under a sitemap index; default and
    /// maximum 50,000 (the protocol's limit).
    pub max_urls: usize,
    /// Whether each post's URL lists its cover image and the images in its body (Google's
    /// image sitemap extension); default on.
    pub images: bool,
}

/// One output file: on or off, and its path relative to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Whether the file is written.
    pub enabled: bool,
    /// Path inside the output folder, with `/` separators.
    pub file: String,
}

/// A permalink pattern such as `/blog/{year}/{slug}/`, checked to use only known placeholders.
#[derive(Debug, Clone)]
pub struct PermalinkPattern(String);

impl PermalinkPattern {
    /// Whether the pattern has the post's date (`{year}`, `{month}` or `{day}`).
    pub fn uses_date(&self) -> bool {
        ["{year}", "{month}", "{day}"]
            .iter()
            .any(|p| self.0.contains(p))
    }

    /// Whether the pattern has `{title}`.
    pub fn uses_title(&self) -> bool {
        self.0.contains("{title}")
    }

    /// Whether the pattern has `{categories}`.
    pub fn uses_categories(&self) -> bool {
        self.0.contains("{categories}")
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl SiteConfig {
    /// Reads and validates the config file at `path`.
    pub fn load(path: &Path) -> Result<SiteConfig, Error> {
        Self::load_with(path, None)
    }

    /// Reads and validates the config file at `path`, publishing at `base_url` instead of
    /// the config's when one is given (`--base-url`).
    pub fn load_with(path: &Path, base_url: Option<&str>) -> Result<SiteConfig, Error> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Self::parse_with(&text, path, base_url).map_err(|problems| {
            Error::Config(
                problems
                    .into_iter()
                    .map(|problem| problem.with_source(&text))
                    .collect(),
            )
        })
    }

    /// Parses and validates config text; `path` is only used in messages.
    pub fn parse(text: &str, path: &Path) -> Result<SiteConfig, Vec<Diagnostic>> {
        Self::parse_with(text, path, None)
    }

    /// [`Self::parse`], with `base_url` standing in for the config's when given: every
    /// problem of the file, each at its line.
    fn parse_with(
        text: &str,
        path: &Path,
        base_url_override: Option<&str>,
    ) -> Result<SiteConfig, Vec<Diagnostic>> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        check_required_keys(text, path, base_url_override.is_some()).map_err(|d| vec![d])?;
        let raw: RawConfig = yaml::parse(text, path, 1).map_err(|d| vec![d])?;
        validate::validate(raw, path, base_url_override)
    }

    /// The site's language (`language`, or the first of `languages`): a BCP 47 tag such as
    /// `en` or `en-US`; default: none.
    pub fn language(&self) -> Option<&str> {
        self.languages.default_language().code.as_deref()
    }

    /// Whether some feed carries posts in full (`feeds.full_content`, or a custom feed's
    /// `full_content: true`): only then is their HTML rendered into the feeds.
    pub fn content_wanted(&self) -> bool {
        self.feeds.full_content
            || self
                .custom_feeds
                .iter()
                .any(|c| c.full_content == Some(true))
    }

    /// Whether a post may be carried with its summary only while its content is rendered:
    /// under a size budget, or where feeds differ in `full_content`.
    pub fn summaries_wanted(&self) -> bool {
        self.feeds.max_bytes.is_some()
            || (self.content_wanted()
                && (!self.feeds.full_content
                    || self
                        .custom_feeds
                        .iter()
                        .any(|c| c.full_content == Some(false))))
    }

    /// Whether any feed the config alone decides (main, per-tag, per-category, custom) is
    /// written in `format`; [`crate::site::Site::format_in_use`] adds the sections'.
    pub fn format_in_use(&self, format: FeedFormat) -> bool {
        let taxonomy = |t: &TaxonomyFeedsConfig| t.enabled && t.files[format].enabled;
        self.feeds.files[format].enabled
            || taxonomy(&self.tag_feeds)
            || taxonomy(&self.category_feeds)
            || self.custom_feeds.iter().any(|c| c.files[format].enabled)
    }

    /// The URL a site path (`/images/x.jpg`) in a post of `language` resolves against: the
    /// language's own host when it has one (each host serves the site's static files, as
    /// Hugo's multihost sites do), else `base_url`, under which the language's prefix is.
    pub fn site_url_of(&self, language: usize) -> &Url {
        let language = &self.languages.list[language];
        match language.own_host {
            true => &language.root_url,
            false => &self.base_url,
        }
    }

    /// The absolute URL at which a file in the output folder is served, assuming the output
    /// folder is published at `base_url`.
    pub fn output_url(&self, file: &str) -> Url {
        self.base_url
            .join(file)
            .expect("output paths are checked to be relative")
    }
}

impl PermalinkPattern {
    const PLACEHOLDERS: [&'static str; 7] = [
        "slug",
        "title",
        "year",
        "month",
        "day",
        "path",
        "categories",
    ];

    fn parse(pattern: &str) -> Result<PermalinkPattern, String> {
        if !pattern.starts_with('/') {
            return Err(format!(
                "permalink \"{pattern}\" must start with `/` (e.g. `/blog/{{slug}}/`)"
            ));
        }
        let mut rest = pattern;
        let mut has_slug = false;
        while let Some(open) = rest.find('{') {
            let close = rest[open..]
                .find('}')
                .ok_or_else(|| format!("permalink \"{pattern}\" has an unclosed `{{`"))?;
            let name = &rest[open + 1..open + close];
            if !Self::PLACEHOLDERS.contains(&name) {
                return Err(format!(
                    "permalink \"{pattern}\" uses unknown placeholder `{{{name}}}` (known: {{slug}}, {{title}}, {{path}}, {{year}}, {{month}}, {{day}}, {{categories}})"
                ));
            }
            has_slug |= name == "slug" || name == "title";
            rest = &rest[open + close + 1..];
        }
        if !has_slug {
            return Err(format!(
                "permalink \"{pattern}\" must contain `{{slug}}` or `{{title}}`, or two posts would share a URL"
            ));
        }
        Ok(PermalinkPattern(pattern.to_string()))
    }

    /// Fills in the placeholders for one post; `folder` is its folder inside the content
    /// folder (`{path}`), each name slugified as a file name is (`My Notes/2024` →
    /// `my-notes/2024`), as Hugo and Zola make them URL-safe; `categories` its categories as
    /// a path (`{categories}`). The `/` an empty folder or no category leaves twice is
    /// written once.
    pub fn expand(
        &self,
        profile: &Profile,
        [slug, title, categories]: [&str; 3],
        folder: &str,
        [year, month, day]: [i16; 3],
    ) -> String {
        let path = match self.0.contains("{path}") {
            true => folder
                .split('/')
                .map(|name| profile.folder_segment(name))
                .filter(|name| !name.is_empty() && !name.starts_with('.'))
                .collect::<Vec<_>>()
                .join("/"),
            false => String::new(),
        };
        // A `%` written in a `slug:` is a character of the name, not the start of an escape.
        let expanded = self
            .0
            .replace("{slug}", &slug.replace('%', "%25"))
            .replace("{title}", &title.replace('%', "%25"))
            .replace("{path}", &path)
            .replace("{categories}", categories)
            .replace("{year}", &format!("{year:04}"))
            .replace("{month}", &format!("{month:02}"))
            .replace("{day}", &format!("{day:02}"));
        collapse_slashes(&expanded).into_owned()
    }
}

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

fn parse_base_url(text: &str) -> Result<Url, String> {
    let mut url = Url::parse(text).map_err(|err| {
        format!(
            "base_url \"{text}\" is not an absolute URL ({err}); expected e.g. https://example.com/"
        )
    })?;
    if url.scheme() != "http" && url.scheme() != "https" {
        return Err(format!("base_url \"{text}\" must be an http or https URL"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(format!(
            "base_url \"{text}\" must not hold a user name or password: every feed would publish it"
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(format!(
            "base_url \"{text}\" must not have a query or fragment"
        ));
    }
    // Joining relative paths onto `https://example.com/blog` would drop `blog`.
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

/// Resolves a site path (`/about/`) or absolute URL against the site root.
pub(crate) fn resolve_site_url(base_url: &Url, text: &str) -> Result<Url, String> {
    if let Some(path) = text.strip_prefix('/') {
        base_url.join(path).map_err(|err| err.to_string())
    } else {
        let url = Url::parse(text)
            .map_err(|_| "expected a site path starting with `/` or an absolute URL".to_string())?;
        Ok(url)
    }
}

/// Accepts BCP 47 tags (`en`, `en-US`, `zh-Hant-TW`); rejects the POSIX form `en_US`.
fn check_language_tag(tag: &str) -> Result<String, String> {
    if tag.contains('_') {
        return Err(format!(
            "language \"{tag}\" is not a BCP 47 tag: use `-`, as in \"{}\"",
            tag.replace('_', "-")
        ));
    }
    let mut subtags = tag.split('-');
    let primary = subtags.next().unwrap_or_default();
    let primary_ok =
        (2..=8).contains(&primary.len()) && primary.chars().all(|c| c.is_ascii_alphabetic());
    let rest_ok =
        subtags.all(|s| (1..=8).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphanumeric()));
    if primary_ok && rest_ok {
        Ok(tag.to_string())
    } else {
        Err(format!(
            "language \"{tag}\" is not a BCP 47 tag (expected e.g. `en` or `en-US`)"
        ))
    }
}

/// Every required key the config lacks, in one error (a parser stops at the first), with
/// the lines to add. With `--base-url`, `base_url` may be left out.
fn check_required_keys(text: &str, path: &Path, base_url_given: bool) -> Result<(), Diagnostic> {
    // Malformed YAML is left to the full parse, which says where.
    let Ok(serde_json::Value::Object(keys)) = yaml::parse::<serde_json::Value>(text, path, 1)
    else {
        return Ok(());
    };
    let examples = [
        ("title", "title: \"My Blog\""),
        ("description", "description: \"What the site is about\""),
        ("base_url", "base_url: \"https://example.com/\""),
    ];
    let missing: Vec<(&str, &str)> = examples
        .into_iter()
        .filter(|(key, _)| {
            let given = keys.contains_key(*key) || (*key == "base_url" && base_url_given);
            !given
        })
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let names: Vec<String> = missing.iter().map(|(key, _)| format!("`{key}`")).collect();
    let lines: Vec<&str> = missing.iter().map(|(_, line)| *line).collect();
    // `base_ulr:` is there, just misspelled: say so rather than "add base_url".
    let wanted: Vec<&str> = missing.iter().map(|(key, _)| *key).collect();
    let renames: Vec<String> = keys
        .keys()
        .filter(|key| !wanted.contains(&key.as_str()))
        .filter_map(|key| {
            Some(format!(
                "rename `{key}` to `{}`",
                yaml::closest(key, &wanted)?
            ))
        })
        .collect();
    let help = match renames.is_empty() {
        true => format!("add at the top level: {}", lines.join(" / ")),
        false => renames.join("; "),
    };
    Err(Diagnostic::at(
        path,
        1,
        1,
        format!(
            "missing {} {}",
            if names.len() == 1 { "key" } else { "keys" },
            names.join(", ")
        ),
    )
    .with_help(help))
}

/// The smallest `feeds.max_bytes` taken: below it no feed header and post fit.
const MIN_FEED_BYTES: usize = 1024;

/// A feed's item limit: 20 unless set; `0` means every post (`None`).
fn feed_limit(raw: Option<usize>) -> Option<usize> {
    match raw {
        Some(0) => None,
        Some(n) => Some(n),
        None => Some(defaults::FEED_LIMIT),
    }
}

/// Folder and page patterns hold exactly one placeholder, `{slug}`.
fn check_slug_pattern(pattern: &str) -> Result<(), String> {
    let without = pattern.replacen("{slug}", "", 1);
    if !pattern.contains("{slug}") || without.contains(['{', '}']) {
        Err(format!(
            "\"{pattern}\" must contain `{{slug}}` once and no other placeholder"
        ))
    } else {
        Ok(())
    }
}

/// The matcher of the config's `exclude` globs, in gitignore syntax, for paths under `root`.
pub(crate) fn exclude_matcher(
    root: &Path,
    globs: &[String],
) -> Result<ignore::gitignore::Gitignore, String> {
    let mut builder = ignore::gitignore::GitignoreBuilder::new(root);
    for glob in globs {
        builder
            .add_line(None, glob)
            .map_err(|err| format!("\"{glob}\" is not a valid glob: {err}"))?;
    }
    builder.build().map_err(|err| err.to_string())
}

/// Output file names must stay inside the output folder.
fn check_output_path(file: &str) -> Result<(), String> {
    let path = Path::new(file);
    let inside = !file.is_empty()
        && !file.contains('\\')
        && path.components().all(|c| matches!(c, Component::Normal(_)));
    if !inside {
        Err(format!(
            "output file \"{file}\" must be a relative path inside the output folder"
        ))
    } else if file.ends_with('/') {
        Err(format!(
            "output file \"{file}\" names a folder; give the file's name too (e.g. `{file}feed.json`)"
        ))
    } else if file.chars().any(char::is_control) {
        // The manifest and the commit journal are a path per line.
        Err(format!(
            "output file {file:?} holds a control character (a line break, a tab); file names feedsmith writes are plain text"
        ))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_placeholder_is_the_folder_made_url_safe() {
        let pattern = PermalinkPattern::parse("/blog/{path}/{slug}/").unwrap();
        assert_eq!(
            pattern.expand(&Profile::default(), ["a", "a", ""], "", [2024, 1, 2]),
            "/blog/a/"
        );
        assert_eq!(
            pattern.expand(
                &Profile::default(),
                ["a", "a", ""],
                "My Notes/2024/_posts/v1.2",
                [2024, 1, 2]
            ),
            "/blog/my-notes/2024/_posts/v1.2/a/"
        );
        assert_eq!(
            pattern.expand(
                &Profile::default(),
                ["a", "a", ""],
                "what?/C#",
                [2024, 1, 2]
            ),
            "/blog/what/c-sharp/a/"
        );
        let filed = PermalinkPattern::parse("/{categories}/{slug}/").unwrap();
        assert!(filed.uses_categories());
        for (categories, expected) in [("news/tech", "/news/tech/a/"), ("", "/a/")] {
            assert_eq!(
                filed.expand(
                    &Profile::default(),
                    ["a", "a", categories],
                    "",
                    [2024, 1, 2]
                ),
                expected
            );
        }
        let dated = PermalinkPattern::parse("/{year}/{month}/{day}/{slug}.html").unwrap();
        assert_eq!(
            dated.expand(&Profile::default(), ["a", "a", ""], "x", [2024, 1, 2]),
            "/2024/01/02/a.html"
        );
    }
}
