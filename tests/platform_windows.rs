//! The Windows build (issue 22): the release zip `cargo xtask dist` makes,
//! its .exe run under wine on this machine, through the behaviour suite
//! (tests/platforms/mod.rs) and what differs on Windows (README: Platforms).
#![allow(clippy::unwrap_used)]
#![cfg(feature = "check")]

mod common;
mod dist_support;
mod platforms;
#[allow(dead_code)]
mod smtp_server;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use common::{KEY, KEY_ID, US_EAST_1, error};
use dist_support::{dist, ok, windows_folder, zip};
use platforms::Foreign;

const WINE: &str = "/usr/lib/wine/wine64";
const WINESERVER: &str = "/usr/lib/wine/wineserver";

/// The zip extracted by Python's zipfile, with the ProcessPrng stand-in
/// beside the .exe (tests/platforms/bcryptprimitives.c says why).
fn extracted() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        common::tools::need(&[WINE, WINESERVER, "x86_64-w64-mingw32-gcc", "python3"]);
        let dir = common::target_dir().join("wine-test");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let archive = dist().join(zip());
        ok(
            "python3",
            &[
                "-m",
                "zipfile",
                "-e",
                archive.to_str().unwrap(),
                dir.to_str().unwrap(),
            ],
            &dir,
        );
        let folder = dir.join(windows_folder());
        let source =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/platforms/bcryptprimitives.c");
        let dll = folder.join("bcryptprimitives.dll");
        ok(
            "x86_64-w64-mingw32-gcc",
            &[
                "-O2",
                "-shared",
                "-s",
                "-o",
                dll.to_str().unwrap(),
                source.to_str().unwrap(),
                "-ladvapi32",
            ],
            &dir,
        );
        // The wine prefix, made once before any test runs a program in it
        // (tests in parallel would each start making it).
        let out = Command::new(WINE)
            .arg("wineboot")
            .arg("--init")
            .envs(wine_env())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "wineboot: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        // And its server and start-up programs gone before the first test
        // starts one: no program of a test meets a prefix still settling.
        let out = Command::new(WINESERVER)
            .arg("-w")
            .envs(wine_env())
            .output()
            .unwrap();
        assert!(out.status.success(), "wineserver -w: {out:?}");
        folder
    })
}

/// What wine needs: its prefix (under target/), and quiet.
fn wine_env() -> Vec<(String, String)> {
    let prefix = common::target_dir().join("wine-prefix");
    vec![
        ("WINEPREFIX".into(), prefix.to_str().unwrap().to_owned()),
        ("WINEDEBUG".into(), "-all".into()),
        (
            "HOME".into(),
            std::env::var("HOME").unwrap_or_else(|_| "/root".into()),
        ),
    ]
}

/// A host path as a Windows program under wine sees it: drive Z: is `/`.
fn windows_path(path: &Path) -> String {
    format!("Z:{}", path.to_str().unwrap().replace('/', "\\"))
}

fn wine() -> Foreign {
    Foreign {
        argv: vec![
            WINE.into(),
            extracted().join("ses-smtp-password.exe").into(),
        ],
        path: windows_path,
        env: wine_env(),
    }
}

/// The zip holds one folder: the two programs, README, LICENSE and the
/// PowerShell completion; nothing else (no DLL).
#[test]
fn zip_lists_one_folder_with_the_programs_and_the_powershell_completion() {
    let archive = dist().join(zip());
    let listing = ok(
        "python3",
        &[
            "-c",
            "import sys, zipfile; print('\\n'.join(i.filename + ' ' + oct(i.external_attr >> 16) for i in zipfile.ZipFile(sys.argv[1]).infolist()))",
            archive.to_str().unwrap(),
        ],
        &dist(),
    );
    let folder = windows_folder();
    let expected: String = [
        ("LICENSE", "0o100644"),
        ("README.md", "0o100644"),
        ("complete/_ses-smtp-password.ps1", "0o100644"),
        ("ses-smtp-password-rotate.exe", "0o100755"),
        ("ses-smtp-password.exe", "0o100755"),
    ]
    .iter()
    .map(|(name, mode)| format!("{folder}/{name} {mode}\n"))
    .collect();
    assert_eq!(listing, expected);
    let exe = std::fs::read(extracted().join("ses-smtp-password.exe")).unwrap();
    assert_eq!(&exe[..2], b"MZ", "a Windows executable");
    // The PE header: machine x86-64 (0x8664), a console program (subsystem 3).
    let pe = u32::from_le_bytes(exe[0x3c..0x40].try_into().unwrap()) as usize;
    assert_eq!(&exe[pe..pe + 4], b"PE\0\0");
    assert_eq!(u16::from_le_bytes([exe[pe + 4], exe[pe + 5]]), 0x8664);
    assert_eq!(
        u16::from_le_bytes([exe[pe + 24 + 68], exe[pe + 24 + 69]]),
        3
    );
}

#[test]
fn published_vectors_under_wine() {
    platforms::published_vectors(&wine());
}

#[test]
fn every_form_as_on_x86_64_linux() {
    platforms::every_form(&wine());
}

#[test]
fn every_source_as_on_x86_64_linux() {
    platforms::every_source(&wine());
}

#[test]
fn errors_as_on_x86_64_linux() {
    platforms::errors(&wine());
}

#[test]
fn check_logs_in_to_the_test_server() {
    platforms::check(&wine());
}

/// Windows' own: a named pipe is refused by name (a read could wait
/// forever), where Unix reads a FIFO with a bounded wait.
#[test]
fn a_named_pipe_is_refused() {
    let got = wine().run(
        &["--secret-file", r"\\.\pipe\ses-test", "-r", "us-east-1"],
        b"",
        &[],
    );
    common::assert_fails(
        "named pipe",
        &got,
        1,
        &error(
            r"\\.\pipe\ses-test: a named pipe, which is read only on Unix (a read could wait forever)",
            "pipe the key to standard input instead: <command> | ses-smtp-password",
        ),
    );
}

/// `--profile` finds `%USERPROFILE%\.aws\credentials`, as the AWS CLI
/// does on Windows (there is no HOME there). Wine sets USERPROFILE itself,
/// to its prefix's `C:\users\NAME`: the file goes there.
#[test]
fn profiles_are_found_under_userprofile() {
    let mut f = wine();
    let out = Command::new(WINE)
        .args(["cmd", "/c", "echo", "%USERPROFILE%"])
        .envs(wine_env())
        .output()
        .unwrap();
    let windows = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    let user = windows.rsplit('\\').next().unwrap().to_owned();
    assert!(windows.starts_with(r"C:\users\"), "{windows}");
    let aws = common::target_dir().join(format!("wine-prefix/drive_c/users/{user}/.aws"));
    std::fs::create_dir_all(&aws).unwrap();
    std::fs::write(
        aws.join("credentials"),
        format!("[smtp]\r\naws_access_key_id = {KEY_ID}\r\naws_secret_access_key = {KEY}\r\n"),
    )
    .unwrap();
    // The suite's environment points AWS_SHARED_CREDENTIALS_FILE nowhere;
    // here it is unset, as on a user's machine.
    f.argv.splice(
        0..0,
        [
            "/usr/bin/env".into(),
            "-u".into(),
            "AWS_SHARED_CREDENTIALS_FILE".into(),
        ],
    );
    let got = f.run(&["--profile", "smtp", "-r", "us-east-1"], b"", &[]);
    std::fs::remove_dir_all(&aws).unwrap();
    common::assert_ok("USERPROFILE", &got, &format!("{US_EAST_1}\n"), "");
}

/// The file variables are expanded by Windows' rule, as Python's
/// `ntpath.expandvars` expands them for the AWS CLI there: `%NAME%`,
/// found whatever the case of the name, as Windows finds variables.
#[test]
fn profile_file_variables_expand_as_on_windows() {
    let data = windows_path(&std::env::current_dir().unwrap().join("tests").join("data"));
    let env = [
        ("AWS_SHARED_CREDENTIALS_FILE", r"%ses_data%\credentials"),
        ("SES_DATA", data.as_str()),
    ];
    let got = wine().run(&["--profile", "ses-smtp", "-r", "us-east-1"], b"", &env);
    common::assert_ok("%NAME%", &got, &format!("{US_EAST_1}\n"), "");
}

/// A reader that has gone (`| Select-Object -First 1`) ends the run
/// quietly with exit 0: the pipe's Windows error is read as Unix's EPIPE.
#[test]
fn a_reader_gone_is_not_an_error() {
    let f = wine();
    let keys: String = (0..20_000).map(|_| format!("{KEY}\n")).collect();
    let mut cmd = f.command(&["--batch", "-r", "us-east-1"], &[]);
    cmd.stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let _ = std::io::Write::write_all(&mut stdin, keys.as_bytes());
    });
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 45];
    std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert_eq!(String::from_utf8_lossy(&first), format!("{US_EAST_1}\n"));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    assert_eq!(out.status.code(), Some(0));
}
