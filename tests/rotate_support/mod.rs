//! What `rotate`'s tests run against: moto's IAM server on 127.0.0.1 (a
//! fresh one per test), the tests' own IAM client (`iam.py`, boto3), and
//! the project's test SMTP server with an acceptance rule that asks moto:
//! a login passes only when the username is an Active key in moto's state
//! and the password is that key's SigV4 SMTP password for one of the
//! server's regions, and only once `delay` has passed since the server
//! first saw the key in moto (IAM's propagation, simulated). The password
//! is computed here with ring, not with the crate under test.

pub mod relay;

use std::collections::HashMap;
use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::common::tools::need;
use crate::common::*;
use crate::smtp_server::{TestServer, starttls_server};

/// A moto server; stopped when dropped.
pub struct Moto {
    child: Child,
    pub url: String,
    port: u16,
}

impl Moto {
    pub fn start() -> Moto {
        Moto::start_with(&[])
    }

    /// A moto server that checks every caller's signature and policy once
    /// `free` calls were made (moto's INITIAL_NO_AUTH_ACTION_COUNT): the
    /// set-up before a case is free, the case itself is authorized.
    pub fn start_checking_after(free: u32) -> Moto {
        Moto::start_with(&[("INITIAL_NO_AUTH_ACTION_COUNT", &free.to_string())])
    }

    fn start_with(env: &[(&str, &str)]) -> Moto {
        need(&["python3", "moto.server"]);
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new("python3")
            .args([
                "-m",
                "moto.server",
                "-H",
                "127.0.0.1",
                "-p",
                &port.to_string(),
            ])
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start moto (pip install 'moto[server]')");
        let moto = Moto {
            child,
            url: format!("http://127.0.0.1:{port}"),
            port,
        };
        let started = Instant::now();
        while moto.get("/moto-api/data.json").is_none() {
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "moto did not start"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        moto
    }

    fn get(&self, path: &str) -> Option<String> {
        http_get(self.port, path)
    }

    /// The server's process ID (a test stops IAM mid-rotation with it).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Stops the server: IAM becomes unreachable.
    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Moto's access keys: ID → (secret, Active?).
    pub fn keys(&self) -> HashMap<String, (String, bool)> {
        keys_at(self.port)
    }
}

/// A GET of `path` from 127.0.0.1:`port`: its body, when the answer is 200.
fn http_get(port: u16, path: &str) -> Option<String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    write!(s, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").ok()?;
    let mut text = String::new();
    s.read_to_string(&mut text).ok()?;
    let (head, body) = text.split_once("\r\n\r\n")?;
    head.split(' ')
        .nth(1)
        .filter(|code| *code == "200")
        .map(|_| body.to_owned())
}

/// Moto's access keys (its state, /moto-api/data.json): ID → (secret, Active?).
fn keys_at(port: u16) -> HashMap<String, (String, bool)> {
    let body = http_get(port, "/moto-api/data.json").unwrap_or_default();
    let data: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
    data["iam"]["AccessKey"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|k| {
            Some((
                k["access_key_id"].as_str()?.to_owned(),
                (
                    k["secret_access_key"].as_str()?.to_owned(),
                    k["status"].as_str()? == "Active",
                ),
            ))
        })
        .collect()
}

impl Moto {
    /// Runs the tests' IAM client.
    pub fn iam(&self, args: &[&str]) -> String {
        iam_at(&self.url, args)
    }

    /// The user's keys (ID → status) and tags, as IAM has them.
    pub fn state(&self, user: &str) -> serde_json::Value {
        serde_json::from_str(&self.iam(&["state", user])).unwrap()
    }

    /// Another key for `user` (as another admin would make it): its ID.
    pub fn add_key(&self, user: &str) -> String {
        let line = self.iam(&["key", user]);
        line.split(' ').next().unwrap().to_owned()
    }

    /// A user with one Active key; its ID and secret.
    pub fn user_with_key(&self, user: &str) -> (String, String) {
        self.iam(&["user", user]);
        let line = self.iam(&["key", user]);
        let (id, secret) = line.split_once(' ').unwrap();
        (id.to_owned(), secret.to_owned())
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// (name, value) pairs: a key ID and its status, or a tag and its value.
pub type Pairs = Vec<(String, String)>;

/// IAM's keys of `user` as (ID, status) and its tag values, sorted.
pub fn iam_state(moto: &Moto, user: &str) -> (Pairs, Pairs) {
    let state = moto.state(user);
    let pairs = |v: &serde_json::Value| {
        v.as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned()))
            .collect::<Vec<_>>()
    };
    (pairs(&state["keys"]), pairs(&state["tags"]))
}

/// Asserts a finished rotation in IAM: `new` Active, `old` Inactive and
/// tagged retired by this tool, no other key; returns the user's tags.
pub fn assert_rotated(moto: &Moto, user: &str, new: &str, old: &str) -> Pairs {
    let (keys, tags) = iam_state(moto, user);
    let mut expected = vec![
        (new.to_owned(), "Active".to_owned()),
        (old.to_owned(), "Inactive".to_owned()),
    ];
    expected.sort();
    assert_eq!(keys, expected);
    let retired = tags.iter().find(|(key, _)| key == old).map(|(_, v)| v);
    assert!(
        retired.is_some_and(|v| v.starts_with("ses-smtp-password retired ")),
        "{tags:?}"
    );
    tags
}

/// The value of the tag `key` among `tags`.
pub fn tag<'a>(tags: &'a Pairs, key: &str) -> &'a str {
    tags.iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no tag {key} in {tags:?}"))
}

/// The new key: the one of `user`'s keys that is not `old`.
pub fn new_key(moto: &Moto, user: &str, old: &str) -> String {
    let (keys, _) = iam_state(moto, user);
    keys.into_iter()
        .map(|(k, _)| k)
        .find(|k| k != old)
        .expect("a new key")
}

/// Runs the tests' IAM client against the moto server at `url`; what it
/// printed, trimmed.
pub fn iam_at(url: &str, args: &[&str]) -> String {
    let out = Command::new("python3")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/rotate_support/iam.py"
        ))
        .args(args)
        .env("MOTO_URL", url)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "iam.py {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

/// SigV4 SMTP password, computed with ring (not the crate under test).
pub fn sigv4(secret: &str, region: &str) -> String {
    use base64::Engine as _;
    use ring::hmac;
    let sign = |key: &[u8], msg: &str| {
        hmac::sign(&hmac::Key::new(hmac::HMAC_SHA256, key), msg.as_bytes())
            .as_ref()
            .to_vec()
    };
    let mut k = sign(format!("AWS4{secret}").as_bytes(), "11111111");
    for m in [region, "ses", "aws4_request", "SendRawEmail"] {
        k = sign(&k, m);
    }
    let mut raw = vec![4u8];
    raw.extend_from_slice(&k);
    base64::engine::general_purpose::STANDARD.encode(raw)
}

/// The logins the SMTP server accepted, as (key, region).
pub type Accepted = Arc<Mutex<Vec<(String, String)>>>;

/// The SMTP server that accepts exactly moto's Active keys, each with its
/// password for one of `regions`, `delay` after it first appeared; the
/// logins it accepted go to the returned list as (key, region).
pub fn ses(moto: &Moto, regions: &[&str], delay: Duration) -> (TestServer, Accepted) {
    let accepted = Arc::new(Mutex::new(Vec::new()));
    let seen: Arc<Mutex<HashMap<String, Instant>>> = Arc::default();
    let url = moto.port;
    let regions: Vec<String> = regions.iter().map(|r| (*r).to_owned()).collect();
    let log = Arc::clone(&accepted);
    let accept = Arc::new(move |user: &str, password: &str| {
        let keys = keys_at(url);
        let Some((secret, true)) = keys.get(user) else {
            return false;
        };
        let first = *seen
            .lock()
            .unwrap()
            .entry(user.to_owned())
            .or_insert_with(Instant::now);
        if first.elapsed() < delay {
            return false;
        }
        match regions.iter().find(|r| sigv4(secret, r) == password) {
            Some(region) => {
                log.lock().unwrap().push((user.to_owned(), region.clone()));
                true
            }
            None => false,
        }
    });
    (starttls_server(accept), accepted)
}

/// Runs `ses-smtp-password rotate` against `moto` and `server` with `args`.
pub fn rotate(moto: &Moto, server: &TestServer, home: &std::path::Path, args: &[&str]) -> Outcome {
    let out = rotate_command(moto, &server.endpoint(), server, home, args)
        .stdin(Stdio::null())
        .output();
    Outcome::of(out.expect("run the binary"))
}

/// `ses-smtp-password rotate ARGS` against `moto` and the SMTP server at
/// `endpoint` (whose CA is `server`'s), in an environment of its own: the
/// caller's credentials for moto, `home` as HOME and XDG_STATE_HOME.
pub fn rotate_command(
    moto: &Moto,
    endpoint: &str,
    server: &TestServer,
    home: &std::path::Path,
    args: &[&str],
) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_ses-smtp-password"));
    command
        .args(["rotate", "--endpoint", endpoint, "--tls", "starttls"])
        .args(["--ca-file", &server.pki.path("ca.pem"), "--timeout", "10"])
        .args(args)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .envs([
            ("AWS_ENDPOINT_URL", moto.url.as_str()),
            ("AWS_ACCESS_KEY_ID", "testing"),
            ("AWS_SECRET_ACCESS_KEY", "testing"),
            ("AWS_REGION", "us-east-1"),
            ("AWS_EC2_METADATA_DISABLED", "true"),
        ])
        .env("HOME", home)
        .env("XDG_STATE_HOME", home);
    command
}
