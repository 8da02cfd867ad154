//! A tiny static file server for tests, shaped like GitHub Pages: the site is served under a
//! URL prefix (`/wg/` or `/`), a folder URL serves its `index.html`, a folder without its slash
//! is redirected, anything missing gets `404.html` with status 404. Content types are right, so
//! browsers accept module scripts and WebAssembly; nothing is cached, and `HEAD` gets the
//! headers only. Runs until the test binary exits.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};

/// Serves `root` under `prefix` (`/wg/`, or `/`) on a free port of 127.0.0.1.
pub fn serve(root: PathBuf, prefix: &str) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("local address");
    let prefix = prefix.to_string();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            let prefix = prefix.clone();
            // One thread per connection: browsers open several at once.
            std::thread::spawn(move || {
                let _ = respond(stream, &root, &prefix);
            });
        }
    });
    addr
}

pub fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "wasm" => "application/wasm",
        "txt" => "text/plain; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Some(b) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn respond(mut stream: TcpStream, root: &Path, prefix: &str) -> std::io::Result<()> {
    let mut request = Vec::new();
    let mut buf = [0u8; 4096];
    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut buf)?;
        if n == 0 {
            break;
        }
        request.extend_from_slice(&buf[..n]);
    }
    let request = String::from_utf8_lossy(&request);
    let method = request.split_whitespace().next().unwrap_or("GET");
    let target = request.split_whitespace().nth(1).unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let decoded = percent_decode(path);
    let file = decoded
        .strip_prefix(prefix)
        .filter(|rest| !rest.split('/').any(|seg| seg == ".."))
        .map(|rest| root.join(rest));
    let (status, location, body, file_for_type) = match file {
        Some(f) if f.is_dir() && !path.ends_with('/') => {
            (301, format!("{path}/"), Vec::new(), None)
        }
        Some(f) if f.is_dir() && f.join("index.html").is_file() => {
            let index = f.join("index.html");
            (200, String::new(), std::fs::read(&index)?, Some(index))
        }
        Some(f) if f.is_file() => (200, String::new(), std::fs::read(&f)?, Some(f)),
        _ => (
            404,
            String::new(),
            std::fs::read(root.join("404.html")).unwrap_or_default(),
            Some(root.join("404.html")),
        ),
    };
    let reason = match status {
        200 => "OK",
        301 => "Moved Permanently",
        _ => "Not Found",
    };
    let kind = file_for_type.as_deref().map_or("text/plain", content_type);
    let mut head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nConnection: close\r\n",
        body.len()
    );
    if !location.is_empty() {
        head.push_str(&format!("Location: {location}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if method == "HEAD" {
        return Ok(());
    }
    stream.write_all(&body)
}

#[test]
fn the_test_server_serves_folders_types_redirects_and_404s() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("a")).expect("mkdir");
    std::fs::write(dir.path().join("a/index.html"), "<p>a</p>").expect("write");
    std::fs::write(dir.path().join("404.html"), "missing").expect("write");
    let addr = serve(dir.path().to_path_buf(), "/wg/");
    let ask = |request: &str| {
        let mut stream = TcpStream::connect(addr).expect("connect");
        stream.write_all(request.as_bytes()).expect("send");
        let mut response = String::new();
        stream.read_to_string(&mut response).expect("read");
        response
    };
    let page = ask("GET /wg/a/?q=1 HTTP/1.1\r\nHost: x\r\n\r\n");
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    assert!(
        page.contains("Content-Type: text/html") && page.ends_with("<p>a</p>"),
        "{page}"
    );
    let folder = ask("GET /wg/a HTTP/1.1\r\n\r\n");
    assert!(folder.starts_with("HTTP/1.1 301") && folder.contains("Location: /wg/a/"));
    for missing in ["/wg/nope", "/wg/../404.html", "/other/a/"] {
        let response = ask(&format!("GET {missing} HTTP/1.1\r\n\r\n"));
        assert!(
            response.starts_with("HTTP/1.1 404"),
            "{missing}: {response}"
        );
        assert!(response.ends_with("missing"), "{missing}: {response}");
    }
    let head = ask("HEAD /wg/a/ HTTP/1.1\r\n\r\n");
    assert!(
        head.starts_with("HTTP/1.1 200") && head.ends_with("\r\n\r\n"),
        "{head}"
    );
    assert_eq!(
        content_type(Path::new("calendar.ics")),
        "text/calendar; charset=utf-8"
    );
}
