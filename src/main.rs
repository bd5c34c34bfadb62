//! The `feedsmith` binary: parse the command line, run the library, print the outcome and map
//! it to an exit code. Messages go to stderr, coloured only on a terminal; the summary (text
//! or JSON) goes to stdout.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use feedsmith::cli::{Cli, Command, InputArgs, OutputFormat};
use feedsmith::{BuildReport, Diagnostic, Error, RunMode};

/// Exit statuses. Usage errors exit with 2 from clap itself.
#[derive(Debug, Clone, Copy)]
enum Exit {
    /// Success.
    Success = 0,
    /// Bad input, a failed write, denied warnings, or (with `build --check`) stale outputs.
    Failure = 1,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let (input, mode) = match &cli.command {
        Command::Build(args) if args.check => (&args.input, RunMode::BuildCheck),
        Command::Build(args) => (&args.input, RunMode::Build),
        Command::Check(input) => (input, RunMode::Check),
    };
    let console = Console::new();
    let exit =
        match feedsmith::BuildOptions::from_args(input, mode).and_then(|o| feedsmith::build(&o)) {
            Ok(report) => report_success(&console, input, &report),
            Err(err) => report_failure(&console, input, &err),
        };
    ExitCode::from(exit as u8)
}

fn report_success(console: &Console, input: &InputArgs, report: &BuildReport) -> Exit {
    for warning in &report.warnings {
        console.warning(warning);
    }
    let stale = report.mode == RunMode::BuildCheck && report.files.changes_anything();
    // A closed stdout (`feedsmith build | head -0`) is not a failure of the build.
    let mut stdout = std::io::stdout().lock();
    match input.format {
        OutputFormat::Json => {
            let mut json = report.to_json();
            json["ok"] = serde_json::Value::Bool(!stale);
            let _ = writeln!(stdout, "{json}");
        }
        OutputFormat::Text => {
            if !input.quiet || stale {
                let _ = writeln!(stdout, "{}", report.summary());
            }
            if stale {
                for path in &report.files.written {
                    let _ = writeln!(stdout, "  would write  {path}");
                }
                for path in &report.files.removed {
                    let _ = writeln!(stdout, "  would remove {path}");
                }
            }
            if input.verbose {
                for feed in &report.feeds {
                    let _ = writeln!(
                        stdout,
                        "  {} ({}): {}",
                        feed.title,
                        feed.format.label(),
                        feed.url
                    );
                }
            }
        }
    }
    if stale {
        let count = report.files.written.len() + report.files.removed.len();
        console.error(&format!(
            "{count} output file(s) are out of date; run `feedsmith build`"
        ));
        Exit::Failure
    } else {
        Exit::Success
    }
}

fn report_failure(console: &Console, input: &InputArgs, err: &Error) -> Exit {
    let (errors, warnings): (Vec<&Diagnostic>, Vec<&Diagnostic>) = match err {
        Error::Content(problems) => (problems.iter().collect(), Vec::new()),
        Error::Config(problem) => (vec![problem], Vec::new()),
        Error::DeniedWarnings(found) => (Vec::new(), found.iter().collect()),
        _ => (Vec::new(), Vec::new()),
    };
    for warning in &warnings {
        console.warning(warning);
    }
    match err {
        Error::Content(_) | Error::Config(_) => {
            for problem in &errors {
                console.error(&problem.to_string());
            }
            if errors.len() > 1 {
                let _ = writeln!(std::io::stderr(), "{} problems found", errors.len());
            }
        }
        other => console.error(&other.to_string()),
    }
    if input.format == OutputFormat::Json {
        let message = match err {
            Error::Content(_) | Error::Config(_) => serde_json::Value::Null,
            other => other.to_string().into(),
        };
        let json = serde_json::json!({
            "ok": false,
            "error": message,
            "errors": errors.iter().map(|d| feedsmith::diagnostic_json(d)).collect::<Vec<_>>(),
            "warnings": warnings.iter().map(|d| feedsmith::diagnostic_json(d)).collect::<Vec<_>>(),
        });
        let _ = writeln!(std::io::stdout(), "{json}");
    }
    Exit::Failure
}

/// stderr, with `error:` and `warning:` coloured when it is a terminal and `NO_COLOR` is unset.
struct Console {
    color: bool,
}

impl Console {
    fn new() -> Console {
        let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        Console { color }
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

    fn warning(&self, warning: &Diagnostic) {
        self.print("warning", "33", &warning.to_string());
    }
}
