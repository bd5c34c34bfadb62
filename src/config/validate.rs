//! The raw config ([`super::raw`]) checked into a [`SiteConfig`], reporting every problem of
//! the file in one run, each at its line: a section that is wrong is reported and stood in for
//! by its default, so the sections after it are still checked. Defaults come from
//! [`super::defaults`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jiff::tz::TimeZone;
use serde_saphyr::Spanned;
use url::Url;

use super::defaults;
use super::feed_sets;
use super::languages::{self, SiteDefaults};
use super::raw::{RawConfig, RawFormatFiles, RawOutputFile, RawSitemap, RawTaxonomyFeeds};
use super::{
    ArchivesConfig, CustomFeed, FeedsConfig, Language, Languages, MIN_FEED_BYTES, NamedSection,
    OutputFile, PermalinkPattern, SectionFeedsConfig, SiteConfig, SitemapConfig,
    TaxonomyFeedsConfig, WebSubConfig, check_language_tag, check_output_path, check_slug_pattern,
    exclude_matcher, feed_limit, parse_base_url, resolve_site_url, same_language,
};
use crate::error::Diagnostic;
use crate::format::PerFormat;
use crate::person::{Person, absolute_url, check_email};
use crate::profile::{Profile, Tool};
use crate::taxonomy::{self, TaxonomyKind};
use crate::text::clean_trimmed;
use crate::yaml;

/// The problems found so far, and where the file is.
struct Checker<'a> {
    path: &'a Path,
    problems: Vec<Diagnostic>,
}

impl Checker<'_> {
    /// A problem at `value`'s place in the file.
    fn at<T>(&mut self, value: &Spanned<T>, message: impl Into<String>) {
        let (line, column) = yaml::file_position(&value.referenced, 1);
        self.problems
            .push(Diagnostic::at(self.path, line, column, message));
    }

    /// A problem with the file as a whole.
    fn file(&mut self, message: impl Into<String>) {
        self.problems.push(Diagnostic::file(self.path, message));
    }

    /// `result`'s value, or `fallback` with its problem noted at `value`.
    fn or_at<T, S>(&mut self, value: &Spanned<S>, result: Result<T, String>, fallback: T) -> T {
        result.unwrap_or_else(|message| {
            self.at(value, message);
            fallback
        })
    }
}

/// Checks `raw`, the config at `path`; `base_url_override` (`--base-url`) stands in for the
/// config's `base_url`.
pub(super) fn validate(
    raw: RawConfig,
    path: &Path,
    base_url_override: Option<&str>,
) -> Result<SiteConfig, Vec<Diagnostic>> {
    let mut check = Checker {
        path,
        problems: Vec::new(),
    };
    // YAML's escapes (`"\u0001"`) can write what no output may hold: cleaned before the
    // languages and feeds take them over.
    let mut raw = raw;
    raw.title.value = clean_trimmed(&raw.title.value);
    raw.description = clean_trimmed(&raw.description);
    if raw.title.value.trim().is_empty() {
        check.at(&raw.title, "`title` must not be empty");
    }
    let base_url = base_url(&mut check, &raw, base_url_override);
    let timezone = timezone(&mut check, raw.timezone.as_ref());
    check_excludes(&mut check, &raw.exclude);
    let permalink = permalink(&mut check, raw.permalink.as_ref());
    let languages = languages(
        &mut check,
        &raw,
        base_url.as_ref(),
        (&permalink, base_url_override.is_some()),
    );
    let flavor = flavor(&mut check, raw.flavor.as_ref());
    let feeds = feeds(&mut check, &raw);
    let sitemap = sitemap(&mut check, &raw.sitemap, base_url.as_ref());
    let author = author(&mut check, raw.author.clone(), base_url.as_ref());
    let (opml, feeds_page, feeds_head) = pages(&mut check, &raw);
    let archives = archives(&mut check, &raw);
    let (section_feeds, sections, custom_feeds) = feed_sets(&mut check, &raw);
    let websub = WebSubConfig {
        hubs: hubs(&mut check, &raw.websub.hubs),
        ping: raw.websub.ping.unwrap_or(defaults::WEBSUB_PING),
    };
    let (tag_feeds, category_feeds) = taxonomies(&mut check, &raw, base_url.as_ref());
    outputs_apart(
        &mut check,
        feeds
            .files
            .values()
            .chain([&sitemap.output, &opml, &feeds_page, &feeds_head]),
    );
    let Some(base_url) = base_url.filter(|_| check.problems.is_empty()) else {
        let mut problems = check.problems;
        problems.sort_by_key(|problem| problem.position);
        return Err(problems);
    };
    Ok(SiteConfig {
        title: raw.title.value,
        description: raw.description,
        base_url,
        languages: languages.expect("made whenever base_url is"),
        author,
        timezone,
        permalink,
        content_dir: raw
            .content_dir
            .unwrap_or_else(|| PathBuf::from(defaults::CONTENT_DIR)),
        output_dir: raw
            .output_dir
            .unwrap_or_else(|| PathBuf::from(defaults::OUTPUT_DIR)),
        exclude: raw.exclude.into_iter().map(|glob| glob.value).collect(),
        static_dir: raw.static_dir,
        flavor,
        profile: flavor.map(Profile::of).unwrap_or_default(),
        site_values: Default::default(),
        max_post_bytes: raw.max_post_bytes.unwrap_or(defaults::MAX_POST_BYTES),
        sanitize: raw.sanitize.unwrap_or(defaults::SANITIZE),
        feeds,
        sitemap,
        tag_feeds,
        category_feeds,
        opml,
        feeds_page,
        feeds_head,
        websub,
        archives,
        section_feeds,
        sections,
        custom_feeds,
    })
}

/// `tag_feeds` and `category_feeds`, which may not share a folder.
fn taxonomies(
    check: &mut Checker<'_>,
    raw: &RawConfig,
    base_url: Option<&Url>,
) -> (TaxonomyFeedsConfig, TaxonomyFeedsConfig) {
    let tags = (TaxonomyKind::Tag, &raw.tag_feeds, &raw.tag_slugs);
    let categories = (
        TaxonomyKind::Category,
        &raw.category_feeds,
        &raw.category_slugs,
    );
    let [tag_feeds, category_feeds] = [tags, categories]
        .map(|(kind, feeds, slugs)| taxonomy_feeds(check, kind, feeds, slugs, base_url));
    if tag_feeds.enabled && category_feeds.enabled && tag_feeds.folder == category_feeds.folder {
        check.file(format!(
            "tag_feeds and category_feeds share the folder pattern `{}`; a tag and a category with one slug would overwrite each other",
            tag_feeds.folder
        ));
    }
    (tag_feeds, category_feeds)
}

/// `section_feeds`, `sections` and `custom_feeds`: each folder inside the output folder, each
/// section a clean folder path, no custom feed name twice.
fn feed_sets(
    check: &mut Checker<'_>,
    raw: &RawConfig,
) -> (SectionFeedsConfig, Vec<NamedSection>, Vec<CustomFeed>) {
    let folder = match &raw.section_feeds.folder {
        Some(folder) => {
            let trimmed = folder.value.trim_matches('/').to_owned();
            let checked = check_output_path(&format!("{}/x", trimmed.replace("{section}", "s")))
                .map(|()| trimmed)
                .map_err(|message| format!("section_feeds folder: {message}"));
            check.or_at(folder, checked, defaults::SECTION_FOLDER.to_owned())
        }
        None => defaults::SECTION_FOLDER.to_owned(),
    };
    let section_feeds = SectionFeedsConfig {
        enabled: raw.section_feeds.enabled,
        folder,
        in_main_feed: raw.section_feeds.in_main_feed,
        limit: feed_limit(raw.section_feeds.limit),
        files: format_outputs(check, &raw.section_feeds),
    };
    let mut sections: Vec<NamedSection> = Vec::new();
    for section in &raw.sections {
        let Some(path) = check.or_at(
            &section.path,
            feed_sets::section_path(&section.path.value).map(Some),
            None,
        ) else {
            continue;
        };
        if sections.iter().any(|known| known.path == path) {
            check.at(&section.path, format!("section `{path}` is named twice"));
        }
        sections.push(NamedSection {
            path,
            title: section.title.clone(),
            description: section.description.clone(),
            in_main_feed: section.in_main_feed,
            feeds: section.feeds,
        });
    }
    let mut custom_feeds: Vec<CustomFeed> = Vec::new();
    for raw_feed in &raw.custom_feeds {
        let files = format_outputs(check, raw_feed);
        let mut problems = Vec::new();
        let feed = feed_sets::custom_feed(raw_feed, files, &mut problems);
        for ((line, column), message) in problems {
            check
                .problems
                .push(Diagnostic::at(check.path, line, column, message));
        }
        if let Some(twin) = custom_feeds.iter().find(|known| known.name == feed.name) {
            check.at(
                &raw_feed.name,
                format!("custom feed `{}` is defined twice", twin.name),
            );
        }
        custom_feeds.push(feed);
    }
    (section_feeds, sections, custom_feeds)
}

/// `language` and `languages:` checked, each item at its line: the declared languages, or
/// the one a site that declares none has (`language`, at the site root). `language` may be
/// left out beside `languages:`, or name its first, the default. `None` without a site URL
/// (its problem is noted where it is checked).
fn languages(
    check: &mut Checker<'_>,
    raw: &RawConfig,
    base_url: Option<&Url>,
    (permalink, overridden): (&PermalinkPattern, bool),
) -> Option<Languages> {
    let language = raw
        .language
        .as_ref()
        .and_then(|tag| check.or_at(tag, check_language_tag(&tag.value).map(Some), None));
    let language = language.as_deref();
    // Without a site URL there is nothing to put the languages under; its problem is noted.
    let site = &SiteDefaults::of(raw, base_url?, permalink, overridden);
    let single = || Language {
        code: language.map(str::to_owned),
        title: site.title.to_owned(),
        description: site.description.to_owned(),
        root_url: site.base_url.clone(),
        folder: String::new(),
        permalink: site.permalink.clone(),
        own_host: false,
    };
    let Some(declared) = &raw.languages else {
        return Some(Languages {
            list: vec![single()],
            declared: false,
        });
    };
    let mut list: Vec<Language> = Vec::new();
    for (index, item) in declared.value.iter().enumerate() {
        let Some(checked) =
            check.or_at(item, languages::language(item, index, site).map(Some), None)
        else {
            continue;
        };
        let code = checked.code.clone().unwrap_or_default();
        if let Some(twin) = list
            .iter()
            .find(|known| same_language(known.code.as_deref().unwrap_or(""), &code))
        {
            check.at(
                item,
                format!(
                    "language `{code}` is declared twice (also as `{}`)",
                    twin.name()
                ),
            );
        } else if let Some(twin) = list
            .iter()
            .find(|known| known.folder == checked.folder && known.root_url == checked.root_url)
        {
            check.at(
                item,
                format!(
                    "languages `{}` and `{code}` would share the folder `/{}` and their feeds overwrite each other; give one a `prefix`",
                    twin.name(),
                    checked.folder
                ),
            );
        } else {
            list.push(checked);
        }
    }
    if declared.value.is_empty() {
        check.at(
            declared,
            "`languages` must list at least one language, the default first (e.g. `[en, es]`)",
        );
    }
    if let (Some(tag), Some(first)) = (&raw.language, list.first())
        && !same_language(&tag.value, first.name())
    {
        check.at(
            tag,
            format!(
                "`language` \"{}\" is not the first of `languages` (`{}`), the default language; leave `language` out or make them agree",
                tag.value,
                first.name()
            ),
        );
    }
    if list.is_empty() {
        list.push(single());
    }
    Some(Languages {
        list,
        declared: true,
    })
}

/// `permalink`: a pattern with known placeholders, else the default.
fn permalink(check: &mut Checker<'_>, pattern: Option<&Spanned<String>>) -> PermalinkPattern {
    let default = || PermalinkPattern(defaults::PERMALINK.to_string());
    match pattern {
        Some(pattern) => check.or_at(pattern, PermalinkPattern::parse(&pattern.value), default()),
        None => default(),
    }
}

/// `flavor`: `auto` (the tool found) or a tool's name.
fn flavor(check: &mut Checker<'_>, flavor: Option<&Spanned<String>>) -> Option<Tool> {
    flavor.and_then(|name| {
        let known = match name.value.trim() {
            "auto" => Ok(None),
            other => Tool::named(other).map(Some).ok_or_else(|| {
                format!(
                    "flavor \"{other}\" is not a tool feedsmith knows (known: auto, {})",
                    Tool::ALL.map(|(_, name)| name).join(", ")
                )
            }),
        };
        check.or_at(name, known, None)
    })
}

/// Each `exclude` glob parses.
fn check_excludes(check: &mut Checker<'_>, globs: &[Spanned<String>]) {
    for glob in globs {
        let result = exclude_matcher(Path::new(""), std::slice::from_ref(&glob.value)).map(drop);
        let result = result.map_err(|message| format!("exclude: {message}"));
        check.or_at(glob, result, ());
    }
}

/// The OPML list, the feeds page and its `<head>` snippet (on and off with the page).
fn pages(check: &mut Checker<'_>, raw: &RawConfig) -> (OutputFile, OutputFile, OutputFile) {
    let page = |file: &Option<Spanned<String>>| RawOutputFile {
        enabled: raw.feeds_page.enabled,
        file: file.clone(),
    };
    (
        output(check, &raw.opml, defaults::OPML_FILE),
        output(
            check,
            &page(&raw.feeds_page.file),
            defaults::FEEDS_PAGE_FILE,
        ),
        output(
            check,
            &page(&raw.feeds_page.head_file),
            defaults::FEEDS_HEAD_FILE,
        ),
    )
}

fn archives(check: &mut Checker<'_>, raw: &RawConfig) -> ArchivesConfig {
    ArchivesConfig {
        enabled: raw.archives.enabled.unwrap_or(defaults::ARCHIVES),
        page_size: match &raw.archives.page_size {
            Some(n) if n.value >= 1 => n.value,
            Some(n) => {
                check.at(
                    n,
                    "archives page_size must be at least 1 (posts per archive page)",
                );
                defaults::ARCHIVE_PAGE_SIZE
            }
            None => defaults::ARCHIVE_PAGE_SIZE,
        },
    }
}

/// No two enabled outputs on one file.
fn outputs_apart<'a>(check: &mut Checker<'_>, outputs: impl Iterator<Item = &'a OutputFile>) {
    let enabled: Vec<&str> = outputs
        .filter(|o| o.enabled)
        .map(|o| o.file.as_str())
        .collect();
    for (i, file) in enabled.iter().enumerate() {
        if enabled[..i].contains(file) {
            check.file(format!(
                "two outputs are configured to write the same file `{file}`"
            ));
        }
    }
}

/// The site's URL: `--base-url` when given, else the config's (a problem noted when it is
/// not an absolute http(s) URL; `None` then, and the checks that need it are skipped).
fn base_url(check: &mut Checker<'_>, raw: &RawConfig, given: Option<&str>) -> Option<Url> {
    match given {
        Some(url) => parse_base_url(url)
            .map_err(|message| {
                check
                    .problems
                    .push(Diagnostic::general(format!("--base-url: {message}")))
            })
            .ok(),
        None => {
            let parsed = parse_base_url(&raw.base_url.value).map(Some);
            check.or_at(&raw.base_url, parsed, None)
        }
    }
}

fn timezone(check: &mut Checker<'_>, name: Option<&Spanned<String>>) -> TimeZone {
    let Some(name) = name else {
        return TimeZone::get(defaults::TIMEZONE).expect("UTC is in every time zone database");
    };
    let zone = TimeZone::get(&name.value).map_err(|_| {
        format!(
            "unknown time zone \"{}\" (expected an IANA name such as `UTC` or `Europe/Berlin`)",
            name.value
        )
    });
    check.or_at(name, zone, TimeZone::UTC)
}

/// One output file: its path checked to stay inside the output folder.
fn output(check: &mut Checker<'_>, raw: &RawOutputFile, default: &str) -> OutputFile {
    let file = match &raw.file {
        Some(file) => {
            let checked = check_output_path(&file.value).map(|()| file.value.clone());
            check.or_at(file, checked, default.to_string())
        }
        None => default.to_string(),
    };
    OutputFile {
        enabled: raw.enabled.unwrap_or(defaults::OUTPUT_ENABLED),
        file,
    }
}

/// A feed's three formats' files.
fn format_outputs(check: &mut Checker<'_>, raw: &dyn RawFormatFiles) -> PerFormat<OutputFile> {
    let files = raw.format_files();
    PerFormat::from_fn(|format| output(check, files[format as usize], format.default_file()))
}

fn feeds(check: &mut Checker<'_>, raw: &RawConfig) -> FeedsConfig {
    FeedsConfig {
        limit: feed_limit(raw.feeds.limit),
        full_content: raw.feeds.full_content.unwrap_or(defaults::FULL_CONTENT),
        files: format_outputs(check, &raw.feeds),
        max_bytes: match &raw.feeds.max_bytes {
            Some(n) if n.value >= MIN_FEED_BYTES => Some(n.value),
            Some(n) => {
                check.at(
                    n,
                    format!(
                        "feeds max_bytes {} is too small: a feed file needs at least {MIN_FEED_BYTES} bytes for its header and one post",
                        n.value
                    ),
                );
                None
            }
            None => None,
        },
    }
}

fn sitemap(check: &mut Checker<'_>, raw: &RawSitemap, base_url: Option<&Url>) -> SitemapConfig {
    let output = output(
        check,
        &RawOutputFile {
            enabled: raw.enabled,
            file: raw.file.clone(),
        },
        defaults::SITEMAP_FILE,
    );
    let max_urls = match &raw.max_urls {
        Some(n) if (1..=defaults::SITEMAP_MAX_URLS).contains(&n.value) => n.value,
        Some(n) => {
            check.at(
                n,
                format!("sitemap max_urls {} must be between 1 and 50000", n.value),
            );
            defaults::SITEMAP_MAX_URLS
        }
        None => defaults::SITEMAP_MAX_URLS,
    };
    let mut extra_urls = Vec::new();
    for extra in raw.extra_urls.iter().filter(|_| base_url.is_some()) {
        let base_url = base_url.expect("filtered above");
        let url = resolve_site_url(base_url, &extra.value)
            .and_then(|url| match url.as_str().starts_with(base_url.as_str()) {
                true => Ok(url),
                // Search engines ignore, or hold against the site, URLs it does not own.
                false => Err(format!("must be on the site, under {base_url}")),
            })
            .map_err(|message| format!("sitemap extra URL \"{}\": {message}", extra.value));
        match url {
            Ok(url) => extra_urls.push(url),
            Err(message) => check.at(extra, message),
        }
    }
    SitemapConfig {
        output,
        extra_urls,
        max_urls,
        images: raw.images.unwrap_or(defaults::SITEMAP_IMAGES),
    }
}

fn author(
    check: &mut Checker<'_>,
    raw: Option<super::raw::RawPerson>,
    base_url: Option<&Url>,
) -> Option<Person> {
    let mut author = Person::from(raw?);
    let problem = |message: String| format!("author: {message}");
    if let Some(email) = &author.email
        && let Err(message) = check_email(email)
    {
        check.file(problem(message));
    }
    if let (Some(url), Some(base_url)) = (&author.url, base_url) {
        match absolute_url(url, base_url) {
            Ok(absolute) => author.url = Some(absolute),
            Err(message) => check.file(problem(message)),
        }
    }
    Some(author)
}

fn hubs(check: &mut Checker<'_>, raw: &[Spanned<String>]) -> Vec<Url> {
    let mut hubs = Vec::new();
    for hub in raw {
        match Url::parse(hub.value.trim())
            .ok()
            .filter(|url| matches!(url.scheme(), "http" | "https"))
        {
            Some(url) => hubs.push(url),
            None => check.at(
                hub,
                format!(
                    "websub hub \"{}\" must be an absolute http(s) URL such as https://pubsubhubbub.appspot.com/",
                    hub.value
                ),
            ),
        }
    }
    hubs
}

/// The feeds of one taxonomy: their folder and page patterns, limits, files and pinned slugs.
fn taxonomy_feeds(
    check: &mut Checker<'_>,
    kind: TaxonomyKind,
    raw: &RawTaxonomyFeeds,
    raw_slugs: &BTreeMap<String, Spanned<String>>,
    base_url: Option<&Url>,
) -> TaxonomyFeedsConfig {
    let (default_folder, default_page) = match kind {
        TaxonomyKind::Tag => (defaults::TAG_FOLDER, defaults::TAG_PAGE_URL),
        TaxonomyKind::Category => (defaults::CATEGORY_FOLDER, defaults::CATEGORY_PAGE_URL),
    };
    let folder = match &raw.folder {
        Some(folder) => {
            let trimmed = folder.value.trim_end_matches('/');
            let checked = check_slug_pattern(&folder.value)
                .and_then(|()| check_output_path(&trimmed.replace("{slug}", "x")))
                .map(|()| trimmed.to_string())
                .map_err(|message| format!("folder: {message}"));
            check.or_at(folder, checked, default_folder.to_string())
        }
        None => default_folder.to_string(),
    };
    let page_url = match (&raw.page_url, base_url) {
        (Some(pattern), Some(base_url)) => {
            let checked = check_slug_pattern(&pattern.value)
                .and_then(|()| {
                    resolve_site_url(base_url, &pattern.value.replace("{slug}", "x")).map(drop)
                })
                .map(|()| pattern.value.clone())
                .map_err(|message| format!("page_url: {message}"));
            check.or_at(pattern, checked, default_page.to_string())
        }
        (Some(pattern), None) => pattern.value.clone(),
        (None, _) => default_page.to_string(),
    };
    TaxonomyFeedsConfig {
        enabled: raw.enabled.unwrap_or(defaults::OUTPUT_ENABLED),
        folder,
        page_url,
        limit: feed_limit(raw.limit),
        files: format_outputs(check, raw),
        pinned_slugs: pinned_slugs(check, kind, raw_slugs),
        only: raw.only.iter().map(|t| taxonomy::identity(t)).collect(),
        except: raw.except.iter().map(|t| taxonomy::identity(t)).collect(),
    }
}

/// `tag_slugs` or `category_slugs`: each slug safe, no two terms on one slug, no term twice.
fn pinned_slugs(
    check: &mut Checker<'_>,
    kind: TaxonomyKind,
    raw: &BTreeMap<String, Spanned<String>>,
) -> BTreeMap<String, String> {
    let plural = match kind {
        TaxonomyKind::Tag => "tags",
        TaxonomyKind::Category => "categories",
    };
    let mut pinned = BTreeMap::new();
    let mut by_slug: BTreeMap<String, &str> = BTreeMap::new();
    for (term, slug) in raw {
        if let Err(message) = taxonomy::check_pinned_slug(&slug.value) {
            check.at(slug, format!("{} \"{term}\": {message}", kind.noun()));
            continue;
        }
        if let Some(other) = by_slug.insert(slug.value.clone(), term) {
            check.at(
                slug,
                format!(
                    "{plural} \"{term}\" and \"{other}\" are pinned to the same slug \"{}\"",
                    slug.value
                ),
            );
            continue;
        }
        if pinned
            .insert(taxonomy::identity(term), slug.value.clone())
            .is_some()
        {
            check.at(
                slug,
                format!(
                    "{} \"{term}\" is pinned twice (spellings differing only in case or space are one {})",
                    kind.noun(),
                    kind.noun()
                ),
            );
        }
    }
    pinned
}
