//! The five targets the release is built for, and how each is compiled on
//! this machine: natively, with a rustup target when one is installed, or
//! else with Debian's `rustc-web` building std from its source
//! (`-Zbuild-std`), each with the linker that target needs.

use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{BIN, ROTATE_BIN, Result, Workspace, cargo, run};

/// Which operating system a target is for: what its archive holds.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Os {
    /// A static-pie tarball and a .deb of this Debian architecture.
    Linux { deb_arch: &'static str },
    /// A tarball.
    Mac,
    /// A .zip.
    Windows,
}

/// One release target.
#[derive(Clone, Copy, Debug)]
pub struct Target {
    pub triple: &'static str,
    pub os: Os,
}

/// Every target, in the order the artifacts are listed.
pub const TARGETS: [Target; 5] = [
    Target {
        triple: "x86_64-unknown-linux-gnu",
        os: Os::Linux { deb_arch: "amd64" },
    },
    Target {
        triple: "aarch64-unknown-linux-gnu",
        os: Os::Linux { deb_arch: "arm64" },
    },
    Target {
        triple: "x86_64-apple-darwin",
        os: Os::Mac,
    },
    Target {
        triple: "aarch64-apple-darwin",
        os: Os::Mac,
    },
    Target {
        triple: "x86_64-pc-windows-gnu",
        os: Os::Windows,
    },
];

impl Target {
    /// The target named `triple`.
    pub fn named(triple: &str) -> Result<Target> {
        TARGETS
            .into_iter()
            .find(|t| t.triple == triple)
            .ok_or_else(|| {
                let known: Vec<_> = TARGETS.iter().map(|t| t.triple).collect();
                format!(
                    "no release target {triple}; the targets are {}",
                    known.join(", ")
                )
            })
    }

    /// The binaries' file name suffix.
    pub fn exe(self) -> &'static str {
        if self.os == Os::Windows { ".exe" } else { "" }
    }

    /// Whether this is the machine's own target (built with plain cargo).
    pub fn is_host(self) -> bool {
        self.triple == host()
    }
}

/// The triple of the machine building.
pub fn host() -> &'static str {
    // xtask runs where it was built, for the machine's own target.
    if cfg!(all(target_arch = "x86_64", target_os = "linux")) {
        "x86_64-unknown-linux-gnu"
    } else if cfg!(all(target_arch = "aarch64", target_os = "linux")) {
        "aarch64-unknown-linux-gnu"
    } else if cfg!(all(target_arch = "aarch64", target_os = "macos")) {
        "aarch64-apple-darwin"
    } else if cfg!(all(target_arch = "x86_64", target_os = "macos")) {
        "x86_64-apple-darwin"
    } else {
        "x86_64-pc-windows-gnu"
    }
}

/// Builds both binaries for `target` with `rustflags` into `dir`
/// (`dir/TRIPLE/release/`), and returns the main binary's path.
pub fn release_build(
    ws: &Workspace,
    target: Target,
    rustflags: &str,
    dir: &Path,
) -> Result<PathBuf> {
    let mut build = cargo();
    // rustc's aarch64 Linux target has no static-pie (its spec lacks
    // `static-position-independent-executables`; with +crt-static it links
    // a static executable at a fixed address). A copy of the spec with that
    // one field set, and std built for it, gives a static-pie.
    let static_cross = !target.is_host() && rustflags.contains("+crt-static");
    let toolchain = Toolchain::for_target(target, static_cross)?;
    let mut target_arg = PathBuf::from(target.triple);
    if static_cross && let Toolchain::DebianStd(rustc) = &toolchain {
        target_arg = static_pie_spec(rustc, target, &ws.target.join("target-specs"))?;
    }
    if target.os == Os::Mac && !cfg!(target_os = "macos") {
        // cargo-zigbuild: cargo with zig as the linker, which links Mach-O
        // from any host; the frameworks come from the stubs (macos_sdk.rs).
        build.arg("zigbuild");
        let sdk = crate::macos_sdk::write(&ws.target.join("macos-sdk"))?;
        build.env("SDKROOT", &sdk);
    } else {
        build.arg("build");
    }
    if target_arg.extension().is_some_and(|e| e == "json") {
        // After the subcommand: cargo refuses this -Z before it.
        build.arg("-Zjson-target-spec");
    }
    build
        .args([
            "--release",
            "--locked",
            "--package",
            BIN,
            "--bin",
            BIN,
            "--bin",
            ROTATE_BIN,
        ])
        .arg("--target")
        .arg(&target_arg)
        .current_dir(&ws.root)
        .env("CARGO_TARGET_DIR", dir)
        .env("RUSTFLAGS", rustflags)
        // Cargo prefers this to RUSTFLAGS; one left over would drop the flags.
        .env_remove("CARGO_ENCODED_RUSTFLAGS");
    if let Toolchain::DebianStd(rustc) = &toolchain {
        // Debian's compiler builds std for the target from rust-web-src;
        // RUSTC_BOOTSTRAP lets a stable compiler take -Z (std's build
        // needs it and nothing else here does).
        build
            .env("RUSTC", rustc)
            .env("RUSTC_BOOTSTRAP", "1")
            .arg("-Zbuild-std=std,panic_abort");
        // rustc strips Mach-O files with `rust-objcopy`, looked up in its
        // sysroot and then on PATH; Debian's rustc-web ships none, the
        // host toolchain's sysroot has it.
        if let Some(tools) = host_tools() {
            let path = env::var_os("PATH").unwrap_or_default();
            let joined = env::join_paths(std::iter::once(tools).chain(env::split_paths(&path)))
                .map_err(|e| format!("PATH: {e}"))?;
            build.env("PATH", joined);
        }
    }
    if let Some(linker) = linker(target) {
        let var = format!(
            "CARGO_TARGET_{}_LINKER",
            target.triple.to_uppercase().replace('-', "_")
        );
        if env::var_os(&var).is_none() {
            build.env(var, linker);
        }
    }
    run(&mut build)?;
    Ok(dir
        .join(target.triple)
        .join("release")
        .join(format!("{BIN}{}", target.exe())))
}

/// The linker a target needs on a Linux x86-64 machine (Debian's cross
/// GCCs); `None` for the host and for macOS (cargo-zigbuild sets its own).
fn linker(target: Target) -> Option<&'static str> {
    if target.is_host() {
        return None;
    }
    match target.triple {
        "x86_64-pc-windows-gnu" => Some("x86_64-w64-mingw32-gcc"),
        "aarch64-unknown-linux-gnu" => Some("aarch64-linux-gnu-gcc"),
        _ => None,
    }
}

/// Which compiler builds a target.
enum Toolchain {
    /// The host's own, or a rustup target installed for it.
    Installed,
    /// Debian's `rustc-web` (this path), building std itself.
    DebianStd(PathBuf),
}

impl Toolchain {
    /// `build_std`: the target's std must be built here (a changed spec).
    fn for_target(target: Target, build_std: bool) -> Result<Toolchain> {
        if target.is_host() || (!build_std && rustup_has(target.triple)) {
            return Ok(Toolchain::Installed);
        }
        let rustc = env::var_os("XTASK_CROSS_RUSTC")
            .map_or_else(|| PathBuf::from("/usr/bin/rustc"), PathBuf::from);
        let sysroot = run(Command::new(&rustc).args(["--print", "sysroot"])).map_err(|_| {
            format!(
                "no standard library for {0}: install it with `rustup target add {0}`, or install Debian's rustc-web and rust-web-src (README: Release files)",
                target.triple
            )
        })?;
        let src = Path::new(String::from_utf8_lossy(&sysroot).trim())
            .join("lib/rustlib/src/rust/library");
        if !src.is_dir() {
            return Err(format!(
                "{} has no standard library source ({}): install Debian's rust-web-src",
                rustc.display(),
                src.display()
            ));
        }
        Ok(Toolchain::DebianStd(rustc))
    }
}

/// Writes `TRIPLE.json` in `dir`: rustc's own spec of the target with
/// static-pie allowed, and returns its path. The file is named like the
/// target, so the build lands in `TRIPLE/release/` as any other.
fn static_pie_spec(rustc: &Path, target: Target, dir: &Path) -> Result<PathBuf> {
    let out = run(Command::new(rustc)
        .args([
            "--print",
            "target-spec-json",
            "-Zunstable-options",
            "--target",
            target.triple,
        ])
        .env("RUSTC_BOOTSTRAP", "1"))?;
    let mut spec: serde_json::Value =
        serde_json::from_slice(&out).map_err(|e| format!("rustc printed no target spec: {e}"))?;
    let fields = spec
        .as_object_mut()
        .ok_or("rustc's target spec is not a JSON object")?;
    fields.remove("is-builtin");
    fields.insert(
        "static-position-independent-executables".into(),
        true.into(),
    );
    std::fs::create_dir_all(dir).map_err(|e| format!("create {}: {e}", dir.display()))?;
    let path = dir.join(format!("{}.json", target.triple));
    let text = serde_json::to_string_pretty(&spec).expect("a JSON value serializes");
    std::fs::write(&path, text).map_err(|e| format!("write {}: {e}", path.display()))?;
    Ok(path)
}

/// The host toolchain's own tools folder (`rust-objcopy`, `rust-lld`).
fn host_tools() -> Option<PathBuf> {
    let out = run(Command::new("rustc").args(["--print", "sysroot"])).ok()?;
    let dir = Path::new(String::from_utf8_lossy(&out).trim())
        .join("lib/rustlib")
        .join(host())
        .join("bin");
    dir.is_dir().then_some(dir)
}

/// Whether rustup has the standard library for `triple` installed.
fn rustup_has(triple: &str) -> bool {
    Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .is_ok_and(|out| {
            String::from_utf8_lossy(&out.stdout)
                .lines()
                .any(|l| l.trim() == triple)
        })
}
