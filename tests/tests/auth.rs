//! The API key: sent exactly as Quo wants it, never shown, never sent elsewhere.

mod common;

use std::sync::{Arc, Mutex};

use common::{KEY, client, page};
use httpmock::{Method::GET, MockServer};
use quo_api::{Client, ConfigError, RetryPolicy};

/// Whether one `listUsers_v1` call carries a `header` whose whole value matches `pattern`.
async fn sends_header(header: &str, pattern: &str) -> bool {
    let server = MockServer::start_async().await;
    let (header, pattern) = (format!("^{header}$"), format!("^{pattern}$"));
    let matched = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/users")
                .header_matches(header.as_str(), pattern.as_str());
            then.status(200).json_body(page([], None));
        })
        .await;
    let sent = client(&server, RetryPolicy::none())
        .list_users_v1()
        .max_results(1)
        .send()
        .await;
    sent.is_ok() && matched.calls_async().await == 1
}

#[tokio::test]
async fn the_key_is_the_raw_authorization_value() {
    assert!(sends_header("authorization", KEY).await);
    assert!(!sends_header("authorization", &format!("Bearer {KEY}")).await);
    assert!(!sends_header("authorization", &format!(".+{KEY}")).await);
}

#[tokio::test]
async fn the_default_user_agent_names_the_crate() {
    assert!(sends_header("user-agent", r"quo-api/\d+\.\d+\.\d+").await);
}

#[tokio::test]
async fn a_redirect_to_another_origin_drops_the_key() {
    let elsewhere = MockServer::start_async().await;
    let landed = elsewhere
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/users")
                .header_missing("authorization");
            then.status(200).json_body(page([], None));
        })
        .await;
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/users");
            then.status(302)
                .header("location", elsewhere.url("/v1/users"));
        })
        .await;
    client(&server, RetryPolicy::none())
        .list_users_v1()
        .max_results(1)
        .send()
        .await
        .unwrap();
    landed.assert_async().await;
}

#[test]
fn plain_http_is_refused_except_to_loopback() {
    let err = Client::builder()
        .api_key(KEY)
        .base_url("http://api.quo.com")
        .build()
        .unwrap_err();
    assert!(matches!(err, ConfigError::InvalidBaseUrl { .. }), "{err:?}");
    assert!(err.to_string().contains("plain http"), "{err}");
    for loopback in ["http://127.0.0.1:1", "http://localhost:1", "http://[::1]:1"] {
        Client::builder()
            .api_key(KEY)
            .base_url(loopback)
            .build()
            .unwrap();
    }
}

#[tokio::test]
async fn debug_errors_and_traces_never_show_the_key() {
    let logs = Arc::new(Mutex::new(Vec::new()));
    let writer = {
        let logs = logs.clone();
        move || LogWriter(logs.clone())
    };
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(writer)
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/users");
            then.status(401).json_body(
                serde_json::json!({ "error": { "message": "bad key", "key": "x", "trace": "t" } }),
            );
        })
        .await;
    let client = client(&server, RetryPolicy::none());
    let err = client
        .list_users_v1()
        .max_results(1)
        .send()
        .await
        .unwrap_err();

    let logged = String::from_utf8(logs.lock().unwrap().clone()).unwrap();
    assert!(logged.contains("operation=\"listUsers_v1\""), "{logged}");
    assert!(logged.contains("status=401"), "{logged}");
    for shown in [
        format!("{client:?}"),
        format!("{err:?}"),
        err.to_string(),
        logged,
    ] {
        assert!(!shown.contains(KEY), "the key leaked into: {shown}");
    }
}

struct LogWriter(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for LogWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
