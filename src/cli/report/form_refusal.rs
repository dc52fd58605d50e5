//! The problem and hint of each form that cannot show these results:
//! one region or one key only, no host or username, `--app` with a form
//! that has no place for its names, an app that cannot use the port.

use super::EXIT_USAGE;
use crate::cli::output::app::App;
use crate::cli::output::form::FormatError;

/// The problem and hint for a form that cannot show these results.
pub(super) fn format_lines(error: FormatError) -> (u8, String, String) {
    let (problem, hint) = match error {
        FormatError::OneResultOnly(form, count) => (
            format!(
                "{} prints one set of {}, but there are {count} results",
                form.flags(),
                if form.format.sets_variables() {
                    "variables"
                } else {
                    "settings"
                }
            ),
            if form.app.is_some() {
                "run once per region".to_owned()
            } else {
                "run once per region, or use --format json, url, postfix or msmtp for several".to_owned()
            },
        ),
        FormatError::NeedsRegion(form) => (
            format!(
                "{} needs the SMTP host, which depends on the region",
                form.flags()
            ),
            "add --region REGION".to_owned(),
        ),
        FormatError::NeedsUsername(form) => (
            format!(
                "{} needs the SMTP username (the access key ID); it never prints a password without it",
                form.flags()
            ),
            "pass --access-key-id AKIA…, or read the key with --csv, --profile, or the JSON of 'aws iam create-access-key', which carry it".to_owned(),
        ),
        FormatError::OneKeyOnly(form, keys) => (
            format!(
                "{} has one entry per region (an account, a host), so it takes one key, but there are {keys}",
                form.flags()
            ),
            "run once per key, or use --format json or postfix for a batch".to_owned(),
        ),
        FormatError::NotWithApp(form) => (
            format!(
                "--app {} prints the app's own names, and --format {} has no place for them",
                form.app.map_or("", App::name),
                form.format.name()
            ),
            "leave out --format for the app's own syntax, or use env, env-file, fish, k8s, github or json".to_owned(),
        ),
        FormatError::NoEnvironment(app) => (
            format!(
                "{} reads its mail settings from {}, not from environment variables",
                app.name(),
                match app {
                    App::Rails => "Ruby (config.action_mailer.smtp_settings)",
                    _ => "PHP constants in wp-config.php",
                }
            ),
            format!("leave out --format: --app {} prints them in that syntax", app.name()),
        ),
        FormatError::PortRefused(form, port) => {
            let (why, ports) = match form.app {
                Some(App::Laravel10) => (
                    "Laravel before 11 uses TLS from the first byte on port 465 only",
                    "--port 465, or 587 for STARTTLS (or Laravel 11's MAIL_SCHEME: --app laravel)",
                ),
                Some(App::Grafana) => (
                    "Grafana's mailer uses TLS from the first byte on port 465 only",
                    "--port 465, or 587 for STARTTLS",
                ),
                Some(_) => (
                    "its relay is Postfix speaking STARTTLS only",
                    "--port 587 (or 25 or 2587)",
                ),
                None => (
                    "its relay mailer is set up here for STARTTLS",
                    "--port 587 (or 25 or 2587)",
                ),
            };
            (
                format!("{} cannot use port {port}: {why}", form.flags()),
                format!("use {ports}"),
            )
        }
    };
    (EXIT_USAGE, problem, hint)
}
