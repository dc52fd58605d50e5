//! Turns clap's parse errors into ours, keeping only what cannot carry a
//! secret: argument *names* from our own definitions, never a value the
//! user typed (a key pasted after the wrong flag would be echoed otherwise).

use clap::error::{ContextKind, ContextValue, ErrorKind};

use crate::cli::flags::args::SUBCOMMANDS;
use crate::cli::report::redact::is_safe;
use crate::cli::report::{CliError, UsageError};

/// What a numeric option takes, for options whose values are not a list.
fn expected(arg: &str) -> Option<&'static str> {
    match arg {
        "--port" => Some("a port number from 1 to 65535 (SES: 587, 25, 2587, 465, 2465)"),
        "--timeout" => Some("a whole number of seconds, 1 or more"),
        "--ports" => {
            Some("port numbers from 1 to 65535, comma-separated (SES: 587,2587,465,2465,25)")
        }
        "--wait" => Some("a whole number of seconds, 0 or more"),
        "--variables" => Some(
            "four variable names, comma-separated, for host, port, username and password (letters, digits and _, not starting with a digit)",
        ),
        _ => None,
    }
}

/// Our error for clap's `err`, given the command line (`argv`, without the
/// program name) and the definition it was parsed against.
pub fn from_clap(err: &clap::Error, argv: &[String], command: &clap::Command) -> CliError {
    let context = |kind| match err.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(v)) => Some(v.join(", ")),
        Some(ContextValue::StyledStr(s)) => Some(s.to_string()),
        _ => None,
    };
    // Our argument names render as `--env [<VAR>]`; keep the flag itself.
    let flag = |s: String| s.split([' ', ',']).next().unwrap_or_default().to_owned();
    let arg = || {
        context(ContextKind::InvalidArg)
            .map(flag)
            .unwrap_or_default()
    };
    let usage = match err.kind() {
        ErrorKind::ArgumentConflict => {
            let (a, b) = (
                arg(),
                context(ContextKind::PriorArg).map(flag).unwrap_or_default(),
            );
            if a == b && a.starts_with('-') {
                // Only check's --region cannot be repeated: it takes one.
                if a == "--region" {
                    return CliError::CheckOneRegion;
                }
                return CliError::Usage(UsageError::GivenTwice(a), subcommand(argv));
            }
            // Options of the default command followed by a word: clap takes
            // the word for a subcommand and names no argument.
            if !a.starts_with('-') || !b.starts_with('-') {
                let is_subcommand =
                    |w: &String| command.get_subcommands().any(|c| c.get_name() == w);
                if argv.iter().any(is_subcommand) {
                    return CliError::Usage(UsageError::OptionsBeforeSubcommand, None);
                }
                return CliError::StrayArgument;
            }
            UsageError::Conflict(a, b)
        }
        ErrorKind::UnknownArgument => {
            let typed = context(ContextKind::InvalidArg).unwrap_or_default();
            let name = typed.split('=').next().unwrap_or_default();
            let is_flag = name.starts_with('-')
                && name
                    .trim_start_matches('-')
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && name.len() <= 30;
            if !is_flag {
                return CliError::StrayArgument;
            }
            UsageError::UnknownOption(
                name.to_owned(),
                context(ContextKind::SuggestedArg).map(flag),
            )
        }
        ErrorKind::InvalidSubcommand => return misspelt_command(err),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let value = context(ContextKind::InvalidValue);
            if value.as_deref().is_some_and(str::is_empty) {
                UsageError::NeedsValue(arg())
            } else {
                let arg = arg();
                // Shown unless it could be a secret pasted in the wrong place.
                let value = value.filter(|v| v.len() < 30 && is_safe(v));
                let valid = context(ContextKind::ValidValue)
                    .filter(|v| !v.is_empty())
                    .map(|v| format!("possible values: {v}"))
                    .or_else(|| expected(&arg).map(str::to_owned));
                UsageError::InvalidValue(arg, value, valid)
            }
        }
        ErrorKind::MissingRequiredArgument => {
            UsageError::MissingRequired(context(ContextKind::InvalidArg).unwrap_or_default())
        }
        ErrorKind::NoEquals
        | ErrorKind::TooManyValues
        | ErrorKind::WrongNumberOfValues
        | ErrorKind::TooFewValues => UsageError::WrongNumberOfValues(arg()),
        ErrorKind::InvalidUtf8 => UsageError::InvalidUtf8,
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            UsageError::MissingSubcommand
        }
        _ => UsageError::Unparsed,
    };
    CliError::Usage(usage, subcommand(argv))
}

/// The subcommand the command line names: its first word, if that is one
/// (a subcommand comes first, or clap refuses the line otherwise).
fn subcommand(argv: &[String]) -> Option<&'static str> {
    let word = argv.first()?;
    SUBCOMMANDS.into_iter().find(|n| n == word)
}

/// A word clap took for a subcommand and did not know: named, with the
/// command clap suggests (its `suggestions`: a close spelling), when it is
/// short and shown by the redaction rules, so it cannot be a key; anything
/// else is a stray argument, never repeated.
fn misspelt_command(err: &clap::Error) -> CliError {
    let text = |kind| match err.get(kind) {
        Some(ContextValue::String(s)) => Some(s.as_str()),
        Some(ContextValue::Strings(v)) => v.first().map(String::as_str),
        _ => None,
    };
    let typed = text(ContextKind::InvalidSubcommand).filter(|w| w.len() <= 16 && is_safe(w));
    let meant = text(ContextKind::SuggestedSubcommand)
        .and_then(|s| SUBCOMMANDS.into_iter().find(|name| *name == s));
    match (typed, meant) {
        (Some(typed), Some(name)) => {
            CliError::Usage(UsageError::UnknownCommand(typed.to_owned(), name), None)
        }
        _ => CliError::StrayArgument,
    }
}

#[cfg(test)]
mod tests {
    use clap::{CommandFactory, Parser};

    use super::*;
    use crate::cli::flags::args::Cli;

    fn translate(argv: &[&str]) -> String {
        let argv: Vec<String> = argv.iter().map(|s| (*s).to_owned()).collect();
        let err = Cli::try_parse_from(
            std::iter::once("ses-smtp-password".to_owned()).chain(argv.clone()),
        )
        .expect_err("these command lines are refused");
        from_clap(&err, &argv, &Cli::command()).render()
    }

    #[test]
    fn subcommands_list_every_command() {
        let cli = Cli::command();
        let names: Vec<&str> = cli
            .get_subcommands()
            .map(|c| c.get_name())
            .filter(|n| *n != "help")
            .collect();
        assert_eq!(names, SUBCOMMANDS);
    }

    #[test]
    fn a_misspelt_command_is_named_and_a_stray_word_never() {
        assert_eq!(
            translate(&["chek"]),
            "error: unknown command 'chek'\nhint: did you mean 'ses-smtp-password check'? ('ses-smtp-password --help' lists the commands)\n"
        );
        assert!(
            translate(&["wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"])
                .starts_with("error: unexpected argument (not shown: it may be a secret)\n")
        );
        assert_eq!(
            translate(&["identify", "--bogus"]),
            "error: unknown option --bogus\nhint: run 'ses-smtp-password identify --help' for its options\n"
        );
    }

    #[test]
    fn options_before_a_subcommand_are_named_as_such() {
        assert!(translate(&["--v2", "identify"]).starts_with(
            "error: options of the default command cannot come before a subcommand\n"
        ));
        // A word that is no subcommand is a stray argument, never repeated.
        let key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        let text = translate(&["--v2", key]);
        assert!(
            text.starts_with("error: unexpected argument (not shown"),
            "{text}"
        );
        assert!(!text.contains("wJalr"), "{text}");
    }
}
