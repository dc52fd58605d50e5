//! What differs between operating systems, one file per platform; the
//! rest of the binary calls the portable functions here. Both files offer
//! the same functions, so a name missing on one fails that target's build.

mod python_paths;
pub mod scrub;
#[cfg(unix)]
mod unix;
#[cfg(unix)]
pub use unix::*;
#[cfg(windows)]
mod windows;
#[cfg(windows)]
pub use windows::*;

/// Why a write to standard output stopped short.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StdoutStop {
    /// The reader closed the pipe (`… | head -1`).
    ReaderGone,
    /// Standard output is closed (`>&-`), or there is none.
    Nowhere,
    /// Any other failure.
    Failed(std::io::ErrorKind),
}
