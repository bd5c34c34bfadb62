//! Every feed set a site has: section feeds as Zola and Hugo write them (a section's own
//! feed, its posts in the main feed or not as the tool has it), custom feeds of the posts a
//! filter selects (sections, tags any/all/none, authors, summaries only), and jekyll-feed's
//! options (`posts_limit`, `excerpt_only`, `tags: {except}`) read by `init --from`. Each
//! fixture's outputs are compared whole with its `out/` and each feed read back.

use crate::schemas::validate_outputs;
use crate::support::{
    CONFIG, Site, assert_expected_outputs, entry_links as links, headlines, stderr,
};

const FIXTURES: [&str; 3] = ["sections-zola", "sections-hugo", "sections-jekyll"];

fn built(fixture: &str) -> Site {
    let site = Site::fixture(fixture);
    site.build(&[]);
    site
}

#[test]
fn every_output_of_each_fixture_is_as_expected_and_valid() {
    for fixture in FIXTURES {
        let site = built(fixture);
        assert_expected_outputs(&site, "public", fixture);
        let files: Vec<String> = site
            .snapshot_dir("public")
            .into_iter()
            .map(|(name, _)| name)
            .collect();
        let named = |suffix: &str| -> Vec<&str> {
            files
                .iter()
                .filter(|f| f.ends_with(suffix) && !f.ends_with("feeds-head.html"))
                .map(String::as_str)
                .collect()
        };
        validate_outputs(
            &site,
            "public",
            &named("atom.xml"),
            &["sitemap.xml"],
            &named("feed.json"),
        );
    }
}

#[test]
fn each_feed_holds_exactly_the_posts_its_definition_selects() {
    let zola = built("sections-zola");
    let blog = "https://blog.example.org";
    // The main feed is the content folder's section: its posts and the transparent
    // `releases`', not `inside-rust`'s, which has its own.
    assert_eq!(
        links(&zola, "atom.xml"),
        [
            format!("{blog}/releases/2024/03/21/1-77-0/"),
            format!("{blog}/2024/01/10/hello/")
        ]
    );
    assert_eq!(
        links(&zola, "inside-rust/atom.xml"),
        [
            format!("{blog}/inside-rust/2024/02/15/survey/"),
            format!("{blog}/inside-rust/2024/02/01/compiler-update/")
        ]
    );
    let section = zola.parse_feed("public/inside-rust/atom.xml");
    assert_eq!(section.title.unwrap().content, "Inside Rust Blog");
    assert!(
        !zola.path("public/releases/atom.xml").exists(),
        "no generate_feeds"
    );
    // A custom feed across sections, by a tag spelled in another case, summaries only.
    let rust = zola.parse_feed("public/feeds/rust/atom.xml");
    let rust_links: Vec<&str> = rust
        .entries
        .iter()
        .map(|e| e.links[0].href.as_str())
        .collect();
    assert_eq!(
        rust_links,
        [
            format!("{blog}/inside-rust/2024/02/01/compiler-update/"),
            format!("{blog}/2024/01/10/hello/")
        ]
    );
    assert!(
        rust.entries
            .iter()
            .all(|e| e.content.is_none() && e.summary.is_some())
    );
    assert!(
        zola.parse_feed("public/atom.xml")
            .entries
            .iter()
            .all(|e| e.content.is_some())
    );
    assert!(
        !zola.path("public/feeds/rust/feed.json").exists(),
        "its json is off"
    );

    let hugo = built("sections-hugo");
    let site = "https://project.example.net";
    assert_eq!(
        links(&hugo, "atom.xml").len(),
        5,
        "Hugo's home feed holds every page"
    );
    assert_eq!(
        links(&hugo, "news/index.xml"),
        [
            format!("{site}/news/2024/meetup/"),
            format!("{site}/news/launch/")
        ],
        "a folder without a section page belongs to the section above"
    );
    assert_eq!(
        links(&hugo, "releases/index.xml"),
        [
            format!("{site}/releases/v1.1-beta/"),
            format!("{site}/releases/v1.0/"),
            format!("{site}/releases/lts/v0.9-lts/")
        ]
    );
    assert_eq!(
        links(&hugo, "releases/lts/atom.xml"),
        [format!("{site}/releases/lts/v0.9-lts/")]
    );
    assert_eq!(
        links(&hugo, "feeds/stable/atom.xml"),
        [
            format!("{site}/releases/v1.0/"),
            format!("{site}/releases/lts/v0.9-lts/")
        ],
        "a section and its subsections, less the tag `none` names"
    );
    assert_eq!(
        links(&hugo, "feeds/ann/feed.xml"),
        [format!("{site}/news/2024/meetup/")],
        "an author any case, within the feed's limit of 1"
    );
    assert!(
        !hugo.path("public/news/feed.json").exists(),
        "section JSON is off"
    );

    let jekyll = built("sections-jekyll");
    assert_eq!(links(&jekyll, "feed.xml").len(), 3, "posts_limit");
    assert!(jekyll.path("public/tags/field/atom.xml").exists());
    assert!(
        !jekyll.path("public/tags/private-notes").exists(),
        "tags: except"
    );
    assert!(
        jekyll
            .parse_feed("public/atom.xml")
            .entries
            .iter()
            .all(|e| e.content.is_none()),
        "excerpt_only"
    );
}

#[test]
fn the_lists_of_feeds_name_sections_and_custom_feeds() {
    let site = built("sections-hugo");
    let opml = site.read("public/feeds.opml");
    for url in [
        "https://project.example.net/news/index.xml",
        "https://project.example.net/releases/lts/index.xml",
        "https://project.example.net/feeds/stable/feed.json",
    ] {
        assert!(opml.contains(&format!("xmlUrl=\"{url}\"")), "{url}");
    }
    assert!(opml.contains("text=\"Sections\"") && opml.contains("text=\"Selected posts\""));
    let page = site.read("public/feeds.html");
    assert!(page.contains("<h2>Sections</h2>") && page.contains("Stable releases"));
    // Of the 3 posts the releases section covers, the page says so.
    assert!(page.contains("3 posts"), "{page}");
}

#[test]
fn init_from_maps_jekyll_feed_options() {
    let by_hand = built("sections-jekyll");
    let site = Site::fixture("sections-jekyll");
    std::fs::remove_dir_all(site.path("config")).unwrap();
    let init = site.run(&["init", "--from", "."]);
    assert!(init.status.success(), "{}", stderr(&init));
    let config = site.read("config/site.yaml");
    for line in [
        "  limit: 3 ",
        "  full_content: false ",
        "  except: [\"private notes\"]",
    ] {
        assert!(config.contains(line), "{line}:\n{config}");
    }
    site.build(&[]);
    for feed in ["feed.xml", "atom.xml", "tags/field/atom.xml"] {
        assert_eq!(links(&site, feed), links(&by_hand, feed), "{feed}");
    }
    // Hugo's `outputs` without RSS for sections turns their feeds off.
    let hugo = Site::fixture("sections-hugo");
    std::fs::remove_dir_all(hugo.path("config")).unwrap();
    hugo.write(
        "hugo.toml",
        "baseURL = 'https://project.example.net/'\ntitle = 'P'\n[outputs]\nsection = ['HTML']\n",
    );
    hugo.run(&["init", "--from", "."]);
    assert!(
        hugo.read("config/site.yaml")
            .contains("section_feeds: { enabled: false }")
    );
}

#[test]
fn a_filter_naming_what_the_site_lacks_is_an_error_with_the_closest() {
    let config = format!(
        "{CONFIG}sections: [{{path: news}}]\ncustom_feeds:\n  - name: a\n    folder: feeds/a\n    title: A\n    filter:\n      sections: [nws]\n      tags: {{all: [rustt]}}\n      language: de\n"
    );
    let post = "---\ntitle: P\ndate: 2024-01-01\ntags: [rust]\n---\nP\n";
    let site = Site::with(&config, &[("news/p.md", post)]);
    let output = site.run(&["build"]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    for expected in [
        "config/site.yaml:10:18",
        // The config's line, from the text the config stage kept.
        "|       sections: [nws]",
        "custom feed `a`: no section \"nws\" on this site",
        "did you mean \"news\"?",
        "no tag \"rustt\" on this site",
        "did you mean \"rust\"?",
        "no language \"de\" on this site",
    ] {
        assert!(err.contains(expected), "{expected}: {err}");
    }
    assert!(!site.path("public").exists());
}

#[test]
fn an_empty_custom_feed_is_a_warning_and_two_feeds_on_one_path_an_error() {
    let post = "---\ntitle: P\ndate: 2024-01-01\ntags: [rust, go]\n---\nP\n";
    let empty = format!(
        "{CONFIG}custom_feeds:\n  - name: both\n    folder: feeds/both\n    title: B\n    filter: {{tags: {{all: [rust, go], none: [go]}}}}\n"
    );
    let site = Site::with(&empty, &[("p.md", post)]);
    let output = site.build(&[]);
    assert!(
        stderr(&output).contains("custom feed `both` selects no post: it is written empty"),
        "{}",
        stderr(&output)
    );
    assert!(
        site.parse_feed("public/feeds/both/atom.xml")
            .entries
            .is_empty()
    );
    let clash =
        format!("{CONFIG}custom_feeds:\n  - name: one\n    folder: tags/rust\n    title: One\n");
    let site = Site::with(&clash, &[("p.md", post)]);
    let output = site.run(&["build"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        headlines(&stderr(&output)).contains(
            "error: config/site.yaml:6:13: two outputs are one file: `tags/rust/feed.xml` (the custom feed `one`, config line 6, column 13)"
        ),
        "{}",
        stderr(&output)
    );
    let twice = format!(
        "{CONFIG}custom_feeds:\n  - {{name: one, folder: a, title: A}}\n  - {{name: one, folder: b, title: B}}\n"
    );
    let output = Site::with(&twice, &[("p.md", post)]).run(&["build"]);
    assert!(stderr(&output).contains("custom feed `one` is defined twice"));
}

#[test]
fn archives_and_the_size_budget_cover_section_and_custom_feeds_alike() {
    let posts: Vec<(String, String)> = (1..=6)
        .map(|day| {
            (
                format!("news/p{day}.md"),
                format!(
                    "---\ntitle: P{day}\ndate: 2024-01-0{day}\ntags: [a]\n---\n{}\n",
                    "word ".repeat(400)
                ),
            )
        })
        .collect();
    let config = format!(
        "{CONFIG}feeds: {{limit: 2, max_bytes: 6000}}\narchives: {{enabled: true, page_size: 2}}\nsections: [{{path: news}}]\nsection_feeds: {{limit: 2}}\ncustom_feeds:\n  - {{name: a, folder: feeds/a, title: A, limit: 2, filter: {{tags: [a]}}}}\n"
    );
    let site = Site::with_made(&config, &posts);
    site.build(&[]);
    for folder in ["news", "feeds/a"] {
        let page = site.parse_feed(&format!("public/{folder}/archive/1/atom.xml"));
        let links: Vec<&str> = page
            .entries
            .iter()
            .map(|e| e.links[0].href.as_str())
            .collect();
        assert_eq!(
            links,
            [
                "https://example.com/blog/p2/",
                "https://example.com/blog/p1/"
            ],
            "{folder}"
        );
        for file in ["atom.xml", "feed.xml", "feed.json", "archive/1/feed.xml"] {
            let bytes = std::fs::metadata(site.path(&format!("public/{folder}/{file}")))
                .unwrap()
                .len();
            assert!(bytes <= 6000, "{folder}/{file}: {bytes} bytes");
        }
    }
}
