//! Amazon SES SMTP passwords from IAM secret access keys.
//!
//! SES's SMTP interface takes the IAM access key ID as the username and a
//! password *derived* from the secret access key. This crate derives it —
//! the current region-specific SigV4 form ([`smtp_password_v4`]) and the
//! legacy SigV2 form ([`smtp_password_v2`]) that SES has rejected since
//! March 2021 — and holds the rules for checking keys and region names.
//!
//! The library does no I/O. Secrets are borrowed, and derived passwords live
//! in buffers that are wiped on drop.
//!
//! ```
//! use ses_smtp_password::{region, secret, smtp_password_v4};
//!
//! let input = b"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n";
//! let key = secret::check_secret(input, secret::KeyCheck::Strict)?;
//! let region = region::parse("eu-west-1")?;
//! let password = smtp_password_v4(key.secret.as_bytes(), region.code());
//! assert_eq!(password.as_str(), "BMW5RDrXmmVs0lV7GpI4oLkHXpZ4stDsk6q91z1g38Pk");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![forbid(unsafe_code)]

pub mod access_key;
pub mod csv;
pub mod derive;
pub mod diagnose;
pub mod format;
pub mod identify;
pub mod profile;
pub mod region;
pub mod secret;

pub use derive::{SmtpPassword, Version, smtp_password_v2, smtp_password_v4};
