//! sendmail, Exim and ssmtp read their forms (issue 20): `makemap` (from
//! the sendmail-bin package) builds the authinfo map and dumps it back;
//! Exim (exim4-daemon-light) checks the whole configuration (`-bV`) and
//! delivers a message through the project's test SMTP server with it,
//! logging in with the key's password over STARTTLS and over TLS from the
//! first byte; ssmtp sends one through it the same way. Each package
//! conflicts with Postfix's (all are mail-transport-agent), so each is
//! unpacked under the target folder rather than installed
//! (tests/common/tools.rs). Random keys and the documentation's.

// Tests: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]
#![cfg(feature = "check")]

mod common;
#[allow(dead_code)]
mod smtp_server;

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;

use common::tools::{need, unpacked};
use common::*;
use ses_smtp_password::smtp_password_v4;

const REGION: &str = "us-east-1";
const HOST: &str = "email-smtp.us-east-1.amazonaws.com";

fn keys() -> Vec<String> {
    let mut keys: Vec<String> = (0..3).map(|_| random_key(40)).collect();
    keys.push(KEY.to_owned());
    keys
}

/// The tool's `format` output for `key` on `port` (and `regions`).
fn derive(key: &str, format: &str, regions: &str, port: u16) -> String {
    let port_text = port.to_string();
    let args = ["-r", regions, "-f", format, "--port", &port_text];
    let got = run(
        &[&args[..], &["--access-key-id", KEY_ID]].concat(),
        Some(key.as_bytes()),
        &[],
    );
    assert_eq!((got.code, got.stderr.as_str()), (0, ""), "{format}");
    got.stdout
}

/// A test SMTP server accepting exactly `key`'s us-east-1 password.
fn server_for(key: &str, implicit: bool) -> smtp_server::TestServer {
    let password = smtp_password_v4(key.as_bytes(), REGION).as_str().to_owned();
    let accept: smtp_server::Accept =
        Arc::new(move |user, pass| user == KEY_ID && pass == password);
    if implicit {
        smtp_server::implicit_tls_server(accept)
    } else {
        smtp_server::starttls_server(accept)
    }
}

/// Runs `command` with a short message on stdin; asserts it succeeded.
fn send(mut command: Command, what: &str) {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"From: sender@example.com\nTo: rcpt@example.com\nSubject: test\n\nhello\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{what}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The server saw one login with the key's ID and one whole message.
fn assert_delivered(server: &smtp_server::TestServer, what: &str) {
    assert_eq!(
        server.count(&format!("AUTH {KEY_ID}")),
        1,
        "{what}: {:?}",
        server.log()
    );
    assert_eq!(server.count("DATA-END"), 1, "{what}: {:?}", server.log());
}

/// `text` with `from` replaced (it must be there).
fn replaced(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "{from:?} not in {text}");
    text.replace(from, to)
}

#[test]
fn makemap_builds_the_authinfo_map() {
    need(&["usr/sbin/makemap"]);
    let dir = tempdir().unwrap();
    // makemap reads sendmail.cf for its options; an empty one has none.
    let cf = dir.path().join("sendmail.cf");
    std::fs::write(&cf, "").unwrap();
    for key in keys() {
        let text = derive(&key, "sendmail", "us-east-1,eu-west-1", 587);
        let source = dir.path().join("authinfo");
        std::fs::write(&source, &text).unwrap();
        let map = dir.path().join("authinfo.db");
        let makemap = |args: &[&str], stdin: Stdio| {
            Command::new(unpacked("usr/sbin/makemap"))
                .arg("-C")
                .arg(&cf)
                .args(args)
                .arg(&map)
                .stdin(stdin)
                .output()
                .unwrap()
        };
        let built = makemap(&["hash"], std::fs::File::open(&source).unwrap().into());
        assert!(
            built.status.success(),
            "{}",
            String::from_utf8_lossy(&built.stderr)
        );
        let dumped = makemap(&["-u", "hash"], Stdio::null());
        // Keys are folded to lower case (sendmail looks them up so); the
        // comment lines are not entries.
        let mut lines: Vec<String> = String::from_utf8(dumped.stdout)
            .unwrap()
            .lines()
            .map(str::to_owned)
            .collect();
        lines.sort();
        let entry = |region: &str| {
            format!(
                "authinfo:email-smtp.{region}.amazonaws.com\t\"U:root\" \"I:{KEY_ID}\" \"P:{}\" \"M:PLAIN\"",
                smtp_password_v4(key.as_bytes(), region).as_str()
            )
        };
        assert_eq!(lines, [entry("eu-west-1"), entry("us-east-1")]);
    }
}

/// Makes sure the user the Debian build of Exim runs deliveries as
/// exists (exim4-base's postinst would have made it).
fn exim_user() {
    let exists = Command::new("getent")
        .args(["passwd", "Debian-exim"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !exists {
        let made = Command::new("useradd")
            .args(["--system", "--user-group", "--no-create-home"])
            .args(["--shell", "/usr/sbin/nologin", "Debian-exim"])
            .status();
        assert!(made.is_ok_and(|s| s.success()), "useradd Debian-exim");
    }
}

/// A whole Exim configuration: a main section of the test's own (its
/// spool and logs in `dir`), then the tool's routers, transports and
/// authenticators.
fn exim_config(dir: &Path, sections: &str) -> std::path::PathBuf {
    let spool = dir.join("spool");
    std::fs::create_dir_all(&spool).unwrap();
    let chown = Command::new("chown")
        .args(["-R", "Debian-exim:Debian-exim"])
        .arg(&spool)
        .status();
    assert!(chown.unwrap().success());
    // exim_path: the unpacked binary re-executes itself to deliver.
    let main = format!(
        "primary_hostname = test.example\ndomainlist local_domains = @\n\
         spool_directory = {spool}\nlog_file_path = {spool}/%slog\nkeep_environment =\n\
         exim_path = {exim}\n\n",
        spool = spool.display(),
        exim = unpacked("usr/sbin/exim4").display()
    );
    let path = dir.join("exim.conf");
    std::fs::write(&path, main + sections).unwrap();
    path
}

#[test]
fn exim_checks_the_configuration_and_delivers_with_it() {
    need(&["usr/sbin/exim4"]);
    exim_user();
    let exim = unpacked("usr/sbin/exim4");
    for (port, implicit) in [(587, false), (465, true)] {
        for key in keys() {
            let dir = tempdir().unwrap();
            let sections = derive(&key, "exim", REGION, port);
            let checked = Command::new(&exim)
                .arg("-C")
                .arg(exim_config(dir.path(), &sections))
                .arg("-bV")
                .output()
                .unwrap();
            assert!(
                checked.status.success(),
                "exim -bV on {port}: {}",
                String::from_utf8_lossy(&checked.stderr)
            );
            // The same sections pointed at the test server, trusting its
            // CA; Exim refuses to route to its own host unless told.
            let server = server_for(&key, implicit);
            let mut to_test = sections.clone();
            for (from, to) in [
                (
                    format!("route_list = * {HOST}\n"),
                    "route_list = * 127.0.0.1\n  self = send\n".to_owned(),
                ),
                (
                    format!("port = {port}\n"),
                    format!("port = {}\n  allow_localhost\n", server.port),
                ),
                (
                    "tls_verify_certificates = system".to_owned(),
                    format!("tls_verify_certificates = {}", server.pki.path("ca.pem")),
                ),
            ] {
                to_test = replaced(&to_test, &from, &to);
            }
            let mut command = Command::new(&exim);
            command
                .arg("-C")
                .arg(exim_config(dir.path(), &to_test))
                .args([
                    "-odf",
                    "-oi",
                    "-f",
                    "sender@example.com",
                    "rcpt@example.com",
                ]);
            send(command, &format!("exim on {port}"));
            // Exim answers 0 once it has the message; its log says how
            // the delivery went.
            let log = std::fs::read_to_string(dir.path().join("spool/mainlog")).unwrap_or_default();
            assert_delivered(&server, &format!("exim on {port}: {log}"));
        }
    }
}

#[test]
fn ssmtp_sends_with_its_configuration() {
    need(&["usr/sbin/ssmtp"]);
    let ssmtp = unpacked("usr/sbin/ssmtp");
    for (port, implicit) in [(587, false), (465, true)] {
        for key in keys() {
            let text = derive(&key, "ssmtp", REGION, port);
            let server = server_for(&key, implicit);
            let to_test = replaced(
                &replaced(
                    &text,
                    &format!("mailhub={HOST}:{port}"),
                    &format!("mailhub=127.0.0.1:{}", server.port),
                ),
                "TLS_CA_File=/etc/ssl/certs/ca-certificates.crt",
                &format!("TLS_CA_File={}", server.pki.path("ca.pem")),
            );
            let dir = tempdir().unwrap();
            let config = dir.path().join("ssmtp.conf");
            std::fs::write(&config, to_test).unwrap();
            let mut command = Command::new(&ssmtp);
            command
                .arg(format!("-C{}", config.display()))
                .arg("rcpt@example.com");
            send(command, &format!("ssmtp on {port}"));
            assert_delivered(&server, &format!("ssmtp on {port}"));
        }
    }
}
