//! The `#[cors]` attribute: CORS policies for actix-web handlers, checked at compile time.
//!
//! See [`macro@cors`] for the whole story. The runtime it expands to is in
//! [`cors-runtime`](https://docs.rs/cors-runtime), which a user depends on beside this crate.
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
mod stack;

use proc_macro::TokenStream;
use proc_macro2::Span;

/// Attaches a CORS policy to an actix-web handler, checked when the crate compiles.
///
/// # Syntax
///
/// ```
/// use actix_web::{get, HttpResponse, Responder};
/// use cors_macros::cors;
///
/// #[cors(origins = ["https://app.example.com"], credentials)]
/// #[get("/api/me")]
/// async fn me() -> impl Responder {
///     HttpResponse::Ok().body("me")
/// }
///
/// // Registration is unchanged: `App::new().service(me)`.
/// # let _ = actix_web::App::new().service(me);
/// ```
///
/// # Arguments
///
/// | argument | meaning | default |
/// |---|---|---|
/// | `origins = [..]` | allowed origins: exact (`"https://app.example.com"`), subdomain patterns (`"https://*.example.com"`), `"null"`, or `["*"]` for any origin | required |
/// | `credentials` | allow cookies and `Authorization`: `Access-Control-Allow-Credentials: true` | off |
/// | `headers = [..]` | request headers a preflight may ask for; `["*"]` for any (never covers `authorization` unless it is named beside `*`) | none |
/// | `expose = [..]` | response headers scripts may read; `["*"]` for all | none |
/// | `max_age = N` | seconds a browser may cache the preflight answer | not sent (browsers use 5) |
/// | `private_network` | answer `Access-Control-Request-Private-Network: true` | off |
///
/// Methods are not written: they are the methods of the route attribute.
///
/// # Named policies, modules and `off`
///
/// - `#[cors(NAME)]` uses a policy defined with [`cors_policy!`], by any path within the
///   crate (`#[cors(crate::policies::APP)]`); `#[cors(NAME, key = value, ..)]` replaces
///   those keys of it. Lists are replaced whole, not merged, as in struct update syntax:
///   `#[cors(APP, headers = ["x-a"])]` allows `x-a` only, whatever `APP` lists.
/// - On an inline module, `#[cors(..)]` covers every function directly inside it that has
///   a route attribute, as actix-web's `#[scope]` does (above or below `#[scope]`); nested
///   modules take their own. A name written there resolves where the module is declared.
///   A handler's own `#[cors(key = value)]` inside replaces keys of the module's policy;
///   `#[cors(OTHER, ..)]` starts from `OTHER` instead; `#[cors(off)]` gives the route no
///   CORS at all.
/// - Precedence: the most specific wins. A handler's own keys over its module's, and a
///   `#[cors]` route over `Cors::from(..)` middleware around it (the middleware adds nothing
///   to that route's answers). A route with `#[cors(off)]` under such middleware gets the
///   middleware's policy: `off` opts out of the module's only.
///
/// ```
/// use actix_web::{get, post, HttpResponse, Responder};
/// use cors_macros::{cors, cors_policy};
///
/// cors_policy! {
///     pub APP = (origins = ["https://app.example.com"], credentials);
/// }
///
/// #[cors(APP)]
/// mod admin {
///     use actix_web::{get, post, HttpResponse, Responder};
///     use cors_macros::cors;
///
///     #[get("/admin/users")]
///     pub async fn users() -> impl Responder { HttpResponse::Ok() }
///
///     #[cors(max_age = 60)] // APP, with a preflight cache
///     #[post("/admin/users")]
///     pub async fn create() -> impl Responder { HttpResponse::Created() }
///
///     #[cors(off)] // no CORS at all
///     #[post("/admin/webhook")]
///     pub async fn webhook() -> impl Responder { HttpResponse::Ok() }
/// }
/// # fn main() {
/// #     let _ = actix_web::App::new().service(admin::users).service(admin::create).service(admin::webhook);
/// # }
/// ```
///
/// # Placement
///
/// Above one actix-web route attribute: `#[get]`, `#[post]`, `#[put]`, `#[patch]`,
/// `#[delete]`, `#[head]`, `#[query]` or `#[route(path, method = "..", ..)]`, by any path
/// (`#[actix_web::get]` works). The route attribute's own `name`, `guard` and `wrap` keep
/// working, and its `wrap`s run inside the CORS layer, so their error responses carry the
/// grant too.
///
/// Other attributes may stand between `#[cors]` and the route attribute. Attribute macros
/// there (`#[utoipa::path]`, `#[tracing::instrument]`, `#[protect]`) expand first: `#[cors]`
/// moves itself below them (as `::cors_macros::__cors_stacked`, so the crate must be
/// reachable as `cors_macros`), so they still see the route attribute and the plain
/// handler and define their items beside it. Attributes below the route attribute apply to
/// the handler itself, as under actix-web's own attributes.
///
/// # Compile-time checks
///
/// Every rule is an error at the offending token, all reported in one build:
/// - `*` with `credentials`, in `origins`, `headers` or `expose`: browsers reject it;
/// - `*` beside other entries (except `headers = ["*", "authorization"]`);
/// - origins a browser never sends: paths, a trailing `/`, queries, fragments, userinfo,
///   whitespace, uppercase, default ports, bad ports, empty strings, and hosts the WHATWG
///   URL standard writes differently or refuses (`http://127.1` is sent as
///   `http://127.0.0.1`; IPv6 compressed and lowercase; punycode, valid `xn--` labels),
///   each with the origin a browser would send (a trailing dot, `https://example.com.`, is
///   kept, as browsers send it);
/// - subdomain patterns other than a whole leftmost `*` label over a registrable domain
///   (`https://*.com` or `https://*.github.io` would allow strangers' sites; names under
///   `.localhost` are loopback, so `http://*.localhost:3000` is fine);
/// - `null` with `credentials` (any sandboxed iframe sends `null`);
/// - duplicates, empty or missing `origins`, unknown or repeated arguments, wrong value types;
/// - header names that are not HTTP tokens, `set-cookie` in `expose`, and forbidden
///   request headers (`cookie`, `host`, `sec-*`, ...) in `headers`;
/// - `#[cors]` without a route attribute below it, `methods` written in it, `off` outside a
///   module with `#[cors]`, a module with no routed function or in another file;
/// - with a named policy, the rules run on the policy the route ends up with: an error a
///   key the route wrote causes is reported at that key (with a note naming the policy),
///   one the policy's key causes only with what the route wrote at the policy's name, and
///   the policy's own errors once, where it is defined.
///
/// Warnings, silenced by `#[allow(deprecated)]` on the handler: a plain `http://` origin
/// other than loopback with `credentials`, and `max_age` above Chromium's cap of 7200.
///
/// The headline rule, `*` with credentials, does not compile:
///
/// ```compile_fail
/// use actix_web::{get, HttpResponse, Responder};
/// use cors_macros::cors;
///
/// #[cors(origins = ["*"], credentials)]
/// #[get("/api/me")]
/// async fn me() -> impl Responder {
///     HttpResponse::Ok()
/// }
/// ```
///
/// # What it expands to
///
/// In plain actix-web terms, what the route attribute would build, built by `#[cors]`
/// itself: one `Resource` on the route's path, with the route's `name` and `guard`s, that
/// holds two routes. The first answers preflights (`OPTIONS` with
/// `Access-Control-Request-Method` naming one of the route's methods) with `204` and the
/// grant, or `403` and a short reason, without running the handler or the route's guards;
/// the second runs the handler and adds `Access-Control-Allow-Origin` (and
/// `-Allow-Credentials`, `-Expose-Headers`) to its response for an allowed origin, and
/// `Vary: Origin` to every response, the errors of failed extractors included. The policy
/// is written out as plain `'static` data; its header values are built from it once, when
/// the app is built.
///
/// A route with `wrap = "..."` keeps actix-web's attribute: the CORS middleware is added as
/// its outermost `wrap`, so the responses of the route's own middlewares carry the grant,
/// and a resource beside it answers preflights before any of them runs.
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

/// Defines named policies, written once and used by name in `#[cors(NAME, ...)]` and as
/// middleware.
///
/// ```
/// use actix_web::{get, put, App, HttpResponse, Responder};
/// use cors_macros::{cors, cors_policy};
///
/// cors_policy! {
///     /// The web app: cookies and JSON bodies.
///     pub APP = (origins = ["https://app.example.com"], credentials, headers = ["content-type"]);
///     /// The same, as middleware for a legacy scope: middleware needs the methods.
///     pub LEGACY = (origins = ["https://app.example.com"], methods = ["GET", "PUT"]);
/// }
///
/// #[cors(APP)]
/// #[get("/api/me")]
/// async fn me() -> impl Responder {
///     HttpResponse::Ok()
/// }
///
/// // `APP` with `max_age` added and `headers` replaced (lists are replaced whole).
/// #[cors(APP, max_age = 600, headers = ["content-type", "x-request-id"])]
/// #[put("/api/profile")]
/// async fn profile() -> impl Responder {
///     HttpResponse::Ok()
/// }
///
/// let _ = App::new()
///     .service(me)
///     .service(profile)
///     .wrap(cors_runtime::actix::Cors::from(LEGACY));
/// ```
///
/// # Syntax
///
/// `cors_policy! { [attributes] [visibility] NAME = (ARGS); ... }`. `ARGS` are exactly what
/// `#[cors(...)]` takes, plus `methods = [..]`, which a policy used as middleware
/// ([`Cors::from`](../cors_runtime/actix/struct.Cors.html)) needs; a route uses its route
/// attribute's methods instead. Each `NAME` is a constant of type
/// `cors_runtime::NamedPolicy` (usable as middleware when it lists `methods`) and a name
/// `#[cors(NAME, ..)]` resolves, by any path within the crate (`crate::policies::APP`).
///
/// # Checks
///
/// The policy is checked here, once: its errors point at its own tokens, and a route that
/// uses it unchanged does not repeat them. A route that replaces keys is checked on the
/// policy it ends up with; an error caused by a key it wrote points at that key. Warnings
/// fire here and are silenced with `#[allow(deprecated)]` on the definition.
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
    let item = match syn::parse2::<item::HandlerFn>(input.clone()) {
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
    if let (Stacking::Defer, Some(item)) = (stacking, &item) {
        if let Some(deferred) =
            route::position(&item.attrs).and_then(|i| stack::defer(args, item, i))
        {
            return deferred;
        }
    }
    let parsed = parse::parse(args.clone(), parse::Site::Route, &mut errors);
    if let Some(off) = parsed.off {
        errors.error(
            off,
            "`#[cors(off)]` is not inside a module with `#[cors]`",
            "`off` opts a handler out of its module's policy, and without `#[cors]` a route has no CORS at all; remove it",
        );
    }
    if let (Some(name), Some(_), true) = (&parsed.name, &item, errors.is_empty()) {
        // The policy's arguments live in the macro its `cors_policy!` defined: ask it for
        // them, and the resolution continues in `__cors_named`.
        return quote::quote!(#name! { [#args] #input });
    }
    route_pipeline(&parsed, None, item, errors, input, cors_span)
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
    let route = item
        .as_ref()
        .and_then(|item| match route::find(&item.attrs, cors_span) {
            Ok(route) => Some(route),
            Err(err) => {
                errors.push(err);
                None
            }
        });
    let checked = route.as_ref().and_then(|route| {
        let methods = check::Methods {
            list: &route.methods,
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
