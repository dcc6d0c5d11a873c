//! The path every request takes: the generated code calls these hooks.

use std::borrow::Borrow;
use std::fmt;
use std::time::Duration;

use reqwest::header::{AUTHORIZATION, HeaderValue, USER_AGENT};
use tracing::Instrument;

use crate::Error;
use crate::rate_limit::Limiter;
use crate::retry::{Outcome, RetryPolicy};
use crate::runtime::{ClientInfo, OperationInfo};

/// The operation a response answers, stored in its extensions so that
/// decode errors can name it.
#[derive(Clone, Copy, Debug)]
struct OperationId(&'static str);

/// The operation a response answers, when it went through [`ClientHooks::exec`].
pub(crate) fn operation_of(response: &reqwest::Response) -> Option<&'static str> {
    response.extensions().get::<OperationId>().map(|id| id.0)
}

/// Per-client state shared by all clones: credentials, limits, policies.
#[derive(Clone, Default)]
pub struct Runtime {
    pub(crate) api_key: Option<HeaderValue>,
    pub(crate) user_agent: Option<HeaderValue>,
    pub(crate) timeout: Option<Duration>,
    pub(crate) retry: RetryPolicy,
    pub(crate) limiter: Option<Limiter>,
}

impl fmt::Debug for Runtime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Runtime")
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field("user_agent", &self.user_agent)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("rate_limited", &self.limiter.is_some())
            .finish()
    }
}

impl Runtime {
    /// Sets what Quo needs and removes what it does not define.
    fn prepare(&self, request: &mut reqwest::Request) {
        let headers = request.headers_mut();
        // progenitor sends the spec's `info.version`; Quo defines no such header.
        headers.remove("api-version");
        if let Some(key) = &self.api_key {
            headers.insert(AUTHORIZATION, key.clone());
        }
        if let Some(agent) = &self.user_agent {
            headers.insert(USER_AGENT, agent.clone());
        }
        if let Some(timeout) = self.timeout {
            *request.timeout_mut() = Some(timeout);
        }
    }

    /// Sends the request through the rate limiter, retrying per the policy.
    async fn execute(
        &self,
        client: &reqwest::Client,
        request: reqwest::Request,
        info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        let span = tracing::info_span!(
            "quo.request",
            operation = info.operation_id,
            method = %request.method(),
            path = request.url().path(),
            status = tracing::field::Empty,
            attempt = tracing::field::Empty,
            latency_ms = tracing::field::Empty,
        );
        self.execute_with_retries(client, request, info)
            .instrument(span)
            .await
    }

    async fn execute_with_retries(
        &self,
        client: &reqwest::Client,
        request: reqwest::Request,
        info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        let span = tracing::Span::current();
        let method = request.method().clone();
        let started = tokio::time::Instant::now();
        let mut pending = Some(request);
        let mut attempt = 0;
        loop {
            attempt += 1;
            let current = pending.take().expect("a request for each attempt");
            // A body that cannot be cloned (a stream) is sent once.
            if attempt < self.retry.attempts() {
                pending = current.try_clone();
            }
            if let Some(limiter) = &self.limiter {
                limiter.acquire().await;
            }
            let result = client.execute(current).await;
            span.record("attempt", attempt);
            span.record("latency_ms", started.elapsed().as_millis() as u64);
            let outcome = match &result {
                Ok(response) => {
                    span.record("status", response.status().as_u16());
                    tracing::debug!(status = response.status().as_u16(), attempt, "response");
                    Outcome::Status(response.status(), response.headers())
                }
                Err(e) if e.is_connect() => Outcome::ConnectFailed,
                Err(_) => Outcome::TransportFailed,
            };
            let delay = match pending {
                Some(_) => self.retry.next_delay(attempt, &method, outcome),
                None => None,
            };
            let Some(delay) = delay else {
                return result.map(|mut response| {
                    response
                        .extensions_mut()
                        .insert(OperationId(info.operation_id));
                    response
                });
            };
            match &result {
                Ok(response) => {
                    tracing::debug!(status = response.status().as_u16(), ?delay, "retrying")
                }
                Err(e) => tracing::debug!(error = %e, ?delay, "retrying"),
            }
            drop(result);
            tokio::time::sleep(delay).await;
        }
    }
}

/// Hooks the generated client calls around each request; the defaults route
/// through the client's [`Runtime`]. Implemented by the generated `Client`.
#[allow(async_fn_in_trait)]
pub trait ClientHooks<Inner = Runtime>
where
    Self: ClientInfo<Inner>,
    Inner: Borrow<Runtime>,
{
    /// Runs before the request is sent.
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        _info: &OperationInfo,
    ) -> Result<(), Error<E>> {
        self.inner().borrow().prepare(request);
        Ok(())
    }

    /// Runs after the request completed.
    async fn post<E>(
        &self,
        _result: &reqwest::Result<reqwest::Response>,
        _info: &OperationInfo,
    ) -> Result<(), Error<E>> {
        Ok(())
    }

    /// Sends the request.
    async fn exec(
        &self,
        request: reqwest::Request,
        info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        self.inner()
            .borrow()
            .execute(self.client(), request, info)
            .await
    }
}
