//! Policies defined once with `cors_policy!` and used by name: in `#[cors(NAME, ...)]`, on a
//! module, and as middleware (`Cors::from(NAME)`).

use std::fmt;
use std::marker::PhantomData;

use crate::env::DeploymentError;
use crate::policy::Policy;
use crate::static_policy::StaticPolicy;

/// A policy `cors_policy!` defined and checked at compile time.
///
/// `Use` says what it may be used for: [`ForMiddleware`] when the definition lists
/// `methods`, which middleware answers preflights with; [`ForRoutes`] otherwise, since a
/// route takes its methods from its route attribute. Only a `NamedPolicy<ForMiddleware>`
/// converts into the middleware, so a policy without methods cannot be used as one: that is
/// a compile error, not a surprise at run time.
///
/// ```
/// use cors_runtime::cors_policy;
///
/// cors_policy! {
///     pub API = (origins = ["https://app.example.com"], credentials, methods = ["GET", "PUT"]);
/// }
///
/// assert_eq!(API.name(), "API");
/// let policy = API.policy()?;
/// assert!(policy.credentials());
/// assert_eq!(policy.allow_methods(), "GET, PUT");
/// # Ok::<(), cors_runtime::env::DeploymentError>(())
/// ```
pub struct NamedPolicy<Use = ForRoutes> {
    name: &'static str,
    policy: &'static StaticPolicy,
    _use: PhantomData<Use>,
}

/// A named policy that lists `methods`: usable on routes and as middleware.
#[derive(Debug, Clone, Copy)]
pub enum ForMiddleware {}

/// A named policy without `methods`: usable on routes only.
#[derive(Debug, Clone, Copy)]
pub enum ForRoutes {}

impl<Use> NamedPolicy<Use> {
    /// Made by `cors_policy!` from the policy it checked. Not a public API.
    #[doc(hidden)]
    pub const fn __new(name: &'static str, policy: &'static StaticPolicy) -> Self {
        Self {
            name,
            policy,
            _use: PhantomData,
        }
    }

    /// The policy as `'static` data, for the registration `cors_policy!` writes. Not a
    /// public API.
    #[doc(hidden)]
    pub const fn __static_policy(&self) -> &'static StaticPolicy {
        self.policy
    }

    /// The name it was defined with.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The checked policy, borrowing its `'static` text, with any `env(...)` origins read
    /// from the deployment (once per process) and checked.
    pub fn policy(&self) -> Result<Policy, DeploymentError> {
        crate::env::resolve(self.policy)
    }

    /// The policy as `'static` data, for the middleware.
    #[cfg(feature = "actix")]
    pub(crate) fn static_policy(&self) -> &'static StaticPolicy {
        self.policy
    }
}

impl<Use> Clone for NamedPolicy<Use> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<Use> Copy for NamedPolicy<Use> {}

impl<Use> fmt::Debug for NamedPolicy<Use> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NamedPolicy")
            .field("name", &self.name)
            .field("policy", &self.policy)
            .finish()
    }
}
