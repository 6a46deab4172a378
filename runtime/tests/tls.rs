//! TLS on the wire, with whichever backend the crate's features choose
//! (`rustls` by default; CI runs this for `rustls-aws-lc-rs` and `native-tls`
//! too): a client reaches an HTTPS server on loopback whose certificate
//! authority it was told to trust, and refuses one it was not.
//!
//! The fixtures are a test CA and a `localhost`/`127.0.0.1` certificate it
//! signed, valid until 2126 (made with `openssl`, see `fixtures/README.md`).

#![cfg(any(feature = "rustls", feature = "rustls-aws-lc-rs", feature = "native-tls"))]

use std::sync::Arc;

use openapi_client_runtime::{Client, reqwest};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::rustls::{self, ServerConfig};

const CA: &[u8] = include_bytes!("fixtures/ca.pem");
const BODY: &str = r#"{"tls": true}"#;

/// An HTTPS server on loopback answering every request with [`BODY`]; its URL.
async fn https_server() -> String {
    let certs: Vec<CertificateDer<'static>> =
        CertificateDer::pem_slice_iter(include_bytes!("fixtures/server.pem")).collect::<Result<_, _>>().unwrap();
    let key = PrivateKeyDer::from_pem_slice(include_bytes!("fixtures/server.key")).unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .unwrap();
    let acceptor = TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else { return };
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                // A client that refuses the certificate ends the handshake.
                let Ok(mut tls) = acceptor.accept(stream).await else { return };
                let mut request = Vec::new();
                let mut buffer = [0u8; 1024];
                while !request.windows(4).any(|window| window == b"\r\n\r\n") {
                    match tls.read(&mut buffer).await {
                        Ok(0) | Err(_) => return,
                        Ok(read) => request.extend_from_slice(&buffer[..read]),
                    }
                }
                let response = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{BODY}",
                    BODY.len()
                );
                let _ = tls.write_all(response.as_bytes()).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    format!("https://localhost:{port}")
}

#[tokio::test]
async fn a_server_signed_by_a_trusted_authority_is_reached_over_tls() {
    let url = https_server().await;
    let ca = reqwest::Certificate::from_pem(CA).unwrap();
    let client = Client::builder().base_url(url).root_certificate(ca).build().unwrap();
    let response = client.raw_request(reqwest::Method::GET, &["health"]).unwrap().send().await.unwrap();
    assert_eq!(response.status(), reqwest::StatusCode::OK);
    assert_eq!(response.text().await.unwrap(), BODY);
}

#[tokio::test]
async fn a_server_signed_by_an_unknown_authority_is_refused() {
    let url = https_server().await;
    let client = Client::builder().base_url(url).build().unwrap();
    let error = client.raw_request(reqwest::Method::GET, &["health"]).unwrap().send().await.unwrap_err();
    assert!(error.is_connect(), "the handshake fails: {error:?}");
    // rustls says `UnknownIssuer`, OpenSSL `certificate verify failed`.
    let chain = format!("{error:?}").to_ascii_lowercase();
    assert!(chain.contains("unknownissuer") || chain.contains("certificate verify failed"), "{chain}");
}
