//! The one policy the benchmarks compare, in three forms, and the four request kinds.
//!
//! Policy: the reference measurements' (3 exact origins, credentials, 3 allowed headers, 1
//! exposed header, max-age 600) on a `GET` route. One method, because actix-web's `#[route]`
//! macro orders the guards of several methods by a `HashSet` seeded afresh in every build,
//! and each method guard checked before the matching one costs about 600 instructions: with
//! three methods, `plain` itself moved by 1,200 instructions per request between two builds.
//!
//! Each CORS layer is compared with the same route without it, registered the way that layer
//! is used: `#[cors]` over a `#[route]` handler against the bare `#[route]` handler;
//! actix-cors as a `web::resource` middleware against the bare resource. actix-cors cannot
//! sit in a `#[route]`'s `wrap`, because the route's method guard keeps `OPTIONS` from
//! ever reaching it.

#![allow(dead_code)]

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::Method;
use actix_web::test::{init_service, TestRequest};
use actix_web::web;

/// What `TestRequest::to_request` builds and an app service takes.
pub(crate) type Request = actix_http::Request;
use actix_web::{get, App, HttpResponse, Responder};

use cors_runtime::cors;

pub(crate) const ALLOWED: &str = "https://app.example.com";
pub(crate) const DISALLOWED: &str = "https://evil.example.net";

async fn body() -> HttpResponse {
    HttpResponse::Ok().body("hello")
}

#[get("/bench")]
async fn plain() -> impl Responder {
    body().await
}

#[cors(
    origins = ["https://app.example.com", "https://admin.example.com", "https://m.example.com"],
    credentials,
    headers = ["content-type", "x-api-key", "x-request-id"],
    expose = ["x-trace-id"],
    max_age = 600,
)]
#[get("/bench")]
async fn ours() -> impl Responder {
    body().await
}

cors_runtime::cors_policy! {
    /// `ours`'s policy, written once: what `named` uses by name.
    BENCH = (
        origins = ["https://app.example.com", "https://admin.example.com", "https://m.example.com"],
        credentials,
        headers = ["content-type", "x-api-key", "x-request-id"],
        expose = ["x-trace-id"],
        max_age = 600,
    );
    /// The same, with its methods, as middleware.
    BENCH_MIDDLEWARE = (
        origins = ["https://app.example.com", "https://admin.example.com", "https://m.example.com"],
        credentials,
        headers = ["content-type", "x-api-key", "x-request-id"],
        expose = ["x-trace-id"],
        max_age = 600,
        methods = ["GET"],
    );
}

/// `ours` through the named policy: must cost what `ours` costs.
#[cors(BENCH)]
#[get("/bench")]
async fn named() -> impl Responder {
    body().await
}

/// `ours` with its origins supplied by the deployment: must cost what `ours` costs.
#[cors(
    origins = env("BENCH_ORIGINS"),
    credentials,
    headers = ["content-type", "x-api-key", "x-request-id"],
    expose = ["x-trace-id"],
    max_age = 600,
)]
#[get("/bench")]
async fn deployed() -> impl Responder {
    body().await
}

/// What `deployed` reads, supplied as a config crate would.
fn deploy() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        cors_runtime::env::supply(
            "BENCH_ORIGINS",
            [
                "https://app.example.com",
                "https://admin.example.com",
                "https://m.example.com",
            ],
        )
        .expect("supplied once");
    });
}

/// A tenant directory of one: the allowed origin of the benchmarks.
fn is_tenant(origin: &str) -> bool {
    origin == ALLOWED
}

/// `ours` with the allowed origin decided by a function after the list misses: the cost of
/// `origin_fn` on the requests that reach it.
#[cors(
    origins = ["https://admin.example.com", "https://m.example.com"],
    origin_fn = is_tenant,
    credentials,
    headers = ["content-type", "x-api-key", "x-request-id"],
    expose = ["x-trace-id"],
    max_age = 600,
)]
#[get("/bench")]
async fn tenant() -> impl Responder {
    body().await
}

/// `ours` with the allowed origin written for any port (`https://app.example.com:*`): the
/// cost of a `:*` entry on the requests it matches.
#[cors(
    origins = ["https://app.example.com:*", "https://admin.example.com", "https://m.example.com"],
    credentials,
    headers = ["content-type", "x-api-key", "x-request-id"],
    expose = ["x-trace-id"],
    max_age = 600,
)]
#[get("/bench")]
async fn any_port() -> impl Responder {
    body().await
}

/// [`is_tenant`] deciding by the parsed origin.
fn is_tenant_parsed(origin: &cors_runtime::Origin<'_>) -> bool {
    origin.as_str() == ALLOWED
}

/// `tenant` with a `fn(&Origin) -> bool`.
#[cors(
    origins = ["https://admin.example.com", "https://m.example.com"],
    origin_fn = is_tenant_parsed,
    credentials,
    headers = ["content-type", "x-api-key", "x-request-id"],
    expose = ["x-trace-id"],
    max_age = 600,
)]
#[get("/bench")]
async fn tenant_parsed() -> impl Responder {
    body().await
}

/// The floor: the least any CORS layer must do, written by hand into the handler with no
/// layer at all. One comparison against the one origin the benchmarks send, then the header
/// writes the Fetch standard needs: `Vary: Origin` always; ACAO, ACAC and `Expose-Headers`
/// for the allowed origin; and for a preflight, the `204` with its six headers. What is left
/// of a layer's overhead above this is the layer's own cost.
mod floor {
    use actix_web::http::header::{self, HeaderValue};
    use actix_web::http::StatusCode;
    use actix_web::{HttpRequest, HttpResponse};

    const ORIGIN: HeaderValue = HeaderValue::from_static(super::ALLOWED);

    pub(crate) async fn get(req: HttpRequest) -> HttpResponse {
        let mut res = super::body().await;
        let allowed = req.headers().get(header::ORIGIN) == Some(&ORIGIN);
        let out = res.headers_mut();
        out.append(header::VARY, HeaderValue::from_static("Origin"));
        if allowed {
            out.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, ORIGIN);
            out.insert(
                header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
                HeaderValue::from_static("true"),
            );
            out.insert(
                header::ACCESS_CONTROL_EXPOSE_HEADERS,
                HeaderValue::from_static("x-trace-id"),
            );
        }
        res
    }

    pub(crate) async fn preflight() -> HttpResponse {
        let mut res = HttpResponse::new(StatusCode::NO_CONTENT);
        let out = res.headers_mut();
        out.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, ORIGIN);
        out.insert(
            header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
            HeaderValue::from_static("true"),
        );
        out.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static("GET"),
        );
        out.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static("content-type, x-api-key, x-request-id"),
        );
        out.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static("600"),
        );
        out.insert(
            header::VARY,
            HeaderValue::from_static(
                "Origin, Access-Control-Request-Method, Access-Control-Request-Headers",
            ),
        );
        res
    }
}

/// actix-cors configured like `ours`.
pub(crate) fn actix_cors() -> actix_cors::Cors {
    actix_cors::Cors::default()
        .allowed_origin("https://app.example.com")
        .allowed_origin("https://admin.example.com")
        .allowed_origin("https://m.example.com")
        .supports_credentials()
        .allowed_methods(["GET"])
        .allowed_headers(["content-type", "x-api-key", "x-request-id"])
        .expose_headers(["x-trace-id"])
        .max_age(600)
}

/// Which CORS layer a measurement runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Variant {
    /// The `#[route]` handler without CORS: the baseline of `Ours`.
    Plain,
    /// The same handler under `#[cors]`.
    Ours,
    /// The handler in a `web::resource` without CORS: the baseline of `ActixCors`.
    PlainResource,
    /// The same resource wrapped in actix-cors.
    ActixCors,
    /// The hand-written minimum on `plain resource` (see `floor`).
    Floor,
    /// `Ours` through `cors_policy!` and `#[cors(BENCH)]`.
    Named,
    /// The plain resource under `Cors::from(BENCH_MIDDLEWARE)`, as App middleware.
    Middleware,
    /// `Ours` with `origins = env("BENCH_ORIGINS")`, the same three origins supplied.
    Env,
    /// `Ours` with the allowed origin left to `origin_fn`.
    OriginFn,
    /// `Ours` with the allowed origin as a `:*` entry.
    AnyPort,
    /// `OriginFn` with a `fn(&Origin) -> bool`.
    OriginFnParsed,
}

impl Variant {
    pub(crate) const ALL: [Variant; 5] = [
        Variant::Plain,
        Variant::Ours,
        Variant::PlainResource,
        Variant::ActixCors,
        Variant::Floor,
    ];

    /// The named-policy forms, measured beside `Ours` and `ActixCors`.
    pub(crate) const NAMED: [Variant; 2] = [Variant::Named, Variant::Middleware];

    /// The deployment forms, measured beside `Ours`.
    pub(crate) const DEPLOYED: [Variant; 2] = [Variant::Env, Variant::OriginFn];

    /// The 2026 forms (callgrind only), measured beside `Ours` and `OriginFn`.
    pub(crate) const STANDARDS: [Variant; 2] = [Variant::AnyPort, Variant::OriginFnParsed];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Variant::Named => "named",
            Variant::Middleware => "middleware",
            Variant::Env => "env",
            Variant::OriginFn => "origin-fn",
            Variant::AnyPort => "any-port",
            Variant::OriginFnParsed => "origin-fn-parsed",
            Variant::Plain => "plain",
            Variant::Ours => "ours",
            Variant::PlainResource => "plain-resource",
            Variant::ActixCors => "actix-cors",
            Variant::Floor => "floor",
        }
    }

    pub(crate) fn parse(text: &str) -> Option<Variant> {
        Variant::ALL
            .into_iter()
            .chain(Variant::NAMED)
            .chain(Variant::DEPLOYED)
            .chain(Variant::STANDARDS)
            .find(|v| v.name() == text)
    }
}

/// The request kinds of the reference table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    NoOrigin,
    Allowed,
    Preflight,
    Disallowed,
    /// A preflight from the allowed origin for a header the policy does not list.
    PreflightHeader,
    /// A preflight from the allowed origin for a method the path does not serve.
    PreflightMethod,
    /// A preflight from an origin the policy does not list.
    PreflightStranger,
    /// A WebSocket handshake from an origin the policy does not list, as Chromium sends it
    /// (no `Sec-Fetch-Site`, so `Origin` is compared with `Host`): forged, refused before
    /// the handler by every form of this crate's policy (issue 25).
    HandshakeForged,
    /// The same as Firefox sends it, with `Sec-Fetch-Site: cross-site`.
    HandshakeCrossSite,
}

impl Kind {
    pub(crate) const ALL: [Kind; 4] = [
        Kind::NoOrigin,
        Kind::Allowed,
        Kind::Preflight,
        Kind::Disallowed,
    ];

    /// The refused preflights, measured by `callgrind.sh` only.
    pub(crate) const REFUSED: [Kind; 3] = [
        Kind::PreflightHeader,
        Kind::PreflightMethod,
        Kind::PreflightStranger,
    ];

    /// The forged requests, measured by `callgrind.sh` only.
    pub(crate) const FORGED: [Kind; 2] = [Kind::HandshakeForged, Kind::HandshakeCrossSite];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Kind::HandshakeForged => "handshake-forged",
            Kind::HandshakeCrossSite => "handshake-cross-site",
            Kind::PreflightHeader => "preflight-header",
            Kind::PreflightMethod => "preflight-method",
            Kind::PreflightStranger => "preflight-stranger",
            Kind::NoOrigin => "get-no-origin",
            Kind::Allowed => "get-allowed",
            Kind::Preflight => "preflight",
            Kind::Disallowed => "get-disallowed",
        }
    }

    pub(crate) fn parse(text: &str) -> Option<Kind> {
        Kind::ALL
            .into_iter()
            .chain(Kind::REFUSED)
            .chain(Kind::FORGED)
            .find(|k| k.name() == text)
    }

    /// A fresh request of this kind, for `path`.
    pub(crate) fn request(self, path: &str) -> Request {
        let req = TestRequest::default().uri(path);
        match self {
            Kind::NoOrigin => req.method(Method::GET),
            Kind::Allowed => req.method(Method::GET).insert_header(("origin", ALLOWED)),
            Kind::Disallowed => req
                .method(Method::GET)
                .insert_header(("origin", DISALLOWED)),
            Kind::Preflight => req
                .method(Method::OPTIONS)
                .insert_header(("origin", ALLOWED))
                .insert_header(("access-control-request-method", "GET"))
                .insert_header(("access-control-request-headers", "content-type,x-api-key")),
            Kind::PreflightHeader => req
                .method(Method::OPTIONS)
                .insert_header(("origin", ALLOWED))
                .insert_header(("access-control-request-method", "GET"))
                .insert_header(("access-control-request-headers", "content-type,x-debug")),
            Kind::PreflightMethod => req
                .method(Method::OPTIONS)
                .insert_header(("origin", ALLOWED))
                .insert_header(("access-control-request-method", "DELETE")),
            Kind::PreflightStranger => req
                .method(Method::OPTIONS)
                .insert_header(("origin", DISALLOWED))
                .insert_header(("access-control-request-method", "GET"))
                .insert_header(("access-control-request-headers", "content-type,x-api-key")),
            Kind::HandshakeForged => handshake(req),
            Kind::HandshakeCrossSite => {
                handshake(req).insert_header(("sec-fetch-site", "cross-site"))
            }
        }
        .to_request()
    }
}

/// A WebSocket handshake to `api.example.com` from the disallowed origin.
fn handshake(req: TestRequest) -> TestRequest {
    req.method(Method::GET)
        .insert_header(("host", "api.example.com"))
        .insert_header(("origin", DISALLOWED))
        .insert_header(("upgrade", "websocket"))
        .insert_header(("connection", "Upgrade"))
        .insert_header(("sec-websocket-version", "13"))
        .insert_header(("sec-websocket-key", "dGhlIHNhbXBsZSBub25jZQ=="))
}

/// Registers `variant`'s route on `app`.
pub(crate) fn register<T>(app: App<T>, variant: Variant) -> App<T>
where
    T: actix_web::dev::ServiceFactory<
        actix_web::dev::ServiceRequest,
        Config = (),
        Error = actix_web::Error,
        InitError = (),
    >,
{
    let routes = |resource: actix_web::Resource| resource.route(web::get().to(body));
    match variant {
        Variant::Plain => app.service(plain),
        Variant::Ours => app.service(ours),
        Variant::PlainResource => app.service(routes(web::resource("/bench"))),
        Variant::ActixCors => app.service(routes(web::resource("/bench")).wrap(actix_cors())),
        Variant::Named => app.service(named),
        Variant::Env => {
            deploy();
            app.service(deployed)
        }
        Variant::OriginFn => app.service(tenant),
        Variant::AnyPort => app.service(any_port),
        Variant::OriginFnParsed => app.service(tenant_parsed),
        Variant::Middleware => app.service(
            web::resource("/bench")
                .route(web::get().to(body))
                .wrap(cors_runtime::actix::Cors::from(BENCH_MIDDLEWARE)),
        ),
        Variant::Floor => app.service(
            web::resource("/bench")
                .route(web::get().to(floor::get))
                .route(web::method(Method::OPTIONS).to(floor::preflight)),
        ),
    }
}

/// Builds the app for `variant` (inside an actix runtime).
pub(crate) async fn app(
    variant: Variant,
) -> impl Service<Request, Response = ServiceResponse, Error = actix_web::Error> {
    init_service(register(App::new(), variant)).await
}

fn origins(n: usize) -> Vec<String> {
    (0..n.saturating_sub(1))
        .map(|i| format!("https://site{i:03}.example.com"))
        .chain(std::iter::once(ALLOWED.to_owned()))
        .collect()
}

/// `#[cors]`'s matcher with `n` exact origins, the allowed one sorting last. Built at
/// start-up with the builder, which produces the same sorted list a `#[cors]` attribute does.
pub(crate) async fn ours_with_origins(
    n: usize,
) -> impl Service<Request, Response = ServiceResponse<impl MessageBody>, Error = actix_web::Error> {
    let policy = cors_runtime::Policy::builder()
        .origins(origins(n))
        .credentials(true)
        .methods(["GET"])
        .build()
        .expect("valid policy");
    let resource = web::resource("/bench").wrap(cors_runtime::actix::Cors::new(policy));
    init_service(App::new().service(resource.route(web::get().to(body)))).await
}

/// actix-cors with the same `n` origins.
pub(crate) async fn actix_cors_with_origins(
    n: usize,
) -> impl Service<Request, Response = ServiceResponse<impl MessageBody>, Error = actix_web::Error> {
    let cors = origins(n)
        .iter()
        .fold(actix_cors::Cors::default(), |c, o| c.allowed_origin(o))
        .supports_credentials()
        .allowed_methods(["GET"]);
    let resource = web::resource("/bench").wrap(cors);
    init_service(App::new().service(resource.route(web::get().to(body)))).await
}
