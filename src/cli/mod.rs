//! The command-line front end: flags, sources, formats, messages and exit
//! codes. The library (`ses_smtp_password`) has the rules; this module has
//! everything a person or a script sees.
//!
//! # Data flow
//!
//! ```text
//! argv ─ args (clap) ─┬─ plan ── source ── key check ── derive ── format ── output ── stdout
//!                     │  (flags checked    (with_secret:     (library)  (one path for
//!                     │   before any        one secret and              single and
//!                     │   secret is read)   its username)               --batch)
//!                     └─ identify / check / regions / completions / manpage
//!
//! every failure ── CliError ── error::parts (exit code, problem, hint) ── stderr
//! ```
//!
//! # Module map
//!
//! | module | owns |
//! |---|---|
//! | `args`, `values` | the clap definitions and the values options take; their doc comments are the help, the man page and the completions |
//! | `clap_error` | clap's refusals as our errors, from argument names only |
//! | `error` | every user-facing error, and its exit code and two lines, in one match |
//! | `redact` | which typed values may be shown in a message |
//! | `warn` | warning lines and `--quiet` |
//! | `hygiene` | no core dumps, not dumpable: before any secret is read |
//! | `input` | bytes from stdin, files, named pipes, the environment, the prompt |
//! | `source` | which source, and the one secret (with its username) of a run |
//! | `csv`, `ini`, `profile`, `profiles`, `shapes` | the IAM console CSV, the AWS CLI's INI files and profiles (and credential_process), and the JSON and `NAME=value` shapes AWS tools print |
//! | `plan` | what to derive and print, checked before reading a secret |
//! | `derive`, `batch` | the default command, for one key or many |
//! | `format` | the output forms, rendered into wiping buffers |
//! | `output` | the one stdout writer; a closed pipe ends the run quietly |
//! | `identify`, `pasted` | what a password is, however it was pasted |
//! | `check`, `regions`, `completions`, `manual` | the other subcommands |

mod args;
mod batch;
#[cfg(feature = "check")]
mod check;
#[cfg(feature = "check")]
mod check_regions;
mod clap_error;
mod completions;
mod csv;
mod derive;
mod error;
mod format;
mod hygiene;
mod identify;
mod ini;
mod input;
mod manual;
#[cfg(feature = "check")]
mod message;
mod output;
mod pasted;
mod plan;
mod profile;
mod profiles;
#[cfg(test)]
mod reader_properties;
mod redact;
mod regions;
mod shapes;
mod source;
mod values;
mod warn;

use std::io::{self, IsTerminal as _, Write as _};
use std::process::ExitCode;

use clap::CommandFactory as _;
use clap::error::ErrorKind;
use zeroize::Zeroizing;

use args::{Cli, Command};
use error::CliError;

/// Runs the command line in `argv` (program name first) and says how it ended.
pub fn main(argv: Vec<std::ffi::OsString>) -> ExitCode {
    // Before anything can read a secret.
    let hardened = hygiene::harden();
    let args = match parse(&argv) {
        Ok(args) => args,
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
            // Through the one stdout writer, so `--help | true` (a reader
            // gone before the help is written) exits 0 like any command;
            // clap's own `print` reports the closed pipe as a failure.
            let help = e.render();
            let text = if io::stdout().is_terminal() {
                help.ansi().to_string()
            } else {
                help.to_string()
            };
            return match output::write(text.as_bytes()) {
                Ok(_) => ExitCode::SUCCESS,
                Err(e) => fail(&e),
            };
        }
        Err(e) => {
            let words: Vec<String> = argv
                .iter()
                .skip(1)
                .map(|w| w.to_string_lossy().into_owned())
                .collect();
            return fail(&clap_error::from_clap(&e, &words, &Cli::command()));
        }
    };
    if let Err(e) = hardened {
        let _ = writeln!(
            io::stderr(),
            "warning: could not disable core dumps ({}); continuing",
            e.kind()
        );
    }
    match run(args).and_then(|out| output::write(&out)) {
        Ok(_) => ExitCode::SUCCESS,
        Err(e) => fail(&e),
    }
}

/// `Cli::try_parse_from`, less freeing the parser's definitions at the
/// end: they hold no secret (no option takes one), and freeing them block
/// by block, each wiped by the zeroizing allocator, is a tenth of the
/// start-up's instructions (issue 14). They go with the process.
fn parse(argv: &[std::ffi::OsString]) -> Result<Cli, clap::Error> {
    use clap::FromArgMatches as _;
    let mut command = Cli::command();
    let parsed = command
        .try_get_matches_from_mut(argv)
        .and_then(|mut matches| {
            Cli::from_arg_matches_mut(&mut matches).map_err(|e| e.format(&mut command))
        });
    std::mem::forget(command);
    parsed
}

/// Runs the chosen command; returns what goes to stdout (`--batch` writes
/// its own, in chunks, and returns nothing).
fn run(args: Cli) -> Result<Zeroizing<Vec<u8>>, CliError> {
    match args.command {
        None => {
            let plan = plan::Plan::new(&args.derive)?;
            if args.derive.batch {
                batch::run(&args.derive, &plan)?;
                Ok(Zeroizing::new(Vec::new()))
            } else {
                derive::run(&args.derive, &plan)
            }
        }
        Some(Command::Identify(identify)) => identify::run(&identify),
        #[cfg(feature = "check")]
        Some(Command::Check(check)) => check::run(&check),
        #[cfg(not(feature = "check"))]
        Some(Command::Check { .. }) => Err(CliError::NoCheck),
        Some(Command::Regions { format }) => Ok(Zeroizing::new(regions::run(format))),
        Some(Command::Completions { shell }) => Ok(Zeroizing::new(completions::completions(shell))),
        Some(Command::Manpage { dir: None }) => Ok(Zeroizing::new(manual::main_page())),
        Some(Command::Manpage { dir: Some(dir) }) => manual::write_pages(&dir).map(Zeroizing::new),
    }
}

/// Prints the error's two lines on stderr and returns its exit code.
fn fail(e: &CliError) -> ExitCode {
    // Ignore a failure to write stderr: there is nowhere left to report it.
    let _ = io::stderr().write_all(e.render().as_bytes());
    ExitCode::from(e.exit_code())
}
