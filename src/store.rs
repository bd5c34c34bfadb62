//! Rendered posts, kept on disk rather than in memory. Each post is rendered once per format
//! (its RSS item, Atom entry and JSON Feed item), appended here, and copied into every feed
//! that includes it: a post in five tag feeds costs five copies, not five renders, and memory
//! stays flat however many posts and feeds a site has.
//!
//! Each format has its own file, appended in the order posts appear in feeds (newest first),
//! so a run of consecutive posts in a feed is one contiguous range: the main feed is copied
//! in a few large reads instead of one per post.

use std::fs::File;
use std::io::{self, Write};
use std::path::Path;

/// Where one piece of content sits in the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// Which of the store's files (one per format).
    part: usize,
    offset: u64,
    len: usize,
}

impl Span {
    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the span is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The span without its first `n` bytes (for a separator the first item goes without).
    pub fn skip(self, n: usize) -> Span {
        let n = n.min(self.len);
        Span {
            offset: self.offset + n as u64,
            len: self.len - n,
            ..self
        }
    }
}

/// A post rendered once for every format: its RSS `item`, Atom `entry` and JSON Feed item,
/// each exactly as it appears in any feed that includes the post.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredEntry {
    /// The RSS `<item>…</item>`.
    pub rss: Span,
    /// The Atom `<entry>…</entry>`.
    pub atom: Span,
    /// The JSON Feed item object, after its separator (see `render::jsonfeed`).
    pub json: Span,
}

/// Anonymous temporary files (removed by the OS when dropped), one per format, appended to
/// while posts render and read at offsets while feeds are written.
#[derive(Debug)]
pub struct ContentStore {
    parts: [Part; 3],
}

#[derive(Debug)]
struct Part {
    file: File,
    len: u64,
}

/// The most read from the store in one call: large enough that a long run of posts costs few
/// system calls, small enough to stay in the CPU's caches on its way back out.
const COPY_CHUNK: usize = 256 * 1024;

impl ContentStore {
    /// A new, empty store in the system's temporary folder.
    pub fn new() -> io::Result<ContentStore> {
        ContentStore::with_files(tempfile::tempfile)
    }

    /// A new, empty store on the file system of `near` (the output folder, or its nearest
    /// existing parent): a big site's rendered posts can run to gigabytes, which should not
    /// land in a RAM-backed `/tmp`. Falls back to the system's temporary folder.
    pub fn new_near(near: &Path) -> io::Result<ContentStore> {
        let existing = near
            .ancestors()
            .map(|dir| {
                if dir.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    dir
                }
            })
            .find(|dir| dir.is_dir());
        match existing {
            Some(dir) if tempfile::tempfile_in(dir).is_ok() => {
                ContentStore::with_files(|| tempfile::tempfile_in(dir))
            }
            _ => ContentStore::new(),
        }
    }

    fn with_files(make: impl Fn() -> io::Result<File>) -> io::Result<ContentStore> {
        let part = || make().map(|file| Part { file, len: 0 });
        Ok(ContentStore {
            parts: [part()?, part()?, part()?],
        })
    }

    /// Appends a post's three fragments.
    pub fn append(&mut self, rss: &[u8], atom: &[u8], json: &[u8]) -> io::Result<StoredEntry> {
        Ok(StoredEntry {
            rss: self.append_bytes(0, rss)?,
            atom: self.append_bytes(1, atom)?,
            json: self.append_bytes(2, json)?,
        })
    }

    fn append_bytes(&mut self, part: usize, bytes: &[u8]) -> io::Result<Span> {
        let store = &mut self.parts[part];
        store.file.write_all(bytes)?;
        let span = Span {
            part,
            offset: store.len,
            len: bytes.len(),
        };
        store.len += bytes.len() as u64;
        Ok(span)
    }

    /// Empties the store, giving its space back. Called once every output is written and
    /// before they are flushed: the store's files are on the outputs' file system, and a
    /// flush of the whole file system would otherwise write rendered posts nobody will read
    /// again to disk. Spans handed out before are invalid afterwards.
    pub fn release(&mut self) -> io::Result<()> {
        for part in &mut self.parts {
            part.file.set_len(0)?;
            part.len = 0;
        }
        Ok(())
    }

    /// Bytes stored so far.
    pub fn len(&self) -> u64 {
        self.parts.iter().map(|part| part.len).sum()
    }

    /// Whether nothing is stored.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Reads one fragment into `buffer`, replacing what it held.
    pub fn read(&self, span: Span, buffer: &mut Vec<u8>) -> io::Result<()> {
        buffer.resize(span.len, 0);
        read_exact_at(&self.parts[span.part].file, buffer, span.offset)
    }

    /// Writes the fragments at `spans` to `out`, one after another. Spans that follow each
    /// other in the store are read together.
    pub fn copy<W: Write + ?Sized>(
        &self,
        spans: impl IntoIterator<Item = Span>,
        out: &mut W,
    ) -> io::Result<()> {
        let mut buffer = Vec::new();
        let mut run: Option<Span> = None;
        for span in spans {
            run = match run {
                Some(r) if r.part == span.part && r.offset + r.len as u64 == span.offset => {
                    Some(Span {
                        len: r.len + span.len,
                        ..r
                    })
                }
                Some(r) => {
                    self.copy_run(r, &mut buffer, out)?;
                    Some(span)
                }
                None => Some(span),
            };
        }
        if let Some(r) = run {
            self.copy_run(r, &mut buffer, out)?;
        }
        Ok(())
    }

    fn copy_run<W: Write + ?Sized>(
        &self,
        mut run: Span,
        buffer: &mut Vec<u8>,
        out: &mut W,
    ) -> io::Result<()> {
        while !run.is_empty() {
            let chunk = Span {
                len: run.len.min(COPY_CHUNK),
                ..run
            };
            self.read(chunk, buffer)?;
            out.write_all(buffer)?;
            run = run.skip(chunk.len);
        }
        Ok(())
    }
}

#[cfg(unix)]
fn read_exact_at(file: &File, buffer: &mut [u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buffer, offset)
}

#[cfg(windows)]
fn read_exact_at(file: &File, mut buffer: &mut [u8], mut offset: u64) -> io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buffer.is_empty() {
        match file.seek_read(buffer, offset)? {
            0 => return Err(io::ErrorKind::UnexpectedEof.into()),
            n => {
                buffer = &mut buffer[n..];
                offset += n as u64;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lives_beside_a_folder_that_does_not_exist_yet_and_leaves_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = ContentStore::new_near(&dir.path().join("public/nested")).unwrap();
        store.append(b"a", b"b", b"c").unwrap();
        assert_eq!(store.len(), 3);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn copies_spans_in_the_order_given_joining_neighbours() {
        let mut store = ContentStore::new().unwrap();
        let big = vec![b'x'; COPY_CHUNK + 10];
        let a = store.append(b"<a/>", b"A", b",\n{1}").unwrap();
        let b = store.append(&big, b"B", b",\n{2}").unwrap();
        let c = store.append(b"<c/>", b"C", b",\n{3}").unwrap();
        let mut out = Vec::new();
        store.copy([a.rss, b.rss, c.rss], &mut out).unwrap();
        assert_eq!(out, [&b"<a/>"[..], &big, b"<c/>"].concat());
        out.clear();
        store.copy([c.atom, a.atom, b.atom], &mut out).unwrap();
        assert_eq!(out, b"CAB");
        out.clear();
        store
            .copy([a.json.skip(2), c.json, a.rss], &mut out)
            .unwrap();
        assert_eq!(out, b"{1},\n{3}<a/>");
    }

    #[test]
    fn release_empties_the_files() {
        let mut store = ContentStore::new().unwrap();
        store.append(b"<item/>", b"<entry/>", b",\n{}").unwrap();
        store.release().unwrap();
        assert!(store.is_empty());
        for part in &store.parts {
            assert_eq!(part.file.metadata().unwrap().len(), 0);
        }
    }

    #[test]
    fn reads_back_what_was_appended() {
        let mut store = ContentStore::new().unwrap();
        let a = store.append(b"<item>a</item>", b"<entry/>", b"{}").unwrap();
        let b = store
            .append("<item>é</item>".as_bytes(), b"", b"[1]")
            .unwrap();
        let mut buffer = Vec::new();
        store.read(b.rss, &mut buffer).unwrap();
        assert_eq!(buffer, "<item>é</item>".as_bytes());
        store.read(a.json, &mut buffer).unwrap();
        assert_eq!(buffer, b"{}");
        store.read(b.atom, &mut buffer).unwrap();
        assert!(buffer.is_empty());
    }
}
