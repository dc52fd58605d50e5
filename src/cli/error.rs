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
use ses_smtp_password::access_key::AccessKeyIdError;
use ses_smtp_password::csv::CsvError;
use ses_smtp_password::format::FormatError;
use ses_smtp_password::identify::PasswordKind;
use ses_smtp_password::profile::ProfileError;
use ses_smtp_password::region::RegionError;
use ses_smtp_password::secret::{self, SecretError};

/// Exit code: the operation failed (no match, login rejected, I/O error).
pub const EXIT_FAILED: u8 = 1;
/// Exit code: usage error or invalid input.
pub const EXIT_USAGE: u8 = 2;
/// Exit code: `check` could not connect or negotiate TLS.
pub const EXIT_NETWORK: u8 = 3;
/// Exit code: Ctrl-C, as shells report death by SIGINT.
pub const EXIT_INTERRUPTED: u8 = 130;

/// How many bad `--batch` lines are listed by number.
const BATCH_LISTED: usize = 20;

/// How to pass a key, for messages about missing input.
pub const WAYS_TO_PASS: &str = "pipe the key on standard input, or use --env [VAR], --prompt, --secret-file PATH, --csv PATH or --profile NAME";

/// Where a secret (or an access key ID) was read from, for messages.
#[derive(Debug, Clone)]
pub enum Origin {
    /// Standard input.
    Stdin,
    /// The terminal prompt.
    Prompt,
    /// An environment variable.
    Env(String),
    /// A file, its path as shown.
    File(String),
    /// A row of an IAM console CSV.
    Csv {
        /// The path as shown.
        path: String,
        /// 1-based row number (the header is row 1).
        row: usize,
    },
    /// A profile of the shared credentials file.
    Profile {
        /// The profile name, as shown.
        name: String,
        /// The file's path, as shown.
        path: String,
    },
    /// `--access-key-id`.
    Flag,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::Stdin => f.write_str("standard input"),
            Origin::Prompt => f.write_str("the prompt"),
            Origin::Env(var) => write!(f, "${var}"),
            Origin::File(path) => f.write_str(path),
            Origin::Csv { path, row } => write!(f, "{path}, row {row}"),
            Origin::Profile { name, path } => write!(f, "profile {name} in {path}"),
            Origin::Flag => f.write_str("--access-key-id"),
        }
    }
}

/// Everything that can go wrong, as the user sees it.
#[derive(Debug)]
// Without the `check` feature, check's own errors are never made.
#[cfg_attr(not(feature = "check"), allow(dead_code))]
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
    /// `--fips` for a known region that has no FIPS endpoint.
    NoFips {
        /// The region code (a known region's, so safe to show).
        region: String,
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
    /// A file named by `--secret-file`, `--csv` or `--profile` could not be read.
    File {
        /// The path, already passed through [`shown`].
        path: String,
        /// The option that named it.
        flag: &'static str,
        /// What went wrong.
        problem: FileProblem,
    },
    /// The CSV could not be used.
    Csv {
        /// The path as shown.
        path: String,
        /// Why.
        error: CsvError,
    },
    /// The CSV has several keys and `--batch` was not given.
    CsvSeveralRows {
        /// The path as shown.
        path: String,
        /// How many data rows.
        rows: usize,
    },
    /// The profile could not be used.
    Profile {
        /// The profile name, as shown.
        name: String,
        /// The credentials file's path.
        path: String,
        /// Why.
        error: ProfileError,
    },
    /// No `HOME` to find `~/.aws/credentials` in.
    NoHome,
    /// The access key ID (SMTP username) was refused.
    BadAccessKeyId {
        /// Where it came from.
        origin: Origin,
        /// Why.
        error: AccessKeyIdError,
    },
    /// The output format cannot show these results.
    Format(FormatError),
    /// The SMTP password given to `identify` or `check` broke an input rule.
    BadPassword {
        /// Where it came from.
        origin: Origin,
        /// Which rule (only the transport rules apply).
        error: SecretError,
    },
    /// `--batch`: some lines are not usable keys; nothing was derived.
    BatchBadLines {
        /// "line" or "row".
        unit: &'static str,
        /// How many lines (or rows) there were.
        total: usize,
        /// The bad ones: number and what is wrong (never content).
        bad: Vec<(usize, String)>,
    },
    /// `--batch` with standard input on a terminal.
    BatchFromTerminal,
    /// `identify`: the input is not an SES SMTP password.
    NotSmtpPassword {
        /// What it is instead.
        kind: PasswordKind,
        /// It is the very secret access key given to match against.
        is_the_secret: bool,
    },
    /// `check` lacks something it needs (what, in words).
    CheckNeeds(&'static str),
    /// `check` on a port whose TLS mode is not evident.
    CheckTlsMode {
        /// The port.
        port: u16,
    },
    /// `--endpoint` is not HOST[:PORT].
    /// Never shown: it may be an SMTP URL with a password in it.
    BadEndpoint,
    /// `--ca-file` could not be used.
    CaFile {
        /// The path, passed through [`shown`].
        path: String,
        /// What is wrong with it.
        problem: String,
    },
    /// `check`: the server refused the login.
    Rejected {
        /// HOST:PORT.
        target: String,
        /// The server's reply, code and text.
        reply: String,
        /// What it most likely means, most likely first.
        causes: Vec<&'static str>,
    },
    /// `check`: no usable SMTP session.
    Net {
        /// HOST:PORT.
        target: String,
        /// Which step failed.
        problem: NetProblem,
        /// The underlying error, as text (no credentials in it).
        detail: String,
        /// The `--timeout` in force.
        timeout: u64,
    },
    /// `identify`: an SMTP password, but not derived from the given key.
    NoMatch {
        /// SigV2 or SigV4.
        kind: PasswordKind,
        /// How many regions were tried.
        tried: usize,
    },
    /// Reading standard input failed.
    ReadStdin(io::ErrorKind),
    /// Writing standard output failed (other than a closed pipe).
    WriteOutput(io::ErrorKind),
}

/// Which network step of `check` failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(not(feature = "check"), allow(dead_code))]
pub enum NetProblem {
    /// The TCP connection (refused, unreachable, no such host).
    Connect,
    /// A step took longer than `--timeout`.
    Timeout,
    /// TLS: the handshake, the certificate, or no STARTTLS.
    Tls,
    /// The server spoke something other than the SMTP expected.
    Protocol,
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
    /// Larger than the tool reads for this kind of file.
    TooLarge,
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
            CliError::Interrupted => EXIT_INTERRUPTED,
            CliError::NotSmtpPassword { .. }
            | CliError::NoMatch { .. }
            | CliError::Rejected { .. } => EXIT_FAILED,
            CliError::Net { .. } => EXIT_NETWORK,
            CliError::Prompt(_)
            | CliError::File { .. }
            | CliError::ReadStdin(_)
            | CliError::WriteOutput(_) => EXIT_FAILED,
            _ => EXIT_USAGE,
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
            CliError::BadRegion { index, error } => format!("region #{index} of --region: {error}"),
            CliError::NoFips { region } => format!("AWS offers no FIPS SMTP endpoint in {region}"),
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
            CliError::File { path, problem, .. } => match problem {
                FileProblem::NotFound => format!("{path}: no such file"),
                FileProblem::PermissionDenied => format!("{path}: permission denied"),
                FileProblem::IsDirectory => format!("{path}: is a directory, not a file"),
                FileProblem::FifoWithoutWriter => {
                    format!("{path}: a named pipe that nothing is writing to")
                }
                FileProblem::TooLarge => format!("{path}: too large for this kind of file"),
                FileProblem::Io(kind) => format!("{path}: could not read: {kind}"),
            },
            CliError::Csv { path, error } => format!("{path}: {error}"),
            CliError::CsvSeveralRows { path, rows } => {
                format!("{path} holds {rows} access keys; expected one")
            }
            CliError::Profile {
                name,
                path,
                error: ProfileError::NoProfile,
            } => {
                format!("no profile {name} in {path}")
            }
            CliError::Profile { name, path, error } => format!("profile {name} in {path}: {error}"),
            CliError::NoHome => "cannot find the AWS credentials file: HOME is not set".to_owned(),
            CliError::BadAccessKeyId { origin, error } => format!("{origin}: {error}"),
            CliError::Format(error) => error.to_string(),
            CliError::BadPassword { origin, error } => match error {
                SecretError::Empty => {
                    format!("{origin}: no SMTP password was given (the input is empty)")
                }
                SecretError::SeveralLines { lines } => {
                    format!(
                        "{origin}: the input has {lines} non-empty lines; expected one SMTP password"
                    )
                }
                SecretError::TooLong { limit } => {
                    format!(
                        "{origin}: the input is longer than {limit} bytes; an SMTP password is 44 characters"
                    )
                }
                other => format!("{origin}: {other}"),
            },
            CliError::BatchBadLines { unit, total, bad } => {
                let mut text = format!(
                    "{} of {total} {unit}s are not usable secret access keys; nothing was derived",
                    bad.len()
                );
                for (number, why) in bad.iter().take(BATCH_LISTED) {
                    let _ = write!(text, "\n  {unit} {number}: {why}");
                }
                if bad.len() > BATCH_LISTED {
                    let _ = write!(text, "\n  … and {} more", bad.len() - BATCH_LISTED);
                }
                text
            }
            CliError::BatchFromTerminal => {
                "--batch reads standard input, which is a terminal".to_owned()
            }
            CliError::CheckNeeds(what) => format!("check needs {what}"),
            CliError::CheckTlsMode { port } => {
                format!("port {port} is not an SES SMTP port, so the TLS mode is not evident")
            }
            CliError::BadEndpoint => {
                "--endpoint is not HOST or HOST:PORT (not shown: it may hold a password)".to_owned()
            }
            CliError::CaFile { path, problem } => format!("--ca-file {path}: {problem}"),
            CliError::Rejected { target, reply, .. } => {
                format!("{target} rejected the login: {reply}")
            }
            CliError::Net {
                target,
                problem,
                detail,
                timeout,
            } => match problem {
                NetProblem::Connect => format!("could not connect to {target}: {detail}"),
                NetProblem::Timeout => format!("{target} did not answer within {timeout} s"),
                NetProblem::Tls => format!("TLS with {target} failed: {detail}"),
                NetProblem::Protocol => {
                    format!("{target} did not speak SMTP as expected: {detail}")
                }
            },
            CliError::NotSmtpPassword {
                kind,
                is_the_secret: true,
            } => {
                format!("this is {kind}: it is the secret access key itself")
            }
            CliError::NotSmtpPassword { kind, .. } => format!("this is {kind}"),
            CliError::NoMatch {
                kind: PasswordKind::SigV2,
                tried,
            } => format!(
                "this SigV2 SMTP password was not derived from the given secret access key (SigV2 and {tried} regions tried)"
            ),
            CliError::NoMatch { tried, .. } => format!(
                "this SigV4 SMTP password was not derived from the given secret access key (SigV2 and {tried} regions tried)"
            ),
            CliError::ReadStdin(kind) => format!("could not read standard input: {kind}"),
            CliError::WriteOutput(kind) => format!("could not write the output: {kind}"),
        }
    }

    /// The second line: what to do.
    pub fn hint(&self) -> String {
        match self {
            CliError::Usage { hint, .. } => hint.clone(),
            CliError::StrayArgument => "the key is never an argument (it would leak into shell history and ps); pipe it on standard input or use --env, --prompt, --secret-file, --csv or --profile".to_owned(),
            CliError::BadSecret { error, .. } => secret_hint(error).to_owned(),
            CliError::BadRegion { error: RegionError::Malformed { suggestion: Some(s) }, .. } => {
                format!("use --region {s}; 'ses-smtp-password regions' lists the known ones")
            }
            CliError::BadRegion { .. } => {
                "region names look like us-east-1; 'ses-smtp-password regions' lists the known ones".to_owned()
            }
            CliError::NoFips { .. } => {
                "AWS has FIPS SMTP endpoints in us-east-1, us-west-2 and us-gov-west-1; drop --fips elsewhere".to_owned()
            }
            CliError::EnvNotSet { var } => format!("export {var}, or name the variable that holds the key: --env VAR"),
            CliError::EnvBadName => "never pass the key itself on the command line; use --env with a name such as AWS_SECRET_ACCESS_KEY".to_owned(),
            CliError::NoTerminal | CliError::Prompt(_) | CliError::ReadStdin(_) => WAYS_TO_PASS.to_owned(),
            CliError::Interrupted => "run the command again when you have the key".to_owned(),
            CliError::File { problem, flag, .. } => match problem {
                FileProblem::NotFound | FileProblem::IsDirectory if *flag == "--profile" => {
                    "set AWS_SHARED_CREDENTIALS_FILE to the credentials file, or create it with 'aws configure'".to_owned()
                }
                FileProblem::NotFound | FileProblem::IsDirectory => format!("check the path given to {flag}"),
                FileProblem::PermissionDenied => "run as a user who can read the file, or check its permissions".to_owned(),
                FileProblem::FifoWithoutWriter => "start the program that writes the key (it has 3 seconds to connect), or use --secret-file <(command)".to_owned(),
                FileProblem::TooLarge => format!("check that {flag} names the right file"),
                FileProblem::Io(_) => "check the file and try again".to_owned(),
            },
            CliError::Csv { .. } => "use the accessKeys.csv the IAM console downloads (header: Access key ID,Secret access key)".to_owned(),
            CliError::CsvSeveralRows { .. } => "give --batch for one password per key, or keep only the row you want".to_owned(),
            CliError::Profile { error: ProfileError::NoProfile, .. } => {
                "check the name; profiles are the [NAME] sections of the credentials file".to_owned()
            }
            CliError::Profile { error: ProfileError::NoSecret, .. } => {
                "add aws_secret_access_key to the profile, or run 'aws configure --profile NAME'".to_owned()
            }
            CliError::Profile { .. } => "fix the credentials file; the AWS CLI refuses it too".to_owned(),
            CliError::NoHome => "set HOME, or AWS_SHARED_CREDENTIALS_FILE to the credentials file".to_owned(),
            CliError::BadAccessKeyId { error: AccessKeyIdError::Temporary, .. } => {
                "create a long-term access key (AKIA…) for an IAM user allowed ses:SendRawEmail".to_owned()
            }
            CliError::BadAccessKeyId { error: AccessKeyIdError::LooksLikeSecret, .. } => {
                "the username is the access key ID (AKIA…, 20 characters); the secret goes on standard input or another source".to_owned()
            }
            CliError::BadAccessKeyId { .. } => "the username is the access key ID: 20 characters starting with AKIA".to_owned(),
            CliError::Format(FormatError::UrlNeedsUsername) => {
                "pass --access-key-id AKIA…, or read the key with --csv or --profile, which carry it".to_owned()
            }
            CliError::Format(FormatError::EnvNeedsOneResult { .. }) => {
                "run once per region, or use --format json for several".to_owned()
            }
            CliError::Format(_) => "add --region REGION".to_owned(),
            CliError::BadPassword { .. } => {
                "pass one SMTP password on standard input, or type it at --prompt".to_owned()
            }
            CliError::BatchBadLines { .. } => {
                "fix or remove those lines (their content is never shown), then run again".to_owned()
            }
            CliError::BatchFromTerminal => {
                "pipe the keys in, one per line, or use --secret-file PATH or --csv PATH".to_owned()
            }
            CliError::CheckNeeds(_) => "run 'ses-smtp-password check --help' for the options".to_owned(),
            CliError::CheckTlsMode { .. } => {
                "say how to start TLS: --tls starttls or --tls implicit".to_owned()
            }
            CliError::BadEndpoint => {
                "give a host name or address, optionally with a port: email-smtp.eu-west-1.amazonaws.com:587".to_owned()
            }
            CliError::CaFile { .. } => "give a PEM file holding the CA certificate(s) to trust".to_owned(),
            CliError::Rejected { causes, .. } => format!("most likely: {}", causes.join("; or ")),
            CliError::Net { problem, .. } => match problem {
                NetProblem::Connect => {
                    "check the endpoint and port, and that outbound SMTP is allowed (many networks block 25; try 587)".to_owned()
                }
                NetProblem::Timeout => {
                    "check the endpoint and port (and --tls for odd ports), or raise --timeout".to_owned()
                }
                NetProblem::Tls => {
                    "check --tls for this port; for a private CA pass --ca-file PEM".to_owned()
                }
                NetProblem::Protocol => "check that the endpoint is an SMTP server".to_owned(),
            },
            CliError::NotSmtpPassword { kind: PasswordKind::SecretAccessKey, .. } => {
                "SES needs the SMTP password derived from it: ses-smtp-password --region REGION".to_owned()
            }
            CliError::NotSmtpPassword { kind: PasswordKind::AccessKeyId, .. } => {
                "it is the SMTP username; the password is derived from its secret access key: ses-smtp-password --region REGION".to_owned()
            }
            CliError::NotSmtpPassword { .. } => {
                "SES SMTP passwords are 44 base64 characters starting with B (SigV4); derive one: ses-smtp-password --region REGION".to_owned()
            }
            CliError::NoMatch { .. } => {
                "it comes from another key (one rotated away?) or a region not tried (add --region); derive a new one: ses-smtp-password --region REGION".to_owned()
            }
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
    let flag = |s: String| s.split([' ', ',']).next().unwrap_or_default().to_owned();
    let help = "run 'ses-smtp-password --help' for the options".to_owned();
    let (problem, hint) = match err.kind() {
        ErrorKind::ArgumentConflict => {
            let a = context(ContextKind::InvalidArg)
                .map(flag)
                .unwrap_or_default();
            let b = context(ContextKind::PriorArg).map(flag).unwrap_or_default();
            // Options of the default command followed by a word: clap takes
            // the word for a subcommand and names no argument.
            if !a.starts_with('-') || !b.starts_with('-') {
                let subcommands = ["regions", "completions", "manpage", "identify", "check"];
                if std::env::args()
                    .skip(1)
                    .any(|w| subcommands.contains(&w.as_str()))
                {
                    return CliError::Usage {
                        problem: "options of the default command cannot come before a subcommand"
                            .to_owned(),
                        hint: "put the subcommand first: ses-smtp-password SUBCOMMAND [OPTIONS]"
                            .to_owned(),
                    };
                }
                return CliError::StrayArgument;
            }
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

    /// Prints one warning line. A closed stderr is ignored (`eprintln!`
    /// would panic).
    pub fn warn(&self, message: impl std::fmt::Display) {
        if !self.quiet {
            use std::io::Write as _;
            let _ = writeln!(io::stderr(), "warning: {message}");
        }
    }
}
