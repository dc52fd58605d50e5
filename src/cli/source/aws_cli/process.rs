//! Running a profile's `credential_process`, bounded: at most 64 KiB + 1
//! byte of output is read and at most [`DEADLINE`] is waited, then the child
//! is killed and the run fails with a clear error (it read 1.16 GB of
//! `/dev/zero` before checking the size). Its standard error is kept and
//! shown only when it fails, as botocore shows it only then.

use std::io::{self, Read};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use ses_smtp_password::MAX_SECRET_BYTES;
use zeroize::Zeroizing;

use crate::cli::report::ProcessProblem;
use crate::cli::source::bytes::read_capped;

/// How long the command may take. botocore waits forever; a helper that
/// opens a browser or asks for a fingerprint answers well within this, and
/// a hung one must not hang a key rotation.
pub const DEADLINE: Duration = Duration::from_secs(60);
/// How much of its standard error is kept for the failure message.
const MAX_STDERR_BYTES: usize = 16 * 1024;
/// How often the child is polled while it runs.
const POLL: Duration = Duration::from_millis(10);

/// What a failed run leaves: the problem and the child's standard error.
pub struct Failed {
    pub problem: ProcessProblem,
    pub stderr: Vec<u8>,
}

/// Runs `words` (program, arguments; no shell) with standard input closed
/// and returns its standard output.
///
/// Its output and error are read on threads that report over channels, so
/// nothing here waits on a pipe past the deadline: a process the command
/// started and left running (`sh -c 'sleep 600; …'`) keeps the pipes open
/// after the command itself is killed, and a join would wait for it.
pub fn run(words: &[String]) -> Result<Zeroizing<Vec<u8>>, Failed> {
    let deadline = Instant::now() + DEADLINE;
    let mut child = Command::new(&words[0])
        .args(&words[1..])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| Failed {
            problem: ProcessProblem::NotRun(e.kind()),
            stderr: Vec::new(),
        })?;
    let (out_sent, out_received) = mpsc::channel();
    if let Some(mut out) = child.stdout.take() {
        std::thread::spawn(move || {
            let _ = out_sent.send(read_capped(&mut out, MAX_SECRET_BYTES).unwrap_or_default());
        });
    }
    let (err_sent, err_received) = mpsc::channel();
    if let Some(mut err) = child.stderr.take() {
        std::thread::spawn(move || {
            let mut kept = Vec::new();
            let _ = (&mut err)
                .take(MAX_STDERR_BYTES as u64)
                .read_to_end(&mut kept);
            // The rest is read and dropped: a child blocked writing to a
            // full pipe would otherwise run into the deadline.
            let _ = io::copy(&mut err, &mut io::sink());
            let _ = err_sent.send(kept);
        });
    }
    let outcome = wait(&mut child, &out_received, deadline);
    if outcome.is_err() {
        let _ = child.kill();
        let _ = child.wait();
    }
    let left = || deadline.saturating_duration_since(Instant::now()).max(POLL);
    let stderr = err_received.recv_timeout(left()).unwrap_or_default();
    let failed = |problem| Failed { problem, stderr };
    match outcome {
        Err(problem) => Err(failed(problem)),
        Ok((status, _)) if !status.success() => Err(failed(ProcessProblem::Exit(status.code()))),
        Ok((_, out)) => Ok(out),
    }
}

/// Waits until the child has exited and its output is in (at most
/// [`DEADLINE`]), or its output passes the bound (the reader stops at the
/// bound + 1 byte, and the child would then block on a full pipe).
fn wait(
    child: &mut Child,
    output: &mpsc::Receiver<Zeroizing<Vec<u8>>>,
    deadline: Instant,
) -> Result<(ExitStatus, Zeroizing<Vec<u8>>), ProcessProblem> {
    let mut out = None;
    let mut status = None;
    loop {
        if out.is_none()
            && let Ok(bytes) = output.try_recv()
        {
            out = Some(bytes);
        }
        if out.as_ref().is_some_and(|o| o.len() > MAX_SECRET_BYTES) {
            return Err(ProcessProblem::TooMuchOutput);
        }
        if status.is_none() {
            status = child
                .try_wait()
                .map_err(|e| ProcessProblem::NotRun(e.kind()))?;
        }
        if let (Some(status), Some(_)) = (status, &out) {
            return Ok((status, out.unwrap_or_default()));
        }
        if Instant::now() >= deadline {
            return Err(ProcessProblem::TimedOut(DEADLINE.as_secs()));
        }
        std::thread::sleep(POLL);
    }
}
