//! A test kit for code that uses a generated client (the `mock` feature):
//! typed stubs of its operations on a [`wiremock`] server, and what the
//! client sent them.
//!
//! wiremock rather than httpmock: it is async on tokio like the clients, each
//! test gets its own server on a free port, stubs match by composable rules
//! and answer by priority (which makes sequences of answers), and it records
//! every request it receives.
//!
//! A generated crate's `mock::MockApi` starts the server and has one method
//! per operation, which returns a [`MockOperation`] typed with the
//! operation's success body `T`, error body `E` and request body `B`.

use std::fmt;
use std::marker::PhantomData;

use serde::Serialize;
use serde::de::DeserializeOwned;
pub use wiremock::MockServer;
use wiremock::{Mock, ResponseTemplate};

/// Ties a stub to the operation's types without holding any.
type Types<T, E, B> = PhantomData<fn() -> (T, E, B)>;

/// The stub of one operation: narrow which requests it answers with
/// [`path_param`](Self::path_param), [`query`](Self::query) and
/// [`body`](Self::body), then mount an answer: [`respond`](Self::respond)
/// with the documented success, [`fail`](Self::fail) with an error status
/// and its error body, or [`respond_in_turn`](Self::respond_in_turn) with a
/// sequence. [`received`](Self::received) gives what the client sent it.
#[must_use = "a stub answers nothing until it is mounted with `respond`, `fail` or `respond_in_turn`"]
pub struct MockOperation<'a, T, E, B> {
    server: &'a MockServer,
    matcher: OperationMatcher,
    success: u16,
    types: Types<T, E, B>,
}

impl<'a, T, E, B> MockOperation<'a, T, E, B> {
    /// The stub of the operation `method template` whose documented success
    /// status is `success`.
    #[doc(hidden)]
    pub fn new(server: &'a MockServer, method: &'static str, template: &'static str, success: u16) -> Self {
        let matcher = OperationMatcher { method, template, path_params: Vec::new(), query: Vec::new(), body: None };
        MockOperation { server, matcher, success, types: PhantomData }
    }

    /// Answers only requests whose path parameter `name` (as the spec names
    /// it) is `value`.
    pub fn path_param(mut self, name: &str, value: impl ToString) -> Self {
        self.matcher.path_params.push((name.to_string(), value.to_string()));
        self
    }

    /// Answers only requests with the query parameter `name` set to `value`
    /// (among its values).
    pub fn query(mut self, name: &str, value: impl ToString) -> Self {
        self.matcher.query.push((name.to_string(), value.to_string()));
        self
    }

    /// Answers matching requests with `replies` in order, one each; the last
    /// answers every request after it. For retries: `[Reply::status(503),
    /// Reply::ok(&value)]`. A stub narrowed by a path parameter, query or body
    /// answers before one that is not, whichever was mounted first.
    pub async fn respond_in_turn(self, replies: impl IntoIterator<Item = Reply<T, E>>) {
        let replies: Vec<Reply<T, E>> = replies.into_iter().collect();
        let last = replies.len().saturating_sub(1);
        // wiremock tries the stubs by priority, 1 first: narrowed stubs from 1,
        // the others from 101, each sequence in its order.
        let first: usize = if self.matcher.is_narrowed() { 1 } else { 101 };
        for (index, reply) in replies.into_iter().enumerate() {
            let mut mock = Mock::given(self.matcher.clone()).respond_with(reply.template(self.success));
            mock = mock.with_priority(u8::try_from(first + index).unwrap_or(u8::MAX));
            if index < last {
                mock = mock.up_to_n_times(1);
            }
            self.server.register(mock).await;
        }
    }

    /// The requests of this operation the server received, in order, that
    /// match this stub's narrowing (if any).
    pub async fn received(&self) -> Vec<Sent<B>> {
        let requests = self.server.received_requests().await.unwrap_or_default();
        requests
            .into_iter()
            .filter(|request| wiremock::Match::matches(&self.matcher, request))
            .map(|request| Sent { path_params: self.matcher.path_params_of(request.url.path()).unwrap_or_default(), request, body: PhantomData })
            .collect()
    }
}

impl<T, E, B: Serialize> MockOperation<'_, T, E, B> {
    /// Answers only requests whose JSON body is `body`.
    pub fn body(mut self, body: &B) -> Self {
        self.matcher.body = Some(serde_json::to_value(body).expect("a request body serializes to JSON"));
        self
    }
}

impl<T: Serialize, E, B> MockOperation<'_, T, E, B> {
    /// Answers every matching request with the documented success status
    /// and `value` as its JSON body (none when `T` is `()`).
    pub async fn respond(self, value: &T) {
        self.respond_in_turn([Reply::ok(value)]).await;
    }
}

impl<T, E: Serialize, B> MockOperation<'_, T, E, B> {
    /// Answers every matching request with the error `status` and `body`.
    pub async fn fail(self, status: u16, body: &E) {
        self.respond_in_turn([Reply::error(status, body)]).await;
    }
}

/// One answer of a stub.
pub struct Reply<T, E> {
    /// `None`: the operation's documented success status.
    status: Option<u16>,
    body: Option<Vec<u8>>,
    headers: Vec<(String, String)>,
    types: PhantomData<fn() -> (T, E)>,
}

impl<T: Serialize, E> Reply<T, E> {
    /// The documented success status with `value` as its JSON body (none
    /// when `T` is `()`).
    pub fn ok(value: &T) -> Self {
        Reply { status: None, body: json_body(value), headers: Vec::new(), types: PhantomData }
    }
}

impl<T: Serialize, E> Reply<T, E> {
    /// The documented success status with a `text/event-stream` body: an
    /// event per value, its `data` the value's JSON (a string's text, for
    /// text events), then `data: [DONE]` when `sentinel` is given.
    pub fn events<'v>(values: impl IntoIterator<Item = &'v T>, sentinel: Option<&str>) -> Self
    where
        T: 'v,
    {
        let mut body = String::new();
        for value in values {
            let data = match serde_json::to_value(value).expect("a stubbed event serializes to JSON") {
                serde_json::Value::String(text) => text,
                other => other.to_string(),
            };
            for line in data.split('\n') {
                body.push_str(&format!("data: {line}\n"));
            }
            body.push('\n');
        }
        if let Some(sentinel) = sentinel {
            body.push_str(&format!("data: {sentinel}\n\n"));
        }
        Reply { status: None, body: Some(body.into_bytes()), headers: Vec::new(), types: PhantomData }
            .header("content-type", "text/event-stream")
    }

    /// The documented success status with an `application/x-ndjson` body:
    /// a JSON line per value.
    pub fn json_lines<'v>(values: impl IntoIterator<Item = &'v T>) -> Self
    where
        T: 'v,
    {
        let mut body = Vec::new();
        for value in values {
            serde_json::to_writer(&mut body, value).expect("a stubbed line serializes to JSON");
            body.push(b'\n');
        }
        Reply { status: None, body: Some(body), headers: Vec::new(), types: PhantomData }.header("content-type", "application/x-ndjson")
    }
}

impl<T, E: Serialize> Reply<T, E> {
    /// The error `status` with `body`, the operation's error body.
    pub fn error(status: u16, body: &E) -> Self {
        Reply { status: Some(status), body: json_body(body), headers: Vec::new(), types: PhantomData }
    }
}

impl<T, E> Reply<T, E> {
    /// `status` with no body: a `503`, a `429`, a success without content.
    pub fn status(status: u16) -> Self {
        Reply { status: Some(status), body: None, headers: Vec::new(), types: PhantomData }
    }

    /// `status` with `body` as it is, for what the spec does not describe.
    pub fn raw(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Reply { status: Some(status), body: Some(body.into()), headers: Vec::new(), types: PhantomData }
            .header("content-type", content_type)
    }

    /// Adds a response header (`Retry-After`, a request id).
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    fn template(self, success: u16) -> ResponseTemplate {
        let mut template = ResponseTemplate::new(self.status.unwrap_or(success));
        let typed = !self.headers.iter().any(|(name, _)| name.eq_ignore_ascii_case("content-type"));
        if let Some(body) = self.body {
            template = if typed { template.set_body_raw(body, "application/json") } else { template.set_body_bytes(body) };
        }
        for (name, value) in &self.headers {
            template = template.insert_header(name.as_str(), value.as_str());
        }
        template
    }
}

/// `value` as JSON, or no body for `()` (which is JSON `null`).
fn json_body(value: &impl Serialize) -> Option<Vec<u8>> {
    let json = serde_json::to_value(value).expect("a stubbed body serializes to JSON");
    (!json.is_null()).then(|| json.to_string().into_bytes())
}

/// A request an operation's stub received, read back typed.
pub struct Sent<B> {
    request: wiremock::Request,
    path_params: Vec<(String, String)>,
    body: PhantomData<fn() -> B>,
}

impl<B> Sent<B> {
    /// The path parameter `name`, as the spec names it, percent-decoded.
    pub fn path_param(&self, name: &str) -> Option<&str> {
        self.path_params.iter().find(|(param, _)| param == name).map(|(_, value)| value.as_str())
    }

    /// The first value of the query parameter `name`.
    pub fn query(&self, name: &str) -> Option<String> {
        self.query_all(name).into_iter().next()
    }

    /// Every value of the query parameter `name`, in order.
    pub fn query_all(&self, name: &str) -> Vec<String> {
        self.request.url.query_pairs().filter(|(key, _)| key == name).map(|(_, value)| value.into_owned()).collect()
    }

    /// The header `name`, if it is text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.request.headers.get(name).and_then(|value| value.to_str().ok())
    }

    /// The request as wiremock recorded it.
    pub fn request(&self) -> &wiremock::Request {
        &self.request
    }
}

impl<B: DeserializeOwned> Sent<B> {
    /// The JSON body, as the operation's request body type.
    pub fn body(&self) -> Result<B, serde_json::Error> {
        serde_json::from_slice(&self.request.body)
    }
}

impl<B> fmt::Debug for Sent<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sent").field("method", &self.request.method).field("url", &self.request.url.as_str()).finish()
    }
}

/// Which requests a stub answers: the operation's method and path template,
/// narrowed by path parameters, query parameters and body.
#[derive(Clone)]
struct OperationMatcher {
    method: &'static str,
    template: &'static str,
    path_params: Vec<(String, String)>,
    query: Vec<(String, String)>,
    body: Option<serde_json::Value>,
}

impl OperationMatcher {
    /// Whether it answers only some of the operation's requests.
    fn is_narrowed(&self) -> bool {
        !self.path_params.is_empty() || !self.query.is_empty() || self.body.is_some()
    }

    /// The parameters of `path` by name, if it has the template's shape: a
    /// value is never empty and stays within its path segment.
    fn path_params_of(&self, path: &str) -> Option<Vec<(String, String)>> {
        let mut params = Vec::new();
        let (mut rest, mut template) = (path, self.template);
        while let Some(open) = template.find('{') {
            rest = rest.strip_prefix(&template[..open])?;
            let close = open + template[open..].find('}')?;
            let name = &template[open + 1..close];
            template = &template[close + 1..];
            let segment = &rest[..rest.find('/').unwrap_or(rest.len())];
            // What must follow the value within its segment.
            let literal = &template[..template.find('{').unwrap_or(template.len())];
            let follows = &literal[..literal.find('/').unwrap_or(literal.len())];
            let end = if follows.is_empty() { segment.len() } else { segment.rfind(follows)? };
            if end == 0 {
                return None;
            }
            let value = percent_encoding::percent_decode_str(&segment[..end]).decode_utf8_lossy().into_owned();
            params.push((name.to_string(), value));
            rest = &rest[end..];
        }
        (rest == template).then_some(params)
    }
}

impl wiremock::Match for OperationMatcher {
    fn matches(&self, request: &wiremock::Request) -> bool {
        if request.method.as_str() != self.method {
            return false;
        }
        let Some(params) = self.path_params_of(request.url.path()) else { return false };
        let params_match = self.path_params.iter().all(|wanted| params.contains(wanted));
        let query_match = self.query.iter().all(|(name, value)| request.url.query_pairs().any(|(key, got)| key == *name && got == *value));
        let body_match = self.body.as_ref().is_none_or(|body| serde_json::from_slice::<serde_json::Value>(&request.body).is_ok_and(|got| got == *body));
        params_match && query_match && body_match
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(template: &'static str, path: &str) -> Option<Vec<(String, String)>> {
        OperationMatcher { method: "GET", template, path_params: Vec::new(), query: Vec::new(), body: None }.path_params_of(path)
    }

    #[test]
    fn a_path_is_read_against_its_template() {
        let pair = |name: &str, value: &str| (name.to_string(), value.to_string());
        assert_eq!(params("/subscription/{code}", "/subscription/SUB_1"), Some(vec![pair("code", "SUB_1")]));
        assert_eq!(params("/subscription/{code}/manage/link", "/subscription/SUB%201/manage/link"), Some(vec![pair("code", "SUB 1")]));
        assert_eq!(params("/files/{name}.json", "/files/report.json"), Some(vec![pair("name", "report")]));
        assert_eq!(params("/a/{x}/b/{y}", "/a/1/b/2"), Some(vec![pair("x", "1"), pair("y", "2")]));
        assert_eq!(params("/subscription", "/subscription"), Some(vec![]));
        assert_eq!(params("/subscription/{code}", "/subscription"), None);
        assert_eq!(params("/subscription/{code}", "/subscription/SUB_1/manage/link"), None);
        assert_eq!(params("/subscription", "/subscriptions"), None);
    }
}
