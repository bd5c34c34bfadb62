//! The config's outputs checked: the feeds and their formats' files, the tag, category,
//! section and custom feeds, the sitemap, the OPML list and the feeds page, archives —
//! each path inside the output folder, none on another's file.

use std::collections::BTreeMap;

use serde_saphyr::Spanned;
use url::Url;

use crate::config::defaults;
use crate::config::feed_sets;
use crate::config::problem::ValueProblem;
use crate::config::raw::{RawConfig, RawFormatFiles, RawOutputFile, RawSitemap, RawTaxonomyFeeds};
use crate::config::{
    ArchivesConfig, CustomFeed, FeedsConfig, MIN_FEED_BYTES, NamedSection, OutputFile,
    SectionFeedsConfig, SitemapConfig, TaxonomyFeedsConfig, check_slug_pattern, feed_limit,
    output_file_path, output_folder_path, resolve_site_url,
};
use crate::error::Diagnostic;
use crate::format::PerFormat;
use crate::taxonomy::{self, TaxonomyKind};

use super::{Checker, position};

/// `tag_feeds`, `category_feeds` and `author_feeds`, no two of which may share a folder.
pub(super) fn taxonomies(
    check: &mut Checker<'_>,
    raw: &RawConfig,
    base_url: Option<&Url>,
) -> [TaxonomyFeedsConfig; 3] {
    let tags = (TaxonomyKind::Tag, &raw.tag_feeds, &raw.tag_slugs);
    let categories = (
        TaxonomyKind::Category,
        &raw.category_feeds,
        &raw.category_slugs,
    );
    let authors = (TaxonomyKind::Author, &raw.author_feeds, &raw.author_slugs);
    let all = [tags, categories, authors]
        .map(|(kind, feeds, slugs)| taxonomy_feeds(check, kind, feeds, slugs, base_url));
    let kinds = [
        TaxonomyKind::Tag,
        TaxonomyKind::Category,
        TaxonomyKind::Author,
    ];
    for (a, b) in [(0, 1), (0, 2), (1, 2)] {
        if all[a].enabled && all[b].enabled && all[a].folder == all[b].folder {
            check.file(format!(
                "{}_feeds and {}_feeds share the folder pattern `{}`; a {} and a {} with one slug would overwrite each other",
                kinds[a].noun(),
                kinds[b].noun(),
                all[a].folder,
                kinds[a].noun(),
                kinds[b].noun()
            ));
        }
    }
    all
}

/// `section_feeds`, `sections` and `custom_feeds`: each folder inside the output folder, each
/// section a clean folder path, no custom feed name twice.
pub(super) fn feed_sets(
    check: &mut Checker<'_>,
    raw: &RawConfig,
) -> (SectionFeedsConfig, Vec<NamedSection>, Vec<CustomFeed>) {
    let folder = match &raw.section_feeds.folder {
        Some(folder) => {
            let checked = output_folder_path(&folder.value)
                .and_then(|path| match path.is_empty() {
                    true => Err(ValueProblem::SectionFolderMissing),
                    false => Ok(path),
                })
                .map_err(|message| format!("section_feeds folder: {message}"));
            check.or_at(folder, checked, defaults::SECTION_FOLDER.to_owned())
        }
        None => defaults::SECTION_FOLDER.to_owned(),
    };
    let section_feeds = SectionFeedsConfig {
        enabled: raw.section_feeds.enabled,
        folder,
        folder_at: raw.section_feeds.folder.as_ref().map(position),
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
            podcast: section.podcast.unwrap_or(false),
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

/// The OPML list, the feeds page and its `<head>` snippet (on and off with the page).
pub(super) fn pages(
    check: &mut Checker<'_>,
    raw: &RawConfig,
) -> (OutputFile, OutputFile, OutputFile) {
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

pub(super) fn archives(check: &mut Checker<'_>, raw: &RawConfig) -> ArchivesConfig {
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
pub(super) fn outputs_apart<'a>(
    check: &mut Checker<'_>,
    outputs: impl Iterator<Item = &'a OutputFile>,
) {
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

/// One output file: its path checked to stay inside the output folder.
pub(super) fn output(check: &mut Checker<'_>, raw: &RawOutputFile, default: &str) -> OutputFile {
    let file = match &raw.file {
        Some(file) => {
            let checked = output_file_path(&file.value);
            check.or_at(file, checked, default.to_string())
        }
        None => default.to_string(),
    };
    OutputFile {
        enabled: raw.enabled.unwrap_or(defaults::OUTPUT_ENABLED),
        file,
        at: raw.file.as_ref().map(position),
    }
}

/// A feed's three formats' files.
pub(super) fn format_outputs(
    check: &mut Checker<'_>,
    raw: &dyn RawFormatFiles,
) -> PerFormat<OutputFile> {
    let files = raw.format_files();
    PerFormat::from_fn(|format| output(check, files[format as usize], format.default_file()))
}

pub(super) fn feeds(check: &mut Checker<'_>, raw: &RawConfig) -> FeedsConfig {
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

pub(super) fn sitemap(
    check: &mut Checker<'_>,
    raw: &RawSitemap,
    base_url: Option<&Url>,
) -> SitemapConfig {
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
                false => Err(ValueProblem::OffSite(base_url.clone())),
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

/// The feeds of one taxonomy: their folder and page patterns, limits, files and pinned slugs.
pub(super) fn taxonomy_feeds(
    check: &mut Checker<'_>,
    kind: TaxonomyKind,
    raw: &RawTaxonomyFeeds,
    raw_slugs: &BTreeMap<String, Spanned<String>>,
    base_url: Option<&Url>,
) -> TaxonomyFeedsConfig {
    let (default_folder, default_page) = match kind {
        TaxonomyKind::Tag => (defaults::TAG_FOLDER, defaults::TAG_PAGE_URL),
        TaxonomyKind::Category => (defaults::CATEGORY_FOLDER, defaults::CATEGORY_PAGE_URL),
        TaxonomyKind::Author => (defaults::AUTHOR_FOLDER, defaults::AUTHOR_PAGE_URL),
    };
    let enabled_by_default = match kind {
        TaxonomyKind::Author => defaults::AUTHOR_FEEDS,
        TaxonomyKind::Tag | TaxonomyKind::Category => defaults::OUTPUT_ENABLED,
    };
    let folder = match &raw.folder {
        Some(folder) => {
            let checked = check_slug_pattern(&folder.value)
                .and_then(|()| output_folder_path(&folder.value))
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
        enabled: raw.enabled.unwrap_or(enabled_by_default),
        folder,
        folder_at: raw.folder.as_ref().map(position),
        page_url,
        limit: feed_limit(raw.limit),
        files: format_outputs(check, raw),
        pinned_slugs: pinned_slugs(check, kind, raw_slugs),
        only: raw.only.iter().map(|t| taxonomy::identity(t)).collect(),
        except: raw.except.iter().map(|t| taxonomy::identity(t)).collect(),
    }
}

/// `tag_slugs`, `category_slugs` or `author_slugs`: each slug safe, no two terms on one slug, no term twice.
pub(super) fn pinned_slugs(
    check: &mut Checker<'_>,
    kind: TaxonomyKind,
    raw: &BTreeMap<String, Spanned<String>>,
) -> BTreeMap<String, String> {
    let plural = match kind {
        TaxonomyKind::Tag => "tags",
        TaxonomyKind::Category => "categories",
        TaxonomyKind::Author => "authors",
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
