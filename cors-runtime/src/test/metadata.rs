//! Fetch Metadata (W3C): the `Sec-Fetch-Site`, `Sec-Fetch-Mode` and `Sec-Fetch-Dest` a
//! browser adds to a request to a potentially trustworthy URL, so a server can tell a
//! forged cross-site request from its own page's.

use cors_runtime_core::host::is_loopback;
use cors_runtime_core::public_suffix::registrable_domain;
use url::{Host, Url};

/// Whether a browser sends Fetch Metadata to `url`: only to potentially trustworthy URLs
/// (Secure Contexts §3.1): `https`/`wss`, and loopback hosts (`localhost`, `*.localhost`,
/// `127.0.0.0/8`, `[::1]`) on any scheme. Plain `http` to any other host gets none.
pub(super) fn is_potentially_trustworthy(url: &Url) -> bool {
    matches!(url.scheme(), "https" | "wss")
        || url.host().is_some_and(|host| match host {
            Host::Domain(name) => is_loopback(name),
            Host::Ipv4(ip) => ip.is_loopback(),
            Host::Ipv6(ip) => ip.is_loopback(),
        })
}

/// A URL's site (HTML "obtain a site"), scheme included: the scheme and the host's
/// registrable domain, or the whole host when it has none (an IP address, `localhost`).
fn site(url: &Url) -> Option<(String, String)> {
    let scheme = match url.scheme() {
        "ws" => "http",
        "wss" => "https",
        other => other,
    };
    let host = match url.host()? {
        Host::Domain(name) => registrable_domain(name).unwrap_or(name).to_owned(),
        other => other.to_string(),
    };
    Some((scheme.to_owned(), host))
}

/// `Sec-Fetch-Site` for a request from a page on `page` (an origin, or `null`) to `url`:
/// `same-origin`, `same-site` (same scheme and registrable domain; ports do not count) or
/// `cross-site`. A `null` page is cross-site to everything.
pub(super) fn fetch_site(page: &str, url: &Url) -> &'static str {
    let Ok(page) = Url::parse(page) else {
        return "cross-site";
    };
    let mut target = url.clone();
    // A WebSocket URL's origin is its HTTP twin's, for this comparison.
    let twin = match url.scheme() {
        "ws" => Some("http"),
        "wss" => Some("https"),
        _ => None,
    };
    if let Some(scheme) = twin {
        // `set_scheme` refuses nothing between special schemes.
        let _ = target.set_scheme(scheme);
    }
    if page.origin() == target.origin() {
        return "same-origin";
    }
    match (site(&page), site(&target)) {
        (Some(a), Some(b)) if a == b => "same-site",
        _ => "cross-site",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> Url {
        Url::parse(text).unwrap()
    }

    #[test]
    fn site_is_the_scheme_and_registrable_domain() {
        let api = url("https://api.example.com/x");
        assert_eq!(fetch_site("https://api.example.com", &api), "same-origin");
        assert_eq!(fetch_site("https://app.example.com", &api), "same-site");
        assert_eq!(
            fetch_site("https://app.example.com:8443", &api),
            "same-site"
        );
        // Schemeful: http and https of one domain are two sites.
        assert_eq!(fetch_site("http://app.example.com", &api), "cross-site");
        assert_eq!(fetch_site("https://evil.example", &api), "cross-site");
        assert_eq!(fetch_site("null", &api), "cross-site");
        // A private suffix is a public suffix: two github.io pages are two sites.
        let pages = url("https://a.github.io/");
        assert_eq!(fetch_site("https://b.github.io", &pages), "cross-site");
    }

    #[test]
    fn localhost_ports_are_one_site_and_loopback_ips_another() {
        let api = url("http://localhost:8080/x");
        assert_eq!(fetch_site("http://localhost:3000", &api), "same-site");
        assert_eq!(fetch_site("http://127.0.0.1:3000", &api), "cross-site");
        assert_eq!(
            fetch_site("http://localhost:3000", &url("ws://localhost:8080/ws")),
            "same-site"
        );
    }

    #[test]
    fn only_potentially_trustworthy_urls_get_metadata() {
        for yes in [
            "https://api.example.com/",
            "wss://api.example.com/",
            "http://localhost:8080/",
            "http://app.localhost/",
            "http://127.0.0.1/",
            "http://[::1]/",
            "ws://localhost/",
        ] {
            assert!(is_potentially_trustworthy(&url(yes)), "{yes}");
        }
        for no in [
            "http://api.example.com/",
            "ws://api.example.com/",
            "http://10.0.0.1/",
        ] {
            assert!(!is_potentially_trustworthy(&url(no)), "{no}");
        }
    }
}
