//! The IAM console CSV reader. It belongs to the binary (`src/cli/source/csv.rs`),
//! a self-contained module that is compiled in here as it is.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ses_smtp_password::{KeyCheck, check_secret};

#[allow(dead_code)]
#[path = "../../src/cli/source/csv.rs"]
mod csv;

fuzz_target!(|data: &[u8]| {
    if let Ok(keys) = csv::parse(data) {
        assert!(keys.len() > 0);
        for k in keys.keys() {
            assert!(k.row >= 2);
            let _ = check_secret(k.secret, KeyCheck::Strict);
        }
    }
});
