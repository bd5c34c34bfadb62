//! Fuzzes a whole post file (front matter in any format + a Markdown or MDX body, template
//! syntax included) through the pipeline `feedsmith build` runs, in a temporary site: no
//! input may panic, and every output must be well-formed XML 1.0 or valid JSON without
//! characters XML forbids.
#![no_main]

use feedsmith::Settings;
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

/// Every file under `dir`, recursively.
fn files(dir: &std::path::Path, found: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, found);
        } else {
            found.push(path);
        }
    }
}

fuzz_target!(|data: &[u8]| {
    // A first byte 0x01 makes the file MDX, so its components and imports are fuzzed too;
    // 0x02 turns the sanitiser on, so its output is held to the same rules; 0x10 to 0x16
    // read the post by one tool's rules (`flavor:`), as a site of that tool is read.
    const FLAVORS: [&str; 7] = [
        "hugo", "jekyll", "zola", "astro", "nextjs", "eleventy", "markdown",
    ];
    let (name, sanitize, flavor, data) = match data.split_first() {
        Some((1, rest)) => ("fuzz.mdx", false, "auto", rest),
        Some((2, rest)) => ("fuzz.md", true, "auto", rest),
        Some((&tool @ 0x10..=0x16, rest)) => {
            ("fuzz.md", false, FLAVORS[usize::from(tool - 0x10)], rest)
        }
        _ => ("fuzz.md", false, "auto", data),
    };
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("site.yaml");
    std::fs::write(
        &config,
        format!(
            "title: Fuzz\ndescription: D\nbase_url: https://example.com/\nsanitize: {sanitize}\nflavor: {flavor}\n"
        ),
    )
    .unwrap();
    let content = dir.path().join("content");
    std::fs::create_dir(&content).unwrap();
    std::fs::write(content.join(name), data).unwrap();
    let out = dir.path().join("out");
    let built = Settings::for_folders(config, &content, &out, true)
        .and_then(|settings| feedsmith::build(&settings));
    if built.is_err() {
        return;
    }
    let mut outputs = Vec::new();
    files(&out, &mut outputs);
    for path in outputs {
        let bytes = std::fs::read(&path).unwrap();
        match path.extension().and_then(|e| e.to_str()) {
            Some("json") => {
                serde_json::from_slice::<serde_json::Value>(&bytes).expect("valid JSON");
            }
            Some("xml" | "opml") => check_xml(&bytes),
            _ => {}
        }
    }
});
