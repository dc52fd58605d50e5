//! A profile's `credential_process` is bounded (issue 18, audit finding 6):
//! at most 64 KiB + 1 byte of its output is read and at most 60 s waited,
//! then it is killed with a clear error; no run can read `/dev/zero` into
//! memory or hang on a helper that never answers.

// Tests: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

mod common;

use std::time::{Duration, Instant};

use common::*;

/// Runs `--profile p` with a config file whose `credential_process` is
/// `command`: what it printed, how long it took, and the config file's path.
fn with_process(command: &str) -> (Outcome, Duration, String) {
    let dir = tempdir().unwrap();
    let config = dir.path().join("config");
    std::fs::write(
        &config,
        format!("[profile p]\ncredential_process = {command}\n"),
    )
    .unwrap();
    let creds = dir.path().join("credentials");
    let (c, k) = (config.to_str().unwrap(), creds.to_str().unwrap());
    let mut cmd = cmd();
    cmd.args(["--profile", "p", "-r", "eu-west-1", "-q"])
        .env("AWS_CONFIG_FILE", c)
        .env("AWS_SHARED_CREDENTIALS_FILE", k)
        .timeout(Duration::from_secs(120))
        .write_stdin(Vec::new());
    let start = Instant::now();
    let out = cmd.output().unwrap();
    let outcome = Outcome {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    (outcome, start.elapsed(), c.to_owned())
}

const HINT: &str =
    "run the command yourself to see what it says; the AWS CLI would fail the same way";

#[test]
fn endless_output_is_cut_at_64_kib() {
    let (got, _, config) = with_process("cat /dev/zero");
    assert_fails(
        "/dev/zero",
        &got,
        1,
        &error(
            &format!(
                "profile p in {}, credential_process: printed more than 65536 bytes (stopped); credentials are a few hundred",
                config
            ),
            HINT,
        ),
    );
}

/// Runs `command` as the credential_process and asserts it was stopped at
/// the 60 s deadline with the error that says so.
fn assert_stopped_at_the_deadline(command: &str) {
    let (got, took, config) = with_process(command);
    assert!(took < Duration::from_secs(90), "{command}: took {took:?}");
    assert_fails(
        command,
        &got,
        1,
        &error(
            &format!(
                "profile p in {config}, credential_process: gave no credentials within 60 s (stopped)"
            ),
            HINT,
        ),
    );
}

#[test]
fn a_helper_that_never_answers_is_stopped_after_60_s() {
    assert_stopped_at_the_deadline("sleep 600");
}

/// A helper whose own child keeps the output pipes open after the helper is
/// stopped (`sh` forks `sleep`, which inherits them): still stopped at the
/// deadline, not when that child ends (600 s).
#[test]
fn a_helper_whose_child_holds_the_pipes_is_stopped_after_60_s() {
    assert_stopped_at_the_deadline("sh -c 'sleep 600; true'");
}

/// A helper that logs more on stderr than is kept, then prints its
/// credentials: it succeeds. The rest of its stderr is read and dropped;
/// a pipe closed after the kept part killed the shell with SIGPIPE.
#[test]
fn a_helper_that_logs_a_lot_still_gives_its_key() {
    let json = r#"{\"Version\": 1, \"AccessKeyId\": \"AKIAIOSFODNN7EXAMPLE\", \"SecretAccessKey\": \"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\"}"#;
    let (got, _, _) = with_process(&format!(
        r#"sh -c 'i=0; while [ $i -lt 20000 ]; do echo refreshing-the-cache >&2; i=$((i+1)); done; printf "%s" "{json}"'"#
    ));
    assert_ok("chatty helper", &got, &format!("{EU_WEST_1}\n"), "");
}
