//! The staged result: the new key's ID and its SMTP passwords (never the
//! secret), in a file of mode 0600 written atomically, from the moment the
//! key exists until it is delivered. A crash in between leaves it for
//! `--resume`; a rollback or a delivery removes it.
//!
//! Where: beside `--out FILE`, as its twin `.FILE.rotate-pending`; for
//! `--exec` and standard output, in
//! `${XDG_STATE_HOME:-~/.local/state}/ses-smtp-password/USER.rotate-pending`
//! (the folder made with mode 0700). One JSON object per region per line,
//! the `-f json` form: region, endpoint, port, username, password.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use ses_smtp_password::{Region, SmtpPassword, parse_region};
use zeroize::Zeroizing;

use crate::cli::flags::rotate::RotateArgs;
use crate::cli::output::file::write_atomic;
use crate::cli::output::form::{self, Credential, Form, Format};
use crate::cli::source::bytes::read_capped;

/// The most bytes read back (a few regions' lines take a few KiB).
const MAX_STAGED: usize = 64 * 1024;

/// A new key's ID and its passwords, by region.
#[derive(Debug)]
pub struct Staged {
    pub key: String,
    pub passwords: Vec<(Region, SmtpPassword)>,
}

/// Where the result of a rotation for `args` is staged.
pub fn path(args: &RotateArgs) -> Option<PathBuf> {
    if let Some(out) = &args.out {
        let name = out.file_name()?.to_string_lossy().into_owned();
        return Some(out.with_file_name(format!(".{name}.rotate-pending")));
    }
    let state = crate::cli::platform::state_dir()?;
    Some(
        state
            .join("ses-smtp-password")
            .join(format!("{}.rotate-pending", args.user)),
    )
}

/// Writes `staged` to `path` (mode 0600, atomically).
pub fn write(path: &Path, staged: &Staged, port: u16) -> io::Result<()> {
    if let Some(dir) = path.parent()
        && !dir.exists()
    {
        fs::DirBuilder::new().recursive(true).create(dir)?;
        crate::cli::platform::set_mode(&fs::File::open(dir)?, 0o700)?;
    }
    // JSON takes every credential: no format error is possible.
    let out = staged
        .render(
            Form {
                format: Format::Json,
                app: None,
            },
            port,
            true,
            &form::Labels {
                secret: "",
                variables: None,
            },
        )
        .unwrap_or_default();
    write_atomic(path, &out, 0o600)
}

impl Staged {
    /// Each region's credentials in `form`, one after another (`several`
    /// labels them with their regions; `labels` as for `form::render`).
    pub fn render(
        &self,
        form: Form,
        port: u16,
        several: bool,
        labels: &form::Labels<'_>,
    ) -> Result<Zeroizing<Vec<u8>>, form::FormatError> {
        let mut out = Zeroizing::new(Vec::with_capacity(2048 * self.passwords.len()));
        for (region, password) in &self.passwords {
            let endpoint = region.endpoint(false).ok();
            let credential = Credential {
                region: Some(region.code()),
                endpoint: endpoint.as_deref(),
                username: Some(&self.key),
                password,
            };
            form::render(&mut out, form, &credential, port, several, labels)?;
        }
        Ok(out)
    }
}

/// The staged result at `path`, if there is one and it reads back whole.
pub fn read(path: &Path) -> Option<Staged> {
    #[derive(serde::Deserialize)]
    struct Line<'a> {
        region: &'a str,
        username: &'a str,
        password: &'a str,
    }
    let mut file = fs::File::open(path).ok()?;
    let bytes = read_capped(&mut file, MAX_STAGED).ok()?;
    let mut key = None;
    let mut passwords = Vec::new();
    for line in bytes.split(|b| *b == b'\n').filter(|l| !l.is_empty()) {
        let line: Line<'_> = serde_json::from_slice(line).ok()?;
        if key.get_or_insert_with(|| line.username.to_owned()) != line.username {
            return None;
        }
        let region = parse_region(line.region).ok()?;
        passwords.push((region, SmtpPassword::parse(line.password)?));
    }
    Some(Staged {
        key: key?,
        passwords,
    })
}

/// Removes the staged file; one already gone is fine.
pub fn remove(path: &Path) -> io::Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_shows_the_key_id_and_never_a_password() {
        let secret = b"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        let password = ses_smtp_password::smtp_password_v4(secret, "eu-west-1");
        let staged = Staged {
            key: "AKIAIOSFODNN7EXAMPLE".to_owned(),
            passwords: vec![(parse_region("eu-west-1").unwrap(), password.clone())],
        };
        let shown = format!("{staged:?}");
        assert!(shown.contains("AKIAIOSFODNN7EXAMPLE"), "{shown}");
        assert!(!shown.contains(password.as_str()), "{shown}");
        assert!(shown.contains("<redacted>"), "{shown}");
    }
}
