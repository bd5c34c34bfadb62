//! Each blogging tool's reading rules, kept together as that tool's profile: how a file name
//! becomes the slug its URL uses (case, dots, a date prefix) and a folder a path segment,
//! which template dialect a body is written in, where Jekyll's pages and collection
//! documents are, and the values of the tool's own config that its templates read
//! ([`SiteValues`]). The tool is named in the config (`flavor:`) or found from its own config
//! file above the content folder (read here for `init --from` too); a site of no known tool
//! keeps the per-post guess ([`Flavor::of`]) and the neutral slug rule.
//!
//! The rules follow each tool's documentation and source:
//! - Hugo: a page's path is its file name as `urlize` makes it (`paths.MakePath`: spaces to
//!   `-`, letters, digits, `.` `_` `~` `+` `#` `@` `-` kept), lower-cased unless
//!   `disablePathToLower`; a date prefix is dropped only with `:filename` in
//!   `[frontmatter] date`.
//! - Jekyll: `:title` is the name after the date, slugified in `pretty` mode with its case
//!   kept (`redos-in-uri-CVE-2023-36617`); Liquid runs over the whole file.
//! - Zola: the date prefix (`2024-03-05_` or `-`) is dropped and the rest slugified as
//!   `slugify.paths` says: `on` (the default: ASCII, lower case), `safe` or `off`.
//! - Astro: the glob loader's id, each path segment through github-slugger (lower case,
//!   punctuation such as `.` dropped: `3.10` is `310`; a date prefix dropped only when the
//!   permalink carries the date, as `[year]/[month]/[day]/[slug]` routes do); `.md` has no
//!   templates.
//! - Next.js: the file's base name as written (its date prefix dropped only when the
//!   permalink carries the date); `.md` has no templates.
//! - Eleventy: `page.fileSlug`, the name as written without its date prefix, which blog
//!   permalinks use; Liquid before Markdown.

use std::path::{Path, PathBuf};

use serde_json::Value;

use jiff::civil::Date;

use crate::error::Diagnostic;
use crate::person::Person;
use crate::taxonomy::{self, hyphenated};

/// A blogging tool whose rules feedsmith reads posts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    /// Hugo.
    Hugo,
    /// Jekyll.
    Jekyll,
    /// Zola.
    Zola,
    /// Astro content collections.
    Astro,
    /// A Next.js blog (contentlayer, next-mdx-remote and the like).
    NextJs,
    /// Eleventy.
    Eleventy,
    /// Plain Markdown: no template syntax in any post.
    Markdown,
}

impl Tool {
    /// Every tool, with its name in the config's `flavor:`.
    pub const ALL: [(Tool, &'static str); 7] = [
        (Tool::Hugo, "hugo"),
        (Tool::Jekyll, "jekyll"),
        (Tool::Zola, "zola"),
        (Tool::Astro, "astro"),
        (Tool::NextJs, "nextjs"),
        (Tool::Eleventy, "eleventy"),
        (Tool::Markdown, "markdown"),
    ];

    /// The tool `flavor:` names, if any.
    pub fn named(name: &str) -> Option<Tool> {
        Tool::ALL
            .iter()
            .find(|(_, known)| known.eq_ignore_ascii_case(name))
            .map(|(tool, _)| *tool)
    }

    /// The tool's name as the README and messages write it.
    pub fn name(self) -> &'static str {
        match self {
            Tool::Hugo => "Hugo",
            Tool::Jekyll => "Jekyll",
            Tool::Zola => "Zola",
            Tool::Astro => "Astro",
            Tool::NextJs => "Next.js",
            Tool::Eleventy => "Eleventy",
            Tool::Markdown => "Markdown",
        }
    }
}

/// The text values of the tool's config, under dotted keys (`repository`, `params.x`): what
/// Jekyll's `{{ site.x }}` and Hugo's `param` shortcode read; and the authors its data files
/// describe by id (Jekyll's `_data/authors.yml`, which jekyll-feed reads).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SiteValues {
    /// Text values under their dotted keys, in the config's order.
    pub values: Vec<(String, String)>,
    /// People by id, from the tool's data.
    pub authors: Vec<(String, Person)>,
    /// The folder holding the tool's config: Zola's `@/` paths start in its `content/`.
    pub root: Option<PathBuf>,
}

impl SiteValues {
    /// The person a post's `author: id` names in the tool's data, if any.
    pub fn author(&self, id: &str) -> Option<&Person> {
        self.authors
            .iter()
            .find(|(known, _)| known == id)
            .map(|(_, person)| person)
    }

    /// The text, number and true/false values of a parsed config, nested tables flattened.
    pub fn of(config: &Value) -> SiteValues {
        fn walk(values: &mut Vec<(String, String)>, prefix: &str, value: &Value) {
            let key = |name: &str| match prefix.is_empty() {
                true => name.to_string(),
                false => format!("{prefix}.{name}"),
            };
            match value {
                Value::Object(table) => {
                    for (name, inner) in table {
                        walk(values, &key(name), inner);
                    }
                }
                Value::String(text) => values.push((prefix.to_string(), text.clone())),
                Value::Number(n) => values.push((prefix.to_string(), n.to_string())),
                Value::Bool(b) => values.push((prefix.to_string(), b.to_string())),
                Value::Null | Value::Array(_) => {}
            }
        }
        let mut values = Vec::new();
        walk(&mut values, "", config);
        SiteValues {
            values,
            authors: Vec::new(),
            root: None,
        }
    }

    /// The authors of Jekyll's `_data/authors.yml` (or `.yaml`, `.json`) in the site's root:
    /// each id with its `name`, `email` and `uri` (or `url`).
    fn with_authors_in(mut self, root: &Path) -> SiteValues {
        let found = ["authors.yml", "authors.yaml", "authors.json"]
            .iter()
            .map(|name| root.join("_data").join(name))
            .find_map(|path| Some((std::fs::read_to_string(&path).ok()?, path)));
        let Some(Ok(Value::Object(authors))) = found.map(|(text, path)| parse_any(&path, &text))
        else {
            return self;
        };
        let text = |person: &Value, keys: &[&str]| {
            keys.iter()
                .find_map(|key| lookup(person, key)?.as_str())
                .map(str::to_string)
        };
        self.authors = authors
            .iter()
            .filter_map(|(id, person)| {
                let name = text(person, &["name", "display_name"])?;
                Some((
                    id.clone(),
                    Person {
                        name,
                        email: text(person, &["email"]),
                        url: text(person, &["uri", "url", "web", "website"]),
                    }
                    .cleaned(),
                ))
            })
            .collect();
        self
    }

    /// The value under `key`, matched as written, else without regard to case (Hugo's keys).
    pub fn get(&self, key: &str) -> Option<&str> {
        let found = |exact: bool| {
            self.values
                .iter()
                .find(|(name, _)| match exact {
                    true => name == key,
                    false => name.eq_ignore_ascii_case(key),
                })
                .map(|(_, value)| value.as_str())
        };
        found(true).or_else(|| found(false))
    }
}

/// Each profile's rules in a line: what finds it, and how posts are read by it. The README's
/// table of the tools is these lines (a test holds them equal), so it says what the code does.
#[cfg(test)]
pub(crate) const RULES: [(&str, &str, &str); 8] = [
    (
        "Hugo",
        "`hugo.toml`/`.yaml`/`.json`, `config/_default/hugo.*` (with the folder's other files as their tables), or a `config.*` naming `baseURL`",
        "slug: the file or bundle name as `urlize` makes it (spaces to `-`; `.`, `_`, `+`, `#`, `@` kept), lower-cased unless `disablePathToLower`, its date prefix dropped only with `:filename` in `[frontmatter] date`; a written `slug` goes the same way; `{title}` stands for `:slug` and `:title`. Templates: shortcodes only, other braces are text. `headless: true`, `render: never` and undated pages are left out",
    ),
    (
        "Jekyll",
        "`_config.yml`",
        "slug: `:title`, the name after its date in `pretty` mode, its case kept (`redos-in-uri-CVE-2023-36617`). Liquid runs over the whole file, code included (`{% raw %}` shows it); `{{ site.x }}` comes from `_config.yml`; an author id from `_data/authors.yml`; `{% link %}` reaches collection documents and pages; kramdown's `{: .class}` lists are removed; a front-matter key given twice keeps its last value",
    ),
    (
        "Zola",
        "`config.toml` naming `base_url`, or `zola.toml`",
        "slug: the name without its `YYYY-MM-DD_` prefix as `slugify.paths` says (`on`, the default: ASCII, lower case, `.` to `-`; `safe`; `off`). Templates: shortcodes only. `@/blog/post.md#part` links to that post (`@/pages/about.md`, to that page); undated pages are left out",
    ),
    (
        "Astro",
        "`astro.config.*`",
        "slug: each path segment through github-slugger (lower case, `.` and other punctuation dropped: `3.10` is `310`), a date prefix dropped when the permalink carries the date. `.md` has no templates; `.mdx` is MDX, `<Tweet>`, `<YouTube>`, `<Vimeo>` and `<LinkPreview>` embeds included; a cover named by an import alias (`@/assets/x.png`) is passed over; undated pages are left out",
    ),
    (
        "Next.js",
        "`next.config.*`",
        "slug: the base name as written (`2025-06-28-Emelia-Smith`), a date prefix dropped when the permalink carries the date. `.md` has no templates; `.mdx` is MDX; undated pages are left out",
    ),
    (
        "Eleventy",
        "`.eleventy.js`, `eleventy.config.*`",
        "slug: `page.fileSlug`, the name as written without its date prefix. Liquid runs over the whole file, code included; a bare `{{ name }}` is the front matter's `name`; undated pages are left out",
    ),
    (
        "Markdown",
        "`flavor: markdown` only",
        "slug: the base name as written. No template syntax at all: every brace is text",
    ),
    (
        "none found",
        "`flavor: auto` with no tool's config above the content folder",
        "slug: the name without a date prefix, slugified as tags are but keeping `.` and `_` (`Release-1.2.0` is `release-1.2.0`). Each post's dialect is guessed: TOML or bare JSON front matter, or Hugo shortcodes in the body, read as Hugo; `.mdx` as MDX; else Liquid, code left as written",
    ),
];

/// How Zola's `slugify.paths` makes a path segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZolaSlugs {
    /// `on`: ASCII, lower case, every other character a `-`.
    On,
    /// `safe`: characters unsafe in a path removed, the rest kept.
    Safe,
    /// `off`: as written.
    Off,
}

/// The rules posts are read by: a tool's, with the options of its config that change them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Profile {
    /// The tool, or none: each post's flavor is guessed and the neutral slug rule applies.
    pub tool: Option<Tool>,
    /// Hugo: `disablePathToLower` (paths keep their case).
    pub keep_case: bool,
    /// Hugo: `:filename` in `[frontmatter] date` (the file name's date prefix is dropped).
    pub date_from_file_name: bool,
    /// Zola: `slugify.paths`.
    pub zola_slugs: Option<ZolaSlugs>,
    /// The permalink carries the date (`{year}`): a tool with no rule of its own for a
    /// date-prefixed name (Next.js, plain Markdown) drops the prefix rather than say the
    /// date twice (`/blog/2015/06/01/advanced-service-discovery/`).
    pub date_in_url: bool,
}

impl Profile {
    /// The profile of `tool`, with its defaults.
    pub fn of(tool: Tool) -> Profile {
        Profile {
            tool: Some(tool),
            ..Profile::default()
        }
    }

    /// The profile of the tool whose config is in the content folder or the nearest folder
    /// above it (up to the repository's root, a folder with `.git`), with the options its
    /// config sets, and the values of that config its templates can use; the default
    /// profile when there is none.
    pub fn detect(content_dir: &Path) -> (Profile, SiteValues) {
        let absolute = std::path::absolute(content_dir).unwrap_or_else(|_| content_dir.into());
        for folder in absolute.ancestors() {
            if let Some((tool, _, config)) = find_tool_config(folder) {
                let values = SiteValues {
                    root: Some(folder.to_path_buf()),
                    ..SiteValues::of(&config)
                };
                let values = match tool {
                    Tool::Jekyll => values.with_authors_in(folder),
                    _ => values,
                };
                return (Profile::with_config(tool, &config), values);
            }
            if let Some(tool) = tool_by_marker(folder) {
                return (Profile::of(tool), SiteValues::default());
            }
            if folder.join(".git").exists() {
                break;
            }
        }
        (Profile::default(), SiteValues::default())
    }

    /// The profile posts in `content_dir` are read by: the tool `flavor` names (with its
    /// config's options when its config is the one found), else the tool found.
    pub fn resolve(flavor: Option<Tool>, content_dir: &Path) -> (Profile, SiteValues) {
        let (found, values) = Profile::detect(content_dir);
        match flavor {
            Some(tool) if found.tool != Some(tool) => (Profile::of(tool), SiteValues::default()),
            _ => (found, values),
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
                profile.zola_slugs = Some(
                    match lookup(config, "slugify")
                        .and_then(|s| lookup(s, "paths"))
                        .and_then(Value::as_str)
                    {
                        Some("safe") => ZolaSlugs::Safe,
                        Some("off") => ZolaSlugs::Off,
                        _ => ZolaSlugs::On,
                    },
                );
            }
            _ => {}
        }
        profile
    }

    /// The URL path of a page that is not a post, named by its path in the site's source,
    /// as Jekyll's `{% link %}` gives it: a collection document (`_docs/history.md`) by the
    /// collection's `permalink` (`/:collection/:path/`; Jekyll's default
    /// `/:collection/:path:output_ext`), a page (`about.md`) at `/about.html`, or `/about/`
    /// when the site's `permalink` is `pretty` or ends in `/`. Other tools: none.
    pub fn page_path(&self, values: &SiteValues, target: &str) -> Option<String> {
        if self.tool == Some(Tool::Zola) {
            // Only a page that is there: Zola refuses a link to one that is not.
            let content = values.root.as_ref()?.join("content");
            let file = content.join(target.trim().trim_start_matches('/'));
            let inside = !target.split('/').any(|segment| segment == "..");
            return (inside && file.is_file())
                .then(|| self.zola_page_path(target))
                .flatten();
        }
        if self.tool != Some(Tool::Jekyll) {
            return None;
        }
        let target = target
            .trim()
            .trim_start_matches("./")
            .trim_start_matches('/');
        let (stem, extension) = target.rsplit_once('.')?;
        if !matches!(extension, "md" | "markdown" | "html" | "mdown" | "mkd") {
            return None;
        }
        let pretty = values
            .get("permalink")
            .is_some_and(|p| p == "pretty" || p.ends_with('/'));
        let output_ext = if pretty { "/" } else { ".html" };
        if let Some(rest) = stem.strip_prefix('_') {
            let (collection, path) = rest.split_once('/')?;
            if matches!(
                collection,
                "posts" | "drafts" | "data" | "includes" | "layouts"
            ) {
                return None;
            }
            let pattern = values
                .get(&format!("collections.{collection}.permalink"))
                .unwrap_or("/:collection/:path:output_ext");
            let path = pattern
                .replace(":collection", collection)
                .replace(":path", path)
                .replace(":name", path.rsplit('/').next().unwrap_or(path))
                .replace(
                    ":output_ext",
                    if pattern.ends_with('/') { "" } else { ".html" },
                );
            return Some(path);
        }
        Some(match stem.strip_suffix("index") {
            Some(folder) if folder.is_empty() || folder.ends_with('/') => format!("/{folder}"),
            _ => format!("/{stem}{output_ext}"),
        })
    }

    /// The path Zola publishes the page or section a content path names (`@/projects/a.md`,
    /// `@/docs/_index.md`, `@/x/index.md`): its folders and name as `slugify.paths` writes
    /// them, ending in `/`. (A language suffix is the caller's: it says under which root.)
    fn zola_page_path(&self, target: &str) -> Option<String> {
        let target = target.trim().trim_start_matches('/');
        let stem = target.strip_suffix(".md")?;
        let stem = stem
            .strip_suffix("_index")
            .or_else(|| {
                stem.strip_suffix("index")
                    .filter(|f| f.is_empty() || f.ends_with('/'))
            })
            .unwrap_or(stem);
        let segments: Vec<String> = stem
            .split('/')
            .filter(|segment| !segment.is_empty())
            .map(|segment| self.segment(segment))
            .collect();
        Some(match segments.is_empty() {
            true => "/".to_owned(),
            false => format!("/{}/", segments.join("/")),
        })
    }

    /// Whether a section (a folder with `_index.md`) has feeds when its page does not say:
    /// Hugo writes one for every section; Zola only for a page with `generate_feeds = true`,
    /// and with no tool known, neither does feedsmith.
    pub fn every_section_has_feeds(&self) -> bool {
        self.tool == Some(Tool::Hugo)
    }

    /// Whether the content folder's own page asking for a feed (`generate_feeds = true`)
    /// makes the main feed that section's, which holds only its pages and those of its
    /// `transparent` sections (Zola); else the main feed holds every page.
    pub fn root_section_is_main_feed(&self) -> bool {
        self.tool == Some(Tool::Zola)
    }

    /// Whether Liquid runs over the whole file, code included, before the Markdown (Jekyll,
    /// Eleventy): `{% raw %}` is how their posts show template syntax in code.
    pub fn liquid_in_code(&self) -> bool {
        matches!(self.tool, Some(Tool::Jekyll | Tool::Eleventy))
    }

    /// The template dialect of a post body: the tool's, or the per-post guess.
    pub fn flavor(&self, markup: Markup, guess: impl FnOnce() -> Flavor) -> Flavor {
        match (self.tool, markup) {
            (None, _) => guess(),
            (Some(_), Markup::Mdx) => Flavor::Mdx,
            (Some(Tool::Hugo | Tool::Zola), _) => Flavor::Shortcodes,
            (Some(Tool::Jekyll | Tool::Eleventy), _) => Flavor::Liquid,
            (Some(Tool::Astro | Tool::NextJs | Tool::Markdown), _) => Flavor::Plain,
        }
    }

    /// The name a post's slug is made from: the file (or bundle) `name` without the date
    /// prefix where the tool drops it.
    pub fn slug_source<'n>(&self, name: &'n str) -> &'n str {
        let drops_date = match self.tool {
            // Eleventy's `page.fileSlug`, which blog permalinks use, drops it too.
            None | Some(Tool::Jekyll | Tool::Zola | Tool::Eleventy) => true,
            Some(Tool::Hugo) => self.date_from_file_name,
            // No rule of their own: a route that puts the date in the URL takes it off the name.
            Some(Tool::NextJs | Tool::Markdown | Tool::Astro) => self.date_in_url,
        };
        match drops_date {
            true => date_prefix(name).map_or(name, |(_, rest)| rest),
            false => name,
        }
    }

    /// A folder's name as the tool writes it in a URL (`{path}`); a name that comes out
    /// empty or starting with `.` is left out of the path.
    pub fn folder_segment(&self, name: &str) -> String {
        match self.tool {
            None => taxonomy::slugify_keeping(name, &['.', '_']),
            Some(_) => self.segment(name),
        }
    }

    /// A file name as the tool makes it the slug in a URL.
    pub fn segment(&self, name: &str) -> String {
        match self.tool {
            None => taxonomy::slugify_keeping(name, &['.', '_'])
                .trim_start_matches('.')
                .to_string(),
            Some(Tool::Hugo) => hugo_path(name, !self.keep_case),
            Some(Tool::Jekyll) => jekyll_pretty(name),
            Some(Tool::Zola) => match self.zola_slugs.unwrap_or(ZolaSlugs::On) {
                ZolaSlugs::On => ascii_slug(name),
                ZolaSlugs::Safe => name
                    .chars()
                    .filter(|c| {
                        !matches!(
                            c,
                            '<' | '>' | ':' | '"' | '/' | '\\' | '|' | '?' | '*' | '#' | '%'
                        )
                    })
                    .collect::<String>()
                    .trim()
                    .replace(char::is_whitespace, "-"),
                ZolaSlugs::Off => name.to_string(),
            },
            Some(Tool::Astro) => github_slug(name),
            Some(Tool::NextJs | Tool::Eleventy | Tool::Markdown) => name.to_string(),
        }
    }
}

/// Hugo's `urlize` of a path (`paths.Sanitize`, then lower case): spaces become one `-`,
/// letters, digits, marks and `. / \ _ # + ~ - @` stay, a `%` stays before two hex digits.
fn hugo_path(name: &str, lower: bool) -> String {
    let chars: Vec<char> = name.trim().chars().collect();
    let mut out = String::with_capacity(name.len());
    let (mut hyphen_pending, mut was_hyphen) = (false, false);
    for (at, &c) in chars.iter().enumerate() {
        let hex = |i: usize| chars.get(i).is_some_and(char::is_ascii_hexdigit);
        let allowed = matches!(c, '.' | '/' | '\\' | '_' | '#' | '+' | '~' | '-' | '@')
            || c.is_alphanumeric()
            || (c == '%' && hex(at + 1) && hex(at + 2));
        if allowed {
            was_hyphen = c == '-';
            if hyphen_pending && !was_hyphen {
                out.push('-');
            }
            hyphen_pending = false;
            out.push(c);
        } else if !out.is_empty() && !was_hyphen && c.is_whitespace() {
            hyphen_pending = true;
        }
    }
    match lower {
        true => out.to_lowercase(),
        false => out,
    }
}

/// Jekyll's `Utils.slugify(name, mode: "pretty", cased: true)`: every run of characters
/// other than letters, digits and `._~!$&'()+,;=@` becomes one `-`, trimmed at the ends.
fn jekyll_pretty(name: &str) -> String {
    hyphenated(name, |c| {
        c.is_alphanumeric() || "._~!$&'()+,;=@".contains(c)
    })
}

/// Zola's `slugify.paths = "on"` (the `slug` crate): transliterated to ASCII, lower case,
/// every run of other characters one `-`.
fn ascii_slug(name: &str) -> String {
    hyphenated(&deunicode::deunicode(name).to_ascii_lowercase(), |c| {
        c.is_ascii_alphanumeric()
    })
}

/// github-slugger, as Astro's glob loader makes ids: lower case, punctuation and symbols
/// removed (letters, digits, marks, `-` and `_` kept), each space a `-`.
fn github_slug(name: &str) -> String {
    name.to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            '-' | '_' => Some(c),
            c if c.is_alphanumeric() => Some(c),
            _ => None,
        })
        .collect()
}

/// The syntax a post body is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Markup {
    /// CommonMark with the usual extensions.
    Markdown,
    /// MDX: Markdown with `import`/`export` lines and JSX components.
    Mdx,
}

/// The template languages a body is read with, as the tool it was written for reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    /// Markdown that Jekyll and Eleventy run through Liquid first: Liquid, and shortcodes.
    Liquid,
    /// Markdown for Hugo or Zola, which run only their shortcodes: other braces are text.
    Shortcodes,
    /// MDX: imports, exports, JSX components and `{…}` expressions, and shortcodes.
    Mdx,
    /// Markdown read by a tool with no template step (Astro's and Next.js's `.md`): every
    /// brace is text.
    Plain,
}

impl Flavor {
    /// The flavor of a post: MDX by its extension; Hugo or Zola when its front matter is
    /// TOML or a bare JSON object, or its body uses Hugo shortcodes; else Liquid.
    pub fn of(mdx: bool, hugo_or_zola_front_matter: bool, body: &str) -> Flavor {
        if mdx {
            Flavor::Mdx
        } else if hugo_or_zola_front_matter || body.contains("{{<") || body.contains("{{%") {
            Flavor::Shortcodes
        } else {
            Flavor::Liquid
        }
    }

    /// Whether `body` may hold template syntax in this flavor: the cheap test that spares
    /// most posts.
    pub(crate) fn may_have_templates(self, body: &str) -> bool {
        match self {
            Flavor::Mdx => true,
            Flavor::Plain => false,
            Flavor::Liquid | Flavor::Shortcodes => has_template_braces(body),
        }
    }
}

/// Whether `body` has a `{{` or `{%`, found in one pass that jumps from brace to brace.
pub(crate) fn has_template_braces(body: &str) -> bool {
    let bytes = body.as_bytes();
    body.match_indices('{')
        .any(|(at, _)| matches!(bytes.get(at + 1), Some(b'{' | b'%')))
}

/// The date of a `YYYY-MM-DD-name` or `YYYY-MM-DD_name` file or folder name (Jekyll, Zola),
/// and the name without it.
pub(crate) fn date_prefix(name: &str) -> Option<(Date, &str)> {
    let prefix = name.get(..10)?;
    let rest = name[10..].strip_prefix(['-', '_'])?;
    let date = prefix.parse::<Date>().ok()?;
    (prefix.as_bytes()[4] == b'-').then_some((date, rest))
}

/// The tools whose configs `init --from` and [`Profile::detect`] read, with the files each
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

fn tool_by_marker(folder: &Path) -> Option<Tool> {
    TOOL_MARKERS
        .iter()
        .find(|(_, files)| files.iter().any(|name| folder.join(name).is_file()))
        .map(|(tool, _)| *tool)
}

/// The first config file of Hugo, Jekyll or Zola in `folder`: the tool, the file, and its
/// text parsed, or the parse error's message.
pub(crate) fn find_tool_config_text(
    folder: &Path,
) -> Option<(Tool, PathBuf, Result<Value, Diagnostic>)> {
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
            let parsed = parse_any(&path, &text).map(|config| match name.starts_with("config/") {
                true => with_config_folder(config, &path),
                false => config,
            });
            return Some((tool, path, parsed));
        }
    }
    None
}

/// Hugo's config folder (`config/_default/`): each other file there is the table its name
/// says (`permalinks.yaml` is `[permalinks]`, `params.toml` is `[params]`, `languages.fr.toml`
/// is `[languages.fr]`, `menus.fr.toml` is `[languages.fr.menus]`), merged in as Hugo merges
/// it; a table the main file has keeps the main file's value.
fn with_config_folder(mut config: Value, main: &Path) -> Value {
    let Some(folder) = main.parent() else {
        return config;
    };
    let Ok(entries) = std::fs::read_dir(folder) else {
        return config;
    };
    let mut files: Vec<PathBuf> = entries.filter_map(|e| Some(e.ok()?.path())).collect();
    files.sort();
    for file in files {
        let stem = file
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        let known = matches!(
            file.extension().and_then(|e| e.to_str()),
            Some("toml" | "yaml" | "yml" | "json")
        );
        if !known || file == main || matches!(stem, "hugo" | "config") {
            continue;
        }
        let Some(table) = std::fs::read_to_string(&file)
            .ok()
            .and_then(|text| parse_any(&file, &text).ok())
        else {
            continue;
        };
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
    config
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

fn find_tool_config(folder: &Path) -> Option<(Tool, PathBuf, Value)> {
    let (tool, path, parsed) = find_tool_config_text(folder)?;
    // A config that does not parse still names the tool; its options keep their defaults.
    Some((tool, path, parsed.unwrap_or(Value::Null)))
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

    fn slug(tool: Tool, name: &str) -> String {
        let profile = Profile::of(tool);
        profile.segment(profile.slug_source(name))
    }

    #[test]
    fn each_tool_makes_its_own_slug_from_a_file_name() {
        // Jekyll's `:title` keeps the case and drops the date.
        assert_eq!(
            slug(Tool::Jekyll, "2023-06-29-redos-in-uri-CVE-2023-36617"),
            "redos-in-uri-CVE-2023-36617"
        );
        assert_eq!(
            slug(Tool::Jekyll, "2020-01-01-Hello World!"),
            "Hello-World!"
        );
        // Astro's github-slugger drops dots; no date is dropped.
        assert_eq!(slug(Tool::Astro, "3.10"), "310");
        assert_eq!(
            slug(Tool::Astro, "2024-01-01 First Post"),
            "2024-01-01-first-post"
        );
        // Next.js keeps the name as written.
        assert_eq!(
            slug(Tool::NextJs, "2025-06-28-Emelia-Smith"),
            "2025-06-28-Emelia-Smith"
        );
        // Hugo lower-cases and keeps dots; the date stays unless the config takes it.
        assert_eq!(slug(Tool::Hugo, "Release 1.2.0"), "release-1.2.0");
        assert_eq!(slug(Tool::Hugo, "2021-02-03-targets"), "2021-02-03-targets");
        let dated = Profile {
            date_from_file_name: true,
            keep_case: true,
            ..Profile::of(Tool::Hugo)
        };
        assert_eq!(
            dated.segment(dated.slug_source("2021-02-03-My-Targets")),
            "My-Targets"
        );
        // Zola slugifies to ASCII by default and drops its `_` date prefix.
        assert_eq!(
            slug(Tool::Zola, "2024-03-05_Colocated Ünïcode"),
            "colocated-unicode"
        );
        assert_eq!(slug(Tool::Zola, "Release-1.2.0"), "release-1-2-0");
        // Eleventy's `page.fileSlug`; Next.js drops a date the URL already carries.
        assert_eq!(slug(Tool::Eleventy, "2019-01-01-My-Post"), "My-Post");
        let dated = Profile {
            date_in_url: true,
            ..Profile::of(Tool::NextJs)
        };
        assert_eq!(
            dated.segment(dated.slug_source("2015-06-01-advanced")),
            "advanced"
        );
        // No tool: the neutral rule of earlier versions.
        assert_eq!(Profile::default().segment("Release-1.2.0"), "release-1.2.0");
    }

    #[test]
    fn jekyll_links_to_collection_documents_and_pages() {
        let jekyll = Profile::of(Tool::Jekyll);
        let values = SiteValues {
            values: vec![
                (
                    "collections.docs.permalink".into(),
                    "/:collection/:path/".into(),
                ),
                ("permalink".into(), "pretty".into()),
            ],
            authors: Vec::new(),
            root: None,
        };
        let path = |target| jekyll.page_path(&values, target);
        assert_eq!(path("_docs/history.md").as_deref(), Some("/docs/history/"));
        assert_eq!(
            path("_tutorials/a/b.md").as_deref(),
            Some("/tutorials/a/b.html")
        );
        assert_eq!(path("about.md").as_deref(), Some("/about/"));
        assert_eq!(path("blog/index.html").as_deref(), Some("/blog/"));
        assert_eq!(path("_posts/2020-01-01-a.md"), None);
        assert_eq!(Profile::of(Tool::Hugo).page_path(&values, "about.md"), None);
        let plain = SiteValues::default();
        assert_eq!(
            jekyll.page_path(&plain, "about.md").as_deref(),
            Some("/about.html")
        );
    }

    /// The README's table of the tools, `| tool | found by | rules |`, is [`RULES`].
    #[test]
    fn the_readme_shows_each_profiles_rules() {
        let readme = include_str!("../README.md");
        for (tool, found_by, rules) in RULES {
            let row = format!("| {tool} | {found_by} | {rules} |");
            assert!(readme.contains(&row), "README has no row:\n{row}");
        }
        for (tool, name) in Tool::ALL {
            assert!(
                RULES.iter().any(|(shown, _, _)| *shown == tool.name()),
                "{name}"
            );
        }
    }

    #[test]
    fn the_tools_config_sets_its_options() {
        let hugo: Value = toml::from_str(
            "disablePathToLower = true\n[frontmatter]\ndate = [':filename', ':default']",
        )
        .unwrap();
        let profile = Profile::with_config(Tool::Hugo, &hugo);
        assert!(profile.keep_case && profile.date_from_file_name);
        let zola: Value = toml::from_str("[slugify]\npaths = 'safe'").unwrap();
        let profile = Profile::with_config(Tool::Zola, &zola);
        assert_eq!(profile.segment("Hello World?"), "Hello-World");
    }

    #[test]
    fn the_tool_is_found_above_the_content_folder() {
        let site = tempfile::tempdir().unwrap();
        std::fs::create_dir(site.path().join(".git")).unwrap();
        let posts = site.path().join("src/content/blog");
        std::fs::create_dir_all(&posts).unwrap();
        assert_eq!(Profile::detect(&posts).0.tool, None);
        std::fs::write(site.path().join("astro.config.mjs"), "export default {}").unwrap();
        assert_eq!(Profile::detect(&posts).0.tool, Some(Tool::Astro));
        std::fs::write(site.path().join("config.toml"), "base_url = 'https://x/'").unwrap();
        assert_eq!(Profile::detect(&posts).0.tool, Some(Tool::Zola));
    }
}
