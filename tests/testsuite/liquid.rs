//! Liquid as Jekyll runs it over a post, driving the binary: what an author hid behind a
//! condition is never published, loops nest, Jekyll's names read as the published site reads
//! them.

use crate::support::{CONFIG, Site, headlines, stderr};

/// The text of the one post's entry in the built JSON Feed (its HTML, tags stripped).
fn published(site: &Site) -> String {
    let feed: serde_json::Value = serde_json::from_str(&site.read("public/feed.json")).unwrap();
    let html = feed["items"][0]["content_html"]
        .as_str()
        .unwrap()
        .to_string();
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn jekyll_site(body: &str) -> Site {
    let site = Site::with(
        &format!("{CONFIG}flavor: jekyll\n"),
        &[(
            "2024-01-01-a.md",
            &format!("---\ntitle: A\ndescription: d\ntags: [rust, go]\nlevel: 3\n---\n{body}\n"),
        )],
    );
    site.write("_config.yml", "title: T\nshow_beta: false\n");
    site
}

#[test]
fn conditions_publish_only_the_branch_they_choose() {
    for (body, expected) in [
        ("{% if false %}SECRET{% endif %}shown", "shown"),
        ("{% unless true %}HIDDEN{% endunless %}shown", "shown"),
        (
            "{% if page.title == \"A\" %}yes{% else %}no{% endif %}",
            "yes",
        ),
        (
            "{% if page.title == \"B\" %}yes{% elsif page.level > 2 %}level{% else %}no{% endif %}",
            "level",
        ),
        (
            "{% if site.show_beta %}BETA{% else %}stable{% endif %}",
            "stable",
        ),
        (
            "{% if page.tags contains 'go' and page.level >= 3 %}both{% endif %}",
            "both",
        ),
        (
            "{% case page.level %}{% when 1, 2 %}low{% when 3 %}three{% else %}high{% endcase %}",
            "three",
        ),
        (
            "{% if page.unset %}SECRET{% endif %}{% unless page.unset %}unset{% endunless %}",
            "unset",
        ),
    ] {
        let site = jekyll_site(body);
        let output = site.run(&["build"]);
        assert!(output.status.success(), "{body}: {}", stderr(&output));
        assert_eq!(published(&site), expected, "{body}");
        assert!(
            !stderr(&output).contains("warning"),
            "{body}: {}",
            stderr(&output)
        );
    }
}

#[test]
fn loops_nest_and_stop_where_liquid_stops_them() {
    for (body, expected) in [
        (
            "{% assign xs = \"a,b,c\" | split: \",\" %}{% for x in xs %}{% for y in xs %}[{{ x }}{{ y }}]{% endfor %}{% endfor %}",
            "[aa][ab][ac][ba][bb][bc][ca][cb][cc]",
        ),
        (
            "{% for t in page.tags %}{% for i in (1..2) %}{{ t }}{{ i }} {% endfor %}{% endfor %}",
            "rust1 rust2 go1 go2",
        ),
        (
            "{% for i in (1..9) %}{% if i == 2 %}{% continue %}{% endif %}{% if i > 3 %}{% break %}{% endif %}{{ i }}{% endfor %}",
            "13",
        ),
        (
            "{% for x in page.none %}x{% else %}empty{% endfor %}",
            "empty",
        ),
    ] {
        let site = jekyll_site(body);
        let output = site.run(&["build"]);
        assert!(output.status.success(), "{body}: {}", stderr(&output));
        assert_eq!(published(&site), expected, "{body}");
        assert!(
            !stderr(&output).contains("warning"),
            "{body}: {}",
            stderr(&output)
        );
    }
}

#[test]
fn jekyll_names_read_as_the_published_site_reads_them() {
    // The published site is Jekyll's production build; `site.posts` is not given to a
    // post's Liquid, so a loop over it writes nothing.
    let body = "before\n\n{% if jekyll.environment == \"production\" %}LIVE{% else %}LOCAL{% endif %}\n\n{% for p in site.posts %}{{ p.title }}{% endfor %}\n\nafter";
    let site = jekyll_site(body);
    let output = site.run(&["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(published(&site), "before LIVE after");
    // Blocks nested past Liquid's own limit (100): Liquid would refuse the file; the post
    // is published without its tags, with a warning.
    let deep = format!(
        "a {}deep{} b",
        "{% if true %}".repeat(150),
        "{% endif %}".repeat(150)
    );
    let site = jekyll_site(&deep);
    let output = site.run(&["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(published(&site), "a deep b");
    let shown = headlines(&stderr(&output));
    assert!(shown.contains("nested over 100 deep"), "{shown}");
}

#[test]
fn a_condition_that_does_not_parse_hides_what_it_holds_and_is_named() {
    let site = jekyll_site(
        "{% if page.title === 'A' %}SECRET{% endif %}shown {% unknown_plugin %}kept{% endunknown_plugin %}",
    );
    let output = site.run(&["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    // A plugin's block keeps what it holds; a condition Liquid cannot read hides it.
    assert_eq!(published(&site), "shown kept");
    let shown = headlines(&stderr(&output));
    assert!(shown.contains("Liquid `{% if %}`"), "{shown}");
    assert!(shown.contains("Liquid `{% unknown_plugin %}`"), "{shown}");
}

#[test]
fn an_output_the_render_fails_on_goes_alone() {
    // The liquid crate keeps an assigned value strict and refuses a division by zero, where
    // Jekyll would print nothing or stop: each such output is taken out alone, named, and the
    // rest of the post's Liquid runs.
    let site = jekyll_site(
        "{% assign r = \"a,b\" | split: \",\" %}x{{ r.first.gz }}y{{ 10 | divided_by: 0 }}z {{ page.title }} {{ r.last }}",
    );
    let output = site.run(&["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(published(&site), "xyz A b");
    let shown = headlines(&stderr(&output));
    assert!(
        shown.contains("Liquid `{{ r.first.gz }}` could not be rendered")
            && shown.contains("Liquid `{{ 10 }}` could not be rendered"),
        "{shown}"
    );
}

#[test]
fn page_date_is_the_posts_date_as_jekyll_gives_it() {
    // The file name dates the post (`2024-01-01-a.md`): Jekyll's `page.date` is that date.
    let site = jekyll_site(
        "{{ page.date | date: \"%Y/%m/%d\" }} {{ page.date | date_to_xmlschema }} {{ page.date | date_to_string }}",
    );
    let output = site.run(&["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        published(&site),
        "2024/01/01 2024-01-01T00:00:00+00:00 01 Jan 2024"
    );
}
