//! Hosts as the WHATWG URL standard parses them, which decides the `Origin` a browser sends.
//!
//! The standard's host parser (<https://url.spec.whatwg.org/#host-parsing>) maps domains to
//! ASCII with IDNA (refusing `xn--` labels that are not valid punycode), reads a host whose
//! last label is a number as an IPv4 address (`127.1` is `127.0.0.1`, `0x7f.1` too, and
//! `foo.bar.255` is no host at all), and serialises IPv6 addresses compressed and lowercase
//! (RFC 5952). The `url` crate implements that parser; this module asks it what a browser
//! makes of an entry's host and refuses an entry that differs from it, naming the origin a
//! browser would send instead.

use url::{Host, ParseError};

use crate::violation::Problem;

/// Checks the host of an origin with a special scheme (`http`, `https`, `ws`, `wss`,
/// `ftp`). `origin_with` spells the entry with another host, for the suggestion.
pub fn check(text: &str, host: &str, origin_with: impl Fn(&str) -> String) -> Result<(), Problem> {
    // Characters the URL standard would accept but no DNS name has (`%2e`, `!`) are
    // mistakes, and naming the character is clearer than naming what the parser made of it.
    if host.is_ascii() && !host.starts_with('[') {
        stray_character(text, host)?;
    }
    let parsed = Host::parse(host).map_err(|error| unparsable(text, host, error))?;
    let sent = parsed.to_string();
    if sent != host {
        return Err(rewritten(text, host, &parsed, &origin_with(&sent)));
    }
    match parsed {
        Host::Domain(_) => no_empty_label(text, host),
        Host::Ipv4(_) | Host::Ipv6(_) => Ok(()),
    }
}

/// A character no DNS name has. Uppercase letters pass here: they are a matter of how the
/// host is written, which the caller diagnoses.
fn stray_character(text: &str, host: &str) -> Result<(), Problem> {
    match host
        .bytes()
        .find(|&b| !(is_host_byte(b) || b == b'.' || b.is_ascii_uppercase()))
    {
        Some(b) => Err(Problem::new(
            format!("origin `{text}` has `{}` in its host", char::from(b)),
            "a host has letters, digits, `-`, `_` and `.` only",
        )),
        None => Ok(()),
    }
}

/// Whether `host` is an IP address as the URL standard reads it (`127.1` and `[::1]` are).
pub fn is_ip_address(host: &str) -> bool {
    host.starts_with('[') || matches!(Host::parse(host), Ok(Host::Ipv4(_) | Host::Ipv6(_)))
}

/// Whether `host` (as a browser serialises it) is loopback: `localhost` and every name under
/// `.localhost` (RFC 6761, which browsers resolve to loopback themselves), `127.0.0.0/8`
/// and `[::1]`. A trailing dot names the same host. The one loopback test: the rule book,
/// `origin_fn`'s gate on the request path and the test kit all ask it. A comparison of
/// bytes, no parsing: the rule book admits only serialised hosts.
///
/// ```
/// use cors_runtime_core::host::is_loopback;
///
/// assert!(is_loopback("localhost") && is_loopback("api.localhost.") && is_loopback("127.8.0.1"));
/// assert!(is_loopback("[::1]"));
/// assert!(!is_loopback("localhost.evil.com") && !is_loopback("128.0.0.1"));
/// ```
pub fn is_loopback(host: &str) -> bool {
    let name = host.strip_suffix('.').unwrap_or(host);
    name == "localhost"
        || name.ends_with(".localhost")
        || host == "[::1]"
        || (is_dotted_quad(host) && host.starts_with("127."))
}

/// Whether `host` is four groups of one to three digits: an IPv4 address as browsers
/// serialise it.
pub(crate) fn is_dotted_quad(host: &str) -> bool {
    let mut parts = 0;
    for part in host.split('.') {
        parts += 1;
        if part.is_empty() || part.len() > 3 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return false;
        }
    }
    parts == 4
}

/// The rule for plain `http://` under `credentials`: anyone on the network can read and
/// change such a page, and what it reads, unless it is loopback. The rule book warns about
/// such an entry, and `origin_fn` is never asked about such an origin.
///
/// ```
/// use cors_runtime_core::host::is_plain_http_outside_loopback;
///
/// assert!(is_plain_http_outside_loopback("http", "app.example.com"));
/// assert!(!is_plain_http_outside_loopback("http", "localhost"));
/// assert!(!is_plain_http_outside_loopback("https", "app.example.com"));
/// ```
#[inline]
pub fn is_plain_http_outside_loopback(scheme: &str, host: &str) -> bool {
    scheme == "http" && !is_loopback(host)
}

/// A domain a browser could send but no DNS name has: an empty label (`a..com`, `.a.com`).
/// One trailing dot is not an empty label but a fully qualified name: a page at
/// `https://example.com./` sends `Origin: https://example.com.`, as the URL standard keeps
/// the dot.
pub fn check_domain_shape(text: &str, host: &str) -> Result<(), Problem> {
    stray_character(text, host)?;
    no_empty_label(text, host)
}

fn no_empty_label(text: &str, host: &str) -> Result<(), Problem> {
    let name = host.strip_suffix('.').unwrap_or(host);
    if name.is_empty() || name.split('.').any(str::is_empty) {
        return Err(Problem::new(
            format!("origin `{text}` has an empty label in its host"),
            "remove the extra `.`; one trailing `.` (a fully qualified name) is kept by browsers",
        ));
    }
    Ok(())
}

/// A byte of a host label as browsers serialise it: lowercase ASCII letters, digits, `-`
/// and `_`.
#[inline]
pub fn is_host_byte(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_'
}

/// The host parses, but a browser serialises it differently: the entry never matches.
fn rewritten(text: &str, host: &str, parsed: &Host<String>, sent: &str) -> Problem {
    let fix = format!("write `{sent}`");
    match parsed {
        Host::Ipv4(_) => Problem::new(
            format!("origin `{text}` has a host that browsers read as the IPv4 address `{parsed}`"),
            format!("a host whose last label is a number is an IPv4 address, and browsers send it as four decimal numbers; {fix}"),
        ),
        Host::Ipv6(_) => Problem::new(
            format!("origin `{text}` writes its IPv6 address in a form browsers do not send"),
            format!("browsers send IPv6 addresses compressed and in lowercase (RFC 5952); {fix}"),
        ),
        Host::Domain(_) if !host.is_ascii() => Problem::new(
            format!("origin `{text}` has a non-ASCII host"),
            format!("browsers send internationalised hosts in their ASCII (punycode) form; {fix}"),
        ),
        Host::Domain(_) if host.to_ascii_lowercase() == parsed.to_string() => Problem::new(
            format!("origin `{text}` has an uppercase host"),
            format!("browsers send the host in lowercase; write `{sent}`"),
        ),
        Host::Domain(_) => Problem::new(
            format!("origin `{text}` has a host that browsers write differently"),
            format!("browsers send `{sent}`; write that"),
        ),
    }
}

/// The host does not parse: no page has this origin, so the entry can never match.
fn unparsable(text: &str, host: &str, error: ParseError) -> Problem {
    match error {
        ParseError::InvalidIpv4Address => Problem::new(
            format!("origin `{text}` has a host that is neither a domain nor an IPv4 address"),
            format!("a host whose last label is a number is read as an IPv4 address, and `{host}` is not one, so no page has this origin; write an address such as `127.0.0.1`, or end the name with a label that is not a number"),
        ),
        ParseError::InvalidIpv6Address => Problem::new(
            format!("origin `{text}` has an invalid IPv6 address"),
            "write the address as browsers send it, compressed and in lowercase hexadecimal, as in `http://[::1]:8080`",
        ),
        ParseError::IdnaError => Problem::new(
            format!("origin `{text}` has a host that is not a valid internationalised domain name"),
            "browsers refuse URLs whose labels break IDNA (an `xn--` label that is not valid punycode, a disallowed character), so no page has this origin; copy the host from the page's address",
        ),
        _ => Problem::new(
            format!("origin `{text}` has a host no browser can send"),
            "write a domain name such as `app.example.com`, or an IP address",
        ),
    }
}

/// Whether `labels` is one or more non-empty, dot-separated host labels as a browser
/// serialises them (lowercase ASCII letters, digits, `-` and `_`).
#[inline]
pub fn is_host_labels(labels: &[u8]) -> bool {
    !labels.is_empty()
        && labels
            .split(|&b| b == b'.')
            .all(|label| !label.is_empty() && label.iter().all(|&b| is_host_byte(b)))
}

#[cfg(test)]
mod tests {
    //! Each row is a host as an entry writes it and what the URL standard's host parser makes
    //! of it (<https://url.spec.whatwg.org/#host-parsing>), which is what Chromium sends.
    use super::*;

    fn problem(text: &str, host: &str) -> Option<String> {
        check(text, host, |sent| format!("http://{sent}"))
            .err()
            .map(|p| format!("{}; {}", p.message, p.help))
    }

    #[test]
    fn hosts_browsers_send_are_accepted() {
        for host in [
            "example.com",
            "example.com.",     // a fully qualified name keeps its dot in the origin
            "a_b.example.com",  // `_` is no forbidden domain code point
            "xn--bcher-kva.de", // valid punycode
            "127.0.0.1",        // IPv4, dotted decimal: the serialisation
            "0.0.0.1",
            "[::1]", // IPv6, compressed, lowercase
            "[2001:db8::1]",
            "[::ffff:7f00:1]", // RFC 5952: embedded IPv4 is serialised as hex by WHATWG
            "localhost",
            "api.localhost",
        ] {
            assert_eq!(problem(&format!("http://{host}"), host), None, "{host}");
        }
    }

    #[test]
    fn numeric_hosts_are_ipv4_addresses_as_the_standard_parses_them() {
        // IPv4 parser: 1 to 4 parts, each decimal, `0x` hex or leading-`0` octal; the last
        // part fills the remaining bytes.
        for (host, sent) in [
            ("1", "0.0.0.1"),
            ("127.1", "127.0.0.1"),
            ("0x7f.1", "127.0.0.1"),
            ("0177.0.0.1", "127.0.0.1"),
            ("2130706433", "127.0.0.1"),
            ("127.0.0.1.", "127.0.0.1"), // a trailing dot is dropped for an address
            ("0x7F000001", "127.0.0.1"),
        ] {
            let found = problem(&format!("http://{host}"), host).unwrap();
            assert!(
                found.contains(&format!("write `http://{sent}`")),
                "{host}: {found}"
            );
        }
        // Ends in a number but is no address: the URL is invalid, no page has this origin.
        for host in [
            "foo.bar.255",
            "1.2.3.4.5",
            "256.0.0.1",
            "0x100000000",
            "1.2.3.08",
        ] {
            let found = problem(&format!("http://{host}"), host).unwrap();
            assert!(
                found.contains("neither a domain nor an IPv4"),
                "{host}: {found}"
            );
        }
    }

    #[test]
    fn ipv6_is_sent_compressed_and_lowercase() {
        for (host, sent) in [
            ("[2001:0db8:0:0:0:0:0:1]", "[2001:db8::1]"),
            ("[0:0:0:0:0:0:0:1]", "[::1]"),
            ("[::A]", "[::a]"),
            ("[::127.0.0.1]", "[::7f00:1]"),
        ] {
            let found = problem(&format!("http://{host}"), host).unwrap();
            assert!(
                found.contains(&format!("write `http://{sent}`")),
                "{host}: {found}"
            );
        }
        for host in ["[::::1]", "[1:2:3:4:5:6:7:8:9]", "[xyz]", "[::1"] {
            let found = problem(&format!("http://{host}"), host).unwrap();
            assert!(found.contains("invalid IPv6"), "{host}: {found}");
        }
    }

    #[test]
    fn domains_are_ascii_lowercase_valid_idna_without_empty_labels() {
        // Domain to ASCII (UTS #46 with the URL standard's flags).
        let found = problem("http://bücher.de", "bücher.de").unwrap();
        assert!(found.contains("write `http://xn--bcher-kva.de`"), "{found}");
        let found = problem("http://App.Example.com", "App.Example.com").unwrap();
        assert!(found.contains("uppercase host; browsers send the host in lowercase; write `http://app.example.com`"), "{found}");
        // `xn--` followed by text that is not valid punycode: the URL fails to parse.
        for host in ["xn--a.com", "xn--zz-.example", "xn--ls8h-.com"] {
            let found = problem(&format!("http://{host}"), host).unwrap();
            assert!(
                found.contains("not a valid internationalised domain name"),
                "{host}: {found}"
            );
        }
        for host in ["a..com", ".a.com", "a.com..", "."] {
            let found = problem(&format!("http://{host}"), host).unwrap();
            assert!(found.contains("empty label"), "{host}: {found}");
        }
        assert!(problem("http://a%2e.com", "a%2e.com")
            .unwrap()
            .contains("`%` in its host"));
        assert!(problem("http://a!b.com", "a!b.com")
            .unwrap()
            .contains("`!` in its host"));
    }

    #[test]
    fn loopback_is_localhost_its_subdomains_and_loopback_addresses() {
        for host in [
            "localhost",
            "localhost.",
            "api.localhost",
            "127.0.0.1",
            "127.8.9.10",
            "[::1]",
        ] {
            assert!(is_loopback(host), "{host}");
        }
        for host in [
            "localhost.example.com",
            "example.com",
            "10.0.0.1",
            "[::2]",
            "mylocalhost",
        ] {
            assert!(!is_loopback(host), "{host}");
        }
    }
}
