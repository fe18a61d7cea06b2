use actix_web::{get, HttpResponse, Responder};
use cors_runtime::cors;

#[cors(origins = [""])]
#[get("/x")]
async fn handler() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {}
