//! The API half of the demo, on `http://localhost:8080` by default. The page's policy is
//! written once, [`PAGE`], and covers the session routes through their module; the other
//! routes carry their own. The page calls each of them.
//!
//! The page's origin belongs to the deployment: `DEMO_PAGE_ORIGINS`, which the demo
//! supplies from its `--page-port` (or the environment sets), [`PAGE_ORIGIN`] when unset.

use std::sync::atomic::{AtomicU64, Ordering};

use actix_web::http::header::ContentType;
use actix_web::web::{self, ServiceConfig};
use actix_web::{get, HttpResponse, Responder};
use cors_runtime::{cors, cors_policy};
use serde::{Deserialize, Serialize};

/// The page's origin when `DEMO_PAGE_ORIGINS` is not supplied: the default the policies
/// below give `env("DEMO_PAGE_ORIGINS", ...)`.
pub const PAGE_ORIGIN: &str = "http://localhost:8081";

/// The deployment variable that holds the page's origins.
pub const PAGE_ORIGINS_VAR: &str = "DEMO_PAGE_ORIGINS";

cors_policy! {
    /// The demo page, with its session cookie.
    pub PAGE = (origins = env("DEMO_PAGE_ORIGINS", default = ["http://localhost:8081"]), credentials);
}

/// The routes of the logged-in page, all under [`PAGE`].
#[cors(PAGE)]
mod session {
    use std::sync::atomic::Ordering;

    use actix_web::web::{self, Bytes};
    use actix_web::{cookie::Cookie, get, post, put, HttpRequest, HttpResponse, Responder};
    use cors_runtime::cors;

    use super::{Message, Profile};

    /// Logs in: sets the session cookie the credentialed calls read.
    #[post("/api/login")]
    pub(super) async fn login() -> impl Responder {
        let cookie = Cookie::build("session", "demo-user")
            .path("/")
            .http_only(true)
            .same_site(actix_web::cookie::SameSite::Lax)
            .finish();
        HttpResponse::Ok()
            .cookie(cookie)
            .json(Message::new("logged in"))
    }

    /// Who is logged in: reads the session cookie; `401` (still readable) without one.
    #[get("/api/me")]
    pub(super) async fn me(req: HttpRequest) -> impl Responder {
        match req.cookie("session") {
            Some(session) => {
                HttpResponse::Ok().json(Message::new(format!("you are {}", session.value())))
            }
            None => {
                HttpResponse::Unauthorized().json(Message::new("no session cookie: log in first"))
            }
        }
    }

    /// Saves a profile: a JSON `PUT` with a custom header, so the browser preflights it
    /// first: `PAGE` with the request headers and a preflight cache added.
    #[cors(headers = ["content-type", "x-csrf-token"], max_age = 600)]
    #[put("/api/profile")]
    pub(super) async fn profile(req: HttpRequest, body: web::Json<Profile>) -> impl Responder {
        if req.cookie("session").is_none() {
            return HttpResponse::Unauthorized()
                .json(Message::new("no session cookie: log in first"));
        }
        HttpResponse::Ok().json(Message::new(format!("saved name {:?}", body.name)))
    }

    /// Moves money: the state-changing call another site would forge. It counts each run,
    /// so a page can show whether a forged call reached it.
    #[post("/api/transfer")]
    pub(super) async fn transfer() -> impl Responder {
        let done = super::TRANSFERS.fetch_add(1, Ordering::Relaxed) + 1;
        HttpResponse::Ok().json(Message::new(format!("transfer {done} made")))
    }

    /// A live channel: a WebSocket handshake is a `GET` outside CORS altogether, and is
    /// refused from origins the policy does not allow all the same.
    #[get("/api/socket")]
    pub(super) async fn socket(
        req: HttpRequest,
        body: web::Payload,
    ) -> actix_web::Result<HttpResponse> {
        let (response, mut session, _messages) = actix_ws::handle(&req, body)?;
        let opened = super::SOCKETS.fetch_add(1, Ordering::Relaxed) + 1;
        actix_web::rt::spawn(async move {
            let _ = session.text(format!("socket {opened} open")).await;
            let _ = session.close(None).await;
        });
        Ok(response)
    }

    /// A server-sent-events stream for the logged-in user (`EventSource` with credentials).
    #[get("/api/events")]
    pub(super) async fn events(req: HttpRequest) -> impl Responder {
        let who = req
            .cookie("session")
            .map_or_else(|| "nobody".to_owned(), |c| c.value().to_owned());
        let body = format!("data: hello {who}\n\n");
        HttpResponse::Ok()
            .content_type("text/event-stream")
            .insert_header(("cache-control", "no-cache"))
            .body(Bytes::from(body))
    }
}

/// Transfers made, and WebSocket handshakes accepted, since the API started.
static TRANSFERS: AtomicU64 = AtomicU64::new(0);
static SOCKETS: AtomicU64 = AtomicU64::new(0);

/// How many transfers and sockets the API has served: readable by any page (no
/// credentials), so both demo pages can show whether their calls ran a handler.
#[cors(origins = ["*"])]
#[get("/api/counts")]
async fn counts() -> impl Responder {
    HttpResponse::Ok().json(Counts {
        transfers: TRANSFERS.load(Ordering::Relaxed),
        sockets: SOCKETS.load(Ordering::Relaxed),
    })
}

/// What `GET /api/counts` answers.
#[derive(Debug, Serialize)]
pub struct Counts {
    /// `POST /api/transfer` handler runs.
    pub transfers: u64,
    /// Sockets `GET /api/socket` opened.
    pub sockets: u64,
}

/// A profile update.
#[derive(Debug, Deserialize, Serialize)]
pub struct Profile {
    /// The new display name.
    pub name: String,
}

/// Open data: any origin may read it, without credentials.
#[cors(origins = ["*"])]
#[get("/api/public")]
async fn public() -> impl Responder {
    HttpResponse::Ok().json(Message::new("anyone may read this"))
}

/// A report whose `x-report-id` is exposed to scripts and whose `x-internal` is not.
#[cors(origins = env("DEMO_PAGE_ORIGINS", default = ["http://localhost:8081"]), expose = ["x-report-id"])]
#[get("/api/report")]
async fn report() -> impl Responder {
    HttpResponse::Ok()
        .insert_header(("x-report-id", "r-2026-42"))
        .insert_header(("x-internal", "not for scripts"))
        .json(Message::new("report ready"))
}

/// Admin data for a different site: the demo page's origin is deliberately not allowed.
#[cors(origins = ["https://admin.example.com"], credentials)]
#[get("/api/admin")]
async fn admin() -> impl Responder {
    HttpResponse::Ok().json(Message::new("admin secrets"))
}

/// A JSON body with one message.
#[derive(Debug, Serialize)]
pub struct Message {
    /// The message.
    pub message: String,
}

impl Message {
    fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }
}

/// Registers every API route; pass to `App::configure`.
pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(session::login)
        .service(session::me)
        .service(session::profile)
        .service(public)
        .service(report)
        .service(admin)
        .service(session::events)
        .service(session::transfer)
        .service(session::socket)
        .service(counts)
        .default_service(web::to(|| async {
            HttpResponse::NotFound()
                .content_type(ContentType::plaintext())
                .body("no such route")
        }));
}
