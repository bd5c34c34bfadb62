//! WebSub: every feed declares the config's hubs, and `--ping` tells each hub, after the
//! commit, of exactly the feeds whose bytes changed. The hub is a small HTTP server on
//! 127.0.0.1 inside the test, bounded in time.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::support::{Site, stderr, stdout};

/// A hub on 127.0.0.1 that answers every request with `status` and keeps each body, for at
/// most 60 seconds.
struct Hub {
    url: String,
    bodies: Arc<Mutex<Vec<String>>>,
}

impl Hub {
    fn start(status: u16) -> Hub {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let url = format!("http://{}/hub", listener.local_addr().unwrap());
        let bodies = Arc::new(Mutex::new(Vec::new()));
        let kept = Arc::clone(&bodies);
        std::thread::spawn(move || {
            let deadline = Instant::now() + Duration::from_secs(60);
            while Instant::now() < deadline {
                let Ok((stream, _)) = listener.accept() else {
                    std::thread::sleep(Duration::from_millis(5));
                    continue;
                };
                stream.set_nonblocking(false).unwrap();
                let mut reader = BufReader::new(stream);
                let mut length = 0;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                        break;
                    }
                    if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                        length = value.trim().parse().unwrap_or(0);
                    }
                }
                let mut body = vec![0; length];
                let _ = reader.read_exact(&mut body);
                kept.lock()
                    .unwrap()
                    .push(String::from_utf8_lossy(&body).into_owned());
                let mut stream = reader.into_inner();
                // A redirect goes to an address nothing answers.
                let location = match status {
                    300..400 => "Location: http://127.0.0.1:9/moved\r\n",
                    _ => "",
                };
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status} Status\r\n{location}Content-Length: 0\r\nConnection: close\r\n\r\n"
                );
            }
        });
        Hub { url, bodies }
    }

    fn bodies(&self) -> Vec<String> {
        self.bodies.lock().unwrap().clone()
    }
}

fn site(hub: &str, extra: &str) -> Site {
    let site = Site::empty();
    site.write(
        "config/site.yaml",
        &format!(
            "title: T\ndescription: D\nbase_url: https://example.com/\nwebsub:\n  hubs: [\"{hub}\"]\n{extra}"
        ),
    );
    site.write(
        "content/a.md",
        "---\ntitle: A\ndate: 2024-01-01\ndescription: d\ntags: [rust]\n---\nBody\n",
    );
    site
}

#[test]
fn every_feed_declares_the_hubs() {
    let site = site("https://hub.example/", "");
    site.build(&[]);
    for feed in ["public/feed.xml", "public/tags/rust/feed.xml"] {
        assert!(
            site.read(feed)
                .contains("<atom:link href=\"https://hub.example/\" rel=\"hub\"/>"),
            "{feed}"
        );
    }
    assert!(
        site.read("public/atom.xml")
            .contains("<link rel=\"hub\" href=\"https://hub.example/\"/>")
    );
    let json: serde_json::Value = serde_json::from_str(&site.read("public/feed.json")).unwrap();
    assert_eq!(
        json["hubs"],
        serde_json::json!([{"type": "WebSub", "url": "https://hub.example/"}])
    );
    let atom = site.parse_feed("public/atom.xml");
    assert!(
        atom.links
            .iter()
            .any(|link| link.rel.as_deref() == Some("hub"))
    );
}

#[test]
fn ping_tells_the_hub_of_changed_feeds_only() {
    let hub = Hub::start(204);
    let site = site(&hub.url, "");
    let output = site.build(&["--ping", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let pings = json["pings"].as_array().unwrap();
    // The main feed and the tag's (the post has no category), in three formats each.
    assert_eq!(pings.len(), 6, "{pings:?}");
    assert!(
        pings
            .iter()
            .all(|ping| ping["ok"] == true && ping["status"] == 204)
    );
    let bodies = hub.bodies();
    assert_eq!(bodies.len(), 6);
    assert!(
        bodies
            .contains(&"hub.mode=publish&hub.url=https%3A%2F%2Fexample.com%2Ffeed.xml".to_string()),
        "{bodies:?}"
    );
    // Nothing changed: nothing to tell.
    let again = site.build(&["--ping", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&again)).unwrap();
    assert_eq!(json["pings"], serde_json::json!([]));
    assert_eq!(hub.bodies().len(), 6);
    // A new post in another tag: the main feeds and the new tag's, not the old tag's.
    site.write(
        "content/b.md",
        "---\ntitle: B\ndate: 2024-01-02\ndescription: d\ntags: [go]\n---\nBody\n",
    );
    site.build(&["--ping"]);
    let new: Vec<String> = hub.bodies()[6..].to_vec();
    assert_eq!(new.len(), 6, "{new:?}");
    assert!(
        new.iter().all(|body| !body.contains("tags%2Frust")),
        "{new:?}"
    );
}

#[test]
fn a_failing_hub_is_a_warning_and_the_outputs_stay() {
    let hub = Hub::start(500);
    let site = site(&hub.url, "");
    site.write(
        "config/site.yaml",
        &format!(
            "title: T\ndescription: D\nbase_url: https://example.com/\nwebsub:\n  hubs: [\"{}\"]\n  ping: true\ntag_feeds: {{enabled: false}}\ncategory_feeds: {{enabled: false}}\nfeeds:\n  atom: {{enabled: false}}\n  json: {{enabled: false}}\n",
            hub.url
        ),
    );
    let output = site.build(&[]);
    assert!(
        stderr(&output).contains(&format!(
            "warning: WebSub hub {} was not told that https://example.com/feed.xml changed: it answered HTTP 500 (the outputs are committed)",
            hub.url
        )),
        "{}",
        stderr(&output)
    );
    assert_eq!(hub.bodies().len(), 3, "tried three times");
    assert!(site.path("public/feed.xml").exists());
}

#[test]
fn a_redirecting_hub_is_reported_with_its_own_answer() {
    let hub = Hub::start(302);
    let site = site(
        &hub.url,
        "  ping: true\ntag_feeds: {enabled: false}\ncategory_feeds: {enabled: false}\nfeeds:\n  atom: {enabled: false}\n  json: {enabled: false}\n",
    );
    let output = site.build(&[]);
    assert!(
        stderr(&output).contains(
            "it answered HTTP 302, a redirect to http://127.0.0.1:9/moved: set that address in `websub.hubs`"
        ),
        "{}",
        stderr(&output)
    );
    assert!(
        hub.bodies()
            .iter()
            .all(|body| body.contains("hub.mode=publish"))
    );
}
