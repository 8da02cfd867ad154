//! What the preview answers, byte for byte on the wire: `ETag`s and 304s, `HEAD`, compression
//! as `Accept-Encoding` asks (decoded here and compared with the plain page), 405 with
//! `Allow`, 431 for an oversized head, 400 for a malformed one, and `--port 0`.

use super::{raw, Preview, MEETING};
use std::io::Read;

/// A response as read off the socket: header names lower-cased, a chunked body joined.
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Answer {
    fn parse(bytes: &[u8]) -> Answer {
        let split = bytes
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("a whole head");
        let head = String::from_utf8_lossy(&bytes[..split]).into_owned();
        let mut lines = head.split("\r\n");
        let status = lines
            .next()
            .and_then(|l| l.split(' ').nth(1))
            .and_then(|s| s.parse().ok())
            .expect("a status line");
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        let mut answer = Answer {
            status,
            headers,
            body: bytes[split + 4..].to_vec(),
        };
        if answer.header("transfer-encoding") == Some("chunked") {
            answer.body = dechunk(&answer.body);
        }
        answer
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

fn dechunk(mut bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let end = bytes
            .windows(2)
            .position(|w| w == b"\r\n")
            .expect("chunk size line");
        let size = usize::from_str_radix(std::str::from_utf8(&bytes[..end]).expect("ascii"), 16)
            .expect("hex size");
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&bytes[end + 2..end + 2 + size]);
        bytes = &bytes[end + 2 + size + 2..];
    }
}

fn ask(preview: &Preview, method: &str, target: &str, headers: &[&str]) -> Answer {
    let mut request = format!("{method} {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n");
    for header in headers {
        request.push_str(header);
        request.push_str("\r\n");
    }
    request.push_str("\r\n");
    Answer::parse(&raw(preview.addr, request.as_bytes()))
}

#[test]
fn tags_head_and_compression_follow_http() {
    let preview = Preview::start(&[]);
    assert!(
        !preview.log().iter().any(|l| l.contains("taken")),
        "{:?}",
        preview.log()
    );

    // ETag and If-None-Match: a page and a stylesheet the browser has get a 304, no body.
    for target in [MEETING, "/wg/style.css"] {
        let first = ask(&preview, "GET", target, &[]);
        assert_eq!(first.status, 200, "{target}");
        assert_eq!(first.header("cache-control"), Some("no-cache"));
        let tag = first.header("etag").expect("an ETag").to_string();
        let again = ask(&preview, "GET", target, &[&format!("If-None-Match: {tag}")]);
        assert_eq!(again.status, 304, "{target}");
        assert!(again.body.is_empty(), "{target}");
        assert_eq!(again.header("etag"), Some(tag.as_str()));
        let other = ask(&preview, "GET", target, &["If-None-Match: W/\"0\""]);
        assert_eq!(other.status, 200, "{target}");
    }

    // HEAD: GET's status and headers, no body.
    let get = ask(&preview, "GET", MEETING, &[]);
    let head = ask(&preview, "HEAD", MEETING, &[]);
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty(), "{} bytes", head.body.len());
    assert_eq!(
        head.header("content-length"),
        Some(get.body.len().to_string().as_str())
    );
    assert_eq!(head.header("content-type"), get.header("content-type"));
    assert_eq!(head.header("etag"), get.header("etag"));

    // Compression as the client asks: gzip (preferred when several are offered: the fastest
    // here), brotli when it is the one asked for, or none; the decoded bytes are the page.
    assert!(get.header("content-encoding").is_none());
    let plain = get.body;
    let gzip = ask(
        &preview,
        "GET",
        MEETING,
        &["Accept-Encoding: gzip, deflate, br, zstd"],
    );
    assert_eq!(gzip.header("content-encoding"), Some("gzip"));
    assert!(gzip.body.len() < plain.len() / 2, "{}", gzip.body.len());
    let mut unzipped = Vec::new();
    flate2::read::GzDecoder::new(gzip.body.as_slice())
        .read_to_end(&mut unzipped)
        .expect("gzip");
    assert_eq!(unzipped, plain);
    let br = ask(&preview, "GET", MEETING, &["Accept-Encoding: br, gzip;q=0"]);
    assert_eq!(br.header("content-encoding"), Some("br"));
    let mut unbrotlied = Vec::new();
    brotli::Decompressor::new(br.body.as_slice(), 4096)
        .read_to_end(&mut unbrotlied)
        .expect("brotli");
    assert_eq!(unbrotlied, plain);
    assert!(
        br.header("vary")
            .is_some_and(|v| v.to_ascii_lowercase().contains("accept-encoding")),
        "{:?}",
        br.headers
    );
    // A 304 stays a 304 when compression is offered.
    let tag = br.header("etag").expect("an ETag").to_string();
    let cached = ask(
        &preview,
        "GET",
        MEETING,
        &["Accept-Encoding: br", &format!("If-None-Match: {tag}")],
    );
    assert_eq!(cached.status, 304);
}

#[test]
fn other_methods_and_bad_heads_are_refused() {
    let preview = Preview::start(&[]);
    for (method, target) in [
        ("POST", MEETING),
        ("DELETE", "/wg/"),
        ("PUT", "/__wgsite/status"),
    ] {
        let answer = ask(&preview, method, target, &["Content-Length: 0"]);
        assert_eq!(answer.status, 405, "{method} {target}");
        let allow = answer.header("allow").unwrap_or("");
        assert!(allow.contains("GET") && allow.contains("HEAD"), "{allow}");
    }
    let big = format!("X-Big: {}", "a".repeat(20 * 1024));
    assert_eq!(ask(&preview, "GET", MEETING, &[&big]).status, 431);
    let bad = String::from_utf8_lossy(&raw(preview.addr, b"GET /wg/\r\n\r\n")).into_owned();
    assert!(bad.starts_with("HTTP/1.1 400 "), "{bad}");
    // Still serving.
    assert_eq!(ask(&preview, "GET", MEETING, &[]).status, 200);
}
