//! The IAM and STS calls `rotate` makes, through the AWS SDK for Rust, each
//! under one overall deadline, answered as plain data.
//!
//! The SDK is async; one current-thread runtime drives each call to its
//! end (`block_on`), so the rest of `rotate` reads as the steps it takes.
//! Credentials come from the SDK's default chain (environment, profiles,
//! SSO, assume-role, IMDS), or `--iam-profile`; the endpoint from the
//! SDK's own `AWS_ENDPOINT_URL_IAM` / `AWS_ENDPOINT_URL` (tests point it at
//! moto). The HTTP client is the SDK's own on rustls with ring, so aws-lc
//! stays out of the build.

use std::future::Future;
use std::time::Duration;

use aws_config::BehaviorVersion;
use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_sdk_iam::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_iam::types::{StatusType, Tag};
use aws_smithy_http_client::tls::{Provider, rustls_provider::CryptoMode};
use zeroize::Zeroizing;

use crate::cli::report::rotate::KeyFacts;

/// How a call failed.
#[derive(Debug)]
pub enum CallError {
    /// No answer: network, TLS, timeout (the detail says which).
    Unreachable(String),
    /// IAM answered with an error: its code and message.
    Refused { code: String, message: String },
    /// The SDK found no credentials to sign with.
    NoCredentials(String),
}

impl CallError {
    /// IAM's error code, when it answered.
    pub fn code(&self) -> Option<&str> {
        match self {
            CallError::Refused { code, .. } => Some(code),
            _ => None,
        }
    }

    /// One line for a message: code and message, or what went wrong.
    pub fn line(&self) -> String {
        match self {
            CallError::Refused { code, message } if message.is_empty() => code.clone(),
            CallError::Refused { code, message } => format!("{code}: {message}"),
            CallError::Unreachable(d) | CallError::NoCredentials(d) => d.clone(),
        }
    }
}

/// A new access key: its ID, and its secret, wiped when dropped.
pub struct NewKey {
    pub id: String,
    pub secret: Zeroizing<String>,
}

impl std::fmt::Debug for NewKey {
    // Never the secret, even in a debug print.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewKey")
            .field("id", &self.id)
            .field("secret", &"<redacted>")
            .finish()
    }
}

/// The IAM and STS clients and the runtime that drives them.
pub struct Iam {
    runtime: tokio::runtime::Runtime,
    iam: aws_sdk_iam::Client,
    sts: aws_sdk_sts::Client,
    /// Each call's overall bound (`--timeout`).
    deadline: Duration,
}

impl Iam {
    /// The SDK's configuration from its default chain (or `profile`).
    pub fn new(profile: Option<&str>, timeout: Duration) -> Result<Iam, CallError> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| CallError::Unreachable(format!("cannot start the runtime: {e}")))?;
        let http = aws_smithy_http_client::Builder::new()
            .tls_provider(Provider::Rustls(CryptoMode::Ring))
            .build_https();
        let mut loader = aws_config::defaults(BehaviorVersion::latest())
            .http_client(http)
            .timeout_config(
                TimeoutConfig::builder()
                    .connect_timeout(timeout)
                    .operation_attempt_timeout(timeout)
                    .operation_timeout(timeout * 3)
                    .build(),
            )
            .retry_config(RetryConfig::standard().with_max_attempts(3));
        if let Some(profile) = profile {
            loader = loader.profile_name(profile);
        }
        let config = runtime.block_on(loader.load());
        // IAM is global; its calls are signed for us-east-1 whatever region
        // the caller's profile names (a region is needed to sign at all).
        let iam_config = aws_sdk_iam::config::Builder::from(&config)
            .region(aws_sdk_iam::config::Region::new("us-east-1"))
            .build();
        let sts_config = aws_sdk_sts::config::Builder::from(&config)
            .region(
                config
                    .region()
                    .cloned()
                    .unwrap_or(aws_sdk_sts::config::Region::new("us-east-1")),
            )
            .build();
        Ok(Iam {
            runtime,
            iam: aws_sdk_iam::Client::from_conf(iam_config),
            sts: aws_sdk_sts::Client::from_conf(sts_config),
            deadline: timeout * 4,
        })
    }

    /// Runs one call to its end, or to the deadline.
    fn call<T, E>(
        &self,
        future: impl Future<Output = Result<T, SdkError<E>>>,
    ) -> Result<T, CallError>
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        // The timer is made inside the runtime, which drives it.
        let bounded = async { tokio::time::timeout(self.deadline, future).await };
        match self.runtime.block_on(bounded) {
            Err(_) => Err(CallError::Unreachable(format!(
                "no answer within {} s",
                self.deadline.as_secs()
            ))),
            Ok(Ok(value)) => Ok(value),
            Ok(Err(error)) => Err(classify(error)),
        }
    }

    /// The caller's ARN (STS GetCallerIdentity).
    pub fn caller(&self) -> Result<String, CallError> {
        let out = self.call(self.sts.get_caller_identity().send())?;
        Ok(out.arn().unwrap_or("unknown").to_owned())
    }

    /// The user's access keys, oldest first, with their last use.
    pub fn keys(&self, user: &str) -> Result<Vec<KeyFacts>, CallError> {
        let out = self.call(self.iam.list_access_keys().user_name(user).send())?;
        let mut keys = Vec::new();
        for meta in out.access_key_metadata() {
            let Some(id) = meta.access_key_id() else {
                continue;
            };
            let used = self.call(self.iam.get_access_key_last_used().access_key_id(id).send())?;
            let last_used = used
                .access_key_last_used()
                .and_then(|u| u.last_used_date())
                .map(|d| d.to_string());
            keys.push(KeyFacts {
                id: id.to_owned(),
                status: meta.status().map_or("Unknown", |s| s.as_str()).to_owned(),
                created: meta.create_date().map_or(String::new(), |d| d.to_string()),
                last_used,
            });
        }
        keys.sort_by(|a, b| a.created.cmp(&b.created));
        Ok(keys)
    }

    /// The user's tags, as (key, value).
    pub fn tags(&self, user: &str) -> Result<Vec<(String, String)>, CallError> {
        let out = self.call(self.iam.list_user_tags().user_name(user).send())?;
        Ok(out
            .tags()
            .iter()
            .map(|t| (t.key().to_owned(), t.value().to_owned()))
            .collect())
    }

    /// CreateAccessKey, tried once: it is not idempotent (a retry after a
    /// lost answer would make a second key whose secret nobody saw).
    pub fn create_key(&self, user: &str) -> Result<NewKey, CallError> {
        let once = aws_sdk_iam::config::Builder::default().retry_config(RetryConfig::disabled());
        let mut out = self.call(
            self.iam
                .create_access_key()
                .user_name(user)
                .customize()
                .config_override(once)
                .send(),
        )?;
        let mut key = out
            .access_key
            .take()
            .ok_or_else(|| CallError::Unreachable("IAM's answer held no key".to_owned()))?;
        Ok(NewKey {
            id: std::mem::take(&mut key.access_key_id),
            // Moved, not copied: the SDK's String becomes ours, wiped on drop.
            secret: Zeroizing::new(std::mem::take(&mut key.secret_access_key)),
        })
    }

    /// DeleteAccessKey.
    pub fn delete_key(&self, user: &str, id: &str) -> Result<(), CallError> {
        self.call(
            self.iam
                .delete_access_key()
                .user_name(user)
                .access_key_id(id)
                .send(),
        )
        .map(drop)
    }

    /// UpdateAccessKey to Inactive.
    pub fn deactivate(&self, user: &str, id: &str) -> Result<(), CallError> {
        self.call(
            self.iam
                .update_access_key()
                .user_name(user)
                .access_key_id(id)
                .status(StatusType::Inactive)
                .send(),
        )
        .map(drop)
    }

    /// TagUser with one tag.
    pub fn tag(&self, user: &str, key: &str, value: &str) -> Result<(), CallError> {
        let tag = Tag::builder()
            .key(key)
            .value(value)
            .build()
            .map_err(|e| CallError::Unreachable(e.to_string()))?;
        self.call(self.iam.tag_user().user_name(user).tags(tag).send())
            .map(drop)
    }

    /// UntagUser for one tag key.
    pub fn untag(&self, user: &str, key: &str) -> Result<(), CallError> {
        self.call(self.iam.untag_user().user_name(user).tag_keys(key).send())
            .map(drop)
    }
}

/// An SDK error as what it means here.
fn classify<E>(error: SdkError<E>) -> CallError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    let text = causes(&error);
    match error {
        SdkError::ServiceError(e) => {
            // An answer the SDK could not read an error code from (moto's
            // policy refusals nest <Error> in <Errors>, which IAM's query
            // protocol does not) is still named by its HTTP status.
            let status = e.raw().status().as_u16();
            let e = e.into_err();
            CallError::Refused {
                code: e
                    .code()
                    .map_or_else(|| format!("HTTP {status}"), str::to_owned),
                message: e.message().unwrap_or("").to_owned(),
            }
        }
        // The credential chain's failure arrives as a failure to build the
        // request: say so in the user's words.
        _ if text.contains("no credentials") || text.contains("credentials provider") => {
            CallError::NoCredentials("the AWS SDK's credential chain found none".to_owned())
        }
        _ => CallError::Unreachable(text),
    }
}

/// The error's own words and its causes', joined with ": ". Display
/// only, never Debug: the SDK's `DisplayErrorContext` ends with the whole
/// error's Debug form, which is unreadable in a message and, for an answer
/// that could not be parsed, holds the raw response (for CreateAccessKey,
/// the new secret).
fn causes(error: &(dyn std::error::Error + 'static)) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut next = Some(error);
    while let Some(e) = next {
        let text = e.to_string();
        // Some layers repeat their source's words; say them once.
        if !words.last().is_some_and(|last| last.ends_with(&text)) {
            words.push(text);
        }
        next = e.source();
    }
    words.join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_of_a_new_key_never_shows_its_secret() {
        let key = NewKey {
            id: "AKIAIOSFODNN7EXAMPLE".to_owned(),
            secret: Zeroizing::new("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".to_owned()),
        };
        assert_eq!(
            format!("{key:?}"),
            r#"NewKey { id: "AKIAIOSFODNN7EXAMPLE", secret: "<redacted>" }"#
        );
    }
}
