//! `ses-smtp-password`: derive Amazon SES SMTP passwords from IAM secret access keys.
//!
//! Thin on purpose: the command line lives in `cli`, the rules in the library.
#![forbid(unsafe_code)]

mod cli;

/// Every freed heap block is wiped before it returns to the system
/// allocator, so no copy of a key or password outlives its owner in the
/// heap, whoever made it.
#[global_allocator]
static ALLOCATOR: zeroizing_alloc::ZeroAlloc<std::alloc::System> =
    zeroizing_alloc::ZeroAlloc(std::alloc::System);

fn main() -> std::process::ExitCode {
    let code = cli::main(std::env::args_os().collect(), None);
    // Here, above every frame the command used: see `scrub` for what and why.
    cli::scrub();
    code
}
