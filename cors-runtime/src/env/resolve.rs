//! One policy with `env(...)` entries, resolved: the deployment's values read, the rule
//! book run on the whole list, and the [`Policy`] a route serves with built from it.

use super::read::entries_of;
use super::{DeploymentError, DeploymentProblem};
use crate::check::{check as rule_book, PolicyInput};
use crate::policy::{Policy, Text};
use crate::static_policy::StaticPolicy;
use crate::violation::{Field, Severity};

/// The deployment's entries of a policy, and for each the variable it came from.
pub(super) struct Resolved {
    entries: Vec<&'static str>,
    from: Vec<&'static str>,
}

/// Reads every variable of `policy` and runs the rule book on the whole list.
pub(super) fn resolve_parts(policy: &StaticPolicy) -> (Resolved, Vec<DeploymentProblem>) {
    let written = policy.written();
    let literal = written.literal_origins();
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
        .copied()
        .chain(resolved.entries.iter().copied())
        .collect();
    // Everything but the origins was checked when the crate compiled; the deployment's
    // entries are checked beside the literal ones, with what the origin rules look at.
    let input = PolicyInput {
        origins: Some(all),
        credentials: written.credentials,
        origin_fn: policy.origin_fn.is_some(),
        ..PolicyInput::default()
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
/// entries, the one the deployment's values make, when every rule accepts it; else this
/// policy's problems. (The service that refuses to start words its one message with
/// [`check`](super::check), every variable in the binary included.)
pub(crate) fn resolve(policy: &'static StaticPolicy) -> Result<Policy, DeploymentError> {
    let written = policy.written();
    let literal = written.policy().with_origin_fn(policy.origin_fn);
    if policy.deployed.is_empty() {
        return Ok(literal);
    }
    let (resolved, problems) = resolve_parts(policy);
    if problems.iter().any(|p| p.severity == Severity::Error) {
        return Err(DeploymentError::new(problems));
    }
    // Every text is `'static` (the macro's literals, the variables' kept values), so the
    // prepared header values are `from_static` copies, as for a literal-only route.
    let mut entries: Vec<&'static str> = written.exact.clone();
    entries.extend(resolved.entries);
    if written.null {
        entries.push("null");
    }
    if written.any_origin {
        entries.push("*");
    }
    let patterns = written.origin_patterns();
    Ok(literal.with_origins(Policy::origins_of(&entries, Text::Borrowed, patterns)))
}
