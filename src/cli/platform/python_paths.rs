//! Python's `os.path.expandvars`, both of its rules, as pure functions.
//!
//! botocore passes `AWS_SHARED_CREDENTIALS_FILE` and `AWS_CONFIG_FILE`
//! through `os.path.expandvars` and then `os.path.expanduser`
//! (`botocore.configloader.raw_config_parse`), so the AWS CLI reads
//! `AWS_CONFIG_FILE='$HOME/aws/config'` from a Docker env file or a systemd
//! unit, where no shell expanded it. Python's rule differs by platform:
//! `posixpath` on Linux and macOS, `ntpath` on Windows; each platform file
//! picks its own. Both are here, portable, so the tests compare each with
//! Python's own on any machine (`tests` below runs python3).

/// `posixpath.expandvars` (Python 3.11, the regex
/// `\$(\w+|\{[^}]*\})` with ASCII `\w`): `$NAME` (ASCII letters, digits,
/// `_`) and `${ANYTHING}` are replaced by the variable's value when it is
/// set; otherwise the whole match stays as written. Values are not
/// expanded again. Bytes, as a Unix path is.
#[cfg_attr(windows, allow(dead_code))] // compiled everywhere: its test runs anywhere
pub fn posix_expandvars(path: &[u8], var: impl Fn(&[u8]) -> Option<Vec<u8>>) -> Vec<u8> {
    let mut out = Vec::with_capacity(path.len());
    let mut i = 0;
    while i < path.len() {
        if path[i] == b'$' {
            let rest = &path[i + 1..];
            let matched = if rest.first() == Some(&b'{') {
                // `${` without a `}` matches nothing here.
                rest.iter()
                    .position(|&b| b == b'}')
                    .map(|end| (&rest[1..end], end + 1))
            } else {
                let n = rest
                    .iter()
                    .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
                    .count();
                (n > 0).then(|| (&rest[..n], n))
            };
            if let Some((name, len)) = matched {
                // Python skips a match whose variable is unset whole, so a
                // `$` inside `${…}` is not expanded either.
                match var(name) {
                    Some(value) => out.extend_from_slice(&value),
                    None => out.extend_from_slice(&path[i..=i + len]),
                }
                i += 1 + len;
                continue;
            }
        }
        out.push(path[i]);
        i += 1;
    }
    out
}

/// `ntpath.expandvars` (Python 3.11): `%NAME%`, `${NAME}` and `$NAME`
/// (ASCII letters, digits, `_` and `-`) are replaced when set and kept as
/// written when not; `%%` and `$$` are one `%` and one `$`; nothing between
/// single quotes is expanded (the quotes stay). Windows looks variables up
/// without regard to case; that is `var`'s business.
#[cfg_attr(unix, allow(dead_code))] // compiled everywhere: its test runs anywhere
pub fn nt_expandvars(path: &str, var: impl Fn(&str) -> Option<String>) -> String {
    let p: Vec<char> = path.chars().collect();
    let text = |from: usize, to: usize| p[from..to].iter().collect::<String>();
    let find = |from: usize, c: char| p[from..].iter().position(|&x| x == c).map(|n| from + n);
    let mut out = String::with_capacity(path.len());
    let mut i = 0;
    while i < p.len() {
        let next = p.get(i + 1).copied();
        match (p[i], next) {
            ('\'', _) => {
                let end = find(i + 1, '\'').map_or(p.len(), |end| end + 1);
                out += &text(i, end);
                i = end;
            }
            ('%', Some('%')) | ('$', Some('$')) => {
                out.push(p[i]);
                i += 2;
            }
            // `%NAME%` and `${NAME}`: unset, or without its closing
            // character, it stays as written.
            ('%', _) | ('$', Some('{')) => {
                let (from, close) = if p[i] == '%' {
                    (i + 1, '%')
                } else {
                    (i + 2, '}')
                };
                match find(from, close) {
                    Some(end) => {
                        let name = text(from, end);
                        out += &var(&name).unwrap_or_else(|| text(i, end + 1));
                        i = end + 1;
                    }
                    None => {
                        out += &text(i, p.len());
                        i = p.len();
                    }
                }
            }
            ('$', _) => {
                let n = p[i + 1..]
                    .iter()
                    .take_while(|c| c.is_ascii_alphanumeric() || **c == '_' || **c == '-')
                    .count();
                out += &var(&text(i + 1, i + 1 + n)).unwrap_or_else(|| text(i, i + 1 + n));
                i += 1 + n;
            }
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    // Tests: a failed unwrap is a failed test, with its location.

    use super::{nt_expandvars, posix_expandvars};

    /// The variables both sides see: names with the characters each rule
    /// treats differently (`-`, a space, a digit, non-ASCII), and values
    /// holding what would expand if expanded again.
    const ENV: &[(&str, &str)] = &[
        ("A", "va"),
        ("b_2", "$A"),
        ("A-b", "dash"),
        ("A b", "space"),
        ("1", "one"),
        ("é", "acc"),
        ("E", ""),
        ("P", "%A%"),
    ];

    fn var(name: &str) -> Option<String> {
        ENV.iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| (*v).to_owned())
    }

    /// [`var`] for the byte rule: a name that is not UTF-8 is not in [`ENV`].
    fn var_bytes(name: &[u8]) -> Option<Vec<u8>> {
        var(std::str::from_utf8(name).ok()?).map(String::into_bytes)
    }

    /// Strings built from the characters either rule reads, from a fixed
    /// seed (a linear congruential generator: the same cases every run),
    /// plus the ones each branch of the rules needs.
    fn cases() -> Vec<String> {
        const PIECES: &[&str] = &[
            "$", "{", "}", "%", "'", "A", "b", "_", "2", "-", " ", "/", "~", "é", "1", "E", "P",
        ];
        let mut cases: Vec<String> = [
            "", "$A/x", "${A}x", "$Ax", "${}", "${A", "$", "$$A", "$b_2", "${A b}", "%A%", "%%A%%",
            "%A", "$A-b", "'$A'", "'$A", "~/$A", "${A$A}", "${ZZ$A}", "$é", "%é%", "${é}",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        let mut state: u64 = 0x5e5_5e5;
        let mut next = |bound: usize| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            usize::try_from(state >> 33).unwrap() % bound
        };
        for _ in 0..3000 {
            let len = next(12);
            cases.push((0..len).map(|_| PIECES[next(PIECES.len())]).collect());
        }
        cases
    }

    /// Python's own answers: each case through `posixpath.expandvars` and
    /// `ntpath.expandvars` with exactly [`ENV`] as the environment.
    fn python(cases: &[String]) -> Vec<(String, String)> {
        let script = r#"
import json, ntpath, os, posixpath, sys
data = json.load(sys.stdin)
os.environ.clear()
os.environ.update(data["env"])
print(json.dumps([[posixpath.expandvars(c), ntpath.expandvars(c)] for c in data["cases"]]))
"#;
        let env: serde_json::Map<String, serde_json::Value> = ENV
            .iter()
            .map(|(n, v)| ((*n).to_owned(), serde_json::Value::from(*v)))
            .collect();
        let input = serde_json::json!({ "env": env, "cases": cases }).to_string();
        let mut child = std::process::Command::new("python3")
            .args(["-c", script])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("python3 runs (.ci/run installs it)");
        std::io::Write::write_all(&mut child.stdin.take().unwrap(), input.as_bytes()).unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success());
        serde_json::from_slice(&out.stdout).unwrap()
    }

    #[test]
    fn both_rules_expand_as_python_does() {
        let cases = cases();
        let theirs = python(&cases);
        assert_eq!(theirs.len(), cases.len());
        for (case, (posix, nt)) in cases.iter().zip(&theirs) {
            let ours = posix_expandvars(case.as_bytes(), var_bytes);
            assert_eq!(
                String::from_utf8(ours).unwrap(),
                *posix,
                "posixpath, {case:?}"
            );
            assert_eq!(nt_expandvars(case, var), *nt, "ntpath, {case:?}");
        }
    }

    #[test]
    fn a_value_is_not_expanded_again() {
        assert_eq!(posix_expandvars(b"$b_2/x", var_bytes), b"$A/x");
        assert_eq!(nt_expandvars("%P%\\x", var), "%A%\\x");
    }
}
