//! The command line, as clap derive definitions; the doc comments are the help text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[cfg(feature = "check")]
use crate::cli::flags::examples::{CHECK_EXAMPLES, PROBE_EXAMPLES};
use crate::cli::flags::examples::{
    COMPLETIONS_EXAMPLES, DERIVE_EXAMPLES, EXPLAIN_EXAMPLES, IDENTIFY_EXAMPLES,
};
pub use crate::cli::flags::values::{
    Port, RegionNames, RegionsFormat, VariableNames, parse_variable_names,
};
#[cfg(feature = "check")]
pub use crate::cli::flags::values::{Simulated, TlsMode};
pub use crate::cli::output::app::App;
use crate::cli::output::form::Format;

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

/// The subcommands' names, in their order in [`Command`] (a unit test in
/// `refusal` holds them to it): the hint of a usage error names the one it
/// was for, and a misspelt one is suggested.
pub const SUBCOMMANDS: [&str; 8] = [
    "identify",
    "check",
    "probe",
    "explain",
    "rotate",
    "regions",
    "completions",
    "manpage",
];

/// The subcommands. Their options are built only when one is named: the
/// default command (derive) then starts without building the others'
/// (issue 14: start-up within 1.35x of /bin/true).
#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum Command {
    // The one line the command list shows (the subcommands are deferred,
    // so the list cannot read it from IdentifyArgs, whose doc comment is
    // the description `identify --help` and the man page show).
    /// Say what an SMTP password is; with a key, which region it was derived for
    #[command(after_long_help = IDENTIFY_EXAMPLES)]
    Identify(IdentifyArgs),
    // As for identify: the line of the list; CheckArgs has the description.
    /// Log in to the SES SMTP endpoint and quit, to test credentials (sends no mail)
    #[cfg(feature = "check")]
    #[command(after_long_help = CHECK_EXAMPLES)]
    Check(CheckArgs),
    /// Not in this build: it was made without the `check` feature
    #[cfg(not(feature = "check"))]
    #[command(hide = true, disable_help_flag = true)]
    Check {
        /// Whatever followed `check`; never used or shown.
        #[arg(num_args = 0.., allow_hyphen_values = true, trailing_var_arg = true, hide = true)]
        rest: Vec<std::ffi::OsString>,
    },
    /// Find which SES SMTP ports this machine reaches, and in which TLS mode (no credentials)
    #[cfg(feature = "check")]
    #[command(after_long_help = PROBE_EXAMPLES)]
    Probe(crate::cli::flags::probe::ProbeArgs),
    /// Not in this build: it was made without the `check` feature
    #[cfg(not(feature = "check"))]
    #[command(hide = true, disable_help_flag = true)]
    Probe {
        /// Whatever followed `probe`; never used or shown.
        #[arg(num_args = 0.., allow_hyphen_values = true, trailing_var_arg = true, hide = true)]
        rest: Vec<std::ffi::OsString>,
    },
    /// Explain SES SMTP replies found in a pasted reply or mail log (no network)
    ///
    /// Reads standard input (up to 1 MiB): bare replies such as '535
    /// Authentication Credentials Invalid', and the lines Postfix, Exim,
    /// sendmail, Python smtplib, nodemailer, MailKit/.NET and PHPMailer log
    /// them in. For each distinct refusal (4xx or 5xx): the lines it was on,
    /// the reply (any word that could be a key or password hidden), what it
    /// means and its likely causes. Exit 0 when every reply was explained, 1
    /// when one is not an SES reply, 2 when none was found.
    #[command(after_long_help = EXPLAIN_EXAMPLES)]
    Explain,
    // As for identify: the line of the list; RotateArgs has the description.
    /// Create a new IAM key, prove SES accepts it, deliver it, retire the old one
    #[cfg(feature = "rotate")]
    #[command(after_long_help = crate::cli::flags::rotate::ROTATE_EXAMPLES)]
    Rotate(crate::cli::flags::rotate::RotateArgs),
    /// Not in this build: it was made without the `rotate` feature
    #[cfg(not(feature = "rotate"))]
    #[command(hide = true, disable_help_flag = true)]
    Rotate {
        /// Whatever followed `rotate`; never used or shown.
        #[arg(num_args = 0.., allow_hyphen_values = true, trailing_var_arg = true, hide = true)]
        rest: Vec<std::ffi::OsString>,
    },
    /// List the known SES SMTP regions and their endpoints
    #[command(
        after_long_help = "Examples:\n  ses-smtp-password regions\n  ses-smtp-password regions --format json | jq -r .endpoint"
    )]
    Regions {
        /// Output format
        #[arg(short, long, value_enum, default_value_t = RegionsFormat::Plain)]
        format: RegionsFormat,
    },
    /// Print a shell completion script
    #[command(after_long_help = COMPLETIONS_EXAMPLES)]
    Completions {
        /// The shell to complete for
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), or write one page per command into a directory
    ///
    /// The pages are generated from the same definitions as the parser, so
    /// they always match the options. Without --dir, the main page goes to
    /// standard output; with --dir, ses-smtp-password.1 and one
    /// ses-smtp-password-COMMAND.1 per subcommand are written there, and
    /// their paths printed.
    #[command(
        after_long_help = "Examples:\n  ses-smtp-password manpage | man -l -\n  sudo ses-smtp-password manpage --dir /usr/local/share/man/man1"
    )]
    Manpage {
        /// Write every page into DIR (it must exist)
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

/// Where `identify` reads the secret access key to match against.
#[derive(Debug, Args, Default, Clone)]
#[group(id = "key_source", multiple = false)]
pub struct KeySourceArgs {
    /// Match against the key in environment variable VAR [default: AWS_SECRET_ACCESS_KEY]
    #[arg(long, value_name = "VAR", num_args = 0..=1, default_missing_value = "AWS_SECRET_ACCESS_KEY")]
    pub env: Option<String>,

    /// Match against the key in a file
    #[arg(long, value_name = "PATH")]
    pub secret_file: Option<PathBuf>,

    /// Match against the key in an IAM console CSV
    #[arg(long, value_name = "PATH")]
    pub csv: Option<PathBuf>,

    /// Match against the key of AWS CLI profile NAME [default: AWS_PROFILE, else default]
    #[arg(long, value_name = "NAME", num_args = 0..=1, default_missing_value = "")]
    pub profile: Option<String>,
}

impl KeySourceArgs {
    /// Whether any source was given.
    pub fn given(&self) -> bool {
        self.env.is_some()
            || self.secret_file.is_some()
            || self.csv.is_some()
            || self.profile.is_some()
    }

    /// The same sources as the default command's.
    pub fn to_source(&self) -> SourceArgs {
        SourceArgs {
            env: self.env.clone(),
            secret_file: self.secret_file.clone(),
            csv: self.csv.clone(),
            profile: self.profile.clone(),
            ..SourceArgs::default()
        }
    }
}

/// Say what an SMTP password is; with a key, which region it was derived for
///
/// Reads the SMTP password from standard input (or --prompt) and says
/// whether it is a SigV4 password, a legacy SigV2 one, a raw secret
/// access key (the most common misconfiguration) or none of these. Given
/// the secret access key too (--env, --secret-file, --csv, --profile), it
/// tries SigV2 and every known region (plus --region values) and names
/// the match. Exit 0 for an SES SMTP password (matching the key, if
/// given), 1 otherwise, 2 for bad input.
// The description is on the struct, not the variant: clap takes it from
// here (and from a flattened struct's doc before the variant's).
#[derive(Debug, Args)]
pub struct IdentifyArgs {
    /// Read the SMTP password from the terminal, without echo, instead of standard input
    #[arg(long)]
    pub prompt: bool,

    /// The secret access key to match against.
    #[command(flatten)]
    pub key: KeySourceArgs,

    /// Also try these regions (comma-separated) besides the known ones
    #[arg(short, long, value_name = "REGION", value_parser = RegionNames, hide_possible_values = true)]
    pub region: Vec<String>,

    /// Take any non-empty string as the secret access key (test keys)
    #[arg(long)]
    pub no_key_check: bool,

    /// Print no warnings
    #[arg(short, long)]
    pub quiet: bool,
}

/// Log in to the SES SMTP endpoint and quit, to test credentials (sends no mail)
///
/// Connects to email-smtp.REGION.amazonaws.com (or --endpoint), upgrades
/// to TLS (STARTTLS on 587, 25 and 2587; implicit TLS on 465 and 2465),
/// authenticates with the username and the derived password (or the
/// existing one from --password-stdin), and quits. Never sends MAIL, RCPT
/// or DATA. On failure it says what the reply most likely means.
/// Exit 0 accepted, 1 rejected, 3 could not connect or negotiate TLS,
/// 2 bad input.
// The description is on the struct, not the variant (see IdentifyArgs).
#[cfg(feature = "check")]
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Where the secret access key comes from (not with --password-stdin).
    #[command(flatten)]
    pub source: SourceArgs,

    /// Log in with an existing SMTP password read from standard input, as-is
    // Each source by name, not the group: a conflict then names the flag
    // that was given.
    #[arg(long, conflicts_with_all = ["stdin", "env", "prompt", "secret_file", "csv", "profile"])]
    pub password_stdin: bool,

    /// SigV4 password for REGION, and its endpoint email-smtp.REGION.amazonaws.com;
    /// several (comma-separated, or all) run one check each
    #[arg(short, long, value_name = "REGION", conflicts_with = "v2",
          value_parser = RegionNames, hide_possible_values = true)]
    pub region: Option<String>,

    /// Log in with the legacy SigV2 password (to see SES refuse it)
    #[arg(long)]
    pub v2: bool,

    /// The SMTP username (AKIA…); otherwise from --csv, --profile or AWS_ACCESS_KEY_ID with --env
    #[arg(long, value_name = "ID")]
    pub access_key_id: Option<String>,

    /// Connect here instead (HOST or HOST:PORT); the password still comes from --region or --v2
    #[arg(long, value_name = "HOST[:PORT]")]
    pub endpoint: Option<String>,

    /// SMTP port (ignored when --endpoint names one)
    #[arg(long, value_name = "PORT", default_value_t = 587,
          value_parser = clap::value_parser!(u16).range(1..), allow_negative_numbers = true)]
    pub port: u16,

    /// How to start TLS; needed for ports other than 25, 587, 2587, 465 and 2465
    #[arg(long, value_enum)]
    pub tls: Option<TlsMode>,

    /// Use the FIPS endpoint where AWS offers one
    #[arg(long, requires = "region")]
    pub fips: bool,

    /// Give up on each network step (connect, TLS, each reply) after SECONDS
    #[arg(long, value_name = "SECONDS", default_value_t = 10,
          value_parser = clap::value_parser!(u64).range(1..), allow_negative_numbers = true)]
    pub timeout: u64,

    /// Retry a rejected login until it is accepted or SECONDS have passed (new keys take a moment)
    #[arg(long, value_name = "SECONDS", allow_negative_numbers = true)]
    pub wait: Option<u64>,

    /// After the login, send one test message from ADDRESS (to --to) and report SES's answer
    #[arg(long, value_name = "ADDRESS")]
    pub from: Option<String>,

    /// Where --from's message goes [default: success@simulator.amazonses.com, SES's mailbox simulator]
    #[arg(long, value_name = "ADDRESS", requires = "from")]
    pub to: Option<String>,

    /// Send --from's message to the mailbox simulator's address for OUTCOME, to test the
    /// handling of bounces, complaints and auto-replies
    #[arg(
        long,
        value_enum,
        value_name = "OUTCOME",
        requires = "from",
        conflicts_with = "to"
    )]
    pub simulate: Option<Simulated>,

    /// Trust this PEM certificate (or bundle) besides the system's roots
    #[arg(long, value_name = "PEM")]
    pub ca_file: Option<PathBuf>,

    /// Take any non-empty string as the secret access key (test keys)
    #[arg(long)]
    pub no_key_check: bool,

    /// Print no warnings or progress
    #[arg(short, long)]
    pub quiet: bool,
}

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

    /// The SMTP username (an AKIA… access key ID); otherwise taken from --csv,
    /// --profile, or AWS_ACCESS_KEY_ID with --env
    #[arg(long, value_name = "ID")]
    pub access_key_id: Option<String>,

    /// Output format [default: plain; with --app, the app's own syntax]
    #[arg(short, long, value_enum)]
    pub format: Option<Format>,

    /// Print the names and TLS settings APP reads, in its own syntax (or an env-style
    /// --format: env, env-file, fish, k8s, github, json)
    #[arg(long, value_enum, value_name = "APP")]
    pub app: Option<App>,

    /// Name the four variables of the env-style forms (for an app --app does not know), or
    /// the keys of secretsmanager, vault and terraform: HOST,PORT,USER,PASSWORD in that order
    /// [default: SES_SMTP_HOST,… and host,port,username,password]
    #[arg(long, value_name = "HOST,PORT,USER,PASSWORD", conflicts_with = "app",
          value_parser = parse_variable_names)]
    pub variables: Option<VariableNames>,

    /// The Kubernetes Secret's metadata.name, for --format k8s [default: ses-smtp]
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,

    /// SMTP port for every form but plain [default: 587]
    #[arg(long, value_enum, allow_negative_numbers = true)]
    pub port: Option<Port>,

    /// Use the FIPS endpoint (email-smtp-fips.REGION.amazonaws.com) where AWS offers one
    #[arg(long)]
    pub fips: bool,

    /// One result per input line (stdin or --secret-file) or CSV row (--csv), in order;
    /// nothing is printed unless every line is a usable key
    #[arg(long, conflicts_with_all = ["prompt", "env", "profile", "no_newline"])]
    pub batch: bool,

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

    /// Read the accessKeys.csv the IAM console downloads (- = standard input)
    #[arg(long, value_name = "PATH")]
    pub csv: Option<PathBuf>,

    /// Read the key of AWS CLI profile NAME [default: AWS_PROFILE, else default],
    /// as the AWS CLI does: ~/.aws/credentials, then ~/.aws/config (or
    /// AWS_SHARED_CREDENTIALS_FILE, AWS_CONFIG_FILE), and credential_process
    #[arg(long, value_name = "NAME", num_args = 0..=1, default_missing_value = "")]
    pub profile: Option<String>,
}

/// SigV4 for regions, or the legacy SigV2.
#[derive(Debug, Args, Default, Clone)]
pub struct SchemeArgs {
    /// SigV4 password for REGION (repeatable, comma-separated; `all` = every known SMTP region)
    #[arg(short, long, value_name = "REGION", conflicts_with = "v2",
          value_parser = RegionNames, hide_possible_values = true)]
    pub region: Vec<String>,

    /// Legacy SigV2 password, which SES has rejected since March 2021
    #[arg(long)]
    pub v2: bool,
}
