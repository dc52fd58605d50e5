//! Release tasks for ses-smtp-password, run as `cargo xtask TASK` (the alias
//! is in `.cargo/config.toml`).
//!
//! `cargo xtask dist` builds, into `target/dist/`:
//! - `ses-smtp-password-VERSION-x86_64-unknown-linux-gnu.tar.gz`: a
//!   static-pie binary (runs on any x86-64 Linux), one manual page per
//!   command, the bash, zsh and fish completions, README.md and LICENSE, in
//!   one top-level folder;
//! - `ses-smtp-password_VERSION_amd64.deb`, made by cargo-deb from
//!   `[package.metadata.deb]` in the root Cargo.toml, with a dynamically
//!   linked PIE build, as Debian policy (10.1) asks of a package's binaries;
//! - `SHA256SUMS` for both, in the format `sha256sum --check` reads.
//!
//! The manual pages and completions come from the binary just built
//! (`manpage --dir`, `completions SHELL`), so they always describe it.
//! Archive timestamps are `SOURCE_DATE_EPOCH`, else the last commit's time:
//! the same commit gives the same tarball.

mod archive;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::{env, fs};

use sha2::{Digest, Sha256};

/// The one target the artifacts are built for.
const TARGET: &str = "x86_64-unknown-linux-gnu";
/// Debian's name for that architecture.
const DEB_ARCH: &str = "amd64";
const BIN: &str = "ses-smtp-password";
/// The binary `ses-smtp-password rotate` runs, installed beside [`BIN`]:
/// it alone carries the AWS SDK (Cargo.toml, issue 19).
const ROTATE_BIN: &str = "ses-smtp-password-rotate";
/// The cargo-deb release `.ci/run` installs; named in the advice when missing.
const CARGO_DEB: &str = "3.8.0";
/// Both builds: position-independent (rustc's default), full RELRO
/// (read-only relocations, every symbol bound at start) and a stack that is
/// not executable, stated rather than left to defaults; relative
/// relocations packed (DT_RELR, glibc 2.36), a smaller table to apply.
const HARDENED: &str = "-C relocation-model=pie -C relro-level=full -C link-arg=-Wl,-z,noexecstack -C link-arg=-Wl,-z,pack-relative-relocs";
/// The tarball's build adds static glibc: a static-pie.
const STATIC: &str = "-C target-feature=+crt-static";
/// The completion files, by shell, under the names each shell looks for.
const COMPLETIONS: [(&str, &str); 3] = [
    ("bash", "ses-smtp-password.bash"),
    ("zsh", "_ses-smtp-password"),
    ("fish", "ses-smtp-password.fish"),
];

type Result<T = ()> = std::result::Result<T, String>;

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let outcome = match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["dist"] => dist(),
        _ => {
            eprintln!(
                "usage: cargo xtask dist\n\n  dist  build the release artifacts into target/dist/ (README: Install)"
            );
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

/// What `cargo metadata` says of the workspace.
struct Workspace {
    root: PathBuf,
    target: PathBuf,
    version: String,
}

fn dist() -> Result {
    let ws = workspace()?;
    let epoch = source_date_epoch(&ws.root)?;
    let deb_bin = build_dynamic(&ws)?;
    let bin = build_static_pie(&ws)?;
    // cargo-deb reads its assets from `target/release/…`, which it maps to
    // the `--target` build directory: the generated files go beside the
    // .deb's binary, where both the tarball and the .deb take them from.
    let release = deb_bin.parent().expect("a binary path has a parent");
    let assets = release.join("dist-assets");
    generate_assets(&bin, &ws.root, &assets)?;

    let dist = ws.target.join("dist");
    fresh_dir(&dist)?;

    let folder = format!("{BIN}-{}-{TARGET}", ws.version);
    let tarball = dist.join(format!("{folder}.tar.gz"));
    let mut files = vec![
        (format!("{folder}/{BIN}"), bin.clone(), 0o755),
        (
            format!("{folder}/{ROTATE_BIN}"),
            bin.with_file_name(ROTATE_BIN),
            0o755,
        ),
        (
            format!("{folder}/README.md"),
            ws.root.join("README.md"),
            0o644,
        ),
        (format!("{folder}/LICENSE"), ws.root.join("LICENSE"), 0o644),
    ];
    for page in sorted_files(&assets.join("man"))? {
        let name = page.file_name().expect("a listed file has a name");
        files.push((
            format!("{folder}/man/{}", name.to_string_lossy()),
            page,
            0o644,
        ));
    }
    for (_, name) in COMPLETIONS {
        files.push((
            format!("{folder}/complete/{name}"),
            assets.join("complete").join(name),
            0o644,
        ));
    }
    archive::write_tar_gz(&tarball, &folder, &files, epoch)?;

    let deb = dist.join(format!("{BIN}_{}_{DEB_ARCH}.deb", ws.version));
    cargo_deb(&ws.root, &deb, epoch)?;

    let sums = dist.join("SHA256SUMS");
    let mut text = String::new();
    for artifact in [&tarball, &deb] {
        let bytes = fs::read(artifact).map_err(|e| format!("read {}: {e}", artifact.display()))?;
        let name = artifact
            .file_name()
            .expect("an artifact has a name")
            .to_string_lossy();
        text.push_str(&format!("{}  {name}\n", hex(&Sha256::digest(&bytes))));
    }
    fs::write(&sums, text).map_err(|e| format!("write {}: {e}", sums.display()))?;
    for artifact in [&tarball, &deb, &sums] {
        println!("{}", artifact.display());
    }
    Ok(())
}

/// The workspace root, its target directory (which honours
/// `CARGO_TARGET_DIR`) and the root package's version.
fn workspace() -> Result<Workspace> {
    let out = run(cargo().args(["metadata", "--format-version", "1", "--no-deps", "--locked"]))?;
    let meta: serde_json::Value =
        serde_json::from_slice(&out).map_err(|e| format!("cargo metadata printed no JSON: {e}"))?;
    let text = |v: &serde_json::Value| v.as_str().map(str::to_owned);
    let version = meta["packages"]
        .as_array()
        .and_then(|packages| packages.iter().find(|p| p["name"] == BIN))
        .and_then(|p| text(&p["version"]))
        .ok_or(format!("cargo metadata lists no package {BIN}"))?;
    Ok(Workspace {
        root: text(&meta["workspace_root"])
            .ok_or("cargo metadata: no workspace_root")?
            .into(),
        target: text(&meta["target_directory"])
            .ok_or("cargo metadata: no target_directory")?
            .into(),
        version,
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

/// The tarball's binary: a static-pie, glibc linked in, so it starts
/// without the dynamic loader and runs on any x86-64 Linux, and still loads
/// at a random address. It is built in a target folder of its own, so the
/// two builds' flags never invalidate each other's cache. `--target` keeps
/// the flags off build scripts and proc-macros, which cannot be static.
fn build_static_pie(ws: &Workspace) -> Result<PathBuf> {
    let dir = ws.target.join("static-pie");
    release_build(ws, &format!("{HARDENED} {STATIC}"), Some(&dir))?;
    Ok(dir.join(TARGET).join("release").join(BIN))
}

/// The .deb's binary: dynamically linked against the system's glibc (Debian
/// policy 10.1; lintian's `statically-linked-binary`), a PIE with full
/// RELRO. Its unwinder is linked in statically: rustc asks for libgcc_s,
/// and the shim folder answers `-lgcc_s` with libgcc_eh, the same code as
/// an archive. Loading libgcc_s.so.1 (its mapping, relocation and symbol
/// look-ups) was 0.11 ms of every start, 16% of /bin/true's whole run
/// (README, Performance); GCC's runtime library exception covers the copy.
fn build_dynamic(ws: &Workspace) -> Result<PathBuf> {
    let shim = ws.target.join("link-shim");
    fs::create_dir_all(&shim).map_err(|e| format!("create {}: {e}", shim.display()))?;
    let script = shim.join("libgcc_s.so");
    fs::write(
        &script,
        "/* ses-smtp-password's xtask: the unwinder linked in statically. */\nINPUT ( -lgcc_eh )\n",
    )
    .map_err(|e| format!("write {}: {e}", script.display()))?;
    // All -L folders apply to all -l options, wherever they stand (GNU
    // ld), and the user's come before GCC's own: this one is found first.
    let flags = format!("{HARDENED} -C link-arg=-L{}", shim.display());
    release_build(ws, &flags, None)?;
    Ok(ws.target.join(TARGET).join("release").join(BIN))
}

/// `cargo build --release --target TARGET` of both binaries with `rustflags`,
/// into `target_dir` when given.
fn release_build(ws: &Workspace, rustflags: &str, target_dir: Option<&Path>) -> Result {
    let mut build = cargo();
    build
        .args([
            "build",
            "--release",
            "--locked",
            "--package",
            BIN,
            "--bin",
            BIN,
            "--bin",
            ROTATE_BIN,
            "--target",
            TARGET,
        ])
        .current_dir(&ws.root)
        .env("RUSTFLAGS", rustflags)
        // Cargo prefers this to RUSTFLAGS; one left over would drop the flags.
        .env_remove("CARGO_ENCODED_RUSTFLAGS");
    if let Some(dir) = target_dir {
        build.env("CARGO_TARGET_DIR", dir);
    }
    run(&mut build)?;
    Ok(())
}

/// Manual pages and completion scripts, written by the binary itself from
/// its clap definitions, and the .deb's copyright file from `root`'s
/// LICENSE.
fn generate_assets(bin: &Path, root: &Path, assets: &Path) -> Result {
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
    for (shell, name) in COMPLETIONS {
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
fn cargo_deb(root: &Path, deb: &Path, epoch: u64) -> Result {
    let mut cmd = cargo();
    cmd.args([
        "deb",
        "--package",
        BIN,
        "--no-build",
        "--locked",
        "--target",
        TARGET,
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

/// The cargo that runs this task (cargo sets `CARGO` for it).
fn cargo() -> Command {
    Command::new(env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// Runs `cmd` and returns its stdout; its stderr goes to ours.
fn run(cmd: &mut Command) -> Result<Vec<u8>> {
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
fn fresh_dir(dir: &Path) -> Result {
    if dir.exists() {
        fs::remove_dir_all(dir).map_err(|e| format!("remove {}: {e}", dir.display()))?;
    }
    fs::create_dir_all(dir).map_err(|e| format!("create {}: {e}", dir.display()))
}

/// The files in `dir`, by name: archive order must not depend on the file
/// system's.
fn sorted_files(dir: &Path) -> Result<Vec<PathBuf>> {
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

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
