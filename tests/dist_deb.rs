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
        ("Depends", "libc6"),
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
        "./usr/share/bash-completion/completions/ses-smtp-password".into(),
        "./usr/share/doc/ses-smtp-password/README.md".into(),
        "./usr/share/doc/ses-smtp-password/copyright".into(),
        "./usr/share/fish/vendor_completions.d/ses-smtp-password.fish".into(),
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
    // The same binary as the tarball's.
    let tmp = extract_tarball();
    assert!(
        std::fs::read(&bin).unwrap()
            == std::fs::read(tmp.path().join(folder()).join("ses-smtp-password")).unwrap(),
        "the .deb and the tarball ship different binaries"
    );
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
