//! The two SES SMTP password derivations, SigV2 (legacy) and SigV4.
//!
//! Both are a chain of HMAC-SHA256 over fixed strings, prefixed with a
//! version byte and base64-encoded (standard alphabet, with padding, though
//! 33 bytes never need any):
//!
//! | name | formula |
//! |---|---|
//! | SigV2 | `base64(0x02 ‖ HMAC(secret, "SendRawEmail"))` |
//! | SigV4 | `k = HMAC("AWS4" ‖ secret, "11111111")`; then `k = HMAC(k, m)` for `m` in *region*, `"ses"`, `"aws4_request"`, `"SendRawEmail"`; password = `base64(0x04 ‖ k)` |
//!
//! Source: the AWS SES developer guide, "Obtaining Amazon SES SMTP
//! credentials", and the Python script it publishes
//! (`smtp_credentials_generate.py`), whose constants these are. SES has
//! answered SigV2 passwords with `535` since March 2021.

use core::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use zeroize::Zeroizing;

type HmacSha256 = Hmac<Sha256>;

/// The message both derivations sign: SES SMTP maps to the `SendRawEmail` action.
const MESSAGE: &[u8] = b"SendRawEmail";
/// SigV4's fixed date. AWS's reference script uses this constant, not a real
/// date: the SMTP password must not expire, so the date is a placeholder.
const DATE: &[u8] = b"11111111";
const SERVICE: &[u8] = b"ses";
const TERMINAL: &[u8] = b"aws4_request";

/// SHA-256's block size: HMAC keys up to this length are used as they are.
const STACK_KEY: usize = 64;

/// Length of every SES SMTP password: base64 of 1 version byte + 32 MAC bytes.
pub(crate) const PASSWORD_LEN: usize = 44;

/// Which derivation produced a password; the first byte of the decoded password.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Version {
    /// Legacy Signature Version 2 (version byte 0x02). SES has rejected it since March 2021.
    V2,
    /// Signature Version 4 (version byte 0x04), region-specific. What SES accepts today.
    V4,
}

impl Version {
    /// The version byte that prefixes the MAC in the decoded password.
    pub const fn byte(self) -> u8 {
        match self {
            Version::V2 => 0x02,
            Version::V4 => 0x04,
        }
    }

    /// The number users see: 2 or 4.
    pub const fn number(self) -> u8 {
        self.byte()
    }

    /// The version whose byte is `b`, if any.
    pub const fn from_byte(b: u8) -> Option<Version> {
        match b {
            0x02 => Some(Version::V2),
            0x04 => Some(Version::V4),
            _ => None,
        }
    }
}

/// A derived SES SMTP password: 44 ASCII base64 characters, wiped from memory on drop.
///
/// `Debug` is redacted so a password never reaches a log through `{:?}`.
#[derive(Clone, PartialEq, Eq)]
pub struct SmtpPassword {
    text: Zeroizing<[u8; PASSWORD_LEN]>,
    version: Version,
}

impl SmtpPassword {
    /// The password as text, ready to paste into an SMTP client.
    pub fn as_str(&self) -> &str {
        // Base64 output is ASCII, so this never fails; an empty string would be
        // visibly wrong rather than a panic carrying bytes.
        core::str::from_utf8(&self.text[..]).unwrap_or("")
    }

    /// The password's bytes (ASCII).
    pub fn as_bytes(&self) -> &[u8] {
        &self.text[..]
    }

    /// Which derivation produced it.
    pub fn version(&self) -> Version {
        self.version
    }

    /// A password read back (from a file this crate's user wrote earlier):
    /// `Some` only for exactly 44 base64 characters that decode to a
    /// SigV2 or SigV4 password, as [`crate::classify`] recognises them.
    ///
    /// ```
    /// use ses_smtp_password::{SmtpPassword, Version, smtp_password_v4};
    /// let derived = smtp_password_v4(b"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "us-east-1");
    /// let read = SmtpPassword::parse(derived.as_str()).unwrap();
    /// assert_eq!(read, derived);
    /// assert_eq!(read.version(), Version::V4);
    /// assert!(SmtpPassword::parse("not a password").is_none());
    /// ```
    pub fn parse(text: &str) -> Option<SmtpPassword> {
        let version = crate::shape::smtp_password_version(text)?;
        let mut copy = Zeroizing::new([0u8; PASSWORD_LEN]);
        copy.copy_from_slice(text.as_bytes());
        Some(SmtpPassword {
            text: copy,
            version,
        })
    }
}

impl fmt::Debug for SmtpPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmtpPassword")
            .field("version", &self.version)
            .field("text", &"<redacted>")
            .finish()
    }
}

/// HMAC-SHA256 of `msg` under `key`, in a buffer that is wiped on drop.
fn hmac(key: &[u8], msg: &[u8]) -> Zeroizing<[u8; 32]> {
    // HMAC accepts keys of any length (longer ones are hashed first), so this
    // cannot fail; the `expect` documents the invariant without touching data.
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC accepts keys of any length");
    mac.update(msg);
    let mut out = Zeroizing::new([0u8; 32]);
    out.copy_from_slice(&mac.finalize().into_bytes());
    out
}

fn encode(version: Version, mac: &[u8; 32]) -> SmtpPassword {
    let mut raw = Zeroizing::new([0u8; 33]);
    raw[0] = version.byte();
    raw[1..].copy_from_slice(mac);
    let mut text = Zeroizing::new([0u8; PASSWORD_LEN]);
    let written = STANDARD
        .encode_slice(&raw[..], &mut text[..])
        .expect("33 bytes always encode to exactly 44 base64 characters");
    debug_assert_eq!(written, PASSWORD_LEN);
    SmtpPassword { text, version }
}

/// The legacy SigV2 SMTP password: `base64(0x02 ‖ HMAC-SHA256(secret, "SendRawEmail"))`.
///
/// This is what the widely copied `openssl dgst -hmac` one-liner computes. SES
/// has rejected SigV2 SMTP passwords since March 2021; use [`smtp_password_v4`].
///
/// ```
/// use ses_smtp_password::smtp_password_v2;
/// let password = smtp_password_v2(b"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
/// assert_eq!(password.as_str(), "An60U4ZD3sd4fg+FvXUjayOipTt8LO4rUUmhpdX6ctDy");
/// ```
pub fn smtp_password_v2(secret: &[u8]) -> SmtpPassword {
    encode(Version::V2, &hmac(secret, MESSAGE))
}

/// The SigV4 SMTP password for `region`.
///
/// `k = HMAC("AWS4" ‖ secret, "11111111")`, then `k = HMAC(k, m)` for `m` in
/// `region`, `"ses"`, `"aws4_request"`, `"SendRawEmail"`; the password is
/// `base64(0x04 ‖ k)`. Each region gives a different password.
///
/// The region is used as given; check it first with [`crate::parse_region`].
///
/// ```
/// use ses_smtp_password::smtp_password_v4;
/// let password = smtp_password_v4(b"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "us-east-1");
/// assert_eq!(password.as_str(), "BLBM/9hSUELfq8Gw+rU1YcBjkOxGbhT2XG763xVLGWL9");
/// ```
pub fn smtp_password_v4(secret: &[u8], region: &str) -> SmtpPassword {
    let mut k = if secret.len() <= STACK_KEY - 4 {
        // Real keys (40 bytes) take this path: no heap copy of the secret, and
        // no allocation per key in `--batch`.
        let mut signing_key = Zeroizing::new([0u8; STACK_KEY]);
        signing_key[..4].copy_from_slice(b"AWS4");
        signing_key[4..4 + secret.len()].copy_from_slice(secret);
        hmac(&signing_key[..4 + secret.len()], DATE)
    } else {
        let mut signing_key = Zeroizing::new(Vec::with_capacity(4 + secret.len()));
        signing_key.extend_from_slice(b"AWS4");
        signing_key.extend_from_slice(secret);
        hmac(&signing_key, DATE)
    };
    for msg in [region.as_bytes(), SERVICE, TERMINAL, MESSAGE] {
        k = hmac(&k[..], msg);
    }
    encode(Version::V4, &k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_is_redacted() {
        let p = smtp_password_v2(b"some+secret+key");
        let shown = format!("{p:?}");
        assert_eq!(shown, r#"SmtpPassword { version: V2, text: "<redacted>" }"#);
    }

    #[test]
    fn first_character_follows_version() {
        // 0x02 → 'A' and 0x04 → 'B' as the first base64 sextet (000000 / 000001).
        assert!(smtp_password_v2(b"x").as_str().starts_with('A'));
        assert!(
            smtp_password_v4(b"x", "us-east-1")
                .as_str()
                .starts_with('B')
        );
    }

    #[test]
    fn version_bytes_round_trip() {
        for v in [Version::V2, Version::V4] {
            assert_eq!(Version::from_byte(v.byte()), Some(v));
        }
        assert_eq!(Version::from_byte(3), None);
    }
}
