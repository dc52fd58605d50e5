//! Running a profile's `credential_process`, bounded: at most 64 KiB + 1
//! byte of output is read and at most [`DEADLINE`] is waited, then the child
//! is killed and the run fails with a clear error (it read 1.16 GB of
//! `/dev/zero` before checking the size). Its standard error is kept and
//! shown only when it fails, as botocore shows it only then.

use std::io::Read;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
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
pub fn run(words: &[String]) -> Result<Zeroizing<Vec<u8>>, Failed> {
    let failed = |problem| Failed {
        problem,
        stderr: Vec::new(),
    };
    let mut child = Command::new(&words[0])
        .args(&words[1..])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| failed(ProcessProblem::NotRun(e.kind())))?;
    let over = Arc::new(AtomicBool::new(false));
    let stdout = child.stdout.take().map(|mut out| {
        let over = Arc::clone(&over);
        std::thread::spawn(move || {
            let bytes = read_capped(&mut out, MAX_SECRET_BYTES).unwrap_or_default();
            over.store(bytes.len() > MAX_SECRET_BYTES, Ordering::SeqCst);
            bytes
        })
    });
    let stderr = child.stderr.take().map(|err| {
        std::thread::spawn(move || {
            let mut kept = Vec::new();
            // Kept up to the bound; the rest is not read (the child is
            // waited for, or killed, either way).
            let _ = err.take(MAX_STDERR_BYTES as u64).read_to_end(&mut kept);
            kept
        })
    });
    let outcome = wait(&mut child, &over);
    if outcome.is_err() {
        // Killed: its pipes close, so both readers end.
        let _ = child.kill();
        let _ = child.wait();
    }
    let out = stdout
        .map(|h| h.join().unwrap_or_default())
        .unwrap_or_default();
    let err = stderr
        .map(|h| h.join().unwrap_or_default())
        .unwrap_or_default();
    let failed = |problem| Failed {
        problem,
        stderr: err.clone(),
    };
    match outcome {
        Err(problem) => Err(failed(problem)),
        Ok(status) if !status.success() => Err(failed(ProcessProblem::Exit(status.code()))),
        Ok(_) if out.len() > MAX_SECRET_BYTES => Err(failed(ProcessProblem::TooMuchOutput)),
        Ok(_) => Ok(out),
    }
}

/// Waits for the child until [`DEADLINE`], or until its output passes the
/// bound (the reader stops at the bound + 1 byte, and the child would then
/// block on a full pipe).
fn wait(child: &mut Child, over: &AtomicBool) -> Result<ExitStatus, ProcessProblem> {
    let start = Instant::now();
    loop {
        if over.load(Ordering::SeqCst) {
            return Err(ProcessProblem::TooMuchOutput);
        }
        if let Some(status) = child
            .try_wait()
            .map_err(|e| ProcessProblem::NotRun(e.kind()))?
        {
            return Ok(status);
        }
        if start.elapsed() >= DEADLINE {
            return Err(ProcessProblem::TimedOut(DEADLINE.as_secs()));
        }
        std::thread::sleep(POLL);
    }
}
