//! Over a real socket: a preflight, then the actual request, as a browser sends them.

use actix_web::{get, put, App, HttpResponse, HttpServer, Responder};
use cors_macros::cors;
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
