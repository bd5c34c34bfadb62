//! The command line as the user types it (clap types only). Resolution into the settings the
//! library uses happens once, in [`crate::settings::Settings::resolve`].

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

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
    /// did not change are left untouched, and outputs of earlier runs that are no longer
    /// produced are removed.
    Build(BuildArgs),
    /// Validate the config and every post and render every output, writing nothing.
    ///
    /// Exits 1 on any error (or, with --deny-warnings, any warning).
    Check(InputArgs),
    /// Start a site: write config/site.yaml (every key, explained) and an example post.
    ///
    /// With --from, the config is filled in from an existing Hugo, Jekyll or Zola site's own
    /// config. Never overwrites a file.
    Init(InitArgs),
    /// Preview the outputs on http://127.0.0.1:PORT/, rebuilding on every change.
    ///
    /// Builds into a temporary folder with that base URL and serves it on 127.0.0.1 only,
    /// the feeds page as the index. A change to a post, the config or the static files
    /// rebuilds; a broken post prints its error and the last good build stays served.
    Serve(ServeArgs),
    /// Keep each post's feed id stable: the id ledger, `feedsmith.ids`.
    ///
    /// With a ledger at the site root, every post it records keeps its id whatever its base
    /// URL, slug, permalink or file name becomes, and each build adds its new posts to it.
    #[command(subcommand)]
    Ids(IdsCommand),
    /// Print a shell completion script: `feedsmith completions bash > ~/.local/share/bash-completion/completions/feedsmith`.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff): `feedsmith man > feedsmith.1; man ./feedsmith.1`.
    Man,
}

/// Flags of `feedsmith serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The port on 127.0.0.1; 0 takes any free one.
    #[arg(long, short, default_value_t = 8000)]
    pub port: u16,

    /// The site config file [default: config/site.yaml here or in the nearest folder above].
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Folder of Markdown posts; overrides the config's `content_dir`.
    #[arg(long, value_name = "DIR")]
    pub content: Option<PathBuf>,

    /// Include posts marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,

    /// Include posts dated after now.
    #[arg(long)]
    pub future: bool,

    /// Include posts whose `expiryDate` has passed.
    #[arg(long)]
    pub expired: bool,
}

/// The subcommands of `feedsmith ids`.
#[derive(Debug, Subcommand)]
pub enum IdsCommand {
    /// Write `feedsmith.ids` at the site root from the current posts, and with --from from
    /// the feeds the site published before (its old tool's RSS, Atom or JSON feeds), so
    /// that readers never see an old post again as new. Never overwrites a ledger.
    Init(IdsInitArgs),
}

/// Flags of `feedsmith ids init`.
#[derive(Debug, Args)]
pub struct IdsInitArgs {
    /// A feed the site published (a saved copy of the live feed, or the old tool's output):
    /// each item's id is recorded under the post its link names. Repeat for several; the
    /// first feed that names a post gives its id.
    #[arg(long, value_name = "FEED")]
    pub from: Vec<PathBuf>,

    /// Record every post under the id feedsmith gives it today, even when the site's
    /// output folders hold feeds it published before.
    #[arg(long, conflicts_with = "from")]
    pub fresh: bool,

    /// The site config file [default: config/site.yaml in this folder or the nearest one
    /// above].
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Folder of Markdown posts; overrides the config's `content_dir`.
    #[arg(long, value_name = "DIR")]
    pub content: Option<PathBuf>,

    /// The site's URL, if not the config's `base_url`: the one its permalinks are under.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
}

/// Flags of `feedsmith init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder of the new site; created if missing.
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,

    /// Read title, description, URL, language, time zone, permalink and posts folder from
    /// the Hugo (hugo.toml, config.toml…), Jekyll (_config.yml) or Zola (config.toml) site here.
    #[arg(long, value_name = "DIR")]
    pub from: Option<PathBuf>,
}

/// Flags shared by every subcommand: what to read and how to report.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// The site config file [default: config/site.yaml in this folder or the nearest one
    /// above]. Paths in it are relative to the site root, the folder holding `config/`.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Publish at this URL instead of the config's `base_url`: a staging or local build.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,

    /// Folder of Markdown posts; overrides the config's `content_dir` (default `content`).
    #[arg(long, value_name = "DIR")]
    pub content: Option<PathBuf>,

    /// Folder the outputs go to; overrides the config's `output_dir` (default `public`).
    #[arg(long = "out", value_name = "DIR")]
    pub output: Option<PathBuf>,

    /// Include posts marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,

    /// Include posts dated after now (now is `SOURCE_DATE_EPOCH` when set, else the clock).
    #[arg(long)]
    pub future: bool,

    /// Include posts whose `expiryDate` has passed (now as for `--future`).
    #[arg(long)]
    pub expired: bool,

    /// Threads for reading and rendering posts; default: one per CPU. Output is identical
    /// for any number.
    #[arg(long, short, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,

    /// Treat warnings as errors: exit 1 and write nothing if there is any.
    #[arg(long)]
    pub deny_warnings: bool,

    /// How to report the result on stdout: a one-line summary, or one JSON object.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,

    /// After the summary, list every feed with its URL (per-tag and per-category included),
    /// every warning, the posts without a description and the scheduled posts. One level:
    /// `-vv` is the same as `-v`.
    #[arg(long, short, action = clap::ArgAction::Count)]
    pub verbose: u8,

    /// Print nothing on success but warnings.
    #[arg(long, short, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Colour `error:`, `warning:` and `note:`: on a terminal (`auto`, unless `NO_COLOR` is
    /// set to a non-empty value), `always` or `never`.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

impl InputArgs {
    /// Whether `-v` was given (any number of times).
    pub fn verbose(&self) -> bool {
        self.verbose > 0
    }

    /// The flags that choose what a build reads and publishes, as typed, for a hint that
    /// repeats the command (`run feedsmith build --drafts`).
    pub fn selection_flags(&self) -> String {
        let mut flags = String::new();
        let mut path = |flag: &str, value: Option<&std::path::Path>| {
            if let Some(value) = value {
                flags.push_str(&format!(" {flag} {}", shell_word(&value.to_string_lossy())));
            }
        };
        path("--config", self.config.as_deref());
        path("--content", self.content.as_deref());
        path("--out", self.output.as_deref());
        if let Some(url) = &self.base_url {
            flags.push_str(&format!(" --base-url {}", shell_word(url)));
        }
        for (on, flag) in [
            (self.drafts, "--drafts"),
            (self.future, "--future"),
            (self.expired, "--expired"),
        ] {
            if on {
                flags.push(' ');
                flags.push_str(flag);
            }
        }
        flags
    }
}

/// `text` as one shell word: quoted when it holds anything but plain path characters.
fn shell_word(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-:=+@,".contains(c));
    match plain {
        true => text.to_string(),
        false => format!("'{}'", text.replace('\'', "'\\''")),
    }
}

/// When to colour messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless `NO_COLOR` is set and non-empty.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Flags of `feedsmith build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// What to read and how to report.
    #[command(flatten)]
    pub input: InputArgs,

    /// Do not flush outputs to disk before they replace the old ones. Readers still never
    /// see a half-written file, but a power cut right after the build could lose outputs.
    /// For throwaway CI machines that upload the outputs at once.
    #[arg(long)]
    pub no_sync: bool,

    /// Write nothing; exit 3 if any output file would change, listing which. A CI gate that
    /// committed feeds are up to date.
    #[arg(long)]
    pub check: bool,

    /// After the outputs are committed, tell the config's WebSub hubs (`websub.hubs`) which
    /// feeds changed. A build that changed no feed pings nothing.
    #[arg(long)]
    pub ping: bool,
}

/// Report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// One human-readable line.
    Text,
    /// One JSON object: files written, unchanged and removed, and warnings.
    Json,
}
