//! The SMTP username: an IAM access key ID.
//!
//! Long-term keys have IDs starting `AKIA`; `ASIA` IDs belong to temporary STS
//! credentials, which the SES SMTP interface does not accept (AWS SES
//! developer guide, "Obtaining Amazon SES SMTP credentials").

use core::fmt;

use crate::shape::{IdKind, access_key_id_kind, is_key};

/// Why an access key ID was refused. Never carries the value: it may be a
/// secret pasted in the wrong place.
///
/// Not `#[non_exhaustive]`: a program that explains these errors (the
/// command line does) should be made to handle a new one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccessKeyIdError {
    /// `ASIA…`: temporary credentials.
    Temporary,
    /// Shaped like a secret access key: the two were swapped.
    LooksLikeSecret,
    /// Anything else that is not 20 characters starting `AKIA`.
    Malformed,
}

impl fmt::Display for AccessKeyIdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AccessKeyIdError::Temporary => {
                "the access key ID is temporary (ASIA…, from STS); the SES SMTP interface does not accept temporary credentials"
            }
            AccessKeyIdError::LooksLikeSecret => {
                "the access key ID looks like a secret access key (not shown)"
            }
            AccessKeyIdError::Malformed => {
                "the access key ID is not 20 characters starting with AKIA (not shown)"
            }
        })
    }
}

impl std::error::Error for AccessKeyIdError {}

/// Checks an SMTP username: an IAM user's long-term access key ID.
///
/// ```
/// use ses_smtp_password::{check_access_key_id, AccessKeyIdError};
/// assert_eq!(check_access_key_id("AKIAIOSFODNN7EXAMPLE"), Ok("AKIAIOSFODNN7EXAMPLE"));
/// assert_eq!(check_access_key_id("ASIAIOSFODNN7EXAMPLE"), Err(AccessKeyIdError::Temporary));
/// assert_eq!(
///     check_access_key_id("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
///     Err(AccessKeyIdError::LooksLikeSecret)
/// );
/// ```
pub fn check_access_key_id(s: &str) -> Result<&str, AccessKeyIdError> {
    match access_key_id_kind(s) {
        Some(IdKind::LongTerm) => Ok(s),
        Some(IdKind::Temporary) => Err(AccessKeyIdError::Temporary),
        None if is_key(s.as_bytes()) => Err(AccessKeyIdError::LooksLikeSecret),
        None => Err(AccessKeyIdError::Malformed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        let cases = [
            ("AKIAIOSFODNN7EXAMPLE", Ok("AKIAIOSFODNN7EXAMPLE")),
            ("ASIAIOSFODNN7EXAMPLE", Err(AccessKeyIdError::Temporary)),
            ("AKIAIOSFODNN7EXAMPL", Err(AccessKeyIdError::Malformed)),
            ("akiaiosfodnn7example", Err(AccessKeyIdError::Malformed)),
            ("AIDAIOSFODNN7EXAMPLE", Err(AccessKeyIdError::Malformed)),
            ("", Err(AccessKeyIdError::Malformed)),
            (
                "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                Err(AccessKeyIdError::LooksLikeSecret),
            ),
        ];
        for (i, (input, want)) in cases.iter().enumerate() {
            assert_eq!(check_access_key_id(input), *want, "case {i}");
        }
    }
}
