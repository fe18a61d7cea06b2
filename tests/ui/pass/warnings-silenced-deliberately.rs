//! `#[allow(deprecated)]` on the handler keeps a suspicious but legal policy quietly.
#![deny(warnings)]

use actix_web::{get, App, HttpResponse, Responder};
use cors_runtime::cors;

#[cors(origins = ["http://intranet.example.com"], credentials, max_age = 86400)]
#[get("/intranet")]
#[allow(deprecated)]
async fn intranet() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {
    let _ = App::new().service(intranet);
}
