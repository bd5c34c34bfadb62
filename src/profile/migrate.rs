//! What a tool's own config says of a site, for `feedsmith init --from`: its title,
//! description, URL, languages, time zone, posts folder, permalink and feed options, each
//! read as that tool writes them (Hugo's keys in any case, Jekyll's `url` and `baseurl`,
//! Zola's `[languages]`), with where each came from and what could not be taken over.

use std::path::Path;

use serde_json::Value;

pub(crate) use super::code_routes::Suggested;
use super::{Tool, find_tool_config_text, lookup, lookup_named};
use crate::error::Error;

/// The settings a new config starts from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Settings {
    pub(crate) title: String,
    pub(crate) description: String,
    pub(crate) base_url: String,
    pub(crate) language: Option<String>,
    pub(crate) timezone: Option<String>,
    pub(crate) permalink: Option<String>,
    /// A permalink per folder of the content folder (`permalinks:`), for a site whose
    /// sections each have their own (Hugo's `[permalinks]`).
    pub(crate) permalinks: Vec<(String, String)>,
    /// Permalinks per folder that a route in code implies (Astro's collections), written
    /// commented for the user to confirm: the folder, the pattern and the route file.
    pub(crate) suggested_permalinks: Vec<Suggested>,
    pub(crate) content_dir: String,
    /// The languages of a multilingual site, the default first (none for one language).
    pub(crate) languages: Vec<LanguageSettings>,
    /// Files that are not posts (`exclude`), where the tool's layout says so.
    pub(crate) exclude: Vec<String>,
    /// The feeds' options the tool's config sets.
    pub(crate) feeds: FeedOptions,
}

/// The feeds' options a tool's config sets (jekyll-feed's `feed:`, Hugo's `outputs` and
/// RSS limit, Zola's `feed_limit`); each `None` or empty where it sets none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct FeedOptions {
    /// Posts per feed.
    pub(crate) limit: Option<usize>,
    /// Full posts, or summaries only.
    pub(crate) full_content: Option<bool>,
    /// The tag feeds.
    pub(crate) tags: TermFeeds,
    /// The category feeds.
    pub(crate) categories: TermFeeds,
    /// Whether sections get feeds.
    pub(crate) sections: Option<bool>,
}

/// Whether a taxonomy's terms get feeds, and which.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct TermFeeds {
    pub(crate) enabled: Option<bool>,
    pub(crate) only: Vec<String>,
    pub(crate) except: Vec<String>,
}

/// One language of a multilingual site, as its tool's config describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LanguageSettings {
    pub(crate) code: String,
    pub(crate) title: Option<String>,
    pub(crate) description: Option<String>,
    /// The folder it is published under, where it differs from feedsmith's default.
    pub(crate) prefix: Option<String>,
    /// Its own host (Hugo's multihost `baseURL`).
    pub(crate) base_url: Option<String>,
}

/// The feeds' options `tool`'s `config` sets, with what could not be mapped in `skipped`.
fn feed_options(tool: Tool, config: &Value, skipped: &mut Vec<String>) -> FeedOptions {
    let number = |value: Option<&Value>| {
        value
            .and_then(Value::as_u64)
            .and_then(|n| usize::try_from(n).ok())
    };
    let mut options = FeedOptions::default();
    match tool {
        Tool::Jekyll => {
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
        Tool::Hugo => {
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
        Tool::Zola => options.limit = number(lookup(config, "feed_limit")),
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

/// Where the tools' configs describe the site, the first found winning.
const DESCRIPTION_KEYS: [&str; 4] = [
    "description",
    "params.description",
    "params.subtitle",
    "tagline",
];

/// The settings of the site at `source`, read from its Hugo, Jekyll or Zola config (or, for a
/// tool whose config is code, its files), for a feedsmith config in `dir`.
pub(crate) fn from_existing(
    source: &Path,
    dir: &Path,
    mapped: &mut Vec<String>,
    skipped: &mut Vec<String>,
) -> Result<Settings, Error> {
    let Some((tool, file, parsed)) = find_tool_config_text(source) else {
        return code_site(source, mapped, skipped);
    };
    let config = parsed_config(tool, parsed)?;
    mapped.push(format!("read {}'s config {}", tool.name(), file.display()));
    let get = |keys: &[&str]| found_in(&config, keys);
    let mut take = |field: &str, found: Option<(String, String)>| -> Option<String> {
        let (key, value) = found?;
        mapped.push(format!("{field} ← {key}"));
        Some(value)
    };
    let title = take("title", get(&["title", "name"]));
    let description = take("description", get(&DESCRIPTION_KEYS));
    let base_url = match tool {
        Tool::Jekyll => jekyll_url(&get),
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
    let Routes {
        content,
        permalink,
        permalinks,
    } = routes(
        tool,
        &config,
        (source, content),
        languages.is_empty(),
        mapped,
    );
    let content_dir = match same_folder(source, dir) {
        true => content.0.clone(),
        false => std::path::absolute(source.join(&content.0))
            .unwrap_or_else(|_| source.join(&content.0))
            .to_string_lossy()
            .into_owned(),
    };
    mapped.push(format!("content_dir ← {content_dir}"));
    if !languages.is_empty() {
        let codes: Vec<&str> = languages.iter().map(|l| l.code.as_str()).collect();
        mapped.push(format!("languages ← languages ({})", codes.join(", ")));
    }

    let title = from_default_language(title, "title", &languages, mapped);
    let description = from_default_language(description, "description", &languages, mapped);
    let feeds = feed_options(tool, &config, skipped);
    Ok(Settings {
        title: title.unwrap_or_else(|| {
            skipped.push("title: none found; edit the placeholder".into());
            "My Blog".into()
        }),
        description: description.unwrap_or_else(|| {
            skipped.push("description: none found; edit the placeholder".into());
            "Notes and essays.".into()
        }),
        base_url: base_url.unwrap_or_else(|| {
            skipped.push("base_url: none found; set the site's real URL".into());
            "https://example.com/".into()
        }),
        language,
        timezone,
        permalink,
        permalinks,
        suggested_permalinks: Vec::new(),
        content_dir,
        languages,
        exclude,
        feeds,
    })
}

/// Where the site's posts are and where it publishes them: the posts' folder and section
/// `content` as found, its `permalink`, and a permalink per folder — for a Hugo site in one
/// language whose `[permalinks]` route two sections or more, the whole content folder, each
/// of those sections by its own pattern; for a Jekyll site, each folder of `_posts` its
/// path-scoped defaults route. What is taken is noted in `mapped`.
fn routes(
    tool: Tool,
    config: &Value,
    (source, mut content): (&Path, (String, String)),
    one_language: bool,
    mapped: &mut Vec<String>,
) -> Routes {
    let sections = match (tool, one_language) {
        (Tool::Hugo, true) => hugo_section_permalinks(config, source, &content),
        // Jekyll's path-scoped defaults route folders of `_posts`, the content folder.
        (Tool::Jekyll, _) => jekyll_folder_permalinks(config, &source.join(&content.0)),
        _ => Vec::new(),
    };
    if tool == Tool::Hugo && !sections.is_empty() {
        content = (content_root(&content), String::new());
    }
    let mut take = |field: &str, (key, value): (String, String)| {
        mapped.push(format!("{field} ← {key}"));
        value
    };
    // Where the posts' folder is above their section (each language's folder in it, the
    // section kept by `exclude`), `{path}` already starts with the section.
    let (folder, section) = &content;
    let section_in_path = !folder.ends_with(&format!("/{section}"));
    let permalink =
        permalink(tool, config, (section, section_in_path)).map(|found| take("permalink", found));
    let permalinks = sections
        .into_iter()
        .map(|(section, found)| {
            let pattern = take(&format!("permalinks.{section}"), found);
            (section, pattern)
        })
        .collect();
    Routes {
        content,
        permalink,
        permalinks,
    }
}

/// What [`routes`] finds.
struct Routes {
    /// The posts' folder and the section it is published under.
    content: (String, String),
    /// The site's permalink, mapped.
    permalink: Option<String>,
    /// Each routed folder's permalink, mapped.
    permalinks: Vec<(String, String)>,
}

/// `value`, else — a multilingual site may title and describe itself per language only
/// (`[languages.en] title = …`) — the default language's `field` (`title` or
/// `description`), noted in `mapped`.
fn from_default_language(
    value: Option<String>,
    field: &str,
    languages: &[LanguageSettings],
    mapped: &mut Vec<String>,
) -> Option<String> {
    value.or_else(|| {
        let language = languages.first()?;
        let found = match field {
            "title" => language.title.clone(),
            _ => language.description.clone(),
        }?;
        mapped.push(format!("{field} ← languages.{}.{field}", language.code));
        Some(found)
    })
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
fn tool_languages(tool: Tool, config: &Value) -> Vec<LanguageSettings> {
    let text = |value: Option<&Value>| {
        value
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
    };
    let default = match tool {
        Tool::Hugo => text(lookup(config, "defaultcontentlanguage")),
        Tool::Zola => text(lookup(config, "default_language")),
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

/// Whether `a` and `b` are one folder.
pub(crate) fn same_folder(a: &Path, b: &Path) -> bool {
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

/// A tool's config as parsed, or the problem that stops it, said as the tool's.
fn parsed_config(tool: Tool, parsed: super::detect::ParsedConfig) -> Result<Value, Error> {
    let (config, _) = parsed.map_err(|problem| {
        let message = format!("cannot read {}'s config: {}", tool.name(), problem.message);
        Error::Config(vec![crate::error::Diagnostic { message, ..problem }])
    })?;
    Ok(config)
}

/// The settings of a site with no Hugo, Jekyll or Zola config: where a tool whose config is
/// code (Astro, Next.js, Eleventy) is found, what its files say plainly; where they say
/// nothing, the error naming what to write by hand.
fn code_site(
    source: &Path,
    mapped: &mut Vec<String>,
    skipped: &mut Vec<String>,
) -> Result<Settings, Error> {
    let Some((tool, file)) = super::detect::marker_file(source) else {
        return Err(Error::NoToolConfig(source.to_path_buf()));
    };
    super::code_routes::code_site_settings(tool, source, &file, mapped, skipped).ok_or_else(|| {
        Error::ToolConfigIsCode {
            tool: tool.name(),
            file,
            advice: hand_written_settings(tool),
        }
    })
}

/// What to write by hand for a tool whose config is code (Astro, Next.js, Eleventy): the
/// keys its routes and folders decide.
fn hand_written_settings(tool: Tool) -> &'static str {
    match tool {
        Tool::Astro => {
            "`flavor: astro`, `content_dir` (your collections' folder, `src/content`), and a `permalink` per collection folder in `permalinks:` as your `src/pages` routes publish them (`newsletter: \"/newsletter/{slug}/\"`)"
        }
        Tool::NextJs => {
            "`flavor: nextjs`, `content_dir` (your posts' folder), and `permalink` as your `app/` or `pages/` routes publish them (`/blog/{slug}/`); `md_as_mdx: true` if `.md` goes through MDX"
        }
        _ => {
            "`flavor: eleventy`, `content_dir` (your input folder's posts), and `permalink` as your directory data (`*.11tydata.json`) writes it (`{{ page.fileSlug }}` is `{slug}`)"
        }
    }
}

/// The folder of the site's posts (relative to its root) and the section it is published
/// under (`posts` for `content/posts`), as each tool lays a blog out.
fn content_folder(tool: Tool, source: &Path, config: &Value) -> (String, String) {
    match tool {
        Tool::Jekyll => ("_posts".into(), String::new()),
        _ => {
            // A multilingual Hugo site keeps each language's content apart, and Hugo modules
            // may mount it from elsewhere (`src/content`).
            let default_language = super::detect::hugo_default_language(config);
            let content = super::detect::hugo_content_dir(config)
                .unwrap_or("content")
                .trim_matches('/')
                .to_string();
            // …or mounts it from `content/<language>` (Hugo modules).
            let by_language = format!("{content}/{default_language}");
            let content = match source.join(&by_language).is_dir() {
                true => by_language,
                false => content,
            };
            // Zola's feed of the whole site (`generate_feeds` in its config, or in the root
            // section's `_index.md`) holds every section's pages: the whole folder.
            if tool == Tool::Zola && zola_root_feed(config, &source.join(&content)) {
                return (content, String::new());
            }
            for section in ["posts", "post", "blog", "articles", "news"] {
                if source.join(&content).join(section).is_dir() {
                    return (format!("{content}/{section}"), section.into());
                }
            }
            (content, String::new())
        }
    }
}

/// Whether a Zola site writes a feed of all its pages: `generate_feeds` (or, before Zola
/// 0.19, `generate_feed`) in its config, or `generate_feeds = true` in the front matter of
/// the root section, `content/_index.md`.
fn zola_root_feed(config: &Value, content: &Path) -> bool {
    let in_config = ["generate_feeds", "generate_feed"]
        .iter()
        .any(|key| lookup(config, key).and_then(Value::as_bool) == Some(true));
    in_config
        || std::fs::read_to_string(content.join("_index.md")).is_ok_and(|text| {
            text.lines().any(|line| {
                let line: String = line.chars().filter(|c| !c.is_whitespace()).collect();
                line == "generate_feeds=true" || line == "generate_feed=true"
            })
        })
}

/// `text` with each `name` followed by a character `ends` accepts (or by nothing)
/// replaced by `value`.
fn replace_whole(text: &str, name: &str, value: &str, ends: impl Fn(char) -> bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(name) {
        let after = &rest[at + name.len()..];
        out.push_str(&rest[..at]);
        match after.chars().next().is_none_or(&ends) {
            true => out.push_str(value),
            false => out.push_str(name),
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// The content root of the posts' folder and section `content` (`content` of
/// `content/posts`).
fn content_root((folder, section): &(String, String)) -> String {
    match section.is_empty() {
        true => folder.clone(),
        false => folder
            .strip_suffix(section.as_str())
            .map_or(folder.as_str(), |root| root.trim_end_matches('/'))
            .to_owned(),
    }
}

/// The sections Hugo's `[permalinks]` route (`blog = "/blog/:year/:slug/"`, or under
/// `[permalinks.page]`) that are folders of the site's content root, each with its pattern
/// mapped ([`permalink`]): none unless there are two or more, when one permalink cannot
/// say where the site publishes its posts.
fn hugo_section_permalinks(
    config: &Value,
    source: &Path,
    content: &(String, String),
) -> Vec<(String, (String, String))> {
    let root = content_root(content);
    let Some(table) = lookup(config, "permalinks") else {
        return Vec::new();
    };
    let mut sections = std::collections::BTreeSet::new();
    for table in [Some(table), lookup(table, "page")].into_iter().flatten() {
        for (key, value) in table.as_object().into_iter().flatten() {
            let folder = source.join(&root).join(key);
            if value.is_string() && !key.contains(['/', '\\', '.']) && folder.is_dir() {
                sections.insert(key.clone());
            }
        }
    }
    if sections.len() < 2 {
        return Vec::new();
    }
    sections
        .into_iter()
        .filter_map(|section| {
            let mapped = permalink(Tool::Hugo, config, (&section, true))?;
            Some((section, mapped))
        })
        .collect()
}

/// Jekyll's front-matter defaults that give posts a permalink (`defaults: [{scope: {path,
/// type: posts}, values: {permalink}}]`): each scope's folder inside `_posts` (empty for the
/// whole site or `_posts` itself) and the permalink. A scope of another type, or a folder
/// outside `_posts` (posts of a category folder, `news/_posts`, which feedsmith does not
/// read from `_posts`), gives none.
fn jekyll_posts_defaults(config: &Value) -> impl Iterator<Item = (String, &Value)> {
    let defaults = lookup(config, "defaults").and_then(Value::as_array);
    defaults.into_iter().flatten().filter_map(|default| {
        let scope = lookup(default, "scope");
        let kind = scope
            .and_then(|s| lookup(s, "type"))
            .and_then(Value::as_str);
        let path = scope
            .and_then(|s| lookup(s, "path"))
            .and_then(Value::as_str)
            .unwrap_or("")
            .trim_matches('/');
        let permalink = lookup(lookup(default, "values")?, "permalink")?;
        let folder = match path {
            "" | "_posts" => String::new(),
            _ => path.strip_prefix("_posts/")?.to_string(),
        };
        // A scope by path alone reaches posts too; one naming another type does not.
        (kind.is_none_or(|kind| kind == "posts") && (kind.is_some() || !folder.is_empty()))
            .then_some((folder, permalink))
    })
}

/// The folders of `_posts` that Jekyll's path-scoped defaults give a permalink of their own
/// (`{scope: {path: "_posts/releases"}, values: {permalink: "/releases/:title/"}}`), each
/// pattern mapped; a folder that is not there, or written with `.` or `..`, is passed over.
fn jekyll_folder_permalinks(config: &Value, posts: &Path) -> Vec<(String, (String, String))> {
    let mut found: Vec<(String, (String, String))> = Vec::new();
    for (folder, permalink) in jekyll_posts_defaults(config) {
        let Some(pattern) = permalink.as_str() else {
            continue;
        };
        let clean = folder
            .split('/')
            .all(|part| !matches!(part, "" | "." | ".."));
        if folder.is_empty() || !clean || !posts.join(&folder).is_dir() {
            continue;
        }
        // The last default written for a folder wins, as Jekyll applies them in order.
        found.retain(|(seen, _)| *seen != folder);
        let mapped = jekyll_style(pattern);
        let key = format!("defaults[path: _posts/{folder}].values.permalink \"{pattern}\"");
        found.push((
            folder,
            (key, mapped_pattern(Tool::Jekyll, config, "", &mapped)),
        ));
    }
    found.sort();
    found
}

/// The permalink pattern matching the tool's, for posts of `section` — which `{path}` holds
/// already where the posts' folder is above it (`section_in_path`).
fn permalink(
    tool: Tool,
    config: &Value,
    (section, section_in_path): (&str, bool),
) -> Option<(String, String)> {
    // Hugo's and Zola's page path: the section, the folders below it, the page's name.
    let page_path = match section.is_empty() || section_in_path {
        true => "/{path}".to_string(),
        false => format!("/{section}/{{path}}"),
    };
    let (key, pattern) = match tool {
        Tool::Jekyll => {
            // A post's permalink comes from its front matter — defaults included — before
            // the posts collection's and the site's.
            let pattern = jekyll_posts_defaults(config)
                .find(|(path, _)| path.is_empty())
                .map(|(_, p)| ("defaults.values.permalink", p))
                .or_else(|| {
                    lookup(config, "collections")
                        .and_then(|c| lookup(c, "posts"))
                        .and_then(|p| lookup(p, "permalink"))
                        .map(|p| ("collections.posts.permalink", p))
                })
                .or_else(|| lookup(config, "permalink").map(|p| ("permalink", p)))
                .and_then(|(key, p)| Some((key, p.as_str()?.to_string())));
            // Jekyll's default style is `date`.
            let (key, pattern) = pattern.unwrap_or(("(Jekyll's default)", "date".into()));
            (key.to_string(), jekyll_style(&pattern))
        }
        Tool::Hugo => {
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
                // The page's path, its last segment the front matter's `slug` if it has one.
                None => (
                    "(Hugo's default)".into(),
                    format!("{page_path}/:slugorfilename/"),
                ),
            }
        }
        _ => ("(Zola's page path)".into(), format!("{page_path}/:slug/")),
    };
    Some((
        format!("{key} \"{pattern}\""),
        mapped_pattern(tool, config, section, &pattern),
    ))
}

/// A permalink pattern of `tool`'s (`/:year/:month/:title/`) as feedsmith writes one
/// (`/{year}/{month}/{slug}/`), for posts of `section`.
fn mapped_pattern(tool: Tool, config: &Value, section: &str, pattern: &str) -> String {
    // Hugo's `:slug` is the front matter's slug, else the title; its `:title`, the title.
    let pattern_for_tool = match tool {
        // `:slugorcontentbasename` (Hugo 0.144) is the front matter's slug, else the file or
        // bundle name: feedsmith's `{slug}`.
        Tool::Hugo => pattern
            .replace(":slugorcontentbasename", "{slug}")
            .replace(":slugorfilename", "{slug}")
            .replace(":slug", "{title}")
            .replace(":title", "{title}"),
        _ => pattern.to_string(),
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
        .replace(":day", "{day}");
    // `:section` and `:sections` (every section: the one, for a top-level section), but
    // not a slice of them (`:sections[1:]`), which is left for the report.
    let mapped = replace_whole(&mapped, ":sections", section, |next| next != '[');
    let mapped = replace_whole(&mapped, ":section", section, |next| {
        !next.is_ascii_alphanumeric() && next != '_'
    });
    // Jekyll reads `:year/:month/:title/` as a path from the site root.
    let mapped = match mapped.starts_with('/') {
        true => mapped,
        false => format!("/{mapped}"),
    };
    // Hugo publishes a page as `…/index.html` (a URL ending in `/`) unless `uglyURLs`.
    let ugly = lookup(config, "uglyurls").and_then(Value::as_bool) == Some(true);
    match tool == Tool::Hugo && !ugly && !mapped.ends_with('/') {
        true => format!("{mapped}/"),
        false => mapped,
    }
}

/// A Jekyll permalink style (`date`, `pretty`, `ordinal`, `none`) as its pattern; any other
/// is a pattern already.
fn jekyll_style(pattern: &str) -> String {
    match pattern {
        "date" => "/:categories/:year/:month/:day/:title:output_ext".into(),
        "pretty" => "/:categories/:year/:month/:day/:title/".into(),
        "ordinal" => "/:categories/:year/:y_day/:title:output_ext".into(),
        "none" => "/:categories/:title:output_ext".into(),
        other => other.to_string(),
    }
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
}
