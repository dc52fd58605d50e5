//! Input rules for a secret access key, whatever source it came from.
//!
//! Everything here works on bytes the caller already holds (in a zeroizing
//! buffer) and returns a borrowed slice of them, so checking never copies the
//! secret. Errors describe what is wrong by position and length only: they
//! never carry the secret's bytes.

use core::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use crate::access_key::access_key_id_kind;
use crate::derive::{PASSWORD_LEN, Version};

/// The most bytes read for one secret; more is refused rather than buffered.
pub const MAX_SECRET_BYTES: usize = 64 * 1024;
/// The most bytes on one line of `--batch` input.
pub const MAX_BATCH_LINE_BYTES: usize = 4 * 1024;
/// Length of an IAM secret access key.
pub const KEY_LEN: usize = 40;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Whether to check that the secret looks like an IAM secret access key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyCheck {
    /// 40 characters of `A-Z a-z 0-9 + /`, and not an access key ID or SMTP password.
    Strict,
    /// Any non-empty single-line UTF-8 string (`--no-key-check`, for test keys).
    Off,
}

/// Something worth telling the user about an accepted secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SecretWarning {
    /// Spaces, tabs or blank lines around the key were removed.
    TrimmedWhitespace,
}

impl fmt::Display for SecretWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SecretWarning::TrimmedWhitespace => {
                f.write_str("removed spaces, tabs or blank lines around the secret access key")
            }
        }
    }
}

/// Why a secret was refused. Holds positions and lengths, never content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SecretError {
    /// Nothing but whitespace.
    Empty,
    /// More than the byte limit.
    TooLong {
        /// The limit in bytes.
        limit: usize,
    },
    /// Several non-blank lines where one key was expected.
    SeveralLines {
        /// How many non-blank lines.
        lines: usize,
    },
    /// Not valid UTF-8 from this byte on (1-based).
    NotUtf8 {
        /// 1-based byte position of the first invalid byte.
        position: usize,
    },
    /// A space or other whitespace inside the key.
    InnerWhitespace {
        /// 1-based character position.
        position: usize,
    },
    /// An access key ID (the SMTP username) was given in place of the secret.
    AccessKeyId {
        /// `ASIA…`: temporary STS credentials.
        temporary: bool,
    },
    /// An SES SMTP password was given in place of the secret.
    SmtpPassword {
        /// Which derivation it came from.
        version: Version,
    },
    /// A character outside `A-Z a-z 0-9 + /`.
    BadCharacter {
        /// 1-based character position.
        position: usize,
    },
    /// The alphabet is right but the length is not 40.
    WrongLength {
        /// The length found, in characters.
        length: usize,
    },
}

impl fmt::Display for SecretError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            SecretError::Empty => {
                f.write_str("no secret access key was given (the input is empty)")
            }
            SecretError::TooLong { limit } => {
                write!(
                    f,
                    "the input is longer than {limit} bytes; a secret access key is 40 characters"
                )
            }
            SecretError::SeveralLines { lines } => {
                write!(
                    f,
                    "the input has {lines} non-empty lines; expected one secret access key"
                )
            }
            SecretError::NotUtf8 { position } => {
                write!(
                    f,
                    "the input is not valid UTF-8 text (invalid byte at position {position})"
                )
            }
            SecretError::InnerWhitespace { position } => {
                write!(
                    f,
                    "the secret access key contains whitespace at character {position}"
                )
            }
            SecretError::AccessKeyId { temporary: false } => {
                f.write_str("this is an access key ID (AKIA…), not the secret access key")
            }
            SecretError::AccessKeyId { temporary: true } => {
                f.write_str("this is a temporary access key ID (ASIA…), not the secret access key")
            }
            SecretError::SmtpPassword { version } => write!(
                f,
                "this is already an SES SMTP password (SigV{}), not a secret access key",
                version.number()
            ),
            SecretError::BadCharacter { position } => write!(
                f,
                "the secret access key has a character outside A-Z a-z 0-9 + / at position {position}"
            ),
            SecretError::WrongLength { length } => write!(
                f,
                "the secret access key is {length} characters long; IAM secret access keys are {KEY_LEN}"
            ),
        }
    }
}

impl std::error::Error for SecretError {}

/// A secret that passed the input rules, borrowed from the caller's buffer.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct CheckedSecret<'a> {
    /// The secret, trimmed.
    pub secret: &'a str,
    /// Set when surrounding whitespace was removed.
    pub warning: Option<SecretWarning>,
}

impl fmt::Debug for CheckedSecret<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CheckedSecret")
            .field("secret", &"<redacted>")
            .field("warning", &self.warning)
            .finish()
    }
}

/// `A-Z a-z 0-9 + /` as a table: one load per byte on the `--batch` path.
const KEY_CHARS: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || c == b'+' || c == b'/';
        b += 1;
    }
    table
};

fn is_key_char(b: u8) -> bool {
    KEY_CHARS[usize::from(b)]
}

/// Applies the input rules to the raw bytes of one secret.
///
/// A leading UTF-8 BOM and one trailing `\n` or `\r\n` go silently; other
/// surrounding whitespace goes with a warning; several lines, inner whitespace
/// and (with [`KeyCheck::Strict`]) anything but a 40-character key are errors.
///
/// ```
/// use ses_smtp_password::secret::{check_secret, KeyCheck, SecretError};
/// let ok = check_secret(b"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\r\n", KeyCheck::Strict).unwrap();
/// assert_eq!(ok.secret, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
/// assert_eq!(
///     check_secret(b"AKIAIOSFODNN7EXAMPLE", KeyCheck::Strict).unwrap_err(),
///     SecretError::AccessKeyId { temporary: false }
/// );
/// assert!(check_secret(b"some+secret+key", KeyCheck::Off).is_ok());
/// ```
pub fn check_secret(raw: &[u8], check: KeyCheck) -> Result<CheckedSecret<'_>, SecretError> {
    check_with_limit(raw, check, MAX_SECRET_BYTES)
}

/// [`check_secret`] with a caller-chosen byte limit (`--batch` lines use
/// [`MAX_BATCH_LINE_BYTES`]).
pub fn check_with_limit(
    raw: &[u8],
    check: KeyCheck,
    limit: usize,
) -> Result<CheckedSecret<'_>, SecretError> {
    if raw.len() > limit {
        return Err(SecretError::TooLong { limit });
    }
    // The common case in one pass: exactly a key, perhaps with `\n` or `\r\n`.
    if check == KeyCheck::Strict {
        let body = raw
            .strip_suffix(b"\n")
            .map_or(raw, |r| r.strip_suffix(b"\r").unwrap_or(r));
        if body.len() == KEY_LEN
            && body.iter().all(|&b| is_key_char(b))
            && let Ok(secret) = core::str::from_utf8(body)
        {
            return Ok(CheckedSecret {
                secret,
                warning: None,
            });
        }
    }
    let unbommed = raw.strip_prefix(BOM).unwrap_or(raw);
    let bytes = unbommed
        .strip_suffix(b"\r\n")
        .or_else(|| unbommed.strip_suffix(b"\n"))
        .unwrap_or(unbommed);
    let trimmed = bytes.trim_ascii();
    let warning = (trimmed.len() != bytes.len()).then_some(SecretWarning::TrimmedWhitespace);
    if trimmed.is_empty() {
        return Err(SecretError::Empty);
    }
    if trimmed.iter().any(|&b| b == b'\n' || b == b'\r') {
        let lines = trimmed
            .split(|&b| b == b'\n' || b == b'\r')
            .filter(|line| !line.trim_ascii().is_empty())
            .count();
        return Err(SecretError::SeveralLines { lines });
    }
    // Report the position in the input as the user sees it: BOM and leading
    // whitespace count.
    let start = (raw.len() - unbommed.len()) + (bytes.len() - bytes.trim_ascii_start().len());
    let secret = core::str::from_utf8(trimmed).map_err(|e| SecretError::NotUtf8 {
        position: start + e.valid_up_to() + 1,
    })?;
    if check == KeyCheck::Strict {
        check_key_format(secret)?;
    }
    Ok(CheckedSecret { secret, warning })
}

/// Checks that `s` is shaped like an IAM secret access key, recognising the
/// two things most often pasted in its place.
pub fn check_key_format(s: &str) -> Result<(), SecretError> {
    // The common case in one pass: a real key cannot be any of the look-alikes
    // (they are 20 or 44 characters long), so nothing else needs checking.
    if s.len() == KEY_LEN && s.bytes().all(is_key_char) {
        return Ok(());
    }
    if let Some(position) = s.chars().position(char::is_whitespace) {
        return Err(SecretError::InnerWhitespace {
            position: position + 1,
        });
    }
    if let Some(temporary) = access_key_id_kind(s) {
        return Err(SecretError::AccessKeyId { temporary });
    }
    if let Some(version) = smtp_password_version(s) {
        return Err(SecretError::SmtpPassword { version });
    }
    if let Some(position) = s
        .chars()
        .position(|c| !c.is_ascii() || !is_key_char(c as u8))
    {
        return Err(SecretError::BadCharacter {
            position: position + 1,
        });
    }
    if s.len() != KEY_LEN {
        return Err(SecretError::WrongLength { length: s.len() });
    }
    Ok(())
}

/// The derivation version when `s` is shaped like an SES SMTP password: 44
/// base64 characters decoding to 33 bytes that start with 0x02 or 0x04.
pub fn smtp_password_version(s: &str) -> Option<Version> {
    if s.len() != PASSWORD_LEN {
        return None;
    }
    let mut decoded = zeroize::Zeroizing::new([0u8; 33]);
    match STANDARD.decode_slice(s.as_bytes(), &mut decoded[..]) {
        Ok(33) => Version::from_byte(decoded[0]),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    fn strict(raw: &[u8]) -> Result<CheckedSecret<'_>, SecretError> {
        check_secret(raw, KeyCheck::Strict)
    }

    #[test]
    fn accepted_forms() {
        let cases: [(&[u8], Option<SecretWarning>); 6] = [
            (KEY.as_bytes(), None),
            (b"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n", None),
            (b"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\r\n", None),
            (
                b"\xEF\xBB\xBFwJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\r\n",
                None,
            ),
            (
                b"  wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\t\n",
                Some(SecretWarning::TrimmedWhitespace),
            ),
            (
                b"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n\n",
                Some(SecretWarning::TrimmedWhitespace),
            ),
        ];
        for (i, (raw, warning)) in cases.iter().enumerate() {
            let got = strict(raw).unwrap_or_else(|e| panic!("case {i}: {e}"));
            assert_eq!(got.secret, KEY, "case {i}");
            assert_eq!(got.warning, *warning, "case {i}");
        }
    }

    #[test]
    fn refused_forms() {
        let cases: [(&[u8], SecretError); 12] = [
            (b"", SecretError::Empty),
            (b" \r\n\t\n", SecretError::Empty),
            (b"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\nwJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n", SecretError::SeveralLines { lines: 2 }),
            (b"a\r\n\r\nb\nc", SecretError::SeveralLines { lines: 3 }),
            (b"wJalrXUtnFEMI/K7MDENG bPxRfiCYEXAMPLEKEY", SecretError::InnerWhitespace { position: 22 }),
            (b"AKIAIOSFODNN7EXAMPLE", SecretError::AccessKeyId { temporary: false }),
            (b"ASIAIOSFODNN7EXAMPLE", SecretError::AccessKeyId { temporary: true }),
            (b"BLBM/9hSUELfq8Gw+rU1YcBjkOxGbhT2XG763xVLGWL9", SecretError::SmtpPassword { version: Version::V4 }),
            (b"An60U4ZD3sd4fg+FvXUjayOipTt8LO4rUUmhpdX6ctDy", SecretError::SmtpPassword { version: Version::V2 }),
            (b"wJalrXUtnFEMI-K7MDENG/bPxRfiCYEXAMPLEKEY", SecretError::BadCharacter { position: 14 }),
            (b"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKE", SecretError::WrongLength { length: 39 }),
            (b"  wJalr\xffXUtnFEMI", SecretError::NotUtf8 { position: 8 }),
        ];
        for (i, (raw, want)) in cases.iter().enumerate() {
            assert_eq!(strict(raw), Err(*want), "case {i}");
        }
    }

    #[test]
    fn size_limit() {
        let big = vec![b'a'; MAX_SECRET_BYTES + 1];
        assert_eq!(
            strict(&big),
            Err(SecretError::TooLong {
                limit: MAX_SECRET_BYTES
            })
        );
        assert_eq!(
            check_with_limit(
                &big[..MAX_BATCH_LINE_BYTES + 1],
                KeyCheck::Off,
                MAX_BATCH_LINE_BYTES
            ),
            Err(SecretError::TooLong {
                limit: MAX_BATCH_LINE_BYTES
            })
        );
    }

    #[test]
    fn key_check_off_takes_test_strings() {
        for s in [
            "some+secret+key",
            "SECRET_KEY",
            "with inner space",
            "ünïcode",
        ] {
            assert_eq!(
                check_secret(s.as_bytes(), KeyCheck::Off).map(|c| c.secret),
                Ok(s)
            );
        }
        assert_eq!(
            check_secret(b"a\nb", KeyCheck::Off),
            Err(SecretError::SeveralLines { lines: 2 })
        );
    }

    #[test]
    fn errors_never_carry_content() {
        let e = strict(b"wJalrXUtnFEMI-K7MDENG/bPxRfiCYEXAMPLEKEY").unwrap_err();
        let text = format!("{e} {e:?}");
        assert!(!text.contains("wJalr"), "{text}");
    }
}
