//! `csrf_exempt` in every form: the attribute, a `cors_policy!` and a module's `#[cors]`
//! (a handler's own key over its module's), and its warning silenced deliberately where a
//! credentialed route accepts other sites' posts on purpose.
#![deny(warnings)]

use actix_web::{post, App, HttpResponse, Responder};
use cors_runtime::{cors, cors_policy};

/// A public form other sites post to: no credentials, so no warning.
#[cors(origins = ["https://partner.example.com"], csrf_exempt)]
#[post("/newsletter")]
async fn newsletter() -> impl Responder {
    HttpResponse::Ok()
}

/// A credentialed write that other sites may trigger, deliberately.
#[allow(deprecated)]
#[cors(origins = ["https://app.example.com"], credentials, csrf_exempt)]
#[post("/beacon")]
async fn beacon() -> impl Responder {
    HttpResponse::Ok()
}

cors_policy! {
    HOOKS = (origins = ["https://hooks.example.com"], csrf_exempt);
}

#[cors(HOOKS)]
#[post("/hook")]
async fn hook() -> impl Responder {
    HttpResponse::Ok()
}

#[cors(origins = ["https://app.example.com"])]
mod forms {
    use actix_web::{post, HttpResponse, Responder};
    use cors_runtime::cors;

    #[cors(csrf_exempt)]
    #[post("/forms/contact")]
    pub async fn contact() -> impl Responder {
        HttpResponse::Ok()
    }

    #[post("/forms/order")]
    pub async fn order() -> impl Responder {
        HttpResponse::Ok()
    }
}

fn main() {
    let _ = App::new()
        .service(newsletter)
        .service(beacon)
        .service(hook)
        .service(forms::contact)
        .service(forms::order);
}
