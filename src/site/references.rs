//! What a reference in a post names — `ref` and `relref` (Hugo), `post_url` and `link`
//! (Jekyll), `@/` links (Zola) — resolved against the site's model, which stays as it was
//! built: the index of every way of naming a post is the resolver's own, made on the first
//! look-up (most sites have none) and dropped with the resolver.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::{Entry, Site};
use crate::source::{self, Post};

/// Resolves references against one site; built by the pipeline for its body pass.
#[derive(Debug)]
pub(crate) struct Resolver<'s> {
    site: &'s Site,
    /// Which entry each way of naming a post refers to (see [`Resolver::find_entry`]).
    links: OnceLock<PostLinks>,
}

impl Site {
    /// A resolver of references against this site.
    pub(crate) fn resolver(&self) -> Resolver<'_> {
        Resolver {
            site: self,
            links: OnceLock::new(),
        }
    }
}

impl Resolver<'_> {
    /// The URL a template reference (`ref`, `{% post_url %}`, `{% link %}`) or a Zola
    /// internal link (`@/projects/a.md`) names, from a post in `language`: a post's permalink
    /// (the version in `language`, if it has one, as Hugo's `ref` in a translated page links
    /// the translation), else the page of the tool's own that the path names (Jekyll's
    /// collection documents and pages, by its config's permalinks; Zola's pages and
    /// sections, by their paths).
    pub(crate) fn resolve(&self, target: &str, language: Option<usize>) -> Option<String> {
        if let Some((entry, fragment)) = self.find_entry(target) {
            let translated = language
                .and_then(|wanted| entry.translations.iter().find(|t| t.language == wanted));
            let mut url = translated.map_or_else(|| entry.permalink.clone(), |t| t.url.clone());
            if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
                url.set_fragment(Some(fragment));
            }
            return Some(url.into());
        }
        // A page in another language (`about.es.md`) is under that language's root.
        let languages = &self.site.config.languages;
        let (target, root) = match target.rsplit_once('.').and_then(|(stem, ext)| {
            let (name, tag) = stem.rsplit_once('.')?;
            let language = &languages.list[languages.index_of(tag)?];
            Some((format!("{name}.{ext}"), &language.root_url))
        }) {
            Some((target, root)) if languages.declared => (target, root),
            _ => (target.to_owned(), &self.site.config.base_url),
        };
        let path = self
            .site
            .config
            .profile
            .page_path(&self.site.config.site_values, &target)?;
        let url = root.join(path.trim_start_matches('/')).ok()?;
        Some(url.into())
    }

    /// The entry a reference names, as `ref`/`relref` (Hugo), `post_url`/`link` (Jekyll)
    /// write it — a path inside the content folder with or without its extension, leading
    /// folders that are not part of it (`_posts/…` when the content folder is `_posts`)
    /// dropped, or the file name alone — and its `#fragment`, if any.
    fn find_entry<'t>(&self, target: &'t str) -> Option<(&Entry, Option<&'t str>)> {
        let (path, fragment) = match target.split_once('#') {
            Some((path, fragment)) => (path, Some(fragment)),
            None => (target, None),
        };
        let mut path = path.trim().trim_start_matches("./").trim_matches('/');
        let entry = loop {
            let without_extension = path
                .rsplit_once('.')
                .filter(|(_, ext)| source::POST_EXTENSIONS.contains(ext))
                .map_or(path, |(stem, _)| stem);
            // Built on the first reference: most sites have none.
            let links = self
                .links
                .get_or_init(|| PostLinks::new(&self.site.entries));
            let found = links.get(&self.site.entries, path);
            if let Some(index) = found.or_else(|| links.get(&self.site.entries, without_extension))
            {
                break &self.site.entries[index];
            }
            path = path.split_once('/')?.1;
        };
        Some((entry, fragment))
    }
}

/// Every way a reference can name each entry, the first entry (newest) winning a name two
/// share: its path inside the content folder with and without extension, its folder and name
/// (a bundle's folder), its file or bundle name alone, and last its slug (so a slug never
/// takes a name a file has).
///
/// The index holds each name's hash, not its text: a million-post site has five million
/// names, and their text would take hundreds of megabytes. A hash found is checked against
/// the entry's names, and two names that share a hash fall back to a scan in the same order.
#[derive(Debug)]
struct PostLinks {
    /// The hash of each name a file gives, to the first entry with it.
    files: HashMap<u64, usize>,
    /// The hash of each slug, to the first entry with it.
    slugs: HashMap<u64, usize>,
}

impl PostLinks {
    fn new(entries: &[Entry]) -> PostLinks {
        let mut files = HashMap::with_capacity(entries.len() * 4);
        let mut slugs = HashMap::with_capacity(entries.len());
        for (index, entry) in entries.iter().enumerate() {
            for name in file_names(&entry.post) {
                files.entry(name_hash(&name)).or_insert(index);
            }
            slugs.entry(name_hash(&entry.post.slug)).or_insert(index);
        }
        PostLinks { files, slugs }
    }

    /// The entry `name` names, if any.
    fn get(&self, entries: &[Entry], name: &str) -> Option<usize> {
        let hash = name_hash(name);
        let by_file = |post: &Post| file_names(post).any(|n| n == name);
        let by_slug = |post: &Post| post.slug == name;
        // No hash, no name; a hash whose entry does not have the name is another name's
        // (a collision), and the slow way finds the right one.
        let find = |map: &HashMap<u64, usize>, has: &dyn Fn(&Post) -> bool| {
            let index = *map.get(&hash)?;
            match has(&entries[index].post) {
                true => Some(index),
                false => entries.iter().position(|e| has(&e.post)),
            }
        };
        find(&self.files, &by_file).or_else(|| find(&self.slugs, &by_slug))
    }
}

/// The names a post's file gives it, in the order they are looked up.
fn file_names(post: &Post) -> impl Iterator<Item = std::borrow::Cow<'_, str>> {
    use std::borrow::Cow;
    let relative = post.relative_path.as_str();
    let without_extension = relative.rsplit_once('.').map_or(relative, |(stem, _)| stem);
    let in_folder = match post.folder.is_empty() {
        true => Cow::Borrowed(post.file_name.as_str()),
        false => Cow::Owned(format!("{}/{}", post.folder, post.file_name)),
    };
    [
        Cow::Borrowed(relative),
        Cow::Borrowed(without_extension),
        in_folder,
        Cow::Borrowed(post.file_name.as_str()),
    ]
    .into_iter()
}

fn name_hash(name: &str) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
    // A fixed hasher: the same names give the same index in every run.
    BuildHasherDefault::<DefaultHasher>::default().hash_one(name)
}
