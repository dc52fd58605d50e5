//! Reading bytes from where a secret is kept: standard input, a file or a
//! named pipe, the environment, the terminal.
//!
//! Every buffer that receives secret bytes is a `Zeroizing<Vec<u8>>` sized
//! once, up front, to the read limit plus one byte: it never grows while a
//! single secret is read, so no reallocation leaves an unwiped copy of the
//! secret in freed memory, and an oversized input is detected without
//! reading the rest of it.

use std::io::{self, Read};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use ses_smtp_password::{MAX_SECRET_BYTES, SecretError};
use zeroize::{Zeroize as _, Zeroizing};

use crate::cli::platform;
use crate::cli::report::redact::{HIDDEN, is_safe, shown, shown_path};
use crate::cli::report::warn::Warnings;
use crate::cli::report::{CliError, FileOption, FileProblem, Origin};

/// Raw secret bytes and where they came from; checked by the caller.
pub struct RawSecret {
    /// The bytes as read, at most the read limit + 1 of them.
    pub bytes: Zeroizing<Vec<u8>>,
    /// Where they came from.
    pub origin: Origin,
}

impl RawSecret {
    /// The contents of a file that is read whole (a CSV, the credentials
    /// file, `--batch` input): more than `limit` bytes is an error naming
    /// `option`, where a single secret would rather say it is too long.
    pub fn whole(self, option: FileOption, limit: usize) -> Result<RawSecret, CliError> {
        if self.bytes.len() > limit {
            return Err(CliError::File(
                self.origin.to_string(),
                option,
                FileProblem::TooLarge(limit),
            ));
        }
        Ok(self)
    }
}

/// The text shown at the hidden prompt (on the terminal, never stdout).
pub const PROMPT: &str = "AWS secret access key (input hidden): ";
/// The prompt of `identify --prompt`.
pub const PASSWORD_PROMPT: &str = "SES SMTP password (input hidden): ";

/// The first buffer size of [`read_capped`]: a single secret's whole limit,
/// so that reading one key never grows the buffer.
const FIRST_BUFFER: usize = MAX_SECRET_BYTES + 1;

/// Reads at most `limit + 1` bytes, so that "more than `limit`" is visible
/// without buffering an unbounded input.
///
/// One secret fits the first buffer (64 KiB). A longer input (`--batch`)
/// is read in chunks of [`CHUNK`], then joined into one buffer of exactly
/// its size, each chunk wiped and freed as soon as it is copied: the peak is
/// the input and one chunk, where a buffer that doubles peaks at twice the
/// input. Every buffer is zeroizing, so no copy of a key is left behind.
pub fn read_capped(reader: &mut impl Read, limit: usize) -> io::Result<Zeroizing<Vec<u8>>> {
    read_sized(reader, limit, None)
}

/// The chunk a long input is read in.
const CHUNK: usize = 1 << 20;

/// [`read_capped`] with the input's size when it is known (a regular file):
/// the first buffer is that size + 1, so the whole input is read into it.
fn read_sized(
    reader: &mut impl Read,
    limit: usize,
    size: Option<u64>,
) -> io::Result<Zeroizing<Vec<u8>>> {
    let first = size
        .and_then(|s| usize::try_from(s).ok())
        .map_or(FIRST_BUFFER, |s| s.saturating_add(1).max(FIRST_BUFFER));
    let mut buf = Zeroizing::new(vec![0u8; first.min(limit + 1)]);
    let filled = fill(reader, &mut buf)?;
    if filled < buf.len() || buf.len() > limit {
        buf.truncate(filled);
        return Ok(buf);
    }
    let mut total = filled;
    let mut chunks = vec![buf];
    while total <= limit {
        let mut chunk = Zeroizing::new(vec![0u8; CHUNK.min(limit + 1 - total)]);
        let got = fill(reader, &mut chunk)?;
        let end = got < chunk.len();
        chunk.truncate(got);
        total += got;
        chunks.push(chunk);
        if end {
            break;
        }
    }
    let mut joined = Zeroizing::new(Vec::with_capacity(total));
    // Each chunk is dropped (wiped, freed) right after its copy.
    for chunk in chunks {
        joined.extend_from_slice(&chunk);
    }
    Ok(joined)
}

/// Reads into `buf` until it is full or the input ends; how much was read.
fn fill(reader: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// UTF-16 below U+0800 (after a 2-byte BOM), rewritten as UTF-8 over
/// itself: unit `i` is read at byte `2 + 2i` after at most `2i` bytes were
/// written, so a write never overtakes a read. The rest is wiped.
fn decoded_in_place(mut bytes: Zeroizing<Vec<u8>>, big_endian: bool) -> Zeroizing<Vec<u8>> {
    let mut written = 0;
    for read in (2..bytes.len()).step_by(2) {
        let pair = [bytes[read], bytes[read + 1]];
        let unit = if big_endian {
            u16::from_be_bytes(pair)
        } else {
            u16::from_le_bytes(pair)
        };
        // Both casts are exact: the unit is below 0x800.
        if unit < 0x80 {
            bytes[written] = unit as u8;
            written += 1;
        } else {
            bytes[written] = 0xC0 | (unit >> 6) as u8;
            bytes[written + 1] = 0x80 | (unit & 0x3F) as u8;
            written += 2;
        }
    }
    bytes[written..].zeroize();
    bytes.truncate(written);
    bytes
}

/// Reads standard input, up to the secret size limit.
pub fn read_stdin() -> Result<RawSecret, CliError> {
    read_stdin_up_to(MAX_SECRET_BYTES)
}

/// Reads standard input, up to `limit` (+1) bytes.
pub fn read_stdin_up_to(limit: usize) -> Result<RawSecret, CliError> {
    let size = platform::stdin_file_size();
    let bytes =
        read_sized(&mut Unbuffered, limit, size).map_err(|e| CliError::ReadStdin(e.kind()))?;
    decoded(bytes, Origin::Stdin, limit)
}

/// Bytes as UTF-8: UTF-16 with a byte-order mark (what Windows
/// PowerShell 5.1's `>` writes) is decoded. Text below U+0800 (keys are
/// ASCII) is decoded in place, since each 2-byte unit becomes at most 2
/// bytes, so a 1 GiB `--batch` input needs no second buffer; other text
/// goes to a new buffer of exactly its size (counted first), and the UTF-16
/// one is wiped as it is dropped. Input over `limit` is left as it is: the
/// size rule comes before any other, and its callers refuse it.
fn decoded(bytes: Zeroizing<Vec<u8>>, origin: Origin, limit: usize) -> Result<RawSecret, CliError> {
    if bytes.len() > limit {
        return Ok(RawSecret { bytes, origin });
    }
    let big_endian = match bytes.get(..2) {
        Some([0xFF, 0xFE]) => false,
        Some([0xFE, 0xFF]) => true,
        _ => return Ok(RawSecret { bytes, origin }),
    };
    let body = &bytes[2..];
    let units = body.chunks_exact(2).map(|pair| {
        let pair = [pair[0], pair[1]];
        if big_endian {
            u16::from_be_bytes(pair)
        } else {
            u16::from_le_bytes(pair)
        }
    });
    if body.len().is_multiple_of(2) && units.clone().all(|u| u < 0x800) {
        return Ok(RawSecret {
            bytes: decoded_in_place(bytes, big_endian),
            origin,
        });
    }
    // One pass to count, so the buffer is allocated once at its size.
    let size: usize = char::decode_utf16(units.clone())
        .map(|c| c.map_or(0, char::len_utf8))
        .sum();
    let mut utf8 = Zeroizing::new(Vec::with_capacity(size));
    let mut char_buf = [0u8; 4];
    for (i, c) in char::decode_utf16(units).enumerate() {
        let Ok(c) = c else {
            let error = SecretError::NotUtf8 {
                position: 3 + 2 * i,
            };
            return Err(CliError::BadSecret(origin, error));
        };
        utf8.extend_from_slice(c.encode_utf8(&mut char_buf).as_bytes());
    }
    char_buf.zeroize();
    if body.len() % 2 == 1 {
        let error = SecretError::NotUtf8 {
            position: bytes.len(),
        };
        return Err(CliError::BadSecret(origin, error));
    }
    Ok(RawSecret {
        bytes: utf8,
        origin,
    })
}

/// Standard input read straight into the caller's buffer
/// ([`platform::read_stdin`]: never through std's unwiped buffer).
struct Unbuffered;

impl Read for Unbuffered {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        platform::read_stdin(buf)
    }
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

/// Reads environment variable `var`.
pub fn read_env(var: &str) -> Result<RawSecret, CliError> {
    // A key without `+` or `/` is a valid variable name; refuse anything
    // that could be a key so `--env <secret>` never echoes it back.
    if !is_var_name(var) || !is_safe(var) {
        return Err(CliError::EnvBadName);
    }
    let value =
        std::env::var_os(var).ok_or_else(|| CliError::EnvNotSet(shown(var).into_owned()))?;
    Ok(RawSecret {
        bytes: Zeroizing::new(value.into_encoded_bytes()),
        origin: Origin::Env(var.to_owned()),
    })
}

/// Asks on the terminal with echo off.
pub fn read_prompt(prompt: &str) -> Result<RawSecret, CliError> {
    // Opening the terminal first tells "no terminal" apart from a read error,
    // and fails at once instead of waiting for a terminal that is not there.
    if !platform::terminal_present() {
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
        // Ctrl-D on an empty line: treat as no input. rpassword ends the
        // line only after Enter; end it here, or the error would be printed
        // after the prompt, on its line.
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => {
            platform::end_terminal_line();
            Ok(RawSecret {
                bytes: Zeroizing::new(Vec::new()),
                origin: Origin::Prompt,
            })
        }
        Err(e) => Err(CliError::Prompt(e.kind())),
    }
}

/// Reads a file named by `option`, up to `limit` (+1) bytes; warns when others can read it.
pub fn read_file(
    path: &Path,
    option: FileOption,
    limit: usize,
    warnings: Warnings,
) -> Result<RawSecret, CliError> {
    let shown = shown_path(path);
    let fail = |problem| CliError::File(shown.clone(), option, problem);
    let mut file = platform::open_to_read(path).map_err(fail)?;
    let meta = file
        .metadata()
        .map_err(|e| fail(FileProblem::from_io(&e)))?;
    let file_type = meta.file_type();
    if file_type.is_dir() {
        return Err(fail(FileProblem::IsDirectory));
    }
    // A terminal (`/dev/tty`, `/dev/stdin` at a prompt) would show the key
    // as it is typed: refused, and pointed at the hidden prompt.
    if io::IsTerminal::is_terminal(&file) {
        return Err(fail(FileProblem::Terminal));
    }
    let bytes = if platform::is_fifo(file_type) {
        let first = platform::fifo_first_byte(&mut file).map_err(fail)?;
        read_capped(&mut (&first[..]).chain(&mut file), limit)
            .map_err(|e| fail(FileProblem::from_io(&e)))?
    } else {
        // A CA certificate is public; every other file here holds a key.
        if file_type.is_file() && platform::others_can_read(&meta) && option != FileOption::CaFile {
            // The hint is a command to copy: with the path, or (when the
            // path is not shown) words that say what to run it on.
            if shown == HIDDEN {
                warnings.warn(format_args!(
                    "{shown} can be read by group or others; restrict it: chmod 600 on the file you named"
                ));
            } else {
                let quoted = if shown
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"/._+-".contains(&b))
                {
                    shown.clone()
                } else {
                    format!("'{}'", shown.replace('\'', r"'\''"))
                };
                warnings.warn(format_args!(
                    "{shown} can be read by group or others; restrict it with: chmod 600 {quoted}"
                ));
            }
        }
        platform::blocking(&file).map_err(|e| fail(FileProblem::Io(e.kind())))?;
        let size = file_type.is_file().then_some(meta.len());
        read_sized(&mut file, limit, size).map_err(|e| fail(FileProblem::from_io(&e)))?
    };
    decoded(bytes, Origin::File(shown), limit)
}
