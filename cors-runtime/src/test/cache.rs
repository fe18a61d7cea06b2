//! The CORS-preflight cache (Fetch §4.8): what a passed preflight allows, per page origin
//! and URL, until `Access-Control-Max-Age` runs out. How long an answer lives, and whether
//! a grant made with credentials serves a call without, is the engine's
//! ([`Engine::preflight_lifetime`], [`Engine::credentialed_grant_serves_others`]).

use std::time::Duration;

use super::engine::Engine;
use super::judge::Granted;

#[derive(Debug)]
struct Entry {
    origin: String,
    url: String,
    /// Whether the preflight was made for a call with credentials: part of the key in an
    /// engine whose grants made with credentials serve no other call.
    credentials: bool,
    allowed: Granted,
    /// On the page's clock.
    expires: Duration,
}

/// The cache of one page.
#[derive(Debug, Default)]
pub(super) struct Cache {
    entries: Vec<Entry>,
}

/// What a cache entry is looked up by.
pub(super) struct Key<'a> {
    pub(super) engine: Engine,
    pub(super) origin: &'a str,
    pub(super) url: &'a str,
    pub(super) credentials: bool,
}

impl Key<'_> {
    fn matches(&self, entry: &Entry) -> bool {
        entry.origin == self.origin
            && entry.url == self.url
            && (self.engine.credentialed_grant_serves_others()
                || entry.credentials == self.credentials)
    }
}

impl Cache {
    /// Whether a cached answer covers a request, so no preflight is sent.
    pub(super) fn covers(
        &self,
        key: &Key<'_>,
        method: &str,
        names: &[String],
        now: Duration,
    ) -> bool {
        self.entries.iter().any(|e| {
            key.matches(e) && e.expires > now && e.allowed.covers(method, names, key.credentials)
        })
    }

    /// Keeps a preflight's answer for `lifetime`, in place of the one before.
    pub(super) fn store(
        &mut self,
        key: &Key<'_>,
        allowed: Granted,
        lifetime: Option<Duration>,
        now: Duration,
    ) {
        self.entries.retain(|e| !key.matches(e) && e.expires > now);
        if let Some(lifetime) = lifetime {
            self.entries.push(Entry {
                origin: key.origin.to_owned(),
                url: key.url.to_owned(),
                credentials: key.credentials,
                allowed,
                expires: now + lifetime,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grant(credentials: bool) -> Granted {
        Granted {
            credentials,
            methods: vec!["PUT".to_owned()],
            headers: Vec::new(),
        }
    }

    #[test]
    fn firefox_keys_its_cache_by_the_credentials_mode() {
        for (engine, serves) in [
            (Engine::Chromium, true),
            (Engine::Firefox, false),
            (Engine::WebKit, true),
        ] {
            let mut cache = Cache::default();
            let with = Key {
                engine,
                origin: "https://a.example",
                url: "http://localhost:8080/x",
                credentials: true,
            };
            let without = Key {
                credentials: false,
                ..with
            };
            cache.store(
                &with,
                grant(true),
                Some(Duration::from_secs(5)),
                Duration::ZERO,
            );
            assert!(
                cache.covers(&with, "PUT", &[], Duration::ZERO),
                "{engine:?}"
            );
            assert_eq!(
                cache.covers(&without, "PUT", &[], Duration::ZERO),
                serves,
                "{engine:?}"
            );
            assert!(
                !cache.covers(&with, "PUT", &[], Duration::from_secs(5)),
                "expired"
            );
        }
    }
}
