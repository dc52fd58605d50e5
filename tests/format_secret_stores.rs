//! The README's secret store commands, as printed, against moto's Secrets
//! Manager and SSM servers on 127.0.0.1 with the real AWS CLI: the tool's
//! `-f secretsmanager` piped into `aws secretsmanager put-secret-value
//! --secret-string file:///dev/stdin`, and its plain password into `aws
//! ssm put-parameter --type SecureString --value file:///dev/stdin`; each
//! read back with the CLI and compared with the key's password. Random
//! keys and the documentation's (its us-east-1 password holds `+`, `/`).

// Tests: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]
#![cfg(feature = "rotate")]

mod common;
#[allow(dead_code)]
mod rotate_support;
#[allow(dead_code)]
mod smtp_server;

use std::path::Path;
use std::process::Command;

use common::*;
use rotate_support::Moto;
use ses_smtp_password::smtp_password_v4;

const REGION: &str = "us-east-1";

/// Runs `script` with sh, the tool and `aws` on PATH, `aws` pointed at
/// moto with test credentials and the key on the tool's stdin (`$KEY`);
/// its standard output.
fn sh_with_aws(moto: &Moto, key: &str, script: &str) -> String {
    let bin = Path::new(env!("CARGO_BIN_EXE_ses-smtp-password"));
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("sh")
        .args(["-c", script])
        .env_clear()
        .envs([
            ("PATH", path.as_str()),
            ("HOME", "/nonexistent"),
            ("KEY", key),
            ("AWS_ACCESS_KEY_ID", "testing"),
            ("AWS_SECRET_ACCESS_KEY", "testing"),
            ("AWS_DEFAULT_REGION", REGION),
            ("AWS_ENDPOINT_URL", moto.url.as_str()),
            ("AWS_CONFIG_FILE", NO_CONFIG),
            ("AWS_SHARED_CREDENTIALS_FILE", NO_CONFIG),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{script}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn keys() -> Vec<String> {
    let mut keys: Vec<String> = (0..3).map(|_| random_key(40)).collect();
    keys.push(KEY.to_owned());
    keys
}

#[test]
fn secrets_manager_takes_the_json_from_stdin() {
    tools::need(&["awscli"]);
    let moto = Moto::start();
    sh_with_aws(
        &moto,
        "",
        "aws secretsmanager create-secret --name ses/smtp --secret-string '{}' >/dev/null",
    );
    for port in [587, 465] {
        for key in keys() {
            let script = format!(
                "printf '%s\\n' \"$KEY\" | ses-smtp-password -r {REGION} -f secretsmanager --port {port} --access-key-id {KEY_ID} \
                 | aws secretsmanager put-secret-value --secret-id ses/smtp --secret-string file:///dev/stdin >/dev/null \
                 && aws secretsmanager get-secret-value --secret-id ses/smtp --query SecretString --output text"
            );
            let stored: serde_json::Value =
                serde_json::from_str(&sh_with_aws(&moto, &key, &script)).unwrap();
            let password = smtp_password_v4(key.as_bytes(), REGION);
            assert_eq!(
                stored,
                serde_json::json!({
                    "username": KEY_ID,
                    "password": password.as_str(),
                    "host": "email-smtp.us-east-1.amazonaws.com",
                    "port": port.to_string(),
                })
            );
        }
    }
}

#[test]
fn ssm_takes_the_password_as_a_secure_string_from_stdin() {
    tools::need(&["awscli"]);
    let moto = Moto::start();
    for key in keys() {
        let script = format!(
            "printf '%s\\n' \"$KEY\" | ses-smtp-password -r {REGION} -n \
             | aws ssm put-parameter --name /ses/smtp/password --type SecureString --overwrite --value file:///dev/stdin >/dev/null \
             && aws ssm get-parameter --name /ses/smtp/password --with-decryption --query Parameter.[Type,Value] --output text"
        );
        let password = smtp_password_v4(key.as_bytes(), REGION);
        assert_eq!(
            sh_with_aws(&moto, &key, &script),
            format!("SecureString\t{}\n", password.as_str())
        );
    }
}
