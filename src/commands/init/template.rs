//! The config `init` writes: every key, each explained, the ones a site does not set
//! written as comments with their defaults (from the one defaults table).

use crate::config::defaults::{self, FLAVOR};
use crate::format::FeedFormat;
use crate::profile::migrate::{FeedOptions, LanguageSettings, Settings, TermFeeds};

/// A YAML string: JSON's double-quoted strings are YAML's too, escapes included.
pub(super) fn quoted(text: &str) -> String {
    serde_json::to_string(text).expect("a string serializes")
}

/// The config file: every key, each explained, the ones not set commented out.
pub(super) fn config_text(settings: &Settings) -> String {
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
# author_feeds: {{ enabled: false, folder: "authors/{{slug}}" }}   # a feed per author (a site of several)
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
        permalink = optional("permalink", &settings.permalink, defaults::PERMALINK)
            + &permalinks_text(&settings.permalinks)
            + &suggested_permalinks_text(&settings.suggested_permalinks),
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

/// The `permalinks:` block, after `permalink`: one line per folder with its own pattern;
/// nothing when there is none.
fn permalinks_text(permalinks: &[(String, String)]) -> String {
    if permalinks.is_empty() {
        return String::new();
    }
    let mut text = String::from(
        "\n# A permalink per folder of the content folder (its sections):\npermalinks:",
    );
    for (folder, pattern) in permalinks {
        text.push_str(&format!("\n  {}: {}", quoted(folder), quoted(pattern)));
    }
    text
}

/// The permalinks a route in code implies, commented: one line per folder with the route
/// file it comes from, for the user to confirm and uncomment.
fn suggested_permalinks_text(suggested: &[crate::profile::migrate::Suggested]) -> String {
    if suggested.is_empty() {
        return String::new();
    }
    let mut text = String::from(
        "\n# The site's routes are code: confirm each folder's permalink, then uncomment.\n# permalinks:",
    );
    for (folder, pattern, route) in suggested {
        text.push_str(&format!(
            "\n#   {}: {}   # {}",
            quoted(folder),
            quoted(pattern),
            route.replace('\n', " ")
        ));
    }
    text
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

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::config::SiteConfig;

    #[test]
    fn the_template_writes_the_defaults_the_validator_uses() {
        let settings = Settings {
            title: "T".into(),
            description: "D".into(),
            base_url: "https://blog.example/".into(),
            language: None,
            timezone: None,
            permalink: None,
            permalinks: Vec::new(),
            suggested_permalinks: Vec::new(),
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
        // Where the config names a value differs, and is no setting: left out.
        let without_places = |config: &SiteConfig| {
            let mut text = format!("{config:?}");
            while let Some(start) = text.find("at: Some((") {
                let end = start + text[start..].find("))").unwrap() + 2;
                text.replace_range(start..end, "at: None");
            }
            text
        };
        assert_eq!(without_places(&written), without_places(&minimal));
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
            permalinks: vec![
                ("technotes".into(), "/notes/{slug}/".into()),
                ("blog/old".into(), "/archive/{year}/{slug}.html".into()),
            ],
            suggested_permalinks: vec![(
                "newsletter".into(),
                "/newsletter/{slug}/".into(),
                "src/pages/newsletter/[...slug].astro\nnot: a key".into(),
            )],
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
        let folder = |path: &str| config.folder_permalinks.of_folder(path).map(|p| p.as_str());
        assert_eq!(folder("technotes"), Some("/notes/{slug}/"));
        assert_eq!(folder("blog/old/2019"), Some("/archive/{year}/{slug}.html"));
        assert_eq!(folder("blog"), None);
        assert_eq!(config.content_dir, Path::new("content/posts"));
    }
}
