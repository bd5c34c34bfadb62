//! Writing the id ledger, `feedsmith.ids` at the site root: the one file a build writes
//! outside its output folder, at a path fixed by the site root, never one read from a file.
//! It is replaced by one rename, whole or not at all, before the outputs' commit and put
//! back if that commit fails (see [`Staging::commit_with_ledger`]).

use std::fs;
use std::path::Path;

use super::{Staging, WriteReport, write_error};
use crate::error::{Diagnostic, Error};

/// A ledger to write with the outputs: its file, its new text, and the text to put back if
/// the outputs' commit fails.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LedgerWrite<'a> {
    pub(crate) path: &'a Path,
    pub(crate) new_text: &'a str,
    pub(crate) old_text: &'a str,
}

/// The name a ledger has while it is written, before the rename that puts it in place.
const LEDGER_PART_PREFIX: &str = ".feedsmith.ids-part-";

impl Staging {
    /// Commits the outputs and the ledger's `update` together. The ledger goes first: a build
    /// killed between the two leaves a ledger that records posts not yet published under the
    /// ids the next build gives them anyway, whereas outputs ahead of the ledger would have
    /// published ids it could then lose. A commit that fails puts the old ledger back, so a
    /// failed build leaves both as they were.
    pub(crate) fn commit_with_ledger(
        self,
        update: Option<LedgerWrite<'_>>,
        sync: bool,
    ) -> Result<WriteReport, Error> {
        let Some(update) = update else {
            return self.commit();
        };
        replace_ledger(update.path, update.new_text, sync)?;
        self.commit().inspect_err(|_| {
            // The commit's error is the one to report; a ledger that cannot be put back
            // records ids no reader has seen, which the next build keeps harmlessly.
            let _ = replace_ledger(update.path, update.old_text, sync);
        })
    }
}

/// Writes a new ledger's `text` at `path` (to be the site root's `feedsmith.ids`) by one
/// rename. A link or a folder there is refused, never followed or replaced: the ledger was
/// read as a plain file and is written as one.
pub(crate) fn replace_ledger(path: &Path, text: &str, sync: bool) -> Result<(), Error> {
    write_ledger(path, text, sync, true)
}

/// Writes a first ledger's `text` at `path`, whole, failing if a file is there already
/// (one written meanwhile included: it is never replaced).
pub(crate) fn create_ledger(path: &Path, text: &str, sync: bool) -> Result<(), Error> {
    write_ledger(path, text, sync, false)
}

fn write_ledger(path: &Path, text: &str, sync: bool, replace: bool) -> Result<(), Error> {
    if let Ok(meta) = fs::symlink_metadata(path)
        && !meta.file_type().is_file()
    {
        return Err(Error::Config(vec![Diagnostic::file(
            path,
            "is not a plain file (a link or a folder): the id ledger is written only as one",
        )]));
    }
    super::manifest::write_whole(path, LEDGER_PART_PREFIX, text, (sync, replace)).map_err(
        |err| match err.kind() {
            std::io::ErrorKind::AlreadyExists => ledger_exists(path),
            _ => write_error(path)(err),
        },
    )?;
    Ok(())
}

/// The error for a ledger `ids init` will not overwrite.
pub(crate) fn ledger_exists(path: &Path) -> Error {
    Error::Config(vec![
        Diagnostic::file(
            path,
            "exists already; `ids init` never overwrites a ledger, whose ids are what readers know",
        )
        .with_help("a build adds new posts to it by itself; to start it again, delete it first"),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ledger_is_replaced_whole_and_a_link_in_its_place_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("feedsmith.ids");
        replace_ledger(&path, "one\n", false).unwrap();
        replace_ledger(&path, "two\n", false).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "two\n");
        let err = create_ledger(&path, "three\n", false).unwrap_err();
        assert!(err.to_string().contains("exists already"), "{err}");
        assert_eq!(fs::read_to_string(&path).unwrap(), "two\n");
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "no part file left behind");
        #[cfg(unix)]
        {
            let target = dir.path().join("elsewhere");
            fs::write(&target, "kept\n").unwrap();
            fs::remove_file(&path).unwrap();
            std::os::unix::fs::symlink(&target, &path).unwrap();
            let err = replace_ledger(&path, "three\n", false).unwrap_err();
            assert!(err.to_string().contains("not a plain file"), "{err}");
            assert_eq!(fs::read_to_string(&target).unwrap(), "kept\n");
        }
    }
}
