//! An SMTP password as people paste it back into `identify`: bare, in
//! quotes, percent-encoded, as a `NAME=value` line (`export` and quotes
//! allowed, any name), or inside an `smtp://`, `smtps://` or `submission://`
//! URL, which also names the username and the host.
//!
//! A decoded password is a `String` the zeroizing allocator wipes when it is
//! freed; nothing here is ever shown.

use std::borrow::Cow;

use percent_encoding::percent_decode_str;

/// What a pasted line held.
#[derive(Debug)]
pub struct Pasted<'a> {
    /// The password, unquoted and decoded.
    pub password: Cow<'a, str>,
    /// The username of a URL.
    pub username: Option<String>,
    /// The host of a URL.
    pub host: Option<String>,
}

/// The URL schemes SMTP clients take (Django's dj-email-url adds
/// `submission`).
const SCHEMES: [&str; 3] = ["smtp://", "smtps://", "submission://"];

/// Reads a pasted password.
pub fn read(text: &str) -> Pasted<'_> {
    let mut value = text.trim();
    value = value.strip_prefix("export ").map_or(value, str::trim_start);
    if let Some((name, rest)) = value.split_once('=')
        && is_name(name)
    {
        value = rest.trim();
    }
    value = unquote(value);
    if let Some(rest) = SCHEMES.iter().find_map(|s| value.strip_prefix(s)) {
        return url(rest).unwrap_or(Pasted {
            password: Cow::Borrowed(value),
            username: None,
            host: None,
        });
    }
    Pasted {
        password: decode(value),
        username: None,
        host: None,
    }
}

fn is_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn unquote(value: &str) -> &str {
    for q in ['\'', '"'] {
        if let Some(inner) = value.strip_prefix(q).and_then(|v| v.strip_suffix(q)) {
            return inner;
        }
    }
    value
}

/// Percent-decoded when it holds an escape: an SES password never holds
/// `%` itself.
fn decode(value: &str) -> Cow<'_, str> {
    if value.contains('%') {
        percent_decode_str(value).decode_utf8_lossy()
    } else {
        Cow::Borrowed(value)
    }
}

/// `USER:PASS@HOST[:PORT][/…]` after the scheme.
fn url(rest: &str) -> Option<Pasted<'_>> {
    let authority = rest.split(['/', '?', '#']).next()?;
    let (userinfo, hostport) = authority.rsplit_once('@')?;
    let (user, password) = userinfo.split_once(':')?;
    let host = match hostport.strip_prefix('[') {
        Some(v6) => v6.split(']').next()?,
        None => hostport.split(':').next()?,
    };
    Some(Pasted {
        password: decode(password),
        username: Some(decode(user).into_owned()),
        host: Some(host.to_ascii_lowercase()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PW: &str = "BLBM/9hSUELfq8Gw+rU1YcBjkOxGbhT2XG763xVLGWL9";
    const ENC: &str = "BLBM%2F9hSUELfq8Gw%2BrU1YcBjkOxGbhT2XG763xVLGWL9";

    #[test]
    fn every_pasted_shape() {
        for input in [
            PW.to_owned(),
            format!("'{PW}'\n"),
            format!("\"{PW}\""),
            ENC.to_owned(),
            format!("SES_SMTP_PASSWORD='{PW}'"),
            format!("export MAIL_PASSWORD=\"{PW}\""),
            format!("EMAIL_HOST_PASSWORD={PW}"),
        ] {
            let p = read(&input);
            assert_eq!(p.password, PW, "{input}");
            assert_eq!((p.username, p.host), (None, None), "{input}");
        }
        for (input, host) in [
            (
                format!("smtp://AKIAIOSFODNN7EXAMPLE:{ENC}@email-smtp.us-east-1.amazonaws.com:587"),
                "email-smtp.us-east-1.amazonaws.com",
            ),
            (
                format!(
                    "MAILER_DSN=smtps://AKIAIOSFODNN7EXAMPLE:{ENC}@Email-SMTP.eu-west-1.amazonaws.com"
                ),
                "email-smtp.eu-west-1.amazonaws.com",
            ),
            (
                format!(
                    "EMAIL_URL='submission://AKIAIOSFODNN7EXAMPLE:{ENC}@relay.example.com:587/?tls=True'"
                ),
                "relay.example.com",
            ),
        ] {
            let p = read(&input);
            assert_eq!(p.password, PW, "{input}");
            assert_eq!(p.username.as_deref(), Some("AKIAIOSFODNN7EXAMPLE"));
            assert_eq!(p.host.as_deref(), Some(host));
        }
    }
}
