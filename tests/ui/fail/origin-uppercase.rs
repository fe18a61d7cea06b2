use actix_web::{get, HttpResponse, Responder};
use cors_runtime::cors;

#[cors(origins = ["HTTPS://app.example.com", "https://App.Example.com"])]
#[get("/x")]
async fn handler() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {}
