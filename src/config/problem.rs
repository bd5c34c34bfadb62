//! Why a config value is refused: the answer of each value's check, a type the checker
//! turns into a diagnostic at the value's line and column.

use url::Url;

use crate::output_path::{PathProblem, RESERVED_PREFIX};

/// A config value no check accepts, and what it must be instead.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ValueProblem {
    #[error("language \"{tag}\" is not a BCP 47 tag: use `-`, as in \"{dashed}\"")]
    UnderscoredLanguage { tag: String, dashed: String },
    #[error("language \"{0}\" is not a BCP 47 tag (expected e.g. `en` or `en-US`)")]
    LanguageTag(String),
    #[error(
        "language `{0}` is the default, served at the site's `base_url`; set `base_url` at the top level instead"
    )]
    DefaultLanguageHost(String),
    #[error("prefix \"{prefix}\" is not a URL path: {why}")]
    PrefixNotUrlPath {
        prefix: String,
        why: url::ParseError,
    },
    #[error(
        "prefix \"{prefix}\" names `{own}`: names starting with `{RESERVED_PREFIX}` are feedsmith's own"
    )]
    PrefixReserved { prefix: String, own: String },
    #[error(
        "prefix \"{0}\" must be folder names joined by `/` (e.g. `es/`), with no `.`, `..`, spaces or `?#%\\`"
    )]
    PrefixShape(String),
    #[error(
        "section \"{0}\" must be a folder inside the content folder (e.g. `blog/news`), with no `.` or `..`"
    )]
    Section(String),
    #[error("permalink \"{0}\" must start with `/` (e.g. `/blog/{{slug}}/`)")]
    PermalinkUnrooted(String),
    #[error("permalink \"{0}\" has an unclosed `{{`")]
    PermalinkUnclosed(String),
    #[error(
        "permalink \"{pattern}\" uses unknown placeholder `{{{name}}}` (known: {{slug}}, {{title}}, {{path}}, {{year}}, {{month}}, {{day}}, {{categories}})"
    )]
    PermalinkPlaceholder { pattern: String, name: String },
    #[error(
        "permalink \"{0}\" must contain `{{slug}}` or `{{title}}`, or two posts would share a URL"
    )]
    PermalinkWithoutSlug(String),
    #[error(
        "base_url \"{text}\" is not an absolute URL ({why}); expected e.g. https://example.com/"
    )]
    BaseUrlNotAbsolute { text: String, why: url::ParseError },
    #[error("base_url \"{0}\" must be an http or https URL")]
    BaseUrlScheme(String),
    #[error("base_url \"{0}\" {credentials}", credentials = crate::links::NO_CREDENTIALS)]
    BaseUrlCredentials(String),
    #[error("base_url \"{0}\" must not have a query or fragment")]
    BaseUrlQuery(String),
    #[error("{0}")]
    SitePath(url::ParseError),
    #[error("expected a site path starting with `/` or an absolute URL")]
    SiteUrlShape,
    #[error("{}", crate::links::NO_CREDENTIALS)]
    Credentials,
    #[error("must be on the site, under {0}")]
    OffSite(Url),
    #[error("\"{0}\" must contain `{{slug}}` once and no other placeholder")]
    SlugPattern(String),
    #[error("\"{glob}\" is not a valid glob: {why}")]
    Glob { glob: String, why: ignore::Error },
    #[error("{0}")]
    Globs(ignore::Error),
    #[error("output file \"{0}\" names a folder; give the file's name too (e.g. `{0}feed.json`)")]
    OutputFileIsFolder(String),
    #[error("output file \"{0}\" must name a file inside the output folder")]
    OutputFileMissing(String),
    #[error("output file {file:?} {why}")]
    OutputFile { file: String, why: PathProblem },
    #[error("folder {folder:?} {why}")]
    OutputFolder { folder: String, why: PathProblem },
    #[error("folder must name a folder inside the output folder")]
    OutputFolderMissing,
    #[error("must name a folder (`{{section}}` is the section's own)")]
    SectionFolderMissing,
    #[error("flavor \"{name}\" is not a tool feedsmith knows (known: auto, {known})")]
    Flavor { name: String, known: String },
    #[error("unknown time zone \"{0}\" (expected an IANA name such as `UTC` or `Europe/Berlin`)")]
    TimeZone(String),
}
