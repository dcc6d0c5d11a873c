//! Typed client for the Quo (formerly OpenPhone) Public API.
//!
//! The operations and types are generated at build time from the OpenAPI
//! document Quo publishes (committed in the workspace's `openapi/`, reviewed
//! as `quo-api/generated/quo_api.rs`). Everything in `src/` is hand-written
//! runtime: construction and auth ([`ClientBuilder`]), retries
//! ([`RetryPolicy`]), rate limiting ([`RateLimit`]), pagination (`stream()`
//! on list builders) and errors ([`Error`]).
//!
//! # Quickstart
//!
//! ```
//! use futures::TryStreamExt;
//! use quo_api::Client;
//! # use quo_api::mock::MockServerExt;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let quo = httpmock::MockServer::start_async().await;
//! # let page = serde_json::from_value(serde_json::json!({"data": [{"id": "US1", "email": "ada@example.com",
//! #     "firstName": "Ada", "lastName": null, "pictureUrl": null, "role": "owner",
//! #     "createdAt": "2024-01-01T00:00:00Z", "updatedAt": "2024-01-01T00:00:00Z"}],
//! #     "totalItems": 1, "nextPageToken": null}))?;
//! # quo.list_users_v1(|when, then| { when.max_results(50); then.ok(&page); });
//! # unsafe { std::env::set_var("QUO_API_KEY", "example-key"); std::env::set_var("QUO_BASE_URL", quo.base_url()) };
//! // Reads QUO_API_KEY (and QUO_BASE_URL, if set; https://api.quo.com otherwise).
//! let client = Client::from_env()?;
//!
//! // Every user, page after page (50 per request), one page in memory.
//! let users: Vec<_> = client.list_users_v1().stream().try_collect().await?;
//! for user in &users {
//!     println!("{} {}", user.email, user.role);
//! }
//!
//! // One page, and a typed error when Quo refuses.
//! match client.list_users_v1().max_results(10).send().await {
//!     Ok(page) => println!("{} users on this page", page.data.len()),
//!     Err(err) => eprintln!("{err} (HTTP {:?}, code {:?})", err.status(), err.code()),
//! }
//! # Ok(())
//! # }
//! ```
//!
//! # Errors
//!
//! Every call returns [`Error<E>`](Error), where `E` is the operation's own
//! error enum (`types::ListUsersV1Error`): one variant per error status the
//! spec documents, each with that status's body, plus `Other` for any other
//! body, such as the `{"error": {"message", "key", "trace"}}` envelope the
//! live API has been seen to send. Bodies are picked by HTTP status and never
//! fail to decode, so every error from a response keeps its status
//! ([`Error::status`]); [`Error::message`], [`Error::code`], [`Error::trace`]
//! and [`Error::field_errors`] read both shapes.
//!
//! # Retries, rate limit, and what is never sent twice
//!
//! - Requests are spaced by a token bucket shared by all clones of a client:
//!   10 per second by default, Quo's limit per key ([`RateLimit`]).
//! - 429 and 5xx answers and connection failures are retried up to 3 attempts
//!   in all, with exponential backoff and full jitter from 1 s, honouring
//!   `Retry-After` ([`RetryPolicy`]).
//! - Only repeats that are harmless happen: GET, HEAD, PUT, DELETE and OPTIONS
//!   are retried on all of the above; POST and PATCH only when the request
//!   provably was not processed (the connection could not be made, or the
//!   answer was 429). `POST /v1/messages` texts a customer and has no
//!   idempotency key, so after a timeout or a 5xx it is never sent again: the
//!   error is returned for the caller to decide.
//!
//! # Security
//!
//! The key is sent as the raw `Authorization` value (Quo answers 401 to a
//! `Bearer` prefix), marked sensitive, and never appears in `Debug` output,
//! errors or traces. A redirect to another origin drops it, and a plain
//! `http://` base URL is refused unless the host is loopback.
//!
//! # Testing code that uses this crate
//!
//! The `mock` feature adds `quo_api::mock`: typed [`httpmock`](https://docs.rs/httpmock)
//! helpers for every operation, generated from the same spec, so tests stop
//! compiling when the spec changes under them.

#![warn(missing_docs)]

extern crate self as quo_api;

mod client;
mod error;
mod hooks;
mod open_enum;
mod paginate;
mod rate_limit;
mod response;
mod retry;
mod schema;

// Doc comments in the generated code are the spec's own text, and it has
// items the spec does not describe.
#[allow(
    missing_docs,
    rustdoc::bare_urls,
    rustdoc::broken_intra_doc_links,
    rustdoc::invalid_html_tags
)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/quo_api.rs"));
}

/// Typed [`httpmock`](https://docs.rs/httpmock) helpers for every
/// operation, generated from the same spec: `server.list_users_v1(|when,
/// then| ...)` with typed parameters and bodies. Enable the `mock` feature.
#[cfg(feature = "mock")]
#[allow(missing_docs, rustdoc::bare_urls, rustdoc::broken_intra_doc_links)]
pub mod mock {
    include!(concat!(env!("OUT_DIR"), "/quo_api_mock.rs"));
}

pub use client::{ClientBuilder, ConfigError};
pub use error::{Error, ErrorBody, FieldError};
pub use generated::{Client, DEFAULT_BASE_URL, builder, types};
pub use rate_limit::RateLimit;
pub use response::ResponseValue;
pub use retry::RetryPolicy;

/// What the generated code calls into. Not a public interface: use the
/// items re-exported at the crate root.
#[doc(hidden)]
pub mod runtime {
    pub use crate::error::{Error, ErrorBody, body_as_json};
    pub use crate::hooks::{ClientHooks, Runtime};
    pub use crate::open_enum;
    pub use crate::paginate::paginate;
    pub use crate::response::ResponseValue;
    pub use crate::schema::{Schema, SchemaGenerator, any_of_or_any_json};
    pub use futures::Stream;
    pub use progenitor_client::{
        ByteStream, ClientInfo, OperationInfo, QueryParam, RequestBuilderExt, encode_path,
    };
}

/// The traits and types most programs use.
pub mod prelude {
    pub use crate::{Client, Error, ErrorBody};
    pub use futures::{StreamExt, TryStreamExt};
}
