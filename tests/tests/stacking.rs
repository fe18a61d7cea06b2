//! `#[cors]` stacked with the handler attributes real services use: `utoipa`'s
//! `#[utoipa::path]` (which reads the route attribute and defines items beside the handler),
//! `tracing`'s `#[instrument]` and `actix-web-grants`' `#[protect]`, above, between and
//! below, in the orders their own documentation writes them.
//!
//! Regression tests: `#[utoipa::path]` between `#[cors]` and `#[get]` did not compile
//! ("path operation(s) is not defined", no `__path_x` type), because `#[cors]` expanded
//! first and hid the route attribute and the handler from it.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use actix_web::dev::ServiceRequest;
use actix_web::http::{Method, StatusCode};
use actix_web::test::{call_service, init_service};
use actix_web::{get, post, App, HttpResponse, Responder};
use actix_web_grants::{protect, GrantsMiddleware};
use cors_runtime::cors;
use tests::{actual, header, preflight};
use utoipa::OpenApi;

const APP: &str = "https://app.example.com";

/// `#[utoipa::path]` between `#[cors]` and the route attribute.
#[cors(origins = ["https://app.example.com"], credentials)]
#[utoipa::path(responses((status = 200, description = "The user")))]
#[get("/docs/between")]
async fn between() -> impl Responder {
    HttpResponse::Ok().body("between")
}

/// `#[utoipa::path]` above `#[cors]`.
#[utoipa::path(responses((status = 201, description = "Created")))]
#[cors(origins = ["https://app.example.com"], headers = ["content-type"])]
#[post("/docs/above")]
async fn above() -> impl Responder {
    HttpResponse::Created().body("above")
}

/// Both `#[utoipa::path]` and `#[tracing::instrument]` between, with inert attributes mixed in.
#[cors(origins = ["https://app.example.com"])]
#[allow(clippy::unused_async)]
#[utoipa::path(responses((status = 200, description = "Traced")))]
#[tracing::instrument(name = "traced_between")]
#[get("/docs/traced")]
async fn traced() -> impl Responder {
    HttpResponse::Ok().body("traced")
}

#[derive(OpenApi)]
#[openapi(paths(between, above, traced))]
struct ApiDoc;

#[test]
fn the_openapi_document_lists_every_stacked_route() {
    let doc = ApiDoc::openapi();
    let below_cors = &doc.paths.paths["/docs/between"];
    assert!(below_cors.get.is_some(), "{:?}", doc.paths.paths.keys());
    let above_cors = &doc.paths.paths["/docs/above"];
    let post = above_cors.post.as_ref().expect("a POST operation");
    assert!(post.responses.responses.contains_key("201"));
    assert!(doc.paths.paths["/docs/traced"].get.is_some());
}

#[actix_web::test]
async fn handlers_documented_by_utoipa_serve_with_their_policy() {
    let app = init_service(App::new().service(between).service(above).service(traced)).await;
    let res = call_service(
        &app,
        actual(Method::GET, "/docs/between", Some(APP)).to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        header(&res, "access-control-allow-origin").as_deref(),
        Some(APP)
    );
    assert_eq!(
        header(&res, "access-control-allow-credentials").as_deref(),
        Some("true")
    );

    let res = call_service(
        &app,
        preflight("/docs/above", APP, "POST", "content-type").to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        header(&res, "access-control-allow-headers").as_deref(),
        Some("content-type")
    );
    let res = call_service(
        &app,
        actual(Method::POST, "/docs/above", Some(APP)).to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(
        header(&res, "access-control-allow-origin").as_deref(),
        Some(APP)
    );
}

/// A subscriber that records the names of the spans created, to show `#[instrument]` ran.
#[derive(Clone, Default)]
struct SpanNames(Arc<Mutex<Vec<&'static str>>>);

impl tracing::Subscriber for SpanNames {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let mut names = self.0.lock().unwrap();
        names.push(span.metadata().name());
        tracing::span::Id::from_u64(names.len() as u64)
    }
    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, _: &tracing::Event<'_>) {}
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

/// `#[tracing::instrument]` below the route attribute, as tracing's users write it.
#[cors(origins = ["https://app.example.com"])]
#[get("/traced-below")]
#[tracing::instrument(name = "traced_below")]
async fn traced_below() -> impl Responder {
    HttpResponse::Ok().body("below")
}

/// And above `#[cors]`.
#[tracing::instrument(name = "traced_above")]
#[cors(origins = ["https://app.example.com"])]
#[get("/traced-above")]
async fn traced_above() -> impl Responder {
    HttpResponse::Ok().body("above")
}

#[actix_web::test]
async fn instrumented_handlers_keep_their_spans_and_their_grant() {
    let names = SpanNames::default();
    let _guard = tracing::subscriber::set_default(names.clone());
    let app = init_service(
        App::new()
            .service(traced)
            .service(traced_below)
            .service(traced_above),
    )
    .await;
    for path in ["/docs/traced", "/traced-below", "/traced-above"] {
        let res = call_service(&app, actual(Method::GET, path, Some(APP)).to_request()).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert_eq!(
            header(&res, "access-control-allow-origin").as_deref(),
            Some(APP),
            "{path}"
        );
    }
    // A preflight does not run the handler, so it opens no span.
    let res = call_service(
        &app,
        preflight("/traced-below", APP, "GET", "x-a").to_request(),
    )
    .await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "refused, saying what is allowed"
    );
    assert_eq!(
        actix_web::test::read_body(res).await,
        "request header not allowed"
    );
    assert_eq!(
        *names.0.lock().unwrap(),
        ["traced_between", "traced_below", "traced_above"]
    );
}

/// The roles of the request, from a header (a real app reads a token).
async fn roles(req: &ServiceRequest) -> Result<HashSet<String>, actix_web::Error> {
    Ok(req
        .headers()
        .get("x-role")
        .and_then(|v| v.to_str().ok())
        .map(|role| HashSet::from([role.to_owned()]))
        .unwrap_or_default())
}

/// `#[protect]` below the route attribute, as actix-web-grants documents it.
#[cors(origins = ["https://app.example.com"], credentials)]
#[post("/admin/below")]
#[protect("ADMIN")]
async fn admin_below() -> impl Responder {
    HttpResponse::Ok().body("admin")
}

/// `#[protect]` between `#[cors]` and the route attribute.
#[cors(origins = ["https://app.example.com"], credentials)]
#[protect("ADMIN")]
#[post("/admin/between")]
async fn admin_between() -> impl Responder {
    HttpResponse::Ok().body("admin")
}

/// `#[protect]` above `#[cors]`.
#[protect("ADMIN")]
#[cors(origins = ["https://app.example.com"], credentials)]
#[post("/admin/above")]
async fn admin_above() -> impl Responder {
    HttpResponse::Ok().body("admin")
}

#[actix_web::test]
async fn protected_handlers_refuse_with_the_grant_and_preflights_pass() {
    let app = init_service(
        App::new()
            .wrap(GrantsMiddleware::with_extractor(roles))
            .service(admin_below)
            .service(admin_between)
            .service(admin_above),
    )
    .await;
    for path in ["/admin/below", "/admin/between", "/admin/above"] {
        let req = actual(Method::POST, path, Some(APP))
            .insert_header(("x-role", "ADMIN"))
            .to_request();
        let res = call_service(&app, req).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert_eq!(
            header(&res, "access-control-allow-origin").as_deref(),
            Some(APP),
            "{path}"
        );

        // The refusal is readable by the frontend: it carries the grant.
        let req = actual(Method::POST, path, Some(APP))
            .insert_header(("x-role", "USER"))
            .to_request();
        let res = call_service(&app, req).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{path}");
        assert_eq!(
            header(&res, "access-control-allow-origin").as_deref(),
            Some(APP),
            "{path}"
        );

        // A preflight carries no credentials; it is answered before `#[protect]` runs.
        let res = call_service(&app, preflight(path, APP, "POST", "").to_request()).await;
        assert_eq!(res.status(), StatusCode::NO_CONTENT, "{path}");
    }
}
