//! Blogs written for other tools, built unmodified: one fixture site per tool in
//! `tests/fixtures/<tool>/in`, written from each tool's documented conventions (front-matter
//! formats and field names, page bundles, `_posts`, shortcodes, Liquid, MDX). Every output is
//! compared whole with `tests/fixtures/<tool>/out` (see [`assert_expected_outputs`]), and read
//! back value by value with `feed-rs`.

use crate::support::{Site, assert_expected_outputs, headlines, stderr, stdout};

const TOOLS: [&str; 6] = ["hugo", "jekyll", "zola", "astro", "nextjs", "eleventy"];

fn built(tool: &str) -> (Site, String) {
    let site = Site::fixture(tool);
    let output = site.build(&[]);
    (site, headlines(&stderr(&output)) + &stdout(&output))
}

/// The links of a feed's entries, newest first.
fn links(site: &Site, feed: &str) -> Vec<String> {
    site.parse_feed(feed)
        .entries
        .iter()
        .map(|entry| entry.links[0].href.clone())
        .collect()
}

fn entry<'a>(feed: &'a feed_rs::model::Feed, url: &str) -> &'a feed_rs::model::Entry {
    feed.entries
        .iter()
        .find(|entry| entry.links[0].href == url)
        .unwrap_or_else(|| panic!("no entry for {url}"))
}

/// An entry's full HTML.
fn html(entry: &feed_rs::model::Entry) -> &str {
    entry.content.as_ref().unwrap().body.as_deref().unwrap()
}

/// An entry's author names.
fn authors(entry: &feed_rs::model::Entry) -> Vec<&str> {
    entry
        .authors
        .iter()
        .map(|a| a.name.as_deref().unwrap())
        .collect()
}

/// An entry's category terms.
fn terms(entry: &feed_rs::model::Entry) -> Vec<&str> {
    entry.categories.iter().map(|c| c.term.as_str()).collect()
}

#[test]
fn every_output_of_every_tool_is_as_expected() {
    for tool in TOOLS {
        let (site, _) = built(tool);
        assert_expected_outputs(&site, "public", tool);
    }
}

#[test]
fn no_template_syntax_reaches_a_feed_outside_code() {
    for tool in TOOLS {
        let (site, _) = built(tool);
        for (name, bytes) in site.snapshot_dir("public") {
            let text = String::from_utf8(bytes).unwrap();
            // Code is content: drop it (escaped in XML, raw in JSON) before looking.
            let prose = without(
                &without(&text, "&lt;code", "&lt;/code&gt;"),
                "<code",
                "</code>",
            );
            // Jekyll's `{% raw %}` publishes its contents literally, as Jekyll does.
            let prose = prose.replace("{{ site.title }} and {% if x %}", "");
            for syntax in [
                "{{<",
                "{{%",
                "{%",
                "{{",
                "import ",
                "export const",
                "<TOCInline",
                "<HeaderLink",
            ] {
                assert!(
                    !prose.contains(syntax),
                    "{tool}: {name} holds `{syntax}` outside code:\n{prose}"
                );
            }
        }
    }
}

/// `text` without the spans from `open` to `close`.
fn without(text: &str, open: &str, close: &str) -> String {
    let mut kept = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(open) {
        kept.push_str(&rest[..start]);
        rest = rest[start..]
            .find(close)
            .map_or("", |end| &rest[start + end + close.len()..]);
    }
    kept.push_str(rest);
    kept
}

#[test]
fn hugo_sections_bundles_formats_and_shortcodes() {
    let (site, messages) = built("hugo");
    assert_eq!(
        links(&site, "public/atom.xml"),
        [
            "https://hugo.example/posts/targets/",
            "https://hugo.example/posts/json-post/",
            "https://hugo.example/posts/custom-slug/",
            "https://hugo.example/posts/first-post/",
            "https://hugo.example/about-us/",
        ],
        "section pages, the draft and the translation are not posts"
    );
    let feed = site.parse_feed("public/atom.xml");
    let first = entry(&feed, "https://hugo.example/posts/first-post/");
    assert_eq!(authors(first), ["Ann Author", "Bob Builder"]);
    assert_eq!(
        first.updated.unwrap().to_rfc3339(),
        "2021-01-07T13:30:00+00:00",
        "lastmod"
    );
    assert_eq!(
        first.summary.as_ref().unwrap().content,
        "An introduction with a link to the TOML post and one to the bundle.",
        "the summary ends at <!--more-->"
    );
    let content = html(first);
    for expected in [
        "<a href=\"https://hugo.example/posts/custom-slug/\">link to the TOML post</a>",
        "<a href=\"https://hugo.example/posts/targets/\">the bundle</a>",
        "<img src=\"https://hugo.example/img/diagram.png\" alt=\"A diagram\">",
        "src=\"https://www.youtube.com/embed/w7Ft2ymGmfc\"",
        "<pre><code class=\"language-go\">func main() {",
        "<p>Inner text of an unknown shortcode stays.</p>",
        "{{&lt; figure src=\"x.png\" &gt;}}",
    ] {
        assert!(
            content.contains(expected),
            "missing {expected} in {content}"
        );
    }
    let bundle = entry(&feed, "https://hugo.example/posts/targets/");
    assert_eq!(
        bundle.authors[0].name.as_deref().unwrap(),
        "Ann Author",
        "an author list"
    );
    assert!(
        site.read("public/feed.xml").contains(
            "<media:content url=\"https://hugo.example/posts/targets/cover.png\" medium=\"image\"/>"
        ),
        "a cover beside the bundle"
    );
    assert!(messages.contains(
        "warning: 1 translation file in languages other than the site's `en` left out (e.g. `content/posts/2021-02-03-targets/index.es.md`)"
    ));
    assert!(messages.contains(
        "warning: content/posts/first-post.md:26:1: Hugo shortcode `notice` is not one feedsmith knows: removed, its inner content kept (used once)"
    ));
    assert!(
        site.read("public/categories/guides/feed.xml")
            .contains("First post")
    );
}

#[test]
fn jekyll_posts_drafts_and_liquid() {
    let (site, messages) = built("jekyll");
    assert_eq!(
        links(&site, "public/feed.xml"),
        [
            "https://jekyll.example/blog/news/releases/2015/03/placeholders.html",
            "https://jekyll.example/blog/special/valentine/",
            "https://jekyll.example/blog/2015/01/10/second-post.html",
            "https://jekyll.example/blog/2014/12/17/welcome-to-jekyll.html",
        ],
        "`published: false` and `_drafts` are drafts"
    );
    let feed = site.parse_feed("public/atom.xml");
    let welcome = entry(
        &feed,
        "https://jekyll.example/blog/2014/12/17/welcome-to-jekyll.html",
    );
    assert_eq!(
        welcome.published.unwrap().to_rfc3339(),
        "2014-12-17T19:16:21+00:00"
    );
    assert_eq!(
        terms(welcome),
        ["jekyll", "update"],
        "a space-separated list"
    );
    let content = html(welcome);
    for expected in [
        "<pre><code class=\"language-ruby\">def print_hi(name)",
        "<a href=\"https://jekyll.example/blog/docs/\">Jekyll docs</a>",
        "<a href=\"https://jekyll.example/blog/2015/01/10/second-post.html\">next post</a>",
        "<img src=\"https://jekyll.example/blog/assets/logo.png\" alt=\"Logo\" />",
    ] {
        assert!(
            content.contains(expected),
            "missing {expected} in {content}"
        );
    }
    let second = entry(
        &feed,
        "https://jekyll.example/blog/2015/01/10/second-post.html",
    );
    assert_eq!(
        second.published.unwrap().to_rfc3339(),
        "2015-01-10T00:00:00+00:00",
        "the date of the file name"
    );
    let content = html(second);
    assert!(
        content.contains("This post's title is \"Second post\"."),
        "{content}"
    );
    assert!(!content.contains("nobody should see"), "{content}");
    assert!(messages.contains("Liquid `{% include %}` is not one feedsmith knows"));

    // With drafts, the undated draft is dated "now", as Jekyll dates it by its file.
    site.build(&["--drafts"]);
    let feed = site.parse_feed("public/atom.xml");
    let draft = entry(
        &feed,
        "https://jekyll.example/blog/2025/01/01/a-draft-without-a-date.html",
    );
    assert_eq!(
        draft.published.unwrap().timestamp().to_string(),
        crate::support::NOW
    );
}

#[test]
fn zola_taxonomies_paths_and_one_file_name_in_two_folders() {
    let (site, messages) = built("zola");
    assert_eq!(
        links(&site, "public/atom.xml"),
        [
            "https://zola.example/blog/2024/notes/",
            "https://zola.example/2024/06/26/Release-1.2.0/",
            "https://zola.example/blog/colocated/",
            "https://zola.example/blog/first/",
            "https://zola.example/blog/2023/notes/",
        ]
    );
    let feed = site.parse_feed("public/atom.xml");
    let release = entry(&feed, "https://zola.example/2024/06/26/Release-1.2.0/");
    assert_eq!(
        release.published.unwrap().to_rfc3339(),
        "2024-06-26T00:00:00+00:00",
        "the date in `path`"
    );
    let colocated = entry(&feed, "https://zola.example/blog/colocated/");
    assert_eq!(
        colocated.published.unwrap().to_rfc3339(),
        "2024-03-05T00:00:00+00:00"
    );
    assert!(html(colocated).contains("src=\"https://zola.example/blog/colocated/picture.png\""));
    let first = entry(&feed, "https://zola.example/blog/first/");
    assert_eq!(terms(first), ["zola", "rust", "Release notes"]);
    assert_eq!(first.authors[0].name.as_deref().unwrap(), "Vincent");
    assert_eq!(
        first.summary.as_ref().unwrap().content,
        "Taxonomies live in their own table."
    );
    assert!(
        site.read("public/categories/release-notes/atom.xml")
            .contains("First Zola post")
    );
    assert!(messages.contains("Zola shortcode `note` is not one feedsmith knows"));
}

#[test]
fn astro_dates_hero_images_and_mdx() {
    let (site, messages) = built("astro");
    let feed = site.parse_feed("public/feed.json");
    let dates: Vec<String> = feed
        .entries
        .iter()
        .map(|e| e.published.unwrap().date_naive().to_string())
        .collect();
    assert_eq!(dates, ["2024-06-01", "2023-10-11", "2022-07-08"]);
    let third = entry(&feed, "https://astro.example/blog/third-post/");
    assert_eq!(third.authors[0].name.as_deref().unwrap(), "Ann Author");
    let rss = site.read("public/feed.xml");
    assert!(rss.contains(
        "<media:content url=\"https://astro.example/blog/third-post/cover.jpg\" medium=\"image\"/>"
    ));
    assert!(rss.contains(
        "<media:content url=\"https://astro.example/blog-placeholder-3.jpg\" medium=\"image\"/>"
    ));
    let mdx = entry(&feed, "https://astro.example/blog/using-mdx/");
    let content = html(mdx);
    assert!(content.contains("Embedded component in MDX"), "{content}");
    assert!(
        content.contains("&lt;HeaderLink href=\"#\"&gt;In code"),
        "{content}"
    );
    assert!(messages.contains("content/using-mdx.mdx:15:1: MDX `<HeaderLink>`"));
}

#[test]
fn nextjs_nested_routes_summaries_and_exclude() {
    let (site, messages) = built("nextjs");
    assert_eq!(
        links(&site, "public/feed.xml"),
        [
            "https://next.example/blog/release-of-tailwind-nextjs-starter-blog-v2.0/",
            "https://next.example/blog/nested-route/introducing-multi-part-posts-with-nested-routing/",
            "https://next.example/blog/pictures-of-canada/",
            "https://next.example/blog/code-sample/",
        ],
        "drafts and excluded files are left out"
    );
    let feed = site.parse_feed("public/atom.xml");
    let release = entry(
        &feed,
        "https://next.example/blog/release-of-tailwind-nextjs-starter-blog-v2.0/",
    );
    assert_eq!(authors(release), ["default", "sparrowhawk"]);
    assert!(
        release
            .summary
            .as_ref()
            .unwrap()
            .content
            .starts_with("Release of Tailwind Nextjs Starter Blog template v2.0")
    );
    let canada = entry(&feed, "https://next.example/blog/pictures-of-canada/");
    assert!(
        html(canada).contains("<img src=\"https://next.example/static/images/ocean.jpeg\" alt=\"ocean\" width=\"256\" height=\"128\">"),
        "the Image component is the image it renders"
    );
    let sample = entry(&feed, "https://next.example/blog/code-sample/");
    assert_eq!(
        sample.summary.as_ref().unwrap().content,
        "The summary is everything before the marker."
    );
    assert!(
        site.read("public/categories/routing/feed.json")
            .contains("nested-route")
    );
    assert!(messages.contains("MDX `<TOCInline>`"));
}

#[test]
fn eleventy_fences_and_folder_posts() {
    let (site, messages) = built("eleventy");
    assert_eq!(
        links(&site, "public/feed.xml"),
        [
            "https://eleventy.example/posts/seventhpost/",
            "https://eleventy.example/blog/sixthpost/",
            "https://eleventy.example/blog/fourthpost/",
            "https://eleventy.example/blog/secondpost/",
            "https://eleventy.example/blog/firstpost/",
        ],
        "the ---js draft and `permalink: false` are left out; index.njk is no post"
    );
    let feed = site.parse_feed("public/atom.xml");
    let first = entry(&feed, "https://eleventy.example/blog/firstpost/");
    assert_eq!(
        terms(first),
        ["another tag"],
        "a string is one tag in Eleventy"
    );
    let fourth = entry(&feed, "https://eleventy.example/blog/fourthpost/");
    assert!(html(fourth).contains("src=\"https://eleventy.example/blog/fourthpost/possum.png\""));
    assert!(messages.contains("read 7 posts, published 5 (2 drafts skipped)"));
    assert!(messages.contains("Liquid `{% image %}` is not one feedsmith knows"));
}

#[test]
fn a_folder_without_posts_says_which_files_it_holds() {
    let site = Site::fixture("hugo");
    std::fs::remove_dir_all(site.path("content")).unwrap();
    site.write("content/index.html", "<p>x</p>");
    site.write("content/notes.txt", "x");
    site.write("content/_index.md", "---\ntitle: Home\n---\n");
    let output = site.build(&[]);
    assert!(
        headlines(&stderr(&output)).contains(
            "warning: content: no post found: posts end in .md, .markdown, .mdown, .mkd or .mdx, and this folder holds only files ending in .html, .txt"
        ),
        "{}",
        stderr(&output)
    );
}

#[test]
fn toml_errors_point_at_the_line_with_the_line_shown() {
    let site = Site::fixture("zola");
    site.write(
        "content/blog/broken.md",
        "+++\ntitle = \"Broken\"\ndate = 2024-13-01\n+++\n",
    );
    let output = site.run(&["build"]);
    assert_eq!(output.status.code(), Some(1));
    let message = headlines(&stderr(&output));
    assert!(
        message.starts_with("error: content/blog/broken.md:3:8: TOML front matter: "),
        "{message}"
    );
    let shown = stderr(&output);
    assert!(shown.contains("\n3 | date = 2024-13-01\n"), "{shown}");
}
