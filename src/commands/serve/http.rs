//! The preview's side of HTTP/1.1: reading one request's head within a cap (the request line
//! and headers, parsed by `httparse`, the parser under hyper), refusing a `Host` that does not
//! name the preview's own address (DNS rebinding), and writing one response per connection.
//! A preview serves one person's browser on loopback: one thread a connection, closed after
//! its answer, is all it needs, and every read is bounded in bytes and in time.

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::time::{Duration, Instant};

/// The most a request's head (request line and headers) may take; past it the answer is
/// `431 Request Header Fields Too Large`, and nothing more is read.
pub(crate) const MAX_HEAD_BYTES: usize = 16 * 1024;

/// The most headers a request may have (a browser sends about fifteen).
const MAX_HEADERS: usize = 64;

/// How much one read of a head takes at most.
const CHUNK: usize = 4096;

/// How long a connection may stay silent before it is dropped: a client that opens one and
/// sends nothing holds no thread for longer.
pub(crate) const IDLE: Duration = Duration::from_secs(10);

/// A request the preview answers: its method, the path asked for, and its `Host`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Request {
    /// `GET`, `HEAD`, ….
    pub(crate) method: String,
    /// The request target as sent (`/tags/rust/feed.xml?x=1`).
    pub(crate) target: String,
    /// The `Host` header, if any.
    pub(crate) host: Option<String>,
    /// The minor HTTP version: 1 for HTTP/1.1, which must send `Host`.
    pub(crate) minor_version: u8,
}

/// What reading a request's head came to.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Head {
    /// A whole request head.
    Request(Request),
    /// The head passed [`MAX_HEAD_BYTES`] or [`MAX_HEADERS`].
    TooLarge,
    /// Not HTTP/1.x.
    Malformed,
    /// The client went away (or stayed silent) before a whole head came.
    Gone,
}

/// Reads one request's head from `stream`, never more than [`MAX_HEAD_BYTES`] of it. The
/// end of the head is looked for only in the bytes each read adds, so a head sent a byte at
/// a time costs no more than one sent at once.
pub(crate) fn read_head(stream: &mut impl Read) -> Head {
    let mut head = Vec::with_capacity(1024);
    let mut chunk = [0u8; CHUNK];
    loop {
        let searched_to = head.len().saturating_sub(3);
        let room = MAX_HEAD_BYTES + 1 - head.len();
        let read = match stream.read(&mut chunk[..room.min(CHUNK)]) {
            Ok(0) | Err(_) => return Head::Gone,
            Ok(read) => read,
        };
        head.extend_from_slice(&chunk[..read]);
        if let Some(end) = head[searched_to..]
            .windows(4)
            .position(|window| window == b"\r\n\r\n")
        {
            return parse(&head[..searched_to + end + 4]);
        }
        if head.len() > MAX_HEAD_BYTES {
            return Head::TooLarge;
        }
    }
}

/// A whole head, parsed.
fn parse(head: &[u8]) -> Head {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut request = httparse::Request::new(&mut headers);
    match request.parse(head) {
        Ok(httparse::Status::Complete(_)) => {}
        Err(httparse::Error::TooManyHeaders) => return Head::TooLarge,
        Ok(httparse::Status::Partial) | Err(_) => return Head::Malformed,
    }
    let host = request
        .headers
        .iter()
        .find(|header| header.name.eq_ignore_ascii_case("host"))
        .map(|header| String::from_utf8_lossy(header.value).trim().to_string());
    match (request.method, request.path, request.version) {
        (Some(method), Some(target), Some(minor_version)) => Head::Request(Request {
            method: method.to_string(),
            target: target.to_string(),
            host,
            minor_version,
        }),
        _ => Head::Malformed,
    }
}

/// Whether `host` (a `Host` header) names the preview listening on loopback at `port`:
/// `localhost`, `127.0.0.1` or `[::1]`, any case, with that port or none. Any other name is
/// refused, so a page of another site whose name was made to point at 127.0.0.1 (DNS
/// rebinding) cannot read the preview.
pub(crate) fn is_own_host(host: &str, port: u16) -> bool {
    let (name, given_port) = match host.strip_prefix('[') {
        Some(rest) => match rest.split_once(']') {
            Some((address, after)) => (format!("[{address}]"), after.strip_prefix(':')),
            None => return false,
        },
        None => match host.rsplit_once(':') {
            Some((name, port)) => (name.to_string(), Some(port)),
            None => (host.to_string(), None),
        },
    };
    let port_matches = given_port.is_none_or(|given| given.parse::<u16>() == Ok(port));
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    port_matches && matches!(name.as_str(), "localhost" | "127.0.0.1" | "[::1]")
}

/// An answer: status, media type and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Response {
    /// The HTTP status.
    pub(crate) status: u16,
    /// The `Content-Type`.
    pub(crate) media_type: String,
    /// The body (not sent for `HEAD`).
    pub(crate) body: Vec<u8>,
}

impl Response {
    /// A short text answer.
    pub(crate) fn text(status: u16, text: &str) -> Response {
        Response {
            status,
            media_type: "text/plain; charset=utf-8".into(),
            body: format!("{text}\n").into_bytes(),
        }
    }
}

/// Writes `response` and says the connection closes; the body only when `with_body`.
pub(crate) fn write_response(
    stream: &mut impl Write,
    response: &Response,
    with_body: bool,
) -> io::Result<()> {
    let reason = match response.status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        421 => "Misdirected Request",
        431 => "Request Header Fields Too Large",
        _ => "",
    };
    // The preview changes under the reader: never cached.
    let head = format!(
        "HTTP/1.1 {} {reason}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        response.status,
        response.media_type,
        response.body.len()
    );
    stream.write_all(head.as_bytes())?;
    if with_body {
        stream.write_all(&response.body)?;
    }
    stream.flush()
}

/// The most of a refused request's rest that is read and dropped before the connection
/// closes, and for how long.
const DRAIN_BYTES: usize = 8 * 1024 * 1024;
const DRAIN_TIME: Duration = Duration::from_secs(2);

/// Closes a connection whose client may still be sending (a head past the cap): the answer's
/// end is signalled, then what the client goes on sending is read and dropped for a moment,
/// within [`DRAIN_BYTES`] and [`DRAIN_TIME`]. Closing with unread bytes would reset the
/// connection, and the client would lose the answer already sent (Apache's "lingering close").
pub(crate) fn close_gently(stream: &mut TcpStream) {
    let _ = stream.shutdown(Shutdown::Write);
    let _ = stream.set_read_timeout(Some(DRAIN_TIME));
    let started = Instant::now();
    let mut drained = 0;
    let mut sink = [0u8; CHUNK];
    while drained < DRAIN_BYTES && started.elapsed() < DRAIN_TIME {
        match stream.read(&mut sink) {
            Ok(0) | Err(_) => break,
            Ok(read) => drained += read,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that hands out its bytes a few at a time, as a slow network does.
    struct Trickle<'a>(&'a [u8], usize);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.1.min(self.0.len()).min(buf.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    #[test]
    fn a_head_is_read_whole_however_it_arrives() {
        let sent = b"GET /feed.xml?x=1 HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nAccept: */*\r\n\r\n";
        for step in [1, 3, 4096] {
            let Head::Request(request) = read_head(&mut Trickle(sent, step)) else {
                panic!("step {step}");
            };
            assert_eq!(request.method, "GET");
            assert_eq!(request.target, "/feed.xml?x=1");
            assert_eq!(request.host.as_deref(), Some("127.0.0.1:8000"));
            assert_eq!(request.minor_version, 1);
        }
        assert_eq!(
            read_head(&mut Trickle(b"GET / HTTP/1.1\r\n", 5)),
            Head::Gone
        );
        assert_eq!(
            read_head(&mut Trickle(b"\x00\x01 nonsense\r\n\r\n", 64)),
            Head::Malformed
        );
    }

    #[test]
    fn a_head_past_the_cap_is_refused_without_reading_on() {
        let mut sent = b"GET / HTTP/1.1\r\nX: ".to_vec();
        sent.extend(std::iter::repeat_n(b'a', 300 * 1024 * 1024 / 1024));
        let mut stream = Trickle(&sent, 4096);
        assert_eq!(read_head(&mut stream), Head::TooLarge);
        assert!(sent.len() - stream.0.len() <= MAX_HEAD_BYTES + 1);
        let many: String = (0..=MAX_HEADERS).map(|i| format!("X-{i}: y\r\n")).collect();
        let sent = format!("GET / HTTP/1.1\r\n{many}\r\n");
        assert_eq!(read_head(&mut sent.as_bytes()), Head::TooLarge);
    }

    #[test]
    fn only_the_previews_own_names_are_answered() {
        for host in [
            "127.0.0.1:8000",
            "localhost:8000",
            "LOCALHOST",
            "localhost.:8000",
            "[::1]:8000",
            "127.0.0.1",
        ] {
            assert!(is_own_host(host, 8000), "{host}");
        }
        for host in [
            "evil.example:8000",
            "127.0.0.1.evil.example",
            "localhost:8001",
            "127.0.0.2:8000",
            "[::1",
            "localhost:x",
            "",
            "0.0.0.0:8000",
        ] {
            assert!(!is_own_host(host, 8000), "{host}");
        }
    }
}
