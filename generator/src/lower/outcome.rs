//! Responses → what an operation returns and fails with, and how each status is read.

use crate::ir::{Arm, ArmAction, BodyEncoding, Decode, ErrorParse, Outcome, Response, StatusEnum, StatusMatch, StatusVariant, TypeRef};
use crate::naming::Namespace;

/// The success and error outcomes of an operation and its match arms.
pub(super) struct Classified {
    pub success: Outcome,
    pub error: Outcome,
    pub arms: Vec<Arm>,
}

/// `names` holds the names of the operations module, where the enums are defined.
pub(super) fn classify(builder: &str, client_method: &str, responses: &[Response], names: &mut Namespace) -> Classified {
    let successes: Vec<&Response> = responses.iter().filter(|r| r.is_success()).collect();
    let errors: Vec<&Response> = responses.iter().filter(|r| !r.is_success()).collect();

    let success_types = distinct_types(&successes);
    let success = if success_types.is_empty() {
        Outcome::Unit
    } else if success_types.len() == 1 && successes.iter().all(|r| r.body.is_some()) {
        Outcome::Type(success_types[0].clone())
    } else {
        let name = names.claim(&format!("{builder}Response"));
        let doc = format!("The successful responses of [`Client::{client_method}`](crate::Client::{client_method}).");
        status_enum(name, doc, &successes, true)
    };

    let error_types = distinct_types(&errors);
    let mut error = match error_types.len() {
        0 => Outcome::UntypedJson,
        1 => Outcome::Type(error_types[0].clone()),
        _ => {
            let name = names.claim(&format!("{builder}Error"));
            let doc = format!("The error bodies of [`Client::{client_method}`](crate::Client::{client_method}), by status.");
            status_enum(name, doc, &errors, false)
        }
    };

    // An operation with one error schema reads the statuses it does not
    // declare with it too: the body is kept either way.
    let error_decode = errors.iter().find_map(|r| r.body.as_ref()).map(|body| decode_of(body.encoding));
    let mut arms = Reading { success: &success, error: &error, error_decode }.arms(responses);
    // Successes are 2XX and failures anything else, so the successes can come
    // first and one catch-all arm leave every failure to the error enum.
    if let Outcome::Enum(error_enum) = &mut error {
        let (failures, successes) = arms.into_iter().partition(|arm| matches!(arm.action, ArmAction::Fail(_)));
        error_enum.arms = failures;
        arms = successes;
        arms.push(Arm { statuses: vec![StatusMatch::Default], action: ArmAction::ReadError });
    }
    Classified { success, error, arms }
}

fn distinct_types<'a>(responses: &[&'a Response]) -> Vec<&'a TypeRef> {
    let mut types: Vec<&TypeRef> = Vec::new();
    for body in responses.iter().filter_map(|r| r.body.as_ref()) {
        if !types.contains(&&body.ty) {
            types.push(&body.ty);
        }
    }
    types
}

/// An enum with a variant per response status, wrapping each body. A response without
/// a body gets a unit variant if `unit_for_empty`, else no variant.
fn status_enum(name: String, doc: String, responses: &[&Response], unit_for_empty: bool) -> Outcome {
    let mut variant_names = Namespace::new();
    let variants = responses
        .iter()
        .filter(|response| response.body.is_some() || unit_for_empty)
        .map(|response| StatusVariant {
            status: response.status,
            name: variant_names.claim(&status_variant(response.status)),
            doc: format!("{}: {}", status_label(response.status), response.description.trim()),
            body: response.body.as_ref().map(|b| b.ty.clone()),
        })
        .collect();
    Outcome::Enum(StatusEnum { name, doc, variants, arms: Vec::new(), same_as: None })
}

fn status_variant(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(200) => "Ok".into(),
        StatusMatch::Code(201) => "Created".into(),
        StatusMatch::Code(202) => "Accepted".into(),
        StatusMatch::Code(203) => "NonAuthoritativeInformation".into(),
        StatusMatch::Code(204) => "NoContent".into(),
        StatusMatch::Code(206) => "PartialContent".into(),
        StatusMatch::Code(code) => format!("Status{code}"),
        StatusMatch::Range(class) => format!("Status{class}xx"),
        StatusMatch::Default => "Default".into(),
    }
}

fn status_label(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => format!("`{code}`"),
        StatusMatch::Range(class) => format!("`{class}XX`"),
        StatusMatch::Default => "Any other status".into(),
    }
}

fn decode_of(encoding: BodyEncoding) -> Decode {
    match encoding {
        BodyEncoding::Json | BodyEncoding::Form => Decode::Json,
        BodyEncoding::Text => Decode::Text,
        BodyEncoding::Binary | BodyEncoding::Multipart => Decode::Bytes,
    }
}

/// How the statuses of one operation are read into its outcomes.
struct Reading<'a> {
    success: &'a Outcome,
    error: &'a Outcome,
    /// How the first declared error body is read.
    error_decode: Option<Decode>,
}

/// Exact codes before ranges before `default`, as OpenAPI specifies.
fn precedence(status: StatusMatch) -> u8 {
    match status {
        StatusMatch::Code(_) => 0,
        StatusMatch::Range(_) => 1,
        StatusMatch::Default => 2,
    }
}

impl Reading<'_> {
    /// The enum variant that holds `status`, if the outcome is an enum.
    fn variant(outcome: &Outcome, status: StatusMatch) -> Option<String> {
        let Outcome::Enum(status_enum) = outcome else { return None };
        status_enum.variants.iter().find(|v| v.status == status).map(|v| v.name.clone())
    }

    /// What an undeclared status falls to when there is no `default`.
    fn fallback(&self) -> ErrorParse {
        match (self.error, self.error_decode) {
            (Outcome::UntypedJson, _) => ErrorParse::Decode { decode: Decode::Json, variant: None },
            (Outcome::Type(_), Some(decode)) => ErrorParse::Decode { decode, variant: None },
            _ => ErrorParse::Unparsed,
        }
    }

    fn error_parse(&self, response: &Response) -> ErrorParse {
        let Some(body) = &response.body else { return self.fallback() };
        let variant = Self::variant(self.error, response.status);
        ErrorParse::Decode { decode: decode_of(body.encoding), variant }
    }

    fn action(&self, response: &Response) -> ArmAction {
        if !response.is_success() {
            return ArmAction::Fail(self.error_parse(response));
        }
        let decode = response.body.as_ref().map_or(Decode::Empty, |b| decode_of(b.encoding));
        ArmAction::Succeed { decode, variant: Self::variant(self.success, response.status) }
    }

    fn arms(&self, responses: &[Response]) -> Vec<Arm> {
        let mut ordered: Vec<&Response> = responses.iter().collect();
        ordered.sort_by_key(|r| precedence(r.status));
        let default = responses.iter().find(|r| r.status == StatusMatch::Default);
        let catch_all = match default {
            Some(default) => self.action(default),
            None => ArmAction::Fail(self.fallback()),
        };
        // An error arm that reads exactly like the catch-all is left to it: a range
        // always, a code unless a range that reads otherwise would claim it first.
        let repeats_catch_all = |r: &Response| !r.is_success() && self.action(r) == catch_all;
        let claimed_by_other_range = |code: u16| {
            responses
                .iter()
                .any(|r| matches!(r.status, StatusMatch::Range(class) if class == code / 100) && !repeats_catch_all(r))
        };
        let mut arms: Vec<Arm> = Vec::new();
        for response in ordered {
            let folded = match response.status {
                StatusMatch::Code(code) => repeats_catch_all(response) && !claimed_by_other_range(code),
                StatusMatch::Range(_) => repeats_catch_all(response),
                StatusMatch::Default => false,
            };
            if folded {
                continue;
            }
            let action = self.action(response);
            // Exact codes read the same way share one arm.
            let shared = matches!(response.status, StatusMatch::Code(_)).then(|| {
                arms.iter_mut().find(|arm| {
                    arm.action == action && arm.statuses.len() < 8 && matches!(arm.statuses[0], StatusMatch::Code(_))
                })
            });
            match shared.flatten() {
                Some(arm) => arm.statuses.push(response.status),
                None => arms.push(Arm { statuses: vec![response.status], action }),
            }
        }
        if default.is_none() {
            arms.push(Arm { statuses: vec![StatusMatch::Default], action: catch_all });
        }
        for arm in &mut arms {
            arm.statuses.sort();
        }
        // Codes and ranges never overlap among themselves, so sorting keeps the meaning.
        arms.sort_by_key(|arm| (precedence(arm.statuses[0]), arm.statuses[0]));
        arms
    }
}
