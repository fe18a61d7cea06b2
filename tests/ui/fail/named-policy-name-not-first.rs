use actix_web::{get, HttpResponse, Responder};
use cors_runtime::{cors, cors_policy};

cors_policy! {
    APP = (origins = ["https://app.example.com"]);
}

#[cors(max_age = 60, APP)]
#[get("/a")]
async fn a() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {}
