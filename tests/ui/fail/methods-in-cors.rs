use actix_web::{get, HttpResponse, Responder};
use cors_runtime::cors;

#[cors(origins = ["https://app.example.com"], methods = ["GET", "PUT"])]
#[get("/a")]
async fn a() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {}
