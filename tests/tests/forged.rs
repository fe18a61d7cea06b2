//! Issue 25: forged requests. A browser sends a form post, a `text/plain` `fetch`, a beacon or
//! a WebSocket handshake to any site, with the user's cookies; CORS only hides the answer.
//! Every route under a policy refuses them (`403`, before its extractors, its handler and its
//! own `wrap`s), in every form a policy takes, and lets same-origin pages, clients without
//! `Origin` and the allowed origins through exactly as before.

use std::collections::HashMap;
use std::sync::{Mutex, Once};

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::HeaderMap;
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::{from_fn, Next};
use actix_web::test::{call_service, init_service, read_body, TestRequest};
use actix_web::{post, route, web, App, HttpRequest, HttpResponse, Responder};
use cors_runtime::actix::Cors;
use cors_runtime::config::PolicyConfig;
use cors_runtime::{cors, cors_policy, env, Policy};

const APP: &str = "https://app.example.com";
const EVIL: &str = "https://evil.example";
/// The host the requests are sent to, as `Host` names it.
const HOST: &str = "api.example.com";

// ---------------------------------------------------------------------------------------
// What ran: each handler and each route `wrap` counts its calls by path.

static CALLS: Mutex<Option<HashMap<String, usize>>> = Mutex::new(None);

fn count(what: String) {
    *CALLS
        .lock()
        .expect("calls")
        .get_or_insert_with(HashMap::new)
        .entry(what)
        .or_default() += 1;
}

/// The tests of this file one at a time: they count the same routes' calls, and one test's
/// requests must not land between another's count before and after.
static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

fn calls(what: &str) -> usize {
    CALLS
        .lock()
        .expect("calls")
        .as_ref()
        .and_then(|c| c.get(what).copied())
        .unwrap_or(0)
}

/// The handler of every route: counts `handler:<path>`.
async fn handled(req: HttpRequest) -> HttpResponse {
    count(format!("handler:{}", req.path()));
    HttpResponse::Ok().body("done")
}

/// An authentication middleware a route wraps itself in: counts `wrap:<path>`.
async fn counting_auth(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    count(format!("wrap:{}", req.path()));
    next.call(req).await
}

// ---------------------------------------------------------------------------------------
// Every form of policy, each on a path of its own serving `GET` and `POST`.

#[cors(origins = ["https://app.example.com"], credentials)]
#[route(
    "/form/attribute",
    method = "GET",
    method = "POST",
    wrap = "actix_web::middleware::from_fn(counting_auth)"
)]
async fn attribute(req: HttpRequest) -> impl Responder {
    handled(req).await
}

/// The same without `wrap`s: the route's one resource (`__cors_resource!`), not the middleware.
#[cors(origins = ["https://app.example.com"], credentials)]
#[route("/form/resource", method = "GET", method = "POST")]
async fn resource(req: HttpRequest) -> impl Responder {
    handled(req).await
}

cors_policy! {
    APP_POLICY = (origins = ["https://app.example.com"], credentials);
    MIDDLEWARE = (origins = ["https://app.example.com"], credentials, methods = ["GET", "POST"]);
    EXEMPT = (origins = ["https://app.example.com"], csrf_exempt);
}

#[cors(APP_POLICY)]
#[route("/form/named", method = "GET", method = "POST")]
async fn named(req: HttpRequest) -> impl Responder {
    handled(req).await
}

#[cors(origins = ["https://app.example.com"], credentials)]
mod module {
    use actix_web::{route, HttpRequest, Responder};
    use cors_runtime::cors;

    #[route(
        "/form/module",
        method = "GET",
        method = "POST",
        wrap = "actix_web::middleware::from_fn(super::counting_auth)"
    )]
    pub(crate) async fn in_module(req: HttpRequest) -> impl Responder {
        super::handled(req).await
    }

    /// A module's policy with the handler's own key: `csrf_exempt` over the module's. With
    /// the module's `credentials` on a `POST` route the rule book warns; silenced here.
    #[allow(deprecated)]
    #[cors(csrf_exempt)]
    #[route("/exempt/module", method = "GET", method = "POST")]
    pub(crate) async fn exempt_in_module(req: HttpRequest) -> impl Responder {
        super::handled(req).await
    }
}

#[cors(origins = env("FORGED_APP_ORIGINS"), credentials)]
#[route("/form/env", method = "GET", method = "POST")]
async fn from_env(req: HttpRequest) -> impl Responder {
    handled(req).await
}

fn is_app(origin: &str) -> bool {
    origin == APP
}

#[cors(origins = [], origin_fn = is_app, credentials)]
#[route("/form/origin-fn", method = "GET", method = "POST")]
async fn by_function(req: HttpRequest) -> impl Responder {
    handled(req).await
}

#[cors(origins = ["https://app.example.com"], csrf_exempt)]
#[route("/exempt/attribute", method = "GET", method = "POST")]
async fn exempt(req: HttpRequest) -> impl Responder {
    handled(req).await
}

#[cors(EXEMPT)]
#[post("/exempt/named")]
async fn exempt_named(req: HttpRequest) -> impl Responder {
    handled(req).await
}

#[cors(origins = ["*"])]
#[route("/any", method = "GET", method = "POST")]
async fn any(req: HttpRequest) -> impl Responder {
    handled(req).await
}

fn deploy() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| env::supply("FORGED_APP_ORIGINS", [APP]).unwrap());
}

fn config(extra: &str) -> Policy {
    let config: PolicyConfig = toml::from_str(&format!(
        "origins = [\"https://app.example.com\"]\ncredentials = true\nmethods = [\"GET\", \"POST\"]\n{extra}"
    ))
    .unwrap();
    config.build().unwrap()
}

fn builder() -> Policy {
    Policy::builder()
        .origins([APP])
        .credentials(true)
        .methods(["GET", "POST"])
        .build()
        .unwrap()
}

/// A resource at `path` with a counting `wrap` inside `cors`, as a run-time policy is used.
fn wrapped(
    path: &str,
    cors: Cors,
) -> actix_web::Resource<
    impl actix_web::dev::ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    web::resource(path)
        .route(web::get().to(handled))
        .route(web::post().to(handled))
        .wrap(from_fn(counting_auth))
        .wrap(cors)
}

fn app() -> App<
    impl actix_web::dev::ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    deploy();
    App::new()
        .service(attribute)
        .service(resource)
        .service(named)
        .service(module::in_module)
        .service(module::exempt_in_module)
        .service(from_env)
        .service(by_function)
        .service(exempt)
        .service(exempt_named)
        .service(any)
        .service(
            web::scope("/from").wrap(Cors::from(MIDDLEWARE)).service(
                web::resource("/named")
                    .route(web::get().to(handled))
                    .route(web::post().to(handled))
                    .wrap(from_fn(counting_auth)),
            ),
        )
        .service(wrapped("/form/builder", Cors::new(builder())))
        .service(wrapped("/form/config", Cors::new(config(""))))
        .service(wrapped(
            "/exempt/builder",
            Cors::new(
                Policy::builder()
                    .origins([APP])
                    .methods(["GET", "POST"])
                    .csrf_exempt(true)
                    .build()
                    .unwrap(),
            ),
        ))
        .service(wrapped(
            "/exempt/config",
            Cors::new(config("csrf_exempt = true")),
        ))
}

// ---------------------------------------------------------------------------------------
// Requests as browsers send them.

/// A request to `path` as sent to `HOST`.
fn to(method: Method, path: &str) -> TestRequest {
    TestRequest::default()
        .method(method)
        .uri(path)
        .insert_header(("host", HOST))
}

fn from(req: TestRequest, origin: &str) -> TestRequest {
    req.insert_header(("origin", origin))
}

fn site(req: TestRequest, value: &str) -> TestRequest {
    req.insert_header(("sec-fetch-site", value))
}

/// A WebSocket handshake, as Chromium sends it (no `Sec-Fetch-Site`).
fn handshake(path: &str, origin: &str) -> TestRequest {
    from(to(Method::GET, path), origin)
        .insert_header(("upgrade", "websocket"))
        .insert_header(("connection", "Upgrade"))
        .insert_header(("sec-websocket-version", "13"))
        .insert_header(("sec-websocket-key", "dGhlIHNhbXBsZSBub25jZQ=="))
}

/// The forged requests every protected route refuses.
fn forged(path: &str) -> Vec<(&'static str, TestRequest)> {
    vec![
        (
            "a cross-site form post",
            site(from(to(Method::POST, path), EVIL), "cross-site"),
        ),
        (
            "a same-site post (a sibling subdomain is another origin)",
            site(
                from(to(Method::POST, path), "https://blog.example.com"),
                "same-site",
            ),
        ),
        (
            "a post without Sec-Fetch-Site from a foreign origin",
            from(to(Method::POST, path), EVIL),
        ),
        (
            "a post from Origin: null",
            from(to(Method::POST, path), "null"),
        ),
        (
            "a WebSocket handshake from a foreign origin",
            handshake(path, EVIL),
        ),
        (
            "a WebSocket handshake with Sec-Fetch-Site (Firefox)",
            site(handshake(path, EVIL), "cross-site"),
        ),
    ]
}

/// The requests every protected route lets through.
fn allowed(path: &str) -> Vec<(&'static str, TestRequest)> {
    vec![
        (
            "a same-origin post (Sec-Fetch-Site)",
            site(
                from(to(Method::POST, path), &format!("https://{HOST}")),
                "same-origin",
            ),
        ),
        (
            "a user-typed navigation's post (Sec-Fetch-Site: none)",
            site(to(Method::POST, path), "none"),
        ),
        (
            "a same-origin post from an older browser (Origin is scheme://Host)",
            from(to(Method::POST, path), &format!("http://{HOST}")),
        ),
        (
            "the same over HTTP/2 (the authority in the URI, no Host)",
            from(
                TestRequest::default()
                    .method(Method::POST)
                    .uri(&format!("https://{HOST}{path}")),
                &format!("https://{HOST}"),
            ),
        ),
        (
            "a post without Origin (curl, a server)",
            to(Method::POST, path),
        ),
        (
            "a post from the allowed origin",
            site(from(to(Method::POST, path), APP), "cross-site"),
        ),
        (
            "a GET from a foreign origin (a safe method)",
            site(from(to(Method::GET, path), EVIL), "cross-site"),
        ),
        (
            "a WebSocket handshake from the allowed origin",
            handshake(path, APP),
        ),
    ]
}

fn cors_headers(headers: &HeaderMap) -> Vec<String> {
    headers
        .keys()
        .map(|name| name.as_str().to_owned())
        .filter(|name| name.starts_with("access-control-"))
        .collect()
}

fn all(headers: &HeaderMap, name: &str) -> Vec<String> {
    headers
        .get_all(name)
        .map(|v| v.to_str().unwrap().to_owned())
        .collect()
}

/// Checks one route: every forged request refused before anything of the route runs, every
/// other request served. `wrap`: whether the route has a counting `wrap` of its own.
macro_rules! check_route {
    ($app:expr, $path:expr, $wrap:expr) => {{
        let path: &str = $path;
        let (handler, wrap) = (format!("handler:{path}"), format!("wrap:{path}"));
        for (what, req) in forged(path) {
            let before = (calls(&handler), calls(&wrap));
            let res = call_service($app, req.to_request()).await;
            let status = res.status();
            let headers = res.headers().clone();
            let body = read_body(res).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{path}: {what}");
            assert_eq!(
                (calls(&handler), calls(&wrap)),
                before,
                "{path}: {what} ran the route"
            );
            assert_eq!(
                cors_headers(&headers),
                Vec::<String>::new(),
                "{path}: {what}"
            );
            assert_eq!(all(&headers, "vary"), ["Origin"], "{path}: {what}");
            assert_eq!(
                all(&headers, "content-type"),
                ["text/plain; charset=utf-8"],
                "{path}: {what}"
            );
            let body = String::from_utf8(body.to_vec()).unwrap();
            assert!(
                body.starts_with("cross-origin request refused") && !body.contains(APP),
                "{path}: {what}: {body}"
            );
        }
        for (what, req) in allowed(path) {
            let before = (calls(&handler), calls(&wrap));
            let res = call_service($app, req.to_request()).await;
            assert_eq!(res.status(), StatusCode::OK, "{path}: {what}");
            let expected = (before.0 + 1, before.1 + usize::from($wrap));
            assert_eq!((calls(&handler), calls(&wrap)), expected, "{path}: {what}");
        }
    }};
}

#[actix_web::test]
async fn every_form_of_policy_refuses_forged_requests_before_the_route_runs() {
    let _serial = SERIAL.lock().await;
    let app = init_service(app()).await;
    check_route!(&app, "/form/attribute", true);
    check_route!(&app, "/form/resource", false);
    check_route!(&app, "/form/named", false);
    check_route!(&app, "/form/module", true);
    check_route!(&app, "/form/env", false);
    check_route!(&app, "/form/origin-fn", false);
    check_route!(&app, "/from/named", true);
    check_route!(&app, "/form/builder", true);
    check_route!(&app, "/form/config", true);
}

#[actix_web::test]
async fn the_allowed_origin_is_granted_as_before() {
    let _serial = SERIAL.lock().await;
    let app = init_service(app()).await;
    for path in [
        "/form/attribute",
        "/form/named",
        "/from/named",
        "/form/builder",
    ] {
        let res = call_service(
            &app,
            site(from(to(Method::POST, path), APP), "cross-site").to_request(),
        )
        .await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert_eq!(
            all(res.headers(), "access-control-allow-origin"),
            [APP],
            "{path}"
        );
        assert_eq!(
            all(res.headers(), "access-control-allow-credentials"),
            ["true"],
            "{path}"
        );
    }
}

#[actix_web::test]
async fn csrf_exempt_routes_run_from_anywhere() {
    let _serial = SERIAL.lock().await;
    let app = init_service(app()).await;
    for path in [
        "/exempt/attribute",
        "/exempt/named",
        "/exempt/module",
        "/exempt/builder",
        "/exempt/config",
    ] {
        let handler = format!("handler:{path}");
        for (what, req) in forged(path) {
            if what.contains("WebSocket") && path == "/exempt/named" {
                continue; // a `POST` route: a handshake is a `GET`.
            }
            let before = calls(&handler);
            let res = call_service(&app, req.to_request()).await;
            assert_eq!(res.status(), StatusCode::OK, "{path}: {what}");
            assert_eq!(calls(&handler), before + 1, "{path}: {what}");
            // Still no grant for an origin the policy does not allow.
            assert_eq!(cors_headers(res.headers()), Vec::<String>::new());
        }
    }
}

#[actix_web::test]
async fn a_policy_for_any_origin_refuses_nothing() {
    let _serial = SERIAL.lock().await;
    let app = init_service(app()).await;
    for (what, req) in forged("/any") {
        let res = call_service(&app, req.to_request()).await;
        assert_eq!(res.status(), StatusCode::OK, "{what}");
        assert_eq!(all(res.headers(), "access-control-allow-origin"), ["*"]);
    }
}

/// Malformed `Sec-Fetch-Site`, `Origin` and `Host` are ordinary refusals or passes, never a
/// panic or a `500`.
#[actix_web::test]
async fn malformed_headers_never_panic() {
    let _serial = SERIAL.lock().await;
    let app = init_service(app()).await;
    let bytes: [&[u8]; 6] = [
        b"\xff\xfe",
        b"",
        b"cross-site\x01",
        b"same-origin ",
        b"::::",
        b"\x80https://api.example.com",
    ];
    for path in ["/form/resource", "/form/attribute", "/form/builder"] {
        for value in bytes {
            let value = actix_web::http::header::HeaderValue::from_bytes(value)
                .unwrap_or_else(|_| actix_web::http::header::HeaderValue::from_static("x"));
            for name in ["sec-fetch-site", "origin", "host", "upgrade"] {
                let req = from(to(Method::POST, path), EVIL)
                    .insert_header((name, value.clone()))
                    .to_request();
                let res = call_service(&app, req).await;
                assert!(
                    res.status() == StatusCode::FORBIDDEN || res.status() == StatusCode::OK,
                    "{path} {name}: {value:?} → {}",
                    res.status()
                );
            }
            // Two of each: no browser sends them; the request is refused.
            let req = to(Method::POST, path)
                .append_header(("origin", EVIL))
                .append_header(("origin", EVIL))
                .append_header(("sec-fetch-site", "same-origin"))
                .append_header(("sec-fetch-site", value.clone()))
                .to_request();
            let res = call_service(&app, req).await;
            assert_eq!(res.status(), StatusCode::FORBIDDEN, "{path}: {value:?}");
        }
        // Two `Host` headers: the request's own origin is not known, so a foreign-looking
        // `Origin` is refused.
        let req = TestRequest::default()
            .method(Method::POST)
            .uri(path)
            .append_header(("host", HOST))
            .append_header(("host", HOST))
            .insert_header(("origin", format!("http://{HOST}")))
            .to_request();
        assert_eq!(
            call_service(&app, req).await.status(),
            StatusCode::FORBIDDEN
        );
    }
}

/// Every refusal is a `debug` line naming the route, the origin and the rule.
#[actix_web::test]
async fn a_refusal_is_logged_at_debug() {
    tests::logged::record();
    let _serial = SERIAL.lock().await;
    let app = init_service(app()).await;
    for path in ["/form/resource", "/form/builder"] {
        let req = site(from(to(Method::POST, path), EVIL), "cross-site").to_request();
        assert_eq!(
            call_service(&app, req).await.status(),
            StatusCode::FORBIDDEN
        );
        let records = tests::logged::records();
        let line = records
            .iter()
            .find(|(_, m)| m.contains("forged") && m.contains(path))
            .unwrap_or_else(|| panic!("no line for {path}: {records:?}"));
        assert_eq!(line.0, log::Level::Debug);
        assert!(
            line.1.contains(EVIL) && line.1.contains("Sec-Fetch-Site"),
            "{}",
            line.1
        );
    }
}

#[actix_web::test]
async fn the_report_says_whether_forged_requests_are_refused() {
    let _serial = SERIAL.lock().await;
    let _app = init_service(app()).await;
    let report = cors_runtime::report();
    let table = report.to_string();
    let line = |path: &str| {
        table
            .lines()
            .find(|l| l.starts_with(&format!("{path} ")))
            .unwrap_or_else(|| panic!("no row for {path}:\n{table}"))
            .to_owned()
    };
    assert!(line("/form/attribute").ends_with("| refused"));
    assert!(line("/exempt/attribute").ends_with("| accepted (csrf_exempt)"));
    assert!(line("/exempt/module").ends_with("| accepted (csrf_exempt)"));
    assert!(line("/any").ends_with("| accepted (any origin)"));
    let row = report
        .rows()
        .iter()
        .find(|r| r.name == "/form/named")
        .unwrap();
    assert!(row.policy.refuses_forged() && !row.policy.csrf_exempt());
}

/// A handshake without `Origin` is no browser's (RFC 6455 4.1: browsers always send it), so
/// a safe method without `Origin` is settled without looking for `Upgrade`: it passes, as
/// curl's and a server's requests do. A `POST` without `Origin` but with a cross-site
/// `Sec-Fetch-Site` is still refused (Go's rule 3; a browser's `POST` always has `Origin`).
#[actix_web::test]
async fn requests_without_origin_are_judged_as_go_judges_them() {
    let _serial = SERIAL.lock().await;
    let app = init_service(app()).await;
    let mut handshake = to(Method::GET, "/form/resource")
        .insert_header(("upgrade", "websocket"))
        .insert_header(("connection", "Upgrade"));
    handshake = site(handshake, "cross-site");
    let res = call_service(&app, handshake.to_request()).await;
    assert_eq!(res.status(), StatusCode::OK);
    let post = site(to(Method::POST, "/form/resource"), "cross-site");
    let res = call_service(&app, post.to_request()).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

/// The test kit, answering as each engine, makes every call a browser can forge (a form
/// post, a `text/plain` fetch, a beacon, a WebSocket handshake) to every form of policy, with
/// `Sec-Fetch-Site` (to `localhost`) and without it (plain HTTP to a name): from another
/// site none runs the route; from the allowed origin the form, fetch and beacon each do.
#[actix_web::test]
async fn through_the_kit_no_forged_call_runs_any_form_of_route() {
    use cors_runtime::test::{Beacon, Credentials, Engine, Fetch, Form, Page};
    let _serial = SERIAL.lock().await;
    let app = init_service(app()).await;
    let forms = [
        "/form/attribute",
        "/form/resource",
        "/form/named",
        "/form/module",
        "/form/env",
        "/form/origin-fn",
        "/from/named",
        "/form/builder",
        "/form/config",
    ];
    for engine in [Engine::Chromium, Engine::Firefox, Engine::WebKit] {
        for base in ["http://localhost:8080", "http://api.example.com"] {
            for path in forms {
                for (origin, allowed) in [(EVIL, false), ("null", false), (APP, true)] {
                    let page = Page::at(origin).engine(engine);
                    let url = format!("{base}{path}");
                    let handler = format!("handler:{path}");
                    let before = calls(&handler);
                    let form = page
                        .submit(&app, Form::post(&url).field("amount", "1000"))
                        .await;
                    let fetch = page
                        .fetch(
                            &app,
                            Fetch::post(&url)
                                .credentials(Credentials::Include)
                                .header("content-type", "text/plain")
                                .body("amount=1000"),
                        )
                        .await;
                    page.fetch(&app, Beacon::new(&url, "amount=1000")).await;
                    let socket = page
                        .websocket(&app, &url.replacen("http://", "ws://", 1))
                        .await;
                    let ran = calls(&handler) - before;
                    let what = format!("{engine:?} {origin} -> {url}");
                    if allowed {
                        // The form, the fetch and the beacon (and the handshake where the
                        // route serves `GET`).
                        assert!(ran >= 3, "{what}: ran {ran} times");
                    } else {
                        assert_eq!(ran, 0, "{what}: a forged call ran the route");
                        assert_eq!(form.status(), Some(StatusCode::FORBIDDEN), "{what}");
                        assert_eq!(fetch.status(), None, "{what}: the page reads nothing");
                        assert!(!socket.is_accepted(), "{what}");
                    }
                }
            }
        }
    }
}
