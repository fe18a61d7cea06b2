//! A host whose last label is a number is an IPv4 address: browsers send `127.0.0.1`.
use actix_web::{get, HttpResponse, Responder};
use cors_runtime::cors;

#[cors(origins = ["http://127.1:3000", "http://1:6060", "http://0x7f.0.0.1"])]
#[get("/x")]
async fn handler() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {}
