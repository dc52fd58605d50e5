//! `probe` against servers on 127.0.0.1 only: a STARTTLS port, a port that
//! speaks TLS from the first byte, one that accepts and never answers, a
//! closed one, one that refuses STARTTLS with 454; a certificate from a CA
//! the probe does not trust, and one for another name; port 2465 (TLS-first
//! by SES's rule) served by a STARTTLS server; a name that cannot resolve
//! (`.invalid`). Each line of the report and the exit code asserted.

// Tests: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]
#![cfg(feature = "check")]

mod common;
#[allow(dead_code)]
mod smtp_server;

use std::io::{BufRead as _, BufReader, Write as _};
use std::net::TcpListener;
use std::sync::Arc;

use common::*;
use smtp_server::*;

/// A port that accepts connections and never says a word.
fn silent_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming() {
            held.push(stream);
        }
    });
    port
}

/// A port nothing listens on.
fn closed_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A plain-text SMTP server that offers STARTTLS and refuses it with 454.
fn refuses_starttls() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || {
                let mut out = stream.try_clone().unwrap();
                let _ = out.write_all(b"220 plain.test ESMTP\r\n");
                for line in BufReader::new(stream).lines() {
                    let Ok(line) = line else { return };
                    let reply: &[u8] = match line.to_ascii_uppercase().get(..4) {
                        Some("EHLO") => b"250-plain.test\r\n250 STARTTLS\r\n",
                        Some("STAR") => b"454 4.7.0 TLS not available due to local problem\r\n",
                        Some("QUIT") => b"221 bye\r\n",
                        _ => b"502 no\r\n",
                    };
                    if out.write_all(reply).is_err() {
                        return;
                    }
                }
            });
        }
    });
    port
}

/// `probe` of `ports` on 127.0.0.1, trusting `ca`, with `extra` options.
fn probe(ports: &str, ca: &str, extra: &[&str]) -> Outcome {
    let args = [
        "probe",
        "--endpoint",
        "127.0.0.1",
        "--ports",
        ports,
        "--ca-file",
        ca,
    ];
    run(&[&args[..], &["--timeout", "4"], extra].concat(), None, &[])
}

/// Both servers' CAs in one bundle, as --ca-file takes it.
fn bundle(dir: &std::path::Path, servers: &[&TestServer]) -> String {
    let pem: String = servers
        .iter()
        .map(|s| std::fs::read_to_string(s.pki.path("ca.pem")).unwrap())
        .collect();
    let path = dir.join("bundle.pem");
    std::fs::write(&path, pem).unwrap();
    path.to_str().unwrap().to_owned()
}

#[test]
fn each_kind_of_port_is_named() {
    let starttls = starttls_server(Arc::new(|_, _| true));
    let implicit = implicit_tls_server(Arc::new(|_, _| true));
    let (silent, closed, no_tls) = (silent_port(), closed_port(), refuses_starttls());
    let dir = tempdir().unwrap();
    let ca = bundle(dir.path(), &[&starttls, &implicit]);
    let ports = format!(
        "{},{},{silent},{closed},{no_tls}",
        starttls.port, implicit.port
    );
    let got = probe(&ports, &ca, &[]);
    let (s, i) = (starttls.port, implicit.port);
    assert_ok(
        "probe",
        &got,
        &format!(
            "127.0.0.1\n\
             \x20 {s:<5} works: STARTTLS, certificate valid, AUTH PLAIN LOGIN, messages up to 10 MiB\n\
             \x20 {i:<5} speaks TLS from the first byte, not STARTTLS: set the client to TLS from the first byte on this port (certificate valid, AUTH PLAIN LOGIN, messages up to 10 MiB)\n\
             \x20 {silent:<5} connects, but no SMTP greeting in either TLS mode: another service, or a proxy\n\
             \x20 {closed:<5} closed: the connection was refused\n\
             \x20 {no_tls:<5} STARTTLS refused: 454 4.7.0 TLS not available due to local problem\n\
             use port {s} with STARTTLS\n"
        ),
        "",
    );
    // No login, no mail: EHLO and STARTTLS only.
    assert_eq!(starttls.count("AUTH"), 0);
    assert_eq!(starttls.count("MAIL"), 0);
    let json = probe(&ports, &ca, &["--format", "json"]);
    assert_eq!(json.code, 0, "{}", json.stderr);
    let first: serde_json::Value =
        serde_json::from_str(json.stdout.lines().next().unwrap()).unwrap();
    assert_eq!(
        first,
        serde_json::json!({"host": "127.0.0.1", "port": s, "expected": "starttls", "mode": "starttls", "result": "works", "auth": "PLAIN LOGIN", "size": 10485760, "detail": null})
    );
    assert_eq!(json.stdout.lines().count(), 5);
}

#[test]
fn an_untrusted_certificate_and_nothing_that_works() {
    let starttls = starttls_server(Arc::new(|_, _| true));
    let other = implicit_tls_server(Arc::new(|_, _| true));
    let ports = starttls.port.to_string();
    // The other server's CA: the certificate chains to no trusted root,
    // as behind a proxy that intercepts TLS.
    let ca = other.pki.path("ca.pem");
    let got = probe(&ports, &ca, &[]);
    assert_eq!(got.code, 3, "{got:?}");
    let lines: Vec<&str> = got.stdout.lines().collect();
    assert_eq!(lines[0], "127.0.0.1");
    // Both test CAs carry the same name, so rustls finds the issuer and
    // then its signature does not match.
    assert_eq!(
        lines[1],
        format!(
            "  {:<5} TLS failed: network error: invalid peer certificate: BadSignature; a certificate not for this host means a proxy intercepting TLS, or the wrong host",
            starttls.port
        )
    );
    assert_eq!(lines[2], "no port works from here");
    assert_eq!(
        got.stderr,
        error(
            "no SMTP port works from this machine (each port's reason is above)",
            "from EC2, port 25 is blocked by default and 587 or 465 usually work: open them in the firewall, security group or proxy",
        )
    );
}

#[test]
fn a_name_that_does_not_resolve() {
    let got = run(
        &[
            "probe",
            "--endpoint",
            "no-such-host.invalid",
            "--ports",
            "587,465",
            "--timeout",
            "3",
        ],
        None,
        &[],
    );
    assert_eq!(got.code, 3, "{got:?}");
    assert_eq!(
        got.stdout,
        "no-such-host.invalid\n  587   the name does not resolve\n  465   the name does not resolve\nno port works from here\n"
    );
}

#[test]
fn a_certificate_for_another_name_and_a_tls_port_that_speaks_plain_text() {
    // A certificate that does not name the host: the wrong host, or a proxy.
    let wrong_name = starttls_server_at(
        Arc::new(|_, _| true),
        &Place {
            port: 0,
            names: &["smtp.other.invalid"],
        },
    );
    let ports = wrong_name.port.to_string();
    let got = probe(&ports, &wrong_name.pki.path("ca.pem"), &[]);
    assert_eq!(got.code, 3, "{got:?}");
    assert_eq!(
        got.stdout.lines().nth(1).unwrap(),
        format!(
            "  {ports:<5} TLS failed: network error: invalid peer certificate: certificate not valid for name \"127.0.0.1\"; certificate is only valid for DnsName(\"smtp.other.invalid\"); a certificate not for this host means a proxy intercepting TLS, or the wrong host"
        )
    );
    // Port 2465 is for TLS from the first byte; this one speaks STARTTLS.
    let plain = starttls_server_at(
        Arc::new(|_, _| true),
        &Place {
            port: 2465,
            names: &["127.0.0.1"],
        },
    );
    let got = probe("2465", &plain.pki.path("ca.pem"), &[]);
    assert_ok(
        "2465 speaking STARTTLS",
        &got,
        "127.0.0.1\n  2465  speaks STARTTLS, not TLS from the first byte: set the client to STARTTLS on this port (certificate valid, AUTH PLAIN LOGIN, messages up to 10 MiB)\nuse port 2465 with STARTTLS\n",
        "",
    );
}
