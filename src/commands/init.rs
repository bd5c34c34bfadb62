//! `feedsmith init`: a new site — `config/site.yaml` with every key written out and
//! explained, and `content/` with one example post — or, with `--from`, the config of a blog
//! that already exists in Hugo, Jekyll or Zola, its title, description, URL, language, time
//! zone, permalink and posts folder read from that tool's own config. Nothing is ever
//! overwritten.

use crate::config::defaults::{self, FLAVOR};
use crate::format::FeedFormat;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use serde_json::Value;

use crate::config::SiteConfig;
use crate::error::Error;
use crate::profile::{find_tool_config_text, lookup, lookup_named};
use crate::settings::root::CONFIG_PATH;

/// What `init` did.
#[derive(Debug)]
pub struct InitReport {
    /// The files written, as paths the user can type.
    pub written: Vec<PathBuf>,
    /// Where each setting came from, for `--from`: one line each.
    pub mapped: Vec<String>,
    /// Settings `--from` could not take over, and why.
    pub skipped: Vec<String>,
}

/// The settings a new config starts from.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Settings {
    title: String,
    description: String,
    base_url: String,
    language: Option<String>,
    timezone: Option<String>,
    permalink: Option<String>,
    content_dir: String,
    /// The languages of a multilingual site, the default first (none for one language).
    languages: Vec<LanguageSettings>,
    /// Files that are not posts (`exclude`), where the tool's layout says so.
    exclude: Vec<String>,
    /// The feeds' options the tool's config sets.
    feeds: FeedOptions,
}

/// The feeds' options a tool's config sets (jekyll-feed's `feed:`, Hugo's `outputs` and
/// RSS limit, Zola's `feed_limit`); each `None` or empty where it sets none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct FeedOptions {
    /// Posts per feed.
    limit: Option<usize>,
    /// Full posts, or summaries only.
    full_content: Option<bool>,
    /// The tag feeds.
    tags: TermFeeds,
    /// The category feeds.
    categories: TermFeeds,
    /// Whether sections get feeds.
    sections: Option<bool>,
}

/// Whether a taxonomy's terms get feeds, and which.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct TermFeeds {
    enabled: Option<bool>,
    only: Vec<String>,
    except: Vec<String>,
}

/// One language of a multilingual site, as its tool's config describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct LanguageSettings {
    code: String,
    title: Option<String>,
    description: Option<String>,
    /// The folder it is published under, where it differs from feedsmith's default.
    prefix: Option<String>,
    /// Its own host (Hugo's multihost `baseURL`).
    base_url: Option<String>,
}

/// Creates a site in `dir`: its config and, unless the content folder already holds files,
/// an example post dated `now`. With `from`, the settings come from the site there.
pub fn init(dir: &Path, from: Option<&Path>, now: Timestamp) -> Result<InitReport, Error> {
    let config_path = dir.join(CONFIG_PATH);
    if config_path.exists() {
        return Err(Error::SiteExists(config_path));
    }
    let mut report = InitReport {
        written: Vec::new(),
        mapped: Vec::new(),
        skipped: Vec::new(),
    };
    let settings = match from {
        Some(source) => from_existing(source, dir, &mut report)?,
        None => Settings {
            title: dir
                .canonicalize()
                .ok()
                .and_then(|path| path.file_name().map(|n| n.to_string_lossy().into_owned()))
                .unwrap_or_else(|| "My Blog".into()),
            description: "Notes and essays.".into(),
            base_url: "https://example.com/".into(),
            language: Some("en".into()),
            timezone: None,
            permalink: None,
            content_dir: "content".into(),
            languages: Vec::new(),
            exclude: Vec::new(),
            feeds: FeedOptions::default(),
        },
    };
    let text = config_text(&settings);
    // What init writes must build: checked before anything is written.
    SiteConfig::parse(&text, &config_path).map_err(Error::Config)?;
    write_new(&config_path, &text)?;
    report.written.push(config_path);
    if from.is_none() {
        let content = dir.join(&settings.content_dir);
        let has_files =
            std::fs::read_dir(&content).is_ok_and(|mut entries| entries.next().is_some());
        if !has_files {
            let post = content.join("hello-feedsmith.md");
            write_new(&post, &example_post(now))?;
            report.written.push(post);
        }
    }
    Ok(report)
}

/// Writes `text` to a new file at `path`, creating its folders; an existing file is an error.
fn write_new(path: &Path, text: &str) -> Result<(), Error> {
    let write_error = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(write_error)?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(write_error)?;
    std::io::Write::write_all(&mut file, text.as_bytes()).map_err(write_error)
}

/// A YAML string: JSON's double-quoted strings are YAML's too, escapes included.
fn quoted(text: &str) -> String {
    serde_json::to_string(text).expect("a string serializes")
}

/// The config file: every key, each explained, the ones not set commented out.
fn config_text(settings: &Settings) -> String {
    format!(
        r#"# feedsmith site config. Every key is listed; the ones commented out show their default or
# an example. README.md ("Site config") explains each in full.

# The site: feed titles and descriptions, and the URL every link is made absolute against.
title: {title}
description: {description}
base_url: {base_url}
# BCP 47 language of the posts (`en`, `en-US`).
{language}
# IANA time zone for dates written without an offset; default UTC.
{timezone}
# The site's author, for posts that name none.
# author:
#   name: "Your Name"
#   email: "you@example.com"
#   url: "/about/"

# Where a post is published: {{slug}} or {{title}}, {{path}}, {{year}}, {{month}}, {{day}}.
{permalink}
# The posts' tool (auto: found from its config): hugo, jekyll, zola, astro, nextjs, eleventy, markdown.
# flavor: {FLAVOR}

# Folders, relative to this site's root (the folder holding config/).
content_dir: {content_dir}
# output_dir: {output_dir}
# static_dir: "static"            # lets feeds describe cover images and enclosures
{exclude}
# max_post_bytes: {max_post_bytes}
# sanitize: {sanitize}                 # clean posts' HTML by an allow-list: no script survives

feeds:
  limit: {feed_limit}                       # posts per feed; 0 = every post
  full_content: {full_content}              # false = summaries only
  # max_bytes: 1000000            # most bytes of any feed file
  rss: {{ enabled: true, file: {rss_file} }}
  atom: {{ enabled: true, file: {atom_file} }}
  json: {{ enabled: true, file: {json_file} }}

sitemap:
  enabled: true
  file: {sitemap_file}
  images: {sitemap_images}                    # list each post's images
  # extra_urls: ["/", "/about/"]  # pages to list besides the posts
  # max_urls: {max_urls}

{tag_feeds}
{category_feeds}
{section_feeds}
# tag_slugs: {{ "machine learning": "ml" }}
# category_slugs: {{}}

opml: {{ enabled: true, file: {opml_file} }}
feeds_page: {{ enabled: true, file: {page_file}, head_file: {head_file} }}

# archives: {{ enabled: {archives}, page_size: {page_size} }}     # RFC 5005: every post, in archive pages
# websub: {{ hubs: ["https://pubsubhubbub.appspot.com/"], ping: {ping} }}
"#,
        title = quoted(&settings.title),
        description = quoted(&settings.description),
        base_url = quoted(&settings.base_url),
        language =
            optional("language", &settings.language, "en") + &languages_text(&settings.languages),
        exclude = exclude_text(&settings.exclude),
        timezone = optional("timezone", &settings.timezone, "Europe/London"),
        permalink = optional("permalink", &settings.permalink, defaults::PERMALINK),
        content_dir = quoted(&settings.content_dir),
        output_dir = quoted(defaults::OUTPUT_DIR),
        max_post_bytes = defaults::MAX_POST_BYTES,
        sanitize = defaults::SANITIZE,
        feed_limit = settings.feeds.limit.unwrap_or(defaults::FEED_LIMIT),
        full_content = settings
            .feeds
            .full_content
            .unwrap_or(defaults::FULL_CONTENT),
        tag_feeds = term_feeds_text("tag_feeds", &settings.feeds.tags, settings.feeds.limit),
        category_feeds = term_feeds_text(
            "category_feeds",
            &settings.feeds.categories,
            settings.feeds.limit
        ),
        section_feeds = section_feeds_text(&settings.feeds),
        rss_file = quoted(FeedFormat::Rss.default_file()),
        atom_file = quoted(FeedFormat::Atom.default_file()),
        json_file = quoted(FeedFormat::Json.default_file()),
        sitemap_file = quoted(defaults::SITEMAP_FILE),
        sitemap_images = defaults::SITEMAP_IMAGES,
        max_urls = defaults::SITEMAP_MAX_URLS,
        opml_file = quoted(defaults::OPML_FILE),
        page_file = quoted(defaults::FEEDS_PAGE_FILE),
        head_file = quoted(defaults::FEEDS_HEAD_FILE),
        archives = defaults::ARCHIVES,
        page_size = defaults::ARCHIVE_PAGE_SIZE,
        ping = defaults::WEBSUB_PING,
    )
}

/// The `tag_feeds:` or `category_feeds:` block.
fn term_feeds_text(key: &str, feeds: &TermFeeds, limit: Option<usize>) -> String {
    let (folder, page) = match key {
        "tag_feeds" => (defaults::TAG_FOLDER, defaults::TAG_PAGE_URL),
        _ => (defaults::CATEGORY_FOLDER, defaults::CATEGORY_PAGE_URL),
    };
    let mut text = format!(
        "{key}:\n  enabled: {}\n  folder: {}\n  page_url: {}\n  limit: {}",
        feeds.enabled.unwrap_or(defaults::OUTPUT_ENABLED),
        quoted(folder),
        quoted(page),
        limit.unwrap_or(defaults::FEED_LIMIT)
    );
    for (name, list) in [("only", &feeds.only), ("except", &feeds.except)] {
        if !list.is_empty() {
            let items: Vec<String> = list.iter().map(|t| quoted(t)).collect();
            text.push_str(&format!("\n  {name}: [{}]", items.join(", ")));
        }
    }
    text
}

/// The `section_feeds:` block: the tool's choice, else a commented example.
fn section_feeds_text(feeds: &FeedOptions) -> String {
    match feeds.sections {
        Some(enabled) => format!("section_feeds: {{ enabled: {enabled} }}"),
        None => format!(
            "# section_feeds: {{ folder: {} }}   # a section's feeds, as its tool writes them",
            quoted(defaults::SECTION_FOLDER)
        ),
    }
}

/// The feeds' options `tool`'s `config` sets, with what could not be mapped in `skipped`.
fn feed_options(tool: &str, config: &Value, skipped: &mut Vec<String>) -> FeedOptions {
    let number = |value: Option<&Value>| {
        value
            .and_then(Value::as_u64)
            .and_then(|n| usize::try_from(n).ok())
    };
    let mut options = FeedOptions::default();
    match tool {
        "Jekyll" => {
            let Some(feed) = lookup(config, "feed") else {
                return options;
            };
            options.limit = number(lookup(feed, "posts_limit"));
            options.full_content = lookup(feed, "excerpt_only")
                .and_then(Value::as_bool)
                .map(|excerpts| !excerpts);
            options.tags = term_feeds(lookup(feed, "tags"));
            options.categories = term_feeds(lookup(feed, "categories"));
            if lookup(feed, "collections").is_some() {
                skipped.push("feed.collections: jekyll-feed's collection feeds are not mapped; feedsmith reads the posts folder (a collection's folder can be a section: see `sections` in the README)".into());
            }
        }
        "Hugo" => {
            options.limit = number(lookup(config, "rsslimit"))
                .or_else(|| {
                    number(
                        lookup(config, "services")
                            .and_then(|s| lookup(s, "rss"))
                            .and_then(|r| lookup(r, "limit")),
                    )
                })
                .filter(|&n| n > 0);
            let writes_rss = |kind: &str| {
                lookup(config, "outputs")
                    .and_then(|o| lookup(o, kind))
                    .and_then(Value::as_array)
                    .map(|formats| {
                        formats
                            .iter()
                            .any(|f| f.as_str().is_some_and(|f| f.eq_ignore_ascii_case("rss")))
                    })
            };
            options.sections = writes_rss("section").filter(|writes| !writes);
        }
        "Zola" => options.limit = number(lookup(config, "feed_limit")),
        _ => {}
    }
    options
}

/// jekyll-feed's `tags:` or `categories:` option: `true`, or `{only: […]}` / `{except: […]}`.
fn term_feeds(value: Option<&Value>) -> TermFeeds {
    let list = |key: &str| -> Vec<String> {
        value
            .and_then(|v| lookup(v, key))
            .and_then(Value::as_array)
            .map(|items| {
                items
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    };
    match value {
        None => TermFeeds::default(),
        Some(Value::Bool(enabled)) => TermFeeds {
            enabled: Some(*enabled),
            ..TermFeeds::default()
        },
        Some(_) => TermFeeds {
            enabled: Some(true),
            only: list("only"),
            except: list("except"),
        },
    }
}

/// `key: value`, or with no value, `# key: example`.
fn optional(key: &str, value: &Option<String>, example: &str) -> String {
    match value {
        Some(value) => format!("{key}: {}", quoted(value)),
        None => format!("# {key}: {}", quoted(example)),
    }
}

/// The `exclude` line: the globs the tool's layout needs, else a commented example.
fn exclude_text(globs: &[String]) -> String {
    match globs.is_empty() {
        true => {
            "# exclude: [\"drafts/\", \"*.snippet.md\"]   # files that are not posts".to_owned()
        }
        false => format!(
            "exclude: [{}]   # files that are not posts",
            globs
                .iter()
                .map(|glob| quoted(glob))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// The `languages:` block of a multilingual site (nothing for one language): each language
/// with what differs from feedsmith's defaults.
fn languages_text(languages: &[LanguageSettings]) -> String {
    if languages.is_empty() {
        return String::new();
    }
    let mut text = String::from(
        "\n# The languages the posts are written in, the default first: each gets its own feeds.\nlanguages:",
    );
    for language in languages {
        text.push_str(&format!("\n  - code: {}", quoted(&language.code)));
        for (key, value) in [
            ("title", &language.title),
            ("description", &language.description),
            ("prefix", &language.prefix),
            ("base_url", &language.base_url),
        ] {
            if let Some(value) = value {
                text.push_str(&format!("\n    {key}: {}", quoted(value)));
            }
        }
    }
    text
}

fn example_post(now: Timestamp) -> String {
    let date = now.strftime("%Y-%m-%d");
    format!(
        r#"---
title: "Hello, feedsmith"
date: {date}
description: "The first post: what this site is about."
tags: [meta]
---
This is an example post. Each Markdown file in `content/` is a post: the front matter
between the `---` lines names its title, date and tags, and the rest is its text.

Edit this one or replace it, then run `feedsmith build`: the feeds appear in `public/`.
"#
    )
}

/// The settings of the site at `source`, read from its Hugo, Jekyll or Zola config, for a
/// feedsmith config in `dir`.
fn from_existing(source: &Path, dir: &Path, report: &mut InitReport) -> Result<Settings, Error> {
    let (tool, file, config) = find_tool_config(source)?;
    report
        .mapped
        .push(format!("read {tool}'s config {}", file.display()));
    let get = |keys: &[&str]| found_in(&config, keys);
    let mut take = |field: &str, found: Option<(String, String)>| -> Option<String> {
        let (key, value) = found?;
        report.mapped.push(format!("{field} ← {key}"));
        Some(value)
    };
    let title = take("title", get(&["title", "name"]));
    let description = take(
        "description",
        get(&[
            "description",
            "params.description",
            "params.subtitle",
            "tagline",
        ]),
    );
    let base_url = match tool {
        "Jekyll" => jekyll_url(&get),
        _ => get(&["baseurl", "base_url"]),
    };
    let base_url = take("base_url", base_url).map(|url| match url.ends_with('/') {
        true => url,
        false => format!("{url}/"),
    });
    let language = take(
        "language",
        get(&[
            "languagecode",
            "lang",
            "default_language",
            "defaultcontentlanguage",
        ])
        .map(|(key, tag)| (key, normalize_language(&tag))),
    );
    let timezone = take("timezone", get(&["timezone"]));
    let languages = tool_languages(tool, &config);
    let language = match languages.first() {
        Some(first) => Some(first.code.clone()),
        None => language,
    };
    let (content, exclude) = language_folders(content_folder(tool, source, &config), &languages);
    let permalink = take("permalink", permalink(tool, &config, &content.1));
    let content_dir = match same_folder(source, dir) {
        true => content.0.clone(),
        false => std::path::absolute(source.join(&content.0))
            .unwrap_or_else(|_| source.join(&content.0))
            .to_string_lossy()
            .into_owned(),
    };
    report.mapped.push(format!("content_dir ← {content_dir}"));
    if !languages.is_empty() {
        let codes: Vec<&str> = languages.iter().map(|l| l.code.as_str()).collect();
        let codes = codes.join(", ");
        report
            .mapped
            .push(format!("languages ← languages ({codes})"));
    }

    let feeds = feed_options(tool, &config, &mut report.skipped);
    let mut settings = Settings {
        title: title.unwrap_or_else(|| "My Blog".into()),
        description: description.unwrap_or_else(|| {
            report
                .skipped
                .push("description: none found; edit the placeholder".into());
            "Notes and essays.".into()
        }),
        base_url: base_url.unwrap_or_else(|| {
            report
                .skipped
                .push("base_url: none found; set the site's real URL".into());
            "https://example.com/".into()
        }),
        language,
        timezone,
        permalink,
        content_dir,
        languages,
        exclude,
        feeds,
    };
    drop_refused(&mut settings, report);
    Ok(settings)
}

/// The posts' folder and section (from [`content_folder`]) of a site whose languages keep
/// their posts in folders of their own (`content/en`, `content/fr`): the folder above them
/// all, each language's posts found by its folder's name, and the `exclude` globs that keep
/// only the blog section of each.
fn language_folders(
    (folder, section): (String, String),
    languages: &[LanguageSettings],
) -> ((String, String), Vec<String>) {
    let Some(first) = languages.first() else {
        return ((folder, section), Vec::new());
    };
    let parent = folder
        .split_once(&format!("/{}", first.code.to_ascii_lowercase()))
        .or_else(|| folder.split_once(&format!("/{}", first.code)))
        .map(|(parent, _)| parent.to_owned());
    match parent {
        Some(parent) if !section.is_empty() => {
            let exclude = vec!["/*/*".to_owned(), format!("!/*/{section}/")];
            ((parent, section), exclude)
        }
        Some(parent) => ((parent, section), Vec::new()),
        None => ((folder, section), Vec::new()),
    }
}

/// The languages of a multilingual Hugo or Zola site, the default first: Hugo's
/// `[languages]` by `weight` then key, its `defaultContentLanguage` first (in a folder of
/// its own with `defaultContentLanguageInSubdir`, every language on its own host with a
/// `baseURL` each); Zola's `default_language` and `[languages]`. None for a site in one.
fn tool_languages(tool: &str, config: &Value) -> Vec<LanguageSettings> {
    let text = |value: Option<&Value>| {
        value
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
    };
    let default = match tool {
        "Hugo" => text(lookup(config, "defaultcontentlanguage")),
        "Zola" => text(lookup(config, "default_language")),
        _ => return Vec::new(),
    }
    .unwrap_or_else(|| "en".into());
    let Some(table) = lookup(config, "languages").and_then(Value::as_object) else {
        return Vec::new();
    };
    let mut keys: Vec<(&String, &Value)> = table.iter().collect();
    let weight = |value: &Value| lookup(value, "weight").and_then(Value::as_i64).unwrap_or(0);
    keys.sort_by(|a, b| weight(a.1).cmp(&weight(b.1)).then_with(|| a.0.cmp(b.0)));
    let in_subdir =
        lookup(config, "defaultcontentlanguageinsubdir").and_then(Value::as_bool) == Some(true);
    let mut languages = Vec::new();
    if !keys
        .iter()
        .any(|(key, _)| key.eq_ignore_ascii_case(&default))
    {
        // Zola lists only the other languages.
        keys.insert(0, (&default, &Value::Null));
    }
    for (key, value) in keys {
        let is_default = key.eq_ignore_ascii_case(&default);
        let language = LanguageSettings {
            code: normalize_language(key),
            title: text(lookup(value, "title")),
            // Feed descriptions are plain text; a theme's may hold markup.
            description: text(lookup(value, "description"))
                .or_else(|| text(lookup(value, "params").and_then(|p| lookup(p, "description"))))
                .map(|html| crate::text::html_text(&html)),
            prefix: (is_default && in_subdir).then(|| format!("{}/", key.to_ascii_lowercase())),
            base_url: text(lookup(value, "baseurl")).filter(|_| !is_default),
        };
        match is_default {
            true => languages.insert(0, language),
            false => languages.push(language),
        }
    }
    if languages.len() < 2 {
        return Vec::new();
    }
    languages
}

/// The first of `keys` (dotted, any case) whose value in `config` is text: the key as the
/// tool's config spells it (`baseURL`), for the report, and the text.
fn found_in(config: &Value, keys: &[&str]) -> Found {
    keys.iter().find_map(|key| {
        let mut value = config;
        let mut written = Vec::new();
        for part in key.split('.') {
            let (name, inner) = lookup_named(value, part)?;
            written.push(name);
            value = inner;
        }
        // `title: 2024` is a number to YAML and TOML, and a title all the same.
        match value {
            Value::String(text) if !text.trim().is_empty() => {
                Some((written.join("."), text.trim().to_string()))
            }
            Value::Number(number) => Some((written.join("."), number.to_string())),
            _ => None,
        }
    })
}

/// A value found in the tool's config: the key as the tool spells it, and the value.
type Found = Option<(String, String)>;

/// Jekyll's site URL, which it splits in two: `url` and `baseurl`; with the key it came from.
fn jekyll_url(get: &dyn Fn(&[&str]) -> Found) -> Found {
    let (key, url) = get(&["url"])?;
    let path = get(&["baseurl"]).map(|(_, path)| path).unwrap_or_default();
    Some((
        match path.is_empty() {
            true => key,
            false => "url + baseurl".into(),
        },
        [url.trim_end_matches('/'), path.trim_matches('/')]
            .iter()
            .filter(|part| !part.is_empty())
            .map(|part| format!("{part}/"))
            .collect::<String>(),
    ))
}

/// A value feedsmith would refuse is left out of `settings`, with the reason in `report`,
/// rather than failing the whole `init`.
fn drop_refused(settings: &mut Settings, report: &mut InitReport) {
    for field in ["language", "timezone", "permalink", "base_url"] {
        let value = match field {
            "language" => settings.language.clone(),
            "timezone" => settings.timezone.clone(),
            "permalink" => settings.permalink.clone(),
            _ => Some(settings.base_url.clone()),
        };
        let Some(value) = value else { continue };
        // A tool's placeholder feedsmith has no match for (Jekyll's `:y_day`, Hugo's
        // `:sections[1:]`) would stay in every URL as text: said, and left to the user.
        if let Some(unknown) = unmapped_placeholder(field, &value) {
            report.skipped.push(format!(
                "permalink \"{value}\": `{unknown}` has no feedsmith placeholder; set `permalink` by hand (placeholders: {{slug}}, {{title}}, {{path}}, {{year}}, {{month}}, {{day}}, {{categories}})"
            ));
            settings.permalink = None;
            continue;
        }
        let probe = match field {
            "base_url" => format!("title: T\ndescription: D\nbase_url: {}\n", quoted(&value)),
            _ => format!(
                "title: T\ndescription: D\nbase_url: \"https://example.com/\"\n{field}: {}\n",
                quoted(&value)
            ),
        };
        if let Err(problem) = SiteConfig::parse(&probe, Path::new("probe")) {
            report
                .skipped
                .push(format!("{field} \"{value}\": {}", problem[0].message));
            match field {
                "language" => settings.language = None,
                "timezone" => settings.timezone = None,
                "permalink" => settings.permalink = None,
                _ => settings.base_url = "https://example.com/".into(),
            }
        }
    }
}

/// The first tool placeholder (`:name`) left in the mapped `permalink`, if any.
fn unmapped_placeholder(field: &str, value: &str) -> Option<String> {
    if field != "permalink" {
        return None;
    }
    let at = value.find(':')?;
    let name: String = value[at + 1..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '[' | ']' | ':'))
        .collect();
    (!name.is_empty()).then(|| format!(":{name}"))
}

/// Whether `a` and `b` are one folder.
fn same_folder(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// `en-us` (Hugo's `languageCode`) and `en_US` as BCP 47 writes them: `en-US`.
fn normalize_language(tag: &str) -> String {
    let mut parts = tag.split(['-', '_']);
    let primary = parts.next().unwrap_or_default().to_ascii_lowercase();
    let rest: Vec<String> = parts
        .map(|part| match part.len() {
            2 => part.to_ascii_uppercase(),
            _ => part.to_string(),
        })
        .collect();
    std::iter::once(primary)
        .chain(rest)
        .collect::<Vec<_>>()
        .join("-")
}

/// The first config file of a known tool in `source`, parsed.
fn find_tool_config(source: &Path) -> Result<(&'static str, PathBuf, Value), Error> {
    let (tool, path, parsed) =
        find_tool_config_text(source).ok_or_else(|| Error::NoToolConfig(source.to_path_buf()))?;
    let parsed = parsed.map_err(|problem| {
        let message = format!("cannot read {}'s config: {}", tool.name(), problem.message);
        Error::Config(vec![crate::error::Diagnostic { message, ..problem }])
    })?;
    Ok((tool.name(), path, parsed))
}

/// The folder of the site's posts (relative to its root) and the section it is published
/// under (`posts` for `content/posts`), as each tool lays a blog out.
fn content_folder(tool: &str, source: &Path, config: &Value) -> (String, String) {
    match tool {
        "Jekyll" => ("_posts".into(), String::new()),
        _ => {
            // A multilingual Hugo site keeps each language's content apart.
            let default_language = lookup(config, "defaultcontentlanguage")
                .and_then(Value::as_str)
                .unwrap_or("en");
            let content = lookup(config, "languages")
                .and_then(|languages| lookup(languages, default_language))
                .and_then(|language| lookup(language, "contentdir"))
                .or_else(|| lookup(config, "contentdir"))
                .or_else(|| {
                    // Hugo modules mount the content from elsewhere (`src/content`).
                    lookup(lookup(config, "module")?, "mounts")?
                        .as_array()?
                        .iter()
                        .find(|m| lookup(m, "target").and_then(Value::as_str) == Some("content"))
                        .and_then(|m| lookup(m, "source"))
                })
                .and_then(Value::as_str)
                .unwrap_or("content")
                .trim_matches('/')
                .to_string();
            // …or mounts it from `content/<language>` (Hugo modules).
            let by_language = format!("{content}/{default_language}");
            let content = match source.join(&by_language).is_dir() {
                true => by_language,
                false => content,
            };
            for section in ["posts", "post", "blog", "articles", "news"] {
                if source.join(&content).join(section).is_dir() {
                    return (format!("{content}/{section}"), section.into());
                }
            }
            (content, String::new())
        }
    }
}

/// The permalink pattern matching the tool's, for posts of `section`.
fn permalink(tool: &str, config: &Value, section: &str) -> Option<(String, String)> {
    let (key, pattern) = match tool {
        "Jekyll" => {
            let pattern = lookup(config, "collections")
                .and_then(|c| lookup(c, "posts"))
                .and_then(|p| lookup(p, "permalink"))
                .map(|p| ("collections.posts.permalink", p))
                .or_else(|| {
                    // `defaults: [{scope: {type: posts}, values: {permalink: …}}]`.
                    lookup(config, "defaults")?
                        .as_array()?
                        .iter()
                        .find(|d| {
                            lookup(d, "scope")
                                .and_then(|s| lookup(s, "type"))
                                .and_then(Value::as_str)
                                == Some("posts")
                        })
                        .and_then(|d| lookup(lookup(d, "values")?, "permalink"))
                        .map(|p| ("defaults.values.permalink", p))
                })
                .or_else(|| lookup(config, "permalink").map(|p| ("permalink", p)))
                .and_then(|(key, p)| Some((key, p.as_str()?.to_string())));
            // Jekyll's default style is `date`.
            let (key, pattern) = pattern.unwrap_or(("(Jekyll's default)", "date".into()));
            let pattern = match pattern.as_str() {
                "date" => "/:categories/:year/:month/:day/:title:output_ext".into(),
                "pretty" => "/:categories/:year/:month/:day/:title/".into(),
                "ordinal" => "/:categories/:year/:y_day/:title:output_ext".into(),
                "none" => "/:categories/:title:output_ext".into(),
                other => other.to_string(),
            };
            (key.to_string(), pattern)
        }
        "Hugo" => {
            let permalinks = lookup(config, "permalinks");
            let for_section = |table: Option<&Value>| {
                table
                    .and_then(|t| lookup(t, section))
                    .and_then(Value::as_str)
                    .map(str::to_string)
            };
            match for_section(permalinks.and_then(|p| lookup(p, "page")))
                .or_else(|| for_section(permalinks))
            {
                Some(pattern) => (format!("permalinks.{section}"), pattern),
                // A page's path, its last segment the front matter's `slug` when it has one.
                None if !section.is_empty() => (
                    "(Hugo's default)".into(),
                    format!("/{section}/:slugorfilename/"),
                ),
                None => ("(Hugo's default)".into(), "/{path}/:slugorfilename/".into()),
            }
        }
        _ if !section.is_empty() => ("(Zola's section path)".into(), format!("/{section}/:slug/")),
        // The whole content folder: each page at its folder's path.
        _ => ("(Zola's page path)".into(), "/{path}/:slug/".into()),
    };
    // Hugo's `:slug` is the front matter's slug, else the title; its `:title`, the title.
    let pattern_for_tool = match tool {
        // `:slugorcontentbasename` (Hugo 0.144) is the front matter's slug, else the file or
        // bundle name: feedsmith's `{slug}`.
        "Hugo" => pattern
            .replace(":slugorcontentbasename", "{slug}")
            .replace(":slugorfilename", "{slug}")
            .replace(":slug", "{title}")
            .replace(":title", "{title}"),
        _ => pattern.clone(),
    };
    let mapped = pattern_for_tool
        .replace(":categories", "{categories}")
        .replace(":output_ext", ".html")
        .replace(":slugorfilename", "{slug}")
        .replace(":contentbasename", "{slug}")
        .replace(":filename", "{slug}")
        .replace(":title", "{slug}")
        .replace(":slug", "{slug}")
        .replace(":year", "{year}")
        .replace(":month", "{month}")
        .replace(":day", "{day}")
        .replace(":section", section);
    // Jekyll reads `:year/:month/:title/` as a path from the site root.
    let mapped = match mapped.starts_with('/') {
        true => mapped,
        false => format!("/{mapped}"),
    };
    // Hugo publishes a page as `…/index.html` (a URL ending in `/`) unless `uglyURLs`.
    let ugly = lookup(config, "uglyurls").and_then(Value::as_bool) == Some(true);
    let mapped = match tool == "Hugo" && !ugly && !mapped.ends_with('/') {
        true => format!("{mapped}/"),
        false => mapped,
    };
    Some((format!("{key} \"{pattern}\""), mapped))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_are_written_as_bcp_47() {
        assert_eq!(normalize_language("en-us"), "en-US");
        assert_eq!(normalize_language("pt_BR"), "pt-BR");
        assert_eq!(normalize_language("de"), "de");
    }

    #[test]
    fn the_template_writes_the_defaults_the_validator_uses() {
        let settings = Settings {
            title: "T".into(),
            description: "D".into(),
            base_url: "https://blog.example/".into(),
            language: None,
            timezone: None,
            permalink: None,
            content_dir: defaults::CONTENT_DIR.into(),
            languages: Vec::new(),
            exclude: Vec::new(),
            feeds: FeedOptions::default(),
        };
        let written = SiteConfig::parse(&config_text(&settings), Path::new("site.yaml")).unwrap();
        let minimal = SiteConfig::parse(
            "title: T\ndescription: D\nbase_url: https://blog.example/\n",
            Path::new("site.yaml"),
        )
        .unwrap();
        assert_eq!(format!("{written:?}"), format!("{minimal:?}"));
    }

    #[test]
    fn the_written_config_parses_with_every_setting() {
        let settings = Settings {
            title: "A \"quoted\" title: with colon".into(),
            description: "D".into(),
            base_url: "https://blog.example/".into(),
            language: Some("en-US".into()),
            timezone: Some("Europe/Berlin".into()),
            permalink: Some("/{year}/{slug}/".into()),
            content_dir: "content/posts".into(),
            languages: ["en-US", "pt-BR"]
                .map(|code| LanguageSettings {
                    code: code.into(),
                    title: Some(format!("Title: \"{code}\"")),
                    description: None,
                    prefix: None,
                    base_url: (code == "pt-BR").then(|| "https://br.blog.example/".into()),
                })
                .to_vec(),
            exclude: vec!["/*/*".into(), "!/*/posts/".into()],
            feeds: FeedOptions {
                limit: Some(5),
                full_content: Some(false),
                tags: TermFeeds {
                    enabled: Some(true),
                    only: Vec::new(),
                    except: vec!["private notes".into()],
                },
                categories: TermFeeds::default(),
                sections: Some(false),
            },
        };
        let config = SiteConfig::parse(&config_text(&settings), Path::new("site.yaml")).unwrap();
        let languages = &config.languages.list;
        assert_eq!(languages[1].title, "Title: \"pt-BR\"");
        assert_eq!(languages[1].root_url.as_str(), "https://br.blog.example/");
        assert_eq!(config.feeds.limit, Some(5));
        assert!(!config.feeds.full_content);
        assert_eq!(config.tag_feeds.except, ["private-notes"]);
        assert_eq!(config.section_feeds.enabled, Some(false));
        assert_eq!(config.title, settings.title);
        assert_eq!(config.permalink.as_str(), "/{year}/{slug}/");
        assert_eq!(config.content_dir, Path::new("content/posts"));
    }
}
