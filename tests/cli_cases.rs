//! The command line's behaviour as case files: `tests/cmd/*.toml`, one per
//! user-facing error and per output form. Each gives argv, stdin and the
//! environment, and the exact stdout, stderr and exit code.
//!
//! After a deliberate change of wording, refresh them with
//! `TRYCMD=overwrite cargo test --test cli_cases`, and read the diff. The
//! warning that a fixture in `tests/data` can be read by others depends on
//! the umask of the checkout: those cases match it with one `...` line,
//! which an overwrite replaces; put it back with
//! `sed -i -E 's/^warning: tests\/data\/.* can be read by group or others; .*$/.../' tests/cmd/*.toml`
//! (and one `...` for two such lines).

#[test]
fn cli_cases() {
    trycmd::TestCases::new().case("tests/cmd/*.toml");
}
