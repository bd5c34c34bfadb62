//! The site config (`config/site.yaml`): the raw file as written, and the validated
//! [`SiteConfig`] the rest of the pipeline uses. Every default is stated on its field.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use jiff::tz::TimeZone;
use serde::Deserialize;
use serde_saphyr::Spanned;
use url::Url;

use crate::error::{Diagnostic, Error};
use crate::format::{FeedFormat, PerFormat};
use crate::person::{Person, absolute_url, check_email};
use crate::taxonomy::{self, TaxonomyKind};
use crate::yaml;

/// The validated site config.
#[derive(Debug, Clone)]
pub struct SiteConfig {
    /// Site title (required).
    pub title: String,
    /// Site description (required).
    pub description: String,
    /// Absolute http(s) URL of the site root, always ending in `/` (required).
    pub base_url: Url,
    /// BCP 47 language tag such as `en` or `en-US`; default: none.
    pub language: Option<String>,
    /// The site's author; default: none. Posts without an author fall back to it.
    pub author: Option<Person>,
    /// Time zone for dates written without an offset; default `UTC`.
    pub timezone: TimeZone,
    /// URL path of a post; default `/blog/{slug}/`.
    pub permalink: PermalinkPattern,
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
}

impl TaxonomyFeedsConfig {
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
#[derive(Debug, Clone)]
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
    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What the site config file holds before validation.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: Spanned<String>,
    description: String,
    base_url: Spanned<String>,
    language: Option<Spanned<String>>,
    author: Option<RawPerson>,
    timezone: Option<Spanned<String>>,
    permalink: Option<Spanned<String>>,
    content_dir: Option<PathBuf>,
    output_dir: Option<PathBuf>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    static_dir: Option<PathBuf>,
    max_post_bytes: Option<u64>,
    sanitize: Option<bool>,
    #[serde(default)]
    feeds: RawFeeds,
    #[serde(default)]
    sitemap: RawSitemap,
    #[serde(default)]
    tag_feeds: RawTaxonomyFeeds,
    #[serde(default)]
    category_feeds: RawTaxonomyFeeds,
    #[serde(default)]
    tag_slugs: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    category_slugs: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    opml: RawOutputFile,
    #[serde(default)]
    feeds_page: RawFeedsPage,
    #[serde(default)]
    websub: RawWebSub,
    #[serde(default)]
    archives: RawArchives,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFeedsPage {
    enabled: Option<bool>,
    file: Option<Spanned<String>>,
    head_file: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawArchives {
    enabled: Option<bool>,
    page_size: Option<Spanned<usize>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWebSub {
    #[serde(default)]
    hubs: Vec<Spanned<String>>,
    ping: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTaxonomyFeeds {
    enabled: Option<bool>,
    folder: Option<Spanned<String>>,
    page_url: Option<Spanned<String>>,
    limit: Option<usize>,
    #[serde(default)]
    rss: RawOutputFile,
    #[serde(default)]
    atom: RawOutputFile,
    #[serde(default)]
    json: RawOutputFile,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFeeds {
    limit: Option<usize>,
    full_content: Option<bool>,
    max_bytes: Option<Spanned<usize>>,
    #[serde(default)]
    rss: RawOutputFile,
    #[serde(default)]
    atom: RawOutputFile,
    #[serde(default)]
    json: RawOutputFile,
}

/// The files of a feed's three formats as the config names them (`rss:`, `atom:`, `json:`),
/// in [`FeedFormat::ALL`] order. (serde cannot flatten them into one struct while refusing
/// unknown keys.)
trait RawFormatFiles {
    fn format_files(&self) -> [&RawOutputFile; 3];
}

impl RawFormatFiles for RawFeeds {
    fn format_files(&self) -> [&RawOutputFile; 3] {
        [&self.rss, &self.atom, &self.json]
    }
}

impl RawFormatFiles for RawTaxonomyFeeds {
    fn format_files(&self) -> [&RawOutputFile; 3] {
        [&self.rss, &self.atom, &self.json]
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSitemap {
    enabled: Option<bool>,
    file: Option<Spanned<String>>,
    #[serde(default)]
    extra_urls: Vec<Spanned<String>>,
    max_urls: Option<Spanned<usize>>,
    images: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOutputFile {
    enabled: Option<bool>,
    file: Option<Spanned<String>>,
}

/// A person as written in YAML: either just a name, or a map with `name`, `email`, `url`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum RawPerson {
    Name(String),
    Full {
        name: String,
        email: Option<String>,
        url: Option<String>,
    },
}

impl From<RawPerson> for Person {
    fn from(raw: RawPerson) -> Self {
        match raw {
            RawPerson::Name(name) => Person {
                name,
                email: None,
                url: None,
            },
            RawPerson::Full { name, email, url } => Person { name, email, url },
        }
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
        Self::parse_with(&text, path, base_url)
            .map_err(|problem| Error::Config(problem.with_source(&text)))
    }

    /// Parses and validates config text; `path` is only used in messages.
    pub fn parse(text: &str, path: &Path) -> Result<SiteConfig, Diagnostic> {
        Self::parse_with(text, path, None)
    }

    /// [`Self::parse`], with `base_url` standing in for the config's when given.
    fn parse_with(
        text: &str,
        path: &Path,
        base_url_override: Option<&str>,
    ) -> Result<SiteConfig, Diagnostic> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        check_required_keys(text, path, base_url_override.is_some())?;
        let raw: RawConfig = yaml::parse(text, path, 1)?;
        let located = |value: &Spanned<String>, message: String| {
            let (line, column) = yaml::file_position(&value.referenced, 1);
            Diagnostic::at(path, line, column, message)
        };

        if raw.title.value.trim().is_empty() {
            return Err(located(&raw.title, "`title` must not be empty".into()));
        }
        let base_url = match base_url_override {
            Some(url) => parse_base_url(url)
                .map_err(|message| Diagnostic::general(format!("--base-url: {message}")))?,
            None => parse_base_url(&raw.base_url.value)
                .map_err(|message| located(&raw.base_url, message))?,
        };
        let language = match raw.language {
            Some(language) => Some(
                check_language_tag(&language.value)
                    .map_err(|message| located(&language, message))?,
            ),
            None => None,
        };
        let timezone = match &raw.timezone {
            Some(name) => TimeZone::get(&name.value).map_err(|_| {
                located(
                    name,
                    format!(
                        "unknown time zone \"{}\" (expected an IANA name such as `UTC` or `Europe/Berlin`)",
                        name.value
                    ),
                )
            })?,
            None => TimeZone::UTC,
        };
        for glob in &raw.exclude {
            exclude_matcher(Path::new(""), std::slice::from_ref(&glob.value))
                .map_err(|message| located(glob, format!("exclude: {message}")))?;
        }
        let permalink = match &raw.permalink {
            Some(pattern) => PermalinkPattern::parse(&pattern.value)
                .map_err(|message| located(pattern, message))?,
            None => PermalinkPattern("/blog/{slug}/".to_string()),
        };

        let output = |raw: &RawOutputFile, default: &str| -> Result<OutputFile, Diagnostic> {
            let file = match &raw.file {
                Some(file) => {
                    check_output_path(&file.value).map_err(|message| located(file, message))?;
                    file.value.clone()
                }
                None => default.to_string(),
            };
            Ok(OutputFile {
                enabled: raw.enabled.unwrap_or(true),
                file,
            })
        };
        let format_outputs = |raw: &dyn RawFormatFiles| {
            let files = raw.format_files();
            PerFormat::try_from_fn(|format| output(files[format as usize], format.default_file()))
        };
        let feeds = FeedsConfig {
            limit: feed_limit(raw.feeds.limit),
            full_content: raw.feeds.full_content.unwrap_or(true),
            files: format_outputs(&raw.feeds)?,
            max_bytes: match &raw.feeds.max_bytes {
                Some(n) if n.value >= MIN_FEED_BYTES => Some(n.value),
                Some(n) => {
                    let (line, column) = yaml::file_position(&n.referenced, 1);
                    return Err(Diagnostic::at(
                        path,
                        line,
                        column,
                        format!(
                            "feeds max_bytes {} is too small: a feed file needs at least {MIN_FEED_BYTES} bytes for its header and one post",
                            n.value
                        ),
                    ));
                }
                None => None,
            },
        };
        let sitemap_output = output(
            &RawOutputFile {
                enabled: raw.sitemap.enabled,
                file: raw.sitemap.file.clone(),
            },
            "sitemap.xml",
        )?;
        let max_urls = match &raw.sitemap.max_urls {
            Some(n) if (1..=50_000).contains(&n.value) => n.value,
            Some(n) => {
                let (line, column) = yaml::file_position(&n.referenced, 1);
                return Err(Diagnostic::at(
                    path,
                    line,
                    column,
                    format!("sitemap max_urls {} must be between 1 and 50000", n.value),
                ));
            }
            None => 50_000,
        };
        let mut extra_urls = Vec::new();
        for extra in &raw.sitemap.extra_urls {
            let url = resolve_site_url(&base_url, &extra.value)
                .and_then(|url| match url.as_str().starts_with(base_url.as_str()) {
                    true => Ok(url),
                    // Search engines ignore, or hold against the site, URLs it does not own.
                    false => Err(format!("must be on the site, under {base_url}")),
                })
                .map_err(|message| {
                    located(
                        extra,
                        format!("sitemap extra URL \"{}\": {message}", extra.value),
                    )
                })?;
            extra_urls.push(url);
        }

        let author = match raw.author.map(Person::from) {
            Some(mut author) => {
                let problem =
                    |message: String| Diagnostic::file(path, format!("author: {message}"));
                if let Some(email) = &author.email {
                    check_email(email).map_err(problem)?;
                }
                if let Some(url) = &author.url {
                    author.url = Some(absolute_url(url, &base_url).map_err(problem)?);
                }
                Some(author)
            }
            None => None,
        };
        let opml = output(&raw.opml, "feeds.opml")?;
        let feeds_page = output(
            &RawOutputFile {
                enabled: raw.feeds_page.enabled,
                file: raw.feeds_page.file.clone(),
            },
            "feeds.html",
        )?;
        let feeds_head = output(
            &RawOutputFile {
                enabled: raw.feeds_page.enabled,
                file: raw.feeds_page.head_file.clone(),
            },
            "feeds-head.html",
        )?;
        let page_size = match &raw.archives.page_size {
            Some(n) if n.value >= 1 => n.value,
            Some(n) => {
                let (line, column) = yaml::file_position(&n.referenced, 1);
                return Err(Diagnostic::at(
                    path,
                    line,
                    column,
                    "archives page_size must be at least 1 (posts per archive page)",
                ));
            }
            None => 50,
        };
        let mut hubs = Vec::new();
        for hub in &raw.websub.hubs {
            let url = Url::parse(hub.value.trim())
                .ok()
                .filter(|url| matches!(url.scheme(), "http" | "https"))
                .ok_or_else(|| {
                    located(
                        hub,
                        format!(
                            "websub hub \"{}\" must be an absolute http(s) URL such as https://pubsubhubbub.appspot.com/",
                            hub.value
                        ),
                    )
                })?;
            hubs.push(url);
        }
        let taxonomy = |kind: TaxonomyKind,
                        raw_feeds: &RawTaxonomyFeeds,
                        raw_slugs: &BTreeMap<String, Spanned<String>>|
         -> Result<TaxonomyFeedsConfig, Diagnostic> {
            let plural = match kind {
                TaxonomyKind::Tag => "tags",
                TaxonomyKind::Category => "categories",
            };
            let folder = match &raw_feeds.folder {
                Some(folder) => {
                    check_slug_pattern(&folder.value)
                        .and_then(|()| {
                            check_output_path(
                                &folder.value.trim_end_matches('/').replace("{slug}", "x"),
                            )
                        })
                        .map_err(|message| located(folder, format!("folder: {message}")))?;
                    folder.value.trim_end_matches('/').to_string()
                }
                None => format!("{plural}/{{slug}}"),
            };
            let page_url = match &raw_feeds.page_url {
                Some(pattern) => {
                    check_slug_pattern(&pattern.value)
                        .and_then(|()| {
                            resolve_site_url(&base_url, &pattern.value.replace("{slug}", "x"))
                                .map(drop)
                        })
                        .map_err(|message| located(pattern, format!("page_url: {message}")))?;
                    pattern.value.clone()
                }
                None => format!("/{plural}/{{slug}}/"),
            };
            let mut pinned_slugs = BTreeMap::new();
            let mut pinned_by_slug: BTreeMap<String, &str> = BTreeMap::new();
            for (term, slug) in raw_slugs {
                taxonomy::check_pinned_slug(&slug.value).map_err(|message| {
                    located(slug, format!("{} \"{term}\": {message}", kind.noun()))
                })?;
                if let Some(other) = pinned_by_slug.insert(slug.value.clone(), term) {
                    return Err(located(
                        slug,
                        format!(
                            "{} \"{term}\" and \"{other}\" are pinned to the same slug \"{}\"",
                            plural, slug.value
                        ),
                    ));
                }
                if pinned_slugs
                    .insert(taxonomy::key(term), slug.value.clone())
                    .is_some()
                {
                    return Err(located(
                        slug,
                        format!(
                            "{} \"{term}\" is pinned twice (spellings differing only in case or space are one {})",
                            kind.noun(),
                            kind.noun()
                        ),
                    ));
                }
            }
            Ok(TaxonomyFeedsConfig {
                enabled: raw_feeds.enabled.unwrap_or(true),
                folder,
                page_url,
                limit: feed_limit(raw_feeds.limit),
                files: format_outputs(raw_feeds)?,
                pinned_slugs,
            })
        };
        let tag_feeds = taxonomy(TaxonomyKind::Tag, &raw.tag_feeds, &raw.tag_slugs)?;
        let category_feeds = taxonomy(
            TaxonomyKind::Category,
            &raw.category_feeds,
            &raw.category_slugs,
        )?;
        if tag_feeds.enabled && category_feeds.enabled && tag_feeds.folder == category_feeds.folder
        {
            return Err(Diagnostic::file(
                path,
                format!(
                    "tag_feeds and category_feeds share the folder pattern `{}`; a tag and a category with one slug would overwrite each other",
                    tag_feeds.folder
                ),
            ));
        }

        let mut outputs: Vec<&OutputFile> = feeds.files.values().collect();
        outputs.push(&sitemap_output);
        outputs.push(&opml);
        outputs.push(&feeds_page);
        outputs.push(&feeds_head);
        let enabled: Vec<&str> = outputs
            .iter()
            .filter(|o| o.enabled)
            .map(|o| o.file.as_str())
            .collect();
        for (i, file) in enabled.iter().enumerate() {
            if enabled[..i].contains(file) {
                return Err(Diagnostic::file(
                    path,
                    format!("two outputs are configured to write the same file `{file}`"),
                ));
            }
        }

        Ok(SiteConfig {
            title: raw.title.value,
            description: raw.description,
            base_url,
            language,
            author,
            timezone,
            permalink,
            content_dir: raw.content_dir.unwrap_or_else(|| PathBuf::from("content")),
            output_dir: raw.output_dir.unwrap_or_else(|| PathBuf::from("public")),
            exclude: raw.exclude.into_iter().map(|glob| glob.value).collect(),
            static_dir: raw.static_dir,
            max_post_bytes: raw.max_post_bytes.unwrap_or(10 * 1024 * 1024),
            sanitize: raw.sanitize.unwrap_or(false),
            feeds,
            sitemap: SitemapConfig {
                output: sitemap_output,
                extra_urls,
                max_urls,
                images: raw.sitemap.images.unwrap_or(true),
            },
            tag_feeds,
            category_feeds,
            opml,
            feeds_page,
            feeds_head,
            websub: WebSubConfig {
                hubs,
                ping: raw.websub.ping.unwrap_or(false),
            },
            archives: ArchivesConfig {
                enabled: raw.archives.enabled.unwrap_or(false),
                page_size,
            },
        })
    }

    /// Whether any feed (main, per-tag or per-category) is written in `format`.
    pub fn format_in_use(&self, format: FeedFormat) -> bool {
        let taxonomy = |t: &TaxonomyFeedsConfig| t.enabled && t.files[format].enabled;
        self.feeds.files[format].enabled
            || taxonomy(&self.tag_feeds)
            || taxonomy(&self.category_feeds)
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
    const PLACEHOLDERS: [&'static str; 5] = ["slug", "year", "month", "day", "path"];

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
                    "permalink \"{pattern}\" uses unknown placeholder `{{{name}}}` (known: {{slug}}, {{path}}, {{year}}, {{month}}, {{day}})"
                ));
            }
            has_slug |= name == "slug";
            rest = &rest[open + close + 1..];
        }
        if !has_slug {
            return Err(format!(
                "permalink \"{pattern}\" must contain `{{slug}}`, or two posts would share a URL"
            ));
        }
        Ok(PermalinkPattern(pattern.to_string()))
    }

    /// Fills in the placeholders for one post; `folder` is its folder inside the content
    /// folder (`{path}`), each name slugified as a file name is (`My Notes/2024` →
    /// `my-notes/2024`), as Hugo and Zola make them URL-safe. The `/` an empty folder leaves
    /// twice is written once.
    pub fn expand(&self, slug: &str, folder: &str, year: i16, month: i8, day: i8) -> String {
        let path = match self.0.contains("{path}") {
            true => folder
                .split('/')
                .map(|name| taxonomy::slugify_keeping(name, &['.', '_']))
                .filter(|name| !name.is_empty() && !name.starts_with('.'))
                .collect::<Vec<_>>()
                .join("/"),
            false => String::new(),
        };
        // A `%` written in a `slug:` is a character of the name, not the start of an escape.
        let expanded = self
            .0
            .replace("{slug}", &slug.replace('%', "%25"))
            .replace("{path}", &path)
            .replace("{year}", &format!("{year:04}"))
            .replace("{month}", &format!("{month:02}"))
            .replace("{day}", &format!("{day:02}"));
        collapse_slashes(&expanded).into_owned()
    }
}

/// A URL path with each run of `/` written once: an empty placeholder leaves two.
pub fn collapse_slashes(path: &str) -> std::borrow::Cow<'_, str> {
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
pub fn resolve_site_url(base_url: &Url, text: &str) -> Result<Url, String> {
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
        None => Some(20),
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
pub fn exclude_matcher(
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
        assert_eq!(pattern.expand("a", "", 2024, 1, 2), "/blog/a/");
        assert_eq!(
            pattern.expand("a", "My Notes/2024/_posts/v1.2", 2024, 1, 2),
            "/blog/my-notes/2024/_posts/v1.2/a/"
        );
        assert_eq!(
            pattern.expand("a", "what?/C#", 2024, 1, 2),
            "/blog/what/c-sharp/a/"
        );
        let dated = PermalinkPattern::parse("/{year}/{month}/{day}/{slug}.html").unwrap();
        assert_eq!(dated.expand("a", "x", 2024, 1, 2), "/2024/01/02/a.html");
    }
}
