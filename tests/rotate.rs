//! `rotate` end to end: moto's IAM server, the test SMTP server asking
//! moto which keys are Active, the binaries as users run them. After every
//! case: IAM's keys, statuses and tags, what the SMTP server accepted, and
//! the output's bytes (and the file's mode).

mod common;
mod rotate_support;
mod smtp_server;

use std::os::unix::fs::PermissionsExt as _;
use std::time::Duration;

use common::*;
use rotate_support::{Moto, rotate, ses, sigv4};

#[test]
fn rotates_one_region_to_standard_output() {
    let moto = Moto::start();
    let (old, _) = moto.user_with_key("smtp");
    let (server, accepted) = ses(&moto, &["eu-west-1"], Duration::ZERO);
    let home = tempdir().unwrap();
    let got = rotate(
        &moto,
        &server,
        home.path(),
        &["--user", "smtp", "-r", "eu-west-1", "-q"],
    );
    let state = moto.state("smtp");
    let keys = state["keys"].as_object().unwrap();
    assert_eq!(keys.len(), 2, "{got:?} {state}");
    let new = keys.keys().find(|k| **k != old).unwrap().clone();
    let secret = moto.keys()[&new].0.clone();
    assert_ok(
        "rotate",
        &got,
        &format!("{}\n", sigv4(&secret, "eu-west-1")),
        "",
    );
    assert_eq!(keys[&old], "Inactive");
    assert_eq!(keys[&new], "Active");
    let tags = state["tags"].as_object().unwrap();
    assert!(
        tags[&new]
            .as_str()
            .unwrap()
            .starts_with("ses-smtp-password active "),
        "{tags:?}"
    );
    assert!(
        tags[&new]
            .as_str()
            .unwrap()
            .ends_with(&format!(" replaced {old}"))
    );
    assert!(
        tags[&old]
            .as_str()
            .unwrap()
            .starts_with("ses-smtp-password retired ")
    );
    assert_eq!(*accepted.lock().unwrap(), [(new, "eu-west-1".to_owned())]);
    assert_no_leak("rotate", &secret, &got);
}
