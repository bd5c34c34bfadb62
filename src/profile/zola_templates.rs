//! Zola's shortcodes as Zola renders them: the Tera templates of the site's
//! `templates/shortcodes/` (then its theme's), with the templates they include, import or
//! extend, read once when the tool is found and compiled with Tera 1, the engine and major
//! version Zola runs; and the functions and filters a shortcode calls, answered from inside
//! the site (`get_url`, `get_page`, `get_section`, `load_data`, `resize_image`, `markdown`).
//!
//! A template is an input. Only plain files inside the site are read (no link followed, no
//! name that climbs out); a shortcode whose templates can reach themselves through `include`
//! or a macro is refused at its place before it runs (Tera would recurse until the stack
//! ends); and `range` draws on a budget each render shares, so nested loops stay short.

use std::cell::Cell;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::{Map, Value};
use tera::ast::{Expr, ExprVal, Node};

use super::detect::{lookup, parse_any, read_text};
use crate::error::Diagnostic;

/// The most numbers the `range` calls of one shortcode's render may make, all together: a
/// loop inside a loop counts each of its passes.
pub(crate) const RANGE_BUDGET: usize = 100_000;

/// What kind of file a shortcode is: a `.md` one's output is Markdown, rendered with the
/// post; an `.html` one's is HTML, put in as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ShortcodeKind {
    Markdown,
    Html,
}

/// One shortcode the site defines.
#[derive(Debug)]
struct Shortcode {
    /// Its Tera template's name (`shortcodes/note.html`).
    template: String,
    kind: ShortcodeKind,
    /// Why it may not run: its templates reach themselves, named with the place.
    recursive: Option<String>,
}

/// The site's own templates a post's content runs (Zola's shortcodes), shared by every
/// post's render; equal when they are the same compiled set.
#[derive(Debug, Clone, Default)]
pub(crate) struct SiteTemplates {
    pub(crate) zola: Option<Arc<ZolaShortcodes>>,
    /// Jekyll's and Eleventy's Liquid: their includes and data, and the engine.
    pub(crate) liquid: Option<Arc<super::liquid::LiquidSite>>,
    /// Hugo's shortcodes: their Go templates, partials, translations and data.
    pub(crate) hugo: Option<Arc<super::hugo_templates::HugoShortcodes>>,
}

impl PartialEq for SiteTemplates {
    fn eq(&self, other: &Self) -> bool {
        fn same<T>(a: &Option<Arc<T>>, b: &Option<Arc<T>>) -> bool {
            match (a, b) {
                (Some(a), Some(b)) => Arc::ptr_eq(a, b),
                (None, None) => true,
                _ => false,
            }
        }
        same(&self.zola, &other.zola)
            && same(&self.liquid, &other.liquid)
            && same(&self.hugo, &other.hugo)
    }
}

impl Eq for SiteTemplates {}

/// The site's shortcodes, compiled: shared, read-only, by every post's render.
pub(crate) struct ZolaShortcodes {
    tera: tera::Tera,
    shortcodes: HashMap<String, Shortcode>,
    /// The site config as Zola's templates see it (`config.extra.x`).
    config: Value,
}

/// One call of a shortcode in a post.
pub(crate) struct ZolaCall<'a> {
    pub(crate) name: &'a str,
    /// Its arguments, typed as Zola reads them.
    pub(crate) args: Map<String, Value>,
    /// What a body shortcode holds, its own shortcodes already rendered.
    pub(crate) body: Option<&'a str>,
    /// Which call of this shortcode in the post it is, from 1.
    pub(crate) nth: usize,
    /// The post as `page` (its front matter, its permalink).
    pub(crate) page: &'a Value,
    /// The post's language code.
    pub(crate) lang: &'a str,
}

/// Why a shortcode did not render.
#[derive(Debug)]
pub(crate) enum ShortcodeFailure {
    /// It asks for what feedsmith cannot give (a remote file, a function Zola has that
    /// feedsmith does not): that one call is removed, with this reason.
    Unsupported(String),
    /// It would not stop (it recurses, its loops run past the budget): the build stops here.
    Runaway(String),
}

impl std::fmt::Debug for ZolaShortcodes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut names: Vec<&String> = self.shortcodes.keys().collect();
        names.sort();
        f.debug_struct("ZolaShortcodes")
            .field("shortcodes", &names)
            .finish()
    }
}

impl ZolaShortcodes {
    /// What kind of shortcode `name` is, if the site defines it.
    pub(crate) fn kind(&self, name: &str) -> Option<ShortcodeKind> {
        self.shortcodes.get(name).map(|shortcode| shortcode.kind)
    }

    /// Renders one call, with Zola's context: its arguments, `nth`, `body`, `page`,
    /// `config`, `lang`.
    pub(crate) fn render(&self, call: ZolaCall<'_>) -> Result<String, ShortcodeFailure> {
        let shortcode = self.shortcodes.get(call.name).ok_or_else(|| {
            ShortcodeFailure::Unsupported(format!("no template defines `{}`", call.name))
        })?;
        if let Some(why) = &shortcode.recursive {
            return Err(ShortcodeFailure::Runaway(why.clone()));
        }
        let mut context = tera::Context::new();
        for (key, value) in call.args {
            context.insert(key, &value);
        }
        if let Some(body) = call.body {
            context.insert("body", body.trim_end());
        }
        context.insert("nth", &call.nth);
        context.insert("page", call.page);
        context.insert("config", &self.config);
        context.insert("lang", call.lang);
        RANGE_LEFT.with(|left| left.set(RANGE_BUDGET));
        let permalink = call
            .page
            .get("permalink")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let seed = seed(&[permalink, call.name, &call.nth.to_string()]);
        RANDOM.with(|state| state.set(seed));
        // A panic inside Tera is its bug, not the post's: that call is removed, said so.
        let rendered = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.tera.render(&shortcode.template, &context)
        }))
        .unwrap_or_else(|_| Err(tera::Error::msg("Tera failed on it (a bug of Tera)")));
        let overrun = RANGE_LEFT.with(|left| left.get()) == OVERRUN;
        match rendered {
            Ok(text) => Ok(text.replace("\r\n", "\n")),
            Err(_) if overrun => Err(ShortcodeFailure::Runaway(format!(
                "`{}` ({}) asks `range` for more than the {RANGE_BUDGET} numbers one shortcode may loop over",
                call.name, shortcode.template
            ))),
            Err(error) => Err(ShortcodeFailure::Unsupported(error_chain(&error))),
        }
    }
}

/// Tera's error with its causes, on one line: "Failed to render …: Function `x` not found".
fn error_chain(error: &tera::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text.replace('\n', " ")
}

/// The sentinel [`RANGE_LEFT`] holds once a render asked for more than its budget.
const OVERRUN: usize = usize::MAX;

thread_local! {
    /// What `range` may still make in the render running on this thread.
    static RANGE_LEFT: Cell<usize> = const { Cell::new(RANGE_BUDGET) };
    /// The state of `get_random`'s sequence in the render running on this thread.
    static RANDOM: Cell<u64> = const { Cell::new(0) };
}

/// The next number of the render's `get_random` sequence (splitmix64).
pub(super) fn next_random() -> u64 {
    RANDOM.with(|state| {
        let next = state.get().wrapping_add(0x9E37_79B9_7F4A_7C15);
        state.set(next);
        let mut z = next;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    })
}

/// A seed from `parts`, the same on every machine and run (FNV-1a).
fn seed(parts: &[&str]) -> u64 {
    parts.iter().fold(0xcbf2_9ce4_8422_2325, |hash, part| {
        part.bytes().chain([0]).fold(hash, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
        })
    })
}

/// Tera's `range`, counted against the render's budget.
fn budgeted_range(args: &HashMap<String, Value>) -> tera::Result<Value> {
    let number = |key: &str, default: u64| match args.get(key) {
        None => Ok(default),
        Some(value) => value
            .as_u64()
            .ok_or_else(|| tera::Error::msg(format!("`range`'s `{key}` is not a number"))),
    };
    let (start, end, step) = (
        number("start", 0)?,
        number("end", 0)?,
        number("step_by", 1)?,
    );
    if step == 0 {
        return Err(tera::Error::msg("`range`'s `step_by` is 0"));
    }
    let count = usize::try_from(end.saturating_sub(start).div_ceil(step)).unwrap_or(usize::MAX);
    let within = RANGE_LEFT.with(|left| match left.get().checked_sub(count) {
        Some(rest) if left.get() != OVERRUN => {
            left.set(rest);
            true
        }
        _ => {
            left.set(OVERRUN);
            false
        }
    });
    if !within {
        return Err(tera::Error::msg("range over budget"));
    }
    Ok(Value::Array(
        (start..end)
            .step_by(step as usize)
            .map(Value::from)
            .collect(),
    ))
}

/// A template file found for a name: where it is, and its text.
struct Found {
    name: String,
    path: PathBuf,
    text: String,
}

/// The folders templates are looked for in, the site's first: `templates/`, then
/// `themes/<theme>/templates/` when the config names a theme by a plain folder name.
fn template_roots(site: &Path, config: &Value) -> Vec<PathBuf> {
    let mut roots = vec![site.join("templates")];
    if let Some(theme) = theme(config) {
        roots.push(site.join("themes").join(theme).join("templates"));
    }
    roots
}

/// The theme the config names, when it names one by a plain folder name.
fn theme(config: &Value) -> Option<&str> {
    lookup(config, "theme")
        .and_then(Value::as_str)
        .filter(|theme| {
            !theme.is_empty()
                && *theme != ".."
                && *theme != "."
                && !theme.contains(['/', '\\', ':'])
        })
}

/// A plain file (not a link, not a folder) at `path`: the only kind a template is read from.
pub(super) fn plain_file(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|meta| meta.file_type().is_file())
}

/// Whether every folder from `root` down to `path`'s is a real folder, no link among them.
pub(super) fn no_links_between(root: &Path, path: &Path) -> bool {
    let Ok(inside) = path.strip_prefix(root) else {
        return false;
    };
    let mut at = root.to_path_buf();
    for part in inside.parent().into_iter().flat_map(Path::components) {
        at.push(part);
        let real_folder =
            std::fs::symlink_metadata(&at).is_ok_and(|meta| meta.file_type().is_dir());
        if !real_folder {
            return false;
        }
    }
    true
}

/// The template `name` (a `/`-separated path inside a templates folder), from the first
/// root that has it as a plain file.
fn find_template(site: &Path, roots: &[PathBuf], name: &str) -> Result<Option<Found>, Diagnostic> {
    let Ok(relative) = crate::output_path::normalized(name) else {
        return Ok(None);
    };
    for root in roots {
        let path = root.join(&relative);
        if plain_file(&path) && no_links_between(site, &path) {
            let text = read_text(&path)?;
            return Ok(Some(Found {
                name: name.to_string(),
                path,
                text,
            }));
        }
    }
    Ok(None)
}

/// The shortcode files of each root, the site's first (the site's wins over its theme's):
/// `name` → its file.
fn shortcode_files(
    site: &Path,
    roots: &[PathBuf],
) -> Result<Vec<(String, ShortcodeKind, Found)>, Diagnostic> {
    let mut found: Vec<(String, ShortcodeKind, Found)> = Vec::new();
    for root in roots {
        let folder = root.join("shortcodes");
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        let mut names: Vec<String> = entries
            .filter_map(Result::ok)
            .filter_map(|entry| entry.file_name().into_string().ok())
            .collect();
        names.sort();
        for file_name in names {
            let Some((stem, kind)) = file_name
                .strip_suffix(".html")
                .map(|stem| (stem, ShortcodeKind::Html))
                .or_else(|| {
                    file_name
                        .strip_suffix(".md")
                        .map(|stem| (stem, ShortcodeKind::Markdown))
                })
            else {
                continue;
            };
            if found.iter().any(|(name, _, _)| name == stem) {
                continue;
            }
            let template = format!("shortcodes/{file_name}");
            if let Some(file) = find_template(site, std::slice::from_ref(root), &template)? {
                found.push((stem.to_string(), kind, file));
            }
        }
    }
    Ok(found)
}

/// Tera's parse error at its line and column in `file`, in Tera's words without its own
/// drawing of the line (the diagnostic draws it).
fn parse_problem(file: &Found, error: &tera::Error) -> Diagnostic {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text = cause.to_string();
        source = cause.source();
    }
    let place = text.split("--> ").nth(1).and_then(|rest| {
        let (line, rest) = rest.split_once(':')?;
        let column: String = rest.chars().take_while(char::is_ascii_digit).collect();
        Some((line.trim().parse().ok()?, column.parse().ok()?))
    });
    let (line, column) = place.unwrap_or((1, 1));
    let words = text
        .lines()
        .filter_map(|line| line.trim_start().strip_prefix("= "))
        .next_back()
        .unwrap_or(text.lines().next().unwrap_or_default())
        .trim();
    Diagnostic::at(
        &file.path,
        line,
        column,
        format!("is not a template Tera reads (nor would Zola): {words}"),
    )
    .with_source(&file.text)
}

/// The site's shortcodes, compiled, with every template file read (for `-v`), or `None`
/// when the site has none. `config` is Zola's parsed config; `pages` its content's pages
/// (`get_page` reads no other file).
pub(super) fn load(
    site: &Path,
    config: &Value,
    pages: &BTreeSet<String>,
) -> Result<Option<(ZolaShortcodes, Vec<PathBuf>)>, Diagnostic> {
    let roots = template_roots(site, config);
    let defined = shortcode_files(site, &roots)?;
    if defined.is_empty() {
        return Ok(None);
    }
    // Each template with what it names, read until no new name is named.
    let mut files: Vec<Found> = Vec::new();
    let mut parsed: HashMap<String, tera::Template> = HashMap::new();
    let mut queue: Vec<Found> = defined
        .iter()
        .map(|(_, _, file)| Found {
            name: file.name.clone(),
            path: file.path.clone(),
            text: file.text.clone(),
        })
        .collect();
    while let Some(file) = queue.pop() {
        if parsed.contains_key(&file.name) {
            continue;
        }
        let template = tera::Template::new(&file.name, None, &file.text)
            .map_err(|error| parse_problem(&file, &error))?;
        for named in template_names(&template) {
            if parsed.contains_key(&named) || queue.iter().any(|queued| queued.name == named) {
                continue;
            }
            if let Some(found) = find_template(site, &roots, &named)? {
                queue.push(found);
            }
        }
        parsed.insert(file.name.clone(), template);
        files.push(file);
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![]);
    tera.add_raw_templates(
        files
            .iter()
            .map(|file| (file.name.as_str(), file.text.as_str())),
    )
    .map_err(|error| {
        let file = files.first().expect("a shortcode was found");
        Diagnostic::file(
            &file.path,
            format!(
                "the shortcode templates do not load: {}",
                error_chain(&error)
            ),
        )
    })?;
    let base_url = lookup(config, "base_url")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .trim_end_matches('/')
        .to_string();
    let theme = theme(config).map(str::to_string);
    super::zola_functions::register(&mut tera, site, (base_url, theme), pages);
    super::zola_functions::register_trans(&mut tera, config);
    tera.register_function("range", budgeted_range);
    let recursion = Recursion::of(&parsed);
    let shortcodes = defined
        .into_iter()
        .map(|(name, kind, file)| {
            let recursive = recursion
                .cycle_from(&file.name)
                .map(|cycle| cycle.message(&name, &files));
            (
                name,
                Shortcode {
                    template: file.name,
                    kind,
                    recursive,
                },
            )
        })
        .collect();
    let read = files.iter().map(|file| file.path.clone()).collect();
    Ok(Some((
        ZolaShortcodes {
            tera,
            shortcodes,
            config: config.clone(),
        },
        read,
    )))
}

/// The template names `template` loads: what it extends, imports and includes.
fn template_names(template: &tera::Template) -> Vec<String> {
    let mut names: Vec<String> = template.parent.iter().cloned().collect();
    names.extend(
        template
            .imported_macro_files
            .iter()
            .map(|(file, _)| file.clone()),
    );
    let mut calls = Vec::new();
    node_calls(&template.ast, &mut calls);
    for definition in template.macros.values() {
        node_calls(&definition.body, &mut calls);
    }
    for call in calls {
        if let Call::Include(included) = call {
            names.extend(included);
        }
    }
    names
}

/// What a stretch of template calls that can lead back to it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Call {
    Include(Vec<String>),
    Macro { namespace: String, name: String },
}

/// The calls of `nodes`, macro definitions aside (each is walked as its own).
fn node_calls(nodes: &[Node], calls: &mut Vec<Call>) {
    for node in nodes {
        match node {
            Node::VariableBlock(_, expr) => expr_calls(expr, calls),
            Node::Include(_, names, _) => calls.push(Call::Include(names.clone())),
            Node::Set(_, set) => expr_calls(&set.value, calls),
            Node::FilterSection(_, section, _) => {
                section
                    .filter
                    .args
                    .values()
                    .for_each(|arg| expr_calls(arg, calls));
                node_calls(&section.body, calls);
            }
            Node::Block(_, block, _) => node_calls(&block.body, calls),
            Node::Forloop(_, forloop, _) => {
                expr_calls(&forloop.container, calls);
                node_calls(&forloop.body, calls);
                if let Some(empty) = &forloop.empty_body {
                    node_calls(empty, calls);
                }
            }
            Node::If(branches, _) => {
                for (_, condition, body) in &branches.conditions {
                    expr_calls(condition, calls);
                    node_calls(body, calls);
                }
                if let Some((_, body)) = &branches.otherwise {
                    node_calls(body, calls);
                }
            }
            _ => {}
        }
    }
}

/// The macro calls of an expression, its filters' arguments included.
fn expr_calls(expr: &Expr, calls: &mut Vec<Call>) {
    value_calls(&expr.val, calls);
    for filter in &expr.filters {
        filter.args.values().for_each(|arg| expr_calls(arg, calls));
    }
}

fn value_calls(value: &ExprVal, calls: &mut Vec<Call>) {
    match value {
        ExprVal::MacroCall(call) => {
            calls.push(Call::Macro {
                namespace: call.namespace.clone(),
                name: call.name.clone(),
            });
            call.args.values().for_each(|arg| expr_calls(arg, calls));
        }
        ExprVal::FunctionCall(call) => call.args.values().for_each(|arg| expr_calls(arg, calls)),
        ExprVal::Math(math) => {
            expr_calls(&math.lhs, calls);
            expr_calls(&math.rhs, calls);
        }
        ExprVal::Logic(logic) => {
            expr_calls(&logic.lhs, calls);
            expr_calls(&logic.rhs, calls);
        }
        ExprVal::Test(test) => test.args.iter().for_each(|arg| expr_calls(arg, calls)),
        ExprVal::Array(items) => items.iter().for_each(|item| expr_calls(item, calls)),
        ExprVal::StringConcat(concat) => concat
            .values
            .iter()
            .for_each(|value| value_calls(value, calls)),
        ExprVal::In(test) => {
            expr_calls(&test.lhs, calls);
            expr_calls(&test.rhs, calls);
        }
        _ => {}
    }
}

/// A way a template reaches itself: the steps, and where the first step is written.
struct Cycle {
    path: Vec<String>,
    /// The template the cycle is found in, and text that is there to place it by.
    template: String,
    needle: String,
}

/// A template's top level (`None`) or one of its macros, in the call graph.
type CallNode = (String, Option<String>);

impl Cycle {
    /// Why shortcode `name` may not run, with the place of the call that closes the cycle
    /// in its template's file (one of `files`).
    fn message(&self, name: &str, files: &[Found]) -> String {
        let place = files
            .iter()
            .find(|found| found.name == self.template)
            .map(|found| {
                let before = &found.text[..found.text.find(&self.needle).unwrap_or(0)];
                let line = before.matches('\n').count() + 1;
                format!("{}:{line}", found.path.display())
            })
            .unwrap_or_default();
        format!(
            "shortcode `{name}` can call itself without end ({}, at {place}); Tera would recurse until the stack ran out",
            self.path.join(" → ")
        )
    }
}

/// The call graph of the templates: from each node, the nodes it calls, each with the call
/// as written.
struct Recursion {
    edges: HashMap<CallNode, Vec<(CallNode, String)>>,
}

impl Recursion {
    fn of(parsed: &HashMap<String, tera::Template>) -> Recursion {
        let mut edges = HashMap::new();
        for (name, template) in parsed {
            let namespaces: HashMap<&str, &str> = template
                .imported_macro_files
                .iter()
                .map(|(file, namespace)| (namespace.as_str(), file.as_str()))
                .collect();
            let resolve = |calls: Vec<Call>| {
                calls
                    .into_iter()
                    .flat_map(|call| match call {
                        Call::Include(names) => names
                            .into_iter()
                            .map(|n| ((n.clone(), None), format!("include \"{n}\"")))
                            .collect::<Vec<_>>(),
                        Call::Macro { namespace, name: m } => {
                            let file = match namespace.as_str() {
                                "self" => Some(name.as_str()),
                                other => namespaces.get(other).copied(),
                            };
                            file.map(|file| {
                                (
                                    (file.to_string(), Some(m.clone())),
                                    format!("{namespace}::{m}"),
                                )
                            })
                            .into_iter()
                            .collect()
                        }
                    })
                    .collect::<Vec<_>>()
            };
            let mut top = Vec::new();
            node_calls(&template.ast, &mut top);
            let mut top_edges = resolve(top);
            if let Some(parent) = &template.parent {
                top_edges.push(((parent.clone(), None), format!("extends \"{parent}\"")));
            }
            edges.insert((name.clone(), None), top_edges);
            for (macro_name, definition) in &template.macros {
                let mut calls = Vec::new();
                node_calls(&definition.body, &mut calls);
                edges.insert((name.clone(), Some(macro_name.clone())), resolve(calls));
            }
        }
        Recursion { edges }
    }

    /// A cycle reachable from template `start`'s top level, if there is one.
    fn cycle_from(&self, start: &str) -> Option<Cycle> {
        // Depth first, iteratively (a deep chain of includes must not end the stack here
        // either): each node on the current path, with the index of its next edge.
        let mut done: BTreeSet<CallNode> = BTreeSet::new();
        let mut path: Vec<(CallNode, usize)> = vec![((start.to_string(), None), 0)];
        while let Some((node, next)) = path.last().cloned() {
            let edges = self.edges.get(&node).map(Vec::as_slice).unwrap_or_default();
            let Some((target, label)) = edges.get(next) else {
                done.insert(node);
                path.pop();
                continue;
            };
            path.last_mut().expect("a node is on the path").1 += 1;
            if done.contains(target) {
                continue;
            }
            if let Some(at) = path.iter().position(|(on, _)| on == target) {
                let steps = path[at..]
                    .iter()
                    .map(|((template, name), _)| match name {
                        Some(name) => format!("macro `{name}` in {template}"),
                        None => template.clone(),
                    })
                    .chain([label.clone()])
                    .collect();
                let (template, _) = &path[path.len() - 1].0;
                return Some(Cycle {
                    path: steps,
                    template: template.clone(),
                    needle: label.clone(),
                });
            }
            path.push((target.clone(), 0));
        }
        None
    }
}

/// Reads `path` (inside the site) as data, by `format` or else its extension, as Zola's
/// `load_data` does: TOML, JSON, YAML, CSV (`{headers, records}`), else plain text.
pub(super) fn data_file(path: &Path, format: Option<&str>) -> Result<Value, String> {
    let text = read_text(path).map_err(|problem| problem.message)?;
    let format = format.map(str::to_ascii_lowercase).or_else(|| {
        path.extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
    });
    match format.as_deref() {
        Some(format @ ("toml" | "json" | "yaml" | "yml")) => {
            parse_any(&path.with_extension(format), &text).map_err(|problem| problem.message)
        }
        Some("csv") => {
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(text.as_bytes());
            let mut rows = reader.records().map(|row| {
                row.map(|cells| Value::Array(cells.iter().map(Value::from).collect()))
                    .map_err(|error| error.to_string())
            });
            let headers = rows.next().transpose()?.unwrap_or(Value::Array(Vec::new()));
            let records = rows.collect::<Result<Vec<Value>, String>>()?;
            Ok(serde_json::json!({ "headers": headers, "records": records }))
        }
        _ => Ok(Value::String(text)),
    }
}
