use actix_web::{get, HttpResponse, Responder};
use cors_runtime::{cors, cors_policy};

cors_policy! {
    APP = (origins = env("APP_ORIGINS", default = ["*"]), credentials);
}

#[cors(origins = ["https://app.example.com", env("EXTRA", default = ["https://app.example.com", "http://localhost:3000/"])])]
#[get("/a")]
async fn a() -> impl Responder {
    HttpResponse::Ok()
}

#[cors(origins = env("NULLS", default = ["null"]), credentials)]
#[get("/b")]
async fn b() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {}
