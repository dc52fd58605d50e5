//! SES SMTP regions: the table of known ones, and parsing what users type.
//!
//! Parsing sorts a name into known (derive silently), unknown but well-formed
//! (derive with a warning: AWS keeps adding regions) or malformed (refuse, and
//! suggest the evident spelling). A suggestion is always a region name built
//! from the table or from a well-formed match, never the raw input, so a
//! secret pasted in place of a region is never echoed back.

use core::fmt;

/// One SES region with an SMTP interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegionInfo {
    /// The region code, e.g. `us-east-1`.
    pub code: &'static str,
    /// AWS's display name, e.g. `US East (N. Virginia)`.
    pub name: &'static str,
    /// Whether AWS offers a FIPS SMTP endpoint (`email-smtp-fips.REGION.amazonaws.com`).
    pub fips: bool,
}

const fn r(code: &'static str, name: &'static str, fips: bool) -> RegionInfo {
    RegionInfo { code, name, fips }
}

/// SES regions with an SMTP interface, as public sources listed them in 2025
/// (AWS's example script `smtp_credentials_generate.py`, nodemailer's service
/// list; the project's `regions.tsv` has the source of each row).
pub static REGIONS: &[RegionInfo] = &[
    r("us-east-1", "US East (N. Virginia)", true),
    r("us-east-2", "US East (Ohio)", false),
    r("us-west-1", "US West (N. California)", false),
    r("us-west-2", "US West (Oregon)", true),
    r("ap-south-1", "Asia Pacific (Mumbai)", false),
    r("ap-northeast-1", "Asia Pacific (Tokyo)", false),
    r("ap-northeast-2", "Asia Pacific (Seoul)", false),
    r("ap-northeast-3", "Asia Pacific (Osaka)", false),
    r("ap-southeast-1", "Asia Pacific (Singapore)", false),
    r("ap-southeast-2", "Asia Pacific (Sydney)", false),
    r("ca-central-1", "Canada (Central)", false),
    r("eu-central-1", "Europe (Frankfurt)", false),
    r("eu-west-1", "Europe (Ireland)", false),
    r("eu-west-2", "Europe (London)", false),
    r("eu-west-3", "Europe (Paris)", false),
    r("eu-south-1", "Europe (Milan)", false),
    r("eu-north-1", "Europe (Stockholm)", false),
    r("sa-east-1", "South America (Sao Paulo)", false),
    r("us-gov-west-1", "AWS GovCloud (US-West)", true),
    r("us-gov-east-1", "AWS GovCloud (US-East)", false),
];

/// The SMTP endpoint host for a region code (AWS general reference, "Amazon
/// SES endpoints and quotas": `email-smtp[-fips].REGION.amazonaws.com`).
fn endpoint(code: &str, fips: bool) -> String {
    if fips {
        format!("email-smtp-fips.{code}.amazonaws.com")
    } else {
        format!("email-smtp.{code}.amazonaws.com")
    }
}

/// The known region with this exact code.
fn lookup(code: &str) -> Option<&'static RegionInfo> {
    REGIONS.iter().find(|r| r.code == code)
}

/// A region name that passed [`parse_region`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Region {
    /// In the table of known SES SMTP regions.
    Known(&'static RegionInfo),
    /// Well-formed but not in the table: derive, but warn.
    Unknown(String),
}

impl Region {
    /// The region code.
    pub fn code(&self) -> &str {
        match self {
            Region::Known(info) => info.code,
            Region::Unknown(code) => code,
        }
    }

    /// Whether the region is in the table.
    pub fn is_known(&self) -> bool {
        matches!(self, Region::Known(_))
    }

    /// The SMTP endpoint host; with `fips`, the FIPS one, which AWS offers in
    /// only some regions (an unknown region is given the benefit of the doubt).
    /// The one way to get an endpoint: for a row of [`REGIONS`], use
    /// `Region::Known(row)`.
    ///
    /// ```
    /// use ses_smtp_password::{parse_region, Region, RegionError, REGIONS};
    /// let r = parse_region("us-west-2").unwrap();
    /// assert_eq!(r.endpoint(true).unwrap(), "email-smtp-fips.us-west-2.amazonaws.com");
    /// assert_eq!(Region::Known(&REGIONS[0]).endpoint(false).unwrap(), "email-smtp.us-east-1.amazonaws.com");
    /// assert_eq!(parse_region("eu-west-1").unwrap().endpoint(true), Err(RegionError::NoFipsEndpoint));
    /// ```
    pub fn endpoint(&self, fips: bool) -> Result<String, RegionError> {
        // Only where the table says AWS has one: an unknown region's FIPS host
        // would be a guess.
        if fips && !self.info().is_some_and(|info| info.fips) {
            return Err(RegionError::NoFipsEndpoint);
        }
        Ok(endpoint(self.code(), fips))
    }

    /// The table entry, for a known region.
    pub fn info(&self) -> Option<&'static RegionInfo> {
        match self {
            Region::Known(info) => Some(info),
            Region::Unknown(_) => None,
        }
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Why a region name was refused. Never carries the input itself.
///
/// Not `#[non_exhaustive]`: a program that explains these errors should be
/// made to handle a new one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegionError {
    /// An empty name, e.g. from `--region ''` or `us-east-1,,eu-west-1`.
    Empty,
    /// Not of the form `us-east-1`; `suggestion` is the evident intended region, if any.
    Malformed {
        /// A well-formed region the input evidently meant.
        suggestion: Option<String>,
    },
    /// A known region where AWS offers no FIPS SMTP endpoint.
    NoFipsEndpoint,
}

impl fmt::Display for RegionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RegionError::Empty => f.write_str("empty region name"),
            RegionError::Malformed {
                suggestion: Some(s),
            } => {
                write!(f, "malformed region name (did you mean '{s}'?)")
            }
            RegionError::Malformed { suggestion: None } => f.write_str("malformed region name"),
            RegionError::NoFipsEndpoint => {
                f.write_str("AWS offers no FIPS SMTP endpoint in this region")
            }
        }
    }
}

impl std::error::Error for RegionError {}

/// The longest region code accepted: the region is one label of the endpoint
/// host name, and a DNS label holds at most 63 bytes (RFC 1035, 2.3.4). The
/// longest AWS region code today has 14.
const MAX_REGION_LEN: usize = 63;

/// Whether `s` has the shape of an AWS region code:
/// `^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]+$` (`us-gov-west-1`,
/// `mx-central-1`; not `US-EAST-1` or `us-east1`).
fn is_well_formed(s: &str) -> bool {
    if s.len() > MAX_REGION_LEN {
        return false;
    }
    let lower = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase());
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    let parts: Vec<&str> = s.split('-').collect();
    let (head, middle) = match parts.as_slice() {
        [head, rest @ ..] => (head, rest),
        [] => return false,
    };
    if head.len() != 2 || !lower(head) {
        return false;
    }
    match middle {
        [name, number] => lower(name) && digits(number),
        [partition, name, number] => {
            let partition_ok = *partition == "gov"
                || partition
                    .strip_prefix("iso")
                    .is_some_and(|t| t.bytes().all(|b| b.is_ascii_lowercase()));
            partition_ok && lower(name) && digits(number)
        }
        _ => false,
    }
}

/// Parses one region name: a known one, a well-formed unknown one, or an
/// error with the spelling it evidently meant.
///
/// ```
/// use ses_smtp_password::{parse_region, Region, RegionError};
/// assert!(parse_region("eu-west-1").unwrap().is_known());
/// assert_eq!(parse_region("xx-new-7").unwrap(), Region::Unknown("xx-new-7".into()));
/// assert_eq!(
///     parse_region("US-EAST-1"),
///     Err(RegionError::Malformed { suggestion: Some("us-east-1".into()) })
/// );
/// ```
pub fn parse_region(s: &str) -> Result<Region, RegionError> {
    if s.is_empty() {
        return Err(RegionError::Empty);
    }
    if let Some(info) = lookup(s) {
        return Ok(Region::Known(info));
    }
    if is_well_formed(s) {
        return Ok(Region::Unknown(s.to_owned()));
    }
    Err(RegionError::Malformed {
        suggestion: suggest(s),
    })
}

/// Every name in a list of region values, each possibly comma-separated,
/// with spaces around a name ignored (`us-east-1, eu-west-1`); `all` stands
/// for every known region (and `ALL` is refused with `all` as the
/// suggestion). Duplicates are dropped, order kept. On error, gives the
/// 1-based position of the bad name in the expanded list.
///
/// ```
/// use ses_smtp_password::parse_regions;
/// let regions = parse_regions(&["eu-west-1,us-east-1", "eu-west-1"]).unwrap();
/// assert_eq!(regions.len(), 2);
/// assert_eq!(parse_regions(&["all"]).unwrap().len(), ses_smtp_password::REGIONS.len());
/// ```
pub fn parse_regions<S: AsRef<str>>(values: &[S]) -> Result<Vec<Region>, (usize, RegionError)> {
    let mut out: Vec<Region> = Vec::new();
    // Codes seen so far: one hash look-up per name, so tens of thousands of
    // names stay linear (a scan of `out` made 40,000 names take 9 s).
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    let names = values
        .iter()
        .flat_map(|v| v.as_ref().split(','))
        .map(|name| name.trim_matches(' '));
    for (index, name) in names.enumerate() {
        let parsed = if name == "all" {
            REGIONS.iter().map(Region::Known).collect()
        } else if name.eq_ignore_ascii_case("all") {
            let suggestion = Some("all".to_owned());
            return Err((index + 1, RegionError::Malformed { suggestion }));
        } else {
            vec![parse_region(name).map_err(|e| (index + 1, e))?]
        };
        for region in parsed {
            if seen.insert(region.code().to_owned()) {
                out.push(region);
            }
        }
    }
    Ok(out)
}

/// The region a malformed name evidently meant, if there is one.
fn suggest(s: &str) -> Option<String> {
    let lowered = s.trim().to_ascii_lowercase();
    if let Some(found) = lookup(&lowered) {
        return Some(found.code.to_owned());
    }
    // A pasted endpoint or URL: smtp://email-smtp.eu-west-1.amazonaws.com:587
    let host = lowered
        .split_once("://")
        .map_or(lowered.as_str(), |(_, rest)| rest)
        .split([':', '/'])
        .next()
        .unwrap_or_default();
    if let Some(middle) = host.strip_suffix(".amazonaws.com") {
        let region = ["email-smtp-fips.", "email-smtp.", "email.", "email-fips."]
            .iter()
            .find_map(|p| middle.strip_prefix(p))
            .unwrap_or(middle);
        if is_well_formed(region) {
            return Some(region.to_owned());
        }
    }
    // Same letters and digits as a known region: US_EAST_1, us-east1, useast1.
    let squash = |t: &str| -> String { t.chars().filter(char::is_ascii_alphanumeric).collect() };
    let squashed = squash(&lowered);
    if let Some(found) = REGIONS.iter().find(|r| squash(r.code) == squashed) {
        return Some(found.code.to_owned());
    }
    // An availability zone: us-east-1a.
    let mut chars = lowered.chars();
    if chars.next_back().is_some_and(|c| c.is_ascii_lowercase()) && is_well_formed(chars.as_str()) {
        return Some(chars.as_str().to_owned());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_matches_shared_list_shape() {
        assert_eq!(REGIONS.len(), 20);
        for r in REGIONS {
            assert!(is_well_formed(r.code), "{}", r.code);
        }
        let fips: Vec<_> = REGIONS.iter().filter(|r| r.fips).map(|r| r.code).collect();
        assert_eq!(fips, ["us-east-1", "us-west-2", "us-gov-west-1"]);
    }

    #[test]
    fn suggestions() {
        let cases = [
            ("US-EAST-1", Some("us-east-1")),
            ("us-east1", Some("us-east-1")),
            ("us_east_1", Some("us-east-1")),
            ("email-smtp.us-east-1.amazonaws.com", Some("us-east-1")),
            (
                "email-smtp-fips.us-gov-west-1.amazonaws.com",
                Some("us-gov-west-1"),
            ),
            (
                "smtp://email-smtp.eu-west-3.amazonaws.com:587",
                Some("eu-west-3"),
            ),
            ("email-smtp.xx-new-1.amazonaws.com", Some("xx-new-1")),
            ("us-east-1a", Some("us-east-1")),
            ("Us-East-1 ", Some("us-east-1")),
            ("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", None),
            ("virginia", None),
        ];
        for (i, (input, want)) in cases.iter().enumerate() {
            let got = parse_region(input);
            assert_eq!(
                got,
                Err(RegionError::Malformed {
                    suggestion: want.map(str::to_owned)
                }),
                "case {i}"
            );
        }
    }

    #[test]
    fn well_formed_shapes() {
        for ok in [
            "us-east-1",
            "us-gov-west-1",
            "us-isob-east-1",
            "us-iso-east-1",
            "ab-cd-123",
            // 63 characters: as long as a DNS label may be.
            "ab-cdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefgh-1",
        ] {
            assert!(is_well_formed(ok), "{ok}");
        }
        for bad in [
            "",
            "us",
            "us-east",
            "u-east-1",
            "use-east-1",
            "us-east-1-",
            "us-gov-1x",
            "us-xyz-west-1",
            "us--1",
            "us-east-1a",
            // 64 characters: one more than a DNS label.
            "ab-cdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghi-1",
        ] {
            assert!(!is_well_formed(bad), "{bad}");
        }
    }

    #[test]
    fn list_expands_all_and_dedupes() {
        let got = parse_regions(&["eu-west-1,us-east-1", "eu-west-1"]).unwrap();
        let codes: Vec<_> = got.iter().map(Region::code).collect();
        assert_eq!(codes, ["eu-west-1", "us-east-1"]);
        assert_eq!(parse_regions(&["all"]).unwrap().len(), REGIONS.len());
        let spaced = parse_regions(&["us-east-1, eu-west-1 ,  us-west-2"]).unwrap();
        let codes: Vec<_> = spaced.iter().map(Region::code).collect();
        assert_eq!(codes, ["us-east-1", "eu-west-1", "us-west-2"]);
        assert_eq!(
            parse_regions(&["us-east-1,ALL"]),
            Err((
                2,
                RegionError::Malformed {
                    suggestion: Some("all".into())
                }
            ))
        );
        assert_eq!(
            parse_regions(&["us-east-1, "]),
            Err((2, RegionError::Empty))
        );
        assert_eq!(
            parse_regions(&["us-east-1,,eu-west-1"]),
            Err((2, RegionError::Empty))
        );
        assert_eq!(
            parse_regions(&["us-east-1", "EU-WEST-1"]),
            Err((
                2,
                RegionError::Malformed {
                    suggestion: Some("eu-west-1".into())
                }
            ))
        );
    }
}
