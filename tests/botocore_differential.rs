//! The AWS CLI's own credential lookup against ours: `tests/botocore_diff.py`
//! generates credentials and config files in every spelling the AWS CLI
//! reads and asks botocore (from PyPI; installed when missing) and this
//! binary for the same profile. They must give the same key, or both
//! refuse; then a hundred `credential_process` commands, split by
//! botocore (`shlex.split`) and by us and run; then a hundred spellings of
//! the two file variables with `$NAME`, `${NAME}` and `~` (botocore expands
//! them). The seed is printed; the script repeats a run given it.

mod common;

#[test]
fn botocore_and_we_find_the_same_key() {
    common::tools::need(&["python3", "botocore"]);
    let bin = assert_cmd::cargo::cargo_bin!("ses-smtp-password");
    let out = std::process::Command::new("python3")
        .arg("tests/botocore_diff.py")
        .arg(bin)
        .arg("400")
        .output()
        .expect("python3 runs");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{report}");
    assert!(report.contains("400 cases agree"), "{report}");
    assert!(
        report.contains("100 credential_process cases agree"),
        "{report}"
    );
    assert!(report.contains("100 file path cases agree"), "{report}");
    eprintln!("{report}");
}
