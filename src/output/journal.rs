//! A commit's journal and the recovery that replays it. A commit keeps every file it
//! replaces or removes in a backups folder inside the output folder, and before it touches
//! the first one writes a journal there naming each backup it may make and the manifest it
//! is about to write. A build killed mid-commit leaves that folder behind; the next build
//! puts its backups back. Recovery trusts nothing it finds: the folder and everything in it
//! must be plain (no symbolic link is followed), every backup must be one the journal names,
//! and every path must stay inside the output folder. Anything else is an error that names
//! it, and nothing is moved.

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::inputs::{InputRole, Inputs};
use super::manifest::{MANIFEST, is_safe_relative, manifest_text, read_manifest, write_manifest};
use super::{Staging, write_error};
use crate::error::Error;

/// The name a commit's backups folder starts with.
pub(super) const BACKUPS_PREFIX: &str = ".feedsmith-replaced-";
/// The name a build's staging folder starts with.
pub(super) const STAGING_PREFIX: &str = ".feedsmith-staging-";
/// The name the manifest has while it is written, before the rename that puts it in place.
/// A build killed between the two leaves it; the next build's recovery removes it.
pub(super) const MANIFEST_PART_PREFIX: &str = ".feedsmith-manifest-part-";
/// The journal's name in a backups folder. No backup can have this name: a backup's name
/// escapes every `%` of its path as `%25`.
const JOURNAL: &str = "%journal";
/// The journal while it is written; renamed to [`JOURNAL`] once whole, so a journal is never
/// read half-written.
const JOURNAL_PART: &str = "%journal-part";

/// What a commit records before it changes anything.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Journal {
    /// Paths inside the output folder whose old file the commit may keep in its backups.
    pub backups: BTreeSet<String>,
    /// The manifest the commit writes at its end.
    pub manifest: Vec<String>,
}

impl Journal {
    fn text(&self) -> String {
        let mut text = String::from(
            "# feedsmith's commit journal: the backups this commit may make, and the manifest it writes.\n",
        );
        for path in &self.backups {
            text.push_str(&format!("backup {path}\n"));
        }
        for path in &self.manifest {
            text.push_str(&format!("manifest {path}\n"));
        }
        text
    }

    /// Writes the journal into the backups folder `folder`, whole or not at all.
    pub(super) fn write(&self, folder: &Path) -> Result<(), Error> {
        let part = folder.join(JOURNAL_PART);
        fs::write(&part, self.text()).map_err(write_error(&part))?;
        let journal = folder.join(JOURNAL);
        fs::rename(&part, &journal).map_err(write_error(&journal))
    }

    /// Reads a journal back; every line must be one [`Journal::text`] writes, naming a safe
    /// path inside the output folder.
    fn parse(path: &Path, text: &str) -> Result<Journal, Error> {
        let mut journal = Journal::default();
        for (number, line) in text.lines().enumerate() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (kind, named) = line.split_once(' ').unwrap_or((line, ""));
            let problem = match kind {
                "backup" | "manifest" if is_safe_relative(named) => None,
                "backup" | "manifest" => Some(format!(
                    "names `{named}` on line {}, which is not a path inside the output folder",
                    number + 1
                )),
                _ => Some(format!(
                    "has a line feedsmith never writes (line {})",
                    number + 1
                )),
            };
            if let Some(problem) = problem {
                return Err(untrusted(path, problem));
            }
            match kind {
                "backup" => drop(journal.backups.insert(named.to_string())),
                _ => journal.manifest.push(named.to_string()),
            }
        }
        Ok(journal)
    }
}

/// A backup's file name: the output's path with `%` and `/` escaped, so the backups folder
/// stays flat and the name gives the path back.
pub(super) fn backup_name(path: &str) -> String {
    path.replace('%', "%25").replace('/', "%2F")
}

/// The output path a backup's file name stands for, when the name is one [`backup_name`]
/// makes (so `a%2Fb` but not `a/b`, `%2e`, or a name whose `%` escapes nothing).
fn original_path(name: &str) -> Option<String> {
    let original = name.replace("%2F", "/").replace("%25", "%");
    (backup_name(&original) == name).then_some(original)
}

/// Puts right what a build killed during its commit left in the output folder: an output it had moved aside and
/// not yet replaced goes back (one whose new file was in place stays new), and its staging
/// and backup folders go. Run before a build writes anything, under the output folder's
/// lock. A killed commit thus never loses a file, though it may leave new files beside old
/// ones until this build replaces them. Whatever does not look exactly as a commit leaves it
/// is refused before anything moves (see the module's doc), and so is a backup that would go
/// back onto one of the build's inputs or into the content folder: no commit made that.
impl Staging {
    /// Recovers the output folder (see the function of this name).
    pub(crate) fn recover(&self) -> Result<(), Error> {
        recover(&self.output_dir, &self.inputs)
    }
}

fn recover(output_dir: &Path, inputs: &Inputs) -> Result<(), Error> {
    let Ok(entries) = fs::read_dir(output_dir) else {
        return Ok(());
    };
    let mut names: Vec<OsString> = entries.flatten().map(|entry| entry.file_name()).collect();
    names.sort();
    for name in names {
        let Some(text) = name.to_str() else { continue };
        let path = output_dir.join(&name);
        if text.starts_with(BACKUPS_PREFIX) {
            recover_commit(output_dir, &path, inputs)?;
        } else if text.starts_with(STAGING_PREFIX) {
            real_folder(&path)?;
            fs::remove_dir_all(&path).map_err(write_error(&path))?;
        } else if text.starts_with(MANIFEST_PART_PREFIX) {
            plain_file(&path)?;
            fs::remove_file(&path).map_err(write_error(&path))?;
        }
    }
    Ok(())
}

/// One backups folder: checked whole, then replayed, then removed.
fn recover_commit(output_dir: &Path, folder: &Path, inputs: &Inputs) -> Result<(), Error> {
    real_folder(folder)?;
    let journal_path = folder.join(JOURNAL);
    let journal = match fs::symlink_metadata(&journal_path) {
        Ok(meta) if meta.is_file() => {
            let text = fs::read_to_string(&journal_path).map_err(|source| Error::Read {
                path: journal_path.clone(),
                source,
            })?;
            Some(Journal::parse(&journal_path, &text)?)
        }
        Ok(_) => {
            return Err(untrusted(&journal_path, "is not a file".into()));
        }
        Err(err) if err.kind() == io::ErrorKind::NotFound => None,
        Err(source) => {
            return Err(Error::Read {
                path: journal_path,
                source,
            });
        }
    };
    let backups = checked_backups(folder, journal.as_ref())?;
    for (backup, original) in &backups {
        if let Some((input, role)) = inputs.at(&output_dir.join(original)) {
            return Err(untrusted(
                backup,
                format!(
                    "would be put back as `{original}`, {} {} `{}`, which this build reads",
                    match role {
                        InputRole::ContentFolder => "into",
                        _ => "onto",
                    },
                    role.noun(),
                    input.display()
                ),
            ));
        }
    }
    let Some(journal) = journal else {
        // Killed before its journal was whole: it had touched nothing yet.
        return fs::remove_dir_all(folder).map_err(write_error(folder));
    };
    // A backup whose output is missing was moved aside by a killed commit: it comes back
    // (the old manifest among them), unless the commit had written its manifest and the file
    // is not in it — then it was a stale output, rightly removed.
    let manifest = fs::read_to_string(output_dir.join(MANIFEST)).ok();
    let through = manifest.as_deref() == Some(manifest_text(&journal.manifest).as_str());
    // Looked up once per backup: a big site's commit journals tens of thousands of files.
    let produced: BTreeSet<&str> = journal.manifest.iter().map(String::as_str).collect();
    for (backup, original) in backups {
        let target = output_dir.join(&original);
        let stale = through && !produced.contains(original.as_str());
        if stale || fs::symlink_metadata(&target).is_ok() {
            continue;
        }
        inside_real_folders(output_dir, &original)?;
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(write_error(parent))?;
        }
        fs::rename(&backup, &target).map_err(write_error(&target))?;
    }
    // The journal's new names join the manifest in place, so the next build removes
    // whatever of them it no longer produces.
    let mut known: BTreeSet<String> = read_manifest(output_dir)?.into_iter().collect();
    let before = known.len();
    known.extend(journal.manifest);
    if known.len() > before {
        let known: Vec<String> = known.into_iter().collect();
        write_manifest(output_dir, &manifest_text(&known), true)?;
    }
    discard(folder, |_| ())
}

/// Removes a backups folder whose commit is through (or undone, or replayed), its journal
/// last: a build killed while this runs leaves backups still named by their journal, or a
/// folder with no backups at all, and never backups without one — which recovery must refuse,
/// as nothing tells it where they came from. (`remove_dir_all` takes the entries in the file
/// system's order, the journal as likely first as last.) `before_each` sees each file just
/// before it goes (the commit's kill hook stops there).
pub(super) fn discard(folder: &Path, mut before_each: impl FnMut(&Path)) -> Result<(), Error> {
    let entries = fs::read_dir(folder).map_err(|source| Error::Read {
        path: folder.to_path_buf(),
        source,
    })?;
    for entry in entries {
        let entry = entry.map_err(|source| Error::Read {
            path: folder.to_path_buf(),
            source,
        })?;
        if entry.file_name() != JOURNAL {
            let path = entry.path();
            before_each(&path);
            fs::remove_file(&path).map_err(write_error(&path))?;
        }
    }
    let journal = folder.join(JOURNAL);
    before_each(&journal);
    match fs::remove_file(&journal) {
        Err(err) if err.kind() != io::ErrorKind::NotFound => Err(write_error(&journal)(err)),
        _ => fs::remove_dir(folder).map_err(write_error(folder)),
    }
}

/// Every backup in `folder` with the output path it stands for; an error for the first entry
/// that is not a plain file named in `journal` (the journal's own files aside).
fn checked_backups(
    folder: &Path,
    journal: Option<&Journal>,
) -> Result<Vec<(PathBuf, String)>, Error> {
    let mut names: Vec<OsString> = fs::read_dir(folder)
        .map_err(|source| Error::Read {
            path: folder.to_path_buf(),
            source,
        })?
        .map(|entry| entry.map(|entry| entry.file_name()))
        .collect::<Result<_, _>>()
        .map_err(|source| Error::Read {
            path: folder.to_path_buf(),
            source,
        })?;
    names.sort();
    let mut backups = Vec::new();
    for name in names {
        let path = folder.join(&name);
        let is_journal = name == JOURNAL || (name == JOURNAL_PART && journal.is_none());
        let meta = fs::symlink_metadata(&path).map_err(|source| Error::Read {
            path: path.clone(),
            source,
        })?;
        if !meta.is_file() {
            let what = match meta.file_type().is_symlink() {
                true => "is a symbolic link",
                false => "is not a file",
            };
            return Err(untrusted(
                &path,
                format!("{what}, and a commit keeps only files in its backups"),
            ));
        }
        if is_journal {
            continue;
        }
        let original = name.to_str().and_then(original_path);
        let recorded = journal
            .zip(original.as_ref())
            .is_some_and(|(journal, original)| {
                is_safe_relative(original) && journal.backups.contains(original)
            });
        match original {
            Some(original) if recorded => backups.push((path, original)),
            _ => {
                return Err(untrusted(
                    &path,
                    match journal {
                        Some(_) => "is not a backup the commit's journal names".into(),
                        None => "is in a backups folder that has no journal".into(),
                    },
                ));
            }
        }
    }
    Ok(backups)
}

/// Refuses a staging or backups folder that is a symbolic link or not a folder at all:
/// feedsmith makes only real folders of these names.
fn real_folder(path: &Path) -> Result<(), Error> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => Ok(()),
        Ok(meta) => Err(untrusted(
            path,
            match meta.file_type().is_symlink() {
                true => "is a symbolic link where feedsmith keeps a folder of its own".into(),
                false => "is not a folder, though it has the name of one of feedsmith's".into(),
            },
        )),
        Err(source) => Err(Error::Read {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// A half-written manifest is a plain file: a folder or a symbolic link of that name was
/// put there by someone else, and is left for a person to look at.
fn plain_file(path: &Path) -> Result<(), Error> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.is_file() => Ok(()),
        Ok(_) => Err(untrusted(
            path,
            "is not a plain file, though it has the name of feedsmith's manifest being written"
                .into(),
        )),
        Err(source) => Err(Error::Read {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// Every folder between the output folder and `path` that exists must be a real folder: a
/// file put back through a symbolic link would land outside the output folder.
fn inside_real_folders(output_dir: &Path, path: &str) -> Result<(), Error> {
    let mut folder = output_dir.to_path_buf();
    let parts: Vec<&str> = path.split('/').collect();
    for part in &parts[..parts.len().saturating_sub(1)] {
        folder.push(part);
        match fs::symlink_metadata(&folder) {
            Ok(meta) if meta.is_dir() => {}
            Ok(_) => {
                return Err(untrusted(
                    &folder,
                    format!("is in the way of `{path}`, which a killed build left to put back"),
                ));
            }
            Err(_) => break,
        }
    }
    Ok(())
}

fn untrusted(path: &Path, why: String) -> Error {
    Error::Untrusted {
        path: path.to_path_buf(),
        why,
    }
}
