//! Unix: process hardening, done before any secret is read, and opening a
//! file that receives a secret.
//!
//! A core dump or a ptrace attach would expose the secret in memory: the
//! core-size limit goes to 0 and (on Linux) the process becomes
//! non-dumpable, which also makes `/proc/PID/mem` unreadable to other
//! processes of the same user.

use std::fs::File;
use std::io;
use std::path::Path;

use rustix::fs::{FileType, Mode, OFlags};

use crate::cli::report::AppendRefused;

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

/// The size of the regular file behind `fd` (standard input redirected
/// from a file); `None` for a pipe, a terminal or anything else.
pub fn regular_file_size(fd: &impl std::os::fd::AsFd) -> Option<u64> {
    let stat = rustix::fs::fstat(fd).ok()?;
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
