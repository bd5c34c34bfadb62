//! Which tool a site is written for: its config file or a file of its own in the site's
//! folders (read once, when the settings are resolved), the options of that config that
//! change how posts are read, and the config read as a value (for `init --from` too).

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::{Profile, SiteValues, Tool, ZolaSlugs};
use crate::error::Diagnostic;

/// The folders a build may read a blogging tool's own files from (its config, its data
/// files), nearest first: the content folder and each folder above it, up to the site's
/// edge. The edge is the repository root (the nearest folder above the content that holds
/// a `.git` of the site's owner); without a repository, the site root when the content
/// folder is inside it, else the content folder itself. Nothing above the edge (a shared
/// `/tmp`, a home folder, a `.git` someone else planted) can change what a build publishes.
pub(crate) fn tool_folders(site_root: &Path, content_dir: &Path) -> Vec<PathBuf> {
    let content = real(content_dir);
    let site = real(site_root);
    let repository = content
        .ancestors()
        .find(|folder| is_repository_root(folder, &site));
    let edge = match repository {
        Some(repository) => repository.to_path_buf(),
        None if content.starts_with(&site) => site,
        None => content.clone(),
    };
    content
        .ancestors()
        .take_while(|folder| folder.starts_with(&edge))
        .map(Path::to_path_buf)
        .collect()
}

/// `path` with its links resolved (as the file system sees it), else made absolute; the
/// empty path is the current folder.
fn real(path: &Path) -> PathBuf {
    let path = match path.as_os_str().is_empty() {
        true => Path::new("."),
        false => path,
    };
    path.canonicalize()
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

/// Whether `folder` is a repository's root, as git itself trusts one: it holds a `.git`
/// (a folder, or a file for a worktree) owned by whoever owns the site root `site`; git
/// refuses a repository of another owner ("dubious ownership") for the same reason.
fn is_repository_root(folder: &Path, site: &Path) -> bool {
    let Ok(git) = folder.join(".git").symlink_metadata() else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        site.metadata().is_ok_and(|site| site.uid() == git.uid())
    }
    #[cfg(not(unix))]
    {
        let _ = (git, site);
        true
    }
}

impl Profile {
    /// The profile posts are read by: the tool `flavor` names (with its config's options
    /// and values when its config is the one found), else the tool whose config or marker
    /// file is in the nearest of `folders` (the site's, nearest first:
    /// [`tool_folders`]), else the default profile. The tool's
    /// config and data files are read only when they are used, and one that does not parse
    /// is an error at its line and column, as it is for the tool itself.
    pub fn resolve(
        flavor: Option<Tool>,
        folders: &[PathBuf],
    ) -> Result<(Profile, SiteValues), Diagnostic> {
        let found = folders.iter().find_map(|folder| {
            if let Some((tool, path, parsed)) = find_tool_config_text(folder) {
                return Some((tool, folder, Some((path, parsed))));
            }
            tool_by_marker(folder).map(|tool| (tool, folder, None))
        });
        let Some((tool, folder, config)) = found else {
            return Ok((
                flavor.map(Profile::of).unwrap_or_default(),
                SiteValues::default(),
            ));
        };
        match (flavor, config) {
            (Some(named), _) if named != tool => Ok((Profile::of(named), SiteValues::default())),
            (_, None) => {
                let profile = Profile {
                    md_is_mdx: tool == Tool::NextJs && next_compiles_md_as_mdx(folder)?,
                    ..Profile::of(tool)
                };
                let values = match tool {
                    Tool::Eleventy => SiteValues::default()
                        .with_liquid_in(folder, &Value::Null, true)
                        .map_err(|problem| problem.with_help("feedsmith reads Eleventy's `_includes` and `_data` to publish posts as Eleventy does; fix this one, or set `flavor: markdown` in the site config to read none"))?,
                    Tool::Astro | Tool::NextJs => {
                        let (schema_dates, files) = super::SchemaDates::in_folder(folder);
                        SiteValues {
                            schema_dates,
                            files,
                            ..SiteValues::default()
                        }
                    }
                    _ => SiteValues::default(),
                };
                Ok((profile, values))
            }
            (_, Some((path, parsed))) => {
                let why = |problem: Diagnostic| {
                    match problem.help {
                    Some(_) => problem,
                    None => problem.with_help(format!(
                        "feedsmith reads {}'s files to publish posts as {} does; fix this one, or set `flavor: markdown` in the site config to read none",
                        tool.name(),
                        tool.name()
                    )),
                }
                };
                let (config, mut files) = parsed.map_err(why)?;
                files.insert(0, path);
                let values = SiteValues {
                    files,
                    ..SiteValues::of(&config)
                };
                let values = match tool {
                    Tool::Jekyll => values
                        .with_authors_in(folder)
                        .and_then(|values| values.with_liquid_in(folder, &config, false))
                        .map_err(why)?,
                    Tool::Zola => values
                        .with_pages_in(&folder.join("content"))
                        .with_zola_shortcodes_in(folder, &config)
                        .map_err(why)?,
                    // Hugo's content root (the default language's `contentDir`, else the
                    // site's, default `content`), inside the site.
                    Tool::Hugo => {
                        let content = hugo_content_dir(&config)
                            .filter(|dir| crate::output_path::normalized(dir).is_ok())
                            .unwrap_or("content");
                        SiteValues {
                            schema_dates: super::SchemaDates::of_hugo(&config),
                            ..values.with_pages_in(&folder.join(content))
                        }
                        .with_hugo_shortcodes_in(folder, &config, folders.last().unwrap_or(folder))
                        .map_err(why)?
                    }
                    _ => values,
                };
                Ok((Profile::with_config(tool, &config), values))
            }
        }
    }

    /// The profile of `tool` with the options its parsed `config` sets.
    pub fn with_config(tool: Tool, config: &Value) -> Profile {
        let mut profile = Profile::of(tool);
        match tool {
            Tool::Hugo => {
                profile.keep_case = lookup(config, "disablepathtolower")
                    .and_then(Value::as_bool)
                    .unwrap_or(false);
                profile.date_from_file_name = lookup(config, "frontmatter")
                    .and_then(|f| lookup(f, "date"))
                    .and_then(Value::as_array)
                    .is_some_and(|keys| keys.iter().any(|k| k.as_str() == Some(":filename")));
            }
            Tool::Zola => {
                profile.zola_keeps_dates = lookup(config, "slugify")
                    .and_then(|s| lookup(s, "paths_keep_dates"))
                    .and_then(Value::as_bool)
                    .unwrap_or(false);
                let mode = |key: &str| match lookup(config, "slugify")
                    .and_then(|s| lookup(s, key))
                    .and_then(Value::as_str)
                {
                    Some("safe") => ZolaSlugs::Safe,
                    Some("off") => ZolaSlugs::Off,
                    _ => ZolaSlugs::On,
                };
                profile.zola_slugs = Some(mode("paths"));
                profile.zola_term_slugs = Some(mode("taxonomies"));
            }
            _ => {}
        }
        profile
    }
}

/// The tools whose configs `init --from` and [`Profile::resolve`] read, with the files each
/// keeps its config in, looked for in this order.
const TOOL_CONFIGS: [(Tool, &[&str]); 3] = [
    (
        Tool::Hugo,
        &[
            "hugo.toml",
            "hugo.yaml",
            "hugo.yml",
            "hugo.json",
            "config/_default/hugo.toml",
            "config/_default/hugo.yaml",
            "config/_default/hugo.yml",
            "config/_default/hugo.json",
            "config/_default/config.toml",
            "config/_default/config.yaml",
            "config.toml",
            "config.yaml",
            "config.yml",
            "config.json",
        ],
    ),
    (Tool::Jekyll, &["_config.yml", "_config.yaml"]),
    (Tool::Zola, &["config.toml", "zola.toml"]),
];

/// The tools known by a file of theirs in the site's root rather than a config feedsmith
/// reads.
const TOOL_MARKERS: [(Tool, &[&str]); 3] = [
    (
        Tool::Astro,
        &[
            "astro.config.mjs",
            "astro.config.ts",
            "astro.config.js",
            "astro.config.mts",
        ],
    ),
    (
        Tool::NextJs,
        &[
            "next.config.js",
            "next.config.mjs",
            "next.config.ts",
            "next.config.cjs",
        ],
    ),
    (
        Tool::Eleventy,
        &[
            ".eleventy.js",
            ".eleventy.cjs",
            "eleventy.config.js",
            "eleventy.config.mjs",
            "eleventy.config.cjs",
            "eleventy.config.ts",
        ],
    ),
];

/// Hugo's default content language (`defaultContentLanguage`, else `en`).
pub(super) fn hugo_default_language(config: &Value) -> &str {
    lookup(config, "defaultcontentlanguage")
        .and_then(Value::as_str)
        .unwrap_or("en")
}

/// Hugo's content root as its config names it, relative to the site: the default
/// language's `contentDir`, else the site's, else the source of the module mount whose
/// target is `content` (`src/content`); `None` for Hugo's default, `content`.
pub(super) fn hugo_content_dir(config: &Value) -> Option<&str> {
    lookup(config, "languages")
        .and_then(|languages| lookup(languages, hugo_default_language(config)))
        .and_then(|language| lookup(language, "contentdir"))
        .or_else(|| lookup(config, "contentdir"))
        .or_else(|| {
            lookup(lookup(config, "module")?, "mounts")?
                .as_array()?
                .iter()
                .find(|m| lookup(m, "target").and_then(Value::as_str) == Some("content"))
                .and_then(|m| lookup(m, "source"))
        })
        .and_then(Value::as_str)
}

/// Whether the Next.js site in `folder` compiles its `.md` files as MDX: its
/// `package.json` depends on next-mdx-remote (which compiles whatever file it is given as
/// MDX), or its `next.config.*` uses `@next/mdx` with `md` among its `pageExtensions`. A
/// `package.json` that does not parse is an error at its line, as it is for npm.
fn next_compiles_md_as_mdx(folder: &Path) -> Result<bool, Diagnostic> {
    let package = folder.join("package.json");
    if let Ok(text) = std::fs::read_to_string(&package) {
        let parsed: Value = serde_json::from_str(&text).map_err(|err| {
            Diagnostic::at(
                &package,
                err.line() as u64,
                err.column() as u64,
                err.to_string(),
            )
        })?;
        let remote = ["dependencies", "devDependencies"].iter().any(|table| {
            parsed
                .get(table)
                .and_then(Value::as_object)
                .is_some_and(|deps| {
                    deps.keys()
                        .any(|name| name == "next-mdx-remote" || name == "next-mdx-remote-client")
                })
        });
        if remote {
            return Ok(true);
        }
    }
    let next_configs = TOOL_MARKERS
        .iter()
        .filter(|(tool, _)| *tool == Tool::NextJs)
        .flat_map(|(_, names)| names.iter());
    let with_next_mdx = next_configs.into_iter().any(|name| {
        std::fs::read_to_string(folder.join(name)).is_ok_and(|config| {
            config.contains("@next/mdx")
                && config.split("pageExtensions").skip(1).any(|after| {
                    let list = after.split(']').next().unwrap_or("");
                    list.contains("'md'") || list.contains("\"md\"")
                })
        })
    });
    Ok(with_next_mdx)
}

fn tool_by_marker(folder: &Path) -> Option<Tool> {
    marker_file(folder).map(|(tool, _)| tool)
}

/// The tool known by a file of theirs in `folder`, and that file.
pub(crate) fn marker_file(folder: &Path) -> Option<(Tool, PathBuf)> {
    TOOL_MARKERS.iter().find_map(|(tool, files)| {
        files
            .iter()
            .map(|name| folder.join(name))
            .find(|path| path.is_file())
            .map(|path| (*tool, path))
    })
}

/// The first config file of Hugo, Jekyll or Zola in `folder`: the tool, the file, and its
/// text parsed (with the other files of Hugo's config folder read into it, which are named
/// beside it), or where it does not parse.
pub(crate) fn find_tool_config_text(folder: &Path) -> Option<(Tool, PathBuf, ParsedConfig)> {
    for (tool, files) in TOOL_CONFIGS {
        for name in files {
            let path = folder.join(name);
            let Ok(bytes) = std::fs::read(&path) else {
                continue;
            };
            // A config saved in Latin-1 is there all the same: said so, not passed over.
            let text = match String::from_utf8(bytes) {
                Ok(text) => text,
                Err(err) => {
                    let not_utf8 = Diagnostic::file(
                        &path,
                        "is not UTF-8 (saved in Latin-1 or Windows-1252?); the tools read their config as UTF-8",
                    )
                    .with_help("save it as UTF-8 (`iconv -f latin1 -t utf-8`)");
                    let text = String::from_utf8_lossy(err.as_bytes()).into_owned();
                    if *name == "config.toml"
                        && (tool == Tool::Zola)
                            != (text.contains("base_url") || text.contains("compile_sass"))
                    {
                        continue;
                    }
                    return Some((tool, path, Err(not_utf8)));
                }
            };
            // Zola and Hugo both use `config.toml`: Zola's has `base_url`, Hugo's `baseURL`.
            let is_zola = text.contains("base_url") || text.contains("compile_sass");
            if *name == "config.toml" && (tool == Tool::Zola) != is_zola {
                continue;
            }
            // Other programs keep a `config.yaml` too: Hugo's names its site URL.
            if tool == Tool::Hugo
                && name.starts_with("config.")
                && !crate::text::contains_ascii_ignore_case(&text, "baseurl")
            {
                continue;
            }
            let parsed =
                parse_any(&path, &text).and_then(|config| match name.starts_with("config/") {
                    true => with_config_folder(config, &path),
                    false => Ok((config, Vec::new())),
                });
            return Some((tool, path, parsed));
        }
    }
    None
}

/// A tool's config parsed, with the other files read into it; or where it does not parse.
pub(crate) type ParsedConfig = Result<(Value, Vec<PathBuf>), Diagnostic>;

/// Hugo's config folder (`config/_default/`): each other file there is the table its name
/// says (`permalinks.yaml` is `[permalinks]`, `params.toml` is `[params]`, `languages.fr.toml`
/// is `[languages.fr]`, `menus.fr.toml` is `[languages.fr.menus]`), merged in as Hugo merges
/// it; a table the main file has keeps the main file's value. The files read come back
/// with it; one that does not parse stops the build, as it stops Hugo's.
fn with_config_folder(mut config: Value, main: &Path) -> ParsedConfig {
    let Some(folder) = main.parent() else {
        return Ok((config, Vec::new()));
    };
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Ok((config, Vec::new()));
    };
    let mut files: Vec<PathBuf> = entries.filter_map(|e| Some(e.ok()?.path())).collect();
    files.sort();
    let mut read = Vec::new();
    for file in files {
        let stem = file
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        let known = matches!(
            file.extension().and_then(|e| e.to_str()),
            Some("toml" | "yaml" | "yml" | "json")
        );
        if !known || file == main || matches!(stem, "hugo" | "config") || !file.is_file() {
            continue;
        }
        let table = parse_any(&file, &read_text(&file)?)?;
        read.push(file.clone());
        // `languages.fr.toml` is `[languages.fr]`; `params.fr.toml` is `[languages.fr.params]`.
        let (place, key): (Vec<&str>, &str) = match stem.split_once('.') {
            Some(("languages", language)) => (vec!["languages"], language),
            Some((key, language)) => (vec!["languages", language], key),
            None => (Vec::new(), stem),
        };
        if let Some(Value::Object(map)) = table_at(&mut config, &place)
            && !map.keys().any(|name| name.eq_ignore_ascii_case(key))
        {
            map.insert(key.to_string(), table);
        }
    }
    Ok((config, read))
}

/// A tool file's text; one that cannot be read, or is not UTF-8, is a problem with it.
pub(super) fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(path)
        .map_err(|err| Diagnostic::file(path, format!("cannot be read: {err}")))?;
    String::from_utf8(bytes).map_err(|_| {
        Diagnostic::file(
            path,
            "is not UTF-8 (saved in Latin-1 or Windows-1252?); the tools read their files as UTF-8",
        )
        .with_help("save it as UTF-8 (`iconv -f latin1 -t utf-8`)")
    })
}

/// The table at `path` inside `config` (keys in any case), made where it is missing.
fn table_at<'v>(config: &'v mut Value, path: &[&str]) -> Option<&'v mut Value> {
    let mut value = config;
    for part in path {
        let map = value.as_object_mut()?;
        let key = map
            .keys()
            .find(|name| name.eq_ignore_ascii_case(part))
            .cloned()
            .unwrap_or_else(|| part.to_string());
        value = map
            .entry(key)
            .or_insert_with(|| Value::Object(Default::default()));
    }
    Some(value)
}

/// A config file's text as a value, by its extension: TOML, JSON or YAML (a key given twice
/// keeping its last value, as Ruby's and Go's readers do). A problem is located at its
/// line and column in the file, in the user's terms.
pub(crate) fn parse_any(path: &Path, text: &str) -> Result<Value, Diagnostic> {
    let at = |offset: usize, message: String| {
        let before = &text[..offset.min(text.len())];
        let line = before.matches('\n').count() as u64 + 1;
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() as u64 + 1;
        Diagnostic::at(path, line, column, message).with_source(text)
    };
    match path.extension().and_then(|e| e.to_str()) {
        Some("toml") => toml::from_str::<Value>(text).map_err(|err| {
            let offset = err.span().map_or(0, |span| span.start);
            at(offset, err.message().trim().to_owned())
        }),
        Some("json") => serde_json::from_str::<Value>(text).map_err(|err| {
            Diagnostic::at(
                path,
                err.line() as u64,
                err.column() as u64,
                err.to_string(),
            )
            .with_source(text)
        }),
        _ => crate::yaml::parse_with::<Value>(text, path, 1, true),
    }
}

/// A key of a config table, any case (Hugo's keys are case-insensitive: `baseURL`).
pub(crate) fn lookup<'v>(value: &'v Value, key: &str) -> Option<&'v Value> {
    lookup_named(value, key).map(|(_, value)| value)
}

/// [`lookup`], with the key as the table spells it.
pub(crate) fn lookup_named<'v>(value: &'v Value, key: &str) -> Option<(&'v str, &'v Value)> {
    value
        .as_object()?
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(key))
        .map(|(name, value)| (name.as_str(), value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tool_files_are_looked_for_up_to_the_repository_or_the_site_root() {
        let top = tempfile::tempdir().unwrap();
        let top = top.path().canonicalize().unwrap();
        let site = top.join("a/site");
        let content = site.join("content/blog");
        std::fs::create_dir_all(&content).unwrap();
        let elsewhere = top.join("elsewhere/posts");
        std::fs::create_dir_all(&elsewhere).unwrap();
        // No repository: the site root is the edge; content outside the site is on its own.
        assert_eq!(
            tool_folders(&site, &content),
            [content.clone(), site.join("content"), site.clone()]
        );
        assert_eq!(
            tool_folders(&site, &elsewhere),
            std::slice::from_ref(&elsewhere)
        );
        // A repository above the site: its root is the edge, for content outside the site too.
        std::fs::create_dir(top.join(".git")).unwrap();
        assert_eq!(tool_folders(&site, &content).last(), Some(&top));
        assert_eq!(
            tool_folders(&site, &elsewhere),
            [elsewhere.clone(), top.join("elsewhere"), top.clone()]
        );
        // The nearest repository wins: a submodule's `.git` is a file.
        std::fs::write(site.join(".git"), "gitdir: ../.git/modules/site\n").unwrap();
        assert_eq!(tool_folders(&site, &content).last(), Some(&site));
    }
}
