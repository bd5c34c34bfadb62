//! What keeps a site's files and its readers safe: runs that would lose files are refused
//! before anything is read or written (a content path that is a file; an output folder that
//! is the root, the home folder, or the content folder or inside it); one build per output
//! folder at a time; values feeds cannot carry are errors; ordinary content gives no
//! validator warning.

use crate::support::{CONFIG, Site, headlines, stderr};

const POST: &str = "---\ntitle: A\ndate: 2024-01-01\ndescription: d\n---\nBody\n";

fn site() -> Site {
    Site::with(CONFIG, &[("a.md", POST)])
}

#[test]
fn a_content_path_that_is_a_file_is_an_error_and_the_feeds_stay() {
    let site = site();
    site.build(&[]);
    let before = site.snapshot_dir("public");
    let output = site.run(&["build", "--content", "content/a.md"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        "error: `content/a.md` is not a folder: the content folder (`--content`, `content_dir`) holds the posts\n"
    );
    assert_eq!(site.snapshot_dir("public"), before, "nothing removed");
}

#[test]
fn outputs_never_go_to_the_root_home_or_content_folder() {
    let site = site();
    let home = site.path("home");
    std::fs::create_dir(&home).unwrap();
    for (out, why) in [
        ("/", "the file system's root"),
        ("content", "the content folder or inside it"),
        ("content/feeds", "the content folder or inside it"),
        ("./content/../content", "the content folder or inside it"),
        (home.to_str().unwrap(), "the home folder"),
    ] {
        let output = assert_cmd::Command::new(assert_cmd::cargo::cargo_bin!("feedsmith"))
            .args(["build", "--out", out])
            .current_dir(site.dir.path())
            .env("HOME", &home)
            .env("SOURCE_DATE_EPOCH", crate::support::NOW)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{out}");
        let message = stderr(&output);
        assert!(
            message.starts_with(&format!(
                "error: `{out}` is {why}; feedsmith will not write"
            )),
            "{out}: {message}"
        );
    }
    assert!(!site.path("content/feeds").exists());
    assert_eq!(std::fs::read_dir(&home).unwrap().count(), 0);
    // A content folder named `public`, where the outputs go by default: the folder the
    // message suggests is another one.
    std::fs::rename(site.path("content"), site.path("public")).unwrap();
    let output = site.run(&["build", "--content", "public"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains(
            "`public` is the content folder or inside it; feedsmith will not write its outputs there (choose a folder of their own, such as `feeds-out`)"
        ),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_second_build_into_one_folder_waits_for_the_first() {
    let site = site();
    site.build(&[]);
    // Hold the lock a build takes, as a running build would.
    let held = std::fs::File::open(site.path("public")).unwrap();
    held.lock().unwrap();
    let mut second = std::process::Command::new(assert_cmd::cargo::cargo_bin!("feedsmith"))
        .args(["build", "--quiet"])
        .current_dir(site.dir.path())
        .env("SOURCE_DATE_EPOCH", crate::support::NOW)
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(600));
    assert!(
        second.try_wait().unwrap().is_none(),
        "it waits while the lock is held"
    );
    drop(held);
    assert!(second.wait().unwrap().success());
}

/// The first line of stderr of a failed `build` in a site with `config` and `posts`.
fn first_error(config: &str, posts: &[(&str, &str)]) -> String {
    let site = Site::empty();
    site.write("config/site.yaml", config);
    for (name, text) in posts {
        site.write(&format!("content/{name}"), text);
    }
    let output = site.run(&["build"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(!site.path("public").exists(), "nothing written");
    headlines(&stderr(&output))
        .lines()
        .next()
        .unwrap()
        .to_string()
}

#[test]
fn values_feeds_cannot_carry_are_errors() {
    let dated = |date: &str| format!("---\ntitle: A\ndate: \"{date}\"\n---\n");
    assert_eq!(
        first_error(CONFIG, &[("a.md", &dated("0000-01-01"))]),
        "error: content/a.md:3:7: `date`: \"0000-01-01\" is before year 1: feed dates (RFC 3339) run from year 0001 to 9999"
    );
    assert!(
        first_error(CONFIG, &[("a.md", &dated("2024-01-01T00:00:00+24:00"))])
            .ends_with("has an offset of 24 hours: RFC 3339 offsets stay within ±23:59")
    );
    let with_id =
        |title: &str| format!("---\ntitle: {title}\ndate: 2024-01-01\nid: urn:x:1\n---\n");
    assert_eq!(
        first_error(CONFIG, &[("a.md", &with_id("A")), ("b.md", &with_id("B"))]),
        "error: content/b.md: id urn:x:1 is already used by `content/a.md`; every entry needs its own id, or feed readers show one of them only"
    );
    assert_eq!(
        first_error(
            CONFIG,
            &[(
                "a.md",
                "---\ntitle: A\ndate: 2024-01-01\nauthor: {name: Ann, email: not-an-email}\n---\n"
            )]
        ),
        "error: content/a.md:4:9: `author` email \"not-an-email\" is not an address such as `ann@example.com`"
    );
    let long = format!(
        "---\ntitle: A\ndate: 2024-01-01\nslug: {}\n---\n",
        "x".repeat(2100)
    );
    assert!(first_error(CONFIG, &[("a.md", &long)]).ends_with(
        "its URL is 2126 characters long, over the 2048 a sitemap allows; set a shorter `slug:`"
    ));
}

#[test]
fn config_values_feeds_cannot_carry_are_errors() {
    let post = [("a.md", POST)];
    assert!(
        first_error(&format!("{CONFIG}sitemap:\n  extra_urls: [\"javascript:alert(1)\"]\n"), &post)
            .contains("sitemap extra URL \"javascript:alert(1)\": must be on the site, under https://example.com/")
    );
    assert!(
        first_error(
            &format!("{CONFIG}sitemap:\n  extra_urls: [\"https://other.example/\"]\n"),
            &post
        )
        .contains("must be on the site")
    );
    assert!(
        first_error(
            "title: T\ndescription: D\nbase_url: https://user:secret@example.com/\n",
            &post
        )
        .contains("must not hold a user name or password")
    );
    assert_eq!(
        first_error(
            &format!("{CONFIG}author: {{name: Ann, email: nope}}\n"),
            &post
        ),
        "error: config/site.yaml: author: email \"nope\" is not an address such as `ann@example.com`"
    );
}

#[test]
fn author_site_paths_become_absolute_and_percent_is_encoded() {
    let site = Site::empty();
    site.write(
        "config/site.yaml",
        &format!("{CONFIG}author: {{name: Dana, url: /about/}}\n"),
    );
    site.write(
        "content/a.md",
        "---\ntitle: A\ndate: 2024-01-01\ndescription: d\nslug: 100%-sure\nauthor: {name: Ann, url: /ann/}\n---\n",
    );
    site.build(&[]);
    let json: serde_json::Value = serde_json::from_str(&site.read("public/feed.json")).unwrap();
    assert_eq!(json["authors"][0]["url"], "https://example.com/about/");
    assert_eq!(
        json["items"][0]["authors"][0]["url"],
        "https://example.com/ann/"
    );
    assert_eq!(
        json["items"][0]["url"],
        "https://example.com/blog/100%25-sure/"
    );
}

#[test]
fn ordinary_content_gives_no_validator_warning() {
    let site = Site::empty();
    site.write("config/site.yaml", CONFIG);
    // An empty body, a C1 control pasted into the title, an empty link, and a body of code.
    site.write(
        "content/empty.md",
        "---\ntitle: Empty\ndate: 2024-01-02\n---\n",
    );
    site.write(
        "content/odd.md",
        "---\ntitle: \"Odd\\u0085 title\"\ndate: 2024-01-01\n---\nA [link]() and <a href=\"\">raw</a>, NEL\u{85} and DEL\u{7f}.\n",
    );
    site.write(
        "content/code.md",
        "---\ntitle: Code\ndate: 2024-01-03\n---\n```\nonly code\n```\n",
    );
    site.build(&[]);
    let atom = site.read("public/atom.xml");
    let rss = site.read("public/feed.xml");
    for text in [&atom, &rss, &site.read("public/feed.json")] {
        assert!(
            !text.contains('\u{85}') && !text.contains('\u{7f}'),
            "{text}"
        );
    }
    let empty = atom
        .split("<entry>")
        .find(|entry| entry.contains("<title type=\"text\">Empty</title>"))
        .unwrap();
    assert!(!empty.contains("<content"), "no empty content: {empty}");
    assert!(atom.contains("<title type=\"text\">Odd title</title>"));
    assert!(atom.contains("href=\"https://example.com/blog/odd/\"&gt;link"));
    assert!(atom.contains("href=\"https://example.com/blog/odd/\"&gt;raw"));
    let code = rss
        .split("<item>")
        .find(|item| item.contains("<title>Code</title>"))
        .unwrap();
    let description = code.find("<description>").expect("a description");
    assert!(description < code.find("<content:encoded>").unwrap());
}

#[test]
fn permalinks_stay_clean_paths_under_the_base_url() {
    for pattern in [
        "/{slug}/../../x/",
        "/\\\\evil.example\\\\{slug}",
        "/../../{slug}/",
    ] {
        let config = format!("{CONFIG}permalink: \"{pattern}\"\n");
        let message = first_error(&config, &[("a.md", POST)]);
        assert!(
            message.contains("is not a clean path under base_url"),
            "{pattern}: {message}"
        );
    }
}

/// Every file under `public` with its bytes, the manifest included.
fn state_of(site: &Site) -> Vec<(String, Vec<u8>)> {
    if site.path("public").exists() {
        site.snapshot_dir("public")
    } else {
        Vec::new()
    }
}

#[test]
fn a_commit_that_fails_at_any_step_leaves_the_old_outputs_exactly() {
    // The old site: two tagged posts. The new one changes a post (files replaced), drops a
    // tag (files removed) and adds one (files and folders created).
    let old_posts = [
        (
            "a.md",
            "---\ntitle: A\ndate: 2024-01-01\ndescription: d\ntags: [old, both]\n---\nA\n",
        ),
        (
            "b.md",
            "---\ntitle: B\ndate: 2024-01-02\ndescription: d\ntags: [both]\n---\nB\n",
        ),
    ];
    let new_a = "---\ntitle: A2\ndate: 2024-01-01\ndescription: d\ntags: [new, both]\n---\nA2\n";
    let fresh = |posts: &[(&str, &str)]| {
        let site = Site::empty();
        site.write("config/site.yaml", CONFIG);
        for (name, text) in posts {
            site.write(&format!("content/{name}"), text);
        }
        site
    };
    let expected_new = {
        let site = fresh(&[("a.md", new_a), old_posts[1]]);
        site.build(&[]);
        state_of(&site)
    };
    let mut step = 0;
    loop {
        let site = fresh(&old_posts);
        site.build(&[]);
        let old = state_of(&site);
        site.write("content/a.md", new_a);
        let output = assert_cmd::Command::new(assert_cmd::cargo::cargo_bin!("feedsmith"))
            .arg("build")
            .current_dir(site.dir.path())
            .env("SOURCE_DATE_EPOCH", crate::support::NOW)
            .env("FEEDSMITH_FAULT_COMMIT_STEP", step.to_string())
            .output()
            .unwrap();
        if output.status.success() {
            assert_eq!(state_of(&site), expected_new, "the build that got through");
            break;
        }
        assert!(
            stderr(&output).contains(&format!("injected failure at commit step {step}")),
            "{}",
            stderr(&output)
        );
        assert_eq!(state_of(&site), old, "failed at step {step}");
        step += 1;
    }
    assert!(step > 10, "the commit had {step} steps, each failed once");
}

#[test]
fn a_clash_is_found_before_any_output_is_replaced() {
    let site = site();
    site.write(
        "content/b.md",
        "---\ntitle: B\ndate: 2024-01-02\ndescription: d\ntags: [rust]\n---\n",
    );
    site.build(&[]);
    let before = state_of(&site);
    // A new tag whose folder is taken by a file, and a tag too long for a file name.
    site.write("public/tags/new", "a file in the way");
    site.write(
        "content/c.md",
        "---\ntitle: C\ndate: 2024-01-03\ndescription: d\ntags: [new]\n---\n",
    );
    let output = site.run(&["build"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains(
            "is a file, where this output needs a folder (it holds the feed of tag \"new\")"
        ),
        "{}",
        stderr(&output)
    );
    let mut after = state_of(&site);
    after.retain(|(name, _)| name != "tags/new");
    assert_eq!(after, before, "nothing replaced");

    std::fs::remove_file(site.path("public/tags/new")).unwrap();
    let long = "x".repeat(300);
    site.write(
        "content/c.md",
        &format!("---\ntitle: C\ndate: 2024-01-03\ndescription: d\ntags: [{long}]\n---\n"),
    );
    let output = site.run(&["build"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("over the 255 a file name may have"),
        "{}",
        stderr(&output)
    );
    assert_eq!(state_of(&site), before);
    let check = site.run(&["check"]);
    assert_eq!(check.status.code(), Some(1), "check finds it too");
}

#[test]
fn symbolic_links_in_the_output_folder_are_never_gone_through() {
    let site = Site::empty();
    site.write("config/site.yaml", CONFIG);
    site.write(
        "content/a.md",
        "---\ntitle: A\ndate: 2024-01-01\ndescription: d\ntags: [keep]\n---\n",
    );
    site.build(&[]);
    // Someone replaces the tag's folder by a link to a folder outside.
    site.write("ext/feed.xml", "not feedsmith's");
    std::fs::rename(site.path("public/tags/keep"), site.path("moved")).unwrap();
    std::os::unix::fs::symlink(site.path("ext"), site.path("public/tags/keep")).unwrap();
    // The tag goes: its stale files behind the link stay, with a warning.
    site.write(
        "content/a.md",
        "---\ntitle: A\ndate: 2024-01-01\ndescription: d\n---\n",
    );
    let output = site.build(&[]);
    assert_eq!(site.read("ext/feed.xml"), "not feedsmith's");
    assert!(
        stderr(&output).contains("left in place: its path goes through a symbolic link"),
        "{}",
        stderr(&output)
    );
    // A tag whose feeds would be written through the link is an error.
    site.write(
        "content/a.md",
        "---\ntitle: A\ndate: 2024-01-01\ndescription: d\ntags: [keep]\n---\n",
    );
    let output = site.run(&["build"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("is a symbolic link"),
        "{}",
        stderr(&output)
    );
    assert_eq!(site.read("ext/feed.xml"), "not feedsmith's");
}

#[test]
fn sanitize_drops_scripts_from_the_feeds_when_asked() {
    // The issue's payloads, and more of each class: script in an iframe's document, in SVG
    // links and animations, in MathML, in encoded schemes, in `data:` and in `srcset`.
    let body = concat!(
        "Hi<script>pwned(1)</script> <a href=\"javascript:pwned(2)\" onclick=\"pwned(3)\">there</a>\n\n",
        "<iframe srcdoc=\"<script>pwned(4)</script>\"></iframe>\n\n",
        "<svg><a xlink:href=\"javascript:pwned(5)\"><text>x</text></a></svg>\n\n",
        "<svg><a><animate attributeName=\"href\" values=\"javascript:pwned(6)\"/><text>y</text></a></svg>\n\n",
        "<math><maction actiontype=\"statusline\" xlink:href=\"javascript:pwned(7)\">z</maction></math>\n\n",
        "<a href=\"jav&#x09;ascript:pwned(8)\">t</a> <a href=\"data:text/html,<script>pwned(9)</script>\">d</a>\n\n",
        "<img srcset=\"javascript:pwned(10) 1x\" src=\"/ok.png\"> <video poster=\"javascript:pwned(11)\"></video>\n\n",
        "<p style=\"background:url(javascript:pwned(12))\">s</p><object data=\"javascript:pwned(13)\"></object>\n",
    );
    let post = format!("---\ntitle: A\ndate: 2024-01-01\ndescription: d\n---\n{body}");
    for (sanitize, kept) in [("false", true), ("true", false)] {
        let site = Site::empty();
        site.write(
            "config/site.yaml",
            &format!("{CONFIG}sanitize: {sanitize}\n"),
        );
        site.write("content/a.md", &post);
        site.build(&[]);
        for file in ["public/feed.json", "public/atom.xml", "public/feed.xml"] {
            let text = site.read(file);
            for script in ["pwned(", "javascript:", "onclick", "srcdoc"] {
                assert_eq!(
                    text.contains(script),
                    kept,
                    "sanitize {sanitize}, {file}: {script}"
                );
            }
            assert!(kept || !text.contains("<script") && !text.contains("&lt;script"));
            if !kept {
                assert!(
                    text.contains("https://example.com/ok.png"),
                    "{file}: the image stays"
                );
            }
        }
    }
}

#[test]
fn front_matter_urls_that_are_not_the_webs_are_errors_at_their_line() {
    for (field, value, shown) in [
        ("coverImage", "javascript:alert(1)", "cover image"),
        ("image", "\" JavaScript:alert(1)\"", "cover image"),
        (
            "cover",
            "data:image/svg+xml,<svg onload=alert(1)>",
            "cover image",
        ),
        ("heroImage", "{src: \"vbscript:msgbox(1)\"}", "cover image"),
        ("enclosure", "file:///etc/passwd", "enclosure"),
        ("audio", "javascript:alert(1)", "enclosure"),
    ] {
        let site = Site::empty();
        site.write("config/site.yaml", CONFIG);
        site.write(
            "content/a.md",
            &format!("---\ntitle: A\ndate: 2024-01-01\n{field}: {value}\n---\n"),
        );
        let output = site.run(&["build"]);
        assert_eq!(output.status.code(), Some(1), "{field}: {value}");
        let text = headlines(&stderr(&output));
        assert!(
            text.starts_with("error: content/a.md:4:") && text.contains(&format!(": {shown} \"")),
            "{field}: {text}"
        );
        assert!(text.contains("must be a site path such as `/images/x.jpg`, a path relative to the post, or an absolute http(s) URL"), "{text}");
        assert!(!site.path("public").exists());
    }
    for id in ["javascript:alert(1)", "data:,x"] {
        let site = Site::empty();
        site.write("config/site.yaml", CONFIG);
        site.write(
            "content/a.md",
            &format!("---\ntitle: A\ndate: 2024-01-01\nid: \"{id}\"\n---\n"),
        );
        let output = site.run(&["build"]);
        assert_eq!(output.status.code(), Some(1), "{id}");
        assert!(stderr(&output).contains(
            "must not be a `javascript:`, `vbscript:` or `data:` URI: a reader may follow an id"
        ));
    }
}

#[test]
fn an_unwritable_folder_is_found_before_any_post_renders() {
    // Permissions bind only a user other than root: run the build as `nobody`.
    let root = std::process::Command::new("id").arg("-u").output().unwrap();
    let setpriv = std::path::Path::new("/usr/bin/setpriv");
    if String::from_utf8_lossy(&root.stdout).trim() != "0" || !setpriv.exists() {
        crate::support::skip("needs root and setpriv to run a build as another user");
        return;
    }
    // A copy of the binary `nobody` can reach, wherever the checkout is (under /root, say).
    use std::os::unix::fs::PermissionsExt;
    let bin_dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(bin_dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let bin = bin_dir.path().join("feedsmith");
    std::fs::copy(assert_cmd::cargo::cargo_bin!("feedsmith"), &bin).unwrap();
    let reachable = std::process::Command::new(setpriv)
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(&bin)
        .arg("--version")
        .output()
        .is_ok_and(|output| output.status.success());
    if !reachable {
        crate::support::skip("the temporary folder is not reachable for the user nobody");
        return;
    }
    let site = Site::empty();
    site.write("config/site.yaml", CONFIG);
    site.write(
        "content/a.md",
        "---\ntitle: A\ndate: 2024-01-01\ndescription: d\ntags: [old]\n---\n",
    );
    let as_nobody = |site: &Site| {
        std::process::Command::new(setpriv)
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(&bin)
            .arg("build")
            .current_dir(site.dir.path())
            .env("SOURCE_DATE_EPOCH", crate::support::NOW)
            .output()
            .unwrap()
    };
    let chown = |path: &std::path::Path| {
        assert!(
            std::process::Command::new("chown")
                .args(["-R", "65534:65534"])
                .arg(path)
                .status()
                .unwrap()
                .success()
        )
    };
    chown(site.dir.path());
    assert!(as_nobody(&site).status.success());
    let before = state_of(&site);
    // The tags folder becomes read-only; a new tag needs a folder in it.
    std::fs::set_permissions(
        site.path("public/tags"),
        std::fs::Permissions::from_mode(0o555),
    )
    .unwrap();
    site.write(
        "content/b.md",
        "---\ntitle: B\ndate: 2024-01-02\ndescription: d\ntags: [new]\n---\n",
    );
    chown(&site.path("content"));
    let output = as_nobody(&site);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("public/tags` is not writable (it holds the feed of tag \"new\")"),
        "{}",
        stderr(&output)
    );
    assert_eq!(state_of(&site), before);
    std::fs::set_permissions(
        site.path("public/tags"),
        std::fs::Permissions::from_mode(0o755),
    )
    .unwrap();
}

#[test]
fn an_output_file_name_that_names_a_folder_is_a_config_error() {
    let message = first_error(
        &format!("{CONFIG}feeds:\n  json: {{file: \"zz/\"}}\n"),
        &[("a.md", POST)],
    );
    assert!(
        message.contains("output file \"zz/\" names a folder"),
        "{message}"
    );
    // A folder pattern may end in `/`.
    let site = Site::empty();
    site.write(
        "config/site.yaml",
        &format!("{CONFIG}tag_feeds: {{folder: \"t/{{slug}}/\"}}\n"),
    );
    site.write(
        "content/a.md",
        "---\ntitle: A\ndate: 2024-01-01\ndescription: d\ntags: [x]\n---\n",
    );
    site.build(&[]);
    assert!(site.path("public/t/x/feed.xml").exists());
}

/// A build whose outputs would replace what it reads: each way an output can land on an
/// input, with the input the error must name.
#[test]
fn an_output_never_overwrites_an_input() {
    let media_post =
        "---\ntitle: M\ndate: 2024-01-02\ndescription: d\ncoverImage: /img/c.png\n---\n";
    // (what, extra config, extra command-line flags, output the error names, the input).
    let cases: [(&str, &str, &[&str], &str, &str); 7] = [
        (
            "the OPML list over the config",
            "opml: {file: site.yaml}\n",
            &["--out", "config"],
            "config/site.yaml` (the OPML list of feeds) would overwrite the site config `config/site.yaml`",
            "config/site.yaml",
        ),
        (
            "a feed over a post",
            "feeds: {rss: {file: content/a.md}}\n",
            &["--out", "."],
            "./content/a.md` (the main feed) would be written into the content folder `content`",
            "content/a.md",
        ),
        (
            "tag feeds into the content folder",
            "tag_feeds: {folder: \"content/{slug}\"}\n",
            &["--out", "."],
            "./content/keep/feed.xml` (the feed of tag \"keep\") would be written into the content folder `content`",
            "content/a.md",
        ),
        (
            "a feed through a link to the config folder",
            "feeds: {json: {file: site.yaml}}\n",
            &["--out", "linked"],
            "linked/site.yaml` (the main feed) would overwrite the site config `config/site.yaml`",
            "config/site.yaml",
        ),
        (
            "the feeds page over a static file an enclosure reads",
            "static_dir: static\nfeeds_page: {file: img/c.png}\n",
            &["--out", "static"],
            "static/img/c.png` (the feeds page) would overwrite the static file read for an enclosure `static/img/c.png`",
            "static/img/c.png",
        ),
        (
            "the sitemap spelt with dot segments over the config",
            "sitemap: {file: site.yaml}\n",
            &["--out", "config/../config"],
            "would overwrite the site config `config/site.yaml`",
            "config/site.yaml",
        ),
        (
            "check mode refuses it too",
            "opml: {file: site.yaml}\n",
            &["--out", "config", "--check"],
            "config/site.yaml` (the OPML list of feeds) would overwrite the site config `config/site.yaml`",
            "config/site.yaml",
        ),
    ];
    for (case, extra, flags, message, input) in cases {
        let site = Site::empty();
        site.write("config/site.yaml", &format!("{CONFIG}{extra}"));
        site.write(
            "content/a.md",
            "---\ntitle: A\ndate: 2024-01-01\ndescription: d\ntags: [keep]\n---\n",
        );
        site.write("content/m.md", media_post);
        site.write("static/img/c.png", "not really a png");
        std::os::unix::fs::symlink(site.path("config"), site.path("linked")).unwrap();
        let before = crate::support::whole_tree(&site);
        let mut args = vec!["build"];
        args.extend_from_slice(flags);
        let output = site.run(&args);
        assert_eq!(output.status.code(), Some(1), "{case}: {}", stderr(&output));
        let text = stderr(&output);
        assert!(
            text.starts_with("error: `") && text.contains(message),
            "{case}: {text}"
        );
        assert!(
            text.ends_with(", which this build reads; nothing was written: choose another output folder (`--out`, `output_dir`) or output file name\n"),
            "{case}: {text}"
        );
        assert_eq!(crate::support::whole_tree(&site), before, "{case}");
        assert!(site.path(input).is_file(), "{case}");
    }
}

#[test]
fn a_manifest_naming_an_input_never_removes_it() {
    let site = site();
    site.build(&["--out", "."]);
    // A manifest planted (or left by a build with other settings) naming a post and the
    // config as outputs of an earlier build.
    let mut manifest = site.read(".feedsmith-manifest");
    manifest.push_str("content/a.md\nconfig/site.yaml\n");
    site.write(".feedsmith-manifest", &manifest);
    let output = site.build(&["--out", "."]);
    assert_eq!(site.read("content/a.md"), POST);
    assert_eq!(site.read("config/site.yaml"), CONFIG);
    let warnings = headlines(&stderr(&output));
    for input in ["content/a.md", "config/site.yaml"] {
        assert!(
            warnings.contains(&format!("warning: ./{input}: named in the output folder's manifest, but left in place: it is an input of this build")),
            "{warnings}"
        );
    }
}

#[test]
fn an_output_name_with_a_line_break_is_refused() {
    // The manifest holds a path per line: `a\nb.opml` would make it name `a`, a file
    // feedsmith never wrote, for the next build to remove.
    for (key, value) in [
        ("opml", "\"a\\nb.opml\""),
        ("sitemap", "\"x\\tsitemap.xml\""),
    ] {
        let site = site();
        site.write(
            "config/site.yaml",
            &format!("{CONFIG}{key}: {{file: {value}}}\n"),
        );
        let output = site.run(&["build"]);
        assert_eq!(output.status.code(), Some(1), "{key}");
        assert!(
            headlines(&stderr(&output)).starts_with(&format!(
                "error: config/site.yaml:4:{}: output file ",
                key.len() + 10
            )),
            "{}",
            stderr(&output)
        );
        assert!(stderr(&output).contains("holds a control character"));
        assert!(!site.path("public").exists());
    }
}

/// A URL to be published with a user name or password in it is refused where it is written,
/// whichever key holds it: the hub's, a language's `base_url`, a person's `url`.
#[test]
fn no_published_url_carries_credentials() {
    let post = [("a.md", POST)];
    for (config, at) in [
        (
            format!("{CONFIG}websub:\n  hubs:\n    - https://user:pass@hub.example/\n"),
            "config/site.yaml:6:7: websub hub \"https://user:pass@hub.example/\" must not hold a user name or password",
        ),
        (
            format!("{CONFIG}websub:\n  hubs: [\"https://token@hub.example/\"]\n"),
            "config/site.yaml:5:10: websub hub \"https://token@hub.example/\" must not hold",
        ),
        (
            format!(
                "{CONFIG}languages:\n  - en\n  - {{code: fr, base_url: \"https://a:b@fr.example.com/\"}}\n"
            ),
            "must not hold a user name or password",
        ),
        (
            format!("{CONFIG}author: {{name: Ann, url: \"https://ann:pw@ann.example/\"}}\n"),
            "url \"https://ann:pw@ann.example/\" must not hold a user name or password",
        ),
        (
            format!("{CONFIG}sitemap:\n  extra_urls: [\"https://u:p@example.com/x\"]\n"),
            "must not hold a user name or password",
        ),
    ] {
        let error = first_error(&config, &post);
        assert!(error.contains(at), "{config}\n{error}");
    }
    let site = Site::with(
        CONFIG,
        &[(
            "a.md",
            "---\ntitle: A\ndate: 2024-01-01\nauthor: {name: Ann, url: \"https://ann:pw@ann.example/\"}\n---\n",
        )],
    );
    let output = site.run(&["build"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        headlines(&stderr(&output)).contains("content/a.md:4:"),
        "{}",
        stderr(&output)
    );
}
