//! The route attribute's own arguments keep working under `#[cors]`, and its `wrap`s run
//! inside the CORS layer.

use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::guard::GuardContext;
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{body::MessageBody, get, test, App, HttpRequest, HttpResponse, Responder};
use cors_runtime::cors;
use tests::{actual, allowed_methods, assert_explained, cors_header_names, header, preflight};

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

/// The same arguments on a route without `wrap`s, which `#[cors]` registers itself.
#[cors(origins = ["https://app.example.com"], headers = ["x-key"])]
#[get("/guarded", name = "guarded_route", guard = "has_key")]
async fn guarded(req: HttpRequest) -> impl Responder {
    let url = req
        .url_for_static("guarded_route")
        .map(|u| u.path().to_owned());
    HttpResponse::Ok().body(url.unwrap_or_default())
}

/// Named after the handler, as actix-web names it.
#[cors(origins = ["https://app.example.com"])]
#[get("/default-name")]
async fn default_name(req: HttpRequest) -> impl Responder {
    let url = req
        .url_for_static("default_name")
        .map(|u| u.path().to_owned());
    HttpResponse::Ok().body(url.unwrap_or_default())
}

#[cors(origins = ["https://app.example.com"])]
#[get(r"/items/{id:\d+}")]
async fn regex_segment(id: actix_web::web::Path<u32>) -> impl Responder {
    HttpResponse::Ok().body(id.to_string())
}

#[cors(origins = ["https://app.example.com"])]
#[get("/files/{tail}*")]
async fn tail_segment(tail: actix_web::web::Path<String>) -> impl Responder {
    HttpResponse::Ok().body(tail.into_inner())
}

#[cors(origins = ["https://app.example.com"])]
#[actix_web::route("/cache", method = "PURGE", method = "GET")]
async fn custom_method() -> impl Responder {
    HttpResponse::Ok().body("purged")
}

#[actix_web::test]
async fn guard_and_name_work_on_a_route_cors_registers_itself() {
    let app = test::init_service(App::new().service(guarded).service(default_name)).await;
    let req = actual(Method::GET, "/guarded", Some(APP))
        .insert_header(("x-key", "1"))
        .to_request();
    let res = test::call_service(&app, req).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        header(&res, "access-control-allow-origin").as_deref(),
        Some(APP)
    );
    assert_eq!(test::read_body(res).await, "/guarded");

    let req = actual(Method::GET, "/guarded", Some(APP)).to_request();
    let res = test::call_service(&app, req).await;
    assert_eq!(
        res.status(),
        StatusCode::NOT_FOUND,
        "the guard still decides"
    );

    let req = preflight("/guarded", APP, "GET", "x-key").to_request();
    let res = test::call_service(&app, req).await;
    assert_eq!(
        res.status(),
        StatusCode::NO_CONTENT,
        "preflights skip the guard"
    );
    assert_eq!(
        header(&res, "access-control-allow-headers").as_deref(),
        Some("x-key")
    );

    let res = test::call_service(
        &app,
        actual(Method::GET, "/default-name", None).to_request(),
    )
    .await;
    assert_eq!(test::read_body(res).await, "/default-name");
}

#[actix_web::test]
async fn a_405_still_lists_the_annotated_routes_method() {
    // Without `#[cors]`, actix-web's method guard records `GET` as it fails, and the next
    // resource on the path lists it in `Allow`; the annotated route must do the same.
    let app = test::init_service(
        App::new().service(default_name).service(
            actix_web::web::resource("/default-name")
                .route(actix_web::web::post().to(HttpResponse::Ok)),
        ),
    )
    .await;
    let res = test::call_service(
        &app,
        actual(Method::PUT, "/default-name", Some(APP)).to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED);
    let allow = header(&res, "allow").unwrap_or_default();
    let mut allowed: Vec<&str> = allow.split(", ").collect();
    allowed.sort_unstable();
    assert_eq!(allowed, ["GET", "POST"]);
}

#[actix_web::test]
async fn regex_and_tail_segments_and_custom_methods_are_served() {
    let app = test::init_service(
        App::new()
            .service(regex_segment)
            .service(tail_segment)
            .service(custom_method),
    )
    .await;
    for (method, path, body) in [
        (Method::GET, "/items/42", "42"),
        (Method::GET, "/files/a/b.txt", "a/b.txt"),
        (Method::from_bytes(b"PURGE").unwrap(), "/cache", "purged"),
    ] {
        let res = test::call_service(&app, actual(method, path, Some(APP)).to_request()).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert_eq!(
            header(&res, "access-control-allow-origin").as_deref(),
            Some(APP),
            "{path}"
        );
        assert_eq!(test::read_body(res).await, body);
    }
    let res = test::call_service(
        &app,
        actual(Method::GET, "/items/abc", Some(APP)).to_request(),
    )
    .await;
    assert_eq!(
        res.status(),
        StatusCode::NOT_FOUND,
        "the regex still decides"
    );

    for (path, method) in [
        ("/items/42", "GET"),
        ("/files/a", "GET"),
        ("/cache", "PURGE"),
    ] {
        let res = test::call_service(&app, preflight(path, APP, method, "").to_request()).await;
        assert_eq!(res.status(), StatusCode::NO_CONTENT, "{path}");
        assert_eq!(
            header(&res, "access-control-allow-origin").as_deref(),
            Some(APP),
            "{path}"
        );
    }
    // A method the route does not serve: the answer says what the path serves, so the
    // browser refuses and names the method.
    let res = test::call_service(&app, preflight("/cache", APP, "DELETE", "").to_request()).await;
    assert_explained(&res, APP, "DELETE", &[]);
    // Every route written with the path `/cache` counts (another test's app has one too).
    assert!(header(&res, "access-control-allow-methods")
        .unwrap_or_default()
        .split(", ")
        .any(|m| m == "PURGE"));
}

/// A route that serves `OPTIONS` itself: its preflights are still answered for it.
#[cors(origins = ["https://app.example.com"])]
#[actix_web::options("/own-options")]
async fn own_options() -> impl Responder {
    HttpResponse::Ok().body("own options")
}

#[actix_web::test]
async fn a_route_serving_options_gets_its_preflights_answered_and_its_options_run() {
    let app = test::init_service(App::new().service(own_options)).await;
    let res = test::call_service(
        &app,
        preflight("/own-options", APP, "OPTIONS", "").to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        header(&res, "access-control-allow-methods").as_deref(),
        Some("OPTIONS")
    );
    assert_eq!(test::read_body(res).await, "", "the handler did not run");

    let req = actual(Method::OPTIONS, "/own-options", Some(APP)).to_request();
    let res = test::call_service(&app, req).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        header(&res, "access-control-allow-origin").as_deref(),
        Some(APP)
    );
    assert_eq!(test::read_body(res).await, "own options");
}

// Regression tests for preflights taken by the wrong route: a route that serves `OPTIONS`
// on `/feed` answered a browser's preflight for `POST /feed` (another route's) with its own
// `OPTIONS` handler and no grant, when it was registered first; with a `wrap`, with its
// middleware's 403.

#[cors(origins = ["https://app.example.com"])]
#[actix_web::route("/feed", method = "GET", method = "OPTIONS")]
async fn feed_read() -> impl Responder {
    HttpResponse::Ok().body("options handler ran")
}

#[cors(origins = ["https://app.example.com"])]
#[actix_web::route(
    "/feed",
    method = "GET",
    method = "OPTIONS",
    wrap = "actix_web::middleware::from_fn(require_token)"
)]
async fn feed_read_wrapped() -> impl Responder {
    HttpResponse::Ok().body("options handler ran")
}

#[cors(origins = ["https://app.example.com"], headers = ["content-type"])]
#[actix_web::post("/feed")]
async fn feed_write() -> impl Responder {
    HttpResponse::Created().body("posted")
}

/// The preflight for `POST` gets the `POST` route's grant, and the `OPTIONS` route still
/// answers its own preflight and plain `OPTIONS` requests.
async fn each_route_answers_its_own_preflights<S>(app: &S, explained_with: &[&str])
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = ServiceResponse,
        Error = actix_web::Error,
    >,
{
    let res = test::call_service(
        app,
        preflight("/feed", APP, "POST", "content-type").to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        header(&res, "access-control-allow-methods").as_deref(),
        Some("POST")
    );
    assert_eq!(
        header(&res, "access-control-allow-headers").as_deref(),
        Some("content-type")
    );
    assert_eq!(
        header(&res, "access-control-allow-origin").as_deref(),
        Some(APP)
    );
    assert_ne!(test::read_body(res).await, "options handler ran");

    let res = test::call_service(app, preflight("/feed", APP, "GET", "").to_request()).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        header(&res, "access-control-allow-methods").as_deref(),
        Some("GET, OPTIONS")
    );

    let res = test::call_service(app, actual(Method::POST, "/feed", Some(APP)).to_request()).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(
        header(&res, "access-control-allow-origin").as_deref(),
        Some(APP)
    );

    // A preflight for a method no route on the path serves: the first route the router
    // tries takes it and says what it serves (with what the routes before it serve), so the
    // browser names the method; nothing it lists is served anywhere else.
    let res = test::call_service(app, preflight("/feed", APP, "PUT", "").to_request()).await;
    assert_explained(&res, APP, "PUT", &[]);
    assert_eq!(allowed_methods(&res), explained_with);
    assert_ne!(test::read_body(res).await, "options handler ran");
    // A stranger learns nothing.
    let res = test::call_service(
        app,
        preflight("/feed", "https://evil.example", "PUT", "").to_request(),
    )
    .await;
    assert!(cors_header_names(&res).is_empty());
}

#[actix_web::test]
async fn preflights_reach_their_own_route_in_either_order() {
    let options_first = test::init_service(App::new().service(feed_read).service(feed_write)).await;
    each_route_answers_its_own_preflights(&options_first, &["GET", "OPTIONS"]).await;
    let post_first = test::init_service(App::new().service(feed_write).service(feed_read)).await;
    each_route_answers_its_own_preflights(&post_first, &["POST"]).await;

    // A plain `OPTIONS` request (no `Access-Control-Request-Method`) is the handler's.
    let req = actual(Method::OPTIONS, "/feed", Some(APP)).to_request();
    let res = test::call_service(&options_first, req).await;
    assert_eq!(test::read_body(res).await, "options handler ran");
}

#[actix_web::test]
async fn preflights_pass_a_wrapped_options_route_in_either_order() {
    let wrapped_first =
        test::init_service(App::new().service(feed_read_wrapped).service(feed_write)).await;
    each_route_answers_its_own_preflights(&wrapped_first, &["GET", "OPTIONS"]).await;
    let post_first =
        test::init_service(App::new().service(feed_write).service(feed_read_wrapped)).await;
    each_route_answers_its_own_preflights(&post_first, &["POST"]).await;

    // The wrapped route's own preflight skips its middleware; its plain `OPTIONS` does not.
    let req = actual(Method::OPTIONS, "/feed", Some(APP))
        .insert_header(("authorization", "Bearer t"))
        .to_request();
    let res = test::call_service(&wrapped_first, req).await;
    assert_eq!(test::read_body(res).await, "options handler ran");
}

/// `#[query]` (actix-web 4.18): the HTTP `QUERY` method is not CORS-safelisted, so browsers
/// preflight it, and the preflight is answered with `QUERY`.
#[cors(origins = ["https://app.example.com"], headers = ["content-type"])]
#[actix_web::query("/search")]
async fn search() -> impl Responder {
    HttpResponse::Ok().body("found")
}

#[actix_web::test]
async fn query_routes_answer_their_preflights() {
    let app = test::init_service(App::new().service(search)).await;
    let res = test::call_service(
        &app,
        preflight("/search", APP, "QUERY", "content-type").to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        header(&res, "access-control-allow-methods").as_deref(),
        Some("QUERY")
    );
    let method = Method::from_bytes(b"QUERY").unwrap();
    let res = test::call_service(&app, actual(method, "/search", Some(APP)).to_request()).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        header(&res, "access-control-allow-origin").as_deref(),
        Some(APP)
    );
}
