//! `check`'s refusals of its input, before any connection is made.

// Tests: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]
#![cfg(feature = "check")]

mod common;

use common::*;

#[test]
fn check_input_errors() {
    let help = "run 'ses-smtp-password check --help' for the options";
    let cases: [(&str, Vec<&str>, String); 6] = [
        (
            "no region",
            vec!["check", "--access-key-id", KEY_ID],
            error(
                "check needs --region REGION (or --v2) to derive the password",
                help,
            ),
        ),
        (
            "no username",
            vec!["check", "-r", "us-east-1"],
            error(
                "check needs the SMTP username: --access-key-id AKIA…, or a key from --csv, --profile or --env with AWS_ACCESS_KEY_ID",
                help,
            ),
        ),
        (
            "odd port",
            vec![
                "check",
                "-r",
                "us-east-1",
                "--port",
                "2525",
                "--access-key-id",
                KEY_ID,
            ],
            error(
                "port 2525 is not an SES SMTP port, so the TLS mode is not evident",
                "say how to start TLS: --tls starttls or --tls implicit",
            ),
        ),
        (
            "v2 without endpoint",
            vec!["check", "--v2", "--access-key-id", KEY_ID],
            error(
                "check needs an endpoint: --region REGION or --endpoint HOST[:PORT]",
                help,
            ),
        ),
        (
            "bad endpoint",
            vec![
                "check",
                "-r",
                "us-east-1",
                "--endpoint",
                "smtp://x:y@host",
                "--access-key-id",
                KEY_ID,
            ],
            error(
                "--endpoint is not HOST or HOST:PORT (not shown: it may hold a password)",
                "give a host name or address, optionally with a port: email-smtp.eu-west-1.amazonaws.com:587",
            ),
        ),
        (
            "secret as endpoint",
            vec![
                "check",
                "-r",
                "us-east-1",
                "--endpoint",
                KEY,
                "--access-key-id",
                KEY_ID,
            ],
            error(
                "--endpoint is not HOST or HOST:PORT (not shown: it may hold a password)",
                "give a host name or address, optionally with a port: email-smtp.eu-west-1.amazonaws.com:587",
            ),
        ),
    ];
    for (name, args, stderr) in cases {
        assert_fails(name, &run(&args, Some(KEY.as_bytes()), &[]), 2, &stderr);
    }
    assert_fails(
        "password-stdin with a key source",
        &run(
            &["check", "--password-stdin", "--stdin", "-r", "us-east-1"],
            Some(KEY.as_bytes()),
            &[],
        ),
        2,
        &error(
            "--password-stdin cannot be used with --stdin",
            "choose one of them",
        ),
    );
}
