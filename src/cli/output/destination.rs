//! The forms named for where they go rather than how they look: secret
//! stores (AWS Secrets Manager, HashiCorp Vault KV) and MTAs beyond
//! Postfix (msmtp). Issue 20 grows this file; `form::render` sends these
//! formats here with the host, port, username and password already known.

use std::io::Write as _;

use serde::Serialize;

use super::form::{Format, implicit_tls};

/// What every form here is given: one region's login.
pub struct Login<'a> {
    pub region: &'a str,
    pub host: &'a str,
    pub port: u16,
    pub user: &'a str,
    pub password: &'a str,
}

/// The JSON object a secret store keeps. The port is a string, as every
/// value is in Vault's `kv put` and in what an ECS task's `valueFrom`
/// `…:json-key::` hands an application.
#[derive(Serialize)]
struct StoredSecret<'a> {
    username: &'a str,
    password: &'a str,
    host: &'a str,
    port: &'a str,
}

/// Appends `login` in `format` (one of this module's) to `out`.
pub fn render(out: &mut Vec<u8>, format: Format, login: &Login<'_>) {
    match format {
        Format::SecretsManager | Format::Vault => {
            let port = login.port.to_string();
            let secret = StoredSecret {
                username: login.user,
                password: login.password,
                host: login.host,
                port: &port,
            };
            // Serializing borrowed strings into a Vec cannot fail.
            let _ = serde_json::to_writer(&mut *out, &secret);
            out.push(b'\n');
        }
        Format::Msmtp => msmtp(out, login),
        _ => {}
    }
}

/// An account block for `~/.msmtprc`, named `ses-REGION`. msmtp starts
/// TLS with STARTTLS unless told otherwise (`tls_starttls`), which on 465
/// and 2465 would hang until the server gives up: those get `off`.
/// Values are written bare: an SES password is base64 (`+`, `/`, `=`),
/// which msmtp's parser takes as it is; only spaces, `#` or quotes would
/// need its double quotes, and none occurs.
fn msmtp(out: &mut Vec<u8>, login: &Login<'_>) {
    let starttls = if implicit_tls(login.port) {
        "off"
    } else {
        "on"
    };
    // Writing into a Vec cannot fail.
    let _ = write!(
        out,
        "# Amazon SES SMTP, {region}\naccount ses-{region}\nhost {host}\nport {port}\n\
         tls on\ntls_starttls {starttls}\nauth on\nuser {user}\npassword {password}\n\n",
        region = login.region,
        host = login.host,
        port = login.port,
        user = login.user,
        password = login.password,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(format: Format, port: u16) -> String {
        let login = Login {
            region: "eu-west-1",
            host: "email-smtp.eu-west-1.amazonaws.com",
            port,
            user: "AKIAIOSFODNN7EXAMPLE",
            password: "BMW5RDrXmmVs0lV7GpI4oLkHXpZ4stDsk6q91z1g38Pk+/=",
        };
        let mut out = Vec::new();
        render(&mut out, format, &login);
        String::from_utf8(out).unwrap_or_default()
    }

    #[test]
    fn secret_stores() {
        let want = "{\"username\":\"AKIAIOSFODNN7EXAMPLE\",\"password\":\"BMW5RDrXmmVs0lV7GpI4oLkHXpZ4stDsk6q91z1g38Pk+/=\",\"host\":\"email-smtp.eu-west-1.amazonaws.com\",\"port\":\"587\"}\n";
        assert_eq!(one(Format::SecretsManager, 587), want);
        assert_eq!(one(Format::Vault, 587), want);
    }

    #[test]
    fn msmtp_tls_follows_the_port() {
        for (port, starttls) in [
            (587, "on"),
            (25, "on"),
            (2587, "on"),
            (465, "off"),
            (2465, "off"),
        ] {
            assert_eq!(
                one(Format::Msmtp, port),
                format!(
                    "# Amazon SES SMTP, eu-west-1\naccount ses-eu-west-1\nhost email-smtp.eu-west-1.amazonaws.com\nport {port}\ntls on\ntls_starttls {starttls}\nauth on\nuser AKIAIOSFODNN7EXAMPLE\npassword BMW5RDrXmmVs0lV7GpI4oLkHXpZ4stDsk6q91z1g38Pk+/=\n\n"
                )
            );
        }
    }
}
