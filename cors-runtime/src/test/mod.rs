//! Would a browser let this page read this response? Write what the front end does, in
//! `cargo test`, and get the browser's verdict and console message: Chromium's, Firefox's or
//! WebKit's.
//!
//! Behind the `test-util` feature:
//!
//! ```toml
//! [dev-dependencies]
//! cors-runtime = { version = "0.1", features = ["test-util"] }
//! ```
//!
//! A [`Page`] on an origin makes a call against an actix-web service, as its script would
//! ([`Page::fetch`]), and gets an [`Outcome`]: whether the script can read the response, its
//! status and readable headers, the preflight and the request that went over the wire, and,
//! when blocked, why ([`Blocked`], to match on) and the message the console prints. It
//! follows the Fetch standard as the browsers ship it: which requests are CORS-safelisted
//! (methods; header names and values, `content-type`'s three types, the 128-byte value and
//! 1,024-byte total limits), when a preflight is sent and what it carries, the preflight's
//! checks in the engine's order, the CORS check on the response, credentials modes, which
//! response headers a script can read, the preflight cache (per page origin and URL, for
//! `max-age` up to the engine's cap, 5 s without it), Fetch Metadata (`Sec-Fetch-Site`,
//! `-Mode`, `-Dest` to potentially trustworthy URLs), and the cookies the service sets (each
//! `Set-Cookie` on its own, removed by `Max-Age=0` or an `Expires` date past on the page's
//! clock).
//!
//! It judges only what goes over the wire, so it works on any actix-web service: `#[cors]`
//! routes, `Cors` middleware, actix-cors, or a hand-written handler.
//!
//! ```
//! use actix_web::{test, App, HttpResponse, Responder};
//! use cors_runtime::cors;
//! use cors_runtime::test::{Credentials, Fetch, Page};
//!
//! #[cors(origins = ["https://app.example.com"], credentials)]
//! #[actix_web::get("/api/me")]
//! async fn me() -> impl Responder {
//!     HttpResponse::Ok().body("me")
//! }
//!
//! # actix_web::rt::System::new().block_on(async {
//! let app = test::init_service(App::new().service(me)).await;
//!
//! let outcome = Page::at("https://app.example.com")
//!     .fetch(&app, Fetch::get("/api/me").credentials(Credentials::Include))
//!     .await;
//! assert!(outcome.is_readable(), "{outcome}");
//! assert_eq!(outcome.body(), Some(&b"me"[..]));
//!
//! // Another site's page: the request arrives, but its script cannot read the answer.
//! let outcome = Page::at("https://evil.example")
//!     .fetch(&app, Fetch::get("/api/me").credentials(Credentials::Include))
//!     .await;
//! assert!(!outcome.is_readable());
//! assert!(outcome.response().is_some());
//! assert_eq!(
//!     outcome.to_string(),
//!     "Access to fetch at 'http://localhost:8080/api/me' from origin 'https://evil.example' \
//!      has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present \
//!      on the requested resource."
//! );
//! # });
//! ```
//!
//! # Choosing an engine
//!
//! A page answers as Chromium unless [`Page::engine`] names another [`Engine`]. The engines
//! agree on what is readable; they differ in how long they cache a preflight (`max-age` up to
//! 7,200 s in Chromium, 86,400 s in Firefox, 600 s in WebKit), in the order of a preflight's
//! checks (so in the cause they name), and in their console's words, which `Display` prints:
//!
//! ```
//! use actix_web::{test, web, App, HttpResponse};
//! use cors_runtime::test::{Engine, Fetch, Page};
//!
//! # actix_web::rt::System::new().block_on(async {
//! // No CORS headers at all.
//! let app = test::init_service(App::new().route("/api/me", web::get().to(HttpResponse::Ok))).await;
//!
//! let firefox = Page::at("https://app.example.com").engine(Engine::Firefox);
//! let outcome = firefox.fetch(&app, Fetch::get("/api/me")).await;
//! assert_eq!(
//!     outcome.to_string(),
//!     "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote \
//!      resource at http://localhost:8080/api/me. (Reason: CORS header \
//!      ‘Access-Control-Allow-Origin’ missing). Status code: 200."
//! );
//!
//! // WebKit prints two lines: the cause, then which API failed.
//! let safari = Page::at("https://app.example.com").engine(Engine::WebKit);
//! let outcome = safari.fetch(&app, Fetch::get("/api/me")).await;
//! assert_eq!(
//!     outcome.console(),
//!     [
//!         "Origin https://app.example.com is not allowed by Access-Control-Allow-Origin. Status code: 200",
//!         "Fetch API cannot load http://localhost:8080/api/me due to access control checks.",
//!     ]
//! );
//! # });
//! ```
//!
//! # XMLHttpRequest, EventSource and beacons
//!
//! [`Page::fetch`] takes any [`Call`]: a [`Fetch`] (with [`Fetch::no_cors`] for
//! `mode: "no-cors"`), an [`Xhr`] (`withCredentials` decides whether cookies go), an
//! [`EventSource`] (a `GET` with `Accept: text/event-stream`, never preflighted) or a
//! [`Beacon`] (`navigator.sendBeacon`: a `text/plain` `POST` with cookies, opaque to the
//! script). Each sends what the engine sends for that API and is worded as the engine words
//! it (`Access to XMLHttpRequest at …`, `EventSource cannot load …`).
//!
//! ```
//! use actix_web::{test, web, App, HttpRequest, HttpResponse};
//! use cors_runtime::test::{EventSource, Page, Xhr};
//!
//! # actix_web::rt::System::new().block_on(async {
//! let app = test::init_service(App::new().route(
//!     "/events",
//!     web::get().to(|req: HttpRequest| async move {
//!         let origin = req.headers().get("origin").cloned();
//!         let mut res = HttpResponse::Ok();
//!         if let Some(origin) = origin {
//!             res.insert_header(("access-control-allow-origin", origin))
//!                 .insert_header(("access-control-allow-credentials", "true"));
//!         }
//!         res.content_type("text/event-stream").body("data: hello\n\n")
//!     }),
//! ))
//! .await;
//! let page = Page::at("https://app.example.com");
//!
//! let stream = page
//!     .fetch(&app, EventSource::new("/events").with_credentials(true))
//!     .await;
//! assert!(stream.is_readable(), "{stream}");
//! assert!(stream.preflight().is_none());
//! let sent = stream.response().unwrap();
//! assert_eq!(sent.request_header("accept"), Some("text/event-stream"));
//!
//! let xhr = page.fetch(&app, Xhr::get("/events")).await;
//! assert!(xhr.is_readable(), "{xhr}");
//! # });
//! ```
//!
//! # Forms and WebSocket handshakes
//!
//! Some requests are outside CORS altogether: the browser sends them to any site and no
//! response header stops the server from acting on them. [`Page::submit`] sends a [`Form`]
//! as a navigation (with `Origin`, the page's cookies and `Sec-Fetch-Mode: navigate`) and
//! returns the [`Submission`]'s answer; [`Page::websocket`] sends a WebSocket handshake and
//! says whether the server accepted it ([`Handshake::is_accepted`]). Use them to test that a
//! server refuses what another site forges.
//!
//! ```
//! use actix_web::{test, web, App, HttpRequest, HttpResponse};
//! use cors_runtime::test::{Form, Page};
//!
//! # actix_web::rt::System::new().block_on(async {
//! // Refuses state changes another site's page sends.
//! let app = test::init_service(App::new().default_service(web::to(|req: HttpRequest| async move {
//!     match req.headers().get("sec-fetch-site").and_then(|s| s.to_str().ok()) {
//!         Some("cross-site") => HttpResponse::Forbidden().finish(),
//!         _ => HttpResponse::SwitchingProtocols().finish(),
//!     }
//! })))
//! .await;
//!
//! let evil = Page::at("https://evil.example");
//! let post = evil.submit(&app, Form::post("/transfer").field("to", "mallory")).await;
//! assert_eq!(post.status().map(|s| s.as_u16()), Some(403));
//!
//! let mine = Page::at("http://localhost:8080");
//! assert!(mine.websocket(&app, "/ws").await.is_accepted());
//! # });
//! ```

mod blocked;
mod cache;
mod call;
mod engine;
mod exchange;
mod fetch;
mod judge;
mod metadata;
mod navigate;
mod outcome;
mod page;
mod safelist;

pub use blocked::{Access, Blocked};
pub use call::{Beacon, Call, EventSource, Xhr};
pub use engine::Engine;
pub use exchange::Exchange;
pub use fetch::{Credentials, Fetch};
pub use navigate::{Form, Handshake, Submission};
pub use outcome::Outcome;
pub use page::Page;
