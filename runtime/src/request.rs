//! An operation's request as generated code builds it: path, query, headers,
//! body and security, each value encoded when it is given, and its sending
//! with retries.

use super::response::{Answer, Head, Opened, Received};

/// A request that could not be built; becomes [`Error::InvalidRequest`](super::Error::InvalidRequest).
#[derive(Debug, Clone)]
pub struct RequestError(pub(crate) String);

impl<E> From<RequestError> for super::Error<E> {
    fn from(error: RequestError) -> Self {
        super::Error::InvalidRequest(error.0)
    }
}

/// Why [`Request::send`] got no response; becomes the operation's [`Error`](super::Error).
pub enum SendError {
    Invalid(RequestError),
    Transport { source: reqwest::Error, attempts: u32 },
    Deadline { deadline: std::time::Duration, attempts: u32 },
    Credential { source: super::BoxError, attempts: u32 },
    Middleware { source: super::BoxError, attempts: u32 },
    NotStarted { timeout: std::time::Duration, attempts: u32 },
}

impl<E> From<SendError> for super::Error<E> {
    fn from(error: SendError) -> Self {
        match error {
            SendError::Invalid(error) => error.into(),
            SendError::Transport { source, attempts } => {
                super::Error::Transport(Box::new(super::TransportError { source, attempts }))
            }
            SendError::Deadline { deadline, attempts } => {
                super::Error::Deadline(super::DeadlineError { deadline, attempts })
            }
            SendError::Credential { source, attempts } => {
                super::Error::Credential(Box::new(super::CredentialError { source, attempts }))
            }
            SendError::Middleware { source, attempts } => {
                super::Error::Middleware(Box::new(super::MiddlewareError { source, attempts }))
            }
            SendError::NotStarted { timeout, attempts } => {
                super::Error::Stream(super::StreamError::NotStarted { timeout, attempts })
            }
        }
    }
}

/// Sets a body on the `reqwest` request of each send.
pub(crate) type BodyWriter =
    std::sync::Arc<dyn Fn(reqwest::RequestBuilder) -> Result<reqwest::RequestBuilder, RequestError> + Send + Sync>;

/// An operation's request as its builder fills it in: every value is encoded
/// when it is given, so the request can be sent again as it is.
#[derive(Clone)]
pub struct Request {
    pub(crate) client: super::Client,
    method: reqwest::Method,
    /// The path as the spec writes it, for the tracing span.
    template: &'static str,
    /// The path with its parameters' values, percent-encoded.
    path: String,
    /// Alternatives, each a set of security schemes that must all be applied.
    security: &'static [&'static [&'static str]],
    query: Query,
    /// A next-page link to send to instead of the path and query.
    link: Option<reqwest::Url>,
    headers: Vec<(&'static str, String)>,
    pub(crate) body: Option<BodyWriter>,
    /// The idempotency-key header the operation declares, if any.
    idempotency_header: Option<&'static str>,
    /// The caller's headers, which replace the operation's of the same name.
    extra_headers: reqwest::header::HeaderMap,
    /// The caller's per-attempt timeout, if it overrides the client's.
    timeout: Option<Option<std::time::Duration>>,
    /// The caller's deadline for the whole call, if it overrides the client's.
    deadline: Option<Option<std::time::Duration>>,
    /// The caller's retry count, if it overrides the client's.
    max_retries: Option<u32>,
    /// Whether the caller allows retrying a method that is not idempotent.
    retry_unsafe: bool,
    /// The first value that could not be encoded, reported by `send`.
    invalid: Option<RequestError>,
    /// The JSON body as last encoded, so one field can be changed.
    pub(crate) json: Option<(&'static str, Vec<u8>)>,
    /// Whether the body is read as it is sent, so the request can be sent
    /// only once: no retry, no second try with a refreshed token.
    pub(crate) one_shot: bool,
    /// Whether a streamed answer reconnects when it is cut (see [`Request::resume_streams`]).
    pub(crate) resume: bool,
}

/// A piece of an operation's path, as the generator splits the spec's
/// template: text as written, or a parameter's value.
#[derive(Debug, Clone, Copy)]
pub enum PathPart<'a> {
    /// Text of the template (`/customers/`).
    Static(&'static str),
    /// A path parameter, by its name in the spec, and its value as its style
    /// writes it. The value is percent-encoded, so it can never add segments
    /// or a query.
    Param(&'static str, &'a str),
}

/// Characters a value cannot hold as is inside a path segment: the URL
/// standard's path-segment set, plus `%` so a value is never read as an escape.
const PATH_VALUE: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'/')
    .add(b'%');

/// The path of `parts`, each value percent-encoded. A value that would be a
/// whole segment cannot be empty, `.` or `..`, which would change the path.
fn fill_path(parts: &[PathPart<'_>]) -> Result<String, RequestError> {
    let mut path = String::new();
    for (index, part) in parts.iter().enumerate() {
        match part {
            PathPart::Static(text) => path.push_str(text),
            PathPart::Param(name, value) => {
                let opens = index == 0 || matches!(parts[index - 1], PathPart::Static(text) if text.ends_with('/'));
                let closes = parts.get(index + 1).is_none_or(|next| matches!(next, PathPart::Static(text) if text.starts_with('/')));
                if opens && closes && matches!(*value, "" | "." | "..") {
                    return Err(RequestError(format!("path parameter `{name}` cannot be `{value}`")));
                }
                path.extend(percent_encoding::utf8_percent_encode(value, PATH_VALUE));
            }
        }
    }
    Ok(path)
}

impl super::Client {
    /// The request of an operation: `method` to the base URL plus the path
    /// `parts` make. `template` is the path as the spec writes it, for the
    /// tracing span, and the path itself when it has no parameters (`parts`
    /// empty).
    pub fn prepare(&self, method: reqwest::Method, template: &'static str, parts: &[PathPart<'_>]) -> Request {
        let request = Request {
            client: self.clone(),
            method,
            template,
            path: String::new(),
            security: &[],
            query: Query::default(),
            link: None,
            headers: Vec::new(),
            body: None,
            idempotency_header: None,
            extra_headers: reqwest::header::HeaderMap::new(),
            timeout: None,
            deadline: None,
            max_retries: None,
            retry_unsafe: false,
            invalid: None,
            json: None,
            one_shot: false,
            resume: false,
        };
        let path = if parts.is_empty() { Ok(template.to_string()) } else { fill_path(parts) };
        match path {
            Ok(path) => Request { path, ..request },
            Err(error) => request.fail(error),
        }
    }
}

impl Request {
    /// Sets the security requirement: alternatives, each a set of schemes;
    /// the first whose credentials are all configured is applied.
    pub fn set_security(mut self, security: &'static [&'static [&'static str]]) -> Self {
        self.security = security;
        self
    }

    /// Declares the operation's idempotency-key header: the request may then
    /// be retried whatever its method, and carries a fresh key unless the
    /// caller set one.
    pub fn set_idempotency_header(mut self, name: &'static str) -> Self {
        self.idempotency_header = Some(name);
        self
    }

    /// Applies the caller's options, replacing those given before: extra query
    /// parameters replace the operation's of the same name, and extra headers
    /// replace its headers when it is sent.
    pub fn with_options(mut self, options: super::RequestOptions) -> Self {
        for (name, value) in &options.query {
            self.query.set_each(name, [value.as_str()]);
        }
        self.extra_headers.clear();
        for (name, value) in &options.headers {
            let name = match reqwest::header::HeaderName::try_from(name.as_str()) {
                Ok(name) => name,
                Err(e) => return self.fail(RequestError(format!("header name `{name}`: {e}"))),
            };
            match reqwest::header::HeaderValue::try_from(value.as_str()) {
                Ok(value) => self.extra_headers.insert(name, value),
                Err(e) => return self.fail(RequestError(format!("value of header `{name}`: {e}"))),
            };
        }
        self.timeout = options.timeout;
        self.deadline = options.deadline;
        self.max_retries = options.max_retries;
        self.retry_unsafe = options.retry_unsafe;
        self
    }

    /// Sets the `Accept` header.
    pub fn set_accept(self, media_type: &'static str) -> Self {
        self.set_header("accept", media_type)
    }

    /// Sets a header, replacing an earlier value.
    pub fn set_header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        set_named(&mut self.headers, name, value.into());
        self
    }

    /// Sets a cookie in the `Cookie` header, replacing an earlier value.
    pub fn set_cookie(self, name: &'static str, value: impl Into<String>) -> Self {
        let prefix = format!("{name}=");
        let current = self.headers.iter().find(|(header, _)| *header == "cookie").map_or("", |(_, v)| v.as_str());
        let mut pairs: Vec<String> =
            current.split("; ").filter(|pair| !pair.is_empty() && !pair.starts_with(&prefix)).map(String::from).collect();
        pairs.push(format!("{prefix}{}", cookie_value(&value.into())));
        let header = pairs.join("; ");
        self.set_header("cookie", header)
    }

    /// Sets a query parameter, replacing earlier values.
    pub fn set_query(mut self, name: &str, value: impl Into<String>) -> Self {
        self.query.set_each(name, [value]);
        self
    }

    /// The first value of a query parameter, as sent.
    pub fn query_value(&self, name: &str) -> Option<&str> {
        self.query.0.iter().find(|(other, _)| other == name).map(|(_, value)| value.as_str())
    }

    /// Sends to `link`, a next-page link, instead of the path and query; the
    /// method, headers, body, security and options stay.
    pub fn follow_link(mut self, link: reqwest::Url) -> Self {
        self.link = Some(link);
        self
    }

    /// The URL it is sent to.
    pub fn url(&self) -> reqwest::Url {
        if let Some(link) = &self.link {
            return link.clone();
        }
        let mut url = self.client.url(&self.path);
        self.query.apply_to(&mut url);
        url
    }

    /// Sets a query parameter to several values, one `name=value` pair each.
    pub fn set_query_each<V: Into<String>>(mut self, name: &str, values: impl IntoIterator<Item = V>) -> Self {
        self.query.set_each(name, values);
        self
    }

    /// Sets a query parameter as a deep object (`name[key]=value`).
    pub fn set_query_deep_object(mut self, name: &str, value: &impl serde::Serialize) -> Self {
        self.query.set_deep_object(name, value);
        self
    }

    /// Sets a JSON body.
    pub fn json_body(self, media_type: &'static str, body: &impl serde::Serialize) -> Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => {
                let mut request = self.bytes_body(media_type, bytes.clone());
                request.json = Some((media_type, bytes));
                request
            }
            Err(e) => self.fail(RequestError(format!("body is not valid JSON: {e}"))),
        }
    }

    /// Sets one top-level field of the JSON object body (the switch that asks
    /// an operation to stream its answer), making the body `{field: value}`
    /// when none was given.
    pub fn set_json_field(self, media_type: &'static str, field: &'static str, value: impl Into<serde_json::Value>) -> Self {
        let mut body = match &self.json {
            Some((_, bytes)) => match serde_json::from_slice(bytes) {
                Ok(serde_json::Value::Object(fields)) => fields,
                _ => return self.fail(RequestError(format!("cannot set `{field}`: the body is not a JSON object"))),
            },
            None => serde_json::Map::new(),
        };
        body.insert(field.to_string(), value.into());
        let media_type = self.json.as_ref().map_or(media_type, |(media_type, _)| media_type);
        self.json_body(media_type, &body)
    }

    /// Lets a streamed answer reconnect when its connection is cut: the
    /// request is sent again with `Last-Event-ID` set to the last event's id,
    /// after the delay the server last asked for with `retry`. Only for
    /// operations safe to send twice.
    pub fn resume_streams(mut self) -> Self {
        self.resume = true;
        self
    }

    /// Sets a body of raw bytes or text.
    pub fn bytes_body(mut self, media_type: &'static str, bytes: impl Into<Vec<u8>>) -> Self {
        let bytes = bytes.into();
        self.json = None;
        self.body = Some(std::sync::Arc::new(move |request| {
            Ok(request.header(reqwest::header::CONTENT_TYPE, media_type).body(bytes.clone()))
        }));
        self
    }

    /// Sets an `application/x-www-form-urlencoded` body. Nested objects and
    /// arrays use bracket keys (`metadata[plan]=gold`, `items[0][price]=5`), as
    /// form APIs such as Stripe's expect; `null` fields are left out.
    pub fn form_body(self, body: &impl serde::Serialize) -> Self {
        match form_text(body) {
            Ok(text) => self.bytes_body("application/x-www-form-urlencoded", text),
            Err(error) => self.fail(error),
        }
    }

    pub(crate) fn fail(mut self, error: RequestError) -> Self {
        self.invalid.get_or_insert(error);
        self
    }

    /// Sends the request and reads the whole response, retrying what is safe
    /// and worth retrying (see [`super::retry`]). A span records the method,
    /// the path template, each attempt, the final status and the time taken;
    /// never a value, a header or a body.
    pub async fn send(self) -> Result<Received, SendError> {
        match self.exchange(false).await? {
            Answer::Whole(received) => Ok(received),
            Answer::Streaming(opened) => (*opened).read_whole().await,
        }
    }

    /// Sends the request as [`send`](Self::send) does, but leaves the body of
    /// a success unread, to be streamed; any other answer is read whole. The
    /// timeout bounds the wait for the answer to start, not the stream.
    pub async fn open(self) -> Result<Answer, SendError> {
        self.exchange(true).await
    }

    async fn exchange(mut self, stream: bool) -> Result<Answer, SendError> {
        if let Some(error) = self.invalid.take() {
            return Err(SendError::Invalid(error));
        }
        let url = self.url();
        // Generated crates support Rust 1.85, which has no `let` chains.
        let unkeyed = |header: &str| !self.headers.iter().any(|(name, _)| name.eq_ignore_ascii_case(header));
        if let Some(header) = self.idempotency_header.filter(|header| unkeyed(header)) {
            self = self.set_header(header, super::retry::new_idempotency_key());
        }
        let client = self.client.clone();
        let policy = client.retry_policy();
        let keyed = self.idempotency_header.is_some();
        let repeatable = self.retry_unsafe || super::retry::is_safe_to_repeat(&self.method, keyed);
        let retries = if repeatable && !self.one_shot { self.max_retries.unwrap_or(policy.max_retries) } else { 0 };
        let span = tracing::debug_span!(
            "request",
            method = %self.method,
            path = self.template,
            attempt = tracing::field::Empty,
            status = tracing::field::Empty,
            elapsed_ms = tracing::field::Empty,
        );
        let started = std::time::Instant::now();
        let deadline = self.deadline.unwrap_or_else(|| self.client.deadline());
        let mut attempt = 1;
        let outcome = loop {
            span.record("attempt", attempt);
            let sent = tracing::Instrument::instrument(self.attempt(url.clone(), attempt, stream), span.clone());
            let outcome = match deadline {
                None => sent.await,
                Some(limit) => match tokio::time::timeout(limit.saturating_sub(started.elapsed()), sent).await {
                    Ok(outcome) => outcome,
                    Err(_) => break Err(SendError::Deadline { deadline: limit, attempts: attempt }),
                },
            };
            let retry_after = match &outcome {
                Ok(Answer::Whole(received)) if policy.retries_status(received.status) => {
                    super::retry::retry_after(&received.headers, std::time::SystemTime::now())
                }
                Err(SendError::Transport { source, .. }) if super::retry::is_retryable_transport(source) => None,
                _ => break outcome,
            };
            if attempt > retries {
                break outcome;
            }
            let delay = policy.delay(attempt, retry_after, fastrand::f64());
            // A retry that would start after the deadline is not made: the
            // last answer is worth more than a deadline error.
            if deadline.is_some_and(|limit| started.elapsed() + delay >= limit) {
                break outcome;
            }
            span.in_scope(|| tracing::debug!(attempt, delay_ms = delay.as_millis(), "retrying"));
            tokio::time::sleep(delay).await;
            attempt += 1;
        };
        span.record("elapsed_ms", started.elapsed().as_millis());
        if let Ok(answer) = &outcome {
            span.record("status", answer.status().as_u16());
        }
        outcome
    }

    /// Attempt number `attempts`. When the server refuses a token a provider
    /// gave (`401`), the provider is told and the request is sent once more
    /// with its next token, within the same attempt.
    async fn attempt(&self, url: reqwest::Url, attempts: u32, stream: bool) -> Result<Answer, SendError> {
        let providers = self.client.token_providers(self.security);
        let (answer, tokens) = self.attempt_with_tokens(url.clone(), attempts, &providers, stream).await?;
        if answer.status() != reqwest::StatusCode::UNAUTHORIZED || tokens.is_empty() || self.one_shot {
            return Ok(answer);
        }
        for ((provider, _), token) in providers.iter().zip(&tokens) {
            provider.refused(token).await;
        }
        tracing::debug!("the server refused the provided token; sending again with a new one");
        self.attempt_with_tokens(url, attempts, &providers, stream).await.map(|(answer, _)| answer)
    }

    /// One send of attempt number `attempts`: the request as the client, the
    /// operation, the caller's options and the providers' current tokens make
    /// it, and the whole response, body included, so that a connection cut
    /// off mid-body fails the attempt; or, when `stream` is set and the
    /// status is a success, the response with its body still to come. Also
    /// the tokens it carried.
    async fn attempt_with_tokens(
        &self,
        url: reqwest::Url,
        attempts: u32,
        providers: &[(std::sync::Arc<dyn super::TokenProvider>, super::credential::Place)],
        stream: bool,
    ) -> Result<(Answer, Vec<String>), SendError> {
        let transport = |source| SendError::Transport { source, attempts };
        let mut request = self.client.request(self.method.clone(), url, self.security);
        let mut tokens = Vec::with_capacity(providers.len());
        for (provider, place) in providers {
            let token = provider.token().await.map_err(|source| SendError::Credential { source, attempts })?;
            request = place.apply(request, &token);
            tokens.push(token);
        }
        for (name, value) in &self.headers {
            request = request.header(*name, value);
        }
        if let Some(body) = &self.body {
            request = body(request).map_err(SendError::Invalid)?;
        }
        let mut request = request.build().map_err(transport)?;
        for (name, value) in &self.extra_headers {
            request.headers_mut().insert(name, value.clone());
        }
        if let Some(timeout) = self.timeout {
            *request.timeout_mut() = timeout;
        }
        // reqwest's timeout would cut a stream that outlives it, so a stream
        // waits only for its start within it.
        let head_timeout = if stream { request.timeout_mut().take() } else { None };
        let sent = self.client.send_once(request);
        let response = match head_timeout {
            None => sent.await,
            Some(timeout) => tokio::time::timeout(timeout, sent)
                .await
                .map_err(|_| SendError::NotStarted { timeout, attempts })?,
        };
        let response = response.map_err(|failure| match failure {
            super::transport::Failure::Http(source) => transport(source),
            super::transport::Failure::Middleware(source) => SendError::Middleware { source, attempts },
        })?;
        let request_id_header = self.client.request_id_header();
        let status = response.status();
        let headers = response.headers().clone();
        if stream && status.is_success() {
            let resume = self.resume.then(|| self.clone());
            let head = Head { status, headers, attempts, request_id_header };
            let opened = Opened { head, response, resume };
            return Ok((Answer::Streaming(Box::new(opened)), tokens));
        }
        let body = response.bytes().await.map_err(transport)?;
        let received = Received { status, headers, body: body.into(), attempts, request_id_header };
        Ok((Answer::Whole(received), tokens))
    }
}

impl std::fmt::Debug for Request {
    // Values are left out: a header or cookie parameter may hold a secret.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names = |pairs: &[(&'static str, String)]| pairs.iter().map(|(name, _)| *name).collect::<Vec<_>>();
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("path", &self.template)
            .field("query", &self.query.0.iter().map(|(name, _)| name).collect::<Vec<_>>())
            .field("headers", &names(&self.headers))
            .field("extra_headers", &self.extra_headers.keys().collect::<Vec<_>>())
            .field("timeout", &self.timeout)
            .field("deadline", &self.deadline)
            .field("max_retries", &self.max_retries)
            .field("retry_non_idempotent", &self.retry_unsafe)
            .finish_non_exhaustive()
    }
}

/// Sets `name` to `value` in a list of named values, replacing an earlier one.
fn set_named(values: &mut Vec<(&'static str, String)>, name: &'static str, value: String) {
    values.retain(|(other, _)| *other != name);
    values.push((name, value));
}

/// A value percent-encoded as a cookie may hold it.
fn cookie_value(value: &str) -> String {
    // Form encoding writes a space as `+`, which a cookie would keep literally.
    let value: String = url::form_urlencoded::byte_serialize(value.as_bytes()).collect();
    value.replace('+', "%20")
}

/// Query parameters, each in the order it was last set.
#[derive(Debug, Clone, Default)]
pub(crate) struct Query(pub(crate) Vec<(String, String)>);

impl Query {
    /// Replaces the values of `name`.
    fn set_each<V: Into<String>>(&mut self, name: &str, values: impl IntoIterator<Item = V>) {
        self.0.retain(|(other, _)| other != name);
        self.0.extend(values.into_iter().map(|value| (name.to_string(), value.into())));
    }

    /// Replaces `name[key]=value` for each property, nested as deep as the value goes.
    pub(crate) fn set_deep_object(&mut self, name: &str, value: &impl serde::Serialize) {
        let prefix = format!("{name}[");
        self.0.retain(|(other, _)| other != name && !other.starts_with(&prefix));
        match serde_json::to_value(value) {
            Ok(value) => self.push_json(name.to_string(), &value),
            Err(_) => self.0.push((name.to_string(), String::new())),
        }
    }

    fn push_json(&mut self, name: String, value: &serde_json::Value) {
        match value {
            serde_json::Value::Object(map) => {
                for (key, value) in map {
                    self.push_json(format!("{name}[{key}]"), value);
                }
            }
            serde_json::Value::Array(items) => {
                for (index, value) in items.iter().enumerate() {
                    self.push_json(format!("{name}[{index}]"), value);
                }
            }
            serde_json::Value::Null => {}
            serde_json::Value::String(text) => self.0.push((name, text.clone())),
            other => self.0.push((name, other.to_string())),
        }
    }

    fn apply_to(&self, url: &mut reqwest::Url) {
        if !self.0.is_empty() {
            url.query_pairs_mut().extend_pairs(&self.0);
        }
    }
}

/// The JSON text of a value, for parameters whose schema is not a scalar.
pub fn json_text(value: &impl serde::Serialize) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// A form body's text; see [`Request::form_body`].
fn form_text(body: &impl serde::Serialize) -> Result<String, RequestError> {
    let value = serde_json::to_value(body).map_err(|e| RequestError(format!("body cannot be form-encoded: {e}")))?;
    let serde_json::Value::Object(fields) = value else {
        return Err(RequestError("a form body must be an object".into()));
    };
    let mut pairs = Query::default();
    for (name, value) in &fields {
        pairs.push_json(name.clone(), value);
    }
    Ok(url::form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs.0).finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The encoded pairs, sorted: field order follows serde_json's map order,
    /// which depends on whether its `preserve_order` feature is on in the build.
    fn form_pairs(body: &serde_json::Value) -> Vec<String> {
        let mut pairs: Vec<String> = form_text(body).unwrap().split('&').map(str::to_string).collect();
        pairs.sort();
        pairs
    }

    #[test]
    fn form_bodies_flatten_nested_values_with_brackets() {
        let body = serde_json::json!({
            "plan": "PLN 1&2", "metadata": {"tier": "gold"}, "items": [{"price": 5}], "gone": null, "on": true
        });
        assert_eq!(
            form_pairs(&body),
            ["items%5B0%5D%5Bprice%5D=5", "metadata%5Btier%5D=gold", "on=true", "plan=PLN+1%262"]
        );
    }

    #[test]
    fn a_form_body_must_be_an_object() {
        assert!(form_text(&serde_json::json!([1])).is_err());
    }


    #[test]
    fn queries_encode_and_an_empty_query_adds_nothing() {
        let mut url = reqwest::Url::parse("http://127.0.0.1/a").unwrap();
        Query::default().apply_to(&mut url);
        assert_eq!(url.as_str(), "http://127.0.0.1/a");

        let mut query = Query::default();
        query.set_each("from", ["2016-09-21T00:00:00+01:00"]);
        query.set_deep_object("card", &serde_json::json!({"tags": ["a", "b"]}));
        query.apply_to(&mut url);
        assert_eq!(url.query(), Some("from=2016-09-21T00%3A00%3A00%2B01%3A00&card%5Btags%5D%5B0%5D=a&card%5Btags%5D%5B1%5D=b"));
    }

    #[test]
    fn setting_a_query_parameter_again_replaces_its_values() {
        let mut query = Query::default();
        query.set_each("page", ["1"]);
        query.set_each("tag", ["a", "b"]);
        query.set_deep_object("card", &serde_json::json!({"tier": "gold", "on": true}));
        query.set_each("page", ["2"]);
        query.set_each("tag", ["c"]);
        query.set_deep_object("card", &serde_json::json!({"tier": "silver"}));
        assert_eq!(
            query.0,
            [("page", "2"), ("tag", "c"), ("card[tier]", "silver")].map(|(n, v)| (n.to_string(), v.to_string()))
        );
    }
}
