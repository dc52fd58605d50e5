//! The AWS CLI's files as the binary reads them (`src/cli/source/aws_cli/ini.rs`,
//! `src/cli/source/aws_cli/resolve.rs`, compiled in here as they are): the first byte sets
//! how much of the rest is the profile name, the second where the
//! credentials file ends and the config file begins.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[allow(dead_code)]
#[path = "../../src/cli/source/aws_cli/ini.rs"]
mod ini;
#[allow(dead_code)]
#[path = "../../src/cli/source/aws_cli/resolve.rs"]
mod profile;

fuzz_target!(|data: &[u8]| {
    let [n, split, rest @ ..] = data else { return };
    let n = usize::from(n % 16).min(rest.len());
    let (name, files) = rest.split_at(n);
    let split = (usize::from(*split) * files.len() / 256).min(files.len());
    let (creds, config) = files.split_at(split);
    let (Ok(name), Ok(creds), Ok(config)) = (
        std::str::from_utf8(name),
        std::str::from_utf8(creds),
        std::str::from_utf8(config),
    ) else {
        return;
    };
    let (Ok(creds), Ok(config)) = (ini::Ini::parse(creds), ini::Ini::parse(config)) else {
        return;
    };
    if let Ok(profile::Found::Keys { secret, .. }) = profile::resolve(Some(&creds), Some(&config), name) {
        assert_eq!(secret.trim(), secret.as_ref());
    }
});
