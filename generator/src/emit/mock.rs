//! `src/mock.rs` (the `mock` feature): `MockApi`, a wiremock server that
//! plays the API, with a method per operation that returns the runtime's
//! `MockOperation` typed with the operation's success, error and request
//! bodies.

use std::collections::BTreeSet;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{Scope, doc_attrs, ident, type_tokens};
use crate::ir::{Api, ArmAction, BodyEncoding, Decode, ErrorParse, Operation, Outcome, StatusMatch};

pub(super) fn mock_rs(api: &Api) -> TokenStream {
    // Every type by its path: the module imports nothing of the crate's.
    let all: BTreeSet<String> = api.types.keys().cloned().collect();
    let scope = Scope { shadowed: Some(&all), imported: &BTreeSet::new() };
    let stubs = api.operations.iter().map(|op| stub(op, scope));
    quote! {
        #![doc = " A test kit for code that uses this client (the `mock` feature): a"]
        #![doc = " [wiremock](https://docs.rs/wiremock) server that plays the API, with a typed"]
        #![doc = " stub for each operation."]
        #![doc = ""]
        #![doc = " Each stub answers with the operation's documented success and its body type,"]
        #![doc = " with an error status and the operation's error body, or with a sequence of"]
        #![doc = " answers (for retries), and reads back what the client sent it. Bodies the"]
        #![doc = " operation does not describe in JSON are `serde_json::Value`."]

        pub use crate::runtime_mock::{MockOperation, MockServer, Reply, Sent};
        use crate::{Client, ClientBuilder};

        /// A wiremock server on a free port of 127.0.0.1 that plays the API:
        /// each method stubs one operation. It stops when dropped.
        pub struct MockApi {
            server: MockServer,
        }

        impl MockApi {
            /// Starts the server.
            pub async fn start() -> Self {
                MockApi { server: MockServer::start().await }
            }

            /// A client of the API that sends to this server, with no credentials.
            pub fn client(&self) -> Client {
                self.client_builder().build().expect("the mock server's URL is a base URL")
            }

            /// A builder of a client that sends to this server, for credentials and settings.
            pub fn client_builder(&self) -> ClientBuilder {
                Client::builder().base_url(self.server.uri())
            }

            /// The wiremock server, for stubs of your own.
            pub fn server(&self) -> &MockServer {
                &self.server
            }

            #(#stubs)*
        }
    }
}

/// The method that stubs `op`.
fn stub(op: &Operation, scope: Scope<'_>) -> TokenStream {
    let name = ident(&op.rust_name);
    let client_method = &op.rust_name;
    let method = op.method.as_str();
    let template = &op.path_template;
    let doc = doc_attrs(&format!(
        "Stubs [`Client::{client_method}`](crate::Client::{client_method}): `{method} {template}`."
    ));
    let success = Literal::u16_unsuffixed(success_status(op));
    let json = quote!(serde_json::Value);
    let body_type = |ty: &crate::ir::TypeRef| type_tokens(ty, scope);
    let streamed = op.streaming.as_ref().filter(|streaming| streaming.only);
    let success_type = match &op.success {
        // A stream's stubs answer with its items (`Reply::events`, `Reply::json_lines`).
        Outcome::Type(ty) if streamed.is_some() => body_type(ty),
        Outcome::Unit => quote!(()),
        Outcome::Type(ty) if decodes_json_success(op) => body_type(ty),
        _ => json.clone(),
    };
    let error_type = match &op.error {
        Outcome::Type(ty) if decodes_json_error(op) => body_type(ty),
        _ => json.clone(),
    };
    let request_type = match &op.body {
        Some(body) if body.encoding == BodyEncoding::Json => body_type(&body.ty),
        Some(_) => json,
        None => quote!(()),
    };
    let cfg = super::operations::operation_cfg(op);
    quote! {
        #doc
        #cfg
        pub fn #name(&self) -> MockOperation<'_, #success_type, #error_type, #request_type> {
            MockOperation::new(&self.server, #method, #template, #success)
        }
    }
}

/// The status a stub's `respond` answers with: the first success the
/// operation declares by code, else 200.
fn success_status(op: &Operation) -> u16 {
    op.responses
        .iter()
        .find_map(|response| match response.status {
            StatusMatch::Code(code) if response.is_success() => Some(code),
            _ => None,
        })
        .unwrap_or(200)
}

fn decodes_json_success(op: &Operation) -> bool {
    op.arms.iter().any(|arm| matches!(arm.action, ArmAction::Succeed { decode: Decode::Json, .. }))
}

fn decodes_json_error(op: &Operation) -> bool {
    op.arms.iter().any(|arm| matches!(arm.action, ArmAction::Fail(ErrorParse::Decode { decode: Decode::Json, .. })))
}
