//! The API the browser calls, and a record of what reached it.
//!
//! The policies name fixed origins (`http://page.site.example.com`); Chromium's host rules,
//! and the proxy Firefox and WebKit go through, send those names to whichever free loopback
//! ports the servers got. `page.site.example.com` and `api.site.example.com` are one site, so
//! ordinary cookies travel with `credentials: "include"`: the names sit under `com`, a public
//! suffix every engine knows (WebKitGTK finds no site at all for a name under `.test`, and
//! treats each host as a site of its own).

// These plain-`http://` test origins with credentials are deliberate: the browser runs on
// loopback under made-up names, so `#[cors]`'s insecure-origin warning is silenced here.
#![allow(deprecated)]

use std::sync::{Arc, Mutex};

use actix_web::cookie::{Cookie, SameSite};
use actix_web::dev::{ServerHandle, Service};
use actix_web::{get, post, put, web, App, HttpRequest, HttpResponse, HttpServer, Responder};
use cors_runtime::actix::Cors;
use cors_runtime::{cors, cors_policy};

/// The page's origin, allowed by the policies below.
pub(crate) const PAGE: &str = "http://page.site.example.com";
/// Another page origin, allowed by none of them.
pub(crate) const STRANGER: &str = "http://stranger.example";
/// The API's origin.
pub(crate) const API: &str = "http://api.site.example.com";

/// One request as the API received it.
#[derive(Debug, Clone)]
pub(crate) struct Seen {
    pub(crate) method: String,
    pub(crate) path: String,
    pub(crate) origin: Option<String>,
    pub(crate) cookie: bool,
    pub(crate) fetch_site: Option<String>,
}

/// Everything the API received, in order, and the paths it has answered.
#[derive(Clone, Default)]
pub(crate) struct Log(Arc<Mutex<Vec<Seen>>>, Arc<Answered>);

/// The paths of the requests the API has answered, and a bell rung at each.
#[derive(Default)]
pub(crate) struct Answered {
    paths: Mutex<Vec<String>>,
    bell: tokio::sync::Notify,
}

impl Log {
    /// The requests to `path` (without the query).
    pub(crate) fn to(&self, path: &str) -> Vec<Seen> {
        self.0
            .lock()
            .expect("log")
            .iter()
            .filter(|s| s.path == path)
            .cloned()
            .collect()
    }

    /// How many requests to `path` the API has answered.
    pub(crate) fn answered(&self, path: &str) -> usize {
        let paths = self.1.paths.lock().expect("log");
        paths.iter().filter(|p| *p == path).count()
    }

    /// Waits until the API has answered `count` requests to `path` (for what a page sends
    /// after its script returns, such as a beacon); gives up after a minute, and the case's
    /// own check then says what did not arrive.
    pub(crate) async fn wait_answered(&self, path: &str, count: usize) {
        let wait = async {
            loop {
                let rung = self.1.bell.notified();
                if self.answered(path) >= count {
                    return;
                }
                rung.await;
            }
        };
        let _ = tokio::time::timeout(std::time::Duration::from_secs(60), wait).await;
    }

    /// The methods of the requests to `path`, in order.
    pub(crate) fn methods(&self, path: &str) -> Vec<String> {
        self.to(path).into_iter().map(|s| s.method).collect()
    }
}

#[cors(origins = ["http://page.site.example.com"], credentials)]
#[post("/login")]
async fn login() -> impl Responder {
    let cookie = Cookie::build("session", "browser-test")
        .path("/")
        .same_site(SameSite::Lax)
        .http_only(true)
        .finish();
    HttpResponse::Ok().cookie(cookie).body("logged in")
}

#[cors(origins = ["http://page.site.example.com"], credentials)]
#[get("/me/{case}")]
async fn me(req: HttpRequest) -> impl Responder {
    match req.cookie("session") {
        Some(c) => HttpResponse::Ok().body(format!("you are {}", c.value())),
        None => HttpResponse::Unauthorized().body("log in first"),
    }
}

#[cors(origins = ["*"])]
#[get("/public/{case}")]
async fn public() -> impl Responder {
    HttpResponse::Ok().body("public")
}

#[cors(origins = ["http://page.site.example.com"], credentials, headers = ["content-type", "x-csrf-token"], max_age = 600)]
#[put("/items/{case}")]
async fn put_item(body: String) -> impl Responder {
    HttpResponse::Ok().body(format!("stored {body}"))
}

#[cors(origins = ["http://page.site.example.com"], credentials, headers = ["content-type"], max_age = 0)]
#[put("/uncached/{case}")]
async fn put_uncached() -> impl Responder {
    HttpResponse::Ok().body("stored")
}

#[cors(origins = ["http://page.site.example.com"], expose = ["x-report-id"])]
#[get("/report/{case}")]
async fn report() -> impl Responder {
    HttpResponse::Ok()
        .insert_header(("x-report-id", "r-42"))
        .insert_header(("x-internal", "secret"))
        .body("report")
}

#[cors(origins = ["http://page.site.example.com"], credentials)]
#[get("/events/{case}")]
async fn events(req: HttpRequest) -> impl Responder {
    let who = req
        .cookie("session")
        .map_or_else(|| "nobody".to_owned(), |c| c.value().to_owned());
    HttpResponse::Ok()
        .content_type("text/event-stream")
        .body(format!("data: hello {who}\n\n"))
}

#[cors(origins = ["http://page.site.example.com"], credentials)]
#[get("/missing/{case}")]
async fn missing() -> impl Responder {
    HttpResponse::NotFound().body("no such item")
}

/// A route that allows the page, but not the `null` origin of a sandboxed iframe.
#[cors(origins = ["http://page.site.example.com"])]
#[get("/page-only/{case}")]
async fn page_only() -> impl Responder {
    HttpResponse::Ok().body("page only")
}

/// A route for pages on fully qualified names: their `Origin` keeps the trailing dot (WHATWG
/// URL standard: the host parser keeps it), exactly and under a subdomain pattern.
#[cors(origins = ["http://fqdn.site.example.com.", "http://*.sub.site.example.com."])]
#[get("/fqdn/{case}")]
async fn fqdn() -> impl Responder {
    HttpResponse::Ok().body("fqdn")
}

cors_policy! {
    /// The page, as middleware over a legacy scope of plain actix-web routes.
    LEGACY = (origins = ["http://page.site.example.com"], credentials, headers = ["content-type"], methods = ["GET", "PUT"]);
}

async fn legacy_put(body: String) -> impl Responder {
    HttpResponse::Ok().body(format!("legacy stored {body}"))
}

/// Every route of the API, as the server mounts them and as the test kit calls them.
pub(crate) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(login)
        .service(me)
        .service(public)
        .service(put_item)
        .service(put_uncached)
        .service(report)
        .service(events)
        .service(missing)
        .service(page_only)
        .service(fqdn)
        .service(
            web::scope("/legacy")
                .wrap(Cors::from(LEGACY))
                .route("/item/{case}", web::put().to(legacy_put)),
        )
        .configure(forms::routes)
        .configure(crate::forged::routes)
        .service(web::resource("/raw/{kind}/{case}").default_service(web::to(raw)));
}

/// A hand-written handler that answers as no `#[cors]` route would: each `kind` is one way
/// a server can get CORS wrong (or right by other means), so the test kit's every message
/// is checked against Chromium's, not only those this library's answers lead to.
async fn raw(req: HttpRequest) -> HttpResponse {
    let kind = req.match_info().get("kind").unwrap_or_default();
    let preflight = req.method() == actix_web::http::Method::OPTIONS;
    let mut res = HttpResponse::Ok();
    let allow_origin = match kind {
        "mismatch" => "http://other.site.example.com",
        "multiple" => "http://page.site.example.com, http://other.site.example.com",
        "invalid" => "not-an-origin",
        _ => PAGE,
    };
    if kind == "preflight-403" && preflight {
        res = HttpResponse::Forbidden();
    }
    if kind == "redirect" && preflight {
        res = HttpResponse::TemporaryRedirect();
        res.insert_header(("location", "/raw/redirect/elsewhere"));
    }
    res.insert_header(("access-control-allow-origin", allow_origin));
    let extra: &[(&str, &str)] = match (kind, preflight) {
        ("true-case", _) => &[("access-control-allow-credentials", "True")],
        ("star-methods", true) => &[
            ("access-control-allow-credentials", "true"),
            ("access-control-allow-methods", "*"),
        ],
        ("star-methods", false) => &[("access-control-allow-credentials", "true")],
        ("star-headers", true) => &[("access-control-allow-headers", "*")],
        ("bad-methods", true) => &[("access-control-allow-methods", "GET, P(UT")],
        ("expose-star", false) => &[
            ("access-control-allow-credentials", "true"),
            ("access-control-expose-headers", "*"),
        ],
        ("methods", true) => &[("access-control-allow-methods", "PATCH")],
        _ => &[],
    };
    for header in extra {
        res.insert_header(*header);
    }
    res.insert_header(("x-custom", "1"));
    res.body(format!("raw {kind}"))
}

/// Starts the API on a free loopback port; returns its port, its handle and its log.
pub(crate) fn start_api() -> std::io::Result<(u16, ServerHandle, Log)> {
    let log = Log::default();
    let record = log.clone();
    let server = HttpServer::new(move || {
        let record = record.clone();
        App::new()
            .wrap_fn(move |req, srv| {
                let answered = Arc::clone(&record.1);
                let path = req.path().to_owned();
                record.0.lock().expect("log").push(Seen {
                    method: req.method().to_string(),
                    path: req.path().to_owned(),
                    origin: req
                        .headers()
                        .get("origin")
                        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned()),
                    cookie: req.headers().contains_key("cookie"),
                    fetch_site: req
                        .headers()
                        .get("sec-fetch-site")
                        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned()),
                });
                let call = srv.call(req);
                async move {
                    let res = call.await;
                    answered.paths.lock().expect("log").push(path);
                    answered.bell.notify_waiters();
                    res
                }
            })
            .configure(routes)
    })
    .workers(1)
    .bind(("127.0.0.1", 0))?;
    let port = server.addrs()[0].port();
    let server = server.run();
    let handle = server.handle();
    actix_web::rt::spawn(server);
    Ok((port, handle, log))
}

/// The same policies in each form a team writes them in: on the route, as a named policy,
/// as middleware, and actix-cors's for comparison. Each has a credentialed policy that
/// lists `content-type` and serves `GET` and `PUT`, one without `credentials`, and one for
/// any origin, so every row of "When the browser says no" can be tried in each.
mod forms {
    // See the allow at the top of app.rs: made-up loopback origins over plain http.
    #![allow(deprecated)]

    use actix_web::{delete, get, put, web, HttpResponse, Responder};
    use cors_runtime::actix::Cors;
    use cors_runtime::{cors, cors_policy};

    async fn ok() -> impl Responder {
        HttpResponse::Ok()
            .insert_header(("x-request-id", "42"))
            .body("ok")
    }

    #[cors(origins = ["http://page.site.example.com"], credentials, headers = ["content-type"], expose = ["x-request-id"])]
    #[put("/form/attr/{case}")]
    async fn attr_put() -> impl Responder {
        ok().await
    }

    #[cors(origins = ["http://page.site.example.com"], credentials, headers = ["content-type"], expose = ["x-request-id"])]
    #[get("/form/attr/{case}")]
    async fn attr_get() -> impl Responder {
        ok().await
    }

    #[cors(origins = ["http://page.site.example.com"])]
    #[get("/form/attr-nocred/{case}")]
    async fn attr_nocred() -> impl Responder {
        ok().await
    }

    #[cors(origins = ["*"])]
    #[get("/form/attr-any/{case}")]
    async fn attr_any() -> impl Responder {
        ok().await
    }

    /// A path whose one route serves `DELETE`, beside a `PUT` on another path.
    #[cors(origins = ["http://page.site.example.com"], credentials)]
    #[delete("/form/attr-delete/{case}")]
    async fn attr_delete() -> impl Responder {
        ok().await
    }

    cors_policy! {
        /// The page, with credentials and `content-type`.
        PAGE_CRED = (origins = ["http://page.site.example.com"], credentials, headers = ["content-type"], expose = ["x-request-id"], methods = ["GET", "PUT"]);
        /// The page, without credentials.
        PAGE_PLAIN = (origins = ["http://page.site.example.com"], methods = ["GET", "PUT"]);
        /// Any origin.
        ANYONE = (origins = ["*"], methods = ["GET", "PUT"]);
    }

    #[cors(PAGE_CRED)]
    #[put("/form/named/{case}")]
    async fn named_put() -> impl Responder {
        ok().await
    }

    #[cors(PAGE_CRED)]
    #[get("/form/named/{case}")]
    async fn named_get() -> impl Responder {
        ok().await
    }

    #[cors(PAGE_PLAIN)]
    #[get("/form/named-nocred/{case}")]
    async fn named_nocred() -> impl Responder {
        ok().await
    }

    #[cors(ANYONE)]
    #[get("/form/named-any/{case}")]
    async fn named_any() -> impl Responder {
        ok().await
    }

    pub(crate) fn routes(cfg: &mut web::ServiceConfig) {
        cfg.service(attr_put)
            .service(attr_get)
            .service(attr_nocred)
            .service(attr_any)
            .service(attr_delete)
            .service(named_put)
            .service(named_get)
            .service(named_nocred)
            .service(named_any)
            .service(
                web::scope("/form/mw")
                    .wrap(Cors::from(PAGE_CRED))
                    .route("/{case}", web::get().to(ok))
                    .route("/{case}", web::put().to(ok)),
            )
            .service(
                web::scope("/form/mw-nocred")
                    .wrap(Cors::from(PAGE_PLAIN))
                    .route("/{case}", web::get().to(ok)),
            )
            .service(
                web::scope("/form/mw-any")
                    .wrap(Cors::from(ANYONE))
                    .route("/{case}", web::get().to(ok)),
            )
            .service(
                web::scope("/form/actix-cors")
                    .wrap(
                        actix_cors::Cors::default()
                            .allowed_origin("http://page.site.example.com")
                            .allowed_methods(["GET", "PUT"])
                            .allowed_header("content-type")
                            .expose_headers(["x-request-id"])
                            .supports_credentials(),
                    )
                    .route("/{case}", web::get().to(ok))
                    .route("/{case}", web::put().to(ok)),
            );
    }
}

/// The variable [`env_me`]'s origins come from. Only the child process that serves it
/// (`env_api_child` in `main.rs`) has it in its environment; elsewhere the default, which
/// grants no page of these tests, applies.
pub(crate) const ENV_VAR: &str = "BROWSER_API_ORIGINS";

/// The API's origin for [`env_me`], served by that child process.
pub(crate) const ENV_API: &str = "http://env.site.example.com";

#[cors(origins = env("BROWSER_API_ORIGINS", default = ["http://nowhere.site.example.com"]), credentials)]
#[get("/env/me")]
async fn env_me() -> impl Responder {
    HttpResponse::Ok().body("allowed by the environment")
}

/// Serves [`env_me`] on a free loopback port, checking the deployment first as an app
/// does; returns the port, where the origins came from, and the server to run.
pub(crate) fn env_api() -> std::io::Result<(u16, cors_runtime::env::Source, actix_web::dev::Server)>
{
    let deployment = cors_runtime::env::check()?;
    let source = deployment
        .vars()
        .find(|(var, ..)| *var == ENV_VAR)
        .map(|(_, source, _)| source)
        .ok_or_else(|| std::io::Error::other(format!("check() did not see {ENV_VAR}")))?;
    let server = HttpServer::new(|| App::new().service(env_me))
        .workers(1)
        .bind(("127.0.0.1", 0))?;
    let port = server.addrs()[0].port();
    Ok((port, source, server.run()))
}

/// Starts a server that answers every path with an empty page; the pages' scripts come from
/// the test.
pub(crate) fn start_page() -> std::io::Result<(u16, ServerHandle)> {
    let server = HttpServer::new(|| {
        App::new().default_service(web::to(|| async {
            HttpResponse::Ok()
                .content_type("text/html; charset=utf-8")
                .body("<!doctype html><title>page</title><body></body>")
        }))
    })
    .workers(1)
    .bind(("127.0.0.1", 0))?;
    let port = server.addrs()[0].port();
    let server = server.run();
    let handle = server.handle();
    actix_web::rt::spawn(server);
    Ok((port, handle))
}
