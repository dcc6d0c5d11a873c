//! A client-side token bucket, so bulk jobs stay under Quo's limit instead of collecting 429s.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::time::Instant;

/// Share of the configured rate actually used: the margin for timer lateness.
const PACE: f64 = 0.99;

/// Requests per second allowed for one API key, shared by all clones of a client.
///
/// Quo allows 10 requests per second per key and its gateway counts them per
/// clock second, so the default is 10 per second with a burst of 1. Requests
/// are spaced 1% wider than `1 / rate` (101 ms at 10 per second): a timer
/// wakes up to a millisecond or two late, and without that slack the 11th
/// request of a run could land inside the first one's second (measured by
/// the benchmarks). A larger burst lets short spikes through faster at the
/// risk of a 429 (which is retried). Waiting uses tokio's clock, so tests can
/// run it in paused time.
#[derive(Clone, Debug, PartialEq)]
pub struct RateLimit {
    per_second: f64,
    burst: u32,
}

impl Default for RateLimit {
    fn default() -> Self {
        Self::per_second(10.0)
    }
}

impl RateLimit {
    /// `rate` requests per second, burst 1. A rate that is not positive is taken as 1.
    pub fn per_second(rate: f64) -> Self {
        Self {
            per_second: if rate > 0.0 { rate } else { 1.0 },
            burst: 1,
        }
    }

    /// How many requests may go at once after an idle spell.
    pub fn burst(mut self, burst: u32) -> Self {
        self.burst = burst.max(1);
        self
    }
}

/// The shared bucket. Tokens may go negative: each caller reserves its slot
/// and sleeps until it, so waiters are served in arrival order.
#[derive(Clone, Debug)]
pub(crate) struct Limiter {
    limit: RateLimit,
    bucket: Arc<Mutex<Bucket>>,
}

#[derive(Debug)]
struct Bucket {
    tokens: f64,
    updated: Instant,
}

impl Limiter {
    pub(crate) fn new(limit: RateLimit) -> Self {
        let bucket = Bucket {
            tokens: f64::from(limit.burst),
            updated: Instant::now(),
        };
        Self {
            limit,
            bucket: Arc::new(Mutex::new(bucket)),
        }
    }

    /// Waits for this request's slot.
    pub(crate) async fn acquire(&self) {
        let wait = self.reserve(Instant::now());
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
    }

    fn reserve(&self, now: Instant) -> Duration {
        let mut bucket = self
            .bucket
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let rate = self.limit.per_second * PACE;
        let refill = now.saturating_duration_since(bucket.updated).as_secs_f64() * rate;
        bucket.tokens = (bucket.tokens + refill).min(f64::from(self.limit.burst));
        bucket.updated = now;
        bucket.tokens -= 1.0;
        if bucket.tokens >= 0.0 {
            Duration::ZERO
        } else {
            let seconds = -bucket.tokens / rate;
            Duration::from_nanos((seconds * 1e9).round() as u64)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn reservations_are_spaced_by_the_rate_after_the_burst() {
        let limiter = Limiter::new(RateLimit::per_second(10.0).burst(2));
        let now = Instant::now();
        let waits: Vec<_> = (0..5).map(|_| limiter.reserve(now)).collect();
        let spacing = Duration::from_secs_f64(0.1 / PACE);
        assert!(spacing > Duration::from_millis(100) && spacing < Duration::from_micros(101_100));
        let expected: Vec<_> = [0, 0, 1, 2, 3].iter().map(|n| spacing * *n).collect();
        for (wait, expected) in waits.iter().zip(&expected) {
            assert!(
                wait.abs_diff(*expected) < Duration::from_micros(1),
                "{waits:?}"
            );
        }
    }

    #[tokio::test(start_paused = true)]
    async fn idle_time_refills_up_to_the_burst_only() {
        let limiter = Limiter::new(RateLimit::per_second(10.0));
        let start = Instant::now();
        assert_eq!(limiter.reserve(start), Duration::ZERO);
        let later = start + Duration::from_secs(5);
        assert_eq!(limiter.reserve(later), Duration::ZERO);
        let spacing = limiter.reserve(later);
        assert!(spacing > Duration::from_millis(100) && spacing < Duration::from_micros(101_100));
    }
}
