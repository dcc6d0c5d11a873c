//! Building a [`Client`]: key, base URL, timeouts, policies.

use std::fmt;
use std::net::IpAddr;
use std::time::Duration;

use reqwest::header::HeaderValue;

use crate::hooks::Runtime;
use crate::rate_limit::Limiter;
use crate::{Client, DEFAULT_BASE_URL, RateLimit, RetryPolicy};

/// The environment variable holding the API key.
const API_KEY_VAR: &str = "QUO_API_KEY";
/// The environment variable overriding the base URL.
const BASE_URL_VAR: &str = "QUO_BASE_URL";

/// The configuration could not make a client. Never contains the key.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// No key, or an empty one.
    #[error("no API key: {0}")]
    MissingApiKey(&'static str),
    /// The key cannot be sent as a header value.
    #[error("the API key contains characters that cannot be sent in a header")]
    InvalidApiKey,
    /// The base URL does not parse or cannot be used.
    #[error("base URL {url:?}: {reason}")]
    InvalidBaseUrl {
        /// The URL as given.
        url: String,
        /// Why it was refused.
        reason: &'static str,
    },
    /// The user agent cannot be sent as a header value.
    #[error("user agent {0:?} cannot be sent in a header")]
    InvalidUserAgent(String),
    /// reqwest could not build its client (e.g. no TLS backend).
    #[error("HTTP client: {0}")]
    HttpClient(#[source] reqwest::Error),
}

impl Client {
    /// A client for `https://api.quo.com` with the given key and default policies.
    pub fn from_api_key(api_key: impl Into<String>) -> Result<Self, ConfigError> {
        Self::builder().api_key(api_key).build()
    }

    /// A client from `QUO_API_KEY` and, if set, `QUO_BASE_URL`.
    pub fn from_env() -> Result<Self, ConfigError> {
        let key = std::env::var(API_KEY_VAR)
            .map_err(|_| ConfigError::MissingApiKey("QUO_API_KEY is not set"))?;
        let mut builder = Self::builder().api_key(key);
        if let Ok(url) = std::env::var(BASE_URL_VAR) {
            builder = builder.base_url(url);
        }
        builder.build()
    }

    /// A builder for every setting.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }
}

/// Settings for a [`Client`].
///
/// Defaults: base URL from the spec (`https://api.quo.com`), 10 s connect
/// and 30 s total timeouts, user agent `quo-api/<version>`,
/// [`RetryPolicy::default`], [`RateLimit::default`] (10 per second).
#[derive(Clone)]
pub struct ClientBuilder {
    api_key: Option<String>,
    base_url: String,
    timeout: Option<Duration>,
    connect_timeout: Duration,
    user_agent: String,
    retry: RetryPolicy,
    rate_limit: Option<RateLimit>,
    http_client: Option<reqwest::Client>,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            api_key: None,
            base_url: DEFAULT_BASE_URL.to_owned(),
            timeout: Some(Duration::from_secs(30)),
            connect_timeout: Duration::from_secs(10),
            user_agent: concat!("quo-api/", env!("CARGO_PKG_VERSION")).to_owned(),
            retry: RetryPolicy::default(),
            rate_limit: Some(RateLimit::default()),
            http_client: None,
        }
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("user_agent", &self.user_agent)
            .field("retry", &self.retry)
            .field("rate_limit", &self.rate_limit)
            .field("http_client", &self.http_client.is_some())
            .finish()
    }
}

impl ClientBuilder {
    /// The workspace API key, sent as the raw `Authorization` value (Quo refuses `Bearer`).
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = Some(key.into());
        self
    }

    /// Where to send requests. `http://` is accepted only for loopback hosts.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// Limit on a whole request, per attempt (applies to a supplied HTTP client
    /// too); `None` for no limit.
    pub fn timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.timeout = timeout.into();
        self
    }

    /// Limit on opening a connection (for the HTTP client this builder makes).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The `User-Agent` header.
    pub fn user_agent(mut self, agent: impl Into<String>) -> Self {
        self.user_agent = agent.into();
        self
    }

    /// When to retry; [`RetryPolicy::none`] switches retries off.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The client-side rate limit shared by all clones; `None` switches it off.
    pub fn rate_limit(mut self, limit: Option<RateLimit>) -> Self {
        self.rate_limit = limit;
        self
    }

    /// Use this `reqwest::Client` (its own connect timeout, proxy and TLS settings apply).
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Checks the settings and makes the client.
    pub fn build(self) -> Result<Client, ConfigError> {
        let key = self
            .api_key
            .ok_or(ConfigError::MissingApiKey("no key was given"))?;
        if key.trim().is_empty() {
            return Err(ConfigError::MissingApiKey("the key is empty"));
        }
        let mut key = HeaderValue::from_str(key.trim()).map_err(|_| ConfigError::InvalidApiKey)?;
        key.set_sensitive(true);
        let base_url = checked_base_url(&self.base_url)?;
        let user_agent = HeaderValue::from_str(&self.user_agent)
            .map_err(|_| ConfigError::InvalidUserAgent(self.user_agent.clone()))?;
        let http = match self.http_client {
            Some(client) => client,
            None => reqwest::Client::builder()
                .connect_timeout(self.connect_timeout)
                .redirect(reqwest::redirect::Policy::limited(5))
                .build()
                .map_err(ConfigError::HttpClient)?,
        };
        let runtime = Runtime {
            api_key: Some(key),
            user_agent: Some(user_agent),
            timeout: self.timeout,
            retry: self.retry,
            limiter: self.rate_limit.map(Limiter::new),
        };
        Ok(Client::new_with_client(&base_url, http, runtime))
    }
}

/// Parses the base URL and refuses plain HTTP except to loopback.
fn checked_base_url(raw: &str) -> Result<String, ConfigError> {
    let invalid = |reason| ConfigError::InvalidBaseUrl {
        url: raw.to_owned(),
        reason,
    };
    let url = reqwest::Url::parse(raw).map_err(|_| invalid("not an absolute URL"))?;
    let loopback = match url.host() {
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => return Err(invalid("no host")),
    };
    match url.scheme() {
        "https" => {}
        "http" if loopback => {}
        "http" => {
            return Err(invalid(
                "plain http is refused for hosts other than loopback: the key would travel unencrypted",
            ));
        }
        _ => return Err(invalid("scheme must be https")),
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid(
            "credentials in the URL are refused; use the API key",
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("a base URL has no query or fragment"));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_checked() {
        assert_eq!(
            checked_base_url("https://api.quo.com/").unwrap(),
            "https://api.quo.com"
        );
        assert_eq!(
            checked_base_url("http://127.0.0.1:8080").unwrap(),
            "http://127.0.0.1:8080"
        );
        assert_eq!(
            checked_base_url("http://localhost:1/v").unwrap(),
            "http://localhost:1/v"
        );
        assert_eq!(
            checked_base_url("http://[::1]:9").unwrap(),
            "http://[::1]:9"
        );
        for bad in [
            "http://api.quo.com",
            "ftp://x",
            "not a url",
            "https://u:p@api.quo.com",
            "https://api.quo.com?x=1",
        ] {
            assert!(checked_base_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn missing_or_empty_keys_are_configuration_errors() {
        assert!(matches!(
            Client::builder().build(),
            Err(ConfigError::MissingApiKey(_))
        ));
        assert!(matches!(
            Client::from_api_key("  "),
            Err(ConfigError::MissingApiKey(_))
        ));
        assert!(matches!(
            Client::from_api_key("a\nb"),
            Err(ConfigError::InvalidApiKey)
        ));
    }

    #[test]
    fn debug_output_never_shows_the_key() {
        let builder = Client::builder().api_key("sk-secret-123");
        assert!(!format!("{builder:?}").contains("sk-secret-123"));
        let client = builder.build().unwrap();
        let shown = format!("{client:?}");
        assert!(!shown.contains("sk-secret-123"), "{shown}");
        assert!(shown.contains("<redacted>"), "{shown}");
    }
}
