//! The corpus commands on real files (issue 6): ingest, idempotency, a killed ingest, actors,
//! quotes, timeline, search, stats, bad input, an empty database.

mod common;

use common::*;
use serde_json::Value;
use std::path::Path;
use std::time::{Duration, Instant};

fn ingest(db: &Path, paths: &[&Path]) -> std::process::Output {
    herald().arg("ingest").arg("--db").arg(db).args(paths).output().unwrap()
}

/// Ingests these JSON Lines records into a new database in `dir`; returns its path.
fn ingest_records(dir: &Path, lines: &[Value]) -> std::path::PathBuf {
    let path = dir.join("t.jsonl");
    std::fs::write(&path, lines.iter().map(|l| l.to_string() + "\n").collect::<String>()).unwrap();
    let db = dir.join("t.db");
    let out = ingest(&db, &[&path]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    db
}

fn query(db: &Path, args: &[&str]) -> Value {
    let out = herald().args(args).arg("--db").arg(db).arg("--json").output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Every table of the database, row by row in the order of their values, as text: two databases
/// with the same dump hold the same facts with the same ids.
fn dump(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut out = String::new();
    for table in [
        "articles",
        "entities",
        "mentions",
        "roles",
        "quotes",
        "times",
        "actors",
        "actor_aliases",
        "person_keys",
        "surname_map",
        "statements",
        "quote_mentions",
        "actor_corrections",
        "meta",
    ] {
        let n = conn.prepare(&format!("SELECT * FROM {table}")).unwrap().column_count();
        let order: Vec<String> = (1..=n).map(|i| i.to_string()).collect();
        let mut stmt = conn.prepare(&format!("SELECT * FROM {table} ORDER BY {}", order.join(", "))).unwrap();
        let mut rows = stmt.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            let cells: Vec<String> = (0..n).map(|i| format!("{:?}", r.get_ref(i).unwrap())).collect();
            out.push_str(&format!("{table}\t{}\n", cells.join("\t")));
        }
    }
    out
}

/// A JSON Lines corpus of `n` distinct articles built from the seed's paragraphs.
fn corpus(dir: &Path, n: usize) -> std::path::PathBuf {
    let seed = std::fs::read_to_string(seed()).unwrap();
    let paras: Vec<&str> = seed.split("\n\n").skip(2).collect();
    let mut lines = String::new();
    for i in 0..n {
        let text = format!("{}\n\n{}", paras[i % paras.len()], paras[(i * 7 + 3) % paras.len()]);
        let day = 1 + i % 28;
        lines.push_str(&serde_json::json!({"id": format!("a{i}"), "title": format!("Story {i}"), "text": text, "date": format!("2025-02-{day:02}"), "source": if i % 2 == 0 { "wire" } else { "daily" }}).to_string());
        lines.push('\n');
    }
    let path = dir.join("corpus.jsonl");
    std::fs::write(&path, lines).unwrap();
    path
}

#[test]
fn ingest_twice_adds_nothing_and_queries_answer() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.db");
    let out = ingest(&db, &[&seed(), &data("formats/articles.jsonl")]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let first = dump(&db);
    let out = ingest(&db, &[&seed(), &data("formats/articles.jsonl")]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("0 added"), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(first, dump(&db), "a second ingest of the same articles changes nothing");
    // An ingest stopped after storing articles but before finalizing leaves each quote a
    // statement of its own, bare surnames unresolved and the work listed (made here by hand, for
    // every actor, with the mark such an ingest leaves); the next ingest adds nothing but
    // finishes the job, to the same database.
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch(
            "DELETE FROM statements;
             INSERT INTO statements(id, actor_id, quote_id, n_variants, first_date, sort_date)
               SELECT q.id, e.actor_id, q.id, 1, q.date, coalesce(q.date, ar.date)
               FROM quotes q JOIN articles ar ON ar.id = q.article_id LEFT JOIN entities e ON e.id = q.speaker_entity;
             UPDATE quotes SET statement_id = id;
             DELETE FROM surname_map;
             INSERT INTO pending_actors(actor_id) SELECT id FROM actors;
             INSERT INTO dirty_actors(actor_id) SELECT id FROM actors;
             UPDATE actors SET n_mentions = 0, n_articles = 0, n_quotes = 0, name = '';
             UPDATE meta SET value = 'stale' WHERE key = 'derived';",
        )
        .unwrap();
    let out = ingest(&db, &[&seed()]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("0 added"), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(first, dump(&db), "the interrupted ingest is finished");

    let stats = query(&db, &["stats"]);
    assert_eq!(stats["articles"], 4);
    let actors = query(&db, &["actors", "--type", "PERSON"]);
    assert_eq!(actors[0]["name"], "Donald Trump");
    let trump = query(&db, &["actor", "Trump"]);
    assert_eq!(trump["actor"]["name"], "Donald Trump");
    let aliases: Vec<&str> = trump["aliases"].as_array().unwrap().iter().map(|a| a[0].as_str().unwrap()).collect();
    assert!(aliases.contains(&"Trump") && aliases.contains(&"Donald Trump"), "{aliases:?}");
    assert!(trump["roles"].as_array().unwrap().iter().any(|r| r["title"] == "President"));
    // The seed quotes one statement twice in other words, and the JSON Lines file carries the
    // seed's body again: one statement, four variants.
    let quotes = query(&db, &["quotes", "--speaker", "Donald Trump", "--about", "agreed"]);
    assert_eq!(quotes.as_array().unwrap().len(), 1, "{quotes}");
    assert_eq!(quotes[0]["variants"], 4);
    let timeline = query(&db, &["timeline", "--actor", "Trump"]);
    let dates: Vec<&str> = timeline.as_array().unwrap().iter().map(|s| s["date"].as_str().unwrap()).collect();
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "{dates:?}");
    let hits = query(&db, &["search", "Saudi Arabia"]);
    assert!(hits.as_array().unwrap().iter().any(|h| h["snippet"].as_str().unwrap().contains("[Saudi]")), "{hits}");
    let direct = query(&db, &["quotes", "--direct", "--limit", "100"]);
    assert!(direct.as_array().unwrap().iter().all(|q| q["direct"] == true));
    let since = query(&db, &["quotes", "--since", "2025-02-14"]);
    assert!(
        since
            .as_array()
            .unwrap()
            .iter()
            .all(|q| q["date"].as_str().unwrap_or("9") >= "2025-02-14" || q["article_date"].as_str().unwrap() >= "2025-02-14")
    );
}

#[test]
fn speaker_trump_is_not_trump_junior() {
    let dir = tempfile::tempdir().unwrap();
    let lines = [
        serde_json::json!({"id": "senior", "text": "Donald Trump spoke in Ohio on Monday. “We will win,” Trump said.", "date": "2025-03-04"}),
        serde_json::json!({"id": "junior", "text": "Donald Trump Jr. spoke in Texas on Monday. “We will fight,” Trump Jr. said.", "date": "2025-03-04"}),
        serde_json::json!({"id": "senior2", "text": "President Donald Trump visited Iowa. “Farmers are great,” Trump said.", "date": "2025-03-05"}),
    ];
    let db = ingest_records(dir.path(), &lines);
    let quotes = query(&db, &["quotes", "--speaker", "Trump"]);
    let texts: Vec<&str> = quotes.as_array().unwrap().iter().map(|q| q["text"].as_str().unwrap()).collect();
    assert!(texts.iter().any(|t| t.contains("We will win")) && texts.iter().any(|t| t.contains("Farmers")), "{texts:?}");
    assert!(!texts.iter().any(|t| t.contains("We will fight")), "{texts:?}");
    let junior = query(&db, &["quotes", "--speaker", "Donald Trump Jr."]);
    assert!(junior.as_array().unwrap().iter().all(|q| q["text"].as_str().unwrap().contains("fight")));
}

#[test]
fn a_company_with_and_without_its_legal_form_is_one_actor() {
    let dir = tempfile::tempdir().unwrap();
    let lines = [
        serde_json::json!({"id": "a", "text": "Apple Inc. reported record sales on Monday, the company said.", "date": "2025-03-03"}),
        serde_json::json!({"id": "b", "text": "Shares of Apple rose on Tuesday after the company said sales grew.", "date": "2025-03-04"}),
    ];
    let db = ingest_records(dir.path(), &lines);
    let actors = query(&db, &["actors", "--type", "ORG"]);
    let apple: Vec<&Value> = actors.as_array().unwrap().iter().filter(|a| a["name"].as_str().unwrap().starts_with("Apple")).collect();
    assert_eq!(apple.len(), 1, "{actors}");
    assert_eq!(apple[0]["articles"], 2, "{actors}");
}

#[test]
fn one_person_spelled_two_ways_is_one_actor() {
    // Outlets transliterate differently (the Gender Gap Tracker keeps a hand-made list of such
    // pairs); two different people with the same surname stay apart.
    let dir = tempfile::tempdir().unwrap();
    let lines = [
        serde_json::json!({"id": "a", "text": "Ukrainian President Volodymyr Zelensky said on Monday that talks must include Kyiv.", "date": "2025-03-03"}),
        serde_json::json!({"id": "b", "text": "President Volodymyr Zelenskiy told reporters in Kyiv on Tuesday that he was ready to meet.", "date": "2025-03-04"}),
        serde_json::json!({"id": "c", "text": "Kremlin spokesman Dmitry Peskov said the talks were useful. Dmitry Medvedev disagreed.", "date": "2025-03-04"}),
    ];
    let db = ingest_records(dir.path(), &lines);
    let zelensky = query(&db, &["actors", "--name", "Zelensk"]);
    assert_eq!(zelensky.as_array().unwrap().len(), 1, "{zelensky}");
    assert_eq!(zelensky[0]["articles"], 2, "{zelensky}");
    let actor = query(&db, &["actor", "Zelenskiy"]);
    let aliases: Vec<&str> = actor["aliases"].as_array().unwrap().iter().map(|a| a[0].as_str().unwrap()).collect();
    assert!(aliases.contains(&"Volodymyr Zelensky") && aliases.contains(&"Volodymyr Zelenskiy"), "{aliases:?}");
    let dmitry = query(&db, &["actors", "--name", "Dmitr"]);
    assert_eq!(dmitry.as_array().unwrap().len(), 2, "{dmitry}");
}

#[test]
fn corrections_survive_reingest() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.db");
    assert!(ingest(&db, &[&seed()]).status.success());
    let before = query(&db, &["actor", "Hegseth"]);
    assert_eq!(before["actor"]["name"], "Pete Hegseth");
    let out = herald().args(["actors", "merge", "Pete Hegseth", "Michael Waltz", "--db"]).arg(&db).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let merged = query(&db, &["actor", "Michael Waltz"]);
    assert_eq!(merged["actor"]["name"], "Pete Hegseth");
    // A re-ingest rebuilds actors; the correction stays.
    assert!(ingest(&db, &[&seed(), &data("formats/articles.jsonl")]).status.success());
    assert_eq!(query(&db, &["actor", "Michael Waltz"])["actor"]["name"], "Pete Hegseth");
    // An article that only says `Trump` joins Donald Trump; a split takes it out again.
    let extra = dir.path().join("extra.jsonl");
    std::fs::write(
        &extra,
        serde_json::json!({"id": "x", "text": "Talks went on. Later, Trump said the talks went well.", "date": "2025-02-14"}).to_string()
            + "\n",
    )
    .unwrap();
    assert!(ingest(&db, &[&extra]).status.success());
    let names = |db: &Path| -> Vec<String> {
        query(db, &["actors", "--name", "Trump"]).as_array().unwrap().iter().map(|a| a["name"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(names(&db), ["Donald Trump"]);
    let out = herald().args(["actors", "split", "Donald Trump", "Trump", "--db"]).arg(&db).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(names(&db), ["Donald Trump", "Trump"]);
    assert!(ingest(&db, &[&extra, &seed()]).status.success());
    assert_eq!(names(&db), ["Donald Trump", "Trump"], "the split survives a re-ingest");
    let missing = herald().args(["actors", "merge", "Nobody Known", "Pete Hegseth", "--db"]).arg(&db).output().unwrap();
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no actor named"));
}

/// The derived tables by actor key and quote text rather than by id: what a user sees, whatever
/// the order the articles came in.
fn derived_view(db: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut out = Vec::new();
    for sql in [
        "SELECT 'actor', key, name, type, n_mentions, n_articles, n_quotes, first_date, last_date FROM actors",
        "SELECT 'alias', a.key, al.alias, al.n, al.weight FROM actor_aliases al JOIN actors a ON a.id = al.actor_id",
        "SELECT 'statement', a.key, q.text, s.n_variants, s.first_date, s.sort_date FROM statements s JOIN quotes q ON q.id = s.quote_id
         LEFT JOIN actors a ON a.id = s.actor_id",
        "SELECT 'speaker', q.text, a.key FROM quotes q JOIN entities e ON e.id = q.speaker_entity JOIN actors a ON a.id = e.actor_id",
        "SELECT 'person', key, gender, n FROM person_keys",
        "SELECT 'surname', key, gender, target FROM surname_map",
    ] {
        let mut stmt = conn.prepare(sql).unwrap();
        let n = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            let cell = |i: usize| match r.get_ref(i).unwrap() {
                rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
                other => format!("{other:?}"),
            };
            out.push((0..n).map(cell).collect::<Vec<_>>().join("\t"));
        }
    }
    out.sort();
    out
}

#[test]
fn articles_added_later_give_what_one_ingest_gives() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, records: &[Value]| {
        let path = dir.path().join(name);
        std::fs::write(&path, records.iter().map(|r| r.to_string() + "\n").collect::<String>()).unwrap();
        path
    };
    // Only the surname first; the full name comes in a later article, and the first article is
    // then changed (and no longer names `Clinton`).
    let surname_only = serde_json::json!({"id": "a", "text": "Talks went on. Later, Trump said the talks went well. Clinton said nothing.", "date": "2025-02-14"});
    let changed = serde_json::json!({"id": "a", "text": "Talks went on. Later, Trump said the talks went very well, and Hegseth agreed.", "date": "2025-02-15"});
    let seed_text = std::fs::read_to_string(seed()).unwrap();
    let body: String = seed_text.split("\n\n").skip(1).collect::<Vec<_>>().join("\n\n");
    let full = serde_json::json!({"id": "b", "text": body, "date": "2025-02-13"});
    let first = write("first.jsonl", &[surname_only]);
    let second = write("second.jsonl", &[full]);
    let stepwise = dir.path().join("stepwise.db");
    for input in [&first, &second] {
        let out = ingest(&stepwise, &[input]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let first = write("first.jsonl", &[changed]);
    let out = ingest(&stepwise, &[&first]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 replaced"), "{}", String::from_utf8_lossy(&out.stderr));
    let at_once = dir.path().join("at_once.db");
    assert!(ingest(&at_once, &[&second, &first]).status.success());
    let view = derived_view(&stepwise);
    assert!(view.iter().any(|l| l.starts_with("speaker\t") && l.contains("very well") && l.ends_with("PERSON:donald trump")), "{view:#?}");
    let other = derived_view(&at_once);
    let only = |a: &[String], b: &[String]| a.iter().filter(|l| !b.contains(l)).cloned().collect::<Vec<_>>();
    assert_eq!(view, other, "stepwise only: {:#?}\nat once only: {:#?}", only(&view, &other), only(&other, &view));
    assert!(!view.iter().any(|l| l.starts_with("actor\tPERSON:trump\t")), "no actor is left for the bare surname: {view:#?}");
}

#[test]
fn killed_ingest_resumes_to_the_same_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = corpus(dir.path(), 1200);
    let clean = dir.path().join("clean.db");
    assert!(ingest(&clean, &[&path]).status.success());
    let killed = dir.path().join("killed.db");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("herald"))
        .arg("ingest")
        .arg("--db")
        .arg(&killed)
        .arg(&path)
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait until some batches are committed, then kill without warning.
    let started = Instant::now();
    loop {
        let n: i64 =
            rusqlite::Connection::open(&killed).and_then(|c| c.query_row("SELECT count(*) FROM articles", [], |r| r.get(0))).unwrap_or(0);
        if n >= 128 || started.elapsed() > Duration::from_secs(60) {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let partial: i64 = rusqlite::Connection::open(&killed).unwrap().query_row("SELECT count(*) FROM articles", [], |r| r.get(0)).unwrap();
    assert!(partial < 1200, "the ingest finished before it was killed; make the corpus bigger");
    assert!(ingest(&killed, &[&path]).status.success());
    assert_eq!(dump(&clean), dump(&killed));
}

#[test]
fn bad_records_are_listed_and_the_rest_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.db");
    let out = ingest(&db, &[&data("bad/mixed.jsonl"), &data("bad/binary.txt"), &seed()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("records skipped:") && stderr.contains("mixed.jsonl:2") && stderr.contains("binary.txt"), "{stderr}");
    assert_eq!(query(&db, &["stats"])["articles"], 3);
}

#[test]
fn empty_and_missing_databases() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("none.db");
    let out = herald().args(["stats", "--db"]).arg(&missing).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("herald ingest"), "{}", String::from_utf8_lossy(&out.stderr));
    let empty = dir.path().join("empty.db");
    let out = ingest(&empty, &[&data("bad/empty.txt")]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(query(&empty, &["stats"])["articles"], 0);
    assert_eq!(query(&empty, &["actors"]), Value::Array(vec![]));
    assert_eq!(query(&empty, &["quotes"]), Value::Array(vec![]));
    assert_eq!(query(&empty, &["timeline"]), Value::Array(vec![]));
    assert_eq!(query(&empty, &["search", "anything"]), Value::Array(vec![]));
    let out = herald().args(["actor", "Nobody", "--db"]).arg(&empty).output().unwrap();
    assert!(!out.status.success());
    let table = herald().args(["actors", "--db"]).arg(&empty).output().unwrap();
    assert!(String::from_utf8_lossy(&table.stdout).contains("actor"));
    // A database of an older layout is refused, for reading and for writing, with the way out.
    let old = dir.path().join("old.db");
    rusqlite::Connection::open(&old)
        .unwrap()
        .execute_batch("CREATE TABLE articles (id INTEGER PRIMARY KEY); PRAGMA user_version = 1;")
        .unwrap();
    for out in [herald().args(["stats", "--db"]).arg(&old).output().unwrap(), ingest(&old, &[&seed()])] {
        assert!(!out.status.success());
        assert!(String::from_utf8_lossy(&out.stderr).contains("older herald"), "{}", String::from_utf8_lossy(&out.stderr));
    }
}

/// Asks SQLite whether the full-text index agrees with the articles it indexes.
fn full_text_index_is_consistent(db: &Path) {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)", []).unwrap();
}

#[test]
fn a_changed_article_is_searched_by_its_new_words_only() {
    let dir = tempfile::tempdir().unwrap();
    let article = |word: &str| serde_json::json!({"id": "a1", "title": "Talks", "date": "2025-02-13", "text": format!("The minister said the {word} talks would go on.")});
    let other = serde_json::json!({"id": "a2", "text": "Another zebra story."});
    let db = ingest_records(dir.path(), &[article("zebra"), other.clone()]);
    let articles = |hits: Value| hits.as_array().unwrap().iter().filter(|h| h["kind"] == "article").count();
    assert_eq!(articles(query(&db, &["search", "zebra"])), 2);
    // The same file, one of its articles changed.
    let file = dir.path().join("t.jsonl");
    std::fs::write(&file, format!("{}\n{other}\n", article("giraffe"))).unwrap();
    let out = ingest(&db, &[&file]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 replaced"), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(articles(query(&db, &["search", "zebra"])), 1);
    assert_eq!(articles(query(&db, &["search", "giraffe"])), 1);
    full_text_index_is_consistent(&db);
}

#[test]
fn a_schema_2_database_is_read_and_converted_when_written() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("v2.db");
    assert!(ingest(&db, &[&seed()]).status.success());
    // What schema 2 had: triggers keeping the full-text index, every entity indexed by key.
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch(
            "CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
               INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
             END;
             CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
               INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
             END;
             DROP INDEX entities_surname;
             CREATE INDEX entities_key ON entities(key);
             PRAGMA user_version = 2;",
        )
        .unwrap();
    assert_eq!(query(&db, &["stats"])["articles"], 1);
    let records = corpus(dir.path(), 3);
    assert!(ingest(&db, &[&records]).status.success());
    let conn = rusqlite::Connection::open(&db).unwrap();
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    let triggers: i64 = conn.query_row("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'", [], |r| r.get(0)).unwrap();
    let indexes: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'entities' AND sql IS NOT NULL ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!((version, triggers), (4, 0));
    assert_eq!(indexes, ["entities_actor", "entities_article_actor", "entities_surname"]);
    assert_eq!(query(&db, &["stats"])["articles"], 4);
    // Each article indexed once: by the writer, not also by a leftover trigger.
    full_text_index_is_consistent(&db);
    assert_eq!(query(&db, &["search", "Story"]).as_array().unwrap().len(), 3);
}

#[test]
fn demo_runs_on_the_bundled_sample() {
    let out = herald().arg("demo").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Donald Trump") && text.contains("Dmitry Medvedev") && text.contains("2025-02-12"), "{text}");
    // Roles with what they belong to; `Ukraine's Volodymyr Zelensky` … `President Zelensky`.
    for role in ["President (United States)", "President (Russia)", "President (Ukraine)", "Deputy Chairman (Russian Security Council)"] {
        assert!(text.contains(role), "{role} missing from {text}");
    }
}

#[test]
fn polnear_corpus_questions() {
    let Some(polnear) = shared_data("polnear") else { return };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("pn.db");
    let out = ingest(&db, &[&polnear.join("train/text"), &polnear.join("dev/text")]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(std::fs::metadata(&db).unwrap().len() < 50_000_000);
    let clinton = query(&db, &["actor", "Hillary Clinton"]);
    let aliases: Vec<&str> = clinton["aliases"].as_array().unwrap().iter().map(|a| a[0].as_str().unwrap()).collect();
    for alias in ["Clinton", "Hillary Clinton", "Mrs. Clinton"] {
        assert!(aliases.contains(&alias), "{alias} not in {aliases:?}");
    }
    assert!(!clinton["roles"].as_array().unwrap().is_empty());
    assert!(clinton["statements"].as_array().unwrap().iter().all(|s| s["date"].is_string() || s["article_date"].is_string()));
    let trump = query(&db, &["quotes", "--speaker", "Trump", "--limit", "200"]);
    assert!(trump.as_array().unwrap().len() >= 100);
    assert!(trump.as_array().unwrap().iter().all(|q| q["speaker"] == "Donald Trump"), "{}", trump[0]);
    // One actor per person: middle names, maiden names and nicknames meet; lone honorifics,
    // headline fragments and organisations are not people.
    let id = |name: &str| query(&db, &["actor", name])["actor"]["id"].as_i64().unwrap();
    assert_eq!(id("Hillary Rodham Clinton"), id("Hillary Clinton"));
    assert_eq!(id("Joseph R. Biden"), id("Joe Biden"));
    assert_ne!(id("Bill Clinton"), id("Hillary Clinton"));
    let top = query(&db, &["actors", "--type", "PERSON", "--top", "100"]);
    let names: Vec<&str> = top.as_array().unwrap().iter().map(|a| a["name"].as_str().unwrap()).collect();
    for junk in
        ["Mr.", "Mrs.", "Ms.", "Dr.", "Hillary Rodham Clinton", "Despite Santilli", "Team Clinton", "Clinton Foundation", "Joseph R. Biden"]
    {
        assert!(!names.contains(&junk), "{junk} among the top PERSON actors: {names:?}");
    }
    let again = ingest(&db, &[&polnear.join("train/text"), &polnear.join("dev/text")]);
    assert!(String::from_utf8_lossy(&again.stderr).contains("0 added"));
}

/// `herald export`: every statement, without the query commands' cap, as JSON Lines or CSV with
/// the outlet and article in every row; filters as in `herald quotes`.
#[test]
fn export_streams_every_statement_as_jsonl_and_csv() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.db");
    let out = ingest(&db, &[&seed(), &data("formats/articles.jsonl"), &data("quotes/layouts_2024-10-15_council.txt")]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let n_statements = query(&db, &["stats"])["statements"].as_u64().unwrap() as usize;
    let export = |args: &[&str]| -> String {
        let out = herald().arg("export").arg("--db").arg(&db).args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let lines: Vec<Value> = export(&[]).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), n_statements, "one line per statement");
    let dates: Vec<&str> = lines.iter().map(|l| l["date"].as_str().or(l["article_date"].as_str()).unwrap_or("")).collect();
    assert!(lines.iter().all(|l| l["article_id"].is_i64() && l["content"].is_array()));
    assert!(dates.iter().any(|d| d.starts_with("2024")) && dates.iter().any(|d| d.starts_with("2025")), "{dates:?}");
    // The same statements as `herald quotes`, which pages them.
    let mut from_quotes: Vec<i64> = query(&db, &["quotes", "--kind", "all", "--limit", "1000"])
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["statement_id"].as_i64().unwrap())
        .collect();
    let mut exported: Vec<i64> = lines.iter().map(|l| l["statement_id"].as_i64().unwrap()).collect();
    from_quotes.sort_unstable();
    exported.sort_unstable();
    assert_eq!(exported, from_quotes);

    let csv_text = export(&["--format", "csv", "--speaker", "Donald Trump"]);
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(header[..5], ["statement_id", "quote_id", "date", "date_origin", "speaker"]);
    assert!(header.contains(&"source".to_string()) && header.contains(&"content".to_string()));
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert!(rows.len() >= 3, "{csv_text}");
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    for row in &rows {
        assert_eq!(&row[col("speaker")], "Donald Trump");
        assert!(!row[col("article_date")].is_empty());
        let spans = &row[col("content")];
        assert!(
            spans.split(';').all(|s| s.split_once('-').is_some_and(|(a, b)| a.parse::<u32>().unwrap() < b.parse::<u32>().unwrap())),
            "{spans}"
        );
    }
    // A quote with commas, quotation marks and a line break survives the CSV round trip.
    let all: Vec<csv::StringRecord> =
        csv::Reader::from_reader(export(&["--format", "csv"]).as_bytes()).records().map(Result::unwrap).collect();
    assert_eq!(all.len(), n_statements);
    let long = all.iter().find(|r| r[col("text")].contains("We agreed to work together")).expect("the seed's statement");
    assert!(long[col("text")].contains('“') && long[col("text")].contains(','));
    // Filters narrow it; a filter that matches nothing gives the header alone.
    assert!(export(&["--direct"]).lines().all(|l| l.contains("\"direct\":true")));
    assert_eq!(export(&["--format", "csv", "--about", "zzzunknownword"]).lines().count(), 1);
}

/// `ingest --accurate` runs the attribution tagger's second pass and records it in the extractor
/// version; a later ingest in the other mode leaves the article alone unless `--reextract`.
#[test]
fn accurate_ingest_records_its_mode() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let extractor =
        || -> String { rusqlite::Connection::open(&db).unwrap().query_row("SELECT extractor FROM articles", [], |r| r.get(0)).unwrap() };
    let run = |extra: &[&str]| {
        let out = herald().arg("ingest").args(extra).arg("--db").arg(&db).arg(seed()).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    };
    run(&["--accurate"]);
    assert!(extractor().contains("second pass"), "{}", extractor());
    let speakers = query(&db, &["quotes", "--speaker", "Donald Trump"]);
    assert!(!speakers.as_array().unwrap().is_empty());
    run(&[]);
    assert!(extractor().contains("second pass"), "not re-extracted without --reextract");
    run(&["--reextract"]);
    assert!(!extractor().contains("second pass"), "{}", extractor());
}

/// Query commands show what was said unless asked for thoughts or everything; export gives every
/// kind; a database from before kinds (schema 3) is read as it is, its quotes as speech, and
/// converted by the next ingest.
#[test]
fn statements_are_filtered_by_kind_and_old_databases_still_read() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Mayor Ann Smith said the budget would pass. Council member Tom Jones believes the budget is too large.";
    let file = dir.path().join("k.jsonl");
    std::fs::write(&file, format!("{}\n", serde_json::json!({"id": "k", "date": "2025-02-13", "title": "Budget", "text": text}))).unwrap();
    let db = dir.path().join("k.db");
    assert!(ingest(&db, &[&file]).status.success());
    let texts = |args: &[&str]| -> Vec<String> {
        query(&db, args).as_array().unwrap().iter().map(|s| s["text"].as_str().unwrap().to_string()).collect()
    };
    let said = texts(&["quotes"]);
    assert!(said.iter().any(|t| t.contains("would pass")) && !said.iter().any(|t| t.contains("too large")), "{said:?}");
    let thought = texts(&["quotes", "--kind", "thought"]);
    assert!(thought.iter().all(|t| t.contains("too large")) && !thought.is_empty(), "{thought:?}");
    assert_eq!(texts(&["quotes", "--kind", "all"]).len(), 2);
    let kinds = query(&db, &["quotes", "--kind", "all"]);
    assert!(kinds.as_array().unwrap().iter().any(|s| s["kind"] == "thought"), "{kinds}");
    let export = herald().args(["export", "--format", "csv", "--db"]).arg(&db).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&export.stdout).lines().count(), 3, "a header and both statements");
    // Schema 3: no kind column.
    rusqlite::Connection::open(&db).unwrap().execute_batch("ALTER TABLE quotes DROP COLUMN kind; PRAGMA user_version = 3;").unwrap();
    assert_eq!(texts(&["quotes", "--kind", "all"]).len(), 2, "read as it is");
    assert_eq!(texts(&["quotes"]).len(), 2, "a schema 3 database's quotes read as speech");
    let other = dir.path().join("o.txt");
    std::fs::write(&other, "Another story\n\nNothing was said.\n").unwrap();
    assert!(ingest(&db, &[&other]).status.success());
    let version: i64 = rusqlite::Connection::open(&db).unwrap().query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, 4);
}
