//! Fixtures shared by the behaviour tests.
#![allow(dead_code)]

use std::time::Duration;

use serde_json::{Value, json};

/// The key the tests' clients send.
pub const KEY: &str = "test-key-123";

/// A client for a local mock server, with the given retry policy and no rate limit.
pub fn client(server: &httpmock::MockServer, retry: quo_api::RetryPolicy) -> quo_api::Client {
    quo_api::Client::builder()
        .api_key(KEY)
        .base_url(server.base_url())
        .retry(retry)
        .rate_limit(None)
        .timeout(Duration::from_secs(5))
        .build()
        .expect("a valid test configuration")
}

/// A client for paused-time tests: no timers but the runtime's own (no
/// request timeout, no idle-connection reaper), so tokio's auto-advance only
/// jumps over the waits under test.
pub fn paused_time_client(
    base_url: &str,
    retry: quo_api::RetryPolicy,
    rate_limit: Option<quo_api::RateLimit>,
) -> quo_api::Client {
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .expect("a plain reqwest client");
    quo_api::Client::builder()
        .api_key(KEY)
        .base_url(base_url)
        .retry(retry)
        .rate_limit(rate_limit)
        .timeout(None)
        .http_client(http)
        .build()
        .expect("a valid test configuration")
}

/// A user as the spec describes it.
pub fn user(i: usize) -> Value {
    let role = ["owner", "admin", "member"][i % 3];
    json!({
        "id": format!("US{i:04}"),
        "email": format!("user{i}@example.com"),
        "firstName": format!("First{i}"),
        "lastName": format!("Last{i}"),
        "pictureUrl": null,
        "role": role,
        "createdAt": "2022-01-01T00:00:00Z",
        "updatedAt": "2022-01-02T00:00:00Z"
    })
}

/// A page of users.
pub fn page(users: impl IntoIterator<Item = usize>, next: Option<&str>) -> Value {
    let data: Vec<Value> = users.into_iter().map(user).collect();
    json!({ "data": data, "totalItems": 3, "nextPageToken": next })
}

/// A page as the typed mocks take it.
pub fn typed_page(
    users: impl IntoIterator<Item = usize>,
    next: Option<&str>,
) -> quo_api::types::ListUsersV1Response {
    serde_json::from_value(page(users, next)).expect("fixtures follow the spec")
}

/// The error body the spec documents for `listUsers_v1` and `status`.
pub fn spec_error(status: u16) -> Value {
    let (code, title) = match status {
        400 => ("1100400", "Bad Request"),
        401 => ("1100401", "Unauthorized"),
        403 => ("1100403", "Forbidden"),
        404 => ("1100404", "Not Found"),
        500 => ("1101500", "Unknown"),
        other => panic!("no documented body for {other}"),
    };
    json!({
        "message": format!("message for {status}"),
        "code": code,
        "status": status,
        "docs": "https://quo.com/docs",
        "title": title,
        "trace": format!("trace-{status}"),
        "errors": [{ "path": "/maxResults", "message": "must be at most 50", "value": 99, "schema": { "type": "integer" } }]
    })
}

/// A loopback server that answers its connections with `responses` in
/// order (status, JSON body), one per connection, then stops. Returns its
/// base URL. For sequences httpmock cannot express, such as 500 then 200.
pub fn sequence_server(responses: Vec<(u16, Value)>) -> String {
    use std::io::{BufRead, BufReader, Write};

    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let url = format!("http://{}", listener.local_addr().expect("bound"));
    std::thread::spawn(move || {
        for (status, body) in responses {
            let Ok((stream, _)) = listener.accept() else {
                return;
            };
            let mut reader = BufReader::new(stream);
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let body = body.to_string();
            let response = format!(
                "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = reader.get_mut().write_all(response.as_bytes());
        }
    });
    url
}
