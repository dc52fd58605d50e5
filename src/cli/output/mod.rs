//! The one writer of standard output.
//!
//! Every command's result goes through [`write`]: whole, in one call, so a
//! result is never half-printed by an error between two writes. A reader
//! that has gone (`… | head -1`) is not an error: the run ends quietly, as
//! Unix filters do.
//!
//! The bytes go straight to the standard output handle
//! ([`platform::write_stdout`]), not through std's `Stdout`: its line
//! buffer is never wiped and would keep the last password (the whole output
//! with `-n`) until the process exits.

use std::io;

pub mod app;
pub mod app_syntax;
pub mod destination;
pub mod file;
pub mod form;
pub mod github_env;
pub mod variables;

use crate::cli::platform::{self, StdoutStop};
use crate::cli::report::CliError;

/// Whether the reader is still there after a write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// Everything was written.
    All,
    /// The reader closed the pipe: stop writing, and exit 0.
    ReaderGone,
    /// Standard output is a closed descriptor (`>&-`): nothing was written,
    /// and nothing is reported, as std's own stdout treats it.
    Nowhere,
}

/// Writes `bytes` to standard output and flushes them.
pub fn write(mut bytes: &[u8]) -> Result<Written, CliError> {
    while !bytes.is_empty() {
        match platform::write_stdout(bytes) {
            Ok(0) => return Err(CliError::WriteOutput(io::ErrorKind::WriteZero)),
            Ok(n) => bytes = &bytes[n..],
            Err(StdoutStop::ReaderGone) => return Ok(Written::ReaderGone),
            Err(StdoutStop::Nowhere) => return Ok(Written::Nowhere),
            Err(StdoutStop::Failed(kind)) => return Err(CliError::WriteOutput(kind)),
        }
    }
    Ok(Written::All)
}
