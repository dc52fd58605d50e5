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
    match format {
        Format::Msmtp => msmtp(out, login),
        Format::Sendmail => sendmail(out, login),
        Format::Exim => exim(out, login),
        Format::Ssmtp => ssmtp(out, login),
        _ => {}
    }
}

/// Whether this module's `format` can set up TLS on `port`: sendmail's
/// relay mailer is set up here for STARTTLS only (AWS's sendmail guide).
pub fn takes_port(format: Format, port: u16) -> bool {
    !(format == Format::Sendmail && implicit_tls(port))
}

/// sendmail: the `/etc/mail/authinfo` line (AWS's "Integrating Amazon SES
/// with Sendmail": `U` the authorization identity, `I` the user, `P` the
/// password, `M` the mechanism), with the `access` and `sendmail.mc`
/// lines that go with it as comments, which `makemap` skips. The values
/// are in double quotes; an SES password has no `"` or `\`.
fn sendmail(out: &mut Vec<u8>, login: &Login<'_>) {
    let _ = write!(
        out,
        "# /etc/mail/authinfo, then: makemap hash /etc/mail/authinfo < /etc/mail/authinfo\n\
         AuthInfo:{host} \"U:root\" \"I:{user}\" \"P:{password}\" \"M:PLAIN\"\n\
         # /etc/mail/access (then makemap it too): Connect:{host} RELAY\n\
         # sendmail.mc:\n\
         #   define(`SMART_HOST', `{host}')dnl\n\
         #   define(`RELAY_MAILER_ARGS', `TCP $h {port}')dnl\n\
         #   define(`ESMTP_MAILER_ARGS', `TCP $h {port}')dnl\n\
         #   define(`confAUTH_MECHANISMS', `LOGIN PLAIN')dnl\n\
         #   FEATURE(`authinfo', `hash -o /etc/mail/authinfo.db')dnl\n",
        host = login.host,
        port = login.port,
        user = login.user,
        password = login.password,
    );
}

/// Exim: a `manualroute` router sending everything not local to SES, its
/// `smtp` transport requiring TLS (with the certificate checked against
/// the system's CAs) and AUTH, and a `plaintext` authenticator for PLAIN
/// (`client_send`: `^` separates the NUL-joined fields; an SES password
/// has no `^`, `$` or `\` for Exim's expansion to change). On 465 and
/// 2465 the transport speaks TLS from the first byte (`protocol = smtps`).
/// Debian's split configuration takes each section in its conf.d folder.
fn exim(out: &mut Vec<u8>, login: &Login<'_>) {
    let smtps = if implicit_tls(login.port) {
        "  protocol = smtps\n"
    } else {
        ""
    };
    let _ = write!(
        out,
        "# Amazon SES SMTP, {region}: Exim routers, transports and authenticators\n\
         begin routers\n\n\
         ses_smarthost:\n  driver = manualroute\n  domains = ! +local_domains\n  \
         transport = ses_smtp\n  route_list = * {host}\n  no_more\n\n\
         begin transports\n\n\
         ses_smtp:\n  driver = smtp\n  port = {port}\n{smtps}  \
         hosts_require_tls = *\n  hosts_require_auth = *\n  tls_verify_hosts = *\n  \
         tls_verify_certificates = system\n\n\
         begin authenticators\n\n\
         ses_plain:\n  driver = plaintext\n  public_name = PLAIN\n  \
         client_send = ^{user}^{password}\n",
        region = login.region,
        host = login.host,
        port = login.port,
        user = login.user,
        password = login.password,
    );
}

/// ssmtp's `/etc/ssmtp/ssmtp.conf`. Its parser ends a value at `=`, a
/// space or `#`; an SES password has none of them (33 bytes are 44 base64
/// characters, no padding). `TLS_CA_File` makes it check the certificate,
/// which it does not otherwise.
fn ssmtp(out: &mut Vec<u8>, login: &Login<'_>) {
    let tls = if implicit_tls(login.port) {
        "UseTLS=YES"
    } else {
        "UseSTARTTLS=YES"
    };
    let _ = write!(
        out,
        "# Amazon SES SMTP, {region}: /etc/ssmtp/ssmtp.conf\nmailhub={host}:{port}\n\
         AuthUser={user}\nAuthPass={password}\n{tls}\n\
         TLS_CA_File=/etc/ssl/certs/ca-certificates.crt\nFromLineOverride=YES\n",
        region = login.region,
        host = login.host,
        port = login.port,
        user = login.user,
        password = login.password,
    );
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
