//! `--batch`: one result per line or CSV row, in order, all or nothing.

// Tests: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

mod common;

use std::io::Write;
use std::os::unix::fs::PermissionsExt;

use common::*;
use ses_smtp_password::{smtp_password_v2, smtp_password_v4};

const OTHER: &str = "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY";

#[test]
fn results_in_input_order() {
    let input = format!("\u{feff}{KEY}\r\n\n   \n{OTHER}\n{KEY}");
    let other_us = smtp_password_v4(OTHER.as_bytes(), "us-east-1");
    let other_eu = smtp_password_v4(OTHER.as_bytes(), "eu-west-1");
    assert_ok(
        "one region",
        &run(&["--batch", "-r", "us-east-1"], Some(input.as_bytes()), &[]),
        &format!("{US_EAST_1}\n{}\n{US_EAST_1}\n", other_us.as_str()),
        "",
    );
    assert_ok(
        "two regions",
        &run(
            &["--batch", "-r", "us-east-1,eu-west-1"],
            Some(input.as_bytes()),
            &[],
        ),
        &format!(
            "us-east-1\t{US_EAST_1}\neu-west-1\t{EU_WEST_1}\nus-east-1\t{}\neu-west-1\t{}\nus-east-1\t{US_EAST_1}\neu-west-1\t{EU_WEST_1}\n",
            other_us.as_str(),
            other_eu.as_str()
        ),
        "",
    );
    let v2 = run(&["--batch", "--v2"], Some(input.as_bytes()), &[]);
    assert_ok(
        "v2",
        &v2,
        &format!(
            "{V2}\n{}\n{V2}\n",
            smtp_password_v2(OTHER.as_bytes()).as_str()
        ),
        "",
    );
    let json = run(
        &["--batch", "-r", "eu-west-1", "-f", "json"],
        Some(input.as_bytes()),
        &[],
    );
    let rows: Vec<serde_json::Value> = json
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[1]["password"], other_eu.as_str());
    assert_eq!(rows[1]["username"], serde_json::Value::Null);
    // One access key ID cannot belong to three keys (it did, before).
    let one_id = run(
        &["--batch", "-r", "eu-west-1", "--access-key-id", KEY_ID],
        Some(input.as_bytes()),
        &[],
    );
    assert_fails(
        "one id for three keys",
        &one_id,
        2,
        &error(
            "--access-key-id names one key's ID, but the input holds 3 keys",
            "drop --access-key-id, or give a CSV whose rows carry their Access key ID: --csv PATH",
        ),
    );
}

#[test]
fn thousands_of_keys_match_the_library() {
    let keys: Vec<String> = (0..5000).map(|_| random_key(40)).collect();
    let input = keys.join("\n");
    let got = run(
        &["--batch", "-r", "ap-south-1"],
        Some(input.as_bytes()),
        &[],
    );
    assert_eq!(got.code, 0);
    let lines: Vec<&str> = got.stdout.lines().collect();
    assert_eq!(lines.len(), keys.len());
    for (i, (line, key)) in lines.iter().zip(&keys).enumerate() {
        assert_eq!(
            *line,
            smtp_password_v4(key.as_bytes(), "ap-south-1").as_str(),
            "line {}",
            i + 1
        );
    }
}

#[test]
fn csv_rows_carry_their_usernames() {
    let dir = tempdir().unwrap();
    let p = dir.path().join("keys.csv");
    std::fs::write(
        &p,
        format!(
            "Access key ID,Secret access key\r\n{KEY_ID},{KEY}\r\nAKIAOTHEREXAMPLE0000,{OTHER}\r\n"
        ),
    )
    .unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
    let got = run(
        &[
            "--batch",
            "--csv",
            p.to_str().unwrap(),
            "-r",
            "us-east-1",
            "-f",
            "url",
        ],
        None,
        &[],
    );
    let enc = |s: &str| s.replace('/', "%2F").replace('+', "%2B");
    let other = smtp_password_v4(OTHER.as_bytes(), "us-east-1");
    assert_ok(
        "csv urls",
        &got,
        &format!(
            "smtp://{KEY_ID}:{}@email-smtp.us-east-1.amazonaws.com:587\nsmtp://AKIAOTHEREXAMPLE0000:{}@email-smtp.us-east-1.amazonaws.com:587\n",
            enc(US_EAST_1),
            enc(other.as_str())
        ),
        "",
    );
}

#[test]
fn secret_file_input() {
    let mut f = tempfile::NamedTempFile::new().unwrap();
    writeln!(f, "{KEY}\n{OTHER}").unwrap();
    std::fs::set_permissions(f.path(), std::fs::Permissions::from_mode(0o600)).unwrap();
    let got = run(
        &[
            "--batch",
            "--secret-file",
            f.path().to_str().unwrap(),
            "-r",
            "us-east-1",
        ],
        None,
        &[],
    );
    assert_eq!(got.code, 0);
    assert_eq!(got.stdout.lines().count(), 2);
}

#[test]
fn all_or_nothing() {
    let input = format!(
        "{KEY}\n{}\n\n{OTHER}\n{KEY_ID}\n{} x\n",
        &OTHER[..39],
        &KEY[..20]
    );
    let got = run(&["--batch", "-r", "us-east-1"], Some(input.as_bytes()), &[]);
    assert_fails(
        "bad lines",
        &got,
        2,
        &error(
            "3 of 5 lines are not usable secret access keys; nothing was derived\n  line 2: the secret access key is 39 characters long; IAM secret access keys are 40\n  line 5: this is an access key ID (AKIA…), not the secret access key\n  line 6: the secret access key contains whitespace at character 21",
            "fix or remove those lines (their content is never shown), then run again",
        ),
    );
    assert_no_leak("bad lines", OTHER, &got);
    assert_no_leak("bad lines", KEY, &got);
    // Past 20 bad lines the rest are counted.
    let many = "short\n".repeat(25);
    let got = run(&["--batch", "-r", "us-east-1"], Some(many.as_bytes()), &[]);
    assert_eq!(got.code, 2);
    assert_eq!(got.stdout, "");
    let lines: Vec<&str> = got.stderr.lines().collect();
    assert_eq!(
        lines[0],
        "error: 25 of 25 lines are not usable secret access keys; nothing was derived"
    );
    assert_eq!(
        lines[20],
        "  line 20: the secret access key is 5 characters long; IAM secret access keys are 40"
    );
    assert_eq!(lines[21], "  … and 5 more");
    // A line over 4 KiB is a bad line.
    let long = format!("{KEY}\n{}\n", "A".repeat(5000));
    let got = run(&["--batch", "-r", "us-east-1"], Some(long.as_bytes()), &[]);
    assert!(
        got.stderr
            .contains("  line 2: the input is longer than 4096 bytes"),
        "{}",
        got.stderr
    );
}

#[test]
fn batch_usage_errors() {
    let k = format!("{KEY}\n{OTHER}\n");
    // Format errors of --batch are case files (tests/cmd/error-batch-*.toml).
    let cases = [
        (
            "with --prompt",
            vec!["--batch", "--prompt"],
            error("--batch cannot be used with --prompt", "choose one of them"),
        ),
        (
            "with -n",
            vec!["--batch", "-n"],
            error(
                "--batch cannot be used with --no-newline",
                "choose one of them",
            ),
        ),
        (
            "empty",
            vec!["--batch", "--v2"],
            error(
                "standard input: no secret access key was given (the input is empty)",
                "pipe the key on standard input, or use --env [VAR], --prompt, --secret-file PATH, --csv PATH or --profile NAME",
            ),
        ),
    ];
    for (name, args, stderr) in cases {
        let input = if name == "empty" {
            "\n\n".to_owned()
        } else {
            k.clone()
        };
        assert_fails(name, &run(&args, Some(input.as_bytes()), &[]), 2, &stderr);
    }
}

#[test]
fn trimmed_lines_are_counted_once() {
    let got = run(
        &["--batch", "-r", "us-east-1"],
        Some(format!(" {KEY}\n\t{KEY}\n{KEY}\n").as_bytes()),
        &[],
    );
    assert_ok(
        "trimmed",
        &got,
        &format!("{US_EAST_1}\n{US_EAST_1}\n{US_EAST_1}\n"),
        "warning: removed spaces or tabs around the key on 2 lines\n",
    );
}

#[test]
fn head_closes_the_pipe_quietly() {
    let keys: String = (0..100_000).map(|_| format!("{KEY}\n")).collect();
    let dir = tempdir().unwrap();
    let p = dir.path().join("keys");
    std::fs::write(&p, keys).unwrap();
    let out = sh(&format!(
        r#""$BIN" --batch -r all < '{}' | head -1"#,
        p.display()
    ));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        format!("us-east-1\t{US_EAST_1}\n")
    );
    assert_eq!(String::from_utf8(out.stderr).unwrap(), "");
}
