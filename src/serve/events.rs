//! `/__wgsite/events`: the build status → server-sent events to open pages, `reload` after a
//! good build and `error` (with the errors as JSON) after a failed one. Open streams are
//! capped (one over the cap gets a quick 503, and the page's script tries again later), and
//! each idle stream sends a heartbeat comment, so one whose client vanished fails its next
//! write and closes instead of holding its place for ever.

use super::http::App;
use super::live::{errors_json, Status};
use axum::extract::{RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::stream::{self, Stream, StreamExt};
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{watch, OwnedSemaphorePermit};

/// How long the page's EventSource waits before reconnecting after a dropped stream.
const RETRY: Duration = Duration::from_secs(1);
/// What a client over the cap is told to wait before trying again, in seconds.
pub const RETRY_AFTER_FULL: &str = "5";

/// `GET /__wgsite/events?since=N`: an event at once when the status is no longer the one at
/// generation `N` (so a change made while the page was loading is not lost), then one per new
/// build outcome, until the client goes away.
pub async fn events(State(app): State<Arc<App>>, RawQuery(query): RawQuery) -> Response {
    let Ok(permit) = Arc::clone(&app.streams).try_acquire_owned() else {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::RETRY_AFTER, RETRY_AFTER_FULL)],
            "too many live-reload streams are open\n",
        )
            .into_response();
    };
    let since = query
        .as_deref()
        .unwrap_or("")
        .split('&')
        .find_map(|pair| pair.strip_prefix("since="))
        .and_then(|n| n.parse::<u64>().ok());
    let status = app.state.live.subscribe();
    let seen = since.unwrap_or_else(|| status.borrow().generation);
    Sse::new(outcomes(status, seen, permit))
        .keep_alive(KeepAlive::new().interval(app.limits.heartbeat).text("ping"))
        .into_response()
}

/// The stream's events: the reconnection delay, then each outcome after generation `seen`.
/// Holds `permit` (its place under the cap) until dropped with the stream.
fn outcomes(
    status: watch::Receiver<Status>,
    seen: u64,
    permit: OwnedSemaphorePermit,
) -> impl Stream<Item = Result<Event, Infallible>> {
    let first = Event::default().retry(RETRY);
    let rest = stream::unfold(
        (status, seen, permit),
        |(mut status, mut seen, permit)| async move {
            loop {
                {
                    let now = status.borrow_and_update();
                    if now.generation != seen {
                        seen = now.generation;
                        let event = event(&now);
                        drop(now);
                        return Some((Ok(event), (status, seen, permit)));
                    }
                }
                // The sender lives as long as the server: an error means it is shutting down.
                status.changed().await.ok()?;
            }
        },
    );
    stream::once(async move { Ok(first) }).chain(rest)
}

/// `reload` with the generation, or `error` with the errors as JSON.
fn event(status: &Status) -> Event {
    if status.errors.is_empty() {
        Event::default()
            .event("reload")
            .data(status.generation.to_string())
    } else {
        Event::default()
            .event("error")
            .data(errors_json(&status.errors).to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::http::{connection, service, Limits};
    use crate::serve::State;
    use std::io;
    use std::pin::Pin;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Mutex;
    use std::task::{Context, Poll};
    use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

    /// A client on the far end of a connection that can vanish without a word, as a phone
    /// leaving the network does: it sends its request, never says anything again (reads
    /// wait for ever, no end of stream), and once `gone`, writes to it fail as the system
    /// fails them when sent data stays unacknowledged (TCP_USER_TIMEOUT).
    struct Client {
        request: Option<Vec<u8>>,
        received: Arc<Mutex<Vec<u8>>>,
        gone: Arc<AtomicBool>,
    }

    impl AsyncRead for Client {
        fn poll_read(
            mut self: Pin<&mut Self>,
            _: &mut Context<'_>,
            buf: &mut ReadBuf<'_>,
        ) -> Poll<io::Result<()>> {
            match self.request.take() {
                Some(request) => {
                    buf.put_slice(&request);
                    Poll::Ready(Ok(()))
                }
                None => Poll::Pending,
            }
        }
    }

    impl AsyncWrite for Client {
        fn poll_write(
            self: Pin<&mut Self>,
            _: &mut Context<'_>,
            bytes: &[u8],
        ) -> Poll<io::Result<usize>> {
            if self.gone.load(Ordering::SeqCst) {
                return Poll::Ready(Err(io::ErrorKind::TimedOut.into()));
            }
            self.received.lock().expect("lock").extend_from_slice(bytes);
            Poll::Ready(Ok(bytes.len()))
        }

        fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
            Poll::Ready(Ok(()))
        }

        fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
            Poll::Ready(Ok(()))
        }
    }

    struct Stream {
        app: Arc<App>,
        received: Arc<Mutex<Vec<u8>>>,
        gone: Arc<AtomicBool>,
        served: tokio::task::JoinHandle<()>,
    }

    impl Stream {
        /// Opens `/__wgsite/events?since=0` on a server with `limits`.
        fn open(limits: Limits) -> Stream {
            let app = Arc::new(App::new(Arc::new(State::new()), limits.clone()));
            let received = Arc::new(Mutex::new(Vec::new()));
            let gone = Arc::new(AtomicBool::new(false));
            let client = Client {
                request: Some(b"GET /__wgsite/events?since=0 HTTP/1.1\r\nHost: x\r\n\r\n".to_vec()),
                received: Arc::clone(&received),
                gone: Arc::clone(&gone),
            };
            let service = service(Arc::clone(&app));
            let served = tokio::spawn(async move {
                let _ = connection(client, service, &limits).await;
            });
            Stream {
                app,
                received,
                gone,
                served,
            }
        }

        fn text(&self) -> String {
            String::from_utf8_lossy(&self.received.lock().expect("lock")).into_owned()
        }

        async fn wait_for(&self, what: &str) {
            for _ in 0..200 {
                if self.text().contains(what) {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            panic!("{what:?} never came; got {:?}", self.text());
        }

        fn open_streams(&self) -> usize {
            self.app.limits.streams - self.app.streams.available_permits()
        }
    }

    #[tokio::test]
    async fn a_stream_tells_each_outcome_as_it_comes() {
        let stream = Stream::open(Limits::default());
        stream.wait_for("200 OK").await;
        stream.wait_for("retry: 1000\n\n").await;
        assert!(stream
            .text()
            .to_ascii_lowercase()
            .contains("content-type: text/event-stream"));
        assert_eq!(stream.open_streams(), 1);
        stream.app.state.failed(vec![crate::diag::Diagnostic::error(
            "site.toml",
            5,
            1,
            "config",
            "unknown field `colour`",
        )]);
        stream
            .wait_for("\"rendered\":\"site.toml:5:1: error: unknown field `colour`\"}]\n\n")
            .await;
        assert!(stream.text().contains("event: error\ndata: [{"));
        stream.app.state.good(Vec::new(), &[], "/");
        stream.wait_for("event: reload\ndata: 2\n\n").await;
        stream.served.abort();
    }

    #[tokio::test]
    async fn a_stream_whose_client_vanished_is_closed_by_the_heartbeat() {
        for (heartbeat, closed) in [
            (Duration::from_millis(50), true),
            // The control: without a heartbeat in time nothing is written, so nothing can
            // notice that the client is gone.
            (Duration::from_secs(3600), false),
        ] {
            let stream = Stream::open(Limits {
                heartbeat,
                ..Limits::default()
            });
            stream.wait_for("retry: 1000\n\n").await;
            if closed {
                stream.wait_for(": ping\n\n").await;
            }
            assert_eq!(stream.open_streams(), 1);
            stream.gone.store(true, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(500)).await;
            assert_eq!(
                stream.served.is_finished(),
                closed,
                "heartbeat {heartbeat:?}"
            );
            assert_eq!(
                stream.open_streams(),
                usize::from(!closed),
                "heartbeat {heartbeat:?}"
            );
            stream.served.abort();
        }
    }

    #[tokio::test]
    async fn a_stream_over_the_cap_gets_a_quick_503() {
        let limits = Limits {
            streams: 1,
            ..Limits::default()
        };
        let first = Stream::open(limits.clone());
        first.wait_for("200 OK").await;
        let app = Arc::clone(&first.app);
        let request = axum::http::Request::get("/__wgsite/events")
            .body(axum::body::Body::empty())
            .expect("request");
        let started = std::time::Instant::now();
        let response = tower::ServiceExt::oneshot(crate::serve::http::router(app), request)
            .await
            .expect("infallible");
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(response.headers()[header::RETRY_AFTER], RETRY_AFTER_FULL);
        assert!(started.elapsed() < Duration::from_secs(1));
        first.served.abort();
        // Its place is free again once the first stream is gone.
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert_eq!(first.open_streams(), 0);
    }
}
