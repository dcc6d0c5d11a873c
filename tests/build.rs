//! Generates a client for each real published document in `QUO_SPEC_CORPUS`,
//! so that compiling this crate proves the codegen handles them.
//!
//! Each document becomes a module of `quo_api_tests::corpus`; `DOCUMENTS`
//! lists them with the path of their generated source for the tests to read.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    println!("cargo::rerun-if-env-changed=QUO_SPEC_CORPUS");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let mut index =
        String::from("/// The corpus documents: (file name, module, generated source path).\n");
    let mut modules = String::new();
    let mut entries = Vec::new();
    if let Some(folder) = corpus_folder() {
        println!("cargo::rerun-if-changed={}", folder.display());
        for path in documents(&folder) {
            println!("cargo::rerun-if-changed={}", path.display());
            let file = path
                .file_name()
                .expect("a file")
                .to_string_lossy()
                .into_owned();
            let module = module_name(&file);
            let spec: serde_json::Value = std::fs::read_to_string(&path)
                .ok()
                .and_then(|text| serde_json::from_str(&text).ok())
                .unwrap_or_else(|| fail(&format!("{}: not readable JSON", path.display())));
            let options = quo_api_codegen::Options {
                module_path: format!("crate::corpus::{module}"),
                ..Default::default()
            };
            let code = quo_api_codegen::generate(&spec, &options)
                .map(|generated| generated.client)
                .unwrap_or_else(|e| fail(&format!("{}: {e}", path.display())));
            let generated = out.join(format!("corpus_{module}.rs"));
            std::fs::write(&generated, code).expect("OUT_DIR is writable");
            writeln!(
                modules,
                "pub mod {module} {{ include!({:?}); }}",
                generated.display().to_string()
            )
            .unwrap();
            entries.push(format!(
                "({file:?}, {module:?}, {:?})",
                generated.display().to_string()
            ));
        }
    }
    writeln!(
        index,
        "pub const DOCUMENTS: &[(&str, &str, &str)] = &[{}];",
        entries.join(", ")
    )
    .unwrap();
    index.push_str(&modules);
    std::fs::write(out.join("corpus.rs"), index).expect("OUT_DIR is writable");
}

/// `QUO_SPEC_CORPUS`, relative paths taken from the workspace root.
fn corpus_folder() -> Option<PathBuf> {
    let value = std::env::var_os("QUO_SPEC_CORPUS")?;
    let path = PathBuf::from(value);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is in the workspace");
    Some(if path.is_absolute() {
        path
    } else {
        root.join(path)
    })
}

fn documents(folder: &Path) -> Vec<PathBuf> {
    let entries = std::fs::read_dir(folder)
        .unwrap_or_else(|e| fail(&format!("QUO_SPEC_CORPUS={}: {e}", folder.display())));
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    paths
}

/// `openphone-public-api-v1-2025-06.json` → `openphone_public_api_v1_2025_06`.
fn module_name(file: &str) -> String {
    file.trim_end_matches(".json")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect()
}

fn fail(message: &str) -> ! {
    println!("cargo::error={message}");
    std::process::exit(1);
}
