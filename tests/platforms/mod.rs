//! The behaviour suite for a binary of another platform, run here under
//! what runs it (wine for Windows, qemu-user for arm64 Linux): each result
//! is compared, byte for byte, with the x86-64 binary's for the same input
//! and the same environment; that binary's own behaviour is what the case
//! files and the other tests pin down. Plus the published vectors against
//! their published values, and `check` against the test SMTP server.
#![allow(dead_code)]

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::common::{KEY, KEY_ID, Outcome, US_EAST_1, tempdir};

/// A binary of another platform and how to run it.
pub struct Foreign {
    /// The program that runs it (wine, qemu-aarch64-static), then the binary.
    pub argv: Vec<OsString>,
    /// A host path as that platform's binary is given it.
    pub path: fn(&Path) -> String,
    /// What the runner itself needs in the environment.
    pub env: Vec<(String, String)>,
}

/// The environment both binaries get: nothing of the developer's, no AWS
/// configuration; then the test's own variables.
fn clean(cmd: &mut Command, env: &[(&str, &str)]) {
    cmd.env_clear()
        .env("AWS_CONFIG_FILE", crate::common::NO_CONFIG)
        .env("AWS_SHARED_CREDENTIALS_FILE", crate::common::NO_CONFIG);
    for (k, v) in env {
        cmd.env(k, v);
    }
}

/// Runs `cmd` with `stdin`, within 60 s (wine's first start is slow).
fn outcome(cmd: &mut Command, stdin: &[u8]) -> Outcome {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    let mut input = child.stdin.take().expect("a piped stdin");
    let stdin = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = std::io::Write::write_all(&mut input, &stdin);
    });
    let out = child.wait_with_output().expect("wait for the binary");
    writer.join().expect("the stdin writer");
    Outcome::of(out)
}

impl Foreign {
    /// The foreign binary with `args`, in the clean environment with `env`
    /// and what the runner needs; its stdio is the caller's to set.
    pub fn command(&self, args: &[&str], env: &[(&str, &str)]) -> Command {
        let mut cmd = Command::new(&self.argv[0]);
        cmd.args(&self.argv[1..]).args(args);
        clean(&mut cmd, env);
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        cmd
    }

    /// Runs the foreign binary. Once more when the runner itself failed
    /// to start it: exit 1 with nothing on stdout or stderr is a result the
    /// binary never gives (every failure says `error:`), and wine gave it
    /// once in CI for a run that passes here every time (see README:
    /// Platforms); a second such result is returned, and fails the test.
    pub fn run(&self, args: &[&str], stdin: &[u8], env: &[(&str, &str)]) -> Outcome {
        let got = outcome(&mut self.command(args, env), stdin);
        if got.code == 1 && got.stdout.is_empty() && got.stderr.is_empty() {
            eprintln!(
                "{:?} {args:?}: exit 1 and no output; run again",
                self.argv[0]
            );
            return outcome(&mut self.command(args, env), stdin);
        }
        got
    }

    /// Runs both binaries; asserts the same exit code, stdout and stderr
    /// (after `host`'s paths are written as the foreign binary shows them).
    pub fn same(&self, name: &str, args: &[&str], stdin: &[u8], env: &[(&str, &str)]) -> Outcome {
        let native = native(args, stdin, env);
        let foreign_args: Vec<String> = args.iter().map(|a| self.translated(a)).collect();
        let foreign_args: Vec<&str> = foreign_args.iter().map(String::as_str).collect();
        let foreign_env: Vec<(&str, String)> =
            env.iter().map(|(k, v)| (*k, self.translated(v))).collect();
        let foreign_env: Vec<(&str, &str)> =
            foreign_env.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let got = self.run(&foreign_args, stdin, &foreign_env);
        let mut expected = native.clone();
        for arg in args.iter().chain(env.iter().map(|(_, v)| v)) {
            if arg.starts_with('/') {
                let shown = self.translated(arg);
                expected.stderr = expected.stderr.replace(arg, &shown);
            }
        }
        assert_eq!(
            (got.code, &got.stdout, &got.stderr),
            (expected.code, &expected.stdout, &expected.stderr),
            "{name}: {args:?} differs from the x86-64 binary's"
        );
        got
    }

    /// An absolute host path as the foreign binary is given it; anything
    /// else as it is.
    fn translated(&self, arg: &str) -> String {
        if arg.starts_with('/') {
            (self.path)(Path::new(arg))
        } else {
            arg.to_owned()
        }
    }
}

/// Runs the x86-64 binary the case files test.
pub fn native(args: &[&str], stdin: &[u8], env: &[(&str, &str)]) -> Outcome {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin!("ses-smtp-password"));
    cmd.args(args);
    clean(&mut cmd, env);
    outcome(&mut cmd, stdin)
}

/// Every published vector gives its published password.
pub fn published_vectors(f: &Foreign) {
    let text = include_str!("../data/published.tsv");
    let mut count = 0;
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("secret\t") && !l.is_empty())
    {
        let cols: Vec<&str> = line.split('\t').collect();
        let args: Vec<&str> = if cols[1] == "-" {
            vec!["--v2"]
        } else {
            vec!["-r", cols[1]]
        };
        // --no-key-check: some published secrets are not 40 characters.
        let mut args = args;
        args.push("--no-key-check");
        let got = f.run(&args, format!("{}\n", cols[0]).as_bytes(), &[]);
        assert_eq!(
            (got.code, got.stdout.as_str(), got.stderr.as_str()),
            (0, format!("{}\n", cols[2]).as_str(), ""),
            "published vector {line:?}"
        );
        count += 1;
    }
    assert_eq!(count, 16, "the published file has 16 vectors");
}

/// The values `--help` lists for `option` (`--format`, `--app`), from the
/// x86-64 binary: every form it has, none forgotten here.
fn possible_values(option: &str) -> Vec<String> {
    let help = native(&["--help"], b"", &[]).stdout;
    let mut lines = help
        .lines()
        .skip_while(|l| !l.trim_start().contains(&format!("{option} <")));
    lines.next();
    lines
        .skip_while(|l| !l.contains("Possible values:"))
        .skip(1)
        .take_while(|l| !l.trim_start().starts_with("--") && !l.trim_start().starts_with("-f,"))
        .filter_map(|l| l.trim_start().strip_prefix("- "))
        .filter_map(|l| l.split(':').next())
        .map(str::to_owned)
        .collect()
}

/// What `aws iam create-access-key` prints: the key and its ID.
pub fn create_access_key_json() -> String {
    format!(
        "{{\n    \"AccessKey\": {{\n        \"UserName\": \"smtp\",\n        \"AccessKeyId\": \"{KEY_ID}\",\n        \"Status\": \"Active\",\n        \"SecretAccessKey\": \"{KEY}\",\n        \"CreateDate\": \"2026-12-03T10:00:00+00:00\"\n    }}\n}}\n"
    )
}

/// Every `-f` form and every `--app`, for one region and for two, on the
/// port's both TLS kinds: the same bytes as the x86-64 binary's.
pub fn every_form(f: &Foreign) {
    let formats = possible_values("--format");
    assert!(formats.len() >= 16, "--help lists the forms: {formats:?}");
    let apps = possible_values("--app");
    assert!(apps.len() >= 10, "--help lists the apps: {apps:?}");
    let json = create_access_key_json();
    let dir = tempdir().unwrap();
    let github_env = dir.path().join("github_env");
    let github_env = github_env.to_str().unwrap();
    for format in &formats {
        for regions in ["eu-west-1", "us-east-1,eu-central-1"] {
            for port in ["587", "465"] {
                std::fs::write(github_env, "").unwrap();
                let args = ["-f", format, "-r", regions, "--port", port];
                f.same(
                    &format!("-f {format}"),
                    &args,
                    json.as_bytes(),
                    &[("GITHUB_ENV", github_env)],
                );
            }
        }
    }
    for app in &apps {
        for port in ["587", "465"] {
            let args = ["--app", app, "-r", "eu-west-1", "--port", port];
            f.same(&format!("--app {app}"), &args, json.as_bytes(), &[]);
        }
    }
}

/// Every source the platform has: stdin (plain, CRLF, UTF-16 as Windows
/// PowerShell writes it, the AWS CLI's JSON, `NAME=value`), a file, the
/// environment, the IAM console's CSV, an AWS CLI profile.
pub fn every_source(f: &Foreign) {
    let r = ["-r", "us-east-1"];
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in format!("{KEY}\r\n").encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    for (name, stdin) in [
        ("stdin", format!("{KEY}\n").into_bytes()),
        ("stdin CRLF", format!("{KEY}\r\n").into_bytes()),
        ("stdin UTF-16", utf16),
        ("stdin JSON", create_access_key_json().into_bytes()),
        (
            "stdin NAME=value",
            format!("AWS_SECRET_ACCESS_KEY={KEY}\n").into_bytes(),
        ),
    ] {
        let got = f.same(name, &r, &stdin, &[]);
        assert_eq!(got.stdout, format!("{US_EAST_1}\n"), "{name}");
    }
    let dir = tempdir().unwrap();
    // Mode 0600 (tempfile's): a file others can read is warned about on
    // Unix, and Windows has no mode to read (README, Platforms).
    let write = |path: &Path, text: String| {
        let mut file = tempfile::NamedTempFile::new_in(dir.path()).unwrap();
        std::io::Write::write_all(&mut file, text.as_bytes()).unwrap();
        file.persist(path).unwrap();
    };
    let file = dir.path().join("key");
    write(&file, format!("{KEY}\n"));
    let csv = dir.path().join("smtp_accessKeys.csv");
    write(
        &csv,
        format!("\u{feff}Access key ID,Secret access key\r\n{KEY_ID},{KEY}\r\n"),
    );
    let credentials = dir.path().join("credentials");
    write(
        &credentials,
        format!("[smtp]\naws_access_key_id = {KEY_ID}\naws_secret_access_key = {KEY}\n"),
    );
    let path = |p: &PathBuf| p.to_str().unwrap().to_owned();
    let (file, csv, credentials) = (path(&file), path(&csv), path(&credentials));
    for (name, args, env) in [
        ("--secret-file", vec!["--secret-file", &file], vec![]),
        ("--env", vec!["--env", "SES_KEY"], vec![("SES_KEY", KEY)]),
        ("--csv", vec!["--csv", &csv, "-f", "env"], vec![]),
        (
            "--profile",
            vec!["--profile", "smtp", "-f", "env"],
            vec![("AWS_SHARED_CREDENTIALS_FILE", credentials.as_str())],
        ),
    ] {
        let mut args = args;
        args.extend_from_slice(&r);
        let got = f.same(name, &args, b"", &env);
        assert!(got.stdout.contains(US_EAST_1), "{name}: {}", got.stdout);
    }
}

/// The two-line errors and their exit codes, and a warning: the same as
/// x86-64's.
pub fn errors(f: &Foreign) {
    let dir = tempdir().unwrap();
    let missing = dir.path().join("missing");
    let missing = missing.to_str().unwrap();
    let short = "wJalrXUtnFEMI/K7MDENG\n";
    for (name, args, stdin, env) in [
        ("empty stdin", vec!["-r", "us-east-1"], "", vec![]),
        ("short key", vec!["-r", "us-east-1"], short, vec![]),
        ("unknown region", vec!["-r", "us-nowhere-9"], KEY, vec![]),
        (
            "unknown format",
            vec!["-f", "nope", "-r", "us-east-1"],
            KEY,
            vec![],
        ),
        (
            "env not set",
            vec!["--env", "SES_NOT_SET", "-r", "us-east-1"],
            "",
            vec![],
        ),
        (
            "env named by a key",
            vec!["--env", KEY, "-r", "us-east-1"],
            "",
            vec![],
        ),
        (
            "no such file",
            vec!["--secret-file", missing, "-r", "us-east-1"],
            "",
            vec![],
        ),
        (
            "two sources",
            vec!["--env", "K", "--stdin", "-r", "us-east-1"],
            KEY,
            vec![("K", KEY)],
        ),
        ("key ID as the key", vec!["-r", "us-east-1"], KEY_ID, vec![]),
        (
            "v2 is not for a region",
            vec!["--v2", "-r", "us-east-1"],
            KEY,
            vec![],
        ),
        ("not a subcommand", vec!["frobnicate"], "", vec![]),
    ] {
        let got = f.same(name, &args, stdin.as_bytes(), &env);
        let first = got.stderr.lines().next().unwrap_or_default();
        assert!(
            (got.code != 0 && first.starts_with("error: ")) || first.starts_with("warning: "),
            "{name}: {}",
            got.stderr
        );
        crate::common::assert_no_leak(name, KEY, &got);
    }
}

/// `check` logs in to the test SMTP server on 127.0.0.1 over STARTTLS and
/// implicit TLS, trusting its CA from `--ca-file`; and explains a refusal.
pub fn check(f: &Foreign) {
    use crate::smtp_server::{implicit_tls_server, only_the_right_login, starttls_server};
    for (tls, server) in [
        ("starttls", starttls_server(only_the_right_login())),
        ("implicit", implicit_tls_server(only_the_right_login())),
    ] {
        let endpoint = server.endpoint();
        let ca = (f.path)(Path::new(&server.pki.path("ca.pem")));
        let args = check_args(&server, tls, &ca);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let got = f.run(&args, format!("{KEY}\n").as_bytes(), &[]);
        assert_eq!(
            (got.code, got.stdout.as_str(), got.stderr.as_str()),
            (
                0,
                format!("login accepted by {endpoint} (235 Authentication succeeded)\n").as_str(),
                ""
            ),
            "check over {tls}"
        );
        server.assert_no_mail();
    }
    // A wrong key: refused with 535, explained, exit 1 as on x86-64.
    let server = starttls_server(only_the_right_login());
    let ca = server.pki.path("ca.pem");
    let wrong = crate::common::random_key(40);
    let args = check_args(&server, "starttls", &ca);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let got = f.same("check refused", &args, format!("{wrong}\n").as_bytes(), &[]);
    assert_eq!(got.code, 1, "{}", got.stderr);
    crate::common::assert_no_leak("check refused", &wrong, &got);
}

/// `check`'s arguments for a login to `server` with the test key's ID,
/// each step allowed 20 s (wine and qemu start slowly).
fn check_args(server: &crate::smtp_server::TestServer, tls: &str, ca: &str) -> Vec<String> {
    let mut args = server.check_args(tls, ca, "20");
    let key = ["--region", "us-east-1", "--access-key-id", KEY_ID];
    args.extend(key.map(str::to_owned));
    args
}
