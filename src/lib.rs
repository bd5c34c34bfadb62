//! feedsmith turns a folder of Markdown posts into RSS 2.0, Atom 1.0, JSON Feed 1.1, per-tag
//! and per-category feeds, an OPML directory and a sitemap. Every run goes through
//! [`mod@pipeline`]: config → find and load posts → model → render each format → atomic write.
// The stages' docs link to each other, and most are `pub(crate)`: the developers' docs are
// built with `--document-private-items` (as CI does), where every such link resolves.
#![allow(rustdoc::private_intra_doc_links)]

mod body;
pub mod cli;
pub mod commands;
mod config;
pub mod dates;
pub mod error;
mod file_range;
mod format;
mod links;
mod media;
mod output;
mod output_path;
mod person;
mod pipeline;
mod profile;
pub mod progress;
mod render;
pub mod settings;
mod site;
mod source;
mod taxonomy;
pub mod text;
mod yaml;

#[cfg(feature = "stages")]
#[doc(hidden)]
pub mod stages;

pub use crate::error::{Diagnostic, Error};
pub use crate::pipeline::WORKER_STACK_BYTES;
pub use crate::pipeline::report::{BuildReport, FeedListing, JsonReport, Ping};
pub use crate::pipeline::{build, build_with_progress};
pub use crate::settings::{Environment, Presentation, RunMode, Settings};
