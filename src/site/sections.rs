//! The content folder's sections, as the tools have them: a folder with a section page
//! (`_index.md`) or one the config names. Each section's title and description (per
//! language), whether it gets feeds, and whether its posts reach the feed above it (Hugo's
//! home feed holds every page; Zola's every page too, unless the content folder's own page
//! asks for a feed: then only its pages and those of `transparent` sections); and which
//! section each post is in.

use crate::config::SiteConfig;
use crate::source::SectionPage;

/// One section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Section {
    /// Its folder inside the content folder (`blog/news`).
    pub(crate) path: String,
    /// Its URL path under its language's root, each folder as the tool writes it.
    pub(crate) url_path: String,
    /// Per language (in the config's order): its feeds' title and description.
    pub(crate) titles: Vec<(String, String)>,
    /// Whether it gets feeds.
    pub(crate) feeds: bool,
    /// Whether its RSS feed is one of the podcast's (`podcast: true` in `sections:`).
    pub(crate) podcast: bool,
    /// Whether its posts also reach the feed of the section (or the site) above it.
    pub(crate) passes_up: bool,
    /// The section it is inside, if any (an index into the site's sections).
    pub(crate) parent: Option<usize>,
}

/// The sections of `config`'s content folder whose pages are `pages`, sorted by path (so a
/// section comes after the one it is inside).
pub(crate) fn sections(config: &SiteConfig, pages: &[SectionPage]) -> Vec<Section> {
    let mut paths: Vec<&str> = pages
        .iter()
        .map(|page| page.folder.as_str())
        .chain(config.sections.iter().map(|named| named.path.as_str()))
        .filter(|path| !path.is_empty())
        .collect();
    paths.sort_unstable();
    paths.dedup();
    // Zola's main feed is all pages (`generate_feeds` in its config), unless the content
    // folder's own page asks for a feed: then it is that section's, which holds its own
    // pages and those of its `transparent` sections only (the Rust blog's `inside-rust`).
    let root_feed_is_a_section = config.profile.root_section_is_main_feed()
        && pages.iter().any(|page| {
            page.folder.is_empty() && is_default(config, page) && page.generate_feeds == Some(true)
        });
    let mut sections: Vec<Section> = Vec::with_capacity(paths.len());
    for path in paths {
        let named = config.sections.iter().find(|named| named.path == path);
        let own_pages: Vec<&SectionPage> = pages.iter().filter(|p| p.folder == path).collect();
        let default_page = own_pages.iter().find(|p| is_default(config, p)).copied();
        // A section the config names has feeds; another, as its tool has it.
        let feeds = named
            .and_then(|n| n.feeds)
            .or(config.section_feeds.enabled)
            .unwrap_or_else(|| {
                named.is_some()
                    || config.profile.every_section_has_feeds()
                    || default_page.and_then(|p| p.generate_feeds).unwrap_or(false)
            });
        let passes_up = named
            .and_then(|n| n.in_main_feed)
            .or(config.section_feeds.in_main_feed)
            .unwrap_or(match root_feed_is_a_section {
                true => default_page.and_then(|p| p.transparent).unwrap_or(false),
                false => true,
            });
        let folder_name = path.rsplit('/').next().unwrap_or(path);
        let titles = config
            .languages
            .list
            .iter()
            .enumerate()
            .map(|(index, language)| {
                let page = own_pages
                    .iter()
                    .find(|p| language_of(config, p) == index)
                    .or(default_page.as_ref());
                let title = named
                    .and_then(|n| n.title.clone())
                    .or_else(|| page.and_then(|p| p.title.clone()))
                    .unwrap_or_else(|| folder_name.to_owned());
                let description = named
                    .and_then(|n| n.description.clone())
                    .or_else(|| page.and_then(|p| p.description.clone()))
                    .unwrap_or_else(|| language.description.clone());
                (title, description)
            })
            .collect();
        let parent = sections
            .iter()
            .rposition(|section| path.starts_with(&format!("{}/", section.path)));
        sections.push(Section {
            url_path: path
                .split('/')
                .map(|name| config.profile.folder_segment(name))
                .collect::<Vec<_>>()
                .join("/"),
            path: path.to_owned(),
            titles,
            feeds,
            podcast: named.is_some_and(|n| n.podcast),
            passes_up,
            parent,
        });
    }
    sections
}

/// The language index of a section page (0, the default, when it names none).
fn language_of(config: &SiteConfig, page: &SectionPage) -> usize {
    page.language
        .as_deref()
        .and_then(|tag| config.languages.index_of(tag))
        .unwrap_or(0)
}

fn is_default(config: &SiteConfig, page: &SectionPage) -> bool {
    language_of(config, page) == 0
}

/// The section a post in `folder` is in: the deepest section whose folder holds it.
pub(crate) fn section_of(sections: &[Section], folder: &str) -> Option<usize> {
    sections.iter().rposition(|section| {
        folder == section.path || folder.starts_with(&format!("{}/", section.path))
    })
}

/// Whether a post in section `from` reaches the feed of section `to` (`None`: the site's
/// main feed): `to` is `from` or holds it, and every section on the way passes its posts up.
pub(crate) fn reaches(sections: &[Section], from: Option<usize>, to: Option<usize>) -> bool {
    let mut at = from;
    loop {
        if at == to {
            return true;
        }
        match at {
            Some(index) if sections[index].passes_up => at = sections[index].parent,
            _ => return false,
        }
    }
}

/// Whether a post in section `from` is inside section `within` (any depth).
pub(crate) fn inside(sections: &[Section], from: Option<usize>, within: usize) -> bool {
    let mut at = from;
    while let Some(index) = at {
        if index == within {
            return true;
        }
        at = sections[index].parent;
    }
    false
}
