//! `rotate` end to end: moto's IAM server, the test SMTP server asking
//! moto which keys are Active, the binaries as users run them. After every
//! case: IAM's keys, statuses and tags, what the SMTP server accepted, and
//! the output's bytes (and the file's mode).

// Tests: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]
#![cfg(feature = "rotate")]

mod common;
#[allow(dead_code)]
mod rotate_support;
#[allow(dead_code)]
mod smtp_server;

use std::os::unix::fs::PermissionsExt as _;
use std::time::Duration;

use common::*;
use rotate_support::{Moto, assert_rotated, iam_state, new_key, rotate, ses, sigv4, tag};

#[test]
fn rotates_one_region_to_standard_output() {
    let moto = Moto::start();
    let (old, _) = moto.user_with_key("smtp");
    let (server, accepted) = ses(&moto, &["eu-west-1"], Duration::ZERO);
    let home = tempdir().unwrap();
    let got = rotate(
        &moto,
        &server,
        home.path(),
        &["--user", "smtp", "-r", "eu-west-1", "-q"],
    );
    let state = moto.state("smtp");
    let keys = state["keys"].as_object().unwrap();
    assert_eq!(keys.len(), 2, "{got:?} {state}");
    let new = keys.keys().find(|k| **k != old).unwrap().clone();
    let secret = moto.keys()[&new].0.clone();
    assert_ok(
        "rotate",
        &got,
        &format!("{}\n", sigv4(&secret, "eu-west-1")),
        "",
    );
    assert_eq!(keys[&old], "Inactive");
    assert_eq!(keys[&new], "Active");
    let tags = state["tags"].as_object().unwrap();
    assert!(
        tags[&new]
            .as_str()
            .unwrap()
            .starts_with("ses-smtp-password active "),
        "{tags:?}"
    );
    assert!(
        tags[&new]
            .as_str()
            .unwrap()
            .ends_with(&format!(" replaced {old}"))
    );
    assert!(
        tags[&old]
            .as_str()
            .unwrap()
            .starts_with("ses-smtp-password retired ")
    );
    assert_eq!(*accepted.lock().unwrap(), [(new, "eu-west-1".to_owned())]);
    assert_no_leak("rotate", &secret, &got);
}

#[test]
fn two_regions_into_a_file_as_postfix_lines_mode_0600() {
    let moto = Moto::start();
    let (old, _) = moto.user_with_key("relay");
    let regions = ["eu-west-1", "us-east-1"];
    let (server, accepted) = ses(&moto, &regions, Duration::ZERO);
    let home = tempdir().unwrap();
    let out = home.path().join("sasl_passwd");
    std::fs::write(&out, "old contents\n").unwrap();
    let out_arg = out.to_str().unwrap();
    let got = rotate(
        &moto,
        &server,
        home.path(),
        &[
            "--user",
            "relay",
            "-r",
            "eu-west-1,us-east-1",
            "--out",
            out_arg,
            "-f",
            "postfix",
            "-q",
        ],
    );
    assert_ok("rotate --out", &got, "", "");
    let new = new_key(&moto, "relay", &old);
    let secret = moto.keys()[&new].0.clone();
    let expected: String = regions
        .iter()
        .map(|r| {
            format!(
                "[email-smtp.{r}.amazonaws.com]:587 {new}:{}\n",
                sigv4(&secret, r)
            )
        })
        .collect();
    assert_eq!(std::fs::read_to_string(&out).unwrap(), expected);
    let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let mut seen = accepted.lock().unwrap().clone();
    seen.sort();
    assert_eq!(
        seen,
        [
            (new.clone(), "eu-west-1".to_owned()),
            (new, "us-east-1".to_owned())
        ]
    );
    // Nothing staged is left beside the file.
    assert!(!home.path().join(".sasl_passwd.rotate-pending").exists());
}

#[test]
fn a_propagation_delay_the_wait_covers() {
    let moto = Moto::start();
    let (old, _) = moto.user_with_key("smtp");
    let (server, accepted) = ses(&moto, &["eu-west-1"], Duration::from_secs(3));
    let home = tempdir().unwrap();
    let got = rotate(
        &moto,
        &server,
        home.path(),
        &["--user", "smtp", "-r", "eu-west-1", "--wait", "30", "-q"],
    );
    assert_eq!(got.code, 0, "{got:?}");
    let new = new_key(&moto, "smtp", &old);
    assert_eq!(*accepted.lock().unwrap(), [(new, "eu-west-1".to_owned())]);
    // Refused at least once before the delay passed.
    assert!(server.count("AUTH") >= 2, "{:?}", server.log());
}

#[test]
fn a_delay_the_wait_does_not_cover_rolls_back() {
    let moto = Moto::start();
    let (old, _) = moto.user_with_key("smtp");
    let (server, _) = ses(&moto, &["eu-west-1"], Duration::from_secs(600));
    let home = tempdir().unwrap();
    let out = home.path().join("smtp.env");
    std::fs::write(&out, "untouched\n").unwrap();
    let got = rotate(
        &moto,
        &server,
        home.path(),
        &[
            "--user",
            "smtp",
            "-r",
            "eu-west-1",
            "--wait",
            "2",
            "--out",
            out.to_str().unwrap(),
            "-f",
            "env",
            "-q",
        ],
    );
    assert_eq!(got.code, 1, "{got:?}");
    assert_eq!(got.stdout, "");
    assert!(
        got.stderr
            .starts_with("error: SES did not accept the new key AKIA"),
        "{}",
        got.stderr
    );
    assert!(
        got.stderr.contains(
            "the new key was deleted again, nothing was written, the old key is untouched"
        )
    );
    assert_eq!(
        iam_state(&moto, "smtp"),
        (vec![(old, "Active".to_owned())], vec![])
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "untouched\n");
    assert!(!home.path().join(".smtp.env.rotate-pending").exists());
}

#[test]
fn two_active_keys_are_refused_and_nothing_is_created() {
    let moto = Moto::start();
    let (first, _) = moto.user_with_key("smtp");
    let second = moto.add_key("smtp");
    let (server, _) = ses(&moto, &["eu-west-1"], Duration::ZERO);
    let home = tempdir().unwrap();
    let before = iam_state(&moto, "smtp");
    let got = rotate(
        &moto,
        &server,
        home.path(),
        &["--user", "smtp", "-r", "eu-west-1"],
    );
    assert_eq!(got.code, 2, "{got:?}");
    assert_eq!(got.stdout, "");
    let problem = got.stderr.lines().next().unwrap();
    assert!(problem.starts_with("error: smtp already has two access keys, IAM's limit, and neither was retired by this tool: "), "{problem}");
    assert!(
        problem.contains(&format!("{first} (Active, created "))
            && problem.contains(&format!("{second} (Active, created "))
    );
    assert!(problem.contains("never used") && problem.ends_with("; nothing was changed"));
    assert_eq!(
        got.stderr.lines().nth(1).unwrap(),
        "hint: delete the one no longer in use, then run again: aws iam delete-access-key --user-name smtp --access-key-id ID"
    );
    let dry = rotate(
        &moto,
        &server,
        home.path(),
        &["--user", "smtp", "-r", "eu-west-1", "--dry-run"],
    );
    assert_eq!(
        dry.stdout.lines().skip(4).collect::<Vec<_>>(),
        ["would stop: two keys, neither retired by this tool"],
        "{dry:?}"
    );
    assert_eq!(iam_state(&moto, "smtp"), before);
    assert_eq!(server.count("AUTH"), 0);
}

#[test]
fn a_key_this_tool_retired_makes_room() {
    let moto = Moto::start();
    let (retired, _) = moto.user_with_key("smtp");
    moto.iam(&["inactive", "smtp", &retired]);
    moto.iam(&[
        "tag",
        "smtp",
        &retired,
        "ses-smtp-password retired 2026-01-01T00:00:00Z",
    ]);
    let current = moto.add_key("smtp");
    let (server, _) = ses(&moto, &["eu-west-1"], Duration::ZERO);
    let home = tempdir().unwrap();
    let got = rotate(
        &moto,
        &server,
        home.path(),
        &[
            "--user",
            "smtp",
            "-r",
            "eu-west-1",
            "--retire",
            "delete",
            "-q",
        ],
    );
    assert_eq!(got.code, 0, "{got:?}");
    let (keys, tags) = iam_state(&moto, "smtp");
    assert_eq!(keys.len(), 1, "{keys:?}");
    let (new, status) = &keys[0];
    assert!(new != &retired && new != &current && status == "Active");
    assert_eq!(tags.len(), 1);
    assert_eq!(&tags[0].0, new);
    assert!(tags[0].1.ends_with(&format!("replaced {current}")));
}

#[test]
fn dry_run_changes_nothing_and_prints_the_plan() {
    let moto = Moto::start();
    let (old, _) = moto.user_with_key("smtp");
    let (server, _) = ses(&moto, &["eu-west-1"], Duration::ZERO);
    let home = tempdir().unwrap();
    let before = iam_state(&moto, "smtp");
    let got = rotate(
        &moto,
        &server,
        home.path(),
        &["--user", "smtp", "-r", "eu-west-1", "--dry-run"],
    );
    assert_eq!(got.code, 0, "{got:?}");
    let lines: Vec<&str> = got.stdout.lines().collect();
    assert_eq!(lines[0], "caller: arn:aws:sts::123456789012:user/moto");
    assert_eq!(lines[1], "user: smtp");
    assert!(
        lines[2].starts_with(&format!("key: {old} Active created "))
            && lines[2].ends_with(" last used never"),
        "{}",
        lines[2]
    );
    assert_eq!(
        lines[3..],
        [
            "would create a new key and prove it in eu-west-1",
            "would deliver to standard output (-f plain)",
            &format!("would deactivate {old}")
        ]
    );
    assert_eq!(iam_state(&moto, "smtp"), before);
    // The preflight reached the server (TLS and EHLO, and one more EHLO
    // that reads its SIZE, as probe does) without logging in.
    assert_eq!(server.count("EHLO"), 3);
    assert_eq!(server.count("AUTH"), 0);
}

#[test]
fn a_failing_command_leaves_both_keys_active_and_resume_finishes() {
    let moto = Moto::start();
    let (old, _) = moto.user_with_key("smtp");
    let (server, _) = ses(&moto, &["eu-west-1"], Duration::ZERO);
    let home = tempdir().unwrap();
    let script = home.path().join("deliver.sh");
    let seen = home.path().join("seen");
    std::fs::write(
        &script,
        format!("#!/bin/sh\n[ -e {0}.ok ] || exit 3\nprintf '%s %s %s %s' \"$SES_SMTP_HOST\" \"$SES_SMTP_PORT\" \"$SES_SMTP_USERNAME\" \"$SES_SMTP_PASSWORD\" > {0}\n", seen.display()),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o700)).unwrap();
    let args = [
        "--user",
        "smtp",
        "-r",
        "eu-west-1",
        "-q",
        "--exec",
        "--",
        script.to_str().unwrap(),
    ];
    let got = rotate(&moto, &server, home.path(), &args);
    let new = new_key(&moto, "smtp", &old);
    assert_fails(
        "failing command",
        &got,
        4,
        &error(
            &format!(
                "the --exec command failed (exit status: 3); both keys stay Active: new {new}, old {old}"
            ),
            "fix the command, then run the same command with --resume to deliver again and retire the old key",
        ),
    );
    let (keys, _) = iam_state(&moto, "smtp");
    assert!(keys.iter().all(|(_, s)| s == "Active") && keys.len() == 2);
    // Run again without --resume: told what was found.
    let again = rotate(&moto, &server, home.path(), &args);
    assert_eq!(again.code, 2, "{again:?}");
    assert!(again.stderr.starts_with(&format!(
        "error: an earlier rotation stopped after creating {new}"
    )));
    std::fs::write(format!("{}.ok", seen.display()), "").unwrap();
    let mut resume = args.to_vec();
    resume.insert(4, "--resume");
    let done = rotate(&moto, &server, home.path(), &resume);
    assert_ok("resume", &done, "", "");
    let secret = moto.keys()[&new].0.clone();
    assert_eq!(
        std::fs::read_to_string(&seen).unwrap(),
        format!(
            "email-smtp.eu-west-1.amazonaws.com 587 {new} {}",
            sigv4(&secret, "eu-west-1")
        )
    );
    let tags = assert_rotated(&moto, "smtp", &new, &old);
    assert!(tag(&tags, &new).starts_with("ses-smtp-password active "));
}

#[test]
fn app_settings_into_a_file_mode_0600() {
    let moto = Moto::start();
    let (old, _) = moto.user_with_key("smtp");
    let (server, _) = ses(&moto, &["eu-west-1"], Duration::ZERO);
    let home = tempdir().unwrap();
    let out = home.path().join(".env");
    let out_arg = out.to_str().unwrap();
    let args = ["--user", "smtp", "-r", "eu-west-1", "--app", "laravel"];
    let got = rotate(
        &moto,
        &server,
        home.path(),
        &[&args[..], &["--out", out_arg, "-q"]].concat(),
    );
    assert_ok("rotate --app", &got, "", "");
    let new = new_key(&moto, "smtp", &old);
    let secret = moto.keys()[&new].0.clone();
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        format!(
            "MAIL_MAILER=smtp\nMAIL_SCHEME=smtp\nMAIL_HOST=email-smtp.eu-west-1.amazonaws.com\n\
             MAIL_PORT=587\nMAIL_USERNAME={new}\nMAIL_PASSWORD={}\n",
            sigv4(&secret, "eu-west-1")
        )
    );
    let mode = std::fs::metadata(&out).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
}
