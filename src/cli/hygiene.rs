//! Process hardening, done before any secret is read.
//!
//! A core dump or a ptrace attach would expose the secret in memory: the
//! core-size limit goes to 0 and (on Linux) the process becomes
//! non-dumpable, which also makes `/proc/PID/mem` unreadable to other
//! processes of the same user.

use std::io;

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
