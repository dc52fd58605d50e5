//! Windows: the same functions as `unix.rs`, with what Windows has instead.
//!
//! What differs, and why (README: Platforms):
//! - No process hardening. Windows has no core-size limit or dumpable
//!   flag; its equivalents (`SetErrorMode`, `WerAddExcludedApplication`)
//!   are system calls this crate cannot make without `unsafe`. Windows
//!   Error Reporting keeps no local dump unless an administrator enabled
//!   `LocalDumps`, and it sends none without consent.
//! - No permission bits. A file this tool writes takes the ACL its folder
//!   passes on (a profile folder: the user, SYSTEM and Administrators);
//!   a key file readable by others is not detected.
//! - No FIFOs (`mkfifo`). A named pipe (`\\.\pipe\…`) is refused with
//!   its own error: its server may never write, and a bounded wait on it
//!   needs overlapped I/O, which std does not offer.
//! - Standard input and output are read and written through a duplicate of
//!   their handle, never through std's buffered `Stdin`/`Stdout`, whose
//!   buffers are never wiped (the same reason as on Unix).

use std::fs::File;
use std::io::{self, Read as _, Write as _};
use std::os::windows::io::AsHandle;
use std::path::Path;

use zeroize::Zeroizing;

use super::StdoutStop;
use crate::cli::report::{AppendRefused, FileProblem};

/// `ERROR_INVALID_HANDLE`: no such standard handle (a GUI parent, `>&-`).
const ERROR_INVALID_HANDLE: i32 = 6;
/// The pipe's reader has gone (Windows' `EPIPE`; Windows has no SIGPIPE):
/// `ERROR_NO_DATA` is what a write to an anonymous pipe whose reader closed
/// fails with ("the pipe is being closed"), `ERROR_BROKEN_PIPE` its
/// other spelling, and `ERROR_PIPE_NOT_CONNECTED` what a named pipe whose
/// client disconnected answers (and what wine maps a Unix `EPIPE` to).
const ERROR_BROKEN_PIPE: i32 = 109;
const ERROR_NO_DATA: i32 = 232;
const ERROR_PIPE_NOT_CONNECTED: i32 = 233;
/// `FILE_FLAG_OPEN_REPARSE_POINT`: open a symbolic link itself, never
/// what it points at (Unix's `O_NOFOLLOW`).
const FILE_FLAG_OPEN_REPARSE_POINT: u32 = 0x0020_0000;

/// Nothing to do: see the module's documentation.
pub fn harden() -> io::Result<()> {
    Ok(())
}

/// Opens an existing regular file to append a secret to: never through a
/// symbolic link, never creating it.
pub fn open_append(path: &Path) -> Result<File, AppendRefused> {
    use std::os::windows::fs::OpenOptionsExt as _;
    let file = std::fs::OpenOptions::new()
        .append(true)
        .custom_flags(FILE_FLAG_OPEN_REPARSE_POINT)
        .open(path)
        .map_err(|e| match e.kind() {
            io::ErrorKind::NotFound => AppendRefused::Missing,
            kind => AppendRefused::Io(kind),
        })?;
    let meta = file.metadata().map_err(|e| AppendRefused::Io(e.kind()))?;
    if meta.file_type().is_symlink() {
        return Err(AppendRefused::Symlink);
    }
    if !meta.is_file() {
        return Err(AppendRefused::NotRegular);
    }
    Ok(file)
}

/// Whether standard output goes nowhere: only when there is no handle
/// (`NUL` is a device std cannot tell apart without `unsafe`).
pub fn stdout_discarded() -> bool {
    duplicate(&io::stdout()).is_err()
}

/// Nothing to do: see the module's documentation.
pub fn set_mode(_file: &File, _mode: u32) -> io::Result<()> {
    Ok(())
}

/// The size of the regular file behind standard input (`< key.txt`).
pub fn stdin_file_size() -> Option<u64> {
    let meta = duplicate(&io::stdin()).ok()?.metadata().ok()?;
    meta.is_file().then(|| meta.len())
}

/// A standard stream's handle as a `File` of its own, unbuffered.
fn duplicate(stream: &impl AsHandle) -> io::Result<File> {
    Ok(File::from(stream.as_handle().try_clone_to_owned()?))
}

/// Reads standard input straight into `buf`.
pub fn read_stdin(buf: &mut [u8]) -> io::Result<usize> {
    duplicate(&io::stdin())?.read(buf)
}

/// Writes to standard output's handle.
pub fn write_stdout(bytes: &[u8]) -> Result<usize, StdoutStop> {
    let classify = |e: io::Error| match e.raw_os_error() {
        Some(ERROR_BROKEN_PIPE | ERROR_NO_DATA | ERROR_PIPE_NOT_CONNECTED) => {
            StdoutStop::ReaderGone
        }
        Some(ERROR_INVALID_HANDLE) => StdoutStop::Nowhere,
        _ => StdoutStop::Failed(e.kind()),
    };
    let mut out = duplicate(&io::stdout()).map_err(classify)?;
    loop {
        match out.write(bytes) {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            result => return result.map_err(classify),
        }
    }
}

/// Standard error as a child's standard output.
// Used by the rotate binary alone (src/rotate/), which shares this tree.
#[cfg(feature = "rotate")]
#[allow(dead_code)]
pub fn stderr_for_child() -> io::Result<std::process::Stdio> {
    Ok(io::stderr().as_handle().try_clone_to_owned()?.into())
}

/// Whether `path` (or `path.exe`, as `Command` would find it) is a file.
// Used by the rotate binary alone (src/rotate/), which shares this tree.
#[cfg(feature = "rotate")]
#[allow(dead_code)]
pub fn runnable(path: &Path) -> bool {
    let mut exe = path.as_os_str().to_owned();
    exe.push(".exe");
    path.is_file() || Path::new(&exe).is_file()
}

/// Runs `program` with `args` and exits with its exit code; returns only
/// if it could not be started. Windows has no exec: the console, its
/// Ctrl-C and the standard handles are shared with the child instead.
#[cfg(feature = "rotate")]
pub fn exec_replacing(program: &Path, args: &[std::ffi::OsString]) -> io::Error {
    match std::process::Command::new(program).args(args).status() {
        Ok(status) => std::process::exit(status.code().unwrap_or(1)),
        Err(e) => e,
    }
}

/// Whether a console can be opened (the hidden prompt's).
pub fn terminal_present() -> bool {
    std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("CONIN$")
        .is_ok()
}

/// Ends the prompt's line on the console.
pub fn end_terminal_line() {
    if let Ok(mut console) = std::fs::OpenOptions::new().write(true).open("CONOUT$") {
        let _ = console.write_all(b"\r\n");
    }
}

/// Opens a file holding a secret to read it. A named pipe is refused: its
/// server may never write, and Windows offers no bounded wait on it
/// without `unsafe` (on Unix a FIFO gets three seconds).
pub fn open_to_read(path: &Path) -> Result<File, FileProblem> {
    let text = path
        .to_string_lossy()
        .replace('/', "\\")
        .to_ascii_lowercase();
    if text.starts_with(r"\\.\pipe\") || text.starts_with(r"\\?\pipe\") {
        return Err(FileProblem::WindowsPipe);
    }
    File::open(path).map_err(|e| FileProblem::from_io(&e))
}

/// Nothing to do: files are opened blocking.
pub fn blocking(_file: &File) -> io::Result<()> {
    Ok(())
}

/// Not known without reading the ACL: see the module's documentation.
pub fn others_can_read(_meta: &std::fs::Metadata) -> bool {
    false
}

/// Windows has no FIFOs in the file system.
pub fn is_fifo(_file_type: std::fs::FileType) -> bool {
    false
}

/// Never called ([`is_fifo`] is false); refuses if it were.
pub fn fifo_first_byte(_file: &mut File) -> Result<Zeroizing<Vec<u8>>, FileProblem> {
    Err(FileProblem::Io(io::ErrorKind::Unsupported))
}

/// `path` with its `%NAME%`, `${NAME}` and `$NAME` replaced as Python's
/// `ntpath.expandvars` replaces them (botocore does so for the AWS CLI's
/// file variables). Windows finds a variable whatever the case of its
/// name, as Python's `os.environ` does there. A path that is not valid
/// Unicode is left as it is: Python could not have read it either.
pub fn expand_vars(path: &std::ffi::OsStr) -> std::ffi::OsString {
    match path.to_str() {
        Some(text) => {
            super::python_paths::nt_expandvars(text, |name| std::env::var(name).ok()).into()
        }
        None => path.to_owned(),
    }
}

/// The home directory, where `~\.aws\` is: `USERPROFILE`, else
/// `HOMEDRIVE` + `HOMEPATH`, as Python's `expanduser` (and so botocore and
/// the AWS CLI) finds it on Windows.
pub fn home_dir() -> Option<std::path::PathBuf> {
    let var = |name| std::env::var_os(name).filter(|v| !v.is_empty());
    var("USERPROFILE")
        .map(std::path::PathBuf::from)
        .or_else(|| {
            let mut home = var("HOMEDRIVE")?;
            home.push(var("HOMEPATH")?);
            Some(home.into())
        })
}

/// Where a program keeps state between runs: `%LOCALAPPDATA%`.
#[cfg(feature = "rotate")]
#[allow(dead_code)]
pub fn state_dir() -> Option<std::path::PathBuf> {
    std::env::var_os("LOCALAPPDATA")
        .filter(|d| !d.is_empty())
        .map(std::path::PathBuf::from)
}
