//! `cargo xtask fetch` against documents served on loopback or read from disk.
//!
//! Each test works on a temporary copy of `openapi/`, never on the repository's.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use httpmock::Method::GET;
use httpmock::MockServer;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use tempfile::TempDir;
use xtask::fetch::{FetchArgs, LOCK_FILE, SPEC_FILE, USER_AGENT, run, summarize};

/// A temporary workspace root holding an `openapi/` folder.
struct Workspace {
    root: TempDir,
}

impl Workspace {
    /// An `openapi/` folder with nothing in it yet.
    fn empty() -> Workspace {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir(root.path().join("openapi")).unwrap();
        Workspace { root }
    }

    /// A copy of the repository's committed document and lock.
    fn committed() -> Workspace {
        let workspace = Workspace::empty();
        for file in [SPEC_FILE, LOCK_FILE] {
            std::fs::copy(repo_root().join(file), workspace.root.path().join(file)).unwrap();
        }
        workspace
    }

    /// Runs the command; an error becomes the line `cargo xtask` prints after `error: `.
    fn fetch(&self, args: &FetchArgs) -> Result<ExitCode, String> {
        run(args, self.root.path()).map_err(|err| format!("{err:#}"))
    }

    fn read(&self, file: &str) -> Option<Vec<u8>> {
        std::fs::read(self.root.path().join(file)).ok()
    }

    /// Both files' bytes, to compare before and after.
    fn snapshot(&self) -> [Option<Vec<u8>>; 2] {
        [self.read(SPEC_FILE), self.read(LOCK_FILE)]
    }

    fn lock(&self) -> Value {
        serde_json::from_slice(&self.read(LOCK_FILE).expect("a lock was written")).unwrap()
    }

    /// Names of everything in `openapi/`, to see that no temporary file is left.
    fn listing(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.root.path().join("openapi"))
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

fn repo_root() -> PathBuf {
    xtask::workspace_root()
}

/// The committed document: valid, and accepted by the code generator.
fn seed() -> Value {
    serde_json::from_slice(&std::fs::read(repo_root().join(SPEC_FILE)).unwrap()).unwrap()
}

/// The seed plus one operation and one schema.
fn seed_grown() -> Value {
    let mut doc = seed();
    let mut operation = doc["paths"]["/v1/users"]["get"].clone();
    operation["operationId"] = json!("listUsersAgain_v1");
    doc["paths"]["/v2/users"] = json!({ "get": operation });
    let user =
        operation.pointer("/responses/200/content/application~1json/schema/properties/data/items");
    doc["components"]["schemas"] = json!({ "User": user.unwrap().clone() });
    doc
}

/// What the fetch must write for `doc`.
fn canonical(doc: &Value) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(doc).unwrap();
    bytes.push(b'\n');
    bytes
}

fn sha256_hex(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

fn args(url: &str) -> FetchArgs {
    FetchArgs::new(url)
}

fn check_args(url: &str) -> FetchArgs {
    FetchArgs {
        check: true,
        ..FetchArgs::new(url)
    }
}

/// Serves `body` with status 200 at `/spec.json`.
fn serve(server: &MockServer, body: impl AsRef<[u8]>) -> String {
    server.mock(|when, then| {
        when.method(GET).path("/spec.json");
        then.status(200).body(body);
    });
    server.url("/spec.json")
}

/// Answers one HTTP request on loopback with `response` as raw bytes, then
/// closes the connection: for replies httpmock will not produce.
fn serve_raw_once(response: Vec<u8>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/spec.json", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        let Ok((mut stream, _)) = listener.accept() else {
            return;
        };
        let mut request = Vec::new();
        let mut buffer = [0; 1024];
        while !request.ends_with(b"\r\n\r\n") {
            match stream.read(&mut buffer) {
                Ok(0) | Err(_) => return,
                Ok(read) => request.extend_from_slice(&buffer[..read]),
            }
        }
        // The client may hang up first (oversize); that is not this test's concern.
        let _ = stream.write_all(&response);
    });
    url
}

/// Runs a fetch that must fail, and checks that the error is one line, that
/// `openapi/` is exactly as before, and that no temporary file is left.
fn assert_rejected(workspace: &Workspace, args: &FetchArgs) -> String {
    let before = workspace.snapshot();
    let listing = workspace.listing();
    let message = workspace
        .fetch(args)
        .expect_err("the fetch should have failed");
    assert!(!message.contains('\n'), "not one line: {message}");
    assert!(
        workspace.snapshot() == before,
        "openapi/ changed after: {message}"
    );
    assert_eq!(workspace.listing(), listing, "after: {message}");
    message
}

#[test]
fn fetch_writes_the_canonical_document_and_its_lock() {
    let workspace = Workspace::empty();
    let server = MockServer::start();
    let compact = serde_json::to_vec(&seed()).unwrap();
    let mock = server.mock(|when, then| {
        when.method(GET)
            .path("/spec.json")
            .header("user-agent", USER_AGENT);
        then.status(200)
            .header("etag", "\"v1\"")
            .header("last-modified", "Mon, 15 Dec 2025 09:30:00 GMT")
            .body(&compact);
    });
    let url = server.url("/spec.json");

    assert_eq!(workspace.fetch(&args(&url)).unwrap(), ExitCode::SUCCESS);

    mock.assert();
    let spec = workspace.read(SPEC_FILE).unwrap();
    assert_eq!(spec, canonical(&seed()));
    assert_eq!(spec, std::fs::read(repo_root().join(SPEC_FILE)).unwrap());
    let lock = workspace.lock();
    let changed_at = lock["content_changed_at"].as_str().unwrap();
    assert!(is_rfc3339_utc_seconds(changed_at), "{changed_at}");
    let expected_lock = format!(
        "{{\n  \"source\": \"{url}\",\n  \"sha256\": \"{}\",\n  \"etag\": \"\\\"v1\\\"\",\n  \
         \"last_modified\": \"Mon, 15 Dec 2025 09:30:00 GMT\",\n  \"content_changed_at\": \"{changed_at}\"\n}}\n",
        sha256_hex(&spec)
    );
    assert_eq!(
        String::from_utf8(workspace.read(LOCK_FILE).unwrap()).unwrap(),
        expected_lock
    );
    assert_eq!(
        workspace.listing(),
        ["quo-public-api-v1.json", "quo-public-api-v1.lock"]
    );
}

/// `2025-12-15T09:30:00Z`
fn is_rfc3339_utc_seconds(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 20
        && bytes.iter().enumerate().all(|(index, byte)| match index {
            4 | 7 => *byte == b'-',
            10 => *byte == b'T',
            13 | 16 => *byte == b':',
            19 => *byte == b'Z',
            _ => byte.is_ascii_digit(),
        })
}

#[test]
fn a_file_url_or_path_records_no_server_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("spec.json");
    std::fs::write(&path, serde_json::to_vec(&seed()).unwrap()).unwrap();
    for arg in [
        path.display().to_string(),
        format!("file://{}", path.display()),
    ] {
        let workspace = Workspace::empty();
        assert_eq!(workspace.fetch(&args(&arg)).unwrap(), ExitCode::SUCCESS);
        assert_eq!(workspace.read(SPEC_FILE).unwrap(), canonical(&seed()));
        let lock = workspace.lock();
        let keys: Vec<&String> = lock.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["source", "sha256", "content_changed_at"]);
        assert_eq!(lock["source"], json!(format!("file://{}", path.display())));
    }
}

#[test]
fn fetching_the_same_document_again_changes_no_byte() {
    let workspace = Workspace::empty();
    let server = MockServer::start();
    let url = serve(&server, serde_json::to_vec(&seed()).unwrap());
    workspace.fetch(&args(&url)).unwrap();
    let first = workspace.snapshot();

    assert_eq!(workspace.fetch(&args(&url)).unwrap(), ExitCode::SUCCESS);
    assert!(workspace.snapshot() == first);

    // Same content under a new ETag: the lock keeps describing the content.
    let other = MockServer::start();
    other.mock(|when, then| {
        when.method(GET).path("/spec.json");
        then.status(200)
            .header("etag", "\"v2\"")
            .body(canonical(&seed()));
    });
    assert_eq!(
        workspace.fetch(&args(&other.url("/spec.json"))).unwrap(),
        ExitCode::SUCCESS
    );
    assert!(workspace.snapshot() == first);
}

#[test]
fn a_changed_document_replaces_both_files() {
    let workspace = Workspace::committed();
    let old_lock = workspace.lock();
    let server = MockServer::start();
    let url = serve(&server, serde_json::to_vec(&seed_grown()).unwrap());

    assert_eq!(workspace.fetch(&args(&url)).unwrap(), ExitCode::SUCCESS);

    let spec = workspace.read(SPEC_FILE).unwrap();
    assert_eq!(spec, canonical(&seed_grown()));
    let lock = workspace.lock();
    assert_eq!(lock["source"], json!(url));
    assert_eq!(lock["sha256"], json!(sha256_hex(&spec)));
    assert_ne!(lock["sha256"], old_lock["sha256"]);
    assert!(lock.get("etag").is_none());
}

#[test]
fn a_lock_that_does_not_match_is_rewritten_without_touching_the_document() {
    let workspace = Workspace::committed();
    std::fs::remove_file(workspace.root.path().join(LOCK_FILE)).unwrap();
    let spec_before = workspace.read(SPEC_FILE);
    let server = MockServer::start();
    let url = serve(&server, canonical(&seed()));

    assert_eq!(workspace.fetch(&args(&url)).unwrap(), ExitCode::SUCCESS);

    assert_eq!(workspace.read(SPEC_FILE), spec_before);
    assert_eq!(
        workspace.lock()["sha256"],
        json!(sha256_hex(&spec_before.unwrap()))
    );
}

#[test]
fn the_summary_counts_operations_and_schemas_by_name() {
    let summary = summarize(Some(&seed()), &seed_grown());
    assert_eq!(summary.operations_added, ["listUsersAgain_v1"]);
    assert!(summary.operations_removed.is_empty());
    assert_eq!(summary.schemas_added, ["User"]);
    assert!(summary.schemas_removed.is_empty());
    let back = summarize(Some(&seed_grown()), &seed());
    assert_eq!(back.operations_removed, ["listUsersAgain_v1"]);
    assert_eq!(back.schemas_removed, ["User"]);
}

#[test]
fn up_to_five_redirects_are_followed() {
    let workspace = Workspace::empty();
    let server = MockServer::start();
    for hop in 0..5 {
        server.mock(|when, then| {
            when.method(GET).path(format!("/hop{hop}"));
            then.status(302)
                .header("location", format!("/hop{}", hop + 1));
        });
    }
    server.mock(|when, then| {
        when.method(GET).path("/hop5");
        then.status(200).body(canonical(&seed()));
    });

    assert_eq!(
        workspace.fetch(&args(&server.url("/hop0"))).unwrap(),
        ExitCode::SUCCESS
    );
    assert_eq!(workspace.lock()["source"], json!(server.url("/hop0")));
}

// --- Failures: one line, non-zero exit, nothing written. ---

#[test]
fn http_404_is_rejected() {
    let server = MockServer::start();
    server.mock(|when, then| {
        when.method(GET).path("/spec.json");
        then.status(404).body("no such key");
    });
    let url = server.url("/spec.json");
    let message = assert_rejected(&Workspace::committed(), &args(&url));
    assert_eq!(message, format!("fetch {url}: HTTP 404 Not Found"));
}

#[test]
fn http_500_is_rejected() {
    let server = MockServer::start();
    server.mock(|when, then| {
        when.method(GET).path("/spec.json");
        then.status(500).body(canonical(&seed()));
    });
    let url = server.url("/spec.json");
    let message = assert_rejected(&Workspace::committed(), &args(&url));
    assert_eq!(
        message,
        format!("fetch {url}: HTTP 500 Internal Server Error")
    );
}

#[test]
fn an_html_page_is_rejected() {
    let server = MockServer::start();
    let url = serve(
        &server,
        "<!DOCTYPE html>\n<html><body>Sign in</body></html>\n",
    );
    let message = assert_rejected(&Workspace::committed(), &args(&url));
    assert_eq!(
        message,
        format!(
            r#"{url}: not JSON at line 1 column 1: expected value (body starts with "<!DOCTYPE html>")"#
        )
    );
}

#[test]
fn a_truncated_document_is_rejected() {
    let full = canonical(&seed_grown());
    let server = MockServer::start();
    let url = serve(&server, &full[..full.len() / 2]);
    let message = assert_rejected(&Workspace::committed(), &args(&url));
    assert!(
        message.starts_with(&format!("{url}: not JSON at line ")),
        "{message}"
    );
    assert!(message.contains(": EOF while parsing "), "{message}");
}

#[test]
fn a_connection_closed_mid_body_is_rejected() {
    let mut response = b"HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n".to_vec();
    response.extend_from_slice(&canonical(&seed())[..1000]);
    let url = serve_raw_once(response);
    let message = assert_rejected(&Workspace::committed(), &args(&url));
    assert!(
        message.starts_with(&format!("fetch {url}: reading the body failed: ")),
        "{message}"
    );
}

#[test]
fn an_oversize_body_is_rejected_by_its_content_length() {
    let server = MockServer::start();
    let url = serve(&server, vec![b' '; 2048]);
    let mut args = args(&url);
    args.limits.max_body_bytes = 1024;
    let message = assert_rejected(&Workspace::committed(), &args);
    assert_eq!(
        message,
        format!("fetch {url}: Content-Length 2048 exceeds the size limit of 1024 bytes")
    );
}

#[test]
fn an_oversize_body_without_length_is_cut_off_while_reading() {
    let mut response = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".to_vec();
    for _ in 0..4 {
        response.extend_from_slice(b"200\r\n");
        response.extend_from_slice(&[b' '; 0x200]);
        response.extend_from_slice(b"\r\n");
    }
    response.extend_from_slice(b"0\r\n\r\n");
    let url = serve_raw_once(response);
    let mut args = args(&url);
    args.limits.max_body_bytes = 1024;
    let message = assert_rejected(&Workspace::committed(), &args);
    assert_eq!(
        message,
        format!("fetch {url}: body exceeds the size limit of 1024 bytes")
    );
}

#[test]
fn an_oversize_file_is_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.json");
    std::fs::write(&path, vec![b' '; 2048]).unwrap();
    let mut args = args(&path.display().to_string());
    args.limits.max_body_bytes = 1024;
    let message = assert_rejected(&Workspace::committed(), &args);
    assert_eq!(
        message,
        format!(
            "fetch file://{}: body exceeds the size limit of 1024 bytes",
            path.display()
        )
    );
}

/// Serves the seed after `edit`, expecting the fetch to fail with `problem`.
fn assert_invalid(edit: impl FnOnce(&mut Value), problem: &str) {
    let mut doc = seed();
    edit(&mut doc);
    let server = MockServer::start();
    let url = serve(&server, serde_json::to_vec(&doc).unwrap());
    let message = assert_rejected(&Workspace::committed(), &args(&url));
    assert_eq!(message, format!("{url}: {problem}"));
}

#[test]
fn a_wrong_openapi_version_is_rejected() {
    assert_invalid(
        |doc| doc["openapi"] = json!("2.0"),
        r#"openapi version "2.0" is not 3.0.x or 3.1.x"#,
    );
    assert_invalid(
        |doc| doc["openapi"] = json!("3.2.0"),
        r#"openapi version "3.2.0" is not 3.0.x or 3.1.x"#,
    );
}

#[test]
fn a_missing_info_is_rejected() {
    assert_invalid(
        |doc| {
            doc.as_object_mut().unwrap().remove("info");
        },
        r#"no "info" object"#,
    );
}

#[test]
fn empty_paths_are_rejected() {
    assert_invalid(|doc| doc["paths"] = json!({}), r#""paths" is empty"#);
}

#[test]
fn a_missing_operation_id_is_rejected() {
    assert_invalid(
        |doc| {
            let operation = doc["paths"]["/v1/users"]["get"].as_object_mut().unwrap();
            operation.remove("operationId");
        },
        "GET /v1/users has no operationId",
    );
}

#[test]
fn a_duplicate_operation_id_is_rejected() {
    assert_invalid(
        |doc| {
            doc["paths"]["/v2/users"] = json!({ "post": doc["paths"]["/v1/users"]["get"].clone() })
        },
        r#"operationId "listUsers_v1" is used by both GET /v1/users and POST /v2/users"#,
    );
}

#[test]
fn a_document_the_code_generator_refuses_is_rejected() {
    let mut doc = seed();
    doc["paths"]["/v1/users"]["get"]["parameters"][1]["schema"] = json!({ "type": ["null"] });
    let server = MockServer::start();
    let url = serve(&server, serde_json::to_vec(&doc).unwrap());
    let message = assert_rejected(&Workspace::committed(), &args(&url));
    // The rule's own wording belongs to the code generator; the pointer says where.
    let prefix = format!(
        "{url}: the code generator would reject it: /paths/~1v1~1users/get/parameters/1/schema"
    );
    assert!(message.starts_with(&prefix), "{message}");
}

#[test]
fn a_missing_file_is_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("missing.json");
    let message = assert_rejected(&Workspace::committed(), &args(&path.display().to_string()));
    assert_eq!(
        message,
        format!(
            "fetch file://{}: No such file or directory (os error 2)",
            path.display()
        )
    );
}

#[test]
fn a_refused_connection_is_rejected() {
    let port = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let url = format!("http://127.0.0.1:{port}/spec.json");
    let message = assert_rejected(&Workspace::committed(), &args(&url));
    assert!(
        message.starts_with(&format!("fetch {url}: cannot connect: ")),
        "{message}"
    );
}

#[test]
fn a_slow_server_times_out() {
    let server = MockServer::start();
    server.mock(|when, then| {
        when.method(GET).path("/spec.json");
        then.status(200)
            .delay(Duration::from_millis(800))
            .body(canonical(&seed()));
    });
    let url = server.url("/spec.json");
    let mut args = args(&url);
    args.limits.total_timeout = Duration::from_millis(200);
    let message = assert_rejected(&Workspace::committed(), &args);
    assert_eq!(
        message,
        format!("fetch {url}: no complete response within 200ms")
    );
}

#[test]
fn too_many_redirects_are_rejected() {
    let server = MockServer::start();
    server.mock(|when, then| {
        when.method(GET).path("/loop");
        then.status(302).header("location", "/loop");
    });
    let url = server.url("/loop");
    let message = assert_rejected(&Workspace::committed(), &args(&url));
    assert_eq!(message, format!("fetch {url}: more than 5 redirects"));
}

#[test]
fn an_unsupported_scheme_is_rejected() {
    let message = assert_rejected(&Workspace::committed(), &args("ftp://127.0.0.1/spec.json"));
    assert_eq!(
        message,
        r#"ftp://127.0.0.1/spec.json: unsupported URL scheme "ftp" (use http, https, file or a path)"#
    );
}

// --- --check: 0 same, 1 different, 2 (an error) on failure; never writes. ---

#[test]
fn check_exits_0_when_the_published_document_is_committed() {
    let workspace = Workspace::committed();
    let before = workspace.snapshot();
    let server = MockServer::start();
    let url = serve(&server, serde_json::to_vec(&seed()).unwrap());
    assert_eq!(
        workspace.fetch(&check_args(&url)).unwrap(),
        ExitCode::SUCCESS
    );
    assert!(workspace.snapshot() == before);
}

#[test]
fn check_exits_1_when_the_published_document_differs() {
    let workspace = Workspace::committed();
    let before = workspace.snapshot();
    let server = MockServer::start();
    let url = serve(&server, serde_json::to_vec(&seed_grown()).unwrap());
    assert_eq!(
        workspace.fetch(&check_args(&url)).unwrap(),
        ExitCode::from(1)
    );
    assert!(workspace.snapshot() == before);
}

#[test]
fn check_fails_when_the_fetch_fails() {
    let server = MockServer::start();
    server.mock(|when, then| {
        when.method(GET).path("/spec.json");
        then.status(503);
    });
    let url = server.url("/spec.json");
    let message = assert_rejected(&Workspace::committed(), &check_args(&url));
    assert_eq!(
        message,
        format!("fetch {url}: HTTP 503 Service Unavailable")
    );
}

// --- The published documents kept in `QUO_SPEC_CORPUS`. ---

#[test]
fn corpus_documents_round_trip_through_fetch() {
    let Some(folder) = std::env::var_os("QUO_SPEC_CORPUS") else {
        println!("skipped: QUO_SPEC_CORPUS is not set");
        return;
    };
    let folder = repo_root().join(folder);
    let documents = json_files(&folder);
    assert!(!documents.is_empty(), "no *.json in {}", folder.display());
    for path in documents {
        let workspace = Workspace::empty();
        let url = format!("file://{}", path.display());
        workspace
            .fetch(&args(&url))
            .unwrap_or_else(|err| panic!("{}: {err}", path.display()));
        let written = workspace.read(SPEC_FILE).unwrap();
        let reparsed: Value = serde_json::from_slice(&written).unwrap();
        assert!(
            canonical(&reparsed) == written,
            "{} does not round-trip",
            path.display()
        );
        let published: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        assert!(
            canonical(&published) == written,
            "{} changed in canonicalization",
            path.display()
        );
        assert_eq!(workspace.lock()["sha256"], json!(sha256_hex(&written)));
    }
}

fn json_files(folder: &Path) -> Vec<PathBuf> {
    let entries = std::fs::read_dir(folder)
        .unwrap_or_else(|err| panic!("QUO_SPEC_CORPUS {}: {err}", folder.display()));
    let mut files: Vec<PathBuf> = entries
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    files
}
