//! Every error the command line shows: one variant each, and one exhaustive
//! match that gives its exit code, its problem line and its hint line.
//!
//! Printed as two lines on stderr, `error: <what is wrong>` and
//! `hint: <what to do>`. No message carries a secret: values the user typed
//! reach a variant only through `redact`, and library errors carry
//! positions and lengths, never content. There is no wildcard arm: a new
//! variant does not compile until it has its code and both lines.
//!
//! `mod.rs` has the variants, `parts.rs` the match, `detail.rs` the closed
//! sets the variants carry, `advice.rs` the advice several variants share.

mod advice;
mod detail;
mod form_refusal;
mod parts;
pub mod redact;
pub mod replies;
#[cfg(feature = "rotate")]
pub mod rotate;
pub mod warn;

use std::io;

use ses_smtp_password::{AccessKeyIdError, Cause, PasswordKind, RegionError, SecretError};

use crate::cli::output::form::FormatError;
use crate::cli::source::aws_cli::resolve::ProfileError;
use crate::cli::source::aws_output::ShapeError;
use crate::cli::source::csv::CsvError;
pub use detail::{
    AppendRefused, BadLine, BatchUnit, CaProblem, CheckNeed, FileOption, FileProblem, NetProblem,
    Origin, ProcessProblem, UsageError,
};

/// Exit code: the operation failed (no match, login rejected, I/O error).
pub const EXIT_FAILED: u8 = 1;
/// Exit code: usage error or invalid input.
pub const EXIT_USAGE: u8 = 2;
/// Exit code: `check` could not connect or negotiate TLS.
pub const EXIT_NETWORK: u8 = 3;
/// Exit code: Ctrl-C, as shells report death by SIGINT.
pub const EXIT_INTERRUPTED: u8 = 130;

/// Everything that can go wrong, as the user sees it.
#[derive(Debug)]
// Without the `check` feature, check's own errors are never made.
#[cfg_attr(not(feature = "check"), allow(dead_code))]
pub enum CliError {
    /// The command line could not be parsed; the subcommand it was for,
    /// whose `--help` the hint names.
    Usage(UsageError, Option<&'static str>),
    /// A positional argument: never shown, it may be a secret.
    StrayArgument,
    /// The secret broke an input rule.
    BadSecret(Origin, SecretError),
    /// A `--region` value was refused (its 1-based index over all names given).
    BadRegion(usize, RegionError),
    /// `--fips` for a known region (its code) that has no FIPS endpoint.
    NoFips(String),
    /// `--env VAR` named a variable (as shown) that is not set.
    EnvNotSet(String),
    /// `--env` was given something that is not a variable name.
    EnvBadName,
    /// A prompt was needed but there is no terminal.
    NoTerminal,
    /// Reading the terminal failed.
    Prompt(io::ErrorKind),
    /// Ctrl-C at the prompt.
    Interrupted,
    /// A file (path as shown) named by an option could not be read.
    File(String, FileOption, FileProblem),
    /// The CSV (path as shown) could not be used.
    Csv(String, CsvError),
    /// The CSV (path as shown) has this many keys and `--batch` was not given.
    CsvSeveralRows(String, usize),
    /// The profile (its name, and the credentials and config files' paths,
    /// as shown) could not be used.
    Profile(String, String, String, ProfileError),
    /// A profile's credential_process did not give a key.
    ProcessFailed(Origin, ProcessProblem),
    /// No `HOME` to find `~/.aws/credentials` in.
    NoHome,
    /// The access key ID (SMTP username) was refused.
    BadAccessKeyId(Origin, AccessKeyIdError),
    /// The output format cannot show these results.
    Format(FormatError),
    /// `--name` is not a Kubernetes object name.
    BadSecretName,
    /// `--format github` outside GitHub Actions (`GITHUB_ENV` unset).
    NoGithubEnv,
    /// `$GITHUB_ENV` names no file that may receive a password.
    GithubEnvNotFile(AppendRefused),
    /// `--format github`: the `::add-mask::` line did not reach standard
    /// output, so the password was not added to `$GITHUB_ENV`.
    GithubMaskNotWritten,
    /// `$GITHUB_ENV` could not be appended to.
    GithubEnvWrite(std::io::ErrorKind),
    /// The SMTP password given to `identify` or `check` broke an input rule.
    BadPassword(Origin, SecretError),
    /// `--batch`: some lines are not usable keys (numbered, never shown), of
    /// this many; nothing was derived.
    BatchBadLines(BatchUnit, usize, Vec<(usize, BadLine)>),
    /// `--csv -` with standard input on a terminal.
    CsvFromTerminal,
    /// `check --password-stdin` was given a key or an ID, not a password:
    /// refused before any connection, so it never reaches a server.
    PasswordIsNot(PasswordKind),
    /// `--batch` with standard input on a terminal.
    BatchFromTerminal,
    /// `probe`: no port of the host (or of any host, of this many) works.
    #[cfg_attr(not(feature = "check"), allow(dead_code))]
    NothingReachable(usize),
    /// `explain` could not explain its input.
    Explain(replies::ExplainError),
    /// `--batch` given JSON or `NAME=value` lines (which, by name).
    BatchShaped(&'static str),
    /// A shaped input (JSON, `NAME=value` lines) could not be used.
    Shape(Origin, ShapeError),
    /// A session token came with the key: temporary credentials.
    TemporaryCredentials(Origin, &'static str),
    /// `identify`: the input is not an SES SMTP password; `true` when it is
    /// the very secret access key given to match against.
    NotSmtpPassword(PasswordKind, bool),
    /// `identify`: an SMTP password, but not derived from the given key
    /// (this many regions tried).
    NoMatch(PasswordKind, usize),
    /// `identify`: the password is the key's for one region (the first),
    /// and the URL's host is another region's (the second).
    OtherRegion(String, String),
    /// `identify`: the URL's username (as shown) is not the key's ID (the second).
    OtherUsername(String, String),
    /// `check --from`/`--to` is not an email address (flag, value as shown).
    #[cfg_attr(not(feature = "check"), allow(dead_code))]
    BadAddress(&'static str, String),
    /// `check --from`: the server (HOST:PORT) refused the test message with
    /// this reply; the likely causes, most likely first; the identities SES
    /// named when `--from` is not among them.
    #[cfg_attr(not(feature = "check"), allow(dead_code))]
    MessageRefused(String, String, Vec<Cause>, Option<String>),
    /// `check` lacks something it needs.
    CheckNeeds(CheckNeed),
    /// `check` on a port whose TLS mode is not evident.
    CheckTlsMode(u16),
    /// `--endpoint` is not HOST[:PORT]; never shown, it may hold a password.
    BadEndpoint,
    /// `--ca-file` (path as shown) could be read but not used.
    CaFile(String, CaProblem),
    /// `check` was given `--region` twice (a list takes commas).
    #[cfg_attr(not(feature = "check"), allow(dead_code))]
    CheckOneRegion,
    /// `check` over several regions: this many failed; one line per region.
    #[cfg_attr(not(feature = "check"), allow(dead_code))]
    RegionsFailed(usize, Vec<String>),
    /// `check` or `probe` (named) in a build without them.
    #[cfg_attr(feature = "check", allow(dead_code))]
    NoCheck(&'static str),
    /// `--batch` with `--access-key-id` and this many keys: one ID cannot
    /// belong to them all.
    BatchOneId(usize),
    /// `check`: the server (HOST:PORT) refused the login with this reply;
    /// the likely causes, most likely first.
    Rejected(String, String, Vec<Cause>),
    /// `check`: no usable session with HOST:PORT; the step, the underlying
    /// error as text (no credentials in it), and the `--timeout` in force.
    Net(String, NetProblem, String, u64),
    /// Reading standard input failed.
    ReadStdin(io::ErrorKind),
    /// Writing standard output failed (other than a closed pipe).
    WriteOutput(io::ErrorKind),
    /// `rotate` in a build without it.
    #[cfg_attr(feature = "rotate", allow(dead_code))]
    NoRotate,
    /// ses-smtp-password-rotate is not beside this binary (`None`), or
    /// could not be started (its path as shown, and why).
    #[cfg_attr(not(feature = "rotate"), allow(dead_code))]
    NoRotateBinary(Option<(String, io::ErrorKind)>),
    /// `rotate`'s own failures; made only in ses-smtp-password-rotate.
    #[cfg(feature = "rotate")]
    #[allow(dead_code)]
    Rotate(rotate::RotateError),
}
