//! The shared download core: one blocking HTTPS agent, bounded retries with exponential
//! backoff (honouring `Retry-After`), bounded in-memory answers, and files streamed through
//! the project's atomic writer.

use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use atmokit_core::output::{OutputOptions, write_atomic_with};
use ureq::http::Response;
use ureq::{Agent, Body};

use crate::error::{DiscoveryError, hint, reason, redact};

/// How the client talks to services.
#[derive(Debug, Clone)]
pub struct ClientOptions {
    /// Longest wait for the connection (default 30 s).
    pub connect_timeout: Duration,
    /// Longest wait for the answer's status and headers once the request is sent (default 120 s).
    pub response_timeout: Duration,
    /// Longest time to receive one answer's body (default 2 h: ARM files reach gigabytes); a
    /// stalled transfer ends there and is retried.
    pub body_timeout: Duration,
    /// Requests made for one URL before giving up on transient failures (at least 1; default 5).
    pub max_attempts: u32,
    /// Wait after the first transient failure, doubled after each next one (default 1 s).
    pub initial_backoff: Duration,
    /// Longest wait between attempts, `Retry-After` included (default 60 s).
    pub max_backoff: Duration,
    /// How downloaded files are written.
    pub output: OutputOptions,
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            connect_timeout: Duration::from_secs(30),
            response_timeout: Duration::from_secs(120),
            body_timeout: Duration::from_secs(2 * 3600),
            max_attempts: 5,
            initial_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(60),
            output: OutputOptions::default(),
        }
    }
}

/// A blocking HTTP(S) client (ureq with rustls) that retries transient failures and keeps
/// the secrets it is told about out of every error.
#[derive(Debug, Clone)]
pub struct Client {
    agent: Agent,
    opts: ClientOptions,
    secrets: Vec<String>,
}

/// How a request is sent.
enum Method<'a> {
    /// A plain GET.
    Get,
    /// A GET with a JSON body (ARM's mod service).
    GetJson(&'a [u8]),
    /// A POST with a JSON body.
    Post(&'a [u8]),
}

/// One attempt's failure: worth another attempt or not.
enum Failure {
    Retry { error: String, wait: Option<Duration> },
    Fatal(DiscoveryError),
}

impl Client {
    /// A client with these options.
    pub fn new(opts: ClientOptions) -> Self {
        let agent: Agent = Agent::config_builder()
            .timeout_global(None)
            .timeout_connect(Some(opts.connect_timeout))
            .timeout_recv_response(Some(opts.response_timeout))
            .timeout_recv_body(Some(opts.body_timeout))
            .http_status_as_error(false)
            .user_agent(concat!("atmokit/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Client {
            agent,
            opts,
            secrets: Vec::new(),
        }
    }

    /// Never show `secret` (e.g. a token) in errors: it is replaced by `***`.
    pub fn with_secret(mut self, secret: impl Into<String>) -> Self {
        self.secrets.push(secret.into());
        self
    }

    /// The options in use.
    pub fn options(&self) -> &ClientOptions {
        &self.opts
    }

    /// `text` with the client's secrets replaced by `***`.
    pub fn redact(&self, text: &str) -> String {
        let s: Vec<&str> = self.secrets.iter().map(String::as_str).collect();
        redact(text, &s)
    }

    /// GET `url` and return its body, refusing answers longer than `limit` bytes.
    pub fn get_bytes(&self, url: &str, limit: u64) -> Result<Vec<u8>, DiscoveryError> {
        self.read_limited(url, None, limit)
    }

    /// POST `json` (as `application/json`) to `url` and return the answer's body, refusing
    /// answers longer than `limit` bytes (AmeriFlux's data-URL service is asked this way).
    pub fn post_json(&self, url: &str, json: &[u8], limit: u64) -> Result<Vec<u8>, DiscoveryError> {
        self.read_limited(url, Some(json), limit)
    }

    /// GET `url` (or POST `post` as JSON) and return at most `limit` bytes of its answer.
    fn read_limited(&self, url: &str, post: Option<&[u8]>, limit: u64) -> Result<Vec<u8>, DiscoveryError> {
        self.with_retries(url, || {
            let mut resp = match post {
                None => self.open(url)?,
                Some(b) => self.send(url, Method::Post(b))?,
            };
            let mut out = Vec::new();
            let mut reader = resp.body_mut().with_config().limit(limit.saturating_add(1)).reader();
            match reader.by_ref().take(limit.saturating_add(1)).read_to_end(&mut out) {
                Ok(_) if out.len() as u64 > limit => Err(Failure::Fatal(DiscoveryError::TooLarge {
                    url: self.redact(url),
                    limit,
                })),
                Ok(_) => Ok(out),
                Err(e) => Err(Failure::Retry {
                    error: format!("reading the answer: {}", self.redact(&e.to_string())),
                    wait: None,
                }),
            }
        })
    }

    /// GET `url` and stream its body into `dest` through the atomic writer: the file appears
    /// whole under its final name or not at all. `accept` sees the first bytes (up to 4 KiB)
    /// and may refuse the answer (then nothing is written and `Ok(None)` is returned);
    /// `progress` is called with each count of bytes written. Returns the bytes written.
    pub fn download(
        &self,
        url: &str,
        dest: &Path,
        accept: &dyn Fn(&[u8]) -> bool,
        progress: &mut dyn FnMut(u64),
    ) -> Result<Option<u64>, DiscoveryError> {
        self.fetch_to(url, None, &|_| Ok(dest.to_path_buf()), accept, false, progress)
            .map(|r| r.map(|(_, n, _)| n))
    }

    /// GET `url` sending `json` as the request body (as ARM's mod service expects) and stream
    /// the answer into the folder `dir`, under the name of its `Content-Disposition`
    /// (a plain file name, else an error). Returns the file written and its size.
    pub fn download_attachment(
        &self,
        url: &str,
        json: &[u8],
        dir: &Path,
        progress: &mut dyn FnMut(u64),
    ) -> Result<(PathBuf, u64), DiscoveryError> {
        let dest = |resp: &Response<Body>| -> Result<PathBuf, DiscoveryError> {
            let name = attachment_name(resp);
            if !crate::arm::is_plain_file_name(&name) {
                return Err(DiscoveryError::BadAnswer {
                    url: self.redact(url),
                    message: format!("Content-Disposition file name {name:?} is missing or not a plain file name"),
                });
            }
            Ok(dir.join(name))
        };
        let got = self.fetch_to(url, Some(json), &dest, &|_| true, false, progress)?;
        got.map(|(p, n, _)| (p, n)).ok_or_else(|| DiscoveryError::BadAnswer {
            url: self.redact(url),
            message: "answer refused".into(),
        })
    }

    /// GET `url` (no body) and stream the answer into the folder `dir` under the name of its
    /// `Content-Disposition`; `check` sees that name first and may refuse it with a message
    /// (nothing is written then). With `keep_complete`, a file of that name already in `dir`
    /// with the answer's `Content-Length` (any size when the answer gives none: every file
    /// this crate writes is whole) is kept and the body is not read: a rerun resumes where the
    /// last one stopped. Returns the file, its size, and whether it was kept.
    pub fn download_named(
        &self,
        url: &str,
        dir: &Path,
        check: &dyn Fn(&str) -> Result<(), String>,
        keep_complete: bool,
        progress: &mut dyn FnMut(u64),
    ) -> Result<(PathBuf, u64, bool), DiscoveryError> {
        let dest = |resp: &Response<Body>| -> Result<PathBuf, DiscoveryError> {
            let name = attachment_name(resp);
            if !crate::arm::is_plain_file_name(&name) {
                return Err(DiscoveryError::BadAnswer {
                    url: self.redact(url),
                    message: format!("Content-Disposition file name {name:?} is missing or not a plain file name"),
                });
            }
            check(&name).map_err(|message| DiscoveryError::BadAnswer {
                url: self.redact(url),
                message,
            })?;
            Ok(dir.join(name))
        };
        let got = self.fetch_to(url, None, &dest, &|_| true, keep_complete, progress)?;
        got.ok_or_else(|| DiscoveryError::BadAnswer {
            url: self.redact(url),
            message: "answer refused".into(),
        })
    }

    /// The one streaming path of [`Client::download`] and [`Client::download_attachment`].
    fn fetch_to(
        &self,
        url: &str,
        json: Option<&[u8]>,
        dest_for: &dyn Fn(&Response<Body>) -> Result<PathBuf, DiscoveryError>,
        accept: &dyn Fn(&[u8]) -> bool,
        keep_complete: bool,
        progress: &mut dyn FnMut(u64),
    ) -> Result<Option<(PathBuf, u64, bool)>, DiscoveryError> {
        self.with_retries(url, || {
            let mut resp = self.open_with(url, json)?;
            let dest = dest_for(&resp).map_err(Failure::Fatal)?;
            if keep_complete && let Some(n) = complete_copy(&dest, &resp) {
                return Ok(Some((dest, n, true)));
            }
            let mut reader = resp.body_mut().as_reader();
            let mut read_failed: Option<String> = None;
            let mut refused = false;
            let mut total = 0u64;
            let result = write_atomic_with(&dest, &self.opts.output, |w| {
                stream(
                    &mut reader,
                    w,
                    accept,
                    &mut *progress,
                    &mut total,
                    &mut read_failed,
                    &mut refused,
                )
            });
            match result {
                Ok(()) => Ok(Some((dest, total, false))),
                Err(_) if refused => Ok(None),
                Err(_) if read_failed.is_some() => Err(Failure::Retry {
                    error: format!(
                        "connection ended after {total} bytes: {}",
                        self.redact(read_failed.as_deref().unwrap_or_default())
                    ),
                    wait: None,
                }),
                Err(e) => Err(Failure::Fatal(e.into())),
            }
        })
    }

    /// One GET: classify the status (2xx ok; 429, 408 and 5xx transient; other 4xx final).
    fn open(&self, url: &str) -> Result<Response<Body>, Failure> {
        self.open_with(url, None)
    }

    /// [`Client::open`], sending `json` as the request body when given.
    fn open_with(&self, url: &str, json: Option<&[u8]>) -> Result<Response<Body>, Failure> {
        match json {
            None => self.send(url, Method::Get),
            Some(b) => self.send(url, Method::GetJson(b)),
        }
    }

    /// One request of `method`, its status classified as [`Client::open`] does.
    fn send(&self, url: &str, method: Method<'_>) -> Result<Response<Body>, Failure> {
        let sent = match method {
            Method::Get => self.agent.get(url).call(),
            Method::GetJson(b) => self
                .agent
                .get(url)
                .header("Content-Type", "application/json")
                .force_send_body()
                .send(b),
            Method::Post(b) => self
                .agent
                .post(url)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .send(b),
        };
        match sent {
            Ok(resp) => {
                let status = resp.status().as_u16();
                if resp.status().is_success() {
                    return Ok(resp);
                }
                if status == 429 || status == 408 || resp.status().is_server_error() {
                    let wait = resp
                        .headers()
                        .get("retry-after")
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| v.trim().parse::<u64>().ok())
                        .map(Duration::from_secs);
                    return Err(Failure::Retry {
                        error: format!("HTTP {status} {}", reason(status)),
                        wait,
                    });
                }
                Err(Failure::Fatal(DiscoveryError::Status {
                    url: self.redact(url),
                    status,
                    reason: reason(status),
                    hint: hint(status),
                }))
            }
            Err(e @ (ureq::Error::BadUri(_) | ureq::Error::RequireHttpsOnly(_) | ureq::Error::TlsRequired)) => {
                Err(Failure::Fatal(DiscoveryError::Invalid(format!(
                    "{}: {}",
                    self.redact(url),
                    self.redact(&e.to_string())
                ))))
            }
            Err(e) => Err(Failure::Retry {
                error: self.redact(&e.to_string()),
                wait: None,
            }),
        }
    }

    /// Run `attempt` until it succeeds, fails for good, or `max_attempts` transient failures
    /// happened; waits grow exponentially, or follow `Retry-After`, capped by `max_backoff`.
    fn with_retries<T>(&self, url: &str, mut attempt: impl FnMut() -> Result<T, Failure>) -> Result<T, DiscoveryError> {
        let max = self.opts.max_attempts.max(1);
        let mut backoff = self.opts.initial_backoff;
        for n in 1..=max {
            match attempt() {
                Ok(v) => return Ok(v),
                Err(Failure::Fatal(e)) => return Err(e),
                Err(Failure::Retry { error, wait }) => {
                    if n == max {
                        return Err(DiscoveryError::GaveUp {
                            url: self.redact(url),
                            attempts: n,
                            last: error,
                        });
                    }
                    std::thread::sleep(wait.unwrap_or(backoff).min(self.opts.max_backoff));
                    backoff = backoff.saturating_mul(2).min(self.opts.max_backoff);
                }
            }
        }
        unreachable!("the loop returns on its last attempt")
    }
}

/// The file name of an answer's `Content-Disposition` (empty when none).
fn attachment_name(resp: &Response<Body>) -> String {
    resp.headers()
        .get("content-disposition")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split("filename=").nth(1))
        .map(|n| n.split(';').next().unwrap_or(n).trim().trim_matches('"').to_string())
        .unwrap_or_default()
}

/// Copy `reader` into `w`, first letting `accept` judge the first bytes; read errors are
/// recorded in `read_failed` (so the caller can retry) and refusals in `refused`.
/// The size of `dest` when it already holds the answer `resp`: a regular file of the answer's
/// `Content-Length`, or of any size when the answer gives none (files are written whole).
fn complete_copy(dest: &Path, resp: &Response<Body>) -> Option<u64> {
    let have = std::fs::symlink_metadata(dest).ok().filter(|m| m.is_file())?.len();
    let declared = resp
        .headers()
        .get("content-length")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    match declared {
        Some(len) if len != have => None,
        _ => Some(have),
    }
}

fn stream(
    reader: &mut dyn Read,
    w: &mut dyn Write,
    accept: &dyn Fn(&[u8]) -> bool,
    progress: &mut dyn FnMut(u64),
    total: &mut u64,
    read_failed: &mut Option<String>,
    refused: &mut bool,
) -> io::Result<()> {
    let mut buf = vec![0u8; 64 * 1024];
    let mut first = true;
    let mut head = Vec::new();
    loop {
        let n = match reader.read(&mut buf) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => {
                *read_failed = Some(e.to_string());
                return Err(e);
            }
        };
        if first {
            // Gather up to 4 KiB (or the whole answer) before judging it.
            head.extend_from_slice(&buf[..n]);
            if n > 0 && head.len() < 4096 {
                continue;
            }
            first = false;
            if !accept(&head) {
                *refused = true;
                return Err(io::Error::other("answer refused"));
            }
            w.write_all(&head)?;
            *total += head.len() as u64;
            progress(head.len() as u64);
            if n == 0 {
                return Ok(());
            }
            continue;
        }
        if n == 0 {
            return Ok(());
        }
        w.write_all(&buf[..n])?;
        *total += n as u64;
        progress(n as u64);
    }
}
