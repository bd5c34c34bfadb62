//! Helpers shared by the test modules: copying a fixture site, running the binary, reading
//! outputs back.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use tempfile::TempDir;

/// "Now" for every test run: 2025-01-01T00:00:00Z, so the 2099 post is in the future.
pub(crate) const NOW: &str = "1735689600";

/// The smallest site config: the three keys every config needs. Tests that need more write
/// `format!("{CONFIG}feeds: …")`.
pub(crate) const CONFIG: &str = "title: T\ndescription: D\nbase_url: https://example.com/\n";

/// A site in a temporary folder.
pub(crate) struct Site {
    pub dir: TempDir,
}

impl Site {
    /// A copy of `tests/fixtures/<name>/in`.
    pub(crate) fn fixture(name: &str) -> Site {
        let source = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name)
            .join("in");
        let site = Site::empty();
        copy_dir(&source, site.dir.path());
        site
    }

    /// A copy of the shipped site: the repository's `config/` and `content/`.
    pub(crate) fn shipped() -> Site {
        let site = Site::empty();
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        copy_dir(&root.join("config"), &site.path("config"));
        copy_dir(&root.join("content"), &site.path("content"));
        site
    }

    /// A site of `config` and `posts` (each a path inside `content/` and its text).
    pub(crate) fn with(config: &str, posts: &[(&str, &str)]) -> Site {
        let site = Site::empty();
        site.write("config/site.yaml", config);
        for (name, text) in posts {
            site.write(&format!("content/{name}"), text);
        }
        site
    }

    /// [`Site::with`], for posts made by the test (each a path inside `content/` and its text).
    pub(crate) fn with_made(config: &str, posts: &[(String, String)]) -> Site {
        let posts: Vec<(&str, &str)> = posts
            .iter()
            .map(|(path, text)| (path.as_str(), text.as_str()))
            .collect();
        Site::with(config, &posts)
    }

    /// An empty site folder.
    pub(crate) fn empty() -> Site {
        Site {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub(crate) fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    /// Writes a file, creating its folders.
    pub(crate) fn write(&self, relative: &str, text: &str) {
        let path = self.path(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    /// Runs `feedsmith <args>` in the site folder with a pinned "now".
    pub(crate) fn run(&self, args: &[&str]) -> Output {
        self.run_in("", args)
    }

    /// Runs `feedsmith <args>` in the site's folder `relative` with a pinned "now".
    pub(crate) fn run_in(&self, relative: &str, args: &[&str]) -> Output {
        self.run_with_env(relative, args, &[])
    }

    /// Runs `feedsmith <args>` in the site's folder `relative` with a pinned "now" and the
    /// variables `env` set.
    pub(crate) fn run_with_env(
        &self,
        relative: &str,
        args: &[&str],
        env: &[(&str, &str)],
    ) -> Output {
        let mut command = Command::new(assert_cmd::cargo::cargo_bin!("feedsmith"));
        command
            .args(args)
            .current_dir(self.path(relative))
            .env("SOURCE_DATE_EPOCH", NOW)
            .env_remove("TZ");
        for (name, value) in env {
            command.env(name, value);
        }
        command.output().unwrap()
    }

    /// Runs `feedsmith build <args>` and insists on success.
    pub(crate) fn build(&self, args: &[&str]) -> Output {
        let mut all = vec!["build"];
        all.extend_from_slice(args);
        let output = self.run(&all);
        assert!(
            output.status.success(),
            "build failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        output
    }

    pub(crate) fn read(&self, relative: &str) -> String {
        fs::read_to_string(self.path(relative))
            .unwrap_or_else(|err| panic!("reading {relative}: {err}"))
    }

    /// The titles of the entries of the feed at `relative`, sorted.
    pub(crate) fn entry_titles(&self, relative: &str) -> Vec<String> {
        let mut titles: Vec<String> = self
            .parse_feed(relative)
            .entries
            .iter()
            .map(|entry| entry.title.as_ref().unwrap().content.clone())
            .collect();
        titles.sort();
        titles
    }

    /// Parses an output with `feed-rs`, the independent reader.
    pub(crate) fn parse_feed(&self, relative: &str) -> feed_rs::model::Feed {
        let bytes = fs::read(self.path(relative)).unwrap();
        feed_rs::parser::parse(bytes.as_slice())
            .unwrap_or_else(|err| panic!("feed-rs rejects {relative}: {err}"))
    }

    /// Every file under `relative`, with its bytes, sorted by path.
    pub(crate) fn snapshot_dir(&self, relative: &str) -> Vec<(String, Vec<u8>)> {
        let root = self.path(relative);
        let mut files = Vec::new();
        collect(&root, &root, &mut files);
        files.sort();
        files
    }
}

fn collect(root: &Path, dir: &Path, files: &mut Vec<(String, Vec<u8>)>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(root, &path, files);
        } else {
            let name = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            files.push((name, fs::read(&path).unwrap()));
        }
    }
}

/// Everything under the site's folder, symbolic links as links (never followed): each path
/// with its bytes, `-> target` for a link, `/` for a folder. Two equal trees mean nothing was
/// moved, written or removed anywhere in the site.
pub(crate) fn whole_tree(site: &Site) -> Vec<(String, Vec<u8>)> {
    let root = site.dir.path();
    let mut tree = Vec::new();
    for entry in walkdir::WalkDir::new(root).min_depth(1).sort_by_file_name() {
        let entry = entry.unwrap();
        let name = entry
            .path()
            .strip_prefix(root)
            .unwrap()
            .display()
            .to_string();
        let kind = entry.file_type();
        let bytes = if kind.is_symlink() {
            format!("-> {}", fs::read_link(entry.path()).unwrap().display()).into_bytes()
        } else if kind.is_dir() {
            b"/".to_vec()
        } else {
            fs::read(entry.path()).unwrap()
        };
        tree.push((name, bytes));
    }
    tree
}

/// The links of the entries of the feed at `feed` inside the site's `public/`, newest first.
pub(crate) fn entry_links(site: &Site, feed: &str) -> Vec<String> {
    site.parse_feed(&format!("public/{feed}"))
        .entries
        .iter()
        .map(|entry| entry.links[0].href.clone())
        .collect()
}

/// Compares every file under `output_dir` of `site` byte for byte with
/// `tests/fixtures/<fixture>/out`, failing on a missing, extra or different file. With
/// `FEEDSMITH_BLESS=1` in the environment, rewrites that folder from the outputs instead.
pub(crate) fn assert_expected_outputs(site: &Site, output_dir: &str, fixture: &str) {
    let expected_dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(fixture)
        .join("out");
    let actual = site.snapshot_dir(output_dir);
    if blessing() {
        let _ = fs::remove_dir_all(&expected_dir);
        for (name, bytes) in &actual {
            let path = expected_dir.join(name);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, bytes).unwrap();
        }
        return;
    }
    let mut expected = Vec::new();
    collect(&expected_dir, &expected_dir, &mut expected);
    expected.sort();
    let names = |files: &[(String, Vec<u8>)]| -> Vec<String> {
        files.iter().map(|(name, _)| name.clone()).collect()
    };
    assert_eq!(
        names(&actual),
        names(&expected),
        "{fixture}: the files written (FEEDSMITH_BLESS=1 rewrites tests/fixtures/{fixture}/out)"
    );
    for ((name, bytes), (_, wanted)) in actual.iter().zip(&expected) {
        assert!(
            bytes == wanted,
            "{fixture}: {name} differs from tests/fixtures/{fixture}/out/{name} (FEEDSMITH_BLESS=1 rewrites it):\n{}",
            String::from_utf8_lossy(bytes)
        );
    }
}

/// The words a reader shows for a feed-rs text: an Atom `type="html"` text (feedsmith's
/// choice for titles that look like markup) has its markup escapes undone.
pub(crate) fn shown_text(text: &feed_rs::model::Text) -> String {
    if text.content_type.essence().to_string() == "text/html" {
        text.content
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&amp;", "&")
    } else {
        text.content.clone()
    }
}

/// Copies a folder tree.
pub(crate) fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

pub(crate) fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub(crate) fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// `text` (stderr) with each diagnostic folded into one line, `label: file:line:col: message`
/// — the snippet and help left out — for tests about what is reported rather than how it is
/// laid out (the layout has its own tests in `errors.rs`).
pub(crate) fn headlines(text: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    for line in text.lines() {
        let trimmed = line.trim_start();
        if let Some(location) = trimmed.strip_prefix("--> ") {
            if let Some(last) = out.last_mut()
                && let Some((label, message)) = last.split_once(": ")
            {
                *last = format!("{label}: {location}: {message}");
            }
        } else if trimmed.starts_with("= help:")
            || trimmed == "|"
            || trimmed.starts_with("| ")
            || trimmed
                .split_once(" | ")
                .is_some_and(|(n, _)| n.chars().all(|c| c.is_ascii_digit()))
        {
            continue;
        } else {
            out.push(line.to_string());
        }
    }
    out.iter().map(|line| format!("{line}\n")).collect()
}

/// A build in this process, as `SOURCE_DATE_EPOCH=NOW feedsmith build --config CONFIG
/// --content CONTENT --out OUT --no-sync FLAGS` runs it: the command line parsed by the
/// binary's own parser and resolved by [`feedsmith::Settings::resolve`], the path every user
/// run takes (for property tests, which build too often to start a process each time).
pub(crate) fn build_in_process(
    config: &Path,
    content: &Path,
    out: &Path,
    flags: &[&str],
) -> Result<feedsmith::BuildReport, feedsmith::Error> {
    use clap::Parser;
    let mut args: Vec<std::ffi::OsString> = ["feedsmith", "build", "--no-sync", "--config"]
        .map(Into::into)
        .to_vec();
    args.push(config.into());
    args.push("--content".into());
    args.push(content.into());
    args.push("--out".into());
    args.push(out.into());
    args.extend(flags.iter().map(Into::into));
    let cli = feedsmith::cli::Cli::try_parse_from(args).expect("a command line the binary takes");
    let environment = feedsmith::Environment {
        source_date_epoch: Some(NOW.into()),
        home: std::env::var_os("HOME").map(PathBuf::from),
        ..feedsmith::Environment::default()
    };
    feedsmith::Settings::resolve(&cli.command, &environment).and_then(|s| feedsmith::build(&s))
}

/// Whether `FEEDSMITH_BLESS` asks to rewrite the expected files from the outputs. Refused
/// under `CI`: a blessed run passes whatever the output is.
pub(crate) fn blessing() -> bool {
    let bless = std::env::var_os("FEEDSMITH_BLESS").is_some();
    assert!(
        !(bless && std::env::var_os("CI").is_some()),
        "FEEDSMITH_BLESS is refused under CI: it rewrites the expected files and passes whatever the output"
    );
    bless
}

/// Skips a check this machine cannot run, saying why on the terminal (libtest captures
/// `eprintln!`, not writes to the stderr handle itself). Under `CI` nothing skips: `.ci/run`
/// installs every tool and runs as root, so a missing one is a failure with its reason.
pub(crate) fn skip(reason: &str) {
    use std::io::Write;
    assert!(
        std::env::var_os("CI").is_none(),
        "{reason}; CI never skips (.ci/run provides what every test needs)"
    );
    let _ = writeln!(std::io::stderr(), "\nSKIPPED: {reason}");
}

/// The HTML content of a feed entry.
pub(crate) fn entry_html(entry: &feed_rs::model::Entry) -> String {
    entry.content.as_ref().unwrap().body.clone().unwrap()
}

/// The HTML of the entry whose link ends with `slug/` in the site's Atom feed.
pub(crate) fn html_of(site: &Site, slug: &str) -> String {
    let feed = site.parse_feed("public/atom.xml");
    let entry = feed
        .entries
        .iter()
        .find(|entry| entry.links[0].href.ends_with(&format!("/{slug}/")))
        .unwrap_or_else(|| panic!("no entry {slug}"));
    entry_html(entry)
}

/// Builds `site` as it is, then with `added` in place: the build must fail and leave the
/// first build's outputs as they were. Returns its error output.
pub(crate) fn fails_and_keeps_outputs(site: &Site, added: &[(&str, &str)]) -> String {
    site.build(&[]);
    let before = site.snapshot_dir("public");
    for (path, text) in added {
        site.write(path, text);
    }
    let output = site.run(&["build"]);
    assert!(!output.status.success(), "{}", stderr(&output));
    assert_eq!(site.snapshot_dir("public"), before);
    stderr(&output)
}
