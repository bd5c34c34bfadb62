//! Hugo sites' own shortcodes, run from their Go templates as Hugo runs them: the site's
//! `layouts/shortcodes/`, its theme's, their partials, translations and data. Each build is
//! read back: the feed's HTML, the warnings, and — where a template would not stop or
//! reaches out of the site — the error or fallback, and the outputs left as they were.

use crate::support::{Site, assert_expected_outputs, fails_and_keeps_outputs, html_of, stderr};

#[test]
fn hugo_shortcodes_render_with_the_sites_go_templates() {
    let site = Site::fixture("templates-hugo");
    let output = site.build(&[]);
    let html = html_of(&site, "gallery-post");
    // Named arguments, `with`/`else`, `.Inner | markdownify` (its link made absolute), the
    // argument escaped by html/template; the site's `note` wins over the theme's.
    assert!(
        html.contains("<div class=\"note note-warning\"><strong>Heads &lt;up&gt;</strong>\nSome <strong>bold</strong> and a <a href=\"https://hugo.example/blog/about/\">link</a>.</div>"),
        "{html}"
    );
    assert!(!html.contains("theme-note"), "{html}");
    // `i18n`: the site's translation wins over the theme's.
    assert!(
        html.contains("<strong>Note</strong>\nPlain <em>note</em>.</div>"),
        "{html}"
    );
    // Positional arguments; the bundle's image through `.Resources.GetMatch`, `Resize`
    // giving the original with its true size; `title`.
    assert!(
        html.contains("<img src=\"https://hugo.example/blog/posts/gallery-post/cat.png\" width=\"40\" height=\"30\" alt=\"a sleepy cat\"><figcaption>A Sleepy Cat</figcaption>"),
        "{html}"
    );
    // No such resource: the `else` branch, `relURL` made absolute under the base path once.
    assert!(
        html.contains(
            "<img src=\"https://hugo.example/blog/images/missing.jpg\" alt=\"Elsewhere\">"
        ),
        "{html}"
    );
    // `.Page.Scratch` counts across calls; `newScratch`, `printf`, a partial given a dict,
    // the page's date in a Go layout.
    assert!(
        html.contains("Figure 1 by <em>Ann Author</em> on March 5, 2024"),
        "{html}"
    );
    assert!(
        html.contains("Figure 2 by <em>Ann Author</em> on March 5, 2024"),
        "{html}"
    );
    // The theme's `{{% %}}` shortcode: Markdown output, `strings.TrimSpace` on `.Inner`,
    // `humanize`, the theme's translation where the site has none.
    assert!(
        html.contains(
            "<p>That brain of mine is <em>more</em> than merely mortal.</p>\n<p>— Ada lovelace</p>"
        ),
        "{html}"
    );
    assert!(html.contains("<p>— Anonymous</p>"), "{html}");
    // `.Site.Data`, `sort` by a key, `range $i, $p`, `add`, `delimit` with a last
    // separator, a partial that `return`s a value.
    assert!(
        html.contains("<li>1. Ada Lovelace (code, docs and review) [AL]</li><li>2. Zoe Zimmer (design) [ZZ]</li>"),
        "{html}"
    );
    // `define`/`template` over every image of the bundle.
    assert!(
        html.contains(
            "<img src=\"https://hugo.example/blog/posts/gallery-post/dog.png\" alt=\"dog.png\">"
        ),
        "{html}"
    );
    // The theme overrides Hugo's built-in `figure`.
    assert!(
        html.contains("<figure class=\"theme-figure\"><img src=\"https://hugo.example/blog/images/f.png\" alt=\"Theme figure\"></figure>"),
        "{html}"
    );
    // html/template escapes by context, as Hugo's engine does: a `javascript:` URL is
    // refused, text is escaped.
    assert!(
        html.contains("href=\"https://hugo.example/blog/posts/gallery-post/#ZgotmplZ\"")
            && html.contains("Click &lt;me&gt;</a>"),
        "{html}"
    );
    // Shortcodes escaped for show stay as written; no template text reaches the feed.
    assert!(html.contains("<code>{{&lt; note &gt;}}</code>"), "{html}");
    for leftover in ["zolashortcode", "{{ ", "{{-", "<no value>"] {
        assert!(!html.contains(leftover), "{leftover} in {html}");
    }
    // Remote data is what feedsmith never fetches: that call alone is removed, named.
    let warnings = stderr(&output);
    assert!(
        warnings.contains("Hugo shortcode `weather` could not be rendered")
            && warnings.contains("`resources.GetRemote` asks for remote data")
            && warnings.contains("content/posts/gallery-post/index.md:33:1"),
        "{warnings}"
    );
    assert_eq!(warnings.matches("warning:").count(), 1, "{warnings}");
    assert_expected_outputs(&site, "public", "templates-hugo");
}

#[test]
fn sanitize_cleans_what_a_shortcode_writes_like_the_rest_of_the_post() {
    let site = Site::fixture("templates-hugo");
    let config = site.read("config/site.yaml");
    site.write("config/site.yaml", &format!("{config}sanitize: true\n"));
    site.build(&[]);
    let html = html_of(&site, "gallery-post");
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("onclick"), "{html}");
    assert!(html.contains("Click &lt;me&gt;</a>"), "{html}");
}

/// The fixture with a shortcode `name` added and a post calling it as `call`.
fn with_shortcode(name: &str, template: &str, call: &str) -> Site {
    let site = Site::fixture("templates-hugo");
    site.write(&format!("layouts/shortcodes/{name}.html"), template);
    site.write(
        "content/posts/third.md",
        &format!("---\ntitle: Third\ndate: 2024-05-01\n---\nBefore.\n\n{call}\n"),
    );
    site
}

#[test]
fn templates_that_call_themselves_stop_the_build_at_the_call() {
    let site = Site::fixture("templates-hugo");
    let errors = fails_and_keeps_outputs(
        &site,
        &[
            (
                "layouts/shortcodes/tree.html",
                "{{ define \"branch\" }}<ul>{{ template \"branch\" . }}</ul>{{ end }}{{ template \"branch\" . }}",
            ),
            (
                "content/posts/third.md",
                "---\ntitle: Third\ndate: 2024-05-01\n---\nBefore.\n\n{{< tree >}}\n",
            ),
        ],
    );
    assert!(
        errors.contains("content/posts/third.md:7")
            && errors.contains("call themselves")
            && errors.contains("layouts/shortcodes/tree.html"),
        "{errors}"
    );
}

#[test]
fn templates_that_fan_out_without_end_are_refused_before_they_run() {
    // Each template calls the next twice: 2^30 calls, with no loop and no output.
    let mut template = String::new();
    for level in 0..30 {
        template.push_str(&format!(
            "{{{{ define \"t{level}\" }}}}{{{{ template \"t{next}\" . }}}}{{{{ template \"t{next}\" . }}}}{{{{ end }}}}",
            next = level + 1
        ));
    }
    template.push_str("{{ define \"t30\" }}{{ end }}{{ template \"t0\" . }}");
    let site = Site::fixture("templates-hugo");
    let errors = fails_and_keeps_outputs(
        &site,
        &[
            ("layouts/shortcodes/fan.html", &template),
            (
                "content/posts/third.md",
                "---\ntitle: Third\ndate: 2024-05-01\n---\n{{< fan >}}\n",
            ),
        ],
    );
    assert!(
        errors.contains("content/posts/third.md:5")
            && errors.contains("more than 1000 `template` calls"),
        "{errors}"
    );
}

#[test]
fn partials_that_call_themselves_stop_the_build_at_the_call() {
    let site = Site::fixture("templates-hugo");
    let errors = fails_and_keeps_outputs(
        &site,
        &[
            (
                "layouts/partials/again.html",
                "x{{ partial \"again.html\" . }}",
            ),
            (
                "layouts/shortcodes/again.html",
                "{{ partial \"again.html\" . }}",
            ),
            (
                "content/posts/third.md",
                "---\ntitle: Third\ndate: 2024-05-01\n---\nText.\n\n{{< again >}}\n",
            ),
        ],
    );
    assert!(
        errors.contains("content/posts/third.md:7")
            && errors.contains("partials call partials more than 16 deep"),
        "{errors}"
    );
}

#[test]
fn loops_past_the_budget_stop_the_build_with_the_place() {
    let site = Site::fixture("templates-hugo");
    let errors = fails_and_keeps_outputs(
        &site,
        &[
            (
                "layouts/shortcodes/spin.html",
                "{{ range seq 1000 }}{{ range seq 1000 }}.{{ end }}{{ end }}",
            ),
            (
                "content/posts/third.md",
                "---\ntitle: Third\ndate: 2024-05-01\n---\nText.\n\n{{< spin >}}\n",
            ),
        ],
    );
    assert!(
        errors.contains("content/posts/third.md:7")
            && errors.contains("`spin` loops over more than the 10000 items"),
        "{errors}"
    );
    // `seq` alone is bounded too: asked for more than it may give, that call falls back.
    let site = with_shortcode("big", "{{ len (seq 1000000000) }}", "{{< big >}}");
    let warnings = stderr(&site.build(&[]));
    assert!(
        warnings.contains("Hugo shortcode `big` could not be rendered")
            && warnings.contains("over the 100000 one shortcode may make"),
        "{warnings}"
    );
}

#[test]
fn a_template_that_does_not_parse_falls_back_naming_its_file_and_line() {
    let site = with_shortcode(
        "broken",
        "<p>\n{{ range }}{{ end }}\n",
        "{{< broken \"x\" >}} and {{< note >}}still *rendered*{{< /note >}}",
    );
    let output = site.build(&[]);
    let warnings = stderr(&output);
    assert!(
        warnings.contains("Hugo shortcode `broken` could not be rendered")
            && warnings.contains("layouts/shortcodes/broken.html does not parse")
            && warnings.contains("broken.html:2:12: empty command"),
        "{warnings}"
    );
    let html = html_of(&site, "third");
    assert!(html.contains("still <em>rendered</em>"), "{html}");
}

#[test]
fn templates_read_no_file_outside_the_site_nor_through_a_link() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "TOP SECRET").unwrap();
    let site = with_shortcode(
        "peek",
        "[{{ readFile .Params.file }}]",
        "{{< peek file=\"../secret.txt\" >}}\n\n{{< peek file=\"data/team.yaml\" >}}",
    );
    // A shortcode folder's template that is a link out of the site is not read either.
    #[cfg(unix)]
    {
        std::fs::write(outside.path().join("linked.html"), "LINKED {{ .Inner }}").unwrap();
        std::os::unix::fs::symlink(
            outside.path().join("linked.html"),
            site.path("layouts/shortcodes/linked.html"),
        )
        .unwrap();
        site.write(
            "content/posts/fourth.md",
            "---\ntitle: Fourth\ndate: 2024-05-02\n---\n{{< linked >}}x{{< /linked >}}\n",
        );
    }
    let output = site.build(&[]);
    let html = html_of(&site, "third");
    assert!(!html.contains("TOP SECRET"), "{html}");
    assert!(html.contains("[- name: Zoe Zimmer"), "{html}");
    let warnings = stderr(&output);
    assert!(
        warnings.contains("`../secret.txt` is not a path inside the site"),
        "{warnings}"
    );
    #[cfg(unix)]
    {
        let html = html_of(&site, "fourth");
        assert!(!html.contains("LINKED"), "{html}");
        assert!(warnings.contains("Hugo shortcode `linked` is not one feedsmith knows"));
    }
}

#[test]
fn hugo_builtins_stay_unless_the_site_defines_them() {
    // The fixture's theme defines `figure`; `highlight` and `youtube` stay Hugo's.
    let site = with_shortcode(
        "unused",
        "",
        "{{< youtube id=\"dQw4w9WgXcQ\" >}}\n\n{{< highlight go >}}fmt.Println(1){{< /highlight >}}",
    );
    site.build(&[]);
    let html = html_of(&site, "third");
    assert!(html.contains("youtube"), "{html}");
    assert!(html.contains("fmt.Println(1)"), "{html}");
}

#[test]
fn failing_shortcodes_nested_deep_keep_their_text_and_cost_one_pass_each() {
    // Each level's template fails after reading `.Inner`: its inner text is kept as the
    // template saw it, never expanded again, so 16 levels over 200 KB stay one pass each
    // (doubled at each level, 2^16 passes over 200 KB, this build would not end).
    let depth = 16;
    let filler = "word ".repeat(40_000);
    let call = format!(
        "{}{filler}{}",
        "{{< failing >}}".repeat(depth),
        "{{< /failing >}}".repeat(depth)
    );
    let site = with_shortcode(
        "failing",
        "{{ .Inner }}{{ errorf \"no %s\" \"luck\" }}",
        &call,
    );
    let output = site.build(&[]);
    let warnings = stderr(&output);
    assert!(
        warnings.contains("Hugo shortcode `failing` could not be rendered")
            && warnings.contains("the template stops with an error: no luck"),
        "{warnings}"
    );
    let feed = site.read("public/feed.json");
    assert!(feed.contains("word word word"), "the inner text is kept");
    assert!(!feed.contains("failing"), "no tag is left");
}

#[test]
fn a_themes_dir_may_climb_out_of_the_site_but_not_out_of_the_repository() {
    // A theme's example site names its theme two folders up (`themesDir = "../.."`); that
    // stays inside the repository and is read. A theme above the repository is not.
    let site = Site::empty();
    std::fs::create_dir_all(site.path("repo/.git")).unwrap();
    site.write(
        "repo/themes/inside/layouts/shortcodes/hello.html",
        "<b>hello from {{ .Get 0 }}</b>",
    );
    site.write(
        "themes/outside/layouts/shortcodes/bye.html",
        "<b>OUTSIDE</b>",
    );
    site.write(
        "repo/site/config/site.yaml",
        "title: T\ndescription: D\nbase_url: https://t.example/\ncontent_dir: content\n",
    );
    site.write(
        "repo/site/content/posts/a.md",
        "---\ntitle: A\ndate: 2024-01-01\n---\n{{< hello \"inside\" >}} {{< bye >}}\n",
    );
    for (themes_dir, theme) in [("../themes", "inside"), ("../../themes", "outside")] {
        site.write(
            "repo/site/hugo.toml",
            &format!(
                "baseURL = \"https://t.example/\"\ntitle = \"T\"\nthemesDir = \"{themes_dir}\"\ntheme = \"{theme}\"\n"
            ),
        );
        let output = site.run_in("repo/site", &["build"]);
        assert!(output.status.success(), "{}", stderr(&output));
        let feed = site.read("repo/site/public/feed.json");
        match theme {
            "inside" => assert!(feed.contains("hello from inside"), "{feed}"),
            _ => {
                assert!(!feed.contains("OUTSIDE"), "{feed}");
                assert!(
                    stderr(&output).contains("Hugo shortcode `bye` is not one feedsmith knows"),
                    "{}",
                    stderr(&output)
                );
            }
        }
    }
}

#[test]
fn text_that_doubles_in_a_loop_stops_the_build_at_the_call() {
    let site = Site::fixture("templates-hugo");
    let errors = fails_and_keeps_outputs(
        &site,
        &[
            (
                "layouts/shortcodes/double.html",
                "{{ $s := \"ab\" }}{{ range seq 60 }}{{ $s = print $s $s }}{{ end }}{{ len $s }}",
            ),
            (
                "content/posts/third.md",
                "---\ntitle: Third\ndate: 2024-05-01\n---\nText.\n\n{{< double >}}\n",
            ),
        ],
    );
    assert!(
        errors.contains("content/posts/third.md:7")
            && errors.contains("`double`: it makes a value of more than 64 MB"),
        "{errors}"
    );
}

#[test]
fn module_mounts_say_where_layouts_i18n_and_data_are() {
    // Hugo reads `layouts` from the mounts that name it, and no longer from `layouts/`.
    let site = Site::empty();
    site.write(
        "hugo.toml",
        "baseURL = \"https://m.example/\"\ntitle = \"M\"\n\
         [[module.mounts]]\nsource = \"src/layouts\"\ntarget = \"layouts\"\n\
         [[module.mounts]]\nsource = \"src/i18n\"\ntarget = \"i18n\"\n\
         [[module.mounts]]\nsource = \"src/data\"\ntarget = \"data\"\n\
         [[module.mounts]]\nsource = \"../outside\"\ntarget = \"layouts\"\n",
    );
    site.write(
        "config/site.yaml",
        "title: M\ndescription: D\nbase_url: https://m.example/\ncontent_dir: content\n",
    );
    site.write(
        "src/layouts/shortcodes/hello.html",
        "<b>{{ i18n \"hi\" }} {{ .Site.Data.people.first }}</b>",
    );
    site.write("src/i18n/en.yaml", "hi: Hello\n");
    site.write("src/data/people.json", "{\"first\": \"Ada\"}");
    site.write("layouts/shortcodes/unmounted.html", "<b>UNMOUNTED</b>");
    site.write(
        "content/posts/a.md",
        "---\ntitle: A\ndate: 2024-01-01\n---\n{{< hello >}} {{< unmounted >}}\n",
    );
    let output = site.build(&[]);
    let feed = site.read("public/feed.json");
    assert!(feed.contains("<b>Hello Ada</b>"), "{feed}");
    assert!(!feed.contains("UNMOUNTED"), "{feed}");
    assert!(
        stderr(&output).contains("Hugo shortcode `unmounted` is not one feedsmith knows"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_shortcode_inside_another_sees_it_as_its_parent() {
    let site = with_shortcode(
        "item",
        "<i>{{ with .Parent }}in {{ .Name }} {{ .Get \"title\" }}{{ with .Parent }} in {{ .Name }}{{ end }}{{ else }}alone{{ end }}</i>",
        "{{< item >}}\n\n{{< note title=\"Outer\" >}}{{< item >}} {{< note title=\"Inner\" >}}{{< item >}}{{< /note >}}{{< /note >}}",
    );
    site.build(&[]);
    let html = html_of(&site, "third");
    assert!(html.contains("<i>alone</i>"), "{html}");
    assert!(html.contains("<i>in note Outer</i>"), "{html}");
    assert!(html.contains("<i>in note Inner in note</i>"), "{html}");
}

#[test]
fn ref_and_relref_in_a_template_give_the_pages_permalink() {
    let site = with_shortcode(
        "see",
        "<a href=\"{{ relref . (.Get 0) }}\">{{ .Get 0 }}</a> <a href=\"{{ ref . (dict \"path\" (.Get 0)) }}\">again</a>",
        "{{< see \"posts/plain.md\" >}}\n\n{{< see \"nowhere.md\" >}}",
    );
    site.build(&[]);
    let html = html_of(&site, "third");
    assert!(
        html.contains("<a href=\"https://hugo.example/blog/posts/plain/\">posts/plain.md</a> <a href=\"https://hugo.example/blog/posts/plain/\">again</a>"),
        "{html}"
    );
    assert!(!html.contains("feedsmithreference"), "{html}");
}
