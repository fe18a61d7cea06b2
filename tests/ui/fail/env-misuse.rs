use actix_web::{get, HttpResponse, Responder};
use cors_runtime::cors;

const NAME: &str = "APP_ORIGINS";

#[cors(origins = env(NAME))]
#[get("/a")]
async fn a() -> impl Responder {
    HttpResponse::Ok()
}

#[cors(origins = [env("app-origins"), env("1ST"), env()])]
#[get("/b")]
async fn b() -> impl Responder {
    HttpResponse::Ok()
}

#[cors(origins = env("APP_ORIGINS", fallback = ["https://a.example.com"]))]
#[get("/c")]
async fn c() -> impl Responder {
    HttpResponse::Ok()
}

#[cors(origins = [env("X", default = "https://a.example.com"), env("Y", default = [1])])]
#[get("/d")]
async fn d() -> impl Responder {
    HttpResponse::Ok()
}

#[cors(origins = ["*", env("MORE")], headers = [env("HEADERS")])]
#[get("/e")]
async fn e() -> impl Responder {
    HttpResponse::Ok()
}

#[cors(origins = [env("SAME"), env("SAME")])]
#[get("/f")]
async fn f() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {}
