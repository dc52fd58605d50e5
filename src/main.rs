//! `ses-smtp-password`: derive Amazon SES SMTP passwords from IAM secret access keys.
//!
//! Thin on purpose: harden the process, parse arguments, run the command,
//! print its output or its error, and map the outcome to an exit code.
#![forbid(unsafe_code)]

mod cli;

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;
use clap::error::ErrorKind;

use cli::args::{Cli, Command};
use cli::error::{CliError, EXIT_FAILED};
use zeroize::Zeroizing;

fn main() -> ExitCode {
    // Before anything can read a secret.
    let hardened = cli::hygiene::harden();
    let args = match Cli::try_parse() {
        Ok(args) => args,
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
            return match e.print() {
                Ok(()) => ExitCode::SUCCESS,
                Err(_) => ExitCode::from(EXIT_FAILED),
            };
        }
        Err(e) => return fail(&cli::error::from_clap(&e)),
    };
    if let Err(e) = hardened {
        let _ = writeln!(
            io::stderr(),
            "warning: could not disable core dumps ({}); continuing",
            e.kind()
        );
    }
    let result = match args.command {
        None => cli::derive::run(&args.derive),
        Some(Command::Identify(identify)) => cli::identify::run(&identify),
        #[cfg(feature = "check")]
        Some(Command::Check(check)) => cli::check::run(&check),
        Some(Command::Regions { format }) => Ok(Zeroizing::new(cli::regions::run(format))),
        Some(Command::Completions { shell }) => {
            Ok(Zeroizing::new(cli::completions::completions(shell)))
        }
        Some(Command::Manpage) => Ok(Zeroizing::new(cli::completions::manpage())),
    };
    match result.and_then(|out| print(&out)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&e),
    }
}

/// Writes the whole output at once; a closed pipe (`| head -1`) is not an error.
fn print(bytes: &[u8]) -> Result<(), CliError> {
    let mut stdout = io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(CliError::WriteOutput(e.kind())),
    }
}

fn fail(e: &CliError) -> ExitCode {
    // Ignore a failure to write stderr: there is nowhere left to report it.
    let _ = io::stderr().write_all(e.render().as_bytes());
    ExitCode::from(e.exit_code())
}
