//! `feedsmith ids init`: the first id ledger of a site (see [`crate::config::Ledger`]), from
//! its current posts and from the feeds it published before, each item's id recorded under
//! the post its link names — so moving to feedsmith shows readers no old post as new.

mod published;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use url::Url;

use self::published::{found_feeds, read_items};
use crate::config::{LEDGER_FILE, Ledger};
use crate::error::Error;
use crate::output::{create_ledger, ledger_exists};
use crate::settings::Settings;
use crate::site::Entry;

/// What `ids init` wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IdsReport {
    /// The ledger written.
    pub path: PathBuf,
    /// Posts recorded.
    pub posts: usize,
    /// Of those, posts recorded under an id a published feed gave.
    pub from_feeds: usize,
    /// Each feed read: its path, its items, and how many of them named a post.
    pub feeds: Vec<(PathBuf, usize, usize)>,
    /// Items that named no post: the feed, the item's link (or id).
    pub unmatched: Vec<(PathBuf, String)>,
    /// Items left aside: another item already gave their post an id, or their id to
    /// another post, or their id is no absolute URI (which Atom needs).
    pub conflicts: Vec<String>,
}

/// The ledger's path for the site of `settings`.
pub fn ledger_path(settings: &Settings) -> PathBuf {
    crate::config::in_site(&settings.site_root, Path::new(LEDGER_FILE))
}

/// Feeds an earlier build left in the site's output folders (its own and each tool's
/// usual one), for `ids init` to offer reading.
pub fn published_feeds(settings: &Settings) -> Vec<PathBuf> {
    found_feeds(&settings.site_root, &settings.config.output_dir)
}

/// Writes the site's first ledger: each published post under the id the first of the
/// feeds `from` gives the item that links to it, else under the id a build gives it today.
/// Refuses to replace a ledger; writes nothing unless every feed could be read.
pub fn init(settings: &Settings, from: &[PathBuf]) -> Result<IdsReport, Error> {
    let path = ledger_path(settings);
    if std::fs::symlink_metadata(&path).is_ok() {
        return Err(ledger_exists(&path));
    }
    let feeds = from
        .iter()
        .map(|feed| read_items(feed).map(|items| (feed.clone(), items)))
        .collect::<Result<Vec<_>, Error>>()?;
    let (site, _, _) = crate::pipeline::on_workers(settings.jobs, || {
        crate::pipeline::read_site(settings, &crate::progress::Silent)
    })?;
    let mut report = IdsReport {
        path: path.clone(),
        posts: site.entries.len(),
        ..IdsReport::default()
    };
    let pages = Pages::of(&site.entries);
    let mut ledger = Ledger::default();
    let mut given_ids: HashMap<String, usize> = HashMap::new();
    for (feed, items) in &feeds {
        let mut matched = 0;
        for item in items {
            let Some(index) = item.link.as_deref().and_then(|link| pages.find(link)) else {
                let named = item.link.clone().unwrap_or_else(|| item.id.clone());
                report.unmatched.push((feed.clone(), named));
                continue;
            };
            matched += 1;
            let entry = &site.entries[index];
            let source = entry.post.relative_path.as_str();
            if ledger.has(source) {
                report.conflicts.push(format!(
                    "{}: `{}` names {source} again; the id an earlier item gave it is kept",
                    feed.display(),
                    item.id
                ));
                continue;
            }
            if let Some(problem) = crate::links::id_problem(&item.id) {
                report.conflicts.push(format!(
                    "{}: the id `{}` {problem}; {source} keeps today's",
                    feed.display(),
                    item.id
                ));
                continue;
            }
            if let Some(other) = given_ids.get(&item.id) {
                report.conflicts.push(format!(
                    "{}: the id `{}` was given to {} already; {source} keeps today's",
                    feed.display(),
                    item.id,
                    site.entries[*other].post.relative_path
                ));
                continue;
            }
            given_ids.insert(item.id.clone(), index);
            ledger.record(source, entry.permalink.as_str(), &item.id, None);
            report.from_feeds += 1;
        }
        report.feeds.push((feed.clone(), items.len(), matched));
    }
    for entry in &site.entries {
        let source = entry.post.relative_path.as_str();
        if !ledger.has(source) {
            ledger.record(source, entry.permalink.as_str(), entry.id(), None);
        }
    }
    create_ledger(&path, &ledger.render(), settings.sync)?;
    Ok(report)
}

/// The site's posts by the ways an old feed's link may name them: the whole URL; its path
/// (without `index.html`, `.html` or the last `/`, which tools add or drop); its last part,
/// a date prefix (`2019-05-03-`) taken off, when one post alone ends so (a site that moved
/// from `/2019/05/slug/` to `/posts/slug/`).
struct Pages {
    by_url: HashMap<String, usize>,
    by_path: HashMap<String, Option<usize>>,
    by_slug: HashMap<String, Option<usize>>,
}

impl Pages {
    fn of(entries: &[Entry]) -> Pages {
        let mut pages = Pages {
            by_url: HashMap::new(),
            by_path: HashMap::new(),
            by_slug: HashMap::new(),
        };
        for (index, entry) in entries.iter().enumerate() {
            let url = &entry.permalink;
            pages.by_url.insert(url_key(url), index);
            let path = path_key(url.path());
            let slugs: HashSet<String> = [slug_key(&path), slug_key(&entry.post.slug)]
                .into_iter()
                .filter(|slug| !slug.is_empty())
                .collect();
            unique(&mut pages.by_path, path, index);
            for slug in slugs {
                unique(&mut pages.by_slug, slug, index);
            }
        }
        pages
    }

    /// The post `link` names, if exactly one does.
    fn find(&self, link: &str) -> Option<usize> {
        let path = match Url::parse(link) {
            Ok(url) => {
                if let Some(index) = self.by_url.get(&url_key(&url)) {
                    return Some(*index);
                }
                path_key(url.path())
            }
            // A relative link: a path on the old site.
            Err(_) => path_key(link.split(['?', '#']).next().unwrap_or_default()),
        };
        if let Some(found) = self.by_path.get(&path) {
            return *found;
        }
        self.by_slug.get(&slug_key(&path)).copied().flatten()
    }
}

/// Keeps `index` under `key`, or marks the key as naming several posts.
fn unique(map: &mut HashMap<String, Option<usize>>, key: String, index: usize) {
    map.entry(key)
        .and_modify(|found| {
            if *found != Some(index) {
                *found = None;
            }
        })
        .or_insert(Some(index));
}

fn url_key(url: &Url) -> String {
    let mut url = url.clone();
    url.set_fragment(None);
    format!(
        "{}{}",
        url.host_str().unwrap_or_default(),
        path_key(url.path())
    ) + url
        .query()
        .map(|query| format!("?{query}"))
        .as_deref()
        .unwrap_or("")
}

fn path_key(path: &str) -> String {
    let path = path
        .strip_suffix("index.html")
        .or_else(|| path.strip_suffix("index.htm"))
        .unwrap_or(path);
    let path = path
        .strip_suffix(".html")
        .or_else(|| path.strip_suffix(".htm"))
        .unwrap_or(path);
    let path = path.trim_end_matches('/');
    match path.starts_with('/') {
        true => path.to_string(),
        false => format!("/{path}"),
    }
}

/// The last part of a path, without a Jekyll-style date prefix.
fn slug_key(path: &str) -> String {
    let last = path.rsplit('/').next().unwrap_or_default();
    let bytes = last.as_bytes();
    let dated = bytes.len() > 11
        && bytes[..10].iter().enumerate().all(|(i, b)| {
            matches!(i, 4 | 7) && *b == b'-' || !matches!(i, 4 | 7) && b.is_ascii_digit()
        })
        && bytes[10] == b'-';
    match dated {
        true => last[11..].to_string(),
        false => last.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_slugs_ignore_what_tools_add_or_drop() {
        assert_eq!(path_key("/2019/05/03/hello.html"), "/2019/05/03/hello");
        assert_eq!(path_key("/posts/hello/index.html"), "/posts/hello");
        assert_eq!(path_key("/posts/hello/"), "/posts/hello");
        assert_eq!(path_key("/"), "/");
        assert_eq!(slug_key("/2019/05/03/hello"), "hello");
        assert_eq!(slug_key("2019-05-03-hello"), "hello");
        assert_eq!(slug_key("/posts/2019-5-hello"), "2019-5-hello");
    }
}
