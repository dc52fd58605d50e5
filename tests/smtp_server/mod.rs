//! The test SMTP servers for `check`: mailin (through mailin-embedded for
//! STARTTLS, and mailin's session driven over a rustls stream for implicit
//! TLS) on 127.0.0.1, with a CA and certificate made by rcgen at test time.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex, Once};

use mailin_embedded::{AuthMechanism, Handler, Response, Server, SslConfig, response};

use crate::common::*;

/// Decides a login: username, password.
pub(crate) type Accept = Arc<dyn Fn(&str, &str) -> bool + Send + Sync>;

/// Records what the client did; accepts one username and password.
#[derive(Clone)]
pub(crate) struct Recorder {
    log: Arc<Mutex<Vec<String>>>,
    accept: Accept,
}

impl Recorder {
    fn note(&self, what: String) {
        self.log.lock().unwrap().push(what);
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
        response::OK
    }
    fn rcpt(&mut self, _to: &str) -> Response {
        self.note("RCPT".to_owned());
        response::OK
    }
    fn data_start(
        &mut self,
        _domain: &str,
        _from: &str,
        _is8bit: bool,
        _to: &[String],
    ) -> Response {
        self.note("DATA".to_owned());
        response::OK
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
        use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair};
        let dir = tempfile::tempdir().unwrap();
        let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca_params
            .distinguished_name
            .push(DnType::CommonName, "ses-smtp-password test CA");
        let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().unwrap()).unwrap();
        let leaf_key = KeyPair::generate().unwrap();
        let leaf = CertificateParams::new(vec!["127.0.0.1".to_owned(), "localhost".to_owned()])
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
}

impl TestServer {
    pub(crate) fn endpoint(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    pub(crate) fn log(&self) -> Vec<String> {
        self.log.lock().unwrap().clone()
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
    // The test process links rustls with two providers (ring for lettre,
    // aws-lc-rs through mailin-embedded); the servers need a default.
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

pub(crate) fn recorder(accept: Accept) -> Recorder {
    Recorder {
        log: Arc::new(Mutex::new(Vec::new())),
        accept,
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
) -> (Pki, TcpListener, u16, Recorder, Arc<Mutex<Vec<String>>>) {
    crypto_provider();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let handler = recorder(accept);
    let log = Arc::clone(&handler.log);
    (Pki::new(), listener, port, handler, log)
}

pub(crate) fn starttls_server(accept: Accept) -> TestServer {
    let (pki, listener, port, handler, log) = prepare(accept);
    let mut server = Server::new(handler);
    server
        .with_name("smtp.test.invalid")
        .with_ssl(SslConfig::SelfSigned {
            cert_path: pki.path("cert.pem"),
            key_path: pki.path("key.pem"),
        })
        .unwrap()
        .with_auth(AuthMechanism::Plain)
        .with_tcp_listener(listener);
    std::thread::spawn(move || {
        let _ = server.serve();
    });
    TestServer { port, log, pki }
}

/// mailin's SMTP session over a TLS stream from the first byte (port 465 style).
pub(crate) fn implicit_tls_server(accept: Accept) -> TestServer {
    let (pki, listener, port, handler, log) = prepare(accept);
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
                let conn = rustls::ServerConnection::new(config).unwrap();
                let mut tls = rustls::StreamOwned::new(conn, tcp);
                let mut builder = mailin::SessionBuilder::new("smtp.test.invalid");
                builder.enable_auth(mailin::AuthMechanism::Plain);
                let mut session = builder.build("127.0.0.1".parse().unwrap(), handler);
                session.tls_active();
                if session.greeting().write_to(&mut tls).is_err() {
                    return;
                }
                let _ = tls.flush();
                let mut line = Vec::new();
                let mut byte = [0u8; 1];
                while let Ok(1) = tls.read(&mut byte) {
                    line.push(byte[0]);
                    if byte[0] != b'\n' {
                        continue;
                    }
                    let res = session.process(&line);
                    line.clear();
                    if res.action != mailin::Action::NoReply {
                        let _ = res.write_to(&mut tls);
                        let _ = tls.flush();
                    }
                    if res.action == mailin::Action::Close {
                        break;
                    }
                }
            });
        }
    });
    TestServer { port, log, pki }
}

pub(crate) fn rustls_pki_pem(path: &str) -> Vec<rustls::pki_types::CertificateDer<'static>> {
    rustls::pki_types::CertificateDer::pem_file_iter(path)
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

use rustls::pki_types::pem::PemObject as _;
