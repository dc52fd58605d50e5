//! The forms named for where they go rather than how they look: the keys
//! of secret stores (AWS Secrets Manager, HashiCorp Vault KV, Terraform's
//! external program) and MTAs beyond Postfix (msmtp, sendmail, Exim);
//! `form::render` sends these formats here with the host, port, username
//! and password already known.

use std::io::Write as _;

use super::form::{Format, implicit_tls};

/// What every form here is given: one region's login.
pub struct Login<'a> {
    pub region: &'a str,
    pub host: &'a str,
    pub port: u16,
    pub user: &'a str,
    pub password: &'a str,
}

/// The keys of the JSON object a secret store keeps (and Terraform's
/// external program returns), for host, port, username and password,
/// unless `--variables` names others; written username first.
pub const STORE_KEYS: [&str; 4] = ["host", "port", "username", "password"];

/// Appends `login` in `format` (one of this module's) to `out`.
pub fn render(out: &mut Vec<u8>, format: Format, login: &Login<'_>) {
    if format == Format::Msmtp {
        msmtp(out, login);
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
