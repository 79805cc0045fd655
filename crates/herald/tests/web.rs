//! `herald serve` end to end: the real binary on a free loopback port, real HTTP requests, and
//! headless Chromium (through chromedriver) for the pages. The browser tests skip with a note when
//! chromedriver is missing, unless `HERALD_REQUIRE_BROWSER=1` (set by `.ci/run`) makes that a
//! failure.

mod common;

use common::{data, herald, seed};
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// A running `herald serve`, stopped on drop.
struct Server {
    child: Child,
    base: String,
}

impl Server {
    fn start(db: &Path, cache_mb: u32) -> Server {
        Server::start_with(db, cache_mb, &[])
    }

    fn start_with(db: &Path, cache_mb: u32, extra: &[&str]) -> Server {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("herald"))
            .args(["serve", "--addr", "127.0.0.1:0", "--cache-mb", &cache_mb.to_string()])
            .args(extra)
            .arg("--db")
            .arg(db)
            .env_remove("HERALD_LOG")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("herald serve starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line).expect("a start line");
        let base = line
            .split("http://")
            .nth(1)
            .and_then(|r| r.split('/').next())
            .map(|a| format!("http://{a}"))
            .unwrap_or_else(|| panic!("no URL in {line:?}"));
        assert!(base.starts_with("http://127.0.0.1:"), "serves on loopback: {line}");
        Server { child, base }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder().http_status_as_error(false).timeout_global(Some(Duration::from_secs(30))).build().into()
}

/// Status, content type, headers of interest and body of a GET.
struct Answer {
    status: u16,
    content_type: String,
    csp: String,
    body: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

fn get(server: &Server, path: &str) -> Answer {
    let mut resp = agent().get(&server.url(path)).call().unwrap_or_else(|e| panic!("GET {path}: {e}"));
    let header = |name: &str| resp.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let (content_type, csp) = (header("content-type"), header("content-security-policy"));
    let status = resp.status().as_u16();
    let body = resp.body_mut().read_to_string().unwrap_or_default();
    Answer { status, content_type, csp, body }
}

fn get_ok(server: &Server, path: &str) -> Answer {
    let a = get(server, path);
    assert_eq!(a.status, 200, "GET {path}: {}", a.body);
    assert!(!a.csp.is_empty(), "GET {path} has a Content-Security-Policy");
    a
}

fn get_json(server: &Server, path: &str) -> Value {
    let a = get_ok(server, path);
    assert!(a.content_type.starts_with("application/json"), "GET {path}: {}", a.content_type);
    a.json()
}

fn assert_problem(server: &Server, path: &str, status: u16) -> String {
    let a = get(server, path);
    assert_eq!(a.status, status, "GET {path}: {}", a.body);
    assert!(a.content_type.starts_with("application/problem+json"), "GET {path}: {}", a.content_type);
    let p = a.json();
    assert_eq!(p["status"], status);
    let detail = p["detail"].as_str().expect("a detail").to_string();
    assert!(!detail.is_empty());
    detail
}

/// The database of the seed and the hostile article, built once for every test of this file.
fn corpus_db() -> &'static Path {
    static DB: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, path) = DB.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let db = dir.path().join("web.db");
        herald().arg("ingest").arg("--db").arg(&db).arg(seed()).arg(data("web")).arg(data("formats/articles.jsonl")).assert().success();
        (dir, db)
    });
    path
}

fn empty_db(dir: &Path) -> PathBuf {
    let db = dir.join("empty.db");
    herald_store::Store::open(&db).expect("an empty database");
    db
}

fn seed_article_id(server: &Server) -> i64 {
    let found = get_json(server, "/api/v1/articles?q=Putin");
    found["items"].as_array().unwrap().iter().find(|a| a["ext_id"].as_str().unwrap().starts_with("000_")).expect("the seed is stored")["id"]
        .as_i64()
        .unwrap()
}

#[test]
fn serve_refuses_a_missing_database() {
    let dir = tempfile::tempdir().unwrap();
    herald()
        .args(["serve", "--addr", "127.0.0.1:0", "--db"])
        .arg(dir.path().join("none.db"))
        .assert()
        .failure()
        .stderr(predicates::str::contains("herald ingest"));
}

#[test]
fn every_documented_endpoint_answers_and_refuses_unknown_parameters() {
    let server = Server::start(corpus_db(), 0);
    let spec = get_json(&server, "/api/v1/openapi.json");
    assert_eq!(spec, herald_web::openapi::document(), "the served document is the one built from the endpoint table");
    let paths = spec["paths"].as_object().unwrap();
    assert_eq!(paths.len(), herald_web::openapi::ENDPOINTS.len());
    let seed_id = seed_article_id(&server);
    let trump = get_json(&server, "/api/v1/actors?q=Trump&type=PERSON&top=1")["items"][0]["id"].as_i64().expect("an actor named Trump");
    let statement = get_json(&server, "/api/v1/quotes?speaker=Trump&limit=1")["items"][0]["statement_id"].as_i64().expect("a statement");
    for endpoint in herald_web::openapi::ENDPOINTS {
        let mut path = endpoint.path.to_string();
        let mut query = Vec::new();
        for p in endpoint.params {
            if p.location == "path" {
                let id = match endpoint.path {
                    p if p.starts_with("/api/v1/articles") => seed_id,
                    p if p.starts_with("/api/v1/actors") => trump,
                    _ => statement,
                };
                path = path.replace(&format!("{{{}}}", p.name), &id.to_string());
            } else {
                let value = match p.name {
                    "a" => trump.to_string(),
                    "b" => get_json(&server, &format!("/api/v1/actors/{trump}"))["co_actors"][0]["id"].to_string(),
                    _ => p.example.to_string(),
                };
                query.push(format!("{}={}", p.name, value.replace(' ', "+")));
            }
        }
        // Every documented parameter at once is accepted...
        let full = if query.is_empty() { path.clone() } else { format!("{path}?{}", query.join("&")) };
        let answer = get_json(&server, &full);
        let schema = endpoint.response;
        let required = &spec["components"]["schemas"][schema]["required"];
        for key in required.as_array().into_iter().flatten() {
            assert!(answer.get(key.as_str().unwrap()).is_some(), "{full}: answer lacks {key} of {schema}: {answer}");
        }
        // ...and an undocumented one is refused, naming the ones that exist.
        let sep = if full.contains('?') { '&' } else { '?' };
        let detail = assert_problem(&server, &format!("{full}{sep}bogus=1"), 400);
        assert!(detail.contains("bogus"), "{detail}");
    }
}

#[test]
fn lists_page_with_offsets_and_a_hard_cap() {
    let server = Server::start(corpus_db(), 0);
    let all = get_json(&server, "/api/v1/quotes?limit=100");
    let total = all["items"].as_array().unwrap().len();
    assert!(total >= 8, "the fixtures hold at least 8 statements, got {total}");
    assert!(all["next_offset"].is_null(), "one page holds them all");
    let first = get_json(&server, "/api/v1/quotes?limit=3");
    assert_eq!(first["next_offset"], 3);
    let second = get_json(&server, "/api/v1/quotes?limit=3&offset=3");
    let ids = |v: &Value| v["items"].as_array().unwrap().iter().map(|s| s["statement_id"].as_i64().unwrap()).collect::<Vec<_>>();
    let (a, b) = (ids(&first), ids(&second));
    assert_eq!(a.len(), 3);
    assert!(a.iter().all(|x| !b.contains(x)), "pages do not overlap: {a:?} {b:?}");
    assert_eq!([a.clone(), b.clone()].concat(), ids(&all)[..a.len() + b.len()].to_vec(), "pages follow the same order");
    let last = get_json(&server, &format!("/api/v1/quotes?limit=3&offset={}", total - 1));
    assert_eq!(last["items"].as_array().unwrap().len(), 1);
    assert!(last["next_offset"].is_null());
    assert!(get_json(&server, "/api/v1/quotes?offset=100000")["items"].as_array().unwrap().is_empty());
    assert_problem(&server, "/api/v1/quotes?limit=101", 400);
    assert_problem(&server, "/api/v1/quotes?limit=0", 400);
    assert_problem(&server, "/api/v1/articles?limit=-1", 400);
    // Speech by default; every kind on request, each statement saying which.
    let kinds = |path: &str| -> Vec<String> {
        get_json(&server, path)["items"].as_array().unwrap().iter().map(|s| s["kind"].as_str().unwrap().to_string()).collect()
    };
    assert!(kinds("/api/v1/quotes?limit=100").iter().all(|k| k == "speech"));
    let every = kinds("/api/v1/quotes?limit=100&kind=all");
    assert!(
        every.len() >= kinds("/api/v1/quotes?limit=100").len()
            && every.iter().all(|k| ["speech", "thought", "other"].contains(&k.as_str()))
    );
    assert!(kinds("/api/v1/quotes?limit=100&kind=thought").iter().all(|k| k == "thought"));
}

#[test]
fn bad_parameters_get_problem_details() {
    let server = Server::start(corpus_db(), 0);
    for (path, status, mentions) in [
        ("/api/v1/quotes?since=2016-13", 400, "since"),
        ("/api/v1/quotes?until=yesterday", 400, "until"),
        ("/api/v1/quotes?direct=maybe", 400, "direct"),
        ("/api/v1/quotes?kind=rumour", 400, "kind"),
        ("/api/v1/quotes?speaker=Nobody+Atall", 404, "Nobody Atall"),
        ("/api/v1/actors?type=ALIEN", 400, "type"),
        ("/api/v1/actors?by=size", 400, "by"),
        ("/api/v1/actors/abc", 400, "abc"),
        ("/api/v1/actors/0", 400, "actor id"),
        ("/api/v1/actors/999999", 404, "999999"),
        ("/api/v1/articles/999999", 404, "999999"),
        ("/api/v1/quotes/999999/variants", 404, "999999"),
        ("/api/v1/search", 400, "'q'"),
        ("/api/v1/network/evidence?a=1", 400, "'b'"),
        ("/api/v1/network/evidence?a=1&b=2&kind=love", 400, "kind"),
        ("/api/v1/quotes?limit=5&limit=6", 400, "twice"),
        ("/api/v1/nothing-here", 404, "openapi"),
    ] {
        let detail = assert_problem(&server, path, status);
        assert!(detail.contains(mentions), "{path}: {detail}");
    }
    let long = "x".repeat(201);
    assert_problem(&server, &format!("/api/v1/search?q={long}"), 400);
    // Pages answer the same problems as a page with the right status.
    let page = get(&server, "/actors/999999");
    assert_eq!(page.status, 404);
    assert!(page.content_type.starts_with("text/html"));
    // Injection attempts are just words: parameters are bound, never spliced into SQL.
    let odd = get_json(&server, "/api/v1/search?q=%27%29%3B+DROP+TABLE+articles%3B+--");
    assert!(odd["items"].is_array());
    assert!(get_json(&server, "/api/v1/stats")["articles"].as_i64().unwrap() >= 3);
}

#[test]
fn an_empty_database_answers_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(&empty_db(dir.path()), 0);
    let stats = get_json(&server, "/api/v1/stats");
    assert_eq!(stats["articles"], 0);
    assert!(stats["first_date"].is_null());
    for path in [
        "/api/v1/articles",
        "/api/v1/actors",
        "/api/v1/quotes",
        "/api/v1/timeline",
        "/api/v1/search?q=war",
        "/api/v1/network/evidence?a=1&b=2",
    ] {
        let v = get_json(&server, path);
        assert!(v["items"].as_array().unwrap().is_empty(), "{path}: {v}");
        assert!(v["next_offset"].is_null());
    }
    let net = get_json(&server, "/api/v1/network");
    assert!(net["nodes"].as_array().unwrap().is_empty() && net["edges"].as_array().unwrap().is_empty());
    assert_problem(&server, "/api/v1/actors/1", 404);
    for page in ["/", "/quotes", "/timeline", "/network", "/search?q=war", "/search"] {
        let a = get_ok(&server, page);
        assert!(a.content_type.starts_with("text/html"), "{page}");
    }
}

#[test]
fn the_article_api_gives_the_text_and_every_fact_with_spans() {
    let server = Server::start(corpus_db(), 0);
    let id = seed_article_id(&server);
    let a = get_json(&server, &format!("/api/v1/articles/{id}"));
    let text = a["record"]["text"].as_str().unwrap();
    let quotes = a["record"]["quotes"].as_array().unwrap();
    assert!(quotes.iter().filter(|q| q["direct"] == true).count() >= 7);
    for q in quotes {
        for span in q["content"].as_array().unwrap() {
            let (s, e) = (span["start"].as_u64().unwrap(), span["end"].as_u64().unwrap());
            assert!(s < e && e as usize <= text.chars().count());
        }
    }
    for e in a["record"]["entities"].as_array().unwrap() {
        for m in e["mentions"].as_array().unwrap() {
            let got = common::slice_chars(text, m["start"].as_u64().unwrap(), m["end"].as_u64().unwrap());
            assert_eq!(got, m["text"].as_str().unwrap(), "mention spans are code points into the text");
        }
        if let Some(actor) = a["entity_actors"][e["id"].as_str().unwrap()].as_i64() {
            get_json(&server, &format!("/api/v1/actors/{actor}"));
        }
    }
}

#[test]
fn hostile_markup_is_shown_as_text_never_run() {
    let server = Server::start(corpus_db(), 0);
    let found = get_json(&server, "/api/v1/articles?q=Springfield");
    let id = found["items"][0]["id"].as_i64().expect("the hostile article is stored");
    let mut pages =
        vec![format!("/articles/{id}"), "/quotes?about=budget".to_string(), "/search?q=script".to_string(), "/timeline?q=vote".to_string()];
    let brennan = get_json(&server, "/api/v1/actors?q=Brennan&top=1")["items"][0]["id"].as_i64().expect("an actor");
    pages.push(format!("/actors/{brennan}"));
    for path in &pages {
        let html = get_ok(&server, path).body;
        let lower = html.to_lowercase();
        // Our only script is the external app.js; nothing from the article becomes markup.
        assert_eq!(lower.matches("<script").count(), 1, "{path}");
        for bad in ["<img", "<iframe", "<svg onload", "onerror=\"", "onload=\"", "<style", "href=\"javascript:", "</p></div></body> by"] {
            assert!(!lower.contains(bad), "{path} contains {bad}");
        }
    }
    let article = get_ok(&server, &format!("/articles/{id}"));
    assert!(article.body.contains("&lt;script&gt;document.title="), "the markup is visible as text");
    assert!(article.csp.contains("script-src 'self'") && !article.csp.contains("unsafe-inline"), "{}", article.csp);
}

/// Statement ids in a page (`data-statement`).
fn page_statements(html: &str) -> Vec<i64> {
    html.split("data-statement=\"").skip(1).map(|rest| rest.split('"').next().unwrap().parse().unwrap()).collect()
}

fn cli_statements(args: &[&str]) -> Vec<i64> {
    let out = herald().args(args).arg("--json").arg("--db").arg(corpus_db()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let rows: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    rows.iter().map(|r| r["statement_id"].as_i64().unwrap()).collect()
}

#[test]
fn page_api_and_cli_give_the_same_statements() {
    let server = Server::start(corpus_db(), 16);
    for (cli, query) in [
        (vec!["quotes", "--speaker", "Trump"], "speaker=Trump"),
        (vec!["quotes", "--about", "peace"], "about=peace"),
        (vec!["quotes", "--direct", "--limit", "5"], "direct=true&limit=5"),
        (vec!["quotes", "--since", "2025-01", "--until", "2025-02"], "since=2025-01&until=2025-02"),
    ] {
        let from_cli = cli_statements(&cli);
        assert!(!from_cli.is_empty(), "{cli:?} finds statements");
        let page = page_statements(&get_ok(&server, &format!("/quotes?{query}")).body);
        let api: Vec<i64> = get_json(&server, &format!("/api/v1/quotes?{query}"))["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["statement_id"].as_i64().unwrap())
            .collect();
        assert_eq!(page, from_cli, "page vs CLI for {query}");
        assert_eq!(api, from_cli, "API vs CLI for {query}");
    }
    let timeline_cli = cli_statements(&["timeline", "--actor", "Trump", "--limit", "50"]);
    assert_eq!(page_statements(&get_ok(&server, "/timeline?actor=Trump").body), timeline_cli);
}

#[test]
fn cached_answers_follow_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("live.db");
    herald().arg("ingest").arg("--db").arg(&db).arg(seed()).assert().success();
    let server = Server::start(&db, 16);
    assert_eq!(get_json(&server, "/api/v1/stats")["articles"], 1);
    assert_eq!(get_json(&server, "/api/v1/stats")["articles"], 1, "served from the cache");
    herald().arg("ingest").arg("--db").arg(&db).arg(data("web")).assert().success();
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        if get_json(&server, "/api/v1/stats")["articles"] == 2 {
            break;
        }
        assert!(Instant::now() < deadline, "the cache drops answers once the database changes");
        std::thread::sleep(Duration::from_millis(50));
    }
}

// ---------------------------------------------------------------------------------------------
// The browser.

/// A chromedriver on a free port, stopped on drop.
struct Driver {
    child: Child,
    url: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        // chromedriver runs in a process group of its own: stopping the group also stops the
        // browsers it started, even when a failed assertion skipped closing the session.
        // Signalled with killpg, never through the `kill` program: procps' `kill -TERM -PID`
        // reads `-PID` as an option and signals every process (pid -1).
        #[cfg(unix)]
        if let Ok(group) = libc::pid_t::try_from(self.child.id())
            && group > 1
        {
            // SAFETY: killpg only sends a signal; the group is the one chromedriver leads.
            unsafe { libc::killpg(group, libc::SIGTERM) };
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn find_program(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    names.iter().flat_map(|n| std::env::split_paths(&path).map(move |d| d.join(n))).find(|p| p.is_file())
}

fn start_driver() -> Option<Driver> {
    let required = std::env::var("HERALD_REQUIRE_BROWSER").is_ok_and(|v| v == "1");
    let (Some(driver), Some(_)) = (find_program(&["chromedriver"]), find_program(&["chromium", "chromium-browser", "google-chrome"]))
    else {
        assert!(!required, "HERALD_REQUIRE_BROWSER=1 but chromium or chromedriver is missing (apt-get install chromium chromium-driver)");
        eprintln!("note: chromium/chromedriver missing; browser tests skipped (`.ci/run` installs them)");
        return None;
    };
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut command = Command::new(driver);
    command.arg(format!("--port={port}")).stdout(Stdio::null()).stderr(Stdio::null());
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    let child = command.spawn().expect("chromedriver starts");
    let url = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(20);
    while agent().get(&format!("{url}/status")).call().is_err() {
        assert!(Instant::now() < deadline, "chromedriver did not answer");
        std::thread::sleep(Duration::from_millis(100));
    }
    Some(Driver { child, url })
}

fn screenshot_dir() -> PathBuf {
    let dir = std::env::var_os("HERALD_SCREENSHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/web-screenshots"));
    std::fs::create_dir_all(&dir).expect("a screenshot directory");
    dir
}

/// A headless browser session with a fresh profile. The network here is closed, so everything
/// Chromium would fetch on its own (updates, sync, first-run pages) is switched off, and every
/// page load and script has a deadline: a stuck browser fails the test instead of hanging CI.
async fn browser(driver: &Driver, profile: &Path) -> fantoccini::Client {
    let mut caps = serde_json::Map::new();
    let binary = find_program(&["chromium", "chromium-browser", "google-chrome"]).unwrap();
    caps.insert(
        "goog:chromeOptions".to_string(),
        serde_json::json!({
            "binary": binary,
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                format!("--user-data-dir={}", profile.display()),
                "--window-size=1280,1000", "--hide-scrollbars"
            ]
        }),
    );
    let client = fantoccini::ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&driver.url)
        .await
        .expect("a browser session");
    let deadlines = fantoccini::wd::TimeoutConfiguration::new(Some(Duration::from_secs(10)), Some(Duration::from_secs(30)), None);
    client.update_timeouts(deadlines).await.expect("browser deadlines are set");
    client
}

async fn shot(client: &fantoccini::Client, name: &str) {
    let png = client.screenshot().await.expect("a screenshot");
    std::fs::write(screenshot_dir().join(format!("{name}.png")), png).expect("the screenshot is saved");
}

/// Clicks an element that navigates, then waits (up to 10 s) until the new page has loaded, so
/// that what follows reads the new page and not the old one.
async fn click_and_wait(client: &fantoccini::Client, element: fantoccini::elements::Element) {
    let before = client.current_url().await.unwrap();
    element.click().await.unwrap();
    for _ in 0..200 {
        let now = client.current_url().await.unwrap();
        let ready = eval(client, "return document.readyState;").await;
        if now != before && ready == "complete" {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the click on {before} did not navigate");
}

async fn eval(client: &fantoccini::Client, js: &str) -> Value {
    client.execute(js, vec![]).await.unwrap_or_else(|e| panic!("{js}: {e}"))
}

#[test]
fn browser_walks_from_the_seed_article_to_its_speakers_timeline_and_network() {
    let Some(driver) = start_driver() else { return };
    let server = Server::start(corpus_db(), 16);
    let seed_id = seed_article_id(&server);
    let hostile_id = get_json(&server, "/api/v1/articles?q=Springfield")["items"][0]["id"].as_i64().unwrap();
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let profile = tempfile::tempdir().unwrap();
    let walk = async {
        use fantoccini::Locator;
        use fantoccini::actions::InputSource;
        let c = browser(&driver, profile.path()).await;

        c.goto(&server.url("/")).await.unwrap();
        assert!(c.title().await.unwrap().contains("herald"));
        shot(&c, "home").await;

        // The seed's seven direct quotes are marked, each with its speaker.
        c.goto(&server.url(&format!("/articles/{seed_id}"))).await.unwrap();
        let marked = eval(
            &c,
            "const seen = {}; document.querySelectorAll('.quote-content[data-direct=true]').forEach(e => { seen[e.dataset.quote] = e.dataset.speaker; }); return seen;",
        )
        .await;
        let marked = marked.as_object().unwrap();
        assert_eq!(marked.len(), 7, "seven direct quotes marked: {marked:?}");
        for (id, speaker) in marked {
            assert!(!speaker.as_str().unwrap().is_empty(), "quote {id} has a speaker");
        }
        let speakers: Vec<&str> = marked.values().filter_map(Value::as_str).collect();
        for expected in ["Donald Trump", "Pete Hegseth", "Dmitry Medvedev"] {
            assert!(speakers.contains(&expected), "{expected} among {speakers:?}");
        }
        shot(&c, "article").await;
        let cues = c.find_all(Locator::Css(".cue")).await.unwrap().len();
        assert!(cues >= 7, "cues are marked ({cues})");
        let tooltip = eval(&c, "return document.querySelector('.quote-content[data-direct=true]').title;").await;
        let tooltip = tooltip.as_str().unwrap();
        assert!(tooltip.contains("Speaker:") && tooltip.contains("confidence") && tooltip.contains("attribution"), "{tooltip}");
        // Hovering one piece lights up the whole statement (our script runs under the CSP).
        let first = c.find(Locator::Css(".quote-content[data-direct=true]")).await.unwrap();
        c.execute("arguments[0].scrollIntoView({block: 'center'});", vec![serde_json::to_value(&first).unwrap()]).await.unwrap();
        let actions = fantoccini::actions::MouseActions::new("mouse".to_string()).then(fantoccini::actions::PointerAction::MoveToElement {
            element: first.clone(),
            duration: None,
            x: 0.0,
            y: 0.0,
        });
        c.perform_actions(actions).await.unwrap();
        let lit = eval(&c, "return document.querySelectorAll('.lit').length;").await;
        assert!(lit.as_u64().unwrap() >= 1, "hover lights the statement");
        let overflow = eval(&c, "return document.documentElement.scrollWidth <= window.innerWidth;").await;
        assert_eq!(overflow, true, "no horizontal scrolling on a laptop");

        // Keyboard: on a fresh page the first Tab reaches the skip link.
        c.goto(&server.url(&format!("/articles/{seed_id}"))).await.unwrap();
        c.find(Locator::Css("body")).await.unwrap().send_keys("\u{E004}").await.unwrap();
        let focused = eval(&c, "return document.activeElement.className;").await;
        assert_eq!(focused, "skip");

        // A click on a speaker's name opens the actor.
        let link = c.find(Locator::Css("aside .who a")).await.unwrap();
        let name = link.text().await.unwrap();
        click_and_wait(&c, link).await;
        let h1 = c.find(Locator::Css("h1")).await.unwrap().text().await.unwrap();
        assert_eq!(h1, name);
        assert!(c.current_url().await.unwrap().path().starts_with("/actors/"));
        let statements = c.find_all(Locator::Css("ol.statements li[data-statement]")).await.unwrap().len();
        assert!(statements >= 1, "the actor page lists statements");
        shot(&c, "actor").await;

        // Its timeline: a chart and a dated list.
        click_and_wait(&c, c.find(Locator::LinkText("timeline")).await.unwrap()).await;
        assert!(c.find(Locator::Css("h1")).await.unwrap().text().await.unwrap().starts_with("Timeline of"));
        assert!(!c.find_all(Locator::Css(".chart svg rect")).await.unwrap().is_empty(), "a chart");
        assert!(!c.find_all(Locator::Css("ol.statements li time")).await.unwrap().is_empty(), "dated statements");
        shot(&c, "timeline").await;

        // The network: each edge opens the sentences behind it.
        c.goto(&server.url("/network?min_articles=1")).await.unwrap();
        assert!(!c.find_all(Locator::Css(".network circle")).await.unwrap().is_empty(), "nodes drawn");
        shot(&c, "network").await;
        click_and_wait(&c, c.find(Locator::Css("a.edge")).await.unwrap()).await;
        let evidence = c.find_all(Locator::Css("#evidence li")).await.unwrap();
        assert!(!evidence.is_empty(), "an edge shows its evidence");

        // The quote explorer filters.
        c.goto(&server.url("/quotes")).await.unwrap();
        c.find(Locator::Css("input[name=speaker]")).await.unwrap().send_keys("Trump").await.unwrap();
        c.find(Locator::Css("input[name=direct]")).await.unwrap().click().await.unwrap();
        click_and_wait(&c, c.find(Locator::Css("form.filters button")).await.unwrap()).await;
        let url = c.current_url().await.unwrap();
        assert!(url.query().unwrap_or("").contains("speaker=Trump"), "{url}");
        let who = eval(&c, "return Array.from(document.querySelectorAll('.who')).map(e => e.textContent);").await;
        let who: Vec<String> = serde_json::from_value(who).unwrap();
        assert!(!who.is_empty() && who.iter().all(|w| w.contains("Donald Trump")), "{who:?}");
        shot(&c, "quotes").await;

        // Hostile markup stays text: nothing ran, nothing was added to the page.
        c.goto(&server.url(&format!("/articles/{hostile_id}"))).await.unwrap();
        let title = c.title().await.unwrap();
        // Had any injected code run, it would have replaced the title by a bare `pwned-…`.
        assert_eq!(title, "Mayor <script>document.title='pwned-title'</script> quits · herald");
        let injected =
            eval(&c, "return document.querySelectorAll('img, iframe, style, [onerror], [onload], a[href^=\"javascript:\"]').length;").await;
        assert_eq!(injected, 0);
        let visible = eval(&c, "return document.querySelector('article.text').textContent;").await;
        assert!(visible.as_str().unwrap().contains("<script>document.title="), "the markup is shown as text");

        // A phone: the article still fits the width.
        c.set_window_size(390, 844).await.unwrap();
        c.goto(&server.url(&format!("/articles/{seed_id}"))).await.unwrap();
        let fits = eval(&c, "return document.documentElement.scrollWidth <= window.innerWidth + 1;").await;
        assert_eq!(fits, true, "no horizontal scrolling on a phone");
        shot(&c, "article-phone").await;
        c.close().await.unwrap();
    };
    rt.block_on(async {
        tokio::time::timeout(Duration::from_secs(240), walk).await.expect("the browser walk finishes within 4 minutes");
    });
}

/// Issue 23: what the server will not read is answered with a problem that says why, never an
/// empty body; impossible dates and non-UTF-8 parameters are refused by name.
#[test]
fn hostile_requests_get_problem_answers() {
    let server = Server::start(corpus_db(), 0);
    assert!(assert_problem(&server, "/api/v1/quotes?since=2016-02-30", 400).contains("'since'"));
    assert!(assert_problem(&server, "/api/v1/timeline?until=2015-02-29", 400).contains("'until'"));
    get_ok(&server, "/api/v1/quotes?since=2016-02-29");
    assert!(assert_problem(&server, "/api/v1/quotes?about=%ff", 400).contains("'about'"));
    assert!(assert_problem(&server, "/quotes?speaker=%C3%28", 400).contains("'speaker'"));
    assert!(assert_problem(&server, "/api/v1/quotes?limit=", 400).contains("empty"));
    assert_problem(&server, &format!("/api/v1/search?q={}", "a".repeat(9000)), 414);
    let problem = |resp: ureq::http::Response<ureq::Body>| {
        let status = resp.status().as_u16();
        let content_type = resp.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
        (status, content_type)
    };
    let post = agent().post(&server.url("/api/v1/stats")).send("x").expect("answered");
    assert_eq!(problem(post), (405, "application/problem+json".to_string()));
    let big = agent().post(&server.url("/api/v1/stats")).send("x".repeat(20_000)).expect("answered");
    assert_eq!(problem(big), (413, "application/problem+json".to_string()));
    let headers = agent().get(&server.url("/api/v1/stats")).header("x-big", "a".repeat(40_000)).call().expect("answered");
    assert_eq!(problem(headers), (431, "application/problem+json".to_string()));
}

/// Issue 23: a connection that sends nothing is closed after the header timeout, and at the
/// connection cap idle connections make room for a new client instead of locking it out.
#[test]
fn idle_connections_are_closed_and_cannot_lock_others_out() {
    use std::io::Read;
    let server = Server::start_with(corpus_db(), 0, &["--max-connections", "8", "--header-timeout", "1"]);
    let addr = server.base.trim_start_matches("http://").to_string();
    let idle: Vec<std::net::TcpStream> = (0..40).map(|_| std::net::TcpStream::connect(&addr).expect("connects")).collect();
    std::thread::sleep(Duration::from_millis(200));
    for _ in 0..5 {
        let started = Instant::now();
        get_ok(&server, "/api/v1/stats");
        assert!(started.elapsed() < Duration::from_secs(2), "answered at once despite the idle connections");
    }
    // The last idle connection is closed by the server within the timeout (read returns 0 bytes
    // or an error, never blocks past it).
    let mut last = idle.into_iter().last().expect("one");
    last.set_read_timeout(Some(Duration::from_secs(5))).expect("a timeout");
    let started = Instant::now();
    let mut buf = [0u8; 16];
    let n = last.read(&mut buf).unwrap_or(0);
    assert_eq!(n, 0, "nothing was sent, nothing is answered");
    assert!(started.elapsed() < Duration::from_secs(4), "closed after the 1 s header timeout, not left open");
}

/// Issue 23: the API keeps its OpenAPI contract: schemathesis (property-based requests generated
/// from /api/v1/openapi.json, every check, a fixed seed) finds no request the document allows
/// that the server refuses, no answer that breaks its schema, no 5xx. Needs schemathesis
/// (`HERALD_SCHEMATHESIS`, or on the PATH); `.ci/run` installs it and makes it required.
/// (The stateful phase is left out: the links it infers from nullable ids send the text `None`.)
#[test]
fn the_api_keeps_its_openapi_contract() {
    let tool = std::env::var("HERALD_SCHEMATHESIS").unwrap_or_else(|_| "schemathesis".to_string());
    let available = Command::new(&tool).arg("--version").output().is_ok_and(|o| o.status.success());
    if !available {
        assert!(std::env::var("HERALD_REQUIRE_SCHEMATHESIS").is_err(), "schemathesis is required here but {tool} does not run");
        eprintln!("note: schemathesis is not installed; the API contract check is skipped (it runs in CI)");
        return;
    }
    let server = Server::start(corpus_db(), 0);
    let out = Command::new(&tool)
        .args(["run", &server.url("/api/v1/openapi.json"), "--checks", "all", "--seed", "20261207", "--max-examples", "40"])
        .args(["--phases", "examples,coverage,fuzzing", "--no-color"])
        .env("SCHEMATHESIS_HOOKS", "")
        .output()
        .expect("schemathesis runs");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "schemathesis found failures:\n{report}\n{}", String::from_utf8_lossy(&out.stderr));
}

/// Issue 23's load test (`scripts/hostile_load.py`): 20,000 idle connections held while a client
/// makes 100 requests: all answered, p99 under 100 ms, memory back within 100 MB of its start 30 s
/// after the connections close. Needs python3 and Linux's /proc.
#[test]
fn twenty_thousand_idle_connections_do_not_starve_the_server() {
    let python = Command::new("python3").arg("--version").output().is_ok_and(|o| o.status.success());
    if !python || !Path::new("/proc/self/status").exists() {
        eprintln!("note: python3 or /proc is missing; the load test is skipped");
        return;
    }
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scripts/hostile_load.py");
    let out = Command::new("python3")
        .arg(script)
        .arg("--herald")
        .arg(assert_cmd::cargo::cargo_bin("herald"))
        .arg("--db")
        .arg(corpus_db())
        .arg("--json")
        .output()
        .expect("the load test runs");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "load test failed: {report}\n{}", String::from_utf8_lossy(&out.stderr));
}
