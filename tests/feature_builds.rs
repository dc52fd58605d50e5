//! The two builds with fewer features than the default one (README,
//! Install and Packaging): `--no-default-features` (no SMTP client, no
//! rotate) and `--no-default-features --features check` (no rotate). Each
//! still derives, and answers a command it was built without by naming the
//! feature that has it, with the usage exit code and nothing on stdout.
//! A case file runs the default build only, so this test builds the other
//! two itself, each in a folder of its own under the target folder.

// Tests: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

mod common;

use common::{KEY, Outcome, US_EAST_1, assert_fails, assert_ok, error};
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// Builds the binary with `features` (after `--no-default-features`) into
/// `target/feature-builds/NAME` and returns its path.
fn build(name: &str, features: &[&str]) -> PathBuf {
    let dir = common::target_dir().join("feature-builds").join(name);
    let out = Command::new(env!("CARGO"))
        .args(["build", "--locked", "--quiet", "--bin", "ses-smtp-password"])
        .arg("--no-default-features")
        .args(features)
        .arg("--target-dir")
        .arg(&dir)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run cargo build");
    assert!(
        out.status.success(),
        "cargo build --no-default-features {features:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    dir.join("debug").join("ses-smtp-password")
}

/// Runs `bin` with `args`, `stdin` on a pipe and no environment but PATH.
fn run(bin: &PathBuf, args: &[&str], stdin: &str) -> Outcome {
    let mut child = Command::new(bin)
        .args(args)
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("AWS_CONFIG_FILE", common::NO_CONFIG)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run the binary");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    Outcome::of(child.wait_with_output().unwrap())
}

/// The refusal of a command this build does not have.
fn missing(command: &str, feature: &str) -> String {
    error(
        &format!("this build of ses-smtp-password has no {command} command"),
        &format!(
            "install a build with the {feature} feature (a default one): cargo install ses-smtp-password"
        ),
    )
}

/// Each command the build lacks, with the arguments a user would give it
/// (and `--help`, which such a command does not answer either).
fn assert_refuses(bin: &PathBuf, command: &str, args: &[&str], feature: &str) {
    for help in [false, true] {
        let mut argv = vec![command];
        argv.extend_from_slice(if help { &["--help"] } else { args });
        let got = run(bin, &argv, "");
        assert_fails(&argv.join(" "), &got, 2, &missing(command, feature));
    }
}

#[test]
fn without_default_features_derives_and_names_the_missing_commands() {
    let bin = build("none", &[]);
    let got = run(&bin, &["--region", "us-east-1"], &format!("{KEY}\n"));
    assert_ok("derive", &got, &format!("{US_EAST_1}\n"), "");
    assert_refuses(
        &bin,
        "check",
        &["-r", "us-east-1", "--user", "AKIAIOSFODNN7EXAMPLE"],
        "check",
    );
    assert_refuses(&bin, "probe", &["-r", "us-east-1"], "check");
    assert_refuses(
        &bin,
        "rotate",
        &["--user", "smtp", "-r", "eu-west-1"],
        "rotate",
    );
}

#[test]
fn with_check_but_not_rotate_checks_and_names_rotate_as_missing() {
    let bin = build("check", &["--features", "check"]);
    let got = run(&bin, &["--region", "us-east-1"], &format!("{KEY}\n"));
    assert_ok("derive", &got, &format!("{US_EAST_1}\n"), "");
    // check and probe are this build's own: their help is the default
    // build's, word for word.
    for (command, first) in [
        ("check", "Log in to the SES SMTP endpoint"),
        ("probe", "Find which SES SMTP ports"),
    ] {
        let got = run(&bin, &[command, "--help"], "");
        let default = common::run(&[command, "--help"], None, &[]);
        assert!(default.stdout.starts_with(first), "{}", default.stdout);
        assert_ok(&format!("{command} --help"), &got, &default.stdout, "");
    }
    assert_refuses(
        &bin,
        "rotate",
        &["--user", "smtp", "-r", "eu-west-1"],
        "rotate",
    );
}
