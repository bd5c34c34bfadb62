//! The size budget, `feeds.max_bytes`: no feed file — main, tag, category, archive page, in
//! any format — is ever larger. Without archives a feed keeps its newest posts while they
//! fit, and a post too big on its own is carried with its summary only, with a warning; with
//! archives every post stays and the largest are summarized, the same way on every build.

use crate::archives::{ids, walk_json, walk_xml};
use crate::schemas::validate_outputs;
use crate::support::{Site, headlines, stderr, stdout};

/// Every feed file under `public`, with its size.
fn feed_files(site: &Site) -> Vec<(String, usize)> {
    site.snapshot_dir("public")
        .into_iter()
        .filter(|(name, _)| {
            name.ends_with("feed.xml") || name.ends_with("atom.xml") || name.ends_with(".json")
        })
        .map(|(name, bytes)| (name, bytes.len()))
        .collect()
}

/// A body of about `words` words, different for each `seed`.
fn body(words: usize, seed: usize) -> String {
    (0..words)
        .map(|i| format!("w{}", (i * 7919 + seed * 104_729) % 1000))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A site of `posts` posts of varied sizes (post `i` dated day `i`), with `extra` config.
fn site(posts: usize, extra: &str) -> Site {
    let site = Site::empty();
    site.write(
        "config/site.yaml",
        &format!(
            "title: T\ndescription: D\nbase_url: https://archive.example/\nfeeds:\n  limit: 6\n{extra}"
        ),
    );
    for i in 1..=posts {
        // Every fifth post is long; the others short to middling.
        let words = if i % 5 == 0 {
            1500
        } else {
            40 + (i * 37) % 300
        };
        site.write(
            &format!("content/post-{i}.md"),
            &format!(
                "---\ntitle: Post {i}\ndate: 2024-01-01T00:{:02}:00Z\ndescription: Post {i} in short.\ntags: [{}]\n---\n{}\n",
                i % 60,
                if i % 2 == 0 { "even" } else { "odd" },
                body(words, i)
            ),
        );
    }
    site
}

fn assert_within(site: &Site, budget: usize) {
    let files = feed_files(site);
    assert!(!files.is_empty());
    for (name, size) in files {
        assert!(size <= budget, "{name} is {size} bytes, over {budget}");
    }
}

#[test]
fn no_feed_file_exceeds_the_budget_and_the_newest_posts_come_first() {
    for budget in [2_500, 6_000, 15_000, 40_000] {
        let site = site(24, &format!("  max_bytes: {budget}\n"));
        let output = site.build(&[]);
        assert!(output.status.success(), "{}", stderr(&output));
        assert_within(&site, budget);
        // The main feed carries a run of the newest posts, in order, at most `limit`.
        let feed = site.parse_feed("public/atom.xml");
        let carried: Vec<String> = feed.entries.iter().map(|e| e.id.clone()).collect();
        assert!(
            !carried.is_empty(),
            "{budget}: the newest post is always there"
        );
        let newest: Vec<u32> = (24 - carried.len() as u32 + 1..=24).rev().collect();
        assert_eq!(carried, ids(newest), "{budget}");
        // Summarized posts have no content, the others all of it; with room for a few
        // thousand bytes only the long posts (every fifth) are too big on their own.
        for entry in feed.entries.iter().filter(|_| budget >= 6_000) {
            let long = entry.id.ends_with("-20/") || entry.id.ends_with("-15/");
            if entry.content.is_none() {
                assert!(long, "{budget}: {} lost its content", entry.id);
            }
        }
    }
}

#[test]
fn a_post_too_big_on_its_own_is_summarized_with_a_warning() {
    // Post 5 is the long one and the newest: 1,500 words do not fit in 6,000 bytes.
    let site = site(5, "  max_bytes: 6000\n");
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_within(&site, 6000);
    let warnings = headlines(&stderr(&output));
    assert!(
        warnings.contains("content/post-5.md: too big for feeds.max_bytes (6000 bytes): written with its summary only in 6 feed files (atom.xml, feed.json, feed.xml, tags/odd/atom.xml, tags/odd/feed.json, tags/odd/feed.xml)"),
        "{warnings}"
    );
    let feed = site.parse_feed("public/atom.xml");
    assert_eq!(feed.entries[0].id, ids([5])[0]);
    assert!(feed.entries[0].content.is_none(), "summary only");
    assert_eq!(
        feed.entries[0].summary.as_ref().unwrap().content,
        "Post 5 in short."
    );
    assert!(feed.entries[1].content.is_some(), "the next post in full");
    let json: serde_json::Value = serde_json::from_str(&site.read("public/feed.json")).unwrap();
    assert_eq!(json["items"][0]["content_text"], "Post 5 in short.");
    assert!(json["items"][0].get("content_html").is_none());
    assert!(json["items"][1].get("content_html").is_some());
    validate_outputs(&site, "public", &["atom.xml"], &[], &["feed.json"]);
    // --deny-warnings refuses it, before anything is written.
    let denied = site.run(&["build", "--deny-warnings", "--out", "elsewhere"]);
    assert_eq!(denied.status.code(), Some(1));
    assert!(!site.path("elsewhere").exists());
}

#[test]
fn archive_pages_keep_every_post_and_summarize_the_largest_the_same_way_each_time() {
    let archives = "archives:\n  enabled: true\n  page_size: 5\n";
    let site = site(23, &format!("  max_bytes: 12000\n{archives}"));
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_within(&site, 12_000);
    assert!(
        headlines(&stderr(&output)).contains("content/post-15.md: too big for feeds.max_bytes (12000 bytes): written with its summary only in"),
        "the long posts are summarized: {}",
        stderr(&output)
    );
    // 23 posts, limit 6, pages of 5: three pages, 8 posts in the subscription feed.
    let chain = walk_xml(&site, "public/atom.xml");
    let all: Vec<String> = chain.concat();
    assert_eq!(all, ids((1..=23).rev()), "every post once, newest first");
    assert_eq!(chain.len(), 4);
    assert_eq!(walk_json(&site, "public/feed.json").concat(), all);
    let page: Vec<(String, Vec<u8>)> = site
        .snapshot_dir("public")
        .into_iter()
        .filter(|(name, _)| name.contains("archive/"))
        .collect();
    // Newer posts arrive: the full pages are byte for byte the same.
    for i in 24..=27 {
        site.write(
            &format!("content/post-{i}.md"),
            &format!(
                "---\ntitle: Post {i}\ndate: 2024-01-01T00:{i:02}:00Z\ndescription: d\n---\n{}\n",
                body(900, i)
            ),
        );
    }
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_within(&site, 12_000);
    for (name, bytes) in page {
        assert_eq!(
            site.read(&format!("public/{name}")).as_bytes(),
            bytes,
            "{name} changed"
        );
    }
    validate_outputs(
        &site,
        "public",
        &["atom.xml", "archive/1/atom.xml", "archive/2/atom.xml"],
        &[],
        &["feed.json", "archive/1/feed.json"],
    );
}

#[test]
fn a_budget_too_small_is_an_error_that_leaves_the_outputs_alone() {
    let site = site(5, "");
    // A summary alone longer than the budget.
    let long = format!(
        "---\ntitle: Long summary\ndate: 2024-02-01\ndescription: {}\n---\nBody.\n",
        body(400, 1)
    );
    site.write("content/long.md", &long);
    assert!(site.build(&[]).status.success());
    let before = site.snapshot_dir("public");
    let config = site.read("config/site.yaml") + "  max_bytes: 1500\n";
    site.write("config/site.yaml", &config);
    let output = site.run(&["build"]);
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    let error = stderr(&output);
    assert!(
        error.contains("feeds.max_bytes 1500 is too small for ")
            && error.contains(
                "its newest post, content/long.md, does not fit even as a summary; raise it"
            ),
        "{error}"
    );
    assert_eq!(site.snapshot_dir("public"), before);

    site.write("config/site.yaml", &config.replace("1500", "100"));
    let output = site.run(&["build"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output)
            .contains("feeds max_bytes 100 is too small: a feed file needs at least 1024 bytes"),
        "{}",
        stderr(&output)
    );
}

/// A newest post whose full content is just over the budget, though its fragment alone
/// looked small enough, is carried as its summary — never refused while its summary fits.
/// (A 1,522-byte budget over a 1,581-byte feed of one post was refused; the property test
/// found it.)
#[test]
fn a_post_just_over_the_budget_is_carried_as_its_summary() {
    for words in [60, 138, 300] {
        let site = Site::empty();
        let config = |budget: &str| {
            format!(
                "title: T\ndescription: D\nbase_url: https://e.com/\ncategory_feeds: {{enabled: false}}\nfeeds: {{full_content: true{budget}}}\n"
            )
        };
        site.write("config/site.yaml", &config(""));
        site.write(
            "content/p0.md",
            &format!(
                "---\ntitle: P0\ndate: 2024-01-01\ndescription: Post 0.\n---\n{}\n",
                vec!["word"; words].join(" ")
            ),
        );
        assert!(site.build(&[]).status.success());
        let whole = site.read("public/feed.xml").len();
        for budget in (whole.saturating_sub(80).max(1024)..whole).step_by(7) {
            site.write(
                "config/site.yaml",
                &config(&format!(", max_bytes: {budget}")),
            );
            let output = site.build(&[]);
            assert!(
                output.status.success(),
                "{words} words, {budget}: {}",
                stderr(&output)
            );
            assert!(site.read("public/feed.xml").len() <= budget);
            let feed = site.parse_feed("public/feed.xml");
            assert_eq!(feed.entries.len(), 1, "{words} words, {budget}");
            assert!(feed.entries[0].content.is_none(), "{words} words, {budget}");
            assert!(
                stderr(&output).contains("written with its summary only"),
                "{}",
                stderr(&output)
            );
        }
    }
}

mod property {
    use std::path::Path;

    use crate::support::build_in_process;
    use proptest::prelude::*;

    /// Builds, through the pipeline every run uses, a site of posts of `sizes` words (the
    /// newest last) under `budget` (none for `None`), with or without archives, with full
    /// content or summaries only, at most `limit` posts a feed (four, and three a tag feed,
    /// for `None`); every feed file's size, or the error.
    fn build(
        sizes: &[usize],
        budget: Option<usize>,
        archives: bool,
        full_content: bool,
        limit: Option<usize>,
    ) -> Result<Vec<(String, usize)>, String> {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("site.yaml");
        let max_bytes = budget.map_or(String::new(), |budget| format!(", max_bytes: {budget}"));
        std::fs::write(
            &config,
            format!(
                "title: T\ndescription: D\nbase_url: https://e.com/\nfeeds: {{limit: {}, full_content: {full_content}{max_bytes}}}\ntag_feeds: {{limit: {}}}\ncategory_feeds: {{enabled: false}}\narchives: {{enabled: {archives}, page_size: 2}}\n",
                limit.unwrap_or(4),
                limit.unwrap_or(3),
            ),
        )
        .unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir(&content).unwrap();
        for (i, words) in sizes.iter().enumerate() {
            let body = vec!["word"; *words].join(" ");
            std::fs::write(
                content.join(format!("p{i}.md")),
                format!(
                    "---\ntitle: P{i}\ndate: 2024-01-01T00:00:{:02}Z\ndescription: Post {i}.\ntags: [t{}]\n---\n{body}\n",
                    i % 60,
                    i % 2
                ),
            )
            .unwrap();
        }
        let out = dir.path().join("out");
        build_in_process(&config, &content, &out, &[]).map_err(|err| err.to_string())?;
        Ok(walkdir::WalkDir::new(&out)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .filter(|e| {
                let name = e.file_name().to_string_lossy();
                name == "feed.xml" || name == "atom.xml" || name == "feed.json"
            })
            .map(|e| {
                let name = e
                    .path()
                    .strip_prefix(Path::new(&out))
                    .unwrap()
                    .display()
                    .to_string();
                (name, e.metadata().unwrap().len() as usize)
            })
            .collect())
    }

    /// Found by the property below: two posts whose every-summary feed is exactly the
    /// budget were refused, the estimate's few bytes of slack (for JSON's separators) taken
    /// for real ones. The smallest feed is now measured before a refusal.
    #[test]
    fn a_feed_exactly_at_its_budget_is_written() {
        let smallest = build(&[1, 1], None, true, false, None).unwrap();
        let atom = smallest
            .iter()
            .find(|(name, _)| name == "atom.xml")
            .unwrap()
            .1;
        let files = build(&[1, 1], Some(atom), true, true, None).unwrap();
        for (name, size) in files {
            assert!(size <= atom, "{name}: {size} > {atom}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn no_feed_file_is_ever_over_the_budget(
            sizes in prop::collection::vec(1usize..3_000, 1..12),
            // Low budgets too, where some feeds cannot fit and the refusal is checked.
            budget in prop_oneof![1_024usize..2_000, 1_024usize..40_000],
            archives in any::<bool>(),
        ) {
            match build(&sizes, Some(budget), archives, true, None) {
                Ok(files) => {
                    prop_assert!(!files.is_empty());
                    for (name, size) in files {
                        prop_assert!(size <= budget, "{name}: {size} > {budget}");
                    }
                }
                // A budget is refused only when nothing fits, which the same site built
                // without a budget shows: the file the error names, at its smallest — every
                // post a summary, and without archives only the newest — is over it.
                Err(err) => {
                    let prefix = format!("feeds.max_bytes {budget} is too small for ");
                    let named = err
                        .split_once(&prefix)
                        .and_then(|(_, rest)| rest.split_once(':'))
                        .map(|(file, _)| file.to_string());
                    prop_assert!(named.is_some(), "{err}");
                    let named = named.unwrap();
                    let smallest = build(&sizes, None, archives, false, (!archives).then_some(1))
                        .map_err(TestCaseError::fail)?;
                    let size = smallest.iter().find(|(name, _)| *name == named).map(|(_, size)| *size);
                    prop_assert!(size.is_some_and(|size| size > budget), "{err}; {named} at its smallest: {size:?}");
                }
            }
        }
    }
}
