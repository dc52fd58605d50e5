//! Property tests: the library's parsers never panic and always return a
//! value or a typed error, on any bytes; the derivations equal an
//! independent implementation (ring's HMAC) for any secret and region
//! string. (The CSV and credentials-file readers belong to the binary; their
//! property tests are beside them, in `src/cli/source/csv.rs` and `src/cli/source/aws_cli/resolve.rs`.)

// Tests: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use proptest::prelude::*;
use ses_smtp_password::{
    Derivation, KeyCheck, PasswordKind, REGIONS, RegionError, SecretError, check_secret, classify,
    find_derivation, parse_region, parse_regions, smtp_password_v2, smtp_password_v4,
};

fn ring_mac(key: &[u8], msg: &[u8]) -> Vec<u8> {
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, key);
    ring::hmac::sign(&key, msg).as_ref().to_vec()
}

fn ring_v4(secret: &[u8], region: &str) -> String {
    let mut k = ring_mac(&[b"AWS4", secret].concat(), b"11111111");
    for m in [region.as_bytes(), b"ses", b"aws4_request", b"SendRawEmail"] {
        k = ring_mac(&k, m);
    }
    STANDARD.encode([&[4u8][..], &k].concat())
}

/// Bytes biased towards what the parsers care about.
fn interesting_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..300),
        "[A-Za-z0-9+/ \t\r\n,\"=\\[\\];#-]{0,200}".prop_map(String::into_bytes),
        "(\u{feff})?[A-Za-z0-9+/]{38,42}(\r?\n)?".prop_map(String::into_bytes),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn v2_equals_ring(secret in proptest::collection::vec(any::<u8>(), 0..200)) {
        let expected = STANDARD.encode([&[2u8][..], &ring_mac(&secret, b"SendRawEmail")].concat());
        let ours = smtp_password_v2(&secret);
        prop_assert_eq!(ours.as_str(), expected);
    }

    #[test]
    fn v4_equals_ring(secret in proptest::collection::vec(any::<u8>(), 0..200), region in ".{0,40}") {
        let ours = smtp_password_v4(&secret, &region);
        prop_assert_eq!(ours.as_str(), ring_v4(&secret, &region));
    }

    #[test]
    fn secret_reader_is_total(raw in interesting_bytes(), strict in any::<bool>()) {
        let check = if strict { KeyCheck::Strict } else { KeyCheck::Off };
        match check_secret(&raw, check) {
            Ok(c) => {
                // What comes back is a slice of the input, trimmed, one line.
                prop_assert!(!c.secret.is_empty());
                prop_assert!(!c.secret.contains(['\n', '\r']));
                // Trimmed as the rules say: ASCII whitespace (a vertical tab,
                // which Rust's `str::trim` would also remove, is not).
                prop_assert_eq!(c.secret.trim_ascii(), c.secret);
                if strict {
                    prop_assert_eq!(c.secret.len(), 40);
                }
            }
            Err(e) => {
                // Errors carry no input bytes: their text is built from numbers.
                let text = e.to_string();
                if let Ok(s) = std::str::from_utf8(&raw) {
                    let s = s.trim();
                    if s.len() >= 8 {
                        prop_assert!(!text.contains(s), "{} in {}", s, text);
                    }
                }
                let _: SecretError = e;
            }
        }
    }

    #[test]
    fn region_parser_is_total(s in ".{0,60}") {
        match parse_region(&s) {
            // A region is used as given, never rewritten.
            Ok(r) => prop_assert_eq!(r.code(), s.as_str()),
            Err(RegionError::Malformed { suggestion: Some(sug) }) => {
                // A suggestion is always a usable region name.
                prop_assert!(parse_region(&sug).is_ok(), "{}", sug);
            }
            Err(_) => {}
        }
        let _ = parse_regions(&[s.as_str()]);
    }

    #[test]
    fn identify_finds_what_was_derived(key in "[A-Za-z0-9+/]{40}", idx in 0usize..20) {
        let regions: Vec<&str> = REGIONS.iter().map(|r| r.code).collect();
        let p = smtp_password_v4(key.as_bytes(), regions[idx]);
        prop_assert_eq!(classify(p.as_str()), PasswordKind::SigV4);
        prop_assert_eq!(
            find_derivation(p.as_str(), key.as_bytes(), &regions),
            Some(Derivation::V4(regions[idx].to_owned()))
        );
    }
}
