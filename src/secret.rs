//! Input rules for a secret access key, whatever source it came from.
//!
//! Everything here works on bytes the caller already holds (in a zeroizing
//! buffer) and returns a borrowed slice of them, so checking never copies the
//! secret. Errors describe what is wrong by position and length only: they
//! never carry the secret's bytes.

use core::fmt;

use crate::derive::Version;
use crate::shape::{
    IdKind, KEY_LEN, access_key_id_kind, is_key, is_key_char, smtp_password_version,
};

/// The most bytes read for one secret; more is refused rather than buffered.
pub const MAX_SECRET_BYTES: usize = 64 * 1024;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Whether to check that the secret looks like an IAM secret access key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyCheck {
    /// 40 characters of `A-Z a-z 0-9 + /`, and not an access key ID or SMTP password.
    Strict,
    /// Any non-empty single-line UTF-8 string (`--no-key-check`, for test keys).
    Off,
}

/// Why a secret was refused. Holds positions and lengths, never content.
///
/// Not `#[non_exhaustive]`: a program that explains these errors (the
/// command line does, with a hint for each) should be made to handle a new one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    /// Whether spaces, tabs or blank lines around it were removed (beyond
    /// a BOM and one final line end, which go silently): worth a warning.
    pub trimmed: bool,
}

impl fmt::Debug for CheckedSecret<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CheckedSecret")
            .field("secret", &"<redacted>")
            .field("trimmed", &self.trimmed)
            .finish()
    }
}

/// Applies the input rules to the raw bytes of one secret.
///
/// A leading UTF-8 BOM and one trailing `\n` or `\r\n` go silently; other
/// surrounding whitespace goes with a warning; several lines, inner whitespace
/// and (with [`KeyCheck::Strict`]) anything but a 40-character key are errors.
///
/// ```
/// use ses_smtp_password::{check_secret, KeyCheck, SecretError};
/// let ok = check_secret(b"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\r\n", KeyCheck::Strict).unwrap();
/// assert_eq!(ok.secret, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
/// assert_eq!(
///     check_secret(b"AKIAIOSFODNN7EXAMPLE", KeyCheck::Strict).unwrap_err(),
///     SecretError::AccessKeyId { temporary: false }
/// );
/// assert!(check_secret(b"some+secret+key", KeyCheck::Off).is_ok());
/// ```
///
/// More than [`MAX_SECRET_BYTES`] is [`SecretError::TooLong`]; a caller with
/// a smaller limit (one line of a batch) checks its own first.
pub fn check_secret(raw: &[u8], check: KeyCheck) -> Result<CheckedSecret<'_>, SecretError> {
    if raw.len() > MAX_SECRET_BYTES {
        return Err(SecretError::TooLong {
            limit: MAX_SECRET_BYTES,
        });
    }
    // The common case in one pass: exactly a key, perhaps with `\n` or `\r\n`.
    if check == KeyCheck::Strict {
        let body = raw
            .strip_suffix(b"\n")
            .map_or(raw, |r| r.strip_suffix(b"\r").unwrap_or(r));
        if is_key(body)
            && let Ok(secret) = core::str::from_utf8(body)
        {
            return Ok(CheckedSecret {
                secret,
                trimmed: false,
            });
        }
    }
    let unbommed = raw.strip_prefix(BOM).unwrap_or(raw);
    let bytes = unbommed
        .strip_suffix(b"\r\n")
        .or_else(|| unbommed.strip_suffix(b"\n"))
        .unwrap_or(unbommed);
    let trimmed = bytes.trim_ascii();
    let was_trimmed = trimmed.len() != bytes.len();
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
    Ok(CheckedSecret {
        secret,
        trimmed: was_trimmed,
    })
}

/// Checks that `s` is shaped like an IAM secret access key, recognising the
/// two things most often pasted in its place.
fn check_key_format(s: &str) -> Result<(), SecretError> {
    // The common case in one pass: a real key cannot be any of the look-alikes
    // (they are 20 or 44 characters long), so nothing else needs checking.
    if is_key(s.as_bytes()) {
        return Ok(());
    }
    if let Some(position) = s.chars().position(char::is_whitespace) {
        return Err(SecretError::InnerWhitespace {
            position: position + 1,
        });
    }
    if let Some(kind) = access_key_id_kind(s) {
        return Err(SecretError::AccessKeyId {
            temporary: kind == IdKind::Temporary,
        });
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

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    fn strict(raw: &[u8]) -> Result<CheckedSecret<'_>, SecretError> {
        check_secret(raw, KeyCheck::Strict)
    }

    #[test]
    fn accepted_forms() {
        let cases: [(&[u8], bool); 6] = [
            (KEY.as_bytes(), false),
            (b"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n", false),
            (b"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\r\n", false),
            (
                b"\xEF\xBB\xBFwJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\r\n",
                false,
            ),
            (b"  wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\t\n", true),
            (b"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n\n", true),
        ];
        for (i, (raw, warning)) in cases.iter().enumerate() {
            let got = strict(raw).unwrap_or_else(|e| panic!("case {i}: {e}"));
            assert_eq!(got.secret, KEY, "case {i}");
            assert_eq!(got.trimmed, *warning, "case {i}");
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
        // Exactly the limit is read; one byte more is refused.
        let at_limit = &big[..MAX_SECRET_BYTES];
        assert_eq!(
            check_secret(at_limit, KeyCheck::Off).map(|c| c.secret.len()),
            Ok(MAX_SECRET_BYTES)
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
    fn debug_never_shows_a_secret() {
        let c = strict(KEY.as_bytes()).unwrap();
        assert_eq!(
            format!("{c:?}"),
            r#"CheckedSecret { secret: "<redacted>", trimmed: false }"#
        );
    }

    #[test]
    fn errors_never_carry_content() {
        let e = strict(b"wJalrXUtnFEMI-K7MDENG/bPxRfiCYEXAMPLEKEY").unwrap_err();
        let text = format!("{e} {e:?}");
        assert!(!text.contains("wJalr"), "{text}");
    }
}
