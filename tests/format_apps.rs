//! `--app`: each app's output read by the app's own parser where it
//! installs here (issue 20), one JSON line per output saying what the
//! reader understood: host, port, username, password and TLS mode, which
//! must be the key's and the port's. Laravel: phpdotenv and Symfony
//! Mailer's transport, with the scheme Laravel picks; Symfony: its dotenv,
//! `Transport::fromDsn` (smtp://, ses+smtp:// via amazon-mailer) and its
//! container's `%%` unescaping; Django: its EmailBackend from settings.py,
//! and from dj-email-url's reading of EMAIL_URL; WordPress: PHP evaluating
//! the constants. Stand-ins where the app is not installable: Ruby for
//! Rails' hash, Java's Properties for Spring, configparser for Grafana,
//! json for .NET, python-dotenv for docker-mailserver. The scripts are in
//! tests/consumers/. Keys: five random and the documentation's (whose
//! us-east-1 password holds `+` and `/`; none holds `=`: 33 bytes are 44
//! base64 characters without padding), on 587 and 465.

// Tests: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;
use ses_smtp_password::smtp_password_v4;

const REGION: &str = "us-east-1";
const HOST: &str = "email-smtp.us-east-1.amazonaws.com";

/// Five random keys and the documentation's.
fn keys() -> Vec<String> {
    let mut keys: Vec<String> = (0..5).map(|_| random_key(40)).collect();
    keys.push(KEY.to_owned());
    keys
}

/// What every reader should have understood for `key` on `port`.
fn want(key: &str, port: u16) -> serde_json::Value {
    let password = smtp_password_v4(key.as_bytes(), REGION);
    let tls = if matches!(port, 465 | 2465) {
        "implicit"
    } else {
        "starttls"
    };
    serde_json::json!({
        "host": HOST,
        "port": port,
        "user": KEY_ID,
        "password": password.as_str(),
        "tls": tls,
    })
}

/// The tool's output for `key` with `args`, written to a file in `dir`
/// (`prefix` first: `<?php` for a file PHP includes).
fn output(dir: &Path, n: usize, key: &str, port: u16, args: &[&str], prefix: &str) -> PathBuf {
    let port_text = port.to_string();
    let base = [
        "-r",
        REGION,
        "--port",
        &port_text,
        "--access-key-id",
        KEY_ID,
    ];
    let got = run(&[&base[..], args].concat(), Some(key.as_bytes()), &[]);
    assert_eq!((got.code, got.stderr.as_str()), (0, ""), "{args:?}");
    let path = dir.join(format!("{n}-{port}"));
    std::fs::write(&path, format!("{prefix}{}", got.stdout)).unwrap();
    path
}

/// Runs `reader` on `files`; its JSON lines.
fn read(reader: &[&str], files: &[PathBuf]) -> Vec<serde_json::Value> {
    let out = Command::new(reader[0])
        .args(&reader[1..])
        .args(files)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{reader:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn consumer(name: &str) -> String {
    format!("{}/tests/consumers/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// For every key on 587 and 465: `args`' output, read by `reader` (all
/// files at once), understood as the key and port say, `per_file` lines
/// for each.
fn check(args: &[&str], reader: &[&str], per_file: usize) {
    let dir = tempdir().unwrap();
    for port in [587, 465] {
        let keys = keys();
        let files: Vec<PathBuf> = keys
            .iter()
            .enumerate()
            .map(|(n, key)| output(dir.path(), n, key, port, args, ""))
            .collect();
        let got = read(reader, &files);
        let want: Vec<serde_json::Value> = keys
            .iter()
            .flat_map(|key| std::iter::repeat_n(want(key, port), per_file))
            .collect();
        assert_eq!(got, want, "{args:?} on {port}");
    }
}

#[test]
fn laravel_env_read_by_phpdotenv_and_symfony_mailer() {
    tools::need(&[
        "php",
        "/usr/share/php/Dotenv/autoload.php",
        "/usr/share/php/Symfony/Component/Mailer/autoload.php",
    ]);
    let php = consumer("laravel.php");
    for app in ["laravel", "laravel-10"] {
        check(&["--app", app], &["php", &php], 1);
    }
}

#[test]
fn symfony_dsns_read_by_symfony() {
    tools::need(&[
        "php",
        "/usr/share/php/Symfony/Component/Dotenv/autoload.php",
        "/usr/share/php/Symfony/Component/Mailer/Bridge/Amazon/autoload.php",
        "/usr/share/php/Symfony/Component/DependencyInjection/autoload.php",
    ]);
    let php = consumer("symfony.php");
    let dir = tempdir().unwrap();
    for port in [587, 465] {
        for (n, key) in keys().iter().enumerate() {
            let file = output(dir.path(), n, key, port, &["--app", "symfony"], "");
            let got = read(&["php", &php], &[file]);
            // MAILER_DSN and the %%-escaped one on the port asked for;
            // ses+smtp:// is always 465, TLS from the first byte.
            assert_eq!(got, [want(key, port), want(key, 465), want(key, port)]);
        }
    }
}

#[test]
fn wordpress_constants_evaluated_by_php() {
    tools::need(&["php"]);
    let php = consumer("wordpress.php");
    let dir = tempdir().unwrap();
    for port in [587, 465] {
        for (n, key) in keys().iter().enumerate() {
            let args = ["--app", "wordpress"];
            let file = output(dir.path(), n, key, port, &args, "<?php\n");
            assert_eq!(read(&["php", &php], &[file]), [want(key, port)]);
        }
    }
}

#[test]
fn django_settings_and_email_url_read_by_django() {
    tools::need(&["python3", "django", "dj_email_url", "dotenv"]);
    let py = consumer("django_mail.py");
    check(&["--app", "django"], &["python3", &py, "settings"], 1);
    let env_file = ["--app", "django", "-f", "env-file"];
    check(&env_file, &["python3", &py, "env"], 1);
}

#[test]
fn rails_settings_evaluated_by_ruby() {
    tools::need(&["ruby"]);
    check(&["--app", "rails"], &["ruby", &consumer("rails.rb")], 1);
}

#[test]
fn spring_properties_read_by_java() {
    tools::need(&["java"]);
    check(&["--app", "spring"], &["java", &consumer("Spring.java")], 1);
}

#[test]
fn grafana_dotnet_and_docker_mailserver_read_by_their_formats_parsers() {
    tools::need(&["python3", "dotenv"]);
    let py = consumer("ini_json_env.py");
    check(&["--app", "grafana"], &["python3", &py, "grafana"], 1);
    check(&["--app", "dotnet"], &["python3", &py, "dotnet"], 1);
    // docker-mailserver's relay is STARTTLS only: 587 and 25.
    let dir = tempdir().unwrap();
    for port in [587, 25] {
        let keys = keys();
        let files: Vec<PathBuf> = keys
            .iter()
            .enumerate()
            .map(|(n, key)| {
                output(
                    dir.path(),
                    n,
                    key,
                    port,
                    &["--app", "docker-mailserver"],
                    "",
                )
            })
            .collect();
        let want: Vec<_> = keys.iter().map(|key| want(key, port)).collect();
        assert_eq!(read(&["python3", &py, "dms"], &files), want);
    }
}
