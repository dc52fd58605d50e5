//! The command line, as clap derive definitions; the doc comments are the help text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

const DERIVE_EXAMPLES: &str = "\
Examples:
  # SigV4 password for one region, key piped in (never put it in argv)
  printf %s \"$AWS_SECRET_ACCESS_KEY\" | ses-smtp-password --region eu-west-1

  # From the environment, for several regions (REGION<TAB>PASSWORD lines)
  ses-smtp-password --env --region us-east-1,eu-west-1

  # Typed at a hidden prompt
  ses-smtp-password --prompt --region us-west-2

  # From a file only you can read
  ses-smtp-password --secret-file ~/.secrets/ses-key --region us-east-1

  # The legacy SigV2 password (what the openssl one-liner printed)
  ses-smtp-password --v2 < key.txt";

/// Derive Amazon SES SMTP passwords from IAM secret access keys.
///
/// SES's SMTP interface takes the IAM access key ID as the username and a
/// password derived from the secret access key. Since March 2021 SES accepts
/// only the region-specific SigV4 password: pass --region. Without --region
/// the legacy SigV2 password is printed, with a warning.
///
/// The secret is read from standard input when it is piped, otherwise from a
/// hidden prompt on the terminal. No option takes the secret itself: command
/// lines leak into shell history and `ps`.
#[derive(Debug, Parser)]
#[command(
    name = "ses-smtp-password",
    version,
    after_long_help = DERIVE_EXAMPLES,
    args_conflicts_with_subcommands = true,
    max_term_width = 100
)]
pub struct Cli {
    /// The default command's options (derive a password).
    #[command(flatten)]
    pub derive: DeriveArgs,

    /// A subcommand; none means derive.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {}

/// Options of the default command.
#[derive(Debug, Args)]
pub struct DeriveArgs {
    /// Where the secret access key comes from.
    #[command(flatten)]
    pub source: SourceArgs,

    /// Which password to derive.
    #[command(flatten)]
    pub scheme: SchemeArgs,

    /// Derive from any non-empty string, not only 40-character keys (test keys)
    #[arg(long)]
    pub no_key_check: bool,

    /// Do not print the trailing newline
    #[arg(short = 'n', long = "no-newline")]
    pub no_newline: bool,

    /// Print no warnings
    #[arg(short, long)]
    pub quiet: bool,
}

/// At most one place to read the secret access key from.
#[derive(Debug, Args, Default, Clone)]
#[group(id = "source", multiple = false)]
pub struct SourceArgs {
    /// Read the secret access key from standard input
    #[arg(long)]
    pub stdin: bool,

    /// Read the secret access key from environment variable VAR [default: AWS_SECRET_ACCESS_KEY]
    #[arg(long, value_name = "VAR", num_args = 0..=1, default_missing_value = "AWS_SECRET_ACCESS_KEY")]
    pub env: Option<String>,

    /// Ask for the secret access key on the terminal, without echo, even when stdin is a pipe
    #[arg(long)]
    pub prompt: bool,

    /// Read the secret access key from a file (warns if group or others can read it)
    #[arg(long, value_name = "PATH")]
    pub secret_file: Option<PathBuf>,
}

/// SigV4 for regions, or the legacy SigV2.
#[derive(Debug, Args, Default, Clone)]
pub struct SchemeArgs {
    /// SigV4 password for REGION (repeatable, comma-separated; `all` = every known SMTP region)
    #[arg(short, long, value_name = "REGION", conflicts_with = "v2")]
    pub region: Vec<String>,

    /// Legacy SigV2 password, which SES has rejected since March 2021
    #[arg(long)]
    pub v2: bool,
}
