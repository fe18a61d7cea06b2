//! A plain constant is not a `cors_policy!`.
use actix_web::{get, HttpResponse, Responder};
use cors_runtime::cors;

const APP: &str = "https://app.example.com";

#[cors(APP)]
#[get("/a")]
async fn a() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {
    let _ = APP;
}
