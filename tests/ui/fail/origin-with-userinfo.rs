use actix_web::{get, HttpResponse, Responder};
use cors_runtime::cors;

#[cors(origins = ["https://user:secret@app.example.com"])]
#[get("/x")]
async fn handler() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {}
