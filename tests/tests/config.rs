//! Run-time policies read from configuration (feature `serde`): TOML as a service writes it,
//! built through the rule book, every problem at once with its key path.

use cors_runtime::config::PolicyConfig;
use serde::Deserialize;

/// A service's settings, with the CORS policy one table among others.
#[derive(Deserialize)]
struct Settings {
    #[allow(dead_code)]
    port: u16,
    cors: PolicyConfig,
}

/// A settings file with `cors_table` as its `[cors]` table.
fn settings(cors_table: &str) -> Settings {
    toml::from_str(&format!("port = 8080\n\n[cors]\n{cors_table}")).unwrap()
}

#[test]
fn a_good_toml_policy_builds() {
    let settings = settings(
        r#"
        origins = ["https://app.example.com", "https://*.example.org"]
        credentials = true
        headers = ["Content-Type", "x-api-key"]
        expose = ["x-request-id"]
        max_age = 600
        methods = ["GET", "PUT"]
        "#,
    );
    let policy = settings.cors.build_at("cors").unwrap();
    assert!(policy.credentials());
    assert_eq!(policy.allow_methods(), "GET, PUT");
    assert_eq!(policy.allow_headers(), Some("content-type, x-api-key"));
    assert_eq!(policy.expose(), Some("x-request-id"));
    assert_eq!(policy.max_age(), Some(600));
    assert!(policy.allows_origin("https://app.example.com"));
    assert!(policy.allows_origin("https://a.example.org"));
    assert!(!policy.allows_origin("https://evil.test"));
}

#[test]
fn env_shaped_text_is_split_like_a_deployment_variable() {
    let config: PolicyConfig = toml::from_str(
        r#"origins = """https://a.example.com, https://b.example.com
        http://localhost:3000""""#,
    )
    .unwrap();
    let policy = config.build().unwrap();
    for origin in [
        "https://a.example.com",
        "https://b.example.com",
        "http://localhost:3000",
    ] {
        assert!(policy.allows_origin(origin), "{origin}");
    }
    assert!(!policy.allows_origin("https://c.example.com"));
}

#[test]
fn a_bad_toml_policy_reports_every_problem_with_its_key_path() {
    let settings = settings(
        r#"
        origins = ["*", "https://app.example.com/"]
        credentials = true
        headers = ["*"]
        "#,
    );
    let err = settings.cors.build_at("cors").unwrap_err();
    let paths: Vec<&str> = err
        .problems()
        .iter()
        .map(|(path, _)| path.as_str())
        .collect();
    assert_eq!(
        paths,
        [
            "cors.origins[0]",
            "cors.origins[0]",
            "cors.origins[1]",
            "cors.headers[0]"
        ]
    );
    let text = err.to_string();
    assert!(
        text.starts_with("invalid CORS policy in `cors` (4 errors)\n"),
        "{text}"
    );
    assert!(text.contains("error: cors.origins[0]: `*` cannot be used with `credentials`"));
    assert!(text.contains(
        "error: cors.origins[1]: origin `https://app.example.com/` has a trailing `/`\n  help: browsers send no path; write `https://app.example.com`"
    ));
}

#[test]
fn malformed_text_and_unknown_keys_are_errors_not_panics() {
    let config: PolicyConfig = toml::from_str(r#"origins = "https://a.example.com,,""#).unwrap();
    let err = config.build_at("cors").unwrap_err();
    assert_eq!(err.problems()[0].0, "cors.origins");
    assert_eq!(
        err.problems()[0].1.message,
        "stray comma after `https://a.example.com`"
    );

    let unknown = toml::from_str::<PolicyConfig>(r#"origin = ["https://a.example.com"]"#)
        .err()
        .unwrap()
        .to_string();
    assert!(unknown.contains("unknown field `origin`"), "{unknown}");

    let missing = toml::from_str::<PolicyConfig>("credentials = true")
        .unwrap()
        .build()
        .unwrap_err();
    assert_eq!(missing.problems()[0].0, "origins");
    assert_eq!(missing.problems()[0].1.message, "`origins` is missing");

    let wrong_type = toml::from_str::<PolicyConfig>("max_age = -1");
    assert!(wrong_type.is_err());
}
