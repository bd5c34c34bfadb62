//! Hugo's shortcodes as Hugo renders them: the Go templates of the site's
//! `layouts/shortcodes/` (or `layouts/_shortcodes/`), then each theme's and each mounted
//! module's, the site's winning; their partials (`layouts/partials/`), translations
//! (`i18n/`) and data (`data/`). Templates run with `gotmpl`'s `html/template`, which escapes
//! by context as Hugo's engine does.
//!
//! Hugo's objects have methods (`.Get "src"`, `.Page.Resources.GetMatch "*.jpg"`,
//! `$img.Resize "800x"`, `strings.TrimSpace .Inner`), which Go's templates call through
//! reflection and `gotmpl` has not: each field chain of a parsed template is rewritten into
//! a call of [`WALK`], which reads the chain as Go does — a function met on the way is
//! called, the last one with the command's arguments.
//!
//! A template is an input. Files are read only inside the site, never through a link; a
//! template whose `template` calls reach themselves, or would run more than
//! [`MAX_TEMPLATE_CALLS`], is refused before it runs; `range` and `seq` draw on budgets;
//! partials nest at most [`MAX_PARTIAL_DEPTH`] deep and run at most [`MAX_PARTIAL_CALLS`]
//! times a render; output past [`MAX_OUTPUT`] stops it. A shortcode that would not stop
//! fails the build at its call; one asking for what feedsmith cannot give falls back.

use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, Weak};

use gotmpl::parse::{CommandNode, Expr, ListNode, Node, Parser, PipeNode, SmolStr};
use gotmpl::{TemplateError, Value};
use serde_json::Value as Json;

use super::detect::{lookup, read_text};
pub(crate) use super::hugo_functions::REFERENCE_MARK;
use super::hugo_functions::{PartialRunner, RenderState, SiteInfo};
use super::hugo_page::{CallFacts, PageFacts};
use super::hugo_values::{Outcome, fail, from_json, path, text};
use super::zola_templates::{ShortcodeFailure, no_links_between, plain_file};
use crate::error::Diagnostic;

/// The function every field chain becomes: `WALK base "A.B.C" args…`.
const WALK: &str = "feedsmith_walk";

/// How many `template` calls one run of a template may make, counted on its parse tree.
const MAX_TEMPLATE_CALLS: u64 = 1_000;

/// The items `range` may visit in one template's run.
const RANGE_BUDGET: u64 = 10_000;

/// How deep partials may call partials.
const MAX_PARTIAL_DEPTH: usize = 16;

/// How many partials one shortcode's render may run.
const MAX_PARTIAL_CALLS: usize = 1_000;

/// The most output one shortcode's render may write.
const MAX_OUTPUT: usize = 64 << 20;

/// The most template files read (shortcodes and partials).
const MAX_TEMPLATE_FILES: usize = 10_000;

/// One shortcode the site defines.
struct Shortcode {
    /// Its template, or why it cannot run (a parse error at its file's line).
    compiled: Result<gotmpl::html::Template, String>,
    /// Whether it reads `.Inner`: then a call of it takes a closing tag.
    uses_inner: bool,
    /// Why it may not run at all: its `template` calls reach themselves or are too many.
    runaway: Option<String>,
}

/// The site's shortcodes, compiled; shared, read-only, by every post's render.
pub(crate) struct HugoShortcodes {
    shortcodes: HashMap<String, Shortcode>,
    info: Arc<SiteInfo>,
    /// Kept alive here: the functions reach them through a weak link.
    _partials: Arc<Partials>,
}

impl std::fmt::Debug for HugoShortcodes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut names: Vec<&String> = self.shortcodes.keys().collect();
        names.sort();
        f.debug_struct("HugoShortcodes")
            .field("shortcodes", &names)
            .finish()
    }
}

/// A post as its shortcodes see it (`.Page`), made once per post.
pub(crate) struct HugoPage(Value);

/// A shortcode call as a template sees it (its dot): what `.Parent` gives the shortcodes in
/// its inner text.
pub(crate) struct HugoContext(Value);

thread_local! {
    /// How deep partials are nested in the render on this thread, and how many ran.
    static PARTIALS: Cell<(usize, usize)> = const { Cell::new((0, 0)) };
    /// What a partial's `return` gave, until the partial's run takes it.
    static RETURNED: std::cell::RefCell<Option<Value>> = const { std::cell::RefCell::new(None) };
    /// Why the render on this thread must stop, once a limit is passed.
    static RUNAWAY: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

fn runaway(why: String) -> TemplateError {
    RUNAWAY.with(|slot| {
        slot.borrow_mut().get_or_insert(why.clone());
    });
    fail(why)
}

impl HugoShortcodes {
    /// Whether the site defines `name`, and if so whether it reads `.Inner`.
    pub(crate) fn uses_inner(&self, name: &str) -> Option<bool> {
        self.shortcodes
            .get(name)
            .map(|shortcode| shortcode.uses_inner)
    }

    /// The post as `.Page`.
    pub(crate) fn page(&self, facts: &PageFacts<'_>) -> HugoPage {
        HugoPage(super::hugo_page::page_value(facts, &self.info.site))
    }

    /// A call as its template's dot, `parent` the call whose inner text holds it.
    pub(crate) fn context(
        &self,
        call: &CallFacts<'_>,
        page: &HugoPage,
        parent: Option<&HugoContext>,
    ) -> HugoContext {
        let parent = parent.map_or(Value::Nil, |parent| parent.0.clone());
        HugoContext(super::hugo_page::call_value(
            call,
            &page.0,
            &self.info.site,
            parent,
        ))
    }

    /// Renders one call as Hugo would: its HTML, and the pages its `ref`/`relref` calls name
    /// (the `index`th stands as [`REFERENCE_MARK`]`{index}x` in the HTML).
    pub(crate) fn render(
        &self,
        call: &CallFacts<'_>,
        page: &HugoPage,
        parent: Option<&HugoContext>,
        lang: &str,
    ) -> Result<(String, Vec<String>), ShortcodeFailure> {
        let shortcode = self.shortcodes.get(call.name).ok_or_else(|| {
            ShortcodeFailure::Unsupported(format!("no template defines `{}`", call.name))
        })?;
        if let Some(why) = &shortcode.runaway {
            return Err(ShortcodeFailure::Runaway(why.clone()));
        }
        let template = shortcode
            .compiled
            .as_ref()
            .map_err(|why| ShortcodeFailure::Unsupported(why.clone()))?;
        let dot = self.context(call, page, parent).0;
        let state = RenderState {
            lang: lang.to_string(),
            page: page.0.clone(),
        };
        PARTIALS.with(|count| count.set((0, 0)));
        super::hugo_functions::refuel();
        RUNAWAY.with(|slot| slot.borrow_mut().take());
        RETURNED.with(|slot| slot.borrow_mut().take());
        let mut out = Bounded::default();
        let result = super::hugo_functions::with_state(state, || {
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                template.execute_fmt(&mut out, &dot)
            }))
            .unwrap_or_else(|_| Err(fail("the template engine failed on it (a bug of gotmpl)")))
        });
        let stopped = RUNAWAY
            .with(|slot| slot.borrow_mut().take())
            .or_else(super::hugo_functions::exhausted);
        match (result, stopped) {
            (_, Some(why)) => Err(ShortcodeFailure::Runaway(format!("`{}`: {why}", call.name))),
            (Err(TemplateError::RangeIterLimit), _) => Err(ShortcodeFailure::Runaway(format!(
                "`{}` loops over more than the {RANGE_BUDGET} items one template may visit",
                call.name
            ))),
            (Err(TemplateError::RecursionLimit), _) => Err(ShortcodeFailure::Runaway(format!(
                "`{}` nests deeper than the template engine goes",
                call.name
            ))),
            (Err(_), _) if out.overrun => Err(ShortcodeFailure::Runaway(format!(
                "`{}` writes more than the {} MB one shortcode may",
                call.name,
                MAX_OUTPUT >> 20
            ))),
            (Err(error), _) => Err(ShortcodeFailure::Unsupported(error.to_string())),
            (Ok(()), None) => Ok((out.text, super::hugo_functions::take_references())),
        }
    }
}

/// Output that refuses to grow past [`MAX_OUTPUT`].
#[derive(Default)]
struct Bounded {
    text: String,
    overrun: bool,
}

impl std::fmt::Write for Bounded {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        if self.text.len() + s.len() > MAX_OUTPUT {
            self.overrun = true;
            return Err(std::fmt::Error);
        }
        self.text.push_str(s);
        Ok(())
    }
}

/// The partials of the site, parsed when first used.
struct Partials {
    files: BTreeMap<String, PathBuf>,
    compiled: Mutex<HashMap<String, Arc<Result<gotmpl::html::Template, String>>>>,
    functions: gotmpl::FuncMap,
}

impl Partials {
    fn run(&self, name: &str, context: &Value) -> Outcome {
        let name = name
            .strip_prefix("partials/")
            .or_else(|| name.strip_prefix("_partials/"))
            .unwrap_or(name);
        let key = match self.files.contains_key(name) {
            true => name.to_string(),
            false => format!("{name}.html"),
        };
        let file = self
            .files
            .get(&key)
            .ok_or_else(|| fail(format!("partial `{name}` not found")))?;
        let compiled = {
            let mut cache = self
                .compiled
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            Arc::clone(cache.entry(key.clone()).or_insert_with(|| {
                Arc::new(
                    read_text(file)
                        .map_err(|problem| problem.message)
                        .and_then(|source| compile(&key, &source, file, &self.functions).0),
                )
            }))
        };
        let template = compiled
            .as_ref()
            .as_ref()
            .map_err(|why| fail(why.clone()))?;
        let (depth, calls) = PARTIALS.with(Cell::get);
        if depth >= MAX_PARTIAL_DEPTH {
            return Err(runaway(format!(
                "partials call partials more than {MAX_PARTIAL_DEPTH} deep (`{name}`)"
            )));
        }
        if calls >= MAX_PARTIAL_CALLS {
            return Err(runaway(format!(
                "it runs more than {MAX_PARTIAL_CALLS} partials (`{name}`)"
            )));
        }
        PARTIALS.with(|count| count.set((depth + 1, calls + 1)));
        RETURNED.with(|slot| slot.borrow_mut().take());
        let mut out = Bounded::default();
        let result = template.execute_fmt(&mut out, context);
        PARTIALS.with(|count| count.set((depth, count.get().1)));
        // `return` ends the partial with its value (it stops the run to do so).
        if let Some(value) = RETURNED.with(|slot| slot.borrow_mut().take()) {
            return Ok(value);
        }
        if out.overrun {
            return Err(runaway(format!(
                "partial `{name}` writes more than {} MB",
                MAX_OUTPUT >> 20
            )));
        }
        result.map(|()| super::hugo_values::html_value(out.text))
    }
}

/// A template's source parsed, its field chains rewritten, its `template` calls counted;
/// the template, or why it cannot run; and why it must not run at all.
fn compile(
    name: &str,
    source: &str,
    file: &Path,
    functions: &gotmpl::FuncMap,
) -> (Result<gotmpl::html::Template, String>, Option<String>) {
    let parsed = Parser::with_name(Some(name), source, "{{", "}}").and_then(Parser::parse);
    let (mut tree, mut defines) = match parsed {
        Ok(parsed) => parsed,
        Err(error) => {
            return (
                Err(format!("{} does not parse: {error}", file.display())),
                None,
            );
        }
    };
    rewrite_list(&mut tree);
    for define in &mut defines {
        rewrite_list(&mut define.body);
    }
    let mut bodies: HashMap<String, &ListNode> = defines
        .iter()
        .map(|define| (define.name.to_string(), &define.body))
        .collect();
    bodies.insert(String::from("\u{0}main"), &tree);
    let stop = template_calls(&bodies, "\u{0}main")
        .err()
        .map(|why| format!("{} ({})", why, file.display()));
    let mut template = gotmpl::html::Template::new("")
        .max_range_iters(RANGE_BUDGET)
        .funcs(functions.clone());
    let entry = "feedsmith-shortcode";
    let built = template
        .parse(&format!("{{{{template \"{entry}\" .}}}}"))
        .and_then(|t| t.add_parse_tree(entry, tree));
    template = match built {
        Ok(template) => template,
        Err(error) => return (Err(error.to_string()), stop),
    };
    for define in defines {
        template = match template.add_parse_tree(&define.name, define.body) {
            Ok(template) => template,
            Err(error) => return (Err(error.to_string()), stop),
        };
    }
    (Ok(template), stop)
}

/// How many `template` calls a run of `name` makes, counted over its tree (each branch
/// counted, loops once); an error when they reach themselves or pass
/// [`MAX_TEMPLATE_CALLS`].
fn template_calls(bodies: &HashMap<String, &ListNode>, name: &str) -> Result<u64, String> {
    fn count(
        bodies: &HashMap<String, &ListNode>,
        name: &str,
        active: &mut Vec<String>,
        known: &mut HashMap<String, u64>,
    ) -> Result<u64, String> {
        if let Some(&n) = known.get(name) {
            return Ok(n);
        }
        if active.iter().any(|open| open == name) {
            return Err(format!(
                "its templates call themselves (`{}` → `{name}`), which would not stop",
                active
                    .last()
                    .map(String::as_str)
                    .unwrap_or(name)
                    .trim_start_matches('\u{0}')
            ));
        }
        let Some(body) = bodies.get(name) else {
            return Ok(0);
        };
        active.push(name.to_string());
        let mut called = Vec::new();
        called_templates(&body.nodes, &mut called);
        let mut total: u64 = 0;
        for callee in called {
            total = total
                .saturating_add(1)
                .saturating_add(count(bodies, &callee, active, known)?);
            if total > MAX_TEMPLATE_CALLS {
                return Err(format!(
                    "its templates would make more than {MAX_TEMPLATE_CALLS} `template` calls"
                ));
            }
        }
        active.pop();
        known.insert(name.to_string(), total);
        Ok(total)
    }
    count(bodies, name, &mut Vec::new(), &mut HashMap::new())
}

/// The names of the templates `nodes` call.
fn called_templates(nodes: &[Node], called: &mut Vec<String>) {
    for node in nodes {
        match node {
            Node::List(list) => called_templates(&list.nodes, called),
            Node::If(branch) | Node::Range(branch) | Node::With(branch) => {
                called_templates(&branch.body.nodes, called);
                if let Some(other) = &branch.else_body {
                    called_templates(&other.nodes, called);
                }
            }
            Node::Template(template) => called.push(template.name.to_string()),
            Node::Define(define) => called_templates(&define.body.nodes, called),
            _ => {}
        }
    }
}

fn rewrite_list(list: &mut ListNode) {
    for node in &mut list.nodes {
        match node {
            Node::List(inner) => rewrite_list(inner),
            Node::Action(action) => rewrite_pipe(&mut action.pipe),
            Node::If(branch) | Node::Range(branch) | Node::With(branch) => {
                rewrite_pipe(&mut branch.pipe);
                rewrite_list(&mut branch.body);
                if let Some(other) = &mut branch.else_body {
                    rewrite_list(other);
                }
            }
            Node::Template(template) => {
                if let Some(pipe) = &mut template.pipe {
                    rewrite_pipe(pipe);
                }
            }
            Node::Define(define) => rewrite_list(&mut define.body),
            _ => {}
        }
    }
}

fn rewrite_pipe(pipe: &mut PipeNode) {
    for (at, command) in pipe.commands.iter_mut().enumerate() {
        rewrite_command(command, at > 0);
    }
}

/// A command whose first word is a field chain with arguments (or a pipe's value) becomes
/// a method call through [`WALK`]; every other field chain becomes a walk with none.
fn rewrite_command(command: &mut CommandNode, piped: bool) {
    for arg in command.args.iter_mut().skip(1) {
        rewrite_expr(arg);
    }
    let takes_arguments = command.args.len() > 1 || piped;
    let Some(first) = command.args.first_mut() else {
        return;
    };
    if let Expr::Pipe(_, pipe) = first {
        rewrite_pipe(pipe);
        return;
    }
    match (takes_arguments, chain_parts(first)) {
        (true, Some((base, fields))) => {
            let pos = first.pos();
            let mut rewritten = vec![
                Expr::Identifier(pos, SmolStr::new(WALK)),
                base,
                Expr::String(pos, Arc::from(fields.as_str())),
            ];
            rewritten.extend(command.args.drain(1..));
            command.args = rewritten;
        }
        _ => rewrite_expr(first),
    }
}

fn rewrite_expr(expr: &mut Expr) {
    if let Expr::Pipe(_, pipe) = expr {
        rewrite_pipe(pipe);
        return;
    }
    if let Some((base, fields)) = chain_parts(expr) {
        let pos = expr.pos();
        *expr = Expr::Pipe(
            pos,
            PipeNode {
                pos,
                decl: Vec::new(),
                commands: vec![CommandNode {
                    pos,
                    args: vec![
                        Expr::Identifier(pos, SmolStr::new(WALK)),
                        base,
                        Expr::String(pos, Arc::from(fields.as_str())),
                    ],
                }],
                is_assign: false,
            },
        );
    }
}

/// A field chain as what it starts from and its fields, dotted: `.A.B` is (dot, "A.B"),
/// `$x.A` ($x, "A"), `(pipe).A` and `fn.A` (the pipe or function, "A").
fn chain_parts(expr: &Expr) -> Option<(Expr, String)> {
    let join = |fields: &[SmolStr]| {
        fields
            .iter()
            .map(SmolStr::as_str)
            .collect::<Vec<_>>()
            .join(".")
    };
    match expr {
        Expr::Field(pos, fields) => Some((Expr::Dot(*pos), join(fields))),
        Expr::Variable(pos, name, fields) if !fields.is_empty() => {
            Some((Expr::Variable(*pos, name.clone(), Vec::new()), join(fields)))
        }
        Expr::Chain(_, inner, fields) => {
            let mut base = (**inner).clone();
            rewrite_expr(&mut base);
            Some((base, join(fields)))
        }
        _ => None,
    }
}

/// `WALK base "A.B" args…`: each field of the chain read in turn (a function met on the way
/// called with nothing, the last with `args`), as Go reads a chain of fields and methods.
fn walk(args: &[Value]) -> Outcome {
    super::hugo_functions::charged_read(walk_chain(args))
}

fn walk_chain(args: &[Value]) -> Outcome {
    let [base, fields, rest @ ..] = args else {
        return Err(fail("a field chain without its fields"));
    };
    let fields = text(fields);
    let names: Vec<&str> = fields.split('.').collect();
    let mut at = base.clone();
    for (index, name) in names.iter().enumerate() {
        let last = index + 1 == names.len();
        let value = match &at {
            Value::Map(_) => super::hugo_values::field(&at, name),
            Value::Nil => return Ok(Value::Nil),
            Value::List(items) => {
                let given = if last { rest } else { &[] };
                match super::hugo_page::list_method(items, name, given) {
                    Some(found) => {
                        at = found?;
                        continue;
                    }
                    None => {
                        return Err(fail(format!("can't evaluate field {name} in a list")));
                    }
                }
            }
            other => {
                return Err(fail(format!(
                    "can't evaluate field {name} in type {}",
                    other.type_name()
                )));
            }
        };
        at = match value {
            Value::Function(f) if last => f(rest)?,
            Value::Function(f) => f(&[])?,
            value if last && !rest.is_empty() => {
                return Err(fail(format!(
                    "{name} is not a method but has arguments ({})",
                    value.type_name()
                )));
            }
            value => value,
        };
    }
    Ok(at)
}

/// Hugo's `return` in a partial: its value is the partial's; the run stops here.
fn partial_return(args: &[Value]) -> Outcome {
    let value = args.last().cloned().unwrap_or(Value::Nil);
    RETURNED.with(|slot| *slot.borrow_mut() = Some(value));
    Err(fail("`return` ends the partial"))
}

/// The folders a Hugo site's layouts, i18n, data and assets come from, the site's first:
/// itself, then each theme (`theme`, a list of themes, in `themesDir`), then each module
/// import found vendored (`_vendor/<path>`) or as a theme folder. A `themesDir` may climb
/// out of the site (a theme's example site names `../..`) but never past `edge`, the
/// repository's root.
fn component_roots(site: &Path, config: &Json, edge: &Path) -> Vec<PathBuf> {
    let mut roots = vec![site.to_path_buf()];
    let themes_dir = lookup(config, "themesdir")
        .and_then(Json::as_str)
        .map_or(Some(site.join("themes")), |dir| {
            lexically_inside(site, dir, edge)
        });
    let mut names: Vec<String> = match lookup(config, "theme") {
        Some(Json::String(theme)) => vec![theme.clone()],
        Some(Json::Array(themes)) => themes
            .iter()
            .filter_map(Json::as_str)
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    };
    if let Some(Json::Array(imports)) = lookup(config, "module").and_then(|m| lookup(m, "imports"))
    {
        names.extend(
            imports
                .iter()
                .filter_map(|import| lookup(import, "path").and_then(Json::as_str))
                .map(str::to_string),
        );
    }
    for name in names {
        let Ok(relative) = crate::output_path::normalized(&name) else {
            continue;
        };
        let candidates = themes_dir
            .iter()
            .map(|dir| dir.join(&relative))
            .chain([site.join("_vendor").join(&relative)]);
        for candidate in candidates {
            let real_folder =
                std::fs::symlink_metadata(&candidate).is_ok_and(|meta| meta.file_type().is_dir());
            if real_folder
                && no_links_between(edge, &candidate.join("x"))
                && !roots.contains(&candidate)
            {
                roots.push(candidate);
                break;
            }
        }
    }
    roots
}

/// The site's own `[[module.mounts]]`: each source folder (inside the repository) with the
/// component it is mounted as (`layouts`, `i18n`, `data`, `assets`).
fn site_mounts(site: &Path, config: &Json, edge: &Path) -> Vec<(String, PathBuf)> {
    let Some(Json::Array(mounts)) = lookup(config, "module").and_then(|m| lookup(m, "mounts"))
    else {
        return Vec::new();
    };
    mounts
        .iter()
        .filter_map(|mount| {
            let source = lookup(mount, "source").and_then(Json::as_str)?;
            let target = lookup(mount, "target").and_then(Json::as_str)?;
            let folder = lexically_inside(site, source, edge)?;
            Some((target.trim_matches('/').to_string(), folder))
        })
        .collect()
}

/// The folders a component (`layouts`, `i18n`, `data`, `assets`) is read from, in the order
/// they win: the site's (its mounts of that component, else its own folder of that name,
/// as Hugo drops the default mount once one is declared), then each theme's.
fn component_folders(
    roots: &[PathBuf],
    mounts: &[(String, PathBuf)],
    component: &str,
) -> Vec<PathBuf> {
    let mounted: Vec<PathBuf> = mounts
        .iter()
        .filter(|(target, _)| target == component)
        .map(|(_, source)| source.clone())
        .collect();
    let (site, themes) = roots.split_first().expect("the site is the first root");
    let mut folders = match mounted.is_empty() {
        true => vec![site.join(component)],
        false => mounted,
    };
    folders.extend(themes.iter().map(|theme| theme.join(component)));
    folders
}

/// `relative` from `base`, its `..` taken lexically (no link followed), if that stays
/// inside `edge`; none for an absolute path.
fn lexically_inside(base: &Path, relative: &str, edge: &Path) -> Option<PathBuf> {
    let mut path = base.to_path_buf();
    for part in Path::new(relative).components() {
        match part {
            std::path::Component::Normal(name) => path.push(name),
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir if path.pop() => {}
            _ => return None,
        }
    }
    path.starts_with(edge).then_some(path)
}

/// The template files under `folder` (`.html`), by their name there without `.html`
/// (`gallery`, `docs/note`), into `found` unless an earlier root gave the name.
fn template_files(
    edge: &Path,
    folder: &Path,
    found: &mut BTreeMap<String, PathBuf>,
    keep_suffix: bool,
) {
    for (name, file) in super::hugo_page::files_under(folder, MAX_TEMPLATE_FILES) {
        let file = file.as_path();
        let key = match (keep_suffix, name.strip_suffix(".html")) {
            (true, _) => name.clone(),
            (false, Some(stem)) => stem.to_string(),
            (false, None) => continue,
        };
        // Output-format and language variants (`x.amp.html`, `x.en.html`) are not the
        // HTML page's.
        if !keep_suffix
            && key
                .rsplit('/')
                .next()
                .is_some_and(|stem| stem.contains('.'))
        {
            continue;
        }
        if found.contains_key(&key) || !plain_file(file) || !no_links_between(edge, file) {
            continue;
        }
        found.insert(key, file.to_path_buf());
    }
}

/// Translations of `i18n/*.toml|yaml|json` in each root, the site's winning, by language.
fn translations(
    edge: &Path,
    folders: &[PathBuf],
) -> (BTreeMap<String, BTreeMap<String, Value>>, Vec<PathBuf>) {
    let mut tables: BTreeMap<String, BTreeMap<String, Value>> = BTreeMap::new();
    let mut read = Vec::new();
    for folder in folders {
        let Ok(entries) = std::fs::read_dir(folder) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        files.sort();
        for file in files {
            let Some(lang) = file
                .file_stem()
                .and_then(|s| s.to_str())
                .map(str::to_lowercase)
            else {
                continue;
            };
            if !plain_file(&file) || !no_links_between(edge, &file) {
                continue;
            }
            let Ok(parsed) = super::zola_templates::data_file(&file, None) else {
                continue;
            };
            read.push(file);
            let table = tables.entry(lang).or_default();
            let mut put = |id: &str, value: &Json| {
                // Hugo reads translation ids without regard to case.
                table
                    .entry(id.to_lowercase())
                    .or_insert_with(|| from_json(value));
            };
            match &parsed {
                Json::Object(entries) => entries.iter().for_each(|(id, v)| put(id, v)),
                // go-i18n's list form: `- id: x\n  translation: y`.
                Json::Array(entries) => {
                    for entry in entries {
                        if let (Some(id), Some(v)) = (
                            lookup(entry, "id").and_then(Json::as_str),
                            lookup(entry, "translation"),
                        ) {
                            put(id, v);
                        }
                    }
                }
                _ => {}
            }
        }
    }
    (tables, read)
}

/// The site's `data/` files, nested by folder, each by its name without extension.
fn site_data(edge: &Path, folders: &[PathBuf]) -> (Json, Vec<PathBuf>) {
    let mut data = Json::Object(Default::default());
    let mut read = Vec::new();
    let mut budget: u64 = 64 << 20;
    for folder in folders.iter().rev() {
        for (_, file) in super::hugo_page::files_under(folder, MAX_TEMPLATE_FILES) {
            let file = file.as_path();
            let size = std::fs::metadata(file).map_or(u64::MAX, |meta| meta.len());
            let known = file.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                matches!(
                    e.to_ascii_lowercase().as_str(),
                    "toml" | "yaml" | "yml" | "json" | "csv"
                )
            });
            if !known || size > budget || !no_links_between(edge, file) {
                continue;
            }
            budget -= size;
            let Ok(value) = super::zola_templates::data_file(file, None) else {
                continue;
            };
            let Ok(inside) = file.strip_prefix(folder) else {
                continue;
            };
            let mut keys: Vec<String> = inside
                .components()
                .filter_map(|c| c.as_os_str().to_str().map(str::to_string))
                .collect();
            if let Some(last) = keys.last_mut() {
                *last = last
                    .rsplit_once('.')
                    .map_or(last.clone(), |(stem, _)| stem.to_string());
            }
            let mut at = &mut data;
            for key in &keys[..keys.len().saturating_sub(1)] {
                let Json::Object(fields) = at else { break };
                at = fields
                    .entry(key.clone())
                    .or_insert_with(|| Json::Object(Default::default()));
            }
            if let (Json::Object(fields), Some(last)) = (at, keys.last()) {
                fields.insert(last.clone(), value);
            }
            read.push(file.to_path_buf());
        }
    }
    (data, read)
}

/// `.Site`: its base URL, title, params, language, data.
fn site_value(config: &Json, data: &Json, lang: &str) -> Value {
    let text_of = |key: &str| {
        lookup(config, key)
            .and_then(Json::as_str)
            .unwrap_or_default()
    };
    let params = lookup(config, "params").map_or(Value::Map(Default::default()), from_json);
    let language = super::hugo_values::map_value([
        ("Lang", super::hugo_values::text_value(lang)),
        ("LanguageName", super::hugo_values::text_value(lang)),
        (
            "LanguageCode",
            super::hugo_values::text_value(text_of("languagecode")),
        ),
    ]);
    let lookup_params = params.clone();
    super::hugo_values::map_value([
        (
            "BaseURL",
            super::hugo_values::text_value(text_of("baseurl")),
        ),
        ("Title", super::hugo_values::text_value(text_of("title"))),
        (
            "Copyright",
            super::hugo_values::text_value(text_of("copyright")),
        ),
        (
            "LanguageCode",
            super::hugo_values::text_value(text_of("languagecode")),
        ),
        ("Params", params),
        ("Language", language),
        ("Data", from_json(data)),
        (
            "Param",
            super::hugo_values::method(move |args| {
                Ok(path(
                    &lookup_params,
                    &text(super::hugo_values::first(args)?),
                ))
            }),
        ),
    ])
}

/// The site's shortcodes, compiled, with every file read (for `-v`), or `None` when the
/// site has none. `config` is Hugo's parsed config; `edge` the folder nothing is read
/// above (the repository's root).
pub(super) fn load(
    site: &Path,
    config: &Json,
    edge: &Path,
) -> Result<Option<(HugoShortcodes, Vec<PathBuf>)>, Diagnostic> {
    let roots = component_roots(site, config, edge);
    let mounts = site_mounts(site, config, edge);
    let folders = |component: &str| component_folders(&roots, &mounts, component);
    let mut shortcode_files = BTreeMap::new();
    let mut partial_files = BTreeMap::new();
    for layouts in folders("layouts") {
        for folder in ["_shortcodes", "shortcodes"] {
            template_files(edge, &layouts.join(folder), &mut shortcode_files, false);
        }
        for folder in ["_partials", "partials"] {
            template_files(edge, &layouts.join(folder), &mut partial_files, true);
        }
    }
    if shortcode_files.is_empty() {
        return Ok(None);
    }
    let (i18n, mut read) = translations(edge, &folders("i18n"));
    let (data, data_read) = site_data(edge, &folders("data"));
    read.extend(data_read);
    let base_url = lookup(config, "baseurl")
        .and_then(Json::as_str)
        .unwrap_or_default()
        .trim_end_matches('/')
        .to_string();
    let base_path = url::Url::parse(&base_url)
        .map(|url| url.path().trim_end_matches('/').to_string())
        .unwrap_or_default();
    let lang = lookup(config, "defaultcontentlanguage")
        .and_then(Json::as_str)
        .unwrap_or("en")
        .to_string();
    let info = Arc::new(SiteInfo {
        base_url,
        base_path,
        root: site.to_path_buf(),
        assets: folders("assets"),
        i18n,
        site: site_value(config, &data, &lang),
        partials: partial_files.keys().cloned().collect::<BTreeSet<_>>(),
    });
    let slot: Arc<OnceLock<Weak<Partials>>> = Arc::default();
    let runner: PartialRunner = {
        let slot = Arc::clone(&slot);
        Arc::new(move |name: &str, context: &Value| {
            let partials = slot
                .get()
                .and_then(Weak::upgrade)
                .ok_or_else(|| fail("partials are not loaded"))?;
            partials.run(name, context)
        })
    };
    let mut functions = super::hugo_functions::functions(Arc::clone(&info), runner);
    functions.insert(WALK.to_string(), Arc::new(walk));
    functions.insert("return".to_string(), Arc::new(partial_return));
    let partials = Arc::new(Partials {
        files: partial_files,
        compiled: Mutex::default(),
        functions: functions.clone(),
    });
    let _ = slot.set(Arc::downgrade(&partials));
    let mut shortcodes = HashMap::new();
    for (name, file) in &shortcode_files {
        let source = read_text(file)?;
        let (compiled, runaway) = compile(
            &format!("shortcodes/{name}.html"),
            &source,
            file,
            &functions,
        );
        let uses_inner = source.contains(".Inner");
        shortcodes.insert(
            name.clone(),
            Shortcode {
                compiled,
                uses_inner,
                runaway,
            },
        );
        read.push(file.clone());
    }
    Ok(Some((
        HugoShortcodes {
            shortcodes,
            info,
            _partials: partials,
        },
        read,
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::hugo_values::{map_value, method, text_value};

    /// `source` compiled with Hugo's functions (no partials) and run on `dot`.
    fn run(source: &str, dot: &Value) -> Result<String, String> {
        let info = Arc::new(SiteInfo {
            base_url: "https://example.org/docs".into(),
            base_path: "/docs".into(),
            root: PathBuf::from("/nonexistent"),
            assets: Vec::new(),
            i18n: BTreeMap::new(),
            site: map_value([]),
            partials: BTreeSet::new(),
        });
        let runner: PartialRunner = Arc::new(|_: &str, _: &Value| Err(fail("no partials")));
        let mut functions = super::super::hugo_functions::functions(info, runner);
        functions.insert(WALK.to_string(), Arc::new(walk));
        let (compiled, stop) = compile("t", source, Path::new("t.html"), &functions);
        if let Some(why) = stop {
            return Err(why);
        }
        let template = compiled?;
        template
            .execute_to_string(dot)
            .map_err(|error| error.to_string())
    }

    fn dot() -> Value {
        let resource = map_value([
            ("Name", text_value("a.svg")),
            ("Content", method(|_| Ok(text_value("<svg/>")))),
        ]);
        let got = resource.clone();
        map_value([
            (
                "Get",
                method(|args| Ok(text_value(format!("got {}", text(&args[0]))))),
            ),
            ("Res", method(move |_| Ok(got.clone()))),
            (
                "Files",
                Value::List(
                    vec![
                        map_value([
                            ("Name", text_value("a.txt")),
                            ("ResourceType", text_value("text")),
                        ]),
                        map_value([
                            ("Name", text_value("b.png")),
                            ("ResourceType", text_value("image")),
                        ]),
                    ]
                    .into(),
                ),
            ),
            (
                "Page",
                map_value([("Params", map_value([("Color", text_value("red"))]))]),
            ),
        ])
    }

    #[test]
    fn methods_take_their_arguments_wherever_the_chain_is_written() {
        let dot = dot();
        assert_eq!(run("{{ .Get \"src\" }}", &dot).unwrap(), "got src");
        assert_eq!(run("{{ $.Get 1 }}", &dot).unwrap(), "got 1");
        assert_eq!(
            run("{{ $x := . }}{{ $x.Get \"v\" }}", &dot).unwrap(),
            "got v"
        );
        assert_eq!(run("{{ \"p\" | .Get }}", &dot).unwrap(), "got p");
        assert_eq!(
            run("{{ with .Get \"w\" }}[{{ . }}]{{ end }}", &dot).unwrap(),
            "[got w]"
        );
        // A method met on the way is called with nothing; the last one too when it takes
        // nothing (`.Content`).
        assert_eq!(run("{{ .Res.Name }}", &dot).unwrap(), "a.svg");
        assert_eq!(
            run("{{ .Res.Content | safeHTML }}", &dot).unwrap(),
            "<svg/>"
        );
        // A namespace's function with arguments, and fed by a pipe.
        assert_eq!(run("{{ strings.TrimSpace \"  x \" }}", &dot).unwrap(), "x");
        assert_eq!(
            run("{{ \" y \" | strings.TrimSpace | upper }}", &dot).unwrap(),
            "Y"
        );
        // A list of resources has Hugo's methods, wherever it is met.
        assert_eq!(
            run(
                "{{ with (.Files.ByType \"image\").GetMatch \"*.PNG\" }}{{ .Name }}{{ end }}",
                &dot
            )
            .unwrap(),
            "b.png"
        );
        assert_eq!(run("{{ len (.Files.Match \"*\") }}", &dot).unwrap(), "2");
        assert_eq!(
            run("{{ (try (.Get \"t\")).Value }}", &dot).unwrap(),
            "got t"
        );
        // Keys read without regard to case, as Hugo's params are.
        assert_eq!(run("{{ .Page.Params.color }}", &dot).unwrap(), "red");
        assert_eq!(run("{{ .Page.Params.none }}", &dot).unwrap(), "");
        // A field that is not a method, given arguments, is an error as in Go.
        assert!(run("{{ .Page.Params \"x\" }}", &dot).is_err());
    }

    #[test]
    fn hugo_functions_answer_as_hugo_does() {
        let dot = dot();
        let cases = [
            (
                "{{ default \"d\" \"\" }}|{{ \"\" | default \"e\" }}|{{ default \"d\" \"g\" }}",
                "d|e|g",
            ),
            (
                "{{ slice 1 2 3 | len }}|{{ index (slice \"a\" \"b\") 1 }}",
                "3|b",
            ),
            (
                "{{ delimit (slice \"a\" \"b\" \"c\") \", \" \" and \" }}",
                "a, b and c",
            ),
            (
                "{{ replaceRE \"(\\\\d+)\" \"<$1>\" \"a1b22\" }}",
                "a&lt;1&gt;b&lt;22&gt;",
            ),
            (
                "{{ urlize \"Hello World\" }}|{{ anchorize \"Hello, World!\" }}",
                "hello-world|hello-world",
            ),
            (
                "{{ relURL \"/img/a.png\" }}|{{ absURL \"/docs/b\" }}|{{ absURL \"b\" }}",
                "https://example.org/docs/img/a.png|https://example.org/docs/b|https://example.org/docs/b",
            ),
            (
                "{{ add 1 2 }}|{{ mul 2 2.5 }}|{{ div 7 2 }}|{{ math.Round 2.5 }}",
                "3|5|3|3",
            ),
            (
                "{{ in (slice \"a\" \"b\") \"b\" }}|{{ in \"abc\" \"z\" }}",
                "true|false",
            ),
            (
                "{{ first 2 (seq 5) }}|{{ after 3 (seq 5) }}|{{ seq 3 -1 1 }}",
                "[1 2]|[4 5]|[3 2 1]",
            ),
            (
                "{{ markdownify \"*a*\" }}|{{ plainify \"<b>b</b>\" }}",
                "<em>a</em>|b",
            ),
            (
                "{{ humanize \"my-post\" }}|{{ humanize 3 }}|{{ title \"the end\" }}",
                "My post|3rd|The End",
            ),
            (
                "{{ dateFormat \"Jan 2, 2006\" \"2024-03-05\" }}",
                "Mar 5, 2024",
            ),
            ("{{ lang.NumFmt 2 12345.678 }}", "12,345.68"),
            ("{{ truncate 10 \"one two three four\" }}", "one two …"),
            (
                "{{ $s := newScratch }}{{ $s.Add \"n\" 2 }}{{ $s.Add \"n\" 3 }}{{ $s.Get \"n\" }}",
                "5",
            ),
            ("{{ jsonify (dict \"a\" 1) }}", "{&#34;a&#34;:1}"),
            (
                "{{ print 1 2 \"a\" 3 }}|{{ printf \"%05d|%x\" 42 255 }}",
                "1 2a3|00042|ff",
            ),
            ("{{ urlquery \"a b&c\" }}", "a&#43;b%26c"),
        ];
        for (source, wanted) in cases {
            assert_eq!(run(source, &dot).as_deref(), Ok(wanted), "{source}");
        }
        assert_eq!(
            run("{{ len (resources.Match \"*.svg\") }}", &dot).unwrap(),
            "0"
        );
        let refused = run("{{ now }}", &dot).unwrap_err();
        assert!(refused.contains("`now` asks for the clock"), "{refused}");
    }

    #[test]
    fn template_calls_are_counted_and_cycles_found_before_a_run() {
        let recursive = "{{ define \"a\" }}{{ template \"b\" . }}{{ end }}{{ define \"b\" }}{{ template \"a\" . }}{{ end }}{{ template \"a\" . }}";
        let why = run(recursive, &Value::Nil).unwrap_err();
        assert!(
            why.contains("call themselves") && why.contains("t.html"),
            "{why}"
        );
        // Called many times from many places but finite and small: fine.
        let fine = "{{ define \"x\" }}.{{ end }}{{ define \"y\" }}{{ template \"x\" }}{{ template \"x\" }}{{ end }}{{ template \"y\" }}{{ template \"y\" }}";
        assert_eq!(run(fine, &Value::Nil).unwrap(), "....");
    }
}
