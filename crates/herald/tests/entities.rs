//! The seed article's entities (issue 3): people with their roles, NATO with its expansion,
//! the places as GPE, and every mention of a person in that person's entity.

mod common;

use common::*;
use serde_json::Value;

fn seed_record() -> Value {
    let out = herald().arg("extract").arg(seed()).output().unwrap();
    assert!(out.status.success());
    json_lines(&out.stdout).remove(0)
}

fn entity<'r>(r: &'r Value, name: &str) -> &'r Value {
    r["entities"].as_array().unwrap().iter().find(|e| e["name"] == name).unwrap_or_else(|| panic!("no entity named {name}"))
}

fn roles(e: &Value) -> Vec<(Option<String>, Option<String>)> {
    e["roles"].as_array().unwrap().iter().map(|r| (r["title"].as_str().map(str::to_string), r["of"].as_str().map(str::to_string))).collect()
}

fn has_role(e: &Value, title: &str, of: Option<&str>) -> bool {
    roles(e).iter().any(|(t, o)| t.as_deref() == Some(title) && (of.is_none() || o.as_deref() == of))
}

#[test]
fn people_and_their_roles() {
    let r = seed_record();
    let trump = entity(&r, "Donald Trump");
    assert_eq!(trump["type"], "PERSON");
    assert!(has_role(trump, "President", Some("United States")), "{:?}", roles(trump));
    assert!(has_role(entity(&r, "Vladimir Putin"), "President", Some("Russia")));
    let zelensky = entity(&r, "Volodymyr Zelensky");
    assert!(roles(zelensky).contains(&(None, Some("Ukraine".to_string()))), "{:?}", roles(zelensky));
    assert!(has_role(entity(&r, "Pete Hegseth"), "Secretary of Defense", None));
    assert!(has_role(entity(&r, "Michael Waltz"), "National Security Advisor", None));
    assert!(has_role(entity(&r, "Dmitry Medvedev"), "Deputy Chairman", Some("Russian Security Council")));
}

#[test]
fn nato_with_its_expansion_and_places_as_gpe() {
    let r = seed_record();
    let nato = entity(&r, "North Atlantic Treaty Organization");
    assert_eq!(nato["type"], "ORG");
    let texts: Vec<&str> = nato["mentions"].as_array().unwrap().iter().map(|m| m["text"].as_str().unwrap()).collect();
    assert!(texts.contains(&"NATO") && texts.contains(&"North Atlantic Treaty Organization"));
    for place in ["Ukraine", "Russia", "Saudi Arabia", "Kyiv", "Moscow", "Washington", "Brussels"] {
        assert_eq!(entity(&r, place)["type"], "GPE", "{place}");
    }
}

#[test]
fn every_surname_is_in_its_persons_entity() {
    let r = seed_record();
    let text = std::fs::read_to_string(seed()).unwrap();
    for (surname, full) in
        [("Trump", "Donald Trump"), ("Putin", "Vladimir Putin"), ("Zelensky", "Volodymyr Zelensky"), ("Hegseth", "Pete Hegseth")]
    {
        let e = entity(&r, full);
        let starts: Vec<u64> = e["mentions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["start"].as_u64().unwrap() + m["text"].as_str().unwrap().chars().count() as u64)
            .collect();
        // Every occurrence of the surname in the text ends a mention of this entity.
        let chars: Vec<char> = text.chars().collect();
        let needle: Vec<char> = surname.chars().collect();
        for i in 0..chars.len().saturating_sub(needle.len()) {
            if chars[i..i + needle.len()] == needle[..] {
                let end = (i + needle.len()) as u64;
                assert!(starts.contains(&end), "{surname} at {i} is not in {full}'s entity");
            }
        }
    }
}

#[test]
fn capitals_and_seats_stand_for_governments() {
    let r = seed_record();
    assert_eq!(entity(&r, "Moscow")["government_of"], "Russia");
    assert_eq!(entity(&r, "Kremlin")["government_of"], "Russia");
    let russia_id = entity(&r, "Russia")["id"].clone();
    assert_eq!(entity(&r, "Moscow")["stands_for"], russia_id);
    assert_eq!(entity(&r, "Washington")["government_of"], Value::Null, "`announced in Washington` is a place");
}

#[test]
fn pronouns_and_role_nouns_resolve_to_people() {
    let r = seed_record();
    let trump = entity(&r, "Donald Trump");
    let nominal: Vec<&str> =
        trump["mentions"].as_array().unwrap().iter().filter(|m| m["kind"] == "nominal").map(|m| m["text"].as_str().unwrap()).collect();
    assert_eq!(nominal, ["The Republican head of state"]);
    let pronouns = trump["mentions"].as_array().unwrap().iter().filter(|m| m["kind"] == "pronoun").count();
    assert!(pronouns >= 4, "{pronouns}");
}

/// Cases users report against other tools, on a made-up article dated the last day of a year:
/// one company under two names, a name right after a closing quote mark, countries and groups
/// with their types, a quote over two paragraphs, and weeks at the turn of the year.
#[test]
fn one_entity_per_name_and_dates_at_the_turn_of_the_year() {
    let out = herald().arg("extract").arg(data("entities/year-end_2020-12-31_plant.txt")).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let r = json_lines(&out.stdout).remove(0);
    let mentions =
        |e: &Value| -> Vec<String> { e["mentions"].as_array().unwrap().iter().map(|m| m["text"].as_str().unwrap().to_string()).collect() };
    let apple = entity(&r, "Apple Inc.");
    assert_eq!(apple["type"], "ORG");
    assert_eq!(mentions(apple), ["Apple Inc.", "Apple"], "`Apple Inc.` and `Apple` are one company");
    assert!(mentions(entity(&r, "Bob Smith")).contains(&"Smith".to_string()));
    assert_eq!(entity(&r, "Burkina Faso")["type"], "GPE");
    assert_eq!(entity(&r, "Croatia")["type"], "GPE");
    let tamils = r["entities"].as_array().unwrap().iter().find(|e| mentions(e).contains(&"Tamils".to_string())).expect("Tamils");
    assert_eq!(tamils["type"], "NORP");
    let quotes = r["quotes"].as_array().unwrap();
    let ready = quotes.iter().find(|q| q["text"].as_str().unwrap().contains("We are ready")).expect("the quote before `Smith said`");
    assert_eq!(ready["speaker"]["name"], "Bob Smith", "a name right after the closing mark: {ready}");
    assert!(
        quotes.iter().all(|q| !q["text"].as_str().unwrap().contains("Shorty")),
        "a quoted nickname (`goes by the name “Shorty”`) is not a statement: {quotes:?}"
    );
    // …but the sentence's own statement stays, with its speaker.
    let shelter = quotes.iter().find(|q| q["text"] == "the shelter was full").expect("the statement around the nickname");
    assert!(shelter["speaker"]["text"].as_str().unwrap().starts_with("A homeless man"), "{shelter}");
    let long = quotes.iter().find(|q| q["text"].as_str().unwrap().contains("first paragraph")).expect("the two-paragraph quote");
    assert!(long["text"].as_str().unwrap().contains("second one"), "one statement over two paragraphs: {long}");
    assert_eq!(long["speaker"]["name"], "Jane Doe");
    let times: Vec<(&str, &str)> =
        r["times"].as_array().unwrap().iter().map(|t| (t["text"].as_str().unwrap(), t["value"].as_str().unwrap_or(""))).collect();
    assert!(times.contains(&("this week", "2020-W53")), "ISO week 53: {times:?}");
    assert!(times.contains(&("next week", "2021-W01")), "next week is never in the year before: {times:?}");
}

/// Platforms and companies a tagger takes for people or places are organisations: in PolNeAR,
/// `Twitter` as a person became the actor `Wilayat Twitter` through surname resolution (110
/// mentions), `Facebook` was a place in 35 articles, `Carrier` a person. Needs ../shared/data.
#[test]
fn platforms_and_companies_are_organisations() {
    let Some(dir) = shared_data("polnear") else { return };
    let find = |stem: &str| {
        ["train/text", "dev/text"]
            .iter()
            .flat_map(|s| std::fs::read_dir(dir.join(s)).into_iter().flatten().flatten())
            .map(|e| e.path())
            .find(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(stem)))
            .unwrap_or_else(|| panic!("no PolNeAR article {stem}"))
    };
    for (stem, name) in [("nyt_2016-02-08_twitter-takes-bigger-step", "Twitter"), ("nyt_2016-03-21_factory-workers", "Carrier")] {
        let out = herald().arg("extract").arg(find(stem)).output().unwrap();
        let r = json_lines(&out.stdout).remove(0);
        assert_eq!(entity(&r, name)["type"], "ORG", "{stem}");
        let people: Vec<&str> =
            r["entities"].as_array().unwrap().iter().filter(|e| e["type"] == "PERSON").filter_map(|e| e["name"].as_str()).collect();
        assert!(!people.iter().any(|p| p.split_whitespace().any(|w| w == name)), "{stem}: {people:?}");
    }
}
