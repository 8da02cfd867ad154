//! The preview's HTTP server: a listening socket → hyper connections (HTTP/1.1, keep-alive,
//! `HEAD`, 400 and 431 for bad or oversized heads) running axum's router on a small tokio
//! runtime of their own. The limits that keep one client from starving the others live here
//! ([`Limits`]): open connections are capped (one over the cap is answered with a 503 and
//! closed), a client gets a few seconds to send each request head (idle keep-alive included),
//! requests in flight are capped (503 over the cap, never a queue), handlers time out, and
//! live-reload streams have their own cap and heartbeat ([`super::events`]). Responses are
//! compressed as the client asks (gzip or brotli).

use super::events::{self, RETRY_AFTER_FULL};
use super::live;
use super::respond;
use super::State;
use crate::error::{Error, Result};
use axum::error_handling::HandleErrorLayer;
use axum::http::{header, HeaderValue, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{BoxError, Router};
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tower::util::BoxCloneService;
use tower::{ServiceBuilder, ServiceExt};
use tower_http::compression::predicate::{NotForContentType, Predicate};
use tower_http::compression::{CompressionLayer, DefaultPredicate};
use tower_http::timeout::TimeoutLayer;
use tower_http::CompressionLevel;

/// How many more ports are tried when the asked one is taken.
pub const PORT_TRIES: u16 = 10;
/// Open files kept free for the rebuilds (reading minutes, templates, a search index) when the
/// connection cap is worked out from the process's open-file limit.
const FILES_FOR_BUILDS: usize = 256;

/// What one client may hold of the server, and for how long.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Connections open at once; one more is answered with a 503 and closed.
    pub connections: usize,
    /// Live-reload streams open at once; one more gets a 503.
    pub streams: usize,
    /// Requests being answered at once; one more gets a 503.
    pub in_flight: usize,
    /// Time a client has to send a whole request head, counted from the connection's start
    /// or the end of the previous response (so it also closes idle keep-alive connections).
    pub header_timeout: Duration,
    /// The longest request head accepted (431 over it).
    pub max_head: usize,
    /// Time a handler may take before the client gets a 503.
    pub handler_timeout: Duration,
    /// How long a request for a page that a rebuild under way may change waits for it.
    pub pending_wait: Duration,
    /// How often an idle live-reload stream sends a comment.
    pub heartbeat: Duration,
    /// Time data sent may stay unacknowledged before the system drops the connection (Linux):
    /// with the heartbeat, what closes a stream whose client vanished without a word.
    pub unacknowledged: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            connections: 4096,
            streams: 512,
            in_flight: 256,
            header_timeout: Duration::from_secs(10),
            max_head: 16 * 1024,
            handler_timeout: Duration::from_secs(30),
            pending_wait: Duration::from_secs(10),
            heartbeat: Duration::from_secs(15),
            unacknowledged: Duration::from_secs(30),
        }
    }
}

impl Limits {
    /// The defaults, with the connection cap lowered to what the process's open-file limit
    /// allows (after raising that limit as far as the system lets it).
    pub fn for_this_process() -> Limits {
        let defaults = Limits::default();
        let files = raise_open_file_limit();
        let connections = match files {
            Some(files) => defaults
                .connections
                .min(files.saturating_sub(FILES_FOR_BUILDS).max(64)),
            None => defaults.connections,
        };
        Limits {
            connections,
            streams: defaults.streams.min(connections / 2),
            ..defaults
        }
    }
}

/// Raises the soft limit on open files to the hard one (Unix); returns the soft limit now.
#[cfg(unix)]
fn raise_open_file_limit() -> Option<usize> {
    use nix::sys::resource::{getrlimit, setrlimit, Resource};
    // Past this, more descriptors buy nothing (the cap is far below) and some systems refuse.
    const ENOUGH: u64 = 1 << 16;
    let (soft, hard) = getrlimit(Resource::RLIMIT_NOFILE).ok()?;
    let wanted = hard.min(ENOUGH).max(soft);
    if wanted > soft && setrlimit(Resource::RLIMIT_NOFILE, wanted, hard).is_ok() {
        return usize::try_from(wanted).ok();
    }
    usize::try_from(soft).ok()
}

#[cfg(not(unix))]
fn raise_open_file_limit() -> Option<usize> {
    None
}

/// What every request handler shares.
#[derive(Debug)]
pub struct App {
    pub state: Arc<State>,
    /// One permit per open live-reload stream.
    pub streams: Arc<Semaphore>,
    pub limits: Limits,
}

impl App {
    pub fn new(state: Arc<State>, limits: Limits) -> App {
        App {
            state,
            streams: Arc::new(Semaphore::new(limits.streams)),
            limits,
        }
    }
}

/// Binds `ip:port`, or the next free one of the [`PORT_TRIES`] ports after it; port 0 lets the
/// system pick a free one.
pub fn bind(ip: IpAddr, port: u16) -> Result<std::net::TcpListener> {
    let last_port = match port {
        0 => 0,
        p => p.saturating_add(PORT_TRIES),
    };
    let mut last = None;
    for p in port..=last_port {
        match listen(SocketAddr::new(ip, p)) {
            Ok(listener) => return Ok(listener),
            Err(e) => last = Some(e),
        }
    }
    let what = match port {
        0 => "listen on any free port",
        _ => "listen on this port nor on the next 10",
    };
    Err(Error::io(
        what,
        SocketAddr::new(ip, port).to_string(),
        last.unwrap_or_else(|| std::io::Error::other("no port to try")),
    ))
}

/// A listening socket with room for a burst of new connections: std's backlog of 128 drops
/// the rest of a burst (a page with many assets on a cold cache, a test opening thousands),
/// and a dropped connection attempt is retried by the client only a second later.
fn listen(addr: SocketAddr) -> std::io::Result<std::net::TcpListener> {
    use socket2::{Domain, Socket, Type};
    let socket = Socket::new(Domain::for_address(addr), Type::STREAM, None)?;
    // As std does on Unix: a port left in TIME_WAIT by the last preview is free again.
    #[cfg(unix)]
    socket.set_reuse_address(true)?;
    socket.bind(&addr.into())?;
    socket.listen(1024)?;
    Ok(socket.into())
}

/// The routes: the preview's own files under `/__wgsite/`, and the site for everything else.
pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route(live::SCRIPT_PATH, get(respond::script))
        .route(live::STATUS, get(respond::status))
        .route(live::EVENTS, get(events::events))
        .fallback(respond::site)
        .layer(axum::middleware::map_response(common_headers))
        .with_state(app)
}

/// Every response is revalidated before reuse (the site changes under the browser) and is
/// taken for the type it says it is.
async fn common_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-cache"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// The service one connection runs: the router behind the per-request limits and compression.
pub type Service = BoxCloneService<Request<Incoming>, Response, Infallible>;

pub fn service(app: Arc<App>) -> Service {
    let limits = app.limits.clone();
    // Pagefind's index files are gzipped already (images and the event stream are left out by
    // the default predicate).
    let compress =
        DefaultPredicate::new().and(NotForContentType::const_new("application/octet-stream"));
    // The fastest levels, and gzip before brotli when the client takes both: the preview is
    // mostly read over loopback, where every millisecond spent compressing is a millisecond
    // later on screen. tower-http's defaults (gzip 6, brotli 4) added 5 and 27 ms to a 640 KB
    // issue index at 1k meetings; gzip at its fastest adds well under a millisecond and still
    // shrinks HTML about eightfold, brotli at its fastest still costs 3-5 ms a response
    // (setting up its window), for a tenth less.
    let compression = CompressionLayer::new()
        .quality(CompressionLevel::Fastest)
        .compress_when(compress);
    let stack = ServiceBuilder::new()
        .map_request(prefer_gzip)
        .layer(compression)
        .layer(HandleErrorLayer::new(overloaded))
        .load_shed()
        .concurrency_limit(limits.in_flight)
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            limits.handler_timeout,
        ))
        .service(router(app));
    ServiceExt::<Request<Incoming>>::map_response(stack, IntoResponse::into_response).boxed_clone()
}

/// Drops `br` from a request's `Accept-Encoding` when the client takes gzip too, so the
/// compression layer (which prefers brotli among what is accepted) picks gzip.
fn prefer_gzip<B>(mut request: Request<B>) -> Request<B> {
    let Some(accepted) = request.headers().get(header::ACCEPT_ENCODING) else {
        return request;
    };
    let Ok(accepted) = accepted.to_str() else {
        return request;
    };
    let codings: Vec<&str> = accepted.split(',').map(str::trim).collect();
    let takes = |name: &str| {
        codings.iter().any(|coding| {
            let mut parts = coding.split(';').map(str::trim);
            let q = parts
                .find_map(|p| p.strip_prefix("q="))
                .and_then(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            coding.split(';').next().map(str::trim) == Some(name) && q > 0.0
        })
    };
    if !takes("gzip") || !takes("br") {
        return request;
    }
    let kept: Vec<&str> = codings
        .into_iter()
        .filter(|c| c.split(';').next().map(str::trim) != Some("br"))
        .collect();
    if let Ok(value) = HeaderValue::from_str(&kept.join(", ")) {
        request.headers_mut().insert(header::ACCEPT_ENCODING, value);
    }
    request
}

/// The answer when the requests in flight are at their cap.
async fn overloaded(_: BoxError) -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(header::RETRY_AFTER, "1")],
        "the preview is busy; try again\n",
    )
        .into_response()
}

/// Serves `listener` until the process ends, on a runtime of its own (two threads: answering
/// from memory is light, and the rebuilds need the cores).
pub fn run(listener: std::net::TcpListener, state: Arc<State>) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("wgsite-http")
        .enable_io()
        .enable_time()
        .build()?;
    runtime.block_on(async move {
        listener.set_nonblocking(true)?;
        let listener = TcpListener::from_std(listener)?;
        let app = Arc::new(App::new(state, Limits::for_this_process()));
        accept(listener, app).await;
        Ok(())
    })
}

/// Accepts connections until the process ends; each runs as a task holding a place under the
/// connection cap.
pub async fn accept(listener: TcpListener, app: Arc<App>) {
    let limits = app.limits.clone();
    let places = Arc::new(Semaphore::new(limits.connections));
    // Refusals hold a descriptor for a moment too: past this many at once, a connection over
    // the cap is closed without a word.
    let refusals = Arc::new(Semaphore::new(64));
    let service = service(app);
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(_) => {
                // Out of descriptors, most likely: let connections finish.
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
        };
        match Arc::clone(&places).try_acquire_owned() {
            Ok(place) => {
                tune(&stream, &limits);
                let service = service.clone();
                let limits = limits.clone();
                tokio::spawn(async move {
                    let _ = connection(stream, service, &limits).await;
                    drop(place);
                });
            }
            Err(_) => {
                if let Ok(refusal) = Arc::clone(&refusals).try_acquire_owned() {
                    tokio::spawn(async move {
                        refuse(stream).await;
                        drop(refusal);
                    });
                }
            }
        }
    }
}

/// Socket options for a served connection.
fn tune(stream: &TcpStream, limits: &Limits) {
    let _ = stream.set_nodelay(true);
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        let socket = socket2::SockRef::from(stream);
        let _ = socket.set_tcp_user_timeout(Some(limits.unacknowledged));
    }
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    let _ = limits;
}

/// A quick answer to a connection over the cap, without reading its request.
async fn refuse(mut stream: TcpStream) {
    let body = "the preview has too many open connections; try again\n";
    let response = format!(
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n\
         Content-Length: {}\r\nRetry-After: {RETRY_AFTER_FULL}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let write = async {
        stream.write_all(response.as_bytes()).await?;
        stream.shutdown().await
    };
    let _ = tokio::time::timeout(Duration::from_secs(1), write).await;
}

/// Serves one connection (any byte stream, so tests can stand in for a socket) until it
/// closes, fails, or sits idle past the header timeout.
pub async fn connection<I>(io: I, service: Service, limits: &Limits) -> hyper::Result<()>
where
    I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .max_header_size(limits.max_head)
        .serve_connection(TokioIo::new(io), TowerToHyperService::new(service))
        .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::OutputFile;
    use std::io::{Read, Write};
    use std::time::Instant;

    /// A server with `limits` on a free loopback port, serving a one-page site under `/`.
    async fn start(limits: Limits) -> (SocketAddr, Arc<App>) {
        let state = Arc::new(State::new());
        state.good(vec![OutputFile::new("index.html", "<p>home</p>")], &[], "/");
        let app = Arc::new(App::new(state, limits));
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("address");
        tokio::spawn(accept(listener, Arc::clone(&app)));
        (addr, app)
    }

    /// Sends `request` on a new connection and reads until the server closes it (blocking,
    /// on a thread of its own), with how long the answer took.
    async fn exchange(addr: SocketAddr, request: &'static str) -> (String, Duration) {
        tokio::task::spawn_blocking(move || {
            let started = Instant::now();
            let mut stream = std::net::TcpStream::connect(addr).expect("connect");
            stream
                .set_read_timeout(Some(Duration::from_secs(10)))
                .expect("timeout");
            stream.write_all(request.as_bytes()).expect("send");
            let mut out = Vec::new();
            let _ = stream.read_to_end(&mut out);
            (
                String::from_utf8_lossy(&out).into_owned(),
                started.elapsed(),
            )
        })
        .await
        .expect("client thread")
    }

    const GET_HOME: &str = "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_connection_over_the_cap_gets_a_quick_503() {
        let limits = Limits {
            connections: 3,
            ..Limits::default()
        };
        let (addr, _app) = start(limits).await;
        let held: Vec<std::net::TcpStream> = (0..3)
            .map(|_| std::net::TcpStream::connect(addr).expect("connect"))
            .collect();
        tokio::time::sleep(Duration::from_millis(100)).await;
        let (over, took) = exchange(addr, GET_HOME).await;
        assert!(over.starts_with("HTTP/1.1 503 "), "{over}");
        assert!(over.contains("Retry-After: "), "{over}");
        assert!(took < Duration::from_secs(2), "{took:?}");
        // A place freed is a place taken.
        drop(held);
        tokio::time::sleep(Duration::from_millis(100)).await;
        let (page, _) = exchange(addr, GET_HOME).await;
        assert!(page.starts_with("HTTP/1.1 200 "), "{page}");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_client_that_sends_no_whole_head_is_closed_after_the_header_timeout() {
        let limits = Limits {
            header_timeout: Duration::from_millis(300),
            ..Limits::default()
        };
        let (addr, _app) = start(limits).await;
        let (answer, took) = exchange(addr, "GET / HTTP/1.1\r\nHost: x\r\n").await;
        assert!(!answer.contains("200 OK"), "{answer}");
        assert!(took >= Duration::from_millis(250), "{took:?}");
        assert!(took < Duration::from_secs(5), "{took:?}");
        // Idle keep-alive too: one answered request, then silence.
        let (answer, took) = exchange(addr, "GET / HTTP/1.1\r\nHost: x\r\n\r\n").await;
        assert!(answer.starts_with("HTTP/1.1 200 "), "{answer}");
        assert!(took < Duration::from_secs(5), "{took:?}");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn requests_over_the_in_flight_cap_get_a_503_not_a_queue() {
        let limits = Limits {
            in_flight: 1,
            ..Limits::default()
        };
        let (addr, app) = start(limits).await;
        // A rebuild under way holds back every page but one: a request for the home page
        // waits for it, holding the only place.
        let edited = vec![OutputFile::new("a/index.html", "<p>a</p>")];
        app.state.early(edited, ["a/index.html".to_string()].into());
        let waiting = tokio::spawn(exchange(addr, GET_HOME));
        tokio::time::sleep(Duration::from_millis(200)).await;
        let (over, took) = exchange(addr, GET_HOME).await;
        assert!(over.starts_with("HTTP/1.1 503 "), "{over}");
        assert!(took < Duration::from_secs(2), "{took:?}");
        app.state.good(Vec::new(), &[], "/");
        let (page, _) = waiting.await.expect("waiting client");
        assert!(page.starts_with("HTTP/1.1 200 "), "{page}");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn oversized_and_malformed_heads_are_refused() {
        let (addr, _app) = start(Limits::default()).await;
        let big: &'static str = Box::leak(
            format!(
                "GET / HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n",
                "a".repeat(20 * 1024)
            )
            .into_boxed_str(),
        );
        let (answer, _) = exchange(addr, big).await;
        assert!(answer.starts_with("HTTP/1.1 431 "), "{answer}");
        let (answer, _) = exchange(addr, "GET /\r\n\r\n").await;
        assert!(answer.starts_with("HTTP/1.1 400 "), "{answer}");
        let (answer, _) = exchange(
            addr,
            "BREW / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        )
        .await;
        assert!(answer.starts_with("HTTP/1.1 405 "), "{answer}");
    }

    #[test]
    fn gzip_is_preferred_to_brotli_when_both_are_taken() {
        let accepted = |value: &str| {
            let request = Request::builder()
                .header(header::ACCEPT_ENCODING, value)
                .body(())
                .expect("request");
            let request = prefer_gzip(request);
            request.headers()[header::ACCEPT_ENCODING]
                .to_str()
                .expect("ascii")
                .to_string()
        };
        assert_eq!(accepted("gzip, deflate, br, zstd"), "gzip, deflate, zstd");
        assert_eq!(accepted("br;q=1.0, gzip;q=0.5"), "gzip;q=0.5");
        assert_eq!(accepted("br, gzip;q=0"), "br, gzip;q=0");
        assert_eq!(accepted("br"), "br");
        assert_eq!(accepted("gzip"), "gzip");
    }

    #[test]
    fn port_zero_takes_a_free_port_and_a_taken_port_the_next() {
        let any = bind("127.0.0.1".parse().expect("ip"), 0).expect("bind");
        let port = any.local_addr().expect("address").port();
        assert_ne!(port, 0);
        let next = bind("127.0.0.1".parse().expect("ip"), port).expect("bind");
        assert!(next.local_addr().expect("address").port() > port);
    }
}
