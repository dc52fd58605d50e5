//! `ses-smtp-password`: derive Amazon SES SMTP passwords from IAM secret access keys.
//!
//! Thin on purpose: the command line lives in `cli`, the rules in the library.
#![forbid(unsafe_code)]

mod cli;

fn main() -> std::process::ExitCode {
    cli::main(std::env::args_os().collect())
}
