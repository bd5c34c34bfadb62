//! A post's versions in the site's other languages: what pairs them (the bundle, the path in
//! another language's folder, the name without its language, Hugo's `translationKey`).

use std::collections::BTreeMap;

use super::{Entry, Translation};
use crate::config::SiteConfig;
use crate::source::{self, Post};

/// Links each entry to its versions in the other languages: the posts that share its
/// `translationKey`, else its path inside the content folder without its language (the
/// suffix of `index.es.md`, the folder of `fr/posts/a.md`) and extension, as Hugo and Zola
/// pair them. Two posts of one language with one key: the first by path is the version.
pub(super) fn link_translations(config: &SiteConfig, entries: &mut [Entry]) {
    let mut by_key: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (index, entry) in entries.iter().enumerate() {
        by_key
            .entry(translation_key(config, &entry.post))
            .or_default()
            .push(index);
    }
    for members in by_key.values() {
        // One version per language, in the config's order; the first by path wins a language.
        let mut versions: Vec<usize> = members.clone();
        versions.sort_by(|&a, &b| {
            let (a, b) = (&entries[a].post, &entries[b].post);
            a.language
                .cmp(&b.language)
                .then_with(|| a.source_path.cmp(&b.source_path))
        });
        versions.dedup_by_key(|&mut i| entries[i].post.language);
        if versions.len() < 2 {
            continue;
        }
        for &member in members {
            let own = entries[member].post.language;
            let others: Box<[Translation]> = versions
                .iter()
                .filter(|&&i| entries[i].post.language != own)
                .map(|&i| Translation {
                    language: entries[i].post.language,
                    url: entries[i].permalink.clone(),
                })
                .collect();
            entries[member].translations = others;
        }
    }
}

/// What pairs a post with its translations (see [`link_translations`]).
pub(super) fn translation_key(config: &SiteConfig, post: &Post) -> String {
    if let Some(key) = &post.translation_key {
        return format!("key:{key}");
    }
    let path = post.relative_path.as_str();
    let path = path.rsplit_once('.').map_or(path, |(stem, _)| stem);
    let path = match path.rsplit_once('.') {
        Some((stem, tag)) if !tag.contains('/') && source::is_language_code(tag) => stem,
        _ => path,
    };
    let in_folder = path
        .split_once('/')
        .filter(|(top, _)| config.languages.of_folder(top).is_some());
    format!("path:{}", in_folder.map_or(path, |(_, rest)| rest))
}
