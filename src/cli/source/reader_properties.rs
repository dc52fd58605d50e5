//! Property tests of the binary's file readers (the IAM console CSV, the
//! shared credentials file): they never panic and return a value or a typed
//! error for any bytes, and read back any key written in the shapes AWS
//! tools write.

// A failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

use proptest::prelude::*;

use crate::cli::source::aws_cli::ini::Ini;
use crate::cli::source::aws_cli::resolve::{self as profile, Found};
use crate::cli::source::csv;

/// Bytes biased towards what the parsers care about.
fn interesting_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..300),
        "[A-Za-z0-9+/ \t\r\n,\"=\\[\\];#-]{0,200}".prop_map(String::into_bytes),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]


        #[test]
        fn csv_reader_is_total(raw in interesting_bytes()) {
            if let Ok(keys) = csv::parse(&raw) {
                prop_assert!(keys.len() > 0);
                for k in keys.keys() {
                    prop_assert!(k.row >= 2);
                }
            }
        }

        #[test]
        fn csv_round_trips_any_key(key in "[A-Za-z0-9+/]{40}", id in "AKIA[A-Z0-9]{16}", bom in any::<bool>(), crlf in any::<bool>(), quote in any::<bool>()) {
            let nl = if crlf { "\r\n" } else { "\n" };
            let q = |s: &str| if quote { format!("\"{s}\"") } else { s.to_owned() };
            let text = format!("{}Access key ID,Secret access key{nl}{},{}{nl}", if bom { "\u{feff}" } else { "" }, q(&id), q(&key));
            let parsed = csv::parse(text.as_bytes()).unwrap();
            let k = parsed.keys().next().unwrap();
            prop_assert_eq!(k.access_key_id, Some(id.as_str()));
            prop_assert_eq!(k.secret, key.as_bytes());
        }


        #[test]
        fn profile_reader_is_total(raw in interesting_bytes(), conf in interesting_bytes(), name in "[a-z\\[\\]= ]{0,8}") {
            let (raw, conf) = (String::from_utf8_lossy(&raw), String::from_utf8_lossy(&conf));
            if let (Ok(creds), Ok(config)) = (Ini::parse(&raw), Ini::parse(&conf))
                && let Ok(Found::Keys { secret, access_key_id, .. }) = profile::resolve(Some(&creds), Some(&config), &name)
            {
                prop_assert_eq!(secret.trim(), secret.as_ref());
                prop_assert_eq!(access_key_id.trim(), access_key_id.as_ref());
            }
        }

        #[test]
        fn profile_round_trips_any_key(key in "[A-Za-z0-9+/]{40}", name in "[a-z][a-z0-9-]{0,10}", pad in "[ \t]{0,3}", colon in any::<bool>(), config in any::<bool>()) {
            let sep = if colon { ":" } else { "=" };
            let header = if config { format!("profile {name}") } else { name.clone() };
            let text = format!("# c\n[other]\naws_secret_access_key=x\n\n[{header}]{pad}; note\r\naws_access_key_id{pad}{sep}{pad}AKIAIOSFODNN7EXAMPLE\r\nAWS_SECRET_ACCESS_KEY{pad}{sep}{pad}{key}{pad}\r\n");
            let ini = Ini::parse(&text).unwrap();
            let found = if config {
                profile::resolve(None, Some(&ini), &name)
            } else {
                profile::resolve(Some(&ini), None, &name)
            };
            let Ok(Found::Keys { secret, access_key_id, .. }) = found else {
                panic!("no key in {text:?}");
            };
            prop_assert_eq!(secret.as_ref(), key.as_str());
            prop_assert_eq!(access_key_id.as_ref(), "AKIAIOSFODNN7EXAMPLE");
        }
}
