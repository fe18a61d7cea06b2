#![deny(deprecated)]

use actix_web::{get, HttpResponse, Responder};
use cors_runtime::cors;

#[cors(origins = ["http://app.example.com", "http://localhost:8081"], credentials)]
#[get("/x")]
async fn handler() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {}
