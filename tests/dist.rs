//! The release tarball and SHA256SUMS (issue 14), read by the programs
//! their users read them with: GNU tar, ldd, readelf, man, sha256sum; and
//! `cargo xtask dist` giving the same bytes twice. The .deb is in
//! tests/dist_deb.rs.
#![allow(clippy::unwrap_used)]

mod common;
mod dist_support;

use std::process::Command;

use common::tempdir;
use dist_support::*;

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
        commands()
            .iter()
            .map(|c| file(&format!("man/ses-smtp-password-{c}.1"))),
    );
    expected.push(file("man/ses-smtp-password.1"));
    expected.push(format!("-rwxr-xr-x root/root {f}/ses-smtp-password"));
    expected.push(format!("-rwxr-xr-x root/root {f}/ses-smtp-password-rotate"));
    assert_eq!(got, expected);
}

/// The tarball's binary is a static-pie, derives a published vector, and
/// its manual pages render.
#[test]
fn tarball_binary_is_static_pie_and_derives() {
    let tmp = extract_tarball();
    let top = tmp.path().join(folder());
    let bin = top.join("ses-smtp-password");
    assert_derives(&bin);
    // Static: no program interpreter and no library, for any x86-64 Linux;
    // and a PIE, so it loads at a random address (xtask/src/main.rs).
    let ldd = output(Command::new("ldd").arg(&bin));
    assert_eq!(
        String::from_utf8_lossy(&ldd.stdout).trim(),
        "statically linked"
    );
    for bin in [bin.clone(), top.join("ses-smtp-password-rotate")] {
        let ldd = output(Command::new("ldd").arg(&bin));
        assert_eq!(
            String::from_utf8_lossy(&ldd.stdout).trim(),
            "statically linked"
        );
        let (headers, dynamic) = assert_hardened(&bin);
        assert!(!headers.contains("\n  INTERP "), "INTERP in\n{headers}");
        assert!(!dynamic.contains("(NEEDED)"), "{dynamic}");
    }
    assert_hands_rotate_over(&bin);
    assert_renders(&top.join("man/ses-smtp-password.1"), "ses-smtp-password");
    for command in commands() {
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

/// The tarball's binary, like the .deb's, starts with the functions a
/// derivation runs: a static-pie faults in its own copy of glibc's code as
/// well, so the layout matters as much there (README: Performance).
#[test]
fn tarball_binary_lays_out_the_derivation_first() {
    let tmp = extract_tarball();
    assert_lays_out_the_derivation_first(&tmp.path().join(folder()).join("ses-smtp-password"));
}

/// sha256sum accepts SHA256SUMS, and refuses it once an artifact changes.
#[test]
fn sha256sums_verify_and_catch_a_changed_byte() {
    let checked = ok("sha256sum", &["--check", "--strict", "SHA256SUMS"], &dist());
    assert_eq!(
        checked,
        format!("{}: OK\n{}: OK\n{}: OK\n", tarball(), deb(), zip())
    );

    let copy = tempdir().unwrap();
    for name in ["SHA256SUMS", &tarball(), &deb(), &zip()] {
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
        format!("{}: OK\n{}: FAILED\n{}: OK\n", tarball(), deb(), zip())
    );
}

/// The same commit gives the same artifacts, byte for byte: the two runs
/// wrote the same SHA256SUMS.
#[test]
fn dist_is_reproducible() {
    let second = std::fs::read_to_string(dist().join("SHA256SUMS")).unwrap();
    assert_eq!(first_sums(), second);
}
