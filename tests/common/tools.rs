//! The programs and Python modules the tests run, found or installed: a
//! test that needs one calls [`need`] first, so `cargo test` on a fresh
//! machine installs what it lacks (as root, from the package registries)
//! instead of failing half-way or skipping. Nothing is skipped: a tool that
//! cannot be installed fails the test that needs it, saying how to install
//! it by hand.

use std::path::Path;
use std::process::Command;
use std::sync::Mutex;

/// How each tool is installed: a Debian package, a PyPI package (for a
/// Python module), a crate at a pinned version, or a Debian package
/// unpacked (not installed) under the target folder, for an MTA whose
/// package conflicts with Postfix's (they all provide
/// mail-transport-agent); its library dependencies are installed.
#[derive(Clone, Copy)]
enum From {
    Apt(&'static str),
    Pip(&'static str),
    Cargo(&'static str, &'static str),
    Unpacked(&'static str),
}

/// Every tool a test runs, and where it comes from.
const TOOLS: &[(&str, From)] = &[
    ("openssl", From::Apt("openssl")),
    ("setsid", From::Apt("util-linux")),
    ("setpriv", From::Apt("util-linux")),
    ("stty", From::Apt("coreutils")),
    ("mkfifo", From::Apt("coreutils")),
    ("/usr/bin/time", From::Apt("time")),
    ("gdb", From::Apt("gdb")),
    ("gcore", From::Apt("gdb")),
    ("man", From::Apt("man-db")),
    ("fish", From::Apt("fish")),
    ("postmap", From::Apt("postfix")),
    ("msmtp", From::Apt("msmtp")),
    // --app's consumers (tests/format_apps.rs, tests/consumers/).
    ("php", From::Apt("php-cli")),
    (
        "/usr/share/php/Dotenv/autoload.php",
        From::Apt("php-vlucas-phpdotenv"),
    ),
    (
        "/usr/share/php/Symfony/Component/Dotenv/autoload.php",
        From::Apt("php-symfony-dotenv"),
    ),
    (
        "/usr/share/php/Symfony/Component/Mailer/autoload.php",
        From::Apt("php-symfony-mailer"),
    ),
    (
        "/usr/share/php/Symfony/Component/Mailer/Bridge/Amazon/autoload.php",
        From::Apt("php-symfony-amazon-mailer"),
    ),
    (
        "/usr/share/php/Symfony/Component/DependencyInjection/autoload.php",
        From::Apt("php-symfony-dependency-injection"),
    ),
    ("ruby", From::Apt("ruby")),
    // The MTAs beyond Postfix (tests/format_mtas.rs), by their path in
    // the unpacked package: see `unpacked`.
    ("usr/sbin/makemap", From::Unpacked("sendmail-bin")),
    ("usr/sbin/exim4", From::Unpacked("exim4-daemon-light")),
    ("usr/sbin/ssmtp", From::Unpacked("ssmtp")),
    ("java", From::Apt("openjdk-17-jre-headless")),
    ("tar", From::Apt("tar")),
    ("sha256sum", From::Apt("coreutils")),
    ("dpkg-deb", From::Apt("dpkg")),
    ("ldd", From::Apt("libc-bin")),
    ("readelf", From::Apt("binutils")),
    ("lintian", From::Apt("lintian")),
    ("python3", From::Apt("python3")),
    ("botocore", From::Pip("botocore")),
    ("dotenv", From::Pip("python-dotenv")),
    ("yaml", From::Pip("pyyaml")),
    ("django", From::Pip("django")),
    // The AWS CLI (its `aws` program), for the README's secret store
    // commands against moto.
    ("awscli", From::Pip("awscli")),
    ("dj_email_url", From::Pip("dj-email-url")),
    ("debian", From::Pip("python-debian")),
    // moto's IAM server (flask and its other server extras come with it).
    ("moto.server", From::Pip("moto[server]")),
    ("cargo-deb", From::Cargo("cargo-deb", "3.8.0")),
    // The other platforms (README: Platforms): Debian's compiler and its
    // std source for -Zbuild-std, the linkers, and what runs the binaries.
    ("/usr/bin/rustc", From::Apt("rustc-web")),
    (
        "/usr/lib/rustlib/src/rust/library",
        From::Apt("rust-web-src"),
    ),
    ("x86_64-w64-mingw32-gcc", From::Apt("gcc-mingw-w64-x86-64")),
    ("/usr/lib/wine/wine64", From::Apt("wine64")),
    ("/usr/lib/wine/wineserver", From::Apt("libwine")),
    ("aarch64-linux-gnu-gcc", From::Apt("gcc-aarch64-linux-gnu")),
    (
        "/usr/aarch64-linux-gnu/lib/rcrt1.o",
        From::Apt("libc6-dev-arm64-cross"),
    ),
    ("qemu-aarch64-static", From::Apt("qemu-user-static")),
    ("ziglang", From::Pip("ziglang")),
    ("cargo-zigbuild", From::Cargo("cargo-zigbuild", "0.24.1")),
];

/// One install at a time within a test binary (its tests run in threads);
/// test binaries run one after another.
static INSTALLING: Mutex<()> = Mutex::new(());

/// Makes sure each of `tools` is there, installing what is missing.
pub fn need(tools: &[&str]) {
    let _guard = INSTALLING.lock().unwrap_or_else(|e| e.into_inner());
    let mut apt = Vec::new();
    for &tool in tools {
        let Some(&(_, from)) = TOOLS.iter().find(|(name, _)| *name == tool) else {
            panic!("tests/common/tools.rs does not know how to install {tool}");
        };
        if present(tool, from) {
            continue;
        }
        match from {
            From::Apt(package) => apt.push(package),
            From::Pip(package) => install(
                "python3",
                &["-m", "pip", "install", "--quiet", package],
                tool,
            ),
            From::Cargo(krate, version) => install(
                env!("CARGO"),
                &["install", "--locked", krate, "--version", version],
                tool,
            ),
            From::Unpacked(package) => unpack(package),
        }
    }
    if !apt.is_empty() {
        apt.sort_unstable();
        apt.dedup();
        install("apt-get", &["update", "-qq"], "the package lists");
        let mut args = vec!["install", "-y", "-qq", "--no-install-recommends"];
        args.extend_from_slice(&["-o", "DPkg::Lock::Timeout=300"]);
        args.extend(apt.iter().copied());
        install("apt-get", &args, &apt.join(" "));
    }
    for &tool in tools {
        let from = TOOLS
            .iter()
            .find(|(name, _)| *name == tool)
            .map(|(_, f)| *f);
        assert!(
            from.is_some_and(|f| present(tool, f)),
            "{tool} is still missing after installing it"
        );
    }
}

/// Whether `tool` is there: a program on `PATH` (or at its path, or in
/// cargo's bin folder), or an importable Python module.
fn present(tool: &str, from: From) -> bool {
    match from {
        From::Unpacked(_) => unpacked(tool).is_file(),
        From::Pip(_) => Command::new("python3")
            .args(["-c", &format!("import {tool}")])
            .output()
            .is_ok_and(|o| o.status.success()),
        From::Apt(_) | From::Cargo(..) if tool.starts_with('/') => Path::new(tool).exists(),
        From::Apt(_) | From::Cargo(..) => {
            let path = std::env::var_os("PATH").unwrap_or_default();
            let cargo_bin = std::env::var_os("CARGO_HOME")
                .map(std::path::PathBuf::from)
                .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")))
                .map(|h| h.join("bin"));
            std::env::split_paths(&path)
                .chain(cargo_bin)
                .any(|dir| dir.join(tool).is_file())
        }
    }
}

/// Runs an installer, failing the test with the command to run by hand.
fn install(program: &str, args: &[&str], what: &str) {
    eprintln!("installing {what}: {program} {}", args.join(" "));
    let status = Command::new(program)
        .args(args)
        .env("DEBIAN_FRONTEND", "noninteractive")
        .status();
    assert!(
        status.is_ok_and(|s| s.success()),
        "could not install {what}; run as root: {program} {}",
        args.join(" ")
    );
}

/// Where an unpacked package's file `path` is.
pub fn unpacked(path: &str) -> std::path::PathBuf {
    super::target_dir().join("unpacked").join(path)
}

/// Downloads `package` and unpacks it under `unpacked("")`, after
/// installing the libraries it depends on.
fn unpack(package: &str) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let download = || {
        Command::new("apt-get")
            .args(["download", package])
            .current_dir(dir.path())
            .status()
            .is_ok_and(|s| s.success())
    };
    if !download() {
        install("apt-get", &["update", "-qq"], "the package lists");
        assert!(
            download(),
            "could not download {package}: apt-get download {package}"
        );
    }
    let deb = std::fs::read_dir(dir.path())
        .expect("the download folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "deb"))
        .expect("the downloaded package");
    let depends = Command::new("dpkg-deb")
        .arg("-f")
        .arg(&deb)
        .arg("Depends")
        .output()
        .expect("dpkg-deb -f");
    // "libdb5.3, libgnutls30 (>= 3.7.5), debconf | debconf-2.0": the
    // libraries, without versions or alternatives.
    // Only those not installed: naming an installed one to apt-get would
    // upgrade it (libc6, say) in the middle of a test run.
    let installed = |package: &str| {
        Command::new("dpkg-query")
            .args(["-W", "-f", "${Status}", package])
            .output()
            .is_ok_and(|o| {
                o.stdout.ends_with(b"installed") && !o.stdout.ends_with(b"not-installed")
            })
    };
    let libraries: Vec<String> = String::from_utf8_lossy(&depends.stdout)
        .split(',')
        .filter_map(|d| d.split(['|', '(']).next())
        .map(|d| d.trim().to_owned())
        .filter(|d| d.starts_with("lib") && !installed(d))
        .collect();
    if !libraries.is_empty() {
        let mut args = vec!["install", "-y", "-qq", "--no-install-recommends"];
        args.extend(libraries.iter().map(String::as_str));
        install("apt-get", &args, &libraries.join(" "));
    }
    let root = unpacked("");
    std::fs::create_dir_all(&root).expect("the unpacked folder");
    install(
        "dpkg-deb",
        &["-x", &deb.to_string_lossy(), &root.to_string_lossy()],
        package,
    );
}
