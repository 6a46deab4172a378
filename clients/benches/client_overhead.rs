//! `cargo bench -p client-tests --bench client_overhead`: what a generated call
//! costs over the same request made with bare reqwest, against the same
//! server on 127.0.0.1, for a small JSON body and a 1 MB one.
//!
//! Every call sends the same GET (bearer token, `Accept: application/json`) and
//! decodes the body into the same generated type; the generated call adds its
//! request building, retry loop, span and `Response` wrapping. The generated
//! client has a per-attempt timeout by default, which costs reqwest a timer per
//! request, so bare reqwest is measured with that timeout and without it. Runs
//! alternate between the three, so drift on a shared machine hits all alike.
//! It prints medians and ratios and asserts nothing about time.

use std::time::{Duration, Instant};

use paystack_client::types::SubscriptionListResponse;
use serde_json::Value;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "sk_test_bench";

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let fixture = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/paystack/list.json")).unwrap();
        let small: Value = serde_json::from_str(&fixture).unwrap();
        let large = enlarged(&small, 1 << 20);
        println!(
            "{:<10} {:>8} {:>5} {:>12} {:>12} {:>12} {:>10} {:>10}",
            "body", "bytes", "runs", "bare", "bare+timeout", "generated", "vs bare", "vs b+t"
        );
        for (name, body, runs) in [("small GET", small, 2000), ("1 MB JSON", large, 100)] {
            let bytes = serde_json::to_vec(&body).unwrap();
            let server = MockServer::start().await;
            let template = ResponseTemplate::new(200).set_body_raw(bytes.clone(), "application/json");
            Mock::given(any()).respond_with(template).mount(&server).await;
            let [bare, timed, generated] = measure(&server.uri(), runs).await;
            let ratio = |base: Duration| generated.as_secs_f64() / base.as_secs_f64();
            println!(
                "{:<10} {:>8} {:>5} {:>12.1?} {:>12.1?} {:>12.1?} {:>10.3} {:>10.3}",
                name,
                bytes.len(),
                runs,
                bare,
                timed,
                generated,
                ratio(bare),
                ratio(timed)
            );
        }
    });
}

/// Medians of `runs` alternating calls of each kind (bare reqwest, bare
/// reqwest with the generated client's default timeout, the generated
/// client), after a warm-up of all three.
async fn measure(uri: &str, runs: usize) -> [Duration; 3] {
    paystack_client::install_tls_provider();
    let http = reqwest::Client::new();
    let url = format!("{uri}/subscription");
    let client = paystack_client::Client::builder().base_url(uri).bearer_auth(TOKEN).build().unwrap();
    let bare_call = |timeout: Option<Duration>| {
        let mut request = http.get(&url).bearer_auth(TOKEN).header("accept", "application/json");
        if let Some(timeout) = timeout {
            request = request.timeout(timeout);
        }
        async move {
            let response = request.send().await.unwrap();
            assert!(response.status().is_success());
            let body = response.bytes().await.unwrap();
            serde_json::from_slice::<SubscriptionListResponse>(&body).unwrap()
        }
    };
    let default_timeout = Some(Duration::from_secs(60));
    let mut times: [Vec<Duration>; 3] = Default::default();
    for round in 0..runs + runs.min(50) {
        let mut timed = Vec::new();
        let start = Instant::now();
        std::hint::black_box(bare_call(None).await);
        timed.push(start.elapsed());
        let start = Instant::now();
        std::hint::black_box(bare_call(default_timeout).await);
        timed.push(start.elapsed());
        let start = Instant::now();
        std::hint::black_box(client.subscription_list().await.unwrap());
        timed.push(start.elapsed());
        // The first rounds warm up connections and allocators.
        if round >= runs.min(50) {
            for (all, time) in times.iter_mut().zip(timed) {
                all.push(time);
            }
        }
    }
    times.map(median)
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// `page` with its `data` items repeated until the body is at least `size` bytes.
fn enlarged(page: &Value, size: usize) -> Value {
    let items = page["data"].as_array().unwrap();
    let item_size = serde_json::to_vec(&items[0]).unwrap().len();
    let mut bigger = page.clone();
    let data = bigger["data"].as_array_mut().unwrap();
    while data.len() * item_size < size {
        data.push(items[data.len() % items.len()].clone());
    }
    bigger
}
