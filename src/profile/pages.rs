//! The pages a post may link to that are not posts: Jekyll's collection documents and
//! pages (`{% link %}`), Zola's pages and sections (`@/x.md`), Hugo's (`ref`, `relref`).

use super::{Profile, SiteValues, Tool};

impl Profile {
    /// The URL path of a page that is not a post, named by its path in the site's source,
    /// as Jekyll's `{% link %}` gives it: a collection document (`_docs/history.md`) by the
    /// collection's `permalink` (`/:collection/:path/`; Jekyll's default
    /// `/:collection/:path:output_ext`), a page (`about.md`) at `/about.html`, or `/about/`
    /// when the site's `permalink` is `pretty` or ends in `/`; Zola's and Hugo's pages that
    /// are there, by their path. Other tools: none.
    pub fn page_path(&self, values: &SiteValues, target: &str) -> Option<String> {
        if self.tool == Some(Tool::Zola) {
            // Only a page that is there: Zola refuses a link to one that is not.
            let known = values.pages.contains(target.trim().trim_start_matches('/'));
            return known.then(|| self.content_page_path(target)).flatten();
        }
        if self.tool == Some(Tool::Hugo) {
            return self.hugo_page_path(values, target);
        }
        if self.tool != Some(Tool::Jekyll) {
            return None;
        }
        let target = target
            .trim()
            .trim_start_matches("./")
            .trim_start_matches('/');
        let (stem, extension) = target.rsplit_once('.')?;
        if !matches!(extension, "md" | "markdown" | "html" | "mdown" | "mkd") {
            return None;
        }
        let pretty = values
            .get("permalink")
            .is_some_and(|p| p == "pretty" || p.ends_with('/'));
        let output_ext = if pretty { "/" } else { ".html" };
        if let Some(rest) = stem.strip_prefix('_') {
            let (collection, path) = rest.split_once('/')?;
            if matches!(
                collection,
                "posts" | "drafts" | "data" | "includes" | "layouts"
            ) {
                return None;
            }
            let pattern = values
                .get(&format!("collections.{collection}.permalink"))
                .unwrap_or("/:collection/:path:output_ext");
            let path = pattern
                .replace(":collection", collection)
                .replace(":path", path)
                .replace(":name", path.rsplit('/').next().unwrap_or(path))
                .replace(
                    ":output_ext",
                    if pattern.ends_with('/') { "" } else { ".html" },
                );
            return Some(path);
        }
        Some(match stem.strip_suffix("index") {
            Some(folder) if folder.is_empty() || folder.ends_with('/') => format!("/{folder}"),
            _ => format!("/{stem}{output_ext}"),
        })
    }

    /// The page or section of a Hugo site a `ref`/`relref` names that is not a post: by
    /// its path in the content root, with or without `.md`, or by its folder (`community`
    /// for `community/_index.md` or `community/index.md`), as Hugo finds it from the site's
    /// root; only one that is there. Published at its path, as Hugo's default permalinks
    /// and `urlize` write it (`/community/`, `/docs/install/`).
    fn hugo_page_path(&self, values: &SiteValues, target: &str) -> Option<String> {
        let target = target.trim().trim_start_matches("./").trim_matches('/');
        if target.is_empty() {
            return None;
        }
        let stem = target.strip_suffix(".md").unwrap_or(target);
        [
            target.to_owned(),
            format!("{stem}.md"),
            format!("{stem}/_index.md"),
            format!("{stem}/index.md"),
        ]
        .into_iter()
        .find(|candidate| values.pages.contains(candidate))
        .and_then(|page| self.content_page_path(&page))
    }

    /// The path Zola and Hugo publish the page or section a content path names
    /// (`projects/a.md`, `docs/_index.md`, `x/index.md`): its folders and name as the tool
    /// writes them (Zola's `slugify.paths`, Hugo's `urlize`), ending in `/`. (A language
    /// suffix is the caller's: it says under which root.)
    fn content_page_path(&self, target: &str) -> Option<String> {
        let target = target.trim().trim_start_matches('/');
        let stem = target.strip_suffix(".md")?;
        let stem = stem
            .strip_suffix("_index")
            .or_else(|| {
                stem.strip_suffix("index")
                    .filter(|f| f.is_empty() || f.ends_with('/'))
            })
            .unwrap_or(stem);
        let segments: Vec<String> = stem
            .split('/')
            .filter(|segment| !segment.is_empty())
            .map(|segment| self.segment(segment))
            .collect();
        Some(match segments.is_empty() {
            true => "/".to_owned(),
            false => format!("/{}/", segments.join("/")),
        })
    }
}
