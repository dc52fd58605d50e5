//! Nanoseconds per key: each derivation, the per-line key check that
//! `--batch` makes, and one SHA-256 block for scale (the derivations are 4
//! and 20 blocks); and parsing a very long region list.

// criterion_group! and criterion_main! generate undocumented public items.
#![allow(missing_docs)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use ses_smtp_password::{
    KeyCheck, check_secret, parse_regions, smtp_password_v2, smtp_password_v4,
};

const KEY: &[u8] = b"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

fn derivations(c: &mut Criterion) {
    c.bench_function("smtp_password_v2", |b| {
        b.iter(|| smtp_password_v2(black_box(KEY)))
    });
    c.bench_function("smtp_password_v4", |b| {
        b.iter(|| smtp_password_v4(black_box(KEY), black_box("us-east-1")))
    });
    c.bench_function("check_secret_line", |b| {
        b.iter(|| check_secret(black_box(KEY), KeyCheck::Strict).map(|k| k.secret.len()))
    });
    c.bench_function("sha256_one_block", |b| {
        use sha2::Digest;
        b.iter(|| sha2::Sha256::digest(black_box(&KEY[..32])))
    });
}

/// 40,000 distinct well-formed region names in one `--region` list: the
/// de-duplication is linear (it was quadratic: 9 s).
fn many_regions(c: &mut Criterion) {
    let list: Vec<String> = (0..40_000).map(|i| format!("xx-test-{i}")).collect();
    let joined = [list.join(",")];
    c.bench_function("parse_regions_40000", |b| {
        b.iter(|| parse_regions(black_box(&joined)).map(|r| r.len()))
    });
}

criterion_group!(benches, derivations, many_regions);
criterion_main!(benches);
