//! The one writer of standard output.
//!
//! Every command's result goes through [`write`]: whole, in one call, so a
//! result is never half-printed by an error between two writes. A reader
//! that has gone (`… | head -1`) is not an error: the run ends quietly, as
//! Unix filters do.

use std::io::{self, Write as _};

use super::error::CliError;

/// Whether the reader is still there after a write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// Everything was written.
    All,
    /// The reader closed the pipe: stop writing, and exit 0.
    ReaderGone,
}

/// Writes `bytes` to standard output and flushes them.
pub fn write(bytes: &[u8]) -> Result<Written, CliError> {
    let mut stdout = io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Ok(()) => Ok(Written::All),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(Written::ReaderGone),
        Err(e) => Err(CliError::WriteOutput(e.kind())),
    }
}
