//! Output formats: plain, shell `env`, JSON lines, and SMTP URLs.
//!
//! [`render`] appends one result to a zeroizing buffer that the caller sized
//! once, up front, so it never reallocates and leaves no stray copy of a
//! password in freed memory. It is the one rendering path: a single run and
//! `--batch` both call it once per result.

use std::io::Write as _;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;

use ses_smtp_password::SmtpPassword;

/// How to print derived credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// The password alone; `REGION<TAB>PASSWORD` lines for several regions.
    #[default]
    Plain,
    /// `NAME='value'` lines for `eval` or `source`: host, port, username, password.
    Env,
    /// One JSON object per line.
    Json,
    /// `smtp://USER:PASS@HOST:PORT` with user and password percent-encoded.
    Url,
}

/// One derived credential to print.
#[derive(Debug, Clone, Copy)]
pub struct Credential<'a> {
    /// The region, `None` for SigV2.
    pub region: Option<&'a str>,
    /// The SMTP endpoint host, `None` when unknown (SigV2 has no region).
    pub endpoint: Option<&'a str>,
    /// The SMTP username (access key ID), when known.
    pub username: Option<&'a str>,
    /// The password.
    pub password: &'a SmtpPassword,
}

/// Why a format cannot show these results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormatError {
    /// `env` prints one set of variables: one result only (this many were asked for).
    EnvNeedsOneResult(usize),
    /// `env` and `url` need the SMTP host, which needs a region.
    NeedsRegion(Format),
    /// `url` needs a username.
    UrlNeedsUsername,
}

impl Format {
    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Plain => "plain",
            Format::Env => "env",
            Format::Json => "json",
            Format::Url => "url",
        }
    }
}

/// Userinfo in a URL: everything but RFC 3986 unreserved characters is
/// encoded, so `+`, `/` and `=` in a password cannot break a DSN parser.
const USERINFO: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The URL scheme for a port: implicit TLS on 465 and 2465, else STARTTLS.
fn url_scheme(port: u16) -> &'static str {
    if matches!(port, 465 | 2465) {
        "smtps"
    } else {
        "smtp"
    }
}

#[derive(Serialize)]
struct JsonLine<'a> {
    version: u8,
    region: Option<&'a str>,
    endpoint: Option<&'a str>,
    username: Option<&'a str>,
    password: &'a str,
}

/// How many results `format` can print at once, if it is limited: `env`
/// sets one set of variables.
pub fn check_count(format: Format, results: usize) -> Result<(), FormatError> {
    if format == Format::Env && results > 1 {
        return Err(FormatError::EnvNeedsOneResult(results));
    }
    Ok(())
}

/// Appends one credential to `out` (which the caller keeps zeroizing and
/// sized): no allocation per key. `label_regions` puts `REGION<TAB>` before a
/// plain password, for runs over several regions.
pub fn render(
    out: &mut Vec<u8>,
    format: Format,
    r: &Credential<'_>,
    port: u16,
    label_regions: bool,
) -> Result<(), FormatError> {
    match format {
        Format::Plain => {
            if let (Some(region), true) = (r.region, label_regions) {
                out.extend_from_slice(region.as_bytes());
                out.push(b'\t');
            }
            out.extend_from_slice(r.password.as_bytes());
            out.push(b'\n');
        }
        Format::Env => {
            let host = r.endpoint.ok_or(FormatError::NeedsRegion(Format::Env))?;
            // env output holds one result (see `check_count`): not a per-key path.
            let port_text = port.to_string();
            let mut var = |name: &str, value: &str| {
                out.extend_from_slice(name.as_bytes());
                out.push(b'=');
                shell_quote(out, value);
                out.push(b'\n');
            };
            var("SES_SMTP_HOST", host);
            var("SES_SMTP_PORT", &port_text);
            if let Some(user) = r.username {
                var("SES_SMTP_USERNAME", user);
            }
            var("SES_SMTP_PASSWORD", r.password.as_str());
        }
        Format::Json => {
            let line = JsonLine {
                version: r.password.version().number(),
                region: r.region,
                endpoint: r.endpoint,
                username: r.username,
                password: r.password.as_str(),
            };
            // Serializing borrowed strings into a Vec cannot fail.
            let _ = serde_json::to_writer(&mut *out, &line);
            out.push(b'\n');
        }
        Format::Url => {
            let host = r.endpoint.ok_or(FormatError::NeedsRegion(Format::Url))?;
            let user = r.username.ok_or(FormatError::UrlNeedsUsername)?;
            // Writing into a Vec cannot fail.
            let _ = writeln!(
                out,
                "{}://{}:{}@{host}:{port}",
                url_scheme(port),
                utf8_percent_encode(user, USERINFO),
                utf8_percent_encode(r.password.as_str(), USERINFO),
            );
        }
    }
    Ok(())
}

/// Single-quotes a value for POSIX shells: `'` becomes `'\''`.
fn shell_quote(out: &mut Vec<u8>, value: &str) {
    out.push(b'\'');
    for b in value.bytes() {
        if b == b'\'' {
            out.extend_from_slice(b"'\\''");
        } else {
            out.push(b);
        }
    }
    out.push(b'\'');
}

#[cfg(test)]
mod tests {
    use super::*;
    use ses_smtp_password::{smtp_password_v2, smtp_password_v4};

    fn one(
        format: Format,
        c: &Credential<'_>,
        port: u16,
        label: bool,
    ) -> Result<String, FormatError> {
        let mut out = Vec::new();
        render(&mut out, format, c, port, label)?;
        Ok(String::from_utf8(out).expect("every format is ASCII here"))
    }

    #[test]
    fn each_format() {
        let p = smtp_password_v4(b"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "us-east-1");
        let c = Credential {
            region: Some("us-east-1"),
            endpoint: Some("email-smtp.us-east-1.amazonaws.com"),
            username: Some("AKIAIOSFODNN7EXAMPLE"),
            password: &p,
        };
        let cases = [
            (
                Format::Plain,
                587,
                false,
                "BLBM/9hSUELfq8Gw+rU1YcBjkOxGbhT2XG763xVLGWL9\n",
            ),
            (
                Format::Plain,
                587,
                true,
                "us-east-1\tBLBM/9hSUELfq8Gw+rU1YcBjkOxGbhT2XG763xVLGWL9\n",
            ),
            (
                Format::Env,
                587,
                false,
                "SES_SMTP_HOST='email-smtp.us-east-1.amazonaws.com'\nSES_SMTP_PORT='587'\nSES_SMTP_USERNAME='AKIAIOSFODNN7EXAMPLE'\nSES_SMTP_PASSWORD='BLBM/9hSUELfq8Gw+rU1YcBjkOxGbhT2XG763xVLGWL9'\n",
            ),
            (
                Format::Json,
                587,
                true,
                "{\"version\":4,\"region\":\"us-east-1\",\"endpoint\":\"email-smtp.us-east-1.amazonaws.com\",\"username\":\"AKIAIOSFODNN7EXAMPLE\",\"password\":\"BLBM/9hSUELfq8Gw+rU1YcBjkOxGbhT2XG763xVLGWL9\"}\n",
            ),
            (
                Format::Url,
                465,
                false,
                "smtps://AKIAIOSFODNN7EXAMPLE:BLBM%2F9hSUELfq8Gw%2BrU1YcBjkOxGbhT2XG763xVLGWL9@email-smtp.us-east-1.amazonaws.com:465\n",
            ),
            (
                Format::Url,
                2587,
                true,
                "smtp://AKIAIOSFODNN7EXAMPLE:BLBM%2F9hSUELfq8Gw%2BrU1YcBjkOxGbhT2XG763xVLGWL9@email-smtp.us-east-1.amazonaws.com:2587\n",
            ),
        ];
        for (i, (format, port, label, want)) in cases.iter().enumerate() {
            assert_eq!(
                one(*format, &c, *port, *label).as_deref(),
                Ok(*want),
                "case {i}"
            );
        }
    }

    #[test]
    fn refusals() {
        let p = smtp_password_v2(b"k");
        let v2 = Credential {
            region: None,
            endpoint: None,
            username: Some("AKIAIOSFODNN7EXAMPLE"),
            password: &p,
        };
        assert_eq!(
            one(Format::Env, &v2, 587, false),
            Err(FormatError::NeedsRegion(Format::Env))
        );
        assert_eq!(
            one(Format::Url, &v2, 587, false),
            Err(FormatError::NeedsRegion(Format::Url))
        );
        assert_eq!(
            check_count(Format::Env, 2),
            Err(FormatError::EnvNeedsOneResult(2))
        );
        assert_eq!(check_count(Format::Env, 1), Ok(()));
        assert_eq!(check_count(Format::Json, 20), Ok(()));
        let anon = Credential {
            endpoint: Some("h"),
            username: None,
            ..v2
        };
        assert_eq!(
            one(Format::Url, &anon, 587, false),
            Err(FormatError::UrlNeedsUsername)
        );
        let json = one(Format::Json, &v2, 587, false).expect("json takes SigV2");
        assert!(json.starts_with("{\"version\":2,\"region\":null,\"endpoint\":null,"));
    }

    #[test]
    fn userinfo_encoding() {
        // 33 bytes encode to 44 base64 characters with no padding, so an SES
        // password never holds `=`; a username or other value still might.
        let enc = |s: &str| utf8_percent_encode(s, USERINFO).to_string();
        assert_eq!(enc("a+b/c=d@e:f%g h"), "a%2Bb%2Fc%3Dd%40e%3Af%25g%20h");
        assert_eq!(enc("AZaz09-._~"), "AZaz09-._~");
    }

    #[test]
    fn quoting() {
        let mut out = Vec::new();
        shell_quote(&mut out, "a'b $x");
        assert_eq!(String::from_utf8(out).as_deref(), Ok(r"'a'\''b $x'"));
    }
}
