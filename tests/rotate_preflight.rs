//! `rotate` refuses a destination it cannot deliver to before any IAM
//! write: a symlink, a directory, a folder that does not exist, a command
//! that cannot run. Each: exit 2, the exact message, IAM's state as it was,
//! no login attempted. A caller IAM refuses (moto checking policies): the
//! same. Against moto and the test SMTP server (rotate_support).

// Tests: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]
#![cfg(feature = "rotate")]

mod common;
#[allow(dead_code)]
mod rotate_support;
#[allow(dead_code)]
mod smtp_server;

use std::time::Duration;

use common::*;
use rotate_support::{Moto, iam_state, rotate, rotate_command, ses};

#[test]
fn an_undeliverable_destination_is_refused_before_any_iam_write() {
    let moto = Moto::start();
    moto.user_with_key("smtp");
    let (server, accepted) = ses(&moto, &["eu-west-1"], Duration::ZERO);
    let home = tempdir().unwrap();
    let link = home.path().join("link");
    std::os::unix::fs::symlink("/etc/passwd", &link).unwrap();
    let folder = home.path().join("folder");
    std::fs::create_dir(&folder).unwrap();
    let missing = home.path().join("missing/smtp.env");
    let hint = "give --out a regular file (or a new name) in a folder you can write";
    let cases = [
        (
            vec!["--out", link.to_str().unwrap()],
            format!(
                "cannot write {}: it is a symbolic link (never written through); nothing was changed",
                link.display()
            ),
            hint,
        ),
        (
            vec!["--out", folder.to_str().unwrap()],
            format!(
                "cannot write {}: it is not a regular file; nothing was changed",
                folder.display()
            ),
            hint,
        ),
        (
            vec!["--out", missing.to_str().unwrap()],
            format!(
                "cannot write {}: its folder cannot be written (entity not found); nothing was changed",
                missing.display()
            ),
            hint,
        ),
        (
            vec!["--exec", "--", "/nonexistent/deliver"],
            "cannot run /nonexistent/deliver: not found, or not executable; nothing was changed"
                .to_owned(),
            "give --exec -- a program that exists and is executable",
        ),
    ];
    let before = iam_state(&moto, "smtp");
    for (destination, problem, hint) in cases {
        let mut args = vec!["--user", "smtp", "-r", "eu-west-1"];
        args.extend(destination.iter().copied());
        let got = rotate(&moto, &server, home.path(), &args);
        assert_fails(&problem, &got, 2, &error(&problem, hint));
        assert_eq!(iam_state(&moto, "smtp"), before, "{destination:?}");
    }
    assert!(accepted.lock().unwrap().is_empty());
    assert!(!missing.parent().unwrap().exists());
}

#[test]
fn preflight_refusals_and_unreachable_servers_change_nothing() {
    let moto = Moto::start();
    moto.user_with_key("smtp");
    let (server, accepted) = ses(&moto, &["eu-west-1"], Duration::ZERO);
    let home = tempdir().unwrap();
    let before = iam_state(&moto, "smtp");
    let got = rotate(
        &moto,
        &server,
        home.path(),
        &["--user", "nobody", "-r", "eu-west-1"],
    );
    assert_fails(
        "no such user",
        &got,
        2,
        &error(
            "IAM has no user named nobody; nothing was changed",
            "give the SMTP user's IAM user name: aws iam list-users",
        ),
    );
    let args = ["--user", "smtp", "-r", "eu-west-1"];
    let got = rotate(
        &moto,
        &server,
        home.path(),
        &[&args[..], &["--resume"]].concat(),
    );
    assert_fails(
        "nothing to resume",
        &got,
        2,
        &error(
            "no interrupted rotation of smtp to resume",
            "run without --resume to rotate",
        ),
    );
    // A port on 127.0.0.1 where nothing listens.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let refused = "Connection refused (os error 111)";
    let smtp = rotate_command(
        &moto,
        &format!("127.0.0.1:{closed}"),
        &server,
        home.path(),
        &args,
    )
    .output();
    assert_fails(
        "SMTP unreachable",
        &Outcome::of(smtp.unwrap()),
        3,
        &error(
            &format!(
                "could not connect to 127.0.0.1:{closed}: Connection error: {refused}; nothing was changed"
            ),
            "check the endpoint and port, and that outbound SMTP is allowed (many networks block 25; try 587)",
        ),
    );
    let iam = rotate_command(&moto, &server.endpoint(), &server, home.path(), &args)
        .env("AWS_ENDPOINT_URL", format!("http://127.0.0.1:{closed}"))
        .output();
    // The SDK's own words, each cause once, and never its Debug form.
    assert_fails(
        "IAM unreachable",
        &Outcome::of(iam.unwrap()),
        3,
        &error(
            &format!(
                "IAM did not answer GetCallerIdentity (dispatch failure: io error: client error (Connect): tcp connect error: {refused}); nothing was changed"
            ),
            "check the network path to IAM (or AWS_ENDPOINT_URL_IAM), then run the same command again",
        ),
    );
    assert_eq!(iam_state(&moto, "smtp"), before);
    assert!(accepted.lock().unwrap().is_empty());
}

/// ses-smtp-password installed without ses-smtp-password-rotate beside it
/// (a copied binary): `rotate` says what is missing and how to get it.
#[test]
fn rotate_without_its_binary_beside_says_so() {
    let dir = tempdir().unwrap();
    let alone = dir.path().join("ses-smtp-password");
    std::fs::copy(env!("CARGO_BIN_EXE_ses-smtp-password"), &alone).unwrap();
    let out = std::process::Command::new(&alone)
        .args(["rotate", "--user", "smtp", "-r", "eu-west-1"])
        .env_clear()
        .stdin(std::process::Stdio::null())
        .output();
    assert_fails(
        "no rotate binary",
        &Outcome::of(out.unwrap()),
        2,
        &error(
            "rotate needs ses-smtp-password-rotate beside this binary; it is not there",
            "reinstall from one artifact (it has both binaries), or: cargo install ses-smtp-password",
        ),
    );
}

#[test]
fn a_caller_who_may_only_read_iam_is_refused_at_create_and_nothing_changes() {
    // Set-up: the user and its key (2 calls), the reader (3 calls); moto
    // checks signatures and policies from the sixth call on.
    let moto = Moto::start_checking_after(5);
    let (old, _) = moto.user_with_key("smtp");
    let reader = moto.iam(&["reader", "reader"]);
    let (id, secret) = reader.split_once(' ').unwrap();
    let (server, accepted) = ses(&moto, &["eu-west-1"], Duration::ZERO);
    let before = moto.keys();
    let home = tempdir().unwrap();
    let out = rotate_command(
        &moto,
        &server.endpoint(),
        &server,
        home.path(),
        &["--user", "smtp", "-r", "eu-west-1", "-q"],
    )
    .envs([("AWS_ACCESS_KEY_ID", id), ("AWS_SECRET_ACCESS_KEY", secret)])
    .stdin(std::process::Stdio::null())
    .output();
    assert_fails(
        "read-only caller",
        &Outcome::of(out.unwrap()),
        2,
        &error(
            // IAM itself says "AccessDenied: User: … is not authorized";
            // moto nests its refusal in <Errors>, which the SDK does not
            // read as IAM's, so only the status is left to name it.
            "IAM refused CreateAccessKey: HTTP 403; nothing was changed",
            "the caller needs the policy in the README (Rotate without a 535) on this user",
        ),
    );
    assert_eq!(moto.keys(), before);
    assert!(before.contains_key(&old) && before.contains_key(id));
    assert_eq!(server.count("AUTH"), 0);
    assert!(accepted.lock().unwrap().is_empty());
}
