use actix_web::{get, HttpResponse, Responder};
use cors_runtime::cors;

#[get("/x")]
#[cors(origins = ["https://a.example.com"])]
async fn handler() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {}
