//! `feedsmith serve`: a preview of the site's outputs. It builds into a temporary folder with
//! the base URL `http://127.0.0.1:PORT/`, serves that folder on 127.0.0.1 only (each feed
//! with its media type, the feeds page as the index, the site's static files where no
//! output is), and rebuilds after every change to the posts, the config or the static files,
//! watching the site root so that a folder removed and made again is still followed. A build
//! that fails reports its errors and leaves the last good outputs in place — builds are
//! all-or-nothing — so the preview keeps serving them. What it serves is only regular files
//! whose real path is inside the output or static folder, to requests that name the
//! preview's own host ([`http`]).

mod http;

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use percent_encoding::percent_decode_str;

use crate::cli::ServeArgs;
use crate::error::Error;
use crate::format::FeedFormat;
use crate::pipeline::report::BuildReport;
use crate::settings::{Environment, Settings};

/// How long to wait for more changes before rebuilding: an editor's save is often several
/// events, and a `git checkout` hundreds.
const DEBOUNCE: Duration = Duration::from_millis(200);

/// What the preview reports, one line each.
#[derive(Debug)]
pub enum ServeEvent<'a> {
    /// The server listens at this address.
    Listening(&'a str),
    /// A build finished, first or after a change to these paths; it took this long.
    Built(&'a BuildReport, &'a [PathBuf], Duration),
    /// A build failed; the last good outputs are still served.
    Failed(&'a Error, &'a [PathBuf]),
}

/// Serves a preview of the site `args` name, on 127.0.0.1 at `args.port` (0: any free
/// port), rebuilding on changes; reports each step to `report`. Every build resolves its
/// settings again ([`Settings::for_preview`]), so a change to the config — its folders, the
/// feeds page — takes effect as a change to a post does. Runs until the process ends.
pub fn serve(
    args: &ServeArgs,
    environment: &Environment,
    report: &mut dyn FnMut(ServeEvent<'_>),
) -> Result<(), Error> {
    let port = args.port;
    let listener = TcpListener::bind(("127.0.0.1", port))
        .map_err(|err| Error::system(format!("listen on 127.0.0.1:{port}"), err))?;
    let port = listener
        .local_addr()
        .map(|address| address.port())
        .unwrap_or(port);
    let address = format!("http://127.0.0.1:{port}/");
    let output = preview_folder()?;

    // What the events are filtered by: the config, posts and static files of the settings
    // last resolved (the site root's other files, its own output folder among them, are
    // not the preview's business).
    let relevant: Arc<Mutex<Vec<PathBuf>>> = Arc::new(Mutex::new(Vec::new()));
    let (mut watcher, changed) = change_watcher(Arc::clone(&relevant))?;
    let mut watched: Vec<PathBuf> = Vec::new();

    // What `/` serves and where the static files are: those of the last settings that
    // resolved.
    let index: Arc<Mutex<Served>> = Arc::new(Mutex::new(Served::default()));
    spawn_server(
        listener,
        port,
        output.path().to_path_buf(),
        Arc::clone(&index),
    );

    report(ServeEvent::Listening(&address));
    let mut build = |paths: &[PathBuf]| {
        let started = Instant::now();
        let settings = Settings::for_preview(args, &address, output.path(), environment);
        // Watch the folders that hold what these settings read — the site root, so a
        // content folder removed and made again (a `git checkout`, an `rsync`) is seen, and
        // a broken config too — dropping what they no longer do.
        let (wanted, prefixes) = watched_paths(args, settings.as_ref().ok());
        *relevant.lock().unwrap_or_else(|p| p.into_inner()) = prefixes;
        if wanted != watched {
            for path in &watched {
                let _ = notify::Watcher::unwatch(&mut watcher, path);
            }
            for path in &wanted {
                // A folder that does not exist yet (no static files) is simply not watched.
                let _ =
                    notify::Watcher::watch(&mut watcher, path, notify::RecursiveMode::Recursive);
            }
            watched = wanted;
        }
        let built = settings.and_then(|settings| {
            let config = &settings.config;
            *index
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner()) = Served {
                index: config
                    .feeds_page
                    .enabled
                    .then(|| config.feeds_page.file.clone()),
                static_dir: config.static_dir.clone(),
            };
            crate::build(&settings)
        });
        match built {
            Ok(built) => report(ServeEvent::Built(&built, paths, started.elapsed())),
            Err(err) => report(ServeEvent::Failed(&err, paths)),
        }
    };
    build(&[]);
    while let Ok(first) = changed.recv() {
        // One rebuild for a burst of changes: wait until none has come for a moment.
        let mut paths = vec![first];
        while let Ok(more) = changed.recv_timeout(DEBOUNCE) {
            paths.push(more);
        }
        paths.sort();
        paths.dedup();
        build(&paths);
    }
    Ok(())
}

/// The temporary folder a preview builds into, removed when Ctrl-C (or a SIGTERM or
/// SIGHUP) ends the preview rather than left behind in the system's temporary folder, one
/// per preview ever run.
fn preview_folder() -> Result<tempfile::TempDir, Error> {
    let output = tempfile::Builder::new()
        .prefix("feedsmith-serve-")
        .tempdir()
        .map_err(|source| Error::Write {
            path: std::env::temp_dir(),
            source,
        })?;
    let preview_dir = output.path().to_path_buf();
    ctrlc::set_handler(move || {
        remove_preview(&preview_dir);
        std::process::exit(0);
    })
    .map_err(|err| Error::system("handle Ctrl-C", err))?;
    Ok(output)
}

/// A watcher of the file system and the paths it reports changed, those under one of
/// `relevant` only; reading a file is no change (the build itself opens every post).
fn change_watcher(
    relevant: Arc<Mutex<Vec<PathBuf>>>,
) -> Result<(notify::RecommendedWatcher, mpsc::Receiver<PathBuf>), Error> {
    let (changes, changed) = mpsc::channel::<PathBuf>();
    let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event
            && !matches!(event.kind, notify::EventKind::Access(_))
        {
            let relevant = relevant.lock().unwrap_or_else(|p| p.into_inner());
            for path in event.paths {
                if relevant.iter().any(|prefix| path.starts_with(prefix)) {
                    let _ = changes.send(path);
                }
            }
        }
    })
    .map_err(|err| Error::system("watch the site for changes", err))?;
    Ok((watcher, changed))
}

/// What the preview serves besides its outputs, as the last settings that resolved say.
#[derive(Debug, Clone, Default)]
struct Served {
    /// The feeds page, which `/` shows (none when `feeds_page` is off).
    index: Option<String>,
    /// The site's static files (`static_dir`), served where no output is, so the images
    /// and enclosures the previewed feeds link to are there.
    static_dir: Option<PathBuf>,
}

/// Removes the preview's folder, again while a build still writes into it (a Ctrl-C in the
/// middle of one): a removal that finds new files retries, a few times, briefly.
fn remove_preview(folder: &Path) {
    for _ in 0..50 {
        if std::fs::remove_dir_all(folder).is_ok() || !folder.exists() {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Answers the preview's requests, each connection on a thread of its own: from `root`, `/`
/// with the feeds page, and the static files `served` names (they change with the config).
fn spawn_server(listener: TcpListener, port: u16, root: PathBuf, served: Arc<Mutex<Served>>) {
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            let served = Arc::clone(&served);
            std::thread::spawn(move || answer(stream, port, &root, &served));
        }
    });
}

/// Reads one request from `stream` and answers it: refused when its head is too large, it
/// names another host, or it is not HTTP; else the file it asks for.
fn answer(mut stream: TcpStream, port: u16, root: &Path, served: &Mutex<Served>) {
    let _ = stream.set_read_timeout(Some(http::IDLE));
    let _ = stream.set_write_timeout(Some(http::IDLE));
    let request = match http::read_head(&mut stream) {
        http::Head::Request(request) => request,
        http::Head::TooLarge => {
            let too_large = http::Response::text(
                431,
                &format!("request headers over {} bytes", http::MAX_HEAD_BYTES),
            );
            let _ = http::write_response(&mut stream, &too_large, true);
            http::close_gently(&mut stream);
            return;
        }
        http::Head::Malformed => {
            let _ =
                http::write_response(&mut stream, &http::Response::text(400, "bad request"), true);
            return;
        }
        http::Head::Gone => return,
    };
    let response = match &request.host {
        Some(host) if !http::is_own_host(host, port) => http::Response::text(
            421,
            &format!("this preview answers for 127.0.0.1:{port} and localhost:{port} only"),
        ),
        None if request.minor_version >= 1 => {
            http::Response::text(400, "an HTTP/1.1 request must name its Host")
        }
        _ => {
            let served = served
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .clone();
            let from_outputs = respond(root, &request, served.index.as_deref());
            match (&served.static_dir, from_outputs.status) {
                (Some(static_dir), 404) => {
                    let found = respond(static_dir, &request, None);
                    if found.status == 200 {
                        found
                    } else {
                        from_outputs
                    }
                }
                _ => from_outputs,
            }
        }
    };
    let _ = http::write_response(&mut stream, &response, request.method != "HEAD");
}

/// What to watch, and which changed paths count: the site root (found again, so a config
/// that does not resolve is still watched) and, with settings, the content and static
/// folders where they lie outside it; a change counts under the config's folder, the content
/// folder or the static folder.
fn watched_paths(args: &ServeArgs, settings: Option<&Settings>) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let located = match settings {
        Some(settings) => Some((settings.config_file.clone(), settings.site_root.clone())),
        None => crate::settings::root::locate(args.config.as_deref()).ok(),
    };
    let absolute = |path: &Path| {
        let path = if path.as_os_str().is_empty() {
            Path::new(".")
        } else {
            path
        };
        std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
    };
    let (mut watched, mut relevant) = (Vec::new(), Vec::new());
    if let Some((config_file, root)) = &located {
        watched.push(absolute(root));
        relevant.push(absolute(config_file.parent().unwrap_or(Path::new("."))));
    }
    if let Some(settings) = settings {
        let folders = std::iter::once(&settings.config.content_dir)
            .chain(settings.config.static_dir.as_ref())
            .map(|folder| absolute(folder));
        for folder in folders {
            if !watched.iter().any(|w| folder.starts_with(w)) {
                watched.push(folder.clone());
            }
            relevant.push(folder);
        }
    }
    (watched, relevant)
}

/// The response to `request` from the files under `root`. `/` is the feeds page (`index`);
/// a folder is its `index.html`. Only regular files whose real path is inside `root` are
/// served (a symbolic link out of it, to `/etc/passwd` or a folder elsewhere, is not), and
/// none whose name starts with a dot (the build's manifest).
fn respond(root: &Path, request: &http::Request, index: Option<&str>) -> http::Response {
    if !matches!(request.method.as_str(), "GET" | "HEAD") {
        return http::Response::text(405, "feedsmith serve answers GET and HEAD only");
    }
    let path = request.target.split(['?', '#']).next().unwrap_or("/");
    let mut file = root.to_path_buf();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        let Ok(segment) = percent_decode_str(segment).decode_utf8() else {
            return http::Response::text(400, "bad request");
        };
        if segment.starts_with('.') || segment.contains(['/', '\\', '\0']) {
            return http::Response::text(404, "not found");
        }
        file.push(segment.as_ref());
    }
    if path == "/" {
        match index {
            Some(index) => file = root.join(index),
            None => {
                return http::Response::text(
                    404,
                    "no feeds page (feeds_page is off); try /feed.xml or /atom.xml",
                );
            }
        }
    } else if file.is_dir() {
        file.push("index.html");
    }
    let not_found = || http::Response::text(404, &format!("not found: {path}"));
    // Read by its real path, once that is known to be inside: nothing is followed after.
    let real = match (file.canonicalize(), root.canonicalize()) {
        (Ok(real), Ok(real_root)) if real.starts_with(&real_root) => real,
        _ => return not_found(),
    };
    if !std::fs::metadata(&real).is_ok_and(|meta| meta.is_file()) {
        return not_found();
    }
    match std::fs::read(&real) {
        Ok(body) => http::Response {
            status: 200,
            media_type: media_type(&file, &body),
            body,
        },
        Err(_) => not_found(),
    }
}

/// The media type a file is served with: feeds by what they are, not only by their name.
fn media_type(file: &Path, body: &[u8]) -> String {
    let head = String::from_utf8_lossy(&body[..body.len().min(512)]);
    let feed = |format: FeedFormat| format!("{}; charset=utf-8", format.media_type());
    match file.extension().and_then(|e| e.to_str()) {
        Some("xml") if head.contains("<rss") => feed(FeedFormat::Rss),
        Some("xml") if head.contains("<feed") => feed(FeedFormat::Atom),
        Some("json") => feed(FeedFormat::Json),
        Some("xml") => "application/xml; charset=utf-8".into(),
        Some("opml") => "text/x-opml; charset=utf-8".into(),
        Some("html") => "text/html; charset=utf-8".into(),
        _ => "application/octet-stream".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get(root: &Path, target: &str) -> http::Response {
        let request = http::Request {
            method: "GET".into(),
            target: target.into(),
            host: Some("127.0.0.1:8000".into()),
            minor_version: 1,
        };
        respond(root, &request, Some("feeds.html"))
    }

    #[test]
    fn requests_map_to_files_under_the_root_only() {
        let root = tempfile::tempdir().unwrap();
        let write = |path: &str, text: &str| {
            let path = root.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write("feeds.html", "<!DOCTYPE html>");
        write("feed.xml", "<?xml version=\"1.0\"?>\n<rss version=\"2.0\">");
        write("tags/c plus/atom.xml", "<?xml version=\"1.0\"?>\n<feed>");
        write("feed.json", "{}");
        write(".feedsmith-manifest", "secret");
        let get = |target: &str| get(root.path(), target);
        assert_eq!(get("/").media_type, "text/html; charset=utf-8");
        assert_eq!(
            get("/feed.xml?x=1").media_type,
            "application/rss+xml; charset=utf-8"
        );
        assert_eq!(
            get("/tags/c%20plus/atom.xml").media_type,
            "application/atom+xml; charset=utf-8"
        );
        assert_eq!(
            get("/feed.json").media_type,
            "application/feed+json; charset=utf-8"
        );
        for refused in [
            "/.feedsmith-manifest",
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/a%2f..%2f..%2fetc/passwd",
            "/feed.xml%00.png",
            "/missing.xml",
        ] {
            assert_eq!(get(refused).status, 404, "{refused}");
        }
        let post = http::Request {
            method: "POST".into(),
            ..http::Request {
                method: String::new(),
                target: "/".into(),
                host: None,
                minor_version: 1,
            }
        };
        assert_eq!(respond(root.path(), &post, None).status, 405);
    }

    #[cfg(unix)]
    #[test]
    fn links_out_of_the_served_folder_are_not_followed() {
        let top = tempfile::tempdir().unwrap();
        let root = top.path().join("static");
        std::fs::create_dir_all(root.join("inner")).unwrap();
        std::fs::write(top.path().join("secret.txt"), "secret").unwrap();
        std::fs::create_dir(top.path().join("private")).unwrap();
        std::fs::write(top.path().join("private/key"), "key").unwrap();
        std::fs::write(root.join("inner/kept.txt"), "kept").unwrap();
        let link = |target: &Path, name: &str| {
            std::os::unix::fs::symlink(target, root.join(name)).unwrap()
        };
        link(&top.path().join("secret.txt"), "secret.txt");
        link(&top.path().join("private"), "private");
        link(Path::new("/etc/passwd"), "passwd");
        link(&root.join("inner/kept.txt"), "kept.txt");
        for refused in ["/secret.txt", "/private/key", "/passwd"] {
            assert_eq!(get(&root, refused).status, 404, "{refused}");
        }
        // A link that stays inside is the folder's own file.
        assert_eq!(get(&root, "/kept.txt").body, b"kept");
    }
}
