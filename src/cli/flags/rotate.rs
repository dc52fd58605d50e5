//! `rotate`'s options. Parsed by both binaries, so the help, the man page
//! and the completions show them; only ses-smtp-password-rotate acts on
//! them (`crate::cli::commands::rotate` hands the command line over).

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::cli::flags::values::{RegionNames, TlsMode};
use crate::cli::output::app::App;
use crate::cli::output::form::Format;

/// What happens to the old key once the new one is delivered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Retire {
    /// Make it Inactive (one call re-activates it; the next rotation deletes it)
    Deactivate,
    /// Delete it (a compromised key)
    Delete,
    /// Leave it Active (several consumers still move over)
    Keep,
}

/// Create a new IAM access key, prove SES accepts it, deliver it, retire the old one
///
/// Preflight first, read-only (all that --dry-run does): the caller (STS),
/// the user's keys and tags, the destination, and a TLS connection to each
/// region's SMTP endpoint. Then: create the key (IAM allows two per user),
/// derive each region's SMTP password and wipe the secret, stage the result
/// (mode 0600), log in to SES until it accepts the new key in every region,
/// deliver (--out, --exec or standard output), retire the old key. Each
/// key's state is a tag on the user (the IAM console's access-key
/// description), so an interrupted run is finished with --resume or
/// cleaned up by the next one.
///
/// The IAM caller's credentials come from the AWS SDK's default chain
/// (environment, profiles, SSO, IMDS) or --iam-profile; its endpoint from
/// AWS_ENDPOINT_URL_IAM or AWS_ENDPOINT_URL when set.
///
/// Exit 0 rotated; 1 SES never accepted the new key (rolled back); 2 usage
/// or preflight refusal (nothing changed); 3 IAM or SES unreachable, or TLS
/// failure (rolled back); 4 partial: delivered or unknown, old key not
/// retired (the message names both keys and the next command); 130
/// interrupted by Ctrl-C or SIGTERM before delivery (rolled back).
#[derive(Debug, Args)]
pub struct RotateArgs {
    /// The IAM user whose access key is rotated (the SMTP user)
    #[arg(long, value_name = "NAME", required = true)]
    pub user: String,

    /// The regions whose SMTP passwords are made and proven (comma-separated, or all)
    #[arg(short, long, value_name = "REGION", required = true,
          value_parser = RegionNames, hide_possible_values = true)]
    pub region: Vec<String>,

    /// Write the new credentials to FILE (atomically, mode 0600, never through a symlink)
    #[arg(long, value_name = "FILE", conflicts_with = "exec")]
    pub out: Option<PathBuf>,

    /// Run CMD with SES_SMTP_HOST, _PORT, _USERNAME, _PASSWORD in its environment
    /// (once per region); its exit status decides whether the old key is retired
    #[arg(long, requires = "command")]
    pub exec: bool,

    /// The command --exec runs, after `--`
    #[arg(last = true, value_name = "CMD", requires = "exec")]
    pub command: Vec<OsString>,

    /// The form written to --out or standard output, as for the default command
    /// [default: plain; with --app, the app's own syntax]
    #[arg(short, long, value_enum)]
    pub format: Option<Format>,

    /// Write the names and TLS settings APP reads, as for the default command
    #[arg(long, value_enum, value_name = "APP", conflicts_with = "exec")]
    pub app: Option<App>,

    /// How long SES may take to accept the new key, in seconds
    #[arg(long, value_name = "SECONDS", default_value_t = 300)]
    pub wait: u64,

    /// What happens to the old key
    #[arg(long, value_enum, default_value_t = Retire::Deactivate)]
    pub retire: Retire,

    /// Run the read-only preflight, print the plan, change nothing
    #[arg(long, conflicts_with = "resume")]
    pub dry_run: bool,

    /// Finish an interrupted rotation (wait, deliver, retire)
    #[arg(long)]
    pub resume: bool,

    /// The IAM caller's AWS profile [default: the AWS SDK's default chain]
    #[arg(long, value_name = "NAME")]
    pub iam_profile: Option<String>,

    /// Prove the key here instead (HOST or HOST:PORT), as for check
    #[arg(long, value_name = "HOST[:PORT]")]
    pub endpoint: Option<String>,

    /// SMTP port of the proof and of the written forms
    #[arg(long, value_name = "PORT", default_value_t = 587,
          value_parser = clap::value_parser!(u16).range(1..))]
    pub port: u16,

    /// How to start TLS; needed for ports other than 25, 587, 2587, 465 and 2465
    #[arg(long, value_enum)]
    pub tls: Option<TlsMode>,

    /// Trust this PEM certificate (or bundle) besides the system's roots
    #[arg(long, value_name = "PEM")]
    pub ca_file: Option<PathBuf>,

    /// Give up on each network step (IAM call, connect, TLS, each reply) after SECONDS
    #[arg(long, value_name = "SECONDS", default_value_t = 30,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub timeout: u64,

    /// Print no progress or warnings
    #[arg(short, long)]
    pub quiet: bool,
}

/// Shown after `rotate --help`.
pub const ROTATE_EXAMPLES: &str = "\
Examples:
  # Rotate, prove in two regions, write a Postfix map, deactivate the old key
  ses-smtp-password rotate --user smtp-relay -r eu-west-1,us-east-1 \\
      --out /etc/postfix/sasl_passwd -f postfix

  # Hand the credentials to a command (never on its argv)
  ses-smtp-password rotate --user app-mail -r eu-west-1 --exec -- ./update-secret.sh

  # See what would happen
  ses-smtp-password rotate --user smtp-relay -r eu-west-1 --dry-run";
