//! One request the browser sent and the response it got.

use std::fmt;

/// A request the browser sent and the response it received: the preflight or the actual
/// request of an [`Outcome`](super::Outcome).
///
/// Header names are lower case; a header sent or received several times is one value, its
/// values joined by `, `, as a browser's header list combines them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exchange {
    pub(super) method: String,
    pub(super) url: String,
    pub(super) request_headers: Vec<(String, String)>,
    pub(super) status: u16,
    /// Combined, one entry per name.
    pub(super) headers: Vec<(String, String)>,
    /// Each `Set-Cookie` line as received: the one header whose values cannot be joined,
    /// since a cookie's `Expires` date has a comma of its own (RFC 6265 §3).
    pub(super) set_cookies: Vec<String>,
    /// How many lines of each response header arrived, lower-case names: Firefox refuses
    /// two `Access-Control-Allow-Origin` lines, not a comma in one.
    pub(super) line_counts: Vec<(String, usize)>,
}

/// A header value's bytes as a browser decodes them: as Latin-1 ("isomorphic decode").
pub(super) fn decode(value: &[u8]) -> String {
    value.iter().map(|&b| char::from(b)).collect()
}

/// Adds `value` to `name`'s combined value, or a new entry.
pub(super) fn combine(list: &mut Vec<(String, String)>, name: &str, value: &[u8]) {
    let name = name.to_ascii_lowercase();
    let value = decode(value);
    match list.iter_mut().find(|(n, _)| *n == name) {
        Some((_, combined)) => {
            combined.push_str(", ");
            combined.push_str(&value);
        }
        None => list.push((name, value)),
    }
}

fn find<'a>(list: &'a [(String, String)], name: &str) -> Option<&'a str> {
    list.iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

impl Exchange {
    /// How many lines of response header `name` (lower case) arrived.
    pub(super) fn lines(&self, name: &str) -> usize {
        self.line_counts
            .iter()
            .find(|(n, _)| n == name)
            .map_or(0, |(_, count)| *count)
    }

    /// The request's method, as sent (`OPTIONS` for a preflight).
    pub fn method(&self) -> &str {
        &self.method
    }

    /// The request's URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// A header the request carried, such as `origin` or `access-control-request-headers`.
    pub fn request_header(&self, name: &str) -> Option<&str> {
        find(&self.request_headers, name)
    }

    /// Every header the request carried, in the order sent.
    pub fn request_headers(&self) -> impl Iterator<Item = (&str, &str)> {
        self.request_headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
    }

    /// The response's status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// A header of the response, whether or not a script could read it.
    pub fn header(&self, name: &str) -> Option<&str> {
        find(&self.headers, name)
    }

    /// Every header of the response, in the order received.
    pub fn headers(&self) -> impl Iterator<Item = (&str, &str)> {
        self.headers.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }
}

impl fmt::Display for Exchange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} {}", self.method, self.url)?;
        for (name, value) in &self.request_headers {
            writeln!(f, "{name}: {value}")?;
        }
        writeln!(f, "-> {}", self.status)?;
        for (name, value) in &self.headers {
            writeln!(f, "{name}: {value}")?;
        }
        Ok(())
    }
}
