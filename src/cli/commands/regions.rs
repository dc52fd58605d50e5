//! `ses-smtp-password regions`: the region table, for people and for scripts.

use std::io::Write as _;

use serde::Serialize;
use ses_smtp_password::{REGIONS, Region, RegionInfo};

use crate::cli::flags::args::RegionsFormat;

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
                    endpoint: endpoint(r, false),
                    fips_endpoint: r.fips.then(|| endpoint(r, true)),
                };
                // Serializing plain strings into a Vec cannot fail.
                let _ = serde_json::to_writer(&mut out, &line);
                out.push(b'\n');
            }
        }
        RegionsFormat::Plain => {
            let width =
                |f: fn(&'static RegionInfo) -> usize| REGIONS.iter().map(f).max().unwrap_or(0);
            let (w_code, w_name) = (width(|r| r.code.len()), width(|r| r.name.len()));
            let w_endpoint = width(|r| endpoint(r, false).len());
            let _ = writeln!(
                out,
                "{:w_code$}  {:w_name$}  {:w_endpoint$}  FIPS ENDPOINT",
                "REGION", "NAME", "ENDPOINT"
            );
            for r in REGIONS {
                let fips = if r.fips {
                    endpoint(r, true)
                } else {
                    "-".to_owned()
                };
                let _ = writeln!(
                    out,
                    "{:w_code$}  {:w_name$}  {:w_endpoint$}  {fips}",
                    r.code,
                    r.name,
                    endpoint(r, false)
                );
            }
        }
    }
    out
}

/// A table row's endpoint: the library's one way to make it. Every row has a
/// plain endpoint, and a FIPS one where `fips` is set, so this never fails.
fn endpoint(r: &'static RegionInfo, fips: bool) -> String {
    Region::Known(r).endpoint(fips).unwrap_or_default()
}
