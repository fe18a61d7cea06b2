//! Policies written once: `cors_policy!`, `#[cors(NAME, ...)]`, module-level `#[cors]`,
//! `#[cors(off)]`, and the same policy as App and scope middleware (`Cors::from`).

use actix_web::http::{Method, StatusCode};
use actix_web::test::{call_service, init_service, read_body, try_call_service};
use actix_web::{get, post, put, web, App, HttpResponse, Responder};
use cors_runtime::actix::Cors;
use cors_runtime::{cors, cors_policy};
use tests::{actual, cors_header_names, header, preflight, values};

const APP_ORIGIN: &str = "https://app.example.com";

/// The policies, in a module of their own, used by path from elsewhere.
pub mod policies {
    use cors_runtime::cors_policy;

    cors_policy! {
        /// The web app: cookies and JSON bodies.
        pub APP = (origins = ["https://app.example.com"], credentials, headers = ["content-type"]);
        /// Any page may read, without credentials.
        pub(crate) PUBLIC = (origins = ["*"]);
        /// The same web app, as middleware: middleware needs the methods.
        pub LEGACY = (origins = ["https://app.example.com"], credentials, methods = ["GET", "PUT"], max_age = 60);
    }
}

use policies::{APP, LEGACY};

#[cors(APP)]
#[get("/api/me")]
async fn me() -> impl Responder {
    HttpResponse::Ok().body("me")
}

/// The same route with the policy spelled out: what `#[cors(APP)]` must equal.
#[cors(origins = ["https://app.example.com"], credentials, headers = ["content-type"])]
#[get("/api/me-spelled")]
async fn me_spelled() -> impl Responder {
    HttpResponse::Ok().body("me")
}

#[cors(APP, max_age = 600, expose = ["x-request-id"])]
#[put("/api/profile")]
async fn profile() -> impl Responder {
    HttpResponse::Ok()
        .insert_header(("x-request-id", "r-1"))
        .body("saved")
}

#[cors(crate::policies::PUBLIC)]
#[get("/api/feed")]
async fn feed() -> impl Responder {
    HttpResponse::Ok().body("feed")
}

#[cors(APP)]
#[actix_web::scope("/admin")]
mod admin {
    use actix_web::{get, post, HttpResponse, Responder};
    use cors_runtime::cors;

    #[get("/users")]
    pub(super) async fn users() -> impl Responder {
        HttpResponse::Ok().body("users")
    }

    #[cors(max_age = 60)]
    #[post("/users")]
    pub(super) async fn create() -> impl Responder {
        HttpResponse::Created().body("created")
    }

    #[cors(off)]
    #[post("/webhook")]
    pub(super) async fn webhook() -> impl Responder {
        HttpResponse::Ok().body("hook")
    }

    /// Not a route: left alone.
    pub(super) fn helper() -> u8 {
        1
    }
}

/// A module policy that spells its policy out, and a handler that names another.
#[cors(origins = ["https://admin.example.com"], max_age = 5)]
mod spelled {
    use actix_web::{get, HttpResponse, Responder};
    use cors_runtime::cors;

    #[get("/spelled/one")]
    pub(super) async fn one() -> impl Responder {
        HttpResponse::Ok().body("one")
    }

    #[cors(super::policies::PUBLIC)]
    #[get("/spelled/two")]
    pub(super) async fn two() -> impl Responder {
        HttpResponse::Ok().body("two")
    }
}

/// `admin` without `#[scope]`: its handlers expand together in one call of `APP`'s macro
/// (the path a module takes when no other attribute macro has to see its functions), and
/// must answer exactly as `admin`'s, which take the attribute path.
#[cors(APP)]
mod batched {
    use actix_web::{get, post, HttpResponse, Responder};
    use cors_runtime::cors;

    #[get("/batched/users")]
    pub(super) async fn users() -> impl Responder {
        HttpResponse::Ok().body("users")
    }

    #[cors(max_age = 60)]
    #[post("/batched/users")]
    pub(super) async fn create() -> impl Responder {
        HttpResponse::Created().body("created")
    }

    #[cors(off)]
    #[post("/batched/webhook")]
    pub(super) async fn webhook() -> impl Responder {
        HttpResponse::Ok().body("hook")
    }
}

fn everything(config: &mut web::ServiceConfig) {
    config
        .service(me)
        .service(me_spelled)
        .service(profile)
        .service(feed)
        .service(admin::users)
        .service(admin::create)
        .service(admin::webhook)
        .service(spelled::one)
        .service(spelled::two)
        .service(batched::users)
        .service(batched::create)
        .service(batched::webhook);
}

/// Every header of a response, sorted, minus the ones that differ by route.
fn cors_headers<B>(res: &actix_web::dev::ServiceResponse<B>) -> Vec<(String, Vec<String>)> {
    let mut names = cors_header_names(res);
    names.push("vary".to_owned());
    names.sort();
    names.dedup();
    names
        .into_iter()
        .map(|n| (n.clone(), values(res, &n)))
        .collect()
}

#[actix_web::test]
async fn a_named_route_answers_exactly_as_the_spelled_out_one() {
    let app = init_service(App::new().configure(everything)).await;
    for (origin, kind) in [
        (Some(APP_ORIGIN), "allowed"),
        (Some("https://evil.example"), "refused"),
        (None, "no origin"),
    ] {
        let a = call_service(&app, actual(Method::GET, "/api/me", origin).to_request()).await;
        let b = call_service(
            &app,
            actual(Method::GET, "/api/me-spelled", origin).to_request(),
        )
        .await;
        assert_eq!(cors_headers(&a), cors_headers(&b), "{kind}");
    }
    let a = call_service(
        &app,
        preflight("/api/me", APP_ORIGIN, "GET", "content-type").to_request(),
    )
    .await;
    let b = call_service(
        &app,
        preflight("/api/me-spelled", APP_ORIGIN, "GET", "content-type").to_request(),
    )
    .await;
    assert_eq!(a.status(), StatusCode::NO_CONTENT);
    assert_eq!(cors_headers(&a), cors_headers(&b));
    assert_eq!(
        header(&a, "access-control-allow-credentials").as_deref(),
        Some("true")
    );
}

#[actix_web::test]
async fn keys_a_route_writes_replace_the_policys() {
    let app = init_service(App::new().configure(everything)).await;
    let res = call_service(
        &app,
        preflight("/api/profile", APP_ORIGIN, "PUT", "content-type").to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        header(&res, "access-control-max-age").as_deref(),
        Some("600")
    );
    assert_eq!(
        header(&res, "access-control-allow-headers").as_deref(),
        Some("content-type")
    );
    let res = call_service(
        &app,
        actual(Method::PUT, "/api/profile", Some(APP_ORIGIN)).to_request(),
    )
    .await;
    assert_eq!(
        header(&res, "access-control-expose-headers").as_deref(),
        Some("x-request-id")
    );
    assert_eq!(
        header(&res, "access-control-allow-credentials").as_deref(),
        Some("true")
    );

    let res = call_service(
        &app,
        actual(Method::GET, "/api/feed", Some("https://anyone.example")).to_request(),
    )
    .await;
    assert_eq!(
        header(&res, "access-control-allow-origin").as_deref(),
        Some("*")
    );
}

#[actix_web::test]
async fn a_module_policy_covers_its_routes_with_overrides_and_opt_outs() {
    let app = init_service(App::new().configure(everything)).await;
    // `#[scope]` prefixed the paths; `#[cors(APP)]` on the module gave each route `APP`.
    let res = call_service(
        &app,
        actual(Method::GET, "/admin/users", Some(APP_ORIGIN)).to_request(),
    )
    .await;
    assert_eq!(read_body_string(res).await.0, Some(APP_ORIGIN.to_owned()));
    let res = call_service(
        &app,
        preflight("/admin/users", APP_ORIGIN, "POST", "content-type").to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        header(&res, "access-control-max-age").as_deref(),
        Some("60")
    );
    assert_eq!(
        header(&res, "access-control-allow-credentials").as_deref(),
        Some("true")
    );
    // `#[cors(off)]`: no CORS at all, and the preflight is no one's.
    let res = call_service(
        &app,
        actual(Method::POST, "/admin/webhook", Some(APP_ORIGIN)).to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(cors_header_names(&res).is_empty());
    assert!(values(&res, "vary").is_empty());
    let res = call_service(
        &app,
        preflight("/admin/webhook", APP_ORIGIN, "POST", "").to_request(),
    )
    .await;
    assert!(cors_header_names(&res).is_empty());
    assert_eq!(admin::helper(), 1);

    let res = call_service(
        &app,
        preflight("/spelled/one", "https://admin.example.com", "GET", "").to_request(),
    )
    .await;
    assert_eq!(header(&res, "access-control-max-age").as_deref(), Some("5"));
    let res = call_service(
        &app,
        actual(Method::GET, "/spelled/two", Some("https://x.example")).to_request(),
    )
    .await;
    assert_eq!(
        header(&res, "access-control-allow-origin").as_deref(),
        Some("*")
    );
}

async fn read_body_string<B: actix_web::body::MessageBody>(
    res: actix_web::dev::ServiceResponse<B>,
) -> (Option<String>, String) {
    let origin = header(&res, "access-control-allow-origin");
    let body = read_body(res).await;
    (origin, String::from_utf8_lossy(&body).into_owned())
}

async fn legacy_item() -> impl Responder {
    HttpResponse::Ok().body("legacy")
}

#[cors(origins = ["https://other.example"], headers = ["x-other"])]
#[post("/legacy/own")]
async fn own_policy() -> impl Responder {
    HttpResponse::Ok().body("own")
}

cors_policy! {
    OFF_TEST = (origins = ["https://app.example.com"]);
}

/// A partner's route, mounted inside a scope (`/partner/orders`), beside a plain root
/// `/orders` with the same route path.
#[cors(origins = ["https://partner.example"])]
#[post("/orders")]
async fn partner_orders() -> impl Responder {
    HttpResponse::Ok().body("partner order")
}

#[cors(OFF_TEST)]
mod under_middleware {
    use actix_web::{get, HttpResponse, Responder};
    use cors_runtime::cors;

    #[cors(off)]
    #[get("/legacy/off")]
    pub(super) async fn opted_out() -> impl Responder {
        HttpResponse::Ok().body("off")
    }
}

fn middleware_app() -> App<
    impl actix_web::dev::ServiceFactory<
        actix_web::dev::ServiceRequest,
        Config = (),
        Response = actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    App::new()
        .wrap(Cors::from(LEGACY))
        .service(own_policy)
        .service(under_middleware::opted_out)
        .service(web::resource("/legacy/item").route(web::get().to(legacy_item)))
        .service(web::resource("/legacy/plain").route(web::post().to(legacy_item)))
        .service(web::scope("/v2").route("/legacy/own", web::post().to(legacy_item)))
        .service(web::scope("/partner").service(partner_orders))
        .service(web::resource("/orders").route(web::post().to(legacy_item)))
        .service(web::resource("/legacy/varies").route(web::get().to(varies_by_itself)))
}

/// A handler under the middleware that sets `Vary: Origin` itself, as a handler that
/// negotiates by origin or a caching layer may.
async fn varies_by_itself() -> impl Responder {
    HttpResponse::Ok()
        .insert_header(("vary", "accept-encoding, Origin"))
        .body("varies")
}

#[actix_web::test]
async fn middleware_answers_every_path_under_it() {
    let app = init_service(middleware_app()).await;
    // A path with no resource: the preflight is answered, not 404.
    let res = call_service(
        &app,
        preflight("/nowhere", APP_ORIGIN, "PUT", "").to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        header(&res, "access-control-allow-methods").as_deref(),
        Some("GET, PUT")
    );
    assert_eq!(
        header(&res, "access-control-max-age").as_deref(),
        Some("60")
    );
    // A plain resource gets the grant; so does a 404.
    let res = call_service(
        &app,
        actual(Method::GET, "/legacy/item", Some(APP_ORIGIN)).to_request(),
    )
    .await;
    assert_eq!(
        header(&res, "access-control-allow-origin").as_deref(),
        Some(APP_ORIGIN)
    );
    assert_eq!(
        header(&res, "access-control-allow-credentials").as_deref(),
        Some("true")
    );
    let res = call_service(
        &app,
        actual(Method::GET, "/nowhere", Some(APP_ORIGIN)).to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        header(&res, "access-control-allow-origin").as_deref(),
        Some(APP_ORIGIN)
    );
    // A refused origin: nothing but `Vary`.
    let res = call_service(
        &app,
        actual(Method::GET, "/legacy/item", Some("https://evil.example")).to_request(),
    )
    .await;
    assert!(cors_header_names(&res).is_empty());
}

/// Regression: the middleware used to decide that a route had answered from a `Vary: Origin`
/// on its response, so a handler that set one itself silently lost the grant.
#[actix_web::test]
async fn a_handler_setting_vary_origin_itself_still_gets_the_grant() {
    let app = init_service(middleware_app()).await;
    let res = call_service(
        &app,
        actual(Method::GET, "/legacy/varies", Some(APP_ORIGIN)).to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(values(&res, "access-control-allow-origin"), [APP_ORIGIN]);
    assert_eq!(
        header(&res, "access-control-allow-credentials").as_deref(),
        Some("true")
    );
    // The handler's `Vary` stays; the middleware appends its own.
    assert_eq!(values(&res, "vary"), ["accept-encoding, Origin", "Origin"]);
    // A stranger gets no grant, whatever the handler varies by.
    let res = call_service(
        &app,
        actual(Method::GET, "/legacy/varies", Some("https://evil.example")).to_request(),
    )
    .await;
    assert!(cors_header_names(&res).is_empty());
}

#[actix_web::test]
async fn the_most_specific_policy_wins_under_middleware() {
    let app = init_service(middleware_app()).await;
    // The `#[cors]` route answers its own preflight with its own policy.
    let res = call_service(
        &app,
        preflight("/legacy/own", "https://other.example", "POST", "x-other").to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        header(&res, "access-control-allow-origin").as_deref(),
        Some("https://other.example")
    );
    assert_eq!(
        header(&res, "access-control-allow-headers").as_deref(),
        Some("x-other")
    );
    // The middleware's origin is not the route's: the route refuses, the middleware adds
    // nothing.
    let res = call_service(
        &app,
        preflight("/legacy/own", APP_ORIGIN, "POST", "").to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(cors_header_names(&res).is_empty());
    let res = call_service(
        &app,
        actual(Method::POST, "/legacy/own", Some(APP_ORIGIN)).to_request(),
    )
    .await;
    assert!(
        cors_header_names(&res).is_empty(),
        "{:?}",
        cors_header_names(&res)
    );
    // Allowed by the route: one `Access-Control-Allow-Origin`, `Vary: Origin` once, whether
    // the page is on the same site or not: a state-changing request going to a `#[cors]`
    // route is that route's to refuse or let act, by its own origins (issue 25).
    let res = call_service(
        &app,
        actual(Method::POST, "/legacy/own", Some("https://other.example"))
            .insert_header(("sec-fetch-site", "same-origin"))
            .to_request(),
    )
    .await;
    assert_eq!(
        values(&res, "access-control-allow-origin"),
        ["https://other.example"]
    );
    assert_eq!(values(&res, "vary"), ["Origin"]);
    assert_eq!(header(&res, "access-control-allow-credentials"), None);
    let res = call_service(
        &app,
        actual(Method::POST, "/legacy/own", Some("https://other.example"))
            .insert_header(("sec-fetch-site", "cross-site"))
            .to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        values(&res, "access-control-allow-origin"),
        ["https://other.example"]
    );
    // Regression (the middleware refused it by its own origins before the route could
    // decide): and from an origin neither lists, the route itself refuses.
    let res = call_service(
        &app,
        actual(Method::POST, "/legacy/own", Some("https://evil.example"))
            .insert_header(("sec-fetch-site", "cross-site"))
            .to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(cors_header_names(&res).is_empty());
    // A plain route under the middleware is the middleware's to protect: the origin only
    // `own_policy` lists is refused there.
    let res = call_service(
        &app,
        actual(Method::POST, "/legacy/plain", Some("https://other.example"))
            .insert_header(("sec-fetch-site", "cross-site"))
            .to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(cors_header_names(&res).is_empty());
    // Nor does a plain route whose pattern only ends with a `#[cors]` route's path borrow
    // that route's origins (the first deferral matched by suffix, and let it run).
    let res = call_service(
        &app,
        actual(
            Method::POST,
            "/v2/legacy/own",
            Some("https://other.example"),
        )
        .insert_header(("sec-fetch-site", "cross-site"))
        .to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(cors_header_names(&res).is_empty());
    // Regression: a scoped `#[cors]` route written `/orders` vouched for the plain root
    // `/orders` (its path was compared without its scope): the plain route stays refused,
    // and the scoped one is the middleware's to refuse (it fails closed).
    for path in ["/orders", "/partner/orders"] {
        let res = call_service(
            &app,
            actual(Method::POST, path, Some("https://partner.example"))
                .insert_header(("sec-fetch-site", "cross-site"))
                .to_request(),
        )
        .await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{path}");
    }
    // `#[cors(off)]` opts out of the module's policy only: the middleware's applies.
    let res = call_service(
        &app,
        actual(Method::GET, "/legacy/off", Some(APP_ORIGIN)).to_request(),
    )
    .await;
    assert_eq!(values(&res, "access-control-allow-origin"), [APP_ORIGIN]);
}

#[actix_web::test]
async fn scope_middleware_covers_its_scope_only() {
    let app = init_service(
        App::new()
            .service(
                web::scope("/legacy")
                    .wrap(Cors::from(LEGACY))
                    .route("/item", web::get().to(legacy_item)),
            )
            .route("/outside", web::get().to(legacy_item)),
    )
    .await;
    let res = call_service(
        &app,
        actual(Method::GET, "/legacy/item", Some(APP_ORIGIN)).to_request(),
    )
    .await;
    assert_eq!(
        header(&res, "access-control-allow-origin").as_deref(),
        Some(APP_ORIGIN)
    );
    let res = call_service(
        &app,
        preflight("/legacy/item", APP_ORIGIN, "PUT", "").to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let res = call_service(
        &app,
        actual(Method::GET, "/outside", Some(APP_ORIGIN)).to_request(),
    )
    .await;
    assert!(cors_header_names(&res).is_empty());
}

#[test]
fn a_named_policy_is_a_value() {
    assert_eq!(APP.name(), "APP");
    assert_eq!(LEGACY.policy().unwrap().allow_methods(), "GET, PUT");
    assert!(APP.policy().unwrap().credentials());
}

#[actix_web::test]
async fn a_batched_module_answers_as_the_attribute_path_does() {
    let app = init_service(App::new().configure(everything)).await;
    let requests = [
        (Method::GET, "users", None, Some(APP_ORIGIN)),
        (Method::GET, "users", None, Some("https://evil.example")),
        (Method::GET, "users", None, None),
        (
            Method::OPTIONS,
            "users",
            Some(("POST", "content-type")),
            Some(APP_ORIGIN),
        ),
        (
            Method::OPTIONS,
            "users",
            Some(("GET", "x-other")),
            Some(APP_ORIGIN),
        ),
        (Method::POST, "users", None, Some(APP_ORIGIN)),
        (Method::POST, "webhook", None, Some(APP_ORIGIN)),
        (
            Method::OPTIONS,
            "webhook",
            Some(("POST", "")),
            Some(APP_ORIGIN),
        ),
    ];
    for (method, path, asks, origin) in requests {
        let call = |prefix: &str| match (asks, origin) {
            (Some((m, h)), Some(o)) => {
                preflight(&format!("/{prefix}/{path}"), o, m, h).to_request()
            }
            _ => actual(method.clone(), &format!("/{prefix}/{path}"), origin).to_request(),
        };
        let scoped = call_service(&app, call("admin")).await;
        let batched = call_service(&app, call("batched")).await;
        assert_eq!(
            scoped.status(),
            batched.status(),
            "{method} {path} {asks:?} {origin:?}"
        );
        assert_eq!(
            cors_headers(&scoped),
            cors_headers(&batched),
            "{method} {path} {asks:?} {origin:?}"
        );
    }
    // And what they answer is `APP`'s, with `max_age` on `create` and nothing on the webhook.
    let res = call_service(
        &app,
        preflight("/batched/users", APP_ORIGIN, "POST", "content-type").to_request(),
    )
    .await;
    assert_eq!(
        header(&res, "access-control-max-age").as_deref(),
        Some("60")
    );
    assert_eq!(
        header(&res, "access-control-allow-credentials").as_deref(),
        Some("true")
    );
    let res = call_service(
        &app,
        actual(Method::POST, "/batched/webhook", Some(APP_ORIGIN)).to_request(),
    )
    .await;
    assert!(cors_header_names(&res).is_empty() && values(&res, "vary").is_empty());
}

async fn require_token(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody>,
) -> Result<actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>, actix_web::Error> {
    if req.headers().contains_key("authorization") {
        next.call(req).await
    } else {
        Err(actix_web::error::ErrorUnauthorized("log in first"))
    }
}

/// A preflight carries no credentials, so an authentication middleware inside the CORS
/// middleware refuses it with an error; the middleware still answers it, and the refusal of
/// an actual request is readable.
#[actix_web::test]
async fn middleware_answers_preflights_an_inner_middleware_refuses() {
    let app = init_service(
        App::new()
            .wrap(actix_web::middleware::from_fn(require_token))
            .wrap(Cors::from(LEGACY))
            .route("/legacy/item", web::get().to(legacy_item)),
    )
    .await;
    let allowed = Some(actix_web::http::header::HeaderValue::from_static(
        APP_ORIGIN,
    ));
    let pre = try_call_service(
        &app,
        preflight("/legacy/item", APP_ORIGIN, "GET", "").to_request(),
    )
    .await;
    assert_eq!(rendered(pre), (StatusCode::NO_CONTENT, allowed.clone()));
    let get = try_call_service(
        &app,
        actual(Method::GET, "/legacy/item", Some(APP_ORIGIN)).to_request(),
    )
    .await;
    assert_eq!(rendered(get), (StatusCode::UNAUTHORIZED, allowed));
}

/// Status and `Access-Control-Allow-Origin` of a result as the server renders it: an `Err`
/// becomes its error response.
fn rendered<B>(
    result: Result<actix_web::dev::ServiceResponse<B>, actix_web::Error>,
) -> (StatusCode, Option<actix_web::http::header::HeaderValue>) {
    let allow_origin = |headers: &actix_web::http::header::HeaderMap| {
        headers.get("access-control-allow-origin").cloned()
    };
    match result {
        Ok(res) => (res.status(), allow_origin(res.headers())),
        Err(err) => {
            let res = err.error_response();
            (res.status(), allow_origin(res.headers()))
        }
    }
}

cors_policy! {
    /// An outer policy for another site, to nest named middleware under.
    SITE = (origins = ["https://site.example"], credentials, methods = ["GET", "PUT"]);
}

/// Regression: a `Cors::from` scope inside a `Cors::from` app. The inner one is the more
/// specific: the outer one must neither replace its preflight answers nor add its own grant
/// to what the inner one refused.
#[actix_web::test]
async fn named_middleware_inside_named_middleware_answers_for_its_scope() {
    let app = init_service(
        App::new().wrap(Cors::from(SITE)).service(
            web::scope("/legacy")
                .wrap(Cors::from(LEGACY))
                .route("/x", web::get().to(HttpResponse::Ok)),
        ),
    )
    .await;
    let res = call_service(
        &app,
        preflight("/legacy/x", APP_ORIGIN, "PUT", "").to_request(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(values(&res, "access-control-allow-origin"), [APP_ORIGIN]);
    let res = call_service(
        &app,
        preflight("/legacy/x", "https://site.example", "GET", "").to_request(),
    )
    .await;
    assert!(res.status().is_client_error());
    assert!(cors_header_names(&res).is_empty());
    let res = call_service(
        &app,
        actual(Method::GET, "/legacy/x", Some("https://site.example")).to_request(),
    )
    .await;
    assert!(
        cors_header_names(&res).is_empty(),
        "{:?}",
        cors_header_names(&res)
    );
    assert_eq!(values(&res, "vary"), ["Origin"]);
    let res = call_service(
        &app,
        actual(Method::GET, "/legacy/x", Some(APP_ORIGIN)).to_request(),
    )
    .await;
    assert_eq!(values(&res, "access-control-allow-origin"), [APP_ORIGIN]);
    assert_eq!(values(&res, "vary"), ["Origin"]);
    // A preflight the scope's authentication refuses with an error: the inner policy's
    // answer stands, not the outer one's.
    let nested_auth = init_service(
        App::new().wrap(Cors::from(SITE)).service(
            web::scope("/legacy")
                .wrap(actix_web::middleware::from_fn(require_token))
                .wrap(Cors::from(LEGACY))
                .route("/x", web::get().to(HttpResponse::Ok)),
        ),
    )
    .await;
    let pre = try_call_service(
        &nested_auth,
        preflight("/legacy/x", APP_ORIGIN, "GET", "").to_request(),
    )
    .await;
    assert_eq!(
        rendered(pre),
        (
            StatusCode::NO_CONTENT,
            Some(actix_web::http::header::HeaderValue::from_static(
                APP_ORIGIN
            ))
        )
    );
    // Outside the scope, the outer policy answers.
    let res = call_service(
        &app,
        actual(Method::GET, "/elsewhere", Some("https://site.example")).to_request(),
    )
    .await;
    assert_eq!(
        values(&res, "access-control-allow-origin"),
        ["https://site.example"]
    );
}

#[cors(origins = ["https://app.example.com"])]
#[get("/guarded", wrap = "actix_web::middleware::from_fn(require_token)")]
async fn guarded() -> impl Responder {
    HttpResponse::Ok()
}

/// Regression: an error the route's own `wrap`s returned is the route's answer too: the
/// `Cors::from` outside adds nothing to it, not even for an origin it allows itself.
#[actix_web::test]
async fn named_middleware_leaves_a_routes_error_answer_alone() {
    let app = init_service(App::new().wrap(Cors::from(SITE)).service(guarded)).await;
    let refused_by_route = try_call_service(
        &app,
        actual(Method::GET, "/guarded", Some("https://site.example")).to_request(),
    )
    .await;
    assert_eq!(rendered(refused_by_route), (StatusCode::UNAUTHORIZED, None));
    let granted_by_route = try_call_service(
        &app,
        actual(Method::GET, "/guarded", Some(APP_ORIGIN)).to_request(),
    )
    .await;
    assert_eq!(
        rendered(granted_by_route),
        (
            StatusCode::UNAUTHORIZED,
            Some(actix_web::http::header::HeaderValue::from_static(
                APP_ORIGIN
            ))
        )
    );
}
