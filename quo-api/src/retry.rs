//! When a failed request is sent again, and after how long.

use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{Method, StatusCode};

/// Retries on 429, 5xx and connection failures, with exponential backoff and
/// full jitter, honouring `Retry-After`.
///
/// A repeat must be harmless, so:
/// - idempotent methods (GET, HEAD, PUT, DELETE, OPTIONS, TRACE) are retried
///   on 429, 5xx, connection failures and timeouts;
/// - POST and PATCH are retried only when the request provably was not
///   processed: the connection could not be made, or the answer was 429.
///   After a timeout or a 5xx the server may have acted (`POST /v1/messages`
///   may have texted the customer), so the error is returned instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    base_delay: Duration,
    max_delay: Duration,
    max_retry_after: Duration,
}

impl Default for RetryPolicy {
    /// 3 attempts, 1 s base delay, 30 s cap; a `Retry-After` over 60 s is not waited for.
    fn default() -> Self {
        Self {
            max_attempts: 3,
            base_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(30),
            max_retry_after: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// Never retry.
    pub fn none() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// Total attempts, the first included (1 = no retries).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The delay before the first retry is drawn from `0..=base`; it doubles each attempt.
    pub fn base_delay(mut self, base: Duration) -> Self {
        self.base_delay = base;
        self
    }

    /// No backoff delay exceeds this.
    pub fn max_delay(mut self, cap: Duration) -> Self {
        self.max_delay = cap;
        self
    }

    /// A `Retry-After` longer than this is not waited for: the 429 or 503 is returned.
    pub fn max_retry_after(mut self, limit: Duration) -> Self {
        self.max_retry_after = limit;
        self
    }

    pub(crate) fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The wait before attempt `attempt + 1`, or `None` to give up.
    pub(crate) fn next_delay(
        &self,
        attempt: u32,
        method: &Method,
        outcome: Outcome<'_>,
    ) -> Option<Duration> {
        if attempt >= self.max_attempts || !outcome.retryable(is_idempotent(method)) {
            return None;
        }
        if let Outcome::Status(_, headers) = outcome
            && let Some(wait) = retry_after(headers)
        {
            return (wait <= self.max_retry_after).then_some(wait);
        }
        let exponential = self
            .base_delay
            .saturating_mul(2u32.saturating_pow(attempt - 1));
        let ceiling = exponential.min(self.max_delay);
        Some(ceiling.mul_f64(fastrand::f64()))
    }
}

/// What an attempt ended with, as far as retrying is concerned.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Outcome<'a> {
    /// The connection could not be made: the server never saw the request.
    ConnectFailed,
    /// Anything else that went wrong in transit (timeout, reset): the server may have seen it.
    TransportFailed,
    /// The server answered.
    Status(StatusCode, &'a HeaderMap),
}

impl Outcome<'_> {
    fn retryable(self, idempotent: bool) -> bool {
        match self {
            Outcome::ConnectFailed => true,
            Outcome::TransportFailed => idempotent,
            Outcome::Status(status, _) => {
                status == StatusCode::TOO_MANY_REQUESTS || (idempotent && status.is_server_error())
            }
        }
    }
}

fn is_idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS | Method::TRACE
    )
}

/// `Retry-After` as seconds or as an HTTP date.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(
        at.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(code: u16, headers: &HeaderMap) -> Outcome<'_> {
        Outcome::Status(StatusCode::from_u16(code).unwrap(), headers)
    }

    #[test]
    fn post_is_retried_only_when_the_server_did_not_act() {
        let h = HeaderMap::new();
        let policy = RetryPolicy::default();
        assert!(
            policy
                .next_delay(1, &Method::POST, Outcome::ConnectFailed)
                .is_some()
        );
        assert!(
            policy
                .next_delay(1, &Method::POST, status(429, &h))
                .is_some()
        );
        assert!(
            policy
                .next_delay(1, &Method::POST, status(500, &h))
                .is_none()
        );
        assert!(
            policy
                .next_delay(1, &Method::POST, status(503, &h))
                .is_none()
        );
        assert!(
            policy
                .next_delay(1, &Method::PATCH, Outcome::TransportFailed)
                .is_none()
        );
    }

    #[test]
    fn idempotent_methods_are_retried_on_5xx_and_transport_failures() {
        let h = HeaderMap::new();
        let policy = RetryPolicy::default();
        for method in [Method::GET, Method::PUT, Method::DELETE] {
            assert!(policy.next_delay(1, &method, status(502, &h)).is_some());
            assert!(
                policy
                    .next_delay(1, &method, Outcome::TransportFailed)
                    .is_some()
            );
            assert!(policy.next_delay(1, &method, status(404, &h)).is_none());
        }
    }

    #[test]
    fn attempts_run_out() {
        let h = HeaderMap::new();
        let policy = RetryPolicy::default().max_attempts(2);
        assert!(
            policy
                .next_delay(1, &Method::GET, status(500, &h))
                .is_some()
        );
        assert!(
            policy
                .next_delay(2, &Method::GET, status(500, &h))
                .is_none()
        );
        assert!(
            RetryPolicy::none()
                .next_delay(1, &Method::GET, status(500, &h))
                .is_none()
        );
    }

    #[test]
    fn backoff_is_full_jitter_under_a_doubling_ceiling() {
        let h = HeaderMap::new();
        let policy = RetryPolicy::default()
            .max_attempts(10)
            .base_delay(Duration::from_millis(100))
            .max_delay(Duration::from_millis(250));
        for _ in 0..200 {
            assert!(
                policy.next_delay(1, &Method::GET, status(500, &h)).unwrap()
                    <= Duration::from_millis(100)
            );
            assert!(
                policy.next_delay(2, &Method::GET, status(500, &h)).unwrap()
                    <= Duration::from_millis(200)
            );
            assert!(
                policy.next_delay(5, &Method::GET, status(500, &h)).unwrap()
                    <= Duration::from_millis(250)
            );
        }
    }

    #[test]
    fn retry_after_is_honoured_in_seconds_and_dates_up_to_a_limit() {
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, "2".parse().unwrap());
        let policy = RetryPolicy::default();
        assert_eq!(
            policy.next_delay(1, &Method::GET, status(429, &h)),
            Some(Duration::from_secs(2))
        );
        let later = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(30));
        h.insert(RETRY_AFTER, later.parse().unwrap());
        let wait = policy.next_delay(1, &Method::GET, status(503, &h)).unwrap();
        assert!(
            wait > Duration::from_secs(27) && wait <= Duration::from_secs(30),
            "{wait:?}"
        );
        h.insert(RETRY_AFTER, "3600".parse().unwrap());
        assert_eq!(policy.next_delay(1, &Method::GET, status(429, &h)), None);
    }
}
