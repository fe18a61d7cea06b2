//! Forged requests, in each engine: a page on another site posts a form, sends a `text/plain`
//! `fetch` POST and a beacon, and opens a WebSocket to `#[cors]` routes whose handlers count
//! their calls. From another site the counts stay 0; from an allowed origin and from a page
//! the API serves itself, each call runs its handler; a `csrf_exempt` route runs from
//! anywhere. Two kinds of other site: `http://stranger.example` (plain HTTP to a name, where
//! no engine sends `Sec-Fetch-Site`, so `Origin` is compared with `Host`) and
//! `http://127.0.0.1:N` calling `http://localhost:M` (loopback is potentially trustworthy,
//! so engines send `Sec-Fetch-Site: cross-site`; Chromium not on a WebSocket handshake).
//! The kit, answering as the same engine, must say the same of each call.

// Made-up origins over plain http, as in app.rs.
#![allow(deprecated)]

use std::sync::Mutex;

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use cors_runtime::actix::Cors;
use cors_runtime::config::PolicyConfig;
use cors_runtime::test::{Beacon, Credentials, Fetch, Form, Page};
use cors_runtime::Policy;
use cors_runtime::{cors, cors_policy};
use serde_json::{json, Value};

use crate::agree::KitApp;
use crate::app::Log;
use crate::harness::Browser;
use crate::Verdicts;

/// Each handler run, by the `run` tag in its query: tags are unique per call, so the three
/// engines' suites (one process, side by side) and the kit never count each other's.
static CALLS: Mutex<Vec<String>> = Mutex::new(Vec::new());

fn record(req: &HttpRequest) {
    CALLS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .push(req.query_string().to_owned());
}

/// How many times a handler ran for `tag`.
fn calls(tag: &str) -> usize {
    let query = format!("run={tag}");
    CALLS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .iter()
        .filter(|q| **q == query)
        .count()
}

#[cors(origins = ["http://page.site.example.com"], credentials)]
#[post("/forged/attr")]
async fn attr(req: HttpRequest) -> HttpResponse {
    record(&req);
    HttpResponse::Ok().body("transferred")
}

cors_policy! {
    /// The page, by name.
    BANK = (origins = ["http://page.site.example.com"], credentials);
    /// The page, as middleware over plain actix-web routes.
    BANK_ROUTES = (origins = ["http://page.site.example.com"], credentials, methods = ["POST"]);
}

#[cors(BANK)]
#[post("/forged/named")]
async fn named(req: HttpRequest) -> HttpResponse {
    record(&req);
    HttpResponse::Ok().body("transferred")
}

async fn legacy(req: HttpRequest) -> HttpResponse {
    record(&req);
    HttpResponse::Ok().body("transferred")
}

/// Every route of a module under the named policy.
#[cors(BANK)]
mod module_form {
    use actix_web::{post, HttpRequest, HttpResponse};

    #[post("/forged/module")]
    pub(super) async fn act(req: HttpRequest) -> HttpResponse {
        super::record(&req);
        HttpResponse::Ok().body("transferred")
    }
}

/// Origins from the deployment (unset here: the default).
#[cors(origins = env("BROWSER_FORGED_ORIGINS", default = ["http://page.site.example.com"]), credentials)]
#[post("/forged/env")]
async fn from_env(req: HttpRequest) -> HttpResponse {
    record(&req);
    HttpResponse::Ok().body("transferred")
}

// No `origin_fn` form here: its gate never grants a plain-`http` origin outside loopback,
// so none of these pages could be the allowed one (tests/tests/forged.rs covers it).

/// The same policy built at run time, and read from configuration.
fn run_time_policies() -> [(&'static str, Policy); 2] {
    let built = Policy::builder()
        .origins(["http://page.site.example.com"])
        .credentials(true)
        .methods(["POST"])
        .build()
        .expect("a valid policy");
    let config: PolicyConfig = toml::from_str(
        "origins = [\"http://page.site.example.com\"]\ncredentials = true\nmethods = [\"POST\"]",
    )
    .expect("valid configuration");
    let configured = config.build().expect("a valid policy");
    [("/forged/builder", built), ("/forged/config", configured)]
}

/// A webhook other sites' pages post to: forged requests are what it is for.
#[cors(origins = ["http://page.site.example.com"], csrf_exempt)]
#[post("/forged/exempt")]
async fn exempt(req: HttpRequest) -> HttpResponse {
    record(&req);
    HttpResponse::Ok().body("accepted")
}

/// A WebSocket: the handshake is a `GET`, outside CORS, and still refused from another site.
#[cors(origins = ["http://page.site.example.com"], credentials)]
#[get("/forged/ws")]
async fn socket(req: HttpRequest, body: web::Payload) -> actix_web::Result<HttpResponse> {
    record(&req);
    let (response, mut session, _messages) = actix_ws::handle(&req, body)?;
    actix_web::rt::spawn(async move {
        let _ = session.text("hello").await;
        let _ = session.close(None).await;
    });
    Ok(response)
}

/// A page the API serves itself, so its calls are same-origin.
#[get("/forged/self")]
async fn own_page() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body("<!doctype html><title>the API's own page</title><body></body>")
}

/// The routes, for the API's server and the kit's in-process app.
pub(crate) fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(attr)
        .service(named)
        .service(exempt)
        .service(socket)
        .service(own_page)
        .service(module_form::act)
        .service(from_env)
        .service(
            web::scope("/forged/mw")
                .wrap(Cors::from(BANK_ROUTES))
                .route("", web::post().to(legacy)),
        );
    for (path, policy) in run_time_policies() {
        cfg.service(
            web::scope(path)
                .wrap(Cors::new(policy))
                .route("", web::post().to(legacy)),
        );
    }
}

/// One forged (or honest) call a page makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Call {
    Form,
    TextFetch,
    Beacon,
    WebSocket,
}

/// Runs in the page: makes `call` to `url` and resolves once the browser is done with it
/// (the form's frame loaded, the fetch settled, the beacon queued, the socket opened or
/// failed).
const CALL: &str = r#"
const [call, url, done] = arguments;
if (call === "Form") {
  const name = "sink" + Math.random();
  const frame = document.createElement("iframe");
  frame.name = name;
  document.body.appendChild(frame);
  const form = document.createElement("form");
  form.method = "post";
  form.action = url;
  form.target = name;
  const field = document.createElement("input");
  field.name = "amount";
  field.value = "1000";
  form.appendChild(field);
  document.body.appendChild(form);
  frame.addEventListener("load", () => done("submitted"), { once: true });
  form.submit();
} else if (call === "TextFetch") {
  fetch(url, { method: "POST", credentials: "include",
               headers: { "content-type": "text/plain" }, body: "amount=1000" })
    .then((r) => done("readable " + r.status), (e) => done("blocked"));
} else if (call === "Beacon") {
  done(navigator.sendBeacon(url, "amount=1000") ? "queued" : "not queued");
} else {
  const socket = new WebSocket(url);
  socket.onopen = () => { socket.close(); done("open"); };
  socket.onerror = () => done("refused");
}
"#;

/// Where a page is, how the API is addressed from it, and what each call should do.
pub(crate) struct From<'a> {
    pub(crate) what: &'a str,
    /// The page's origin, and the path the browser opens there.
    pub(crate) origin: String,
    pub(crate) path: &'a str,
    pub(crate) api: String,
    /// Whether the protected routes' handlers should run.
    pub(crate) runs: bool,
}

/// Runs every call from each of `pages` in the browser and through the kit, answering as
/// the same engine, and checks the handler ran as it should.
pub(crate) async fn forged_cases<S, B>(
    browser: &Browser,
    log: &Log,
    kit_app: &S,
    pages: &[From<'_>],
    v: &mut Verdicts,
) where
    S: KitApp<B>,
    B: actix_web::body::MessageBody,
{
    let engine = browser.engine;
    for from in pages {
        let page = format!("{}{}", from.origin, from.path);
        browser
            .client
            .goto(&page)
            .await
            .unwrap_or_else(|e| panic!("open {page}: {e}"));
        let kit_page = Page::at(&from.origin).engine(engine);
        for (route, protected) in [
            ("/forged/attr", true),
            ("/forged/named", true),
            ("/forged/mw", true),
            ("/forged/module", true),
            ("/forged/env", true),
            ("/forged/builder", true),
            ("/forged/config", true),
            ("/forged/exempt", false),
            ("/forged/ws", true),
        ] {
            let kinds: &[Call] = if route == "/forged/ws" {
                &[Call::WebSocket]
            } else {
                &[Call::Form, Call::TextFetch, Call::Beacon]
            };
            for &call in kinds {
                let should_run = from.runs || !protected;
                let name = format!("{call:?} to {route} from {}", from.what);
                // Letters, digits and `-` only, so the query arrives as written.
                let tag: String = format!("{engine:?}-{}-{call:?}-{route}", from.what)
                    .chars()
                    .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
                    .collect();
                let url = format!("{}{route}?run={tag}", from.api);
                let before = log.answered(route);
                let browser_url = if call == Call::WebSocket {
                    url.replacen("http://", "ws://", 1)
                } else {
                    url.clone()
                };
                let said = browser
                    .run(CALL, vec![json!(format!("{call:?}")), json!(browser_url)])
                    .await;
                // A beacon is sent after the script returns: wait for the API to answer it.
                log.wait_answered(route, before + 1).await;
                let ran = calls(&tag);
                // A socket must also open where its handler runs, and never elsewhere.
                let opened = call != Call::WebSocket || (said == "open") == should_run;
                v.check(
                    &format!("{engine:?}: {name}"),
                    ran == usize::from(should_run) && opened,
                    format!(
                        "the handler ran {ran} time(s), should {}; the page saw {said}",
                        if should_run { "run once" } else { "never run" }
                    ),
                );
                // The kit, as the same engine, on the in-process app.
                let kit_tag = format!("kit-{tag}");
                let kit_url = format!("{}{route}?run={kit_tag}", from.api);
                // What arrived from the browser: `Sec-Fetch-Site`, which decides the path the
                // refusal takes, must be what the kit sends for the same call.
                let arrived = log.to(route).last().and_then(|s| s.fetch_site.clone());
                let (kit_said, kit_site) = kit_call(&kit_page, kit_app, call, &kit_url).await;
                let kit_ran = calls(&kit_tag);
                // A socket the kit says was accepted is one the browser opened.
                let same_socket = call != Call::WebSocket || kit_said == json!(said == "open");
                v.check(
                    &format!("the kit agrees with {engine:?}: {name}"),
                    kit_ran == ran && kit_site == arrived && same_socket,
                    format!(
                        "kit ran the handler {kit_ran} time(s) ({kit_said}), the browser {ran} \
                         ({said}); Sec-Fetch-Site: kit {kit_site:?}, browser {arrived:?}"
                    ),
                );
            }
        }
    }
}

/// Makes `call` to `url` through the kit, as `page`'s engine would: what it says of it, and
/// the `Sec-Fetch-Site` it sent.
async fn kit_call<S, B>(page: &Page, app: &S, call: Call, url: &str) -> (Value, Option<String>)
where
    S: KitApp<B>,
    B: actix_web::body::MessageBody,
{
    let site = |exchange: Option<&cors_runtime::test::Exchange>| {
        exchange.and_then(|e| e.request_header("sec-fetch-site").map(str::to_owned))
    };
    match call {
        Call::Form => {
            let sent = page
                .submit(app, Form::post(url).field("amount", "1000"))
                .await;
            (
                json!(sent.status().map(|s| s.as_u16())),
                site(sent.exchange()),
            )
        }
        Call::TextFetch => {
            let sent = page
                .fetch(
                    app,
                    Fetch::post(url)
                        .credentials(Credentials::Include)
                        .header("content-type", "text/plain")
                        .body("amount=1000"),
                )
                .await;
            (json!(sent.is_readable()), site(sent.response()))
        }
        Call::Beacon => {
            let sent = page.fetch(app, Beacon::new(url, "amount=1000")).await;
            (
                json!(sent.response().map(cors_runtime::test::Exchange::status)),
                site(sent.response()),
            )
        }
        Call::WebSocket => {
            let kit_ws = url.replacen("http://", "ws://", 1);
            let shook = page.websocket(app, &kit_ws).await;
            (json!(shook.is_accepted()), site(shook.exchange()))
        }
    }
}
