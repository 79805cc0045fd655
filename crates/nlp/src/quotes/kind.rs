//! What kind of statement a quote is: `speech` (something said, written or otherwise
//! communicated), `thought` (a belief, feeling, intention or plan) or `other` (a noun or
//! perception without reported words, or negated speech).
//!
//! Read from the cue's words: a verb of communication makes speech, a verb of cognition or
//! attitude a thought; a negation (`did not say`, `declined to comment`) makes the act not
//! happen. Every direct quotation is speech (the marks say words were said). The word lists are
//! general English (the verbs of communication and of cognition of Levin's classes, the most
//! frequent cue words of PolNeAR train); a word in neither list leaves the quote's kind to the
//! cue's shape: a verb is taken for speech (most cues are), a cue without a verb is `other`.

use herald_core::{Document, Quote, QuoteKind};

/// Base forms of verbs (and a few phrases' heads) of communication.
const SPEECH: &[&str] = &[
    "say",
    "tell",
    "write",
    "tweet",
    "retweet",
    "post",
    "announce",
    "endorse",
    "report",
    "argue",
    "claim",
    "state",
    "add",
    "ask",
    "warn",
    "urge",
    "call",
    "accuse",
    "criticize",
    "criticise",
    "deny",
    "insist",
    "explain",
    "note",
    "declare",
    "testify",
    "rule",
    "reject",
    "mock",
    "rail",
    "complain",
    "praise",
    "promise",
    "pledge",
    "vow",
    "threaten",
    "demand",
    "suggest",
    "admit",
    "acknowledge",
    "concede",
    "confirm",
    "disclose",
    "reveal",
    "respond",
    "reply",
    "answer",
    "describe",
    "cite",
    "recall",
    "recount",
    "speak",
    "talk",
    "mention",
    "refer",
    "point",
    "stress",
    "emphasize",
    "emphasise",
    "reiterate",
    "repeat",
    "echo",
    "comment",
    "remark",
    "joke",
    "boast",
    "tout",
    "slam",
    "blast",
    "attack",
    "denounce",
    "condemn",
    "decry",
    "blame",
    "question",
    "challenge",
    "counter",
    "contend",
    "assert",
    "allege",
    "charge",
    "predict",
    "estimate",
    "propose",
    "recommend",
    "advise",
    "order",
    "invite",
    "thank",
    "apologize",
    "apologise",
    "release",
    "publish",
    "issue",
    "email",
    "e-mail",
    "shout",
    "chant",
    "plead",
    "conclude",
    "find",
    "according",
    "agree",
    "disagree",
    "dismiss",
    "defend",
    "press",
    "push",
    "request",
    "quip",
    "lament",
    "acknowledged",
    "highlight",
    "indicate",
    "signal",
    "hint",
    "outline",
    "unveil",
    "present",
    "list",
    "inform",
    "notify",
    "assure",
    "reassure",
    "remind",
    "caution",
    "concur",
    "opine",
    "proclaim",
    "brag",
    "scoff",
    "snap",
    "fire",
    "lash",
    "knock",
    "rip",
    "hit",
    "berate",
    "scold",
    "chide",
    "rebuke",
    "ridicule",
    "deride",
    "lambaste",
    "excoriate",
    "eviscerate",
    "trash",
    "thrash",
    "bash",
    "needle",
    "taunt",
    "poke",
    "jab",
    "swipe",
    "advocate",
    "campaign",
    "lobby",
    "petition",
    "sue",
    "file",
    "appeal",
    "vote",
    "veto",
    "sign",
    "nominate",
    "recognize",
    "congratulate",
    "greet",
    "welcome",
    "applaud",
    "hail",
    "laud",
    "commend",
    "salute",
    "acclaim",
    "characterize",
    "portray",
    "label",
    "brand",
    "dub",
    "term",
    "name",
    "frame",
    "paint",
    "cast",
    "quote",
    "paraphrase",
    "summarize",
    "sum",
    "articulate",
    "voice",
    "express",
    "convey",
    "communicate",
    "relay",
    "broadcast",
    "air",
    "feature",
    "headline",
    "preach",
    "lecture",
    "swear",
    "guarantee",
    "offer",
    "volunteer",
    "discuss",
    "debate",
    "contest",
    "dispute",
    "rebut",
    "refute",
    "correct",
    "clarify",
    "elaborate",
    "expound",
    "detail",
    "specify",
    "maintain",
    "continue",
    "read",
    "text",
    "message",
    "cable",
    "telephone",
    "phone",
    "interview",
    "address",
    "speech",
    "statement",
    "letter",
    "remarks",
    "comments",
    "words",
    "announcement",
    "testimony",
    "memo",
    "decision",
    "ruling",
    "convince",
    "persuade",
];

/// Verbs of doing, not saying, that cues hold (`has largely ignored`, `known as`), and of
/// evidence, which shows without saying (`polls show`, `records showed`).
const ACTIONS: &[&str] = &["ignore", "know", "face", "avoid", "dodge", "skip", "evade", "show", "demonstrate"];

/// Base forms of verbs (and adjectives) of cognition, attitude, intention and perception.
const THOUGHT: &[&str] = &[
    "believe",
    "think",
    "fear",
    "want",
    "plan",
    "expect",
    "hope",
    "feel",
    "know",
    "worry",
    "seem",
    "appear",
    "consider",
    "doubt",
    "wonder",
    "like",
    "love",
    "hate",
    "prefer",
    "wish",
    "intend",
    "decide",
    "aim",
    "seek",
    "favor",
    "favour",
    "support",
    "oppose",
    "see",
    "view",
    "regard",
    "understand",
    "remember",
    "learn",
    "realize",
    "realise",
    "assume",
    "suspect",
    "convince",
    "confident",
    "sure",
    "concern",
    "worried",
    "eager",
    "skeptical",
    "sceptical",
    "imagine",
    "envision",
    "anticipate",
    "trust",
    "distrust",
    "question",
    "care",
    "mind",
    "enjoy",
    "dislike",
    "resent",
    "regret",
    "admire",
    "respect",
    "value",
    "appreciate",
    "need",
    "dream",
    "desire",
    "long",
    "yearn",
    "crave",
    "try",
    "attempt",
    "struggle",
    "focus",
    "look",
    "watch",
    "notice",
    "hear",
    "sense",
    "suppose",
    "guess",
    "reckon",
    "figure",
    "judge",
    "deem",
    "hold",
    "recognize",
    "accept",
    "embrace",
    "welcome",
    "reject",
    "back",
    "champion",
    "prioritize",
    "aware",
    "afraid",
    "glad",
    "happy",
    "sad",
    "angry",
    "upset",
    "frustrated",
    "disappointed",
    "pleased",
    "optimistic",
    "pessimistic",
    "hopeful",
    "uncertain",
    "unsure",
    "unclear",
    "clear",
    "willing",
    "reluctant",
    "determined",
    "poised",
    "inclined",
    "keen",
    "open",
    "interested",
    "enamored",
    "obsessed",
    "fixated",
    "committed",
    "devoted",
    "divided",
    "split",
    "torn",
    "surprise",
    "shock",
    "stun",
    "anger",
    "frustrate",
    "disappoint",
    "please",
    "impress",
    "bother",
    "trouble",
    "alarm",
    "scare",
    "frighten",
    "encourage",
    "discourage",
    "dismay",
    "puzzle",
    "confuse",
    "intrigue",
];

/// Verbs whose `to` hands the act to the verb after it.
const CONTROL_VERBS: &[&str] = &["try", "attempt", "begin", "start", "continue", "go", "move", "rush", "hurry", "struggle", "manage"];

/// Words that make the act not happen.
const NEGATIONS: &[&str] = &[
    "not",
    "never",
    "no",
    "neither",
    "nor",
    "declined",
    "declines",
    "declining",
    "decline",
    "refused",
    "refuses",
    "refusing",
    "refuse",
    "failed",
    "fails",
    "failing",
    "fail",
    "won't",
    "won’t",
    "without",
];

/// The forms a word may be the inflection of (`criticized` → `criticize`, `worries` → `worry`,
/// `told` → `tell`), the word itself first.
fn base_forms(word: &str) -> impl Iterator<Item = std::borrow::Cow<'_, str>> {
    use std::borrow::Cow;
    let irregular = match word {
        "said" | "says" => Some("say"),
        "told" | "tells" => Some("tell"),
        "wrote" | "written" | "writes" => Some("write"),
        "spoke" | "spoken" => Some("speak"),
        "thought" => Some("think"),
        "felt" => Some("feel"),
        "knew" | "known" => Some("know"),
        "sought" => Some("seek"),
        "saw" | "seen" => Some("see"),
        "found" => Some("find"),
        "shown" => Some("show"),
        "held" => Some("hold"),
        "swore" | "sworn" => Some("swear"),
        "went" | "gone" => Some("go"),
        "understood" => Some("understand"),
        "heard" => Some("hear"),
        "lashed" => Some("lash"),
        _ => None,
    };
    let mut out: Vec<Cow<'_, str>> = vec![Cow::Borrowed(word)];
    if let Some(base) = irregular {
        out.push(Cow::Borrowed(base));
    }
    for suffix in ["s", "es", "ed", "d", "ing"] {
        if let Some(stem) = word.strip_suffix(suffix).filter(|s| s.len() >= 2) {
            out.push(Cow::Borrowed(stem));
            if suffix == "ing" || suffix == "ed" {
                out.push(Cow::Owned(format!("{stem}e")));
                // `criticized` → `criticiz` → `criticize`; `slammed` → `slamm` → `slam`.
                let b = stem.as_bytes();
                if b.len() >= 3 && b[b.len() - 1] == b[b.len() - 2] {
                    out.push(Cow::Borrowed(&stem[..stem.len() - 1]));
                }
            }
            if suffix == "es" || suffix == "ed" {
                // `worries` → `worri` → `worry`.
                if let Some(y) = stem.strip_suffix('i') {
                    out.push(Cow::Owned(format!("{y}y")));
                }
            }
        }
    }
    out.into_iter()
}

/// True when one of a word's base forms is in a list.
fn in_list(word: &str, list: &[&str]) -> bool {
    base_forms(word).any(|b| list.contains(&b.as_ref()))
}

/// The kind of a quote, read from its cue (and its quotation marks).
pub fn kind_of(doc: &Document, q: &Quote) -> QuoteKind {
    let Some(cue) = q.cue else {
        // No cue: a transcript label or a quotation (speech), else words nothing introduces.
        return if q.direct || q.speaker.is_some() { QuoteKind::Speech } else { QuoteKind::Other };
    };
    let words: Vec<String> = cue
        .text(&doc.text)
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '(' | ')' | '—' | '–'))
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’' && c != '-').to_lowercase())
        .filter(|w| !w.is_empty())
        .collect();
    // A speaker label's colon (`Schumer: “…”`, transcripts) introduces words.
    if words.is_empty() {
        return QuoteKind::Speech;
    }
    let negated = words.iter().any(|w| NEGATIONS.contains(&w.as_str()) || w.ends_with("n't") || w.ends_with("n’t"));
    if negated && !q.direct {
        return QuoteKind::Other;
    }
    if q.direct {
        return QuoteKind::Speech;
    }
    // The first word that is in a list decides (`said he believes` is speech, `believes, he
    // said,` a thought reported in speech: the cue nearest the content leads).
    for (i, w) in words.iter().enumerate() {
        // `try to convince`, `began to criticize`: a verb that only governs the next one leaves
        // the act to it.
        if CONTROL_VERBS.iter().any(|c| base_forms(w).any(|b| b == *c)) && words.get(i + 1).is_some_and(|n| n == "to") {
            continue;
        }
        if in_list(w, ACTIONS) {
            return QuoteKind::Other;
        }
        let speech = in_list(w, SPEECH);
        let thought = in_list(w, THOUGHT);
        match (speech, thought) {
            (true, false) => return QuoteKind::Speech,
            (false, true) => return QuoteKind::Thought,
            // `question`, `reject`, `recognize`, `welcome`: said when a verb, a stance when not.
            (true, true) => return QuoteKind::Speech,
            (false, false) => {}
        }
    }
    // No word of either list: a verb is taken for a report (most cues are), a noun or an
    // adjective for no reported words.
    let has_verb = words.iter().any(|w| w.ends_with("ed") || w.ends_with("s") && !w.ends_with("ss") || w.ends_with("ing"));
    if has_verb { QuoteKind::Speech } else { QuoteKind::Other }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_forms_reach_the_lists() {
        for w in ["said", "criticized", "slammed", "tweeting", "worries", "argues", "told", "according"] {
            assert!(in_list(w, SPEECH) || in_list(w, THOUGHT), "{w}");
        }
        assert!(in_list("believes", THOUGHT) && !in_list("believes", SPEECH));
        assert!(in_list("announced", SPEECH) && !in_list("announced", THOUGHT));
    }
}
