//! `APP` allows credentials: the route's `*` is the error, at the route's token.
use actix_web::{get, HttpResponse, Responder};
use cors_runtime::{cors, cors_policy};

cors_policy! {
    APP = (origins = ["https://app.example.com"], credentials);
    PUBLIC = (origins = ["*"]);
}

#[cors(APP, origins = ["*"])]
#[get("/a")]
async fn a() -> impl Responder {
    HttpResponse::Ok()
}

// The policy's own `*` meets the route's `credentials`: blamed on the route's name.
#[cors(PUBLIC, credentials)]
#[get("/b")]
async fn b() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {}
