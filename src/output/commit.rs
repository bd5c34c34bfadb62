//! The commit: every staged output renamed into place, stale outputs moved aside, the
//! manifest written — all or nothing. Every file replaced or removed waits in a backups
//! folder whose journal names it ([`super::journal`]), so a failed step is undone here and a
//! killed commit is put right by the next build.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::journal::{self, Journal};
use super::manifest::{MANIFEST, manifest_text, write_manifest};
use super::{Mode, Staging, WriteReport, joined, sorted, sync_file_system, write_error};
use crate::error::Error;

impl Staging {
    /// Flushes every staged file to disk, renames each into place, removes stale outputs and
    /// records the manifest — all or nothing: the targets were checked before rendering (see
    /// [`Staging::check_targets`]), and if a step still fails, the steps done are undone
    /// (replaced and removed files come back from the backups folder, where they were kept
    /// rather than deleted).
    pub(crate) fn commit(self) -> Result<WriteReport, Error> {
        assert_eq!(self.mode, Mode::Write, "commit needs write mode");
        let mut guard = self.state();
        let state = &mut *guard;
        let stale = self.stale(state)?;
        if let Some(handle) = &state.staging_handle {
            // One flush of the file system instead of one fsync per file: on sites with
            // thousands of per-tag feeds the per-file fsyncs dominated the build.
            let dir = state.staging_dir.as_ref().expect("opened with it").path();
            let background = state.background_flush.take().map(joined);
            if let Some(err) = state.background_flush_error.take() {
                return Err(write_error(dir)(err));
            }
            background.transpose().map_err(write_error(dir))?;
            sync_file_system(handle).map_err(write_error(dir))?;
        }
        let mut staged = std::mem::take(&mut state.staged);
        staged.sort();
        let manifest: Vec<String> = state.produced.iter().cloned().collect();
        let manifest_path = self.output_dir.join(MANIFEST);
        let manifest_text = manifest_text(&manifest);
        let manifest_changed = (!manifest.is_empty() || manifest_path.exists())
            && fs::read_to_string(&manifest_path).ok().as_ref() != Some(&manifest_text);
        // An unchanged rebuild writes nothing, not even a folder for backups.
        if staged.is_empty() && stale.is_empty() && !manifest_changed {
            return Ok(sorted(std::mem::take(&mut state.report)));
        }
        self.make_output_dir(state)?;
        // Replaced and removed files wait here until the commit is through, on the outputs'
        // file system, so that moving them aside and back is a rename.
        // The folder is removed only by `journal::discard`, journal last, never by a TempDir's
        // drop, which may take the journal first and leave backups nothing names.
        let backups = tempfile::Builder::new()
            .prefix(journal::BACKUPS_PREFIX)
            .tempdir_in(&self.output_dir)
            .map_err(write_error(&self.output_dir))?
            .keep();
        // The journal is complete before the first file is touched: it names every backup
        // this commit may make (recovery replays nothing else), and the new manifest, so
        // that a build killed before writing the real one leaves no output orphaned.
        Journal {
            backups: staged
                .iter()
                .map(|(path, _)| path.clone())
                .chain(stale.iter().cloned())
                .chain([MANIFEST.to_string()])
                .collect(),
            manifest,
        }
        .write(&backups)
        .inspect_err(|_| drop(fs::remove_dir_all(&backups)))?;
        let mut commit = Commit {
            done: Vec::new(),
            output_dir: &self.output_dir,
            backups: &backups,
            fail_at: fault_step(),
            steps: 0,
        };
        let result = (|| {
            for (path, file) in &staged {
                commit.put(file, path)?;
            }
            for path in &stale {
                commit.remove(path)?;
            }
            if manifest_changed {
                commit.step(&manifest_path)?;
                commit.back_up(MANIFEST, true)?;
                write_manifest(&self.output_dir, &manifest_text, self.sync)?;
            }
            Ok(())
        })();
        if let Err(err) = result {
            if commit.undo() {
                let _ = journal::discard(&backups, |_| ());
            }
            // What could not be put back stays where the journal names it, for the next
            // build's recovery.
            return Err(err);
        }
        // A folder left here is put right by the next build's recovery: the commit is through.
        let _ = journal::discard(&backups, |file| commit.kill_point(file));
        for path in &stale {
            remove_empty_parents(&self.output_dir, &self.output_dir.join(path));
        }
        state.report.removed = stale;
        state.created_output_dir = false;
        Ok(sorted(std::mem::take(&mut state.report)))
    }
}

/// A test hook, compiled only with the `test-hooks` feature (the test suite's) into a build
/// with debug assertions — never into a release build, where cargo may unify the feature in
/// from the dev-dependency that turns it on (`cargo build --release --bin feedsmith
/// --example corpus` builds dev-dependencies for the example):
/// `FEEDSMITH_FAULT_COMMIT_STEP=N` makes the commit fail before its step `N`
/// (each rename into place, each removal, the manifest), so tests can check that every
/// failure leaves the previous outputs exactly as they were; with
/// `FEEDSMITH_FAULT_COMMIT_KILL=1` the process dies there instead, as a killed build does,
/// so tests can check what the next build's recovery makes of it — and the steps then go on
/// through the removal of the backups folder, file by file, after the commit is through.
#[cfg(all(feature = "test-hooks", debug_assertions))]
fn fault_step() -> Option<Fault> {
    let step = std::env::var("FEEDSMITH_FAULT_COMMIT_STEP")
        .ok()?
        .parse()
        .ok()?;
    let kill = std::env::var_os("FEEDSMITH_FAULT_COMMIT_KILL").is_some_and(|v| v == "1");
    Some(Fault { step, kill })
}

/// Without the test hooks (every build a user makes), a commit never fails on purpose.
#[cfg(not(all(feature = "test-hooks", debug_assertions)))]
fn fault_step() -> Option<Fault> {
    None
}

/// Where the test hook stops a commit, and how.
struct Fault {
    step: usize,
    kill: bool,
}

/// The steps of a commit done so far, to undo them if a later one fails.
struct Commit<'a> {
    done: Vec<Undo>,
    output_dir: &'a Path,
    backups: &'a Path,
    fail_at: Option<Fault>,
    steps: usize,
}

/// How to take one step back.
enum Undo {
    /// A file was put where there was none: remove it.
    Created(PathBuf),
    /// A file was kept in the backups (linked, or moved): rename it back over the target.
    Kept { target: PathBuf, backup: PathBuf },
    /// A folder was created: remove it (it is empty again once its files are gone).
    MadeFolder(PathBuf),
}

impl Commit<'_> {
    /// Counts a step, failing it if the fault hook asks for that one.
    fn step(&mut self, target: &Path) -> Result<(), Error> {
        let step = self.steps;
        self.steps += 1;
        match &self.fail_at {
            // No destructor runs, as when the process is killed: the backups folder stays.
            Some(fault) if fault.step == step && fault.kill => std::process::exit(137),
            Some(fault) if fault.step == step => Err(write_error(target)(io::Error::other(
                format!("injected failure at commit step {step}"),
            ))),
            _ => Ok(()),
        }
    }

    /// Counts a step after the commit is through (each file of its backups folder removed),
    /// where the fault hook may kill the process but never fail the step: a build whose
    /// commit is through has succeeded, whatever it leaves for the next build to tidy.
    fn kill_point(&mut self, target: &Path) {
        if self.fail_at.as_ref().is_some_and(|fault| !fault.kill) {
            return;
        }
        let _ = self.step(target);
    }

    /// Keeps the file at `path` (inside the output folder), if any, in the backups, under
    /// the name the journal gives it, so that a later build can put it back if this one is
    /// killed: a file to be replaced is hard-linked there (copied where links fail) and stays
    /// in place until the atomic rename over it, so it is never missing; a file to remove is
    /// moved there.
    fn back_up(&mut self, path: &str, keep_in_place: bool) -> Result<(), Error> {
        let target = self.output_dir.join(path);
        if fs::symlink_metadata(&target).is_err() {
            return Ok(());
        }
        let backup = self.backups.join(journal::backup_name(path));
        match keep_in_place {
            true => fs::hard_link(&target, &backup)
                .or_else(|_| fs::copy(&target, &backup).map(drop))
                .map_err(write_error(&target))?,
            false => fs::rename(&target, &backup).map_err(write_error(&target))?,
        }
        self.done.push(Undo::Kept { target, backup });
        Ok(())
    }

    /// Renames the staged `file` into place at `path`, creating its folders.
    fn put(&mut self, file: &Path, path: &str) -> Result<(), Error> {
        let target = self.output_dir.join(path);
        self.step(&target)?;
        if let Some(folder) = target.parent() {
            let missing: Vec<&Path> = folder.ancestors().take_while(|f| !f.exists()).collect();
            for folder in missing.into_iter().rev() {
                fs::create_dir(folder).map_err(write_error(folder))?;
                self.done.push(Undo::MadeFolder(folder.to_path_buf()));
            }
        }
        self.back_up(path, true)?;
        fs::rename(file, &target).map_err(write_error(&target))?;
        self.done.push(Undo::Created(target));
        Ok(())
    }

    /// Removes the stale output at `path`, by moving it aside.
    fn remove(&mut self, path: &str) -> Result<(), Error> {
        self.step(&self.output_dir.join(path))?;
        self.back_up(path, false)
    }

    /// Undoes every step done, newest first; false when a file could not be put back (it
    /// is then still in the backups). A folder that cannot be removed loses nothing.
    fn undo(&mut self) -> bool {
        let mut complete = true;
        while let Some(undo) = self.done.pop() {
            match undo {
                Undo::Created(target) => complete &= fs::remove_file(target).is_ok(),
                Undo::Kept { target, backup } => complete &= fs::rename(backup, target).is_ok(),
                Undo::MadeFolder(folder) => drop(fs::remove_dir(folder)),
            }
        }
        complete
    }
}

/// Removes folders emptied by removing `file`, up to (not including) `root`.
fn remove_empty_parents(root: &Path, file: &Path) {
    let mut folder = file.parent();
    while let Some(dir) = folder {
        if dir == root || !dir.starts_with(root) || fs::remove_dir(dir).is_err() {
            break;
        }
        folder = dir.parent();
    }
}
