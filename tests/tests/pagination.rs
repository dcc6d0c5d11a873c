//! `stream()` walks every page lazily, with the largest page size by default.
//! The server side uses the typed mocks from `quo_api::mock`.

mod common;

use common::{client, typed_page};
use futures::{StreamExt, TryStreamExt};
use httpmock::MockServer;
use quo_api::mock::MockServerExt;
use quo_api::types::ListUsersV1Error;
use quo_api::{Error, RetryPolicy};

/// Three pages: tokens `p2`, `p3`, then none.
fn three_pages(server: &MockServer, size: i64) -> Vec<httpmock::Mock<'_>> {
    let pages = [
        (None, 0..2, Some("p2")),
        (Some("p2"), 2..4, Some("p3")),
        (Some("p3"), 4..5, None),
    ];
    pages
        .into_iter()
        .map(|(token, users, next)| {
            server.list_users_v1(|when, then| {
                when.max_results(size).page_token(token);
                then.ok(&typed_page(users, next));
            })
        })
        .collect()
}

#[tokio::test]
async fn every_user_once_in_order_with_page_size_50_on_the_wire() {
    let server = MockServer::start_async().await;
    let mocks = three_pages(&server, 50);
    let users: Vec<_> = client(&server, RetryPolicy::none())
        .list_users_v1()
        .stream()
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<_> = users.iter().map(|u| u.id.as_str()).collect();
    assert_eq!(ids, ["US0000", "US0001", "US0002", "US0003", "US0004"]);
    for mock in mocks {
        mock.assert_async().await;
    }
}

#[tokio::test]
async fn a_page_size_set_on_the_builder_is_kept_on_every_page() {
    let server = MockServer::start_async().await;
    let mocks = three_pages(&server, 2);
    let count = client(&server, RetryPolicy::none())
        .list_users_v1()
        .max_results(2)
        .stream()
        .count()
        .await;
    assert_eq!(count, 5);
    for mock in mocks {
        mock.assert_async().await;
    }
}

#[tokio::test]
async fn the_stream_is_lazy() {
    let server = MockServer::start_async().await;
    let mocks = three_pages(&server, 50);
    let first: Vec<_> = client(&server, RetryPolicy::none())
        .list_users_v1()
        .stream()
        .take(2)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(first.len(), 2);
    assert_eq!(mocks[0].calls_async().await, 1);
    assert_eq!(
        mocks[1].calls_async().await,
        0,
        "the second page was fetched before it was needed"
    );
}

#[tokio::test]
async fn a_repeated_token_ends_with_an_error_instead_of_looping() {
    let server = MockServer::start_async().await;
    server.list_users_v1(|when, then| {
        when.page_token(None);
        then.ok(&typed_page(0..1, Some("same")));
    });
    let again = server.list_users_v1(|when, then| {
        when.page_token("same");
        then.ok(&typed_page(1..2, Some("same")));
    });
    let results: Vec<_> = client(&server, RetryPolicy::none())
        .list_users_v1()
        .stream()
        .collect()
        .await;
    assert_eq!(results.len(), 3, "{results:?}");
    assert!(results[0].is_ok() && results[1].is_ok());
    let err = results[2].as_ref().unwrap_err();
    assert!(
        matches!(
            err,
            Error::RepeatedPageToken {
                operation: "listUsers_v1",
                pages: 2
            }
        ),
        "{err:?}"
    );
    assert_eq!(again.calls_async().await, 1);
}

#[tokio::test]
async fn the_first_error_ends_the_stream() {
    let server = MockServer::start_async().await;
    server.list_users_v1(|when, then| {
        when.page_token(None);
        then.ok(&typed_page(0..1, Some("p2")));
    });
    let not_found =
        ListUsersV1Error::NotFound(serde_json::from_value(common::spec_error(404)).unwrap());
    server.list_users_v1(|when, then| {
        when.page_token("p2");
        then.not_found(&not_found);
    });
    let results: Vec<_> = client(&server, RetryPolicy::none())
        .list_users_v1()
        .stream()
        .collect()
        .await;
    assert_eq!(results.len(), 2);
    assert_eq!(
        results[1].as_ref().unwrap_err().status().unwrap().as_u16(),
        404
    );
}

#[tokio::test]
async fn requests_and_streams_can_move_to_other_tasks() {
    fn assert_send<T: Send>(value: T) -> T {
        value
    }
    let server = MockServer::start_async().await;
    let _mocks = three_pages(&server, 50);
    let client = client(&server, RetryPolicy::none());
    let task = tokio::spawn(async move {
        let page = assert_send(client.list_users_v1().max_results(50).send())
            .await
            .unwrap();
        let streamed = assert_send(client.list_users_v1().stream()).count().await;
        (page.data.len(), streamed)
    });
    assert_eq!(task.await.unwrap(), (2, 5));
}
