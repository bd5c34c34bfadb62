//! The feeds the config defines (`custom_feeds`): which posts each selects, their groups,
//! what the site has for their filters to name (checked by the config stage,
//! [`crate::config::filters`]), and a warning for each that selects no post.

use std::collections::{BTreeMap, BTreeSet};

use super::feeds::{FeedSpec, feed_files};
use super::{Entry, FeedGroup, FeedScope, Site, sections};
use crate::config::CustomFeed;
use crate::config::filters::SiteNames;
use crate::error::Diagnostic;
use crate::source::Post;
use crate::taxonomy;

impl Site {
    /// The feed `custom` defines, of the posts its filter selects.
    pub(super) fn push_custom_feed<'a>(
        &'a self,
        groups: &mut Vec<FeedGroup<'a>>,
        custom: &'a CustomFeed,
    ) {
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

    /// What the site has that a custom feed's filter may name.
    pub(crate) fn names(&self) -> SiteNames<'_> {
        // Every term of every post is looked at below: nothing to do for most sites.
        if self.config.custom_feeds.is_empty() {
            return SiteNames::default();
        }
        let names = |terms: fn(&Post) -> &Vec<String>| -> BTreeMap<String, &str> {
            self.entries
                .iter()
                .flat_map(|entry| terms(&entry.post).iter())
                .map(|name| (taxonomy::identity(name), name.as_str()))
                .collect()
        };
        SiteNames {
            sections: self.sections.iter().map(|s| s.path.as_str()).collect(),
            tags: names(|post| &post.tags),
            categories: names(|post| &post.categories),
        }
    }

    /// A warning for each custom feed that selects no post (it is written empty), at its
    /// place in the config file.
    pub(crate) fn empty_custom_feeds(&self) -> Vec<Diagnostic> {
        self.config
            .custom_feeds
            .iter()
            .filter(|custom| self.selected(custom).is_empty())
            .map(|custom| {
                let (line, column) = custom.at;
                Diagnostic::at(
                    &self.config.file.path,
                    line,
                    column,
                    format!(
                        "custom feed `{}` selects no post: it is written empty",
                        custom.name
                    ),
                )
            })
            .collect()
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
            // Out of every feed (`feed: false`), or listed in its own section's alone.
            let listed = post.listing.in_feeds && !post.listing.section_only;
            listed
                && in_section
                && by_author
                && language.is_none_or(|index| index == Some(post.language))
                && tags(&identities(&post.tags))
                && categories(&identities(&post.categories))
        };
        self.entries.iter().filter(|entry| selects(entry)).collect()
    }
}
