//! The preview's HTTP/1.1 server: requests on a socket → responses from the in-memory site (never
//! from the file system, so nothing outside the built output can be served). GET and HEAD,
//! keep-alive, a thread per connection with deadlines so slow or half-open clients only hold
//! their own thread. Which file a path names is decided by [`super::paths`].

use super::live;
use super::paths::{content_type, resolve, HTML, JS, JSON};
use super::State;
use crate::error::{Error, Result};
use std::io::{self, Read, Write};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How many more ports are tried when the asked one is taken.
pub const PORT_TRIES: u16 = 10;
/// Connections served at once; more are closed at once.
const MAX_CONNECTIONS: usize = 1024;
/// The longest request head accepted.
const HEAD_LIMIT: usize = 16 * 1024;
/// Time a client has to send its first request head, whole.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// Time a kept-alive connection may sit idle between requests.
const IDLE_TIMEOUT: Duration = Duration::from_secs(5);
/// Time a client has to take a response.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// Binds `ip:port`, or the next free one of the [`PORT_TRIES`] ports after it.
pub fn bind(ip: IpAddr, port: u16) -> Result<TcpListener> {
    let mut last = None;
    for p in port..=port.saturating_add(PORT_TRIES) {
        match TcpListener::bind(SocketAddr::new(ip, p)) {
            Ok(listener) => return Ok(listener),
            Err(e) => last = Some(e),
        }
    }
    Err(Error::io(
        "listen on this port nor on the next 10",
        SocketAddr::new(ip, port).to_string(),
        last.unwrap_or_else(|| io::Error::other("no port to try")),
    ))
}

/// Accepts connections until the process ends; each gets a thread.
pub fn run(listener: TcpListener, state: Arc<State>) {
    let active = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let stream = match stream {
            Ok(s) => s,
            Err(_) => {
                // Out of file descriptors, most likely: let connections finish.
                std::thread::sleep(Duration::from_millis(10));
                continue;
            }
        };
        if active.load(Ordering::Relaxed) >= MAX_CONNECTIONS {
            continue;
        }
        let guard = Active::enter(&active);
        let state = Arc::clone(&state);
        let _ = std::thread::Builder::new()
            .name("wgsite-http".into())
            .spawn(move || {
                let _guard = guard;
                let _ = connection(stream, &state);
            });
    }
}

/// Counts a live connection until dropped.
struct Active(Arc<AtomicUsize>);

impl Active {
    fn enter(count: &Arc<AtomicUsize>) -> Active {
        count.fetch_add(1, Ordering::Relaxed);
        Active(Arc::clone(count))
    }
}

impl Drop for Active {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

/// One parsed request head.
#[derive(Debug, PartialEq, Eq)]
struct Request {
    head_only: bool,
    method_ok: bool,
    target: String,
    keep_alive: bool,
}

impl Request {
    fn parse(head: &str) -> Option<Request> {
        let mut lines = head.split("\r\n");
        let mut first = lines.next()?.split(' ');
        let (method, target, version) = (first.next()?, first.next()?, first.next()?);
        if first.next().is_some() || !version.starts_with("HTTP/1.") || target.is_empty() {
            return None;
        }
        let mut keep_alive = version == "HTTP/1.1";
        let mut has_body = false;
        for line in lines.filter(|l| !l.is_empty()) {
            let (name, value) = line.split_once(':')?;
            let value = value.trim().to_ascii_lowercase();
            match name.trim().to_ascii_lowercase().as_str() {
                "connection" if value.contains("close") => keep_alive = false,
                "connection" if value.contains("keep-alive") => keep_alive = true,
                "content-length" => has_body |= value != "0",
                "transfer-encoding" => has_body = true,
                _ => {}
            }
        }
        Some(Request {
            head_only: method == "HEAD",
            method_ok: method == "GET" || method == "HEAD",
            target: target.to_string(),
            // A body we do not read would be taken for the next request: close instead.
            keep_alive: keep_alive && !has_body,
        })
    }
}

fn connection(mut stream: TcpStream, state: &State) -> io::Result<()> {
    stream.set_nodelay(true)?;
    stream.set_write_timeout(Some(WRITE_TIMEOUT))?;
    let mut buf = Vec::new();
    let mut timeout = REQUEST_TIMEOUT;
    loop {
        let Some(end) = read_head(&mut stream, &mut buf, Instant::now() + timeout)? else {
            return Ok(());
        };
        timeout = IDLE_TIMEOUT;
        let head: Vec<u8> = buf.drain(..end).collect();
        let Some(request) = std::str::from_utf8(&head).ok().and_then(Request::parse) else {
            let response = Response::text(400, "bad request\n");
            return send(&mut stream, &response, false, false);
        };
        let (path, query) = split_target(&request.target);
        if request.method_ok && !request.head_only && path == live::EVENTS {
            return live::stream(stream, &state.live, query);
        }
        let response = respond(&request, state);
        send(
            &mut stream,
            &response,
            request.head_only,
            request.keep_alive,
        )?;
        if !request.keep_alive {
            return Ok(());
        }
    }
}

/// Reads until `buf` holds a whole request head; returns its length with the blank line.
/// `None` when the client closed, went quiet past `deadline`, or sent too long a head.
fn read_head(
    stream: &mut TcpStream,
    buf: &mut Vec<u8>,
    deadline: Instant,
) -> io::Result<Option<usize>> {
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            return Ok(Some(i + 4));
        }
        if buf.len() > HEAD_LIMIT {
            let response = Response::text(431, "request head too long\n");
            send(stream, &response, false, false)?;
            return Ok(None);
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Ok(None);
        }
        stream.set_read_timeout(Some(left))?;
        match stream.read(&mut chunk) {
            Ok(0) => return Ok(None),
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                return Ok(None)
            }
            Err(e) => return Err(e),
        }
    }
}

fn split_target(target: &str) -> (&str, &str) {
    let target = target.split('#').next().unwrap_or("");
    target.split_once('?').unwrap_or((target, ""))
}

/// What to send back.
pub struct Response {
    status: u16,
    content_type: &'static str,
    body: Body,
    location: Option<String>,
}

enum Body {
    Shared(Arc<Vec<u8>>),
    Owned(Vec<u8>),
}

impl Body {
    fn bytes(&self) -> &[u8] {
        match self {
            Body::Shared(b) => b,
            Body::Owned(b) => b,
        }
    }
}

impl Response {
    fn text(status: u16, text: &str) -> Response {
        Response::owned(
            status,
            "text/plain; charset=utf-8",
            text.as_bytes().to_vec(),
        )
    }

    fn owned(status: u16, content_type: &'static str, body: Vec<u8>) -> Response {
        Response {
            status,
            content_type,
            body: Body::Owned(body),
            location: None,
        }
    }

    fn redirect(status: u16, location: String) -> Response {
        Response {
            location: Some(location),
            ..Response::text(status, "")
        }
    }
}

fn respond(request: &Request, state: &State) -> Response {
    if !request.method_ok {
        return Response::text(405, "only GET and HEAD\n");
    }
    let (path, query) = split_target(&request.target);
    match path {
        live::SCRIPT_PATH => {
            return Response::owned(200, JS, live::SCRIPT.as_bytes().to_vec());
        }
        live::STATUS => return Response::owned(200, JSON, state.live.status_json().into_bytes()),
        live::EVENTS => return Response::owned(200, "text/event-stream", Vec::new()),
        p if p.starts_with(live::PREFIX) => return Response::text(404, "not found\n"),
        _ => {}
    }
    let site = settled(state, path);
    let generation = state.live.generation();
    let base = site.base_path.as_str();
    let with_query = |p: &str| match query {
        "" => p.to_string(),
        q => format!("{p}?{q}"),
    };
    if base != "/" && (path == "/" || path == base.trim_end_matches('/')) {
        return Response::redirect(if path == "/" { 302 } else { 301 }, with_query(base));
    }
    let page = |status: u16, key: &str| {
        site.files.get(key).map(|bytes| {
            let content_type = content_type(key);
            let body = if content_type == HTML {
                Body::Owned(live::inject(bytes, generation))
            } else {
                Body::Shared(Arc::clone(bytes))
            };
            Response {
                status,
                content_type,
                body,
                location: None,
            }
        })
    };
    let not_found = || {
        page(404, "404.html").unwrap_or_else(|| {
            let html = live::fallback_page(site.files.is_empty());
            Response::owned(404, HTML, live::inject(html.as_bytes(), generation))
        })
    };
    let Some(key) = resolve(path, base) else {
        return not_found();
    };
    if key.is_empty() || key.ends_with('/') {
        return page(200, &format!("{key}index.html")).unwrap_or_else(not_found);
    }
    if let Some(found) = page(200, &key) {
        return found;
    }
    if site.files.contains_key(&format!("{key}/index.html")) {
        return Response::redirect(301, with_query(&format!("{path}/")));
    }
    not_found()
}

/// How long a request for a page a rebuild is still making waits for it.
const PENDING_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// The site, once the file `path` asks for is final: after a structural edit the edited page is
/// served (and reloaded) before the rest of the rebuild is done, and a page that rebuild may
/// change must not be served as it was before.
fn settled<'a>(state: &'a State, path: &str) -> std::sync::RwLockReadGuard<'a, super::Site> {
    let started = std::time::Instant::now();
    loop {
        let site = state.site.read().unwrap_or_else(|e| e.into_inner());
        let waits = site.settling.as_ref().is_some_and(|ready| {
            resolve(path, &site.base_path).is_some_and(|key| {
                let page = match key.is_empty() || key.ends_with('/') {
                    true => format!("{key}index.html"),
                    false => format!("{key}/index.html"),
                };
                !ready.contains(&key) && !ready.contains(&page)
            })
        });
        if !waits || started.elapsed() > PENDING_WAIT {
            return site;
        }
        drop(site);
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
}

fn send(
    stream: &mut TcpStream,
    response: &Response,
    head_only: bool,
    keep_alive: bool,
) -> io::Result<()> {
    let body = response.body.bytes();
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\nConnection: {}\r\n",
        response.status,
        reason(response.status),
        response.content_type,
        body.len(),
        if keep_alive { "keep-alive" } else { "close" },
    );
    if let Some(location) = &response.location {
        head.push_str(&format!("Location: {location}\r\n"));
    }
    if response.status == 405 {
        head.push_str("Allow: GET, HEAD\r\n");
    }
    head.push_str("\r\n");
    let mut out = head.into_bytes();
    if !head_only {
        out.extend_from_slice(body);
    }
    stream.write_all(&out)?;
    stream.flush()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        _ => "Unknown",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::OutputFile;

    #[test]
    fn a_request_for_a_pending_page_waits_for_the_rebuild() {
        let state = Arc::new(State::new());
        let files = ["index.html", "meetings/a/index.html"].map(|p| OutputFile::new(p, "old"));
        state.good(files.to_vec(), &[], "/");
        let edited = vec![OutputFile::new("meetings/a/index.html", "new")];
        state.early(edited, ["meetings/a/index.html".to_string()].into());
        let get = |target: &str| {
            let head = format!("GET {target} HTTP/1.1\r\nHost: x\r\n\r\n");
            let request = Request::parse(&head).expect("parses");
            String::from_utf8_lossy(respond(&request, &state).body.bytes()).into_owned()
        };
        // The edited page is served at once.
        assert!(get("/meetings/a/").starts_with("new"));
        let later = Arc::clone(&state);
        let finisher = std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(100));
            later.good(vec![OutputFile::new("index.html", "new")], &[], "/");
        });
        let asked = std::time::Instant::now();
        let home = get("/");
        assert!(
            home.starts_with("new"),
            "served before the rebuild was done: {home}"
        );
        assert!(asked.elapsed() >= std::time::Duration::from_millis(90));
        finisher.join().expect("finisher");
    }

    #[test]
    fn parses_request_heads() {
        let r = Request::parse("GET /wg/ HTTP/1.1\r\nHost: x\r\n\r\n").expect("parses");
        assert!(r.method_ok && !r.head_only && r.keep_alive);
        assert_eq!(r.target, "/wg/");
        let r = Request::parse("HEAD / HTTP/1.0\r\n\r\n").expect("parses");
        assert!(r.head_only && !r.keep_alive);
        let r = Request::parse("GET / HTTP/1.1\r\nConnection: close\r\n\r\n").expect("parses");
        assert!(!r.keep_alive);
        let r = Request::parse("POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\n").expect("parses");
        assert!(!r.method_ok && !r.keep_alive);
        assert_eq!(Request::parse("GET /\r\n\r\n"), None);
        assert_eq!(Request::parse("GET / SPDY/3\r\n\r\n"), None);
        assert_eq!(Request::parse("GET / HTTP/1.1\r\nno colon\r\n\r\n"), None);
    }
}
