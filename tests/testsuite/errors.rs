//! Bad input: exit 1, a message naming the file and line, and previous outputs untouched.
//! Error text is a contract, so it is compared whole.

use crate::support::{CONFIG, Site, headlines, stderr};

/// A site with the minimal config and the given posts.
fn site_with(posts: &[(&str, &str)]) -> Site {
    Site::with(CONFIG, posts)
}

fn fails_with(site: &Site, expected: &str) {
    let output = site.run(&["build"]);
    assert_eq!(output.status.code(), Some(1), "stderr: {}", stderr(&output));
    assert_eq!(stderr(&output), expected);
    assert!(
        !site.path("public").exists(),
        "nothing may be written on failure"
    );
}

#[test]
fn a_missing_date_is_an_error_naming_every_place_a_date_may_be() {
    let site = site_with(&[("a.md", "---\ndescription: x\n---\nbody\n")]);
    fails_with(
        &site,
        "error: missing date: no `date`, `publishDate`, `pubDate` or `published` field, no YYYY-MM-DD- prefix in the name \"a\", and no `path`, `url` or `permalink` with YYYY/MM/DD; a page that is not a post (an About page) belongs in the config's `exclude`\n \
         --> content/a.md:1:1\n  |\n1 | ---\n  | ^\n  = help: add a line `date: 2024-10-31` (the post's date) to the front matter\n",
    );
}

/// Jekyll's rule: a post without a title takes its file name's words, the date prefix left
/// out, each capitalised, whatever the alphabet.
#[test]
fn a_post_without_a_title_takes_its_file_names_words() {
    let site = site_with(&[
        (
            "2024-03-05-my_first-post.md",
            "---\ndescription: x\n---\nbody\n",
        ),
        ("élan vital.md", "---\ndate: 2024-03-04\n---\nbody\n"),
    ]);
    let output = site.run(&["build"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let feed: serde_json::Value =
        serde_json::from_slice(&std::fs::read(site.path("public/feed.json")).unwrap()).unwrap();
    let titles: Vec<&str> = feed["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["My First Post", "Élan Vital"]);
}

#[test]
fn invalid_date() {
    let site = site_with(&[("a.md", "---\ntitle: A\ndate: 2024-13-45\n---\n")]);
    fails_with(
        &site,
        "error: `date`: \"2024-13-45\" is not a valid date (expected YYYY-MM-DD, YYYY-MM-DD HH:MM[:SS] [±HH:MM], RFC 3339 such as 2024-10-31T09:30:00+02:00, RFC 2822, or 31 Oct 2024 / October 31, 2024)\n \
         --> content/a.md:3:7\n  |\n3 | date: 2024-13-45\n  |       ^\n  = help: write the date as YYYY-MM-DD, e.g. `date: 2024-10-31`\n",
    );
}

#[test]
fn malformed_yaml() {
    let site = site_with(&[(
        "a.md",
        "---\ntitle: A\ndate: 2024-01-01\ntags: [a, b\n---\n",
    )]);
    let output = site.run(&["build"]);
    assert_eq!(output.status.code(), Some(1));
    let text = headlines(&stderr(&output));
    assert!(text.starts_with("error: content/a.md:"), "{text}");
    // The line is in the file's numbering, not the YAML block's.
    let line: u64 = text.split(':').nth(2).unwrap().parse().unwrap();
    assert!((4..=5).contains(&line), "{text}");
}

#[test]
fn wrong_type_names_the_line() {
    let site = site_with(&[(
        "a.md",
        "---\ntitle: A\ndate: 2024-01-01\ntags: {a: b}\n---\n",
    )]);
    let output = site.run(&["build"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        headlines(&stderr(&output)).starts_with("error: content/a.md:4:7: "),
        "{}",
        stderr(&output)
    );
}

#[test]
fn duplicate_slugs_name_both_files() {
    let site = site_with(&[
        ("a/post.md", "---\ntitle: A\ndate: 2024-01-01\n---\n"),
        (
            "b/other.md",
            "---\ntitle: B\ndate: 2024-01-02\nslug: post\n---\n",
        ),
    ]);
    fails_with(
        &site,
        "error: URL https://example.com/blog/post/ is already used by `content/a/post.md`; set a different `slug:` (or `path`/`url`) in one of them\n --> content/b/other.md\n",
    );
}

#[test]
fn every_bad_post_is_reported_in_one_run() {
    let site = site_with(&[
        ("a.md", "---\ntitle: A\n---\n"),
        ("b.md", "no front matter\n"),
        ("c.md", "---\ntitle: C\ndate: 2024-01-01\n---\nfine\n"),
    ]);
    fails_with(
        &site,
        "error: missing date: no `date`, `publishDate`, `pubDate` or `published` field, no YYYY-MM-DD- prefix in the name \"a\", and no `path`, `url` or `permalink` with YYYY/MM/DD; a page that is not a post (an About page) belongs in the config's `exclude`\n \
         --> content/a.md:1:1\n  |\n1 | ---\n  | ^\n  = help: add a line `date: 2024-10-31` (the post's date) to the front matter\n\
         error: missing front matter: a post starts with YAML between `---` lines, TOML between `+++` lines, or a JSON object `{ … }`\n \
         --> content/b.md:1:1\n  |\n1 | no front matter\n  | ^\n\
         2 problems found\n",
    );
}

#[test]
fn config_errors_name_the_key_and_line() {
    let cases = [
        (
            "title: T\ndescription: D\nbase_url: https://e.com/\ncolour: red\n",
            "error: config/site.yaml:4:1: unknown key `colour`",
        ),
        (
            "title: T\ndescription: D\nbase_url: /blog/\n",
            "error: config/site.yaml:3:11: base_url \"/blog/\" is not an absolute URL",
        ),
        (
            "title: T\ndescription: D\nbase_url: https://e.com/\ntimezone: Mars/Olympus\n",
            "error: config/site.yaml:4:11: unknown time zone \"Mars/Olympus\"",
        ),
        (
            "title: T\ndescription: D\nbase_url: https://e.com/\nlanguage: en_US\n",
            "error: config/site.yaml:4:11: language \"en_US\" is not a BCP 47 tag: use `-`, as in \"en-US\"",
        ),
        (
            "title: T\ndescription: D\nbase_url: https://e.com/\npermalink: /blog/{name}/\n",
            "error: config/site.yaml:4:12: permalink \"/blog/{name}/\" uses unknown placeholder `{name}`",
        ),
        (
            "title: T\ndescription: D\nbase_url: https://e.com/\nfeeds:\n  rss:\n    file: ../../etc/passwd\n",
            "error: config/site.yaml:6:11: output file \"../../etc/passwd\" must stay inside the output folder (no `..`)",
        ),
    ];
    for (config, expected) in cases {
        let site = Site::empty();
        site.write("config/site.yaml", config);
        site.write("content/a.md", "---\ntitle: A\ndate: 2024-01-01\n---\n");
        let output = site.run(&["build"]);
        assert_eq!(output.status.code(), Some(1), "{config}");
        assert!(
            headlines(&stderr(&output)).starts_with(expected),
            "{config}\n{}",
            stderr(&output)
        );
    }
}

#[test]
fn a_missing_config_file_is_named() {
    let site = Site::empty();
    let output = site.run(&["build", "--config", "nope.yaml"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).starts_with("error: failed to read `nope.yaml`: "),
        "{}",
        stderr(&output)
    );
}

#[test]
fn usage_errors_exit_2() {
    let site = Site::empty();
    assert_eq!(
        site.run(&["build", "--no-such-flag"]).status.code(),
        Some(2)
    );
    assert_eq!(site.run(&[]).status.code(), Some(2));
}

#[test]
fn a_failed_build_leaves_previous_outputs_byte_for_byte() {
    let site = site_with(&[("a.md", "---\ntitle: A\ndate: 2024-01-01\n---\n")]);
    site.build(&[]);
    let before = site.snapshot_dir("public");
    site.write(
        "content/a.md",
        "---\ntitle: A changed\ndate: 2024-01-01\n---\n",
    );
    site.write("content/b.md", "---\ntitle: B\ndate: nope\n---\n");
    assert_eq!(site.run(&["build"]).status.code(), Some(1));
    assert_eq!(site.snapshot_dir("public"), before);
}

/// The first error (or warning) block of a run, rustc-style, as printed.
fn report(site: &Site) -> String {
    stderr(&site.run(&["build"]))
}

#[test]
fn errors_say_how_to_fix_in_the_users_terms() {
    let post = |front: &str| site_with(&[("a.md", &format!("---\n{front}\n---\nbody\n"))]);
    let cases: [(Site, &[&str]); 5] = [
        (
            post("title: Rust: a story\ndate: 2024-01-01"),
            &[
                "error: a value holding `: ` must be quoted\n --> content/a.md:2:12\n",
                "  = help: quote a value that holds `: `: `title: \"Rust: a story\"`\n",
            ],
        ),
        (
            post("title: A\ntitle: B\ndate: 2024-01-01"),
            &[
                "error: `title` is given twice\n --> content/a.md:3:1\n",
                "  = help: keep one `title:` line\n",
            ],
        ),
        (
            post("title: A\ndate: 31/10/2024"),
            &["  = help: write the date as YYYY-MM-DD: `date: 2024-10-31`\n"],
        ),
        (
            post("title: A\ndate: 2024-01-01\ntags: rust\nexcerpt: [x]"),
            &["error: `excerpt` must be text, not a list\n"],
        ),
        (
            post(
                "title: A\ndate: 2024-01-01\nx: &a [1,1,1,1,1,1,1,1,1,1]\ny: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nz: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nw: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\nv: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nu: [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]",
            ),
            &[
                "error: this YAML expands too far: aliases that multiply (an \"alias bomb\") are rejected\n",
            ],
        ),
    ];
    for (site, expected) in cases {
        let text = report(&site);
        for part in expected {
            assert!(text.contains(part), "{part:?} missing from:\n{text}");
        }
        // No parser type or option names reach the user.
        for word in ["Options", "Policy", "Nodes {", "DuplicateKey", "serde"] {
            assert!(!text.contains(word), "{word} in:\n{text}");
        }
    }
}

#[test]
fn config_errors_name_every_missing_key_and_suggest_the_right_name() {
    let site = site_with(&[("a.md", "---\ntitle: A\ndate: 2024-01-01\n---\n")]);
    site.write("config/site.yaml", "title: T\n");
    assert_eq!(
        report(&site),
        "error: missing keys `description`, `base_url`\n --> config/site.yaml:1:1\n  |\n1 | title: T\n  | ^\n  = help: add at the top level: description: \"What the site is about\" / base_url: \"https://example.com/\"\n"
    );
    site.write(
        "config/site.yaml",
        "title: T\ndescription: D\nbase_ulr: https://e.com/\n",
    );
    assert!(
        report(&site).contains("error: missing key `base_url`\n")
            && report(&site).contains("  = help: rename `base_ulr` to `base_url`\n"),
        "{}",
        report(&site)
    );
    site.write("config/site.yaml", &format!("{CONFIG}feeds:\n  limt: 3\n"));
    assert_eq!(
        report(&site),
        "error: unknown key `limt`\n --> config/site.yaml:5:3\n  |\n5 |   limt: 3\n  |   ^\n  = help: did you mean `limit`?\n"
    );
    site.write("config/site.yaml", &format!("{CONFIG}exclude: drafts\n"));
    assert!(
        report(&site).starts_with("error: `exclude` must be a list\n --> config/site.yaml:4:10\n"),
        "{}",
        report(&site)
    );
}

#[test]
fn misspelled_front_matter_keys_are_warnings_other_keys_are_fine() {
    let site = site_with(&[(
        "a.md",
        "---\ntitle: A\ndate: 2024-01-01\ntgas: [rust]\ndescripton: Hi\nlayout: post\nweight: 3\n---\nbody\n",
    )]);
    let output = site.build(&[]);
    let text = headlines(&stderr(&output));
    assert_eq!(
        text,
        "warning: content/a.md:4:1: front-matter key `tgas` is not one feedsmith reads, and is left out\n\
         warning: content/a.md:5:1: front-matter key `descripton` is not one feedsmith reads, and is left out\n\
         note: 1 post has no `description`; feeds show the first 280 characters of it instead (--verbose lists them)\n"
    );
    assert!(stderr(&output).contains("  = help: did you mean `tags`?\n"));
    assert!(stderr(&output).contains("  = help: did you mean `description`?\n"));
}

#[test]
fn config_values_of_the_wrong_shape_name_the_key_without_parser_words() {
    let cases = [
        (
            "author: {email: x@y.z}",
            "error: `author` must be a name, or a map with `name` (and `email`, `url`)\n",
        ),
        (
            "author:\n  email: x@y.z",
            "error: `author` must be a name, or a map with `name` (and `email`, `url`)\n",
        ),
        (
            "feeds: {limit: abc}",
            "error: `limit` must be a whole number, 0 or more\n",
        ),
        (
            "sitemap: yes",
            "error: `sitemap` must be a map of settings\n",
        ),
        ("websub: {hubs: x}", "error: `hubs` must be a list\n"),
        (
            "feeds: {rss: {enabled: maybe}}",
            "error: `enabled` must be `true` or `false`\n",
        ),
    ];
    for (extra, expected) in cases {
        let site = site_with(&[("a.md", "---\ntitle: A\ndate: 2024-01-01\n---\n")]);
        site.write("config/site.yaml", &format!("{CONFIG}{extra}\n"));
        let text = report(&site);
        assert!(text.starts_with(expected), "{extra}:\n{text}");
        assert!(text.contains("  = help: "), "{extra}:\n{text}");
        for word in [
            "RawPerson",
            "untagged",
            "u64",
            "usize",
            "strict mode",
            "mapping start",
        ] {
            assert!(!text.contains(word), "{word} in:\n{text}");
        }
    }
}

/// A file named by raw bytes (`name` relative to the content folder), as a Latin-1 system
/// or an unpacked archive leaves it.
#[cfg(unix)]
fn write_raw(site: &Site, name: &[u8], text: &str) {
    use std::os::unix::ffi::OsStrExt;
    let path = site.path("content").join(std::ffi::OsStr::from_bytes(name));
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[cfg(unix)]
#[test]
fn a_post_whose_name_is_not_utf8_is_an_error_naming_each_one() {
    const POST: &str = "---\ntitle: A\ndate: 2024-01-01\ndescription: d\n---\n";
    let site = site_with(&[("a.md", POST)]);
    site.build(&[]);
    let before = site.snapshot_dir("public");
    write_raw(&site, b"caf\xe9.md", POST);
    write_raw(&site, b"r\xe9sum\xe9/index.MD", POST);
    write_raw(&site, b"deep/\xff\xfe.markdown", POST);
    let output = site.run(&["build"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        headlines(&stderr(&output)),
        "error: content/caf\u{FFFD}.md: `caf\\xE9.md` is not valid UTF-8, and a post's file and folder names make its URL\n\
         error: content/deep/\u{FFFD}\u{FFFD}.markdown: `deep/\\xFF\\xFE.markdown` is not valid UTF-8, and a post's file and folder names make its URL\n\
         error: content/r\u{FFFD}sum\u{FFFD}/index.MD: `r\\xE9sum\\xE9/index.MD` is not valid UTF-8, and a post's file and folder names make its URL\n\
         3 problems found\n"
    );
    assert!(stderr(&output).contains("= help: rename it in UTF-8"));
    assert_eq!(site.snapshot_dir("public"), before, "nothing written");
}

#[cfg(unix)]
#[test]
fn files_the_walk_cannot_read_as_posts_are_named_in_a_warning() {
    const POST: &str = "---\ntitle: A\ndate: 2024-01-01\ndescription: d\n---\n";
    let site = site_with(&[("a.md", POST)]);
    write_raw(&site, b"img/photo-\xff.jpg", "not a post");
    let status = std::process::Command::new("mkfifo")
        .arg(site.path("content/pipe.md"))
        .status()
        .unwrap();
    assert!(status.success());
    let _socket = std::os::unix::net::UnixListener::bind(site.path("content/sock.md")).unwrap();
    // A device node needs the right to make one (root outside a container); the FIFO and the
    // socket stand for the class where it is missing.
    let device = std::process::Command::new("mknod")
        .arg(site.path("content/null.md"))
        .args(["c", "1", "3"])
        .status()
        .is_ok_and(|status| status.success());
    let output = site.build(&[]);
    let mut expected = vec![
        "warning: content/img/photo-\u{FFFD}.jpg: skipped: `img/photo-\\xFF.jpg` is not valid UTF-8, so no post can name this file".to_string(),
    ];
    if device {
        expected.push(
            "warning: content/null.md: skipped: a device, not a file that can hold a post".into(),
        );
    }
    expected.push(
        "warning: content/pipe.md: skipped: a named pipe (FIFO), not a file that can hold a post"
            .into(),
    );
    expected.push(
        "warning: content/sock.md: skipped: a socket, not a file that can hold a post".into(),
    );
    let warnings: Vec<String> = headlines(&stderr(&output))
        .lines()
        .filter(|line| line.starts_with("warning:"))
        .map(String::from)
        .collect();
    assert_eq!(warnings, expected);
    assert!(
        crate::support::stdout(&output).contains("read 1 post"),
        "{}",
        crate::support::stdout(&output)
    );
}

#[test]
fn every_problem_of_the_config_is_reported_in_one_run() {
    let site = site_with(&[(
        "a.md",
        "---\ntitle: A\ndate: 2024-01-01\ndescription: d\n---\n",
    )]);
    site.write(
        "config/site.yaml",
        "title: T\ndescription: D\nbase_url: https://example.com/\nlanguage: en_US\ntimezone: Mars/Olympus\npermalink: /blog/{nope}/\nsitemap: {max_urls: 0}\nopml: {file: ../x.opml}\nwebsub: {hubs: [ftp://hub]}\narchives: {page_size: 0}\ntag_slugs: {a: \"../b\"}\n",
    );
    let output = site.run(&["build"]);
    assert_eq!(output.status.code(), Some(1));
    let lines: Vec<String> = headlines(&stderr(&output))
        .lines()
        .map(|line| line.split(": ").take(2).collect::<Vec<_>>().join(": "))
        .collect();
    assert_eq!(
        lines,
        [
            "error: config/site.yaml:4:11",
            "error: config/site.yaml:5:11",
            "error: config/site.yaml:6:12",
            "error: config/site.yaml:7:21",
            "error: config/site.yaml:8:14",
            "error: config/site.yaml:9:17",
            "error: config/site.yaml:10:23",
            "error: config/site.yaml:11:16",
            "8 problems found",
        ],
        "{}",
        stderr(&output)
    );
    assert!(!site.path("public").exists());
}

/// Characters wider than a byte, other than letters and digits, just before a key's colon (a
/// byte-order mark inside a line, a no-break space, an ideographic space, an emoji, a
/// combining mark): the build explains the YAML error at its line, in the site config and in a
/// post's front matter alike, and never panics (the fuzzer found exit 101 here).
#[test]
fn a_wide_character_before_a_yaml_colon_is_an_error_not_a_crash() {
    for wide in [
        "\u{feff}",
        "\u{a0}",
        "\u{3000}",
        "\u{1F600}",
        "e\u{301}",
        "\u{2014}",
    ] {
        let line = format!("c{wide}d:e\n  x: [");
        let site = site_with(&[(
            "a.md",
            &format!("---\ntitle: A\ndate: 2024-01-01\n{line}\n---\nbody\n"),
        )]);
        let output = site.run(&["build"]);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{wide:?}: {}",
            stderr(&output)
        );
        assert!(
            headlines(&stderr(&output)).starts_with("error: content/a.md:4:"),
            "{wide:?}: {}",
            stderr(&output)
        );
        let site = Site::with(&format!("{CONFIG}{line}\n"), &[]);
        let output = site.run(&["build"]);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{wide:?}: {}",
            stderr(&output)
        );
        assert!(
            headlines(&stderr(&output)).starts_with("error: config/site.yaml:4:"),
            "{wide:?}: {}",
            stderr(&output)
        );
    }
}
