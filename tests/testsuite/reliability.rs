//! Never break a feed: hostile input is an error or a warning (never a panic), runs are all
//! or nothing, stale outputs go away, and the CI commands (`check`, `build --check`,
//! `--format json`, `--deny-warnings`) do what they promise.

use std::fs;

use crate::support::{CONFIG, Site, headlines, stderr, stdout};

const GOOD: &str =
    "---\ntitle: Good\ndate: 2024-01-01\ndescription: Fine.\ntags: [keep, gone]\n---\nBody\n";

fn site_with(posts: &[(&str, &[u8])]) -> Site {
    let site = Site::empty();
    site.write("config/site.yaml", CONFIG);
    for (name, bytes) in posts {
        let path = site.path(&format!("content/{name}"));
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }
    site
}

/// Runs `build`, expects exit 1, no panic, and returns stderr.
fn rejected(site: &Site, args: &[&str]) -> String {
    let mut all = vec!["build"];
    all.extend_from_slice(args);
    let output = site.run(&all);
    let text = headlines(&stderr(&output));
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(!text.contains("panicked"), "{text}");
    text
}

#[test]
fn hostile_files_are_errors_naming_the_file() {
    let cases: [(&str, &[u8], &str); 6] = [
        (
            "empty.md",
            b"",
            "error: content/empty.md:1:1: missing front matter",
        ),
        (
            "latin1.md",
            b"---\ntitle: Caf\xe9\ndate: 2024-01-01\n---\n",
            "error: content/latin1.md:2:1: file is not valid UTF-8",
        ),
        (
            "unclosed.md",
            b"---\ntitle: A\ndate: 2024-01-01\nBody\n",
            "error: content/unclosed.md:1:1: front matter opened here is never closed",
        ),
        (
            "types.md",
            b"---\ntitle: A\ndate: 2024-01-01\ntags: {a: 1}\n---\n",
            "error: content/types.md:4:7: ",
        ),
        (
            "draft.md",
            b"---\ntitle: A\ndate: 2024-01-01\ndraft: yes\n---\n",
            "error: content/draft.md:4:8: ",
        ),
        (
            "slug.md",
            b"---\ntitle: A\ndate: 2024-01-01\nslug: ../../etc/passwd\n---\n",
            "error: content/slug.md:4:7: `slug`: \"../../etc/passwd\" starts with a dot",
        ),
    ];
    for (name, bytes, expected) in cases {
        let site = site_with(&[(name, bytes)]);
        let text = rejected(&site, &[]);
        assert!(text.starts_with(expected), "{name}: {text}");
        assert!(!site.path("public").exists(), "{name}");
    }
}

#[test]
fn oversized_files_are_rejected_before_they_are_read() {
    let site = site_with(&[("big.md", GOOD.as_bytes())]);
    site.write("config/site.yaml", &format!("{CONFIG}max_post_bytes: 50\n"));
    let text = rejected(&site, &[]);
    assert_eq!(
        text,
        format!(
            "error: content/big.md: file is {} bytes, over the limit of 50 bytes (`max_post_bytes` in the config)\n",
            GOOD.len()
        )
    );
}

#[test]
fn yaml_alias_bombs_are_rejected() {
    let mut yaml = String::from(
        "---\ntitle: Bomb\ndate: 2024-01-01\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
    );
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        yaml.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    yaml.push_str("tags: *a9\n---\nbody\n");
    let site = site_with(&[("bomb.md", yaml.as_bytes())]);
    let text = rejected(&site, &[]);
    assert!(text.starts_with("error: content/bomb.md:"), "{text}");
    assert!(text.contains("alias bomb"), "{text}");
}

#[cfg(unix)]
#[test]
fn symlinks_are_not_followed_and_are_warned_about() {
    let site = site_with(&[("real.md", GOOD.as_bytes())]);
    let outside = Site::empty();
    outside.write(
        "secret.md",
        "---\ntitle: Secret\ndate: 2024-01-01\n---\nleaked\n",
    );
    std::os::unix::fs::symlink(outside.path("secret.md"), site.path("content/leak.md")).unwrap();
    std::os::unix::fs::symlink(outside.dir.path(), site.path("content/linked-dir")).unwrap();
    std::os::unix::fs::symlink(site.path("content/real.md"), site.path("content/twin.md")).unwrap();
    let output = site.build(&[]);
    assert_eq!(
        headlines(&stderr(&output)),
        "warning: content/leak.md: symbolic link not followed: it points outside the content folder\n\
         warning: content/linked-dir: symbolic link not followed: it points outside the content folder\n\
         warning: content/twin.md: symbolic link not followed: it would publish the same post twice\n"
    );
    let feed = site.read("public/feed.xml");
    assert!(feed.contains("Good") && !feed.contains("Secret"));
}

#[test]
fn warnings_print_but_only_fail_with_deny_warnings() {
    let future = "---\ntitle: Later\ndate: 2099-01-01\ndescription: Soon.\n---\n";
    let bare = "---\ntitle: Bare\ndate: 2024-01-01\ncoverImage: /img/missing.jpg\n---\n";
    let site = site_with(&[
        ("future.md", future.as_bytes()),
        ("bare.md", bare.as_bytes()),
    ]);
    site.write("config/site.yaml", &format!("{CONFIG}static_dir: static\n"));
    site.write("static/img/present.jpg", "jpg");
    let expected = "warning: cover image \"/img/missing.jpg\" does not exist: no file `static/img/missing.jpg`\n \
         --> content/bare.md:4:13\n  |\n4 | coverImage: /img/missing.jpg\n  |             ^\n";
    let output = site.build(&[]);
    assert_eq!(
        stderr(&output),
        format!(
            "{expected}note: 1 post has no `description`; feeds show the first 280 characters of it instead (--verbose lists them)\n"
        )
    );
    assert!(
        stdout(&output).ends_with("; 1 warning\n"),
        "{}",
        stdout(&output)
    );

    let denied = Site::empty();
    crate::support::copy_dir(site.dir.path(), denied.dir.path());
    fs::remove_dir_all(denied.path("public")).unwrap();
    let text = rejected(&denied, &["--deny-warnings"]);
    assert_eq!(
        text,
        "warning: content/bare.md:4:13: cover image \"/img/missing.jpg\" does not exist: no file `static/img/missing.jpg`\n\
         error: 1 warning and --deny-warnings; nothing was written\n"
    );
    assert!(!denied.path("public").exists());
}

#[test]
fn stale_outputs_are_removed_and_foreign_files_kept() {
    let site = site_with(&[("good.md", GOOD.as_bytes())]);
    site.build(&[]);
    assert!(site.path("public/tags/gone/feed.xml").exists());
    site.write("public/robots.txt", "mine");
    site.write("public/tags/gone/notes.txt", "also mine");
    site.write("content/good.md", &GOOD.replace("[keep, gone]", "[keep]"));
    let output = site.build(&["--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(
        json["removed"],
        serde_json::json!([
            "tags/gone/atom.xml",
            "tags/gone/feed.json",
            "tags/gone/feed.xml"
        ])
    );
    assert!(!site.path("public/tags/gone/feed.xml").exists());
    assert_eq!(site.read("public/robots.txt"), "mine");
    assert_eq!(site.read("public/tags/gone/notes.txt"), "also mine");
    assert!(!site.read("public/.feedsmith-manifest").contains("gone"));
}

#[test]
fn check_renders_everything_and_writes_nothing() {
    let site = site_with(&[("good.md", GOOD.as_bytes())]);
    let output = site.run(&["check"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("would write 13 files"),
        "{}",
        stdout(&output)
    );
    assert!(!site.path("public").exists());

    site.write("content/bad.md", "---\ntitle: Bad\ndate: someday\n---\n");
    let output = site.run(&["check"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        headlines(&stderr(&output)).starts_with("error: content/bad.md:3:7: `date`"),
        "{}",
        stderr(&output)
    );
    assert!(!site.path("public").exists());
}

#[test]
fn build_check_is_a_gate_for_committed_feeds() {
    let site = site_with(&[("good.md", GOOD.as_bytes())]);
    site.build(&[]);
    let up_to_date = site.run(&["build", "--check"]);
    assert_eq!(up_to_date.status.code(), Some(0), "{}", stdout(&up_to_date));

    let before = site.snapshot_dir("public");
    site.write(
        "content/good.md",
        &GOOD
            .replace("Good", "Better")
            .replace("[keep, gone]", "[keep]"),
    );
    let stale = site.run(&["build", "--check"]);
    assert_eq!(stale.status.code(), Some(3), "out of date, not broken");
    let listing = stdout(&stale);
    for line in [
        "  would write  atom.xml",
        "  would write  feed.xml",
        "  would write  tags/keep/feed.xml",
        "  would remove tags/gone/feed.xml",
    ] {
        assert!(
            listing.contains(&format!("{line}\n")),
            "{line} missing from:\n{listing}"
        );
    }
    assert!(!listing.contains("would write  sitemap.xml"), "{listing}");
    assert_eq!(
        stderr(&stale),
        "error: 11 output files are out of date; run `feedsmith build`\n"
    );
    assert_eq!(
        site.snapshot_dir("public"),
        before,
        "--check writes nothing"
    );
}

#[test]
fn json_summaries_for_success_and_failure() {
    let site = site_with(&[("good.md", GOOD.as_bytes())]);
    let output = site.build(&["--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    // Keys in alphabetical order at every level, as the README promises: serde_json's
    // own map is sorted, so printing the parsed value gives the text back.
    assert_eq!(format!("{json}\n"), stdout(&output));
    assert_eq!(json["ok"], true);
    assert_eq!(json["mode"], "build");
    assert_eq!(json["posts_read"], 1);
    assert_eq!(json["written"].as_array().unwrap().len(), 13);
    assert_eq!(json["unchanged"], serde_json::json!([]));
    assert_eq!(json["warnings"], serde_json::json!([]));

    site.write("content/bad.md", "---\ntitle: Bad\n---\n");
    let output = site.run(&["build", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(format!("{json}\n"), stdout(&output));
    assert_eq!(json["ok"], false);
    assert_eq!(
        (&json["error"], &json["failure"]),
        (&serde_json::Value::Null, &serde_json::json!("input"))
    );
    assert_eq!(
        json["errors"],
        serde_json::json!([{
            "file": "content/bad.md", "line": 1, "column": 1,
            "help": "add a line `date: 2024-10-31` (the post's date) to the front matter",
            "message": "missing date: no `date`, `publishDate`, `pubDate` or `published` field, no YYYY-MM-DD- prefix in the name \"bad\", and no `path`, `url` or `permalink` with YYYY/MM/DD; a page that is not a post (an About page) belongs in the config's `exclude`"
        }])
    );
}

#[test]
fn an_invalid_source_date_epoch_is_an_error() {
    let site = site_with(&[("good.md", GOOD.as_bytes())]);
    let output = assert_cmd::Command::new(assert_cmd::cargo::cargo_bin!("feedsmith"))
        .arg("build")
        .current_dir(site.dir.path())
        .env("SOURCE_DATE_EPOCH", "yesterday")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        "error: SOURCE_DATE_EPOCH \"yesterday\" is not a number of seconds since 1970-01-01\n"
    );
}

/// The binary with the site's folder as its working directory and a pinned "now", for runs
/// whose stdout is not a capture.
fn command_in(site: &Site) -> std::process::Command {
    let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin!("feedsmith"));
    command
        .current_dir(site.dir.path())
        .env("SOURCE_DATE_EPOCH", crate::support::NOW)
        .stderr(std::process::Stdio::piped());
    command
}

#[test]
fn a_report_that_cannot_be_written_is_a_failure_but_a_closed_pipe_is_not() {
    for format in ["text", "json"] {
        let site = site_with(&[("good.md", GOOD.as_bytes())]);
        let full = std::fs::File::create("/dev/full").unwrap();
        let output = command_in(&site)
            .args(["build", "--format", format])
            .stdout(full)
            .output()
            .unwrap();
        assert_eq!(
            output.status.code(),
            Some(4),
            "{format}: the machine failed"
        );
        assert!(
            stderr(&output).starts_with("error: cannot write the report to stdout: "),
            "{}",
            stderr(&output)
        );
        // The outputs are committed: only the report was lost.
        assert!(site.path("public/feed.xml").exists());

        // A reader that stops reading (`| head -0`) changes nothing, as in ripgrep.
        let site = site_with(&[("good.md", GOOD.as_bytes())]);
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let output = command_in(&site)
            .args(["build", "--format", format])
            .stdout(writer)
            .output()
            .unwrap();
        assert_eq!(
            output.status.code(),
            Some(0),
            "{format}: {}",
            stderr(&output)
        );
        assert_eq!(stderr(&output), "", "{format}: quiet");
    }
}

#[test]
fn a_failure_of_the_machine_exits_4_and_bad_input_1() {
    let site = site_with(&[("good.md", GOOD.as_bytes())]);
    // The preview's port is taken: nothing about the site is wrong.
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let output = site.run(&["serve", "--port", &port]);
    assert_eq!(output.status.code(), Some(4), "{}", stderr(&output));
    assert!(
        stderr(&output).starts_with(&format!("error: cannot listen on 127.0.0.1:{port}: ")),
        "{}",
        stderr(&output)
    );
    // A bad flag value, a missing config and a bad post are the user's to fix.
    let missing = site.run(&["build", "--config", "nowhere.yaml"]);
    assert_eq!(missing.status.code(), Some(1), "{}", stderr(&missing));
    site.write("content/bad.md", "---\ntitle: Bad\n---\n");
    let output = site.run(&["build", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(json["failure"], "input");
}

#[test]
fn json_reports_name_no_file_as_null_and_survive_names_that_are_not_utf8() {
    use std::os::unix::ffi::OsStrExt;
    let site = site_with(&[("good.md", GOOD.as_bytes())]);
    // A warning that belongs to no one file: translations left out, counted.
    site.write("content/good.es.md", GOOD);
    // A post whose name is not UTF-8 is an error naming it.
    let odd = site
        .path("content")
        .join(std::ffi::OsStr::from_bytes(b"caf\xe9.md"));
    std::fs::write(&odd, GOOD).unwrap();
    let output = site.run(&["build", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(json["errors"][0]["file"], "content/caf\u{FFFD}.md");
    std::fs::remove_file(&odd).unwrap();
    let output = site.build(&["--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let general: Vec<&serde_json::Value> = json["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|warning| warning["file"].is_null())
        .collect();
    assert!(!general.is_empty(), "{json}");
    assert!(
        json["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|w| w["file"] != "")
    );
}
