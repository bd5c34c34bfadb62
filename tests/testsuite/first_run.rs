//! The first ten minutes: the site is found from any folder inside it, the config's paths
//! follow the config (not the current folder), command-line paths follow the current folder,
//! and `--base-url` publishes a staging or local build elsewhere.

use std::path::Path;

use crate::support::{CONFIG, Site, stderr, stdout};

#[test]
fn a_build_from_a_folder_inside_the_site_finds_the_site() {
    let site = Site::shipped();
    std::fs::create_dir_all(site.path("content/2025")).unwrap();
    let output = site.run_in("content/2025", &["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("wrote 49 files to ../../public"),
        "{}",
        stdout(&output)
    );
    assert!(site.path("public/feed.xml").exists());
    assert!(!site.path("content/2025/public").exists());
}

#[test]
fn the_configs_paths_are_relative_to_its_site_not_the_current_folder() {
    // Two sites side by side; the check runs from the first with the second's config.
    let here = Site::shipped();
    let other = Site::empty();
    other.write(
        "config/site.yaml",
        "title: Other\ndescription: D\nbase_url: https://other.example/\nstatic_dir: static\n",
    );
    other.write(
        "content/only.md",
        "---\ntitle: Only\ndate: 2024-01-01\ndescription: d\ncoverImage: /img/c.png\n---\nBody\n",
    );
    other.write("static/img/c.png", "not really a png");
    let config = other.path("config/site.yaml");
    let output = here.run(&["build", "--config", config.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).starts_with("feedsmith: read 1 post, published 1;"),
        "{}",
        stdout(&output)
    );
    // Its outputs went to its own `public`, and its static folder was found (no warning).
    assert!(other.path("public/feed.xml").exists());
    assert!(!here.path("public").exists());
    assert!(
        !stderr(&output).contains("does not exist"),
        "{}",
        stderr(&output)
    );
    // Paths on the command line are the user's, relative to where they run it.
    let output = here.run(&[
        "build",
        "--config",
        config.to_str().unwrap(),
        "--out",
        "preview",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(here.path("preview/feed.xml").exists());
}

#[test]
fn outside_any_site_the_error_says_how_to_start() {
    let empty = tempfile::tempdir().unwrap();
    // A site in a folder above the temporary one would be found, rightly.
    if empty
        .path()
        .ancestors()
        .any(|dir| dir.join("config/site.yaml").is_file())
    {
        crate::support::skip("a folder above the temporary folder holds a site config");
        return;
    }
    let output = std::process::Command::new(assert_cmd::cargo::cargo_bin!("feedsmith"))
        .arg("build")
        .current_dir(empty.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let error = stderr(&output);
    assert!(
        error.contains("no site here: config/site.yaml is not in")
            && error.contains("`feedsmith init` creates a site"),
        "{error}"
    );
}

#[test]
fn base_url_publishes_the_build_elsewhere() {
    let site = Site::shipped();
    let output = site.build(&["--base-url", "http://127.0.0.1:8080/preview"]);
    assert!(output.status.success());
    let feed = site.parse_feed("public/atom.xml");
    assert!(
        feed.links
            .iter()
            .any(|link| link.rel.as_deref() == Some("self")
                && link.href == "http://127.0.0.1:8080/preview/atom.xml"),
        "{:?}",
        feed.links
    );
    assert!(feed.entries.iter().all(|entry| {
        entry.links[0]
            .href
            .starts_with("http://127.0.0.1:8080/preview/blog/")
    }),);
    let sitemap = site.read("public/sitemap.xml");
    assert!(!sitemap.contains("fieldnotes.example.com"), "{sitemap}");

    let output = site.run(&["check", "--base-url", "ftp://example.com/"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output)
            .contains("--base-url: base_url \"ftp://example.com/\" must be an http or https URL"),
        "{}",
        stderr(&output)
    );
}

/// Runs `feedsmith <args>` in `dir`.
fn run_in(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(assert_cmd::cargo::cargo_bin!("feedsmith"))
        .args(args)
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", crate::support::NOW)
        .output()
        .unwrap()
}

#[test]
fn init_starts_a_site_that_builds_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let output = run_in(dir.path(), &["init", "blog"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let said = stdout(&output);
    assert!(said.contains("created blog/config/site.yaml"), "{said}");
    assert!(
        said.contains("created blog/content/hello-feedsmith.md"),
        "{said}"
    );
    assert!(
        said.contains("cd blog") && said.contains("feedsmith build"),
        "{said}"
    );
    let blog = dir.path().join("blog");
    let config = std::fs::read_to_string(blog.join("config/site.yaml")).unwrap();
    // Every key is there, set or commented out.
    for key in [
        "title:",
        "description:",
        "base_url:",
        "language:",
        "timezone:",
        "author:",
        "permalink:",
        "content_dir:",
        "output_dir:",
        "static_dir:",
        "exclude:",
        "max_post_bytes:",
        "sanitize:",
        "limit:",
        "full_content:",
        "max_bytes:",
        "sitemap:",
        "extra_urls:",
        "tag_feeds:",
        "category_feeds:",
        "tag_slugs:",
        "opml:",
        "feeds_page:",
        "archives:",
        "websub:",
    ] {
        assert!(config.contains(key), "{key} missing from:\n{config}");
    }
    let built = run_in(&blog, &["build"]);
    assert!(built.status.success(), "{}", stderr(&built));
    assert!(
        stdout(&built).starts_with("feedsmith: read 1 post, published 1;"),
        "{}",
        stdout(&built)
    );
    assert!(stderr(&built).is_empty(), "no warning: {}", stderr(&built));

    // A second init changes nothing.
    std::fs::write(blog.join("config/site.yaml"), "edited").unwrap();
    let again = run_in(dir.path(), &["init", "blog"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stderr(&again).contains("already exists"),
        "{}",
        stderr(&again)
    );
    assert_eq!(
        std::fs::read_to_string(blog.join("config/site.yaml")).unwrap(),
        "edited"
    );
}

#[test]
fn init_leaves_an_existing_content_folder_alone() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    std::fs::write(
        dir.path().join("content/mine.md"),
        "---\ntitle: Mine\ndate: 2024-01-01\n---\n",
    )
    .unwrap();
    let output = run_in(dir.path(), &["init"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!dir.path().join("content/hello-feedsmith.md").exists());
    assert!(!stdout(&output).contains("cd "), "{}", stdout(&output));
}

/// Asserts that `config` holds each of `lines` as a whole line.
fn assert_lines(config: &str, lines: &[&str]) {
    for line in lines {
        assert!(
            config.contains(&format!("\n{line}\n")),
            "{line} missing from:\n{config}"
        );
    }
}

/// Writes each of `files` (path, text) under `dir`, with the folders it needs.
fn write_files(dir: &Path, files: &[(&str, &str)]) {
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

/// The links of the entries of the Atom feed built in `dir`, newest first.
fn atom_links(dir: &Path) -> Vec<String> {
    let xml = std::fs::read(dir.join("public/atom.xml")).unwrap();
    let feed = feed_rs::parser::parse(&xml[..]).unwrap();
    feed.entries
        .into_iter()
        .map(|e| e.links[0].href.clone())
        .collect()
}

/// A site of `files`, configured by `init --from` and built, both checked to succeed: its
/// folder and the config `init` wrote.
fn migrated_and_built(files: &[(&str, &str)]) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), files);
    let output = run_in(dir.path(), &["init", "--from", "."]);
    assert!(output.status.success(), "{}", stderr(&output));
    let config = std::fs::read_to_string(dir.path().join("config/site.yaml")).unwrap();
    let built = run_in(dir.path(), &["build"]);
    assert!(built.status.success(), "{}\n{config}", stderr(&built));
    (dir, config)
}

/// `init --from` on a site of `tool`, laid out by its documented conventions: the settings
/// feedsmith's config gets, and the outcome of building it.
fn from_site(files: &[(&str, &str)]) -> (String, std::process::Output) {
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), files);
    let output = run_in(dir.path(), &["init", "--from", "."]);
    assert!(output.status.success(), "{}", stderr(&output));
    let config = std::fs::read_to_string(dir.path().join("config/site.yaml")).unwrap();
    let built = run_in(dir.path(), &["build"]);
    assert!(built.status.success(), "{}\n{config}", stderr(&built));
    (config, built)
}

#[test]
fn init_from_hugo_jekyll_and_zola_configs() {
    let (config, built) = from_site(&[
        (
            "hugo.toml",
            "baseURL = 'https://hugo.example/'\nlanguageCode = 'en-us'\ntitle = 'Hugo Blog'\ntimeZone = 'America/New_York'\n[params]\ndescription = 'From Hugo'\n[permalinks]\nposts = '/:year/:month/:slug/'\n",
        ),
        (
            "content/posts/first.md",
            "+++\ntitle = 'First'\ndate = 2024-03-01\n+++\nHi\n",
        ),
        (
            "content/about.md",
            "+++\ntitle = 'About'\n+++\nNot a post\n",
        ),
    ]);
    assert_lines(
        &config,
        &[
            "title: \"Hugo Blog\"",
            "description: \"From Hugo\"",
            "base_url: \"https://hugo.example/\"",
            "language: \"en-US\"",
            "timezone: \"America/New_York\"",
            "permalink: \"/{year}/{month}/{title}/\"",
            "content_dir: \"content/posts\"",
        ],
    );
    assert!(stdout(&built).contains("read 1 post, published 1"));

    let (config, _) = from_site(&[
        (
            "_config.yml",
            "title: Jekyll Blog\ndescription: From Jekyll\nurl: https://jekyll.example\nbaseurl: /blog\npermalink: pretty\ntimezone: Europe/Paris\nlang: fr\n",
        ),
        ("_posts/2024-01-02-hello.md", "---\ntitle: Hello\n---\nHi\n"),
    ]);
    assert_lines(
        &config,
        &[
            "title: \"Jekyll Blog\"",
            "base_url: \"https://jekyll.example/blog/\"",
            "language: \"fr\"",
            "permalink: \"/{categories}/{year}/{month}/{day}/{slug}/\"",
            "content_dir: \"_posts\"",
        ],
    );

    let (config, built) = from_site(&[
        (
            "config.toml",
            "base_url = \"https://zola.example\"\ntitle = \"Zola Blog\"\ndescription = \"From Zola\"\ndefault_language = \"de\"\ncompile_sass = false\n",
        ),
        ("content/blog/_index.md", "+++\ntitle = \"Blog\"\n+++\n"),
        (
            "content/blog/post.md",
            "+++\ntitle = \"Post\"\ndate = 2024-02-02\n+++\nHallo\n",
        ),
        // Zola publishes a page at its path: the folders below the section too.
        (
            "content/blog/2024/nested.md",
            "+++\ntitle = \"Nested\"\ndate = 2024-02-03\n+++\nHallo\n",
        ),
    ]);
    assert_lines(
        &config,
        &[
            "base_url: \"https://zola.example/\"",
            "language: \"de\"",
            "permalink: \"/blog/{path}/{slug}/\"",
            "content_dir: \"content/blog\"",
        ],
    );
    assert!(
        stdout(&built).contains("read 2 posts, published 2"),
        "{}",
        stdout(&built)
    );
}

#[test]
fn the_shipped_site_builds_under_deny_warnings() {
    let site = Site::shipped();
    let output = site.run(&["build", "--deny-warnings", "--future"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!stderr(&output).contains("warning"), "{}", stderr(&output));
}

#[test]
fn a_missing_or_empty_content_folder_is_said_plainly() {
    let site = Site::empty();
    site.write(
        "config/site.yaml",
        "title: T\ndescription: D\nbase_url: https://e.com/\n",
    );
    let output = site.run(&["build"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).starts_with(
            "error: the content folder does not exist: it holds the posts\n --> content\n"
        ),
        "{}",
        stderr(&output)
    );
    std::fs::create_dir(site.path("content")).unwrap();
    let output = site.run(&["build", "--deny-warnings"]);
    assert_eq!(
        output.status.code(),
        Some(1),
        "an empty site is no success under --deny-warnings"
    );
    assert!(
        stderr(&output)
            .starts_with("warning: no posts: the content folder is empty\n --> content\n"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn init_from_keeps_jekyll_categories_in_urls_and_takes_a_numeric_title() {
    let (config, built) = from_site(&[
        (
            "_config.yml",
            "title: 2024\ndescription: D\nurl: https://j.example\npermalink: /:categories/:year/:title/\n",
        ),
        (
            "_posts/2024-01-02-hello.md",
            "---\ntitle: Hello\ncategories: [News, Tech Talk]\n---\nHi\n",
        ),
    ]);
    assert_lines(
        &config,
        &[
            "title: \"2024\"",
            "permalink: \"/{categories}/{year}/{slug}/\"",
        ],
    );
    assert!(stdout(&built).contains("published 1"));
    let site = Site::with(
        &format!("{CONFIG}permalink: /{{categories}}/{{year}}/{{slug}}/\n"),
        &[
            (
                "a.md",
                "---\ntitle: A\ndate: 2024-01-02\ncategories: [News, Tech Talk]\n---\nA\n",
            ),
            ("b.md", "---\ntitle: B\ndate: 2024-01-01\n---\nB\n"),
        ],
    );
    site.build(&[]);
    assert_eq!(
        crate::support::entry_links(&site, "atom.xml"),
        [
            "https://example.com/news/tech-talk/2024/a/",
            "https://example.com/2024/b/"
        ]
    );
}

#[test]
fn init_from_says_which_permalink_placeholders_it_cannot_map() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("_posts")).unwrap();
    std::fs::write(
        dir.path().join("_config.yml"),
        "title: T\nurl: https://j.example\npermalink: /:year/:y_day/:title/\n",
    )
    .unwrap();
    let output = run_in(dir.path(), &["init", "--from", "."]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("`:y_day` has no feedsmith placeholder; set `permalink` by hand"),
        "{}",
        stderr(&output)
    );
    let config = std::fs::read_to_string(dir.path().join("config/site.yaml")).unwrap();
    assert!(!config.contains("y_day"), "{config}");
}

/// A Hugo site whose `[permalinks]` route two sections each their own way: `init --from`
/// takes the whole content folder and writes a permalink per section, and every post lands
/// where Hugo publishes it. A section pattern with a placeholder feedsmith cannot map is
/// said, and its posts take the site's pattern.
#[test]
fn init_from_a_hugo_site_with_a_permalink_per_section() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            (
                "hugo.toml",
                "baseURL = 'https://hugo.example/'\ntitle = 'Two sections'\n[params]\ndescription = 'D'\n[permalinks]\nblog = '/blog/:year/:month/:day/:slug/'\ntechnotes = '/technotes/:slugorfilename/'\nnews = '/news/:sections[1:]/:slug/'\n",
            ),
            (
                "content/blog/first-post.md",
                "+++\ntitle = 'First Post'\ndate = 2024-03-01\n+++\nHi\n",
            ),
            (
                "content/technotes/grep-tricks.md",
                "+++\ntitle = 'Grep'\ndate = 2024-03-02\n+++\nNote\n",
            ),
            (
                "content/news/launch.md",
                "+++\ntitle = 'Launch'\ndate = 2024-03-03\n+++\nNews\n",
            ),
            (
                "content/about.md",
                "+++\ntitle = 'About'\n+++\nNot a post\n",
            ),
        ],
    );
    let output = run_in(dir.path(), &["init", "--from", "."]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("permalinks.news \"/news/:sections[1:]/{title}/\": `:sections[1:]` has no feedsmith placeholder; its posts take `permalink`"),
        "{}",
        stderr(&output)
    );
    let config = std::fs::read_to_string(dir.path().join("config/site.yaml")).unwrap();
    assert!(config.contains("content_dir: \"content\""), "{config}");
    assert!(
        config.contains("permalinks:\n  \"blog\": \"/blog/{year}/{month}/{day}/{title}/\"\n  \"technotes\": \"/technotes/{slug}/\"\n"),
        "{config}"
    );
    let built = run_in(dir.path(), &["build"]);
    assert!(built.status.success(), "{}\n{config}", stderr(&built));
    assert_eq!(
        atom_links(dir.path()),
        [
            "https://hugo.example/news/launch/",
            "https://hugo.example/technotes/grep-tricks/",
            "https://hugo.example/blog/2024/03/01/first-post/",
        ]
    );
}

/// A Jekyll site whose front-matter defaults route its posts: one for every post, and one
/// scoped by path to a folder of `_posts`, which Jekyll applies over it. `init --from` writes
/// the first as `permalink` and the second under `permalinks:`; a default of another type,
/// or for a folder that is not there, changes nothing.
#[test]
fn init_from_a_jekyll_site_with_path_scoped_defaults() {
    let (dir, config) = migrated_and_built(&[
        (
            "_config.yml",
            "title: J\ndescription: D\nurl: https://jekyll.example\npermalink: /:year/:title/\ncollections:\n  posts:\n    permalink: /ignored/:title/\ndefaults:\n  - scope: {path: \"\", type: posts}\n    values: {permalink: /blog/:year/:month/:title/}\n  - scope: {path: \"_posts/releases\"}\n    values: {permalink: /releases/:title/}\n  - scope: {path: \"_posts/gone\"}\n    values: {permalink: /gone/:title/}\n  - scope: {path: \"\", type: pages}\n    values: {permalink: /pages/:basename/}\n",
        ),
        ("_posts/2024-03-01-hello.md", "---\ntitle: Hello\n---\nHi\n"),
        (
            "_posts/releases/2024-03-02-v1.2.md",
            "---\ntitle: One Two\n---\nOut\n",
        ),
    ]);
    assert!(
        config.contains("permalink: \"/blog/{year}/{month}/{slug}/\""),
        "{config}"
    );
    assert!(
        config.contains("permalinks:\n  \"releases\": \"/releases/{slug}/\"\n"),
        "{config}"
    );
    assert_eq!(
        atom_links(dir.path()),
        [
            "https://jekyll.example/releases/v1.2/",
            "https://jekyll.example/blog/2024/03/hello/",
        ]
    );
}

/// Hugo with no permalink for the posts' section publishes each page at its path: the
/// section, the folders below it (a year), its name. `init --from` keeps the folders.
#[test]
fn init_from_a_hugo_site_keeps_the_folders_below_its_section() {
    let (dir, _) = migrated_and_built(&[
        (
            "hugo.toml",
            "baseURL = 'https://hugo.example/'\ntitle = 'H'\n[params]\ndescription = 'D'\n",
        ),
        (
            "content/blog/2025/Zombie_Members.md",
            "---\ntitle: Z\ndate: 2024-12-17\n---\nText\n",
        ),
        (
            "content/blog/top.md",
            "---\ntitle: T\ndate: 2024-12-16\n---\nText\n",
        ),
    ]);
    assert_eq!(
        atom_links(dir.path()),
        [
            "https://hugo.example/blog/2025/zombie_members/",
            "https://hugo.example/blog/top/",
        ]
    );
}

/// A Hugo site whose languages each keep their content in a folder (`content/en`,
/// `content/fr`), the blog in year folders: `init --from` takes the folder above them, and
/// each post is at its page path under its language's prefix — the section said once.
#[test]
fn init_from_a_hugo_site_with_a_folder_per_language_keeps_page_paths() {
    let (dir, _) = migrated_and_built(&[
        (
            "hugo.toml",
            "baseURL = 'https://hugo.example/'\ntitle = 'H'\n[params]\ndescription = 'D'\n[languages.en]\nweight = 1\n[languages.fr]\nweight = 2\n",
        ),
        (
            "content/en/blog/2024/first.md",
            "---\ntitle: A\ndate: 2024-03-01\n---\nA\n",
        ),
        (
            "content/fr/blog/2024/premier.md",
            "---\ntitle: B\ndate: 2024-03-02\n---\nB\n",
        ),
        (
            "content/en/docs/setup.md",
            "---\ntitle: S\ndate: 2024-03-03\n---\nS\n",
        ),
    ]);
    assert_eq!(
        atom_links(dir.path()),
        ["https://hugo.example/blog/2024/first/"]
    );
    let xml = std::fs::read(dir.path().join("public/fr/atom.xml")).unwrap();
    let french = feed_rs::parser::parse(&xml[..]).unwrap();
    assert_eq!(
        french.entries[0].links[0].href,
        "https://hugo.example/fr/blog/2024/premier/"
    );
}

/// A Zola site whose feed is the whole site's (`generate_feeds = true`, in its config or
/// its root section): `init --from` takes every section, not `content/posts` alone.
#[test]
fn init_from_a_zola_site_whose_feed_holds_every_section() {
    for (config, root_section) in [
        (
            "base_url = 'https://zola.example'\ntitle = 'Z'\ndescription = 'D'\ngenerate_feeds = true\n",
            "",
        ),
        (
            "base_url = 'https://zola.example'\ntitle = 'Z'\ndescription = 'D'\n",
            "+++\ngenerate_feeds = true\nsort_by = 'date'\n+++\n",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let mut files = vec![
            ("config.toml", config),
            (
                "content/posts/first.md",
                "+++\ntitle = 'First'\ndate = 2024-03-01\n+++\nHi\n",
            ),
            (
                "content/essays/long-read.md",
                "+++\ntitle = 'Long'\ndate = 2024-03-02\n+++\nEssay\n",
            ),
            (
                "content/about.md",
                "+++\ntitle = 'About'\n+++\nNot a post\n",
            ),
        ];
        if !root_section.is_empty() {
            files.push(("content/_index.md", root_section));
        }
        write_files(dir.path(), &files);
        let output = run_in(dir.path(), &["init", "--from", "."]);
        assert!(output.status.success(), "{}", stderr(&output));
        let built = run_in(dir.path(), &["build"]);
        assert!(built.status.success(), "{}", stderr(&built));
        assert_eq!(
            atom_links(dir.path()),
            [
                "https://zola.example/essays/long-read/",
                "https://zola.example/posts/first/"
            ],
            "{config}{root_section}"
        );
    }
}

/// `init --from` on a site whose tool keeps its config in code (Astro, Next.js, Eleventy)
/// names the file it saw and what to write instead, not "no config".
#[test]
fn init_from_a_tool_whose_config_is_code_says_what_to_write() {
    for (file, tool, flavor) in [
        ("astro.config.mjs", "Astro", "flavor: astro"),
        ("next.config.js", "Next.js", "flavor: nextjs"),
        (".eleventy.js", "Eleventy", "flavor: eleventy"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(file), "export default {}\n").unwrap();
        let output = run_in(dir.path(), &["init", "--from", "."]);
        assert_eq!(output.status.code(), Some(1), "{file}");
        let err = stderr(&output);
        assert!(
            err.contains(&format!("{file} ({tool}): {tool}'s config is code"))
                && err.contains(flavor)
                && err.contains("permalink"),
            "{err}"
        );
        assert!(!dir.path().join("config").exists());
    }
}

/// `init --from` on an Astro site: the collections' folder, the `site:` URL, a permalink per
/// collection as its route file implies it — written commented, for the user to confirm —
/// and the biggest routed collection's as `permalink`. Once the lines are uncommented, each
/// collection is at its route. A Next.js site's route (`app/blog/[slug]/page.tsx`) gives its
/// permalink.
#[test]
fn init_from_a_site_whose_routes_are_code_suggests_them() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            (
                "astro.config.mjs",
                "export default defineConfig({ site: 'https://astro.example' });\n",
            ),
            ("src/pages/posts/[...slug].astro", "---\n---\n"),
            ("src/pages/newsletter/[slug].astro", "---\n---\n"),
            (
                "src/content/posts/hello.md",
                "---\ntitle: Hello\ndate: 2024-07-01\n---\nHi\n",
            ),
            (
                "src/content/posts/again.md",
                "---\ntitle: Again\ndate: 2024-07-02\n---\nHi\n",
            ),
            (
                "src/content/newsletter/2024-07-31.md",
                "---\ntitle: July\ndate: 2024-07-31\n---\nNews\n",
            ),
        ],
    );
    let output = run_in(dir.path(), &["init", "--from", "."]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("confirm the commented `permalinks:` lines"),
        "{}",
        stderr(&output)
    );
    let path = dir.path().join("config/site.yaml");
    let config = std::fs::read_to_string(&path).unwrap();
    assert!(
        config.contains("base_url: \"https://astro.example/\""),
        "{config}"
    );
    assert!(config.contains("content_dir: \"src/content\""), "{config}");
    assert!(config.contains("permalink: \"/posts/{slug}/\""), "{config}");
    assert!(
        config.contains("# permalinks:\n#   \"newsletter\": \"/newsletter/{slug}/\"   # src/pages/newsletter/[slug].astro\n#   \"posts\": \"/posts/{slug}/\"   # src/pages/posts/[...slug].astro"),
        "{config}"
    );
    // As written, every post takes `permalink`; confirmed, each collection its own.
    let built = run_in(dir.path(), &["build"]);
    assert!(built.status.success(), "{}", stderr(&built));
    let confirmed = config
        .replace("# permalinks:", "permalinks:")
        .replace("#   \"", "  \"");
    std::fs::write(&path, confirmed).unwrap();
    let built = run_in(dir.path(), &["build"]);
    assert!(built.status.success(), "{}", stderr(&built));
    assert_eq!(
        atom_links(dir.path()),
        [
            "https://astro.example/newsletter/2024-07-31/",
            "https://astro.example/posts/again/",
            "https://astro.example/posts/hello/",
        ]
    );

    let next = tempfile::tempdir().unwrap();
    write_files(
        next.path(),
        &[
            ("next.config.js", "module.exports = {}\n"),
            (
                "app/blog/[slug]/page.tsx",
                "export default function Page() {}\n",
            ),
            (
                "content/blog/first.md",
                "---\ntitle: First\ndate: 2024-07-01\n---\nHi\n",
            ),
        ],
    );
    let output = run_in(next.path(), &["init", "--from", "."]);
    assert!(output.status.success(), "{}", stderr(&output));
    let built = run_in(next.path(), &["build"]);
    assert!(built.status.success(), "{}", stderr(&built));
    assert_eq!(atom_links(next.path()), ["https://example.com/blog/first"]);
}

/// A Hugo site that titles and describes itself per language only takes the default
/// language's title and description, and a site with no title anywhere is told so.
#[test]
fn init_from_takes_the_default_languages_title_and_description() {
    let (config, _) = from_site(&[
        (
            "hugo.toml",
            "baseURL = 'https://hugo.example/'\ndefaultContentLanguage = 'en'\n[languages.en]\ntitle = 'English Title'\nweight = 1\n[languages.en.params]\ndescription = 'What this site is about.'\n[languages.fr]\ntitle = 'Titre'\nweight = 2\n",
        ),
        (
            "content/posts/first.md",
            "+++\ntitle = 'First'\ndate = 2024-03-01\n+++\nHi\n",
        ),
    ]);
    assert!(config.contains("title: \"English Title\""), "{config}");
    assert!(
        config.contains("description: \"What this site is about.\""),
        "{config}"
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("hugo.toml"),
        "baseURL = 'https://h.example/'\n",
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join("content/posts")).unwrap();
    let output = run_in(dir.path(), &["init", "--from", "."]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("title: none found; edit the placeholder"),
        "{}",
        stderr(&output)
    );
}
