//! One post file parsed into a validated [`Post`]: front matter checked field by field, with
//! every problem located at its line in the file.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use jiff::ZonedDateTime;
use jiff::tz::TimeZone;
use serde::Deserialize;
use serde_saphyr::Spanned;

use super::date::parse_post_date;
use super::front_matter::{self, SplitError};
use crate::config::RawPerson;
use crate::error::{Diagnostic, SourceSpot};
use crate::model::Person;
use crate::text::{clean, clean_trimmed};
use crate::yaml;

/// A post as read from its file, before any rendering.
#[derive(Debug, Clone)]
pub struct Post {
    /// The file it came from.
    pub source_path: PathBuf,
    /// URL-safe name: `slug:` if given, else the file name without `.md`.
    pub slug: String,
    /// Title, plain text.
    pub title: String,
    /// Short plain-text description, if any.
    pub description: Option<String>,
    /// First publication, in the site time zone.
    pub published: ZonedDateTime,
    /// Last update, if given, in the site time zone.
    pub updated: Option<ZonedDateTime>,
    /// Cover image as written (often site-relative).
    pub cover_image: Option<String>,
    /// Where the cover image is written in the file, for warnings.
    pub cover_image_at: Option<SourceSpot>,
    /// Tags in the order written, empty ones dropped.
    pub tags: Vec<String>,
    /// Category, if any.
    pub category: Option<String>,
    /// Author, if given in the post.
    pub author: Option<Person>,
    /// Whether the post is a draft.
    pub draft: bool,
    /// A stable id given in front matter (an absolute URI), replacing the permalink as id.
    pub id: Option<String>,
    /// The Markdown body. `None` once the loader has dropped it to keep memory flat on big
    /// sites; it is read again from `source_path` if a feed includes the post.
    pub body: Option<String>,
}

/// Front matter as written. Unknown keys are ignored: posts often carry keys for other tools.
#[derive(Debug, Deserialize)]
struct RawFrontMatter {
    title: Option<Spanned<String>>,
    date: Option<Spanned<String>>,
    description: Option<String>,
    #[serde(rename = "coverImage", alias = "cover_image", alias = "image")]
    cover_image: Option<Spanned<String>>,
    #[serde(default)]
    tags: Vec<String>,
    category: Option<String>,
    author: Option<RawPerson>,
    updated: Option<Spanned<String>>,
    #[serde(default)]
    draft: bool,
    slug: Option<Spanned<String>>,
    id: Option<Spanned<String>>,
}

/// Decodes a post file's bytes into text without a byte-order mark or CRLF line endings.
fn decode<'a>(path: &Path, bytes: &'a [u8]) -> Result<Cow<'a, str>, Diagnostic> {
    let text = std::str::from_utf8(bytes).map_err(|err| {
        let line = bytes[..err.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64
            + 1;
        Diagnostic::at(
            path,
            line,
            1,
            format!(
                "file is not valid UTF-8 (invalid byte at offset {})",
                err.valid_up_to()
            ),
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    Ok(if text.contains('\r') {
        Cow::Owned(text.replace("\r\n", "\n"))
    } else {
        Cow::Borrowed(text)
    })
}

/// The cleaned Markdown body of a post file, read again for rendering.
pub fn read_body(path: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(path)
        .map_err(|err| Diagnostic::file(path, format!("cannot be read: {err}")))?;
    let text = decode(path, &bytes)?;
    let split = front_matter::split(&text).map_err(|_| {
        Diagnostic::file(
            path,
            "changed while feedsmith was running: front matter is gone",
        )
    })?;
    Ok(clean(split.body).into_owned())
}

/// Parses one post file's bytes; `path` names the file in messages.
pub fn parse_post(path: &Path, bytes: &[u8], timezone: &TimeZone) -> Result<Post, Vec<Diagnostic>> {
    parse(path, bytes, timezone, true)
}

/// [`parse_post`] without the body (`body` is `None`): the loader's path, since most posts
/// of a big site only reach the sitemap and the others are read again when rendered.
pub fn parse_post_metadata(
    path: &Path,
    bytes: &[u8],
    timezone: &TimeZone,
) -> Result<Post, Vec<Diagnostic>> {
    parse(path, bytes, timezone, false)
}

fn parse(
    path: &Path,
    bytes: &[u8],
    timezone: &TimeZone,
    keep_body: bool,
) -> Result<Post, Vec<Diagnostic>> {
    let text = decode(path, bytes).map_err(|problem| vec![problem])?;
    parse_text(path, &text, timezone, keep_body)
        .map_err(|problems| problems.into_iter().map(|d| d.with_source(&text)).collect())
}

fn parse_text(
    path: &Path,
    text: &str,
    timezone: &TimeZone,
    keep_body: bool,
) -> Result<Post, Vec<Diagnostic>> {
    let split = front_matter::split(text).map_err(|err| {
        let message = match err {
            SplitError::NoOpeningFence => {
                "missing front matter: the file must start with a `---` line"
            }
            SplitError::NotClosed => "front matter opened here is never closed with `---`",
        };
        vec![Diagnostic::at(path, 1, 1, message)]
    })?;
    let first_line = split.yaml_first_line;
    // An empty block is valid YAML null; treat it as a map with no keys so the messages
    // below name the missing fields.
    let raw: RawFrontMatter = if split.yaml.trim().is_empty() {
        yaml::parse("{}", path, first_line).map_err(|d| vec![d])?
    } else {
        yaml::parse(split.yaml, path, first_line).map_err(|d| vec![d])?
    };

    let mut problems = Vec::new();
    let at = |value: &Spanned<String>, message: String| {
        let (line, column) = yaml::file_position(&value.referenced, first_line);
        Diagnostic::at(path, line, column, message)
    };

    // Checked after cleaning: a title of control characters alone is empty too.
    let title = raw.title.as_ref().map(|title| clean_trimmed(&title.value));
    let title = match (&raw.title, title) {
        (Some(_), Some(title)) if !title.is_empty() => title,
        (Some(spanned), _) => {
            problems.push(at(spanned, "`title` must not be empty".into()));
            String::new()
        }
        (None, _) => {
            problems.push(Diagnostic::at(
                path,
                1,
                1,
                "missing required field `title` in the front matter that starts here",
            ));
            String::new()
        }
    };
    let mut parse_date = |field: &str, value: &Spanned<String>| {
        parse_post_date(&value.value, timezone)
            .map_err(|message| problems.push(at(value, format!("`{field}`: {message}"))))
            .ok()
    };
    let published = match &raw.date {
        Some(date) => parse_date("date", date),
        None => None,
    };
    let updated = raw.updated.as_ref().and_then(|u| parse_date("updated", u));
    if raw.date.is_none() {
        problems.push(Diagnostic::at(
            path,
            1,
            1,
            "missing required field `date` in the front matter that starts here",
        ));
    }

    let slug = match &raw.slug {
        Some(slug) => {
            let value = slug.value.trim();
            check_slug(value)
                .map_err(|message| problems.push(at(slug, format!("`slug`: {message}"))))
                .ok();
            value.to_string()
        }
        None => {
            let stem = path
                .file_stem()
                .and_then(|stem| stem.to_str())
                .unwrap_or_default()
                .to_string();
            if let Err(message) = check_slug(&stem) {
                problems.push(Diagnostic::file(
                    path,
                    format!("the file name gives no usable slug ({message}); set `slug:`"),
                ));
            }
            stem
        }
    };
    if let Some(id) = &raw.id
        && url::Url::parse(id.value.trim()).is_err()
    {
        problems.push(at(
            id,
            format!(
                "`id` \"{}\" must be an absolute URI such as `urn:uuid:…` or `tag:example.com,2024:post-1`, as Atom requires",
                id.value
            ),
        ));
    }

    if !problems.is_empty() {
        return Err(problems);
    }
    let published = published.expect("a missing or bad date was reported above");
    Ok(Post {
        source_path: path.to_path_buf(),
        slug,
        title,
        description: non_empty(raw.description),
        published,
        updated,
        cover_image: raw
            .cover_image
            .as_ref()
            .map(|c| c.value.trim().to_string())
            .filter(|c| !c.is_empty()),
        cover_image_at: raw.cover_image.as_ref().map(|c| {
            let (line, column) = yaml::file_position(&c.referenced, first_line);
            SourceSpot::new(text, line, column)
        }),
        tags: raw
            .tags
            .iter()
            .map(|tag| clean_trimmed(tag))
            .filter(|tag| !tag.is_empty())
            .collect(),
        category: non_empty(raw.category),
        author: raw.author.map(Person::from).map(Person::cleaned),
        draft: raw.draft,
        id: raw.id.map(|id| id.value.trim().to_string()),
        body: keep_body.then(|| clean(split.body).into_owned()),
    })
}

fn non_empty(text: Option<String>) -> Option<String> {
    text.map(|t| clean_trimmed(&t)).filter(|t| !t.is_empty())
}

/// A slug becomes a URL path segment and a folder name, so it must be one safe segment.
fn check_slug(slug: &str) -> Result<(), String> {
    if slug.is_empty() {
        Err("it is empty".into())
    } else if slug.starts_with('.') {
        Err(format!("\"{slug}\" starts with a dot"))
    } else if slug.contains(['/', '\\', '?', '#']) {
        Err(format!("\"{slug}\" contains `/`, `\\`, `?` or `#`"))
    } else if slug.chars().any(|c| c.is_control() || c.is_whitespace()) {
        Err(format!(
            "\"{}\" contains spaces or control characters",
            slug.escape_debug()
        ))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Post, Vec<String>> {
        parse_post(Path::new("content/p.md"), text.as_bytes(), &TimeZone::UTC).map_err(|ds| {
            ds.iter()
                .map(|d| d.to_string().lines().next().unwrap().to_string())
                .collect()
        })
    }

    #[test]
    fn reads_every_field() {
        let post = parse(
            "\u{feff}---\r\ntitle: \" Hello \"\r\ndate: 2024-10-31\r\ncoverImage: /c.jpg\r\ntags: [a, ' b ', '']\r\nauthor: {name: Ann, email: ann@example.com}\r\nslug: hi\r\nextra: ignored\r\n---\r\nBody\r\n",
        )
        .unwrap();
        assert_eq!(post.title, "Hello");
        assert_eq!(post.slug, "hi");
        assert_eq!(post.tags, ["a", "b"]);
        assert_eq!(post.cover_image.as_deref(), Some("/c.jpg"));
        assert_eq!(
            post.author.unwrap().email.as_deref(),
            Some("ann@example.com")
        );
        assert_eq!(post.body.as_deref(), Some("Body\n"));
    }

    #[test]
    fn reports_all_field_problems_with_lines() {
        let errors = parse("---\ntitle: ''\ndate: 2024-13-45\nslug: ../x\n---\n").unwrap_err();
        assert_eq!(
            errors,
            [
                "content/p.md:2:8: `title` must not be empty",
                "content/p.md:3:7: `date`: \"2024-13-45\" is not a valid date (expected YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS] or RFC 3339 such as 2024-10-31T09:30:00+02:00)",
                "content/p.md:4:7: `slug`: \"../x\" starts with a dot",
            ]
        );
    }

    #[test]
    fn yaml_errors_point_into_the_file() {
        let errors = parse("---\ntitle: a\ndate: 2024-01-01\ntags: {a: b}\n---\n").unwrap_err();
        assert_eq!(errors.len(), 1);
        assert!(errors[0].starts_with("content/p.md:4:7: "), "{errors:?}");
    }

    #[test]
    fn missing_fields_and_fences() {
        assert_eq!(
            parse("---\n---\n").unwrap_err(),
            [
                "content/p.md:1:1: missing required field `title` in the front matter that starts here",
                "content/p.md:1:1: missing required field `date` in the front matter that starts here",
            ]
        );
        assert_eq!(
            parse("---\ntitle: a\n").unwrap_err(),
            ["content/p.md:1:1: front matter opened here is never closed with `---`"]
        );
    }

    #[test]
    fn non_utf8_names_the_line() {
        let err = parse_post(
            Path::new("p.md"),
            b"---\ntitle: \xff\n---\n",
            &TimeZone::UTC,
        )
        .unwrap_err();
        assert_eq!(
            err[0].to_string(),
            "p.md:2:1: file is not valid UTF-8 (invalid byte at offset 11)"
        );
    }
}
