//! Typed responses, decoded with their status and operation kept.

use std::ops::{Deref, DerefMut};

use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

use crate::hooks::operation_of;
use crate::runtime::ByteStream;
use crate::{Error, ErrorBody};

/// A decoded response body with the status and headers it came with.
pub struct ResponseValue<T> {
    inner: T,
    status: StatusCode,
    headers: HeaderMap,
    operation: Option<&'static str>,
}

impl<T> ResponseValue<T> {
    /// Wraps a value, e.g. to build fixtures in tests.
    pub fn new(inner: T, status: StatusCode, headers: HeaderMap) -> Self {
        Self {
            inner,
            status,
            headers,
            operation: None,
        }
    }

    /// The decoded body.
    pub fn into_inner(self) -> T {
        self.inner
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The operation that was answered, e.g. `listUsers_v1`.
    pub fn operation_id(&self) -> Option<&'static str> {
        self.operation
    }

    /// Transforms the body, keeping status and headers.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> ResponseValue<U> {
        ResponseValue {
            inner: f(self.inner),
            status: self.status,
            headers: self.headers,
            operation: self.operation,
        }
    }
}

impl<T: DeserializeOwned> ResponseValue<T> {
    /// Decodes a documented success body.
    #[doc(hidden)]
    pub async fn from_response<E>(response: reqwest::Response) -> Result<Self, Error<E>> {
        let (status, headers, operation, body) = read(response).await?;
        match serde_json::from_slice(&body) {
            Ok(inner) => Ok(Self {
                inner,
                status,
                headers,
                operation,
            }),
            Err(source) => Err(Error::InvalidResponsePayload {
                operation,
                status,
                body,
                source,
            }),
        }
    }
}

impl<T: ErrorBody> ResponseValue<T> {
    /// Decodes a documented error body by its HTTP status; never fails on the body's shape.
    #[doc(hidden)]
    pub async fn from_error_response<E>(response: reqwest::Response) -> Result<Self, Error<E>> {
        let (status, headers, operation, body) = read(response).await?;
        let inner = T::from_response_body(status.as_u16(), &body);
        Ok(Self {
            inner,
            status,
            headers,
            operation,
        })
    }
}

impl ResponseValue<()> {
    /// A response without a body.
    #[doc(hidden)]
    pub fn empty(response: reqwest::Response) -> Self {
        Self {
            inner: (),
            status: response.status(),
            headers: response.headers().clone(),
            operation: operation_of(&response),
        }
    }
}

impl ResponseValue<ByteStream> {
    /// A response whose body is streamed to the caller undecoded.
    #[doc(hidden)]
    pub fn stream(response: reqwest::Response) -> Self {
        let status = response.status();
        let headers = response.headers().clone();
        let operation = operation_of(&response);
        Self {
            operation,
            inner: ByteStream::new(Box::pin(futures::TryStreamExt::into_stream(
                response.bytes_stream(),
            ))),
            status,
            headers,
        }
    }
}

async fn read<E>(
    mut response: reqwest::Response,
) -> Result<(StatusCode, HeaderMap, Option<&'static str>, bytes::Bytes), Error<E>> {
    let status = response.status();
    let headers = std::mem::take(response.headers_mut());
    let operation = operation_of(&response);
    let body = response
        .bytes()
        .await
        .map_err(|source| Error::ResponseBody {
            operation,
            status,
            source,
        })?;
    Ok((status, headers, operation, body))
}

impl<T> Deref for ResponseValue<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.inner
    }
}

impl<T> DerefMut for ResponseValue<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.inner
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for ResponseValue<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResponseValue")
            .field("status", &self.status)
            .field("inner", &self.inner)
            .finish_non_exhaustive()
    }
}
