//! What annotated routes send, asserted header by header, through `actix_web::test`.

use std::sync::atomic::{AtomicUsize, Ordering};

use actix_web::http::header::HeaderValue;
use actix_web::http::{Method, StatusCode};
use actix_web::{delete, get, patch, post, put, route, test, web, App, HttpResponse, Responder};
use cors_runtime::cors;
use tests::{actual, assert_explained, cors_header_names, header, preflight, values};

const APP: &str = "https://app.example.com";

static ME_CALLS: AtomicUsize = AtomicUsize::new(0);

#[cors(origins = ["https://app.example.com", "https://admin.example.com"], credentials, headers = ["content-type", "x-api-key"], max_age = 600)]
#[get("/api/me")]
async fn me() -> impl Responder {
    ME_CALLS.fetch_add(1, Ordering::SeqCst);
    HttpResponse::Ok().body("me")
}

#[cors(origins = ["https://app.example.com"], credentials, headers = ["content-type"], expose = ["x-request-id"])]
#[put("/api/items")]
async fn put_item(body: web::Json<Item>) -> impl Responder {
    HttpResponse::Ok()
        .insert_header(("x-request-id", "42"))
        .body(body.0.name)
}

#[cors(origins = ["*"], expose = ["x-count"])]
#[get("/api/public")]
async fn public() -> impl Responder {
    HttpResponse::Ok()
        .insert_header(("x-count", "7"))
        .body("public")
}

#[cors(origins = ["https://*.example.org"])]
#[get("/api/pattern")]
async fn pattern() -> impl Responder {
    HttpResponse::Ok().body("pattern")
}

#[cors(origins = ["null"])]
#[get("/api/null")]
async fn null_allowed() -> impl Responder {
    HttpResponse::Ok().body("null")
}

#[cors(origins = ["https://app.example.com"], credentials)]
#[get("/api/vary")]
async fn own_vary() -> impl Responder {
    HttpResponse::Ok()
        .insert_header(("Vary", "Accept-Encoding"))
        .body("vary")
}

// A handler that answers CORS itself, for one partner, keeps its answer.
#[cors(origins = ["https://app.example.com"], credentials, expose = ["x-request-id"])]
#[get("/api/self-answered")]
async fn self_answered() -> impl Responder {
    HttpResponse::Ok()
        .insert_header(("Access-Control-Allow-Origin", "https://partner.example.com"))
        .body("mine")
}

#[derive(Debug)]
struct Teapot;

impl std::fmt::Display for Teapot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("short and stout")
    }
}

impl actix_web::ResponseError for Teapot {
    fn status_code(&self) -> StatusCode {
        StatusCode::IM_A_TEAPOT
    }
}

#[cors(origins = ["https://app.example.com"], credentials)]
#[get("/api/fails")]
async fn fails() -> Result<HttpResponse, Teapot> {
    Err(Teapot)
}

#[cors(origins = ["https://app.example.com"], credentials)]
#[get("/api/missing")]
async fn missing() -> impl Responder {
    HttpResponse::NotFound().body("no such thing")
}

#[cors(origins = ["https://app.example.com"], credentials)]
#[get("/api/broken")]
async fn broken() -> impl Responder {
    HttpResponse::InternalServerError().body("boom")
}

// Two methods on one path with different policies: each answers its own preflights.
#[cors(origins = ["https://reader.example.com"])]
#[get("/feed")]
async fn read_feed() -> impl Responder {
    HttpResponse::Ok().body("feed")
}

#[cors(origins = ["https://writer.example.com"], headers = ["content-type"])]
#[post("/feed")]
async fn write_feed() -> impl Responder {
    HttpResponse::Created().body("posted")
}

#[cors(origins = ["https://app.example.com"], headers = ["x-token"])]
#[route("/multi", method = "GET", method = "DELETE")]
async fn multi() -> impl Responder {
    HttpResponse::Ok().body("multi")
}

#[cors(origins = ["https://app.example.com"])]
#[patch("/patchy")]
async fn patchy() -> impl Responder {
    HttpResponse::Ok().body("patched")
}

// Private Network Access is retired (a warning): kept working for who still needs it.
#[allow(deprecated)]
#[cors(origins = ["https://app.example.com"], private_network)]
#[delete("/pna")]
async fn pna() -> impl Responder {
    HttpResponse::Ok().body("pna")
}

#[cors(origins = ["https://app.example.com"])]
#[delete("/no-pna")]
async fn no_pna() -> impl Responder {
    HttpResponse::Ok().body("no pna")
}

#[derive(serde::Deserialize)]
struct Item {
    name: String,
}

macro_rules! app {
    () => {
        test::init_service(
            App::new()
                .service(me)
                .service(put_item)
                .service(public)
                .service(pattern)
                .service(null_allowed)
                .service(own_vary)
                .service(self_answered)
                .service(fails)
                .service(missing)
                .service(broken)
                .service(read_feed)
                .service(write_feed)
                .service(multi)
                .service(patchy)
                .service(pna)
                .service(no_pna),
        )
        .await
    };
}

#[actix_web::test]
async fn allowed_origin_gets_its_own_origin_back_with_credentials() {
    let app = app!();
    let res =
        test::call_service(&app, actual(Method::GET, "/api/me", Some(APP)).to_request()).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        header(&res, "access-control-allow-origin").as_deref(),
        Some(APP)
    );
    assert_eq!(
        header(&res, "access-control-allow-credentials").as_deref(),
        Some("true")
    );
    assert_eq!(values(&res, "vary"), ["Origin"]);
    assert_eq!(
        cors_header_names(&res),
        [
            "access-control-allow-credentials",
            "access-control-allow-origin"
        ],
        "no expose, methods or headers on an actual response that configures none"
    );
    let other = "https://admin.example.com";
    let res = test::call_service(
        &app,
        actual(Method::GET, "/api/me", Some(other)).to_request(),
    )
    .await;
    assert_eq!(
        header(&res, "access-control-allow-origin").as_deref(),
        Some(other)
    );
}

#[actix_web::test]
async fn exposed_headers_are_listed_on_actual_responses() {
    let app = app!();
    let req = actual(Method::PUT, "/api/items", Some(APP))
        .insert_header(("content-type", "application/json"))
        .set_payload(r#"{"name":"lamp"}"#)
        .to_request();
    let res = test::call_service(&app, req).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        header(&res, "access-control-expose-headers").as_deref(),
        Some("x-request-id")
    );
    assert_eq!(
        header(&res, "access-control-allow-origin").as_deref(),
        Some(APP)
    );
}

#[actix_web::test]
async fn error_responses_carry_the_grant() {
    let app = app!();
    for (uri, status) in [
        ("/api/fails", StatusCode::IM_A_TEAPOT),
        ("/api/missing", StatusCode::NOT_FOUND),
        ("/api/broken", StatusCode::INTERNAL_SERVER_ERROR),
    ] {
        let res = test::call_service(&app, actual(Method::GET, uri, Some(APP)).to_request()).await;
        assert_eq!(res.status(), status, "{uri}");
        assert_eq!(
            header(&res, "access-control-allow-origin").as_deref(),
            Some(APP),
            "{uri}"
        );
        assert_eq!(
            header(&res, "access-control-allow-credentials").as_deref(),
            Some("true"),
            "{uri}"
        );
        assert_eq!(values(&res, "vary"), ["Origin"], "{uri}");
    }
}

#[actix_web::test]
async fn extractor_failures_carry_the_grant() {
    // A JSON body the handler cannot parse is answered 400 by actix-web before the handler
    // runs; the frontend still needs to read why.
    let app = app!();
    let req = actual(Method::PUT, "/api/items", Some(APP))
        .insert_header(("content-type", "application/json"))
        .set_payload("{not json")
        .to_request();
    let res = test::call_service(&app, req).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        header(&res, "access-control-allow-origin").as_deref(),
        Some(APP)
    );
    assert_eq!(
        header(&res, "access-control-expose-headers").as_deref(),
        Some("x-request-id")
    );
}

#[actix_web::test]
async fn requests_without_origin_still_vary_on_origin() {
    let app = app!();
    let res = test::call_service(&app, actual(Method::GET, "/api/me", None).to_request()).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(values(&res, "vary"), ["Origin"]);
    assert!(cors_header_names(&res).is_empty());
}

#[actix_web::test]
async fn vary_is_appended_to_the_handlers_own() {
    let app = app!();
    let res = test::call_service(
        &app,
        actual(Method::GET, "/api/vary", Some(APP)).to_request(),
    )
    .await;
    assert_eq!(values(&res, "vary"), ["Accept-Encoding", "Origin"]);
    assert_eq!(
        header(&res, "access-control-allow-origin").as_deref(),
        Some(APP)
    );
}

#[actix_web::test]
async fn a_handlers_own_allow_origin_is_kept_and_not_extended() {
    let app = app!();
    let res = test::call_service(
        &app,
        actual(Method::GET, "/api/self-answered", Some(APP)).to_request(),
    )
    .await;
    assert_eq!(
        values(&res, "access-control-allow-origin"),
        ["https://partner.example.com"]
    );
    // The grant is the handler's, so none of ours is added beside it.
    assert_eq!(cors_header_names(&res), ["access-control-allow-origin"]);
    assert_eq!(values(&res, "vary"), ["Origin"]);
}

#[actix_web::test]
async fn disallowed_origin_runs_the_handler_and_grants_nothing() {
    let app = app!();
    let before = ME_CALLS.load(Ordering::SeqCst);
    let res = test::call_service(
        &app,
        actual(Method::GET, "/api/me", Some("https://evil.example")).to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        ME_CALLS.load(Ordering::SeqCst) > before,
        "the handler runs: same-origin requests carry Origin too"
    );
    assert!(cors_header_names(&res).is_empty(), "{:?}", res.headers());
    assert_eq!(values(&res, "vary"), ["Origin"]);
    assert_eq!(test::read_body(res).await, "me");
}

#[actix_web::test]
async fn malformed_origins_get_no_grant() {
    let app = app!();
    let two = actual(Method::GET, "/api/me", Some(APP))
        .append_header(("Origin", "https://admin.example.com"))
        .to_request();
    let non_ascii = actual(Method::GET, "/api/me", None)
        .insert_header((
            "Origin",
            HeaderValue::from_bytes(b"https://app.example.com\xff").unwrap(),
        ))
        .to_request();
    let look_alikes = [
        "https://app.example.com/",
        "https://app.example.com:443",
        "HTTPS://APP.EXAMPLE.COM",
        "https://app.example.com.evil.example",
        "http://app.example.com",
        "",
        "null",
    ];
    let mut requests = vec![two, non_ascii];
    requests.extend(
        look_alikes
            .iter()
            .map(|o| actual(Method::GET, "/api/me", Some(o)).to_request()),
    );
    for req in requests {
        let shown = format!(
            "{:?}",
            req.head().headers().get_all("origin").collect::<Vec<_>>()
        );
        let res = test::call_service(&app, req).await;
        assert_eq!(res.status(), StatusCode::OK, "{shown}");
        assert!(
            cors_header_names(&res).is_empty(),
            "{shown}: {:?}",
            res.headers()
        );
        assert_eq!(values(&res, "vary"), ["Origin"], "{shown}");
    }
}

#[actix_web::test]
async fn any_origin_answers_star_without_vary_or_credentials() {
    let app = app!();
    for origin in [Some("https://anyone.example"), Some("null"), None] {
        let res = test::call_service(
            &app,
            actual(Method::GET, "/api/public", origin).to_request(),
        )
        .await;
        assert_eq!(
            header(&res, "access-control-allow-origin").as_deref(),
            Some("*"),
            "{origin:?}"
        );
        assert_eq!(header(&res, "access-control-allow-credentials"), None);
        assert_eq!(
            header(&res, "access-control-expose-headers").as_deref(),
            Some("x-count")
        );
        assert!(
            values(&res, "vary").is_empty(),
            "the same answer for everyone needs no Vary"
        );
    }
}

#[actix_web::test]
async fn origin_patterns_and_null_echo_the_request_origin() {
    let app = app!();
    let res = test::call_service(
        &app,
        actual(Method::GET, "/api/pattern", Some("https://a.b.example.org")).to_request(),
    )
    .await;
    assert_eq!(
        header(&res, "access-control-allow-origin").as_deref(),
        Some("https://a.b.example.org")
    );
    for refused in [
        "https://example.org",
        "https://evilexample.org",
        "http://a.example.org",
        "https://a.example.org:8443",
    ] {
        let res = test::call_service(
            &app,
            actual(Method::GET, "/api/pattern", Some(refused)).to_request(),
        )
        .await;
        assert!(cors_header_names(&res).is_empty(), "{refused}");
    }
    let res = test::call_service(
        &app,
        actual(Method::GET, "/api/null", Some("null")).to_request(),
    )
    .await;
    assert_eq!(
        header(&res, "access-control-allow-origin").as_deref(),
        Some("null")
    );
}

#[actix_web::test]
async fn preflight_is_answered_without_running_the_handler() {
    let app = app!();
    let before = ME_CALLS.load(Ordering::SeqCst);
    let res = test::call_service(
        &app,
        preflight("/api/me", APP, "GET", "content-type,x-api-key").to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        ME_CALLS.load(Ordering::SeqCst),
        before,
        "a preflight never runs the handler"
    );
    assert_eq!(
        header(&res, "access-control-allow-origin").as_deref(),
        Some(APP)
    );
    assert_eq!(
        header(&res, "access-control-allow-credentials").as_deref(),
        Some("true")
    );
    assert_eq!(
        header(&res, "access-control-allow-methods").as_deref(),
        Some("GET")
    );
    assert_eq!(
        header(&res, "access-control-allow-headers").as_deref(),
        Some("content-type, x-api-key")
    );
    assert_eq!(
        header(&res, "access-control-max-age").as_deref(),
        Some("600")
    );
    assert_eq!(
        values(&res, "vary"),
        ["Origin, Access-Control-Request-Method, Access-Control-Request-Headers"]
    );
    assert_eq!(header(&res, "access-control-expose-headers"), None);
}

#[actix_web::test]
async fn preflight_tolerates_spaces_case_and_repeated_request_headers() {
    let app = app!();
    let res = test::call_service(
        &app,
        preflight("/api/me", APP, "GET", " Content-Type ,  X-API-Key").to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let split = preflight("/api/me", APP, "GET", "content-type")
        .append_header(("Access-Control-Request-Headers", "x-api-key"))
        .to_request();
    let res = test::call_service(&app, split).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let no_headers =
        test::call_service(&app, preflight("/api/me", APP, "GET", "").to_request()).await;
    assert_eq!(no_headers.status(), StatusCode::NO_CONTENT);
}

async fn assert_refused(res: actix_web::dev::ServiceResponse, reason: &str) {
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(cors_header_names(&res).is_empty(), "{:?}", res.headers());
    assert_eq!(
        values(&res, "vary"),
        ["Origin, Access-Control-Request-Method, Access-Control-Request-Headers"]
    );
    assert_eq!(
        header(&res, "content-type").as_deref(),
        Some("text/plain; charset=utf-8")
    );
    assert_eq!(test::read_body(res).await, reason);
}

#[actix_web::test]
async fn an_allowed_origin_is_told_what_is_allowed_when_it_asks_for_more() {
    let app = app!();
    let res = test::call_service(
        &app,
        preflight("/api/items", APP, "PUT", "content-type,x-debug").to_request(),
    )
    .await;
    assert_explained(&res, APP, "PUT", &["content-type", "x-debug"]);
    assert_eq!(
        header(&res, "access-control-allow-headers").as_deref(),
        Some("content-type")
    );
    assert_eq!(
        header(&res, "access-control-allow-credentials").as_deref(),
        Some("true")
    );
    assert_eq!(
        values(&res, "vary"),
        ["Origin, Access-Control-Request-Method, Access-Control-Request-Headers"]
    );
    assert_eq!(test::read_body(res).await, "request header not allowed");
}

#[actix_web::test]
async fn a_safelisted_method_or_a_star_cannot_explain_so_the_status_refuses() {
    let app = app!();
    // `GET` needs no listing, so lists alone would let the browser through: the grant goes
    // with a `403`, and Chromium says the preflight "does not have HTTP ok status".
    let res = test::call_service(
        &app,
        preflight("/api/me", APP, "GET", "content-type,authorization").to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK, "headers can explain a GET");
    let res = test::call_service(
        &app,
        preflight("/api/items", APP, "POST", "content-type").to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        header(&res, "access-control-allow-origin").as_deref(),
        Some(APP)
    );
    assert_eq!(header(&res, "access-control-allow-methods"), None);
    assert_eq!(test::read_body(res).await, "method not allowed");
}

#[actix_web::test]
async fn preflight_refusals_are_403_with_no_grant_and_a_reason() {
    let app = app!();
    let res = test::call_service(
        &app,
        preflight("/api/me", "https://evil.example", "GET", "").to_request(),
    )
    .await;
    assert_refused(res, "origin not allowed").await;
    let res = test::call_service(
        &app,
        preflight("/api/me", "https://app.example.com/", "GET", "").to_request(),
    )
    .await;
    assert_refused(res, "origin not allowed").await;
    let res = test::call_service(
        &app,
        preflight("/api/me", APP, "GET", "bad header").to_request(),
    )
    .await;
    assert_refused(res, "malformed Access-Control-Request-Headers").await;
    let no_origin = test::TestRequest::default()
        .method(Method::OPTIONS)
        .uri("/api/me")
        .insert_header(("Access-Control-Request-Method", "GET"))
        .to_request();
    assert_refused(
        test::call_service(&app, no_origin).await,
        "no Origin header",
    )
    .await;
}

#[actix_web::test]
async fn preflight_for_a_method_the_path_does_not_serve_says_what_it_serves() {
    let app = app!();
    for method in ["DELETE", "PUT", "get"] {
        let res =
            test::call_service(&app, preflight("/api/me", APP, method, "").to_request()).await;
        assert_explained(&res, APP, method, &[]);
        assert_eq!(
            header(&res, "access-control-allow-methods").as_deref(),
            Some("GET"),
            "{method}"
        );
        // A stranger still learns nothing.
        let res = test::call_service(
            &app,
            preflight("/api/me", "https://evil.example", method, "").to_request(),
        )
        .await;
        assert!(cors_header_names(&res).is_empty(), "{method}");
    }
    // Methods are compared case-sensitively, as browsers do: `fetch(u, {method: "patch"})`
    // sends `patch`, which `#[patch]` does not serve.
    let res = test::call_service(&app, preflight("/patchy", APP, "patch", "").to_request()).await;
    assert_explained(&res, APP, "patch", &[]);
    let res = test::call_service(&app, preflight("/patchy", APP, "PATCH", "").to_request()).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        header(&res, "access-control-allow-methods").as_deref(),
        Some("PATCH")
    );
}

#[actix_web::test]
async fn options_without_request_method_is_not_a_preflight() {
    let app = app!();
    let req = actual(Method::OPTIONS, "/api/me", Some(APP)).to_request();
    let res = test::call_service(&app, req).await;
    assert_ne!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(header(&res, "access-control-allow-methods"), None);
}

#[actix_web::test]
async fn each_method_on_a_path_answers_its_own_preflight() {
    let app = app!();
    let writer = "https://writer.example.com";
    let reader = "https://reader.example.com";
    let res = test::call_service(
        &app,
        preflight("/feed", writer, "POST", "content-type").to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        header(&res, "access-control-allow-origin").as_deref(),
        Some(writer)
    );
    assert_eq!(
        header(&res, "access-control-allow-methods").as_deref(),
        Some("POST")
    );
    let res = test::call_service(
        &app,
        preflight("/feed", reader, "POST", "content-type").to_request(),
    )
    .await;
    assert_refused(res, "origin not allowed").await;
    let res = test::call_service(&app, preflight("/feed", reader, "GET", "").to_request()).await;
    assert_eq!(
        header(&res, "access-control-allow-origin").as_deref(),
        Some(reader)
    );
    let res = test::call_service(
        &app,
        actual(Method::POST, "/feed", Some(writer)).to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(
        header(&res, "access-control-allow-origin").as_deref(),
        Some(writer)
    );
    let res = test::call_service(
        &app,
        actual(Method::GET, "/feed", Some(writer)).to_request(),
    )
    .await;
    assert!(cors_header_names(&res).is_empty());
}

#[actix_web::test]
async fn route_attribute_with_several_methods() {
    let app = app!();
    let res = test::call_service(
        &app,
        preflight("/multi", APP, "DELETE", "x-token").to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let methods = header(&res, "access-control-allow-methods").unwrap();
    let mut listed: Vec<&str> = methods.split(", ").collect();
    listed.sort_unstable();
    assert_eq!(listed, ["DELETE", "GET"]);
    let res = test::call_service(
        &app,
        actual(Method::DELETE, "/multi", Some(APP)).to_request(),
    )
    .await;
    assert_eq!(
        header(&res, "access-control-allow-origin").as_deref(),
        Some(APP)
    );
}

#[actix_web::test]
async fn private_network_access_is_granted_only_when_configured() {
    let app = app!();
    let ask = |uri: &'static str| {
        preflight(uri, APP, "DELETE", "")
            .insert_header(("Access-Control-Request-Private-Network", "true"))
            .to_request()
    };
    let res = test::call_service(&app, ask("/pna")).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        header(&res, "access-control-allow-private-network").as_deref(),
        Some("true")
    );
    assert_eq!(
        values(&res, "vary"),
        ["Origin, Access-Control-Request-Method, Access-Control-Request-Headers, Access-Control-Request-Private-Network"]
    );
    let res = test::call_service(&app, ask("/no-pna")).await;
    assert_eq!(header(&res, "access-control-allow-private-network"), None);
    let res = test::call_service(&app, preflight("/pna", APP, "DELETE", "").to_request()).await;
    assert_eq!(
        header(&res, "access-control-allow-private-network"),
        None,
        "not asked, not granted"
    );
}

#[actix_web::test]
async fn routes_inside_a_scope_answer_preflights_at_the_full_path() {
    let app = test::init_service(App::new().service(web::scope("/v1").service(me))).await;
    let res = test::call_service(&app, preflight("/v1/api/me", APP, "GET", "").to_request()).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let res = test::call_service(
        &app,
        actual(Method::GET, "/v1/api/me", Some(APP)).to_request(),
    )
    .await;
    assert_eq!(
        header(&res, "access-control-allow-origin").as_deref(),
        Some(APP)
    );
}
