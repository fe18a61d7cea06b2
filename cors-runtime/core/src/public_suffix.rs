//! Whether a domain is a public suffix (`com`, `co.uk`, `github.io`): a place where anyone
//! can register a name, so a subdomain pattern over it allows strangers' sites; and a
//! host's registrable domain, which decides what a browser calls one site (the test kit's
//! `Sec-Fetch-Site`).

/// Whether `domain` is itself a public suffix, per the Public Suffix List.
pub(crate) fn is_public_suffix(domain: &str) -> bool {
    psl::suffix(domain.as_bytes())
        .is_some_and(|s| s.is_known() && s.as_bytes() == domain.as_bytes())
}

/// The registrable domain of `host` (a host as a browser serialises it): its public suffix
/// and one label more (`app.example.co.uk` → `example.co.uk`), `None` when the suffix is not
/// on the Public Suffix List (`localhost`, `internal`) or `host` is a suffix itself. A host
/// without one is its own site (HTML "obtain a site"), as an IP address is.
///
/// ```
/// use cors_runtime_core::public_suffix::registrable_domain;
///
/// assert_eq!(registrable_domain("api.example.co.uk"), Some("example.co.uk"));
/// assert_eq!(registrable_domain("me.github.io"), Some("me.github.io"));
/// assert_eq!(registrable_domain("localhost"), None);
/// ```
pub fn registrable_domain(host: &str) -> Option<&str> {
    let domain = psl::domain(host.as_bytes()).filter(|d| d.suffix().is_known())?;
    host.get(host.len().checked_sub(domain.as_bytes().len())?..)
}

#[cfg(test)]
mod tests {
    use super::{is_public_suffix, registrable_domain};

    #[test]
    fn a_registrable_domain_is_the_suffix_and_one_label() {
        assert_eq!(registrable_domain("a.b.example.com"), Some("example.com"));
        assert_eq!(registrable_domain("example.com"), Some("example.com"));
        assert_eq!(registrable_domain("com"), None);
        assert_eq!(registrable_domain("app.localhost"), None);
        assert_eq!(
            registrable_domain("a.herokuapp.com"),
            Some("a.herokuapp.com")
        );
    }

    #[test]
    fn knows_public_suffixes_from_registrable_domains() {
        for suffix in ["com", "co.uk", "github.io", "herokuapp.com", "pages.dev"] {
            assert!(is_public_suffix(suffix), "{suffix}");
        }
        for domain in ["example.com", "example.co.uk", "me.github.io", "localhost"] {
            assert!(!is_public_suffix(domain), "{domain}");
        }
    }
}
