//! `rotate`: the whole key rotation, crash-safe, in the order of issue 19.
//!
//! 0. Preflight, read-only (all `--dry-run` does): the caller, the user's
//!    keys and ledger (`ledger`), the destination (`deliver`), TLS to each
//!    region's SMTP endpoint (check's `Proof::greet`).
//! 1. CreateAccessKey, once; the ledger says "pending".
//! 2. Derive each region's password; the secret is wiped.
//! 3. Stage the result (`stage`): from here a crash is resumable.
//! 4. Log in to SES until it accepts in every region (check's loop); never
//!    accepted: delete the key and its tag, remove the staged file.
//! 5. Deliver; the ledger says "active".
//! 6. Retire the old key (deactivate, delete or keep); the ledger says
//!    "retired" of a deactivated key, which the next rotation may delete.
//!
//! Ctrl-C or SIGTERM once IAM may change is answered between steps: before
//! delivery, by rolling back as in step 4 (exit 130).
//!
//! `iam` is the only module that knows the AWS SDK.

mod deliver;
mod iam;
mod ledger;
mod plan;
mod stage;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use ses_smtp_password::{Region, parse_regions, smtp_password_v4};
use zeroize::Zeroizing;

use crate::cli::commands::check::Reach;
use crate::cli::commands::check::proof::Proof;
use crate::cli::flags::rotate::{Retire, RotateArgs};
use crate::cli::output::form::{self, Form};
use crate::cli::report::CliError;
use crate::cli::report::rotate::{RotateError, Stage};
use crate::cli::report::warn::Warnings;
use deliver::{Delivery, Destination};
use iam::{CallError, Iam};
use ledger::State;
use stage::Staged;

/// Everything a rotation works with, once the preflight has read it.
struct Rotation<'a> {
    args: &'a RotateArgs,
    iam: Iam,
    proof: Proof,
    regions: Vec<Region>,
    destination: Destination,
    staged_at: std::path::PathBuf,
    warnings: Warnings,
    /// Set by Ctrl-C (SIGINT) or SIGTERM once IAM may change.
    stop: Arc<AtomicBool>,
}

/// Runs `rotate`; returns what goes to standard output.
pub fn run(args: &RotateArgs) -> Result<Zeroizing<Vec<u8>>, CliError> {
    let warnings = Warnings::new(args.quiet);
    let regions =
        parse_regions(&args.region).map_err(|(index, error)| CliError::BadRegion(index, error))?;
    warnings.unknown_regions(&regions, "proving");
    let chosen = Form::chosen(args.format, args.app);
    form::check_count(chosen, regions.len()).map_err(CliError::Format)?;
    chosen.check(args.port).map_err(CliError::Format)?;
    let destination = Destination::of(args);
    let staged_at = stage::path(args).ok_or_else(|| {
        fail(RotateError::Destination(
            "the staged file".to_owned(),
            "no folder for it: set HOME or XDG_STATE_HOME".to_owned(),
        ))
    })?;
    let reach = Reach {
        endpoint: args.endpoint.as_deref(),
        port: args.port,
        tls: args.tls,
        fips: false,
    };
    let proof = Proof::new(
        &reach,
        &regions,
        args.ca_file.as_deref(),
        args.timeout,
        warnings,
    )?;
    let iam = Iam::new(
        args.iam_profile.as_deref(),
        Duration::from_secs(args.timeout),
    )
    .map_err(|e| preflight_error("the AWS SDK", e))?;
    let rotation = Rotation {
        args,
        iam,
        proof,
        regions,
        destination,
        staged_at,
        warnings,
        stop: Arc::default(),
    };
    rotation.go()
}

fn fail(e: RotateError) -> CliError {
    CliError::Rotate(e)
}

/// A failed call before anything changed.
fn preflight_error(call: &'static str, e: CallError) -> CliError {
    fail(match e {
        CallError::NoCredentials(d) => RotateError::NoCallerCredentials(d),
        CallError::Unreachable(d) => RotateError::IamUnreachable(Stage::Preflight, call, d),
        refused => RotateError::IamRefused(Stage::Preflight, call, refused.line()),
    })
}

impl Rotation<'_> {
    fn go(self) -> Result<Zeroizing<Vec<u8>>, CliError> {
        let user = self.args.user.as_str();
        let found = plan::look(&self.iam, user, &self.staged_at)?;
        self.destination.preflight().map_err(fail)?;
        self.proof.greet().map_err(|e| {
            let (_, problem, hint) = e.parts();
            fail(RotateError::SmtpUnreachable(
                Stage::Preflight,
                problem,
                hint,
            ))
        })?;
        if self.args.dry_run {
            return Ok(plan::describe(
                &found,
                self.args,
                &self.regions,
                &self.destination,
            ));
        }
        // From here IAM may change: a Ctrl-C (or a service manager's
        // SIGTERM) no longer kills the process; it is answered between
        // steps by rolling back, so no key is left behind with its secret
        // lost. Before this point the default (exit at once) is right:
        // nothing has changed.
        // (`register` refuses only signals that cannot be caught, such as
        // SIGKILL; these two can.)
        for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
            let _ = signal_hook::flag::register(signal, Arc::clone(&self.stop));
        }
        match (&found.pending, found.staged.as_ref()) {
            (Some(pending), Some(staged)) if self.args.resume => {
                let staged = Staged {
                    key: staged.key.clone(),
                    passwords: staged.passwords.clone(),
                };
                let old = match &pending.state {
                    State::Pending(old) => old.clone(),
                    _ => None,
                };
                return self.prove_and_finish(staged, old);
            }
            (Some(pending), Some(_)) => {
                return Err(fail(RotateError::Interrupted(
                    pending.key.clone(),
                    crate::cli::report::redact::shown_path(&self.staged_at),
                )));
            }
            _ => {}
        }
        if let Some((new, old)) = plan::unretired(&found) {
            if !self.args.resume {
                return Err(fail(RotateError::NotRetired(user.to_owned(), new, old)));
            }
            // Delivered already: only step 6 is left (nothing to print;
            // the secret was never kept).
            return match self.retire(Some(&old)) {
                Ok(()) => {
                    self.warnings.note(format_args!(
                        "rotated {user}: {new} was delivered earlier; old key {}",
                        self.retired_words(Some(&old))
                    ));
                    Ok(Zeroizing::new(Vec::new()))
                }
                Err(e) => Err(fail(RotateError::RetireFailed(
                    new,
                    Some(old),
                    e.line(),
                    user.to_owned(),
                ))),
            };
        }
        if found.pending.is_none() && self.args.resume {
            return Err(fail(RotateError::NothingToResume(user.to_owned())));
        }
        if self.stopped() {
            return Err(fail(RotateError::Cancelled(Stage::Preflight)));
        }
        let keys = plan::tidy(&self.iam, user, &found, &self.staged_at, self.warnings)?;
        let old = plan::make_room(&self.iam, user, &keys, &found)?;
        // Tidying deleted a lost pending key, or making room deleted a
        // retired one: an error from here on must not say "nothing changed".
        let untouched = if keys.len() < found.keys.len() || keys.len() >= 2 {
            Stage::CleanedUp
        } else {
            Stage::Preflight
        };
        if self.stopped() {
            return Err(fail(RotateError::Cancelled(untouched)));
        }
        let before: Vec<String> = keys.iter().map(|k| k.id.clone()).collect();
        let new = match self.iam.create_key(user) {
            Ok(key) => key,
            Err(e) => return Err(self.after_failed_create(&before, untouched, e)),
        };
        self.warnings
            .note(format_args!("created {} for {user}", new.id));
        let pending = ledger::value(&State::Pending(old.clone()), &now());
        if let Err(e) = self.iam.tag(user, &new.id, &pending) {
            return Err(self.roll_back(&new.id, |stage| {
                RotateError::IamRefused(stage, "TagUser", e.line())
            }));
        }
        if self.stopped() {
            return Err(self.roll_back(&new.id, RotateError::Cancelled));
        }
        // Step 2: one password per region; the secret goes with `new`.
        let passwords = self
            .regions
            .iter()
            .map(|r| (r.clone(), smtp_password_v4(new.secret.as_bytes(), r.code())))
            .collect();
        let staged = Staged {
            key: new.id.clone(),
            passwords,
        };
        drop(new);
        if let Err(e) = stage::write(&self.staged_at, &staged, self.args.port) {
            let path = crate::cli::report::redact::shown_path(&self.staged_at);
            return Err(self.roll_back(&staged.key, |_| {
                RotateError::StageFailed(path.clone(), e.kind().to_string())
            }));
        }
        self.prove_and_finish(staged, old)
    }

    /// Steps 4 to 6.
    fn prove_and_finish(
        self,
        staged: Staged,
        old: Option<String>,
    ) -> Result<Zeroizing<Vec<u8>>, CliError> {
        let user = self.args.user.as_str();
        let deadline = Instant::now() + Duration::from_secs(self.args.wait);
        let passwords: Vec<_> = staged.passwords.iter().map(|(_, p)| p.clone()).collect();
        let proven = self
            .proof
            .login(&staged.key, &passwords, deadline, &self.stop);
        if self.stopped() {
            return Err(self.roll_back(&staged.key, RotateError::Cancelled));
        }
        if let Err(e) = proven {
            let (_, problem, hint) = e.parts();
            let network = matches!(e, CliError::Net(..));
            let lines = match &e {
                CliError::RegionsFailed(_, lines) => lines.clone(),
                _ => vec![problem.clone()],
            };
            let key = staged.key.clone();
            return Err(self.roll_back(&key, |stage| {
                if network {
                    RotateError::SmtpUnreachable(stage, problem.clone(), hint.clone())
                } else {
                    RotateError::NeverAccepted(key.clone(), lines.clone())
                }
            }));
        }
        self.warnings
            .note(format_args!("SES accepted {} in every region", staged.key));
        let out = match self.destination.deliver(
            &staged,
            Form::chosen(self.args.format, self.args.app),
            self.args.port,
        ) {
            Ok(out) => out,
            Err(Delivery::Form(e)) => return Err(e),
            Err(Delivery::Failed(why)) => {
                return Err(fail(RotateError::CommandFailed(
                    why,
                    staged.key.clone(),
                    old,
                    user.to_owned(),
                )));
            }
        };
        // The ledger says "active" before the staged file goes: a crash
        // between the two must not leave a delivered key that the next run
        // takes for a pending one whose secret was lost (and deletes).
        let active = ledger::value(&State::Active(old.clone()), &now());
        let retired = self
            .iam
            .tag(user, &staged.key, &active)
            .inspect(|()| {
                let _ = stage::remove(&self.staged_at);
            })
            .and_then(|()| self.retire(old.as_deref()));
        if let Err(e) = retired {
            return Err(fail(RotateError::RetireFailed(
                staged.key.clone(),
                old,
                e.line(),
                user.to_owned(),
            )));
        }
        self.warnings.note(format_args!(
            "rotated {user}: {} delivered; old key {}",
            staged.key,
            self.retired_words(old.as_deref())
        ));
        Ok(out)
    }

    /// Whether a Ctrl-C or SIGTERM has come.
    fn stopped(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }

    /// What step 6 did to `old`, for the closing note.
    fn retired_words(&self, old: Option<&str>) -> String {
        match (old, self.args.retire) {
            (None, _) => "none".to_owned(),
            (Some(o), Retire::Deactivate) => format!("{o} deactivated"),
            (Some(o), Retire::Delete) => format!("{o} deleted"),
            (Some(o), Retire::Keep) => format!("{o} kept Active"),
        }
    }

    /// Step 6.
    fn retire(&self, old: Option<&str>) -> Result<(), CallError> {
        let (Some(old), user) = (old, self.args.user.as_str()) else {
            return Ok(());
        };
        match self.args.retire {
            Retire::Deactivate => {
                self.iam.deactivate(user, old)?;
                self.iam
                    .tag(user, old, &ledger::value(&State::Retired, &now()))
            }
            Retire::Delete => {
                self.iam.delete_key(user, old)?;
                // A tag of a key that is gone is only noise; no harm if it stays.
                let _ = self.iam.untag(user, old);
                Ok(())
            }
            Retire::Keep => Ok(()),
        }
    }

    /// CreateAccessKey failed. A lost answer may still have made a key:
    /// list again and delete any key that was not there before (its secret
    /// is lost). `untouched` says what IAM is like when no key was made.
    /// A third key is IAM's `LimitExceeded`: another caller took
    /// the slot since the preflight.
    fn after_failed_create(&self, before: &[String], untouched: Stage, e: CallError) -> CliError {
        let user = self.args.user.as_str();
        if e.code() == Some("LimitExceeded") {
            return fail(RotateError::KeyAppeared(user.to_owned()));
        }
        let mut stage = untouched;
        if let Ok(keys) = self.iam.keys(user) {
            for key in keys.iter().filter(|k| !before.contains(&k.id)) {
                stage = Stage::RolledBack;
                if let Err(d) = self.iam.delete_key(user, &key.id) {
                    return fail(RotateError::RollbackFailed(
                        key.id.clone(),
                        d.line(),
                        user.to_owned(),
                    ));
                }
            }
        }
        fail(match e {
            CallError::Unreachable(d) => RotateError::IamUnreachable(stage, "CreateAccessKey", d),
            other => RotateError::IamRefused(stage, "CreateAccessKey", other.line()),
        })
    }

    /// Deletes the new key, its tag and the staged file; the error that
    /// caused it, told that it was rolled back.
    fn roll_back(&self, key: &str, error: impl Fn(Stage) -> RotateError) -> CliError {
        let user = self.args.user.as_str();
        let _ = stage::remove(&self.staged_at);
        if let Err(e) = self.iam.delete_key(user, key) {
            return fail(RotateError::RollbackFailed(
                key.to_owned(),
                e.line(),
                user.to_owned(),
            ));
        }
        let _ = self.iam.untag(user, key);
        fail(error(Stage::RolledBack))
    }
}

/// Now, as RFC 3339 UTC to the second (the ledger's times).
fn now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    aws_sdk_iam::primitives::DateTime::from_secs(secs as i64)
        .fmt(aws_sdk_iam::primitives::DateTimeFormat::DateTime)
        .unwrap_or_default()
}
