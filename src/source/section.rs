//! Section pages (`_index.md`, Hugo's and Zola's list pages): never posts, but they make the
//! folder they sit in a section, and say its title, description, whether Zola writes its
//! feeds (`generate_feeds`) and whether its pages reach the section above (`transparent`).

use std::path::{Path, PathBuf};

use super::fields::Fields;
use super::file::is_language_code;
use super::front_matter::{self, Value};
use crate::config::Languages;
use crate::error::Diagnostic;
use crate::profile::Profile;

/// A section page as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SectionPage {
    /// The file.
    pub(crate) path: PathBuf,
    /// The section's folder inside the content folder (a language's folder left out),
    /// `/`-separated; empty for the content folder's own page.
    pub(crate) folder: String,
    /// The language its name or folder says, if any (`_index.es.md`, `fr/blog/_index.md`).
    pub(crate) language: Option<String>,
    /// `title`.
    pub(crate) title: Option<String>,
    /// `description`.
    pub(crate) description: Option<String>,
    /// Zola's `generate_feeds` (or its older `generate_feed`).
    pub(crate) generate_feeds: Option<bool>,
    /// Zola's `transparent`: its pages also belong to the section above.
    pub(crate) transparent: Option<bool>,
}

/// Reads the section pages at `paths` (inside `content_dir`). One whose front matter cannot
/// be read is a warning, its section kept with its folder's name: the tools' list pages
/// never reach a feed as posts, so it stops no build.
pub(crate) fn read_sections(
    paths: &[PathBuf],
    content_dir: &Path,
    languages: Option<&Languages>,
    profile: &Profile,
) -> (Vec<SectionPage>, Vec<Diagnostic>) {
    let mut warnings = Vec::new();
    let pages = paths
        .iter()
        .map(|path| {
            let mut page = place(path, content_dir, languages);
            if let Err(problem) = read_front_matter(path, &mut page, profile) {
                warnings.push(problem);
            }
            page
        })
        .collect();
    (pages, warnings)
}

/// The section page at `path` with its folder and language, nothing read yet.
fn place(path: &Path, content_dir: &Path, languages: Option<&Languages>) -> SectionPage {
    let relative = path.strip_prefix(content_dir).unwrap_or(path);
    let mut folders: Vec<String> = relative
        .parent()
        .into_iter()
        .flat_map(Path::components)
        .filter_map(|c| c.as_os_str().to_str().map(str::to_owned))
        .collect();
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let mut language = name
        .split('.')
        .nth(1)
        .filter(|tag| name.split('.').count() > 2 && is_language_code(tag))
        .map(str::to_owned);
    let declared = languages.filter(|l| l.declared);
    if let (Some(languages), Some(top)) = (declared, folders.first())
        && let Some(folder_language) = languages.of_folder(top)
    {
        language = language.or_else(|| folder_language.code.clone());
        folders.remove(0);
    }
    SectionPage {
        path: path.to_path_buf(),
        folder: folders.join("/"),
        language,
        title: None,
        description: None,
        generate_feeds: None,
        transparent: None,
    }
}

/// Reads the section page's fields as its tool reads front matter (Hugo: keys in any case,
/// a key given twice keeping its last value).
fn read_front_matter(
    path: &Path,
    page: &mut SectionPage,
    profile: &Profile,
) -> Result<(), Diagnostic> {
    let unreadable = |why: String| {
        Diagnostic::file(
            path,
            format!("section page left unread ({why}): its section is named after its folder"),
        )
    };
    let bytes = std::fs::read(path).map_err(|err| unreadable(err.to_string()))?;
    let text = super::post::decode(path, &bytes)?;
    let split = front_matter::split(&text).map_err(|err| unreadable(err.message()))?;
    let root = front_matter::parse(&split, path, profile.last_key_wins())
        .map_err(|d| unreadable(d.message))?;
    let fields = Fields::new(&root, path).in_any_case(profile.keys_ignore_case());
    let text_of = |names: &[&'static str]| match fields.first(names) {
        Some((_, node)) => match &node.value {
            Value::String(text) if !text.trim().is_empty() => Some(text.trim().to_owned()),
            _ => None,
        },
        None => None,
    };
    let flag = |names: &[&'static str]| match fields.first(names) {
        Some((_, node)) => match node.value {
            Value::Bool(value) => Some(value),
            _ => None,
        },
        None => None,
    };
    page.title = text_of(&["title"]);
    page.description = text_of(&["description"]);
    page.generate_feeds = flag(&["generate_feeds", "generate_feed"]);
    page.transparent = flag(&["transparent"]);
    Ok(())
}
