//! How a request shows who sends it: a fixed credential per security scheme,
//! or a token from a [`TokenProvider`], which is asked again when the server
//! refuses the one it gave.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::client::BoxFuture;

/// Any error, as a token provider or a middleware reports it.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Gives the token requests authenticate with, and replaces it when the
/// server refuses it. Each attempt of a request asks for the token; when the
/// server answers `401 Unauthorized`, the client calls
/// [`refused`](Self::refused) with the token it sent and sends the request
/// once more with the next one.
///
/// [`StaticToken`] gives the same token forever (what a builder's plain
/// credential method sets); [`RefreshingToken`] fetches one with your code
/// and fetches again when it expires or is refused.
pub trait TokenProvider: Send + Sync + 'static {
    /// The token to send now.
    fn token(&self) -> BoxFuture<'_, Result<String, BoxError>>;

    /// The server refused `token`: the next [`token`](Self::token) should
    /// give another one.
    fn refused<'a>(&'a self, token: &'a str) -> BoxFuture<'a, ()>;
}

/// A token that never changes.
#[derive(Clone)]
pub struct StaticToken(String);

impl StaticToken {
    pub fn new(token: impl Into<String>) -> Self {
        StaticToken(token.into())
    }
}

impl TokenProvider for StaticToken {
    fn token(&self) -> BoxFuture<'_, Result<String, BoxError>> {
        Box::pin(std::future::ready(Ok(self.0.clone())))
    }

    fn refused<'a>(&'a self, _token: &'a str) -> BoxFuture<'a, ()> {
        Box::pin(std::future::ready(()))
    }
}

/// A token as an issuer gives it: its value and, when known, how long it lasts.
#[derive(Clone)]
pub struct Token {
    value: String,
    expires_at: Option<Instant>,
}

impl Token {
    pub fn new(value: impl Into<String>) -> Self {
        Token { value: value.into(), expires_at: None }
    }

    /// The token expires `lifetime` from now (an OAuth `expires_in`). It is
    /// replaced a little before, so that no request carries it as it expires.
    pub fn expires_in(mut self, lifetime: Duration) -> Self {
        self.expires_at = Some(Instant::now() + lifetime);
        self
    }

    fn is_fresh(&self, now: Instant) -> bool {
        const MARGIN: Duration = Duration::from_secs(10);
        self.expires_at.is_none_or(|expires_at| now + MARGIN < expires_at)
    }
}

type Fetch = Arc<dyn Fn() -> BoxFuture<'static, Result<Token, BoxError>> + Send + Sync>;

/// A token fetched by your code (from an OAuth or IAM endpoint, a vault, …),
/// kept until it expires or the server refuses it, then fetched again. One
/// fetch at a time: requests that need a token while it is being fetched
/// wait for that one.
pub struct RefreshingToken {
    fetch: Fetch,
    current: tokio::sync::Mutex<Option<Token>>,
}

impl RefreshingToken {
    /// A provider that calls `fetch` whenever it needs a new token.
    pub fn new<F, Fut>(fetch: F) -> Self
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<Token, BoxError>> + Send + 'static,
    {
        RefreshingToken { fetch: Arc::new(move || Box::pin(fetch())), current: tokio::sync::Mutex::new(None) }
    }
}

impl TokenProvider for RefreshingToken {
    fn token(&self) -> BoxFuture<'_, Result<String, BoxError>> {
        Box::pin(async move {
            let mut current = self.current.lock().await;
            if let Some(token) = current.as_ref().filter(|token| token.is_fresh(Instant::now())) {
                return Ok(token.value.clone());
            }
            let token = (self.fetch)().await?;
            let value = token.value.clone();
            *current = Some(token);
            Ok(value)
        })
    }

    fn refused<'a>(&'a self, token: &'a str) -> BoxFuture<'a, ()> {
        Box::pin(async move {
            let mut current = self.current.lock().await;
            // Another request may have replaced it already.
            if current.as_ref().is_some_and(|current| current.value == token) {
                *current = None;
            }
        })
    }
}

impl std::fmt::Debug for RefreshingToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RefreshingToken").finish_non_exhaustive()
    }
}

/// A credential for one security scheme: how it goes on a request. It has no
/// `Debug`, so it never shows up in logs.
#[doc(hidden)]
#[derive(Clone)]
pub struct Credential(pub(crate) Kind);

#[derive(Clone)]
pub(crate) enum Kind {
    Fixed(Arc<dyn Fn(reqwest::RequestBuilder) -> reqwest::RequestBuilder + Send + Sync>),
    Provided { provider: Arc<dyn TokenProvider>, place: Place },
}

/// Where a provided token goes.
#[derive(Clone, Copy)]
pub(crate) enum Place {
    Bearer,
    Header(&'static str),
    Query(&'static str),
}

impl Place {
    pub(crate) fn apply(self, request: reqwest::RequestBuilder, token: &str) -> reqwest::RequestBuilder {
        match self {
            Place::Bearer => request.bearer_auth(token),
            Place::Header(name) => request.header(name, token),
            Place::Query(name) => request.query(&[(name, token)]),
        }
    }
}

impl Credential {
    fn fixed(apply: impl Fn(reqwest::RequestBuilder) -> reqwest::RequestBuilder + Send + Sync + 'static) -> Self {
        Credential(Kind::Fixed(Arc::new(apply)))
    }

    /// `Authorization: Bearer <token>`.
    pub fn bearer(token: String) -> Self {
        Credential::fixed(move |request| request.bearer_auth(&token))
    }

    /// HTTP basic credentials.
    pub fn basic(username: String, password: String) -> Self {
        Credential::fixed(move |request| request.basic_auth(&username, Some(&password)))
    }

    /// A key in the header `name`.
    pub fn api_key_header(name: &'static str, value: String) -> Self {
        Credential::fixed(move |request| request.header(name, &value))
    }

    /// A key in the query parameter `name`.
    pub fn api_key_query(name: &'static str, value: String) -> Self {
        Credential::fixed(move |request| request.query(&[(name, &value)]))
    }

    /// `Authorization: Bearer <token>`, with the provider's token.
    pub fn bearer_provider(provider: impl TokenProvider) -> Self {
        Credential(Kind::Provided { provider: Arc::new(provider), place: Place::Bearer })
    }

    /// The provider's token in the header `name`.
    pub fn api_key_header_provider(name: &'static str, provider: impl TokenProvider) -> Self {
        Credential(Kind::Provided { provider: Arc::new(provider), place: Place::Header(name) })
    }

    /// The provider's token in the query parameter `name`.
    pub fn api_key_query_provider(name: &'static str, provider: impl TokenProvider) -> Self {
        Credential(Kind::Provided { provider: Arc::new(provider), place: Place::Query(name) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    fn counting_provider() -> (RefreshingToken, Arc<AtomicU32>) {
        let fetched = Arc::new(AtomicU32::new(0));
        let counter = fetched.clone();
        let provider = RefreshingToken::new(move || {
            let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
            async move { Ok(Token::new(format!("token-{n}")).expires_in(Duration::from_secs(300))) }
        });
        (provider, fetched)
    }

    #[tokio::test]
    async fn a_refreshing_token_is_kept_until_refused_and_a_stale_refusal_is_ignored() {
        let (provider, fetched) = counting_provider();
        assert_eq!(provider.token().await.unwrap(), "token-1");
        assert_eq!(provider.token().await.unwrap(), "token-1");
        assert_eq!(fetched.load(Ordering::SeqCst), 1);
        provider.refused("token-1").await;
        assert_eq!(provider.token().await.unwrap(), "token-2");
        // A request that carried token 1 comes back refused after the refresh.
        provider.refused("token-1").await;
        assert_eq!(provider.token().await.unwrap(), "token-2");
        assert_eq!(fetched.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_token_about_to_expire_is_fetched_again() {
        let fetched = Arc::new(AtomicU32::new(0));
        let counter = fetched.clone();
        let provider = RefreshingToken::new(move || {
            counter.fetch_add(1, Ordering::SeqCst);
            async move { Ok(Token::new("short").expires_in(Duration::from_secs(5))) }
        });
        provider.token().await.unwrap();
        provider.token().await.unwrap();
        assert_eq!(fetched.load(Ordering::SeqCst), 2, "a token with 5 s left is within the margin");
    }

    #[tokio::test]
    async fn a_failed_fetch_is_an_error_and_the_next_call_tries_again() {
        let attempts = Arc::new(AtomicU32::new(0));
        let counter = attempts.clone();
        let provider = RefreshingToken::new(move || {
            let n = counter.fetch_add(1, Ordering::SeqCst);
            async move { if n == 0 { Err("issuer down".into()) } else { Ok(Token::new("ok")) } }
        });
        assert_eq!(provider.token().await.unwrap_err().to_string(), "issuer down");
        assert_eq!(provider.token().await.unwrap(), "ok");
    }
}
