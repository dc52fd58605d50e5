//! The default command: derive SMTP passwords and print them.

use ses_smtp_password::format::{self, Credential, Format, FormatError};
use ses_smtp_password::region::{self, Region};
use ses_smtp_password::{SmtpPassword, smtp_password_v2, smtp_password_v4};
use zeroize::Zeroizing;

use super::args::DeriveArgs;
use super::error::{CliError, Warnings};
use super::{batch, source};

/// Environment variables the AWS CLI reads the region from, in its order.
const REGION_VARS: [&str; 2] = ["AWS_REGION", "AWS_DEFAULT_REGION"];

/// What to derive and how to print it: everything that can be checked
/// before any secret is read, so that a typo fails before the user types a
/// key at the prompt.
pub struct Plan<'a> {
    /// The output format.
    pub format: Format,
    /// SigV4 regions; empty for SigV2.
    pub regions: Vec<Region>,
    /// Each region's endpoint host (FIPS or not).
    pub endpoints: Vec<String>,
    /// `--access-key-id`, checked.
    pub flag_id: Option<&'a str>,
    /// Warnings unless `--quiet`.
    pub warnings: Warnings,
}

impl<'a> Plan<'a> {
    /// Checks the options.
    pub fn new(args: &'a DeriveArgs) -> Result<Plan<'a>, CliError> {
        let format = Format::from(args.format);
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
        Ok(Plan {
            format,
            regions,
            endpoints,
            flag_id,
            warnings: Warnings::new(args.quiet),
        })
    }

    /// The warnings that go with deriving: SigV2 without `--v2`, unknown regions.
    pub fn warn_about_scheme(&self, v2_asked: bool) {
        if self.regions.is_empty() && !v2_asked {
            self.warnings.warn(sigv2_warning());
        }
        for r in self.regions.iter().filter(|r| !r.is_known()) {
            self.warnings.warn(format_args!(
                "{r} is not a known SES SMTP region; derived anyway (AWS adds regions: check the spelling)"
            ));
        }
    }

    /// Derives for every region (or SigV2) and appends each result to `out`.
    pub fn render_key(
        &self,
        out: &mut Vec<u8>,
        secret: &[u8],
        username: Option<&str>,
        port: u16,
    ) -> Result<(), FormatError> {
        let label = self.regions.len() > 1;
        if self.regions.is_empty() {
            let password = smtp_password_v2(secret);
            let c = Credential {
                region: None,
                endpoint: None,
                username,
                password: &password,
            };
            return format::render_one(out, self.format, &c, port, false);
        }
        for (r, endpoint) in self.regions.iter().zip(&self.endpoints) {
            let password: SmtpPassword = smtp_password_v4(secret, r.code());
            let c = Credential {
                region: Some(r.code()),
                endpoint: Some(endpoint),
                username,
                password: &password,
            };
            format::render_one(out, self.format, &c, port, label)?;
        }
        Ok(())
    }
}

/// Runs the default command; returns what goes to stdout (`--batch` writes
/// its own output as it goes and returns nothing).
pub fn run(args: &DeriveArgs) -> Result<Zeroizing<Vec<u8>>, CliError> {
    let plan = Plan::new(args)?;
    if args.batch {
        batch::run(args, &plan)?;
        return Ok(Zeroizing::new(Vec::new()));
    }
    let warnings = plan.warnings;
    let material = source::read(&args.source, warnings)?;
    let single = material.single()?;
    let secret = source::checked_secret(&single, args.no_key_check, warnings)?;
    let username = single.username(plan.flag_id, warnings)?;
    if plan.format == Format::Env && username.is_none() {
        warnings.warn(
            "SES_SMTP_USERNAME is left out: no access key ID is known (pass --access-key-id)",
        );
    }
    plan.warn_about_scheme(args.scheme.v2);
    // Every line is well under 512 bytes: the buffer never reallocates.
    let mut out = Zeroizing::new(Vec::with_capacity(512 * plan.regions.len().max(1)));
    plan.render_key(&mut out, secret.as_bytes(), username, args.port.number())
        .map_err(CliError::Format)?;
    if args.no_newline && out.last() == Some(&b'\n') {
        out.pop();
    }
    Ok(out)
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
