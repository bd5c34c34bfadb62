//! The objects a Hugo shortcode reads: the shortcode itself (`.Get`, `.Inner`, `.Params`,
//! `.Ordinal`), its page (`.Page.Title`, `.Page.Params`, `.Page.Resources.GetMatch`,
//! `.Page.Scratch`, `.Page.Date.Format`), a page's resources and `resources.Get`'s (with
//! `Resize`, `Fit`, `Fill` giving the original image, as a feed shows it), and times in
//! Go's layouts (`Format "Jan 2, 2006"`).

use std::path::Path;
use std::sync::Arc;

use gotmpl::Value;

use super::hugo_values::{
    Outcome, fail, first, from_json, html_value, integer, map_value, method, path, text, text_value,
};

/// The most files of a bundle its page's `.Resources` lists.
const MAX_RESOURCES: usize = 10_000;

/// A post as its shortcodes' `.Page` shows it.
pub(crate) struct PageFacts<'a> {
    pub(crate) title: &'a str,
    /// Its front matter, nested (`params.x` is `.Params.x`).
    pub(crate) front_matter: &'a serde_json::Value,
    pub(crate) permalink: &'a str,
    /// Its date as `2024-01-01 00:00:00 +0000`.
    pub(crate) date: &'a str,
    pub(crate) lang: &'a str,
    /// Its file in the content folder (`blog/post/index.md`).
    pub(crate) relative_path: &'a str,
    pub(crate) slug: &'a str,
    /// Its file, beside which a bundle's resources are.
    pub(crate) file: Option<&'a Path>,
}

/// The page value, with `site` as its `.Site`. Links are absolute (`.RelPermalink` too): a
/// feed's links must be, and a site path would be read under the base URL's path again.
pub(super) fn page_value(facts: &PageFacts<'_>, site: &Value) -> Value {
    let params = match from_json(facts.front_matter) {
        Value::Map(fields) => Value::Map(Arc::new(
            fields
                .iter()
                .map(|(key, value)| (Arc::from(key.to_lowercase().as_str()), value.clone()))
                .collect(),
        )),
        _ => map_value([]),
    };
    let own = params.clone();
    let field = |key: &str| text(&path(&own, key));
    let section = facts
        .relative_path
        .split('/')
        .next()
        .filter(|_| facts.relative_path.contains('/'))
        .unwrap_or_default();
    let date = time_value(facts.date).unwrap_or(Value::Nil);
    let lastmod = ["lastmod", "updated", "modified"]
        .iter()
        .map(|key| field(key))
        .find(|value| !value.is_empty())
        .and_then(|value| time_value(&value).ok())
        .unwrap_or_else(|| date.clone());
    let resources = bundle_resources(facts.file, facts.permalink);
    let lookup_params = params.clone();
    let site_params = path(site, "Params");
    let language = map_value([
        ("Lang", text_value(facts.lang)),
        ("LanguageName", text_value(facts.lang)),
        ("LanguageCode", text_value(facts.lang)),
    ]);
    map_value([
        ("Title", text_value(facts.title)),
        ("LinkTitle", text_value(facts.title)),
        ("Description", text_value(field("description"))),
        ("Summary", html_value(field("description"))),
        ("Params", params),
        ("Permalink", text_value(facts.permalink)),
        ("RelPermalink", text_value(facts.permalink)),
        ("Slug", text_value(facts.slug)),
        ("Date", date.clone()),
        ("PublishDate", date),
        ("Lastmod", lastmod),
        ("Draft", Value::Bool(field("draft") == "true")),
        ("Section", text_value(section)),
        (
            "Type",
            text_value(
                field("type")
                    .is_empty()
                    .then_some(section)
                    .map_or(field("type"), str::to_string),
            ),
        ),
        ("Kind", text_value("page")),
        ("IsPage", Value::Bool(true)),
        ("IsHome", Value::Bool(false)),
        ("IsSection", Value::Bool(false)),
        ("Lang", text_value(facts.lang)),
        ("Language", language),
        ("Site", site.clone()),
        ("Resources", resources),
        ("Scratch", super::hugo_values::scratch()),
        ("Store", super::hugo_values::scratch()),
        ("File", file_value(facts.relative_path)),
        (
            "Param",
            method(move |args| {
                let key = text(first(args)?);
                let own = path(&lookup_params, &key);
                Ok(match own {
                    Value::Nil => path(&site_params, &key),
                    found => found,
                })
            }),
        ),
        (
            "RenderString",
            method(|args| {
                let markdown = text(args.last().ok_or_else(|| fail("RenderString takes text"))?);
                Ok(html_value(super::zola_functions::markdown_html(
                    &markdown, true,
                )))
            }),
        ),
    ])
}

/// `.File`: the page's file in the content folder, by its parts.
fn file_value(relative_path: &str) -> Value {
    let file_name = relative_path.rsplit('/').next().unwrap_or_default();
    let base_name = file_name
        .rsplit_once('.')
        .map_or(file_name, |(stem, _)| stem);
    let dir = relative_path.rsplit_once('/').map_or("", |(dir, _)| dir);
    let content_base = match base_name {
        "index" | "_index" => dir.rsplit('/').next().unwrap_or(base_name),
        other => other,
    };
    map_value([
        ("Path", text_value(relative_path)),
        ("Filename", text_value(relative_path)),
        ("LogicalName", text_value(file_name)),
        ("BaseFileName", text_value(base_name)),
        (
            "TranslationBaseName",
            text_value(base_name.split('.').next().unwrap_or(base_name)),
        ),
        ("ContentBaseName", text_value(content_base)),
        (
            "Dir",
            text_value(match dir.is_empty() {
                true => String::new(),
                false => format!("{dir}/"),
            }),
        ),
        (
            "Ext",
            text_value(file_name.rsplit_once('.').map_or("", |(_, ext)| ext)),
        ),
    ])
}

/// A page bundle's files (a folder's `index.md` or `_index.md` and what lies beside it), as
/// `.Resources`: a list, whose methods (`Get`, `GetMatch`, `Match`, `ByType`) are
/// [`list_method`]'s.
fn bundle_resources(file: Option<&Path>, permalink: &str) -> Value {
    let file_name = file
        .and_then(Path::file_name)
        .and_then(|name| name.to_str())
        .unwrap_or_default();
    let is_bundle = file_name.starts_with("index.") || file_name.starts_with("_index.");
    let (Some(root), true) = (file.and_then(Path::parent), is_bundle) else {
        return Value::List(Vec::new().into());
    };
    let base = permalink.trim_end_matches('/');
    let files: Vec<Value> = files_under(root, MAX_RESOURCES)
        .into_iter()
        .filter(|(name, _)| name != file_name)
        .map(|(name, file)| resource(&file, &name, &format!("{base}/{name}")))
        .collect();
    Value::List(files.into())
}

/// The files under `root` (no link followed), by their `/`-separated path there, in name
/// order, at most `limit`.
pub(super) fn files_under(root: &Path, limit: usize) -> Vec<(String, std::path::PathBuf)> {
    walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file())
        .take(limit)
        .filter_map(|entry| {
            let inside = entry.path().strip_prefix(root).ok()?;
            let parts: Option<Vec<&str>> = inside
                .components()
                .map(|c| c.as_os_str().to_str())
                .collect();
            Some((parts?.join("/"), entry.path().to_path_buf()))
        })
        .collect()
}

/// A method of a list of resources (`.Resources.GetMatch "*.png"`,
/// `(.Resources.ByType "image").Get "a.png"`), or `None` when `name` is none of them.
pub(super) fn list_method(items: &[Value], name: &str, args: &[Value]) -> Option<Outcome> {
    let wanted = || args.first().map(text).unwrap_or_default();
    let matching = |pattern: &str| -> Result<Vec<Value>, gotmpl::TemplateError> {
        let glob = globset::GlobBuilder::new(pattern.trim_start_matches('/'))
            .case_insensitive(true)
            .literal_separator(true)
            .build()
            .map_err(|error| fail(format!("`{pattern}`: {error}")))?
            .compile_matcher();
        Ok(items
            .iter()
            .filter(|item| glob.is_match(text(&path(item, "Name"))))
            .cloned()
            .collect())
    };
    Some(match name {
        "GetMatch" => {
            matching(&wanted()).map(|found| found.into_iter().next().unwrap_or(Value::Nil))
        }
        "Match" => matching(&wanted()).map(|found| Value::List(found.into())),
        "Get" => Ok(items
            .iter()
            .find(|item| text(&path(item, "Name")) == wanted())
            .cloned()
            .unwrap_or(Value::Nil)),
        "ByType" => Ok(Value::List(
            items
                .iter()
                .filter(|item| text(&path(item, "ResourceType")) == wanted())
                .cloned()
                .collect(),
        )),
        _ => return None,
    })
}

/// One file as a Hugo resource: its name, links, media type, an image's size; `Resize`,
/// `Fit`, `Fill`, `Crop`, `Process`, `Filter` give it back as it is (a feed shows the
/// original, which the site publishes too).
pub(super) fn resource(file: &Path, name: &str, permalink: &str) -> Value {
    let media = media_type_of(file);
    let (main, sub) = media.split_once('/').unwrap_or((media, ""));
    let resource_type = match main {
        "image" | "video" | "audio" | "text" => main,
        _ if name.ends_with(".md") => "page",
        _ => "application",
    };
    let mut fields = vec![
        ("Name", text_value(name)),
        ("Title", text_value(name)),
        ("Permalink", text_value(permalink)),
        ("RelPermalink", text_value(permalink)),
        ("ResourceType", text_value(resource_type)),
        (
            "MediaType",
            map_value([
                ("Type", text_value(media)),
                ("MainType", text_value(main)),
                ("SubType", text_value(sub)),
                (
                    "Suffixes",
                    Value::List(
                        file.extension()
                            .and_then(|e| e.to_str())
                            .map(|e| text_value(e.to_ascii_lowercase()))
                            .into_iter()
                            .collect(),
                    ),
                ),
            ]),
        ),
        ("Params", map_value([])),
        ("Data", map_value([])),
        ("Exif", Value::Nil),
    ];
    if main == "image" {
        // Read when a template asks (the field chain calls it): a bundle's images are
        // many, a shortcode reads one or two.
        let size: Arc<std::sync::OnceLock<Option<(i64, i64)>>> = Arc::default();
        let image = file.to_path_buf();
        for (name, height) in [("Width", false), ("Height", true)] {
            let (size, image) = (Arc::clone(&size), image.clone());
            fields.push((
                name,
                method(move |_| {
                    let read = size.get_or_init(|| {
                        imagesize::size(&image)
                            .ok()
                            .map(|s| (s.width as i64, s.height as i64))
                    });
                    Ok(read.map_or(Value::Nil, |(w, h)| Value::Int(if height { h } else { w })))
                }),
            ));
        }
    }
    let plain = map_value(fields.iter().cloned());
    for name in ["Resize", "Fit", "Fill", "Crop", "Process", "Filter"] {
        let same = plain.clone();
        fields.push((name, method(move |_| Ok(same.clone()))));
    }
    let content_file = file.to_path_buf();
    fields.push((
        "Content",
        method(move |_| {
            std::fs::read_to_string(&content_file)
                .map(text_value)
                .map_err(|error| fail(format!("Content: {error}")))
        }),
    ));
    map_value(fields)
}

/// A file's media type, by its extension as Hugo's media types name them.
fn media_type_of(file: &Path) -> &'static str {
    let extension = file
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match extension.as_str() {
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "svg" => "image/svg+xml",
        "bmp" => "image/bmp",
        "tif" | "tiff" => "image/tiff",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "m4a" => "audio/mp4",
        "ogg" => "audio/ogg",
        "md" | "markdown" => "text/markdown",
        "txt" => "text/plain",
        "csv" => "text/csv",
        "html" | "htm" => "text/html",
        "css" => "text/css",
        "js" => "text/javascript",
        "json" => "application/json",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// A time as Hugo's `time.Time` shows it to templates: `Year`, `Month`, `Day`, `Unix`,
/// `Format`, `IsZero`; from text in the forms front matter and Hugo write dates.
pub(super) fn time_value(input: &str) -> Outcome {
    let time = time_of(input).ok_or_else(|| fail(format!("`{input}` is not a date")))?;
    let formatted = time.clone();
    Ok(map_value([
        ("Year", Value::Int(i64::from(time.year()))),
        ("Month", text_value(time.strftime("%B").to_string())),
        ("Day", Value::Int(i64::from(time.day()))),
        ("YearDay", Value::Int(i64::from(time.day_of_year()))),
        ("Weekday", text_value(time.strftime("%A").to_string())),
        ("Unix", Value::Int(time.timestamp().as_second())),
        ("IsZero", Value::Bool(false)),
        (
            "RFC3339",
            text_value(time.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()),
        ),
        (
            "Format",
            method(move |args| Ok(text_value(go_layout(&formatted, &text(first(args)?))))),
        ),
    ]))
}

/// `time.Format LAYOUT TIME`: `TIME` text or a time value.
pub(super) fn format_time(layout: &str, value: &Value) -> Outcome {
    let input = match value {
        Value::Map(_) => text(&path(value, "RFC3339")),
        other => text(other),
    };
    let time = time_of(&input).ok_or_else(|| fail(format!("`{input}` is not a date")))?;
    Ok(text_value(go_layout(&time, layout)))
}

/// A date in the forms Hugo reads: RFC 3339, `2006-01-02 15:04:05 -0700`, a date alone.
fn time_of(text: &str) -> Option<jiff::ZonedDateTime> {
    let text = text.trim();
    for format in [
        "%Y-%m-%dT%H:%M:%S%:z",
        "%Y-%m-%dT%H:%M:%S%.f%:z",
        "%Y-%m-%d %H:%M:%S %z",
        "%Y-%m-%d %H:%M:%S %:z",
    ] {
        if let Ok(time) =
            jiff::fmt::strtime::parse(format, text).and_then(|t| t.to_zoned_datetime())
        {
            return Some(time);
        }
    }
    if let Ok(time) = text.parse::<jiff::Timestamp>() {
        return Some(time.to_zoned_datetime(jiff::tz::TimeZone::UTC));
    }
    if let Ok(time) = text.parse::<jiff::civil::DateTime>() {
        return time.to_zoned_datetime(jiff::tz::TimeZone::UTC).ok();
    }
    text.parse::<jiff::civil::Date>()
        .ok()
        .and_then(|date| date.to_zoned_datetime(jiff::tz::TimeZone::UTC).ok())
}

/// Go's reference-time layout (`Mon Jan 2 15:04:05 MST 2006`) as strftime: each element of
/// the layout Go knows, longest first, the rest as it is.
fn go_layout(time: &jiff::ZonedDateTime, layout: &str) -> String {
    const ELEMENTS: [(&str, &str); 27] = [
        ("January", "%B"),
        ("Monday", "%A"),
        ("Z07:00", "Z07:00"),
        ("-07:00", "%:z"),
        ("-0700", "%z"),
        ("2006", "%Y"),
        (".000", ".%3f"),
        ("Jan", "%b"),
        ("Mon", "%a"),
        ("MST", "%Z"),
        ("_2", "%e"),
        ("01", "%m"),
        ("02", "%d"),
        ("03", "%I"),
        ("04", "%M"),
        ("05", "%S"),
        ("06", "%y"),
        ("15", "%H"),
        ("PM", "%p"),
        ("pm", "%P"),
        ("-07", "%z"),
        ("1", "%-m"),
        ("2", "%-d"),
        ("3", "%-I"),
        ("4", "%-M"),
        ("5", "%-S"),
        ("%", "%%"),
    ];
    let mut format = String::new();
    let mut rest = layout;
    'scan: while !rest.is_empty() {
        for (element, strftime) in ELEMENTS {
            if let Some(after) = rest.strip_prefix(element) {
                match element {
                    "Z07:00" => match time.offset().seconds() {
                        0 => format.push('Z'),
                        _ => format.push_str("%:z"),
                    },
                    _ => format.push_str(strftime),
                }
                rest = after;
                continue 'scan;
            }
        }
        let c = rest.chars().next().expect("not empty");
        format.push(c);
        rest = &rest[c.len_utf8()..];
    }
    time.strftime(&format).to_string()
}

/// The shortcode itself as its template's dot: `.Get` by name or position, `.Params`,
/// `.IsNamedParams`, `.Inner`, `.Name`, `.Ordinal`, `.Position`, `.Page`, `.Site`,
/// `.Scratch`, `.Parent`.
pub(crate) struct CallFacts<'a> {
    pub(crate) name: &'a str,
    pub(crate) positional: &'a [String],
    pub(crate) named: &'a [(String, String)],
    pub(crate) inner: Option<&'a str>,
    pub(crate) ordinal: usize,
    pub(crate) position: String,
}

pub(super) fn call_value(call: &CallFacts<'_>, page: &Value, site: &Value, parent: Value) -> Value {
    let named = !call.named.is_empty();
    let params = match named {
        true => map_value(
            call.named
                .iter()
                .map(|(k, v)| (k.as_str(), text_value(v.as_str()))),
        ),
        false => Value::List(
            call.positional
                .iter()
                .map(|v| text_value(v.as_str()))
                .collect(),
        ),
    };
    let get_params = params.clone();
    let inner = call.inner.unwrap_or_default();
    let deindented = deindent(inner);
    map_value([
        ("Name", text_value(call.name)),
        ("Params", params),
        ("IsNamedParams", Value::Bool(named)),
        (
            "Get",
            method(move |args| {
                let key = first(args)?;
                Ok(match (&get_params, key) {
                    (Value::List(list), key) => integer(key)
                        .and_then(|at| usize::try_from(at).ok())
                        .and_then(|at| list.get(at).cloned())
                        .unwrap_or(Value::Nil),
                    (Value::Map(fields), key) => fields
                        .get(text(key).as_str())
                        .cloned()
                        .unwrap_or(Value::Nil),
                    _ => Value::Nil,
                })
            }),
        ),
        ("Inner", html_value(inner)),
        ("InnerDeindent", html_value(deindented)),
        ("Ordinal", Value::Int(call.ordinal as i64)),
        ("Position", text_value(call.position.as_str())),
        ("Page", page.clone()),
        ("Site", site.clone()),
        ("Scratch", super::hugo_values::scratch()),
        ("Store", super::hugo_values::scratch()),
        ("Parent", parent),
    ])
}

/// `.InnerDeindent`: the inner content with the indentation its lines share removed.
fn deindent(text: &str) -> String {
    let indent = text
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.len() - line.trim_start().len())
        .min()
        .unwrap_or(0);
    text.lines()
        .map(|line| line.get(indent..).unwrap_or(line.trim_start()))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_layouts_format_as_go_does() {
        let time = time_of("2024-03-05 14:07:09 +0100").unwrap();
        assert_eq!(go_layout(&time, "January 2, 2006"), "March 5, 2024");
        assert_eq!(
            go_layout(&time, "2006-01-02T15:04:05Z07:00"),
            "2024-03-05T14:07:09+01:00"
        );
        assert_eq!(
            go_layout(&time, "Mon, 02 Jan 2006 3:04 PM"),
            "Tue, 05 Mar 2024 2:07 PM"
        );
        // `%` is text in Go's layouts; `1` would be the month.
        assert_eq!(go_layout(&time, "% _2 1"), "%  5 3");
        let utc = time_of("2024-03-05").unwrap();
        assert_eq!(
            go_layout(&utc, "2006-01-02T15:04:05Z07:00"),
            "2024-03-05T00:00:00Z"
        );
    }

    #[test]
    fn inner_content_is_deindented_by_the_indent_its_lines_share() {
        assert_eq!(deindent("    a\n      b\n\n    c"), "a\n  b\n\nc");
    }
}
