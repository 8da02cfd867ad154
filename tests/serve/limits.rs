//! What no client can starve: thousands of stalled connections and hundreds of open
//! live-reload streams while a page still loads quickly, and a stream over the cap answered at
//! once with a 503 (the old server gave each a thread and stopped answering past ~1,000).

use super::{edit, Preview, MEETING};
use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

/// How quickly a page must still load; a starved server does not answer at all.
const QUICKLY: Duration = Duration::from_secs(3);

/// Thousands of sockets in this process and as many in the server's: the soft limit on open
/// files (often 1,024) is raised to the hard one, as the server does for itself.
fn raise_open_file_limit(needed: u64) {
    use nix::sys::resource::{getrlimit, setrlimit, Resource};
    let (soft, hard) = getrlimit(Resource::RLIMIT_NOFILE).expect("getrlimit");
    if soft < hard {
        setrlimit(Resource::RLIMIT_NOFILE, hard, hard).expect("setrlimit");
    }
    assert!(
        hard >= needed,
        "this test needs {needed} open files; the hard limit is {hard}"
    );
}

/// A client that sends half a request head and then nothing.
fn stalled(addr: SocketAddr) -> TcpStream {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .write_all(b"GET /wg/ HTTP/1.1\r\nHost: x\r\n")
        .expect("send");
    stream
}

/// Opens `/__wgsite/events`; returns the stream and the response head.
fn open_stream(addr: SocketAddr) -> (TcpStream, String) {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    stream
        .write_all(b"GET /__wgsite/events HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip, br\r\n\r\n")
        .expect("send");
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => break,
        }
    }
    (stream, String::from_utf8_lossy(&head).into_owned())
}

/// Whether the server still holds `stream` open (nothing to read, no end of stream).
fn still_open(mut stream: &TcpStream) -> bool {
    stream.set_nonblocking(true).expect("nonblocking");
    let mut byte = [0u8; 1];
    let open = matches!(stream.read(&mut byte), Err(e) if e.kind() == ErrorKind::WouldBlock);
    stream.set_nonblocking(false).expect("blocking");
    open
}

/// Reads from a live-reload stream until `what` arrives.
fn read_until(stream: &mut TcpStream, what: &str) -> String {
    let mut seen = Vec::new();
    let mut chunk = [0u8; 512];
    let deadline = Instant::now() + Duration::from_secs(10);
    while !String::from_utf8_lossy(&seen).contains(what) {
        assert!(Instant::now() < deadline, "{what:?} never came: {seen:?}");
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => panic!("the stream closed before {what:?}"),
            Ok(n) => seen.extend_from_slice(&chunk[..n]),
        }
    }
    String::from_utf8_lossy(&seen).into_owned()
}

#[test]
fn stalled_connections_and_open_streams_do_not_starve_a_page() {
    raise_open_file_limit(6000);
    let preview = Preview::start(&[]);
    let addr = preview.addr;
    let mut streams: Vec<TcpStream> = (0..300)
        .map(|_| {
            let (stream, head) = open_stream(addr);
            assert!(head.starts_with("HTTP/1.1 200 "), "{head}");
            let head = head.to_ascii_lowercase();
            assert!(head.contains("content-type: text/event-stream"), "{head}");
            assert!(!head.contains("content-encoding"), "{head}");
            stream
        })
        .collect();
    let opened = Instant::now();
    let held: Vec<TcpStream> = (0..2000).map(|_| stalled(addr)).collect();
    eprintln!(
        "serve limits: 2000 stalled connections opened in {:.1?}",
        opened.elapsed()
    );

    let asked = Instant::now();
    let (code, page) = preview.get(MEETING);
    let took = asked.elapsed();
    eprintln!(
        "serve limits: a page with 2000 stalled connections and 300 streams open: {took:.1?}"
    );
    assert_eq!(code, 200);
    assert!(page.contains("first draft"), "{page}");
    assert!(took < QUICKLY, "{took:?}");
    // They were really held: the server has not closed them (its header timeout is longer).
    let open = held.iter().step_by(100).filter(|s| still_open(s)).count();
    assert_eq!(open, 20);

    // The streams still carry news: an edit reloads the pages listening on them.
    edit(
        &preview.site().join("content/2024-03-07.md"),
        "first draft",
        "second draft",
    );
    for stream in streams.iter_mut().step_by(50) {
        read_until(stream, "event: reload");
    }
    drop(held);
}

#[test]
fn a_stream_over_the_cap_gets_a_quick_503_and_a_closed_one_frees_its_place() {
    raise_open_file_limit(2000);
    let preview = Preview::start(&[]);
    let addr = preview.addr;
    let mut streams = Vec::new();
    let refused = loop {
        assert!(streams.len() <= 600, "no cap on live-reload streams");
        let asked = Instant::now();
        let (stream, head) = open_stream(addr);
        if head.starts_with("HTTP/1.1 503 ") {
            break (head, asked.elapsed());
        }
        assert!(head.starts_with("HTTP/1.1 200 "), "{head}");
        streams.push(stream);
    };
    let (head, took) = refused;
    eprintln!(
        "serve limits: stream {} refused in {took:.1?}",
        streams.len() + 1
    );
    assert!(streams.len() >= 256, "a cap of {}", streams.len());
    assert!(took < QUICKLY, "{took:?}");
    assert!(
        head.to_ascii_lowercase().contains("retry-after: "),
        "{head}"
    );
    // Pages still load.
    assert_eq!(preview.get(MEETING).0, 200);

    // A client that goes away frees its place.
    drop(streams.pop());
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (stream, head) = open_stream(addr);
        if head.starts_with("HTTP/1.1 200 ") {
            streams.push(stream);
            break;
        }
        assert!(Instant::now() < deadline, "the place was never freed");
        std::thread::sleep(Duration::from_millis(50));
    }
}
