//! `author_feeds:`: a feed per author, as tag feeds are — off by default, every author (a
//! post without one is the site author's) under `authors/{slug}/`, `only`/`except`, limits
//! and formats as `tag_feeds`, listed in the OPML, the feeds page and the head snippet.

use crate::support::{Site, stderr};

const CONFIG: &str =
    "title: Team\ndescription: D\nbase_url: https://team.example/\nauthor:\n  name: Ann Lee\n";

fn team_site(author_feeds: &str) -> Site {
    Site::with(
        &format!("{CONFIG}{author_feeds}"),
        &[
            (
                "one.md",
                "---\ntitle: One\ndate: 2024-01-01\nauthor: Ann Lee\n---\nBody.\n",
            ),
            (
                "two.md",
                "---\ntitle: Two\ndate: 2024-02-01\nauthors: [Bob Stone, Ann Lee]\n---\nBody.\n",
            ),
            (
                "three.md",
                "---\ntitle: Three\ndate: 2024-03-01\n---\nBody.\n",
            ),
            (
                "hidden.md",
                "---\ntitle: Hidden\ndate: 2024-04-01\nauthor: Bob Stone\nfeed: false\n---\nBody.\n",
            ),
        ],
    )
}

fn titles(site: &Site, path: &str) -> Vec<String> {
    site.entry_titles(path)
}

#[test]
fn each_author_gets_feeds_listed_everywhere_feeds_are() {
    let site = team_site("author_feeds:\n  enabled: true\n");
    site.build(&[]);
    // The site author's posts include the one without an author; a post out of the
    // feeds is in no author's feed.
    for format in ["feed.xml", "atom.xml", "feed.json"] {
        assert_eq!(
            titles(&site, &format!("public/authors/ann-lee/{format}")),
            ["One", "Three", "Two"],
            "{format}"
        );
        assert_eq!(
            titles(&site, &format!("public/authors/bob-stone/{format}")),
            ["Two"]
        );
    }
    let feed = site.parse_feed("public/authors/bob-stone/atom.xml");
    assert_eq!(feed.title.unwrap().content, "Team — Bob Stone");
    assert_eq!(
        feed.links
            .iter()
            .find(|l| l.rel.as_deref() == Some("alternate"))
            .unwrap()
            .href,
        "https://team.example/authors/bob-stone/"
    );
    let opml = site.read("public/feeds.opml");
    assert!(
        opml.contains("<outline text=\"Authors\" title=\"Authors\">")
            && opml.contains("https://team.example/authors/bob-stone/feed.xml"),
        "{opml}"
    );
    let page = site.read("public/feeds.html");
    assert!(
        page.contains("<h2>Authors</h2>") && page.contains("By Bob Stone"),
        "{page}"
    );
    let head = site.read("public/feeds-head.html");
    assert!(
        head.contains(
            "title=\"Team — Ann Lee (RSS)\" href=\"https://team.example/authors/ann-lee/feed.xml\""
        ),
        "{head}"
    );
}

#[test]
fn author_feeds_are_off_by_default_and_take_tag_feeds_settings() {
    let site = team_site("");
    site.build(&[]);
    assert!(!site.path("public/authors").exists());
    assert!(!site.read("public/feeds-head.html").contains("Ann Lee"));

    let site = team_site(
        "author_feeds:\n  enabled: true\n  except: [bob stone]\n  folder: people/{slug}\n  limit: 1\n  json:\n    enabled: false\n",
    );
    site.build(&[]);
    assert!(!site.path("public/people/bob-stone").exists());
    assert_eq!(titles(&site, "public/people/ann-lee/feed.xml"), ["Three"]);
    assert!(!site.path("public/people/ann-lee/feed.json").exists());
}

#[test]
fn an_author_folder_shared_with_tags_is_an_error_at_the_config() {
    let site = team_site("author_feeds:\n  enabled: true\n  folder: tags/{slug}\n");
    let output = site.run(&["build"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output)
            .contains("tag_feeds and author_feeds share the folder pattern `tags/{slug}`"),
        "{}",
        stderr(&output)
    );
}
