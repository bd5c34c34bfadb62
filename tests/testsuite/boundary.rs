//! The site's boundary: what a build reads is the config, the content folder, `static_dir`
//! and the tool's files at the site's root (never above the repository root, nor above the
//! site root when there is no repository); a tool file that does not parse is an error at
//! its line and column; `-v` and the JSON report name the tool files read.

use crate::support::{CONFIG, Site, headlines, stderr, stdout};

/// A post whose published text depends on the tool's rules and files: Liquid, a Hugo
/// `param` shortcode, and an author id a tool's data could name.
const POST: &str = "---\ntitle: A\ndate: 2024-01-01\ndescription: d\nauthor: ann\n---\nBefore {% if true %}<script>alert(1)</script>{% endif %} {{< param x >}} after\n";

/// A site at `a/b/c` of an empty folder: the folders above it are where a stranger's files
/// would be (a shared `/tmp`).
fn nested_site() -> Site {
    let site = Site::empty();
    site.write("a/b/c/config/site.yaml", CONFIG);
    site.write("a/b/c/content/a.md", POST);
    site
}

/// Files of Jekyll and Hugo that would change what the post publishes, written into `folder`.
fn plant_tool_files(site: &Site, folder: &str) {
    site.write(&format!("{folder}_config.yml"), "title: Planted\n");
    site.write(
        &format!("{folder}_data/authors.yml"),
        "ann:\n  name: Mallory\n  email: mallory@evil.example\n",
    );
    site.write(
        &format!("{folder}hugo.toml"),
        "baseURL = 'https://evil.example/'\n[params]\nx = 'EVIL'\n",
    );
}

#[test]
fn tool_files_above_the_site_root_change_nothing() {
    let clean = nested_site();
    clean.run_in("a/b/c", &["build"]);
    let expected = clean.snapshot_dir("a/b/c/public");
    // Above the site root, at every height, with no repository around the site.
    for folder in ["", "a/", "a/b/"] {
        let site = nested_site();
        plant_tool_files(&site, folder);
        let output = site.run_in("a/b/c", &["build", "-v"]);
        assert!(output.status.success(), "{}", stderr(&output));
        assert_eq!(
            site.snapshot_dir("a/b/c/public"),
            expected,
            "planted in `{folder}`"
        );
        let feed = site.read("a/b/c/public/feed.xml");
        assert!(
            !feed.contains("Mallory") && !feed.contains("EVIL"),
            "{feed}"
        );
        assert!(!stderr(&output).contains("rules"), "{}", stderr(&output));
    }
}

#[test]
fn the_repository_root_is_the_edge_and_its_tool_files_are_read() {
    // A Jekyll site whose feedsmith config sits in a folder of its own, the content beside it.
    let site = Site::empty();
    plant_tool_files(&site, "");
    std::fs::create_dir(site.path("repo/.git")).unwrap_or_else(|_| {
        std::fs::create_dir_all(site.path("repo/.git")).unwrap();
    });
    site.write("repo/_config.yml", "title: Mine\nrepository: me/blog\n");
    site.write(
        "repo/_data/authors.yml",
        "ann:\n  name: Ann Example\n  email: ann@example.com\n",
    );
    site.write(
        "repo/feeds/config/site.yaml",
        &format!("{CONFIG}content_dir: ../_posts\n"),
    );
    site.write("repo/_posts/2024-01-01-a.md", POST);
    let output = site.run_in("repo/feeds", &["build", "-v"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let feed = site.read("repo/feeds/public/feed.xml");
    assert!(feed.contains("Ann Example"), "{feed}");
    assert!(!feed.contains("Mallory"), "{feed}");
    let real = site.path("repo").canonicalize().unwrap();
    assert!(
        stderr(&output).contains(&format!(
            "note: posts read by Jekyll's rules, with its files `{}`, `{}`",
            real.join("_config.yml").display(),
            real.join("_data/authors.yml").display()
        )),
        "{}",
        stderr(&output)
    );
    let json = site.run_in("repo/feeds", &["build", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(report["tool"], "Jekyll");
    assert_eq!(
        report["tool_files"],
        serde_json::json!([
            real.join("_config.yml").display().to_string(),
            real.join("_data/authors.yml").display().to_string()
        ])
    );
}

/// A `.git` someone else owns, above a site without a repository of its own, makes no
/// repository root of that folder, as git itself refuses it ("dubious ownership").
#[cfg(unix)]
#[test]
fn a_repository_of_another_owner_is_not_the_sites() {
    let site = nested_site();
    plant_tool_files(&site, "");
    std::fs::create_dir(site.path(".git")).unwrap();
    let stranger = 4242;
    if let Err(err) = std::os::unix::fs::chown(site.path(".git"), Some(stranger), None) {
        // Giving a folder away takes root, which CI has; a developer's run says it skipped.
        crate::support::skip(&format!(
            "giving `.git` to another owner needs root ({err})"
        ));
        return;
    }
    let output = site.run_in("a/b/c", &["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let feed = site.read("a/b/c/public/feed.xml");
    assert!(
        !feed.contains("Mallory") && !feed.contains("EVIL"),
        "{feed}"
    );
}

#[test]
fn a_tool_file_that_does_not_parse_is_an_error_at_its_line_and_column() {
    for (file, text, expected) in [
        (
            "_data/authors.yml",
            "ann:\n  name: [Ann\n",
            "error: _data/authors.yml:2:9: unclosed bracket",
        ),
        ("_config.yml", "title: A\n  b: c\n", "error: _config.yml:2:"),
        (
            "hugo.toml",
            "baseURL = 'https://x/'\n[params\n",
            "error: hugo.toml:2:",
        ),
        (
            "config/_default/params.toml",
            "x = \n",
            "error: config/_default/params.toml:1:",
        ),
        (
            "_data/authors.yml",
            "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n",
            "error: _data/authors.yml:",
        ),
    ] {
        let site = Site::with(CONFIG, &[("a.md", POST)]);
        std::fs::create_dir(site.path(".git")).unwrap();
        match file.starts_with("_") {
            true => site.write("_config.yml", "title: A\n"),
            false => site.write("config/_default/hugo.toml", "baseURL = 'https://x/'\n"),
        }
        site.write(file, text);
        let output = site.run(&["build"]);
        assert_eq!(output.status.code(), Some(1), "{file}: {}", stderr(&output));
        let real = site.dir.path().canonicalize().unwrap();
        let shown = headlines(&stderr(&output)).replace(&format!("{}/", real.display()), "");
        assert!(shown.starts_with(expected), "{file}: {shown}");
        assert!(!site.path("public").exists(), "{file}: nothing written");
    }
}

/// A config whose custom feeds are the two `folders`, each holding every post.
fn custom_feeds(folders: &[&str]) -> String {
    let feeds: String = folders
        .iter()
        .enumerate()
        .map(|(i, folder)| format!("  - name: f{i}\n    folder: \"{folder}\"\n    title: F{i}\n"))
        .collect();
    format!("{CONFIG}custom_feeds:\n{feeds}")
}

const TAGGED: &str = "---\ntitle: A\ndate: 2024-01-01\ndescription: d\ntags: [x]\n---\nBody\n";

#[test]
fn two_outputs_that_any_common_file_system_takes_for_one_file_are_an_error() {
    for (config, expected) in [
        // Empty and `.` segments: one path however it is written.
        (
            custom_feeds(&["feeds/c", "feeds//c"]),
            "error: config/site.yaml:9:13: two outputs are one file: `feeds/c/feed.xml` (the custom feed `f1`, config line 9, column 13) and `feeds/c/feed.xml` (the custom feed `f0`, config line 6, column 13)",
        ),
        (
            custom_feeds(&["feeds/./c/", "/feeds/c"]),
            "error: config/site.yaml:9:13: two outputs are one file: `feeds/c/feed.xml` (the custom feed `f1`",
        ),
        // A tag folder and a custom feed that meet.
        (
            format!(
                "{}tag_feeds:\n  folder: \"topics//{{slug}}\"\n",
                custom_feeds(&["topics/x"])
            ),
            "error: config/site.yaml:6:13: two outputs are one file: `topics/x/feed.xml` (the custom feed `f0`, config line 6, column 13) and `topics/x/feed.xml` (the feed of tag \"x\", config line 9, column 11)",
        ),
        // Case: one file spelled two ways, one folder spelled two ways.
        (
            custom_feeds(&["News", "news"]),
            "error: config/site.yaml:9:13: two outputs differ only in case or Unicode form, and case-insensitive file systems (macOS, Windows, much hosting) make them one file: `news/feed.xml` (the custom feed `f1`, config line 9, column 13) and `News/feed.xml` (the custom feed `f0`, config line 6, column 13)",
        ),
        (
            format!(
                "{CONFIG}feeds:\n  rss: {{file: News/rss.xml}}\n{}",
                custom_feeds(&["news"]).trim_start_matches(CONFIG)
            ),
            "two outputs are in one folder spelled two ways, and case-insensitive file systems (macOS, Windows, much hosting) make them one: `news/feed.xml` (the custom feed `f0`",
        ),
        (
            format!("{CONFIG}feeds:\n  atom: {{file: Feed.JSON}}\n"),
            "error: config/site.yaml:5:16: two outputs differ only in case or Unicode form, and case-insensitive file systems (macOS, Windows, much hosting) make them one file: `feed.json` (the main feed, a default path) and `Feed.JSON` (the main feed, config line 5, column 16)",
        ),
        // Unicode: "é" composed, and as `e` with a combining accent.
        (
            custom_feeds(&["caf\u{e9}", "cafe\u{301}"]),
            "two outputs are one file: `caf\u{e9}/feed.xml` (the custom feed `f1`",
        ),
        // A file where another output needs a folder.
        (
            format!("{CONFIG}opml:\n  file: tags/x\n"),
            "error: config/site.yaml:5:9: two outputs need one name as a file and as a folder: `tags/x` (the OPML list of feeds, config line 5, column 9) and `tags/x` (the feed of tag \"x\", a default path)",
        ),
    ] {
        let site = Site::with(CONFIG, &[("a.md", TAGGED)]);
        site.build(&[]);
        let before = site.snapshot_dir("public");
        site.write("config/site.yaml", &config);
        let output = site.run(&["build"]);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{config}\n{}",
            stderr(&output)
        );
        let shown = headlines(&stderr(&output));
        assert!(shown.contains(expected), "{config}\n{shown}");
        assert_eq!(
            site.snapshot_dir("public"),
            before,
            "{config}: nothing changed"
        );
    }
}

#[test]
fn paths_written_two_ways_are_written_once_in_one_spelling() {
    let site = Site::with(&custom_feeds(&["feeds//c/./"]), &[("a.md", TAGGED)]);
    site.build(&[]);
    assert!(site.path("public/feeds/c/feed.xml").is_file());
    let opml = site.read("public/feeds.opml");
    assert!(
        opml.contains("https://example.com/feeds/c/feed.xml"),
        "{opml}"
    );
    assert!(!opml.contains("feeds//c"), "{opml}");
}

#[test]
fn names_feedsmith_keeps_for_itself_are_refused_wherever_a_path_is_named() {
    for (config, expected) in [
        (
            custom_feeds(&[".feedsmith-replaced-x"]),
            "error: config/site.yaml:6:13: custom feed `f0`: folder \".feedsmith-replaced-x\" names `.feedsmith-replaced-x`: names starting with `.feedsmith` are feedsmith's own",
        ),
        (
            custom_feeds(&["feeds/.FeedSmith-staging-1"]),
            "names `.FeedSmith-staging-1`",
        ),
        (
            format!(
                "{CONFIG}languages:\n  - en\n  - {{code: fr, prefix: .feedsmith-replaced-y}}\n"
            ),
            "prefix \".feedsmith-replaced-y\" names `.feedsmith-replaced-y`",
        ),
        (
            format!("{CONFIG}opml:\n  file: .feedsmith-manifest\n"),
            "error: config/site.yaml:5:9: output file \".feedsmith-manifest\" names `.feedsmith-manifest`",
        ),
        (
            format!("{CONFIG}tag_feeds:\n  folder: \".feedsmith-replaced-{{slug}}\"\n"),
            "names `.feedsmith-replaced-{slug}`",
        ),
        (
            format!("{CONFIG}output_dir: out/.feedsmith-replaced-z\n"),
            "error: `out/.feedsmith-replaced-z` is named as feedsmith names its own folders",
        ),
    ] {
        let site = Site::with(&config, &[("a.md", TAGGED)]);
        let output = site.run(&["build"]);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{config}\n{}",
            stderr(&output)
        );
        let shown = headlines(&stderr(&output));
        assert!(shown.contains(expected), "{config}\n{shown}");
        // And the next build of a good config is not refused.
        site.write("config/site.yaml", CONFIG);
        site.build(&[]);
    }
    let site = Site::with(CONFIG, &[("a.md", TAGGED)]);
    let output = site.run(&["build", "--out", "public/.feedsmith-replaced-q"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
}
