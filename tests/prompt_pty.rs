//! The hidden prompt, driven in a real pseudo-terminal: no echo, the prompt
//! goes to the terminal (never stdout), Ctrl-C leaves echo restored, and the
//! process is hardened while it waits.
// Tests: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

mod common;

use std::process::Command;
use std::time::Duration;

use common::{KEY, US_EAST_1, tempdir};
use expectrl::process::unix::WaitStatus;
use expectrl::session::OsSession as Session;
use expectrl::{ControlCode, Eof, Expect};

const PROMPT: &str = "AWS secret access key (input hidden): ";

fn bin() -> &'static std::path::Path {
    assert_cmd::cargo::cargo_bin!("ses-smtp-password")
}

/// ptyprocess turns echo off before it execs the child; a user's terminal has
/// it on, and without it "the key is not echoed" could not fail. `stty echo`
/// first, then exec the program (keeping the pid).
fn with_echo(program: Command) -> Session {
    common::tools::need(&["stty"]);
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(r#"stty echo && exec "$0" "$@""#)
        .arg(program.get_program());
    cmd.args(program.get_args());
    let mut session = Session::spawn(cmd).expect("spawn in a pty");
    session.set_expect_timeout(Some(Duration::from_secs(10)));
    session
}

fn spawn(args: &[&str]) -> Session {
    let mut cmd = Command::new(bin());
    cmd.args(args);
    with_echo(cmd)
}

/// Waits until the terminal's echo flag is `on` (rpassword prints the prompt
/// first and then switches echo off), or 5 seconds pass.
fn echo_becomes(s: &Session, on: bool) -> bool {
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while std::time::Instant::now() < deadline {
        if s.get_process().get_echo().unwrap() == on {
            return true;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    false
}

/// Reads the pty until the process closes it, returning everything after
/// `prompt` was seen.
fn finish(session: &mut Session) -> String {
    let rest = session.expect(Eof).expect("output until exit");
    let mut text = rest.before().to_vec();
    text.extend(rest.matches().flatten());
    String::from_utf8_lossy(&text).into_owned()
}

#[test]
fn typed_key_is_hidden_and_password_printed() {
    for args in [
        &["--prompt", "-r", "us-east-1"][..],
        &["-r", "us-east-1"][..],
        // --stdin on a terminal: the hidden prompt too (it was read with
        // echo on, the key shown as typed).
        &["--stdin", "-r", "us-east-1"][..],
    ] {
        let mut s = spawn(args);
        s.expect(PROMPT).expect("prompt shown");
        // The echo was on before the program started (see `with_echo`).
        assert!(
            echo_becomes(&s, false),
            "{args:?}: echo is off while typing"
        );
        s.send_line(KEY).unwrap();
        let output = finish(&mut s);
        assert!(
            !output.contains(KEY),
            "{args:?}: the key was echoed: {output:?}"
        );
        assert!(
            !output.contains("wJalr"),
            "{args:?}: part of the key was echoed"
        );
        assert_eq!(output.trim(), US_EAST_1, "{args:?}");
        assert_eq!(
            s.get_process().wait().unwrap(),
            WaitStatus::Exited(s.get_process().pid(), 0)
        );
    }
}

#[test]
fn bad_key_at_prompt_is_not_echoed_in_the_error() {
    let mut s = spawn(&["--prompt", "-r", "us-east-1"]);
    s.expect(PROMPT).unwrap();
    assert!(echo_becomes(&s, false));
    s.send_line("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKE-")
        .unwrap();
    let output = finish(&mut s);
    assert_eq!(
        output.trim().replace("\r\n", "\n"),
        "error: the prompt: the secret access key has a character outside A-Z a-z 0-9 + / at position 40\nhint: check for a copy-paste error (--no-key-check allows any test string)"
    );
    assert_eq!(
        s.get_process().wait().unwrap(),
        WaitStatus::Exited(s.get_process().pid(), 2)
    );
}

#[test]
fn prompt_goes_to_the_terminal_not_stdout() {
    let dir = tempdir().unwrap();
    let out = dir.path().join("stdout");
    let mut cmd = Command::new("sh");
    cmd.arg("-c").arg(format!(
        "'{}' --prompt -r us-east-1 > '{}'",
        bin().display(),
        out.display()
    ));
    let mut s = with_echo(cmd);
    s.expect(PROMPT).unwrap();
    assert!(echo_becomes(&s, false));
    s.send_line(KEY).unwrap();
    finish(&mut s);
    assert_eq!(
        std::fs::read_to_string(out).unwrap(),
        format!("{US_EAST_1}\n")
    );
}

#[test]
fn ctrl_c_restores_echo() {
    let mut s = spawn(&["--prompt", "-r", "us-east-1"]);
    s.expect(PROMPT).unwrap();
    assert!(echo_becomes(&s, false), "echo is off at the prompt");
    s.send("wJalr").unwrap();
    s.send(ControlCode::EndOfText).unwrap();
    let output = finish(&mut s);
    assert_eq!(
        s.get_process().wait().unwrap(),
        WaitStatus::Exited(s.get_process().pid(), 130)
    );
    assert!(
        s.get_process().get_echo().unwrap(),
        "echo must be back on after Ctrl-C"
    );
    assert!(!output.contains("wJalr"), "{output:?}");
    assert!(
        output.contains("error: interrupted at the prompt; nothing was derived"),
        "{output:?}"
    );
}

/// Owner uid of `/proc/PID/status`. proc(5): when a process is not dumpable,
/// the files under `/proc/PID` are owned by root instead of the process's uid.
fn proc_owner(pid: impl std::fmt::Display) -> String {
    let out = Command::new("stat")
        .arg("-c")
        .arg("%u")
        .arg(format!("/proc/{pid}/status"))
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// As root every /proc file is root's anyway, so run as an unprivileged user.
fn unprivileged(program: &std::path::Path) -> (Command, String) {
    common::tools::need(&["setpriv"]);
    if rustix::process::getuid().is_root() {
        let mut cmd = Command::new("setpriv");
        cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(program);
        (cmd, "65534".to_owned())
    } else {
        (
            Command::new(program),
            rustix::process::getuid().as_raw().to_string(),
        )
    }
}

#[test]
fn process_is_hardened_while_the_prompt_waits() {
    // Control: an ordinary process of that user owns its /proc files, so the
    // check below can tell the two states apart.
    let (mut control, uid) = unprivileged(std::path::Path::new("/bin/sleep"));
    let mut control = control.arg("5").spawn().unwrap();
    // setpriv drops privileges and then execs: wait until it has.
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while proc_owner(control.id()) != uid && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(proc_owner(control.id()), uid, "control process");
    control.kill().unwrap();
    control.wait().unwrap();

    let (mut cmd, _) = unprivileged(bin());
    cmd.args(["--prompt", "-r", "us-east-1"]);
    let mut s = with_echo(cmd);
    s.expect(PROMPT).unwrap();
    let pid = s.get_process().pid();
    let limits = std::fs::read_to_string(format!("/proc/{pid}/limits")).unwrap();
    let core = limits
        .lines()
        .find(|l| l.starts_with("Max core file size"))
        .unwrap();
    let fields: Vec<&str> = core.split_whitespace().collect();
    assert_eq!(
        &fields[4..6],
        ["0", "0"],
        "soft and hard core limits: {core}"
    );
    assert_eq!(
        proc_owner(pid),
        "0",
        "non-dumpable: /proc/{pid} owned by root"
    );
    assert!(echo_becomes(&s, false));
    s.send_line(KEY).unwrap();
    assert_eq!(finish(&mut s).trim(), US_EAST_1);
}

#[test]
fn explain_refuses_a_terminal() {
    // A pasted log may hold a password: explain never reads one off a
    // terminal, where the paste would be echoed.
    let mut s = spawn(&["explain"]);
    let output = finish(&mut s);
    assert_eq!(
        output.trim().replace("\r\n", "\n"),
        "error: explain reads a log from standard input, which is a terminal\nhint: pipe the lines in: journalctl -u postfix | ses-smtp-password explain, or ses-smtp-password explain < error.txt"
    );
    assert_eq!(
        s.get_process().wait().unwrap(),
        WaitStatus::Exited(s.get_process().pid(), 2)
    );
}

#[test]
fn batch_refuses_a_terminal() {
    let mut s = spawn(&["--batch", "-r", "us-east-1"]);
    let output = finish(&mut s);
    assert_eq!(
        output.trim().replace("\r\n", "\n"),
        "error: --batch reads standard input, which is a terminal\nhint: pipe the keys in, one per line, or use --secret-file PATH or --csv PATH"
    );
    assert_eq!(
        s.get_process().wait().unwrap(),
        WaitStatus::Exited(s.get_process().pid(), 2)
    );
}

#[test]
fn identify_prompts_for_the_password() {
    let mut s = spawn(&["identify", "--prompt"]);
    s.expect("SES SMTP password (input hidden): ").unwrap();
    assert!(echo_becomes(&s, false), "echo is off while typing");
    s.send_line(US_EAST_1).unwrap();
    let output = finish(&mut s);
    assert!(
        !output.contains(US_EAST_1),
        "the password was echoed: {output:?}"
    );
    assert_eq!(
        output.trim(),
        "SigV4 SES SMTP password (valid in one region only; give the key to find which)"
    );
    assert_eq!(
        s.get_process().wait().unwrap(),
        WaitStatus::Exited(s.get_process().pid(), 0)
    );
}

/// `identify` and `check --password-stdin` with a terminal for standard
/// input: the same hidden prompt, never an echoed password.
#[test]
fn a_terminal_stdin_gets_the_hidden_prompt() {
    let cases: [(&[&str], &str, &str, i32); 3] = [
        (
            &["identify"],
            US_EAST_1,
            "SigV4 SES SMTP password (valid in one region only; give the key to find which)",
            0,
        ),
        // Refused before any connection: a raw key is never sent.
        (
            &[
                "check",
                "-r",
                "us-east-1",
                "--password-stdin",
                "--access-key-id",
                "AKIAIOSFODNN7EXAMPLE",
            ],
            KEY,
            "error: standard input: this is a raw secret access key, not an SMTP password; it was not sent to the server",
            2,
        ),
        (
            &["identify"],
            KEY,
            "error: this is a raw secret access key",
            1,
        ),
    ];
    for (args, typed, first_line, code) in cases {
        let mut s = spawn(args);
        s.expect("SES SMTP password (input hidden): ").unwrap();
        assert!(
            echo_becomes(&s, false),
            "{args:?}: echo is off while typing"
        );
        s.send_line(typed).unwrap();
        let output = finish(&mut s);
        assert!(
            !output.contains(&typed[..8]),
            "{args:?}: echoed: {output:?}"
        );
        let first = output.trim_start().lines().next().unwrap_or_default();
        assert!(first.starts_with(first_line), "{args:?}: {output:?}");
        assert_eq!(
            s.get_process().wait().unwrap(),
            WaitStatus::Exited(s.get_process().pid(), code),
            "{args:?}"
        );
    }
}

#[test]
fn csv_from_a_terminal_is_refused() {
    let mut s = spawn(&["--csv", "-", "-r", "us-east-1"]);
    let output = finish(&mut s);
    assert_eq!(
        output.trim().replace("\r\n", "\n"),
        "error: --csv - reads standard input, which is a terminal\nhint: give the file's path: --csv accessKeys.csv, or pipe it in: --csv - < accessKeys.csv"
    );
    assert_eq!(
        s.get_process().wait().unwrap(),
        WaitStatus::Exited(s.get_process().pid(), 2)
    );
}

/// `--secret-file /dev/tty` would read the key with echo on: refused, and
/// pointed at --prompt, before anything is read.
#[test]
fn a_terminal_as_secret_file_is_refused() {
    let mut s = spawn(&["--secret-file", "/dev/tty", "-r", "us-east-1"]);
    let output = finish(&mut s);
    assert_eq!(
        output.trim().replace("\r\n", "\n"),
        "error: /dev/tty: a terminal, where the key would be shown as it is typed\nhint: use --prompt, which reads the terminal without echo"
    );
    assert_eq!(
        s.get_process().wait().unwrap(),
        WaitStatus::Exited(s.get_process().pid(), 2)
    );
}

/// Ctrl-D at the prompt: the error starts on a line of its own.
#[test]
fn ctrl_d_ends_the_prompt_line() {
    let mut s = spawn(&["--prompt", "-r", "us-east-1"]);
    s.expect(PROMPT).unwrap();
    assert!(echo_becomes(&s, false));
    s.send(ControlCode::EndOfTransmission).unwrap();
    let output = finish(&mut s);
    assert!(
        output.starts_with("\r\nerror: the prompt: no secret access key was given"),
        "{output:?}"
    );
    // The hint is for the prompt, not the list of sources.
    assert!(
        output.contains(
            "hint: type or paste the 40-character secret access key at the prompt, then press Enter"
        ),
        "{output:?}"
    );
    assert_eq!(
        s.get_process().wait().unwrap(),
        WaitStatus::Exited(s.get_process().pid(), 2)
    );
}

/// `check` over several regions shows its progress on a terminal's stderr.
#[test]
fn check_over_regions_shows_progress_on_a_terminal() {
    let mut cmd = Command::new(bin());
    cmd.args([
        "check",
        "--env",
        "-r",
        "us-east-1,eu-west-1",
        "--endpoint",
        "127.0.0.1:1",
        "--tls",
        "starttls",
        "--access-key-id",
        "AKIAIOSFODNN7EXAMPLE",
    ])
    .env("AWS_SECRET_ACCESS_KEY", KEY);
    let mut s = Session::spawn(cmd).expect("spawn in a pty");
    s.set_expect_timeout(Some(Duration::from_secs(10)));
    s.expect("checking us-east-1 (1 of 2)").unwrap();
    s.expect("checking eu-west-1 (2 of 2)").unwrap();
    let rest = finish(&mut s);
    assert!(rest.contains("error: 2 of 2 regions failed:"), "{rest:?}");
}
