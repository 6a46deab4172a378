//! Which operations page, and how, as `lower` decides it: from the
//! `x-speakeasy-pagination` extension and our `x-client-pagination`, or by
//! detecting an unambiguous shape; and what a bad extension degrades to.

use std::fmt::Write as _;
use std::path::Path;

use generator::ir::{Api, NextPage, Operation, Pagination, PaginationSource, TypeRef};

fn lower(spec: &[u8]) -> Api {
    let doc = generator::parse::parse(spec, std::path::Path::new("spec.yaml")).unwrap();
    generator::lower::lower(&doc).unwrap().0
}

fn lower_file(path: &str) -> Api {
    lower(&std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path)).unwrap())
}

fn operation<'a>(api: &'a Api, id: &str) -> &'a Operation {
    api.operations.iter().find(|op| op.operation_id.as_deref() == Some(id)).unwrap_or_else(|| panic!("no {id}"))
}

fn pagination<'a>(api: &'a Api, id: &str) -> &'a Pagination {
    operation(api, id).pagination.as_ref().unwrap_or_else(|| panic!("{id} does not page"))
}

/// One line: how the operation asks for the next page, and what ends the pages.
fn summary(pagination: &Pagination) -> String {
    let path = |path: &Option<generator::ir::ValuePath>| path.as_ref().map(|path| path.text.clone());
    let next = match &pagination.next {
        NextPage::Page { param, first } => format!("page `{param}` from {first}"),
        NextPage::Offset { param } => format!("offset `{param}`"),
        NextPage::Cursor { param } => format!("cursor `{param}` ← {}", path(&pagination.next_value).unwrap()),
        NextPage::Link => format!("link ← {}", path(&pagination.next_value).unwrap()),
    };
    let mut ends = Vec::new();
    ends.extend(path(&pagination.has_more).map(|path| format!("{path} false")));
    ends.extend(path(&pagination.last_page).map(|path| format!("{path} true")));
    ends.extend(path(&pagination.total_pages).map(|path| format!("{path} pages")));
    ends.extend(pagination.short_page.as_ref().map(|size| format!("short page of `{}` ({:?})", size.param, size.default)));
    let item = match &pagination.item {
        TypeRef::Named(name) => name.clone(),
        other => format!("{other:?}"),
    };
    format!("{next}; ends: {}; items {} of {item}", ends.join(", "), pagination.items.text)
}

#[test]
fn the_four_curated_apis_page_as_their_specs_declare() {
    let cases = [
        ("specs/paystack.yaml", "subscription_list", "page `page` from 1; ends: $.meta.pageCount pages; items $.data of SubscriptionListItem"),
        (
            "specs/subscription-service.yaml",
            "GetAllSubscriptions",
            "page `page` from 0; ends: $.last true, $.totalPages pages; items $.items of Subscription",
        ),
        (
            "specs/subscription-service.yaml",
            "GetAllSubscriptionsModels",
            "page `page` from 0; ends: $.last true, $.totalPages pages; items $.items of SubscriptionModel",
        ),
        ("specs/pepgate.yaml", "findSubscriptions", "offset `offset`; ends: short page of `limit` (Some(100)); items $ of Subscription"),
        (
            "specs/conekta.yaml",
            "getAllEventsFromSubscription",
            "link ← $.next_page_url; ends: $.has_more false; items $.data of EventResponse",
        ),
    ];
    for (spec, id, expected) in cases {
        let api = lower_file(spec);
        let pagination = pagination(&api, id);
        assert_eq!(summary(pagination), expected, "{spec} {id}");
        assert_eq!(pagination.source, PaginationSource::Extension);
        let others = api.operations.iter().filter(|op| op.pagination.is_some() && op.operation_id.as_deref() != Some(id));
        let list_operations = if spec.ends_with("subscription-service.yaml") { 1 } else { 0 };
        assert_eq!(others.count(), list_operations, "{spec}: only list operations page");
    }
}

/// Stripe's lists carry no extension: `starting_after`, `has_more` and
/// `data` are detected. Every list operation is listed, paged or not.
#[test]
fn stripe_lists_page_by_detection() {
    let api = lower_file("corpus/vendors/stripe_spec3_e0123a38.json");
    let mut text = String::new();
    let mut paged = 0;
    for op in &api.operations {
        let is_list = op.params.iter().any(|param| param.wire_name == "starting_after");
        if !is_list && op.pagination.is_none() {
            continue;
        }
        let how = match &op.pagination {
            Some(pagination) => {
                paged += 1;
                assert!(matches!(pagination.source, PaginationSource::Detected(_)));
                summary(pagination)
            }
            None => "not paged".to_string(),
        };
        writeln!(text, "{} {}: {how}", op.method.as_str(), op.path_template).unwrap();
    }
    assert!(paged >= 85, "{paged} of Stripe's list operations page");
    insta::assert_snapshot!(text);
}

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\n";

fn spec(extension: &str, parameters: &str, page: &str) -> String {
    format!(
        "{HEAD}paths:\n  /things:\n    get:\n      operationId: listThings\n{extension}      parameters:\n{parameters}      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n{page}"
    )
}

const QUERY: &str = "        - {name: cursor, in: query, schema: {type: string}}\n        - {name: page, in: query, schema: {type: integer}}\n";
const PAGE: &str = "                type: object\n                properties:\n                  things: {type: array, items: {type: string}}\n                  next: {type: string, nullable: true}\n                  more: {type: boolean}\n";

fn outcome(extension: &str, parameters: &str, page: &str) -> (Option<Pagination>, Vec<String>) {
    let text = spec(extension, parameters, page);
    let generated = generator::generate(text.as_bytes(), Path::new("x.yaml"), "x").unwrap_or_else(|e| panic!("{e}"));
    let api = lower(text.as_bytes());
    (api.operations[0].pagination.clone(), generated.warnings.iter().map(ToString::to_string).collect())
}

#[test]
fn a_cursor_extension_with_our_has_more_flag() {
    let extension = "      x-speakeasy-pagination:\n        type: cursor\n        inputs: [{name: cursor, in: parameters, type: cursor}]\n        outputs: {nextCursor: $.next, results: $.things}\n      x-client-pagination: {hasMore: $.more}\n";
    let (pagination, warnings) = outcome(extension, QUERY, PAGE);
    assert_eq!(warnings, Vec::<String>::new());
    assert_eq!(summary(&pagination.unwrap()), "cursor `cursor` ← $.next; ends: $.more false; items $.things of String");
}

#[test]
fn a_broken_extension_is_named_by_pointer_and_the_operation_does_not_page() {
    let cases = [
        ("type: pages", "pagination type `pages` is not one of `offsetLimit`, `cursor` and `url`"),
        ("type: cursor\n        inputs: [{name: cursor, in: requestBody, type: cursor}]", "input `cursor` is not in `parameters`; only query parameters can page"),
        ("type: cursor\n        inputs: [{name: token, in: parameters, type: cursor}]", "input `token` is not a query parameter"),
        ("type: url\n        outputs: {nextUrl: $.links.next}", "`$.links.next`: `ListThingsResponse` has no field `links`"),
        ("type: url\n        outputs: {nextUrl: $.more}", "`$.more` is not a string or an integer"),
        ("type: offsetLimit\n        inputs: [{name: cursor, in: parameters, type: limit}]", "an `offsetLimit` pagination needs a `page` or `offset` input"),
    ];
    for (body, message) in cases {
        let extension = format!("      x-speakeasy-pagination:\n        {body}\n");
        let (pagination, warnings) = outcome(&extension, QUERY, PAGE);
        assert_eq!(pagination, None, "{body}");
        assert_eq!(
            warnings,
            [format!("#/paths/~1things/get/x-speakeasy-pagination: {message}; the operation is generated without pagination")]
        );
    }
    let ours = "      x-speakeasy-pagination: {type: offsetLimit, inputs: [{name: page, in: parameters, type: page}]}\n      x-client-pagination: {lastPage: $.things}\n";
    let (pagination, warnings) = outcome(ours, QUERY, PAGE);
    assert_eq!(pagination, None);
    assert_eq!(warnings, ["#/paths/~1things/get/x-client-pagination: `$.things` is not a boolean; the operation is generated without pagination"]);
}

#[test]
fn when_in_doubt_an_operation_does_not_page() {
    // A cursor field with no parameter to send it back in.
    let no_param = "        - {name: page_size, in: query, schema: {type: integer}}\n";
    let cursor_page = "                type: object\n                properties:\n                  things: {type: array, items: {type: string}}\n                  next_cursor: {type: string}\n";
    assert_eq!(outcome("", no_param, cursor_page).0, None);
    // Two arrays: which one holds the items is a guess.
    let two_arrays = "                type: object\n                properties:\n                  things: {type: array, items: {type: string}}\n                  others: {type: array, items: {type: string}}\n                  next_cursor: {type: string}\n";
    assert_eq!(outcome("", "        - {name: cursor, in: query, schema: {type: string}}\n", two_arrays).0, None);
    // Page numbers with no page count: the end would be a guess.
    let numbered = "                type: object\n                properties:\n                  things: {type: array, items: {type: string}}\n                  page: {type: integer}\n";
    assert_eq!(outcome("", QUERY, numbered).0, None);
}

#[test]
fn common_shapes_are_detected_with_a_note() {
    let cursor_page = "                type: object\n                properties:\n                  things: {type: array, items: {type: string}}\n                  meta: {type: object, properties: {next_cursor: {type: string, nullable: true}}}\n";
    let (pagination, _) = outcome("", QUERY, cursor_page);
    assert_eq!(summary(&pagination.unwrap()), "cursor `cursor` ← $.meta.next_cursor; ends: ; items $.things of String");

    let linked = "                type: object\n                properties:\n                  things: {type: array, items: {type: string}}\n                  links: {type: object, properties: {next: {type: string, format: uri}}}\n";
    let (pagination, _) = outcome("", QUERY, linked);
    assert_eq!(summary(&pagination.unwrap()), "link ← $.links.next; ends: ; items $.things of String");

    let counted = "                type: object\n                properties:\n                  things: {type: array, items: {type: string}}\n                  total_pages: {type: integer}\n";
    let zero_based = "        - {name: page, in: query, schema: {type: integer, default: 0}}\n";
    let (pagination, _) = outcome("", zero_based, counted);
    assert_eq!(summary(&pagination.unwrap()), "page `page` from 0; ends: $.total_pages pages; items $.things of String");

    let text = spec("", zero_based, counted);
    let generated = generator::generate(text.as_bytes(), Path::new("x.yaml"), "x").unwrap();
    let notes: Vec<String> = generated.notes.iter().map(ToString::to_string).collect();
    assert_eq!(notes, ["#/paths/~1things/get: pages by number: `page` counts from 0, up to `$.total_pages` (detected; `x-speakeasy-pagination` on the operation overrides this)"]);
}
