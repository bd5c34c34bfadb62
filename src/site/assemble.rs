//! Assembling the site from its posts, once: published posts selected and sorted, each
//! entry's URL and authors, the terms of each language, translations linked, and every URL
//! and id checked to be one post's only.

use std::collections::HashMap;

use jiff::{Timestamp, ZonedDateTime};
use rayon::prelude::*;

use super::translations::{link_translations, translation_key};
use super::{Entry, LanguageTerms, Site, Skipped, sections};
use crate::config::{SiteConfig, TaxonomyFeedsConfig, same_language};
use crate::error::{Diagnostic, Error};
use crate::person::absolute_url;
use crate::settings::Selection;
use crate::source::{self, Post, SectionPage};
use crate::taxonomy::{self, TaxonomyKind};

impl Site {
    /// Selects, checks and orders the posts and groups them by tag and category; renders
    /// nothing yet (see [`crate::pipeline::schedule::render_posts`]). Every problem is reported at once.
    #[expect(
        clippy::vec_box,
        reason = "posts are sorted and filtered in place: a boxed post moves as one pointer"
    )]
    pub(crate) fn assemble(
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
            } else if post
                .expires
                .as_ref()
                .is_some_and(|expires| expires.timestamp() <= selection.now)
                && !selection.expired
            {
                skipped.expired += 1;
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
        skipped.unlisted = unlisted(&published);
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
        let mut entries = entries;
        let ledger_update = config
            .ledger
            .as_ref()
            .and_then(|file| super::ledger::apply(file, &mut entries, selection.now));
        check_unique_urls(&config, &entries)?;
        super::episodes::check_episodes(&config, &entries)?;
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
            ledger_update,
        };
        Ok(site)
    }

    /// Whether any feed is written in `format`: those the config decides, and the sections'.
    pub(crate) fn format_in_use(&self, format: crate::format::FeedFormat) -> bool {
        self.config.format_in_use(format)
            || (self.config.section_feeds.files[format].enabled
                && self.sections.iter().any(|section| section.feeds))
    }
}

/// The published posts some lists leave out, by path, with what leaves them out.
fn unlisted(posts: &[Box<Post>]) -> Vec<(std::path::PathBuf, String)> {
    let mut unlisted: Vec<(std::path::PathBuf, String)> = posts
        .iter()
        .filter_map(|post| {
            let listing = post.listing;
            let mut left = Vec::new();
            if !listing.in_feeds {
                left.push("no feed");
            } else if listing.section_only {
                left.push("its section's feed only");
            }
            if !listing.in_sitemap {
                left.push("no sitemap");
            }
            (!left.is_empty()).then(|| (post.source_path.clone(), left.join(", ")))
        })
        .collect();
    unlisted.sort();
    unlisted
}

/// The tags and categories of the entries in `language` (each term's entries are indexes
/// into all of `entries`), or none where their feeds are off.
pub(super) fn language_terms(
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
                // A post out of the feeds is in no term's feed either.
                if !post.listing.in_feeds || post.listing.section_only {
                    return Vec::new();
                }
                match kind {
                    TaxonomyKind::Tag => post.tags.iter().map(String::as_str).collect(),
                    TaxonomyKind::Category => post.categories.iter().map(String::as_str).collect(),
                    // A post without its own author is the site author's, as its feeds say.
                    TaxonomyKind::Author => match (&post.authors[..], &config.author) {
                        ([], Some(site_author)) => vec![site_author.name.as_str()],
                        (authors, _) => authors.iter().map(|a| a.name.as_str()).collect(),
                    },
                }
            },
            &settings.pinned_slugs,
            |name| config.profile.term_slug(name),
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
        authors: group_terms(TaxonomyKind::Author, &config.author_feeds),
    }
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
pub(super) fn resolve_authors(config: &SiteConfig, post: &mut Post) -> Result<(), Diagnostic> {
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

/// Two posts at one URL would overwrite each other on the site, and two with one id (a
/// front-matter `id`, else the permalink) would be one entry to every feed reader: name
/// both files. Posts with one slug in different folders are fine. Two translations of one
/// post at one URL mean the site's languages are not declared: the message says so.
pub(super) fn check_unique_urls(config: &SiteConfig, entries: &[Entry]) -> Result<(), Error> {
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
            match config.ledger {
                Some(_) => {
                    "every entry needs its own id (its `id:`, or its line in feedsmith.ids), or feed readers show one of them only"
                }
                None => "every entry needs its own id, or feed readers show one of them only",
            },
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
pub(super) fn translations_help(config: &SiteConfig, a: &Entry, b: &Entry) -> Option<String> {
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
