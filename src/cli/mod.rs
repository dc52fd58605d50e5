//! The command-line front end: flags, sources, formats, messages and exit
//! codes. The library (`ses_smtp_password`) has the rules; this module has
//! everything a person or a script sees.
//!
//! # Data flow
//!
//! ```text
//! argv ─ flags (clap) ┬─ plan ── source ── key check ── derive ── form ──── output ── stdout
//!                     │  (flags checked    (with_secret:     (library)  (one path for
//!                     │   before any        one secret and              single and
//!                     │   secret is read)   its username)               --batch)
//!                     └─ identify / check / regions / completions / manpage
//!
//! every failure ── report::CliError ── report::parts (exit code, problem, hint) ── stderr
//! ```
//!
//! # Module map
//!
//! The folders are the stages of the flow; a module imports only from the
//! stages below it. At the bottom are the pure readers and forms (the CSV,
//! INI and AWS-output parsers, the output forms, `redact`): they know
//! nothing of the command line's errors, and `report` wraps theirs. Every
//! other module reports through `report`.
//!
//! | folder / module | owns |
//! |---|---|
//! | `flags/` | `args` (the clap definitions; their doc comments are the help, the man pages and the completions; `rotate` and `probe` hold those commands' own, `examples` the examples each help ends with), `values` (what options take), `refusal` (clap's refusals as our errors, from argument names only) |
//! | `report/` | every user-facing error with its exit code and two lines in one match (`mod`, `parts`, `detail`, `advice`; `form_refusal` for the forms' refusals; `rotate` for rotate's; `replies` for what each SES reply means and explain's own), `warn` (warning lines, `--quiet`), `redact` (which typed values may be shown) |
//! | `platform/` | what differs between operating systems: process hardening and opening a file for a secret (`unix`); and, portable, the stack and register scrub at the end of a run (`scrub`) |
//! | `source/` | where the key comes from: `bytes` (stdin, files, named pipes, the environment, the prompt), `csv` (the IAM console's file), `aws_cli/` (the AWS CLI's INI files: `ini`, `resolve` a profile, `mod` reads the files and runs credential_process), `aws_output` (the JSON and `NAME=value` shapes AWS tools print) and `unwrap` (their key and ID), `pasted` (an SMTP password as people paste it); `mod` picks the source and yields the one secret with its username |
//! | `output/` | where results go: `form` (the output forms, rendered into wiping buffers), `mod` (the one stdout writer; a closed pipe ends the run quietly), `github_env` (the `$GITHUB_ENV` file), `destination` (the forms named for where they go: secret stores, msmtp), `app` (`--app`: each app's names and TLS settings) and `app_syntax` (them in the app's own syntax), `variables` (NAME/value pairs in each env-style form and as a JSON object), `file` (an atomic 0600 write) |
//! | `commands/` | what composes them: `plan` (the default command's flags, checked before a secret is read), `derive`, `batch`, `identify`, `check/` (`mod`, `each_region`, `test_message`, `proof`: the login `rotate` proves a key with; `probe`: every port's reach and TLS mode, through the same session), `explain/` (`mod`, and `scan`: a reply in a log line), `regions`, `completions`, `manpage`, `rotate` (hands the command line to ses-smtp-password-rotate) |
//!
//! The rotation itself is not here: `src/rotate/` (its IAM client, ledger,
//! staged file, delivery and steps) is compiled only into
//! ses-smtp-password-rotate (`src/rotate_main.rs`), which runs this same
//! front end with `rotate` filled in, so the AWS SDK never loads for the
//! other commands. More destinations go as forms in `output/`; each
//! platform's I/O in `platform/`.

pub(crate) mod commands;
pub(crate) mod flags;
pub(crate) mod output;
pub(crate) mod platform;
pub(crate) mod report;
pub(crate) mod source;

use std::io::{self, IsTerminal as _, Write as _};
use std::process::ExitCode;

use clap::CommandFactory as _;
use clap::error::ErrorKind;
use zeroize::Zeroizing;

use commands::{batch, completions, derive, identify, manpage, plan, regions};
use flags::args::{Cli, Command};
use report::CliError;

/// Overwrites what a run may leave on the stack and in vector registers;
/// `main` calls it after [`main`] returns, above every frame a command used.
pub fn scrub() {
    platform::scrub::scrub_stack();
}

/// What runs `rotate`: ses-smtp-password-rotate's own code (`crate::rotate`
/// there); `None` in ses-smtp-password, which hands the command over to
/// that binary.
#[cfg(feature = "rotate")]
pub type Rotate = Option<fn(&flags::rotate::RotateArgs) -> Result<Zeroizing<Vec<u8>>, CliError>>;
/// Without the `rotate` feature there is nothing to run it.
#[cfg(not(feature = "rotate"))]
pub type Rotate = Option<std::convert::Infallible>;

/// Runs the command line in `argv` (program name first) and says how it ended.
pub fn main(argv: Vec<std::ffi::OsString>, rotate: Rotate) -> ExitCode {
    // Before anything can read a secret.
    let hardened = platform::harden();
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
            return fail(&flags::refusal::from_clap(&e, &words, &Cli::command()));
        }
    };
    if let Err(e) = hardened {
        let _ = writeln!(
            io::stderr(),
            "warning: could not disable core dumps ({}); continuing",
            e.kind()
        );
    }
    match run(args, rotate, &argv).and_then(|out| output::write(&out)) {
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
fn run(
    args: Cli,
    rotate: Rotate,
    argv: &[std::ffi::OsString],
) -> Result<Zeroizing<Vec<u8>>, CliError> {
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
        Some(Command::Check(check)) => commands::check::run(&check),
        #[cfg(not(feature = "check"))]
        Some(Command::Check { .. }) => Err(CliError::NoCheck("check")),
        #[cfg(feature = "check")]
        Some(Command::Probe(probe)) => commands::check::probe::run(&probe),
        #[cfg(not(feature = "check"))]
        Some(Command::Probe { .. }) => Err(CliError::NoCheck("probe")),
        #[cfg(feature = "rotate")]
        Some(Command::Rotate(rotate_args)) => match rotate {
            Some(run_rotate) => run_rotate(&rotate_args),
            None => Err(commands::rotate::hand_over(argv)),
        },
        #[cfg(not(feature = "rotate"))]
        Some(Command::Rotate { .. }) => {
            let (_, _) = (rotate, argv);
            Err(CliError::NoRotate)
        }
        Some(Command::Explain) => commands::explain::run(),
        Some(Command::Regions { format }) => Ok(Zeroizing::new(regions::run(format))),
        Some(Command::Completions { shell }) => Ok(Zeroizing::new(completions::completions(shell))),
        Some(Command::Manpage { dir: None }) => Ok(Zeroizing::new(manpage::main_page())),
        Some(Command::Manpage { dir: Some(dir) }) => manpage::write_pages(&dir).map(Zeroizing::new),
    }
}

/// Prints the error's two lines on stderr and returns its exit code.
fn fail(e: &CliError) -> ExitCode {
    // Ignore a failure to write stderr: there is nowhere left to report it.
    let _ = io::stderr().write_all(e.render().as_bytes());
    ExitCode::from(e.exit_code())
}
