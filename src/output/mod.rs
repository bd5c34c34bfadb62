//! The only writer of outputs: all or nothing (the content store's scratch file, in
//! [`crate::pipeline::store`], is the only other file feedsmith writes). Every output is
//! streamed into a staging folder inside the output folder (so the final renames never cross file systems)
//! and synced; only when every output has rendered are the changed files renamed into
//! place, one atomic rename each. A failed run leaves the previous outputs as they were, and
//! a reader never sees a half-written file. Files whose bytes did not change are left alone
//! (their mtime too). A manifest of what feedsmith wrote lets it remove its own stale outputs
//! (a tag that disappeared) without ever touching files it did not write.

mod commit;
mod inputs;
mod journal;
mod ledger_file;
mod manifest;

use crate::output_path::{RESERVED_PREFIX, collision_key, is_reserved};
use std::collections::BTreeSet;
use std::fs::{self, File};
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread::JoinHandle;

use tempfile::TempDir;

pub(crate) use self::inputs::resolved;
pub(crate) use self::inputs::{InputRole, Inputs};
pub(crate) use self::ledger_file::{LedgerWrite, create_ledger, ledger_exists};
#[cfg(test)]
use self::manifest::MANIFEST;
use self::manifest::read_manifest;
use crate::error::Error;
use crate::file_range::copy_range;

/// What a build did, or (in check mode) would do, to the output folder.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteReport {
    /// Files created or replaced (check mode: that would be).
    pub written: Vec<String>,
    /// Files whose bytes were already right.
    pub unchanged: Vec<String>,
    /// Files from an earlier run that this run no longer produces (check mode: would remove).
    pub removed: Vec<String>,
    /// Stale files left in place because their path goes through a symbolic link inside the
    /// output folder: removing them could delete a file outside it.
    pub kept_behind_links: Vec<String>,
    /// Files the previous manifest names that are this build's inputs (a post, the config):
    /// never removed, whatever the manifest says.
    pub kept_inputs: Vec<String>,
}

impl WriteReport {
    /// Whether the run changes anything on disk.
    pub fn changes_anything(&self) -> bool {
        !self.written.is_empty() || !self.removed.is_empty()
    }
}

/// Whether outputs go to disk or are only compared with what is there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Stage, then replace changed files and remove stale ones.
    Write,
    /// Render and compare with the files on disk; write nothing.
    Compare,
}

/// What a background flush ([`Staging::flush_in_background`]) writes to disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FlushScope {
    /// The whole file system the outputs are on, in one call: the cheapest way, while the
    /// build keeps nothing else there.
    FileSystem,
    /// The files staged since the last background flush, one by one: when the file system
    /// also holds the build's scratch data, which a whole flush would write out for nothing.
    NewlyStaged,
}

/// Collects rendered outputs, then commits them all at once. `add` may be called from many
/// threads at once; the result does not depend on their order.
pub(crate) struct Staging {
    output_dir: PathBuf,
    mode: Mode,
    /// Flush staged files to disk before renaming them (see [`Staging::new`]).
    sync: bool,
    state: Mutex<State>,
    /// Names staged files: a flat folder needs no sub-folders created twice.
    next_id: AtomicUsize,
    /// What the build reads: never replaced or removed.
    inputs: Inputs,
}

#[derive(Default)]
struct State {
    /// Created lazily on the first changed file; removed with everything in it on drop.
    staging_dir: Option<TempDir>,
    /// Whether `output_dir` did not exist before; it is removed again if nothing commits.
    created_output_dir: bool,
    /// The staging folder, open: the handle every flush goes through, so a write error
    /// reported to one flush is never missed by a later one opened after it.
    staging_handle: Option<File>,
    /// A flush started by [`Staging::flush_in_background`], and the first error one had.
    background_flush: Option<JoinHandle<io::Result<()>>>,
    background_flush_error: Option<io::Error>,
    /// (path inside the output folder, staged file) for each changed output.
    staged: Vec<(String, PathBuf)>,
    /// How many of `staged` a background flush has been started for.
    flushed: usize,
    report: WriteReport,
    produced: BTreeSet<String>,
}

impl Staging {
    /// Starts a run against `output_dir`. With `sync`, staged files are flushed to disk
    /// before they replace the old ones, so a power cut cannot leave an empty file behind.
    pub(crate) fn new(output_dir: &Path, mode: Mode, sync: bool) -> Staging {
        Staging {
            output_dir: output_dir.to_path_buf(),
            mode,
            sync,
            state: Mutex::new(State::default()),
            next_id: AtomicUsize::new(0),
            inputs: Inputs::default(),
        }
    }

    /// The same run, refusing any output that would replace one of `inputs` or land in its
    /// folders ([`Staging::check_targets`]) and never removing one as stale.
    pub(crate) fn with_inputs(mut self, inputs: Inputs) -> Staging {
        self.inputs = inputs.inside(&self.output_dir);
        self
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic while the lock was held leaves plain data behind; keep going with it.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Renders one output at `path` (relative, `/`-separated) by calling `render` with a
    /// buffered writer, streaming straight to a staged file (or a comparison in check mode).
    pub(crate) fn add(
        &self,
        path: &str,
        render: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> Result<(), Error> {
        let target = self.output_dir.join(path);
        // Two outputs on one path would silently overwrite each other; the pipeline checks
        // its plan first (with the config's places), this is the writer's own guard.
        if !self.state().produced.insert(collision_key(path)) || path.split('/').any(is_reserved) {
            return Err(Error::OutputClash(path.to_string()));
        }
        let changed = match self.mode {
            Mode::Compare => {
                let mut sink = CompareSink::new(&target);
                render(&mut sink).map_err(write_error(&target))?;
                !sink.matches_to_the_end()
            }
            Mode::Write => {
                let mut output = StagedOutput {
                    staging: self,
                    compare: CompareSink::new(&target),
                    matched: 0,
                    staged: None,
                };
                render(&mut output).map_err(write_error(&target))?;
                match output.finish().map_err(write_error(&target))? {
                    Some((staged, file)) => {
                        if self.sync {
                            if CAN_SYNC_FILE_SYSTEM {
                                start_writeback(&file);
                            } else {
                                file.sync_all().map_err(write_error(&target))?;
                            }
                        }
                        self.state().staged.push((path.to_string(), staged));
                        true
                    }
                    None => false,
                }
            }
        };
        let mut state = self.state();
        if changed {
            state.report.written.push(path.to_string());
        } else {
            state.report.unchanged.push(path.to_string());
        }
        Ok(())
    }

    /// Creates the output folder if this run is its first, noting so: a run that then fails
    /// removes it again.
    fn make_output_dir(&self, state: &mut State) -> Result<(), Error> {
        if !self.output_dir.exists() {
            fs::create_dir_all(&self.output_dir).map_err(write_error(&self.output_dir))?;
            state.created_output_dir = true;
        }
        Ok(())
    }

    fn staging_path(&self) -> Result<PathBuf, Error> {
        let mut state = self.state();
        if state.staging_dir.is_none() {
            self.make_output_dir(&mut state)?;
            let dir = tempfile::Builder::new()
                .prefix(journal::STAGING_PREFIX)
                .tempdir_in(&self.output_dir)
                .map_err(write_error(&self.output_dir))?;
            if self.sync && CAN_SYNC_FILE_SYSTEM {
                state.staging_handle =
                    Some(File::open(dir.path()).map_err(write_error(dir.path()))?);
            }
            state.staging_dir = Some(dir);
        }
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let root = state.staging_dir.as_ref().expect("created above").path();
        Ok(root.join(format!("{id:08}")))
    }

    /// Starts flushing the outputs staged so far to disk on a thread of its own, unless a
    /// flush is still running, so the disk works while later outputs render and the flush
    /// before the renames has little left. An error shows at [`Staging::commit`].
    pub(crate) fn flush_in_background(&self, scope: FlushScope) {
        let mut state = self.state();
        if let Some(running) = &state.background_flush
            && !running.is_finished()
        {
            return;
        }
        if let Some(Err(err)) = state.background_flush.take().map(joined) {
            state.background_flush_error.get_or_insert(err);
        }
        let Some(handle) = state
            .staging_handle
            .as_ref()
            .and_then(|h| h.try_clone().ok())
        else {
            return;
        };
        let files: Vec<PathBuf> = match scope {
            FlushScope::FileSystem => Vec::new(),
            FlushScope::NewlyStaged => state.staged[state.flushed..]
                .iter()
                .map(|(_, staged)| staged.clone())
                .collect(),
        };
        state.flushed = state.staged.len();
        // Without a thread the flush at commit still does all the work.
        state.background_flush = std::thread::Builder::new()
            .name("feedsmith-flush".into())
            .spawn(move || match scope {
                FlushScope::FileSystem => sync_file_system(&handle),
                FlushScope::NewlyStaged => files
                    .iter()
                    .try_for_each(|file| File::open(file)?.sync_data()),
            })
            .ok();
    }

    /// Stale outputs: in the previous manifest, not produced by this run. Those whose path
    /// goes through a symbolic link are noted in the report and left alone.
    fn stale(&self, state: &mut State) -> Result<Vec<String>, Error> {
        let previous = read_manifest(&self.output_dir)?;
        let mut stale = Vec::new();
        for path in previous {
            if state.produced.contains(&path) {
                continue;
            }
            let target = self.output_dir.join(&path);
            if self.inputs.at(&target).is_some() {
                state.report.kept_inputs.push(path);
                continue;
            }
            let through_link = target
                .ancestors()
                .take_while(|folder| *folder != self.output_dir)
                .any(|folder| {
                    fs::symlink_metadata(folder).is_ok_and(|meta| meta.file_type().is_symlink())
                });
            if through_link {
                state.report.kept_behind_links.push(path);
            } else if target.is_file() {
                stale.push(path);
            }
        }
        Ok(stale)
    }

    /// Check mode: what a write would do. Nothing is written.
    pub(crate) fn preview(self) -> Result<WriteReport, Error> {
        let mut state = std::mem::take(&mut *self.state());
        state.report.removed = self.stale(&mut state)?;
        Ok(sorted(state.report))
    }

    /// Every output path must be writable where it is meant to go, checked before the first
    /// rename so that a commit does not stop half-way: no folder on the way may be a file or
    /// a symbolic link (a write through one would land outside the output folder), the target
    /// may not be a folder, and no name may pass the file system's length limit.
    /// Each target comes with what it holds ("the feed of tag \"rust\""), for the message.
    /// The pipeline runs this on its plan before rendering anything, in every mode; a folder
    /// that changes after that is caught at its rename, and the commit rolled back.
    pub(crate) fn check_targets<'a>(
        &self,
        targets: impl IntoIterator<Item = (&'a str, Option<String>)>,
    ) -> Result<(), Error> {
        let mut checked_folders: BTreeSet<PathBuf> = BTreeSet::new();
        let mut checked_writable: BTreeSet<PathBuf> = BTreeSet::new();
        for (path, holds) in targets {
            let clash = |path: &str, why: String| Error::OutputBlocked {
                path: self.output_dir.join(path),
                why: match &holds {
                    Some(holds) => format!("{why} (it holds {holds})"),
                    None => why,
                },
            };
            if let Some(why) = name_problem(path) {
                return Err(clash(path, why));
            }
            let target = self.output_dir.join(path);
            if let Some((input, role)) = self.inputs.at(&target) {
                return Err(Error::OutputOverInput {
                    output: target,
                    holds,
                    input: input.to_path_buf(),
                    role,
                });
            }
            for folder in target.ancestors().skip(1) {
                if folder == self.output_dir || !folder.starts_with(&self.output_dir) {
                    break;
                }
                if !checked_folders.insert(folder.to_path_buf()) {
                    continue;
                }
                match fs::symlink_metadata(folder) {
                    Ok(meta) if meta.file_type().is_symlink() => {
                        return Err(clash(
                            path,
                            format!(
                                "`{}` is a symbolic link; feedsmith writes only into real folders inside the output folder",
                                folder.display()
                            ),
                        ));
                    }
                    Ok(meta) if !meta.is_dir() => {
                        return Err(clash(
                            path,
                            format!(
                                "`{}` is a file, where this output needs a folder",
                                folder.display()
                            ),
                        ));
                    }
                    _ => {}
                }
            }
            match fs::symlink_metadata(&target) {
                Ok(meta) if meta.is_dir() => {
                    return Err(clash(path, "a folder is in the way of this output".into()));
                }
                Ok(meta) if meta.file_type().is_symlink() => {
                    return Err(clash(
                        path,
                        "a symbolic link is in the way of this output; feedsmith does not write through one".into(),
                    ));
                }
                _ => {}
            }
            // The folder that takes the file (or its nearest existing parent, which takes the
            // new folders) must be writable, or the rename would fail half-way.
            if let Some(folder) = target.ancestors().skip(1).find(|folder| folder.is_dir())
                && checked_writable.insert(folder.to_path_buf())
                && !is_writable(folder)
            {
                return Err(clash(
                    path,
                    format!("`{}` is not writable", folder.display()),
                ));
            }
        }
        Ok(())
    }
}

/// Whether this process may create and rename files in `folder`.
#[cfg(target_os = "linux")]
fn is_writable(folder: &Path) -> bool {
    rustix::fs::access(folder, rustix::fs::Access::WRITE_OK).is_ok()
}

#[cfg(not(target_os = "linux"))]
fn is_writable(folder: &Path) -> bool {
    !fs::metadata(folder).is_ok_and(|meta| meta.permissions().readonly())
}

/// The longest file name most file systems take (ext4, XFS, Btrfs, APFS: 255 bytes).
const MAX_NAME_BYTES: usize = 255;

/// What is wrong with the name of the output at `path`, if anything: a control character,
/// one of feedsmith's own names, a name past the file system's length limit.
fn name_problem(path: &str) -> Option<String> {
    // The manifest and the journal hold a path per line: a line break in one would make it
    // name two files, one of which feedsmith never wrote.
    if path.chars().any(char::is_control) {
        return Some(format!("the name {path:?} holds a control character"));
    }
    if let Some(own) = path.split('/').find(|name| is_reserved(name)) {
        return Some(format!(
            "`{own}` is one of feedsmith's own names (`{RESERVED_PREFIX}…`)"
        ));
    }
    let long = path.split('/').find(|name| name.len() > MAX_NAME_BYTES)?;
    Some(format!(
        "the name `{}…` is {} bytes, over the {MAX_NAME_BYTES} a file name may have; pin a shorter slug (`tag_slugs`, `category_slugs`) or rename the output",
        long.chars().take(40).collect::<String>(),
        long.len()
    ))
}

/// Report lists in path order, whatever order threads finished in.
fn sorted(mut report: WriteReport) -> WriteReport {
    report.written.sort();
    report.unchanged.sort();
    report.removed.sort();
    report
}

/// Linux can flush a whole file system in one call (`syncfs`); elsewhere each staged file is
/// synced as it is written.
const CAN_SYNC_FILE_SYSTEM: bool = cfg!(target_os = "linux");

#[cfg(target_os = "linux")]
fn sync_file_system(handle: &File) -> io::Result<()> {
    rustix::fs::syncfs(handle).map_err(io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn sync_file_system(_handle: &File) -> io::Result<()> {
    Ok(())
}

/// A background flush's result; a flush that panicked did not flush.
fn joined(flush: JoinHandle<io::Result<()>>) -> io::Result<()> {
    flush
        .join()
        .unwrap_or_else(|_| Err(io::Error::other("the background flush failed")))
}

/// Asks the kernel to start writing a finished staged file to disk now, without waiting for
/// it: outputs are written while later posts still render, so the disk works while the CPU
/// does, and the final `syncfs` finds little left to do. (`POSIX_FADV_DONTNEED` starts
/// writeback of a file's dirty pages; pages still dirty or under writeback stay cached.)
/// Only a hint, so errors are ignored: `syncfs` still makes sure of the data before any
/// rename.
#[cfg(target_os = "linux")]
fn start_writeback(file: &File) {
    let _ = rustix::fs::fadvise(file, 0, None, rustix::fs::Advice::DontNeed);
}

#[cfg(not(target_os = "linux"))]
fn start_writeback(_file: &File) {}

impl Drop for Staging {
    fn drop(&mut self) {
        // The staging TempDir removes itself; an output folder this run created for it goes
        // too, so a failed first build leaves nothing behind.
        let state = self
            .state
            .get_mut()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        // No flush left running against a folder that is about to go.
        if let Some(flush) = state.background_flush.take() {
            let _ = flush.join();
        }
        if let Some(dir) = state.staging_dir.take() {
            let _ = dir.close();
        }
        if state.created_output_dir {
            let _ = fs::remove_dir(&self.output_dir);
        }
    }
}

fn write_error(path: &Path) -> impl FnOnce(io::Error) -> Error + use<> {
    let path = path.to_path_buf();
    move |source| Error::Write { path, source }
}

/// An output being rendered in write mode. While its bytes match the existing file nothing
/// is written: an unchanged output costs a read, not a new file that is then deleted. At the
/// first difference the staged file is created and starts with the part that matched, copied
/// from the old file through the handle the comparison read.
struct StagedOutput<'a> {
    staging: &'a Staging,
    compare: CompareSink,
    /// Bytes rendered so far while none differed from the old file.
    matched: u64,
    staged: Option<(PathBuf, BufWriter<File>)>,
}

impl StagedOutput<'_> {
    fn staged_writer(&mut self) -> io::Result<&mut BufWriter<File>> {
        if self.staged.is_none() {
            let path = self.staging.staging_path().map_err(io::Error::other)?;
            let mut writer = BufWriter::with_capacity(1 << 16, File::create(&path)?);
            if let Some(old) = self.compare.existing.as_ref() {
                // Read at offsets: the comparison's read position is left alone.
                copy_range(old.get_ref(), 0, self.matched, &mut Vec::new(), &mut writer)?;
            }
            self.staged = Some((path, writer));
        }
        Ok(&mut self.staged.as_mut().expect("created above").1)
    }

    /// The staged file and its path, or `None` when the output equals the existing file.
    fn finish(mut self) -> io::Result<Option<(PathBuf, File)>> {
        if self.staged.is_none() && self.compare.matches_to_the_end() {
            return Ok(None);
        }
        self.staged_writer()?;
        let (path, writer) = self.staged.take().expect("created above");
        let file = writer.into_inner().map_err(|err| err.into_error())?;
        Ok(Some((path, file)))
    }
}

impl Write for StagedOutput<'_> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        if self.staged.is_none() && self.compare.still_comparing() {
            self.compare.write_all(data)?;
            if self.compare.still_comparing() {
                self.matched += data.len() as u64;
                return Ok(data.len());
            }
        }
        self.staged_writer()?.write_all(data)?;
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.staged {
            Some((_, writer)) => writer.flush(),
            None => Ok(()),
        }
    }
}

/// A writer that compares what it is given with a file on disk, chunk by chunk, without
/// keeping the output.
struct CompareSink {
    existing: Option<BufReader<File>>,
    same: bool,
    buffer: Vec<u8>,
}

impl CompareSink {
    fn new(path: &Path) -> CompareSink {
        let existing = File::open(path)
            .ok()
            .filter(|f| f.metadata().is_ok_and(|m| m.is_file()));
        CompareSink {
            same: existing.is_some(),
            existing: existing.map(BufReader::new),
            buffer: Vec::new(),
        }
    }

    /// Whether there is an old file that the output has matched so far.
    fn still_comparing(&self) -> bool {
        self.same && self.existing.is_some()
    }

    /// True when the output matched the file exactly, to its last byte.
    fn matches_to_the_end(&mut self) -> bool {
        if let (true, Some(existing)) = (self.same, self.existing.as_mut()) {
            let mut probe = [0u8; 1];
            return matches!(existing.read(&mut probe), Ok(0));
        }
        false
    }
}

impl Write for CompareSink {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        if self.same
            && let Some(existing) = self.existing.as_mut()
        {
            self.buffer.resize(data.len(), 0);
            if existing.read_exact(&mut self.buffer).is_err() || self.buffer != data {
                self.same = false;
            }
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_feedsmith_keeps_in_an_output_folder_is_reserved() {
        for own in [
            MANIFEST,
            journal::BACKUPS_PREFIX,
            journal::STAGING_PREFIX,
            journal::MANIFEST_PART_PREFIX,
        ] {
            assert!(is_reserved(own), "{own}");
        }
    }

    fn run(out: &Path, mode: Mode, files: &[(&str, &str)]) -> Result<WriteReport, Error> {
        let staging = Staging::new(out, mode, true);
        for (path, text) in files {
            staging.add(path, |w| w.write_all(text.as_bytes()))?;
            // As a build does between batches of outputs: it must change nothing but timing.
            staging.flush_in_background(FlushScope::FileSystem);
            staging.flush_in_background(FlushScope::NewlyStaged);
        }
        match mode {
            Mode::Write => staging.commit(),
            Mode::Compare => staging.preview(),
        }
    }

    fn listing(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = walkdir::WalkDir::new(dir)
            .min_depth(1)
            .into_iter()
            .map(|e| {
                e.unwrap()
                    .path()
                    .strip_prefix(dir)
                    .unwrap()
                    .display()
                    .to_string()
            })
            .collect();
        names.sort();
        names
    }

    #[test]
    fn writes_skips_unchanged_and_removes_only_its_own_stale_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let first = run(&out, Mode::Write, &[("a.xml", "1"), ("tags/x/b.xml", "2")]).unwrap();
        assert_eq!(first.written, ["a.xml", "tags/x/b.xml"]);
        fs::write(out.join("mine.txt"), "the user's").unwrap();

        let check = run(&out, Mode::Compare, &[("a.xml", "1"), ("c.xml", "3")]).unwrap();
        assert_eq!(check.written, ["c.xml"]);
        assert_eq!(check.unchanged, ["a.xml"]);
        assert_eq!(check.removed, ["tags/x/b.xml"]);
        assert!(!out.join("c.xml").exists(), "check mode writes nothing");

        let second = run(&out, Mode::Write, &[("a.xml", "1"), ("c.xml", "3")]).unwrap();
        assert_eq!(
            (second.written, second.unchanged, second.removed),
            (
                vec!["c.xml".to_string()],
                vec!["a.xml".to_string()],
                vec!["tags/x/b.xml".to_string()]
            )
        );
        assert_eq!(listing(&out), [MANIFEST, "a.xml", "c.xml", "mine.txt"]);
    }

    #[cfg(unix)]
    #[test]
    fn the_manifest_has_the_outputs_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        run(&out, Mode::Write, &[("a.xml", "1")]).unwrap();
        let mode = |name: &str| fs::metadata(out.join(name)).unwrap().permissions().mode();
        assert_eq!(mode(MANIFEST), mode("a.xml"));
    }

    #[test]
    fn flushes_in_the_background_only_when_writing_with_sync() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        for scope in [FlushScope::FileSystem, FlushScope::NewlyStaged] {
            for (mode, sync, flushes) in [
                (Mode::Write, true, CAN_SYNC_FILE_SYSTEM),
                (Mode::Write, false, false),
                (Mode::Compare, true, false),
            ] {
                let staging = Staging::new(&out, mode, sync);
                staging.add("a.xml", |w| w.write_all(b"1")).unwrap();
                staging.flush_in_background(scope);
                let started = staging.state().background_flush.is_some();
                assert_eq!(started, flushes, "{scope:?}, {mode:?}, sync {sync}");
                staging.add("b.xml", |w| w.write_all(b"2")).unwrap();
                if mode == Mode::Write {
                    assert_eq!(staging.commit().unwrap().written, ["a.xml", "b.xml"]);
                    assert_eq!(fs::read_to_string(out.join("b.xml")).unwrap(), "2");
                    fs::remove_dir_all(&out).unwrap();
                }
            }
        }
    }

    #[test]
    fn a_render_failure_leaves_everything_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        run(&out, Mode::Write, &[("a.xml", "old")]).unwrap();
        let before = listing(&out);
        let staging = Staging::new(&out, Mode::Write, true);
        staging.add("a.xml", |w| w.write_all(b"new")).unwrap();
        staging
            .add("tags/new/b.xml", |w| w.write_all(b"b"))
            .unwrap();
        let err = staging
            .add("c.xml", |_| Err(io::Error::other("render failed")))
            .unwrap_err();
        assert!(err.to_string().contains("render failed"), "{err}");
        drop(staging);
        assert_eq!(listing(&out), before);
        assert_eq!(fs::read_to_string(out.join("a.xml")).unwrap(), "old");
    }

    #[test]
    fn a_failed_first_build_leaves_no_output_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let staging = Staging::new(&out, Mode::Write, true);
        staging.add("a.xml", |w| w.write_all(b"a")).unwrap();
        drop(staging);
        assert!(!out.exists());
    }

    #[test]
    fn a_tampered_manifest_cannot_delete_outside_the_output_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        fs::create_dir_all(&out).unwrap();
        fs::write(dir.path().join("precious"), "keep").unwrap();
        fs::write(out.join(MANIFEST), "../precious\n/etc/passwd\n").unwrap();
        let report = run(&out, Mode::Write, &[("a.xml", "a")]).unwrap();
        assert!(report.removed.is_empty());
        assert!(dir.path().join("precious").exists());
    }

    #[test]
    fn compare_sink_notices_longer_shorter_and_equal_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        fs::write(&path, "abc").unwrap();
        for (text, same) in [
            ("abc", true),
            ("ab", false),
            ("abcd", false),
            ("abd", false),
        ] {
            let mut sink = CompareSink::new(&path);
            sink.write_all(text.as_bytes()).unwrap();
            assert_eq!(sink.matches_to_the_end(), same, "{text}");
        }
        assert!(!CompareSink::new(&dir.path().join("missing")).matches_to_the_end());
    }

    #[test]
    fn a_changed_output_keeps_the_matching_start_and_an_unchanged_one_stages_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        // Long enough that the matching start spans several reads and writes.
        let old: String = (0..40_000).map(|i| format!("{i:05}\n")).collect();
        let cases = [
            old.clone(),
            format!("{}X{}", &old[..150_000], &old[150_001..]),
            old[..100_000].to_string(),
            format!("{old}tail"),
            String::new(),
            "different from the first byte".to_string(),
        ];
        for new in cases {
            run(&out, Mode::Write, &[("f.xml", &old)]).unwrap();
            let staging = Staging::new(&out, Mode::Write, true);
            // Written in pieces, as renderers do.
            staging
                .add("f.xml", |w| {
                    new.as_bytes()
                        .chunks(7_777)
                        .try_for_each(|c| w.write_all(c))
                })
                .unwrap();
            let nothing_staged = staging.state().staging_dir.is_none();
            let report = staging.commit().unwrap();
            assert_eq!(fs::read_to_string(out.join("f.xml")).unwrap(), new);
            assert_eq!(report.written.is_empty(), new == old, "{}", new.len());
            assert_eq!(nothing_staged, new == old, "{}", new.len());
        }
    }
}
