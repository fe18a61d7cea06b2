//! CORS code allocates nothing on any request kind, counted by dhat's global allocator.
//!
//! An annotated route is one actix-web resource whose guards allocate nothing, so it makes
//! exactly as many heap allocations per request as a bare `web::resource(path).to(handler)`
//! (any allocation in the grant breaks that equality), and no more than the same handler
//! under actix-web's own `#[get]`, whose method guard records the method in the request's
//! extensions. Its preflight answers, granted or refused, allocate exactly as many blocks as
//! the same answers written by hand into a bare resource.

use actix_http::Request;
use actix_web::dev::{HttpServiceFactory, Service};
use actix_web::http::header::{
    HeaderValue, ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_METHODS,
    ACCESS_CONTROL_ALLOW_ORIGIN, CONTENT_TYPE, VARY,
};
use actix_web::http::Method;
use actix_web::test::{init_service, TestRequest};
use actix_web::web::BytesMut;
use actix_web::{get, web, App, HttpResponse, Responder};
use cors_runtime::actix::Cors;
use cors_runtime::cors;
use cors_runtime::Policy;

#[global_allocator]
static ALLOC: dhat::Alloc = dhat::Alloc;

#[get("/plain")]
async fn plain() -> impl Responder {
    HttpResponse::Ok().body("hello")
}

#[cors(origins = ["https://app.example.com", "https://admin.example.com"], credentials, expose = ["x-id"])]
#[get("/exact")]
async fn exact() -> impl Responder {
    HttpResponse::Ok().body("hello")
}

#[cors(origins = ["https://*.example.com"], credentials)]
#[get("/pattern")]
async fn pattern() -> impl Responder {
    HttpResponse::Ok().body("hello")
}

#[cors(origins = ["https://app.example.com:*"], credentials)]
#[get("/any-port")]
async fn any_port() -> impl Responder {
    HttpResponse::Ok().body("hello")
}

/// A predicate over the parsed origin that allocates nothing itself.
fn is_app(origin: &cors_runtime::Origin<'_>) -> bool {
    origin.host() == "app.example.com"
}

#[cors(origins = [], origin_fn = is_app, credentials)]
#[get("/parsed")]
async fn parsed() -> impl Responder {
    HttpResponse::Ok().body("hello")
}

#[get("/plain-extract/{id}")]
async fn plain_extract(id: web::Path<u32>) -> impl Responder {
    extract_body(id).await
}

async fn extract_body(id: web::Path<u32>) -> HttpResponse {
    HttpResponse::Ok().body(id.to_string())
}

#[cors(origins = ["https://app.example.com"], credentials)]
#[get("/extract/{id}")]
async fn extract(id: web::Path<u32>) -> impl Responder {
    HttpResponse::Ok().body(id.to_string())
}

async fn body() -> HttpResponse {
    HttpResponse::Ok().body("hello")
}

const REQUESTS: u64 = 200;

/// A header value backed the way actix-web's HTTP/1 parser backs it: a slice of the shared
/// read buffer, so that a grant reusing it is a reference-count increment. (A value built
/// from a `&str`, as `TestRequest` does, owns a `Vec`, and its first clone allocates to
/// become shared: a cost of the test request, not of CORS.)
fn as_parsed(value: &str) -> HeaderValue {
    let mut buffer = BytesMut::from(value);
    let shared = buffer.split().freeze();
    HeaderValue::from_maybe_shared(shared).expect("a valid header value")
}

/// Heap blocks allocated per request to `path` from `origin` by an app holding only
/// `service`, after a warm-up, not counting the building of the requests.
async fn per_request<F>(service: F, path: &str, origin: Option<&str>) -> u64
where
    F: HttpServiceFactory + 'static,
{
    blocks_per_request(service, || {
        let req = TestRequest::get().uri(path);
        match origin {
            Some(origin) => req.insert_header(("origin", as_parsed(origin))),
            None => req,
        }
        .to_request()
    })
    .await
}

/// Heap blocks allocated per preflight for `GET` to `path` from `origin`.
async fn per_preflight<F>(service: F, path: &str, origin: &str) -> u64
where
    F: HttpServiceFactory + 'static,
{
    blocks_per_request(service, || {
        TestRequest::default()
            .method(Method::OPTIONS)
            .uri(path)
            .insert_header(("origin", as_parsed(origin)))
            .insert_header(("access-control-request-method", as_parsed("GET")))
            .to_request()
    })
    .await
}

/// Heap blocks allocated per preflight asking for `method` and `headers`.
async fn per_preflight_asking<F>(
    service: F,
    path: &str,
    origin: &str,
    method: &str,
    headers: &str,
) -> u64
where
    F: HttpServiceFactory + 'static,
{
    blocks_per_request(service, || {
        TestRequest::default()
            .method(Method::OPTIONS)
            .uri(path)
            .insert_header(("origin", as_parsed(origin)))
            .insert_header(("access-control-request-method", as_parsed(method)))
            .insert_header(("access-control-request-headers", as_parsed(headers)))
            .to_request()
    })
    .await
}

async fn blocks_per_request<F>(service: F, request: impl Fn() -> Request) -> u64
where
    F: HttpServiceFactory + 'static,
{
    // One service per app, so that every route is matched at the same position.
    let app = init_service(App::new().service(service)).await;
    for _ in 0..20 {
        drop(app.call(request()).await);
    }
    let requests: Vec<_> = (0..REQUESTS).map(|_| request()).collect();
    let before = dhat::HeapStats::get().total_blocks;
    for req in requests {
        drop(app.call(req).await);
    }
    (dhat::HeapStats::get().total_blocks - before) / REQUESTS
}

/// `exact`'s preflight answer written by hand: the same status and headers, in a `204`.
async fn granted_by_hand() -> HttpResponse {
    let mut res = HttpResponse::NoContent().finish();
    let out = res.headers_mut();
    allowances(out);
    res
}

/// What `exact`'s preflight answers tell an allowed origin, by hand: the grant, its methods
/// and `Vary`.
fn allowances(out: &mut actix_web::http::header::HeaderMap) {
    out.insert(
        ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("https://app.example.com"),
    );
    out.insert(
        ACCESS_CONTROL_ALLOW_CREDENTIALS,
        HeaderValue::from_static("true"),
    );
    out.insert(
        ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("GET"),
    );
    out.insert(
        VARY,
        HeaderValue::from_static("Origin, Access-Control-Request-Method"),
    );
}

/// `exact`'s refusal written by hand: `403`, a short reason, its type and `Vary`.
async fn refused_by_hand() -> HttpResponse {
    let mut res = HttpResponse::Forbidden().body("origin not allowed");
    let out = res.headers_mut();
    out.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    out.insert(
        VARY,
        HeaderValue::from_static("Origin, Access-Control-Request-Method"),
    );
    res
}

/// `exact`'s answer to an allowed origin that asks for more, written by hand: `200`, the
/// reason, the grant and what is allowed.
async fn explained_by_hand() -> HttpResponse {
    let mut res = HttpResponse::Ok().body("request header not allowed");
    let out = res.headers_mut();
    out.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    allowances(out);
    res
}

fn run_time_policy() -> Cors {
    let policy = Policy::builder()
        .origins(["https://app.example.com"])
        .credentials(true)
        .methods(["GET"])
        .build()
        .expect("valid policy");
    Cors::new(policy)
}

#[actix_web::test]
async fn cors_code_allocates_nothing() {
    let _profiler = dhat::Profiler::builder().testing().build();
    for (origin, what) in [
        (None, "no Origin"),
        (Some("https://app.example.com"), "allowed origin"),
        (Some("https://evil.example.net"), "disallowed origin"),
    ] {
        let bare = || web::resource("/bare").to(body);
        let base = per_request(bare(), "/bare", origin).await;
        let exact_blocks = per_request(exact, "/exact", origin).await;
        assert_eq!(exact_blocks, base, "exact, {what}");
        assert!(
            exact_blocks <= per_request(plain, "/plain", origin).await,
            "exact against #[get], {what}"
        );
        let pattern_origin = origin.map(|o| o.replace("app.", "api."));
        assert_eq!(
            per_request(pattern, "/pattern", pattern_origin.as_deref()).await,
            base,
            "pattern, {what}"
        );
        assert_eq!(
            per_request(any_port, "/any-port", origin).await,
            base,
            "any-port entry, {what}"
        );
        assert_eq!(
            per_request(parsed, "/parsed", origin).await,
            base,
            "origin_fn over the parsed origin, {what}"
        );
        let bare_extract = web::resource("/bare-extract/{id}").to(extract_body);
        let extract_blocks = per_request(extract, "/extract/7", origin).await;
        assert_eq!(
            extract_blocks,
            per_request(bare_extract, "/bare-extract/7", origin).await,
            "extractor, {what}"
        );
        assert!(
            extract_blocks <= per_request(plain_extract, "/plain-extract/7", origin).await,
            "extractor against #[get], {what}"
        );
        let resource = || web::resource("/resource").route(web::get().to(body));
        assert_eq!(
            per_request(resource().wrap(run_time_policy()), "/resource", origin).await,
            per_request(resource(), "/resource", origin).await,
            "run-time policy middleware, {what}"
        );
    }
    // A preflight allocates exactly what the same answer written by hand into a bare
    // resource does: the grant's values are prepared, the refusal's reason is `'static`.
    assert_eq!(
        per_preflight(exact, "/exact", "https://app.example.com").await,
        per_preflight(
            web::resource("/bare").to(granted_by_hand),
            "/bare",
            "https://app.example.com"
        )
        .await,
        "granted preflight"
    );
    assert_eq!(
        per_preflight(exact, "/exact", "https://evil.example.net").await,
        per_preflight(
            web::resource("/bare").to(refused_by_hand),
            "/bare",
            "https://evil.example.net"
        )
        .await,
        "refused preflight"
    );
    // An allowed origin asking for more is told what is allowed, from prepared values too:
    // a header nobody listed, and a method no route on the path serves (the path's methods
    // are read once, at the first such preflight).
    let by_hand = per_preflight_asking(
        web::resource("/bare").to(explained_by_hand),
        "/bare",
        "https://app.example.com",
        "DELETE",
        "x-debug",
    )
    .await;
    for (method, headers) in [("GET", "x-debug"), ("DELETE", "")] {
        assert_eq!(
            per_preflight_asking(exact, "/exact", "https://app.example.com", method, headers).await,
            by_hand,
            "explained refusal: {method} {headers}"
        );
    }
    // The middleware answers without running the resource's route at all: no more.
    let resource = || web::resource("/resource").route(web::get().to(body));
    assert!(
        per_preflight_asking(
            resource().wrap(run_time_policy()),
            "/resource",
            "https://app.example.com",
            "DELETE",
            ""
        )
        .await
            <= by_hand,
        "explained refusal, run-time policy middleware"
    );
}
