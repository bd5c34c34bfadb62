//! The stages a build runs, one at a time, for the micro-benchmarks (`benches/stages.rs`)
//! and the floor example (`examples/floor.rs`). Behind the `stages` feature, which only the
//! package's own dev-dependency turns on: no build of the `feedsmith` binary has it. Each
//! function calls the very function a build calls; the model it hands back keeps its fields
//! `pub(crate)`. Not a stable API.

use std::path::Path;

use jiff::tz::TimeZone;
use url::Url;

use crate::error::{Diagnostic, Error};
use crate::links::UrlBase;
use crate::pipeline::store::RenderedPosts;
use crate::settings::Selection;
use crate::site::{FeedGroup, Site};

pub use crate::format::FeedFormat;

/// A post file, and what its place says about the post.
pub struct PostFile(crate::source::PostFile);

impl PostFile {
    /// The post file at `path`, at the top of its content folder.
    pub fn top_level(path: &Path) -> PostFile {
        PostFile(crate::source::PostFile::top_level(path))
    }

    /// Its path.
    pub fn path(&self) -> &Path {
        &self.0.path
    }
}

/// A post's front matter, as the build's model holds it.
pub struct Post(crate::source::Post);

impl Post {
    /// The post's slug.
    pub fn slug(&self) -> &str {
        &self.0.slug
    }
}

/// The post files of the content folder `dir`, as a build finds them (no excludes, one
/// language).
pub fn post_files(dir: &Path) -> Result<Vec<PostFile>, Error> {
    let found = crate::source::discover(dir, &[], None, false)?;
    Ok(found.files.into_iter().map(PostFile).collect())
}

/// The front matter of `file`, whose bytes are `bytes`, read as a build reads it (in UTC).
pub fn parse_post(file: &PostFile, bytes: &[u8]) -> Result<Post, Vec<Diagnostic>> {
    crate::source::parse_post(&file.0, bytes, &TimeZone::UTC).map(Post)
}

/// The Markdown body of `post`, read from `bytes` as the body pass reads it.
pub fn body_of(file: &PostFile, bytes: &[u8], post: &Post) -> Result<String, Diagnostic> {
    crate::source::body_of(&file.0.path, bytes, &post.0.body)
}

/// A page of a site, for the stages that make a post's URLs absolute.
pub struct Page {
    site: Url,
    page: Url,
}

impl Page {
    /// The page at `page` of the site at `site`.
    pub fn new(site: &str, page: &str) -> Result<Page, url::ParseError> {
        Ok(Page {
            site: Url::parse(site)?,
            page: Url::parse(page)?,
        })
    }

    fn base(&self) -> UrlBase<'_> {
        UrlBase {
            site: &self.site,
            page: &self.page,
            internal: None,
        }
    }
}

/// `body` rendered to HTML for `page` (ids prefixed with `slug`), its URLs absolute, with
/// an excerpt of `excerpt_chars` when asked for.
pub fn markdown(body: &str, slug: &str, page: &Page, excerpt_chars: Option<usize>) -> String {
    crate::body::markdown::to_html_with_urls(body, slug, page.base(), excerpt_chars).html
}

/// `html`'s URLs made absolute for `page`, by the HTML pass.
pub fn absolutize(html: &str, page: &Page) -> String {
    crate::body::html::absolutize(html, page.base()).expect("the rewriter takes any text")
}

/// `html` escaped as markup inside XML.
pub fn escape_markup(html: &str) -> String {
    crate::render::xml::escape_markup(html).into_owned()
}

/// A site assembled from `posts`, each rendered as a build renders it, for the writers.
pub struct Sample {
    site: Site,
    rendered: RenderedPosts,
}

impl Sample {
    /// The site of `config_text`'s config and `posts`, drafts and future posts included,
    /// each post's body being `body`.
    pub fn new(config_text: &str, posts: Vec<Post>, body: &str) -> Result<Sample, Error> {
        let config = crate::config::SiteConfig::parse(config_text, Path::new("site.yaml"))
            .map_err(Error::Config)?;
        let selection = Selection {
            drafts: true,
            future: true,
            expired: false,
            now: jiff::Timestamp::UNIX_EPOCH,
        };
        let posts = posts.into_iter().map(|post| Box::new(post.0)).collect();
        let site = Site::assemble(config, posts, &[], selection)?;
        let order =
            crate::pipeline::schedule::render_order(&site.feed_groups(), site.entries.len());
        let rendered = RenderedPosts::new_near(Path::new("."), site.entries.len());
        let body_of = |_: &crate::source::Post| Ok(body.to_owned());
        crate::pipeline::schedule::render_posts(
            &site,
            &rendered,
            &order,
            &[],
            false,
            &body_of,
            |_| Ok(()),
        )?;
        Ok(Sample { site, rendered })
    }

    /// The site's feeds, as a build groups them.
    pub fn feeds(&self) -> Feeds<'_> {
        Feeds {
            sample: self,
            groups: self.site.feed_groups(),
        }
    }

    /// The sitemap, written.
    pub fn sitemap(&self) -> Vec<u8> {
        let urls = crate::render::sitemap::urls(&self.site, None, &mut |_| None);
        crate::render::sitemap::write_urls(&urls, Vec::new()).expect("writes to memory")
    }

    /// The first post's item in `format`, its content `html` (escaped here for the XML
    /// formats, as a build stores it).
    pub fn item(&self, format: FeedFormat, html: &str) -> Item<'_> {
        let content = match format {
            FeedFormat::Json => ItemContent::Html(html.to_owned()),
            _ => ItemContent::Escaped(crate::render::xml::Escaped::markup(html)),
        };
        Item {
            site: &self.site,
            format,
            content,
        }
    }
}

/// A sample's feeds.
pub struct Feeds<'a> {
    sample: &'a Sample,
    groups: Vec<FeedGroup<'a>>,
}

impl Feeds<'_> {
    /// The main feed in `format`, written.
    pub fn main(&self, format: FeedFormat) -> Vec<u8> {
        let main = &self.groups[0];
        let file = main
            .files
            .iter()
            .find(|file| file.format == format)
            .expect("the main feed has every format");
        let config = &self.sample.site.config;
        let posts = &self.sample.rendered;
        match format {
            FeedFormat::Rss => crate::render::rss::write(config, &main.feed, file, posts, vec![]),
            FeedFormat::Atom => crate::render::atom::write(config, &main.feed, file, posts, vec![]),
            FeedFormat::Json => {
                crate::render::jsonfeed::write(config, &main.feed, file, posts, vec![])
            }
        }
        .expect("writes to memory")
    }

    /// The OPML directory of the feeds, written.
    pub fn opml(&self) -> Vec<u8> {
        crate::render::opml::write(&self.sample.site, &self.groups, Vec::new())
            .expect("writes to memory")
    }
}

/// One post's item in one format, ready to be written.
pub struct Item<'a> {
    site: &'a Site,
    format: FeedFormat,
    content: ItemContent,
}

enum ItemContent {
    Html(String),
    Escaped(crate::render::xml::Escaped),
}

impl Item<'_> {
    /// The item's fragment, as a build writes it once for every feed that holds the post.
    pub fn fragment(&self) -> Vec<u8> {
        let entry = &self.site.entries[0];
        let summary = entry.post.description.as_deref();
        match (&self.content, self.format) {
            (ItemContent::Escaped(escaped), FeedFormat::Rss) => {
                crate::render::rss::fragment(entry, (None, false), summary, Some(escaped))
            }
            (ItemContent::Escaped(escaped), _) => crate::render::atom::fragment(
                entry,
                &self.site.config.languages,
                summary,
                Some(escaped),
            ),
            (ItemContent::Html(html), _) => {
                crate::render::jsonfeed::fragment(entry, summary, Some(html))
            }
        }
        .expect("writes to memory")
    }
}
