//! Runs that would lose a site's files are refused before anything is read or written: a
//! content path that is a file, and an output folder that is the root, the home folder, or
//! the content folder or inside it.

use crate::support::{Site, stderr};

const CONFIG: &str = "title: T\ndescription: D\nbase_url: https://example.com/\n";
const POST: &str = "---\ntitle: A\ndate: 2024-01-01\ndescription: d\n---\nBody\n";

fn site() -> Site {
    let site = Site::empty();
    site.write("config/site.yaml", CONFIG);
    site.write("content/a.md", POST);
    site
}

#[test]
fn a_content_path_that_is_a_file_is_an_error_and_the_feeds_stay() {
    let site = site();
    site.build(&[]);
    let before = site.snapshot_dir("public");
    let output = site.run(&["build", "--content", "content/a.md"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        "error: `content/a.md` is not a folder: the content folder (`--content`, `content_dir`) holds the posts\n"
    );
    assert_eq!(site.snapshot_dir("public"), before, "nothing removed");
}

#[test]
fn outputs_never_go_to_the_root_home_or_content_folder() {
    let site = site();
    let home = site.path("home");
    std::fs::create_dir(&home).unwrap();
    for (out, why) in [
        ("/", "the file system's root"),
        ("content", "the content folder or inside it"),
        ("content/feeds", "the content folder or inside it"),
        ("./content/../content", "the content folder or inside it"),
        (home.to_str().unwrap(), "the home folder"),
    ] {
        let output = assert_cmd::Command::new(assert_cmd::cargo::cargo_bin!("feedsmith"))
            .args(["build", "--out", out])
            .current_dir(site.dir.path())
            .env("HOME", &home)
            .env("SOURCE_DATE_EPOCH", crate::support::NOW)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{out}");
        let message = stderr(&output);
        assert!(
            message.starts_with(&format!(
                "error: `{out}` is {why}; feedsmith will not write"
            )),
            "{out}: {message}"
        );
    }
    assert!(!site.path("content/feeds").exists());
    assert_eq!(std::fs::read_dir(&home).unwrap().count(), 0);
}

#[test]
fn a_second_build_into_one_folder_waits_for_the_first() {
    let site = site();
    site.build(&[]);
    // Hold the lock a build takes, as a running build would.
    let held = std::fs::File::open(site.path("public")).unwrap();
    held.lock().unwrap();
    let mut second = std::process::Command::new(assert_cmd::cargo::cargo_bin!("feedsmith"))
        .args(["build", "--quiet"])
        .current_dir(site.dir.path())
        .env("SOURCE_DATE_EPOCH", crate::support::NOW)
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(600));
    assert!(
        second.try_wait().unwrap().is_none(),
        "it waits while the lock is held"
    );
    drop(held);
    assert!(second.wait().unwrap().success());
}
