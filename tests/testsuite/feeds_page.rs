//! The feeds page (`feeds.html`) and its `<head>` snippet (`feeds-head.html`), opened the way
//! a person opens them: served over HTTP on 127.0.0.1 and loaded in headless Chromium, whose
//! DOM must hold a link to every feed and none of the markup hidden in a tag's name. The
//! screenshot in the README comes from here (`FEEDSMITH_BLESS=1` rewrites it).

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{Site, stderr};

/// Chromium as Debian installs it (package `chromium`), if it is there. Without it the test
/// is skipped with a notice, except in CI (`CI` set), where `.ci/run` installs it.
fn chromium() -> Option<&'static str> {
    let path = "/usr/bin/chromium";
    if Path::new(path).exists() {
        return Some(path);
    }
    crate::support::skip("chromium not found: the feeds page's browser checks are skipped");
    None
}

/// Serves the files under `root` on 127.0.0.1 (any free port) until the test ends; returns
/// the port.
fn serve(root: PathBuf) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut request = String::new();
            let mut reader = BufReader::new(&stream);
            if reader.read_line(&mut request).is_err() {
                continue;
            }
            let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
            // The rest of the request head.
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let file = root.join(path.trim_start_matches('/'));
            let response = match std::fs::read(&file) {
                Ok(body) if !path.contains("..") => {
                    let kind = match file.extension().and_then(|e| e.to_str()) {
                        Some("html") => "text/html; charset=utf-8",
                        Some("xml") => "application/xml",
                        Some("json") => "application/feed+json",
                        _ => "application/octet-stream",
                    };
                    let mut head = format!(
                        "HTTP/1.1 200 OK\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                        body.len()
                    )
                    .into_bytes();
                    head.extend(body);
                    head
                }
                _ => b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    .to_vec(),
            };
            let _ = stream.write_all(&response);
        }
    });
    port
}

/// Runs headless Chromium with `args` on `url`; its standard output.
fn chromium_run(chromium: &str, profile: &Path, args: &[&str], url: &str) -> String {
    let output = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(url)
        .output()
        .expect("chromium runs");
    assert!(
        output.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// The shipped site plus a tag whose name is markup: it must show as text.
fn site() -> Site {
    let site = Site::shipped();
    site.write(
        "content/markup-tag.md",
        "---\ntitle: \"Tags <b>bold</b> & <script>alert(1)</script>\"\ndate: 2024-01-05\ndescription: d\ntags: [\"<img src=x onerror=alert(1)>\"]\n---\nBody.\n",
    );
    let output = site.build(&[]);
    assert!(output.status.success(), "{}", stderr(&output));
    site
}

/// Every feed URL, as the OPML list (written by another renderer) names them.
fn feed_urls(site: &Site) -> Vec<String> {
    let opml = site.read("public/feeds.opml");
    let urls: Vec<String> = opml
        .split("xmlUrl=\"")
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].to_string())
        .collect();
    assert!(urls.len() > 20, "{urls:?}");
    urls
}

#[test]
fn the_feeds_page_in_a_browser_links_every_feed_and_shows_markup_as_text() {
    let site = site();
    let urls = feed_urls(&site);
    // The page as written: every feed URL in an href, the newest post named.
    let page = site.read("public/feeds.html");
    for url in &urls {
        assert!(page.contains(&format!("href=\"{url}\"")), "{url} missing");
    }
    assert!(!page.contains("<script"), "no script at all");
    let Some(chromium) = chromium() else { return };
    let port = serve(site.path("public"));
    let profile = tempfile::tempdir().unwrap();
    let address = format!("http://127.0.0.1:{port}/feeds.html");
    let dom = chromium_run(chromium, profile.path(), &["--dump-dom"], &address);
    // The DOM the browser built: a link to every feed, in each format.
    let hrefs: Vec<&str> = dom
        .split("href=\"")
        .skip(1)
        .map(|rest| &rest[..rest.find('"').unwrap()])
        .collect();
    for url in &urls {
        assert!(
            hrefs.contains(&url.as_str()),
            "the browser shows no link to {url}"
        );
    }
    assert!(
        dom.contains(
            "<h1>Feeds of <a href=\"https://fieldnotes.example.com/\">Field Notes</a></h1>"
        )
    );
    // A tag named like markup is text in the browser: no element came of it.
    assert!(
        dom.contains("Tagged &lt;img src=x onerror=alert(1)&gt;"),
        "{dom}"
    );
    assert!(!dom.contains("<img"), "an element was made of a tag's name");
    assert!(!dom.contains("<script"), "an element was made of a title");
    assert!(dom.contains("Tags &lt;b&gt;bold&lt;/b&gt; &amp; &lt;script&gt;"));
}

#[test]
fn a_screenshot_of_the_shipped_sites_feeds_page() {
    let site = Site::shipped();
    // The shipped posts as their author sees them, the 2025 ones too.
    assert!(site.build(&["--future"]).status.success());
    let Some(chromium) = chromium() else { return };
    let port = serve(site.path("public"));
    let profile = tempfile::tempdir().unwrap();
    let shot = profile.path().join("feeds-page.png");
    chromium_run(
        chromium,
        profile.path(),
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1000,1300",
            "--force-device-scale-factor=1",
        ],
        &format!("http://127.0.0.1:{port}/feeds.html"),
    );
    let png = std::fs::read(&shot).unwrap();
    let page = Screenshot::decode(&png);
    assert_eq!(
        (page.width, page.height),
        (1000, 1300),
        "the window asked for"
    );
    // What a visitor sees, by the page's own colours: a white page (light scheme), the rules
    // between feeds in `--line`, each feed URL on a `--tag` box, and dark text on top.
    assert_eq!(page.at(0, 0), [255, 255, 255], "the page's background");
    let share = |colour: [u8; 3]| page.share(|pixel| pixel == colour);
    assert!(share([0xd9, 0xdc, 0xe1]) > 0.001, "the rules between feeds");
    assert!(
        share([0xee, 0xf1, 0xf5]) > 0.02,
        "the boxes of the feed URLs"
    );
    // Text of any colour — black, the muted grey, link blue — against the light greys.
    let ink = |pixel: [u8; 3]| pixel.iter().any(|&c| c < 150);
    let link = |pixel: [u8; 3]| pixel[2] > 200 && pixel[0] < 80 && pixel[1] < 80;
    // The heading in the first 75 rows, the site's name in it a link.
    let heading = page.lines(0..75, ink);
    assert_eq!(heading.len(), 1, "one heading line: {heading:?}");
    assert!(
        heading[0]
            .clone()
            .any(|y| (0..page.width).any(|x| link(page.at(x, y)))),
        "the site's name is a link"
    );
    // Line after line of text down the page: about as many as the blessed screenshot shows
    // (another machine's fonts move them a little, a page that lost its list many).
    let lines = page.lines(0..page.height, ink).len();
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/feeds-page.png");
    let blessed = Screenshot::decode(&std::fs::read(&docs).unwrap())
        .lines(0..1300, ink)
        .len();
    assert!(
        lines * 5 >= blessed * 4 && lines * 4 <= blessed * 5,
        "{lines} lines of text; the blessed screenshot has {blessed}"
    );
    if crate::support::blessing() {
        let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
        std::fs::create_dir_all(&docs).unwrap();
        std::fs::write(docs.join("feeds-page.png"), png).unwrap();
    }
}

#[test]
fn the_head_snippet_announces_the_main_feeds() {
    let site = site();
    let head = site.read("public/feeds-head.html");
    let links: Vec<&str> = head.lines().filter(|l| l.starts_with("<link")).collect();
    assert_eq!(
        links,
        [
            "<link rel=\"alternate\" type=\"application/rss+xml\" title=\"Field Notes (RSS)\" href=\"https://fieldnotes.example.com/feed.xml\">",
            "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Field Notes (Atom)\" href=\"https://fieldnotes.example.com/atom.xml\">",
            "<link rel=\"alternate\" type=\"application/feed+json\" title=\"Field Notes (JSON Feed)\" href=\"https://fieldnotes.example.com/feed.json\">",
        ]
    );
    // The page announces them too, so a browser on the page finds the feeds.
    let page = site.read("public/feeds.html");
    for link in links {
        assert!(page.contains(link));
    }
}

#[test]
fn the_feeds_page_can_be_moved_or_turned_off() {
    let site = Site::shipped();
    let config = site.read("config/site.yaml")
        + "feeds_page:\n  file: subscribe/index.html\n  head_file: partials/feeds.html\n";
    site.write("config/site.yaml", &config);
    assert!(site.build(&[]).status.success());
    assert!(site.path("public/subscribe/index.html").exists());
    assert!(site.path("public/partials/feeds.html").exists());
    assert!(!site.path("public/feeds.html").exists());

    let config = site
        .read("config/site.yaml")
        .replace("feeds_page:\n", "feeds_page:\n  enabled: false\n");
    site.write("config/site.yaml", &config);
    assert!(site.build(&[]).status.success());
    assert!(
        !site.path("public/subscribe/index.html").exists(),
        "removed with the manifest"
    );
    assert!(!site.path("public/partials/feeds.html").exists());
}

/// A screenshot's pixels, as RGB.
struct Screenshot {
    width: usize,
    height: usize,
    rgb: Vec<[u8; 3]>,
}

impl Screenshot {
    fn decode(png: &[u8]) -> Screenshot {
        let mut decoder = png::Decoder::new(std::io::Cursor::new(png));
        decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
        let mut reader = decoder.read_info().expect("a PNG");
        let mut buffer = vec![0; reader.output_buffer_size().expect("a size that fits")];
        let frame = reader.next_frame(&mut buffer).expect("a PNG");
        let samples = frame.color_type.samples();
        let rgb = buffer[..frame.buffer_size()]
            .chunks(samples)
            .map(|pixel| match samples {
                1 | 2 => [pixel[0]; 3],
                _ => [pixel[0], pixel[1], pixel[2]],
            })
            .collect();
        Screenshot {
            width: frame.width as usize,
            height: frame.height as usize,
            rgb,
        }
    }

    fn at(&self, x: usize, y: usize) -> [u8; 3] {
        self.rgb[y * self.width + x]
    }

    /// The share of the pixels that `matches`.
    fn share(&self, matches: impl Fn([u8; 3]) -> bool) -> f64 {
        let count = self.rgb.iter().filter(|&&pixel| matches(pixel)).count();
        count as f64 / self.rgb.len() as f64
    }

    /// The lines of text among `rows`: each run of rows holding a pixel of `ink`, as the
    /// range of rows it covers; a gap of a few rows (a link's underline) does not end one.
    fn lines(
        &self,
        rows: std::ops::Range<usize>,
        ink: impl Fn([u8; 3]) -> bool,
    ) -> Vec<std::ops::Range<usize>> {
        const GAP: usize = 3;
        let mut lines: Vec<std::ops::Range<usize>> = Vec::new();
        for y in rows {
            if !(0..self.width).any(|x| ink(self.at(x, y))) {
                continue;
            }
            match lines.last_mut() {
                Some(line) if y - line.end <= GAP => line.end = y + 1,
                _ => lines.push(y..y + 1),
            }
        }
        lines
    }
}
