//! The `feedsmith` binary: parse the command line, run the library, print the outcome and map
//! it to an exit code. Messages go to stderr, coloured only on a terminal; the summary (text
//! or JSON) goes to stdout.

use std::io::Write;
use std::process::ExitCode;

use clap::CommandFactory;
use clap::Parser;
use feedsmith::cli::{
    Cli, Command, IdsCommand, IdsInitArgs, InitArgs, InputArgs, OutputFormat, ServeArgs,
};
use feedsmith::error::Failure;
use feedsmith::text::counted;
use feedsmith::{BuildReport, Diagnostic, Environment, Error, Presentation, RunMode, Settings};

/// Exit statuses, a contract with scripts: each outcome a CI job must tell apart has its own.
/// Usage errors exit with 2 from clap itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Exit {
    /// Success.
    Success = 0,
    /// Bad input — the config, a post, a flag, the folders chosen — or denied warnings: fix
    /// the input.
    Input = 1,
    /// `build --check` found outputs out of date: regenerate them.
    Stale = 3,
    /// The machine failed: a file could not be read or written, a port was taken, the report
    /// could not be written to stdout. The input may be fine; try again.
    System = 4,
}

impl Exit {
    /// The status for a run that stopped with `err`.
    fn of(err: &Error) -> Exit {
        match err.failure() {
            Failure::Input => Exit::Input,
            Failure::System => Exit::System,
        }
    }
}

/// The status of a run whose outcome is `exit` and whose report to stdout came out as
/// `written`: a report that could not be written (a full disk, `> /dev/full`) is a failure of
/// the machine, but a closed pipe (`feedsmith build | head -1`) is the reader's choice, as in
/// ripgrep, and changes nothing.
fn finish(console: &Console, exit: Exit, written: std::io::Result<()>) -> Exit {
    match written {
        Ok(()) => exit,
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => exit,
        Err(err) => {
            console.error(&format!("cannot write the report to stdout: {err}"));
            Exit::System
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let environment = Environment::of_process();
    let presentation = Presentation::resolve(&cli.command, &environment);
    let console = Console::new(&presentation);
    let input = match &cli.command {
        Command::Build(args) => &args.input,
        Command::Check(input) => input,
        Command::Init(args) => {
            return ExitCode::from(run_init(&console, args, &environment) as u8);
        }
        Command::Serve(args) => {
            return ExitCode::from(run_serve(&console, args, &environment) as u8);
        }
        Command::Ids(IdsCommand::Init(args)) => {
            return ExitCode::from(run_ids_init(&console, args, &environment) as u8);
        }
        Command::Completions { shell } => {
            let mut command = Cli::command();
            clap_complete::generate(*shell, &mut command, "feedsmith", &mut std::io::stdout());
            return ExitCode::SUCCESS;
        }
        Command::Man => {
            return match clap_mangen::Man::new(Cli::command()).render(&mut std::io::stdout()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(err) => {
                    console.error(&format!("cannot print the man page: {err}"));
                    ExitCode::from(Exit::System as u8)
                }
            };
        }
    };
    let bar = Bar::new(presentation.progress_bar);
    let result = Settings::resolve(&cli.command, &environment).and_then(|settings| {
        let mut report = feedsmith::build_with_progress(&settings, &bar)?;
        feedsmith::commands::websub::announce(&settings, &mut report);
        Ok(report)
    });
    let exit = match result {
        Ok(report) => report_success(&console, &presentation, input, &report),
        Err(err) => {
            let written = report_failure(&console, &presentation, &err);
            finish(&console, Exit::of(&err), written)
        }
    };
    ExitCode::from(exit as u8)
}

/// `feedsmith serve`: one line per build, errors in full; runs until interrupted.
fn run_serve(console: &Console, args: &ServeArgs, environment: &Environment) -> Exit {
    let mut report = |event: feedsmith::commands::serve::ServeEvent<'_>| {
        let mut out = std::io::stdout().lock();
        // Changed files as the user would name them: from here, when they are below.
        let here = std::env::current_dir().unwrap_or_default();
        let shown = |path: &std::path::PathBuf| {
            path.strip_prefix(&here)
                .unwrap_or(path)
                .display()
                .to_string()
        };
        let changed = |paths: &[std::path::PathBuf]| match paths {
            [] => String::new(),
            [one] => format!(" after a change to {}", shown(one)),
            [one, rest @ ..] => format!(" after changes to {} and {} more", shown(one), rest.len()),
        };
        match event {
            feedsmith::commands::serve::ServeEvent::Listening(address) => {
                let _ = writeln!(out, "serving {address} (127.0.0.1 only); Ctrl-C stops");
            }
            feedsmith::commands::serve::ServeEvent::Built(report, paths, took) => {
                for warning in &report.warnings {
                    console.warning(&warning.to_string());
                }
                let _ = writeln!(
                    out,
                    "built{} in {} ms: {} published, {} changed",
                    changed(paths),
                    took.as_millis(),
                    counted(report.posts_published, "post", "posts"),
                    counted(
                        report.files.written.len() + report.files.removed.len(),
                        "file",
                        "files"
                    ),
                );
            }
            feedsmith::commands::serve::ServeEvent::Failed(err, paths) => {
                print_errors(console, err);
                let _ = writeln!(
                    out,
                    "build failed{}; still serving the last good build",
                    changed(paths)
                );
            }
        }
        let _ = out.flush();
    };
    match feedsmith::commands::serve::serve(args, environment, &mut report) {
        Ok(()) => Exit::Success,
        Err(err) => {
            console.error(&err.to_string());
            Exit::of(&err)
        }
    }
}

/// `feedsmith init`: writes the site, says what it wrote (and, with `--from`, what it took
/// from where), and the next two commands.
fn run_init(console: &Console, args: &InitArgs, environment: &Environment) -> Exit {
    let report = match environment
        .now()
        .and_then(|now| feedsmith::commands::init::init(&args.dir, args.from.as_deref(), now))
    {
        Ok(report) => report,
        Err(err) => {
            console.error(&err.to_string());
            return Exit::of(&err);
        }
    };
    for line in &report.skipped {
        console.warning(line);
    }
    let written = (|| {
        let mut out = std::io::stdout().lock();
        for line in &report.mapped {
            writeln!(out, "  {line}")?;
        }
        for path in &report.written {
            writeln!(out, "created {}", path.display())?;
        }
        writeln!(out, "\nNext:")?;
        if args.dir != std::path::Path::new(".") {
            writeln!(out, "  cd {}", args.dir.display())?;
        }
        writeln!(out, "  feedsmith build    # writes the feeds into public/")?;
        writeln!(
            out,
            "  feedsmith serve    # previews them on http://127.0.0.1:8000/, rebuilding on every change"
        )?;
        out.flush()
    })();
    finish(console, Exit::Success, written)
}

/// `feedsmith ids init`: the first id ledger. When no `--from` is given and earlier builds
/// left feeds in the site's output folders, asks (on a terminal) whether to read their ids,
/// and elsewhere stops with the two commands to choose from: a ledger written without them
/// would fix today's ids for good.
fn run_ids_init(console: &Console, args: &IdsInitArgs, environment: &Environment) -> Exit {
    let settings = match Settings::for_ids(args, environment) {
        Ok(settings) => settings,
        Err(err) => {
            print_errors(console, &err);
            return Exit::of(&err);
        }
    };
    let mut from = args.from.clone();
    let ledger_is_new =
        std::fs::symlink_metadata(feedsmith::commands::ids::ledger_path(&settings)).is_err();
    if from.is_empty() && !args.fresh && ledger_is_new {
        let found = feedsmith::commands::ids::published_feeds(&settings);
        if !found.is_empty() {
            let listed: Vec<String> = found
                .iter()
                .map(|path| format!("  {}", path.display()))
                .collect();
            let with_from: String = found
                .iter()
                .map(|path| format!(" --from {}", path.display()))
                .collect();
            let interactive = std::io::IsTerminal::is_terminal(&std::io::stdin())
                && environment.stderr_is_terminal;
            if !interactive {
                console.error(&format!(
                    "the site's output folders hold feeds it published before:\n{}\nrun `feedsmith ids init{with_from}` to keep the ids readers know, or `feedsmith ids init --fresh` to start from today's",
                    listed.join("\n")
                ));
                return Exit::Input;
            }
            eprintln!(
                "The site's output folders hold feeds it published before:\n{}\nRecord the ids they gave each post, so readers see no post again as new? [Y/n] ",
                listed.join("\n")
            );
            let mut answer = String::new();
            if std::io::stdin().read_line(&mut answer).is_err() {
                return Exit::Input;
            }
            if !answer.trim().to_lowercase().starts_with('n') {
                from = found;
            }
        }
    }
    let report = match feedsmith::commands::ids::init(&settings, &from) {
        Ok(report) => report,
        Err(err) => {
            print_errors(console, &err);
            return Exit::of(&err);
        }
    };
    for conflict in &report.conflicts {
        console.warning(conflict);
    }
    let written = (|| {
        let mut out = std::io::stdout().lock();
        for (feed, items, matched) in &report.feeds {
            writeln!(
                out,
                "  {}: {matched} of {} matched a post",
                feed.display(),
                counted(*items, "item", "items")
            )?;
        }
        for (feed, link) in &report.unmatched {
            writeln!(out, "  no post at {link} (from {})", feed.display())?;
        }
        writeln!(
            out,
            "created {}: {}, {} under the id a published feed gave, {} under today's",
            report.path.display(),
            counted(report.posts, "post", "posts"),
            report.from_feeds,
            report.posts - report.from_feeds
        )?;
        writeln!(
            out,
            "\nCommit it with the site: every build keeps these ids and adds new posts to it."
        )?;
        out.flush()
    })();
    finish(console, Exit::Success, written)
}

/// Warnings shown before the rest are summed up (all of them with `--verbose`): a big
/// site without descriptions would otherwise bury the summary.
const WARNINGS_SHOWN: usize = 20;

fn print_warnings(console: &Console, presentation: &Presentation, warnings: &[Diagnostic]) {
    let shown = if presentation.verbose {
        warnings.len()
    } else {
        WARNINGS_SHOWN
    };
    for warning in warnings.iter().take(shown) {
        console.warning(&warning.to_string());
    }
    if warnings.len() > shown {
        console.warning(&format!(
            "… and {} more warnings (--verbose shows them all)",
            warnings.len() - shown
        ));
    }
}

fn report_success(
    console: &Console,
    presentation: &Presentation,
    input: &InputArgs,
    report: &BuildReport,
) -> Exit {
    print_warnings(console, presentation, &report.warnings);
    if !presentation.quiet && presentation.format == OutputFormat::Text {
        print_notes(console, presentation, report);
    }
    let stale = report.mode == RunMode::BuildCheck && report.files.changes_anything();
    let written = print_summary(presentation, report, stale);
    let exit = if stale {
        let count = report.files.written.len() + report.files.removed.len();
        console.error(&format!(
            "{} out of date; run `feedsmith build{}`",
            match count {
                1 => "1 output file is".to_string(),
                n => format!("{n} output files are"),
            },
            input.selection_flags()
        ));
        Exit::Stale
    } else {
        Exit::Success
    };
    finish(console, exit, written)
}

/// The summary on stdout: the JSON report, or a line of text (with `--verbose` every feed,
/// and for stale outputs what a build would change).
fn print_summary(
    presentation: &Presentation,
    report: &BuildReport,
    stale: bool,
) -> std::io::Result<()> {
    let mut stdout = std::io::stdout().lock();
    match presentation.format {
        OutputFormat::Json => {
            serde_json::to_writer(&mut stdout, &report.to_json(stale))?;
            writeln!(stdout)?;
        }
        OutputFormat::Text => {
            if !presentation.quiet || stale {
                writeln!(stdout, "{}", report.summary())?;
            }
            if stale {
                for path in &report.files.written {
                    writeln!(stdout, "  would write  {path}")?;
                }
                for path in &report.files.removed {
                    writeln!(stdout, "  would remove {path}")?;
                }
            }
            if presentation.verbose {
                for feed in &report.feeds {
                    writeln!(
                        stdout,
                        "  {} ({}): {}",
                        feed.title,
                        feed.format.label(),
                        feed.url
                    )?;
                }
            }
        }
    }
    stdout.flush()
}

/// What is worth knowing but no problem: posts without a description (feeds show an
/// excerpt) in one line, and with `--verbose` which posts, and the scheduled posts.
fn print_notes(console: &Console, presentation: &Presentation, report: &BuildReport) {
    let missing = &report.without_description;
    if !missing.is_empty() {
        console.note(&format!(
            "{} no `description`; feeds show the first 280 characters of {} instead{}",
            match missing.len() {
                1 => "1 post has".to_string(),
                n => format!("{n} posts have"),
            },
            if missing.len() == 1 { "it" } else { "each" },
            if presentation.verbose {
                ":"
            } else {
                " (--verbose lists them)"
            }
        ));
        if presentation.verbose {
            for path in missing {
                console.note(&format!("  {}", path.display()));
            }
        }
    }
    if presentation.verbose {
        if let Some(tool) = report.tool {
            let files: Vec<String> = report
                .tool_files
                .iter()
                .map(|path| format!("`{}`", path.display()))
                .collect();
            console.note(&match files.is_empty() {
                true => format!("posts read by {tool}'s rules; none of its files read"),
                false => format!(
                    "posts read by {tool}'s rules, with its files {}",
                    files.join(", ")
                ),
            });
        }
        if let Some(changes) = &report.ledger {
            let (add, follow) = match report.mode {
                RunMode::Build => ("recorded", "followed to its new file or URL"),
                RunMode::BuildCheck | RunMode::Check => (
                    "would be recorded",
                    "would be followed to its new file or URL",
                ),
            };
            for path in &changes.added {
                console.note(&format!("{}: {path} {add}", changes.path.display()));
            }
            for path in &changes.followed {
                console.note(&format!("{}: {path} {follow}", changes.path.display()));
            }
        }
        for (path, lists) in &report.skipped.unlisted {
            console.note(&format!(
                "{lists}: {} (its front matter says so)",
                path.display()
            ));
        }
        for (path, date) in &report.skipped.scheduled {
            console.note(&format!(
                "scheduled for {}: {} (--future includes it)",
                feedsmith::dates::rfc3339(date),
                path.display()
            ));
        }
    }
}

/// An error as the user reads it: each problem of a bad config or post in full, and how many
/// there were; any other error in its one line.
fn print_errors(console: &Console, err: &Error) {
    let problems: Vec<&Diagnostic> = match err {
        Error::Content(problems) => problems.iter().collect(),
        Error::Config(problems) => problems.iter().collect(),
        other => return console.error(&other.to_string()),
    };
    for problem in &problems {
        console.error(&problem.to_string());
    }
    if problems.len() > 1 {
        let _ = writeln!(std::io::stderr(), "{} problems found", problems.len());
    }
}

/// A failed run: the denied warnings and the errors on stderr, and with `--format json` the
/// report on stdout.
fn report_failure(
    console: &Console,
    presentation: &Presentation,
    err: &Error,
) -> std::io::Result<()> {
    if let Error::DeniedWarnings(found) = err {
        print_warnings(console, presentation, found);
    }
    print_errors(console, err);
    if presentation.format == OutputFormat::Json {
        let mut stdout = std::io::stdout().lock();
        serde_json::to_writer(&mut stdout, &err.to_json())?;
        writeln!(stdout)?;
        stdout.flush()?;
    }
    Ok(())
}

/// stderr, with `error:`, `warning:` and `note:` coloured as `--color` says: by default on
/// a terminal, unless `NO_COLOR` is set to something (an empty `NO_COLOR` is unset, as
/// no-color.org has it).
struct Console {
    color: bool,
}

impl Console {
    fn new(presentation: &Presentation) -> Console {
        Console {
            color: presentation.color,
        }
    }

    fn print(&self, label: &str, ansi: &str, message: &str) {
        let mut stderr = std::io::stderr().lock();
        let _ = if self.color {
            writeln!(stderr, "\x1b[1;{ansi}m{label}\x1b[0m: {message}")
        } else {
            writeln!(stderr, "{label}: {message}")
        };
    }

    fn error(&self, message: &str) {
        self.print("error", "31", message);
    }

    fn warning(&self, message: &str) {
        self.print("warning", "33", message);
    }

    fn note(&self, message: &str) {
        self.print("note", "36", message);
    }
}

/// A progress bar on stderr, for long runs on a terminal only: hidden until a stage has at
/// least [`Bar::LONG_RUN`] steps, and never drawn into CI logs or with `--quiet`.
struct Bar {
    bar: indicatif::ProgressBar,
    allowed: bool,
}

impl Bar {
    const LONG_RUN: usize = 2_000;

    fn new(allowed: bool) -> Bar {
        let bar = indicatif::ProgressBar::hidden();
        bar.set_style(
            indicatif::ProgressStyle::with_template("{msg:>14} [{bar:40}] {pos}/{len} ({elapsed})")
                .expect("valid template")
                .progress_chars("=> "),
        );
        Bar { bar, allowed }
    }
}

impl feedsmith::progress::Progress for Bar {
    fn start(&self, stage: &'static str, total: usize) {
        if self.allowed && total >= Self::LONG_RUN && self.bar.is_hidden() {
            self.bar
                .set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
        self.bar.reset();
        self.bar.set_length(total as u64);
        self.bar.set_message(stage);
    }

    fn advance(&self, steps: usize) {
        self.bar.inc(steps as u64);
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
