//! Real credential sources (console CSV, shared credentials file) and the
//! ready-to-paste formats, each checked by a consumer: `sh` evaluates the env
//! output, serde_json parses the JSON, and URLs are split and percent-decoded
//! back to the exact password.

// Tests: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;

use common::*;

/// A private (0600) copy of a fixture, as a real key file would be.
fn private_copy(dir: &tempfile::TempDir, name: &str) -> String {
    let to: PathBuf = dir.path().join(name);
    std::fs::copy(format!("tests/data/{name}"), &to).unwrap();
    std::fs::set_permissions(&to, std::fs::Permissions::from_mode(0o600)).unwrap();
    to.to_str().unwrap().to_owned()
}

/// Name, arguments, environment, exit code, exact stderr.
type FailingCase<'a> = (&'a str, Vec<&'a str>, &'a [(&'a str, &'a str)], i32, String);

fn write_private(dir: &tempfile::TempDir, name: &str, contents: &[u8]) -> String {
    let to = dir.path().join(name);
    std::fs::write(&to, contents).unwrap();
    std::fs::set_permissions(&to, std::fs::Permissions::from_mode(0o600)).unwrap();
    to.to_str().unwrap().to_owned()
}

#[test]
fn console_csv_files() {
    let dir = tempdir().unwrap();
    for name in ["accessKeys.csv", "credentials.csv"] {
        let p = private_copy(&dir, name);
        assert_ok(
            name,
            &run(&["--csv", &p, "-r", "us-east-1"], None, &[]),
            &format!("{US_EAST_1}\n"),
            "",
        );
        // The username comes from the file.
        let url = run(&["--csv", &p, "-r", "us-east-1", "-f", "url"], None, &[]);
        assert_eq!(url.code, 0, "{name}: {}", url.stderr);
        assert!(
            url.stdout.starts_with(&format!("smtp://{KEY_ID}:")),
            "{name}: {}",
            url.stdout
        );
    }
    let csv = std::fs::read("tests/data/accessKeys.csv").unwrap();
    assert_ok(
        "--csv -",
        &run(&["--csv", "-", "-r", "us-east-1"], Some(&csv), &[]),
        &format!("{US_EAST_1}\n"),
        "",
    );
}

#[test]
fn shared_credentials_profiles() {
    let dir = tempdir().unwrap();
    let creds = private_copy(&dir, "credentials");
    let env = [("AWS_SHARED_CREDENTIALS_FILE", creds.as_str())];
    assert_ok(
        "profile",
        &run(&["--profile", "ses-smtp", "-r", "eu-west-1"], None, &env),
        &format!("{EU_WEST_1}\n"),
        "",
    );
    let url = run(
        &["--profile", "ses-smtp", "-r", "eu-west-1", "-f", "url"],
        None,
        &env,
    );
    assert_eq!(
        url.stdout,
        format!("smtp://{KEY_ID}:{EU_WEST_1}@email-smtp.eu-west-1.amazonaws.com:587\n")
    );
    // The AWS CLI passes over a credentials-file section without an ID,
    // and so finds no key in this profile.
    assert_fails(
        "no id in profile",
        &run(&["--profile", "no-id", "-r", "eu-west-1"], None, &env),
        2,
        &error(
            &format!("profile no-id has no access key in {creds} or {NO_CONFIG}"),
            "add aws_access_key_id and aws_secret_access_key to it: aws configure --profile no-id",
        ),
    );

    // The default location is ~/.aws/credentials; `~` in the variable is expanded.
    let home = tempdir().unwrap();
    std::fs::create_dir(home.path().join(".aws")).unwrap();
    std::fs::copy(
        "tests/data/credentials",
        home.path().join(".aws/credentials"),
    )
    .unwrap();
    std::fs::set_permissions(
        home.path().join(".aws/credentials"),
        std::fs::Permissions::from_mode(0o600),
    )
    .unwrap();
    let h = home.path().to_str().unwrap();
    assert_ok(
        "~/.aws/credentials",
        &run(
            &["--profile", "ses-smtp", "-r", "eu-west-1"],
            None,
            &[("HOME", h)],
        ),
        &format!("{EU_WEST_1}\n"),
        "",
    );
    assert_ok(
        "~ in AWS_SHARED_CREDENTIALS_FILE",
        &run(
            &["--profile", "ses-smtp", "-r", "eu-west-1"],
            None,
            &[
                ("HOME", h),
                ("AWS_SHARED_CREDENTIALS_FILE", "~/.aws/credentials"),
            ],
        ),
        &format!("{EU_WEST_1}\n"),
        "",
    );
}

#[test]
fn env_output_is_sourced_by_sh() {
    let k = Some(KEY.as_bytes());
    for (port, fips) in [("587", false), ("465", false), ("2587", true)] {
        let mut args = vec![
            "-r",
            "us-east-1",
            "-f",
            "env",
            "--access-key-id",
            KEY_ID,
            "--port",
            port,
        ];
        if fips {
            args.push("--fips");
        }
        let got = run(&args, k, &[]);
        assert_eq!(got.code, 0, "{}", got.stderr);
        let sh = std::process::Command::new("sh")
            .arg("-c")
            .arg(r#"eval "$(cat)"; printf '%s|%s|%s|%s' "$SES_SMTP_HOST" "$SES_SMTP_PORT" "$SES_SMTP_USERNAME" "$SES_SMTP_PASSWORD""#)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        sh.stdin
            .as_ref()
            .unwrap()
            .write_all(got.stdout.as_bytes())
            .unwrap();
        let out = sh.wait_with_output().unwrap();
        let host = if fips {
            "email-smtp-fips.us-east-1.amazonaws.com"
        } else {
            "email-smtp.us-east-1.amazonaws.com"
        };
        assert_eq!(
            String::from_utf8(out.stdout).unwrap(),
            format!("{host}|{port}|{KEY_ID}|{US_EAST_1}")
        );
    }
}

#[test]
fn json_output_parses() {
    let got = run(
        &[
            "-r",
            "us-east-1,eu-west-1",
            "-f",
            "json",
            "--access-key-id",
            KEY_ID,
        ],
        Some(KEY.as_bytes()),
        &[],
    );
    assert_eq!(got.code, 0);
    let lines: Vec<serde_json::Value> = got
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    for (v, (region, password)) in lines
        .iter()
        .zip([("us-east-1", US_EAST_1), ("eu-west-1", EU_WEST_1)])
    {
        assert_eq!(v["version"], 4);
        assert_eq!(v["region"], region);
        assert_eq!(v["endpoint"], format!("email-smtp.{region}.amazonaws.com"));
        assert_eq!(v["username"], KEY_ID);
        assert_eq!(v["password"], password);
        assert_eq!(v["port"], 587);
        assert_eq!(v["tls"], "starttls");
        assert_eq!(v.as_object().unwrap().len(), 7);
    }
    let v2 = run(&["--v2", "-f", "json"], Some(KEY.as_bytes()), &[]);
    let v: serde_json::Value = serde_json::from_str(v2.stdout.trim()).unwrap();
    assert_eq!(
        v,
        serde_json::json!({"version": 2, "region": null, "endpoint": null, "port": 587, "tls": "starttls", "username": null, "password": V2})
    );
}

/// Splits `scheme://user:pass@host:port` the way a DSN parser does: the
/// encoded userinfo must contain no `/`, `+` or `=` to confuse it.
fn parse_url(url: &str) -> (String, String, String, String, u16) {
    let (scheme, rest) = url.split_once("://").unwrap();
    let (userinfo, hostport) = rest.rsplit_once('@').unwrap();
    assert!(
        !userinfo.contains(['/', '+', '=', '@']),
        "unencoded character in {userinfo}"
    );
    let (user, pass) = userinfo.split_once(':').unwrap();
    let (host, port) = hostport.rsplit_once(':').unwrap();
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(s)
            .decode_utf8()
            .unwrap()
            .into_owned()
    };
    (
        scheme.to_owned(),
        decode(user),
        decode(pass),
        host.to_owned(),
        port.parse().unwrap(),
    )
}

#[test]
fn url_output_decodes_to_the_password() {
    // US_EAST_1 holds both `/` and `+`; every region's password is checked.
    assert!(US_EAST_1.contains('/') && US_EAST_1.contains('+'));
    let all = run(&["-r", "all", "-f", "json"], Some(KEY.as_bytes()), &[]);
    let expected: Vec<(String, String)> = all
        .stdout
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (
                v["region"].as_str().unwrap().to_owned(),
                v["password"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    for port in ["587", "465", "2465", "25", "2587"] {
        let got = run(
            &[
                "-r",
                "all",
                "-f",
                "url",
                "--access-key-id",
                KEY_ID,
                "--port",
                port,
            ],
            Some(KEY.as_bytes()),
            &[],
        );
        assert_eq!(got.code, 0);
        let urls: Vec<&str> = got.stdout.lines().collect();
        assert_eq!(urls.len(), expected.len());
        for (url, (region, password)) in urls.iter().zip(&expected) {
            let (scheme, user, pass, host, p) = parse_url(url);
            let want_scheme = if matches!(port, "465" | "2465") {
                "smtps"
            } else {
                "smtp"
            };
            assert_eq!(
                (scheme.as_str(), user.as_str(), &pass, host, p.to_string()),
                (
                    want_scheme,
                    KEY_ID,
                    password,
                    format!("email-smtp.{region}.amazonaws.com"),
                    port.to_owned()
                )
            );
        }
    }
}

#[test]
fn username_rules_and_warnings() {
    let dir = tempdir().unwrap();
    let csv = private_copy(&dir, "accessKeys.csv");
    let k = Some(KEY.as_bytes());
    assert_ok(
        "flag differs from the CSV",
        &run(
            &[
                "--csv",
                &csv,
                "-r",
                "us-east-1",
                "-f",
                "url",
                "--access-key-id",
                "AKIAOTHEREXAMPLE0000",
            ],
            None,
            &[],
        ),
        &format!(
            "smtp://AKIAOTHEREXAMPLE0000:{}@email-smtp.us-east-1.amazonaws.com:587\n",
            US_EAST_1.replace('/', "%2F").replace('+', "%2B")
        ),
        &format!(
            "warning: --access-key-id differs from the access key ID in {csv}, row 2; using --access-key-id\n"
        ),
    );
    // Without a username, env is refused (tests/cmd/error-format-env-needs-username.toml).
    let env_out = run(&["-r", "us-east-1", "-f", "env"], k, &[]);
    assert_eq!((env_out.code, env_out.stdout.as_str()), (2, ""));
    // AWS_ACCESS_KEY_ID rides along with --env.
    let got = run(
        &["--env", "-r", "us-east-1", "-f", "url"],
        None,
        &[
            ("AWS_SECRET_ACCESS_KEY", KEY),
            ("AWS_ACCESS_KEY_ID", KEY_ID),
        ],
    );
    assert!(
        got.stdout.starts_with(&format!("smtp://{KEY_ID}:")),
        "{got:?}"
    );
}

#[test]
fn csv_permissions_warning() {
    let f = "tests/data/accessKeys.csv";
    let dir = tempdir().unwrap();
    let p = dir.path().join("open.csv");
    std::fs::copy(f, &p).unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644)).unwrap();
    let p = p.to_str().unwrap();
    assert_ok(
        "0644 csv",
        &run(&["--csv", p, "-r", "us-east-1"], None, &[]),
        &format!("{US_EAST_1}\n"),
        &format!("warning: {p} can be read by group or others; restrict it with: chmod 600 {p}\n"),
    );
}

#[test]
fn source_and_format_errors() {
    // The other source and format errors are case files
    // (`tests/cmd/error-*.toml`); these need a file made here.
    let dir = tempdir().unwrap();
    let big = write_private(&dir, "big.csv", &vec![b'a'; 70_000]);
    let missing = dir.path().join("missing.csv");
    let missing = missing.to_str().unwrap();
    let cases: Vec<FailingCase> = vec![
        (
            "csv too large",
            vec!["--csv", &big, "-r", "us-east-1"],
            &[],
            2,
            error(
                &format!("{big}: larger than 64 KiB, the most read for --csv"),
                "check that --csv names the right file",
            ),
        ),
        (
            "csv missing",
            vec!["--csv", missing, "-r", "us-east-1"],
            &[],
            1,
            error(
                &format!("{missing}: no such file"),
                "check the path given to --csv",
            ),
        ),
        (
            "csv with another source",
            vec!["--csv", &big, "--stdin"],
            &[],
            2,
            error("--csv cannot be used with --stdin", "choose one of them"),
        ),
    ];
    for (name, args, env, code, stderr) in cases {
        let got = run(&args, Some(KEY.as_bytes()), env);
        assert_fails(name, &got, code, &stderr);
        assert!(!got.stderr.contains("wJalrXUt"), "{name}: secret in stderr");
    }
}

#[test]
fn profile_defined_twice() {
    let dir = tempdir().unwrap();
    let p = write_private(
        &dir,
        "creds",
        format!("[a]\naws_secret_access_key = {KEY}\n[a]\naws_secret_access_key = {KEY}\n")
            .as_bytes(),
    );
    assert_fails(
        "profile twice",
        &run(
            &["--profile", "a", "-r", "us-east-1"],
            None,
            &[("AWS_SHARED_CREDENTIALS_FILE", p.as_str())],
        ),
        2,
        &error(
            &format!("{p}, line 3: a [section] that came before"),
            "fix the file; the AWS CLI refuses it too",
        ),
    );
}
