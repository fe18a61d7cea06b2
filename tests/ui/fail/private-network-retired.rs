//! Private Network Access is retired: `private_network` still compiles, with a warning at
//! the key (denied here, so the snapshot shows it).
#![deny(deprecated)]
use actix_web::{get, HttpResponse, Responder};
use cors_runtime::{cors, cors_policy};

#[cors(origins = ["https://app.example.com"], private_network)]
#[get("/a")]
async fn a() -> impl Responder {
    HttpResponse::Ok()
}

cors_policy! {
    DEVICES = (origins = ["https://app.example.com"], private_network, methods = ["GET"]);
}

fn main() {
    let _ = actix_web::App::new()
        .wrap(cors_runtime::actix::Cors::from(DEVICES))
        .service(a);
}
