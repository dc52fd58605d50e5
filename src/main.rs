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
    let code = cli::main(std::env::args_os().collect());
    scrub_stack();
    code
}

/// How much stack [`scrub_stack`] overwrites: far more than the deepest
/// derivation uses (measured: 32 KiB already left nothing behind).
const SCRUB_BYTES: usize = 128 * 1024;

/// Overwrites the stack below this frame with zeros. Values moved out of a
/// `Zeroizing` wrapper, HMAC pad blocks and midstates inside the hmac
/// crate, and copies the compiler makes when returning by value all live in
/// stack frames that have returned by now; this one reuses that memory.
#[inline(never)]
fn scrub_stack() {
    let mut zeros = [0u8; SCRUB_BYTES];
    // The array's address escapes, so the zeros must really be written.
    std::hint::black_box(&mut zeros);
}
