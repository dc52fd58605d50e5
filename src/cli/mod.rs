//! The command-line front end: arguments, secret sources, commands, errors.

pub mod args;
pub mod batch;
#[cfg(feature = "check")]
pub mod check;
pub mod completions;
pub mod derive;
pub mod error;
pub mod hygiene;
pub mod identify;
pub mod regions;
pub mod source;
