//! The site as the outputs see it: published posts sorted once (newest first, slug as the
//! tiebreak), each with its permalink, id and, when a feed includes it, its rendered HTML.

use std::collections::BTreeMap;

use jiff::{Timestamp, ZonedDateTime};
use url::Url;

use crate::config::SiteConfig;
use crate::error::{Diagnostic, Error};
use crate::html::{self, UrlBase};
use crate::markdown;
use crate::source::Post;
use crate::text::clean;

/// Length of the excerpt that stands in for a missing `description`.
const SUMMARY_CHARS: usize = 280;

/// A person: a site or post author.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// Display name.
    pub name: String,
    /// Email address, if known.
    pub email: Option<String>,
    /// Home page, if known.
    pub url: Option<String>,
}

impl Person {
    /// The same person with forbidden characters removed from every field.
    pub fn cleaned(self) -> Person {
        let field = |text: Option<String>| {
            text.map(|t| clean(t.trim()).into_owned())
                .filter(|t| !t.is_empty())
        };
        Person {
            name: clean(self.name.trim()).into_owned(),
            email: field(self.email),
            url: field(self.url),
        }
    }
}

/// Which posts a build publishes.
#[derive(Debug, Clone, Copy)]
pub struct Selection {
    /// Include `draft: true` posts.
    pub drafts: bool,
    /// Include posts dated after `now`.
    pub future: bool,
    /// The moment that decides what is "future": `SOURCE_DATE_EPOCH` or the clock.
    pub now: Timestamp,
}

/// How many posts a selection left out, for the summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Skipped {
    /// Drafts left out.
    pub drafts: usize,
    /// Future posts left out.
    pub future: usize,
}

/// A published post, ready for every output.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The post as read.
    pub post: Post,
    /// Absolute URL of the post's page.
    pub permalink: Url,
    /// Stable id: the front-matter `id`, else the permalink.
    pub id: String,
    /// Whether `id` is the permalink (RSS `isPermaLink`).
    pub id_is_permalink: bool,
    /// `updated` if given, else `published`.
    pub modified: ZonedDateTime,
    /// Absolute URL of the cover image.
    pub cover_image: Option<Url>,
    /// Author: the post's own, else the site's.
    pub author: Option<Person>,
    /// Full HTML with absolute URLs; rendered only for posts some feed includes.
    pub content_html: Option<String>,
    /// Plain-text summary: the `description`, else an excerpt of the body (rendered posts).
    pub summary: Option<String>,
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
}

/// One feed's contents, independent of its format.
#[derive(Debug)]
pub struct Feed<'a> {
    /// Feed title.
    pub title: &'a str,
    /// Feed description.
    pub description: &'a str,
    /// The page the feed belongs to (RSS `link`, JSON `home_page_url`).
    pub home_url: &'a Url,
    /// The entries, newest first.
    pub entries: &'a [Entry],
    /// Newest `modified` among the entries; the Unix epoch for an empty feed. Never the clock.
    pub updated: ZonedDateTime,
}

impl Site {
    /// Selects, checks and orders the posts, then renders the HTML of those the main feeds
    /// include. Every problem is reported at once.
    pub fn build(
        config: SiteConfig,
        posts: Vec<Post>,
        selection: Selection,
    ) -> Result<Site, Error> {
        check_unique_slugs(&posts)?;
        let mut skipped = Skipped::default();
        let mut published: Vec<Post> = Vec::with_capacity(posts.len());
        for post in posts {
            if post.draft && !selection.drafts {
                skipped.drafts += 1;
            } else if post.published.timestamp() > selection.now && !selection.future {
                skipped.future += 1;
            } else {
                published.push(post);
            }
        }
        published.sort_by(|a, b| {
            b.published
                .timestamp()
                .cmp(&a.published.timestamp())
                .then_with(|| a.slug.cmp(&b.slug))
        });

        let feed_len = config
            .feeds
            .limit
            .unwrap_or(usize::MAX)
            .min(published.len());
        let mut problems = Vec::new();
        let mut entries = Vec::with_capacity(published.len());
        for (index, post) in published.into_iter().enumerate() {
            match Entry::new(&config, post, index < feed_len) {
                Ok(entry) => entries.push(entry),
                Err(problem) => problems.push(problem),
            }
        }
        if !problems.is_empty() {
            return Err(Error::Content(problems));
        }
        Ok(Site {
            config,
            entries,
            skipped,
        })
    }

    /// The main feed: the newest posts up to the configured limit.
    pub fn main_feed(&self) -> Feed<'_> {
        let limit = self.config.feeds.limit.unwrap_or(usize::MAX);
        let entries = &self.entries[..limit.min(self.entries.len())];
        Feed {
            title: &self.config.title,
            description: &self.config.description,
            home_url: &self.config.base_url,
            entries,
            updated: newest(entries),
        }
    }
}

/// The newest `modified` date of `entries`: a feed changes when one of its entries does.
pub fn newest(entries: &[Entry]) -> ZonedDateTime {
    entries
        .iter()
        .map(|e| &e.modified)
        .max_by_key(|d| d.timestamp())
        .cloned()
        .unwrap_or_else(|| Timestamp::UNIX_EPOCH.to_zoned_datetime(jiff::tz::TimeZone::UTC))
}

impl Entry {
    fn new(config: &SiteConfig, post: Post, render: bool) -> Result<Entry, Diagnostic> {
        let date = post.published.date();
        let path = config
            .permalink
            .expand(&post.slug, date.year(), date.month(), date.day());
        let permalink = config
            .base_url
            .join(path.trim_start_matches('/'))
            .map_err(|err| {
                Diagnostic::file(
                    &post.source_path,
                    format!("permalink \"{path}\" is not a valid URL path: {err}"),
                )
            })?;
        let base = UrlBase {
            site: &config.base_url,
            page: &permalink,
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
        let content_html = if render {
            let html = markdown::to_html(&post.body, &post.slug);
            let html = html::absolutize(&html, base).map_err(|err| {
                Diagnostic::file(
                    &post.source_path,
                    format!("could not rewrite URLs in the HTML: {err}"),
                )
            })?;
            Some(html)
        } else {
            None
        };
        let summary = match &post.description {
            Some(description) => Some(description.clone()),
            None if render => Some(markdown::excerpt(&post.body, SUMMARY_CHARS))
                .filter(|excerpt| !excerpt.is_empty()),
            None => None,
        };
        let (id, id_is_permalink) = match &post.id {
            Some(id) => (id.clone(), false),
            None => (permalink.to_string(), true),
        };
        let modified = match &post.updated {
            Some(updated) if updated.timestamp() > post.published.timestamp() => updated.clone(),
            _ => post.published.clone(),
        };
        Ok(Entry {
            author: post.author.clone().or_else(|| config.author.clone()),
            permalink,
            id,
            id_is_permalink,
            modified,
            cover_image,
            content_html,
            summary,
            post,
        })
    }
}

/// Two posts with one slug would share a URL; name both files.
fn check_unique_slugs(posts: &[Post]) -> Result<(), Error> {
    let mut seen: BTreeMap<&str, &Post> = BTreeMap::new();
    let mut problems = Vec::new();
    for post in posts {
        if let Some(first) = seen.insert(&post.slug, post) {
            problems.push(Diagnostic::file(
                &post.source_path,
                format!(
                    "slug \"{}\" is already used by `{}`; set a different `slug:` in one of them",
                    post.slug,
                    first.source_path.display()
                ),
            ));
            seen.insert(&first.slug, first);
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Content(problems))
    }
}
