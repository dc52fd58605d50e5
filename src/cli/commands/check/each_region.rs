//! `check` over several regions: one check each, one line each.

use ses_smtp_password::Region;
use zeroize::Zeroizing;

use crate::cli::report::CliError;
use crate::cli::report::warn::Warnings;

/// Runs `one` for each region's target (whatever `one` needs to reach it): one region gives its own output or
/// error; several give one line each, on stdout when every one passed, else
/// in the error (nothing goes to stdout on failure).
pub fn each_region<T>(
    targets: &[(Option<&Region>, T)],
    warnings: Warnings,
    one: impl Fn(&T, Option<&Region>) -> Result<Zeroizing<Vec<u8>>, CliError>,
) -> Result<Zeroizing<Vec<u8>>, CliError> {
    if let [(region, target)] = targets {
        return one(target, *region);
    }
    let progress = !warnings.is_quiet() && std::io::IsTerminal::is_terminal(&std::io::stderr());
    let mut lines = Vec::new();
    let mut failed = 0;
    for (i, (region, target)) in targets.iter().enumerate() {
        let name = region.map_or("SigV2".to_owned(), |r| r.code().to_owned());
        if progress {
            eprint!("\rchecking {name} ({} of {})\x1b[K", i + 1, targets.len());
        }
        let line = match one(target, *region) {
            Ok(out) => {
                let text = String::from_utf8_lossy(&out).trim_end().replace('\n', "; ");
                format!("{name}\tpassed\t{text}")
            }
            Err(e) => {
                failed += 1;
                format!("{name}\tfailed\t{}", e.parts().1)
            }
        };
        lines.push(line);
    }
    if progress {
        eprint!("\r\x1b[K");
    }
    if failed > 0 {
        return Err(CliError::RegionsFailed(failed, lines));
    }
    let mut out = lines.join("\n");
    out.push('\n');
    Ok(Zeroizing::new(out.into_bytes()))
}
