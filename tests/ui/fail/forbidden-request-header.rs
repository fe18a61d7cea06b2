//! Headers the browser sets itself: no script sets them, no preflight asks for them.
use actix_web::{post, HttpResponse, Responder};
use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"], credentials, headers = ["content-type", "Cookie", "sec-fetch-mode"])]
#[post("/x")]
async fn handler() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {}
