//! `--app`: the names and TLS settings each application reads, as
//! variables (for the env-style forms) and in the app's own syntax
//! (`app_syntax`). Each app's facts live here once: its names, which TLS
//! setting it wants for which port, which ports it cannot use.
//!
//! Every value is built in a zeroizing buffer sized once (no reallocation
//! leaves a copy of a password in freed memory), since a URL value holds
//! the password percent-encoded.

use std::borrow::Cow;
use std::fmt::Write as _;

use zeroize::Zeroizing;

use super::destination::Login;
use super::form::{SmtpUrl, Userinfo, implicit_tls};

/// An application whose mail settings `--app` prints; the doc comments
/// are the help.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum App {
    /// Laravel 11+: MAIL_MAILER, MAIL_SCHEME (smtp or smtps), MAIL_HOST, MAIL_PORT, MAIL_USERNAME, MAIL_PASSWORD (.env)
    Laravel,
    /// Laravel 10 and older: MAIL_ENCRYPTION (tls or ssl) instead of MAIL_SCHEME (.env)
    #[value(name = "laravel-10")]
    Laravel10,
    /// Django: EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS or EMAIL_USE_SSL (settings.py); EMAIL_URL as well in the env forms
    Django,
    /// Rails ActionMailer: config.action_mailer.smtp_settings (Ruby)
    Rails,
    /// Spring Boot: spring.mail.* (application.properties), SPRING_MAIL_* in the env forms
    Spring,
    /// .NET: an "Smtp" section of appsettings.json, Smtp__* in the env forms
    Dotnet,
    /// Grafana: the [smtp] block of grafana.ini, GF_SMTP_* in the env forms
    Grafana,
    /// WordPress with WP Mail SMTP: the WPMS_* constants for wp-config.php
    Wordpress,
    /// Symfony Mailer: MAILER_DSN (.env)
    Symfony,
    /// docker-mailserver: RELAY_HOST, RELAY_PORT, RELAY_USER, RELAY_PASSWORD (mailserver.env)
    #[value(name = "docker-mailserver")]
    DockerMailserver,
}

/// One variable: its name and its value (which may hold the password).
pub type Variable = (Cow<'static, str>, Zeroizing<String>);

/// Every value fits: the longest is a URL with a fully percent-encoded
/// password (132 bytes) and a FIPS host.
const VALUE_CAPACITY: usize = 512;

/// A value in a buffer sized once.
fn value(text: impl std::fmt::Display) -> Zeroizing<String> {
    let mut out = Zeroizing::new(String::with_capacity(VALUE_CAPACITY));
    // Writing into a String cannot fail.
    let _ = write!(out, "{text}");
    out
}

fn var(name: &'static str, text: impl std::fmt::Display) -> Variable {
    (Cow::Borrowed(name), value(text))
}

/// The Spring Boot properties, in order; their environment names are the
/// same upper-cased with `_` for `.` (Spring's relaxed binding, which for
/// the `spring.mail.properties` map turns `_` back into `.`). JavaMail
/// waits forever by default: the timeouts (milliseconds) bound it.
pub fn spring_properties(login: &Login<'_>) -> Vec<Variable> {
    let mut props = vec![
        var("spring.mail.host", login.host),
        var("spring.mail.port", login.port),
        var("spring.mail.username", login.user),
        var("spring.mail.password", login.password),
        var("spring.mail.properties.mail.smtp.auth", "true"),
    ];
    if implicit_tls(login.port) {
        props.push(var("spring.mail.properties.mail.smtp.ssl.enable", "true"));
    } else {
        props.push(var(
            "spring.mail.properties.mail.smtp.starttls.enable",
            "true",
        ));
        props.push(var(
            "spring.mail.properties.mail.smtp.starttls.required",
            "true",
        ));
    }
    for timeout in ["connectiontimeout", "timeout", "writetimeout"] {
        let name = format!("spring.mail.properties.mail.smtp.{timeout}");
        props.push((Cow::Owned(name), value("10000")));
    }
    props
}

/// Django's settings, in order: exactly one of EMAIL_USE_TLS (STARTTLS)
/// and EMAIL_USE_SSL (TLS from the first byte).
pub fn django_settings<'a>(login: &Login<'a>) -> [(&'static str, DjangoValue<'a>); 5] {
    let tls = if implicit_tls(login.port) {
        "EMAIL_USE_SSL"
    } else {
        "EMAIL_USE_TLS"
    };
    [
        ("EMAIL_HOST", DjangoValue::Text(login.host)),
        ("EMAIL_PORT", DjangoValue::Number(login.port)),
        ("EMAIL_HOST_USER", DjangoValue::Text(login.user)),
        ("EMAIL_HOST_PASSWORD", DjangoValue::Text(login.password)),
        (tls, DjangoValue::True),
    ]
}

/// A Django setting's value: Python text, integer or `True`.
#[derive(Clone, Copy)]
pub enum DjangoValue<'a> {
    Text(&'a str),
    Number(u16),
    True,
}

impl std::fmt::Display for DjangoValue<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DjangoValue::Text(t) => f.write_str(t),
            DjangoValue::Number(n) => write!(f, "{n}"),
            DjangoValue::True => f.write_str("True"),
        }
    }
}

/// dj-email-url's URL: `smtp://…?tls=True` or `?ssl=True`. It reads a
/// bare `smtp://` as no TLS at all, `smtps://` as STARTTLS (deprecated),
/// and knows no `smtp+tls://` (no backend, no TLS): only the query sets
/// each mode for any port (dj-email-url 1.0, `parse`).
fn django_url(login: &Login<'_>) -> Zeroizing<String> {
    let mode = if implicit_tls(login.port) {
        "ssl"
    } else {
        "tls"
    };
    let (host, port) = (login.host, login.port);
    value(format_args!(
        "smtp://{}@{host}:{port}?{mode}=True",
        Userinfo(login)
    ))
}

/// Symfony's `MAILER_DSN`: the `url` form's URL.
pub fn symfony_dsn(login: &Login<'_>) -> Zeroizing<String> {
    value(SmtpUrl(login))
}

/// symfony/amazon-mailer's own DSN: it picks the host from the region.
pub fn symfony_ses_dsn(login: &Login<'_>) -> Zeroizing<String> {
    value(format_args!(
        "ses+smtp://{}@default?region={}",
        Userinfo(login),
        login.region
    ))
}

impl App {
    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            App::Laravel => "laravel",
            App::Laravel10 => "laravel-10",
            App::Django => "django",
            App::Rails => "rails",
            App::Spring => "spring",
            App::Dotnet => "dotnet",
            App::Grafana => "grafana",
            App::Wordpress => "wordpress",
            App::Symfony => "symfony",
            App::DockerMailserver => "docker-mailserver",
        }
    }

    /// Whether the app can use `port` with SES (checked before any key is
    /// read).
    pub fn takes_port(self, port: u16) -> bool {
        let cannot = match self {
            // Before 11 Laravel picks smtps only for port 465 itself: on
            // 2465 it would send STARTTLS to a TLS port and hang.
            App::Laravel10 => port == 2465,
            // Grafana's mailer (gomail) speaks TLS from the first byte on
            // port 465 only.
            App::Grafana => port == 2465,
            // docker-mailserver's relay is Postfix without wrapper mode:
            // STARTTLS only.
            App::DockerMailserver => implicit_tls(port),
            _ => false,
        };
        !cannot
    }

    /// The app's environment variables for `login`, in order; `None` for
    /// an app that reads no environment (Rails, WordPress).
    pub fn variables(self, login: &Login<'_>) -> Option<Vec<Variable>> {
        let implicit = implicit_tls(login.port);
        let vars = match self {
            App::Laravel | App::Laravel10 => {
                let tls = match (self, implicit) {
                    (App::Laravel, true) => var("MAIL_SCHEME", "smtps"),
                    (App::Laravel, false) => var("MAIL_SCHEME", "smtp"),
                    (_, true) => var("MAIL_ENCRYPTION", "ssl"),
                    (_, false) => var("MAIL_ENCRYPTION", "tls"),
                };
                vec![
                    var("MAIL_MAILER", "smtp"),
                    tls,
                    var("MAIL_HOST", login.host),
                    var("MAIL_PORT", login.port),
                    var("MAIL_USERNAME", login.user),
                    var("MAIL_PASSWORD", login.password),
                ]
            }
            App::Django => {
                let mut vars: Vec<Variable> = django_settings(login)
                    .into_iter()
                    .map(|(name, v)| var(name, v))
                    .collect();
                vars.push((Cow::Borrowed("EMAIL_URL"), django_url(login)));
                vars
            }
            App::Spring => spring_properties(login)
                .into_iter()
                .map(|(name, v)| (Cow::Owned(name.to_uppercase().replace('.', "_")), v))
                .collect(),
            App::Dotnet => vec![
                var("Smtp__Host", login.host),
                var("Smtp__Port", login.port),
                var("Smtp__Username", login.user),
                var("Smtp__Password", login.password),
                var("Smtp__EnableSsl", "true"),
                var(
                    "Smtp__SecureSocketOptions",
                    dotnet_socket_options(login.port),
                ),
            ],
            App::Grafana => {
                let mut vars = vec![
                    var("GF_SMTP_ENABLED", "true"),
                    var(
                        "GF_SMTP_HOST",
                        format_args!("{}:{}", login.host, login.port),
                    ),
                    var("GF_SMTP_USER", login.user),
                    var("GF_SMTP_PASSWORD", login.password),
                ];
                if !implicit {
                    vars.push(var("GF_SMTP_STARTTLS_POLICY", "MandatoryStartTLS"));
                }
                vars
            }
            App::Symfony => vec![(Cow::Borrowed("MAILER_DSN"), symfony_dsn(login))],
            App::DockerMailserver => vec![
                var("RELAY_HOST", login.host),
                var("RELAY_PORT", login.port),
                var("RELAY_USER", login.user),
                var("RELAY_PASSWORD", login.password),
            ],
            App::Rails | App::Wordpress => return None,
        };
        Some(vars)
    }
}

/// MailKit's `SecureSocketOptions` for the port (System.Net.Mail's
/// `EnableSsl` means STARTTLS only).
pub fn dotnet_socket_options(port: u16) -> &'static str {
    if implicit_tls(port) {
        "SslOnConnect"
    } else {
        "StartTls"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::output::app_syntax;
    use clap::ValueEnum as _;

    /// A password with every base64 character a syntax might treat
    /// specially, `=` too (a real SES password never has one: 33 bytes are
    /// 44 characters without padding), on a STARTTLS and a TLS-first port.
    #[test]
    fn every_app_carries_the_password_whole() {
        let password = "Ab+/0=Zz+/9=";
        let encoded = "Ab%2B%2F0%3DZz%2B%2F9%3D";
        for &app in App::value_variants() {
            for port in [587, 465] {
                if !app.takes_port(port) {
                    continue;
                }
                let login = Login {
                    region: "eu-west-1",
                    host: "email-smtp.eu-west-1.amazonaws.com",
                    port,
                    user: "AKIAIOSFODNN7EXAMPLE",
                    password,
                };
                let mut own = Vec::new();
                app_syntax::render(&mut own, app, &login);
                let own = String::from_utf8(own).unwrap_or_default();
                let whole = if app == App::Symfony {
                    encoded
                } else {
                    password
                };
                assert!(own.contains(whole), "{app:?} {port}: {own}");
                for (name, value) in app.variables(&login).unwrap_or_default() {
                    let carries = value.contains(password) || value.contains(encoded);
                    let is_secret = name.contains("PASS")
                        || name.contains("Password")
                        || name.ends_with("_DSN")
                        || name.ends_with("_URL");
                    assert_eq!(
                        carries,
                        is_secret,
                        "{app:?} {port} {name}: {}",
                        value.as_str()
                    );
                }
            }
        }
    }
}
