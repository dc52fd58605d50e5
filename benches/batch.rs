//! The whole `--batch` path, as users run it: the release binary over
//! 100,000 random keys from a file (read, checked, derived, written), for
//! SigV2 and SigV4. Keys per second = 100,000 / the time per iteration.
//! benches/compare.sh measures 1M keys against the SHA-256 bound.

// criterion_group! and criterion_main! generate undocumented public items.
#![allow(missing_docs)]

use std::process::{Command, Stdio};

use criterion::{Criterion, criterion_group, criterion_main};

const KEYS: usize = 100_000;

/// A file of `KEYS` keys of the key alphabet, from a fixed sequence.
fn key_file() -> tempfile::NamedTempFile {
    use std::io::Write as _;
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut file = tempfile::NamedTempFile::new().expect("a temporary file");
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut text = Vec::with_capacity(KEYS * 41);
    for _ in 0..KEYS {
        for _ in 0..40 {
            // xorshift: any fixed sequence will do.
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            text.push(ALPHABET[(state % 64) as usize]);
        }
        text.push(b'\n');
    }
    file.write_all(&text).expect("write the keys");
    file
}

fn batch(c: &mut Criterion) {
    let keys = key_file();
    let bin = env!("CARGO_BIN_EXE_ses-smtp-password");
    let mut group = c.benchmark_group("batch_100k_keys");
    group.sample_size(10);
    for (name, args) in [
        ("sigv2", &["--batch", "--v2", "-q"][..]),
        ("sigv4", &["--batch", "-r", "us-east-1"][..]),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| {
                let status = Command::new(bin)
                    .args(args)
                    .stdin(std::fs::File::open(keys.path()).expect("open the keys"))
                    .stdout(Stdio::null())
                    .status()
                    .expect("run the binary");
                assert!(status.success());
            })
        });
    }
    group.finish();
}

criterion_group!(benches, batch);
criterion_main!(benches);
