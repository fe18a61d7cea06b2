//! CORS code allocates nothing on an actual request, counted by dhat's global allocator.
//!
//! An annotated route is one actix-web resource whose guards allocate nothing, so it makes
//! exactly as many heap allocations per request as a bare `web::resource(path).to(handler)`
//! (any allocation in the grant breaks that equality), and no more than the same handler
//! under actix-web's own `#[get]`, whose method guard records the method in the request's
//! extensions.

use actix_web::dev::{HttpServiceFactory, Service};
use actix_web::http::header::HeaderValue;
use actix_web::test::{init_service, TestRequest};
use actix_web::web::BytesMut;
use actix_web::{get, web, App, HttpResponse, Responder};
use cors_macros::cors;
use cors_runtime::actix::Cors;
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
    // One service per app, so that every route is matched at the same position.
    let app = init_service(App::new().service(service)).await;
    let request = || {
        let req = TestRequest::get().uri(path);
        match origin {
            Some(origin) => req.insert_header(("origin", as_parsed(origin))),
            None => req,
        }
        .to_request()
    };
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
async fn cors_allocates_nothing_on_actual_requests() {
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
}
