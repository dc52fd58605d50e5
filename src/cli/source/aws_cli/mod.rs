//! `--profile [NAME]`: the AWS CLI's files, read as the AWS CLI reads them.
//!
//! The name is NAME, else `AWS_PROFILE`, else `default`. The files are
//! `AWS_SHARED_CREDENTIALS_FILE` (else `~/.aws/credentials`) and
//! `AWS_CONFIG_FILE` (else `~/.aws/config`); a missing one is skipped, as
//! botocore skips it. [`crate::cli::source::aws_cli::resolve::resolve`] picks the key; a
//! `credential_process` is run here, without a shell, and its output goes
//! through the same JSON reading as standard input.

use std::path::PathBuf;

pub mod ini;
mod process;
pub mod resolve;

use zeroize::Zeroizing;

use crate::cli::report::redact::shown;
use crate::cli::report::warn::{Warnings, child_stderr};
use crate::cli::report::{CliError, FileOption, FileProblem, Origin, ProcessProblem};
use crate::cli::source::aws_cli::ini::{Ini, IniError};
use crate::cli::source::aws_cli::resolve::{Found, ProfileError, Which, resolve};
use crate::cli::source::bytes::{RawSecret, read_file};
use crate::cli::source::unwrap::shaped_key;

/// The most bytes read from a credentials or config file (many profiles).
const MAX_FILE_BYTES: usize = 1024 * 1024;

/// One of the two files: its path as shown, and its text when it exists.
struct File {
    shown: String,
    text: Option<Zeroizing<Vec<u8>>>,
}

/// `VAR`, else `~/.aws/NAME`; `None` when that needs the home directory
/// and none is set. As botocore (`configloader.raw_config_parse`), `VAR`'s
/// variables are expanded first (`$HOME/aws/config` from an env file no
/// shell read), then a leading `~`. (`~USER` is not: botocore would look
/// USER up in the password database; here the path is taken as written.)
fn path(var: &str, name: &str) -> Option<PathBuf> {
    let home = crate::cli::platform::home_dir;
    if let Some(custom) = std::env::var_os(var).filter(|v| !v.is_empty()) {
        let custom = PathBuf::from(crate::cli::platform::expand_vars(&custom));
        return match custom.strip_prefix("~") {
            Ok(rest) => home().map(|h| h.join(rest)),
            Err(_) => Some(custom),
        };
    }
    home().map(|h| h.join(".aws").join(name))
}

/// A file read whole; absent when it does not exist (or is a directory),
/// as botocore treats it, or when there is no `HOME` to find it in.
fn read_optional(path: Option<PathBuf>, name: &str, warnings: Warnings) -> Result<File, CliError> {
    let Some(path) = path else {
        return Ok(File {
            shown: format!("~/.aws/{name}"),
            text: None,
        });
    };
    match read_file(&path, FileOption::Profile, MAX_FILE_BYTES, warnings) {
        Ok(raw) => {
            let raw = raw.whole(FileOption::Profile, MAX_FILE_BYTES)?;
            Ok(File {
                shown: raw.origin.to_string(),
                text: Some(raw.bytes),
            })
        }
        Err(CliError::File(shown, _, FileProblem::NotFound | FileProblem::IsDirectory)) => {
            Ok(File { shown, text: None })
        }
        Err(e) => Err(e),
    }
}

/// A file's text as INI: `Err(Ok(_))` when it is not UTF-8, `Err(Err(_))`
/// when it is not INI.
fn parse(file: &File) -> Result<Option<Ini<'_>>, Result<CliError, IniError>> {
    let Some(bytes) = &file.text else {
        return Ok(None);
    };
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let position = e.valid_up_to() + 1;
        Ok(CliError::BadSecret(
            Origin::File(file.shown.clone()),
            ses_smtp_password::SecretError::NotUtf8 { position },
        ))
    })?;
    Ini::parse(text).map(Some).map_err(Err)
}

/// Reads profile `name` (empty: `AWS_PROFILE`, else `default`): its secret
/// and its access key ID, with where each came from.
pub fn read(name: &str, warnings: Warnings) -> Result<(RawSecret, (String, Origin)), CliError> {
    let env_profile = std::env::var("AWS_PROFILE").ok().filter(|p| !p.is_empty());
    let name = match name {
        "" => env_profile.as_deref().unwrap_or("default"),
        name => name,
    };
    let creds_path = path("AWS_SHARED_CREDENTIALS_FILE", "credentials");
    let config_path = path("AWS_CONFIG_FILE", "config");
    if creds_path.is_none() && config_path.is_none() {
        return Err(CliError::NoHome);
    }
    let creds = read_optional(creds_path, "credentials", warnings)?;
    let config = read_optional(config_path, "config", warnings)?;
    let shown_name = shown(name).into_owned();
    let fail = |error| {
        CliError::Profile(
            shown_name.clone(),
            creds.shown.clone(),
            config.shown.clone(),
            error,
        )
    };
    let creds_ini = parse(&creds)
        .map_err(|e| e.unwrap_or_else(|e| fail(ProfileError::Ini(Which::Credentials, e))))?;
    let config_ini = parse(&config)
        .map_err(|e| e.unwrap_or_else(|e| fail(ProfileError::Ini(Which::Config, e))))?;
    let origin = |which| {
        let file = if which == Which::Credentials {
            &creds
        } else {
            &config
        };
        Origin::Profile(shown_name.clone(), file.shown.clone())
    };
    match resolve(creds_ini.as_ref(), config_ini.as_ref(), name).map_err(|e| match e {
        ProfileError::Temporary(key) => CliError::TemporaryCredentials(
            Origin::Profile(shown_name.clone(), config.shown.clone()),
            key,
        ),
        e => fail(e),
    })? {
        Found::Keys {
            secret,
            access_key_id,
            session_token,
            which,
        } => {
            if session_token {
                return Err(CliError::TemporaryCredentials(
                    origin(which),
                    "aws_session_token",
                ));
            }
            let secret = RawSecret {
                bytes: Zeroizing::new(secret.as_bytes().to_vec()),
                origin: origin(which),
            };
            Ok((secret, (access_key_id.into_owned(), origin(which))))
        }
        Found::Process(words) => run(&words, origin(Which::Config), warnings),
    }
}

/// Runs a profile's `credential_process` as botocore does (no shell) and
/// reads its JSON: `Version` 1, `AccessKeyId`, `SecretAccessKey`.
fn run(
    words: &[String],
    profile: Origin,
    warnings: Warnings,
) -> Result<(RawSecret, (String, Origin)), CliError> {
    warnings.note(format_args!(
        "{profile} gets its key from credential_process; running it, as the AWS CLI would"
    ));
    let origin = Origin::Within(Box::new(profile), "credential_process");
    let stdout = process::run(words).map_err(|failed| {
        // What it said goes before our two lines, as botocore shows it:
        // only on failure.
        child_stderr(&failed.stderr);
        CliError::ProcessFailed(origin.clone(), failed.problem)
    })?;
    if !crate::cli::source::aws_output::is_version_1(&stdout) {
        return Err(CliError::ProcessFailed(origin, ProcessProblem::NotVersion1));
    }
    let raw = RawSecret {
        bytes: stdout,
        origin: origin.clone(),
    };
    match shaped_key(raw, warnings)? {
        Ok((secret, Some(id))) => Ok((secret, id)),
        Ok((_, None)) | Err(_) => Err(CliError::Shape(
            origin,
            crate::cli::source::aws_output::ShapeError::JsonNoSecret,
        )),
    }
}
