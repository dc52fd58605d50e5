//! Unix: process hardening, done before any secret is read; opening a file
//! that holds or receives a secret; named pipes; the raw standard streams.
//!
//! A core dump or a ptrace attach would expose the secret in memory: the
//! core-size limit goes to 0 and (on Linux) the process becomes
//! non-dumpable, which also makes `/proc/PID/mem` unreadable to other
//! processes of the same user.

use std::fs::File;
use std::io;
use std::path::Path;

use rustix::fs::{FileType, Mode, OFlags};

use zeroize::Zeroizing;

use super::StdoutStop;
use crate::cli::report::{AppendRefused, FileProblem};

/// Sets the core-size limit to 0 and, on Linux, clears the dumpable flag.
pub fn harden() -> io::Result<()> {
    use rustix::process::{Resource, Rlimit, setrlimit};
    setrlimit(
        Resource::Core,
        Rlimit {
            current: Some(0),
            maximum: Some(0),
        },
    )?;
    #[cfg(any(target_os = "linux", target_os = "android"))]
    rustix::process::set_dumpable_behavior(rustix::process::DumpableBehavior::NotDumpable)?;
    Ok(())
}

/// Opens an existing regular file to append a secret to: never through a
/// symlink (`O_NOFOLLOW`: the link could point at any file the user may
/// write), never creating it (it would get the umask's mode, 0644), and
/// never blocking (`O_NONBLOCK`: a FIFO without a reader would hang the
/// open forever; with a reader it is refused after `fstat`).
pub fn open_append(path: &Path) -> Result<File, AppendRefused> {
    let flags = OFlags::WRONLY
        | OFlags::APPEND
        | OFlags::NOFOLLOW
        | OFlags::NONBLOCK
        | OFlags::NOCTTY
        | OFlags::CLOEXEC;
    let fd = rustix::fs::open(path, flags, Mode::empty()).map_err(|e| match e {
        rustix::io::Errno::NOENT => AppendRefused::Missing,
        rustix::io::Errno::LOOP => AppendRefused::Symlink,
        // O_NONBLOCK on a FIFO nothing reads from.
        rustix::io::Errno::NXIO => AppendRefused::NotRegular,
        e => AppendRefused::Io(io::Error::from(e).kind()),
    })?;
    let stat = rustix::fs::fstat(&fd).map_err(|e| AppendRefused::Io(io::Error::from(e).kind()))?;
    if FileType::from_raw_mode(stat.st_mode) != FileType::RegularFile {
        return Err(AppendRefused::NotRegular);
    }
    Ok(File::from(fd))
}

/// Whether standard output goes nowhere: `/dev/null`, which is also what a
/// closed descriptor (`>&-`) becomes, since Rust's start-up reopens closed
/// standard descriptors on `/dev/null`.
pub fn stdout_discarded() -> bool {
    let Ok(null) = rustix::fs::stat("/dev/null") else {
        return false;
    };
    rustix::fs::fstat(std::io::stdout()).is_ok_and(|out| {
        FileType::from_raw_mode(out.st_mode) == FileType::CharacterDevice
            && out.st_rdev == null.st_rdev
    })
}

/// Gives an open file the permission bits `mode`.
pub fn set_mode(file: &File, mode: u32) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt as _;
    file.set_permissions(std::fs::Permissions::from_mode(mode))
}

/// The size of the regular file behind standard input (redirected from a
/// file); `None` for a pipe, a terminal or anything else.
pub fn stdin_file_size() -> Option<u64> {
    let stat = rustix::fs::fstat(io::stdin()).ok()?;
    if FileType::from_raw_mode(stat.st_mode) != FileType::RegularFile {
        return None;
    }
    u64::try_from(stat.st_size).ok()
}

/// Replaces this process with `program`, given `args`; returns only if
/// that failed. The same process id, terminal and signals: to the user
/// and to a service manager the other binary is this command.
#[cfg(feature = "rotate")]
pub fn exec_replacing(program: &Path, args: &[std::ffi::OsString]) -> io::Error {
    use std::os::unix::process::CommandExt as _;
    std::process::Command::new(program).args(args).exec()
}

/// Reads standard input with read(2) straight into `buf`. std's `Stdin`
/// passes small reads through an 8 KiB buffer of its own, which is never
/// wiped: it would keep the last keys of a `--batch` input.
pub fn read_stdin(buf: &mut [u8]) -> io::Result<usize> {
    rustix::io::read(io::stdin(), buf).map_err(io::Error::from)
}

/// Writes to file descriptor 1 with write(2), not through std's `Stdout`:
/// its line buffer is never wiped and would keep the last password. `EPIPE`
/// is a reader gone (SIGPIPE is ignored by Rust's start-up); `EBADF` a
/// closed descriptor.
pub fn write_stdout(bytes: &[u8]) -> Result<usize, StdoutStop> {
    loop {
        match rustix::io::write(io::stdout(), bytes) {
            Ok(n) => return Ok(n),
            Err(rustix::io::Errno::INTR) => {}
            Err(rustix::io::Errno::PIPE) => return Err(StdoutStop::ReaderGone),
            Err(rustix::io::Errno::BADF) => return Err(StdoutStop::Nowhere),
            Err(e) => return Err(StdoutStop::Failed(io::Error::from(e).kind())),
        }
    }
}

/// Standard error as a child's standard output (a command `rotate --exec`
/// runs prints to our stderr, so our stdout stays the result's alone).
// Used by the rotate binary alone (src/rotate/), which shares this tree.
#[cfg(feature = "rotate")]
#[allow(dead_code)]
pub fn stderr_for_child() -> io::Result<std::process::Stdio> {
    use std::os::fd::AsFd as _;
    Ok(io::stderr().as_fd().try_clone_to_owned()?.into())
}

/// Whether `path` is a file this user can run (`--exec`'s program).
// Used by the rotate binary alone (src/rotate/), which shares this tree.
#[cfg(feature = "rotate")]
#[allow(dead_code)]
pub fn runnable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// Whether the controlling terminal can be opened (the hidden prompt's).
pub fn terminal_present() -> bool {
    std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
        .is_ok()
}

/// Ends the prompt's line on the terminal (after Ctrl-D, which rpassword
/// does not end), so a message that follows starts on a line of its own.
pub fn end_terminal_line() {
    if let Ok(mut tty) = std::fs::OpenOptions::new().write(true).open("/dev/tty") {
        let _ = io::Write::write_all(&mut tty, b"\n");
    }
}

/// Opens a file holding a secret to read it. `O_NONBLOCK`: opening a named
/// pipe for reading otherwise blocks until a writer appears, which may be
/// never; [`blocking`] turns it back off for everything but a pipe.
pub fn open_to_read(path: &Path) -> Result<File, FileProblem> {
    use std::os::unix::fs::OpenOptionsExt as _;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(OFlags::NONBLOCK.bits() as i32)
        .open(path)
        .map_err(|e| FileProblem::from_io(&e))
}

/// Back to blocking reads, for terminals and other devices.
pub fn blocking(file: &File) -> io::Result<()> {
    rustix::fs::fcntl_setfl(file, OFlags::empty()).map_err(io::Error::from)
}

/// Whether a file's mode lets group or others read it.
pub fn others_can_read(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    meta.mode() & 0o044 != 0
}

/// Whether the file is a named pipe (FIFO).
pub fn is_fifo(file_type: std::fs::FileType) -> bool {
    use std::os::unix::fs::FileTypeExt as _;
    file_type.is_fifo()
}

/// How long a named pipe may go without a writer before that is an error.
const FIFO_WRITER_WAIT_MS: i32 = 3000;

/// Waits for a named pipe's writer and returns its first byte (none when it
/// connected and closed at once); the pipe is left blocking for the rest.
/// On Linux a first read from a pipe opened without blocking returns data,
/// "would block" when a writer is connected but has not written yet, or 0
/// when no writer is connected. A writer started beside us (`mkfifo p;
/// ses-smtp-password --secret-file p & pass show key > p`) connects only
/// once we have opened the pipe, so "no writer" gets a bounded wait before
/// it is an error: never a hang on a pipe nobody will write to.
pub fn fifo_first_byte(file: &mut File) -> Result<Zeroizing<Vec<u8>>, FileProblem> {
    use std::io::Read as _;

    use rustix::event::{PollFd, PollFlags, Timespec, poll};
    let io_kind = |e: rustix::io::Errno| FileProblem::Io(io::Error::from(e).kind());
    let mut first = Zeroizing::new(vec![0u8; 1]);
    match file.read(&mut first[..]) {
        Ok(0) => {
            first.clear();
            let wait = Timespec {
                tv_sec: i64::from(FIFO_WRITER_WAIT_MS / 1000),
                tv_nsec: 0,
            };
            let mut fds = [PollFd::new(&*file, PollFlags::IN)];
            if poll(&mut fds, Some(&wait)).map_err(io_kind)? == 0 {
                return Err(FileProblem::FifoWithoutWriter);
            }
        }
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::WouldBlock => first.clear(),
        Err(e) => return Err(FileProblem::from_io(&e)),
    }
    rustix::fs::fcntl_setfl(&*file, OFlags::empty()).map_err(io_kind)?;
    Ok(first)
}

/// `path` with its `$NAME` and `${NAME}` replaced as Python's
/// `posixpath.expandvars` replaces them (botocore does so for the AWS CLI's
/// file variables), on its bytes: a Unix path need not be UTF-8.
pub fn expand_vars(path: &std::ffi::OsStr) -> std::ffi::OsString {
    use std::os::unix::ffi::{OsStrExt, OsStringExt};
    let var = |name: &[u8]| {
        std::env::var_os(std::ffi::OsStr::from_bytes(name)).map(OsStringExt::into_vec)
    };
    std::ffi::OsString::from_vec(super::python_paths::posix_expandvars(path.as_bytes(), var))
}

/// The home directory, where `~/.aws/` is: `HOME`, as botocore reads it.
pub fn home_dir() -> Option<std::path::PathBuf> {
    std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .map(std::path::PathBuf::from)
}

/// Where a program keeps state between runs (XDG Base Directory
/// Specification): `XDG_STATE_HOME`, else `~/.local/state`.
#[cfg(feature = "rotate")]
#[allow(dead_code)]
pub fn state_dir() -> Option<std::path::PathBuf> {
    std::env::var_os("XDG_STATE_HOME")
        .filter(|d| !d.is_empty())
        .map(std::path::PathBuf::from)
        .or_else(|| Some(home_dir()?.join(".local").join("state")))
}
