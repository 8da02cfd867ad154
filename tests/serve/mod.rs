//! `wgsite serve`, end to end: the real binary on a copy of `tests/fixtures/serve/site` (served
//! under `/wg/`) on a free loopback port. An edit shows up within a bounded time; a broken
//! `site.toml` or template shows its error in `/__wgsite/status` while the last good pages stay
//! served; no request reaches a file outside the output; a loopback load with stalled clients
//! is answered in full. [`browser`]: a headless Chromium page reloads itself and shows the
//! errors, readably; [`protocol`] pins the HTTP answers (ETag/304, HEAD, compression,
//! 405/431); [`limits`] what no client can starve; [`symlinks`] that serve follows no link that
//! appears while it runs.

mod browser;
#[cfg(unix)]
mod limits;
mod protocol;
mod symlinks;

use crate::common::{copy_dir, fixture, wgsite};
use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

const MEETING: &str = "/wg/meetings/2024-03-07/";
/// How long any change may take to show.
const BOUND: Duration = Duration::from_secs(10);

/// A running `wgsite serve` on a copy of the fixture; stopped (Ctrl-C, then kill) when dropped.
struct Preview {
    child: Option<Child>,
    addr: SocketAddr,
    log: Arc<Mutex<Vec<String>>>,
    dir: tempfile::TempDir,
}

impl Preview {
    fn start(extra: &[&str]) -> Preview {
        let dir = tempfile::tempdir().expect("tempdir");
        copy_dir(&fixture("serve/site"), &dir.path().join("site"));
        // Port 0: the system picks a free one, and the server says which.
        let mut child = wgsite()
            .args(["serve", "--no-search", "--port", "0", "--root"])
            .arg(dir.path().join("site"))
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("wgsite serve starts");
        let stderr = child.stderr.take().expect("stderr");
        let log = Arc::new(Mutex::new(Vec::new()));
        let (tx, rx) = mpsc::channel();
        let lines = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                lines.lock().expect("log").push(line.clone());
                let _ = tx.send(line);
            }
        });
        let mut preview = Preview {
            child: Some(child),
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            log,
            dir,
        };
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match rx.recv_timeout(left) {
                Ok(line) => {
                    if let Some(url) = line.strip_prefix("serving http://") {
                        let host = url.split('/').next().expect("host");
                        preview.addr = host.parse().expect("address");
                        assert_ne!(preview.addr.port(), 0, "{line}");
                        assert!(url.contains("/wg/"), "{line}");
                        break;
                    }
                }
                Err(_) => panic!("no `serving` line; output: {:?}", preview.log()),
            }
        }
        preview
    }

    fn site(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    fn log(&self) -> Vec<String> {
        self.log.lock().expect("log").clone()
    }

    fn get(&self, target: &str) -> (u16, String) {
        let request = format!("GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        let bytes = raw(self.addr, request.as_bytes());
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let status = status_of(&text);
        let body = text
            .split_once("\r\n\r\n")
            .map(|(_, b)| b.to_string())
            .unwrap_or_default();
        (status, body)
    }

    fn status(&self) -> Value {
        let (code, body) = self.get("/__wgsite/status");
        assert_eq!(code, 200);
        serde_json::from_str(&body).expect("status is JSON")
    }

    /// Polls `check` every 20 ms until it holds; returns how long that took.
    fn wait_for(&self, what: &str, check: impl Fn(&Preview) -> bool) -> Duration {
        let start = Instant::now();
        while start.elapsed() < BOUND {
            if check(self) {
                return start.elapsed();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "{what}: not seen within {BOUND:?}; output: {:#?}",
            self.log()
        );
    }

    /// Ctrl-C, as a user would stop it.
    fn stop(&mut self) -> Option<ExitStatus> {
        let mut child = self.child.take()?;
        let _ = Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = child.kill();
        let _ = child.wait();
        None
    }
}

impl Drop for Preview {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Sends `request` and reads until the server closes.
fn raw(addr: SocketAddr, request: &[u8]) -> Vec<u8> {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    stream.write_all(request).expect("send");
    let mut out = Vec::new();
    let _ = stream.read_to_end(&mut out);
    out
}

fn status_of(response: &str) -> u16 {
    response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).expect("read");
    assert!(text.contains(from), "{from:?} not in {}", path.display());
    std::fs::write(path, text.replace(from, to)).expect("write");
}

#[test]
fn an_edit_shows_up_and_a_broken_edit_keeps_the_last_good_site() {
    let mut preview = Preview::start(&[]);
    let site = preview.site();
    let (code, page) = preview.get(MEETING);
    assert_eq!(code, 200);
    assert!(
        page.contains("Alice walked through the first draft"),
        "{page}"
    );
    assert!(
        page.contains("<script src=\"/__wgsite/live.js?g="),
        "{page}"
    );
    assert_eq!(preview.get("/").0, 302);
    assert_eq!(preview.status()["ok"], true);

    // An edit to a minutes file shows up.
    edit(
        &site.join("content/2024-03-07.md"),
        "first draft",
        "second draft, with diagrams",
    );
    let latency = preview.wait_for("the edited meeting", |p| {
        p.get(MEETING).1.contains("second draft, with diagrams")
    });
    eprintln!("serve: edit-to-visible latency {latency:?} (fixture site, debug build)");

    // A new minutes file gets its page; deleting it takes the page away.
    std::fs::write(
        site.join("content/2024-04-04.md"),
        "# Preview WG Meeting 2024-04-04\n\n## Agenda\n\n### acme/wg\n\n\
         * Threat model review [#12](https://github.com/acme/wg/issues/12)\n  * Published\n",
    )
    .expect("write");
    preview.wait_for("the new meeting", |p| {
        p.get("/wg/meetings/2024-04-04/").0 == 200
    });
    std::fs::remove_file(site.join("content/2024-04-04.md")).expect("remove");
    preview.wait_for("the removed meeting gone", |p| {
        p.get("/wg/meetings/2024-04-04/").0 == 404
    });

    // A broken site.toml: the status says where, the last good page is still served.
    let config = std::fs::read_to_string(site.join("site.toml")).expect("site.toml");
    std::fs::write(
        site.join("site.toml"),
        format!("{config}colour = \"red\"\n"),
    )
    .expect("write");
    preview.wait_for("the configuration error", |p| p.status()["ok"] == false);
    let status = preview.status();
    let error = &status["errors"][0];
    assert_eq!(error["path"], "site.toml", "{status}");
    assert_eq!(error["line"], 5, "{status}");
    assert!(
        error["message"]
            .as_str()
            .unwrap_or("")
            .contains("unknown field `colour`"),
        "{status}"
    );
    let (code, page) = preview.get(MEETING);
    assert_eq!(code, 200);
    assert!(page.contains("second draft, with diagrams"));
    std::fs::write(site.join("site.toml"), &config).expect("write");
    preview.wait_for("the fixed configuration", |p| p.status()["ok"] == true);

    // A template with a syntax error: named with its line; fixing it brings the page back.
    std::fs::create_dir_all(site.join("templates")).expect("mkdir");
    std::fs::copy(
        fixture("build/bad_template/templates/meeting.html"),
        site.join("templates/meeting.html"),
    )
    .expect("copy");
    // The folder and the file are two events: a rebuild may come between them (on a busy
    // machine) and find the folder empty, so the wait is for the file's error itself.
    preview.wait_for("the template error", |p| {
        let status = p.status();
        status["ok"] == false && status["errors"][0]["path"] == "templates/meeting.html"
    });
    let status = preview.status();
    assert_eq!(status["errors"][0]["line"], 3, "{status}");
    assert!(preview
        .get(MEETING)
        .1
        .contains("second draft, with diagrams"));
    std::fs::write(
        site.join("templates/meeting.html"),
        "{% extends \"base.html\" %}\n{% block content %}<p>Custom: {{ meeting.title }}</p>{% endblock content %}\n",
    )
    .expect("write");
    preview.wait_for("the fixed template", |p| {
        p.get(MEETING)
            .1
            .contains("Custom: Preview WG Meeting 2024-03-07")
    });
    assert_eq!(preview.status()["ok"], true);

    // The terminal says it too, with a time per rebuild; Ctrl-C stops cleanly.
    let log = preview.log().join("\n");
    assert!(log.contains("unknown field `colour`"), "{log}");
    assert!(log.contains("still serving the last good site"), "{log}");
    assert!(log.contains("rebuilt in "), "{log}");
    let pid = preview.child.as_ref().map(Child::id).expect("running");
    let status = preview.stop().expect("stops on Ctrl-C");
    assert!(status.success(), "{status:?}");
    assert!(preview.log().iter().any(|l| l == "stopped"));
    for dir in [std::env::temp_dir(), PathBuf::from("/dev/shm")] {
        let scratch = dir.join(format!("wgsite-serve-{pid}"));
        assert!(!scratch.exists(), "left behind: {}", scratch.display());
    }
}

#[test]
fn no_request_reaches_a_file_outside_the_output() {
    let preview = Preview::start(&[]);
    let secret = "TOP-SECRET-7f3a9c";
    std::fs::write(preview.dir.path().join("secret.txt"), secret).expect("write");
    std::fs::write(preview.site().join("secret.txt"), secret).expect("write");
    for target in [
        "/../secret.txt",
        "/wg/../secret.txt",
        "/wg/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/wg/%2e%2e/%2e%2e/secret.txt",
        "/wg/%2E%2E%2fsecret.txt",
        "/wg/..%2f..%2fsecret.txt",
        "/%2f",
        "/wg/%2f..%2f..%2fsecret.txt",
        "/wg/..\\..\\secret.txt",
        "\\..\\secret.txt",
        "/wg/%5c..%5c..%5csecret.txt",
        "//secret.txt",
        "/wg//../secret.txt",
        "/wg/%252e%252e/secret.txt",
        "http://127.0.0.1/../secret.txt",
        "/wg/secret.txt",
        "/wg/site.toml",
        "/wg/content/2024-03-07.md",
        "/site.toml",
        "/etc/passwd",
        "/wg/../../../../../../etc/passwd",
        "/wg/%00",
        "/__wgsite/../site.toml",
    ] {
        let request = format!("GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        let response = String::from_utf8_lossy(&raw(preview.addr, request.as_bytes())).into_owned();
        let code = status_of(&response);
        assert!(code == 400 || code == 404, "{target}: {code}");
        assert!(!response.contains(secret), "{target}: {response}");
        assert!(!response.contains("repo = \"acme/wg\""), "{target}");
        assert!(!response.contains("root:x:0:0"), "{target}");
    }
    // HEAD answers like GET, without the body.
    let head = raw(
        preview.addr,
        b"HEAD /wg/style.css HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    let head = String::from_utf8_lossy(&head);
    assert_eq!(status_of(&head), 200);
    assert!(
        head.to_ascii_lowercase().contains("content-type: text/css"),
        "{head}"
    );
    assert!(head.ends_with("\r\n\r\n"), "{head}");
}

/// One keep-alive client: requests `targets` in turn until `until`; counts what it got.
fn load_client(
    addr: SocketAddr,
    targets: &[&str],
    until: Instant,
    sent: &AtomicUsize,
    answered: &AtomicUsize,
) -> Vec<u16> {
    let mut codes = Vec::new();
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let mut reader = BufReader::new(stream.try_clone().expect("clone"));
    for target in targets.iter().cycle() {
        if Instant::now() >= until {
            break;
        }
        let request = format!("GET {target} HTTP/1.1\r\nHost: x\r\n\r\n");
        sent.fetch_add(1, Ordering::Relaxed);
        stream.write_all(request.as_bytes()).expect("send");
        let mut line = String::new();
        reader.read_line(&mut line).expect("status line");
        let mut length = 0usize;
        loop {
            let mut header = String::new();
            reader.read_line(&mut header).expect("header");
            if header == "\r\n" || header.is_empty() {
                break;
            }
            if let Some(v) = header.to_ascii_lowercase().strip_prefix("content-length:") {
                length = v.trim().parse().expect("length");
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).expect("body");
        answered.fetch_add(1, Ordering::Relaxed);
        codes.push(status_of(&line));
    }
    codes
}

/// Three seconds of load keeps CI short and already runs tens of thousands of
/// requests through 200 connections.
#[test]
fn a_loopback_load_with_stalled_clients_is_answered_in_full() {
    let preview = Preview::start(&[]);
    let addr = preview.addr;
    let release = Arc::new(AtomicBool::new(false));
    // 20 slow clients: half a request, then nothing.
    let stalled: Vec<_> = (0..20)
        .map(|_| {
            let release = Arc::clone(&release);
            std::thread::spawn(move || {
                let mut s = TcpStream::connect(addr).expect("connect");
                s.write_all(b"GET /wg/ HTTP/1.1\r\nHost: x\r\n")
                    .expect("send");
                while !release.load(Ordering::Relaxed) {
                    std::thread::sleep(Duration::from_millis(20));
                }
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(100));

    let targets = [
        "/wg/",
        MEETING,
        "/wg/style.css",
        "/wg/issues/acme/wg/12/",
        "/wg/feed.xml",
        "/wg/no-such-page/",
    ];
    let sent = Arc::new(AtomicUsize::new(0));
    let answered = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let until = started + Duration::from_secs(3);
    let workers: Vec<_> = (0..200)
        .map(|i| {
            let (sent, answered) = (Arc::clone(&sent), Arc::clone(&answered));
            let mut mine = targets.to_vec();
            mine.rotate_left(i % targets.len());
            std::thread::spawn(move || load_client(addr, &mine, until, &sent, &answered))
        })
        .collect();
    let mut codes = Vec::new();
    for worker in workers {
        codes.extend(worker.join().expect("a load client failed"));
    }
    let took = started.elapsed();
    let (sent, answered) = (
        sent.load(Ordering::Relaxed),
        answered.load(Ordering::Relaxed),
    );
    eprintln!(
        "serve load: {answered} requests over 200 connections in {took:.1?} ({:.0}/s), 20 stalled clients",
        answered as f64 / took.as_secs_f64()
    );
    assert_eq!(sent, answered);
    assert!(answered >= 200, "{answered}");
    let unexpected: Vec<_> = codes
        .iter()
        .filter(|c| ![200, 304, 404].contains(*c))
        .collect();
    assert!(unexpected.is_empty(), "{unexpected:?}");
    assert!(codes.contains(&404) && codes.contains(&200));

    // Still serving, with the stalled clients still stalled.
    let (code, page) = preview.get(MEETING);
    assert_eq!(code, 200);
    assert!(page.contains("first draft"));
    release.store(true, Ordering::Relaxed);
    for s in stalled {
        s.join().expect("stalled client");
    }
    assert_eq!(preview.get("/wg/").0, 200);
}
