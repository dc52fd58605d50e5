//! Which source the secret comes from, and the one secret (with its
//! username) of a run.
//!
//! [`with_secret`] is the single way derive, identify and check obtain a key:
//! read from the chosen source, checked by the library's input rules, and
//! handed to the caller with the username that came along. `--batch` shares
//! the source choice ([`SourceArgs::source`]) and reads whole files itself.

pub mod aws_cli;
pub mod aws_output;
pub mod bytes;
pub mod csv;
pub mod pasted;
#[cfg(test)]
mod reader_properties;
pub mod unwrap;

use std::io::{self, IsTerminal};
use std::path::Path;

use ses_smtp_password::{KeyCheck, MAX_SECRET_BYTES, check_access_key_id, check_secret};

use crate::cli::flags::args::SourceArgs;
use crate::cli::report::warn::Warnings;
use crate::cli::report::{CliError, FileOption, Origin};
use crate::cli::source::bytes::{PROMPT, RawSecret, read_env, read_file, read_prompt, read_stdin};
use csv::{AccessKeysCsv, CsvError};

/// The key rules the flags ask for: `--no-key-check` turns the format checks off.
pub fn key_check(no_key_check: bool) -> KeyCheck {
    if no_key_check {
        KeyCheck::Off
    } else {
        KeyCheck::Strict
    }
}

/// The one place a secret can come from, as the flags chose it.
pub enum Source<'a> {
    /// `--stdin`.
    Stdin,
    /// `--env VAR`.
    Env(&'a str),
    /// `--prompt`.
    Prompt,
    /// `--secret-file PATH`.
    SecretFile(&'a Path),
    /// `--csv PATH` (`-` is standard input).
    Csv(&'a Path),
    /// `--profile NAME`.
    Profile(&'a str),
    /// None given: standard input when piped, else the prompt.
    Default,
}

impl SourceArgs {
    /// The source the flags name (clap lets at most one through).
    pub fn source(&self) -> Source<'_> {
        if self.stdin {
            Source::Stdin
        } else if let Some(var) = &self.env {
            Source::Env(var)
        } else if self.prompt {
            Source::Prompt
        } else if let Some(path) = &self.secret_file {
            Source::SecretFile(path)
        } else if let Some(path) = &self.csv {
            Source::Csv(path)
        } else if let Some(name) = &self.profile {
            Source::Profile(name)
        } else {
            Source::Default
        }
    }
}

/// What a source produced: the secret, possibly inside a file that also
/// names the access key ID.
enum Material {
    /// Bytes that are the secret (stdin, prompt, environment, file, a
    /// profile), and the access key ID that came with them, and from where.
    Raw(RawSecret, Option<(String, Origin)>),
    /// An IAM console CSV (its path as shown; `standard input` for `-`).
    Csv(AccessKeysCsv, String),
}

/// The one secret of a non-batch run, with the username that came with it.
pub struct Single<'a> {
    /// The secret's raw bytes, before the input rules.
    bytes: &'a [u8],
    /// Where it came from.
    origin: Origin,
    /// The access key ID from the same source, and where it came from.
    access_key_id: Option<(&'a str, Origin)>,
}

impl Single<'_> {
    /// The SMTP username: `--access-key-id` (already checked) wins, with a
    /// warning when the source named another; else the source's, checked.
    pub fn username<'a>(
        &'a self,
        flag: Option<&'a str>,
        warnings: Warnings,
    ) -> Result<Option<&'a str>, CliError> {
        match (flag, &self.access_key_id) {
            (Some(flag), Some((found, origin))) => {
                if flag != *found {
                    warnings.warn(format_args!(
                        "--access-key-id differs from the access key ID in {origin}; using --access-key-id"
                    ));
                }
                Ok(Some(flag))
            }
            (Some(flag), None) => Ok(Some(flag)),
            (None, Some((found, origin))) => check_access_key_id(found)
                .map(Some)
                .map_err(|error| CliError::BadAccessKeyId(origin.clone(), error)),
            (None, None) => Ok(None),
        }
    }
}

/// Checks `--access-key-id`.
pub fn flag_access_key_id(value: Option<&str>) -> Result<Option<&str>, CliError> {
    value
        .map(|id| {
            check_access_key_id(id).map_err(|error| CliError::BadAccessKeyId(Origin::Flag, error))
        })
        .transpose()
}

/// Reads the secret from the chosen source, applies the input rules
/// (warning when whitespace was trimmed), and hands it to `f` with the rest
/// of what the source held. The buffers are wiped when this returns.
pub fn with_secret<T>(
    args: &SourceArgs,
    check: KeyCheck,
    warnings: Warnings,
    f: impl FnOnce(&str, &Single<'_>) -> Result<T, CliError>,
) -> Result<T, CliError> {
    let material = read(args, warnings)?;
    let single = single(&material)?;
    let key = check_secret(single.bytes, check)
        .map_err(|error| CliError::BadSecret(single.origin.clone(), error))?;
    if key.trimmed {
        warnings.warn("removed spaces, tabs or blank lines around the secret access key");
    }
    f(key.secret, &single)
}

/// Reads an SMTP password (`identify`, `check --password-stdin`) from the
/// prompt, or from standard input (through the same hidden prompt when it
/// is a terminal: a typed password is never shown), applies the secret
/// input rules that fit a password (BOM, line end, one line, size;
/// surrounding whitespace removed with a warning), and hands it to `f`.
pub fn with_password<T>(
    from_prompt: bool,
    warnings: Warnings,
    f: impl FnOnce(&str) -> Result<T, CliError>,
) -> Result<T, CliError> {
    let raw = if from_prompt || io::stdin().is_terminal() {
        read_prompt(crate::cli::source::bytes::PASSWORD_PROMPT)?
    } else {
        read_stdin()?
    };
    let password = check_secret(&raw.bytes, KeyCheck::Off)
        .map_err(|error| CliError::BadPassword(raw.origin.clone(), error))?;
    if password.trimmed {
        warnings.warn("removed spaces, tabs or blank lines around the SMTP password");
    }
    f(password.secret)
}

/// The single secret, refusing a CSV with several rows.
fn single(material: &Material) -> Result<Single<'_>, CliError> {
    match material {
        Material::Raw(secret, access_key_id) => Ok(Single {
            bytes: &secret.bytes,
            origin: secret.origin.clone(),
            access_key_id: access_key_id
                .as_ref()
                .map(|(id, o)| (id.as_str(), o.clone())),
        }),
        Material::Csv(keys, path) => {
            if keys.len() > 1 {
                return Err(CliError::CsvSeveralRows(path.clone(), keys.len()));
            }
            let key = keys
                .keys()
                .next()
                .ok_or_else(|| CliError::Csv(path.clone(), CsvError::NoRows))?;
            let origin = Origin::Csv(path.clone(), key.row);
            Ok(Single {
                bytes: key.secret,
                access_key_id: key.access_key_id.map(|id| (id, origin.clone())),
                origin,
            })
        }
    }
}

/// Reads the secret from the source the flags name.
fn read(args: &SourceArgs, warnings: Warnings) -> Result<Material, CliError> {
    let secret_file = |path| read_file(path, FileOption::SecretFile, MAX_SECRET_BYTES, warnings);
    match args.source() {
        // A terminal on stdin: typed, the key would be shown (issue 18);
        // the hidden prompt reads it instead, as with no flag at all.
        Source::Stdin if io::stdin().is_terminal() => Ok(Material::Raw(read_prompt(PROMPT)?, None)),
        Source::Stdin => shaped(read_stdin()?, warnings),
        Source::Env(var) => {
            let secret = read_env(var)?;
            // The AWS CLI's set: with its secret variable comes its session
            // token, and a token means temporary credentials.
            if var == "AWS_SECRET_ACCESS_KEY"
                && std::env::var_os("AWS_SESSION_TOKEN").is_some_and(|t| !t.is_empty())
            {
                return Err(CliError::TemporaryCredentials(
                    Origin::Env(var.to_owned()),
                    "AWS_SESSION_TOKEN",
                ));
            }
            // The AWS CLI's pair: the ID goes with the secret from the environment.
            let access_key_id = std::env::var("AWS_ACCESS_KEY_ID")
                .ok()
                .filter(|id| !id.is_empty())
                .map(|id| (id, Origin::Env("AWS_ACCESS_KEY_ID".to_owned())));
            Ok(Material::Raw(secret, access_key_id))
        }
        Source::Prompt => Ok(Material::Raw(read_prompt(PROMPT)?, None)),
        Source::SecretFile(path) => shaped(secret_file(path)?, warnings),
        Source::Csv(path) => {
            let file = if path.as_os_str() == "-" {
                // A CSV has several lines: it cannot be typed at a one-line
                // hidden prompt, and typed without one it would be shown.
                if io::stdin().is_terminal() {
                    return Err(CliError::CsvFromTerminal);
                }
                read_stdin()?
            } else {
                read_file(path, FileOption::Csv, MAX_SECRET_BYTES, warnings)?
            }
            .whole(FileOption::Csv, MAX_SECRET_BYTES)?;
            let path = file.origin.to_string();
            let keys =
                csv::parse(&file.bytes).map_err(|error| CliError::Csv(path.clone(), error))?;
            Ok(Material::Csv(keys, path))
        }
        Source::Profile(name) => {
            let (secret, id) = crate::cli::source::aws_cli::read(name, warnings)?;
            Ok(Material::Raw(secret, Some(id)))
        }
        Source::Default if io::stdin().is_terminal() => {
            Ok(Material::Raw(read_prompt(PROMPT)?, None))
        }
        Source::Default => shaped(read_stdin()?, warnings),
    }
}

/// A single secret's input in one of the shapes AWS tools print (JSON,
/// `NAME=value` lines) gives up its key and ID; anything else is the key.
fn shaped(raw: RawSecret, warnings: Warnings) -> Result<Material, CliError> {
    match unwrap::shaped_key(raw, warnings)? {
        Ok((secret, id)) => Ok(Material::Raw(secret, id)),
        Err(raw) => Ok(Material::Raw(raw, None)),
    }
}
