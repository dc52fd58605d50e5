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

use ses_smtp_password::secret::MAX_SECRET_BYTES;
use zeroize::Zeroizing;

use super::args::SourceArgs;
use super::error::{CliError, FileProblem, Origin, Warnings, shown_path};

/// Raw secret bytes and where they came from; checked by the caller.
pub struct RawSecret {
    /// The bytes as read, at most `MAX_SECRET_BYTES + 1` of them.
    pub bytes: Zeroizing<Vec<u8>>,
    /// Where they came from.
    pub origin: Origin,
}

/// The text shown at the hidden prompt (on the terminal, never stdout).
const PROMPT: &str = "AWS secret access key (input hidden): ";

/// Reads at most `limit + 1` bytes, so that "more than `limit`" is visible
/// without buffering an unbounded input.
pub fn read_capped(reader: &mut impl Read, limit: usize) -> io::Result<Zeroizing<Vec<u8>>> {
    let mut buf = Zeroizing::new(vec![0u8; limit + 1]);
    let mut filled = 0;
    while filled < buf.len() {
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
pub fn read(args: &SourceArgs, warnings: Warnings) -> Result<RawSecret, CliError> {
    if args.stdin {
        return read_stdin();
    }
    if let Some(var) = &args.env {
        return read_env(var);
    }
    if args.prompt {
        return read_prompt();
    }
    if let Some(path) = &args.secret_file {
        return read_file(path, warnings);
    }
    if io::stdin().is_terminal() {
        read_prompt()
    } else {
        read_stdin()
    }
}

fn read_stdin() -> Result<RawSecret, CliError> {
    let bytes = read_capped(&mut io::stdin().lock(), MAX_SECRET_BYTES)
        .map_err(|e| CliError::ReadStdin(e.kind()))?;
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
        var: var.to_owned(),
    })?;
    Ok(RawSecret {
        bytes: Zeroizing::new(value.into_encoded_bytes()),
        origin: Origin::Env(var.to_owned()),
    })
}

fn read_prompt() -> Result<RawSecret, CliError> {
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
    let result = rpassword::prompt_password(PROMPT);
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

fn read_file(path: &Path, warnings: Warnings) -> Result<RawSecret, CliError> {
    let shown = shown_path(path);
    let fail = |problem| CliError::SecretFile {
        path: shown.clone(),
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
        read_fifo(&mut file).map_err(fail)?
    } else {
        if file_type.is_file() && meta.mode() & 0o044 != 0 {
            warnings.warn(format_args!(
                "{shown} can be read by group or others; restrict it with: chmod 600 {shown}"
            ));
        }
        // Back to blocking reads for terminals and other devices.
        rustix::fs::fcntl_setfl(&file, rustix::fs::OFlags::empty())
            .map_err(|e| fail(FileProblem::Io(io::Error::from(e).kind())))?;
        read_capped(&mut file, MAX_SECRET_BYTES).map_err(|e| fail(FileProblem::from_io(&e)))?
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
fn read_fifo(file: &mut File) -> Result<Zeroizing<Vec<u8>>, FileProblem> {
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
    read_capped(&mut (&first[..got]).chain(file), MAX_SECRET_BYTES)
        .map_err(|e| FileProblem::from_io(&e))
}
