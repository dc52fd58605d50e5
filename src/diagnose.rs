//! What an SES SMTP reply most likely means: to AUTH, and to MAIL FROM,
//! RCPT TO or the end of DATA, where SES gives its sending refusals.
//!
//! The reply texts are SES's (AWS SES developer guide, "SMTP response codes
//! returned by Amazon SES" and "Amazon SES SMTP issues"; the SigV2 text as
//! SES has sent it since the March 2021 deprecation; the TLS 1.0/1.1 refusal
//! since AWS ended those versions; the sending refusals as SES users' client
//! logs quote them). A distinctive text is read whatever code comes with it
//! (or with none: some clients log the text alone); the rest by code.

use crate::identify::PasswordKind;

/// The meaning of an SES SMTP reply.
///
/// Not `#[non_exhaustive]`: a program that explains each reply should be
/// made to handle a new one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Diagnosis {
    /// 235: accepted.
    Accepted,
    /// 535 naming Signature Version 2: a SigV2 password.
    SigV2Deprecated,
    /// 535 Authentication Credentials Invalid.
    CredentialsInvalid,
    /// 554 … not authorized to perform ses:SendRawEmail: the IAM policy.
    NotAuthorized,
    /// 554 … Email address is not verified: the sender (or, in the
    /// sandbox, a recipient) is not a verified identity in this region.
    NotVerified,
    /// 554 … Sending paused for this account.
    SendingPaused,
    /// 454 Throttling failure: Maximum sending rate exceeded.
    RateExceeded,
    /// 454 Throttling failure: Daily message quota exceeded.
    QuotaExceeded,
    /// 501 and other 5xx naming an address: a malformed MAIL FROM or RCPT TO.
    BadAddress,
    /// 454 and other 4xx: a temporary failure.
    Temporary,
    /// 535 Account not subscribed to SES: the account has no SES.
    NotSubscribed,
    /// 530 Authentication required: mail without a login.
    AuthRequired,
    /// 530 Must issue a STARTTLS command first: a login without TLS.
    TlsRequired,
    /// 552 Message is too long.
    TooLong,
    /// 421 Too many concurrent SMTP connections.
    TooManyConnections,
    /// 451 Timeout waiting for data from client.
    DataTimeout,
    /// 454 Temporary authentication failure.
    AuthTemporary,
    /// Access denied: TLS 1.0 or 1.1, which SES no longer accepts.
    OldTls,
    /// 554 Transaction failed: SES refused the message itself.
    MessageInvalid,
    /// Anything else.
    Unexpected,
}

/// Phrases (lower case) only SES's replies hold, and what each means,
/// tried in order: the SigV2 and TLS texts first, as they come with codes
/// (535, 554) that say less.
const DISTINCTIVE: [(&[&str], Diagnosis); 15] = [
    (
        &["signature version 2", "sigv2"],
        Diagnosis::SigV2Deprecated,
    ),
    (
        &["tls 1.0", "tls 1.1", "tlsv1.0", "tlsv1.1"],
        Diagnosis::OldTls,
    ),
    (&["not subscribed to ses"], Diagnosis::NotSubscribed),
    (
        &["authentication credentials invalid"],
        Diagnosis::CredentialsInvalid,
    ),
    (
        &["too many concurrent smtp connections"],
        Diagnosis::TooManyConnections,
    ),
    (&["timeout waiting for data"], Diagnosis::DataTimeout),
    (
        &["temporary authentication failure"],
        Diagnosis::AuthTemporary,
    ),
    (&["maximum sending rate"], Diagnosis::RateExceeded),
    (&["daily message quota"], Diagnosis::QuotaExceeded),
    (
        &["message is too long", "message too long"],
        Diagnosis::TooLong,
    ),
    (&["must issue a starttls"], Diagnosis::TlsRequired),
    (&["authentication required"], Diagnosis::AuthRequired),
    (
        &["not authorized", "sendrawemail"],
        Diagnosis::NotAuthorized,
    ),
    (&["not verified"], Diagnosis::NotVerified),
    (&["sending paused"], Diagnosis::SendingPaused),
];

/// Reads a reply.
///
/// ```
/// use ses_smtp_password::{diagnose, Diagnosis};
/// assert_eq!(diagnose(535, "Authentication Credentials Invalid"), Diagnosis::CredentialsInvalid);
/// assert_eq!(diagnose(454, "Temporary service failure"), Diagnosis::Temporary);
/// assert_eq!(
///     diagnose(554, "Message rejected: Email address is not verified. The following identities failed the check in region EU-WEST-1: a@example.com"),
///     Diagnosis::NotVerified
/// );
/// ```
pub fn diagnose(code: u16, text: &str) -> Diagnosis {
    let lower = text.to_ascii_lowercase();
    let has = |phrase: &str| lower.contains(phrase);
    // Texts only SES sends, whatever the code (first match wins).
    if let Some((_, d)) = DISTINCTIVE
        .iter()
        .find(|(phrases, _)| phrases.iter().any(|p| has(p)))
    {
        return *d;
    }
    match code {
        200..=299 => Diagnosis::Accepted,
        535 => Diagnosis::CredentialsInvalid,
        552 => Diagnosis::TooLong,
        554 if has("transaction failed") => Diagnosis::MessageInvalid,
        500..=599 if has("address") => Diagnosis::BadAddress,
        400..=499 => Diagnosis::Temporary,
        0 if has("temporary service failure") => Diagnosis::Temporary,
        _ => Diagnosis::Unexpected,
    }
}

/// One likely cause of a refusal. Say it in words (and with the fix the
/// program offers) where it is shown: this crate has no user interface.
///
/// Not `#[non_exhaustive]`: a program that explains each cause should be
/// made to handle a new one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cause {
    /// The password given is a SigV2 one, which SES rejects.
    SigV2Password,
    /// The password given is a raw secret access key, not derived from it.
    RawSecretAsPassword,
    /// The password given is an access key ID (that is the username).
    AccessKeyIdAsPassword,
    /// The password given is no SES SMTP password at all.
    NotSesPassword,
    /// SES's own reply names SigV2.
    SesSaysSigV2,
    /// The SigV4 password was derived for another region than the endpoint's.
    OtherRegion,
    /// The key is inactive or deleted, or the password comes from an older key.
    InactiveOrOldKey,
    /// The key is brand new: IAM takes seconds to make it valid everywhere.
    NewKey,
    /// The username is not the access key ID of this secret.
    WrongUsername,
    /// The IAM user's policy does not allow `ses:SendRawEmail`.
    NotAuthorized,
    /// The sender (or its domain) is not verified in this region, or the
    /// account is in the sandbox and a recipient is not verified.
    NotVerified,
    /// Sending is paused for the account or its configuration set.
    SendingPaused,
    /// The account's maximum sending rate was exceeded.
    RateExceeded,
    /// The account's daily sending quota is used up.
    QuotaExceeded,
    /// The server refused an address as malformed.
    BadAddress,
    /// A temporary failure at SES.
    Temporary,
    /// The AWS account that owns the key has not signed up for SES.
    NotSubscribed,
    /// The client sent mail without logging in.
    NoLogin,
    /// The client tried to log in before starting TLS.
    NoTls,
    /// The message is larger than SES takes.
    TooLong,
    /// Too many connections to SES are open at once.
    TooManyConnections,
    /// The client stopped sending in the middle of the message.
    DataTimeout,
    /// SES could not check the credentials at that moment.
    AuthTemporary,
    /// The client's TLS is 1.0 or 1.1, which SES refuses.
    OldTls,
    /// SES refused the message's content or headers.
    MessageInvalid,
    /// A reply SES does not send: probably not an SES endpoint.
    Unexpected,
}

impl Diagnosis {
    /// The likely causes of a refusal, most likely first, given what the
    /// password was (when known) and whether it was derived for the
    /// endpoint's own region.
    ///
    /// ```
    /// use ses_smtp_password::{Cause, Diagnosis, PasswordKind};
    /// let causes = Diagnosis::CredentialsInvalid.causes(Some(PasswordKind::SigV4), false);
    /// assert_eq!(causes[0], Cause::OtherRegion);
    /// ```
    pub fn causes(
        self,
        password: Option<PasswordKind>,
        region_matches_endpoint: bool,
    ) -> Vec<Cause> {
        let mut out = Vec::new();
        match password {
            Some(PasswordKind::SigV2) => out.push(Cause::SigV2Password),
            Some(PasswordKind::SecretAccessKey) => out.push(Cause::RawSecretAsPassword),
            Some(PasswordKind::AccessKeyId) => out.push(Cause::AccessKeyIdAsPassword),
            Some(PasswordKind::NotSes) => out.push(Cause::NotSesPassword),
            Some(PasswordKind::SigV4) | None => {}
        }
        match self {
            Diagnosis::Accepted => {}
            Diagnosis::SigV2Deprecated => {
                if password != Some(PasswordKind::SigV2) {
                    out.push(Cause::SesSaysSigV2);
                }
            }
            Diagnosis::CredentialsInvalid => {
                if !region_matches_endpoint {
                    out.push(Cause::OtherRegion);
                }
                out.extend([Cause::InactiveOrOldKey, Cause::NewKey, Cause::WrongUsername]);
            }
            Diagnosis::NotAuthorized => out.push(Cause::NotAuthorized),
            Diagnosis::NotVerified => out.push(Cause::NotVerified),
            Diagnosis::SendingPaused => out.push(Cause::SendingPaused),
            Diagnosis::RateExceeded => out.push(Cause::RateExceeded),
            Diagnosis::QuotaExceeded => out.push(Cause::QuotaExceeded),
            Diagnosis::BadAddress => out.push(Cause::BadAddress),
            Diagnosis::Temporary => out.push(Cause::Temporary),
            Diagnosis::NotSubscribed => out.push(Cause::NotSubscribed),
            Diagnosis::AuthRequired => out.push(Cause::NoLogin),
            Diagnosis::TlsRequired => out.push(Cause::NoTls),
            Diagnosis::TooLong => out.push(Cause::TooLong),
            Diagnosis::TooManyConnections => out.push(Cause::TooManyConnections),
            Diagnosis::DataTimeout => out.push(Cause::DataTimeout),
            Diagnosis::AuthTemporary => out.extend([Cause::AuthTemporary, Cause::NewKey]),
            Diagnosis::OldTls => out.push(Cause::OldTls),
            Diagnosis::MessageInvalid => out.push(Cause::MessageInvalid),
            Diagnosis::Unexpected => out.push(Cause::Unexpected),
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replies() {
        let cases = [
            (235, "Authentication successful.", Diagnosis::Accepted),
            (
                535,
                "Authentication Credentials Invalid",
                Diagnosis::CredentialsInvalid,
            ),
            (
                535,
                "Signature Version 2 is deprecated. Please use Signature Version 4",
                Diagnosis::SigV2Deprecated,
            ),
            (
                554,
                "Access denied: User `arn:aws:iam::1:user/x' is not authorized to perform `ses:SendRawEmail'",
                Diagnosis::NotAuthorized,
            ),
            (
                454,
                "Temporary authentication failure",
                Diagnosis::AuthTemporary,
            ),
            (500, "Syntax error", Diagnosis::Unexpected),
            // Either phrase is enough; a 554 with neither is no permission problem.
            (
                554,
                "User is not authorized to perform this action",
                Diagnosis::NotAuthorized,
            ),
            (
                530,
                "Access denied for ses:SendRawEmail",
                Diagnosis::NotAuthorized,
            ),
            (554, "Message rejected", Diagnosis::Unexpected),
            (
                554,
                "Message rejected: Email address is not verified. The following identities failed the check in region EU-WEST-1: a@example.com",
                Diagnosis::NotVerified,
            ),
            (
                554,
                "Message rejected: Sending paused for this account. For more information, please check the AWS SES console.",
                Diagnosis::SendingPaused,
            ),
            (
                454,
                "Throttling failure: Maximum sending rate exceeded.",
                Diagnosis::RateExceeded,
            ),
            (
                454,
                "Throttling failure: Daily message quota exceeded.",
                Diagnosis::QuotaExceeded,
            ),
            (
                501,
                "Invalid MAIL FROM address provided",
                Diagnosis::BadAddress,
            ),
        ];
        for (i, (code, text, want)) in cases.iter().enumerate() {
            assert_eq!(diagnose(*code, text), *want, "case {i}");
        }
    }

    /// Every reply in AWS's table ("SMTP response codes returned by Amazon
    /// SES") and those users report, with and without its code.
    #[test]
    fn every_documented_reply() {
        let cases = [
            (
                421,
                "Too many concurrent SMTP connections",
                Diagnosis::TooManyConnections,
            ),
            (451, "Temporary service failure", Diagnosis::Temporary),
            (454, "Temporary service failure", Diagnosis::Temporary),
            (
                451,
                "Timeout waiting for data from client.",
                Diagnosis::DataTimeout,
            ),
            (
                454,
                "Temporary authentication failure",
                Diagnosis::AuthTemporary,
            ),
            (
                454,
                "Throttling failure: Daily message quota exceeded.",
                Diagnosis::QuotaExceeded,
            ),
            (
                454,
                "Throttling failure: Maximum sending rate exceeded.",
                Diagnosis::RateExceeded,
            ),
            (530, "Authentication required", Diagnosis::AuthRequired),
            (
                530,
                "5.7.0 Must issue a STARTTLS command first",
                Diagnosis::TlsRequired,
            ),
            (
                535,
                "Account not subscribed to SES",
                Diagnosis::NotSubscribed,
            ),
            (
                535,
                "Authentication Credentials Invalid",
                Diagnosis::CredentialsInvalid,
            ),
            (552, "Message is too long", Diagnosis::TooLong),
            (
                554,
                "Access denied: Amazon SES no longer supports TLS 1.0 and TLS 1.1 connections. Use TLS 1.2 or later.",
                Diagnosis::OldTls,
            ),
            (
                554,
                "Transaction failed: Duplicate header 'Subject'.",
                Diagnosis::MessageInvalid,
            ),
            (
                554,
                "Message rejected: Sending paused for this account.",
                Diagnosis::SendingPaused,
            ),
        ];
        for (code, text, want) in cases {
            assert_eq!(diagnose(code, text), want, "{code} {text}");
        }
        // A client that logs the text alone: the distinctive ones still read.
        for (text, want) in [
            (
                "Authentication Credentials Invalid",
                Diagnosis::CredentialsInvalid,
            ),
            ("Account not subscribed to SES", Diagnosis::NotSubscribed),
            ("Message is too long", Diagnosis::TooLong),
            ("Temporary service failure", Diagnosis::Temporary),
            (
                "Must issue a STARTTLS command first",
                Diagnosis::TlsRequired,
            ),
            ("Authentication required", Diagnosis::AuthRequired),
            ("Something else", Diagnosis::Unexpected),
        ] {
            assert_eq!(diagnose(0, text), want, "{text}");
        }
    }

    #[test]
    fn causes_follow_the_password() {
        let c = Diagnosis::CredentialsInvalid.causes(Some(PasswordKind::SecretAccessKey), true);
        assert_eq!(
            c,
            [
                Cause::RawSecretAsPassword,
                Cause::InactiveOrOldKey,
                Cause::NewKey,
                Cause::WrongUsername
            ]
        );
        let c = Diagnosis::CredentialsInvalid.causes(Some(PasswordKind::SigV4), false);
        assert_eq!(c[0], Cause::OtherRegion);
        assert_eq!(
            Diagnosis::NotAuthorized.causes(None, true),
            [Cause::NotAuthorized]
        );
        assert_eq!(
            Diagnosis::SigV2Deprecated.causes(Some(PasswordKind::SigV2), true),
            [Cause::SigV2Password]
        );
        assert_eq!(
            Diagnosis::SigV2Deprecated.causes(None, true),
            [Cause::SesSaysSigV2]
        );
    }
}
