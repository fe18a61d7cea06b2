//! Random policies against random requests, judged by the Fetch-standard oracle in
//! `tests::oracle`: access is granted exactly when the policy allows it, and no response
//! carries a header combination a browser would reject or that would leak. Half the
//! policies take their origins as a deployment variable's text, split as `env("VAR")` is.

use actix_web::http::Method;
use actix_web::test::{call_service, init_service, TestRequest};
use actix_web::{web, App, HttpResponse};
use cors_runtime::actix::Cors;
use cors_runtime::Policy;
use proptest::prelude::*;
use tests::oracle;

const EXACT: [&str; 4] = [
    "https://app.example.com",
    "https://admin.example.com",
    "http://localhost:3000",
    "https://example.org:8443",
];
/// Subdomain patterns: (prefix, suffix, any port).
const PATTERNS: [(&str, &str, bool); 3] = [
    ("https://", ".example.com", false),
    ("https://", ".shop.example.net", false),
    ("https://", ".example.com", true),
];
/// Hosts allowed on any port (`http://localhost:*`).
const ANY_PORT: [&str; 2] = ["http://localhost", "https://app.example.com"];
const METHODS: [&str; 5] = ["GET", "POST", "PUT", "DELETE", "PATCH"];
const HEADERS: [&str; 4] = [
    "content-type",
    "x-api-key",
    "authorization",
    "x-requested-with",
];
const RESPONSE_HEADERS: [&str; 3] = ["x-request-id", "x-trace", "x-secret"];

/// Origins near and far from the allowed ones.
const CANDIDATES: &[&str] = &[
    "https://app.example.com",
    "https://admin.example.com",
    "http://localhost:3000",
    "https://example.org:8443",
    "https://api.example.com",
    "https://a.b.example.com",
    "https://x_y.example.com",
    "https://xn--80ak6aa92e.example.com",
    "https://example.com",
    "https://.example.com",
    "https://a..example.com",
    "https://x.shop.example.net",
    "https://shop.example.net",
    "http://app.example.com",
    "http://api.example.com",
    "https://app.example.com:443",
    "https://app.example.com:8443",
    "https://example.org",
    "http://localhost:3001",
    "http://localhost",
    "https://app.example.com.evil.com",
    "https://evilexample.com",
    "https://evil-example.com",
    "https://example.com.evil.net",
    "https://APP.example.com",
    "HTTPS://app.example.com",
    "https://app.example.com.",
    "https://api.example.com.",
    "https://app.example.com/",
    "https://user@app.example.com",
    "https://*.example.com",
    "null",
    "NULL",
    "",
    "https://app.example.com, https://evil.com",
    "https://\u{43f}\u{440}\u{438}\u{43c}\u{435}\u{440}.example.com",
    "http://localhost:5173",
    "http://localhost:65535",
    "http://localhost:65536",
    "http://localhost:517300",
    "http://localhost:05173",
    "http://localhost:5173.evil.com",
    "http://localhost.evil.com:5173",
    "https://app.example.com:5",
    "https://api.example.com:8443",
    "https://api.example.com:08443",
    "https://api.example.com:8443.evil.com",
];

#[derive(Debug, Clone)]
enum Origins {
    Any,
    Listed {
        exact: Vec<&'static str>,
        patterns: Vec<(&'static str, &'static str, bool)>,
        any_port: Vec<&'static str>,
        null: bool,
    },
}

#[derive(Debug, Clone)]
enum Headers {
    None,
    Any { authorization: bool },
    Listed(Vec<&'static str>),
}

#[derive(Debug, Clone)]
struct Spec {
    origins: Origins,
    credentials: bool,
    methods: Vec<&'static str>,
    headers: Headers,
    expose: Option<Vec<&'static str>>, // `Some(vec!["*"])` for all
    max_age: Option<u32>,
    /// `Some(separator)`: the origins come as a deployment variable's text, entries joined
    /// by it, and are split as `env("VAR")` splits them.
    deployed: Option<&'static str>,
}

fn subset<T: Clone + std::fmt::Debug + 'static>(
    pool: &'static [T],
) -> impl Strategy<Value = Vec<T>> {
    proptest::sample::subsequence(pool.to_vec(), 0..=pool.len())
}

fn spec() -> impl Strategy<Value = Spec> {
    let origins = prop_oneof![
        1 => Just(Origins::Any),
        4 => (subset(&EXACT), subset(&PATTERNS), subset(&ANY_PORT), any::<bool>())
            .prop_filter("some origin", |(e, p, a, n)| {
                !e.is_empty() || !p.is_empty() || !a.is_empty() || *n
            })
            .prop_map(|(exact, patterns, any_port, null)| Origins::Listed {
                exact,
                patterns,
                any_port,
                null,
            }),
    ];
    let headers = prop_oneof![
        Just(Headers::None),
        any::<bool>().prop_map(|authorization| Headers::Any { authorization }),
        subset(&HEADERS)
            .prop_filter("non-empty", |h| !h.is_empty())
            .prop_map(Headers::Listed),
    ];
    let expose = prop_oneof![
        Just(None),
        Just(Some(vec!["*"])),
        subset(&RESPONSE_HEADERS[..2])
            .prop_filter("non-empty", |e| !e.is_empty())
            .prop_map(Some),
    ];
    (
        origins,
        any::<bool>(),
        subset(&METHODS).prop_filter("non-empty", |m| !m.is_empty()),
        headers,
        expose,
        proptest::option::of(0u32..=7200),
        proptest::option::of(proptest::sample::select(
            &[", ", ",", " ", "\n", " ,\t"][..],
        )),
    )
        .prop_map(
            |(origins, credentials, methods, headers, expose, max_age, deployed)| Spec {
                origins,
                credentials,
                methods,
                headers,
                expose,
                max_age,
                deployed,
            },
        )
        // Only policies the rule book accepts: the rest are compile errors.
        .prop_filter("valid with credentials", |s| {
            !s.credentials
                || !(matches!(s.origins, Origins::Any)
                    || matches!(s.origins, Origins::Listed { null: true, .. })
                    || matches!(s.headers, Headers::Any { .. })
                    || s.expose.as_ref().is_some_and(|e| e == &["*"]))
        })
}

impl Spec {
    fn policy(&self) -> Policy {
        let mut origins: Vec<String> = match &self.origins {
            Origins::Any => vec!["*".into()],
            Origins::Listed {
                exact,
                patterns,
                any_port,
                null,
            } => exact
                .iter()
                .map(|e| (*e).to_owned())
                .chain(
                    patterns
                        .iter()
                        .map(|(p, s, any)| format!("{p}*{s}{}", if *any { ":*" } else { "" })),
                )
                .chain(any_port.iter().map(|host| format!("{host}:*")))
                .chain(null.then(|| "null".to_owned()))
                .collect(),
        };
        origins.dedup();
        if let Some(separator) = self.deployed {
            let text = origins.join(separator);
            origins = cors_runtime::__private::env_split(&text)
                .expect("a joined list splits")
                .into_iter()
                .map(str::to_owned)
                .collect();
        }
        let mut builder = Policy::builder()
            .origins(origins)
            .credentials(self.credentials)
            .methods(self.methods.clone());
        builder = match &self.headers {
            Headers::None => builder,
            Headers::Any {
                authorization: false,
            } => builder.headers(["*"]),
            Headers::Any {
                authorization: true,
            } => builder.headers(["*", "authorization"]),
            Headers::Listed(list) => builder.headers(list.clone()),
        };
        if let Some(expose) = &self.expose {
            builder = builder.expose(expose.clone());
        }
        if let Some(max_age) = self.max_age {
            builder = builder.max_age(max_age);
        }
        builder.build().expect("generated policies are valid")
    }

    /// The policy's meaning, written from its documentation: is this origin allowed?
    fn allows_origin<'a>(&self, origin: &'a str) -> bool {
        match &self.origins {
            Origins::Any => !origin.is_empty() && origin.bytes().all(|b| b.is_ascii_graphic()),
            Origins::Listed {
                exact,
                patterns,
                any_port,
                null,
            } => {
                // `:*`: a port a browser would write (1 to 65535, no leading zero), or none.
                let portless = |origin: &'a str| -> &'a str {
                    match origin.rsplit_once(':') {
                        Some((rest, port))
                            if !port.starts_with('0')
                                && port.bytes().all(|b| b.is_ascii_digit())
                                && port.parse::<u16>().is_ok_and(|p| p > 0) =>
                        {
                            rest
                        }
                        _ => origin,
                    }
                };
                exact.contains(&origin)
                    || (*null && origin == "null")
                    || any_port.contains(&portless(origin))
                    || patterns.iter().any(|(prefix, suffix, any)| {
                        let origin = if *any { portless(origin) } else { origin };
                        origin
                            .strip_prefix(prefix)
                            .and_then(|rest| rest.strip_suffix(suffix))
                            .is_some_and(|labels| {
                                labels.split('.').all(|l| {
                                    !l.is_empty()
                                        && l.bytes().all(|b| {
                                            b.is_ascii_lowercase()
                                                || b.is_ascii_digit()
                                                || b == b'-'
                                                || b == b'_'
                                        })
                                })
                            })
                    })
            }
        }
    }

    fn allows_header(&self, name: &str) -> bool {
        let name = name.to_ascii_lowercase();
        match &self.headers {
            Headers::None => false,
            Headers::Any { authorization } => name != "authorization" || *authorization,
            Headers::Listed(list) => list.contains(&name.as_str()),
        }
    }

    fn exposes(&self, name: &str) -> bool {
        match &self.expose {
            None => false,
            Some(list) => list.contains(&"*") || list.contains(&name),
        }
    }
}

fn header_list() -> impl Strategy<Value = (Vec<&'static str>, String)> {
    (subset(&HEADERS), any::<u64>()).prop_map(|(names, seed)| {
        // Odd spacing and case, as non-browser clients send them.
        let seps = [",", ", ", " , ", ",\t"];
        let text = names
            .iter()
            .enumerate()
            .map(|(i, n)| {
                if seed >> i & 1 == 1 {
                    n.to_ascii_uppercase()
                } else {
                    (*n).to_owned()
                }
            })
            .collect::<Vec<_>>()
            .join(seps[(seed % 4) as usize]);
        (names, text)
    })
}

fn run<F: std::future::Future>(f: F) -> F::Output {
    actix_web::rt::System::new().block_on(f)
}

async fn respond(spec: &Spec, req: TestRequest) -> (u16, Vec<(String, Vec<u8>)>) {
    let mut resource = web::resource("/p").wrap(Cors::new(spec.policy()));
    for method in &spec.methods {
        let method = Method::from_bytes(method.as_bytes()).unwrap();
        resource = resource.route(web::method(method).to(|| async {
            HttpResponse::Ok()
                .insert_header(("x-request-id", "1"))
                .insert_header(("x-trace", "2"))
                .insert_header(("x-secret", "3"))
                .insert_header(("vary", "Accept"))
                .body("ok")
        }));
    }
    let app = init_service(App::new().service(resource)).await;
    let res = call_service(&app, req.to_request()).await;
    let headers = res
        .headers()
        .iter()
        .map(|(n, v)| (n.as_str().to_owned(), v.as_bytes().to_vec()))
        .collect();
    (res.status().as_u16(), headers)
}

/// What no response may ever carry.
fn assert_sound(headers: &[(String, Vec<u8>)]) -> Result<(), TestCaseError> {
    let get = |name: &str| -> Vec<&[u8]> {
        headers
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_slice())
            .collect()
    };
    let allow_origin = get("access-control-allow-origin");
    let credentials = get("access-control-allow-credentials");
    prop_assert!(allow_origin.len() <= 1, "two ACAO values: {allow_origin:?}");
    prop_assert!(
        credentials.iter().all(|v| *v == b"true"),
        "ACAC other than true: {credentials:?}"
    );
    prop_assert!(
        allow_origin != [b"*"] || credentials.is_empty(),
        "`*` with credentials"
    );
    prop_assert!(
        credentials.is_empty() || !allow_origin.is_empty(),
        "ACAC without ACAO"
    );
    Ok(())
}

fn varies_on_origin(headers: &[(String, Vec<u8>)]) -> bool {
    headers.iter().any(|(n, v)| {
        n == "vary"
            && v.split(|&b| b == b',')
                .any(|t| t.trim_ascii().eq_ignore_ascii_case(b"origin"))
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    #[test]
    fn actual_requests_are_readable_exactly_when_allowed(
        spec in spec(),
        origin in proptest::sample::select(CANDIDATES),
        with_origin in proptest::bool::weighted(0.9),
        include in any::<bool>(),
        method in proptest::sample::select(&METHODS[..]),
    ) {
        let mut req = TestRequest::default().method(Method::from_bytes(method.as_bytes()).unwrap()).uri("/p");
        if with_origin {
            req = req.insert_header(("origin", origin));
        }
        let (status, headers) = run(respond(&spec, req));
        assert_sound(&headers)?;
        let serves = spec.methods.contains(&method);
        // Issue 25: a state-changing request from an origin the policy does not allow, with
        // neither `Sec-Fetch-Site` nor a `Host` it could be the page of, is forged: `403`
        // before the handler, no `Access-Control-*` header, the route's `Vary`. `Cors::new`
        // middleware answers it before routing, so a method the resource does not serve gets
        // the same `403`, not `405`.
        // An empty `Origin` is no `Origin`, as Go's `Header.Get` reads it: not a browser's.
        let forged = with_origin
            && !origin.is_empty()
            && !matches!(method, "GET" | "HEAD" | "OPTIONS")
            && !matches!(spec.origins, Origins::Any)
            && !spec.allows_origin(origin);
        if forged {
            prop_assert_eq!(status, 403, "{:?}", headers);
            prop_assert!(headers.iter().all(|(n, _)| !n.starts_with("access-control-")));
            prop_assert!(!headers.iter().any(|(n, _)| n == "x-secret"));
            prop_assert!(varies_on_origin(&headers), "no Vary: Origin on {headers:?}");
            return Ok(());
        }
        // The handler's own headers survive.
        prop_assert!(headers.iter().any(|(n, v)| n == "vary" && v == b"Accept") || status == 405, "{} {:?}", status, headers);
        if serves {
            prop_assert_eq!(status, 200);
            prop_assert!(headers.iter().any(|(n, _)| n == "x-secret"));
        }
        if !matches!(spec.origins, Origins::Any) {
            prop_assert!(varies_on_origin(&headers), "no Vary: Origin on {headers:?}");
        }
        let expected = match &spec.origins {
            Origins::Any => !include,
            Origins::Listed { .. } => with_origin && spec.allows_origin(origin) && (!include || spec.credentials),
        };
        let granted = oracle::cors_check(origin.as_bytes(), include, &headers);
        prop_assert_eq!(granted, expected, "origin {:?}, include {}, {:?}", origin, include, headers);
        if granted {
            for name in RESPONSE_HEADERS {
                prop_assert_eq!(
                    oracle::readable(name, include, &headers),
                    spec.exposes(name) && !(include && spec.expose.as_ref().is_some_and(|e| e == &["*"])),
                    "{} readable?", name
                );
            }
        }
    }

    #[test]
    fn preflights_pass_exactly_when_allowed(
        spec in spec(),
        origin in proptest::sample::select(CANDIDATES),
        include in any::<bool>(),
        method in proptest::sample::select(&METHODS[..]),
        (names, text) in header_list(),
    ) {
        let mut req = TestRequest::default()
            .method(Method::OPTIONS)
            .uri("/p")
            .insert_header(("origin", origin))
            .insert_header(("access-control-request-method", method));
        if !text.is_empty() {
            req = req.insert_header(("access-control-request-headers", text.as_str()));
        }
        let (status, headers) = run(respond(&spec, req));
        assert_sound(&headers)?;
        let expected = spec.allows_origin(origin)
            && (!include || spec.credentials)
            && spec.methods.contains(&method)
            && names.iter().all(|n| spec.allows_header(n));
        let passed = oracle::preflight_check(status, origin.as_bytes(), include, method.as_bytes(), &names, &headers);
        prop_assert_eq!(passed, expected, "origin {:?} {} {:?} include {}: {} {:?}", origin, method, text, include, status, headers);
    }
}
