//! Sites in several languages (`languages:`), in the layouts the tools use: Hugo's file-name
//! suffixes with a region tag (`index.pt-br.md`), Hugo's language folders (`content/fr/…`,
//! one language on its own host, a `translationKey`), Zola's suffixes with a front-matter
//! `lang`. Each fixture's outputs are compared whole with its `out/`, then read back: each
//! language's feeds hold exactly its posts, every hreflang pair (Atom entries, sitemap
//! alternates) is symmetric, and every file is valid by its schema. The errors name the file,
//! the line and the declared languages.

use std::collections::{BTreeMap, BTreeSet};

use quick_xml::events::Event;

use crate::schemas::validate_outputs;
use crate::support::{CONFIG, Site, assert_expected_outputs, entry_links, stderr};

const FIXTURES: [&str; 3] = ["languages-hugo", "languages-folders", "languages-zola"];

fn built(fixture: &str) -> Site {
    let site = Site::fixture(fixture);
    let output = site.build(&[]);
    assert!(output.status.success(), "{fixture}: {}", stderr(&output));
    site
}

/// Every file under the site's `public/` whose name ends in `suffix`.
fn outputs_ending(site: &Site, suffix: &str) -> Vec<String> {
    site.snapshot_dir("public")
        .into_iter()
        .map(|(name, _)| name)
        .filter(|name| name.ends_with(suffix) && !name.contains("feeds-head"))
        .collect()
}

#[test]
fn every_output_of_each_layout_is_as_expected() {
    for fixture in FIXTURES {
        let site = built(fixture);
        assert_expected_outputs(&site, "public", fixture);
    }
}

/// A feed's path, its language and the links of its entries, newest first.
type ExpectedFeed<'a> = (&'a str, &'a str, &'a [&'a str]);

#[test]
fn each_languages_feeds_hold_exactly_its_posts_in_its_language() {
    let cases: [(&str, &[ExpectedFeed]); 3] = [
        (
            "languages-hugo",
            &[
                (
                    "atom.xml",
                    "en",
                    &[
                        "https://tides.example.org/posts/first-light/",
                        "https://tides.example.org/posts/spring-equinox/",
                        "https://tides.example.org/posts/tides/",
                    ],
                ),
                (
                    "es/atom.xml",
                    "es",
                    &[
                        "https://tides.example.org/es/posts/solo/",
                        "https://tides.example.org/es/posts/first-light/",
                        "https://tides.example.org/es/posts/tides/",
                    ],
                ),
                (
                    "pt-br/atom.xml",
                    "pt-BR",
                    &["https://tides.example.org/pt-br/posts/first-light/"],
                ),
                (
                    "es/tags/mareas/atom.xml",
                    "es",
                    &[
                        "https://tides.example.org/es/posts/first-light/",
                        "https://tides.example.org/es/posts/tides/",
                    ],
                ),
                (
                    "tags/tides/atom.xml",
                    "en",
                    &[
                        "https://tides.example.org/posts/first-light/",
                        "https://tides.example.org/posts/tides/",
                    ],
                ),
            ],
        ),
        (
            "languages-folders",
            &[
                (
                    "atom.xml",
                    "en",
                    &[
                        "https://alpine.example.net/posts/ropes/",
                        "https://alpine.example.net/posts/aiguille/",
                    ],
                ),
                (
                    "fr/atom.xml",
                    "fr",
                    &[
                        "https://fr.alpine.example.net/posts/cordes/",
                        "https://fr.alpine.example.net/posts/refuges/",
                        "https://fr.alpine.example.net/posts/aiguille/",
                    ],
                ),
            ],
        ),
        (
            "languages-zola",
            &[
                (
                    "atom.xml",
                    "en",
                    &[
                        "https://notes.example.com/blog/second/",
                        "https://notes.example.com/blog/first/",
                    ],
                ),
                (
                    "fr/atom.xml",
                    "fr",
                    &[
                        "https://notes.example.com/fr/blog/troisieme/",
                        "https://notes.example.com/fr/blog/first/",
                    ],
                ),
            ],
        ),
    ];
    for (fixture, feeds) in cases {
        let site = built(fixture);
        for (feed, language, links) in feeds {
            assert_eq!(entry_links(&site, feed), *links, "{fixture}: {feed}");
            let atom = site.read(&format!("public/{feed}"));
            assert!(
                atom.contains(&format!("xml:lang=\"{language}\"")),
                "{fixture}: {feed} names its language"
            );
            // The same feed in JSON Feed says its language too.
            let json_path = format!("public/{}", feed.replace("atom.xml", "feed.json"));
            let json: serde_json::Value = serde_json::from_str(&site.read(&json_path)).unwrap();
            assert_eq!(json["language"], *language, "{fixture}: {json_path}");
            let urls: Vec<&str> = json["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|item| item["url"].as_str().unwrap())
                .collect();
            assert_eq!(urls, *links, "{fixture}: {json_path}");
        }
    }
    // RSS writes the language as its channel's `language`.
    let site = built("languages-hugo");
    let rss = site.parse_feed("public/pt-br/feed.xml");
    // (feed-rs lower-cases it; tags are compared without regard to case.)
    assert_eq!(rss.language.as_deref(), Some("pt-br"));
    assert!(
        site.read("public/pt-br/feed.xml")
            .contains("<language>pt-BR</language>")
    );
}

/// Each Atom entry's hreflang links, by its own link: (its language, {language → URL} of the
/// other versions).
type Alternates = BTreeMap<String, (String, BTreeMap<String, String>)>;

fn atom_alternates(site: &Site) -> Alternates {
    let mut found = Alternates::new();
    for feed in outputs_ending(site, "atom.xml") {
        for entry in site.parse_feed(&format!("public/{feed}")).entries {
            let own = &entry.links[0];
            assert_eq!(
                own.href_lang, None,
                "{feed}: the first link is the post's, plainly"
            );
            if entry.links.len() == 1 {
                continue;
            }
            // Readers that take the last alternate (feedparser) open this version too.
            let last = entry.links.last().unwrap();
            assert_eq!(
                last.href, own.href,
                "{feed}: the last link is the post's own"
            );
            let language = last
                .href_lang
                .clone()
                .expect("the own link names its language");
            let others: BTreeMap<String, String> = entry.links[1..entry.links.len() - 1]
                .iter()
                .map(|link| (link.href_lang.clone().unwrap(), link.href.clone()))
                .collect();
            found.insert(own.href.clone(), (language, others));
        }
    }
    found
}

#[test]
fn every_hreflang_pair_in_the_feeds_is_symmetric() {
    for fixture in FIXTURES {
        let site = built(fixture);
        let alternates = atom_alternates(&site);
        assert!(!alternates.is_empty(), "{fixture} has translations");
        for (url, (language, others)) in &alternates {
            assert!(
                !others.contains_key(language),
                "{url} links its own language"
            );
            for (other_language, other_url) in others {
                let (back_language, back) = alternates
                    .get(other_url)
                    .unwrap_or_else(|| panic!("{url} → {other_url}: no entry there"));
                assert_eq!(back_language, other_language, "{other_url}");
                assert_eq!(
                    back.get(language),
                    Some(url),
                    "{other_url} links back to {url}"
                );
            }
        }
    }
    // The pairs the layouts make: a bundle's suffixes, a folder's same path, a key.
    let hugo = atom_alternates(&built("languages-hugo"));
    let first = &hugo["https://tides.example.org/posts/first-light/"].1;
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        ["es", "pt-BR"],
        "every version, region tag included"
    );
    assert!(!hugo.contains_key("https://tides.example.org/posts/spring-equinox/"));
    let folders = atom_alternates(&built("languages-folders"));
    assert_eq!(
        folders["https://alpine.example.net/posts/ropes/"].1["fr"],
        "https://fr.alpine.example.net/posts/cordes/",
        "translationKey pairs files of different names"
    );
}

/// Each sitemap `url`: its `loc` and its `xhtml:link` alternates (hreflang → href).
fn sitemap_alternates(xml: &str) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut urls = BTreeMap::new();
    let (mut loc, mut links, mut in_loc) = (String::new(), BTreeMap::new(), false);
    loop {
        match reader.read_event().unwrap() {
            Event::Start(start) if start.name().as_ref() == "loc" => in_loc = true,
            Event::End(end) if end.name().as_ref() == "loc" => in_loc = false,
            Event::Text(text) if in_loc => loc.push_str(&text.xml_content(Default::default())),
            Event::Empty(link) if link.name().as_ref() == "xhtml:link" => {
                let attribute = |name: &str| {
                    link.try_get_attribute(name)
                        .unwrap()
                        .map(|a| {
                            a.normalized_value(quick_xml::XmlVersion::default())
                                .unwrap()
                                .into_owned()
                        })
                        .unwrap()
                };
                assert_eq!(attribute("rel"), "alternate");
                links.insert(attribute("hreflang"), attribute("href"));
            }
            Event::End(end) if end.name().as_ref() == "url" => {
                urls.insert(std::mem::take(&mut loc), std::mem::take(&mut links));
            }
            Event::Eof => return urls,
            _ => {}
        }
    }
}

#[test]
fn the_sitemap_lists_every_version_with_symmetric_alternates_and_x_default() {
    for fixture in FIXTURES {
        let site = built(fixture);
        // One sitemap per host (a language served on its own has its own, in its folder),
        // each listing its host's URLs only.
        let mut urls = BTreeMap::new();
        let sitemaps = outputs_ending(&site, "sitemap.xml");
        for sitemap in &sitemaps {
            let listed = sitemap_alternates(&site.read(&format!("public/{sitemap}")));
            let hosts: BTreeSet<String> = listed
                .keys()
                .map(|loc| {
                    url::Url::parse(loc)
                        .unwrap()
                        .host_str()
                        .unwrap()
                        .to_string()
                })
                .collect();
            assert_eq!(hosts.len(), 1, "{fixture}: {sitemap} lists {hosts:?}");
            urls.extend(listed);
        }
        for (loc, links) in &urls {
            if links.is_empty() {
                continue;
            }
            assert!(links.values().any(|href| href == loc), "{loc} lists itself");
            let versions: BTreeSet<(&String, &String)> = links
                .iter()
                .filter(|(lang, _)| *lang != "x-default")
                .collect();
            for (_, href) in &versions {
                // Every version is a `url` of its own, listing the same versions.
                let theirs: BTreeSet<(&String, &String)> = urls[*href]
                    .iter()
                    .filter(|(lang, _)| *lang != "x-default")
                    .collect();
                assert_eq!(theirs, versions, "{fixture}: {href} and {loc}");
            }
            // x-default is the default language's version.
            assert_eq!(links.get("x-default"), links.get("en"), "{fixture}: {loc}");
        }
        validate_outputs(
            &site,
            "public",
            &outputs_ending(&site, "atom.xml")
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>(),
            &sitemaps.iter().map(String::as_str).collect::<Vec<_>>(),
            &outputs_ending(&site, "feed.json")
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>(),
        );
    }
}

#[test]
fn the_feeds_page_opml_and_head_list_every_languages_feeds() {
    let site = built("languages-hugo");
    let head = site.read("public/feeds-head.html");
    for (hreflang, url) in [
        ("en", "https://tides.example.org/atom.xml"),
        ("es", "https://tides.example.org/es/atom.xml"),
        ("pt-BR", "https://tides.example.org/pt-br/atom.xml"),
    ] {
        assert!(
            head.contains(&format!("hreflang=\"{hreflang}\" title=")) && head.contains(url),
            "{head}"
        );
    }
    let opml = site.read("public/feeds.opml");
    for heading in [
        "Notas de mareas (es)",
        "Tags (es)",
        "Tags (pt-BR)",
        "Tide Notes (en)",
    ] {
        assert!(
            opml.contains(&format!("text=\"{heading}\"")),
            "{heading}: {opml}"
        );
    }
    assert!(opml.contains("xmlUrl=\"https://tides.example.org/pt-br/tags/mares/atom.xml\""));
    let page = site.read("public/feeds.html");
    assert!(page.contains("<section lang=\"es\">"), "{page}");
    assert!(page.contains("https://tides.example.org/es/tags/mareas/feed.xml"));
}

#[test]
fn a_post_in_an_undeclared_language_is_an_error_naming_the_languages() {
    let config = format!("{CONFIG}languages: [en, es]\n");
    let site = Site::with(
        &config,
        &[
            ("a/index.md", "---\ntitle: A\ndate: 2024-01-01\n---\nA\n"),
            ("a/index.de.md", "---\ntitle: A\ndate: 2024-01-01\n---\nA\n"),
            (
                "b.md",
                "---\ntitle: B\ndate: 2024-01-01\nlang: fr\n---\nB\n",
            ),
            // A programming language is no language of the site.
            (
                "c.md",
                "---\ntitle: C\ndate: 2024-01-01\nlanguage: rust\n---\nC\n",
            ),
        ],
    );
    let output = site.run(&["build"]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(
        err.contains("content/a/index.de.md")
            && err.contains("its name says it is in language `de`, which the config does not declare (declared: en, es)"),
        "{err}"
    );
    // Reported in the same run as the file-name one? No: names are checked before any file
    // is read, so fix them first; the front matter's comes next.
    site.write(
        "config/site.yaml",
        &format!("{config}exclude: ['*.de.md']\n"),
    );
    let err = stderr(&site.run(&["build"]));
    assert!(
        err.contains("content/b.md:4:7")
            && err.contains(
                "`lang: fr` is a language the config does not declare (declared: en, es)"
            ),
        "{err}"
    );
    assert!(!err.contains("c.md"), "{err}");
    assert!(!site.path("public").exists(), "nothing written");
}

#[test]
fn two_posts_of_one_language_at_one_url_are_an_error() {
    let site = Site::with(
        &format!("{CONFIG}languages: [en, es]\n"),
        &[
            ("a.es.md", "---\ntitle: A\ndate: 2024-01-01\n---\nA\n"),
            ("es/a.md", "---\ntitle: A\ndate: 2024-01-02\n---\nA\n"),
            ("a.md", "---\ntitle: A\ndate: 2024-01-01\n---\nA\n"),
        ],
    );
    let output = site.run(&["build"]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(
        err.contains("URL https://example.com/es/blog/a/ is already used by `")
            && err.contains("a.es.md"),
        "{err}"
    );
    // A single-language site with both versions says how to declare them.
    let site = Site::with(
        &format!("{CONFIG}language: es\n"),
        &[
            ("a/index.md", "---\ntitle: A\ndate: 2024-01-01\n---\nA\n"),
            ("a/index.es.md", "---\ntitle: A\ndate: 2024-01-01\n---\nA\n"),
        ],
    );
    let err = stderr(&site.run(&["build"]));
    assert!(err.contains("languages: [en, es]"), "{err}");
}

#[test]
fn language_settings_are_checked_at_their_line() {
    for (languages, message) in [
        (
            "languages: [en, es, ES]\n",
            "language `ES` is declared twice",
        ),
        (
            "languages: []\n",
            "`languages` must list at least one language",
        ),
        ("languages: [en_US]\n", "is not a BCP 47 tag: use `-`"),
        (
            "languages:\n  - code: en\n    base_url: https://en.example.com/\n",
            "language `en` is the default",
        ),
        (
            "languages:\n  - en\n  - code: es\n    prefix: ../x\n",
            "prefix \"../x\" must be folder names",
        ),
        (
            "language: fr\nlanguages: [en, fr]\n",
            "is not the first of `languages` (`en`)",
        ),
        (
            "languages:\n  - en\n  - code: es\n    prefix: ''\n",
            "languages `en` and `es` would share the folder",
        ),
    ] {
        let site = Site::with(&format!("{CONFIG}{languages}"), &[]);
        let output = site.run(&["build"]);
        assert_eq!(output.status.code(), Some(1), "{languages}");
        let err = stderr(&output);
        assert!(err.contains(message), "{languages}: {err}");
        assert!(err.contains("config/site.yaml:"), "{languages}: {err}");
    }
}

#[test]
fn a_site_that_declares_no_languages_still_leaves_translations_out() {
    let site = Site::with(
        CONFIG,
        &[
            ("a/index.md", "---\ntitle: A\ndate: 2024-01-01\n---\nA\n"),
            ("a/index.es.md", "---\ntitle: A\ndate: 2024-01-01\n---\nA\n"),
            (
                "b.md",
                "---\ntitle: B\ndate: 2024-01-01\nlang: fr\n---\nB\n",
            ),
        ],
    );
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output)
            .contains("1 translation file in languages other than the site's `en` left out")
    );
    assert_eq!(entry_links(&site, "atom.xml").len(), 2);
    assert!(!site.read("public/sitemap.xml").contains("xhtml"));
    assert!(!site.path("public/es").exists());
}

#[test]
fn the_alternates_schema_refuses_what_google_does_not_document() {
    if !crate::schemas::have("xmllint") {
        return;
    }
    let site = built("languages-hugo");
    let good = site.read("public/sitemap.xml");
    let xsd = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/schemas/sitemap-with-images.xsd");
    let valid = |xml: &str| {
        site.write("check.xml", xml);
        std::process::Command::new("xmllint")
            .args(["--noout", "--schema"])
            .arg(&xsd)
            .arg(site.path("check.xml"))
            .output()
            .unwrap()
            .status
            .success()
    };
    assert!(valid(&good));
    for (from, to) in [
        (
            "rel=\"alternate\" hreflang=\"es\"",
            "rel=\"canonical\" hreflang=\"es\"",
        ),
        ("hreflang=\"es\"", "hreflang=\"español\""),
        (" hreflang=\"es\"", ""),
        ("href=\"https://tides.example.org/es/", "href=\"/es/"),
    ] {
        assert!(good.contains(from), "{from}");
        assert!(!valid(&good.replacen(from, to, 1)), "{to} must fail");
    }
}

#[test]
fn init_from_reads_hugo_and_zola_languages_into_the_same_feed_sets() {
    for fixture in ["languages-hugo", "languages-zola"] {
        let by_hand = built(fixture);
        let from_tool = Site::fixture(fixture);
        std::fs::remove_dir_all(from_tool.path("config")).unwrap();
        let init = from_tool.run(&["init", "--from", "."]);
        assert!(init.status.success(), "{}", stderr(&init));
        let config = from_tool.read("config/site.yaml");
        assert!(
            config.contains("languages:\n  - code: \"en\"\n"),
            "{config}"
        );
        from_tool.build(&[]);
        let feeds = |site: &Site| -> Vec<(String, Vec<String>)> {
            outputs_ending(site, "atom.xml")
                .into_iter()
                .map(|feed| (feed.clone(), entry_links(site, &feed)))
                .collect()
        };
        assert_eq!(feeds(&from_tool), feeds(&by_hand), "{fixture}:\n{config}");
    }
    let hugo = Site::fixture("languages-hugo");
    std::fs::remove_dir_all(hugo.path("config")).unwrap();
    hugo.run(&["init", "--from", "."]);
    let config = hugo.read("config/site.yaml");
    assert!(
        config.contains("  - code: \"pt-BR\"\n    title: \"Notas das marés\"\n"),
        "Hugo's `pt-br` key as a BCP 47 tag, with its title:\n{config}"
    );
}

#[test]
fn archives_prefixes_and_a_preview_base_url_follow_each_language() {
    let posts: Vec<(String, String)> = (1..=5)
        .flat_map(|day| {
            [
                (
                    format!("p{day}/index.md"),
                    format!("---\ntitle: P{day}\ndate: 2024-01-0{day}\n---\nHi\n"),
                ),
                (
                    format!("p{day}/index.fr.md"),
                    format!("---\ntitle: F{day}\ndate: 2024-01-0{day}\n---\nSalut\n"),
                ),
            ]
        })
        .collect();
    let config = format!(
        "{CONFIG}feeds: {{limit: 2}}\narchives: {{enabled: true, page_size: 2}}\ntag_feeds: {{enabled: false}}\ncategory_feeds: {{enabled: false}}\nlanguages:\n  - code: en\n    prefix: en/\n  - code: fr\n    base_url: https://fr.example.org/\n"
    );
    let site = Site::with_made(&config, &posts);
    site.build(&[]);
    // The default language in a folder of its own (Hugo's defaultContentLanguageInSubdir).
    assert_eq!(
        entry_links(&site, "en/atom.xml")[0],
        "https://example.com/en/blog/p5/"
    );
    // Archive pages in each language's folder, linked at its own URLs.
    let page = site.parse_feed("public/fr/archive/1/atom.xml");
    let links: Vec<(String, String)> = page
        .links
        .iter()
        .map(|l| (l.rel.clone().unwrap_or_default(), l.href.clone()))
        .collect();
    assert!(
        links.contains(&("current".into(), "https://fr.example.org/atom.xml".into())),
        "{links:?}"
    );
    let oldest: Vec<String> = page
        .entries
        .iter()
        .map(|e| e.links[0].href.clone())
        .collect();
    assert_eq!(
        oldest,
        [
            "https://fr.example.org/blog/p2/",
            "https://fr.example.org/blog/p1/"
        ]
    );
    // A preview serves every language from the preview's URL, own hosts too.
    let preview = Site::with_made(&config, &posts);
    preview.build(&["--base-url", "http://127.0.0.1:9999/"]);
    assert_eq!(
        entry_links(&preview, "fr/atom.xml")[0],
        "http://127.0.0.1:9999/fr/blog/p5/"
    );
}

#[test]
fn language_folders_beside_the_default_or_for_every_language() {
    let post = "---\ntitle: A\ndate: 2024-01-01\n---\nA\n";
    let config = format!("{CONFIG}languages: [en, fr]\n");
    // The default's posts at the top, another language's in its folder (Astro's i18n).
    let site = Site::with(&config, &[("a.md", post), ("fr/a.md", post)]);
    site.build(&[]);
    assert_eq!(
        entry_links(&site, "atom.xml"),
        ["https://example.com/blog/a/"]
    );
    assert_eq!(
        entry_links(&site, "fr/atom.xml"),
        ["https://example.com/fr/blog/a/"]
    );
    // Every language in a folder (Hugo's contentDir per language): a folder of no declared
    // language is no content, as Hugo builds only the languages' folders.
    let site = Site::with(
        &config,
        &[
            ("en/a.md", post),
            ("fr/a.md", post),
            ("hr/a.md", post),
            ("notes.md", post),
        ],
    );
    let output = site.build(&[]);
    assert!(
        stderr(&output).contains(
            "2 post files outside the declared languages' folders left out (e.g. `content/hr/a.md`)"
        ),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        entry_links(&site, "atom.xml"),
        ["https://example.com/blog/a/"]
    );
}

#[test]
fn site_paths_resolve_on_a_languages_own_host_and_under_the_site_for_a_prefix() {
    let post = "---\ntitle: A\ndate: 2024-01-01\n---\n![a](/img/a.png)\n";
    let site = Site::with(
        &format!(
            "{CONFIG}languages:\n  - en\n  - es\n  - code: fr\n    base_url: https://fr.example.org/\n"
        ),
        &[("a.md", post), ("a.es.md", post), ("a.fr.md", post)],
    );
    site.build(&[]);
    for (feed, image) in [
        ("atom.xml", "https://example.com/img/a.png"),
        ("es/atom.xml", "https://example.com/img/a.png"),
        ("fr/atom.xml", "https://fr.example.org/img/a.png"),
    ] {
        let feed = site.parse_feed(&format!("public/{feed}"));
        let html = crate::support::entry_html(&feed.entries[0]);
        assert!(html.contains(&format!("src=\"{image}\"")), "{html}");
    }
}

#[test]
fn a_reference_from_a_translated_post_names_the_translation() {
    let post =
        |title: &str, body: &str| format!("---\ntitle: {title}\ndate: 2024-01-01\n---\n{body}\n");
    let link = "See [it]({{< ref \"a\" >}}).";
    let site = Site::with_made(
        &format!("{CONFIG}flavor: hugo\nlanguages: [en, es]\n"),
        &[
            ("a/index.md".into(), post("A", "A")),
            ("a/index.es.md".into(), post("A es", "A")),
            ("b/index.md".into(), post("B", link)),
            ("b/index.es.md".into(), post("B es", link)),
        ],
    );
    site.build(&[]);
    let html = |feed: &str| {
        site.parse_feed(&format!("public/{feed}"))
            .entries
            .iter()
            .find(|e| e.links[0].href.contains("/b/"))
            .and_then(|e| e.content.as_ref()?.body.clone())
            .unwrap()
    };
    assert!(
        html("atom.xml").contains("href=\"https://example.com/blog/a/\""),
        "{}",
        html("atom.xml")
    );
    assert!(
        html("es/atom.xml").contains("href=\"https://example.com/es/blog/a/\""),
        "{}",
        html("es/atom.xml")
    );
}

/// A file name's last dotted part is a language only when it is a language tag (`pt-br`,
/// `zh-hans-cn`, `es-419`): `notes.en-final.md`, `v2.en-1234.md` or `x.en-12.md` are posts in
/// the default language under their whole name, not translations into a language the site
/// never declared.
#[test]
fn only_a_language_tag_in_a_file_name_makes_a_translation() {
    let post = "---\ntitle: P\ndate: 2024-01-01\n---\nText.\n";
    let site = Site::with(
        &format!("{CONFIG}languages: [en, pt-BR, zh-Hans-CN, es-419]\n"),
        &[
            ("notes.en-final.md", post),
            ("v2.en-1234.md", post),
            ("x.en-12.md", post),
            ("a/index.md", post),
            ("a/index.pt-br.md", post),
            ("a/index.zh-hans-cn.md", post),
            ("a/index.es-419.md", post),
        ],
    );
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let mut main = entry_links(&site, "atom.xml");
    main.sort();
    assert_eq!(
        main,
        [
            "https://example.com/blog/a/",
            "https://example.com/blog/notes.en-final/",
            "https://example.com/blog/v2.en-1234/",
            "https://example.com/blog/x.en-12/",
        ]
    );
    for folder in ["pt-br", "zh-hans-cn", "es-419"] {
        assert_eq!(
            entry_links(&site, &format!("{folder}/atom.xml")),
            [format!("https://example.com/{folder}/blog/a/")],
            "{folder}"
        );
    }
}
