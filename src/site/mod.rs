//! The site as the outputs see it, as plain data: published posts sorted once (newest first,
//! slug then path as the tiebreak), each with its permalink and id; tags and categories
//! grouped; the names references can give each post; and the list of feeds to write. It
//! reads no file, renders nothing and holds no rendered post (the build keeps those, in
//! [`crate::pipeline::store::RenderedPosts`]).

mod assemble;
mod custom_feeds;
mod episodes;
mod feeds;
mod ledger;
mod permalink;
mod references;
mod sections;
mod translations;

pub(crate) use self::ledger::LedgerUpdate;

pub(crate) use self::assemble::newest;
pub(crate) use self::feeds::feeds_in_section;
pub(crate) use self::sections::Section;
use std::collections::BTreeSet;
use std::path::PathBuf;

use jiff::ZonedDateTime;
use url::Url;

use crate::config::{CustomFeed, SiteConfig};
use crate::error::Diagnostic;
use crate::format::FeedFormat;
use crate::links::UrlBase;
use crate::source::{MediaFile, Post};
use crate::taxonomy::{TaxonomyKind, Term};

use self::assemble::*;
use self::permalink::*;

/// The posts a selection left out, for the summary. Neither is a problem: drafts and
/// scheduled posts are how blogs work, so they are counted, not warned about.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Skipped {
    /// Drafts left out.
    pub drafts: usize,
    /// Scheduled posts left out (dated after now).
    pub future: usize,
    /// Posts left out because their `expiryDate` has passed.
    pub expired: usize,
    /// Published posts some lists leave out, by path, with what leaves them out
    /// ("no feed", "no sitemap", "its section's feed only"), for `-v` and the JSON report.
    pub unlisted: Vec<(PathBuf, String)>,
    /// The scheduled posts and their dates, by path.
    pub scheduled: Vec<(PathBuf, ZonedDateTime)>,
}

/// A published post, ready for every output.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    /// The post as read (boxed, so that taking it over from the list read moves a pointer).
    pub(crate) post: Box<Post>,
    /// Its place in [`Site::entries`].
    pub(crate) position: usize,
    /// Absolute URL of the post's page.
    pub(crate) permalink: Url,
    /// `updated` if given, else `published`.
    pub(crate) modified: ZonedDateTime,
    /// Absolute URL of the cover image, checked to be one (kept as text: a big site holds a
    /// million of them, and every output only writes it).
    pub(crate) cover_image: Option<String>,
    /// The file to enclose, with what it is: the post's `enclosure` (or `audio`, `video`)
    /// when the static folder holds it, else its cover image when that is there. Remote
    /// files are not enclosed: their length and type are not known. Boxed: most posts have
    /// none.
    pub(crate) enclosure: Option<Box<(String, MediaFile)>>,
    /// The post in the site's other languages (same bundle, same path in another language's
    /// folder, or one `translationKey`), in the order the config lists the languages; empty
    /// for a post with none.
    pub(crate) translations: Box<[Translation]>,
    /// The section it is in (an index into [`Site::sections`]), if any.
    pub(crate) section: Option<u32>,
}

/// One other-language version of a post.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Translation {
    /// Its language: an index into the config's languages.
    pub(crate) language: usize,
    /// Its permalink.
    pub(crate) url: Url,
}

/// The whole published site.
#[derive(Debug)]
pub(crate) struct Site {
    /// The validated config.
    pub(crate) config: SiteConfig,
    /// Published posts, newest first; equal dates ordered by slug.
    pub(crate) entries: Vec<Entry>,
    /// What the selection left out.
    pub(crate) skipped: Skipped,
    /// Each language's tags and categories, in the config's order of the languages.
    pub(crate) terms: Vec<LanguageTerms>,
    /// The content folder's sections, by path.
    pub(crate) sections: Vec<Section>,
    /// Problems that do not stop the build (skipped future posts, resolved slug collisions).
    pub(crate) warnings: Vec<Diagnostic>,
    /// What the build changes in the id ledger, if the site has one and anything changes.
    pub(crate) ledger_update: Option<LedgerUpdate>,
}

/// One language's tags and categories.
#[derive(Debug, Default)]
pub(crate) struct LanguageTerms {
    /// Tags, sorted by slug; empty when tag feeds are off.
    pub(crate) tags: Vec<Term>,
    /// Categories, sorted by slug; empty when category feeds are off.
    pub(crate) categories: Vec<Term>,
    /// Authors, by name, sorted by slug; empty when author feeds are off.
    pub(crate) authors: Vec<Term>,
}

/// One feed's contents, independent of its format.
#[derive(Debug, Clone)]
pub(crate) struct Feed<'a> {
    /// Feed title.
    pub(crate) title: String,
    /// Feed description.
    pub(crate) description: String,
    /// The page the feed belongs to (RSS `link`, JSON `home_page_url`).
    pub(crate) home_url: Url,
    /// Its language's tag (RSS `language`, Atom `xml:lang`, JSON `language`), if known.
    pub(crate) language: Option<&'a str>,
    /// The entries, newest first.
    pub(crate) entries: Vec<&'a Entry>,
    /// Newest `modified` among the entries; the Unix epoch for an empty feed. Never the clock.
    pub(crate) updated: ZonedDateTime,
    /// The entries (by position) written with their summary only, to fit the size budget.
    pub(crate) summarized: BTreeSet<usize>,
    /// Whether its RSS file is a podcast channel (the main feed, or a custom feed that asks,
    /// on a site with a `podcast:` block).
    pub(crate) podcast: bool,
}

/// One feed file to write.
#[derive(Debug, Clone)]
pub(crate) struct FeedFile {
    /// Its format.
    pub(crate) format: FeedFormat,
    /// Path inside the output folder.
    pub(crate) path: String,
    /// Where it is served: its self link.
    pub(crate) url: Url,
    /// Its links to the other documents of its archive (RFC 5005), in its format.
    pub(crate) archive: ArchiveLinks,
}

/// How one feed file links to the other documents of its feed's archive (RFC 5005): the
/// subscription feed to the newest archive page, each page to its neighbours and to the
/// subscription feed. Without archives, none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ArchiveLinks {
    /// Whether the file is an archive page (`fh:archive`), not the subscription feed.
    pub(crate) is_archive: bool,
    /// From an archive page, the subscription feed (`current`).
    pub(crate) current: Option<Url>,
    /// The next older archive page (`prev-archive`; JSON Feed `next_url`).
    pub(crate) prev_archive: Option<Url>,
    /// The next newer archive page (`next-archive`).
    pub(crate) next_archive: Option<Url>,
}

/// What a group of feeds covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FeedScope<'a> {
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
pub(crate) struct FeedGroup<'a> {
    /// What the feed covers.
    pub(crate) scope: FeedScope<'a>,
    /// Its language: an index into the config's languages.
    pub(crate) language: usize,
    /// How many posts the feed covers, before its limit (or its archive pages) cut them.
    pub(crate) covers: usize,
    /// The archive page this is (1 = the oldest posts), or `None` for the subscription feed.
    pub(crate) archive_page: Option<usize>,
    /// The contents.
    pub(crate) feed: Feed<'a>,
    /// The files, in the order RSS, Atom, JSON.
    pub(crate) files: Vec<FeedFile>,
}

impl FeedGroup<'_> {
    /// Whether this is a feed to subscribe to, not a page of a feed's archive.
    pub(crate) fn is_subscription(&self) -> bool {
        self.archive_page.is_none()
    }
}

/// The kinds of feed, as the OPML list and the feeds page group them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FeedKind {
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
    pub(crate) fn kind(&self) -> FeedKind {
        match self {
            FeedScope::Site => FeedKind::Site,
            FeedScope::Section(_) => FeedKind::Section,
            FeedScope::Term(kind, _) => FeedKind::Term(*kind),
            FeedScope::Custom(_) => FeedKind::Custom,
        }
    }
}

impl Entry {
    /// The section it is in (an index into [`Site::sections`]), if any.
    pub(crate) fn section(&self) -> Option<usize> {
        self.section.map(|index| index as usize)
    }

    /// Stable id: the front-matter `id`, else the permalink.
    pub(crate) fn id(&self) -> &str {
        self.post.id.as_deref().unwrap_or(self.permalink.as_str())
    }

    /// Whether the id is the permalink (RSS `isPermaLink`).
    pub(crate) fn id_is_permalink(&self) -> bool {
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
            // A podcast's feeds enclose episodes only: an image there is a broken episode.
            _ if config.podcast.is_some() => None,
            _ => cover_image
                .clone()
                .map(String::from)
                .zip(post.cover_media.as_deref().cloned()),
        }
        .map(Box::new);
        let cover_image = cover_image.map(String::from);
        // An episode's transcript is fetched by apps, from anywhere: its URL made absolute.
        if let Some(episode) = post.episode.as_mut()
            && let Some((link, _)) = episode.transcript.as_mut()
        {
            match base.resolve(link) {
                Some(absolute) => *link = absolute,
                None => episode.transcript = None,
            }
        }
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

#[cfg(test)]
pub(crate) mod tests {
    use std::path::Path;

    use jiff::Timestamp;

    use super::feeds::archive_path;
    use super::*;
    use crate::settings::Selection;
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
            expired: true,
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
            // The documented order, stated on the specs rather than taken from the site's own
            // sort: newest first, a tie (days repeat) broken by the slug, here the file name.
            let mut chosen: Vec<usize> = (0..posts.len()).filter(|&i| selected(&posts[i], &filter)).collect();
            chosen.sort_by_key(|&i| (std::cmp::Reverse(posts[i].3), format!("p{i}")));
            let covers = chosen.len();
            let mut expected: Vec<String> = chosen.iter().map(|i| format!("p{i}")).collect();
            if filter.3 > 0 {
                expected.truncate(filter.3);
            }
            prop_assert_eq!(&held, &expected);
            let dates: Vec<_> = feed.feed.entries.iter().map(|e| e.post.published.timestamp()).collect();
            prop_assert!(dates.windows(2).all(|w| w[0] >= w[1]), "newest first");
            prop_assert_eq!(feed.covers, covers);
        }
    }
}
