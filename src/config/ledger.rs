//! The id ledger, `feedsmith.ids` at the site root: the id each post was first published
//! under, kept whatever its base URL, slug, permalink or file name becomes, so subscribers
//! never see an old post again as new. Plain text meant to be committed: a comment header,
//! then one post a line — `id`, source path, last permalink, separated by tabs — sorted by
//! source path, so a diff shows exactly the posts added or moved. Read with the config
//! (a bad line is a config problem at its line); applied to the posts by
//! [`crate::site`], written by [`crate::output`].
//!
//! The ledger is an input the build reads back: its paths are keys to look a post up by,
//! never a place read or written.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use crate::error::Diagnostic;

/// The ledger's file name, at the site root.
pub(crate) const FILE_NAME: &str = "feedsmith.ids";

/// The first lines of a written ledger.
const HEADER: &str = "# feedsmith.ids: the id each post was first published under (id, path in the content folder, last permalink).\n# Commit this file. feedsmith adds new posts and follows renames; edit only to merge.\n";

/// A site's ledger as read from its file, with the text it had (put back if the build that
/// updates it fails).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LedgerFile {
    /// Where it is: `feedsmith.ids` at the site root.
    pub(crate) path: PathBuf,
    /// Its records.
    pub(crate) ledger: Ledger,
    /// Its text as read.
    pub(crate) text: String,
}

/// One post's line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Record {
    pub(crate) id: String,
    pub(crate) permalink: String,
}

/// The ledger: records by source path, and the source path of each last permalink (so a
/// post whose file was renamed is found by where it was published).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Ledger {
    by_source: BTreeMap<String, Record>,
    by_permalink: HashMap<String, String>,
}

impl Ledger {
    /// The ledger in `text`, read from `path`; every line that is not one is an error at
    /// its line, all reported at once.
    pub(crate) fn parse(text: &str, path: &Path) -> Result<Ledger, Vec<Diagnostic>> {
        let mut ledger = Ledger::default();
        let mut problems = Vec::new();
        for (index, line) in text.lines().enumerate() {
            let number = index as u64 + 1;
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            let [id, source, permalink] = fields[..] else {
                problems.push(Diagnostic::at(
                    path,
                    number,
                    1,
                    format!(
                        "a ledger line is `id<TAB>source path<TAB>permalink`; this one has {} field{}",
                        fields.len(),
                        if fields.len() == 1 { "" } else { "s" }
                    ),
                ));
                continue;
            };
            let (id, source, permalink) = (unescape(id), unescape(source), unescape(permalink));
            if id.is_empty() || source.is_empty() {
                problems.push(Diagnostic::at(
                    path,
                    number,
                    1,
                    "a ledger line needs an id and a source path",
                ));
                continue;
            }
            if let Some(problem) = crate::links::id_problem(&id) {
                problems.push(Diagnostic::at(
                    path,
                    number,
                    1,
                    format!("the id \"{id}\" {problem}"),
                ));
                continue;
            }
            if ledger.by_source.contains_key(&source) {
                problems.push(Diagnostic::at(
                    path,
                    number,
                    1,
                    format!(
                        "`{source}` is in the ledger twice; keep the line with the id readers know"
                    ),
                ));
                continue;
            }
            ledger.insert(source, Record { id, permalink });
        }
        match problems.is_empty() {
            true => Ok(ledger),
            false => Err(problems
                .into_iter()
                .map(|problem| problem.with_source(text))
                .collect()),
        }
    }

    fn insert(&mut self, source: String, record: Record) {
        if let Some(old) = self.by_source.get(&source)
            && self.by_permalink.get(&old.permalink) == Some(&source)
        {
            self.by_permalink.remove(&old.permalink);
        }
        self.by_permalink
            .insert(record.permalink.clone(), source.clone());
        self.by_source.insert(source, record);
    }

    /// The record of the post at `source` now published at `permalink`, with the source
    /// path it is recorded under: by its source path, else (its file renamed) by the
    /// permalink it was last published at — unless the file recorded there is still one of
    /// the site's posts (`is_post`), which then keeps its own record.
    pub(crate) fn find(
        &self,
        source: &str,
        permalink: &str,
        is_post: impl Fn(&str) -> bool,
    ) -> Option<(&str, &Record)> {
        if let Some((source, record)) = self.by_source.get_key_value(source) {
            return Some((source, record));
        }
        let old_source = self.by_permalink.get(permalink)?;
        if is_post(old_source) {
            return None;
        }
        self.by_source
            .get_key_value(old_source)
            .map(|(source, record)| (source.as_str(), record))
    }

    /// Records the post at `source` under `id`, published at `permalink`; `moved_from`, the
    /// source path it was recorded under before, loses its line.
    pub(crate) fn record(
        &mut self,
        source: &str,
        permalink: &str,
        id: &str,
        moved_from: Option<&str>,
    ) {
        if let Some(old_source) = moved_from.filter(|old| *old != source)
            && let Some(old) = self.by_source.remove(old_source)
            && self.by_permalink.get(&old.permalink).map(String::as_str) == Some(old_source)
        {
            self.by_permalink.remove(&old.permalink);
        }
        self.insert(
            source.to_string(),
            Record {
                id: id.to_string(),
                permalink: permalink.to_string(),
            },
        );
    }

    /// Whether it records the post at `source`.
    pub(crate) fn has(&self, source: &str) -> bool {
        self.by_source.contains_key(source)
    }

    /// How many posts it records.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.by_source.len()
    }

    /// The ledger as its file holds it: the header, then one line a post, by source path.
    pub(crate) fn render(&self) -> String {
        let mut text = String::from(HEADER);
        for (source, record) in &self.by_source {
            text.push_str(&escape(&record.id));
            text.push('\t');
            text.push_str(&escape(source));
            text.push('\t');
            text.push_str(&escape(&record.permalink));
            text.push('\n');
        }
        text
    }
}

/// A field with `%`, tab, line breaks percent-encoded, so every value stays on its line.
fn escape(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    for c in field.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\t' => out.push_str("%09"),
            '\n' => out.push_str("%0A"),
            '\r' => out.push_str("%0D"),
            c => out.push(c),
        }
    }
    out
}

fn unescape(field: &str) -> String {
    percent_encoding::percent_decode_str(field)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path() -> &'static Path {
        Path::new("feedsmith.ids")
    }

    #[test]
    fn a_ledger_round_trips_sorted_and_escaped() {
        let mut ledger = Ledger::default();
        ledger.record(
            "content/b.md",
            "https://x.example/b/",
            "https://x.example/?p=12",
            None,
        );
        ledger.record(
            "content/a\tb.md",
            "https://x.example/a/",
            "tag:x.example,2020:a",
            None,
        );
        let text = ledger.render();
        assert!(text.starts_with("# feedsmith.ids"));
        let lines: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
        assert_eq!(
            lines,
            [
                "tag:x.example,2020:a\tcontent/a%09b.md\thttps://x.example/a/",
                "https://x.example/?p=12\tcontent/b.md\thttps://x.example/b/",
            ]
        );
        assert_eq!(Ledger::parse(&text, path()).unwrap(), ledger);
    }

    #[test]
    fn a_post_is_found_by_its_file_or_after_a_rename_by_its_last_permalink() {
        let mut ledger = Ledger::default();
        ledger.record("old.md", "https://x.example/post/", "urn:id:1", None);
        let id = |ledger: &Ledger, source: &str, permalink: &str, others: &[&str]| {
            ledger
                .find(source, permalink, |s| others.contains(&s))
                .map(|(from, record)| (from.to_string(), record.id.clone()))
        };
        let found = Some(("old.md".to_string(), "urn:id:1".to_string()));
        // The base URL moved: found by its file.
        assert_eq!(
            id(&ledger, "old.md", "https://new.example/post/", &[]),
            found
        );
        // The file renamed, the permalink kept: found by the permalink.
        assert_eq!(id(&ledger, "new.md", "https://x.example/post/", &[]), found);
        // ... unless the recorded file is still a post, now elsewhere: that one keeps it.
        assert_eq!(
            id(&ledger, "new.md", "https://x.example/post/", &["old.md"]),
            None
        );
        // Both changed at once: a new post.
        assert_eq!(
            id(&ledger, "new.md", "https://new.example/other/", &[]),
            None
        );
        // Recording the renamed post moves its line.
        ledger.record(
            "new.md",
            "https://x.example/post/",
            "urn:id:1",
            Some("old.md"),
        );
        assert_eq!(ledger.len(), 1);
        assert!(ledger.has("new.md") && !ledger.has("old.md"));
        assert_eq!(
            id(&ledger, "new.md", "https://y.example/", &[]),
            Some(("new.md".to_string(), "urn:id:1".to_string()))
        );
    }

    #[test]
    fn lines_that_are_not_records_are_errors_at_their_line() {
        let text = "# header\nurn:a\tcontent/a.md\thttps://x/a/\nonly one field\nurn:b\tcontent/a.md\thttps://x/b/\n42\tcontent/c.md\thttps://x/c/\n";
        let problems = Ledger::parse(text, path()).unwrap_err();
        assert_eq!(problems.len(), 3);
        assert!(
            problems[2].message.contains("must be an absolute URI")
                && problems[2].position == Some((5, 1)),
            "{:?}",
            problems[2]
        );
        assert!(
            problems[0].message.contains("has 1 field"),
            "{}",
            problems[0].message
        );
        assert!(
            problems[1].message.contains("twice"),
            "{}",
            problems[1].message
        );
    }
}
