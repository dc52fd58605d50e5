//! The shared credentials file reader: the first byte sets how much of the
//! rest is the profile name. It belongs to the binary (`src/cli/profile.rs`),
//! a self-contained module that is compiled in here as it is.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[allow(dead_code)]
#[path = "../../src/cli/profile.rs"]
mod profile;

fuzz_target!(|data: &[u8]| {
    let Some((&n, rest)) = data.split_first() else { return };
    let n = usize::from(n % 16).min(rest.len());
    let (name, file) = rest.split_at(n);
    let Ok(name) = std::str::from_utf8(name) else { return };
    if let Ok(keys) = profile::find(file, name) {
        assert!(!keys.secret.is_empty());
    }
});
