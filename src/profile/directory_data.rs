//! Eleventy's directory data: a folder's `<folder>.11tydata.json` (or `<folder>.json`) gives
//! every template below it values such as its `permalink`, as the data cascade merges them.
//! Read here for the permalinks only, as folder patterns.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::routes::eleventy_permalink;
use crate::error::Diagnostic;

/// One folder's permalink from its directory data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FolderPermalink {
    /// The folder inside the content folder, `/`-separated; empty for the content folder.
    pub(crate) folder: String,
    /// Its pattern, as feedsmith writes one (`/blog/{slug}/`).
    pub(crate) pattern: String,
    /// The data file it was read from.
    pub(crate) file: PathBuf,
}

/// The permalinks the directory data files in `content` (and its folders) give, with the
/// folder each holds for; a template that says more than a pattern can is passed over. Only
/// plain files are read, never through a link: data from outside the site changes nothing.
/// A file that is not JSON is a problem at its line and column.
pub(crate) fn eleventy_folder_permalinks(
    content: &Path,
) -> Result<Vec<FolderPermalink>, Diagnostic> {
    let mut found = Vec::new();
    let folders = walkdir::WalkDir::new(content)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            entry.file_type().is_dir()
                && (entry.depth() == 0 || !entry.file_name().as_encoded_bytes().starts_with(b"."))
                && entry.file_name() != "node_modules"
        })
        .filter_map(Result::ok);
    for folder in folders {
        let Some(name) = folder.file_name().to_str() else {
            continue;
        };
        let Some(relative) = folder
            .path()
            .strip_prefix(content)
            .ok()
            .and_then(Path::to_str)
        else {
            continue;
        };
        // `<folder>.11tydata.json` is read before `<folder>.json`, as Eleventy ranks them.
        for file in [format!("{name}.11tydata.json"), format!("{name}.json")] {
            let path = folder.path().join(file);
            let is_plain_file = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file());
            if !is_plain_file {
                continue;
            }
            let Some(template) = permalink_in(&path)? else {
                continue;
            };
            if let Some(pattern) = eleventy_permalink(&template) {
                found.push(FolderPermalink {
                    folder: relative.replace(std::path::MAIN_SEPARATOR, "/"),
                    pattern,
                    file: path,
                });
            }
            break;
        }
    }
    Ok(found)
}

/// The `permalink` text of the JSON data file at `path`, if it has one.
fn permalink_in(path: &Path) -> Result<Option<String>, Diagnostic> {
    let text = super::detect::read_text(path)?;
    let data: Value = serde_json::from_str(&text).map_err(|error| {
        Diagnostic::at(
            path,
            error.line() as u64,
            error.column() as u64,
            format!("is not JSON: {error}"),
        )
        .with_source(&text)
    })?;
    Ok(data
        .get("permalink")
        .and_then(Value::as_str)
        .map(str::to_owned))
}
