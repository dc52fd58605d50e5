//! Credentials in the shapes AWS tools print them, recognised in a single
//! secret's input (standard input, `--secret-file`) so the output of one
//! command can be piped straight in:
//!
//! - `aws iam create-access-key`: `{"AccessKey": {"UserName", "AccessKeyId",
//!   "Status", "SecretAccessKey", "CreateDate"}}` (AWS CLI reference,
//!   `iam create-access-key`, output);
//! - `credential_process` and `aws configure export-credentials`:
//!   `{"Version": 1, "AccessKeyId", "SecretAccessKey", "SessionToken"?,
//!   "Expiration"?}` (AWS CLI user guide, "Sourcing credentials with an
//!   external process");
//! - Terraform's `external` data source query: `{"access_key_id",
//!   "secret_access_key"}` (the names the README tells users to choose);
//! - `NAME=value` lines, with `export ` and quotes: a `.env` file,
//!   `export-credentials --format env` or `env-no-export`.
//!
//! Anything else is a bare key, judged by the input rules. JSON is parsed by
//! serde_json into borrowed strings where it can; an escaped value is
//! unescaped into a `String` that the zeroizing allocator wipes when freed.
//! No message quotes a value: serde_json's own error text can, so only its
//! line and column are kept.

use std::borrow::Cow;

use serde::Deserialize;
use zeroize::Zeroizing;

/// What a shaped input held.
pub struct Shaped {
    /// The secret access key, copied into a buffer of its own size.
    pub secret: Zeroizing<Vec<u8>>,
    /// The access key ID, when the input named one.
    pub access_key_id: Option<String>,
    /// Which field or variable held the secret, for messages.
    pub field: &'static str,
    /// A session token was present: temporary credentials.
    pub session_token: bool,
    /// `"Status": "Inactive"`.
    pub inactive: bool,
}

/// Why a shaped input could not be used. Never carries a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShapeError {
    /// It starts like JSON but is not valid JSON (1-based line and column).
    JsonInvalid(usize, usize),
    /// Valid JSON without a secret access key where AWS tools put one.
    JsonNoSecret,
    /// `NAME=value` lines without `AWS_SECRET_ACCESS_KEY`.
    EnvNoSecret,
    /// This variable is set twice, to different values.
    EnvConflict(&'static str),
    /// The IAM console's CSV (its header names the secret column).
    CsvFile,
    /// An AWS CLI credentials or config file (a `[section]` with
    /// `aws_secret_access_key`).
    CredentialsFile,
}

/// The fields both JSON shapes share. The snake_case names are the query
/// a Terraform `external` data source sends its program (a JSON object
/// of strings whose keys the configuration chooses; the README names
/// these two).
#[derive(Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
struct Keys<'a> {
    #[serde(borrow, alias = "access_key_id")]
    access_key_id: Option<Cow<'a, str>>,
    #[serde(borrow, alias = "secret_access_key")]
    secret_access_key: Option<Cow<'a, str>>,
    #[serde(borrow)]
    session_token: Option<Cow<'a, str>>,
    #[serde(borrow)]
    status: Option<Cow<'a, str>>,
}

/// `aws iam create-access-key` wraps the keys in `AccessKey`; `aws sts`
/// (get-session-token, assume-role) in `Credentials`, always with a
/// `SessionToken`; the credential_process shape has them at the top.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Document<'a> {
    #[serde(borrow)]
    access_key: Option<Keys<'a>>,
    #[serde(borrow)]
    credentials: Option<Keys<'a>>,
    #[serde(flatten, borrow)]
    top: Keys<'a>,
}

/// The two shapes, told apart without reading them.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    Json,
    EnvLines,
}

/// The input without its BOM, and its shape, if it has one: JSON starts
/// with `{`; `NAME=value` lines have at least one assignment (read line by
/// line, so an input that is not UTF-8 elsewhere still shows its shape).
fn shape_of(bytes: &[u8]) -> (&[u8], Option<Shape>) {
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let shape = if text.trim_ascii_start().starts_with(b"{") {
        Some(Shape::Json)
    // A key never holds `=`: a batch of keys skips the line-by-line look.
    } else if text.contains(&b'=')
        && text
            .split(|&b| b == b'\n')
            .any(|line| assignment(&String::from_utf8_lossy(line)).is_some())
    {
        Some(Shape::EnvLines)
    } else {
        None
    };
    (text, shape)
}

/// What a shaped input looks like, without reading it: `--batch` takes one
/// key per line and refuses these by name.
pub fn kind(bytes: &[u8]) -> Option<&'static str> {
    shape_of(bytes).1.map(|shape| match shape {
        Shape::Json => "JSON",
        Shape::EnvLines => "NAME=value lines",
    })
}

/// Whether JSON says `"Version": 1`, as a credential_process must
/// (botocore refuses any other version).
pub fn is_version_1(bytes: &[u8]) -> bool {
    #[derive(Deserialize)]
    struct Versioned {
        #[serde(rename = "Version")]
        version: Option<serde_json::Value>,
    }
    serde_json::from_slice::<Versioned>(bytes)
        .is_ok_and(|v| v.version.is_some_and(|n| n.as_u64() == Some(1)))
}

/// Recognises a shaped input; `Ok(None)` for anything else (a bare key).
/// A whole CSV or credentials file is refused by name: its own option
/// (`--csv -`, `--profile`) reads it.
pub fn recognise(bytes: &[u8]) -> Result<Option<Shaped>, ShapeError> {
    let text = String::from_utf8_lossy(bytes);
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or_default();
    if first.to_ascii_lowercase().contains("secret access key") {
        return Err(ShapeError::CsvFile);
    }
    if first.starts_with('[')
        && text.lines().any(|l| {
            l.trim_start()
                .to_ascii_lowercase()
                .starts_with("aws_secret_access_key")
        })
    {
        return Err(ShapeError::CredentialsFile);
    }
    match shape_of(bytes) {
        (text, Some(Shape::Json)) => json(text).map(Some),
        // NAME=value lines are read as text: anything else is a bare key,
        // which the input rules call not UTF-8.
        (text, Some(Shape::EnvLines)) => match std::str::from_utf8(text) {
            Ok(text) => env_lines(text).map(Some),
            Err(_) => Ok(None),
        },
        (_, None) => Ok(None),
    }
}

fn json(text: &[u8]) -> Result<Shaped, ShapeError> {
    let doc: Document<'_> =
        serde_json::from_slice(text).map_err(|e| ShapeError::JsonInvalid(e.line(), e.column()))?;
    let keys = doc.access_key.or(doc.credentials).unwrap_or(doc.top);
    let secret = keys.secret_access_key.ok_or(ShapeError::JsonNoSecret)?;
    Ok(Shaped {
        secret: Zeroizing::new(secret.as_bytes().to_vec()),
        access_key_id: keys.access_key_id.map(Cow::into_owned),
        field: "SecretAccessKey",
        session_token: keys.session_token.is_some_and(|t| !t.is_empty()),
        inactive: keys
            .status
            .is_some_and(|s| s.eq_ignore_ascii_case("inactive")),
    })
}

/// `NAME=value` (with an optional `export `): the name and the raw value.
fn assignment(line: &str) -> Option<(&str, &str)> {
    let line = line.trim_start();
    let line = line.strip_prefix("export ").map_or(line, str::trim_start);
    let (name, value) = line.split_once('=')?;
    let mut chars = name.chars();
    let valid = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    valid.then_some((name, value))
}

/// A value without its quotes and line end: `'v'`, `"v"` or `v`.
fn unquote(value: &str) -> &str {
    let value = value.trim_end_matches(['\r', '\n']).trim();
    for q in ['\'', '"'] {
        if let Some(inner) = value.strip_prefix(q).and_then(|v| v.strip_suffix(q)) {
            return inner;
        }
    }
    value
}

/// Sets a variable's value; a second, different value is refused: a shell
/// would take the last, but which one the user meant is not evident.
fn set<'a>(
    slot: &mut Option<&'a str>,
    name: &'static str,
    value: &'a str,
) -> Result<(), ShapeError> {
    match slot {
        Some(earlier) if *earlier != value => Err(ShapeError::EnvConflict(name)),
        _ => {
            *slot = Some(value);
            Ok(())
        }
    }
}

fn env_lines(text: &str) -> Result<Shaped, ShapeError> {
    let (mut secret, mut id, mut token) = (None, None, false);
    for (name, value) in text.lines().filter_map(assignment) {
        match name {
            "AWS_SECRET_ACCESS_KEY" => set(&mut secret, "AWS_SECRET_ACCESS_KEY", unquote(value))?,
            "AWS_ACCESS_KEY_ID" => set(&mut id, "AWS_ACCESS_KEY_ID", unquote(value))?,
            "AWS_SESSION_TOKEN" => token = !unquote(value).is_empty(),
            _ => {}
        }
    }
    let id = id.map(str::to_owned);
    let secret = secret.ok_or(ShapeError::EnvNoSecret)?;
    Ok(Shaped {
        secret: Zeroizing::new(secret.as_bytes().to_vec()),
        access_key_id: id.filter(|i| !i.is_empty()),
        field: "AWS_SECRET_ACCESS_KEY",
        session_token: token,
        inactive: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    fn found(input: &str) -> (String, Option<String>, bool, bool) {
        let s = recognise(input.as_bytes()).unwrap().expect("a shape");
        (
            String::from_utf8(s.secret.to_vec()).unwrap(),
            s.access_key_id,
            s.session_token,
            s.inactive,
        )
    }

    #[test]
    fn aws_cli_outputs() {
        let create = format!(
            r#"{{
    "AccessKey": {{
        "UserName": "ses-smtp",
        "AccessKeyId": "AKIAIOSFODNN7EXAMPLE",
        "Status": "Active",
        "SecretAccessKey": "{KEY}",
        "CreateDate": "2026-11-25T03:11:20+00:00"
    }}
}}"#
        );
        let id = Some("AKIAIOSFODNN7EXAMPLE".to_owned());
        assert_eq!(found(&create), (KEY.to_owned(), id.clone(), false, false));
        let inactive = create.replace("Active", "Inactive");
        assert_eq!(found(&inactive), (KEY.to_owned(), id.clone(), false, true));
        let process = format!(
            r#"{{"Version": 1, "AccessKeyId": "AKIAIOSFODNN7EXAMPLE", "SecretAccessKey": "{KEY}"}}"#
        );
        assert_eq!(found(&process), (KEY.to_owned(), id.clone(), false, false));
        let sts = process.replace(
            "\"Version\": 1,",
            "\"Version\": 1, \"SessionToken\": \"IQo\", \"Expiration\": \"2026-11-25T04:00:00Z\",",
        );
        assert!(found(&sts).2);
        // An escaped slash is unescaped.
        let escaped = process.replace('/', "\\/");
        assert_eq!(found(&escaped).0, KEY);
    }

    #[test]
    fn env_lines_in_every_spelling() {
        let id = Some("AKIAIOSFODNN7EXAMPLE".to_owned());
        for input in [
            format!(
                "export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nexport AWS_SECRET_ACCESS_KEY={KEY}\n"
            ),
            format!(
                "AWS_ACCESS_KEY_ID='AKIAIOSFODNN7EXAMPLE'\r\nAWS_SECRET_ACCESS_KEY='{KEY}'\r\n"
            ),
            format!(
                "# a .env file\nAWS_SECRET_ACCESS_KEY=\"{KEY}\"\nAWS_ACCESS_KEY_ID=\"AKIAIOSFODNN7EXAMPLE\"\nOTHER=1\n"
            ),
        ] {
            assert_eq!(
                found(&input),
                (KEY.to_owned(), id.clone(), false, false),
                "{input:?}"
            );
        }
        let sts = format!("AWS_SECRET_ACCESS_KEY={KEY}\nAWS_SESSION_TOKEN=IQo\n");
        assert!(found(&sts).2);
    }

    #[test]
    fn bare_keys_and_refusals() {
        assert!(recognise(KEY.as_bytes()).unwrap().is_none());
        assert!(recognise(format!("{KEY}\n").as_bytes()).unwrap().is_none());
        assert!(recognise(b"").unwrap().is_none());
        assert_eq!(
            recognise(b"{\"AccessKeyId\": \"AKIAIOSFODNN7EXAMPLE\"}").err(),
            Some(ShapeError::JsonNoSecret)
        );
        assert_eq!(
            recognise(b"{\"SecretAccessKey\": ").err(),
            Some(ShapeError::JsonInvalid(1, 20))
        );
        assert_eq!(
            recognise(b"AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n").err(),
            Some(ShapeError::EnvNoSecret)
        );
    }
}
