//! What every `#[cors]` route on one path serves, for the preflight none of them takes.
//!
//! A preflight for a method no route on its path serves used to fall through to a `404`
//! without CORS headers, and Chromium blamed the origin. The first route on the path whose
//! policy allows the origin takes it instead, and answers with the methods the path serves,
//! so the browser's console names the method. Which routes share the path is known only once
//! the `App` is built, so it is read from the registry at the first such preflight.

use std::cell::OnceCell;

use actix_web::http::header::HeaderValue;

use crate::policy::Text;

/// The methods served on one route path, read once, when first needed.
#[derive(Debug)]
pub(crate) struct AtPath {
    pattern: &'static str,
    known: OnceCell<Known>,
}

#[derive(Debug)]
struct Known {
    methods: Vec<Text>,
    allow_methods: HeaderValue,
}

impl AtPath {
    pub(crate) fn new(pattern: &'static str) -> Self {
        Self {
            pattern,
            known: OnceCell::new(),
        }
    }

    fn known(&self) -> &Known {
        self.known.get_or_init(|| {
            let methods = crate::registry::methods_at(self.pattern);
            // Method names are tokens, so the joined list is a valid value; an empty one
            // is the fallback a hand-registered path could need, never a panic.
            let allow_methods = HeaderValue::from_str(&methods.join(", "))
                .unwrap_or_else(|_| HeaderValue::from_static(""));
            Known {
                methods,
                allow_methods,
            }
        })
    }

    /// Whether some route on the path serves `method` (compared byte for byte, as a
    /// browser compares `Access-Control-Allow-Methods`).
    pub(crate) fn serves(&self, method: &[u8]) -> bool {
        self.known()
            .methods
            .iter()
            .any(|served| served.as_bytes() == method)
    }

    /// `Access-Control-Allow-Methods` for a refused preflight on the path: every method
    /// served there.
    pub(crate) fn allow_methods(&self) -> HeaderValue {
        self.known().allow_methods.clone()
    }
}
