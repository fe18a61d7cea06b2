//! The macros of [`cors-runtime`](https://docs.rs/cors-runtime): `#[cors]` and
//! `cors_policy!`. Depend on `cors-runtime` and import them from there
//! (`use cors_runtime::{cors, cors_policy};`), where they are documented; the code they
//! generate names `::cors_runtime::__private` (or the path given as `crate = "..."`).
//!
//! The pipeline: `parse` (arguments into a model that keeps every token's span) →
//! `merge` (a named or module policy merged under the route's keys) → `check` (the rule
//! book of `cors-runtime-core`, each finding at its token) → `route` (the stacked actix-web
//! route attribute) → `expand` (infallible: every check has run).
#![forbid(unsafe_code)]

mod check;
mod ctxt;
mod define;
mod deployment;
mod expand;
#[cfg(test)]
mod expansions;
mod item;
mod merge;
mod module;
mod named;
mod parse;
#[cfg(test)]
mod proof;
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
    let parsed = parse::parse(args.clone(), parse::Place::Route, &mut errors);
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
        &merge::layered(parsed),
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
        (result, ..) => unchanged_beside(result, input),
    }
}

/// The item unchanged beside the errors, so that everything else that names the handler
/// still compiles and IDEs keep working.
fn unchanged_beside(
    result: syn::Result<()>,
    input: &proc_macro2::TokenStream,
) -> proc_macro2::TokenStream {
    let errors = result.err().map(|e| e.to_compile_error());
    quote::quote!(#errors #input)
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
        (result, ..) => unchanged_beside(result, input),
    }
}

#[cfg(test)]
mod mutation_tests {
    //! Every macro on mutated input: every deletion, duplication and replacement of one
    //! token (at the top level and inside each group) of a route's arguments, a handler, a
    //! module (its body included), a `cors_policy!` input and a `__cors_named!` input must
    //! give an expansion or `compile_error!`s, never a panic. And every input a fast path
    //! is given on the way is checked against syn's parser (`proof.rs`): wherever the fast
    //! path gives a result, syn's is equal, tokens and spans.

    use std::panic::{catch_unwind, AssertUnwindSafe};
    use std::str::FromStr;

    use proc_macro2::{Group, TokenStream, TokenTree};

    use crate::proof::{self, Path};

    const ARGS: [&str; 4] = [
        r#"origins = ["https://app.example.com", "https://*.example.com"], credentials, headers = ["content-type"], expose = ["x-id"], max_age = 600, private_network"#,
        r#"origins = ["*"], headers = ["*", "authorization"],"#,
        r#"origins = ["null", "http://localhost:3000"], max_age = 7201, csrf_exempt"#,
        "origins = []",
    ];

    const HANDLERS: [&str; 4] = [
        r#"#[get("/p")]
        pub async fn handler(id: Path<u32>, mut data: web::Data<Box<dyn Fn() -> u8 + Send>>) -> Result<Json<Vec<u8>>, Error> { body(); }"#,
        r#"#[doc = "x"] #[post("/q", wrap = "Logger::default()")]
        pub(crate) async fn other(_: &'static str, Json(body): Json<T>) -> impl Responder + 'static { "" }"#,
        r#"#[get("/")] fn plain(x: (u8, [u8]), y: &mut ::std::string::String) {}"#,
        r#"#[routes] #[get("/r")] #[post("/r", guard = "g")] #[delete("/r/{id}", wrap = "W")]
        async fn many() -> impl Responder { "" }"#,
    ];

    const MODULES: [&str; 1] = [r#"#[allow(dead_code)]
        pub mod api {
            #![allow(unused)]
            use actix_web::{get, post};
            const LIMIT: u8 = 1;
            #[get("/a")]
            pub async fn a() -> impl Responder { "" }
            #[cors(max_age = 60)]
            #[post("/b")]
            async fn b(x: web::Json<u8>) -> HttpResponse { x }
            #[cors(off)]
            #[get("/c")]
            async fn c() {}
            fn helper() -> u8 { 1 }
        }"#];

    const MODULE_ARGS: [&str; 2] = [r#"origins = ["https://a.example"]"#, "APP, credentials"];

    const POLICIES: [&str; 1] = [r#"/// The app.
        pub APP = (origins = ["https://app.example.com"], credentials, methods = ["GET", "PUT"]);
        PUBLIC = (origins = ["*"], max_age = 600);"#];

    const NAMED: [&str; 2] = [
        r#"policy APP (origins = ["https://app.example.com"], credentials) [APP, max_age = 600]
        #[get("/a")] pub async fn a() -> impl Responder { "" }"#,
        r#"policy APP (origins = ["https://a.example"], methods = ["GET"])
        { [APP] #[get("/a")] async fn a() -> HttpResponse { x } }
        { [APP, __own(headers = ["x-a"])] #[post("/b")] async fn b() {} }"#,
    ];

    fn tokens(text: &str) -> TokenStream {
        TokenStream::from_str(text).expect("test input parses")
    }

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
            // The shapes of items and signatures.
            "fn",
            "->",
            "<",
            ">",
            "&'a",
            "mut",
            ";",
            "impl",
            "pub(crate)",
            "#[get(\"/x\")]",
        ]
        .iter()
        .map(|s| tokens(s))
        .collect()
    }

    /// Every stream one mutation away from `tokens`, recursing into groups.
    fn mutants(tokens: &[TokenTree], replacements: &[TokenStream]) -> Vec<Vec<TokenTree>> {
        let mut out = Vec::new();
        for i in 0..tokens.len() {
            let mut deleted = tokens.to_vec();
            deleted.remove(i);
            out.push(deleted);
            let mut doubled = tokens.to_vec();
            doubled.insert(i, tokens[i].clone());
            out.push(doubled);
            for replacement in replacements {
                let mut replaced = tokens[..i].to_vec();
                replaced.extend(replacement.clone());
                replaced.extend_from_slice(&tokens[i + 1..]);
                out.push(replaced);
            }
            if let TokenTree::Group(group) = &tokens[i] {
                let inner: Vec<TokenTree> = group.stream().into_iter().collect();
                for mutant in mutants(&inner, replacements) {
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

    /// What the harness saw: expansions, panics, and each fast path's answers.
    #[derive(Default)]
    struct Tally {
        expansions: usize,
        failures: Vec<String>,
        /// Per fast path: inputs it read (and syn read the same), inputs it left to syn.
        answered: [usize; 3],
        declined: [usize; 3],
    }

    impl Tally {
        /// Runs one expansion, catching a panic, then checks every input a fast path was
        /// given against syn.
        fn run(&mut self, what: &str, input: &TokenStream, expand: impl FnOnce() -> TokenStream) {
            proof::take();
            self.expansions += 1;
            match catch_unwind(AssertUnwindSafe(expand)) {
                Ok(out) if out.is_empty() => {
                    self.failures
                        .push(format!("{what}: nothing expanded from `{input}`"));
                }
                Ok(_) => {}
                Err(_) => self.failures.push(format!("{what}: panicked on `{input}`")),
            }
            for (path, tokens) in proof::take() {
                let (index, result) = match path {
                    Path::Args => (0, proof::check::<crate::parse::CommonShapes>(&tokens)),
                    Path::Handler => (1, proof::check::<crate::item::CommonShape>(&tokens)),
                    Path::Module => (2, proof::check::<crate::module::CommonShape>(&tokens)),
                };
                match result {
                    Ok(true) => self.answered[index] += 1,
                    Ok(false) => self.declined[index] += 1,
                    Err(difference) => self.failures.push(difference),
                }
            }
        }
    }

    fn each_mutant(seed: &str, replacements: &[TokenStream], mut f: impl FnMut(TokenStream)) {
        let trees: Vec<TokenTree> = tokens(seed).into_iter().collect();
        for mutant in mutants(&trees, replacements) {
            f(mutant.into_iter().collect());
        }
    }

    #[test]
    fn no_mutant_panics_and_every_fast_path_reads_as_syn() {
        let replacements = replacements();
        let mut tally = Tally::default();
        let handler = tokens(HANDLERS[0]);
        for seed in ARGS {
            each_mutant(seed, &replacements, |args| {
                tally.run("#[cors] arguments", &args, || {
                    super::cors_impl(&args, &handler, super::Stacking::Defer)
                });
            });
        }
        let args = tokens(ARGS[0]);
        for seed in HANDLERS {
            each_mutant(seed, &replacements, |item| {
                tally.run("#[cors] handler", &item, || {
                    super::cors_impl(&args, &item, super::Stacking::Defer)
                });
            });
        }
        for seed in MODULES {
            for args in MODULE_ARGS.map(tokens) {
                each_mutant(seed, &replacements, |module| {
                    tally.run("#[cors] module", &module, || {
                        super::cors_impl(&args, &module, super::Stacking::Defer)
                    });
                });
            }
        }
        for seed in POLICIES {
            each_mutant(seed, &replacements, |input| {
                tally.run("cors_policy!", &input, || {
                    crate::define::expand(input.clone())
                });
            });
        }
        for seed in NAMED {
            each_mutant(seed, &replacements, |input| {
                tally.run("__cors_named!", &input, || {
                    crate::named::expand(input.clone())
                });
            });
        }
        let checked: usize =
            tally.answered.iter().sum::<usize>() + tally.declined.iter().sum::<usize>();
        println!(
            "{} expansions; {checked} fast-path inputs checked against syn: arguments {} read, {} left to syn; handlers {} read, {} left to syn; modules {} read, {} left to syn",
            tally.expansions,
            tally.answered[0],
            tally.declined[0],
            tally.answered[1],
            tally.declined[1],
            tally.answered[2],
            tally.declined[2],
        );
        let shown: Vec<&String> = tally.failures.iter().take(20).collect();
        assert!(
            tally.failures.is_empty(),
            "{} failures, the first:\n{}",
            tally.failures.len(),
            shown
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join("\n")
        );
        // The proof is not empty: each fast path read many of the mutants itself.
        assert!(
            tally.expansions > 10_000,
            "only {} mutants",
            tally.expansions
        );
        assert!(
            tally.answered.iter().all(|&n| n > 100),
            "{:?}",
            tally.answered
        );
    }
}
