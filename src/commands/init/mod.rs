//! `feedsmith init`: a new site — `config/site.yaml` with every key written out and
//! explained ([`template`]), and `content/` with one example post — or, with `--from`, the
//! config of a blog that already exists in Hugo, Jekyll or Zola, as that tool's profile reads
//! it ([`crate::profile::migrate`]). Nothing is ever overwritten.

mod template;

use std::path::{Path, PathBuf};

use jiff::Timestamp;

use self::template::{config_text, quoted};
use crate::config::SiteConfig;
use crate::error::Error;
use crate::profile::migrate::{self, FeedOptions, Settings};
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
        Some(source) => {
            let mut settings =
                migrate::from_existing(source, dir, &mut report.mapped, &mut report.skipped)?;
            drop_refused(&mut settings, &mut report);
            settings
        }
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
            permalinks: Vec::new(),
            suggested_permalinks: Vec::new(),
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

/// A value feedsmith would refuse is left out of `settings`, with the reason in `report`,
/// rather than failing the whole `init`.
fn drop_refused(settings: &mut Settings, report: &mut InitReport) {
    // A folder's pattern is checked as `permalink` is: a tool placeholder left unmapped, or
    // a pattern refused, drops that folder's line (its posts take `permalink`).
    settings.permalinks.retain(|(folder, pattern)| {
        let problem = match unmapped_placeholder("permalink", pattern) {
            Some(unknown) => Some(format!("`{unknown}` has no feedsmith placeholder")),
            None => SiteConfig::parse(
                &format!(
                    "title: T\ndescription: D\nbase_url: \"https://example.com/\"\npermalink: {}\n",
                    quoted(pattern)
                ),
                Path::new("probe"),
            )
            .err()
            .map(|problems| problems[0].message.clone()),
        };
        if let Some(problem) = &problem {
            report.skipped.push(format!(
                "permalinks.{folder} \"{pattern}\": {problem}; its posts take `permalink`"
            ));
        }
        problem.is_none()
    });
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
