//! Enclosures and media from the real files: with `static_dir`, a post's cover image and its
//! `enclosure`/`audio`/`video` file are described by their true length and type (read from
//! their bytes) and an image by its size; remote files get no invented values.

use crate::support::Site;

/// A 3×2 PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x02, 0x08, 0x02, 0x00, 0x00, 0x00, 0x12, 0x16, 0xF1,
    0x4D,
];

fn site() -> Site {
    let site = Site::empty();
    site.write(
        "config/site.yaml",
        "title: T\ndescription: D\nbase_url: https://example.com/\nstatic_dir: static\ntag_feeds: {enabled: false}\ncategory_feeds: {enabled: false}\n",
    );
    std::fs::create_dir_all(site.path("static/img")).unwrap();
    std::fs::create_dir_all(site.path("static/audio")).unwrap();
    // Named .jpg but a PNG: the type comes from the bytes.
    std::fs::write(site.path("static/img/cover.jpg"), PNG).unwrap();
    let mut mp3 = b"ID3\x04\x00\x00\x00\x00\x00\x00".to_vec();
    mp3.resize(1000, 0);
    std::fs::write(site.path("static/audio/ep1.mp3"), &mp3).unwrap();
    site.write(
        "content/episode.md",
        "---\ntitle: Episode\ndate: 2024-01-02\ndescription: d\ncoverImage: /img/cover.jpg\naudio: /audio/ep1.mp3\n---\n",
    );
    site.write(
        "content/remote.md",
        "---\ntitle: Remote\ndate: 2024-01-01\ndescription: d\ncoverImage: https://cdn.example/x.jpg\n---\n",
    );
    site
}

#[test]
fn enclosures_carry_the_files_true_length_and_type() {
    let site = site();
    site.build(&[]);
    let rss = site.read("public/feed.xml");
    assert!(rss.contains(
        "<enclosure url=\"https://example.com/audio/ep1.mp3\" length=\"1000\" type=\"audio/mpeg\"/>"
    ), "{rss}");
    assert!(rss.contains(
        "<media:content url=\"https://example.com/img/cover.jpg\" medium=\"image\" fileSize=\"33\" type=\"image/png\" width=\"3\" height=\"2\"/>"
    ), "{rss}");
    let remote = rss
        .split("<item>")
        .find(|item| item.contains("Remote"))
        .unwrap();
    assert!(
        !remote.contains("<enclosure"),
        "no invented length: {remote}"
    );
    assert!(remote.contains("<media:content url=\"https://cdn.example/x.jpg\" medium=\"image\"/>"));

    let atom = site.read("public/atom.xml");
    assert!(atom.contains(
        "<link rel=\"enclosure\" type=\"audio/mpeg\" length=\"1000\" href=\"https://example.com/audio/ep1.mp3\"/>"
    ), "{atom}");
    assert!(atom.contains(
        "<media:thumbnail url=\"https://example.com/img/cover.jpg\" width=\"3\" height=\"2\"/>"
    ));
    let json: serde_json::Value = serde_json::from_str(&site.read("public/feed.json")).unwrap();
    assert_eq!(
        json["items"][0]["attachments"],
        serde_json::json!([{"url": "https://example.com/audio/ep1.mp3", "mime_type": "audio/mpeg", "size_in_bytes": 1000}])
    );
    assert!(json["items"][1].get("attachments").is_none());
    // Valid by the Atom grammar and the JSON Feed schema, and an independent reader finds the
    // enclosure.
    crate::schemas::validate_outputs(
        &site,
        "public",
        &["atom.xml"],
        &["sitemap.xml"],
        &["feed.json"],
    );
    let feed = site.parse_feed("public/atom.xml");
    let episode = &feed.entries[0];
    assert!(
        episode
            .links
            .iter()
            .any(|link| link.rel.as_deref() == Some("enclosure")
                && link.length == Some(1000)
                && link.media_type.as_deref() == Some("audio/mpeg")),
        "{:?}",
        episode.links
    );
}

#[test]
fn a_local_cover_is_the_enclosure_when_there_is_no_other() {
    let site = site();
    site.write(
        "content/episode.md",
        "---\ntitle: Episode\ndate: 2024-01-02\ndescription: d\ncoverImage: /img/cover.jpg\n---\n",
    );
    site.build(&[]);
    assert!(site.read("public/feed.xml").contains(
        "<enclosure url=\"https://example.com/img/cover.jpg\" length=\"33\" type=\"image/png\"/>"
    ));
}
