//! The tests' own names for their servers (`http://api.site.example.com`, `http://localhost:8080`),
//! for the engines that cannot be told where a host is: a forward proxy on loopback that
//! sends each host to the port serving it. Chromium maps hosts with a launch flag; Firefox and
//! WebKit take this proxy through WebDriver's standard `proxy` capability.
//!
//! A browser reuses one connection to its proxy for many hosts, so each request is sent on
//! a connection of its own (`Connection: close`): the proxy reads one request head, rewrites
//! its target to a path, and then only copies bytes. `CONNECT` (what a browser sends a proxy
//! for a WebSocket) is a tunnel to the mapped port.

use std::collections::HashMap;
use std::sync::Arc;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A running proxy; it stops with the test's runtime.
pub(crate) struct Proxy {
    pub(crate) port: u16,
}

impl Proxy {
    /// Serves on a free loopback port: `hosts` maps `host:port` (as a URL spells it, port
    /// always written) to the loopback port serving it. A loopback host it does not map is
    /// reached directly, so pages on `localhost:N` work through it too.
    pub(crate) async fn start(hosts: &[(&str, u16)]) -> std::io::Result<Proxy> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let port = listener.local_addr()?.port();
        let hosts: Arc<HashMap<String, u16>> = Arc::new(
            hosts
                .iter()
                .map(|(host, port)| (host.to_ascii_lowercase(), *port))
                .collect(),
        );
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let hosts = Arc::clone(&hosts);
                tokio::spawn(async move {
                    let _ = relay(client, &hosts).await;
                });
            }
        });
        Ok(Proxy { port })
    }
}

/// The loopback port for `authority` (`host` or `host:port`), given the scheme's port.
fn target(hosts: &HashMap<String, u16>, authority: &str, default_port: u16) -> Option<u16> {
    let authority = authority.to_ascii_lowercase();
    let with_port = if authority
        .rsplit_once(':')
        .is_some_and(|(_, p)| p.parse::<u16>().is_ok())
    {
        authority
    } else {
        format!("{authority}:{default_port}")
    };
    if let Some(port) = hosts.get(&with_port) {
        return Some(*port);
    }
    let (host, port) = with_port.rsplit_once(':')?;
    matches!(host, "localhost" | "127.0.0.1" | "[::1]")
        .then(|| port.parse().ok())
        .flatten()
}

async fn relay(mut client: TcpStream, hosts: &HashMap<String, u16>) -> std::io::Result<()> {
    // One request head, then whatever of the body came with it.
    let mut buf = Vec::with_capacity(4096);
    let head_end = loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break end + 4;
        }
        if buf.len() > 64 * 1024 {
            return Ok(());
        }
        let mut chunk = [0u8; 4096];
        let n = client.read(&mut chunk).await?;
        if n == 0 {
            return Ok(());
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let rest = &buf[head_end..];
    let mut lines = head.split("\r\n");
    let request_line = lines.next().unwrap_or_default();
    let mut parts = request_line.split(' ');
    let (method, uri, version) = (
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or("HTTP/1.1"),
    );

    if std::env::var_os("BROWSER_PROXY").is_some() {
        println!("proxy: {request_line}");
    }
    if method == "CONNECT" {
        let Some(port) = target(hosts, uri, 443) else {
            return client
                .write_all(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
                .await;
        };
        let mut server = TcpStream::connect(("127.0.0.1", port)).await?;
        client
            .write_all(b"HTTP/1.1 200 Connection Established\r\n\r\n")
            .await?;
        server.write_all(rest).await?;
        tokio::io::copy_bidirectional(&mut client, &mut server).await?;
        return Ok(());
    }

    // `GET http://host:port/path HTTP/1.1` -> `GET /path HTTP/1.1`, to the host's port
    // (WebKit asks for a WebSocket as `GET ws://host/path`).
    let Some(after_scheme) = uri
        .strip_prefix("http://")
        .or_else(|| uri.strip_prefix("ws://"))
    else {
        return client
            .write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
            .await;
    };
    let (authority, path) = match after_scheme.find('/') {
        Some(slash) => after_scheme.split_at(slash),
        None => (after_scheme, "/"),
    };
    let Some(port) = target(hosts, authority, 80) else {
        return client
            .write_all(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
            .await;
    };
    let lines: Vec<&str> = lines.filter(|line| !line.is_empty()).collect();
    let name = |line: &str| line.split(':').next().unwrap_or_default().trim().to_owned();
    // A WebSocket handshake sent to the proxy as a plain request (WebKit's way) keeps its
    // `Connection: Upgrade`: after the `101` the connection is the socket's.
    let upgrade = lines
        .iter()
        .any(|line| name(line).eq_ignore_ascii_case("upgrade"));
    let mut forwarded = format!("{method} {path} {version}\r\n");
    for line in lines {
        // Hop-by-hop headers are the proxy's; every other header goes as the browser wrote
        // it (`Host`, `Origin`, `Sec-Fetch-*`, cookies).
        let hop = ["proxy-connection", "keep-alive", "proxy-authorization"]
            .iter()
            .chain((!upgrade).then_some(&"connection"))
            .any(|hop| name(line).eq_ignore_ascii_case(hop));
        if !hop {
            forwarded.push_str(line);
            forwarded.push_str("\r\n");
        }
    }
    if !upgrade {
        forwarded.push_str("Connection: close\r\n");
    }
    forwarded.push_str("\r\n");
    let mut server = TcpStream::connect(("127.0.0.1", port)).await?;
    server.write_all(forwarded.as_bytes()).await?;
    server.write_all(rest).await?;
    tokio::io::copy_bidirectional(&mut client, &mut server).await?;
    Ok(())
}
