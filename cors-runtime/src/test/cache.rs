//! The CORS-preflight cache (Fetch §4.8, as Chromium keeps it): what a passed preflight
//! allows, per page origin and URL, until `Access-Control-Max-Age` runs out.

use std::time::Duration;

use super::judge::Granted;

/// How long an answer without `Access-Control-Max-Age` is kept.
const DEFAULT_MAX_AGE: Duration = Duration::from_secs(5);
/// Chromium's cap on `Access-Control-Max-Age`.
const CHROMIUM_MAX_AGE: Duration = Duration::from_secs(7200);

/// How long Chromium keeps a preflight answer with this `Access-Control-Max-Age`: `None`
/// when it is not kept at all (`0`, negative).
pub(super) fn lifetime(max_age: Option<&str>) -> Option<Duration> {
    let Some(value) = max_age else {
        return Some(DEFAULT_MAX_AGE);
    };
    match value.trim_matches([' ', '\t']).parse::<i64>() {
        Ok(seconds) if seconds <= 0 => None,
        Ok(seconds) => Some(Duration::from_secs(seconds.unsigned_abs()).min(CHROMIUM_MAX_AGE)),
        Err(_) => Some(DEFAULT_MAX_AGE),
    }
}

#[derive(Debug)]
struct Entry {
    origin: String,
    url: String,
    allowed: Granted,
    /// On the page's clock.
    expires: Duration,
}

/// The cache of one page.
#[derive(Debug, Default)]
pub(super) struct Cache {
    entries: Vec<Entry>,
}

impl Cache {
    /// Whether a cached answer covers a request, so no preflight is sent.
    pub(super) fn covers(
        &self,
        origin: &str,
        url: &str,
        method: &str,
        names: &[String],
        credentials: bool,
        now: Duration,
    ) -> bool {
        self.entries.iter().any(|e| {
            e.origin == origin
                && e.url == url
                && e.expires > now
                && e.allowed.covers(method, names, credentials)
        })
    }

    /// Keeps a passed preflight's answer for `lifetime`, in place of the one before.
    pub(super) fn store(
        &mut self,
        origin: &str,
        url: &str,
        allowed: Granted,
        lifetime: Option<Duration>,
        now: Duration,
    ) {
        self.entries
            .retain(|e| !(e.origin == origin && e.url == url) && e.expires > now);
        if let Some(lifetime) = lifetime {
            self.entries.push(Entry {
                origin: origin.to_owned(),
                url: url.to_owned(),
                allowed,
                expires: now + lifetime,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn max_age_as_chromium_reads_it() {
        assert_eq!(lifetime(None), Some(Duration::from_secs(5)));
        assert_eq!(lifetime(Some("600")), Some(Duration::from_secs(600)));
        assert_eq!(lifetime(Some("86400")), Some(Duration::from_secs(7200)));
        assert_eq!(lifetime(Some("0")), None);
        assert_eq!(lifetime(Some("-1")), None);
    }
}
