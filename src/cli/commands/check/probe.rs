//! `probe`: which SES SMTP ports this machine reaches, in which TLS mode,
//! with no credentials. Each port runs on its own thread within one
//! overall deadline: resolve, connect, then a session that stops after
//! TLS and EHLO (check's own, `greet_only`), first in the mode the port
//! is for (465 and 2465 TLS from the first byte, the rest STARTTLS), then,
//! when that finds no SMTP server, in the other mode, so that a port
//! answering the "wrong" way is named rather than called dead.

use std::io::Write as _;
use std::net::{SocketAddr, TcpStream, ToSocketAddrs as _};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use lettre::transport::smtp::client::Certificate;
use serde::Serialize;
use ses_smtp_password::parse_regions;
use zeroize::Zeroizing;

use super::Failure;
use super::session::{self, Session};
use crate::cli::flags::args::{RegionsFormat, TlsMode};
use crate::cli::flags::probe::ProbeArgs;
use crate::cli::output::form::implicit_tls;
use crate::cli::report::redact::escape_controls;
use crate::cli::report::warn::Warnings;
use crate::cli::report::{CliError, NetProblem, UsageError};

/// The SES SMTP ports, in the order a conclusion prefers them.
pub const SES_PORTS: [u16; 5] = [587, 2587, 465, 2465, 25];

/// What one port did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// TLS in this mode, certificate valid; the AUTH mechanisms offered,
    /// and the largest message in bytes when EHLO says (SIZE).
    Works(TlsMode, String, Option<u64>),
    /// The name does not resolve.
    NoSuchHost,
    /// The connection was refused: nothing listens there.
    Closed,
    /// No answer to the connection: a firewall drops it.
    Filtered,
    /// Connected, but no SMTP greeting in either TLS mode.
    Silent,
    /// The server refused STARTTLS (its reply).
    StarttlsRefused(String),
    /// TLS failed: the certificate or the handshake (the detail).
    TlsFailed(String),
    /// Something else (the detail).
    Failed(String),
    /// No result within the deadline.
    TimedOut,
}

/// One port's report.
#[derive(Debug, Clone)]
pub struct PortReport {
    pub port: u16,
    pub outcome: Outcome,
}

/// The TLS mode SES uses on `port`.
pub fn expected_mode(port: u16) -> TlsMode {
    if implicit_tls(port) {
        TlsMode::Implicit
    } else {
        TlsMode::Starttls
    }
}

/// Probes every port of `host` concurrently; reports in `ports`' order.
pub fn probe_host(
    host: &str,
    ports: &[u16],
    ca: Option<&Certificate>,
    timeout: Duration,
) -> Vec<PortReport> {
    let started = Instant::now();
    // The name once, within the deadline (a resolver that hangs would
    // otherwise hold every port's thread past it).
    let (resolved, answer) = mpsc::channel();
    let name = host.to_owned();
    std::thread::spawn(move || {
        let addrs: Vec<SocketAddr> = (name.as_str(), 0)
            .to_socket_addrs()
            .map(Iterator::collect)
            .unwrap_or_default();
        let _ = resolved.send(addrs);
    });
    let everywhere = |outcome: Outcome| {
        ports
            .iter()
            .map(|&port| PortReport {
                port,
                outcome: outcome.clone(),
            })
            .collect()
    };
    let addrs = match answer.recv_timeout(timeout) {
        Ok(addrs) if addrs.is_empty() => return everywhere(Outcome::NoSuchHost),
        Ok(addrs) => addrs,
        Err(_) => return everywhere(Outcome::TimedOut),
    };
    let timeout = timeout.saturating_sub(started.elapsed());
    let (sender, received) = mpsc::channel();
    for &port in ports {
        let sender = sender.clone();
        let host = host.to_owned();
        let ca = ca.cloned();
        let addrs: Vec<SocketAddr> = addrs
            .iter()
            .map(|a| SocketAddr::new(a.ip(), port))
            .collect();
        std::thread::spawn(move || {
            let outcome = probe_port(&host, port, &addrs, ca, timeout);
            let _ = sender.send((port, outcome));
        });
    }
    drop(sender);
    // Both attempts fit in the timeout (half each); a little more for the
    // threads to report.
    let deadline = Instant::now() + timeout + Duration::from_millis(500);
    let mut done = Vec::new();
    while done.len() < ports.len() {
        let left = deadline.saturating_duration_since(Instant::now());
        match received.recv_timeout(left) {
            Ok(result) => done.push(result),
            Err(_) => break,
        }
    }
    ports
        .iter()
        .map(|&port| PortReport {
            port,
            outcome: done
                .iter()
                .find(|(p, _)| *p == port)
                .map_or(Outcome::TimedOut, |(_, o)| o.clone()),
        })
        .collect()
}

fn probe_port(
    host: &str,
    port: u16,
    addrs: &[SocketAddr],
    ca: Option<Certificate>,
    timeout: Duration,
) -> Outcome {
    let half = (timeout / 2).max(Duration::from_millis(500));
    // Reachability first: a refusal and a silent drop are different fixes.
    let mut reached = false;
    let mut refused = false;
    for addr in addrs {
        match TcpStream::connect_timeout(addr, half) {
            Ok(_) => {
                reached = true;
                break;
            }
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => refused = true,
            Err(_) => {}
        }
    }
    if !reached {
        return if refused {
            Outcome::Closed
        } else {
            Outcome::Filtered
        };
    }
    let expected = expected_mode(port);
    let other = match expected {
        TlsMode::Starttls => TlsMode::Implicit,
        TlsMode::Implicit => TlsMode::Starttls,
    };
    let first = greet(host, port, expected, ca.clone(), half);
    match first {
        Ok((auth, size)) => Outcome::Works(expected, auth, size),
        Err(Failure::Net(NetProblem::Tls, detail)) if detail.starts_with("STARTTLS refused") => {
            Outcome::StarttlsRefused(detail)
        }
        // No greeting (a TLS-first port asked for plain text), or a
        // handshake that met plain text: the other mode may be the one.
        Err(Failure::Net(problem, detail))
            if matches!(
                problem,
                NetProblem::Timeout | NetProblem::Tls | NetProblem::Protocol
            ) =>
        {
            match greet(host, port, other, ca, half) {
                Ok((auth, size)) => Outcome::Works(other, auth, size),
                Err(_) if problem == NetProblem::Timeout => Outcome::Silent,
                Err(_) => Outcome::TlsFailed(detail),
            }
        }
        Err(Failure::Net(_, detail)) => Outcome::Failed(detail),
        Err(Failure::Rejected { code, text } | Failure::MessageRefused { code, text }) => {
            Outcome::Failed(format!("{code} {text}"))
        }
    }
}

/// TLS and EHLO in `mode`, no login: the AUTH mechanisms offered and
/// the SIZE limit.
fn greet(
    host: &str,
    port: u16,
    mode: TlsMode,
    ca: Option<Certificate>,
    timeout: Duration,
) -> Result<(String, Option<u64>), Failure> {
    let session = Session {
        host: host.to_owned(),
        port,
        tls: mode,
        ca,
        username: String::new(),
        password: Zeroizing::new(String::new()),
        message: None,
        greet_only: true,
    };
    session::attempt(session, timeout).map(|(auth, size)| (auth, size.and_then(|s| s.parse().ok())))
}

/// Runs `probe`: the report on stdout; when no port works anywhere, the
/// report is written first and the error follows (exit 3).
pub fn run(args: &ProbeArgs) -> Result<Zeroizing<Vec<u8>>, CliError> {
    let warnings = Warnings::new(false);
    let hosts: Vec<(String, bool)> = match (&args.endpoint, &args.region) {
        (Some(host), _) => {
            super::name_the_host(&host.to_ascii_lowercase(), warnings);
            vec![(host.to_ascii_lowercase(), false)]
        }
        (None, Some(r)) => parse_regions(&[r])
            .map_err(|(index, error)| CliError::BadRegion(index, error))?
            .iter()
            .map(|r| {
                r.endpoint(args.fips)
                    .map(|host| (host, true))
                    .map_err(|_| CliError::NoFips(r.code().to_owned()))
            })
            .collect::<Result<_, _>>()?,
        (None, None) => {
            return Err(CliError::Usage(
                UsageError::MissingRequired("--region <REGION> or --endpoint <HOST>".to_owned()),
                Some("probe"),
            ));
        }
    };
    let ports: Vec<u16> = if args.ports.is_empty() {
        SES_PORTS.to_vec()
    } else {
        args.ports.clone()
    };
    let ca = args
        .ca_file
        .as_deref()
        .map(|p| super::load_ca(p, warnings))
        .transpose()?;
    let timeout = Duration::from_secs(args.timeout);
    let mut out = Vec::new();
    let mut works = false;
    for (host, is_region) in &hosts {
        let reports = probe_host(host, &ports, ca.as_ref(), timeout);
        works |= reports
            .iter()
            .any(|r| matches!(r.outcome, Outcome::Works(..)));
        match args.format {
            RegionsFormat::Plain => plain(&mut out, host, *is_region, &reports),
            RegionsFormat::Json => json(&mut out, host, &reports),
        }
    }
    if works {
        return Ok(Zeroizing::new(out));
    }
    crate::cli::output::write(&out)?;
    Err(CliError::NothingReachable(hosts.len()))
}

/// One port's words.
fn words(port: u16, outcome: &Outcome, is_region: bool) -> String {
    let mode = |m: TlsMode| match m {
        TlsMode::Starttls => "STARTTLS",
        TlsMode::Implicit => "TLS from the first byte",
    };
    // SES says SIZE 10485760: "messages up to 10 MiB".
    let offers = |auth: &str, size: &Option<u64>| match size {
        Some(bytes) if bytes % (1024 * 1024) == 0 => {
            format!("AUTH {auth}, messages up to {} MiB", bytes / (1024 * 1024))
        }
        Some(bytes) => format!("AUTH {auth}, messages up to {bytes} bytes"),
        None => format!("AUTH {auth}"),
    };
    match outcome {
        Outcome::Works(m, auth, size) if *m == expected_mode(port) => format!(
            "works: {}, certificate valid, {}",
            mode(*m),
            offers(auth, size)
        ),
        Outcome::Works(m, auth, size) => format!(
            "speaks {}, not {}: set the client to {} on this port (certificate valid, {})",
            mode(*m),
            mode(expected_mode(port)),
            mode(*m),
            offers(auth, size)
        ),
        Outcome::NoSuchHost if is_region => {
            "the name does not resolve: no SES SMTP endpoint in this region, or no DNS here"
                .to_owned()
        }
        Outcome::NoSuchHost => "the name does not resolve".to_owned(),
        Outcome::Closed => "closed: the connection was refused".to_owned(),
        Outcome::Filtered if port == 25 => {
            "no answer: port 25 is blocked here (EC2 and many ISPs block it by default)".to_owned()
        }
        Outcome::Filtered => "no answer: a firewall drops the connection".to_owned(),
        Outcome::Silent => {
            "connects, but no SMTP greeting in either TLS mode: another service, or a proxy"
                .to_owned()
        }
        Outcome::StarttlsRefused(d) => escape_controls(d),
        Outcome::TlsFailed(d) => format!(
            "TLS failed: {}; a certificate not for this host means a proxy intercepting TLS, or the wrong host",
            escape_controls(d)
        ),
        Outcome::Failed(d) => escape_controls(d),
        Outcome::TimedOut => "no result within --timeout".to_owned(),
    }
}

fn plain(out: &mut Vec<u8>, host: &str, is_region: bool, reports: &[PortReport]) {
    // Writing into a Vec cannot fail.
    let _ = writeln!(out, "{host}");
    for r in reports {
        let _ = writeln!(
            out,
            "  {:<5} {}",
            r.port,
            words(r.port, &r.outcome, is_region)
        );
    }
    let best = reports.iter().find_map(|r| match &r.outcome {
        Outcome::Works(m, _, _) => Some((r.port, *m)),
        _ => None,
    });
    let _ = match best {
        Some((port, TlsMode::Starttls)) => writeln!(out, "use port {port} with STARTTLS"),
        Some((port, TlsMode::Implicit)) => {
            writeln!(out, "use port {port} with TLS from the first byte (smtps)")
        }
        None => writeln!(out, "no port works from here"),
    };
}

#[derive(Serialize)]
struct JsonPort<'a> {
    host: &'a str,
    port: u16,
    expected: &'static str,
    mode: Option<&'static str>,
    result: &'static str,
    auth: Option<&'a str>,
    size: Option<u64>,
    detail: Option<String>,
}

fn json(out: &mut Vec<u8>, host: &str, reports: &[PortReport]) {
    let name = |m: TlsMode| match m {
        TlsMode::Starttls => "starttls",
        TlsMode::Implicit => "implicit",
    };
    for r in reports {
        let size = match &r.outcome {
            Outcome::Works(_, _, size) => *size,
            _ => None,
        };
        let (mode, result, auth, detail) = match &r.outcome {
            Outcome::Works(m, a, _) => (Some(name(*m)), "works", Some(a.as_str()), None),
            Outcome::NoSuchHost => (None, "no-such-host", None, None),
            Outcome::Closed => (None, "closed", None, None),
            Outcome::Filtered => (None, "no-answer", None, None),
            Outcome::Silent => (None, "no-greeting", None, None),
            Outcome::StarttlsRefused(d) => {
                (None, "starttls-refused", None, Some(escape_controls(d)))
            }
            Outcome::TlsFailed(d) => (None, "tls-failed", None, Some(escape_controls(d))),
            Outcome::Failed(d) => (None, "failed", None, Some(escape_controls(d))),
            Outcome::TimedOut => (None, "timed-out", None, None),
        };
        let line = JsonPort {
            host,
            port: r.port,
            expected: name(expected_mode(r.port)),
            mode,
            result,
            auth,
            size,
            detail,
        };
        // Serializing into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut *out, &line);
        out.push(b'\n');
    }
}
