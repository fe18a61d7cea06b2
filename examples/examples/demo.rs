//! The demo: a `#[cors]` API and a page on another origin that calls it from a browser.
//!
//! ```text
//! cargo run -p examples --example demo [-- --api-port 8080 --page-port 8081]
//! ```
//!
//! Ports also come from `DEMO_API_PORT` and `DEMO_PAGE_PORT`. The API's policies allow the
//! page wherever it is served: the demo supplies `DEMO_PAGE_ORIGINS` from the page port
//! (set it yourself to serve the page from elsewhere). `RUST_LOG=debug` shows which rule
//! refused each refused request.

use actix_web::{middleware::Logger, App, HttpServer};
use examples::{api, page};

fn port(flag: &str, env: &str, default: u16) -> Result<u16, String> {
    let args: Vec<String> = std::env::args().collect();
    let from_flag = args
        .iter()
        .position(|a| a == flag)
        .and_then(|i| args.get(i + 1));
    match from_flag.cloned().or_else(|| std::env::var(env).ok()) {
        None => Ok(default),
        Some(text) => text
            .parse()
            .map_err(|_| format!("{flag}/{env}: `{text}` is not a port")),
    }
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    env_logger::Builder::from_env(
        env_logger::Env::default().default_filter_or("info,cors_runtime=debug"),
    )
    .init();
    let (api_port, page_port) = match (
        port("--api-port", "DEMO_API_PORT", 8080),
        port("--page-port", "DEMO_PAGE_PORT", 8081),
    ) {
        (Ok(a), Ok(p)) => (a, p),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let api_base = format!("http://localhost:{api_port}");
    let page_origin = format!("http://localhost:{page_port}");
    // The API's origins come from the demo's configuration, checked before it serves.
    if std::env::var_os(api::PAGE_ORIGINS_VAR).is_none() {
        cors_runtime::env::supply(api::PAGE_ORIGINS_VAR, [page_origin.clone()])?;
    }
    let deployment = cors_runtime::env::check()?;
    let html = page::html(&api_base);

    let api_server = HttpServer::new(|| {
        App::new()
            .wrap(Logger::new("api  %r -> %s"))
            .configure(api::routes)
    })
    .workers(2)
    .bind(("localhost", api_port))?
    .run();
    let page_server = HttpServer::new(move || {
        App::new()
            .wrap(Logger::new("page %r -> %s"))
            .configure(page::routes(html.clone()))
    })
    .workers(1)
    .bind(("localhost", page_port))?
    .run();

    println!("#[cors] demo");
    println!("  page: {page_origin}/   <- open this in a browser");
    println!("  api:  {api_base}");
    for (var, source, entries) in deployment.vars() {
        println!("  {var} ({source:?}): {}", entries.join(" "));
    }
    println!("try a preflight with curl:");
    println!(
        "  curl -i -X OPTIONS {api_base}/api/profile -H 'Origin: {page_origin}' -H 'Access-Control-Request-Method: PUT' -H 'Access-Control-Request-Headers: content-type,x-csrf-token'"
    );
    println!("stop with Ctrl-C");

    let page = actix_web::rt::spawn(page_server);
    api_server.await?;
    page.await.map_err(std::io::Error::other)?
}
