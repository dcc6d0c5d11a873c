//! Where the document comes from, and reading it within size and time limits.

use std::error::Error;
use std::fmt;
use std::fs::File;
use std::io::Read;
use std::path::Path;
use std::time::Duration;

use reqwest::header::{ACCEPT, ETAG, HeaderName, LAST_MODIFIED};
use url::Url;

/// Sent with every request so Quo's logs can tell this tool apart.
pub const USER_AGENT: &str = concat!("quo-api-xtask/", env!("CARGO_PKG_VERSION"));

/// Redirects followed before giving up; S3 and CDNs need one or two at most.
const MAX_REDIRECTS: usize = 5;

/// Bounds on one fetch, so a misbehaving server cannot hang or flood the tool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest body accepted, counted while reading: a `Content-Length` over it
    /// is refused at once, but one under it is not taken on trust.
    pub max_body_bytes: u64,
    /// Time allowed to open the connection, TLS included.
    pub connect_timeout: Duration,
    /// Time allowed for the whole exchange, body included.
    pub total_timeout: Duration,
}

impl Default for Limits {
    /// 32 MiB, about fifty times the published document; 10 s to connect, 60 s in all.
    fn default() -> Self {
        Limits {
            max_body_bytes: 32 * 1024 * 1024,
            connect_timeout: Duration::from_secs(10),
            total_timeout: Duration::from_secs(60),
        }
    }
}

/// A document location: an `http`, `https` or `file` URL (plain paths become `file` URLs).
#[derive(Debug, Clone)]
pub(crate) struct Source {
    url: Url,
}

/// What a fetch brought back.
#[derive(Debug)]
pub(crate) struct Fetched {
    pub body: Vec<u8>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

impl Source {
    /// Reads `--url`: a URL when it has a supported scheme, a path otherwise.
    pub fn parse(arg: &str) -> anyhow::Result<Source> {
        match Url::parse(arg) {
            // The URL is printed and committed in the lock, so it must not carry secrets.
            Ok(mut url) if !url.username().is_empty() || url.password().is_some() => {
                let _ = url.set_username("");
                let _ = url.set_password(None);
                anyhow::bail!(
                    "{url}: credentials in the URL are refused (they would be committed in the lock)"
                )
            }
            Ok(url) if matches!(url.scheme(), "http" | "https" | "file") => Ok(Source { url }),
            // A one-letter scheme is a Windows drive (`C:\...`), so a path.
            Ok(url) if url.scheme().len() > 1 => anyhow::bail!(
                "{arg}: unsupported URL scheme {:?} (use http, https, file or a path)",
                url.scheme()
            ),
            _ => Source::from_path(Path::new(arg)),
        }
    }

    fn from_path(path: &Path) -> anyhow::Result<Source> {
        let absolute = std::path::absolute(path)
            .map_err(|err| anyhow::anyhow!("{}: {err}", path.display()))?;
        let url = Url::from_file_path(&absolute)
            .map_err(|()| anyhow::anyhow!("{}: not a usable file path", absolute.display()))?;
        Ok(Source { url })
    }

    /// The location as recorded in the lock and shown in messages.
    pub fn as_str(&self) -> &str {
        self.url.as_str()
    }

    /// Reads the whole body; the error is one line naming this location.
    pub fn fetch(&self, limits: &Limits) -> anyhow::Result<Fetched> {
        let result = if self.url.scheme() == "file" {
            self.read_file(limits)
        } else {
            self.download(limits)
        };
        result.map_err(|why| anyhow::anyhow!("fetch {self}: {why}"))
    }

    fn read_file(&self, limits: &Limits) -> Result<Fetched, String> {
        let path = self
            .url
            .to_file_path()
            .map_err(|()| "not a local file".to_string())?;
        let file = File::open(&path).map_err(|err| err.to_string())?;
        let mut body = Vec::new();
        file.take(limits.max_body_bytes + 1)
            .read_to_end(&mut body)
            .map_err(|err| err.to_string())?;
        if body.len() as u64 > limits.max_body_bytes {
            return Err(too_large(limits));
        }
        Ok(Fetched {
            body,
            etag: None,
            last_modified: None,
        })
    }

    /// Runs the request on a single-threaded runtime: reqwest's blocking client
    /// applies its timeout to each read, while the async one bounds the whole exchange.
    fn download(&self, limits: &Limits) -> Result<Fetched, String> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|err| format!("cannot start the HTTP runtime: {err}"))?;
        runtime.block_on(self.download_async(limits))
    }

    async fn download_async(&self, limits: &Limits) -> Result<Fetched, String> {
        let describe = |err: reqwest::Error| describe_http_error(&err, limits);
        let client = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .connect_timeout(limits.connect_timeout)
            .timeout(limits.total_timeout)
            .redirect(reqwest::redirect::Policy::limited(MAX_REDIRECTS))
            .build()
            .map_err(describe)?;
        let mut response = client
            .get(self.url.clone())
            .header(ACCEPT, "application/json")
            .send()
            .await
            .map_err(describe)?;
        let status = response.status();
        if !status.is_success() {
            return Err(format!("HTTP {status}"));
        }
        if let Some(announced) = response.content_length()
            && announced > limits.max_body_bytes
        {
            return Err(format!(
                "Content-Length {announced} exceeds the size limit of {} bytes",
                limits.max_body_bytes
            ));
        }
        let etag = header_text(&response, ETAG);
        let last_modified = header_text(&response, LAST_MODIFIED);
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(describe)? {
            if (body.len() + chunk.len()) as u64 > limits.max_body_bytes {
                return Err(too_large(limits));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Fetched {
            body,
            etag,
            last_modified,
        })
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

fn too_large(limits: &Limits) -> String {
    format!(
        "body exceeds the size limit of {} bytes",
        limits.max_body_bytes
    )
}

/// A header's value when it is printable text; others are not worth recording.
fn header_text(response: &reqwest::Response, name: HeaderName) -> Option<String> {
    let value = response.headers().get(name)?.to_str().ok()?;
    Some(value.to_string())
}

/// One line for a transport failure. reqwest's own message repeats the URL
/// and nests several wrappers; the innermost cause is the informative part.
fn describe_http_error(err: &reqwest::Error, limits: &Limits) -> String {
    if err.is_timeout() {
        if err.is_connect() {
            format!("no connection within {:?}", limits.connect_timeout)
        } else {
            format!("no complete response within {:?}", limits.total_timeout)
        }
    } else if err.is_redirect() {
        format!("more than {MAX_REDIRECTS} redirects")
    } else if err.is_connect() {
        format!("cannot connect: {}", innermost_cause(err))
    } else if err.is_body() || err.is_decode() {
        format!("reading the body failed: {}", innermost_cause(err))
    } else {
        innermost_cause(err)
    }
}

fn innermost_cause(err: &(dyn Error + 'static)) -> String {
    let mut cause = err;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_with_known_schemes_are_kept() {
        for arg in [
            "https://example.com/spec.json",
            "http://127.0.0.1:8080/spec.json",
            "file:///tmp/spec.json",
        ] {
            assert_eq!(Source::parse(arg).unwrap().as_str(), arg);
        }
    }

    #[test]
    fn paths_become_absolute_file_urls() {
        let source = Source::parse("openapi/spec.json").unwrap();
        let expected =
            Url::from_file_path(std::env::current_dir().unwrap().join("openapi/spec.json"))
                .unwrap();
        assert_eq!(source.as_str(), expected.as_str());
    }

    #[test]
    fn credentials_are_refused_without_being_echoed() {
        let err = Source::parse("https://user:hunter2@example.com/spec.json").unwrap_err();
        assert_eq!(
            err.to_string(),
            "https://example.com/spec.json: credentials in the URL are refused \
             (they would be committed in the lock)"
        );
    }

    #[test]
    fn other_schemes_are_refused() {
        let err = Source::parse("ftp://example.com/spec.json").unwrap_err();
        assert_eq!(
            err.to_string(),
            r#"ftp://example.com/spec.json: unsupported URL scheme "ftp" (use http, https, file or a path)"#
        );
    }
}
