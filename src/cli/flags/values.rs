//! The values options take: ports, formats, TLS modes, and region names
//! offered to completion. Their doc comments are the help.

use clap::ValueEnum;

/// How `check` starts TLS.
#[cfg(feature = "check")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TlsMode {
    /// Plain connection, then STARTTLS (ports 25, 587, 2587)
    Starttls,
    /// TLS from the first byte (ports 465, 2465)
    Implicit,
}

/// The mailbox simulator's outcomes (SES developer guide, "Using the
/// mailbox simulator"): each address makes SES act as a real recipient
/// would, without touching the account's bounce and complaint rates.
#[cfg(feature = "check")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Simulated {
    /// success@: accepted and delivered; no bounce, no complaint
    Success,
    /// bounce@: refused by the recipient's server with 550 5.1.1 (unknown user); SES sends a hard-bounce notification
    Bounce,
    /// complaint@: accepted, then marked as spam by the recipient; SES sends a complaint notification
    Complaint,
    /// ooto@: accepted; the recipient's out-of-office reply comes back to the sender
    Ooto,
    /// suppressionlist@: treated as an address on SES's suppression list; SES sends a hard-bounce notification
    Suppressionlist,
}

#[cfg(feature = "check")]
impl Simulated {
    /// The simulator's address for this outcome.
    pub fn address(self) -> &'static str {
        match self {
            Simulated::Success => "success@simulator.amazonses.com",
            Simulated::Bounce => "bounce@simulator.amazonses.com",
            Simulated::Complaint => "complaint@simulator.amazonses.com",
            Simulated::Ooto => "ooto@simulator.amazonses.com",
            Simulated::Suppressionlist => "suppressionlist@simulator.amazonses.com",
        }
    }
}

/// Output formats of `regions`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RegionsFormat {
    /// An aligned table with a header
    Plain,
    /// One JSON object per line
    Json,
}

/// SES SMTP ports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Port {
    /// STARTTLS (often blocked by cloud providers)
    #[value(name = "25")]
    P25,
    /// STARTTLS, the default
    #[value(name = "587")]
    P587,
    /// STARTTLS
    #[value(name = "2587")]
    P2587,
    /// implicit TLS (smtps)
    #[value(name = "465")]
    P465,
    /// implicit TLS (smtps)
    #[value(name = "2465")]
    P2465,
}

impl Port {
    /// The port number.
    pub fn number(self) -> u16 {
        match self {
            Port::P25 => 25,
            Port::P587 => 587,
            Port::P2587 => 2587,
            Port::P465 => 465,
            Port::P2465 => 2465,
        }
    }
}

/// `--variables`: the four variable names the env-style forms print for an
/// app `--app` does not know, in the order host, port, username, password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VariableNames([String; 4]);

impl VariableNames {
    /// The names, as the forms take them.
    pub fn as_strs(&self) -> [&str; 4] {
        let [h, p, u, w] = &self.0;
        [h, p, u, w]
    }
}

/// Four comma-separated names, each a letter or `_` then letters, digits
/// or `_`: a name every shell, dotenv file and Kubernetes key takes.
pub fn parse_variable_names(text: &str) -> Result<VariableNames, String> {
    let is_name = |n: &str| {
        let mut bytes = n.bytes();
        bytes
            .next()
            .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
            && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
    };
    let names: Vec<&str> = text.split(',').collect();
    match <[&str; 4]>::try_from(names) {
        Ok(four) if four.iter().all(|n| is_name(n)) => Ok(VariableNames(four.map(str::to_owned))),
        _ => Err("four names".to_owned()),
    }
}

/// `--region` values: any string (the library's parser judges it, and AWS
/// adds regions), with the known regions and `all` offered to shell
/// completion as possible values.
#[derive(Debug, Clone, Copy)]
pub struct RegionNames;

impl clap::builder::TypedValueParser for RegionNames {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        clap::builder::StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        let names = std::iter::once("all").chain(ses_smtp_password::REGIONS.iter().map(|r| r.code));
        Some(Box::new(names.map(clap::builder::PossibleValue::new)))
    }
}
