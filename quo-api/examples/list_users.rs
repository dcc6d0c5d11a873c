//! Lists every user of a Quo workspace as a table: `cargo run --example list_users`.
//!
//! With `QUO_API_KEY` set it calls the real API (or `QUO_BASE_URL`). Without
//! it, it starts a mock Quo server on loopback, seeded with example users
//! across several pages, so the whole path (auth, pagination, decoding) runs
//! with no key and no network. `tests/tests/example.rs` runs this file's
//! functions as a test, hence their `pub(crate)`.

use std::fmt::Write as _;
use std::process::ExitCode;

use futures::TryStreamExt;
use httpmock::MockServer;
use quo_api::mock::MockServerExt;
use quo_api::types::{ListUsersV1Item, ListUsersV1Response};
use quo_api::{Client, Error, types::ListUsersV1Error};

/// How many users the demo server holds, served 50 per page like Quo.
const DEMO_USERS: usize = 120;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let demo;
    let client = if std::env::var_os("QUO_API_KEY").is_some() {
        Client::from_env()
    } else {
        demo = demo_server(DEMO_USERS).await;
        println!(
            "QUO_API_KEY is not set: this is a local demo against a mock Quo server at {} with {DEMO_USERS} example users.\n",
            demo.base_url()
        );
        demo_client(&demo)
    };
    let client = match client {
        Ok(client) => client,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::FAILURE;
        }
    };
    match list_users(&client).await {
        Ok(users) => {
            print!("{}", table(&users));
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

/// Every user of the workspace, page after page.
pub(crate) async fn list_users(
    client: &Client,
) -> Result<Vec<ListUsersV1Item>, Error<ListUsersV1Error>> {
    client.list_users_v1().stream().try_collect().await
}

/// The users as an aligned table: name, email, role, created.
pub(crate) fn table(users: &[ListUsersV1Item]) -> String {
    let rows: Vec<[String; 4]> = users
        .iter()
        .map(|u| {
            let name = [u.first_name.as_deref(), u.last_name.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ");
            let name = if name.is_empty() {
                "-".to_owned()
            } else {
                name
            };
            [
                name,
                u.email.clone(),
                u.role.to_string(),
                u.created_at.format("%Y-%m-%d").to_string(),
            ]
        })
        .collect();
    let header = ["NAME", "EMAIL", "ROLE", "CREATED"].map(str::to_owned);
    let mut widths = header.each_ref().map(|h| h.chars().count());
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        let cells: Vec<String> = row
            .iter()
            .zip(widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        writeln!(out, "{}", cells.join("  ").trim_end()).expect("writing to a String");
    }
    writeln!(out, "\n{} users", rows.len()).expect("writing to a String");
    out
}

/// A mock Quo that serves `count` users, 50 per page, through the typed mocks.
pub(crate) async fn demo_server(count: usize) -> MockServer {
    let server = MockServer::start_async().await;
    let users: Vec<serde_json::Value> = (0..count).map(demo_user).collect();
    let pages: Vec<&[serde_json::Value]> = users.chunks(50).collect();
    for (index, chunk) in pages.iter().enumerate() {
        let token = (index > 0).then(|| format!("page-{}", index + 1));
        let next = (index + 1 < pages.len()).then(|| format!("page-{}", index + 2));
        let page: ListUsersV1Response = serde_json::from_value(serde_json::json!({
            "data": chunk,
            "totalItems": count,
            "nextPageToken": next,
        }))
        .expect("demo users follow the spec");
        server.list_users_v1(|when, then| {
            when.max_results(50).page_token(token.as_deref());
            then.ok(&page);
        });
    }
    server
}

pub(crate) fn demo_client(server: &MockServer) -> Result<Client, quo_api::ConfigError> {
    Client::builder()
        .api_key("demo-key")
        .base_url(server.base_url())
        .build()
}

/// A spec-valid user; every seventh has no name on file.
fn demo_user(i: usize) -> serde_json::Value {
    const FIRST: [&str; 8] = [
        "Ada", "Grace", "Alan", "Edsger", "Barbara", "Ken", "Frances", "Donald",
    ];
    const LAST: [&str; 8] = [
        "Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Thompson", "Allen", "Knuth",
    ];
    let (first, last) = (FIRST[i % 8], LAST[(i / 8) % 8]);
    let named = i % 7 != 3;
    serde_json::json!({
        "id": format!("US{i:05}"),
        "email": format!("{}.{}{i}@example.com", first.to_lowercase(), last.to_lowercase()),
        "firstName": named.then_some(first),
        "lastName": named.then_some(last),
        "pictureUrl": null,
        "role": if i == 0 { "owner" } else if i.is_multiple_of(10) { "admin" } else { "member" },
        "createdAt": format!("2024-{:02}-{:02}T09:30:00Z", i % 12 + 1, i % 28 + 1),
        "updatedAt": "2025-01-01T00:00:00Z",
    })
}
