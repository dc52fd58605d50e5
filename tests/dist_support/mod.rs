//! What the release-file tests share (tests/dist.rs, tests/dist_deb.rs):
//! `cargo xtask dist` run twice into its own target directory (the `cargo
//! test` running them holds the lock on the default one), and the programs
//! that read the artifacts. Needs cargo-deb, installed when missing.
//!
//! `cargo test` runs one test binary at a time, and the runs happen once
//! per binary, before its tests read anything. (A runner that starts every
//! test as its own process, such as nextest, would rebuild the folder under
//! a test reading it.)
#![allow(dead_code)]

pub mod channels;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

use crate::common::{KEY, US_EAST_1, man_page, tempdir};

pub const VERSION: &str = env!("CARGO_PKG_VERSION");
pub const TARGET: &str = "x86_64-unknown-linux-gnu";
/// The subcommands, each with its manual page, in name order (archive
/// order).
pub fn commands() -> [&'static str; 8] {
    let mut commands = crate::common::SUBCOMMANDS;
    commands.sort_unstable();
    commands
}

pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

pub fn target_dir() -> PathBuf {
    crate::common::target_dir().join("dist-test")
}

pub fn folder() -> String {
    format!("ses-smtp-password-{VERSION}-{TARGET}")
}

pub fn tarball() -> String {
    format!("{}.tar.gz", folder())
}

pub fn deb() -> String {
    format!("ses-smtp-password_{VERSION}_amd64.deb")
}

/// The Windows target, built beside the host's in every test run (the
/// full matrix of five is .ci/cross's: README, Platforms).
pub const WINDOWS: &str = "x86_64-pc-windows-gnu";

/// The Windows archive's folder, and the archive.
pub fn windows_folder() -> String {
    format!("ses-smtp-password-{VERSION}-{WINDOWS}")
}

pub fn zip() -> String {
    format!("{}.zip", windows_folder())
}

/// Where the tests say releases are published (Cargo.toml names no
/// repository yet): the formula and the manifest download from it.
pub const REPOSITORY: &str = "https://github.com/example-owner/ses-smtp-password";

/// What `cargo xtask dist` builds here: the host and Windows.
pub const DIST_ARGS: [&str; 7] = [
    "dist",
    "--target",
    TARGET,
    "--target",
    WINDOWS,
    "--repository",
    REPOSITORY,
];

/// The tools a cross build takes from Debian (README: Platforms).
pub const CROSS_TOOLS: [&str; 3] = [
    "/usr/bin/rustc",
    "/usr/lib/rustlib/src/rust/library",
    "x86_64-w64-mingw32-gcc",
];

/// Runs `cargo xtask dist` and returns what it printed.
pub fn run_dist() -> String {
    // What the release task and the tests that read its files run.
    crate::common::tools::need(&[
        "cargo-deb",
        "tar",
        "sha256sum",
        "dpkg-deb",
        "ldd",
        "readelf",
        "man",
        "fish",
        "lintian",
        "python3",
        "debian",
    ]);
    crate::common::tools::need(&CROSS_TOOLS);
    let out = Command::new(env!("CARGO"))
        .arg("xtask")
        .args(DIST_ARGS)
        .current_dir(root())
        .env("CARGO_TARGET_DIR", target_dir())
        .env_remove("SOURCE_DATE_EPOCH")
        .stderr(Stdio::inherit())
        .output()
        .expect("run cargo xtask dist");
    assert!(out.status.success(), "cargo xtask dist failed");
    String::from_utf8(out.stdout).expect("paths are UTF-8")
}

/// What the first of two runs of `cargo xtask dist` wrote to SHA256SUMS;
/// the tests read what the second run left in `target/dist-test/dist`.
pub fn first_sums() -> &'static str {
    static SUMS: OnceLock<String> = OnceLock::new();
    SUMS.get_or_init(|| {
        let dist = target_dir().join("dist");
        let expected: String = [
            tarball(),
            deb(),
            zip(),
            "SHA256SUMS".into(),
            "ses-smtp-password.rb".into(),
            "ses-smtp-password.json".into(),
        ]
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
pub fn dist() -> PathBuf {
    first_sums();
    target_dir().join("dist")
}

/// Runs `program args`, expecting success; returns stdout.
pub fn ok(program: &str, args: &[&str], dir: &Path) -> String {
    let out = output(Command::new(program).args(args).current_dir(dir));
    assert!(
        out.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

pub fn output(cmd: &mut Command) -> Output {
    cmd.output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"))
}

/// The binary derives the published us-east-1 vector from a piped key.
pub fn assert_derives(bin: &Path) {
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

/// `BIN rotate` runs ses-smtp-password-rotate from the same folder: with
/// no AWS credentials anywhere, its own refusal comes back.
pub fn assert_hands_rotate_over(bin: &Path) {
    let out = output(
        Command::new(bin)
            .args(["rotate", "--user", "smtp", "-r", "eu-west-1", "--dry-run"])
            .env_clear()
            .env("HOME", "/nonexistent")
            .env("AWS_EC2_METADATA_DISABLED", "true"),
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        crate::common::error(
            "no AWS credentials for the IAM calls (the AWS SDK's credential chain found none); nothing was changed",
            "give an admin profile with --iam-profile NAME, or set AWS_PROFILE or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY",
        )
    );
    assert_eq!(out.status.code(), Some(2));
}

/// `man` renders the page (plain or gzipped) without a warning, and its
/// NAME section names `name`.
pub fn assert_renders(page: &Path, name: &str) {
    let text = man_page(page);
    // man justifies the lines, so compare words.
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.contains(&format!("NAME {name} - ")),
        "{name}: no NAME line in\n{text}"
    );
}

/// The tarball extracted by GNU tar into a temporary folder.
pub fn extract_tarball() -> tempfile::TempDir {
    let tmp = tempdir().unwrap();
    let archive = dist().join(tarball());
    ok(
        "tar",
        &["--extract", "--gzip", "--file", archive.to_str().unwrap()],
        tmp.path(),
    );
    tmp
}

/// The .deb installed by dpkg-deb into a temporary root.
pub fn install_deb() -> tempfile::TempDir {
    let root = tempdir().unwrap();
    let deb = dist().join(deb());
    ok(
        "dpkg-deb",
        &[
            "--extract",
            deb.to_str().unwrap(),
            root.path().to_str().unwrap(),
        ],
        &dist(),
    );
    root
}

/// What `readelf` says of a shipped binary's hardening (issue 18): a
/// position-independent executable, with full RELRO (a GNU_RELRO segment
/// and every symbol bound at start) and a stack that is not executable.
/// Returns the program headers and the dynamic section for more checks.
pub fn assert_hardened(bin: &Path) -> (String, String) {
    let dir = bin.parent().unwrap();
    let path = bin.to_str().unwrap();
    let headers = ok(
        "readelf",
        &["--file-header", "--program-headers", "--wide", path],
        dir,
    );
    assert!(
        headers.contains(
            "Type:                              DYN (Position-Independent Executable file)"
        ),
        "not PIE:\n{headers}"
    );
    assert!(headers.contains("\n  GNU_RELRO "), "no RELRO:\n{headers}");
    let stack = headers
        .lines()
        .find(|l| l.trim_start().starts_with("GNU_STACK"))
        .unwrap_or_else(|| panic!("no GNU_STACK:\n{headers}"));
    assert!(
        stack.trim_end().ends_with("RW  0x10") || stack.trim_end().ends_with("RW  0"),
        "executable stack: {stack}"
    );
    let dynamic = ok("readelf", &["--dynamic", "--wide", path], dir);
    assert!(
        dynamic.contains("(FLAGS)              BIND_NOW"),
        "{dynamic}"
    );
    assert!(dynamic.contains("Flags: NOW PIE"), "{dynamic}");
    (headers, dynamic)
}

/// The x86-64 binary starts with the functions a derivation runs
/// (xtask/link/hot-text.ld, README: Performance): the first section of code
/// is `.text.hot`, which the linker leaves out when no pattern matched, and
/// it spans a few of the kernel's 64 KiB fault windows, not the whole code
/// (445 KB in the .deb's; 646 KB in the static-pie's, with glibc's part).
pub fn assert_lays_out_the_derivation_first(bin: &Path) {
    let sections = ok(
        "readelf",
        &["--section-headers", "--wide", bin.to_str().unwrap()],
        bin.parent().unwrap(),
    );
    // "[16] .text.hot PROGBITS 00000000000cfb40 0ceb40 04cf73 00 AX 0 0 16"
    let code: Vec<(&str, usize)> = sections
        .lines()
        .filter_map(|l| {
            let f: Vec<&str> = l.split(']').nth(1)?.split_whitespace().collect();
            let size = usize::from_str_radix(f.get(4)?, 16).ok()?;
            f.get(6)?.contains('X').then_some((f[0], size))
        })
        .collect();
    assert_eq!(code.first().map(|c| c.0), Some(".text.hot"), "{sections}");
    let (hot, all) = (code[0].1, code.iter().map(|c| c.1).sum::<usize>());
    assert!(
        (64 << 10..=768 << 10).contains(&hot) && hot * 5 < all,
        ".text.hot is {hot} of {all} bytes of code"
    );
}
