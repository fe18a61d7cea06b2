//! Would a browser let this page read this response? Write what the front end does, in
//! `cargo test`, and get Chromium's verdict and console message.
//!
//! Behind the `test-util` feature:
//!
//! ```toml
//! [dev-dependencies]
//! cors-runtime = { version = "0.1", features = ["test-util"] }
//! ```
//!
//! A [`Page`] on an origin calls an actix-web service with [`Fetch`] as `fetch` would, and
//! gets an [`Outcome`]: whether the script can read the response, its status and readable
//! headers, the preflight and the request that went over the wire, and, when blocked, why
//! ([`Blocked`], to match on) and the message Chromium's console prints. It follows the
//! Fetch standard as Chromium ships it: which requests are CORS-safelisted (methods; header
//! names and values, `content-type`'s three types, the 128-byte value and 1,024-byte total
//! limits), when a preflight is sent and what it carries, the preflight's checks in
//! Chromium's order, the CORS check on the response, credentials modes, which response
//! headers a script can read, the preflight cache (per page origin and URL; `max-age`
//! capped at 7,200 s, 5 s without it), and the cookies the service sets (each `Set-Cookie`
//! on its own, removed by `Max-Age=0` or an `Expires` date past on the page's clock).
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
pub use fetch::{Credentials, Fetch, Mode};
pub use navigate::{Form, Handshake, Submission};
pub use outcome::Outcome;
pub use page::Page;
