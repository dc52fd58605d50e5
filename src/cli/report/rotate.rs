//! `rotate`'s failures: one variant each, with its exit code and two lines
//! in one match. Made only in ses-smtp-password-rotate; they live here,
//! beside the other errors, because they are plain data (key IDs, dates,
//! IAM's error codes), never a secret and never an SDK type.

// Made only in ses-smtp-password-rotate; ses-smtp-password compiles them
// for the one match (`parts`) that renders every error.
#![allow(dead_code)]

use super::{EXIT_FAILED, EXIT_INTERRUPTED, EXIT_NETWORK, EXIT_USAGE};

/// Exit code: partial, delivered or unknown; the old key is not retired.
pub const EXIT_PARTIAL: u8 = 4;

/// One access key as the messages show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyFacts {
    pub id: String,
    pub status: String,
    /// RFC 3339, as IAM gives it.
    pub created: String,
    /// RFC 3339, or `None` for never.
    pub last_used: Option<String>,
}

impl KeyFacts {
    fn line(&self) -> String {
        format!(
            "{} ({}, created {}, {})",
            self.id,
            self.status,
            self.created,
            self.last_used
                .as_deref()
                .map_or("never used".to_owned(), |t| format!("last used {t}"))
        )
    }
}

/// How far a failed rotation got, for the words "nothing changed" or "rolled back".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Before CreateAccessKey: IAM is as it was.
    Preflight,
    /// Before CreateAccessKey, after deleting what earlier rotations left
    /// (a key this tool retired, a pending key whose secret was lost).
    CleanedUp,
    /// After it: the new key and its tag were deleted again.
    RolledBack,
}

impl Stage {
    fn words(self) -> &'static str {
        match self {
            Stage::Preflight => "nothing was changed",
            Stage::CleanedUp => {
                "no key was created; only keys earlier rotations left behind were deleted"
            }
            Stage::RolledBack => "the new key was deleted again; the old key is untouched",
        }
    }
}

#[derive(Debug)]
pub enum RotateError {
    /// The AWS SDK found no credentials for the IAM caller.
    NoCallerCredentials(String),
    /// An IAM or STS call (named) could not be made: network, timeout.
    IamUnreachable(Stage, &'static str, String),
    /// IAM refused a call (named) with this error code and message.
    IamRefused(Stage, &'static str, String),
    /// The user (name as given) does not exist.
    NoSuchUser(String),
    /// Two keys, neither one this tool may delete.
    TwoKeys(String, Vec<KeyFacts>),
    /// A key another caller created after the preflight took the free slot.
    KeyAppeared(String),
    /// An interrupted rotation: this pending key, its staged file (as shown).
    Interrupted(String, String),
    /// `--resume` with no interrupted rotation of this user.
    NothingToResume(String),
    /// An earlier rotation delivered the new key (ID) and left the old one
    /// (ID) Active: the user, the new key, the old key.
    NotRetired(String, String, String),
    /// The destination cannot be written (as shown, and why).
    Destination(String, String),
    /// `--exec`'s command cannot be run (as shown, why).
    NoCommand(String, String),
    /// SES did not accept the new key in time: the per-region lines.
    NeverAccepted(String, Vec<String>),
    /// The SMTP endpoints could not be reached: the check's problem and hint.
    SmtpUnreachable(Stage, String, String),
    /// The staged file could not be written (path as shown, why).
    StageFailed(String, String),
    /// `--exec`'s command failed: its status, the new and old key IDs, the user.
    CommandFailed(String, String, Option<String>, String),
    /// Delivered, but the old key (ID) could not be retired: why, the user.
    RetireFailed(String, Option<String>, String, String),
    /// The new key (ID) could not be deleted after a failure: why, the user.
    RollbackFailed(String, String, String),
    /// Ctrl-C (or SIGTERM) before delivery: how far it had got.
    Cancelled(Stage),
}

impl RotateError {
    /// The exit code, the problem line and the hint line.
    pub fn parts(&self) -> (u8, String, String) {
        use RotateError as E;
        let delete = |user: &str, key: &str| {
            format!("aws iam delete-access-key --user-name {user} --access-key-id {key}")
        };
        match self {
            E::NoCallerCredentials(detail) => (
                EXIT_USAGE,
                format!("no AWS credentials for the IAM calls ({detail}); nothing was changed"),
                "give an admin profile with --iam-profile NAME, or set AWS_PROFILE or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY".to_owned(),
            ),
            E::IamUnreachable(stage, call, detail) => (
                EXIT_NETWORK,
                format!("IAM did not answer {call} ({detail}); {}", stage.words()),
                "check the network path to IAM (or AWS_ENDPOINT_URL_IAM), then run the same command again".to_owned(),
            ),
            E::IamRefused(stage, call, reply) => (
                if *stage == Stage::RolledBack { EXIT_NETWORK } else { EXIT_USAGE },
                format!("IAM refused {call}: {reply}; {}", stage.words()),
                "the caller needs the policy in the README (Rotate without a 535) on this user".to_owned(),
            ),
            E::NoSuchUser(user) => (
                EXIT_USAGE,
                format!("IAM has no user named {user}; nothing was changed"),
                "give the SMTP user's IAM user name: aws iam list-users".to_owned(),
            ),
            E::TwoKeys(user, keys) => (
                EXIT_USAGE,
                format!(
                    "{user} already has two access keys, IAM's limit, and neither was retired by this tool: {}; nothing was changed",
                    keys.iter().map(KeyFacts::line).collect::<Vec<_>>().join("; ")
                ),
                format!(
                    "delete the one no longer in use, then run again: {}",
                    delete(user, "ID")
                ),
            ),
            E::KeyAppeared(user) => (
                EXIT_USAGE,
                format!("another access key of {user} was created after the preflight and took the free slot; nothing was changed"),
                "find out who rotates this user besides you, then run again".to_owned(),
            ),
            E::Interrupted(key, staged) => (
                EXIT_USAGE,
                format!("an earlier rotation stopped after creating {key}; its result is staged in {staged}"),
                "finish it with the same command and --resume".to_owned(),
            ),
            E::NotRetired(user, new, old) => (
                EXIT_USAGE,
                format!("an earlier rotation delivered {new} and did not retire {old}; both are Active; nothing was changed"),
                format!("once nothing uses {old}, finish it with the same command and --resume, or by hand: aws iam update-access-key --user-name {user} --access-key-id {old} --status Inactive"),
            ),
            E::NothingToResume(user) => (
                EXIT_USAGE,
                format!("no interrupted rotation of {user} to resume"),
                "run without --resume to rotate".to_owned(),
            ),
            E::Destination(path, why) => (
                EXIT_USAGE,
                format!("cannot write {path}: {why}; nothing was changed"),
                "give --out a regular file (or a new name) in a folder you can write".to_owned(),
            ),
            E::NoCommand(program, why) => (
                EXIT_USAGE,
                format!("cannot run {program}: {why}; nothing was changed"),
                "give --exec -- a program that exists and is executable".to_owned(),
            ),
            E::NeverAccepted(key, lines) => (
                EXIT_FAILED,
                format!(
                    "SES did not accept the new key {key} in time: {}; the new key was deleted again, nothing was written, the old key is untouched",
                    lines.join("; ")
                ),
                "IAM can take minutes: run again with a longer --wait; check the user may call ses:SendRawEmail".to_owned(),
            ),
            E::SmtpUnreachable(stage, problem, hint) => (
                EXIT_NETWORK,
                format!("{problem}; {}", stage.words()),
                hint.clone(),
            ),
            E::StageFailed(path, why) => (
                EXIT_FAILED,
                format!("could not stage the result in {path}: {why}; the new key was deleted again"),
                "free space or permissions where the file goes, then run again".to_owned(),
            ),
            E::CommandFailed(status, new, old, _) => (
                EXIT_PARTIAL,
                format!(
                    "the --exec command failed ({status}); both keys stay Active: new {new}, old {}",
                    old.as_deref().unwrap_or("none")
                ),
                "fix the command, then run the same command with --resume to deliver again and retire the old key".to_owned(),
            ),
            E::RetireFailed(new, old, why, user) => (
                EXIT_PARTIAL,
                format!(
                    "delivered the new key {new}, but the old key {} was not retired: {why}",
                    old.as_deref().unwrap_or("none")
                ),
                format!(
                    "retire it by hand: aws iam update-access-key --user-name {user} --access-key-id {} --status Inactive",
                    old.as_deref().unwrap_or("ID")
                ),
            ),
            E::RollbackFailed(key, why, user) => (
                EXIT_PARTIAL,
                format!("the rotation failed and the new key {key} could not be deleted: {why}; its secret is lost"),
                format!("delete it: {}", delete(user, key)),
            ),
            E::Cancelled(stage) => (
                EXIT_INTERRUPTED,
                format!("interrupted before delivery; {}", stage.words()),
                "run the same command again when ready".to_owned(),
            ),
        }
    }
}
