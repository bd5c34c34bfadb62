//! What a post's local media file is — its length, its MIME type read from its bytes (the
//! extension only as a fallback) and, for an image, its width and height from the header —
//! for enclosures and media elements that tell readers the truth (`length="0"` and a type
//! guessed from the name, as other generators write, break podcast apps and image loading).

use std::io::Read;
use std::path::Path;

/// A media file found in the site's static folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MediaFile {
    /// The file in the static folder.
    pub(crate) path: std::path::PathBuf,
    /// Size in bytes.
    pub(crate) length: u64,
    /// MIME type, such as `image/jpeg` or `audio/mpeg`.
    pub(crate) mime_type: String,
    /// Width and height in pixels, for an image whose header gives them.
    pub(crate) dimensions: Option<(u64, u64)>,
    /// Playing time in whole seconds (rounded), for audio or video whose container gives
    /// it: a podcast episode's `itunes:duration`.
    pub(crate) duration: Option<u64>,
}

/// Enough of a file for every header the type and size readers look at.
const HEADER_BYTES: u64 = 64 * 1024;

/// The file behind a site path (`/images/x.jpg`) in `static_dir`, if there is one. Remote
/// URLs and missing files give `None`: nothing is invented for them.
pub(crate) fn inspect(static_dir: &Path, reference: &str) -> Option<MediaFile> {
    let site_path = reference
        .strip_prefix('/')
        .filter(|p| !p.starts_with('/'))?;
    let site_path = site_path.split(['?', '#']).next()?;
    if site_path.split('/').any(|segment| segment == "..") {
        return None;
    }
    let path = static_dir.join(site_path);
    // Only a regular file whose real path is inside the static folder: a link out of it (to
    // a file of another site, of the system) tells the feed nothing, and a FIFO is never
    // opened (opening one waits for a writer forever).
    let real = path.canonicalize().ok()?;
    if !real.starts_with(static_dir.canonicalize().ok()?) || !real.metadata().ok()?.is_file() {
        return None;
    }
    let file = std::fs::File::open(&real).ok()?;
    let length = file.metadata().ok().filter(|m| m.is_file())?.len();
    let mut header = Vec::new();
    file.take(HEADER_BYTES).read_to_end(&mut header).ok()?;
    let mime_type = infer::get(&header)
        .map(|kind| kind.mime_type())
        .or_else(|| by_extension(&path))
        .map(registered_type)?;
    let dimensions = mime_type
        .starts_with("image/")
        .then(|| imagesize::blob_size(&header).ok())
        .flatten()
        .map(|size| (size.width as u64, size.height as u64));
    let duration = (mime_type.starts_with("audio/") || mime_type.starts_with("video/"))
        .then(|| duration_of(&real))
        .flatten();
    Some(MediaFile {
        path,
        length,
        mime_type,
        dimensions,
        duration,
    })
}

/// The type podcast apps and validators know for what the byte sniffer names otherwise:
/// Apple lists `audio/x-m4a` for M4A (`audio/m4a` is registered nowhere).
fn registered_type(sniffed: &str) -> String {
    match sniffed {
        "audio/m4a" | "audio/mp4" => "audio/x-m4a",
        other => other,
    }
    .to_string()
}

/// The playing time of the audio or video file at `path`, read from its frames' headers
/// and its container (MP3's Xing/VBRI or its frames, MP4's `mdhd`…), tags skipped.
fn duration_of(path: &Path) -> Option<u64> {
    let read = || {
        let options = lofty::config::ParseOptions::new().read_tags(false);
        let file = lofty::probe::Probe::open(path)
            .ok()?
            .options(options)
            .read()
            .ok()?;
        let duration = lofty::file::AudioFile::properties(&file).duration();
        Some(((duration.as_millis() + 500) / 1000) as u64).filter(|seconds| *seconds > 0)
    };
    // A parser of files a build does not write: a file it cannot read gives no duration,
    // never a failed build.
    std::panic::catch_unwind(read).ok().flatten()
}

/// The type a file's extension names, for formats without magic bytes (SVG is text).
fn by_extension(path: &Path) -> Option<&'static str> {
    let extension = path.extension()?.to_str()?.to_ascii_lowercase();
    Some(match extension.as_str() {
        "svg" => "image/svg+xml",
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "mp3" => "audio/mpeg",
        "m4a" => "audio/x-m4a",
        "ogg" | "oga" => "audio/ogg",
        "mp4" | "m4v" => "video/mp4",
        "webm" => "video/webm",
        "pdf" => "application/pdf",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 3×2 PNG.
    const PNG: &[u8] = &[
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44,
        0x52, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x02, 0x08, 0x02, 0x00, 0x00, 0x00, 0x12,
        0x16, 0xF1, 0x4D,
    ];

    #[test]
    fn reads_type_and_size_from_the_bytes() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("img")).unwrap();
        // Named .jpg, but a PNG: the bytes win.
        std::fs::write(dir.path().join("img/cover.jpg"), PNG).unwrap();
        std::fs::write(dir.path().join("logo.svg"), "<svg/>").unwrap();
        assert_eq!(
            inspect(dir.path(), "/img/cover.jpg?v=2"),
            Some(MediaFile {
                path: dir.path().join("img/cover.jpg"),
                length: PNG.len() as u64,
                mime_type: "image/png".into(),
                dimensions: Some((3, 2)),
                duration: None,
            })
        );
        let svg = inspect(dir.path(), "/logo.svg").unwrap();
        assert_eq!((svg.mime_type.as_str(), svg.length), ("image/svg+xml", 6));
        for missing in [
            "/nope.png",
            "https://cdn.example/x.png",
            "//cdn/x.png",
            "/../x.png",
        ] {
            assert_eq!(inspect(dir.path(), missing), None, "{missing}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn nothing_outside_the_static_folder_and_no_fifo_is_read() {
        let top = tempfile::tempdir().unwrap();
        let dir = top.path().join("static");
        std::fs::create_dir(&dir).unwrap();
        std::fs::write(top.path().join("outside.png"), PNG).unwrap();
        std::fs::write(dir.join("inside.png"), PNG).unwrap();
        std::os::unix::fs::symlink(top.path().join("outside.png"), dir.join("out.png")).unwrap();
        std::os::unix::fs::symlink(dir.join("inside.png"), dir.join("alias.png")).unwrap();
        let made = std::process::Command::new("mkfifo")
            .arg(dir.join("pipe.mp3"))
            .status()
            .unwrap();
        assert!(made.success());
        assert_eq!(inspect(&dir, "/out.png"), None);
        assert_eq!(
            inspect(&dir, "/pipe.mp3"),
            None,
            "returns, without waiting for a writer"
        );
        assert_eq!(inspect(&dir, "/alias.png").unwrap().mime_type, "image/png");
    }
}
