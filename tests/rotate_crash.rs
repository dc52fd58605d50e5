//! `rotate` interrupted: a real SIGKILL during the wait and `--resume`, a
//! Ctrl-C (SIGINT) before delivery, a key that appears between the
//! preflight and CreateAccessKey, a crash state set up directly in moto.
//! Against moto and the test SMTP server that asks it (rotate_support).

// Tests: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]
#![cfg(feature = "rotate")]

mod common;
#[allow(dead_code)]
mod rotate_support;
#[allow(dead_code)]
mod smtp_server;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::*;
use rotate_support::relay::{When, relay};
use rotate_support::{
    Moto, assert_rotated, iam_state, new_key, rotate, rotate_command, ses, sigv4, tag,
};

/// Where a rotation to standard output stages its result (XDG_STATE_HOME
/// is the test's home).
fn staged_in(home: &Path) -> std::path::PathBuf {
    home.join("ses-smtp-password/smtp.rotate-pending")
}

/// Starts a rotation to standard output in `home` that waits up to 60 s,
/// and returns once its result is staged (the key exists, SES has not yet
/// accepted it: the server's delay is longer than this takes).
fn rotation_in_its_wait(moto: &Moto, server: &smtp_server::TestServer, home: &Path) -> Child {
    let child = rotate_command(
        moto,
        &server.endpoint(),
        server,
        home,
        &["--user", "smtp", "-r", "eu-west-1", "--wait", "60", "-q"],
    )
    .stdin(Stdio::null())
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .unwrap();
    let started = Instant::now();
    while !staged_in(home).exists() {
        assert!(started.elapsed() < Duration::from_secs(60), "never staged");
        std::thread::sleep(Duration::from_millis(50));
    }
    // Into the login loop: the first attempt is refused, then it pauses.
    std::thread::sleep(Duration::from_millis(500));
    child
}

#[test]
fn a_sigkill_during_the_wait_then_resume_finishes() {
    let moto = Moto::start();
    let (old, _) = moto.user_with_key("smtp");
    let (server, accepted) = ses(&moto, &["eu-west-1"], Duration::from_secs(4));
    let home = tempdir().unwrap();
    let mut child = rotation_in_its_wait(&moto, &server, home.path());
    child.kill().unwrap();
    let killed = child.wait_with_output().unwrap();
    assert_eq!(killed.status.code(), None, "killed by a signal");
    assert!(killed.stdout.is_empty());
    let new = new_key(&moto, "smtp", &old);
    assert!(accepted.lock().unwrap().is_empty());
    // Both keys Active, the new one pending, its result staged (0600).
    let (keys, tags) = iam_state(&moto, "smtp");
    assert_eq!(
        keys.iter().map(|(_, s)| s.as_str()).collect::<Vec<_>>(),
        ["Active", "Active"]
    );
    assert_eq!(tags.len(), 1);
    assert!(
        tags[0].1.starts_with("ses-smtp-password pending ")
            && tags[0].1.ends_with(&format!(" replaces {old}")),
        "{tags:?}"
    );
    let mode = std::fs::metadata(staged_in(home.path())).unwrap();
    assert_eq!(
        std::os::unix::fs::PermissionsExt::mode(&mode.permissions()) & 0o777,
        0o600
    );

    // The next run without --resume says what it found and changes nothing.
    let args = ["--user", "smtp", "-r", "eu-west-1", "--wait", "60", "-q"];
    let again = rotate(&moto, &server, home.path(), &args);
    assert_fails(
        "interrupted",
        &again,
        2,
        &error(
            &format!(
                "an earlier rotation stopped after creating {new}; its result is staged in {}",
                staged_in(home.path()).display()
            ),
            "finish it with the same command and --resume",
        ),
    );
    assert_eq!(iam_state(&moto, "smtp").0, keys);
    // --dry-run says the same.
    let dry = rotate(
        &moto,
        &server,
        home.path(),
        &["--user", "smtp", "-r", "eu-west-1", "--dry-run"],
    );
    assert_eq!(dry.code, 0, "{dry:?}");
    assert_eq!(
        dry.stdout.lines().skip(4).collect::<Vec<_>>(),
        [format!(
            "would stop: an earlier rotation created {new} and staged its result (--resume finishes it)"
        )
        .as_str()]
    );

    // --resume: waits for SES, delivers, retires the old key.
    let mut resume = args.to_vec();
    resume.push("--resume");
    let done = rotate(&moto, &server, home.path(), &resume);
    let secret = moto.keys()[&new].0.clone();
    assert_ok(
        "resume",
        &done,
        &format!("{}\n", sigv4(&secret, "eu-west-1")),
        "",
    );
    let tags = assert_rotated(&moto, "smtp", &new, &old);
    assert!(tag(&tags, &new).starts_with("ses-smtp-password active "));
    assert!(!staged_in(home.path()).exists());
    assert_eq!(*accepted.lock().unwrap(), [(new, "eu-west-1".to_owned())]);
}

#[test]
fn ctrl_c_during_the_wait_rolls_back() {
    let moto = Moto::start();
    let (old, _) = moto.user_with_key("smtp");
    let (server, accepted) = ses(&moto, &["eu-west-1"], Duration::from_secs(600));
    let home = tempdir().unwrap();
    let child = rotation_in_its_wait(&moto, &server, home.path());
    let kill = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let got = Outcome::of(child.wait_with_output().unwrap());
    assert_fails(
        "Ctrl-C",
        &got,
        130,
        &error(
            "interrupted before delivery; the new key was deleted again; the old key is untouched",
            "run the same command again when ready",
        ),
    );
    assert_eq!(
        iam_state(&moto, "smtp"),
        (vec![(old, "Active".to_owned())], vec![])
    );
    assert!(!staged_in(home.path()).exists());
    assert!(accepted.lock().unwrap().is_empty());
}

#[test]
fn a_key_created_between_the_preflight_and_create_is_left_alone() {
    let moto = Moto::start();
    let (old, _) = moto.user_with_key("smtp");
    let (server, accepted) = ses(&moto, &["eu-west-1"], Duration::ZERO);
    // The preflight's TLS greeting comes after IAM was read and before
    // CreateAccessKey: another admin creates the user's second key then.
    let url = moto.url.clone();
    let other = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let seen = std::sync::Arc::clone(&other);
    let upstream = server.port;
    let port = relay(upstream, When::FirstConnection, move || {
        let line = rotate_support::iam_at(&url, &["key", "smtp"]);
        *seen.lock().unwrap() = line.split(' ').next().unwrap().to_owned();
    });
    let home = tempdir().unwrap();
    let out = rotate_command(
        &moto,
        &format!("127.0.0.1:{port}"),
        &server,
        home.path(),
        &["--user", "smtp", "-r", "eu-west-1", "-q"],
    )
    .stdin(Stdio::null())
    .output();
    let got = Outcome::of(out.unwrap());
    assert_fails(
        "key appeared",
        &got,
        2,
        &error(
            "another access key of smtp was created after the preflight and took the free slot; nothing was changed",
            "find out who rotates this user besides you, then run again",
        ),
    );
    let other = other.lock().unwrap().clone();
    let mut expected = vec![(old, "Active".to_owned()), (other, "Active".to_owned())];
    expected.sort();
    assert_eq!(iam_state(&moto, "smtp"), (expected, vec![]));
    assert!(accepted.lock().unwrap().is_empty());
}

#[test]
fn a_pending_key_whose_secret_was_lost_is_deleted_by_the_next_run() {
    let moto = Moto::start();
    let (old, _) = moto.user_with_key("smtp");
    // A crash right after CreateAccessKey and its tag: no staged file.
    let lost = moto.add_key("smtp");
    moto.iam(&[
        "tag",
        "smtp",
        &lost,
        &format!("ses-smtp-password pending 2026-01-01T00:00:00Z replaces {old}"),
    ]);
    let (server, _) = ses(&moto, &["eu-west-1"], Duration::ZERO);
    let home = tempdir().unwrap();
    let args = ["--user", "smtp", "-r", "eu-west-1"];
    let dry = rotate(
        &moto,
        &server,
        home.path(),
        &[&args[..], &["--dry-run"]].concat(),
    );
    assert_eq!(
        dry.stdout.lines().skip(4).collect::<Vec<_>>(),
        [
            format!("would delete {lost} (its secret was lost)").as_str(),
            "would create a new key and prove it in eu-west-1",
            "would deliver to standard output (-f plain)",
            format!("would deactivate {old}").as_str(),
        ],
        "{dry:?}"
    );
    let got = rotate(&moto, &server, home.path(), &args);
    assert_eq!(got.code, 0, "{got:?}");
    assert!(got.stderr.starts_with(&format!("note: deleted {lost}: an earlier rotation created it and its secret was lost before delivery\n")), "{}", got.stderr);
    let (keys, _) = iam_state(&moto, "smtp");
    assert!(!keys.iter().any(|(k, _)| *k == lost));
    assert!(keys.contains(&(old, "Inactive".to_owned())));
}

#[test]
fn a_crash_after_delivery_before_retiring_is_named_then_resume_retires() {
    let moto = Moto::start();
    let (old, _) = moto.user_with_key("smtp");
    // The earlier run delivered `new` (the ledger says active) and died
    // before it deactivated `old`: both Active.
    let new = moto.add_key("smtp");
    let delivered = format!("ses-smtp-password active 2026-01-01T00:00:00Z replaced {old}");
    moto.iam(&["tag", "smtp", &new, &delivered]);
    let before = iam_state(&moto, "smtp");
    let (server, accepted) = ses(&moto, &["eu-west-1"], Duration::ZERO);
    let home = tempdir().unwrap();
    let args = ["--user", "smtp", "-r", "eu-west-1"];
    let got = rotate(&moto, &server, home.path(), &args);
    assert_fails(
        "delivered, not retired",
        &got,
        2,
        &error(
            &format!(
                "an earlier rotation delivered {new} and did not retire {old}; both are Active; nothing was changed"
            ),
            &format!(
                "once nothing uses {old}, finish it with the same command and --resume, or by hand: aws iam update-access-key --user-name smtp --access-key-id {old} --status Inactive"
            ),
        ),
    );
    assert_eq!(iam_state(&moto, "smtp"), before);
    let dry = rotate(
        &moto,
        &server,
        home.path(),
        &[&args[..], &["--dry-run"]].concat(),
    );
    assert_eq!(
        dry.stdout.lines().last(),
        Some(format!("would stop: an earlier rotation delivered {new} and did not retire {old} (--resume retires it)").as_str()),
        "{dry:?}"
    );

    // --resume does step 6 alone: nothing to print, no key created.
    let mut resume = args.to_vec();
    resume.push("--resume");
    let done = rotate(&moto, &server, home.path(), &resume);
    assert_ok(
        "resume",
        &done,
        "",
        &format!("note: rotated smtp: {new} was delivered earlier; old key {old} deactivated\n"),
    );
    let tags = assert_rotated(&moto, "smtp", &new, &old);
    assert_eq!(tag(&tags, &new), delivered);
    assert!(accepted.lock().unwrap().is_empty());
}

#[test]
fn ctrl_c_while_making_room_stops_before_any_key_is_created() {
    let moto = Moto::start();
    let (retired, _) = moto.user_with_key("smtp");
    moto.iam(&["inactive", "smtp", &retired]);
    let ledger = "ses-smtp-password retired 2026-01-01T00:00:00Z";
    moto.iam(&["tag", "smtp", &retired, ledger]);
    let current = moto.add_key("smtp");
    let (server, accepted) = ses(&moto, &["eu-west-1"], Duration::ZERO);
    // IAM behind a relay that presses Ctrl-C as the retired key's
    // DeleteAccessKey (making room, after the preflight) goes out.
    let pid = std::sync::Arc::new(std::sync::Mutex::new(None::<u32>));
    let seen = std::sync::Arc::clone(&pid);
    let iam = relay(
        moto.url.rsplit(':').next().unwrap().parse().unwrap(),
        When::ClientSends("Action=DeleteAccessKey"),
        move || {
            let pid = seen.lock().unwrap().expect("the rotation's pid");
            let kill = Command::new("kill")
                .args(["-INT", &pid.to_string()])
                .status();
            assert!(kill.unwrap().success());
        },
    );
    let home = tempdir().unwrap();
    let child = rotate_command(
        &moto,
        &server.endpoint(),
        &server,
        home.path(),
        &["--user", "smtp", "-r", "eu-west-1", "-q"],
    )
    .env("AWS_ENDPOINT_URL", format!("http://127.0.0.1:{iam}"))
    .stdin(Stdio::null())
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .unwrap();
    *pid.lock().unwrap() = Some(child.id());
    let got = Outcome::of(child.wait_with_output().unwrap());
    assert_fails(
        "Ctrl-C while making room",
        &got,
        130,
        &error(
            "interrupted before delivery; no key was created; only keys earlier rotations left behind were deleted",
            "run the same command again when ready",
        ),
    );
    assert_eq!(
        iam_state(&moto, "smtp"),
        (vec![(current, "Active".to_owned())], vec![])
    );
    assert!(accepted.lock().unwrap().is_empty());
    assert!(!staged_in(home.path()).exists());
}

#[test]
fn leftovers_of_earlier_runs_are_tidied_before_anything_else() {
    // A staged file that belongs to no pending key (a crash after the
    // ledger said "active", before the file was removed) and the ledger
    // entry of a key deleted by hand: the next run removes both, even one
    // that then refuses (two keys, neither retired by this tool).
    let moto = Moto::start();
    let (first, _) = moto.user_with_key("smtp");
    let second = moto.add_key("smtp");
    let gone = "AKIAZZZZZZZZZZZZZZZZ";
    moto.iam(&[
        "tag",
        "smtp",
        gone,
        "ses-smtp-password retired 2026-01-01T00:00:00Z",
    ]);
    let (server, accepted) = ses(&moto, &["eu-west-1"], Duration::ZERO);
    let home = tempdir().unwrap();
    let staged = staged_in(home.path());
    std::fs::create_dir_all(staged.parent().unwrap()).unwrap();
    std::fs::write(&staged, "{\"region\":\"eu-west-1\"}\n").unwrap();
    let got = rotate(
        &moto,
        &server,
        home.path(),
        &["--user", "smtp", "-r", "eu-west-1"],
    );
    assert_eq!(got.code, 2, "{got:?}");
    assert!(
        got.stderr
            .starts_with("error: smtp already has two access keys"),
        "{got:?}"
    );
    assert!(!staged.exists(), "the stale staged file is still there");
    let mut keys = vec![(first, "Active".to_owned()), (second, "Active".to_owned())];
    keys.sort();
    assert_eq!(iam_state(&moto, "smtp"), (keys, vec![]));
    assert!(accepted.lock().unwrap().is_empty());
}
