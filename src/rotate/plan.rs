//! The preflight's reading of IAM and the staged file, and what follows
//! from it: an interrupted rotation to finish, a lost pending key to clean
//! up, the key slot to free, the plan `--dry-run` prints.

use std::path::Path;

use ses_smtp_password::Region;
use zeroize::Zeroizing;

use super::deliver::Destination;
use super::iam::Iam;
use super::ledger::{self, Entry, State};
use super::stage::{self, Staged};
use super::{fail, preflight_error};
use crate::cli::flags::rotate::{Retire, RotateArgs};
use crate::cli::output::form::Form;
use crate::cli::report::CliError;
use crate::cli::report::rotate::{KeyFacts, RotateError};
use crate::cli::report::warn::Warnings;

/// What the preflight found.
pub struct Found {
    pub caller: String,
    pub keys: Vec<KeyFacts>,
    pub entries: Vec<Entry>,
    /// A key this tool created and never delivered, still in IAM.
    pub pending: Option<Entry>,
    /// The staged result, when it is the pending key's.
    pub staged: Option<Staged>,
    /// A staged file is there but belongs to no pending key.
    pub stale_stage: bool,
}

/// Reads the caller, the user's keys and tags, and the staged file.
pub fn look(iam: &Iam, user: &str, staged_at: &Path) -> Result<Found, CliError> {
    let caller = iam
        .caller()
        .map_err(|e| preflight_error("GetCallerIdentity", e))?;
    let keys = iam.keys(user).map_err(|e| {
        if e.code() == Some("NoSuchEntity") {
            fail(RotateError::NoSuchUser(user.to_owned()))
        } else {
            preflight_error("ListAccessKeys", e)
        }
    })?;
    let tags = iam
        .tags(user)
        .map_err(|e| preflight_error("ListUserTags", e))?;
    let entries = ledger::read(&tags);
    let pending = entries
        .iter()
        .find(|e| matches!(e.state, State::Pending(_)) && keys.iter().any(|k| k.id == e.key))
        .cloned();
    let on_disk = stage::read(staged_at);
    let stale_stage = staged_at.exists()
        && on_disk
            .as_ref()
            .is_none_or(|s| pending.as_ref().is_none_or(|p| p.key != s.key));
    let staged = on_disk.filter(|s| pending.as_ref().is_some_and(|p| p.key == s.key));
    Ok(Found {
        caller,
        keys,
        entries,
        pending,
        staged,
        stale_stage,
    })
}

/// A rotation that delivered its key and did not retire the old one (a
/// crash before step 6, or `--retire keep`): the new key and the old key,
/// both still Active.
pub fn unretired(found: &Found) -> Option<(String, String)> {
    let active = |id: &str| {
        found
            .keys
            .iter()
            .any(|k| k.id == id && k.status == "Active")
    };
    found.entries.iter().find_map(|e| match &e.state {
        State::Active(Some(old)) if active(&e.key) && active(old) => {
            Some((e.key.clone(), old.clone()))
        }
        _ => None,
    })
}

/// Cleans up what earlier runs left: a pending key whose secret is lost
/// (no staged result) is deleted; tags of keys that are gone and a staged
/// file of no pending key are removed.
pub fn tidy(
    iam: &Iam,
    user: &str,
    found: &Found,
    staged_at: &Path,
    warnings: Warnings,
) -> Result<Vec<KeyFacts>, CliError> {
    let mut keys = found.keys.clone();
    if let (Some(pending), None) = (&found.pending, &found.staged) {
        iam.delete_key(user, &pending.key)
            .map_err(|e| preflight_error("DeleteAccessKey", e))?;
        let _ = iam.untag(user, &pending.key);
        keys.retain(|k| k.id != pending.key);
        warnings.note(format_args!(
            "deleted {}: an earlier rotation created it and its secret was lost before delivery",
            pending.key
        ));
    }
    for entry in &found.entries {
        if !found.keys.iter().any(|k| k.id == entry.key) {
            let _ = iam.untag(user, &entry.key);
        }
    }
    if found.stale_stage {
        let _ = stage::remove(staged_at);
    }
    Ok(keys)
}

/// Frees a key slot when both are taken, deleting a key only when this
/// tool retired it (Inactive, ledger "retired"); returns the key the new
/// one replaces (the newest Active one), if any.
pub fn make_room(
    iam: &Iam,
    user: &str,
    keys: &[KeyFacts],
    found: &Found,
) -> Result<Option<String>, CliError> {
    if keys.len() >= 2 {
        let Some(spare) = keys.iter().find(|k| retired_by_us(found, k)) else {
            return Err(fail(RotateError::TwoKeys(user.to_owned(), keys.to_vec())));
        };
        iam.delete_key(user, &spare.id)
            .map_err(|e| preflight_error("DeleteAccessKey", e))?;
        let _ = iam.untag(user, &spare.id);
    }
    Ok(keys
        .iter()
        .rev()
        .find(|k| k.status == "Active")
        .map(|k| k.id.clone()))
}

/// Whether `key` is one this tool deactivated (Inactive, ledger
/// "retired"): the only kind it deletes to free a slot.
fn retired_by_us(found: &Found, key: &KeyFacts) -> bool {
    key.status == "Inactive"
        && found
            .entries
            .iter()
            .any(|e| e.key == key.id && e.state == State::Retired)
}

/// The plan, for `--dry-run`: what was found and what a run would do.
pub fn describe(
    found: &Found,
    args: &RotateArgs,
    regions: &[Region],
    destination: &Destination,
) -> Zeroizing<Vec<u8>> {
    let mut lines = vec![
        format!("caller: {}", found.caller),
        format!("user: {}", args.user),
    ];
    for key in &found.keys {
        let state = found
            .entries
            .iter()
            .find(|e| e.key == key.id)
            .map_or("", |e| match e.state {
                State::Pending(_) => ", pending (made by an interrupted rotation)",
                State::Active(_) => ", delivered by this tool",
                State::Retired => ", retired by this tool",
            });
        lines.push(format!(
            "key: {} {} created {} last used {}{state}",
            key.id,
            key.status,
            key.created,
            key.last_used.as_deref().unwrap_or("never")
        ));
    }
    lines.extend(steps(found, args, regions, destination));
    let mut text = lines.join("\n");
    text.push('\n');
    Zeroizing::new(text.into_bytes())
}

/// What a run with `args` would do, in the order `Rotation::go` does it
/// (`--dry-run` excludes `--resume`).
fn steps(
    found: &Found,
    args: &RotateArgs,
    regions: &[Region],
    destination: &Destination,
) -> Vec<String> {
    let retire = |old: Option<&str>| match (old, args.retire) {
        (None, _) => "would retire no key (none is Active)".to_owned(),
        (Some(k), Retire::Deactivate) => format!("would deactivate {k}"),
        (Some(k), Retire::Delete) => format!("would delete {k}"),
        (Some(k), Retire::Keep) => format!("would keep {k} Active"),
    };
    let codes = regions
        .iter()
        .map(|r| r.code())
        .collect::<Vec<_>>()
        .join(", ");
    let deliver = format!(
        "would deliver to {}",
        destination.describe(Form::chosen(args.format, args.app))
    );
    if let (Some(pending), Some(_)) = (&found.pending, &found.staged) {
        return vec![format!(
            "would stop: an earlier rotation created {} and staged its result (--resume finishes it)",
            pending.key
        )];
    }
    if let Some((new, old)) = unretired(found) {
        return vec![format!(
            "would stop: an earlier rotation delivered {new} and did not retire {old} (--resume retires it)"
        )];
    }
    let mut steps = Vec::new();
    let mut keys = found.keys.clone();
    if let (Some(pending), None) = (&found.pending, &found.staged) {
        steps.push(format!(
            "would delete {} (its secret was lost)",
            pending.key
        ));
        keys.retain(|k| k.id != pending.key);
    }
    if keys.len() >= 2 {
        match keys.iter().find(|k| retired_by_us(found, k)) {
            Some(k) => steps.push(format!(
                "would delete {} (retired by this tool) to make room",
                k.id
            )),
            None => return vec!["would stop: two keys, neither retired by this tool".to_owned()],
        }
    }
    let old = keys.iter().rev().find(|k| k.status == "Active");
    steps.push(format!("would create a new key and prove it in {codes}"));
    steps.push(deliver);
    steps.push(retire(old.map(|k| k.id.as_str())));
    steps
}
