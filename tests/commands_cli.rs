//! The commands that read no secret: `regions`, `completions`, `manpage`,
//! checked by the programs that consume them (the JSON parser, `bash -n`).

// Tests: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;

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
    let dir = tempdir().unwrap();
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
            "invalid value 'tcsh' for <SHELL>",
            "possible values: bash, elvish, fish, powershell, zsh",
        ),
    );
}
