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

mod code_routes;
mod detect;
mod dialect;
mod directory_data;
mod hugo_functions;
mod hugo_page;
mod hugo_templates;
mod hugo_values;
pub(crate) mod keys;
mod liquid;
pub(crate) mod migrate;
mod pages;
mod routes;
mod schema;
mod slug;
mod values;
mod zola_functions;
mod zola_templates;

pub(crate) use self::detect::{find_tool_config_text, lookup, lookup_named, tool_folders};
pub(crate) use self::dialect::has_template_braces;
pub(crate) use self::dialect::{Flavor, Markup};
pub(crate) use self::directory_data::eleventy_folder_permalinks;
pub(crate) use self::hugo_page::{CallFacts, PageFacts};
pub(crate) use self::hugo_templates::{HugoContext, HugoPage, HugoShortcodes, REFERENCE_MARK};
pub(crate) use self::liquid::{
    Data, LiquidSite, PostSide, code_block, page_data, unescape_in_code,
};
pub(crate) use self::routes::eleventy_permalink;
pub(crate) use self::schema::SchemaDates;
pub(crate) use self::slug::ZolaSlugs;
pub(crate) use self::slug::date_prefix;
pub(crate) use self::values::SiteValues;
pub(crate) use self::zola_templates::{ShortcodeFailure, ShortcodeKind, ZolaCall, ZolaShortcodes};

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

/// Each profile's rules in a line: what finds it, and how posts are read by it. The README's
/// table of the tools is these lines (a test holds them equal), so it says what the code does.
#[cfg(test)]
pub(crate) const RULES: [(&str, &str, &str); 8] = [
    (
        "Hugo",
        "`hugo.toml`/`.yaml`/`.json`, `config/_default/hugo.*` (with the folder's other files as their tables), or a `config.*` naming `baseURL`",
        "slug: the file or bundle name as `urlize` makes it (spaces to `-`; `.`, `_`, `+`, `#`, `@` kept), lower-cased unless `disablePathToLower`, its date prefix dropped only with `:filename` in `[frontmatter] date`; a written `slug` goes the same way; `{title}` stands for `:slug` and `:title`. Front-matter keys in any case (`Title:`). Templates: shortcodes only, run from the site's own Go templates (`layouts/shortcodes/`, then the themes') as Hugo runs them, else Hugo's built-ins; other braces are text; `ref`/`relref` reach pages of the content root that are not posts. `headless: true`, `render: never` and undated pages are left out. Term pages: `urlize`, lower-cased unless `disablePathToLower` (`C++` at `/tags/c++/`). A front-matter key given twice keeps its last value, as Go's YAML reads it. Dates: the keys `[frontmatter] date` and `lastmod` list come first, in their order. `build: {list: never}` keeps a post out of every feed and the sitemap, `list: local` lists it in its section's feed alone; `sitemap: {disable: true}` keeps it out of the sitemap; past its `expiryDate` a post is left out (`--expired` keeps it)",
    ),
    (
        "Jekyll",
        "`_config.yml`",
        "slug: `:title`, the name after its date in `pretty` mode, its case kept (`redos-in-uri-CVE-2023-36617`). Liquid runs over the whole file, code included (`{% raw %}` shows it), by the `liquid` crate; `{{ site.x }}` comes from `_config.yml`, `site.data` from `_data/**`, includes from `_includes/`; an author id from `_data/authors.yml`; `{% link %}` reaches collection documents and pages; kramdown's `{: .class}` lists are removed; a front-matter key given twice keeps its last value. Term pages: jekyll-archives' `slugify` (`C++` at `/tags/c/`). `sitemap: false` keeps a post out of the sitemap, as jekyll-sitemap does",
    ),
    (
        "Zola",
        "`config.toml` naming `base_url`, or `zola.toml`",
        "slug: the name without its `YYYY-MM-DD_` prefix (kept with `slugify.paths_keep_dates`) as `slugify.paths` says (`on`, the default: ASCII, lower case, `.` to `-`; `safe`; `off`). Templates: shortcodes only, run from the site's own Tera templates (`templates/shortcodes/`, then the theme's) as Zola runs them. `@/blog/post.md#part` links to that post (`@/pages/about.md`, to that page); undated pages are left out. Term pages: `slugify.taxonomies` (`on`: `C++` at `/tags/c/`). `{% raw %}…{% endraw %}` shows what it holds as written",
    ),
    (
        "Astro",
        "`astro.config.*`",
        "slug: each path segment through github-slugger (lower case, `.` and other punctuation dropped: `3.10` is `310`), a date prefix dropped when the permalink carries the date. `.md` has no templates; `.mdx` is MDX, `<Tweet>`, `<YouTube>`, `<Vimeo>` and `<LinkPreview>` embeds included; a cover named by an import alias (`@/assets/x.png`) is passed over; undated pages are left out. Term pages are routes of the site's own: feedsmith's slug. Dates: the date fields the content schema declares (`src/content.config.ts` zod fields) first",
    ),
    (
        "Next.js",
        "`next.config.*`",
        "slug: the base name as written (`2025-06-28-Emelia-Smith`), a date prefix dropped when the permalink carries the date. `.md` has no templates — unless the site compiles it as MDX (next-mdx-remote in `package.json`, or `@next/mdx` with `md` in `pageExtensions`: then `.md` is MDX too; `md_as_mdx` decides otherwise); `.mdx` is MDX; undated pages are left out. Term pages: github-slugger (`Node.js` at `/tags/nodejs/`). Dates: the date fields the content schema declares (`contentlayer.config.*` fields, zod, velite) first",
    ),
    (
        "Eleventy",
        "`.eleventy.js`, `eleventy.config.*`",
        "slug: `page.fileSlug`, the name as written without its date prefix. Liquid runs over the whole file, code included, by the `liquid` crate; a bare `{{ name }}` is the front matter's `name` (or a global data file's); includes from `_includes/` (or `src/_includes/`); undated pages are left out. Term pages: the `slugify` filter (`Don't Panic` at `/tags/dont-panic/`). Routes: each folder's directory data `permalink` (`blog/blog.11tydata.json`) and a post's own `permalink` template (`page.fileSlug`, the title through `slugify`, a `date` format) as patterns. Posts: `.njk`, `.liquid` and `.html` templates with a date too, as HTML; files of `_includes` and `_data` are not posts; `eleventyExcludeFromCollections` leaves a page out",
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
    /// Zola: `slugify.paths_keep_dates` (a file name's date prefix stays in its slug:
    /// `2016-10-08_a-post.md` is at `2016-10-08-a-post/`).
    pub zola_keeps_dates: bool,
    /// Zola: `slugify.taxonomies` (how a term's page is named: `C++` is at `/tags/c/`).
    pub zola_term_slugs: Option<ZolaSlugs>,
    /// The permalink carries the date (`{year}`): a tool with no rule of its own for a
    /// date-prefixed name (Next.js, plain Markdown) drops the prefix rather than say the
    /// date twice (`/blog/2015/06/01/advanced-service-discovery/`).
    pub date_in_url: bool,
    /// `.md` files are compiled as MDX, as a Next.js site does that renders its posts with
    /// next-mdx-remote (or `@next/mdx` with `md` among its page extensions), or the config's
    /// `md_as_mdx` says.
    pub md_is_mdx: bool,
}

impl Profile {
    /// The profile of `tool`, with its defaults.
    pub fn of(tool: Tool) -> Profile {
        Profile {
            tool: Some(tool),
            ..Profile::default()
        }
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

    /// Whether a date written `03/07/2024` is month first (March 7), as JavaScript's `Date`
    /// reads it: Astro's and Next.js's schemas date posts that way. Elsewhere it is an
    /// ambiguous date and an error.
    pub fn dates_month_first(&self) -> bool {
        matches!(self.tool, Some(Tool::Astro | Tool::NextJs))
    }

    /// Whether a content file may have no front matter at all, as Hugo and Eleventy read
    /// one (a page with no fields); the other tools require it, and so does feedsmith with
    /// no tool known.
    pub fn front_matter_optional(&self) -> bool {
        matches!(self.tool, Some(Tool::Hugo | Tool::Eleventy))
    }

    /// Whether Eleventy's other template formats (`.njk`, `.liquid`, `.html`) are posts
    /// too, as its collections hold them.
    pub fn templates_are_posts(&self) -> bool {
        self.tool == Some(Tool::Eleventy)
    }

    /// Whether `{% raw %}…{% endraw %}` shows its content as written outside Liquid (which
    /// has the tag anyway): Zola reads it in content, to show shortcode syntax; Hugo has none.
    pub fn raw_blocks(&self) -> bool {
        self.tool == Some(Tool::Zola)
    }

    /// Whether a front-matter key given twice keeps its last value, as Ruby's YAML (Jekyll)
    /// and Go's (Hugo) read it, rather than being an error.
    pub fn last_key_wins(&self) -> bool {
        matches!(self.tool, Some(Tool::Jekyll | Tool::Hugo))
    }

    /// Whether front-matter keys are read without regard to case (`Title:`, `Date:`), as
    /// Hugo reads them (it lower-cases every key); the other tools read them as written.
    pub fn keys_ignore_case(&self) -> bool {
        self.tool == Some(Tool::Hugo)
    }

    /// Whether a page without a date is no post: Zola leaves one out of its sorted sections
    /// and feeds, and the other tools' blog listings sort by a date a landing or About page
    /// lacks. (Jekyll's `_posts` always carry one, in the name.)
    pub fn undated_is_no_post(&self) -> bool {
        self.tool.is_some_and(|tool| tool != Tool::Jekyll)
    }

    /// Whether a bare `{{ name }}` is the front matter's `name` (Eleventy's data cascade puts
    /// front matter at the top level; Jekyll has it under `page.`), so a body may read any
    /// of its values.
    pub fn bare_page_values(&self) -> bool {
        self.tool == Some(Tool::Eleventy)
    }

    /// Whether the post at `source_path` is written in kramdown, Jekyll's Markdown: under
    /// Jekyll's profile, or, with no tool found, when it sits in Jekyll's `_posts` or
    /// `_drafts` (which the content folder itself may be).
    pub fn is_kramdown(&self, source_path: &std::path::Path) -> bool {
        match self.tool {
            Some(tool) => tool == Tool::Jekyll,
            None => source_path
                .components()
                .any(|part| matches!(part.as_os_str().to_str(), Some("_posts" | "_drafts"))),
        }
    }

    /// The template dialect of a post body: the tool's, or the per-post guess.
    pub fn flavor(&self, markup: Markup, guess: impl FnOnce() -> Flavor) -> Flavor {
        match (self.tool, markup) {
            (None, _) => guess(),
            (Some(_), Markup::Mdx) => Flavor::Mdx,
            (Some(_), Markup::Markdown) if self.md_is_mdx => Flavor::Mdx,
            // Nunjucks writes its values and tags as Liquid does (`{{ x }}`, `{% if %}`).
            (Some(_), Markup::Html) => Flavor::Liquid,
            (Some(Tool::Hugo | Tool::Zola), _) => Flavor::Shortcodes,
            (Some(Tool::Jekyll | Tool::Eleventy), _) => Flavor::Liquid,
            (Some(Tool::Astro | Tool::NextJs | Tool::Markdown), _) => Flavor::Plain,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;
    use std::path::{Path, PathBuf};

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
            ..SiteValues::default()
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
        let readme = include_str!("../../README.md");
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
    fn kramdown_is_jekylls_or_in_its_folders() {
        let none = Profile::default();
        assert!(none.is_kramdown(Path::new("site/_posts/2020-01-01-a.md")));
        assert!(Profile::of(Tool::Jekyll).is_kramdown(Path::new("posts/a.md")));
        assert!(!none.is_kramdown(Path::new("content/my_posts/a.md")));
        assert!(!Profile::of(Tool::Hugo).is_kramdown(Path::new("_posts/a.md")));
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
        let top = site.path().canonicalize().unwrap();
        let folders: Vec<PathBuf> = posts
            .canonicalize()
            .unwrap()
            .ancestors()
            .take_while(|folder| folder.starts_with(&top))
            .map(Path::to_path_buf)
            .collect();
        let detect = |flavor| Profile::resolve(flavor, &folders).unwrap();
        assert_eq!(detect(None).0.tool, None);
        std::fs::write(site.path().join("astro.config.mjs"), "export default {}").unwrap();
        assert_eq!(detect(None).0.tool, Some(Tool::Astro));
        std::fs::write(site.path().join("config.toml"), "base_url = 'https://x/'").unwrap();
        let (profile, values) = detect(None);
        assert_eq!(profile.tool, Some(Tool::Zola));
        assert_eq!(
            values.files,
            [site.path().canonicalize().unwrap().join("config.toml")]
        );
        // A config that is not used is not read: a tool named in `flavor:` wins.
        std::fs::write(site.path().join("config.toml"), "base_url = ").unwrap();
        assert_eq!(detect(Some(Tool::Hugo)).0.tool, Some(Tool::Hugo));
        let problem = Profile::resolve(None, &folders).unwrap_err();
        assert_eq!(problem.position, Some((1, 12)), "{problem}");
    }
}
