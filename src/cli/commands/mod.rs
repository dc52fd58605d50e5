//! The commands: each composes a source, the library and an output.
//!
//! `plan` is the default command's flags checked before a secret is read;
//! `derive` and `batch` run it for one key or many.

pub mod batch;
#[cfg(feature = "check")]
pub mod check;
pub mod completions;
pub mod derive;
pub mod explain;
pub mod identify;
pub mod manpage;
pub mod plan;
pub mod regions;
#[cfg(feature = "rotate")]
pub mod rotate;
