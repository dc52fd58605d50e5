//! `identify`: what an SMTP password is, and which key and region it fits.

use ses_smtp_password::identify::{Derivation, PasswordKind, classify, find_derivation, same};
use ses_smtp_password::region::{self, REGIONS};
use ses_smtp_password::secret::{KeyCheck, check_secret};
use zeroize::Zeroizing;

use super::args::IdentifyArgs;
use super::error::{CliError, Warnings};
use super::source;

const SIGV2_ADVICE: &str =
    "SES rejects SigV2 passwords; derive a SigV4 one: ses-smtp-password --region REGION";

/// Runs `identify`; returns the report for stdout (exit 0) or the error.
pub fn run(args: &IdentifyArgs) -> Result<Zeroizing<Vec<u8>>, CliError> {
    let warnings = Warnings::new(args.quiet);
    let extra = region::parse_list(&args.region)
        .map_err(|(index, error)| CliError::BadRegion { index, error })?;
    let raw = if args.prompt {
        source::read_prompt(source::PASSWORD_PROMPT)?
    } else {
        source::read_stdin()?
    };
    // The transport rules (BOM, newline, one line, size) apply to the
    // password too; what it *is* comes next.
    let password = check_secret(&raw.bytes, KeyCheck::Off)
        .map_err(|error| CliError::BadPassword {
            origin: raw.origin.clone(),
            error,
        })?
        .secret;
    let kind = classify(password);

    let report = if args.key.given() {
        let material = source::read(&args.key.to_source(), warnings)?;
        let single = material.single()?;
        let secret = source::checked_secret(&single, args.no_key_check, warnings)?;
        if !kind.is_smtp_password() {
            let is_the_secret = kind == PasswordKind::SecretAccessKey
                && same(password.as_bytes(), secret.as_bytes());
            return Err(CliError::NotSmtpPassword {
                kind,
                is_the_secret,
            });
        }
        let mut regions: Vec<&str> = REGIONS.iter().map(|r| r.code).collect();
        for r in &extra {
            if !regions.contains(&r.code()) {
                regions.push(r.code());
            }
        }
        match find_derivation(password, secret.as_bytes(), &regions) {
            Some(Derivation::V2) => {
                warnings.warn(SIGV2_ADVICE);
                "SigV2 SES SMTP password (legacy, rejected by SES since March 2021), derived from the given secret access key".to_owned()
            }
            Some(Derivation::V4(region)) => {
                format!(
                    "SigV4 SES SMTP password for {region}, derived from the given secret access key"
                )
            }
            None => {
                return Err(CliError::NoMatch {
                    kind,
                    tried: regions.len(),
                });
            }
        }
    } else {
        match kind {
            PasswordKind::SigV4 => {
                "SigV4 SES SMTP password (valid in one region only; give the key to find which)"
                    .to_owned()
            }
            PasswordKind::SigV2 => {
                warnings.warn(SIGV2_ADVICE);
                "SigV2 SES SMTP password (legacy, rejected by SES since March 2021)".to_owned()
            }
            _ => {
                return Err(CliError::NotSmtpPassword {
                    kind,
                    is_the_secret: false,
                });
            }
        }
    };
    let mut out = Zeroizing::new(report.into_bytes());
    out.push(b'\n');
    Ok(out)
}
