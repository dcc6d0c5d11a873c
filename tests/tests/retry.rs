//! What is retried, what never is, and how long the client waits.

mod common;

use std::time::Duration;

use common::{KEY, page, paused_time_client};
use httpmock::{Method::GET, Method::POST, MockServer};
use quo_api::runtime::{ClientHooks, ClientInfo, OperationInfo};
use quo_api::{RateLimit, RetryPolicy};
use tokio::time::Instant;

fn quick_retries() -> RetryPolicy {
    RetryPolicy::default().base_delay(Duration::from_millis(10))
}

#[tokio::test(start_paused = true)]
async fn a_500_then_200_on_get_is_retried_and_succeeds() {
    let url = common::sequence_server(vec![(500, common::spec_error(500)), (200, page([0], None))]);
    let client = paused_time_client(&url, quick_retries(), None);
    let page = client.list_users_v1().max_results(1).send().await.unwrap();
    assert_eq!(page.data.len(), 1);
}

/// `POST /v1/messages` sends an SMS: a 500 may mean it went out, so no second try.
#[tokio::test(start_paused = true)]
async fn a_500_on_post_is_not_retried() {
    let server = MockServer::start_async().await;
    let send = server
        .mock_async(|when, then| {
            when.method(POST).path("/v1/messages");
            then.status(500).body("{}");
        })
        .await;
    let client = paused_time_client(&server.base_url(), quick_retries(), None);
    let response = post_message(&client).await.unwrap();
    assert_eq!(response.status().as_u16(), 500);
    assert_eq!(send.calls_async().await, 1);
}

/// A 429 means the request was not processed: even a POST is sent again.
#[tokio::test(start_paused = true)]
async fn a_429_on_post_is_retried() {
    let server = MockServer::start_async().await;
    let limited = server
        .mock_async(|when, then| {
            when.method(POST).path("/v1/messages");
            then.status(429).header("retry-after", "1");
        })
        .await;
    let client = paused_time_client(&server.base_url(), quick_retries(), None);
    let response = post_message(&client).await.unwrap();
    assert_eq!(response.status().as_u16(), 429);
    assert_eq!(limited.calls_async().await, 3, "3 attempts by default");
}

#[tokio::test(start_paused = true)]
async fn retry_after_is_waited_for() {
    let server = MockServer::start_async().await;
    let limited = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/users");
            then.status(429).header("retry-after", "2");
        })
        .await;
    let client = paused_time_client(&server.base_url(), quick_retries().max_attempts(2), None);
    let started = Instant::now();
    let err = client
        .list_users_v1()
        .max_results(1)
        .send()
        .await
        .unwrap_err();
    let waited = started.elapsed();
    assert_eq!(err.status().unwrap().as_u16(), 429);
    assert_eq!(limited.calls_async().await, 2);
    assert!(waited >= Duration::from_secs(2), "waited only {waited:?}");
}

#[tokio::test(start_paused = true)]
async fn retries_can_be_switched_off() {
    let server = MockServer::start_async().await;
    let failing = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/users");
            then.status(503);
        })
        .await;
    let client = paused_time_client(&server.base_url(), RetryPolicy::none(), None);
    client
        .list_users_v1()
        .max_results(1)
        .send()
        .await
        .unwrap_err();
    assert_eq!(failing.calls_async().await, 1);
}

#[tokio::test(start_paused = true)]
async fn the_limiter_spaces_30_requests_at_10_per_second_over_about_3_seconds() {
    let server = MockServer::start_async().await;
    let users = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/users");
            then.status(200).json_body(page([0], None));
        })
        .await;
    let client = paused_time_client(
        &server.base_url(),
        RetryPolicy::none(),
        Some(RateLimit::per_second(10.0)),
    );
    let started = Instant::now();
    let tasks: Vec<_> = (0..30)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move {
                client
                    .list_users_v1()
                    .max_results(1)
                    .send()
                    .await
                    .map(|_| ())
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    let elapsed = started.elapsed();
    assert_eq!(users.calls_async().await, 30);
    assert!(
        elapsed >= Duration::from_millis(2900) && elapsed < Duration::from_millis(3500),
        "30 requests took {elapsed:?} of virtual time"
    );
}

/// Sends a raw `POST /v1/messages` through the same hooks the generated code uses.
async fn post_message(client: &quo_api::Client) -> reqwest::Result<reqwest::Response> {
    let url = format!("{}/v1/messages", client.baseurl());
    let request = client
        .client()
        .post(url)
        .body(r#"{"content":"hi"}"#)
        .build()?;
    let info = OperationInfo {
        operation_id: "sendMessage_v1",
    };
    let mut request = request;
    ClientHooks::pre::<()>(client, &mut request, &info)
        .await
        .unwrap();
    assert_eq!(request.headers()["authorization"], KEY);
    ClientHooks::exec(client, request, &info).await
}
