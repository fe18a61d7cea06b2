//! Whether a domain is a public suffix (`com`, `co.uk`, `github.io`): a place where anyone
//! can register a name, so a subdomain pattern over it allows strangers' sites.

/// Whether `domain` is itself a public suffix, per the Public Suffix List.
pub(crate) fn is_public_suffix(domain: &str) -> bool {
    psl::suffix(domain.as_bytes())
        .is_some_and(|s| s.is_known() && s.as_bytes() == domain.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::is_public_suffix;

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
