//! What differs between operating systems, one file per platform; the
//! rest of the binary calls the portable functions here.

pub mod scrub;
#[cfg(unix)]
mod unix;
#[cfg(all(unix, feature = "rotate"))]
pub use unix::exec_replacing;
#[cfg(unix)]
pub use unix::{harden, open_append, regular_file_size, set_mode, stdout_discarded};
