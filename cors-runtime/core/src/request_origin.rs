//! A request's `Origin`, parsed: what an `origin_fn` is asked about.

use std::fmt;

/// An origin as a browser sends it in `Origin` (`scheme://host[:port]`, lowercase, no path),
/// parsed into its parts without copying.
///
/// This is what an `origin_fn` is given: write the decision over its parts, and the classic
/// mistakes of string tests (`ends_with("example.com")` accepting `evilexample.com`, a prefix
/// test accepting `https://example.com.evil.net`, trusting `http://`) have no place to hide.
///
/// ```
/// # use cors_runtime_core as cors_runtime;
/// use cors_runtime::Origin;
///
/// let origin = Origin::parse("https://shop.customers.example.com:8443")?;
/// assert_eq!(origin.scheme(), "https");
/// assert_eq!(origin.host(), "shop.customers.example.com");
/// assert_eq!(origin.port(), Some(8443));
/// assert_eq!(origin.as_str(), "https://shop.customers.example.com:8443");
/// assert!(origin.is_subdomain_of("customers.example.com"));
/// assert!(!Origin::parse("https://evilcustomers.example.com")?.is_subdomain_of("customers.example.com"));
/// assert!(!Origin::parse("https://customers.example.com")?.is_subdomain_of("customers.example.com"));
/// assert!(Origin::parse("https://shop.customers.example.com/").is_err());
/// # Ok::<(), cors_runtime::ParseOriginError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Origin<'a> {
    text: &'a str,
    /// Where `://` starts.
    scheme_end: usize,
    /// Where the host ends (the `:` of the port, or the end).
    host_end: usize,
    port: Option<u16>,
}

/// Why a text is not an origin a browser would send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseOriginError {
    text: String,
}

impl fmt::Display for ParseOriginError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not an origin as a browser sends it: `scheme://host[:port]`, lowercase, \
             nothing after the port",
            self.text.escape_debug()
        )
    }
}

impl std::error::Error for ParseOriginError {}

impl<'a> Origin<'a> {
    /// Parses `text` as a browser serialises an origin. `null` (an opaque origin) is not
    /// one: it has no scheme, host or port to decide by.
    pub fn parse(text: &'a str) -> Result<Self, ParseOriginError> {
        Self::scan(text).ok_or_else(|| ParseOriginError {
            text: text.to_owned(),
        })
    }

    /// The parse, as a scan of bytes without allocation; `None` for anything else.
    #[inline]
    pub(crate) fn scan(text: &'a str) -> Option<Self> {
        let bytes = text.as_bytes();
        let scheme_end = bytes.windows(3).position(|w| w == b"://")?;
        let scheme = &bytes[..scheme_end];
        let scheme_ok = scheme.first().is_some_and(u8::is_ascii_lowercase)
            && scheme
                .iter()
                .all(|&b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"+-.".contains(&b));
        if !scheme_ok {
            return None;
        }
        let host_start = scheme_end + 3;
        let rest = &bytes[host_start..];
        let host_len = if let Some(ipv6) = rest.strip_prefix(b"[") {
            let end = ipv6.iter().position(|&b| b == b']')?;
            let address = &ipv6[..end];
            let ok = !address.is_empty()
                && address.iter().all(|&b| {
                    b.is_ascii_digit() || (b'a'..=b'f').contains(&b) || b":.".contains(&b)
                });
            if !ok {
                return None;
            }
            end + 2
        } else {
            let end = rest.iter().position(|&b| b == b':').unwrap_or(rest.len());
            let host = &rest[..end];
            // A fully qualified name keeps its final dot (`http://example.com.`).
            let labels = host.strip_suffix(b".").unwrap_or(host);
            if !crate::host::is_host_labels(labels) {
                return None;
            }
            end
        };
        let host_end = host_start + host_len;
        let port = match &bytes[host_end..] {
            [] => None,
            [b':', digits @ ..] => Some(port_number(digits)?),
            _ => return None,
        };
        Some(Self {
            text,
            scheme_end,
            host_end,
            port,
        })
    }

    /// The scheme, such as `https`.
    pub fn scheme(&self) -> &'a str {
        &self.text[..self.scheme_end]
    }

    /// The host as the browser wrote it: a lowercase domain (`shop.example.com`, with its
    /// final dot if the page's URL had one), an IPv4 address, or an IPv6 address in
    /// brackets (`[::1]`).
    pub fn host(&self) -> &'a str {
        &self.text[self.scheme_end + 3..self.host_end]
    }

    /// The port, `None` for the scheme's default (browsers leave it out).
    pub fn port(&self) -> Option<u16> {
        self.port
    }

    /// The whole origin, as sent.
    pub fn as_str(&self) -> &'a str {
        self.text
    }

    /// Whether the host is a strict subdomain of `domain`: it ends with `.` and `domain` on
    /// a label boundary, with at least one label before. `domain` itself, a look-alike
    /// (`evilexample.com` for `example.com`) and IP addresses are not. `domain` compares
    /// without regard to ASCII case, and a leading `.` in it is ignored.
    ///
    /// ```
    /// # use cors_runtime_core as cors_runtime;
    /// use cors_runtime::Origin;
    ///
    /// let origin = Origin::parse("https://a.b.example.com")?;
    /// assert!(origin.is_subdomain_of("example.com"));
    /// assert!(origin.is_subdomain_of("b.example.com"));
    /// assert!(origin.is_subdomain_of(".Example.COM"));
    /// assert!(!origin.is_subdomain_of("a.b.example.com"));
    /// assert!(!origin.is_subdomain_of("ample.com"));
    /// assert!(!origin.is_subdomain_of(""));
    /// # Ok::<(), cors_runtime::ParseOriginError>(())
    /// ```
    pub fn is_subdomain_of(&self, domain: &str) -> bool {
        let domain = domain.strip_prefix('.').unwrap_or(domain);
        let host = self.host();
        if domain.is_empty() || host.starts_with('[') || crate::host::is_dotted_quad(host) {
            return false;
        }
        host.len() > domain.len() + 1
            && host.as_bytes()[host.len() - domain.len() - 1] == b'.'
            && host[host.len() - domain.len()..].eq_ignore_ascii_case(domain)
    }
}

/// A port as a browser writes one: 1 to 5 digits, no leading zero, 1 to 65535.
fn port_number(digits: &[u8]) -> Option<u16> {
    if digits.is_empty() || digits.len() > 5 || digits[0] == b'0' {
        return None;
    }
    digits.iter().try_fold(0u16, |n, &d| {
        if d.is_ascii_digit() {
            n.checked_mul(10)?.checked_add(u16::from(d - b'0'))
        } else {
            None
        }
    })
}

impl fmt::Debug for Origin<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Origin({})", self.text)
    }
}

impl fmt::Display for Origin<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_browsers_send_and_nothing_else() {
        for good in [
            "https://a.example",
            "http://localhost:5173",
            "http://[::1]:8080",
            "http://127.0.0.1",
            "https://example.com.",
            "chrome-extension://abcdefghijklmnop",
        ] {
            assert_eq!(Origin::parse(good).map(|o| o.as_str()), Ok(good), "{good}");
        }
        for bad in [
            "null",
            "",
            "https://a.example/",
            "https://a.example:0",
            "https://a.example:65536",
            "https://a.example:080",
            "https://user@a.example",
            "HTTPS://a.example",
            "https://A.example",
            "https://a.example, https://b.example",
            "https://a..example",
        ] {
            assert!(Origin::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_classic_predicate_bugs_have_no_place() {
        let is = |o: &str, d: &str| Origin::parse(o).unwrap().is_subdomain_of(d);
        // Suffix without a dot.
        assert!(!is("https://evilexample.com", "example.com"));
        // Prefix and suffix tricks.
        assert!(!is("https://example.com.evil.net", "example.com"));
        assert!(!is("https://shop.example.com.evil.net", "example.com"));
        // The domain itself is not its own subdomain; IPs have none.
        assert!(!is("https://example.com", "example.com"));
        assert!(!is("http://10.0.0.1", "0.0.1"));
        assert!(!is("http://[::1]", ":1]"));
        assert!(is("https://shop.example.com", "example.com"));
        assert!(is("https://shop.example.com:8443", "example.com"));
    }

    #[test]
    fn loopback_as_browsers_write_it() {
        for host in [
            "http://localhost:3000",
            "http://a.localhost",
            "http://127.0.0.1:8080",
            "http://[::1]",
            "http://localhost.",
        ] {
            assert!(
                crate::host::is_loopback(Origin::parse(host).unwrap().host()),
                "{host}"
            );
        }
        for host in [
            "http://localhost.evil.com",
            "http://128.0.0.1",
            "http://[::2]",
            "http://127.example",
        ] {
            assert!(
                !crate::host::is_loopback(Origin::parse(host).unwrap().host()),
                "{host}"
            );
        }
    }
}
