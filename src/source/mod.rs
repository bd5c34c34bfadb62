//! Finding post files under the content folder and loading each into a validated [`Post`].
//! Every bad post is reported, not just the first.

mod date;
mod front_matter;
mod post;

use std::path::{Path, PathBuf};

use jiff::tz::TimeZone;

pub use date::parse_post_date;
pub use post::Post;

use crate::error::{Diagnostic, Error};

/// Lists the `.md` files under `content_dir`, sorted by path so that nothing downstream
/// depends on the file system's order. Hidden files and folders are skipped.
pub fn discover(content_dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let mut files = Vec::new();
    let walker = walkdir::WalkDir::new(content_dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| entry.depth() == 0 || !is_hidden(entry.file_name()));
    for entry in walker {
        let entry = entry.map_err(|err| {
            let path = err.path().unwrap_or(content_dir).to_path_buf();
            Error::Read {
                path,
                source: err.into_io_error().unwrap_or_else(|| {
                    std::io::Error::other("file system loop in the content folder")
                }),
            }
        })?;
        let path = entry.path();
        if entry.file_type().is_file() && path.extension().is_some_and(|ext| ext == "md") {
            files.push(path.to_path_buf());
        }
    }
    Ok(files)
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|name| name.starts_with('.'))
}

/// Reads and parses every file; returns all posts, or every problem found.
pub fn load_posts(files: &[PathBuf], timezone: &TimeZone) -> Result<Vec<Post>, Error> {
    let mut posts = Vec::with_capacity(files.len());
    let mut problems: Vec<Diagnostic> = Vec::new();
    for path in files {
        let bytes = std::fs::read(path).map_err(|source| Error::Read {
            path: path.clone(),
            source,
        })?;
        match post::parse_post(path, &bytes, timezone) {
            Ok(post) => posts.push(post),
            Err(mut found) => problems.append(&mut found),
        }
    }
    if problems.is_empty() {
        Ok(posts)
    } else {
        Err(Error::Content(problems))
    }
}
