//! The site as the outputs see it, as plain data: published posts sorted once (newest first,
//! slug then path as the tiebreak), each with its permalink and id; tags and categories
//! grouped; the names references can give each post; and the list of feeds to write. It
//! reads no file, renders nothing and holds no rendered post (the build keeps those, in
//! [`crate::build::store::RenderedPosts`]).

use std::collections::HashMap;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use jiff::{Timestamp, ZonedDateTime};
use rayon::prelude::*;
use url::Url;

mod sections;

pub(crate) use self::sections::Section;
use crate::config::{CustomFeed, OutputFile, SiteConfig, TaxonomyFeedsConfig, same_language};
use crate::error::{Diagnostic, Error};
use crate::format::{FeedFormat, PerFormat};
use crate::links::UrlBase;
use crate::person::absolute_url;
use crate::settings::Selection;
use crate::source::{self, MediaFile, Post, SectionPage};
use crate::taxonomy::{self, TaxonomyKind, Term};

/// The posts a selection left out, for the summary. Neither is a problem: drafts and
/// scheduled posts are how blogs work, so they are counted, not warned about.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Skipped {
    /// Drafts left out.
    pub drafts: usize,
    /// Scheduled posts left out (dated after now).
    pub future: usize,
    /// The scheduled posts and their dates, by path.
    pub scheduled: Vec<(PathBuf, ZonedDateTime)>,
}

/// A published post, ready for every output.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The post as read (boxed, so that taking it over from the list read moves a pointer).
    pub post: Box<Post>,
    /// Its place in [`Site::entries`].
    pub position: usize,
    /// Absolute URL of the post's page.
    pub permalink: Url,
    /// `updated` if given, else `published`.
    pub modified: ZonedDateTime,
    /// Absolute URL of the cover image, checked to be one (kept as text: a big site holds a
    /// million of them, and every output only writes it).
    pub cover_image: Option<String>,
    /// The file to enclose, with what it is: the post's `enclosure` (or `audio`, `video`)
    /// when the static folder holds it, else its cover image when that is there. Remote
    /// files are not enclosed: their length and type are not known. Boxed: most posts have
    /// none.
    pub enclosure: Option<Box<(String, MediaFile)>>,
    /// The post in the site's other languages (same bundle, same path in another language's
    /// folder, or one `translationKey`), in the order the config lists the languages; empty
    /// for a post with none.
    pub translations: Box<[Translation]>,
    /// The section it is in (an index into [`Site::sections`]), if any.
    pub section: Option<u32>,
}

/// One other-language version of a post.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Translation {
    /// Its language: an index into the config's languages.
    pub language: usize,
    /// Its permalink.
    pub url: Url,
}

/// The whole published site.
#[derive(Debug)]
pub struct Site {
    /// The validated config.
    pub config: SiteConfig,
    /// Published posts, newest first; equal dates ordered by slug.
    pub entries: Vec<Entry>,
    /// What the selection left out.
    pub skipped: Skipped,
    /// Each language's tags and categories, in the config's order of the languages.
    pub terms: Vec<LanguageTerms>,
    /// The content folder's sections, by path.
    pub sections: Vec<Section>,
    /// Problems that do not stop the build (skipped future posts, resolved slug collisions).
    pub warnings: Vec<Diagnostic>,
    /// Which entry each way of naming a post refers to (see [`Site::find_post`]), built on
    /// the first look-up.
    links: std::sync::OnceLock<PostLinks>,
}

/// One language's tags and categories.
#[derive(Debug, Default)]
pub struct LanguageTerms {
    /// Tags, sorted by slug; empty when tag feeds are off.
    pub tags: Vec<Term>,
    /// Categories, sorted by slug; empty when category feeds are off.
    pub categories: Vec<Term>,
}

/// One feed's contents, independent of its format.
#[derive(Debug, Clone)]
pub struct Feed<'a> {
    /// Feed title.
    pub title: String,
    /// Feed description.
    pub description: String,
    /// The page the feed belongs to (RSS `link`, JSON `home_page_url`).
    pub home_url: Url,
    /// Its language's tag (RSS `language`, Atom `xml:lang`, JSON `language`), if known.
    pub language: Option<&'a str>,
    /// The entries, newest first.
    pub entries: Vec<&'a Entry>,
    /// Newest `modified` among the entries; the Unix epoch for an empty feed. Never the clock.
    pub updated: ZonedDateTime,
    /// The entries (by position) written with their summary only, to fit the size budget.
    pub summarized: BTreeSet<usize>,
}

/// One feed file to write.
#[derive(Debug, Clone)]
pub struct FeedFile {
    /// Its format.
    pub format: FeedFormat,
    /// Path inside the output folder.
    pub path: String,
    /// Where it is served: its self link.
    pub url: Url,
    /// Its links to the other documents of its archive (RFC 5005), in its format.
    pub archive: ArchiveLinks,
}

/// How one feed file links to the other documents of its feed's archive (RFC 5005): the
/// subscription feed to the newest archive page, each page to its neighbours and to the
/// subscription feed. Without archives, none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArchiveLinks {
    /// Whether the file is an archive page (`fh:archive`), not the subscription feed.
    pub is_archive: bool,
    /// From an archive page, the subscription feed (`current`).
    pub current: Option<Url>,
    /// The next older archive page (`prev-archive`; JSON Feed `next_url`).
    pub prev_archive: Option<Url>,
    /// The next newer archive page (`next-archive`).
    pub next_archive: Option<Url>,
}

/// What a group of feeds covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedScope<'a> {
    /// The whole site.
    Site,
    /// One tag or category.
    Term(TaxonomyKind, &'a Term),
    /// One section of the content folder.
    Section(&'a Section),
    /// A feed the config defines.
    Custom(&'a CustomFeed),
}

/// One feed's contents and the files (one per enabled format) it is written to: a
/// subscription feed, or one page of its archive.
#[derive(Debug)]
pub struct FeedGroup<'a> {
    /// What the feed covers.
    pub scope: FeedScope<'a>,
    /// Its language: an index into the config's languages.
    pub language: usize,
    /// How many posts the feed covers, before its limit (or its archive pages) cut them.
    pub covers: usize,
    /// The archive page this is (1 = the oldest posts), or `None` for the subscription feed.
    pub archive_page: Option<usize>,
    /// The contents.
    pub feed: Feed<'a>,
    /// The files, in the order RSS, Atom, JSON.
    pub files: Vec<FeedFile>,
}

impl Site {
    /// Selects, checks and orders the posts and groups them by tag and category; renders
    /// nothing yet (see [`crate::build::schedule::render_posts`]). Every problem is reported at once.
    pub fn assemble(
        config: SiteConfig,
        posts: Vec<Box<Post>>,
        section_pages: &[SectionPage],
        selection: Selection,
    ) -> Result<Site, Error> {
        let mut skipped = Skipped::default();
        // Filtered in place: a second list of a big site's posts would double its memory.
        let mut published = posts;
        published.retain_mut(|post| {
            if post.undated {
                post.published = selection.now.to_zoned_datetime(config.timezone.clone());
            }
            if post.draft && !selection.drafts {
                skipped.drafts += 1;
                false
            } else if post.published.timestamp() > selection.now && !selection.future {
                skipped.future += 1;
                skipped
                    .scheduled
                    .push((post.source_path.clone(), post.published.clone()));
                false
            } else {
                true
            }
        });
        // Source paths are unique, so no two posts compare equal and an unstable sort gives
        // the one order; unlike a stable one it needs no buffer of the posts.
        published.par_sort_unstable_by(|a, b| {
            b.published
                .timestamp()
                .cmp(&a.published.timestamp())
                .then_with(|| a.slug.cmp(&b.slug))
                .then_with(|| a.source_path.cmp(&b.source_path))
        });

        // Collected in place, in order: big sites hold hundreds of thousands of entries.
        let built: Vec<Result<Entry, Diagnostic>> = published
            .into_par_iter()
            .enumerate()
            .map(|(position, post)| Entry::new(&config, post, position))
            .collect();
        if built.iter().any(Result::is_err) {
            return Err(Error::Content(
                built.into_iter().filter_map(Result::err).collect(),
            ));
        }
        // `map` (unlike `flatten`) lets the standard library reuse `built`'s allocation.
        let entries: Vec<Entry> = built
            .into_iter()
            .map(|entry| entry.expect("no problems, checked above"))
            .collect();
        check_unique_urls(&config, &entries)?;
        let mut entries = entries;
        let sections = sections::sections(&config, section_pages);
        if !sections.is_empty() {
            for entry in &mut entries {
                entry.section = sections::section_of(&sections, &entry.post.folder)
                    .map(|i| u32::try_from(i).expect("fewer sections than posts"));
            }
        }
        if config.languages.several() {
            link_translations(&config, &mut entries);
        }

        skipped.scheduled.sort_by(|a, b| a.0.cmp(&b.0));
        let mut warnings = Vec::new();
        let terms = config
            .languages
            .list
            .iter()
            .enumerate()
            .map(|(language, _)| language_terms(&config, &entries, language, &mut warnings))
            .collect();

        let site = Site {
            config,
            entries,
            skipped,
            terms,
            sections,
            warnings,
            links: std::sync::OnceLock::new(),
        };
        Ok(site)
    }

    /// The URL a template reference (`ref`, `{% post_url %}`, `{% link %}`) or a Zola
    /// internal link (`@/projects/a.md`) names: a post's permalink, else the page of the
    /// tool's own that the path names (Jekyll's collection documents and pages, by its
    /// config's permalinks; Zola's pages and sections, by their paths).
    pub fn find_reference(&self, target: &str) -> Option<String> {
        self.find_reference_in(target, None)
    }

    /// [`Site::find_reference`] from a post in `language`: a post that has a version in it
    /// is named by that version, as Hugo's `ref` in a translated page links the translation.
    pub(crate) fn find_reference_in(
        &self,
        target: &str,
        language: Option<usize>,
    ) -> Option<String> {
        if let Some((entry, fragment)) = self.find_entry(target) {
            let translated = language
                .and_then(|wanted| entry.translations.iter().find(|t| t.language == wanted));
            let mut url = translated.map_or_else(|| entry.permalink.clone(), |t| t.url.clone());
            if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
                url.set_fragment(Some(fragment));
            }
            return Some(url.into());
        }
        // A page in another language (`about.es.md`) is under that language's root.
        let languages = &self.config.languages;
        let (target, root) = match target.rsplit_once('.').and_then(|(stem, ext)| {
            let (name, tag) = stem.rsplit_once('.')?;
            let language = &languages.list[languages.index_of(tag)?];
            Some((format!("{name}.{ext}"), &language.root_url))
        }) {
            Some((target, root)) if languages.declared => (target, root),
            _ => (target.to_owned(), &self.config.base_url),
        };
        let path = self
            .config
            .profile
            .page_path(&self.config.site_values, &target)?;
        let url = root.join(path.trim_start_matches('/')).ok()?;
        Some(url.into())
    }

    /// The entry a reference names, as `ref`/`relref` (Hugo), `post_url`/`link` (Jekyll)
    /// write it: a path inside the content folder with or without its extension, leading
    /// folders that are not part of it (`_posts/…` when the content folder is `_posts`)
    /// dropped, or the file name alone. A `#fragment` is kept on the URL.
    pub fn find_post(&self, target: &str) -> Option<Url> {
        let (entry, fragment) = self.find_entry(target)?;
        let mut url = entry.permalink.clone();
        if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
            url.set_fragment(Some(fragment));
        }
        Some(url)
    }

    /// The entry `target` names (see [`Site::find_post`]) and its `#fragment`, if any.
    fn find_entry<'t>(&self, target: &'t str) -> Option<(&Entry, Option<&'t str>)> {
        let (path, fragment) = match target.split_once('#') {
            Some((path, fragment)) => (path, Some(fragment)),
            None => (target, None),
        };
        let mut path = path.trim().trim_start_matches("./").trim_matches('/');
        let entry = loop {
            let without_extension = path
                .rsplit_once('.')
                .filter(|(_, ext)| source::POST_EXTENSIONS.contains(ext))
                .map_or(path, |(stem, _)| stem);
            // Built on the first reference: most sites have none.
            let links = self.links.get_or_init(|| PostLinks::new(&self.entries));
            let found = links.get(&self.entries, path);
            if let Some(index) = found.or_else(|| links.get(&self.entries, without_extension)) {
                break &self.entries[index];
            }
            path = path.split_once('/')?.1;
        };
        Some((entry, fragment))
    }

    /// Every feed to write, language by language in the config's order: the main feed, then
    /// each tag's, then each category's, each followed by its archive pages (oldest first)
    /// when `archives` is on.
    pub fn feed_groups(&self) -> Vec<FeedGroup<'_>> {
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
    fn reaching(&self, language: Option<usize>, section: Option<usize>) -> Vec<&Entry> {
        self.entries
            .iter()
            .filter(|entry| language.is_none_or(|l| entry.post.language == l))
            .filter(|entry| sections::reaches(&self.sections, entry.section(), section))
            .collect()
    }

    /// The feeds of each section of `language` that has them: the default language's always,
    /// another's when it has posts there.
    fn push_section_feeds<'a>(&'a self, groups: &mut Vec<FeedGroup<'a>>, language: usize) {
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

    /// The feed `custom` defines, of the posts its filter selects.
    fn push_custom_feed<'a>(&'a self, groups: &mut Vec<FeedGroup<'a>>, custom: &'a CustomFeed) {
        let config = &self.config;
        let language = custom
            .filter
            .language
            .as_ref()
            .and_then(|tag| config.languages.index_of(&tag.value));
        let posts = self.selected(custom);
        let spec = FeedSpec {
            scope: FeedScope::Custom(custom),
            language: language.unwrap_or(0),
            title: custom.title.clone(),
            description: custom
                .description
                .clone()
                .unwrap_or_else(|| config.description.clone()),
            home_url: match language {
                Some(index) => config.languages.list[index].root_url.clone(),
                None => config.base_url.clone(),
            },
            limit: custom.limit,
            summary_only: !custom.full_content.unwrap_or(config.feeds.full_content),
            // Where the config puts it: inside the output folder, whatever its language.
            files: feed_files((&config.base_url, ""), &custom.folder, &custom.files),
        };
        self.push_feed(groups, spec, posts);
    }

    /// Whether any feed is written in `format`: those the config decides, and the sections'.
    pub(crate) fn format_in_use(&self, format: crate::format::FeedFormat) -> bool {
        self.config.format_in_use(format)
            || (self.config.section_feeds.files[format].enabled
                && self.sections.iter().any(|section| section.feeds))
    }

    /// The problems of the custom feeds' filters, which only the posts can tell (errors at
    /// their place in the config file `config_path`: a section, tag, category or language
    /// the site does not have, with the closest it has), and a warning for a feed that
    /// selects no post.
    pub(crate) fn check_custom_feeds(
        &self,
        config_path: &Path,
    ) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
        let (mut errors, mut warnings) = (Vec::new(), Vec::new());
        // Every term of every post is looked at below: nothing to do for most sites.
        if self.config.custom_feeds.is_empty() {
            return (errors, warnings);
        }
        let names = |terms: fn(&Post) -> &Vec<String>| -> BTreeMap<String, String> {
            self.entries
                .iter()
                .flat_map(|entry| terms(&entry.post).iter())
                .map(|name| (taxonomy::identity(name), name.clone()))
                .collect()
        };
        let tags = names(|post| &post.tags);
        let categories = names(|post| &post.categories);
        let section_paths: Vec<&str> = self.sections.iter().map(|s| s.path.as_str()).collect();
        for custom in &self.config.custom_feeds {
            let filter = &custom.filter;
            let mut unknown =
                |what: &str, value: &crate::config::Located, known: &[&str], help: &str| {
                    let (line, column) = value.at;
                    let mut problem = Diagnostic::at(
                        config_path,
                        line,
                        column,
                        format!(
                            "custom feed `{}`: no {what} \"{}\" on this site",
                            custom.name, value.value
                        ),
                    );
                    problem = match crate::yaml::closest(&value.value, known) {
                        Some(near) => problem.with_help(format!("did you mean \"{near}\"?")),
                        None => problem.with_help(help.to_owned()),
                    };
                    errors.push(problem);
                };
            for section in &filter.sections {
                if !section_paths.contains(&section.value.as_str()) {
                    unknown(
                        "section",
                        section,
                        &section_paths,
                        "a section is a folder of the content folder with an `_index.md`, or one `sections:` names",
                    );
                }
            }
            for (what, filter, known) in [
                ("tag", &filter.tags, &tags),
                ("category", &filter.categories, &categories),
            ] {
                let spellings: Vec<&str> = known.values().map(String::as_str).collect();
                for term in filter.named() {
                    if !known.contains_key(&taxonomy::identity(&term.value)) {
                        unknown(what, term, &spellings, "no published post has it");
                    }
                }
            }
            if let Some(language) = &filter.language
                && self.config.languages.index_of(&language.value).is_none()
            {
                let declared = self.config.languages.listed();
                unknown(
                    "language",
                    language,
                    &[],
                    &format!("the site's languages are {declared}"),
                );
            }
            if self.selected(custom).is_empty() {
                let (line, column) = custom.at;
                warnings.push(Diagnostic::at(
                    config_path,
                    line,
                    column,
                    format!(
                        "custom feed `{}` selects no post: it is written empty",
                        custom.name
                    ),
                ));
            }
        }
        (errors, warnings)
    }

    /// The entries `custom`'s filter selects, newest first. Its sections and language are
    /// looked up once, not for every post.
    pub(crate) fn selected<'a>(&'a self, custom: &CustomFeed) -> Vec<&'a Entry> {
        let filter = &custom.filter;
        let sections: Vec<Option<usize>> = filter
            .sections
            .iter()
            .map(|wanted| self.sections.iter().position(|s| s.path == wanted.value))
            .collect();
        let language = filter
            .language
            .as_ref()
            .map(|tag| self.config.languages.index_of(&tag.value));
        let authors: Vec<String> = filter.authors.iter().map(|a| a.to_lowercase()).collect();
        let identities = |terms: &[String]| -> BTreeSet<String> {
            terms.iter().map(|t| taxonomy::identity(t)).collect()
        };
        let (tags, categories) = (filter.tags.matcher(), filter.categories.matcher());
        let selects = |entry: &Entry| {
            let post = &entry.post;
            let in_section = sections.is_empty()
                || sections
                    .iter()
                    .flatten()
                    .any(|&index| sections::inside(&self.sections, entry.section(), index));
            let by_author = authors.is_empty()
                || post
                    .authors
                    .iter()
                    .any(|author| authors.contains(&author.name.to_lowercase()));
            in_section
                && by_author
                && language.is_none_or(|index| index == Some(post.language))
                && tags(&identities(&post.tags))
                && categories(&identities(&post.categories))
        };
        self.entries.iter().filter(|entry| selects(entry)).collect()
    }

    /// The feeds of one language, into `groups`.
    fn push_language_feeds<'a>(&'a self, groups: &mut Vec<FeedGroup<'a>>, language: usize) {
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
        ] {
            for term in terms {
                let description = match kind {
                    TaxonomyKind::Tag => {
                        format!("Posts tagged “{}” on {}", term.name, lang.title)
                    }
                    TaxonomyKind::Category => {
                        format!("Posts in “{}” on {}", term.name, lang.title)
                    }
                };
                let spec = FeedSpec {
                    scope: FeedScope::Term(kind, term),
                    language,
                    title: format!("{} — {}", lang.title, term.name),
                    description,
                    home_url: settings.page_url_for(&lang.root_url, &term.slug),
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
    fn push_feed<'a>(
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

    fn group<'a>(
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
            },
            files,
        }
    }
}

impl FeedGroup<'_> {
    /// Whether this is a feed to subscribe to, not a page of a feed's archive.
    pub fn is_subscription(&self) -> bool {
        self.archive_page.is_none()
    }
}

/// The kinds of feed, as the OPML list and the feeds page group them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedKind {
    /// A language's main feed.
    Site,
    /// A section's.
    Section,
    /// A tag's or a category's.
    Term(TaxonomyKind),
    /// One the config defines.
    Custom,
}

impl FeedScope<'_> {
    /// What kind of feed this is.
    pub fn kind(&self) -> FeedKind {
        match self {
            FeedScope::Site => FeedKind::Site,
            FeedScope::Section(_) => FeedKind::Section,
            FeedScope::Term(kind, _) => FeedKind::Term(*kind),
            FeedScope::Custom(_) => FeedKind::Custom,
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
struct FeedSpec<'a> {
    scope: FeedScope<'a>,
    language: usize,
    title: String,
    description: String,
    home_url: Url,
    /// Most posts of the subscription feed (`None`: every post).
    limit: Option<usize>,
    /// Its posts with their summaries only (a custom feed's `full_content: false`).
    summary_only: bool,
    /// The subscription feed's files, one per enabled format.
    files: Vec<FeedFile>,
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
fn feed_files(
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

/// The tags and categories of the entries in `language` (each term's entries are indexes
/// into all of `entries`), or none where their feeds are off.
fn language_terms(
    config: &SiteConfig,
    entries: &[Entry],
    language: usize,
    warnings: &mut Vec<Diagnostic>,
) -> LanguageTerms {
    // Most sites have one language: then every entry is in it, and no list is made.
    let members: Option<Vec<usize>> = config.languages.several().then(|| {
        (0..entries.len())
            .filter(|&i| entries[i].post.language == language)
            .collect()
    });
    let global = |local: usize| members.as_ref().map_or(local, |m| m[local]);
    let count = members.as_ref().map_or(entries.len(), Vec::len);
    let mut group_terms = |kind: TaxonomyKind, settings: &TaxonomyFeedsConfig| {
        if !settings.enabled {
            return Vec::new();
        }
        let (mut terms, found) = taxonomy::group(
            kind,
            count,
            |i| {
                let post = &entries[global(i)].post;
                match kind {
                    TaxonomyKind::Tag => post.tags.iter().map(String::as_str).collect(),
                    TaxonomyKind::Category => post.categories.iter().map(String::as_str).collect(),
                }
            },
            &settings.pinned_slugs,
        );
        if members.is_some() {
            for term in &mut terms {
                term.entries.iter_mut().for_each(|i| *i = global(*i));
            }
        }
        // jekyll-feed's `only` and `except`.
        terms.retain(|term| settings.wants(&taxonomy::identity(&term.name)));
        warnings.extend(found.into_iter().map(Diagnostic::general));
        terms
    };
    LanguageTerms {
        tags: group_terms(TaxonomyKind::Tag, &config.tag_feeds),
        categories: group_terms(TaxonomyKind::Category, &config.category_feeds),
    }
}

/// Links each entry to its versions in the other languages: the posts that share its
/// `translationKey`, else its path inside the content folder without its language (the
/// suffix of `index.es.md`, the folder of `fr/posts/a.md`) and extension, as Hugo and Zola
/// pair them. Two posts of one language with one key: the first by path is the version.
fn link_translations(config: &SiteConfig, entries: &mut [Entry]) {
    let mut by_key: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (index, entry) in entries.iter().enumerate() {
        by_key
            .entry(translation_key(config, &entry.post))
            .or_default()
            .push(index);
    }
    for members in by_key.values() {
        // One version per language, in the config's order; the first by path wins a language.
        let mut versions: Vec<usize> = members.clone();
        versions.sort_by(|&a, &b| {
            let (a, b) = (&entries[a].post, &entries[b].post);
            a.language
                .cmp(&b.language)
                .then_with(|| a.source_path.cmp(&b.source_path))
        });
        versions.dedup_by_key(|&mut i| entries[i].post.language);
        if versions.len() < 2 {
            continue;
        }
        for &member in members {
            let own = entries[member].post.language;
            let others: Box<[Translation]> = versions
                .iter()
                .filter(|&&i| entries[i].post.language != own)
                .map(|&i| Translation {
                    language: entries[i].post.language,
                    url: entries[i].permalink.clone(),
                })
                .collect();
            entries[member].translations = others;
        }
    }
}

/// What pairs a post with its translations (see [`link_translations`]).
fn translation_key(config: &SiteConfig, post: &Post) -> String {
    if let Some(key) = &post.translation_key {
        return format!("key:{key}");
    }
    let path = post.relative_path.as_str();
    let path = path.rsplit_once('.').map_or(path, |(stem, _)| stem);
    let path = match path.rsplit_once('.') {
        Some((stem, tag)) if !tag.contains('/') && source::is_language_code(tag) => stem,
        _ => path,
    };
    let in_folder = path
        .split_once('/')
        .filter(|(top, _)| config.languages.of_folder(top).is_some());
    format!("path:{}", in_folder.map_or(path, |(_, rest)| rest))
}

/// The newest `modified` date of `entries`: a feed changes when one of its entries does.
pub(crate) fn newest(entries: &[&Entry]) -> ZonedDateTime {
    entries
        .iter()
        .map(|e| &e.modified)
        .max_by_key(|d| d.timestamp())
        .cloned()
        .unwrap_or_else(|| Timestamp::UNIX_EPOCH.to_zoned_datetime(jiff::tz::TimeZone::UTC))
}

/// An author named by id in the tool's data (Jekyll's `_data/authors.yml`) becomes that
/// person; an author's site path (`/about/`) is made absolute, as every format needs it.
fn resolve_authors(config: &SiteConfig, post: &mut Post) -> Result<(), Diagnostic> {
    for author in &mut post.authors {
        if author.email.is_none()
            && author.url.is_none()
            && let Some(known) = config.site_values.author(&author.name)
        {
            *author = known.clone();
        }
        if let Some(url) = &author.url {
            author.url = Some(absolute_url(url, &config.base_url).map_err(|message| {
                Diagnostic::file(&post.source_path, format!("`author` {message}"))
            })?);
        }
    }
    Ok(())
}

/// The post's path under its language's root URL: its own (`path`, `url`, a Jekyll
/// `permalink` with placeholders; one that already starts with the language's prefix is not
/// given it twice, as Zola has it), else its language's pattern filled in.
fn site_path_of(config: &SiteConfig, post: &Post) -> String {
    let date = post.published.date();
    let language = &config.languages.list[post.language];
    let title_slug = match language.permalink.uses_title() {
        true => post.title_slug(&config.profile),
        false => String::new(),
    };
    // Under the site's own host, the language's folder is its URL prefix too.
    let prefix_in_url = !language.folder.is_empty() && !language.own_host;
    let own = |path: String| match path.trim_start_matches('/').strip_prefix(&language.folder) {
        Some(rest) if prefix_in_url => rest.to_owned(),
        _ => path,
    };
    match &post.site_path {
        Some(site_path) if site_path.contains(':') => own(jekyll_permalink(site_path, post)),
        Some(site_path) => own(site_path.clone()),
        None => {
            let categories = match language.permalink.uses_categories() {
                true => categories_path(post),
                false => String::new(),
            };
            language.permalink.expand(
                &config.profile,
                [&post.slug, &title_slug, &categories],
                &post.folder,
                [date.year(), date.month().into(), date.day().into()],
            )
        }
    }
}

impl Entry {
    /// The section it is in (an index into [`Site::sections`]), if any.
    pub fn section(&self) -> Option<usize> {
        self.section.map(|index| index as usize)
    }

    /// Stable id: the front-matter `id`, else the permalink.
    pub fn id(&self) -> &str {
        self.post.id.as_deref().unwrap_or(self.permalink.as_str())
    }

    /// Whether the id is the permalink (RSS `isPermaLink`).
    pub fn id_is_permalink(&self) -> bool {
        self.post.id.is_none()
    }

    fn new(config: &SiteConfig, mut post: Box<Post>, position: usize) -> Result<Entry, Diagnostic> {
        resolve_authors(config, &mut post)?;
        let path = site_path_of(config, &post);
        let root_url = &config.languages.list[post.language].root_url;
        let permalink = root_url.join(path.trim_start_matches('/')).map_err(|err| {
            Diagnostic::file(
                &post.source_path,
                format!("permalink \"{path}\" is not a valid URL path: {err}"),
            )
        })?;
        // A pattern or slug with `..`, `\` or `//host` must not make a URL off the site, nor
        // two posts share one through `..`.
        let clean_path = !path.contains('\\')
            && !path.starts_with("//")
            && path
                .split('/')
                .all(|segment| segment != ".." && segment != ".");
        if !clean_path || !permalink.as_str().starts_with(root_url.as_str()) {
            return Err(Diagnostic::file(
                &post.source_path,
                format!(
                    "permalink \"{path}\" is not a clean path under base_url (no `.` or `..` segments, `\\` or host); check `permalink` in the config and the post's `slug`"
                ),
            ));
        }
        if permalink.as_str().len() > MAX_URL_LEN {
            return Err(Diagnostic::file(
                &post.source_path,
                format!(
                    "its URL is {} characters long, over the {MAX_URL_LEN} a sitemap allows; set a shorter `slug:`",
                    permalink.as_str().len()
                ),
            ));
        }
        let base = UrlBase {
            site: config.site_url_of(post.language),
            page: &permalink,
            internal: None,
        };
        let cover_image = post
            .cover_image
            .as_deref()
            .map(|image| {
                let absolute = base.resolve(image).unwrap_or_else(|| image.to_string());
                Url::parse(&absolute).map_err(|err| {
                    Diagnostic::file(
                        &post.source_path,
                        format!("cover image \"{image}\" is not a valid URL: {err}"),
                    )
                })
            })
            .transpose()?;
        let enclosure_url = post
            .enclosure
            .as_deref()
            .and_then(|file| base.resolve(file))
            .and_then(|url| Url::parse(&url).ok());
        let enclosure = match (enclosure_url, &post.enclosure_media) {
            (Some(url), Some(media)) => Some((url.into(), MediaFile::clone(media))),
            _ => cover_image
                .clone()
                .map(String::from)
                .zip(post.cover_media.as_deref().cloned()),
        }
        .map(Box::new);
        let cover_image = cover_image.map(String::from);
        let modified = match &post.updated {
            Some(updated) if updated.timestamp() > post.published.timestamp() => updated.clone(),
            _ => post.published.clone(),
        };
        Ok(Entry {
            permalink,
            modified,
            cover_image,
            enclosure,
            position,
            post,
            translations: Box::default(),
            section: None,
        })
    }
}

/// A Jekyll post's own `permalink` with Jekyll's placeholders filled in (`/:categories/:title/`,
/// `/:year/:month/:day/:slug:output_ext`).
fn jekyll_permalink(pattern: &str, post: &Post) -> String {
    let date = post.published.date();
    let expanded = pattern
        .replace(":short_year", &format!("{:02}", date.year() % 100))
        .replace(":i_month", &date.month().to_string())
        .replace(":i_day", &date.day().to_string())
        .replace(":categories", &categories_path(post))
        .replace(":output_ext", ".html")
        .replace(":title", &post.slug)
        .replace(":slug", &post.slug)
        .replace(":year", &format!("{:04}", date.year()))
        .replace(":month", &format!("{:02}", date.month()))
        .replace(":day", &format!("{:02}", date.day()));
    crate::config::collapse_slashes(&expanded)
        .trim_start_matches('/')
        .to_string()
}

/// A post's categories as a URL path, as Jekyll's `:categories` writes them: each slugified,
/// joined by `/` (empty for a post with none; the `/` it leaves twice is written once).
fn categories_path(post: &Post) -> String {
    let categories: Vec<String> = post
        .categories
        .iter()
        .map(|c| taxonomy::slugify(c))
        .filter(|c| !c.is_empty())
        .collect();
    categories.join("/")
}

/// The longest URL a sitemap `<loc>` may hold (sitemaps.org).
const MAX_URL_LEN: usize = 2048;

/// Every way a reference can name each entry, the first entry (newest) winning a name two
/// share: its path inside the content folder with and without extension, its folder and name
/// (a bundle's folder), its file or bundle name alone, and last its slug (so a slug never
/// takes a name a file has).
///
/// The index holds each name's hash, not its text: a million-post site has five million
/// names, and their text would take hundreds of megabytes. A hash found is checked against
/// the entry's names, and two names that share a hash fall back to a scan in the same order.
#[derive(Debug)]
struct PostLinks {
    /// The hash of each name a file gives, to the first entry with it.
    files: HashMap<u64, usize>,
    /// The hash of each slug, to the first entry with it.
    slugs: HashMap<u64, usize>,
}

impl PostLinks {
    fn new(entries: &[Entry]) -> PostLinks {
        let mut files = HashMap::with_capacity(entries.len() * 4);
        let mut slugs = HashMap::with_capacity(entries.len());
        for (index, entry) in entries.iter().enumerate() {
            for name in file_names(&entry.post) {
                files.entry(name_hash(&name)).or_insert(index);
            }
            slugs.entry(name_hash(&entry.post.slug)).or_insert(index);
        }
        PostLinks { files, slugs }
    }

    /// The entry `name` names, if any.
    fn get(&self, entries: &[Entry], name: &str) -> Option<usize> {
        let hash = name_hash(name);
        let by_file = |post: &Post| file_names(post).any(|n| n == name);
        let by_slug = |post: &Post| post.slug == name;
        // No hash, no name; a hash whose entry does not have the name is another name's
        // (a collision), and the slow way finds the right one.
        let find = |map: &HashMap<u64, usize>, has: &dyn Fn(&Post) -> bool| {
            let index = *map.get(&hash)?;
            match has(&entries[index].post) {
                true => Some(index),
                false => entries.iter().position(|e| has(&e.post)),
            }
        };
        find(&self.files, &by_file).or_else(|| find(&self.slugs, &by_slug))
    }
}

/// The names a post's file gives it, in the order they are looked up.
fn file_names(post: &Post) -> impl Iterator<Item = std::borrow::Cow<'_, str>> {
    use std::borrow::Cow;
    let relative = post.relative_path.as_str();
    let without_extension = relative.rsplit_once('.').map_or(relative, |(stem, _)| stem);
    let in_folder = match post.folder.is_empty() {
        true => Cow::Borrowed(post.file_name.as_str()),
        false => Cow::Owned(format!("{}/{}", post.folder, post.file_name)),
    };
    [
        Cow::Borrowed(relative),
        Cow::Borrowed(without_extension),
        in_folder,
        Cow::Borrowed(post.file_name.as_str()),
    ]
    .into_iter()
}

fn name_hash(name: &str) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
    // A fixed hasher: the same names give the same index in every run.
    BuildHasherDefault::<DefaultHasher>::default().hash_one(name)
}

/// Two posts at one URL would overwrite each other on the site, and two with one id (a
/// front-matter `id`, else the permalink) would be one entry to every feed reader: name
/// both files. Posts with one slug in different folders are fine. Two translations of one
/// post at one URL mean the site's languages are not declared: the message says so.
fn check_unique_urls(config: &SiteConfig, entries: &[Entry]) -> Result<(), Error> {
    let mut problems = Vec::new();
    let mut check = |what: &str, key: fn(&Entry) -> &str, fix: &str| {
        let mut seen: HashMap<&str, &Entry> = HashMap::with_capacity(entries.len());
        for entry in entries {
            if let Some(first) = seen.insert(key(entry), entry) {
                // Name the files in path order, whatever the date order.
                let (first, second) = match first.post.source_path < entry.post.source_path {
                    true => (first, entry),
                    false => (entry, first),
                };
                let mut problem = Diagnostic::file(
                    &second.post.source_path,
                    format!(
                        "{what} {} is already used by `{}`; {fix}",
                        key(entry),
                        first.post.source_path.display()
                    ),
                );
                if let Some(help) = translations_help(config, first, second) {
                    problem = problem.with_help(help);
                }
                problems.push(problem);
            }
        }
    };
    check(
        "URL",
        |entry| entry.permalink.as_str(),
        "set a different `slug:` (or `path`/`url`) in one of them",
    );
    if entries.iter().any(|entry| entry.post.id.is_some()) {
        check(
            "id",
            Entry::id,
            "every entry needs its own id, or feed readers show one of them only",
        );
    }
    problems.sort_by(|a, b| a.path.cmp(&b.path));
    problems.dedup();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Content(problems))
    }
}

/// When two posts that clash are one post in two languages on a site that declares none
/// (`index.md` beside `index.es.md` with `language: es`), what to write in the config.
fn translations_help(config: &SiteConfig, a: &Entry, b: &Entry) -> Option<String> {
    if config.languages.declared
        || translation_key(config, &a.post) != translation_key(config, &b.post)
    {
        return None;
    }
    let tagged = [&a.post, &b.post].into_iter().find_map(|post| {
        post.relative_path
            .rsplit('.')
            .nth(1)
            .filter(|tag| source::is_language_code(tag))
    })?;
    let default = config
        .language()
        .filter(|l| !same_language(l, tagged))
        .unwrap_or("en");
    Some(format!(
        "these are one post in two languages: declare them, the default first (`languages: [{default}, {tagged}]`), and each gets its own feeds and URL"
    ))
}

#[cfg(test)]
pub(crate) mod tests {
    use std::path::Path;

    use super::*;
    use crate::source::{PostFile, parse_post};

    /// The site of `config` and `posts` (named `p0.md`, `p1.md`, …), nothing rendered yet:
    /// every post selected, whatever its date.
    pub(crate) fn assembled(config: &str, posts: &[impl AsRef<str>]) -> Site {
        let config = SiteConfig::parse(config, Path::new("site.yaml")).unwrap();
        let posts = posts
            .iter()
            .enumerate()
            .map(|(i, text)| {
                let file = PostFile::top_level(Path::new(&format!("p{i}.md")));
                parse_post(&file, text.as_ref().as_bytes(), &config.timezone).unwrap()
            })
            .collect();
        every_post(config, posts)
    }

    /// The site of `config` and `posts`, every post selected, whatever its date.
    pub(crate) fn every_post(config: SiteConfig, posts: Vec<Post>) -> Site {
        let selection = Selection {
            drafts: false,
            future: false,
            now: Timestamp::MAX,
        };
        let posts = posts.into_iter().map(Box::new).collect();
        Site::assemble(config, posts, &[], selection).unwrap()
    }

    fn site(posts: usize, limit: usize, page_size: usize) -> Site {
        let config = format!(
            "title: S\ndescription: D\nbase_url: https://e.com/\nfeeds: {{limit: {limit}}}\ntag_feeds: {{enabled: false}}\ncategory_feeds: {{enabled: false}}\narchives: {{enabled: true, page_size: {page_size}}}\n"
        );
        let posts: Vec<String> = (0..posts)
            .map(|i| format!("---\ntitle: T{i}\ndate: 2000-01-01T00:00:{i:02}Z\n---\nB\n"))
            .collect();
        assembled(&config, &posts)
    }

    #[test]
    fn archive_pages_hold_every_post_once_counted_from_the_oldest() {
        for posts in 0..=13 {
            for limit in [0, 1, 2, 3, 5] {
                for page_size in 1..=4 {
                    let site = site(posts, limit, page_size);
                    let groups = site.feed_groups();
                    let case = format!("{posts} posts, limit {limit}, pages of {page_size}");
                    let (subscription, pages) = groups.split_first().unwrap();
                    assert_eq!(subscription.archive_page, None, "{case}");
                    // Pages oldest first, each full, holding the oldest posts in order.
                    let mut seen: Vec<usize> = Vec::new();
                    for (n, page) in pages.iter().enumerate() {
                        assert_eq!(page.archive_page, Some(n + 1), "{case}");
                        assert_eq!(page.feed.entries.len(), page_size, "{case}");
                        let mut oldest_first: Vec<usize> =
                            page.feed.entries.iter().map(|e| e.position).collect();
                        oldest_first.reverse();
                        seen.extend(oldest_first);
                    }
                    let mut rest: Vec<usize> = subscription
                        .feed
                        .entries
                        .iter()
                        .map(|e| e.position)
                        .collect();
                    rest.reverse();
                    seen.extend(rest);
                    // Positions count from the newest: every post once, oldest first.
                    assert_eq!(seen, (0..posts).rev().collect::<Vec<_>>(), "{case}");
                    let kept = subscription.feed.entries.len();
                    if limit > 0 && !pages.is_empty() {
                        assert!(kept >= limit && kept < limit + page_size, "{case}: {kept}");
                    }
                    // The chain of links, in every format.
                    for (i, file) in subscription.files.iter().enumerate() {
                        let newest = pages.last().map(|page| &page.files[i].url);
                        assert_eq!(file.archive.prev_archive.as_ref(), newest, "{case}");
                        for (n, page) in pages.iter().enumerate() {
                            let links = &page.files[i].archive;
                            assert!(links.is_archive);
                            assert_eq!(links.current.as_ref(), Some(&file.url));
                            let older = n.checked_sub(1).map(|k| &pages[k].files[i].url);
                            assert_eq!(links.prev_archive.as_ref(), older, "{case}");
                            let next = links.next_archive.as_ref().unwrap();
                            assert!(next.path().ends_with(&format!(
                                "/archive/{}/{}",
                                n + 2,
                                file.path
                            )));
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn archive_pages_sit_next_to_their_feed() {
        assert_eq!(archive_path("atom.xml", 3), "archive/3/atom.xml");
        assert_eq!(
            archive_path("tags/rust/feed.json", 1),
            "tags/rust/archive/1/feed.json"
        );
    }
}

#[cfg(test)]
mod filter_properties {
    use std::path::Path;

    use proptest::prelude::*;

    use super::*;
    use crate::source::{FileRole, PostFile, parse_post};

    const FOLDERS: [&str; 5] = ["", "news", "news/2024", "releases", "releases/lts"];
    const SECTIONS: [&str; 3] = ["news", "releases", "releases/lts"];
    const TAGS: [&str; 3] = ["rust", "go", "web"];
    const AUTHORS: [&str; 2] = ["Ann", "Bob"];

    /// A post: its folder, tags, author and day, as indexes into the lists above.
    type PostSpec = (usize, Vec<usize>, usize, u8);

    /// A filter: sections, tags any/all/none, authors, and the feed's limit.
    type FilterSpec = (Vec<usize>, [Vec<usize>; 3], Vec<usize>, usize);

    fn yaml_list(items: &[&str]) -> String {
        format!("[{}]", items.join(", "))
    }

    fn site_of(posts: &[PostSpec], filter: &FilterSpec) -> Site {
        let (sections, [any, all, none], authors, limit) = filter;
        let pick = |list: &[usize], names: &[&'static str]| -> Vec<&'static str> {
            list.iter().map(|&i| names[i]).collect()
        };
        let config = format!(
            "title: S\ndescription: D\nbase_url: https://e.com/\nsections: [{}]\ncustom_feeds:\n  - name: f\n    folder: f\n    title: F\n    limit: {limit}\n    filter:\n      sections: {}\n      tags: {{any: {}, all: {}, none: {}}}\n      authors: {}\n",
            SECTIONS.map(|s| format!("{{path: {s}}}")).join(", "),
            yaml_list(&pick(sections, &SECTIONS)),
            yaml_list(&pick(any, &TAGS)),
            yaml_list(&pick(all, &TAGS)),
            yaml_list(&pick(none, &TAGS)),
            yaml_list(&pick(authors, &AUTHORS)),
        );
        let config = SiteConfig::parse(&config, Path::new("site.yaml")).unwrap();
        let posts = posts
            .iter()
            .enumerate()
            .map(|(i, (folder, tags, author, day))| {
                let path = format!("content/{}/p{i}.md", FOLDERS[*folder]);
                let FileRole::Post(file) =
                    PostFile::classify(Path::new("content"), Path::new(&path))
                else {
                    panic!("{path} is a post");
                };
                let text = format!(
                    "---\ntitle: P{i}\ndate: 2024-01-{:02}\nauthor: {}\ntags: {}\n---\nBody\n",
                    day + 1,
                    AUTHORS[*author],
                    yaml_list(&pick(tags, &TAGS))
                );
                parse_post(&file, text.as_bytes(), &config.timezone).unwrap()
            })
            .collect();
        super::tests::every_post(config, posts)
    }

    /// The filter's meaning, written out on its own: what the feed must hold.
    fn selected(post: &PostSpec, filter: &FilterSpec) -> bool {
        let (folder, tags, author, _) = post;
        let (sections, [any, all, none], authors, _) = filter;
        let folder = FOLDERS[*folder];
        let in_section = sections.is_empty()
            || sections.iter().any(|&s| {
                let s = SECTIONS[s];
                folder == s || folder.starts_with(&format!("{s}/"))
            });
        let has = |t: &usize| tags.contains(t);
        in_section
            && (any.is_empty() || any.iter().any(has))
            && all.iter().all(has)
            && !none.iter().any(has)
            && (authors.is_empty() || authors.contains(author))
    }

    fn subset(len: usize) -> impl Strategy<Value = Vec<usize>> {
        proptest::sample::subsequence((0..len).collect::<Vec<_>>(), 0..=len)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Every custom feed holds exactly the posts its filter selects, newest first,
        /// within its limit.
        #[test]
        fn a_custom_feed_holds_exactly_what_its_filter_selects(
            posts in proptest::collection::vec(
                (0..FOLDERS.len(), subset(TAGS.len()), 0..AUTHORS.len(), 0u8..28),
                1..14,
            ),
            filter in (
                subset(SECTIONS.len()),
                [subset(TAGS.len()), subset(TAGS.len()), subset(TAGS.len())],
                subset(AUTHORS.len()),
                0usize..6,
            ),
        ) {
            let site = site_of(&posts, &filter);
            let groups = site.feed_groups();
            let feed = groups
                .iter()
                .find(|g| matches!(g.scope, FeedScope::Custom(_)))
                .expect("the custom feed");
            let held: Vec<String> = feed
                .feed
                .entries
                .iter()
                .map(|e| e.post.file_name.clone())
                .collect();
            let mut expected: Vec<String> = site
                .entries
                .iter()
                .filter(|e| {
                    let i: usize = e.post.file_name[1..].parse().unwrap();
                    selected(&posts[i], &filter)
                })
                .map(|e| e.post.file_name.clone())
                .collect();
            if filter.3 > 0 {
                expected.truncate(filter.3);
            }
            prop_assert_eq!(&held, &expected);
            let dates: Vec<_> = feed.feed.entries.iter().map(|e| e.post.published.timestamp()).collect();
            prop_assert!(dates.windows(2).all(|w| w[0] >= w[1]), "newest first");
            prop_assert_eq!(feed.covers, site.entries.iter().filter(|e| {
                let i: usize = e.post.file_name[1..].parse().unwrap();
                selected(&posts[i], &filter)
            }).count());
        }
    }
}
