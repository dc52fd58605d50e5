//! Every error the command line shows, and how warnings are printed.
//!
//! Each error is two lines on stderr: `error: <what is wrong>` and
//! `hint: <what to do>`. No message carries a secret: values the user typed
//! are shown only when they cannot be one (see [`shown`]).

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io;
use std::path::Path;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use ses_smtp_password::region::RegionError;
use ses_smtp_password::secret::{self, SecretError};

/// Exit code: the operation failed (no match, login rejected, I/O error).
pub const EXIT_FAILED: u8 = 1;
/// Exit code: usage error or invalid input.
pub const EXIT_USAGE: u8 = 2;
/// Exit code: Ctrl-C, as shells report death by SIGINT.
pub const EXIT_INTERRUPTED: u8 = 130;

/// How to pass a key, for messages about missing input.
pub const WAYS_TO_PASS: &str =
    "pipe the key on standard input, or use --env [VAR], --prompt or --secret-file PATH";

/// Where a secret was read from, for messages.
#[derive(Debug, Clone)]
pub enum Origin {
    /// Standard input.
    Stdin,
    /// The terminal prompt.
    Prompt,
    /// An environment variable.
    Env(String),
    /// A file.
    File(String),
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::Stdin => f.write_str("standard input"),
            Origin::Prompt => f.write_str("the prompt"),
            Origin::Env(var) => write!(f, "${var}"),
            Origin::File(path) => write!(f, "{path}"),
        }
    }
}

/// Everything that can go wrong, as the user sees it.
#[derive(Debug)]
pub enum CliError {
    /// The command line could not be parsed (clap), rendered without user values.
    Usage {
        /// What is wrong.
        problem: String,
        /// What to do.
        hint: String,
    },
    /// A positional argument: never shown, it may be a secret.
    StrayArgument,
    /// The secret broke an input rule.
    BadSecret {
        /// Where it came from.
        origin: Origin,
        /// Which rule.
        error: SecretError,
    },
    /// A `--region` value was refused (index is 1-based over all names given).
    BadRegion {
        /// Position in the list of region names.
        index: usize,
        /// Why.
        error: RegionError,
    },
    /// `--env VAR` named a variable that is not set.
    EnvNotSet {
        /// The variable's name.
        var: String,
    },
    /// `--env` was given something that is not a variable name.
    EnvBadName,
    /// A prompt was needed but there is no terminal.
    NoTerminal,
    /// Reading the terminal failed.
    Prompt(io::ErrorKind),
    /// Ctrl-C at the prompt.
    Interrupted,
    /// The secret file could not be read.
    SecretFile {
        /// The path, already passed through [`shown`].
        path: String,
        /// What went wrong.
        problem: FileProblem,
    },
    /// Reading standard input failed.
    ReadStdin(io::ErrorKind),
    /// Writing standard output failed (other than a closed pipe).
    WriteOutput(io::ErrorKind),
}

/// What went wrong opening or reading a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileProblem {
    /// No such file.
    NotFound,
    /// Permission denied.
    PermissionDenied,
    /// It is a directory.
    IsDirectory,
    /// A named pipe that nothing is writing to.
    FifoWithoutWriter,
    /// Any other I/O error.
    Io(io::ErrorKind),
}

impl FileProblem {
    /// Classifies an I/O error from opening or reading a file.
    pub fn from_io(e: &io::Error) -> FileProblem {
        match e.kind() {
            io::ErrorKind::NotFound => FileProblem::NotFound,
            io::ErrorKind::PermissionDenied => FileProblem::PermissionDenied,
            io::ErrorKind::IsADirectory => FileProblem::IsDirectory,
            kind => FileProblem::Io(kind),
        }
    }
}

impl CliError {
    /// The process exit code for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Usage { .. }
            | CliError::StrayArgument
            | CliError::BadSecret { .. }
            | CliError::BadRegion { .. }
            | CliError::EnvNotSet { .. }
            | CliError::EnvBadName
            | CliError::NoTerminal => EXIT_USAGE,
            CliError::Interrupted => EXIT_INTERRUPTED,
            CliError::Prompt(_)
            | CliError::SecretFile { .. }
            | CliError::ReadStdin(_)
            | CliError::WriteOutput(_) => EXIT_FAILED,
        }
    }

    /// The first line: what is wrong.
    pub fn problem(&self) -> String {
        match self {
            CliError::Usage { problem, .. } => problem.clone(),
            CliError::StrayArgument => {
                "unexpected argument (not shown: it may be a secret)".to_owned()
            }
            CliError::BadSecret { origin, error } => format!("{origin}: {error}"),
            CliError::BadRegion { index, error } => {
                format!("region #{index} of --region: {error}")
            }
            CliError::EnvNotSet { var } => format!("environment variable {var} is not set"),
            CliError::EnvBadName => {
                "--env takes the NAME of an environment variable, and this is not one (not shown)"
                    .to_owned()
            }
            CliError::NoTerminal => {
                "there is no terminal to prompt on for the secret access key".to_owned()
            }
            CliError::Prompt(kind) => format!("could not read from the terminal: {kind}"),
            CliError::Interrupted => "interrupted at the prompt; nothing was derived".to_owned(),
            CliError::SecretFile { path, problem } => match problem {
                FileProblem::NotFound => format!("{path}: no such file"),
                FileProblem::PermissionDenied => format!("{path}: permission denied"),
                FileProblem::IsDirectory => format!("{path}: is a directory, not a file"),
                FileProblem::FifoWithoutWriter => {
                    format!("{path}: a named pipe that nothing is writing to")
                }
                FileProblem::Io(kind) => format!("{path}: could not read: {kind}"),
            },
            CliError::ReadStdin(kind) => format!("could not read standard input: {kind}"),
            CliError::WriteOutput(kind) => format!("could not write the output: {kind}"),
        }
    }

    /// The second line: what to do.
    pub fn hint(&self) -> String {
        match self {
            CliError::Usage { hint, .. } => hint.clone(),
            CliError::StrayArgument => {
                "the key is never an argument (it would leak into shell history and ps); pipe it on standard input or use --env, --prompt or --secret-file".to_owned()
            }
            CliError::BadSecret { error, .. } => secret_hint(error).to_owned(),
            CliError::BadRegion { error, .. } => match error {
                RegionError::Malformed { suggestion: Some(s) } => {
                    format!("use --region {s}; 'ses-smtp-password regions' lists the known ones")
                }
                _ => "region names look like us-east-1; 'ses-smtp-password regions' lists the known ones"
                    .to_owned(),
            },
            CliError::EnvNotSet { var } => {
                format!("export {var}, or name the variable that holds the key: --env VAR")
            }
            CliError::EnvBadName => {
                "never pass the key itself on the command line; use --env with a name such as AWS_SECRET_ACCESS_KEY".to_owned()
            }
            CliError::NoTerminal => WAYS_TO_PASS.to_owned(),
            CliError::Prompt(_) => WAYS_TO_PASS.to_owned(),
            CliError::Interrupted => "run the command again when you have the key".to_owned(),
            CliError::SecretFile { problem, .. } => match problem {
                FileProblem::NotFound | FileProblem::IsDirectory => {
                    "check the path given to --secret-file".to_owned()
                }
                FileProblem::PermissionDenied => {
                    "run as a user who can read the file, or check its permissions".to_owned()
                }
                FileProblem::FifoWithoutWriter => {
                    "start the program that writes the key (it has 3 seconds to connect), or use --secret-file <(command)"
                        .to_owned()
                }
                FileProblem::Io(_) => "check the file and try again".to_owned(),
            },
            CliError::ReadStdin(_) => WAYS_TO_PASS.to_owned(),
            CliError::WriteOutput(_) => "check where standard output goes (disk full?)".to_owned(),
        }
    }

    /// Both lines, as printed on stderr.
    pub fn render(&self) -> String {
        format!("error: {}\nhint: {}\n", self.problem(), self.hint())
    }
}

fn secret_hint(error: &SecretError) -> &'static str {
    match error {
        SecretError::Empty => WAYS_TO_PASS,
        SecretError::TooLong { .. } => "pass only the 40-character secret access key",
        SecretError::SeveralLines { .. } => {
            "pass one key; to derive from a file of keys, give one per line with --batch"
        }
        SecretError::NotUtf8 { .. } => {
            "a secret access key is plain ASCII; check the file's encoding"
        }
        SecretError::InnerWhitespace { .. } => {
            "remove the whitespace: a secret access key has none (--no-key-check allows any test string)"
        }
        SecretError::AccessKeyId { temporary: false } => {
            "the access key ID is the SMTP username; pass the secret access key that goes with it"
        }
        SecretError::AccessKeyId { temporary: true } => {
            "SES SMTP does not accept temporary (STS) credentials; create a long-term access key for an IAM user"
        }
        SecretError::SmtpPassword { .. } => {
            "it needs no derivation; 'ses-smtp-password identify' says which kind it is"
        }
        SecretError::BadCharacter { .. } => {
            "check for a copy-paste error (--no-key-check allows any test string)"
        }
        SecretError::WrongLength { .. } => {
            "check that the whole key was copied (--no-key-check allows any test string)"
        }
        _ => "check the secret access key",
    }
}

/// A user-typed value (path, variable or profile name) as it may be shown:
/// hidden when it could be a secret access key or an SMTP password.
pub fn shown(value: &str) -> Cow<'_, str> {
    let key_like = value.len() >= 30
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/' || b == b'=');
    if key_like || secret::check_key_format(value).is_ok() {
        Cow::Borrowed("(a value that looks like a secret; not shown)")
    } else {
        Cow::Borrowed(value)
    }
}

/// Shows a path given on the command line, hidden if it looks like a secret.
pub fn shown_path(path: &Path) -> String {
    shown(&path.to_string_lossy()).into_owned()
}

/// Turns a clap error into ours, keeping only what cannot carry a secret:
/// argument *names* from our own definitions, never values the user typed.
pub fn from_clap(err: &clap::Error) -> CliError {
    let context = |kind| match err.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(v)) => Some(v.join(", ")),
        Some(ContextValue::StyledStr(s)) => Some(s.to_string()),
        _ => None,
    };
    // Our argument names render as `--env [<VAR>]`; keep the flag itself.
    let flag = |s: String| s.split_whitespace().next().unwrap_or_default().to_owned();
    let help = "run 'ses-smtp-password --help' for the options".to_owned();
    let (problem, hint) = match err.kind() {
        ErrorKind::ArgumentConflict => {
            let a = context(ContextKind::InvalidArg)
                .map(flag)
                .unwrap_or_default();
            let b = context(ContextKind::PriorArg).map(flag).unwrap_or_default();
            let hint = if [a.as_str(), b.as_str()].contains(&"--v2") {
                "--region gives SigV4 passwords and --v2 the legacy SigV2 one; choose one"
                    .to_owned()
            } else {
                "choose one of them".to_owned()
            };
            (format!("{a} cannot be used with {b}"), hint)
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
            let mut problem = format!("unknown option {name}");
            if let Some(suggested) = context(ContextKind::SuggestedArg) {
                let _ = write!(problem, " (did you mean {}?)", flag(suggested));
            }
            (problem, help)
        }
        ErrorKind::InvalidSubcommand => return CliError::StrayArgument,
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let arg = context(ContextKind::InvalidArg)
                .map(flag)
                .unwrap_or_default();
            if context(ContextKind::InvalidValue).is_some_and(|v| v.is_empty()) {
                (format!("{arg} needs a value"), help)
            } else {
                let hint = match context(ContextKind::ValidValue).filter(|v| !v.is_empty()) {
                    Some(valid) => format!("possible values: {valid}"),
                    None => help,
                };
                (format!("invalid value for {arg} (not shown)"), hint)
            }
        }
        ErrorKind::MissingRequiredArgument => {
            let args = context(ContextKind::InvalidArg).unwrap_or_default();
            (format!("missing required argument: {args}"), help)
        }
        ErrorKind::NoEquals
        | ErrorKind::TooManyValues
        | ErrorKind::WrongNumberOfValues
        | ErrorKind::TooFewValues => {
            let arg = context(ContextKind::InvalidArg)
                .map(flag)
                .unwrap_or_default();
            (format!("wrong number of values for {arg}"), help)
        }
        ErrorKind::InvalidUtf8 => ("an argument is not valid UTF-8".to_owned(), help),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            ("a subcommand is required".to_owned(), help)
        }
        _ => ("the command line could not be understood".to_owned(), help),
    };
    CliError::Usage { problem, hint }
}

/// Prints warnings on stderr unless `--quiet`.
#[derive(Debug, Clone, Copy)]
pub struct Warnings {
    quiet: bool,
}

impl Warnings {
    /// Warnings that print unless `quiet`.
    pub fn new(quiet: bool) -> Warnings {
        Warnings { quiet }
    }

    /// Prints one warning line.
    pub fn warn(&self, message: impl std::fmt::Display) {
        if !self.quiet {
            eprintln!("warning: {message}");
        }
    }
}
