//! The default command end to end: every secret source, the derivation
//! schemes, and every input-hygiene error with its exact message and exit code.
// Tests: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

mod common;

use std::io::Write;
use std::os::unix::fs::PermissionsExt;

use common::*;

const WAYS: &str = "pipe the key on standard input, or use --env [VAR], --prompt, --secret-file PATH, --csv PATH or --profile NAME";
const SIGV2_WARNING: &str = "warning: SES has rejected SigV2 SMTP passwords since March 2021; pass --region REGION for the SigV4 password SES accepts";

/// A named case: arguments, stdin, extra environment.
type Case<'a> = (
    &'a str,
    Vec<&'a str>,
    Option<&'a [u8]>,
    Vec<(&'a str, &'a str)>,
);

fn key_file(contents: &[u8], mode: u32) -> tempfile::NamedTempFile {
    let mut f = tempfile::NamedTempFile::new().unwrap();
    f.write_all(contents).unwrap();
    std::fs::set_permissions(f.path(), std::fs::Permissions::from_mode(mode)).unwrap();
    f
}

#[test]
fn every_source_derives_the_same_password() {
    let line = format!("{KEY}\n");
    let file = key_file(line.as_bytes(), 0o600);
    let path = file.path().to_str().unwrap();
    let cases: [Case; 6] = [
        (
            "piped stdin",
            vec!["-r", "us-east-1"],
            Some(line.as_bytes()),
            vec![],
        ),
        (
            "--stdin",
            vec!["--stdin", "-r", "us-east-1"],
            Some(line.as_bytes()),
            vec![],
        ),
        (
            "--env default",
            vec!["--env", "-r", "us-east-1"],
            None,
            vec![("AWS_SECRET_ACCESS_KEY", KEY)],
        ),
        (
            "--env VAR",
            vec!["--env", "MY_SES_KEY", "-r", "us-east-1"],
            None,
            vec![("MY_SES_KEY", KEY)],
        ),
        (
            "--env=VAR",
            vec!["--env=MY_SES_KEY", "--region=us-east-1"],
            None,
            vec![("MY_SES_KEY", KEY)],
        ),
        (
            "--secret-file",
            vec!["--secret-file", path, "-r", "us-east-1"],
            None,
            vec![],
        ),
    ];
    for (name, args, stdin, env) in cases {
        let got = run(&args, stdin, &env);
        assert_ok(name, &got, &format!("{US_EAST_1}\n"), "");
    }
}

#[test]
fn schemes_and_output_shapes() {
    let k = Some(KEY.as_bytes());
    assert_ok(
        "v4",
        &run(&["--region", "eu-west-1"], k, &[]),
        &format!("{EU_WEST_1}\n"),
        "",
    );
    assert_ok(
        "-n",
        &run(&["-n", "-r", "eu-west-1"], k, &[]),
        EU_WEST_1,
        "",
    );
    assert_ok(
        "--v2 is silent",
        &run(&["--v2"], k, &[]),
        &format!("{V2}\n"),
        "",
    );
    assert_ok(
        "several regions",
        &run(&["-r", "us-east-1,eu-west-1"], k, &[]),
        &format!("us-east-1\t{US_EAST_1}\neu-west-1\t{EU_WEST_1}\n"),
        "",
    );
    assert_ok(
        "repeated flag, duplicates dropped",
        &run(
            &["-r", "us-east-1", "-r", "eu-west-1", "-r", "us-east-1"],
            k,
            &[],
        ),
        &format!("us-east-1\t{US_EAST_1}\neu-west-1\t{EU_WEST_1}\n"),
        "",
    );
    let all = run(&["-r", "all"], k, &[]);
    assert_eq!(all.code, 0);
    let regions: Vec<&str> = all
        .stdout
        .lines()
        .map(|l| l.split('\t').next().unwrap())
        .collect();
    let known: Vec<&str> = ses_smtp_password::REGIONS.iter().map(|r| r.code).collect();
    assert_eq!(regions, known);
}

#[test]
fn no_scheme_gives_sigv2_with_one_warning_line() {
    let k = Some(KEY.as_bytes());
    assert_ok(
        "plain",
        &run(&[], k, &[]),
        &format!("{V2}\n"),
        &format!("{SIGV2_WARNING}\n"),
    );
    assert_ok(
        "AWS_REGION named",
        &run(&[], k, &[("AWS_REGION", "eu-west-2")]),
        &format!("{V2}\n"),
        &format!("{SIGV2_WARNING} (AWS_REGION is eu-west-2: --region eu-west-2)\n"),
    );
    assert_ok(
        "AWS_DEFAULT_REGION named",
        &run(&[], k, &[("AWS_DEFAULT_REGION", "ap-south-1")]),
        &format!("{V2}\n"),
        &format!("{SIGV2_WARNING} (AWS_DEFAULT_REGION is ap-south-1: --region ap-south-1)\n"),
    );
    assert_ok(
        "garbage region variable not echoed",
        &run(&[], k, &[("AWS_REGION", KEY)]),
        &format!("{V2}\n"),
        &format!("{SIGV2_WARNING} (AWS_REGION is set but is not a region name)\n"),
    );
    assert_ok(
        "-q silences it",
        &run(&["-q"], k, &[("AWS_REGION", "eu-west-2")]),
        &format!("{V2}\n"),
        "",
    );
    // The environment never picks the region: same output with or without it.
    assert_eq!(
        run(&["-q"], k, &[("AWS_REGION", "eu-west-2")]).stdout,
        run(&["-q"], k, &[]).stdout
    );
}

#[test]
fn region_rules() {
    let k = Some(KEY.as_bytes());
    let unknown = run(&["-r", "xx-new-1"], k, &[]);
    assert_eq!(unknown.code, 0);
    assert_eq!(unknown.stdout.len(), 45);
    assert_eq!(
        unknown.stderr,
        "warning: xx-new-1 is not a known SES SMTP region; derived anyway (AWS adds regions: check the spelling)\n"
    );
    let hint = "region names look like us-east-1; 'ses-smtp-password regions' lists the known ones";
    let suggest =
        |r: &str| format!("use --region {r}; 'ses-smtp-password regions' lists the known ones");
    let cases = [
        (
            "uppercase",
            "US-EAST-1",
            error(
                "region #1 of --region: malformed region name (did you mean 'us-east-1'?)",
                &suggest("us-east-1"),
            ),
        ),
        (
            "missing dash",
            "us-east1",
            error(
                "region #1 of --region: malformed region name (did you mean 'us-east-1'?)",
                &suggest("us-east-1"),
            ),
        ),
        (
            "endpoint",
            "email-smtp.eu-west-1.amazonaws.com",
            error(
                "region #1 of --region: malformed region name (did you mean 'eu-west-1'?)",
                &suggest("eu-west-1"),
            ),
        ),
        (
            "second in list",
            "us-east-1,Eu-West-3",
            error(
                "region #2 of --region: malformed region name (did you mean 'eu-west-3'?)",
                &suggest("eu-west-3"),
            ),
        ),
        (
            "no suggestion",
            "virginia",
            error("region #1 of --region: malformed region name", hint),
        ),
        (
            "empty",
            "us-east-1,",
            error("region #2 of --region: empty region name", hint),
        ),
    ];
    for (name, region, stderr) in cases {
        assert_fails(name, &run(&["-r", region], k, &[]), 2, &stderr);
    }
}

#[test]
fn input_hygiene_accepts_and_warns() {
    let expect = format!("{US_EAST_1}\n");
    let trimmed = "warning: removed spaces, tabs or blank lines around the secret access key\n";
    let cases: [(&str, Vec<u8>, &str); 5] = [
        ("CRLF", format!("{KEY}\r\n").into_bytes(), ""),
        ("no newline", KEY.as_bytes().to_vec(), ""),
        (
            "BOM",
            [b"\xEF\xBB\xBF".as_slice(), KEY.as_bytes(), b"\n"].concat(),
            "",
        ),
        ("spaces", format!("  {KEY}\t\n").into_bytes(), trimmed),
        ("blank lines", format!("\n{KEY}\n\n").into_bytes(), trimmed),
    ];
    for (name, input, stderr) in cases {
        assert_ok(
            name,
            &run(&["-r", "us-east-1"], Some(&input), &[]),
            &expect,
            stderr,
        );
    }
    assert_ok(
        "-q hides trim warning",
        &run(
            &["-q", "-r", "us-east-1"],
            Some(format!(" {KEY}").as_bytes()),
            &[],
        ),
        &expect,
        "",
    );
}

#[test]
fn input_hygiene_errors() {
    let big = vec![b'A'; 64 * 1024 + 1];
    let cases: Vec<(&str, Vec<u8>, String)> = vec![
        (
            "empty",
            vec![],
            error(
                "standard input: no secret access key was given (the input is empty)",
                WAYS,
            ),
        ),
        (
            "only whitespace",
            b" \n\t\n".to_vec(),
            error(
                "standard input: no secret access key was given (the input is empty)",
                WAYS,
            ),
        ),
        (
            "two lines",
            format!("{KEY}\n{KEY}\n").into_bytes(),
            error(
                "standard input: the input has 2 non-empty lines; expected one secret access key",
                "pass one key; to derive from a file of keys, give one per line with --batch",
            ),
        ),
        (
            "inner space",
            b"wJalrXUtnFEMI/K7MDENG bPxRfiCYEXAMPLEKEY".to_vec(),
            error(
                "standard input: the secret access key contains whitespace at character 22",
                "remove the whitespace: a secret access key has none (--no-key-check allows any test string)",
            ),
        ),
        (
            "access key id",
            KEY_ID.as_bytes().to_vec(),
            error(
                "standard input: this is an access key ID (AKIA…), not the secret access key",
                "the access key ID is the SMTP username; pass the secret access key that goes with it",
            ),
        ),
        (
            "temporary key id",
            b"ASIAIOSFODNN7EXAMPLE".to_vec(),
            error(
                "standard input: this is a temporary access key ID (ASIA…), not the secret access key",
                "SES SMTP does not accept temporary (STS) credentials; create a long-term access key for an IAM user",
            ),
        ),
        (
            "smtp password v4",
            US_EAST_1.as_bytes().to_vec(),
            error(
                "standard input: this is already an SES SMTP password (SigV4), not a secret access key",
                "it needs no derivation; 'ses-smtp-password identify' says which kind it is",
            ),
        ),
        (
            "smtp password v2",
            V2.as_bytes().to_vec(),
            error(
                "standard input: this is already an SES SMTP password (SigV2), not a secret access key",
                "it needs no derivation; 'ses-smtp-password identify' says which kind it is",
            ),
        ),
        (
            "bad character",
            b"wJalrXUtnFEMI-K7MDENG/bPxRfiCYEXAMPLEKEY".to_vec(),
            error(
                "standard input: the secret access key has a character outside A-Z a-z 0-9 + / at position 14",
                "check for a copy-paste error (--no-key-check allows any test string)",
            ),
        ),
        (
            "too short",
            b"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKE".to_vec(),
            error(
                "standard input: the secret access key is 39 characters long; IAM secret access keys are 40",
                "check that the whole key was copied (--no-key-check allows any test string)",
            ),
        ),
        (
            "not utf-8",
            b"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLE\xffEY".to_vec(),
            error(
                "standard input: the input is not valid UTF-8 text (invalid byte at position 38)",
                "a secret access key is plain ASCII; check the file's encoding",
            ),
        ),
        (
            "over 64 KiB",
            big,
            error(
                "standard input: the input is longer than 65536 bytes; a secret access key is 40 characters",
                "pass only the 40-character secret access key",
            ),
        ),
    ];
    for (name, input, stderr) in cases {
        assert_fails(
            name,
            &run(&["-r", "us-east-1"], Some(&input), &[]),
            2,
            &stderr,
        );
    }
}

#[test]
fn no_key_check_takes_test_strings() {
    // Published vectors whose secrets are not real-format keys.
    assert_ok(
        "terraform test key",
        &run(
            &["--no-key-check", "-r", "eu-central-1"],
            Some(b"some+secret+key\n"),
            &[],
        ),
        "BMXhUYlu5Z3gSXVQORxlVa7XPaz91aGWdfHxvkOZdWZ2\n",
        "",
    );
    assert_ok(
        "perl test key",
        &run(
            &["--no-key-check", "--region", "eu-west-1"],
            Some(b"SECRET_KEY"),
            &[],
        ),
        "BIhFZ/Ylx0jPVY7JeKUnHT4rO9jfB1VuZu4qglc/3gj9\n",
        "",
    );
    assert_fails(
        "still refuses empty",
        &run(&["--no-key-check", "-r", "eu-west-1"], Some(b"\n"), &[]),
        2,
        &error(
            "standard input: no secret access key was given (the input is empty)",
            WAYS,
        ),
    );
}

#[test]
fn usage_errors_never_echo_arguments() {
    let k = Some(KEY.as_bytes());
    let stray = error(
        "unexpected argument (not shown: it may be a secret)",
        "the key is never an argument (it would leak into shell history and ps); pipe it on standard input or use --env, --prompt, --secret-file, --csv or --profile",
    );
    let help = "run 'ses-smtp-password --help' for the options";
    let cases = [
        ("positional secret", vec![KEY], stray.clone()),
        (
            "positional after flags",
            vec!["-r", "us-east-1", KEY],
            stray.clone(),
        ),
        (
            "--region with --v2",
            vec!["--region", "us-east-1", "--v2"],
            error(
                "--region cannot be used with --v2",
                "--region gives SigV4 passwords and --v2 the legacy SigV2 one; choose one",
            ),
        ),
        (
            "two sources",
            vec!["--stdin", "--prompt"],
            error("--stdin cannot be used with --prompt", "choose one of them"),
        ),
        (
            "env and file",
            vec!["--env", "--secret-file", "x"],
            error(
                "--env cannot be used with --secret-file",
                "choose one of them",
            ),
        ),
        (
            "unknown option",
            vec!["--secret", KEY],
            error(
                "unknown option --secret (did you mean --secret-file?)",
                help,
            ),
        ),
        (
            "unknown option with =",
            vec!["--key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"],
            error("unknown option --key (did you mean --no-key-check?)", help),
        ),
        (
            "missing value",
            vec!["--region"],
            error("--region needs a value", help),
        ),
        (
            "secret as --env name",
            vec!["--env", "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEYAB"],
            error(
                "--env takes the NAME of an environment variable, and this is not one (not shown)",
                "never pass the key itself on the command line; use --env with a name such as AWS_SECRET_ACCESS_KEY",
            ),
        ),
        (
            "secret with slash as --env name",
            vec!["--env", KEY],
            error(
                "--env takes the NAME of an environment variable, and this is not one (not shown)",
                "never pass the key itself on the command line; use --env with a name such as AWS_SECRET_ACCESS_KEY",
            ),
        ),
    ];
    for (name, args, stderr) in cases {
        let got = run(&args, k, &[]);
        assert_fails(name, &got, 2, &stderr);
        assert!(!got.stderr.contains("wJalr"), "{name}: echoed the secret");
    }
}

#[test]
fn source_errors() {
    assert_fails(
        "env not set",
        &run(&["--env", "NOT_SET_ANYWHERE", "-r", "us-east-1"], None, &[]),
        2,
        &error(
            "environment variable NOT_SET_ANYWHERE is not set",
            "export NOT_SET_ANYWHERE, or name the variable that holds the key: --env VAR",
        ),
    );
    assert_fails(
        "default env not set",
        &run(&["--env", "-r", "us-east-1"], None, &[]),
        2,
        &error(
            "environment variable AWS_SECRET_ACCESS_KEY is not set",
            "export AWS_SECRET_ACCESS_KEY, or name the variable that holds the key: --env VAR",
        ),
    );
    assert_fails(
        "env holds an access key id",
        &run(
            &["--env", "-r", "us-east-1"],
            None,
            &[("AWS_SECRET_ACCESS_KEY", KEY_ID)],
        ),
        2,
        &error(
            "$AWS_SECRET_ACCESS_KEY: this is an access key ID (AKIA…), not the secret access key",
            "the access key ID is the SMTP username; pass the secret access key that goes with it",
        ),
    );
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing");
    let missing = missing.to_str().unwrap();
    let d = dir.path().to_str().unwrap();
    assert_fails(
        "missing file",
        &run(&["--secret-file", missing, "-r", "us-east-1"], None, &[]),
        1,
        &error(
            &format!("{missing}: no such file"),
            "check the path given to --secret-file",
        ),
    );
    assert_fails(
        "directory",
        &run(&["--secret-file", d, "-r", "us-east-1"], None, &[]),
        1,
        &error(
            &format!("{d}: is a directory, not a file"),
            "check the path given to --secret-file",
        ),
    );
    assert_fails(
        "secret given as the path",
        &run(&["--secret-file", KEY, "-r", "us-east-1"], None, &[]),
        1,
        &error(
            "(a value that looks like a secret; not shown): no such file",
            "check the path given to --secret-file",
        ),
    );
    let empty = key_file(b"", 0o600);
    let e = empty.path().to_str().unwrap();
    assert_fails(
        "empty file",
        &run(&["--secret-file", e, "-r", "us-east-1"], None, &[]),
        2,
        &error(
            &format!("{e}: no secret access key was given (the input is empty)"),
            WAYS,
        ),
    );
}

#[test]
fn secret_file_readable_by_others_warns() {
    let f = key_file(format!("{KEY}\n").as_bytes(), 0o644);
    let p = f.path().to_str().unwrap();
    assert_ok(
        "0644",
        &run(&["--secret-file", p, "-r", "us-east-1"], None, &[]),
        &format!("{US_EAST_1}\n"),
        &format!("warning: {p} can be read by group or others; restrict it with: chmod 600 {p}\n"),
    );
    assert_ok(
        "0644 quiet",
        &run(&["-q", "--secret-file", p, "-r", "us-east-1"], None, &[]),
        &format!("{US_EAST_1}\n"),
        "",
    );
}

#[test]
fn secret_file_fifo() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("key.fifo");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(status.success());
    let p = fifo.to_str().unwrap().to_owned();
    // A writer that connects after we open the pipe.
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(300));
            std::fs::write(fifo, format!("{KEY}\n")).unwrap();
        })
    };
    assert_ok(
        "fifo with writer",
        &run(&["--secret-file", &p, "-r", "us-east-1"], None, &[]),
        &format!("{US_EAST_1}\n"),
        "",
    );
    writer.join().unwrap();
    let start = std::time::Instant::now();
    assert_fails(
        "fifo without writer",
        &run(&["--secret-file", &p, "-r", "us-east-1"], None, &[]),
        1,
        &error(
            &format!("{p}: a named pipe that nothing is writing to"),
            "start the program that writes the key (it has 3 seconds to connect), or use --secret-file <(command)",
        ),
    );
    assert!(start.elapsed().as_secs() < 10, "must not hang");
}

#[test]
fn no_terminal_fails_fast() {
    // setsid detaches from any controlling terminal, as under CI or cron.
    let bin = assert_cmd::cargo::cargo_bin!("ses-smtp-password");
    let start = std::time::Instant::now();
    let out = std::process::Command::new("setsid")
        .arg("-w")
        .arg(bin)
        .args(["--prompt", "-r", "us-east-1"])
        .stdin(std::process::Stdio::null())
        .output()
        .expect("setsid (util-linux) runs");
    assert!(
        start.elapsed().as_secs_f64() < 1.0,
        "took {:?}",
        start.elapsed()
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(out.stdout, b"");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        error(
            "there is no terminal to prompt on for the secret access key",
            WAYS
        )
    );
    // Automatic source with empty stdin and no terminal: also immediate.
    let start = std::time::Instant::now();
    let out = std::process::Command::new("setsid")
        .arg("-w")
        .arg(bin)
        .args(["-r", "us-east-1"])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(start.elapsed().as_secs_f64() < 1.0);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        error(
            "standard input: no secret access key was given (the input is empty)",
            WAYS
        )
    );
}
