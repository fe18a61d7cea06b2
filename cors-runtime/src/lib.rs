//! CORS for actix-web handlers in one attribute, where a policy browsers would refuse, or one
//! that opens a hole, is a compile error.
//!
//! One dependency: `cors-runtime` brings the attribute ([`cors`]), named policies
//! ([`cors_policy!`]), the actix-web middleware ([`actix::Cors`]) and policies built at run
//! time ([`Policy::builder`]), all checked by one rule book, the
//! [Fetch standard](https://fetch.spec.whatwg.org/#http-cors-protocol)'s.
//!
//! This page is where the attribute's arguments and the compile-time checks are listed; the
//! repository's `README.md` links here.
//!
//! # Quick start
//!
//! The crate is not on crates.io yet: depend on it by git (pin a `rev`) or by path.
//!
//! ```toml
//! [dependencies]
//! actix-web = "4"
//! cors-runtime = { git = "https://example.invalid/cors-attr" }
//! ```
//!
//! ```
//! use actix_web::{get, App, HttpResponse, Responder};
//! use cors_runtime::cors;
//!
//! // The page at https://app.example.com may read this with cookies.
//! #[cors(origins = ["https://app.example.com"], credentials)]
//! #[get("/api/me")]
//! async fn me() -> impl Responder {
//!     HttpResponse::Ok().body("me")
//! }
//!
//! // Registration is unchanged: the preflight answer comes with the route.
//! let app = App::new().service(me);
//! # let _ = app;
//! ```
//!
//! `origins = ["*"]` with `credentials` does not compile: browsers never accept
//! `Access-Control-Allow-Origin: *` on a credentialed request, so the error says so at the
//! `"*"`, with the fix.
//!
//! # Arguments
//!
//! `#[cors(...)]` takes these keys, in any order. `cors_policy!` takes the same, plus
//! `methods`.
//!
//! | argument | meaning | default |
//! |---|---|---|
//! | `origins = [..]` | allowed origins: exact (`"https://app.example.com"`), subdomain patterns (`"https://*.example.com"`: one or more labels, never the bare domain), any port (`"http://localhost:*"`, `"https://*.example.com:*"`: the host on every port, or none), `"null"`, or `["*"]` for any origin | required, unless `origin_fn` or `env(..)` decides |
//! | `origins = env("VAR")` | the list from the environment (or [`env::supply`]) when the app starts; `env("VAR", default = [..])` when unset; mixable: `["https://a.example", env("EXTRA")]` | |
//! | `origin_fn = path` | a `fn(&Origin) -> bool` (or `fn(&str) -> bool`) asked about well-formed origins no entry names, at most once per request; never about `null`, and under `credentials` never about plain `http://` outside loopback; its `true` is a grant, credentials included ([`OriginFn`]) | none |
//! | `credentials` | allow cookies and `Authorization`: `Access-Control-Allow-Credentials: true` | off |
//! | `headers = [..]` | request headers a preflight may ask for, any case; `["*"]` for any, which never covers `authorization` unless it is named beside `*` | none |
//! | `expose = [..]` | response headers scripts may read; `["*"]` for all | none |
//! | `max_age = N` | seconds a browser may cache the preflight answer; each engine caps it (Chromium 7200, Firefox 86400, `WebKit` 600, so 600 is honoured in full everywhere) | not sent (browsers use 5) |
//! | `private_network` | retired, with a warning: answer `Access-Control-Request-Private-Network: true` (Chrome replaced Private Network Access with the Local Network Access permission prompt in Chrome 142; Firefox and `WebKit` never shipped it) | off |
//! | `csrf_exempt` | let forged requests reach the route: state-changing requests and WebSocket handshakes a browser sends from origins the policy does not allow, which are otherwise refused with `403` before the route runs ([Forged requests](#forged-requests)); for an endpoint other sites' pages post to on purpose (a public form, a webhook sent from a browser) | off |
//! | `NAME` (first) | start from the [`cors_policy!`] named `NAME`, by any path in the crate; the keys written replace its own, lists whole | none |
//! | `off` (alone) | inside a module under `#[cors]`: this route gets no CORS | |
//! | `methods = [..]` | in [`cors_policy!`] only: the methods middleware answers preflights for ([`actix::Cors::from`]) | none (the policy is then for routes only) |
//! | `crate = "path"` | the path generated code names this crate by, when it is renamed or re-exported (`crate = "platform::cors"`), as serde's and tokio's `crate` | `::cors_runtime` |
//!
//! Methods are not written: they are the route attribute's. `#[cors]` goes above `#[get]`,
//! `#[post]`, `#[put]`, `#[patch]`, `#[delete]`, `#[head]`, `#[query]` or
//! `#[route(path, method = "..")]`, by any path, or above actix-web's `#[routes]` (one
//! handler on several paths; each path answers its preflights with its own methods); [`cors`] says where else it may go and what
//! it expands to. [`Policy::builder`] and `config::PolicyConfig` (feature `serde`) take the
//! same settings by method and by field.
//!
//! # Compile-time checks
//!
//! The macro runs the rule book on the policy each route ends up with. Each finding is
//! reported at the offending token, in rustc's words, with a `help:` giving the fix, and every
//! finding of a build is reported at once. Each has a [`Rule`], so a program can tell them
//! apart.
//!
//! Errors:
//!
//! - `*` with `credentials`, in `origins`, `headers` or `expose` (the Fetch standard's CORS
//!   check rejects it);
//! - `*` beside other entries of a list (only `headers = ["*", "authorization"]` means
//!   something);
//! - an origin no browser sends: a path or a trailing `/`, a query, a fragment, userinfo,
//!   whitespace, an empty string, an uppercase scheme or host, the scheme's default port
//!   (`https://a.example:443` never matches), a port out of range, no scheme;
//! - a host the WHATWG URL standard's host parser writes differently or refuses, with the
//!   origin a browser would send in the fix: `http://127.1` is sent as `http://127.0.0.1`,
//!   IPv6 compressed and lowercase, a non-ASCII host as punycode, an `xn--` label that is
//!   not valid punycode is refused (a trailing dot, `https://example.com.`, is kept, as
//!   browsers send it);
//! - a subdomain pattern other than a whole leftmost `*` label, or over a public suffix
//!   (`https://*.com`, `https://*.github.io`) or an IP address (`http://*.localhost:3000`
//!   is allowed: every name under `.localhost` is loopback);
//! - a partial port wildcard (`http://localhost:80*`, `:*80`, `:[*]`): `:*` is the whole
//!   port or nothing;
//! - `null` with `credentials` (any sandboxed iframe on any site sends `Origin: null`);
//! - duplicates, a missing or empty `origins`, unknown arguments (the nearest valid one is
//!   suggested), an argument given twice, wrong value types (`max_age = "600"`,
//!   `max_age = -1`);
//! - header names that are not HTTP tokens; the Fetch standard's forbidden request headers
//!   in `headers` (`cookie`, `host`, `origin`, `sec-*`, `proxy-*`, ...: the browser sets
//!   them, a script never can); a CORS response header in `headers`
//!   (`access-control-allow-*`, `-expose-headers`, `-max-age`: the server sends those);
//!   `set-cookie` in `expose` (browsers never expose it); a CORS request header in `expose`
//!   (`access-control-request-*`: no response carries it);
//! - `origin_fn` that is not a function's path, a function of another signature (a type
//!   error naming the two signatures), or beside `origins = ["*"]`, which leaves it nothing
//!   to decide;
//! - `env(..)` outside `origins`, beside `*`, given twice, or with a name that is not an
//!   environment variable's; its `default` is checked as literal entries are;
//! - methods no browser sends as listed: `*` in `methods` (list them), a method with
//!   lower-case letters (browsers upper-case `delete`, `get`, `head`, `options`, `post`,
//!   `put`, send `patch` as written, and compare case-sensitively: the fix names the
//!   upper-case spelling), and the forbidden methods `TRACE`, `CONNECT` and `TRACK`, which
//!   `fetch` refuses to send (so `#[cors]` above `#[trace]` or `#[connect]` is an error);
//! - `#[cors]` without a route attribute below it, below one instead of above, above two,
//!   on something that is not a function, with `methods` written in it; `off` outside a
//!   module under `#[cors]`; a module with no routed function, or in another file;
//! - `#[cors(NAME)]` with no `cors_policy!` of that name: one error, at the name (the
//!   handler stays, so `.service(handler)` adds no second one); `Cors::from(NAME)` for a
//!   policy without `methods` is a type error.
//!
//! Warnings, silenced with `#[allow(deprecated)]` on the handler (a named policy's own: on
//! its `cors_policy!` definition):
//!
//! - a plain `http://` origin other than loopback with `credentials`;
//! - `max_age` above Chromium's cap of 7200 (the message names each engine's cap);
//! - `private_network` (retired);
//! - `csrf_exempt` with `credentials` on a route that serves a method other than `GET`,
//!   `HEAD` and `OPTIONS` (any site's form then acts as the signed-in user);
//! - `csrf_exempt` that changes nothing: with `origins = ["*"]` (a policy for any origin
//!   refuses no forged request), or on a route serving only `HEAD` or `OPTIONS` (browsers
//!   send it none). A `GET` route does not warn: the key lets other sites' WebSocket
//!   handshakes through there.
//!
//! With a named policy, an error that a key the route wrote causes is reported at that key,
//! with a note naming the policy; the policy's own errors are reported once, at its
//! definition. [`Policy::builder`], configuration and deployment values (`env(..)`, checked
//! by [`env::check`]) run the same rules: errors come back together, in the same words, as a
//! [`PolicyError`]; warnings are logged at `warn` and kept on the policy
//! ([`Policy::warnings`]).
//!
//! # What a route answers
//!
//! - An actual request from an allowed origin: its response (errors included) gets
//!   `Access-Control-Allow-Origin`, and `-Allow-Credentials` and `-Expose-Headers` when
//!   configured. Every response of a route whose answer depends on the origin gets
//!   `Vary: Origin`, appended to the handler's own.
//! - A preflight from an allowed origin for a method the route serves and headers the
//!   policy lists: `204` with the grant, `Access-Control-Allow-Methods`, `-Allow-Headers`
//!   and `-Max-Age`, without running the handler.
//! - A preflight from an allowed origin for a method or a header the policy does not list:
//!   `200` with the grant and the allowed lists, and no `-Max-Age`. The browser still
//!   refuses, and its console names the method or the header.
//! - The same where lists cannot make the browser fail (a safelisted method, or `*` in the
//!   lists): `403` with the grant.
//! - Anything else (an origin the policy does not list, `null` under `credentials`, a
//!   malformed request): `403` with a short plain-text reason and no `Access-Control-*`
//!   header.
//!
//! Each refusal logs a `debug` line naming the route and the rule.
//!
//! # Forged requests
//!
//! CORS decides whether a page may *read* an answer. A browser still *sends* a form post, a
//! `fetch` with a `text/plain` body, a `navigator.sendBeacon` and a WebSocket handshake to
//! any site, with the user's cookies, and the handler runs. So every route under a policy
//! (`#[cors]`, a named policy, a module's, `Cors::from`, `Cors::new` from the builder or
//! from configuration) refuses a forged request before anything of the route runs: its
//! extractors, its handler and its own `wrap`s (authentication included). The decision is Go
//! 1.25's `http.CrossOriginProtection`, with the policy's origins as the trusted list, in
//! its order:
//!
//! 1. `GET`, `HEAD` and `OPTIONS` pass, unless the request is a WebSocket handshake
//!    (`Upgrade: websocket`);
//! 2. an origin the policy allows passes (the grant's own match: exact entries, patterns,
//!    `env(..)` values, `origin_fn`); a policy for any origin (`*`) refuses nothing;
//! 3. `Sec-Fetch-Site: same-origin` or `none` passes; any other value is refused (an empty
//!    header is no header, as Go's `Header.Get` reads it);
//! 4. without `Sec-Fetch-Site`: no `Origin` passes (curl, servers, webhooks), an `Origin`
//!    equal to the request's own scheme and `Host` passes, any other is refused (`null`
//!    included).
//!
//! | request | answer |
//! |---|---|
//! | `GET`, `HEAD`, `OPTIONS` from anywhere (not a WebSocket handshake) | the route runs |
//! | anything from an origin the policy allows | the route runs, with the grant |
//! | a `POST` from a page of the same origin | the route runs |
//! | a `POST` with no `Origin` (curl, a server, a webhook) | the route runs |
//! | a `POST`, `PUT`, `PATCH`, `DELETE` from another site's page (a form, `fetch`, a beacon) | `403` |
//! | a `POST` with `Origin: null` (a sandboxed frame, a privacy redirect) | `403` |
//! | a WebSocket handshake from another site's page | `403` |
//! | any of these under `csrf_exempt`, or under `origins = ["*"]` | the route runs |
//!
//! A refusal is `403` with a short `text/plain` reason that names no allowed origin, no
//! `Access-Control-*` header and the route's `Vary`, and a `debug` line with the route, the
//! origin and the rule. `csrf_exempt` turns it off for a route or a policy. Behind a reverse
//! proxy that rewrites `Host`, a browser that sends no `Sec-Fetch-Site` (before 2023, or plain
//! HTTP to another host) posting from the site's own pages is refused: list the site's own
//! origin in `origins`. `Cors::from(NAME)` decides for everything under it before any route,
//! except a request going to a `#[cors]` route mounted on the `App` itself (its path is
//! exactly the pattern the request matches), which decides by its own origins; a `Cors`
//! middleware or a scoped `#[cors]` route under it that lets more origins act gets their
//! forged-looking requests refused by the outer policy (it fails closed): list them there too.
//!
//! # Named policies, modules and middleware
//!
//! [`cors_policy!`] defines a policy once; `#[cors(NAME)]` uses it on a route or a module,
//! and a policy that lists `methods` is middleware too, [`actix::Cors::from`]:
//!
//! ```
//! use actix_web::App;
//! use cors_runtime::{actix::Cors, cors, cors_policy};
//!
//! cors_policy! {
//!     pub APP = (origins = ["https://app.example.com"], credentials);
//!     pub LEGACY = (origins = ["https://app.example.com"], methods = ["GET"]);
//! }
//!
//! #[cors(APP)]
//! mod api {
//!     use actix_web::{get, HttpResponse, Responder};
//!
//!     #[get("/api/me")]
//!     pub async fn me() -> impl Responder { HttpResponse::Ok() }
//! }
//!
//! # fn main() {
//! let app = App::new().service(api::me).wrap(Cors::from(LEGACY));
//! # let _ = app;
//! # }
//! ```
//!
//! # Deployment origins
//!
//! `origins = [env("APP_ORIGINS")]` reads the list when the app starts; [`env::check`]
//! holds it to the same rules before the server serves, every error at once. [`report()`]
//! lists every route and policy with where its origins come from.
//!
//! # Policies built at run time
//!
//! [`Policy::builder`] runs the same rules and returns every error as a [`PolicyError`];
//! [`actix::Cors::new`] serves it. With the `serde` feature, `config::PolicyConfig` reads one
//! from configuration, naming the key path in each message.
//!
//! # Features
//!
//! - `macros` (default): [`cors`] and [`cors_policy!`].
//! - `actix` (default): the actix-web 4 integration, [`actix`].
//! - `serde`: `config::PolicyConfig`.
//! - `test-util`: `test`, a page that calls your actix-web service as Chromium, Firefox or
//!   WebKit would, for your own tests: `Page::at(origin).fetch(&app, Fetch::put("/api/x")).await`
//!   says whether the script can read the answer and, when not, the console's message
//!   (also `XMLHttpRequest`, `EventSource`, beacons, form posts and WebSocket handshakes).
#![forbid(unsafe_code)]

// The rule book and the policy model live in `cors-runtime-core`, which the macros share;
// these names let the modules here say `crate::policy::Policy` as if they lived here.
pub(crate) use cors_runtime_core::{check, forged, header_name, method, policy, violation};

#[cfg(feature = "actix")]
pub mod actix;
#[cfg(feature = "serde")]
pub mod config;
pub mod env;
mod named;
mod registry;
mod report;
pub(crate) mod request;
mod static_policy;
#[cfg(feature = "test-util")]
pub mod test;

pub use cors_runtime_core::{
    Field, Origin, OriginFn, ParseOriginError, Policy, PolicyBuilder, PolicyError, Problem, Rule,
    Severity, Violation,
};
pub use named::{ForMiddleware, ForRoutes, NamedPolicy};
pub use report::{report, Allowed, Report, Row, RowKind};

/// Attaches a CORS policy to an actix-web handler (or to every handler of a module), checked
/// when the crate compiles.
///
/// # Syntax
///
/// ```
/// use actix_web::{get, HttpResponse, Responder};
/// use cors_runtime::cors;
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
/// The keys are in the [crate's Arguments table](crate#arguments).
///
/// Methods are not written: they are the methods of the route attribute (or, above
/// actix-web's `#[routes]`, of each path's method attributes).
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
///   middleware's policy: `off` opts out of the module's only. A forged request going to
///   a `#[cors]` route is that route's to refuse too ([Forged requests](crate#forged-requests)).
///
/// ```
/// use actix_web::{get, post, HttpResponse, Responder};
/// use cors_runtime::{cors, cors_policy};
///
/// cors_policy! {
///     pub APP = (origins = ["https://app.example.com"], credentials);
/// }
///
/// #[cors(APP)]
/// mod admin {
///     use actix_web::{get, post, HttpResponse, Responder};
///     use cors_runtime::cors;
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
/// moves itself below them, so they still see the route attribute and the plain handler
/// and define their items beside it. Attributes below the route attribute apply to the
/// handler itself, as under actix-web's own attributes.
///
/// # Compile-time checks
///
/// Every rule is an error at the offending token, all reported in one build; the list is
/// the [crate's Compile-time checks](crate#compile-time-checks). With a named policy, the
/// rules run on the policy the route ends up with: an error a key the route wrote causes is
/// reported at that key (with a note naming the policy), one the policy's key causes only
/// with what the route wrote at the policy's name, and the policy's own errors once, where
/// it is defined. Warnings are silenced by `#[allow(deprecated)]` on the handler.
///
/// The headline rule, `*` with credentials, does not compile:
///
/// ```compile_fail
/// use actix_web::{get, HttpResponse, Responder};
/// use cors_runtime::cors;
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
/// grant, or a refusal as the crate's [What a route answers](crate#what-a-route-answers)
/// says, without running the handler or the route's guards;
/// the second first refuses a forged request
/// ([Forged requests](crate#forged-requests)) with `403` before any extractor or the handler
/// runs, then runs the handler and adds `Access-Control-Allow-Origin` (and
/// `-Allow-Credentials`, `-Expose-Headers`) to its response for an allowed origin, and
/// `Vary: Origin` to every response, the errors of failed extractors included. The policy
/// is written out as plain `'static` data; its header values are built from it once, when
/// the app is built. Generated code names this crate only as `::cors_runtime::__private`
/// (or the `crate = "path"` given).
///
/// A route with `wrap = "..."` keeps actix-web's attribute: the CORS middleware is added as
/// its outermost `wrap`, so the responses of the route's own middlewares carry the grant,
/// a forged request is refused before any of them runs, and a resource beside it answers
/// preflights before any of them runs.
#[cfg(feature = "macros")]
pub use cors_macros::cors;

/// Defines named policies, written once and used by name in `#[cors(NAME, ...)]`, on
/// modules, and as middleware.
///
/// ```
/// use actix_web::{get, put, App, HttpResponse, Responder};
/// use cors_runtime::{actix::Cors, cors, cors_policy};
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
///     .wrap(Cors::from(LEGACY));
/// ```
///
/// # Syntax
///
/// `cors_policy! { [attributes] [visibility] NAME = (ARGS); ... }`. `ARGS` are exactly what
/// `#[cors(...)]` takes, plus `methods = [..]`, which a policy used as middleware
/// ([`actix::Cors::from`]) needs; a route uses its route attribute's methods instead. Each
/// `NAME` is a constant of type [`NamedPolicy`] (usable as middleware when it lists
/// `methods`) and a name `#[cors(NAME, ..)]` resolves, by any path within the crate
/// (`crate::policies::APP`).
///
/// # Checks
///
/// The policy is checked here, once: its errors point at its own tokens, and a route that
/// uses it unchanged does not repeat them. A route that replaces keys is checked on the
/// policy it ends up with; an error caused by a key it wrote points at that key. Warnings
/// fire here and are silenced with `#[allow(deprecated)]` on the definition.
#[cfg(feature = "macros")]
pub use cors_macros::cors_policy;

/// What `#[cors]` expands a route without `wrap`s to, written here once rather than by the
/// macro for every route: the handler's unit struct and its `HttpServiceFactory`, which
/// registers one resource for the route and its preflights. Paths go through `$crate`, so a
/// renamed crate needs `crate = "..."` only where the macro names this one. Not a public
/// API.
///
/// A template because the proc macro pays for every token it writes, in the user's
/// unoptimised build of it, on every route; rustc expands this for next to nothing
/// (`BENCHMARKS.md`, compile time).
#[doc(hidden)]
#[macro_export]
macro_rules! __cors_resource {
    (
        [$(#[$attr:meta])*] $vis:vis $name:ident $path:literal $resource:literal $named:literal
        policy($($policy:tt)*) guards($($guard:expr),*) $(link($link:expr))?
        { $($item:tt)* }
    ) => {
        $(#[$attr])*
        #[allow(non_camel_case_types, missing_docs)]
        $vis struct $name;

        impl $crate::__private::actix_web::dev::HttpServiceFactory for $name {
            fn register(self, __config: &mut $crate::__private::actix_web::dev::AppService) {
                const __CORS_POLICY: &$crate::__private::StaticPolicy =
                    $crate::__cors_static_policy!($($policy)*);
                $($crate::__cors_link_time!($path, $name, $link, __CORS_POLICY);)?
                $($item)*
                $crate::__private::route(
                    __config,
                    $path,
                    $resource,
                    __CORS_POLICY,
                    (::core::stringify!($name), ::core::module_path!(), $named),
                    ::std::vec![$(::std::boxed::Box::new(
                        $crate::__private::actix_web::guard::fn_guard($guard)
                    )),*],
                    $name,
                );
            }
        }
    };
}

/// A route with `env(...)` origins registers at link time too, so that `env::check()` finds
/// its deployment values before any `App` is built. Not a public API.
#[doc(hidden)]
#[macro_export]
macro_rules! __cors_link_time {
    ($path:literal, $name:ident, $named:expr, $policy:ident) => {
        $crate::__private::inventory::submit! {
            $crate::__private::Registered {
                kind: $crate::__private::Kind::Route {
                    path: $path,
                    handler: ::core::stringify!($name),
                    named: $named,
                },
                module: ::core::module_path!(),
                policy: $policy,
            }
        }
    };
}

/// A route's policy: its text alone in the common case, else the whole `StaticPolicy`
/// expression the macro wrote. Not a public API.
#[doc(hidden)]
#[macro_export]
macro_rules! __cors_static_policy {
    ($text:literal) => {
        &$crate::__private::StaticPolicy {
            text: $text,
            ..$crate::__private::StaticPolicy::DEFAULT
        }
    };
    ($policy:expr) => {
        $policy
    };
}

/// What code generated by `#[cors]` and `cors_policy!`, and this crate's own fuzz targets,
/// need from this crate. Not a public API: it may change in any release.
#[doc(hidden)]
pub mod __private {
    pub use crate::env::list::split as env_split;
    pub use crate::named::{ForMiddleware, ForRoutes, NamedPolicy};
    pub use crate::registry::{Kind, Registered, WrittenAt};
    pub use crate::static_policy::EnvOrigins;
    /// The request path's decisions over raw header bytes, for the fuzz targets.
    pub mod request {
        pub use crate::request::{
            admits, match_origin, preflight, request_header_names, single_origin, Refusal,
        };
    }
    pub use crate::static_policy::StaticPolicy;
    pub use cors_runtime_core as core;
    pub use cors_runtime_core::{ask as ask_origin_fn, OriginFn};
    pub use inventory;

    pub use crate::__cors_link_time as link_time;
    #[cfg(feature = "actix")]
    pub use crate::__cors_resource as resource;

    #[cfg(feature = "actix")]
    pub use actix_web;
    #[cfg(feature = "macros")]
    pub use cors_macros::{__cors_named, __cors_stacked, cors};

    /// The middleware for an annotated route that has `wrap`s of its own.
    #[cfg(feature = "actix")]
    pub fn middleware(policy: &'static StaticPolicy) -> crate::actix::Cors {
        crate::actix::register::middleware(policy)
    }

    /// Registers an annotated route without `wrap`s: one resource for the handler and its
    /// preflights.
    #[cfg(feature = "actix")]
    pub fn route<F, Args>(
        config: &mut actix_web::dev::AppService,
        path: &'static str,
        name: &str,
        policy: &'static StaticPolicy,
        site: WrittenAt,
        guards: Vec<Box<dyn actix_web::guard::Guard>>,
        handler: F,
    ) where
        F: actix_web::Handler<Args>,
        Args: actix_web::FromRequest + 'static,
        F::Output: actix_web::Responder + 'static,
    {
        crate::registry::mount(path, site, policy, config.is_root());
        crate::actix::register::route(config, path, name, policy, guards, handler);
    }

    /// The guard a route with `wrap`s that serves `OPTIONS` gets, so that it never takes a
    /// preflight, its own or another route's.
    #[cfg(feature = "actix")]
    pub fn not_preflight(ctx: &actix_web::guard::GuardContext<'_>) -> bool {
        crate::actix::register::not_preflight(ctx)
    }

    /// Registers an annotated route that has `wrap`s, made by actix-web's route attribute,
    /// and its preflight answer.
    #[cfg(feature = "actix")]
    pub fn register<F: actix_web::dev::HttpServiceFactory>(
        config: &mut actix_web::dev::AppService,
        path: &'static str,
        policy: &'static StaticPolicy,
        site: WrittenAt,
        route: F,
    ) {
        crate::registry::mount(path, site, policy, config.is_root());
        crate::actix::register::register(config, path, policy, route);
    }

    /// Registers a `#[routes]` handler made by actix-web's attribute, each of its paths with
    /// its own policy, and each path's preflight answer.
    #[cfg(feature = "actix")]
    pub fn register_routes<F: actix_web::dev::HttpServiceFactory>(
        config: &mut actix_web::dev::AppService,
        paths: &[(&'static str, &'static StaticPolicy)],
        site: WrittenAt,
        route: F,
    ) {
        let root = config.is_root();
        route.register(config);
        for &(path, policy) in paths {
            crate::registry::mount(path, site, policy, root);
            crate::actix::register::preflights(config, path, policy);
        }
    }
}
