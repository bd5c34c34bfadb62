//! The site config as written: what serde reads from the YAML, every value still where the
//! file has it (`Spanned`), nothing checked but its shape.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::person::Person;

/// What the site config file holds before validation.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawConfig {
    pub(super) title: Spanned<String>,
    pub(super) description: String,
    pub(super) base_url: Spanned<String>,
    pub(super) language: Option<Spanned<String>>,
    pub(super) languages: Option<Spanned<Vec<Spanned<super::languages::RawLanguage>>>>,
    pub(super) author: Option<RawPerson>,
    pub(super) timezone: Option<Spanned<String>>,
    pub(super) permalink: Option<Spanned<String>>,
    #[serde(default)]
    pub(super) permalinks: BTreeMap<String, Spanned<String>>,
    pub(super) flavor: Option<Spanned<String>>,
    pub(super) md_as_mdx: Option<bool>,
    pub(super) content_dir: Option<PathBuf>,
    pub(super) output_dir: Option<PathBuf>,
    #[serde(default)]
    pub(super) exclude: Vec<Spanned<String>>,
    pub(super) static_dir: Option<PathBuf>,
    pub(super) icon: Option<Spanned<String>>,
    pub(super) logo: Option<Spanned<String>>,
    pub(super) podcast: Option<Spanned<RawPodcast>>,
    pub(super) max_post_bytes: Option<u64>,
    pub(super) sanitize: Option<bool>,
    #[serde(default)]
    pub(super) feeds: RawFeeds,
    #[serde(default)]
    pub(super) sitemap: RawSitemap,
    #[serde(default)]
    pub(super) tag_feeds: RawTaxonomyFeeds,
    #[serde(default)]
    pub(super) category_feeds: RawTaxonomyFeeds,
    #[serde(default)]
    pub(super) author_feeds: RawTaxonomyFeeds,
    #[serde(default)]
    pub(super) author_slugs: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    pub(super) tag_slugs: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    pub(super) category_slugs: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    pub(super) opml: RawOutputFile,
    #[serde(default)]
    pub(super) feeds_page: RawFeedsPage,
    #[serde(default)]
    pub(super) websub: RawWebSub,
    #[serde(default)]
    pub(super) archives: RawArchives,
    #[serde(default)]
    pub(super) section_feeds: super::feed_sets::RawSectionFeeds,
    #[serde(default)]
    pub(super) sections: Vec<super::feed_sets::RawSection>,
    #[serde(default)]
    pub(super) custom_feeds: Vec<super::feed_sets::RawCustomFeed>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFeedsPage {
    pub(super) enabled: Option<bool>,
    pub(super) file: Option<Spanned<String>>,
    pub(super) head_file: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawArchives {
    pub(super) enabled: Option<bool>,
    pub(super) page_size: Option<Spanned<usize>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawWebSub {
    #[serde(default)]
    pub(super) hubs: Vec<Spanned<String>>,
    pub(super) ping: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTaxonomyFeeds {
    pub(super) enabled: Option<bool>,
    #[serde(default)]
    pub(super) only: Vec<String>,
    #[serde(default)]
    pub(super) except: Vec<String>,
    pub(super) folder: Option<Spanned<String>>,
    pub(super) page_url: Option<Spanned<String>>,
    pub(super) limit: Option<usize>,
    #[serde(default)]
    pub(super) rss: RawOutputFile,
    #[serde(default)]
    pub(super) atom: RawOutputFile,
    #[serde(default)]
    pub(super) json: RawOutputFile,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFeeds {
    pub(super) limit: Option<usize>,
    pub(super) full_content: Option<bool>,
    pub(super) max_bytes: Option<Spanned<usize>>,
    #[serde(default)]
    pub(super) rss: RawOutputFile,
    #[serde(default)]
    pub(super) atom: RawOutputFile,
    #[serde(default)]
    pub(super) json: RawOutputFile,
}

/// The files of a feed's three formats as the config names them (`rss:`, `atom:`, `json:`),
/// in [`crate::format::FeedFormat::ALL`] order. (serde cannot flatten them into one struct while refusing
/// unknown keys.)
pub(crate) trait RawFormatFiles {
    fn format_files(&self) -> [&RawOutputFile; 3];
}

/// [`RawFormatFiles`] for raw shapes with `rss`, `atom` and `json` fields.
macro_rules! format_files {
    ($($raw:ty),*) => {$(
        impl $crate::config::raw::RawFormatFiles for $raw {
            fn format_files(&self) -> [&$crate::config::raw::RawOutputFile; 3] {
                [&self.rss, &self.atom, &self.json]
            }
        }
    )*};
}
pub(super) use format_files;

format_files!(RawFeeds, RawTaxonomyFeeds);

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSitemap {
    pub(super) enabled: Option<bool>,
    pub(super) file: Option<Spanned<String>>,
    #[serde(default)]
    pub(super) extra_urls: Vec<Spanned<String>>,
    pub(super) max_urls: Option<Spanned<usize>>,
    pub(super) images: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawOutputFile {
    pub(super) enabled: Option<bool>,
    pub(super) file: Option<Spanned<String>>,
}

/// The `podcast:` block as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPodcast {
    pub(super) image: Option<Spanned<String>>,
    pub(super) category: Option<Spanned<String>>,
    #[serde(default)]
    pub(super) categories: Vec<Spanned<String>>,
    pub(super) explicit: Option<bool>,
    pub(super) author: Option<String>,
    pub(super) owner: Option<Spanned<RawOwner>>,
    #[serde(rename = "type")]
    pub(super) kind: Option<Spanned<String>>,
    pub(super) complete: Option<bool>,
    pub(super) block: Option<bool>,
    pub(super) new_feed_url: Option<Spanned<String>>,
    pub(super) locked: Option<bool>,
    pub(super) funding: Option<Spanned<RawFunding>>,
}

/// `podcast.owner` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawOwner {
    pub(super) name: Option<String>,
    pub(super) email: Option<String>,
}

/// `podcast.funding` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFunding {
    pub(super) url: String,
    pub(super) text: Option<String>,
}

/// A person as written in YAML: either just a name, or a map with `name`, `email`, `url`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum RawPerson {
    Name(String),
    Full {
        name: String,
        email: Option<String>,
        url: Option<String>,
    },
}

impl From<RawPerson> for Person {
    fn from(raw: RawPerson) -> Self {
        match raw {
            RawPerson::Name(name) => Person {
                name,
                email: None,
                url: None,
            },
            RawPerson::Full { name, email, url } => Person { name, email, url },
        }
    }
}
