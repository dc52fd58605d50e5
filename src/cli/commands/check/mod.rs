//! `check`: log in to the SES SMTP endpoint and quit, and explain a refusal.
//!
//! The session is EHLO, STARTTLS (or implicit TLS), EHLO, AUTH, QUIT through
//! lettre's low-level `SmtpConnection`; MAIL, RCPT and DATA are never sent.
//! lettre keeps its own copies of the credentials (its `Credentials` and the
//! AUTH line are `String`s) for the length of the login; they cannot be wiped
//! from here.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use lettre::transport::smtp::client::Certificate;
use ses_smtp_password::{
    Diagnosis, HostKind, PasswordKind, Region, classify, diagnose, parse_regions, smtp_password_v2,
    smtp_password_v4,
};
use zeroize::Zeroizing;

mod each_region;
pub mod probe;
pub mod proof;
mod session;
mod test_message;

use crate::cli::flags::args::{CheckArgs, Simulated, TlsMode};
use crate::cli::report::redact::{is_safe, shown, shown_path};
use crate::cli::report::warn::{self, Warnings};
use crate::cli::report::{CaProblem, CheckNeed, CliError, FileOption, NetProblem};
use crate::cli::source;
use crate::cli::source::bytes::read_file;
use crate::cli::source::pasted;
use each_region::each_region;
use test_message::TestMessage;

/// The longest pause between two tries under `--wait`.
const MAX_BACKOFF: Duration = Duration::from_secs(5);
/// The most bytes read from `--ca-file`.
const MAX_CA_FILE_BYTES: usize = 1024 * 1024;

/// Where to connect and how.
struct Target {
    host: String,
    port: u16,
    tls: TlsMode,
}

impl Target {
    fn name(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }
}

/// How one login attempt ended, short of acceptance.
enum Failure {
    /// The server answered AUTH (or the greeting) with a refusal.
    Rejected { code: u16, text: String },
    /// The login was accepted; MAIL FROM, RCPT TO or DATA was refused.
    MessageRefused { code: u16, text: String },
    /// No usable session: connection, TLS, timeout, protocol.
    Net(NetProblem, String),
}

/// Runs `check`; returns the accepted reply for stdout.
pub fn run(args: &CheckArgs) -> Result<Zeroizing<Vec<u8>>, CliError> {
    let warnings = Warnings::new(args.quiet);
    // Everything that needs no secret and no network, first.
    let regions = match args.region.as_deref() {
        Some(r) => {
            parse_regions(&[r]).map_err(|(index, error)| CliError::BadRegion(index, error))?
        }
        None => Vec::new(),
    };
    warnings.unknown_regions(&regions, "trying");
    if !args.password_stdin && regions.is_empty() && !args.v2 {
        return Err(CliError::CheckNeeds(CheckNeed::Scheme));
    }
    // One check per region (SigV2 and --password-stdin without a region: one).
    let targets = if regions.is_empty() {
        vec![(None, target(&reach(args), None)?)]
    } else {
        regions
            .iter()
            .map(|r| Ok((Some(r), target(&reach(args), Some(r))?)))
            .collect::<Result<Vec<_>, CliError>>()?
    };
    if let (Some(_), Some((_, first))) = (&args.endpoint, targets.first()) {
        name_the_host(&first.host, warnings);
    }
    let flag_id = source::flag_access_key_id(args.access_key_id.as_deref())?;
    let to = args.simulate.map(Simulated::address).or(args.to.as_deref());
    let message = test_message::prepare(args.from.as_deref(), to, |w| warnings.warn(w))?;
    let ca = args
        .ca_file
        .as_deref()
        .map(|p| load_ca(p, warnings))
        .transpose()?;
    let login = |target: &Target,
                 region: Option<&Region>,
                 password: &str,
                 kind: PasswordKind,
                 username: Option<&str>| {
        let username = username.ok_or(CliError::CheckNeeds(CheckNeed::Username))?;
        // A password derived here for region R fails against another
        // region's endpoint; say so only when that can be the case.
        let region_matches = match (region, &args.endpoint) {
            (Some(r), Some(_)) => target.host.contains(r.code()),
            (_, None) | (None, Some(_)) => true,
        };
        let session = Login {
            target,
            ca: ca.as_ref(),
            username,
            password,
            message: message.as_ref(),
        };
        let patience = Patience {
            wait: args.wait,
            timeout: args.timeout,
            from: args.from.as_deref(),
            stop: None,
        };
        login_until(&patience, &session, warnings, |diagnosis| {
            // A SigV2 password (--v2, or one given) is the likeliest cause
            // of any refusal: SES rejects them all (README, cause 1).
            let known_kind = (args.password_stdin
                || kind == PasswordKind::SigV2
                || diagnosis == Diagnosis::SigV2Deprecated)
                .then_some(kind);
            diagnosis.causes(known_kind, region_matches)
        })
    };
    if args.password_stdin {
        if targets.len() > 1 {
            warnings.note(
                "one SMTP password is tried against every region; a SigV4 password works only in the region it was derived for",
            );
        }
        return source::with_password(false, warnings, |pasted| {
            // As pasted from a config: quoted, percent-encoded, a NAME=value
            // line or a URL, unwrapped as `identify` unwraps it, so the
            // password itself is what reaches the server (never the quotes
            // or a whole URL); a URL's username stands in for a missing
            // --access-key-id.
            let pasted = pasted::read(pasted);
            let password = pasted.password.as_ref();
            let flag_id = flag_id.or(pasted.username.as_deref());
            // A raw secret key or an access key ID is never sent to a
            // server: it is refused here, before any connection.
            let kind = classify(password);
            if matches!(
                kind,
                PasswordKind::SecretAccessKey | PasswordKind::AccessKeyId
            ) {
                return Err(CliError::PasswordIsNot(kind));
            }
            each_region(&targets, warnings, |target, region| {
                login(target, region, password, kind, flag_id)
            })
        });
    }
    let check = source::key_check(args.no_key_check);
    source::with_secret(&args.source, check, warnings, |secret, single| {
        let username = single.username(flag_id, warnings)?;
        each_region(&targets, warnings, |target, region| {
            let (derived, kind) = match region {
                Some(r) => (
                    smtp_password_v4(secret.as_bytes(), r.code()),
                    PasswordKind::SigV4,
                ),
                None => (smtp_password_v2(secret.as_bytes()), PasswordKind::SigV2),
            };
            login(target, region, derived.as_str(), kind, username)
        })
    })
}

/// The identities SES names in "… failed the check in region R: a, b" when
/// `--from` is not among them: SES checked another header (the From header
/// or the Return-Path), and the user should know which address to verify.
fn other_identities(text: &str, from: Option<&str>) -> Option<String> {
    let (_, list) = text.split_once("failed the check in region")?;
    let (_, names) = list.split_once(':')?;
    let names: Vec<&str> = names
        .split(',')
        .map(|n| n.trim().trim_end_matches('.'))
        .collect();
    let from = from?;
    (!names.iter().any(|n| n.eq_ignore_ascii_case(from))).then(|| names.join(", "))
}

/// One login's parameters.
struct Login<'a> {
    target: &'a Target,
    ca: Option<&'a Certificate>,
    username: &'a str,
    password: &'a str,
    /// `--from`'s test message, sent after the login.
    message: Option<&'a TestMessage>,
}

/// How long a login may take and be retried.
struct Patience<'a> {
    /// `--wait`: retry a refusal for this many seconds.
    wait: Option<u64>,
    /// `--timeout`: each step's bound, in seconds.
    timeout: u64,
    /// `--from`, named when SES checked another identity.
    from: Option<&'a str>,
    /// Set by a signal handler (`rotate`'s Ctrl-C): stop retrying.
    stop: Option<&'a AtomicBool>,
}

/// Sleeps for `wait`, in slices short enough that a Ctrl-C is answered
/// within a tenth of a second; true when `stop` was set.
fn pause_unless_stopped(wait: Duration, stop: Option<&AtomicBool>) -> bool {
    let Some(stop) = stop else {
        std::thread::sleep(wait);
        return false;
    };
    let until = Instant::now() + wait;
    while !stop.load(Ordering::Relaxed) {
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return false;
        }
        std::thread::sleep(left.min(Duration::from_millis(100)));
    }
    true
}

/// Logs in, retrying a refusal under `--wait`; on a final refusal, `causes`
/// reads the reply.
fn login_until(
    args: &Patience<'_>,
    session: &Login<'_>,
    warnings: Warnings,
    causes: impl Fn(Diagnosis) -> Vec<ses_smtp_password::Cause>,
) -> Result<Zeroizing<Vec<u8>>, CliError> {
    let target = session.target;
    let deadline = args.wait.map(|s| Instant::now() + Duration::from_secs(s));
    let mut pause = Duration::from_secs(1);
    loop {
        if args.stop.is_some_and(|s| s.load(Ordering::Relaxed)) {
            return Err(CliError::Interrupted);
        }
        let owned = session::Session {
            host: target.host.clone(),
            port: target.port,
            tls: target.tls,
            ca: session.ca.cloned(),
            username: session.username.to_owned(),
            password: Zeroizing::new(session.password.to_owned()),
            message: session.message.cloned(),
            greet_only: false,
        };
        match session::attempt(owned, Duration::from_secs(args.timeout)) {
            Ok((reply, message)) => {
                let mut out = format!("login accepted by {} ({reply})\n", target.name());
                if let Some(message) = message {
                    out.push_str(&format!(
                        "message accepted by {} ({message})\n",
                        target.name()
                    ));
                }
                return Ok(Zeroizing::new(out.into_bytes()));
            }
            Err(Failure::Rejected { code, text }) => {
                let left = deadline.map(|d| d.saturating_duration_since(Instant::now()));
                if let Some(left) = left.filter(|l| !l.is_zero()) {
                    // The retry announced here always happens: after the
                    // pause (at most what is left) comes one more attempt.
                    let wait = pause.min(left);
                    warnings.warn(format_args!(
                        "login rejected ({code} {text}); retrying in {} s ({} s left)",
                        wait.as_secs_f32().ceil(),
                        left.as_secs_f32().ceil()
                    ));
                    if pause_unless_stopped(wait, args.stop) {
                        return Err(CliError::Interrupted);
                    }
                    pause = (pause * 2).min(MAX_BACKOFF);
                    continue;
                }
                return Err(CliError::Rejected(
                    target.name(),
                    format!("{code} {text}"),
                    causes(diagnose(code, &text)),
                ));
            }
            Err(Failure::Net(problem, detail)) => {
                return Err(CliError::Net(target.name(), problem, detail, args.timeout));
            }
            // Refusals of the message are never retried: --wait is for a
            // key that is not valid yet, and quotas do not reset in seconds.
            Err(Failure::MessageRefused { code, text }) => {
                let other = other_identities(&text, args.from);
                return Err(CliError::MessageRefused(
                    target.name(),
                    format!("{code} {text}"),
                    causes(diagnose(code, &text)),
                    other,
                ));
            }
        }
    }
}

/// An `--endpoint` that is an AWS host taking no derived password (the
/// API, receiving, Mail Manager) is named before the session it will fail;
/// a relay or a test server is not.
pub(super) fn name_the_host(host: &str, warnings: Warnings) {
    if let Some(words) = endpoint_words(host) {
        warnings.warn(words);
    }
}

/// The warning [`name_the_host`] gives for `host`, if any.
fn endpoint_words(host: &str) -> Option<String> {
    let kind = HostKind::of(host);
    (kind.smtp_region().is_none() && kind != HostKind::Other)
        .then(|| warn::host_words("--endpoint", &shown(host), kind))
}

#[cfg(test)]
mod endpoint_tests;

/// Where a login goes: `--endpoint`, `--port`, `--tls`, `--fips`.
pub struct Reach<'a> {
    pub endpoint: Option<&'a str>,
    pub port: u16,
    pub tls: Option<TlsMode>,
    pub fips: bool,
}

fn reach(args: &CheckArgs) -> Reach<'_> {
    Reach {
        endpoint: args.endpoint.as_deref(),
        port: args.port,
        tls: args.tls,
        fips: args.fips,
    }
}

/// Host, port and TLS mode from `--endpoint`, `--region`, `--port`, `--tls`.
fn target(args: &Reach<'_>, region: Option<&Region>) -> Result<Target, CliError> {
    let (host, port) = match (args.endpoint, region) {
        (Some(endpoint), _) => parse_endpoint(endpoint, args.port)?,
        (None, Some(r)) => {
            let host = r
                .endpoint(args.fips)
                .map_err(|_| CliError::NoFips(r.code().to_owned()))?;
            (host, args.port)
        }
        (None, None) => {
            return Err(CliError::CheckNeeds(CheckNeed::Endpoint));
        }
    };
    let tls = match (args.tls, port) {
        (Some(mode), _) => mode,
        (None, 25 | 587 | 2587) => TlsMode::Starttls,
        (None, 465 | 2465) => TlsMode::Implicit,
        (None, port) => return Err(CliError::CheckTlsMode(port)),
    };
    Ok(Target { host, port, tls })
}

/// `HOST`, `HOST:PORT`, `[IPv6]` or `[IPv6]:PORT`.
fn parse_endpoint(endpoint: &str, default_port: u16) -> Result<(String, u16), CliError> {
    let bad = || CliError::BadEndpoint;
    let (host, port) = if let Some(rest) = endpoint.strip_prefix('[') {
        let (host, after) = rest.split_once(']').ok_or_else(bad)?;
        match after.strip_prefix(':') {
            Some(p) => (host, Some(p)),
            None if after.is_empty() => (host, None),
            None => return Err(bad()),
        }
    } else {
        match endpoint.split_once(':') {
            Some((h, p)) if !p.contains(':') => (h, Some(p)),
            Some(_) => return Err(bad()),
            None => (endpoint, None),
        }
    };
    let valid_host = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':'));
    // A host that looks like a key (no dots, 30+ key characters) is refused
    // before any DNS lookup: the key would go to the resolver and into the
    // error message.
    if !valid_host || !is_safe(host) {
        return Err(bad());
    }
    let port = match port {
        Some(p) => p.parse::<u16>().ok().filter(|p| *p != 0).ok_or_else(bad)?,
        None => default_port,
    };
    Ok((host.to_owned(), port))
}

pub(super) fn load_ca(path: &std::path::Path, warnings: Warnings) -> Result<Certificate, CliError> {
    // Read as every other file is: the same messages for the same problems.
    let pem = read_file(path, FileOption::CaFile, MAX_CA_FILE_BYTES, warnings)?
        .whole(FileOption::CaFile, MAX_CA_FILE_BYTES)?
        .bytes;
    let fail = |problem| CliError::CaFile(shown_path(path), problem);
    // lettre accepts a PEM file with no certificate in it (and would then
    // quietly trust only the system roots): count them first.
    use rustls::pki_types::{CertificateDer, pem::PemObject};
    let certs: Result<Vec<_>, _> = CertificateDer::pem_slice_iter(&pem).collect();
    if !certs.is_ok_and(|c| !c.is_empty()) {
        return Err(fail(CaProblem::NotPem));
    }
    Certificate::from_pem(&pem).map_err(|_| fail(CaProblem::NotPem))
}
