//! The size budget (`feeds.max_bytes`): which posts a feed file carries, and which of them
//! with their summary only, so that no feed file is larger than the budget. Readers and the
//! W3C validator give up on feeds of a few megabytes; a full-content feed of a long-form blog
//! easily gets there.
//!
//! A subscription feed without archives keeps its newest posts while they fit; a post too big
//! on its own is carried with its summary only (with a warning). With archives, every post of
//! a feed file must stay in it (walking the archive yields each post once), so the file fits
//! by writing its largest posts as summaries instead, chosen by size alone: a full archive
//! page always makes the same choice, and its bytes never change.

use std::path::PathBuf;

use crate::config::SiteConfig;
use crate::error::{Diagnostic, Error};
use crate::format::FeedFormat;
use crate::pipeline::store::RenderedPosts;
use crate::render;
use crate::site::{Entry, Feed, FeedFile, FeedGroup, newest};
use crate::text::counted;

/// A feed file fitted into the budget.
#[derive(Debug)]
pub(crate) struct Fitted {
    /// The file's bytes, at most the budget.
    pub(crate) bytes: Vec<u8>,
    /// The posts carried with their summary only, to fit.
    pub(crate) summarized: Vec<PathBuf>,
}

/// How one post of a feed can be carried, in bytes of its fragment.
#[derive(Debug, Clone, Copy)]
struct Sizes {
    full: usize,
    /// `None` when the summary is all the post has (no content, or summaries-only feeds).
    summary: Option<usize>,
}

/// Renders `file` of `group` within `budget` bytes. Its posts must be rendered.
pub(crate) fn fit(
    config: &SiteConfig,
    group: &FeedGroup<'_>,
    file: &FeedFile,
    budget: usize,
    posts: &RenderedPosts,
) -> Result<Fitted, Error> {
    let write = |feed: &Feed<'_>| -> Result<Vec<u8>, Error> {
        render::write_feed(config, feed, file, posts, Vec::new()).map_err(|source| Error::Write {
            path: config.output_dir.join(&file.path),
            source,
        })
    };
    let too_small = |what: String| too_small(config, budget, file, what);
    let feed = &group.feed;
    let sizes: Vec<Sizes> = feed
        .entries
        .iter()
        .map(|entry| sizes(posts, entry, file.format))
        .collect::<Result<_, _>>()
        .map_err(|source| Error::Write {
            path: config.output_dir.join(&file.path),
            source,
        })?;
    let empty = Feed {
        entries: Vec::new(),
        ..feed.clone()
    };
    // The header and footer, plus the few bytes a first item adds around itself in JSON.
    let frame = write(&empty)?.len() + 8;
    if frame > budget {
        return Err(too_small(format!("its header alone takes {frame} bytes")));
    }
    let keep_all = config.archives.enabled;
    let mut room = budget - frame;
    let mut chosen = match keep_all {
        true => every_post(&sizes, room),
        false => newest_posts(&sizes, room),
    };
    // The refusal the estimate points to, kept while the smallest feed is measured.
    let mut refusal: Option<String> = None;
    loop {
        let estimate_refuses = match () {
            _ if refusal.is_some() => None,
            _ if keep_all && chosen.count < feed.entries.len() => Some(format!(
                "its {} posts take more even with every one as a summary",
                feed.entries.len()
            )),
            _ if !feed.entries.is_empty() && chosen.count == 0 => Some(format!(
                "its newest post, {}, does not fit even as a summary",
                feed.entries[0].post.source_path.display()
            )),
            _ => None,
        };
        // The estimate leaves a few bytes' slack (JSON's separators): before refusing, the
        // smallest feed the rules allow — every post a summary; without archives, the newest
        // alone — is rendered and measured, and refused only if it is over too.
        if let Some(problem) = estimate_refuses {
            chosen = smallest(&sizes, if keep_all { feed.entries.len() } else { 1 });
            refusal = Some(problem);
        }
        let entries: Vec<&Entry> = feed.entries[..chosen.count].to_vec();
        let fitted = Feed {
            updated: newest(&entries),
            // A feed of summaries only stays one.
            summarized: chosen
                .summarized
                .iter()
                .map(|&i| feed.entries[i].position)
                .chain(feed.summarized.iter().copied())
                .collect(),
            entries,
            ..empty.clone()
        };
        let bytes = write(&fitted)?;
        if bytes.len() <= budget {
            let summarized = chosen
                .summarized
                .iter()
                .map(|&i| feed.entries[i].post.source_path.clone())
                .collect();
            return Ok(Fitted { bytes, summarized });
        }
        if let Some(problem) = refusal {
            return Err(too_small(problem));
        }
        // The frame was measured on the feed before the choice; should the choice have made
        // it longer, give up one more post's content (or one more post) and measure again.
        room = room.saturating_sub(bytes.len() - budget);
        chosen = match keep_all {
            true => every_post(&sizes, room),
            false => give_up_one(chosen, &sizes),
        };
    }
}

/// The error for a budget that even summaries cannot meet in `file`.
fn too_small(config: &SiteConfig, budget: usize, file: &FeedFile, what: String) -> Error {
    let or_else = match config.archives.enabled {
        true => " or lower archives.page_size",
        false => "",
    };
    Error::Config(vec![Diagnostic::general(format!(
        "feeds.max_bytes {budget} is too small for {}: {what}; raise it{or_else}",
        file.path
    ))])
}

/// One warning per post carried with its summary only somewhere, naming the feed files:
/// `summarized` pairs a post with a feed file that summarized it.
pub(crate) fn warnings(mut summarized: Vec<(PathBuf, String)>, budget: usize) -> Vec<Diagnostic> {
    summarized.sort();
    summarized
        .chunk_by(|a, b| a.0 == b.0)
        .map(|files| {
            let names: Vec<&str> = files.iter().map(|(_, file)| file.as_str()).collect();
            Diagnostic::file(
                &files[0].0,
                format!(
                    "too big for feeds.max_bytes ({budget} bytes): written with its summary only in {} ({})",
                    counted(names.len(), "feed file", "feed files"),
                    names.join(", ")
                ),
            )
        })
        .collect()
}

/// Which posts (the first `count`) a feed file carries, and which of them (by index) with
/// their summary only.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Choice {
    count: usize,
    summarized: Vec<usize>,
}

/// The first `count` posts, each with its summary where it has one.
fn smallest(sizes: &[Sizes], count: usize) -> Choice {
    Choice {
        count: count.min(sizes.len()),
        summarized: (0..count.min(sizes.len()))
            .filter(|&i| sizes[i].summary.is_some())
            .collect(),
    }
}

/// The newest posts while they fit in `room` bytes; one too big on its own (over `room`
/// alone) with its summary, if that fits.
fn newest_posts(sizes: &[Sizes], room: usize) -> Choice {
    let mut left = room;
    let mut choice = Choice {
        count: 0,
        summarized: Vec::new(),
    };
    for (i, size) in sizes.iter().enumerate() {
        if size.full <= left {
            left -= size.full;
        } else if let Some(summary) = size.summary
            && size.full > room
            && summary <= left
        {
            left -= summary;
            choice.summarized.push(i);
        } else {
            break;
        }
        choice.count += 1;
    }
    choice
}

/// `choice` with one thing less: its oldest post written as its summary when it is carried
/// whole and has one, else left out. Each call shrinks the choice, so a feed whose
/// estimated sizes were short of its real ones is fitted in at most two steps a post — and
/// a newest post that fits only as a summary is carried so, never refused.
fn give_up_one(mut choice: Choice, sizes: &[Sizes]) -> Choice {
    let Some(oldest) = choice.count.checked_sub(1) else {
        return choice;
    };
    if sizes[oldest].summary.is_some() && !choice.summarized.contains(&oldest) {
        choice.summarized.push(oldest);
    } else {
        choice.count = oldest;
        choice.summarized.retain(|&i| i < oldest);
    }
    choice
}

/// Every post, the largest written as summaries until they fit in `room` bytes (a count
/// short of all of them when even that is not enough). Largest by full size, then the
/// older post first: the choice depends on the posts alone.
fn every_post(sizes: &[Sizes], room: usize) -> Choice {
    let mut total: usize = sizes.iter().map(|size| size.full).sum();
    let mut by_size: Vec<usize> = (0..sizes.len()).collect();
    by_size.sort_by_key(|&i| (std::cmp::Reverse(sizes[i].full), std::cmp::Reverse(i)));
    let mut summarized = Vec::new();
    for i in by_size {
        if total <= room {
            break;
        }
        if let Some(summary) = sizes[i].summary {
            total -= sizes[i].full - summary;
            summarized.push(i);
        }
    }
    summarized.sort_unstable();
    Choice {
        count: match total <= room {
            true => sizes.len(),
            false => 0,
        },
        summarized,
    }
}

/// The sizes of `entry`'s fragments in `format`.
fn sizes(posts: &RenderedPosts, entry: &Entry, format: FeedFormat) -> std::io::Result<Sizes> {
    let stored = posts.get(entry.position).ok_or_else(|| {
        std::io::Error::other(format!(
            "{} is not rendered yet",
            entry.post.source_path.display()
        ))
    })?;
    Ok(Sizes {
        full: stored.full[format].len(),
        summary: stored.summary.map(|summary| summary[format].len()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sizes(list: &[(usize, Option<usize>)]) -> Vec<Sizes> {
        list.iter()
            .map(|&(full, summary)| Sizes { full, summary })
            .collect()
    }

    #[test]
    fn giving_up_summarizes_the_oldest_post_before_it_leaves_it_out() {
        let posts = sizes(&[(40, Some(5)), (50, Some(5)), (60, None)]);
        let all = Choice {
            count: 3,
            summarized: vec![],
        };
        // The oldest has no summary: it goes; the next is summarized, then goes.
        let steps: Vec<Choice> = std::iter::successors(Some(all), |c| {
            (c.count > 0).then(|| give_up_one(c.clone(), &posts))
        })
        .collect();
        let shown: Vec<(usize, Vec<usize>)> =
            steps.into_iter().map(|c| (c.count, c.summarized)).collect();
        assert_eq!(
            shown,
            [
                (3, vec![]),
                (2, vec![]),
                (2, vec![1]),
                (1, vec![]),
                (1, vec![0]),
                (0, vec![]),
            ]
        );
    }

    #[test]
    fn newest_posts_fit_and_one_too_big_alone_is_summarized() {
        let posts = sizes(&[(40, Some(5)), (500, Some(10)), (30, Some(5)), (50, Some(5))]);
        // 40 fits; 500 is over the room alone: its summary; 30 fits; 50 does not (20 left).
        assert_eq!(
            newest_posts(&posts, 100),
            Choice {
                count: 3,
                summarized: vec![1]
            }
        );
        // A post that would fit alone but not after the others ends the feed.
        let posts = sizes(&[(60, Some(5)), (60, Some(5))]);
        assert_eq!(
            newest_posts(&posts, 100),
            Choice {
                count: 1,
                summarized: vec![]
            }
        );
        // A post without a separate summary cannot shrink.
        let posts = sizes(&[(500, None)]);
        assert_eq!(newest_posts(&posts, 100).count, 0);
    }

    #[test]
    fn every_post_stays_with_the_largest_summarized_first() {
        let posts = sizes(&[(50, Some(5)), (80, Some(5)), (80, Some(5)), (10, None)]);
        // 220 in full; the two 80s go (the older first on a tie): 220 − 75 = 145 > 100, − 75 = 70.
        assert_eq!(
            every_post(&posts, 100),
            Choice {
                count: 4,
                summarized: vec![1, 2]
            }
        );
        assert_eq!(every_post(&posts, 10).count, 0, "cannot fit");
    }
}
