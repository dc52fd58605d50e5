//! A profile's access key, found as the AWS CLI finds it.
//!
//! botocore's chain for an explicit profile (`credentials.py`,
//! `create_credential_resolver`), less what needs a network: the shared
//! credentials file's `[NAME]` section, used when it has
//! `aws_access_key_id` (and then it must have the secret too); else the
//! profile's `credential_process`; else the config file's `[profile NAME]`
//! (or `[default]`) section, on the same terms. A profile that assumes a
//! role or signs in with SSO or a web identity gets temporary credentials,
//! which SES SMTP never accepts. The profile must exist in one of the two
//! files. Both files are parsed whole first, as botocore does, so an error
//! anywhere in either is an error.

use std::borrow::Cow;

use super::ini::{Ini, IniError, Section, shell_words};

/// The key holding the secret access key.
const SECRET_KEY: &str = "aws_secret_access_key";
/// The key holding the access key ID.
const ID_KEY: &str = "aws_access_key_id";
/// The keys of a session token (botocore reads both).
const TOKEN_KEYS: [&str; 2] = ["aws_session_token", "aws_security_token"];
/// Settings that make botocore fetch temporary credentials instead.
const TEMPORARY_KEYS: [&str; 4] = [
    "role_arn",
    "web_identity_token_file",
    "sso_session",
    "sso_start_url",
];

/// Which of the two files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    /// The shared credentials file.
    Credentials,
    /// The config file.
    Config,
}

/// Why no key came out of a profile. Never carries file content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProfileError {
    /// A file could not be read as INI.
    Ini(Which, IniError),
    /// Neither file has the profile.
    NoProfile,
    /// `aws_access_key_id` without `aws_secret_access_key`.
    PartialCredentials(Which),
    /// The profile exists but holds no access key and no credential_process.
    NoCredentials,
    /// The profile gets temporary credentials (this setting says how).
    Temporary(&'static str),
}

/// What a profile yields.
pub enum Found<'a> {
    /// A key in one of the files.
    Keys {
        /// The secret access key.
        secret: Cow<'a, str>,
        /// The access key ID.
        access_key_id: Cow<'a, str>,
        /// A session token came with it.
        session_token: bool,
        /// The file it is in.
        which: Which,
    },
    /// A command whose output (JSON) holds the key, split into words.
    Process(Vec<String>),
}

/// The config file's section for profile `name`: `[profile NAME]` (the
/// header split as shlex splits it) or `[default]`; the last one wins.
fn config_section<'f, 'a>(config: &'f Ini<'a>, name: &str) -> Option<&'f Section<'a>> {
    config.sections().iter().rev().find(|s| {
        if s.name.starts_with("profile") {
            shell_words(s.name).is_some_and(|w| w.len() == 2 && w[1] == name)
        } else {
            s.name == "default" && name == "default"
        }
    })
}

/// Finds profile `name` in the parsed credentials and config files.
pub fn resolve<'a>(
    credentials: Option<&Ini<'a>>,
    config: Option<&Ini<'a>>,
    name: &str,
) -> Result<Found<'a>, ProfileError> {
    let creds = credentials.and_then(|ini| {
        let section = ini.sections().iter().find(|s| s.name == name)?;
        Some((ini, section))
    });
    let conf = config.and_then(|ini| Some((ini, config_section(ini, name)?)));
    if creds.is_none() && conf.is_none() {
        return Err(ProfileError::NoProfile);
    }
    // The merged profile botocore sees: the credentials file's values over
    // the config file's.
    let merged = |key: &str| {
        creds
            .and_then(|(ini, s)| ini.get(s, key))
            .or_else(|| conf.and_then(|(ini, s)| ini.get(s, key)))
    };
    if let Some(key) = TEMPORARY_KEYS.iter().find(|k| merged(k).is_some()) {
        return Err(ProfileError::Temporary(key));
    }
    let keys = |(ini, section): (&Ini<'a>, &Section<'a>),
                which|
     -> Option<Result<Found<'a>, ProfileError>> {
        let access_key_id = ini.get(section, ID_KEY)?;
        let Some(secret) = ini.get(section, SECRET_KEY) else {
            return Some(Err(ProfileError::PartialCredentials(which)));
        };
        let session_token = TOKEN_KEYS
            .iter()
            .any(|k| ini.get(section, k).is_some_and(|t| !t.is_empty()));
        Some(Ok(Found::Keys {
            secret,
            access_key_id,
            session_token,
            which,
        }))
    };
    if let Some(found) = creds.and_then(|c| keys(c, Which::Credentials)) {
        return found;
    }
    if let Some(command) = merged("credential_process") {
        // botocore splits it as shlex does and runs it without a shell.
        return match shell_words(&command) {
            Some(words) if !words.is_empty() => Ok(Found::Process(words)),
            _ => Err(ProfileError::NoCredentials),
        };
    }
    if let Some(found) = conf.and_then(|c| keys(c, Which::Config)) {
        return found;
    }
    Err(ProfileError::NoCredentials)
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    fn keys(
        creds: &str,
        config: &str,
        name: &str,
    ) -> Result<(String, String, bool, Which), ProfileError> {
        let creds = Ini::parse(creds).unwrap();
        let config = Ini::parse(config).unwrap();
        match resolve(Some(&creds), Some(&config), name)? {
            Found::Keys {
                secret,
                access_key_id,
                session_token,
                which,
            } => Ok((
                secret.into_owned(),
                access_key_id.into_owned(),
                session_token,
                which,
            )),
            Found::Process(words) => Ok((words.join(" "), String::new(), false, Which::Config)),
        }
    }

    #[test]
    fn precedence_as_botocore() {
        let creds = format!(
            "[ses] # note\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key: {KEY}\n[only-secret]\naws_secret_access_key = {KEY}\n"
        );
        let config = format!(
            "[profile ses]\naws_access_key_id = AKIACONFIGEXAMPLE000\naws_secret_access_key = x\n[profile only-secret]\naws_access_key_id = AKIACONFIGEXAMPLE000\naws_secret_access_key = {KEY}\n[default]\ncredential_process = /bin/keys --profile 'ses smtp'\n[profile sts]\nrole_arn = arn:aws:iam::1:role/x\n"
        );
        let id = "AKIAIOSFODNN7EXAMPLE".to_owned();
        assert_eq!(
            keys(&creds, &config, "ses"),
            Ok((KEY.into(), id, false, Which::Credentials))
        );
        // A credentials-file section without an ID is passed over.
        assert_eq!(
            keys(&creds, &config, "only-secret").map(|k| (k.1, k.3)),
            Ok(("AKIACONFIGEXAMPLE000".into(), Which::Config))
        );
        assert_eq!(
            keys(&creds, &config, "default").map(|k| k.0),
            Ok("/bin/keys --profile ses smtp".into())
        );
        assert_eq!(
            keys(&creds, &config, "sts"),
            Err(ProfileError::Temporary("role_arn"))
        );
        assert_eq!(keys(&creds, &config, "nope"), Err(ProfileError::NoProfile));
        assert_eq!(
            keys("[p]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n", "", "p"),
            Err(ProfileError::PartialCredentials(Which::Credentials))
        );
        assert_eq!(
            keys("[p]\nregion = x\n", "", "p"),
            Err(ProfileError::NoCredentials)
        );
        assert_eq!(
            keys(&format!("[t]\naws_access_key_id = A\naws_secret_access_key = {KEY}\naws_session_token = T\n"), "", "t").map(|k| k.2),
            Ok(true)
        );
    }
}
