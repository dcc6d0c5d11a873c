//! Edits to progenitor's output, as syntax-tree rewrites with tests.

use syn::visit_mut::{self, VisitMut};

/// `progenitor_client::X` → `<runtime>::X` everywhere, `use` items included.
///
/// The runtime re-exports what it does not replace, and replaces
/// `Error`, `ResponseValue` and `ClientHooks` so that a response error never
/// loses its HTTP status or operation.
pub(super) fn runtime_paths(file: &mut syn::File, runtime: &syn::Path) {
    RuntimePaths { runtime }.visit_file_mut(file);
}

struct RuntimePaths<'a> {
    runtime: &'a syn::Path,
}

const PROGENITOR_CLIENT: &str = "progenitor_client";

impl VisitMut for RuntimePaths<'_> {
    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        if path
            .segments
            .first()
            .is_some_and(|s| s.ident == PROGENITOR_CLIENT)
        {
            let rest: Vec<_> = path.segments.iter().skip(1).cloned().collect();
            let mut replaced = self.runtime.clone();
            replaced.segments.extend(rest);
            *path = replaced;
        }
        visit_mut::visit_path_mut(self, path);
    }

    fn visit_item_use_mut(&mut self, item: &mut syn::ItemUse) {
        if let syn::UseTree::Path(first) = &item.tree
            && first.ident == PROGENITOR_CLIENT
        {
            let mut tree = (*first.tree).clone();
            for segment in self.runtime.segments.iter().rev() {
                tree = syn::UseTree::Path(syn::UsePath {
                    ident: segment.ident.clone(),
                    colon2_token: Default::default(),
                    tree: Box::new(tree),
                });
            }
            item.tree = tree;
            item.leading_colon = self.runtime.leading_colon;
        }
    }
}

/// Inside `Error::ErrorResponse(..)`, `ResponseValue::from_response` →
/// `ResponseValue::from_error_response`, which decodes by HTTP status and
/// never fails on an off-spec body.
pub(super) fn error_decoding(file: &mut syn::File) {
    ErrorArms.visit_file_mut(file);
}

struct ErrorArms;

impl VisitMut for ErrorArms {
    fn visit_expr_call_mut(&mut self, call: &mut syn::ExprCall) {
        if last_segment(&call.func).as_deref() == Some("ErrorResponse") {
            for arg in call.args.iter_mut() {
                FromResponse.visit_expr_mut(arg);
            }
        }
        visit_mut::visit_expr_call_mut(self, call);
    }
}

struct FromResponse;

impl VisitMut for FromResponse {
    fn visit_expr_call_mut(&mut self, call: &mut syn::ExprCall) {
        if let syn::Expr::Path(func) = &mut *call.func {
            let segments = &mut func.path.segments;
            let names: Vec<String> = segments.iter().map(|s| s.ident.to_string()).collect();
            if names == ["ResponseValue", "from_response"] {
                let last = segments.last_mut().expect("two segments");
                last.ident = syn::Ident::new("from_error_response", last.ident.span());
            }
        }
        visit_mut::visit_expr_call_mut(self, call);
    }
}

/// `OperationInfo { operation_id: "list_users_v1" }` → `"listUsers_v1"`: hooks,
/// traces and errors name operations as the spec does.
pub(super) fn operation_ids(file: &mut syn::File, operation_ids: &[String]) {
    OperationIds { operation_ids }.visit_file_mut(file);
}

struct OperationIds<'a> {
    operation_ids: &'a [String],
}

impl VisitMut for OperationIds<'_> {
    fn visit_expr_struct_mut(&mut self, expr: &mut syn::ExprStruct) {
        if expr
            .path
            .segments
            .last()
            .is_some_and(|s| s.ident == "OperationInfo")
        {
            for field in expr.fields.iter_mut() {
                if let syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(name),
                    ..
                }) = &mut field.expr
                    && let Some(id) = self
                        .operation_ids
                        .iter()
                        .find(|id| heck::ToSnakeCase::to_snake_case(id.as_str()) == name.value())
                {
                    *name = syn::LitStr::new(id, name.span());
                }
            }
        }
        visit_mut::visit_expr_struct_mut(self, expr);
    }
}

fn last_segment(expr: &syn::Expr) -> Option<String> {
    match expr {
        syn::Expr::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn rewrite(tokens: proc_macro2::TokenStream) -> String {
        let mut file: syn::File = syn::parse2(tokens).unwrap();
        runtime_paths(&mut file, &syn::parse_str("::quo_api::runtime").unwrap());
        error_decoding(&mut file);
        prettyplease::unparse(&file)
    }

    #[test]
    fn progenitor_client_paths_point_at_the_runtime() {
        let out = rewrite(quote! {
            pub use progenitor_client::{Error, ResponseValue};
            fn f() { let q = progenitor_client::QueryParam::new("a", &1); }
        });
        assert!(
            out.contains("pub use ::quo_api::runtime::{Error, ResponseValue};"),
            "{out}"
        );
        assert!(out.contains("::quo_api::runtime::QueryParam::new"), "{out}");
        assert!(!out.contains("progenitor_client"), "{out}");
    }

    #[test]
    fn operation_info_names_the_spec_operation_id() {
        let mut file: syn::File = syn::parse2(quote! {
            fn f() { let info = OperationInfo { operation_id: "list_users_v1" }; }
        })
        .unwrap();
        operation_ids(&mut file, &["listUsers_v1".to_owned()]);
        assert!(prettyplease::unparse(&file).contains(r#"operation_id: "listUsers_v1""#));
    }

    #[test]
    fn only_error_arms_decode_by_status() {
        let out = rewrite(quote! {
            async fn f() {
                match status {
                    200u16 => ResponseValue::from_response(response).await,
                    400u16 => Err(Error::ErrorResponse(ResponseValue::from_response(response).await?)),
                    _ => Err(Error::UnexpectedResponse(response)),
                }
            }
        });
        assert!(
            out.contains("200u16 => ResponseValue::from_response(response).await"),
            "{out}"
        );
        assert!(
            out.contains(
                "Error::ErrorResponse(ResponseValue::from_error_response(response).await?)"
            ),
            "{out}"
        );
    }
}
