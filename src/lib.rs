//! feedsmith turns a folder of Markdown posts into RSS 2.0, Atom 1.0, JSON Feed 1.1, per-tag
//! and per-category feeds, an OPML directory and a sitemap. Every run goes through
//! [`mod@build`]: config → find and load posts → model → render each format → atomic write.

pub mod body;
pub mod build;
pub mod cli;
pub mod commands;
pub mod config;
pub mod dates;
pub mod error;
mod file_range;
pub mod format;
pub mod links;
pub mod output;
pub mod person;
pub mod progress;
pub mod render;
pub mod settings;
pub mod site;
pub mod source;
pub mod taxonomy;
pub mod text;
mod yaml;

pub use crate::build::report::{BuildReport, FeedListing, JsonReport};
pub use crate::build::{build, build_with_progress};
pub use crate::error::{Diagnostic, Error};
pub use crate::settings::{Environment, Presentation, RunMode, Settings};
