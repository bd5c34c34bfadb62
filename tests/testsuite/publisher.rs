//! What a post's front matter says about where it goes: `feed: false` (no feed of any
//! kind), `noindex: true` and `sitemap: false` (no sitemap), Hugo's `build: {list: never}`
//! (neither), `build: {list: local}` (its section's feed only), `sitemap: {disable: true}`,
//! and `expiryDate` (gone once past, unless `--expired`). Each build is read back: the
//! titles in every feed, the URLs of the sitemap, `-v` and the JSON report.

use crate::support::{Site, stderr, stdout};

fn titles(site: &Site, path: &str) -> Vec<String> {
    site.entry_titles(path)
}

/// The post URLs of the sitemap.
fn sitemap(site: &Site) -> Vec<String> {
    let text = site.read("public/sitemap.xml");
    let mut urls: Vec<String> = text
        .split("<loc>")
        .skip(1)
        .map(|rest| rest.split("</loc>").next().unwrap().to_string())
        .collect();
    urls.sort();
    urls
}

/// A Hugo site with two sections and a post for each switch.
fn hugo_site() -> Site {
    let site = Site::with(
        "title: SW\ndescription: D\nbase_url: https://sw.example/\ncontent_dir: content\npermalink: \"/{path}/{slug}/\"\nsection_feeds:\n  enabled: true\ncustom_feeds:\n  - name: all-t\n    folder: feeds/t\n    title: T\n    filter:\n      tags: [t]\n",
        &[],
    );
    site.write(
        "hugo.toml",
        "baseURL = \"https://sw.example/\"\ntitle = \"SW\"\n",
    );
    site.write("content/blog/_index.md", "---\ntitle: Blog\n---\n");
    site.write("content/notes/_index.md", "---\ntitle: Notes\n---\n");
    let posts = [
        ("blog/plain.md", "Plain", ""),
        ("blog/nofeed.md", "NoFeed", "feed: false\n"),
        ("blog/noindex.md", "NoIndex", "noindex: true\n"),
        ("blog/never.md", "Never", "build:\n  list: never\n"),
        ("notes/local.md", "Local", "_build:\n  list: local\n"),
        (
            "blog/nositemap.md",
            "NoSitemap",
            "sitemap:\n  disable: true\n",
        ),
        ("blog/expired.md", "Expired", "expiryDate: 2024-08-01\n"),
        ("blog/expiring.md", "Expiring", "expirydate: 2999-01-01\n"),
    ];
    for (month, (path, title, extra)) in posts.iter().enumerate() {
        site.write(
            &format!("content/{path}"),
            &format!(
                "---\ntitle: {title}\ndate: 2024-0{}-01\ntags: [t]\n{extra}---\nBody.\n",
                month + 1
            ),
        );
    }
    site
}

#[test]
fn each_switch_takes_a_post_out_of_the_lists_it_names() {
    let site = hugo_site();
    let output = site.build(&["-v"]);
    let everywhere = ["Expiring", "NoIndex", "NoSitemap", "Plain"];
    assert_eq!(titles(&site, "public/feed.xml"), everywhere);
    assert_eq!(titles(&site, "public/blog/feed.xml"), everywhere);
    assert_eq!(titles(&site, "public/tags/t/feed.xml"), everywhere);
    assert_eq!(titles(&site, "public/feeds/t/feed.xml"), everywhere);

    // `list: local`: its own section's feed alone.
    assert_eq!(titles(&site, "public/notes/feed.xml"), ["Local"]);
    assert_eq!(
        sitemap(&site),
        [
            "https://sw.example/blog/expiring/",
            "https://sw.example/blog/nofeed/",
            "https://sw.example/blog/plain/",
            "https://sw.example/notes/local/",
        ]
    );
    // `-v` says why each post is out of which list; the summary counts the expired.
    let notes = stderr(&output);
    for line in [
        "no feed, no sitemap: content/blog/never.md",
        "no feed: content/blog/nofeed.md",
        "no sitemap: content/blog/noindex.md",
        "no sitemap: content/blog/nositemap.md",
        "its section's feed only: content/notes/local.md",
    ] {
        assert!(notes.contains(line), "{line} in {notes}");
    }
    let summary = stdout(&output);
    assert!(summary.contains("(1 expired skipped)"), "{summary}");
}

#[test]
fn expired_posts_come_back_with_expired_and_the_report_says_why_posts_left() {
    let site = hugo_site();
    let output = site.run(&["build", "--expired", "--format", "json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(report["skipped"]["expired"], 0);
    assert_eq!(
        report["skipped"]["unlisted"][0],
        serde_json::json!({"file": "content/blog/never.md", "lists": "no feed, no sitemap"})
    );
    assert!(
        titles(&site, "public/feed.xml").contains(&"Expired".to_string()),
        "{:?}",
        titles(&site, "public/feed.xml")
    );
    // Without it, the JSON counts the expired post.
    let output = site.run(&["build", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(report["skipped"]["expired"], 1);
}

#[test]
fn jekyll_sitemap_false_and_feed_false_hold_in_every_profile() {
    let site = Site::with(
        "title: J\ndescription: D\nbase_url: https://j.example/\ncontent_dir: _posts\n",
        &[],
    );
    site.write("_config.yml", "title: J\nurl: https://j.example\n");
    site.write(
        "_posts/2024-01-01-kept.md",
        "---\ntitle: Kept\n---\nBody.\n",
    );
    site.write(
        "_posts/2024-01-02-unmapped.md",
        "---\ntitle: Unmapped\nsitemap: false\n---\nBody.\n",
    );
    site.write(
        "_posts/2024-01-03-unfed.md",
        "---\ntitle: Unfed\nfeed: false\n---\nBody.\n",
    );
    let output = site.build(&[]);
    assert!(
        !stderr(&output).contains("is not one feedsmith reads"),
        "{}",
        stderr(&output)
    );
    assert_eq!(titles(&site, "public/feed.xml"), ["Kept", "Unmapped"]);
    let urls = sitemap(&site);
    assert!(urls.iter().any(|url| url.contains("unfed")), "{urls:?}");
    assert!(!urls.iter().any(|url| url.contains("unmapped")), "{urls:?}");
}

#[test]
fn an_expiry_date_that_does_not_read_is_an_error_at_its_line() {
    let site = Site::with(
        "title: T\ndescription: D\nbase_url: https://t.example/\n",
        &[(
            "a.md",
            "---\ntitle: A\ndate: 2024-01-01\nexpiryDate: soon\n---\nBody.\n",
        )],
    );
    let output = site.run(&["build"]);
    assert!(!output.status.success());
    let errors = stderr(&output);
    assert!(
        errors.contains("content/a.md:4") && errors.contains("`expiryDate`"),
        "{errors}"
    );
}

/// Each tool's switches as a whole site: the tree of outputs, byte for byte, and the posts
/// each list holds read back from it.
#[test]
fn each_tools_switches_give_the_expected_tree() {
    let cases: [(&str, &[&str], &[&str]); 3] = [
        (
            "switches-hugo",
            &["Expiring", "NoIndex", "NoSitemap", "Plain"],
            &[
                "https://hugo-switches.example/blog/expiring/",
                "https://hugo-switches.example/blog/no-feed/",
                "https://hugo-switches.example/blog/plain/",
                "https://hugo-switches.example/notes/local/",
            ],
        ),
        (
            "switches-jekyll",
            &["NoIndex", "NoSitemap", "Plain"],
            &[
                "https://jekyll-switches.example/2024/01/01/plain.html",
                "https://jekyll-switches.example/2024/01/03/no-feed.html",
            ],
        ),
        (
            "switches-zola",
            &["NoIndex", "Plain"],
            &[
                "https://zola-switches.example/blog/no-feed/",
                "https://zola-switches.example/blog/plain/",
            ],
        ),
    ];
    for (fixture, in_feeds, in_sitemap) in cases {
        let site = Site::fixture(fixture);
        site.build(&[]);
        assert_eq!(titles(&site, "public/feed.xml"), in_feeds, "{fixture}");
        assert_eq!(
            titles(&site, "public/tags/t/feed.xml"),
            in_feeds,
            "{fixture}"
        );
        let urls: Vec<String> = sitemap(&site)
            .into_iter()
            .filter(|url| url.matches('/').count() > 3)
            .collect();
        assert_eq!(urls, in_sitemap, "{fixture}");
        crate::support::assert_expected_outputs(&site, "public", fixture);
    }
}
