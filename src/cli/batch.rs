//! `--batch`: one result per input line (or CSV row), all or nothing.
//!
//! Pass one checks every line and stops with the bad line numbers (never
//! their content) if any is bad, so nothing reaches stdout. Pass two derives
//! and writes through one reused zeroizing buffer, wiped after each write:
//! no allocation per key, and output in input order.

use std::io::{self, Write};

use ses_smtp_password::access_key::check_access_key_id;
use ses_smtp_password::csv;
use ses_smtp_password::format::{Format, FormatError};
use ses_smtp_password::secret::{KeyCheck, MAX_BATCH_LINE_BYTES, SecretWarning, check_with_limit};
use zeroize::Zeroize;

use super::args::DeriveArgs;
use super::derive::Plan;
use super::error::{CliError, Origin};
use super::source;

/// The most input `--batch` reads: about 25 million keys.
pub const MAX_BATCH_BYTES: usize = 1 << 30;
/// Output is written in chunks of this size.
const CHUNK: usize = 64 * 1024;

/// One key to derive from: its line (or row) number, secret, username.
struct Item<'a> {
    number: usize,
    secret: &'a [u8],
    username: Option<&'a str>,
}

/// Non-blank lines of a batch input, numbered from 1, without a leading BOM
/// or a trailing `\r`.
fn lines(input: &[u8]) -> impl Iterator<Item = (usize, &[u8])> {
    let input = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
    input
        .split(|&b| b == b'\n')
        .enumerate()
        .map(|(i, line)| (i + 1, line.strip_suffix(b"\r").unwrap_or(line)))
        .filter(|(_, line)| !line.trim_ascii().is_empty())
}

/// Runs `--batch`, writing to stdout.
pub fn run(args: &DeriveArgs, plan: &Plan<'_>) -> Result<(), CliError> {
    let check = if args.no_key_check {
        KeyCheck::Off
    } else {
        KeyCheck::Strict
    };
    let from_csv = args.source.csv.is_some();
    if plan.format == Format::Url && plan.flag_id.is_none() && !from_csv {
        return Err(CliError::Format(FormatError::UrlNeedsUsername));
    }
    let (bytes, origin) = read_input(args)?;
    let parsed = if from_csv {
        let path = origin.to_string();
        Some(csv::parse(&bytes).map_err(|error| CliError::Csv { path, error })?)
    } else {
        None
    };
    // The items are walked twice rather than stored: a second check of a
    // 40-character key costs less than keeping 40 bytes per key.
    let items = || -> Box<dyn Iterator<Item = Item<'_>> + '_> {
        match &parsed {
            Some(rows) => Box::new(rows.keys().map(|k| Item {
                number: k.row,
                secret: k.secret,
                username: plan.flag_id.or(k.access_key_id),
            })),
            None => Box::new(lines(&bytes).map(|(number, secret)| Item {
                number,
                secret,
                username: plan.flag_id,
            })),
        }
    };
    let unit = if from_csv { "row" } else { "line" };

    // Pass one: every line checked before anything is written.
    let mut bad: Vec<(usize, String)> = Vec::new();
    let (mut count, mut trimmed) = (0usize, 0usize);
    for item in items() {
        count += 1;
        match check_with_limit(item.secret, check, MAX_BATCH_LINE_BYTES) {
            Ok(key) => {
                trimmed += usize::from(key.warning == Some(SecretWarning::TrimmedWhitespace))
            }
            Err(e) => bad.push((item.number, e.to_string())),
        }
        if let Some(id) = item.username.filter(|_| plan.flag_id.is_none())
            && let Err(e) = check_access_key_id(id)
        {
            bad.push((item.number, e.to_string()));
        }
    }
    if !bad.is_empty() {
        return Err(CliError::BatchBadLines {
            unit,
            total: count,
            bad,
        });
    }
    if count == 0 {
        return Err(CliError::BadSecret {
            origin,
            error: ses_smtp_password::secret::SecretError::Empty,
        });
    }
    let results = count * plan.regions.len().max(1);
    if plan.format == Format::Env && results > 1 {
        return Err(CliError::Format(FormatError::EnvNeedsOneResult {
            count: results,
        }));
    }
    if trimmed > 0 {
        plan.warnings.warn(format_args!(
            "removed spaces or tabs around the key on {trimmed} {unit}s"
        ));
    }
    plan.warn_about_scheme(args.scheme.v2);

    // Pass two: derive and write, in input order.
    let port = args.port.number();
    let mut out = zeroize::Zeroizing::new(Vec::with_capacity(CHUNK + 4096));
    let mut stdout = io::stdout().lock();
    for item in items() {
        // Every item passed in pass one.
        let Ok(key) = check_with_limit(item.secret, check, MAX_BATCH_LINE_BYTES) else {
            continue;
        };
        plan.render_key(&mut out, key.secret.as_bytes(), item.username, port)
            .map_err(CliError::Format)?;
        if out.len() >= CHUNK && !flush(&mut stdout, &mut out)? {
            return Ok(());
        }
    }
    flush(&mut stdout, &mut out)?;
    Ok(())
}

/// Writes and wipes the buffer. `Ok(false)` when the reader has gone (a
/// closed pipe ends the run quietly).
fn flush(stdout: &mut impl Write, out: &mut Vec<u8>) -> Result<bool, CliError> {
    let result = stdout.write_all(out).and_then(|()| stdout.flush());
    out.zeroize();
    match result {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(false),
        Err(e) => Err(CliError::WriteOutput(e.kind())),
    }
}

/// The whole input: standard input, `--secret-file`, or `--csv`.
fn read_input(args: &DeriveArgs) -> Result<(zeroize::Zeroizing<Vec<u8>>, Origin), CliError> {
    let warnings = super::error::Warnings::new(args.quiet);
    let path = args
        .source
        .secret_file
        .as_deref()
        .or(args.source.csv.as_deref())
        .filter(|p| p.as_os_str() != "-");
    let raw = match path {
        Some(p) => {
            let flag = if args.source.csv.is_some() {
                "--csv"
            } else {
                "--secret-file"
            };
            source::read_file(p, flag, MAX_BATCH_BYTES, warnings)?
        }
        None => {
            if args.source.csv.is_none()
                && !args.source.stdin
                && io::IsTerminal::is_terminal(&io::stdin())
            {
                return Err(CliError::BatchFromTerminal);
            }
            source::read_stdin_up_to(MAX_BATCH_BYTES)?
        }
    }
    .whole("--batch", MAX_BATCH_BYTES)?;
    Ok((raw.bytes, raw.origin))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_non_blank_lines() {
        let got: Vec<(usize, &[u8])> = lines(b"\xEF\xBB\xBFa\r\n\n  \nb\nc\r\n").collect();
        assert_eq!(got, [(1, &b"a"[..]), (4, b"b"), (5, b"c")]);
    }
}
