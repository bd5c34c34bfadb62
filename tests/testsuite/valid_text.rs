//! Every text valid and every summary readable, driving the binary: dates in zones whose
//! offset had seconds, characters no output may hold however they are written (raw, by a
//! character reference, by a YAML escape in the config), email autolinks, empty image
//! sources, summaries of Chinese and Japanese text, tables and HTML blocks, and one category
//! per tag.

use crate::schemas::validate_outputs;
use crate::support::{CONFIG, Site, stderr};

fn post(front: &str, body: &str) -> String {
    format!("---\ntitle: P\ndate: 2024-01-01\n{front}---\n{body}\n")
}

/// Every output file of the site, with its text.
fn outputs(site: &Site) -> Vec<(String, String)> {
    site.snapshot_dir("public")
        .into_iter()
        .filter(|(name, _)| !name.starts_with(".feedsmith"))
        .map(|(name, bytes)| (name, String::from_utf8(bytes).unwrap()))
        .collect()
}

#[test]
fn offsets_with_seconds_are_written_in_whole_minutes() {
    for (zone, date, offset) in [
        ("Africa/Monrovia", "1970-06-01 12:00", "-00:45"),
        ("America/New_York", "1880-03-01 09:30", "-04:56"),
        ("Europe/Dublin", "1900-01-15", "-00:25"),
    ] {
        let site = Site::with(
            &format!("{CONFIG}timezone: {zone}\n"),
            &[(
                "p.md",
                &format!("---\ntitle: Old\ndate: {date}\n---\nOld news.\n"),
            )],
        );
        site.build(&[]);
        let atom = site.read("public/atom.xml");
        assert!(
            atom.contains(&format!("{offset}</published>")),
            "{zone}: {atom}"
        );
        let rss = site.read("public/feed.xml");
        assert!(rss.contains(&offset.replace(':', "")), "{zone}: {rss}");
        // The instant is the one written in the post's zone.
        let published = site.parse_feed("public/atom.xml").entries[0]
            .published
            .unwrap();
        let expected = jiff::civil::DateTime::strptime(
            if date.len() > 10 {
                "%Y-%m-%d %H:%M"
            } else {
                "%Y-%m-%d"
            },
            date,
        )
        .or_else(|_| jiff::civil::Date::strptime("%Y-%m-%d", date).map(|d| d.at(0, 0, 0, 0)))
        .unwrap()
        .to_zoned_datetime(jiff::tz::TimeZone::get(zone).unwrap())
        .unwrap()
        .timestamp();
        assert_eq!(published.timestamp(), expected.as_second(), "{zone}");
        validate_outputs(
            &site,
            "public",
            &["atom.xml"],
            &["sitemap.xml"],
            &["feed.json"],
        );
    }
}

#[test]
fn no_output_holds_a_character_xml_or_readers_refuse_however_it_was_written() {
    let body = "A &#x1F; B &#xFFFE; C &#127; D &#133; E &#xFFFF; F &#0; G\n\n<p title=\"x&#x1F;y\">raw &#1; html &#x85;</p>\n\nDirect: \u{7f} and \u{85} end.";
    for (config, description) in [
        (
            "title: \"T\\u0001itle\\u007f\"\ndescription: \"D\\u0085esc\"\nbase_url: https://example.com/\n",
            None,
        ),
        (CONFIG, Some("description: \"a \\u0007 b\"\n")),
    ] {
        let front = description.unwrap_or("");
        let site = Site::with(config, &[("p.md", &post(front, body))]);
        site.build(&[]);
        for (name, text) in outputs(&site) {
            let bad: Vec<char> = text
                .chars()
                .filter(|&c| !feedsmith::text::is_publishable(c))
                .collect();
            assert!(bad.is_empty(), "{name} holds {bad:?}");
            for reference in [
                "&#x1F;",
                "&#x1f;",
                "&#127;",
                "&#133;",
                "&#xFFFE;",
                "&#1;",
                "&#x85;",
                "&amp;#x1F;",
                "\\u001f",
            ] {
                assert!(
                    !text.contains(reference),
                    "{name} holds {reference}:\n{text}"
                );
            }
        }
        let json: serde_json::Value = serde_json::from_str(&site.read("public/feed.json")).unwrap();
        let item = &json["items"][0];
        assert!(
            item["content_html"]
                .as_str()
                .unwrap()
                .contains("A  B  C  D  E  F \u{FFFD} G")
        );
        assert!(!json["title"].as_str().unwrap().contains('\u{1}'));
    }
}

#[test]
fn links_images_and_categories_are_what_the_post_says() {
    let body = "Mail <someone@example.com>, <mailto:a@b.c> and [me](mailto:me@x.org).\n\n![empty]()\n\n<img src=\"\">\n\n<img srcset=\"data:image/png;base64,AA,BB 1x, /img/a,b.jpg 2x\">";
    let site = Site::with(
        CONFIG,
        &[(
            "p.md",
            &post(
                "tags: [Rust, rust, RUST, Web]\ncategories: [web, Systems]\n",
                body,
            ),
        )],
    );
    site.build(&[]);
    let json: serde_json::Value = serde_json::from_str(&site.read("public/feed.json")).unwrap();
    let html = json["items"][0]["content_html"].as_str().unwrap();
    for href in [
        "mailto:someone@example.com",
        "mailto:a@b.c",
        "mailto:me@x.org",
    ] {
        assert!(html.contains(&format!("href=\"{href}\"")), "{href}: {html}");
    }
    assert!(
        html.contains(
            "srcset=\"data:image/png;base64,AA,BB 1x, https://example.com/img/a,b.jpg 2x\""
        ),
        "{html}"
    );
    let sitemap = site.read("public/sitemap.xml");
    assert!(
        !sitemap.contains("<image:loc>https://example.com/blog/p/</image:loc>"),
        "{sitemap}"
    );
    // One category per tag, as the tag feeds count them.
    assert_eq!(
        json["items"][0]["tags"],
        serde_json::json!(["Rust", "Web", "Systems"])
    );
    let atom = site.parse_feed("public/atom.xml");
    let terms: Vec<&str> = atom.entries[0]
        .categories
        .iter()
        .map(|c| c.term.as_str())
        .collect();
    assert_eq!(terms, ["Rust", "Web", "Systems"]);
    let rss = site.read("public/feed.xml");
    assert_eq!(rss.matches("<category>").count(), 3, "{rss}");
}

#[test]
fn summaries_are_readable_in_every_script_and_shape() {
    let chinese = "机器学习正在改变医学诊断的方式。".repeat(30);
    let cases = [
        (chinese.as_str(), "机器学习正在改变医学诊断的方式。机器学习"),
        (
            "| Name | Score |\n|---|---|\n| Ann | 10 |\n| Bob | 7 |\n",
            "Name Score Ann 10 Bob 7",
        ),
        (
            "<div><p>Only <em>HTML</em> here.</p></div>\n\n<pre><code>skipped()</code></pre>\n",
            "Only HTML here.",
        ),
    ];
    for (body, start) in cases {
        let site = Site::with(CONFIG, &[("p.md", &post("", body))]);
        site.build(&[]);
        let json: serde_json::Value = serde_json::from_str(&site.read("public/feed.json")).unwrap();
        let summary = json["items"][0]["summary"].as_str().unwrap_or_default();
        assert!(summary.starts_with(start), "{summary:?}");
        assert!(summary.chars().count() <= 281, "{summary:?}");
        assert_ne!(summary, "…");
    }
    let word = "x".repeat(400);
    let site = Site::with(CONFIG, &[("p.md", &post("", &word))]);
    let output = site.build(&[]);
    let json: serde_json::Value = serde_json::from_str(&site.read("public/feed.json")).unwrap();
    assert_eq!(
        json["items"][0]["summary"].as_str().unwrap(),
        format!("{}…", "x".repeat(280)),
        "{}",
        stderr(&output)
    );
}

/// A summary has its `…` exactly when text was left out, whatever the script: around the
/// 280-character limit, in letters of one to four bytes, with more text after or none. The
/// expected summary is stated from the rule, not from the code that cuts: the whole text
/// when it fits, else a prefix of it of at most 280 characters and a `…`.
#[test]
fn a_summary_ends_in_an_ellipsis_exactly_when_text_was_left_out() {
    // Each letter on its own is a word for Unicode's word breaks except the Latin ones,
    // written in words of four letters here.
    type MakeText = fn(usize) -> String;
    let kinds: [(&str, MakeText); 4] = [
        ("ascii", |n| {
            (0..n).map(|i| if i % 5 == 4 { ' ' } else { 'a' }).collect()
        }),
        ("latin", |n| {
            (0..n).map(|i| if i % 5 == 4 { ' ' } else { 'é' }).collect()
        }),
        ("cjk", |n| "字".repeat(n)),
        ("emoji", |n| "😀".repeat(n)),
    ];
    let mut posts = Vec::new();
    let mut expected_texts = Vec::new();
    for (kind, make) in kinds {
        for length in [278, 279, 280, 281, 282, 560] {
            for more in [false, true] {
                let text = make(length).trim_end().to_string();
                let body = match more {
                    true => format!("{text}\n\nMore after."),
                    false => text.clone(),
                };
                let full = match more {
                    true => format!("{text} More after."),
                    false => text,
                };
                let name = format!("{kind}-{length}-{more}.md");
                posts.push((
                    name.clone(),
                    post(&format!("slug: {kind}-{length}-{more}\n"), &body),
                ));
                expected_texts.push((format!("{kind}-{length}-{more}"), full));
            }
        }
    }
    let site = Site::with_made(&format!("{CONFIG}feeds: {{limit: 100}}\n"), &posts);
    site.build(&[]);
    let json: serde_json::Value = serde_json::from_str(&site.read("public/feed.json")).unwrap();
    let items = json["items"].as_array().unwrap();
    assert_eq!(items.len(), expected_texts.len());
    for (slug, full) in expected_texts {
        let item = items
            .iter()
            .find(|item| item["url"].as_str().unwrap().contains(&format!("/{slug}")))
            .unwrap_or_else(|| panic!("{slug}"));
        let summary = item["summary"].as_str().unwrap();
        if full.chars().count() <= 280 {
            assert_eq!(summary, full, "{slug}: all of it fits");
            continue;
        }
        let kept = summary
            .strip_suffix('…')
            .unwrap_or_else(|| panic!("{slug}: text was left out, but no …: {summary:?}"));
        assert!(
            full.starts_with(kept),
            "{slug}: {kept:?} is not the text's start"
        );
        let count = kept.chars().count();
        assert!(
            (270..=280).contains(&count),
            "{slug}: {count} characters kept"
        );
    }
}

/// A summary is the prose a reader reads first: not what code blocks, footnotes, image
/// descriptions or raw `<pre>`/`<script>` hold, even when those hold HTML of their own.
#[test]
fn a_summary_leaves_out_code_footnotes_and_images_even_with_html_inside() {
    let body = "Intro words.[^n] ![alt <b>hidden-alt</b> text](/x.png)\n\n\
        ```\n<i>hidden-code</i>\n```\n\n\
        [^n]: A note <span>hidden-note</span> here.\n\n    <div>\n    hidden-note-block\n    </div>\n\n\
        <pre>hidden-pre</pre>\n\n<script>hidden-script()</script>\n\n\
        Closing <em>shown</em> words.";
    let site = Site::with(CONFIG, &[("p.md", &post("", body))]);
    site.build(&[]);
    let json: serde_json::Value = serde_json::from_str(&site.read("public/feed.json")).unwrap();
    let summary = json["items"][0]["summary"].as_str().unwrap();
    assert_eq!(summary, "Intro words. Closing shown words.");
}

/// `<!--more-->` ends a summary in any case and with spaces inside, as the tools accept it;
/// a comment that only starts with the word (`<!-- moreover … -->`) does not.
#[test]
fn only_a_more_comment_ends_a_summary() {
    let cases = [
        ("<!--more-->", "First part."),
        ("<!-- More -->", "First part."),
        ("<!--  MORE  -->", "First part."),
        ("<!-- moreover, a note -->", "First part. Second part."),
        ("<!-- more than this -->", "First part. Second part."),
        ("<!-- -->", "First part. Second part."),
    ];
    let posts: Vec<(String, String)> = cases
        .iter()
        .enumerate()
        .map(|(i, (comment, _))| {
            let body = format!("First part.\n\n{comment}\n\nSecond part.");
            (format!("p{i}.md"), post(&format!("slug: p{i}\n"), &body))
        })
        .collect();
    let site = Site::with_made(CONFIG, &posts);
    site.build(&[]);
    let json: serde_json::Value = serde_json::from_str(&site.read("public/feed.json")).unwrap();
    for (i, (comment, expected)) in cases.iter().enumerate() {
        let item = json["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|item| item["url"].as_str().unwrap().ends_with(&format!("/p{i}/")))
            .unwrap();
        assert_eq!(item["summary"].as_str().unwrap(), *expected, "{comment}");
    }
}

#[test]
fn problems_are_said_in_the_users_terms_at_their_own_line() {
    let site = Site::with(
        CONFIG,
        &[
            (
                "inf.md",
                &post("weight: .inf\nextra: {a: -.inf, b: .nan}\n", "Kept."),
            ),
            (
                "weekday.md",
                "---\ntitle: W\ndate: Mon, 01 Oct 2024 10:00:00 +0200\n---\nW\n",
            ),
            ("tab.md", "---\ntitle: T\n\tdate: 2024-01-01\n---\nT\n"),
        ],
    );
    let output = site.run(&["build"]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(
        !err.contains("inf.md"),
        "a .inf in a key feedsmith ignores is no problem: {err}"
    );
    assert!(
        err.contains("says Monday, but 1 Oct 2024 is a Tuesday: fix the weekday or leave it out")
            && err.contains("content/weekday.md:3:7"),
        "{err}"
    );
    assert!(
        err.contains("content/tab.md:3:1")
            && err.contains("a tab indents this line: YAML indents with spaces only"),
        "{err}"
    );
    assert!(!err.contains("while scanning"), "{err}");
}

#[cfg(unix)]
#[test]
fn links_that_cannot_be_followed_are_named_for_what_they_are() {
    let site = Site::with(CONFIG, &[("ok.md", &post("", "Ok."))]);
    let link = |target: &str, name: &str| {
        std::os::unix::fs::symlink(target, site.path(&format!("content/{name}"))).unwrap()
    };
    link("missing.md", "dangling.md");
    link("..", "up");
    link(".", "here");
    link("itself", "itself");
    link("/", "root");
    let err = stderr(&site.build(&[]));
    for (name, reason) in [
        (
            "dangling.md",
            "it points to `missing.md`, which does not exist",
        ),
        ("here", "it points to a folder it is in, which would loop"),
        ("itself", "it loops back on itself (or cannot be followed)"),
        ("root", "it points to a folder it is in, which would loop"),
    ] {
        assert!(
            err.contains(&format!(
                "symbolic link not followed: {reason}\n --> content/{name}"
            )),
            "{name}: {err}"
        );
    }
    assert!(
        err.contains("symbolic link not followed: it points to a folder it is in, which would loop\n --> content/up"),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn a_json_report_names_paths_that_are_not_utf8() {
    use std::os::unix::ffi::OsStrExt;
    let site = Site::with(CONFIG, &[("ok.md", &post("", "Ok."))]);
    let odd = |name: &[u8]| site.path("content").join(std::ffi::OsStr::from_bytes(name));
    std::fs::write(odd(b"notes-\xe9.txt"), "x").unwrap();
    std::os::unix::fs::symlink("nowhere", odd(b"link-\xe9")).unwrap();
    std::fs::create_dir(odd(b"folder-\xe9")).unwrap();
    let output = site.run(&["build", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let files: Vec<&str> = report["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["file"].as_str().unwrap())
        .collect();
    assert!(files.contains(&"content/notes-\u{FFFD}.txt"), "{files:?}");
    assert!(files.contains(&"content/link-\u{FFFD}"), "{files:?}");
    // A post named so is an error, reported the same way.
    std::fs::write(odd(b"post-\xe9.md"), post("", "P")).unwrap();
    let output = site.run(&["build", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["errors"][0]["file"], "content/post-\u{FFFD}.md");
}

/// DEL and the C1 controls, by every road into a feed — a file name that gives the title, a
/// tag, a category, an author, a language's title, a summary — are dropped the same way
/// from every format: each field reads the same in RSS, Atom and JSON Feed, and no output
/// holds one (the JSON Feed used to keep what the XML writer dropped).
#[test]
fn every_format_drops_the_same_characters_from_every_field() {
    let config = format!(
        "{CONFIG}languages:\n  - en\n  - {{code: fr, title: \"Fr\\u0085ançais\\u007f\"}}\n"
    );
    let site = Site::with(
        &config,
        &[
            (
                "2024-01-02-del\u{7f}eted-c1\u{85}name.md",
                "---\ndate: 2024-01-02\ntags: [\"ta\\u0085g\", \"b\\u007f\"]\ncategory: \"ca\\u009ft\"\nauthor: \"Ann\\u0080 Lee\"\n---\nOne \u{85}two\u{7f} three &#x85;four.\n",
            ),
            (
                "fr/p.md",
                "---\ntitle: \"Un\\u0086 titre\"\ndate: 2024-01-03\n---\nTexte \u{9f}ici.\n",
            ),
        ],
    );
    site.build(&[]);
    for (name, text) in outputs(&site) {
        let bad: Vec<char> = text
            .chars()
            .filter(|&c| !feedsmith::text::is_publishable(c))
            .collect();
        assert!(bad.is_empty(), "{name} holds {bad:?}");
        for escaped in ["\\u007f", "\\u0085", "&#x7F;", "&#x85;", "&#133;"] {
            assert!(!text.contains(escaped), "{name} holds {escaped}");
        }
    }
    let titles = |feed: &str| -> Vec<String> {
        site.parse_feed(feed)
            .entries
            .iter()
            .map(|entry| crate::support::shown_text(entry.title.as_ref().unwrap()))
            .collect()
    };
    for (rss, atom, json, expected) in [
        (
            "public/feed.xml",
            "public/atom.xml",
            "public/feed.json",
            "Deleted C1name",
        ),
        (
            "public/fr/feed.xml",
            "public/fr/atom.xml",
            "public/fr/feed.json",
            "Un titre",
        ),
    ] {
        assert_eq!(titles(rss), [expected], "{rss}");
        assert_eq!(titles(atom), [expected], "{atom}");
        assert_eq!(titles(json), [expected], "{json}");
    }
    let json: serde_json::Value = serde_json::from_str(&site.read("public/feed.json")).unwrap();
    let item = &json["items"][0];
    assert_eq!(item["tags"], serde_json::json!(["tag", "b", "cat"]));
    assert_eq!(item["authors"][0]["name"], "Ann Lee");
    assert_eq!(item["summary"], "One two three four.");
    let french: serde_json::Value =
        serde_json::from_str(&site.read("public/fr/feed.json")).unwrap();
    assert_eq!(french["title"], "Français");
}

/// An element closed JSX's way (`<iframe … />`, `<video … />`, `<div />`) is closed where it
/// is written, in Markdown and in MDX alike: HTML would take everything after it as its
/// content (an iframe's text: the rest of the post gone from every reader), and the URLs
/// after it are made absolute like any other.
#[test]
fn an_element_closed_jsx_style_never_swallows_what_follows() {
    let body = "Before.\n\n<iframe src=\"https://www.youtube.com/embed/x\" title=\"a /> b\" />\n\n<video src=\"./1.mp4\" poster=\"./1.jpg\" controls />\n\n<div class=\"note\" />\n\nAfter, with ![an image](./2.png).\n";
    for (file, config) in [
        ("content/p.md", String::from(CONFIG)),
        ("content/p.mdx", format!("{CONFIG}flavor: astro\n")),
    ] {
        let site = Site::empty();
        site.write("config/site.yaml", &config);
        site.write(
            file,
            &format!("---\ntitle: P\ndate: 2024-01-01\ndescription: d\n---\n{body}"),
        );
        let output = site.build(&[]);
        assert!(output.status.success(), "{}", stderr(&output));
        let feed = site.parse_feed("public/atom.xml");
        let html = crate::support::entry_html(&feed.entries[0]);
        let order = [
            "<iframe src=\"https://www.youtube.com/embed/x\" title=\"a /> b\" ></iframe>",
            "<video src=\"https://example.com/blog/p/1.mp4\" poster=\"https://example.com/blog/p/1.jpg\" controls></video>",
            "<div class=\"note\" ></div>",
            "<img src=\"https://example.com/blog/p/2.png\" alt=\"an image\"",
        ];
        let mut from = 0;
        for part in order {
            let found = html[from..].find(part);
            assert!(
                found.is_some(),
                "{file}: no {part} after byte {from} in\n{html}"
            );
            from += found.unwrap() + part.len();
        }
    }
}
