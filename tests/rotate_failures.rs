//! `rotate` failing after the key exists: the result cannot be staged
//! (rolled back), IAM goes away during the wait (the rollback itself
//! fails: exit 4, the command to delete the key), IAM goes away during
//! delivery (delivered, old key not retired: exit 4, the command to retire
//! it). Against moto and the test SMTP server (rotate_support).

// Tests: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]
#![cfg(feature = "rotate")]

mod common;
#[allow(dead_code)]
mod rotate_support;
#[allow(dead_code)]
mod smtp_server;

use std::os::unix::fs::PermissionsExt as _;
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::*;
use rotate_support::{Moto, iam_state, new_key, rotate_command, ses};

const ARGS: [&str; 5] = ["--user", "smtp", "-r", "eu-west-1", "-q"];

#[test]
fn a_result_that_cannot_be_staged_is_rolled_back() {
    let moto = Moto::start();
    let (old, _) = moto.user_with_key("smtp");
    let (server, accepted) = ses(&moto, &["eu-west-1"], Duration::ZERO);
    let home = tempdir().unwrap();
    // The state folder's parent is a regular file: no folder can be made.
    let state = home.path().join("state");
    std::fs::write(&state, "").unwrap();
    let out = rotate_command(&moto, &server.endpoint(), &server, home.path(), &ARGS)
        .env("XDG_STATE_HOME", &state)
        .stdin(Stdio::null())
        .output();
    assert_fails(
        "stage",
        &Outcome::of(out.unwrap()),
        1,
        &error(
            &format!(
                "could not stage the result in {}: not a directory; the new key was deleted again",
                state
                    .join("ses-smtp-password/smtp.rotate-pending")
                    .display()
            ),
            "free space or permissions where the file goes, then run again",
        ),
    );
    assert_eq!(
        iam_state(&moto, "smtp"),
        (vec![(old, "Active".to_owned())], vec![])
    );
    assert!(accepted.lock().unwrap().is_empty());
}

#[test]
fn iam_gone_during_the_wait_leaves_the_command_to_delete_the_key() {
    let mut moto = Moto::start();
    let (old, _) = moto.user_with_key("smtp");
    let (server, _) = ses(&moto, &["eu-west-1"], Duration::from_secs(600));
    let home = tempdir().unwrap();
    let args = [&ARGS[..], &["--wait", "2"]].concat();
    let child = rotate_command(&moto, &server.endpoint(), &server, home.path(), &args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let staged = home.path().join("ses-smtp-password/smtp.rotate-pending");
    let started = Instant::now();
    while !staged.exists() {
        assert!(started.elapsed() < Duration::from_secs(60), "never staged");
        std::thread::sleep(Duration::from_millis(20));
    }
    let new = new_key(&moto, "smtp", &old);
    moto.stop();
    let got = Outcome::of(child.wait_with_output().unwrap());
    assert_eq!(got.code, 4, "{got:?}");
    assert_eq!(got.stdout, "");
    let (problem, hint) = got.stderr.split_once('\n').unwrap();
    assert!(
        problem.starts_with(&format!(
            "error: the rotation failed and the new key {new} could not be deleted: dispatch failure: "
        )) && problem.ends_with("; its secret is lost"),
        "{problem}"
    );
    assert_eq!(
        hint,
        format!(
            "hint: delete it: aws iam delete-access-key --user-name smtp --access-key-id {new}\n"
        )
    );
}

#[test]
fn iam_gone_during_delivery_leaves_the_command_to_retire_the_old_key() {
    let moto = Moto::start();
    let (old, _) = moto.user_with_key("smtp");
    let (server, _) = ses(&moto, &["eu-west-1"], Duration::ZERO);
    let home = tempdir().unwrap();
    // The delivery command stops IAM, then succeeds.
    let script = home.path().join("deliver.sh");
    std::fs::write(&script, "#!/bin/sh\nkill \"$MOTO_PID\"\nsleep 1\n").unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o700)).unwrap();
    let args = [&ARGS[..], &["--exec", "--", script.to_str().unwrap()]].concat();
    let out = rotate_command(&moto, &server.endpoint(), &server, home.path(), &args)
        .env("MOTO_PID", moto.pid().to_string())
        .stdin(Stdio::null())
        .output();
    let got = Outcome::of(out.unwrap());
    assert_eq!(got.code, 4, "{got:?}");
    assert_eq!(got.stdout, "");
    let (problem, hint) = got.stderr.split_once('\n').unwrap();
    assert!(
        problem.starts_with("error: delivered the new key AKIA")
            && problem.contains(&format!(
                ", but the old key {old} was not retired: dispatch failure: "
            )),
        "{problem}"
    );
    assert_eq!(
        hint,
        format!(
            "hint: retire it by hand: aws iam update-access-key --user-name smtp --access-key-id {old} --status Inactive\n"
        )
    );
}
