//! Warnings: one line each on stderr, `warning: …`, silenced by `--quiet`.

use std::io::{self, Write as _};

use ses_smtp_password::{HostKind, Region};

use crate::cli::report::redact::{escape_controls, shown};

/// Prints warnings on stderr unless `--quiet`.
#[derive(Debug, Clone, Copy)]
pub struct Warnings {
    quiet: bool,
}

impl Warnings {
    /// Warnings that print unless `quiet`.
    pub fn new(quiet: bool) -> Warnings {
        Warnings { quiet }
    }

    /// Whether `--quiet` was given.
    #[cfg_attr(not(feature = "check"), allow(dead_code))]
    pub fn is_quiet(&self) -> bool {
        self.quiet
    }

    /// Prints one warning line. A closed stderr is ignored (`eprintln!`
    /// would panic).
    pub fn warn(&self, message: impl std::fmt::Display) {
        if !self.quiet {
            let _ = writeln!(io::stderr(), "warning: {message}");
        }
    }

    /// Prints one line that says what is being done (`note: …`), unless
    /// `--quiet`.
    pub fn note(&self, message: impl std::fmt::Display) {
        if !self.quiet {
            let _ = writeln!(io::stderr(), "note: {message}");
        }
    }

    /// A region that is well-formed but not in the table: used anyway, since
    /// AWS adds regions. `done` says what was done with it ("derived",
    /// "trying").
    pub fn unknown_regions<'a>(&self, regions: impl IntoIterator<Item = &'a Region>, done: &str) {
        for r in regions.into_iter().filter(|r| !r.is_known()) {
            self.warn(format_args!(
                "{r} is not a known SES SMTP region; {done} anyway (AWS adds regions: check the spelling)"
            ));
        }
    }
}

/// A warning about a host that takes no derived SES SMTP password: what
/// it is, and where to send instead. `named` says where the host came
/// from ("the URL's host", "--endpoint"); `host` is as shown.
pub fn host_words(named: &str, host: &str, kind: HostKind<'_>) -> String {
    match kind {
        HostKind::SesApi(region) => format!(
            "{named} {host} is SES's API endpoint, which speaks HTTPS, not SMTP: send to email-smtp.{region}.amazonaws.com"
        ),
        HostKind::Inbound(region) => format!(
            "{named} {host} is SES's receiving endpoint, which takes mail for your own domains without a login: send to email-smtp.{region}.amazonaws.com"
        ),
        HostKind::MailManager => format!(
            "{named} {host} is a Mail Manager ingress endpoint: it takes the ingress point's own login (an inp-… username and its stored password), not a derived password"
        ),
        HostKind::China => format!(
            "{named} {host} is in AWS's China partition, which this tool's regions and endpoints do not cover"
        ),
        HostKind::SesSmtp(_)
        | HostKind::SesSmtpFips(_)
        | HostKind::VpcEndpoint(_)
        | HostKind::Other => {
            format!("{named} {host} is not an SES SMTP endpoint (email-smtp.REGION.amazonaws.com)")
        }
    }
}

/// What a failed `credential_process` wrote on its standard error, shown
/// before the error as botocore shows it (even with `--quiet`: it is part of
/// the error): one `credential_process said: …` line each, control
/// characters escaped and anything that looks like a key hidden.
pub fn child_stderr(stderr: &[u8]) {
    let text = String::from_utf8_lossy(stderr);
    let mut out = String::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        out.push_str("credential_process said: ");
        out.push_str(&escape_controls(&shown(line)));
        out.push('\n');
    }
    let _ = io::stderr().write_all(out.as_bytes());
}
