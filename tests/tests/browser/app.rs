//! The API the browser calls, and a record of what reached it.
//!
//! The policies name fixed origins (`http://page.site.test`); Chromium's host rules send
//! those names to whichever free loopback ports the servers got. `page.site.test` and
//! `api.site.test` are one site, so ordinary cookies travel with `credentials: "include"`.

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
pub(crate) const PAGE: &str = "http://page.site.test";
/// Another page origin, allowed by none of them.
pub(crate) const STRANGER: &str = "http://stranger.example";
/// The API's origin.
pub(crate) const API: &str = "http://api.site.test";

/// One request as the API received it.
#[derive(Debug, Clone)]
pub(crate) struct Seen {
    pub(crate) method: String,
    pub(crate) path: String,
    pub(crate) origin: Option<String>,
    pub(crate) cookie: bool,
}

/// Everything the API received, in order.
#[derive(Clone, Default)]
pub(crate) struct Log(Arc<Mutex<Vec<Seen>>>);

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

    /// The methods of the requests to `path`, in order.
    pub(crate) fn methods(&self, path: &str) -> Vec<String> {
        self.to(path).into_iter().map(|s| s.method).collect()
    }
}

#[cors(origins = ["http://page.site.test"], credentials)]
#[post("/login")]
async fn login() -> impl Responder {
    let cookie = Cookie::build("session", "browser-test")
        .path("/")
        .same_site(SameSite::Lax)
        .http_only(true)
        .finish();
    HttpResponse::Ok().cookie(cookie).body("logged in")
}

#[cors(origins = ["http://page.site.test"], credentials)]
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

#[cors(origins = ["http://page.site.test"], credentials, headers = ["content-type", "x-csrf-token"], max_age = 600)]
#[put("/items/{case}")]
async fn put_item(body: String) -> impl Responder {
    HttpResponse::Ok().body(format!("stored {body}"))
}

#[cors(origins = ["http://page.site.test"], credentials, headers = ["content-type"], max_age = 0)]
#[put("/uncached/{case}")]
async fn put_uncached() -> impl Responder {
    HttpResponse::Ok().body("stored")
}

#[cors(origins = ["http://page.site.test"], expose = ["x-report-id"])]
#[get("/report/{case}")]
async fn report() -> impl Responder {
    HttpResponse::Ok()
        .insert_header(("x-report-id", "r-42"))
        .insert_header(("x-internal", "secret"))
        .body("report")
}

#[cors(origins = ["http://page.site.test"], credentials)]
#[get("/events/{case}")]
async fn events(req: HttpRequest) -> impl Responder {
    let who = req
        .cookie("session")
        .map_or_else(|| "nobody".to_owned(), |c| c.value().to_owned());
    HttpResponse::Ok()
        .content_type("text/event-stream")
        .body(format!("data: hello {who}\n\n"))
}

#[cors(origins = ["http://page.site.test"], credentials)]
#[get("/missing/{case}")]
async fn missing() -> impl Responder {
    HttpResponse::NotFound().body("no such item")
}

/// A route that allows the page, but not the `null` origin of a sandboxed iframe.
#[cors(origins = ["http://page.site.test"])]
#[get("/page-only/{case}")]
async fn page_only() -> impl Responder {
    HttpResponse::Ok().body("page only")
}

/// A route for pages on fully qualified names: their `Origin` keeps the trailing dot (WHATWG
/// URL standard: the host parser keeps it), exactly and under a subdomain pattern.
#[cors(origins = ["http://fqdn.site.test.", "http://*.sub.site.test."])]
#[get("/fqdn/{case}")]
async fn fqdn() -> impl Responder {
    HttpResponse::Ok().body("fqdn")
}

cors_policy! {
    /// The page, as middleware over a legacy scope of plain actix-web routes.
    LEGACY = (origins = ["http://page.site.test"], credentials, headers = ["content-type"], methods = ["GET", "PUT"]);
}

async fn legacy_put(body: String) -> impl Responder {
    HttpResponse::Ok().body(format!("legacy stored {body}"))
}

/// Starts the API on a free loopback port; returns its port, its handle and its log.
pub(crate) fn start_api() -> std::io::Result<(u16, ServerHandle, Log)> {
    let log = Log::default();
    let record = log.clone();
    let server = HttpServer::new(move || {
        let record = record.clone();
        App::new()
            .wrap_fn(move |req, srv| {
                record.0.lock().expect("log").push(Seen {
                    method: req.method().to_string(),
                    path: req.path().to_owned(),
                    origin: req
                        .headers()
                        .get("origin")
                        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned()),
                    cookie: req.headers().contains_key("cookie"),
                });
                srv.call(req)
            })
            .service(login)
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
    })
    .workers(1)
    .bind(("127.0.0.1", 0))?;
    let port = server.addrs()[0].port();
    let server = server.run();
    let handle = server.handle();
    actix_web::rt::spawn(server);
    Ok((port, handle, log))
}

/// The variable [`env_me`]'s origins come from. Only the child process that serves it
/// (`env_api_child` in `main.rs`) has it in its environment; elsewhere the default, which
/// grants no page of these tests, applies.
pub(crate) const ENV_VAR: &str = "BROWSER_API_ORIGINS";

/// The API's origin for [`env_me`], served by that child process.
pub(crate) const ENV_API: &str = "http://env.site.test";

#[cors(origins = env("BROWSER_API_ORIGINS", default = ["http://nowhere.site.test"]), credentials)]
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
