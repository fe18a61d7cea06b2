//! The bodies of the `cargo fuzz` targets in `tests/fuzz/`, here so that the stable test
//! `tests/fuzz_corpus.rs` replays the checked-in corpus through the very same code.
//!
//! Each takes arbitrary bytes, must never panic, and asserts what must hold of any answer.

// A failed assertion is how each function reports a bug to the fuzzer.
#![allow(clippy::missing_panics_doc)]

use actix_web::http::header::HeaderValue;
use actix_web::http::Method;
use actix_web::test::{call_service, init_service, TestRequest};
use actix_web::{web, App, HttpResponse};
use cors_runtime::__private::core::check::{check, PolicyInput};
use cors_runtime::__private::core::{AllowedOrigins, OriginMatch};
use cors_runtime::__private::request::{self, Refusal};
use cors_runtime::{Policy, Severity};

/// Splits fuzz input into fields at `0xff` bytes, which no header value can hold.
fn fields(data: &[u8]) -> Vec<&[u8]> {
    data.split(|&b| b == 0xff).collect()
}

fn policies() -> [Policy; 4] {
    let build = |origins: &[&str], credentials: bool, headers: &[&str]| {
        Policy::builder()
            .origins(origins.iter().copied())
            .credentials(credentials)
            .headers(headers.iter().copied())
            .methods(["GET", "PUT", "DELETE"])
            .build()
            .expect("fixed policies are valid")
    };
    [
        build(
            &["https://app.example.com", "http://localhost:3000"],
            true,
            &["content-type", "x-api-key"],
        ),
        build(
            &["https://*.example.com", "https://*.a.example.org:8443"],
            true,
            &["authorization"],
        ),
        build(&["*"], false, &["*"]),
        build(
            &["null", "https://app.example.com"],
            false,
            &["*", "authorization"],
        ),
    ]
}

/// `Origin` values, one or several: the single-value rule and the matcher.
pub fn origin(data: &[u8]) {
    let values = fields(data);
    let single = request::single_origin(values.iter().copied());
    match values.len() {
        1 => assert_eq!(single, Ok(values[0])),
        _ => assert_eq!(single, Err(Refusal::MalformedOrigin)),
    }
    let Ok(origin) = single else { return };
    for policy in policies() {
        match request::match_origin(&policy, origin) {
            Ok(OriginMatch::Exact(i)) => {
                let AllowedOrigins::Listed(list) = policy.origins() else {
                    panic!("exact match in an any-origin policy")
                };
                assert_eq!(list.exact()[i].as_bytes(), origin);
            }
            // Whatever is echoed back as `Access-Control-Allow-Origin` must be a valid,
            // visible-ASCII header value.
            Ok(OriginMatch::Echo) => {
                assert!(origin.iter().all(u8::is_ascii_graphic), "{origin:?}");
                assert!(HeaderValue::from_bytes(origin).is_ok());
            }
            Ok(OriginMatch::Any) => assert!(origin.iter().all(u8::is_ascii_graphic)),
            Ok(OriginMatch::Refused) => panic!("a refusal must be an Err"),
            Err(_) => {}
        }
    }
}

/// A preflight's inputs: origin, method, and any number of `Access-Control-Request-Headers`
/// values.
pub fn preflight(data: &[u8]) {
    let values = fields(data);
    let (origin, method, headers) = match values.as_slice() {
        [origin, method, headers @ ..] => (*origin, *method, headers),
        _ => return,
    };
    for policy in policies() {
        let names: Vec<&[u8]> = request::request_header_names(headers.iter().copied()).collect();
        assert!(names.iter().all(|n| !n.is_empty() && n.trim_ascii() == *n));
        if request::preflight(&policy, origin, method, headers.iter().copied()).is_ok() {
            assert!(policy.allows_method(method));
            assert!(names.iter().all(|n| policy.headers().allows(n)));
            assert!(request::match_origin(&policy, origin).is_ok());
        }
    }
}

/// The rule book on arbitrary policy text: an `Err` or a policy, never a panic; and a
/// policy it accepts builds its middleware.
pub fn policy(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.split('\u{1}');
    let mut list = || -> Vec<&str> {
        parts
            .next()
            .map(|p| p.split('\u{2}').collect())
            .unwrap_or_default()
    };
    let origins = list();
    let headers = list();
    let expose = list();
    let methods = list();
    let flags = data.first().copied().unwrap_or(0);
    let input = PolicyInput {
        origins: (flags & 1 == 0).then(|| origins.clone()),
        credentials: flags & 2 != 0,
        headers: headers.clone(),
        expose: expose.clone(),
        max_age: (flags & 4 != 0).then(|| u32::from(flags) * 97),
        private_network: flags & 8 != 0,
        methods: Some(methods.clone()),
        deployment_origins: flags & 16 != 0,
        env_defaults: usize::from(flags >> 6),
        origin_fn: flags & 32 != 0,
        // Shares its bit with `env_defaults`: both are exercised.
        csrf_exempt: flags & 64 != 0,
    };
    let violations = check(&input);
    let errors = violations
        .iter()
        .filter(|v| v.severity == Severity::Error)
        .count();
    match Policy::from_input(&input) {
        Ok(_) => assert_eq!(errors, 0),
        Err(err) => assert_eq!(
            err.violations()
                .iter()
                .filter(|v| v.severity == Severity::Error)
                .count(),
            errors
        ),
    }
    let built = Policy::builder()
        .origins(origins)
        .headers(headers)
        .expose(expose)
        .methods(methods)
        .credentials(flags & 2 != 0)
        .build();
    if let Ok(policy) = built {
        drop(cors_runtime::actix::Cors::new(policy));
    }
}

/// Whole requests through the middleware: arbitrary method, `Origin`, request method and
/// request headers, `Sec-Fetch-Site`, `Host` and `Upgrade`; never a panic, never a 5xx,
/// never an unsound grant.
pub fn actix(data: &[u8]) {
    let values = fields(data);
    let [method, rest @ ..] = values.as_slice() else {
        return;
    };
    let Ok(method) = Method::from_bytes(method) else {
        return;
    };
    actix_web::rt::System::new().block_on(async {
        let policy = policies()[0].clone();
        let app = init_service(
            App::new().service(
                web::resource("/p")
                    .wrap(cors_runtime::actix::Cors::new(policy))
                    .route(web::get().to(|| async { HttpResponse::Ok().finish() })),
            ),
        )
        .await;
        let mut req = TestRequest::default().method(method).uri("/p");
        // The fields after the method, in order; a fourth is a second `Origin`; then what
        // decides a forged request (issue 25).
        let names = [
            "origin",
            "access-control-request-method",
            "access-control-request-headers",
            "origin",
            "sec-fetch-site",
            "host",
            "upgrade",
        ];
        for (name, value) in names.iter().zip(rest) {
            if let Ok(value) = HeaderValue::from_bytes(value) {
                req = req.append_header((*name, value));
            }
        }
        let res = call_service(&app, req.to_request()).await;
        assert!(!res.status().is_server_error(), "{}", res.status());
        let allow: Vec<_> = res
            .headers()
            .get_all("access-control-allow-origin")
            .collect();
        assert!(allow.len() <= 1);
        if let Some(value) = allow.first() {
            assert_ne!(value.as_bytes(), b"*");
            assert!(
                value.as_bytes() == b"https://app.example.com"
                    || value.as_bytes() == b"http://localhost:3000"
            );
        }
    });
}

/// A fuzz target's body.
pub type Target = fn(&[u8]);

/// Every target by name, for the corpus replay.
pub const TARGETS: [(&str, Target); 5] = [
    ("origin", origin),
    ("preflight", preflight),
    ("policy", policy),
    ("actix", actix),
    ("env_list", env_list),
];

/// A deployment variable's text, as `env("VAR")` reads it: split into entries or refused
/// with problems, never a panic; entries the splitter accepts have no separator, quote or
/// bracket left in them, and the rule book either builds a policy of them, which grants
/// each exact entry and nothing malformed, or says why not.
pub fn env_list(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let Ok(entries) = cors_runtime::__private::env_split(&text) else {
        return;
    };
    for entry in &entries {
        assert!(!entry.is_empty());
        assert!(
            !entry.contains(',') && !entry.contains(char::is_whitespace),
            "{entry:?}"
        );
    }
    let credentials = data.first().is_some_and(|b| b & 1 == 1);
    if let Ok(policy) = Policy::builder()
        .origins(entries.iter().copied())
        .credentials(credentials)
        .build()
    {
        for entry in &entries {
            if !entry.contains('*') {
                assert_ne!(
                    policy.match_origin(entry.as_bytes()),
                    OriginMatch::Refused,
                    "{entry}"
                );
            }
        }
        if policy.varies_by_origin() {
            let padded = format!("{text} ");
            assert_eq!(policy.match_origin(padded.as_bytes()), OriginMatch::Refused);
        }
    }
}
