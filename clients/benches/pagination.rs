//! `cargo bench -p client-tests --bench pagination`: what `into_stream()` costs
//! over a hand-written page loop with the same generated client, against the
//! same server on 127.0.0.1.
//!
//! Both walk 20 Paystack pages of 50 subscriptions (`page` from 1 up to
//! `meta.pageCount`) and keep every item; the loop sends each page with
//! `send()` and reads `meta` itself. Walks alternate, so drift on a shared
//! machine hits both alike. It prints medians and their ratio and asserts
//! nothing about time.

use std::time::{Duration, Instant};

use futures_util::TryStreamExt;
use paystack_client::Client;
use paystack_client::types::SubscriptionListItem;
use serde_json::{Value, json};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const PAGES: i64 = 20;
const PER_PAGE: usize = 50;
const WALKS: usize = 100;

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let fixture = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/paystack/list.json")).unwrap();
        let listed: Value = serde_json::from_str(&fixture).unwrap();
        let item = listed["data"][0].clone();
        let server = MockServer::start().await;
        let page = move |request: &Request| {
            let number: i64 = request.url.query_pairs().find(|(k, _)| k == "page").map_or(1, |(_, v)| v.parse().unwrap());
            let body = json!({
                "status": true, "message": "ok", "data": vec![item.clone(); PER_PAGE],
                "meta": {"total": PAGES * 50, "skipped": (number - 1) * 50, "perPage": 50, "page": number, "pageCount": PAGES},
            });
            ResponseTemplate::new(200).set_body_raw(serde_json::to_vec(&body).unwrap(), "application/json")
        };
        Mock::given(any()).respond_with(page).mount(&server).await;
        let client = Client::builder().base_url(server.uri()).bearer_auth("sk_test_bench").build().unwrap();

        let mut times: [Vec<Duration>; 2] = Default::default();
        for walk in 0..WALKS + 10 {
            let start = Instant::now();
            let looped = hand_written_loop(&client).await;
            let looped_time = start.elapsed();
            let start = Instant::now();
            let streamed: Vec<SubscriptionListItem> = client.subscription_list().per_page(50).into_stream().try_collect().await.unwrap();
            let streamed_time = start.elapsed();
            assert_eq!(looped.len(), streamed.len());
            if walk >= 10 {
                times[0].push(looped_time);
                times[1].push(streamed_time);
            }
        }
        let [looped, streamed] = times.map(median);
        println!("{:<28} {:>12} {:>12} {:>8}", "walk (20 pages x 50 items)", "loop", "into_stream", "ratio");
        println!(
            "{:<28} {:>12.2?} {:>12.2?} {:>8.3}",
            format!("median of {WALKS}"),
            looped,
            streamed,
            streamed.as_secs_f64() / looped.as_secs_f64()
        );
    });
}

/// What a user writes without auto-pagination.
async fn hand_written_loop(client: &Client) -> Vec<SubscriptionListItem> {
    let mut items = Vec::new();
    let mut page = 1;
    loop {
        let response = client.subscription_list().per_page(50).page(page).send().await.unwrap();
        items.extend(response.data);
        if response.meta.page >= response.meta.page_count {
            return items;
        }
        page += 1;
    }
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}
