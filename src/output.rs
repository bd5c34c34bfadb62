//! The only module that writes to disk. All outputs are rendered in memory first; then each
//! changed file is staged as a temporary file beside its target and synced, and only when
//! every file is staged are they renamed into place. A failed run leaves the previous
//! outputs as they were, and a reader never sees a half-written file.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use crate::error::Error;

/// One rendered output: its path inside the output folder and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedFile {
    /// Path relative to the output folder, `/`-separated.
    pub path: String,
    /// The file's full content.
    pub bytes: Vec<u8>,
}

/// What a write did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteReport {
    /// Files created or replaced.
    pub written: Vec<String>,
    /// Files whose bytes were already right, left untouched (their mtime too).
    pub unchanged: Vec<String>,
}

/// Writes `files` into `output_dir`, all or nothing.
pub fn write_all(output_dir: &Path, files: &[RenderedFile]) -> Result<WriteReport, Error> {
    let write_error = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Write { path, source }
    };
    let mut report = WriteReport::default();
    let mut staged: Vec<(NamedTempFile, PathBuf, &str)> = Vec::new();
    for file in files {
        let target = output_dir.join(&file.path);
        if fs::read(&target).is_ok_and(|existing| existing == file.bytes) {
            report.unchanged.push(file.path.clone());
            continue;
        }
        let folder = target.parent().unwrap_or(output_dir);
        fs::create_dir_all(folder).map_err(write_error(folder))?;
        // Same folder as the target, so the final rename never crosses file systems.
        let mut temp =
            NamedTempFile::with_prefix_in(".feedsmith-", folder).map_err(write_error(folder))?;
        temp.write_all(&file.bytes).map_err(write_error(&target))?;
        temp.as_file().sync_all().map_err(write_error(&target))?;
        staged.push((temp, target, &file.path));
    }
    for (temp, target, path) in staged {
        temp.persist(&target).map_err(|err| Error::Write {
            path: target.clone(),
            source: err.error,
        })?;
        make_world_readable(&target).map_err(write_error(&target))?;
        report.written.push(path.to_string());
    }
    Ok(report)
}

/// Temporary files are created private (0600); a served feed must be readable by the web
/// server, like any file the user would have created.
#[cfg(unix)]
fn make_world_readable(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn make_world_readable(_path: &Path) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> RenderedFile {
        RenderedFile {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn writes_new_files_and_skips_unchanged_ones() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let first = write_all(&out, &[file("a.xml", "1"), file("sub/b.xml", "2")]).unwrap();
        assert_eq!(first.written, ["a.xml", "sub/b.xml"]);
        let second = write_all(&out, &[file("a.xml", "1"), file("sub/b.xml", "3")]).unwrap();
        assert_eq!(second.unchanged, ["a.xml"]);
        assert_eq!(second.written, ["sub/b.xml"]);
        assert_eq!(fs::read_to_string(out.join("sub/b.xml")).unwrap(), "3");
        let leftovers: Vec<_> = fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .filter(|n| n.to_string_lossy().starts_with(".feedsmith-"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }

    #[test]
    fn a_failure_while_staging_leaves_previous_outputs_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_all(&out, &[file("a.xml", "old")]).unwrap();
        // `blocked` is a file, so nothing can be staged under `blocked/`.
        fs::write(out.join("blocked"), "x").unwrap();
        let err = write_all(&out, &[file("a.xml", "new"), file("blocked/c.xml", "c")]).unwrap_err();
        assert!(err.to_string().contains("blocked"), "{err}");
        assert_eq!(fs::read_to_string(out.join("a.xml")).unwrap(), "old");
    }
}
