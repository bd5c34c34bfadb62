//! Rendered posts, kept once and copied into every feed. Each post is rendered once per
//! format (its RSS item, Atom entry and JSON Feed item), appended here, and copied into every
//! feed that includes it: a post in five tag feeds costs five copies, not five renders.
//!
//! The first [`MEMORY_BUDGET`] bytes stay in memory; the rest go to anonymous temporary files
//! on the output folder's file system, so memory stays bounded however big the site and its
//! feeds are. Each format is stored apart, appended in render order (feed by feed, each
//! feed's new posts newest first), so a run of consecutive posts in a feed is mostly one
//! contiguous range, copied in one piece instead of one per post.

use std::collections::BTreeSet;
use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{OnceLock, RwLock, RwLockReadGuard, RwLockWriteGuard};

use crate::file_range::copy_range;
use crate::format::{FeedFormat, PerFormat};
use crate::render::Fragments;
use crate::site::Entry;

/// Where one piece of content sits in the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Span {
    /// Which of the store's parts (one per format).
    format: FeedFormat,
    offset: u64,
    len: usize,
}

impl Span {
    /// Length in bytes.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Whether the span is empty.
    #[cfg(test)]
    pub(crate) fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The span without its first `n` bytes (for a separator the first item goes without).
    pub(crate) fn skip(self, n: usize) -> Span {
        let n = n.min(self.len);
        Span {
            offset: self.offset + n as u64,
            len: self.len - n,
            ..self
        }
    }
}

/// A post rendered once for every format: its RSS `<item>`, Atom `<entry>` and JSON Feed
/// item (after its separator, see `render::jsonfeed`), each exactly as it appears in any
/// feed that includes the post.
pub(crate) type StoredEntry = PerFormat<Span>;

/// Where a rendered post is: its fragments as feeds normally carry them and, when feeds have
/// a size budget (`feeds.max_bytes`), with its summary only, for feeds it would not fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct StoredPost {
    /// With its full content (as the config asks).
    pub(crate) full: StoredEntry,
    /// With its summary only; `None` without a size budget.
    pub(crate) summary: Option<StoredEntry>,
}

/// Rendered fragments, in memory up to a budget and on disk past it. Posts are appended
/// while feeds whose posts are all stored are already being copied out, so both go through
/// a lock: appends take it for one post, copies for one feed's run of posts.
#[derive(Debug)]
pub(crate) struct ContentStore {
    contents: RwLock<Contents>,
    /// Where spilled fragments go (`None`: the system's temporary folder).
    spill_dir: Option<PathBuf>,
}

#[derive(Debug)]
struct Contents {
    parts: PerFormat<Part>,
    /// Bytes the parts may still keep in memory.
    memory_left: usize,
}

/// One format's fragments: bytes `0..memory.len()` in memory, the rest in `file` (created on
/// the first byte that does not fit), which holds byte `memory.len() + k` at offset `k`.
#[derive(Debug, Default)]
struct Part {
    memory: Chunks,
    file: Option<File>,
    len: u64,
}

/// Bytes in memory as fixed-size chunks: appending never moves what is stored, and never
/// holds more than one chunk unused — a growing `Vec` doubles, and at its peak may hold twice
/// what it stores while it copies.
#[derive(Debug, Default)]
struct Chunks {
    chunks: Vec<Vec<u8>>,
    len: usize,
}

/// The size of one chunk of [`Chunks`].
const CHUNK: usize = 1 << 20;

impl Chunks {
    fn len(&self) -> usize {
        self.len
    }

    #[cfg(test)]
    fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn extend_from_slice(&mut self, mut bytes: &[u8]) {
        self.len += bytes.len();
        while !bytes.is_empty() {
            // Every chunk but the last holds exactly `CHUNK` bytes: `write_range` finds a
            // byte's chunk by dividing.
            let room = self.chunks.last().map_or(0, |chunk| CHUNK - chunk.len());
            if room == 0 {
                self.chunks.push(Vec::with_capacity(CHUNK));
                continue;
            }
            let (now, rest) = bytes.split_at(room.min(bytes.len()));
            self.chunks
                .last_mut()
                .expect("a chunk with room")
                .extend_from_slice(now);
            bytes = rest;
        }
    }

    /// Writes bytes `start..end` to `out`.
    fn write_range<W: Write + ?Sized>(
        &self,
        start: usize,
        end: usize,
        out: &mut W,
    ) -> io::Result<()> {
        let mut at = start;
        while at < end {
            let chunk = &self.chunks[at / CHUNK];
            let from = at % CHUNK;
            let to = (from + (end - at)).min(chunk.len());
            out.write_all(&chunk[from..to])?;
            at += to - from;
        }
        Ok(())
    }
}

/// How much rendered content a build keeps in memory before it spills to disk: all of it for
/// the default limits (about 50 MB for sites of 10,000 or 100,000 posts) and for a 10,000-post
/// site whose feeds hold every post in one format.
pub(crate) const MEMORY_BUDGET: usize = 96 << 20;

impl ContentStore {
    /// A new, empty store that spills to the file system of `near` (the output folder, or its
    /// nearest existing parent): a big site's rendered posts can run to gigabytes, which
    /// should not land in a RAM-backed `/tmp`.
    pub(crate) fn new_near(near: &Path) -> ContentStore {
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
        ContentStore::with_budget(MEMORY_BUDGET, existing.map(Path::to_path_buf))
    }

    fn with_budget(memory_left: usize, spill_dir: Option<PathBuf>) -> ContentStore {
        ContentStore {
            contents: RwLock::new(Contents {
                parts: Default::default(),
                memory_left,
            }),
            spill_dir,
        }
    }

    // A panic while the lock was held cannot leave a half-appended post that any span
    // points into (spans are handed out after the bytes are in), so a poisoned lock's
    // contents are still good.
    fn read(&self) -> RwLockReadGuard<'_, Contents> {
        self.contents
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn write(&self) -> RwLockWriteGuard<'_, Contents> {
        self.contents
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Appends a post's fragment in each format.
    pub(crate) fn append(&self, fragments: &PerFormat<Vec<u8>>) -> io::Result<StoredEntry> {
        let mut contents = self.write();
        PerFormat::try_from_fn(|format| {
            self.append_bytes(&mut contents, format, &fragments[format])
        })
    }

    fn append_bytes(
        &self,
        contents: &mut Contents,
        format: FeedFormat,
        bytes: &[u8],
    ) -> io::Result<Span> {
        let store = &mut contents.parts[format];
        // Once a part spills, the rest of it follows on disk, keeping its bytes in order.
        if store.file.is_none() && bytes.len() <= contents.memory_left {
            store.memory.extend_from_slice(bytes);
            contents.memory_left -= bytes.len();
        } else {
            let file = match &mut store.file {
                Some(file) => file,
                None => store.file.insert(spill_file(self.spill_dir.as_deref())?),
            };
            file.write_all(bytes)?;
        }
        let span = Span {
            format,
            offset: store.len,
            len: bytes.len(),
        };
        store.len += bytes.len() as u64;
        Ok(span)
    }

    /// Empties the store, giving its memory and space back. Called once every output is
    /// written and before they are flushed: spilled files are on the outputs' file system,
    /// and a flush of the whole file system would otherwise write rendered posts nobody will
    /// read again to disk. Spans handed out before are invalid afterwards.
    pub(crate) fn release(&self) -> io::Result<()> {
        for part in self.write().parts.values_mut() {
            if let Some(file) = &part.file {
                file.set_len(0)?;
            }
            *part = Part::default();
        }
        Ok(())
    }

    /// Whether any fragment went to disk (the memory budget ran out).
    pub(crate) fn spilled(&self) -> bool {
        self.read().parts.values().any(|part| part.file.is_some())
    }

    /// Bytes stored so far.
    #[cfg(test)]
    pub(crate) fn len(&self) -> u64 {
        self.read().parts.values().map(|part| part.len).sum()
    }

    /// Whether nothing is stored.
    #[cfg(test)]
    pub(crate) fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Writes the fragments at `spans` to `out`, one after another. Spans that follow each
    /// other in the store are copied together.
    pub(crate) fn copy<W: Write + ?Sized>(
        &self,
        spans: impl IntoIterator<Item = Span>,
        out: &mut W,
    ) -> io::Result<()> {
        let contents = self.read();
        let mut buffer = Vec::new();
        let mut run: Option<Span> = None;
        for span in spans {
            run = match run {
                Some(r) if r.format == span.format && r.offset + r.len as u64 == span.offset => {
                    Some(Span {
                        len: r.len + span.len,
                        ..r
                    })
                }
                Some(r) => {
                    contents.copy_run(r, &mut buffer, out)?;
                    Some(span)
                }
                None => Some(span),
            };
        }
        if let Some(r) = run {
            contents.copy_run(r, &mut buffer, out)?;
        }
        Ok(())
    }
}

impl Contents {
    fn copy_run<W: Write + ?Sized>(
        &self,
        run: Span,
        buffer: &mut Vec<u8>,
        out: &mut W,
    ) -> io::Result<()> {
        let part = &self.parts[run.format];
        let in_memory = part.memory.len() as u64;
        let end = run.offset + run.len as u64;
        if run.offset < in_memory {
            part.memory
                .write_range(run.offset as usize, end.min(in_memory) as usize, out)?;
        }
        let on_disk = run.offset.max(in_memory);
        if on_disk < end {
            let file = part.file.as_ref().ok_or(io::ErrorKind::UnexpectedEof)?;
            copy_range(file, on_disk - in_memory, end - on_disk, buffer, out)?;
        }
        Ok(())
    }
}

/// An anonymous temporary file in `dir` (removed by the OS when closed), or in the system's
/// temporary folder when `dir` refuses one.
fn spill_file(dir: Option<&Path>) -> io::Result<File> {
    match dir.map(tempfile::tempfile_in) {
        Some(Ok(file)) => Ok(file),
        _ => tempfile::tempfile(),
    }
}

/// One build's rendered posts: the content store, and for each entry of the site (by its
/// position) where its fragments went once it is rendered. The build owns it; the model
/// stays plain data, and render reads it as [`Fragments`].
#[derive(Debug)]
pub(crate) struct RenderedPosts {
    store: ContentStore,
    /// Boxed: a big site renders a few thousand of its posts, and an empty slot for each of
    /// the others costs 16 bytes rather than a whole `StoredPost`.
    index: Vec<OnceLock<Box<StoredPost>>>,
}

impl RenderedPosts {
    /// Room for the fragments of `entries` posts, spilling near `near` (see
    /// [`ContentStore::new_near`]).
    pub(crate) fn new_near(near: &Path, entries: usize) -> RenderedPosts {
        RenderedPosts {
            store: ContentStore::new_near(near),
            index: (0..entries).map(|_| OnceLock::new()).collect(),
        }
    }

    /// Stores the entry at `position`'s fragments, in full and (under a size budget) with
    /// its summary only.
    ///
    /// # Panics
    /// When the entry was stored before: each is rendered once.
    pub(crate) fn append(
        &self,
        position: usize,
        full: &PerFormat<Vec<u8>>,
        summary: Option<&PerFormat<Vec<u8>>>,
    ) -> io::Result<()> {
        let full = self.store.append(full)?;
        let summary = summary
            .map(|summary| self.store.append(summary))
            .transpose()?;
        self.index[position]
            .set(Box::new(StoredPost { full, summary }))
            .expect("each entry is rendered once");
        Ok(())
    }

    /// Where the entry at `position` is, once rendered.
    pub(crate) fn get(&self, position: usize) -> Option<&StoredPost> {
        self.index[position].get().map(|stored| &**stored)
    }

    /// The store itself (its size, whether it spilled, its release).
    pub(crate) fn store(&self) -> &ContentStore {
        &self.store
    }
}

impl Fragments for RenderedPosts {
    fn copy(
        &self,
        entries: &[&Entry],
        summarized: &BTreeSet<usize>,
        format: FeedFormat,
        skip_first: usize,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let spans = entries
            .iter()
            .enumerate()
            .map(|(i, entry)| {
                let stored = self.get(entry.position).ok_or_else(|| {
                    io::Error::other(format!(
                        "{} is not rendered yet",
                        entry.post.source_path.display()
                    ))
                })?;
                let span = match summarized.contains(&entry.position) {
                    true => stored.summary.unwrap_or(stored.full)[format],
                    false => stored.full[format],
                };
                Ok(match i {
                    0 => span.skip(skip_first),
                    _ => span,
                })
            })
            .collect::<io::Result<Vec<Span>>>()?;
        self.store.copy(spans, out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::file_range::COPY_CHUNK;
    use FeedFormat::{Atom, Json, Rss};

    /// A post's three fragments.
    fn fragments(rss: &[u8], atom: &[u8], json: &[u8]) -> PerFormat<Vec<u8>> {
        PerFormat::from_fn(|format| match format {
            Rss => rss.to_vec(),
            Atom => atom.to_vec(),
            Json => json.to_vec(),
        })
    }

    /// Copies `spans` out of `store`.
    fn copied(store: &ContentStore, spans: &[Span]) -> Vec<u8> {
        let mut out = Vec::new();
        store.copy(spans.iter().copied(), &mut out).unwrap();
        out
    }

    #[test]
    fn spills_beside_a_folder_that_does_not_exist_yet_and_leaves_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let near = ContentStore::new_near(&dir.path().join("public/nested"));
        assert_eq!(near.spill_dir.as_deref(), Some(dir.path()));
        let store = ContentStore::with_budget(2, near.spill_dir);
        let entry = store.append(&fragments(b"abc", b"d", b"e")).unwrap();
        assert!(
            store.read().parts[FeedFormat::Rss].file.is_some(),
            "three bytes do not fit in two"
        );
        assert_eq!(store.len(), 5);
        assert_eq!(
            copied(&store, &[entry[Rss], entry[Atom], entry[Json]]),
            b"abcde"
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn copies_spans_in_the_order_given_joining_neighbours() {
        // With no memory, everything in memory, and a part that spills half way, where runs
        // cross from memory to disk and are longer than a read.
        for budget in [0, MEMORY_BUDGET, COPY_CHUNK + 12] {
            let store = ContentStore::with_budget(budget, None);
            let big = vec![b'x'; COPY_CHUNK + 10];
            let a = store.append(&fragments(b"<a/>", b"A", b",\n{1}")).unwrap();
            let b = store.append(&fragments(&big, b"B", b",\n{2}")).unwrap();
            let c = store.append(&fragments(b"<c/>", b"C", b",\n{3}")).unwrap();
            let expected = [&b"<a/>"[..], &big, b"<c/>"].concat();
            assert_eq!(
                copied(&store, &[a[Rss], b[Rss], c[Rss]]),
                expected,
                "{budget}"
            );
            assert_eq!(
                copied(&store, &[c[Atom], a[Atom], b[Atom]]),
                b"CAB",
                "{budget}"
            );
            assert_eq!(
                copied(&store, &[a[Json].skip(2), c[Json], a[Rss]]),
                b"{1},\n{3}<a/>",
                "{budget}"
            );
            assert_eq!(
                copied(&store, &[b[Rss], a[Rss]]),
                [&big[..], b"<a/>"].concat()
            );
        }
    }

    #[test]
    fn chunks_give_back_any_range_across_their_boundaries() {
        let mut chunks = Chunks::default();
        let mut whole = Vec::new();
        let mut n: u32 = 0;
        while whole.len() < 3 * CHUNK + 17 {
            let piece: Vec<u8> = (0..(n % 9973 + 1)).map(|i| (i * 31 + n) as u8).collect();
            chunks.extend_from_slice(&piece);
            whole.extend_from_slice(&piece);
            n += 1;
        }
        assert_eq!(chunks.len(), whole.len());
        assert_eq!(chunks.chunks.len(), whole.len().div_ceil(CHUNK));
        for (start, end) in [
            (0, whole.len()),
            (CHUNK - 3, CHUNK + 3),
            (CHUNK, 2 * CHUNK),
            (5, 5),
            (2 * CHUNK - 1, whole.len()),
        ] {
            let mut out = Vec::new();
            chunks.write_range(start, end, &mut out).unwrap();
            assert_eq!(out, whole[start..end], "{start}..{end}");
        }
    }

    #[test]
    fn keeps_at_most_its_budget_in_memory() {
        let store = ContentStore::with_budget(10, None);
        store.append(&fragments(b"123456", b"", b"")).unwrap();
        store.append(&fragments(b"", b"1234", b"")).unwrap();
        store.append(&fragments(b"1", b"", b"12")).unwrap();
        let in_memory: usize = store.read().parts.values().map(|p| p.memory.len()).sum();
        assert_eq!(in_memory, 10);
        let contents = store.read();
        assert!(
            contents.parts[FeedFormat::Rss].file.is_some()
                && contents.parts[FeedFormat::Json].file.is_some()
        );
        assert!(contents.parts[FeedFormat::Atom].file.is_none());
    }

    #[test]
    fn release_empties_memory_and_files() {
        let store = ContentStore::with_budget(4, None);
        store
            .append(&fragments(b"<item/>", b"<e/>", b",\n{}"))
            .unwrap();
        let file = store.read().parts[FeedFormat::Rss]
            .file
            .as_ref()
            .unwrap()
            .try_clone()
            .unwrap();
        store.release().unwrap();
        assert!(store.is_empty());
        assert!(store.read().parts.values().all(|p| p.memory.is_empty()));
        assert_eq!(file.metadata().unwrap().len(), 0);
    }
}
