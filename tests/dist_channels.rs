//! The install channels `cargo xtask dist` generates (issue 22), read back
//! against the archives built here (the host's and Windows'):
//! tests/dist_support/channels.rs. .ci/cross checks them over all five.
#![allow(clippy::unwrap_used)]

mod common;
mod dist_support;

use dist_support::channels::{check_binstall, check_formula, check_scoop};
use dist_support::dist;

#[test]
fn homebrew_formula_downloads_the_tarballs_and_installs_what_they_hold() {
    check_formula(&dist());
}

#[test]
fn scoop_manifest_downloads_the_zip_and_names_its_programs() {
    check_scoop(&dist());
}

#[test]
fn binstall_templates_name_the_archives_and_the_binaries_in_them() {
    check_binstall(&dist());
}
