//! Release tasks for ses-smtp-password, run as `cargo xtask TASK` (the alias
//! is in `.cargo/config.toml`).
//!
//! `cargo xtask dist [--target TRIPLE]…` builds, into `target/dist/`, for
//! each of the five targets (all of them unless `--target` names some;
//! README: Release files):
//! - Linux (x86-64, arm64): `ses-smtp-password-VERSION-TRIPLE.tar.gz`, a
//!   static-pie binary (runs on any Linux of that architecture), one manual
//!   page per command, the bash, zsh and fish completions, README.md and
//!   LICENSE, in one top-level folder; and `ses-smtp-password_VERSION_ARCH.deb`,
//!   made by cargo-deb from `[package.metadata.deb]` with a dynamically
//!   linked PIE build, as Debian policy (10.1) asks of a package's binaries;
//! - macOS (x86-64, arm64): the same tarball, with the Mach-O binaries;
//! - Windows (x86-64): `ses-smtp-password-VERSION-x86_64-pc-windows-gnu.zip`,
//!   the two .exe files, README.md, LICENSE and the PowerShell completion;
//! - `SHA256SUMS` over all of them, in the format `sha256sum --check`
//!   reads; then, from those sums, a Homebrew formula and a Scoop manifest
//!   (channels.rs) for the archives built.
//!
//! The manual pages and completions come from the host's binary just built
//! (`manpage --dir`, `completions SHELL`), so they always describe it.
//! Archive timestamps are `SOURCE_DATE_EPOCH`, else the last commit's time:
//! the same commit gives the same archives.

mod archive;
mod assets;
mod channels;
mod macos_sdk;
mod targets;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::{env, fs};

use sha2::{Digest, Sha256};

use crate::targets::{Os, TARGETS, Target};

pub const BIN: &str = "ses-smtp-password";
/// The binary `ses-smtp-password rotate` runs, installed beside [`BIN`]:
/// it alone carries the AWS SDK (Cargo.toml, issue 19).
pub const ROTATE_BIN: &str = "ses-smtp-password-rotate";
/// The cargo-deb release `.ci/run` installs; named in the advice when missing.
pub const CARGO_DEB: &str = "3.8.0";
/// Every Linux build: position-independent (rustc's default), full RELRO
/// (read-only relocations, every symbol bound at start) and a stack that is
/// not executable, stated rather than left to defaults; relative
/// relocations packed (DT_RELR, glibc 2.36), a smaller table to apply.
const HARDENED: &str = "-C relocation-model=pie -C relro-level=full -C link-arg=-Wl,-z,noexecstack -C link-arg=-Wl,-z,pack-relative-relocs";
/// The tarball's build adds static glibc: a static-pie.
const STATIC: &str = "-C target-feature=+crt-static";

pub type Result<T = ()> = std::result::Result<T, String>;

const USAGE: &str = "usage: cargo xtask dist [--target TRIPLE]... [--repository URL]

  dist  build the release artifacts into target/dist/ (README: Release files),
        for every target, or for those --target names; the Homebrew formula
        and Scoop manifest download from URL/releases/download/vVERSION/
        (default: Cargo.toml's repository; without one they are not written)";

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let outcome = match args.split_first() {
        Some((task, rest)) if task == "dist" => {
            options(rest).and_then(|(targets, repository)| dist(&targets, repository))
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The targets `--target` names (in the table's order, all of them when
/// none is named), and `--repository`.
fn options(args: &[String]) -> Result<(Vec<Target>, Option<String>)> {
    let mut named = Vec::new();
    let mut repository = None;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let (name, value) = match arg.split_once('=') {
            Some((name, value)) => (name, Some(value)),
            None => (arg.as_str(), None),
        };
        let mut value = || {
            value
                .map(str::to_owned)
                .or_else(|| args.next().cloned())
                .ok_or(format!("{name} needs a value"))
        };
        match name {
            "--target" => named.push(Target::named(&value()?)?.triple),
            "--repository" => repository = Some(value()?.trim_end_matches('/').to_owned()),
            _ => return Err(format!("unknown argument {arg}\n{USAGE}")),
        }
    }
    let targets = TARGETS
        .into_iter()
        .filter(|t| named.is_empty() || named.contains(&t.triple))
        .collect();
    Ok((targets, repository))
}

/// What `cargo metadata` says of the workspace.
pub struct Workspace {
    pub root: PathBuf,
    pub target: PathBuf,
    pub version: String,
    /// Where the releases are published: `--repository`, else Cargo.toml's
    /// `repository`; none yet.
    pub repository: Option<String>,
    /// The one-line description (Cargo.toml).
    pub description: String,
}

/// The workspace root, its target directory (which honours
/// `CARGO_TARGET_DIR`) and the root package's version.
fn workspace() -> Result<Workspace> {
    let out = run(cargo().args(["metadata", "--format-version", "1", "--no-deps", "--locked"]))?;
    let meta: serde_json::Value =
        serde_json::from_slice(&out).map_err(|e| format!("cargo metadata printed no JSON: {e}"))?;
    let text = |v: &serde_json::Value| v.as_str().map(str::to_owned);
    let package = meta["packages"]
        .as_array()
        .and_then(|packages| packages.iter().find(|p| p["name"] == BIN))
        .ok_or(format!("cargo metadata lists no package {BIN}"))?;
    let field = |name: &str| text(&package[name]).ok_or(format!("Cargo.toml: {BIN} has no {name}"));
    Ok(Workspace {
        root: text(&meta["workspace_root"])
            .ok_or("cargo metadata: no workspace_root")?
            .into(),
        target: text(&meta["target_directory"])
            .ok_or("cargo metadata: no target_directory")?
            .into(),
        version: field("version")?,
        repository: text(&package["repository"]),
        description: field("description")?,
    })
}

/// `SOURCE_DATE_EPOCH` (the reproducible-builds convention), else the time
/// of the last commit.
fn source_date_epoch(root: &Path) -> Result<u64> {
    let text = match env::var("SOURCE_DATE_EPOCH") {
        Ok(value) => value,
        Err(_) => {
            let out = run(Command::new("git")
                .args(["log", "-1", "--format=%ct"])
                .current_dir(root))
            .map_err(|e| format!("{e}; set SOURCE_DATE_EPOCH outside a git checkout"))?;
            String::from_utf8_lossy(&out).into_owned()
        }
    };
    text.trim()
        .parse()
        .map_err(|_| format!("SOURCE_DATE_EPOCH must be whole seconds since 1970, not {text:?}"))
}

fn dist(targets: &[Target], repository: Option<String>) -> Result {
    let mut ws = workspace()?;
    ws.repository = repository.or(ws.repository.take());
    let epoch = source_date_epoch(&ws.root)?;
    // The manual pages and completions come from the host's binary: the
    // one the host's .deb ships, built whether or not the host is listed.
    let host = Target::named(targets::host())?;
    let host_bin = build_dynamic(&ws, host)?;
    let assets = ws.target.join("dist-assets");
    assets::generate_assets(&host_bin, &ws.root, &assets)?;

    let dist = ws.target.join("dist");
    fresh_dir(&dist)?;
    let mut artifacts = Vec::new();
    for &target in targets {
        let folder = format!("{BIN}-{}-{}", ws.version, target.triple);
        let bin = match target.os {
            Os::Linux { .. } => build_static_pie(&ws, target)?,
            Os::Mac | Os::Windows => {
                targets::release_build(&ws, target, "", &ws.target.join("cross"))?
            }
        };
        let mut files = vec![
            (
                format!("{folder}/{BIN}{}", target.exe()),
                bin.clone(),
                0o755,
            ),
            (
                format!("{folder}/{ROTATE_BIN}{}", target.exe()),
                bin.with_file_name(format!("{ROTATE_BIN}{}", target.exe())),
                0o755,
            ),
            (
                format!("{folder}/README.md"),
                ws.root.join("README.md"),
                0o644,
            ),
            (format!("{folder}/LICENSE"), ws.root.join("LICENSE"), 0o644),
        ];
        if target.os == Os::Windows {
            let (_, name) = assets::POWERSHELL;
            files.push((
                format!("{folder}/complete/{name}"),
                assets.join("complete").join(name),
                0o644,
            ));
            let zip = dist.join(format!("{folder}.zip"));
            archive::write_zip(&zip, &folder, &files, epoch)?;
            artifacts.push(zip);
            continue;
        }
        for page in sorted_files(&assets.join("man"))? {
            let name = page.file_name().expect("a listed file has a name");
            files.push((
                format!("{folder}/man/{}", name.to_string_lossy()),
                page,
                0o644,
            ));
        }
        for (_, name) in assets::COMPLETIONS {
            files.push((
                format!("{folder}/complete/{name}"),
                assets.join("complete").join(name),
                0o644,
            ));
        }
        let tarball = dist.join(format!("{folder}.tar.gz"));
        archive::write_tar_gz(&tarball, &folder, &files, epoch)?;
        artifacts.push(tarball);
        if let Os::Linux { deb_arch } = target.os {
            let deb_bin = build_dynamic(&ws, target)?;
            // cargo-deb reads its assets from `target/release/…`, which it
            // maps to the `--target` build's folder: the generated files
            // go beside that build's binary.
            let release = deb_bin.parent().expect("a binary path has a parent");
            copy_dir(&assets, &release.join("dist-assets"))?;
            let deb = dist.join(format!("{BIN}_{}_{deb_arch}.deb", ws.version));
            assets::cargo_deb(&ws.root, target.triple, &deb, epoch)?;
            artifacts.push(deb);
        }
    }

    let sums = dist.join("SHA256SUMS");
    let mut listed = Vec::new();
    for artifact in &artifacts {
        let bytes = fs::read(artifact).map_err(|e| format!("read {}: {e}", artifact.display()))?;
        let name = artifact
            .file_name()
            .expect("an artifact has a name")
            .to_string_lossy();
        listed.push((name.into_owned(), hex(&Sha256::digest(&bytes))));
    }
    let text: String = listed
        .iter()
        .map(|(name, sum)| format!("{sum}  {name}\n"))
        .collect();
    fs::write(&sums, text).map_err(|e| format!("write {}: {e}", sums.display()))?;
    artifacts.push(sums);
    match &ws.repository {
        Some(repository) => artifacts.extend(channels::write(&dist, &ws, repository, &listed)?),
        None => eprintln!(
            "xtask: no repository (Cargo.toml names none): the Homebrew formula and the Scoop manifest are not written; pass --repository URL"
        ),
    }
    for artifact in &artifacts {
        println!("{}", artifact.display());
    }
    Ok(())
}

/// The tarball's binary: a static-pie, glibc linked in, so it starts
/// without the dynamic loader and runs on any Linux of its architecture,
/// and still loads at a random address. It is built in a target folder of
/// its own, so the two builds' flags never invalidate each other's cache.
/// `--target` keeps the flags off build scripts and proc-macros, which
/// cannot be static.
fn build_static_pie(ws: &Workspace, target: Target) -> Result<PathBuf> {
    let flags = format!("{HARDENED} {STATIC}{}", hot_text(ws, target)?);
    targets::release_build(ws, target, &flags, &ws.target.join("static-pie"))
}

/// The .deb's binary: dynamically linked against the system's glibc (Debian
/// policy 10.1; lintian's `statically-linked-binary`), a PIE with full
/// RELRO. Its unwinder is linked in statically: rustc asks for libgcc_s,
/// and the shim folder answers `-lgcc_s` with libgcc_eh, the same code as
/// an archive. Loading libgcc_s.so.1 (its mapping, relocation and symbol
/// look-ups) was 0.11 ms of every start, 16% of /bin/true's whole run
/// (README, Performance); GCC's runtime library exception covers the copy.
fn build_dynamic(ws: &Workspace, target: Target) -> Result<PathBuf> {
    let shim = link_dir(ws)?;
    let script = shim.join("libgcc_s.so");
    fs::write(
        &script,
        "/* ses-smtp-password's xtask: the unwinder linked in statically. */\nINPUT ( -lgcc_eh )\n",
    )
    .map_err(|e| format!("write {}: {e}", script.display()))?;
    // All -L folders apply to all -l options, wherever they stand (GNU
    // ld), and the user's come before GCC's own: this one is found first.
    let flags = format!(
        "{HARDENED} -C link-arg=-L{}{}",
        shim.display(),
        hot_text(ws, target)?
    );
    targets::release_build(ws, target, &flags, &ws.target)
}

/// The flag that lays out x86-64 Linux code for a derivation, for both the
/// .deb's and the tarball's binary; nothing for other targets. The
/// functions a derivation runs come first in the code
/// (xtask/link/hot-text.ld): the kernel maps 64 KiB of a file per page
/// fault, and those functions otherwise fall in 28 such windows of the
/// 2.8 MB of code, 7 with this; the static-pie's glibc code, named by
/// libc.a's members, follows them. Start-up, against /bin/true's in the
/// same run: the .deb 1.43-1.45x before, 1.34-1.38x after; the static-pie
/// on a VM where faults cost twice as much, 1.43-1.44x before, 1.28-1.31x
/// with the Rust functions, 1.20-1.29x with glibc's too (README,
/// Performance). The list is made on x86-64 (its SHA-extension path), and
/// rust-lld reads the script. Cargo does not watch a linker script: a copy
/// named by its hash changes the flags, so a changed list relinks.
fn hot_text(ws: &Workspace, target: Target) -> Result<String> {
    if target.triple != "x86_64-unknown-linux-gnu" {
        return Ok(String::new());
    }
    let source = ws.root.join("xtask/link/hot-text.ld");
    let text = fs::read(&source).map_err(|e| format!("read {}: {e}", source.display()))?;
    let script = link_dir(ws)?.join(format!(
        "hot-text-{}.ld",
        &hex(&Sha256::digest(&text))[..16]
    ));
    fs::write(&script, &text).map_err(|e| format!("write {}: {e}", script.display()))?;
    Ok(format!(" -C link-arg=-Wl,-T,{}", script.display()))
}

/// The folder of files the links read (the libgcc_s shim, the layout
/// script's copies), created if missing.
fn link_dir(ws: &Workspace) -> Result<PathBuf> {
    let dir = ws.target.join("link-shim");
    fs::create_dir_all(&dir).map_err(|e| format!("create {}: {e}", dir.display()))?;
    Ok(dir)
}

/// Copies the files of `from` (and its folders, one level deep) to `to`.
fn copy_dir(from: &Path, to: &Path) -> Result {
    fresh_dir(to)?;
    for entry in sorted_files(from)? {
        let dest = to.join(entry.file_name().expect("a listed file has a name"));
        if entry.is_dir() {
            copy_dir(&entry, &dest)?;
        } else {
            fs::copy(&entry, &dest).map_err(|e| format!("copy {}: {e}", entry.display()))?;
        }
    }
    Ok(())
}

/// The cargo that runs this task (cargo sets `CARGO` for it).
pub fn cargo() -> Command {
    Command::new(env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// Runs `cmd` and returns its stdout; its stderr goes to ours.
pub fn run(cmd: &mut Command) -> Result<Vec<u8>> {
    let out = cmd
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run {cmd:?}: {e}"))?;
    if !out.status.success() {
        return Err(format!("{cmd:?} failed ({})", out.status));
    }
    Ok(out.stdout)
}

/// `dir`, empty: what an earlier run left there is removed.
pub fn fresh_dir(dir: &Path) -> Result {
    if dir.exists() {
        fs::remove_dir_all(dir).map_err(|e| format!("remove {}: {e}", dir.display()))?;
    }
    fs::create_dir_all(dir).map_err(|e| format!("create {}: {e}", dir.display()))
}

/// The files in `dir`, by name: archive order must not depend on the file
/// system's.
pub fn sorted_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = fs::read_dir(dir)
        .and_then(|entries| {
            entries
                .map(|e| e.map(|e| e.path()))
                .collect::<std::io::Result<Vec<_>>>()
        })
        .map_err(|e| format!("list {}: {e}", dir.display()))?;
    files.sort();
    Ok(files)
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
