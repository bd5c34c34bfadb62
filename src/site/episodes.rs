//! What Apple Podcasts and the Podcast Index require of a podcast's episodes, checked once
//! the site is assembled: every episode's file read (a podcast cannot enclose what it
//! cannot measure), audio or video, each enclosed once, and numbered in a serial show.

use std::collections::HashMap;

use super::Entry;
use crate::config::{PodcastType, SiteConfig};
use crate::error::{Diagnostic, Error};

/// Every problem of the episodes of `entries` on a podcast site, at once.
pub(super) fn check_episodes(config: &SiteConfig, entries: &[Entry]) -> Result<(), Error> {
    let Some(podcast) = &config.podcast else {
        return Ok(());
    };
    let mut problems = Vec::new();
    let mut enclosed: HashMap<&str, &Entry> = HashMap::new();
    for entry in entries.iter().filter(|entry| entry.post.listing.in_feeds) {
        let post = &entry.post;
        let Some(written) = &post.enclosure else {
            continue;
        };
        let Some((url, media)) = entry.enclosure.as_deref() else {
            problems.push(Diagnostic::file(
                &post.source_path,
                format!("enclosure \"{written}\" is not a file in the static folder: a podcast episode needs its file, for its length, type and duration"),
            ));
            continue;
        };
        if !(media.mime_type.starts_with("audio/") || media.mime_type.starts_with("video/")) {
            problems.push(Diagnostic::file(
                &post.source_path,
                format!(
                    "enclosure \"{written}\" is {}; a podcast's episodes are audio or video",
                    media.mime_type
                ),
            ));
        }
        if podcast.kind == PodcastType::Serial
            && post
                .episode
                .as_ref()
                .and_then(|episode| episode.number)
                .is_none()
        {
            problems.push(Diagnostic::file(
                &post.source_path,
                "needs `episode:` (its number): the podcast's `type` is `serial`, heard in order",
            ));
        }
        if let Some(first) = enclosed.insert(url.as_str(), entry) {
            let (first, second) = match first.post.source_path < post.source_path {
                true => (first, entry),
                false => (entry, first),
            };
            problems.push(Diagnostic::file(
                &second.post.source_path,
                format!(
                    "encloses {url}, as `{}` does: each episode needs its own file, or apps play one of them only",
                    first.post.source_path.display()
                ),
            ));
        }
    }
    problems.sort_by(|a, b| a.path.cmp(&b.path));
    match problems.is_empty() {
        true => Ok(()),
        false => Err(Error::Content(problems)),
    }
}
