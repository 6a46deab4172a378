//! Auto-pagination on the wire: each API's list operations stream every item
//! of every page, sending exactly the page requests the API expects, and stop
//! at the end of the data, at a repeated cursor or link, and at an error.

use futures_util::{StreamExt, TryStreamExt};
use serde_json::{Value, json};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use crate::support::*;

/// A server that answers each request with the page `page` picks for it.
async fn serving(page: impl Fn(&Request) -> ResponseTemplate + Send + Sync + 'static) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(page).mount(&server).await;
    server
}

async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("recording is on")
}

/// The value of a query parameter, if the request sent it.
fn query(request: &Request, name: &str) -> Option<String> {
    request.url.query_pairs().find(|(key, _)| key == name).map(|(_, value)| value.into_owned())
}

/// Every query pair but `name`: the filters, which every page must repeat.
fn other_pairs(request: &Request, name: &str) -> Vec<(String, String)> {
    query_pairs(request).into_iter().filter(|(key, _)| key != name).collect()
}

/// `count` copies of `item`, with the ids `first`, `first + 1`, … written by `id`.
fn items(item: &Value, first: i64, count: i64, id: fn(i64) -> Value) -> Vec<Value> {
    (first..first + count)
        .map(|number| {
            let mut item = item.clone();
            item["id"] = id(number);
            item
        })
        .collect()
}

fn number(id: i64) -> Value {
    json!(id)
}

mod paystack {
    use paystack_client::{Client, Error, RequestOptions};

    use super::*;

    fn client(server: &MockServer) -> Client {
        Client::builder().base_url(server.uri()).bearer_auth("sk_test_abc").build().unwrap()
    }

    /// Three pages of two, two and one subscriptions; `page` counts from 1.
    fn page(request: &Request) -> ResponseTemplate {
        let listed = fixture("paystack/list.json");
        let number: i64 = query(request, "page").map_or(1, |page| page.parse().unwrap());
        let count = if number < 3 { 2 } else { 1 };
        let body = json!({
            "status": true,
            "message": "Subscriptions retrieved",
            "data": items(&listed["data"][0], (number - 1) * 2 + 1, count, super::number),
            "meta": {"total": 5, "skipped": (number - 1) * 2, "perPage": 2, "page": number, "pageCount": 3},
        });
        json_response(200, "application/json", &body)
    }

    #[tokio::test]
    async fn every_subscription_of_every_page_with_the_filters_on_each() {
        let server = serving(page).await;
        let ids: Vec<i64> = client(&server)
            .subscription_list()
            .per_page(2)
            .plan(2697466)
            .customer("1173")
            .into_stream()
            .map_ok(|subscription| subscription.id)
            .try_collect()
            .await
            .unwrap();
        assert_eq!(ids, [1, 2, 3, 4, 5]);

        let sent = requests(&server).await;
        let pages: Vec<Option<String>> = sent.iter().map(|request| query(request, "page")).collect();
        assert_eq!(pages, [None, Some("2".into()), Some("3".into())], "pages count from 1; the first is the server's");
        for request in &sent {
            assert_request_line(request, "GET", "/subscription");
            assert_eq!(other_pairs(request, "page"), pairs(&[("perPage", "2"), ("plan", "2697466"), ("customer", "1173")]));
            assert_eq!(header(request, "authorization"), Some("Bearer sk_test_abc"));
        }
    }

    #[tokio::test]
    async fn pages_start_where_the_request_says_and_keep_their_metadata() {
        let server = serving(page).await;
        let pages: Vec<_> = client(&server).subscription_list().page(2).pages().try_collect().await.unwrap();
        let numbers: Vec<i64> = pages.iter().map(|page| page.meta.page).collect();
        assert_eq!(numbers, [2, 3]);
        assert_eq!(requests(&server).await.len(), 2);
    }

    #[tokio::test]
    async fn an_empty_first_page_is_the_end() {
        let body = json!({
            "status": true, "message": "Subscriptions retrieved", "data": [],
            "meta": {"total": 0, "skipped": 0, "perPage": 50, "page": 1, "pageCount": 0},
        });
        let server = serve(json_response(200, "application/json", &body)).await;
        let items: Vec<_> = client(&server).subscription_list().into_stream().try_collect().await.unwrap();
        assert!(items.is_empty());
        assert_eq!(requests(&server).await.len(), 1);
    }

    #[tokio::test]
    async fn an_error_on_page_two_follows_the_items_of_page_one() {
        let server = serving(|request: &Request| match query(request, "page").as_deref() {
            None => page(request),
            Some(_) => json_response(404, "application/json", &json!({"status": false, "message": "Gone"})),
        })
        .await;
        let client = client(&server);
        let mut stream = client.subscription_list().per_page(2).into_stream();
        assert_eq!(stream.next().await.unwrap().unwrap().id, 1);
        assert_eq!(stream.next().await.unwrap().unwrap().id, 2);
        let error = stream.next().await.unwrap().unwrap_err();
        assert!(matches!(&error, Error::Api(api) if api.status == 404), "{error:?}");
        assert!(error.parsed().is_some_and(|body| body.message.as_deref() == Some("Gone")));
        assert!(stream.next().await.is_none(), "the stream ends after the error");
        assert_eq!(requests(&server).await.len(), 2);
    }

    #[tokio::test]
    async fn every_page_goes_through_retries_and_options() {
        let server = MockServer::start().await;
        // The second page fails once with 503, then is served.
        Mock::given(wiremock::matchers::query_param("page", "2"))
            .respond_with(ResponseTemplate::new(503))
            .up_to_n_times(1)
            .with_priority(1)
            .mount(&server)
            .await;
        Mock::given(any()).respond_with(page).mount(&server).await;
        let client = Client::builder()
            .base_url(server.uri())
            .bearer_auth("sk_test_abc")
            .retry_backoff(std::time::Duration::from_millis(1), std::time::Duration::from_millis(5))
            .build()
            .unwrap();
        let options = RequestOptions::new().header("x-trace", "list-all");
        let items: Vec<_> = client.subscription_list().with_options(options).into_stream().try_collect().await.unwrap();
        assert_eq!(items.len(), 5);

        let sent = requests(&server).await;
        let pages: Vec<Option<String>> = sent.iter().map(|request| query(request, "page")).collect();
        assert_eq!(pages, [None, Some("2".into()), Some("2".into()), Some("3".into())]);
        assert!(sent.iter().all(|request| header(request, "x-trace") == Some("list-all")));
    }
}

mod subscription_service {
    use subscription_service_client::Client;

    use super::*;

    fn client(server: &MockServer) -> Client {
        Client::builder().base_url(server.uri()).jwt("token").build().unwrap()
    }

    /// Pages of two, counted from 0; `flag_last` says whether the last page
    /// sets `last: true` or only `number + 1 == totalPages` marks it.
    fn page(request: &Request, item: &Value, flag_last: bool) -> ResponseTemplate {
        let number: i64 = query(request, "page").map_or(0, |page| page.parse().unwrap());
        let count = if number < 2 { 2 } else { 1 };
        let mut body = json!({
            "format": "short",
            "items": items(item, number * 2 + 1, count, |id| json!(format!("sub_{id}"))),
            "number": number,
            "size": 2,
            "totalItems": 5,
            "totalPages": 3,
        });
        if flag_last || number < 2 {
            body["last"] = json!(number == 2);
        }
        json_response(200, "application/json", &body)
    }

    #[tokio::test]
    async fn subscriptions_page_from_zero_until_the_last_flag() {
        let item = fixture("subscription-service/subscriptions-page.json")["items"][0].clone();
        let server = serving(move |request: &Request| page(request, &item, true)).await;
        let ids: Vec<Option<String>> = client(&server)
            .get_all_subscriptions()
            .size(2)
            .into_stream()
            .map_ok(|subscription| subscription.id)
            .try_collect()
            .await
            .unwrap();
        let expected: Vec<Option<String>> = (1..=5).map(|id| Some(format!("sub_{id}"))).collect();
        assert_eq!(ids, expected);

        let sent = requests(&server).await;
        let pages: Vec<Option<String>> = sent.iter().map(|request| query(request, "page")).collect();
        assert_eq!(pages, [None, Some("1".into()), Some("2".into())], "the first page is 0, the server's default");
        for request in &sent {
            assert_request_line(request, "GET", "/subscriptions");
            assert_eq!(other_pairs(request, "page"), pairs(&[("size", "2")]));
        }
    }

    #[tokio::test]
    async fn models_stop_at_the_page_count_without_a_last_flag() {
        let item = fixture("subscription-service/models-page.json")["items"][0].clone();
        let server = serving(move |request: &Request| page(request, &item, false)).await;
        let pages: Vec<_> = client(&server).get_all_subscriptions_models().page(0).size(2).pages().try_collect().await.unwrap();
        let numbers: Vec<Option<i64>> = pages.iter().map(|page| page.number).collect();
        assert_eq!(numbers, [Some(0), Some(1), Some(2)]);
        assert_eq!(pages[2].last, None, "the last page carries no flag: the page count ends the stream");
        let sent: Vec<Option<String>> = requests(&server).await.iter().map(|request| query(request, "page")).collect();
        assert_eq!(sent, [Some("0".into()), Some("1".into()), Some("2".into())]);
    }
}

mod pepgate {
    use pepgate_client::Client;
    use pepgate_client::types::{BillingCycleType, PaymentPlanType, SubscriptionStatus};

    use super::*;

    fn client(server: &MockServer) -> Client {
        Client::builder().base_url(server.uri()).basic_auth("svc-user", "secret").build().unwrap()
    }

    /// A bare array of up to `limit` subscriptions from `offset`, out of five.
    fn page(request: &Request) -> ResponseTemplate {
        let item = fixture("pepgate/subscription.json");
        let offset: i64 = query(request, "offset").map_or(0, |offset| offset.parse().unwrap());
        let limit: i64 = query(request, "limit").map_or(100, |limit| limit.parse().unwrap());
        let count = limit.min(5 - offset).max(0);
        json_response(200, "application/json", &Value::Array(items(&item, offset + 1, count, number)))
    }

    #[tokio::test]
    async fn offsets_advance_by_the_items_received_until_a_short_page() {
        let server = serving(page).await;
        let day = |text: &str| text.parse::<chrono::NaiveDate>().unwrap();
        // Every filter the operation takes, each of which must stay on every page.
        let ids: Vec<Option<i64>> = client(&server)
            .find_subscriptions("10045")
            .limit(2)
            .billing_cycle_type(BillingCycleType::M)
            .create_date_from(day("2024-01-01"))
            .create_date_to(day("2024-01-31"))
            .last_billing_date_from(day("2024-02-01"))
            .last_billing_date_to(day("2024-02-29"))
            .next_billing_date_from(day("2024-03-01"))
            .next_billing_date_to(day("2024-03-31"))
            .amount_from(1000)
            .amount_to(5000)
            .plan_id(3001)
            .r#type(PaymentPlanType::F)
            .status(SubscriptionStatus::C)
            .name("Gold")
            .into_stream()
            .map_ok(|subscription| subscription.id)
            .try_collect()
            .await
            .unwrap();
        assert_eq!(ids, [Some(1), Some(2), Some(3), Some(4), Some(5)]);

        let sent = requests(&server).await;
        let offsets: Vec<Option<String>> = sent.iter().map(|request| query(request, "offset")).collect();
        assert_eq!(offsets, [None, Some("2".into()), Some("4".into())], "a page of one is shorter than the limit of two");
        let filters = pairs(&[
            ("limit", "2"),
            ("billingCycleType", "M"),
            ("createDateFrom", "2024-01-01"),
            ("createDateTo", "2024-01-31"),
            ("lastBillingDateFrom", "2024-02-01"),
            ("lastBillingDateTo", "2024-02-29"),
            ("nextBillingDateFrom", "2024-03-01"),
            ("nextBillingDateTo", "2024-03-31"),
            ("amountFrom", "1000"),
            ("amountTo", "5000"),
            ("planId", "3001"),
            ("type", "F"),
            ("status", "C"),
            ("name", "Gold"),
        ]);
        for request in &sent {
            assert_request_line(request, "GET", "/customers/10045/subscriptions");
            assert_eq!(other_pairs(request, "offset"), filters);
        }
    }

    #[tokio::test]
    async fn an_empty_first_page_is_the_end() {
        let server = serve(json_response(200, "application/json", &json!([]))).await;
        let items: Vec<_> = client(&server).find_subscriptions("10045").limit(2).into_stream().try_collect().await.unwrap();
        assert!(items.is_empty());
        assert_eq!(requests(&server).await.len(), 1);
    }

    #[tokio::test]
    async fn without_a_limit_the_documented_default_of_100_decides_a_short_page() {
        let server = serving(page).await;
        let items: Vec<_> = client(&server).find_subscriptions("10045").into_stream().try_collect().await.unwrap();
        assert_eq!(items.len(), 5);
        assert_eq!(requests(&server).await.len(), 1, "five is fewer than the default page of 100");
    }
}

mod conekta {
    use conekta_client::types::AcceptLanguage;
    use conekta_client::{Client, Error, PaginationError};

    use super::*;

    const MEDIA_TYPE: &str = "application/vnd.conekta-v2.1.0+json";

    fn client(server: &MockServer) -> Client {
        Client::builder().base_url(server.uri()).bearer_auth("key_test_123").build().unwrap()
    }

    /// Events `first..first + count`, linking to `next` unless it is `None`.
    fn page(first: i64, count: i64, next: Option<String>) -> ResponseTemplate {
        let event = &fixture("conekta/events.json")["data"][0];
        let data = items(event, first, count, |id| json!(format!("evt_{id}")));
        let body = json!({
            "has_more": next.is_some(), "object": "list", "next_page_url": next, "previous_page_url": null, "data": data,
        });
        json_response(200, MEDIA_TYPE, &body)
    }

    #[tokio::test]
    async fn events_follow_next_page_url_exactly_until_has_more_is_false() {
        let server = MockServer::start().await;
        let base = server.uri();
        let link = move |next: &str| Some(format!("{base}/customers/cus_1/subscription/events?limit=2&next={next}"));
        let (second, third) = (link("evt_2"), link("evt_4"));
        server
            .register(Mock::given(any()).respond_with(move |request: &Request| match query(request, "next").as_deref() {
                None => page(1, 2, second.clone()),
                Some("evt_2") => page(3, 2, third.clone()),
                Some(_) => page(5, 1, None),
            }))
            .await;
        let ids: Vec<Option<String>> = client(&server)
            .get_all_events_from_subscription("cus_1")
            .accept_language(AcceptLanguage::Es)
            .into_stream()
            .map_ok(|event| event.id)
            .try_collect()
            .await
            .unwrap();
        let expected: Vec<Option<String>> = (1..=5).map(|id| Some(format!("evt_{id}"))).collect();
        assert_eq!(ids, expected);

        let sent = requests(&server).await;
        let targets: Vec<(&str, Option<&str>)> = sent.iter().map(|request| (request.url.path(), request.url.query())).collect();
        let path = "/customers/cus_1/subscription/events";
        assert_eq!(targets, [(path, None), (path, Some("limit=2&next=evt_2")), (path, Some("limit=2&next=evt_4"))]);
        for request in &sent {
            assert_eq!(header(request, "authorization"), Some("Bearer key_test_123"));
            assert_eq!(header(request, "accept"), Some(MEDIA_TYPE));
            assert_eq!(header(request, "accept-language"), Some("es"), "headers stay on every page");
        }
    }

    #[tokio::test]
    async fn a_repeated_link_ends_the_stream_with_an_error_after_the_items() {
        let server = MockServer::start().await;
        let looping = format!("{}/customers/cus_1/subscription/events?next=evt_2", server.uri());
        server.register(Mock::given(any()).respond_with(move |_: &Request| page(1, 2, Some(looping.clone())))).await;
        let results: Vec<_> = client(&server).get_all_events_from_subscription("cus_1").into_stream().collect().await;
        assert_eq!(results.len(), 5, "two items, two items again, then the error: {results:?}");
        assert!(results[..4].iter().all(Result::is_ok));
        let error = results[4].as_ref().unwrap_err();
        assert!(matches!(error, Error::Pagination(PaginationError::RepeatedLink(link)) if link.ends_with("next=evt_2")), "{error:?}");
        assert_eq!(requests(&server).await.len(), 2);
    }

    #[tokio::test]
    async fn a_link_to_another_server_is_not_followed() {
        let server = serve(page(1, 1, Some("https://elsewhere.example/steal?next=evt_2".into()))).await;
        let results: Vec<_> = client(&server).get_all_events_from_subscription("cus_1").into_stream().collect().await;
        assert_eq!(results.len(), 2);
        assert!(matches!(&results[1], Err(Error::Pagination(PaginationError::ForeignLink(_)))), "{results:?}");
        assert_eq!(requests(&server).await.len(), 1);
    }

    #[tokio::test]
    async fn a_null_next_page_url_ends_even_if_has_more_is_missing() {
        let server = serve(page(1, 2, None)).await;
        let items: Vec<_> = client(&server).get_all_events_from_subscription("cus_1").into_stream().try_collect().await.unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(requests(&server).await.len(), 1);
    }
}

/// A Stripe-style list with no pagination extension pages by detection.
mod detected_cursor {
    use wire_shapes_client::{Client, Error, PaginationError};

    use super::*;

    fn events(ids: &[&str], has_more: bool) -> ResponseTemplate {
        let data: Vec<Value> = ids.iter().map(|id| json!({"id": id, "type": "charge.succeeded"})).collect();
        json_response(200, "application/json", &json!({"data": data, "has_more": has_more}))
    }

    #[tokio::test]
    async fn starting_after_takes_the_last_id_until_has_more_is_false() {
        let server = serving(|request: &Request| match query(request, "starting_after").as_deref() {
            None => events(&["ev_1", "ev_2"], true),
            Some("ev_2") => events(&["ev_3", "ev_4"], true),
            Some(_) => events(&["ev_5"], false),
        })
        .await;
        let client = Client::builder().base_url(server.uri()).build().unwrap();
        let ids: Vec<String> =
            client.list_events().limit(2).r#type("charge.succeeded").into_stream().map_ok(|event| event.id).try_collect().await.unwrap();
        assert_eq!(ids, ["ev_1", "ev_2", "ev_3", "ev_4", "ev_5"]);

        let sent = requests(&server).await;
        let cursors: Vec<Option<String>> = sent.iter().map(|request| query(request, "starting_after")).collect();
        assert_eq!(cursors, [None, Some("ev_2".into()), Some("ev_4".into())]);
        for request in &sent {
            assert_eq!(other_pairs(request, "starting_after"), pairs(&[("limit", "2"), ("type", "charge.succeeded")]));
        }
    }

    #[tokio::test]
    async fn a_repeated_cursor_ends_the_stream_with_an_error() {
        // The server ignores the cursor and serves the same page again.
        let server = serve(events(&["ev_1", "ev_2"], true)).await;
        let client = Client::builder().base_url(server.uri()).build().unwrap();
        let results: Vec<_> = client.list_events().into_stream().collect().await;
        assert_eq!(results.len(), 5, "{results:?}");
        let error = results[4].as_ref().unwrap_err();
        assert!(matches!(error, Error::Pagination(PaginationError::RepeatedCursor(cursor)) if cursor == "ev_2"), "{error:?}");
        assert_eq!(requests(&server).await.len(), 2);
    }

    #[tokio::test]
    async fn a_cursor_the_caller_started_from_counts_as_used() {
        let server = serve(events(&["ev_9"], true)).await;
        let client = Client::builder().base_url(server.uri()).build().unwrap();
        let results: Vec<_> = client.list_events().starting_after("ev_9").into_stream().collect().await;
        assert_eq!(results.len(), 2);
        assert!(matches!(&results[1], Err(Error::Pagination(PaginationError::RepeatedCursor(_)))), "{results:?}");
    }
}
