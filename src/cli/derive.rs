//! The default command: derive SMTP passwords and print them.

use ses_smtp_password::format::{self, Credential, Format, FormatError};
use ses_smtp_password::region::{self, Region};
use ses_smtp_password::{SmtpPassword, smtp_password_v2, smtp_password_v4};
use zeroize::Zeroizing;

use super::args::DeriveArgs;
use super::error::{CliError, Warnings};
use super::source;

/// Environment variables the AWS CLI reads the region from, in its order.
const REGION_VARS: [&str; 2] = ["AWS_REGION", "AWS_DEFAULT_REGION"];

/// Runs the default command; returns what goes to stdout.
pub fn run(args: &DeriveArgs) -> Result<Zeroizing<Vec<u8>>, CliError> {
    let warnings = Warnings::new(args.quiet);
    let format = Format::from(args.format);
    // Everything that can be checked without the secret is checked first: a
    // typo should fail before the user types a key at the prompt.
    let regions = region::parse_list(&args.scheme.region)
        .map_err(|(index, error)| CliError::BadRegion { index, error })?;
    let endpoints = regions
        .iter()
        .map(|r| {
            r.endpoint(args.fips).map_err(|_| CliError::NoFips {
                region: r.code().to_owned(),
            })
        })
        .collect::<Result<Vec<String>, CliError>>()?;
    if matches!(format, Format::Env | Format::Url) && regions.is_empty() {
        return Err(CliError::Format(FormatError::NeedsRegion(format)));
    }
    if format == Format::Env && regions.len() > 1 {
        return Err(CliError::Format(FormatError::EnvNeedsOneResult {
            count: regions.len(),
        }));
    }
    let flag_id = source::flag_access_key_id(args.access_key_id.as_deref())?;

    let material = source::read(&args.source, warnings)?;
    let single = material.single()?;
    let secret = source::checked_secret(&single, args.no_key_check, warnings)?;
    let username = single.username(flag_id, warnings)?;
    if format == Format::Env && username.is_none() {
        warnings.warn(
            "SES_SMTP_USERNAME is left out: no access key ID is known (pass --access-key-id)",
        );
    }

    let secret = secret.as_bytes();
    let passwords: Vec<SmtpPassword> = if regions.is_empty() {
        if !args.scheme.v2 {
            warnings.warn(sigv2_warning());
        }
        vec![smtp_password_v2(secret)]
    } else {
        for r in regions.iter().filter(|r| !r.is_known()) {
            warnings.warn(format_args!(
                "{r} is not a known SES SMTP region; derived anyway (AWS adds regions: check the spelling)"
            ));
        }
        regions
            .iter()
            .map(|r| smtp_password_v4(secret, r.code()))
            .collect()
    };
    let credentials: Vec<Credential<'_>> = passwords
        .iter()
        .enumerate()
        .map(|(i, password)| Credential {
            region: regions.get(i).map(Region::code),
            endpoint: endpoints.get(i).map(String::as_str),
            username,
            password,
        })
        .collect();
    let options = format::Options {
        port: args.port.number(),
        newline: !args.no_newline,
    };
    format::render(format, &credentials, options).map_err(CliError::Format)
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
