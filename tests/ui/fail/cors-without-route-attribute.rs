use actix_web::{HttpResponse, Responder};
use cors_runtime::cors;

#[cors(origins = ["https://a.example.com"])]
async fn handler() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {}
