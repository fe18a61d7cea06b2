//! The module's own `*` with credentials: one error, at the module attribute's token, for
//! every route it covers.
use cors_runtime::cors;

#[cors(origins = ["*"], credentials)]
mod api {
    use actix_web::{get, post, HttpResponse, Responder};

    #[get("/a")]
    async fn a() -> impl Responder {
        HttpResponse::Ok()
    }

    #[post("/b")]
    async fn b() -> impl Responder {
        HttpResponse::Ok()
    }
}

fn main() {}
