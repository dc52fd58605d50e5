//! The details an error carries: where a value came from, which option,
//! which step; each a closed set, so messages are built from names, never
//! from free text.

use std::io;

use ses_smtp_password::{AccessKeyIdError, SecretError};

/// Where a secret (or an access key ID) was read from, for messages.
#[derive(Debug, Clone)]
pub enum Origin {
    /// Standard input.
    Stdin,
    /// The terminal prompt.
    Prompt,
    /// An environment variable (its name, already redacted).
    Env(String),
    /// A file, its path as shown.
    File(String),
    /// A row of an IAM console CSV: the path as shown, and the 1-based row
    /// number (the header is row 1).
    Csv(String, usize),
    /// A profile of the shared credentials file: its name and the file's
    /// path, both as shown.
    Profile(String, String),
    /// `--access-key-id`.
    Flag,
    /// A field or variable inside a source: `standard input, SecretAccessKey`.
    Within(Box<Origin>, &'static str),
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::Stdin => f.write_str("standard input"),
            Origin::Prompt => f.write_str("the prompt"),
            Origin::Env(var) => write!(f, "${var}"),
            Origin::File(path) => f.write_str(path),
            Origin::Csv(path, row) => write!(f, "{path}, row {row}"),
            Origin::Profile(name, path) => write!(f, "profile {name} in {path}"),
            Origin::Flag => f.write_str("--access-key-id"),
            Origin::Within(origin, field) => write!(f, "{origin}, {field}"),
        }
    }
}

/// A command line clap refused, told from our own argument names only.
#[derive(Debug)]
pub enum UsageError {
    /// Options of the default command, then a subcommand.
    OptionsBeforeSubcommand,
    /// Two options that exclude each other (their names).
    Conflict(String, String),
    /// An option we do not have, and the one clap suggests.
    UnknownOption(String, Option<String>),
    /// An option given without its value.
    NeedsValue(String),
    /// The same option twice.
    GivenTwice(String),
    /// An option's value was refused: the option, the value when it cannot
    /// be a secret, and what it takes.
    InvalidValue(String, Option<String>, Option<String>),
    /// Required arguments are missing.
    MissingRequired(String),
    /// Too many or too few values for an option.
    WrongNumberOfValues(String),
    /// An argument is not UTF-8.
    InvalidUtf8,
    /// A subcommand is required.
    MissingSubcommand,
    /// A word that is a misspelt subcommand (shown: short, and close to a
    /// command's name, so it cannot be a secret), and that command.
    UnknownCommand(String, &'static str),
    /// Anything else clap refuses.
    Unparsed,
}

/// What `check` lacks.
#[derive(Debug, Clone, Copy)]
#[cfg_attr(not(feature = "check"), allow(dead_code))]
pub enum CheckNeed {
    /// `--region` or `--v2`, to derive the password.
    Scheme,
    /// The SMTP username.
    Username,
    /// Where to connect.
    Endpoint,
}

/// The option that named a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileOption {
    /// `--secret-file`.
    SecretFile,
    /// `--csv`.
    Csv,
    /// `--profile` (the credentials file).
    Profile,
    /// `--batch` input.
    Batch,
    /// `--ca-file`.
    #[cfg_attr(not(feature = "check"), allow(dead_code))]
    CaFile,
    /// `manpage --dir` (written, not read).
    ManDir,
}

impl FileOption {
    pub(super) fn flag(self) -> &'static str {
        match self {
            FileOption::SecretFile => "--secret-file",
            FileOption::Csv => "--csv",
            FileOption::Profile => "--profile",
            FileOption::Batch => "--batch",
            FileOption::CaFile => "--ca-file",
            FileOption::ManDir => "manpage --dir",
        }
    }
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
    #[cfg_attr(windows, allow(dead_code))]
    FifoWithoutWriter,
    /// A Windows named pipe (`\\.\pipe\…`): a read could wait forever.
    #[cfg_attr(unix, allow(dead_code))]
    WindowsPipe,
    /// A terminal: what is typed there would be shown.
    Terminal,
    /// Larger than the tool reads for this kind of file (this many bytes).
    TooLarge(usize),
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

/// Why a file that is to receive a secret by appending was refused.
#[derive(Debug, Clone, Copy)]
pub enum AppendRefused {
    /// It does not exist (it is never created).
    Missing,
    /// It is a symbolic link (never followed).
    Symlink,
    /// It is a directory, a named pipe, a device or a socket.
    NotRegular,
    /// Any other I/O error.
    Io(io::ErrorKind),
}

/// What is wrong with a `--ca-file` that could be read.
#[derive(Debug, Clone, Copy)]
#[cfg_attr(not(feature = "check"), allow(dead_code))]
pub enum CaProblem {
    /// No PEM certificate in it.
    NotPem,
}

/// Which network step of `check` failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(not(feature = "check"), allow(dead_code))]
pub enum NetProblem {
    /// The TCP connection (refused, unreachable, no such host).
    Connect,
    /// The server refused service in its greeting (554).
    Refused,
    /// A step took longer than `--timeout`.
    Timeout,
    /// TLS: the handshake, the certificate, or no STARTTLS.
    Tls,
    /// The server spoke something other than the SMTP expected.
    Protocol,
}

/// Lines of `--batch` input or rows of its CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BatchUnit {
    /// Lines of a key file.
    Line,
    /// Rows of a CSV.
    Row,
}

impl BatchUnit {
    /// The word, singular.
    pub fn word(self) -> &'static str {
        match self {
            BatchUnit::Line => "line",
            BatchUnit::Row => "row",
        }
    }
}

/// Why one `--batch` line is unusable.
#[derive(Debug, Clone, Copy)]
pub enum BadLine {
    /// The key broke an input rule.
    Secret(SecretError),
    /// The row's access key ID was refused.
    AccessKeyId(AccessKeyIdError),
    /// The format carries a username, and the row has none.
    NoUsername,
}

/// Why a `credential_process` gave no key.
#[derive(Debug, Clone, Copy)]
pub enum ProcessProblem {
    /// It could not be started.
    NotRun(io::ErrorKind),
    /// It exited with this status (`None`: killed by a signal).
    Exit(Option<i32>),
    /// Its output is not `"Version": 1` JSON.
    NotVersion1,
    /// It printed more than 64 KiB (it was killed).
    TooMuchOutput,
    /// It ran longer than this many seconds (it was killed).
    TimedOut(u64),
}
