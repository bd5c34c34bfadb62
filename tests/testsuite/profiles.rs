//! Each tool's own rules, end to end: a site with the tool's config file in its root (found
//! above the content folder) or `flavor:` in the feedsmith config, built by the binary, its
//! feeds read back. The cases are the classes real blogs showed: URLs by each tool's slug
//! rule, Liquid over code, site values, Hugo's built-ins and hidden pages, Zola's internal
//! links, one-digit hours, region language tags.

use crate::support::{CONFIG, Site, stderr};

/// A site whose root holds `tool_files` (the tool's config) and a `.git` folder, so the
/// search for the tool's config stops there, with the feedsmith `config` and `files`.
fn site(config: &str, tool_files: &[(&str, &str)], files: &[(&str, &str)]) -> Site {
    let site = Site::empty();
    std::fs::create_dir(site.path(".git")).unwrap();
    site.write("config/site.yaml", config);
    for (path, text) in tool_files.iter().chain(files) {
        site.write(path, text);
    }
    site
}

/// The links and HTML contents of a site's Atom feed, newest first.
fn entries(site: &Site) -> Vec<(String, String)> {
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    site.parse_feed("public/atom.xml")
        .entries
        .into_iter()
        .map(|entry| {
            let html = entry.content.and_then(|c| c.body).unwrap_or_default();
            (entry.links[0].href.clone(), html)
        })
        .collect()
}

#[test]
fn jekyll_keeps_the_file_names_case_runs_liquid_over_code_and_reads_its_config() {
    let site = site(
        &format!("{CONFIG}content_dir: _posts\npermalink: /{{year}}/{{month}}/{{day}}/{{slug}}/\n"),
        &[
            ("_config.yml", "title: News\nrepository: jekyll/jekyll\n"),
            (
                "_data/authors.yml",
                "parkr:\n  name: Parker Moore\n  uri: https://parkermoore.de\n",
            ),
        ],
        &[
            (
                "_posts/2014-01-01-linked.md",
                "---\ntitle: Linked\nauthor: '[Ann Lee](https://ann.example/) (Example Org)'\n---\nHi.\n",
            ),
            (
                "_posts/2023-06-29-redos-in-uri-CVE-2023-36617.md",
                "---\ntitle: ReDoS\nauthor: parkr\ndate: 2013-11-22 5:00:00 +0000\n---\nSee [the repo](https://github.com/{{ site.repository }}).\n\n```\n{{ release.size.gz }} {% raw %}{{ shown }}{% endraw %}\n```\n",
            ),
        ],
    );
    let entries = entries(&site);
    assert_eq!(
        entries[1].0,
        "https://example.com/2013/11/22/redos-in-uri-CVE-2023-36617/"
    );
    let html = &entries[1].1;
    assert!(
        html.contains("href=\"https://github.com/jekyll/jekyll\""),
        "{html}"
    );
    assert!(
        !html.contains("release.size") && html.contains("{{ shown }}"),
        "{html}"
    );
    // Authors by id in `_data/authors.yml`, and written as a Markdown link.
    let feed = site.parse_feed("public/atom.xml");
    let author = |index: usize| {
        let person = &feed.entries[index].authors[0];
        (person.name.clone(), person.uri.clone())
    };
    assert_eq!(
        author(0),
        (
            Some("Ann Lee (Example Org)".into()),
            Some("https://ann.example/".into())
        )
    );
    assert_eq!(
        author(1),
        (
            Some("Parker Moore".into()),
            Some("https://parkermoore.de/".into())
        )
    );
}

#[test]
fn hugo_lower_cases_paths_leaves_headless_pages_out_and_expands_its_builtins() {
    let site = site(
        &format!("{CONFIG}permalink: /posts/{{slug}}/\n"),
        &[(
            "hugo.toml",
            "baseURL = 'https://example.com/'\n[params]\nrepo = 'https://github.com/x/y'\n",
        )],
        &[
            (
                "content/posts/Release 1.2.0.md",
                "---\ntitle: Release\ndate: 2024-01-02\nparams:\n  original: https://elsewhere.example/r\n---\n{{< figure src = \"/img/a.png\" caption = \"A *fine* picture\" >}}\n\nFirst at {{< param original >}}, code at {{< param repo >}}.\n\n{{< comment >}}TODO: secret{{< /comment >}}\n\n<pre><code>{{name}}</code></pre>\n",
            ),
            (
                "content/posts/shared/index.md",
                "---\nheadless: true\n---\nA bundle of images, never a page.\n",
            ),
            ("content/posts/_index.zh-CN.md", "---\ntitle: 文章\n---\n"),
            (
                "content/posts/hello/index.pt-BR.md",
                "---\ntitle: Olá\ndate: 2024-01-01\n---\nOi.\n",
            ),
        ],
    );
    let err = stderr(&site.build(&[]));
    assert!(
        err.contains("warning: 1 page left out: the tool never lists a headless bundle")
            && err.contains("shared"),
        "{err}"
    );
    let entries = entries(&site);
    let links: Vec<&str> = entries.iter().map(|(link, _)| link.as_str()).collect();
    assert_eq!(links, ["https://example.com/posts/release-1.2.0/"]);
    let html = &entries[0].1;
    assert!(
        html.contains("<img src=\"https://example.com/img/a.png\" alt=\"A fine picture\">"),
        "{html}"
    );
    assert!(html.contains("<p>A <em>fine</em> picture</p>"), "{html}");
    assert!(
        html.contains("First at https://elsewhere.example/r, code at https://github.com/x/y."),
        "{html}"
    );
    assert!(
        !html.contains("secret") && html.contains("{{name}}"),
        "{html}"
    );
}

/// Hugo's `urlize` (`paths.Sanitize`, then Go's URL escaping), from Hugo's source: a `%`
/// stays only before two hex digits, as an escape its URL keeps as written (lower-cased with
/// the rest); any other `%` goes, and so does punctuation; a run of white space becomes one
/// `-` (none beside a `-`); other letters are escaped as UTF-8.
/// The same rule makes a slug written in the front matter.
#[test]
fn hugo_urls_keep_percent_escapes_as_hugo_writes_them() {
    let post = |slug: &str| match slug {
        "" => "---\ntitle: X\ndate: 2024-01-01\n---\nx\n".to_string(),
        slug => format!("---\ntitle: X\ndate: 2024-01-01\nslug: \"{slug}\"\n---\nx\n"),
    };
    let names = [
        ("100%-done", "", "100-done"),
        ("go %41", "", "go-%41"),
        ("caf%C3%A9 au lait", "", "caf%c3%a9-au-lait"),
        ("50%", "", "50"),
        ("a%2", "", "a2"),
        ("Ünïcode Straße", "", "%C3%BCn%C3%AFcode-stra%C3%9Fe"),
        ("written", "100% Sure %7E", "100-sure-%7e"),
        // Only white space makes a `-`, one for a run, none beside a `-`.
        ("Why?Not", "", "whynot"),
        ("x - y", "", "x-y"),
        ("p  q\tr", "", "p-q-r"),
    ];
    let files: Vec<(String, String)> = names
        .iter()
        .map(|(name, slug, _)| (format!("content/posts/{name}.md"), post(slug)))
        .collect();
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let site = site(
        &format!("{CONFIG}permalink: /posts/{{slug}}/\n"),
        &[("hugo.toml", "baseURL = 'https://example.com/'\n")],
        &files,
    );
    let mut links: Vec<String> = entries(&site).into_iter().map(|(link, _)| link).collect();
    links.sort();
    let mut expected: Vec<String> = names
        .iter()
        .map(|(_, _, url)| format!("https://example.com/posts/{url}/"))
        .collect();
    expected.sort();
    assert_eq!(links, expected);
}

#[test]
fn zola_internal_links_reach_the_post_they_name() {
    let site = site(
        &format!("{CONFIG}permalink: /blog/{{slug}}/\ncontent_dir: content/blog\n"),
        &[("config.toml", "base_url = 'https://example.com'\n")],
        &[
            (
                "content/blog/2024-03-05_First-Post.md",
                "+++\ntitle = 'First'\n+++\n## Part\n",
            ),
            (
                "content/blog/second.md",
                "+++\ntitle = 'Second'\ndate = 2024-03-06\n+++\nSee [the first](@/blog/2024-03-05_First-Post.md#part) and [a missing one](@/blog/none.md).\n\nPages: [about](@/pages/About_Us.md), [docs](@/docs/_index.md).\n",
            ),
            // Pages outside the posts' folder, which Zola publishes all the same.
            (
                "content/pages/About_Us.md",
                "+++\ntitle = 'About'\n+++\nUs\n",
            ),
            ("content/docs/_index.md", "+++\ntitle = 'Docs'\n+++\n"),
        ],
    );
    let err = stderr(&site.build(&[]));
    assert!(
        err.contains("second.md:5:1")
            && err.contains("reference to \"@/blog/none.md\": no published post by that name"),
        "{err}"
    );
    let entries = entries(&site);
    assert_eq!(entries[1].0, "https://example.com/blog/first-post/");
    let html = &entries[0].1;
    assert!(
        html.contains("href=\"https://example.com/blog/first-post/#part\""),
        "{html}"
    );
    assert!(
        html.contains("href=\"https://example.com/pages/about-us/\"")
            && html.contains("href=\"https://example.com/docs/\""),
        "{html}"
    );
}

/// A reference that names no page — Hugo's `ref`/`relref`, Jekyll's `post_url`/`link`, a
/// Zola `@/` link — is a warning at its line, and the reader sees the author's words: the
/// link's text without a link, an image's alt text, the target as written in prose; never a
/// URL under the post that leads nowhere. One that names a post still links to it.
#[test]
fn a_reference_to_no_page_is_published_as_its_text_without_a_link() {
    let hugo = site(
        &format!(
            "{CONFIG}permalink: /posts/{{slug}}/
flavor: hugo
"
        ),
        &[],
        &[
            (
                "content/hello.md",
                "---\ntitle: Hello\ndate: 2024-01-01\n---\nHi.\n",
            ),
            (
                "content/refs.md",
                "---\ntitle: Refs\ndate: 2024-01-02\n---\nJoin [our community]({{< relref community >}}) or read [hello]({{< relref hello >}}).\n\nAlso [old]({{< ref \"posts/missing.md\" >}}), ![a chart]({{< ref chart.png >}}), <a href=\"{{< relref nothing >}}\">raw</a> and see {{< relref community >}}.\n\n[def]: {{< relref gone >}}\n\nBy [definition][def].\n",
            ),
        ],
    );
    let jekyll = site(
        &format!("{CONFIG}content_dir: _posts\nflavor: jekyll\n"),
        &[("_config.yml", "title: J\n")],
        &[(
            "_posts/2024-01-02-refs.md",
            "---\ntitle: Refs\n---\nRead [the welcome]({% post_url 2010-01-01-welcome %}) and more.\n",
        )],
    );
    let zola = site(
        &format!("{CONFIG}flavor: zola\n"),
        &[],
        &[(
            "content/refs.md",
            "+++\ntitle = 'Refs'\ndate = 2024-01-02\n+++\nSee [a missing one](@/blog/none.md).\n",
        )],
    );
    for (site, words, warned) in [
        (
            &hugo,
            &[
                "Join our community or",
                "Also old, a chart,",
                ">raw</a> and see community.",
                "By definition.",
            ][..],
            &[
                "\"community\"",
                "\"posts/missing.md\"",
                "\"chart.png\"",
                "\"nothing\"",
                "\"gone\"",
            ][..],
        ),
        (
            &jekyll,
            &["Read the welcome and more."][..],
            &["\"2010-01-01-welcome\""][..],
        ),
        (
            &zola,
            &["See a missing one."][..],
            &["\"@/blog/none.md\""][..],
        ),
    ] {
        let output = site.build(&[]);
        assert!(output.status.success(), "{}", stderr(&output));
        let err = stderr(&output);
        for target in warned {
            assert!(
                err.contains(&format!(
                    "reference to {target}: no published post by that name"
                )),
                "{target}: {err}"
            );
        }
        let entries = entries(site);
        let html = &entries[0].1;
        for text in words {
            assert!(html.contains(text), "{text}: {html}");
        }
        // No trace of the reference as a URL, in any output.
        for (name, bytes) in site.snapshot_dir("public") {
            let text = String::from_utf8_lossy(&bytes);
            for trace in [
                "feedsmith-unresolved",
                "/community",
                "/nothing",
                "chart.png",
                "/gone",
                "01-welcome",
                "none.md\"",
            ] {
                assert!(!text.contains(trace), "{name} holds {trace}: {text}");
            }
        }
    }
    // A reference to a post still links to it.
    let html = &entries(&hugo)[0].1;
    assert!(
        html.contains("<a href=\"https://example.com/posts/hello/\">hello</a>"),
        "{html}"
    );
}

#[test]
fn astro_and_nextjs_slugs_and_plain_markdown() {
    let astro = site(
        &format!("{CONFIG}permalink: /{{path}}/{{slug}}/\ncontent_dir: src/content\n"),
        &[("astro.config.mjs", "export default {}\n")],
        &[(
            "src/content/releases/3.10.mdx",
            "---\ntitle: Three ten\ndate: 2024-05-01\n---\nimport X from './x';\n\nReleased.\n",
        )],
    );
    assert_eq!(entries(&astro)[0].0, "https://example.com/releases/310/");
    let next = site(
        &format!("{CONFIG}permalink: /blog/{{slug}}/\n"),
        &[("next.config.js", "module.exports = {}\n")],
        &[(
            "content/2025-06-28-Emelia-Smith.md",
            "---\ntitle: Emelia\ndate: 2024-06-28\n---\nBraces {{ stay }} in plain Markdown.\n",
        )],
    );
    let entries = entries(&next);
    assert_eq!(
        entries[0].0,
        "https://example.com/blog/2025-06-28-Emelia-Smith/"
    );
    assert!(entries[0].1.contains("{{ stay }}"), "{}", entries[0].1);
}

#[test]
fn the_config_names_the_tool() {
    let site = site(
        &format!("{CONFIG}flavor: eleventy\npermalink: /{{slug}}/\n"),
        &[],
        &[(
            "content/2019-01-01-My-Post.md",
            "---\ntitle: Mine\ndate: 2019-01-01\n---\nHi {{ page.title }}.\n",
        )],
    );
    let entries = entries(&site);
    // Eleventy's `page.fileSlug`: the date dropped, the case kept.
    assert_eq!(entries[0].0, "https://example.com/My-Post/");
    let wrong = self::site(&format!("{CONFIG}flavor: gatsby\n"), &[], &[]);
    let output = wrong.run(&["build"]);
    let err = stderr(&output);
    assert!(!output.status.success());
    assert!(
        err.contains("flavor \"gatsby\" is not a tool feedsmith knows (known: auto, hugo, jekyll, zola, astro, nextjs, eleventy, markdown)"),
        "{err}"
    );
    assert!(err.contains("site.yaml:4"), "{err}");
}

/// Hugo's `ref` and `relref` to a page of the site that is not a post — a section page, an
/// About page, a docs page — link to where Hugo publishes it, by its path in the content
/// root: with or without `.md`, or by its folder for a section or bundle.
#[test]
fn hugo_references_reach_pages_outside_the_posts_folder() {
    let site = site(
        &format!("{CONFIG}content_dir: content/posts\npermalink: /blog/{{slug}}/\n"),
        &[("hugo.toml", "baseURL = 'https://example.com/'\n")],
        &[
            (
                "content/posts/refs.md",
                "---\ntitle: Refs\ndate: 2024-01-02\n---\nJoin [us]({{< relref community >}}), read [about]({{< ref \"/about\" >}}), [install]({{< relref \"docs/Install Guide.md\" >}}) and [a bundle]({{< relref \"guides/first\" >}}).\n",
            ),
            (
                "content/community/_index.md",
                "---\ntitle: Community\n---\n",
            ),
            ("content/about.md", "---\ntitle: About\n---\n"),
            (
                "content/docs/Install Guide.md",
                "---\ntitle: Install\n---\n",
            ),
            ("content/guides/first/index.md", "---\ntitle: First\n---\n"),
        ],
    );
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        !stderr(&output).contains("reference to"),
        "{}",
        stderr(&output)
    );
    let html = &entries(&site)[0].1;
    for link in [
        "<a href=\"https://example.com/community/\">us</a>",
        "<a href=\"https://example.com/about/\">about</a>",
        "<a href=\"https://example.com/docs/install-guide/\">install</a>",
        "<a href=\"https://example.com/guides/first/\">a bundle</a>",
    ] {
        assert!(html.contains(link), "{link}: {html}");
    }
}

/// A Hugo site whose default language keeps its content in a folder of its own
/// (`[languages.en] contentDir = "content/en"`, as docsy sites do): references resolve
/// against that folder.
#[test]
fn hugo_references_start_at_the_default_languages_content_folder() {
    let site = site(
        &format!("{CONFIG}content_dir: content/en/blog\npermalink: /blog/{{slug}}/\n"),
        &[(
            "hugo.toml",
            "baseURL = 'https://example.com/'\n[languages.en]\ncontentDir = 'content/en'\n",
        )],
        &[
            (
                "content/en/blog/refs.md",
                "---\ntitle: Refs\ndate: 2024-01-02\n---\nJoin [us]({{< relref community >}}).\n",
            ),
            (
                "content/en/community/_index.md",
                "---\ntitle: Community\n---\n",
            ),
        ],
    );
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        !stderr(&output).contains("reference to"),
        "{}",
        stderr(&output)
    );
    let html = &entries(&site)[0].1;
    assert!(
        html.contains("<a href=\"https://example.com/community/\">us</a>"),
        "{html}"
    );
}

/// Hugo reads front-matter keys without regard to case (`Title:`, `Date:`, `Tags:`); the
/// other tools read them as written, so there the same post has no date.
#[test]
fn hugo_reads_front_matter_keys_in_any_case() {
    let post = "---\nTitle: Upper Case\nDate: 2024-01-05\nDescription: Said so.\nTags: [Go]\nDraft: false\n---\nText.\n";
    let hugo = site(
        &format!("{CONFIG}flavor: hugo\npermalink: /posts/{{slug}}/\n"),
        &[],
        &[("content/upper.md", post)],
    );
    let output = hugo.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let feed = hugo.parse_feed("public/atom.xml");
    let entry = &feed.entries[0];
    assert_eq!(entry.title.as_ref().unwrap().content, "Upper Case");
    assert_eq!(entry.summary.as_ref().unwrap().content, "Said so.");
    assert_eq!(
        entry.published.unwrap().to_rfc3339(),
        "2024-01-05T00:00:00+00:00"
    );
    assert_eq!(entry.categories[0].term, "Go");
    assert!(hugo.path("public/tags/go/atom.xml").exists());

    let jekyll = site(
        &format!("{CONFIG}flavor: jekyll\n"),
        &[],
        &[("content/upper.md", post)],
    );
    let output = jekyll.run(&["build"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("missing date"),
        "{}",
        stderr(&output)
    );
}

/// A Next.js site that renders its posts with next-mdx-remote compiles `.md` as MDX: JSX
/// components and expressions are MDX there, not text. Without it, or with `md_as_mdx:
/// false`, `.md` is plain Markdown; a `package.json` that does not parse is an error at its
/// line.
#[test]
fn a_nextjs_site_with_next_mdx_remote_reads_md_as_mdx() {
    let post = "---\ntitle: A\ndate: 2024-01-01\ndescription: d\n---\nimport { Chart } from '../components/chart'\n\nIntro {1 + 1} text.\n\n<Server>Inside the server</Server>\n";
    let package = |deps: &str| {
        format!("{{\"name\": \"blog\", \"dependencies\": {{\"next\": \"14.2.0\"{deps}}}}}")
    };
    let html_of = |package: &str, extra: &str| {
        let site = site(
            &format!("{CONFIG}content_dir: posts\npermalink: /blog/{{slug}}/\n{extra}"),
            &[
                ("next.config.js", "module.exports = {}\n"),
                ("package.json", package),
            ],
            &[("posts/a/index.md", post)],
        );
        entries(&site)[0].1.clone()
    };
    let mdx = html_of(&package(", \"next-mdx-remote\": \"^4.4.1\""), "");
    assert!(
        !mdx.contains("import")
            && !mdx.contains("{1 + 1}")
            && !mdx.contains("<Server")
            && mdx.contains("Inside the server"),
        "{mdx}"
    );
    for (package, extra) in [
        (package(""), ""),
        (
            package(", \"next-mdx-remote\": \"^4.4.1\""),
            "md_as_mdx: false\n",
        ),
    ] {
        let plain = html_of(&package, extra);
        assert!(
            plain.contains("import { Chart }") && plain.contains("{1 + 1}"),
            "{extra}: {plain}"
        );
    }
    let broken = site(
        &format!("{CONFIG}content_dir: posts\n"),
        &[
            ("next.config.js", "module.exports = {}\n"),
            ("package.json", "{\n  \"dependencies\": {,\n}\n"),
        ],
        &[("posts/a/index.md", post)],
    );
    let output = broken.run(&["build"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("package.json:2:"),
        "{}",
        stderr(&output)
    );
}

/// The date names of content schemas (a Next.js blog's `publishedAt`, AstroPaper's
/// `pubDatetime` and `modDatetime`) are dates: the posts are published, not left out as
/// undated.
#[test]
fn content_schema_date_names_are_read() {
    for (tool, front, published, updated) in [
        (
            "nextjs",
            "publishedAt: '2024-02-03'\nupdatedAt: '2024-02-05'",
            "2024-02-03",
            "2024-02-05",
        ),
        (
            "astro",
            "pubDatetime: 2024-02-03T10:00:00Z\nmodDatetime: 2024-02-05T10:00:00Z",
            "2024-02-03",
            "2024-02-05",
        ),
    ] {
        let site = site(
            &format!("{CONFIG}flavor: {tool}\ncontent_dir: posts\n"),
            &[],
            &[(
                "posts/a.md",
                &format!("---\ntitle: A\n{front}\n---\nText.\n"),
            )],
        );
        let output = site.build(&[]);
        assert!(output.status.success(), "{tool}: {}", stderr(&output));
        let feed = site.parse_feed("public/atom.xml");
        assert_eq!(feed.entries.len(), 1, "{tool}");
        let entry = &feed.entries[0];
        assert!(
            entry.published.unwrap().to_rfc3339().starts_with(published),
            "{tool}"
        );
        assert!(
            entry.updated.unwrap().to_rfc3339().starts_with(updated),
            "{tool}"
        );
    }
}

/// Zola's `slugify.paths_keep_dates`: a file name's date prefix stays in its URL (still the
/// post's date); without it, the prefix is dropped.
#[test]
fn zola_keeps_the_date_in_the_url_when_its_config_says_so() {
    for (slugify, url) in [
        (
            "[slugify]\npaths_keep_dates = true\n",
            "https://example.com/blog/2016-10-08-a-post/",
        ),
        ("", "https://example.com/blog/a-post/"),
    ] {
        let site = site(
            &format!("{CONFIG}content_dir: content/blog\npermalink: /blog/{{slug}}/\n"),
            &[(
                "config.toml",
                &format!("base_url = 'https://example.com'\n{slugify}"),
            )],
            &[(
                "content/blog/2016-10-08_a-post.md",
                "+++\ntitle = 'A'\n+++\nText.\n",
            )],
        );
        let output = site.build(&[]);
        assert!(output.status.success(), "{}", stderr(&output));
        let feed = site.parse_feed("public/atom.xml");
        assert_eq!(feed.entries[0].links[0].href, url, "{slugify}");
        let published = feed.entries[0].published.unwrap().to_rfc3339();
        assert!(published.starts_with("2016-10-08"), "{published}");
    }
}

/// Eleventy's collections hold its other template formats too: a dated `.njk`, `.liquid`
/// or `.html` page is a post, its HTML published as written (no Markdown: indented lines
/// stay text), its template values filled in, its URLs made absolute; its excerpt stops at
/// `<!--more-->`. Pages without a date, those kept out of collections, and the layouts and
/// data in `_includes` and `_data` are not posts.
#[test]
fn eleventy_template_formats_are_posts() {
    let site = site(
        &format!("{CONFIG}permalink: /{{path}}/{{slug}}/\n"),
        &[("eleventy.config.js", "export default function () {}\n")],
        &[
            (
                "content/blog/hello.njk",
                "---\ntitle: Hello Njk\ndate: 2024-05-01\n---\n<div>\n\n    not code\n\n<p>{{ title }} <img src=\"/img/a.png\" alt=\"a\"></p>\n</div>\n",
            ),
            (
                "content/blog/plain.liquid",
                "---\ntitle: Plain\ndate: 2024-05-02\ndescription: D\n---\n<p>{% if true %}<a href=\"../other/\">yes</a>{% endif %}</p>\n",
            ),
            (
                "content/blog/raw.html",
                "---\ntitle: Raw\ndate: 2024-05-03\n---\n<p>Before the fold.</p>\n<!-- more -->\n<p>After.</p>\n",
            ),
            (
                "content/index.njk",
                "---\ntitle: Home\n---\n<h1>Home</h1>\n",
            ),
            (
                "content/feed.njk",
                "---\ntitle: Feed\ndate: 2024-05-04\neleventyExcludeFromCollections: true\n---\nx\n",
            ),
            (
                "content/_includes/layout.njk",
                "---\ntitle: Layout\ndate: 2024-05-05\n---\n{{ content | safe }}\n",
            ),
            ("content/_data/site.html", "<p>data</p>\n"),
            (
                "content/blog/notes.md",
                "---\ntitle: Notes\ndate: 2024-04-30\n---\nMarkdown *still*.\n",
            ),
        ],
    );
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let feed = site.parse_feed("public/feed.json");
    let links: Vec<&str> = feed
        .entries
        .iter()
        .map(|e| e.links[0].href.as_str())
        .collect();
    assert_eq!(
        links,
        [
            "https://example.com/blog/raw/",
            "https://example.com/blog/plain/",
            "https://example.com/blog/hello/",
            "https://example.com/blog/notes/",
        ]
    );
    let html = |i: usize| {
        feed.entries[i]
            .content
            .as_ref()
            .and_then(|c| c.body.clone())
            .unwrap()
    };
    let hello = html(2);
    assert!(
        hello.contains("not code") && !hello.contains("<pre>"),
        "{hello}"
    );
    assert!(
        hello.contains("Hello Njk <img src=\"https://example.com/img/a.png\""),
        "{hello}"
    );
    assert!(
        html(1).contains("<a href=\"https://example.com/blog/other/\">yes</a>"),
        "{}",
        html(1)
    );
    assert_eq!(
        feed.entries[0].summary.as_ref().unwrap().content,
        "Before the fold."
    );
    assert!(html(3).contains("<em>still</em>"), "{}", html(3));
}

/// An Astro or Next.js site whose content schema names its date fields its own way: the
/// posts are dated by those fields (publication and update), not left out as undated.
#[test]
fn a_content_schemas_date_fields_date_the_posts() {
    let cases = [
        (
            ("astro.config.mjs", "export default {}\n"),
            (
                "src/content.config.ts",
                "const blog = defineCollection({\n  schema: ({ image }) => z.object({\n    title: z.string(),\n    launchedOn: z.coerce.date(),\n    lastEdited: z.coerce.date().optional(),\n  }),\n});\n",
            ),
            "launchedOn: 2024-06-01\nlastEdited: 2024-06-09",
        ),
        (
            ("next.config.js", "module.exports = {}\n"),
            (
                "contentlayer.config.ts",
                "export const Blog = defineDocumentType(() => ({\n  fields: {\n    title: { type: 'string', required: true },\n    postedOn: { type: 'date', required: true },\n    revisedOn: { type: 'date' },\n  },\n}))\n",
            ),
            "postedOn: 2024-06-01\nrevisedOn: 2024-06-09",
        ),
    ];
    for (tool_file, schema_file, dates) in cases {
        let site = site(
            &format!("{CONFIG}content_dir: posts\n"),
            &[tool_file, schema_file],
            &[(
                "posts/launch.md",
                &format!("---\ntitle: Launch\n{dates}\n---\nText.\n"),
            )],
        );
        let output = site.build(&["--verbose"]);
        assert!(output.status.success(), "{}", stderr(&output));
        assert!(
            stderr(&output).contains(schema_file.0),
            "{}",
            stderr(&output)
        );
        let feed = site.parse_feed("public/atom.xml");
        assert_eq!(feed.entries.len(), 1, "{}", schema_file.0);
        let entry = &feed.entries[0];
        assert_eq!(
            entry.published.unwrap().to_rfc3339(),
            "2024-06-01T00:00:00+00:00"
        );
        assert_eq!(
            entry.updated.unwrap().to_rfc3339(),
            "2024-06-09T00:00:00+00:00"
        );
    }
}

/// Hugo and Eleventy read a content file with no front matter as a page with no fields: no
/// date, so no post, and the build goes on; with no tool known it stays an error at the file.
#[test]
fn a_page_without_front_matter_is_no_post_where_the_tool_allows_one() {
    let files = [
        (
            "content/dated.md",
            "---\ntitle: Dated\ndate: 2024-01-02\n---\nText.\n",
        ),
        (
            "content/triage/PRs.md",
            "# PR Management\n\nHow we triage.\n",
        ),
    ];
    for tool_file in [
        ("hugo.toml", "baseURL = 'https://example.com/'\n"),
        ("eleventy.config.js", "export default {}\n"),
    ] {
        let site = site(CONFIG, &[tool_file], &files);
        let output = site.build(&[]);
        assert!(output.status.success(), "{}", stderr(&output));
        assert!(
            stderr(&output).contains("1 page left out"),
            "{}",
            stderr(&output)
        );
        assert_eq!(site.parse_feed("public/atom.xml").entries.len(), 1);
    }
    let site = site(CONFIG, &[], &files);
    let output = site.run(&["build"]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("missing front matter") && stderr(&output).contains("PRs.md:1:1"),
        "{}",
        stderr(&output)
    );
}

/// Astro and Next.js date a post through JavaScript's `Date` (`z.coerce.date()`), which
/// reads `03/07/2024` month first: March 7. Under a tool that does not, the same date is
/// ambiguous and stops the build at its line.
#[test]
fn javascript_tools_read_slashed_dates_month_first() {
    let post = [(
        "posts/p.md",
        "---\ntitle: P\ndate: \"03/07/2024\"\n---\nText.\n",
    )];
    let config = format!("{CONFIG}content_dir: posts\n");
    for tool_file in [
        ("astro.config.mjs", "export default {}\n"),
        ("next.config.js", "module.exports = {}\n"),
    ] {
        let site = site(&config, &[tool_file], &post);
        let output = site.build(&[]);
        assert!(output.status.success(), "{}", stderr(&output));
        let entry = &site.parse_feed("public/atom.xml").entries[0];
        assert_eq!(
            entry.published.unwrap().to_rfc3339(),
            "2024-03-07T00:00:00+00:00"
        );
    }
    let site = site(
        &config,
        &[("hugo.toml", "baseURL = 'https://example.com/'\n")],
        &post,
    );
    let output = site.run(&["build"]);
    assert!(!output.status.success());
    assert!(stderr(&output).contains("p.md:3:7"), "{}", stderr(&output));
}

/// A front-matter key given twice keeps its last value under Hugo, as Go's YAML reader
/// does (Hugo publishes such a page); with no tool known it is an error at its line.
#[test]
fn hugo_keeps_the_last_of_a_key_given_twice() {
    let post = [(
        "content/p.md",
        "---\ntitle: First\ndate: 2024-01-02\ntitle: Second\n---\nText.\n",
    )];
    let hugo = site(
        CONFIG,
        &[("hugo.toml", "baseURL = 'https://example.com/'\n")],
        &post,
    );
    let output = hugo.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let title = hugo.parse_feed("public/atom.xml").entries[0]
        .title
        .as_ref()
        .unwrap()
        .content
        .clone();
    assert_eq!(title, "Second");
    let plain = site(CONFIG, &[], &post);
    let output = plain.run(&["build"]);
    assert!(
        stderr(&output).contains("`title` is given twice"),
        "{}",
        stderr(&output)
    );
}

/// Hugo's section pages are read as its pages are (keys in any case, a repeated key's last
/// value kept), and a key Hugo reads in another case (`publishdate`) is no misspelling.
#[test]
fn hugo_section_pages_and_keys_are_read_in_any_case() {
    let site = site(
        CONFIG,
        &[("hugo.toml", "baseURL = 'https://example.com/'\n")],
        &[
            (
                "content/notes/_index.md",
                "---\nTitle: Field Notes\nlastmod: 2024-01-01\nlastmod: 2024-01-02\n---\n",
            ),
            (
                "content/notes/a.md",
                "---\ntitle: A\npublishdate: 2024-01-03\n---\nText.\n",
            ),
        ],
    );
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!stderr(&output).contains("warning"), "{}", stderr(&output));
    let feed = site.parse_feed("public/notes/atom.xml");
    assert_eq!(feed.title.unwrap().content, "Field Notes");
    assert_eq!(
        feed.entries[0].published.unwrap().to_rfc3339(),
        "2024-01-03T00:00:00+00:00"
    );
}

/// Hugo's `[frontmatter]` says which keys date a page, in order: with `publishDate` first,
/// a page's `publishDate` is its date though it also has a `date`; `lastmod` may name a key
/// of the site's own.
#[test]
fn hugos_front_matter_order_dates_the_posts() {
    let post = [(
        "content/p.md",
        "---\ntitle: P\ndate: 2024-01-01\npublishDate: 2024-02-02\nrevised: 2024-03-03\n---\nText.\n",
    )];
    let ordered = site(
        CONFIG,
        &[(
            "hugo.toml",
            "baseURL = 'https://example.com/'\n[frontmatter]\ndate = ['publishDate', ':default']\nlastmod = ['revised', ':default']\n",
        )],
        &post,
    );
    let output = ordered.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let entry = &ordered.parse_feed("public/atom.xml").entries[0];
    assert_eq!(
        entry.published.unwrap().to_rfc3339(),
        "2024-02-02T00:00:00+00:00"
    );
    assert_eq!(
        entry.updated.unwrap().to_rfc3339(),
        "2024-03-03T00:00:00+00:00"
    );
    let plain = site(
        CONFIG,
        &[("hugo.toml", "baseURL = 'https://example.com/'\n")],
        &post,
    );
    let output = plain.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let entry = &plain.parse_feed("public/atom.xml").entries[0];
    assert_eq!(
        entry.published.unwrap().to_rfc3339(),
        "2024-01-01T00:00:00+00:00"
    );
}

/// Zola reads `{% raw %}…{% endraw %}` in content, to show shortcode syntax as written: the
/// markers go, what they hold stays — a code block, a heading's `{#id}`, a call shown as
/// text. Hugo has no such tag: there the markers are text.
#[test]
fn zola_raw_blocks_show_their_content_as_written() {
    let body = "## Part {% raw %}{#part}{% endraw %}\n\nUse {% raw %}{{ youtube(id=\"x\") }}{% endraw %} to embed.\n\n{% raw %}\n```rs\n{% note() %}x{% end %}\n```\n{% endraw %}\n";
    let post = format!("+++\ntitle = 'Raw'\ndate = 2024-01-01\n+++\n{body}");
    let zola = site(
        CONFIG,
        &[("config.toml", "base_url = 'https://example.com'\n")],
        &[("content/raw.md", &post)],
    );
    let output = zola.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!stderr(&output).contains("warning"), "{}", stderr(&output));
    let html = &entries(&zola)[0].1;
    for kept in [
        "<h2 id=\"part\">Part</h2>",
        "Use {{ youtube(id=\"x\") }} to embed.",
        "{% note() %}x{% end %}",
    ] {
        assert!(html.contains(kept), "{kept}: {html}");
    }
    assert!(!html.contains("raw %}"), "{html}");
    let hugo = site(
        CONFIG,
        &[("hugo.toml", "baseURL = 'https://example.com/'\n")],
        &[(
            "content/raw.md",
            "---\ntitle: Raw\ndate: 2024-01-01\n---\nA {% raw %} tag.\n",
        )],
    );
    let output = hugo.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(entries(&hugo)[0].1.contains("A {% raw %} tag."));
}
