//! The raw config ([`super::raw`]) checked into a [`SiteConfig`], reporting every problem of
//! the file in one run, each at its line: a section that is wrong is reported and stood in for
//! by its default, so the sections after it are still checked. Defaults come from
//! [`super::defaults`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jiff::tz::TimeZone;
use serde_saphyr::Spanned;
use url::Url;

use super::defaults;
use super::languages::{self, SiteDefaults};
use super::raw::RawConfig;
use super::{
    FolderPermalinks, Language, Languages, PermalinkPattern, Place, SiteConfig, WebSubConfig,
    check_language_tag, exclude_matcher, in_site, parse_base_url, same_language,
};
use crate::config::problem::ValueProblem;
use crate::error::Diagnostic;
use crate::person::{Person, absolute_url, check_email};
use crate::profile::{Profile, SiteValues, Tool, tool_folders};
use crate::text::clean_trimmed;
use crate::yaml;

mod outputs;
mod podcast;

use self::outputs::{archives, feed_sets, feeds, outputs_apart, pages, sitemap, taxonomies};

/// The problems found so far, and where the file is.
struct Checker<'a> {
    path: &'a Path,
    problems: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
}

impl<'a> Checker<'a> {
    fn new(path: &'a Path) -> Checker<'a> {
        Checker {
            path,
            problems: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// A problem at `value`'s place in the file.
    fn at<T>(&mut self, value: &Spanned<T>, message: impl Into<String>) {
        let (line, column) = position(value);
        self.problems
            .push(Diagnostic::at(self.path, line, column, message));
    }

    /// A warning at `value`'s place in the file: the build goes on.
    fn warn_at<T>(&mut self, value: &Spanned<T>, message: impl Into<String>) {
        let (line, column) = position(value);
        self.warnings
            .push(Diagnostic::at(self.path, line, column, message));
    }

    /// A problem with the file as a whole.
    fn file(&mut self, message: impl Into<String>) {
        self.problems.push(Diagnostic::file(self.path, message));
    }

    /// `result`'s value, or `fallback` with its problem noted at `value`.
    fn or_at<T, S, E: std::fmt::Display>(
        &mut self,
        value: &Spanned<S>,
        result: Result<T, E>,
        fallback: T,
    ) -> T {
        result.unwrap_or_else(|problem| {
            self.at(value, problem.to_string());
            fallback
        })
    }
}

/// Checks `raw`, the config at `path` of the site at `place` (none for config text alone):
/// its `--base-url` stands in for the config's `base_url`, its folders for the config's, and
/// the tool is found in the site's folders, its files read.
pub(super) fn validate(
    raw: RawConfig,
    path: &Path,
    place: Option<&Place<'_>>,
) -> Result<SiteConfig, Vec<Diagnostic>> {
    let base_url_override = place.and_then(|place| place.base_url);
    let mut check = Checker::new(path);
    // YAML's escapes (`"\u0001"`) can write what no output may hold: cleaned before the
    // languages and feeds take them over.
    let mut raw = raw;
    raw.title.value = clean_trimmed(&raw.title.value);
    raw.description = clean_trimmed(&raw.description);
    if raw.title.value.trim().is_empty() {
        check.at(&raw.title, "`title` must not be empty");
    }
    let base_url = base_url(&mut check, &raw, base_url_override);
    let timezone = timezone(&mut check, raw.timezone.as_ref());
    check_excludes(&mut check, &raw.exclude);
    let permalink = permalink(&mut check, raw.permalink.as_ref());
    let folder_permalinks = folder_permalinks(&mut check, &raw.permalinks);
    let languages = languages(
        &mut check,
        &raw,
        base_url.as_ref(),
        (&permalink, base_url_override.is_some()),
    );
    let flavor = flavor(&mut check, raw.flavor.as_ref());
    let feeds = feeds(&mut check, &raw);
    let sitemap = sitemap(&mut check, &raw.sitemap, base_url.as_ref());
    let author = author(&mut check, raw.author.clone(), base_url.as_ref());
    let (opml, feeds_page, feeds_head) = pages(&mut check, &raw);
    let archives = archives(&mut check, &raw);
    let (section_feeds, sections, custom_feeds) = feed_sets(&mut check, &raw);
    let websub = websub(&mut check, &raw);
    let [tag_feeds, category_feeds, author_feeds] = taxonomies(&mut check, &raw, base_url.as_ref());
    outputs_apart(
        &mut check,
        feeds
            .files
            .values()
            .chain([&sitemap.output, &opml, &feeds_page, &feeds_head]),
    );
    let folders = Folders::of(&raw, place);
    let (profile, site_values, folder_permalinks) = tool_rules(
        &mut check,
        (&raw, flavor, place),
        &folders,
        &permalink,
        folder_permalinks,
    );
    let ledger = place.and_then(|place| ledger(&mut check, place.site_root));
    let images = (base_url.as_ref(), &folders.static_dir);
    let images = podcast::images(&mut check, &raw, images, &custom_feeds);
    let Some(base_url) = base_url.filter(|_| check.problems.is_empty()) else {
        let mut problems = check.problems;
        problems.sort_by_key(|problem| problem.position);
        return Err(problems);
    };
    Ok(SiteConfig {
        title: raw.title.value,
        description: raw.description,
        base_url,
        languages: languages.expect("made whenever base_url is"),
        author,
        timezone,
        permalink,
        folder_permalinks,
        content_dir: folders.content_dir,
        output_dir: folders.output_dir,
        exclude: raw.exclude.into_iter().map(|glob| glob.value).collect(),
        static_dir: folders.static_dir,
        flavor,
        profile,
        site_values,
        icon: images.icon,
        logo: images.logo,
        podcast: images.podcast,
        warnings: check.warnings,
        ledger,
        max_post_bytes: raw.max_post_bytes.unwrap_or(defaults::MAX_POST_BYTES),
        file: super::ConfigFile::default(),
        sanitize: raw.sanitize.unwrap_or(defaults::SANITIZE),
        feeds,
        sitemap,
        tag_feeds,
        category_feeds,
        author_feeds,
        opml,
        feeds_page,
        feeds_head,
        websub,
        archives,
        section_feeds,
        sections,
        custom_feeds,
    })
}

/// The tool's rules and its config's values, and the folders' permalinks with those an
/// Eleventy site's directory data gives; `md_as_mdx` as written wins over what the tool's
/// files say.
fn tool_rules(
    check: &mut Checker<'_>,
    (raw, flavor, place): (&RawConfig, Option<Tool>, Option<&Place<'_>>),
    folders: &Folders,
    permalink: &PermalinkPattern,
    folder_permalinks: FolderPermalinks,
) -> (Profile, SiteValues, FolderPermalinks) {
    let (profile, mut site_values) = tool(check, flavor, place, folders, permalink);
    let folder_permalinks = match profile.tool == Some(Tool::Eleventy) && place.is_some() {
        true => folder_permalinks.with_found(directory_data(check, folders, &mut site_values)),
        false => folder_permalinks,
    };
    let md_is_mdx = raw.md_as_mdx.unwrap_or(profile.md_is_mdx);
    (
        Profile {
            md_is_mdx,
            ..profile
        },
        site_values,
        folder_permalinks,
    )
}

/// `websub`: its hubs checked.
fn websub(check: &mut Checker<'_>, raw: &RawConfig) -> WebSubConfig {
    WebSubConfig {
        hubs: hubs(check, &raw.websub.hubs),
        ping: raw.websub.ping.unwrap_or(defaults::WEBSUB_PING),
    }
}

/// The id ledger at the site root, when there is one; a link or a folder in its place is a
/// problem, and so is each line that is not a record, at its line.
fn ledger(check: &mut Checker<'_>, site_root: &Path) -> Option<super::LedgerFile> {
    let path = site_root.join(super::LEDGER_FILE);
    let meta = std::fs::symlink_metadata(&path).ok()?;
    if !meta.file_type().is_file() {
        // A link could make a file outside the site decide the ids it publishes.
        check.problems.push(Diagnostic::file(
            &path,
            "is not a plain file (a link or a folder): the id ledger is read only as one",
        ));
        return None;
    }
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) => {
            check
                .problems
                .push(Diagnostic::file(&path, format!("cannot be read: {error}")));
            return None;
        }
    };
    match super::Ledger::parse(&text, &path) {
        Ok(ledger) => Some(super::LedgerFile { path, ledger, text }),
        Err(problems) => {
            check.problems.extend(problems);
            None
        }
    }
}

/// The tool posts are read by (`flavor`, else the one found in the site's folders, its files
/// read; for config text alone, the one `flavor` names) and its config's values.
fn tool(
    check: &mut Checker<'_>,
    flavor: Option<Tool>,
    place: Option<&Place<'_>>,
    folders: &Folders,
    permalink: &PermalinkPattern,
) -> (Profile, SiteValues) {
    let (profile, site_values) = match place {
        Some(place) => {
            let found = tool_folders(place.site_root, &folders.content_dir);
            Profile::resolve(flavor, &found).unwrap_or_else(|problem| {
                check.problems.push(problem);
                Default::default()
            })
        }
        None => (
            flavor.map(Profile::of).unwrap_or_default(),
            Default::default(),
        ),
    };
    let profile = Profile {
        date_in_url: permalink.uses_date(),
        ..profile
    };
    (profile, site_values.with_bare_liquid())
}

/// The folder permalinks Eleventy's directory data in `content_dir` gives, each file read
/// named in `site_values` (for `-v` and the report); a file that is not JSON is a problem.
fn directory_data(
    check: &mut Checker<'_>,
    folders: &Folders,
    site_values: &mut SiteValues,
) -> Vec<(String, PermalinkPattern)> {
    match crate::profile::eleventy_folder_permalinks(&folders.content_dir) {
        Ok(found) => found
            .into_iter()
            .filter_map(|found| {
                let pattern = PermalinkPattern::parse(&found.pattern).ok()?;
                site_values.files.push(found.file);
                Some((found.folder, pattern))
            })
            .collect(),
        Err(problem) => {
            check.problems.push(problem);
            Vec::new()
        }
    }
}

/// The site's folders: the command line's where it gives them (relative to the current
/// folder), else the config's, relative to the site root; as written for config text alone.
struct Folders {
    content_dir: PathBuf,
    output_dir: PathBuf,
    static_dir: Option<PathBuf>,
}

impl Folders {
    fn of(raw: &RawConfig, place: Option<&Place<'_>>) -> Folders {
        let content = raw.content_dir.clone();
        let output = raw.output_dir.clone();
        let content = content.unwrap_or_else(|| PathBuf::from(defaults::CONTENT_DIR));
        let output = output.unwrap_or_else(|| PathBuf::from(defaults::OUTPUT_DIR));
        let Some(place) = place else {
            return Folders {
                content_dir: content,
                output_dir: output,
                static_dir: raw.static_dir.clone(),
            };
        };
        let in_site = |path: &Path| in_site(place.site_root, path);
        Folders {
            content_dir: place
                .content_dir
                .map_or_else(|| in_site(&content), Path::to_path_buf),
            output_dir: place
                .output_dir
                .map_or_else(|| in_site(&output), Path::to_path_buf),
            static_dir: raw.static_dir.as_deref().map(in_site),
        }
    }
}

/// `language` and `languages:` checked, each item at its line: the declared languages, or
/// the one a site that declares none has (`language`, at the site root). `language` may be
/// left out beside `languages:`, or name its first, the default. `None` without a site URL
/// (its problem is noted where it is checked).
fn languages(
    check: &mut Checker<'_>,
    raw: &RawConfig,
    base_url: Option<&Url>,
    (permalink, overridden): (&PermalinkPattern, bool),
) -> Option<Languages> {
    let language = raw
        .language
        .as_ref()
        .and_then(|tag| check.or_at(tag, check_language_tag(&tag.value).map(Some), None));
    let language = language.as_deref();
    // Without a site URL there is nothing to put the languages under; its problem is noted.
    let site = &SiteDefaults::of(raw, base_url?, permalink, overridden);
    let single = || Language {
        code: language.map(str::to_owned),
        title: site.title.to_owned(),
        description: site.description.to_owned(),
        root_url: site.base_url.clone(),
        folder: String::new(),
        permalink: site.permalink.clone(),
        own_host: false,
        at: None,
    };
    let Some(declared) = &raw.languages else {
        return Some(Languages {
            list: vec![single()],
            declared: false,
        });
    };
    let mut list: Vec<Language> = Vec::new();
    for (index, item) in declared.value.iter().enumerate() {
        let Some(checked) =
            check.or_at(item, languages::language(item, index, site).map(Some), None)
        else {
            continue;
        };
        let code = checked.code.clone().unwrap_or_default();
        if let Some(twin) = list
            .iter()
            .find(|known| same_language(known.code.as_deref().unwrap_or(""), &code))
        {
            check.at(
                item,
                format!(
                    "language `{code}` is declared twice (also as `{}`)",
                    twin.name()
                ),
            );
        } else if let Some(twin) = list
            .iter()
            .find(|known| known.folder == checked.folder && known.root_url == checked.root_url)
        {
            check.at(
                item,
                format!(
                    "languages `{}` and `{code}` would share the folder `/{}` and their feeds overwrite each other; give one a `prefix`",
                    twin.name(),
                    checked.folder
                ),
            );
        } else {
            list.push(checked);
        }
    }
    if declared.value.is_empty() {
        check.at(
            declared,
            "`languages` must list at least one language, the default first (e.g. `[en, es]`)",
        );
    }
    if let (Some(tag), Some(first)) = (&raw.language, list.first())
        && !same_language(&tag.value, first.name())
    {
        check.at(
            tag,
            format!(
                "`language` \"{}\" is not the first of `languages` (`{}`), the default language; leave `language` out or make them agree",
                tag.value,
                first.name()
            ),
        );
    }
    if list.is_empty() {
        list.push(single());
    }
    Some(Languages {
        list,
        declared: true,
    })
}

/// `permalink`: a pattern with known placeholders, else the default.
fn permalink(check: &mut Checker<'_>, pattern: Option<&Spanned<String>>) -> PermalinkPattern {
    let default = || PermalinkPattern(defaults::PERMALINK.to_string());
    match pattern {
        Some(pattern) => check.or_at(pattern, PermalinkPattern::parse(&pattern.value), default()),
        None => default(),
    }
}

/// `permalinks`: each key a folder inside the content folder (written once, whatever its
/// slashes), each value a pattern as `permalink`'s.
fn folder_permalinks(
    check: &mut Checker<'_>,
    written: &BTreeMap<String, Spanned<String>>,
) -> FolderPermalinks {
    let mut by_folder: Vec<(String, PermalinkPattern)> = Vec::new();
    // In the file's order, so a folder written twice is reported where it is written again.
    let mut in_file_order: Vec<_> = written.iter().collect();
    in_file_order.sort_by_key(|(_, pattern)| position(*pattern));
    for (folder, pattern) in in_file_order {
        let folder = match super::feed_sets::section_path(folder) {
            Ok(folder) => folder,
            Err(_) => {
                check.at(
                    pattern,
                    format!(
                        "permalinks: \"{folder}\" must be a folder inside the content folder (e.g. `blog/news`), with no `.` or `..`"
                    ),
                );
                continue;
            }
        };
        if by_folder.iter().any(|(seen, _)| *seen == folder) {
            check.at(
                pattern,
                format!("permalinks: folder `{folder}` is written twice"),
            );
            continue;
        }
        match PermalinkPattern::parse(&pattern.value) {
            Ok(parsed) => by_folder.push((folder, parsed)),
            Err(problem) => check.at(pattern, format!("permalinks: `{folder}`: {problem}")),
        }
    }
    FolderPermalinks::new(by_folder)
}

/// `flavor`: `auto` (the tool found) or a tool's name.
fn flavor(check: &mut Checker<'_>, flavor: Option<&Spanned<String>>) -> Option<Tool> {
    flavor.and_then(|name| {
        let known = match name.value.trim() {
            "auto" => Ok(None),
            other => Tool::named(other)
                .map(Some)
                .ok_or_else(|| ValueProblem::Flavor {
                    name: other.to_owned(),
                    known: Tool::ALL.map(|(_, name)| name).join(", "),
                }),
        };
        check.or_at(name, known, None)
    })
}

/// Each `exclude` glob parses.
fn check_excludes(check: &mut Checker<'_>, globs: &[Spanned<String>]) {
    for glob in globs {
        let result = exclude_matcher(Path::new(""), std::slice::from_ref(&glob.value)).map(drop);
        let result = result.map_err(|message| format!("exclude: {message}"));
        check.or_at(glob, result, ());
    }
}

/// The site's URL: `--base-url` when given, else the config's (a problem noted when it is
/// not an absolute http(s) URL; `None` then, and the checks that need it are skipped).
fn base_url(check: &mut Checker<'_>, raw: &RawConfig, given: Option<&str>) -> Option<Url> {
    match given {
        Some(url) => parse_base_url(url)
            .map_err(|message| {
                check
                    .problems
                    .push(Diagnostic::general(format!("--base-url: {message}")))
            })
            .ok(),
        None => {
            let parsed = parse_base_url(&raw.base_url.value).map(Some);
            check.or_at(&raw.base_url, parsed, None)
        }
    }
}

fn timezone(check: &mut Checker<'_>, name: Option<&Spanned<String>>) -> TimeZone {
    let Some(name) = name else {
        return TimeZone::get(defaults::TIMEZONE).expect("UTC is in every time zone database");
    };
    let zone = TimeZone::get(&name.value).map_err(|_| ValueProblem::TimeZone(name.value.clone()));
    check.or_at(name, zone, TimeZone::UTC)
}

/// Where `value` is in the config file (line, column).
fn position<T>(value: &Spanned<T>) -> (u64, u64) {
    yaml::file_position(&value.referenced, 1)
}

fn author(
    check: &mut Checker<'_>,
    raw: Option<super::raw::RawPerson>,
    base_url: Option<&Url>,
) -> Option<Person> {
    let mut author = Person::from(raw?);
    let problem = |why: crate::person::PersonProblem| format!("author: {why}");
    if let Some(email) = &author.email
        && let Err(message) = check_email(email)
    {
        check.file(problem(message));
    }
    if let (Some(url), Some(base_url)) = (&author.url, base_url) {
        match absolute_url(url, base_url) {
            Ok(absolute) => author.url = Some(absolute),
            Err(message) => check.file(problem(message)),
        }
    }
    Some(author)
}

fn hubs(check: &mut Checker<'_>, raw: &[Spanned<String>]) -> Vec<Url> {
    let mut hubs = Vec::new();
    for hub in raw {
        match Url::parse(hub.value.trim())
            .ok()
            .filter(|url| matches!(url.scheme(), "http" | "https"))
        {
            Some(url) if crate::links::has_credentials(&url) => check.at(
                hub,
                format!(
                    "websub hub \"{}\" {}",
                    hub.value,
                    crate::links::NO_CREDENTIALS
                ),
            ),
            Some(url) => hubs.push(url),
            None => check.at(
                hub,
                format!(
                    "websub hub \"{}\" must be an absolute http(s) URL such as https://pubsubhubbub.appspot.com/",
                    hub.value
                ),
            ),
        }
    }
    hubs
}
