//! One policy with `env(...)` entries, resolved: the deployment's values read, the rule
//! book run on the whole list, and the [`Policy`] a route serves with built from it.

use super::read::entries_of;
use super::{DeploymentError, DeploymentProblem};
use crate::check::{check as rule_book, PolicyInput};
use crate::policy::Policy;
use crate::static_policy::StaticPolicy;
use crate::violation::Problem;
use crate::violation::{Field, Severity};

/// The deployment's entries of a policy, and for each the variable it came from.
pub(super) struct Resolved {
    entries: Vec<&'static str>,
    from: Vec<&'static str>,
}

/// Reads every variable of `policy` and runs the rule book on the whole list.
pub(super) fn resolve_parts(policy: &StaticPolicy) -> (Resolved, Vec<DeploymentProblem>) {
    let mut resolved = Resolved {
        entries: Vec::new(),
        from: Vec::new(),
    };
    let vars = || vars_of(policy);
    let literal_policy = match policy.policy() {
        Ok(literal_policy) => literal_policy,
        Err(problem) => return (resolved, vec![unreadable(vars(), problem)]),
    };
    let literal = literal_policy.origin_entries();
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
        .copied()
        .chain(resolved.entries.iter().copied())
        .collect();
    // Everything but the origins was checked when the crate compiled; the deployment's
    // entries are checked beside the literal ones, with what the origin rules look at.
    let input = PolicyInput {
        origins: Some(all),
        credentials: literal_policy.credentials(),
        origin_fn: policy.origin_fn.is_some(),
        ..PolicyInput::default()
    };
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
            None => (vars(), None),
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
/// entries, the one the deployment's values make, when every rule accepts it; else this
/// policy's problems. (The service that refuses to start words its one message with
/// [`check`](super::check), every variable in the binary included.)
pub(crate) fn resolve(policy: &'static StaticPolicy) -> Result<Policy, DeploymentError> {
    let vars = || vars_of(policy);
    let literal = policy
        .policy()
        .map_err(|problem| DeploymentError::new(vec![unreadable(vars(), problem)]))?;
    if policy.deployed.is_empty() {
        return Ok(literal);
    }
    let (resolved, problems) = resolve_parts(policy);
    if problems.iter().any(|p| p.severity == Severity::Error) {
        return Err(DeploymentError::new(problems));
    }
    // Every text is `'static` (the macro's literals, the variables' kept values), so the
    // prepared header values are `from_static` copies, as for a literal-only route.
    literal
        .with_added_origins(&resolved.entries)
        .map_err(|problem| DeploymentError::new(vec![unreadable(vars(), problem)]))
}

/// The names of `policy`'s variables, as a problem that is not about one entry names them.
fn vars_of(policy: &StaticPolicy) -> String {
    policy
        .deployed
        .iter()
        .map(|e| e.var)
        .collect::<Vec<_>>()
        .join(", ")
}

/// A policy text that does not read (one `#[cors]` did not write), said as a problem of the
/// route's deployment, so that the route refuses to start instead of serving less.
fn unreadable(var: String, problem: Problem) -> DeploymentProblem {
    DeploymentProblem {
        var,
        entry: None,
        severity: Severity::Error,
        problem,
        used_by: Vec::new(),
    }
}
