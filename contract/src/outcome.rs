use std::fmt;

use openapi_client_runtime::Error;

/// What a call came to, the same shape for every client.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// A success, decoded into the operation's type.
    Value,
    /// An error status; `parsed` says whether the body decoded as the spec's
    /// error schema; `violations` is Prism's `sl-violations` header, if any.
    Api { status: u16, body: Vec<u8>, content_type: Option<String>, parsed: bool, violations: Option<String> },
    /// A success status whose body did not decode.
    Decode { status: u16, body: Vec<u8>, content_type: Option<String>, message: String },
    /// No response, or a request that could not be built.
    Other(String),
}

// Every client's `Error` is the runtime's, so one conversion serves them all.
impl<E> From<Result<(), Error<E>>> for Outcome {
    fn from(result: Result<(), Error<E>>) -> Self {
        match result {
            Ok(()) => Outcome::Value,
            Err(Error::Api(e)) => Outcome::Api {
                status: e.status.as_u16(),
                body: e.body.clone(),
                content_type: header(&e.headers, "content-type"),
                parsed: e.parsed.is_some(),
                violations: header(&e.headers, "sl-violations"),
            },
            Err(Error::Decode(e)) => Outcome::Decode {
                status: e.status.as_u16(),
                body: e.body.clone(),
                content_type: e.content_type().map(str::to_owned),
                message: e.source.to_string(),
            },
            Err(other) => Outcome::Other(other.to_string()),
        }
    }
}

impl Outcome {
    /// Whether this is the error response the spec documents for `status`:
    /// its body decodes, and it is neither a request violation nor one of
    /// Prism's own errors (unknown route or method, invalid request), which
    /// come as `application/problem+json`.
    pub fn is_documented_error(&self, status: u16) -> bool {
        match self {
            Outcome::Api { status: got, parsed, violations, content_type, .. } => {
                *got == status
                    && *parsed
                    && violations.is_none()
                    && !content_type.as_deref().is_some_and(|c| c.starts_with("application/problem+json"))
            }
            _ => false,
        }
    }
}

fn header(headers: &reqwest::header::HeaderMap, name: &str) -> Option<String> {
    headers.get(name).map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Value => write!(f, "decoded"),
            Outcome::Api { status, body, content_type, parsed, violations } => {
                write!(f, "{status} error, body {}", if *parsed { "decoded" } else { "not decoded" })?;
                if let Some(content_type) = content_type {
                    write!(f, " ({content_type})")?;
                }
                if let Some(violations) = violations {
                    write!(f, "; sl-violations: {violations}")?;
                }
                if !parsed {
                    write!(f, "; body: {}", String::from_utf8_lossy(body))?;
                }
                Ok(())
            }
            Outcome::Decode { status, message, body, .. } => {
                write!(f, "{status} could not be decoded: {message}; body: {}", String::from_utf8_lossy(body))
            }
            Outcome::Other(message) => write!(f, "{message}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(status: u16, content_type: &str, parsed: bool, violations: Option<&str>) -> Outcome {
        Outcome::Api {
            status,
            body: b"{}".to_vec(),
            content_type: Some(content_type.into()),
            parsed,
            violations: violations.map(str::to_owned),
        }
    }

    #[test]
    fn only_the_documented_error_passes() {
        assert!(api(404, "application/json", true, None).is_documented_error(404));
        assert!(!api(404, "application/json", true, None).is_documented_error(401), "another status");
        assert!(!api(404, "application/json", false, None).is_documented_error(404), "body not decoded");
        let violation = r#"[{"location":["request","query","perpage"],"severity":"Error"}]"#;
        assert!(!api(422, "application/json", true, Some(violation)).is_documented_error(422));
        assert!(!api(404, "application/problem+json", true, None).is_documented_error(404), "no route matched");
        assert!(!Outcome::Value.is_documented_error(200));
    }
}
