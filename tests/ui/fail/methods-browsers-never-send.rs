//! Methods no browser sends as listed: `fetch` refuses `TRACE` and `CONNECT`, upper-cases
//! `delete` (so `methods = ["delete"]` never matches), sends `patch` as written (which no
//! route serves), and a preflight asks for one method by name, never `*`.

use actix_web::{connect, trace, HttpResponse, Responder};
use cors_runtime::{cors, cors_policy};

#[cors(origins = ["https://app.example.com"])]
#[trace("/debug")]
async fn traced() -> impl Responder {
    HttpResponse::Ok()
}

#[cors(origins = ["https://app.example.com"])]
#[connect("/tunnel")]
async fn tunnel() -> impl Responder {
    HttpResponse::Ok()
}

cors_policy! {
    ANY_METHOD = (origins = ["https://app.example.com"], methods = ["*"]);
    LOWER = (origins = ["https://app.example.com"], methods = ["GET", "delete", "patch"]);
}

fn main() {
    let _ = (traced, tunnel);
}
