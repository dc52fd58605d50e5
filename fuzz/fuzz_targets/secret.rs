//! The secret reader: any bytes give a checked secret or a typed error.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ses_smtp_password::{KeyCheck, check_secret};

fuzz_target!(|data: &[u8]| {
    for check in [KeyCheck::Strict, KeyCheck::Off] {
        if let Ok(c) = check_secret(data, check) {
            assert!(!c.secret.is_empty());
            assert!(!c.secret.contains(['\n', '\r']));
            assert_eq!(c.secret.trim_ascii(), c.secret);
            if check == KeyCheck::Strict {
                assert_eq!(c.secret.len(), 40);
            }
        }
    }
});
