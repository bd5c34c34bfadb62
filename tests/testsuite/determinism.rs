//! Same input, same bytes: across runs, file-system creation order and the machine's zone.

use std::fs;

use crate::support::{Site, copy_dir};

#[test]
fn two_builds_give_identical_bytes() {
    let site = Site::fixture("site");
    site.build(&["--out", "first"]);
    site.build(&["--out", "second"]);
    assert_eq!(site.snapshot_dir("first"), site.snapshot_dir("second"));
}

#[test]
fn content_created_in_another_order_gives_identical_bytes() {
    let site = Site::fixture("site");
    site.build(&["--out", "forward"]);

    // Recreate the content folder file by file in reverse name order, so directory
    // listing order differs on file systems that return creation order.
    let reordered = Site::empty();
    copy_dir(&site.path("config"), &reordered.path("config"));
    let mut files = site.snapshot_dir("content");
    files.reverse();
    for (name, bytes) in files {
        let target = reordered.path("content").join(&name);
        fs::create_dir_all(target.parent().unwrap()).unwrap();
        fs::write(target, bytes).unwrap();
    }
    reordered.build(&["--out", "reversed"]);
    assert_eq!(
        site.snapshot_dir("forward"),
        reordered.snapshot_dir("reversed")
    );
}

#[test]
fn the_build_machines_time_zone_never_matters() {
    let site = Site::fixture("site");
    site.build(&["--out", "utc"]);
    let output = assert_cmd::Command::new(assert_cmd::cargo::cargo_bin!("feedsmith"))
        .args(["build", "--out", "tokyo"])
        .current_dir(site.dir.path())
        .env("SOURCE_DATE_EPOCH", crate::support::NOW)
        .env("TZ", "Asia/Tokyo")
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(site.snapshot_dir("utc"), site.snapshot_dir("tokyo"));
}
