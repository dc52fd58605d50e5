//! The SMTP username: an IAM access key ID.
//!
//! Long-term keys have IDs starting `AKIA`; `ASIA` IDs belong to temporary STS
//! credentials, which the SES SMTP interface does not accept (AWS SES
//! developer guide, "Obtaining Amazon SES SMTP credentials").

use core::fmt;

/// Length of an IAM access key ID.
pub const ACCESS_KEY_ID_LEN: usize = 20;

/// `Some(temporary)` when `s` is shaped like an access key ID: 20 uppercase
/// letters and digits starting `AKIA` (long-term) or `ASIA` (temporary).
pub fn access_key_id_kind(s: &str) -> Option<bool> {
    let shaped = s.len() == ACCESS_KEY_ID_LEN
        && s.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    if !shaped {
        return None;
    }
    if s.starts_with("AKIA") {
        Some(false)
    } else if s.starts_with("ASIA") {
        Some(true)
    } else {
        None
    }
}

/// Why an access key ID was refused. Never carries the value: it may be a
/// secret pasted in the wrong place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
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

/// Checks an SMTP username.
///
/// ```
/// use ses_smtp_password::access_key::{check_access_key_id, AccessKeyIdError};
/// assert_eq!(check_access_key_id("AKIAIOSFODNN7EXAMPLE"), Ok("AKIAIOSFODNN7EXAMPLE"));
/// assert_eq!(check_access_key_id("ASIAIOSFODNN7EXAMPLE"), Err(AccessKeyIdError::Temporary));
/// assert_eq!(
///     check_access_key_id("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
///     Err(AccessKeyIdError::LooksLikeSecret)
/// );
/// ```
pub fn check_access_key_id(s: &str) -> Result<&str, AccessKeyIdError> {
    match access_key_id_kind(s) {
        Some(false) => Ok(s),
        Some(true) => Err(AccessKeyIdError::Temporary),
        None if crate::secret::check_key_format(s).is_ok() => {
            Err(AccessKeyIdError::LooksLikeSecret)
        }
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
