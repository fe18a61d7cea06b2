//! Browsers send IPv6 addresses compressed and lowercase (RFC 5952).
use actix_web::{get, HttpResponse, Responder};
use cors_runtime::cors;

#[cors(origins = ["http://[2001:0db8:0:0:0:0:0:1]:8080", "http://[::::1]"])]
#[get("/x")]
async fn handler() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {}
