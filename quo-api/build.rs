//! Generates the client from the committed OpenAPI document.
//!
//! Reruns only when the document changes (the codegen crate is a build
//! dependency, so cargo rebuilds it, and reruns this, when its sources change).

use std::path::Path;

const SPEC: &str = "openapi/quo-public-api-v1.json";

fn main() {
    println!("cargo::rerun-if-changed={SPEC}");
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("quo_api.rs");
    let text = match std::fs::read_to_string(SPEC) {
        Ok(text) => text,
        Err(e) => fail(&format!("{SPEC}: {e}")),
    };
    let spec: serde_json::Value = match serde_json::from_str(&text) {
        Ok(spec) => spec,
        Err(e) => fail(&format!("{SPEC}: not JSON: {e}")),
    };
    match quo_api_codegen::generate(&spec, &quo_api_codegen::Options::default()) {
        Ok(code) => {
            std::fs::write(&out, code).unwrap_or_else(|e| fail(&format!("{}: {e}", out.display())))
        }
        Err(e) => fail(&format!("{SPEC}: {e}")),
    }
}

/// One clear line for the person running the build, no backtrace.
fn fail(message: &str) -> ! {
    println!("cargo::error={message}");
    std::process::exit(1);
}
