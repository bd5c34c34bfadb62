//! The site's own templates, run as its tool runs them, for the content of posts: Zola's
//! shortcodes with Tera (the site's and its theme's, with Zola's context and functions);
//! Jekyll's and Eleventy's Liquid with the liquid crate (includes, `site.data`, filters).
//! Each build is read back: the feed's HTML, the warnings, and — where a template would not
//! stop or climbs out of the site — the error and the outputs left as they were.

use crate::support::{Site, assert_expected_outputs, fails_and_keeps_outputs, html_of, stderr};

#[test]
fn zola_shortcodes_render_with_the_sites_templates_and_zolas_context() {
    let site = Site::fixture("templates-zola");
    let output = site.build(&[]);
    let html = html_of(&site, "shortcodes");
    // A body shortcode: its body is Markdown the template renders with `markdown`; the
    // paragraph around it is dropped, as Zola drops it. The site's `note` wins over the
    // theme's.
    assert!(
        html.contains("<div class=\"note note-warning\">\n<p>Careful: <strong>this</strong> is <em>Markdown</em> inside a body shortcode.</p>"),
        "{html}"
    );
    assert!(!html.contains("theme-note"), "{html}");
    assert!(!html.contains("<p><div"), "{html}");
    // Typed arguments: `autoplay=true` is a boolean the template tests.
    assert!(html.contains("embed/dQw4w9WgXcQ?autoplay=1\""), "{html}");
    // The theme's shortcode, its include, `resize_image` giving the original and its size,
    // the image URL absolute.
    assert!(
        html.contains("<img src=\"https://zola.example/images/crab.png\" width=\"40\" height=\"30\" alt=\"A crab, by the theme\">"),
        "{html}"
    );
    // `load_data` from the site's data, filtered as the template says.
    assert!(
        html.contains("<a href=\"https://downloads.example/app-3.2.1.tar.gz\">3.2.1</a> (4.2 MB, sha256 <code>bbbb</code>)"),
        "{html}"
    );
    assert!(!html.contains("3.2.0"), "{html}");
    // `get_page`: the page's title and its permalink, made absolute with the post's links.
    assert!(
        html.contains("<a href=\"https://zola.example/blog/first/\">First steps</a>"),
        "{html}"
    );
    // A Markdown shortcode: `config.extra`, `page.extra`, `get_url`, `trans`, rendered as
    // Markdown with the post.
    assert!(
        html.contains("<em>Written by <a href=\"https://zola.example/about/\">ferris</a> for the Tera series — Read more.</em>"),
        "{html}"
    );
    // `nth` counts each shortcode's calls, those inside a body too; a macro imported.
    assert!(html.contains("<span class=\"n\">1</span>"), "{html}");
    assert!(html.contains("<span class=\"n\">2</span>"), "{html}");
    assert!(html.contains("Inner: <span class=\"n\">3</span>"), "{html}");
    assert!(
        html.contains("<cite>— Ferris</cite></blockquote>"),
        "{html}"
    );
    // No stand-in, no template text reaches the feed.
    for leftover in ["zolashortcode", "{{", "{%"] {
        assert!(!html.contains(leftover), "{leftover} in {html}");
    }
    // Remote data is what feedsmith never fetches: that call alone is removed, named.
    let warnings = stderr(&output);
    assert!(
        warnings.contains("Zola shortcode `weather` could not be rendered")
            && warnings.contains("load_data(url=…)` fetches from the network")
            && warnings.contains("content/blog/shortcodes.md:30:1"),
        "{warnings}"
    );
    assert_eq!(warnings.matches("warning:").count(), 1, "{warnings}");
    assert_expected_outputs(&site, "public", "templates-zola");
}

/// The fixture site with one more shortcode, `name`, and a post calling it as `call`.
fn with_shortcode(name: &str, template: &str, call: &str) -> Site {
    let site = Site::fixture("templates-zola");
    site.write(&format!("templates/shortcodes/{name}"), template);
    site.write(
        "content/blog/third.md",
        &format!("+++\ntitle = \"Third\"\ndate = 2024-05-01\n+++\nBefore.\n\n{call}\n"),
    );
    site
}

#[test]
fn a_shortcode_that_calls_itself_is_stopped_at_its_place() {
    let site = Site::fixture("templates-zola");
    let errors = fails_and_keeps_outputs(
        &site,
        &[
            (
                "templates/shortcodes/tree.html",
                "{% import \"tree_macros.html\" as t %}{{ t::branch(n=3) }}",
            ),
            (
                "templates/tree_macros.html",
                "{% macro branch(n) %}\n<ul>{{ self::branch(n=n) }}</ul>\n{% endmacro branch %}",
            ),
            (
                "content/blog/third.md",
                "+++\ntitle = \"Third\"\ndate = 2024-05-01\n+++\nBefore.\n\n{{ tree() }}\n",
            ),
        ],
    );
    assert!(
        errors.contains("content/blog/third.md:7")
            && errors.contains("shortcode `tree` can call itself without end")
            && errors.contains("macro `branch` in tree_macros.html")
            && errors.contains("templates/tree_macros.html:2"),
        "{errors}"
    );
}

#[test]
fn an_include_that_includes_itself_is_stopped_too() {
    let site = Site::fixture("templates-zola");
    let errors = fails_and_keeps_outputs(
        &site,
        &[
            (
                "templates/shortcodes/loop.html",
                "{% include \"again.html\" %}",
            ),
            ("templates/again.html", "x {% include \"again.html\" %}"),
            (
                "content/blog/third.md",
                "+++\ntitle = \"Third\"\ndate = 2024-05-01\n+++\n{% loop() %}\nbody\n{% end %}\n",
            ),
        ],
    );
    assert!(
        errors.contains("content/blog/third.md:5") && errors.contains("include \"again.html\""),
        "{errors}"
    );
}

#[test]
fn loops_past_the_range_budget_stop_the_build_with_the_place() {
    let site = Site::fixture("templates-zola");
    let errors = fails_and_keeps_outputs(
        &site,
        &[
            (
                "templates/shortcodes/spin.html",
                "{% for i in range(end=1000) %}{% for j in range(end=1000) %}.{% endfor %}{% endfor %}",
            ),
            (
                "content/blog/third.md",
                "+++\ntitle = \"Third\"\ndate = 2024-05-01\n+++\nText.\n\n{{ spin() }}\n",
            ),
        ],
    );
    assert!(
        errors.contains("content/blog/third.md:7")
            && errors.contains("`spin`")
            && errors.contains("more than the 100000 numbers"),
        "{errors}"
    );
}

#[test]
fn a_template_tera_cannot_read_is_an_error_at_its_line() {
    let site = Site::fixture("templates-zola");
    let errors = fails_and_keeps_outputs(
        &site,
        &[(
            "templates/shortcodes/broken.html",
            "<p>\n{% if x %}unclosed\n",
        )],
    );
    assert!(
        errors.contains("templates/shortcodes/broken.html:3") && errors.contains("Tera"),
        "{errors}"
    );
}

#[test]
fn templates_read_nothing_outside_the_site_nor_from_the_clock_or_environment() {
    let site = with_shortcode(
        "peek.html",
        "{% set d = load_data(path=\"../secret.toml\") %}[{{ d.key }}|{{ now() }}|{{ get_env(name=\"HOME\") }}]",
        "{{ peek() }}",
    );
    let output = site.build(&[]);
    let html = html_of(&site, "third");
    assert!(!html.contains("leaked") && !html.contains('['), "{html}");
    let warnings = stderr(&output);
    assert!(
        warnings.contains("Zola shortcode `peek` could not be rendered"),
        "{warnings}"
    );
    // Each of the three alone is refused too: the clock, the environment, a path out.
    for (template, why) in [
        ("{{ now() }}", "`now` would make the feed differ"),
        (
            "{{ get_env(name=\"HOME\") }}",
            "`get_env` without a `default`",
        ),
        (
            "{{ load_data(path=\"../../secret.toml\") }}",
            "no file `../../secret.toml` in the site",
        ),
    ] {
        let site = with_shortcode("peek.html", template, "{{ peek() }}");
        let warnings = stderr(&site.build(&[]));
        assert!(warnings.contains(why), "{template}: {warnings}");
    }
}

#[test]
fn what_would_differ_run_to_run_is_made_the_same_each_time() {
    // `get_random` draws from a sequence seeded by the page and the call; `get_env` gives
    // its default, whatever the environment holds.
    let site = with_shortcode(
        "ids.html",
        "<span id=\"s{{ get_random(end=1000000) }}-{{ get_random(end=1000000) }}\">{{ get_env(name=\"HOME\", default=\"none\") }}</span>",
        "{{ ids() }} {{ ids() }}",
    );
    site.build(&[]);
    let first = html_of(&site, "third");
    let ids: Vec<&str> = first
        .split("id=\"s")
        .skip(1)
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .collect();
    assert_eq!(ids.len(), 2, "{first}");
    assert_ne!(ids[0], ids[1], "each call draws its own: {first}");
    assert!(first.contains(">none</span>"), "{first}");
    let again = with_shortcode(
        "ids.html",
        "<span id=\"s{{ get_random(end=1000000) }}-{{ get_random(end=1000000) }}\">{{ get_env(name=\"HOME\", default=\"none\") }}</span>",
        "{{ ids() }} {{ ids() }}",
    );
    let output = again.run_with_env(".", &["build"], &[("HOME", "/elsewhere")]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(html_of(&again, "third"), first);
}

#[cfg(unix)]
#[test]
fn a_linked_template_or_data_file_is_not_read() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("evil.html"), "EVIL").unwrap();
    std::fs::write(outside.path().join("evil.toml"), "key = \"EVIL\"").unwrap();
    let site = with_shortcode(
        "data.html",
        "{% set d = load_data(path=\"data/linked.toml\") %}<p>{{ d.key }}</p>",
        "{{ linked() }} {{ data() }}",
    );
    std::os::unix::fs::symlink(
        outside.path().join("evil.html"),
        site.path("templates/shortcodes/linked.html"),
    )
    .unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("evil.toml"),
        site.path("data/linked.toml"),
    )
    .unwrap();
    let output = site.build(&[]);
    let html = html_of(&site, "third");
    assert!(!html.contains("EVIL"), "{html}");
    let warnings = stderr(&output);
    assert!(warnings.contains("goes through a link"), "{warnings}");
}

/// The HTML of the entry whose link ends with `end` in `site`'s JSON Feed.
fn json_html(site: &Site, end: &str) -> String {
    let feed: serde_json::Value = serde_json::from_str(&site.read("public/feed.json")).unwrap();
    feed["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["url"].as_str().unwrap().ends_with(end))
        .unwrap_or_else(|| panic!("no item {end}"))["content_html"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn jekyll_includes_and_data_render_as_jekyll_renders_them() {
    let site = Site::fixture("templates-jekyll");
    let output = site.build(&[]);
    let html = json_html(&site, "/release-3-2-1.html");
    // `site.data` through `where` and `first`: the release's download, size and checksum.
    for expected in [
        "App 3.2.1 is out, for example/app.",
        "<a href=\"https://downloads.example/app-3.2.1.tar.gz\">https://downloads.example/app-3.2.1.tar.gz</a>",
        "SIZE: 4200000\nSHA256: bbbb",
        // An include with parameters, `relative_url` made absolute, `markdownify`.
        "<img src=\"https://jekyll.example/assets/img/shot.png\" alt=\"The **new** look\">",
        "<figcaption>The <strong>new</strong> look</figcaption>",
        "<aside class=\"note\"><p>Upgrade with <code>app update</code>.</p>",
        // A CSV data file, `group_by`, `map`, `join`; `where_exp` reading the page.
        "Maintainers: Ann, Cy.",
        "Older: 3.2.0</p>",
        // `highlight` with Liquid inside it.
        "<pre><code class=\"language-ruby\">App.update(version: &quot;3.2.1&quot;)",
        // A plugin's tag and filter go alone; `raw` shows what it holds.
        "Plugin tags go alone: {{ this }} stays, and APP 3.2.1 RELEASED.",
    ] {
        assert!(html.contains(expected), "missing {expected} in {html}");
    }
    assert!(
        !html.contains("3.2.0.tar.gz") && !html.contains("{%"),
        "{html}"
    );
    let older = json_html(&site, "/release-3-2-0.html");
    assert!(
        older.contains("app-3.2.0.tar.gz") && older.contains("the next is coming soon"),
        "`include_relative` reads the file beside the post: {older}"
    );
    let warnings = stderr(&output);
    assert!(
        warnings.contains("Liquid `{% seo %}` is not one feedsmith knows")
            && warnings.contains("Liquid `| shout_loudly` is not one feedsmith knows")
            && warnings.contains("_posts/2024-03-01-release-3-2-1.md:29:1"),
        "{warnings}"
    );
    assert_eq!(warnings.matches("warning:").count(), 2, "{warnings}");
    assert_expected_outputs(&site, "public", "templates-jekyll");
}

#[test]
fn an_include_that_includes_itself_stops_the_build_at_the_post() {
    let site = Site::fixture("templates-jekyll");
    let errors = fails_and_keeps_outputs(
        &site,
        &[(
            "_posts/2024-05-01-loop.md",
            "---\ntitle: Loop\n---\nText.\n\n{% include loop.html %}\n",
        )],
    );
    assert!(
        errors.contains("_posts/2024-05-01-loop.md:6")
            && errors.contains("nests includes more than 16 deep"),
        "{errors}"
    );
}

#[cfg(unix)]
#[test]
fn an_include_or_data_file_outside_the_site_is_not_read() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("evil.html"), "EVIL-INCLUDE").unwrap();
    std::fs::write(outside.path().join("evil.yml"), "word: EVIL-DATA\n").unwrap();
    std::fs::write(outside.path().join("evil.txt"), "EVIL-RELATIVE").unwrap();
    let site = Site::fixture("templates-jekyll");
    std::os::unix::fs::symlink(
        outside.path().join("evil.html"),
        site.path("_includes/evil.html"),
    )
    .unwrap();
    std::os::unix::fs::symlink(outside.path().join("evil.yml"), site.path("_data/evil.yml"))
        .unwrap();
    std::os::unix::fs::symlink(outside.path(), site.path("_posts/linked")).unwrap();
    site.write(
        "_posts/2024-05-01-peek.md",
        "---\ntitle: Peek\n---\n[{% include evil.html %}][{{ site.data.evil.word }}][{% include_relative linked/evil.txt %}][{% include_relative ../../evil.txt %}]\n",
    );
    let output = site.build(&[]);
    let html = json_html(&site, "/peek.html");
    assert!(!html.contains("EVIL"), "{html}");
    assert!(
        stderr(&output).contains("{% include %}"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn eleventy_reads_front_matter_and_global_data_at_the_top_level() {
    let site = Site::with(
        "title: T\ndescription: D\nbase_url: https://eleventy.example/\npermalink: /{slug}/\n",
        &[(
            "2024-01-01-a.md",
            "---\ntitle: A\nmood: calm\n---\n{{ mood }} / {{ metadata.author }} / {{ \"/x/\" | url }} / {% include \"sig.liquid\" %}\n",
        )],
    );
    site.write("eleventy.config.js", "export default function () {}\n");
    site.write("_data/metadata.json", "{\"author\": \"Zach\"}");
    site.write(
        "_includes/sig.liquid",
        "signed {{ metadata.author | upcase }}",
    );
    let output = site.build(&[]);
    let html = json_html(&site, "/a/");
    assert!(
        html.contains("calm / Zach / https://eleventy.example/x/ / signed ZACH"),
        "{html} {}",
        stderr(&output)
    );
}
