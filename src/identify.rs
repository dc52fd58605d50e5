//! What an SMTP password is, and which key and region it was derived from.
//!
//! Matching derives SigV2 and SigV4 for each candidate region and compares
//! with `subtle`'s constant-time equality, examining every candidate without
//! stopping early, so timing does not reveal how close a guess came.

use core::fmt;

use subtle::{Choice, ConstantTimeEq};

use crate::derive::{Version, smtp_password_v2, smtp_password_v4};
use crate::shape::{access_key_id_kind, is_key, smtp_password_version};

/// What a string given as an SMTP password turns out to be.
///
/// Not `#[non_exhaustive]`: a program that explains each kind should be
/// made to handle a new one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordKind {
    /// A SigV4 SMTP password (version byte 0x04): what SES accepts.
    SigV4,
    /// A legacy SigV2 SMTP password (0x02): rejected by SES since March 2021.
    SigV2,
    /// A raw secret access key used as the password: the most common mistake.
    SecretAccessKey,
    /// An access key ID (the username) used as the password.
    AccessKeyId,
    /// None of these.
    NotSes,
}

impl PasswordKind {
    /// Whether SES would recognise it as an SMTP password at all.
    pub fn is_smtp_password(self) -> bool {
        matches!(self, PasswordKind::SigV4 | PasswordKind::SigV2)
    }
}

impl fmt::Display for PasswordKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PasswordKind::SigV4 => "a SigV4 SES SMTP password",
            PasswordKind::SigV2 => {
                "a legacy SigV2 SES SMTP password (rejected by SES since March 2021)"
            }
            PasswordKind::SecretAccessKey => "a raw secret access key, not an SMTP password",
            PasswordKind::AccessKeyId => "an access key ID (the SMTP username), not the password",
            PasswordKind::NotSes => "not an SES SMTP password",
        })
    }
}

/// Says what `s` is.
///
/// ```
/// use ses_smtp_password::{classify, PasswordKind};
/// assert_eq!(classify("BLBM/9hSUELfq8Gw+rU1YcBjkOxGbhT2XG763xVLGWL9"), PasswordKind::SigV4);
/// assert_eq!(classify("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"), PasswordKind::SecretAccessKey);
/// assert_eq!(classify("hunter2"), PasswordKind::NotSes);
/// ```
pub fn classify(s: &str) -> PasswordKind {
    match smtp_password_version(s) {
        Some(Version::V4) => PasswordKind::SigV4,
        Some(Version::V2) => PasswordKind::SigV2,
        _ if access_key_id_kind(s).is_some() => PasswordKind::AccessKeyId,
        _ if is_key(s.as_bytes()) => PasswordKind::SecretAccessKey,
        _ => PasswordKind::NotSes,
    }
}

/// Which derivation of a secret produced a password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Derivation {
    /// SigV2.
    V2,
    /// SigV4 for this region.
    V4(String),
}

/// Finds which derivation of `secret` gives `password`: SigV2, or SigV4 for
/// one of `regions`. Every candidate is derived and compared in constant time.
///
/// ```
/// use ses_smtp_password::{find_derivation, Derivation};
/// let key = b"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
/// let found = find_derivation("BMW5RDrXmmVs0lV7GpI4oLkHXpZ4stDsk6q91z1g38Pk", key, &["us-east-1", "eu-west-1"]);
/// assert_eq!(found, Some(Derivation::V4("eu-west-1".into())));
/// ```
pub fn find_derivation(password: &str, secret: &[u8], regions: &[&str]) -> Option<Derivation> {
    let given = password.as_bytes();
    let v2 = smtp_password_v2(secret).as_bytes().ct_eq(given);
    let mut found: Option<usize> = None;
    let mut any = Choice::from(0);
    for (i, region) in regions.iter().enumerate() {
        let hit = smtp_password_v4(secret, region).as_bytes().ct_eq(given);
        any |= hit;
        // Every candidate is derived and compared, match or not; only which
        // region matched is picked out afterwards.
        if bool::from(hit) && found.is_none() {
            found = Some(i);
        }
    }
    if bool::from(v2) {
        Some(Derivation::V2)
    } else if bool::from(any) {
        found.map(|i| Derivation::V4(regions[i].to_owned()))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        let cases = [
            (
                "BLBM/9hSUELfq8Gw+rU1YcBjkOxGbhT2XG763xVLGWL9",
                PasswordKind::SigV4,
            ),
            (
                "An60U4ZD3sd4fg+FvXUjayOipTt8LO4rUUmhpdX6ctDy",
                PasswordKind::SigV2,
            ),
            (
                "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                PasswordKind::SecretAccessKey,
            ),
            ("AKIAIOSFODNN7EXAMPLE", PasswordKind::AccessKeyId),
            ("ASIAIOSFODNN7EXAMPLE", PasswordKind::AccessKeyId),
            // 44 base64 characters whose first byte is neither 2 nor 4.
            (
                "CLBM/9hSUELfq8Gw+rU1YcBjkOxGbhT2XG763xVLGWL9",
                PasswordKind::NotSes,
            ),
            (
                "BLBM/9hSUELfq8Gw+rU1YcBjkOxGbhT2XG763xVLGWL",
                PasswordKind::NotSes,
            ),
            ("", PasswordKind::NotSes),
        ];
        for (i, (s, want)) in cases.iter().enumerate() {
            assert_eq!(classify(s), *want, "case {i}");
        }
    }

    #[test]
    fn derivations() {
        let key = b"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        let regions = ["us-east-1", "eu-west-1"];
        assert_eq!(
            find_derivation(
                "An60U4ZD3sd4fg+FvXUjayOipTt8LO4rUUmhpdX6ctDy",
                key,
                &regions
            ),
            Some(Derivation::V2)
        );
        assert_eq!(
            find_derivation(
                "BLBM/9hSUELfq8Gw+rU1YcBjkOxGbhT2XG763xVLGWL9",
                key,
                &regions
            ),
            Some(Derivation::V4("us-east-1".into()))
        );
        // us-east-2's password, not among the candidates.
        assert_eq!(
            find_derivation(
                "BMPPgbAHoFVbze1Ud0oA5uNdXRwUXUZ+qOwphGJbl/cS",
                key,
                &regions
            ),
            None
        );
        assert_eq!(
            find_derivation(
                "BLBM/9hSUELfq8Gw+rU1YcBjkOxGbhT2XG763xVLGWL9",
                b"other",
                &regions
            ),
            None
        );
    }
}
