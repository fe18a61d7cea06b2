use actix_web::{get, HttpResponse, Responder};
use cors_runtime::cors;

#[cors(origin = ["https://a.example.com"], allow_credentials)]
#[get("/x")]
async fn handler() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {}
