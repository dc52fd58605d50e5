//! `probe`'s options. The doc comments are the help.

use std::path::PathBuf;

use clap::Args;

use crate::cli::flags::values::{RegionNames, RegionsFormat};

/// Find which SES SMTP ports this machine reaches, and in which TLS mode (no credentials)
///
/// For each SES SMTP port (25, 587, 2587 with STARTTLS; 465, 2465 with TLS from the first
/// byte): resolve the host, connect, find the TLS mode the port really speaks, verify the
/// certificate, read the AUTH mechanisms EHLO offers, and quit; the ports run concurrently
/// within --timeout. One line per port and a conclusion; exit 0 when a port works, 3 when
/// none does. Needs no credentials and sends no mail.
#[cfg(feature = "check")]
#[derive(Debug, Args)]
pub struct ProbeArgs {
    /// Probe the endpoint of REGION (email-smtp.REGION.amazonaws.com); several comma-separated, or all
    #[arg(short, long, value_name = "REGION", conflicts_with = "endpoint",
          value_parser = RegionNames, hide_possible_values = true)]
    pub region: Option<String>,

    /// Probe this host instead (a relay, a VPC endpoint)
    #[arg(long, value_name = "HOST")]
    pub endpoint: Option<String>,

    /// Probe these ports instead of SES's five (comma-separated)
    #[arg(long, value_name = "PORT", value_delimiter = ',',
          value_parser = clap::value_parser!(u16).range(1..))]
    pub ports: Vec<u16>,

    /// Use the FIPS endpoint where AWS offers one
    #[arg(long, requires = "region")]
    pub fips: bool,

    /// The deadline for the whole probe, in seconds
    #[arg(long, value_name = "SECONDS", default_value_t = 10,
          value_parser = clap::value_parser!(u64).range(1..), allow_negative_numbers = true)]
    pub timeout: u64,

    /// Trust this PEM certificate (or bundle) besides the system's roots
    #[arg(long, value_name = "PEM")]
    pub ca_file: Option<PathBuf>,

    /// Output format (json: one object per port)
    #[arg(short, long, value_enum, default_value_t = RegionsFormat::Plain)]
    pub format: RegionsFormat,
}
