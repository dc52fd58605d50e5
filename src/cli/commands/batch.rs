//! `--batch`: one result per input line (or CSV row), all or nothing.
//!
//! Pass one checks every line and stops with the bad line numbers (never
//! their content) if any is bad, so nothing reaches stdout. Pass two derives
//! and writes through one reused zeroizing buffer, wiped after each write:
//! no allocation per key, and output in input order.

use std::io::{self, IsTerminal};

use ses_smtp_password::{KeyCheck, SecretError, check_access_key_id, check_secret};
use zeroize::{Zeroize, Zeroizing};

use crate::cli::commands::plan::Plan;
use crate::cli::flags::args::DeriveArgs;
use crate::cli::output::form::{Format, FormatError};
use crate::cli::output::github_env;
use crate::cli::output::{self, Written};
use crate::cli::report::{BadLine, BatchUnit, CliError, FileOption, Origin};
use crate::cli::source::aws_output;
use crate::cli::source::bytes::{read_file, read_stdin_up_to};
use crate::cli::source::csv;
use crate::cli::source::{self, Source};

/// The most input `--batch` reads: about 25 million keys.
const MAX_BATCH_BYTES: usize = 1 << 30;
/// The most bytes on one line of `--batch` input: a longer line is a bad
/// line, not a memory spike.
const MAX_LINE_BYTES: usize = 4 * 1024;
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

/// Checks one line (or row) under the batch limit.
fn check_line(
    line: &[u8],
    check: KeyCheck,
) -> Result<ses_smtp_password::CheckedSecret<'_>, SecretError> {
    if line.len() > MAX_LINE_BYTES {
        return Err(SecretError::TooLong {
            limit: MAX_LINE_BYTES,
        });
    }
    check_secret(line, check)
}

/// Runs `--batch`, writing to stdout.
pub fn run(args: &DeriveArgs, plan: &Plan<'_>) -> Result<(), CliError> {
    let check = source::key_check(args.no_key_check);
    let from_csv = matches!(args.source.source(), Source::Csv(_));
    if plan.form.format.needs_username() && plan.flag_id.is_none() && !from_csv {
        return Err(CliError::Format(FormatError::NeedsUsername(plan.form)));
    }
    let (bytes, origin) = read_input(args)?;
    if !from_csv && let Some(what) = aws_output::kind(&bytes) {
        return Err(CliError::BatchShaped(what));
    }
    let parsed = if from_csv {
        let path = origin.to_string();
        Some(csv::parse(&bytes).map_err(|error| CliError::Csv(path, error))?)
    } else {
        None
    };
    // The items are walked twice rather than stored: a second check of a
    // 40-character key costs less than keeping 40 bytes per key.
    let flag_id = one_id_for_all(plan, parsed.as_ref(), &bytes)?;
    let items = || -> Box<dyn Iterator<Item = Item<'_>> + '_> {
        match &parsed {
            Some(rows) => Box::new(rows.keys().map(|k| Item {
                number: k.row,
                secret: k.secret,
                username: flag_id.or(k.access_key_id),
            })),
            None => Box::new(lines(&bytes).map(|(number, secret)| Item {
                number,
                secret,
                username: flag_id,
            })),
        }
    };
    let unit = if from_csv {
        BatchUnit::Row
    } else {
        BatchUnit::Line
    };

    // Pass one: every line checked before anything is written.
    let mut bad: Vec<(usize, BadLine)> = Vec::new();
    let (mut count, mut trimmed) = (0usize, 0usize);
    for item in items() {
        count += 1;
        match check_line(item.secret, check) {
            Ok(key) => trimmed += usize::from(key.trimmed),
            Err(e) => bad.push((item.number, BadLine::Secret(e))),
        }
        if plan.form.format.needs_username() && item.username.is_none_or(str::is_empty) {
            bad.push((item.number, BadLine::NoUsername));
        } else if let Some(id) = item.username.filter(|_| flag_id.is_none())
            && let Err(e) = check_access_key_id(id)
        {
            bad.push((item.number, BadLine::AccessKeyId(e)));
        }
    }
    if !bad.is_empty() {
        return Err(CliError::BatchBadLines(unit, count, bad));
    }
    if count == 0 {
        return Err(CliError::BadSecret(origin, SecretError::Empty));
    }
    plan.check_keys(count)?;
    if trimmed > 0 {
        plan.warnings.warn(format_args!(
            "removed spaces or tabs around the key on {trimmed} {}s",
            unit.word()
        ));
    }
    plan.warn_about_scheme();

    // Pass two: derive and write, in input order, through one buffer that is
    // wiped after every write.
    let mut out = Zeroizing::new(Vec::with_capacity(CHUNK + plan.bytes_per_key()));
    // `--format github` takes one key (`check_keys`); its variables go to
    // `$GITHUB_ENV` after the mask.
    let mut github = Zeroizing::new(Vec::with_capacity(plan.bytes_per_key()));
    for item in items() {
        // Every item passed in pass one.
        let Ok(key) = check_line(item.secret, check) else {
            continue;
        };
        plan.render_key(&mut out, &mut github, key.secret.as_bytes(), item.username)?;
        if out.len() >= CHUNK && flush(&mut out)? == Written::ReaderGone {
            return Ok(());
        }
    }
    if plan.form.format == Format::Github {
        return github_env::deliver(&out, &github);
    }
    flush(&mut out)?;
    Ok(())
}

/// `--access-key-id` for a batch: one ID belongs to one key, so with
/// several keys it is refused, unless every CSV row carries its own ID, which
/// then wins (with a warning).
fn one_id_for_all<'a>(
    plan: &Plan<'a>,
    rows: Option<&csv::AccessKeysCsv>,
    bytes: &[u8],
) -> Result<Option<&'a str>, CliError> {
    let Some(id) = plan.flag_id else {
        return Ok(None);
    };
    let keys = rows.map_or_else(|| lines(bytes).count(), csv::AccessKeysCsv::len);
    if keys <= 1 {
        return Ok(Some(id));
    }
    if rows.is_some_and(|r| {
        r.keys()
            .all(|k| k.access_key_id.is_some_and(|i| !i.is_empty()))
    }) {
        plan.warnings
            .warn("--access-key-id is ignored: every row carries its own access key ID");
        return Ok(None);
    }
    Err(CliError::BatchOneId(keys))
}

/// Writes and wipes the buffer.
fn flush(out: &mut Vec<u8>) -> Result<Written, CliError> {
    let written = output::write(out);
    out.zeroize();
    written
}

/// The whole input: standard input, `--secret-file`, or `--csv`.
fn read_input(args: &DeriveArgs) -> Result<(Zeroizing<Vec<u8>>, Origin), CliError> {
    let warnings = crate::cli::report::warn::Warnings::new(args.quiet);
    let raw = match args.source.source() {
        Source::SecretFile(p) => read_file(p, FileOption::SecretFile, MAX_BATCH_BYTES, warnings)?,
        Source::Csv(p) if p.as_os_str() != "-" => {
            read_file(p, FileOption::Csv, MAX_BATCH_BYTES, warnings)?
        }
        Source::Default if io::stdin().is_terminal() => return Err(CliError::BatchFromTerminal),
        // clap keeps --env, --prompt and --profile away from --batch.
        _ => read_stdin_up_to(MAX_BATCH_BYTES)?,
    }
    .whole(FileOption::Batch, MAX_BATCH_BYTES)?;
    Ok((raw.bytes, raw.origin))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_of_exactly_4_kib_is_read() {
        let line = vec![b'k'; MAX_LINE_BYTES + 1];
        assert_eq!(
            check_line(&line[..MAX_LINE_BYTES], KeyCheck::Off).map(|k| k.secret.len()),
            Ok(MAX_LINE_BYTES)
        );
        assert_eq!(
            check_line(&line, KeyCheck::Off).map(|k| k.secret.len()),
            Err(SecretError::TooLong {
                limit: MAX_LINE_BYTES
            })
        );
    }

    #[test]
    fn numbered_non_blank_lines() {
        let got: Vec<(usize, &[u8])> = lines(b"\xEF\xBB\xBFa\r\n\n  \nb\nc\r\n").collect();
        assert_eq!(got, [(1, &b"a"[..]), (4, b"b"), (5, b"c")]);
    }
}
