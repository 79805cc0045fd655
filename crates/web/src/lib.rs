//! herald's HTTP API and web page over a herald database.
//!
//! - `/api/v1/...`: JSON, every list paged (`limit` ≤ 100, `offset`), every filter validated,
//!   errors as `application/problem+json`; `/api/v1/openapi.json` describes it.
//! - `/`, `/articles/{id}`, `/actors/{id}`, `/quotes`, `/timeline`, `/network`, `/search`:
//!   server-rendered HTML with the same ids as the API; assets embedded, no CDN.
//!
//! Invariants: the database is opened read-only; every query goes through `herald-store` (the
//! same functions as the CLI, so page and CLI never disagree); every text from an article is
//! escaped; a strict Content-Security-Policy forbids inline scripts and styles.

mod api;
mod html;
pub mod openapi;
mod pages;
pub mod server;

use axum::Router;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use herald_store::Store;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Read-only connections, reused across requests.
pub struct Pool {
    path: PathBuf,
    idle: Mutex<Vec<Store>>,
}

impl Pool {
    /// A pool over the database at `path` (checked now: a missing database fails at start).
    pub fn new(path: &Path) -> Result<Pool, herald_store::StoreError> {
        let first = Store::open_read_only(path)?;
        Ok(Pool { path: path.to_path_buf(), idle: Mutex::new(vec![first]) })
    }

    /// Runs `f` with a connection.
    pub fn with<T>(&self, f: impl FnOnce(&Store) -> Result<T, ApiError>) -> Result<T, ApiError> {
        let store = self.idle.lock().map_err(|_| ApiError::internal("connection pool poisoned"))?.pop();
        let store = match store {
            Some(s) => s,
            None => Store::open_read_only(&self.path).map_err(ApiError::from)?,
        };
        let result = f(&store);
        if let Ok(mut idle) = self.idle.lock()
            && idle.len() < 16
        {
            idle.push(store);
        }
        result
    }
}

/// Shared state of the handlers.
#[derive(Clone)]
pub struct AppState {
    pool: Arc<Pool>,
    /// Queries running at once. More than the cores only makes them fight over the CPU and
    /// open more connections (each with a cold page cache); requests beyond wait their turn.
    queries: Arc<tokio::sync::Semaphore>,
}

/// What identifies one state of the database: size and modification time of the file and of
/// its write-ahead log. Any commit by `herald ingest` (or a correction) changes it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct Generation([(u64, Option<std::time::SystemTime>); 2]);

fn generation(db: &Path) -> Generation {
    let stat = |p: &Path| std::fs::metadata(p).map(|m| (m.len(), m.modified().ok())).unwrap_or((0, None));
    let mut wal = db.as_os_str().to_owned();
    wal.push("-wal");
    Generation([stat(db), stat(Path::new(&wal))])
}

/// Answers to GET requests, kept until the database changes. The database is read-only here,
/// so an answer stays right until another process commits; then the whole cache is dropped.
/// This is what keeps p99 latency low under many concurrent users on a small machine.
pub struct ResponseCache {
    db: PathBuf,
    max_bytes: usize,
    inner: Mutex<CacheInner>,
}

struct CacheInner {
    generation: Option<Generation>,
    bytes: usize,
    entries: std::collections::HashMap<String, (HeaderValue, axum::body::Bytes)>,
}

impl ResponseCache {
    /// A cache for answers over `db` holding at most `max_bytes` of bodies (0 disables it).
    pub fn new(db: &Path, max_bytes: usize) -> ResponseCache {
        ResponseCache {
            db: db.to_path_buf(),
            max_bytes,
            inner: Mutex::new(CacheInner { generation: None, bytes: 0, entries: Default::default() }),
        }
    }

    fn get(&self, key: &str) -> Option<(HeaderValue, axum::body::Bytes)> {
        if self.max_bytes == 0 {
            return None;
        }
        let now = generation(&self.db);
        let mut inner = self.inner.lock().ok()?;
        if inner.generation != Some(now) {
            inner.entries.clear();
            inner.bytes = 0;
            inner.generation = Some(now);
            return None;
        }
        inner.entries.get(key).cloned()
    }

    fn put(&self, key: String, content_type: HeaderValue, body: axum::body::Bytes) {
        if self.max_bytes == 0 || body.len() > self.max_bytes / 8 {
            return;
        }
        let Ok(mut inner) = self.inner.lock() else { return };
        if inner.bytes + body.len() > self.max_bytes {
            // Simple and predictable: start over rather than track recency.
            inner.entries.clear();
            inner.bytes = 0;
        }
        inner.bytes += body.len();
        if let Some((_, old)) = inner.entries.insert(key, (content_type, body)) {
            inner.bytes -= old.len();
        }
    }
}

async fn cached(
    axum::extract::State(cache): axum::extract::State<Arc<ResponseCache>>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    if req.method() != axum::http::Method::GET || req.uri().path().starts_with("/assets/") {
        return next.run(req).await;
    }
    let key = req.uri().to_string();
    if let Some((content_type, body)) = cache.get(&key) {
        let mut resp = Response::new(axum::body::Body::from(body));
        resp.headers_mut().insert(header::CONTENT_TYPE, content_type);
        return resp;
    }
    let resp = next.run(req).await;
    if resp.status() != StatusCode::OK {
        return resp;
    }
    let (parts, body) = resp.into_parts();
    match axum::body::to_bytes(body, 32 * 1024 * 1024).await {
        Ok(bytes) => {
            if let Some(ct) = parts.headers.get(header::CONTENT_TYPE) {
                cache.put(key, ct.clone(), bytes.clone());
            }
            Response::from_parts(parts, axum::body::Body::from(bytes))
        }
        Err(_) => ApiError::internal("the answer could not be assembled").into_response(),
    }
}

/// An error answered as RFC 9457 problem details (JSON for the API, a page for HTML routes).
#[derive(Debug, Clone)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// Short title.
    pub title: &'static str,
    /// What went wrong, for the user.
    pub detail: String,
}

impl ApiError {
    /// A 400 with details.
    pub fn bad_request(detail: impl Into<String>) -> ApiError {
        ApiError { status: StatusCode::BAD_REQUEST, title: "Bad request", detail: detail.into() }
    }
    /// A 404 with details.
    pub fn not_found(detail: impl Into<String>) -> ApiError {
        ApiError { status: StatusCode::NOT_FOUND, title: "Not found", detail: detail.into() }
    }
    /// A 500.
    pub fn internal(detail: impl Into<String>) -> ApiError {
        ApiError { status: StatusCode::INTERNAL_SERVER_ERROR, title: "Internal error", detail: detail.into() }
    }
}

impl From<herald_store::StoreError> for ApiError {
    fn from(e: herald_store::StoreError) -> Self {
        match e {
            herald_store::StoreError::NotFound(d) => ApiError::not_found(d),
            other => {
                tracing::error!("store error: {other}");
                ApiError::internal("the database could not answer this request")
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({
            "type": "about:blank",
            "title": self.title,
            "status": self.status.as_u16(),
            "detail": self.detail,
        });
        let mut resp = (self.status, body.to_string()).into_response();
        resp.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
        resp
    }
}

/// The Content-Security-Policy of every response: nothing but our own scripts, styles and
/// images; no inline code; no frames; no plugins.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// The longest request target the server reads, in bytes.
pub const MAX_URI_BYTES: usize = 8 * 1024;
/// The most header bytes (names and values) and headers a request may have.
pub const MAX_HEADER_BYTES: usize = 32 * 1024;
/// See [`MAX_HEADER_BYTES`].
pub const MAX_HEADERS: usize = 100;

/// Requests the server will not read get a problem+json answer that says why: a target or
/// headers too large (414, 431), a query parameter whose percent-encoded bytes are not UTF-8
/// (400, naming it). Answers with an error status and no problem body of their own (405 from the
/// router, 408 from the timeout, 413 from the body limit) are given one.
async fn problems(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let uri_len = req.uri().path_and_query().map_or(0, |pq| pq.as_str().len());
    if uri_len > MAX_URI_BYTES {
        return ApiError {
            status: StatusCode::URI_TOO_LONG,
            title: "URI Too Long",
            detail: format!("the request target is longer than {MAX_URI_BYTES} bytes"),
        }
        .into_response();
    }
    let header_bytes: usize = req.headers().iter().map(|(k, v)| k.as_str().len() + v.len()).sum();
    if header_bytes > MAX_HEADER_BYTES || req.headers().len() > MAX_HEADERS {
        return ApiError {
            status: StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            title: "Request Header Fields Too Large",
            detail: format!("at most {MAX_HEADERS} headers of {MAX_HEADER_BYTES} bytes in all"),
        }
        .into_response();
    }
    if let Some(query) = req.uri().query()
        && let Some(name) = non_utf8_parameter(query)
    {
        return ApiError::bad_request(format!("parameter '{name}' is not UTF-8 text once its %-escapes are decoded")).into_response();
    }
    let resp = next.run(req).await;
    let status = resp.status();
    let is_problem = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/problem+json") || v.as_bytes().starts_with(b"text/html"));
    if (status.is_client_error() || status.is_server_error()) && !is_problem {
        let detail = match status {
            StatusCode::METHOD_NOT_ALLOWED => "this server answers GET (and HEAD) only".to_string(),
            StatusCode::REQUEST_TIMEOUT => "the request took longer than the server allows (10 s)".to_string(),
            StatusCode::PAYLOAD_TOO_LARGE => "the request body is larger than the server reads (16 KB); the API takes no body".to_string(),
            other => other.canonical_reason().unwrap_or("error").to_string(),
        };
        let mut problem = ApiError { status, title: status.canonical_reason().unwrap_or("Error"), detail }.into_response();
        if let Some(allow) = resp.headers().get(header::ALLOW) {
            problem.headers_mut().insert(header::ALLOW, allow.clone());
        }
        return problem;
    }
    resp
}

/// The first query parameter whose name or value is not UTF-8 once decoded (`%ff`), by name.
fn non_utf8_parameter(query: &str) -> Option<String> {
    fn decode(s: &str) -> Vec<u8> {
        let b = s.as_bytes();
        let mut out = Vec::with_capacity(b.len());
        let mut i = 0;
        while i < b.len() {
            let hex = |c: u8| (c as char).to_digit(16);
            match b[i] {
                b'%' if i + 2 < b.len() => match (hex(b[i + 1]), hex(b[i + 2])) {
                    (Some(h), Some(l)) => {
                        out.push((h * 16 + l) as u8);
                        i += 3;
                        continue;
                    }
                    _ => out.push(b'%'),
                },
                b'+' => out.push(b' '),
                c => out.push(c),
            }
            i += 1;
        }
        out
    }
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let (name, value) = (decode(k), decode(v));
        (std::str::from_utf8(&name).is_err() || std::str::from_utf8(&value).is_err()).then(|| String::from_utf8_lossy(&name).into_owned())
    })
}

async fn security_headers(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let mut resp = next.run(req).await;
    let h = resp.headers_mut();
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    resp
}

const APP_CSS: &str = include_str!("../assets/app.css");
const APP_JS: &str = include_str!("../assets/app.js");

fn asset(body: &'static str, content_type: &'static str) -> Response {
    let mut resp = body.into_response();
    resp.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    resp.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=3600"));
    resp
}

/// The routes (API and pages) over a pool, answers cached in `cache`.
pub fn router(pool: Arc<Pool>, cache: Arc<ResponseCache>) -> Router {
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
    let state = AppState { pool, queries: Arc::new(tokio::sync::Semaphore::new(cores * 2)) };
    Router::new()
        .route("/api/v1/stats", get(api::stats))
        .route("/api/v1/articles", get(api::articles))
        .route("/api/v1/articles/{id}", get(api::article))
        .route("/api/v1/actors", get(api::actors))
        .route("/api/v1/actors/{id}", get(api::actor))
        .route("/api/v1/quotes", get(api::quotes))
        .route("/api/v1/quotes/{id}/variants", get(api::variants))
        .route("/api/v1/timeline", get(api::timeline))
        .route("/api/v1/search", get(api::search))
        .route("/api/v1/network", get(api::network))
        .route("/api/v1/network/evidence", get(api::evidence))
        .route("/api/v1/openapi.json", get(openapi::spec))
        .route("/", get(pages::home))
        .route("/articles/{id}", get(pages::article))
        .route("/actors/{id}", get(pages::actor))
        .route("/quotes", get(pages::quotes))
        .route("/timeline", get(pages::timeline))
        .route("/network", get(pages::network))
        .route("/search", get(pages::search))
        .route("/assets/app.css", get(|| async { asset(APP_CSS, "text/css; charset=utf-8") }))
        .route("/assets/app.js", get(|| async { asset(APP_JS, "text/javascript; charset=utf-8") }))
        .fallback(|| async { ApiError::not_found("no such page or endpoint; the API is under /api/v1 (see /api/v1/openapi.json)") })
        .layer(axum::middleware::from_fn_with_state(cache, cached))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, Duration::from_secs(10)))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(16 * 1024))
        // Outermost: every answer, the layers' own included, is a problem when it is an error, and
        // carries the security headers.
        .layer(axum::middleware::from_fn(problems))
        .layer(axum::middleware::from_fn(security_headers))
        .with_state(state)
}

/// Serves the database at `db` on `addr` until Ctrl-C (or SIGTERM), caching up to `cache_bytes`
/// of answers, within `limits` (connections, timeouts: see [`server`]); `on_ready` gets the bound
/// address (useful with port 0).
pub async fn serve(
    db: &Path,
    addr: SocketAddr,
    cache_bytes: usize,
    limits: server::Limits,
    on_ready: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    let pool = Pool::new(db).map_err(|e| std::io::Error::other(e.to_string()))?;
    let listener = tokio::net::TcpListener::bind(addr).await?;
    on_ready(listener.local_addr()?);
    let app = router(Arc::new(pool), Arc::new(ResponseCache::new(db, cache_bytes)));
    server::run(listener, app, limits, shutdown_signal()).await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}

/// Runs a blocking store query off the async threads.
pub(crate) async fn blocking<T: Send + 'static>(
    state: &AppState,
    f: impl FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let _permit = state.queries.acquire().await.map_err(|_| ApiError::internal("the server is stopping"))?;
    let pool = state.pool.clone();
    tokio::task::spawn_blocking(move || pool.with(f)).await.map_err(|_| ApiError::internal("a query task failed"))?
}
