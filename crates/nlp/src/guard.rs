//! One article's failure stays that article's: a stage that panics (a bug — stages do not fail
//! on text) is caught at the stage boundary and turned into a [`StageFailure`] that names the
//! stage, the message and where in herald's code it happened, so that a run over a million
//! articles reports the one and stores the rest.
//!
//! The binary calls [`install_panic_hook`] once: inside a guarded stage the hook records the
//! panic's message and place for the [`StageFailure`] instead of printing it; anywhere else it
//! behaves as Rust's default hook.

use std::cell::{Cell, RefCell};
use std::panic::{AssertUnwindSafe, catch_unwind};

/// A stage that failed on one article.
#[derive(Debug, Clone, thiserror::Error)]
#[error("the {stage} stage failed on this article: {message} (a bug in herald; please report it with the article)")]
pub struct StageFailure {
    /// The stage's name.
    pub stage: &'static str,
    /// What went wrong, and where in herald's code.
    pub message: String,
}

thread_local! {
    /// True while this thread runs a guarded stage.
    static GUARDED: Cell<bool> = const { Cell::new(false) };
    /// The last panic of a guarded stage on this thread: message and place.
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Replaces the process's panic hook: a panic inside a guarded stage is recorded for its
/// [`StageFailure`] (not printed: the caller reports it with the article's file and line); any
/// other panic goes to the hook that was there before.
pub fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if GUARDED.with(Cell::get) {
            let message = payload_text(info.payload());
            let text = match info.location() {
                Some(at) => format!("{message} at {}:{}", at.file(), at.line()),
                None => message,
            };
            LAST_PANIC.with(|p| *p.borrow_mut() = Some(text));
        } else {
            previous(info);
        }
    }));
}

fn payload_text(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "a panic without a message".to_string()
    }
}

/// Runs `work` (one stage on one document) and turns a panic into a [`StageFailure`].
pub fn guarded<T>(stage: &'static str, work: impl FnOnce() -> T) -> Result<T, StageFailure> {
    let was = GUARDED.with(|g| g.replace(true));
    let result = catch_unwind(AssertUnwindSafe(work));
    GUARDED.with(|g| g.set(was));
    result.map_err(|payload| {
        let message = LAST_PANIC.with(|p| p.borrow_mut().take()).unwrap_or_else(|| payload_text(payload.as_ref()));
        StageFailure { stage, message }
    })
}

/// A test aid: with `HERALD_FAILPOINT=<stage>` in the environment, that stage panics on every
/// article whose text holds `HERALD-FAILPOINT`, so the tests can check that one article's
/// failure is reported and the others are stored. Without the variable it does nothing.
pub fn failpoint(stage: &str, text: &str) {
    static FAILPOINT: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    let armed = FAILPOINT.get_or_init(|| std::env::var("HERALD_FAILPOINT").ok().filter(|s| !s.is_empty()));
    if armed.as_deref() == Some(stage) && text.contains("HERALD-FAILPOINT") {
        panic!("failpoint HERALD_FAILPOINT={stage} reached");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_the_stage_failure_and_work_goes_on() {
        install_panic_hook();
        let failure = guarded("quotes", || -> usize {
            let v: Vec<usize> = Vec::new();
            #[allow(clippy::useless_vec)]
            v[std::hint::black_box(3)]
        })
        .unwrap_err();
        assert_eq!(failure.stage, "quotes");
        assert!(failure.message.contains("index out of bounds"), "{}", failure.message);
        assert!(failure.message.contains("guard.rs"), "the place is named: {}", failure.message);
        assert_eq!(guarded("quotes", || 7).unwrap(), 7);
    }
}
