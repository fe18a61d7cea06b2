//! The three engines users browse with, each driven through its own W3C WebDriver server:
//! Debian's Chromium (ChromeDriver), Firefox ESR (geckodriver) and WebKitGTK
//! (WebKitWebDriver, under a virtual display). Each session also reads its browser's
//! console, where each engine has its own way in.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder};
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Map, Value};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, BufReader};
use tokio::process::{Child, Command};

pub(crate) use cors_runtime::test::Engine;

use crate::proxy::Proxy;

/// The launch flags from `shared/cors-protocol.md`: a root, headless, offline-quiet Chromium.
const CHROMIUM_FLAGS: [&str; 8] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

/// Firefox preferences: plain `http://` pages as the tests address them (no HTTPS-First
/// detour), the proxy even for `localhost`, and no background traffic.
const FIREFOX_PREFS: [(&str, bool); 6] = [
    ("dom.security.https_first", false),
    ("dom.security.https_first_schemeless", false),
    ("network.proxy.allow_hijacking_localhost", true),
    ("network.captive-portal-service.enabled", false),
    ("app.update.enabled", false),
    ("browser.safebrowsing.malware.enabled", false),
];

/// WebKitGTK's stand-in browser for WebKitWebDriver: MiniBrowser drops console messages in
/// automation, this one writes them out, to the driver's standard error.
const WEBKIT_BROWSER: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/browser/wkbrowser.py");

/// How long a driver may take to open a session before the test gives up on it (WebKitGTK
/// waits forever when its browser cannot start).
const NEW_SESSION: Duration = Duration::from_secs(90);

/// What an engine needs on `PATH` (or at a fixed place), by name.
fn needs(engine: Engine) -> &'static [&'static str] {
    match engine {
        Engine::Firefox => &["firefox-esr", "geckodriver"],
        Engine::WebKit => &["WebKitWebDriver", "Xvfb", "python3"],
        _ => &["chromium", "chromedriver"],
    }
}

/// The Debian packages (and crates) that bring `engine`, for the message when it is missing.
fn install_hint(engine: Engine) -> &'static str {
    match engine {
        Engine::Firefox => "sudo apt-get install firefox-esr && cargo install geckodriver --locked",
        Engine::WebKit => {
            "sudo apt-get install webkit2gtk-driver xvfb xauth python3-gi gir1.2-webkit2-4.1"
        }
        _ => "sudo apt-get install chromium chromium-driver",
    }
}

fn on_path(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")
        .into_iter()
        .flat_map(|paths| std::env::split_paths(&paths).collect::<Vec<_>>())
        .map(|dir| dir.join(name))
        .find(|path| path.is_file())
}

/// Whether `engine` can run here; when it cannot, says so loudly, and fails in CI (`CI` set),
/// where every engine must run.
pub(crate) fn available(engine: Engine) -> bool {
    let missing: Vec<&str> = needs(engine)
        .iter()
        .copied()
        .filter(|name| on_path(name).is_none())
        .collect();
    if missing.is_empty() {
        return true;
    }
    let why = format!("{engine:?} needs {} on PATH", missing.join(", "));
    let in_ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
    assert!(!in_ci, "browser tests need every engine in CI: {why}");
    eprintln!(
        "\n==================== BROWSER TESTS NOT RUN ({engine:?}) ====================\n\
         {why}.\n\
         Install with: {}\n\
         (.ci/run installs every engine; every other test still ran.)\n\
         =========================================================================\n",
        install_hint(engine)
    );
    false
}

/// A running driver, its browser session and what the browser's console said; all end when
/// this is dropped or closed.
pub(crate) struct Browser {
    pub(crate) client: Client,
    pub(crate) engine: Engine,
    console: Console,
    _driver: Child,
    _display: Option<Child>,
    _profile: TempDir,
    _proxy: Option<Proxy>,
}

/// Where an engine's console messages come from.
enum Console {
    /// ChromeDriver's log command, which drains on read.
    Chromium,
    /// Lines gathered in the background (Firefox's BiDi `log.entryAdded`).
    Gathered(Arc<Mutex<Vec<String>>>),
    /// A file the browser appends to (WebKit's stand-in browser), and how much was read.
    File { path: PathBuf, read: Mutex<usize> },
}

impl Browser {
    /// Starts `engine`'s driver and a fresh browser session in which each `(host:port,
    /// loopback port)` of `hosts` reaches that port: `http://api.site.example.com` and the like.
    pub(crate) async fn start(engine: Engine, hosts: &[(&str, u16)]) -> Browser {
        let started = tokio::time::timeout(NEW_SESSION, Self::launch(engine, hosts)).await;
        started.unwrap_or_else(|_| panic!("{engine:?} did not open a session in {NEW_SESSION:?}"))
    }

    async fn launch(engine: Engine, hosts: &[(&str, u16)]) -> Browser {
        let profile = TempDir::new();
        let mut caps = Map::new();
        let mut proxy = None;
        if engine != Engine::Chromium {
            let started = Proxy::start(hosts).await.expect("start the hosts' proxy");
            caps.insert(
                "proxy".to_owned(),
                json!({ "proxyType": "manual", "httpProxy": format!("127.0.0.1:{}", started.port) }),
            );
            proxy = Some(started);
        }
        let gathered = Arc::new(Mutex::new(Vec::new()));
        let Launched {
            driver,
            display,
            console_file,
        } = match engine {
            Engine::Firefox => launch_firefox(&mut caps).await,
            Engine::WebKit => launch_webkit(&mut caps, &profile).await,
            _ => launch_chromium(&mut caps, &profile, hosts).await,
        };
        let port = driver.1;
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .unwrap_or_else(|e| panic!("start a {engine:?} session: {e}"));
        let console = match engine {
            Engine::Firefox => {
                let url = client
                    .capabilities()
                    .and_then(|caps| caps.get("webSocketUrl"))
                    .and_then(Value::as_str)
                    .expect("Firefox returns its WebDriver BiDi address")
                    .to_owned();
                read_bidi_log(&url, Arc::clone(&gathered)).await;
                Console::Gathered(gathered)
            }
            Engine::WebKit => Console::File {
                path: console_file.expect("WebKit's console file"),
                read: Mutex::new(0),
            },
            _ => Console::Chromium,
        };
        Browser {
            client,
            engine,
            console,
            _driver: driver.0,
            _display: display,
            _profile: profile,
            _proxy: proxy,
        }
    }

    /// Runs `script` (which ends by calling `arguments[arguments.length - 1]` with a result)
    /// in the current page and returns that result.
    pub(crate) async fn run(&self, script: &str, args: Vec<Value>) -> Value {
        self.client
            .execute_async(script, args)
            .await
            .unwrap_or_else(|e| panic!("script failed in {:?}: {e}\n{script}", self.engine))
    }

    /// The console's CORS messages since the last call, in the engine's words, each without
    /// what the engine puts before it (Chromium's page URL, WebKit's `CONSOLE … ERROR`).
    pub(crate) async fn console(&self) -> Vec<String> {
        let lines: Vec<String> = match &self.console {
            Console::Chromium => {
                let entries = self
                    .client
                    .issue_cmd(ChromiumLog)
                    .await
                    .unwrap_or_else(|e| panic!("read the browser's console: {e}"));
                entries
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|entry| entry["message"].as_str().map(str::to_owned))
                    .collect()
            }
            Console::Gathered(lines) => std::mem::take(
                &mut *lines
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner),
            ),
            Console::File { path, read } => {
                let all = std::fs::read(path).unwrap_or_default();
                let mut read = read
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                // Whole lines only: a line still being written is read next time.
                let end = all
                    .iter()
                    .rposition(|b| *b == b'\n')
                    .map_or(*read, |at| at + 1)
                    .max(*read);
                let new = String::from_utf8_lossy(&all[*read..end]).into_owned();
                *read = end;
                new.lines().map(str::to_owned).collect()
            }
        };
        if std::env::var_os("BROWSER_CONSOLE").is_some() {
            // For whoever is teaching the kit an engine's words: everything it printed.
            for line in &lines {
                println!("console {:?}: {line}", self.engine);
            }
        }
        lines
            .iter()
            .filter_map(|line| cors_message(self.engine, line))
            .collect()
    }
}

impl Browser {
    /// The console's message for a call to `url` the page just saw blocked, as the kit
    /// renders it: Chromium's one line; Firefox's first (on a failed preflight it adds "CORS
    /// request did not succeed"); WebKit's two, the reason and then the API's "cannot load",
    /// one per line. A line naming another URL is an earlier call's, late. The message can
    /// trail the rejected promise: ask again, each time after a round trip to the browser
    /// (which lets it write its console), a bounded number of times.
    pub(crate) async fn message_for_blocked(&self, url: &str) -> Option<String> {
        // `http://host` of `url`: a line naming another URL there is not this call's.
        let origin = url.splitn(4, '/').take(3).collect::<Vec<_>>().join("/");
        let mut lines: Vec<String> = Vec::new();
        for _ in 0..300 {
            lines.extend(
                self.console()
                    .await
                    .into_iter()
                    .filter(|line| line.contains(url) || !line.contains(&origin)),
            );
            let complete = match self.engine {
                Engine::WebKit => lines.iter().any(|line| line.contains(" cannot load ")),
                _ => !lines.is_empty(),
            };
            if complete {
                break;
            }
            let _ = self.client.execute("return 0", vec![]).await;
        }
        match self.engine {
            Engine::WebKit => (!lines.is_empty()).then(|| lines.join("\n")),
            _ => lines.into_iter().next(),
        }
    }
}

/// A started driver, and what its engine needs kept beside it.
struct Launched {
    driver: (Child, u16),
    display: Option<Child>,
    console_file: Option<PathBuf>,
}

/// ChromeDriver, and Chromium with the tests' hosts mapped by a launch flag.
async fn launch_chromium(
    caps: &mut Map<String, Value>,
    profile: &TempDir,
    hosts: &[(&str, u16)],
) -> Launched {
    let rules: Vec<String> = hosts
        .iter()
        .map(|(host, port)| format!("MAP {host} 127.0.0.1:{port}"))
        .collect();
    let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|f| (*f).to_owned()).collect();
    args.push(format!("--user-data-dir={}", profile.0.display()));
    args.push(format!("--host-resolver-rules={}", rules.join(", ")));
    args.push("--window-size=1300,1000".to_owned());
    caps.insert(
        "goog:chromeOptions".to_owned(),
        json!({ "binary": on_path("chromium"), "args": args }),
    );
    // The console, for the messages a developer reads when a call is blocked.
    caps.insert("goog:loggingPrefs".to_owned(), json!({ "browser": "ALL" }));
    let driver = spawn_driver(
        Command::new("chromedriver").arg("--port=0"),
        "ChromeDriver was started successfully on port ",
    )
    .await;
    Launched {
        driver,
        display: None,
        console_file: None,
    }
}

/// geckodriver, and a headless Firefox ESR that speaks WebDriver BiDi (for its console).
async fn launch_firefox(caps: &mut Map<String, Value>) -> Launched {
    let prefs: Map<String, Value> = FIREFOX_PREFS
        .iter()
        .map(|(name, value)| ((*name).to_owned(), json!(value)))
        .collect();
    caps.insert("browserName".to_owned(), json!("firefox"));
    caps.insert(
        "moz:firefoxOptions".to_owned(),
        json!({ "binary": on_path("firefox-esr"), "args": ["-headless"], "prefs": prefs }),
    );
    caps.insert("webSocketUrl".to_owned(), json!(true));
    let driver = spawn_driver(
        Command::new("geckodriver").args(["--port", "0", "--websocket-port", "0"]),
        "Listening on 127.0.0.1:",
    )
    .await;
    Launched {
        driver,
        display: None,
        console_file: None,
    }
}

/// A virtual display, WebKitWebDriver on it, and the stand-in browser that writes its
/// console out.
async fn launch_webkit(caps: &mut Map<String, Value>, profile: &TempDir) -> Launched {
    let (xvfb, number) = start_display().await;
    caps.insert(
        "webkitgtk:browserOptions".to_owned(),
        json!({ "binary": WEBKIT_BROWSER, "args": ["--automation"] }),
    );
    let port = free_port();
    // The browser writes its console to the driver's standard error, here a file; each
    // `console()` reads what was added since the last.
    let log = profile.0.join("console.log");
    let out = std::fs::File::create(&log).expect("create WebKit's console file");
    let driver = Command::new("WebKitWebDriver")
        .arg(format!("--port={port}"))
        .env("DISPLAY", format!(":{number}"))
        .stdout(Stdio::null())
        .stderr(out)
        .kill_on_drop(true)
        .spawn()
        .expect("start WebKitWebDriver");
    // It says nothing when it is ready: wait until it accepts a connection.
    while tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .is_err()
    {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    Launched {
        driver: (driver, port),
        display: Some(xvfb),
        console_file: Some(log),
    }
}

/// The CORS message in one console line, if it is one.
fn cors_message(engine: Engine, line: &str) -> Option<String> {
    match engine {
        Engine::Firefox => line
            .contains("Cross-Origin Request Blocked")
            .then(|| line.to_owned()),
        // Every security line, and the script API's "cannot load", not a script's own
        // errors.
        Engine::WebKit => {
            if let Some(at) = line.find("CONSOLE SECURITY ERROR ") {
                Some(
                    line[at + "CONSOLE SECURITY ERROR ".len()..]
                        .trim_end()
                        .to_owned(),
                )
            } else {
                let at = line.find("CONSOLE JS ERROR ")?;
                let message = line[at + "CONSOLE JS ERROR ".len()..].trim_end();
                message
                    .contains(" cannot load ")
                    .then(|| message.to_owned())
            }
        }
        _ => {
            // ChromeDriver prefixes the page's URL (`http://page.site.example.com/ - `) and quotes
            // the message.
            let start = line.find("Access to ")?;
            Some(line[start..].trim_end_matches('"').to_owned())
        }
    }
}

/// The driver's `POST /session/{id}/se/log` for the browser's console, which ChromeDriver
/// serves with `goog:loggingPrefs`; each call returns the entries since the last one.
#[derive(Debug)]
struct ChromiumLog;

impl WebDriverCompatibleCommand for ChromiumLog {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/se/log",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(json!({"type": "browser"}).to_string()),
        )
    }
}

/// Subscribes to Firefox's `log.entryAdded` over WebDriver BiDi and gathers each entry's
/// text in the background.
async fn read_bidi_log(url: &str, gathered: Arc<Mutex<Vec<String>>>) {
    let (mut socket, _) = tokio_tungstenite::connect_async(url)
        .await
        .unwrap_or_else(|e| panic!("connect to Firefox's WebDriver BiDi at {url}: {e}"));
    let subscribe = json!({
        "id": 1,
        "method": "session.subscribe",
        "params": { "events": ["log.entryAdded"] }
    });
    socket
        .send(tokio_tungstenite::tungstenite::Message::text(
            subscribe.to_string(),
        ))
        .await
        .expect("subscribe to Firefox's console");
    // Entries come only after the subscription is confirmed.
    while let Some(Ok(message)) = socket.next().await {
        let Ok(text) = message.to_text() else {
            continue;
        };
        let frame: Value = serde_json::from_str(text).unwrap_or_default();
        if frame["id"] == 1 {
            assert!(
                frame["type"] == "success",
                "Firefox refused the subscription: {frame}"
            );
            break;
        }
    }
    tokio::spawn(async move {
        while let Some(Ok(message)) = socket.next().await {
            let Ok(text) = message.to_text() else {
                continue;
            };
            let frame: Value = serde_json::from_str(text).unwrap_or_default();
            if frame["method"] == "log.entryAdded" {
                if let Some(text) = frame["params"]["text"].as_str() {
                    gathered
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner)
                        .push(text.to_owned());
                }
            }
        }
    });
}

/// Starts a driver and waits for the line that says it listens (`ready`, followed by its
/// port when the driver picked one; nothing when `ready` is empty). Returns the driver and
/// its port.
async fn spawn_driver(command: &mut Command, ready: &str) -> (Child, u16) {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap_or_else(|e| panic!("start {command:?}: {e}"));
    let stdout = child.stdout.take().expect("driver stdout");
    let mut stderr = child.stderr.take().expect("driver stderr");
    let mut lines = BufReader::new(stdout).lines();
    let mut port = 0;
    if !ready.is_empty() {
        port = loop {
            let Some(line) = lines.next_line().await.expect("read the driver's output") else {
                // Say why, rather than only that it stopped.
                let mut said = String::new();
                let _ = stderr.read_to_string(&mut said).await;
                let status = child.wait().await;
                panic!("{command:?} exited before it started ({status:?}): {said}");
            };
            if let Some(at) = line.find(ready) {
                let rest = &line[at + ready.len()..];
                break rest
                    .trim_end_matches('.')
                    .trim()
                    .parse::<u16>()
                    .unwrap_or_else(|_| panic!("a port in {line:?}"));
            }
        };
    }
    // Keep draining its output so the pipes never fill up.
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    tokio::spawn(async move {
        let _ = tokio::io::copy(&mut stderr, &mut tokio::io::sink()).await;
    });
    (child, port)
}

/// A free loopback port, for a driver that cannot pick its own.
fn free_port() -> u16 {
    std::net::TcpListener::bind(("127.0.0.1", 0))
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .expect("a free port")
}

/// A virtual display for WebKitGTK, which has no headless mode: Xvfb picks a free display
/// number and says which.
async fn start_display() -> (Child, u32) {
    let mut xvfb = Command::new("Xvfb")
        .args([
            "-displayfd",
            "1",
            "-screen",
            "0",
            "1300x1000x24",
            "-nolisten",
            "tcp",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("start Xvfb");
    let stdout = xvfb.stdout.take().expect("Xvfb stdout");
    let line = BufReader::new(stdout)
        .lines()
        .next_line()
        .await
        .ok()
        .flatten()
        .expect("Xvfb says its display");
    let number = line.trim().parse().expect("a display number");
    (xvfb, number)
}

/// A fresh, empty browser profile folder, removed afterwards.
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

    #[allow(dead_code)]
    pub(crate) fn path(&self) -> &Path {
        &self.0
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
