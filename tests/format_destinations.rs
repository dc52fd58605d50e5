//! The forms named for their destination, read by it (issue 20): msmtp
//! logs in to the project's test SMTP server with the generated account
//! block, over STARTTLS and over implicit TLS; the Secrets Manager and
//! Vault JSON is read by Python's json (the `aws` and `vault` CLIs are not
//! installable here; both take the object as it is), and so is the answer
//! to a Terraform `external` query. Random keys, whose
//! passwords hold `+`, `/` and `=`.

// Tests: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]
#![cfg(feature = "check")]

mod common;
#[allow(dead_code)]
mod smtp_server;

use std::os::unix::fs::PermissionsExt as _;
use std::process::{Command, Stdio};
use std::sync::Arc;

use common::*;
use ses_smtp_password::smtp_password_v4;

const REGION: &str = "eu-west-1";
const HOST: &str = "email-smtp.eu-west-1.amazonaws.com";

/// The binary's output for `key` in `format` on `port`, and the password.
fn derive(key: &str, format: &str, port: u16) -> (String, String) {
    let port_text = port.to_string();
    let args = ["-r", REGION, "-f", format, "--port", &port_text];
    let got = run(
        &[&args[..], &["--access-key-id", KEY_ID]].concat(),
        Some(key.as_bytes()),
        &[],
    );
    assert_eq!(got.code, 0, "{format}: {}", got.stderr);
    assert_eq!(got.stderr, "");
    let password = smtp_password_v4(key.as_bytes(), REGION).as_str().to_owned();
    (got.stdout, password)
}

/// Five random keys, and the documentation's (its passwords hold `+`, `/`).
fn keys() -> Vec<String> {
    let mut keys: Vec<String> = (0..5).map(|_| random_key(40)).collect();
    keys.push(KEY.to_owned());
    keys
}

/// Python's json reading `out`, keys sorted.
fn json_read(out: &str) -> String {
    let read = Command::new("python3")
        .args(["-c", "import json,sys; d=json.loads(sys.stdin.read()); assert all(isinstance(v, str) for v in d.values()); print(json.dumps(d, sort_keys=True))"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write as _;
            child.stdin.take().unwrap().write_all(out.as_bytes())?;
            child.wait_with_output()
        })
        .unwrap();
    assert!(read.status.success(), "{out}");
    String::from_utf8(read.stdout).unwrap()
}

#[test]
fn secret_store_json_is_read_back_whole() {
    common::tools::need(&["python3"]);
    for format in ["secretsmanager", "vault"] {
        for port in [587, 465] {
            for key in keys() {
                let (out, password) = derive(&key, format, port);
                let want = format!(
                    "{{\"host\": \"{HOST}\", \"password\": \"{password}\", \"port\": \"{port}\", \"username\": \"{KEY_ID}\"}}\n"
                );
                assert_eq!(json_read(&out), want, "{format} {port}");
            }
        }
    }
}

/// Terraform's external program protocol: a JSON object of strings on
/// stdin (the query, keys as the README names them), one on stdout
/// (Terraform refuses any value that is not a string). The terraform
/// program here cannot download its external provider (the registry is
/// out of reach); Python's json reads the answer.
#[test]
fn terraform_external_query_in_strings_out() {
    common::tools::need(&["python3"]);
    for port in [587, 465] {
        for key in keys() {
            let query = serde_json::json!({
                "access_key_id": KEY_ID,
                "secret_access_key": key,
                "region": REGION,
            });
            let port_text = port.to_string();
            let args = ["-r", REGION, "-f", "terraform", "--port", &port_text];
            let got = run(&args, Some(query.to_string().as_bytes()), &[]);
            assert_eq!((got.code, got.stderr.as_str()), (0, ""));
            let password = smtp_password_v4(key.as_bytes(), REGION);
            let want = format!(
                "{{\"host\": \"{HOST}\", \"password\": \"{}\", \"port\": \"{port}\", \"region\": \"{REGION}\", \"username\": \"{KEY_ID}\"}}\n",
                password.as_str()
            );
            assert_eq!(json_read(&got.stdout), want, "{port}");
        }
    }
}

#[test]
fn msmtp_logs_in_with_the_account_block() {
    common::tools::need(&["msmtp"]);
    for (port, implicit) in [(587, false), (465, true)] {
        for key in keys() {
            let (block, password) = derive(&key, "msmtp", port);
            let expected = password.clone();
            let accept: smtp_server::Accept =
                Arc::new(move |user, pass| user == KEY_ID && pass == expected);
            let server = if implicit {
                smtp_server::implicit_tls_server(accept)
            } else {
                smtp_server::starttls_server(accept)
            };
            // The block as printed, pointed at the test server instead of
            // SES, trusting its CA, with a sender for the test message.
            let host_line = format!("host {HOST}\n");
            let port_line = format!("port {port}\n");
            assert!(
                block.contains(&host_line) && block.contains(&port_line),
                "{block}"
            );
            let config = block
                .replace(&host_line, "host 127.0.0.1\n")
                .replace(&port_line, &format!("port {}\n", server.port))
                + &format!(
                    "tls_trust_file {}\nfrom sender@example.com\n",
                    server.pki.path("ca.pem")
                );
            let dir = tempdir().unwrap();
            let path = dir.path().join("msmtprc");
            std::fs::write(&path, &config).unwrap();
            // msmtp refuses a configuration with a password that others can read.
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
            let mut msmtp = Command::new("msmtp")
                .arg("-C")
                .arg(&path)
                .args(["-a", "ses-eu-west-1", "rcpt@example.com"])
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            {
                use std::io::Write as _;
                let mut stdin = msmtp.stdin.take().unwrap();
                stdin.write_all(b"Subject: test\n\nhello\n").unwrap();
            }
            let out = msmtp.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "msmtp on {port}: {}\n{config}",
                String::from_utf8_lossy(&out.stderr)
            );
            assert_eq!(
                server.count(&format!("AUTH {KEY_ID}")),
                1,
                "{:?}",
                server.log()
            );
            assert_eq!(server.count("DATA-END"), 1, "{:?}", server.log());
        }
    }
}
