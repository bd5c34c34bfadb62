//! Copying a byte range of a file at its offsets, without moving the file's position, so
//! threads can share one handle: how the content store hands out rendered fragments and how
//! a changed output keeps the part of the old file that matched.

use std::fs::File;
use std::io::{self, Write};

/// The most read from a file in one call: large enough that a long run of posts
/// costs few system calls, small enough to stay in the CPU's caches on its way back out.
pub(crate) const COPY_CHUNK: usize = 256 * 1024;

/// Writes `len` bytes of `file`, from `offset`, to `out`, reading at offsets (the file's
/// position is left alone, so threads can share it) through `buffer`, a chunk at a time.
pub(crate) fn copy_range<W: Write + ?Sized>(
    file: &File,
    mut offset: u64,
    len: u64,
    buffer: &mut Vec<u8>,
    out: &mut W,
) -> io::Result<()> {
    let end = offset + len;
    while offset < end {
        let chunk = (end - offset).min(COPY_CHUNK as u64) as usize;
        buffer.resize(chunk, 0);
        read_exact_at(file, buffer, offset)?;
        out.write_all(buffer)?;
        offset += chunk as u64;
    }
    Ok(())
}

/// Fills `buffer` from `file` at `offset`, without moving the file's position.
#[cfg(unix)]
fn read_exact_at(file: &File, buffer: &mut [u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buffer, offset)
}

/// Fills `buffer` from `file` at `offset` (see the Unix version).
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
