//! Forged requests: whether a browser sent a state-changing request, or a WebSocket
//! handshake, on behalf of a page whose origin the policy does not allow.
//!
//! CORS only decides whether a page may *read* a response; a browser still *sends* a form
//! post, a `fetch` with a safelisted content type, a beacon or a WebSocket handshake to any
//! site, cookies included, and the handler runs. This is the decision Go 1.25's
//! `http.CrossOriginProtection` makes (`net/http/csrf.go`), with the policy's own origins as
//! its trusted list, in its order:
//!
//! 1. `GET`, `HEAD` and `OPTIONS` pass, unless the request is a WebSocket handshake
//!    (`Upgrade: websocket`, whatever the method: it is outside CORS altogether).
//! 2. An origin the policy allows passes (the framework decides this with the grant's own
//!    match; a policy for any origin refuses nothing).
//! 3. `Sec-Fetch-Site: same-origin` or `none` passes; any other value is refused.
//! 4. Without `Sec-Fetch-Site` (a browser before 2023, or plain HTTP to another host): no
//!    `Origin` passes (not a browser), an `Origin` equal to the request's own scheme and
//!    `Host` passes, any other is refused, `null` included.
//!
//! Pure functions over header bytes: no framework, no allocation, no panic on any input.

/// Which rule refused a forged request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Forged {
    /// `Sec-Fetch-Site` says another origin sent it (`same-site`, `cross-site`, or a value
    /// not known).
    CrossOriginFetch,
    /// There is no `Sec-Fetch-Site`, and `Origin` is not the request's own origin (`null`
    /// included).
    ForeignOrigin,
}

impl Forged {
    /// The rule, for the operator's `debug` line.
    pub fn rule(self) -> &'static str {
        match self {
            Forged::CrossOriginFetch => {
                "`Sec-Fetch-Site` names another origin, which the policy's `origins` do not allow"
            }
            Forged::ForeignOrigin => {
                "no `Sec-Fetch-Site`, and `Origin` is neither the request's own origin nor one the policy's `origins` allow"
            }
        }
    }
}

impl std::fmt::Display for Forged {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.rule())
    }
}

/// The body of the `403` a forged request gets: what happened, never which origins are
/// allowed.
pub const REFUSED: &str =
    "cross-origin request refused: this route does not accept state-changing requests from the origin that sent it\n";

/// Whether a method may change state: anything but `GET`, `HEAD` and `OPTIONS` (compared
/// byte for byte, as Go compares them; `get` is another method).
///
/// ```
/// use cors_runtime_core::forged::changes_state;
///
/// assert!(!changes_state(b"GET") && !changes_state(b"HEAD") && !changes_state(b"OPTIONS"));
/// assert!(changes_state(b"POST") && changes_state(b"PATCH") && changes_state(b"get"));
/// ```
#[inline]
pub fn changes_state(method: &[u8]) -> bool {
    !matches!(method, b"GET" | b"HEAD" | b"OPTIONS")
}

/// Whether `Upgrade` header values ask for a WebSocket: the token `websocket` in any case,
/// anywhere in the list (RFC 6455 section 4.2.1; `Upgrade: websocket, h2c` counts).
///
/// ```
/// use cors_runtime_core::forged::asks_for_websocket;
///
/// assert!(asks_for_websocket([&b"websocket"[..]]));
/// assert!(asks_for_websocket([&b"h2c, WebSocket"[..]]));
/// assert!(!asks_for_websocket([&b"h2c"[..]]) && !asks_for_websocket(None::<&[u8]>));
/// ```
pub fn asks_for_websocket<'a, I: IntoIterator<Item = &'a [u8]>>(upgrade: I) -> bool {
    upgrade.into_iter().any(|value| {
        value
            .split(|&b| b == b',')
            .any(|token| token.trim_ascii().eq_ignore_ascii_case(b"websocket"))
    })
}

/// A request header as the decision sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Header<'a> {
    /// Not sent.
    Absent,
    /// Sent once.
    One(&'a [u8]),
    /// Sent more than once, which no browser does.
    Many,
}

impl<'a> Header<'a> {
    /// The one header among `values`, or how many there are.
    pub fn of<I: IntoIterator<Item = &'a [u8]>>(values: I) -> Self {
        let mut values = values.into_iter();
        match (values.next(), values.next()) {
            (None, _) => Header::Absent,
            (Some(one), None) => Header::One(one),
            (Some(_), Some(_)) => Header::Many,
        }
    }
}

/// What a request says about where it comes from and where it goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sent<'a> {
    /// `Sec-Fetch-Site`.
    pub sec_fetch_site: Header<'a>,
    /// `Origin`.
    pub origin: Header<'a>,
    /// The scheme the request arrived with: `http` or `https`.
    pub scheme: &'a [u8],
    /// `Host` (or the HTTP/2 `:authority`), when there is exactly one.
    pub host: Option<&'a [u8]>,
}

/// Steps 3 and 4 of the decision, for a state-changing request whose origin the policy
/// does not allow: whether it is the page's own (a same-origin request passes) or forged.
///
/// ```
/// use cors_runtime_core::forged::{cross_origin, Forged, Header, Sent};
///
/// let sent = |site, origin| Sent {
///     sec_fetch_site: site,
///     origin,
///     scheme: b"https",
///     host: Some(b"app.example.com"),
/// };
/// let evil = Header::One(b"https://evil.example");
/// assert_eq!(cross_origin(&sent(Header::One(b"cross-site"), evil)), Err(Forged::CrossOriginFetch));
/// assert_eq!(cross_origin(&sent(Header::One(b"same-origin"), evil)), Ok(()));
/// assert_eq!(cross_origin(&sent(Header::Absent, evil)), Err(Forged::ForeignOrigin));
/// assert_eq!(cross_origin(&sent(Header::Absent, Header::One(b"https://app.example.com"))), Ok(()));
/// assert_eq!(cross_origin(&sent(Header::Absent, Header::Absent)), Ok(()));
/// ```
pub fn cross_origin(sent: &Sent<'_>) -> Result<(), Forged> {
    match present(sent.sec_fetch_site) {
        // Go: "same-origin" and "none" (a navigation the user started) pass; the rest,
        // values not known included, are refused.
        Header::One(b"same-origin" | b"none") => Ok(()),
        Header::One(_) | Header::Many => Err(Forged::CrossOriginFetch),
        Header::Absent => match present(sent.origin) {
            // Go: "If there is no Origin header either, the request is not from a browser,
            // or from a browser too old to send it, and it passes."
            Header::Absent => Ok(()),
            Header::One(origin)
                if sent
                    .host
                    .is_some_and(|host| is_own_origin(origin, sent.scheme, host)) =>
            {
                Ok(())
            }
            Header::One(_) | Header::Many => Err(Forged::ForeignOrigin),
        },
    }
}

/// A header as Go reads it with `Header.Get`, which says "" both for a header not sent and
/// for one sent empty: an empty value is no value.
fn present(header: Header<'_>) -> Header<'_> {
    match header {
        Header::One(b"") => Header::Absent,
        other => other,
    }
}

/// The whole decision, in Go's order: `changes_state` (a state-changing method or a
/// WebSocket handshake), then `allowed` (the policy allows the request's origin, as the grant
/// matched it), then [`cross_origin`].
///
/// ```
/// use cors_runtime_core::forged::{decide, Forged, Header, Sent};
///
/// let sent = Sent {
///     sec_fetch_site: Header::One(b"cross-site"),
///     origin: Header::One(b"https://evil.example"),
///     scheme: b"https",
///     host: Some(b"api.example.com"),
/// };
/// assert_eq!(decide(true, false, &sent), Err(Forged::CrossOriginFetch));
/// assert_eq!(decide(false, false, &sent), Ok(()), "a safe method passes");
/// assert_eq!(decide(true, true, &sent), Ok(()), "an allowed origin passes");
/// ```
pub fn decide(changes_state: bool, allowed: bool, sent: &Sent<'_>) -> Result<(), Forged> {
    if !changes_state || allowed {
        return Ok(());
    }
    cross_origin(sent)
}

/// Whether `origin` (an `Origin` header's bytes) is the origin of a request that arrived
/// with `scheme` for `host` (a `Host` header's bytes): `scheme://host`, the host compared in
/// any case. Browsers leave the default port out of `Origin` (`:443` for `https`, `:80` for
/// `http`); a `Host` that writes it is compared without it.
///
/// ```
/// use cors_runtime_core::forged::is_own_origin;
///
/// assert!(is_own_origin(b"https://app.example.com", b"https", b"app.example.com"));
/// assert!(is_own_origin(b"https://app.example.com", b"https", b"app.example.com:443"));
/// assert!(is_own_origin(b"http://localhost:8080", b"http", b"localhost:8080"));
/// assert!(!is_own_origin(b"http://app.example.com", b"https", b"app.example.com"));
/// assert!(!is_own_origin(b"https://app.example.com:8443", b"https", b"app.example.com"));
/// assert!(!is_own_origin(b"null", b"https", b"null"));
/// ```
pub fn is_own_origin(origin: &[u8], scheme: &[u8], host: &[u8]) -> bool {
    let Some(authority) = origin
        .strip_prefix(scheme)
        .and_then(|rest| rest.strip_prefix(b"://"))
    else {
        return false;
    };
    if authority.is_empty() {
        return false;
    }
    let default_port: &[u8] = match scheme {
        b"https" => b":443",
        b"http" => b":80",
        _ => b"",
    };
    let host = match host.strip_suffix(default_port) {
        Some(bare) if !default_port.is_empty() => bare,
        _ => host,
    };
    authority.eq_ignore_ascii_case(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOST: &[u8] = b"api.example.com";

    fn sent<'a>(site: Header<'a>, origin: Header<'a>) -> Sent<'a> {
        Sent {
            sec_fetch_site: site,
            origin,
            scheme: b"https",
            host: Some(HOST),
        }
    }

    #[test]
    fn safe_methods_pass_and_everything_else_changes_state() {
        // Go: "GET, HEAD and OPTIONS requests are always allowed" (they must not change
        // state); the comparison is exact, as Go's `switch req.Method`.
        for safe in [&b"GET"[..], b"HEAD", b"OPTIONS"] {
            assert!(!changes_state(safe));
        }
        for unsafe_ in [
            &b"POST"[..],
            b"PUT",
            b"PATCH",
            b"DELETE",
            b"QUERY",
            b"get",
            b"",
        ] {
            assert!(changes_state(unsafe_));
        }
    }

    #[test]
    fn websocket_handshakes_are_found_in_any_case_and_list() {
        // RFC 6455 4.2.1: `Upgrade` contains `websocket`, an ASCII case-insensitive token.
        assert!(asks_for_websocket([&b"websocket"[..]]));
        assert!(asks_for_websocket([&b"WebSocket"[..]]));
        assert!(asks_for_websocket([&b"h2c"[..], b" websocket "]));
        assert!(!asks_for_websocket([&b"websockets"[..]]));
        assert!(!asks_for_websocket([&b""[..], b",,"]));
        assert!(!asks_for_websocket([&b"\xff\xfe"[..]]));
    }

    #[test]
    fn sec_fetch_site_decides_when_sent() {
        let evil = Header::One(b"https://evil.example");
        // Go: `same-origin` and `none` pass.
        assert_eq!(
            cross_origin(&sent(Header::One(b"same-origin"), evil)),
            Ok(())
        );
        assert_eq!(cross_origin(&sent(Header::One(b"none"), evil)), Ok(()));
        // Go: any other value is refused, `same-site` included (a sibling subdomain is
        // another origin) and a value not known.
        for other in [&b"same-site"[..], b"cross-site", b"SAME-ORIGIN", b"\xff"] {
            assert_eq!(
                cross_origin(&sent(Header::One(other), evil)),
                Err(Forged::CrossOriginFetch),
                "{other:?}"
            );
        }
        // It decides even without `Origin`, and even with an `Origin` equal to `Host`.
        assert_eq!(
            cross_origin(&sent(Header::One(b"cross-site"), Header::Absent)),
            Err(Forged::CrossOriginFetch)
        );
        assert_eq!(
            cross_origin(&sent(
                Header::One(b"cross-site"),
                Header::One(b"https://api.example.com")
            )),
            Err(Forged::CrossOriginFetch)
        );
        assert_eq!(
            cross_origin(&sent(Header::Many, Header::Absent)),
            Err(Forged::CrossOriginFetch)
        );
    }

    #[test]
    fn an_empty_header_is_no_header() {
        // Go's `Header.Get` returns "" for an empty header as for a missing one: an empty
        // `Sec-Fetch-Site` falls through to `Origin`, and an empty `Origin` passes.
        let evil = Header::One(b"https://evil.example");
        assert_eq!(
            cross_origin(&sent(Header::One(b""), evil)),
            Err(Forged::ForeignOrigin)
        );
        assert_eq!(
            cross_origin(&sent(
                Header::One(b""),
                Header::One(b"https://api.example.com")
            )),
            Ok(())
        );
        assert_eq!(
            cross_origin(&sent(Header::Absent, Header::One(b""))),
            Ok(())
        );
        assert_eq!(
            cross_origin(&sent(Header::One(b""), Header::One(b""))),
            Ok(())
        );
    }

    #[test]
    fn without_sec_fetch_site_origin_is_compared_with_host() {
        // Go: no `Origin` either passes (not a browser).
        assert_eq!(cross_origin(&sent(Header::Absent, Header::Absent)), Ok(()));
        // Go: an `Origin` whose host is `Host` passes.
        assert_eq!(
            cross_origin(&sent(
                Header::Absent,
                Header::One(b"https://api.example.com")
            )),
            Ok(())
        );
        // Go: anything else is refused, `null` included.
        for foreign in [
            &b"null"[..],
            b"https://evil.example",
            b"http://api.example.com",
            b"https://api.example.com.evil.example",
            b"https://api.example.co",
            b"\xff",
        ] {
            assert_eq!(
                cross_origin(&sent(Header::Absent, Header::One(foreign))),
                Err(Forged::ForeignOrigin),
                "{foreign:?}"
            );
        }
        assert_eq!(
            cross_origin(&sent(Header::Absent, Header::Many)),
            Err(Forged::ForeignOrigin)
        );
        let no_host = Sent {
            host: None,
            ..sent(Header::Absent, Header::One(b"https://api.example.com"))
        };
        assert_eq!(cross_origin(&no_host), Err(Forged::ForeignOrigin));
    }

    #[test]
    fn own_origin_handles_default_ports_and_case() {
        assert!(is_own_origin(b"http://a.example", b"http", b"a.example:80"));
        assert!(is_own_origin(b"https://a.example", b"https", b"A.Example"));
        assert!(is_own_origin(b"http://[::1]:8080", b"http", b"[::1]:8080"));
        assert!(!is_own_origin(
            b"https://a.example",
            b"https",
            b"a.example:80"
        ));
        assert!(!is_own_origin(
            b"http://a.example",
            b"http",
            b"a.example:443"
        ));
        assert!(!is_own_origin(b"https://", b"https", b""));
        assert!(!is_own_origin(b"https://a.example", b"", b"a.example"));
        assert!(!is_own_origin(
            b"https://a.example/",
            b"https",
            b"a.example"
        ));
    }

    #[test]
    fn the_order_is_gos() {
        let forged = sent(
            Header::One(b"cross-site"),
            Header::One(b"https://evil.example"),
        );
        assert_eq!(decide(false, false, &forged), Ok(()));
        assert_eq!(decide(true, true, &forged), Ok(()));
        assert_eq!(decide(true, false, &forged), Err(Forged::CrossOriginFetch));
    }
}
