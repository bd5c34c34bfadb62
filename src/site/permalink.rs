//! Where each post is published: its own path (`path`, `url`, `permalink`, as its tool fills
//! it in) or its folder's or its language's pattern filled in.

use crate::config::SiteConfig;
use crate::source::Post;
use crate::taxonomy;

/// The post's path under its language's root URL: its own (`path`, `url`, a Jekyll
/// `permalink` with placeholders; one that already starts with the language's prefix is not
/// given it twice, as Zola has it), else its folder's pattern (`permalinks:`) or its
/// language's filled in.
pub(super) fn site_path_of(config: &SiteConfig, post: &Post) -> String {
    let date = post.published.date();
    let language = &config.languages.list[post.language];
    let pattern = match &post.own_pattern {
        Some(own) => own,
        None => config.permalink_of(&post.folder, post.language),
    };
    let title_slug = match pattern.uses_title() {
        true => post.title_slug(&config.profile),
        false => String::new(),
    };
    // Under the site's own host, the language's folder is its URL prefix too.
    let prefix_in_url = !language.folder.is_empty() && !language.own_host;
    let own = |path: String| match path.trim_start_matches('/').strip_prefix(&language.folder) {
        Some(rest) if prefix_in_url => rest.to_owned(),
        _ => path,
    };
    match &post.site_path {
        Some(site_path) if site_path.contains(':') => {
            own(config
                .profile
                .own_permalink(site_path, &post.slug, &categories_path(post), date))
        }
        Some(site_path) => own(site_path.clone()),
        None => {
            let categories = match pattern.uses_categories() {
                true => categories_path(post),
                false => String::new(),
            };
            pattern.expand(
                &config.profile,
                [&post.slug, &title_slug, &categories],
                &post.folder,
                [date.year(), date.month().into(), date.day().into()],
            )
        }
    }
}

/// A post's categories as a URL path, as Jekyll's `:categories` writes them: each slugified,
/// joined by `/` (empty for a post with none; the `/` it leaves twice is written once).
pub(super) fn categories_path(post: &Post) -> String {
    let categories: Vec<String> = post
        .categories
        .iter()
        .map(|c| taxonomy::slugify(c))
        .filter(|c| !c.is_empty())
        .collect();
    categories.join("/")
}

/// The longest URL a sitemap `<loc>` may hold (sitemaps.org).
pub(super) const MAX_URL_LEN: usize = 2048;
