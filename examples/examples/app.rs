//! A service shaped like a real one: policies written once and used everywhere.
//!
//! ```text
//! cargo run -p examples --example app [-- --port 8090]
//! cargo run -p examples --example app -- --cors-report     # the whole CORS exposure, then exit
//! APP_ORIGINS="https://staging.example.com" cargo run -p examples --example app
//! ```
//!
//! The web app's origins belong to the deployment: `APP_ORIGINS` (commas and/or
//! whitespace between entries), `https://app.example.com` when unset. A bad value stops the
//! app before it serves, with every problem listed.
//!
//! - `/api/*`: the web app's routes, one module under [`WEB_APP`];
//! - `/public/*`: open data, any origin, no credentials;
//! - `/admin/*`: an actix-web `#[scope]` under the stricter [`ADMIN`], with a webhook that
//!   opts out of CORS;
//! - `/legacy/*`: plain `web::resource`s under `Cors::from(LEGACY)` middleware;
//! - `/shop/*`: customers' own sites, decided by a function (`origin_fn`).
//!
//! It prints the `curl` commands that show each policy at work.

use actix_web::{middleware::Logger, web, App, HttpResponse, HttpServer};
use cors_runtime::actix::Cors;
use cors_runtime::{cors, cors_policy};

cors_policy! {
    /// The single-page web app: cookies and JSON bodies.
    pub WEB_APP = (origins = env("APP_ORIGINS", default = ["https://app.example.com"]), credentials, headers = ["content-type"]);
    /// The admin console: its own origin, no preflight cache.
    pub ADMIN = (origins = ["https://admin.example.com"], credentials, headers = ["content-type"], max_age = 0);
    /// Legacy routes written as plain actix-web resources, under middleware.
    pub LEGACY = (origins = ["https://app.example.com"], credentials, methods = ["GET", "PUT"], max_age = 600);
}

/// The web app's API.
#[cors(WEB_APP)]
mod api {
    use actix_web::{get, put, web, HttpResponse, Responder};
    use cors_runtime::cors;

    #[get("/api/me")]
    pub(super) async fn me() -> impl Responder {
        HttpResponse::Ok().body("you are demo-user")
    }

    /// The web app's policy, plus an exposed request id and a preflight cache.
    #[cors(expose = ["x-request-id"], max_age = 600)]
    #[put("/api/profile")]
    pub(super) async fn profile(body: web::Bytes) -> impl Responder {
        HttpResponse::Ok()
            .insert_header(("x-request-id", "req-1"))
            .body(format!("saved {} bytes", body.len()))
    }
}

/// Open data: any page may read it, without credentials.
#[cors(origins = ["*"])]
mod public {
    use actix_web::{get, HttpResponse, Responder};

    #[get("/public/prices")]
    pub(super) async fn prices() -> impl Responder {
        HttpResponse::Ok().body("prices")
    }
}

/// The admin console's API, under its stricter policy.
#[cors(ADMIN)]
#[actix_web::scope("/admin")]
mod admin {
    use actix_web::{delete, post, HttpResponse, Responder};
    use cors_runtime::cors;

    #[delete("/users/{id}")]
    pub(super) async fn remove_user() -> impl Responder {
        HttpResponse::NoContent().finish()
    }

    /// Called server to server by the payment provider: no browser, no CORS.
    #[cors(off)]
    #[post("/webhook")]
    pub(super) async fn webhook() -> impl Responder {
        HttpResponse::Ok().body("received")
    }
}

/// Customers' shops, each on its own domain, known only at run time.
mod shop {
    use actix_web::{get, HttpResponse, Responder};
    use cors_runtime::cors;

    /// Every `https://<name>.shops.example` site is a customer (a real service would ask its
    /// tenant directory, cached). Decided by the parsed origin's parts: `is_subdomain_of`
    /// holds only on a label boundary, so `evilshops.example` is no customer.
    pub(super) fn is_customer_origin(origin: &cors_runtime::Origin<'_>) -> bool {
        origin.scheme() == "https"
            && origin.is_subdomain_of("shops.example")
            && origin
                .host()
                .strip_suffix(".shops.example")
                .is_some_and(|name| !name.contains('.'))
    }

    #[cors(origins = [], origin_fn = is_customer_origin)]
    #[get("/shop/catalog")]
    pub(super) async fn catalog() -> impl Responder {
        HttpResponse::Ok().body("catalog")
    }
}

/// Every route the app serves: the server's workers and `--cors-report` mount the same.
fn routes(config: &mut web::ServiceConfig) {
    config
        .service(api::me)
        .service(api::profile)
        .service(public::prices)
        .service(admin::remove_user)
        .service(admin::webhook)
        .service(shop::catalog)
        .service(
            web::scope("/legacy").wrap(Cors::from(LEGACY)).service(
                web::resource("/orders")
                    .route(web::get().to(|| async { HttpResponse::Ok().body("orders") })),
            ),
        );
}

fn port() -> u16 {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == "--port")
        .and_then(|i| args.get(i + 1))
        .and_then(|p| p.parse().ok())
        .unwrap_or(8090)
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    env_logger::Builder::from_env(
        env_logger::Env::default().default_filter_or("info,cors_runtime=debug"),
    )
    .init();
    // Every deployment value in the binary, checked before the server starts.
    let deployment = cors_runtime::env::check()?;
    if std::env::args().any(|a| a == "--cors-report") {
        // Routes are listed once an `App` mounts them: build it once, as a worker would.
        let _app = actix_web::test::init_service(App::new().configure(routes)).await;
        print!("{}", cors_runtime::report());
        return Ok(());
    }
    for (var, source, entries) in deployment.vars() {
        println!("{var} ({source:?}): {}", entries.join(" "));
    }
    let port = port();
    let server = HttpServer::new(|| App::new().wrap(Logger::new("%r -> %s")).configure(routes))
        .bind(("127.0.0.1", port))?
        .run();

    let base = format!("http://127.0.0.1:{port}");
    println!("the app example on {base}; each command shows one policy:");
    for (what, command) in [
        ("the web app's credentialed read (ACAO echoes the origin, credentials true)",
         format!("curl -i {base}/api/me -H 'Origin: https://app.example.com'")),
        ("its JSON PUT's preflight (max-age 600, content-type allowed)",
         format!("curl -i -X OPTIONS {base}/api/profile -H 'Origin: https://app.example.com' -H 'Access-Control-Request-Method: PUT' -H 'Access-Control-Request-Headers: content-type'")),
        ("open data from any origin (ACAO *)",
         format!("curl -i {base}/public/prices -H 'Origin: https://anyone.example'")),
        ("the admin scope refuses the web app's origin (403, no grant)",
         format!("curl -i -X OPTIONS {base}/admin/users/7 -H 'Origin: https://app.example.com' -H 'Access-Control-Request-Method: DELETE'")),
        ("and grants its own",
         format!("curl -i -X OPTIONS {base}/admin/users/7 -H 'Origin: https://admin.example.com' -H 'Access-Control-Request-Method: DELETE'")),
        ("the webhook has no CORS at all",
         format!("curl -i -X POST {base}/admin/webhook -H 'Origin: https://app.example.com'")),
        ("a legacy resource under Cors::from(LEGACY) middleware",
         format!("curl -i {base}/legacy/orders -H 'Origin: https://app.example.com'")),
        ("the middleware answers preflights on any path under it",
         format!("curl -i -X OPTIONS {base}/legacy/anything -H 'Origin: https://app.example.com' -H 'Access-Control-Request-Method: PUT'")),
        ("a customer's shop, allowed by origin_fn (ACAO echoes it)",
         format!("curl -i {base}/shop/catalog -H 'Origin: https://acme.shops.example'")),
        ("a site that is not a customer's (no ACAO)",
         format!("curl -i {base}/shop/catalog -H 'Origin: https://acme.shops.example.evil.test'")),
    ] {
        println!("  # {what}\n  {command}");
    }
    server.await
}

/// What the front ends can do, judged as Chromium would (`cors_runtime::test`).
#[cfg(test)]
mod tests {
    use actix_web::http::StatusCode;
    use actix_web::{test, App};
    use cors_runtime::test::{Access, Blocked, Credentials, Fetch, Page};

    const WEB_APP: &str = "https://app.example.com";
    const ADMIN: &str = "https://admin.example.com";

    /// The messages Chromium's console ends these refusals with.
    const NO_GRANT: &str =
        "No 'Access-Control-Allow-Origin' header is present on the requested resource.";

    #[actix_web::test]
    async fn the_web_app_reads_and_saves_with_its_cookies() {
        let app = test::init_service(App::new().configure(super::routes)).await;
        let page = Page::at(WEB_APP);
        let me = page
            .fetch(
                &app,
                Fetch::get("/api/me").credentials(Credentials::Include),
            )
            .await;
        assert!(me.is_readable(), "{me}");
        assert_eq!(me.body(), Some(&b"you are demo-user"[..]));

        let save = || {
            Fetch::put("/api/profile")
                .header("content-type", "application/json")
                .credentials(Credentials::Include)
                .body("{}")
        };
        let first = page.fetch(&app, save()).await;
        assert!(first.is_readable(), "{first}");
        assert!(first.preflight().is_some());
        assert_eq!(first.header("x-request-id"), Some("req-1"));
        // `max_age = 600`: the next save within ten minutes sends no preflight.
        let second = page.fetch(&app, save()).await;
        assert!(
            second.is_readable() && second.preflight().is_none(),
            "{second}"
        );
        page.advance(std::time::Duration::from_secs(601));
        assert!(page.fetch(&app, save()).await.preflight().is_some());

        // A header nobody listed: the console names it.
        let debug = page.fetch(&app, save().header("x-debug", "1")).await;
        assert_eq!(
            debug.reason().as_deref(),
            Some("Request header field x-debug is not allowed by Access-Control-Allow-Headers in preflight response.")
        );
    }

    #[actix_web::test]
    async fn another_site_reads_nothing_though_its_request_arrives() {
        let app = test::init_service(App::new().configure(super::routes)).await;
        let outcome = Page::at("https://evil.example")
            .fetch(
                &app,
                Fetch::get("/api/me").credentials(Credentials::Include),
            )
            .await;
        assert_eq!(
            outcome.blocked(),
            Some(&Blocked::Response(Access::MissingAllowOrigin))
        );
        assert!(outcome.reason().is_some_and(|r| r == NO_GRANT), "{outcome}");
        assert_eq!(
            outcome.response().map(cors_runtime::test::Exchange::status),
            Some(200)
        );
    }

    #[actix_web::test]
    async fn only_the_admin_console_manages_users_and_no_page_calls_the_webhook() {
        let app = test::init_service(App::new().configure(super::routes)).await;
        let remove = || Fetch::delete("/admin/users/7").credentials(Credentials::Include);
        let admin = Page::at(ADMIN).fetch(&app, remove()).await;
        assert!(admin.is_readable(), "{admin}");
        assert_eq!(admin.status(), Some(StatusCode::NO_CONTENT));
        let web_app = Page::at(WEB_APP).fetch(&app, remove()).await;
        assert!(web_app.response().is_none(), "the DELETE is never sent");
        assert_eq!(
            web_app.blocked(),
            Some(&Blocked::Preflight(Access::MissingAllowOrigin))
        );
        assert!(web_app.to_string().ends_with(&format!(
            "Response to preflight request doesn't pass access control check: {NO_GRANT}"
        )));
        let webhook = Page::at(ADMIN)
            .fetch(&app, Fetch::post("/admin/webhook"))
            .await;
        assert!(!webhook.is_readable(), "{webhook}");
    }

    #[actix_web::test]
    async fn open_data_is_for_everyone_but_never_with_cookies() {
        let app = test::init_service(App::new().configure(super::routes)).await;
        let page = Page::at("https://anyone.example");
        let prices = page.fetch(&app, Fetch::get("/public/prices")).await;
        assert!(prices.is_readable(), "{prices}");
        let with_cookies = page
            .fetch(
                &app,
                Fetch::get("/public/prices").credentials(Credentials::Include),
            )
            .await;
        assert_eq!(
            with_cookies.blocked(),
            Some(&Blocked::Response(Access::WildcardWithCredentials))
        );
        assert!(with_cookies
            .reason()
            .is_some_and(|r| r.contains("wildcard '*'")));
    }

    #[actix_web::test]
    async fn legacy_resources_and_customer_shops() {
        let app = test::init_service(App::new().configure(super::routes)).await;
        let orders = Page::at(WEB_APP)
            .fetch(
                &app,
                Fetch::get("/legacy/orders").credentials(Credentials::Include),
            )
            .await;
        assert!(orders.is_readable(), "{orders}");
        let customer = Page::at("https://acme.shops.example")
            .fetch(&app, Fetch::get("/shop/catalog"))
            .await;
        assert!(customer.is_readable(), "{customer}");
        let lookalike = Page::at("https://acme.shops.example.evil.test")
            .fetch(&app, Fetch::get("/shop/catalog"))
            .await;
        assert!(!lookalike.is_readable());
    }
}
