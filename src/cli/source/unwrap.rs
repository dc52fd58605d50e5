//! Credentials in the shapes AWS tools print them, unwrapped: the key and
//! the access key ID it came with, and a session token refused by name.
//! Shared by standard input, `--secret-file` and `credential_process`.

use ses_smtp_password::{MAX_SECRET_BYTES, SecretError};

use crate::cli::report::warn::Warnings;
use crate::cli::report::{CliError, Origin};
use crate::cli::source::aws_output;
use crate::cli::source::bytes::RawSecret;

/// A secret, and the access key ID that came with it and from where.
pub type KeyWithId = (RawSecret, Option<(String, Origin)>);

/// The key and ID of a shaped input; the input back when it has no shape.
pub fn shaped_key(
    raw: RawSecret,
    warnings: Warnings,
) -> Result<Result<KeyWithId, RawSecret>, CliError> {
    // The size rule comes first: 64 KiB of JSON is too long, whatever
    // column its syntax breaks at.
    if raw.bytes.len() > MAX_SECRET_BYTES {
        let error = SecretError::TooLong {
            limit: MAX_SECRET_BYTES,
        };
        return Err(CliError::BadSecret(raw.origin, error));
    }
    let found = aws_output::recognise(&raw.bytes)
        .map_err(|error| CliError::Shape(raw.origin.clone(), error))?;
    let Some(found) = found else {
        return Ok(Err(raw));
    };
    let json = found.field == "SecretAccessKey";
    if found.session_token {
        let token = if json {
            "SessionToken"
        } else {
            "AWS_SESSION_TOKEN"
        };
        return Err(CliError::TemporaryCredentials(raw.origin, token));
    }
    if found.inactive {
        warnings.warn(format_args!(
            "{} says the access key is Inactive: SES refuses it until it is made active (aws iam update-access-key --status Active)",
            raw.origin
        ));
    }
    let id_field = if json {
        "AccessKeyId"
    } else {
        "AWS_ACCESS_KEY_ID"
    };
    let id_origin = Origin::Within(Box::new(raw.origin.clone()), id_field);
    let origin = Origin::Within(Box::new(raw.origin), found.field);
    Ok(Ok((
        RawSecret {
            bytes: found.secret,
            origin,
        },
        found.access_key_id.map(|id| (id, id_origin)),
    )))
}
