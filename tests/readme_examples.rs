//! The README's block of every app and destination form: each `$ …`
//! command run with the AWS documentation's key as `key.txt`, its output
//! compared byte for byte with the lines under it, so the README cannot
//! drift from the program.

// Tests: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;

#[test]
fn every_example_prints_what_the_readme_shows() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let begin = readme.find("<!-- examples: begin").unwrap();
    let end = readme.find("<!-- examples: end -->").unwrap();
    let block = &readme[begin..end];
    let body = block
        .split_once("```console\n")
        .and_then(|(_, rest)| rest.split_once("```\n"))
        .map(|(body, _)| body)
        .unwrap();
    let mut examples: Vec<(String, String)> = Vec::new();
    for line in body.lines() {
        match line.strip_prefix("$ ses-smtp-password ") {
            Some(command) => examples.push((command.to_owned(), String::new())),
            None => {
                let (_, shown) = examples.last_mut().unwrap();
                shown.push_str(line);
                shown.push('\n');
            }
        }
    }
    assert_eq!(examples.len(), 20);
    for (command, shown) in examples {
        let args: Vec<&str> = command
            .strip_suffix(" < key.txt")
            .unwrap()
            .split(' ')
            .collect();
        let got = run(&args, Some(format!("{KEY}\n").as_bytes()), &[]);
        assert_ok(&command, &got, &shown, "");
    }
}
