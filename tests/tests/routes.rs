//! `#[cors]` above actix-web's `#[routes]` (one handler on several paths and methods): each
//! path answers its own preflights with the methods served there, and every response of the
//! handler carries the grant.

use std::sync::atomic::{AtomicUsize, Ordering};

use actix_web::http::{Method, StatusCode};
use actix_web::test::{call_service, init_service, try_call_service};
// The method attributes below `#[routes]` are its helpers: nothing to import.
use actix_web::{routes, App, HttpResponse, Responder};
use cors_runtime::cors;
use tests::{actual, allowed_methods, assert_explained, cors_header_names, header, preflight};

const PAGE: &str = "https://app.example.com";

static CALLS: AtomicUsize = AtomicUsize::new(0);

fn has_key(ctx: &actix_web::guard::GuardContext<'_>) -> bool {
    ctx.head().headers().contains_key("x-key")
}

fn lacks_key(ctx: &actix_web::guard::GuardContext<'_>) -> bool {
    !has_key(ctx)
}

// `GET /items` twice, under two guards: two routes for actix-web, one method for the policy.
#[cors(origins = ["https://app.example.com"], credentials, headers = ["content-type"])]
#[routes]
#[get("/items", guard = "has_key")]
#[get("/items", guard = "lacks_key")]
#[post("/items")]
#[put("/items/{id}")]
async fn items() -> impl Responder {
    CALLS.fetch_add(1, Ordering::SeqCst);
    HttpResponse::Ok().body("items")
}

#[actix_web::test]
async fn each_path_answers_its_preflights_with_the_methods_served_there() {
    let app = init_service(App::new().service(items)).await;
    for (path, method, served) in [
        ("/items", "POST", &["GET", "POST"][..]),
        ("/items/7", "PUT", &["PUT"][..]),
    ] {
        let res = call_service(
            &app,
            preflight(path, PAGE, method, "content-type").to_request(),
        )
        .await;
        assert_eq!(res.status(), StatusCode::NO_CONTENT, "{path} {method}");
        assert_eq!(allowed_methods(&res), served, "{path}");
        assert_eq!(
            header(&res, "access-control-allow-origin").as_deref(),
            Some(PAGE)
        );
        assert_eq!(
            header(&res, "access-control-allow-credentials").as_deref(),
            Some("true")
        );
    }
    // `PUT` is served on the other path only: this one explains what it serves.
    let res = call_service(&app, preflight("/items", PAGE, "PUT", "").to_request()).await;
    assert_explained(&res, PAGE, "PUT", &[]);
    assert_eq!(allowed_methods(&res), ["GET", "POST"]);
    // A stranger learns nothing on either path.
    for path in ["/items", "/items/7"] {
        let res = call_service(
            &app,
            preflight(path, "https://evil.example", "PUT", "").to_request(),
        )
        .await;
        assert!(res.status().is_client_error(), "{path}");
        assert!(cors_header_names(&res).is_empty(), "{path}");
    }
}

#[actix_web::test]
async fn every_method_on_every_path_runs_the_handler_and_carries_the_grant() {
    let app = init_service(App::new().service(items)).await;
    let before = CALLS.load(Ordering::SeqCst);
    for (method, path) in [
        (Method::GET, "/items"),
        (Method::POST, "/items"),
        (Method::PUT, "/items/7"),
    ] {
        let res = call_service(&app, actual(method.clone(), path, Some(PAGE)).to_request()).await;
        assert_eq!(res.status(), StatusCode::OK, "{method} {path}");
        assert_eq!(
            header(&res, "access-control-allow-origin").as_deref(),
            Some(PAGE),
            "{method} {path}"
        );
        assert_eq!(header(&res, "vary").as_deref(), Some("Origin"));
    }
    // The other `GET /items` route, under the other guard.
    let keyed = actual(Method::GET, "/items", Some(PAGE)).insert_header(("x-key", "1"));
    let res = call_service(&app, keyed.to_request()).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        header(&res, "access-control-allow-origin").as_deref(),
        Some(PAGE)
    );
    let after = CALLS.load(Ordering::SeqCst);
    assert!(after >= before + 4);
    // A method the path does not serve never reaches the handler.
    let res = call_service(&app, actual(Method::PUT, "/items", Some(PAGE)).to_request()).await;
    assert!(res.status().is_client_error());
    assert_eq!(CALLS.load(Ordering::SeqCst), after);
}

cors_runtime::cors_policy! {
    ROUTES_POLICY = (origins = ["https://app.example.com"], headers = ["x-key"]);
}

/// A route's own middleware that refuses every request with an error.
#[allow(clippy::unused_async)] // `from_fn` takes an async function.
async fn refuse_all(
    _: actix_web::dev::ServiceRequest,
    _: actix_web::middleware::Next<actix_web::body::BoxBody>,
) -> Result<actix_web::dev::ServiceResponse, actix_web::Error> {
    Err(actix_web::error::ErrorUnauthorized("log in first"))
}

/// The same, starting from a named policy, with a `wrap` of its own on one method attribute.
#[cors(ROUTES_POLICY)]
#[routes]
#[get("/named")]
#[delete("/named/{id}", wrap = "actix_web::middleware::from_fn(refuse_all)")]
async fn named_routes() -> impl Responder {
    HttpResponse::Ok().body("named")
}

#[actix_web::test]
async fn a_named_policy_over_routes_answers_each_path_with_its_methods() {
    let app = init_service(App::new().service(named_routes)).await;
    let res = call_service(
        &app,
        preflight("/named/3", PAGE, "DELETE", "x-key").to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(allowed_methods(&res), ["DELETE"]);
    let res = call_service(&app, preflight("/named", PAGE, "GET", "x-key").to_request()).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(allowed_methods(&res), ["GET"]);
    // The wrapped path's own middleware runs inside CORS: the error it returns carries the
    // grant, which it would not if CORS ran inside it.
    let err = try_call_service(
        &app,
        actual(Method::DELETE, "/named/3", Some(PAGE)).to_request(),
    )
    .await
    .expect_err("the route's middleware refuses");
    let res = err.error_response();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        res.headers()
            .get("access-control-allow-origin")
            .and_then(|v| v.to_str().ok()),
        Some(PAGE)
    );
}
