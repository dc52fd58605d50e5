//! The command line's words: the clap definitions (their doc comments are
//! the help, the man pages and the completions), the values options take,
//! and clap's refusals turned into our errors.

pub mod args;
pub mod refusal;
pub mod values;
