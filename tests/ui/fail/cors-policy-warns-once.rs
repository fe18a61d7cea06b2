//! Warnings fire once, at the definition, and `#[allow(deprecated)]` there silences them.
#![deny(deprecated)]
use actix_web::{get, HttpResponse, Responder};
use cors_runtime::{cors, cors_policy};

cors_policy! {
    LOUD = (origins = ["http://app.example.com"], credentials, max_age = 9000);
    #[allow(deprecated)]
    QUIET = (origins = ["http://app.example.com"], credentials);
}

#[cors(LOUD)]
#[get("/a")]
async fn a() -> impl Responder {
    HttpResponse::Ok()
}

#[cors(LOUD)]
#[get("/b")]
async fn b() -> impl Responder {
    HttpResponse::Ok()
}

#[cors(QUIET)]
#[get("/c")]
async fn c() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {
    let _ = actix_web::App::new().service(a).service(b).service(c);
}
