//! Known-answer tests: the published vectors, and the wrong variants that
//! circulate in blog posts and must never come out of this crate.
// Tests: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, KeyInit, Mac};
use ses_smtp_password::{smtp_password_v2, smtp_password_v4};
use sha2::Sha256;

struct Vector {
    line: usize,
    secret: String,
    region: Option<String>,
    password: String,
}

fn published() -> Vec<Vector> {
    let text = include_str!("data/published.tsv");
    let rows: Vec<Vector> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with('#') && !l.starts_with("secret\t") && !l.is_empty())
        .map(|(i, l)| {
            let cols: Vec<&str> = l.split('\t').collect();
            assert_eq!(cols.len(), 4, "published.tsv line {}: {l}", i + 1);
            Vector {
                line: i + 1,
                secret: cols[0].to_owned(),
                region: (cols[1] != "-").then(|| cols[1].to_owned()),
                password: cols[2].to_owned(),
            }
        })
        .collect();
    assert_eq!(rows.len(), 16, "the published file has 16 vectors");
    rows
}

fn derive(v: &Vector) -> String {
    match &v.region {
        Some(region) => smtp_password_v4(v.secret.as_bytes(), region)
            .as_str()
            .to_owned(),
        None => smtp_password_v2(v.secret.as_bytes()).as_str().to_owned(),
    }
}

#[test]
fn published_vectors() {
    let mut failures = Vec::new();
    for v in published() {
        let got = derive(&v);
        if got != v.password {
            failures.push(format!(
                "published.tsv line {}: secret {:?} region {:?}: expected {}, got {}",
                v.line, v.secret, v.region, v.password, got
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn mac(key: &[u8], msg: &[u8]) -> Vec<u8> {
    let mut m = Hmac::<Sha256>::new_from_slice(key).unwrap();
    m.update(msg);
    m.finalize().into_bytes().to_vec()
}

fn b64(version: u8, body: &[u8]) -> String {
    let mut raw = vec![version];
    raw.extend_from_slice(body);
    STANDARD.encode(raw)
}

fn v4_signature(secret: &[u8], region: &str) -> Vec<u8> {
    let mut k = mac(&[b"AWS4", secret].concat(), b"11111111");
    for m in [region.as_bytes(), b"ses", b"aws4_request", b"SendRawEmail"] {
        k = mac(&k, m);
    }
    k
}

/// The mistakes seen in the wild, each of which yields a password SES refuses.
#[test]
fn known_wrong_variants_are_never_produced() {
    for v in published() {
        let ours = derive(&v);
        let secret = v.secret.as_bytes();
        let mut wrong = vec![
            // `echo "SendRawEmail" | openssl dgst …` hashes the trailing newline.
            (
                "hashed trailing newline (v2)",
                b64(0x02, &mac(secret, b"SendRawEmail\n")),
            ),
            // Secret with a trailing newline used as the HMAC key (`echo $KEY`).
            (
                "newline in key (v2)",
                b64(0x02, &mac(&[secret, b"\n"].concat(), b"SendRawEmail")),
            ),
        ];
        if let Some(region) = &v.region {
            let sig = v4_signature(secret, region);
            // SigV4 signature with the SigV2 version byte.
            wrong.push(("SigV4 with 0x02 prefix", b64(0x02, &sig)));
            // The widely copied snippet: signature, then message and version appended.
            let mut appended = sig.clone();
            appended.extend_from_slice(b"SendRawEmail");
            appended.push(0x04);
            wrong.push(("message and version appended", STANDARD.encode(&appended)));
            // Region with a trailing newline from a shell variable.
            wrong.push((
                "region with newline",
                b64(0x04, &v4_signature(secret, &format!("{region}\n"))),
            ));
            // The SigV2 form in place of SigV4.
            wrong.push((
                "v2 where v4 was asked",
                b64(0x02, &mac(secret, b"SendRawEmail")),
            ));
        } else {
            wrong.push((
                "SigV4 us-east-1 where v2 was asked",
                b64(0x04, &v4_signature(secret, "us-east-1")),
            ));
        }
        for (name, w) in wrong {
            assert_ne!(
                ours, w,
                "published.tsv line {}: produced the wrong variant '{name}'",
                v.line
            );
        }
        assert_eq!(ours.len(), 44, "published.tsv line {}", v.line);
    }
}

#[test]
fn every_region_gives_a_different_password() {
    let key = b"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    let mut seen: Vec<String> = ses_smtp_password::REGIONS
        .iter()
        .map(|r| smtp_password_v4(key, r.code).as_str().to_owned())
        .collect();
    seen.push(smtp_password_v2(key).as_str().to_owned());
    let n = seen.len();
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), n);
}
