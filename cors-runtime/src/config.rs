//! A policy read from configuration (TOML, YAML, JSON, environment-shaped settings) with
//! serde, built through the same rules as [`Policy::builder`], with the config key path in
//! every message. Feature `serde`.
//!
//! ```
//! use cors_runtime::config::PolicyConfig;
//!
//! let config: PolicyConfig = serde_json::from_str(r#"{
//!     "origins": ["https://app.example.com", "https://app.example.com/"],
//!     "credentials": true,
//!     "headers": "content-type, x-api-key"
//! }"#).unwrap();
//! let err = config.build_at("cors").unwrap_err();
//! assert_eq!(err.to_string(), "invalid CORS policy in `cors` (1 error)\n\
//!     error: cors.origins[1]: origin `https://app.example.com/` has a trailing `/`\n  \
//!     help: browsers send no path; write `https://app.example.com`");
//! ```

use std::fmt;

use serde::Deserialize;

use crate::policy::{Policy, PolicyBuilder};
use crate::violation::{write_errors, write_problem, Problem, Severity, Violation};

/// A list in config: an array, or one string of entries separated by commas and/or
/// whitespace, as environment-shaped settings write it (`CORS_ORIGINS="https://a https://b"`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum List {
    /// `["https://a.example", "https://b.example"]`
    #[default]
    #[serde(skip)]
    Empty,
    /// An array of entries.
    Entries(Vec<String>),
    /// One string of entries.
    Text(String),
}

/// The builder's input as configuration: the keys are the attribute's.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyConfig {
    /// `origins`: required, unless `origin_fn` is set in code afterwards.
    #[serde(default)]
    pub origins: Option<List>,
    /// `credentials`
    #[serde(default)]
    pub credentials: bool,
    /// `headers`
    #[serde(default)]
    pub headers: List,
    /// `expose`
    #[serde(default)]
    pub expose: List,
    /// `max_age`, in seconds (engines cap it: Chromium 7200, Firefox 86400, `WebKit` 600).
    #[serde(default)]
    pub max_age: Option<u32>,
    /// `private_network`: retired (Private Network Access), kept working with a warning.
    #[serde(default)]
    pub private_network: bool,
    /// `csrf_exempt`: let forged requests (state-changing requests and WebSocket handshakes
    /// from origins the policy does not allow) reach the routes.
    #[serde(default)]
    pub csrf_exempt: bool,
    /// `methods`: the methods the policy answers preflights with (default `GET`, `HEAD`,
    /// `POST`).
    #[serde(default)]
    pub methods: Option<List>,
}

/// Every problem in a policy read from configuration, each with its key path.
#[derive(Clone, PartialEq, Eq)]
pub struct ConfigError {
    at: String,
    problems: Vec<(String, Problem)>,
}

impl ConfigError {
    /// Each problem with the key path it is about, such as `cors.origins[1]`.
    pub fn problems(&self) -> &[(String, Problem)] {
        &self.problems
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_errors(
            f,
            format_args!("policy in `{}`", self.at),
            &self.problems,
            |f, (path, problem)| write_problem(f, Severity::Error, Some(path), problem),
        )
    }
}

/// The message itself, so that `main` returning the error prints it readably.
impl fmt::Debug for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for ConfigError {}

impl PolicyConfig {
    /// Builds the policy, naming keys from the top of this value (`origins[1]`).
    pub fn build(&self) -> Result<Policy, ConfigError> {
        self.build_at("")
    }

    /// Builds the policy; `at` is where this value sits in the configuration (`cors`,
    /// `services.api.cors`), so that every message names the whole key path.
    pub fn build_at(&self, at: &str) -> Result<Policy, ConfigError> {
        self.builder_at(at)?.build().map_err(|err| ConfigError {
            at: at.to_owned(),
            problems: err
                .violations()
                .iter()
                .map(|v| (key_path(at, v), v.problem.clone()))
                .collect(),
        })
    }

    /// The builder with every key set, for adding what configuration cannot say (an
    /// `origin_fn`) before building.
    pub fn builder_at(&self, at: &str) -> Result<PolicyBuilder, ConfigError> {
        let mut problems = Vec::new();
        let mut list = |key: &str, value: &List| -> Vec<String> {
            match value {
                List::Empty => Vec::new(),
                List::Entries(entries) => entries.clone(),
                List::Text(text) => match crate::env::list::split(text) {
                    Ok(entries) => entries.into_iter().map(str::to_owned).collect(),
                    Err(found) => {
                        let path = join(at, key);
                        problems.extend(found.into_iter().map(|p| (path.clone(), p)));
                        Vec::new()
                    }
                },
            }
        };
        let mut builder = Policy::builder()
            .credentials(self.credentials)
            .headers(list("headers", &self.headers))
            .expose(list("expose", &self.expose))
            .private_network(self.private_network)
            .csrf_exempt(self.csrf_exempt);
        if let Some(origins) = &self.origins {
            builder = builder.origins(list("origins", origins));
        }
        if let Some(methods) = &self.methods {
            builder = builder.methods(list("methods", methods));
        }
        if let Some(seconds) = self.max_age {
            builder = builder.max_age(seconds);
        }
        if problems.is_empty() {
            Ok(builder)
        } else {
            Err(ConfigError {
                at: at.to_owned(),
                problems,
            })
        }
    }
}

fn join(at: &str, key: &str) -> String {
    if at.is_empty() {
        key.to_owned()
    } else {
        format!("{at}.{key}")
    }
}

/// `cors.origins[1]` for a violation about one entry, `cors.origins` for the whole key.
fn key_path(at: &str, violation: &Violation) -> String {
    let key = join(at, violation.field.key());
    match violation.index {
        Some(i) => format!("{key}[{i}]"),
        None => key,
    }
}
