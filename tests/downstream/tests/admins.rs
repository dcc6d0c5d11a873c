//! Tests written the way a downstream crate would: typed mocks from
//! `quo_api::mock`, no hand-written JSON paths or query strings.

use httpmock::MockServer;
use quo_api::mock::MockServerExt;
use quo_api::types::{ListUsersV1Error, ListUsersV1Response};
use quo_api::{Client, RetryPolicy};
use quo_api_downstream::admin_emails;
use serde_json::json;

fn client(server: &MockServer) -> Client {
    Client::builder()
        .api_key("k")
        .base_url(server.base_url())
        .retry(RetryPolicy::none())
        .rate_limit(None)
        .build()
        .unwrap()
}

fn page(users: &[(&str, &str)], next: Option<&str>) -> ListUsersV1Response {
    let data: Vec<_> = users
        .iter()
        .enumerate()
        .map(|(i, (email, role))| {
            json!({
                "id": format!("US{i}"), "email": email, "firstName": null, "lastName": null,
                "pictureUrl": null, "role": role,
                "createdAt": "2024-01-01T00:00:00Z", "updatedAt": "2024-01-01T00:00:00Z"
            })
        })
        .collect();
    serde_json::from_value(json!({ "data": data, "totalItems": 0, "nextPageToken": next })).unwrap()
}

#[tokio::test]
async fn admins_are_collected_across_pages() {
    let server = MockServer::start_async().await;
    let first = server.list_users_v1(|when, then| {
        when.max_results(50).page_token(None);
        then.ok(&page(
            &[("o@x.com", "owner"), ("m@x.com", "member")],
            Some("t2"),
        ));
    });
    let second = server.list_users_v1(|when, then| {
        when.max_results(50).page_token("t2");
        then.ok(&page(&[("a@x.com", "admin"), ("g@x.com", "guest")], None));
    });
    let emails = admin_emails(&client(&server)).await.unwrap();
    assert_eq!(emails, ["o@x.com", "a@x.com"]);
    first.assert();
    second.assert();
}

#[tokio::test]
async fn a_typed_error_reaches_the_caller_with_its_status_and_message() {
    let server = MockServer::start_async().await;
    let forbidden = ListUsersV1Error::Forbidden(
        serde_json::from_value(json!({
            "message": "Key lacks access", "code": "1100403", "status": 403,
            "docs": "https://quo.com/docs", "title": "Forbidden"
        }))
        .unwrap(),
    );
    server.list_users_v1(|when, then| {
        when.max_results(50);
        then.forbidden(&forbidden);
    });
    let err = admin_emails(&client(&server)).await.unwrap_err();
    assert_eq!(err.status().unwrap().as_u16(), 403);
    assert_eq!(err.code().as_deref(), Some("1100403"));
    assert_eq!(
        err.to_string(),
        "listUsers_v1: HTTP 403 Forbidden: Key lacks access (code 1100403)"
    );
}
