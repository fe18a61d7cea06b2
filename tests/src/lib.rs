//! Helpers shared by the integration tests: requests shaped the way browsers send them, and
//! header reads that keep assertions exact.

pub mod fuzz;
pub mod logged;
pub mod oracle;

/// The README's Rust examples, compiled as doc tests so the quick start cannot go stale.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};

use actix_web::dev::ServiceResponse;
use actix_web::http::Method;
use actix_web::test::TestRequest;

/// An actual request from `origin` (or from nowhere, when `None`).
pub fn actual(method: Method, uri: &str, origin: Option<&str>) -> TestRequest {
    let req = TestRequest::default().method(method).uri(uri);
    match origin {
        Some(origin) => req.insert_header(("Origin", origin)),
        None => req,
    }
}

/// A preflight as a browser sends it: `OPTIONS` with `Origin`,
/// `Access-Control-Request-Method`, and `Access-Control-Request-Headers` when `headers` is
/// not empty.
pub fn preflight(uri: &str, origin: &str, method: &str, headers: &str) -> TestRequest {
    let req = TestRequest::default()
        .method(Method::OPTIONS)
        .uri(uri)
        .insert_header(("Origin", origin))
        .insert_header(("Access-Control-Request-Method", method));
    if headers.is_empty() {
        req
    } else {
        req.insert_header(("Access-Control-Request-Headers", headers))
    }
}

/// Every value of header `name`, in order.
pub fn values<B>(res: &ServiceResponse<B>, name: &str) -> Vec<String> {
    res.headers()
        .get_all(name)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .collect()
}

/// The single value of header `name`; `None` when absent.
///
/// # Panics
///
/// On a repeated header, which a browser would combine into a value no check accepts.
pub fn header<B>(res: &ServiceResponse<B>, name: &str) -> Option<String> {
    let all = values(res, name);
    assert!(
        all.len() <= 1,
        "header {name} sent {} times: {all:?}",
        all.len()
    );
    all.into_iter().next()
}

/// The names of every `Access-Control-*` header on the response, sorted.
pub fn cors_header_names<B>(res: &ServiceResponse<B>) -> Vec<String> {
    let mut names: Vec<String> = res
        .headers()
        .keys()
        .map(|n| n.as_str().to_owned())
        .filter(|n| n.starts_with("access-control-"))
        .collect();
    names.sort();
    names.dedup();
    names
}

/// Asserts that a preflight was refused in the way that lets the browser name the cause:
/// `200`, the grant for `origin`, what is allowed, no `Access-Control-Max-Age` (so nothing
/// is cached), and a browser's own check still refusing `method` with `request_headers`,
/// with credentials and without.
///
/// # Panics
///
/// When the answer is not such a refusal.
pub fn assert_explained<B>(
    res: &ServiceResponse<B>,
    origin: &str,
    method: &str,
    request_headers: &[&str],
) {
    assert_eq!(
        res.status(),
        actix_web::http::StatusCode::OK,
        "{:?}",
        res.headers()
    );
    assert_eq!(
        header(res, "access-control-allow-origin").as_deref(),
        Some(origin)
    );
    assert!(header(res, "access-control-allow-methods").is_some());
    assert_eq!(header(res, "access-control-max-age"), None);
    let headers: Vec<(String, Vec<u8>)> = res
        .headers()
        .iter()
        .map(|(n, v)| (n.as_str().to_owned(), v.as_bytes().to_vec()))
        .collect();
    for include in [false, true] {
        assert!(
            !oracle::preflight_check(
                200,
                origin.as_bytes(),
                include,
                method.as_bytes(),
                request_headers,
                &headers
            ),
            "a browser would pass {method} {request_headers:?} (credentials: {include}): {headers:?}"
        );
    }
}

/// The methods of `Access-Control-Allow-Methods`, sorted, for paths whose routes' order
/// should not matter.
pub fn allowed_methods<B>(res: &ServiceResponse<B>) -> Vec<String> {
    let mut methods: Vec<String> = header(res, "access-control-allow-methods")
        .unwrap_or_default()
        .split(", ")
        .map(str::to_owned)
        .collect();
    methods.sort();
    methods
}

/// A response read off a real socket.
#[derive(Debug)]
pub struct RawResponse {
    /// The status code.
    pub status: u16,
    /// Header names (lowercase) and values, in wire order.
    pub headers: Vec<(String, String)>,
}

impl RawResponse {
    /// Every value of header `name`.
    pub fn values(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

/// Sends one HTTP/1.1 request over a fresh connection and reads the response head.
///
/// `head` is the request line and headers without the blank line; `Connection: close` is
/// added so the response ends with the connection.
pub fn http(addr: SocketAddr, head: &str) -> std::io::Result<RawResponse> {
    let mut stream = TcpStream::connect(addr)?;
    write!(stream, "{head}\r\nConnection: close\r\n\r\n")?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let text = String::from_utf8_lossy(&raw);
    let head = text.split("\r\n\r\n").next().unwrap_or_default();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("no status line in {text:?}")))?;
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    Ok(RawResponse { status, headers })
}
