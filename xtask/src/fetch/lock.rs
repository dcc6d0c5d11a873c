//! The provenance lock committed beside the document.

use std::io::ErrorKind;
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Where the committed document came from and when its content last changed.
/// Field order here is the order in the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Lock {
    /// The URL fetched, or a note saying where the document came from otherwise.
    pub source: String,
    /// SHA-256 of the committed document's bytes, lowercase hex.
    pub sha256: String,
    /// The server's `ETag`, when it sent one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    /// The server's `Last-Modified`, when it sent one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
    /// RFC 3339 UTC time at which a fetch last brought different content.
    pub content_changed_at: String,
}

impl Lock {
    /// Reads the lock; a missing or unparsable one is `None`, as the next
    /// successful fetch rewrites it either way.
    pub fn read(path: &Path) -> anyhow::Result<Option<Lock>> {
        match std::fs::read(path) {
            Ok(bytes) => Ok(serde_json::from_slice(&bytes).ok()),
            Err(err) if err.kind() == ErrorKind::NotFound => Ok(None),
            Err(err) => anyhow::bail!("read {}: {err}", path.display()),
        }
    }

    /// The canonical bytes, formatted like the document.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = serde_json::to_vec_pretty(self).expect("a lock always serializes");
        bytes.push(b'\n');
        bytes
    }
}

/// Lowercase hex SHA-256.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

/// The current time as RFC 3339 UTC with whole seconds, e.g. `2025-12-15T09:30:00Z`.
pub(crate) fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn optional_fields_are_omitted_and_order_is_fixed() {
        let lock = Lock {
            source: "https://example.com/spec.json".into(),
            sha256: sha256_hex(b""),
            etag: None,
            last_modified: None,
            content_changed_at: "2025-12-15T09:30:00Z".into(),
        };
        let expected = r#"{
  "source": "https://example.com/spec.json",
  "sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
  "content_changed_at": "2025-12-15T09:30:00Z"
}
"#;
        assert_eq!(String::from_utf8(lock.to_bytes()).unwrap(), expected);
    }

    #[test]
    fn timestamps_are_utc_seconds() {
        let now = now_rfc3339();
        assert_eq!(now.len(), "2025-12-15T09:30:00Z".len(), "{now}");
        assert!(now.ends_with('Z'), "{now}");
        assert!(chrono::DateTime::parse_from_rfc3339(&now).is_ok(), "{now}");
    }
}
