//! The command line's behaviour as case files: `tests/cmd/*.toml`, one per
//! user-facing error and per output form. Each gives argv, stdin and the
//! environment, and the exact stdout, stderr and exit code.
//!
//! After a deliberate change of wording, refresh them with
//! `TRYCMD=overwrite cargo test --test cli_cases`, and read the diff.

#[test]
fn cli_cases() {
    trycmd::TestCases::new().case("tests/cmd/*.toml");
}
