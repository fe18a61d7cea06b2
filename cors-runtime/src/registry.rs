//! Every `#[cors]` route and `cors_policy!` in the binary, registered by the macros where
//! they expand, so that [`crate::env::check`] and [`crate::report()`] see the whole binary
//! without the app listing anything.

use crate::static_policy::StaticPolicy;

/// One annotated route or named policy. Written by the macros; not a public API.
#[doc(hidden)]
#[derive(Debug)]
pub struct Registered {
    /// A route or a policy.
    pub kind: Kind,
    /// `module_path!()` where it was written.
    pub module: &'static str,
    /// Its checked policy.
    pub policy: &'static StaticPolicy,
}

/// What a [`Registered`] is. Not a public API.
#[doc(hidden)]
#[derive(Debug)]
pub enum Kind {
    /// A `#[cors]` handler.
    Route {
        /// The route attribute's path.
        path: &'static str,
        /// The handler function's name.
        handler: &'static str,
        /// The named policy it starts from, as written (`APP`, `crate::policies::APP`).
        named: Option<&'static str>,
    },
    /// A `cors_policy!`.
    Policy {
        /// The policy's name.
        name: &'static str,
        /// Whether it lists `methods`, for use as middleware.
        middleware: bool,
    },
}

inventory::collect!(Registered);

/// Every registration in the binary, in no particular order.
pub(crate) fn all() -> impl Iterator<Item = &'static Registered> {
    inventory::iter::<Registered>.into_iter()
}

impl Registered {
    /// How messages and the report name it: ``GET /api/me (`me` in `app::api`)`` or
    /// ``policy `APP` (`app`)``.
    pub(crate) fn describe(&self) -> String {
        match &self.kind {
            Kind::Route { path, handler, .. } => format!(
                "{} {path} (`{handler}` in `{}`)",
                self.policy.methods.join(", "),
                self.module
            ),
            Kind::Policy { name, .. } => format!("policy `{name}` (`{}`)", self.module),
        }
    }
}
