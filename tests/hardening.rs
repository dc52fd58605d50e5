//! Bounded resources and closed pipes: oversized and endless inputs are
//! refused quickly with flat memory, odd files give clear errors without
//! hanging, and a closed stdout ends the run quietly.

// Tests: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

mod common;

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

fn bin() -> &'static std::path::Path {
    assert_cmd::cargo::cargo_bin!("ses-smtp-password")
}

/// Runs `sh -c script` under GNU time; returns (exit code, stderr without
/// the last line, peak RSS in KiB of the timed command).
fn peak_rss(script: &str) -> (i32, String, u64) {
    common::tools::need(&["/usr/bin/time"]);
    let out = Command::new("/usr/bin/time")
        .args(["-f", "%M", "sh", "-c", script])
        .env("BIN", bin())
        .output()
        .expect("GNU time (.ci/run installs it)");
    let stderr = String::from_utf8(out.stderr).unwrap();
    let mut lines: Vec<&str> = stderr
        .lines()
        .filter(|l| !l.starts_with("Command exited with"))
        .collect();
    let peak = lines.pop().unwrap().trim().parse().unwrap();
    (out.status.code().unwrap_or(-1), lines.join("\n"), peak)
}

#[test]
fn fifty_megabytes_on_stdin_is_refused_with_flat_memory() {
    let start = Instant::now();
    // wait4 reports the peak of the shell and every process it waited for,
    // the binary among them.
    let (code, stderr, big) =
        peak_rss(r#"head -c 50000000 /dev/zero | tr '\0' A | "$BIN" -r us-east-1"#);
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "took {:?}",
        start.elapsed()
    );
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        error("standard input: the input is longer than 65536 bytes; a secret access key is 40 characters", "pass only the 40-character secret access key").trim_end()
    );
    let (code, _, normal) = peak_rss(&format!(r#"echo '{KEY}' | "$BIN" -r us-east-1 >/dev/null"#));
    assert_eq!(code, 0);
    // The peak is that of `sh`, `head`, `tr` or the binary, whichever is
    // largest: 50 MB buffered by the binary would show.
    assert!(
        big < normal + 2048,
        "50 MB input: {big} KiB peak, a normal run {normal} KiB"
    );
    assert!(big < 32 * 1024, "{big} KiB");
}

#[test]
fn endless_and_odd_files_fail_fast() {
    let zero_hint = "pass only the 40-character secret access key";
    let start = Instant::now();
    assert_fails(
        "/dev/zero",
        &run(
            &["--secret-file", "/dev/zero", "-r", "us-east-1"],
            None,
            &[],
        ),
        2,
        &error(
            "/dev/zero: the input is longer than 65536 bytes; a secret access key is 40 characters",
            zero_hint,
        ),
    );
    assert_fails(
        "/dev/zero as csv",
        &run(&["--csv", "/dev/zero", "-r", "us-east-1"], None, &[]),
        // Too much input is invalid input, whichever option read it.
        2,
        &error(
            "/dev/zero: larger than 64 KiB, the most read for --csv",
            "check that --csv names the right file",
        ),
    );
    assert_fails(
        "/dev/null",
        &run(
            &["--secret-file", "/dev/null", "-r", "us-east-1"],
            None,
            &[],
        ),
        2,
        &error(
            "/dev/null: no secret access key was given (the input is empty)",
            "pipe the key on standard input, or use --env [VAR], --prompt, --secret-file PATH, --csv PATH or --profile NAME",
        ),
    );
    assert!(start.elapsed() < Duration::from_secs(5));
}

#[test]
fn unreadable_file() {
    common::tools::need(&["setpriv"]);
    // Root reads any file, so the run is as an unprivileged user.
    let dir = tempdir().unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let f = dir.path().join("key");
    std::fs::write(&f, KEY).unwrap();
    std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o600)).unwrap();
    let p = f.to_str().unwrap();
    let mut cmd = if rustix::process::getuid().is_root() {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(bin());
        c
    } else {
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o000)).unwrap();
        Command::new(bin())
    };
    let out = cmd
        .args(["--secret-file", p, "-r", "us-east-1"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(out.stdout, b"");
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        error(
            &format!("{p}: permission denied"),
            "run as a user who can read the file, or check its permissions"
        )
    );
}

#[test]
fn closed_stdout_pipe_is_quiet() {
    // The reader is gone before the output is written: EPIPE, not an error.
    let mut child = Command::new(bin())
        .args(["-r", "all"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    child
        .stdin
        .take()
        .unwrap()
        .write_all(KEY.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn help_and_version_into_a_closed_pipe_exit_0() {
    // `--help | true`: the reader may be gone before the help is written.
    // Here it always is: the pipe's read end is closed before the start.
    for args in [
        &["--help"][..],
        &["-V"],
        &["help", "check"],
        &["identify", "-h"],
    ] {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = Command::new(bin())
            .args(args)
            .stdin(Stdio::null())
            .stdout(writer)
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{args:?}");
    }
}

#[test]
fn head_takes_the_first_line() {
    let out = sh(&format!(r#"echo '{KEY}' | "$BIN" --region all | head -1"#));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        format!("us-east-1\t{US_EAST_1}\n")
    );
    assert_eq!(String::from_utf8(out.stderr).unwrap(), "");
}

#[test]
fn closed_stderr_does_not_panic() {
    // A warning with stderr closed: eprintln! would panic; the password still comes.
    let out = sh(&format!(
        r#"echo ' {KEY}' | "$BIN" --region us-east-1 2>&-"#
    ));
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        format!("{US_EAST_1}\n")
    );
}

#[test]
fn closed_stdout_descriptor_is_quiet() {
    // No stdout at all (`>&-`): Rust's standard library discards writes to a
    // closed descriptor, and a closed stdout is no error message.
    let out = sh(&format!(r#"echo '{KEY}' | "$BIN" --region us-east-1 >&-"#));
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8(out.stderr).unwrap(), "");
}

#[test]
fn failed_write_is_an_error() {
    // A full disk is a real failure: the password did not get written.
    let out = sh(&format!(
        r#"echo '{KEY}' | "$BIN" --region us-east-1 > /dev/full"#
    ));
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        error(
            "could not write the output: no storage space",
            "check where standard output goes (disk full?)"
        )
    );
}

/// A UTF-16 `--batch` input (as PowerShell 5.1's `>` writes it) peaks well
/// under twice its size (the bound is 1.5 times), from a file or a pipe:
/// a pipe is read in chunks joined once, keys (ASCII) are decoded in place
/// (issue 18; 1 GiB once peaked at 2.6 GB, and a pipe at 2.2 times).
#[test]
fn a_utf16_batch_peaks_under_twice_its_size() {
    use std::io::Write as _;
    let dir = common::tempdir().unwrap();
    let path = dir.path().join("keys.txt");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    file.write_all(&[0xFF, 0xFE]).unwrap();
    let line: Vec<u8> = format!("{KEY}\r\n")
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let lines = 200_000;
    for _ in 0..lines {
        file.write_all(&line).unwrap();
    }
    drop(file);
    let size_kib = (2 + line.len() as u64 * lines) / 1024;
    let p = path.display();
    let (_, _, baseline) = peak_rss(&format!(r#"echo '{KEY}' | "$BIN" --v2 -q >/dev/null"#));
    for script in [
        format!(r#""$BIN" --batch --v2 -q < '{p}' >/dev/null"#),
        format!(r#"cat '{p}' | "$BIN" --batch --v2 -q >/dev/null"#),
    ] {
        let (code, stderr, peak) = peak_rss(&script);
        assert_eq!(code, 0, "{stderr}");
        assert!(
            peak < baseline + size_kib * 3 / 2,
            "{script}: {peak} KiB for {size_kib} KiB of input (baseline {baseline} KiB)"
        );
    }
}
