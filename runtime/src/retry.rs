//! When a request is retried and how long to wait first. Pure arithmetic over
//! statuses, headers and a random fraction, so it is tested without sleeping.

use std::sync::Arc;
use std::time::Duration;

/// The statuses retried unless a policy says otherwise: timeouts, rate limits
/// and a server or gateway that is failing or restarting.
const DEFAULT_STATUSES: [u16; 6] = [408, 429, 500, 502, 503, 504];

/// How failed requests are retried: how many times, after which statuses,
/// and how long to wait in between. Connection failures and timed-out
/// attempts are always worth a retry; requests are retried only when
/// repeating them is safe (see `RequestOptions::max_retries`).
///
/// `RetryPolicy::default().max_retries(4).retry_statuses([429, 503])`, then
/// `ClientBuilder::retry_policy`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt; `0` sends each request once.
    pub(crate) max_retries: u32,
    /// The cap of the first backoff; each later one doubles it.
    pub(crate) initial_backoff: Duration,
    /// The cap no backoff exceeds.
    pub(crate) max_backoff: Duration,
    /// The longest wait a `Retry-After` header is obeyed for.
    pub(crate) max_retry_wait: Duration,
    /// The response statuses that are retried.
    pub(crate) statuses: Arc<[u16]>,
}

impl Default for RetryPolicy {
    /// 2 retries of 408, 429, 500, 502, 503 and 504, backing off from 0.5 s up
    /// to 8 s, obeying a `Retry-After` of up to 60 s.
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(8),
            max_retry_wait: Duration::from_secs(60),
            statuses: Arc::new(DEFAULT_STATUSES),
        }
    }
}

impl RetryPolicy {
    /// How many times a failed request is retried; `0` turns retries off.
    #[must_use]
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = retries;
        self
    }

    /// The backoff between retries: a random wait of up to `initial`,
    /// doubling with each retry up to `max`.
    #[must_use]
    pub fn backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max;
        self
    }

    /// The longest wait a `Retry-After` header is obeyed for; a longer one is cut to it.
    #[must_use]
    pub fn max_retry_wait(mut self, wait: Duration) -> Self {
        self.max_retry_wait = wait;
        self
    }

    /// The response statuses that are retried, replacing the default ones.
    #[must_use]
    pub fn retry_statuses(mut self, statuses: impl IntoIterator<Item = u16>) -> Self {
        self.statuses = statuses.into_iter().collect();
        self
    }

    /// Whether a response with `status` is retried.
    pub fn retries_status(&self, status: reqwest::StatusCode) -> bool {
        self.statuses.contains(&status.as_u16())
    }

    /// The wait before retry number `retry` (1 for the first), "full jitter":
    /// a `random` fraction in `[0, 1)` of the capped exponential backoff. A
    /// `Retry-After` the server sent replaces it, cut to `max_retry_wait`.
    pub(crate) fn delay(&self, retry: u32, retry_after: Option<Duration>, random: f64) -> Duration {
        if let Some(wait) = retry_after {
            return wait.min(self.max_retry_wait);
        }
        let doublings = retry.saturating_sub(1).min(31);
        let ceiling = self.initial_backoff.saturating_mul(1 << doublings).min(self.max_backoff);
        ceiling.mul_f64(random.clamp(0.0, 1.0))
    }
}

/// Whether a request may be sent again without risk of doing its work twice:
/// the methods HTTP defines as idempotent, or any request that carries an
/// idempotency key.
pub(crate) fn is_safe_to_repeat(method: &reqwest::Method, has_idempotency_key: bool) -> bool {
    use reqwest::Method;
    has_idempotency_key
        || [Method::GET, Method::HEAD, Method::PUT, Method::DELETE, Method::OPTIONS].contains(method)
}

/// Statuses the default policy retries.
pub(crate) fn is_retryable_status(status: reqwest::StatusCode) -> bool {
    DEFAULT_STATUSES.contains(&status.as_u16())
}

/// Transport failures worth retrying: the connection could not be made, was
/// cut off before the whole response arrived, or took too long.
pub(crate) fn is_retryable_transport(error: &reqwest::Error) -> bool {
    if error.is_connect() || error.is_timeout() || error.is_request() || error.is_body() {
        return true;
    }
    // reqwest reports a body cut off while it is read as a decode error
    // caused by a body error; a body that fails to decompress has no such cause.
    let cause = std::error::Error::source(error).and_then(|source| source.downcast_ref::<reqwest::Error>());
    cause.is_some_and(is_retryable_transport)
}

/// The wait a `Retry-After` header asks for, as delta-seconds or an HTTP
/// date (relative to `now`); a date in the past asks for none.
pub(crate) fn retry_after(headers: &reqwest::header::HeaderMap, now: std::time::SystemTime) -> Option<Duration> {
    let value = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

/// A fresh idempotency key: 128 random bits written as a version-4 UUID.
pub(crate) fn new_idempotency_key() -> String {
    let bits = (fastrand::u128(..) & !(0xf << 76) | (0x4 << 76)) & !(0x3 << 62) | (0x2 << 62);
    let hex = format!("{bits:032x}");
    format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..])
}

#[cfg(test)]
mod tests {
    use reqwest::header::{HeaderMap, RETRY_AFTER};
    use reqwest::{Method, StatusCode};

    use super::*;

    #[test]
    fn backoff_doubles_from_half_a_second_up_to_its_cap_with_full_jitter() {
        let policy = RetryPolicy::default();
        let ceilings: Vec<Duration> = (1..=7).map(|retry| policy.delay(retry, None, 1.0)).collect();
        let expected = [500, 1000, 2000, 4000, 8000, 8000, 8000].map(Duration::from_millis);
        assert_eq!(ceilings, expected);
        assert_eq!(policy.delay(3, None, 0.0), Duration::ZERO);
        assert_eq!(policy.delay(3, None, 0.25), Duration::from_millis(500));
        // A retry count far past the cap neither overflows nor exceeds it.
        assert_eq!(policy.delay(u32::MAX, None, 1.0), Duration::from_secs(8));
    }

    #[test]
    fn retry_after_replaces_the_backoff_up_to_the_maximum_wait() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.delay(1, Some(Duration::from_secs(3)), 0.9), Duration::from_secs(3));
        assert_eq!(policy.delay(1, Some(Duration::from_secs(3600)), 0.9), Duration::from_secs(60));
    }

    #[test]
    fn a_policy_retries_the_statuses_it_names() {
        let default = RetryPolicy::default();
        assert!(default.retries_status(StatusCode::SERVICE_UNAVAILABLE));
        assert!(!default.retries_status(StatusCode::CONFLICT));
        let custom = default.retry_statuses([409]).max_retries(5).backoff(Duration::from_millis(1), Duration::from_millis(2));
        assert!(custom.retries_status(StatusCode::CONFLICT));
        assert!(!custom.retries_status(StatusCode::SERVICE_UNAVAILABLE));
        assert_eq!(custom.delay(9, None, 1.0), Duration::from_millis(2));
    }

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let now = httpdate::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
        let with = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(RETRY_AFTER, value.parse().unwrap());
            retry_after(&headers, now)
        };
        assert_eq!(with("120"), Some(Duration::from_secs(120)));
        assert_eq!(with("Sun, 06 Nov 1994 08:49:39 GMT"), Some(Duration::from_secs(2)));
        assert_eq!(with("Sun, 06 Nov 1994 08:00:00 GMT"), Some(Duration::ZERO));
        assert_eq!(with("soon"), None);
        assert_eq!(retry_after(&HeaderMap::new(), now), None);
    }

    #[test]
    fn only_idempotent_methods_or_keyed_requests_are_repeated() {
        for method in [Method::GET, Method::HEAD, Method::PUT, Method::DELETE, Method::OPTIONS] {
            assert!(is_safe_to_repeat(&method, false), "{method}");
        }
        assert!(!is_safe_to_repeat(&Method::POST, false));
        assert!(!is_safe_to_repeat(&Method::PATCH, false));
        assert!(is_safe_to_repeat(&Method::POST, true));
    }

    #[test]
    fn retryable_statuses_are_timeouts_rate_limits_and_failing_servers() {
        let retryable: Vec<u16> =
            (100..600).filter(|&code| is_retryable_status(StatusCode::from_u16(code).unwrap())).collect();
        assert_eq!(retryable, [408, 429, 500, 502, 503, 504]);
    }

    #[test]
    fn idempotency_keys_are_fresh_version_4_uuids() {
        let key = new_idempotency_key();
        assert_eq!(key.len(), 36, "{key}");
        assert_eq!(key.as_bytes()[14], b'4', "{key}");
        assert!(matches!(key.as_bytes()[19], b'8' | b'9' | b'a' | b'b'), "{key}");
        assert_ne!(key, new_idempotency_key());
    }
}
