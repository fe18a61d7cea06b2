//! Origin syntax: what one entry of `origins` may be, checked against what a browser sends.
//!
//! A browser serialises an origin as `scheme "://" host [":" port]`: lowercase scheme and
//! host, the port only when it is not the scheme's default, and never a path, a query, a
//! fragment or userinfo. An entry that cannot equal such a serialisation can never match, so
//! it is a configuration error rather than a silent no-op.

use std::borrow::Cow;

use crate::violation::Problem;

/// One parsed entry of `origins`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OriginEntry<'a> {
    /// `*`: any origin (only without credentials).
    Any,
    /// `null`: the opaque origin of sandboxed iframes, `data:` documents and some redirects.
    Null,
    /// One exact origin, byte for byte as a browser serialises it.
    Exact(&'a str),
    /// `scheme://*.domain[:port]`: every subdomain of `domain`, never `domain` itself; or
    /// `scheme://host:*` / `scheme://*.domain:*`: that host or those subdomains on any port.
    Pattern(OriginPattern),
}

/// An origin pattern, prepared for byte comparison: a subdomain pattern such as
/// `https://*.example.com`, an any-port origin such as `http://localhost:*`, or both
/// (`https://*.example.com:*`).
///
/// A subdomain pattern matches an origin that starts with `prefix` (`https://`), ends with
/// `suffix` (`.example.com`, plus `:port` when the pattern names one), and has one or more
/// non-empty lowercase host labels in between. An exact host's pattern is the whole origin
/// in `prefix`. With `:*`, the origin's port (digits as a browser writes them, `1` to
/// `65535`) is set aside first, and the rest must match; an origin without a port (the
/// scheme's default) matches too.
///
/// ```
/// use cors_runtime_core::origin::OriginPattern;
///
/// let p = OriginPattern::parse("https://*.example.com").unwrap();
/// assert!(p.matches(b"https://api.example.com"));
/// assert!(p.matches(b"https://a.b.example.com"));
/// assert!(!p.matches(b"https://example.com"));
/// assert!(!p.matches(b"https://evil-example.com"));
/// assert!(!p.matches(b"http://api.example.com"));
///
/// let dev = OriginPattern::parse("http://localhost:*").unwrap();
/// assert!(dev.matches(b"http://localhost:5173"));
/// assert!(dev.matches(b"http://localhost"));
/// assert!(!dev.matches(b"https://localhost:5173"));
/// assert!(!dev.matches(b"http://localhost.evil.com:5173"));
/// assert!(!dev.matches(b"http://localhost:5173.evil.com"));
/// assert!(!dev.matches(b"http://localhost:517300"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OriginPattern {
    /// The entry as written (`https://*.example.com:*`), what reports and the policy's text
    /// show.
    written: Cow<'static, str>,
    prefix: Cow<'static, str>,
    suffix: Cow<'static, str>,
    subdomains: bool,
    any_port: bool,
}

impl OriginPattern {
    /// The entry as written, such as `https://*.example.com:*`.
    pub fn as_str(&self) -> &str {
        &self.written
    }

    /// Parses a pattern such as `https://*.example.com:8443` or `http://localhost:*`.
    ///
    /// Returns `None` when `text` is not a valid pattern; [`parse_origin`] says why.
    pub fn parse(text: &str) -> Option<Self> {
        match parse_origin(text) {
            Ok(OriginEntry::Pattern(p)) => Some(p),
            _ => None,
        }
    }

    /// The part before the subdomain labels, such as `https://`; for an exact host's
    /// any-port pattern, the origin without its port (`http://localhost`).
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// The part after the subdomain labels, such as `.example.com` or `.example.com:8443`;
    /// empty for an exact host.
    pub fn suffix(&self) -> &str {
        &self.suffix
    }

    /// Whether the pattern covers subdomains (`*.`).
    pub fn subdomains(&self) -> bool {
        self.subdomains
    }

    /// Whether the pattern covers any port (`:*`).
    pub fn any_port(&self) -> bool {
        self.any_port
    }

    /// Whether `origin` (a request's `Origin` header, as bytes) is one this pattern covers.
    /// A comparison of bytes: no parsing, no allocation.
    #[inline]
    pub fn matches(&self, origin: &[u8]) -> bool {
        let origin = if self.any_port {
            without_port(origin)
        } else {
            origin
        };
        let (prefix, suffix) = (self.prefix.as_bytes(), self.suffix.as_bytes());
        if !self.subdomains {
            return origin == prefix;
        }
        if origin.len() <= prefix.len() + suffix.len()
            || !origin.starts_with(prefix)
            || !origin.ends_with(suffix)
        {
            return false;
        }
        crate::host::is_host_labels(&origin[prefix.len()..origin.len() - suffix.len()])
    }
}

/// `origin` without its `:port`, when it ends with a port as a browser writes one (1 to 5
/// digits, no leading zero, at most 65535); otherwise `origin` whole, which then matches
/// only as it is.
#[inline]
fn without_port(origin: &[u8]) -> &[u8] {
    // A port is at most five digits: only the last six bytes can hold its `:`.
    let tail = origin.len().saturating_sub(6);
    let Some(colon) = origin[tail..].iter().rposition(|&b| b == b':') else {
        return origin;
    };
    let colon = tail + colon;
    let digits = &origin[colon + 1..];
    let is_port = matches!(digits.len(), 1..=5)
        && digits[0] != b'0'
        && digits.iter().all(u8::is_ascii_digit)
        && digits
            .iter()
            .fold(0u32, |n, &d| n * 10 + u32::from(d - b'0'))
            <= 65535;
    if is_port {
        &origin[..colon]
    } else {
        origin
    }
}

impl std::fmt::Display for OriginPattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.written)
    }
}

/// The port a browser leaves out of the origin for `scheme`.
fn default_port(scheme: &str) -> Option<u16> {
    match scheme {
        "http" | "ws" => Some(80),
        "https" | "wss" => Some(443),
        "ftp" => Some(21),
        _ => None,
    }
}

/// Parses one entry of `origins`.
///
/// ```
/// use cors_runtime_core::origin::{parse_origin, OriginEntry};
///
/// assert_eq!(parse_origin("https://app.example.com"), Ok(OriginEntry::Exact("https://app.example.com")));
/// let err = parse_origin("https://app.example.com/").unwrap_err();
/// assert_eq!(err.message, "origin `https://app.example.com/` has a trailing `/`");
/// ```
pub fn parse_origin(text: &str) -> Result<OriginEntry<'_>, Problem> {
    parse_keeping(text, |part| Cow::Owned(part.to_owned()))
}

/// [`parse_origin`] for `'static` text, such as the policy `#[cors]` wrote into the binary: a
/// pattern borrows its parts from `text` instead of copying them.
pub fn parse_static_origin(text: &'static str) -> Result<OriginEntry<'static>, Problem> {
    parse_keeping(text, Cow::Borrowed)
}

/// Parses one entry, keeping a pattern's parts with `keep`.
pub(crate) fn parse_keeping<'t>(
    text: &'t str,
    keep: impl Fn(&'t str) -> Cow<'static, str>,
) -> Result<OriginEntry<'t>, Problem> {
    match text {
        "*" => return Ok(OriginEntry::Any),
        "null" => return Ok(OriginEntry::Null),
        "" => {
            return Err(Problem::new(
                "origin is empty",
                "write a scheme and a host, such as `https://app.example.com`",
            ))
        }
        _ => {}
    }
    if text.eq_ignore_ascii_case("null") {
        return Err(Problem::new(
            format!("origin `{text}` is not how browsers write the null origin"),
            "write `null` in lowercase",
        ));
    }
    if text.chars().any(char::is_whitespace) {
        return Err(Problem::new(
            format!("origin `{}` contains whitespace", text.escape_debug()),
            "remove the whitespace; browsers never send it",
        ));
    }
    let Some((scheme, rest)) = text.split_once("://") else {
        return Err(Problem::new(
            format!("origin `{text}` has no scheme"),
            format!("write the scheme the page is served with, such as `https://{text}`"),
        ));
    };
    check_scheme(text, scheme)?;
    let authority = authority_only(text, scheme, rest)?;
    let (host, port) = split_port(text, authority)?;
    let any_port = port == Some("*");
    match port {
        Some("*") | None => {}
        Some(port) if port.contains('*') => {
            return Err(Problem::new(
                format!("origin `{text}` has a partial port wildcard `{port}`"),
                format!(
                    "`*` stands for the whole port: write `{scheme}://{host}:*` for any port, or list each port"
                ),
            ))
        }
        Some(port) => check_port(text, scheme, host, port)?,
    }
    let prefix = &text[..scheme.len() + 3];
    let after = &authority[host.len()..];
    if let Some(base) = host.strip_prefix("*.") {
        if crate::host::is_ip_address(base) {
            return Err(Problem::new(
                format!("origin `{text}` puts `*` in front of an IP address"),
                "subdomain patterns need a domain name; list the address as an exact origin",
            ));
        }
        check_host(text, scheme, &text[..prefix.len() + 2], base, after)?;
        check_pattern_base(text, base)?;
        let suffix_len = authority.len() - host.len() + base.len() + 1;
        let suffix = &text[text.len() - suffix_len..];
        let suffix = if any_port {
            &suffix[..suffix.len() - 2]
        } else {
            suffix
        };
        return Ok(OriginEntry::Pattern(OriginPattern {
            written: keep(text),
            prefix: keep(prefix),
            suffix: keep(suffix),
            subdomains: true,
            any_port,
        }));
    }
    check_host(text, scheme, prefix, host, after)?;
    if any_port {
        return Ok(OriginEntry::Pattern(OriginPattern {
            written: keep(text),
            prefix: keep(&text[..text.len() - 2]),
            suffix: Cow::Borrowed(""),
            subdomains: false,
            any_port: true,
        }));
    }
    Ok(OriginEntry::Exact(text))
}

fn check_scheme(text: &str, scheme: &str) -> Result<(), Problem> {
    let valid = scheme
        .as_bytes()
        .first()
        .is_some_and(u8::is_ascii_alphabetic)
        && scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'));
    if !valid {
        return Err(Problem::new(
            format!("origin `{text}` has an invalid scheme `{scheme}`"),
            "write a scheme such as `https`",
        ));
    }
    if scheme.bytes().any(|b| b.is_ascii_uppercase()) {
        return Err(Problem::new(
            format!("origin `{text}` has an uppercase scheme"),
            format!(
                "browsers send the scheme in lowercase; write `{}`",
                text.replacen(scheme, &scheme.to_ascii_lowercase(), 1)
            ),
        ));
    }
    if scheme == "file" {
        return Err(Problem::new(
            format!("origin `{text}` uses `file`, which has no origin"),
            "browsers send `null` for `file:` pages; serve the page over `http://` instead",
        ));
    }
    Ok(())
}

/// Returns the authority of `rest` (what follows `scheme://`), or the reason there is more.
fn authority_only<'t>(text: &str, scheme: &str, rest: &'t str) -> Result<&'t str, Problem> {
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    let origin = format!("{scheme}://{authority}");
    match tail.as_bytes().first() {
        None => {}
        Some(b'/') if tail == "/" => {
            return Err(Problem::new(
                format!("origin `{text}` has a trailing `/`"),
                format!("browsers send no path; write `{origin}`"),
            ))
        }
        Some(b'/') => {
            return Err(Problem::new(
                format!("origin `{text}` has a path"),
                format!("an origin is a scheme, a host and a port only; write `{origin}`"),
            ))
        }
        Some(b'?') => {
            return Err(Problem::new(
                format!("origin `{text}` has a query"),
                format!("an origin is a scheme, a host and a port only; write `{origin}`"),
            ))
        }
        Some(_) => {
            return Err(Problem::new(
                format!("origin `{text}` has a fragment"),
                format!("an origin is a scheme, a host and a port only; write `{origin}`"),
            ))
        }
    }
    if let Some((_, after)) = authority.rsplit_once('@') {
        return Err(Problem::new(
            format!("origin `{text}` has userinfo"),
            format!("browsers never send a user name or password in `Origin`; write `{scheme}://{after}`"),
        ));
    }
    if authority.is_empty() {
        return Err(Problem::new(
            format!("origin `{text}` has no host"),
            "write a host after `://`, such as `https://app.example.com`",
        ));
    }
    Ok(authority)
}

/// Splits `host[:port]`, keeping IPv6 literals (`[::1]:8080`) whole.
fn split_port<'t>(text: &str, authority: &'t str) -> Result<(&'t str, Option<&'t str>), Problem> {
    let host_end = if authority.starts_with('[') || authority.starts_with("*.[") {
        match authority.find(']') {
            Some(i) => i + 1,
            None => {
                return Err(Problem::new(
                    format!("origin `{text}` has an unclosed IPv6 address"),
                    "close the address with `]`, as in `http://[::1]:8080`",
                ))
            }
        }
    } else {
        authority.find(':').unwrap_or(authority.len())
    };
    let (host, rest) = authority.split_at(host_end);
    match rest.strip_prefix(':') {
        Some(port) => Ok((host, Some(port))),
        None if rest.is_empty() => Ok((host, None)),
        None => Err(Problem::new(
            format!("origin `{text}` has characters after its host"),
            "write `scheme://host:port`",
        )),
    }
}

fn check_port(text: &str, scheme: &str, host: &str, port: &str) -> Result<(), Problem> {
    let without = format!("{scheme}://{host}");
    if port.is_empty() {
        return Err(Problem::new(
            format!("origin `{text}` has an empty port"),
            format!("remove the `:` or write a port; `{without}` uses the default port"),
        ));
    }
    if !port.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Problem::new(
            format!("origin `{text}` has an invalid port `{port}`"),
            "write the port as a number from 1 to 65535",
        ));
    }
    let value = match port.parse::<u16>() {
        Ok(value) if value != 0 => value,
        _ => {
            return Err(Problem::new(
                format!("origin `{text}` has port `{port}`, which is out of range"),
                "write the port as a number from 1 to 65535",
            ))
        }
    };
    if port.starts_with('0') {
        return Err(Problem::new(
            format!("origin `{text}` writes its port with a leading zero"),
            format!("browsers send `{without}:{value}`; write that"),
        ));
    }
    if default_port(scheme) == Some(value) {
        return Err(Problem::new(
            format!("origin `{text}` names the default port `{value}` of `{scheme}`"),
            format!(
                "browsers leave the default port out, so this never matches; write `{without}`"
            ),
        ));
    }
    Ok(())
}

/// Checks the host of an exact origin or of a pattern's base. `prefix` is what stands
/// before the host in `text` (`https://` or `https://*.`) and `after` what follows it
/// (`:8443` or nothing), so a diagnosis can spell out the origin a browser would send.
fn check_host(
    text: &str,
    scheme: &str,
    prefix: &str,
    host: &str,
    after: &str,
) -> Result<(), Problem> {
    if host.is_empty() {
        return Err(Problem::new(
            format!("origin `{text}` has no host"),
            "write a host after `://`, such as `https://app.example.com`",
        ));
    }
    if host.contains('*') && !host.starts_with('[') {
        return Err(wildcard_problem(text, host));
    }
    if is_special(scheme) {
        return crate::host::check(text, host, |sent| format!("{prefix}{sent}{after}"));
    }
    check_opaque_host(text, host)
}

/// The host of an origin whose scheme the URL standard does not know (`chrome-extension`):
/// browsers send it as written, so it must already be in the lowercase form they use.
fn check_opaque_host(text: &str, host: &str) -> Result<(), Problem> {
    if host.starts_with('[') {
        return crate::host::check(text, host, |sent| text.replacen(host, sent, 1));
    }
    if !host.is_ascii() {
        return Err(Problem::new(
            format!("origin `{text}` has a non-ASCII host"),
            "browsers send internationalised hosts in their ASCII (punycode) form, `xn--…`; write that form",
        ));
    }
    if host.bytes().any(|b| b.is_ascii_uppercase()) {
        return Err(Problem::new(
            format!("origin `{text}` has an uppercase host"),
            format!(
                "browsers send the host in lowercase; write `{}`",
                text.replacen(host, &host.to_ascii_lowercase(), 1)
            ),
        ));
    }
    crate::host::check_domain_shape(text, host)
}

/// Schemes whose hosts the URL standard parses as domains and IP addresses ("special"
/// schemes, less `file`, which has no origin).
fn is_special(scheme: &str) -> bool {
    matches!(scheme, "http" | "https" | "ws" | "wss" | "ftp")
}

/// The diagnosis for a `*` anywhere but as the whole leftmost label.
fn wildcard_problem(text: &str, host: &str) -> Problem {
    if host == "*" {
        return Problem::new(
            format!("origin `{text}` matches every host"),
            "to allow any origin write `\"*\"` alone; otherwise name a domain, as in `https://*.example.com`",
        );
    }
    if host.starts_with('*') {
        let base = host.trim_start_matches('*');
        let base = base.trim_start_matches('.');
        return Problem::new(
            format!("origin `{text}` has `*` inside a label"),
            format!(
                "`*` must be a whole label: write `{}*.{base}` to allow the subdomains of `{base}`",
                &text[..text.find("://").map_or(0, |i| i + 3)]
            ),
        );
    }
    Problem::new(
        format!("origin `{text}` has `*` in the middle of its host"),
        "`*` may stand only as the leftmost label, as in `https://*.example.com`",
    )
}

/// A subdomain pattern must sit below a registrable domain: `*.com` would allow every site.
/// Every top-level name counts as a public suffix (the Public Suffix List's implicit `*`
/// rule), except `localhost`: RFC 6761 reserves it for loopback and browsers resolve every
/// name under it to the local machine, so `http://*.localhost:3000` allows local pages only.
fn check_pattern_base(text: &str, base: &str) -> Result<(), Problem> {
    // `example.com.` is the same registrable domain as `example.com`.
    let name = base.strip_suffix('.').unwrap_or(base);
    if name == "localhost" {
        return Ok(());
    }
    if !name.contains('.') || crate::public_suffix::is_public_suffix(name) {
        let scheme = &text[..text.find("://").map_or(0, |i| i + 3)];
        return Err(Problem::new(
            format!("origin `{text}` covers every site under the public suffix `{base}`"),
            format!("anyone can register a domain there; name your own domain, as in `{scheme}*.example.{base}`"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        let p = parse_origin(text).unwrap_err();
        format!("{}; {}", p.message, p.help)
    }

    #[test]
    fn accepts_what_browsers_send() {
        for ok in [
            "https://app.example.com",
            "http://localhost:8081",
            "http://127.0.0.1:3000",
            "http://[::1]:8080",
            "https://xn--bcher-kva.de",
            "chrome-extension://abcdefghijklmnop",
            "https://a_b.example.com",
            // A page at `https://example.com./` sends its fully qualified name.
            "https://example.com.",
            "http://localhost.:8081",
        ] {
            assert_eq!(parse_origin(ok), Ok(OriginEntry::Exact(ok)), "{ok}");
        }
        assert_eq!(parse_origin("*"), Ok(OriginEntry::Any));
        assert_eq!(parse_origin("null"), Ok(OriginEntry::Null));
    }

    #[test]
    fn rejects_paths_queries_fragments_and_userinfo() {
        assert!(err("https://a.com/")
            .contains("trailing `/`; browsers send no path; write `https://a.com`"));
        assert!(err("https://a.com/app").contains("has a path"));
        assert!(err("https://a.com?x=1").contains("has a query"));
        assert!(err("https://a.com#top").contains("has a fragment"));
        assert!(err("https://user:pw@a.com").contains("write `https://a.com`"));
    }

    #[test]
    fn rejects_what_no_browser_sends() {
        assert!(err("").contains("origin is empty"));
        assert!(err(" https://a.com").contains("whitespace"));
        assert!(err("a.com").contains(
            "no scheme; write the scheme the page is served with, such as `https://a.com`"
        ));
        assert!(err("HTTPS://a.com").contains("write `https://a.com`"));
        assert!(err("https://App.Example.com").contains("write `https://app.example.com`"));
        assert!(err("https://bücher.de").contains("punycode"));
        assert!(err("https://a..com").contains("empty label"));
        assert!(err("https://a.com..").contains("empty label"));
        assert!(err("https://").contains("no host"));
        assert!(err("Null").contains("lowercase"));
        assert!(err("file:///tmp/x").contains("`file`"));
        assert!(err("1https://a.com").contains("invalid scheme"));
        assert!(err("https://a%2e.com").contains("`%` in its host"));
        assert!(err("http://[::1").contains("unclosed"));
        assert!(err("http://[xyz]:8080").contains("invalid IPv6"));
    }

    /// Entries no browser sends, with the origin a browser sends for the same page: the
    /// WHATWG URL standard's host parser decides it (IPv4 number parsing, IPv6
    /// serialisation, domain to ASCII), and the port stays where it was.
    #[test]
    fn entries_are_what_the_url_standard_serialises() {
        for (entry, sent) in [
            ("http://1:6060", "http://0.0.0.1:6060"),
            ("http://127.1", "http://127.0.0.1"),
            ("http://0x7f.1:3000", "http://127.0.0.1:3000"),
            ("http://0177.0.0.1", "http://127.0.0.1"),
            (
                "http://[2001:0db8:0:0:0:0:0:1]:8080",
                "http://[2001:db8::1]:8080",
            ),
            ("http://[::A]", "http://[::a]"),
            ("https://bücher.de", "https://xn--bcher-kva.de"),
            ("https://*.bücher.de", "https://*.xn--bcher-kva.de"),
        ] {
            let found = err(entry);
            assert!(
                found.contains(&format!("write `{sent}`")),
                "{entry}: {found}"
            );
            assert!(parse_origin(sent).is_ok(), "{sent}");
        }
        // No page has these origins: the URL itself is invalid.
        for entry in [
            "http://foo.bar.255",
            "http://1.2.3.4.5",
            "http://[::::1]",
            "https://xn--a.com",
            "http://256.1.1.1",
        ] {
            assert!(
                err(entry).contains("no page has this origin")
                    || err(entry).contains("invalid IPv6"),
                "{entry}"
            );
        }
    }

    #[test]
    fn fully_qualified_names_and_localhost_patterns() {
        let fqdn = OriginPattern::parse("https://*.example.com.").unwrap();
        assert!(fqdn.matches(b"https://a.example.com."));
        assert!(!fqdn.matches(b"https://a.example.com"));
        assert!(!fqdn.matches(b"https://example.com."));
        let plain = OriginPattern::parse("https://*.example.com").unwrap();
        assert!(
            !plain.matches(b"https://a.example.com."),
            "a different origin per the URL standard"
        );
        // RFC 6761: every name under `.localhost` is loopback; no stranger registers there.
        let local = OriginPattern::parse("http://*.localhost:3000").unwrap();
        assert!(local.matches(b"http://app.localhost:3000"));
        assert!(OriginPattern::parse("http://*.localhost.").is_some());
        assert!(err("https://*.com.").contains("public suffix"));
        assert!(err("http://*.internal").contains("public suffix"));
        assert!(err("http://*.1").contains("IP address"));
        assert!(err("http://*.127.1").contains("IP address"));
        assert!(err("http://*.[::1]").contains("IP address"));
        assert!(err("http://*.foo.255").contains("no page has this origin"));
    }

    #[test]
    fn rejects_bad_ports() {
        assert!(err("https://a.com:443").contains("default port `443`"));
        assert!(err("http://a.com:80").contains("write `http://a.com`"));
        assert!(err("https://a.com:0").contains("out of range"));
        assert!(err("https://a.com:65536").contains("out of range"));
        assert!(err("https://a.com:08080").contains("leading zero"));
        assert!(err("https://a.com:").contains("empty port"));
        assert!(err("https://a.com:x").contains("invalid port"));
        assert!(parse_origin("http://a.com:443").is_ok());
        assert!(parse_origin("https://a.com:65535").is_ok());
    }

    #[test]
    fn origin_patterns_are_whole_leftmost_labels_under_a_registrable_domain() {
        let p = OriginPattern::parse("https://*.example.com:8443").unwrap();
        assert_eq!((p.prefix(), p.suffix()), ("https://", ".example.com:8443"));
        assert_eq!(p.to_string(), "https://*.example.com:8443");
        assert!(err("https://*example.com").contains("write `https://*.example.com`"));
        assert!(err("https://api.*.example.com").contains("leftmost label"));
        assert!(err("https://*").contains("every host"));
        assert!(err("https://*.com").contains("public suffix `com`"));
        assert!(err("https://*.co.uk").contains("public suffix `co.uk`"));
        assert!(err("https://*.github.io").contains("public suffix"));
        assert!(err("http://*.127.0.0.1").contains("IP address"));
        assert!(err("https://*.*.example.com").contains("`*`"));
    }

    #[test]
    fn pattern_matching_is_exact_about_labels_ports_and_schemes() {
        let p = OriginPattern::parse("https://*.example.com").unwrap();
        assert!(p.matches(b"https://a.example.com"));
        assert!(p.matches(b"https://a-b.c.example.com"));
        for no in [
            "https://example.com",
            "https://.example.com",
            "https://a..example.com",
            "https://evilexample.com",
            "https://a.example.com.evil.com",
            "https://a.example.com:8443",
            "http://a.example.com",
            "https://A.example.com",
            "https://evil.com/.example.com",
            "https://evil.com#.example.com",
            "https://u@a.example.com",
        ] {
            assert!(!p.matches(no.as_bytes()), "{no}");
        }
        let with_port = OriginPattern::parse("https://*.example.com:8443").unwrap();
        assert!(with_port.matches(b"https://a.example.com:8443"));
        assert!(!with_port.matches(b"https://a.example.com"));
    }
}
