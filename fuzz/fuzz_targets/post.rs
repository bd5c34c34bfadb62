//! Fuzzes a whole site — its config, several posts under the file names that carry their
//! dates and languages, a tool's own config and data files — through the path
//! `feedsmith build` runs: the command line parsed by the binary's parser, resolved by
//! `Settings::resolve`, built by `feedsmith::build`. No input may panic, and every output
//! must be well-formed XML 1.0 or valid JSON without characters XML forbids.
//!
//! An input is one post (`content/fuzz.md`) under a default config, or a site: files, each
//! after a line `%%% PATH` (see [`site_files`]). The first byte picks the default config's
//! rules: 0x01 makes the post MDX; 0x02 turns the sanitiser on; 0x10 to 0x16 read the post by
//! one tool's rules (`flavor:`), and 0x20 to 0x26 do so with the sanitiser on.
#![no_main]

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use clap::Parser;
use libfuzzer_sys::fuzz_target;

const FLAVORS: [&str; 7] = [
    "hugo", "jekyll", "zola", "astro", "nextjs", "eleventy", "markdown",
];

/// Where a site's files may go: the config, the posts, and the files each tool reads
/// (Hugo's `hugo.toml`, `data/` and `layouts/`, Jekyll's `_config.yml`, `_data/` and
/// `_includes/`, Zola's `config.toml` and `templates/`, Eleventy's `_data/`), so the tools'
/// own parsers and template engines are fuzzed too.
const ROOTS: [&str; 13] = [
    "config/site.yaml",
    "feedsmith.ids",
    "content/",
    "hugo.toml",
    "config.toml",
    "_config.yml",
    "data/",
    "_data/",
    "static/",
    "i18n/",
    "layouts/",
    "templates/",
    "_includes/",
];

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
fn files(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, found);
        } else {
            found.push(path);
        }
    }
}

/// A fuzzed path, when it is one a site may hold: relative, under one of [`ROOTS`], each
/// part a plain name (no `..`, no hidden file), at most four parts.
fn site_path(path: &str) -> Option<&str> {
    let parts: Vec<&str> = path.split('/').collect();
    let plain = |part: &&str| {
        !part.is_empty()
            && !part.starts_with('.')
            && part.len() <= 64
            && part
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.@".contains(&b))
    };
    let known = ROOTS.iter().any(|root| match root.strip_suffix('/') {
        Some(folder) => parts.len() > 1 && parts[0] == folder,
        None => path == *root,
    });
    (known && parts.len() <= 4 && parts.iter().all(plain)).then_some(path)
}

/// The files of a site input: each `%%% PATH` line starts a file that runs to the next one
/// (paths [`site_path`] refuses are skipped, with their text). None when the input has no
/// such line: it is then one post.
fn site_files(data: &[u8]) -> Option<Vec<(&str, &[u8])>> {
    const MARK: &[u8] = b"%%% ";
    if !data.starts_with(MARK) {
        return None;
    }
    let mut found = Vec::new();
    for chunk in split_on(&data[MARK.len()..], b"\n%%% ") {
        let (head, text) = match chunk.iter().position(|&b| b == b'\n') {
            Some(end) => (&chunk[..end], &chunk[end + 1..]),
            None => (chunk, &[][..]),
        };
        if let Some(path) = std::str::from_utf8(head).ok().and_then(site_path) {
            found.push((path, text));
        }
    }
    Some(found)
}

/// `data` cut at each `separator`.
fn split_on<'a>(data: &'a [u8], separator: &[u8]) -> Vec<&'a [u8]> {
    let mut parts = Vec::new();
    let mut rest = data;
    while let Some(at) = rest
        .windows(separator.len())
        .position(|window| window == separator)
    {
        parts.push(&rest[..at]);
        rest = &rest[at + separator.len()..];
    }
    parts.push(rest);
    parts
}

/// The default config, and the post's name, for a one-post input's first byte.
fn one_post(data: &[u8]) -> (String, &'static str, &[u8]) {
    let (name, sanitize, flavor, data) = match data.split_first() {
        Some((1, rest)) => ("fuzz.mdx", false, "auto", rest),
        Some((2, rest)) => ("fuzz.md", true, "auto", rest),
        Some((&tool @ 0x10..=0x16, rest)) => {
            ("fuzz.md", false, FLAVORS[usize::from(tool - 0x10)], rest)
        }
        Some((&tool @ 0x20..=0x26, rest)) => {
            ("fuzz.md", true, FLAVORS[usize::from(tool - 0x20)], rest)
        }
        _ => ("fuzz.md", false, "auto", data),
    };
    let config = format!(
        "title: Fuzz\ndescription: D\nbase_url: https://example.com/\nsanitize: {sanitize}\nflavor: {flavor}\n"
    );
    (config, name, data)
}

/// One pool for every run: a pool per build would start and stop threads on every input,
/// and a worker still stopping when a run ends is reported as a leak.
fn pool() -> &'static rayon::ThreadPool {
    static POOL: OnceLock<rayon::ThreadPool> = OnceLock::new();
    POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .stack_size(feedsmith::WORKER_STACK_BYTES)
            .build()
            .unwrap()
    })
}

fuzz_target!(|data: &[u8]| {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    // A layout no file system holds (`a` and `a/b` both files) is left out file by file:
    // that is the input's conflict, not feedsmith's; any other failure stops the run.
    let write = |path: &str, text: &[u8]| {
        use std::io::ErrorKind::{AlreadyExists, IsADirectory, NotADirectory};
        let path = site.join(path);
        let written = std::fs::create_dir_all(path.parent().unwrap())
            .and_then(|()| std::fs::write(path, text));
        if let Err(err) = written {
            assert!(
                matches!(err.kind(), AlreadyExists | IsADirectory | NotADirectory),
                "{err}"
            );
        }
    };
    std::fs::create_dir_all(site.join("content")).unwrap();
    match site_files(data) {
        Some(found) => {
            write(
                "config/site.yaml",
                b"title: Fuzz\ndescription: D\nbase_url: https://example.com/\n",
            );
            for (path, text) in found {
                write(path, text);
            }
        }
        None => {
            let (config, name, post) = one_post(data);
            write("config/site.yaml", config.as_bytes());
            write(&format!("content/{name}"), post);
        }
    }
    let out = dir.path().join("out");
    let args: Vec<OsString> = vec![
        "feedsmith".into(),
        "build".into(),
        "--no-sync".into(),
        "--drafts".into(),
        "--config".into(),
        site.join("config/site.yaml").into(),
        "--content".into(),
        site.join("content").into(),
        "--out".into(),
        out.clone().into(),
    ];
    let cli = feedsmith::cli::Cli::try_parse_from(args).expect("a command line the binary takes");
    let environment = feedsmith::Environment {
        source_date_epoch: Some("1735689600".into()),
        ..feedsmith::Environment::default()
    };
    let built = pool().install(|| {
        feedsmith::Settings::resolve(&cli.command, &environment)
            .and_then(|settings| feedsmith::build(&settings))
    });
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
