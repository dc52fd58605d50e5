//! What every archive carries beside the binaries, generated from the
//! host's binary (the clap definitions are the same on every target):
//! manual pages, completions, the .deb's copyright file; and the .deb
//! itself, by cargo-deb.

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::{BIN, CARGO_DEB, Result, archive, cargo, fresh_dir, run, sorted_files};

/// The completion files, by shell, under the names each shell looks for.
pub const COMPLETIONS: [(&str, &str); 3] = [
    ("bash", "ses-smtp-password.bash"),
    ("zsh", "_ses-smtp-password"),
    ("fish", "ses-smtp-password.fish"),
];
/// PowerShell's, for the Windows archive (dot-sourced from `$PROFILE`).
pub const POWERSHELL: (&str, &str) = ("powershell", "_ses-smtp-password.ps1");

/// Manual pages and completion scripts, written by the binary itself from
/// its clap definitions, and the .deb's copyright file from `root`'s
/// LICENSE.
pub fn generate_assets(bin: &Path, root: &Path, assets: &Path) -> Result {
    let (man, gz, complete) = (
        assets.join("man"),
        assets.join("man.gz"),
        assets.join("complete"),
    );
    for dir in [&man, &gz, &complete] {
        fresh_dir(dir)?;
    }
    // `manpage --dir` prints the paths it wrote; they are not needed here.
    run(Command::new(bin)
        .arg("manpage")
        .arg("--dir")
        .arg(&man)
        .env_clear())?;
    // The .deb's copies, compressed as Debian policy asks (cargo-deb leaves
    // files from target/release/ as they are).
    for page in sorted_files(&man)? {
        let name = page
            .file_name()
            .expect("a listed file has a name")
            .to_string_lossy();
        archive::write_gz(&page, &gz.join(format!("{name}.gz")))?;
    }
    for (shell, name) in COMPLETIONS.iter().chain([&POWERSHELL]) {
        let script = run(Command::new(bin).args(["completions", shell]).env_clear())?;
        let path = complete.join(name);
        fs::write(&path, script).map_err(|e| format!("write {}: {e}", path.display()))?;
    }
    let license =
        fs::read_to_string(root.join("LICENSE")).map_err(|e| format!("read LICENSE: {e}"))?;
    let copyright = assets.join("copyright");
    fs::write(&copyright, debian_copyright(&license)?)
        .map_err(|e| format!("write {}: {e}", copyright.display()))
}

/// `/usr/share/doc/ses-smtp-password/copyright` in Debian's machine-readable
/// format (DEP-5), from LICENSE: its copyright line, and its text with each
/// line indented and each empty line a " .". (cargo-deb's own copies the
/// license file's lines unindented after the header, which no DEP-5 parser
/// reads as the license text.)
fn debian_copyright(license: &str) -> Result<String> {
    let (holder, text) = license
        .split_once('\n')
        .and_then(|(_, rest)| rest.trim_start().split_once('\n'))
        .and_then(|(line, text)| Some((line.strip_prefix("Copyright (c) ")?, text)))
        .ok_or("LICENSE: expected a title line, then a line \"Copyright (c) YEAR NAME\"")?;
    let mut out = format!(
        "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\
         Upstream-Name: {BIN}\n\nFiles: *\nCopyright: {holder}\nLicense: MIT\n"
    );
    for line in text.trim().lines() {
        out.push_str(if line.trim().is_empty() { " ." } else { " " });
        out.push_str(line.trim_end());
        out.push('\n');
    }
    Ok(out)
}

/// The .deb, by cargo-deb from the binary and assets already built.
pub fn cargo_deb(root: &Path, triple: &str, deb: &Path, epoch: u64) -> Result {
    let mut cmd = cargo();
    cmd.args([
        "deb",
        "--package",
        BIN,
        "--no-build",
        "--locked",
        "--target",
        triple,
    ])
    // The binary is already stripped (profile.release).
    .arg("--no-strip")
    .arg("--output")
    .arg(deb)
    .current_dir(root)
    .env("SOURCE_DATE_EPOCH", epoch.to_string());
    match cmd.output() {
        Ok(out) if out.status.success() => Ok(()),
        Ok(out) if String::from_utf8_lossy(&out.stderr).contains("no such command") => {
            Err(format!(
                "cargo-deb is not installed; install it with: cargo install cargo-deb --locked --version {CARGO_DEB}"
            ))
        }
        Ok(out) => Err(format!(
            "cargo deb failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        )),
        Err(e) => Err(format!("cannot run cargo: {e}")),
    }
}
