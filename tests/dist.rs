//! The release artifacts (issue 14): `cargo xtask dist` on this checkout,
//! then every artifact read by the program its users read it with: GNU tar,
//! sha256sum, dpkg-deb, ldd, man and bash. Needs cargo-deb (`.ci/run`
//! installs it).
//!
//! The build goes to its own target directory: the `cargo test` running
//! this holds the lock on the default one.

#![allow(clippy::unwrap_used)]

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

use common::{KEY, US_EAST_1, tempdir};

const VERSION: &str = env!("CARGO_PKG_VERSION");
const TARGET: &str = "x86_64-unknown-linux-gnu";
/// The subcommands, each with its manual page.
const COMMANDS: [&str; 5] = ["check", "completions", "identify", "manpage", "regions"];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn target_dir() -> PathBuf {
    root().join("target/dist-test")
}

fn folder() -> String {
    format!("ses-smtp-password-{VERSION}-{TARGET}")
}

fn tarball() -> String {
    format!("{}.tar.gz", folder())
}

fn deb() -> String {
    format!("ses-smtp-password_{VERSION}_amd64.deb")
}

/// Runs `cargo xtask dist` and returns what it printed.
fn run_dist() -> String {
    let out = Command::new(env!("CARGO"))
        .args(["xtask", "dist"])
        .current_dir(root())
        .env("CARGO_TARGET_DIR", target_dir())
        .env_remove("SOURCE_DATE_EPOCH")
        .stderr(Stdio::inherit())
        .output()
        .expect("run cargo xtask dist");
    assert!(
        out.status.success(),
        "cargo xtask dist failed (is cargo-deb installed? .ci/run installs it)"
    );
    String::from_utf8(out.stdout).expect("paths are UTF-8")
}

/// What the first of two runs of `cargo xtask dist` wrote to SHA256SUMS;
/// the tests read what the second run left in `target/dist-test/dist`.
fn first_sums() -> &'static str {
    static SUMS: OnceLock<String> = OnceLock::new();
    SUMS.get_or_init(|| {
        let dist = target_dir().join("dist");
        let expected: String = [tarball(), deb(), "SHA256SUMS".into()]
            .iter()
            .map(|name| format!("{}\n", dist.join(name).display()))
            .collect();
        assert_eq!(run_dist(), expected, "cargo xtask dist names what it wrote");
        let first = std::fs::read_to_string(dist.join("SHA256SUMS")).unwrap();
        // Run twice before any test reads: the second run is quick (nothing
        // to compile) and replaces the directory.
        assert_eq!(run_dist(), expected);
        first
    })
}

/// The artifacts, built once for this test run.
fn dist() -> PathBuf {
    first_sums();
    target_dir().join("dist")
}

/// Runs `program args`, expecting success; returns stdout.
fn ok(program: &str, args: &[&str], dir: &Path) -> String {
    let out = output(Command::new(program).args(args).current_dir(dir));
    assert!(
        out.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

fn output(cmd: &mut Command) -> Output {
    cmd.output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e} (.ci/run installs it)"))
}

/// The binary derives the published us-east-1 vector from a piped key.
fn assert_derives(bin: &Path) {
    let mut child = Command::new(bin)
        .args(["--region", "us-east-1"])
        .env_clear()
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run the shipped binary");
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), format!("{KEY}\n").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("{US_EAST_1}\n")
    );
    assert_eq!(out.status.code(), Some(0));
    let version = output(Command::new(bin).arg("--version"));
    assert_eq!(
        String::from_utf8_lossy(&version.stdout),
        format!("ses-smtp-password {VERSION}\n")
    );
}

/// `man` renders the page (plain or gzipped) without a warning.
fn assert_renders(page: &Path, name: &str) {
    let out = output(
        Command::new("man")
            .args(["--warnings", "-l"])
            .arg(page)
            .env("MANWIDTH", "80")
            .env("LC_ALL", "C.UTF-8"),
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "man -l {}", page.display());
    assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{name}: warnings");
    // man justifies the lines, so compare words.
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.contains(&format!("NAME {name} - ")),
        "{name}: no NAME line in\n{text}"
    );
}

/// Every file the tarball holds, in order, with its mode and owner.
#[test]
fn tarball_lists_one_folder_with_binary_pages_completions_and_docs() {
    let listing = ok(
        "tar",
        &["--list", "--verbose", "--gzip", "--file", &tarball()],
        &dist(),
    );
    let got: Vec<String> = listing
        .lines()
        .map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            format!("{} {} {}", fields[0], fields[1], fields[5])
        })
        .collect();
    let f = folder();
    let dir = |name: &str| format!("drwxr-xr-x root/root {f}/{name}");
    let file = |name: &str| format!("-rw-r--r-- root/root {f}/{name}");
    let mut expected = vec![
        dir(""),
        file("LICENSE"),
        file("README.md"),
        dir("complete/"),
        file("complete/_ses-smtp-password"),
        file("complete/ses-smtp-password.bash"),
        file("complete/ses-smtp-password.fish"),
        dir("man/"),
    ];
    expected.extend(
        COMMANDS
            .iter()
            .map(|c| file(&format!("man/ses-smtp-password-{c}.1"))),
    );
    expected.push(file("man/ses-smtp-password.1"));
    expected.push(format!("-rwxr-xr-x root/root {f}/ses-smtp-password"));
    assert_eq!(got, expected);
}

/// The tarball's binary is static, derives a published vector, and its
/// manual pages render.
#[test]
fn tarball_binary_is_static_and_derives() {
    let tmp = tempdir().unwrap();
    let archive = dist().join(tarball());
    ok(
        "tar",
        &["--extract", "--gzip", "--file", archive.to_str().unwrap()],
        tmp.path(),
    );
    let top = tmp.path().join(folder());
    let bin = top.join("ses-smtp-password");
    assert_derives(&bin);
    // Static, and at a fixed address (xtask/src/main.rs says why): no
    // program interpreter, no dynamic section, an EXEC rather than a DYN.
    let ldd = output(Command::new("ldd").arg(&bin));
    assert_eq!(
        String::from_utf8_lossy(&ldd.stderr).trim(),
        "not a dynamic executable"
    );
    let headers = ok(
        "readelf",
        &[
            "--file-header",
            "--program-headers",
            "--wide",
            bin.to_str().unwrap(),
        ],
        tmp.path(),
    );
    assert!(
        headers.contains("Type:                              EXEC (Executable file)"),
        "{headers}"
    );
    for segment in ["INTERP", "DYNAMIC"] {
        assert!(
            !headers.contains(&format!("\n  {segment} ")),
            "{segment} in\n{headers}"
        );
    }
    assert_renders(&top.join("man/ses-smtp-password.1"), "ses-smtp-password");
    for command in COMMANDS {
        let name = format!("ses-smtp-password-{command}");
        assert_renders(&top.join(format!("man/{name}.1")), &name);
    }
    assert_eq!(
        std::fs::read(top.join("README.md")).unwrap(),
        std::fs::read(root().join("README.md")).unwrap()
    );
    assert_eq!(
        std::fs::read(top.join("LICENSE")).unwrap(),
        std::fs::read(root().join("LICENSE")).unwrap()
    );
}

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
        COMMANDS
            .iter()
            .map(|c| format!("./usr/share/man/man1/ses-smtp-password-{c}.1.gz")),
    );
    let mut got: Vec<String> = files.iter().map(|f| (*f).to_owned()).collect();
    got.sort();
    expected.sort();
    assert_eq!(got, expected);

    let install = tempdir().unwrap();
    let root_dir = install.path();
    ok(
        "dpkg-deb",
        &[
            "--extract",
            dist().join(deb()).to_str().unwrap(),
            root_dir.to_str().unwrap(),
        ],
        &dist(),
    );
    let bin = root_dir.join("usr/bin/ses-smtp-password");
    assert_derives(&bin);
    // The same binary as the tarball's.
    let tmp = tempdir().unwrap();
    ok(
        "tar",
        &[
            "--extract",
            "--gzip",
            "--file",
            dist().join(tarball()).to_str().unwrap(),
        ],
        tmp.path(),
    );
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

    let copyright =
        std::fs::read_to_string(root_dir.join("usr/share/doc/ses-smtp-password/copyright"))
            .unwrap();
    assert!(
        copyright.contains("Copyright: 2026, The ses-smtp-password developers"),
        "{copyright}"
    );
    assert!(copyright.contains("License: MIT"), "{copyright}");

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

/// sha256sum accepts SHA256SUMS, and refuses it once an artifact changes.
#[test]
fn sha256sums_verify_and_catch_a_changed_byte() {
    let checked = ok("sha256sum", &["--check", "--strict", "SHA256SUMS"], &dist());
    assert_eq!(checked, format!("{}: OK\n{}: OK\n", tarball(), deb()));

    let copy = tempdir().unwrap();
    for name in ["SHA256SUMS", &tarball(), &deb()] {
        std::fs::copy(dist().join(name), copy.path().join(name)).unwrap();
    }
    let path = copy.path().join(deb());
    let mut bytes = std::fs::read(&path).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    std::fs::write(&path, bytes).unwrap();
    let out = output(
        Command::new("sha256sum")
            .args(["--check", "SHA256SUMS"])
            .current_dir(copy.path()),
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("{}: OK\n{}: FAILED\n", tarball(), deb())
    );
}

/// The same commit gives the same artifacts, byte for byte: the two runs
/// wrote the same SHA256SUMS.
#[test]
fn dist_is_reproducible() {
    let second = std::fs::read_to_string(dist().join("SHA256SUMS")).unwrap();
    assert_eq!(first_sums(), second);
}
