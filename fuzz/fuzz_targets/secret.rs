//! The secret reader: any bytes give a checked secret or a typed error.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ses_smtp_password::secret::{KeyCheck, MAX_BATCH_LINE_BYTES, check_secret, check_with_limit};

fuzz_target!(|data: &[u8]| {
    for check in [KeyCheck::Strict, KeyCheck::Off] {
        if let Ok(c) = check_secret(data, check) {
            assert!(!c.secret.is_empty());
            assert!(!c.secret.contains(['\n', '\r']));
            if check == KeyCheck::Strict {
                assert_eq!(c.secret.len(), 40);
            }
        }
        let _ = check_with_limit(data, check, MAX_BATCH_LINE_BYTES);
    }
});
