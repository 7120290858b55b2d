//! A loopback HTTP/1.1 server for the tests: each connection gets one answer, chosen by a
//! closure from the request target; every request target is recorded.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

/// What the server sends back.
pub enum Reply {
    /// A status, extra headers and a body (with its true Content-Length).
    Full(u16, Vec<(String, String)>, Vec<u8>),
    /// Announce `len` bytes, send only `body`, then close the connection.
    Cut { len: usize, body: Vec<u8> },
    /// [`Reply::Cut`] with these extra headers.
    CutWith {
        headers: Vec<(String, String)>,
        len: usize,
        body: Vec<u8>,
    },
    /// Announce `len` bytes, send `body`, wait `secs` seconds, then close.
    Stall { len: usize, body: Vec<u8>, secs: u64 },
}

/// A 200 answer with this body.
pub fn ok(body: impl Into<Vec<u8>>) -> Reply {
    Reply::Full(200, vec![], body.into())
}

/// An answer with this status and a short text body.
pub fn status(code: u16) -> Reply {
    Reply::Full(code, vec![], format!("status {code}").into_bytes())
}

/// One request as received: method, target and body.
pub type Request = (String, String, Vec<u8>);

/// The running server: its base URL and the targets it was asked for.
pub struct Server {
    pub base: String,
    pub hits: Arc<Mutex<Vec<String>>>,
    /// Every request: method, target and body.
    pub requests: Arc<Mutex<Vec<Request>>>,
}

impl Server {
    /// Targets requested so far.
    pub fn hits(&self) -> Vec<String> {
        self.hits.lock().unwrap().clone()
    }
}

/// Start a server on 127.0.0.1:0 answering with `answer(target, hits so far of that target)`.
pub fn start(answer: impl Fn(&str, usize) -> Reply + Send + 'static) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let hits = Arc::new(Mutex::new(Vec::new()));
    let h = hits.clone();
    let requests = Arc::new(Mutex::new(Vec::new()));
    let rq = requests.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            if reader.read_line(&mut line).is_err() {
                continue;
            }
            let method = line.split_whitespace().next().unwrap_or("").to_string();
            let target = line.split_whitespace().nth(1).unwrap_or("").to_string();
            let mut body_len = 0usize;
            loop {
                let mut l = String::new();
                if reader.read_line(&mut l).unwrap_or(0) == 0 || l == "\r\n" {
                    break;
                }
                if let Some((k, v)) = l.split_once(':')
                    && k.eq_ignore_ascii_case("content-length")
                {
                    body_len = v.trim().parse().unwrap_or(0);
                }
            }
            let mut req_body = vec![0u8; body_len.min(1 << 20)];
            let _ = reader.read_exact(&mut req_body);
            rq.lock().unwrap().push((method, target.clone(), req_body));
            let n = {
                let mut g = h.lock().unwrap();
                g.push(target.clone());
                g.iter().filter(|t| **t == target).count()
            };
            let mut stall = 0;
            let (code, headers, body, len) = match answer(&target, n) {
                Reply::Full(c, hd, b) => {
                    let len = b.len();
                    (c, hd, b, len)
                }
                Reply::Cut { len, body } => (200, vec![], body, len),
                Reply::CutWith { headers, len, body } => (200, headers, body, len),
                Reply::Stall { len, body, secs } => {
                    stall = secs;
                    (200, vec![], body, len)
                }
            };
            let mut head = format!("HTTP/1.1 {code} X\r\nContent-Length: {len}\r\nConnection: close\r\n");
            for (k, v) in headers {
                head.push_str(&format!("{k}: {v}\r\n"));
            }
            head.push_str("\r\n");
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
            let _ = stream.flush();
            std::thread::sleep(std::time::Duration::from_secs(stall));
            let _ = stream.shutdown(std::net::Shutdown::Both);
        }
    });
    Server {
        base: format!("http://127.0.0.1:{port}/armlive/"),
        hits,
        requests,
    }
}
