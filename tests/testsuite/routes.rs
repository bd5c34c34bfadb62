//! Every post at the URL its site publishes it: a permalink per folder (`permalinks:`), as a
//! site with several sections or collections routes each, beside the site's `permalink`.
//! Each build is read back: the feed's links and the sitemap's `<loc>`s.

use std::collections::BTreeSet;

use crate::support::{CONFIG, Site, assert_expected_outputs, entry_links, headlines, stderr};

const POST: &str = "---\ntitle: P\ndate: 2024-07-31\n---\nText.\n";

/// The URLs the sitemap lists.
fn sitemap_urls(site: &Site) -> BTreeSet<String> {
    let xml = site.read("public/sitemap.xml");
    xml.split("<loc>")
        .skip(1)
        .map(|rest| rest.split("</loc>").next().unwrap().to_string())
        .collect()
}

fn built(config: &str, posts: &[(&str, &str)]) -> Site {
    let site = Site::with(config, posts);
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    site
}

#[test]
fn each_folder_takes_its_own_permalink_and_the_deepest_folder_wins() {
    let config = format!(
        "{CONFIG}flavor: astro\npermalink: /posts/{{slug}}/\npermalinks:\n  newsletter: /newsletter/{{slug}}/\n  /journal/: /journal/{{year}}/{{slug}}/\n  journal/notes: /notes/{{slug}}.html\n"
    );
    let site = built(
        &config,
        &[
            ("posts/hello-world.md", POST),
            // Astro's slug is the file's id: a date as a name stays the whole name where the
            // folder's pattern does not carry the date...
            ("newsletter/2024-07-31.md", POST),
            // ...and drops its date prefix where it does.
            ("journal/2024-07-31-trip.md", POST),
            // The deepest folder's pattern, without the date: the prefix stays.
            ("journal/notes/2024-07-31-idea.md", POST),
            // A folder whose name only starts with a written one is not in it.
            ("newsletters/old.md", POST),
        ],
    );
    let expected: BTreeSet<String> = [
        "https://example.com/posts/hello-world/",
        "https://example.com/newsletter/2024-07-31/",
        "https://example.com/journal/2024/trip/",
        "https://example.com/notes/2024-07-31-idea.html",
        "https://example.com/posts/old/",
    ]
    .map(String::from)
    .into();
    let in_feed: BTreeSet<String> = entry_links(&site, "atom.xml").into_iter().collect();
    assert_eq!(in_feed, expected);
    assert_eq!(sitemap_urls(&site), expected);
}

#[test]
fn a_folders_permalink_holds_in_every_language_under_its_prefix() {
    let config = format!(
        "{CONFIG}languages: [en, fr]\npermalink: /blog/{{slug}}/\npermalinks:\n  newsletter: /letters/{{slug}}/\n"
    );
    let site = built(
        &config,
        &[
            ("newsletter/first.md", POST),
            ("newsletter/first.fr.md", POST),
            ("essay.md", POST),
        ],
    );
    assert_eq!(
        entry_links(&site, "atom.xml"),
        [
            "https://example.com/blog/essay/",
            "https://example.com/letters/first/"
        ]
    );
    assert_eq!(
        entry_links(&site, "fr/atom.xml"),
        ["https://example.com/fr/letters/first/"]
    );
}

#[test]
fn a_bad_folder_permalink_is_an_error_at_its_line() {
    for (permalinks, expected) in [
        (
            "  ../up: /up/{slug}/\n",
            "config/site.yaml:5:10: permalinks: \"../up\" must be a folder inside the content folder",
        ),
        (
            "  news: /news/\n",
            "config/site.yaml:5:9: permalinks: `news`: permalink \"/news/\" must contain `{slug}` or `{title}`",
        ),
        (
            "  news: /n/{slug}/\n  /news/: /m/{slug}/\n",
            "config/site.yaml:6:11: permalinks: folder `news` is written twice",
        ),
        (
            "  news: /n/{when}/{slug}/\n",
            "config/site.yaml:5:9: permalinks: `news`: permalink \"/n/{when}/{slug}/\" uses unknown placeholder `{when}`",
        ),
    ] {
        let site = Site::with(
            &format!("{CONFIG}permalinks:\n{permalinks}"),
            &[("a.md", POST)],
        );
        let output = site.run(&["build"]);
        assert_eq!(output.status.code(), Some(1), "{permalinks}");
        let error = headlines(&stderr(&output));
        assert!(error.contains(expected), "{permalinks}\n{error}");
        assert!(!site.path("public").exists());
    }
}

/// Eleventy's directory data gives each folder its permalink, and a post's own permalink
/// template says its URL with `page.fileSlug`, `title | slugify` and a date format; a
/// template that says more than that leaves the post to its folder's pattern, and the
/// config's `permalinks:` win over the site's data.
#[test]
fn eleventy_directory_data_and_permalink_templates_route_each_post() {
    let config = format!("{CONFIG}permalinks:\n  drafts: /wip/{{slug}}/\n");
    let site = Site::with(
        &config,
        &[
            ("blog/2024-07-31-first.md", POST),
            (
                "blog/blog.11tydata.json",
                r#"{"permalink": "/blog/{{ page.date | date: '%Y/%m' }}/{{ page.fileSlug }}/", "layout": "post.njk"}"#,
            ),
            (
                "notes/deep/idea.md",
                "---\ntitle: Don't Panic & Carry On\ndate: 2024-07-30\n---\nText.\n",
            ),
            (
                "notes/notes.json",
                r#"{"permalink": "/n/{{ title | slugify }}/index.html"}"#,
            ),
            (
                "notes/own.md",
                "---\ntitle: Own\ndate: 2024-07-29\npermalink: \"/special/{{ page.fileSlug }}/\"\n---\nText.\n",
            ),
            (
                "notes/odd.md",
                "---\ntitle: Odd\ndate: 2024-07-28\npermalink: \"/{{ page.filePathStem }}/\"\n---\nText.\n",
            ),
            // A template that is a pattern but names no post: the folder's stands in.
            (
                "notes/dated.md",
                "---\ntitle: Date Only\ndate: 2024-07-27\npermalink: \"/archive/{{ page.date | date: '%Y' }}/\"\n---\nText.\n",
            ),
            ("drafts/d.md", POST),
            (
                "drafts/drafts.11tydata.json",
                r#"{"permalink": "/ignored/{{ page.fileSlug }}/"}"#,
            ),
        ],
    );
    site.write("eleventy.config.js", "export default function () {}\n");
    let output = site.build(&["--verbose"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let expected: BTreeSet<String> = [
        "https://example.com/blog/2024/07/first/",
        "https://example.com/n/dont-panic-and-carry-on/",
        "https://example.com/special/own/",
        "https://example.com/n/odd/",
        "https://example.com/n/date-only/",
        "https://example.com/wip/d/",
    ]
    .map(String::from)
    .into();
    let in_feed: BTreeSet<String> = entry_links(&site, "atom.xml").into_iter().collect();
    assert_eq!(in_feed, expected);
    assert_eq!(sitemap_urls(&site), expected);
    // `-v` names the data files read.
    assert!(
        stderr(&output).contains("blog.11tydata.json"),
        "{}",
        stderr(&output)
    );

    // A data file that is not JSON stops the build at its line and column, and the outputs
    // stay as they were.
    let before = site.read("public/atom.xml");
    site.write("content/notes/notes.json", "{\n  \"permalink\": oops\n}\n");
    let output = site.run(&["build"]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("notes.json:2:"),
        "{}",
        stderr(&output)
    );
    assert_eq!(site.read("public/atom.xml"), before);
}

/// One site of each class of route, as its tool lays it out, built unmodified: every output
/// is as expected (`tests/fixtures/routes-*/out`), and each feed, parsed back, links each
/// post where its site publishes it.
#[test]
fn each_tools_routes_are_as_expected() {
    let cases: [(&str, &[&str]); 5] = [
        // Two Astro collections, each by its own route; dated by the schema's `launchedOn`.
        (
            "routes-astro",
            &[
                "https://astro.example/newsletter/2024-07-31/",
                "https://astro.example/posts/hello-world/",
            ],
        ),
        // Hugo's `[permalinks]` per section; `Title:` read in any case; an undated page left out.
        (
            "routes-hugo",
            &[
                "https://hugo.example/technotes/grep-tricks/",
                "https://hugo.example/blog/2024/03/01/first-post/",
            ],
        ),
        // Jekyll's defaults, one scoped to `_posts/releases`.
        (
            "routes-jekyll",
            &[
                "https://jekyll.example/releases/v1.2/",
                "https://jekyll.example/blog/2024/hello/",
            ],
        ),
        // Eleventy's directory data, a post's own template, a Nunjucks post; `_includes` unread.
        (
            "routes-eleventy",
            &[
                "https://eleventy.example/n/idea/",
                "https://eleventy.example/its-own-way/",
                "https://eleventy.example/blog/2024/hello/",
            ],
        ),
        // Next.js compiling `.md` as MDX (next-mdx-remote).
        ("routes-nextjs", &["https://next.example/blog/server-video"]),
    ];
    for (fixture, links) in cases {
        let site = Site::fixture(fixture);
        let output = site.build(&[]);
        assert!(output.status.success(), "{fixture}: {}", stderr(&output));
        assert_expected_outputs(&site, "public", fixture);
        assert_eq!(entry_links(&site, "atom.xml"), *links, "{fixture}");
        let rss: Vec<String> = site
            .parse_feed("public/feed.xml")
            .entries
            .iter()
            .map(|entry| entry.links[0].href.clone())
            .collect();
        assert_eq!(rss, *links, "{fixture}");
    }
}
