//! `contract API=BASE_URL...`: calls every operation of each named API against
//! a Prism mock of its spec, once for the success response and once per
//! documented error status (asked for with Prism's `Prefer: code=` header).
//! Exits 1 if any request was reported as a violation or any response did not
//! decode into the operation's types.

use std::collections::BTreeSet;
use std::process::ExitCode;

use contract::Outcome;
use reqwest::header::{HeaderMap, HeaderValue};

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    // The HTTP clients below are built before any generated client's.
    openapi_client_runtime::install_tls_provider();
    let mut targets = Vec::new();
    for arg in std::env::args().skip(1) {
        match arg.split_once('=') {
            Some((api, url)) if contract::APIS.contains(&api) => targets.push((api.to_string(), url.to_string())),
            _ => {
                eprintln!("usage: contract API=BASE_URL... (APIs: {})", contract::APIS.join(", "));
                return ExitCode::from(2);
            }
        }
    }

    let (mut calls, mut failures, mut operations) = (0, 0, 0);
    for (api, base_url) in &targets {
        let mut report = |status: &str, name: &str, outcome: &Outcome, ok: bool| {
            calls += 1;
            if ok {
                println!("ok    {api} {name} ({status}): {outcome}");
            } else {
                failures += 1;
                println!("FAIL  {api} {name} ({status}): {outcome}");
            }
        };
        let successes = contract::run(api, base_url, reqwest::Client::new(), |_| true).await;
        operations += successes.len();
        for ran in &successes {
            report("success", ran.name, &ran.outcome, ran.outcome == Outcome::Value);
        }
        let documented: BTreeSet<u16> = successes.iter().flat_map(|ran| ran.error_statuses.iter().copied()).collect();
        for status in documented {
            let errors = contract::run(api, base_url, prefer_status(status), |statuses| statuses.contains(&status)).await;
            for ran in &errors {
                report(&status.to_string(), ran.name, &ran.outcome, ran.outcome.is_documented_error(status));
            }
        }
    }
    println!("contract: {operations} operations, {calls} calls, {failures} failed");
    if failures == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}

/// An HTTP client that asks Prism for the response with `status`.
fn prefer_status(status: u16) -> reqwest::Client {
    let mut headers = HeaderMap::new();
    headers.insert("prefer", HeaderValue::from_str(&format!("code={status}")).unwrap());
    reqwest::Client::builder().default_headers(headers).build().unwrap()
}
