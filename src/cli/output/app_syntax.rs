//! `--app APP` without `-f`: the settings in the app's own configuration
//! syntax, ready to paste where the app reads them. Names and TLS choices
//! come from `app`; this file only writes them in each syntax.
//!
//! No value needs escaping in any of these syntaxes: an SES password is
//! base64 (`A-Z a-z 0-9 + / =`), a username `AKIA` and 16 capitals or
//! digits, a host name letters, digits, `-` and `.`. None has a quote, a
//! backslash, `#`, `;`, `$` or a space, which are what each syntax treats
//! specially (tests/format_apps.rs has each app's own parser read them).

use std::io::Write as _;

use serde::Serialize;

use super::app::{self, App, DjangoValue};
use super::destination::Login;
use super::form::implicit_tls;

/// Appends `login`'s settings in `app`'s own syntax to `out`.
pub fn render(out: &mut Vec<u8>, app: App, login: &Login<'_>) {
    // Writing into a Vec cannot fail.
    match app {
        App::Laravel | App::Laravel10 | App::DockerMailserver => {
            for (name, value) in app.variables(login).unwrap_or_default() {
                let _ = writeln!(out, "{name}={}", value.as_str());
            }
        }
        App::Symfony => symfony(out, login),
        App::Django => {
            let _ = writeln!(
                out,
                "EMAIL_BACKEND = \"django.core.mail.backends.smtp.EmailBackend\""
            );
            for (name, value) in app::django_settings(login) {
                match value {
                    DjangoValue::Text(text) => {
                        let _ = writeln!(out, "{name} = \"{text}\"");
                    }
                    other => {
                        let _ = writeln!(out, "{name} = {other}");
                    }
                }
            }
        }
        App::Rails => rails(out, login),
        App::Spring => {
            for (name, value) in app::spring_properties(login) {
                let _ = writeln!(out, "{name}={}", value.as_str());
            }
        }
        App::Dotnet => dotnet(out, login),
        App::Grafana => grafana(out, login),
        App::Wordpress => wordpress(out, login),
    }
}

/// `MAILER_DSN` for `.env`, with the two other ways to write it as
/// comments: symfony/amazon-mailer's `ses+smtp://` (it finds the host
/// from the region) and the form for a YAML or XML parameter, where
/// Symfony reads `%` as the start of a parameter name and `%%` as `%`.
fn symfony(out: &mut Vec<u8>, login: &Login<'_>) {
    let dsn = app::symfony_dsn(login);
    let _ = writeln!(
        out,
        "# with symfony/amazon-mailer: MAILER_DSN={}",
        app::symfony_ses_dsn(login).as_str()
    );
    let _ = write!(out, "# in a YAML or XML parameter (% doubled): ");
    for b in dsn.bytes() {
        out.push(b);
        if b == b'%' {
            out.push(b'%');
        }
    }
    let _ = writeln!(out, "\nMAILER_DSN={}", dsn.as_str());
}

/// ActionMailer's settings for `config/environments/production.rb`:
/// `enable_starttls_auto` on STARTTLS ports, `tls` (TLS from the first
/// byte) on 465 and 2465; SES takes AUTH LOGIN and PLAIN.
fn rails(out: &mut Vec<u8>, login: &Login<'_>) {
    let tls = if implicit_tls(login.port) {
        "tls: true"
    } else {
        "enable_starttls_auto: true"
    };
    let _ = write!(
        out,
        "config.action_mailer.delivery_method = :smtp\n\
         config.action_mailer.smtp_settings = {{\n  \
         address: \"{host}\",\n  port: {port},\n  user_name: \"{user}\",\n  \
         password: \"{password}\",\n  authentication: :login,\n  {tls},\n  \
         open_timeout: 10,\n  read_timeout: 10\n}}\n",
        host = login.host,
        port = login.port,
        user = login.user,
        password = login.password,
    );
}

/// The `Smtp` section of `appsettings.json`.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct DotnetSmtp<'a> {
    host: &'a str,
    port: u16,
    username: &'a str,
    password: &'a str,
    enable_ssl: bool,
    secure_socket_options: &'static str,
}

fn dotnet(out: &mut Vec<u8>, login: &Login<'_>) {
    #[derive(Serialize)]
    #[serde(rename_all = "PascalCase")]
    struct Settings<'a> {
        smtp: DotnetSmtp<'a>,
    }
    let settings = Settings {
        smtp: DotnetSmtp {
            host: login.host,
            port: login.port,
            username: login.user,
            password: login.password,
            enable_ssl: true,
            secure_socket_options: app::dotnet_socket_options(login.port),
        },
    };
    // Serializing borrowed strings into a Vec cannot fail.
    let _ = serde_json::to_writer_pretty(&mut *out, &settings);
    out.push(b'\n');
}

/// grafana.ini's `[smtp]` block. `host` is HOST:PORT in one field.
/// Grafana would need `"""…"""` around a password with `#` or `;`; an SES
/// password has neither. On 465 its mailer speaks TLS from the first byte
/// and ignores the STARTTLS policy.
fn grafana(out: &mut Vec<u8>, login: &Login<'_>) {
    let _ = write!(
        out,
        "[smtp]\nenabled = true\nhost = {}:{}\nuser = {}\npassword = {}\n",
        login.host, login.port, login.user, login.password
    );
    if !implicit_tls(login.port) {
        let _ = writeln!(out, "startTLS_policy = MandatoryStartTLS");
    }
}

/// WP Mail SMTP's constants for `wp-config.php` (`WPMS_SSL`: `tls` is
/// STARTTLS, `ssl` TLS from the first byte).
fn wordpress(out: &mut Vec<u8>, login: &Login<'_>) {
    let ssl = if implicit_tls(login.port) {
        "ssl"
    } else {
        "tls"
    };
    let _ = write!(
        out,
        "define( 'WPMS_ON', true );\ndefine( 'WPMS_MAILER', 'smtp' );\n\
         define( 'WPMS_SMTP_HOST', '{host}' );\ndefine( 'WPMS_SMTP_PORT', {port} );\n\
         define( 'WPMS_SSL', '{ssl}' );\ndefine( 'WPMS_SMTP_AUTH', true );\n\
         define( 'WPMS_SMTP_AUTOTLS', true );\n\
         define( 'WPMS_SMTP_USER', '{user}' );\ndefine( 'WPMS_SMTP_PASS', '{password}' );\n",
        host = login.host,
        port = login.port,
        user = login.user,
        password = login.password,
    );
}
