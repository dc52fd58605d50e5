//! The test SMTP servers for `check`: mailin's SMTP session (a server this
//! project did not write) driven over a socket on 127.0.0.1, upgraded with
//! rustls on STARTTLS or from the first byte, with a CA and certificate
//! made by rcgen at test time. The loop is ours (mailin-embedded would pull
//! in rustls's aws-lc-rs, a minute of C compilation on a new machine).

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex, Once};

use mailin::{Handler, Response, response};

use crate::common::*;

/// Decides a login: username, password.
pub(crate) type Accept = Arc<dyn Fn(&str, &str) -> bool + Send + Sync>;

/// A reply other than OK: the stage ("MAIL", "RCPT", "DATA-END"), code, text.
pub(crate) type Scripted = (&'static str, u16, String);

/// Records what the client did; accepts one username and password.
#[derive(Clone)]
pub(crate) struct Recorder {
    log: Arc<Mutex<Vec<String>>>,
    accept: Accept,
    /// Replies other than OK, by stage ("MAIL", "RCPT", "DATA-END"), as SES
    /// gives its sending refusals.
    pub(crate) script: Arc<Mutex<Vec<Scripted>>>,
    /// The message's bytes, as received.
    pub(crate) message: Arc<Mutex<Vec<u8>>>,
}

impl Recorder {
    fn note(&self, what: String) {
        self.log.lock().unwrap().push(what);
    }

    /// The scripted reply for `stage`, else OK.
    fn reply(&self, stage: &str) -> Response {
        let script = self.script.lock().unwrap();
        match script.iter().find(|(s, _, _)| *s == stage) {
            Some((_, code, text)) => Response::custom(*code, text.clone()),
            None => response::OK,
        }
    }

    fn auth(&self, user: &str, password: &str) -> Response {
        self.note(format!("AUTH {user}"));
        if (self.accept)(user, password) {
            response::AUTH_OK
        } else {
            response::INVALID_CREDENTIALS
        }
    }
}

impl Handler for Recorder {
    fn helo(&mut self, _ip: std::net::IpAddr, _domain: &str) -> Response {
        self.note("EHLO".to_owned());
        response::OK
    }
    fn mail(&mut self, _ip: std::net::IpAddr, _domain: &str, _from: &str) -> Response {
        self.note("MAIL".to_owned());
        self.reply("MAIL")
    }
    fn rcpt(&mut self, _to: &str) -> Response {
        self.note("RCPT".to_owned());
        self.reply("RCPT")
    }
    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.message.lock().unwrap().extend_from_slice(buf);
        Ok(())
    }
    fn data_end(&mut self) -> Response {
        self.note("DATA-END".to_owned());
        match self.reply("DATA-END") {
            r if r == response::OK => {
                Response::custom(250, "Ok 0100018c-test-message-id-000000".to_owned())
            }
            r => r,
        }
    }
    fn data_start(
        &mut self,
        _domain: &str,
        _from: &str,
        _is8bit: bool,
        _to: &[String],
    ) -> Response {
        self.note("DATA".to_owned());
        response::START_DATA
    }
    fn auth_plain(&mut self, _authz: &str, user: &str, password: &str) -> Response {
        self.auth(user, password)
    }
    fn auth_login(&mut self, user: &str, password: &str) -> Response {
        self.auth(user, password)
    }
}

/// A CA and a certificate for 127.0.0.1 signed by it, as PEM files.
pub(crate) struct Pki {
    dir: tempfile::TempDir,
}

impl Pki {
    pub(crate) fn new() -> Pki {
        Pki::naming(&["127.0.0.1", "localhost"])
    }

    /// A CA and a certificate for `names`.
    pub(crate) fn naming(names: &[&str]) -> Pki {
        use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair};
        let dir = tempfile::tempdir().unwrap();
        let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca_params
            .distinguished_name
            .push(DnType::CommonName, "ses-smtp-password test CA");
        let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().unwrap()).unwrap();
        let leaf_key = KeyPair::generate().unwrap();
        let names: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
        let leaf = CertificateParams::new(names)
            .unwrap()
            .signed_by(&leaf_key, &ca)
            .unwrap();
        std::fs::write(dir.path().join("ca.pem"), ca.pem()).unwrap();
        std::fs::write(dir.path().join("cert.pem"), leaf.pem()).unwrap();
        std::fs::write(dir.path().join("key.pem"), leaf_key.serialize_pem()).unwrap();
        Pki { dir }
    }

    pub(crate) fn path(&self, name: &str) -> String {
        self.dir.path().join(name).to_str().unwrap().to_owned()
    }
}

/// A running server and what it saw.
pub(crate) struct TestServer {
    pub(crate) port: u16,
    pub(crate) log: Arc<Mutex<Vec<String>>>,
    pub(crate) pki: Pki,
    /// The recorder's script and the message it received.
    pub(crate) handler: Recorder,
}

impl TestServer {
    pub(crate) fn endpoint(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    pub(crate) fn log(&self) -> Vec<String> {
        self.log.lock().unwrap().clone()
    }

    /// `check`'s arguments for a login to this server over `tls`, trusting
    /// the CA file at `ca` (this server's, as the binary under test names
    /// it), each step bounded by `timeout` seconds.
    pub(crate) fn check_args(&self, tls: &str, ca: &str, timeout: &str) -> Vec<String> {
        let endpoint = self.endpoint();
        [
            "check",
            "--endpoint",
            &endpoint,
            "--tls",
            tls,
            "--ca-file",
            ca,
            "--timeout",
            timeout,
        ]
        .map(str::to_owned)
        .to_vec()
    }

    /// Runs `check` against this server, trusting its CA, with `extra`
    /// arguments and `stdin`.
    pub(crate) fn check(&self, tls: &str, extra: &[&str], stdin: &str) -> Outcome {
        let args = self.check_args(tls, &self.pki.path("ca.pem"), "5");
        let mut args: Vec<&str> = args.iter().map(String::as_str).collect();
        args.extend_from_slice(extra);
        run(&args, Some(stdin.as_bytes()), &[])
    }

    /// How many log lines start with `prefix` ("AUTH", "MAIL" …).
    pub(crate) fn count(&self, prefix: &str) -> usize {
        self.log().iter().filter(|l| l.starts_with(prefix)).count()
    }

    /// The server's log shows a login and never a message.
    pub(crate) fn assert_no_mail(&self) {
        let log = self.log();
        assert!(
            log.iter().any(|l| l.starts_with("AUTH ")),
            "no AUTH in {log:?}"
        );
        for verb in ["MAIL", "RCPT", "DATA"] {
            assert!(!log.iter().any(|l| l == verb), "{verb} was sent: {log:?}");
        }
    }
}

pub(crate) fn crypto_provider() {
    // lettre's rustls uses ring; the servers use it too.
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

pub(crate) fn recorder(accept: Accept) -> Recorder {
    Recorder {
        log: Arc::new(Mutex::new(Vec::new())),
        accept,
        script: Arc::new(Mutex::new(Vec::new())),
        message: Arc::new(Mutex::new(Vec::new())),
    }
}

/// Accepts exactly KEY_ID with KEY's us-east-1 password.
pub(crate) fn only_the_right_login() -> Accept {
    Arc::new(|user, password| user == KEY_ID && password == US_EAST_1)
}

/// What every test server needs: a crypto provider, certificates, a port on
/// 127.0.0.1, and a recorder with its log.
pub(crate) fn prepare(
    accept: Accept,
    at: &Place,
) -> (Pki, TcpListener, u16, Recorder, Arc<Mutex<Vec<String>>>) {
    crypto_provider();
    let listener = TcpListener::bind(("127.0.0.1", at.port)).unwrap();
    let port = listener.local_addr().unwrap().port();
    let handler = recorder(accept);
    let log = Arc::clone(&handler.log);
    (Pki::naming(at.names), listener, port, handler, log)
}

/// Where a test server listens on 127.0.0.1 (0: any free port) and the
/// names its certificate carries.
pub(crate) struct Place {
    pub(crate) port: u16,
    pub(crate) names: &'static [&'static str],
}

/// Any free port; a certificate for 127.0.0.1 and localhost.
pub(crate) const ANYWHERE: Place = Place {
    port: 0,
    names: &["127.0.0.1", "localhost"],
};

/// A server that offers STARTTLS and requires it before AUTH (port 587 style).
pub(crate) fn starttls_server(accept: Accept) -> TestServer {
    serve(accept, false, &ANYWHERE)
}

/// A server that speaks TLS from the first byte (port 465 style).
pub(crate) fn implicit_tls_server(accept: Accept) -> TestServer {
    serve(accept, true, &ANYWHERE)
}

/// A STARTTLS server at `at`: a fixed port, or a certificate for other names.
pub(crate) fn starttls_server_at(accept: Accept, at: &Place) -> TestServer {
    serve(accept, false, at)
}

/// Where the last line of a multi-line reply starts (after the last
/// CRLF but the final one), if it has several lines.
fn last_line_start(reply: &[u8]) -> Option<usize> {
    let body = reply.strip_suffix(b"\r\n")?;
    body.windows(2).rposition(|w| w == b"\r\n").map(|i| i + 2)
}

/// `MAIL FROM:<a> SIZE=123 BODY=8BITMIME` without its ` SIZE=123`.
fn without_size(line: &mut Vec<u8>) {
    let upper = line.to_ascii_uppercase();
    if let Some(at) = upper.windows(6).position(|w| w == b" SIZE=") {
        let end = line[at + 1..]
            .iter()
            .position(|b| b.is_ascii_whitespace())
            .map_or(line.len(), |n| at + 1 + n);
        line.drain(at..end);
    }
}

/// A connection before or after its TLS upgrade.
enum Stream {
    Plain(TcpStream),
    Tls(Box<rustls::StreamOwned<rustls::ServerConnection, TcpStream>>),
}

impl Stream {
    fn upgrade(self, config: &Arc<rustls::ServerConfig>) -> Stream {
        match self {
            Stream::Plain(tcp) => {
                let conn = rustls::ServerConnection::new(Arc::clone(config)).unwrap();
                Stream::Tls(Box::new(rustls::StreamOwned::new(conn, tcp)))
            }
            tls => tls,
        }
    }
}

impl Read for Stream {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Stream::Plain(s) => s.read(buf),
            Stream::Tls(s) => s.read(buf),
        }
    }
}

impl Write for Stream {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Stream::Plain(s) => s.write(buf),
            Stream::Tls(s) => s.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Stream::Plain(s) => s.flush(),
            Stream::Tls(s) => s.flush(),
        }
    }
}

/// Serves every connection on its own thread: mailin's session decides
/// every reply; this loop moves lines and upgrades to TLS when told to.
fn serve(accept: Accept, implicit: bool, at: &Place) -> TestServer {
    let (pki, listener, port, handler, log) = prepare(accept, at);
    let script_handle = handler.clone();
    let certs: Vec<_> = rustls_pki_pem(&pki.path("cert.pem"));
    let key = rustls::pki_types::PrivateKeyDer::from_pem_file(pki.path("key.pem")).unwrap();
    let config = Arc::new(
        rustls::ServerConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .unwrap(),
    );
    std::thread::spawn(move || {
        for tcp in listener.incoming().flatten() {
            let handler = handler.clone();
            let config = Arc::clone(&config);
            std::thread::spawn(move || {
                let mut stream = Stream::Plain(tcp);
                let mut builder = mailin::SessionBuilder::new("smtp.test.invalid");
                // SES offers both (AUTH PLAIN LOGIN); ssmtp speaks LOGIN only.
                builder.enable_auth(mailin::AuthMechanism::Plain);
                builder.enable_auth(mailin::AuthMechanism::Login);
                if !implicit {
                    builder.enable_start_tls();
                }
                let mut session = builder.build("127.0.0.1".parse().unwrap(), handler);
                if implicit {
                    stream = stream.upgrade(&config);
                    session.tls_active();
                }
                if session.greeting().write_to(&mut stream).is_err() {
                    return;
                }
                let _ = stream.flush();
                let mut line = Vec::new();
                let mut byte = [0u8; 1];
                while let Ok(1) = stream.read(&mut byte) {
                    line.push(byte[0]);
                    if byte[0] != b'\n' {
                        continue;
                    }
                    // Having offered SIZE, take MAIL FROM's SIZE=n (mailin
                    // knows no parameters): dropped before mailin reads it.
                    let mail = b"MAIL FROM:";
                    if line
                        .get(..mail.len())
                        .is_some_and(|c| c.eq_ignore_ascii_case(mail))
                    {
                        without_size(&mut line);
                    }
                    let res = session.process(&line);
                    let ehlo = line
                        .get(..4)
                        .is_some_and(|c| c.eq_ignore_ascii_case(b"EHLO"));
                    line.clear();
                    if res.action != mailin::Action::NoReply {
                        let mut reply = Vec::new();
                        let _ = res.write_to(&mut reply);
                        // SES's size limit, as its EHLO says it (mailin
                        // offers no SIZE): before the last line.
                        if let (true, Some(last)) = (ehlo, last_line_start(&reply)) {
                            reply.splice(last..last, b"250-SIZE 10485760\r\n".iter().copied());
                        }
                        let _ = stream.write_all(&reply);
                        let _ = stream.flush();
                    }
                    match res.action {
                        mailin::Action::Close => break,
                        mailin::Action::UpgradeTls => {
                            stream = stream.upgrade(&config);
                            session.tls_active();
                        }
                        mailin::Action::Reply | mailin::Action::NoReply => {}
                    }
                }
            });
        }
    });
    TestServer {
        port,
        log,
        pki,
        handler: script_handle,
    }
}

pub(crate) fn rustls_pki_pem(path: &str) -> Vec<rustls::pki_types::CertificateDer<'static>> {
    rustls::pki_types::CertificateDer::pem_file_iter(path)
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

use rustls::pki_types::pem::PemObject as _;
