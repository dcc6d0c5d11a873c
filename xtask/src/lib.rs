//! Maintainer commands for the quo-api workspace, one module each.
//!
//! The binary in `main.rs` only parses arguments; the commands live here so
//! the behaviour tests in `tests/` can drive them against temporary folders.

pub mod codegen;
pub mod diff;
pub mod fetch;

use std::path::PathBuf;

/// The workspace root, found from this crate's manifest directory.
pub fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}
