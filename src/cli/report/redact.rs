//! Which user-typed values may appear in a message.
//!
//! Paths, variable names and profile names are shown, so that a message
//! says which file or variable is wrong; but people paste keys into the
//! wrong place, so a value that could be, or could contain, a secret access
//! key or an SMTP password is replaced by a fixed phrase. Every value that
//! reaches an error or a warning goes through here.
//!
//! "Contain": a key pasted into a longer value (`./KEY`, `DIR/KEY`,
//! `ses-KEY`, `AWS_KEY`) leaves a run of 16 or more characters of the key
//! alphabet (`A-Z a-z 0-9 + /`). Such a run is shown only when each of its
//! `/`-separated parts is an ordinary word or path component: lowercase
//! (with digits), uppercase (with digits), or words (`accessKeys`,
//! `Downloads2024`). Random base64 is almost never any of these; a
//! harmless path that looks random is hidden too, which costs only a
//! clearer message. Paths are the exception ([`shown_path`]): a path the
//! user named is shown unless a whole key or password stands in it.

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
    if key_like || is_key(value) || holds_a_key(value) {
        Cow::Borrowed(HIDDEN)
    } else {
        Cow::Borrowed(value)
    }
}

/// A path the user named, as it may be shown: as it is, so that a message
/// names the file (`/run/user/1000/aws/credentials`, a `mktemp -d`
/// folder), unless a key or an SMTP password was pasted as the path or into
/// it (`KEY`, `./KEY`, `DIR/KEY`): some span of whole `/`-separated parts,
/// 40 or 44 characters of the key alphabet long, that is not made of
/// ordinary words and path components.
pub fn shown_path(path: &Path) -> String {
    let text = path.to_string_lossy();
    if holds_a_pasted_key(&text) {
        HIDDEN.to_owned()
    } else {
        text.into_owned()
    }
}

/// Whether a path holds a key or password in place of some of its parts.
fn holds_a_pasted_key(path: &str) -> bool {
    let runs = path.split(|c: char| !(c.is_ascii_alphanumeric() || c == '+' || c == '/'));
    runs.into_iter().any(|run| {
        let parts: Vec<&str> = run.split('/').collect();
        (0..parts.len()).any(|first| {
            let mut len = 0;
            parts[first..].iter().enumerate().any(|(n, part)| {
                len += part.len() + usize::from(n > 0);
                matches!(len, 40 | 44) && !parts[first..=first + n].iter().all(|p| ordinary(p))
            })
        })
    })
}

/// Whether `value` has a run of 16+ key-alphabet characters that is not
/// made of ordinary words and path components.
fn holds_a_key(value: &str) -> bool {
    value
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '+' || c == '/'))
        .filter(|run| run.len() >= 16)
        .any(|run| !run.split('/').all(ordinary))
}

/// A word or path component: `credentials`, `AWS`, `accessKeys`,
/// `Downloads`, `x86`, `2024`, or empty.
fn ordinary(part: &str) -> bool {
    let b = part.as_bytes();
    let lower = b
        .iter()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    let upper = b
        .iter()
        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    // Words: each capital begins a word of one or more lowercase letters;
    // digits only at the end.
    let letters = part.trim_end_matches(|c: char| c.is_ascii_digit());
    let words = letters.bytes().all(|c| c.is_ascii_alphabetic())
        && letters
            .split(|c: char| c.is_ascii_uppercase())
            .skip(usize::from(
                letters.starts_with(|c: char| c.is_ascii_uppercase()),
            ))
            .all(|w| !w.is_empty());
    lower || upper || words
}

/// Whether `value` passes the secret access key rules as it is.
fn is_key(value: &str) -> bool {
    check_secret(value.as_bytes(), KeyCheck::Strict).is_ok()
}

/// Whether `value` may be shown as it is.
pub fn is_safe(value: &str) -> bool {
    shown(value) == value
}

/// Text from a server, safe to print on a terminal: every control
/// character (C0, DEL and C1: escape sequences that clear the screen or set
/// the window title start with them) is shown as `\x1b` or `\u{9b}`.
pub fn escape_controls(text: &str) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let n = u32::from(c);
        if !c.is_control() {
            out.push(c);
        } else if n < 0x80 {
            let _ = write!(out, "\\x{n:02x}");
        } else {
            let _ = write!(out, "\\u{{{n:x}}}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_shown_unless_a_key_stands_in_them() {
        for path in [
            "/run/user/1000/aws/credentials",
            "/tmp/tmp.AbC1dEf9Gh/key",
            "/home/someone/projects/aws/keys/credentials.csv",
            "C:/Users/Someone/Downloads/accessKeys.csv",
        ] {
            assert_eq!(shown_path(Path::new(path)), path);
        }
        let key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        let password = "BLBM/9hSUELfq8Gw+rU1YcBjkOxGbhT2XG763xVLGWL9";
        for path in [
            key.to_owned(),
            format!("./{key}"),
            format!("/home/someone/{key}"),
            format!("{key}.txt"),
            format!("/tmp/{password}"),
        ] {
            assert_eq!(shown_path(Path::new(&path)), HIDDEN, "{path}");
        }
    }

    #[test]
    fn server_text_cannot_drive_the_terminal() {
        assert_eq!(
            escape_controls("535 \u{1b}[2J\u{1b}]0;title\u{7}bad\r\u{9b}31m ok \u{e9}"),
            "535 \\x1b[2J\\x1b]0;title\\x07bad\\x0d\\u{9b}31m ok \u{e9}"
        );
    }

    #[test]
    fn ordinary_values_are_shown() {
        for v in [
            "~/.aws/credentials",
            "/tmp/keys.txt",
            "ses-smtp",
            "AWS_SECRET_ACCESS_KEY",
            "MY_SES_SECRET",
            "email-smtp.eu-west-1.amazonaws.com",
            "/home/someone/Downloads/accessKeys.csv",
            "/tmp/ses-test-AbC1x9-dir/missing.csv",
            "/var/lib/x86_64-linux-gnu/credentials",
            "AKIAIOSFODNN7EXAMPLE",
            "MyDocuments2024/rotationNotes",
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
            // A key inside a longer value.
            "./wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "keys/wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY.txt",
            "ses-wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY",
            "AWS_wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEYAB",
            "/tmp/wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY/credentials",
            // Half a key is still too much.
            "profile-bPxRfiCYEXAMPLEKEY",
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
