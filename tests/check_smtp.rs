//! `check` against a real SMTP server this project did not write: mailin's
//! SMTP session, driven over a socket and upgraded with rustls on STARTTLS or
//! from the first byte, on 127.0.0.1 with a certificate made at test time by
//! rcgen. The server requires TLS before AUTH and accepts exactly
//! one username and password; its log proves no MAIL, RCPT or DATA is sent.

// Tests: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]
#![cfg(feature = "check")]

mod common;
#[allow(dead_code)]
mod smtp_server;

use std::io::Write;
use std::net::TcpListener;
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::*;
use smtp_server::*;

const LOGIN: [&str; 4] = ["--region", "us-east-1", "--access-key-id", KEY_ID];
/// An existing SMTP password on stdin, for the us-east-1 endpoint's user.
const PASSWORD_LOGIN: [&str; 3] = ["--password-stdin", "--access-key-id", KEY_ID];

/// A login the server accepts: the reply on stdout, nothing on stderr, and
/// no message sent.
fn assert_accepted(server: &TestServer, tls: &str) {
    let got = server.check(tls, &LOGIN, KEY);
    let want = format!(
        "login accepted by {} (235 Authentication succeeded)\n",
        server.endpoint()
    );
    assert_ok(tls, &got, &want, "");
    server.assert_no_mail();
}

#[test]
fn accepted_over_starttls() {
    let server = starttls_server(only_the_right_login());
    assert_accepted(&server, "starttls");
    assert_eq!(
        server.log(),
        ["EHLO", "EHLO", &format!("AUTH {KEY_ID}")],
        "EHLO, STARTTLS, EHLO, AUTH"
    );
}

#[test]
fn accepted_over_implicit_tls() {
    assert_accepted(&implicit_tls_server(only_the_right_login()), "implicit");
}

#[test]
fn existing_password_from_stdin_is_accepted() {
    let server = starttls_server(only_the_right_login());
    let got = server.check("starttls", &PASSWORD_LOGIN, &format!("{US_EAST_1}\n"));
    assert_eq!(got.code, 0, "{}", got.stderr);
    server.assert_no_mail();
}

/// A password pasted from a config (quoted, a NAME=value line, a URL with
/// the password percent-encoded) is unwrapped as `identify` unwraps it: the
/// server gets the password itself, and a URL's username (issue 18).
#[test]
fn a_pasted_password_is_unwrapped_before_the_login() {
    let encoded = US_EAST_1.replace('/', "%2F").replace('+', "%2B");
    for (input, args) in [
        (format!("'{US_EAST_1}'\n"), &PASSWORD_LOGIN[..]),
        (
            format!("SES_SMTP_PASSWORD=\"{US_EAST_1}\"\n"),
            &PASSWORD_LOGIN[..],
        ),
        (
            format!("smtp://{KEY_ID}:{encoded}@email-smtp.us-east-1.amazonaws.com:587\n"),
            &["--password-stdin"][..],
        ),
    ] {
        let server = starttls_server(only_the_right_login());
        let got = server.check("starttls", args, &input);
        assert_eq!(got.code, 0, "{input}: {}", got.stderr);
        assert_eq!(server.count("AUTH"), 1);
    }
}

#[test]
fn wrong_key_is_rejected_with_a_diagnosis() {
    let server = starttls_server(only_the_right_login());
    let other_key = "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY";
    let got = server.check("starttls", &LOGIN, other_key);
    let causes = [
        "the password was derived for another region than the endpoint's: SigV4 passwords work in one region only",
        "the access key is inactive or deleted, or the password comes from an older key (after a rotation, derive it again)",
        "the key is brand new: IAM keys can take a few seconds to become valid (check --wait 30 retries until it is)",
        "the username is not the access key ID that belongs to this secret",
    ];
    let want = error(
        &format!(
            "{} rejected the login: 535 Invalid credentials",
            server.endpoint()
        ),
        &format!("most likely: {}", causes.join("; or ")),
    );
    assert_fails("wrong key", &got, 1, &want);
    assert_no_leak("wrong key", other_key, &got);
    server.assert_no_mail();
}

#[test]
fn raw_secret_or_id_as_password_never_reaches_the_server() {
    let server = starttls_server(only_the_right_login());
    let cases = [
        (
            KEY,
            "error: standard input: this is a raw secret access key, not an SMTP password; it was not sent to the server\nhint: log in with the key itself and let check derive the password: ses-smtp-password check --region REGION (key on standard input)\n",
        ),
        (
            KEY_ID,
            "error: standard input: this is an access key ID (the SMTP username), not the password; it was not sent to the server\nhint: it is the username: pass it with --access-key-id, and the SMTP password on standard input\n",
        ),
    ];
    for (input, stderr) in cases {
        let got = server.check("starttls", &PASSWORD_LOGIN, input);
        assert_eq!((got.code, got.stdout.as_str()), (2, ""), "{}", got.stderr);
        assert_eq!(got.stderr, stderr);
        assert_no_leak("raw secret as password", KEY, &got);
    }
    // No connection was made: the server saw nothing at all.
    assert_eq!(server.log(), Vec::<String>::new());
}

/// A server that answers STARTTLS with 454, as a relay without TLS does.
#[test]
fn starttls_refused_is_a_tls_failure_never_retried() {
    use std::io::BufRead as _;
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let endpoint = format!("127.0.0.1:{}", listener.local_addr().unwrap().port());
    let connections = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let seen = Arc::clone(&connections);
    std::thread::spawn(move || {
        for tcp in listener.incoming().flatten() {
            seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let mut out = tcp.try_clone().unwrap();
            let mut lines = std::io::BufReader::new(tcp).lines();
            let _ = out.write_all(b"220 relay.test ESMTP\r\n");
            while let Some(Ok(line)) = lines.next() {
                let reply: &[u8] = match line.split(' ').next().unwrap_or("") {
                    "EHLO" => b"250-relay.test\r\n250 STARTTLS\r\n",
                    "STARTTLS" => b"454 4.7.0 TLS not available due to local problem\r\n",
                    "QUIT" => b"221 bye\r\n",
                    _ => b"500 what\r\n",
                };
                let _ = out.write_all(reply);
            }
        }
    });
    let args = [
        "check",
        "--endpoint",
        &endpoint,
        "--tls",
        "starttls",
        "--wait",
        "5",
    ];
    let args: Vec<&str> = args.iter().chain(&LOGIN).copied().collect();
    let got = run(&args, Some(KEY.as_bytes()), &[]);
    assert_eq!((got.code, got.stdout.as_str()), (3, ""), "{}", got.stderr);
    assert_eq!(
        got.stderr,
        format!(
            "error: TLS with {endpoint} failed: STARTTLS refused: 454 4.7.0 TLS not available due to local problem\nhint: check --tls for this port; for a private CA pass --ca-file PEM\n"
        )
    );
    assert_eq!(
        connections.load(std::sync::atomic::Ordering::SeqCst),
        1,
        "retried"
    );
}

#[test]
fn nothing_listening() {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let endpoint = format!("127.0.0.1:{port}");
    let got = run(
        &["check", "--endpoint", &endpoint, "--tls", "starttls"]
            .iter()
            .chain(&LOGIN)
            .copied()
            .collect::<Vec<_>>(),
        Some(KEY.as_bytes()),
        &[],
    );
    assert_eq!(got.code, 3, "{}", got.stderr);
    assert_eq!(got.stdout, "");
    let first = got.stderr.lines().next().unwrap();
    assert_eq!(
        first,
        format!(
            "error: could not connect to {endpoint}: Connection error: Connection refused (os error 111)"
        )
    );
    assert!(got.stderr.ends_with(
        "hint: check the endpoint and port, and that outbound SMTP is allowed (many networks block 25; try 587)\n"
    ));
}

#[test]
fn untrusted_certificate_without_ca_file() {
    let server = starttls_server(only_the_right_login());
    let endpoint = server.endpoint();
    let mut args = vec!["check", "--endpoint", &endpoint, "--tls", "starttls"];
    args.extend_from_slice(&LOGIN);
    let got = run(&args, Some(KEY.as_bytes()), &[]);
    assert_eq!(got.code, 3, "{}", got.stderr);
    assert_eq!(got.stdout, "");
    let first = got.stderr.lines().next().unwrap();
    assert!(
        first.starts_with(&format!("error: TLS with {endpoint} failed: ")),
        "{first}"
    );
    assert!(first.contains("UnknownIssuer"), "{first}");
    assert!(
        got.stderr
            .ends_with("hint: check --tls for this port; for a private CA pass --ca-file PEM\n")
    );
    assert!(
        !server.log().iter().any(|l| l.starts_with("AUTH")),
        "no AUTH without trusted TLS"
    );
}

#[test]
fn silent_server_times_out() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let endpoint = listener.local_addr().unwrap().to_string();
    std::thread::spawn(move || {
        // Accept, then never greet.
        let held: Vec<_> = listener.incoming().take(2).collect();
        std::thread::sleep(Duration::from_secs(30));
        drop(held);
    });
    for tls in ["starttls", "implicit"] {
        let start = Instant::now();
        let mut args = vec![
            "check",
            "--endpoint",
            &endpoint,
            "--tls",
            tls,
            "--timeout",
            "1",
        ];
        args.extend_from_slice(&LOGIN);
        let got = run(&args, Some(KEY.as_bytes()), &[]);
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "{tls}: took {:?}",
            start.elapsed()
        );
        assert_eq!(got.code, 3, "{tls}: {}", got.stderr);
        assert_fails(
            tls,
            &got,
            3,
            &error(
                &format!("{endpoint} did not complete the connection and greeting within 1 s"),
                "check the endpoint and port (and --tls for odd ports), or raise --timeout",
            ),
        );
    }
}

/// `--wait 1` against a server that refuses everything: one retry, announced
/// with the second left (never "0 s left"), then the refusal.
#[test]
fn wait_counts_down_in_whole_seconds_left() {
    let server = starttls_server(Arc::new(|_, _| false));
    let mut extra = LOGIN.to_vec();
    extra.extend_from_slice(&["--wait", "1"]);
    let got = server.check("starttls", &extra, KEY);
    assert_eq!(got.code, 1, "{}", got.stderr);
    let lines: Vec<&str> = got.stderr.lines().collect();
    assert_eq!(
        lines[0],
        "warning: login rejected (535 Invalid credentials); retrying in 1 s (1 s left)"
    );
    assert!(lines[1].starts_with("error: "), "{lines:?}");
    let auths = server.count("AUTH");
    assert_eq!(auths, 2, "the announced retry happened, once");
}

#[test]
fn wait_retries_until_the_key_is_valid() {
    // Like a new IAM key: refused for the first seconds, then accepted.
    let start = Instant::now();
    let right = only_the_right_login();
    let server = starttls_server(Arc::new(move |u, p| {
        start.elapsed() > Duration::from_secs(3) && right(u, p)
    }));
    let mut extra = LOGIN.to_vec();
    extra.extend_from_slice(&["--wait", "30"]);
    let got = server.check("starttls", &extra, KEY);
    assert_eq!(got.code, 0, "{}", got.stderr);
    assert_eq!(
        got.stdout,
        format!(
            "login accepted by {} (235 Authentication succeeded)\n",
            server.endpoint()
        )
    );
    let retries: Vec<&str> = got.stderr.lines().collect();
    assert!(!retries.is_empty());
    // A retry is announced only when it will happen, with time left to it.
    assert!(
        !retries.iter().any(|l| l.contains("(0 s left)")),
        "{retries:?}"
    );
    for line in &retries {
        assert!(
            line.starts_with("warning: login rejected (535 Invalid credentials); retrying in "),
            "{line}"
        );
    }
    let auths = server.count("AUTH");
    assert_eq!(auths, retries.len() + 1);
    server.assert_no_mail();
    // Without --wait the same refusal is final.
    let server = starttls_server(Arc::new(|_, _| false));
    assert_eq!(server.check("starttls", &LOGIN, KEY).code, 1);
}

#[test]
fn not_an_smtp_server() {
    // Something that answers, but not in SMTP.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let endpoint = listener.local_addr().unwrap().to_string();
    std::thread::spawn(move || {
        for mut s in listener.incoming().flatten() {
            let _ = s.write_all(b"HTTP/1.1 400 Bad Request\r\n\r\n");
        }
    });
    let mut args = vec![
        "check",
        "--endpoint",
        &endpoint,
        "--tls",
        "starttls",
        "--timeout",
        "5",
    ];
    args.extend_from_slice(&LOGIN);
    let got = run(&args, Some(KEY.as_bytes()), &[]);
    assert_eq!(got.code, 3, "{}", got.stderr);
    assert_eq!(got.stdout, "");
    assert!(
        got.stderr.starts_with(&format!(
            "error: {endpoint} did not speak SMTP as expected: "
        )),
        "{}",
        got.stderr
    );
    assert!(
        got.stderr
            .ends_with("hint: check that the endpoint is an SMTP server\n"),
        "{}",
        got.stderr
    );
}

#[test]
fn ca_file_that_is_not_pem() {
    let dir = tempdir().unwrap();
    let f = dir.path().join("ca.pem");
    std::fs::write(&f, "not a certificate\n").unwrap();
    let p = f.to_str().unwrap();
    let mut args = vec!["check", "--ca-file", p];
    args.extend_from_slice(&LOGIN);
    assert_fails(
        "not pem",
        &run(&args, Some(KEY.as_bytes()), &[]),
        2,
        &error(
            &format!("--ca-file {p}: not a PEM certificate"),
            "give a PEM file holding the CA certificate(s) to trust",
        ),
    );
}

/// `check --v2` refused with 535: SigV2 is named first (README, cause 1),
/// as with a SigV2 password given to `--password-stdin` (issue 18).
#[test]
fn a_refused_sigv2_login_names_sigv2_first() {
    let server = starttls_server(Arc::new(|_, _| false));
    let got = server.check("starttls", &["--v2", "--access-key-id", KEY_ID], KEY);
    assert_eq!(got.code, 1, "{}", got.stderr);
    let hint = got.stderr.lines().nth(1).unwrap_or_default();
    assert!(
        hint.starts_with(
            "hint: most likely: the password is a SigV2 one, which SES rejects: derive a SigV4 password with --region REGION; or "
        ),
        "{}",
        got.stderr
    );
}
