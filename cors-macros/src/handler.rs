//! Rewrites a handler so that its answer carries the CORS grant, with no middleware layer.
//!
//! ```text
//! #[get("/p")]
//! async fn name(a: A, b: B) -> R { body }
//! ```
//! becomes
//! ```text
//! #[get("/p")]
//! async fn name(__cors_arg0: Result<A, Error>, __cors_arg1: Result<B, Error>) -> GrantedResult<impl Responder> {
//!     async fn __cors_handler(a: A, b: B) -> R { body }
//!     let __cors_arg0 = match __cors_arg0 { Ok(v) => v, Err(e) => return GrantedResult::failed(&P, e) };
//!     ...
//!     GrantedResult::new(&P, __cors_handler(__cors_arg0, __cors_arg1).await)
//! }
//! ```
//! Extractors are taken as `Result` so that one that fails (a body that is not JSON) still
//! answers through `GrantedResult`, and the frontend can read the `400`. A handler without
//! arguments returns the simpler `Granted`, which keeps the handler's body type.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};
use syn::{Attribute, FnArg, ItemFn};

/// Whether the handler's signature is one this rewrite keeps intact: plain typed arguments.
/// Anything else (a `self` receiver or a non-`async` function, which actix-web rejects
/// anyway) keeps the middleware and leaves the error to actix-web.
pub(crate) fn can_rewrite(item: &ItemFn) -> bool {
    item.sig.asyncness.is_some()
        && item.sig.generics.params.is_empty()
        && item.sig.inputs.iter().all(|a| matches!(a, FnArg::Typed(_)))
}

/// The rewritten handler: the route attribute (`item.attrs[route]`) on the outside, the
/// user's function with its other attributes inside, and `prepared` naming the policy's
/// `static`.
pub(crate) fn rewrite(item: &ItemFn, route: usize, prepared: &Ident) -> TokenStream {
    let p = quote!(::cors_runtime::__private);
    let inner_name = Ident::new("__cors_handler", Span::mixed_site());
    let mut inner = item.clone();
    let route: Attribute = inner.attrs.remove(route);
    inner.sig.ident = inner_name.clone();
    inner.vis = syn::Visibility::Inherited;
    // actix-web requires the handler to be `async`, so the lint's advice does not apply;
    // clippy stays quiet on the original because actix-web passes it as a value.
    inner
        .attrs
        .push(syn::parse_quote!(#[allow(clippy::unused_async)]));

    let (names, types): (Vec<Ident>, Vec<&syn::Type>) = item
        .sig
        .inputs
        .iter()
        .filter_map(|a| match a {
            FnArg::Typed(t) => Some(t),
            FnArg::Receiver(_) => None,
        })
        .enumerate()
        .map(|(i, t)| (format_ident!("__cors_arg{}", i), &*t.ty))
        .unzip();
    let name = &item.sig.ident;
    let vis = &item.vis;
    let asyncness = &item.sig.asyncness;
    if names.is_empty() {
        // Nothing to extract, nothing that can fail before the handler runs.
        return quote! {
            #route
            #vis #asyncness fn #name() -> #p::Granted<impl ::actix_web::Responder> {
                #inner
                #p::Granted::new(&#prepared, #inner_name().await)
            }
        };
    }
    quote! {
        #route
        #vis #asyncness fn #name(
            #(#names: ::core::result::Result<#types, ::actix_web::Error>),*
        ) -> #p::GrantedResult<impl ::actix_web::Responder> {
            #inner
            #(
                let #names = match #names {
                    ::core::result::Result::Ok(value) => value,
                    ::core::result::Result::Err(error) => return #p::GrantedResult::failed(&#prepared, error),
                };
            )*
            #p::GrantedResult::new(&#prepared, #inner_name(#(#names),*).await)
        }
    }
}
