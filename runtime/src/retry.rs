//! When a request is retried and how long to wait first. Pure arithmetic over
//! statuses, headers and a random fraction, so it is tested without sleeping.
//!
//! A crate carries only the items it uses, so each names what it needs by
//! path instead of through shared imports.

use std::time::Duration;

/// How failed requests are retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RetryPolicy {
    /// Retries after the first attempt; `0` sends each request once.
    pub(crate) max_retries: u32,
    /// The cap of the first backoff; each later one doubles it.
    pub(crate) initial_backoff: Duration,
    /// The cap no backoff exceeds.
    pub(crate) max_backoff: Duration,
    /// The longest wait a `Retry-After` header is obeyed for.
    pub(crate) max_retry_wait: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(8),
            max_retry_wait: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
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

/// Statuses that say "try again": timeouts, rate limits and a server or
/// gateway that is failing or restarting.
pub(crate) fn is_retryable_status(status: reqwest::StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 429 | 500 | 502 | 503 | 504)
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

    const POLICY: RetryPolicy = RetryPolicy {
        max_retries: 2,
        initial_backoff: Duration::from_millis(500),
        max_backoff: Duration::from_secs(8),
        max_retry_wait: Duration::from_secs(60),
    };

    #[test]
    fn backoff_doubles_from_half_a_second_up_to_its_cap_with_full_jitter() {
        let ceilings: Vec<Duration> = (1..=7).map(|retry| POLICY.delay(retry, None, 1.0)).collect();
        let expected = [500, 1000, 2000, 4000, 8000, 8000, 8000].map(Duration::from_millis);
        assert_eq!(ceilings, expected);
        assert_eq!(POLICY.delay(3, None, 0.0), Duration::ZERO);
        assert_eq!(POLICY.delay(3, None, 0.25), Duration::from_millis(500));
        // A retry count far past the cap neither overflows nor exceeds it.
        assert_eq!(POLICY.delay(u32::MAX, None, 1.0), Duration::from_secs(8));
    }

    #[test]
    fn retry_after_replaces_the_backoff_up_to_the_maximum_wait() {
        assert_eq!(POLICY.delay(1, Some(Duration::from_secs(3)), 0.9), Duration::from_secs(3));
        assert_eq!(POLICY.delay(1, Some(Duration::from_secs(3600)), 0.9), Duration::from_secs(60));
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
