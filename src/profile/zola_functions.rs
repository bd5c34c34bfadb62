//! The functions and filters Zola gives its templates, as far as a post's shortcodes use
//! them and a feed can carry them: each answered from inside the site, never from the
//! network, the clock or the environment (Tera's own `now`, `get_random` and `get_env` would
//! make the output differ run to run, or depend on the machine: `now` is refused, `get_env`
//! gives its `default`, `get_random` draws from a sequence seeded by the page and the call).
//!
//! - `get_url(path=…)`: `@/…` stays an internal link, made the page's permalink with the rest
//!   of the post's links; any other path is under `base_url`.
//! - `get_page(path=…)`, `get_section(path=…)`: the page's front matter, its permalink (as an
//!   internal link), a section's pages.
//! - `load_data(path=…)`: a TOML, JSON, YAML, CSV or text file inside the site.
//! - `resize_image(…)`, `get_image_metadata(…)`: the original image and its size (feedsmith
//!   makes no images; a feed shows the original).
//! - `trans(key=…, lang=…)`: the config's translations.
//! - the `markdown` filter (`inline=true` drops the paragraph around one line).

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde_json::{Map, Value, json};

use super::detect::{lookup, parse_any};

/// The most pages `get_section` lists: past it a call that every post makes would cost the
/// product of the two.
const MAX_SECTION_PAGES: usize = 1000;

/// What the functions read: the site's folder, its content's pages, the base URL, and the
/// pages already read.
struct SiteFiles {
    site: PathBuf,
    base_url: String,
    /// The theme's folder name, when the config names one.
    theme: Option<String>,
    pages: BTreeSet<String>,
    read: Mutex<HashMap<String, Value>>,
}

/// Registers Zola's functions and filters on `tera`.
pub(super) fn register(
    tera: &mut tera::Tera,
    site: &Path,
    (base_url, theme): (String, Option<String>),
    pages: &BTreeSet<String>,
) {
    let files = Arc::new(SiteFiles {
        site: site.to_path_buf(),
        base_url,
        theme,
        pages: pages.clone(),
        read: Mutex::new(HashMap::new()),
    });
    let from = Arc::clone(&files);
    tera.register_function("get_url", move |args: &HashMap<String, Value>| {
        let path = text_arg(args, "path")?;
        Ok(Value::String(from.url_of(path)))
    });
    let from = Arc::clone(&files);
    tera.register_function("get_page", move |args: &HashMap<String, Value>| {
        from.page(text_arg(args, "path")?.trim_start_matches("@/"))
    });
    let from = Arc::clone(&files);
    tera.register_function("get_section", move |args: &HashMap<String, Value>| {
        from.section(text_arg(args, "path")?.trim_start_matches("@/"))
    });
    let from = Arc::clone(&files);
    tera.register_function("load_data", move |args: &HashMap<String, Value>| {
        from.load_data(args)
    });
    let from = Arc::clone(&files);
    tera.register_function("resize_image", move |args: &HashMap<String, Value>| {
        from.image(args, true)
    });
    let from = Arc::clone(&files);
    tera.register_function(
        "get_image_metadata",
        move |args: &HashMap<String, Value>| from.image(args, false),
    );
    tera.register_filter("markdown", markdown_filter);
    tera.register_function("now", |_: &HashMap<String, Value>| {
        Err::<Value, _>(tera::Error::msg(
            "`now` would make the feed differ from run to run",
        ))
    });
    // The environment is never read: a default stands for what it would have given.
    tera.register_function("get_env", |args: &HashMap<String, Value>| {
        args.get("default").cloned().ok_or_else(|| {
            tera::Error::msg(
                "`get_env` without a `default` would make the feed depend on the machine",
            )
        })
    });
    tera.register_function("get_random", seeded_random);
}

/// Tera's `get_random(start, end)`, made the same on every run: drawn from a sequence
/// seeded by the render (the page, the shortcode and its call), as a unique id for an
/// element needs no more.
fn seeded_random(args: &HashMap<String, Value>) -> tera::Result<Value> {
    let start = args.get("start").and_then(Value::as_i64).unwrap_or(0);
    let end = args
        .get("end")
        .and_then(Value::as_i64)
        .ok_or_else(|| tera::Error::msg("`get_random` needs an `end`"))?;
    if end <= start {
        return Err(tera::Error::msg(
            "`get_random`'s `end` is not above its `start`",
        ));
    }
    let drawn = super::zola_templates::next_random();
    let span = end.abs_diff(start);
    Ok(Value::from(start.wrapping_add((drawn % span) as i64)))
}

/// Registers `trans`, which reads the config's translations.
pub(super) fn register_trans(tera: &mut tera::Tera, config: &Value) {
    let config = config.clone();
    tera.register_function("trans", move |args: &HashMap<String, Value>| {
        let key = text_arg(args, "key")?;
        let lang = args.get("lang").and_then(Value::as_str);
        let in_language = lang
            .and_then(|lang| lookup(&config, "languages").and_then(|l| lookup(l, lang)))
            .and_then(|language| lookup(language, "translations"))
            .and_then(|translations| lookup(translations, key));
        in_language
            .or_else(|| lookup(&config, "translations").and_then(|t| lookup(t, key)))
            .cloned()
            .ok_or_else(|| tera::Error::msg(format!("no translation for `{key}`")))
    });
}

/// Why a path a template names is not read.
enum Refusal {
    /// It climbs above the site's folder (or is not a plain `/` path).
    Outside,
    /// Nothing is there.
    Missing,
    /// It goes through a symbolic link.
    Linked,
}

impl Refusal {
    fn error(&self, relative: &str) -> tera::Error {
        tera::Error::msg(match self {
            Refusal::Outside => format!("`{relative}` is not a path inside the site"),
            Refusal::Missing => format!("`{relative}` is not in the site"),
            Refusal::Linked => format!(
                "`{relative}` goes through a link; feedsmith reads only the site's own files"
            ),
        })
    }
}

/// Why a file a template names was not read.
fn not_found(path: &str) -> tera::Error {
    tera::Error::msg(format!(
        "no file `{path}` in the site (looked for from its folder, in static/, content/ and the theme's static/, never above the site)"
    ))
}

/// The text argument `key`.
fn text_arg<'a>(args: &'a HashMap<String, Value>, key: &str) -> tera::Result<&'a str> {
    args.get(key)
        .and_then(Value::as_str)
        .ok_or_else(|| tera::Error::msg(format!("`{key}` is missing or not text")))
}

/// `{{ text | markdown }}`: Markdown as HTML; `inline=true` without the paragraph a single
/// line would have.
fn markdown_filter(value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
    let text = value
        .as_str()
        .ok_or_else(|| tera::Error::msg("`markdown` takes text"))?;
    let inline = args.get("inline").and_then(Value::as_bool) == Some(true);
    Ok(Value::String(markdown_html(text, inline)))
}

/// Markdown as HTML; `inline` without the paragraph a single one would have (Zola's
/// `markdown(inline=true)`, Hugo's `markdownify`).
pub(super) fn markdown_html(text: &str, inline: bool) -> String {
    let options = pulldown_cmark::Options::ENABLE_TABLES
        | pulldown_cmark::Options::ENABLE_FOOTNOTES
        | pulldown_cmark::Options::ENABLE_STRIKETHROUGH
        | pulldown_cmark::Options::ENABLE_TASKLISTS;
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new_ext(text, options));
    if inline {
        let trimmed = html.trim_end();
        if let Some(inner) = trimmed
            .strip_prefix("<p>")
            .and_then(|rest| rest.strip_suffix("</p>"))
            .filter(|inner| !inner.contains("<p>"))
        {
            html = inner.to_string();
        }
    }
    html
}

impl SiteFiles {
    /// `get_url`'s answer for `path`.
    fn url_of(&self, path: &str) -> String {
        if path.starts_with("@/") || path.contains("://") {
            return path.to_string();
        }
        format!("{}/{}", self.base_url, path.trim_start_matches('/'))
    }

    /// A file inside the site named by `relative` (a `/` path), read only when it is a
    /// plain file reached through real folders: `..` is followed as written (Zola's themes
    /// write `../static/…`), but never above the site's folder.
    fn inside(&self, relative: &str) -> tera::Result<PathBuf> {
        self.place(relative)
            .map_err(|refusal| refusal.error(relative))
    }

    /// [`SiteFiles::inside`], with why a path is refused.
    fn place(&self, relative: &str) -> Result<PathBuf, Refusal> {
        let outside = || Refusal::Outside;
        if relative.contains('\\') || relative.chars().any(char::is_control) {
            return Err(outside());
        }
        let mut parts: Vec<&str> = Vec::new();
        for part in relative.split('/') {
            match part {
                "" | "." => {}
                ".." => {
                    parts.pop().ok_or_else(outside)?;
                }
                part => parts.push(part),
            }
        }
        let mut at = self.site.clone();
        for part in parts {
            at.push(part);
            let meta = std::fs::symlink_metadata(&at).map_err(|_| Refusal::Missing)?;
            if meta.file_type().is_symlink() {
                return Err(Refusal::Linked);
            }
        }
        Ok(at)
    }

    /// The file `path` names, looked for as Zola looks (`@/` is `content/`): from the site's
    /// folder, then in `static/`, `content/` and the theme's `static/`. A path that climbs
    /// out of the site or goes through a link is refused, wherever it is looked for.
    fn search(&self, path: &str) -> tera::Result<Option<PathBuf>> {
        let path = match path.strip_prefix("@/") {
            Some(content) => format!("content/{content}"),
            None => path.trim_start_matches('/').to_string(),
        };
        let mut folders = vec![String::new(), "static/".into(), "content/".into()];
        if let Some(theme) = &self.theme {
            folders.push(format!("themes/{theme}/static/"));
        }
        let mut linked = false;
        for folder in folders {
            match self.place(&format!("{folder}{path}")) {
                Ok(file) if file.is_file() => return Ok(Some(file)),
                Err(Refusal::Linked) => linked = true,
                // Not there, or above the site from this folder: looked for in the next.
                _ => {}
            }
        }
        match linked {
            true => Err(Refusal::Linked.error(&path)),
            false => Ok(None),
        }
    }

    /// `get_page`: the page at `path` in the content folder.
    fn page(&self, path: &str) -> tera::Result<Value> {
        if !self.pages.contains(path) {
            return Err(tera::Error::msg(format!("no page `{path}` in content/")));
        }
        let known = |read: &Mutex<HashMap<String, Value>>| {
            read.lock()
                .unwrap_or_else(|p| p.into_inner())
                .get(path)
                .cloned()
        };
        if let Some(page) = known(&self.read) {
            return Ok(page);
        }
        // Read without the lock: other posts' shortcodes are not held up by this file.
        let file = self.inside(&format!("content/{path}"))?;
        let page = page_value(&file, path)?;
        self.read
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(path.to_string(), page.clone());
        Ok(page)
    }

    /// `get_section`: the section's `_index.md` with its pages (the `.md` files of its
    /// folder, each as [`SiteFiles::page`] gives it).
    fn section(&self, path: &str) -> tera::Result<Value> {
        let mut section = self.page(path)?;
        let folder = path.strip_suffix("_index.md").unwrap_or_default();
        let pages: Vec<&String> = self
            .pages
            .iter()
            .filter(|page| {
                page.strip_prefix(folder).is_some_and(|rest| {
                    !rest.contains('/') && !rest.starts_with("_index.") && rest.ends_with(".md")
                })
            })
            .collect();
        if pages.len() > MAX_SECTION_PAGES {
            return Err(tera::Error::msg(format!(
                "section `{path}` has {} pages, over the {MAX_SECTION_PAGES} a shortcode may list",
                pages.len()
            )));
        }
        let listed = pages
            .into_iter()
            .map(|page| self.page(page))
            .collect::<tera::Result<Vec<Value>>>()?;
        if let Value::Object(fields) = &mut section {
            fields.insert("pages".into(), Value::Array(listed));
        }
        Ok(section)
    }

    /// `load_data`: a file of the site, by its extension (or `format`).
    fn load_data(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        if args.contains_key("url") {
            return Err(tera::Error::msg(
                "`load_data(url=…)` fetches from the network, which a feed build never does",
            ));
        }
        if let Some(literal) = args.get("literal").and_then(Value::as_str) {
            return Ok(Value::String(literal.to_string()));
        }
        let path = text_arg(args, "path")?;
        let file = match self.search(path)? {
            Some(file) => file,
            None if args.get("required").and_then(Value::as_bool) == Some(false) => {
                return Ok(Value::Null);
            }
            None => return Err(not_found(path)),
        };
        let format = args.get("format").and_then(Value::as_str);
        super::zola_templates::data_file(&file, format).map_err(tera::Error::msg)
    }

    /// `resize_image` (`resized`) and `get_image_metadata`: the original image, found as Zola
    /// finds it (in `static/`, `content/`, or from the site's root).
    fn image(&self, args: &HashMap<String, Value>, resized: bool) -> tera::Result<Value> {
        let path = text_arg(args, "path")?;
        let Some(file) = self.search(path)? else {
            if args.get("allow_missing").and_then(Value::as_bool) == Some(true) {
                return Ok(Value::Null);
            }
            return Err(not_found(path));
        };
        let size = imagesize::size(&file)
            .map_err(|error| tera::Error::msg(format!("`{path}`: {error}")))?;
        let (width, height) = (size.width, size.height);
        let published = self.published_path(&file);
        Ok(match resized {
            true => json!({
                "url": self.url_of(&published),
                "static_path": published,
                "width": width,
                "height": height,
                "orig_width": width,
                "orig_height": height,
            }),
            false => json!({ "width": width, "height": height }),
        })
    }

    /// Where the site publishes `file` (one [`SiteFiles::search`] found): a static folder's
    /// file at its path there, a content file beside its page, as Zola copies them.
    fn published_path(&self, file: &Path) -> String {
        let mut roots = vec![self.site.join("static"), self.site.join("content")];
        if let Some(theme) = &self.theme {
            roots.push(self.site.join("themes").join(theme).join("static"));
        }
        roots.push(self.site.clone());
        let relative = roots
            .iter()
            .find_map(|root| file.strip_prefix(root).ok())
            .unwrap_or(file);
        relative
            .components()
            .filter_map(|part| part.as_os_str().to_str())
            .collect::<Vec<_>>()
            .join("/")
    }
}

/// A page file as a shortcode sees it: its front matter's fields, `path`, `relative_path`
/// and its permalink as an internal link (the post's link pass makes it the URL).
fn page_value(file: &Path, path: &str) -> tera::Result<Value> {
    let text = std::fs::read_to_string(file)
        .map_err(|error| tera::Error::msg(format!("`{path}` cannot be read: {error}")))?;
    let (fence, extension) = match text.trim_start() {
        rest if rest.starts_with("+++") => ("+++", "toml"),
        rest if rest.starts_with("---") => ("---", "yaml"),
        _ => ("", ""),
    };
    let mut fields = Map::new();
    if !fence.is_empty() {
        let rest = &text.trim_start()[fence.len()..];
        let front = rest.split(&format!("\n{fence}")).next().unwrap_or_default();
        let parsed = parse_any(Path::new(&format!("page.{extension}")), front)
            .map_err(|problem| tera::Error::msg(format!("`{path}`: {}", problem.message)))?;
        if let Value::Object(parsed) = parsed {
            fields = parsed;
        }
    }
    fields.insert("permalink".into(), Value::String(format!("@/{path}")));
    fields.insert("path".into(), Value::String(format!("@/{path}")));
    fields.insert("relative_path".into(), Value::String(path.to_string()));
    for key in ["extra", "taxonomies"] {
        fields
            .entry(key)
            .or_insert_with(|| Value::Object(Map::new()));
    }
    Ok(Value::Object(fields))
}
