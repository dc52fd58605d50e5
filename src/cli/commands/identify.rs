//! `identify`: what an SMTP password is, and which key and region it fits.

use ses_smtp_password::{
    Derivation, HostKind, PasswordKind, REGIONS, classify, find_derivation, parse_regions,
};
use subtle::ConstantTimeEq as _;
use zeroize::Zeroizing;

use crate::cli::flags::args::IdentifyArgs;
use crate::cli::report::CliError;
use crate::cli::report::redact::shown;
use crate::cli::report::warn::{self, Warnings};
use crate::cli::source;
use crate::cli::source::pasted;

const SIGV2_ADVICE: &str =
    "SES rejects SigV2 passwords; derive a SigV4 one: ses-smtp-password --region REGION";

/// Runs `identify`; returns the report for stdout (exit 0) or the error.
pub fn run(args: &IdentifyArgs) -> Result<Zeroizing<Vec<u8>>, CliError> {
    let warnings = Warnings::new(args.quiet);
    let extra =
        parse_regions(&args.region).map_err(|(index, error)| CliError::BadRegion(index, error))?;
    let report = source::with_password(args.prompt, warnings, |pasted| {
        // Whatever it was pasted in: quotes, NAME=value, a URL.
        let pasted = pasted::read(pasted);
        let password = pasted.password.as_ref();
        let url_region = match pasted.host.as_deref() {
            Some(host) => {
                let kind = HostKind::of(host);
                if kind.smtp_region().is_none() {
                    warnings.warn(warn::host_words("the URL's host", &shown(host), kind));
                }
                kind.smtp_region().map(str::to_owned)
            }
            None => None,
        };
        if let Some(user) = pasted.username.as_deref().filter(|u| u.starts_with("inp-")) {
            warnings.warn(format_args!(
                "the URL's username {} is a Mail Manager ingress point's: it logs in with the password stored for that ingress point, not one derived from an IAM key",
                shown(user)
            ));
        }
        let kind = classify(password);
        if !args.key.given() {
            return match kind {
                PasswordKind::SigV4 => Ok(
                    "SigV4 SES SMTP password (valid in one region only; give the key to find which)"
                        .to_owned(),
                ),
                PasswordKind::SigV2 => {
                    warnings.warn(SIGV2_ADVICE);
                    Ok("SigV2 SES SMTP password (legacy, rejected by SES since March 2021)".to_owned())
                }
                PasswordKind::SecretAccessKey | PasswordKind::AccessKeyId | PasswordKind::NotSes => {
                    Err(CliError::NotSmtpPassword(kind, false))
                }
            };
        }
        let check = source::key_check(args.no_key_check);
        source::with_secret(&args.key.to_source(), check, warnings, |secret, single| {
            if !kind.is_smtp_password() {
                // Compared in constant time, like every comparison with a secret.
                let is_the_secret = kind == PasswordKind::SecretAccessKey
                    && bool::from(password.as_bytes().ct_eq(secret.as_bytes()));
                return Err(CliError::NotSmtpPassword(kind, is_the_secret));
            }
            let mut regions: Vec<&str> = REGIONS.iter().map(|r| r.code).collect();
            for r in &extra {
                if !regions.contains(&r.code()) {
                    regions.push(r.code());
                }
            }
            let report = match find_derivation(password, secret.as_bytes(), &regions) {
                Some(Derivation::V2) => {
                    warnings.warn(SIGV2_ADVICE);
                    Ok("SigV2 SES SMTP password (legacy, rejected by SES since March 2021), derived from the given secret access key".to_owned())
                }
                Some(Derivation::V4(region)) => {
                    if let Some(host_region) = url_region.filter(|r| *r != region) {
                        return Err(CliError::OtherRegion(region, host_region));
                    }
                    Ok(format!(
                        "SigV4 SES SMTP password for {region}, derived from the given secret access key"
                    ))
                }
                None => Err(CliError::NoMatch(kind, regions.len())),
            }?;
            // The URL's username must be this key's ID.
            if let (Some(user), Some(id)) = (&pasted.username, single.username(None, warnings)?)
                && user != id
            {
                return Err(CliError::OtherUsername(
                    shown(user).into_owned(),
                    id.to_owned(),
                ));
            }
            Ok(report)
        })
    })?;
    let mut out = Zeroizing::new(report.into_bytes());
    out.push(b'\n');
    Ok(out)
}
