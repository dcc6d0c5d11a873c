//! Generates the client (and the typed mocks) from the committed OpenAPI document.
//!
//! Reruns only when the document changes (the codegen crate is a build
//! dependency, so cargo rebuilds it, and reruns this, when its sources change).

use std::path::{Path, PathBuf};

/// `quo-api/openapi` links to the workspace's `openapi/` so that the packaged
/// crate carries the document; where links are not checked out as links
/// (Windows without `core.symlinks`), the workspace copy is read directly.
const CANDIDATES: [&str; 2] = [
    "openapi/quo-public-api-v1.json",
    "../openapi/quo-public-api-v1.json",
];

fn main() {
    let spec_path = CANDIDATES
        .into_iter()
        .find(|p| Path::new(p).is_file())
        .unwrap_or_else(|| {
            fail(&format!(
                "no OpenAPI document at {}",
                CANDIDATES.join(" or ")
            ))
        });
    println!("cargo::rerun-if-changed={spec_path}");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let text =
        std::fs::read_to_string(spec_path).unwrap_or_else(|e| fail(&format!("{spec_path}: {e}")));
    let spec: serde_json::Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| fail(&format!("{spec_path}: not JSON: {e}")));
    let generated = quo_api_codegen::generate(&spec, &quo_api_codegen::Options::default())
        .unwrap_or_else(|e| fail(&format!("{spec_path}: {e}")));
    for (file, code) in [
        ("quo_api.rs", generated.client),
        ("quo_api_mock.rs", generated.mock),
    ] {
        let path = out.join(file);
        std::fs::write(&path, code).unwrap_or_else(|e| fail(&format!("{}: {e}", path.display())));
    }
}

/// One clear line for the person running the build, no backtrace.
fn fail(message: &str) -> ! {
    println!("cargo::error={message}");
    std::process::exit(1);
}
