//! The README's smaller promises, one test each: output flags, the warning cap, permalink
//! placeholders, field aliases, and the errors it lists that no other module covers.

use crate::support::{Site, stderr, stdout};

/// A site whose config is `config` and whose posts are `posts` (name, text).
fn site(config: &str, posts: &[(&str, &str)]) -> Site {
    let site = Site::empty();
    site.write("config/site.yaml", config);
    for (name, text) in posts {
        site.write(&format!("content/{name}"), text);
    }
    site
}

const CONFIG: &str = "title: T\ndescription: D\nbase_url: https://example.com/\n";

/// `n` posts without a description: one warning each.
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

#[test]
fn twenty_warnings_are_shown_then_a_count_and_verbose_shows_all() {
    let site = with_posts(CONFIG, &undescribed(23));
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
        "error: content/a.md:4:5: `id` \"post-1\" must be an absolute URI such as `urn:uuid:…` or `tag:example.com,2024:post-1`, as Atom requires\n 4 | id: post-1\n   |     ^\n"
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
        "error: config/site.yaml: two outputs are configured to write the same file `feed.xml`\n"
    );
    assert!(!site.path("public").exists());
}
