//! The command line as the user types it (clap types only). Validation and defaults that
//! depend on the site config happen in [`crate::BuildOptions::from_args`].

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Turn a folder of Markdown posts into RSS 2.0, Atom 1.0, JSON Feed 1.1 and a sitemap.
#[derive(Debug, Parser)]
#[command(name = "feedsmith", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read the site config and every post, then write the feeds and the sitemap.
    ///
    /// Nothing is written unless every post and every output is valid; files whose bytes
    /// did not change are left untouched.
    Build(BuildArgs),
}

/// Flags of `feedsmith build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The site config file.
    #[arg(long, value_name = "FILE", default_value = "config/site.yaml")]
    pub config: PathBuf,

    /// Folder of Markdown posts; overrides the config's `content_dir` (default `content`).
    #[arg(long, value_name = "DIR")]
    pub content: Option<PathBuf>,

    /// Folder the outputs go to; overrides the config's `output_dir` (default `public`).
    #[arg(long = "out", value_name = "DIR")]
    pub output: Option<PathBuf>,

    /// Include posts marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,

    /// After the summary, list every feed written with its URL (per-tag and per-category
    /// feeds included).
    #[arg(long, short)]
    pub verbose: bool,

    /// Include posts dated after now (now is `SOURCE_DATE_EPOCH` when set, else the clock).
    #[arg(long)]
    pub future: bool,
}
