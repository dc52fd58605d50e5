//! What to derive and how to print it, for a single run and for `--batch`.
//!
//! A [`Plan`] holds everything that can be checked before any secret is
//! read, so that a typo in a flag fails before the user types a key at the
//! prompt; then [`Plan::render_key`] derives every result for one key and
//! appends it, through the one rendering path, to the caller's buffer.

use ses_smtp_password::{Region, parse_region, parse_regions, smtp_password_v2, smtp_password_v4};

use crate::cli::flags::args::{DeriveArgs, Port};
use crate::cli::flags::values::VariableNames;
use crate::cli::output::form::{self, Credential, Form, Format, FormatError, Labels};
use crate::cli::output::github_env;
use crate::cli::report::warn::Warnings;
use crate::cli::report::{CliError, UsageError};
use crate::cli::source;

/// The Kubernetes Secret's name when `--name` is not given.
const DEFAULT_SECRET_NAME: &str = "ses-smtp";

/// Environment variables the AWS CLI reads the region from, in its order.
const REGION_VARS: [&str; 2] = ["AWS_REGION", "AWS_DEFAULT_REGION"];

/// What to derive and how to print it.
pub struct Plan<'a> {
    /// The output format and `--app`.
    pub form: Form,
    /// SigV4 regions; empty for SigV2.
    regions: Vec<Region>,
    /// Each region's endpoint host (FIPS or not).
    endpoints: Vec<String>,
    /// `--access-key-id`, checked.
    pub flag_id: Option<&'a str>,
    /// The SMTP port for `env` and `url`.
    port: u16,
    /// `--v2` was given: SigV2 without a warning.
    v2_asked: bool,
    /// The k8s Secret's name and the variables' (`--variables`).
    labels: Labels<'a>,
    /// Warnings unless `--quiet`.
    pub warnings: Warnings,
}

impl<'a> Plan<'a> {
    /// Checks the options.
    pub fn new(args: &'a DeriveArgs) -> Result<Plan<'a>, CliError> {
        let form = Form::chosen(args.format, args.app);
        let format = form.format;
        let regions = parse_regions(&args.scheme.region)
            .map_err(|(index, error)| CliError::BadRegion(index, error))?;
        let endpoints = regions
            .iter()
            .map(|r| {
                r.endpoint(args.fips)
                    .map_err(|_| CliError::NoFips(r.code().to_owned()))
            })
            .collect::<Result<Vec<String>, CliError>>()?;
        if format.needs_region() && regions.is_empty() {
            return Err(CliError::Format(FormatError::NeedsRegion(form)));
        }
        let port = args.port.unwrap_or(Port::P587).number();
        form.check(port).map_err(CliError::Format)?;
        let mut plan = Plan {
            form,
            regions,
            endpoints,
            flag_id: None,
            port,
            v2_asked: args.scheme.v2,
            labels: Labels {
                secret: args.name.as_deref().unwrap_or(DEFAULT_SECRET_NAME),
                variables: args.variables.as_ref().map(VariableNames::as_strs),
            },
            warnings: Warnings::new(args.quiet),
        };
        plan.check_keys(1)?;
        if format == Format::K8s && !is_dns_subdomain(plan.labels.secret) {
            return Err(CliError::BadSecretName);
        }
        if format == Format::Github {
            github_env::preflight()?;
        }
        plan.flag_id = source::flag_access_key_id(args.access_key_id.as_deref())?;
        plan.warn_about_flags(args)?;
        Ok(plan)
    }

    /// Flags that change nothing in this run say so; `--fips` without a
    /// region is an error unless `--v2` explains it.
    fn warn_about_flags(&self, args: &DeriveArgs) -> Result<(), CliError> {
        if args.fips && self.regions.is_empty() {
            if !self.v2_asked {
                return Err(CliError::Usage(
                    UsageError::MissingRequired("--region <REGION>".to_owned()),
                    None,
                ));
            }
            self.warnings
                .warn("--fips changes nothing with --v2: a SigV2 password has no endpoint");
        }
        // Every form but plain names the host (json as its endpoint).
        if args.fips && !self.regions.is_empty() && self.form.format == Format::Plain {
            self.warnings.warn(format_args!(
                "--fips changes nothing in --format {} output: the password is the same; the forms that name the host show the FIPS one",
                self.form.format.name()
            ));
        }
        if args.name.is_some() && self.form.format != Format::K8s {
            self.warnings.warn(format_args!(
                "--name changes nothing in {} output; it names the Secret of --format k8s",
                self.form.flags()
            ));
        }
        let named = self.form.format.sets_variables()
            || matches!(
                self.form.format,
                Format::SecretsManager | Format::Vault | Format::Terraform
            );
        if args.variables.is_some() && !named {
            self.warnings.warn(format_args!(
                "--variables changes nothing in --format {} output; it names the variables of env, env-file, fish, k8s and github, and the keys of secretsmanager, vault and terraform",
                self.form.format.name()
            ));
        }
        if args.port.is_some() && !self.form.format.shows_port() {
            self.warnings.warn(format_args!(
                "--port changes nothing in --format {} output; the other forms show it",
                self.form.format.name()
            ));
        }
        Ok(())
    }

    /// Whether the format can print the results for `keys` keys.
    pub fn check_keys(&self, keys: usize) -> Result<(), CliError> {
        if matches!(self.form.format, Format::Msmtp | Format::Sendmail) && keys > 1 {
            return Err(CliError::Format(FormatError::OneKeyOnly(self.form, keys)));
        }
        form::check_count(self.form, keys * self.regions.len().max(1)).map_err(CliError::Format)
    }

    /// The bytes a buffer needs for one key's results: every line is well
    /// under 512 bytes (a fully percent-encoded password is 132), and an
    /// app's whole block under 2048 (Spring's, the longest, is about 700).
    pub fn bytes_per_key(&self) -> usize {
        let per_region = if self.form.app.is_some() { 2048 } else { 512 };
        per_region * self.regions.len().max(1)
    }

    /// The warnings that go with deriving: SigV2 without `--v2`, unknown regions.
    pub fn warn_about_scheme(&self) {
        if self.regions.is_empty() && !self.v2_asked {
            self.warnings.warn(sigv2_warning());
        }
        self.warnings.unknown_regions(&self.regions, "derived");
    }

    /// Derives for every region (or SigV2) and appends each result to `out`.
    /// With `--format github`, `github` gets the variables for
    /// `$GITHUB_ENV` (delivered after the mask: `github_env::deliver`).
    pub fn render_key(
        &self,
        out: &mut Vec<u8>,
        github: &mut Vec<u8>,
        secret: &[u8],
        username: Option<&str>,
    ) -> Result<(), CliError> {
        self.render_as(self.form, out, secret, username)?;
        if self.form.format == Format::Github {
            let variables = Form {
                format: Format::EnvFile,
                ..self.form
            };
            self.render_as(variables, github, secret, username)?;
        }
        Ok(())
    }

    /// [`Plan::render_key`] in `form`.
    fn render_as(
        &self,
        form: Form,
        out: &mut Vec<u8>,
        secret: &[u8],
        username: Option<&str>,
    ) -> Result<(), CliError> {
        let label = self.regions.len() > 1;
        let result = if self.regions.is_empty() {
            let password = smtp_password_v2(secret);
            let c = Credential {
                region: None,
                endpoint: None,
                username,
                password: &password,
            };
            form::render(out, form, &c, self.port, false, &self.labels)
        } else {
            self.regions
                .iter()
                .zip(&self.endpoints)
                .try_for_each(|(r, endpoint)| {
                    let password = smtp_password_v4(secret, r.code());
                    let c = Credential {
                        region: Some(r.code()),
                        endpoint: Some(endpoint),
                        username,
                        password: &password,
                    };
                    form::render(out, form, &c, self.port, label, &self.labels)
                })
        };
        result.map_err(CliError::Format)
    }
}

/// The one-line warning printed with a SigV2 password nobody asked for by name.
fn sigv2_warning() -> String {
    let base = "SES has rejected SigV2 SMTP passwords since March 2021; pass --region REGION for the SigV4 password SES accepts";
    for var in REGION_VARS {
        if let Some(value) = std::env::var_os(var) {
            let value = value.to_string_lossy();
            // Shown only when it parses as a region, so it can never be a secret.
            return if parse_region(&value).is_ok() {
                format!("{base} ({var} is {value}: --region {value})")
            } else {
                format!("{base} ({var} is set but is not a region name)")
            };
        }
    }
    base.to_owned()
}

/// A Kubernetes object name, as the API server checks it
/// (`IsDNS1123Subdomain`): at most 253 characters, dot-separated labels of
/// lowercase letters, digits and `-`, each starting and ending with a
/// letter or digit, so `a..b`, `.a` and `a-.b` are refused as kubectl
/// refuses them.
fn is_dns_subdomain(name: &str) -> bool {
    let alnum = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    let label = |l: &str| {
        let b = l.as_bytes();
        b.first().is_some_and(|&c| alnum(c))
            && b.last().is_some_and(|&c| alnum(c))
            && b.iter().all(|&c| alnum(c) || c == b'-')
    };
    name.len() <= 253 && name.split('.').all(label)
}

#[cfg(test)]
mod tests {
    use super::is_dns_subdomain;

    #[test]
    fn kubernetes_names() {
        for ok in [
            "ses-smtp",
            "a",
            "mail.relay",
            "a-b.c-d",
            "0",
            &"a".repeat(253),
        ] {
            assert!(is_dns_subdomain(ok), "{ok:?}");
        }
        let long = "a".repeat(254);
        for bad in [
            "", "a..b", ".a", "a.", "-a", "a-", "a-.b", "a.-b", "A", "a_b", &long,
        ] {
            assert!(!is_dns_subdomain(bad), "{bad:?}");
        }
    }
}
