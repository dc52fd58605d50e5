//! The command-line front end: arguments, secret sources, commands, errors.

pub mod args;
pub mod derive;
pub mod error;
pub mod hygiene;
pub mod source;
