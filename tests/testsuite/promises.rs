//! The README's smaller promises, one test each: output flags, the warning cap, permalink
//! placeholders, field aliases, and the errors it lists that no other module covers.

use crate::support::{CONFIG, Site, stderr, stdout};

/// A site whose config is `config` and whose posts are `posts` (name, text).
fn site(config: &str, posts: &[(&str, &str)]) -> Site {
    Site::with(config, posts)
}

/// `n` posts without a description: no warning, one note for them all.
fn undescribed(n: usize) -> Vec<(String, String)> {
    (0..n)
        .map(|i| {
            (
                format!("p{i:02}.md"),
                format!("---\ntitle: P{i}\ndate: 2024-01-01\n---\nBody\n"),
            )
        })
        .collect()
}

fn with_posts(config: &str, posts: &[(String, String)]) -> Site {
    let posts: Vec<(&str, &str)> = posts
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    site(config, &posts)
}

#[test]
fn quiet_prints_nothing_on_success_and_verbose_lists_every_feed() {
    let site = with_posts(CONFIG, &undescribed(1));
    let quiet = site.build(&["--quiet"]);
    assert_eq!(stdout(&quiet), "");
    let verbose = site.build(&["--verbose"]);
    let text = stdout(&verbose);
    assert!(
        text.contains("  T (RSS): https://example.com/feed.xml\n")
            && text.contains("  T (Atom): https://example.com/atom.xml\n")
            && text.contains("  T (JSON Feed): https://example.com/feed.json\n"),
        "{text}"
    );
}

/// `n` posts whose cover image is missing from the static folder: one warning each.
fn missing_covers(n: usize) -> Vec<(String, String)> {
    (0..n)
        .map(|i| {
            (
                format!("p{i:02}.md"),
                format!(
                    "---\ntitle: P{i}\ndate: 2024-01-01\ndescription: d\ncoverImage: /img/{i}.jpg\n---\nBody\n"
                ),
            )
        })
        .collect()
}

#[test]
fn twenty_warnings_are_shown_then_a_count_and_verbose_shows_all() {
    let config = format!("{CONFIG}static_dir: static\n");
    let site = with_posts(&config, &missing_covers(23));
    let output = site.build(&[]);
    let text = stderr(&output);
    let warnings: Vec<&str> = text.lines().filter(|l| l.starts_with("warning:")).collect();
    assert_eq!(warnings.len(), 21);
    assert_eq!(
        warnings[20],
        "warning: … and 3 more warnings (--verbose shows them all)"
    );
    let all = site.build(&["--verbose"]);
    assert_eq!(
        stderr(&all)
            .lines()
            .filter(|l| l.starts_with("warning:"))
            .count(),
        23
    );
}

#[test]
fn posts_without_a_description_are_one_note_not_warnings() {
    let site = with_posts(CONFIG, &undescribed(3));
    let output = site.build(&["--deny-warnings"]);
    assert_eq!(
        stderr(&output),
        "note: 3 posts have no `description`; feeds show the first 280 characters of each instead (--verbose lists them)\n"
    );
    assert!(!stdout(&output).contains("warning"), "{}", stdout(&output));
    let verbose = site.build(&["--verbose"]);
    assert_eq!(
        stderr(&verbose),
        "note: 3 posts have no `description`; feeds show the first 280 characters of each instead:\n\
         note:   content/p00.md\nnote:   content/p01.md\nnote:   content/p02.md\n"
    );
    assert_eq!(stderr(&site.build(&["--quiet"])), "");
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&site.build(&["--format", "json"]))).unwrap();
    assert_eq!(
        json["without_description"],
        serde_json::json!(["content/p00.md", "content/p01.md", "content/p02.md"])
    );
}

#[test]
fn scheduled_posts_are_counted_in_the_summary_not_warned_about() {
    let later = "---\ntitle: Later\ndate: 2099-01-01\ndescription: d\n---\nSoon\n".to_string();
    let now = "---\ntitle: Now\ndate: 2024-01-01\ndescription: d\n---\nHi\n".to_string();
    let site = with_posts(
        CONFIG,
        &[("later.md".into(), later), ("now.md".into(), now)],
    );
    let output = site.build(&["--deny-warnings"]);
    assert_eq!(stderr(&output), "");
    assert!(
        stdout(&output).starts_with("feedsmith: read 2 posts, published 1 (1 scheduled skipped);"),
        "{}",
        stdout(&output)
    );
    let verbose = site.build(&["--verbose"]);
    assert_eq!(
        stderr(&verbose),
        "note: scheduled for 2099-01-01T00:00:00+00:00: content/later.md (--future includes it)\n"
    );
}

#[test]
fn messages_off_a_terminal_are_plain_text() {
    let site = with_posts(CONFIG, &undescribed(1));
    let output = site.build(&[]);
    assert!(
        !stderr(&output).contains('\u{1b}'),
        "no escape codes off a terminal"
    );
}

#[test]
fn month_and_day_placeholders() {
    let site = site(
        &format!("{CONFIG}permalink: \"/{{year}}/{{month}}/{{day}}/{{slug}}/\"\n"),
        &[(
            "a.md",
            "---\ntitle: A\ndate: 2024-03-07\ndescription: d\n---\n",
        )],
    );
    site.build(&[]);
    let feed = site.parse_feed("public/atom.xml");
    assert_eq!(
        feed.entries[0].links[0].href,
        "https://example.com/2024/03/07/a/"
    );
}

#[test]
fn cover_image_aliases() {
    for key in [
        "coverImage",
        "cover_image",
        "image",
        "cover",
        "heroImage",
        "featured_image",
    ] {
        let site = site(
            CONFIG,
            &[(
                "a.md",
                &format!("---\ntitle: A\ndate: 2024-01-01\ndescription: d\n{key}: /c.png\n---\n"),
            )],
        );
        site.build(&[]);
        assert!(
            site.read("public/feed.xml")
                .contains("<media:content url=\"https://example.com/c.png\" medium=\"image\"/>"),
            "{key}"
        );
    }
}

#[test]
fn an_id_that_is_not_an_absolute_uri_is_an_error() {
    let site = site(
        CONFIG,
        &[("a.md", "---\ntitle: A\ndate: 2024-01-01\nid: post-1\n---\n")],
    );
    let output = site.run(&["build"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        "error: `id` \"post-1\" must be an absolute URI such as `urn:uuid:…` or `tag:example.com,2024:post-1`, as Atom requires\n --> content/a.md:4:5\n  |\n4 | id: post-1\n  |     ^\n"
    );
}

#[test]
fn two_outputs_on_one_path_is_a_config_error() {
    let site = site(
        &format!("{CONFIG}feeds:\n  atom: {{file: feed.xml}}\n"),
        &[("a.md", "---\ntitle: A\ndate: 2024-01-01\n---\n")],
    );
    let output = site.run(&["build"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        "error: two outputs are configured to write the same file `feed.xml`\n --> config/site.yaml\n"
    );
    assert!(!site.path("public").exists());
}

#[test]
fn color_follows_the_flag_and_an_empty_no_color_is_unset() {
    let config = format!("{CONFIG}static_dir: static\n");
    let site = with_posts(&config, &missing_covers(1));
    let colored = |args: &[&str], no_color: Option<&str>| {
        let mut all = vec!["build"];
        all.extend_from_slice(args);
        let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin!("feedsmith"));
        command
            .args(&all)
            .current_dir(site.path(""))
            .env_remove("NO_COLOR");
        if let Some(value) = no_color {
            command.env("NO_COLOR", value);
        }
        let output = command.output().unwrap();
        assert!(output.status.success());
        String::from_utf8_lossy(&output.stderr).contains("\u{1b}[1;33mwarning\u{1b}[0m:")
    };
    assert!(colored(&["--color", "always"], None));
    assert!(colored(&["--color", "always"], Some("1")), "the flag wins");
    assert!(!colored(&["--color", "never"], None));
    // Off a terminal `auto` never colours, whatever NO_COLOR says.
    assert!(!colored(&[], Some("")));
    assert!(!colored(&["-vv"], None), "-vv is -v");
}

#[test]
fn the_check_hint_repeats_the_flags_that_were_used() {
    let draft =
        "---\ntitle: D\ndate: 2024-01-01\ndescription: d\ndraft: true\n---\nx\n".to_string();
    let site = with_posts(CONFIG, &[("d.md".into(), draft)]);
    site.build(&["--drafts", "--out", "my out"]);
    site.write(
        "content/d.md",
        "---\ntitle: D2\ndate: 2024-01-01\ndescription: d\ndraft: true\n---\ny\n",
    );
    let output = site.run(&["build", "--check", "--drafts", "--out", "my out"]);
    assert_eq!(output.status.code(), Some(3));
    assert!(
        stderr(&output).ends_with("out of date; run `feedsmith build --out 'my out' --drafts`\n"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn completions_and_a_man_page() {
    let site = Site::empty();
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let output = site.run(&["completions", shell]);
        assert!(output.status.success(), "{shell}");
        let script = stdout(&output);
        assert!(
            script.contains("feedsmith") && script.contains("deny-warnings"),
            "{shell}"
        );
    }
    let man = site.run(&["man"]);
    assert!(man.status.success());
    let page = stdout(&man);
    assert!(
        page.contains(".TH feedsmith 1") && page.contains("init"),
        "{page}"
    );
}
