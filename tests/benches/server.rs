//! Serves one benchmark variant over real HTTP for the wrk load run, on one worker thread:
//!
//! ```text
//! server <plain|ours|plain-resource|actix-cors|floor> <port>
//! ```
//!
//! `load/wrk.sh` starts it pinned to one core and runs wrk pinned to the other.

mod common;

use actix_web::{App, HttpServer};
use common::Variant;

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let [variant, port] = args.as_slice() else {
        eprintln!("usage: server <variant> <port>");
        std::process::exit(2);
    };
    let (Some(variant), Ok(port)) = (Variant::parse(variant), port.parse::<u16>()) else {
        eprintln!("unknown variant or bad port: {variant} {port}");
        std::process::exit(2);
    };
    actix_web::rt::System::new().block_on(async move {
        HttpServer::new(move || common::register(App::new(), variant))
            .workers(1)
            .bind(("127.0.0.1", port))?
            .run()
            .await
    })
}
