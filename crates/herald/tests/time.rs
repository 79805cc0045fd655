//! Time expressions on the seed article and the TimeML scorer (issue 5).

mod common;

use common::*;
use serde_json::Value;

fn seed_times() -> Vec<Value> {
    let out = herald().arg("extract").arg(seed()).output().unwrap();
    json_lines(&out.stdout).remove(0)["times"].as_array().unwrap().clone()
}

#[test]
fn seed_expressions_resolve_against_the_article_date() {
    let times = seed_times();
    let value = |text: &str| {
        times.iter().find(|t| t["text"].as_str().unwrap().contains(text)).unwrap_or_else(|| panic!("no time {text:?} in {times:?}"))["value"].clone()
    };
    assert_eq!(value("Wednesday"), "2025-02-12");
    assert_eq!(value("later in the day"), "2025-02-12");
    assert_eq!(value("2020"), "2020");
    assert_eq!(value("90 minutes"), "PT90M");
    assert_eq!(value("not-too-distant future"), "FUTURE_REF");
    let types: Vec<&str> = times.iter().map(|t| t["type"].as_str().unwrap()).collect();
    assert!(types.contains(&"DURATION") && types.contains(&"DATE"));
}

#[test]
fn without_an_article_date_relative_values_stay_unresolved() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("undated.txt");
    std::fs::write(&path, "Talks\n\nThe ministers met yesterday and again on Wednesday, as they did in 2020.\n").unwrap();
    let out = herald().arg("extract").arg(&path).output().unwrap();
    let r = json_lines(&out.stdout).remove(0);
    let times = r["times"].as_array().unwrap();
    let get = |t: &str| times.iter().find(|x| x["text"] == t).unwrap()["value"].clone();
    assert_eq!(get("yesterday"), Value::Null);
    assert_eq!(get("Wednesday"), "XXXX-WXX-3");
    assert_eq!(get("2020"), "2020");
}

#[test]
fn timeml_scores_and_json_keys() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.tml"),
        r#"<TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="1998-01-08" functionInDocument="CREATION_TIME">19980108</TIMEX3></DCT><TEXT>Sales fell <TIMEX3 tid="t1" type="DATE" value="1997">last year</TIMEX3> and rose on <TIMEX3 tid="t2" type="DATE" value="1998-01-07">Wednesday</TIMEX3> for <TIMEX3 tid="t3" type="DURATION" value="P2W">two weeks</TIMEX3>.</TEXT></TimeML>"#,
    )
    .unwrap();
    let out = herald().args(["eval", "time", "--json", "--data"]).arg(dir.path()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    for key in ["strict", "relaxed", "type_accuracy", "value_accuracy", "value_f1"] {
        assert!(r.get(key).is_some(), "{key}");
    }
    assert_eq!(r["relaxed"]["f1"], 100.0);
    assert_eq!(r["value_accuracy"], 100.0);
}

#[test]
fn timebank_and_aquaint_extents() {
    for corpus in ["timeml/TimeBank", "timeml/AQUAINT"] {
        let Some(dir) = shared_data(corpus) else { return };
        let out = herald().args(["eval", "time", "--json", "--data"]).arg(&dir).output().unwrap();
        let r: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert!(r["relaxed"]["f1"].as_f64().unwrap() >= 92.0, "{corpus}: {r}");
    }
}

/// A statement's date: a time that dates the saying (an adverbial of its clause, or the date of
/// the communication), at the precision the text gives, else the article's; never a time of a
/// relative clause or one naming a thing, never a time from another sentence.
#[test]
fn statement_dates_come_from_the_act_of_saying() {
    let text = "Jones said Tuesday night that he disagreed.\n\n\
        “We will meet in March,” she told reporters last week.\n\n\
        “Soon,” he said this month.\n\n\
        Smith, who was elected in 2010, said the plan was dead.\n\n\
        Prime Minister Theresa May said this week that the country would leave.\n\n\
        The center said it plans to release its analysis next week.\n\n\
        Rubio, who arrived on Sunday, said he was optimistic.\n\n\
        In a 2008 interview, Brown said the bank was sound.\n\n\
        Lee said the law, passed in 1990, had failed since 2001.";
    let record = serde_json::json!({"id": "dates", "date": "2025-02-13", "text": text});
    let r = extract_record(&record);
    let date = |words: &str| {
        r["quotes"].as_array().unwrap().iter().find(|q| q["text"].as_str().unwrap().contains(words)).unwrap_or_else(|| panic!("{r}"))["date"]
            .clone()
    };
    assert_eq!(date("he disagreed")["value"], "2025-02-11TNI");
    assert_eq!(date("he disagreed")["origin"], "cue");
    // A week is dated to the month holding it; a month as it is.
    assert_eq!(date("meet in March")["value"], "2025-02", "{}", date("meet in March"));
    assert_eq!(date("Soon")["value"], "2025-02");
    // The year of a relative clause is not the statement's, nor is Tuesday two paragraphs up.
    assert_eq!(date("the plan was dead")["value"], "2025-02-13");
    assert_eq!(date("the plan was dead")["origin"], "article");
    // `Theresa May` is a name, not a month.
    assert!(r["times"].as_array().unwrap().iter().all(|t| t["text"] != "May"), "{}", r["times"]);
    assert_eq!(date("the country would leave")["value"], "2025-02");
    // A period after the article is what the statement is about, not when it was made.
    assert_eq!(date("release its analysis")["value"], "2025-02-13", "{r}");
    // The day of a relative clause is its subject's (`who arrived on Sunday`), not the statement's.
    assert_eq!(date("he was optimistic")["value"], "2025-02-13", "{r}");
    // The date of the interview is the date of the saying.
    assert_eq!(date("the bank was sound")["value"], "2008", "{r}");
    // Times inside the content are what it mentions.
    assert_eq!(date("had failed")["value"], "2025-02-13", "{r}");
}

#[test]
fn a_statement_some_days_later_is_dated_from_the_day_before_it() {
    // TimeML marks `Three days later` as the duration P3D; the statement is three days after the
    // day named before it.
    let text = "The mayor met union leaders on Monday. Three days later, the mayor said the deal was off.";
    let record = serde_json::json!({"id": "one", "date": "2025-02-14", "title": "Deal off", "text": text});
    let r = extract_record(&record);
    let times = r["times"].as_array().unwrap();
    assert!(times.iter().any(|t| t["text"] == "Three days" && t["value"] == "P3D"), "{times:?}");
    let quote = r["quotes"].as_array().unwrap().iter().find(|q| q["text"].as_str().unwrap().contains("the deal was off")).cloned().unwrap();
    assert_eq!(quote["date"]["value"], "2025-02-13", "{quote}");
    assert_eq!(quote["date"]["origin"], "cue", "{quote}");
}
