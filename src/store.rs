//! Rendered posts, kept on disk rather than in memory. Each post is rendered once per format
//! (its RSS item, Atom entry and JSON Feed item), appended here, and copied into every feed
//! that includes it: a post in five tag feeds costs five copies, not five renders, and memory
//! stays flat however many posts and feeds a site has.

use std::fs::File;
use std::io::{self, Write};
use std::path::Path;

/// Where one piece of content sits in the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
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
}

/// A post rendered once for every format: its RSS `item`, Atom `entry` and JSON Feed item,
/// each exactly as it appears in any feed that includes the post.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredEntry {
    /// The RSS `<item>…</item>`.
    pub rss: Span,
    /// The Atom `<entry>…</entry>`.
    pub atom: Span,
    /// The JSON Feed item object.
    pub json: Span,
}

/// An anonymous temporary file (removed by the OS when dropped), appended to while posts
/// render and read at offsets while feeds are written.
#[derive(Debug)]
pub struct ContentStore {
    file: File,
    len: u64,
}

impl ContentStore {
    /// A new, empty store in the system's temporary folder.
    pub fn new() -> io::Result<ContentStore> {
        Ok(ContentStore {
            file: tempfile::tempfile()?,
            len: 0,
        })
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
        match existing.map(tempfile::tempfile_in) {
            Some(Ok(file)) => Ok(ContentStore { file, len: 0 }),
            _ => ContentStore::new(),
        }
    }

    /// Appends a post's three fragments.
    pub fn append(&mut self, rss: &[u8], atom: &[u8], json: &[u8]) -> io::Result<StoredEntry> {
        Ok(StoredEntry {
            rss: self.append_bytes(rss)?,
            atom: self.append_bytes(atom)?,
            json: self.append_bytes(json)?,
        })
    }

    fn append_bytes(&mut self, bytes: &[u8]) -> io::Result<Span> {
        self.file.write_all(bytes)?;
        let span = Span {
            offset: self.len,
            len: bytes.len(),
        };
        self.len += bytes.len() as u64;
        Ok(span)
    }

    /// Bytes stored so far.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Whether nothing is stored.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Reads one fragment into `buffer`, replacing what it held.
    pub fn read(&self, span: Span, buffer: &mut Vec<u8>) -> io::Result<()> {
        buffer.resize(span.len, 0);
        read_exact_at(&self.file, buffer, span.offset)
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
