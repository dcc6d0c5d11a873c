//! How `listUsers_v1` responses decode: success bodies, every documented
//! error, off-spec errors, and what goes on the wire.
//!
//! These serve raw JSON rather than the typed mocks: the point is how bytes
//! as Quo sends them (or mangles them) decode, independently of the client's
//! own serializers.

mod common;

use common::{KEY, client, page, spec_error};
use httpmock::{Method::GET, MockServer};
use quo_api::types::{ListUsersV1Error, ListUsersV1ItemRole, ListUsersV1Response};
use quo_api::{Error, ErrorBody, ResponseValue, RetryPolicy};
use serde_json::{Value, json};

type Answer = Result<ResponseValue<ListUsersV1Response>, Error<ListUsersV1Error>>;

/// One `listUsers_v1` call against a server that answers `status` with `body` as sent.
async fn answer(status: u16, body: impl Into<String>) -> Answer {
    let server = MockServer::start_async().await;
    let body = body.into();
    server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/users");
            then.status(status).body(body);
        })
        .await;
    client(&server, RetryPolicy::none())
        .list_users_v1()
        .max_results(10)
        .send()
        .await
}

async fn answer_json(status: u16, body: Value) -> Answer {
    answer(status, body.to_string()).await
}

#[tokio::test]
async fn a_page_of_users_decodes_with_null_names() {
    let mut body = page([0, 1], Some("next-1"));
    body["data"][0]["firstName"] = json!(null);
    body["data"][0]["lastName"] = json!(null);
    body["data"][1]["pictureUrl"] = json!("https://example.com/p.jpg");
    let page = answer_json(200, body).await.unwrap().into_inner();
    assert_eq!(page.data.len(), 2);
    assert_eq!(page.data[0].first_name, None);
    assert_eq!(page.data[0].last_name, None);
    assert_eq!(page.data[0].role, ListUsersV1ItemRole::Owner);
    assert_eq!(
        page.data[1].picture_url.as_deref(),
        Some("https://example.com/p.jpg")
    );
    assert_eq!(page.next_page_token.as_deref(), Some("next-1"));
}

#[tokio::test]
async fn each_documented_error_status_has_its_own_variant_code_and_message() {
    for status in [400u16, 401, 403, 404, 500] {
        let err = answer_json(status, spec_error(status)).await.unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
        let body = err.body().expect("a documented error has a typed body");
        let (code, variant_matches) = match body {
            ListUsersV1Error::BadRequest(b) => (b.code.clone(), status == 400),
            ListUsersV1Error::Unauthorized(b) => (b.code.clone(), status == 401),
            ListUsersV1Error::Forbidden(b) => (b.code.clone(), status == 403),
            ListUsersV1Error::NotFound(b) => (b.code.clone(), status == 404),
            ListUsersV1Error::InternalServerError(b) => (b.code.clone(), status == 500),
            ListUsersV1Error::Other { .. } => panic!("{status} fell through to Other: {err:?}"),
        };
        assert!(variant_matches, "{status} decoded as {body:?}");
        assert_eq!(Some(code), err.code());
        assert_eq!(
            err.message().as_deref(),
            Some(format!("message for {status}").as_str())
        );
        assert_eq!(
            err.trace().as_deref(),
            Some(format!("trace-{status}").as_str())
        );
        assert_eq!(err.field_errors()[0].path.as_deref(), Some("/maxResults"));
        let shown = err.to_string();
        assert!(
            shown.contains(&status.to_string()) && shown.contains("message for"),
            "{shown}"
        );
    }
}

#[tokio::test]
async fn the_live_error_envelope_keeps_status_and_message() {
    let envelope =
        json!({ "error": { "message": "Invalid API key", "key": "unauthorized", "trace": "t-1" } });
    let err = answer_json(401, envelope).await.unwrap_err();
    assert_eq!(err.status().unwrap().as_u16(), 401);
    assert!(
        matches!(
            err.body(),
            Some(ListUsersV1Error::Other { status: 401, .. })
        ),
        "{err:?}"
    );
    assert_eq!(err.message().as_deref(), Some("Invalid API key"));
    assert_eq!(err.trace().as_deref(), Some("t-1"));
    assert_eq!(
        err.to_string(),
        "listUsers_v1: HTTP 401 Unauthorized: Invalid API key"
    );
}

#[tokio::test]
async fn an_error_body_that_is_not_json_keeps_its_status() {
    let err = answer(500, "<html>upstream exploded</html>")
        .await
        .unwrap_err();
    assert_eq!(err.status().unwrap().as_u16(), 500);
    let body = err.body().unwrap();
    assert_eq!(body.status(), 500);
    assert_eq!(
        body.to_json().as_str(),
        Some("<html>upstream exploded</html>")
    );
}

#[tokio::test]
async fn an_unknown_field_and_an_unknown_role_still_decode() {
    let mut body = page([0], None);
    body["data"][0]["role"] = json!("guest");
    body["data"][0]["favouriteColour"] = json!("teal");
    body["brandNewTopLevel"] = json!({ "x": 1 });
    let page = answer_json(200, body).await.unwrap();
    assert_eq!(
        page.data[0].role,
        ListUsersV1ItemRole::Unknown("guest".into())
    );
    assert_eq!(page.data[0].role.as_str(), "guest");
    assert_eq!(page.next_page_token, None);
}

#[tokio::test]
async fn undocumented_statuses_keep_their_status() {
    for status in [418u16, 429] {
        let err = answer(status, "nope").await.unwrap_err();
        assert!(matches!(err, Error::UnexpectedResponse(_)), "{err:?}");
        assert_eq!(err.status().unwrap().as_u16(), status);
        assert_eq!(err.operation_id(), Some("listUsers_v1"));
        assert!(err.to_string().contains(&status.to_string()), "{err}");
    }
}

#[tokio::test]
async fn malformed_json_on_200_names_the_status_and_the_operation() {
    let err = answer(200, r#"{"data": [ {"id": "#).await.unwrap_err();
    assert!(
        matches!(err, Error::InvalidResponsePayload { .. }),
        "{err:?}"
    );
    assert_eq!(err.status().unwrap().as_u16(), 200);
    assert_eq!(err.operation_id(), Some("listUsers_v1"));
    let shown = err.to_string();
    assert!(
        shown.starts_with("listUsers_v1: HTTP 200 OK: the body does not match the spec"),
        "{shown}"
    );
}

#[tokio::test]
async fn requests_carry_the_spec_query_names_the_raw_key_and_no_api_version() {
    let server = MockServer::start_async().await;
    let exact = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/users")
                .query_param("maxResults", "25")
                .query_param("pageToken", "tok-1")
                .header("authorization", KEY)
                .header_missing("api-version");
            then.status(200).json_body(page([], None));
        })
        .await;
    client(&server, RetryPolicy::none())
        .list_users_v1()
        .max_results(25)
        .page_token("tok-1")
        .send()
        .await
        .unwrap();
    exact.assert_async().await;
}
