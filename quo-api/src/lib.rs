//! Typed client for the Quo (formerly OpenPhone) Public API.
//!
//! The operations and types are generated at build time from the OpenAPI
//! document Quo publishes (committed in `openapi/`, reviewed as
//! `quo-api/generated/quo_api.rs`). Everything in `src/` is hand-written
//! runtime: construction and auth ([`ClientBuilder`]), retries
//! ([`RetryPolicy`]), rate limiting ([`RateLimit`]), pagination (`stream()`
//! on list builders) and errors ([`Error`]).

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

// Doc comments in the generated code are the spec's own text.
#[allow(
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
#[allow(rustdoc::bare_urls, rustdoc::broken_intra_doc_links)]
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
