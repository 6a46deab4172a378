//! Request and response plumbing shared by every operation.
//!
//! A generated crate carries only the helpers its operations use, so each item
//! names what it needs by path instead of through shared imports.

/// A request that could not be built; becomes [`Error::InvalidRequest`](crate::Error::InvalidRequest).
#[derive(Debug, Clone)]
pub(crate) struct RequestError(pub(crate) String);

impl<E> From<RequestError> for crate::Error<E> {
    fn from(error: RequestError) -> Self {
        crate::Error::InvalidRequest(error.0)
    }
}

/// Why [`Request::send`] got no response; becomes the operation's [`Error`](crate::Error).
pub(crate) enum SendError {
    Invalid(RequestError),
    Transport { source: reqwest::Error, attempts: u32 },
}

impl<E> From<SendError> for crate::Error<E> {
    fn from(error: SendError) -> Self {
        match error {
            SendError::Invalid(error) => error.into(),
            SendError::Transport { source, attempts } => {
                crate::Error::Transport(Box::new(crate::TransportError { source, attempts }))
            }
        }
    }
}

/// Sets a body on the `reqwest` request of each send.
type BodyWriter =
    std::sync::Arc<dyn Fn(reqwest::RequestBuilder) -> Result<reqwest::RequestBuilder, RequestError> + Send + Sync>;

/// An operation's request as its builder fills it in: every value is encoded
/// when it is given, so the request can be sent again as it is.
#[derive(Clone)]
pub(crate) struct Request<'a> {
    client: &'a crate::Client,
    method: reqwest::Method,
    /// The path as the spec writes it, with a `{name}` per path parameter.
    path: &'static str,
    path_params: Vec<(&'static str, String)>,
    /// Alternatives, each a set of security schemes that must all be applied.
    security: &'static [&'static [&'static str]],
    query: Query,
    /// A next-page link to send to instead of the path and query.
    link: Option<reqwest::Url>,
    headers: Vec<(&'static str, String)>,
    body: Option<BodyWriter>,
    /// The idempotency-key header the operation declares, if any.
    idempotency_header: Option<&'static str>,
    /// The caller's headers, which replace the operation's of the same name.
    extra_headers: reqwest::header::HeaderMap,
    /// The caller's per-attempt timeout, if it overrides the client's.
    timeout: Option<Option<std::time::Duration>>,
    /// The caller's retry count, if it overrides the client's.
    max_retries: Option<u32>,
    /// Whether the caller allows retrying a method that is not idempotent.
    retry_unsafe: bool,
    /// The first value that could not be encoded, reported by `send`.
    invalid: Option<RequestError>,
}

impl crate::Client {
    /// The request of an operation: `method` to the base URL plus `path` (its
    /// parameters set with [`Request::set_path_param`]).
    pub(crate) fn prepare(&self, method: reqwest::Method, path: &'static str) -> Request<'_> {
        Request {
            client: self,
            method,
            path,
            path_params: Vec::new(),
            security: &[],
            query: Query::default(),
            link: None,
            headers: Vec::new(),
            body: None,
            idempotency_header: None,
            extra_headers: reqwest::header::HeaderMap::new(),
            timeout: None,
            max_retries: None,
            retry_unsafe: false,
            invalid: None,
        }
    }
}

impl Request<'_> {
    /// Sets the value of the path's `{name}`; it is percent-encoded as part of
    /// one path segment, so it can never add segments or a query.
    pub(crate) fn set_path_param(mut self, name: &'static str, value: impl Into<String>) -> Self {
        set_named(&mut self.path_params, name, value.into());
        self
    }

    /// Sets the security requirement: alternatives, each a set of schemes;
    /// the first whose credentials are all configured is applied.
    pub(crate) fn set_security(mut self, security: &'static [&'static [&'static str]]) -> Self {
        self.security = security;
        self
    }

    /// Declares the operation's idempotency-key header: the request may then
    /// be retried whatever its method, and carries a fresh key unless the
    /// caller set one.
    pub(crate) fn set_idempotency_header(mut self, name: &'static str) -> Self {
        self.idempotency_header = Some(name);
        self
    }

    /// Applies the caller's options, replacing those given before: extra query
    /// parameters replace the operation's of the same name, and extra headers
    /// replace its headers when it is sent.
    pub(crate) fn with_options(mut self, options: crate::RequestOptions) -> Self {
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
        self.max_retries = options.max_retries;
        self.retry_unsafe = options.retry_unsafe;
        self
    }

    /// Sets the `Accept` header.
    pub(crate) fn set_accept(self, media_type: &'static str) -> Self {
        self.set_header("accept", media_type)
    }

    /// Sets a header, replacing an earlier value.
    pub(crate) fn set_header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        set_named(&mut self.headers, name, value.into());
        self
    }

    /// Sets a cookie in the `Cookie` header, replacing an earlier value.
    pub(crate) fn set_cookie(self, name: &'static str, value: impl Into<String>) -> Self {
        let prefix = format!("{name}=");
        let current = self.headers.iter().find(|(header, _)| *header == "cookie").map_or("", |(_, v)| v.as_str());
        let mut pairs: Vec<String> =
            current.split("; ").filter(|pair| !pair.is_empty() && !pair.starts_with(&prefix)).map(String::from).collect();
        pairs.push(format!("{prefix}{}", cookie_value(&value.into())));
        let header = pairs.join("; ");
        self.set_header("cookie", header)
    }

    /// Sets a query parameter, replacing earlier values.
    pub(crate) fn set_query(mut self, name: &str, value: impl Into<String>) -> Self {
        self.query.set_each(name, [value]);
        self
    }

    /// The first value of a query parameter, as sent.
    pub(crate) fn query_value(&self, name: &str) -> Option<&str> {
        self.query.0.iter().find(|(other, _)| other == name).map(|(_, value)| value.as_str())
    }

    /// Sends to `link`, a next-page link, instead of the path and query; the
    /// method, headers, body, security and options stay.
    pub(crate) fn follow_link(mut self, link: reqwest::Url) -> Self {
        self.link = Some(link);
        self
    }

    /// The URL it is sent to.
    pub(crate) fn url(&self) -> Result<reqwest::Url, RequestError> {
        if let Some(link) = &self.link {
            return Ok(link.clone());
        }
        let mut url = self.fill_path()?;
        self.query.apply_to(&mut url);
        Ok(url)
    }

    /// Sets a query parameter to several values, one `name=value` pair each.
    pub(crate) fn set_query_each<V: Into<String>>(mut self, name: &str, values: impl IntoIterator<Item = V>) -> Self {
        self.query.set_each(name, values);
        self
    }

    /// Sets a query parameter as a deep object (`name[key]=value`).
    pub(crate) fn set_query_deep_object(mut self, name: &str, value: &impl serde::Serialize) -> Self {
        self.query.set_deep_object(name, value);
        self
    }

    /// Sets a JSON body.
    pub(crate) fn json_body(self, media_type: &'static str, body: &impl serde::Serialize) -> Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.bytes_body(media_type, bytes),
            Err(e) => self.fail(RequestError(format!("body is not valid JSON: {e}"))),
        }
    }

    /// Sets a body of raw bytes or text.
    pub(crate) fn bytes_body(mut self, media_type: &'static str, bytes: impl Into<Vec<u8>>) -> Self {
        let bytes = bytes.into();
        self.body = Some(std::sync::Arc::new(move |request| {
            Ok(request.header(reqwest::header::CONTENT_TYPE, media_type).body(bytes.clone()))
        }));
        self
    }

    /// Sets an `application/x-www-form-urlencoded` body. Nested objects and
    /// arrays use bracket keys (`metadata[plan]=gold`, `items[0][price]=5`), as
    /// form APIs such as Stripe's expect; `null` fields are left out.
    pub(crate) fn form_body(self, body: &impl serde::Serialize) -> Self {
        match form_text(body) {
            Ok(text) => self.bytes_body("application/x-www-form-urlencoded", text),
            Err(error) => self.fail(error),
        }
    }

    /// Sets a `multipart/form-data` body, built anew for each send.
    pub(crate) fn multipart_body<F: IntoForm + Clone + Send + Sync + 'static>(mut self, form: F) -> Self {
        self.body = Some(std::sync::Arc::new(move |request| Ok(request.multipart(form.clone().into_form()?))));
        self
    }

    /// The URL: the base URL plus the path, each `{name}` replaced by its value.
    fn fill_path(&self) -> Result<reqwest::Url, RequestError> {
        let mut segments = Vec::new();
        for template in self.path.split('/').filter(|segment| !segment.is_empty()) {
            let mut segment = String::new();
            let mut rest = template;
            while let Some((before, after)) = rest.split_once('{') {
                let Some((name, after)) = after.split_once('}') else { break };
                let value = self.path_params.iter().find(|(param, _)| *param == name);
                let (_, value) = value.ok_or_else(|| RequestError(format!("path parameter `{name}` is not set")))?;
                segment.push_str(before);
                segment.push_str(value);
                rest = after;
            }
            segment.push_str(rest);
            segments.push(segment);
        }
        self.client.url(&segments.iter().map(String::as_str).collect::<Vec<_>>())
    }

    fn fail(mut self, error: RequestError) -> Self {
        self.invalid.get_or_insert(error);
        self
    }

    /// Sends the request and reads the whole response, retrying what is safe
    /// and worth retrying (see [`crate::retry`]). A span records the method,
    /// the path template, each attempt, the final status and the time taken;
    /// never a value, a header or a body.
    pub(crate) async fn send(mut self) -> Result<Received, SendError> {
        if let Some(error) = self.invalid.take() {
            return Err(SendError::Invalid(error));
        }
        let url = self.url().map_err(SendError::Invalid)?;
        // Generated crates support Rust 1.85, which has no `let` chains.
        let unkeyed = |header: &str| !self.headers.iter().any(|(name, _)| name.eq_ignore_ascii_case(header));
        if let Some(header) = self.idempotency_header.filter(|header| unkeyed(header)) {
            self = self.set_header(header, crate::retry::new_idempotency_key());
        }
        let policy = *self.client.retry_policy();
        let keyed = self.idempotency_header.is_some();
        let repeatable = self.retry_unsafe || crate::retry::is_safe_to_repeat(&self.method, keyed);
        let retries = if repeatable { self.max_retries.unwrap_or(policy.max_retries) } else { 0 };
        let span = tracing::debug_span!(
            "request",
            method = %self.method,
            path = self.path,
            attempt = tracing::field::Empty,
            status = tracing::field::Empty,
            elapsed_ms = tracing::field::Empty,
        );
        let started = std::time::Instant::now();
        let mut attempt = 1;
        let outcome = loop {
            span.record("attempt", attempt);
            let outcome = tracing::Instrument::instrument(self.attempt(url.clone(), attempt), span.clone()).await;
            let retry_after = match &outcome {
                Ok(received) if crate::retry::is_retryable_status(received.status) => {
                    crate::retry::retry_after(&received.headers, std::time::SystemTime::now())
                }
                Err(SendError::Transport { source, .. }) if crate::retry::is_retryable_transport(source) => None,
                _ => break outcome,
            };
            if attempt > retries {
                break outcome;
            }
            let delay = policy.delay(attempt, retry_after, fastrand::f64());
            span.in_scope(|| tracing::debug!(attempt, delay_ms = delay.as_millis(), "retrying"));
            tokio::time::sleep(delay).await;
            attempt += 1;
        };
        span.record("elapsed_ms", started.elapsed().as_millis());
        if let Ok(received) = &outcome {
            span.record("status", received.status.as_u16());
        }
        outcome
    }

    /// Attempt number `attempts`: the request as the client, the operation and
    /// the caller's options make it, and the whole response, body included, so
    /// that a connection cut off mid-body fails the attempt.
    async fn attempt(&self, url: reqwest::Url, attempts: u32) -> Result<Received, SendError> {
        let transport = |source| SendError::Transport { source, attempts };
        let mut request = self.client.request(self.method.clone(), url, self.security);
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
        let response = self.client.send_once(request).await.map_err(transport)?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(transport)?;
        Ok(Received { status, headers, body: body.into(), attempts })
    }
}

impl std::fmt::Debug for Request<'_> {
    // Values are left out: a header or cookie parameter may hold a secret.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names = |pairs: &[(&'static str, String)]| pairs.iter().map(|(name, _)| *name).collect::<Vec<_>>();
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("path_params", &names(&self.path_params))
            .field("query", &self.query.0.iter().map(|(name, _)| name).collect::<Vec<_>>())
            .field("headers", &names(&self.headers))
            .field("extra_headers", &self.extra_headers.keys().collect::<Vec<_>>())
            .field("timeout", &self.timeout)
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

/// A multipart body type: its fields as `multipart/form-data` parts.
pub(crate) trait IntoForm {
    fn into_form(self) -> Result<reqwest::multipart::Form, RequestError>;
}

/// Query parameters, each in the order it was last set.
#[derive(Debug, Clone, Default)]
pub(crate) struct Query(Vec<(String, String)>);

impl Query {
    /// Replaces the values of `name`.
    fn set_each<V: Into<String>>(&mut self, name: &str, values: impl IntoIterator<Item = V>) {
        self.0.retain(|(other, _)| other != name);
        self.0.extend(values.into_iter().map(|value| (name.to_string(), value.into())));
    }

    /// Replaces `name[key]=value` for each property, nested as deep as the value goes.
    fn set_deep_object(&mut self, name: &str, value: &impl serde::Serialize) {
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
pub(crate) fn json_text(value: &impl serde::Serialize) -> String {
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

/// A `multipart/form-data` part holding a value as JSON.
pub(crate) fn json_part(value: &impl serde::Serialize) -> Result<reqwest::multipart::Part, RequestError> {
    let bytes = serde_json::to_vec(value).map_err(|e| RequestError(format!("form field is not valid JSON: {e}")))?;
    reqwest::multipart::Part::bytes(bytes)
        .mime_str("application/json")
        .map_err(|e| RequestError(e.to_string()))
}

/// `value` as one text part per leaf, named with brackets like a form body's
/// keys (`meta[plan]`, `expand[0]`).
pub(crate) fn deep_object_parts(
    form: reqwest::multipart::Form,
    name: &str,
    value: &impl serde::Serialize,
) -> reqwest::multipart::Form {
    let mut pairs = Query::default();
    pairs.set_deep_object(name, value);
    pairs.0.into_iter().fold(form, |form, (name, value)| form.text(name, value))
}

/// A whole response, read within its attempt.
pub(crate) struct Received {
    status: reqwest::StatusCode,
    headers: reqwest::header::HeaderMap,
    body: Vec<u8>,
    /// How many times the request was sent, retries included.
    attempts: u32,
}

impl Received {
    pub(crate) fn status(&self) -> reqwest::StatusCode {
        self.status
    }

    /// The operation's result from its decoded `value`, with the status and
    /// headers when it is a success.
    pub(crate) fn respond<T, E>(self, value: Result<T, crate::Error<E>>) -> Result<crate::Response<T>, crate::Error<E>> {
        value.map(|value| crate::Response::from_parts(self.status, self.headers, self.attempts, value))
    }
}

/// Decodes a JSON success body; any failure keeps the status, headers and body.
pub(crate) fn json<T: serde::de::DeserializeOwned, E>(response: &Received) -> Result<T, crate::Error<E>> {
    serde_json::from_slice(&response.body).map_err(|source| {
        crate::Error::Decode(Box::new(crate::DecodeError {
            status: response.status,
            headers: response.headers.clone(),
            body: response.body.clone(),
            source,
            attempts: response.attempts,
        }))
    })
}

pub(crate) fn text<E>(response: &Received) -> Result<String, crate::Error<E>> {
    Ok(String::from_utf8_lossy(&response.body).into_owned())
}

pub(crate) fn bytes<E>(response: &Received) -> Result<Vec<u8>, crate::Error<E>> {
    Ok(response.body.clone())
}

/// A success response without a declared body: the body is dropped.
pub(crate) fn empty<E>(_response: &Received) -> Result<(), crate::Error<E>> {
    Ok(())
}

/// The variant of an open string enum that `value` names, read through the
/// enum's own serde derive, so each value is spelled once (in its `rename`);
/// `unknown` keeps any other value.
pub(crate) fn enum_from_str<'de, T: serde::Deserialize<'de>>(value: &'de str, unknown: fn(String) -> T) -> T {
    let deserializer = serde::de::value::BorrowedStrDeserializer::<serde::de::value::Error>::new(value);
    T::deserialize(deserializer).unwrap_or_else(|_| unknown(value.to_string()))
}

/// For optional fields of any JSON value: a `null` that is present is kept as
/// `Some(Value::Null)`, distinct from a missing field (`None`).
pub(crate) fn keep_null<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<serde_json::Value>, D::Error> {
    serde::Deserialize::deserialize(deserializer).map(Some)
}

// The failure helpers return a `Result` that is always `Err`, so each match arm
// of an operation reads as one call, whatever the success type.

/// An operation's error enum: reads a failure response into the variant for
/// its status.
pub(crate) trait FromFailure: Sized {
    fn from_failure<T>(response: &Received) -> Result<T, crate::Error<Self>>;
}

/// A failure response, read by the operation's error enum (inferred from the
/// operation's result type).
pub(crate) fn read_error<T, E: FromFailure>(response: &Received) -> Result<T, crate::Error<E>> {
    E::from_failure(response)
}

/// A failure response whose body the spec does not declare: kept as bytes.
pub(crate) fn api_error<T, E>(response: &Received) -> Result<T, crate::Error<E>> {
    failure(response, |_| None)
}

/// A failure response with a JSON body, decoded and wrapped by `wrap` (an
/// error enum's variant) when it matches the declared schema.
pub(crate) fn json_error<T, B: serde::de::DeserializeOwned, E>(
    response: &Received,
    wrap: impl FnOnce(B) -> E,
) -> Result<T, crate::Error<E>> {
    failure(response, |body| serde_json::from_slice(body).ok().map(wrap))
}

/// A failure response with a text body, wrapped by `wrap` when it is UTF-8.
pub(crate) fn text_error<T, E>(
    response: &Received,
    wrap: impl FnOnce(String) -> E,
) -> Result<T, crate::Error<E>> {
    failure(response, |body| String::from_utf8(body.to_vec()).ok().map(wrap))
}

/// A failure response with a binary body, wrapped by `wrap`.
pub(crate) fn bytes_error<T, E>(
    response: &Received,
    wrap: impl FnOnce(Vec<u8>) -> E,
) -> Result<T, crate::Error<E>> {
    failure(response, |body| Some(wrap(body.to_vec())))
}

/// A failure response, with its body decoded by `parse` when possible.
fn failure<T, E>(response: &Received, parse: impl FnOnce(&[u8]) -> Option<E>) -> Result<T, crate::Error<E>> {
    Err(crate::Error::Api(Box::new(crate::ApiError {
        status: response.status,
        headers: response.headers.clone(),
        parsed: parse(&response.body),
        body: response.body.clone(),
        attempts: response.attempts,
    })))
}

/// A tagged union's `value`, decoded as the member its tag names and wrapped in
/// that member's variant.
pub(crate) fn tagged_variant<T: serde::de::DeserializeOwned, U, E: serde::de::Error>(
    value: serde_json::Value,
    wrap: impl FnOnce(T) -> U,
) -> Result<U, E> {
    serde_json::from_value(value).map(wrap).map_err(E::custom)
}

/// A JSON number without a fraction, as an integer union member accepts.
pub(crate) fn is_integer(value: &serde_json::Value) -> bool {
    value.is_i64() || value.is_u64()
}

/// Any JSON value, as an untyped union member accepts.
pub(crate) fn is_any(_value: &serde_json::Value) -> bool {
    true
}

/// What a union member looks like on the wire: enough to pick the member a
/// value was meant for when trying members in order would pick the wrong one.
pub(crate) struct Shape {
    /// Whether the value is of the member's JSON kind.
    kind: fn(&serde_json::Value) -> bool,
    /// Properties the member requires.
    required: &'static [&'static str],
    /// The other properties it declares.
    optional: &'static [&'static str],
    /// Properties whose string value is one of a closed set, with the set.
    enumerated: &'static [(&'static str, &'static [&'static str])],
    /// The same, for properties of its object properties, by JSON pointer (`/definition/type`).
    nested: &'static [(&'static str, &'static [&'static str])],
}

impl Shape {
    /// An object member, by the properties it requires and the others it declares.
    pub(crate) const fn object(required: &'static [&'static str], optional: &'static [&'static str]) -> Self {
        Shape { kind: serde_json::Value::is_object, required, optional, enumerated: &[], nested: &[] }
    }

    /// A member that is not an object: any value `kind` accepts.
    pub(crate) const fn of_kind(kind: fn(&serde_json::Value) -> bool) -> Self {
        Shape { kind, required: &[], optional: &[], enumerated: &[], nested: &[] }
    }

    /// The same member, with properties that allow only the values listed.
    pub(crate) const fn with_values(self, enumerated: &'static [(&'static str, &'static [&'static str])]) -> Self {
        Shape { enumerated, ..self }
    }

    /// The same member, with properties of its properties that allow only the values listed.
    pub(crate) const fn with_nested_values(self, nested: &'static [(&'static str, &'static [&'static str])]) -> Self {
        Shape { nested, ..self }
    }

    /// How well `value` fits, or `None` if it cannot be this member: enumerated
    /// properties present count first, then declared properties present. An
    /// object fits only with the member's required properties, enumerated
    /// properties that hold one of their values, none of the
    /// union's `tags` the member does not declare (a `type` no member allows
    /// is an unknown kind, not the member without a `type`), and, unless it is
    /// empty, at least one property the member declares.
    fn fit(&self, value: &serde_json::Value, tags: &[&str]) -> Option<(usize, usize)> {
        use serde_json::Value;
        if !(self.kind)(value) {
            return None;
        }
        // `null` is no value of the enum, and no sign of another member either: a nullable enum holds it.
        let allowed = |value: &Value, values: &[&str]| value.is_null() || value.as_str().is_some_and(|text| values.contains(&text));
        if !self.nested.iter().all(|(pointer, values)| value.pointer(pointer).is_none_or(|value| allowed(value, values))) {
            return None;
        }
        let nested = self.nested.iter().filter(|(pointer, _)| value.pointer(pointer).is_some()).count();
        let Value::Object(map) = value else { return Some((nested, 0)) };
        let declares = |name: &str| self.required.contains(&name) || self.optional.contains(&name) || self.enumerated.iter().any(|(c, _)| *c == name);
        if !self.required.iter().all(|name| map.contains_key(*name)) {
            return None;
        }
        if !self.enumerated.iter().all(|(name, values)| map.get(*name).is_none_or(|value| allowed(value, values))) {
            return None;
        }
        // A member whose properties are not known (a nested union) declares nothing and is not ruled out.
        let declared_any = self.required.len() + self.optional.len() + self.enumerated.len() > 0;
        if declared_any && tags.iter().any(|tag| map.contains_key(*tag) && !declares(tag)) {
            return None;
        }
        if declared_any && !map.is_empty() && !map.keys().any(|key| declares(key)) {
            return None;
        }
        let enumerated = self.enumerated.iter().filter(|(name, _)| map.contains_key(*name)).count() + nested;
        let optional = self.optional.iter().filter(|name| map.contains_key(**name)).count();
        Some((enumerated, self.required.len() + optional))
    }
}

/// The members `value` fits, best fit first (by [`Shape::fit`], ties in
/// declaration order). None fitting means the value is of a kind the spec does
/// not describe; the union keeps it as it is rather than guess a member.
pub(crate) fn union_candidates(value: &serde_json::Value, shapes: &[Shape]) -> Vec<usize> {
    // A property some member fixes to one value is a tag.
    let mut tags: Vec<&str> =
        shapes.iter().flat_map(|shape| shape.enumerated.iter()).filter(|(_, values)| values.len() == 1).map(|(name, _)| *name).collect();
    tags.sort_unstable();
    tags.dedup();
    let mut fitting: Vec<(usize, (usize, usize))> =
        shapes.iter().enumerate().filter_map(|(index, shape)| shape.fit(value, &tags).map(|fit| (index, fit))).collect();
    fitting.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    fitting.into_iter().map(|(index, _)| index).collect()
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
    fn keep_null_tells_null_from_missing() {
        #[derive(serde::Deserialize)]
        struct Invoice {
            #[serde(default, deserialize_with = "keep_null")]
            last: Option<serde_json::Value>,
        }
        let missing: Invoice = serde_json::from_str("{}").unwrap();
        let null: Invoice = serde_json::from_str(r#"{"last": null}"#).unwrap();
        assert_eq!(missing.last, None);
        assert_eq!(null.last, Some(serde_json::Value::Null));
    }

    #[test]
    fn union_candidates_are_the_members_a_value_fits_best_first() {
        const SHAPES: &[Shape] = &[
            Shape::object(&[], &["a"]),
            Shape::object(&["id"], &["type", "b"]).with_values(&[("type", &["x"])]),
            Shape::object(&["id"], &["type"]).with_values(&[("type", &["y"])]),
            Shape::of_kind(super::is_integer),
        ];
        let order = |value: serde_json::Value| union_candidates(&value, SHAPES);
        assert_eq!(order(serde_json::json!({"id": "1", "type": "y"})), [2]);
        assert_eq!(order(serde_json::json!({"id": "1", "type": "x", "b": 1})), [1]);
        assert_eq!(order(serde_json::json!({"a": 1})), [0]);
        assert_eq!(order(serde_json::json!({})), [0]);
        assert_eq!(order(serde_json::json!(7)), [3]);
        // A float is no integer, a `type` no member allows is no member's, and
        // an object with none of a member's properties is not that member.
        assert!(order(serde_json::json!(1.5)).is_empty());
        assert!(order(serde_json::json!({"id": "1", "type": "z"})).is_empty());
        assert!(order(serde_json::json!({"a": 1, "type": "z"})).is_empty());
        assert!(order(serde_json::json!({"c": 1})).is_empty());
    }

    /// Found by samples on Figma's `Action`: a member whose `type` is one of
    /// `BACK` and `CLOSE` took every action that has a `type`.
    #[test]
    fn a_value_outside_a_members_enum_is_another_members() {
        const SHAPES: &[Shape] = &[
            Shape::object(&["type"], &[]).with_values(&[("type", &["BACK", "CLOSE"])]),
            Shape::object(&["type", "url"], &[]).with_values(&[("type", &["URL"])]),
            Shape::of_kind(super::is_any),
        ];
        let order = |value: serde_json::Value| union_candidates(&value, SHAPES);
        assert_eq!(order(serde_json::json!({"type": "CLOSE"})), [0, 2]);
        assert_eq!(order(serde_json::json!({"type": "URL", "url": "https://example.com"})), [1, 2]);
        assert_eq!(order(serde_json::json!({"type": "UPDATE_MEDIA_RUNTIME", "mediaAction": "PLAY"})), [2]);
        // Found on Stripe's card options: a nullable enum sent as `null` rules nothing out.
        assert_eq!(order(serde_json::json!({"type": null})), [0, 2]);
    }

    /// Found by samples on Datadog's notebook cells: members alike but for
    /// the `type` of their `definition`.
    #[test]
    fn members_alike_at_the_top_differ_by_a_nested_value() {
        const SHAPES: &[Shape] = &[
            Shape::object(&["definition"], &["time"]).with_nested_values(&[("/definition/type", &["timeseries"])]),
            Shape::object(&["definition"], &["time"]).with_nested_values(&[("/definition/type", &["toplist"])]),
        ];
        let order = |value: serde_json::Value| union_candidates(&value, SHAPES);
        assert_eq!(order(serde_json::json!({"definition": {"type": "toplist", "style": {}}})), [1]);
        assert_eq!(order(serde_json::json!({"definition": {"type": "timeseries"}})), [0]);
        assert_eq!(order(serde_json::json!({"definition": {}})), [0, 1]);
    }

    /// Found on Intercom's search filters: lists alike but for their items' enums.
    #[test]
    fn lists_alike_differ_by_their_first_items_values() {
        const SHAPES: &[Shape] = &[
            Shape::of_kind(serde_json::Value::is_array).with_nested_values(&[("/0/operator", &["AND", "OR"])]),
            Shape::of_kind(serde_json::Value::is_array).with_nested_values(&[("/0/operator", &["=", ">"])]),
        ];
        let order = |value: serde_json::Value| union_candidates(&value, SHAPES);
        assert_eq!(order(serde_json::json!([{"field": "created_at", "operator": ">"}])), [1]);
        assert_eq!(order(serde_json::json!([{"operator": "OR", "value": []}])), [0]);
        assert_eq!(order(serde_json::json!([])), [0, 1]);
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
