//! Each deployment variable read once per process, from the environment or from
//! [`supply`](super::supply), and kept for the life of the process, so that every worker
//! and every route sees the same value.

use std::collections::BTreeMap;
use std::sync::Mutex;

use super::list::split;
use super::Source;
use crate::static_policy::EnvOrigins;
use crate::violation::Problem;

/// What reading a variable gave, kept for the life of the process.
#[derive(Debug, Clone)]
pub(super) enum Read {
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

/// Keeps `entries` as the value of `var`, unless `var` was already read: then `false`, and
/// the value every route saw stays.
pub(super) fn keep_supplied(var: &str, entries: Vec<String>) -> bool {
    let mut reads = reads();
    if reads.contains_key(var) {
        return false;
    }
    reads.insert(
        var.to_owned(),
        Read::Entries(keep(entries), Source::Supplied),
    );
    true
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
