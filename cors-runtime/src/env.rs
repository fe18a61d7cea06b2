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

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Mutex;

use crate::check::{check as rule_book, PolicyInput};
use crate::origin::SubdomainPattern;
use crate::policy::{Policy, Text};
use crate::registry;
use crate::static_policy::StaticPolicy;
use crate::violation::{write_errors, write_problem, Field, Problem, Severity};

/// At most this many entries in one variable: a list longer than this is not a list of
/// sites someone maintains by hand; a multi-tenant service asks an `origin_fn` instead.
pub const MAX_ENTRIES: usize = 10_000;

/// One `env(...)` in a policy's `origins`, as `#[cors]` writes it. Not a public API.
#[doc(hidden)]
#[derive(Debug)]
pub struct EnvOrigins {
    /// The variable's name.
    pub var: &'static str,
    /// `default = [...]`, checked at compile time: used when the variable is not set.
    pub default: Option<&'static [&'static str]>,
}

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

/// What reading a variable gave, kept for the life of the process.
#[derive(Debug, Clone)]
enum Read {
    Entries(&'static [&'static str], Source),
    Unset,
    Malformed(Vec<Problem>),
}

static READS: Mutex<BTreeMap<String, Read>> = Mutex::new(BTreeMap::new());

fn reads() -> std::sync::MutexGuard<'static, BTreeMap<String, Read>> {
    // A panic while the lock was held cannot leave a half-written entry: every insert is
    // one call. The map is still good to use.
    READS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Text kept for the life of the process: each variable is read once, so this is bounded
/// by the number of variables, and the request path then copies `'static` header values as
/// it does for a literal entry.
fn keep(entries: Vec<String>) -> &'static [&'static str] {
    let kept: Vec<&'static str> = entries
        .into_iter()
        .map(|s| &*Box::leak(s.into_boxed_str()))
        .collect();
    Box::leak(kept.into_boxed_slice())
}

/// Splits a variable's text into entries: separated by commas and/or whitespace.
///
/// Returns every problem with the text's shape at once (a stray comma, quotes, brackets);
/// whether each entry is an origin the rule book decides, beside the policy's other
/// entries.
///
/// ```
/// use cors_runtime::env::split;
///
/// assert_eq!(split("https://a.com, https://*.b.org\nhttp://localhost:3000").unwrap(),
///            ["https://a.com", "https://*.b.org", "http://localhost:3000"]);
/// assert_eq!(split("  ").unwrap(), Vec::<&str>::new());
/// let problems = split("https://a.com,,https://b.com").unwrap_err();
/// assert_eq!(problems[0].message, "stray comma after `https://a.com`");
/// let problems = split(r#""https://a.com""#).unwrap_err();
/// assert_eq!(problems[0].message, r#"entry `"https://a.com"` is in quotes"#);
/// ```
pub fn split(text: &str) -> Result<Vec<&str>, Vec<Problem>> {
    /// What the text had last, spaces aside.
    #[derive(PartialEq)]
    enum Last {
        Nothing,
        Entry,
        Comma,
        /// A comma out of place, already reported with the run of commas it starts.
        StrayComma,
    }
    let mut entries: Vec<&str> = Vec::new();
    let mut problems = Vec::new();
    let mut last = Last::Nothing;
    let stray = |entries: &[&str], help: &str| {
        let message = match entries.last() {
            Some(entry) => format!("stray comma after `{entry}`"),
            None => "stray comma at the start".to_owned(),
        };
        Problem::new(message, help)
    };
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c == ',' {
            last = match last {
                Last::Entry => Last::Comma,
                Last::StrayComma => Last::StrayComma,
                Last::Nothing | Last::Comma => {
                    problems.push(stray(
                        &entries,
                        "separate entries with one comma and/or whitespace, as in `https://a.example, https://b.example`",
                    ));
                    Last::StrayComma
                }
            };
            rest = &rest[1..];
        } else if c.is_whitespace() {
            rest = &rest[c.len_utf8()..];
        } else {
            let end = rest
                .find(|c: char| c == ',' || c.is_whitespace())
                .unwrap_or(rest.len());
            let entry = &rest[..end];
            problems.extend(shape_problem(entry));
            entries.push(entry);
            last = Last::Entry;
            rest = &rest[end..];
        }
        if problems.len() > 20 {
            break;
        }
    }
    if last == Last::Comma {
        problems.push(stray(&entries, "remove the comma at the end"));
    }
    if entries.len() > MAX_ENTRIES {
        problems.push(Problem::new(
            format!("{} entries, more than {MAX_ENTRIES}", entries.len()),
            "list the sites a person maintains here; for customers' domains known at run time, use `origin_fn`",
        ));
    }
    if problems.is_empty() {
        Ok(entries)
    } else {
        Err(problems)
    }
}

/// What is wrong with an entry's shape that the origin rules would word badly: quotes and
/// brackets from a list written in another syntax.
fn shape_problem(entry: &str) -> Option<Problem> {
    if entry.starts_with(['"', '\'']) || entry.ends_with(['"', '\'']) {
        let bare = entry.trim_matches(['"', '\'']);
        return Some(Problem::new(
            format!("entry `{entry}` is in quotes"),
            format!("write entries without quotes: `{bare}`"),
        ));
    }
    // `https://[::1]` ends with a bracket of its own.
    if entry.starts_with('[') || (entry.ends_with(']') && !entry.contains("://[")) {
        return Some(Problem::new(
            format!("entry `{entry}` has a bracket"),
            "write the entries without brackets, separated by commas: `https://a.example, https://b.example`",
        ));
    }
    None
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
    let mut reads = reads();
    if reads.contains_key(var) {
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
    reads.insert(
        var.to_owned(),
        Read::Entries(keep(entries), Source::Supplied),
    );
    Ok(())
}

/// Reads `var` from the environment, once per process.
fn read(var: &str) -> Read {
    let mut reads = reads();
    if let Some(read) = reads.get(var) {
        return read.clone();
    }
    let read = match std::env::var(var) {
        Ok(text) => match split(&text) {
            Ok(entries) => Read::Entries(
                keep(entries.into_iter().map(str::to_owned).collect()),
                Source::Environment,
            ),
            Err(problems) => Read::Malformed(problems),
        },
        Err(std::env::VarError::NotPresent) => Read::Unset,
        Err(std::env::VarError::NotUnicode(_)) => Read::Malformed(vec![Problem::new(
            format!("{var} is not valid UTF-8"),
            "origins are ASCII text; set it to entries such as `https://app.example.com`",
        )]),
    };
    reads.insert(var.to_owned(), read.clone());
    read
}

/// The entries one `env(...)` stands for, and where they came from.
pub(crate) fn entries_of(
    env: &EnvOrigins,
) -> Result<(&'static [&'static str], Source), Vec<Problem>> {
    match read(env.var) {
        Read::Entries(entries, source) => Ok((entries, source)),
        Read::Malformed(problems) => Err(problems),
        Read::Unset => env.default.map(|d| (d, Source::Default)).ok_or_else(|| {
            vec![Problem::new(
                format!("{} is not set", env.var),
                format!(
                    "set {var} to the allowed origins, separated by commas (`{var}=https://app.example.com`), supply it with `cors_runtime::env::supply`, or write a default: `env(\"{var}\", default = [...])`",
                    var = env.var
                ),
            )]
        }),
    }
}

/// The deployment's entries of a policy, and for each the variable it came from.
struct Resolved {
    entries: Vec<&'static str>,
    from: Vec<&'static str>,
}

/// Reads every variable of `policy` and runs the rule book on the whole list.
fn resolve_parts(policy: &StaticPolicy) -> (Resolved, Vec<DeploymentProblem>) {
    let literal = policy.literal_origins();
    let mut resolved = Resolved {
        entries: Vec::new(),
        from: Vec::new(),
    };
    let mut problems = Vec::new();
    for env in policy.deployed {
        match entries_of(env) {
            Ok((entries, _)) => {
                resolved.entries.extend_from_slice(entries);
                resolved.from.extend(entries.iter().map(|_| env.var));
            }
            Err(found) => problems.extend(found.into_iter().map(|problem| DeploymentProblem {
                var: env.var.to_owned(),
                entry: None,
                severity: Severity::Error,
                problem,
                used_by: Vec::new(),
            })),
        }
    }
    if !problems.is_empty() {
        return (resolved, problems);
    }
    let all: Vec<&str> = literal
        .iter()
        .map(String::as_str)
        .chain(resolved.entries.iter().copied())
        .collect();
    let headers = policy.headers.to_vec();
    let expose: Vec<&str> = policy
        .expose
        .map_or_else(Vec::new, |e| e.split(", ").collect());
    let input = PolicyInput {
        origins: Some(all),
        credentials: policy.credentials,
        headers: if policy.any_header {
            vec!["*"]
        } else {
            headers
        },
        expose,
        max_age: policy.max_age,
        private_network: policy.private_network,
        methods: policy.methods.to_vec(),
        deployment_origins: false,
        origin_fn: policy.origin_fn.is_some(),
    };
    let vars: Vec<&str> = policy.deployed.iter().map(|e| e.var).collect();
    for violation in rule_book(&input) {
        let at = violation
            .index
            .filter(|_| violation.field == Field::Origins)
            .and_then(|i| i.checked_sub(literal.len()));
        let (var, entry) = match at {
            Some(i) => (
                resolved.from[i].to_owned(),
                Some(resolved.entries[i].to_owned()),
            ),
            None => (vars.join(", "), None),
        };
        problems.push(DeploymentProblem {
            var,
            entry,
            severity: violation.severity,
            problem: violation.problem,
            used_by: Vec::new(),
        });
    }
    (resolved, problems)
}

/// The policy a route or middleware serves with: the literal one, or, with `env(...)`
/// entries, the one the deployment's values make, when every rule accepts it. A refusal
/// carries [`check`]'s whole message, every variable in the binary included.
pub(crate) fn resolve(policy: &'static StaticPolicy) -> Result<Policy, DeploymentError> {
    let literal = policy.policy();
    if policy.deployed.is_empty() {
        return Ok(literal);
    }
    let (resolved, problems) = resolve_parts(policy);
    if problems.iter().any(|p| p.severity == Severity::Error) {
        return Err(check()
            .err()
            .unwrap_or_else(|| DeploymentError::new(problems)));
    }
    // Every text is `'static` (the macro's literals, the variables' kept values), so the
    // prepared header values are `from_static` copies, as for a literal-only route.
    let mut entries: Vec<&'static str> = policy.exact.to_vec();
    entries.extend(resolved.entries);
    if policy.null {
        entries.push("null");
    }
    if policy.any_origin {
        entries.push("*");
    }
    let patterns = policy
        .patterns
        .iter()
        .map(|(prefix, suffix)| SubdomainPattern::from_static(prefix, suffix))
        .collect();
    Ok(literal.with_origins(Policy::origins_of(&entries, Text::Borrowed, patterns)))
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
        let (_, found) = resolve_parts(registered.policy);
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

#[cfg(test)]
mod tests {
    use super::split;

    /// Each malformed text names its problems once, in order.
    #[test]
    fn split_reports_each_problem_once() {
        let messages = |text: &str| -> Vec<String> {
            split(text).map_or_else(
                |problems| problems.into_iter().map(|p| p.message).collect(),
                |_| Vec::new(),
            )
        };
        let ok: &[&str] = &[];
        assert_eq!(messages("https://a.example , https://b.example\n"), ok);
        assert_eq!(messages("https://[::1]:8080 http://[::1]"), ok);
        assert_eq!(messages(",https://a.example"), ["stray comma at the start"]);
        assert_eq!(
            messages("https://a.example,"),
            ["stray comma after `https://a.example`"]
        );
        assert_eq!(
            messages("https://a.example ,, ,"),
            ["stray comma after `https://a.example`"]
        );
        assert_eq!(
            messages("https://a.example,,https://b.example,"),
            [
                "stray comma after `https://a.example`",
                "stray comma after `https://b.example`"
            ]
        );
        assert_eq!(messages(",,,"), ["stray comma at the start"]);
        assert_eq!(
            messages("'https://a.example' [https://b.example]"),
            [
                "entry `'https://a.example'` is in quotes",
                "entry `[https://b.example]` has a bracket"
            ]
        );
    }
}
