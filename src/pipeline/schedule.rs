//! When each post is rendered: the order that completes feeds soonest, chunks rendered in
//! parallel into the content store, and a call after each chunk so the pipeline can write the
//! outputs whose posts are all in. (What is written is the pipeline's plan; how each format
//! looks is `render/`.)

use rayon::prelude::*;

use crate::body::{self, BodyContext, BodyFacts, Unexpanded, Wanted};
use crate::error::{Diagnostic, Error};
use crate::format::{FeedFormat, PerFormat};
use crate::pipeline::plan::PlannedOutput;
use crate::pipeline::store::RenderedPosts;
use crate::render;
use crate::render::xml::Escaped;
use crate::site::{Entry, Feed, FeedGroup, Site};
use crate::source::Post;

/// Gives a post's Markdown body: the pipeline reads it again from its file, within the
/// config's `max_post_bytes`.
pub(crate) type BodyOf<'a> = dyn Fn(&Post) -> Result<String, Diagnostic> + Sync + 'a;

/// Posts are rendered in parallel a chunk at a time, so at most two chunks of rendered posts
/// are held in memory before they go to the content store. Feeds are written as the chunks
/// that complete them are stored, so smaller chunks let writing start sooner.
const RENDER_CHUNK: usize = 512;

/// Posts no feed includes have their bodies read this many at a time, each kept only as
/// its [`KeptFacts`]: a big site's million bodies are never all held at once.
const FACTS_CHUNK: usize = 4096;

/// What a post's body pass found, as the build keeps it to the end: the sitemap's list of
/// the page's images, ready to write, and the findings warnings are made of. Compact, and
/// only for posts where the pass found something: a million-post site keeps one for nearly
/// every post.
#[derive(Debug, Default)]
pub(crate) struct KeptFacts {
    /// The page's images for the sitemap (see [`render::sitemap::image_list`]), when the
    /// sitemap lists images.
    pub(crate) sitemap_images: Option<Box<str>>,
    /// Template syntax not expanded: what became of it, its name, its line.
    pub(crate) removed: Box<[(Unexpanded, String, u64)]>,
    /// References that name no published post, with the line.
    pub(crate) unresolved: Box<[(String, u64)]>,
}

impl KeptFacts {
    /// What to keep of `facts`, found in `entry`'s body, if anything.
    fn of(site: &Site, entry: &Entry, facts: BodyFacts, images: bool) -> Option<KeptFacts> {
        let sitemap_images = images.then(|| {
            render::sitemap::image_list(
                entry,
                site.config.site_url_of(entry.post.language),
                &facts.images,
            )
        });
        let kept = KeptFacts {
            sitemap_images: sitemap_images.filter(|list| !list.is_empty()),
            removed: facts.removed.into(),
            unresolved: facts.unresolved.into(),
        };
        let found = kept.sitemap_images.is_some()
            || !kept.removed.is_empty()
            || !kept.unresolved.is_empty();
        found.then_some(kept)
    }
}

/// The order to render the posts some feed in `groups` includes (positions in a site's
/// `site_len` entries): feed by feed, the feed whose oldest post is newest first, each
/// adding its posts not yet in the order. Every feed is then complete at least as early as
/// in date order, and usually far earlier: a small tag's feed need not wait for the posts
/// of every bigger feed between its newest and oldest post. Each post appears once.
pub(crate) fn render_order(groups: &[FeedGroup<'_>], site_len: usize) -> Vec<usize> {
    let mut feeds: Vec<&Feed<'_>> = groups.iter().map(|group| &group.feed).collect();
    feeds.sort_by_key(|feed| feed.entries.iter().map(|entry| entry.position).max());
    let mut ordered = vec![false; site_len];
    let mut order = Vec::new();
    for feed in feeds {
        for entry in &feed.entries {
            if !std::mem::replace(&mut ordered[entry.position], true) {
                order.push(entry.position);
            }
        }
    }
    order
}

/// For each planned output, how many posts of `order` must be rendered before it can be
/// written: the rank in `order` of the last of its posts (0 for outputs that need none).
pub(crate) fn readiness(
    outputs: &[PlannedOutput<'_>],
    order: &[usize],
    site_len: usize,
) -> Vec<usize> {
    let mut rank = vec![0; site_len];
    for (i, &position) in order.iter().enumerate() {
        rank[position] = i + 1;
    }
    outputs
        .iter()
        .map(|output| {
            output
                .kind
                .posts()
                .iter()
                .map(|entry| rank[entry.position])
                .max()
                .unwrap_or(0)
        })
        .collect()
}

/// One post rendered for every format, before it goes to the store: in full and, under a
/// size budget, with its summary only.
struct Rendered {
    full: PerFormat<Vec<u8>>,
    summary: Option<PerFormat<Vec<u8>>>,
}

/// A post's fragment in every format some feed uses (the others stay empty), from its
/// body's HTML and excerpt: in full and, under a size budget, with its summary only.
fn fragments_of(
    site: &Site,
    entry: &Entry,
    html: &str,
    excerpt: Option<&str>,
) -> Result<Rendered, Diagnostic> {
    let config = &site.config;
    let post = &entry.post;
    let summary = post.description.as_deref().or(excerpt);
    let full = config.content_wanted();
    let in_use = |format| site.format_in_use(format);
    // An empty body gives no content element at all: an empty Atom `content` or RSS
    // `content:encoded` is a validator warning and shows readers a blank post.
    let has_content = full && !html.trim().is_empty();
    let xml = (has_content && (in_use(FeedFormat::Rss) || in_use(FeedFormat::Atom)))
        .then(|| Escaped::markup(html));
    let fragments = |content: bool| {
        PerFormat::try_from_fn(|format| {
            if !in_use(format) {
                return Ok(Vec::new());
            }
            match format {
                FeedFormat::Rss => render::rss::fragment(
                    entry,
                    (config.author.as_ref(), config.podcast.is_some()),
                    summary,
                    xml.as_ref().filter(|_| content),
                ),
                FeedFormat::Atom => render::atom::fragment(
                    entry,
                    &config.languages,
                    summary,
                    xml.as_ref().filter(|_| content),
                ),
                FeedFormat::Json => {
                    render::jsonfeed::fragment(entry, summary, (full && content).then_some(html))
                }
            }
            .map_err(|err| Diagnostic::file(&post.source_path, err.to_string()))
        })
    };
    Ok(Rendered {
        full: fragments(true)?,
        // A feed with a size budget, or one of summaries only, may carry a post's summary.
        summary: match config.summaries_wanted() && has_content {
            true => Some(fragments(false)?),
            false => None,
        },
    })
}

/// The body stage over the site, once per post: the entries at `order` (positions in
/// [`Site::entries`], from [`render_order`]) are rendered into `posts`, in parallel, a chunk
/// at a time; then the entries at `facts_only`, which no feed includes, have their bodies
/// read for what other stages need of them (images, with `images`; template syntax) and
/// nothing more. `body_of` gives each post's Markdown body. After each chunk is stored,
/// `stored(n)` is called with the number of entries of `order` stored so far, so feeds whose
/// posts are all in can be written while the next chunk renders; it is last called with
/// `order.len()`. Returns what each body's pass found, by position, for the posts where it
/// found anything. Every failure is reported; once one has happened `stored` is not called
/// again. An entry is rendered once: rendering one again panics.
pub(crate) fn render_posts(
    site: &Site,
    posts: &RenderedPosts,
    order: &[usize],
    facts_only: &[usize],
    images: bool,
    body_of: &BodyOf<'_>,
    mut stored: impl FnMut(usize) -> Result<(), Error> + Send,
) -> Result<Vec<(usize, KeptFacts)>, Error> {
    let store_error = |source| Error::Write {
        path: site.config.output_dir.clone(),
        source,
    };
    let mut problems = Vec::new();
    let mut facts = Vec::new();
    let mut previous: Vec<(usize, Rendered)> = Vec::new();
    let wanted = Wanted { html: true, images };
    // What the body stage is given: the config, and references resolved by a resolver of
    // this pass's own, so the site's model is never touched while bodies are read.
    let resolver = site.resolver();
    let references = |target: &str, language: usize| resolver.resolve(target, Some(language));
    let context = BodyContext {
        config: &site.config,
        references: &references,
    };
    // The store is appended to, and ready feeds written, on one side while the next
    // chunk renders on the other: appending a chunk that spills to disk takes about as
    // long as rendering one on a single core, and writing early lets the disk start on
    // the outputs long before the final flush.
    for (k, chunk) in order.chunks(RENDER_CHUNK).enumerate() {
        let (rendered, appended) = rayon::join(
            || {
                chunk
                    .par_iter()
                    .map(|&index| {
                        let rendered = render_post((site, context), index, body_of, wanted, images);
                        (index, rendered)
                    })
                    .collect::<Vec<_>>()
            },
            || {
                store_all(posts, std::mem::take(&mut previous)).map_err(store_error)?;
                match problems.is_empty() {
                    true => stored(k * RENDER_CHUNK),
                    false => Ok(()),
                }
            },
        );
        appended?;
        for (index, result) in rendered {
            match result {
                Ok((rendered, found)) => {
                    previous.push((index, rendered));
                    facts.extend(found.map(|found| (index, found)));
                }
                Err(problem) => problems.push(problem),
            }
        }
    }
    store_all(posts, previous).map_err(store_error)?;
    let wanted = Wanted {
        html: false,
        images,
    };
    for chunk in facts_only.chunks(FACTS_CHUNK) {
        let found: Vec<(usize, Result<Option<KeptFacts>, Diagnostic>)> = chunk
            .par_iter()
            .map(|&index| {
                let entry = &site.entries[index];
                let body = body_of(&entry.post).and_then(|body| {
                    let post = (&*entry.post, &entry.permalink);
                    body::process(context, post, &body, entry.post.body.first_line, wanted)
                });
                let kept = body.map(|body| KeptFacts::of(site, entry, body.facts, images));
                (index, kept)
            })
            .collect();
        for (index, result) in found {
            match result {
                Ok(kept) => facts.extend(kept.map(|kept| (index, kept))),
                Err(problem) => problems.push(problem),
            }
        }
    }
    if !problems.is_empty() {
        return Err(Error::Content(problems));
    }
    stored(order.len())?;
    facts.sort_by_key(|(index, _)| *index);
    Ok(facts)
}

/// One entry's body rendered for the feeds: its fragments, and what its pass found (when it
/// found anything).
fn render_post(
    (site, context): (&Site, BodyContext<'_>),
    index: usize,
    body_of: &BodyOf<'_>,
    wanted: Wanted,
    images: bool,
) -> Result<(Rendered, Option<KeptFacts>), Diagnostic> {
    let entry = &site.entries[index];
    let body = body_of(&entry.post)?;
    let post = (&*entry.post, &entry.permalink);
    let body = body::process(context, post, &body, entry.post.body.first_line, wanted)?;
    let html = body.html.as_deref().unwrap_or_default();
    let rendered = fragments_of(site, entry, html, body.excerpt.as_deref())?;
    Ok((rendered, KeptFacts::of(site, entry, body.facts, images)))
}

/// Appends rendered posts to the store in order.
fn store_all(posts: &RenderedPosts, rendered: Vec<(usize, Rendered)>) -> std::io::Result<()> {
    for (index, rendered) in rendered {
        posts.append(index, &rendered.full, rendered.summary.as_ref())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    /// Every post's body in these tests.
    fn body(_: &Post) -> Result<String, Diagnostic> {
        Ok("Body\n".to_string())
    }

    /// The site of `posts`, every post some feed includes rendered.
    fn site(config: &str, posts: &[impl AsRef<str>]) -> (Site, RenderedPosts) {
        let site = assembled(config, posts);
        let rendered = rendered_posts(&site);
        let order = render_order(&site.feed_groups(), site.entries.len());
        render_posts(&site, &rendered, &order, &[], false, &body, |_| Ok(())).unwrap();
        (site, rendered)
    }

    /// Room for the rendered posts of `site`, in memory.
    fn rendered_posts(site: &Site) -> RenderedPosts {
        RenderedPosts::new_near(Path::new("."), site.entries.len())
    }

    use crate::site::tests::assembled;

    /// Posts dated 2024-01-01 onwards, one a day, the newest with the first tag list.
    fn dated_posts(tag_lists: &[&str]) -> Vec<String> {
        tag_lists
            .iter()
            .rev()
            .enumerate()
            .map(|(day, tags)| {
                let date = jiff::civil::date(2024, 1, 1)
                    .checked_add(jiff::Span::new().days(day as i64))
                    .unwrap();
                format!("---\ntitle: T\ndate: {date}\ntags: [{tags}]\n---\nBody\n")
            })
            .collect()
    }

    #[test]
    fn a_feed_is_rendered_before_posts_only_later_feeds_need() {
        // Newest first: a, b, a, b. Main feed [0]; tag a [0, 2]; tag b [1, 3]. Tag a's feed
        // is complete after two posts, not three as in date order.
        let posts = dated_posts(&["a", "b", "a", "b"]);
        let site = assembled(
            "title: S\ndescription: D\nbase_url: https://e.com/\nfeeds:\n  limit: 1\ntag_feeds:\n  limit: 2\ncategory_feeds:\n  enabled: false\n",
            &posts,
        );
        let groups = site.feed_groups();
        assert_eq!(groups.len(), 3);
        assert_eq!(render_order(&groups, site.entries.len()), [0, 2, 1, 3]);
    }

    #[test]
    fn a_feed_whose_posts_are_not_rendered_fails_rather_than_leaving_them_out() {
        let posts = dated_posts(&["a", "b"]);
        let site = assembled(
            "title: S\ndescription: D\nbase_url: https://e.com/\n",
            &posts,
        );
        let groups = site.feed_groups();
        let main = &groups[0];
        // Only the newest post rendered: the main feed, which holds both, cannot be written.
        let rendered = rendered_posts(&site);
        render_posts(&site, &rendered, &[0], &[], false, &body, |_| Ok(())).unwrap();
        let err = render::rss::write(
            &site.config,
            &main.feed,
            &main.files[0],
            &rendered,
            Vec::new(),
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("p0.md is not rendered yet"),
            "{err}"
        );
        let err = render::jsonfeed::write(
            &site.config,
            &main.feed,
            &main.files[2],
            &rendered,
            Vec::new(),
        )
        .unwrap_err();
        assert!(err.to_string().contains("is not rendered yet"), "{err}");
    }

    #[test]
    fn after_a_post_fails_to_render_no_more_outputs_are_written() {
        let posts = dated_posts(&vec!["a"; RENDER_CHUNK + 1]);
        let mut site = assembled(
            "title: S\ndescription: D\nbase_url: https://e.com/\n",
            &posts,
        );
        // Its body is read again at rendering, from a file that is gone.
        site.entries[3].post.source_path = "gone.md".into();
        let gone = |post: &Post| match post.source_path == Path::new("gone.md") {
            true => Err(Diagnostic::file(&post.source_path, "cannot be read")),
            false => body(post),
        };
        let order: Vec<usize> = (0..site.entries.len()).collect();
        let mut calls = Vec::new();
        let rendered = rendered_posts(&site);
        let result = render_posts(&site, &rendered, &order, &[], false, &gone, |stored| {
            calls.push(stored);
            Ok(())
        });
        let err = result.unwrap_err().to_string();
        assert!(err.contains("gone.md"), "{err}");
        assert_eq!(calls, [0], "nothing after the failing chunk");
    }

    #[test]
    fn render_reports_progress_after_each_chunk_and_at_the_end() {
        let posts = dated_posts(&vec!["a"; RENDER_CHUNK + 1]);
        let site = assembled(
            "title: S\ndescription: D\nbase_url: https://e.com/\n",
            &posts,
        );
        let order: Vec<usize> = (0..site.entries.len()).collect();
        let mut calls = Vec::new();
        let rendered = rendered_posts(&site);
        render_posts(&site, &rendered, &order, &[], false, &body, |stored| {
            // Every post counted as stored really is.
            assert!(order[..stored].iter().all(|&i| rendered.get(i).is_some()));
            calls.push(stored);
            Ok(())
        })
        .unwrap();
        assert_eq!(calls, [0, RENDER_CHUNK, RENDER_CHUNK + 1]);
    }

    #[test]
    fn a_post_in_many_feeds_is_rendered_once_per_format() {
        let post =
            "---\ntitle: T\ndate: 2024-01-01\ntags: [a, b, c, d, e]\ncategory: k\n---\nBody\n";
        let (site, rendered) = site(
            "title: S\ndescription: D\nbase_url: https://e.com/\n",
            &[post],
        );
        let groups = site.feed_groups();
        assert_eq!(groups.len(), 7, "main, five tags, one category");
        let stored = rendered.get(0).expect("rendered").full;
        // The store holds the post's three fragments once, though 7 feeds × 3 formats use them.
        let once = stored.values().map(|span| span.len()).sum::<usize>() as u64;
        assert_eq!(rendered.store().len(), once);
    }

    #[test]
    fn formats_no_feed_uses_are_not_rendered() {
        let post = "---\ntitle: T\ndate: 2024-01-01\ntags: [a]\n---\nBody\n";
        let off = "{ enabled: false }";
        let config = format!(
            "title: S\ndescription: D\nbase_url: https://e.com/\nfeeds:\n  atom: {off}\n  json: {off}\ntag_feeds:\n  json: {off}\ncategory_feeds:\n  enabled: false\n"
        );
        let (site, rendered) = site(&config, &[post]);
        assert_eq!(site.entries.len(), 1);
        let stored = rendered.get(0).expect("rendered").full;
        assert!(!stored[FeedFormat::Rss].is_empty());
        assert!(
            !stored[FeedFormat::Atom].is_empty(),
            "tag feeds still use Atom"
        );
        assert!(stored[FeedFormat::Json].is_empty(), "no feed uses JSON");
    }

    #[test]
    fn only_posts_some_feed_includes_are_rendered() {
        let posts: Vec<String> = (1..=5)
            .map(|d| format!("---\ntitle: T{d}\ndate: 2024-01-0{d}\n---\nBody\n"))
            .collect();
        let (site, posts) = site(
            "title: S\ndescription: D\nbase_url: https://e.com/\nfeeds:\n  limit: 2\n",
            &posts,
        );
        let rendered: Vec<&str> = site
            .entries
            .iter()
            .filter(|e| posts.get(e.position).is_some())
            .map(|e| e.post.title.as_str())
            .collect();
        assert_eq!(rendered, ["T5", "T4"]);
    }
}
