//! Finding post files under the content folder and loading each into a validated [`Post`].
//! Every bad post is reported, not just the first.

mod date;
mod episode;
mod fields;
mod file;
mod front_matter;
mod post;
mod read;
mod section;

use std::collections::BTreeSet;
use std::fs::File;
use std::io::Read;
use std::path::Path;

pub(crate) use crate::media::MediaFile;
pub(crate) use file::{FileRole, Flavor, POST_EXTENSIONS, PostFile, is_language_code};
#[cfg(any(test, feature = "stages"))]
pub(crate) use post::parse_post;
pub(crate) use post::{Post, body_of};
pub(crate) use section::SectionPage;
pub(crate) use section::read_sections;

use rayon::prelude::*;

use crate::config::{Languages, SiteConfig};
use crate::error::{Diagnostic, Error, SourceSpot};
use crate::profile::Profile;
use crate::progress::Progress;

/// The post files found, and what was skipped with a warning.
#[derive(Debug, Default)]
pub(crate) struct Found {
    /// Post files, sorted by path so nothing downstream depends on file-system order.
    pub(crate) files: Vec<PostFile>,
    /// Symbolic links not followed, translations left out, a folder with no posts.
    pub(crate) warnings: Vec<Diagnostic>,
    /// Section pages (`_index.md`), sorted by path: each makes its folder a section.
    pub(crate) section_pages: Vec<std::path::PathBuf>,
    /// Folders and files of the content folder that could not be read: errors, reported
    /// with the run's other problems once the rest is read.
    pub(crate) unreadable: Vec<Diagnostic>,
}

/// Lists the post files under `content_dir` (see [`PostFile::classify_with`]): hidden files and
/// folders, section pages and the config's `exclude` globs are skipped. A site that declares
/// `languages` publishes each file in one of them: a language suffix it does not declare is
/// an error, and a top folder named after one of them (`content/fr/…`) holds that language's
/// posts. A site that declares none leaves translations into languages other than its
/// `language` out, with a warning. Symbolic links are never followed: one pointing
/// outside the folder would publish files the site does not own, and one pointing inside
/// would publish a post twice.
pub(crate) fn discover(
    content_dir: &Path,
    exclude: &[String],
    languages: Option<&Languages>,
    templates: bool,
) -> Result<Found, Error> {
    if !content_dir.exists() {
        return Err(Error::Config(vec![
            Diagnostic::file(
                content_dir,
                "the content folder does not exist: it holds the posts",
            )
            .with_help(
                "create it and write a post there (`feedsmith init` writes an example), set `content_dir` in the config, or pass `--content DIR`",
            ),
        ]));
    }
    let root = content_dir.canonicalize().map_err(|source| Error::Read {
        path: content_dir.to_path_buf(),
        source,
    })?;
    let excluded = crate::config::exclude_matcher(content_dir, exclude).map_err(|message| {
        Error::Config(vec![Diagnostic::general(format!("exclude: {message}"))])
    })?;
    // Hugo's default content language; a site that sets none writes in it.
    let site_language = languages
        .and_then(|languages| languages.default_language().code.as_deref())
        .and_then(|tag| tag.split('-').next())
        .unwrap_or("en")
        .to_ascii_lowercase();
    let mut walk = Walk {
        content_dir,
        root,
        site_language,
        languages,
        // The default language in a folder of its own (`content/en`) means every language
        // is (Hugo's per-language `contentDir`); without one, the default's posts are the
        // rest of the content folder, beside the other languages' folders (Astro's i18n).
        by_folder: languages.is_some_and(|languages| {
            languages.declared
                && languages
                    .default_language()
                    .code
                    .as_deref()
                    .is_some_and(|code| {
                        [code.to_owned(), code.to_ascii_lowercase()]
                            .iter()
                            .any(|name| content_dir.join(name).is_dir())
                    })
        }),
        outside_languages: Vec::new(),
        found: Found::default(),
        translations: Vec::new(),
        other_extensions: BTreeSet::new(),
        unnamable: Vec::new(),
        templates,
    };
    let walker = walkdir::WalkDir::new(content_dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            entry.depth() == 0
                || !(is_hidden(entry.file_name())
                    // Eleventy's layouts and data, never templates of their own.
                    || (templates
                        && entry.file_type().is_dir()
                        && matches!(entry.file_name().to_str(), Some("_includes" | "_data" | "node_modules")))
                    || excluded
                        .matched(entry.path(), entry.file_type().is_dir())
                        .is_ignore())
        });
    for entry in walker {
        match entry {
            Ok(entry) => walk.see(&entry),
            // A folder that cannot be read is reported with every other problem of the run,
            // not instead of them: the rest of the content folder is still read.
            Err(err) => {
                let path = err.path().unwrap_or(content_dir).to_path_buf();
                let why = err
                    .io_error()
                    .map_or_else(|| "a file system loop".to_string(), ToString::to_string);
                walk.found.unreadable.push(Diagnostic::file(
                    &path,
                    format!("cannot be read ({why}): the posts in it are left unread"),
                ));
            }
        }
    }
    walk.finish()
}

/// What the walk of the content folder has seen so far.
struct Walk<'a> {
    content_dir: &'a Path,
    /// The content folder with its links resolved: what a link must stay inside.
    root: std::path::PathBuf,
    /// The site's language (its primary subtag): translations into others are left out.
    site_language: String,
    /// The site's languages (`None`: one, the default `en`).
    languages: Option<&'a Languages>,
    /// Whether the declared languages keep their posts in folders of their own, the default
    /// one's too (`content/en`, `content/fr`), as Hugo's per-language `contentDir`: then a
    /// post outside them is in no language the site publishes.
    by_folder: bool,
    /// Posts left out for that, for one warning.
    outside_languages: Vec<PostFile>,
    found: Found,
    translations: Vec<PostFile>,
    /// The extensions of files that are not posts, for the message when there is no post.
    other_extensions: BTreeSet<String>,
    /// Post files that cannot be published as named (not UTF-8, in a language the config
    /// does not declare), all reported at once.
    unnamable: Vec<Diagnostic>,
    /// Whether Eleventy's other template formats are posts too.
    templates: bool,
}

impl Walk<'_> {
    /// Takes in one entry of the walk: a post, a translation, another file, or something
    /// never read (a link, a FIFO, a name that is not UTF-8) with a word about it.
    fn see(&mut self, entry: &walkdir::DirEntry) {
        let path = entry.path();
        let warn = |found: &mut Found, message: String| {
            found.warnings.push(Diagnostic::file(path, message));
        };
        if entry.path_is_symlink() && entry.depth() > 0 {
            let reason = match path.canonicalize() {
                Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                    match std::fs::read_link(path) {
                        Ok(target) => {
                            format!("points to `{}`, which does not exist", target.display())
                        }
                        Err(_) => "points to nothing that exists".to_string(),
                    }
                }
                Err(_) => "loops back on itself (or cannot be followed)".to_string(),
                Ok(target)
                    if path
                        .parent()
                        .and_then(|p| p.canonicalize().ok())
                        .is_some_and(|folder| folder.starts_with(&target)) =>
                {
                    "points to a folder it is in, which would loop".to_string()
                }
                Ok(target) if !target.starts_with(&self.root) => {
                    "points outside the content folder".to_string()
                }
                Ok(_) => "would publish the same post twice".to_string(),
            };
            warn(
                &mut self.found,
                format!("symbolic link not followed: it {reason}"),
            );
        } else if let Some(kind) = special_file(entry.file_type()) {
            // Never opened: reading a FIFO would wait for a writer forever.
            warn(
                &mut self.found,
                format!("skipped: {kind}, not a file that can hold a post"),
            );
        } else if !entry.file_type().is_file() {
            // A folder: its entries come next.
        } else if let Some(name) = not_utf8(path.strip_prefix(self.content_dir).unwrap_or(path)) {
            match has_post_extension(path, self.templates) {
                true => self.unnamable.push(
                    Diagnostic::file(
                        path,
                        format!(
                            "`{name}` is not valid UTF-8, and a post's file and folder names make its URL"
                        ),
                    )
                    .with_help(
                        "rename it in UTF-8 (`convmv -f latin1 -t utf8` renames a folder of Latin-1 names)",
                    ),
                ),
                false => warn(
                    &mut self.found,
                    format!("skipped: `{name}` is not valid UTF-8, so no post can name this file"),
                ),
            }
        } else {
            match PostFile::classify_with(self.content_dir, path, self.templates) {
                FileRole::Post(file) => match self.languages.filter(|l| l.declared) {
                    Some(languages) => self.see_in_language(file, languages),
                    None => self.see_post(file),
                },
                FileRole::SectionPage => self.found.section_pages.push(path.to_path_buf()),
                FileRole::Other => {
                    if let Some(extension) = path.extension().and_then(|e| e.to_str()) {
                        self.other_extensions
                            .insert(format!(".{}", extension.to_ascii_lowercase()));
                    }
                }
            }
        }
    }

    /// Takes in a post of a site that declares no languages: one in another language than
    /// the site's is left out, and counted.
    fn see_post(&mut self, file: PostFile) {
        match &file.language {
            Some(language) if !file::same_language(language, &self.site_language) => {
                self.translations.push(file)
            }
            _ => self.found.files.push(file),
        }
    }

    /// Takes in a post of a site that declares its languages: one whose name is in another
    /// is an error naming them; one in a language's folder (`fr/…`) is in that language, and
    /// its `{path}` starts below that folder, as Hugo's per-language `contentDir` has it.
    fn see_in_language(&mut self, mut file: PostFile, languages: &Languages) {
        if let Some(tag) = &file.language
            && languages.index_of(tag).is_none()
        {
            self.unnamable.push(
                Diagnostic::file(
                    &file.path,
                    format!(
                        "its name says it is in language `{tag}`, which the config does not declare (declared: {})",
                        languages.listed()
                    ),
                )
                .with_help(format!(
                    "add `{tag}` to `languages` in the config, or leave the file out with `exclude`"
                )),
            );
            return;
        }
        let (top, rest) = file.folder.split_once('/').unwrap_or((&file.folder, ""));
        if let Some(language) = languages.of_folder(top) {
            file.language_folder = language.code.clone();
            file.folder = rest.to_owned();
        } else if self.by_folder {
            self.outside_languages.push(file);
            return;
        }
        self.found.files.push(file);
    }

    /// The posts found, with a word about the translations left out and a folder with no
    /// post; an error for every post whose name cannot become a URL.
    fn finish(mut self) -> Result<Found, Error> {
        if !self.unnamable.is_empty() {
            return Err(Error::Content(self.unnamable));
        }
        let (content_dir, translations) = (self.content_dir, &self.translations);
        if let Some(first) = translations.first() {
            self.found.warnings.push(Diagnostic::general(format!(
                "{} translation {} in languages other than the site's `{}` left out (e.g. `{}`); set `language` in the config to publish another",
                translations.len(),
                if translations.len() == 1 { "file" } else { "files" },
                self.site_language,
                first.path.display()
            )));
        }
        if let Some(first) = self.outside_languages.first() {
            self.found.warnings.push(Diagnostic::general(format!(
                "{} outside the declared languages' folders left out (e.g. `{}`): the languages keep their posts in folders named after them; add a folder's language to `languages` to publish it",
                crate::text::counted(self.outside_languages.len(), "post file", "post files"),
                first.path.display()
            )));
        }
        if self.found.files.is_empty() && translations.is_empty() {
            // A build of nothing is almost always the wrong folder; say so instead of exit 0
            // with empty feeds and no word.
            self.found.warnings.push(match self.other_extensions.is_empty() {
                true => Diagnostic::file(content_dir, "no posts: the content folder is empty")
                    .with_help(
                        "write a post there as a Markdown file (`feedsmith init` shows one), or point `content_dir` at your posts",
                    ),
                false => Diagnostic::file(
                    content_dir,
                    format!(
                        "no post found: posts end in .md, .markdown, .mdown, .mkd or .mdx, and this folder holds only files ending in {}",
                        self.other_extensions.into_iter().collect::<Vec<_>>().join(", ")
                    ),
                ),
            });
        }
        Ok(self.found)
    }
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.as_encoded_bytes().starts_with(b".")
}

/// What a directory entry is when it is neither a file, a folder nor a link: the content
/// walk names it rather than pass over it in silence.
fn special_file(kind: std::fs::FileType) -> Option<&'static str> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some("a named pipe (FIFO)");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
        if kind.is_block_device() || kind.is_char_device() {
            return Some("a device");
        }
    }
    (!kind.is_file() && !kind.is_dir() && !kind.is_symlink()).then_some("not a regular file")
}

/// `path` with every byte that is not UTF-8 written `\xNN`, when there is one.
fn not_utf8(path: &Path) -> Option<String> {
    if path.to_str().is_some() {
        return None;
    }
    let mut shown = String::new();
    for chunk in path.as_os_str().as_encoded_bytes().utf8_chunks() {
        shown.push_str(chunk.valid());
        for byte in chunk.invalid() {
            shown.push_str(&format!("\\x{byte:02X}"));
        }
    }
    Some(shown)
}

/// Whether the file's extension is a post's, read from its bytes (the name need not be UTF-8).
fn has_post_extension(path: &Path, templates: bool) -> bool {
    let templates: &[&str] = match templates {
        true => &file::TEMPLATE_EXTENSIONS,
        false => &[],
    };
    path.extension().is_some_and(|extension| {
        POST_EXTENSIONS.iter().chain(templates).any(|known| {
            extension
                .as_encoded_bytes()
                .eq_ignore_ascii_case(known.as_bytes())
        })
    })
}

/// The posts read.
#[derive(Debug, Default)]
pub(crate) struct Loaded {
    /// Every post, in the order of the files. Boxed: the site's entries take them over
    /// without a second list of a big site's posts in memory.
    #[allow(
        clippy::vec_box,
        reason = "moved into the entries by pointer, not copied"
    )]
    pub(crate) posts: Vec<Box<Post>>,
    /// Pages read but left out because their tool never lists them as posts (Hugo's
    /// headless bundles, a page without a date where the tool allows one).
    pub(crate) left_out: Vec<std::path::PathBuf>,
}

impl Loaded {
    /// One word about the pages left out, if any.
    pub(crate) fn left_out_warning(&self) -> Option<Diagnostic> {
        let first = self.left_out.first()?;
        let (pages, pronoun) = match self.left_out.len() {
            1 => ("it", "it"),
            _ => ("each", "them"),
        };
        Some(Diagnostic::general(format!(
            "{} left out: the tool never lists a headless bundle or a page without a date as a post (e.g. `{}`); give {pages} a `date` to publish {pronoun}",
            crate::text::counted(self.left_out.len(), "page", "pages"),
            first.display(),
        )))
    }
}

/// Reads and parses every file in parallel; returns all posts in file order, or every
/// problem found. Bodies are dropped once parsed: most posts of a big site only reach the
/// sitemap, and those a feed includes are read again when rendered.
pub(crate) fn load_posts(
    files: &[PostFile],
    config: &SiteConfig,
    progress: &dyn Progress,
) -> Result<Loaded, Error> {
    progress.start("reading posts", files.len());
    let results: Vec<Result<Box<Post>, Vec<Diagnostic>>> = files
        .par_iter()
        .map(|file| {
            progress.advance(1);
            read_post(file, config)
        })
        .collect();
    if results.iter().any(Result::is_err) {
        let problems: Vec<Diagnostic> = results
            .into_iter()
            .filter_map(Result::err)
            .flatten()
            .collect();
        return Err(Error::Content(problems));
    }
    // `map` (unlike `flatten`) lets the standard library reuse `results`' allocation: a big
    // site's posts are never held twice.
    let mut left_out = Vec::new();
    let posts = results
        .into_iter()
        .map(|result| result.expect("no problems, checked above"))
        .filter(|post| {
            if post.headless {
                left_out.push(post.source_path.clone());
            }
            !post.headless
        })
        .collect();
    Ok(Loaded { posts, left_out })
}

fn read_post(post_file: &PostFile, config: &SiteConfig) -> Result<Box<Post>, Vec<Diagnostic>> {
    let bytes = read_limited(&post_file.path, config.max_post_bytes).map_err(|d| vec![d])?;
    // A folder whose own pattern carries the date (or does not) decides for its posts
    // whether the name's date prefix is part of the slug.
    let profile = match config.folder_permalinks.of_folder(&post_file.folder) {
        Some(pattern) => Profile {
            date_in_url: pattern.uses_date(),
            ..config.profile
        },
        None => config.profile,
    };
    post::parse_post_in(
        post_file,
        &bytes,
        &config.timezone,
        config.static_dir.as_deref(),
        (&profile, &config.site_values.schema_dates),
        Some(&config.languages),
    )
    .map(Box::new)
}

/// The bytes of the post file at `path`, refused over `max_bytes`: when it is loaded and
/// when its body is read again for rendering, so a file that grew in between is caught too.
fn read_limited(path: &Path, max_bytes: u64) -> Result<Vec<u8>, Diagnostic> {
    let io_problem = |err: std::io::Error| Diagnostic::file(path, format!("cannot be read: {err}"));
    let file = File::open(path).map_err(io_problem)?;
    let size = file.metadata().map_err(io_problem)?.len();
    let too_big = |size: u64| {
        Diagnostic::file(
            path,
            format!(
                "file is {size} bytes, over the limit of {max_bytes} bytes (`max_post_bytes` in the config)"
            ),
        )
    };
    if size > max_bytes {
        return Err(too_big(size));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    // Through `take`, which also keeps a file that grows after the size was read within the
    // limit, `read_to_end` does not ask the file's size and position again: two system
    // calls fewer per post.
    file.take(max_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(io_problem)?;
    if bytes.len() as u64 > max_bytes {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

/// The cleaned Markdown body of a post, read again from its file, at the place its reading
/// found, for the body stage (bodies are not kept from loading: most posts of a big site
/// only reach the sitemap).
pub(crate) fn read_body(post: &Post, max_bytes: u64) -> Result<String, Diagnostic> {
    let bytes = read_limited(&post.source_path, max_bytes)?;
    body_of(&post.source_path, &bytes, &post.body)
}

/// Warnings about a published post: a front-matter key that looks like a misspelling of
/// one feedsmith reads, a cover image missing from the configured static folder. (Drafts and future posts left out of the build are not checked. A post without a
/// `description` is no problem — feeds show an excerpt — and is counted in the summary.)
pub(crate) fn post_warnings(post: &Post, config: &SiteConfig) -> Vec<Diagnostic> {
    let mut warnings: Vec<Diagnostic> = post
        .misspelled_keys
        .iter()
        .map(|(key, near, spot)| {
            Diagnostic::at_spot(
                &post.source_path,
                spot,
                format!("front-matter key `{key}` is not one feedsmith reads, and is left out"),
            )
            .with_help(format!("did you mean `{near}`?"))
        })
        .collect();
    if let (Some(static_dir), Some(image)) = (&config.static_dir, &post.cover_image)
        && let Some(site_path) = image.strip_prefix('/')
        && !site_path.starts_with('/')
    {
        let file = static_dir.join(site_path.split(['?', '#']).next().unwrap_or_default());
        if !file.is_file() {
            let message = format!(
                "cover image \"{image}\" does not exist: no file `{}`",
                file.display()
            );
            let spot = post.cover_image_at.and_then(|(line, column)| {
                let bytes = std::fs::read(&post.source_path).ok()?;
                let text = post::decode(&post.source_path, &bytes).ok()?;
                Some(SourceSpot::new(&text, line, column))
            });
            warnings.push(match &spot {
                Some(spot) => Diagnostic::at_spot(&post.source_path, spot, message),
                None => Diagnostic::file(&post.source_path, message),
            });
        }
    }
    warnings
}
