//! `#[cors(NAME, ...)]`: the second half, run once the policy's own macro has handed over
//! its arguments. Input, as the macro `cors_policy!` defines writes it:
//! `policy NAME (POLICY ARGS) [ROUTE ARGS] ITEM`.

use cors_runtime_core::Violation;
use proc_macro2::{Delimiter, Span, TokenStream, TokenTree};
use quote::ToTokens;

use crate::check::{self, Named};
use crate::ctxt::Errors;
use crate::parse::{self, Args, Place};

pub(crate) fn expand(input: TokenStream) -> TokenStream {
    let cors_span = Span::call_site();
    let mut tokens = input.into_iter();
    let (Some(_), Some(_), Some(TokenTree::Group(policy))) =
        (tokens.next(), tokens.next(), tokens.next())
    else {
        return misuse(cors_span);
    };
    if policy.delimiter() != Delimiter::Parenthesis {
        return misuse(cors_span);
    }
    // The policy's own errors were reported where it is defined.
    let policy_args = parse::parse(policy.stream(), Place::Policy, &mut Errors::default());
    let own = own_findings(&policy_args);
    let checked = check::Checked::default();
    let rest: Vec<TokenTree> = tokens.collect();
    match rest.first() {
        // `[ROUTE ARGS] ITEM`: one handler, from `#[cors(NAME, ...)]`.
        Some(TokenTree::Group(route)) if route.delimiter() == Delimiter::Bracket => {
            let item = rest[1..].iter().cloned().collect();
            route_expand((&policy_args, &own, &checked), route.stream(), &item)
        }
        // `{ [ROUTE ARGS] ITEM } ...`: a module's handlers under its named policy.
        _ => rest
            .iter()
            .map(|one| match one {
                TokenTree::Group(group) if group.delimiter() == Delimiter::Brace => {
                    let mut parts = group.stream().into_iter();
                    match parts.next() {
                        Some(TokenTree::Group(route))
                            if route.delimiter() == Delimiter::Bracket =>
                        {
                            route_expand(
                                (&policy_args, &own, &checked),
                                route.stream(),
                                &parts.collect(),
                            )
                        }
                        _ => misuse(cors_span),
                    }
                }
                _ => misuse(cors_span),
            })
            .collect(),
    }
}

/// `call` (the named policy's macro, given the handler) beside a stand-in for the handler's
/// service, which the handler shadows: a glob import yields to an item of the same name.
/// When no `cors_policy!` of that name is in scope, the macro call is the one error, at the
/// name, and the stand-in keeps `.service(handler)` compiling, with a warning that says what
/// was expected; otherwise the stand-in is never seen.
///
/// Unlike thiserror's fallback, it cannot be emitted on the error path alone: the error is
/// rustc's (the name resolves to no macro), after this macro has run, and nothing it emits
/// can ask. The one conditional emission Rust has is shadowing, and shadowing the call
/// itself (a glob-imported fallback macro under the policy's name) is error E0659 whenever
/// the policy's macro is imported by a macro-expanded `use`, which is how `cors_policy!`
/// defines it. So the stand-in is emitted always and shadowed, and names `::actix_web`:
/// the crate path a route would use may be in the missing policy (`crate = "..."`).
pub(crate) fn with_stand_in(
    call: TokenStream,
    name: &syn::Path,
    handler: &crate::item::HandlerFn,
) -> TokenStream {
    let ident = &handler.sig.ident;
    let vis = &handler.vis;
    let module = quote::format_ident!("__cors_stand_in_{}", ident);
    let shown = name.to_token_stream().to_string().replace(' ', "");
    let note = format!(
        "`#[cors({shown})]` expected a `cors_policy!` named `{shown}` in scope; define it (`cors_policy! {{ {shown} = (origins = [..]); }}`), import it, or write the policy's arguments instead"
    );
    quote::quote! {
        #[doc(hidden)]
        #[allow(non_snake_case, non_camel_case_types, dead_code, unreachable_pub)]
        mod #module {
            #[deprecated(note = #note)]
            pub struct #ident;
            #[allow(deprecated)]
            // `::actix_web`, as the route attribute's own expansion names it: the crate
            // path the policy would give is in the missing policy.
            impl ::actix_web::dev::HttpServiceFactory for #ident {
                fn register(self, _: &mut ::actix_web::dev::AppService) {}
            }
        }
        #[allow(unused_imports)]
        #vis use #module::*;
    }
    .into_iter()
    .chain(call)
    .collect()
}

/// Input `__cors_named!` never gets from the macros that write it.
fn misuse(span: Span) -> TokenStream {
    syn::Error::new(span, "`__cors_named!` is written by `#[cors]` only").to_compile_error()
}

/// One handler under the named policy, with the route's own arguments layered on top.
fn route_expand(
    (policy_args, own, checked): (&Args, &[Violation], &check::Checked),
    route: TokenStream,
    input: &TokenStream,
) -> TokenStream {
    let cors_span = Span::call_site();
    let mut errors = Errors::default();
    let route_args = crate::merge::layered(parse::parse(route, Place::Route, &mut errors));
    let Some(name) = route_args.name.clone() else {
        return misuse(cors_span);
    };
    let route_keys = route_args.given.clone();
    let merged = crate::merge::merge(policy_args.clone(), route_args);
    let named = Named {
        shown: name.to_token_stream().to_string().replace(' ', ""),
        span: syn::spanned::Spanned::span(&name),
        reported: own,
        route_keys: &route_keys,
        checked,
    };
    let item = match crate::item::HandlerFn::from_tokens(input) {
        Ok(item) => Some(item),
        Err(error) => {
            errors.push(error);
            None
        }
    };
    crate::route_pipeline(&merged, Some(&named), item, errors, input, cors_span)
}

/// What the rule book says of a policy on its own: what its definition reported.
pub(crate) fn own_findings(args: &Args) -> Vec<Violation> {
    let values = check::values(args);
    let methods = check::policy_methods(args);
    cors_runtime_core::check::check(&check::input(args, &values, methods.as_deref()))
}
