//! Inputs an author controls that once kept a build busy for minutes: deep nesting under the
//! sanitiser, thousands of terms on one post, template syntax that never closes. Each now
//! builds with the output it should have, or stops with an error that names the post, the
//! line and the limit. How long each takes is measured by `bench/adversarial`, not here.

use crate::support::{CONFIG, Site, headlines, stderr};

fn post(front: &str, body: &str) -> String {
    format!("---\ntitle: A\ndate: 2024-01-01\ndescription: d\n{front}---\n{body}\n")
}

#[test]
fn html_nested_deeper_than_browsers_build_stops_a_sanitised_build() {
    let config = format!("{CONFIG}sanitize: true\n");
    for (body, deep) in [
        (">".repeat(20_000) + " x", true),
        ("<div>".repeat(20_000) + "x", true),
        // Closed JSX's way, each element is closed where it stands: side by side, not deep.
        ("<div/>".repeat(600) + "x", false),
        ("<b><i>".repeat(300), true),
        ("<div></span>".repeat(600), true),
        // As deep as browsers go, and no deeper: built.
        (">".repeat(400) + " deep", false),
        (
            format!("{}x{}", "<div>".repeat(500), "</div>".repeat(500)).repeat(20),
            false,
        ),
        // Many elements side by side are not deep.
        ("<p>x\n".repeat(5_000), false),
    ] {
        let site = Site::with(&config, &[("a.md", &post("", &body))]);
        let output = site.run(&["build"]);
        let shown = headlines(&stderr(&output));
        match deep {
            true => {
                assert_eq!(output.status.code(), Some(1), "{shown}");
                assert!(
                    shown.starts_with(
                        "error: content/a.md: its HTML nests elements over 512 deep (at least 513)"
                    ),
                    "{shown}"
                );
                assert!(!site.path("public").exists());
            }
            false => {
                assert!(output.status.success(), "{shown}");
                let feed = site.parse_feed("public/atom.xml");
                let content = feed.entries[0].content.as_ref().unwrap().body.as_ref();
                assert!(content.is_some_and(|html| html.contains('x') || html.contains("deep")));
            }
        }
    }
    // Without the sanitiser nothing parses the HTML as a tree: the same post builds.
    let site = Site::with(CONFIG, &[("a.md", &post("", &"<div>".repeat(20_000)))]);
    site.build(&[]);
}

#[test]
fn a_post_lists_at_most_500_tags_and_500_categories() {
    let list = |n: usize, prefix: &str| -> String {
        let terms: Vec<String> = (0..n).map(|i| format!("{prefix}{i}")).collect();
        format!("[{}]", terms.join(", "))
    };
    for front in [
        format!("tags: {}\n", list(501, "t")),
        format!("categories: {}\n", list(100_000, "c")),
        format!("tags: {}\n", list(3_000, "tä")),
    ] {
        let site = Site::with(CONFIG, &[("a.md", &post(&front, "Body"))]);
        let output = site.run(&["build"]);
        assert_eq!(output.status.code(), Some(1));
        let shown = headlines(&stderr(&output));
        assert!(
            shown.starts_with("error: content/a.md:5:")
                && shown.contains("terms, over the 500 a post may have"),
            "{shown}"
        );
    }
    // At the limit, with every tag also a category and spelled three ways: each term once.
    let spelled = |i: usize| match i % 3 {
        0 => format!("Topic {i}"),
        1 => format!("topic-{i}"),
        _ => format!("TOPIC {i}"),
    };
    let tags: Vec<String> = (0..500).map(spelled).collect();
    let categories: Vec<String> = (0..500).map(|i| format!("topic {i}")).collect();
    let front = format!(
        "tags: [{}]\ncategories: [{}]\n",
        tags.join(", "),
        categories.join(", ")
    );
    let site = Site::with(CONFIG, &[("a.md", &post(&front, "Body"))]);
    site.build(&[]);
    let feed = site.parse_feed("public/feed.json");
    let names: Vec<&str> = feed.entries[0]
        .categories
        .iter()
        .map(|c| c.term.as_str())
        .collect();
    assert_eq!(names.len(), 500);
    assert_eq!(names[..3], ["Topic 0", "topic-1", "TOPIC 2"]);
    assert!(site.path("public/tags/topic-499/feed.xml").is_file());
}

#[test]
fn template_syntax_that_never_closes_is_text_and_what_follows_still_expands() {
    let hugo = format!("{CONFIG}flavor: hugo\n");
    let unclosed = "{{< x \"a ".repeat(4_000);
    let body = format!("{unclosed}\n\nAfter {{{{< youtube dQw4w9WgXcQ >}}}} it.");
    let site = Site::with(&hugo, &[("a.md", &post("", &body))]);
    site.build(&[]);
    let feed = site.parse_feed("public/atom.xml");
    let content = crate::support::entry_html(&feed.entries[0]);
    assert!(
        content.contains("youtube.com/embed/dQw4w9WgXcQ"),
        "{content}"
    );
    assert!(
        content.contains("{{&lt; x \"a {{&lt; x"),
        "the unclosed ones stay as text"
    );
    // A raw-string argument that runs past a code span, many times over, unclosed.
    let body = "{{< x `a `b` ".repeat(3_000);
    let site = Site::with(&hugo, &[("a.md", &post("", &body))]);
    site.build(&[]);

    // MDX refuses a file with an expression or a tag that never closes; feedsmith keeps
    // the rest of that stretch as text, and expands what comes after the next code block.
    for unclosed in ["<A b={ ", "{ ", "{/* ", "<B "] {
        let body = format!(
            "{}\n\n```\ncode\n```\n\n<Note>kept</Note> {{'literal'}}",
            unclosed.repeat(5_000)
        );
        let site = Site::with(CONFIG, &[("a.mdx", &post("", &body))]);
        site.build(&[]);
        let feed = site.parse_feed("public/atom.xml");
        let content = crate::support::entry_html(&feed.entries[0]);
        assert!(content.contains("kept literal"), "{unclosed}: {content}");
        assert!(
            !content.contains("<Note>") && !content.contains("&lt;Note"),
            "{unclosed}"
        );
    }

    // Liquid blocks that never close.
    let jekyll = format!("{CONFIG}flavor: jekyll\n");
    for unclosed in [
        "{% raw %}",
        "{% highlight x %}",
        "{% comment %}",
        "{% for x in y %}",
    ] {
        let body = format!("{} tail", unclosed.repeat(5_000));
        let site = Site::with(&jekyll, &[("a.md", &post("", &body))]);
        site.build(&[]);
    }
}

/// Liquid an author can write at any length: stray end tags, a condition of thousands of
/// parts, property chains, thousands of front-matter keys read back. Each builds with what
/// Liquid would give.
#[test]
fn liquid_at_any_length_gives_what_liquid_gives() {
    let jekyll = format!("{CONFIG}flavor: jekyll\n");
    let published = |site: &Site| -> String {
        let feed: serde_json::Value = serde_json::from_str(&site.read("public/feed.json")).unwrap();
        feed["items"][0]["content_html"]
            .as_str()
            .unwrap()
            .trim()
            .to_string()
    };
    for (front, body, expected) in [
        (
            String::new(),
            format!("{}kept", "{% endfor %}{% endif %}".repeat(20_000)),
            "<p>kept</p>".to_string(),
        ),
        (
            String::new(),
            format!(
                "{{% if true{} %}}all{{% endif %}}{{% if false{} %}}none{{% endif %}}",
                " and true".repeat(4_000),
                " or false".repeat(4_000)
            ),
            "<p>all</p>".to_string(),
        ),
        // Past 10,000 parts a condition is not run: what it holds is left out, never shown.
        (
            String::new(),
            format!(
                "{{% if false{} %}}hidden{{% endif %}}kept",
                " or false".repeat(20_000)
            ),
            "<p>kept</p>".to_string(),
        ),
        (
            String::new(),
            format!(
                "{{% if page.title{} %}}x{{% endif %}}",
                ".size".repeat(5_000)
            ),
            // `"A".size` is 1, `1.size` is a number too: truthy, as in Liquid.
            "<p>x</p>".to_string(),
        ),
        (
            (0..20_000).map(|i| format!("k{i}: v{i}\n")).collect(),
            (0..20_000)
                .map(|i| format!("{{{{ page.k{i} }}}}"))
                .collect(),
            format!(
                "<p>{}</p>",
                (0..20_000).map(|i| format!("v{i}")).collect::<String>()
            ),
        ),
    ] {
        let site = Site::with(&jekyll, &[("a.md", &post(&front, &body))]);
        let output = site.run(&["build"]);
        assert!(output.status.success(), "{}", stderr(&output));
        let html = published(&site);
        assert_eq!(html, expected, "{}", &body[..body.len().min(80)]);
    }
}

/// Loops that would not end in a lifetime (a million passes of a million) stop the build
/// with an error at the post's first tag, within the post's loop budget, and the outputs are
/// left as they were.
#[test]
fn liquid_loops_past_the_budget_stop_the_build_at_their_place() {
    let jekyll = format!("{CONFIG}flavor: jekyll\n");
    let body = format!(
        "Text.\n\n{}done",
        "{% for i in (1..1000000) %}{% for j in (1..1000000) %}{% endfor %}{% endfor %}"
            .repeat(200)
    );
    let site = Site::with(&jekyll, &[("a.md", &post("", &body))]);
    let output = site.run(&["build"]);
    assert!(!output.status.success());
    let errors = stderr(&output);
    assert!(
        errors.contains("its loops run more than 1000000 passes")
            && errors.contains("content/a.md:"),
        "{errors}"
    );
    assert!(!site.path("public/feed.json").exists());
    // A range written out past the budget is refused before it runs.
    let site = Site::with(
        &jekyll,
        &[(
            "a.md",
            &post("", "{% for i in (1..2000000000) %}x{% endfor %}"),
        )],
    );
    let errors = stderr(&site.run(&["build"]));
    assert!(errors.contains("past the 1000000 passes"), "{errors}");
    // A loop within the passes that writes far more than the post: stopped too.
    let site = Site::with(
        &jekyll,
        &[(
            "a.md",
            &post("", "{% for i in (1..900000) %}0123456789{% endfor %}"),
        )],
    );
    let errors = stderr(&site.run(&["build"]));
    assert!(
        errors.contains("its Liquid writes more than 4 MB"),
        "{errors}"
    );
}

/// Thousands of references no post answers, and thousands of tags that are never closed,
/// each reported at its own line.
#[test]
fn thousands_of_problems_are_each_reported_at_their_line() {
    let body: String = (0..5_000)
        .map(|i| format!("{{{{< ref \"missing-{i}.md\" >}}}}\n"))
        .collect();
    let site = Site::with(
        &format!("{CONFIG}flavor: hugo\n"),
        &[("a.md", &post("", &body))],
    );
    let output = site.run(&["build", "-v"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let shown = headlines(&stderr(&output));
    for i in [0, 2_500, 4_999] {
        let line = 6 + i;
        assert!(
            shown.contains(&format!(
                "warning: content/a.md:{line}:1: reference to \"missing-{i}.md\""
            )),
            "{i}: {}",
            &shown[..shown.len().min(2000)]
        );
    }
}
