//! The shapes of the three strings users mix up: a secret access key, an
//! access key ID and an SMTP password.
//!
//! A leaf module: both the secret rules ([`crate::secret`]) and the username
//! rules ([`crate::access_key`]) recognise the others' shapes, so the shapes
//! live here and neither of them imports the other.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use crate::derive::{PASSWORD_LEN, Version};

/// Length of an IAM secret access key.
pub(crate) const KEY_LEN: usize = 40;
/// Length of an IAM access key ID.
pub(crate) const ACCESS_KEY_ID_LEN: usize = 20;

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

/// Whether `b` is in a secret access key's alphabet.
pub(crate) fn is_key_char(b: u8) -> bool {
    KEY_CHARS[usize::from(b)]
}

/// Whether `s` is exactly a secret access key: 40 characters of the alphabet.
pub(crate) fn is_key(s: &[u8]) -> bool {
    s.len() == KEY_LEN && s.iter().all(|&b| is_key_char(b))
}

/// Which kind of credentials an access key ID belongs to (AWS IAM user
/// guide, "Manage access keys": the prefix names the kind).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum IdKind {
    /// `AKIA…`: an IAM user's long-term key, what SES SMTP takes.
    LongTerm,
    /// `ASIA…`: temporary STS credentials, which SES SMTP refuses.
    Temporary,
}

/// The kind of access key ID `s` is shaped like: 20 uppercase letters and
/// digits starting `AKIA` or `ASIA`; `None` for anything else.
pub(crate) fn access_key_id_kind(s: &str) -> Option<IdKind> {
    let shaped = s.len() == ACCESS_KEY_ID_LEN
        && s.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    match s.get(..4) {
        Some("AKIA") if shaped => Some(IdKind::LongTerm),
        Some("ASIA") if shaped => Some(IdKind::Temporary),
        _ => None,
    }
}

/// The derivation version when `s` is shaped like an SES SMTP password: 44
/// base64 characters decoding to 33 bytes that start with 0x02 or 0x04.
pub(crate) fn smtp_password_version(s: &str) -> Option<Version> {
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

    #[test]
    fn id_kinds() {
        let cases = [
            ("AKIAIOSFODNN7EXAMPLE", Some(IdKind::LongTerm)),
            ("ASIAIOSFODNN7EXAMPLE", Some(IdKind::Temporary)),
            ("AKIAIOSFODNN7EXAMPL", None),
            ("ASIAIOSFODNN7EXAMPL", None),
            ("ASIA", None),
            ("akiaiosfodnn7example", None),
            ("AIDAIOSFODNN7EXAMPLE", None),
            ("AKIAIOSFODNN7EXAMPLé", None),
            ("", None),
        ];
        for (i, (s, want)) in cases.iter().enumerate() {
            assert_eq!(access_key_id_kind(s), *want, "case {i}");
        }
    }

    #[test]
    fn password_versions() {
        let v4 = "BLBM/9hSUELfq8Gw+rU1YcBjkOxGbhT2XG763xVLGWL9";
        let v2 = "An60U4ZD3sd4fg+FvXUjayOipTt8LO4rUUmhpdX6ctDy";
        assert_eq!(smtp_password_version(v4), Some(Version::V4));
        assert_eq!(smtp_password_version(v2), Some(Version::V2));
        assert_eq!(smtp_password_version(&v4[1..]), None);
        assert_eq!(
            smtp_password_version("CLBM/9hSUELfq8Gw+rU1YcBjkOxGbhT2XG763xVLGWL9"),
            None
        );
        assert!(is_key(b"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
        assert!(!is_key(b"wJalrXUtnFEMI-K7MDENG/bPxRfiCYEXAMPLEKEY"));
    }
}
