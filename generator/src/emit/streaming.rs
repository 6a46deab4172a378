//! A streaming operation's methods: `send` that streams, or `stream` beside
//! a `send` that reads the whole answer, and `resume`.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Scope, type_tokens};
use crate::ir::{Api, EventData, Operation, Sentinel, StatusMatch, StreamFormat, Streaming};

/// The runtime's stream type of `streaming`, whose items fail with `error`
/// (the operation's error body type, `None` for untyped JSON).
pub(super) fn stream_type(streaming: &Streaming, error: Option<&TokenStream>, scope: Scope<'_>) -> TokenStream {
    let item = type_tokens(&streaming.item, scope);
    match (&streaming.format, error) {
        (StreamFormat::Events { .. }, None) => quote!(EventStream<#item>),
        (StreamFormat::Events { .. }, Some(error)) => quote!(EventStream<#item, #error>),
        (StreamFormat::JsonLines, None) => quote!(JsonLines<#item>),
        (StreamFormat::JsonLines, Some(error)) => quote!(JsonLines<#item, #error>),
        (StreamFormat::Bytes, None) => quote!(ByteStream),
        (StreamFormat::Bytes, Some(error)) => quote!(ByteStream<#error>),
    }
}

/// The crate's stream types the operations name.
pub(super) fn used_stream_types(api: &Api) -> Vec<String> {
    let mut used = [false; 3];
    for streaming in api.operations.iter().filter_map(|op| op.streaming.as_ref()) {
        let index = match streaming.format {
            StreamFormat::Bytes => 0,
            StreamFormat::Events { .. } => 1,
            StreamFormat::JsonLines => 2,
        };
        used[index] = true;
    }
    ["ByteStream", "EventStream", "JsonLines"].into_iter().zip(used).filter(|(_, used)| *used).map(|(name, _)| name.to_string()).collect()
}

/// Reads `opened`, an opened success, as the stream: a `Response` of it.
fn read_stream(streaming: &Streaming) -> TokenStream {
    match &streaming.format {
        StreamFormat::Events { data, sentinel } => {
            let decode = match data {
                EventData::Json => quote!(runtime::json_data),
                EventData::Text => quote!(runtime::text_data),
            };
            let sentinel = match sentinel {
                Sentinel::Promised(text) => quote!(runtime::Sentinel::Promised(#text)),
                Sentinel::Conventional(text) => quote!(runtime::Sentinel::Conventional(#text)),
                Sentinel::None => quote!(runtime::Sentinel::None),
            };
            quote!(opened.events(#decode, #sentinel))
        }
        StreamFormat::JsonLines => quote!(opened.json_lines()),
        StreamFormat::Bytes => quote!(opened.bytes()),
    }
}

/// The statements that send `request` for a stream and return `Ok` with the
/// `Response` of the stream, or the failure its arms read.
fn open_and_read(streaming: &Streaming, request: TokenStream, success: &TokenStream, error: &TokenStream) -> TokenStream {
    let read = read_stream(streaming);
    let arms: Vec<TokenStream> =
        streaming.arms.iter().map(|arm| super::operations::response_arm(arm, success, error, &quote!(&response))).collect();
    // One catch-all arm reads every failure alike: no `match` needed.
    let value = match streaming.arms.as_slice() {
        [only] if only.statuses == [StatusMatch::Default] => super::operations::arm_body(only, success, error, &quote!(&response)),
        _ => quote!(match response.status().as_u16() { #(#arms)* }),
    };
    quote! {
        let response = match #request.open().await? {
            runtime::Answer::Streaming(opened) => return Ok(#read),
            runtime::Answer::Whole(response) => response,
        };
        let value = #value;
        response.respond(value)
    }
}

/// The body of `send_with_response` for an operation whose only success
/// answer is the stream.
pub(super) fn send_with_response(streaming: &Streaming, success: &TokenStream, error: &TokenStream) -> TokenStream {
    open_and_read(streaming, quote!(self.0), success, error)
}

/// The request `send` sends for an operation that answers either way: with
/// the stream switch off.
pub(super) fn whole_request(api: &Api, op: &Operation) -> TokenStream {
    match switch(api, op, false) {
        Some(set) => quote!(self.0.#set),
        None => quote!(self.0),
    }
}

fn switch(api: &Api, op: &Operation, on: bool) -> Option<TokenStream> {
    let streaming = op.streaming.as_ref()?;
    let field = streaming.switch.as_ref()?;
    let media = op.body.as_ref().map_or("application/json", |body| body.media_type.as_str());
    let media = super::operations::media_constant(api, media);
    Some(quote!(set_json_field(#media, #field, #on)))
}

/// The builder's `stream` and `resume` methods, as `op` has them.
/// `error_body` is the operation's error body type (`None` for untyped JSON)
/// and `error_type` its `Error<…>`.
pub(super) fn methods(
    api: &Api,
    op: &Operation,
    error_body: Option<&TokenStream>,
    error_type: &TokenStream,
    scope: Scope<'_>,
) -> TokenStream {
    let Some(streaming) = &op.streaming else { return TokenStream::new() };
    let stream = (!streaming.only).then(|| {
        let stream_type = stream_type(streaming, error_body, scope);
        let mut request = quote!(self.0);
        if let Some(set) = switch(api, op, true) {
            request = quote!(#request.#set);
        }
        if streaming.accept != op.accept.join(", ") {
            let accept = super::operations::media_constant(api, &streaming.accept);
            request = quote!(#request.set_accept(#accept));
        }
        let body = open_and_read(streaming, quote!(request), &stream_type, &error_body.cloned().unwrap_or(quote!(serde_json::Value)));
        let doc = super::doc_attrs(&stream_doc(streaming));
        quote! {
            #doc
            pub async fn stream(self) -> Result<#stream_type, #error_type> {
                self.stream_with_response().await.map(Response::into_inner)
            }

            /// Streams as [`stream`](Self::stream) does; the response keeps its status and headers.
            pub async fn stream_with_response(self) -> Result<Response<#stream_type>, #error_type> {
                let request = #request;
                #body
            }
        }
    });
    let resume = streaming.resumable.then(|| {
        let doc = super::doc_attrs(
            "Resumes the event stream when its connection is cut: the request is sent again with \
             `Last-Event-ID` set to the last event's id, after the delay the server last gave in `retry` \
             (a second by default), as many times in a row as the client retries. Without it, a cut \
             stream ends with an [`Error::Transport`] item.",
        );
        quote! {
            #doc
            pub fn resume(self) -> Self {
                Self(self.0.resume_streams())
            }
        }
    });
    quote!(#stream #resume)
}

fn stream_doc(streaming: &Streaming) -> String {
    let switch = streaming.switch.as_ref().map(|field| format!(" It sets `{field}` to true in the body.")).unwrap_or_default();
    format!("Sends the request and streams {}.{switch}", what_streams(streaming))
}

/// What `send` says it does when it streams.
pub(super) fn send_doc(streaming: &Streaming) -> String {
    format!("Sends the request and streams {}.", what_streams(streaming))
}

fn what_streams(streaming: &Streaming) -> &'static str {
    match &streaming.format {
        StreamFormat::Events { .. } => "the answer as server-sent events, each decoded as it arrives",
        StreamFormat::JsonLines => "the answer as JSON lines, each decoded as it arrives",
        StreamFormat::Bytes => "the body as it arrives, chunk by chunk, without holding it all in memory",
    }
}

/// How the `# Responses` docs name a streamed success.
pub(super) fn success_doc(streaming: &Streaming, item: &str) -> String {
    match &streaming.format {
        StreamFormat::Events { sentinel, .. } => {
            let end = match sentinel {
                Sentinel::Promised(text) => format!(", until `{text}`"),
                Sentinel::Conventional(text) => format!(", until the server closes it or sends `{text}`"),
                Sentinel::None => String::new(),
            };
            format!("server-sent events, each `data` decoded as {item}{end}")
        }
        StreamFormat::JsonLines => format!("JSON lines, each decoded as {item}"),
        StreamFormat::Bytes => "the bytes, streamed".to_string(),
    }
}
