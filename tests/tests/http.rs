//! Over a real socket: a preflight, then the actual request, as a browser sends them.

use actix_web::{get, put, App, HttpResponse, HttpServer, Responder};
use cors_runtime::cors;
use tests::http;

#[cors(origins = ["http://localhost:8081"], credentials, headers = ["content-type", "x-csrf"], max_age = 30)]
#[put("/api/profile")]
async fn profile() -> impl Responder {
    HttpResponse::Ok().body("saved")
}

#[cors(origins = ["http://localhost:8081"], credentials)]
#[get("/api/me")]
async fn me() -> impl Responder {
    HttpResponse::Ok().body("me")
}

#[actix_web::test]
async fn preflight_then_actual_request_over_http() -> std::io::Result<()> {
    let server = HttpServer::new(|| App::new().service(profile).service(me))
        .workers(1)
        .bind(("127.0.0.1", 0))?;
    let addr = server.addrs()[0];
    let server = server.run();
    let handle = server.handle();
    let running = actix_web::rt::spawn(server);

    let exchange = actix_web::rt::task::spawn_blocking(move || {
        let origin = "Origin: http://localhost:8081";
        let pre = http(
            addr,
            &format!("OPTIONS /api/profile HTTP/1.1\r\nHost: x\r\n{origin}\r\nAccess-Control-Request-Method: PUT\r\nAccess-Control-Request-Headers: content-type,x-csrf"),
        )?;
        let put = http(
            addr,
            &format!("PUT /api/profile HTTP/1.1\r\nHost: x\r\n{origin}\r\nCookie: session=1\r\nContent-Type: application/json\r\nX-Csrf: t\r\nContent-Length: 0"),
        )?;
        let refused = http(addr, "GET /api/me HTTP/1.1\r\nHost: x\r\nOrigin: http://localhost:9999")?;
        std::io::Result::Ok((pre, put, refused))
    })
    .await
    .expect("client thread")?;
    handle.stop(true).await;
    running.await.expect("server task")?;

    let (pre, put, refused) = exchange;
    assert_eq!(pre.status, 204);
    assert_eq!(
        pre.values("access-control-allow-origin"),
        ["http://localhost:8081"]
    );
    assert_eq!(pre.values("access-control-allow-credentials"), ["true"]);
    assert_eq!(pre.values("access-control-allow-methods"), ["PUT"]);
    assert_eq!(
        pre.values("access-control-allow-headers"),
        ["content-type, x-csrf"]
    );
    assert_eq!(pre.values("access-control-max-age"), ["30"]);
    assert_eq!(put.status, 200);
    assert_eq!(
        put.values("access-control-allow-origin"),
        ["http://localhost:8081"]
    );
    assert_eq!(put.values("access-control-allow-credentials"), ["true"]);
    assert_eq!(put.values("vary"), ["Origin"]);
    assert_eq!(refused.status, 200);
    assert!(
        refused
            .headers
            .iter()
            .all(|(n, _)| !n.starts_with("access-control-")),
        "{refused:?}"
    );
    assert_eq!(refused.values("vary"), ["Origin"]);
    Ok(())
}

cors_runtime::cors_policy! {
    /// The page, written once.
    SITE = (origins = ["http://localhost:8081"], credentials, headers = ["content-type"]);
    /// The same origin as middleware over plain resources.
    SITE_MIDDLEWARE = (origins = ["http://localhost:8081"], credentials, methods = ["GET", "DELETE"]);
}

/// Handlers under a named policy, through a module.
#[cors(SITE)]
mod site {
    use actix_web::{put, HttpResponse, Responder};

    #[put("/site/profile")]
    pub(super) async fn profile() -> impl Responder {
        HttpResponse::Ok().body("saved")
    }
}

#[actix_web::test]
async fn named_policies_and_middleware_over_http() -> std::io::Result<()> {
    let server = HttpServer::new(|| {
        App::new().service(site::profile).service(
            actix_web::web::scope("/legacy")
                .wrap(cors_runtime::actix::Cors::from(SITE_MIDDLEWARE))
                .route("/orders", actix_web::web::get().to(HttpResponse::Ok)),
        )
    })
    .workers(1)
    .bind(("127.0.0.1", 0))?;
    let addr = server.addrs()[0];
    let server = server.run();
    let handle = server.handle();
    let running = actix_web::rt::spawn(server);
    let exchange = actix_web::rt::task::spawn_blocking(move || {
        let origin = "Origin: http://localhost:8081";
        let pre = http(
            addr,
            &format!("OPTIONS /site/profile HTTP/1.1\r\nHost: x\r\n{origin}\r\nAccess-Control-Request-Method: PUT\r\nAccess-Control-Request-Headers: content-type"),
        )?;
        let legacy_pre = http(
            addr,
            &format!("OPTIONS /legacy/orders/7 HTTP/1.1\r\nHost: x\r\n{origin}\r\nAccess-Control-Request-Method: DELETE"),
        )?;
        let legacy = http(addr, &format!("GET /legacy/orders HTTP/1.1\r\nHost: x\r\n{origin}"))?;
        std::io::Result::Ok((pre, legacy_pre, legacy))
    })
    .await
    .expect("client thread")?;
    handle.stop(true).await;
    running.await.expect("server task")?;

    let (pre, legacy_pre, legacy) = exchange;
    assert_eq!(pre.status, 204);
    assert_eq!(
        pre.values("access-control-allow-origin"),
        ["http://localhost:8081"]
    );
    assert_eq!(pre.values("access-control-allow-methods"), ["PUT"]);
    assert_eq!(pre.values("access-control-allow-headers"), ["content-type"]);
    // A path with no resource under the middleware: answered, not 404.
    assert_eq!(legacy_pre.status, 204);
    assert_eq!(
        legacy_pre.values("access-control-allow-methods"),
        ["GET, DELETE"]
    );
    assert_eq!(legacy.status, 200);
    assert_eq!(
        legacy.values("access-control-allow-origin"),
        ["http://localhost:8081"]
    );
    assert_eq!(legacy.values("access-control-allow-credentials"), ["true"]);
    assert_eq!(legacy.values("vary"), ["Origin"]);
    Ok(())
}
