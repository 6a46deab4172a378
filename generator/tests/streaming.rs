//! Which operations stream, and as what, as `lower` decides it: on the LLM
//! specs of the corpus, whose answers are server-sent events and JSON lines,
//! and on the hand-written forms of `corpus/handwritten/streams-3-2.yaml`.

use std::collections::BTreeSet;
use std::path::Path;

use generator::diagnostic::push_pointer;
use generator::ir::{Api, EventData, Sentinel, StreamFormat, TypeRef};

fn read(path: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path)).unwrap()
}

fn lower_file(path: &str) -> Api {
    let doc = generator::parse::parse(&read(path), Path::new(path)).unwrap();
    generator::lower::lower(&doc).unwrap().0
}

/// The operations whose success lists a streamed media type, by pointer,
/// read from the document as written.
fn streamed_in_spec(path: &str) -> BTreeSet<String> {
    let raw: serde_json::Value = serde_yaml::from_slice(&read(path)).unwrap();
    let mut found = BTreeSet::new();
    for (template, item) in raw["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let Some(responses) = op.get("responses").and_then(|r| r.as_object()) else { continue };
            let streams = responses.iter().filter(|(code, _)| code.starts_with('2')).any(|(_, response)| {
                response["content"].as_object().is_some_and(|content| {
                    content.keys().any(|media| media == "text/event-stream" || media.contains("ndjson") || media.contains("jsonl"))
                })
            });
            if streams {
                found.insert(push_pointer(&push_pointer("/paths", template), method));
            }
        }
    }
    found
}

fn type_text(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(name) => name.clone(),
        TypeRef::String => "String".into(),
        TypeRef::Json => "Value".into(),
        other => format!("{other:?}"),
    }
}

/// One line per streaming operation: what `send` and `stream` do, the item
/// type, the sentinel, the switch and whether it resumes.
fn summary(api: &Api) -> String {
    let mut lines = Vec::new();
    for op in &api.operations {
        let Some(streaming) = &op.streaming else { continue };
        let format = match &streaming.format {
            StreamFormat::Events { data, sentinel } => {
                let data = match data {
                    EventData::Json => "json",
                    EventData::Text => "text",
                };
                let sentinel = match sentinel {
                    Sentinel::Promised(text) => format!(", ends with {text}"),
                    Sentinel::Conventional(text) => format!(", may end with {text}"),
                    Sentinel::None => String::new(),
                };
                format!("events of {} ({data}{sentinel})", type_text(&streaming.item))
            }
            StreamFormat::JsonLines => format!("lines of {}", type_text(&streaming.item)),
            StreamFormat::Bytes => "bytes".into(),
        };
        let method = if streaming.only { "send" } else { "stream" };
        let switch = streaming.switch.as_ref().map(|field| format!(", switch `{field}`")).unwrap_or_default();
        let resume = if streaming.resumable { ", resumable" } else { "" };
        lines.push(format!("{}: {method} → {format}{switch}{resume}", op.rust_name));
    }
    lines.join("\n")
}

const LLM_SPECS: [&str; 4] =
    ["corpus/mistral-ai-api.yaml", "corpus/together-ai-api.yaml", "corpus/ollama-api.yaml", "corpus/langchain-agent-protocol.json"];

#[test]
fn every_event_stream_and_json_lines_answer_of_the_corpus_streams() {
    for spec in LLM_SPECS {
        let api = lower_file(spec);
        let streaming: BTreeSet<String> = api
            .operations
            .iter()
            .filter(|op| op.streaming.as_ref().is_some_and(|s| s.format != StreamFormat::Bytes))
            .map(|op| op.origin.clone())
            .collect();
        let expected = streamed_in_spec(spec);
        assert!(!expected.is_empty(), "{spec} streams nothing");
        assert_eq!(streaming, expected, "{spec}");
    }
}

#[test]
fn how_the_llm_apis_stream() {
    let summaries: Vec<String> = LLM_SPECS.iter().map(|spec| format!("{spec}\n{}", summary(&lower_file(spec)))).collect();
    insta::assert_snapshot!(summaries.join("\n\n"));
}

#[test]
fn the_forms_a_stream_takes() {
    let path = "corpus/handwritten/streams-3-2.yaml";
    let generated = generator::generate(&read(path), Path::new(path), "stream-forms").unwrap();
    let warnings: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(warnings, ["#/paths/~1records/query: OpenAPI 3.2's `query` operations are not supported; left out"]);
    assert_eq!(
        summary(&lower_file(path)),
        [
            "create_response: stream → events of AnswerDelta (json, may end with [DONE]), switch `incremental`",
            "complete: stream → events of AnswerDelta (json, ends with [DONE]), switch `stream`",
            "list_records: send → lines of AnswerDelta",
            "read_logs: send → lines of Value",
        ]
        .join("\n")
    );
    let operations = &generated.files.iter().find(|(path, _)| path == "src/operations.rs").unwrap().1;
    insta::assert_snapshot!(builder_impl(operations, "Complete"));
}

/// The section of `operations.rs` that implements `builder`.
fn builder_impl<'a>(operations: &'a str, builder: &str) -> &'a str {
    let start = operations.find(&format!("impl {builder} {{")).unwrap_or_else(|| panic!("no {builder}"));
    let end = start + operations[start..].find("\nimpl IntoFuture").unwrap();
    &operations[start..end]
}

#[test]
fn mistrals_chat_completion_answers_whole_or_as_events() {
    let path = "corpus/mistral-ai-api.yaml";
    let generated = generator::generate(&read(path), Path::new(path), "mistral").unwrap();
    let operations = &generated.files.iter().find(|(path, _)| path == "src/operations.rs").unwrap().1;
    insta::assert_snapshot!(builder_impl(operations, "ChatCompletionV1ChatCompletionsPost"));
}
