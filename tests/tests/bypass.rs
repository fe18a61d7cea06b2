//! The bypass corpus: the attack classes documented against CORS configurations, each row
//! named by its class, none of them granted, on actual requests and on preflights.

use actix_web::http::{Method, StatusCode};
use actix_web::test::{call_service, init_service, TestRequest};
use actix_web::{get, App, HttpResponse, Responder};
use cors_runtime::cors;
use cors_runtime::Policy;
use tests::cors_header_names;

#[cors(origins = ["https://example.com"], credentials, headers = ["content-type"])]
#[get("/exact")]
async fn exact() -> impl Responder {
    HttpResponse::Ok().body("secret")
}

#[cors(origins = ["https://*.example.com"], credentials, headers = ["content-type"])]
#[get("/pattern")]
async fn pattern() -> impl Responder {
    HttpResponse::Ok().body("secret")
}

#[cors(origins = ["http://localhost:3000"], credentials, headers = ["content-type"])]
#[get("/local")]
async fn local() -> impl Responder {
    HttpResponse::Ok().body("secret")
}

#[cors(origins = ["http://localhost:*"], credentials, headers = ["content-type"])]
#[get("/anyport")]
async fn anyport() -> impl Responder {
    HttpResponse::Ok().body("secret")
}

#[cors(origins = ["https://*.example.com:*"], credentials, headers = ["content-type"])]
#[get("/anyport-pattern")]
async fn anyport_pattern() -> impl Responder {
    HttpResponse::Ok().body("secret")
}

#[cors(origins = env("BYPASS_ANYPORT", default = ["http://localhost:*"]), credentials, headers = ["content-type"])]
#[get("/env/anyport")]
async fn env_anyport() -> impl Responder {
    HttpResponse::Ok().body("secret")
}

#[cors(origins = env("BYPASS_ANYPORT_PATTERN"), credentials, headers = ["content-type"])]
#[get("/env/anyport-pattern")]
async fn env_anyport_pattern() -> impl Responder {
    HttpResponse::Ok().body("secret")
}

// The same policies with their origins supplied by the deployment: every row is run
// against these too, which must refuse exactly as the literal ones do.
#[cors(origins = env("BYPASS_EXACT"), credentials, headers = ["content-type"])]
#[get("/env/exact")]
async fn env_exact() -> impl Responder {
    HttpResponse::Ok().body("secret")
}

#[cors(origins = env("BYPASS_PATTERN"), credentials, headers = ["content-type"])]
#[get("/env/pattern")]
async fn env_pattern() -> impl Responder {
    HttpResponse::Ok().body("secret")
}

#[cors(origins = env("BYPASS_LOCAL", default = ["http://localhost:3000"]), credentials, headers = ["content-type"])]
#[get("/env/local")]
async fn env_local() -> impl Responder {
    HttpResponse::Ok().body("secret")
}

fn deploy() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        cors_runtime::env::supply("BYPASS_EXACT", ["https://example.com"]).unwrap();
        cors_runtime::env::supply("BYPASS_PATTERN", ["https://*.example.com"]).unwrap();
        cors_runtime::env::supply("BYPASS_ANYPORT_PATTERN", ["https://*.example.com:*"]).unwrap();
    });
}

/// (attack class, route, `Origin` value)
const CORPUS: &[(&str, &str, &str)] = &[
    ("origin reflection", "/exact", "https://evil.com"),
    ("origin reflection", "/pattern", "https://evil.com"),
    ("origin reflection", "/local", "https://evil.com"),
    ("suffix match", "/exact", "https://example.com.evil.com"),
    (
        "suffix match",
        "/pattern",
        "https://api.example.com.evil.com",
    ),
    ("suffix match", "/pattern", "https://example.com.evil.com"),
    ("prefix match", "/exact", "https://evilexample.com"),
    ("prefix match", "/pattern", "https://evilexample.com"),
    ("prefix match", "/exact", "https://notexample.com"),
    ("substring match", "/exact", "https://example.co"),
    ("substring match", "/exact", "https://example.comm"),
    ("substring match", "/exact", "https://xample.com"),
    ("scheme downgrade", "/exact", "http://example.com"),
    ("scheme downgrade", "/pattern", "http://api.example.com"),
    ("scheme downgrade", "/local", "https://localhost:3000"),
    ("other scheme", "/exact", "wss://example.com"),
    ("other scheme", "/exact", "file://example.com"),
    ("port confusion", "/exact", "https://example.com:443"),
    ("port confusion", "/exact", "https://example.com:8443"),
    ("port confusion", "/pattern", "https://api.example.com:8443"),
    ("port confusion", "/local", "http://localhost:3001"),
    ("port confusion", "/local", "http://localhost"),
    ("port confusion", "/local", "http://localhost:03000"),
    ("port confusion", "/local", "http://127.0.0.1:3000"),
    (
        "null origin (sandboxed iframe, redirect, file:)",
        "/exact",
        "null",
    ),
    (
        "null origin (sandboxed iframe, redirect, file:)",
        "/pattern",
        "null",
    ),
    (
        "null origin (sandboxed iframe, redirect, file:)",
        "/local",
        "null",
    ),
    ("userinfo", "/exact", "https://user@example.com"),
    ("userinfo", "/exact", "https://example.com@evil.com"),
    ("userinfo", "/pattern", "https://api.example.com@evil.com"),
    (
        "unusual characters",
        "/exact",
        "https://example.com`.evil.com",
    ),
    (
        "unusual characters",
        "/exact",
        "https://example.com%60.evil.com",
    ),
    (
        "unusual characters",
        "/pattern",
        "https://evil.com#.example.com",
    ),
    (
        "unusual characters",
        "/pattern",
        "https://evil.com?.example.com",
    ),
    (
        "unusual characters",
        "/pattern",
        "https://evil.com/.example.com",
    ),
    (
        "unusual characters",
        "/pattern",
        "https://evil.com\\.example.com",
    ),
    (
        "unusual characters",
        "/pattern",
        "https://evil!.example.com",
    ),
    (
        "unusual characters",
        "/pattern",
        "https://evil$.example.com",
    ),
    ("path and trailing slash", "/exact", "https://example.com/"),
    (
        "path and trailing slash",
        "/exact",
        "https://example.com/.evil.com",
    ),
    ("case tricks", "/exact", "https://EXAMPLE.com"),
    ("case tricks", "/exact", "HTTPS://example.com"),
    ("case tricks", "/pattern", "https://API.example.com"),
    ("trailing dot", "/exact", "https://example.com."),
    ("trailing dot", "/pattern", "https://api.example.com."),
    ("whitespace", "/exact", " https://example.com"),
    ("whitespace", "/exact", "https://example.com\t"),
    (
        "several origins in one header",
        "/exact",
        "https://example.com https://evil.com",
    ),
    (
        "several origins in one header",
        "/exact",
        "https://example.com, https://evil.com",
    ),
    (
        "homograph (Cyrillic a)",
        "/exact",
        "https://ex\u{430}mple.com",
    ),
    (
        "homograph (punycode)",
        "/exact",
        "https://xn--exmple-cua.com",
    ),
    (
        "wildcard stretched: bare domain",
        "/pattern",
        "https://example.com",
    ),
    (
        "wildcard stretched: empty label",
        "/pattern",
        "https://.example.com",
    ),
    (
        "wildcard stretched: empty label",
        "/pattern",
        "https://a..example.com",
    ),
    (
        "wildcard stretched: literal star",
        "/pattern",
        "https://*.example.com",
    ),
    ("empty origin", "/exact", ""),
    (
        "any port: host stretched",
        "/anyport",
        "http://localhost.evil.com:5173",
    ),
    (
        "any port: host stretched",
        "/anyport",
        "http://evil-localhost:5173",
    ),
    (
        "any port: port as a label",
        "/anyport",
        "http://localhost:5173.evil.com",
    ),
    (
        "any port: six-digit port",
        "/anyport",
        "http://localhost:517300",
    ),
    (
        "any port: out of range",
        "/anyport",
        "http://localhost:65536",
    ),
    ("any port: port zero", "/anyport", "http://localhost:0"),
    (
        "any port: leading zero",
        "/anyport",
        "http://localhost:05173",
    ),
    ("any port: empty port", "/anyport", "http://localhost:"),
    ("any port: two ports", "/anyport", "http://localhost:1:2"),
    ("any port: scheme", "/anyport", "https://localhost:5173"),
    (
        "any port: userinfo",
        "/anyport",
        "http://localhost:5173@evil.com",
    ),
    ("any port: path", "/anyport", "http://localhost:5173/"),
    (
        "any port: other loopback",
        "/anyport",
        "http://127.0.0.1:5173",
    ),
    ("any port: literal star", "/anyport", "http://localhost:*"),
    (
        "any port: bare domain",
        "/anyport-pattern",
        "https://example.com:8443",
    ),
    (
        "any port: suffix",
        "/anyport-pattern",
        "https://api.example.com.evil.com:8443",
    ),
    (
        "any port: port as a label",
        "/anyport-pattern",
        "https://api.example.com:8443.evil.com",
    ),
    (
        "any port: six-digit port",
        "/anyport-pattern",
        "https://api.example.com:844300",
    ),
    (
        "any port: scheme",
        "/anyport-pattern",
        "http://api.example.com:8443",
    ),
    (
        "any port: empty label",
        "/anyport-pattern",
        "https://.example.com:8443",
    ),
];

macro_rules! app {
    () => {{
        deploy();
        init_service(
            App::new()
                .service(exact)
                .service(pattern)
                .service(local)
                .service(env_exact)
                .service(env_pattern)
                .service(env_local)
                .service(anyport)
                .service(anyport_pattern)
                .service(env_anyport)
                .service(env_anyport_pattern),
        )
        .await
    }};
}

/// Each route of the corpus, and its twin whose origins the deployment supplies.
fn both(path: &str) -> [String; 2] {
    [path.to_owned(), format!("/env{path}")]
}

fn origin_request(req: TestRequest, origin: &str) -> TestRequest {
    // `HeaderValue` takes any byte but controls; the `Origin` goes on raw.
    req.insert_header((
        "origin",
        actix_web::http::header::HeaderValue::from_bytes(origin.as_bytes()).unwrap(),
    ))
}

#[actix_web::test]
async fn no_row_of_the_corpus_is_granted() {
    let app = app!();
    for (class, path, origin) in CORPUS
        .iter()
        .flat_map(|(c, p, o)| both(p).map(|p| (c, p, o)))
    {
        let path = path.as_str();
        let actual = origin_request(TestRequest::get().uri(path), origin).to_request();
        let res = call_service(&app, actual).await;
        assert_eq!(res.status(), StatusCode::OK, "{class}: {origin:?}");
        assert_eq!(
            cors_header_names(&res),
            Vec::<String>::new(),
            "{class}: {origin:?} on {path} got a grant"
        );

        let preflight = origin_request(
            TestRequest::default().method(Method::OPTIONS).uri(path),
            origin,
        )
        .insert_header(("access-control-request-method", "GET"))
        .insert_header(("access-control-request-headers", "content-type"))
        .to_request();
        let res = call_service(&app, preflight).await;
        assert_eq!(
            res.status(),
            StatusCode::FORBIDDEN,
            "{class}: {origin:?} on {path}"
        );
        assert_eq!(
            cors_header_names(&res),
            Vec::<String>::new(),
            "{class}: {origin:?}"
        );
    }
}

#[actix_web::test]
async fn the_report_shows_any_port_entries_as_written() {
    let _app = app!();
    let report = cors_runtime::report().to_string();
    assert!(report.contains("http://localhost:*"), "{report}");
    assert!(report.contains("https://*.example.com:*"), "{report}");
}

#[actix_web::test]
async fn two_origin_headers_are_not_granted() {
    let app = app!();
    let req = TestRequest::get()
        .uri("/exact")
        .append_header(("origin", "https://example.com"))
        .append_header(("origin", "https://evil.com"))
        .to_request();
    let res = call_service(&app, req).await;
    assert_eq!(cors_header_names(&res), Vec::<String>::new());
}

#[actix_web::test]
async fn the_same_routes_grant_their_own_origins() {
    // The same routes do grant their own origins, so every row above is refused for what
    // it is, not because nothing is ever granted.
    let app = app!();
    let cases = [
        ("/exact", "https://example.com"),
        ("/pattern", "https://api.example.com"),
        ("/pattern", "https://a.b.example.com"),
        ("/local", "http://localhost:3000"),
        ("/anyport", "http://localhost:5173"),
        ("/anyport", "http://localhost:3000"),
        ("/anyport", "http://localhost:65535"),
        ("/anyport", "http://localhost"),
        ("/anyport-pattern", "https://api.example.com"),
        ("/anyport-pattern", "https://api.example.com:8443"),
        ("/anyport-pattern", "https://a.b.example.com:1"),
    ];
    for (path, origin) in cases.iter().flat_map(|(p, o)| both(p).map(|p| (p, *o))) {
        let path = path.as_str();
        let res = call_service(
            &app,
            origin_request(TestRequest::get().uri(path), origin).to_request(),
        )
        .await;
        assert_eq!(
            res.headers()
                .get("access-control-allow-origin")
                .map(actix_web::http::header::HeaderValue::as_bytes),
            Some(origin.as_bytes()),
            "{origin} on {path}"
        );
    }
}

#[test]
fn wildcards_over_public_suffixes_are_rejected() {
    for wildcard in [
        "https://*.com",
        "https://*.co.uk",
        "https://*.github.io",
        "https://*.herokuapp.com",
        "https://*.s3.amazonaws.com",
        "https://*example.com",
        "https://api.*.example.com",
        "https://*",
    ] {
        assert!(
            Policy::builder().origins([wildcard]).build().is_err(),
            "{wildcard} was accepted"
        );
    }
}
