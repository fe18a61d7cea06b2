use actix_web::{get, HttpResponse, Responder};
use cors_runtime::cors;

#[cors(off)]
#[get("/a")]
async fn a() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {}
