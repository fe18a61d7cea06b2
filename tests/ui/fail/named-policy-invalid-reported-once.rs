//! An invalid policy is an error at its own token, once, however many routes use it; a
//! route that replaces the offending key compiles.
use actix_web::{get, HttpResponse, Responder};
use cors_runtime::{cors, cors_policy};

cors_policy! {
    BROKEN = (origins = ["https://app.example.com/"], credentials);
}

#[cors(BROKEN)]
#[get("/a")]
async fn a() -> impl Responder {
    HttpResponse::Ok()
}

#[cors(BROKEN)]
#[get("/b")]
async fn b() -> impl Responder {
    HttpResponse::Ok()
}

#[cors(BROKEN, origins = ["https://app.example.com"])]
#[get("/c")]
async fn c() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {
    let _ = actix_web::App::new().service(c);
}
