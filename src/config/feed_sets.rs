//! The feed sets beyond the main, tag and category feeds: a feed per section of the content
//! folder (`section_feeds:`, `sections:`) and the custom feeds a config defines
//! (`custom_feeds:`), each a name, a place, and a filter over the posts. As written (the raw
//! shapes serde reads) and checked.

use std::collections::BTreeSet;

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::problem::ValueProblem;
use super::raw::RawOutputFile;
use super::{OutputFile, feed_limit, output_folder_path};
use crate::format::PerFormat;

/// `section_feeds:` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSectionFeeds {
    pub(super) enabled: Option<bool>,
    pub(super) folder: Option<Spanned<String>>,
    pub(super) in_main_feed: Option<bool>,
    pub(super) limit: Option<usize>,
    #[serde(default)]
    pub(super) rss: RawOutputFile,
    #[serde(default)]
    pub(super) atom: RawOutputFile,
    #[serde(default)]
    pub(super) json: RawOutputFile,
}

/// One item of `sections:` as written: a folder the config names a section.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSection {
    pub(super) path: Spanned<String>,
    pub(super) title: Option<String>,
    pub(super) description: Option<String>,
    pub(super) in_main_feed: Option<bool>,
    pub(super) feeds: Option<bool>,
    pub(super) podcast: Option<bool>,
}

/// One item of `custom_feeds:` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCustomFeed {
    pub(super) name: Spanned<String>,
    pub(super) folder: Spanned<String>,
    pub(super) title: String,
    pub(super) description: Option<String>,
    #[serde(default)]
    pub(super) filter: RawFilter,
    pub(super) limit: Option<usize>,
    pub(super) full_content: Option<bool>,
    pub(super) podcast: Option<bool>,
    #[serde(default)]
    pub(super) rss: RawOutputFile,
    #[serde(default)]
    pub(super) atom: RawOutputFile,
    #[serde(default)]
    pub(super) json: RawOutputFile,
}

super::raw::format_files!(RawSectionFeeds, RawCustomFeed);

/// A custom feed's filter as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFilter {
    #[serde(default)]
    pub(super) sections: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) tags: RawTermFilter,
    #[serde(default)]
    pub(super) categories: RawTermFilter,
    #[serde(default)]
    pub(super) authors: Vec<String>,
    pub(super) language: Option<Spanned<String>>,
}

/// Terms a post must have: a list (any of them), or `any`, `all` and `none`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(super) enum RawTermFilter {
    Any(Vec<Spanned<String>>),
    Rules {
        #[serde(default)]
        any: Vec<Spanned<String>>,
        #[serde(default)]
        all: Vec<Spanned<String>>,
        #[serde(default)]
        none: Vec<Spanned<String>>,
    },
}

impl Default for RawTermFilter {
    fn default() -> Self {
        RawTermFilter::Any(Vec::new())
    }
}

/// The feeds of the content folder's sections.
#[derive(Debug, Clone)]
pub struct SectionFeedsConfig {
    /// Whether sections get feeds: `None` (the default) as the tool has it — Hugo writes one
    /// for every section, Zola for a section whose page says `generate_feeds = true`, a
    /// section the config names gets one unless it says `feeds: false`.
    pub enabled: Option<bool>,
    /// Folder of one section's feeds inside its language's folder; default `{section}`, the
    /// section's own path (next to its pages).
    pub folder: String,
    /// Where the config names the folder (line, column); `None` for the default.
    pub folder_at: Option<(u64, u64)>,
    /// Whether a section's posts also reach the feed of the section (or site) above it:
    /// `None` (the default) as the tool has it — in Zola, when the content folder's own
    /// `_index.md` says `generate_feeds = true`, only for a `transparent = true` section;
    /// otherwise always.
    pub in_main_feed: Option<bool>,
    /// Most posts per section feed; default 20. `None` (written `0`): every post.
    pub limit: Option<usize>,
    /// Each format's file in the folder; default all on, `feed.xml`, `atom.xml`, `feed.json`.
    pub files: PerFormat<OutputFile>,
}

impl SectionFeedsConfig {
    /// The folder of one section's feeds (`path`: the section's URL path, no slashes around).
    pub fn folder_for(&self, path: &str) -> String {
        self.folder.replace("{section}", path)
    }
}

/// A folder the config names a section, with what it says of it.
#[derive(Debug, Clone)]
pub struct NamedSection {
    /// Its folder inside the content folder, `/`-separated, no slashes around.
    pub path: String,
    /// Its feeds' title; default: the section page's, else the folder's name.
    pub title: Option<String>,
    /// Its feeds' description; default: the section page's, else the site's.
    pub description: Option<String>,
    /// Whether its posts reach the feed above it; default: `section_feeds.in_main_feed`.
    pub in_main_feed: Option<bool>,
    /// Whether it gets feeds; default: on.
    pub feeds: Option<bool>,
    /// Whether its RSS feed is a podcast channel too (the config's `podcast:` block).
    pub podcast: bool,
}

/// A feed the config defines: a name, a folder, a title and a filter over the posts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomFeed {
    /// Its name, unique: how messages and the feeds page call it.
    pub name: String,
    /// Its folder inside the output folder (`feeds/rust`).
    pub folder: String,
    /// Its title.
    pub title: String,
    /// Its description; default: the site's.
    pub description: Option<String>,
    /// Which posts it holds.
    pub filter: FeedFilter,
    /// Most posts; default 20. `None` (written `0`): every post.
    pub limit: Option<usize>,
    /// Full HTML, or summaries only; default: `feeds.full_content`.
    pub full_content: Option<bool>,
    /// Whether its RSS feed is a podcast channel too (the config's `podcast:` block).
    pub podcast: bool,
    /// Each format's file in the folder; default all on, `feed.xml`, `atom.xml`, `feed.json`.
    pub files: PerFormat<OutputFile>,
    /// Where the config defines it (line, column), for messages about its filter.
    pub at: (u64, u64),
    /// Where the config names its folder (line, column).
    pub folder_at: (u64, u64),
}

/// Which posts a custom feed holds: each part given must match (an empty part matches all).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedFilter {
    /// Sections (folders inside the content folder) whose posts it holds, subsections
    /// included.
    pub sections: Vec<Located>,
    /// The tags a post must have.
    pub tags: TermFilter,
    /// The categories a post must have.
    pub categories: TermFilter,
    /// Authors, by name (any of them), compared without regard to case.
    pub authors: Vec<String>,
    /// The language its posts are in.
    pub language: Option<Located>,
}

/// Terms a post must have: any of `any` (when it lists some), every one of `all`, none of
/// `none`. Compared as tags are grouped, by slug (`Machine Learning` is `machine-learning`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TermFilter {
    /// At least one of these.
    pub any: Vec<Located>,
    /// All of these.
    pub all: Vec<Located>,
    /// None of these.
    pub none: Vec<Located>,
}

impl TermFilter {
    /// Every term the filter names.
    pub fn named(&self) -> impl Iterator<Item = &Located> {
        self.any.iter().chain(&self.all).chain(&self.none)
    }

    /// The test a post's terms (their identities) must pass, the filter's own identities
    /// made once for every post it is asked of.
    pub fn matcher(&self) -> impl Fn(&BTreeSet<String>) -> bool + use<> {
        let ids = |list: &[Located]| -> Vec<String> {
            list.iter()
                .map(|term| crate::taxonomy::identity(&term.value))
                .collect()
        };
        let (any, all, none) = (ids(&self.any), ids(&self.all), ids(&self.none));
        move |terms: &BTreeSet<String>| {
            (any.is_empty() || any.iter().any(|t| terms.contains(t)))
                && all.iter().all(|t| terms.contains(t))
                && !none.iter().any(|t| terms.contains(t))
        }
    }
}

/// A value of the config with where it is written, for messages found later (an unknown
/// section or tag is known only once the posts are read).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Located {
    /// The value.
    pub value: String,
    /// Its line and column in the config file.
    pub at: (u64, u64),
}

impl Located {
    fn of(spanned: &Spanned<String>) -> Located {
        Located {
            value: spanned.value.trim().to_owned(),
            at: crate::yaml::file_position(&spanned.referenced, 1),
        }
    }
}

impl RawTermFilter {
    fn checked(&self) -> TermFilter {
        let all = |list: &[Spanned<String>]| list.iter().map(Located::of).collect();
        match self {
            RawTermFilter::Any(any) => TermFilter {
                any: all(any),
                ..TermFilter::default()
            },
            RawTermFilter::Rules {
                any,
                all: every,
                none,
            } => TermFilter {
                any: all(any),
                all: all(every),
                none: all(none),
            },
        }
    }
}

/// A section path as the config writes it, made canonical: folders joined by `/`, no
/// slashes around, no `.` or `..`.
pub(super) fn section_path(path: &str) -> Result<String, ValueProblem> {
    let trimmed = path.trim().trim_matches('/');
    let clean = !trimmed.is_empty()
        && trimmed
            .split('/')
            .all(|segment| !segment.is_empty() && segment != "." && segment != "..");
    match clean {
        true => Ok(trimmed.to_owned()),
        false => Err(ValueProblem::Section(path.to_owned())),
    }
}

/// `custom_feeds:` item `raw` checked, its problems as (where, message); `files` are its
/// formats' files, checked by the caller.
pub(super) fn custom_feed(
    raw: &RawCustomFeed,
    files: PerFormat<OutputFile>,
    problems: &mut Vec<((u64, u64), String)>,
) -> CustomFeed {
    let name = Located::of(&raw.name);
    let folder = Located::of(&raw.folder);
    let folder_value = output_folder_path(&folder.value)
        .and_then(|path| match path.is_empty() {
            true => Err(ValueProblem::OutputFolderMissing),
            false => Ok(path),
        })
        .unwrap_or_else(|why| {
            problems.push((folder.at, format!("custom feed `{}`: {why}", name.value)));
            String::new()
        });
    let filter = &raw.filter;
    let mut sections = Vec::new();
    for section in &filter.sections {
        match section_path(&section.value) {
            Ok(path) => sections.push(Located {
                value: path,
                ..Located::of(section)
            }),
            Err(message) => problems.push((Located::of(section).at, message.to_string())),
        }
    }
    if let Some(language) = &filter.language
        && let Err(message) = super::check_language_tag(language.value.trim())
    {
        problems.push((Located::of(language).at, message.to_string()));
    }
    CustomFeed {
        at: name.at,
        folder_at: folder.at,
        name: name.value,
        folder: folder_value,
        title: crate::text::clean_trimmed(&raw.title),
        description: raw.description.as_deref().map(crate::text::clean_trimmed),
        filter: FeedFilter {
            sections,
            tags: filter.tags.checked(),
            categories: filter.categories.checked(),
            authors: filter.authors.iter().map(|a| a.trim().to_owned()).collect(),
            language: filter.language.as_ref().map(Located::of),
        },
        limit: feed_limit(raw.limit),
        full_content: raw.full_content,
        podcast: raw.podcast.unwrap_or(false),
        files,
    }
}
