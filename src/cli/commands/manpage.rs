//! `manpage`: the manual, one page per command, generated from the clap
//! definitions (clap_mangen renders the synopsis and options), with the
//! sections a man page is expected to have that clap does not know of.

use std::fmt::Write as _;
use std::path::Path;

use clap::CommandFactory;
use roff::{Roff, bold, roman};

use crate::cli::flags::args::Cli;
use crate::cli::output::file::write_atomic;
use crate::cli::report::redact::shown_path;
use crate::cli::report::{CliError, FileOption, FileProblem};

/// The exit codes, as every page states them.
const EXIT_STATUS: [(&str, &str); 6] = [
    ("0", "Success."),
    (
        "1",
        "The operation failed: no match (identify), login refused (check), SES never accepted the new key (rotate: rolled back), an I/O error (a missing or unreadable file, a write error).",
    ),
    (
        "2",
        "Usage error or invalid input: a bad flag, key, region, CSV or profile, or a format that cannot show the results. Nothing was derived or sent; for rotate, a preflight refusal: nothing changed in IAM.",
    ),
    (
        "3",
        "check and rotate: could not connect (to SES or IAM), timed out, or TLS failed; rotate rolled back.",
    ),
    (
        "4",
        "rotate only: partial. The new key was delivered (or may have been) and the old key was not retired; the message names both keys and the next command.",
    ),
    (
        "130",
        "Interrupted with Ctrl-C at the prompt, or rotate interrupted (Ctrl-C or SIGTERM) before delivery and rolled back.",
    ),
];

const ENVIRONMENT: [(&str, &str); 9] = [
    (
        "AWS_SECRET_ACCESS_KEY",
        "Read by --env when no variable is named.",
    ),
    (
        "AWS_ACCESS_KEY_ID",
        "The SMTP username when the key comes from --env.",
    ),
    (
        "AWS_SESSION_TOKEN",
        "Set beside AWS_SECRET_ACCESS_KEY, it marks temporary credentials, which SES SMTP refuses: --env refuses them too.",
    ),
    (
        "AWS_PROFILE",
        "The profile --profile reads when it names none (else default).",
    ),
    (
        "AWS_SHARED_CREDENTIALS_FILE",
        "The credentials file --profile reads ($NAME and ${NAME} expanded, then a leading ~, as the AWS CLI does).",
    ),
    (
        "AWS_CONFIG_FILE",
        "The config file --profile reads after the credentials file ($NAME and ${NAME} expanded, then a leading ~).",
    ),
    ("HOME", "Where ~/.aws/credentials and ~/.aws/config are."),
    (
        "AWS_REGION, AWS_DEFAULT_REGION",
        "Named in the warning printed with a SigV2 password, as the --region to pass; never used to choose the region.",
    ),
    (
        "GITHUB_ENV",
        "The file --format github appends the variables to (GitHub Actions creates it for each step; it must exist).",
    ),
];

const FILES: [(&str, &str); 3] = [
    (
        "~/.aws/credentials",
        "The AWS CLI's shared credentials file: sections [NAME] with aws_access_key_id and aws_secret_access_key, read by --profile NAME.",
    ),
    (
        "~/.aws/config",
        "The AWS CLI's config file: sections [profile NAME] (and [default]) with keys or a credential_process, read by --profile NAME when the credentials file has no key for it.",
    ),
    (
        "accessKeys.csv",
        "The file the IAM console offers when a key is made (Access key ID,Secret access key), read by --csv.",
    ),
];

const INPUT_RULES: &str = "At most 64 KiB is read for one secret. A leading UTF-8 BOM and one trailing newline are removed silently; other surrounding spaces or tabs are removed with a warning. Several non-empty lines are an error (use --batch). A secret access key is 40 characters of A-Z a-z 0-9 + /; an access key ID, an SMTP password, a wrong length, a character outside the alphabet or whitespace inside is an error that says what is wrong without showing the value. --no-key-check takes any non-empty string. No option takes a secret value: command lines leak into shell history and ps.";

/// A definition list: each term in bold, its text indented below.
fn list(roff: &mut Roff, items: &[(&str, &str)]) {
    for (term, text) in items {
        roff.control("TP", [])
            .text([bold(*term)])
            .text([roman(*text)]);
    }
}

/// The `Examples:` block of a command's long help, as lines kept as written.
fn examples(roff: &mut Roff, cmd: &clap::Command) {
    let Some(text) = cmd.get_after_long_help().map(ToString::to_string) else {
        return;
    };
    roff.control("SH", ["EXAMPLES"]).control("nf", []);
    for line in text.lines().skip_while(|l| l.trim_end() == "Examples:") {
        roff.text([roman(line)]);
    }
    roff.control("fi", []);
}

/// One page: clap_mangen's sections, then ours.
fn render(cmd: clap::Command, main: bool) -> Vec<u8> {
    let man = clap_mangen::Man::new(cmd.clone());
    let mut out = Vec::new();
    // Rendering into a Vec cannot fail.
    let _ = man.render_title(&mut out);
    let _ = man.render_name_section(&mut out);
    let _ = man.render_synopsis_section(&mut out);
    let _ = man.render_description_section(&mut out);
    let _ = man.render_options_section(&mut out);
    if main {
        let _ = man.render_subcommands_section(&mut out);
    }
    let mut roff = Roff::default();
    roff.control("SH", ["EXIT STATUS"]);
    list(&mut roff, &EXIT_STATUS);
    if main {
        roff.control("SH", ["ENVIRONMENT"]);
        list(&mut roff, &ENVIRONMENT);
        roff.control("SH", ["FILES"]);
        list(&mut roff, &FILES);
        roff.control("SH", ["INPUT RULES"])
            .text([roman(INPUT_RULES)]);
    }
    examples(&mut roff, &cmd);
    let _ = roff.to_writer(&mut out);
    // Subcommands carry no version of their own (clap_mangen would panic).
    if cmd.get_version().is_some() {
        let _ = man.render_version_section(&mut out);
    }
    out
}

/// The built command: subcommands get their page names
/// (`ses-smtp-password-check`), and there is no `help` subcommand.
fn command() -> clap::Command {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    cmd
}

/// The main page, `ses-smtp-password(1)`.
pub fn main_page() -> Vec<u8> {
    render(command(), true)
}

/// Writes every page into `dir`; returns their paths, one per line.
pub fn write_pages(dir: &Path) -> Result<Vec<u8>, CliError> {
    let cmd = command();
    let mut pages = vec![("ses-smtp-password.1".to_owned(), render(cmd.clone(), true))];
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("{}.1", sub.get_display_name().unwrap_or(sub.get_name()));
        pages.push((name, render(sub.clone(), false)));
    }
    let mut listing = String::new();
    for (name, page) in pages {
        let path = dir.join(&name);
        // Never through a symlink planted in the directory (as root, one
        // overwrote a root-owned file): each page is renamed into place.
        write_atomic(&path, &page, 0o644).map_err(|e| {
            CliError::File(
                shown_path(&path),
                FileOption::ManDir,
                FileProblem::from_io(&e),
            )
        })?;
        let _ = writeln!(listing, "{}", path.display());
    }
    Ok(listing.into_bytes())
}
