//! The default command: derive SMTP passwords and print them.

use ses_smtp_password::region::{self, Region};
use ses_smtp_password::secret::{self, KeyCheck};
use ses_smtp_password::{SmtpPassword, smtp_password_v2, smtp_password_v4};
use zeroize::Zeroizing;

use super::args::DeriveArgs;
use super::error::{CliError, Warnings};
use super::source;

/// Environment variables the AWS CLI reads the region from, in its order.
const REGION_VARS: [&str; 2] = ["AWS_REGION", "AWS_DEFAULT_REGION"];

/// Runs the default command; returns what goes to stdout.
pub fn run(args: &DeriveArgs) -> Result<Zeroizing<String>, CliError> {
    let warnings = Warnings::new(args.quiet);
    // Regions first: a typo should fail before the user types a secret.
    let regions = region::parse_list(&args.scheme.region)
        .map_err(|(index, error)| CliError::BadRegion { index, error })?;
    let raw = source::read(&args.source, warnings)?;
    let check = if args.no_key_check {
        KeyCheck::Off
    } else {
        KeyCheck::Strict
    };
    let key = secret::check_secret(&raw.bytes, check).map_err(|error| CliError::BadSecret {
        origin: raw.origin.clone(),
        error,
    })?;
    if let Some(w) = key.warning {
        warnings.warn(w);
    }
    let secret = key.secret.as_bytes();
    let results: Vec<(Option<&Region>, SmtpPassword)> = if regions.is_empty() {
        if !args.scheme.v2 {
            warnings.warn(sigv2_warning());
        }
        vec![(None, smtp_password_v2(secret))]
    } else {
        for r in regions.iter().filter(|r| !r.is_known()) {
            warnings.warn(format_args!(
                "{r} is not a known SES SMTP region; derived anyway (AWS adds regions: check the spelling)"
            ));
        }
        regions
            .iter()
            .map(|r| (Some(r), smtp_password_v4(secret, r.code())))
            .collect()
    };
    Ok(plain(&results, !args.no_newline))
}

/// One line per result: the password alone, or `REGION<TAB>PASSWORD` for several.
fn plain(results: &[(Option<&Region>, SmtpPassword)], newline: bool) -> Zeroizing<String> {
    let mut out = Zeroizing::new(String::with_capacity(results.len() * 64));
    for (i, (region, password)) in results.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if let (Some(region), true) = (region, results.len() > 1) {
            out.push_str(region.code());
            out.push('\t');
        }
        out.push_str(password.as_str());
    }
    if newline {
        out.push('\n');
    }
    out
}

/// The one-line warning printed with a SigV2 password nobody asked for by name.
fn sigv2_warning() -> String {
    let base = "SES has rejected SigV2 SMTP passwords since March 2021; pass --region REGION for the SigV4 password SES accepts";
    for var in REGION_VARS {
        if let Some(value) = std::env::var_os(var) {
            let value = value.to_string_lossy();
            // Shown only when shaped like a region, so it can never be a secret.
            return if region::is_well_formed(&value) {
                format!("{base} ({var} is {value}: --region {value})")
            } else {
                format!("{base} ({var} is set but is not a region name)")
            };
        }
    }
    base.to_owned()
}
