//! `check`'s login, for `rotate`: TLS and EHLO to every region's endpoint
//! before a key exists (a blocked port is found before anything is
//! created), then the new key's login in every region, retried until SES
//! accepts it or the time is up.

// Used by ses-smtp-password-rotate alone; ses-smtp-password compiles the
// same `cli` tree without calling it.
#![allow(dead_code)]

use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use lettre::transport::smtp::client::Certificate;
use ses_smtp_password::{Region, SmtpPassword};
use zeroize::Zeroizing;

use super::each_region::each_region;
use super::{Login, Patience, Reach, Target, load_ca, login_until, session, target};
use crate::cli::report::CliError;
use crate::cli::report::warn::Warnings;

/// Where and how `rotate` logs in.
pub struct Proof {
    targets: Vec<(Region, Target)>,
    ca: Option<Certificate>,
    timeout: u64,
    warnings: Warnings,
}

impl Proof {
    /// Each region's target, and the CA file read, as `check` does.
    pub fn new(
        reach: &Reach<'_>,
        regions: &[Region],
        ca_file: Option<&Path>,
        timeout: u64,
        warnings: Warnings,
    ) -> Result<Proof, CliError> {
        let targets = regions
            .iter()
            .map(|r| Ok((r.clone(), target(reach, Some(r))?)))
            .collect::<Result<Vec<_>, CliError>>()?;
        let ca = ca_file.map(|p| load_ca(p, warnings)).transpose()?;
        Ok(Proof {
            targets,
            ca,
            timeout,
            warnings,
        })
    }

    /// TLS and EHLO with every region's endpoint, no AUTH.
    pub fn greet(&self) -> Result<Zeroizing<Vec<u8>>, CliError> {
        let targets: Vec<_> = self.targets.iter().map(|(r, t)| (Some(r), t)).collect();
        each_region(&targets, self.warnings, |target, _| {
            let session = session::Session {
                host: target.host.clone(),
                port: target.port,
                tls: target.tls,
                ca: self.ca.clone(),
                username: String::new(),
                password: Zeroizing::new(String::new()),
                message: None,
                greet_only: true,
            };
            match session::attempt(session, Duration::from_secs(self.timeout)) {
                Ok(_) => Ok(Zeroizing::new(
                    format!("{} reached; TLS established\n", target.name()).into_bytes(),
                )),
                Err(super::Failure::Net(problem, detail)) => {
                    Err(CliError::Net(target.name(), problem, detail, self.timeout))
                }
                Err(super::Failure::Rejected { code, text })
                | Err(super::Failure::MessageRefused { code, text }) => Err(CliError::Net(
                    target.name(),
                    crate::cli::report::NetProblem::Refused,
                    format!("{code} {text}"),
                    self.timeout,
                )),
            }
        })
    }

    /// Logs in with `username` and each region's password (in the order
    /// of the regions given to [`Proof::new`]) until SES accepts or
    /// `deadline` passes, or `stop` is set (between attempts).
    pub fn login(
        &self,
        username: &str,
        passwords: &[SmtpPassword],
        deadline: Instant,
        stop: &AtomicBool,
    ) -> Result<Zeroizing<Vec<u8>>, CliError> {
        let targets: Vec<_> = self
            .targets
            .iter()
            .zip(passwords)
            .map(|((r, t), p)| (Some(r), (t, p)))
            .collect();
        each_region(&targets, self.warnings, |(target, password), _| {
            let left = deadline.saturating_duration_since(Instant::now());
            let patience = Patience {
                wait: Some(left.as_secs()),
                timeout: self.timeout,
                from: None,
                stop: Some(stop),
            };
            let login = Login {
                target,
                ca: self.ca.as_ref(),
                username,
                password: password.as_str(),
                message: None,
            };
            login_until(&patience, &login, self.warnings, |diagnosis| {
                diagnosis.causes(None, true)
            })
        })
    }
}
