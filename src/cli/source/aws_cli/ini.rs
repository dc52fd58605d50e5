//! INI files as the AWS CLI reads them: Python's `configparser.RawConfigParser`
//! with its defaults, which botocore uses for `~/.aws/credentials` and
//! `~/.aws/config` (botocore `configloader.raw_config_parse`).
//!
//! The rules kept here, from CPython 3's `configparser`: `[section]` headers
//! (the name is everything up to the last `]`, so `[ses] # note` is `ses`);
//! `name = value` or `name: value`, split at the first `=` or `:`; names
//! lowercased; `#` and `;` comment lines; an indented line continues the value
//! above it (a multi-line value); a section or an option twice is an error
//! (strict mode); `[DEFAULT]` options belong to every section; a line that is
//! none of these is an error. Values borrow from the file's buffer; a
//! multi-line value is joined into a `String`, which the zeroizing allocator
//! wipes when it is freed.

use std::borrow::Cow;

/// Why a file could not be read as INI; `line` is 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IniError {
    /// A line before the first section header.
    NoSectionHeader(usize),
    /// A section header seen before.
    DuplicateSection(usize),
    /// An option seen before in the same section.
    DuplicateOption(usize),
    /// A line that is no header, option, comment or continuation.
    Unparsable(usize),
}

/// One `[section]` and its options, in file order.
pub struct Section<'a> {
    /// The name between the brackets.
    pub name: &'a str,
    options: Vec<(String, Vec<&'a str>)>,
}

/// A parsed file.
pub struct Ini<'a> {
    sections: Vec<Section<'a>>,
    defaults: Vec<(String, Vec<&'a str>)>,
}

/// Where the current option's lines go.
#[derive(Clone, Copy)]
enum Cursor {
    None,
    Defaults,
    Section(usize),
}

impl<'a> Ini<'a> {
    /// Parses `text`.
    pub fn parse(text: &'a str) -> Result<Ini<'a>, IniError> {
        let mut ini = Ini {
            sections: Vec::new(),
            defaults: Vec::new(),
        };
        let mut cursor = Cursor::None;
        let mut option: Option<usize> = None;
        let mut indent_level = 0;
        let mut error = None;
        for (number, line) in text.split('\n').enumerate() {
            let number = number + 1;
            let line = line.strip_suffix('\r').unwrap_or(line);
            let value = line.trim();
            if value.starts_with('#') || value.starts_with(';') {
                continue;
            }
            if value.is_empty() {
                // An empty line inside a value is kept (and trailing ones
                // dropped when the value is read).
                if let Some(o) = option {
                    ini.options_mut(cursor)[o].1.push("");
                }
                continue;
            }
            let indent = line.len() - line.trim_start().len();
            if option.is_some() && !matches!(cursor, Cursor::None) && indent > indent_level {
                let o = option.unwrap_or_default();
                ini.options_mut(cursor)[o].1.push(value);
                continue;
            }
            indent_level = indent;
            if let Some(name) = header(value) {
                option = None;
                if name == "DEFAULT" {
                    cursor = Cursor::Defaults;
                } else if ini.sections.iter().any(|s| s.name == name) {
                    return Err(IniError::DuplicateSection(number));
                } else {
                    ini.sections.push(Section {
                        name,
                        options: Vec::new(),
                    });
                    cursor = Cursor::Section(ini.sections.len() - 1);
                }
                continue;
            }
            if matches!(cursor, Cursor::None) {
                return Err(IniError::NoSectionHeader(number));
            }
            match split_option(value) {
                Some((name, first)) => {
                    let name = name.to_lowercase();
                    let options = ini.options_mut(cursor);
                    if options.iter().any(|(n, _)| *n == name) {
                        return Err(IniError::DuplicateOption(number));
                    }
                    options.push((name, vec![first]));
                    option = Some(options.len() - 1);
                }
                // configparser reads on (the option above stays open), and
                // fails at the end.
                None => {
                    error.get_or_insert(IniError::Unparsable(number));
                }
            }
        }
        match error {
            Some(e) => Err(e),
            None => Ok(ini),
        }
    }

    fn options_mut(&mut self, cursor: Cursor) -> &mut Vec<(String, Vec<&'a str>)> {
        match cursor {
            Cursor::Section(i) => &mut self.sections[i].options,
            Cursor::Defaults | Cursor::None => &mut self.defaults,
        }
    }

    /// The sections, in file order (`[DEFAULT]` is not one).
    pub fn sections(&self) -> &[Section<'a>] {
        &self.sections
    }

    /// Option `name` (lowercase) of `section`, or of `[DEFAULT]`; a
    /// multi-line value joined with newlines, trailing empty lines dropped.
    pub fn get(&self, section: &Section<'a>, name: &str) -> Option<Cow<'a, str>> {
        let lines = section
            .options
            .iter()
            .chain(&self.defaults)
            .find(|(n, _)| n == name)
            .map(|(_, lines)| lines)?;
        let end = lines
            .iter()
            .rposition(|l| !l.is_empty())
            .map_or(1, |i| i + 1);
        Some(match &lines[..end.min(lines.len())] {
            [one] => Cow::Borrowed(*one),
            many => Cow::Owned(many.join("\n")),
        })
    }
}

/// `[name]`: everything between the first `[` and the last `]` (Python's
/// `\[(?P<header>.+)\]`, matched from the start, greedy).
fn header(value: &str) -> Option<&str> {
    let rest = value.strip_prefix('[')?;
    let end = rest.rfind(']')?;
    (end > 0).then(|| &rest[..end])
}

/// `name = value` or `name: value`, at the first `=` or `:`; the name must
/// not be empty.
fn split_option(value: &str) -> Option<(&str, &str)> {
    let at = value.find(['=', ':'])?;
    let name = value[..at].trim_end();
    (!name.is_empty()).then(|| (name, value[at + 1..].trim()))
}

/// Words as Python's `shlex.split` makes them (POSIX mode), for
/// `[profile NAME]` headers and `credential_process` commands (botocore
/// splits both with it); `None` for an unterminated quote or a trailing
/// backslash, where shlex fails. Its rules, exactly: only space, tab, CR
/// and LF separate words (a non-breaking space is part of a word); outside
/// quotes a backslash takes the next character literally; inside double
/// quotes it escapes only `"` and `\` and is kept before anything else
/// (`\$` and `` \` `` stay two characters, unlike a POSIX shell).
pub fn shell_words(text: &str) -> Option<Vec<String>> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\r' | '\n' => {
                if let Some(w) = word.take() {
                    words.push(w);
                }
            }
            '\'' => {
                let w = word.get_or_insert_with(String::new);
                loop {
                    match chars.next()? {
                        '\'' => break,
                        c => w.push(c),
                    }
                }
            }
            '"' => {
                let w = word.get_or_insert_with(String::new);
                loop {
                    match chars.next()? {
                        '"' => break,
                        '\\' => match chars.next()? {
                            c @ ('\\' | '"') => w.push(c),
                            c => {
                                w.push('\\');
                                w.push(c);
                            }
                        },
                        c => w.push(c),
                    }
                }
            }
            '\\' => word.get_or_insert_with(String::new).push(chars.next()?),
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(word);
    Some(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get(ini: &Ini<'_>, section: &str, name: &str) -> Option<String> {
        let s = ini.sections().iter().find(|s| s.name == section)?;
        ini.get(s, name).map(Cow::into_owned)
    }

    #[test]
    fn configparser_rules() {
        let text = "# top\n[DEFAULT]\nregion = eu-west-1\n\n[ses] # a note\nAWS_Secret_Access_Key: a=b:c \n  ; not a comment here? no, a comment\n[other]\r\nkey=\n  first\n\n  second\n\n[profile \"my ses\"]\ns3 =\n  addressing_style = path\n";
        let ini = Ini::parse(text).unwrap();
        let names: Vec<_> = ini.sections().iter().map(|s| s.name).collect();
        assert_eq!(names, ["ses", "other", "profile \"my ses\""]);
        assert_eq!(
            get(&ini, "ses", "aws_secret_access_key").as_deref(),
            Some("a=b:c")
        );
        assert_eq!(get(&ini, "ses", "region").as_deref(), Some("eu-west-1"));
        assert_eq!(
            get(&ini, "other", "key").as_deref(),
            Some("\nfirst\n\nsecond")
        );
        assert_eq!(
            get(&ini, "profile \"my ses\"", "s3").as_deref(),
            Some("\naddressing_style = path")
        );
    }

    #[test]
    fn configparser_errors() {
        let cases: [(&str, IniError); 5] = [
            ("key = v\n[a]\n", IniError::NoSectionHeader(1)),
            ("[a]\n[b]\n[a]\n", IniError::DuplicateSection(3)),
            ("[a]\nk=1\nK = 2\n", IniError::DuplicateOption(3)),
            ("[a]\nk=1\nnonsense\nj=2\n", IniError::Unparsable(3)),
            ("[a]\n= v\n", IniError::Unparsable(2)),
        ];
        for (text, want) in cases {
            assert_eq!(Ini::parse(text).err(), Some(want), "{text:?}");
        }
    }

    #[test]
    fn shell_words_as_shlex_splits() {
        let w = |s: &str| shell_words(s);
        assert_eq!(w("profile ses"), Some(vec!["profile".into(), "ses".into()]));
        assert_eq!(
            w("profile 'my ses'"),
            Some(vec!["profile".into(), "my ses".into()])
        );
        assert_eq!(
            w(r#"a "b \" c" d\ e"#),
            Some(vec!["a".into(), "b \" c".into(), "d e".into()])
        );
        // shlex, not a shell: only `"` and `\` are escaped in double
        // quotes, and a non-breaking space does not split.
        assert_eq!(
            w("a \"\\$HOME \\` \\\\\" b\u{a0}c"),
            Some(vec!["a".into(), "\\$HOME \\` \\".into(), "b\u{a0}c".into()])
        );
        assert_eq!(w("profile 'open"), None);
        assert_eq!(w(""), Some(vec![]));
    }
}
