//! The IAM console CSV reader.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(keys) = ses_smtp_password::csv::parse(data) {
        assert!(!keys.is_empty());
        for k in keys.keys() {
            assert!(k.row >= 2);
            let _ = ses_smtp_password::secret::check_secret(k.secret, ses_smtp_password::secret::KeyCheck::Strict);
        }
    }
});
