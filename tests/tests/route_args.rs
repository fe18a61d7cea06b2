//! The route attribute's own arguments keep working under `#[cors]`, and its `wrap`s run
//! inside the CORS layer.

use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::guard::GuardContext;
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{body::MessageBody, get, test, App, HttpRequest, HttpResponse, Responder};
use cors_macros::cors;
use tests::{actual, cors_header_names, header, preflight};

const APP: &str = "https://app.example.com";

fn has_key(ctx: &GuardContext<'_>) -> bool {
    ctx.head().headers().contains_key("x-key")
}

async fn require_token(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if req.headers().contains_key("authorization") {
        next.call(req).await
    } else {
        Err(actix_web::error::ErrorUnauthorized("log in first"))
    }
}

/// Reports its own URL, built from the route's `name`.
#[cors(origins = ["https://app.example.com"], credentials, headers = ["authorization", "x-key"])]
#[get(
    "/named",
    name = "named_route",
    guard = "has_key",
    wrap = "actix_web::middleware::from_fn(require_token)"
)]
async fn named(req: HttpRequest) -> impl Responder {
    let url = req
        .url_for_static("named_route")
        .map(|u| u.path().to_owned());
    HttpResponse::Ok().body(url.unwrap_or_default())
}

#[cors(origins = ["https://app.example.com"])]
#[actix_web::get("/full-path")]
#[doc = "A doc attribute below the route attribute is kept."]
async fn full_path() -> Result<HttpResponse, actix_web::Error> {
    Ok(HttpResponse::Ok().body("ok"))
}

#[actix_web::test]
async fn name_guard_and_wrap_keep_working() {
    let app = test::init_service(App::new().service(named).service(full_path)).await;
    let req = actual(Method::GET, "/named", Some(APP))
        .insert_header(("x-key", "1"))
        .insert_header(("authorization", "Bearer t"))
        .to_request();
    let res = test::call_service(&app, req).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        header(&res, "access-control-allow-origin").as_deref(),
        Some(APP)
    );
    assert_eq!(test::read_body(res).await, "/named");

    // The guard still decides: without `x-key` the route does not match at all.
    let req = actual(Method::GET, "/named", Some(APP)).to_request();
    let res = test::call_service(&app, req).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);

    let res = test::call_service(
        &app,
        actual(Method::GET, "/full-path", Some(APP)).to_request(),
    )
    .await;
    assert_eq!(
        header(&res, "access-control-allow-origin").as_deref(),
        Some(APP)
    );
}

#[actix_web::test]
async fn errors_from_the_routes_own_middleware_carry_the_grant() {
    let app = test::init_service(App::new().service(named)).await;
    let req = actual(Method::GET, "/named", Some(APP))
        .insert_header(("x-key", "1"))
        .to_request();
    // The error travels up as `Err`; the server renders it with `error_response`, as here.
    let Err(err) = test::try_call_service(&app, req).await else {
        panic!("the route's middleware refuses requests without a token")
    };
    let res = err.error_response();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let get = |name: &str| {
        res.headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    };
    assert_eq!(get("access-control-allow-origin").as_deref(), Some(APP));
    assert_eq!(
        get("access-control-allow-credentials").as_deref(),
        Some("true")
    );
    assert_eq!(get("vary").as_deref(), Some("Origin"));
}

#[actix_web::test]
async fn preflights_skip_the_routes_guard_and_middleware() {
    // A preflight carries no credentials and none of the custom headers it asks about, so it
    // must be answered before the route's guard and authentication would refuse it.
    let app = test::init_service(App::new().service(named)).await;
    let res = test::call_service(
        &app,
        preflight("/named", APP, "GET", "authorization,x-key").to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        header(&res, "access-control-allow-headers").as_deref(),
        Some("authorization, x-key")
    );
    assert_eq!(
        cors_header_names(&res),
        [
            "access-control-allow-credentials",
            "access-control-allow-headers",
            "access-control-allow-methods",
            "access-control-allow-origin"
        ]
    );
}
