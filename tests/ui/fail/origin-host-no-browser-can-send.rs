//! Hosts the URL standard refuses: no page has these origins.
use actix_web::{get, HttpResponse, Responder};
use cors_runtime::cors;

#[cors(origins = ["https://foo.bar.255", "https://xn--a.example.com"])]
#[get("/x")]
async fn handler() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {}
