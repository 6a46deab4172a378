//! Requests and page streams own a handle to their client, so a downstream
//! crate can spawn them on their own task and keep them in its own types,
//! after the `Client` they came from is gone.

use futures_util::TryStreamExt;
use paystack_client::types::{ErrorBody, SubscriptionListItem};
use paystack_client::{BoxStream, Client, Error};

use crate::support::*;

fn client(uri: &str) -> Client {
    Client::builder().base_url(uri).bearer_auth("sk_test_owned").build().unwrap()
}

/// Fails to compile unless `T` can move to another task.
fn spawnable<T: Send + 'static>(value: T) -> T {
    value
}

#[tokio::test]
async fn a_request_runs_on_a_spawned_task_after_its_client_is_dropped() {
    let server = serve(json_response(200, "application/json", &fixture("paystack/fetch.json"))).await;
    let client = client(&server.uri());
    let request = spawnable(client.subscription_fetch("SUB_6phdx225bavuwtb"));
    drop(client);
    let fetched = tokio::spawn(request.send()).await.expect("the task ran");
    assert!(fetched.is_ok(), "{fetched:?}");
    assert_request_line(&only_request(&server).await, "GET", "/subscription/SUB_6phdx225bavuwtb");
}

#[tokio::test]
async fn an_awaited_request_is_a_spawnable_future() {
    let server = serve(json_response(200, "application/json", &fixture("paystack/fetch.json"))).await;
    let future = spawnable(std::future::IntoFuture::into_future(client(&server.uri()).subscription_fetch("SUB_1")));
    assert!(tokio::spawn(future).await.expect("the task ran").is_ok());
}

/// A downstream type that holds a page stream, as a feed or a sync job would.
struct Feed {
    items: BoxStream<'static, Result<SubscriptionListItem, Error<ErrorBody>>>,
}

impl Feed {
    fn of(client: &Client) -> Self {
        Feed { items: client.subscription_list().per_page(50).into_stream() }
    }
}

#[tokio::test]
async fn a_page_stream_kept_in_a_struct_outlives_its_client_and_runs_on_a_task() {
    let listed = fixture("paystack/list.json");
    let expected = listed["data"].as_array().map(Vec::len).unwrap_or_default();
    let server = serve(json_response(200, "application/json", &listed)).await;
    let client = client(&server.uri());
    let feed = spawnable(Feed::of(&client));
    drop(client);
    let items: Vec<SubscriptionListItem> =
        tokio::spawn(async move { feed.items.try_collect().await }).await.expect("the task ran").unwrap();
    assert_eq!(items.len(), expected);
    assert!(expected > 0, "the fixture lists subscriptions");
}
