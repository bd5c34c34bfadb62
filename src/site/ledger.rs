//! The id ledger applied to a build's posts (the ledger itself: [`crate::config::Ledger`]):
//! each recorded post given its recorded id, new and moved posts recorded, and what that
//! changes in the file.

use std::collections::HashSet;
use std::path::PathBuf;

use jiff::Timestamp;

use super::Entry;
use crate::config::{LedgerFile, Record};

/// What a build changes in the ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LedgerUpdate {
    /// The ledger's file.
    pub(crate) path: PathBuf,
    /// Its text before the build, put back if the build fails after writing it.
    pub(crate) old_text: String,
    /// Its text after.
    pub(crate) new_text: String,
    /// The posts recorded for the first time, by path in the content folder.
    pub(crate) added: Vec<String>,
    /// The posts whose line moved: a new file name, a new permalink (the id kept).
    pub(crate) followed: Vec<String>,
}

/// Gives each entry the ledger records its recorded id, and records the others: what a
/// build of `entries` changes in `file`, if anything. Drafts and posts dated after `now`
/// (built with `--drafts`, `--future`) are given their recorded ids but not recorded: the
/// ledger holds what readers have been shown.
///
/// Every post is looked up in the ledger as read, before any line moves, so the order of
/// the posts cannot change which record a post finds.
pub(super) fn apply(
    file: &LedgerFile,
    entries: &mut [Entry],
    now: Timestamp,
) -> Option<LedgerUpdate> {
    let sources: HashSet<&str> = entries
        .iter()
        .map(|entry| entry.post.relative_path.as_str())
        .collect();
    // Borrowed from the ledger as read: an unchanged rebuild copies nothing of it.
    let found: Vec<Option<(&str, &Record)>> = entries
        .iter()
        .map(|entry| {
            file.ledger.find(
                &entry.post.relative_path,
                entry.permalink.as_str(),
                |source| sources.contains(source),
            )
        })
        .collect();
    drop(sources);
    // (source, permalink, id, the source it was recorded under), for each line to write.
    let mut changes: Vec<(String, String, String, Option<&str>)> = Vec::new();
    let (mut added, mut followed) = (Vec::new(), Vec::new());
    for (entry, found) in entries.iter_mut().zip(found) {
        // An `id:` in the front matter is the author's word, over the ledger's.
        if entry.post.id.is_none()
            && let Some((_, record)) = found
            && record.id != entry.permalink.as_str()
        {
            entry.post.id = Some(record.id.clone());
        }
        if entry.post.draft || entry.post.published.timestamp() > now {
            continue;
        }
        let (source, permalink, id) = (
            entry.post.relative_path.as_str(),
            entry.permalink.as_str(),
            entry.id(),
        );
        match found {
            None => added.push(source.to_string()),
            Some((old_source, record))
                if old_source == source && record.permalink == permalink && record.id == id =>
            {
                continue;
            }
            Some(_) => followed.push(source.to_string()),
        }
        let moved_from = found.map(|(old_source, _)| old_source);
        changes.push((source.into(), permalink.into(), id.into(), moved_from));
    }
    if changes.is_empty() {
        return None;
    }
    let mut ledger = file.ledger.clone();
    for (source, permalink, id, moved_from) in &changes {
        ledger.record(source, permalink, id, *moved_from);
    }
    added.sort();
    followed.sort();
    Some(LedgerUpdate {
        path: file.path.clone(),
        old_text: file.text.clone(),
        new_text: ledger.render(),
        added,
        followed,
    })
}
