//! What an SES SMTP reply means, in words, for `explain`: one line per
//! [`Diagnosis`], and its likely causes as `check` words them; and
//! `explain`'s own errors.

use ses_smtp_password::Diagnosis;

use super::advice::likely;
use super::{EXIT_FAILED, EXIT_USAGE};

/// Why `explain` explained nothing, or not everything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExplainError {
    /// Standard input is a terminal.
    FromTerminal,
    /// More than this many bytes.
    TooLarge(usize),
    /// No SMTP refusal in the input.
    NoReply,
    /// This many of the replies found (of the second number) are not ones
    /// SES sends; the explanations are on standard output.
    Unexplained(usize, usize),
}

impl ExplainError {
    /// The exit code, the problem line and the hint line.
    pub fn parts(self) -> (u8, String, String) {
        let s = str::to_owned;
        match self {
            ExplainError::FromTerminal => (
                EXIT_USAGE,
                s("explain reads a log from standard input, which is a terminal"),
                s(
                    "pipe the lines in: journalctl -u postfix | ses-smtp-password explain, or ses-smtp-password explain < error.txt",
                ),
            ),
            ExplainError::TooLarge(limit) => (
                EXIT_USAGE,
                format!(
                    "standard input holds more than {} KiB; explain reads a log excerpt",
                    limit / 1024
                ),
                s(
                    "pass the lines around the failure: grep -E ' [45][0-9][0-9] ' mail.log | tail -50 | ses-smtp-password explain",
                ),
            ),
            ExplainError::NoReply => (
                EXIT_USAGE,
                s("no SMTP refusal (a 4xx or 5xx reply) was found in the input"),
                s(
                    "paste the server's reply or the log line that quotes it, e.g. '535 Authentication Credentials Invalid'",
                ),
            ),
            ExplainError::Unexplained(unknown, total) => (
                EXIT_FAILED,
                format!(
                    "{unknown} of the {total} replies found {} not one SES sends (shown above)",
                    if unknown == 1 { "is" } else { "are" }
                ),
                s(
                    "check that the client talks to an SES SMTP endpoint, email-smtp.REGION.amazonaws.com (ses-smtp-password regions lists them)",
                ),
            ),
        }
    }
}

/// What the reply says happened.
pub fn meaning(d: Diagnosis) -> &'static str {
    match d {
        Diagnosis::Accepted => "accepted",
        Diagnosis::SigV2Deprecated => "SES refused the login: the password is a SigV2 one",
        Diagnosis::CredentialsInvalid => {
            "SES refused the login: the username and password are not a valid pair for this region"
        }
        Diagnosis::NotAuthorized => "SES refused to send: the IAM user lacks permission",
        Diagnosis::NotVerified => "SES refused the message: an address is not verified",
        Diagnosis::SendingPaused => "SES refused the message: sending is paused",
        Diagnosis::RateExceeded => "SES refused the message for now: too many per second",
        Diagnosis::QuotaExceeded => "SES refused the message: the daily quota is used up",
        Diagnosis::BadAddress => "SES refused an address",
        Diagnosis::Temporary => "a temporary failure at SES; the client should retry",
        Diagnosis::NotSubscribed => "SES refused the login: the account has no SES",
        Diagnosis::AuthRequired => "SES refused to send: the client did not log in",
        Diagnosis::TlsRequired => "SES refused the login: TLS was not started first",
        Diagnosis::TooLong => "SES refused the message: it is too large",
        Diagnosis::TooManyConnections => "SES refused the connection: too many at once",
        Diagnosis::DataTimeout => "SES gave up waiting for the message",
        Diagnosis::AuthTemporary => "SES could not check the login just then",
        Diagnosis::OldTls => "SES refused the connection: TLS 1.0 or 1.1",
        Diagnosis::MessageInvalid => "SES refused the message's content",
        Diagnosis::Unexpected => {
            "not a reply SES sends: is the server an SES SMTP endpoint (email-smtp.REGION.amazonaws.com)?"
        }
    }
}

/// The likely causes, most likely first (`most likely: …`); none for a
/// reply SES does not send. Without the password, a refused login's
/// causes include another region's password; `identify` tells which.
pub fn likely_causes(d: Diagnosis) -> Option<String> {
    if d == Diagnosis::Unexpected {
        return None;
    }
    let causes = d.causes(None, false);
    let mut text = likely(&causes);
    if matches!(
        d,
        Diagnosis::CredentialsInvalid | Diagnosis::SigV2Deprecated
    ) {
        text.push_str(
            "\n  next: ses-smtp-password identify < password.txt says what the password is; ses-smtp-password check tries the login",
        );
    }
    Some(text)
}
