//! Worst-case time: each family of adversarial text that once made a stage quadratic (issue 23),
//! at a size and at twice that size, must take at most 2.5 times as long — linear time, with room
//! for the noise of a shared machine. Times are the best of three runs of the whole pipeline on one
//! core (the thread's CPU time, so that other processes do not count), after a warm-up that loads the models. The figures at larger sizes are in docs/EVAL.md
//! (`herald bench` on the files `scripts/adversarial.py` writes).

use herald_core::{ArticleMeta, Document};
use herald_nlp::Pipeline;
use std::time::Duration;
#[cfg(not(unix))]
use std::time::Instant;

/// A family: its name and a function from a size in bytes to a text of about that size.
type Family = (&'static str, fn(usize) -> String);

/// The families.
fn families() -> Vec<Family> {
    fn repeat_to(size: usize, mut piece: impl FnMut(usize) -> String) -> String {
        let mut out = String::from("A title\n\n");
        let mut i = 0;
        while out.len() < size {
            out.push_str(&piece(i));
            i += 1;
        }
        out
    }
    const FIRST: [&str; 10] = ["Li", "Ali", "John", "Mary", "Ana", "Omar", "Wei", "Sara", "Ivan", "Kofi"];
    const LAST: [&str; 10] = ["Smith", "Khan", "Jones", "Wang", "Lopez", "Said", "Chen", "Berg", "Petrov", "Mensah"];
    const TITLES: [&str; 8] = ["Gov.", "President", "Senator", "Dr.", "Sen.", "Mr.", "Mrs.", "Gen."];
    const WEEKDAYS: [&str; 5] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];
    // A fixed scramble, so that names and titles vary without a random generator.
    fn pick<'a>(list: &[&'a str], i: usize, salt: usize) -> &'a str {
        list[(i * 7 + i / 3 + salt) % list.len()]
    }
    vec![
        ("repeated Mr.", |n| repeat_to(n, |_| "Mr. ".into()) + "Smith spoke."),
        ("repeated U.S.", |n| repeat_to(n, |_| "U.S. ".into())),
        ("repeated Inc.", |n| repeat_to(n, |_| "Inc. ".into())),
        ("titled names", |n| repeat_to(n, |i| format!("{} {} {} ", pick(&TITLES, i, 0), pick(&FIRST, i, 1), pick(&LAST, i, 2)))),
        ("quotations, numbered speakers", |n| repeat_to(n, |i| format!("\"Yes,\" said Smith{i}. "))),
        ("quotations, named speakers", |n| {
            repeat_to(n, |i| format!("\"Yes,\" said {} {}. He said \"no.\" ", pick(&FIRST, i, 0), pick(&LAST, i, 3)))
        }),
        ("names and commas", |n| repeat_to(n, |i| format!("{} {}, ", pick(&FIRST, i, 0), pick(&LAST, i, 5)))),
        ("nested quotations", |n| {
            repeat_to(n, |i| if i % 2 == 0 { "“He said ‘she said “no” ".into() } else { "yes’ said Ann, ".into() })
        }),
        ("unbalanced quotations", |n| repeat_to(n, |i| if i % 5 == 0 { "“".into() } else { "Smith said it ".into() })),
        ("one paragraph of attributions", |n| {
            repeat_to(n, |i| format!("{} {} {} said the senator would go. ", pick(&TITLES, i, 0), pick(&FIRST, i, 1), pick(&LAST, i, 2)))
        }),
        ("many paragraphs", |n| repeat_to(n, |i| format!("{} {} said: “We will win.”\n\n", pick(&FIRST, i, 0), pick(&LAST, i, 4)))),
        ("scripts", |n| repeat_to(n, |i| ["Москва сказала ", "北京表示 ", "القاهرة قال ", "Αθήνα είπε ", "서울 말했다 "][i % 5].into())),
        ("dated statements", |n| {
            repeat_to(n, |i| {
                format!(
                    "On {}, Smith{i} said it would rain in {}. Three days later, May Jones said so. ",
                    pick(&WEEKDAYS, i, 0),
                    1990 + i % 30
                )
            })
        }),
    ]
}

/// The CPU time this thread has used: unlike the wall clock, it does not count the time other
/// processes of a busy machine take from it.
#[cfg(unix)]
fn thread_time() -> Duration {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: clock_gettime writes the timespec we pass and nothing else.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

#[cfg(not(unix))]
fn thread_time() -> Duration {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    START.get_or_init(Instant::now).elapsed()
}

fn best_of_three(pipeline: &Pipeline, text: &str) -> Duration {
    (0..3)
        .map(|_| {
            let mut doc = Document::new(ArticleMeta::default(), text.to_string());
            let start = thread_time();
            pipeline.run(&mut doc);
            thread_time() - start
        })
        .min()
        .expect("three runs")
}

#[test]
fn adversarial_text_takes_linear_time() {
    let size: usize = std::env::var("HERALD_LINEAR_BYTES").ok().and_then(|s| s.parse().ok()).unwrap_or(128 * 1024);
    let pipeline = Pipeline::standard();
    pipeline.run(&mut Document::new(ArticleMeta::default(), "Warm up. “Yes,” Smith said.".into()));
    let mut failures = Vec::new();
    for (name, make) in families() {
        let (small, large) = (make(size), make(2 * size));
        let measure = || {
            let (t1, t2) = (best_of_three(&pipeline, &small), best_of_three(&pipeline, &large));
            (t1, t2, t2.as_secs_f64() / t1.as_secs_f64().max(1e-6))
        };
        // A ratio over the bound is measured once more: a busy machine can slow one run.
        let (mut t1, mut t2, mut ratio) = measure();
        if ratio > 2.5 {
            (t1, t2, ratio) = measure();
        }
        eprintln!(
            "{name:<32} {:>8} B {:>8.1} ms  {:>8} B {:>8.1} ms  ×{ratio:.2}",
            small.len(),
            t1.as_secs_f64() * 1e3,
            large.len(),
            t2.as_secs_f64() * 1e3
        );
        if ratio > 2.5 {
            failures.push(format!("{name}: ×{ratio:.2} when the text doubles"));
        }
    }
    assert!(failures.is_empty(), "superlinear time: {failures:?}");
}
