//! Leak canaries: every failing path of every command, fed a secret-like
//! value where it does not belong, must fail without any 8-character window
//! of that value in stdout or stderr.

// Tests: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

mod common;

use std::net::TcpListener;
use std::os::unix::fs::PermissionsExt;

use common::*;

/// Where the canary goes in one case.
struct Case {
    name: &'static str,
    args: Vec<String>,
    stdin: String,
    env: Vec<(String, String)>,
    /// The secret-like value that must not come out.
    canary: String,
}

fn case(name: &'static str, args: &[&str], stdin: &str, canary: &str) -> Case {
    Case {
        name,
        args: args.iter().map(|s| (*s).to_owned()).collect(),
        stdin: stdin.to_owned(),
        env: Vec::new(),
        canary: canary.to_owned(),
    }
}

fn private_file(dir: &tempfile::TempDir, name: &str, contents: &str) -> String {
    let p = dir.path().join(name);
    std::fs::write(&p, contents).unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
    p.to_str().unwrap().to_owned()
}

fn cases(s: &str, dir: &tempfile::TempDir) -> Vec<Case> {
    let other = random_key(40);
    let mut bad_char = s.to_owned();
    bad_char.replace_range(10..11, "-");
    let long = random_key(70_000);
    let closed_port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
        .to_string();
    let closed = format!("127.0.0.1:{closed_port}");
    let two_rows = private_file(
        dir,
        "two.csv",
        &format!("Access key ID,Secret access key\n{KEY_ID},{s}\n{KEY_ID},{other}\n"),
    );
    let bad_row = private_file(
        dir,
        "bad.csv",
        &format!("Access key ID,Secret access key\n{KEY_ID},{s}x\n"),
    );
    let no_column = private_file(
        dir,
        "nocol.csv",
        &format!("Access key ID,Secret\n{KEY_ID},{s}\n"),
    );
    let short_row = private_file(
        dir,
        "short.csv",
        &format!("Secret access key,Access key ID\n{s}\n"),
    );
    let creds = private_file(
        dir,
        "credentials",
        &format!(
            "[p]\naws_secret_access_key = {s}x\n[dup]\naws_secret_access_key = {s}\naws_secret_access_key = {s}\n[tmp]\naws_access_key_id = ASIAIOSFODNN7EXAMPLE\naws_secret_access_key = {s}\naws_session_token = t\n"
        ),
    );
    let bad_file = private_file(dir, "bad.key", &format!("{s} {s}\n"));
    let smtp_url = format!("smtp://{KEY_ID}:{s}@email-smtp.us-east-1.amazonaws.com:587");
    let r = ["-r", "us-east-1"];
    let mut out = vec![
        // Bad secret input, every rule.
        case("wrong length", &r, &s[..39], s),
        case("bad character", &r, &bad_char, s),
        case("two lines", &r, &format!("{s}\n{other}\n"), s),
        case("inner space", &r, &format!("{} {}", &s[..20], &s[20..]), s),
        case("over 64 KiB", &r, &long, &long),
        case("not utf-8 after a key", &r, &format!("{s}\u{fffe}"), s),
        // The secret on the command line, in every place it does not belong.
        case("positional", &[s], "", s),
        case("positional after flags", &["-r", "us-east-1", s], "", s),
        case(
            "as --access-key-id",
            &["-r", "us-east-1", "--access-key-id", s],
            s,
            s,
        ),
        case("as --region", &["--region", s], s, s),
        case(
            "in a --region list",
            &["--region", &format!("us-east-1,{s}")],
            s,
            s,
        ),
        case("as --format", &["-r", "us-east-1", "--format", s], s, s),
        case("as --port", &["-r", "us-east-1", "--port", s], s, s),
        case("as --env name", &["--env", s, "-r", "us-east-1"], "", s),
        case(
            "as --env= name",
            &[&format!("--env={s}"), "-r", "us-east-1"],
            "",
            s,
        ),
        case(
            "truncated as --env name",
            &[
                "--env",
                &s.replace(['+', '/'], "A")[..39],
                "-r",
                "us-east-1",
            ],
            "",
            s,
        ),
        case("as --profile", &["--profile", s, "-r", "us-east-1"], "", s),
        case(
            "as --secret-file",
            &["--secret-file", s, "-r", "us-east-1"],
            "",
            s,
        ),
        case("as --csv", &["--csv", s, "-r", "us-east-1"], "", s),
        case(
            "as an unknown option's value",
            &[&format!("--secret={s}")],
            "",
            s,
        ),
        case("after an unknown option", &["--secret", s], "", s),
        case("as a subcommand", &[s, "-r", "us-east-1"], "", s),
        case("as a shell", &["completions", s], "", s),
        case("as a regions format", &["regions", "--format", s], "", s),
        // Files holding the secret, refused.
        case(
            "csv with two rows",
            &["--csv", &two_rows, "-r", "us-east-1"],
            "",
            s,
        ),
        case(
            "csv with a bad key",
            &["--csv", &bad_row, "-r", "us-east-1"],
            "",
            s,
        ),
        case(
            "csv without the column",
            &["--csv", &no_column, "-r", "us-east-1"],
            "",
            s,
        ),
        case(
            "csv with a short row",
            &["--csv", &short_row, "-r", "us-east-1"],
            "",
            s,
        ),
        case(
            "secret file with two keys",
            &["--secret-file", &bad_file, "-r", "us-east-1"],
            "",
            s,
        ),
        // identify.
        case("identify: a raw key", &["identify"], s, s),
        case(
            "identify: with a bad character",
            &["identify"],
            &bad_char,
            s,
        ),
        case(
            "identify: two lines",
            &["identify"],
            &format!("{s}\n{other}"),
            s,
        ),
        case(
            "identify: as --region",
            &["identify", "-r", s],
            US_EAST_1,
            s,
        ),
        case(
            "identify: as --env name",
            &["identify", "--env", s],
            US_EAST_1,
            s,
        ),
        // check, without a server to reach.
        case(
            "check: refused connection",
            &[
                "check",
                "-r",
                "us-east-1",
                "--endpoint",
                &closed,
                "--tls",
                "starttls",
                "--access-key-id",
                KEY_ID,
            ],
            s,
            s,
        ),
        case(
            "check: as --endpoint",
            &[
                "check",
                "-r",
                "us-east-1",
                "--endpoint",
                s,
                "--access-key-id",
                KEY_ID,
            ],
            s,
            s,
        ),
        case(
            "check: SMTP URL as --endpoint",
            &[
                "check",
                "-r",
                "us-east-1",
                "--endpoint",
                &smtp_url,
                "--access-key-id",
                KEY_ID,
            ],
            s,
            s,
        ),
        case(
            "check: as --ca-file",
            &[
                "check",
                "-r",
                "us-east-1",
                "--ca-file",
                s,
                "--access-key-id",
                KEY_ID,
            ],
            s,
            s,
        ),
        case(
            "check: as --timeout",
            &["check", "-r", "us-east-1", "--timeout", s],
            s,
            s,
        ),
        case(
            "check: password-stdin without username",
            &["check", "-r", "us-east-1", "--password-stdin"],
            s,
            s,
        ),
        case("check: as --tls", &["check", "--tls", s], s, s),
    ];
    for (name, profile) in [
        ("profile: no such", "q"),
        ("profile: bad key", "p"),
        ("profile: key twice", "dup"),
        ("profile: temporary", "tmp"),
    ] {
        let mut c = case(name, &["--profile", profile, "-r", "us-east-1"], "", s);
        c.env
            .push(("AWS_SHARED_CREDENTIALS_FILE".to_owned(), creds.clone()));
        out.push(c);
    }
    // A group-readable key file whose name holds the key: the warning names
    // the file, and must not name the key.
    let in_name = s.replace('/', "Q");
    let readable = dir.path().join(format!("ses-{in_name}"));
    std::fs::write(&readable, "not a key\n").unwrap();
    std::fs::set_permissions(&readable, std::fs::Permissions::from_mode(0o644)).unwrap();
    let readable = readable.to_str().unwrap().to_owned();
    let mut warned = case(
        "secret file: readable by others, named after the key",
        &["--secret-file", &readable, "-r", "us-east-1"],
        "",
        &in_name,
    );
    warned.env.clear();
    out.push(warned);
    let mut env_holds_id = case(
        "env: secret variable holds two keys",
        &["--env", "-r", "us-east-1"],
        "",
        s,
    );
    env_holds_id
        .env
        .push(("AWS_SECRET_ACCESS_KEY".to_owned(), format!("{s}\n{other}")));
    out.push(env_holds_id);
    let mut bad_id_env = case(
        "env: AWS_ACCESS_KEY_ID holds the secret",
        &["--env", "-r", "us-east-1"],
        "",
        s,
    );
    bad_id_env
        .env
        .push(("AWS_SECRET_ACCESS_KEY".to_owned(), other.clone()));
    bad_id_env
        .env
        .push(("AWS_ACCESS_KEY_ID".to_owned(), s.to_owned()));
    out.push(bad_id_env);
    let mut region_env = case(
        "env: AWS_REGION holds the secret, --format env fails",
        &["-f", "env"],
        s,
        s,
    );
    region_env.env.push(("AWS_REGION".to_owned(), s.to_owned()));
    out.push(region_env);
    out
}

#[test]
fn no_failing_path_leaks_the_secret() {
    // A fixed canary and fresh random ones: a random one cannot match message
    // text by chance, and fresh ones cover what the fixed one might miss.
    let mut canaries = vec!["wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".to_owned()];
    canaries.extend((0..3).map(|_| random_key(40)));
    let mut count = 0;
    for s in &canaries {
        let dir = tempdir().unwrap();
        for c in cases(s, &dir) {
            let args: Vec<&str> = c.args.iter().map(String::as_str).collect();
            let env: Vec<(&str, &str)> = c
                .env
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            let got = run(&args, Some(c.stdin.as_bytes()), &env);
            assert_ne!(got.code, 0, "{}: must fail", c.name);
            assert_eq!(got.stdout, "", "{}: stdout must be empty", c.name);
            // Warnings may come first; the error is always there.
            assert!(
                got.stderr.starts_with("error: ") || got.stderr.contains("\nerror: "),
                "{}: {}",
                c.name,
                got.stderr
            );
            assert!(
                !got.stderr.contains("panicked"),
                "{}: {}",
                c.name,
                got.stderr
            );
            assert_no_leak(c.name, &c.canary, &got);
            count += 1;
        }
    }
    assert!(count >= 4 * 45, "ran {count} cases");
}
