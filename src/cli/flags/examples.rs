//! The examples each command's `--help` and manual page end with.

pub const DERIVE_EXAMPLES: &str = "\
Examples:
  # SigV4 password for one region, key piped in (never put it in argv)
  printf %s \"$AWS_SECRET_ACCESS_KEY\" | ses-smtp-password --region eu-west-1

  # From the environment, for several regions (REGION<TAB>PASSWORD lines)
  ses-smtp-password --env --region us-east-1,eu-west-1

  # Typed at a hidden prompt
  ses-smtp-password --prompt --region us-west-2

  # From a file only you can read
  ses-smtp-password --secret-file ~/.secrets/ses-key --region us-east-1

  # The legacy SigV2 password (what the openssl one-liner printed)
  ses-smtp-password --v2 < key.txt

  # From the accessKeys.csv the IAM console downloads, as shell variables
  ses-smtp-password --csv accessKeys.csv --region eu-west-1 --format env

  # Many keys, one per line, as JSON lines
  ses-smtp-password --batch --region eu-west-1 --format json < keys.txt

  # From an AWS CLI profile, as an SMTP URL for implicit TLS
  ses-smtp-password --profile ses-smtp --region eu-west-1 --format url --port 465";

pub const EXPLAIN_EXAMPLES: &str = "\
Examples:
  journalctl -u postfix --since today | ses-smtp-password explain
  echo '535 Authentication Credentials Invalid' | ses-smtp-password explain
  python3 send.py 2>&1 | ses-smtp-password explain";

pub const IDENTIFY_EXAMPLES: &str = "\
Examples:
  # What is the password in this config?
  grep -oP 'SMTP_PASSWORD=\\K.*' .env | ses-smtp-password identify

  # Was it derived from this key, and for which region?
  ses-smtp-password identify --profile ses-smtp < password.txt";

#[cfg(feature = "check")]
pub const CHECK_EXAMPLES: &str = "\
Examples:
  # Derive the password from a profile and try it against SES
  ses-smtp-password check --profile ses-smtp --region eu-west-1

  # Try the password a mail server is configured with
  ses-smtp-password check --region eu-west-1 --access-key-id AKIA... --password-stdin < password.txt

  # Right after creating a key: retry for up to a minute while IAM propagates it
  ses-smtp-password check --csv accessKeys.csv --region us-east-1 --wait 60";

pub const COMPLETIONS_EXAMPLES: &str = "\
Examples:
  ses-smtp-password completions bash > ~/.local/share/bash-completion/completions/ses-smtp-password
  ses-smtp-password completions zsh > ~/.zfunc/_ses-smtp-password
  ses-smtp-password completions fish > ~/.config/fish/completions/ses-smtp-password.fish";

#[cfg(feature = "check")]
pub const PROBE_EXAMPLES: &str = "\
Examples:
  # Which port and TLS mode work from here?
  ses-smtp-password probe --region eu-west-1

  # Every region, for a script
  ses-smtp-password probe --region all --format json

  # A relay on its own ports
  ses-smtp-password probe --endpoint smtp.internal.example --ports 587,2525";
