//! `feedsmith serve`: the preview served on 127.0.0.1 (an ephemeral port), each output with
//! its media type, the feeds page at `/`; a change to a post is in the served feed within
//! seconds, and a broken post leaves the last good build served.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::support::Site;

/// The preview process, stopped when the test ends however it ends.
struct Preview {
    child: Child,
    /// The preview's temporary folder lives in here (its `TMPDIR`).
    temp: tempfile::TempDir,
    lines: mpsc::Receiver<String>,
    address: String,
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Preview {
    fn start(site: &Site) -> Preview {
        let temp = tempfile::tempdir().unwrap();
        let mut child = Command::new(assert_cmd::cargo::cargo_bin!("feedsmith"))
            .args(["serve", "--port", "0", "--future"])
            .current_dir(site.path(""))
            .env("TMPDIR", temp.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (send, lines) = mpsc::channel();
        for stream in [
            Box::new(child.stdout.take().unwrap()) as Box<dyn std::io::Read + Send>,
            Box::new(child.stderr.take().unwrap()),
        ] {
            let send = send.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    let _ = send.send(line);
                }
            });
        }
        let mut preview = Preview {
            child,
            temp,
            lines,
            address: String::new(),
        };
        let serving = preview.wait_for_line("serving ");
        preview.address = serving
            .split_whitespace()
            .nth(1)
            .unwrap()
            .trim_end_matches('/')
            .to_string();
        assert!(
            preview.address.starts_with("http://127.0.0.1:"),
            "{serving}"
        );
        preview
    }

    /// The next line that contains `text`, within 20 s.
    fn wait_for_line(&self, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) if line.contains(text) => return line,
                Ok(_) => {}
                Err(_) => panic!("no line with {text:?} within 20 s"),
            }
        }
    }

    /// Status, media type and body of `path`.
    fn get(&self, path: &str) -> (u16, String, String) {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        let mut response = agent
            .get(&format!("{}{path}", self.address))
            .call()
            .unwrap();
        let status = response.status().as_u16();
        let kind = response
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        let body = response.body_mut().read_to_string().unwrap();
        (status, kind, body)
    }

    /// The raw answer to `head` sent as it is (a request line and headers), read to the end:
    /// for what an HTTP client library would not send.
    fn raw(&self, head: &[u8]) -> String {
        use std::io::{Read, Write};
        let address = self.address.trim_start_matches("http://");
        let mut stream = std::net::TcpStream::connect(address).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        // The server may answer (and close) before all of an oversized head is sent.
        let _ = stream.write_all(head);
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        String::from_utf8_lossy(&answer).into_owned()
    }

    /// Waits up to `seconds` for `path`'s body to satisfy `test`.
    fn eventually(&self, path: &str, seconds: u64, test: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(seconds);
        loop {
            let (_, _, body) = self.get(path);
            if test(&body) {
                return body;
            }
            assert!(Instant::now() < deadline, "{path} never changed:\n{body}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

#[test]
fn the_preview_serves_every_output_and_follows_changes() {
    let site = Site::shipped();
    let preview = Preview::start(&site);
    preview.wait_for_line("built in");
    let port = preview.address.rsplit(':').next().unwrap().to_string();

    let (status, kind, body) = preview.get("/");
    assert_eq!((status, kind.as_str()), (200, "text/html; charset=utf-8"));
    assert!(body.contains("Feeds of"), "the feeds page is the index");
    let (_, kind, rss) = preview.get("/feed.xml");
    assert_eq!(kind, "application/rss+xml; charset=utf-8");
    // Built for the preview's own address, so every link works locally.
    assert!(
        rss.contains(&format!("<link>http://127.0.0.1:{port}/</link>")),
        "{rss}"
    );
    assert_eq!(
        preview.get("/atom.xml").1,
        "application/atom+xml; charset=utf-8"
    );
    assert_eq!(
        preview.get("/feed.json").1,
        "application/feed+json; charset=utf-8"
    );
    assert_eq!(preview.get("/tags/rust/feed.xml").0, 200);
    assert_eq!(preview.get("/.feedsmith-manifest").0, 404);
    assert_eq!(preview.get("/nothing.xml").0, 404);
    assert!(
        !site.path("public").exists(),
        "the preview writes elsewhere"
    );

    // A new post is in the served feed within seconds.
    site.write(
        "content/fresh.md",
        "---\ntitle: Fresh From The Editor\ndate: 2026-01-01\ndescription: d\n---\nNew.\n",
    );
    preview.eventually("/feed.xml", 10, |feed| {
        feed.contains("Fresh From The Editor")
    });
    preview.wait_for_line("content/fresh.md");

    // A broken post: its error is shown, and the last good build stays served.
    site.write(
        "content/fresh.md",
        "---\ntitle: Fresh\ndate: 2026-13-45\n---\n",
    );
    let failed = preview.wait_for_line("still serving the last good build");
    assert!(failed.contains("content/fresh.md"), "{failed}");
    assert!(preview.get("/feed.xml").2.contains("Fresh From The Editor"));

    // Fixed again: served again.
    site.write(
        "content/fresh.md",
        "---\ntitle: Fixed Title\ndate: 2026-01-01\ndescription: d\n---\nNew.\n",
    );
    preview.eventually("/feed.xml", 10, |feed| feed.contains("Fixed Title"));

    // Stopped as Ctrl-C or a service manager stops it, it leaves no folder behind.
    let mut preview = preview;
    assert_eq!(std::fs::read_dir(preview.temp.path()).unwrap().count(), 1);
    let stopped = Command::new("kill")
        .args(["-TERM", &preview.child.id().to_string()])
        .status()
        .unwrap();
    assert!(stopped.success());
    let status = preview.child.wait().unwrap();
    assert!(status.success(), "{status:?}");
    assert_eq!(
        std::fs::read_dir(preview.temp.path()).unwrap().count(),
        0,
        "the preview's temporary folder is removed"
    );
}

#[test]
fn the_preview_follows_a_recreated_content_folder_a_fixed_config_and_serves_static_files() {
    let site = Site::with(
        "title: T\ndescription: D\nbase_url: [broken\n",
        &[("a.md", "---\ntitle: First Post\ndate: 2024-01-01\n---\nA\n")],
    );
    site.write("static/img/a.png", "not really a png");
    let preview = Preview::start(&site);
    preview.wait_for_line("build failed");
    // The config fixed: built, the feeds page at `/`, the posts watched.
    site.write(
        "config/site.yaml",
        "title: T\ndescription: D\nbase_url: https://example.com/\nstatic_dir: static\n",
    );
    preview.eventually("/", 10, |page| page.contains("Feeds of"));
    preview.eventually("/feed.xml", 10, |feed| feed.contains("First Post"));
    // The static files are served where no output is.
    let (status, _, body) = preview.get("/img/a.png");
    assert_eq!((status, body.as_str()), (200, "not really a png"));
    // The content folder removed and made again, as a `git checkout` or `rsync` does.
    std::fs::remove_dir_all(site.path("content")).unwrap();
    preview.wait_for_line("content");
    site.write(
        "content/b.md",
        "---\ntitle: Second Life\ndate: 2024-02-01\n---\nB\n",
    );
    preview.eventually("/feed.xml", 10, |feed| feed.contains("Second Life"));
    site.write(
        "content/c.md",
        "---\ntitle: Third Change\ndate: 2024-03-01\n---\nC\n",
    );
    preview.eventually("/feed.xml", 10, |feed| feed.contains("Third Change"));
}

#[test]
fn a_signal_during_a_build_leaves_no_folder_behind() {
    // Big enough that a build takes a while, so the signal lands during one.
    let posts: Vec<(String, String)> = (0..1500)
        .map(|i| {
            (
                format!("p{i}.md"),
                format!(
                    "---\ntitle: P{i}\ndate: 2024-01-01\n---\n{}\n",
                    "word ".repeat(200)
                ),
            )
        })
        .collect();
    for delay in [0, 30, 90] {
        let site = Site::with_made(crate::support::CONFIG, &posts);
        let mut preview = Preview::start(&site);
        std::thread::sleep(Duration::from_millis(delay));
        let stopped = Command::new("kill")
            .args(["-INT", &preview.child.id().to_string()])
            .status()
            .unwrap();
        assert!(stopped.success());
        preview.child.wait().unwrap();
        assert_eq!(
            std::fs::read_dir(preview.temp.path()).unwrap().count(),
            0,
            "after {delay} ms: the preview's temporary folder is removed"
        );
    }
}

/// What the preview refuses: another site's name in `Host` (DNS rebinding), a head past its
/// cap, and a file whose real path is outside the output and static folders.
#[test]
fn the_preview_answers_its_own_host_within_a_cap_from_inside_its_folders_only() {
    let site = Site::with(
        &format!("{}static_dir: static\n", crate::support::CONFIG),
        &[("a.md", "---\ntitle: First Post\ndate: 2024-01-01\n---\nA\n")],
    );
    site.write("static/img/a.png", "not really a png");
    site.write("secret/key.txt", "the key");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(site.path("secret"), site.path("static/out")).unwrap();
        std::os::unix::fs::symlink(site.path("secret/key.txt"), site.path("static/key.txt"))
            .unwrap();
        std::os::unix::fs::symlink("/etc/passwd", site.path("static/passwd")).unwrap();
    }
    let preview = Preview::start(&site);
    preview.eventually("/feed.xml", 10, |feed| feed.contains("First Post"));
    let port = preview.address.rsplit(':').next().unwrap().to_string();
    let get = |host: &str| {
        preview.raw(format!("GET /feed.xml HTTP/1.1\r\nHost: {host}\r\n\r\n").as_bytes())
    };
    for own in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
    ] {
        let answer = get(&own);
        assert!(answer.starts_with("HTTP/1.1 200 OK\r\n"), "{own}: {answer}");
        assert!(answer.contains("First Post"), "{own}");
    }
    for other in [
        format!("evil.example:{port}"),
        format!("127.0.0.1.nip.io:{port}"),
        "localhost:1".to_string(),
    ] {
        let answer = get(&other);
        assert!(
            answer.starts_with("HTTP/1.1 421 Misdirected Request\r\n"),
            "{other}: {answer}"
        );
        assert!(!answer.contains("First Post"), "{other}");
    }
    let no_host = preview.raw(b"GET /feed.xml HTTP/1.1\r\n\r\n");
    assert!(no_host.starts_with("HTTP/1.1 400 "), "{no_host}");
    // 300 MB of one header is never held: the answer comes after the first 16 KiB.
    let mut huge = format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-Big: ").into_bytes();
    huge.resize(huge.len() + 2 * 1024 * 1024, b'a');
    let answer = preview.raw(&huge);
    assert!(
        answer.starts_with("HTTP/1.1 431 Request Header Fields Too Large\r\n"),
        "{}",
        &answer[..answer.len().min(200)]
    );
    // The static files are served, what links lead out of the folder is not.
    let (status, _, body) = preview.get("/img/a.png");
    assert_eq!((status, body.as_str()), (200, "not really a png"));
    for outside in ["/out/key.txt", "/key.txt", "/passwd"] {
        let (status, _, body) = preview.get(outside);
        assert_eq!(status, 404, "{outside}: {body}");
        assert!(
            !body.contains("the key") && !body.contains("root:"),
            "{outside}"
        );
    }
}
