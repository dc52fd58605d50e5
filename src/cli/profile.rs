//! A profile of the AWS shared credentials file (`~/.aws/credentials`).
//!
//! INI as the AWS CLI reads it: `[name]` sections, `key = value` lines,
//! comments and blank lines; key names compare without case (Python's
//! configparser lowercases them). Parsed with `ini_core`, which hands out
//! slices of the caller's buffer, so the file's secrets are never copied.

use core::fmt;

/// The key holding the secret access key.
pub const SECRET_KEY: &str = "aws_secret_access_key";
/// The key holding the access key ID.
pub const ID_KEY: &str = "aws_access_key_id";
/// The key present when the profile holds temporary credentials.
pub const SESSION_TOKEN_KEY: &str = "aws_session_token";

/// Why a profile could not be read. Never carries file content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ProfileError {
    /// The file is not UTF-8.
    NotUtf8,
    /// No `[name]` section.
    NoProfile,
    /// The section appears twice (the AWS CLI refuses such a file too).
    DuplicateProfile,
    /// The section has no `aws_secret_access_key`.
    NoSecret,
    /// A key appears twice in the section.
    DuplicateKey(&'static str),
}

impl fmt::Display for ProfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProfileError::NotUtf8 => f.write_str("the file is not valid UTF-8"),
            ProfileError::NoProfile => f.write_str("no such profile"),
            ProfileError::DuplicateProfile => f.write_str("the profile appears twice"),
            ProfileError::NoSecret => write!(f, "the profile has no {SECRET_KEY}"),
            ProfileError::DuplicateKey(key) => write!(f, "{key} appears twice in the profile"),
        }
    }
}

impl std::error::Error for ProfileError {}

/// What a profile holds, borrowed from the file's text.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct ProfileKeys<'a> {
    /// `aws_secret_access_key`, trimmed.
    pub secret: &'a str,
    /// `aws_access_key_id`, trimmed, if present.
    pub access_key_id: Option<&'a str>,
    /// Whether `aws_session_token` is set (temporary credentials).
    pub has_session_token: bool,
}

impl fmt::Debug for ProfileKeys<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProfileKeys")
            .field("secret", &"<redacted>")
            .field("access_key_id", &self.access_key_id)
            .field("has_session_token", &self.has_session_token)
            .finish()
    }
}

/// Finds profile `name` in the text of a credentials file.
///
/// ```
/// use ses_smtp_password::profile::find;
/// let file = b"# keys\n[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n";
/// let keys = find(file, "default").unwrap();
/// assert_eq!(keys.secret, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
/// assert_eq!(keys.access_key_id, Some("AKIAIOSFODNN7EXAMPLE"));
/// ```
pub fn find<'a>(file: &'a [u8], name: &str) -> Result<ProfileKeys<'a>, ProfileError> {
    let file = file.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(file);
    let text = core::str::from_utf8(file).map_err(|_| ProfileError::NotUtf8)?;
    let mut in_section = false;
    let mut seen_section = false;
    let (mut secret, mut id, mut token) = (None, None, None);
    for line in text.lines() {
        // Python's configparser takes `#` and `;` comments only at the start
        // of a line (after spaces); ini_core knows only one comment character.
        let trimmed = line.trim_start();
        if trimmed.starts_with('#') || trimmed.starts_with(';') {
            continue;
        }
        for item in ini_core::Parser::new(trimmed) {
            match item {
                ini_core::Item::Section(section) => {
                    in_section = section.trim() == name;
                    if in_section && seen_section {
                        return Err(ProfileError::DuplicateProfile);
                    }
                    seen_section |= in_section;
                }
                ini_core::Item::Property(key, Some(value)) if in_section => {
                    let key = key.trim();
                    let slot = if key.eq_ignore_ascii_case(SECRET_KEY) {
                        (&mut secret, SECRET_KEY)
                    } else if key.eq_ignore_ascii_case(ID_KEY) {
                        (&mut id, ID_KEY)
                    } else if key.eq_ignore_ascii_case(SESSION_TOKEN_KEY) {
                        (&mut token, SESSION_TOKEN_KEY)
                    } else {
                        continue;
                    };
                    if slot.0.replace(value.trim()).is_some() {
                        return Err(ProfileError::DuplicateKey(slot.1));
                    }
                }
                _ => {}
            }
        }
    }
    if !seen_section {
        return Err(ProfileError::NoProfile);
    }
    let secret = secret
        .filter(|s| !s.is_empty())
        .ok_or(ProfileError::NoSecret)?;
    Ok(ProfileKeys {
        secret,
        access_key_id: id.filter(|s| !s.is_empty()),
        has_session_token: token.is_some_and(|t| !t.is_empty()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &[u8] = b"\
# AWS credentials
[default]
aws_access_key_id=AKIADEFAULT000000000
aws_secret_access_key=defaultsecret

; the SES user
[ses-smtp]
aws_access_key_id = AKIAIOSFODNN7EXAMPLE
region = eu-west-1
  AWS_SECRET_ACCESS_KEY   =   wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\x20\x20
# aws_secret_access_key = oldsecret

[temporary]\r
aws_access_key_id = ASIAIOSFODNN7EXAMPLE\r
aws_secret_access_key = tempsecret\r
aws_session_token = token\r
[empty]
aws_access_key_id = AKIAIOSFODNN7EXAMPLE
";

    #[test]
    fn finds_each_profile() {
        let k = find(FILE, "ses-smtp").unwrap();
        assert_eq!(k.secret, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        assert_eq!(k.access_key_id, Some("AKIAIOSFODNN7EXAMPLE"));
        assert!(!k.has_session_token);
        let d = find(FILE, "default").unwrap();
        assert_eq!(
            (d.secret, d.access_key_id),
            ("defaultsecret", Some("AKIADEFAULT000000000"))
        );
        let t = find(FILE, "temporary").unwrap();
        assert_eq!((t.secret, t.has_session_token), ("tempsecret", true));
    }

    #[test]
    fn debug_never_shows_a_secret() {
        let k = find(FILE, "ses-smtp").unwrap();
        assert_eq!(
            format!("{k:?}"),
            r#"ProfileKeys { secret: "<redacted>", access_key_id: Some("AKIAIOSFODNN7EXAMPLE"), has_session_token: false }"#
        );
    }

    #[test]
    fn refusals() {
        assert_eq!(find(FILE, "nope"), Err(ProfileError::NoProfile));
        assert_eq!(find(FILE, "empty"), Err(ProfileError::NoSecret));
        assert_eq!(
            find(b"[a]\nx=1\n[a]\n", "a"),
            Err(ProfileError::DuplicateProfile)
        );
        assert_eq!(
            find(
                b"[a]\naws_secret_access_key=1\naws_secret_access_key=2\n",
                "a"
            ),
            Err(ProfileError::DuplicateKey(SECRET_KEY))
        );
        assert_eq!(find(b"[a]\n\xff", "a"), Err(ProfileError::NotUtf8));
        assert_eq!(find(b"", "default"), Err(ProfileError::NoProfile));
    }
}
