//! The default command without `--batch`: one key, its results, on stdout.

use zeroize::Zeroizing;

use crate::cli::commands::plan::Plan;
use crate::cli::flags::args::DeriveArgs;
use crate::cli::output::form::{Format, FormatError};
use crate::cli::output::github_env;
use crate::cli::report::CliError;
use crate::cli::source;

/// Runs the default command for one key; returns what goes to stdout.
pub fn run(args: &DeriveArgs, plan: &Plan<'_>) -> Result<Zeroizing<Vec<u8>>, CliError> {
    let warnings = plan.warnings;
    let check = source::key_check(args.no_key_check);
    source::with_secret(&args.source, check, warnings, |secret, single| {
        let username = single.username(plan.flag_id, warnings)?;
        if plan.form.format.needs_username() && username.is_none() {
            return Err(CliError::Format(FormatError::NeedsUsername(plan.form)));
        }
        plan.warn_about_scheme();
        // Sized once: the buffer never reallocates, so no copy of a
        // password is left in freed memory.
        let mut out = Zeroizing::new(Vec::with_capacity(plan.bytes_per_key()));
        let mut github = Zeroizing::new(Vec::with_capacity(plan.bytes_per_key()));
        plan.render_key(&mut out, &mut github, secret.as_bytes(), username)?;
        if args.no_newline && out.last() == Some(&b'\n') {
            out.pop();
        }
        if plan.form.format == Format::Github {
            github_env::deliver(&out, &github)?;
            return Ok(Zeroizing::new(Vec::new()));
        }
        Ok(out)
    })
}
