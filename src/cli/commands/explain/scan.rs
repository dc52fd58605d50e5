//! Finding an SMTP reply in a line as people paste it: a bare reply, or
//! one quoted by a mail log or a client library's error.
//!
//! - Postfix: `… said: 530 Authentication required (in reply to MAIL FROM
//!   command)` (the `(in reply to …)` is Postfix's, not the server's);
//! - Exim: `SMTP error from remote mail server after AUTH PLAIN: 535 …`,
//!   and `SMTP<< 535 …` in its debug output;
//! - sendmail: `stat=Deferred: 421 …`, `reply=535 …`;
//! - Python smtplib: `SMTPAuthenticationError: (535, b'…')`;
//! - nodemailer: `Error: Invalid login: 535 …` and `response: '535 …'`;
//! - MailKit: `AuthenticationException: 535: …`; .NET's SmtpClient logs
//!   the text alone: `The server response was: …`;
//! - PHPMailer: `SERVER -> CLIENT: 535 …`, `Password command failed: 535 …`.
//!
//! A code is three digits, the first 4 or 5 (refusals; successes need no
//! explaining), the second 0 to 5 (RFC 5321's reply codes: so a port such
//! as 465 or 587 is never taken for one), standing alone after a space, a
//! quote, `(`, `=` or `>` or at the start of the line, and followed by a
//! space, `-` or `:` and then the text.

/// A reply found in a line: its code (0 when the line holds the text
/// alone) and its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found<'a> {
    pub code: u16,
    pub text: &'a str,
}

/// The first reply in `line`, if any.
pub fn reply_in(line: &str) -> Option<Found<'_>> {
    smtplib(line)
        .or_else(|| coded(line))
        .or_else(|| text_alone(line))
}

/// A refusal code: `4` or `5`, then `0`-`5`, then a digit.
fn code_at(bytes: &[u8], at: usize) -> Option<u16> {
    match bytes.get(at..at + 3)? {
        [a @ b'4'..=b'5', b @ b'0'..=b'5', c @ b'0'..=b'9'] => {
            Some(u16::from(a - b'0') * 100 + u16::from(b - b'0') * 10 + u16::from(c - b'0'))
        }
        _ => None,
    }
}

/// smtplib's exceptions: `(535, b'text')`, `(552, 'text')`.
fn smtplib(line: &str) -> Option<Found<'_>> {
    let bytes = line.as_bytes();
    line.match_indices('(').find_map(|(at, _)| {
        let code = code_at(bytes, at + 1)?;
        let rest = line.get(at + 4..)?.strip_prefix(", ")?;
        let rest = rest.strip_prefix('b').unwrap_or(rest);
        let quote = rest.chars().next().filter(|q| *q == '\'' || *q == '"')?;
        let text = &rest[1..];
        let end = text.find(quote)?;
        Some(Found {
            code,
            text: text[..end].trim(),
        })
    })
}

/// A code standing alone, then its text to the end of the line (or to
/// the quote that opened it).
fn coded(line: &str) -> Option<Found<'_>> {
    let bytes = line.as_bytes();
    (0..bytes.len()).find_map(|at| {
        let before = at.checked_sub(1).map(|i| bytes[i]);
        if !matches!(
            before,
            None | Some(b' ' | b'\t' | b'\'' | b'"' | b'(' | b'=' | b'>')
        ) {
            return None;
        }
        let code = code_at(bytes, at)?;
        if !matches!(bytes.get(at + 3), Some(b' ' | b'-' | b':')) {
            return None;
        }
        let mut text = line.get(at + 4..)?.trim_start();
        if let Some(quote @ (b'\'' | b'"')) = before {
            text = &text[..text.find(char::from(quote)).unwrap_or(text.len())];
        }
        // Postfix's own words after the server's.
        if let Some(end) = text.find(" (in reply to ") {
            text = &text[..end];
        }
        // A reply quoted inside parentheses: `status=deferred (… said: …)`.
        if text.ends_with(')') && text.matches(')').count() > text.matches('(').count() {
            text = &text[..text.len() - 1];
        }
        let text = text.trim();
        let starts_well = text
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphanumeric());
        starts_well.then_some(Found { code, text })
    })
}

/// .NET's SmtpClient: `The server response was: TEXT`, without a code.
fn text_alone(line: &str) -> Option<Found<'_>> {
    let (_, text) = line.split_once("The server response was: ")?;
    let text = text.trim();
    (!text.is_empty()).then_some(Found { code: 0, text })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(line: &str) -> Option<(u16, &str)> {
        reply_in(line).map(|f| (f.code, f.text))
    }

    #[test]
    fn each_log_form() {
        let cases = [
            (
                "535 Authentication Credentials Invalid",
                (535, "Authentication Credentials Invalid"),
            ),
            (
                "Dec  3 09:00:01 mx postfix/smtp[4242]: 1A2B3C4D: to=<a@example.com>, relay=email-smtp.eu-west-1.amazonaws.com[52.1.2.3]:587, delay=0.4, delays=0.01/0/0.3/0.09, dsn=5.0.0, status=bounced (host email-smtp.eu-west-1.amazonaws.com[52.1.2.3] said: 530 Authentication required (in reply to MAIL FROM command))",
                (530, "Authentication required"),
            ),
            (
                "Dec  3 09:00:01 mx postfix/smtp[4242]: warning: SASL authentication failure: ... (SASL authentication failed; server email-smtp.eu-west-1.amazonaws.com[52.1.2.3] said: 535 Authentication Credentials Invalid)",
                (535, "Authentication Credentials Invalid"),
            ),
            (
                "2026-12-03 09:00:01 1xAbCd-000Efg-Hi ** a@example.com R=ses_smarthost T=ses_smtp H=email-smtp.eu-west-1.amazonaws.com [52.1.2.3]:587: SMTP error from remote mail server after AUTH PLAIN: 535 Authentication Credentials Invalid",
                (535, "Authentication Credentials Invalid"),
            ),
            (
                "  SMTP<< 454 Throttling failure: Maximum sending rate exceeded.",
                (454, "Throttling failure: Maximum sending rate exceeded."),
            ),
            (
                "Dec  3 09:00:01 mx sm-mta[99]: x: to=<a@example.com>, delay=00:00:01, mailer=relay, pri=1, relay=email-smtp.us-east-1.amazonaws.com. [52.1.2.3], dsn=4.0.0, stat=Deferred: 421 Too many concurrent SMTP connections",
                (421, "Too many concurrent SMTP connections"),
            ),
            (
                "smtplib.SMTPAuthenticationError: (535, b'Authentication Credentials Invalid')",
                (535, "Authentication Credentials Invalid"),
            ),
            (
                "smtplib.SMTPDataError: (552, b'Message is too long')",
                (552, "Message is too long"),
            ),
            (
                "Error: Invalid login: 535 Authentication Credentials Invalid",
                (535, "Authentication Credentials Invalid"),
            ),
            (
                "  response: '535 Authentication Credentials Invalid',",
                (535, "Authentication Credentials Invalid"),
            ),
            (
                "MailKit.Security.AuthenticationException: 535: Authentication Credentials Invalid",
                (535, "Authentication Credentials Invalid"),
            ),
            (
                "System.Net.Mail.SmtpException: The SMTP server requires a secure connection or the client was not authenticated. The server response was: Authentication required",
                (0, "Authentication required"),
            ),
            (
                "2026-12-03 09:00:01 SERVER -> CLIENT: 535 Authentication Credentials Invalid",
                (535, "Authentication Credentials Invalid"),
            ),
            (
                "SMTP ERROR: Password command failed: 535 Authentication Credentials Invalid",
                (535, "Authentication Credentials Invalid"),
            ),
        ];
        for (line, want) in cases {
            assert_eq!(found(line), Some(want), "{line}");
        }
    }

    #[test]
    fn not_replies() {
        for line in [
            "",
            "relay=email-smtp.eu-west-1.amazonaws.com[52.1.2.3]:587, delay=0.4",
            "connect to port 465 failed",
            "250-PIPELINING",
            "235 Authentication successful",
            "pid 4242 exited",
            "SMTP Error: Could not authenticate.",
        ] {
            assert_eq!(found(line), None, "{line}");
        }
    }
}
