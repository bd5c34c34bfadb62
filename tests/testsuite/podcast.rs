//! Podcasts: a `podcast:` block makes the main RSS feed (and custom feeds that ask) a channel
//! Apple Podcasts and the Podcast Index accept, each episode with its file's true length,
//! type and duration — read from real MP3 and M4A files this test writes — and every rule
//! Apple states a `check` error at its line. Feed images (`icon`, `logo`) in every format.

use crate::support::{Site, stderr, stdout};

/// An MP3 of `seconds` of silence: MPEG-1 Layer III frames at 32 kbit/s, 32 kHz, mono
/// (144 bytes, 36 ms each), their audio data zero — what any decoder plays as silence.
fn mp3(seconds: u32) -> Vec<u8> {
    let frames = seconds * 1000 / 36;
    let mut bytes = Vec::new();
    for _ in 0..frames {
        bytes.extend_from_slice(&[0xFF, 0xFB, 0x18, 0xC4]);
        bytes.extend_from_slice(&[0; 140]);
    }
    bytes
}

/// An MPEG-4 box: its size, its type, its contents.
fn mp4_box(kind: &[u8; 4], contents: &[u8]) -> Vec<u8> {
    let mut bytes = ((contents.len() + 8) as u32).to_be_bytes().to_vec();
    bytes.extend_from_slice(kind);
    bytes.extend_from_slice(contents);
    bytes
}

/// An M4A whose audio track lasts `seconds`: `ftyp` (brand `M4A `), `moov` with the movie
/// header and one sound track (`tkhd`, `mdia` with `mdhd` and a `soun` handler), `mdat`.
fn m4a(seconds: u32) -> Vec<u8> {
    let timescale: u32 = 44_100;
    let duration = seconds * timescale;
    let matrix: Vec<u8> = [0x0001_0000u32, 0, 0, 0, 0x0001_0000, 0, 0, 0, 0x4000_0000]
        .iter()
        .flat_map(|n| n.to_be_bytes())
        .collect();
    let mut mvhd = vec![0; 12];
    mvhd.extend_from_slice(&timescale.to_be_bytes());
    mvhd.extend_from_slice(&duration.to_be_bytes());
    mvhd.extend_from_slice(&[0, 1, 0, 0, 1, 0]);
    mvhd.extend_from_slice(&[0; 10]);
    mvhd.extend_from_slice(&matrix);
    mvhd.extend_from_slice(&[0; 24]);
    mvhd.extend_from_slice(&2u32.to_be_bytes());
    let mut tkhd = vec![0, 0, 0, 7];
    tkhd.extend_from_slice(&[0; 8]);
    tkhd.extend_from_slice(&1u32.to_be_bytes());
    tkhd.extend_from_slice(&[0; 4]);
    tkhd.extend_from_slice(&duration.to_be_bytes());
    tkhd.extend_from_slice(&[0; 8]);
    tkhd.extend_from_slice(&[0, 0, 0, 0, 1, 0, 0, 0]);
    tkhd.extend_from_slice(&matrix);
    tkhd.extend_from_slice(&[0; 8]);
    let mut mdhd = vec![0; 12];
    mdhd.extend_from_slice(&timescale.to_be_bytes());
    mdhd.extend_from_slice(&duration.to_be_bytes());
    mdhd.extend_from_slice(&[0x55, 0xC4, 0, 0]);
    let mut hdlr = vec![0; 8];
    hdlr.extend_from_slice(b"soun");
    hdlr.extend_from_slice(&[0; 13]);
    let mdia = [mp4_box(b"mdhd", &mdhd), mp4_box(b"hdlr", &hdlr)].concat();
    let trak = [mp4_box(b"tkhd", &tkhd), mp4_box(b"mdia", &mdia)].concat();
    let moov = [mp4_box(b"mvhd", &mvhd), mp4_box(b"trak", &trak)].concat();
    [
        mp4_box(b"ftyp", b"M4A \0\0\0\0M4A isom"),
        mp4_box(b"moov", &moov),
        mp4_box(b"mdat", &[0; 64]),
    ]
    .concat()
}

/// A PNG's signature and header, which give its type and size (image readers need no
/// more to tell them).
fn png(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    bytes.extend_from_slice(&13u32.to_be_bytes());
    bytes.extend_from_slice(b"IHDR");
    bytes.extend_from_slice(&width.to_be_bytes());
    bytes.extend_from_slice(&height.to_be_bytes());
    bytes.extend_from_slice(&[8, 2, 0, 0, 0, 0, 0, 0, 0]);
    bytes
}

const CONFIG: &str = r#"title: "Field Recordings"
description: "Sounds of a city, one street at a time."
base_url: "https://pod.example/"
language: en
static_dir: static
permalink: "/episodes/{slug}/"
author: { name: "Ann Lee", email: "ann@pod.example" }
icon: /img/icon.png
logo: /img/logo.png
podcast:
  image: /img/artwork.png
  categories: ["Society & Culture > Documentary", "arts"]
  explicit: false
  owner: { name: "Ann Lee", email: "ann@pod.example" }
  type: episodic
  locked: true
  funding: { url: "https://pod.example/support", text: "Support the show" }
custom_feeds:
  - name: seasons
    folder: feeds/season-one
    title: "Field Recordings — season one"
    podcast: true
    filter: { tags: { any: [season-one] } }
"#;

fn podcast_site(config: &str) -> Site {
    let site = Site::with(
        config,
        &[
            (
                "one.md",
                "---\ntitle: Market Street\ndate: 2024-03-01\ndescription: \"Dawn at the market.\"\naudio: /audio/one.mp3\nepisode: 1\nseason: 1\ntranscript: /audio/one.vtt\ntags: [season-one]\n---\nNotes.\n",
            ),
            (
                "two.md",
                "---\ntitle: Harbour\ndate: 2024-03-08\ndescription: \"Gulls & engines.\"\naudio: /audio/two.m4a\nepisode: 2\nseason: 1\nepisode_type: bonus\nexplicit: true\ntags: [season-one]\n---\nNotes.\n",
            ),
            (
                "news.md",
                "---\ntitle: A note\ndate: 2024-03-09\ncoverImage: /img/icon.png\ntags: [season-one]\n---\nNo episode this week.\n",
            ),
        ],
    );
    let write = |path: &str, bytes: &[u8]| {
        let path = site.path(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    };
    write("static/audio/one.mp3", &mp3(10));
    write("static/audio/two.m4a", &m4a(95));
    write("static/audio/one.vtt", b"WEBVTT\n");
    write("static/img/artwork.png", &png(1400, 1400));
    write("static/img/icon.png", &png(64, 64));
    write("static/img/logo.png", &png(200, 100));
    site
}

/// The `item` of `feed` whose title is `title`.
fn item<'a>(feed: &'a str, title: &str) -> &'a str {
    feed.split("<item>")
        .find(|item| item.contains(&format!("<title>{title}</title>")))
        .unwrap_or_else(|| panic!("no item {title} in {feed}"))
}

#[test]
fn a_podcast_feed_carries_what_apple_and_the_podcast_index_read() {
    let site = podcast_site(CONFIG);
    site.build(&[]);
    let rss = site.read("public/feed.xml");
    // Parsed back by an independent reader, as any app would.
    let feed = site.parse_feed("public/feed.xml");
    assert_eq!(feed.entries.len(), 3);
    for namespace in [
        "xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\"",
        "xmlns:podcast=\"https://podcastindex.org/namespace/1.0\"",
    ] {
        assert!(rss.contains(namespace), "{namespace}");
    }
    let guid = uuid::Uuid::new_v5(
        &uuid::uuid!("ead4c236-bf58-58c6-a2c6-a6b28d128cb6"),
        b"pod.example/feed.xml",
    );
    for tag in [
        "<itunes:image href=\"https://pod.example/img/artwork.png\"/>".to_string(),
        "<itunes:category text=\"Society &#x26; Culture\">\n      <itunes:category text=\"Documentary\"/>\n    </itunes:category>".to_string(),
        "<itunes:category text=\"Arts\"/>".to_string(),
        "<itunes:explicit>false</itunes:explicit>".to_string(),
        "<itunes:author>Ann Lee</itunes:author>".to_string(),
        "<itunes:email>ann@pod.example</itunes:email>".to_string(),
        "<itunes:type>episodic</itunes:type>".to_string(),
        format!("<podcast:guid>{guid}</podcast:guid>"),
        "<podcast:locked owner=\"ann@pod.example\">yes</podcast:locked>".to_string(),
        "<podcast:funding url=\"https://pod.example/support\">Support the show</podcast:funding>".to_string(),
        "<image>\n      <url>https://pod.example/img/logo.png</url>".to_string(),
    ] {
        assert!(rss.contains(&tag), "{tag} in {rss}");
    }
    // The logo is wider than RSS allows an image: no width or height, shown at its size.
    assert!(!rss.contains("<width>"), "{rss}");
    let one = item(&rss, "Market Street");
    for tag in [
        "<enclosure url=\"https://pod.example/audio/one.mp3\" length=\"39888\" type=\"audio/mpeg\"/>",
        "<itunes:duration>10</itunes:duration>",
        "<itunes:episode>1</itunes:episode>",
        "<itunes:season>1</itunes:season>",
        "<podcast:transcript url=\"https://pod.example/audio/one.vtt\" type=\"text/vtt\"/>",
    ] {
        assert!(one.contains(tag), "{tag} in {one}");
    }
    let two = item(&rss, "Harbour");
    for tag in [
        "type=\"audio/x-m4a\"",
        "<itunes:duration>95</itunes:duration>",
        "<itunes:episodeType>bonus</itunes:episodeType>",
        "<itunes:explicit>true</itunes:explicit>",
    ] {
        assert!(two.contains(tag), "{tag} in {two}");
    }
    // A post that is no episode encloses nothing, not even its cover image.
    assert!(!item(&rss, "A note").contains("<enclosure"));

    // The custom feed that asks is the show's too, with its own guid; a tag's feed
    // describes the show and carries its episodes, but does not identify or steer it.
    let season = site.read("public/feeds/season-one/feed.xml");
    assert!(season.contains("<itunes:owner>") && season.contains("<podcast:guid>"));
    assert!(!season.contains(&guid.to_string()));
    let tag = site.read("public/tags/season-one/feed.xml");
    assert!(
        tag.contains("<itunes:duration>10</itunes:duration>"),
        "{tag}"
    );
    assert!(tag.contains("<itunes:owner>"), "{tag}");
    assert!(
        !tag.contains("<podcast:guid>") && !tag.contains("<podcast:locked"),
        "{tag}"
    );
    site.parse_feed("public/tags/season-one/feed.xml");

    // The icon and the logo, in every format and on the feeds page.
    let atom = site.read("public/atom.xml");
    assert!(
        atom.contains("<icon>https://pod.example/img/icon.png</icon>"),
        "{atom}"
    );
    assert!(
        atom.contains("<logo>https://pod.example/img/logo.png</logo>"),
        "{atom}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&site.read("public/tags/season-one/feed.json")).unwrap();
    assert_eq!(json["icon"], "https://pod.example/img/icon.png");
    assert_eq!(json["favicon"], "https://pod.example/img/icon.png");
    // JSON Feed's attachment gives the duration too.
    let main: serde_json::Value = serde_json::from_str(&site.read("public/feed.json")).unwrap();
    let attachments: Vec<&serde_json::Value> = main["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|item| item["attachments"].get(0))
        .collect();
    assert_eq!(attachments.len(), 2, "{main}");
    assert!(
        attachments
            .iter()
            .any(|a| a["duration_in_seconds"] == 95 && a["mime_type"] == "audio/x-m4a")
    );
    let page = site.read("public/feeds.html");
    assert!(page.contains("<img class=\"logo\" src=\"https://pod.example/img/logo.png\""));
}

#[test]
fn an_episode_whose_file_gives_no_duration_takes_its_written_one() {
    let site = podcast_site(CONFIG);
    site.write(
        "content/three.md",
        "---\ntitle: Tram\ndate: 2024-03-10\naudio: /audio/three.mp3\nduration: \"1:02:03\"\n---\nNotes.\n",
    );
    // No frame to read a duration from: audio by its name, its length by its bytes.
    std::fs::write(site.path("static/audio/three.mp3"), b"ID3 and nothing else").unwrap();
    site.build(&[]);
    let rss = site.read("public/feed.xml");
    let three = item(&rss, "Tram");
    assert!(
        three.contains("<itunes:duration>3723</itunes:duration>"),
        "{three}"
    );
    assert!(
        three.contains("length=\"20\" type=\"audio/mpeg\""),
        "{three}"
    );
    let output = site.run(&["check"]);
    assert!(output.status.success());
    site.write(
        "content/three.md",
        "---\ntitle: Tram\ndate: 2024-03-10\naudio: /audio/three.mp3\nduration: \"1:62:03\"\n---\nNotes.\n",
    );
    let output = site.run(&["check"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("`duration` must be seconds or `H:MM:SS`"),
        "{}",
        stderr(&output)
    );
}

/// A change to the podcast site that breaks one of Apple's rules.
type Change = Box<dyn FnOnce(&Site)>;

/// Runs `check` on the podcast site changed by `change`, and returns its stderr, checking
/// it failed as bad input.
fn refused(change: impl FnOnce(&Site)) -> String {
    let site = podcast_site(CONFIG);
    change(&site);
    let output = site.run(&["check"]);
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    stderr(&output)
}

#[test]
fn every_rule_apple_states_is_a_check_error_at_its_line() {
    let config = |from: &str, to: &str| {
        let changed = CONFIG.replace(from, to);
        assert_ne!(changed, CONFIG, "{from}");
        move |site: &Site| site.write("config/site.yaml", &changed)
    };
    let cases: Vec<(Change, &str)> = vec![
        (
            Box::new(|site: &Site| {
                std::fs::write(site.path("static/img/artwork.png"), png(1000, 1000)).unwrap()
            }),
            "podcast.image: is 1000×1000 pixels; Apple wants it square, 1400 to 3000 pixels a side\n  --> config/site.yaml:11:10",
        ),
        (
            Box::new(|site: &Site| {
                std::fs::write(site.path("static/img/artwork.png"), png(1400, 1600)).unwrap()
            }),
            "is 1400×1600 pixels",
        ),
        (
            Box::new(|site: &Site| {
                std::fs::write(
                    site.path("static/img/artwork.png"),
                    b"GIF89a\x78\x05\x78\x05\x00\x00\x00",
                )
                .unwrap()
            }),
            "podcast.image: is image/gif; Apple takes JPEG or PNG artwork",
        ),
        (
            Box::new(config("\"arts\"", "\"Tech\"")),
            "\"Tech\" is not one of Apple's categories: Arts, Business,",
        ),
        (
            Box::new(config("\"arts\"", "\"Arts > Poetry\"")),
            "\"Poetry\" is not a subcategory of \"Arts\"",
        ),
        (
            Box::new(config(
                "  owner: { name: \"Ann Lee\", email: \"ann@pod.example\" }",
                "  owner: { name: \"Ann Lee\" }",
            )),
            "podcast.owner: `email` is required: Apple writes to it to confirm the show is yours\n  --> config/site.yaml:14:10",
        ),
        (
            Box::new(config("language: en\n", "")),
            "podcast: the site needs a `language` (such as `en`): Apple and the Podcast Index require one",
        ),
        (
            Box::new(config("  image: /img/artwork.png\n", "")),
            "podcast: `image` is required",
        ),
        (
            Box::new(|site: &Site| {
                let changed = CONFIG.replace("type: episodic", "type: serial");
                site.write("config/site.yaml", &changed);
                std::fs::write(site.path("static/audio/extra.mp3"), mp3(2)).unwrap();
                site.write(
                    "content/extra.md",
                    "---\ntitle: Extra\ndate: 2024-03-02\naudio: /audio/extra.mp3\n---\nNotes.\n",
                );
            }),
            "needs `episode:` (its number): the podcast's `type` is `serial`, heard in order\n --> content/extra.md",
        ),
        (
            Box::new(|site: &Site| {
                site.write(
                    "content/again.md",
                    "---\ntitle: Again\ndate: 2024-03-02\naudio: /audio/one.mp3\n---\nNotes.\n",
                )
            }),
            "encloses https://pod.example/audio/one.mp3, as `content/again.md` does",
        ),
        (
            Box::new(|site: &Site| {
                std::fs::write(site.path("static/audio/slides.pdf"), b"%PDF-1.4\n").unwrap();
                site.write("content/slides.md", "---\ntitle: Slides\ndate: 2024-03-02\nenclosure: /audio/slides.pdf\n---\nNotes.\n");
            }),
            "enclosure \"/audio/slides.pdf\" is application/pdf; a podcast's episodes are audio or video",
        ),
        (
            Box::new(|site: &Site| {
                site.write(
                    "content/gone.md",
                    "---\ntitle: Gone\ndate: 2024-03-02\naudio: /audio/gone.mp3\n---\nNotes.\n",
                )
            }),
            "enclosure \"/audio/gone.mp3\" is not a file in the static folder",
        ),
        (
            Box::new(|site: &Site| {
                site.write("content/bad.md", "---\ntitle: Bad\ndate: 2024-03-02\ntranscript: \"javascript:alert(1)\"\n---\nNotes.\n")
            }),
            "`transcript` \"javascript:alert(1)\" must be a site path",
        ),
        (
            Box::new(config("  explicit: false", "  explict: false")),
            "unknown key `explict`",
        ),
    ];
    for (change, expected) in cases {
        let message = refused(change);
        assert!(message.contains(expected), "{expected} in {message}");
    }
}

#[test]
fn a_custom_feed_cannot_ask_for_a_podcast_the_site_does_not_have() {
    let site = Site::with(
        "title: T\ndescription: D\nbase_url: https://x.example/\ncustom_feeds:\n  - name: pod\n    folder: pod\n    title: P\n    podcast: true\n",
        &[("a.md", "---\ntitle: A\ndate: 2024-01-01\n---\nA.\n")],
    );
    let output = site.run(&["check"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output)
            .contains("custom feed `pod`: `podcast: true` needs the site's `podcast:` block"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn an_icon_that_is_not_square_and_a_logo_that_is_not_2_to_1_are_warnings() {
    let site = podcast_site(CONFIG);
    std::fs::write(site.path("static/img/icon.png"), png(64, 32)).unwrap();
    std::fs::write(site.path("static/img/logo.png"), png(100, 100)).unwrap();
    let output = site.build(&[]);
    let said = stderr(&output);
    assert!(
        said.contains(
            "icon: 64×32 pixels is not square; readers show it square\n --> config/site.yaml:8:7"
        ),
        "{said}"
    );
    assert!(
        said.contains("logo: 100×100 pixels is not twice as wide as high (2:1), as Atom asks\n --> config/site.yaml:9:7"),
        "{said}"
    );
    // An image RSS allows is given its size.
    assert!(site.read("public/feed.xml").contains("<width>100</width>"));
    let output = site.run(&["build", "--deny-warnings"]);
    assert_eq!(output.status.code(), Some(1));
}

/// The shipped podcast fixture (the files `scripts/conformance` validates too), byte for
/// byte, and its durations read from its files.
#[test]
fn the_podcast_fixture_gives_the_expected_tree() {
    let site = Site::fixture("podcast");
    site.build(&[]);
    let rss = site.read("public/feed.xml");
    assert!(item(&rss, "Market Street").contains("<itunes:duration>2</itunes:duration>"));
    assert!(item(&rss, "Harbour").contains("<itunes:duration>95</itunes:duration>"));
    crate::support::assert_expected_outputs(&site, "public", "podcast");
}

#[test]
fn a_section_that_asks_is_a_show_of_its_own() {
    let config = format!(
        "{CONFIG}sections:\n  - path: minutes\n    title: \"Field Minutes\"\n    podcast: true\n"
    );
    let site = podcast_site(&config);
    std::fs::write(site.path("static/audio/minute.mp3"), mp3(1)).unwrap();
    site.write(
        "content/minutes/rain.md",
        "---\ntitle: Rain\ndate: 2024-03-11\naudio: /audio/minute.mp3\n---\nOne minute of rain.\n",
    );
    site.build(&[]);
    let section = site.read("public/minutes/feed.xml");
    assert!(
        section.contains("<podcast:guid>")
            && item(&section, "Rain").contains("<itunes:duration>1</itunes:duration>"),
        "{section}"
    );
    let without = Site::with(
        "title: T\ndescription: D\nbase_url: https://x.example/\nsections:\n  - path: minutes\n    podcast: true\n",
        &[("minutes/a.md", "---\ntitle: A\ndate: 2024-01-01\n---\nA.\n")],
    );
    let output = without.run(&["check"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output)
            .contains("a section with `podcast: true` needs the site's `podcast:` block")
    );
}
