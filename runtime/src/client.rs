//! The client: base URL, HTTP client, credentials, user agent, timeouts and retries.

use std::collections::BTreeMap;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderValue, USER_AGENT};
use reqwest::Url;

use super::credential::{Credential, Kind, Place, TokenProvider};
use super::request::RequestError;
use super::retry::RetryPolicy;
use super::tls::TlsSettings;
use super::transport::{Failure, Middleware, Transport};

/// The future a request builder turns into when awaited.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// The `User-Agent` sent unless another is set.
const DEFAULT_USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// How long one attempt may take, from connecting to the last byte of the body.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// How long connecting may take.
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// What a generated client tells the runtime about its API.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct ApiInfo {
    /// The spec's first server, used when no base URL is given.
    pub default_base_url: Option<&'static str>,
    /// The `User-Agent` sent unless another is set: the client crate's name and version.
    pub user_agent: &'static str,
    /// The response header the API carries its request ids in.
    pub request_id_header: Option<&'static str>,
}

/// The HTTP client every generated client wraps: base URL, connection pool,
/// credentials, user agent, timeouts and retries. A cheap handle: clones share
/// one configuration and one connection pool, so requests can own one.
#[derive(Clone)]
pub struct Client {
    shared: Arc<Shared>,
}

/// What every clone of a [`Client`] shares.
struct Shared {
    transport: Transport,
    base_url: Url,
    user_agent: HeaderValue,
    timeout: Option<Duration>,
    deadline: Option<Duration>,
    retry: RetryPolicy,
    credentials: BTreeMap<&'static str, Credential>,
    request_id_header: Option<&'static str>,
}

impl Client {
    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The URL every request path is appended to.
    pub fn base_url(&self) -> &Url {
        &self.shared.base_url
    }

    /// The URL of an operation: the base URL plus `path`, whose values are
    /// already percent-encoded.
    pub(crate) fn url(&self, path: &str) -> Url {
        let mut url = self.shared.base_url.clone();
        let joined = format!("{}{path}", url.path().trim_end_matches('/'));
        url.set_path(&joined);
        url
    }

    /// The base URL plus `segments`, each percent-encoded as one path segment.
    fn url_of_segments(&self, segments: &[&str]) -> Result<Url, RequestError> {
        if let Some(bad) = segments.iter().find(|s| matches!(**s, "" | "." | "..")) {
            return Err(RequestError(format!("`{bad}` cannot be a path segment")));
        }
        let mut url = self.shared.base_url.clone();
        url.path_segments_mut()
            .map_err(|()| RequestError(format!("base URL `{}` cannot have a path", self.shared.base_url)))?
            .pop_if_empty()
            .extend(segments);
        Ok(url)
    }

    /// The response header the API carries its request ids in.
    pub(crate) fn request_id_header(&self) -> Option<&'static str> {
        self.shared.request_id_header
    }

    /// How long a whole call may take, unless a request's options say otherwise.
    pub(crate) fn deadline(&self) -> Option<Duration> {
        self.shared.deadline
    }

    /// How requests are retried, unless a request's options say otherwise.
    pub(crate) fn retry_policy(&self) -> &RetryPolicy {
        &self.shared.retry
    }

    /// A request with the user agent, timeout and the first fully configured
    /// alternative of `security` applied.
    pub(crate) fn request(
        &self,
        method: reqwest::Method,
        url: Url,
        security: &[&[&str]],
    ) -> reqwest::RequestBuilder {
        let mut request = self.shared.transport.http.request(method, url).header(USER_AGENT, self.shared.user_agent.clone());
        if let Some(timeout) = self.shared.timeout {
            request = request.timeout(timeout);
        }
        for credential in self.credentials(security) {
            if let Kind::Fixed(apply) = &credential.0 {
                request = apply(request);
            }
        }
        request
    }

    /// The credentials of the first alternative of `security` whose every
    /// scheme has one.
    fn credentials(&self, security: &[&[&str]]) -> Vec<&Credential> {
        let configured = security
            .iter()
            .find(|schemes| schemes.iter().all(|scheme| self.shared.credentials.contains_key(scheme)));
        let schemes = configured.map_or(&[][..], |schemes| *schemes);
        schemes.iter().filter_map(|scheme| self.shared.credentials.get(*scheme)).collect()
    }

    /// The token providers among the credentials of `security`, with where
    /// each token goes: a request asks them for their tokens on each attempt.
    pub(crate) fn token_providers(&self, security: &[&[&str]]) -> Vec<(Arc<dyn TokenProvider>, Place)> {
        self.credentials(security)
            .into_iter()
            .filter_map(|credential| match &credential.0 {
                Kind::Provided { provider, place } => Some((provider.clone(), *place)),
                Kind::Fixed(_) => None,
            })
            .collect()
    }

    /// Sends one attempt of a request.
    pub(crate) async fn send_once(&self, request: reqwest::Request) -> Result<reqwest::Response, Failure> {
        self.shared.transport.execute(request).await
    }

    /// A request to an endpoint the spec does not describe, prepared as every
    /// operation's is: the base URL plus `segments` (each percent-encoded as one
    /// path segment), the user agent, the timeout and every fixed credential
    /// set on the builder (not a token provider's, which would need a wait).
    /// Add what it needs with reqwest's methods, then `send()` it; it is sent
    /// once, without the client's retries.
    pub fn raw_request(&self, method: reqwest::Method, segments: &[&str]) -> Result<reqwest::RequestBuilder, super::Error> {
        let url = self.url_of_segments(segments)?;
        let every_credential: Vec<&str> = self.shared.credentials.keys().copied().collect();
        Ok(self.request(method, url, &[&every_credential]))
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.shared.base_url.as_str())
            .field("user_agent", &self.shared.user_agent)
            .field("timeout", &self.shared.timeout)
            .field("deadline", &self.shared.deadline)
            .field("retry", &self.shared.retry)
            .field("credentials", &self.shared.credentials.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

/// Configures a [`Client`]. Every generated client's builder converts from
/// it, so one configuration (HTTP client, timeouts, retries) can serve them all.
#[derive(Clone)]
#[must_use]
pub struct ClientBuilder {
    base_url: Option<String>,
    http: Option<reqwest::Client>,
    user_agent: Option<String>,
    timeout: Option<Option<Duration>>,
    deadline: Option<Duration>,
    connect_timeout: Option<Duration>,
    retry: RetryPolicy,
    credentials: BTreeMap<&'static str, Credential>,
    tls: TlsSettings,
    middleware: Middleware,
}

impl Default for ClientBuilder {
    /// A builder with every setting at its default. With the `rustls`
    /// feature it also makes ring the process's rustls crypto provider if
    /// none is set, so that a `reqwest::Client` built afterwards for
    /// [`http_client`](Self::http_client) has one.
    fn default() -> Self {
        super::tls::install_tls_provider();
        ClientBuilder {
            base_url: None,
            http: None,
            user_agent: None,
            timeout: None,
            deadline: None,
            connect_timeout: None,
            retry: RetryPolicy::default(),
            credentials: BTreeMap::new(),
            tls: TlsSettings::default(),
            middleware: Middleware::default(),
        }
    }
}

impl ClientBuilder {
    /// Sends requests to `url` instead of the spec's first server.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Sends requests through this `reqwest::Client` (proxies, TLS, pools,
    /// middleware). Build it after calling [`Client::builder`]: with the
    /// `rustls` feature, reqwest needs the crypto provider that call installs.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Trusts `certificate` as a certificate authority, besides the
    /// platform's: for a private CA or a TLS-inspecting proxy. It applies to
    /// the HTTP client this builder creates, not to one given with
    /// [`http_client`](Self::http_client). Needs a TLS feature (`rustls`,
    /// `rustls-aws-lc-rs` or `native-tls`).
    #[cfg(any(feature = "rustls", feature = "rustls-aws-lc-rs", feature = "native-tls"))]
    pub fn root_certificate(mut self, certificate: reqwest::Certificate) -> Self {
        self.tls.add_root(certificate);
        self
    }

    /// Runs `middleware` on every attempt of every request: it sees the
    /// finished request (credentials included) and its response, and may
    /// change either or answer itself, as `reqwest-middleware` lets it
    /// (tracing, metrics, caching, signing). The first added sees the request
    /// first. It applies with the HTTP client of
    /// [`http_client`](Self::http_client) too. Needs the `middleware` feature.
    #[cfg(feature = "middleware")]
    pub fn middleware(mut self, middleware: impl reqwest_middleware::Middleware) -> Self {
        self.middleware.push(Arc::new(middleware));
        self
    }

    /// Sets the `User-Agent` header.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Sets how long one attempt may take, from connecting to the last byte of
    /// the response (60 seconds unless set); `None` waits as long as the HTTP
    /// client does. A request's [`RequestOptions::timeout`](super::RequestOptions::timeout)
    /// overrides it.
    pub fn timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.timeout = Some(timeout.into());
        self
    }

    /// Sets how long a whole call may take: every attempt, and every wait
    /// between retries (none unless set). A retry that would start after it
    /// is not made, and an attempt still running when it passes is cut off
    /// with [`Error::Deadline`](super::Error::Deadline). A request's
    /// [`RequestOptions::deadline`](super::RequestOptions::deadline) overrides it.
    pub fn deadline(mut self, deadline: impl Into<Option<Duration>>) -> Self {
        self.deadline = deadline.into();
        self
    }

    /// Sets the whole retry policy: attempts, statuses, backoff and the
    /// longest `Retry-After` obeyed.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Sets how long connecting may take (10 seconds unless set). It applies
    /// to the HTTP client this builder creates, not to one given with
    /// [`http_client`](Self::http_client), which keeps its own.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Sets how many times a failed request is retried (2 unless set; `0`
    /// turns retries off). Only requests that are safe to repeat are retried:
    /// see [`RequestOptions::max_retries`](super::RequestOptions::max_retries).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.retry.max_retries = retries;
        self
    }

    /// Sets the backoff between retries: a random wait of up to `initial`,
    /// doubling with each retry up to `max` (0.5 s and 8 s unless set).
    pub fn retry_backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.retry.initial_backoff = initial;
        self.retry.max_backoff = max;
        self
    }

    /// Sets the longest wait a `Retry-After` header is obeyed for (60 s unless
    /// set); a longer one is cut to it.
    pub fn max_retry_wait(mut self, wait: Duration) -> Self {
        self.retry.max_retry_wait = wait;
        self
    }

    #[doc(hidden)]
    pub fn credential(mut self, scheme: &'static str, credential: Credential) -> Self {
        self.credentials.insert(scheme, credential);
        self
    }

    /// Builds the client; it needs a base URL.
    pub fn build(self) -> Result<Client, BuildError> {
        self.build_for(&ApiInfo { default_base_url: None, user_agent: DEFAULT_USER_AGENT, request_id_header: None })
    }

    /// Builds the client of a generated crate's API.
    #[doc(hidden)]
    pub fn build_for(self, api: &ApiInfo) -> Result<Client, BuildError> {
        let base = self.base_url.as_deref().or(api.default_base_url).ok_or(BuildError::MissingBaseUrl)?;
        let base_url = Url::parse(base).map_err(|source| BuildError::InvalidBaseUrl {
            url: base.to_string(),
            source,
        })?;
        if base_url.cannot_be_a_base() {
            return Err(BuildError::InvalidBaseUrl {
                url: base.to_string(),
                source: url::ParseError::RelativeUrlWithCannotBeABaseBase,
            });
        }
        let user_agent = self.user_agent.as_deref().unwrap_or(api.user_agent);
        let user_agent = HeaderValue::from_str(user_agent).map_err(|_| BuildError::InvalidUserAgent)?;
        let http = match self.http {
            Some(http) => http,
            None => {
                let builder = reqwest::Client::builder().connect_timeout(self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT));
                self.tls.apply(builder).build().map_err(BuildError::Http)?
            }
        };
        let shared = Shared {
            transport: self.middleware.around(http),
            base_url,
            user_agent,
            timeout: self.timeout.unwrap_or(Some(DEFAULT_TIMEOUT)),
            deadline: self.deadline,
            retry: self.retry,
            credentials: self.credentials,
            request_id_header: api.request_id_header,
        };
        Ok(Client { shared: Arc::new(shared) })
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("user_agent", &self.user_agent)
            .field("timeout", &self.timeout)
            .field("deadline", &self.deadline)
            .field("connect_timeout", &self.connect_timeout)
            .field("retry", &self.retry)
            .field("credentials", &self.credentials.keys().collect::<Vec<_>>())
            .field("root_certificates", &self.tls.root_count())
            .field("middleware", &self.middleware.len())
            .finish_non_exhaustive()
    }
}

/// Why a [`Client`] could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// The spec names no server and no base URL was given.
    #[error("no base URL: the spec names no server, so set one with `ClientBuilder::base_url`")]
    MissingBaseUrl,
    /// The base URL does not parse, or cannot have a path.
    #[error("invalid base URL `{url}`: {source}")]
    InvalidBaseUrl {
        url: String,
        #[source]
        source: url::ParseError,
    },
    /// The user agent is not a valid header value.
    #[error("the user agent is not a valid header value")]
    InvalidUserAgent,
    /// The HTTP client could not be created.
    #[error("could not create the HTTP client: {0}")]
    Http(#[source] reqwest::Error),
}
