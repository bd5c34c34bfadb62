//! The `feedsmith` binary: parse the command line, run the library, map the outcome to an
//! exit code. Everything else lives in the library crate.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use feedsmith::cli::{Cli, Command};

fn main() -> ExitCode {
    // clap exits with status 2 on usage errors and 0 for --help/--version.
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // `{err:#}`-style: the error's own Display already carries file, line and cause.
            let _ = writeln!(std::io::stderr(), "error: {err}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), feedsmith::Error> {
    match cli.command {
        Command::Build(args) => {
            let options = feedsmith::BuildOptions::from_args(&args)?;
            let report = feedsmith::build(&options)?;
            let mut stderr = std::io::stderr().lock();
            for warning in &report.warnings {
                let _ = writeln!(stderr, "warning: {warning}");
            }
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (`feedsmith build | head -0`) is not a failure of the build.
            let _ = writeln!(stdout, "{}", report.summary());
            if args.verbose {
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
            Ok(())
        }
    }
}
