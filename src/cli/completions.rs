//! `completions SHELL` and `manpage`: both generated from the clap definitions,
//! so they never drift from the real options.

use clap::CommandFactory;

use super::args::Cli;

/// The completion script for `shell`.
pub fn completions(shell: clap_complete::Shell) -> Vec<u8> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "ses-smtp-password", &mut out);
    out
}

/// The manual page, in roff.
pub fn manpage() -> Vec<u8> {
    let mut out = Vec::new();
    // Rendering into a Vec cannot fail.
    let _ = clap_mangen::Man::new(Cli::command()).render(&mut out);
    out
}
