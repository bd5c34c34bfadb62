//! The first ten minutes: the site is found from any folder inside it, the config's paths
//! follow the config (not the current folder), command-line paths follow the current folder,
//! and `--base-url` publishes a staging or local build elsewhere.

use crate::support::{Site, stderr, stdout};

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
