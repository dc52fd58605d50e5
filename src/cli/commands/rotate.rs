//! `rotate` in ses-smtp-password: handed over, whole, to the
//! ses-smtp-password-rotate binary installed beside this one.
//!
//! Why two binaries: the AWS SDK (IAM, STS, an async runtime, an HTTP
//! client) compiled into the binary that derives cost every command, even
//! `--version`, about 48 page faults at start (issue 19). The command a
//! user runs a few times a year carries it alone.

use std::ffi::OsString;
use std::path::PathBuf;

use crate::cli::platform;
use crate::cli::report::CliError;

/// The other binary's file name.
pub const ROTATE_BINARY: &str = "ses-smtp-password-rotate";

/// Runs ses-smtp-password-rotate from this binary's folder with the same
/// command line; returns only when it could not be started.
pub fn hand_over(argv: &[OsString]) -> CliError {
    let beside = std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.join(ROTATE_BINARY)));
    let Some(program) = beside.filter(|p| p.is_file()) else {
        return CliError::NoRotateBinary(None);
    };
    let error = platform::exec_replacing(&program, argv.get(1..).unwrap_or_default());
    CliError::NoRotateBinary(Some((shown(program), error.kind())))
}

fn shown(path: PathBuf) -> String {
    crate::cli::report::redact::shown_path(&path)
}
