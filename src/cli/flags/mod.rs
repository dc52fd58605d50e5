//! The command line's words: the clap definitions (their doc comments are
//! the help, the man pages and the completions), the values options take,
//! and clap's refusals turned into our errors.

pub mod args;
pub mod examples;
#[cfg(feature = "check")]
pub mod probe;
pub mod refusal;
#[cfg(feature = "rotate")]
pub mod rotate;
pub mod values;
