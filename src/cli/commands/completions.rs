//! `completions SHELL`: generated from the clap definitions, so it never
//! drifts from the real options.

use clap::CommandFactory;

use crate::cli::flags::args::Cli;

/// A bash function listing the profiles of the AWS CLI's files: `[NAME]`
/// in the credentials file, `[profile NAME]` and `[default]` in the config.
const BASH_PROFILES: &str = r#"_ses_smtp_password_profiles() {
    sed -n -e 's/^[[:space:]]*\[profile[[:space:]][[:space:]]*\([^]]*\)\].*/\1/p' \
        -e 's/^[[:space:]]*\[\([^]]*\)\].*/\1/p' \
        "${AWS_SHARED_CREDENTIALS_FILE:-$HOME/.aws/credentials}" \
        "${AWS_CONFIG_FILE:-$HOME/.aws/config}" 2>/dev/null |
        grep -v -e '^DEFAULT$' -e ' ' | sort -u
}
"#;

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
            .replace("ses__subcmd__smtp__subcmd__password", "ses__smtp__password")
            // --profile offers the profiles of the AWS CLI's files.
            .replace(
                "--profile)\n                    COMPREPLY=($(compgen -f \"${cur}\"))",
                "--profile)\n                    COMPREPLY=($(compgen -W \"$(_ses_smtp_password_profiles)\" -- \"${cur}\"))",
            );
        return [BASH_PROFILES, script.as_str()].concat().into_bytes();
    }
    out
}
