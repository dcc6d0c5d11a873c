//! The error every call returns, and what every error body offers.

use std::fmt;

use reqwest::StatusCode;
use serde_json::Value;

use crate::ResponseValue;
use crate::hooks::operation_of;

/// What every operation's error enum offers (`ListUsersV1Error`, ...).
///
/// The accessors read both the documented body
/// (`{message, code, status, docs, title, trace?, errors?}`) and the
/// envelope the live API has been seen to send instead
/// (`{"error": {"message", "key", "trace"}}`).
pub trait ErrorBody: serde::Serialize + Sized {
    /// Decodes a body by its HTTP status. Never fails: a body the spec does
    /// not describe becomes the `Other` variant.
    fn from_response_body(status: u16, body: &[u8]) -> Self;

    /// The HTTP status the body came with.
    fn status(&self) -> u16;

    /// The body as JSON, as the server sent it.
    fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or_default()
    }

    /// Quo's error code, e.g. `"1100404"`.
    fn code(&self) -> Option<String> {
        match self.to_json().get("code")? {
            Value::String(code) => Some(code.clone()),
            Value::Number(code) => Some(code.to_string()),
            _ => None,
        }
    }

    /// The server's message.
    fn message(&self) -> Option<String> {
        text_at(&self.to_json(), &["/message", "/error/message"])
    }

    /// The trace id to quote to Quo support.
    fn trace(&self) -> Option<String> {
        text_at(&self.to_json(), &["/trace", "/error/trace"])
    }

    /// Per-field problems of a rejected request.
    fn field_errors(&self) -> Vec<FieldError> {
        let json = self.to_json();
        let Some(Value::Array(errors)) = json.get("errors") else {
            return Vec::new();
        };
        errors
            .iter()
            .map(|e| FieldError {
                path: text_at(e, &["/path", "/key"]),
                message: text_at(e, &["/message", "/reason"]),
            })
            .collect()
    }
}

fn text_at(json: &Value, pointers: &[&str]) -> Option<String> {
    pointers
        .iter()
        .find_map(|p| json.pointer(p).and_then(Value::as_str))
        .map(str::to_owned)
}

/// One problem with one field of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// Where: the field's path (or key).
    pub path: Option<String>,
    /// What is wrong with it.
    pub message: Option<String>,
}

/// A body as JSON; a body that is not JSON becomes a JSON string, an empty one `null`.
pub fn body_as_json(body: &[u8]) -> Value {
    if body.is_empty() {
        return Value::Null;
    }
    serde_json::from_slice(body)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(body).into_owned()))
}

/// Why a call failed. Every variant that comes from a response keeps its
/// HTTP status ([`Error::status`]).
pub enum Error<E = ()> {
    /// A parameter could not be turned into a request.
    InvalidRequest(String),
    /// The request did not complete: connection, TLS or timeout.
    Communication(reqwest::Error),
    /// Quo answered with an error status; the body is decoded by status.
    ErrorResponse(ResponseValue<E>),
    /// The response body could not be read.
    ResponseBody {
        /// The operation, e.g. `listUsers_v1`.
        operation: Option<&'static str>,
        /// The HTTP status.
        status: StatusCode,
        /// What went wrong while reading.
        source: reqwest::Error,
    },
    /// A success body did not match the spec.
    InvalidResponsePayload {
        /// The operation, e.g. `listUsers_v1`.
        operation: Option<&'static str>,
        /// The HTTP status.
        status: StatusCode,
        /// The body as received.
        body: bytes::Bytes,
        /// Where decoding failed.
        source: serde_json::Error,
    },
    /// A status the spec does not list for this operation (e.g. 429 after
    /// retries ran out). The body is left unread.
    UnexpectedResponse(reqwest::Response),
    /// A paginated list handed back a page token it had already given.
    RepeatedPageToken {
        /// The operation, e.g. `listUsers_v1`.
        operation: &'static str,
        /// How many pages had been read.
        pages: usize,
    },
}

impl<E> Error<E> {
    /// The HTTP status, for every error that came with a response.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::ErrorResponse(rv) => Some(rv.status()),
            Error::ResponseBody { status, .. } | Error::InvalidResponsePayload { status, .. } => {
                Some(*status)
            }
            Error::UnexpectedResponse(r) => Some(r.status()),
            Error::Communication(e) => e.status(),
            Error::InvalidRequest(_) | Error::RepeatedPageToken { .. } => None,
        }
    }

    /// The operation that failed, e.g. `listUsers_v1`, when known.
    pub fn operation_id(&self) -> Option<&'static str> {
        match self {
            Error::ErrorResponse(rv) => rv.operation_id(),
            Error::ResponseBody { operation, .. }
            | Error::InvalidResponsePayload { operation, .. } => *operation,
            Error::UnexpectedResponse(r) => operation_of(r),
            Error::RepeatedPageToken { operation, .. } => Some(operation),
            _ => None,
        }
    }

    /// The typed error body, for documented error statuses.
    pub fn body(&self) -> Option<&E> {
        match self {
            Error::ErrorResponse(rv) => Some(rv),
            _ => None,
        }
    }
}

impl<E: ErrorBody> Error<E> {
    /// Quo's error code, e.g. `"1100404"`, when the body has one.
    pub fn code(&self) -> Option<String> {
        self.body().and_then(ErrorBody::code)
    }

    /// The server's message, when the body has one.
    pub fn message(&self) -> Option<String> {
        self.body().and_then(ErrorBody::message)
    }

    /// The trace id to quote to Quo support, when the body has one.
    pub fn trace(&self) -> Option<String> {
        self.body().and_then(ErrorBody::trace)
    }

    /// Per-field problems of a rejected request.
    pub fn field_errors(&self) -> Vec<FieldError> {
        self.body().map(ErrorBody::field_errors).unwrap_or_default()
    }
}

impl<E> From<reqwest::Error> for Error<E> {
    fn from(e: reqwest::Error) -> Self {
        Error::Communication(e)
    }
}

impl<E: ErrorBody> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let operation = self.operation_id().unwrap_or("request");
        match self {
            Error::InvalidRequest(m) => write!(f, "invalid request: {m}"),
            Error::Communication(e) => write!(f, "request failed: {e}"),
            Error::ErrorResponse(rv) => {
                write!(f, "{operation}: HTTP {}", rv.status())?;
                match rv.message() {
                    Some(message) => write!(f, ": {message}")?,
                    None => write!(f, " (no message in the body)")?,
                }
                match rv.code() {
                    Some(code) => write!(f, " (code {code})"),
                    None => Ok(()),
                }
            }
            Error::ResponseBody { status, source, .. } => {
                write!(
                    f,
                    "{operation}: HTTP {status}: reading the body failed: {source}"
                )
            }
            Error::InvalidResponsePayload { status, source, .. } => {
                write!(
                    f,
                    "{operation}: HTTP {status}: the body does not match the spec: {source}"
                )
            }
            Error::UnexpectedResponse(r) => write!(
                f,
                "{operation}: HTTP {} is not documented for this operation",
                r.status()
            ),
            Error::RepeatedPageToken { operation, pages } => {
                write!(
                    f,
                    "{operation}: the server repeated a page token after {pages} pages; stopped instead of looping"
                )
            }
        }
    }
}

impl<E: fmt::Debug> fmt::Debug for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidRequest(m) => f.debug_tuple("InvalidRequest").field(m).finish(),
            Error::Communication(e) => f.debug_tuple("Communication").field(e).finish(),
            Error::ErrorResponse(rv) => f.debug_tuple("ErrorResponse").field(rv).finish(),
            Error::ResponseBody {
                operation,
                status,
                source,
            } => f
                .debug_struct("ResponseBody")
                .field("operation", operation)
                .field("status", status)
                .field("source", source)
                .finish(),
            Error::InvalidResponsePayload {
                operation,
                status,
                body,
                source,
            } => f
                .debug_struct("InvalidResponsePayload")
                .field("operation", operation)
                .field("status", status)
                .field("body_len", &body.len())
                .field("source", source)
                .finish(),
            Error::UnexpectedResponse(r) => f
                .debug_struct("UnexpectedResponse")
                .field("operation", &operation_of(r))
                .field("status", &r.status())
                .finish(),
            Error::RepeatedPageToken { operation, pages } => f
                .debug_struct("RepeatedPageToken")
                .field("operation", operation)
                .field("pages", pages)
                .finish(),
        }
    }
}

impl<E: ErrorBody + fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Communication(e) | Error::ResponseBody { source: e, .. } => Some(e),
            Error::InvalidResponsePayload { source, .. } => Some(source),
            _ => None,
        }
    }
}
