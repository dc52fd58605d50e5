//! The ledger: what this tool did to each of a user's keys, kept in IAM
//! itself as tags on the user, one per key, whose tag key is the access
//! key ID. That is how the IAM console stores an access key's description
//! (its "Description tag value"), so a person sees the same words there.
//!
//! Values (IAM's tag grammar: letters, digits, spaces and `_ . : / = + - @`,
//! at most 256 characters; no commas or parentheses):
//! - `ses-smtp-password pending TIME replaces ID|none`: created, not yet
//!   delivered (its secret exists only in the staged file, if anywhere);
//! - `ses-smtp-password active TIME replaced ID|none`: delivered;
//! - `ses-smtp-password retired TIME`: deactivated by this tool, so the
//!   next rotation may delete it when it needs the slot.

/// Every value starts with this.
const PREFIX: &str = "ses-smtp-password ";

/// What the ledger says of one key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum State {
    /// Created, not delivered; the key it replaces.
    Pending(Option<String>),
    /// Delivered; the key it replaced.
    Active(Option<String>),
    /// Deactivated by this tool.
    Retired,
}

/// The ledger's entry for one key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub key: String,
    pub state: State,
}

/// The tag value for `state`, written at `time` (RFC 3339).
pub fn value(state: &State, time: &str) -> String {
    let other = |id: &Option<String>| id.clone().unwrap_or_else(|| "none".to_owned());
    let text = match state {
        State::Pending(old) => format!("{PREFIX}pending {time} replaces {}", other(old)),
        State::Active(old) => format!("{PREFIX}active {time} replaced {}", other(old)),
        State::Retired => format!("{PREFIX}retired {time}"),
    };
    debug_assert!(is_valid_value(&text));
    text
}

/// The entries among a user's tags; tags this tool did not write are left out.
pub fn read(tags: &[(String, String)]) -> Vec<Entry> {
    tags.iter()
        .filter_map(|(key, value)| {
            let words: Vec<&str> = value.strip_prefix(PREFIX)?.split(' ').collect();
            let other = |w: &str| (w != "none").then(|| w.to_owned());
            let state = match words[..] {
                ["pending", _, "replaces", old] => State::Pending(other(old)),
                ["active", _, "replaced", old] => State::Active(other(old)),
                ["retired", _] => State::Retired,
                _ => return None,
            };
            Some(Entry {
                key: key.clone(),
                state,
            })
        })
        .collect()
}

/// Whether IAM accepts `value` as a tag value.
pub fn is_valid_value(value: &str) -> bool {
    value.chars().count() <= 256
        && value
            .chars()
            .all(|c| c.is_alphanumeric() || c == ' ' || "_.:/=+-@".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_in_iams_tag_grammar_and_read_back() {
        let old = Some("AKIAIOSFODNN7EXAMPLE".to_owned());
        let time = "2026-12-02T22:10:00Z";
        for state in [
            State::Pending(old.clone()),
            State::Pending(None),
            State::Active(old.clone()),
            State::Retired,
        ] {
            let v = value(&state, time);
            assert!(is_valid_value(&v), "{v}");
            assert!(!v.contains(',') && !v.contains('(') && v.len() <= 256);
            let tags = [("AKIANEWKEY0000000000".to_owned(), v)];
            let entries = read(&tags);
            assert_eq!(
                entries,
                [Entry {
                    key: "AKIANEWKEY0000000000".to_owned(),
                    state
                }]
            );
        }
        assert_eq!(
            value(&State::Pending(old), time),
            "ses-smtp-password pending 2026-12-02T22:10:00Z replaces AKIAIOSFODNN7EXAMPLE"
        );
    }

    #[test]
    fn the_grammar_refuses_what_iam_refuses() {
        assert!(!is_valid_value("a, b"));
        assert!(!is_valid_value("a (b)"));
        assert!(!is_valid_value(&"a".repeat(257)));
        assert!(is_valid_value(&"a".repeat(256)));
        assert!(is_valid_value("x_y.z:1/2=3+4-5@6"));
    }

    #[test]
    fn other_tags_are_not_entries() {
        let tags = [
            ("team".to_owned(), "mail".to_owned()),
            ("AKIAX".to_owned(), "ses-smtp-password sideways".to_owned()),
        ];
        assert_eq!(read(&tags), []);
    }
}
