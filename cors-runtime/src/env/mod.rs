//! Origins that belong to the deployment: `origins = env("APP_ORIGINS")` in `#[cors]` or
//! `cors_policy!`, read once when the app starts and held to the same rule book as a
//! literal entry.
//!
//! Everything literal was checked at compile time, `env` defaults included. What the
//! deployment supplies is checked by [`check`], which a service calls before it serves:
//!
//! ```no_run
//! use actix_web::{App, HttpServer};
//!
//! #[actix_web::main]
//! async fn main() -> std::io::Result<()> {
//!     // Every `env(...)` used anywhere in the binary, checked now, every error at once.
//!     cors_runtime::env::check()?;
//!     HttpServer::new(|| App::new()).bind(("127.0.0.1", 8080))?.run().await
//! }
//! ```
//!
//! A variable holds entries separated by commas and/or whitespace, each written as a
//! literal entry would be: `APP_ORIGINS="https://app.example.com, https://*.example.org"`.
//! An app that reads its settings with a config crate hands the list over with [`supply`]
//! instead, and the process environment is not read for that variable.
//!
//! Each variable is read once per process, the first time [`check`], [`supply`],
//! [`crate::report()`] or a route being built needs it; from then on every worker and
//! every route sees the same value. A route whose deployment value breaks a rule is never
//! served with it: if `check` was skipped, building the app fails, with `check`'s message.

pub(crate) mod list;
mod read;
mod resolve;

use std::fmt;

use crate::registry;
use crate::violation::{write_errors, write_problem, Problem, Severity};

pub(crate) use read::entries_of;
pub(crate) use resolve::resolve;

/// Where a variable's entries came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The process environment.
    Environment,
    /// [`supply`], from the app's own configuration.
    Supplied,
    /// Not set: the `default = [...]` written in the policy.
    Default,
}

/// Supplies the entries of `var` from the app's own configuration (a config file read with
/// `figment`, `config` or serde), instead of the process environment. Checked the same way,
/// by [`check`] or when the app is built.
///
/// Call it before [`check`] and before the server starts: each variable is read once, and a
/// variable already read keeps its value (an error says so).
///
/// ```
/// use cors_runtime::env;
///
/// // Read from the app's settings, however it reads them.
/// let allowed = vec!["https://staging.example.com".to_owned()];
/// env::supply("DOC_SUPPLY_ORIGINS", allowed).unwrap();
/// // A second supply of the same variable is refused: every route saw the first.
/// assert!(env::supply("DOC_SUPPLY_ORIGINS", ["https://other.example"]).is_err());
/// ```
pub fn supply<I, S>(var: &str, origins: I) -> Result<(), DeploymentError>
where
    I: IntoIterator<Item = S>,
    S: Into<String>,
{
    let entries: Vec<String> = origins.into_iter().map(Into::into).collect();
    if !read::keep_supplied(var, entries) {
        return Err(DeploymentError::one(DeploymentProblem {
            var: var.to_owned(),
            entry: None,
            severity: Severity::Error,
            problem: Problem::new(
                format!("{var} was already read"),
                "call `cors_runtime::env::supply` once per variable, before `cors_runtime::env::check()` and before the server starts",
            ),
            used_by: Vec::new(),
        }));
    }
    Ok(())
}

/// The value [`check`] returns when every deployment value passes: each variable, where
/// its entries came from and what they are, and any warnings.
#[derive(Debug, Clone, Default)]
pub struct Deployment {
    vars: Vec<(String, Source, Vec<String>)>,
    warnings: Vec<DeploymentProblem>,
}

impl Deployment {
    /// Each variable used in the binary, where its entries came from, and the entries.
    pub fn vars(&self) -> impl Iterator<Item = (&str, Source, &[String])> {
        self.vars
            .iter()
            .map(|(var, source, entries)| (var.as_str(), *source, entries.as_slice()))
    }

    /// What the rules warn about (plain `http://` with credentials, say); logged at `warn`
    /// level by [`check`] too.
    pub fn warnings(&self) -> &[DeploymentProblem] {
        &self.warnings
    }
}

/// Checks every `env(...)` used anywhere in the binary (every `#[cors]` route and every
/// `cors_policy!`, in this crate and its dependencies) against the rest of its policy, and
/// returns every error at once, each naming its variable, its entry and the routes and
/// policies it belongs to.
///
/// Call it at the top of `main`, after any [`supply`] and before the server starts. Skipping
/// it is safe, not silent: a route whose value breaks a rule fails when the app is built,
/// with this same message.
///
/// ```
/// // A binary without `env(...)` has nothing to check.
/// let deployment = cors_runtime::env::check().unwrap();
/// assert_eq!(deployment.vars().count(), 0);
/// ```
pub fn check() -> Result<Deployment, DeploymentError> {
    let mut problems: Vec<DeploymentProblem> = Vec::new();
    let mut deployment = Deployment::default();
    for registered in registry::all() {
        if registered.policy.deployed.is_empty() {
            continue;
        }
        let (_, found) = resolve::resolve_parts(registered.policy);
        for mut problem in found {
            let owner = registered.describe();
            match problems.iter_mut().find(|p| p.same_as(&problem)) {
                Some(known) => {
                    if !known.used_by.contains(&owner) {
                        known.used_by.push(owner);
                    }
                }
                None => {
                    problem.used_by.push(owner);
                    problems.push(problem);
                }
            }
        }
        for env in registered.policy.deployed {
            if deployment.vars.iter().any(|(var, ..)| var == env.var) {
                continue;
            }
            if let Ok((entries, source)) = entries_of(env) {
                let entries = entries.iter().map(|s| (*s).to_owned()).collect();
                deployment.vars.push((env.var.to_owned(), source, entries));
            }
        }
    }
    let (errors, warnings): (Vec<_>, Vec<_>) = problems
        .into_iter()
        .partition(|p| p.severity == Severity::Error);
    if !errors.is_empty() {
        return Err(DeploymentError::new(errors));
    }
    #[cfg(feature = "actix")]
    for warning in &warnings {
        log::warn!("CORS deployment origins: {warning}");
    }
    deployment.warnings = warnings;
    Ok(deployment)
}

/// One broken rule in a deployment value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeploymentProblem {
    /// The variable (several, comma-separated, for a rule about the whole list).
    pub var: String,
    /// The offending entry, when the rule is about one.
    pub entry: Option<String>,
    /// Error or warning.
    pub severity: Severity,
    /// The rule book's words.
    pub problem: Problem,
    /// The routes and policies the value belongs to, such as ``GET /api/me (`me` in `app`)``.
    pub used_by: Vec<String>,
}

impl DeploymentProblem {
    fn same_as(&self, other: &DeploymentProblem) -> bool {
        self.var == other.var
            && self.entry == other.entry
            && self.severity == other.severity
            && self.problem == other.problem
    }
}

impl fmt::Display for DeploymentProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_problem(f, self.severity, Some(&self.var), &self.problem)?;
        if !self.used_by.is_empty() {
            write!(f, "\n  used by: {}", self.used_by.join("; "))?;
        }
        Ok(())
    }
}

/// Every error in the deployment's origins, in the rule book's words.
///
/// ```
/// use cors_runtime::env;
///
/// let err = env::supply("DOC_TWICE", ["https://a.example"])
///     .and_then(|()| env::supply("DOC_TWICE", ["https://b.example"]))
///     .unwrap_err();
/// assert!(err.to_string().starts_with("invalid CORS deployment origins (1 error)\nerror: DOC_TWICE: "));
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct DeploymentError {
    problems: Vec<DeploymentProblem>,
}

impl DeploymentError {
    fn new(problems: Vec<DeploymentProblem>) -> Self {
        Self { problems }
    }

    fn one(problem: DeploymentProblem) -> Self {
        Self::new(vec![problem])
    }

    /// Every error.
    pub fn problems(&self) -> &[DeploymentProblem] {
        &self.problems
    }
}

impl fmt::Display for DeploymentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_errors(
            f,
            format_args!("deployment origins"),
            &self.problems,
            |f, problem| fmt::Display::fmt(problem, f),
        )
    }
}

/// The message itself, so that `main` returning the error (`check()?`) prints it readably.
impl fmt::Debug for DeploymentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for DeploymentError {}

/// So that `cors_runtime::env::check()?` works in a `main` returning `std::io::Result`.
impl From<DeploymentError> for std::io::Error {
    fn from(error: DeploymentError) -> Self {
        std::io::Error::new(std::io::ErrorKind::InvalidInput, error)
    }
}
