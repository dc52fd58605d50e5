//! Output formats: plain, shell `env`, JSON lines, and SMTP URLs; with
//! `--app`, the app's variables in the env-style forms or its own syntax.
//!
//! [`render`] appends one result to a zeroizing buffer that the caller sized
//! once, up front, so it never reallocates and leaves no stray copy of a
//! password in freed memory. It is the one rendering path: a single run and
//! `--batch` both call it once per result.

use std::io::Write as _;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;

use ses_smtp_password::SmtpPassword;

use super::app::App;
use super::app_syntax;
use super::destination::{self, Login};
use super::variables::write_variables;

/// How to print derived credentials: `-f/--format`; the doc comments are
/// the help.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// The password alone (REGION<TAB>PASSWORD lines for several regions)
    #[default]
    Plain,
    /// SES_SMTP_HOST, _PORT, _USERNAME and _PASSWORD as NAME='value' lines, safe to eval or source
    Env,
    /// The same as NAME=value lines, unquoted: docker --env-file, Compose, kubectl --from-env-file
    EnvFile,
    /// The same as fish `set -gx NAME 'value'` lines
    Fish,
    /// A Kubernetes Secret (metadata.name from --name) with the four SES_SMTP_* keys
    K8s,
    /// Postfix sasl_passwd lines: [email-smtp.REGION.amazonaws.com]:PORT USERNAME:PASSWORD
    Postfix,
    /// GitHub Actions: ::add-mask:: for the password, env-file lines appended to $GITHUB_ENV
    Github,
    /// One JSON object per line: version, region, endpoint, port, tls, username, password
    Json,
    /// smtp://USER:PASS@HOST:PORT, percent-encoded (smtps:// for ports 465 and 2465)
    Url,
    /// AWS Secrets Manager: a JSON secret string (username, password, host, port)
    #[value(name = "secretsmanager")]
    SecretsManager,
    /// HashiCorp Vault KV: the same JSON, for `vault kv put PATH -`
    Vault,
    /// Terraform's external data source: the same JSON object of strings, with region
    Terraform,
    /// An msmtp account block (ses-REGION) for ~/.msmtprc; TLS set for the port
    Msmtp,
    /// sendmail: the /etc/mail/authinfo line per region (access and sendmail.mc lines as comments)
    Sendmail,
    /// Exim: a manualroute router, an smtp transport requiring TLS, a plaintext authenticator
    Exim,
    /// ssmtp: /etc/ssmtp/ssmtp.conf; TLS set for the port
    Ssmtp,
    /// With --app and no -f: the app's own configuration syntax (not a
    /// value of -f).
    #[value(skip)]
    Own,
}

/// A format and the app whose names it prints (`--app`), if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Form {
    pub format: Format,
    pub app: Option<App>,
}

impl Form {
    /// `-f` as given, else the app's own syntax with `--app`, else plain.
    pub fn chosen(format: Option<Format>, app: Option<App>) -> Form {
        let fallback = if app.is_some() {
            Format::Own
        } else {
            Format::Plain
        };
        Form {
            format: format.unwrap_or(fallback),
            app,
        }
    }

    /// The flags that chose this form, as a message names them.
    pub fn flags(self) -> String {
        match (self.app, self.format) {
            (None, format) => format!("--format {}", format.name()),
            (Some(app), Format::Own) => format!("--app {}", app.name()),
            (Some(app), format) => format!("--app {} --format {}", app.name(), format.name()),
        }
    }

    /// Whether the app can be printed in this format on this port: checked
    /// before any key is read.
    pub fn check(self, port: u16) -> Result<(), FormatError> {
        let Some(app) = self.app else {
            if !destination::takes_port(self.format, port) {
                return Err(FormatError::PortRefused(self, port));
            }
            return Ok(());
        };
        match self.format {
            Format::Own => {}
            format if format.names_variables() => {
                if matches!(app, App::Rails | App::Wordpress) {
                    return Err(FormatError::NoEnvironment(app));
                }
            }
            _ => return Err(FormatError::NotWithApp(self)),
        }
        if !app.takes_port(port) {
            return Err(FormatError::PortRefused(self, port));
        }
        Ok(())
    }
}

/// One derived credential to print.
#[derive(Debug, Clone, Copy)]
pub struct Credential<'a> {
    /// The region, `None` for SigV2.
    pub region: Option<&'a str>,
    /// The SMTP endpoint host, `None` when unknown (SigV2 has no region).
    pub endpoint: Option<&'a str>,
    /// The SMTP username (access key ID), when known.
    pub username: Option<&'a str>,
    /// The password.
    pub password: &'a SmtpPassword,
}

/// Why a form cannot show these results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormatError {
    /// This form prints one set of variables: one result only (this
    /// many were asked for).
    OneResultOnly(Form, usize),
    /// This form names the SMTP host, which needs a region.
    NeedsRegion(Form),
    /// This form carries the username, and none is known.
    NeedsUsername(Form),
    /// This form names its entries after their regions (msmtp's
    /// accounts): one key only (this many were given).
    OneKeyOnly(Form, usize),
    /// `--app` with a format that prints no names (plain, postfix, …).
    NotWithApp(Form),
    /// An app that reads no environment variables, with an env-style form.
    NoEnvironment(App),
    /// A form (an app, or sendmail) that cannot use this port with SES.
    PortRefused(Form, u16),
}

impl Format {
    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Plain => "plain",
            Format::Env => "env",
            Format::EnvFile => "env-file",
            Format::Fish => "fish",
            Format::K8s => "k8s",
            Format::Postfix => "postfix",
            Format::Github => "github",
            Format::Json => "json",
            Format::Url => "url",
            Format::SecretsManager => "secretsmanager",
            Format::Vault => "vault",
            Format::Terraform => "terraform",
            Format::Msmtp => "msmtp",
            Format::Sendmail => "sendmail",
            Format::Exim => "exim",
            Format::Ssmtp => "ssmtp",
            Format::Own => "own",
        }
    }

    /// Whether the format prints one set of variables (one result).
    fn one_result(self) -> bool {
        matches!(
            self,
            Format::Env
                | Format::EnvFile
                | Format::Fish
                | Format::K8s
                | Format::Github
                | Format::SecretsManager
                | Format::Vault
                | Format::Terraform
                | Format::Exim
                | Format::Ssmtp
                | Format::Own
        )
    }

    /// Whether the format sets environment variables.
    pub fn sets_variables(self) -> bool {
        matches!(
            self,
            Format::Env | Format::EnvFile | Format::Fish | Format::K8s | Format::Github
        )
    }

    /// Whether the format prints named variables: the env-style forms and
    /// `json` (one object of them with `--app`), the forms `--app` takes
    /// besides its own syntax.
    pub fn names_variables(self) -> bool {
        self.sets_variables() || self == Format::Json
    }

    /// Whether the format names the SMTP host (and so needs a region).
    pub fn needs_region(self) -> bool {
        !matches!(self, Format::Plain | Format::Json)
    }

    /// Whether the format carries the username: it is never printed
    /// without one, a password without its username being half a login.
    pub fn needs_username(self) -> bool {
        self.needs_region()
    }

    /// Whether the format shows the port (`--port` changes it).
    pub fn shows_port(self) -> bool {
        self != Format::Plain
    }
}

/// Userinfo in a URL: everything but RFC 3986 unreserved characters is
/// encoded, so `+`, `/` and `=` in a password cannot break a DSN parser.
const USERINFO: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `USER:PASS` for a URL's userinfo, each percent-encoded.
pub struct Userinfo<'a>(pub &'a Login<'a>);

impl std::fmt::Display for Userinfo<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}",
            utf8_percent_encode(self.0.user, USERINFO),
            utf8_percent_encode(self.0.password, USERINFO)
        )
    }
}

/// `smtp://USER:PASS@HOST:PORT`, `smtps://` for ports 465 and 2465: the
/// `url` form, and Symfony's `MAILER_DSN` (which reads `smtp://` as
/// STARTTLS when the server offers it, as SES does).
pub struct SmtpUrl<'a>(pub &'a Login<'a>);

impl std::fmt::Display for SmtpUrl<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let scheme = if implicit_tls(self.0.port) {
            "smtps"
        } else {
            "smtp"
        };
        let (host, port) = (self.0.host, self.0.port);
        write!(f, "{scheme}://{}@{host}:{port}", Userinfo(self.0))
    }
}

/// Whether a port speaks TLS from the first byte (465, 2465), rather than
/// STARTTLS (25, 587, 2587): the SES SMTP ports (SES developer guide,
/// "Connecting to an Amazon SES SMTP endpoint").
pub fn implicit_tls(port: u16) -> bool {
    matches!(port, 465 | 2465)
}

#[derive(Serialize)]
struct JsonLine<'a> {
    version: u8,
    region: Option<&'a str>,
    endpoint: Option<&'a str>,
    port: u16,
    tls: &'static str,
    username: Option<&'a str>,
    password: &'a str,
}

/// How many results `form` can print at once, if it is limited.
pub fn check_count(form: Form, results: usize) -> Result<(), FormatError> {
    if form.format.one_result() && results > 1 {
        return Err(FormatError::OneResultOnly(form, results));
    }
    Ok(())
}

/// The names of the four variables the env-style forms print without
/// `--app`: these unless `--variables` gives others.
pub const SES_NAMES: [&str; 4] = [
    "SES_SMTP_HOST",
    "SES_SMTP_PORT",
    "SES_SMTP_USERNAME",
    "SES_SMTP_PASSWORD",
];

/// What names the printed things: the k8s Secret (`--name`) and the four
/// variables or keys (`--variables`: host, port, username, password), when
/// given.
#[derive(Debug, Clone, Copy)]
pub struct Labels<'a> {
    pub secret: &'a str,
    pub variables: Option<[&'a str; 4]>,
}

/// The four variables every variable-setting form prints, in order.
fn variables<'a>(
    names: [&'a str; 4],
    host: &'a str,
    port: &'a str,
    user: &'a str,
    password: &'a str,
) -> [(&'a str, &'a str); 4] {
    let [h, p, u, w] = names;
    [(h, host), (p, port), (u, user), (w, password)]
}

/// Appends one credential to `out` (which the caller keeps zeroizing and
/// sized): no allocation per key. `label_regions` puts `REGION<TAB>` before a
/// plain password, for runs over several regions.
pub fn render(
    out: &mut Vec<u8>,
    form: Form,
    r: &Credential<'_>,
    port: u16,
    label_regions: bool,
    labels: &Labels<'_>,
) -> Result<(), FormatError> {
    let format = form.format;
    let password = r.password.as_str();
    if format == Format::Plain {
        if let (Some(region), true) = (r.region, label_regions) {
            out.extend_from_slice(region.as_bytes());
            out.push(b'\t');
        }
        out.extend_from_slice(password.as_bytes());
        out.push(b'\n');
        return Ok(());
    }
    if format == Format::Json && form.app.is_none() {
        let line = JsonLine {
            version: r.password.version().number(),
            region: r.region,
            endpoint: r.endpoint,
            port,
            tls: if implicit_tls(port) {
                "implicit"
            } else {
                "starttls"
            },
            username: r.username,
            password,
        };
        // Serializing borrowed strings into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut *out, &line);
        out.push(b'\n');
        return Ok(());
    }
    let host = r.endpoint.ok_or(FormatError::NeedsRegion(form))?;
    let user = r.username.ok_or(FormatError::NeedsUsername(form))?;
    let login = Login {
        region: r.region.unwrap_or_default(),
        host,
        port,
        user,
        password,
    };
    if let Some(app) = form.app {
        return render_app(out, form, app, &login, labels.secret);
    }
    // The forms below hold one result (see `check_count`), or are one line
    // per region: not the per-key path of a large batch.
    let port_text = port.to_string();
    let names = labels.variables.unwrap_or(SES_NAMES);
    let vars = variables(names, host, &port_text, user, password);
    // Writing into a Vec cannot fail.
    match format {
        Format::Env | Format::EnvFile | Format::Fish | Format::K8s => {
            write_variables(out, format, vars, labels.secret);
        }
        Format::Postfix => {
            let _ = writeln!(out, "[{host}]:{port} {user}:{password}");
        }
        Format::Github => github_mask(out, password),
        Format::Url => {
            let _ = writeln!(out, "{}", SmtpUrl(&login));
        }
        Format::SecretsManager | Format::Vault | Format::Terraform => {
            // Every value a string: Vault's `kv put` and Terraform's
            // external program protocol take nothing else, and an ECS
            // `valueFrom: …:json-key::` hands the app the string.
            let [h, p, u, w] = labels.variables.unwrap_or(destination::STORE_KEYS);
            let mut pairs = vec![(u, user), (w, password), (h, host), (p, port_text.as_str())];
            if format == Format::Terraform {
                pairs.push(("region", login.region));
            }
            write_variables(out, Format::Json, pairs, labels.secret);
        }
        Format::Msmtp | Format::Sendmail | Format::Exim | Format::Ssmtp => {
            destination::render(out, format, &login);
        }
        Format::Plain | Format::Json | Format::Own => {}
    }
    Ok(())
}

/// `--app`: its own syntax, or its variables in an env-style form.
fn render_app(
    out: &mut Vec<u8>,
    form: Form,
    app: App,
    login: &Login<'_>,
    name: &str,
) -> Result<(), FormatError> {
    match form.format {
        Format::Own => app_syntax::render(out, app, login),
        Format::Github => github_mask(out, login.password),
        format if format.names_variables() => {
            let vars = app
                .variables(login)
                .ok_or(FormatError::NoEnvironment(app))?;
            let pairs = vars.iter().map(|(n, v)| (n.as_ref(), v.as_str()));
            write_variables(out, format, pairs, name);
        }
        _ => return Err(FormatError::NotWithApp(form)),
    }
    Ok(())
}

/// Masked in the job log from here on; the variables themselves go to
/// $GITHUB_ENV (see `derive`), in the env-file form.
fn github_mask(out: &mut Vec<u8>, password: &str) {
    let _ = writeln!(out, "::add-mask::{password}");
}

#[cfg(test)]
#[path = "form_tests.rs"]
mod tests;
