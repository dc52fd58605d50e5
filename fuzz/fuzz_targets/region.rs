//! Region names and lists: a region is used as given, and a suggestion is
//! always a region name that parses.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ses_smtp_password::{RegionError, parse_region, parse_regions};

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    match parse_region(s) {
        Ok(r) => assert_eq!(r.code(), s),
        Err(RegionError::Malformed { suggestion: Some(sug) }) => assert!(parse_region(&sug).is_ok()),
        Err(_) => {}
    }
    let _ = parse_regions(&[s]);
});
