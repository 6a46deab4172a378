use std::fmt;

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

macro_rules! outcome_of {
    ($($krate:ident),*) => {$(
        impl<E> From<Result<(), $krate::Error<E>>> for Outcome {
            fn from(result: Result<(), $krate::Error<E>>) -> Self {
                match result {
                    Ok(()) => Outcome::Value,
                    Err($krate::Error::Api(e)) => Outcome::Api {
                        status: e.status.as_u16(),
                        body: e.body.clone(),
                        content_type: header(&e.headers, "content-type"),
                        parsed: e.parsed.is_some(),
                        violations: header(&e.headers, "sl-violations"),
                    },
                    Err($krate::Error::Decode(e)) => Outcome::Decode {
                        status: e.status.as_u16(),
                        body: e.body.clone(),
                        content_type: e.content_type().map(str::to_owned),
                        message: e.source.to_string(),
                    },
                    Err(other) => Outcome::Other(other.to_string()),
                }
            }
        }
    )*};
}

fn header(headers: &reqwest::header::HeaderMap, name: &str) -> Option<String> {
    headers.get(name).map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
}

outcome_of!(conekta_client, paystack_client, pepgate_client, subscription_service_client);

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
