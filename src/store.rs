//! Rendered post content, kept on disk rather than in memory. Each post's HTML is rendered
//! and XML-escaped once, appended here, and read back by every feed that includes it, so
//! memory stays flat however many posts and feeds a site has.

use std::fs::File;
use std::io::{self, Write};

use crate::render::xml::Escaped;

/// Where one piece of content sits in the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    offset: u64,
    len: usize,
}

/// A post's rendered content: the HTML (for JSON Feed) and its XML-escaped form (for RSS and
/// Atom).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredContent {
    /// The HTML, absolute URLs and all.
    pub html: Span,
    /// The HTML escaped for XML element content.
    pub xml: Span,
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

    /// Appends a post's HTML and its escaped form.
    pub fn append(&mut self, html: &str, xml: &Escaped) -> io::Result<StoredContent> {
        let html = self.append_bytes(html.as_bytes())?;
        let xml = self.append_bytes(xml.as_str().as_bytes())?;
        Ok(StoredContent { html, xml })
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

    /// Reads a post's HTML.
    pub fn html(&self, content: &StoredContent) -> io::Result<String> {
        self.read(content.html)
    }

    /// Reads a post's XML-escaped HTML.
    pub fn xml(&self, content: &StoredContent) -> io::Result<Escaped> {
        self.read(content.xml).map(Escaped::from_stored)
    }

    fn read(&self, span: Span) -> io::Result<String> {
        let mut buffer = vec![0u8; span.len];
        read_exact_at(&self.file, &mut buffer, span.offset)?;
        String::from_utf8(buffer).map_err(|err| io::Error::new(io::ErrorKind::InvalidData, err))
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
    fn reads_back_what_was_appended() {
        let mut store = ContentStore::new().unwrap();
        let a = store
            .append("<p>a</p>", &Escaped::markup("<p>a</p>"))
            .unwrap();
        let b = store
            .append("<p>é & b</p>", &Escaped::markup("<p>é & b</p>"))
            .unwrap();
        assert_eq!(store.html(&b).unwrap(), "<p>é & b</p>");
        assert_eq!(
            store.xml(&b).unwrap().as_str(),
            "&lt;p&gt;é &amp; b&lt;/p&gt;"
        );
        assert_eq!(store.html(&a).unwrap(), "<p>a</p>");
    }
}
