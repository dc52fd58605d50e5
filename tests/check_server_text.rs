//! `check` against scripted servers that misbehave (issue 18): server text
//! with terminal escape sequences is shown escaped; a server that trickles
//! one byte at a time is held to one deadline per step; a 554 greeting is a
//! refused connection (exit 3), never retried by `--wait`. Each server is a
//! plain socket on 127.0.0.1 that writes exactly the bytes a case needs.

// Tests: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]
#![cfg(feature = "check")]

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::time::{Duration, Instant};

use common::*;

const LOGIN: [&str; 4] = ["-r", "us-east-1", "--access-key-id", KEY_ID];

/// A server that greets with `greeting`, answers EHLO with `ehlo` and any
/// other command with `other`, for up to `sessions` connections.
fn scripted(
    greeting: &'static [u8],
    ehlo: &'static [u8],
    other: &'static [u8],
    sessions: usize,
) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let endpoint = listener.local_addr().unwrap().to_string();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(sessions) {
            let mut stream = stream.unwrap();
            let _ = stream.write_all(greeting);
            let mut lines = BufReader::new(stream.try_clone().unwrap()).lines();
            while let Some(Ok(line)) = lines.next() {
                let reply = if line.starts_with("EHLO") {
                    ehlo
                } else {
                    other
                };
                if stream.write_all(reply).is_err() {
                    break;
                }
            }
        }
    });
    endpoint
}

fn check(endpoint: &str, extra: &[&str]) -> Outcome {
    let mut args = vec!["check", "--endpoint", endpoint, "--tls", "starttls"];
    args.extend_from_slice(extra);
    args.extend_from_slice(&LOGIN);
    run(&args, Some(KEY.as_bytes()), &[])
}

#[test]
fn escape_sequences_from_the_server_are_shown_escaped() {
    let endpoint = scripted(
        b"220 \x1b]0;owned\x07ready\r\n",
        b"250-localhost\r\n250 STARTTLS\r\n",
        b"454 \x1b[2JTLS \xc2\x9bnot\x1b[0m available\r\n",
        1,
    );
    let got = check(&endpoint, &[]);
    assert_fails(
        "escapes",
        &got,
        3,
        &error(
            &format!(
                "TLS with {endpoint} failed: STARTTLS refused: 454 \\x1b[2JTLS \\u{{9b}}not\\x1b[0m available"
            ),
            "check --tls for this port; for a private CA pass --ca-file PEM",
        ),
    );
    assert!(!got.stderr.contains('\x1b'));
}

#[test]
fn a_trickling_server_gets_one_deadline_per_step() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let endpoint = listener.local_addr().unwrap().to_string();
    std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        // One byte every 300 ms: a greeting line that takes 30 s, each
        // read well inside --timeout.
        for _ in 0..100 {
            if stream.write_all(b"2").is_err() {
                return;
            }
            std::thread::sleep(Duration::from_millis(300));
        }
    });
    let start = Instant::now();
    let got = check(&endpoint, &["--timeout", "2"]);
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "took {:?}",
        start.elapsed()
    );
    assert_fails(
        "trickle",
        &got,
        3,
        &error(
            &format!("{endpoint} did not complete the connection and greeting within 2 s"),
            "check the endpoint and port (and --tls for odd ports), or raise --timeout",
        ),
    );
}

#[test]
fn a_554_greeting_is_a_refused_connection_and_not_retried() {
    let endpoint = scripted(b"554 no SMTP service here\r\n", b"", b"", 5);
    let got = check(&endpoint, &["--wait", "3"]);
    assert_fails(
        "554 greeting",
        &got,
        3,
        &error(
            &format!("{endpoint} refused service at the greeting: 554 no SMTP service here"),
            "this is no SES SMTP endpoint for this client: check the endpoint (email-smtp.REGION.amazonaws.com) and that your network may reach it",
        ),
    );
}

/// One password against several regions: said first, since a SigV4
/// password can pass in one region only (issue 18).
#[test]
fn one_password_for_several_regions_is_said() {
    let endpoint = scripted(b"554 no SMTP service here\r\n", b"", b"", 5);
    let args = [
        "check",
        "--endpoint",
        &endpoint,
        "--tls",
        "starttls",
        "--password-stdin",
        "--access-key-id",
        KEY_ID,
        "-r",
        "us-east-1,eu-west-1",
    ];
    let got = run(&args, Some(format!("{US_EAST_1}\n").as_bytes()), &[]);
    assert_eq!(got.code, 1, "{}", got.stderr);
    assert_eq!(
        got.stderr.lines().next(),
        Some(
            "note: one SMTP password is tried against every region; a SigV4 password works only in the region it was derived for"
        )
    );
}
