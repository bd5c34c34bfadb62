//! The outputs against the standards' own schemas, kept in `tests/schemas/` (see SOURCES.md):
//! the sitemap XSD with `xmllint`, RFC 4287's RELAX NG grammar with `jing`, and the JSON Feed
//! 1.1 JSON Schema with the `jsonschema` crate.
//!
//! `xmllint` and `jing` are external programs that `.ci/run` installs. Where one is missing
//! and `CI` is unset, its check is skipped with a notice, so `cargo test` still runs on a bare
//! machine; under CI a missing validator fails the test.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::Site;

fn schema(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/schemas")
        .join(name)
}

/// Whether `program` can run; panics under CI if it cannot.
pub(crate) fn have(program: &str) -> bool {
    let found = Command::new(program).arg("--version").output().is_ok();
    if !found {
        crate::support::skip(&format!(
            "{program} not found: its schema checks are skipped"
        ));
    }
    found
}

/// Runs one external validator over many files at once (one JVM start for jing, not one
/// per file).
fn run_validator(program: &str, args: &[&std::ffi::OsStr], site: &Site, out: &str, files: &[&str]) {
    if files.is_empty() || !have(program) {
        return;
    }
    let result = Command::new(program)
        .args(args)
        .args(files.iter().map(|file| site.path(out).join(file)))
        .output()
        .unwrap();
    assert!(
        result.status.success(),
        "{program} rejects {files:?}: {}{}",
        String::from_utf8_lossy(&result.stdout),
        String::from_utf8_lossy(&result.stderr)
    );
}

/// Checks the given sitemaps, Atom feeds and JSON feeds under `out` against their schemas.
pub(crate) fn validate_outputs(
    site: &Site,
    out: &str,
    atom: &[&str],
    sitemaps: &[&str],
    json: &[&str],
) {
    let xsd = schema("sitemap-with-images.xsd");
    let rnc = schema("atom.rnc");
    run_validator(
        "xmllint",
        &["--noout".as_ref(), "--schema".as_ref(), xsd.as_os_str()],
        site,
        out,
        sitemaps,
    );
    run_validator("jing", &["-c".as_ref(), rnc.as_os_str()], site, out, atom);
    let schema_text = std::fs::read_to_string(schema("jsonfeed-v1.1.schema.json")).unwrap();
    let schema: serde_json::Value = serde_json::from_str(&schema_text).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for file in json {
        let feed: serde_json::Value =
            serde_json::from_str(&site.read(&format!("{out}/{file}"))).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&feed)
            .map(|e| e.to_string())
            .collect();
        assert!(
            errors.is_empty(),
            "{file} breaks the JSON Feed 1.1 schema: {errors:?}"
        );
        assert_eq!(feed["version"], "https://jsonfeed.org/version/1.1");
    }
}

#[test]
fn fixture_outputs_are_valid_by_their_schemas() {
    let site = Site::fixture("site");
    site.build(&["--drafts", "--future"]);
    validate_outputs(
        &site,
        "public",
        &["atom.xml"],
        &["sitemap.xml"],
        &["feed.json"],
    );
}

#[test]
fn summary_only_outputs_are_valid_by_their_schemas() {
    let site = Site::fixture("site");
    site.build(&["--config", "config/limited.yaml"]);
    validate_outputs(
        &site,
        "public",
        &["atom.xml"],
        &["sitemap.xml"],
        &["feed.json"],
    );
}

#[test]
fn the_shipped_site_is_valid_by_its_schemas() {
    let site = Site::empty();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    crate::support::copy_dir(&root.join("config"), &site.path("config"));
    crate::support::copy_dir(&root.join("content"), &site.path("content"));
    site.build(&[]);
    validate_outputs(
        &site,
        "public",
        &["atom.xml"],
        &["sitemap.xml"],
        &["feed.json"],
    );
}

#[test]
fn an_empty_site_still_writes_valid_feeds() {
    let site = Site::empty();
    site.write(
        "config/site.yaml",
        "title: T\ndescription: D\nbase_url: https://e.com/\n",
    );
    std::fs::create_dir_all(site.path("content")).unwrap();
    site.build(&[]);
    validate_outputs(
        &site,
        "public",
        &["atom.xml"],
        &["sitemap.xml"],
        &["feed.json"],
    );
    assert!(site.parse_feed("public/feed.xml").entries.is_empty());
}
