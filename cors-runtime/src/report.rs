//! The binary's whole CORS exposure in one table: every mounted `#[cors]` route and every
//! `cors_policy!`, with where each allowed origin comes from.

use std::fmt;

use crate::env::{self, Source};
use crate::policy::Policy;
use crate::registry::{self, Kind, Registered};

/// Where a row's allowed origins come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Allowed {
    /// `*`: every origin.
    Any,
    /// A literal entry: an exact origin, a `*.` pattern or `null`.
    Literal(String),
    /// `env("VAR")`: the variable, and its entries with where they came from, or why they
    /// cannot be used (what [`env::check`](crate::env::check) reports).
    Env {
        /// The variable.
        var: &'static str,
        /// Its entries and their source, or the problems with them.
        value: Result<(Source, Vec<String>), String>,
    },
    /// `origin_fn`: the function's name.
    Function(&'static str),
}

impl fmt::Display for Allowed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Allowed::Any => f.write_str("* (any origin)"),
            Allowed::Literal(entry) => f.write_str(entry),
            Allowed::Env { var, value } => match value {
                Ok((source, entries)) => {
                    let from = match source {
                        Source::Environment => "environment",
                        Source::Supplied => "supplied",
                        Source::Default => "default",
                    };
                    write!(f, "${var} ({from}): {}", entries.join(" "))
                }
                Err(problem) => write!(f, "${var}: INVALID ({problem})"),
            },
            Allowed::Function(name) => write!(f, "origin_fn {name}"),
        }
    }
}

/// What a [`Row`] describes. Policies sort before routes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RowKind {
    /// A `cors_policy!`.
    Policy,
    /// A `#[cors]` route.
    Route,
}

/// One route or named policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// A route or a policy.
    pub kind: RowKind,
    /// The route's path, or the policy's name.
    pub name: String,
    /// The handler function, for a route (empty for a policy).
    pub handler: &'static str,
    /// The module it was written in.
    pub module: &'static str,
    /// The named policy a route starts from, as written.
    pub named: Option<&'static str>,
    /// Every source of allowed origins.
    pub origins: Vec<Allowed>,
    /// The checked policy, with its literal origins: [`Policy::methods`] (a policy for
    /// routes lists none: its routes bring theirs), [`Policy::credentials`],
    /// [`Policy::allow_headers`], [`Policy::expose`], [`Policy::max_age`].
    pub policy: Policy,
}

impl Row {
    fn of(registered: &Registered) -> Row {
        let static_policy = registered.policy;
        let (policy, mut origins) = match static_policy.policy() {
            Ok(policy) => {
                let origins = policy
                    .origin_entries()
                    .into_iter()
                    .map(|entry| match entry {
                        "*" => Allowed::Any,
                        _ => Allowed::Literal(entry.to_owned()),
                    })
                    .collect();
                (policy, origins)
            }
            // Text `#[cors]` did not write: the route refuses to start, and the report says
            // why instead of listing less.
            Err(problem) => (
                Policy::refusing_all(),
                vec![Allowed::Literal(format!("INVALID ({})", problem.message))],
            ),
        };
        origins.extend(static_policy.deployed.iter().map(|env| {
            Allowed::Env {
                var: env.var,
                value: env::entries_of(env)
                    .map(|(entries, source)| {
                        (source, entries.iter().map(|s| (*s).to_owned()).collect())
                    })
                    .map_err(|problems| {
                        problems
                            .iter()
                            .map(|p| p.message.as_str())
                            .collect::<Vec<_>>()
                            .join("; ")
                    }),
            }
        }));
        origins.extend(static_policy.origin_fn.map(|f| Allowed::Function(f.name())));
        let (kind, name, handler, named) = match &registered.kind {
            Kind::Route {
                path,
                handler,
                named,
            } => (RowKind::Route, (*path).to_owned(), *handler, *named),
            Kind::Policy { name } => (RowKind::Policy, (*name).to_owned(), "", None),
        };
        Row {
            kind,
            name,
            handler,
            module: registered.module,
            named,
            origins,
            policy,
        }
    }
}

/// Every `#[cors]` route and `cors_policy!` in the binary: see [`report()`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    rows: Vec<Row>,
}

impl Report {
    /// The rows: named policies first, then routes by path and methods.
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }
}

/// The binary's whole CORS exposure: for every `cors_policy!` and every `#[cors]` route
/// (from this crate and its dependencies), the path, methods, allowed origins (literal,
/// from which variable and what it holds, or `origin_fn`), credentials, headers and
/// max-age, and whether forged requests are refused. `Display` prints it as a plain-text table
/// for a security review.
///
/// What is listed, and from when:
/// - every `cors_policy!` and every route with `env(...)` origins, from the start (they
///   register at link time, so that [`env::check`](crate::env::check) sees them before the
///   server starts);
/// - every other `#[cors]` route once an `App` that mounts it has been built (the server
///   builds one per worker when it starts; `actix_web::test::init_service` builds one). A
///   handler no `App` mounts serves nothing, and registering it at link time would cost
///   every route compile time (`BENCHMARKS.md`). To print the report without serving, build
///   the app once first, as the `app` example's `--cors-report` does.
///
/// A route's path is the one its route attribute gives, with the prefix of an actix-web
/// `#[scope]` module around it; a prefix added at run time by `web::scope("/v1")` is not
/// part of it (actix-web does not tell a route the scope it is mounted under).
///
/// Deployment variables are read as [`env::check`](crate::env::check) reads them (once
/// per process), so the table shows the values the app serves with.
///
/// ```
/// use actix_web::{get, test, App, HttpResponse};
/// use cors_macros::cors;
///
/// #[cors(origins = ["https://app.example.com"], credentials)]
/// #[get("/api/me")]
/// async fn me() -> HttpResponse { HttpResponse::Ok().finish() }
///
/// # actix_web::rt::System::new().block_on(async {
/// let _app = test::init_service(App::new().service(me)).await;
/// let report = cors_runtime::report();
/// let row = report.rows().iter().find(|r| r.handler == "me").unwrap();
/// assert_eq!(row.name, "/api/me");
/// assert!(row.policy.credentials());
/// println!("{report}");
/// # });
/// ```
pub fn report() -> Report {
    let mut rows: Vec<Row> = registry::all().into_iter().map(Row::of).collect();
    rows.sort_by(|a, b| {
        let key = |row: &Row| {
            (
                row.kind,
                row.name.clone(),
                row.policy.allow_methods().to_owned(),
                row.module,
            )
        };
        key(a).cmp(&key(b))
    });
    Report { rows }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const HEAD: [&str; 8] = [
            "ROUTE / POLICY",
            "METHODS",
            "ALLOWED ORIGINS",
            "CREDENTIALS",
            "REQUEST HEADERS",
            "EXPOSED HEADERS",
            "MAX-AGE",
            "FORGED REQUESTS",
        ];
        let cells: Vec<[String; 8]> = self
            .rows
            .iter()
            .map(|row| {
                let what = match (row.kind, row.named) {
                    (RowKind::Policy, _) => format!("policy {} ({})", row.name, row.module),
                    (_, Some(named)) => {
                        format!(
                            "{} ({}::{}, from {named})",
                            row.name, row.module, row.handler
                        )
                    }
                    _ => format!("{} ({}::{})", row.name, row.module, row.handler),
                };
                let methods = if row.policy.methods().is_empty() {
                    "(its routes')".to_owned()
                } else {
                    row.policy.allow_methods().to_owned()
                };
                let origins: Vec<String> = row.origins.iter().map(ToString::to_string).collect();
                [
                    what,
                    methods,
                    origins.join(", "),
                    if row.policy.credentials() {
                        "yes"
                    } else {
                        "no"
                    }
                    .to_owned(),
                    row.policy.allow_headers().unwrap_or("-").to_owned(),
                    row.policy.expose().unwrap_or("-").to_owned(),
                    row.policy
                        .max_age()
                        .map_or_else(|| "-".to_owned(), |s| format!("{s} s")),
                    forged_requests(&row.policy).to_owned(),
                ]
            })
            .collect();
        let mut widths = HEAD.map(str::len);
        for row in &cells {
            for (width, cell) in widths.iter_mut().zip(row) {
                *width = (*width).max(cell.len());
            }
        }
        let line = |f: &mut fmt::Formatter<'_>, row: [&str; 8]| -> fmt::Result {
            let mut text = String::new();
            for (i, (cell, width)) in row.iter().zip(widths).enumerate() {
                if i > 0 {
                    text.push_str(" | ");
                }
                text.push_str(cell);
                text.extend(std::iter::repeat_n(' ', width - cell.len()));
            }
            writeln!(f, "{}", text.trim_end())
        };
        line(f, HEAD)?;
        let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
        line(f, std::array::from_fn(|i| rule[i].as_str()))?;
        for row in &cells {
            line(f, std::array::from_fn(|i| row[i].as_str()))?;
        }
        Ok(())
    }
}

/// What the route does with forged requests (state-changing requests and WebSocket
/// handshakes a browser sends from an origin the policy does not allow).
fn forged_requests(policy: &crate::Policy) -> &'static str {
    if policy.csrf_exempt() {
        "accepted (csrf_exempt)"
    } else if policy.refuses_forged() {
        "refused"
    } else {
        "accepted (any origin)"
    }
}
