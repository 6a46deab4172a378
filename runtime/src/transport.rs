//! What sends an attempt: the HTTP client, through the application's
//! middleware when the `middleware` feature is on and some was added.
//!
//! The middleware is `reqwest-middleware`'s, the hook the reqwest ecosystem
//! already writes against (tracing, OpenTelemetry, caching, signing): it sees
//! each attempt's finished request, credentials included, and its response,
//! and may change either or answer itself. `middleware` is a feature of every
//! generated crate as well, under the same name, so the gates below hold in a
//! vendored copy too.

/// The middleware a `ClientBuilder` collects, in the order added: the first
/// added sees the request first and the response last.
#[derive(Clone, Default)]
pub(crate) struct Middleware {
    #[cfg(feature = "middleware")]
    chain: Vec<std::sync::Arc<dyn reqwest_middleware::Middleware>>,
}

impl Middleware {
    #[cfg(feature = "middleware")]
    pub(crate) fn push(&mut self, middleware: std::sync::Arc<dyn reqwest_middleware::Middleware>) {
        self.chain.push(middleware);
    }

    /// How many middlewares there are, for `Debug`.
    pub(crate) fn len(&self) -> usize {
        #[cfg(feature = "middleware")]
        return self.chain.len();
        #[cfg(not(feature = "middleware"))]
        0
    }

    /// The transport of a client that sends through `http`.
    pub(crate) fn around(&self, http: reqwest::Client) -> Transport {
        #[cfg(feature = "middleware")]
        if !self.chain.is_empty() {
            let chain = self.chain.iter().fold(reqwest_middleware::ClientBuilder::new(http.clone()), |builder, middleware| {
                builder.with_arc(std::sync::Arc::clone(middleware))
            });
            return Transport { http, chain: Some(chain.build()) };
        }
        Transport {
            http,
            #[cfg(feature = "middleware")]
            chain: None,
        }
    }
}

/// Sends an attempt.
pub(crate) struct Transport {
    /// Builds every request; sends it when there is no middleware.
    pub(crate) http: reqwest::Client,
    #[cfg(feature = "middleware")]
    chain: Option<reqwest_middleware::ClientWithMiddleware>,
}

/// Why an attempt got no response.
pub(crate) enum Failure {
    Http(reqwest::Error),
    /// A middleware failed it.
    #[cfg_attr(not(feature = "middleware"), allow(dead_code, reason = "only middleware fails this way"))]
    Middleware(super::BoxError),
}

impl Transport {
    pub(crate) async fn execute(&self, request: reqwest::Request) -> Result<reqwest::Response, Failure> {
        #[cfg(feature = "middleware")]
        if let Some(chain) = &self.chain {
            return chain.execute(request).await.map_err(|error| match error {
                reqwest_middleware::Error::Reqwest(error) => Failure::Http(error),
                reqwest_middleware::Error::Middleware(error) => Failure::Middleware(error.into()),
            });
        }
        self.http.execute(request).await.map_err(Failure::Http)
    }
}
