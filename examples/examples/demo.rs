//! The demo: a `#[cors]` API and a page on another origin that calls it from a browser.
//!
//! ```text
//! cargo run -p examples --example demo [-- --api-port 8080 --page-port 8081 --forged-port 8082]
//! ```
//!
//! Ports also come from `DEMO_API_PORT`, `DEMO_PAGE_PORT` and `DEMO_FORGED_PORT`. The
//! page frames another site (`http://127.0.0.1:8082`) whose forged calls the API refuses. The API's policies allow the
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
    let (api_port, page_port, forged_port) = match (
        port("--api-port", "DEMO_API_PORT", 8080),
        port("--page-port", "DEMO_PAGE_PORT", 8081),
        port("--forged-port", "DEMO_FORGED_PORT", 8082),
    ) {
        (Ok(a), Ok(p), Ok(f)) => (a, p, f),
        (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => {
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
    let forged_origin = format!("http://127.0.0.1:{forged_port}");
    let html = page::html(&api_base, &forged_origin);
    let forged_html = page::forged_html(&api_base);

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
    let forged_server = HttpServer::new(move || {
        App::new()
            .wrap(Logger::new("site %r -> %s"))
            .configure(page::routes(forged_html.clone()))
    })
    .workers(1)
    .bind(("127.0.0.1", forged_port))?
    .run();

    println!("#[cors] demo");
    println!("  page: {page_origin}/   <- open this in a browser");
    println!("  api:  {api_base}");
    println!("  another site: {forged_origin}/ (framed in the page; its forged calls are refused)");
    for (var, source, entries) in deployment.vars() {
        println!("  {var} ({source:?}): {}", entries.join(" "));
    }
    println!("try a preflight with curl:");
    println!(
        "  curl -i -X OPTIONS {api_base}/api/profile -H 'Origin: {page_origin}' -H 'Access-Control-Request-Method: PUT' -H 'Access-Control-Request-Headers: content-type,x-csrf-token'"
    );
    println!("stop with Ctrl-C");

    let page = actix_web::rt::spawn(page_server);
    let forged = actix_web::rt::spawn(forged_server);
    api_server.await?;
    page.await.map_err(std::io::Error::other)??;
    forged.await.map_err(std::io::Error::other)?
}
