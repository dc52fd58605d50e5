//! `completions SHELL`: generated from the clap definitions, so it never
//! drifts from the real options.

use clap::CommandFactory;

use super::args::Cli;

/// The completion script for `shell`.
pub fn completions(shell: clap_complete::Shell) -> Vec<u8> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "ses-smtp-password", &mut out);
    if shell == clap_complete::Shell::Bash {
        // clap_complete 4.6 spells a hyphenated program's subcommand
        // branches two ways (`ses__subcmd__smtp__subcmd__password__…` in the
        // case labels, `ses__smtp__password__…` in the state it computes), so
        // no subcommand's options would complete. Make them agree.
        let script = String::from_utf8_lossy(&out)
            .replace("ses__subcmd__smtp__subcmd__password", "ses__smtp__password");
        return script.into_bytes();
    }
    out
}
