//! Fuzzes a whole post file (front matter in any format + a Markdown or MDX body, template
//! syntax included) through parsing, the model and
//! every renderer: no input may panic, and every output must be well-formed XML 1.0 or
//! valid JSON without characters XML forbids.
#![no_main]

use std::path::Path;

use feedsmith::config::SiteConfig;
use feedsmith::format::FeedFormat;
use feedsmith::model::{Selection, Site};
use feedsmith::render;
use libfuzzer_sys::fuzz_target;

fn check_xml(bytes: &[u8]) {
    let text = std::str::from_utf8(bytes).expect("outputs are UTF-8");
    assert!(
        text.chars().all(feedsmith::text::is_xml_char),
        "forbidden character"
    );
    let mut reader = quick_xml::Reader::from_str(text);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(err) => panic!("not well-formed: {err}"),
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let config = SiteConfig::parse(
        "title: Fuzz\ndescription: D\nbase_url: https://example.com/\n",
        Path::new("site.yaml"),
    )
    .unwrap();
    // A first byte 0x01 makes the file MDX, so its components and imports are fuzzed too.
    let (name, data) = match data.split_first() {
        Some((1, rest)) => ("fuzz.mdx", rest),
        _ => ("fuzz.md", data),
    };
    let file = feedsmith::source::PostFile::top_level(Path::new(name));
    let Ok(post) = feedsmith::source::parse_post(&file, data, &config.timezone) else {
        return;
    };
    let selection = Selection {
        drafts: true,
        future: true,
        now: jiff::Timestamp::UNIX_EPOCH,
    };
    let Ok(site) = Site::build(config, vec![post], selection) else {
        return;
    };
    let groups = site.feed_groups();
    for group in &groups {
        for file in &group.files {
            let bytes = match file.format {
                FeedFormat::Rss => {
                    render::rss::write(&site.config, &group.feed, &file.url, Vec::new())
                }
                FeedFormat::Atom => {
                    render::atom::write(&site.config, &group.feed, &file.url, Vec::new())
                }
                FeedFormat::Json => {
                    render::jsonfeed::write(&site.config, &group.feed, &file.url, Vec::new())
                }
            }
            .unwrap();
            if file.format == FeedFormat::Json {
                serde_json::from_slice::<serde_json::Value>(&bytes).expect("valid JSON");
            } else {
                check_xml(&bytes);
            }
        }
    }
    check_xml(&render::sitemap::write(&site, Vec::new()).unwrap());
    check_xml(&render::opml::write(&site, &groups, Vec::new()).unwrap());
});
