//! Policies that must compile, without a single warning.
#![deny(warnings)]

use actix_web::{get, App, HttpResponse, Responder};
use cors_runtime::{cors, cors_policy};

#[cors(
    origins = ["https://app.example.com", "https://*.example.org", "http://localhost:8081", "http://127.0.0.1:3000", "http://[::1]:8080"],
    credentials,
    headers = ["Content-Type", "x-api-key", "authorization"],
    expose = ["x-request-id"],
    max_age = 7200,
)]
#[get("/everything")]
async fn everything() -> impl Responder {
    HttpResponse::Ok()
}

#[cors(origins = ["*"], headers = ["*", "authorization"], expose = ["*"], max_age = 0)]
#[get("/public")]
async fn public() -> impl Responder {
    HttpResponse::Ok()
}

#[cors(origins = ["null", "chrome-extension://abcdefghijklmnopabcdefghijklmnop", "https://xn--bcher-kva.example:8443"])]
#[get("/odd-origins")]
async fn odd_origins() -> impl Responder {
    HttpResponse::Ok()
}

#[cors(origins = ["https://app.example.com"], headers = [], expose = [])]
#[get("/empty-lists")]
async fn empty_lists() -> impl Responder {
    HttpResponse::Ok()
}

/// Origins the WHATWG URL standard serialises as written: a fully qualified name keeps its
/// trailing dot, and every name under `.localhost` is loopback (RFC 6761), so a pattern over
/// it is no public suffix and needs no `https://` with credentials.
#[cors(
    origins = ["https://example.com.", "https://*.example.com.", "http://*.localhost:3000", "https://0.0.0.1:6060", "https://[2001:db8::1]"],
    credentials,
)]
#[get("/url-standard")]
async fn url_standard() -> impl Responder {
    HttpResponse::Ok()
}

/// Any port: a host (`http://localhost:*`, loopback, so no `https://` needed with
/// credentials), a subdomain pattern, an IPv6 loopback, beside exact entries.
#[cors(
    origins = ["http://localhost:*", "https://*.example.com:*", "http://[::1]:*", "https://app.example.com"],
    credentials,
)]
#[get("/any-port")]
async fn any_port() -> impl Responder {
    HttpResponse::Ok()
}

cors_policy! {
    /// Preview deployments differ by port.
    PREVIEWS = (origins = ["https://preview.example.com:*", env("PREVIEW_ORIGINS", default = ["http://127.0.0.1:*"])], methods = ["GET"]);
}

/// `private_network` still compiles and answers as before; its retirement warning is
/// silenced deliberately here.
#[allow(deprecated)]
#[cors(origins = ["https://app.example.com"], private_network)]
#[get("/pna")]
async fn pna() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {
    let _ = App::new()
        .service(pna)
        .wrap(cors_runtime::actix::Cors::from(PREVIEWS))
        .service(any_port)
        .service(url_standard)
        .service(everything)
        .service(public)
        .service(odd_origins)
        .service(empty_lists);
}
