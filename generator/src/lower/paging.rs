//! Which list operations page, and how: from the `x-speakeasy-pagination`
//! extension (with our `x-client-pagination` for what it cannot say), or
//! detected from a few unambiguous shapes. When in doubt, an operation does
//! not page.
//!
//! Runs on the finished IR, so paths into a page name the fields, presence and
//! types that the generated structs have.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::diagnostic::{Warning, push_pointer};
use crate::ir::{
    Method, NextPage, Operation, Outcome, PageSize, Pagination, PaginationSource, Param, ParamLocation, PathStep, TypeDef,
    TypeKind, TypeRef, ValuePath, resolve_alias,
};

/// The vendor extension real specs carry.
const SPEAKEASY: &str = "x-speakeasy-pagination";
/// Our extension, beside it or beside a detected shape: `firstPage`,
/// `lastPage` and `hasMore` (see the README).
const OURS: &str = "x-client-pagination";

/// Sets [`Operation::pagination`] on every operation that pages.
pub(super) fn paginate(
    types: &BTreeMap<String, TypeDef>,
    operations: &mut [Operation],
    raw: &Value,
    warnings: &mut Vec<Warning>,
) {
    for op in operations {
        let raw_op = raw.pointer(&op.origin).unwrap_or(&Value::Null);
        let Outcome::Type(page) = &op.success else {
            if raw_op.get(SPEAKEASY).is_some() {
                let message = "the operation does not have one success type, so it cannot page; it is generated without pagination";
                warnings.push(Warning::at(push_pointer(&op.origin, SPEAKEASY), message));
            }
            continue;
        };
        let reader = PageReader { types, page };
        let found = match raw_op.get(SPEAKEASY) {
            Some(extension) => from_extension(op, &reader, extension).map(Some).map_err(|message| (SPEAKEASY, message)),
            None => Ok(detect(op, &reader)),
        };
        let found = found.and_then(|pagination| match (pagination, raw_op.get(OURS)) {
            (Some(pagination), Some(ours)) => apply_ours(pagination, &reader, ours).map(Some).map_err(|m| (OURS, m)),
            (pagination, _) => Ok(pagination),
        });
        match found {
            Ok(pagination) => op.pagination = pagination.map(keep_short_page_only_as_last_resort),
            Err((extension, message)) => warnings.push(Warning::at(
                push_pointer(&op.origin, extension),
                format!("{message}; the operation is generated without pagination"),
            )),
        }
    }
}

/// Reads `x-speakeasy-pagination`.
fn from_extension(op: &Operation, reader: &PageReader, extension: &Value) -> Result<Pagination, String> {
    let kind = extension.get("type").and_then(Value::as_str).unwrap_or_default();
    let mut inputs: BTreeMap<&str, &Param> = BTreeMap::new();
    for input in extension.get("inputs").and_then(Value::as_array).into_iter().flatten() {
        let name = input.get("name").and_then(Value::as_str).unwrap_or_default();
        let role = input.get("type").and_then(Value::as_str).unwrap_or_default();
        if input.get("in").and_then(Value::as_str) != Some("parameters") {
            return Err(format!("input `{name}` is not in `parameters`; only query parameters can page"));
        }
        let param = query_param(op, name).ok_or_else(|| format!("input `{name}` is not a query parameter"))?;
        inputs.insert(role, param);
    }
    let outputs = extension.get("outputs").cloned().unwrap_or(Value::Null);
    let output = |key: &str| outputs.get(key).and_then(Value::as_str);
    let path = |key: &str, want: Want| output(key).map(|text| reader.path(text, want)).transpose();
    let page_size = inputs.get("limit").map(|param| page_size(param));
    let (next, next_value) = match kind {
        "offsetLimit" => match (inputs.get("page"), inputs.get("offset")) {
            (Some(page), _) => (NextPage::Page { param: page.wire_name.clone(), first: first_page(page) }, None),
            (None, Some(offset)) => (NextPage::Offset { param: offset.wire_name.clone() }, None),
            (None, None) => return Err("an `offsetLimit` pagination needs a `page` or `offset` input".into()),
        },
        "cursor" => {
            let param = inputs.get("cursor").ok_or("a `cursor` pagination needs a `cursor` input")?;
            let next = path("nextCursor", Want::Text)?.ok_or("a `cursor` pagination needs a `nextCursor` output")?;
            (NextPage::Cursor { param: param.wire_name.clone() }, Some(next))
        }
        "url" => {
            let next = path("nextUrl", Want::Text)?.ok_or("a `url` pagination needs a `nextUrl` output")?;
            (NextPage::Link, Some(next))
        }
        other => return Err(format!("pagination type `{other}` is not one of `offsetLimit`, `cursor` and `url`")),
    };
    let items = match output("results") {
        Some(text) => reader.path(text, Want::Items)?,
        None => reader.only_array().ok_or("no `results` output, and the page has no single array of items")?,
    };
    Ok(Pagination {
        item: items.ty.clone(),
        items,
        next,
        next_value,
        has_more: None,
        last_page: None,
        total_pages: path("numPages", Want::Integer)?,
        short_page: page_size,
        source: PaginationSource::Extension,
    })
}

/// Adds what `x-client-pagination` says to a pagination found otherwise.
fn apply_ours(mut pagination: Pagination, reader: &PageReader, ours: &Value) -> Result<Pagination, String> {
    let Some(fields) = ours.as_object() else { return Err("it must be an object".into()) };
    for (key, value) in fields {
        match (key.as_str(), &mut pagination.next) {
            ("firstPage", NextPage::Page { first, .. }) => {
                *first = value.as_i64().ok_or("`firstPage` must be an integer")?;
            }
            ("firstPage", _) => return Err("`firstPage` needs a page-number pagination".into()),
            ("lastPage" | "hasMore", _) => {
                let text = value.as_str().ok_or_else(|| format!("`{key}` must be a path such as `$.last`"))?;
                let path = Some(reader.path(text, Want::Bool)?);
                if key == "lastPage" {
                    pagination.last_page = path;
                } else {
                    pagination.has_more = path;
                }
            }
            (other, _) => return Err(format!("unknown key `{other}`: expected `firstPage`, `lastPage` or `hasMore`")),
        }
    }
    Ok(pagination)
}

/// Keeps the page size as the end of the data only for pagination by number
/// or offset with no other sign of the end: a server that caps the page size
/// would otherwise end the stream early.
fn keep_short_page_only_as_last_resort(mut pagination: Pagination) -> Pagination {
    let other_sign = pagination.total_pages.is_some() || pagination.last_page.is_some() || pagination.has_more.is_some();
    let by_position = matches!(pagination.next, NextPage::Page { .. } | NextPage::Offset { .. });
    if other_sign || !by_position {
        pagination.short_page = None;
    }
    pagination
}

/// The shapes an operation without the extension pages by, each unambiguous.
fn detect(op: &Operation, reader: &PageReader) -> Option<Pagination> {
    if op.method != Method::Get {
        return None;
    }
    let items = reader.only_array()?;
    let field = |names: &[&str], want: Want| names.iter().find_map(|name| reader.find(name, want));
    let has_more = field(&["has_more", "hasMore"], Want::Bool);
    let base = |next, next_value, source: String| Pagination {
        item: items.ty.clone(),
        items: items.clone(),
        next,
        next_value,
        has_more: has_more.clone(),
        last_page: None,
        total_pages: None,
        short_page: None,
        source: PaginationSource::Detected(source),
    };
    // Stripe: `starting_after` takes the id of the last item; `has_more` ends.
    if let (Some(param), Some(_)) = (query_param(op, "starting_after"), &has_more) {
        let last_id = format!("{}[-1].id", items.text);
        if let Ok(next) = reader.path(&last_id, Want::Text) {
            let note = format!("pages by cursor: `{}` takes `{last_id}`, until `has_more` is false", param.wire_name);
            return Some(base(NextPage::Cursor { param: param.wire_name.clone() }, Some(next), note));
        }
    }
    // A cursor the page gives, sent back in the parameter of the same family.
    const CURSORS: &[(&str, &str)] = &[
        ("next_cursor", "cursor"),
        ("nextCursor", "cursor"),
        ("next_page_token", "page_token"),
        ("nextPageToken", "pageToken"),
    ];
    for (output, input) in CURSORS {
        if let (Some(next), Some(param)) = (reader.find(output, Want::Text), query_param(op, input)) {
            let note = format!("pages by cursor: `{}` takes `{}`, until it is null", param.wire_name, next.text);
            return Some(base(NextPage::Cursor { param: param.wire_name.clone() }, Some(next), note));
        }
    }
    // A link to the next page.
    let link = field(&["next_page_url", "nextPageUrl", "next_url", "nextUrl"], Want::Text)
        .or_else(|| ["links", "_links"].iter().find_map(|parent| reader.path(&format!("$.{parent}.next"), Want::Text).ok()));
    if let Some(next) = link {
        let note = format!("pages by following the link `{}`, until it is null", next.text);
        return Some(base(NextPage::Link, Some(next), note));
    }
    // Page numbers with a page count.
    let page = query_param(op, "page").filter(|param| matches!(param.ty, TypeRef::Integer(_)))?;
    const TOTALS: &[&str] =
        &["total_pages", "totalPages", "page_count", "pageCount", "num_pages", "numPages", "last_page", "lastPage"];
    let total = field(TOTALS, Want::Integer)?;
    let first = first_page(page);
    let note = format!("pages by number: `{}` counts from {first}, up to `{}`", page.wire_name, total.text);
    let mut pagination = base(NextPage::Page { param: page.wire_name.clone(), first }, None, note);
    pagination.total_pages = Some(total);
    Some(pagination)
}

fn query_param<'a>(op: &'a Operation, name: &str) -> Option<&'a Param> {
    op.params.iter().find(|p| p.location == ParamLocation::Query && p.wire_name == name)
}

/// The first page number: the parameter's default, else 1.
fn first_page(param: &Param) -> i64 {
    param.default.as_ref().and_then(Value::as_i64).unwrap_or(1)
}

fn page_size(param: &Param) -> PageSize {
    PageSize { param: param.wire_name.clone(), default: param.default.as_ref().and_then(Value::as_i64) }
}

/// What a path into a page must reach.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Want {
    Items,
    /// A cursor or a link: a string, an integer or a UUID.
    Text,
    Integer,
    Bool,
}

/// Paths into one operation's page type.
struct PageReader<'a> {
    types: &'a BTreeMap<String, TypeDef>,
    page: &'a TypeRef,
}

impl PageReader<'_> {
    /// Follows a `$.a.b[-1].c` path through the generated types.
    fn path(&self, text: &str, want: Want) -> Result<ValuePath, String> {
        let rest = text.strip_prefix('$').ok_or_else(|| format!("`{text}` is not a path starting with `$`"))?;
        let rest = rest.strip_prefix('.').unwrap_or(rest);
        let mut steps = Vec::new();
        let mut ty = self.page;
        for part in rest.split('.').filter(|_| !rest.is_empty()) {
            let (name, last_item) = match part.strip_suffix("[-1]") {
                Some(name) => (name, true),
                None => (part, false),
            };
            if !name.is_empty() || !last_item {
                let (step, field_ty) = self.field(resolve_alias(self.types, ty), name, text)?;
                steps.push(step);
                ty = field_ty;
            }
            if last_item {
                let TypeRef::Array(inner) = resolve_alias(self.types, ty) else {
                    return Err(format!("`{text}`: `[-1]` follows something that is not an array"));
                };
                steps.push(PathStep::LastItem);
                ty = inner;
            }
        }
        let ty = resolve_alias(self.types, ty).clone();
        let fits = match want {
            Want::Items => matches!(ty, TypeRef::Array(_)),
            Want::Text => matches!(ty, TypeRef::String | TypeRef::Integer(_)),
            Want::Integer => matches!(ty, TypeRef::Integer(_)),
            Want::Bool => ty == TypeRef::Bool,
        };
        if !fits {
            return Err(format!("`{text}` is not {}", match want {
                Want::Items => "an array",
                Want::Text => "a string or an integer",
                Want::Integer => "an integer",
                Want::Bool => "a boolean",
            }));
        }
        let ty = match (want, ty) {
            (Want::Items, TypeRef::Array(item)) => *item,
            (_, ty) => ty,
        };
        Ok(ValuePath { text: text.to_string(), steps, ty })
    }

    /// The field `name` of `ty`, as a step, and its type.
    fn field(&self, ty: &TypeRef, name: &str, text: &str) -> Result<(PathStep, &TypeRef), String> {
        let TypeRef::Named(type_name) = ty else {
            return Err(format!("`{text}`: `{name}` is not a field of an object"));
        };
        let field = match self.types.get(type_name).map(|def| &def.kind) {
            Some(TypeKind::Struct(s)) => s.fields.iter().find(|field| field.wire_name == name),
            _ => None,
        };
        let field = field.ok_or_else(|| format!("`{text}`: `{type_name}` has no field `{name}`"))?;
        Ok((PathStep::Field { rust_name: field.rust_name.clone(), presence: field.presence() }, &field.ty))
    }

    /// The page itself if it is an array, or its one array field.
    fn only_array(&self) -> Option<ValuePath> {
        if let Ok(items) = self.path("$", Want::Items) {
            return Some(items);
        }
        let mut arrays = self.fields().into_iter().filter_map(|name| self.path(&format!("$.{name}"), Want::Items).ok());
        let items = arrays.next()?;
        arrays.next().is_none().then_some(items)
    }

    /// A field named `name` of the page, or of an object field of the page.
    fn find(&self, name: &str, want: Want) -> Option<ValuePath> {
        let top = self.path(&format!("$.{name}"), want).ok();
        top.or_else(|| self.fields().iter().find_map(|parent| self.path(&format!("$.{parent}.{name}"), want).ok()))
    }

    /// The wire names of the page's fields.
    fn fields(&self) -> Vec<&str> {
        match resolve_alias(self.types, self.page) {
            TypeRef::Named(name) => match self.types.get(name).map(|def| &def.kind) {
                Some(TypeKind::Struct(s)) => s.fields.iter().map(|field| field.wire_name.as_str()).collect(),
                _ => Vec::new(),
            },
            _ => Vec::new(),
        }
    }
}
