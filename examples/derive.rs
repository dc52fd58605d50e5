//! Using the library from another program: check a key, derive its SMTP
//! passwords, and say what a configured password is.
//!
//! `cargo run --example derive` uses the AWS documentation's example key;
//! `cargo run --example derive -- eu-west-1 < key.txt` reads a key from
//! standard input and derives for the region given.

use std::io::Read as _;

use ses_smtp_password::{
    Derivation, KeyCheck, PasswordKind, REGIONS, check_secret, classify, find_derivation,
    parse_region, smtp_password_v2, smtp_password_v4,
};
use zeroize::Zeroizing;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let region_name = std::env::args().nth(1);
    // The key lives in a buffer that is wiped when it goes out of scope.
    let mut input = Zeroizing::new(Vec::with_capacity(ses_smtp_password::MAX_SECRET_BYTES));
    if region_name.is_some() {
        std::io::stdin().read_to_end(&mut input)?;
    } else {
        input.extend_from_slice(b"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n");
    }

    // The input rules: one 40-character key, line end and BOM removed; the
    // error says what is wrong without the key's bytes in it.
    let key = check_secret(&input, KeyCheck::Strict)?;
    let region = parse_region(region_name.as_deref().unwrap_or("us-east-1"))?;

    let password = smtp_password_v4(key.secret.as_bytes(), region.code());
    println!("host:     {}", region.endpoint(false)?);
    println!("password: {}", password.as_str());
    // Debug never shows a password.
    println!("debug:    {password:?}");

    // What is this password, and which derivation of the key made it?
    let legacy = smtp_password_v2(key.secret.as_bytes());
    let regions: Vec<&str> = REGIONS.iter().map(|r| r.code).collect();
    for candidate in [password.as_str(), legacy.as_str()] {
        let kind = classify(candidate);
        let found = find_derivation(candidate, key.secret.as_bytes(), &regions);
        let which = match found {
            Some(Derivation::V4(region)) => format!("SigV4 for {region}"),
            Some(Derivation::V2) => "SigV2, which SES rejects".to_owned(),
            None => "not from this key".to_owned(),
        };
        assert!(matches!(kind, PasswordKind::SigV4 | PasswordKind::SigV2));
        println!("{kind}: {which}");
    }
    Ok(())
}
