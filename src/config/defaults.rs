//! Every default of the site config, in one place: the validator takes its values from here,
//! `feedsmith init` writes its template with them, and the tests hold the README's config
//! table to them (through `TABLE`, the same values as the README shows them).

/// `timezone`.
pub(crate) const TIMEZONE: &str = "UTC";
/// `permalink`.
pub(crate) const PERMALINK: &str = "/blog/{slug}/";
/// `flavor`: the tool found from its config above the content folder.
pub(crate) const FLAVOR: &str = "auto";
/// `content_dir`.
pub(crate) const CONTENT_DIR: &str = "content";
/// `output_dir`.
pub(crate) const OUTPUT_DIR: &str = "public";
/// `max_post_bytes`: 10 MB.
pub(crate) const MAX_POST_BYTES: u64 = 10 * 1024 * 1024;
/// `sanitize`.
pub(crate) const SANITIZE: bool = false;
/// `feeds.limit`, `tag_feeds.limit`, `category_feeds.limit`: posts per feed.
pub(crate) const FEED_LIMIT: usize = 20;
/// `feeds.full_content`.
pub(crate) const FULL_CONTENT: bool = true;
/// Every output's `enabled`.
pub(crate) const OUTPUT_ENABLED: bool = true;
/// `sitemap.file`.
pub(crate) const SITEMAP_FILE: &str = "sitemap.xml";
/// `sitemap.max_urls`, also its largest value: the sitemap protocol's limit.
pub(crate) const SITEMAP_MAX_URLS: usize = 50_000;
/// `sitemap.images`.
pub(crate) const SITEMAP_IMAGES: bool = true;
/// `tag_feeds.folder`.
pub(crate) const TAG_FOLDER: &str = "tags/{slug}";
/// `tag_feeds.page_url`.
pub(crate) const TAG_PAGE_URL: &str = "/tags/{slug}/";
/// `category_feeds.folder`.
pub(crate) const CATEGORY_FOLDER: &str = "categories/{slug}";
/// `category_feeds.page_url`.
pub(crate) const CATEGORY_PAGE_URL: &str = "/categories/{slug}/";
/// `author_feeds.folder`.
pub(crate) const AUTHOR_FOLDER: &str = "authors/{slug}";
/// `author_feeds.page_url`.
pub(crate) const AUTHOR_PAGE_URL: &str = "/authors/{slug}/";
/// `author_feeds.enabled`: off, unlike tags' and categories', for most blogs have one
/// author, whose feed would repeat the main one.
pub(crate) const AUTHOR_FEEDS: bool = false;
/// `section_feeds.folder`: a section's feeds next to its pages.
pub(crate) const SECTION_FOLDER: &str = "{section}";
/// `opml.file`.
pub(crate) const OPML_FILE: &str = "feeds.opml";
/// `feeds_page.file`.
pub(crate) const FEEDS_PAGE_FILE: &str = "feeds.html";
/// `feeds_page.head_file`.
pub(crate) const FEEDS_HEAD_FILE: &str = "feeds-head.html";
/// `websub.ping`.
pub(crate) const WEBSUB_PING: bool = false;
/// `archives.enabled`.
pub(crate) const ARCHIVES: bool = false;
/// `archives.page_size`.
pub(crate) const ARCHIVE_PAGE_SIZE: usize = 50;

/// A key's default as the README's table writes it.
#[cfg(test)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Default {
    /// The key, dotted below the top level (`feeds.limit`).
    pub(crate) key: &'static str,
    /// Its default as text (`20`, `true`, `feed.xml`).
    pub(crate) value: &'static str,
}

#[cfg(test)]
macro_rules! shown {
    ($($key:literal => $value:expr),* $(,)?) => {
        &[$(Default { key: $key, value: $value }),*]
    };
}

/// The defaults the README's config table shows, key by key. The `&str` constants are these
/// values; numbers and booleans are checked against theirs by the tests below.
#[cfg(test)]
pub(crate) const TABLE: &[Default] = shown![
    "timezone" => TIMEZONE,
    "permalink" => PERMALINK,
    "flavor" => FLAVOR,
    "content_dir" => CONTENT_DIR,
    "output_dir" => OUTPUT_DIR,
    "max_post_bytes" => "10485760",
    "sanitize" => "false",
    "feeds.limit" => "20",
    "feeds.full_content" => "true",
    "feeds.rss.enabled" => "true",
    "feeds.rss.file" => "feed.xml",
    "feeds.atom.enabled" => "true",
    "feeds.atom.file" => "atom.xml",
    "feeds.json.enabled" => "true",
    "feeds.json.file" => "feed.json",
    "sitemap.enabled" => "true",
    "sitemap.file" => SITEMAP_FILE,
    "sitemap.max_urls" => "50000",
    "sitemap.images" => "true",
    "tag_feeds.enabled" => "true",
    "tag_feeds.folder" => TAG_FOLDER,
    "tag_feeds.page_url" => TAG_PAGE_URL,
    "tag_feeds.limit" => "20",
    "author_feeds.enabled" => "false",
    "author_feeds.folder" => AUTHOR_FOLDER,
    "author_feeds.page_url" => AUTHOR_PAGE_URL,
    "opml.enabled" => "true",
    "opml.file" => OPML_FILE,
    "feeds_page.enabled" => "true",
    "feeds_page.file" => FEEDS_PAGE_FILE,
    "feeds_page.head_file" => FEEDS_HEAD_FILE,
    "websub.ping" => "false",
    "archives.enabled" => "false",
    "archives.page_size" => "50",
    "section_feeds.folder" => SECTION_FOLDER,
];

/// The default of `key` as the table shows it.
#[cfg(test)]
pub(crate) fn shown(key: &str) -> Option<&'static str> {
    TABLE
        .iter()
        .find(|default| default.key == key)
        .map(|default| default.value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::FeedFormat;

    #[test]
    fn the_table_shows_the_values_the_validator_uses() {
        let numbers = [
            ("max_post_bytes", MAX_POST_BYTES.to_string()),
            ("feeds.limit", FEED_LIMIT.to_string()),
            ("tag_feeds.limit", FEED_LIMIT.to_string()),
            ("sitemap.max_urls", SITEMAP_MAX_URLS.to_string()),
            ("archives.page_size", ARCHIVE_PAGE_SIZE.to_string()),
            ("sanitize", SANITIZE.to_string()),
            ("feeds.full_content", FULL_CONTENT.to_string()),
            ("sitemap.images", SITEMAP_IMAGES.to_string()),
            ("websub.ping", WEBSUB_PING.to_string()),
            ("archives.enabled", ARCHIVES.to_string()),
            ("sitemap.enabled", OUTPUT_ENABLED.to_string()),
        ];
        for (key, value) in numbers {
            assert_eq!(shown(key), Some(value.as_str()), "{key}");
        }
        for format in FeedFormat::ALL {
            let name = format!("{format:?}").to_ascii_lowercase();
            assert_eq!(
                shown(&format!("feeds.{name}.file")),
                Some(format.default_file())
            );
        }
    }

    /// The README's config table, `| key | required | default | meaning |`: each row's keys
    /// and defaults (backticked, comma-separated, in the same order) must be the table's.
    #[test]
    fn the_readme_config_table_shows_these_defaults() {
        let readme = include_str!("../../README.md");
        let section = readme
            .split("## Site config")
            .nth(1)
            .and_then(|rest| rest.split("\n## ").next())
            .expect("the README has a Site config section");
        let ticked = |cell: &str| -> Vec<String> {
            cell.split('`')
                .skip(1)
                .step_by(2)
                .map(str::to_string)
                .collect()
        };
        let mut checked = Vec::new();
        for row in section.lines().filter(|line| line.starts_with("| `")) {
            let cells: Vec<&str> = row.split(" | ").collect();
            let (keys, defaults) = (ticked(cells[0]), ticked(cells[2]));
            if keys.len() != defaults.len() || keys.iter().any(|key| shown(key).is_none()) {
                continue;
            }
            for (key, default) in keys.iter().zip(&defaults) {
                assert_eq!(shown(key), Some(default.as_str()), "README row for `{key}`");
                checked.push(key.clone());
            }
        }
        for default in TABLE {
            assert!(
                checked.iter().any(|key| key == default.key),
                "the README's config table has no row showing `{}` = `{}`",
                default.key,
                default.value
            );
        }
    }
}
