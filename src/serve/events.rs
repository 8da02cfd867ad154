//! `/__wgsite/events`: the build status → server-sent events to open pages, `reload` after a
//! good build and `error` (with the errors as JSON) after a failed one. Open streams are
//! capped (one over the cap gets a quick 503, and the page's script tries again later), and
//! each idle stream sends a heartbeat comment, so one whose client vanished fails its next
//! write and closes instead of holding its place for ever.

use super::http::App;
use super::live::{BuildError, Status};
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
            .data(errors_json(&status.errors))
    }
}

fn errors_json(errors: &[BuildError]) -> String {
    serde_json::to_string(errors).unwrap_or_else(|_| "[]".into())
}
