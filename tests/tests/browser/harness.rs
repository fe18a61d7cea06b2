//! Debian's Chromium, driven through ChromeDriver with fantoccini.

use std::path::PathBuf;
use std::process::Stdio;

use fantoccini::{Client, ClientBuilder};
use serde_json::{json, Map, Value};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, BufReader};
use tokio::process::{Child, Command};

/// The launch flags from `shared/cors-protocol.md`: a root, headless, offline-quiet Chromium.
const FLAGS: [&str; 8] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

/// Where Chromium and ChromeDriver are, or why the browser tests cannot run.
pub(crate) fn find_binaries() -> Result<(PathBuf, PathBuf), String> {
    let find = |name: &str| {
        std::env::var_os("PATH")
            .into_iter()
            .flat_map(|paths| std::env::split_paths(&paths).collect::<Vec<_>>())
            .map(|dir| dir.join(name))
            .find(|path| path.is_file())
    };
    match (find("chromium"), find("chromedriver")) {
        (Some(chromium), Some(driver)) => Ok((chromium, driver)),
        _ => Err("chromium and chromedriver are not on PATH".to_owned()),
    }
}

/// What to do when the browser is missing: fail in CI, shout and skip elsewhere.
pub(crate) fn missing_browser(why: &str) {
    let in_ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
    assert!(!in_ci, "browser tests need Chromium in CI: {why}");
    eprintln!(
        "\n==================== BROWSER TESTS NOT RUN ====================\n\
         {why}.\n\
         Install them with: sudo apt-get install chromium chromium-driver\n\
         (.ci/run installs them; every other test still ran.)\n\
         ===============================================================\n"
    );
}

/// A running ChromeDriver and one browser session; both end when this is dropped or closed.
pub(crate) struct Browser {
    pub(crate) client: Client,
    _driver: Child,
    _profile: TempDir,
}

impl Browser {
    /// Starts ChromeDriver on a port it picks, then Chromium with a fresh profile, with
    /// `host_rules` mapping the tests' origins to loopback ports.
    pub(crate) async fn start(
        chromium: &std::path::Path,
        driver: &std::path::Path,
        host_rules: &str,
    ) -> Browser {
        let mut child = Command::new(driver)
            .arg("--port=0")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("start chromedriver");
        let stdout = child.stdout.take().expect("chromedriver stdout");
        let mut stderr = child.stderr.take().expect("chromedriver stderr");
        let mut lines = BufReader::new(stdout).lines();
        let port = loop {
            let Some(line) = lines.next_line().await.expect("read chromedriver output") else {
                // Say why, rather than only that it stopped.
                let mut said = String::new();
                let _ = stderr.read_to_string(&mut said).await;
                let status = child.wait().await;
                panic!("chromedriver exited before it started ({status:?}): {said}");
            };
            if let Some(rest) = line.strip_prefix("ChromeDriver was started successfully on port ")
            {
                break rest
                    .trim_end_matches('.')
                    .parse::<u16>()
                    .expect("chromedriver port");
            }
        };
        // Keep draining its output so the pipes never fill up.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        tokio::spawn(async move {
            let _ = tokio::io::copy(&mut stderr, &mut tokio::io::sink()).await;
        });

        let profile = TempDir::new();
        let mut args: Vec<String> = FLAGS.iter().map(|f| (*f).to_owned()).collect();
        args.push(format!("--user-data-dir={}", profile.0.display()));
        args.push(format!("--host-resolver-rules={host_rules}"));
        args.push("--window-size=1300,1000".to_owned());
        let mut caps = Map::new();
        caps.insert(
            "goog:chromeOptions".to_owned(),
            json!({ "binary": chromium, "args": args }),
        );
        // The console, for the messages a developer reads when a call is blocked.
        caps.insert("goog:loggingPrefs".to_owned(), json!({ "browser": "ALL" }));
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("start a Chromium session");
        Browser {
            client,
            _driver: child,
            _profile: profile,
        }
    }

    /// Runs `script` (which ends by calling `arguments[arguments.length - 1]` with a result)
    /// in the current page and returns that result.
    pub(crate) async fn run(&self, script: &str, args: Vec<Value>) -> Value {
        self.client
            .execute_async(script, args)
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }
}

/// A fresh, empty Chromium profile folder, removed afterwards.
pub(crate) struct TempDir(PathBuf);

impl TempDir {
    fn new() -> TempDir {
        let dir = std::env::temp_dir().join(format!(
            "cors-browser-{}-{}",
            std::process::id(),
            rand_suffix()
        ));
        std::fs::create_dir_all(&dir).expect("create profile dir");
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos())
}
