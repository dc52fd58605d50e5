//! Advice that several errors share: what to do about a bad secret, a
//! refused command line, or each likely cause of a refused login.

use ses_smtp_password::{Cause, MAX_SECRET_BYTES, SecretError};

use super::{
    AppendRefused, EXIT_FAILED, EXIT_NETWORK, EXIT_USAGE, FileOption, FileProblem, NetProblem,
    Origin, ProcessProblem, UsageError,
};
use crate::cli::source::aws_cli::ini::IniError;
use crate::cli::source::aws_cli::resolve::{ProfileError, Which};
use crate::cli::source::aws_output::ShapeError;

/// How to pass a key when there is no terminal to prompt on.
pub(super) const WAYS_WITHOUT_TERMINAL: &str = "pipe the key on standard input, or use --env [VAR], --secret-file PATH, --csv PATH or --profile NAME";

/// How to pass a key, for messages about missing input.
pub(super) const WAYS_TO_PASS: &str = "pipe the key on standard input, or use --env [VAR], --prompt, --secret-file PATH, --csv PATH or --profile NAME";

/// The problem and hint of a command line clap refused.
pub(super) fn usage_lines(usage: &UsageError, subcommand: Option<&str>) -> (String, String) {
    let help = || match subcommand {
        Some(sub) => format!("run 'ses-smtp-password {sub} --help' for its options"),
        None => "run 'ses-smtp-password --help' for the options".to_owned(),
    };
    match usage {
        UsageError::OptionsBeforeSubcommand => (
            "options of the default command cannot come before a subcommand".to_owned(),
            "put the subcommand first: ses-smtp-password SUBCOMMAND [OPTIONS]".to_owned(),
        ),
        UsageError::Conflict(a, b) => {
            let hint = if a == "--v2" || b == "--v2" {
                "--region gives SigV4 passwords and --v2 the legacy SigV2 one; choose one"
            } else {
                "choose one of them"
            };
            (format!("{a} cannot be used with {b}"), hint.to_owned())
        }
        UsageError::UnknownOption(name, None) => (format!("unknown option {name}"), help()),
        UsageError::UnknownOption(name, Some(suggested)) => (
            format!("unknown option {name} (did you mean {suggested}?)"),
            help(),
        ),
        UsageError::NeedsValue(arg) => (format!("{arg} needs a value"), help()),
        UsageError::GivenTwice(arg) => {
            (format!("{arg} was given twice"), "give it once".to_owned())
        }
        UsageError::InvalidValue(arg, value, valid) => (
            match value {
                Some(value) => format!("invalid value '{value}' for {arg}"),
                None => format!("invalid value for {arg} (not shown)"),
            },
            valid.clone().unwrap_or_else(help),
        ),
        UsageError::MissingRequired(args) => (format!("missing required argument: {args}"), help()),
        UsageError::WrongNumberOfValues(arg) => {
            (format!("wrong number of values for {arg}"), help())
        }
        UsageError::InvalidUtf8 => ("an argument is not valid UTF-8".to_owned(), help()),
        UsageError::MissingSubcommand => ("a subcommand is required".to_owned(), help()),
        UsageError::UnknownCommand(typed, meant) => (
            format!("unknown command '{typed}'"),
            format!(
                "did you mean 'ses-smtp-password {meant}'? ('ses-smtp-password --help' lists the commands)"
            ),
        ),
        UsageError::Unparsed => (
            "the command line could not be understood".to_owned(),
            help(),
        ),
    }
}

/// What went wrong with a profile's `credential_process`.
pub(super) fn process_problem(origin: &Origin, problem: ProcessProblem) -> String {
    match problem {
        ProcessProblem::NotRun(kind) => format!("{origin}: could not run it: {kind}"),
        ProcessProblem::Exit(Some(code)) => format!("{origin}: exited with status {code}"),
        ProcessProblem::Exit(None) => format!("{origin}: was killed by a signal"),
        ProcessProblem::NotVersion1 => {
            format!("{origin}: its output is not JSON with \"Version\": 1")
        }
        ProcessProblem::TooMuchOutput => format!(
            "{origin}: printed more than {MAX_SECRET_BYTES} bytes (stopped); credentials are a few hundred"
        ),
        ProcessProblem::TimedOut(secs) => {
            format!("{origin}: gave no credentials within {secs} s (stopped)")
        }
    }
}

/// What to do about an empty secret, for the source it came from.
pub(super) fn empty_hint(origin: &Origin) -> String {
    match origin {
        Origin::Env(var) => format!(
            "${var} is set but empty: set it to the secret access key, or name the variable that holds it: --env VAR"
        ),
        Origin::Csv(..) => "this row has no secret access key; the IAM console shows a secret only once, so if it is lost create a new access key (aws iam create-access-key)".to_owned(),
        Origin::Prompt => {
            "type or paste the 40-character secret access key at the prompt, then press Enter".to_owned()
        }
        _ => WAYS_TO_PASS.to_owned(),
    }
}

/// What to do about a secret that broke an input rule.
pub(super) fn secret_hint(error: &SecretError) -> &'static str {
    match error {
        SecretError::Empty => WAYS_TO_PASS,
        SecretError::TooLong { .. } => "pass only the 40-character secret access key",
        SecretError::SeveralLines { .. } => {
            "pass one key; to derive from a file of keys, give one per line with --batch"
        }
        SecretError::NotUtf8 { .. } => {
            "a secret access key is plain ASCII; check the file's encoding"
        }
        SecretError::InnerWhitespace { .. } => {
            "remove the whitespace: a secret access key has none (--no-key-check allows any test string)"
        }
        SecretError::AccessKeyId { temporary: false } => {
            "the access key ID is the SMTP username; pass the secret access key that goes with it"
        }
        SecretError::AccessKeyId { temporary: true } => {
            "SES SMTP does not accept temporary (STS) credentials; create a long-term access key for an IAM user"
        }
        SecretError::SmtpPassword { .. } => {
            "it needs no derivation; 'ses-smtp-password identify' says which kind it is"
        }
        SecretError::BadCharacter { .. } => {
            "check for a copy-paste error (--no-key-check allows any test string)"
        }
        SecretError::WrongLength { .. } => {
            "check that the whole key was copied (--no-key-check allows any test string)"
        }
    }
}

/// The hint of a refusal: its likely causes, most likely first.
pub(super) fn likely(causes: &[Cause]) -> String {
    let causes: Vec<&str> = causes.iter().map(|c| cause_text(*c)).collect();
    format!("most likely: {}", causes.join("; or "))
}

/// One likely cause of a refusal, with this tool's fix for it.
fn cause_text(cause: Cause) -> &'static str {
    match cause {
        Cause::SigV2Password => {
            "the password is a SigV2 one, which SES rejects: derive a SigV4 password with --region REGION"
        }
        Cause::RawSecretAsPassword => {
            "the password is a raw secret access key: SES needs the SMTP password derived from it (ses-smtp-password --region REGION)"
        }
        Cause::AccessKeyIdAsPassword => {
            "the password is an access key ID: that is the username; the password is derived from the secret"
        }
        Cause::NotSesPassword => {
            "the password is not an SES SMTP password (44 characters starting with B)"
        }
        Cause::SesSaysSigV2 => {
            "SES says the password is a SigV2 one: derive a SigV4 password with --region REGION"
        }
        Cause::OtherRegion => {
            "the password was derived for another region than the endpoint's: SigV4 passwords work in one region only"
        }
        Cause::InactiveOrOldKey => {
            "the access key is inactive or deleted, or the password comes from an older key (after a rotation, derive it again)"
        }
        Cause::NewKey => {
            "the key is brand new: IAM keys can take a few seconds to become valid (check --wait 30 retries until it is)"
        }
        Cause::WrongUsername => "the username is not the access key ID that belongs to this secret",
        Cause::NotAuthorized => {
            "the IAM user may not send: attach this policy to it: {\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"ses:SendRawEmail\",\"Resource\":\"*\"}]}"
        }
        Cause::NotVerified => {
            "the sender's address or domain is not a verified identity in this region (identities are per region), or the account is still in the SES sandbox, where recipients must be verified too: verify it in this region's SES console, or request production access"
        }
        Cause::SendingPaused => {
            "SES has paused sending for this account (or its configuration set): see the account dashboard and reputation metrics in the SES console"
        }
        Cause::RateExceeded => {
            "the account's maximum sending rate was exceeded: send more slowly (the sending quota shows the rate); --wait does not retry quotas"
        }
        Cause::QuotaExceeded => {
            "the account's daily sending quota is used up: wait for it to reset, or ask AWS for a higher quota; --wait does not retry quotas"
        }
        Cause::BadAddress => {
            "the server refused an address as malformed: check the sender and recipient addresses (check's --from and --to)"
        }
        Cause::Temporary => "a temporary failure at SES: retry (check --wait SECONDS retries)",
        Cause::Unexpected => "an unexpected reply: check that the endpoint is an SES SMTP endpoint",
        Cause::NotSubscribed => {
            "the AWS account that owns the key has not signed up for SES (or not in this region): open SES in this region's console, or use a key of the account that sends"
        }
        Cause::NoLogin => {
            "the client sent mail without logging in: turn on SMTP authentication (Postfix: smtp_sasl_auth_enable = yes) with the access key ID and the SMTP password"
        }
        Cause::NoTls => {
            "the client tried to log in before starting TLS: turn on STARTTLS (587, 25, 2587) or use TLS from the first byte (465, 2465)"
        }
        Cause::TooLong => {
            "the message is larger than SES takes (40 MB with its attachments, after encoding): send large files as links"
        }
        Cause::TooManyConnections => {
            "too many connections to SES are open at once: send over fewer connections (reuse one per worker) and retry later"
        }
        Cause::DataTimeout => {
            "the client stopped sending in the middle of the message: a stalled network, a firewall or proxy, or a client idle too long between commands; retry"
        }
        Cause::AuthTemporary => {
            "SES could not check the credentials at that moment: retry in a few seconds"
        }
        Cause::OldTls => {
            "the client speaks TLS 1.0 or 1.1, which SES refuses: update the client or its TLS library to TLS 1.2 or later"
        }
        Cause::MessageInvalid => {
            "SES refused the message itself (a duplicate or malformed header, too many recipients, an address it cannot parse): the reply's text names what"
        }
    }
}

/// The problem and hint for a file that could not be read.
pub(super) fn file_lines(path: &str, option: FileOption, problem: FileProblem) -> (String, String) {
    let flag = option.flag();
    let s = |text: &str| text.to_owned();
    let (problem, hint) = match problem {
        FileProblem::NotFound => (format!("{path}: no such file"), None),
        FileProblem::PermissionDenied => (
            format!("{path}: permission denied"),
            Some(s(
                "run as a user who can read the file, or check its permissions",
            )),
        ),
        FileProblem::IsDirectory => (format!("{path}: is a directory, not a file"), None),
        FileProblem::Terminal => (
            format!("{path}: a terminal, where the key would be shown as it is typed"),
            Some(s("use --prompt, which reads the terminal without echo")),
        ),
        FileProblem::FifoWithoutWriter => (
            format!("{path}: a named pipe that nothing is writing to"),
            Some(s(
                "start the program that writes the key (it has 3 seconds to connect), or use --secret-file <(command)",
            )),
        ),
        FileProblem::WindowsPipe => (
            format!("{path}: a named pipe, which is read only on Unix (a read could wait forever)"),
            Some(s(
                "pipe the key to standard input instead: <command> | ses-smtp-password",
            )),
        ),
        FileProblem::TooLarge(limit) => (
            format!(
                "{path}: larger than {}, the most read for {flag}",
                size(limit)
            ),
            Some(format!("check that {flag} names the right file")),
        ),
        FileProblem::Io(kind) => (
            format!("{path}: could not read: {kind}"),
            Some(s("check the file and try again")),
        ),
    };
    // Not found, or a directory: the path is wrong.
    let hint = hint.unwrap_or_else(|| match option {
        FileOption::Profile => s("set AWS_SHARED_CREDENTIALS_FILE or AWS_CONFIG_FILE to the file, or create it with 'aws configure'"),
        FileOption::SecretFile
        | FileOption::Csv
        | FileOption::Batch
        | FileOption::CaFile
        | FileOption::ManDir => format!("check the path given to {flag}"),
    });
    (problem, hint)
}

/// The problem and hint for a profile that gave no key.
pub(super) fn profile_lines(
    name: &str,
    creds: &str,
    config: &str,
    error: &ProfileError,
) -> (String, String) {
    let file = |which| {
        if which == Which::Credentials {
            creds
        } else {
            config
        }
    };
    let fix = || "fix the file; the AWS CLI refuses it too".to_owned();
    match error {
        ProfileError::NoProfile => (
            format!("no profile {name} in {creds} or {config}"),
            "check the name: profiles are [NAME] in the credentials file and [profile NAME] in the config file ('aws configure list-profiles' lists them)".to_owned(),
        ),
        ProfileError::NoCredentials => (
            format!("profile {name} has no access key in {creds} or {config}"),
            format!("add aws_access_key_id and aws_secret_access_key to it: aws configure --profile {name}"),
        ),
        ProfileError::PartialCredentials(which) => (
            format!(
                "profile {name} in {} has aws_access_key_id but no aws_secret_access_key",
                file(*which)
            ),
            fix(),
        ),
        ProfileError::Ini(which, e) => {
            let (line, what) = match e {
                IniError::NoSectionHeader(l) => (l, "a setting before any [section]"),
                IniError::DuplicateSection(l) => (l, "a [section] that came before"),
                IniError::DuplicateOption(l) => (l, "a setting that came before in the same section"),
                IniError::Unparsable(l) => (l, "a line that is no [section], NAME = value or comment"),
            };
            (format!("{}, line {line}: {what}", file(*which)), fix())
        }
        ProfileError::Temporary(_) => (
            format!("profile {name} gets temporary credentials"),
            "use a profile with a long-term access key (AKIA…)".to_owned(),
        ),
    }
}

/// The problem and hint for a JSON or `NAME=value` input without a key.
pub(super) fn shape_lines(origin: &Origin, error: ShapeError) -> (String, String) {
    match error {
        ShapeError::JsonInvalid(line, column) => (
            format!("{origin}: starts like JSON but is not valid JSON (line {line}, column {column})"),
            "pass the output of 'aws iam create-access-key' or 'aws configure export-credentials' unchanged, or the bare key".to_owned(),
        ),
        ShapeError::JsonNoSecret => (
            format!("{origin}: JSON without a secret access key (looked for AccessKey.SecretAccessKey, Credentials.SecretAccessKey and SecretAccessKey)"),
            "pass the output of 'aws iam create-access-key' or 'aws configure export-credentials', which carry the secret".to_owned(),
        ),
        ShapeError::EnvNoSecret => (
            format!("{origin}: NAME=value lines without AWS_SECRET_ACCESS_KEY"),
            "add AWS_SECRET_ACCESS_KEY=… (and AWS_ACCESS_KEY_ID=…), or pass the bare key".to_owned(),
        ),
        ShapeError::CsvFile => (
            format!("{origin}: this is the IAM console's CSV, not a bare key"),
            "read it with --csv FILE, or --csv - for standard input".to_owned(),
        ),
        ShapeError::CredentialsFile => (
            format!("{origin}: this is an AWS CLI credentials or config file, not a bare key"),
            "read a profile of it with --profile NAME (AWS_SHARED_CREDENTIALS_FILE=FILE names another file)".to_owned(),
        ),
        ShapeError::EnvConflict(name) => (
            format!("{origin}: {name} is set twice, to different values"),
            format!("keep the one {name}= line of the key you mean"),
        ),
    }
}

/// The problem and hint for a `check` that got no usable session.
pub(super) fn net_lines(
    target: &str,
    problem: NetProblem,
    detail: &str,
    timeout: u64,
) -> (String, String) {
    let (problem, hint) = match problem {
        NetProblem::Connect => (
            format!("could not connect to {target}: {detail}"),
            "check the endpoint and port, and that outbound SMTP is allowed (many networks block 25; try 587)",
        ),
        NetProblem::Refused => (
            format!("{target} refused service at the greeting: {detail}"),
            "this is no SES SMTP endpoint for this client: check the endpoint (email-smtp.REGION.amazonaws.com) and that your network may reach it",
        ),
        NetProblem::Timeout => (
            format!("{target} did not complete {detail} within {timeout} s"),
            "check the endpoint and port (and --tls for odd ports), or raise --timeout",
        ),
        NetProblem::Tls => (
            format!("TLS with {target} failed: {detail}"),
            "check --tls for this port; for a private CA pass --ca-file PEM",
        ),
        NetProblem::Protocol => (
            format!("{target} did not speak SMTP as expected: {detail}"),
            "check that the endpoint is an SMTP server",
        ),
    };
    (problem, hint.to_owned())
}

/// A `$GITHUB_ENV` that may not receive a password: exit code and lines.
pub(super) fn github_env_lines(refused: AppendRefused) -> (u8, String, String) {
    let elsewhere = "run it in a GitHub Actions step, whose runner creates that file; elsewhere use --format env-file";
    let (code, problem) = match refused {
        AppendRefused::Missing => (
            EXIT_USAGE,
            "$GITHUB_ENV names a file that does not exist (a password never goes to a file this tool would create)".to_owned(),
        ),
        AppendRefused::Symlink => (
            EXIT_USAGE,
            "$GITHUB_ENV names a symbolic link, which is never followed to write a password".to_owned(),
        ),
        AppendRefused::NotRegular => (
            EXIT_USAGE,
            "$GITHUB_ENV names a directory, named pipe or device, not a regular file".to_owned(),
        ),
        AppendRefused::Io(kind) => (EXIT_FAILED, format!("could not open $GITHUB_ENV: {kind}")),
    };
    (code, problem, elsewhere.to_owned())
}

/// A byte limit as people say it: `64 KiB`, `1 MiB`, `1 GiB`.
fn size(bytes: usize) -> String {
    match bytes {
        b if b >= 1 << 30 && b % (1 << 30) == 0 => format!("{} GiB", b >> 30),
        b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MiB", b >> 20),
        b if b >= 1 << 10 && b % (1 << 10) == 0 => format!("{} KiB", b >> 10),
        b => format!("{b} bytes"),
    }
}

/// A command (`check`, `rotate`) this build was made without.
pub fn no_command(name: &str, feature: &str) -> (u8, String, String) {
    (
        EXIT_USAGE,
        format!("this build of ses-smtp-password has no {name} command"),
        format!(
            "install a build with the {feature} feature (a default one): cargo install ses-smtp-password"
        ),
    )
}

/// `probe` found no working port on any host (of this many).
pub fn nothing_reachable(hosts: usize) -> (u8, String, String) {
    (
        EXIT_NETWORK,
        format!(
            "no SMTP port works from this machine{} (each port's reason is above)",
            if hosts > 1 { " for any of the hosts" } else { "" }
        ),
        "from EC2, port 25 is blocked by default and 587 or 465 usually work: open them in the firewall, security group or proxy".to_owned(),
    )
}

/// ses-smtp-password-rotate missing (`None`) or not started (path, why).
pub fn rotate_binary_lines(failure: Option<&(String, std::io::ErrorKind)>) -> (u8, String, String) {
    let problem = match failure {
        None => {
            "rotate needs ses-smtp-password-rotate beside this binary; it is not there".to_owned()
        }
        Some((path, kind)) => format!("could not start {path}: {kind}"),
    };
    let hint =
        "reinstall from one artifact (it has both binaries), or: cargo install ses-smtp-password";
    (EXIT_USAGE, problem, hint.to_owned())
}
