//! One SMTP session with the server: connect (and implicit TLS), STARTTLS,
//! AUTH, the test message, QUIT; each step under one overall deadline.
//!
//! lettre's `--timeout` bounds each read, not a step: a server that sends
//! one byte a second kept a `--timeout 2` session alive for 30 s and more.
//! So the session runs on a worker thread that reports each step it
//! starts, and the caller gives every step `--timeout` in all. A step past
//! its deadline ends the check with a timeout; the worker is told to stop
//! before its next step (so it never goes on to AUTH after the caller gave
//! up) and ends with its last read's timeout, or with the process.
//!
//! Server text reaches the user's terminal: every piece of it shown
//! (replies, errors) has its control characters escaped first, so a
//! greeting cannot clear the screen or retitle the window.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{Certificate, SmtpConnection, TlsParameters};
use lettre::transport::smtp::commands::{Data, Ehlo, Mail, Rcpt};
use lettre::transport::smtp::extension::{ClientId, MailParameter};
use lettre::transport::smtp::response::Response;
use zeroize::Zeroizing;

use super::Failure;
use super::test_message::TestMessage;
use crate::cli::flags::args::TlsMode;
use crate::cli::platform::scrub::scrub_below;
use crate::cli::report::NetProblem;
use crate::cli::report::redact::escape_controls;

/// The worker's stack, and how much of it is wiped when the session ends:
/// a TLS handshake and login go well under it (the main thread's whole
/// `check` reaches 31 KiB).
const WORKER_STACK: usize = 512 * 1024;
const WORKER_SCRUB: usize = 192 * 1024;

/// The most the caller waits for the answer to QUIT once it has the result.
const QUIT_WAIT: Duration = Duration::from_secs(2);

/// Everything one session needs, owned: it moves to the worker thread.
pub struct Session {
    pub host: String,
    pub port: u16,
    pub tls: TlsMode,
    pub ca: Option<Certificate>,
    pub username: String,
    pub password: Zeroizing<String>,
    /// `--from`'s test message, sent after the login.
    pub message: Option<TestMessage>,
    /// Stop after TLS and EHLO, before AUTH (rotate's preflight: the port
    /// is open and TLS works, before any key exists).
    pub greet_only: bool,
}

/// The AUTH reply and the reply to the test message.
type Replies = (String, Option<String>);

/// The steps, as the timeout message names them.
#[derive(Debug, Clone, Copy)]
enum Step {
    Connect,
    Starttls,
    Login,
    Message,
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Step::Connect => "the connection and greeting",
            Step::Starttls => "STARTTLS",
            Step::Login => "the login",
            Step::Message => "the test message",
        })
    }
}

/// What the worker tells the caller.
enum Event {
    /// It starts this step.
    Began(Step),
    /// The session's result: the AUTH reply and the reply to the message.
    Ended(Result<Replies, Failure>),
    /// QUIT was answered (or failed) after the result.
    Quit,
}

/// Runs one session, giving each step `timeout` in all.
pub fn attempt(session: Session, timeout: Duration) -> Result<Replies, Failure> {
    let (events, received) = mpsc::channel();
    let stop = Arc::new(AtomicBool::new(false));
    let stopped = Arc::clone(&stop);
    let worker = std::thread::Builder::new()
        .stack_size(WORKER_STACK)
        .spawn(move || {
            run_session(session, timeout, &events, &stopped);
            // The session's frames (TLS records, the AUTH line) have
            // returned: wipe them, as `main` wipes its own, before the
            // thread ends (glibc keeps a dead thread's stack for reuse).
            scrub_below::<WORKER_SCRUB>();
            let _ = events.send(Event::Quit);
        })
        .map_err(|e| {
            Failure::Net(
                NetProblem::Connect,
                format!("cannot start the session: {e}"),
            )
        })?;
    let mut step = Step::Connect;
    loop {
        match received.recv_timeout(timeout) {
            Ok(Event::Began(next)) => step = next,
            // A read past lettre's own timeout: the step it was in.
            Ok(Event::Ended(Err(Failure::Net(NetProblem::Timeout, _)))) => {
                return Err(Failure::Net(NetProblem::Timeout, step.to_string()));
            }
            Ok(Event::Ended(result)) => {
                // The QUIT: politeness, so it gets little of the user's
                // time. Once it is done, the thread ends at once: joined,
                // so that nothing of it is left when the process exits.
                if let Ok(Event::Quit) = received.recv_timeout(timeout.min(QUIT_WAIT)) {
                    let _ = worker.join();
                }
                return result;
            }
            Ok(Event::Quit) => {}
            Err(mpsc::RecvTimeoutError::Timeout) => {
                stop.store(true, Ordering::SeqCst);
                return Err(Failure::Net(NetProblem::Timeout, step.to_string()));
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err(Failure::Net(
                    NetProblem::Protocol,
                    "the session ended without a result".to_owned(),
                ));
            }
        }
    }
}

/// The session on the worker thread: its result, then the QUIT, then every
/// copy of the credentials dropped.
fn run_session(
    session: Session,
    timeout: Duration,
    events: &mpsc::Sender<Event>,
    stop: &AtomicBool,
) {
    let mut conn = None;
    let result = session_steps(&session, timeout, events, stop, &mut conn);
    let _ = events.send(Event::Ended(result));
    // QUIT politely after the result is in; a failure to quit changes
    // nothing, and the caller waits for it only briefly.
    if let Some(mut conn) = conn {
        let _ = conn.quit();
    }
    drop(session);
}

/// The steps up to the result; the connection, once made, goes to `kept`
/// for the QUIT.
fn session_steps(
    session: &Session,
    timeout: Duration,
    events: &mpsc::Sender<Event>,
    stop: &AtomicBool,
    kept: &mut Option<SmtpConnection>,
) -> Result<Replies, Failure> {
    // Told before each step; false once the caller has given up.
    let begin = |step| {
        if stop.load(Ordering::SeqCst) || events.send(Event::Began(step)).is_err() {
            return Err(Failure::Net(NetProblem::Timeout, step.to_string()));
        }
        Ok(())
    };
    let mut tls = TlsParameters::builder(session.host.clone());
    if let Some(ca) = &session.ca {
        tls = tls.add_root_certificate(ca.clone());
    }
    let tls = tls
        .build_rustls()
        .map_err(|e| Failure::Net(NetProblem::Tls, chain(&e)))?;
    let hello = ClientId::default();
    let implicit = (session.tls == TlsMode::Implicit).then_some(&tls);
    begin(Step::Connect)?;
    let conn = kept.insert(
        SmtpConnection::connect(
            (session.host.as_str(), session.port),
            Some(timeout),
            &hello,
            implicit,
            None,
        )
        // A refusal in the greeting (554 "no service here") refuses the
        // connection, not a login: nothing was tried, and --wait won't help.
        .map_err(|e| {
            refusal_as(e, |code, text| {
                Failure::Net(NetProblem::Refused, format!("{code} {text}"))
            })
        })?,
    );
    if session.tls == TlsMode::Starttls {
        if !conn.can_starttls() {
            conn.abort();
            return Err(Failure::Net(
                NetProblem::Tls,
                "the server does not offer STARTTLS".to_owned(),
            ));
        }
        begin(Step::Starttls)?;
        // A refusal of STARTTLS (`454 TLS not available`) is a TLS failure,
        // not a refused login: nothing was tried, and waiting won't help.
        conn.starttls(&tls, &hello).map_err(|e| {
            refusal_as(e, |code, text| {
                Failure::Net(NetProblem::Tls, format!("STARTTLS refused: {code} {text}"))
            })
        })?;
    }
    if session.greet_only {
        // The AUTH mechanisms the server offers after TLS, in a fixed order.
        let info = conn.server_info();
        let offered: Vec<&str> = [
            (Mechanism::Plain, "PLAIN"),
            (Mechanism::Login, "LOGIN"),
            (Mechanism::Xoauth2, "XOAUTH2"),
        ]
        .into_iter()
        .filter(|(m, _)| info.supports_auth_mechanism(*m))
        .map(|(_, name)| name)
        .collect();
        // lettre keeps no SIZE: one more EHLO (RFC 5321 allows it) to read
        // the largest message the server takes.
        let size = conn
            .command(Ehlo::new(hello.clone()))
            .ok()
            .and_then(|reply| {
                reply.message().find_map(|line| {
                    let words = line.strip_prefix("SIZE ")?;
                    words.trim().parse::<u64>().ok().filter(|n| *n > 0)
                })
            })
            .map(|bytes| bytes.to_string());
        return Ok((offered.join(" "), size));
    }
    begin(Step::Login)?;
    let credentials = Credentials::new(session.username.clone(), session.password.to_string());
    let login = conn
        .auth(&[Mechanism::Plain, Mechanism::Login], &credentials)
        .map(|reply| reply_text(&reply))
        .map_err(failure);
    drop(credentials);
    // MAIL FROM, RCPT TO and DATA only after an accepted login, and only
    // with --from.
    let sent = match (&login, &session.message) {
        (Ok(_), Some(m)) => Some(begin(Step::Message).and_then(|()| {
            send(conn, m)
                .map(|r| reply_text(&r))
                .map_err(|e| refusal_as(e, |code, text| Failure::MessageRefused { code, text }))
        })),
        _ => None,
    };
    let login = login?;
    Ok((login, sent.transpose()?))
}

/// MAIL FROM, RCPT TO, DATA and the message, as lettre's `send` does them,
/// without its QUIT-and-wait on a refusal: that wait is spent inside the
/// step's deadline, where a server that never answers QUIT after a refusal
/// would turn the refusal into a timeout. The QUIT comes after the result.
fn send(
    conn: &mut SmtpConnection,
    message: &TestMessage,
) -> Result<Response, lettre::transport::smtp::Error> {
    let envelope = &message.envelope;
    // SMTPUTF8 (RFC 6531) for an address that is not ASCII, as lettre asks.
    let non_ascii = envelope
        .from()
        .into_iter()
        .chain(envelope.to())
        .any(|a| !AsRef::<str>::as_ref(a).is_ascii());
    let options = if non_ascii {
        vec![MailParameter::SmtpUtfEight]
    } else {
        Vec::new()
    };
    conn.command(Mail::new(envelope.from().cloned(), options))?;
    for to in envelope.to() {
        conn.command(Rcpt::new(to.clone(), Vec::new()))?;
    }
    conn.command(Data)?;
    conn.message(&message.bytes)
}

/// A reply as one line: code and text, control characters escaped.
fn reply_text(reply: &Response) -> String {
    let text = format!(
        "{} {}",
        reply.code(),
        reply.message().collect::<Vec<_>>().join(" ")
    );
    escape_controls(text.trim_end())
}

/// [`failure`], with a reply code read as what it means at this step
/// rather than as a refused login.
fn refusal_as(
    e: lettre::transport::smtp::Error,
    meaning: impl FnOnce(u16, String) -> Failure,
) -> Failure {
    match failure(e) {
        Failure::Rejected { code, text } => meaning(code, text),
        other => other,
    }
}

/// Sorts a lettre error: a reply code is a refusal; anything else means no
/// usable session. lettre reports a certificate failure during STARTTLS, and
/// a read timeout (EAGAIN on Linux, not TimedOut), as plain network errors:
/// the source chain tells them apart.
fn failure(e: lettre::transport::smtp::Error) -> Failure {
    if let Some(code) = e.status() {
        let code: u16 = code.to_string().parse().unwrap_or(0);
        let text = std::error::Error::source(&e)
            .map(ToString::to_string)
            .unwrap_or_default();
        let text = escape_controls(&text);
        return Failure::Rejected { code, text };
    }
    let mut problem = if e.is_tls() {
        NetProblem::Tls
    } else if e.is_response() || e.is_client() {
        NetProblem::Protocol
    } else {
        NetProblem::Connect
    };
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        if s.is::<rustls::Error>() {
            problem = NetProblem::Tls;
        }
        if let Some(io) = s.downcast_ref::<std::io::Error>() {
            if matches!(
                io.kind(),
                std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock
            ) {
                problem = NetProblem::Timeout;
            }
            if io
                .get_ref()
                .is_some_and(|inner| inner.is::<rustls::Error>())
            {
                problem = NetProblem::Tls;
            }
        }
        source = s.source();
    }
    Failure::Net(problem, chain(&e))
}

/// An error and its sources, as one line, control characters escaped.
fn chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        source = s.source();
    }
    escape_controls(&out)
}
