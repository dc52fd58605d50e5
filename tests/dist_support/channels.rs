//! The install channels read back against the archives they name: the
//! Homebrew formula evaluated by Ruby, the Scoop manifest as JSON, and
//! cargo-binstall's templates (Cargo.toml) expanded as binstall does.
//! Each takes a `dist` folder: the host's and Windows' in `cargo test`,
//! all five targets' in .ci/cross.

use std::collections::BTreeMap;
use std::path::Path;

use super::{REPOSITORY as REPO, VERSION, ok};

/// SHA256SUMS as (archive name → SHA-256).
pub fn sums(dist: &Path) -> BTreeMap<String, String> {
    std::fs::read_to_string(dist.join("SHA256SUMS"))
        .unwrap()
        .lines()
        .map(|l| {
            let (sum, name) = l.split_once("  ").expect("SUM  NAME lines");
            (name.to_owned(), sum.to_owned())
        })
        .collect()
}

/// The files an archive holds (tar.gz by GNU tar, zip by Python's zipfile).
pub fn members(dist: &Path, archive: &str) -> Vec<String> {
    let path = dist.join(archive);
    let path = path.to_str().unwrap();
    let text = if archive.ends_with(".zip") {
        ok(
            "python3",
            &[
                "-c",
                "import sys, zipfile; print('\\n'.join(zipfile.ZipFile(sys.argv[1]).namelist()))",
                path,
            ],
            dist,
        )
    } else {
        ok("tar", &["--list", "--gzip", "--file", path], dist)
    };
    text.lines().map(str::to_owned).collect()
}

/// The archive a release download address names, once the address is
/// checked to be the version's GitHub release.
fn archive_of(url: &str) -> &str {
    let prefix = format!("{REPO}/releases/download/v{VERSION}/");
    url.strip_prefix(&prefix)
        .unwrap_or_else(|| panic!("{url} is not under {prefix}"))
}

/// The formula, loaded by Ruby with a stand-in `Formula` class: every
/// `url`/`sha256` pair in its OS and CPU blocks, and what `install` asks
/// for, checked against the archive it downloads (`install` runs inside
/// the archive's folder, as Homebrew runs it).
pub fn check_formula(dist: &Path) {
    crate::common::tools::need(&["ruby"]);
    let formula = dist.join("ses-smtp-password.rb");
    ok("ruby", &["-c", formula.to_str().unwrap()], dist);
    let script = r#"
class Formula
  @@blocks = []
  @@where = []
  def self.desc(d) = (@@desc = d)
  def self.homepage(h) = nil
  def self.version(v) = (@@version = v)
  def self.license(l) = nil
  def self.test(&b) = (@@test = b)
  %w[on_macos on_linux on_arm on_intel].each do |name|
    define_singleton_method(name) { |&b| @@where.push(name); b.call; @@where.pop }
  end
  def self.url(u) = @@blocks.push([@@where.join(" "), u])
  def self.sha256(s) = @@blocks.last.push(s)
  def self.report = @@blocks.each { |b| puts b.join("\t") } && puts("version\t#{@@version}")
end
class Path < String
  def install(*args)
    args.each do |a|
      (a.is_a?(Hash) ? a.keys : [a]).flatten.each do |f|
        raise "no #{f} in the archive" unless File.exist?(f)
        puts "installs\t#{f}"
      end
    end
  end
end
%w[bin man1 bash_completion zsh_completion fish_completion].each do |name|
  Formula.define_method(name) { Path.new(name) }
end
load ARGV[0]
SesSmtpPassword.report
if ARGV[1]
  Dir.chdir(ARGV[1]) { SesSmtpPassword.new.install }
end
"#;
    let sums = sums(dist);
    let listed = ok("ruby", &["-e", script, formula.to_str().unwrap()], dist);
    let mut downloads = 0;
    for line in listed.lines().filter(|l| !l.starts_with("version\t")) {
        let fields: Vec<&str> = line.split('\t').collect();
        let (place, url, sha) = (fields[0], fields[1], fields[2]);
        let archive = archive_of(url);
        assert_eq!(
            sums.get(archive).map(String::as_str),
            Some(sha),
            "{place}: {archive}"
        );
        let os = if archive.contains("apple-darwin") {
            "on_macos"
        } else {
            "on_linux"
        };
        let cpu = if archive.contains("aarch64") {
            "on_arm"
        } else {
            "on_intel"
        };
        assert_eq!(place, format!("{os} {cpu}"), "{archive}");
        downloads += 1;
    }
    let tarballs = sums.keys().filter(|n| n.ends_with(".tar.gz")).count();
    assert_eq!(downloads, tarballs, "one download per tarball:\n{listed}");
    assert!(
        listed.ends_with(&format!("version\t{VERSION}\n")),
        "{listed}"
    );
    // `install` in the host's extracted tarball: every file it names exists.
    let tmp = crate::common::tempdir().unwrap();
    let tarball = format!("ses-smtp-password-{VERSION}-{}.tar.gz", super::TARGET);
    ok(
        "tar",
        &[
            "--extract",
            "--gzip",
            "--file",
            dist.join(&tarball).to_str().unwrap(),
        ],
        tmp.path(),
    );
    let folder = tmp.path().join(tarball.trim_end_matches(".tar.gz"));
    let installed = ok(
        "ruby",
        &[
            "-e",
            script,
            formula.to_str().unwrap(),
            folder.to_str().unwrap(),
        ],
        dist,
    );
    let installs: Vec<&str> = installed
        .lines()
        .filter_map(|l| l.strip_prefix("installs\t"))
        .collect();
    let mut expected = vec!["ses-smtp-password", "ses-smtp-password-rotate"];
    let pages = members(dist, &tarball);
    let pages: Vec<&str> = pages
        .iter()
        .filter_map(|m| m.split_once("/man/").map(|(_, p)| p))
        .filter(|p| !p.is_empty())
        .collect();
    assert_eq!(pages.len(), 9, "{pages:?}");
    expected.extend(
        pages
            .iter()
            .map(|p| format!("man/{p}"))
            .map(|p| &*Box::leak(p.into_boxed_str())),
    );
    expected.extend([
        "complete/ses-smtp-password.bash",
        "complete/_ses-smtp-password",
        "complete/ses-smtp-password.fish",
    ]);
    assert_eq!(installs, expected);
}

/// The Scoop manifest: its download is the Windows zip with its checksum,
/// its `extract_dir` the zip's folder, its `bin` the .exe files there, and
/// `autoupdate` gives the same address for this version.
pub fn check_scoop(dist: &Path) {
    let text = std::fs::read_to_string(dist.join("ses-smtp-password.json")).unwrap();
    let manifest: serde_json::Value = serde_json::from_str(&text).unwrap();
    let arch = &manifest["architecture"]["64bit"];
    let url = arch["url"].as_str().unwrap();
    let zip = archive_of(url);
    assert_eq!(
        zip,
        format!("ses-smtp-password-{VERSION}-x86_64-pc-windows-gnu.zip")
    );
    assert_eq!(
        sums(dist).get(zip),
        arch["hash"].as_str().map(str::to_owned).as_ref()
    );
    assert_eq!(manifest["version"], VERSION);
    let folder = arch["extract_dir"].as_str().unwrap();
    let inside = members(dist, zip);
    for bin in manifest["bin"].as_array().unwrap() {
        let path = format!("{folder}/{}", bin.as_str().unwrap());
        assert!(inside.contains(&path), "{path} not in {inside:?}");
    }
    assert_eq!(manifest["bin"].as_array().unwrap().len(), 2);
    let auto = &manifest["autoupdate"]["architecture"]["64bit"];
    assert_eq!(
        auto["url"].as_str().unwrap().replace("$version", VERSION),
        url
    );
    assert_eq!(
        auto["extract_dir"]
            .as_str()
            .unwrap()
            .replace("$version", VERSION),
        folder
    );
}

/// cargo-binstall's templates from Cargo.toml, expanded for each archive
/// built: the address names it, and both binaries are where `bin-dir`
/// says inside it.
pub fn check_binstall(dist: &Path) {
    let manifest: toml::Value =
        toml::from_str(&std::fs::read_to_string(super::root().join("Cargo.toml")).unwrap())
            .unwrap();
    let package = &manifest["package"];
    let meta = &package["metadata"]["binstall"];
    // No repository yet (tests/package.rs): `{ repo }` is the one a
    // release will name, here the tests' own.
    assert_eq!(package.get("repository"), None);
    let text = |v: &toml::Value| v.as_str().unwrap().to_owned();
    let mut checked = 0;
    for archive in sums(dist)
        .keys()
        .filter(|n| n.ends_with(".tar.gz") || n.ends_with(".zip"))
    {
        let target = archive
            .strip_prefix(&format!("ses-smtp-password-{VERSION}-"))
            .and_then(|t| t.strip_suffix(".tar.gz").or_else(|| t.strip_suffix(".zip")))
            .unwrap();
        let over = meta.get("overrides").and_then(|o| o.get(target));
        let fmt = over
            .and_then(|o| o.get("pkg-fmt"))
            .map_or_else(|| text(&meta["pkg-fmt"]), text);
        let suffix = match fmt.as_str() {
            "tgz" => ".tar.gz",
            "zip" => ".zip",
            other => panic!("pkg-fmt {other}"),
        };
        let exe = if target.contains("windows") {
            ".exe"
        } else {
            ""
        };
        let expand = |template: &str, bin: &str| {
            template
                .replace("{ repo }", REPO)
                .replace("{ version }", VERSION)
                .replace("{ name }", "ses-smtp-password")
                .replace("{ target }", target)
                .replace("{ archive-suffix }", suffix)
                .replace("{ bin }", bin)
                .replace("{ binary-ext }", exe)
        };
        assert_eq!(archive_of(&expand(&text(&meta["pkg-url"]), "")), archive);
        let inside = members(dist, archive);
        for bin in ["ses-smtp-password", "ses-smtp-password-rotate"] {
            let path = expand(&text(&meta["bin-dir"]), bin);
            assert!(inside.contains(&path), "{archive}: no {path}");
        }
        checked += 1;
    }
    assert!(checked >= 2, "at least the host's and Windows' archives");
}
