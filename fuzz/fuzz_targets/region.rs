//! Region names and lists: suggestions are always well-formed region names.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ses_smtp_password::region::{self, RegionError};

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    match region::parse(s) {
        Ok(r) => assert!(region::is_well_formed(r.code())),
        Err(RegionError::Malformed { suggestion: Some(sug) }) => assert!(region::is_well_formed(&sug)),
        Err(_) => {}
    }
    let _ = region::parse_list(&[s]);
});
