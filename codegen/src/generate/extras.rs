//! Code the plan asks for on top of progenitor's output.

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::GenerateError;
use crate::normalize::{ErrorEnum, OpenEnum, PaginatedOperation};
use crate::{CodegenPlan, normalize::escape};

/// Adds the plan's items to the generated file.
pub(super) fn add(
    file: &mut syn::File,
    spec: &serde_json::Value,
    plan: &CodegenPlan,
    module: &syn::Path,
    runtime: &syn::Path,
) -> Result<(), GenerateError> {
    let mut types = Vec::new();
    for error in &plan.error_enums {
        types.push(error_enum(error, runtime));
    }
    for open in &plan.open_enums {
        types.push(open_enum(open, runtime)?);
    }
    let builders: Vec<TokenStream> = plan
        .paginated
        .iter()
        .map(|p| stream_method(p, plan, module, runtime))
        .collect();
    // quo-api has its own prelude; progenitor's would only re-export `Client`.
    file.items
        .retain(|item| !matches!(item, syn::Item::Mod(m) if m.ident == "prelude"));
    append_to_module(file, "types", types)?;
    append_to_module(file, "builder", builders)?;
    let base_url = spec
        .pointer("/servers/0/url")
        .and_then(serde_json::Value::as_str)
        .ok_or_else(|| GenerateError::Plan {
            pointer: "/servers".into(),
            rule: "base-url",
            message: "the document names no server, so the client has no default base URL".into(),
        })?;
    file.items.push(syn::parse_quote! {
        /// The server the document names first: where requests go by default.
        pub const DEFAULT_BASE_URL: &str = #base_url;
    });
    file.items.push(syn::parse_quote! {
        /// Every request goes through the runtime: auth, rate limit, retries, tracing.
        impl #runtime::ClientHooks<#runtime::Runtime> for Client {}
    });
    Ok(())
}

fn append_to_module(
    file: &mut syn::File,
    name: &str,
    items: Vec<TokenStream>,
) -> Result<(), GenerateError> {
    let module = file
        .items
        .iter_mut()
        .find_map(|item| match item {
            syn::Item::Mod(m) if m.ident == name => m.content.as_mut(),
            _ => None,
        })
        .ok_or_else(|| GenerateError::Progenitor(format!("output has no `{name}` module")))?;
    for tokens in items {
        let file: syn::File = syn::parse2(tokens)
            .map_err(|e| GenerateError::Progenitor(format!("extra code does not parse: {e}")))?;
        module.1.extend(file.items);
    }
    Ok(())
}

/// `ListUsersV1Error`: a variant per documented status, decoded by HTTP status, plus `Other`.
fn error_enum(error: &ErrorEnum, runtime: &syn::Path) -> TokenStream {
    let name = format_ident!("{}", error.name);
    let doc = format!(
        "An error body of `{}`, chosen by HTTP status.",
        error.operation_id
    );
    let mut variants = Vec::new();
    let mut exact_arms = Vec::new();
    let mut range_arms = Vec::new();
    let mut default_arm = None;
    let mut status_arms = Vec::new();
    let mut serialize_arms = Vec::new();
    let mut schemas = Vec::new();
    for v in &error.variants {
        let variant = format_ident!("{}", v.name);
        let body = format_ident!("{}", v.body.to_upper_camel_case());
        schemas.push(quote! { generator.subschema_for::<#body>() });
        let decode = |construct: TokenStream| {
            quote! {
                if let Ok(parsed) = ::serde_json::from_slice::<#body>(body) {
                    return #construct;
                }
            }
        };
        match v.status.parse::<u16>() {
            Ok(code) => {
                let doc = format!("HTTP {code}, with the body the spec documents for it.");
                variants.push(quote! { #[doc = #doc] #variant(#body) });
                let block = decode(quote! { Self::#variant(parsed) });
                exact_arms.push(quote! { #code => { #block } });
                status_arms.push(quote! { Self::#variant(_) => #code });
                serialize_arms.push(quote! { Self::#variant(body) => body.serialize(serializer) });
            }
            Err(_) => {
                let doc = format!(
                    "A `{}` status, with the body the spec documents for it.",
                    v.status
                );
                variants.push(quote! { #[doc = #doc] #variant { status: u16, body: #body } });
                let block = decode(quote! { Self::#variant { status, body: parsed } });
                match v.status.as_bytes().first() {
                    Some(digit @ (b'4' | b'5')) => {
                        let low = u16::from(digit - b'0') * 100;
                        let high = low + 99;
                        range_arms.push(quote! { #low..=#high => { #block } });
                    }
                    _ => default_arm = Some(block),
                }
                status_arms.push(quote! { Self::#variant { status, .. } => *status });
                serialize_arms
                    .push(quote! { Self::#variant { body, .. } => body.serialize(serializer) });
            }
        }
    }
    let arms = exact_arms.iter().chain(&range_arms);
    let default_arm = default_arm.unwrap_or_default();
    let schema_name = error.name.clone();
    quote! {
        #[doc = #doc]
        ///
        /// `Other` keeps any body the spec does not describe (such as Quo's
        /// `{"error": {"message", "key", "trace"}}` envelope) as JSON; a body
        /// that is not JSON at all is kept as a JSON string.
        #[derive(Debug, Clone)]
        pub enum #name {
            #(#variants,)*
            /// Any other body, with the HTTP status it came with.
            Other {
                /// The HTTP status.
                status: u16,
                /// The body as JSON.
                body: ::serde_json::Value,
            },
        }

        impl #runtime::ErrorBody for #name {
            #[allow(unreachable_patterns)]
            fn from_response_body(status: u16, body: &[u8]) -> Self {
                match status {
                    #(#arms)*
                    _ => {}
                }
                #default_arm
                Self::Other { status, body: #runtime::body_as_json(body) }
            }

            fn status(&self) -> u16 {
                match self {
                    #(#status_arms,)*
                    Self::Other { status, .. } => *status,
                }
            }
        }

        /// Serializes as the body itself, as the server sent it (typed mocks answer with this).
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    #(#serialize_arms,)*
                    Self::Other { body, .. } => body.serialize(serializer),
                }
            }
        }

        impl ::schemars::JsonSchema for #name {
            fn schema_name() -> ::std::string::String {
                #schema_name.into()
            }

            fn json_schema(generator: &mut #runtime::SchemaGenerator) -> #runtime::Schema {
                #runtime::any_of_or_any_json(vec![#(#schemas),*])
            }
        }
    }
}

/// An enum read from responses: the listed values plus `Unknown(String)`.
fn open_enum(open: &OpenEnum, runtime: &syn::Path) -> Result<TokenStream, GenerateError> {
    let name = format_ident!("{}", open.name);
    let mut seen: Vec<String> = Vec::new();
    let mut variants = Vec::new();
    for value in &open.values {
        let mut ident = value.to_upper_camel_case();
        if ident.is_empty() || ident.starts_with(|c: char| c.is_ascii_digit()) {
            ident = format!("V{ident}");
        }
        if ident == "Unknown" || seen.contains(&ident) {
            return Err(GenerateError::Plan {
                pointer: format!("/components/schemas/{}/enum", escape(&open.name)),
                rule: "open-enum",
                message: format!(
                    "value {value:?} gives the variant name {ident}, which is already taken"
                ),
            });
        }
        seen.push(ident.clone());
        let ident = format_ident!("{ident}");
        variants.push(quote! { #ident => #value });
    }
    let doc = open
        .description
        .clone()
        .unwrap_or_else(|| format!("One of the values of `{}`.", open.name));
    Ok(quote! {
        #runtime::open_enum! {
            #[doc = #doc]
            #name { #(#variants,)* }
        }
    })
}

/// `stream()` on a paginated operation's builder.
fn stream_method(
    op: &PaginatedOperation,
    plan: &CodegenPlan,
    module: &syn::Path,
    runtime: &syn::Path,
) -> TokenStream {
    let builder = format_ident!("{}", op.operation_id.to_upper_camel_case());
    let item = format_ident!("{}", op.item.to_upper_camel_case());
    let page_token = format_ident!("{}", crate::normalize::PAGE_TOKEN.to_snake_case());
    let operation_id = &op.operation_id;
    let error = plan
        .error_enums
        .iter()
        .find(|e| e.operation_id == op.operation_id)
        .map(|e| {
            let e = format_ident!("{}", e.name);
            quote! { #module::types::#e }
        })
        .unwrap_or_else(|| quote! { () });
    let page_size = format_ident!("{}", crate::normalize::PAGE_SIZE.to_snake_case());
    let (default_size, size_doc) = match &op.page_size {
        Some(size) if size.max.is_some() => {
            let max = size.max.expect("checked");
            let unset = if size.required {
                quote! { self.#page_size.is_err() }
            } else {
                quote! { matches!(self.#page_size, Ok(None)) }
            };
            (
                quote! {
                    let first = if #unset { self.#page_size(#max) } else { self };
                },
                format!(
                    "When no page size is set, asks for the largest the API allows ({max}) to save round trips."
                ),
            )
        }
        _ => (quote! { let first = self; }, String::new()),
    };
    let doc = format!(
        "Every item of every page of `{operation_id}`, fetched one page at a time.\n\n\
         Keeps the filters set on this builder. {size_doc} Ends when the server sends no \
         `nextPageToken`; fails (instead of looping) if it repeats a token; the first \
         error ends the stream. `totalItems` is never used: Quo documents it as inaccurate."
    );
    quote! {
        impl<'a> #builder<'a> {
            #[doc = #doc]
            pub fn stream(
                self,
            ) -> impl #runtime::Stream<Item = ::std::result::Result<#module::types::#item, #runtime::Error<#error>>> + Unpin + 'a {
                #default_size
                #runtime::paginate(
                    #operation_id,
                    first,
                    |builder, token| builder.#page_token(token),
                    |builder| builder.send(),
                    |page| (page.data, page.next_page_token),
                )
            }
        }
    }
}
