//! Origins from a config file instead of the environment: the TOML file's `app_origins`
//! go to every `env("APP_ORIGINS")` through `cors_runtime::env::supply`, and its
//! `[legacy_cors]` table is a run-time policy (`cors_runtime::config::PolicyConfig`, feature
//! `serde`). Both are checked by the rule book before the server starts.
//!
//! ```text
//! cargo run -p examples --example config [-- path/to/config.toml] [--check]
//! ```
//!
//! With `--check` it stops after the checks, printing what it would serve.

use actix_web::{get, web, App, HttpResponse, HttpServer, Responder};
use cors_runtime::actix::Cors;
use cors_runtime::config::PolicyConfig;
use cors_runtime::cors;
use serde::Deserialize;

#[derive(Deserialize)]
struct Settings {
    port: u16,
    app_origins: Vec<String>,
    legacy_cors: PolicyConfig,
}

#[cors(origins = env("APP_ORIGINS"), credentials, headers = ["content-type"])]
#[get("/api/me")]
async fn me() -> impl Responder {
    HttpResponse::Ok().body("you are demo-user")
}

fn fail(error: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidInput, error)
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args.iter().find(|a| !a.starts_with("--")).map_or_else(
        || format!("{}/examples/config.toml", env!("CARGO_MANIFEST_DIR")),
        Clone::clone,
    );
    let text = std::fs::read_to_string(&path)?;
    let settings: Settings = toml::from_str(&text).map_err(|e| fail(format!("{path}: {e}")))?;
    cors_runtime::env::supply("APP_ORIGINS", settings.app_origins)?;
    cors_runtime::env::check()?;
    let legacy = settings.legacy_cors.build_at("legacy_cors").map_err(fail)?;
    print!("{}", cors_runtime::report());
    println!("legacy_cors: {}", legacy.allow_methods());
    if args.iter().any(|a| a == "--check") {
        return Ok(());
    }
    println!("serving on http://127.0.0.1:{}", settings.port);
    HttpServer::new(move || {
        App::new().service(me).service(
            web::resource("/legacy")
                .wrap(Cors::new(legacy.clone()))
                .route(web::get().to(|| async { "legacy" })),
        )
    })
    .bind(("127.0.0.1", settings.port))?
    .run()
    .await
}
