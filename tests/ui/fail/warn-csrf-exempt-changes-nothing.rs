//! `csrf_exempt` where it changes nothing: a policy for any origin refuses no forged
//! request, and a route serving only `HEAD` is never sent one by a browser. A `GET` route
//! does not warn: there the key lets other sites' WebSocket handshakes through.
#![deny(deprecated)]

use actix_web::{get, route, HttpResponse, Responder};
use cors_runtime::cors;

#[cors(origins = ["*"], csrf_exempt)]
#[route("/feed", method = "GET", method = "POST")]
async fn feed() -> impl Responder {
    HttpResponse::Ok()
}

#[cors(origins = ["https://app.example.com"], csrf_exempt)]
#[route("/probe", method = "HEAD")]
async fn probe() -> impl Responder {
    HttpResponse::Ok()
}

#[cors(origins = ["https://app.example.com"], credentials, csrf_exempt)]
#[get("/socket")]
async fn socket() -> impl Responder {
    HttpResponse::Ok()
}

fn main() {}
