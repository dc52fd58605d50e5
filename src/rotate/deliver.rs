//! Where the new credentials go: a file (atomically, mode 0600), a command
//! (the four SES_SMTP_* variables in its environment, never its argv), or
//! standard output; each in the `-f` form asked for. Checked in the
//! preflight, before IAM is touched.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use zeroize::Zeroizing;

use super::stage::Staged;
use crate::cli::flags::rotate::RotateArgs;
use crate::cli::output::file::write_atomic;
use crate::cli::output::form::{Form, Labels};
use crate::cli::platform;
use crate::cli::report::CliError;
use crate::cli::report::redact::shown_path;
use crate::cli::report::rotate::RotateError;

/// How long `--exec`'s command may run, each time.
const COMMAND_DEADLINE: Duration = Duration::from_secs(600);

/// The destination.
#[derive(Debug)]
pub enum Destination {
    File(PathBuf),
    Exec(Vec<OsString>),
    Stdout,
}

impl Destination {
    pub fn of(args: &RotateArgs) -> Destination {
        match (&args.out, args.exec) {
            (Some(path), _) => Destination::File(path.clone()),
            (None, true) => Destination::Exec(args.command.clone()),
            (None, false) => Destination::Stdout,
        }
    }

    /// What the plan says of it.
    pub fn describe(&self, form: Form) -> String {
        let flags = match form.app {
            None => format!("-f {}", form.format.name()),
            Some(_) => form.flags(),
        };
        match self {
            Destination::File(p) => format!("{} ({flags})", shown_path(p)),
            Destination::Exec(argv) => format!(
                "the command {} (SES_SMTP_* in its environment, once per region)",
                argv.first()
                    .map_or(String::new(), |p| p.to_string_lossy().into_owned())
            ),
            Destination::Stdout => format!("standard output ({flags})"),
        }
    }

    /// Whether delivery can work: a file's folder is writable and the file
    /// is not a symlink or a folder; a command exists and can be run.
    pub fn preflight(&self) -> Result<(), RotateError> {
        match self {
            Destination::File(path) => {
                let refuse = |why: &str| RotateError::Destination(shown_path(path), why.to_owned());
                if let Ok(meta) = std::fs::symlink_metadata(path) {
                    if meta.file_type().is_symlink() {
                        return Err(refuse("it is a symbolic link (never written through)"));
                    }
                    if !meta.is_file() {
                        return Err(refuse("it is not a regular file"));
                    }
                }
                let dir = match path.parent() {
                    Some(d) if !d.as_os_str().is_empty() => d,
                    _ => Path::new("."),
                };
                tempfile::Builder::new()
                    .prefix(".ses-smtp-password-")
                    .tempfile_in(dir)
                    .map(drop)
                    .map_err(|e| refuse(&format!("its folder cannot be written ({})", e.kind())))
            }
            Destination::Exec(argv) => {
                let program = argv.first().map(PathBuf::from).unwrap_or_default();
                let shown = shown_path(&program);
                if find_program(&program).is_none() {
                    return Err(RotateError::NoCommand(
                        shown,
                        "not found, or not executable".to_owned(),
                    ));
                }
                Ok(())
            }
            Destination::Stdout => Ok(()),
        }
    }

    /// Delivers `staged`; returns what goes to standard output.
    pub fn deliver(
        &self,
        staged: &Staged,
        form: Form,
        port: u16,
    ) -> Result<Zeroizing<Vec<u8>>, Delivery> {
        match self {
            Destination::File(path) => {
                let text = render(staged, form, port).map_err(Delivery::Form)?;
                write_atomic(path, &text, 0o600).map_err(|e| {
                    Delivery::Failed(format!("writing {}: {}", shown_path(path), e.kind()))
                })?;
                Ok(Zeroizing::new(Vec::new()))
            }
            Destination::Stdout => render(staged, form, port).map_err(Delivery::Form),
            Destination::Exec(argv) => {
                for (region, password) in &staged.passwords {
                    let host = region.endpoint(false).unwrap_or_default();
                    run_command(argv, &host, port, &staged.key, password.as_str())
                        .map_err(Delivery::Failed)?;
                }
                Ok(Zeroizing::new(Vec::new()))
            }
        }
    }
}

/// Why a delivery failed.
#[derive(Debug)]
pub enum Delivery {
    Form(CliError),
    Failed(String),
}

/// The credentials in the form asked for, one per region.
fn render(staged: &Staged, form: Form, port: u16) -> Result<Zeroizing<Vec<u8>>, CliError> {
    let several = staged.passwords.len() > 1;
    staged
        .render(
            form,
            port,
            several,
            &Labels {
                secret: "ses-smtp",
                variables: None,
            },
        )
        .map_err(CliError::Format)
}

/// Runs the command once with the four variables, within the deadline.
fn run_command(
    argv: &[OsString],
    host: &str,
    port: u16,
    user: &str,
    password: &str,
) -> Result<(), String> {
    let program = argv.first().ok_or("no command")?;
    let mut child = Command::new(program)
        .args(&argv[1..])
        .env("SES_SMTP_HOST", host)
        .env("SES_SMTP_PORT", port.to_string())
        .env("SES_SMTP_USERNAME", user)
        .env("SES_SMTP_PASSWORD", password)
        .stdin(Stdio::null())
        // Its output is its own: to our stderr, so our stdout stays empty.
        .stdout(platform::stderr_for_child().map_err(|e| e.to_string())?)
        .spawn()
        .map_err(|e| format!("could not start it: {}", e.kind()))?;
    let started = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return Ok(()),
            Ok(Some(status)) => return Err(status.to_string()),
            Ok(None) if started.elapsed() > COMMAND_DEADLINE => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "still running after {} s; stopped",
                    COMMAND_DEADLINE.as_secs()
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return Err(e.to_string()),
        }
    }
}

/// The program as `Command` would find it: a path, or a name on `PATH`.
fn find_program(program: &Path) -> Option<PathBuf> {
    let runnable = |p: &Path| platform::runnable(p);
    if program.components().count() > 1 {
        return runnable(program).then(|| program.to_owned());
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(program))
        .find(|p| runnable(p))
}
