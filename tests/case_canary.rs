//! The leak canary over every case file's inputs: each case in
//! `tests/cmd/*.toml` runs again with its secrets replaced by random ones,
//! and no 8-character window of a secret may appear in what it prints.
//! Cases whose key sits in a fixture file keep the AWS example key, which
//! is checked the same way.

// Tests: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

mod common;

use common::{KEY, Outcome, assert_no_leak, cmd, random_key};

/// The secrets the case files use, besides the example key.
const OTHER_SECRETS: [&str; 2] = [
    "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
    // A key without `/` or `+`, which is also a valid variable name.
    "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEYAB",
];

/// One case file's inputs.
struct Inputs {
    args: Vec<String>,
    stdin: String,
    env: Vec<(String, String)>,
}

fn read_case(path: &std::path::Path) -> Inputs {
    let text = std::fs::read_to_string(path).unwrap();
    let case: toml::Table = text.parse().unwrap();
    let strings = |v: Option<&toml::Value>| -> Vec<String> {
        v.and_then(toml::Value::as_array)
            .map(|a| a.iter().map(|s| s.as_str().unwrap().to_owned()).collect())
            .unwrap_or_default()
    };
    let env = case
        .get("env")
        .and_then(|e| e.get("add"))
        .and_then(toml::Value::as_table)
        .map(|t| {
            t.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
                .collect()
        })
        .unwrap_or_default();
    // Every case runs in an environment of its own making.
    assert_eq!(
        case.get("env")
            .and_then(|e| e.get("inherit"))
            .and_then(toml::Value::as_bool),
        Some(false),
        "{}: set [env] inherit = false",
        path.display()
    );
    Inputs {
        args: strings(case.get("args")),
        stdin: case
            .get("stdin")
            .and_then(toml::Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        env,
    }
}

fn run(inputs: &Inputs) -> Outcome {
    let mut c = cmd();
    c.env_clear().args(&inputs.args);
    for (k, v) in &inputs.env {
        c.env(k, v);
    }
    c.write_stdin(inputs.stdin.clone().into_bytes());
    let out = c.output().unwrap();
    Outcome {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn no_case_prints_a_secret() {
    let mut files: Vec<_> = std::fs::read_dir("tests/cmd")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert!(files.len() >= 40, "only {} case files", files.len());
    let mut substituted = 0;
    for path in &files {
        let name = path.display().to_string();
        let mut inputs = read_case(path);
        // The example key as the cases have it (it is also in the fixtures).
        assert_no_leak(&name, KEY, &run(&inputs));
        // Then every secret replaced by a canary of the same shape; the
        // truncated example key after the whole one.
        let mut canaries = Vec::new();
        for secret in [KEY, &KEY[..KEY.len() - 1]]
            .into_iter()
            .chain(OTHER_SECRETS)
        {
            let canary = if secret.contains('/') {
                random_key(secret.len())
            } else {
                random_key(secret.len()).replace(['+', '/'], "Q")
            };
            let swap = |s: &mut String| *s = s.replace(secret, &canary);
            let before = format!("{:?}{}{:?}", inputs.args, inputs.stdin, inputs.env);
            inputs.args.iter_mut().for_each(swap);
            swap(&mut inputs.stdin);
            inputs.env.iter_mut().for_each(|(_, v)| swap(v));
            if before != format!("{:?}{}{:?}", inputs.args, inputs.stdin, inputs.env) {
                canaries.push(canary);
            }
        }
        if canaries.is_empty() {
            continue;
        }
        substituted += 1;
        let got = run(&inputs);
        for canary in &canaries {
            assert_no_leak(&name, canary, &got);
        }
    }
    // Most cases carry a secret; a change that stopped substituting would
    // make this test vacuous.
    assert!(
        substituted >= 60,
        "only {substituted} cases carried a secret"
    );
}
