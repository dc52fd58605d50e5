//! `ses-smtp-password regions`: the region table, for people and for scripts.

use std::io::Write as _;

use serde::Serialize;
use ses_smtp_password::region::REGIONS;

use super::args::RegionsFormat;

#[derive(Serialize)]
struct Line<'a> {
    region: &'a str,
    name: &'a str,
    endpoint: String,
    fips_endpoint: Option<String>,
}

/// The table in `format`.
pub fn run(format: RegionsFormat) -> Vec<u8> {
    let mut out = Vec::new();
    match format {
        RegionsFormat::Json => {
            for r in REGIONS {
                let line = Line {
                    region: r.code,
                    name: r.name,
                    endpoint: r.endpoint(false),
                    fips_endpoint: r.fips.then(|| r.endpoint(true)),
                };
                // Serializing plain strings into a Vec cannot fail.
                let _ = serde_json::to_writer(&mut out, &line);
                out.push(b'\n');
            }
        }
        RegionsFormat::Plain => {
            let width = |f: fn(&ses_smtp_password::region::RegionInfo) -> usize| {
                REGIONS.iter().map(f).max().unwrap_or(0)
            };
            let (w_code, w_name) = (width(|r| r.code.len()), width(|r| r.name.len()));
            let w_endpoint = width(|r| r.endpoint(false).len());
            let _ = writeln!(
                out,
                "{:w_code$}  {:w_name$}  {:w_endpoint$}  FIPS ENDPOINT",
                "REGION", "NAME", "ENDPOINT"
            );
            for r in REGIONS {
                let fips = if r.fips {
                    r.endpoint(true)
                } else {
                    "-".to_owned()
                };
                let _ = writeln!(
                    out,
                    "{:w_code$}  {:w_name$}  {:w_endpoint$}  {fips}",
                    r.code,
                    r.name,
                    r.endpoint(false)
                );
            }
        }
    }
    out
}
