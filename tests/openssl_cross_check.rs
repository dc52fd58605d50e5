//! Live cross-check against the `openssl` binary: the classic SigV2 one-liner
//! over 1,000 random keys, and SigV4 chained `-mac HMAC -macopt hexkey:` over
//! 100 random keys for every known region.
//!
//! Never skipped: a missing `openssl` is installed first (tests/common/tools.rs).
// Tests: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use ses_smtp_password::REGIONS;
use ses_smtp_password::{smtp_password_v2, smtp_password_v4};

const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Installs `openssl` when it is missing; never skips.
fn openssl_available() -> bool {
    common::tools::need(&["openssl"]);
    true
}

/// `printf %s MSG | openssl dgst -sha256 <mac args> -binary`
fn openssl_mac(mac_args: &[&str], msg: &[u8]) -> Vec<u8> {
    let mut child = Command::new("openssl")
        .args(["dgst", "-sha256"])
        .args(mac_args)
        .arg("-binary")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn openssl");
    child.stdin.take().unwrap().write_all(msg).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "openssl failed");
    assert_eq!(
        out.stdout.len(),
        32,
        "openssl gave {} bytes",
        out.stdout.len()
    );
    out.stdout
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn password(version: u8, mac: &[u8]) -> String {
    STANDARD.encode([&[version][..], mac].concat())
}

fn seed() -> u64 {
    let seed = std::env::var("SES_SMTP_PASSWORD_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
        });
    eprintln!("random keys from seed {seed} (SES_SMTP_PASSWORD_SEED={seed} repeats them)");
    seed
}

fn random_keys(rng: &mut StdRng, n: usize) -> Vec<String> {
    (0..n)
        .map(|_| {
            (0..40)
                .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
                .collect()
        })
        .collect()
}

/// Runs `check` over `items` on two threads and collects failure messages.
fn in_parallel<T: Sync>(items: &[T], check: impl Fn(&T) -> Option<String> + Sync) -> Vec<String> {
    let half = items.len().div_ceil(2);
    std::thread::scope(|s| {
        let handles: Vec<_> = items
            .chunks(half.max(1))
            .map(|chunk| s.spawn(|| chunk.iter().filter_map(&check).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    })
}

#[test]
fn sigv2_matches_the_openssl_one_liner() {
    if !openssl_available() {
        return;
    }
    let seed = seed();
    let keys = random_keys(&mut StdRng::seed_from_u64(seed), 1000);
    let failures = in_parallel(&keys, |key| {
        // The classic one-liner: printf SendRawEmail | openssl dgst -sha256 -hmac "$KEY" -binary
        let expected = password(0x02, &openssl_mac(&["-hmac", key], b"SendRawEmail"));
        let ours = smtp_password_v2(key.as_bytes());
        (ours.as_str() != expected)
            .then(|| format!("key {key}: openssl {expected}, ours {}", ours.as_str()))
    });
    assert!(failures.is_empty(), "seed {seed}:\n{}", failures.join("\n"));
}

#[test]
fn sigv4_matches_chained_openssl_for_every_region() {
    if !openssl_available() {
        return;
    }
    let seed = seed();
    let keys = random_keys(&mut StdRng::seed_from_u64(seed), 100);
    let cases: Vec<(&String, &str)> = keys
        .iter()
        .flat_map(|k| REGIONS.iter().map(move |r| (k, r.code)))
        .collect();
    assert_eq!(cases.len(), 100 * REGIONS.len());
    let failures = in_parallel(&cases, |(key, region)| {
        let mut k = openssl_mac(
            &[
                "-mac",
                "HMAC",
                "-macopt",
                &format!("hexkey:{}", hex(format!("AWS4{key}").as_bytes())),
            ],
            b"11111111",
        );
        for msg in [region.as_bytes(), b"ses", b"aws4_request", b"SendRawEmail"] {
            k = openssl_mac(
                &["-mac", "HMAC", "-macopt", &format!("hexkey:{}", hex(&k))],
                msg,
            );
        }
        let expected = password(0x04, &k);
        let ours = smtp_password_v4(key.as_bytes(), region);
        (ours.as_str() != expected).then(|| {
            format!(
                "key {key} region {region}: openssl {expected}, ours {}",
                ours.as_str()
            )
        })
    });
    assert!(failures.is_empty(), "seed {seed}:\n{}", failures.join("\n"));
}
