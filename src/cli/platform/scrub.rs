//! Memory hygiene at the end of a run, portable: what the zeroizing
//! buffers and the zeroizing allocator cannot reach (stack frames that have
//! returned, vector registers) is overwritten before exit (measured by
//! tests/memory_at_exit.rs).

/// How much stack [`scrub_stack`] overwrites. Measured with gdb (the stack
/// painted below `main`, then searched at exit): every command reaches at
/// most 31 KiB below `main` (`completions` and `manpage` 34 KiB), and
/// memory_at_exit.rs finds nothing left with 32 KiB. 48 KiB keeps a margin;
/// each page scrubbed that was never used costs a page fault at start-up,
/// which is why this is not larger (issue 14: start-up within 1.35x of
/// /bin/true).
pub const SCRUB_BYTES: usize = 48 * 1024;

/// Overwrites the stack below this frame with zeros. Values moved out of a
/// `Zeroizing` wrapper, HMAC pad blocks and midstates inside the hmac
/// crate, and copies the compiler makes when returning by value all live in
/// stack frames that have returned by now; this one reuses that memory.
#[inline(never)]
pub fn scrub_stack() {
    scrub_below::<SCRUB_BYTES>();
    scrub_vector_registers();
}

/// Zeroes `N` bytes of stack below the caller's frame.
#[inline(never)]
pub fn scrub_below<const N: usize>() {
    let mut zeros = [0u8; N];
    // The array's address escapes, so the zeros must really be written.
    std::hint::black_box(&mut zeros);
}

/// Copies zeros through libc's `memcpy` at every size class it handles
/// differently. glibc's AVX-512 and EVEX copies move data through the
/// vector registers zmm16 to zmm31 (chosen because they need no
/// `vzeroupper`), and nothing this program runs after the last copy of an
/// HMAC state touches them again: measured here on an AVX-512 machine, the
/// last HMAC's outer midstate stayed in zmm18 until exit, where a core dump
/// shows it (memory_at_exit.rs). Copies of 16 bytes to 2 KiB of zeros run
/// each of memcpy's vector paths (1, 2, 4 and 8 vectors, the loop; larger
/// copies use `rep movsb`, which needs no vector register), and those load
/// zeros into every register the paths use. (No `unsafe` here, so no
/// inline assembly that would clear them outright.)
#[inline(never)]
pub fn scrub_vector_registers() {
    const MOST: usize = 2048;
    // Opaque, so the copies stay copies (a copy of known zeros would
    // become a memset, which uses one register).
    let zeros = std::hint::black_box([0u8; MOST]);
    let mut into = [0u8; MOST];
    let mut len = 16;
    while len <= MOST {
        for size in [len, len + len / 2] {
            let size = std::hint::black_box(size.min(MOST));
            into[..size].copy_from_slice(&zeros[..size]);
        }
        len *= 2;
    }
    std::hint::black_box(&mut into);
}
