//! Liquid as Jekyll (and Eleventy) run it over a post, with a real engine: the liquid crate
//! (cobalt-org), its standard tags and filters, its Jekyll filters, and Jekyll's own tags and
//! filters beside them ([`tags`], [`filters`]). What a post reads is the site's: `site` (the
//! tool's config, `site.data` from `_data/**`), `page` (the post's front matter, `page.url`,
//! `page.path`), `include` (an include's parameters); a name that is not there is nil, as in
//! Jekyll ([`data`]). The site's files are read once, when the tool is found, and only plain
//! files inside the site; each post's body is first made a template the engine reads
//! ([`clean`]), so that one plugin's tag costs only itself.

mod clean;
mod condition;
pub(crate) mod data;
mod filters;
mod tags;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use liquid_core::model::KString;
use serde_json::Value as Json;

pub(crate) use self::clean::{Rules, unescape_in_code};
pub(crate) use self::data::Data;
pub(crate) use self::tags::code_block;
use super::detect::{parse_any, read_text};
use crate::error::Diagnostic;

/// The most an include file may be: what is bigger is not a template.
const MAX_INCLUDE_BYTES: u64 = 1 << 20;

/// The site's Liquid: its includes, its data, the config, and the engine, made once.
pub(crate) struct LiquidSite {
    /// The site's folder, where `include_relative` files are read from.
    root: PathBuf,
    /// `_includes/` files by their name there (`image.html`, `nav/item.html`).
    includes: BTreeMap<String, String>,
    /// `_config.yml` with `data` (from `_data/**`).
    site: Json,
    /// Eleventy: front matter and global data at the top level.
    top_level: bool,
    parser: OnceLock<Result<liquid::Parser, String>>,
    /// `site` as the engine reads it, with the feed's base URL, made on the first render.
    site_data: OnceLock<Data>,
    jekyll: Data,
}

impl std::fmt::Debug for LiquidSite {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LiquidSite")
            .field("includes", &self.includes.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl LiquidSite {
    /// The engine with no site files: nothing is read.
    pub(crate) fn bare() -> LiquidSite {
        LiquidSite::of_config(&Json::Null, false)
    }

    /// The engine over a parsed config alone, no file read; `top_level` as in [`load`].
    pub(crate) fn of_config(config: &Json, top_level: bool) -> LiquidSite {
        let mut site = match config {
            Json::Object(_) => config.clone(),
            _ => Json::Object(Default::default()),
        };
        if site.get("data").is_none() {
            site["data"] = Json::Object(Default::default());
        }
        LiquidSite {
            root: PathBuf::new(),
            includes: BTreeMap::new(),
            site,
            top_level,
            parser: OnceLock::new(),
            site_data: OnceLock::new(),
            jekyll: production(),
        }
    }
}

/// `jekyll`: the published site is Jekyll's production build (GitHub Pages builds it so).
fn production() -> Data {
    let mut jekyll = Data::Map(BTreeMap::new());
    jekyll.insert(
        "environment",
        Data::Scalar(liquid_core::Value::scalar("production")),
    );
    jekyll
}

/// Reads the site's includes (`_includes/**`) and data (`_data/**`), plain files inside the
/// site only; `config` is the tool's parsed config. Returns the files read, for `-v`.
pub(super) fn load(
    root: &Path,
    config: &Json,
    top_level: bool,
) -> Result<(LiquidSite, Vec<PathBuf>), Diagnostic> {
    let mut read = Vec::new();
    let mut includes = BTreeMap::new();
    // Eleventy's `_includes` is in its input folder, most often the site's or `src/`.
    let folders: &[&str] = match top_level {
        true => &["_includes", "src/_includes"],
        false => &["_includes"],
    };
    let found = folders
        .iter()
        .find(|folder| real_folder(root, folder))
        .map_or_else(|| root.join("_includes"), |folder| root.join(folder));
    for (name, path) in plain_files(&found) {
        let meta = std::fs::metadata(&path).map_err(|e| Diagnostic::file(&path, e.to_string()))?;
        if meta.len() > MAX_INCLUDE_BYTES {
            continue;
        }
        includes.insert(name, read_text(&path)?);
        read.push(path);
    }
    let mut data = serde_json::Map::new();
    for (name, path) in plain_files(&root.join("_data")) {
        let Some((stem, extension)) = name.rsplit_once('.') else {
            continue;
        };
        let value = match extension {
            "yml" | "yaml" | "json" | "toml" => parse_any(&path, &read_text(&path)?)?,
            "csv" | "tsv" => table(&read_text(&path)?, extension == "tsv"),
            _ => continue,
        };
        // `_data/team/people.yml` is `site.data.team.people`.
        let mut at = &mut data;
        let parts: Vec<&str> = stem.split('/').collect();
        for part in &parts[..parts.len() - 1] {
            let entry = at
                .entry(part.to_string())
                .or_insert_with(|| Json::Object(Default::default()));
            if !entry.is_object() {
                *entry = Json::Object(Default::default());
            }
            at = entry.as_object_mut().expect("made an object");
        }
        at.insert(parts[parts.len() - 1].to_string(), value);
        read.push(path);
    }
    let mut site = match config {
        Json::Object(_) => config.clone(),
        _ => Json::Object(Default::default()),
    };
    site["data"] = Json::Object(data);
    Ok((
        LiquidSite {
            root: root.to_path_buf(),
            includes,
            site,
            top_level,
            parser: OnceLock::new(),
            site_data: OnceLock::new(),
            jekyll: production(),
        },
        read,
    ))
}

/// Whether `relative` (a `/` path) is a folder under `root` reached through real folders,
/// no link on the way.
fn real_folder(root: &Path, relative: &str) -> bool {
    let mut at = root.to_path_buf();
    relative.split('/').all(|part| {
        at.push(part);
        std::fs::symlink_metadata(&at).is_ok_and(|meta| meta.file_type().is_dir())
    })
}

/// The plain files under `folder` (no link followed or read), by their `/` path there,
/// in order.
fn plain_files(folder: &Path) -> Vec<(String, PathBuf)> {
    let linked = std::fs::symlink_metadata(folder).is_ok_and(|m| m.file_type().is_symlink());
    if linked {
        return Vec::new();
    }
    let mut files: Vec<(String, PathBuf)> = walkdir::WalkDir::new(folder)
        .follow_links(false)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file())
        .filter_map(|entry| {
            let relative = entry.path().strip_prefix(folder).ok()?;
            let parts: Vec<&str> = relative
                .components()
                .map(|part| part.as_os_str().to_str())
                .collect::<Option<_>>()?;
            Some((parts.join("/"), entry.path().to_path_buf()))
        })
        .collect();
    files.sort();
    files
}

/// A CSV (or TSV) data file as Jekyll reads it: a row per line, keyed by the header.
fn table(text: &str, tabs: bool) -> Json {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(if tabs { b'\t' } else { b',' })
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map(|h| h.iter().map(str::to_string).collect())
        .unwrap_or_default();
    Json::Array(
        reader
            .records()
            .filter_map(Result::ok)
            .map(|row| {
                Json::Object(
                    headers
                        .iter()
                        .zip(row.iter())
                        .map(|(key, cell)| (key.clone(), Json::from(cell)))
                        .collect(),
                )
            })
            .collect(),
    )
}

/// The includes as the engine asks for them, each made a template it reads as posts are;
/// `include_relative` files read when asked, from inside the site.
#[derive(Debug)]
struct Includes {
    root: PathBuf,
    files: BTreeMap<String, String>,
}

impl liquid::partials::PartialSource for Includes {
    fn contains(&self, name: &str) -> bool {
        self.files.contains_key(name) || name.starts_with(tags::RELATIVE)
    }

    fn names(&self) -> Vec<&str> {
        self.files.keys().map(String::as_str).collect()
    }

    fn try_get<'a>(&'a self, name: &str) -> Option<Cow<'a, str>> {
        let text = match name.strip_prefix(tags::RELATIVE) {
            Some(relative) => Cow::Owned(self.relative(relative)?),
            None => Cow::Borrowed(self.files.get(name)?.as_str()),
        };
        Some(Cow::Owned(template_of(&text)))
    }
}

impl Includes {
    /// A file beside a post, `relative` to the site's folder, read only when it is a plain
    /// file inside the site reached through real folders.
    fn relative(&self, relative: &str) -> Option<String> {
        let normalized = crate::output_path::normalized(relative).ok()?;
        let mut at = self.root.clone();
        for part in normalized.split('/') {
            at.push(part);
            if std::fs::symlink_metadata(&at)
                .ok()?
                .file_type()
                .is_symlink()
            {
                return None;
            }
        }
        let meta = std::fs::metadata(&at).ok()?;
        (meta.is_file() && meta.len() <= MAX_INCLUDE_BYTES)
            .then(|| std::fs::read_to_string(&at).ok())
            .flatten()
    }
}

/// An include's text made a template the engine reads (the same pass as a post's body).
fn template_of(text: &str) -> String {
    let parser = bare_parser();
    let parses = |piece: &str| matches!(parses_safely(parser, piece), Some(Ok(_)));
    let mut reference = |target: &str, _: usize, _: &str| target.to_string();
    let mut rules = Rules {
        code: &[],
        vocabulary: Vocabulary::of_engine(),
        parses: &parses,
        has_include: &|_| true,
        reference: &mut reference,
        strip: false,
        failing: &[],
    };
    let cleaned = clean::clean(text, &mut rules);
    match cleaned.unrunnable {
        None => cleaned.text,
        Some(_) => {
            rules.strip = true;
            clean::clean(text, &mut rules).text
        }
    }
}

/// The tags, blocks and filters the engine has, read from its own registry once: what a
/// post may use without being taken out.
pub(crate) struct Vocabulary {
    tags: std::collections::HashSet<String>,
    blocks: std::collections::HashSet<String>,
    filters: std::collections::HashSet<String>,
}

impl Vocabulary {
    /// The engine's, whichever site's (every site's engine has the same tags and filters).
    pub(crate) fn of_engine() -> &'static Vocabulary {
        static VOCABULARY: OnceLock<Vocabulary> = OnceLock::new();
        VOCABULARY.get_or_init(|| {
            use liquid::reflection::ParserReflection;
            let parser = bare_parser();
            Vocabulary {
                tags: parser.tags().map(|tag| tag.tag().to_string()).collect(),
                blocks: parser
                    .blocks()
                    .map(|block| block.start_tag().to_string())
                    .collect(),
                filters: parser
                    .filters()
                    .map(|filter| filter.name().to_string())
                    .collect(),
            }
        })
    }

    pub(crate) fn has_tag(&self, name: &str) -> bool {
        self.tags.contains(name)
    }

    pub(crate) fn has_block(&self, name: &str) -> bool {
        self.blocks.contains(name)
    }

    pub(crate) fn has_filter(&self, name: &str) -> bool {
        self.filters.contains(name)
    }
}

/// The engine with every tag and filter: made once per process, as building it is not free
/// and it holds nothing of a site but its includes.
fn build_parser(includes: Includes) -> Result<liquid::Parser, String> {
    let mut builder = liquid::ParserBuilder::with_stdlib()
        .tag(tags::IncludeTag { relative: false })
        .tag(tags::IncludeTag { relative: true })
        .tag(tags::TickTag)
        .block(tags::HighlightBlock)
        .filter(liquid_lib::jekyll::Slugify)
        .filter(liquid_lib::jekyll::Pop)
        .filter(liquid_lib::jekyll::Push)
        .filter(liquid_lib::jekyll::Shift)
        .filter(liquid_lib::jekyll::Unshift)
        .filter(liquid_lib::jekyll::ArrayToSentenceString)
        .filter(liquid_lib::jekyll::Sort);
    for filter in filters::all() {
        builder = builder.filter(filter);
    }
    builder
        .partials(liquid::partials::LazyCompiler::new(includes))
        .build()
        .map_err(|error| error.to_string())
}

/// The engine without includes, for checking a piece of template parses.
fn bare_parser() -> &'static liquid::Parser {
    static BARE: OnceLock<liquid::Parser> = OnceLock::new();
    BARE.get_or_init(|| {
        build_parser(Includes {
            root: PathBuf::new(),
            files: BTreeMap::new(),
        })
        .expect("the engine builds")
    })
}

/// What a render of a post made, for the body stage.
#[derive(Debug, Default)]
pub(crate) struct Rendered {
    pub(crate) text: String,
    /// What was taken out, with its offset in the body.
    pub(crate) removed: Vec<(String, usize)>,
    /// What the render failed on, taken out, with why and its offset.
    pub(crate) failed: Vec<(String, String, usize)>,
    /// Why the body's Liquid did not run at all, with its offset: the text is the body
    /// with its tags and outputs removed.
    pub(crate) not_run: Option<(String, usize)>,
    /// A loop or include that would not stop: the build stops here.
    pub(crate) runaway: Option<(String, usize)>,
}

/// One post's side of a render.
pub(crate) struct PostSide<'p> {
    /// The post's front matter as dotted keys and values.
    pub(crate) page: Data,
    /// Code the tool leaves as written (not Jekyll's and Eleventy's, which run Liquid over
    /// code too).
    pub(crate) code: &'p [std::ops::Range<usize>],
    /// The text a reference becomes: [`Rules::reference`].
    pub(crate) reference: &'p mut dyn FnMut(&str, usize, &str) -> String,
}

/// A writer that holds at most `left` more bytes: past it, the render fails.
struct Bounded {
    out: Vec<u8>,
    left: usize,
    over: bool,
}

impl Write for Bounded {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if bytes.len() > self.left {
            self.over = true;
            return Err(std::io::Error::other("over budget"));
        }
        self.left -= bytes.len();
        self.out.extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl LiquidSite {
    /// `path` from the site's folder, `/`-separated (Jekyll's `page.path`); as given when
    /// it is not inside.
    pub(crate) fn path_in_site(&self, path: &Path) -> String {
        let inside = path.strip_prefix(&self.root).unwrap_or(path);
        inside
            .components()
            .filter_map(|part| part.as_os_str().to_str())
            .collect::<Vec<_>>()
            .join("/")
    }

    fn parser(&self) -> Result<&liquid::Parser, String> {
        self.parser
            .get_or_init(|| {
                build_parser(Includes {
                    root: self.root.clone(),
                    files: self.includes.clone(),
                })
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// `site` as the engine reads it: the config and its data, `url` the feed's base URL
    /// (with any base path, so `baseurl` is empty: `{{ site.url }}{{ site.baseurl }}` names
    /// it once), `title` the config's, else the feed's.
    fn site_data(&self, base_url: &str, title: &str) -> &Data {
        self.site_data.get_or_init(|| {
            let mut site = Data::of_json(&self.site);
            site.insert(
                "url",
                Data::Scalar(liquid_core::Value::scalar(
                    base_url.trim_end_matches('/').to_string(),
                )),
            );
            site.insert("baseurl", Data::Scalar(liquid_core::Value::scalar("")));
            if self.site.get("title").is_none() {
                site.insert(
                    "title",
                    Data::Scalar(liquid_core::Value::scalar(title.to_string())),
                );
            }
            site
        })
    }

    /// Renders `body` with the post's side: what it makes, and what it took out.
    pub(crate) fn render(
        &self,
        body: &str,
        (base_url, title): (&str, &str),
        post: PostSide<'_>,
    ) -> Rendered {
        let parser = match self.parser() {
            Ok(parser) => parser,
            Err(why) => {
                return Rendered {
                    text: body.to_string(),
                    not_run: Some((why, 0)),
                    ..Rendered::default()
                };
            }
        };
        let parses = |piece: &str| matches!(parses_safely(parser, piece), Some(Ok(_)));
        let has_include = |name: &str| self.includes.contains_key(name);
        let globals = |page: Data| data::Globals {
            site: self.site_data(base_url, title),
            page,
            top_level_page: self.top_level,
            jekyll: &self.jekyll,
        };
        let mut failing: Vec<(String, String)> = Vec::new();
        let reference = post.reference;
        loop {
            let mut rules = Rules {
                code: post.code,
                vocabulary: Vocabulary::of_engine(),
                parses: &parses,
                has_include: &has_include,
                reference: &mut *reference,
                strip: false,
                failing: &failing,
            };
            let cleaned = clean::clean(body, &mut rules);
            let first = cleaned.first.unwrap_or(0);
            let mut rendered = Rendered {
                removed: cleaned.removed.clone(),
                failed: cleaned.failed.clone(),
                runaway: cleaned.runaway.clone(),
                ..Rendered::default()
            };
            if rendered.runaway.is_some() {
                return rendered;
            }
            let parsed = parses_safely(parser, &cleaned.text).unwrap_or_else(|| {
                Err(liquid_core::Error::with_msg(
                    "the Liquid engine failed on it (a bug of the liquid crate)",
                ))
            });
            let why = match (cleaned.unrunnable, parsed) {
                (Some(why), _) => why,
                (None, Err(error)) => (one_line(&error.to_string()), first),
                (None, Ok(template)) => {
                    match run(&template, &globals(post.page.clone()), body.len()) {
                        Ok(text) => {
                            rendered.text = text;
                            return rendered;
                        }
                        Err(Failure::Runaway(why)) => {
                            rendered.runaway = Some((why, first));
                            return rendered;
                        }
                        // What the render failed on, taken out alone, and the render tried
                        // again (a few times at most: each try costs the post once more).
                        Err(Failure::Error(message)) => match failed_on(&message) {
                            Some(needle)
                                if failing.len() < MAX_RETRIES
                                    && !failing.iter().any(|(known, _)| *known == needle) =>
                            {
                                failing.push((needle, message));
                                continue;
                            }
                            _ => (message, first),
                        },
                    }
                }
            };
            // The body's Liquid as a whole cannot run: its text is published without it.
            rules.strip = true;
            rendered.text = clean::clean(body, &mut rules).text;
            rendered.not_run = Some(why);
            return rendered;
        }
    }
}

/// How many times a render is tried again without what it failed on.
const MAX_RETRIES: usize = 8;

/// The name a render error says it failed on (`variable=r.first requested index=gz` is
/// `r.first.gz`; `filter=divided_by` is `divided_by`; `requested variable=x` is `x`), to
/// find the piece that holds it.
fn failed_on(message: &str) -> Option<String> {
    let value = |key: &str| {
        let at = message.find(key)? + key.len();
        let rest = &message[at..];
        Some(rest.split_whitespace().next()?.to_string())
    };
    match (
        value("variable="),
        value("requested index="),
        value("filter="),
    ) {
        (Some(variable), Some(index), _) if !variable.is_empty() => {
            Some(format!("{variable}.{index}"))
        }
        // A filter's error (`divided_by: 0`): the outputs that use it.
        (_, _, Some(filter)) if !filter.is_empty() => Some(filter),
        _ => value("requested variable=").filter(|name| !name.is_empty() && name != "nil"),
    }
}

/// Why a render made nothing.
enum Failure {
    /// A loop or include that would not stop, its output past the budget: the build stops.
    Runaway(String),
    /// Any other error: the post is published without its Liquid.
    Error(String),
}

/// Renders `template` with `globals`, for a body of `body_len` bytes: its output may be at
/// most 16 times that (at least 4 MB).
fn run(
    template: &liquid::Template,
    globals: &data::Globals<'_>,
    body_len: usize,
) -> Result<String, Failure> {
    let budget = (16 * body_len).max(4 << 20);
    let mut out = Bounded {
        out: Vec::with_capacity(body_len + body_len / 4),
        left: budget,
        over: false,
    };
    // A panic inside the engine is its bug, not the post's: the post is then published
    // without its Liquid, said so, and the build goes on.
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        template.render_to(&mut out, globals)
    }))
    .unwrap_or_else(|_| {
        Err(liquid_core::Error::with_msg(
            "the Liquid engine failed on it (a bug of the liquid crate)",
        ))
    });
    match result {
        Ok(()) => Ok(String::from_utf8_lossy(&out.out).into_owned()),
        Err(_) if out.over => Err(Failure::Runaway(format!(
            "its Liquid writes more than {} MB: a loop that does not end?",
            budget >> 20
        ))),
        Err(error) => {
            let message = one_line(&error.to_string());
            match message.split(tags::RUNAWAY).nth(1) {
                Some(why) => Err(Failure::Runaway(why.to_string())),
                None => Err(Failure::Error(message)),
            }
        }
    }
}

/// `text` parsed, or `None` where the engine panics on it (its bug: the piece is then
/// taken out as one that does not parse).
fn parses_safely(
    parser: &liquid::Parser,
    text: &str,
) -> Option<liquid_core::Result<liquid::Template>> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| parser.parse(text))).ok()
}

/// Liquid's error on one line.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The page's values (dotted keys, as the front matter gives them) as nested data.
pub(crate) fn page_data(values: &[(String, String)]) -> Data {
    let mut page = Data::Map(BTreeMap::new());
    for (key, value) in values {
        let keys: Vec<&str> = key.split('.').collect();
        put(&mut page, &keys, value);
    }
    page
}

/// A front-matter value as YAML typed it (the values arrive as text): a whole or
/// fractional number, true or false, else text.
fn typed(value: &str) -> liquid_core::Value {
    match value {
        "true" => return liquid_core::Value::scalar(true),
        "false" => return liquid_core::Value::scalar(false),
        _ => {}
    }
    let numeric = value
        .trim_start_matches('-')
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit());
    if numeric {
        if let Ok(int) = value.parse::<i64>() {
            return liquid_core::Value::scalar(int);
        }
        if let Ok(float) = value.parse::<f64>()
            && float.is_finite()
        {
            return liquid_core::Value::scalar(float);
        }
    }
    liquid_core::Value::scalar(value.to_string())
}

fn put(into: &mut Data, keys: &[&str], value: &str) {
    let Some((first, rest)) = keys.split_first() else {
        return;
    };
    let slot = match (first.parse::<usize>(), &mut *into) {
        (Ok(index), Data::List(items)) => {
            if index == items.len() {
                items.push(Data::Nil);
            }
            match items.get_mut(index) {
                Some(slot) => slot,
                None => return,
            }
        }
        (_, Data::Map(fields)) => fields.entry(KString::from_ref(first)).or_insert(Data::Nil),
        _ => return,
    };
    match rest.first() {
        None => *slot = Data::Scalar(typed(value)),
        Some(next) => {
            if matches!(slot, Data::Nil) {
                *slot = match next.parse::<usize>() {
                    Ok(_) => Data::List(Vec::new()),
                    Err(_) => Data::Map(BTreeMap::new()),
                };
            }
            put(slot, rest, value);
        }
    }
}
