//! Requests for the site → responses from the in-memory site (never from the file system, so
//! nothing outside the built output can be served). Which file a path names is decided by
//! [`super::paths`]; HTML pages get the live-reload script; every file has an `ETag`, so a
//! browser that has it gets a 304. A request for a page that a rebuild under way may still
//! change waits for it.

use super::http::App;
use super::live;
use super::paths::{content_type, resolve, HTML, JS, JSON};
use super::state::{Site, SiteFile};
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use std::sync::Arc;
use tokio::time::Instant;

/// `GET /__wgsite/live.js`.
pub async fn script() -> Response {
    ([(header::CONTENT_TYPE, JS)], live::SCRIPT).into_response()
}

/// `GET /__wgsite/status`.
pub async fn status(State(app): State<Arc<App>>) -> Response {
    ([(header::CONTENT_TYPE, JSON)], app.state.live.status_json()).into_response()
}

/// Every other request: a file of the site, a redirect to a folder's or the base path's
/// canonical URL, or the site's 404 page.
pub async fn site(
    State(app): State<Arc<App>>,
    method: Method,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "GET, HEAD")],
            "only GET and HEAD\n",
        )
            .into_response();
    }
    let path = uri.path();
    if path.starts_with(live::PREFIX) {
        return (StatusCode::NOT_FOUND, "not found\n").into_response();
    }
    let request = Request {
        path,
        query: uri.query(),
        if_none_match: headers.get(header::IF_NONE_MATCH),
    };
    let deadline = Instant::now() + app.limits.pending_wait;
    loop {
        // Registered before the site is looked at, so a rebuild that finishes in between
        // still wakes this request.
        let changed = app.state.changed.notified();
        tokio::pin!(changed);
        changed.as_mut().enable();
        {
            let site = app.state.site.read().unwrap_or_else(|e| e.into_inner());
            if !held_back(&site, path) || Instant::now() >= deadline {
                let generation = app.state.live.generation();
                return answer(&site, generation, &request);
            }
        }
        let _ = tokio::time::timeout_at(deadline, changed).await;
    }
}

/// What [`answer`] needs of a request.
struct Request<'a> {
    path: &'a str,
    query: Option<&'a str>,
    if_none_match: Option<&'a HeaderValue>,
}

/// Whether `path` names a file that the rebuild under way has not made final yet: after a
/// structural edit the edited page is served (and reloaded) before the rest of the rebuild is
/// done, and a page that rebuild may change must not be served as it was before.
fn held_back(site: &Site, path: &str) -> bool {
    site.settling.as_ref().is_some_and(|ready| {
        resolve(path, &site.base_path).is_some_and(|key| {
            let page = match key.is_empty() || key.ends_with('/') {
                true => format!("{key}index.html"),
                false => format!("{key}/index.html"),
            };
            !ready.contains(&key) && !ready.contains(&page)
        })
    })
}

fn answer(site: &Site, generation: u64, request: &Request) -> Response {
    let base = site.base_path.as_str();
    let path = request.path;
    let with_query = |p: &str| match request.query {
        None | Some("") => p.to_string(),
        Some(q) => format!("{p}?{q}"),
    };
    if base != "/" && (path == "/" || path == base.trim_end_matches('/')) {
        let status = match path == "/" {
            true => StatusCode::FOUND,
            false => StatusCode::MOVED_PERMANENTLY,
        };
        return redirect(status, &with_query(base));
    }
    let page = |status: StatusCode, key: &str| {
        site.files
            .get(key)
            .map(|file| file_response(status, key, file, generation, request.if_none_match))
    };
    let not_found = || {
        page(StatusCode::NOT_FOUND, "404.html").unwrap_or_else(|| {
            let html = live::fallback_page(site.files.is_empty());
            let body = live::inject(html.as_bytes(), generation);
            (StatusCode::NOT_FOUND, [(header::CONTENT_TYPE, HTML)], body).into_response()
        })
    };
    let Some(key) = resolve(path, base) else {
        return not_found();
    };
    if key.is_empty() || key.ends_with('/') {
        return page(StatusCode::OK, &format!("{key}index.html")).unwrap_or_else(not_found);
    }
    if let Some(found) = page(StatusCode::OK, &key) {
        return found;
    }
    if site.files.contains_key(&format!("{key}/index.html")) {
        return redirect(
            StatusCode::MOVED_PERMANENTLY,
            &with_query(&format!("{path}/")),
        );
    }
    not_found()
}

fn redirect(status: StatusCode, location: &str) -> Response {
    match HeaderValue::from_str(location) {
        Ok(location) => (status, [(header::LOCATION, location)]).into_response(),
        // Only from a request target hyper accepted, so not expected; still no panic.
        Err(_) => (StatusCode::BAD_REQUEST, "bad request\n").into_response(),
    }
}

/// A site file as a response. HTML pages carry the live-reload script for `generation`, so
/// their tag names the generation too: a page cached before a rebuild is never answered with
/// a 304 (its script would follow an old status). Tags are weak: the bytes sent may be
/// compressed on the way.
fn file_response(
    status: StatusCode,
    key: &str,
    file: &SiteFile,
    generation: u64,
    if_none_match: Option<&HeaderValue>,
) -> Response {
    let kind = content_type(key);
    let html = kind == HTML;
    let etag = match html {
        true => format!("W/\"{:016x}-{generation}\"", file.tag()),
        false => format!("W/\"{:016x}\"", file.tag()),
    };
    let mut headers = HeaderMap::new();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    if let Ok(value) = HeaderValue::from_str(&etag) {
        headers.insert(header::ETAG, value);
    }
    if status == StatusCode::OK && if_none_match.is_some_and(|tags| matches(tags, &etag)) {
        headers.remove(header::CONTENT_TYPE);
        return (StatusCode::NOT_MODIFIED, headers).into_response();
    }
    let body = match html {
        true => Body::from(live::inject(&file.bytes, generation)),
        false => Body::from(Bytes::clone(&file.bytes)),
    };
    (status, headers, body).into_response()
}

/// `If-None-Match` against our tag, by weak comparison (`W/` ignored): `*`, or any tag of the
/// comma-separated list.
fn matches(header: &HeaderValue, etag: &str) -> bool {
    let Ok(tags) = header.to_str() else {
        return false;
    };
    let ours = etag.trim_start_matches("W/");
    tags.split(',')
        .map(str::trim)
        .any(|tag| tag == "*" || tag.trim_start_matches("W/") == ours)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::OutputFile;
    use crate::serve::http::{router, Limits};
    use crate::serve::State;
    use std::time::Duration;
    use tower::ServiceExt;

    fn app(files: &[(&str, &str)]) -> Arc<App> {
        let state = Arc::new(State::new());
        let files = files.iter().map(|(p, b)| OutputFile::new(*p, *b)).collect();
        state.good(files, &[], "/wg/");
        Arc::new(App::new(state, Limits::default()))
    }

    async fn get(app: &Arc<App>, target: &str, headers: &[(&str, &str)]) -> Response {
        let mut request = axum::http::Request::get(target);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let request = request.body(Body::empty()).expect("request");
        router(Arc::clone(app))
            .oneshot(request)
            .await
            .expect("infallible")
    }

    async fn text(response: Response) -> String {
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .expect("body");
        String::from_utf8_lossy(&bytes).into_owned()
    }

    fn etag(response: &Response) -> String {
        let value = response.headers().get(header::ETAG).expect("an ETag");
        value.to_str().expect("ascii").to_string()
    }

    #[tokio::test]
    async fn a_request_for_a_pending_page_waits_for_the_rebuild() {
        let app = app(&[("index.html", "old"), ("meetings/a/index.html", "old")]);
        let edited = vec![OutputFile::new("meetings/a/index.html", "new")];
        app.state
            .early(edited, ["meetings/a/index.html".to_string()].into());
        // The edited page is served at once.
        assert!(text(get(&app, "/wg/meetings/a/", &[]).await)
            .await
            .starts_with("new"));
        let state = Arc::clone(&app.state);
        let finisher = tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(100)).await;
            state.good(vec![OutputFile::new("index.html", "new")], &[], "/wg/");
        });
        let asked = std::time::Instant::now();
        let home = text(get(&app, "/wg/", &[]).await).await;
        assert!(
            home.starts_with("new"),
            "served before the rebuild was done: {home}"
        );
        assert!(asked.elapsed() >= Duration::from_millis(90));
        finisher.await.expect("finisher");
    }

    #[tokio::test]
    async fn a_file_the_browser_has_gets_a_304_until_it_changes() {
        let app = app(&[("index.html", "<p>home</p>"), ("style.css", "p{}")]);
        let first = get(&app, "/wg/style.css", &[]).await;
        assert_eq!(first.status(), StatusCode::OK);
        let tag = etag(&first);
        assert!(tag.starts_with("W/\""), "{tag}");
        let again = get(&app, "/wg/style.css", &[("if-none-match", &tag)]).await;
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
        assert_eq!(etag(&again), tag);
        assert_eq!(text(again).await, "");
        let other = get(&app, "/wg/style.css", &[("if-none-match", "W/\"other\"")]).await;
        assert_eq!(other.status(), StatusCode::OK);

        // A new version: the old tag no longer matches.
        let changed = vec![OutputFile::new("style.css", "p{color:red}")];
        app.state.good(changed, &[], "/wg/");
        let after = get(&app, "/wg/style.css", &[("if-none-match", &tag)]).await;
        assert_eq!(after.status(), StatusCode::OK);
        assert_ne!(etag(&after), tag);
        assert_eq!(text(after).await, "p{color:red}");
    }

    #[tokio::test]
    async fn a_page_cached_before_a_rebuild_is_sent_again_with_the_new_script() {
        let app = app(&[("index.html", "<body>home</body>"), ("a.css", "x")]);
        let page = get(&app, "/wg/", &[]).await;
        let tag = etag(&page);
        let cached = get(&app, "/wg/", &[("if-none-match", &tag)]).await;
        assert_eq!(cached.status(), StatusCode::NOT_MODIFIED);
        // Another file changed: the page's bytes did not, but its script must follow the new
        // generation, so the browser gets it whole.
        app.state
            .good(vec![OutputFile::new("a.css", "y")], &[], "/wg/");
        let fresh = get(&app, "/wg/", &[("if-none-match", &tag)]).await;
        assert_eq!(fresh.status(), StatusCode::OK);
        let generation = app.state.live.generation();
        assert!(text(fresh)
            .await
            .contains(&format!("live.js?g={generation}\"")));
    }

    #[tokio::test]
    async fn content_types_redirects_and_missing_pages() {
        let app = app(&[
            ("index.html", "<p>home</p>"),
            ("feed.xml", "<feed/>"),
            ("meetings/a/index.html", "<p>a</p>"),
            ("404.html", "<p>lost</p>"),
        ]);
        let feed = get(&app, "/wg/feed.xml", &[]).await;
        assert_eq!(
            feed.headers()[header::CONTENT_TYPE],
            "application/xml; charset=utf-8"
        );
        let page = get(&app, "/wg/", &[]).await;
        assert_eq!(page.headers()[header::CONTENT_TYPE], HTML);
        assert_eq!(page.headers()[header::CACHE_CONTROL], "no-cache");
        assert_eq!(page.headers()[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        let root = get(&app, "/?x=1", &[]).await;
        assert_eq!(root.status(), StatusCode::FOUND);
        assert_eq!(root.headers()[header::LOCATION], "/wg/?x=1");
        let folder = get(&app, "/wg/meetings/a", &[]).await;
        assert_eq!(folder.status(), StatusCode::MOVED_PERMANENTLY);
        assert_eq!(folder.headers()[header::LOCATION], "/wg/meetings/a/");
        let missing = get(&app, "/wg/nothing/", &[]).await;
        assert_eq!(missing.status(), StatusCode::NOT_FOUND);
        assert!(text(missing).await.starts_with("<p>lost</p><script"));
        let ours = get(&app, "/__wgsite/../site.toml", &[]).await;
        assert_eq!(ours.status(), StatusCode::NOT_FOUND);
        let script = get(&app, "/__wgsite/live.js?g=3", &[]).await;
        assert_eq!(script.headers()[header::CONTENT_TYPE], JS);
        let status = get(&app, "/__wgsite/status", &[]).await;
        assert!(text(status).await.contains("\"ok\":true"));
    }

    #[tokio::test]
    async fn only_get_and_head_are_answered() {
        let app = app(&[("index.html", "<p>home</p>")]);
        for (method, target) in [
            ("POST", "/wg/"),
            ("DELETE", "/wg/"),
            ("PUT", "/__wgsite/status"),
        ] {
            let request = axum::http::Request::builder()
                .method(method)
                .uri(target)
                .body(Body::empty())
                .expect("request");
            let response = router(Arc::clone(&app))
                .oneshot(request)
                .await
                .expect("infallible");
            assert_eq!(
                response.status(),
                StatusCode::METHOD_NOT_ALLOWED,
                "{method} {target}"
            );
            let allow = response.headers()[header::ALLOW].to_str().expect("ascii");
            assert!(allow.contains("GET") && allow.contains("HEAD"), "{allow}");
        }
    }

    #[test]
    fn if_none_match_compares_weakly_and_takes_lists() {
        let tag = "W/\"00000000000000ab-3\"";
        let matches_value = |v: &'static str| matches(&HeaderValue::from_static(v), tag);
        assert!(matches_value("W/\"00000000000000ab-3\""));
        assert!(matches_value("\"00000000000000ab-3\""));
        assert!(matches_value("\"x\", W/\"00000000000000ab-3\""));
        assert!(matches_value("*"));
        assert!(!matches_value("W/\"00000000000000ab-4\""));
        assert!(!matches_value(""));
    }
}
