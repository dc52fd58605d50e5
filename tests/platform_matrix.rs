//! The full cross matrix (issue 22): `cargo xtask dist` for all five
//! targets, the arm64 Linux binaries run under qemu-user through every
//! case file and the behaviour suite, the macOS binaries' Mach-O headers,
//! and the install channels over all the archives. About half an hour on
//! two cores, so `cargo test` lists these as ignored and `.ci/cross` runs
//! them (`cargo test --test platform_matrix -- --ignored`; README,
//! Platforms). The Windows build is tested in every run
//! (tests/platform_windows.rs).
#![allow(clippy::unwrap_used)]
#![cfg(feature = "check")]

mod common;
mod dist_support;
mod platforms;
#[allow(dead_code)]
mod smtp_server;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use dist_support::{VERSION, ok};
use platforms::Foreign;

const ARM64: &str = "aarch64-unknown-linux-gnu";
const QEMU: &str = "qemu-aarch64-static";

/// All five targets' artifacts, built once, in a target folder of their own.
fn dist() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        common::tools::need(&dist_support::CROSS_TOOLS);
        common::tools::need(&[
            "cargo-deb",
            "aarch64-linux-gnu-gcc",
            "/usr/aarch64-linux-gnu/lib/rcrt1.o",
            QEMU,
            "ziglang",
            "cargo-zigbuild",
            "tar",
            "dpkg-deb",
            "readelf",
            "python3",
        ]);
        let target = common::target_dir().join("cross-test");
        let out = Command::new(env!("CARGO"))
            .args(["xtask", "dist", "--repository", dist_support::REPOSITORY])
            .current_dir(dist_support::root())
            .env("CARGO_TARGET_DIR", &target)
            .env_remove("SOURCE_DATE_EPOCH")
            .stderr(std::process::Stdio::inherit())
            .output()
            .unwrap();
        assert!(out.status.success(), "cargo xtask dist failed");
        target.join("dist")
    })
}

/// An archive's top folder, extracted into target/cross-test/run/.
fn extracted(archive: &str) -> PathBuf {
    let dir = common::target_dir().join("cross-test/run");
    std::fs::create_dir_all(&dir).unwrap();
    ok(
        "tar",
        &[
            "--extract",
            "--gzip",
            "--file",
            dist().join(archive).to_str().unwrap(),
        ],
        &dir,
    );
    dir.join(archive.trim_end_matches(".tar.gz"))
}

fn tarball(target: &str) -> String {
    format!("ses-smtp-password-{VERSION}-{target}.tar.gz")
}

fn arm64() -> Foreign {
    Foreign {
        argv: vec![
            QEMU.into(),
            extracted(&tarball(ARM64)).join("ses-smtp-password").into(),
        ],
        path: |p| p.to_str().unwrap().to_owned(),
        env: vec![],
    }
}

/// SHA256SUMS lists the nine archives, and they verify.
#[test]
#[ignore = "the full cross matrix: .ci/cross runs it (README, Platforms)"]
fn five_targets_nine_archives_all_checksummed() {
    let sums = dist_support::channels::sums(dist());
    let mut expected: Vec<String> = [
        "x86_64-unknown-linux-gnu",
        "aarch64-unknown-linux-gnu",
        "x86_64-apple-darwin",
        "aarch64-apple-darwin",
    ]
    .iter()
    .map(|t| tarball(t))
    .collect();
    expected.push(format!(
        "ses-smtp-password-{VERSION}-x86_64-pc-windows-gnu.zip"
    ));
    expected.push(format!("ses-smtp-password_{VERSION}_amd64.deb"));
    expected.push(format!("ses-smtp-password_{VERSION}_arm64.deb"));
    expected.sort();
    assert_eq!(sums.keys().cloned().collect::<Vec<_>>(), expected);
    ok("sha256sum", &["--check", "--strict", "SHA256SUMS"], dist());
}

/// The arm64 tarball's binaries are static-pie aarch64 executables.
#[test]
#[ignore = "the full cross matrix: .ci/cross runs it (README, Platforms)"]
fn arm64_tarball_is_static_pie() {
    let folder = extracted(&tarball(ARM64));
    for bin in ["ses-smtp-password", "ses-smtp-password-rotate"] {
        let path = folder.join(bin);
        let header = ok(
            "readelf",
            &["--file-header", "--program-headers", path.to_str().unwrap()],
            &folder,
        );
        assert!(header.contains("AArch64"), "{bin}: {header}");
        assert!(
            header.contains("DYN (Position-Independent Executable file)"),
            "{bin}: {header}"
        );
        assert!(
            !header.contains("INTERP"),
            "{bin}: a static-pie has no interpreter"
        );
    }
}

/// Every case file, the x86-64 binary's specification, passes with the
/// arm64 binary under qemu: trycmd runs a two-line script that hands the
/// binary to qemu (the kernel here cannot, without binfmt_misc).
#[test]
#[ignore = "the full cross matrix: .ci/cross runs it (README, Platforms)"]
fn arm64_passes_every_case_file() {
    let bin = extracted(&tarball(ARM64)).join("ses-smtp-password");
    let wrapper = common::target_dir().join("cross-test/run/ses-smtp-password-arm64");
    std::fs::write(
        &wrapper,
        format!("#!/bin/sh\nexec {QEMU} {} \"$@\"\n", bin.display()),
    )
    .unwrap();
    ok("chmod", &["755", wrapper.to_str().unwrap()], Path::new("/"));
    // One case differs under qemu-user, not on arm64: qemu runs a vfork
    // (glibc's posix_spawn, which std uses) as a fork, so the child's
    // "no such program" never reaches the parent, and the child exits 127.
    // The case is checked here as qemu shows it; on real arm64 the binary
    // is the x86-64 one's code.
    const UNDER_QEMU: &str = "tests/cmd/error-profile-credential-process-missing.toml";
    trycmd::TestCases::new()
        .register_bin("ses-smtp-password", &wrapper)
        .case("tests/cmd/*.toml")
        .skip(UNDER_QEMU);
    let got = std::process::Command::new(&wrapper)
        .args(["--profile", "process-missing", "-r", "eu-west-1"])
        .env_clear()
        .env("AWS_SHARED_CREDENTIALS_FILE", "tests/data/credentials")
        .env("AWS_CONFIG_FILE", "tests/data/config")
        .env("PATH", "/usr/bin:/bin")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&got.stderr);
    assert!(
        stderr.ends_with("error: profile process-missing in tests/data/config, credential_process: exited with status 127\nhint: run the command yourself to see what it says; the AWS CLI would fail the same way\n"),
        "{stderr}"
    );
    assert_eq!(got.status.code(), Some(1));
}

#[test]
#[ignore = "the full cross matrix: .ci/cross runs it (README, Platforms)"]
fn arm64_behaviour_suite() {
    let f = arm64();
    platforms::published_vectors(&f);
    platforms::every_form(&f);
    platforms::every_source(&f);
    platforms::errors(&f);
    platforms::check(&f);
}

/// The arm64 .deb's binary is dynamically linked against arm64 glibc and
/// runs under qemu with Debian's arm64 libraries.
#[test]
#[ignore = "the full cross matrix: .ci/cross runs it (README, Platforms)"]
fn arm64_deb_installs_a_dynamic_binary_that_derives() {
    let root = common::tempdir().unwrap();
    let deb = dist().join(format!("ses-smtp-password_{VERSION}_arm64.deb"));
    ok(
        "dpkg-deb",
        &[
            "--extract",
            deb.to_str().unwrap(),
            root.path().to_str().unwrap(),
        ],
        dist(),
    );
    let fields = ok(
        "dpkg-deb",
        &["--field", deb.to_str().unwrap(), "Architecture", "Depends"],
        dist(),
    );
    assert!(fields.starts_with("Architecture: arm64\n"), "{fields}");
    let bin = root.path().join("usr/bin/ses-smtp-password");
    let header = ok(
        "readelf",
        &["--program-headers", bin.to_str().unwrap()],
        root.path(),
    );
    assert!(header.contains("/lib/ld-linux-aarch64.so.1"), "{header}");
    let f = Foreign {
        argv: vec![
            QEMU.into(),
            "-L".into(),
            "/usr/aarch64-linux-gnu".into(),
            bin.into(),
        ],
        path: |p| p.to_str().unwrap().to_owned(),
        env: vec![],
    };
    platforms::published_vectors(&f);
}

/// The macOS tarballs hold Mach-O executables for their CPU, which load
/// the Security and CoreFoundation frameworks from their system paths.
#[test]
#[ignore = "the full cross matrix: .ci/cross runs it (README, Platforms)"]
fn macos_binaries_are_mach_o_for_their_cpu() {
    for (target, cpu) in [
        ("x86_64-apple-darwin", 0x0100_0007u32),
        ("aarch64-apple-darwin", 0x0100_000c),
    ] {
        let folder = extracted(&tarball(target));
        for bin in ["ses-smtp-password", "ses-smtp-password-rotate"] {
            let bytes = std::fs::read(folder.join(bin)).unwrap();
            let word = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap());
            assert_eq!(word(0), 0xfeed_facf, "{target} {bin}: MH_MAGIC_64");
            assert_eq!(word(4), cpu, "{target} {bin}: CPU type");
            assert_eq!(word(12), 2, "{target} {bin}: MH_EXECUTE");
            assert_ne!(word(24) & 0x0020_0000, 0, "{target} {bin}: MH_PIE");
            let text = String::from_utf8_lossy(&bytes);
            for framework in ["Security", "CoreFoundation"] {
                let path = format!(
                    "/System/Library/Frameworks/{framework}.framework/Versions/A/{framework}"
                );
                assert!(text.contains(&path), "{target} {bin}: loads no {framework}");
            }
            assert!(
                text.contains("/usr/lib/libSystem.B.dylib"),
                "{target} {bin}: libSystem"
            );
        }
    }
}

#[test]
#[ignore = "the full cross matrix: .ci/cross runs it (README, Platforms)"]
fn channels_name_all_five_targets() {
    dist_support::channels::check_formula(dist());
    dist_support::channels::check_scoop(dist());
    dist_support::channels::check_binstall(dist());
    let formula = std::fs::read_to_string(dist().join("ses-smtp-password.rb")).unwrap();
    assert_eq!(formula.matches("url \"").count(), 4, "{formula}");
}
