//! The manifest: the list of files feedsmith wrote into the output folder, which lets a build
//! remove its own stale outputs and never a file it did not write. A hand-edited or planted
//! manifest is read only for safe relative paths.

use std::fs;
use std::io::{self, Write};
use std::path::{Component, Path};

use super::write_error;
use crate::error::Error;

/// The manifest's file name inside the output folder.
pub(crate) const MANIFEST: &str = ".feedsmith-manifest";

/// The paths the manifest in `output_dir` names (none when there is no manifest).
pub(super) fn read_manifest(output_dir: &Path) -> Result<Vec<String>, Error> {
    let path = output_dir.join(MANIFEST);
    match fs::read_to_string(&path) {
        // Only safe relative paths are trusted: a hand-edited manifest must never make
        // feedsmith delete something outside the output folder.
        Ok(text) => Ok(text
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .filter(|line| is_safe_relative(line))
            .map(str::to_string)
            .collect()),
        Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(source) => Err(Error::Read { path, source }),
    }
}
/// The manifest's text for `paths`.
pub(super) fn manifest_text(paths: &[String]) -> String {
    let mut text =
        String::from("# Files written by feedsmith; stale ones are removed on the next build.\n");
    for line in paths {
        text.push_str(line);
        text.push('\n');
    }
    text
}

/// Writes the manifest `text` atomically (its callers write only a changed one).
pub(super) fn write_manifest(output_dir: &Path, text: &str, sync: bool) -> Result<(), Error> {
    let path = output_dir.join(MANIFEST);
    let part = super::journal::MANIFEST_PART_PREFIX;
    write_whole(&path, part, text, (sync, true)).map_err(write_error(&path))
}

/// Writes `text` at `path` whole or not at all: into a temporary file named from `prefix`
/// beside it, flushed with `sync`, renamed over the old file when `replace`, else only where
/// there is none (`AlreadyExists` otherwise). Temporary files are private (0600) by
/// default; this one gets what any file a user writes gets, read-write for all less the
/// umask, so whoever may read the outputs (a deploy step, a later build, git) may read it.
pub(super) fn write_whole(
    path: &Path,
    prefix: &str,
    text: &str,
    (sync, replace): (bool, bool),
) -> io::Result<()> {
    let folder = match path.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(prefix);
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut temp = builder.tempfile_in(folder)?;
    temp.write_all(text.as_bytes())?;
    if sync {
        temp.as_file().sync_all()?;
    }
    match replace {
        true => temp.persist(path),
        false => temp.persist_noclobber(path),
    }
    .map(drop)
    .map_err(|err| err.error)
}

pub(super) fn is_safe_relative(path: &str) -> bool {
    !path.is_empty()
        && !path.contains('\\')
        && Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}
