//! The default command end to end: every secret source, the derivation
//! schemes, and every input-hygiene error with its exact message and exit code.
// Tests: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

mod common;

use std::io::Write;
use std::os::unix::fs::PermissionsExt;

use common::*;

const WAYS: &str = "pipe the key on standard input, or use --env [VAR], --prompt, --secret-file PATH, --csv PATH or --profile NAME";

/// A named case: arguments, stdin, extra environment.
type Case<'a> = (
    &'a str,
    Vec<&'a str>,
    Option<&'a [u8]>,
    Vec<(&'a str, &'a str)>,
);

fn key_file(contents: &[u8], mode: u32) -> tempfile::NamedTempFile {
    let mut f = tempfile::NamedTempFile::new().unwrap();
    f.write_all(contents).unwrap();
    std::fs::set_permissions(f.path(), std::fs::Permissions::from_mode(mode)).unwrap();
    f
}

#[test]
fn every_source_derives_the_same_password() {
    let line = format!("{KEY}\n");
    let file = key_file(line.as_bytes(), 0o600);
    let path = file.path().to_str().unwrap();
    let cases: [Case; 6] = [
        (
            "piped stdin",
            vec!["-r", "us-east-1"],
            Some(line.as_bytes()),
            vec![],
        ),
        (
            "--stdin",
            vec!["--stdin", "-r", "us-east-1"],
            Some(line.as_bytes()),
            vec![],
        ),
        (
            "--env default",
            vec!["--env", "-r", "us-east-1"],
            None,
            vec![("AWS_SECRET_ACCESS_KEY", KEY)],
        ),
        (
            "--env VAR",
            vec!["--env", "MY_SES_KEY", "-r", "us-east-1"],
            None,
            vec![("MY_SES_KEY", KEY)],
        ),
        (
            "--env=VAR",
            vec!["--env=MY_SES_KEY", "--region=us-east-1"],
            None,
            vec![("MY_SES_KEY", KEY)],
        ),
        (
            "--secret-file",
            vec!["--secret-file", path, "-r", "us-east-1"],
            None,
            vec![],
        ),
    ];
    for (name, args, stdin, env) in cases {
        let got = run(&args, stdin, &env);
        assert_ok(name, &got, &format!("{US_EAST_1}\n"), "");
    }
}

/// The input rules a case file cannot carry (bytes that are not UTF-8, and
/// 64 KiB of them); the others are `tests/cmd/error-secret-*.toml`.
#[test]
fn input_hygiene_errors() {
    let big = vec![b'A'; 64 * 1024 + 1];
    let too_long = || {
        error(
            "standard input: the input is longer than 65536 bytes; a secret access key is 40 characters",
            "pass only the 40-character secret access key",
        )
    };
    // JSON past the limit: the size rule comes before the JSON's syntax
    // (it said "not valid JSON at column 65537").
    let mut json = b"{\"AccessKey\": \"".to_vec();
    json.resize(64 * 1024 + 10, b'x');
    // UTF-16 past the limit: the size rule comes before decoding (the
    // truncated input said "not valid UTF-8 at position 65537").
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(std::iter::repeat_n([b'A', 0], 40_000).flatten());
    let cases: Vec<(&str, Vec<u8>, String)> = vec![
        ("JSON over 64 KiB", json, too_long()),
        ("UTF-16 over 64 KiB", utf16, too_long()),
        (
            "not utf-8",
            b"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLE\xffEY".to_vec(),
            error(
                "standard input: the input is not valid UTF-8 text (invalid byte at position 38)",
                "a secret access key is plain ASCII; check the file's encoding",
            ),
        ),
        (
            "over 64 KiB",
            big,
            error(
                "standard input: the input is longer than 65536 bytes; a secret access key is 40 characters",
                "pass only the 40-character secret access key",
            ),
        ),
    ];
    for (name, input, stderr) in cases {
        assert_fails(
            name,
            &run(&["-r", "us-east-1"], Some(&input), &[]),
            2,
            &stderr,
        );
    }
}

#[test]
fn source_errors() {
    // Errors of --env are case files (tests/cmd/error-env-*.toml); these
    // need files made here.
    let dir = tempdir().unwrap();
    let missing = dir.path().join("missing");
    let missing = missing.to_str().unwrap();
    let d = dir.path().to_str().unwrap();
    assert_fails(
        "missing file",
        &run(&["--secret-file", missing, "-r", "us-east-1"], None, &[]),
        1,
        &error(
            &format!("{missing}: no such file"),
            "check the path given to --secret-file",
        ),
    );
    assert_fails(
        "directory",
        &run(&["--secret-file", d, "-r", "us-east-1"], None, &[]),
        1,
        &error(
            &format!("{d}: is a directory, not a file"),
            "check the path given to --secret-file",
        ),
    );
    assert_fails(
        "secret given as the path",
        &run(&["--secret-file", KEY, "-r", "us-east-1"], None, &[]),
        1,
        &error(
            "(a value that looks like a secret; not shown): no such file",
            "check the path given to --secret-file",
        ),
    );
    let empty = key_file(b"", 0o600);
    let e = empty.path().to_str().unwrap();
    assert_fails(
        "empty file",
        &run(&["--secret-file", e, "-r", "us-east-1"], None, &[]),
        2,
        &error(
            &format!("{e}: no secret access key was given (the input is empty)"),
            WAYS,
        ),
    );
}

#[test]
fn secret_file_readable_by_others_warns() {
    let f = key_file(format!("{KEY}\n").as_bytes(), 0o644);
    let p = f.path().to_str().unwrap();
    assert_ok(
        "0644",
        &run(&["--secret-file", p, "-r", "us-east-1"], None, &[]),
        &format!("{US_EAST_1}\n"),
        &format!("warning: {p} can be read by group or others; restrict it with: chmod 600 {p}\n"),
    );
    assert_ok(
        "0644 quiet",
        &run(&["-q", "--secret-file", p, "-r", "us-east-1"], None, &[]),
        &format!("{US_EAST_1}\n"),
        "",
    );
}

#[test]
fn secret_file_fifo() {
    common::tools::need(&["mkfifo"]);
    let dir = tempdir().unwrap();
    let fifo = dir.path().join("key.fifo");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(status.success());
    let p = fifo.to_str().unwrap().to_owned();
    // A writer that connects after we open the pipe.
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(300));
            std::fs::write(fifo, format!("{KEY}\n")).unwrap();
        })
    };
    assert_ok(
        "fifo with writer",
        &run(&["--secret-file", &p, "-r", "us-east-1"], None, &[]),
        &format!("{US_EAST_1}\n"),
        "",
    );
    writer.join().unwrap();
    let start = std::time::Instant::now();
    assert_fails(
        "fifo without writer",
        &run(&["--secret-file", &p, "-r", "us-east-1"], None, &[]),
        1,
        &error(
            &format!("{p}: a named pipe that nothing is writing to"),
            "start the program that writes the key (it has 3 seconds to connect), or use --secret-file <(command)",
        ),
    );
    assert!(start.elapsed().as_secs() < 10, "must not hang");
}

#[test]
fn no_terminal_fails_fast() {
    common::tools::need(&["setsid"]);
    // setsid detaches from any controlling terminal, as under CI or cron.
    let bin = assert_cmd::cargo::cargo_bin!("ses-smtp-password");
    let start = std::time::Instant::now();
    let out = std::process::Command::new("setsid")
        .arg("-w")
        .arg(bin)
        .args(["--prompt", "-r", "us-east-1"])
        .stdin(std::process::Stdio::null())
        .output()
        .expect("setsid (util-linux) runs");
    assert!(
        start.elapsed().as_secs_f64() < 1.0,
        "took {:?}",
        start.elapsed()
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(out.stdout, b"");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        // The hint never suggests --prompt: it is what just failed.
        error(
            "there is no terminal to prompt on for the secret access key",
            "pipe the key on standard input, or use --env [VAR], --secret-file PATH, --csv PATH or --profile NAME"
        )
    );
    // Automatic source with empty stdin and no terminal: also immediate.
    let start = std::time::Instant::now();
    let out = std::process::Command::new("setsid")
        .arg("-w")
        .arg(bin)
        .args(["-r", "us-east-1"])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(start.elapsed().as_secs_f64() < 1.0);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        error(
            "standard input: no secret access key was given (the input is empty)",
            WAYS
        )
    );
}
