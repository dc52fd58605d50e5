//! `identify`: every kind of input, with and without a key to match against.

// Tests: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;

const OTHER_KEY: &str = "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY";
const SIGV2_ADVICE: &str =
    "warning: SES rejects SigV2 passwords; derive a SigV4 one: ses-smtp-password --region REGION\n";

fn identify(password: &str, args: &[&str], key: Option<&str>) -> Outcome {
    let mut all = vec!["identify"];
    all.extend_from_slice(args);
    let env: Vec<(&str, &str)> = key
        .map(|k| ("AWS_SECRET_ACCESS_KEY", k))
        .into_iter()
        .collect();
    if key.is_some() {
        all.push("--env");
    }
    run(&all, Some(format!("{password}\n").as_bytes()), &env)
}

#[test]
fn smtp_passwords_alone() {
    assert_ok(
        "sigv4",
        &identify(US_EAST_1, &[], None),
        "SigV4 SES SMTP password (valid in one region only; give the key to find which)\n",
        "",
    );
    assert_ok(
        "sigv2",
        &identify(V2, &[], None),
        "SigV2 SES SMTP password (legacy, rejected by SES since March 2021)\n",
        SIGV2_ADVICE,
    );
    assert_ok(
        "sigv2 quiet",
        &identify(V2, &["-q"], None),
        "SigV2 SES SMTP password (legacy, rejected by SES since March 2021)\n",
        "",
    );
}

#[test]
fn matched_against_a_key() {
    assert_ok(
        "eu-west-1",
        &identify(EU_WEST_1, &[], Some(KEY)),
        "SigV4 SES SMTP password for eu-west-1, derived from the given secret access key\n",
        "",
    );
    assert_ok(
        "v2",
        &identify(V2, &[], Some(KEY)),
        "SigV2 SES SMTP password (legacy, rejected by SES since March 2021), derived from the given secret access key\n",
        SIGV2_ADVICE,
    );
    // A region outside the table, named with --region.
    let derived = run(&["-r", "xx-new-1", "-q"], Some(KEY.as_bytes()), &[]);
    let password = derived.stdout.trim();
    assert_ok(
        "extra region",
        &identify(password, &["--region", "xx-new-1"], Some(KEY)),
        "SigV4 SES SMTP password for xx-new-1, derived from the given secret access key\n",
        "",
    );
    // The same key from the console CSV.
    let dir = tempdir().unwrap();
    let csv = dir.path().join("k.csv");
    std::fs::copy("tests/data/accessKeys.csv", &csv).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&csv, std::fs::Permissions::from_mode(0o600)).unwrap();
    let got = run(
        &["identify", "--csv", csv.to_str().unwrap()],
        Some(US_EAST_1.as_bytes()),
        &[],
    );
    assert_ok(
        "csv",
        &got,
        "SigV4 SES SMTP password for us-east-1, derived from the given secret access key\n",
        "",
    );
}

#[test]
fn not_matching_or_not_a_password() {
    let derive_hint =
        "SES needs the SMTP password derived from it: ses-smtp-password --region REGION";
    let cases = [
        (
            "other key",
            identify(US_EAST_1, &[], Some(OTHER_KEY)),
            error(
                "this SigV4 SMTP password was not derived from the given secret access key (SigV2 and 20 regions tried)",
                "it comes from another key (one rotated away?) or a region not tried (add --region); derive a new one: ses-smtp-password --region REGION",
            ),
        ),
        (
            "sigv2 of another key",
            identify(V2, &[], Some(OTHER_KEY)),
            error(
                "this SigV2 SMTP password was not derived from the given secret access key (SigV2 and 20 regions tried)",
                "it comes from another key (one rotated away?) or a region not tried (add --region); derive a new one: ses-smtp-password --region REGION",
            ),
        ),
        (
            "raw secret",
            identify(KEY, &[], None),
            error(
                "this is a raw secret access key, not an SMTP password",
                derive_hint,
            ),
        ),
        (
            "raw secret that is the key given",
            identify(KEY, &[], Some(KEY)),
            error(
                "this is a raw secret access key, not an SMTP password: it is the secret access key itself",
                derive_hint,
            ),
        ),
        (
            "raw secret of another key",
            identify(OTHER_KEY, &[], Some(KEY)),
            error(
                "this is a raw secret access key, not an SMTP password",
                derive_hint,
            ),
        ),
        (
            "access key id",
            identify(KEY_ID, &[], None),
            error(
                "this is an access key ID (the SMTP username), not the password",
                "it is the SMTP username; the password is derived from its secret access key: ses-smtp-password --region REGION",
            ),
        ),
        (
            "something else",
            identify("hunter2", &[], None),
            error(
                "this is not an SES SMTP password",
                "SES SMTP passwords are 44 base64 characters starting with B (SigV4); derive one: ses-smtp-password --region REGION",
            ),
        ),
    ];
    for (name, got, stderr) in cases {
        assert_fails(name, &got, 1, &stderr);
        assert!(
            !got.stderr.contains("wJalr") && !got.stderr.contains("je7Mt"),
            "{name}: secret in stderr"
        );
    }
}

#[test]
fn bad_input() {
    let hint = "pass one SMTP password on standard input, or type it at --prompt";
    let cases: [(&str, Vec<u8>, String); 3] = [
        (
            "empty",
            b"\n".to_vec(),
            error(
                "standard input: no SMTP password was given (the input is empty)",
                hint,
            ),
        ),
        (
            "two lines",
            format!("{US_EAST_1}\n{EU_WEST_1}\n").into_bytes(),
            error(
                "standard input: the input has 2 non-empty lines; expected one SMTP password",
                hint,
            ),
        ),
        (
            "too long",
            vec![b'B'; 70_000],
            error(
                "standard input: the input is longer than 65536 bytes; an SMTP password is 44 characters",
                hint,
            ),
        ),
    ];
    for (name, input, stderr) in cases {
        assert_fails(name, &run(&["identify"], Some(&input), &[]), 2, &stderr);
    }
    assert_fails(
        "bad key to match",
        &run(
            &["identify", "--env"],
            Some(US_EAST_1.as_bytes()),
            &[("AWS_SECRET_ACCESS_KEY", KEY_ID)],
        ),
        2,
        &error(
            "$AWS_SECRET_ACCESS_KEY: this is an access key ID (AKIA…), not the secret access key",
            "the access key ID is the SMTP username; pass the secret access key that goes with it",
        ),
    );
    assert_fails(
        "two key sources",
        &run(
            &["identify", "--env", "--profile", "x"],
            Some(US_EAST_1.as_bytes()),
            &[],
        ),
        2,
        &error("--env cannot be used with --profile", "choose one of them"),
    );
}
