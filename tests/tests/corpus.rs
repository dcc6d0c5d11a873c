//! The real published documents in `QUO_SPEC_CORPUS` generate clients that
//! compile (see `build.rs`), with every operation and a distinct error type.

use std::collections::BTreeSet;
use std::path::PathBuf;

use quo_api_tests::corpus::DOCUMENTS;

fn corpus_folder() -> Option<PathBuf> {
    let value = PathBuf::from(std::env::var_os("QUO_SPEC_CORPUS")?);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    Some(if value.is_absolute() {
        value
    } else {
        root.join(value)
    })
}

/// operationIds straight from the document, without the codegen.
fn operation_ids(document: &serde_json::Value) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for item in document["paths"].as_object().unwrap().values() {
        for method in [
            "get", "put", "post", "delete", "options", "head", "patch", "trace",
        ] {
            if let Some(id) = item.get(method).and_then(|op| op["operationId"].as_str()) {
                ids.insert(id.to_owned());
            }
        }
    }
    ids
}

/// `send()` of each builder: (builder name, success type, error type), read from the generated source.
fn send_signatures(source: &str) -> Vec<(String, String, String)> {
    let file = syn::parse_file(source).unwrap();
    let builder = file
        .items
        .iter()
        .find_map(|i| match i {
            syn::Item::Mod(m) if m.ident == "builder" => m.content.as_ref(),
            _ => None,
        })
        .expect("a builder module");
    let mut found = Vec::new();
    for item in &builder.1 {
        let syn::Item::Impl(imp) = item else { continue };
        let syn::Type::Path(self_ty) = &*imp.self_ty else {
            continue;
        };
        let name = self_ty.path.segments.last().unwrap().ident.to_string();
        for f in &imp.items {
            let syn::ImplItem::Fn(f) = f else { continue };
            if f.sig.ident != "send" {
                continue;
            }
            let syn::ReturnType::Type(_, ty) = &f.sig.output else {
                continue;
            };
            // Result<ResponseValue<S>, Error<E>>
            let outer = generic_args(ty);
            let (success, error) = (&generic_args(&outer[0])[0], &generic_args(&outer[1])[0]);
            found.push((name.clone(), type_text(success), type_text(error)));
        }
    }
    found
}

fn generic_args(ty: &syn::Type) -> Vec<syn::Type> {
    let syn::Type::Path(path) = ty else {
        panic!("not a path type")
    };
    let syn::PathArguments::AngleBracketed(args) = &path.path.segments.last().unwrap().arguments
    else {
        panic!("no generic arguments")
    };
    args.args
        .iter()
        .filter_map(|a| match a {
            syn::GenericArgument::Type(t) => Some(t.clone()),
            _ => None,
        })
        .collect()
}

fn type_text(ty: &syn::Type) -> String {
    quote::ToTokens::to_token_stream(ty)
        .to_string()
        .replace(' ', "")
}

#[test]
fn every_corpus_document_generates_every_operation_with_a_distinct_error_type() {
    let Some(folder) = corpus_folder() else {
        eprintln!("QUO_SPEC_CORPUS is not set: skipped (CI sets it to ../shared/specs)");
        return;
    };
    let files: BTreeSet<String> = std::fs::read_dir(&folder)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".json"))
        .collect();
    let generated: BTreeSet<String> = DOCUMENTS
        .iter()
        .map(|(file, _, _)| file.to_string())
        .collect();
    assert_eq!(
        files, generated,
        "build.rs saw a different corpus; rebuild with the same QUO_SPEC_CORPUS"
    );
    for (file, module, source) in DOCUMENTS {
        let document: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(folder.join(file)).unwrap()).unwrap();
        let expected = operation_ids(&document);
        let source = std::fs::read_to_string(source).unwrap();
        let sends = send_signatures(&source);
        let builders: BTreeSet<String> = sends.iter().map(|(b, _, _)| b.clone()).collect();
        let wanted: BTreeSet<String> = expected
            .iter()
            .map(|id| heck::ToUpperCamelCase::to_upper_camel_case(id.as_str()))
            .collect();
        assert_eq!(
            builders, wanted,
            "{file}: generated builders differ from the document's operations"
        );
        for (builder, success, error) in &sends {
            assert_ne!(
                success, error,
                "{file}: {builder} decodes errors as its success type"
            );
            assert!(
                error.ends_with(&format!("{builder}Error")),
                "{file}: {builder} has error type {error}"
            );
        }
        println!("{file} ({module}): {} operations generated", sends.len());
    }
}
