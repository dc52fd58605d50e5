//! Which user-typed values may appear in a message.
//!
//! Paths, variable names and profile names are shown, so that a message
//! says which file or variable is wrong; but people paste keys into the
//! wrong place, so a value that could be a secret access key or an SMTP
//! password is replaced by a fixed phrase. Every value that reaches an
//! error or a warning goes through here.

use std::borrow::Cow;
use std::path::Path;

use ses_smtp_password::{KeyCheck, check_secret};

/// What is shown in place of a value that may be a secret.
pub const HIDDEN: &str = "(a value that looks like a secret; not shown)";

/// A user-typed value (path, variable or profile name) as it may be shown:
/// hidden when it could be a secret access key or an SMTP password.
pub fn shown(value: &str) -> Cow<'_, str> {
    // 30+ characters of base64 covers SMTP passwords (44) and keys (40),
    // and truncated pastes of either.
    let key_like = value.len() >= 30
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/' || b == b'=');
    if key_like || is_key(value) {
        Cow::Borrowed(HIDDEN)
    } else {
        Cow::Borrowed(value)
    }
}

/// Shows a path given on the command line, hidden if it looks like a secret.
pub fn shown_path(path: &Path) -> String {
    shown(&path.to_string_lossy()).into_owned()
}

/// Whether `value` passes the secret access key rules as it is.
pub fn is_key(value: &str) -> bool {
    check_secret(value.as_bytes(), KeyCheck::Strict).is_ok()
}

/// Whether `value` may be shown as it is.
// Only `check` needs it (for --endpoint) outside the tests.
#[cfg_attr(not(feature = "check"), allow(dead_code))]
pub fn is_safe(value: &str) -> bool {
    shown(value) == value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_values_are_shown() {
        for v in [
            "~/.aws/credentials",
            "/tmp/keys.txt",
            "ses-smtp",
            "AWS_SECRET_ACCESS_KEY",
            "MY_SES_SECRET",
            "email-smtp.eu-west-1.amazonaws.com",
            "",
        ] {
            assert_eq!(shown(v), v, "{v}");
            assert!(is_safe(v), "{v}");
        }
    }

    #[test]
    fn secret_shapes_are_hidden() {
        for v in [
            // A key, with and without the characters that make it a path.
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "wJalrXUtnFEMIzK7MDENGzbPxRfiCYEXAMPLEKEY",
            // A key with a line end, as pasted.
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
            // An SMTP password, and a truncated key.
            "BLBM/9hSUELfq8Gw+rU1YcBjkOxGbhT2XG763xVLGWL9",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXA",
        ] {
            assert_eq!(shown(v), HIDDEN, "{v:?}");
            assert!(!is_safe(v));
        }
        assert_eq!(
            shown_path(Path::new("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")),
            HIDDEN
        );
    }
}
