//! A bounded load test over real HTTP: a fixed number of allowed, refused, malformed and
//! preflight requests from several client threads against one `HttpServer`. Every request
//! gets an answer, the only 5xx are the ones the handler returns, nothing is logged at error
//! level, and the process's resident memory stays flat (start and end are printed).

use std::sync::atomic::{AtomicUsize, Ordering};

use actix_web::{get, put, App, HttpResponse, HttpServer, Responder};
use cors_runtime::cors;
use tests::http;

const THREADS: usize = 4;
const ROUNDS: usize = 500;

#[cors(origins = ["https://app.example.com", "https://*.example.org"], credentials, headers = ["content-type", "x-api-key"], max_age = 60)]
#[put("/api/items")]
async fn items() -> impl Responder {
    HttpResponse::Ok().body("saved")
}

#[cors(origins = ["https://app.example.com"], credentials, expose = ["x-request-id"])]
#[get("/api/me")]
async fn me() -> impl Responder {
    HttpResponse::Ok()
        .insert_header(("x-request-id", "1"))
        .body("me")
}

#[cors(origins = ["https://app.example.com"], credentials)]
#[get("/api/broken")]
async fn broken() -> impl Responder {
    HttpResponse::InternalServerError().body("the handler's own 500")
}

/// Counts log records at `error` level; any is a failure.
struct ErrorCounter;

static ERRORS: AtomicUsize = AtomicUsize::new(0);

impl log::Log for ErrorCounter {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }
    fn log(&self, record: &log::Record<'_>) {
        if record.level() == log::Level::Error {
            eprintln!("error log: {}", record.args());
            ERRORS.fetch_add(1, Ordering::SeqCst);
        }
    }
    fn flush(&self) {}
}

/// (request head, statuses a correct server may answer). A preflight from an allowed origin
/// for a header nobody listed gets `200` with what is allowed (the browser still refuses,
/// naming the header); a malformed list or an origin the policy does not list gets `403`.
const MIX: &[(&str, &[u16])] = &[
    ("GET /api/me HTTP/1.1\r\nHost: x\r\nOrigin: https://app.example.com\r\nCookie: s=1", &[200]),
    ("GET /api/me HTTP/1.1\r\nHost: x\r\nOrigin: https://evil.example.net", &[200]),
    ("GET /api/me HTTP/1.1\r\nHost: x", &[200]),
    ("GET /api/me HTTP/1.1\r\nHost: x\r\nOrigin: https://\u{e9}.example.com", &[200]),
    ("GET /api/me HTTP/1.1\r\nHost: x\r\nOrigin: https://app.example.com\r\nOrigin: https://evil.com", &[200]),
    ("GET /api/me HTTP/1.1\r\nHost: x\r\nOrigin:    ", &[200]),
    ("GET /api/broken HTTP/1.1\r\nHost: x\r\nOrigin: https://app.example.com", &[500]),
    ("OPTIONS /api/items HTTP/1.1\r\nHost: x\r\nOrigin: https://a.example.org\r\nAccess-Control-Request-Method: PUT\r\nAccess-Control-Request-Headers: content-type,x-api-key", &[204]),
    ("OPTIONS /api/items HTTP/1.1\r\nHost: x\r\nOrigin: https://app.example.com\r\nAccess-Control-Request-Method: PUT\r\nAccess-Control-Request-Headers: x-evil", &[200]),
    ("OPTIONS /api/items HTTP/1.1\r\nHost: x\r\nOrigin: https://app.example.com\r\nAccess-Control-Request-Method: PUT\r\nAccess-Control-Request-Headers: ,,,\t;;", &[403]),
    ("OPTIONS /api/items HTTP/1.1\r\nHost: x\r\nOrigin: https://app.example.com", &[404, 405]),
    ("OPTIONS /api/items HTTP/1.1\r\nHost: x\r\nOrigin: null\r\nAccess-Control-Request-Method: PUT", &[403]),
    ("PUT /api/items HTTP/1.1\r\nHost: x\r\nOrigin: https://app.example.com\r\nContent-Length: 0", &[200]),
];

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

#[actix_web::test]
async fn mixed_load_gets_correct_boring_answers_and_memory_stays_flat() -> std::io::Result<()> {
    log::set_logger(&ErrorCounter).expect("first logger");
    log::set_max_level(log::LevelFilter::Trace);
    let server = HttpServer::new(|| App::new().service(items).service(me).service(broken))
        .workers(2)
        .bind(("127.0.0.1", 0))?;
    let addr = server.addrs()[0];
    let server = server.run();
    let handle = server.handle();
    let running = actix_web::rt::spawn(server);

    let run = move |rounds: usize| {
        let threads: Vec<_> = (0..THREADS)
            .map(|_| {
                std::thread::spawn(move || -> Result<usize, String> {
                    let mut sent = 0;
                    for _ in 0..rounds {
                        for (head, statuses) in MIX {
                            let res = http(addr, head).map_err(|e| format!("{head:?}: {e}"))?;
                            if !statuses.contains(&res.status) {
                                return Err(format!("{head:?} answered {}", res.status));
                            }
                            let allow = res.values("access-control-allow-origin");
                            if allow.len() > 1 || allow == ["*"] {
                                return Err(format!("{head:?}: unsound grant {allow:?}"));
                            }
                            sent += 1;
                        }
                    }
                    Ok(sent)
                })
            })
            .collect();
        threads
            .into_iter()
            .map(|t| t.join().expect("client thread"))
            .sum::<Result<usize, String>>()
    };

    let warm = actix_web::rt::task::spawn_blocking(move || run(ROUNDS / 10))
        .await
        .expect("warm-up")
        .map_err(std::io::Error::other)?;
    let start = rss_kib();
    let sent = actix_web::rt::task::spawn_blocking(move || run(ROUNDS))
        .await
        .expect("load")
        .map_err(std::io::Error::other)?;
    let end = rss_kib();
    handle.stop(true).await;
    running.await.expect("server task")?;

    println!(
        "{sent} requests after {warm} warm-up ones; RSS {start} KiB at start, {end} KiB at end"
    );
    assert_eq!(sent, THREADS * ROUNDS * MIX.len());
    assert_eq!(ERRORS.load(Ordering::SeqCst), 0, "error-level log lines");
    // Flat: growth that does not scale with the 26,000 requests. A leak of even 1 KiB per
    // request would add 25 MiB.
    assert!(
        end.saturating_sub(start) < 8 * 1024,
        "RSS grew from {start} KiB to {end} KiB"
    );
    Ok(())
}
