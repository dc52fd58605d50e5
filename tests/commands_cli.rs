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
    common::tools::need(&["fish"]);
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

/// `manpage --dir`: one page per command, each read by `man` without a
/// warning; every page the main page names exists.
#[test]
fn manpage_dir_writes_every_page() {
    let dir = tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    let got = run(&["manpage", "--dir", d], None, &[]);
    let names: Vec<String> = std::iter::once("ses-smtp-password".to_owned())
        .chain(SUBCOMMANDS.map(|c| format!("ses-smtp-password-{c}")))
        .collect();
    let listed: String = names.iter().map(|n| format!("{d}/{n}.1\n")).collect();
    assert_ok("manpage --dir", &got, &listed, "");
    for name in &names {
        let text = man_page(&dir.path().join(format!("{name}.1")));
        for section in ["NAME", "SYNOPSIS", "OPTIONS", "EXIT STATUS", "EXAMPLES"] {
            assert!(
                text.contains(&format!("\n{section}\n")),
                "{name}: no {section}"
            );
        }
    }
    let main = std::fs::read_to_string(dir.path().join("ses-smtp-password.1")).unwrap();
    for section in ["ENVIRONMENT", "FILES", "INPUT RULES", "SUBCOMMANDS"] {
        assert!(
            main.contains(&format!(".SH \"{section}\""))
                || main.contains(&format!(".SH {section}")),
            "main page: no {section}"
        );
    }
    for name in &names[1..] {
        assert!(
            main.contains(&name.replace('-', "\\-")),
            "main page does not name {name}"
        );
    }
    // The page on stdout is the main page.
    assert_eq!(run(&["manpage"], None, &[]).stdout, main);
}

/// bash completes region names (and `all`) after -r, for every command,
/// and the values of the other options.
#[test]
fn bash_completes_regions_and_values() {
    let script = run(&["completions", "bash"], None, &[]).stdout;
    let dir = tempdir().unwrap();
    let path = dir.path().join("c.bash");
    std::fs::write(&path, script).unwrap();
    let home = tempdir().unwrap();
    std::fs::create_dir(home.path().join(".aws")).unwrap();
    std::fs::write(
        home.path().join(".aws/credentials"),
        "[ses-smtp]\naws_access_key_id = x\n[DEFAULT]\n[other]\n",
    )
    .unwrap();
    std::fs::write(
        home.path().join(".aws/config"),
        "[default]\n[profile ses-config] ; note\n[sso-session corp]\n",
    )
    .unwrap();
    let complete = |words: &[&str]| -> String {
        let program = r#"source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=()
            _ses__smtp__password ses-smtp-password "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
            printf '%s ' "${COMPREPLY[@]}""#;
        let out = std::process::Command::new("bash")
            .arg("-c")
            .arg(program)
            .arg("bash")
            .arg(&path)
            .args(words)
            .env("HOME", home.path())
            .env_remove("AWS_SHARED_CREDENTIALS_FILE")
            .env_remove("AWS_CONFIG_FILE")
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap().trim_end().to_owned()
    };
    let cases: [(&[&str], &str); 7] = [
        (
            &["ses-smtp-password", "--profile", "ses"],
            "ses-config ses-smtp",
        ),
        (
            &["ses-smtp-password", "identify", "--profile", ""],
            "default other ses-config ses-smtp",
        ),
        (
            &["ses-smtp-password", "-r", "eu-w"],
            "eu-west-1 eu-west-2 eu-west-3",
        ),
        (
            &["ses-smtp-password", "check", "--region", "us-gov"],
            "us-gov-west-1 us-gov-east-1",
        ),
        (&["ses-smtp-password", "identify", "-r", "al"], "all"),
        (&["ses-smtp-password", "--format", "j"], "json"),
        (&["ses-smtp-password", "regions", "--format", "j"], "json"),
    ];
    for (words, want) in cases {
        assert_eq!(complete(words), want, "{words:?}");
    }
}

/// `manpage --dir` never writes through a symlink planted in the directory
/// (issue 18, audit finding 3): the link is replaced by the page, the file
/// it pointed at is untouched, pages are 0644 and no temporary file stays.
#[test]
fn manpage_dir_never_follows_a_symlink() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempdir().unwrap();
    let victim = dir.path().join("victim");
    std::fs::write(&victim, "secret\n").unwrap();
    std::fs::set_permissions(&victim, std::fs::Permissions::from_mode(0o600)).unwrap();
    let pages = dir.path().join("man");
    std::fs::create_dir(&pages).unwrap();
    let link = pages.join("ses-smtp-password-check.1");
    std::os::unix::fs::symlink(&victim, &link).unwrap();
    let got = run(&["manpage", "--dir", pages.to_str().unwrap()], None, &[]);
    assert_eq!(got.code, 0, "{}", got.stderr);
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "secret\n");
    let meta = std::fs::symlink_metadata(&link).unwrap();
    assert!(meta.file_type().is_file(), "the link was not replaced");
    let mut names: Vec<String> = std::fs::read_dir(&pages)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut expected: Vec<String> = std::iter::once("ses-smtp-password.1".to_owned())
        .chain(SUBCOMMANDS.map(|c| format!("ses-smtp-password-{c}.1")))
        .collect();
    expected.sort();
    assert_eq!(names, expected);
    for name in &names {
        let mode = std::fs::metadata(pages.join(name))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o644, "{name}");
    }
}

/// Each command's `--help` starts with what it does, and its manual page's
/// NAME line says the same (it said "Options of `check`"; `probe`'s said its
/// whole description).
#[test]
fn help_and_man_page_describe_each_command() {
    let dir = tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    assert_eq!(run(&["manpage", "--dir", d], None, &[]).code, 0);
    let abouts = [
        (
            "identify",
            "Say what an SMTP password is; with a key, which region it was derived for",
        ),
        (
            "check",
            "Log in to the SES SMTP endpoint and quit, to test credentials (sends no mail)",
        ),
        (
            "probe",
            "Find which SES SMTP ports this machine reaches, and in which TLS mode (no credentials)",
        ),
        (
            "explain",
            "Explain SES SMTP replies found in a pasted reply or mail log (no network)",
        ),
        (
            "rotate",
            "Create a new IAM access key, prove SES accepts it, deliver it, retire the old one",
        ),
        (
            "regions",
            "List the known SES SMTP regions and their endpoints",
        ),
        ("completions", "Print a shell completion script"),
        (
            "manpage",
            "Print the manual page (roff), or write one page per command into a directory",
        ),
    ];
    assert_eq!(abouts.map(|(command, _)| command), SUBCOMMANDS);
    for (command, about) in abouts {
        let help = run(&[command, "--help"], None, &[]);
        assert_eq!(help.stdout.lines().next(), Some(about), "{command} --help");
        let page =
            std::fs::read_to_string(dir.path().join(format!("ses-smtp-password-{command}.1")))
                .unwrap();
        let name = page
            .lines()
            .skip_while(|l| *l != ".SH NAME")
            .nth(1)
            .unwrap_or_default();
        assert_eq!(
            name.replace("\\-", "-"),
            format!("ses-smtp-password-{command} - {about}"),
            "{command}: NAME"
        );
    }
}

/// The main page's ENVIRONMENT and FILES name every variable and file the
/// tool reads.
#[test]
fn man_page_names_every_variable_and_file() {
    let page = run(&["manpage"], None, &[]).stdout;
    for name in [
        "AWS_SECRET_ACCESS_KEY",
        "AWS_ACCESS_KEY_ID",
        "AWS_SESSION_TOKEN",
        "AWS_PROFILE",
        "AWS_SHARED_CREDENTIALS_FILE",
        "AWS_CONFIG_FILE",
        "GITHUB_ENV",
        "~/.aws/credentials",
        "~/.aws/config",
    ] {
        // roff escapes a `-` as `\-`.
        let term = format!("\\fB{}\\fR", name.replace('-', "\\-"));
        assert!(page.lines().any(|l| l == term), "{name} is not listed");
    }
}

#[test]
fn explain_refuses_more_than_a_mebibyte() {
    // A whole log is not an excerpt: over 1 MiB is refused before any
    // line is read, even with a reply in it.
    let mut input = "535 Authentication Credentials Invalid\n".repeat(30_000);
    input.truncate(1024 * 1024);
    let at_limit = run(&["explain"], Some(input.as_bytes()), &[]);
    assert_eq!(at_limit.code, 0, "{}", at_limit.stderr);
    input.push('\n');
    let over = run(&["explain"], Some(input.as_bytes()), &[]);
    assert_fails(
        "explain over 1 MiB",
        &over,
        2,
        &error(
            "standard input holds more than 1024 KiB; explain reads a log excerpt",
            "pass the lines around the failure: grep -E ' [45][0-9][0-9] ' mail.log | tail -50 | ses-smtp-password explain",
        ),
    );
}
