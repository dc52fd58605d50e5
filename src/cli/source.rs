//! Reading the secret access key from where the user keeps it.
//!
//! Every buffer that receives secret bytes is a `Zeroizing<Vec<u8>>` sized
//! once, up front, to the read limit plus one byte: it never grows, so no
//! reallocation leaves an unwiped copy of the secret in freed memory, and an
//! oversized input is detected without reading the rest of it.

use std::fs::File;
use std::io::{self, IsTerminal, Read};
use std::os::unix::fs::{FileTypeExt, MetadataExt, OpenOptionsExt};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use ses_smtp_password::access_key::check_access_key_id;
use ses_smtp_password::csv::{self, AccessKeysCsv};
use ses_smtp_password::profile;
use ses_smtp_password::secret::{KeyCheck, MAX_SECRET_BYTES};
use zeroize::Zeroizing;

use super::args::SourceArgs;
use super::error::{CliError, FileProblem, Origin, Warnings, shown, shown_path};

/// The most bytes read from a shared credentials file (it holds many profiles).
const MAX_CREDENTIALS_FILE_BYTES: usize = 1024 * 1024;

/// Raw secret bytes and where they came from; checked by the caller.
pub struct RawSecret {
    /// The bytes as read, at most `MAX_SECRET_BYTES + 1` of them.
    pub bytes: Zeroizing<Vec<u8>>,
    /// Where they came from.
    pub origin: Origin,
}

impl RawSecret {
    /// The contents of a file that is read whole (a CSV, the credentials
    /// file, `--batch` input): more than `limit` bytes is an error naming
    /// `flag`, where a single secret would rather say it is too long.
    pub fn whole(self, flag: &'static str, limit: usize) -> Result<RawSecret, CliError> {
        if self.bytes.len() > limit {
            return Err(CliError::File {
                path: self.origin.to_string(),
                flag,
                problem: FileProblem::TooLarge,
            });
        }
        Ok(self)
    }
}

/// What a source produced: the secret, possibly inside a file that also
/// names the access key ID.
pub enum Material {
    /// Bytes that are the secret (stdin, prompt, environment, file). With
    /// `--env`, `AWS_ACCESS_KEY_ID` comes along as the username.
    Raw {
        /// The secret's bytes.
        secret: RawSecret,
        /// `AWS_ACCESS_KEY_ID`, when `--env` was used and it is set.
        access_key_id: Option<String>,
    },
    /// An IAM console CSV.
    Csv {
        /// Its rows.
        keys: AccessKeysCsv,
        /// The path as shown (`standard input` for `-`).
        path: String,
    },
    /// A shared credentials file and the profile to use.
    Profile {
        /// The file's bytes.
        file: Zeroizing<Vec<u8>>,
        /// The file's path, as shown.
        path: String,
        /// The profile name.
        name: String,
    },
}

/// The one secret of a non-batch run, with the username that came with it.
pub struct Single<'a> {
    /// The secret's raw bytes, for [`ses_smtp_password::secret::check_secret`].
    pub bytes: &'a [u8],
    /// Where it came from.
    pub origin: Origin,
    /// The access key ID from the same source, and where it came from.
    pub access_key_id: Option<(&'a str, Origin)>,
}

impl Single<'_> {
    /// The SMTP username: `--access-key-id` (already checked) wins, with a
    /// warning when the source named another; else the source's, checked.
    pub fn username<'a>(
        &'a self,
        flag: Option<&'a str>,
        warnings: Warnings,
    ) -> Result<Option<&'a str>, CliError> {
        match (flag, &self.access_key_id) {
            (Some(flag), Some((found, origin))) => {
                if flag != *found {
                    warnings.warn(format_args!(
                        "--access-key-id differs from the access key ID in {origin}; using --access-key-id"
                    ));
                }
                Ok(Some(flag))
            }
            (Some(flag), None) => Ok(Some(flag)),
            (None, Some((found, origin))) => {
                check_access_key_id(found)
                    .map(Some)
                    .map_err(|error| CliError::BadAccessKeyId {
                        origin: origin.clone(),
                        error,
                    })
            }
            (None, None) => Ok(None),
        }
    }
}

/// Checks `--access-key-id`.
pub fn flag_access_key_id(value: Option<&str>) -> Result<Option<&str>, CliError> {
    value
        .map(|id| {
            check_access_key_id(id).map_err(|error| CliError::BadAccessKeyId {
                origin: Origin::Flag,
                error,
            })
        })
        .transpose()
}

/// Reads and checks the secret of a non-batch run.
pub fn checked_secret<'a>(
    single: &Single<'a>,
    no_key_check: bool,
    warnings: Warnings,
) -> Result<&'a str, CliError> {
    let check = if no_key_check {
        KeyCheck::Off
    } else {
        KeyCheck::Strict
    };
    let key = ses_smtp_password::secret::check_secret(single.bytes, check).map_err(|error| {
        CliError::BadSecret {
            origin: single.origin.clone(),
            error,
        }
    })?;
    if let Some(w) = key.warning {
        warnings.warn(w);
    }
    Ok(key.secret)
}

impl Material {
    /// The single secret, refusing a CSV with several rows.
    pub fn single(&self) -> Result<Single<'_>, CliError> {
        match self {
            Material::Raw {
                secret,
                access_key_id,
            } => Ok(Single {
                bytes: &secret.bytes,
                origin: secret.origin.clone(),
                access_key_id: access_key_id
                    .as_deref()
                    .map(|id| (id, Origin::Env("AWS_ACCESS_KEY_ID".to_owned()))),
            }),
            Material::Csv { keys, path } => {
                if keys.len() > 1 {
                    return Err(CliError::CsvSeveralRows {
                        path: path.clone(),
                        rows: keys.len(),
                    });
                }
                let key = keys.keys().next().ok_or_else(|| CliError::Csv {
                    path: path.clone(),
                    error: csv::CsvError::NoRows,
                })?;
                let origin = Origin::Csv {
                    path: path.clone(),
                    row: key.row,
                };
                Ok(Single {
                    bytes: key.secret,
                    access_key_id: key.access_key_id.map(|id| (id, origin.clone())),
                    origin,
                })
            }
            Material::Profile { file, path, name } => {
                let keys = profile::find(file, name).map_err(|error| CliError::Profile {
                    name: shown(name).into_owned(),
                    path: path.clone(),
                    error,
                })?;
                let origin = Origin::Profile {
                    name: shown(name).into_owned(),
                    path: path.clone(),
                };
                if keys.has_session_token {
                    return Err(CliError::BadAccessKeyId {
                        origin,
                        error: ses_smtp_password::access_key::AccessKeyIdError::Temporary,
                    });
                }
                Ok(Single {
                    bytes: keys.secret.as_bytes(),
                    access_key_id: keys.access_key_id.map(|id| (id, origin.clone())),
                    origin,
                })
            }
        }
    }
}

/// The text shown at the hidden prompt (on the terminal, never stdout).
const PROMPT: &str = "AWS secret access key (input hidden): ";
/// The prompt of `identify --prompt`.
pub const PASSWORD_PROMPT: &str = "SES SMTP password (input hidden): ";

/// The first buffer size of [`read_capped`]: a single secret's whole limit,
/// so that reading one key never grows the buffer.
const FIRST_BUFFER: usize = MAX_SECRET_BYTES + 1;

/// Reads at most `limit + 1` bytes, so that "more than `limit`" is visible
/// without buffering an unbounded input.
///
/// The buffer starts at 64 KiB and doubles as needed (`--batch` input); each
/// time, the bytes move to a new zeroizing buffer and the old one is wiped as
/// it is dropped, so a reallocation never leaves a copy of a key behind.
pub fn read_capped(reader: &mut impl Read, limit: usize) -> io::Result<Zeroizing<Vec<u8>>> {
    let mut buf = Zeroizing::new(vec![0u8; FIRST_BUFFER.min(limit + 1)]);
    let mut filled = 0;
    loop {
        if filled == buf.len() {
            if buf.len() > limit {
                break;
            }
            let mut bigger = Zeroizing::new(vec![0u8; (buf.len() * 2).min(limit + 1)]);
            bigger[..filled].copy_from_slice(&buf[..filled]);
            buf = bigger;
        }
        match reader.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    buf.truncate(filled);
    Ok(buf)
}

/// Reads the secret from the source the flags name.
pub fn read(args: &SourceArgs, warnings: Warnings) -> Result<Material, CliError> {
    let raw = |secret| {
        Ok(Material::Raw {
            secret,
            access_key_id: None,
        })
    };
    if args.stdin {
        return raw(read_stdin()?);
    }
    if let Some(var) = &args.env {
        let secret = read_env(var)?;
        // The AWS CLI's pair: the ID goes with the secret from the environment.
        let access_key_id = std::env::var("AWS_ACCESS_KEY_ID")
            .ok()
            .filter(|id| !id.is_empty());
        return Ok(Material::Raw {
            secret,
            access_key_id,
        });
    }
    if args.prompt {
        return raw(read_prompt(PROMPT)?);
    }
    if let Some(path) = &args.secret_file {
        return raw(read_file(
            path,
            "--secret-file",
            MAX_SECRET_BYTES,
            warnings,
        )?);
    }
    if let Some(path) = &args.csv {
        let file = if path.as_os_str() == "-" {
            read_stdin()?
        } else {
            read_file(path, "--csv", MAX_SECRET_BYTES, warnings)?
        }
        .whole("--csv", MAX_SECRET_BYTES)?;
        let path = file.origin.to_string();
        let keys = csv::parse(&file.bytes).map_err(|error| CliError::Csv {
            path: path.clone(),
            error,
        })?;
        return Ok(Material::Csv { keys, path });
    }
    if let Some(name) = &args.profile {
        let path = credentials_path()?;
        let file = read_file(&path, "--profile", MAX_CREDENTIALS_FILE_BYTES, warnings)?
            .whole("--profile", MAX_CREDENTIALS_FILE_BYTES)?;
        return Ok(Material::Profile {
            path: file.origin.to_string(),
            file: file.bytes,
            name: name.clone(),
        });
    }
    if io::stdin().is_terminal() {
        raw(read_prompt(PROMPT)?)
    } else {
        raw(read_stdin()?)
    }
}

/// Where the AWS CLI looks: `AWS_SHARED_CREDENTIALS_FILE` (with `~`
/// expanded, as botocore does), else `~/.aws/credentials`.
fn credentials_path() -> Result<std::path::PathBuf, CliError> {
    let home = || {
        std::env::var_os("HOME")
            .filter(|h| !h.is_empty())
            .map(std::path::PathBuf::from)
    };
    if let Some(custom) = std::env::var_os("AWS_SHARED_CREDENTIALS_FILE").filter(|v| !v.is_empty())
    {
        let custom = std::path::PathBuf::from(custom);
        if let Ok(rest) = custom.strip_prefix("~") {
            return home().map(|h| h.join(rest)).ok_or(CliError::NoHome);
        }
        return Ok(custom);
    }
    home()
        .map(|h| h.join(".aws").join("credentials"))
        .ok_or(CliError::NoHome)
}

/// Reads standard input, up to the secret size limit.
pub fn read_stdin() -> Result<RawSecret, CliError> {
    read_stdin_up_to(MAX_SECRET_BYTES)
}

/// Reads standard input, up to `limit` (+1) bytes.
pub fn read_stdin_up_to(limit: usize) -> Result<RawSecret, CliError> {
    let bytes =
        read_capped(&mut io::stdin().lock(), limit).map_err(|e| CliError::ReadStdin(e.kind()))?;
    Ok(RawSecret {
        bytes,
        origin: Origin::Stdin,
    })
}

/// Whether `name` can be an environment variable name (and so is shown in messages).
fn is_var_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && name.len() <= 64
}

fn read_env(var: &str) -> Result<RawSecret, CliError> {
    // A key without `+` or `/` is a valid variable name; refuse anything the
    // key check would accept so `--env <secret>` never echoes it back.
    if !is_var_name(var) || ses_smtp_password::secret::check_key_format(var).is_ok() {
        return Err(CliError::EnvBadName);
    }
    let value = std::env::var_os(var).ok_or_else(|| CliError::EnvNotSet {
        var: shown(var).into_owned(),
    })?;
    Ok(RawSecret {
        bytes: Zeroizing::new(value.into_encoded_bytes()),
        origin: Origin::Env(var.to_owned()),
    })
}

/// Asks on the terminal with echo off.
pub fn read_prompt(prompt: &str) -> Result<RawSecret, CliError> {
    // Opening the terminal first tells "no terminal" apart from a read error,
    // and fails at once instead of waiting for a terminal that is not there.
    if std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
        .is_err()
    {
        return Err(CliError::NoTerminal);
    }
    // rpassword turns off ISIG and, on Ctrl-C, raises SIGINT *before* it
    // restores the terminal mode; with the default action the process would
    // die with echo still off. A handler that only sets a flag lets rpassword
    // return, restore the terminal, and us exit 130.
    let interrupted = Arc::new(AtomicBool::new(false));
    let handler =
        signal_hook::flag::register(signal_hook::consts::SIGINT, Arc::clone(&interrupted)).ok();
    let result = rpassword::prompt_password(prompt);
    if let Some(id) = handler {
        signal_hook::low_level::unregister(id);
    }
    match result {
        Ok(text) => Ok(RawSecret {
            // Moves the String's buffer without copying it.
            bytes: Zeroizing::new(text.into_bytes()),
            origin: Origin::Prompt,
        }),
        Err(e) if e.kind() == io::ErrorKind::Interrupted => Err(CliError::Interrupted),
        // Ctrl-D on an empty line: treat as no input.
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => Ok(RawSecret {
            bytes: Zeroizing::new(Vec::new()),
            origin: Origin::Prompt,
        }),
        Err(e) => Err(CliError::Prompt(e.kind())),
    }
}

/// Reads a file named by `flag`, up to `limit` (+1) bytes; warns when others can read it.
pub fn read_file(
    path: &Path,
    flag: &'static str,
    limit: usize,
    warnings: Warnings,
) -> Result<RawSecret, CliError> {
    let shown = shown_path(path);
    let fail = |problem| CliError::File {
        path: shown.clone(),
        flag,
        problem,
    };
    // O_NONBLOCK: opening a named pipe for reading otherwise blocks until a
    // writer appears, which may be never.
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32)
        .open(path)
        .map_err(|e| fail(FileProblem::from_io(&e)))?;
    let meta = file
        .metadata()
        .map_err(|e| fail(FileProblem::from_io(&e)))?;
    let file_type = meta.file_type();
    if file_type.is_dir() {
        return Err(fail(FileProblem::IsDirectory));
    }
    let bytes = if file_type.is_fifo() {
        read_fifo(&mut file, limit).map_err(fail)?
    } else {
        if file_type.is_file() && meta.mode() & 0o044 != 0 {
            warnings.warn(format_args!(
                "{shown} can be read by group or others; restrict it with: chmod 600 {shown}"
            ));
        }
        // Back to blocking reads for terminals and other devices.
        rustix::fs::fcntl_setfl(&file, rustix::fs::OFlags::empty())
            .map_err(|e| fail(FileProblem::Io(io::Error::from(e).kind())))?;
        read_capped(&mut file, limit).map_err(|e| fail(FileProblem::from_io(&e)))?
    };
    Ok(RawSecret {
        bytes,
        origin: Origin::File(shown),
    })
}

/// How long a named pipe may go without a writer before that is an error.
const FIFO_WRITER_WAIT_MS: i32 = 3000;

/// Reads a pipe opened without blocking. On Linux a first read returns data,
/// "would block" when a writer is connected but has not written yet, or 0
/// when no writer is connected. A writer started beside us (`mkfifo p;
/// ses-smtp-password --secret-file p & pass show key > p`) connects only once
/// we have opened the pipe, so "no writer" gets a bounded wait before it is an
/// error: never a hang on a pipe nobody will write to.
fn read_fifo(file: &mut File, limit: usize) -> Result<Zeroizing<Vec<u8>>, FileProblem> {
    use rustix::event::{PollFd, PollFlags, Timespec, poll};
    let io_kind = |e: rustix::io::Errno| FileProblem::Io(io::Error::from(e).kind());
    let mut first = Zeroizing::new([0u8; 1]);
    let got = match file.read(&mut first[..]) {
        Ok(0) => {
            let wait = Timespec {
                tv_sec: i64::from(FIFO_WRITER_WAIT_MS / 1000),
                tv_nsec: 0,
            };
            let mut fds = [PollFd::new(&*file, PollFlags::IN)];
            if poll(&mut fds, Some(&wait)).map_err(io_kind)? == 0 {
                return Err(FileProblem::FifoWithoutWriter);
            }
            0
        }
        Ok(n) => n,
        Err(e) if e.kind() == io::ErrorKind::WouldBlock => 0,
        Err(e) => return Err(FileProblem::from_io(&e)),
    };
    rustix::fs::fcntl_setfl(&*file, rustix::fs::OFlags::empty()).map_err(io_kind)?;
    read_capped(&mut (&first[..got]).chain(file), limit).map_err(|e| FileProblem::from_io(&e))
}
