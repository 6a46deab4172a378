//! Every operation of the four generated clients, called with every parameter
//! set, in one table per API; and what a call came to, in one shape for all
//! clients.
//!
//! `cargo xtask contract` drives these tables against Prism (a mock server
//! that validates requests against the spec); the wire tests in `clients/`
//! drive them against hand-written answers.

pub mod conekta;
pub mod paystack;
pub mod pepgate;
pub mod subscription_service;

mod operation;
mod outcome;

pub use outcome::Outcome;

pub use operation::{Call, Operation, operation};

/// The four APIs, by the stem of their spec file.
pub const APIS: [&str; 4] = ["conekta", "paystack", "pepgate", "subscription-service"];

/// A call that ran: the operation, the error statuses the vendor documents
/// for it, and what it came to.
pub struct Ran {
    pub name: &'static str,
    pub error_statuses: &'static [u16],
    pub outcome: Outcome,
}

/// Runs the operations of `api` whose documented error statuses `keep`
/// selects, against `base_url` through `http`, in table order.
pub async fn run(api: &str, base_url: &str, http: reqwest::Client, keep: impl Fn(&[u16]) -> bool) -> Vec<Ran> {
    async fn drain<E>(operations: Vec<Operation<'_, E>>, keep: impl Fn(&[u16]) -> bool) -> Vec<Ran>
    where
        Outcome: From<Result<(), E>>,
    {
        let mut ran = Vec::new();
        for Operation { name, error_statuses, call } in operations.into_iter().filter(|o| keep(o.error_statuses)) {
            ran.push(Ran { name, error_statuses, outcome: call.await.into() });
        }
        ran
    }
    match api {
        "conekta" => drain(conekta::every_operation(&conekta::client(base_url, http)), keep).await,
        "paystack" => drain(paystack::every_operation(&paystack::client(base_url, http)), keep).await,
        "pepgate" => drain(pepgate::every_operation(&pepgate::client(base_url, http)), keep).await,
        "subscription-service" => {
            let client = subscription_service::client(base_url, http);
            drain(subscription_service::every_operation(&client), keep).await
        }
        other => panic!("unknown API `{other}`"),
    }
}
