//! The accept loop: herald's own, over hyper, because the server must hold against clients that
//! connect and send nothing (or send slowly), many at a time.
//!
//! - **Connection cap** ([`Limits::max_connections`]): at the cap, a new connection takes the place
//!   of the oldest connection that has no request in flight (an idle keep-alive or one that never
//!   sent a request), which is closed; when every connection is busy the new one gets a quick
//!   `503` and is closed. Idle connections therefore cannot lock others out.
//! - **Header-read and idle timeout** ([`Limits::header_timeout`]): a connection that does not send
//!   a complete request head within this time — a new one, or a keep-alive one between requests —
//!   is closed (hyper's header-read timer starts whenever the connection waits for a head).
//! - **Request timeout**: the router's own layer (10 s, `408`).
//! - File descriptors: the process raises its soft limit to the hard one at start, and the cap is
//!   kept below what that allows; `accept` errors (`EMFILE`) pause the loop briefly instead of
//!   spinning.

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;

/// What the server allows each client.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Open connections at most (see the module documentation for what happens at the cap).
    pub max_connections: usize,
    /// A connection must send a complete request head within this time, when new and between
    /// requests.
    pub header_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_connections: 4096, header_timeout: Duration::from_secs(10) }
    }
}

/// One open connection, as the cap sees it.
struct Slot {
    /// Requests being answered on it.
    in_flight: Arc<AtomicUsize>,
    /// Asks the connection to close once its requests in flight are answered.
    close: Arc<Notify>,
}

/// The open connections, oldest first.
#[derive(Default)]
struct Slots {
    next_id: u64,
    open: BTreeMap<u64, Slot>,
}

impl Slots {
    /// Makes room for one more connection under `cap`: closes the oldest idle connection when
    /// needed. False when every connection is busy.
    fn make_room(&mut self, cap: usize) -> bool {
        if self.open.len() < cap {
            return true;
        }
        let idle = self.open.iter().find(|(_, s)| s.in_flight.load(Ordering::Acquire) == 0).map(|(&id, _)| id);
        match idle.and_then(|id| self.open.remove(&id)) {
            Some(slot) => {
                slot.close.notify_one();
                true
            }
            None => false,
        }
    }
}

/// Raises the soft limit on open files to the hard limit (Unix); returns the limit in force.
fn raise_file_limit() -> Option<u64> {
    #[cfg(unix)]
    {
        let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
        // SAFETY: getrlimit and setrlimit read and write the struct we pass; no other memory.
        unsafe {
            if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) != 0 {
                return None;
            }
            if limit.rlim_cur < limit.rlim_max {
                let raised = libc::rlimit { rlim_cur: limit.rlim_max, rlim_max: limit.rlim_max };
                if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                    limit = raised;
                }
            }
        }
        #[allow(clippy::unnecessary_cast)] // rlim_t is not u64 on every Unix
        Some(limit.rlim_cur as u64)
    }
    #[cfg(not(unix))]
    None
}

/// The `503` a connection gets when every slot is busy.
const BUSY: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/problem+json\r\nretry-after: 1\r\nconnection: close\r\ncontent-length: 108\r\n\r\n{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,\"detail\":\"too many connections; try again\"}";

/// Serves `app` on `listener` within `limits` until `shutdown` completes.
pub async fn run(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    shutdown: impl std::future::Future<Output = ()>,
) -> std::io::Result<()> {
    let files = raise_file_limit();
    // Room for the database, the log and the listener besides the connections.
    let cap = match files {
        Some(files) => limits.max_connections.min((files as usize).saturating_sub(64).max(1)),
        None => limits.max_connections,
    }
    .max(1);
    if cap < limits.max_connections {
        tracing::warn!("at most {cap} connections: the process may open {files:?} files");
    }
    let slots = Arc::new(Mutex::new(Slots::default()));
    let tasks = tokio_util_tasks::Tasks::default();
    tokio::pin!(shutdown);
    loop {
        let (stream, _peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(err) => {
                    // Out of file descriptors, or a connection reset before it was accepted: wait
                    // a little for connections to close rather than spin.
                    tracing::warn!("accept error: {err}");
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let admitted = {
            let mut slots = slots.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            if slots.make_room(cap) {
                let id = slots.next_id;
                slots.next_id += 1;
                let slot = Slot { in_flight: Arc::new(AtomicUsize::new(0)), close: Arc::new(Notify::new()) };
                let handles = (slot.in_flight.clone(), slot.close.clone());
                slots.open.insert(id, slot);
                Some((id, handles))
            } else {
                None
            }
        };
        match admitted {
            Some((id, (in_flight, close))) => {
                let (app, slots, done) = (app.clone(), slots.clone(), tasks.enter());
                tokio::spawn(async move {
                    serve_connection(stream, app, limits, in_flight, close).await;
                    slots.lock().unwrap_or_else(std::sync::PoisonError::into_inner).open.remove(&id);
                    drop(done);
                });
            }
            None => {
                tokio::spawn(async move {
                    let _ = tokio::time::timeout(Duration::from_secs(1), refuse(stream)).await;
                });
            }
        }
    }
    // Stop: every connection finishes what it is answering and closes.
    for slot in slots.lock().unwrap_or_else(std::sync::PoisonError::into_inner).open.values() {
        slot.close.notify_one();
    }
    let _ = tokio::time::timeout(Duration::from_secs(10), tasks.wait()).await;
    Ok(())
}

async fn refuse(mut stream: TcpStream) {
    use tokio::io::AsyncWriteExt;
    let _ = stream.write_all(BUSY).await;
    let _ = stream.shutdown().await;
}

async fn serve_connection(stream: TcpStream, app: Router, limits: Limits, in_flight: Arc<AtomicUsize>, close: Arc<Notify>) {
    let _ = stream.set_nodelay(true);
    let counted = tower::ServiceBuilder::new()
        .map_request({
            let in_flight = in_flight.clone();
            move |req| {
                in_flight.fetch_add(1, Ordering::AcqRel);
                req
            }
        })
        .map_response({
            let in_flight = in_flight.clone();
            move |resp| {
                in_flight.fetch_sub(1, Ordering::AcqRel);
                resp
            }
        })
        .service(app);
    let service = TowerToHyperService::new(counted);
    let mut builder = http1::Builder::new();
    // hyper's own limits sit above the router's (`MAX_URI_BYTES`, `MAX_HEADERS`…), so that the
    // router answers what is too large with a problem+json body.
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .keep_alive(true)
        .max_headers(4 * crate::MAX_HEADERS)
        .max_buf_size(4 * (crate::MAX_HEADER_BYTES + crate::MAX_URI_BYTES));
    let connection = builder.serve_connection(TokioIo::new(stream), service);
    tokio::pin!(connection);
    tokio::select! {
        _ = connection.as_mut() => return,
        () = close.notified() => {}
    }
    connection.as_mut().graceful_shutdown();
    let _ = tokio::time::timeout(Duration::from_secs(10), connection).await;
}

/// Counting the connection tasks, to wait for them at shutdown.
mod tokio_util_tasks {
    use std::sync::Arc;
    use tokio::sync::Notify;

    /// The tasks still running.
    #[derive(Default, Clone)]
    pub struct Tasks {
        inner: Arc<(std::sync::atomic::AtomicUsize, Notify)>,
    }

    /// Held by a running task.
    pub struct Running(Tasks);

    impl Tasks {
        pub fn enter(&self) -> Running {
            self.inner.0.fetch_add(1, std::sync::atomic::Ordering::AcqRel);
            Running(self.clone())
        }

        pub async fn wait(&self) {
            loop {
                let notified = self.inner.1.notified();
                if self.inner.0.load(std::sync::atomic::Ordering::Acquire) == 0 {
                    return;
                }
                notified.await;
            }
        }
    }

    impl Drop for Running {
        fn drop(&mut self) {
            if self.0.inner.0.fetch_sub(1, std::sync::atomic::Ordering::AcqRel) == 1 {
                self.0.inner.1.notify_waiters();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_the_cap_the_oldest_idle_connection_makes_room() {
        let mut slots = Slots::default();
        let add = |slots: &mut Slots, busy: bool| {
            let slot = Slot { in_flight: Arc::new(AtomicUsize::new(usize::from(busy))), close: Arc::new(Notify::new()) };
            slots.open.insert(slots.next_id, slot);
            slots.next_id += 1;
        };
        add(&mut slots, true);
        add(&mut slots, false);
        add(&mut slots, false);
        assert!(slots.make_room(4), "under the cap");
        assert!(slots.make_room(3));
        assert_eq!(slots.open.keys().copied().collect::<Vec<_>>(), [0, 2], "the oldest idle one (1) was closed, not the busy 0");
        slots.open.get(&2).expect("open").in_flight.store(1, Ordering::Release);
        assert!(!slots.make_room(2), "all busy: the new connection is refused");
    }

    #[test]
    fn the_busy_answer_is_well_formed() {
        let text = std::str::from_utf8(BUSY).expect("ASCII");
        let (head, body) = text.split_once("\r\n\r\n").expect("a head and a body");
        assert!(head.contains(&format!("content-length: {}", body.len())), "{head}");
        let json: serde_json::Value = serde_json::from_str(body).expect("problem+json");
        assert_eq!(json["status"], 503);
    }
}
