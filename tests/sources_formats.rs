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
    let dir = tempfile::tempdir().unwrap();
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
    let dir = tempfile::tempdir().unwrap();
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
    assert_ok(
        "no id in profile",
        &run(&["--profile", "no-id", "-r", "eu-west-1"], None, &env),
        &format!("{EU_WEST_1}\n"),
        "",
    );

    // The default location is ~/.aws/credentials; `~` in the variable is expanded.
    let home = tempfile::tempdir().unwrap();
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
        assert_eq!(v.as_object().unwrap().len(), 5);
    }
    let v2 = run(&["--v2", "-f", "json"], Some(KEY.as_bytes()), &[]);
    let v: serde_json::Value = serde_json::from_str(v2.stdout.trim()).unwrap();
    assert_eq!(
        v,
        serde_json::json!({"version": 2, "region": null, "endpoint": null, "username": null, "password": V2})
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
    let dir = tempfile::tempdir().unwrap();
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
    let env_out = run(&["-r", "us-east-1", "-f", "env"], k, &[]);
    assert_eq!(env_out.code, 0);
    assert!(!env_out.stdout.contains("SES_SMTP_USERNAME"));
    assert_eq!(
        env_out.stderr,
        "warning: SES_SMTP_USERNAME is left out: no access key ID is known (pass --access-key-id)\n"
    );
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
    let dir = tempfile::tempdir().unwrap();
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
    let dir = tempfile::tempdir().unwrap();
    let creds = private_copy(&dir, "credentials");
    let cenv = [("AWS_SHARED_CREDENTIALS_FILE", creds.as_str())];
    let two = write_private(
        &dir,
        "two.csv",
        format!("Access key ID,Secret access key\n{KEY_ID},{KEY}\n{KEY_ID},{KEY}\n").as_bytes(),
    );
    let nohdr = write_private(&dir, "nohdr.csv", format!("{KEY_ID},{KEY}\n").as_bytes());
    let norow = write_private(&dir, "norow.csv", b"Access key ID,Secret access key\r\n");
    let short = write_private(
        &dir,
        "short.csv",
        format!("Access key ID,Secret access key\n{KEY_ID}\n").as_bytes(),
    );
    let badkey = write_private(
        &dir,
        "badkey.csv",
        format!("Access key ID,Secret access key\n{KEY_ID},{KEY}X\n").as_bytes(),
    );
    let sts = write_private(
        &dir,
        "sts.csv",
        format!("Access key ID,Secret access key\nASIAIOSFODNN7EXAMPLE,{KEY}\n").as_bytes(),
    );
    let big = write_private(&dir, "big.csv", &vec![b'a'; 70_000]);
    let missing = dir.path().join("missing.csv");
    let missing = missing.to_str().unwrap();
    let missing_env = [("AWS_SHARED_CREDENTIALS_FILE", missing)];
    let csv_hint = "use the accessKeys.csv the IAM console downloads (header: Access key ID,Secret access key)";
    let help = "run 'ses-smtp-password --help' for the options";
    let cases: Vec<FailingCase> = vec![
        (
            "csv several rows",
            vec!["--csv", &two, "-r", "us-east-1"],
            &[],
            2,
            error(
                &format!("{two} holds 2 access keys; expected one"),
                "give --batch for one password per key, or keep only the row you want",
            ),
        ),
        (
            "csv no header",
            vec!["--csv", &nohdr, "-r", "us-east-1"],
            &[],
            2,
            error(
                &format!("{nohdr}: no 'Secret access key' column in the header row"),
                csv_hint,
            ),
        ),
        (
            "csv no rows",
            vec!["--csv", &norow, "-r", "us-east-1"],
            &[],
            2,
            error(
                &format!("{norow}: the CSV has a header but no access key row"),
                csv_hint,
            ),
        ),
        (
            "csv short row",
            vec!["--csv", &short, "-r", "us-east-1"],
            &[],
            2,
            error(&format!("{short}: row 2 has too few fields"), csv_hint),
        ),
        (
            "csv bad key",
            vec!["--csv", &badkey, "-r", "us-east-1"],
            &[],
            2,
            error(
                &format!(
                    "{badkey}, row 2: the secret access key is 41 characters long; IAM secret access keys are 40"
                ),
                "check that the whole key was copied (--no-key-check allows any test string)",
            ),
        ),
        (
            "csv temporary id",
            vec!["--csv", &sts, "-r", "us-east-1"],
            &[],
            2,
            error(
                &format!(
                    "{sts}, row 2: the access key ID is temporary (ASIA…, from STS); the SES SMTP interface does not accept temporary credentials"
                ),
                "create a long-term access key (AKIA…) for an IAM user allowed ses:SendRawEmail",
            ),
        ),
        (
            "csv too large",
            vec!["--csv", &big, "-r", "us-east-1"],
            &[],
            1,
            error(
                &format!("{big}: too large for this kind of file"),
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
            "no such profile",
            vec!["--profile", "nope", "-r", "us-east-1"],
            &cenv,
            2,
            error(
                &format!("no profile nope in {creds}"),
                "check the name; profiles are the [NAME] sections of the credentials file",
            ),
        ),
        (
            "profile without secret",
            vec!["--profile", "id-only", "-r", "us-east-1"],
            &cenv,
            2,
            error(
                &format!("profile id-only in {creds}: the profile has no aws_secret_access_key"),
                "add aws_secret_access_key to the profile, or run 'aws configure --profile NAME'",
            ),
        ),
        (
            "profile key twice",
            vec!["--profile", "twice", "-r", "us-east-1"],
            &cenv,
            2,
            error(
                &format!(
                    "profile twice in {creds}: aws_secret_access_key appears twice in the profile"
                ),
                "fix the credentials file; the AWS CLI refuses it too",
            ),
        ),
        (
            "profile with session token",
            vec!["--profile", "sts", "-r", "us-east-1"],
            &cenv,
            2,
            error(
                &format!(
                    "profile sts in {creds}: the access key ID is temporary (ASIA…, from STS); the SES SMTP interface does not accept temporary credentials"
                ),
                "create a long-term access key (AKIA…) for an IAM user allowed ses:SendRawEmail",
            ),
        ),
        (
            "credentials file missing",
            vec!["--profile", "x", "-r", "us-east-1"],
            &missing_env,
            1,
            error(
                &format!("{missing}: no such file"),
                "set AWS_SHARED_CREDENTIALS_FILE to the credentials file, or create it with 'aws configure'",
            ),
        ),
        (
            "no home",
            vec!["--profile", "x", "-r", "us-east-1"],
            &[("HOME", "")],
            2,
            error(
                "cannot find the AWS credentials file: HOME is not set",
                "set HOME, or AWS_SHARED_CREDENTIALS_FILE to the credentials file",
            ),
        ),
        (
            "secret as profile name",
            vec!["--profile", KEY, "-r", "us-east-1"],
            &cenv,
            2,
            error(
                &format!("no profile (a value that looks like a secret; not shown) in {creds}"),
                "check the name; profiles are the [NAME] sections of the credentials file",
            ),
        ),
        (
            "temporary --access-key-id",
            vec!["--access-key-id", "ASIAIOSFODNN7EXAMPLE", "-r", "us-east-1"],
            &[],
            2,
            error(
                "--access-key-id: the access key ID is temporary (ASIA…, from STS); the SES SMTP interface does not accept temporary credentials",
                "create a long-term access key (AKIA…) for an IAM user allowed ses:SendRawEmail",
            ),
        ),
        (
            "secret as --access-key-id",
            vec!["--access-key-id", KEY, "-r", "us-east-1"],
            &[],
            2,
            error(
                "--access-key-id: the access key ID looks like a secret access key (not shown)",
                "the username is the access key ID (AKIA…, 20 characters); the secret goes on standard input or another source",
            ),
        ),
        (
            "malformed --access-key-id",
            vec!["--access-key-id", "ses-user", "-r", "us-east-1"],
            &[],
            2,
            error(
                "--access-key-id: the access key ID is not 20 characters starting with AKIA (not shown)",
                "the username is the access key ID: 20 characters starting with AKIA",
            ),
        ),
        (
            "url without username",
            vec!["-r", "us-east-1", "-f", "url"],
            &[],
            2,
            error(
                "--format url needs the SMTP username (the access key ID)",
                "pass --access-key-id AKIA…, or read the key with --csv or --profile, which carry it",
            ),
        ),
        (
            "env with two regions",
            vec!["-r", "us-east-1,eu-west-1", "-f", "env"],
            &[],
            2,
            error(
                "--format env prints one set of variables, but there are 2 results",
                "run once per region, or use --format json for several",
            ),
        ),
        (
            "env without region",
            vec!["-f", "env"],
            &[],
            2,
            error(
                "--format env needs the SMTP host, which depends on the region",
                "add --region REGION",
            ),
        ),
        (
            "url with v2",
            vec!["--v2", "-f", "url", "--access-key-id", KEY_ID],
            &[],
            2,
            error(
                "--format url needs the SMTP host, which depends on the region",
                "add --region REGION",
            ),
        ),
        (
            "fips where none",
            vec!["-r", "eu-west-1", "--fips"],
            &[],
            2,
            error(
                "AWS offers no FIPS SMTP endpoint in eu-west-1",
                "AWS has FIPS SMTP endpoints in us-east-1, us-west-2 and us-gov-west-1; drop --fips elsewhere",
            ),
        ),
        (
            "fips without region",
            vec!["--fips"],
            &[],
            2,
            error("missing required argument: --region <REGION>", help),
        ),
        (
            "bad port",
            vec!["-r", "us-east-1", "--port", "2525"],
            &[],
            2,
            error(
                "invalid value for --port (not shown)",
                "possible values: 25, 587, 2587, 465, 2465",
            ),
        ),
        (
            "bad format",
            vec!["-r", "us-east-1", "-f", KEY],
            &[],
            2,
            error(
                "invalid value for --format (not shown)",
                "possible values: plain, env, json, url",
            ),
        ),
        (
            "options before a subcommand",
            vec!["-r", "us-east-1", "regions"],
            &[],
            2,
            error(
                "options of the default command cannot come before a subcommand",
                "put the subcommand first: ses-smtp-password SUBCOMMAND [OPTIONS]",
            ),
        ),
        (
            "csv with another source",
            vec!["--csv", &two, "--stdin"],
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
fn regions_command() {
    let plain = run(&["regions"], None, &[]);
    assert_eq!(plain.code, 0);
    let lines: Vec<&str> = plain.stdout.lines().collect();
    assert_eq!(lines.len(), 21);
    assert_eq!(
        lines[0].split_whitespace().collect::<Vec<_>>(),
        ["REGION", "NAME", "ENDPOINT", "FIPS", "ENDPOINT"]
    );
    assert_eq!(
        lines[1]
            .split("  ")
            .filter(|s| !s.is_empty())
            .map(str::trim)
            .collect::<Vec<_>>(),
        [
            "us-east-1",
            "US East (N. Virginia)",
            "email-smtp.us-east-1.amazonaws.com",
            "email-smtp-fips.us-east-1.amazonaws.com"
        ]
    );
    let json = run(&["regions", "--format", "json"], None, &[]);
    let rows: Vec<serde_json::Value> = json
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let shared = std::fs::read_to_string("tests/data/regions.tsv").unwrap();
    let table: Vec<Vec<&str>> = shared
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("region\t"))
        .map(|l| l.split('\t').collect())
        .collect();
    assert_eq!(rows.len(), table.len());
    for (row, t) in rows.iter().zip(&table) {
        assert_eq!(row["region"], t[0]);
        assert_eq!(row["name"], t[1]);
        assert_eq!(
            row["endpoint"],
            format!("email-smtp.{}.amazonaws.com", t[0])
        );
        let fips = (t[2] == "yes").then(|| format!("email-smtp-fips.{}.amazonaws.com", t[0]));
        assert_eq!(row["fips_endpoint"], serde_json::json!(fips));
    }
}

#[test]
fn completions_and_manpage() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let got = run(&["completions", shell], None, &[]);
        assert_eq!(got.code, 0, "{shell}");
        assert!(
            got.stdout.contains("secret-file") && got.stdout.contains("access-key-id"),
            "{shell}"
        );
    }
    // bash parses its script.
    let bash = run(&["completions", "bash"], None, &[]);
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("c.bash");
    std::fs::write(&f, bash.stdout).unwrap();
    let check = std::process::Command::new("bash")
        .arg("-n")
        .arg(&f)
        .status()
        .unwrap();
    assert!(check.success());
    let man = run(&["manpage"], None, &[]);
    assert!(
        man.stdout.starts_with(".ie \\n(.g .ds Aq \\(aq"),
        "{}",
        &man.stdout[..40]
    );
    assert!(man.stdout.contains(".TH ses-smtp-password 1"));
    assert!(man.stdout.contains("\\-\\-secret\\-file"));
    assert_fails(
        "unknown shell",
        &run(&["completions", "tcsh"], None, &[]),
        2,
        &error(
            "invalid value for <SHELL> (not shown)",
            "possible values: bash, elvish, fish, powershell, zsh",
        ),
    );
}

#[test]
fn profile_defined_twice() {
    let dir = tempfile::tempdir().unwrap();
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
            &format!("profile a in {p}: the profile appears twice"),
            "fix the credentials file; the AWS CLI refuses it too",
        ),
    );
}
