//! Password classification (base64 decoding of 44-character inputs).
#![no_main]

use libfuzzer_sys::fuzz_target;
use ses_smtp_password::{PasswordKind, classify};

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    let kind = classify(s);
    if matches!(kind, PasswordKind::SigV4 | PasswordKind::SigV2) {
        assert_eq!(s.len(), 44);
    }
});
