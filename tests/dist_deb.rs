//! The release .deb (issue 14), read by the programs its users read it
//! with: dpkg-deb, man, bash, fish, and Debian's parser of its copyright
//! file (python-debian).
#![allow(clippy::unwrap_used)]

mod common;
mod dist_support;

use std::collections::BTreeMap;
use std::process::Command;

use dist_support::*;

/// The .deb's control fields, as dpkg reads them.
#[test]
fn deb_control_fields() {
    let control = ok("dpkg-deb", &["--field", &deb()], &dist());
    let mut fields = BTreeMap::new();
    let mut last = String::new();
    for line in control.lines().filter(|line| !line.is_empty()) {
        if let Some(continuation) = line.strip_prefix(' ') {
            let value: &mut String = fields
                .get_mut(&last)
                .expect("a continuation follows a field");
            value.push('\n');
            value.push_str(continuation);
        } else {
            let (name, value) = line.split_once(": ").expect("Name: value");
            last = name.to_owned();
            fields.insert(last.clone(), value.to_owned());
        }
    }
    let synopsis = fields["Description"].lines().next().unwrap().to_owned();
    fields
        .remove("Installed-Size")
        .expect("Installed-Size is set");
    fields.remove("Description");
    let expected: BTreeMap<String, String> = [
        ("Package", "ses-smtp-password"),
        ("Version", VERSION),
        ("Architecture", "amd64"),
        ("Section", "mail"),
        ("Priority", "optional"),
        ("Maintainer", "The ses-smtp-password developers"),
        ("Depends", "libc6 (>= 2.35)"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    assert_eq!(fields, expected);
    // The crate's one-line description is the package's synopsis, whole.
    assert_eq!(synopsis, env!("CARGO_PKG_DESCRIPTION"));
}

/// The .deb installs the binary, the compressed pages, the three
/// completions where each shell looks, and the copyright file; installed
/// into a temporary root, it runs, its page renders, and bash and fish load
/// their completions.
#[test]
fn deb_installs_binary_pages_completions_and_copyright() {
    let contents = ok("dpkg-deb", &["--contents", &deb()], &dist());
    let files: Vec<&str> = contents
        .lines()
        .filter(|line| !line.starts_with('d'))
        .map(|line| line.split_whitespace().last().unwrap())
        .collect();
    let mut expected = vec![
        "./usr/bin/ses-smtp-password".to_owned(),
        "./usr/bin/ses-smtp-password-rotate".into(),
        "./usr/share/bash-completion/completions/ses-smtp-password".into(),
        "./usr/share/doc/ses-smtp-password/README.md".into(),
        "./usr/share/doc/ses-smtp-password/copyright".into(),
        "./usr/share/fish/vendor_completions.d/ses-smtp-password.fish".into(),
        "./usr/share/lintian/overrides/ses-smtp-password".into(),
        "./usr/share/man/man1/ses-smtp-password.1.gz".into(),
        "./usr/share/zsh/vendor-completions/_ses-smtp-password".into(),
    ];
    expected.extend(
        commands()
            .iter()
            .map(|c| format!("./usr/share/man/man1/ses-smtp-password-{c}.1.gz")),
    );
    let mut got: Vec<String> = files.iter().map(|f| (*f).to_owned()).collect();
    got.sort();
    expected.sort();
    assert_eq!(got, expected);

    let install = install_deb();
    let root_dir = install.path();
    let bin = root_dir.join("usr/bin/ses-smtp-password");
    assert_derives(&bin);
    // Dynamically linked (Debian policy 10.1), against glibc's libraries
    // alone (package libc6): the unwinder is linked in
    // (xtask/src/main.rs). The rotate binary also calls libm's `pow`
    // (floating-point arithmetic in the AWS SDK's runtime).
    for (bin, libraries) in [
        (bin.clone(), &["libc.so.6"][..]),
        (
            root_dir.join("usr/bin/ses-smtp-password-rotate"),
            &["libm.so.6", "libc.so.6"][..],
        ),
    ] {
        let (headers, dynamic) = assert_hardened(&bin);
        assert!(headers.contains("\n  INTERP "), "no INTERP in\n{headers}");
        let needed: Vec<&str> = dynamic
            .lines()
            .filter(|l| l.contains("(NEEDED)"))
            .filter_map(|l| l.split('[').nth(1)?.strip_suffix(']'))
            .collect();
        assert_eq!(needed, libraries, "{dynamic}");
    }
    assert_hands_rotate_over(&bin);
    let man1 = root_dir.join("usr/share/man/man1");
    assert_renders(&man1.join("ses-smtp-password.1.gz"), "ses-smtp-password");
    assert_renders(
        &man1.join("ses-smtp-password-check.1.gz"),
        "ses-smtp-password-check",
    );

    // bash loads the completion as bash-completion would, and it completes.
    let completion = root_dir.join("usr/share/bash-completion/completions/ses-smtp-password");
    let program = r#"source "$1" || exit 1
        complete -p ses-smtp-password | grep -q -- '-F _ses__smtp__password' || exit 2
        COMP_WORDS=(ses-smtp-password -r eu-w); COMP_CWORD=2; COMPREPLY=()
        _ses__smtp__password ses-smtp-password eu-w -r
        printf '%s ' "${COMPREPLY[@]}""#;
    let out = output(
        Command::new("bash")
            .args(["--norc", "--noprofile", "-c", program, "bash"])
            .arg(&completion)
            .env("HOME", install.path()),
    );
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim_end(),
        "eu-west-1 eu-west-2 eu-west-3"
    );

    // fish loads its script from the vendor folder and completes an option.
    let fish_script = root_dir.join("usr/share/fish/vendor_completions.d/ses-smtp-password.fish");
    let out = output(
        Command::new("fish")
            .args([
                "--no-config",
                "-c",
                "source $argv[1]; complete -C 'ses-smtp-password --reg'",
            ])
            .arg(&fish_script),
    );
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    let line = String::from_utf8_lossy(&out.stdout);
    assert!(line.starts_with("--region\t"), "{line}");
}

/// The .deb's binary starts with the functions a derivation runs
/// (xtask/link/hot-text.ld, README: Performance).
#[test]
fn deb_binary_lays_out_the_derivation_first() {
    let install = install_deb();
    assert_lays_out_the_derivation_first(&install.path().join("usr/bin/ses-smtp-password"));
}

/// The .deb's copyright file, as Debian's own parser of the
/// machine-readable format (python-debian) reads it: one paragraph for all
/// files, LICENSE's holder, and LICENSE's text as the MIT license's.
#[test]
fn deb_copyright_reads_as_dep5() {
    let install = install_deb();
    let copyright = install
        .path()
        .join("usr/share/doc/ses-smtp-password/copyright");
    let program = r#"import sys
from debian.copyright import Copyright
c = Copyright(open(sys.argv[1]), strict=True)
print(c.header.upstream_name)
for p in c.all_files_paragraphs():
    print(p.files, p.copyright, p.license.synopsis, sep="|")
    print(p.license.text)"#;
    let out = output(
        Command::new("python3")
            .args(["-c", program])
            .arg(&copyright),
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "",
        "python-debian (pip install python-debian)"
    );
    let license = std::fs::read_to_string(root().join("LICENSE")).unwrap();
    let text = license.split_once("developers\n").unwrap().1.trim();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("ses-smtp-password\n('*',)|2026 The ses-smtp-password developers|MIT\n{text}\n")
    );
}

/// lintian, Debian's package checker, finds no error and no warning in the
/// .deb; what the project cannot fix is overridden in the package, each
/// with its reason (xtask/deb/lintian-overrides), and listed here.
#[test]
fn lintian_accepts_the_deb() {
    let deb = dist().join(deb());
    let gate = output(
        Command::new("lintian")
            .args(["--fail-on", "error,warning"])
            .arg(&deb),
    );
    let report = String::from_utf8_lossy(&gate.stdout).into_owned();
    assert_eq!(gate.status.code(), Some(0), "{report}");
    // Everything, the overridden and the informational included (lintian
    // exits 2 here: it counts overridden errors).
    let all = output(
        Command::new("lintian")
            .args(["--show-overrides", "--display-info"])
            .arg(&deb),
    );
    let all = String::from_utf8_lossy(&all.stdout);
    let mut tags: Vec<&str> = all.lines().filter(|l| !l.starts_with("N:")).collect();
    tags.sort_unstable();
    assert_eq!(
        tags,
        [
            "I: ses-smtp-password: binary-has-unneeded-section .comment [usr/bin/ses-smtp-password-rotate]",
            "I: ses-smtp-password: binary-has-unneeded-section .comment [usr/bin/ses-smtp-password]",
            "I: ses-smtp-password: hardening-no-fortify-functions [usr/bin/ses-smtp-password-rotate]",
            "I: ses-smtp-password: hardening-no-fortify-functions [usr/bin/ses-smtp-password]",
            "I: ses-smtp-password: no-md5sums-control-file",
            "O: ses-smtp-password: malformed-contact Maintainer The",
            "O: ses-smtp-password: no-changelog usr/share/doc/ses-smtp-password/changelog.gz (native package)",
        ],
        "{all}"
    );
}
