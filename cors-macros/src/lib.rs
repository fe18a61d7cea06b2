//! The macros of [`cors-runtime`](https://docs.rs/cors-runtime): `#[cors]` and
//! `cors_policy!`. Depend on `cors-runtime` and import them from there
//! (`use cors_runtime::{cors, cors_policy};`), where they are documented; the code they
//! generate names `::cors_runtime::__private` (or the path given as `crate = "..."`).
//!
//! The pipeline: `parse` (arguments into a model that keeps every token's span) →
//! `resolve` (a named or module policy merged under the route's keys) → `check` (the rule
//! book of `cors-runtime-core`, each finding at its token) → `route` (the stacked actix-web
//! route attribute) → `expand` (infallible: every check has run).
#![forbid(unsafe_code)]

mod check;
mod ctxt;
mod define;
mod deployment;
mod expand;
mod item;
mod module;
mod named;
mod parse;
mod resolve;
mod route;
mod routes;
mod stack;

use proc_macro::TokenStream;
use proc_macro2::Span;

/// Attaches a CORS policy to an actix-web handler or to a module of them, checked when the
/// crate compiles. Documented where it is re-exported, as `cors_runtime::cors`.
#[proc_macro_attribute]
pub fn cors(args: TokenStream, input: TokenStream) -> TokenStream {
    cors_impl(&args.into(), &input.into(), Stacking::Defer).into()
}

/// `#[cors]` moved below the attribute macros that were stacked between it and the route
/// attribute, once they have expanded. Not a public API.
#[doc(hidden)]
#[proc_macro_attribute]
pub fn __cors_stacked(args: TokenStream, input: TokenStream) -> TokenStream {
    cors_impl(&args.into(), &input.into(), Stacking::InPlace).into()
}

/// Defines named policies, used by name in `#[cors(NAME)]`, on modules and as middleware.
/// Documented where it is re-exported, as `cors_runtime::cors_policy!`.
#[proc_macro]
pub fn cors_policy(input: TokenStream) -> TokenStream {
    define::expand(input.into()).into()
}

/// A route's `#[cors(NAME, ...)]`, with the named policy's arguments. Not a public API.
#[doc(hidden)]
#[proc_macro]
pub fn __cors_named(input: TokenStream) -> TokenStream {
    named::expand(input.into()).into()
}

/// Whether `#[cors]` may move itself below attribute macros stacked under it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Stacking {
    Defer,
    InPlace,
}

fn cors_impl(
    args: &proc_macro2::TokenStream,
    input: &proc_macro2::TokenStream,
    stacking: Stacking,
) -> proc_macro2::TokenStream {
    let cors_span = Span::call_site();
    let mut errors = ctxt::Errors::default();
    let common = item::HandlerFn::common_shape(input);
    // A module goes straight to its own parser: trying it as a function with syn first
    // would walk every token of every handler in it.
    if common.is_none() && item::is_module(input) {
        if let Ok(module) = module::Module::from_tokens(input) {
            return module::expand(args, module, cors_span);
        }
    }
    let item = match common.map_or_else(|| syn::parse2(input.clone()), Ok) {
        Ok(item) => Some(item),
        // Not a function: parsed again as a module, which `#[cors]` covers, or as any item,
        // for the error that fits it.
        Err(fn_error) => {
            if let Ok(module) = syn::parse2::<module::Module>(input.clone()) {
                return module::expand(args, module, cors_span);
            }
            match syn::parse2::<syn::Item>(input.clone()) {
                Ok(syn::Item::Fn(_)) => errors.push(fn_error),
                // Reported at `#[cors(...)]`, as rustc reports a misplaced built-in attribute.
                Ok(other) => errors.error(
                    cors_span,
                    &format!("`#[cors]` cannot be used on {}", item::describe(&other)),
                    "put `#[cors(...)]` above an actix-web handler function, one that has `#[get(\"/path\")]` or another route attribute, or above a module of them",
                ),
                Err(err) => errors.push(err),
            }
            None
        }
    };
    let parsed = parse::parse(args.clone(), parse::Site::Route, &mut errors);
    if let (Stacking::Defer, Some(item)) = (stacking, &item) {
        let krate = parsed.krate();
        if let Some(deferred) =
            route::position(&item.attrs).and_then(|i| stack::defer(args, &krate, item, i))
        {
            return deferred;
        }
    }
    if let Some(off) = parsed.off {
        errors.error(
            off,
            "`#[cors(off)]` is not inside a module with `#[cors]`",
            "`off` opts a handler out of its module's policy, and without `#[cors]` a route has no CORS at all; remove it",
        );
    }
    if let (Some(name), Some(handler), true) = (&parsed.name, &item, errors.is_empty()) {
        // The policy's arguments live in the macro its `cors_policy!` defined: ask it for
        // them, and the resolution continues in `__cors_named`.
        let call = quote::quote!(#name! { [#args] #input });
        return named::with_stand_in(call, name, handler);
    }
    route_pipeline(
        &resolve::layered(parsed),
        None,
        item,
        errors,
        input,
        cors_span,
    )
}

/// Finds the route attribute, runs the rule book on the finished policy and expands; on any
/// error, the item unchanged beside the errors.
fn route_pipeline(
    parsed: &parse::Args,
    named: Option<&check::Named<'_>>,
    item: Option<item::HandlerFn>,
    mut errors: ctxt::Errors,
    input: &proc_macro2::TokenStream,
    cors_span: Span,
) -> proc_macro2::TokenStream {
    let route = match item
        .as_ref()
        .map(|item| route::find(&item.attrs, cors_span))
    {
        Some(Ok(route::Found::One(route))) => Some(route),
        Some(Ok(route::Found::Many(routes))) => {
            return routes_pipeline(parsed, named, item, errors, input, cors_span, &routes);
        }
        Some(Err(err)) => {
            errors.push(err);
            None
        }
        None => None,
    };
    let checked = route.as_ref().and_then(|route| {
        let methods = check::Methods {
            list: Some(&route.methods),
            anchor: route.path.span(),
        };
        check::check(parsed, &methods, named, cors_span, &mut errors)
    });
    match (errors.finish(), item, route, checked) {
        (Ok(()), Some(item), Some(route), Some((policy, warnings))) => expand::expand(
            item,
            &route,
            (&policy, parsed),
            named.map(|n| n.shown.as_str()),
            &warnings,
        ),
        (result, ..) => {
            // Emit the item unchanged beside the errors, so that everything else that names
            // the handler still compiles and IDEs keep working.
            let errors = result.err().map(|e| e.to_compile_error());
            quote::quote!(#errors #input)
        }
    }
}

/// [`route_pipeline`] for a handler under `#[routes]`: a policy per path.
fn routes_pipeline(
    parsed: &parse::Args,
    named: Option<&check::Named<'_>>,
    item: Option<item::HandlerFn>,
    mut errors: ctxt::Errors,
    input: &proc_macro2::TokenStream,
    cors_span: Span,
    found: &route::Routes,
) -> proc_macro2::TokenStream {
    let checked = routes::check(parsed, found, named, cors_span, &mut errors);
    match (errors.finish(), item, checked) {
        (Ok(()), Some(item), Some((policies, warnings))) => expand::expand_routes(
            item,
            found,
            (&policies, parsed),
            named.map(|n| n.shown.as_str()),
            &warnings,
        ),
        (result, ..) => {
            let errors = result.err().map(|e| e.to_compile_error());
            quote::quote!(#errors #input)
        }
    }
}

#[cfg(test)]
mod mutation_tests {
    //! The parser on mutated attribute tokens: every deletion, duplication and replacement
    //! of one token (at the top level and inside each list) must give an expansion or
    //! `compile_error!`s, never a panic.

    use proc_macro2::{Group, TokenStream, TokenTree};
    use quote::quote;

    const SEEDS: [&str; 4] = [
        r#"origins = ["https://app.example.com", "https://*.example.com"], credentials, headers = ["content-type"], expose = ["x-id"], max_age = 600, private_network"#,
        r#"origins = ["*"], headers = ["*", "authorization"],"#,
        r#"origins = ["null", "http://localhost:3000"], max_age = 7201"#,
        "origins = []",
    ];

    fn replacements() -> Vec<TokenStream> {
        [
            "=",
            ",",
            "\"*\"",
            "-1",
            "[]",
            "credentials",
            "\"\"",
            "600",
            "origins",
            "#",
            "\"https://\"",
            "{}",
            "(1)",
            "4294967296",
            "1.5",
            "'a'",
            "b\"x\"",
            "\"\\u{0}\"",
            "max_age",
            "::",
        ]
        .iter()
        .map(|s| s.parse().expect("replacement tokens parse"))
        .collect()
    }

    fn item() -> TokenStream {
        quote! {
            #[get("/p")]
            async fn handler() -> impl Responder { "" }
        }
    }

    /// Every stream one mutation away from `tokens`, recursing into groups.
    fn mutants(tokens: &[TokenTree]) -> Vec<Vec<TokenTree>> {
        let mut out = Vec::new();
        for i in 0..tokens.len() {
            let mut deleted = tokens.to_vec();
            deleted.remove(i);
            out.push(deleted);
            let mut doubled = tokens.to_vec();
            doubled.insert(i, tokens[i].clone());
            out.push(doubled);
            for replacement in replacements() {
                let mut replaced = tokens[..i].to_vec();
                replaced.extend(replacement);
                replaced.extend_from_slice(&tokens[i + 1..]);
                out.push(replaced);
            }
            if let TokenTree::Group(group) = &tokens[i] {
                let inner: Vec<TokenTree> = group.stream().into_iter().collect();
                for mutant in mutants(&inner) {
                    let mut nested = tokens.to_vec();
                    let mut new_group = Group::new(group.delimiter(), mutant.into_iter().collect());
                    new_group.set_span(group.span());
                    nested[i] = TokenTree::Group(new_group);
                    out.push(nested);
                }
            }
        }
        out.push(tokens[..tokens.len() / 2].to_vec());
        out
    }

    #[test]
    fn no_mutated_attribute_panics() {
        let mut count = 0;
        for seed in SEEDS {
            let tokens: Vec<TokenTree> = seed.parse::<TokenStream>().unwrap().into_iter().collect();
            for mutant in mutants(&tokens) {
                let args: TokenStream = mutant.into_iter().collect();
                let out = super::cors_impl(&args, &item(), super::Stacking::Defer);
                assert!(!out.is_empty(), "{args}");
                count += 1;
            }
        }
        assert!(count > 1000, "only {count} mutants");
    }
}
