use actix_web::{get, HttpResponse, Responder};
use cors_macros::cors;

#[cors(off)]
#[get("/a")]
async fn a() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {}
