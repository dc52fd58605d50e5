//! What kind of host an SMTP client was pointed at: SES's SMTP endpoints
//! (plain, FIPS, or an interface VPC endpoint for them) take a derived
//! password; the other AWS mail hosts people confuse with them do not.
//!
//! Host names as AWS documents them (SES developer guide, "Connecting to
//! an Amazon SES SMTP endpoint", "Connecting to SES through a VPC
//! endpoint", "Setting up email receiving"; Mail Manager's ingress
//! endpoints; the API's `email.REGION.amazonaws.com`).

use crate::region::parse_region;

/// The kind of a host name.
///
/// Not `#[non_exhaustive]`: a program that names each kind should be made
/// to handle a new one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostKind<'a> {
    /// `email-smtp.REGION.amazonaws.com`: SES's SMTP endpoint.
    SesSmtp(&'a str),
    /// `email-smtp-fips.REGION.amazonaws.com`: its FIPS endpoint.
    SesSmtpFips(&'a str),
    /// `vpce-….email-smtp.REGION.vpce.amazonaws.com`: an interface VPC
    /// endpoint for SES SMTP; it takes the same passwords.
    VpcEndpoint(&'a str),
    /// `email.REGION.amazonaws.com` (or `email-fips.`): SES's HTTPS API,
    /// which speaks no SMTP.
    SesApi(&'a str),
    /// `inbound-smtp.REGION.amazonaws.com`: SES email receiving, which
    /// takes mail for your verified domains and no login.
    Inbound(&'a str),
    /// `….mail-manager-smtp.amazonaws.com` (and the like): a Mail Manager
    /// ingress endpoint, whose SMTP login is the ingress point's own
    /// (an `inp-…` username), never a derived password.
    MailManager,
    /// A host in AWS's China partition (`.amazonaws.com.cn`), which this
    /// crate's regions and endpoints do not cover.
    China,
    /// Anything else: a relay, a proxy, a test server.
    Other,
}

impl<'a> HostKind<'a> {
    /// Reads a host name (lower case, as DNS compares them).
    ///
    /// ```
    /// use ses_smtp_password::HostKind;
    /// assert_eq!(HostKind::of("email-smtp.eu-west-1.amazonaws.com"), HostKind::SesSmtp("eu-west-1"));
    /// assert_eq!(HostKind::of("email.eu-west-1.amazonaws.com"), HostKind::SesApi("eu-west-1"));
    /// assert_eq!(HostKind::of("smtp.example.com"), HostKind::Other);
    /// ```
    pub fn of(host: &'a str) -> HostKind<'a> {
        let host = host.strip_suffix('.').unwrap_or(host);
        if host.ends_with(".amazonaws.com.cn") {
            return HostKind::China;
        }
        let Some(middle) = host.strip_suffix(".amazonaws.com") else {
            return HostKind::Other;
        };
        if middle.contains("mail-manager-smtp") {
            return HostKind::MailManager;
        }
        let region = |r: &'a str| parse_region(r).ok().map(|_| r);
        if let Some(rest) = middle.strip_suffix(".vpce") {
            let found = rest
                .starts_with("vpce-")
                .then(|| rest.split_once(".email-smtp."));
            if let Some(Some((_, r))) = found {
                return region(r).map_or(HostKind::Other, HostKind::VpcEndpoint);
            }
            return HostKind::Other;
        }
        let Some((prefix, r)) = middle.split_once('.') else {
            return HostKind::Other;
        };
        let Some(r) = region(r) else {
            return HostKind::Other;
        };
        match prefix {
            "email-smtp" => HostKind::SesSmtp(r),
            "email-smtp-fips" => HostKind::SesSmtpFips(r),
            "email" | "email-fips" => HostKind::SesApi(r),
            "inbound-smtp" => HostKind::Inbound(r),
            _ => HostKind::Other,
        }
    }

    /// The region whose derived password this host takes, if it takes one.
    pub fn smtp_region(self) -> Option<&'a str> {
        match self {
            HostKind::SesSmtp(r) | HostKind::SesSmtpFips(r) | HostKind::VpcEndpoint(r) => Some(r),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind() {
        let cases = [
            (
                "email-smtp.eu-west-1.amazonaws.com",
                HostKind::SesSmtp("eu-west-1"),
            ),
            (
                "email-smtp.eu-west-1.amazonaws.com.",
                HostKind::SesSmtp("eu-west-1"),
            ),
            (
                "email-smtp-fips.us-east-1.amazonaws.com",
                HostKind::SesSmtpFips("us-east-1"),
            ),
            (
                "vpce-0123456789abcdef0-abcdefgh.email-smtp.us-east-1.vpce.amazonaws.com",
                HostKind::VpcEndpoint("us-east-1"),
            ),
            (
                "email.us-east-1.amazonaws.com",
                HostKind::SesApi("us-east-1"),
            ),
            (
                "email-fips.us-east-1.amazonaws.com",
                HostKind::SesApi("us-east-1"),
            ),
            (
                "inbound-smtp.us-east-1.amazonaws.com",
                HostKind::Inbound("us-east-1"),
            ),
            (
                "abcdef1234.mail-manager-smtp.amazonaws.com",
                HostKind::MailManager,
            ),
            (
                "abcdef1234.mail-manager-smtp.us-east-1.amazonaws.com",
                HostKind::MailManager,
            ),
            ("email-smtp.cn-north-1.amazonaws.com.cn", HostKind::China),
            ("smtp.example.com", HostKind::Other),
            ("email-smtp.EU-WEST-1.amazonaws.com", HostKind::Other),
            ("s3.us-east-1.amazonaws.com", HostKind::Other),
            ("vpce-1.s3.us-east-1.vpce.amazonaws.com", HostKind::Other),
            ("amazonaws.com", HostKind::Other),
        ];
        for (host, want) in cases {
            assert_eq!(HostKind::of(host), want, "{host}");
        }
        assert_eq!(
            HostKind::of("email.us-east-1.amazonaws.com").smtp_region(),
            None
        );
        assert_eq!(
            HostKind::of("email-smtp-fips.us-east-1.amazonaws.com").smtp_region(),
            Some("us-east-1")
        );
    }
}
