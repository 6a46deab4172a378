//! `multipart/form-data` request bodies, and the files sent as their parts.

use super::request::{Query, Request, RequestError};

/// A file for one part of a `multipart/form-data` body: its bytes, and the file
/// name and content type the server is told:
/// `FilePart::new(bytes).file_name("invoices.csv").content_type("text/csv")`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FilePart {
    bytes: Vec<u8>,
    file_name: Option<String>,
    content_type: Option<String>,
}

impl FilePart {
    /// A file with these contents. Without [`file_name`](Self::file_name) the
    /// part is named after its form field, because many servers only treat a
    /// part that has a file name as a file.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Self { bytes: bytes.into(), file_name: None, content_type: None }
    }

    /// The file name sent in the part's `Content-Disposition`.
    pub fn file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = Some(file_name.into());
        self
    }

    /// The part's `Content-Type`; without it, the type the spec gives the field,
    /// or `application/octet-stream`.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The part for the form field `field`.
    #[doc(hidden)]
    pub fn into_part(
        self,
        field: &str,
        default_content_type: &str,
    ) -> Result<reqwest::multipart::Part, RequestError> {
        let content_type = self.content_type.as_deref().unwrap_or(default_content_type);
        let part = reqwest::multipart::Part::bytes(self.bytes)
            .mime_str(content_type)
            .map_err(|_| RequestError(format!("`{content_type}` is not a valid content type")))?;
        Ok(part.file_name(self.file_name.unwrap_or_else(|| field.to_string())))
    }
}

impl From<Vec<u8>> for FilePart {
    fn from(bytes: Vec<u8>) -> Self {
        Self::new(bytes)
    }
}

/// A multipart body type: its fields as `multipart/form-data` parts.
pub trait IntoForm {
    fn into_form(self) -> Result<reqwest::multipart::Form, RequestError>;
}


impl Request {
    /// Sets a `multipart/form-data` body, built anew for each send.
    pub fn multipart_body<F: IntoForm + Clone + Send + Sync + 'static>(mut self, form: F) -> Self {
        self.body = Some(std::sync::Arc::new(move |request| Ok(request.multipart(form.clone().into_form()?))));
        self
    }
}

/// A `multipart/form-data` part holding a value as JSON.
pub fn json_part(value: &impl serde::Serialize) -> Result<reqwest::multipart::Part, RequestError> {
    let bytes = serde_json::to_vec(value).map_err(|e| RequestError(format!("form field is not valid JSON: {e}")))?;
    reqwest::multipart::Part::bytes(bytes)
        .mime_str("application/json")
        .map_err(|e| RequestError(e.to_string()))
}

/// `value` as one text part per leaf, named with brackets like a form body's
/// keys (`meta[plan]`, `expand[0]`).
pub fn deep_object_parts(
    form: reqwest::multipart::Form,
    name: &str,
    value: &impl serde::Serialize,
) -> reqwest::multipart::Form {
    let mut pairs = Query::default();
    pairs.set_deep_object(name, value);
    pairs.0.into_iter().fold(form, |form, (name, value)| form.text(name, value))
}
