//! What an SES SMTP reply to AUTH most likely means.
//!
//! The reply texts are SES's (AWS SES developer guide, "SMTP response codes";
//! the SigV2 text as SES has sent it since the March 2021 deprecation).

use crate::identify::PasswordKind;

/// The meaning of an AUTH reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Diagnosis {
    /// 235: accepted.
    Accepted,
    /// 535 naming Signature Version 2: a SigV2 password.
    SigV2Deprecated,
    /// 535 Authentication Credentials Invalid.
    CredentialsInvalid,
    /// 554 … not authorized to perform ses:SendRawEmail: the IAM policy.
    NotAuthorized,
    /// 454 and other 4xx: a temporary failure.
    Temporary,
    /// Anything else.
    Unexpected,
}

/// Reads an AUTH reply.
///
/// ```
/// use ses_smtp_password::diagnose::{diagnose, Diagnosis};
/// assert_eq!(diagnose(535, "Authentication Credentials Invalid"), Diagnosis::CredentialsInvalid);
/// assert_eq!(diagnose(454, "Temporary service failure"), Diagnosis::Temporary);
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
        400..=499 => Diagnosis::Temporary,
        _ => Diagnosis::Unexpected,
    }
}

/// The likely causes of a refusal, most likely first, given what the
/// password was (when known) and whether it was derived for the endpoint's
/// own region.
pub fn causes(
    diagnosis: Diagnosis,
    password: Option<PasswordKind>,
    region_matches_endpoint: bool,
) -> Vec<&'static str> {
    let mut out = Vec::new();
    match password {
        Some(PasswordKind::SigV2) => out.push("the password is a SigV2 one, which SES rejects: derive a SigV4 password with --region REGION"),
        Some(PasswordKind::SecretAccessKey) => {
            out.push("the password is a raw secret access key: SES needs the SMTP password derived from it (ses-smtp-password --region REGION)")
        }
        Some(PasswordKind::AccessKeyId) => out.push("the password is an access key ID: that is the username; the password is derived from the secret"),
        Some(PasswordKind::NotSes) => out.push("the password is not an SES SMTP password (44 characters starting with B)"),
        _ => {}
    }
    match diagnosis {
        Diagnosis::Accepted => {}
        Diagnosis::SigV2Deprecated => {
            if password != Some(PasswordKind::SigV2) {
                out.push("SES says the password is a SigV2 one: derive a SigV4 password with --region REGION");
            }
        }
        Diagnosis::CredentialsInvalid => {
            if !region_matches_endpoint {
                out.push("the password was derived for another region than the endpoint's: SigV4 passwords work in one region only");
            }
            out.push("the access key is inactive or deleted, or the password comes from an older key (after a rotation, derive it again)");
            out.push("the key is brand new: IAM keys can take a few seconds to become valid (retry with --wait 30)");
            out.push("the username is not the access key ID that belongs to this secret");
        }
        Diagnosis::NotAuthorized => {
            out.push("the IAM user may not send: attach a policy that allows ses:SendRawEmail");
        }
        Diagnosis::Temporary => {
            out.push("a temporary failure at SES: retry, or use --wait SECONDS")
        }
        Diagnosis::Unexpected => {
            out.push("an unexpected reply: check that the endpoint is an SES SMTP endpoint")
        }
    }
    out
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
        ];
        for (i, (code, text, want)) in cases.iter().enumerate() {
            assert_eq!(diagnose(*code, text), *want, "case {i}");
        }
    }

    #[test]
    fn causes_follow_the_password() {
        let c = causes(
            Diagnosis::CredentialsInvalid,
            Some(PasswordKind::SecretAccessKey),
            true,
        );
        assert!(c[0].starts_with("the password is a raw secret access key"));
        assert!(!c.iter().any(|l| l.contains("another region")));
        let c = causes(
            Diagnosis::CredentialsInvalid,
            Some(PasswordKind::SigV4),
            false,
        );
        assert!(c[0].contains("another region"));
        assert_eq!(causes(Diagnosis::NotAuthorized, None, true).len(), 1);
    }
}
