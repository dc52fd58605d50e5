//! Files written whole: a temporary file in the target's directory
//! (created with `O_EXCL`, mode 0600, by tempfile), written, given its
//! final mode, flushed to disk, then renamed over the target.
//!
//! A rename replaces the directory entry: a symlink planted at the target
//! (say, pointing at a root-owned file) is replaced, never followed, and a
//! reader sees the old file or the new one, never half of one.

use std::io::{self, Write as _};
use std::path::Path;

use crate::cli::platform;

/// Writes `bytes` to `path` atomically with Unix permission bits `mode`
/// (0600 for anything that holds a secret).
pub fn write_atomic(path: &Path, bytes: &[u8], mode: u32) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut file = tempfile::Builder::new()
        .prefix(".ses-smtp-password-")
        .tempfile_in(dir)?;
    file.write_all(bytes)?;
    platform::set_mode(file.as_file(), mode)?;
    file.as_file().sync_all()?;
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
}
