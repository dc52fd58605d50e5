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

/// How much stack [`scrub_stack`] overwrites. Measured with gdb (the stack
/// painted below `main`, then searched at exit): every command reaches at
/// most 31 KiB below `main` (`completions` and `manpage` 34 KiB), and
/// memory_at_exit.rs finds nothing left with 32 KiB. 48 KiB keeps a margin;
/// each page scrubbed that was never used costs a page fault at start-up,
/// which is why this is not larger (issue 14: start-up within 1.35x of
/// /bin/true).
const SCRUB_BYTES: usize = 48 * 1024;

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
