//! Each ready-to-paste form read by the program it is for, on random keys
//! (whose passwords hold `+` and `/`): python-dotenv and a split at the
//! first `=` (docker --env-file, kubectl --from-env-file, $GITHUB_ENV) for
//! env-file, fish for fish, PyYAML for the Kubernetes Secret, Postfix's
//! postmap for sasl_passwd, and a GitHub-style env file for github.
//! `.ci/run` installs fish, postfix, python-dotenv and PyYAML.

// Tests: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

mod common;

use std::process::Command;

use common::*;
use ses_smtp_password::smtp_password_v4;

const REGION: &str = "eu-west-1";
const HOST: &str = "email-smtp.eu-west-1.amazonaws.com";

/// The binary's output for `key` in `format`, and the password it must hold.
fn derive(key: &str, format: &str, extra: &[&str], env: &[(&str, &str)]) -> (String, String) {
    let mut args = vec!["-r", REGION, "-f", format, "--access-key-id", KEY_ID];
    args.extend_from_slice(extra);
    let got = run(&args, Some(key.as_bytes()), env);
    assert_eq!(got.code, 0, "{format}: {}", got.stderr);
    let password = smtp_password_v4(key.as_bytes(), REGION).as_str().to_owned();
    (got.stdout, password)
}

/// The four variables as every variable form must set them.
fn expected(password: &str, port: &str) -> Vec<(String, String)> {
    [
        ("SES_SMTP_HOST", HOST),
        ("SES_SMTP_PORT", port),
        ("SES_SMTP_USERNAME", KEY_ID),
        ("SES_SMTP_PASSWORD", password),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect()
}

fn python(program: &str, arg: &std::path::Path) -> String {
    common::tools::need(&["python3", "dotenv", "yaml"]);
    let out = Command::new("python3")
        .arg("-c")
        .arg(program)
        .arg(arg)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn keys() -> Vec<String> {
    // Ten random keys, and one whose passwords are sure to hold + and /.
    let mut keys: Vec<String> = (0..10).map(|_| random_key(40)).collect();
    keys.push(KEY.to_owned());
    keys
}

#[test]
fn env_file_as_dotenv_and_docker_read_it() {
    let dir = tempdir().unwrap();
    let path = dir.path().join(".env");
    for key in keys() {
        let (out, password) = derive(&key, "env-file", &["--port", "2587"], &[]);
        let want = expected(&password, "2587");
        // docker --env-file, kubectl --from-env-file, $GITHUB_ENV: the value
        // is everything after the first `=`, quotes and all.
        let split: Vec<(String, String)> = out
            .lines()
            .map(|l| {
                let (k, v) = l.split_once('=').unwrap();
                (k.to_owned(), v.to_owned())
            })
            .collect();
        assert_eq!(split, want);
        std::fs::write(&path, &out).unwrap();
        let read = python(
            "import sys, json, dotenv; print(json.dumps(list(dotenv.dotenv_values(sys.argv[1]).items())))",
            &path,
        );
        let read: Vec<(String, String)> = serde_json::from_str(&read).unwrap();
        assert_eq!(read, want, "python-dotenv");
    }
}

#[test]
fn fish_sources_its_form() {
    common::tools::need(&["fish"]);
    let dir = tempdir().unwrap();
    let path = dir.path().join("ses.fish");
    for key in keys() {
        let (out, password) = derive(&key, "fish", &[], &[]);
        std::fs::write(&path, &out).unwrap();
        let got = Command::new("fish")
            .arg("-c")
            .arg("source $argv[1]; printf '%s\\n' $SES_SMTP_HOST $SES_SMTP_PORT $SES_SMTP_USERNAME $SES_SMTP_PASSWORD")
            .arg(&path)
            .output()
            .expect("fish (apt-get install fish)");
        assert!(
            got.status.success(),
            "{}",
            String::from_utf8_lossy(&got.stderr)
        );
        let values: Vec<(String, String)> = expected(&password, "587");
        let want: String = values.iter().map(|(_, v)| format!("{v}\n")).collect();
        assert_eq!(String::from_utf8(got.stdout).unwrap(), want);
    }
}

#[test]
fn k8s_secret_as_yaml_reads_it() {
    let dir = tempdir().unwrap();
    let path = dir.path().join("secret.yaml");
    for key in keys() {
        let (out, password) = derive(&key, "k8s", &["--name", "mail-relay"], &[]);
        std::fs::write(&path, &out).unwrap();
        let read = python(
            "import sys, json, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))",
            &path,
        );
        let doc: serde_json::Value = serde_json::from_str(&read).unwrap();
        assert_eq!(doc["apiVersion"], "v1");
        assert_eq!(doc["kind"], "Secret");
        assert_eq!(doc["type"], "Opaque");
        assert_eq!(doc["metadata"]["name"], "mail-relay");
        // stringData values must all be strings, the port too.
        for (k, v) in expected(&password, "587") {
            assert_eq!(doc["stringData"][&k], serde_json::Value::String(v), "{k}");
        }
        assert_eq!(doc["stringData"].as_object().unwrap().len(), 4);
    }
}

#[test]
fn postfix_postmap_reads_sasl_passwd() {
    common::tools::need(&["postmap"]);
    let dir = tempdir().unwrap();
    let path = dir.path().join("sasl_passwd");
    for key in keys() {
        let (out, password) = derive(&key, "postfix", &["--port", "2587"], &[]);
        std::fs::write(&path, &out).unwrap();
        let map = format!("hash:{}", path.display());
        let built = Command::new("postmap")
            .arg(&map)
            .output()
            .expect("postmap (apt-get install postfix)");
        assert!(
            built.status.success(),
            "{}",
            String::from_utf8_lossy(&built.stderr)
        );
        let got = Command::new("postmap")
            .args(["-q", &format!("[{HOST}]:2587"), &map])
            .output()
            .unwrap();
        assert_eq!(
            String::from_utf8(got.stdout).unwrap(),
            format!("{KEY_ID}:{password}\n")
        );
    }
}

#[test]
fn github_masks_and_appends_to_github_env() {
    let dir = tempdir().unwrap();
    let path = dir.path().join("github_env");
    std::fs::write(&path, "EARLIER=1\n").unwrap();
    let p = path.to_str().unwrap();
    let (out, password) = derive(KEY, "github", &[], &[("GITHUB_ENV", p)]);
    assert_eq!(out, format!("::add-mask::{password}\n"));
    let (env_file, _) = derive(KEY, "env-file", &[], &[]);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        format!("EARLIER=1\n{env_file}")
    );
}

#[test]
fn json_names_port_and_tls() {
    for (port, tls) in [("587", "starttls"), ("2465", "implicit")] {
        let (out, password) = derive(KEY, "json", &["--port", port], &[]);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["port"], port.parse::<u16>().unwrap());
        assert_eq!(v["tls"], tls);
        assert_eq!(v["password"], password.as_str());
    }
}
