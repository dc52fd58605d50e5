//! `--format github` and the file `$GITHUB_ENV` names (issue 18, audit
//! findings 1 and 2): the mask reaches standard output before the password
//! reaches the file; the file must already exist as a regular file, is never
//! reached through a symlink, never created, and a FIFO never blocks.

// Tests: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

mod common;

use std::os::unix::fs::PermissionsExt as _;
use std::time::{Duration, Instant};

use common::*;

const ARGS: &[&str] = &["-r", "eu-west-1", "-f", "github", "--access-key-id", KEY_ID];
const ELSEWHERE: &str = "run it in a GitHub Actions step, whose runner creates that file; elsewhere use --format env-file";

const MASK_LOST: &str = "error: the ::add-mask:: line did not reach standard output, so the password was not added to $GITHUB_ENV (unmasked, a later step could print it)\nhint: leave the step's standard output open: the runner reads the mask from it\n";

fn github(env_path: &std::path::Path) -> Outcome {
    run(
        ARGS,
        Some(KEY.as_bytes()),
        &[("GITHUB_ENV", env_path.to_str().unwrap())],
    )
}

#[test]
fn closed_or_discarded_stdout_appends_nothing_and_fails() {
    for redirect in [">&-", ">/dev/null"] {
        closed_stdout(redirect);
    }
}

fn closed_stdout(redirect: &str) {
    let dir = tempdir().unwrap();
    let path = dir.path().join("github_env");
    std::fs::write(&path, "").unwrap();
    let out = sh(&format!(
        "printf '%s\\n' '{KEY}' | GITHUB_ENV='{}' \"$BIN\" {} {redirect}",
        path.display(),
        ARGS.join(" ")
    ));
    assert_eq!(out.status.code(), Some(1), "{redirect}");
    assert_eq!(String::from_utf8_lossy(&out.stderr), MASK_LOST);
    assert_eq!(std::fs::read(&path).unwrap(), b"");
}

#[test]
fn reader_gone_appends_nothing() {
    use std::io::Write as _;
    let dir = tempdir().unwrap();
    let path = dir.path().join("github_env");
    std::fs::write(&path, "").unwrap();
    // A pipe whose reader is gone before the binary starts.
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("ses-smtp-password"))
        .args(ARGS)
        .env("GITHUB_ENV", &path)
        .stdin(std::process::Stdio::piped())
        .stdout(writer)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(child.stdin.take().unwrap(), "{KEY}").unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stderr), MASK_LOST);
    assert_eq!(std::fs::read(&path).unwrap(), b"");
}

#[test]
fn a_symlink_is_never_followed() {
    let dir = tempdir().unwrap();
    let target = dir.path().join("target");
    std::fs::write(&target, "KEEP\n").unwrap();
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o600)).unwrap();
    let link = dir.path().join("github_env");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let got = github(&link);
    assert_fails(
        "symlink",
        &got,
        2,
        &error(
            "$GITHUB_ENV names a symbolic link, which is never followed to write a password",
            ELSEWHERE,
        ),
    );
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "KEEP\n");
}

#[test]
fn a_missing_file_is_never_created() {
    let dir = tempdir().unwrap();
    let path = dir.path().join("github_env");
    let got = github(&path);
    assert_fails(
        "missing",
        &got,
        2,
        &error(
            "$GITHUB_ENV names a file that does not exist (a password never goes to a file this tool would create)",
            ELSEWHERE,
        ),
    );
    assert!(!path.exists());
}

#[test]
fn a_fifo_without_reader_does_not_block() {
    common::tools::need(&["mkfifo"]);
    let dir = tempdir().unwrap();
    let fifo = dir.path().join("github_env");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let start = Instant::now();
    let got = github(&fifo);
    assert!(start.elapsed() < Duration::from_secs(10));
    assert_fails(
        "fifo",
        &got,
        2,
        &error(
            "$GITHUB_ENV names a directory, named pipe or device, not a regular file",
            ELSEWHERE,
        ),
    );
}
