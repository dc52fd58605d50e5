//! What `cargo package` ships (issue 14): the crate as crates.io would
//! receive it. Reads the git checkout, so the package leaves this file out.

use std::path::Path;
use std::process::Command;

/// Runs `cmd` in the crate's folder, expecting success; returns stdout.
fn stdout(cmd: &mut Command) -> String {
    let out = cmd
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// `cargo package` ships the library, the binary, their tests and test
/// data, README and LICENSE: every tracked file but CI, the fuzz crate, the
/// release tooling, its test and this one.
#[test]
fn crate_package_holds_the_sources_tests_and_docs_only() {
    let listed = stdout(Command::new(env!("CARGO")).args([
        "package",
        "--locked",
        "--list",
        "--allow-dirty",
    ]));
    let mut got: Vec<&str> = listed.lines().collect();
    got.sort();
    let tracked = stdout(Command::new("git").arg("ls-files"));
    let left_out = [
        ".ci/",
        ".cargo/",
        "fuzz/",
        "xtask/",
        "tests/dist.rs",
        "tests/dist_deb.rs",
        "tests/dist_support/",
        "tests/dist_channels.rs",
        "tests/platform_windows.rs",
        "tests/platform_matrix.rs",
        "tests/platforms/",
        "tests/package.rs",
        "benches/compare.sh",
        "deny.toml",
    ];
    let mut expected: Vec<&str> = tracked
        .lines()
        .filter(|path| !left_out.iter().any(|out| path.starts_with(out)))
        .chain(["Cargo.toml.orig", ".cargo_vcs_info.json"])
        .collect();
    expected.sort();
    expected.dedup();
    assert_eq!(got, expected);
    for needed in [
        "README.md",
        "LICENSE",
        "Cargo.lock",
        "tests/data/published.tsv",
        "tests/data/regions.tsv",
    ] {
        assert!(got.contains(&needed), "the package lacks {needed}");
    }
    // No placeholder host: the repository field stays out until there is one.
    let manifest =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml")).unwrap();
    assert!(!manifest.contains("example.invalid") && !manifest.contains("\nrepository"));
}
