//! How NAME/value pairs are written in each form that sets variables:
//! shell `env`, `env-file`, fish, a Kubernetes Secret's `stringData`, and
//! one JSON object of strings. Used by the SES_SMTP_* forms, `--app`'s
//! env-style forms and the secret stores' JSON.

use std::io::Write as _;

use super::form::Format;

/// NAME/value pairs in one of the forms that set variables (`json`: one
/// object of strings, the form for `--app`).
pub fn write_variables<'v>(
    out: &mut Vec<u8>,
    format: Format,
    vars: impl IntoIterator<Item = (&'v str, &'v str)>,
    name: &str,
) {
    // Writing into a Vec cannot fail.
    match format {
        Format::Env => {
            for (name, value) in vars {
                out.extend_from_slice(name.as_bytes());
                out.push(b'=');
                shell_quote(out, value);
                out.push(b'\n');
            }
        }
        // SES values never need quoting (base64, host names, digits,
        // AKIA…), and these readers keep quotes as part of the value.
        Format::EnvFile => {
            for (name, value) in vars {
                let _ = writeln!(out, "{name}={value}");
            }
        }
        Format::Fish => {
            for (name, value) in vars {
                let _ = write!(out, "set -gx {name} ");
                shell_quote(out, value);
                out.push(b'\n');
            }
        }
        Format::K8s => {
            let _ = write!(
                out,
                "apiVersion: v1\nkind: Secret\nmetadata:\n  name: {name}\ntype: Opaque\nstringData:\n"
            );
            for (key, value) in vars {
                // Double-quoted YAML strings: a port stays a string, as
                // stringData requires, and base64 needs no escape.
                let _ = writeln!(out, "  {key}: \"{value}\"");
            }
        }
        Format::Json => {
            out.push(b'{');
            for (i, (name, value)) in vars.into_iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                // Serializing a borrowed string into a Vec cannot fail.
                let _ = serde_json::to_writer(&mut *out, name);
                out.push(b':');
                let _ = serde_json::to_writer(&mut *out, value);
            }
            out.extend_from_slice(b"}\n");
        }
        _ => {}
    }
}

/// Single-quotes a value for POSIX shells: `'` becomes `'\''`.
pub(super) fn shell_quote(out: &mut Vec<u8>, value: &str) {
    out.push(b'\'');
    for b in value.bytes() {
        if b == b'\'' {
            out.extend_from_slice(b"'\\''");
        } else {
            out.push(b);
        }
    }
    out.push(b'\'');
}
