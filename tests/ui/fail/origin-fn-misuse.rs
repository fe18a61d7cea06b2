use actix_web::{get, HttpResponse, Responder};
use cors_runtime::cors;

fn allowed(origin: &str) -> bool {
    origin.ends_with(".example.com")
}

#[cors(origins = ["https://app.example.com"], origin_fn = "allowed")]
#[get("/a")]
async fn a() -> impl Responder {
    HttpResponse::Ok()
}

#[cors(origins = ["https://app.example.com"], origin_fn)]
#[get("/b")]
async fn b() -> impl Responder {
    HttpResponse::Ok()
}

#[cors(origins = ["*"], origin_fn = allowed)]
#[get("/c")]
async fn c() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {}
