//! `explain`: SES SMTP replies found in pasted replies or mail-log lines,
//! each with what it means and its likely causes; no network.
//!
//! Standard input is read whole, up to [`MAX_INPUT`] (a log excerpt, not a
//! whole log). Each distinct reply is explained once, with the numbers of
//! the lines it was found on. A reply's text is shown word by word through
//! the redaction rules: a word that could be a key or a password is
//! replaced, so a log line that quoted one never brings it to the screen.

mod scan;

use std::io::{self, IsTerminal as _, Write as _};

use ses_smtp_password::{Diagnosis, diagnose};
use zeroize::Zeroizing;

use crate::cli::output;
use crate::cli::report::CliError;
use crate::cli::report::redact::{escape_controls, is_safe};
use crate::cli::report::replies::{ExplainError, likely_causes, meaning};
use crate::cli::source::bytes::read_capped;

/// The most `explain` reads: a log excerpt.
pub const MAX_INPUT: usize = 1024 * 1024;

/// Runs `explain`: its explanations go to standard output; an unknown
/// reply among them is then reported as an error (exit 1).
pub fn run() -> Result<Zeroizing<Vec<u8>>, CliError> {
    let stdin = io::stdin();
    if stdin.is_terminal() {
        return Err(CliError::Explain(ExplainError::FromTerminal));
    }
    let bytes =
        read_capped(&mut stdin.lock(), MAX_INPUT).map_err(|e| CliError::ReadStdin(e.kind()))?;
    if bytes.len() > MAX_INPUT {
        return Err(CliError::Explain(ExplainError::TooLarge(MAX_INPUT)));
    }
    let text = String::from_utf8_lossy(&bytes);
    let mut replies: Vec<(u16, &str, Vec<usize>)> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let Some(found) = scan::reply_in(line) else {
            continue;
        };
        match replies
            .iter_mut()
            .find(|(code, text, _)| *code == found.code && *text == found.text)
        {
            Some((_, _, lines)) => lines.push(n + 1),
            None => replies.push((found.code, found.text, vec![n + 1])),
        }
    }
    if replies.is_empty() {
        return Err(CliError::Explain(ExplainError::NoReply));
    }
    let mut out = Zeroizing::new(Vec::new());
    let mut unknown = 0;
    for (code, text, lines) in &replies {
        let diagnosis = diagnose(*code, text);
        unknown += usize::from(diagnosis == Diagnosis::Unexpected);
        write_one(&mut out, *code, text, lines, diagnosis);
    }
    if unknown > 0 {
        output::write(&out)?;
        return Err(CliError::Explain(ExplainError::Unexplained(
            unknown,
            replies.len(),
        )));
    }
    Ok(out)
}

/// One reply: where it was, what it says (redacted), what it means.
fn write_one(out: &mut Vec<u8>, code: u16, text: &str, lines: &[usize], d: Diagnosis) {
    let numbers: Vec<String> = lines.iter().map(ToString::to_string).collect();
    let plural = if lines.len() > 1 { "s" } else { "" };
    let code = if code == 0 {
        "(no code)".to_owned()
    } else {
        code.to_string()
    };
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| {
            if is_safe(w) {
                escape_controls(w)
            } else {
                "[hidden]".to_owned()
            }
        })
        .collect();
    // Writing into a Vec cannot fail.
    let _ = writeln!(
        out,
        "line{plural} {}: {code} {}",
        numbers.join(", "),
        words.join(" ")
    );
    let _ = writeln!(out, "  means: {}", meaning(d));
    if let Some(causes) = likely_causes(d) {
        let _ = writeln!(out, "  {causes}");
    }
}
