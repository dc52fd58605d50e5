//! `--format github`: the `::add-mask::` line on standard output, then the
//! variables appended to the file `$GITHUB_ENV` names (GitHub Actions,
//! "Setting an environment variable").
//!
//! The order is the security: the runner hides a value in later logs only
//! once it has read `::add-mask::` for it, so the file (which later steps
//! expand into their environment, and may print) gets the password only
//! after the mask reached standard output. With standard output closed or
//! gone, nothing is appended and the run fails.

use std::io::Write as _;
use std::path::PathBuf;

use crate::cli::output::{self, Written};
use crate::cli::platform;
use crate::cli::report::CliError;

/// The file `$GITHUB_ENV` names; refused when unset or empty.
pub fn path() -> Result<PathBuf, CliError> {
    std::env::var_os("GITHUB_ENV")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .ok_or(CliError::NoGithubEnv)
}

/// Refuses, before any secret is read, a `$GITHUB_ENV` that is not an
/// existing regular file (the runner creates it for every step): opened as
/// [`deliver`] will open it, and closed again without writing, so one rule
/// decides both times.
pub fn preflight() -> Result<(), CliError> {
    platform::open_append(&path()?)
        .map(drop)
        .map_err(CliError::GithubEnvNotFile)
}

/// Writes `mask` to standard output and, only when all of it was written
/// somewhere other than `/dev/null`, appends `lines` to `$GITHUB_ENV` in one write.
pub fn deliver(mask: &[u8], lines: &[u8]) -> Result<(), CliError> {
    // Written to /dev/null, the mask reaches no runner.
    if platform::stdout_discarded() {
        return Err(CliError::GithubMaskNotWritten);
    }
    match output::write(mask)? {
        Written::All => {}
        Written::ReaderGone | Written::Nowhere => return Err(CliError::GithubMaskNotWritten),
    }
    let mut file = platform::open_append(&path()?).map_err(CliError::GithubEnvNotFile)?;
    file.write_all(lines)
        .map_err(|e| CliError::GithubEnvWrite(e.kind()))
}
