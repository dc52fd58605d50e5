//! `check --from`: one test message after the login, against the test SMTP
//! server scripted to answer as SES does at MAIL FROM, RCPT TO and the end
//! of DATA. Each refusal gives exit 1 and its cause; an accepted message
//! gives its reply. Without --from, no MAIL is ever sent (check_smtp.rs).

// Tests: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]
#![cfg(feature = "check")]

mod common;
#[allow(dead_code)]
mod smtp_server;

use std::sync::Arc;

use common::*;
use smtp_server::*;

/// `check --from` as a user runs it, against `server`.
fn send(server: &TestServer, tls: &str, extra: &[&str]) -> Outcome {
    let mut args = vec![
        "--region",
        "us-east-1",
        "--access-key-id",
        KEY_ID,
        "--from",
        "ops@example.com",
    ];
    args.extend_from_slice(extra);
    server.check(tls, &args, KEY)
}

#[test]
fn one_message_with_its_headers() {
    for (server, tls) in [
        (starttls_server(Arc::new(|_, _| true)), "starttls"),
        (implicit_tls_server(Arc::new(|_, _| true)), "implicit"),
    ] {
        let got = send(&server, tls, &[]);
        let e = server.endpoint();
        assert_ok(
            tls,
            &got,
            &format!(
                "login accepted by {e} (235 Authentication succeeded)\nmessage accepted by {e} (250 Ok 0100018c-test-message-id-000000)\n"
            ),
            "",
        );
        let log = server.log();
        for step in ["MAIL", "RCPT", "DATA", "DATA-END"] {
            assert_eq!(
                log.iter().filter(|l| *l == step).count(),
                1,
                "{tls}: {log:?}"
            );
        }
        let message = String::from_utf8(server.handler.message.lock().unwrap().clone()).unwrap();
        for header in [
            "From: ops@example.com\r\n",
            "To: success@simulator.amazonses.com\r\n",
            "Subject: Test message from ses-smtp-password\r\n",
            "Date: ",
            "Message-ID: <",
        ] {
            assert!(
                message.contains(header),
                "{tls}: no {header:?} in {message:?}"
            );
        }
    }
}

#[test]
fn a_real_recipient_is_warned_about() {
    let server = starttls_server(Arc::new(|_, _| true));
    let got = send(&server, "starttls", &["--to", "me@example.org"]);
    assert_eq!(got.code, 0, "{}", got.stderr);
    assert_eq!(
        got.stderr,
        "warning: --to me@example.org is outside SES's mailbox simulator: a real message will be delivered there\n"
    );
}

#[test]
fn each_simulated_outcome_goes_to_its_simulator_address() {
    let server = starttls_server(Arc::new(|_, _| true));
    for outcome in ["success", "bounce", "complaint", "ooto", "suppressionlist"] {
        server.handler.message.lock().unwrap().clear();
        let got = send(&server, "starttls", &["--simulate", outcome]);
        assert_eq!((got.code, got.stderr.as_str()), (0, ""), "{outcome}");
        let message = String::from_utf8(server.handler.message.lock().unwrap().clone()).unwrap();
        let to = format!("\r\nTo: {outcome}@simulator.amazonses.com\r\n");
        assert!(message.contains(&to), "{outcome}: {message:?}");
    }
    let both = send(
        &server,
        "starttls",
        &["--simulate", "bounce", "--to", "a@example.org"],
    );
    assert_fails(
        "--simulate and --to",
        &both,
        2,
        &error("--simulate cannot be used with --to", "choose one of them"),
    );
}

#[test]
fn every_refusal_has_its_cause() {
    let cases: [(&str, u16, &str, &str); 6] = [
        (
            "DATA-END",
            554,
            "Message rejected: Email address is not verified. The following identities failed the check in region US-EAST-1: ops@example.com",
            "the sender's address or domain is not a verified identity in this region",
        ),
        (
            "DATA-END",
            554,
            "Access denied: User arn:aws:iam::123456789012:user/ses is not authorized to perform ses:SendRawEmail on resource arn:aws:ses:us-east-1:123456789012:identity/example.com",
            "the IAM user may not send: attach this policy to it: {\"Version\":\"2012-10-17\"",
        ),
        (
            "DATA-END",
            554,
            "Message rejected: Sending paused for this account. For more information, please check the AWS SES console.",
            "SES has paused sending for this account",
        ),
        (
            "DATA-END",
            454,
            "Throttling failure: Maximum sending rate exceeded.",
            "the account's maximum sending rate was exceeded",
        ),
        (
            "DATA-END",
            454,
            "Throttling failure: Daily message quota exceeded.",
            "the account's daily sending quota is used up",
        ),
        (
            "MAIL",
            501,
            "Invalid MAIL FROM address provided",
            "the server refused an address",
        ),
    ];
    for ((stage, code, text, cause), tls) in cases
        .into_iter()
        .zip(["starttls", "implicit"].into_iter().cycle())
    {
        let server = if tls == "starttls" {
            starttls_server(Arc::new(|_, _| true))
        } else {
            implicit_tls_server(Arc::new(|_, _| true))
        };
        server
            .handler
            .script
            .lock()
            .unwrap()
            .push((stage, code, text.to_owned()));
        // --wait does not retry a refused message.
        let got = send(&server, tls, &["--wait", "10"]);
        assert_eq!(
            (got.code, got.stdout.as_str()),
            (1, ""),
            "{text}: {}",
            got.stderr
        );
        let mut lines = got.stderr.lines();
        assert_eq!(
            lines.next().unwrap(),
            format!(
                "error: {} accepted the login but refused the test message: {code} {text}",
                server.endpoint()
            )
        );
        let hint = lines.next().unwrap();
        assert!(
            hint.starts_with(&format!("hint: most likely: {cause}")),
            "{hint}"
        );
        let auths = server.count("AUTH");
        assert_eq!(auths, 1, "{text}: retried");
    }
}

/// Several regions against one endpoint: each region's password is tried
/// (and, with --from, a message sent); one line per region; exit 0 only when
/// every one passed, and then the lines are on stdout.
#[test]
fn one_check_per_region() {
    let server = starttls_server(only_the_right_login());
    let endpoint = server.endpoint();
    let args = [
        "--access-key-id",
        KEY_ID,
        "-r",
        "us-east-1,eu-west-1",
        "--from",
        "ops@example.com",
    ];
    let got = server.check("starttls", &args, KEY);
    assert_eq!((got.code, got.stdout.as_str()), (1, ""), "{}", got.stderr);
    let lines: Vec<&str> = got.stderr.lines().collect();
    assert_eq!(lines[0], "error: 1 of 2 regions failed:");
    assert_eq!(
        lines[1],
        format!(
            "  us-east-1  passed  login accepted by {endpoint} (235 Authentication succeeded); message accepted by {endpoint} (250 Ok 0100018c-test-message-id-000000)"
        )
    );
    assert_eq!(
        lines[2],
        format!("  eu-west-1  failed  {endpoint} rejected the login: 535 Invalid credentials")
    );
    // One message: only us-east-1's login was accepted.
    assert_eq!(server.count("MAIL"), 1);

    let every = starttls_server(Arc::new(|_, _| true));
    let endpoint = every.endpoint();
    let args = ["--access-key-id", KEY_ID, "-r", "us-east-1, eu-west-1"];
    let got = every.check("starttls", &args, KEY);
    assert_ok(
        "every region passes",
        &got,
        &format!(
            "us-east-1\tpassed\tlogin accepted by {endpoint} (235 Authentication succeeded)\neu-west-1\tpassed\tlogin accepted by {endpoint} (235 Authentication succeeded)\n"
        ),
        "",
    );
}

/// When SES names another identity than --from, the hint says which.
#[test]
fn the_identity_ses_checked_is_named() {
    let server = starttls_server(Arc::new(|_, _| true));
    server.handler.script.lock().unwrap().push((
        "DATA-END",
        554,
        "Message rejected: Email address is not verified. The following identities failed the check in region EU-WEST-1: bounces@example.net".to_owned(),
    ));
    let got = send(&server, "starttls", &[]);
    assert_eq!(got.code, 1, "{}", got.stderr);
    let hint = got.stderr.lines().nth(1).unwrap();
    assert!(
        hint.ends_with("(SES checked bounces@example.net, not --from: the message's From header or Return-Path)"),
        "{hint}"
    );
}
