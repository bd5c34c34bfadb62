//! Paths inside the output folder: the one spelling of each path the config names (empty and
//! `.` segments dropped, Unicode NFC, none of feedsmith's own names), and the rule that no
//! two outputs are one file — compared as a case-insensitive, normalising file system
//! (macOS's, Windows', much static hosting) compares them, so a site built on Linux does not
//! lose a feed when it is checked out or served elsewhere.

use std::collections::HashMap;

use unicode_normalization::UnicodeNormalization;

/// What every name feedsmith keeps for itself in an output folder starts with: the manifest,
/// the staging folder, a commit's backups. No output, folder or prefix may take one.
pub(crate) const RESERVED_PREFIX: &str = ".feedsmith";

/// Whether a path segment is one of feedsmith's own names (any case: a case-insensitive file
/// system takes `.FeedSmith-manifest` for the manifest).
pub(crate) fn is_reserved(segment: &str) -> bool {
    segment
        .get(..RESERVED_PREFIX.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(RESERVED_PREFIX))
}

/// A path inside the output folder, as the config writes it (`feeds//c/./feed.xml`), in its
/// one spelling (`feeds/c/feed.xml`): segments joined by one `/`, no empty or `.` segment, each
/// in Unicode NFC. Refused, with why: a path that climbs out (`..`), starts at the root or a
/// drive, holds a backslash or a control character, or names one of feedsmith's own files.
/// Empty when `text` names the output folder itself.
pub(crate) fn normalized(text: &str) -> Result<String, PathProblem> {
    if text.contains('\\') || (text.len() > 1 && text.as_bytes()[1] == b':') {
        return Err(PathProblem::NotSlashed);
    }
    if text.chars().any(char::is_control) {
        // The manifest and the commit journal are a path per line.
        return Err(PathProblem::ControlCharacter);
    }
    if text.starts_with('/') {
        return Err(PathProblem::Rooted);
    }
    let mut segments = Vec::new();
    for segment in text.split('/') {
        match segment {
            "" | "." => {}
            ".." => return Err(PathProblem::Climbs),
            _ if is_reserved(segment) => return Err(PathProblem::Reserved(segment.to_owned())),
            _ => segments.push(segment.nfc().collect::<String>()),
        }
    }
    Ok(segments.join("/"))
}

/// Why a path the config names cannot be one inside the output folder.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum PathProblem {
    #[error("must be a path inside the output folder, with `/` between folders")]
    NotSlashed,
    #[error(
        "holds a control character (a line break, a tab); the names feedsmith writes are plain text"
    )]
    ControlCharacter,
    #[error("must be a relative path inside the output folder")]
    Rooted,
    #[error("must stay inside the output folder (no `..`)")]
    Climbs,
    #[error(
        "names `{0}`: names starting with `{RESERVED_PREFIX}` are feedsmith's own (its manifest, staging and backups)"
    )]
    Reserved(String),
}

/// What `path` is to a file system that ignores case and Unicode normalisation: two paths
/// with the same key are one file there.
pub(crate) fn collision_key(path: &str) -> String {
    let composed: String = path.nfc().collect();
    composed.to_lowercase().nfc().collect()
}

/// How two outputs would meet in one place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Clash<T> {
    /// Both are the same file (`feed.json` and `Feed.JSON`).
    SameFile(String, T),
    /// The new output's file is where the other needs a folder, or the other way round.
    FileAndFolder(String, T),
    /// Both need one folder, spelled two ways (`News/` and `news/`).
    FolderSpelling(String, T),
}

/// The outputs seen so far, each under its key, with its folders: tells the first output
/// that would share a file, or a folder spelled another way, with a new one. Each path costs
/// its own length: checking every output of a build is linear in their total length.
#[derive(Debug)]
pub(crate) struct OnePerFile<T> {
    files: HashMap<String, (String, T)>,
    folders: HashMap<String, (String, T)>,
}

impl<T> Default for OnePerFile<T> {
    fn default() -> Self {
        OnePerFile {
            files: HashMap::new(),
            folders: HashMap::new(),
        }
    }
}

impl<T: Clone> OnePerFile<T> {
    /// Takes in the output at `path` (normalised, `/`-separated) that `owner` defines, or
    /// tells the output it would meet.
    pub(crate) fn insert(&mut self, path: &str, owner: T) -> Result<(), Clash<T>> {
        let key = collision_key(path);
        if let Some((spelling, other)) = self.files.get(&key) {
            return Err(Clash::SameFile(spelling.clone(), other.clone()));
        }
        if let Some((spelling, other)) = self.folders.get(&key) {
            return Err(Clash::FileAndFolder(spelling.clone(), other.clone()));
        }
        let mut end = 0;
        while let Some(slash) = path[end..].find('/') {
            end += slash;
            let folder = &path[..end];
            let folder_key = collision_key(folder);
            if let Some((spelling, other)) = self.files.get(&folder_key) {
                return Err(Clash::FileAndFolder(spelling.clone(), other.clone()));
            }
            match self.folders.get(&folder_key) {
                Some((spelling, other)) if spelling != folder => {
                    return Err(Clash::FolderSpelling(spelling.clone(), other.clone()));
                }
                Some(_) => {}
                None => {
                    self.folders
                        .insert(folder_key, (folder.to_string(), owner.clone()));
                }
            }
            end += 1;
        }
        self.files.insert(key, (path.to_string(), owner));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_has_one_spelling() {
        assert_eq!(
            normalized("feeds//c/./feed.xml").unwrap(),
            "feeds/c/feed.xml"
        );
        assert_eq!(normalized("./feed.xml").unwrap(), "feed.xml");
        assert_eq!(normalized("").unwrap(), "");
        // "é" written as `e` and a combining accent is the composed "é".
        assert_eq!(
            normalized("cafe\u{301}/feed.xml").unwrap(),
            "caf\u{e9}/feed.xml"
        );
        for refused in [
            "../x.xml",
            "a/../../x.xml",
            "/etc/x.xml",
            "a\\b.xml",
            "C:x.xml",
            "a\nb.xml",
            ".feedsmith-manifest",
            "feeds/.FeedSmith-replaced-x/feed.xml",
            ".feedsmith",
        ] {
            assert!(normalized(refused).is_err(), "{refused}");
        }
        // Names that only look alike are anyone's.
        assert_eq!(normalized("feedsmith/x").unwrap(), "feedsmith/x");
        assert_eq!(normalized(".feedsmit").unwrap(), ".feedsmit");
    }

    #[test]
    fn outputs_that_one_file_system_or_another_takes_for_one_are_found() {
        let mut seen = OnePerFile::default();
        seen.insert("feed.json", 1).unwrap();
        seen.insert("News/feed.xml", 2).unwrap();
        seen.insert("News/atom.xml", 3).unwrap();
        seen.insert("tags/x/feed.xml", 4).unwrap();
        assert_eq!(
            seen.insert("Feed.JSON", 5),
            Err(Clash::SameFile("feed.json".into(), 1))
        );
        assert_eq!(
            seen.insert("news/feed.json", 6),
            Err(Clash::FolderSpelling("News".into(), 2))
        );
        assert_eq!(
            seen.insert("tags/x", 7),
            Err(Clash::FileAndFolder("tags/x".into(), 4))
        );
        assert_eq!(
            seen.insert("feed.json/x.xml", 8),
            Err(Clash::FileAndFolder("feed.json".into(), 1))
        );
        assert_eq!(
            seen.insert("caf\u{e9}/a.xml", 9)
                .and(seen.insert("CAFE\u{301}/b.xml", 10)),
            Err(Clash::FolderSpelling("caf\u{e9}".into(), 9))
        );
        seen.insert("tags/y/feed.xml", 11).unwrap();
    }
}
