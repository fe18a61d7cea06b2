// Code written before `cors-runtime` re-exported the macros depends on both crates and
// imports them from `cors_macros`: it keeps compiling.
use actix_web::{get, App, HttpResponse, Responder};
use cors_macros::{cors, cors_policy};

cors_policy! {
    pub APP = (origins = ["https://app.example.com"], methods = ["GET"]);
}

#[cors(origins = ["https://app.example.com"], credentials)]
#[get("/api/me")]
async fn me() -> impl Responder {
    HttpResponse::Ok()
}

#[cors(APP)]
#[get("/api/items")]
async fn items() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {
    let _ = App::new()
        .service(me)
        .service(items)
        .wrap(cors_runtime::actix::Cors::from(APP));
}
