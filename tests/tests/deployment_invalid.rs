//! Deployment values that break the rules: `env::check()` reports every one at once, in the
//! rule book's words, naming the variable, the entry and the routes; an app built without
//! calling `check()` refuses to start rather than serve a half-valid policy.
//!
//! Values come from the process environment here: each test that needs them runs this
//! binary again as a child process with the variables set (the parent's environment is
//! never changed), and reads what the child printed.

use std::process::Command;

use actix_web::{get, post, App, HttpResponse, HttpServer, Responder};
use cors_runtime::{cors, cors_policy};

#[cors(origins = env("BAD_WILDCARD"), credentials)]
#[get("/me")]
async fn me() -> impl Responder {
    HttpResponse::Ok().body("me")
}

#[cors(origins = ["https://app.example.com", env("BAD_SHAPE")])]
#[post("/upload")]
async fn upload() -> impl Responder {
    HttpResponse::Ok().body("saved")
}

cors_policy! {
    SHARED = (origins = env("BAD_WILDCARD"), credentials);
    /// The same origins as App middleware.
    SHARED_MIDDLEWARE = (origins = env("BAD_WILDCARD"), credentials, methods = ["GET"]);
}

#[cors(SHARED)]
#[get("/feed")]
async fn feed() -> impl Responder {
    HttpResponse::Ok().body("feed")
}

#[cors(origins = env("BAD_MISSING"))]
#[get("/missing")]
async fn missing() -> impl Responder {
    HttpResponse::Ok().body("missing")
}

/// What the child process does, selected by `CORS_CHILD`; the tests below run it, each in
/// a process of its own.
#[test]
#[ignore = "run as a child process by the tests of this file"]
fn child() {
    match std::env::var("CORS_CHILD").as_deref() {
        Ok("check") => match cors_runtime::env::check() {
            Ok(deployment) => {
                println!("CHECK PASSED");
                for warning in deployment.warnings() {
                    println!("{warning}");
                }
            }
            Err(err) => println!("{err}\nEND"),
        },
        Ok("serve") => {
            let served = actix_web::rt::System::new().block_on(async {
                HttpServer::new(|| {
                    App::new()
                        .service(me)
                        .service(upload)
                        .service(feed)
                        .service(missing)
                })
                .workers(1)
                .bind(("127.0.0.1", 0))?
                .run()
                .await
            });
            println!("SERVE RESULT: {served:?}");
        }
        _ => {}
    }
}

/// Runs [`child`] in a new process with `vars` set; returns its standard output and error.
fn run_child(mode: &str, vars: &[(&str, &str)]) -> (String, String) {
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args([
            "--exact",
            "child",
            "--include-ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("CORS_CHILD", mode)
        .env_remove("BAD_WILDCARD")
        .env_remove("BAD_SHAPE")
        .env_remove("BAD_MISSING");
    for (name, value) in vars {
        command.env(name, value);
    }
    let out = command.output().unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const BAD: [(&str, &str); 2] = [
    ("BAD_WILDCARD", "*"),
    (
        "BAD_SHAPE",
        "https://a.example.com,,\"https://b.example.com\" https://c.example.com/path",
    ),
];

#[test]
fn check_reports_every_error_at_once_in_the_rule_books_words() {
    let (out, _) = run_child("check", &BAD);
    let message = out
        .split("invalid CORS deployment origins")
        .nth(1)
        .and_then(|rest| rest.split("\nEND").next())
        .unwrap_or_else(|| panic!("no error in:\n{out}"));
    let expected = " (4 errors)
error: BAD_WILDCARD: `*` cannot be used with `credentials`
  help: browsers reject `Access-Control-Allow-Origin: *` on credentialed requests; list the allowed origins, or remove `credentials`
  used by: GET /feed (`feed` in `deployment_invalid`); GET /me (`me` in `deployment_invalid`); policy `SHARED_MIDDLEWARE` (`deployment_invalid`); policy `SHARED` (`deployment_invalid`)
error: BAD_SHAPE: stray comma after `https://a.example.com`
  help: separate entries with one comma and/or whitespace, as in `https://a.example, https://b.example`
  used by: POST /upload (`upload` in `deployment_invalid`)
error: BAD_SHAPE: entry `\"https://b.example.com\"` is in quotes
  help: write entries without quotes: `https://b.example.com`
  used by: POST /upload (`upload` in `deployment_invalid`)
error: BAD_MISSING: BAD_MISSING is not set
  help: set BAD_MISSING to the allowed origins, separated by commas (`BAD_MISSING=https://app.example.com`), supply it with `cors_runtime::env::supply`, or write a default: `env(\"BAD_MISSING\", default = [...])`
  used by: GET /missing (`missing` in `deployment_invalid`)";
    assert_eq!(sorted_blocks(message), sorted_blocks(expected), "{message}");
}

/// The error blocks in a stable order: the registrations come in link order.
fn sorted_blocks(message: &str) -> Vec<String> {
    let mut blocks: Vec<String> = message
        .split("\nerror: ")
        .skip(1)
        .map(|block| {
            // `used by` lists in registration order too.
            let mut lines: Vec<String> = block.lines().map(str::to_owned).collect();
            for line in &mut lines {
                if let Some(list) = line.strip_prefix("  used by: ") {
                    let mut owners: Vec<&str> = list.split("; ").collect();
                    owners.sort_unstable();
                    *line = format!("  used by: {}", owners.join("; "));
                }
            }
            lines.join("\n")
        })
        .collect();
    blocks.sort();
    blocks.insert(0, message.lines().next().unwrap_or_default().to_owned());
    blocks
}

#[test]
fn an_entry_with_a_path_is_judged_by_the_origin_rules() {
    let (out, _) = run_child(
        "check",
        &[
            ("BAD_WILDCARD", "https://app.example.com"),
            ("BAD_SHAPE", "https://c.example.com/path"),
            ("BAD_MISSING", "https://m.example.com"),
        ],
    );
    assert!(
        out.contains("invalid CORS deployment origins (1 error)\nerror: BAD_SHAPE: origin `https://c.example.com/path` has a path\n"),
        "{out}"
    );
}

#[test]
fn good_values_pass() {
    let (out, _) = run_child(
        "check",
        &[
            (
                "BAD_WILDCARD",
                "https://app.example.com https://*.example.org",
            ),
            (
                "BAD_SHAPE",
                " https://b.example.com ,\n\thttps://c.example.com ",
            ),
            ("BAD_MISSING", "https://m.example.com"),
        ],
    );
    assert!(out.contains("CHECK PASSED"), "{out}");
    assert!(!out.contains("warning:"), "{out}");
}

#[test]
fn a_value_the_rules_warn_about_passes_with_its_warning() {
    let (out, _) = run_child(
        "check",
        &[
            ("BAD_WILDCARD", "http://app.example.com"),
            ("BAD_SHAPE", "https://b.example.com"),
            ("BAD_MISSING", "https://m.example.com"),
        ],
    );
    assert!(out.contains("CHECK PASSED"), "{out}");
    assert!(
        out.contains("warning: BAD_WILDCARD: plain `http://` origin with `credentials`"),
        "{out}"
    );
}

/// `Cors::from` middleware whose variable cannot be used: building the app fails (the
/// variable is not set in this process), where a server would refuse to start.
#[actix_web::test]
async fn middleware_from_a_bad_value_refuses_to_start_too() {
    use actix_service::{IntoServiceFactory, ServiceFactory};
    let app = App::new()
        .wrap(cors_runtime::actix::Cors::from(SHARED_MIDDLEWARE))
        .route(
            "/legacy",
            actix_web::web::get().to(|| async { HttpResponse::Ok().finish() }),
        );
    let built = app
        .into_factory()
        .new_service(actix_web::dev::AppConfig::default())
        .await;
    assert!(built.is_err());
}

#[test]
fn malformed_contents_never_panic() {
    // Linux caps one environment string at 128 KiB; a config file has no such cap, so
    // 10 MB goes through the splitter directly.
    let ten_mb = "https://a.example.com,".repeat(10 * 1024 * 1024 / 22);
    let problems = cors_runtime::__private::env_split(&ten_mb).unwrap_err();
    assert!(
        problems
            .iter()
            .any(|p| p.message.contains("more than 10000")),
        "{problems:?}"
    );
    let junk_mb: String = (0..10 * 1024 * 1024)
        .map(|i| char::from(b"\",' \"[x;\x01"[i % 9]))
        .collect();
    assert!(cors_runtime::__private::env_split(&junk_mb).is_err());
    let large = "https://a.example.com,".repeat(100 * 1024 / 22);
    for junk in [
        ",",
        ",,,",
        "'https://a.example.com'",
        "[\"https://a.example.com\"]",
        "https://a.example.com/",
        "\u{1}\u{7f}",
        "https://bücher.de",
        "https://a.example.com;https://b.example.com",
        large.as_str(),
    ] {
        let (out, err) = run_child(
            "check",
            &[
                ("BAD_WILDCARD", junk),
                ("BAD_SHAPE", "https://b.example.com"),
                ("BAD_MISSING", "https://m.example.com"),
            ],
        );
        assert!(
            out.contains("invalid CORS deployment origins"),
            "{junk:.60}: {out:.400}"
        );
        assert!(!err.contains("panicked"), "{junk:.60}: {err:.400}");
    }
}

#[test]
fn a_server_built_without_check_refuses_to_start_and_says_why() {
    let (out, err) = run_child("serve", &BAD);
    assert!(out.contains("SERVE RESULT: Err("), "{out}\n{err}");
    // No logger is installed in the child, so the message goes to standard error, whole.
    assert!(
        err.contains("invalid CORS deployment origins (4 errors)"),
        "{err}"
    );
    assert!(
        err.contains("BAD_WILDCARD: `*` cannot be used with `credentials`"),
        "{err}"
    );
    assert!(err.contains("BAD_MISSING: BAD_MISSING is not set"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}
