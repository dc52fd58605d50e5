//! What an SES SMTP reply most likely means: to AUTH, and to MAIL FROM,
//! RCPT TO or the end of DATA, where SES gives its sending refusals.
//!
//! The reply texts are SES's (AWS SES developer guide, "SMTP response codes"
//! and "Amazon SES SMTP issues"; the SigV2 text as SES has sent it since the
//! March 2021 deprecation; the sending refusals as SES users' client logs
//! quote them).

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
    /// Anything else.
    Unexpected,
}

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
    match code {
        200..=299 => Diagnosis::Accepted,
        535 if lower.contains("signature version 2") || lower.contains("sigv2") => {
            Diagnosis::SigV2Deprecated
        }
        535 => Diagnosis::CredentialsInvalid,
        554 | 550 | 530 if lower.contains("not authorized") || lower.contains("sendrawemail") => {
            Diagnosis::NotAuthorized
        }
        550 | 554 if lower.contains("not verified") => Diagnosis::NotVerified,
        550 | 554 if lower.contains("sending paused") => Diagnosis::SendingPaused,
        454 if lower.contains("maximum sending rate") => Diagnosis::RateExceeded,
        454 if lower.contains("daily message quota") => Diagnosis::QuotaExceeded,
        500..=599 if lower.contains("address") => Diagnosis::BadAddress,
        400..=499 => Diagnosis::Temporary,
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
                Diagnosis::Temporary,
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
