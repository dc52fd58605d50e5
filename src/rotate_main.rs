//! `ses-smtp-password-rotate`: ses-smtp-password with the `rotate` command
//! and the AWS SDK it needs. `ses-smtp-password rotate …` runs this binary,
//! installed beside it, with the same command line; every other command
//! works here the same way, from the same code.
#![forbid(unsafe_code)]

mod cli;
mod rotate;

/// Every freed heap block is wiped (as in ses-smtp-password): the SDK's
/// buffers that held the new secret among them.
#[global_allocator]
static ALLOCATOR: zeroizing_alloc::ZeroAlloc<std::alloc::System> =
    zeroizing_alloc::ZeroAlloc(std::alloc::System);

fn main() -> std::process::ExitCode {
    let code = cli::main(std::env::args_os().collect(), Some(rotate::run));
    cli::scrub();
    code
}
