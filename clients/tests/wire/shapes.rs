//! Request shapes none of the curated APIs has (`specs/shapes/wire-shapes.yaml`):
//! multipart/form-data uploads, cookie parameters, label and matrix path styles.

use std::convert::Infallible;

use serde_json::{Value, json};
use wire_shapes_client::types::{CreateImportRequest, GetSessionTheme, ImportOptions, ImportUploadOnConflict, PutAvatarRequest};
use wire_shapes_client::{Client, Error, FilePart};
use wiremock::{MockServer, Request};

use crate::support::*;

fn client(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).build().unwrap()
}

/// One part as the server saw it.
#[derive(Debug, PartialEq)]
struct Part {
    name: String,
    file_name: Option<String>,
    content_type: Option<String>,
    body: Vec<u8>,
}

/// Parses the request as `multipart/form-data` with the boundary its
/// `Content-Type` announces, as a server framework would.
async fn parts(request: &Request) -> Vec<Part> {
    let content_type = header(request, "content-type").expect("a Content-Type");
    assert!(content_type.starts_with("multipart/form-data; boundary="), "{content_type}");
    let boundary = multer::parse_boundary(content_type).expect("a boundary");
    let body = bytes::Bytes::from(request.body.clone());
    let stream = futures_util::stream::iter([Ok::<_, Infallible>(body)]);
    let mut multipart = multer::Multipart::new(stream, boundary);
    let mut parts = Vec::new();
    while let Some(field) = multipart.next_field().await.expect("a well-formed multipart body") {
        parts.push(Part {
            name: field.name().expect("a part name").to_string(),
            file_name: field.file_name().map(str::to_string),
            content_type: field.content_type().map(|m| m.to_string()),
            body: field.bytes().await.expect("a part body").to_vec(),
        });
    }
    parts
}

fn text(name: &str, value: &str) -> Part {
    Part { name: name.into(), file_name: None, content_type: None, body: value.as_bytes().to_vec() }
}

fn file(name: &str, file_name: &str, content_type: &str, body: &[u8]) -> Part {
    Part { name: name.into(), file_name: Some(file_name.into()), content_type: Some(content_type.into()), body: body.to_vec() }
}

#[tokio::test]
async fn a_multipart_upload_sends_every_field_as_its_own_part() {
    let served = json!({"id": "imp_1", "status": "queued"});
    let server = serve(json_response(201, "application/json", &served)).await;
    let csv = b"email,name\nada@example.com,Ada\n".to_vec();
    let upload = CreateImportRequest {
        file: FilePart::new(csv.clone()).file_name("contacts.csv"),
        list: "newsletter".into(),
        on_conflict: Some(ImportUploadOnConflict::Skip),
        limit: Some(500),
        tags: Some(vec!["vip".into(), "beta".into()]),
        attachments: Some(vec![
            FilePart::new(vec![0x89, 0x50, 0x4e, 0x47]).file_name("logo.png").content_type("image/png"),
            FilePart::new(b"raw".to_vec()),
        ]),
        options: Some(ImportOptions { delimiter: Some(",".into()), header_row: Some(true) }),
        dry_run_at: Some("2024-05-01T12:00:00+02:00".parse().unwrap()),
        metadata: Some([("plan".to_string(), "gold".to_string()), ("source".to_string(), "crm".to_string())].into()),
    };
    let created = client(&server).create_import(upload).await.unwrap();

    let sent = only_request(&server).await;
    assert_request_line(&sent, "POST", "/imports");
    assert_eq!(header(&sent, "accept"), Some("application/json"));
    let parts = parts(&sent).await;
    let (options, parts): (Vec<Part>, Vec<Part>) = parts.into_iter().partition(|p| p.name == "options");
    assert_eq!(
        parts,
        vec![
            // The spec's `encoding` gives the file's type; the caller gave its name.
            file("file", "contacts.csv", "text/csv", &csv),
            text("list", "newsletter"),
            text("on_conflict", "skip"),
            text("limit", "500"),
            text("tags", "vip"),
            text("tags", "beta"),
            file("attachments", "logo.png", "image/png", &[0x89, 0x50, 0x4e, 0x47]),
            // No file name given: the field's name, so the server still sees a file.
            file("attachments", "attachments", "application/octet-stream", b"raw"),
            text("dry_run_at", "2024-05-01T12:00:00+02:00"),
            text("metadata[plan]", "gold"),
            text("metadata[source]", "crm"),
        ]
    );
    let [options] = options.try_into().expect("one options part");
    assert_eq!(options.content_type.as_deref(), Some("application/json"));
    assert_eq!(serde_json::from_slice::<Value>(&options.body).unwrap(), json!({"delimiter": ",", "header_row": true}));
    assert_eq!(created.id, "imp_1");
}

#[tokio::test]
async fn optional_parts_left_unset_are_not_sent() {
    let server = serve(json_response(201, "application/json", &json!({"id": "imp_2", "status": "queued"}))).await;
    let upload = CreateImportRequest {
        file: FilePart::new(b"a\n".to_vec()).content_type("text/plain"),
        list: "all".into(),
        on_conflict: None,
        limit: None,
        tags: None,
        attachments: None,
        options: None,
        dry_run_at: None,
        metadata: None,
    };
    client(&server).create_import(upload).await.unwrap();

    let parts = parts(&only_request(&server).await).await;
    assert_eq!(parts, vec![file("file", "file", "text/plain", b"a\n"), text("list", "all")]);
}

#[tokio::test]
async fn a_refused_upload_keeps_the_typed_error() {
    let server = serve(json_response(422, "application/json", &json!({"message": "not a CSV"}))).await;
    let upload = CreateImportRequest {
        file: FilePart::new(Vec::new()),
        list: "all".into(),
        on_conflict: None,
        limit: None,
        tags: None,
        attachments: None,
        options: None,
        dry_run_at: None,
        metadata: None,
    };
    let error = client(&server).create_import(upload).await.unwrap_err();
    let Error::Api(error) = error else { panic!("expected an API error, got {error:?}") };
    assert_eq!(error.status.as_u16(), 422);
    assert_eq!(error.parsed.map(|p| p.message), Some("not a CSV".into()));
}

#[tokio::test]
async fn an_invalid_file_content_type_is_refused_before_sending() {
    let server = serve(json_response(204, "application/json", &json!(null))).await;
    let body = PutAvatarRequest { image: Some(FilePart::new(b"x".to_vec()).content_type("not a type")), caption: None };
    let error = client(&server).put_avatar().body(body).await.unwrap_err();
    assert!(matches!(error, Error::InvalidRequest(ref message) if message.contains("not a type")), "{error:?}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn an_optional_multipart_body_is_sent_when_set_and_omitted_when_not() {
    let server = serve(wiremock::ResponseTemplate::new(204)).await;
    let body = PutAvatarRequest { image: None, caption: Some("me, 2024".into()) };
    client(&server).put_avatar().body(body).await.unwrap();
    client(&server).put_avatar().await.unwrap();

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    assert_request_line(&requests[0], "PUT", "/avatars");
    assert_eq!(parts(&requests[0]).await, vec![text("caption", "me, 2024")]);
    assert_eq!(header(&requests[1], "content-type"), None);
    assert!(requests[1].body.is_empty());
}

#[tokio::test]
async fn cookie_parameters_travel_in_one_cookie_header() {
    let server = serve(json_response(200, "application/json", &json!({"id": "s", "status": "ok"}))).await;
    client(&server).get_session("abc 123;=").theme(GetSessionTheme::Dark).seen(3).await.unwrap();
    client(&server).get_session("plain").await.unwrap();

    let requests = server.received_requests().await.unwrap();
    assert_request_line(&requests[0], "GET", "/sessions/current");
    // Separators and spaces inside a value are percent-encoded, not sent raw.
    assert_eq!(header(&requests[0], "cookie"), Some("session_id=abc%20123%3B%3D; theme=dark; seen=3"));
    assert_eq!(header(&requests[1], "cookie"), Some("session_id=plain"));
}

#[tokio::test]
async fn label_and_matrix_path_styles_follow_the_spec() {
    let server = serve(json_response(200, "application/json", &json!({"id": "r", "status": "ok"}))).await;
    client(&server).get_report("q1", 2024, vec![1, 2, 3], vec!["eu".into(), "us".into()]).await.unwrap();

    let sent = only_request(&server).await;
    // label `.q1`; matrix `;year=2024`; exploded matrix `;months=1;months=2;months=3`;
    // exploded label `.eu.us`.
    assert_request_line(&sent, "GET", "/reports/.q1/;year=2024/;months=1;months=2;months=3/.eu.us");
}
