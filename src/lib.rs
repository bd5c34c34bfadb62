//! feedsmith turns a folder of Markdown posts into RSS 2.0, Atom 1.0, JSON Feed 1.1, per-tag
//! and per-category feeds, an OPML directory and a sitemap. Every run goes through
//! [`mod@build`]: config → find and load posts → model → render each format → atomic write.
// The stages' docs link to each other, and most are `pub(crate)`: the developers' docs are
// built with `--document-private-items` (as CI does), where every such link resolves.
#![allow(rustdoc::private_intra_doc_links)]

mod body;
mod build;
pub mod cli;
pub mod commands;
mod config;
pub mod dates;
pub mod error;
mod file_range;
mod format;
mod links;
mod output;
mod person;
mod profile;
pub mod progress;
mod render;
pub mod settings;
mod site;
mod source;
mod taxonomy;
pub mod text;
mod yaml;

/// The stages a build runs, for the micro-benchmarks (`benches/stages.rs`) and the floor
/// example: each is the very function a build calls, exported here so they can be timed
/// alone. Not a stable API; everything else of the library is `pub(crate)`.
#[doc(hidden)]
pub mod stages {
    pub use crate::body::html::absolutize;
    pub use crate::body::markdown::to_html_with_urls;
    pub use crate::build::schedule::{render_order, render_posts};
    pub use crate::build::store::RenderedPosts;
    pub use crate::config::SiteConfig;
    pub use crate::format::FeedFormat;
    pub use crate::links::UrlBase;
    pub use crate::render::{atom, jsonfeed, opml, rss, sitemap, xml};
    pub use crate::settings::Selection;
    pub use crate::site::Site;
    pub use crate::source::{Post, PostFile, body_of, discover, parse_post};
}

pub use crate::build::report::{BuildReport, FeedListing, JsonReport, Ping};
pub use crate::build::{build, build_with_progress};
pub use crate::error::{Diagnostic, Error};
pub use crate::settings::{Environment, Presentation, RunMode, Settings};
