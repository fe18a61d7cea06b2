//! Writes the checked policy and the registration out as actix-web code. Infallible: every
//! check has already run.

use cors_runtime::{AllowedHeaders, AllowedOrigins, Policy};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::ItemFn;

use crate::check::Warning;
use crate::handler;
use crate::route::{self, Route};

/// The name of the prepared policy's `static` inside the generated `register` body, where no
/// user code but the handler itself can see it.
const PREPARED: &str = "__CORS_PREPARED";

pub(crate) fn expand(
    mut item: ItemFn,
    route: &Route,
    policy: &Policy,
    warnings: &[Warning],
) -> TokenStream {
    let prepared_ident = format_ident!("{}", PREPARED);
    // A route without `wrap`s gets the grant where its answer becomes a response, which
    // costs a fraction of a middleware layer; one with `wrap`s gets the middleware,
    // outermost, so the responses those middlewares make carry the grant too.
    let handler = if !route.has_wrap && handler::can_rewrite(&item) {
        handler::rewrite(&item, route.index, &prepared_ident)
    } else {
        let middleware = format!("::cors_runtime::__private::middleware(&{PREPARED})");
        item.attrs[route.index] = route::with_cors_wrap(&item.attrs[route.index], &middleware);
        quote!(#item)
    };

    let name = &item.sig.ident;
    let vis = &item.vis;
    let docs = item.attrs.iter().filter(|a| a.path().is_ident("doc"));
    let lint_allows: Vec<_> = item
        .attrs
        .iter()
        .filter(|a| a.path().is_ident("allow"))
        .collect();
    let path = &route.path;
    let prepared = prepared_tokens(policy);
    let warnings = warnings_tokens(warnings, &lint_allows);

    quote! {
        #(#docs)*
        #[allow(non_camel_case_types, missing_docs)]
        #vis struct #name;

        #warnings

        impl ::actix_web::dev::HttpServiceFactory for #name {
            fn register(self, __config: &mut ::actix_web::dev::AppService) {
                static #prepared_ident: ::cors_runtime::__private::Prepared = #prepared;
                #handler
                ::cors_runtime::__private::register(__config, #path, &#prepared_ident, #name);
            }
        }
    }
}

fn text_list<'a>(items: impl IntoIterator<Item = &'a str>) -> TokenStream {
    let items = items.into_iter();
    quote!(&[#(::cors_runtime::__private::Cow::Borrowed(#items)),*])
}

fn option<T: quote::ToTokens>(value: Option<T>) -> TokenStream {
    match value {
        Some(v) => quote!(::core::option::Option::Some(#v)),
        None => quote!(::core::option::Option::None),
    }
}

/// The policy as a constant expression of `'static` parts.
fn policy_tokens(policy: &Policy) -> TokenStream {
    let p = quote!(::cors_runtime::__private);
    let origins = match policy.origins() {
        AllowedOrigins::Any => quote!(#p::AllowedOrigins::Any),
        AllowedOrigins::Listed(list) => {
            let exact = text_list(list.exact().iter().map(AsRef::as_ref));
            let patterns = list.patterns().iter().map(|pat| {
                let (prefix, suffix) = (pat.prefix(), pat.suffix());
                quote!(#p::SubdomainPattern::from_static(#prefix, #suffix))
            });
            let count = list.patterns().len();
            let null = list.allows_null();
            // A `const fn` result cannot be promoted to a `'static` borrow, so the patterns
            // get a `static` of their own, scoped to this expression.
            quote!(#p::AllowedOrigins::Listed(#p::OriginList::from_static(
                #exact,
                { static PATTERNS: [#p::SubdomainPattern; #count] = [#(#patterns),*]; &PATTERNS },
                #null,
            )))
        }
    };
    let headers = match policy.headers() {
        AllowedHeaders::Any { authorization } => {
            quote!(#p::AllowedHeaders::Any { authorization: #authorization })
        }
        AllowedHeaders::Listed(list) => {
            let list = text_list(list.iter().map(AsRef::as_ref));
            quote!(#p::AllowedHeaders::Listed(#p::Cow::Borrowed(#list)))
        }
    };
    let credentials = policy.credentials();
    let methods = text_list(policy.methods().iter().map(AsRef::as_ref));
    let allow_methods = policy.allow_methods();
    let allow_headers = option(policy.allow_headers());
    let expose = option(policy.expose());
    let max_age = option(policy.max_age());
    let private_network = policy.private_network();
    quote! {
        #p::Policy::from_static(#origins, #credentials, #methods, #allow_methods, #headers, #allow_headers, #expose, #max_age, #private_network)
    }
}

/// The policy with every response-header value it needs, as a constant expression: the
/// request path clones these and builds nothing.
fn prepared_tokens(policy: &Policy) -> TokenStream {
    let p = quote!(::cors_runtime::__private);
    let policy_tokens = policy_tokens(policy);
    let exact: Vec<&str> = match policy.origins() {
        AllowedOrigins::Any => Vec::new(),
        AllowedOrigins::Listed(list) => list.exact().iter().map(AsRef::as_ref).collect(),
    };
    let count = exact.len();
    let max_age = option(policy.max_age().map(|s| s.to_string()));
    quote! {
        #p::Prepared::from_static(
            #policy_tokens,
            {
                static EXACT: [#p::HeaderValue; #count] = [#(#p::HeaderValue::from_static(#exact)),*];
                &EXACT
            },
            #max_age,
        )
    }
}

/// Each warning as the use of a `#[deprecated]` constant at the offending token: the one way
/// a stable proc macro can warn. `#[allow(deprecated)]` on the handler silences them.
///
/// The use is a `const` item's value rather than a `let`, because it carries the user's span
/// and lints such as clippy's `let_unit_value` would otherwise fire in the user's crate.
fn warnings_tokens(warnings: &[Warning], allows: &[&syn::Attribute]) -> TokenStream {
    warnings
        .iter()
        .map(|w| {
            let name = Ident::new(w.name, w.span);
            let note = &w.note;
            let use_it = quote_spanned!(w.span=> #name);
            quote! {
                #(#allows)*
                const _: () = {
                    #[deprecated(note = #note)]
                    #[allow(non_upper_case_globals)]
                    const #name: () = ();
                    #use_it
                };
            }
        })
        .collect()
}
