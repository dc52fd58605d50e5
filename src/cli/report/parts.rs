//! The one match: each error's exit code, problem line and hint line.

use std::fmt::Write as _;

use ses_smtp_password::{AccessKeyIdError, PasswordKind, RegionError, SecretError};

use super::advice::{
    WAYS_TO_PASS, WAYS_WITHOUT_TERMINAL, empty_hint, file_lines, github_env_lines, likely,
    net_lines, no_command, nothing_reachable, process_problem, profile_lines, rotate_binary_lines,
    secret_hint, shape_lines, usage_lines,
};
use super::form_refusal::format_lines;
use super::{
    BadLine, CaProblem, CheckNeed, CliError, EXIT_FAILED, EXIT_INTERRUPTED, EXIT_NETWORK,
    EXIT_USAGE, FileProblem,
};

/// How many bad `--batch` lines are listed by number.
const BATCH_LISTED: usize = 20;

impl CliError {
    /// The exit code, the problem line and the hint line.
    pub fn parts(&self) -> (u8, String, String) {
        use CliError as E;
        let s = |text: &str| text.to_owned();
        match self {
            E::Usage(usage, subcommand) => {
                let (problem, hint) = usage_lines(usage, *subcommand);
                (EXIT_USAGE, problem, hint)
            }
            E::StrayArgument => (
                EXIT_USAGE,
                s("unexpected argument (not shown: it may be a secret)"),
                s(
                    "the key is never an argument (it would leak into shell history and ps); pipe it on standard input or use --env, --prompt, --secret-file, --csv or --profile",
                ),
            ),
            E::BadSecret(origin, SecretError::Empty) => (
                EXIT_USAGE,
                format!("{origin}: {}", SecretError::Empty),
                empty_hint(origin),
            ),
            E::BadSecret(origin, error) => (
                EXIT_USAGE,
                format!("{origin}: {error}"),
                s(secret_hint(error)),
            ),
            E::BadRegion(index, error) => (
                EXIT_USAGE,
                format!("region #{index} of --region: {error}"),
                match error {
                    RegionError::Malformed {
                        suggestion: Some(s),
                    } => format!(
                        "use --region {s}; 'ses-smtp-password regions' lists the known ones"
                    ),
                    RegionError::Malformed { suggestion: None }
                    | RegionError::Empty
                    | RegionError::NoFipsEndpoint => s(
                        "region names look like us-east-1; 'ses-smtp-password regions' lists the known ones",
                    ),
                },
            ),
            E::NoFips(region) => (
                EXIT_USAGE,
                format!("AWS offers no FIPS SMTP endpoint in {region}"),
                s(
                    "AWS has FIPS SMTP endpoints in us-east-1, us-west-2 and us-gov-west-1; drop --fips elsewhere",
                ),
            ),
            E::EnvNotSet(var) => (
                EXIT_USAGE,
                format!("environment variable {var} is not set"),
                format!("export {var}, or name the variable that holds the key: --env VAR"),
            ),
            E::EnvBadName => (
                EXIT_USAGE,
                s(
                    "--env takes the NAME of an environment variable, and this is not one (not shown)",
                ),
                s(
                    "never pass the key itself on the command line; use --env with a name such as AWS_SECRET_ACCESS_KEY",
                ),
            ),
            E::NoTerminal => (
                EXIT_USAGE,
                s("there is no terminal to prompt on for the secret access key"),
                s(WAYS_WITHOUT_TERMINAL),
            ),
            E::Prompt(kind) => (
                EXIT_FAILED,
                format!("could not read from the terminal: {kind}"),
                s(WAYS_TO_PASS),
            ),
            E::Interrupted => (
                EXIT_INTERRUPTED,
                s("interrupted at the prompt; nothing was derived"),
                s("run the command again when you have the key"),
            ),
            E::File(path, option, problem) => {
                let (problem_line, hint) = file_lines(path, *option, *problem);
                // Too much input is invalid input, as a too-long key is;
                // the rest are I/O failures.
                let code = if matches!(problem, FileProblem::TooLarge(_) | FileProblem::Terminal) {
                    EXIT_USAGE
                } else {
                    EXIT_FAILED
                };
                (code, problem_line, hint)
            }
            E::Csv(path, error) => (
                EXIT_USAGE,
                format!("{path}: {error}"),
                s(
                    "use the accessKeys.csv the IAM console downloads (header: Access key ID,Secret access key)",
                ),
            ),
            E::CsvSeveralRows(path, rows) => (
                EXIT_USAGE,
                format!("{path} holds {rows} access keys; expected one"),
                s("give --batch for one password per key, or keep only the row you want"),
            ),
            E::Profile(name, creds, config, error) => {
                let (problem, hint) = profile_lines(name, creds, config, error);
                (EXIT_USAGE, problem, hint)
            }
            E::ProcessFailed(origin, problem) => (
                EXIT_FAILED,
                process_problem(origin, *problem),
                s(
                    "run the command yourself to see what it says; the AWS CLI would fail the same way",
                ),
            ),
            E::NoHome => (
                EXIT_USAGE,
                s("cannot find the AWS CLI's files: HOME is not set"),
                s("set HOME, or AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE to the files"),
            ),
            E::BadAccessKeyId(origin, error) => (
                EXIT_USAGE,
                format!("{origin}: {error}"),
                s(match error {
                    AccessKeyIdError::Temporary => {
                        "create a long-term access key (AKIA…) for an IAM user allowed ses:SendRawEmail"
                    }
                    AccessKeyIdError::LooksLikeSecret => {
                        "the username is the access key ID (AKIA…, 20 characters); the secret goes on standard input or another source"
                    }
                    AccessKeyIdError::Malformed => {
                        "the username is the access key ID: 20 characters starting with AKIA"
                    }
                }),
            ),
            E::Format(error) => format_lines(*error),
            E::BadSecretName => (
                EXIT_USAGE,
                s("--name is not a Kubernetes object name"),
                s(
                    "use dot-separated parts of lowercase letters, digits and '-', each starting and ending with a letter or digit: --name ses-smtp",
                ),
            ),
            E::NoGithubEnv => (
                EXIT_USAGE,
                s(
                    "--format github writes to the file $GITHUB_ENV names, and GITHUB_ENV is not set",
                ),
                s("use it in a GitHub Actions step; elsewhere use --format env-file"),
            ),
            E::GithubEnvNotFile(refused) => github_env_lines(*refused),
            E::GithubMaskNotWritten => (
                EXIT_FAILED,
                s(
                    "the ::add-mask:: line did not reach standard output, so the password was not added to $GITHUB_ENV (unmasked, a later step could print it)",
                ),
                s("leave the step's standard output open: the runner reads the mask from it"),
            ),
            E::GithubEnvWrite(kind) => (
                EXIT_FAILED,
                format!("could not append to $GITHUB_ENV: {kind}"),
                s("check the runner's GITHUB_ENV file"),
            ),
            E::BadPassword(origin, error) => (
                EXIT_USAGE,
                match error {
                    SecretError::Empty => {
                        format!("{origin}: no SMTP password was given (the input is empty)")
                    }
                    SecretError::SeveralLines { lines } => format!(
                        "{origin}: the input has {lines} non-empty lines; expected one SMTP password"
                    ),
                    SecretError::TooLong { limit } => format!(
                        "{origin}: the input is longer than {limit} bytes; an SMTP password is 44 characters"
                    ),
                    other => format!("{origin}: {other}"),
                },
                s("pass one SMTP password on standard input, or type it at --prompt"),
            ),
            E::BatchBadLines(unit, total, bad) => {
                let unit = unit.word();
                let mut text = format!(
                    "{} of {total} {unit}s are not usable secret access keys; nothing was derived",
                    bad.len()
                );
                for (number, why) in bad.iter().take(BATCH_LISTED) {
                    let _ = match why {
                        BadLine::Secret(e) => write!(text, "\n  {unit} {number}: {e}"),
                        BadLine::AccessKeyId(e) => write!(text, "\n  {unit} {number}: {e}"),
                        BadLine::NoUsername => {
                            write!(
                                text,
                                "\n  {unit} {number}: no access key ID for the username"
                            )
                        }
                    };
                }
                if bad.len() > BATCH_LISTED {
                    let _ = write!(text, "\n  … and {} more", bad.len() - BATCH_LISTED);
                }
                (
                    EXIT_USAGE,
                    text,
                    s("fix or remove those lines (their content is never shown), then run again"),
                )
            }
            E::BatchShaped(what) => (
                EXIT_USAGE,
                format!(
                    "--batch takes one secret access key per line, or a CSV; this input is {what}"
                ),
                s("drop --batch to derive from this one key, or give the keys one per line"),
            ),
            E::Shape(origin, error) => {
                let (problem, hint) = shape_lines(origin, *error);
                (EXIT_USAGE, problem, hint)
            }
            E::TemporaryCredentials(origin, token) => (
                EXIT_USAGE,
                format!(
                    "{origin} holds temporary credentials ({token} is set); the SES SMTP interface never accepts them"
                ),
                s(
                    "use a long-term access key (AKIA…) of an IAM user allowed ses:SendRawEmail: aws iam create-access-key --user-name USER",
                ),
            ),
            E::CsvFromTerminal => (
                EXIT_USAGE,
                s("--csv - reads standard input, which is a terminal"),
                s(
                    "give the file's path: --csv accessKeys.csv, or pipe it in: --csv - < accessKeys.csv",
                ),
            ),
            E::PasswordIsNot(kind) => (
                EXIT_USAGE,
                format!("standard input: this is {kind}; it was not sent to the server"),
                s(match kind {
                    PasswordKind::AccessKeyId => {
                        "it is the username: pass it with --access-key-id, and the SMTP password on standard input"
                    }
                    PasswordKind::SecretAccessKey
                    | PasswordKind::SigV4
                    | PasswordKind::SigV2
                    | PasswordKind::NotSes => {
                        "log in with the key itself and let check derive the password: ses-smtp-password check --region REGION (key on standard input)"
                    }
                }),
            ),
            E::Explain(e) => e.parts(),
            E::BatchFromTerminal => (
                EXIT_USAGE,
                s("--batch reads standard input, which is a terminal"),
                s("pipe the keys in, one per line, or use --secret-file PATH or --csv PATH"),
            ),
            E::NotSmtpPassword(kind, is_the_secret) => (
                EXIT_FAILED,
                if *is_the_secret {
                    format!("this is {kind}: it is the secret access key itself")
                } else {
                    format!("this is {kind}")
                },
                s(match kind {
                    PasswordKind::SecretAccessKey => {
                        "SES needs the SMTP password derived from it: ses-smtp-password --region REGION"
                    }
                    PasswordKind::AccessKeyId => {
                        "it is the SMTP username; the password is derived from its secret access key: ses-smtp-password --region REGION"
                    }
                    PasswordKind::SigV4 | PasswordKind::SigV2 | PasswordKind::NotSes => {
                        "SES SMTP passwords are 44 base64 characters starting with B (SigV4); derive one: ses-smtp-password --region REGION"
                    }
                }),
            ),
            E::NoMatch(kind, tried) => {
                let version = if *kind == PasswordKind::SigV2 {
                    "SigV2"
                } else {
                    "SigV4"
                };
                (
                    EXIT_FAILED,
                    format!(
                        "this {version} SMTP password was not derived from the given secret access key (SigV2 and {tried} regions tried)"
                    ),
                    s(
                        "it comes from another key (one rotated away?) or a region not tried (add --region); derive a new one: ses-smtp-password --region REGION",
                    ),
                )
            }
            E::OtherRegion(derived, host) => (
                EXIT_FAILED,
                format!(
                    "this SigV4 SMTP password was derived for {derived}, but the URL's host is in {host}; SES refuses it there"
                ),
                format!(
                    "derive the password for the host's region: ses-smtp-password --region {host} (or point the URL at {derived})"
                ),
            ),
            E::OtherUsername(user, id) => (
                EXIT_FAILED,
                format!(
                    "the URL's username {user} is not the access key ID of the given key ({id})"
                ),
                s(
                    "the username must be the access key ID of the key the password was derived from",
                ),
            ),
            E::BadAddress(flag, value) => (
                EXIT_USAGE,
                format!("{flag} {value} is not an email address"),
                s("give an address such as sender@example.com (verified in SES for --from)"),
            ),
            E::MessageRefused(target, reply, causes, other) => {
                let mut hint = likely(causes);
                if let Some(other) = other {
                    let _ = write!(
                        hint,
                        " (SES checked {other}, not --from: the message's From header or Return-Path)"
                    );
                }
                (
                    EXIT_FAILED,
                    format!("{target} accepted the login but refused the test message: {reply}"),
                    hint,
                )
            }
            E::CheckNeeds(need) => (
                EXIT_USAGE,
                format!(
                    "check needs {}",
                    match need {
                        CheckNeed::Scheme => "--region REGION (or --v2) to derive the password",
                        CheckNeed::Username =>
                            "the SMTP username: --access-key-id AKIA…, or a key from --csv, --profile or --env with AWS_ACCESS_KEY_ID",
                        CheckNeed::Endpoint =>
                            "an endpoint: --region REGION or --endpoint HOST[:PORT]",
                    }
                ),
                s("run 'ses-smtp-password check --help' for the options"),
            ),
            E::CheckTlsMode(port) => (
                EXIT_USAGE,
                format!("port {port} is not an SES SMTP port, so the TLS mode is not evident"),
                s("say how to start TLS: --tls starttls or --tls implicit"),
            ),
            E::BadEndpoint => (
                EXIT_USAGE,
                s("--endpoint is not HOST or HOST:PORT (not shown: it may hold a password)"),
                s(
                    "give a host name or address, optionally with a port: email-smtp.eu-west-1.amazonaws.com:587",
                ),
            ),
            E::CaFile(path, problem) => (
                EXIT_USAGE,
                match problem {
                    CaProblem::NotPem => format!("--ca-file {path}: not a PEM certificate"),
                },
                s("give a PEM file holding the CA certificate(s) to trust"),
            ),
            E::CheckOneRegion => (
                EXIT_USAGE,
                s("--region was given twice"),
                s(
                    "name several regions in one --region, with commas: --region eu-west-1,us-east-1",
                ),
            ),
            E::RegionsFailed(failed, lines) => {
                let mut text = format!("{failed} of {} regions failed:", lines.len());
                for line in lines {
                    let _ = write!(text, "\n  {}", line.replace('\t', "  "));
                }
                (
                    EXIT_FAILED,
                    text,
                    s(
                        "check one region alone for its full diagnosis: ses-smtp-password check --region REGION",
                    ),
                )
            }
            E::NoCheck(command) => no_command(command, "check"),
            E::NothingReachable(hosts) => nothing_reachable(*hosts),
            E::BatchOneId(keys) => (
                EXIT_USAGE,
                format!("--access-key-id names one key's ID, but the input holds {keys} keys"),
                s(
                    "drop --access-key-id, or give a CSV whose rows carry their Access key ID: --csv PATH",
                ),
            ),
            E::Rejected(target, reply, causes) => (
                EXIT_FAILED,
                format!("{target} rejected the login: {reply}"),
                likely(causes),
            ),
            E::Net(target, problem, detail, timeout) => {
                let (problem, hint) = net_lines(target, *problem, detail, *timeout);
                (EXIT_NETWORK, problem, hint)
            }
            E::ReadStdin(kind) => (
                EXIT_FAILED,
                format!("could not read standard input: {kind}"),
                s(WAYS_TO_PASS),
            ),
            E::WriteOutput(kind) => (
                EXIT_FAILED,
                format!("could not write the output: {kind}"),
                s("check where standard output goes (disk full?)"),
            ),
            E::NoRotate => no_command("rotate", "rotate"),
            E::NoRotateBinary(failure) => rotate_binary_lines(failure.as_ref()),
            #[cfg(feature = "rotate")]
            E::Rotate(e) => e.parts(),
        }
    }

    /// The process exit code for this error.
    pub fn exit_code(&self) -> u8 {
        self.parts().0
    }

    /// Both lines, as printed on stderr.
    pub fn render(&self) -> String {
        let (_, problem, hint) = self.parts();
        format!("error: {problem}\nhint: {hint}\n")
    }
}
