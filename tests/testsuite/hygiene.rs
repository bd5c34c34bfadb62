//! Property tests, through the same pipeline `feedsmith build` runs (a post file in a
//! temporary site, outputs read back from disk): whatever text a post carries — any Unicode, control characters, `]]>`,
//! `<`, `&`, quotes — every output is well-formed XML 1.0 or valid JSON, holds no character
//! XML forbids, and reads back (with `feed-rs`) to the same cleaned values, which proves
//! each value was escaped exactly once.

use crate::support::{build_in_process, shown_text};
use proptest::prelude::*;

/// Characters that break naive generators, mixed with arbitrary ones.
fn nasty_text() -> impl Strategy<Value = String> {
    let nasty = prop_oneof![
        4 => any::<char>(),
        1 => prop::sample::select(vec![
            '<', '>', '&', '"', '\'', ']', '\0', '\u{1}', '\u{1b}', '\u{7f}', '\u{85}',
            '\u{fffe}', '\u{ffff}', '\u{feff}', '\r', '\n', '\t', ' ', '\u{2028}', '\u{d7ff}',
            '\u{e000}', '\u{10ffff}', '#', ';', 'x',
        ]),
        1 => prop::sample::select(vec!['a', 'b', 'c']),
    ];
    prop::collection::vec(nasty, 0..24).prop_map(|chars| chars.into_iter().collect())
}

/// A YAML double-quoted scalar holding exactly `text`: everything outside printable ASCII
/// is written as an escape, so the YAML itself is always valid.
fn yaml_quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            ' '..='~' => out.push(c),
            c => out.push_str(&format!("\\U{:08X}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// XML 1.0's `Char` production, written out here independently of the library's own check.
fn is_xml_char(c: char) -> bool {
    let c = c as u32;
    c == 0x9
        || c == 0xA
        || c == 0xD
        || (0x20..=0xD7FF).contains(&c)
        || (0xE000..=0xFFFD).contains(&c)
        || c >= 0x10000
}

/// What a value must read back as, stated from the README's rule and not from the library's
/// cleaning: every character XML 1.0 forbids dropped, and with them DEL and the C1 controls
/// (U+0080–U+009F) readers show as garbage; then the white space at either end trimmed.
fn published(text: &str) -> String {
    let kept: String = text
        .chars()
        .filter(|&c| is_xml_char(c) && !('\u{7f}'..='\u{9f}').contains(&c))
        .collect();
    kept.trim().to_string()
}

/// Checks a rendered XML document: well-formed, only allowed characters, raw or referenced.
fn assert_clean_xml(name: &str, bytes: &[u8]) {
    let text = std::str::from_utf8(bytes).expect("UTF-8");
    if let Some(bad) = text.chars().find(|&c| !is_xml_char(c)) {
        panic!("{name}: forbidden character {bad:?}");
    }
    for reference in text.split("&#").skip(1) {
        let digits = reference.split(';').next().unwrap();
        let code = match digits.strip_prefix('x') {
            Some(hex) => u32::from_str_radix(hex, 16).unwrap(),
            None => digits.parse().unwrap(),
        };
        assert!(
            char::from_u32(code).is_some_and(is_xml_char),
            "{name}: reference to forbidden character {code:#x}"
        );
    }
    let mut reader = quick_xml::Reader::from_str(text);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(err) => panic!("{name} is not well-formed: {err}\n{text}"),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_text_gives_clean_outputs_that_read_back(
        title in nasty_text(),
        description in nasty_text(),
        tags in prop::collection::vec(nasty_text(), 0..4),
        author in nasty_text(),
        body in nasty_text(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("site.yaml");
        std::fs::write(&config, "title: Site\ndescription: D\nbase_url: https://example.com/\n").unwrap();
        let tag_list: Vec<String> = tags.iter().map(|t| yaml_quoted(t)).collect();
        let post_text = format!(
            "---\ntitle: {}\ndate: 2024-01-01\ndescription: {}\ntags: [{}]\nauthor: {}\n---\n{body}",
            yaml_quoted(&title),
            yaml_quoted(&description),
            tag_list.join(", "),
            yaml_quoted(&author),
        );
        std::fs::create_dir(dir.path().join("content")).unwrap();
        std::fs::write(dir.path().join("content/p.md"), &post_text).unwrap();
        let out = dir.path().join("out");
        // The pipeline every run goes through, as `feedsmith build` runs it.
        let built = build_in_process(&config, &dir.path().join("content"), &out, &[]);
        let expected_title = published(&title);
        // A title that is empty once cleaned is an error, never an empty feed item.
        if expected_title.is_empty() {
            prop_assert!(built.is_err());
            return Ok(());
        }
        built.map_err(|e| TestCaseError::fail(format!("{e}\n{post_text}")))?;

        let expected_description = published(&description);
        let expected_tags: Vec<String> = tags.iter().map(|t| published(t)).filter(|t| !t.is_empty()).collect();
        let mut feeds = 0;
        for file in walkdir::WalkDir::new(&out).into_iter().map(Result::unwrap).filter(|f| f.file_type().is_file()) {
            let name = file.path().strip_prefix(&out).unwrap().display().to_string();
            let bytes = std::fs::read(file.path()).unwrap();
            match file.file_name().to_str().unwrap() {
                "feed.json" => {
                    let json: serde_json::Value = serde_json::from_slice(&bytes).expect("valid JSON");
                    prop_assert_eq!(json["items"][0]["title"].as_str(), Some(expected_title.as_str()));
                }
                "feed.xml" | "atom.xml" | "sitemap.xml" | "feeds.opml" => assert_clean_xml(&name, &bytes),
                _ => continue,
            }
            if !name.ends_with("feed.json") && !name.ends_with("feed.xml") && !name.ends_with("atom.xml") {
                continue;
            }
            feeds += 1;
            let feed = feed_rs::parser::parse(bytes.as_slice())
                .map_err(|e| TestCaseError::fail(format!("feed-rs rejects {name}: {e}")))?;
            let entry = &feed.entries[0];
            prop_assert_eq!(&shown_text(entry.title.as_ref().unwrap()), &expected_title, "{}", name);
            // Tag feeds hold the post too; the main feed is enough for its terms.
            if name.contains('/') {
                continue;
            }
            // Each tag once as the tag feeds count them (names that give one slug are one):
            // the spellings written first, in order, one per tag feed.
            let terms: Vec<&str> = entry.categories.iter().map(|c| c.term.as_str()).collect();
            let mut written = expected_tags.iter();
            prop_assert!(
                terms.iter().all(|term| written.any(|t| t == term)),
                "{}: {:?} is not drawn from {:?} in order", name, terms, expected_tags
            );
            prop_assert_eq!(terms.first().copied(), expected_tags.first().map(String::as_str));
            let tag_feeds = std::fs::read_dir(out.join("tags")).map_or(0, |folders| folders.count());
            prop_assert_eq!(terms.len(), tag_feeds, "{}: one category per tag feed", name);
            if name == "atom.xml" && !expected_description.is_empty() {
                prop_assert_eq!(&shown_text(entry.summary.as_ref().unwrap()), &expected_description);
            }
        }
        prop_assert!(feeds >= 3, "the three main feeds at least");
    }
}
