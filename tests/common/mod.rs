//! Helpers shared by the binary's integration tests.
#![allow(dead_code)]

pub mod tools;

/// The AWS documentation's example secret access key.
pub const KEY: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
/// Its SigV4 password for us-east-1 (published vector).
pub const US_EAST_1: &str = "BLBM/9hSUELfq8Gw+rU1YcBjkOxGbhT2XG763xVLGWL9";
/// Its SigV4 password for eu-west-1 (published vector).
pub const EU_WEST_1: &str = "BMW5RDrXmmVs0lV7GpI4oLkHXpZ4stDsk6q91z1g38Pk";
/// Its SigV2 password (published vector).
pub const V2: &str = "An60U4ZD3sd4fg+FvXUjayOipTt8LO4rUUmhpdX6ctDy";
/// The AWS documentation's example access key ID.
pub const KEY_ID: &str = "AKIAIOSFODNN7EXAMPLE";

/// What a run of the binary produced.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// A command for the binary with the AWS variables a developer's shell may
/// have set removed, so that tests see the same environment everywhere.
pub fn cmd() -> assert_cmd::Command {
    let mut c = assert_cmd::cargo::cargo_bin_cmd!("ses-smtp-password");
    for var in [
        "AWS_REGION",
        "AWS_DEFAULT_REGION",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_ACCESS_KEY_ID",
        "AWS_SESSION_TOKEN",
        "AWS_PROFILE",
        "AWS_SHARED_CREDENTIALS_FILE",
        "AWS_CONFIG_FILE",
    ] {
        c.env_remove(var);
    }
    // Never the developer's own ~/.aws/config.
    c.env("AWS_CONFIG_FILE", NO_CONFIG);
    c.timeout(std::time::Duration::from_secs(20));
    c
}

/// The subcommands, in the order `manpage --dir` writes their pages.
pub const SUBCOMMANDS: [&str; 8] = [
    "identify",
    "check",
    "probe",
    "explain",
    "rotate",
    "regions",
    "completions",
    "manpage",
];

/// The manual page at `page` (roff, plain or gzipped) as `man` shows it at
/// 80 columns; the test fails if man fails or warns.
pub fn man_page(page: &std::path::Path) -> String {
    tools::need(&["man"]);
    let out = std::process::Command::new("man")
        .args(["--warnings", "-l"])
        .arg(page)
        .env("MANWIDTH", "80")
        .env("LC_ALL", "C.UTF-8")
        .output()
        .expect("man (apt-get install man-db)");
    assert!(out.status.success(), "man -l {}", page.display());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "",
        "{}: warnings",
        page.display()
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The config file the tests point at: none.
pub const NO_CONFIG: &str = "/nonexistent/aws-config";

/// Runs the binary with `args`, `stdin` (empty when None) and extra `env`.
pub fn run(args: &[&str], stdin: Option<&[u8]>, env: &[(&str, &str)]) -> Outcome {
    let mut c = cmd();
    c.args(args);
    for (k, v) in env {
        c.env(k, v);
    }
    // An empty pipe when there is nothing to feed: never the test's own stdin.
    c.write_stdin(stdin.unwrap_or_default().to_vec());
    Outcome::of(c.output().expect("run the binary"))
}

impl Outcome {
    /// A finished process's exit code (-1 when a signal ended it) and its
    /// output as text.
    pub fn of(out: std::process::Output) -> Outcome {
        Outcome {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

/// The two-line error format.
pub fn error(problem: &str, hint: &str) -> String {
    format!("error: {problem}\nhint: {hint}\n")
}

/// Asserts a failure: exact code, nothing on stdout, exact stderr.
pub fn assert_fails(name: &str, got: &Outcome, code: i32, stderr: &str) {
    assert_eq!(got.code, code, "{name}: exit code; stderr: {}", got.stderr);
    assert_eq!(got.stdout, "", "{name}: stdout must be empty on failure");
    assert_eq!(got.stderr, stderr, "{name}: stderr");
}

/// Asserts a success: code 0, exact stdout, exact stderr.
pub fn assert_ok(name: &str, got: &Outcome, stdout: &str, stderr: &str) {
    assert_eq!(got.code, 0, "{name}: exit code; stderr: {}", got.stderr);
    assert_eq!(got.stdout, stdout, "{name}: stdout");
    assert_eq!(got.stderr, stderr, "{name}: stderr");
}

/// Asserts that no 8-character window of `secret` appears in the output.
pub fn assert_no_leak(name: &str, secret: &str, got: &Outcome) {
    let output = format!("{}\n{}", got.stdout, got.stderr);
    let seen: std::collections::HashSet<&[u8]> = output.as_bytes().windows(8).collect();
    if let Some(w) = secret.as_bytes().windows(8).find(|w| seen.contains(w)) {
        panic!(
            "{name}: the output contains {:?} from the secret-like input\nstdout: {}\nstderr: {}",
            String::from_utf8_lossy(w),
            got.stdout,
            got.stderr
        );
    }
}

/// A random string of `len` characters from the secret-key alphabet.
pub fn random_key(len: usize) -> String {
    use rand::RngExt;
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut rng = rand::rng();
    (0..len)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect()
}

/// Runs `sh -c script` with `$BIN` set to the binary under test.
pub fn sh(script: &str) -> std::process::Output {
    std::process::Command::new("sh")
        .arg("-c")
        .arg(script)
        .env("BIN", assert_cmd::cargo::cargo_bin!("ses-smtp-password"))
        .output()
        .expect("run sh")
}

/// A temporary directory whose random part stands alone between `-`s
/// (`/tmp/ses-test-AbC1x9-dir`): paths in expected messages stay shown,
/// where `.tmpAbC1x9/file` would be a 16-character run of the key alphabet
/// that the redaction rules hide.
pub fn tempdir() -> std::io::Result<tempfile::TempDir> {
    tempfile::Builder::new()
        .prefix("ses-test-")
        .suffix("-dir")
        .tempdir()
}

/// The folder cargo builds into: `CARGO_TARGET_DIR` when set (relative to
/// the package, as cargo takes it), else `target/`; the tests that build a
/// release of their own put it in a folder of its own under it.
pub fn target_dir() -> std::path::PathBuf {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    match std::env::var_os("CARGO_TARGET_DIR").filter(|d| !d.is_empty()) {
        Some(dir) => root.join(dir),
        None => root.join("target"),
    }
}
