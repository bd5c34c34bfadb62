//! The site config (`config/site.yaml`): the raw file as written, and the validated
//! [`SiteConfig`] the rest of the pipeline uses. Every default is stated on its field.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jiff::tz::TimeZone;
use url::Url;

use crate::error::{Diagnostic, Error};
use crate::format::{FeedFormat, PerFormat};
use crate::output_path;
use crate::person::Person;
use crate::profile::{Profile, SiteValues, Tool};

use crate::yaml;

pub(crate) mod defaults;
mod feed_sets;
pub(crate) mod filters;
mod languages;
mod ledger;
mod podcast;
mod problem;
mod raw;
mod validate;

pub(crate) use self::feed_sets::{CustomFeed, Located, NamedSection, SectionFeedsConfig};
pub(crate) use self::languages::{Language, Languages, same_language};
pub(crate) use self::ledger::{FILE_NAME as LEDGER_FILE, Ledger, LedgerFile, Record};
pub(crate) use self::podcast::podcast_guid;
pub(crate) use self::podcast::{FeedImage, Podcast, PodcastType};
use self::problem::ValueProblem;
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
    /// The URL paths of the posts of some folders (`permalinks:`), as a site with several
    /// sections or collections routes each; default none.
    pub folder_permalinks: FolderPermalinks,
    /// The tool the posts are written for (`flavor:`), whose rules read them; default: none
    /// named, the tool whose config is found above the content folder ([`Profile::resolve`]).
    pub flavor: Option<Tool>,
    /// The rules posts are read by: `flavor`'s, or the found tool's, resolved with the site.
    pub profile: Profile,
    /// The values of the tool's config its templates read (`{{ site.repository }}`).
    pub site_values: SiteValues,
    /// The feeds' square icon (`icon`): Atom `icon`, JSON Feed `icon` and `favicon`, RSS
    /// `image` when there is no logo.
    pub icon: Option<FeedImage>,
    /// The feeds' wide logo (`logo`, 2:1): Atom `logo`, RSS `image`.
    pub logo: Option<FeedImage>,
    /// The podcast channel, when the site is a podcast.
    pub podcast: Option<Podcast>,
    /// Problems of the config that do not stop a build (an icon that is not square).
    pub(crate) warnings: Vec<crate::error::Diagnostic>,
    /// The id ledger (`feedsmith.ids` at the site root), when the site has one.
    pub(crate) ledger: Option<LedgerFile>,
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
    /// Per-author feeds; default off.
    pub author_feeds: TaxonomyFeedsConfig,
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
    /// The config file as read: its path and text, for the problems found once the posts
    /// are read (a custom feed's filter), shown at their line without reading it again.
    pub(crate) file: ConfigFile,
}

/// A config file's path and text.
#[derive(Clone, Default)]
pub(crate) struct ConfigFile {
    pub(crate) path: PathBuf,
    pub(crate) text: std::sync::Arc<str>,
}

/// The path alone: the text is the config's settings again, in other words.
impl std::fmt::Debug for ConfigFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConfigFile")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
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
    /// Folder of one term's feeds inside the output folder; default `tags/{slug}`,
    /// `categories/{slug}`, `authors/{slug}`.
    pub folder: String,
    /// Where the config names the folder (line, column); `None` for the default.
    pub folder_at: Option<(u64, u64)>,
    /// URL path of the term's page on the site; default `/tags/{slug}/`, `/categories/{slug}/`.
    pub page_url: String,
    /// Most posts per feed; default 20. `None` (written `0`) means every post.
    pub limit: Option<usize>,
    /// Each format's file in each folder (keys `rss`, `atom`, `json`); default all on,
    /// `feed.xml`, `atom.xml`, `feed.json`.
    pub files: PerFormat<OutputFile>,
    /// Slugs pinned in the config (`tag_slugs`, `category_slugs`, `author_slugs`), by term key.
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

    /// The URL of one term's page on the site. A tool's slug may hold what a URL path cannot
    /// say as written (Hugo's `c#`): that is escaped; a `.` or `..` segment is left out, so
    /// the page stays under the pattern's folder.
    pub fn page_url_for(&self, base_url: &Url, slug: &str) -> Url {
        const UNSAFE_IN_PATH: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
            .add(b' ')
            .add(b'"')
            .add(b'#')
            .add(b'<')
            .add(b'>')
            .add(b'?')
            .add(b'`')
            .add(b'{')
            .add(b'}')
            .add(b'\\')
            .add(b'^')
            .add(b'|')
            .add(b'[')
            .add(b']');
        // A URL reads `%2E%2E` as `..` too: such segments are left out.
        let escaped: Vec<String> = slug
            .split('/')
            .filter(|segment| !matches!(*segment, "" | "." | ".."))
            .map(|segment| {
                percent_encoding::utf8_percent_encode(segment, UNSAFE_IN_PATH).to_string()
            })
            .collect();
        base_url
            .join(
                self.page_url
                    .replace("{slug}", &escaped.join("/"))
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
    /// Where the config names the file (line, column); `None` for the default name.
    pub at: Option<(u64, u64)>,
}

/// Where a config's site is, and what the command line puts in place of the config's own.
#[derive(Debug, Clone, Copy)]
pub struct Place<'a> {
    /// The folder the config's paths are relative to ([`crate::settings::root`]).
    pub site_root: &'a Path,
    /// `--base-url`.
    pub base_url: Option<&'a str>,
    /// `--content`, relative to the current folder.
    pub content_dir: Option<&'a Path>,
    /// `--out`, relative to the current folder.
    pub output_dir: Option<&'a Path>,
}

/// `path` from the config, relative to the site root `root` (an absolute one stays).
pub(crate) fn in_site(root: &Path, path: &Path) -> PathBuf {
    match root.as_os_str().is_empty() {
        true => path.to_path_buf(),
        false => root.join(path),
    }
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

/// The permalink patterns of folders inside the content folder (`permalinks: {newsletter:
/// "/newsletter/{slug}/"}`), as Hugo's `[permalinks]` name one per section: a post takes the
/// pattern of the deepest folder that holds it, else its language's `permalink`.
#[derive(Debug, Clone, Default)]
pub struct FolderPermalinks {
    /// Each folder (`/`-separated, no slashes around) and its pattern, deepest folder first.
    by_folder: Vec<(String, PermalinkPattern)>,
}

impl FolderPermalinks {
    /// The patterns of `by_folder`, put deepest folder first.
    pub(super) fn new(mut by_folder: Vec<(String, PermalinkPattern)>) -> FolderPermalinks {
        let depth = |folder: &str| match folder.is_empty() {
            true => 0,
            false => folder.split('/').count(),
        };
        by_folder.sort_by(|(a, _), (b, _)| depth(b).cmp(&depth(a)).then_with(|| a.cmp(b)));
        FolderPermalinks { by_folder }
    }

    /// These patterns and those of `found` (the tool's own, such as Eleventy's directory
    /// data) for folders not written here: what the config writes wins.
    pub(super) fn with_found(self, found: Vec<(String, PermalinkPattern)>) -> FolderPermalinks {
        let mut by_folder = self.by_folder;
        for (folder, pattern) in found {
            if !by_folder.iter().any(|(written, _)| *written == folder) {
                by_folder.push((folder, pattern));
            }
        }
        FolderPermalinks::new(by_folder)
    }

    /// The pattern of the deepest folder written that holds `folder` (a post's folder inside
    /// the content folder, its language's folder taken off), if any.
    pub fn of_folder(&self, folder: &str) -> Option<&PermalinkPattern> {
        self.by_folder
            .iter()
            .find(|(written, _)| {
                // The content folder's own (Eleventy directory data there) holds every post.
                written.is_empty()
                    || folder
                        .strip_prefix(written.as_str())
                        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
            })
            .map(|(_, pattern)| pattern)
    }
}

impl SiteConfig {
    /// The pattern of a post in `folder` (inside the content folder, its language's folder
    /// taken off) of language `language`: its folder's, else its language's.
    pub fn permalink_of(&self, folder: &str, language: usize) -> &PermalinkPattern {
        self.folder_permalinks
            .of_folder(folder)
            .unwrap_or(&self.languages.list[language].permalink)
    }

    /// Reads and validates the config file at `path` of the site at `place`, finished: its
    /// folders where the command line puts them (else the config's, relative to the site
    /// root), its tool found in the site's folders and that tool's files read. Every problem
    /// of the file, and of the tool's, is reported at once.
    pub fn load_at(path: &Path, place: &Place<'_>) -> Result<SiteConfig, Error> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Self::parse_at(&text, path, Some(place))
            .map_err(|problems| Error::Config(crate::error::with_sources(problems, &text)))
    }

    /// Parses and validates config text of no site on disk (its folders as written, its
    /// tool only the one `flavor` names); `path` is only used in messages.
    pub fn parse(text: &str, path: &Path) -> Result<SiteConfig, Vec<Diagnostic>> {
        Self::parse_at(text, path, None)
    }

    /// [`Self::parse`] for the site at `place`, when given: every problem of the file, each
    /// at its line.
    fn parse_at(
        text: &str,
        path: &Path,
        place: Option<&Place<'_>>,
    ) -> Result<SiteConfig, Vec<Diagnostic>> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let base_url_override = place.and_then(|place| place.base_url);
        check_required_keys(text, path, base_url_override.is_some()).map_err(|d| vec![d])?;
        let raw: RawConfig = yaml::parse(text, path, 1).map_err(|d| vec![d])?;
        let mut config = validate::validate(raw, path, place)?;
        config.file = ConfigFile {
            path: path.to_path_buf(),
            text: text.into(),
        };
        Ok(config)
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
            || taxonomy(&self.author_feeds)
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

    pub(crate) fn parse(pattern: &str) -> Result<PermalinkPattern, ValueProblem> {
        if !pattern.starts_with('/') {
            return Err(ValueProblem::PermalinkUnrooted(pattern.to_owned()));
        }
        let mut rest = pattern;
        let mut has_slug = false;
        while let Some(open) = rest.find('{') {
            let close = rest[open..]
                .find('}')
                .ok_or_else(|| ValueProblem::PermalinkUnclosed(pattern.to_owned()))?;
            let name = &rest[open + 1..open + close];
            if !Self::PLACEHOLDERS.contains(&name) {
                return Err(ValueProblem::PermalinkPlaceholder {
                    pattern: pattern.to_owned(),
                    name: name.to_owned(),
                });
            }
            has_slug |= name == "slug" || name == "title";
            rest = &rest[open + close + 1..];
        }
        if !has_slug {
            return Err(ValueProblem::PermalinkWithoutSlug(pattern.to_owned()));
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
        // A `%` written in a `slug:` is a character of the name, not the start of an escape —
        // but in a Hugo slug, `urlize` kept a `%` only before two hex digits, as an escape
        // Hugo's URLs write as it is (`caf%C3%A9` is served at `caf%c3%a9`, not `caf%25c3…`).
        let literal = |name: &str| match profile.slugs_hold_escapes() {
            true => name.to_owned(),
            false => name.replace('%', "%25"),
        };
        let expanded = self
            .0
            .replace("{slug}", &literal(slug))
            .replace("{title}", &literal(title))
            .replace("{path}", &path)
            .replace("{categories}", categories)
            .replace("{year}", &format!("{year:04}"))
            .replace("{month}", &format!("{month:02}"))
            .replace("{day}", &format!("{day:02}"));
        crate::links::collapse_slashes(&expanded).into_owned()
    }
}

fn parse_base_url(text: &str) -> Result<Url, ValueProblem> {
    let mut url = Url::parse(text).map_err(|why| ValueProblem::BaseUrlNotAbsolute {
        text: text.to_owned(),
        why,
    })?;
    if url.scheme() != "http" && url.scheme() != "https" {
        return Err(ValueProblem::BaseUrlScheme(text.to_owned()));
    }
    if crate::links::has_credentials(&url) {
        return Err(ValueProblem::BaseUrlCredentials(text.to_owned()));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(ValueProblem::BaseUrlQuery(text.to_owned()));
    }
    // Joining relative paths onto `https://example.com/blog` would drop `blog`.
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

/// Resolves a site path (`/about/`) or absolute URL against the site root.
pub(crate) fn resolve_site_url(base_url: &Url, text: &str) -> Result<Url, ValueProblem> {
    if let Some(path) = text.strip_prefix('/') {
        base_url.join(path).map_err(ValueProblem::SitePath)
    } else {
        let url = Url::parse(text).map_err(|_| ValueProblem::SiteUrlShape)?;
        match crate::links::has_credentials(&url) {
            true => Err(ValueProblem::Credentials),
            false => Ok(url),
        }
    }
}

/// Accepts BCP 47 tags (`en`, `en-US`, `zh-Hant-TW`); rejects the POSIX form `en_US`.
fn check_language_tag(tag: &str) -> Result<String, ValueProblem> {
    if tag.contains('_') {
        return Err(ValueProblem::UnderscoredLanguage {
            tag: tag.to_owned(),
            dashed: tag.replace('_', "-"),
        });
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
        Err(ValueProblem::LanguageTag(tag.to_owned()))
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
fn check_slug_pattern(pattern: &str) -> Result<(), ValueProblem> {
    let without = pattern.replacen("{slug}", "", 1);
    if !pattern.contains("{slug}") || without.contains(['{', '}']) {
        Err(ValueProblem::SlugPattern(pattern.to_owned()))
    } else {
        Ok(())
    }
}

/// The matcher of the config's `exclude` globs, in gitignore syntax, for paths under `root`.
pub(crate) fn exclude_matcher(
    root: &Path,
    globs: &[String],
) -> Result<ignore::gitignore::Gitignore, ValueProblem> {
    let mut builder = ignore::gitignore::GitignoreBuilder::new(root);
    for glob in globs {
        builder
            .add_line(None, glob)
            .map_err(|why| ValueProblem::Glob {
                glob: glob.to_owned(),
                why,
            })?;
    }
    builder.build().map_err(ValueProblem::Globs)
}

/// An output file's path as the config names it, in its one spelling
/// ([`output_path::normalized`]: `feeds//x.xml` is `feeds/x.xml`); it must name a file inside
/// the output folder, and none of feedsmith's own.
fn output_file_path(file: &str) -> Result<String, ValueProblem> {
    if file.ends_with('/') {
        return Err(ValueProblem::OutputFileIsFolder(file.to_owned()));
    }
    match output_path::normalized(file) {
        Ok(path) if path.is_empty() => Err(ValueProblem::OutputFileMissing(file.to_owned())),
        Ok(path) => Ok(path),
        Err(why) => Err(ValueProblem::OutputFile {
            file: file.to_owned(),
            why,
        }),
    }
}

/// An output folder's path (or folder pattern, `topics/{slug}`) as the config names it, in
/// its one spelling, without slashes around; it must be inside the output folder and name
/// none of feedsmith's own. Empty for the output folder itself.
fn output_folder_path(folder: &str) -> Result<String, ValueProblem> {
    output_path::normalized(folder.trim_start_matches('/')).map_err(|why| {
        ValueProblem::OutputFolder {
            folder: folder.to_owned(),
            why,
        }
    })
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
