//! Where a post file sits in the content folder and what its name says, as the blogging tools
//! read it: which files are posts (`.md`, `.markdown`, `.mdown`, `.mkd`, `.mdx`), section pages
//! (`_index.md`) that never are, page bundles (`slug/index.md`), translations
//! (`name.es.md`), and the name a slug and a date are taken from.

use std::path::{Path, PathBuf};

pub(crate) use crate::config::same_language;
pub(crate) use crate::profile::{Flavor, Markup, has_template_braces};

/// Extensions of Markdown post files, compared without regard to case.
pub(crate) const POST_EXTENSIONS: [&str; 5] = ["md", "markdown", "mdown", "mkd", "mdx"];

/// Extensions of Eleventy's other template formats, posts where its profile says so
/// ([`Profile::templates_are_posts`](crate::profile::Profile::templates_are_posts)).
pub(crate) const TEMPLATE_EXTENSIONS: [&str; 3] = ["njk", "liquid", "html"];

/// ISO 639-1 language codes: the `LL` of translation files `name.LL.md` (Hugo).
const LANGUAGE_CODES: &str = "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu";

/// A post file and what its place says about the post.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PostFile {
    /// The file, as the user names it.
    pub(crate) path: PathBuf,
    /// Its path inside the content folder, `/`-separated: what `ref` and `{% link %}` name.
    pub(crate) relative: String,
    /// The folder inside the content folder (`{path}` in permalinks), `/`-separated, empty at
    /// the top; for a page bundle, the bundle folder's parent.
    pub(crate) folder: String,
    /// The name the slug and a date prefix come from: the file name without its extension
    /// and language, or the bundle folder's name.
    pub(crate) name: String,
    /// The language of a translation file (`es` of `index.es.md`).
    pub(crate) language: Option<String>,
    /// The declared language whose top folder holds the file (`fr` of `fr/posts/a.md`), taken
    /// off [`PostFile::folder`].
    pub(crate) language_folder: Option<String>,
    /// Markdown or MDX.
    pub(crate) markup: Markup,
    /// Jekyll's folders: inside `_posts` or `_drafts` (a draft).
    pub(crate) jekyll: Option<JekyllFolder>,
}

/// The folders Jekyll keeps posts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum JekyllFolder {
    /// `_posts`: published posts.
    Posts,
    /// `_drafts`: drafts.
    Drafts,
}

/// What a file under the content folder is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FileRole {
    /// A post.
    Post(PostFile),
    /// A section or list page (`_index.md`): never a post.
    SectionPage,
    /// Not Markdown.
    Other,
}

impl PostFile {
    /// [`PostFile::classify_with`], Markdown files only.
    #[cfg(any(test, feature = "stages"))]
    pub(crate) fn classify(content_dir: &Path, path: &Path) -> FileRole {
        PostFile::classify_with(content_dir, path, false)
    }

    /// Classifies `path`, a file inside `content_dir`; with `templates`, Eleventy's other
    /// template formats ([`TEMPLATE_EXTENSIONS`]) are posts too.
    pub(crate) fn classify_with(content_dir: &Path, path: &Path, templates: bool) -> FileRole {
        let Some(file_name) = path.file_name().and_then(|n| n.to_str()) else {
            return FileRole::Other;
        };
        let Some((stem, extension)) = file_name.rsplit_once('.') else {
            return FileRole::Other;
        };
        let extension = extension.to_ascii_lowercase();
        let template = templates && TEMPLATE_EXTENSIONS.contains(&extension.as_str());
        if !POST_EXTENSIONS.contains(&extension.as_str()) && !template {
            return FileRole::Other;
        }
        let (stem, language) = match stem.rsplit_once('.') {
            Some((name, code)) if is_language_code(code) => (name, Some(code.to_string())),
            _ => (stem, None),
        };
        if stem == "_index" {
            return FileRole::SectionPage;
        }
        let relative = path.strip_prefix(content_dir).unwrap_or(path);
        let mut folders: Vec<&str> = relative
            .parent()
            .into_iter()
            .flat_map(|p| p.components())
            .filter_map(|c| match c {
                std::path::Component::Normal(name) => name.to_str(),
                _ => None,
            })
            .collect();
        // Hugo's `slug/index.md`, and Eleventy's `slug/slug.md`, which it serves at `slug/`.
        let name = match (stem, folders.pop()) {
            ("index", Some(bundle)) => bundle.to_string(),
            (stem, Some(bundle)) if stem == bundle => bundle.to_string(),
            (_, last) => {
                folders.extend(last);
                stem.to_string()
            }
        };
        let relative_text = relative
            .components()
            .filter_map(|c| c.as_os_str().to_str())
            .collect::<Vec<_>>()
            .join("/");
        let jekyll = path
            .components()
            .rev()
            .skip(1)
            .find_map(|c| match c.as_os_str().to_str() {
                Some("_posts") => Some(JekyllFolder::Posts),
                Some("_drafts") => Some(JekyllFolder::Drafts),
                _ => None,
            });
        FileRole::Post(PostFile {
            jekyll,
            path: path.to_path_buf(),
            relative: relative_text,
            folder: folders.join("/"),
            name,
            language,
            language_folder: None,
            markup: match extension.as_str() {
                "mdx" => Markup::Mdx,
                _ if template => Markup::Html,
                _ => Markup::Markdown,
            },
        })
    }

    /// A post file at the top of its content folder, for callers that parse one file alone.
    #[cfg(any(test, feature = "stages"))]
    pub(crate) fn top_level(path: &Path) -> PostFile {
        let folder = path.parent().unwrap_or(Path::new(""));
        match PostFile::classify(folder, path) {
            FileRole::Post(file) => file,
            _ => PostFile {
                path: path.to_path_buf(),
                relative: path.to_string_lossy().into_owned(),
                folder: String::new(),
                name: path
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .unwrap_or_default()
                    .to_string(),
                language: None,
                language_folder: None,
                markup: Markup::Markdown,
                jekyll: None,
            },
        }
    }
}

/// Whether `code` is a language tag a tool would name a translation file with: a known
/// ISO 639-1 language, optionally followed by BCP 47 script and region subtags in any case
/// (`pt-BR`, Hugo's lower-cased `zh-cn`, `zh-Hant-TW`, `es-419`). A three-letter language
/// without a region (`fil`) is not taken, since `notes.css.md` must stay a name.
pub(crate) fn is_language_code(code: &str) -> bool {
    let mut subtags = code.split(['-', '_']);
    let language = subtags.next().unwrap_or_default();
    let known = language.len() == 2
        && language.bytes().all(|b| b.is_ascii_lowercase())
        && LANGUAGE_CODES.split(' ').any(|known| known == language);
    let mut rest = subtags.peekable();
    // An optional script (`Hans`), then an optional region (`BR`, `419`), nothing else.
    if rest
        .peek()
        .is_some_and(|s| s.len() == 4 && s.bytes().all(|b| b.is_ascii_alphabetic()))
    {
        rest.next();
    }
    let region = |s: &str| {
        (s.len() == 2 && s.bytes().all(|b| b.is_ascii_alphabetic()))
            || (s.len() == 3 && s.bytes().all(|b| b.is_ascii_digit()))
    };
    if rest.peek().is_some_and(|s| region(s)) {
        rest.next();
    }
    known && rest.next().is_none() && !code.contains("--") && !code.ends_with(['-', '_'])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(path: &str) -> PostFile {
        match PostFile::classify(Path::new("content"), Path::new(path)) {
            FileRole::Post(file) => file,
            other => panic!("{path}: {other:?}"),
        }
    }

    #[test]
    fn every_markdown_extension_is_a_post() {
        for ext in ["md", "markdown", "mdown", "mkd", "mdx", "MD"] {
            assert_eq!(post(&format!("content/a.{ext}")).name, "a");
        }
        assert_eq!(post("content/a.mdx").markup, Markup::Mdx);
        assert_eq!(
            PostFile::classify(Path::new("content"), Path::new("content/a.txt")),
            FileRole::Other
        );
    }

    #[test]
    fn section_pages_are_never_posts() {
        for path in [
            "content/_index.md",
            "content/blog/_index.markdown",
            "content/blog/_index.fr.md",
        ] {
            assert_eq!(
                PostFile::classify(Path::new("content"), Path::new(path)),
                FileRole::SectionPage,
                "{path}"
            );
        }
    }

    #[test]
    fn bundles_are_named_after_their_folder() {
        let bundle = post("content/posts/2021-02-03-targets/index.md");
        assert_eq!(bundle.name, "2021-02-03-targets");
        assert_eq!(bundle.folder, "posts");
        assert_eq!(bundle.relative, "posts/2021-02-03-targets/index.md");
        let eleventy = post("content/blog/fourthpost/fourthpost.md");
        assert_eq!(
            (eleventy.folder.as_str(), eleventy.name.as_str()),
            ("blog", "fourthpost")
        );
        assert_eq!(
            post("content/_drafts/a.md").jekyll,
            Some(JekyllFolder::Drafts)
        );
        assert_eq!(
            post("_posts/2020-01-01-a.md").jekyll,
            Some(JekyllFolder::Posts)
        );
        let translated = post("content/posts/hello/index.es.md");
        assert_eq!(translated.name, "hello");
        assert_eq!(translated.language.as_deref(), Some("es"));
    }

    #[test]
    fn folders_and_languages() {
        let nested = post("content/blog/2024/Release-1.2.0.md");
        assert_eq!(
            (nested.folder.as_str(), nested.name.as_str()),
            ("blog/2024", "Release-1.2.0")
        );
        assert_eq!(nested.language, None, "`0` is no language");
        assert_eq!(post("content/a.en.md").language.as_deref(), Some("en"));
        assert_eq!(
            post("content/notes.js.md").name,
            "notes.js",
            "js is no language"
        );
        assert_eq!(post("content/top.md").folder, "");
    }

    #[test]
    fn languages_with_a_script_or_region() {
        for (path, language) in [
            ("content/posts/hello/index.pt-BR.md", "pt-BR"),
            ("content/posts/hello/index.zh-cn.md", "zh-cn"),
            ("content/posts/a.zh-Hant-TW.md", "zh-Hant-TW"),
            ("content/posts/a.es-419.md", "es-419"),
        ] {
            let file = post(path);
            assert_eq!(file.language.as_deref(), Some(language), "{path}");
            assert!(!file.name.contains('.'), "{path}: {}", file.name);
        }
        for path in ["content/_index.zh-CN.md", "content/blog/_index.pt-BR.md"] {
            assert_eq!(
                PostFile::classify(Path::new("content"), Path::new(path)),
                FileRole::SectionPage,
                "{path}"
            );
        }
        assert!(same_language("zh-CN", "zh_cn"));
        assert!(!same_language("zh-CN", "zh-TW"));
        for name in ["notes.css", "v1.en-", "a.en-US-x", "a.xx-BR", "a.en--US"] {
            let file = post(&format!("content/{name}.md"));
            assert_eq!(file.language, None, "{name}");
        }
    }
}
