use crate::Pipeline;
use herald_core::{ArticleMeta, Document, EntityType, MentionKind};

fn run(text: &str) -> Document {
    let mut doc = Document::new(ArticleMeta::default(), text.to_string());
    Pipeline::standard().run(&mut doc);
    doc
}

fn entity<'d>(doc: &'d Document, name: &str) -> &'d herald_core::Entity {
    doc.entities
        .iter()
        .find(|e| e.name == name)
        .unwrap_or_else(|| panic!("no entity {name}: {:?}", doc.entities.iter().map(|e| &e.name).collect::<Vec<_>>()))
}

fn mention_texts(doc: &Document, e: &herald_core::Entity) -> Vec<String> {
    e.mentions.iter().map(|m| doc.slice(m.span).to_string()).collect()
}

#[test]
fn surnames_join_full_names_and_juniors_stay_apart() {
    let doc = run("Donald Trump met Donald Trump Jr. in New York. Trump said his son was ready. Trump Jr. agreed.");
    let senior = entity(&doc, "Donald Trump");
    let junior = entity(&doc, "Donald Trump Jr.");
    assert!(mention_texts(&doc, senior).contains(&"Trump".to_string()));
    assert!(!mention_texts(&doc, junior).contains(&"Trump".to_string()));
    assert!(mention_texts(&doc, junior).contains(&"Trump Jr.".to_string()), "{:?}", mention_texts(&doc, junior));
}

#[test]
fn acronym_and_expansion() {
    let doc = run("Kyiv wants to join the North Atlantic Treaty Organization (NATO). NATO has not answered.");
    let nato = entity(&doc, "North Atlantic Treaty Organization");
    assert_eq!(nato.kind, EntityType::Org);
    assert_eq!(mention_texts(&doc, nato), ["North Atlantic Treaty Organization", "NATO", "NATO"]);
}

#[test]
fn countries_by_code() {
    let doc = run("The US and the United States are one country. Officials in the U.S. agreed.");
    let us = entity(&doc, "United States");
    assert_eq!(us.kind, EntityType::Gpe);
    assert_eq!(us.mentions.len(), 3);
}

#[test]
fn pronouns_follow_the_subject() {
    let doc = run("Hillary Clinton met Bernie Sanders in Ohio. She said he was wrong.");
    let clinton = entity(&doc, "Hillary Clinton");
    let she: Vec<_> = clinton.mentions.iter().filter(|m| m.kind == MentionKind::Pronoun).map(|m| doc.slice(m.span)).collect();
    assert_eq!(she, ["She"]);
}

#[test]
fn capital_as_government() {
    let doc = run("Russia and Ukraine talked. Moscow said the talks went well. The talks took place in Moscow.");
    let moscow = entity(&doc, "Moscow");
    assert_eq!(moscow.government_of.as_deref(), Some("Russia"));
    let russia = doc.entities.iter().position(|e| e.name == "Russia").unwrap() as u32;
    assert_eq!(moscow.stands_for, Some(russia));
}

#[test]
fn a_name_broken_over_two_lines_is_named_on_one() {
    let doc = run("Party leaders meet\n\nSenator Ann Lee said leaders of the Democratic\nParty met in Washington on Monday.");
    let party = entity(&doc, "Democratic Party");
    assert_eq!(mention_texts(&doc, party), ["Democratic\nParty"], "the mention keeps the text as written");
}

#[test]
fn a_role_noun_with_a_name_in_apposition_is_not_an_earlier_person() {
    let doc = run(
        "Talks in Riyadh\n\nSecretary of State Marco Rubio met the press. Later the minister, Andrii Sybiha, told reporters the talks went well.",
    );
    let rubio = entity(&doc, "Marco Rubio");
    assert!(!mention_texts(&doc, rubio).contains(&"the minister".to_string()), "{:?}", mention_texts(&doc, rubio));
}

#[test]
fn the_short_form_of_an_institution_is_the_one_named_before() {
    let doc = run("Trade talks\n\nThe European Commission said it would respond. Officials at the Commission met on Monday.");
    let commission = entity(&doc, "European Commission");
    assert_eq!(mention_texts(&doc, commission), ["European Commission", "Commission"]);
    // Two parties before: `the Party` could be either, and stays apart.
    let doc = run("Votes\n\nThe Democratic Party and the Republican Party met. The Party chairman spoke.");
    assert!(
        doc.entities.iter().all(|e| mention_texts(&doc, e).len() == 1),
        "{:?}",
        doc.entities.iter().map(|e| &e.name).collect::<Vec<_>>()
    );
}

#[test]
fn a_title_tagged_with_the_name_is_the_persons_title() {
    // The tagger takes `Senator Collins` at a sentence start for an organisation.
    let doc = run("Senator Collins mentioned she doubted the package would pass. Senator Susan Collins spoke later.");
    let collins = entity(&doc, "Susan Collins");
    assert_eq!(collins.kind, EntityType::Person);
    assert!(mention_texts(&doc, collins).contains(&"Collins".to_string()), "{:?}", mention_texts(&doc, collins));
    assert!(mention_texts(&doc, collins).contains(&"she".to_string()), "{:?}", mention_texts(&doc, collins));
    assert!(doc.entities.iter().all(|e| e.name != "Senator Collins"));
    // A body's name that opens with a title word stays whole.
    let doc = run("The General Assembly voted on Monday. Delegates in the General Assembly said little.");
    assert!(doc.entities.iter().all(|e| e.kind != EntityType::Person || !e.name.contains("Assembly")));
}
