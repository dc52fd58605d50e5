//! What the process still holds when it exits: the release binary runs
//! under gdb, stops at libc's `exit`, and `gcore` dumps its whole memory
//! (stack, heap, std's buffers, registers). The dump is searched for the
//! secret, the secret XOR the HMAC pads (0x36, 0x5c, from which the key is
//! recovered), every intermediate SigV4 key and its padded forms, every HMAC
//! midstate, the final MAC and the password, raw and as text.
//!
//! Every source and format is run; only the environment block with `--env`
//! may keep the secret (it cannot be wiped). Needs gdb (`.ci/run` installs
//! it); the release build goes to `target/memory-test`, apart from the
//! debug build, so `cargo test` stays runnable while it builds.

// Tests: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

mod common;
#[cfg(feature = "rotate")]
#[allow(dead_code)]
mod rotate_support;
#[cfg(feature = "check")]
#[allow(dead_code)]
mod smtp_server;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use common::{KEY_ID, random_key};

/// The release binaries, built once for this test run: the folder.
fn release_folder() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let target = common::target_dir().join("memory-test");
        let status = Command::new(env!("CARGO"))
            .args(["build", "--release", "--locked", "--bins"])
            .env("CARGO_TARGET_DIR", &target)
            .current_dir(root)
            .status()
            .expect("run cargo build --release");
        assert!(status.success(), "the release build failed");
        target.join("release")
    })
}

/// The release build of ses-smtp-password.
fn release_binary() -> PathBuf {
    release_folder().join("ses-smtp-password")
}

fn hmac(key: &[u8], msg: &[u8]) -> Vec<u8> {
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, key);
    ring::hmac::sign(&key, msg).as_ref().to_vec()
}

/// An HMAC key padded to the block and XORed with `pad`.
fn padded(key: &[u8], pad: u8) -> [u8; 64] {
    let mut block = [pad; 64];
    for (b, k) in block.iter_mut().zip(key) {
        *b ^= k;
    }
    block
}

/// SHA-256's state after one block, as the sha2 crate keeps it in memory.
fn midstate(block: &[u8; 64]) -> Vec<u8> {
    let mut state: [u32; 8] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
        0x5be0cd19,
    ];
    sha2::block_api::compress256(&mut state, std::slice::from_ref(block));
    state.iter().flat_map(|w| w.to_ne_bytes()).collect()
}

/// Every byte string that must not outlive the process, named.
fn patterns(secret: &str, regions: &[&str]) -> Vec<(String, Vec<u8>)> {
    let mut out = vec![("secret".to_owned(), secret.as_bytes().to_vec())];
    // Part of a key is most of a key: every 16-character piece of it too
    // (rpassword's String, grown while the key is typed, held 24 of 40).
    for i in 0..=secret.len().saturating_sub(16) {
        out.push((
            format!("secret[{i}..]"),
            secret.as_bytes()[i..i + 16].to_vec(),
        ));
    }
    let hmac_key = |name: String, key: &[u8], out: &mut Vec<(String, Vec<u8>)>| {
        for (pad, label) in [(0x36u8, "ipad"), (0x5c, "opad")] {
            let block = padded(key, pad);
            out.push((format!("{name} ^ {label}"), block[..key.len()].to_vec()));
            out.push((format!("{name} {label} midstate"), midstate(&block)));
        }
        if key.len() <= 32 {
            out.push((name, key.to_vec()));
        }
    };
    // SigV2: one HMAC keyed with the secret.
    hmac_key("secret".to_owned(), secret.as_bytes(), &mut out);
    let mac = hmac(secret.as_bytes(), b"SendRawEmail");
    let mut passwords = vec![("v2".to_owned(), [&[2u8][..], &mac].concat())];
    out.push(("v2 mac".to_owned(), mac));
    // SigV4: the chain of keys.
    let signing = [b"AWS4".as_slice(), secret.as_bytes()].concat();
    hmac_key("AWS4 secret".to_owned(), &signing, &mut out);
    let date = hmac(&signing, b"11111111");
    for region in regions {
        let mut k = date.clone();
        hmac_key("kDate".to_owned(), &k, &mut out);
        for (i, m) in [region.as_bytes(), b"ses", b"aws4_request", b"SendRawEmail"]
            .iter()
            .enumerate()
        {
            k = hmac(&k, m);
            if i < 3 {
                hmac_key(format!("{region} key {i}"), &k, &mut out);
            }
        }
        out.push((format!("{region} mac"), k.clone()));
        passwords.push((region.to_string(), [&[4u8][..], &k].concat()));
    }
    use base64::Engine as _;
    for (name, raw) in passwords {
        let text = base64::engine::general_purpose::STANDARD.encode(&raw);
        out.push((format!("{name} password"), text.into_bytes()));
        out.push((format!("{name} password, raw"), raw));
    }
    out
}

/// How often each pattern occurs in `dump`, in one pass: windows whose
/// first 8 bytes start some pattern are compared in full.
fn counts(dump: &[u8], patterns: &[(String, Vec<u8>)]) -> Vec<usize> {
    let mut by_prefix: std::collections::HashMap<&[u8], Vec<usize>> = Default::default();
    for (i, (_, p)) in patterns.iter().enumerate() {
        by_prefix.entry(&p[..8]).or_default().push(i);
    }
    let mut out = vec![0; patterns.len()];
    for (at, window) in dump.windows(8).enumerate() {
        if let Some(candidates) = by_prefix.get(window) {
            for &i in candidates {
                if dump[at..].starts_with(&patterns[i].1) {
                    out[i] += 1;
                }
            }
        }
    }
    out
}

/// gdb running `binary` with `run` (arguments and redirections),
/// stopping at libc's `exit`, and dumping the process into `core`.
fn gdb(binary: &Path, run: &str, core: &Path) -> Command {
    common::tools::need(&["gdb", "gcore"]);
    let mut gdb = Command::new("gdb");
    gdb.args(["-nx", "-batch", "-ex", "set breakpoint pending on"])
        .args(["-ex", "break exit"])
        .arg("-ex")
        .arg(format!("run {run}"))
        .arg("-ex")
        .arg(format!("gcore {}", core.display()))
        .args(["-ex", "kill"])
        .arg(binary);
    gdb
}

/// Runs the release binary under gdb with `args` and `stdin`, dumps its
/// memory at `exit`, and returns the pattern names found, with counts.
fn found_at_exit(args: &str, stdin: &[u8], env: &[(&str, &str)], secret: &str) -> Vec<String> {
    scan(&dump_at_exit(&release_binary(), args, stdin, env), secret)
}

/// Runs `binary` under gdb with `args` and `stdin` and returns its memory
/// at `exit`; it must have printed something.
fn dump_at_exit(binary: &Path, args: &str, stdin: &[u8], env: &[(&str, &str)]) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("stdin");
    std::fs::write(&input, stdin).unwrap();
    let core = dir.path().join("core");
    let output = dir.path().join("stdout");
    let mut gdb = gdb(
        binary,
        &format!("{args} < {} > {}", input.display(), output.display()),
        &core,
    );
    gdb.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("AWS_SECRET_ACCESS_KEY");
    for (k, v) in env {
        gdb.env(k, v);
    }
    let run = gdb.output().expect("run gdb (apt-get install gdb)");
    let dump = std::fs::read(&core).unwrap_or_else(|_| {
        panic!(
            "gdb made no core for {args:?}: {}",
            String::from_utf8_lossy(&run.stderr)
        )
    });
    let printed = std::fs::read_to_string(&output).unwrap();
    assert!(!printed.is_empty(), "{args:?} printed nothing");
    dump
}

/// The patterns of `secret` found in a memory dump, with counts.
fn scan(dump: &[u8], secret: &str) -> Vec<String> {
    let long_region = format!("xx-{}-1", "y".repeat(40));
    let mut regions: Vec<&str> = ses_smtp_password::REGIONS.iter().map(|r| r.code).collect();
    regions.extend(["xx-new-1", long_region.as_str()]);
    let patterns = patterns(secret, &regions);
    patterns
        .iter()
        .zip(counts(dump, &patterns))
        .filter(|(_, n)| *n > 0)
        .map(|((name, _), n)| format!("{name} ×{n}"))
        .collect()
}

#[test]
fn no_key_material_is_left_at_exit() {
    let secret = random_key(40);
    let line = format!("{secret}\n");
    let dir = tempfile::tempdir().unwrap();
    let key_file = dir.path().join("key");
    std::fs::write(&key_file, &line).unwrap();
    let csv = dir.path().join("accessKeys.csv");
    std::fs::write(
        &csv,
        format!("Access key ID,Secret access key\r\n{KEY_ID},{secret}\r\n"),
    )
    .unwrap();
    let credentials = dir.path().join("credentials");
    std::fs::write(
        &credentials,
        format!("[default]\naws_access_key_id = {KEY_ID}\naws_secret_access_key = {secret}\n"),
    )
    .unwrap();
    let config = dir.path().join("config");
    std::fs::write(
        &config,
        format!(
            "[profile cfg]\naws_access_key_id: {KEY_ID}\naws_secret_access_key: {secret}\n\
             [profile proc]\ncredential_process = printf '{{\"Version\": 1, \"AccessKeyId\": \"{KEY_ID}\", \"SecretAccessKey\": \"{secret}\"}}'\n"
        ),
    )
    .unwrap();
    let json = format!(
        "{{\"AccessKey\": {{\"AccessKeyId\": \"{KEY_ID}\", \"SecretAccessKey\": \"{}\"}}}}",
        secret.replace('/', "\\/")
    );
    // The runner creates the file; the tool never does.
    let github_env = dir.path().join("github_env");
    std::fs::write(&github_env, "").unwrap();
    let env_lines =
        format!("export AWS_ACCESS_KEY_ID={KEY_ID}\nexport AWS_SECRET_ACCESS_KEY='{secret}'\n");
    // The secret last: what a run leaves behind is most likely the last key's.
    let many: String = (0..200)
        .map(|i| {
            if i == 199 {
                line.clone()
            } else {
                format!("{}\n", random_key(40))
            }
        })
        .collect();
    let long_region = format!("xx-{}-1", "y".repeat(40));
    let k = key_file.display().to_string();
    let c = csv.display().to_string();
    let cases: Vec<(String, String)> = vec![
        ("-r us-east-1".into(), line.clone()),
        ("-n -r us-east-1".into(), line.clone()),
        ("--v2".into(), line.clone()),
        ("-q".into(), line.clone()),
        ("-r us-east-1,eu-west-1,xx-new-1 -q".into(), line.clone()),
        (
            format!("--secret-file {k} -r eu-west-1 -f env --access-key-id {KEY_ID}"),
            String::new(),
        ),
        (format!("--csv {c} -r us-east-1 -f url"), String::new()),
        (
            "--csv - -r us-east-1 -f json".into(),
            std::fs::read_to_string(&csv).unwrap(),
        ),
        (
            "--profile default -r eu-west-1 -f env".into(),
            String::new(),
        ),
        ("--batch -r us-east-1".into(), many.clone()),
        (
            format!("--batch -r all,{long_region} -f json -q"),
            many.clone(),
        ),
        (format!("--batch --secret-file {k} --v2"), String::new()),
        ("-r us-east-1 -f url".into(), json),
        ("-r us-east-1 -f env".into(), env_lines.clone()),
        ("--profile cfg -r eu-west-1 -f url".into(), String::new()),
        ("--profile proc -r eu-west-1 -q".into(), String::new()),
        ("-r eu-west-1 -f k8s".into(), env_lines.clone()),
        (
            "-r eu-west-1,us-east-1 -f postfix".into(),
            env_lines.clone(),
        ),
        ("-r eu-west-1 -f fish".into(), env_lines.clone()),
        ("-r eu-west-1 -f github".into(), env_lines.clone()),
        ("-r eu-west-1 -f secretsmanager".into(), env_lines.clone()),
        ("-r eu-west-1,us-east-1 -f msmtp".into(), env_lines.clone()),
        (
            "-r eu-west-1 --app django -f json".into(),
            env_lines.clone(),
        ),
        ("-r eu-west-1 --app symfony".into(), env_lines.clone()),
        ("-r eu-west-1 -f exim --port 465".into(), env_lines.clone()),
        (
            "-r eu-west-1,us-east-1 -f sendmail".into(),
            env_lines.clone(),
        ),
        ("-r eu-west-1 -f terraform".into(), env_lines.clone()),
        // A log line that quoted the key: explain hides it, and keeps no copy.
        ("explain".into(), format!("535 Invalid {secret}\n")),
        ("-r eu-west-1 --app spring".into(), env_lines.clone()),
        ("-r eu-west-1 --app dotnet".into(), env_lines.clone()),
        (
            "-r eu-west-1 -f env --variables H,P,U,W".into(),
            env_lines.clone(),
        ),
    ];
    let creds = credentials.display().to_string();
    let conf = config.display().to_string();
    let github = github_env.display().to_string();
    let mut failures = Vec::new();
    for (args, stdin) in &cases {
        let env = [
            ("AWS_SHARED_CREDENTIALS_FILE", creds.as_str()),
            ("AWS_CONFIG_FILE", conf.as_str()),
            ("GITHUB_ENV", github.as_str()),
        ];
        let found = found_at_exit(args, stdin.as_bytes(), &env, &secret);
        if !found.is_empty() {
            failures.push(format!("{args}: {}", found.join(", ")));
        }
    }
    // --env: the environment block keeps the secret (once); nothing else may.
    let found = found_at_exit(
        "--env -r us-east-1",
        b"",
        &[("AWS_SECRET_ACCESS_KEY", &secret)],
        &secret,
    );
    let expected_env: Vec<String> = std::iter::once("secret ×1".to_owned())
        .chain((0..=24).map(|i| format!("secret[{i}..] ×1")))
        .collect();
    if found != expected_env {
        failures.push(format!("--env: {}", found.join(", ")));
    }
    assert!(
        failures.is_empty(),
        "key material left in memory at exit:\n{}",
        failures.join("\n")
    );
}

/// `check` hands the username and password to lettre, which keeps them in
/// ordinary `String`s during the login (its `Credentials`, the AUTH line).
/// They are freed when the login ends, and the zeroizing allocator wipes
/// them then: at exit, `check` leaves nothing either.
#[cfg(feature = "check")]
#[test]
fn check_leaves_nothing_at_exit() {
    let server = smtp_server::implicit_tls_server(std::sync::Arc::new(|_, _| true));
    let secret = random_key(40);
    let ca = server.pki.path("ca.pem");
    let args = format!(
        "check --endpoint {} --tls implicit --ca-file {ca} -r us-east-1 --access-key-id {KEY_ID}",
        server.endpoint()
    );
    let found = found_at_exit(&args, format!("{secret}\n").as_bytes(), &[], &secret);
    assert_eq!(
        found,
        Vec::<String>::new(),
        "check left key material at exit"
    );
}

/// `rotate`: the new key's secret arrives in IAM's answer (parsed by the
/// AWS SDK into its own buffers) and becomes one password per region; at
/// exit no trace of the secret or of anything derived from it remains.
#[cfg(feature = "rotate")]
#[test]
fn rotate_leaves_nothing_at_exit() {
    let moto = rotate_support::Moto::start();
    let (old, _) = moto.user_with_key("smtp");
    let regions = ["eu-west-1", "us-east-1"];
    let (server, _) = rotate_support::ses(&moto, &regions, std::time::Duration::ZERO);
    let home = tempfile::tempdir().unwrap();
    let home = home.path().to_str().unwrap();
    let args = format!(
        "rotate --endpoint {} --tls starttls --ca-file {} --user smtp -r {} -f json -q",
        server.endpoint(),
        server.pki.path("ca.pem"),
        regions.join(",")
    );
    let env = [
        ("AWS_ENDPOINT_URL", moto.url.as_str()),
        ("AWS_ACCESS_KEY_ID", "testing"),
        ("AWS_SECRET_ACCESS_KEY", "testing"),
        ("AWS_REGION", "us-east-1"),
        ("AWS_EC2_METADATA_DISABLED", "true"),
        ("HOME", home),
        ("XDG_STATE_HOME", home),
    ];
    let binary = release_folder().join("ses-smtp-password-rotate");
    let dump = dump_at_exit(&binary, &args, b"", &env);
    let new = rotate_support::new_key(&moto, "smtp", &old);
    let secret = moto.keys()[&new].0.clone();
    assert_eq!(
        scan(&dump, &secret),
        Vec::<String>::new(),
        "rotate left key material at exit"
    );
}

/// The key typed at the hidden prompt: gdb runs in a pseudo-terminal, the
/// key is typed there, and the dump is searched as for the other sources.
#[test]
fn a_typed_key_leaves_nothing_at_exit() {
    use expectrl::{Eof, Expect};
    let secret = random_key(40);
    let dir = tempfile::tempdir().unwrap();
    let core = dir.path().join("core");
    let output = dir.path().join("stdout");
    let gdb = gdb(
        &release_binary(),
        &format!("--prompt -r us-east-1 > {}", output.display()),
        &core,
    );
    let mut session = expectrl::session::OsSession::spawn(gdb).expect("gdb in a pty");
    session.set_expect_timeout(Some(std::time::Duration::from_secs(60)));
    session
        .expect("AWS secret access key (input hidden): ")
        .expect("the prompt");
    session.send_line(&secret).unwrap();
    session.expect(Eof).expect("gdb ends");
    let printed = std::fs::read_to_string(&output).unwrap();
    assert_eq!(printed.len(), 45, "one password was printed: {printed:?}");
    let found = scan(&std::fs::read(&core).expect("a core"), &secret);
    assert_eq!(
        found,
        Vec::<String>::new(),
        "--prompt left key material at exit"
    );
}
