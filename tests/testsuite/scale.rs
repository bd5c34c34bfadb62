//! What big sites rely on: sitemaps split under an index past the protocol's limits, output
//! identical for any number of threads, and stale sitemap parts cleaned up.

use crate::schemas::have;
use crate::support::Site;

fn site_with_posts(count: usize, max_urls: usize) -> Site {
    let site = Site::empty();
    site.write(
        "config/site.yaml",
        &format!("title: T\ndescription: D\nbase_url: https://e.com/\nsitemap:\n  extra_urls: [/about/]\n  max_urls: {max_urls}\n"),
    );
    for i in 0..count {
        site.write(
            &format!("content/p{i}.md"),
            &format!("---\ntitle: P{i}\ndate: 2024-{:02}-{:02}\ndescription: d\ntags: [t{}]\n---\nBody {i}\n", i / 28 + 1, i % 28 + 1, i % 3),
        );
    }
    site
}

#[test]
fn sitemaps_split_under_an_index_with_each_parts_newest_lastmod() {
    let site = site_with_posts(5, 2);
    site.build(&[]);
    let index = site.read("public/sitemap.xml");
    assert_eq!(
        index,
        [
            r#"<?xml version="1.0" encoding="UTF-8"?>"#,
            r#"<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">"#,
            "  <sitemap>",
            "    <loc>https://e.com/sitemap-1.xml</loc>",
            "    <lastmod>2024-01-05T00:00:00+00:00</lastmod>",
            "  </sitemap>",
            "  <sitemap>",
            "    <loc>https://e.com/sitemap-2.xml</loc>",
            "    <lastmod>2024-01-04T00:00:00+00:00</lastmod>",
            "  </sitemap>",
            "  <sitemap>",
            "    <loc>https://e.com/sitemap-3.xml</loc>",
            "    <lastmod>2024-01-02T00:00:00+00:00</lastmod>",
            "  </sitemap>",
            "</sitemapindex>\n",
        ]
        .join("\n")
    );
    // 6 URLs (the extra page, then posts newest first), 2 per file.
    let part1 = site.read("public/sitemap-1.xml");
    assert!(part1.contains("<loc>https://e.com/about/</loc>") && part1.contains("/blog/p4/"));
    assert!(site.read("public/sitemap-3.xml").contains("/blog/p0/"));
    if have("xmllint") {
        for (schema, file) in [
            ("siteindex.xsd", "sitemap.xml"),
            ("sitemap-with-images.xsd", "sitemap-1.xml"),
            ("sitemap-with-images.xsd", "sitemap-2.xml"),
            ("sitemap-with-images.xsd", "sitemap-3.xml"),
        ] {
            let schema = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/schemas")
                .join(schema);
            let result = std::process::Command::new("xmllint")
                .args(["--noout", "--schema"])
                .arg(&schema)
                .arg(site.path("public").join(file))
                .output()
                .unwrap();
            assert!(
                result.status.success(),
                "{file}: {}",
                String::from_utf8_lossy(&result.stderr)
            );
        }
    }

    // Fewer posts later: one sitemap again, and the numbered parts are removed.
    for i in 1..5 {
        std::fs::remove_file(site.path(&format!("content/p{i}.md"))).unwrap();
    }
    site.build(&[]);
    assert!(site.read("public/sitemap.xml").contains("<urlset"));
    assert!(!site.path("public/sitemap-1.xml").exists());
}

#[test]
fn output_is_identical_for_any_number_of_threads() {
    let site = Site::fixture("tags");
    site.build(&["--jobs", "1", "--out", "one"]);
    site.build(&["--jobs", "4", "--out", "four"]);
    assert_eq!(site.snapshot_dir("one"), site.snapshot_dir("four"));
    let many = site_with_posts(40, 50_000);
    many.build(&["-j", "1", "--out", "one"]);
    many.build(&["-j", "3", "--out", "three"]);
    assert_eq!(many.snapshot_dir("one"), many.snapshot_dir("three"));
}

#[test]
fn no_sync_writes_the_same_bytes() {
    let site = Site::fixture("tags");
    site.build(&["--out", "synced"]);
    site.build(&["--no-sync", "--out", "unsynced"]);
    assert_eq!(site.snapshot_dir("synced"), site.snapshot_dir("unsynced"));
}
