//! Every feed to write, as groups of a feed's contents and its files: each language's main,
//! section, tag and category feeds, and their archive pages.

use std::collections::BTreeSet;

use url::Url;

use super::assemble::newest;
use super::{ArchiveLinks, Entry, Feed, FeedFile, FeedGroup, FeedKind, FeedScope, Site, sections};
use crate::config::OutputFile;
use crate::format::PerFormat;
use crate::taxonomy::TaxonomyKind;

impl Site {
    /// Every feed to write, language by language in the config's order: the main feed, then
    /// each tag's, then each category's, each followed by its archive pages (oldest first)
    /// when `archives` is on.
    pub(crate) fn feed_groups(&self) -> Vec<FeedGroup<'_>> {
        let mut groups = Vec::new();
        for language in 0..self.config.languages.list.len() {
            self.push_language_feeds(&mut groups, language);
        }
        for custom in &self.config.custom_feeds {
            self.push_custom_feed(&mut groups, custom);
        }
        groups
    }

    /// The posts of `language` (every language: `None`) that reach the feed of `section`
    /// (`None`: the main feed), newest first.
    pub(super) fn reaching(&self, language: Option<usize>, section: Option<usize>) -> Vec<&Entry> {
        self.entries
            .iter()
            .filter(|entry| entry.post.listing.in_feeds)
            .filter(|entry| language.is_none_or(|l| entry.post.language == l))
            .filter(|entry| match entry.post.listing.section_only {
                // Hugo's `build: {list: local}`: its own section's feed alone.
                true => section.is_some() && entry.section() == section,
                false => sections::reaches(&self.sections, entry.section(), section),
            })
            .collect()
    }

    /// The feeds of each section of `language` that has them: the default language's always,
    /// another's when it has posts there.
    pub(super) fn push_section_feeds<'a>(
        &'a self,
        groups: &mut Vec<FeedGroup<'a>>,
        language: usize,
    ) {
        let config = &self.config;
        let lang = &config.languages.list[language];
        let settings = &config.section_feeds;
        for (index, section) in self.sections.iter().enumerate() {
            let posts = self.reaching(Some(language), Some(index));
            if !section.feeds || (language > 0 && posts.is_empty()) {
                continue;
            }
            let (title, description) = section.titles[language].clone();
            let spec = FeedSpec {
                scope: FeedScope::Section(section),
                language,
                title,
                description,
                home_url: lang.url_of(&format!("{}/", section.url_path)),
                limit: settings.limit,
                summary_only: !config.feeds.full_content,
                files: feed_files(
                    lang.place(),
                    &settings.folder_for(&section.url_path),
                    &settings.files,
                ),
            };
            self.push_feed(groups, spec, posts);
        }
    }

    /// The feeds of one language, into `groups`.
    pub(super) fn push_language_feeds<'a>(
        &'a self,
        groups: &mut Vec<FeedGroup<'a>>,
        language: usize,
    ) {
        let config = &self.config;
        let lang = &config.languages.list[language];
        let main = FeedSpec {
            scope: FeedScope::Site,
            language,
            title: lang.title.clone(),
            description: lang.description.clone(),
            home_url: lang.root_url.clone(),
            limit: config.feeds.limit,
            summary_only: !config.feeds.full_content,
            files: feed_files(lang.place(), "", &config.feeds.files),
        };
        let in_language = self.reaching(Some(language), None);
        self.push_feed(groups, main, in_language);
        self.push_section_feeds(groups, language);
        let terms = &self.terms[language];
        for (kind, terms, settings) in [
            (TaxonomyKind::Tag, &terms.tags, &config.tag_feeds),
            (
                TaxonomyKind::Category,
                &terms.categories,
                &config.category_feeds,
            ),
            (TaxonomyKind::Author, &terms.authors, &config.author_feeds),
        ] {
            for term in terms {
                let description = match kind {
                    TaxonomyKind::Tag => {
                        format!("Posts tagged “{}” on {}", term.name, lang.title)
                    }
                    TaxonomyKind::Category => {
                        format!("Posts in “{}” on {}", term.name, lang.title)
                    }
                    TaxonomyKind::Author => format!("Posts by {} on {}", term.name, lang.title),
                };
                let spec = FeedSpec {
                    scope: FeedScope::Term(kind, term),
                    language,
                    title: format!("{} — {}", lang.title, term.name),
                    description,
                    home_url: settings.page_url_for(&lang.root_url, &term.page_slug),
                    limit: settings.limit,
                    summary_only: !config.feeds.full_content,
                    files: feed_files(
                        lang.place(),
                        &settings.folder_for(&term.slug),
                        &settings.files,
                    ),
                };
                let all = term.entries.iter().map(|&i| &self.entries[i]).collect();
                self.push_feed(groups, spec, all);
            }
        }
    }

    /// Adds the feed of `all` (newest first) to `groups`: its subscription feed and, with
    /// `archives` on, its archive pages. A page holds `page_size` posts counted from the
    /// oldest, so a full page never changes as posts arrive and can be cached for ever; a
    /// page is written once the posts after it still fill the subscription feed's `limit`,
    /// so the subscription feed holds at least `limit` posts (fewer than `limit +
    /// page_size`; every post while there is no page yet) and every post is in exactly one
    /// document of the chain.
    pub(super) fn push_feed<'a>(
        &'a self,
        groups: &mut Vec<FeedGroup<'a>>,
        spec: FeedSpec<'a>,
        mut all: Vec<&'a Entry>,
    ) {
        let config = &self.config;
        let covers = all.len();
        let limit = spec.limit;
        let files = &spec.files;
        let page_size = config.archives.page_size;
        let pages = match (config.archives.enabled, limit) {
            (true, Some(limit)) => all.len().saturating_sub(limit) / page_size,
            _ => 0,
        };
        let page_files = |page: usize| -> Vec<FeedFile> {
            files
                .iter()
                .map(|file| {
                    let name = file.path.rsplit('/').next().unwrap_or(&file.path);
                    FeedFile {
                        format: file.format,
                        // Beside the subscription file, wherever its language is served.
                        url: file
                            .url
                            .join(&archive_path(name, page))
                            .expect("a relative path joins"),
                        path: archive_path(&file.path, page),
                        archive: ArchiveLinks::default(),
                    }
                })
                .collect()
        };
        // Page `pages + 1` is not written yet, but the newest page links to it all the
        // same: its bytes then never change, and the link works once enough posts arrive.
        let archive_files: Vec<Vec<FeedFile>> = (1..=pages + 1).map(page_files).collect();
        let url_of = |page: usize, i: usize| -> Option<Url> {
            (1..=pages + 1)
                .contains(&page)
                .then(|| archive_files[page - 1][i].url.clone())
        };
        // The oldest `pages * page_size` posts go to the archive; the rest stay, all of
        // them when archiving (the chain must hold every post), else up to `limit`.
        let archived = all.split_off(all.len() - pages * page_size);
        let mut subscription = all;
        if !config.archives.enabled {
            subscription.truncate(limit.unwrap_or(usize::MAX));
        }
        let subscription_files = files
            .iter()
            .enumerate()
            .map(|(i, file)| FeedFile {
                archive: ArchiveLinks {
                    prev_archive: url_of(pages, i),
                    ..ArchiveLinks::default()
                },
                ..file.clone()
            })
            .collect();
        groups.push(self.group(&spec, (None, covers), subscription, subscription_files));
        for page in 1..=pages {
            // Newest first, as every feed lists its posts.
            let end = archived.len() - (page - 1) * page_size;
            let entries = archived[end - page_size..end].to_vec();
            let page_files = archive_files[page - 1]
                .iter()
                .enumerate()
                .map(|(i, file)| FeedFile {
                    archive: ArchiveLinks {
                        is_archive: true,
                        current: Some(files[i].url.clone()),
                        prev_archive: url_of(page - 1, i),
                        next_archive: url_of(page + 1, i),
                    },
                    ..file.clone()
                })
                .collect();
            groups.push(self.group(&spec, (Some(page), covers), entries, page_files));
        }
    }

    pub(super) fn group<'a>(
        &'a self,
        spec: &FeedSpec<'a>,
        (archive_page, covers): (Option<usize>, usize),
        entries: Vec<&'a Entry>,
        files: Vec<FeedFile>,
    ) -> FeedGroup<'a> {
        FeedGroup {
            scope: spec.scope,
            language: spec.language,
            covers,
            archive_page,
            feed: Feed {
                title: spec.title.clone(),
                description: spec.description.clone(),
                home_url: spec.home_url.clone(),
                language: self.config.languages.list[spec.language].code.as_deref(),
                updated: newest(&entries),
                // Where other feeds carry posts in full, their content is rendered: this one
                // takes each post's summary instead.
                summarized: match spec.summary_only && self.config.content_wanted() {
                    true => entries.iter().map(|entry| entry.position).collect(),
                    false => BTreeSet::new(),
                },
                entries,
                podcast: self.config.podcast.is_some()
                    && match spec.scope {
                        FeedScope::Site => true,
                        FeedScope::Custom(custom) => custom.podcast,
                        FeedScope::Section(section) => section.podcast,
                        _ => false,
                    },
            },
            files,
        }
    }
}

/// The subscription feeds of `groups` in `language` of `kind` that are written in some
/// format: a section of the OPML list or the feeds page.
pub(crate) fn feeds_in_section<'g, 'a>(
    groups: &'g [FeedGroup<'a>],
    language: usize,
    kind: FeedKind,
) -> Vec<&'g FeedGroup<'a>> {
    groups
        .iter()
        .filter(|group| group.is_subscription() && !group.files.is_empty())
        .filter(|group| group.language == language && group.scope.kind() == kind)
        .collect()
}

/// One feed before it is cut into archive pages: what all its documents share, its limit
/// and its subscription files.
pub(super) struct FeedSpec<'a> {
    pub(super) scope: FeedScope<'a>,
    pub(super) language: usize,
    pub(super) title: String,
    pub(super) description: String,
    pub(super) home_url: Url,
    /// Most posts of the subscription feed (`None`: every post).
    pub(super) limit: Option<usize>,
    /// Its posts with their summaries only (a custom feed's `full_content: false`).
    pub(super) summary_only: bool,
    /// The subscription feed's files, one per enabled format.
    pub(super) files: Vec<FeedFile>,
}

/// Where archive page `page` of the feed file at `path` goes: `archive/<page>/` next to it
/// (`tags/rust/atom.xml` → `tags/rust/archive/3/atom.xml`).
pub(crate) fn archive_path(path: &str, page: usize) -> String {
    match path.rsplit_once('/') {
        Some((folder, name)) => format!("{folder}/archive/{page}/{name}"),
        None => format!("archive/{page}/{path}"),
    }
}

/// The enabled files of one feed, inside `folder` (empty: none) of the output folder
/// `prefix` (empty, or ending in `/`) served at `root`.
pub(super) fn feed_files(
    (root, prefix): (&Url, &str),
    folder: &str,
    outputs: &PerFormat<OutputFile>,
) -> Vec<FeedFile> {
    outputs
        .iter()
        .filter(|(_, output)| output.enabled)
        .map(|(format, output)| {
            let relative = if folder.is_empty() {
                output.file.clone()
            } else {
                format!("{folder}/{}", output.file)
            };
            FeedFile {
                format,
                url: root
                    .join(&relative)
                    .expect("output paths are checked to be relative"),
                path: format!("{prefix}{relative}"),
                archive: ArchiveLinks::default(),
            }
        })
        .collect()
}
