//! What a rule says when a policy breaks it, and where.

use std::fmt;

/// A broken rule: what is wrong and how to fix it, in rustc's style (lowercase, no trailing
/// period, code in backticks).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// What is wrong, such as "origin `https://a.com/` has a trailing `/`".
    pub message: String,
    /// How to fix it, such as "browsers send no path; write `https://a.com`".
    pub help: String,
}

impl Problem {
    #[doc(hidden)]
    pub fn new(message: impl Into<String>, help: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            help: help.into(),
        }
    }
}

/// The argument of the policy a [`Violation`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// `origins`
    Origins,
    /// `credentials`
    Credentials,
    /// `headers`
    Headers,
    /// `expose`
    Expose,
    /// `max_age`
    MaxAge,
    /// `private_network`
    PrivateNetwork,
    /// The methods the route serves.
    Methods,
    /// `origin_fn`
    OriginFn,
    /// `csrf_exempt`
    CsrfExempt,
}

impl Field {
    /// The argument's name as written in `#[cors(...)]`.
    pub fn key(self) -> &'static str {
        match self {
            Field::Origins => "origins",
            Field::Credentials => "credentials",
            Field::Headers => "headers",
            Field::Expose => "expose",
            Field::MaxAge => "max_age",
            Field::PrivateNetwork => "private_network",
            Field::Methods => "methods",
            Field::OriginFn => "origin_fn",
            Field::CsrfExempt => "csrf_exempt",
        }
    }
}

/// Which rule a [`Violation`] breaks: its identity, beside its words, so that each place that
/// shows a finding (the attribute, a `cors_policy!`, the builder, configuration, the
/// deployment's values) can choose how to present it and what advice its reader can follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Rule {
    /// `origins` is missing, and no `env(...)` or `origin_fn` decides the origins.
    OriginsMissing,
    /// `origins` is empty.
    OriginsEmpty,
    /// An entry of `origins` is not an origin a browser sends.
    OriginSyntax,
    /// `*` with `credentials`, in `origins`, `headers` or `expose`.
    WildcardWithCredentials,
    /// `*` beside other entries of a list.
    WildcardAmongOthers,
    /// `null` with `credentials`.
    NullWithCredentials,
    /// A plain `http://` origin other than loopback with `credentials` (a warning).
    PlainHttpWithCredentials,
    /// `origin_fn` beside `origins = ["*"]`, which leaves it nothing to decide.
    OriginFnNeverAsked,
    /// `env(...)` beside `*` in `origins`, which leaves the deployment nothing to add.
    EnvBesideWildcard,
    /// A header name that is not an HTTP token.
    HeaderNameSyntax,
    /// A forbidden request header in `headers`.
    ForbiddenRequestHeader,
    /// A header in `expose` that browsers never expose (`Set-Cookie`).
    NeverExposed,
    /// No methods at all.
    NoMethods,
    /// A method that is not an HTTP token.
    MethodSyntax,
    /// `*` in `methods`, which no preflight asks for.
    WildcardMethod,
    /// A forbidden method (`CONNECT`, `TRACE`, `TRACK`), which `fetch` never sends.
    ForbiddenMethod,
    /// A method with lower-case letters, which never equals what a browser sends.
    MethodNotUppercase,
    /// `max_age` above what browsers honour (a warning).
    MaxAgeAboveCap,
    /// An entry listed twice.
    Duplicate,
    /// A CORS response header (`access-control-allow-*`, `-expose-headers`, `-max-age`) in
    /// `headers`.
    ResponseHeaderInHeaders,
    /// A CORS request header (`access-control-request-*`) in `expose`.
    RequestHeaderInExpose,
    /// `private_network`: Private Network Access is retired (a warning).
    PrivateNetworkRetired,
    /// `csrf_exempt` with `credentials` on a policy that serves a state-changing method: it
    /// accepts forged requests that carry the user's cookies (a warning).
    CsrfExemptWithCredentials,
    /// `csrf_exempt` where it changes nothing: a policy for any origin refuses no forged
    /// request, and a route that serves neither `GET` nor a state-changing method gets none
    /// a browser sends (a warning).
    CsrfExemptChangesNothing,
}

/// Whether a violation stops the build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The policy is rejected.
    Error,
    /// The policy is legal but suspicious; the `#[cors]` macro reports it as a warning.
    Warning,
}

/// Where a rule was broken: the argument, and the list entry when it is about one entry.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Violation {
    /// The rule broken.
    pub rule: Rule,
    /// The argument.
    pub field: Field,
    /// The position of the offending entry in the argument's list, if it is about one.
    pub index: Option<usize>,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong and how to fix it.
    pub problem: Problem,
}

impl Severity {
    /// How a message names it: `error` or `warning`.
    #[doc(hidden)]
    pub fn word(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One problem as every error type of this crate prints it, in rustc's shape:
/// `error: [where: ]message` and an indented `help:` line.
pub fn write_problem(
    f: &mut fmt::Formatter<'_>,
    severity: Severity,
    at: Option<&str>,
    problem: &Problem,
) -> fmt::Result {
    write!(f, "{}: ", severity.word())?;
    if let Some(at) = at {
        write!(f, "{at}: ")?;
    }
    write!(f, "{}\n  help: {}", problem.message, problem.help)
}

/// `invalid CORS {what} (N errors)`, then each error on lines of its own.
pub fn write_errors<T>(
    f: &mut fmt::Formatter<'_>,
    what: fmt::Arguments<'_>,
    errors: &[T],
    mut each: impl FnMut(&mut fmt::Formatter<'_>, &T) -> fmt::Result,
) -> fmt::Result {
    let n = errors.len();
    write!(
        f,
        "invalid CORS {what} ({n} error{})",
        if n == 1 { "" } else { "s" }
    )?;
    for error in errors {
        f.write_str("\n")?;
        each(f, error)?;
    }
    Ok(())
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_problem(f, self.severity, None, &self.problem)
    }
}

/// Every error in a policy built at run time, with the wording the `#[cors]` macro uses at
/// compile time.
///
/// ```
/// # use cors_runtime_core as cors_runtime;
/// use cors_runtime::Policy;
///
/// let err = Policy::builder()
///     .origins(["*", "https://a.com/"])
///     .credentials(true)
///     .build()
///     .unwrap_err();
/// assert_eq!(err.violations().len(), 3);
/// assert!(err.to_string().contains("`*` cannot be used with `credentials`"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyError {
    violations: Vec<Violation>,
}

impl PolicyError {
    #[doc(hidden)]
    pub fn new(violations: Vec<Violation>) -> Self {
        Self { violations }
    }

    /// Every error, in the order of the arguments they are about.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_errors(f, format_args!("policy"), &self.violations, |f, v| {
            fmt::Display::fmt(v, f)
        })
    }
}

impl std::error::Error for PolicyError {}
