//! The `accessKeys.csv` file that the IAM console offers when a key is made.
//!
//! Its header is `Access key ID,Secret access key` (the user-creation download
//! has more columns around them), possibly with a UTF-8 BOM and CRLF line
//! ends, fields possibly quoted. Parsed with `csv-core`, the `csv` crate's own
//! engine, because it writes unquoted fields into a buffer we own: the
//! `csv` crate's `Reader` keeps copies of every field in internal buffers that
//! cannot be wiped, and every field here may be a secret.

use core::fmt;
use core::ops::Range;

use csv_core::{ReadRecordResult, ReaderBuilder};
use zeroize::Zeroizing;

/// The header of the secret's column, compared without case.
pub const SECRET_COLUMN: &str = "Secret access key";
/// The header of the access key ID's column, compared without case.
pub const ID_COLUMN: &str = "Access key ID";

/// The most fields a row may have; the console's files have at most five.
const MAX_FIELDS: usize = 64;

/// Why a CSV file was refused. Row numbers count the header as row 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum CsvError {
    /// No header row with a `Secret access key` column.
    NoSecretColumn,
    /// A header but no data row.
    NoRows,
    /// A data row with fewer fields than the header needs.
    ShortRow {
        /// 1-based row number.
        row: usize,
    },
    /// A row with more than 64 fields.
    TooManyFields {
        /// 1-based row number.
        row: usize,
    },
    /// The ID column is not UTF-8.
    NotUtf8 {
        /// 1-based row number.
        row: usize,
    },
}

impl fmt::Display for CsvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CsvError::NoSecretColumn => {
                write!(f, "no '{SECRET_COLUMN}' column in the header row")
            }
            CsvError::NoRows => f.write_str("the CSV has a header but no access key row"),
            CsvError::ShortRow { row } => write!(f, "row {row} has too few fields"),
            CsvError::TooManyFields { row } => {
                write!(f, "row {row} has more than {MAX_FIELDS} fields")
            }
            CsvError::NotUtf8 { row } => write!(f, "row {row} is not valid UTF-8"),
        }
    }
}

impl std::error::Error for CsvError {}

/// One data row: where its fields are in [`AccessKeysCsv`]'s buffer.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Row {
    number: usize,
    id: Option<Range<usize>>,
    secret: Range<usize>,
}

/// The access keys of a CSV file, unquoted into one zeroizing buffer.
pub struct AccessKeysCsv {
    fields: Zeroizing<Vec<u8>>,
    rows: Vec<Row>,
}

impl fmt::Debug for AccessKeysCsv {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessKeysCsv")
            .field("rows", &self.rows.len())
            .finish_non_exhaustive()
    }
}

/// One access key from the file.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct CsvKey<'a> {
    /// 1-based row number (the header is row 1).
    pub row: usize,
    /// The `Access key ID` field, when the file has that column.
    pub access_key_id: Option<&'a str>,
    /// The `Secret access key` field, raw: check it with `ses_smtp_password::check_secret`.
    pub secret: &'a [u8],
}

impl fmt::Debug for CsvKey<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CsvKey")
            .field("row", &self.row)
            .field("access_key_id", &self.access_key_id)
            .field("secret", &"<redacted>")
            .finish()
    }
}

impl AccessKeysCsv {
    /// The data rows, in file order.
    pub fn keys(&self) -> impl ExactSizeIterator<Item = CsvKey<'_>> {
        self.rows.iter().map(|r| CsvKey {
            row: r.number,
            access_key_id: r
                .id
                .clone()
                .map(|range| core::str::from_utf8(&self.fields[range]).unwrap_or_default()),
            secret: &self.fields[r.secret.clone()],
        })
    }

    /// How many data rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }
}

/// The field separator, read from the header line: `,` as the IAM console
/// writes it, `;` as Excel saves it in European locales, or a tab; the one
/// the header uses most.
fn separator(input: &[u8]) -> u8 {
    let header = input
        .split(|&b| b == b'\n')
        .find(|line| !line.trim_ascii().is_empty())
        .unwrap_or_default();
    let count = |sep: u8| header.iter().filter(|&&b| b == sep).count();
    [b';', b'\t']
        .into_iter()
        .filter(|&sep| count(sep) > count(b','))
        .max_by_key(|&sep| count(sep))
        .unwrap_or(b',')
}

/// Parses an IAM console access-key CSV.
///
/// ```
/// use crate::csv::parse;
/// let file = b"\xEF\xBB\xBFAccess key ID,Secret access key\r\nAKIAIOSFODNN7EXAMPLE,wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\r\n";
/// let keys = parse(file).unwrap();
/// let key = keys.keys().next().unwrap();
/// assert_eq!(key.access_key_id, Some("AKIAIOSFODNN7EXAMPLE"));
/// assert_eq!(key.secret, b"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
/// ```
pub fn parse(input: &[u8]) -> Result<AccessKeysCsv, CsvError> {
    // Unquoting only shrinks fields, so the input's length bounds the output
    // and the buffer never reallocates (no stray copy of a secret).
    let mut fields = Zeroizing::new(vec![0u8; input.len()]);
    let mut rows = Vec::new();
    let mut reader = ReaderBuilder::new().delimiter(separator(input)).build();
    let mut ends = [0usize; MAX_FIELDS];
    // `out` is where the current record's fields start in `fields`; a record
    // may span several calls (csv-core asks for more input at the end of the
    // slice), its output and field ends accumulating, ends counted from the
    // record's start.
    let (mut pos, mut out, mut written, mut nfields) = (0, 0, 0, 0);
    let mut columns: Option<(Option<usize>, usize)> = None;
    let mut number = 0;
    loop {
        let (result, nin, nout, nend) = reader.read_record(
            &input[pos..],
            &mut fields[out + written..],
            &mut ends[nfields..],
        );
        pos += nin;
        written += nout;
        nfields += nend;
        match result {
            // The whole file is one slice: the next call, with empty input,
            // tells csv-core the file has ended.
            ReadRecordResult::InputEmpty => continue,
            ReadRecordResult::End => break,
            ReadRecordResult::OutputEndsFull => {
                return Err(CsvError::TooManyFields { row: number + 1 });
            }
            // Cannot happen (see above); treat as a malformed row, not a panic.
            ReadRecordResult::OutputFull => return Err(CsvError::ShortRow { row: number + 1 }),
            ReadRecordResult::Record => {}
        }
        let (start, count) = (out, nfields);
        out += written;
        (written, nfields) = (0, 0);
        let field = |i: usize| -> Range<usize> {
            let from = if i == 0 { 0 } else { ends[i - 1] };
            start + from..start + ends[i]
        };
        // A row of empty fields: `""`, or the `,` that Excel leaves after
        // the last row (csv-core itself drops empty lines, so a record
        // always has a field). It is no key.
        if fields[start..start + ends[count - 1]]
            .trim_ascii()
            .is_empty()
        {
            continue;
        }
        number += 1;
        match columns {
            None => {
                let find = |name: &str| {
                    (0..count).find(|&i| {
                        let f = &fields[field(i)];
                        f.trim_ascii().eq_ignore_ascii_case(name.as_bytes())
                    })
                };
                let secret = find(SECRET_COLUMN).ok_or(CsvError::NoSecretColumn)?;
                columns = Some((find(ID_COLUMN), secret));
            }
            Some((id, secret)) => {
                let needed = id.unwrap_or(0).max(secret) + 1;
                if count < needed {
                    return Err(CsvError::ShortRow { row: number });
                }
                let id = id.map(field);
                if let Some(r) = &id {
                    core::str::from_utf8(&fields[r.clone()])
                        .map_err(|_| CsvError::NotUtf8 { row: number })?;
                }
                rows.push(Row {
                    number,
                    id,
                    secret: field(secret),
                });
            }
        }
    }
    match columns {
        None => Err(CsvError::NoSecretColumn),
        Some(_) if rows.is_empty() => Err(CsvError::NoRows),
        Some(_) => Ok(AccessKeysCsv { fields, rows }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &[u8] = b"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    fn one(input: &[u8]) -> (Option<String>, Vec<u8>) {
        let parsed = parse(input).unwrap();
        assert_eq!(parsed.len(), 1);
        let k = parsed.keys().next().unwrap();
        (k.access_key_id.map(str::to_owned), k.secret.to_vec())
    }

    #[test]
    fn console_shapes() {
        let cases: [&[u8]; 7] = [
            b"Access key ID,Secret access key\nAKIAIOSFODNN7EXAMPLE,wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
            b"\xEF\xBB\xBFAccess key ID,Secret access key\r\nAKIAIOSFODNN7EXAMPLE,wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\r\n",
            b"\"Access key ID\",\"Secret access key\"\r\n\"AKIAIOSFODNN7EXAMPLE\",\"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\"",
            b"User name,Password,Access key ID,Secret access key,Console login link\nses,,AKIAIOSFODNN7EXAMPLE,wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY,https://x\n",
            b"Access key ID,Secret access key\n\n\nAKIAIOSFODNN7EXAMPLE,wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n\n",
            b"access key id , SECRET ACCESS KEY\nAKIAIOSFODNN7EXAMPLE,wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            // Quoted last field, no final newline: the record spans two reads.
            b"Access key ID,Secret access key\r\n\"AKIAIOSFODNN7EXAMPLE\",\"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\"",
        ];
        for (i, input) in cases.iter().enumerate() {
            let (id, secret) = one(input);
            assert_eq!(id.as_deref(), Some("AKIAIOSFODNN7EXAMPLE"), "case {i}");
            assert_eq!(secret, KEY, "case {i}");
        }
    }

    #[test]
    fn separator_from_the_header() {
        for sep in [";", "\t"] {
            let input = format!(
                "\u{feff}Access key ID{sep}Secret access key\r\nAKIAIOSFODNN7EXAMPLE{sep}wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\r\n"
            );
            let (id, secret) = one(input.as_bytes());
            assert_eq!(id.as_deref(), Some("AKIAIOSFODNN7EXAMPLE"), "{sep:?}");
            assert_eq!(secret, KEY, "{sep:?}");
        }
        assert_eq!(separator(b"a,b;c,d\n"), b',');
        assert_eq!(separator(b"\n\na;b;c\n1,2,3,4,5\n"), b';');
    }

    #[test]
    fn secret_column_only() {
        let (id, secret) = one(b"Secret access key\nwJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n");
        assert_eq!(id, None);
        assert_eq!(secret, KEY);
    }

    #[test]
    fn several_rows_in_order() {
        let parsed =
            parse(b"Access key ID,Secret access key\nAKIA1,s1\nAKIA2,s2\nAKIA3,s3\n").unwrap();
        let got: Vec<_> = parsed
            .keys()
            .map(|k| (k.row, k.access_key_id.unwrap(), k.secret))
            .collect();
        assert_eq!(
            got,
            [
                (2, "AKIA1", &b"s1"[..]),
                (3, "AKIA2", b"s2"),
                (4, "AKIA3", b"s3")
            ]
        );
    }

    #[test]
    fn a_row_of_empty_fields_is_no_key() {
        // Excel leaves `,` (or `,,`) after the last row.
        for tail in [",\n", ",,\r\n", " , \n"] {
            let key = std::str::from_utf8(KEY).unwrap();
            let text = format!("Access key ID,Secret access key\nAKIA1,{key}\n{tail}");
            let parsed = parse(text.as_bytes()).unwrap();
            assert_eq!(parsed.len(), 1, "{tail:?}");
        }
    }

    #[test]
    fn empty_fields_are_not_blank_lines() {
        // A row whose first field is empty is a row, not a blank line; a
        // line holding only "" is skipped.
        let parsed = parse(
            b"Access key ID,Secret access key\n\"\"\n,wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
        )
        .unwrap();
        let rows: Vec<_> = parsed
            .keys()
            .map(|k| (k.row, k.access_key_id, k.secret))
            .collect();
        assert_eq!(rows, [(2, Some(""), KEY)]);
    }

    #[test]
    fn too_many_fields_names_the_row() {
        let wide = format!("Secret access key\nx\n{}\n", ",".repeat(64));
        assert_eq!(
            parse(wide.as_bytes()).map(|k| k.len()),
            Err(CsvError::TooManyFields { row: 3 })
        );
        // 64 fields are still read.
        let most = format!("Secret access key\nx\n{}y\n", ",".repeat(63));
        assert_eq!(parse(most.as_bytes()).map(|k| k.len()), Ok(2));
    }

    #[test]
    fn debug_never_shows_a_secret() {
        let parsed = parse(b"Access key ID,Secret access key\nAKIAIOSFODNN7EXAMPLE,wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n").unwrap();
        assert_eq!(format!("{parsed:?}"), "AccessKeysCsv { rows: 1, .. }");
        let key = parsed.keys().next().unwrap();
        assert_eq!(
            format!("{key:?}"),
            r#"CsvKey { row: 2, access_key_id: Some("AKIAIOSFODNN7EXAMPLE"), secret: "<redacted>" }"#
        );
    }

    #[test]
    fn refused() {
        let cases: [(&[u8], CsvError); 6] = [
            (b"", CsvError::NoSecretColumn),
            (b"\n\n", CsvError::NoSecretColumn),
            (
                b"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
                CsvError::NoSecretColumn,
            ),
            (b"Access key ID,Secret access key\r\n", CsvError::NoRows),
            (
                b"Access key ID,Secret access key\nAKIAIOSFODNN7EXAMPLE\n",
                CsvError::ShortRow { row: 2 },
            ),
            (
                b"Access key ID,Secret access key\n\xff\xfe,x\n",
                CsvError::NotUtf8 { row: 2 },
            ),
        ];
        for (i, (input, want)) in cases.iter().enumerate() {
            assert_eq!(parse(input).map(|k| k.len()), Err(*want), "case {i}");
        }
    }
}
