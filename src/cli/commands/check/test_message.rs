//! `check --from`: the one test message, and the addresses it goes between.
//!
//! The message is plain text with the headers SES checks and mail clients
//! expect (RFC 5322): From, To, Subject, Date, Message-ID. By default it
//! goes to SES's mailbox simulator, which accepts it without delivering it
//! anywhere and without touching the account's bounce or complaint rates
//! (SES developer guide, "Using the mailbox simulator").

use std::str::FromStr as _;
use std::time::{SystemTime, UNIX_EPOCH};

use lettre::Address;
use lettre::address::Envelope;

use crate::cli::report::CliError;
use crate::cli::report::redact::shown;

/// The mailbox simulator's address that accepts a message.
pub const SIMULATOR: &str = "success@simulator.amazonses.com";
/// The mailbox simulator's domain: no real mailbox is ever reached there.
const SIMULATOR_DOMAIN: &str = "simulator.amazonses.com";

/// A message ready for MAIL FROM, RCPT TO and DATA.
#[derive(Clone)]
pub struct TestMessage {
    /// The sender and the one recipient.
    pub envelope: Envelope,
    /// The message, headers and body, CRLF line ends.
    pub bytes: Vec<u8>,
}

/// Checks `--from` and `--to` as addresses (lettre's parser) and builds the
/// message. `Ok(None)` when `--from` was not given.
pub fn prepare(
    from: Option<&str>,
    to: Option<&str>,
    warn: impl Fn(String),
) -> Result<Option<TestMessage>, CliError> {
    let Some(from) = from else {
        return Ok(None);
    };
    let parse = |flag: &'static str, value: &str| {
        Address::from_str(value).map_err(|_| CliError::BadAddress(flag, shown(value).into_owned()))
    };
    let sender = parse("--from", from)?;
    let recipient = parse("--to", to.unwrap_or(SIMULATOR))?;
    if !recipient.domain().eq_ignore_ascii_case(SIMULATOR_DOMAIN) {
        warn(format!(
            "--to {recipient} is outside SES's mailbox simulator: a real message will be delivered there"
        ));
    }
    let envelope = Envelope::new(Some(sender.clone()), vec![recipient.clone()])
        .map_err(|_| CliError::BadAddress("--to", recipient.to_string()))?;
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    let id = format!("{:x}.{:x}", now.as_nanos(), std::process::id());
    let bytes = format!(
        "From: {sender}\r\nTo: {recipient}\r\nSubject: Test message from ses-smtp-password\r\n\
         Date: {}\r\nMessage-ID: <{id}@ses-smtp-password.invalid>\r\nMIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=us-ascii\r\n\r\n\
         This is a test of SES SMTP credentials, sent by 'ses-smtp-password check --from'.\r\n",
        rfc5322_date(now.as_secs())
    )
    .into_bytes();
    Ok(Some(TestMessage { envelope, bytes }))
}

/// `Tue, 25 Nov 2026 04:51:07 +0000` for seconds since 1970 (UTC), by the
/// civil-from-days algorithm (Howard Hinnant, "chrono-Compatible Low-Level
/// Date Algorithms").
fn rfc5322_date(secs: u64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = secs / 86_400;
    let rest = secs % 86_400;
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{}, {day} {} {year} {:02}:{:02}:{:02} +0000",
        DAYS[(days % 7) as usize],
        MONTHS[(month - 1) as usize],
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_rfc5322_writes_them() {
        assert_eq!(rfc5322_date(0), "Thu, 1 Jan 1970 00:00:00 +0000");
        assert_eq!(rfc5322_date(951_782_400), "Tue, 29 Feb 2000 00:00:00 +0000");
        assert_eq!(
            rfc5322_date(1_795_583_467),
            "Wed, 25 Nov 2026 05:11:07 +0000"
        );
    }

    #[test]
    fn addresses_are_checked() {
        let warned = std::cell::RefCell::new(Vec::new());
        let warn = |w| warned.borrow_mut().push(w);
        assert!(prepare(None, None, warn).unwrap().is_none());
        let m = prepare(Some("ops@example.com"), None, warn)
            .unwrap()
            .unwrap();
        let text = String::from_utf8(m.bytes).unwrap();
        assert!(
            text.starts_with("From: ops@example.com\r\nTo: success@simulator.amazonses.com\r\n")
        );
        assert!(warned.borrow().is_empty());
        prepare(Some("ops@example.com"), Some("me@example.org"), warn).unwrap();
        assert_eq!(warned.borrow().len(), 1);
        assert!(prepare(Some("not an address"), None, warn).is_err());
        assert!(prepare(Some("ops@example.com"), Some("@x"), warn).is_err());
    }
}
