//! Amazon SES SMTP passwords from IAM secret access keys.
//!
//! SES's SMTP interface takes the IAM access key ID as the username and a
//! password *derived* from the secret access key. This crate derives it —
//! the current region-specific SigV4 form ([`smtp_password_v4`]) and the
//! legacy SigV2 form ([`smtp_password_v2`]) that SES has rejected since
//! March 2021 — and holds the rules around it:
//!
//! - **regions**: the table of SES SMTP regions ([`REGIONS`]), and parsing
//!   what people type ([`parse_region`], [`parse_regions`]);
//! - **input rules** for a secret access key from any source
//!   ([`check_secret`]) and for the username ([`check_access_key_id`]);
//! - **what a password is** ([`classify`]) and which key and region made it
//!   ([`find_derivation`], constant-time);
//! - **what an SES SMTP reply means** ([`diagnose`], [`Diagnosis::causes`]),
//!   and **what kind of host** a client was pointed at ([`HostKind::of`]).
//!
//! The library does no I/O and prints nothing; its errors say what is wrong
//! without command-line advice, and never carry secret bytes. Secrets are
//! borrowed, and derived passwords live in buffers that are wiped on drop.
//!
//! ```
//! use ses_smtp_password::{check_secret, parse_region, smtp_password_v4, KeyCheck};
//!
//! let input = b"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n";
//! let key = check_secret(input, KeyCheck::Strict)?;
//! let region = parse_region("eu-west-1")?;
//! let password = smtp_password_v4(key.secret.as_bytes(), region.code());
//! assert_eq!(password.as_str(), "BMW5RDrXmmVs0lV7GpI4oLkHXpZ4stDsk6q91z1g38Pk");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! `cargo run --example derive` runs a longer example.
#![forbid(unsafe_code)]

// Private modules behind a flat API: each rule has one home, and the public
// surface is the list below.
mod access_key;
mod derive;
mod diagnose;
mod host;
mod identify;
mod region;
mod secret;
mod shape;

pub use access_key::{AccessKeyIdError, check_access_key_id};
pub use derive::{SmtpPassword, Version, smtp_password_v2, smtp_password_v4};
pub use diagnose::{Cause, Diagnosis, diagnose};
pub use host::HostKind;
pub use identify::{Derivation, PasswordKind, classify, find_derivation};
pub use region::{REGIONS, Region, RegionError, RegionInfo, parse_region, parse_regions};
pub use secret::{CheckedSecret, KeyCheck, MAX_SECRET_BYTES, SecretError, check_secret};
