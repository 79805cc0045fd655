//! Attribution patterns around quotation marks that the tagger may miss, added as chunks:
//!
//! - after a closing mark: `“…,” he added.`, `“…,” Trump said.`, `“…,” said Trump.`,
//!   `“…,” the president said.`;
//! - before an opening mark: `Trump said: “…”`, `Trump said, “…”`;
//! - a dash attribution: `“…” ― Karen Bobadilla`;
//! - reported speech closed by its source (`The plant will close in March, the company said in
//!   a statement.`) or opened by it (`Smith told reporters the plant will close.`, `According to
//!   Smith, the plant will close.`), in a sentence where the tagger found no content; where it
//!   found a content inside the clause before a closing source, the content is the whole clause
//!   (`content.reported_clause`; a wire dateline, `KERRVILLE, Texas (AP) —`, is left out);
//! - a content the tagger ended on the subject of its clause, right before the clause's verb,
//!   runs on to the end of the clause (`content.clause`), and a nominal content cut short before
//!   its prepositional phrases takes them (`content.phrase`).
//!
//! A pattern only adds what the tagger left out or extends what it cut short; it removes the
//! tagger's chunks only where one statement replaces them (the whole clause above, an impersonal
//! report).

use super::assemble::{Chunk, Role};
use super::features::{Prepared, speech_verbs};
use herald_core::TokenKind;

const PRONOUNS: &[&str] = &["he", "she", "they", "we", "i"];

/// The end (exclusive) of a name or pronoun mention starting at token `t`, if one does.
fn mention_at(prep: &Prepared, t: usize) -> Option<usize> {
    let doc = prep.doc;
    if t >= doc.tokens.len() {
        return None;
    }
    if PRONOUNS.contains(&doc.token_text(t).to_lowercase().as_str()) {
        return Some(t + 1);
    }
    prep.mention_end(t)
}

fn is_speech_verb(prep: &Prepared, t: usize) -> bool {
    t < prep.doc.tokens.len() && speech_verbs().contains(prep.doc.token_text(t).to_lowercase().as_str())
}

fn covered(chunks: &[Chunk], t: usize, role: Role) -> bool {
    chunks.iter().any(|c| c.role == role && c.first <= t && t < c.last)
}

/// How many chunks of each role cover each token, kept up to date as chunks grow: `covered` and
/// `taken` in one lookup instead of a pass over every chunk of the document.
struct Coverage {
    counts: Vec<[u32; 3]>,
}

impl Coverage {
    fn new(n_tokens: usize, chunks: &[Chunk]) -> Coverage {
        let mut coverage = Coverage { counts: vec![[0; 3]; n_tokens] };
        for c in chunks {
            coverage.add(c.role, c.first, c.last);
        }
        coverage
    }

    fn slot(role: Role) -> usize {
        match role {
            Role::Source => 0,
            Role::Cue => 1,
            Role::Content => 2,
        }
    }

    /// Counts tokens `[first, last)` as covered by a chunk of `role`.
    fn add(&mut self, role: Role, first: usize, last: usize) {
        let last = last.min(self.counts.len());
        for c in &mut self.counts[first.min(last)..last] {
            c[Self::slot(role)] += 1;
        }
    }

    /// True when a chunk of `role` covers token `t`.
    fn covered(&self, t: usize, role: Role) -> bool {
        self.counts.get(t).is_some_and(|c| c[Self::slot(role)] > 0)
    }

    /// True when a chunk of any role covers token `t`.
    fn taken(&self, t: usize) -> bool {
        self.counts.get(t).is_some_and(|c| c.iter().any(|&k| k > 0))
    }
}

fn push(out: &mut Vec<Chunk>, role: Role, first: usize, last: usize, rule: &'static str) {
    out.push(Chunk { role, first, last, confidence: 0.7, rule });
}

/// Adds rule chunks next to quotations.
pub fn add_quote_patterns(prep: &Prepared, chunks: &mut Vec<Chunk>) {
    let doc = prep.doc;
    let n = doc.tokens.len();
    let mut added = Vec::new();
    let coverage = Coverage::new(n, chunks);
    // Quotation-to-name token ranges whose chunks a signature line replaces.
    let mut signatures: Vec<(usize, usize)> = Vec::new();
    for q in &prep.quotations {
        let (Some(&(first, _)), Some(&(_, last))) = (q.pieces.first(), q.pieces.last()) else { continue };
        if q.n_inner_tokens() < 2 {
            continue;
        }
        let sentence_end = |t: usize| {
            let s = &doc.sentences[prep.sentence_of[t.min(n - 1)] as usize];
            s.tokens.end as usize
        };
        // After the closing mark.
        let t = last + 1;
        if q.closed && t < n {
            let se = sentence_end(last);
            let next = doc.token_text(t);
            if next == "―" || next == "—" || next == "–" {
                let name_end = mention_at(prep, t + 1);
                if let Some(end) = name_end.or_else(|| capitalised_words(prep, t + 1))
                    && signs_off_line(prep, end)
                {
                    // A signature line (`“…”― Maria Okafor` and the line ends): nothing else
                    // reads this way, so it overrides whatever the tagger made of the quotation
                    // and the name (it may take the surname for a cue, or run the quotation on
                    // into the next line's).
                    signatures.push((first, end));
                    push(&mut added, Role::Cue, t, t + 1, "rule.dash_signature");
                    push(&mut added, Role::Source, t + 1, end, "rule.dash_signature");
                    push(&mut added, Role::Content, first, last + 1, "rule.dash_signature");
                } else if let Some(end) = name_end
                    && !coverage.covered(t + 1, Role::Source)
                {
                    push(&mut added, Role::Cue, t, t + 1, "rule.dash_attribution");
                    push(&mut added, Role::Source, t + 1, end, "rule.dash_attribution");
                    if !coverage.covered(first, Role::Content) {
                        push(&mut added, Role::Content, first, last + 1, "rule.dash_attribution");
                    }
                }
            } else if t < se {
                // `he added`, `Trump said`, `the president said`
                let mut source = None;
                let mut cue = None;
                if let Some(end) = mention_at(prep, t) {
                    let mut v = end;
                    while v < se && matches!(doc.token_text(v), "also" | "later" | "then" | "has" | "had") {
                        v += 1;
                    }
                    if is_speech_verb(prep, v) {
                        source = Some((t, end));
                        cue = Some((end, v + 1));
                    }
                } else if is_speech_verb(prep, t)
                    && let Some(end) = mention_at(prep, t + 1)
                {
                    source = Some((t + 1, end));
                    cue = Some((t, t + 1));
                }
                if let (Some((sa, sb)), Some((ca, cb))) = (source, cue) {
                    if !coverage.covered(ca, Role::Cue) {
                        push(&mut added, Role::Cue, ca, cb, "rule.quote_then_speaker");
                    }
                    if !coverage.covered(sa, Role::Source) {
                        push(&mut added, Role::Source, sa, sb, "rule.quote_then_speaker");
                    }
                    if !coverage.covered(first + 1, Role::Content) {
                        push(&mut added, Role::Content, first, last + 1, "rule.quote_then_speaker");
                    }
                }
            }
        }
        // Before the opening mark: `X said: “…”` or `X said, “…”`.
        if first >= 3 && matches!(doc.token_text(first - 1), ":" | ",") && is_speech_verb(prep, first - 2) {
            let v = first - 2;
            let mut s_end = v;
            while s_end > 0 && matches!(doc.token_text(s_end - 1), "also" | "later" | "then") {
                s_end -= 1;
            }
            let s_start = (0..s_end).rev().take(8).find(|&s| mention_at(prep, s) == Some(s_end));
            if let Some(s_start) = s_start {
                if !coverage.covered(v, Role::Cue) {
                    push(&mut added, Role::Cue, v, v + 1, "rule.speaker_then_quote");
                }
                if !coverage.covered(s_start, Role::Source) {
                    push(&mut added, Role::Source, s_start, s_end, "rule.speaker_then_quote");
                }
                if !coverage.covered(first + 1, Role::Content) {
                    push(&mut added, Role::Content, first, last + 1, "rule.speaker_then_quote");
                }
            }
        }
    }
    if !signatures.is_empty() {
        // Tokens under a signature, as a prefix count: a chunk overlaps one when it holds any.
        let mut signed = vec![false; n];
        for &(a, b) in &signatures {
            signed[a.min(n)..b.min(n)].fill(true);
        }
        let mut under = Vec::with_capacity(n + 1);
        under.push(0u32);
        for &s in &signed {
            under.push(under[under.len() - 1] + u32::from(s));
        }
        chunks.retain(|c| {
            let (a, b) = (c.first.min(n), c.last.min(n));
            a >= b || under[b] == under[a]
        });
    }
    chunks.extend(added);
    chunks.sort_by_key(|c| (c.first, c.last));
}

/// The end (exclusive) of one to four capitalised words starting at token `t` (`Jorge Falcon`,
/// `Edwin G. Monroy`): a signature's name that the entity stage did not take for one.
fn capitalised_words(prep: &Prepared, t: usize) -> Option<usize> {
    let doc = prep.doc;
    let end = (t..(t + 4).min(doc.tokens.len()))
        .take_while(|&i| doc.tokens[i].kind == TokenKind::Word && doc.token_text(i).starts_with(char::is_uppercase))
        .last()?
        + 1;
    Some(end)
}

/// True when the name ending before token `end` closes its line: nothing but a full stop
/// follows it before a line break or the end of the paragraph.
fn signs_off_line(prep: &Prepared, end: usize) -> bool {
    let doc = prep.doc;
    let mut t = end;
    if t < doc.tokens.len() && doc.token_text(t) == "." {
        t += 1;
    }
    let paragraph_end = prep.paragraphs.iter().find(|&&(a, b)| a < end && end <= b).map_or(end, |&(_, b)| b);
    t >= paragraph_end || doc.text[doc.tokens[t - 1].span.end as usize..doc.tokens[t].span.start as usize].contains('\n')
}

/// Verbs that close a reported clause: `…, the company said.`
const CLOSING_VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tells",
    "added",
    "adds",
    "wrote",
    "writes",
    "explained",
    "noted",
    "warned",
    "insisted",
    "argued",
    "claimed",
    "stated",
    "acknowledged",
    "conceded",
    "predicted",
    "reported",
    "announced",
    "confirmed",
    "estimated",
    "recalled",
    "admitted",
    "cautioned",
    "maintained",
];

/// Adds reported speech closed by its source (`CLAUSE, SOURCE said[ in a statement on
/// Thursday].`, `CLAUSE, said SOURCE.`) or opened by it (`According to SOURCE, CLAUSE.`, `SOURCE
/// told reporters CLAUSE.`) in sentences where the tagger found no content and that hold no
/// quotation: the clause is the content.
pub fn add_reported_clauses(prep: &Prepared, all_chunks: &mut Vec<Chunk>) {
    let doc = prep.doc;
    let mut added = Vec::new();
    // Each sentence looks only at the chunks overlapping it, so the chunks are walked once in
    // text order: `chunks` holds those that reach into the current sentence, `done` those that
    // end before it, `rest` those that start after it.
    all_chunks.sort_by_key(|c| (c.first, c.last));
    let mut rest = std::mem::take(all_chunks).into_iter().peekable();
    let mut done: Vec<Chunk> = Vec::new();
    let mut chunks: Vec<Chunk> = Vec::new();
    for sentence in &doc.sentences {
        let (ss, se) = (sentence.tokens.start as usize, sentence.tokens.end as usize);
        let (ended, open): (Vec<Chunk>, Vec<Chunk>) = std::mem::take(&mut chunks).into_iter().partition(|c| c.last <= ss);
        done.extend(ended);
        chunks = open;
        while let Some(c) = rest.next_if(|c| c.first < se) {
            if c.last <= ss {
                done.push(c);
            } else {
                chunks.push(c);
            }
        }
        let chunks = &mut chunks;
        // The sentence without its final punctuation.
        let mut end = se;
        while end > ss && matches!(doc.token_text(end - 1), "." | "!" | "?") {
            end -= 1;
        }
        // An impersonal report after the clause: `X will lead the talks, it was announced in
        // Washington, thus prompting …`. The clause is the content; nobody is named as source.
        if let Some(k) = expletive_report(prep, ss, end) {
            let verb_end = (k + 3..end).find(|&t| prep.pos(t) == crate::pos::tag::VBN).map_or(k + 4, |t| t + 1);
            // The tagger's chunks in the sentence give way, but for cues inside the clause.
            chunks.retain(|c| !(c.first < end && ss < c.last && (c.role != Role::Cue || k < c.last)));
            push(&mut added, Role::Content, ss, k, "rule.impersonal_report");
            push(&mut added, Role::Cue, k + 2, verb_end, "rule.impersonal_report");
            continue;
        }
        let quoted = (ss..se).any(|t| prep.quote_of[t].is_some());
        // A source between commas in the middle of the clause: `The latest test, North Korea
        // said, was its biggest yet.` is one statement, the clause on both sides of it (the
        // tagger often finds the second half only).
        if let Some((k, v)) = parenthetical_source(prep, ss, se)
            && !quoted
            && !chunks.iter().any(|c| c.role == Role::Content && c.first < k && ss < c.last)
        {
            push_reported(&mut added, chunks, ((k + 1, v), (v, v + 1), (ss, k)));
            if !chunks.iter().any(|c| c.role == Role::Content && c.first < end && v + 2 <= c.first) {
                push(&mut added, Role::Content, v + 2, end, "rule.reported_clause");
            }
            continue;
        }
        // `…, officials said.`, looked for once: the patterns below that use it change no cue.
        let closing = if quoted { None } else { closing_source(prep, ss, end, chunks) };
        // `Rescuers searched on Monday for dozens still missing, officials said.`: a content the
        // tagger found inside the clause before a closing source is that whole clause.
        if let Some((k, _)) = closing {
            let inside = |c: &Chunk| c.first < k && ss < c.last;
            let contents: Vec<usize> = (0..chunks.len()).filter(|&i| chunks[i].role == Role::Content && inside(&chunks[i])).collect();
            let clause_start = dateline_end(prep, ss, k).unwrap_or(ss);
            if !contents.is_empty()
                && contents.iter().all(|&i| chunks[i].last <= k && chunks[i].first >= clause_start)
                && !chunks.iter().any(|c| c.role == Role::Source && inside(c))
                && (chunks[contents[0]].first > clause_start || chunks[contents[contents.len() - 1]].last < k)
            {
                let keep = contents[0];
                chunks[keep].first = clause_start;
                chunks[keep].last = k;
                chunks[keep].rule = "attribution.v2+content.reported_clause";
                for &i in contents[1..].iter().rev() {
                    chunks.remove(i);
                }
            }
        }
        // The tagger may have found the source and the verb and missed the clause before them.
        if se < ss + 7 || chunks.iter().any(|c| c.role == Role::Content && c.first < se && ss < c.last) || quoted {
            continue;
        }
        if let Some((source, cue, content)) = opening_source(prep, ss, end) {
            // A source the tagger ran on past its comma (`Smith, the plant will close`) ends there.
            for c in chunks.iter_mut().filter(|c| c.role == Role::Source && c.first < content.0 && content.0 < c.last) {
                c.last = source.1.max(c.first + 1);
            }
            if chunks.iter().any(|c| c.first < end && content.0 < c.last) {
                continue;
            }
            push_reported(&mut added, chunks, (source, cue, content));
            continue;
        }
        // Inverted: `…, said Smith.`, `…, said the company in a statement.`
        // `…, said Ann Lee, the plant manager.`
        if let Some(k) = (ss + 4..end.saturating_sub(2))
            .find(|&t| doc.token_text(t) == "," && ["said", "says", "added", "wrote"].contains(&doc.token_text(t + 1)))
            && let Some(sb) = mention_at(prep, k + 2)
                .filter(|&sb| sb <= end && sb > k + 2 && PRONOUNS.iter().all(|p| doc.token_text(k + 2).to_lowercase() != *p))
            && (sb..end).all(|u| doc.token_text(u).chars().all(|c| c.is_alphanumeric() || matches!(c, '.' | ',' | '\'' | '’' | '-')))
            && !chunks.iter().any(|c| c.first <= k && ss < c.last)
        {
            push_reported(&mut added, chunks, ((k + 2, sb), (k + 1, k + 2), (ss, k)));
            continue;
        }
        // `…, according to federal statistics.`
        if let Some(k) = (ss + 4..end.saturating_sub(3))
            .rev()
            .find(|&t| doc.token_text(t) == "," && doc.token_text(t + 1).eq_ignore_ascii_case("according") && doc.token_text(t + 2) == "to")
            && end - (k + 3) <= 8
            && (k + 3..end).all(|u| doc.token_text(u).chars().all(|c| c.is_alphanumeric() || matches!(c, '.' | '\'' | '’' | '-')))
        {
            push_reported(&mut added, chunks, ((k + 3, end), (k + 1, k + 3), (ss, k)));
            continue;
        }
        let Some((k, v)) = closing else { continue };
        let (sa, sb) = (k + 1, v);
        // A source the tagger ran back across the comma into the clause starts after it.
        for c in chunks.iter_mut().filter(|c| c.role == Role::Source && c.first <= k && k < c.last) {
            c.first = k + 1;
        }
        chunks.retain(|c| c.first < c.last);
        push_reported(&mut added, chunks, ((sa, sb), (v, v + 1), (ss, k)));
    }
    done.extend(chunks);
    done.extend(rest);
    done.extend(added);
    done.sort_by_key(|c| (c.first, c.last));
    *all_chunks = done;
}

/// The token after a wire dateline opening the sentence (`KERRVILLE, Texas (AP) — `), if any.
fn dateline_end(prep: &Prepared, ss: usize, limit: usize) -> Option<usize> {
    let doc = prep.doc;
    let dash = (ss + 1..limit.min(ss + 12)).find(|&t| matches!(doc.token_text(t), "—" | "–" | "--"))?;
    let capitals = doc.token_text(ss).chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase);
    (capitals || doc.token_text(dash - 1) == ")").then_some(dash + 1)
}

/// `CLAUSE, SOURCE said [in a statement on Thursday].`: the comma before the source and the verb,
/// when the source is a pronoun, a name or a short noun phrase and the clause has no cue of its
/// own.
fn closing_source(prep: &Prepared, ss: usize, end: usize, chunks: &[Chunk]) -> Option<(usize, usize)> {
    let doc = prep.doc;
    // The verb, followed by at most six words without a comma (`in a statement on Thursday`,
    // `Reuters`). Headlines capitalise it (`…, Former White House Doctor Says.`).
    let v = (end.saturating_sub(7).max(ss + 5)..end).rev().find(|&t| {
        CLOSING_VERBS.contains(&doc.token_text(t).to_lowercase().as_str())
            && (t + 1..end).all(|u| doc.token_text(u).chars().all(|c| c.is_alphanumeric() || c == '.'))
    })?;
    // The source between the last comma and the verb: a pronoun, a name, or a short noun phrase.
    let k = (ss..v).rev().find(|&t| doc.token_text(t) == ",")?;
    let (sa, sb) = (k + 1, v);
    if sb == sa || sb - sa > 6 || k < ss + 4 {
        return None;
    }
    let first = doc.token_text(sa).to_lowercase();
    let words_only = (sa..sb).all(|t| doc.token_text(t).chars().all(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '.' | '-')));
    // In a headline, where every word is capitalised, the source is its words.
    let headline = (ss..end).filter(|&t| doc.tokens[t].kind == TokenKind::Word).all(|t| {
        let w = doc.token_text(t);
        w.starts_with(char::is_uppercase) || w.len() <= 3 || w.starts_with(|c: char| c.is_ascii_digit())
    });
    let source_like = (sb - sa == 1 && (PRONOUNS.contains(&first.as_str()) || first == "it"))
        || mention_at(prep, sa) == Some(sb)
        || headline
        || matches!(
            first.as_str(),
            "the" | "a" | "an" | "two" | "three" | "several" | "some" | "many" | "officials" | "analysts" | "experts" | "sources"
        );
    if !words_only || !source_like || chunks.iter().any(|c| c.role == Role::Cue && c.first <= k && ss < c.last) {
        return None;
    }
    Some((k, v))
}

/// `CLAUSE, it was announced (in Washington)`, `…, it is understood`: the comma before an
/// expletive `it`, a form of `be` and a reporting participle, with a clause of at least four
/// words before it (not one left open by `where`, `that` …) and no quotation in the sentence.
fn expletive_report(prep: &Prepared, ss: usize, end: usize) -> Option<usize> {
    let doc = prep.doc;
    let word = |t: usize| doc.token_text(t).to_lowercase();
    if (ss..end).any(|t| prep.quote_of[t].is_some()) {
        return None;
    }
    (ss + 4..end.saturating_sub(3)).find(|&k| {
        if doc.token_text(k) != "," || word(k + 1) != "it" {
            return false;
        }
        // `a tunnel where, it is said, racists fired …`: a parenthesis inside a clause that goes
        // on after it; the tagger's reading stands.
        if matches!(word(k - 1).as_str(), "where" | "that" | "which" | "when" | "because" | "while" | "as" | "if" | "who") {
            return false;
        }
        let participle = match (word(k + 2).as_str(), word(k + 3).as_str()) {
            ("was" | "is", p) => p.to_string(),
            ("has" | "had", "been") if k + 4 < end => word(k + 4),
            _ => return false,
        };
        matches!(
            participle.as_str(),
            "announced" | "reported" | "said" | "confirmed" | "revealed" | "learned" | "understood" | "stated" | "disclosed" | "alleged"
        )
    })
}

/// Token ranges of a source, a cue and a content.
type Ranges = ((usize, usize), (usize, usize), (usize, usize));

/// Adds a reported clause: its content, and its source and cue unless the tagger found them.
fn push_reported(added: &mut Vec<Chunk>, chunks: &[Chunk], (source, cue, content): Ranges) {
    push(added, Role::Content, content.0, content.1, "rule.reported_clause");
    if !(source.0..source.1).any(|t| covered(chunks, t, Role::Source)) {
        push(added, Role::Source, source.0, source.1, "rule.reported_clause");
    }
    if !(cue.0..cue.1).any(|t| covered(chunks, t, Role::Cue)) {
        push(added, Role::Cue, cue.0, cue.1, "rule.reported_clause");
    }
}

/// `CLAUSE, SOURCE said, CLAUSE.` over the sentence `[ss, end)`: the commas around a name or
/// pronoun and a closing verb, with at least two words before and three after. Returns the first
/// comma and the verb.
fn parenthetical_source(prep: &Prepared, ss: usize, end: usize) -> Option<(usize, usize)> {
    let doc = prep.doc;
    (ss + 2..end.saturating_sub(5)).find_map(|k| {
        if doc.token_text(k) != "," {
            return None;
        }
        let sb = mention_at(prep, k + 1).filter(|&sb| sb < end && sb - (k + 1) <= 6)?;
        let verb = doc.token_text(sb).to_lowercase();
        (matches!(verb.as_str(), "said" | "says" | "say" | "added" | "argued" | "noted" | "wrote" | "insisted" | "explained")
            && sb + 1 < end
            && doc.token_text(sb + 1) == ","
            && end >= sb + 5)
            .then_some((k, sb))
    })
}

/// `According to SOURCE, CLAUSE` or `SOURCE said|told ADDRESSEE [that] CLAUSE` over the sentence
/// `[ss, end)`.
fn opening_source(prep: &Prepared, ss: usize, end: usize) -> Option<Ranges> {
    let doc = prep.doc;
    // Words past the sentence read as empty: a sentence may end on its subject.
    let word = |t: usize| if t < end { doc.token_text(t).to_lowercase() } else { String::new() };
    if word(ss) == "according" && ss + 1 < end && word(ss + 1) == "to" {
        let k = (ss + 3..end.min(ss + 11)).find(|&t| doc.token_text(t) == ",")?;
        return (end >= k + 5 && mention_at(prep, ss + 2) == Some(k)).then_some(((ss + 2, k), (ss, ss + 2), (k + 1, end)));
    }
    // The subject: a pronoun or a name, then the verb.
    let sb = mention_at(prep, ss).filter(|&sb| sb < end)?;
    if !matches!(word(sb).as_str(), "said" | "says" | "told" | "tells") {
        return None;
    }
    let mut c = sb + 1;
    if matches!(word(sb).as_str(), "told" | "tells") {
        // The one told: a name, an object pronoun or a plural noun (`reporters`).
        c = mention_at(prep, c).or_else(|| {
            (matches!(word(c).as_str(), "me" | "us" | "him" | "her" | "them")
                || (word(c).ends_with('s') && word(c).chars().all(|ch| ch.is_ascii_lowercase())))
            .then_some(c + 1)
        })?;
    }
    // The content keeps its `that`, as PolNeAR marks it.
    (end >= c + 4).then_some(((ss, sb), (sb, sb + 1), (c, end)))
}

/// A content the tagger ended on the subject of its clause (`that it | was stepping up its
/// fight`, `this guy | is a fraud`) runs on through the clause's verb: when the token after it is
/// a finite verb and its last clause holds none, it is extended to the end of its sentence or the
/// next chunk.
pub fn extend_subject_only_contents(prep: &Prepared, chunks: &mut [Chunk]) {
    let doc = prep.doc;
    let mut coverage = Coverage::new(doc.tokens.len(), chunks);
    for chunk in chunks.iter_mut() {
        let c = chunk.clone();
        if c.role != Role::Content || c.last >= doc.tokens.len() || !prep.is_finite_verb(c.last) {
            continue;
        }
        let (_, sentence_end) = prep.sentence_bounds(c.first);
        // Only the last clause of the content counts: `that he “doesn’t know” as to why Clinton |
        // has struggled` ends on the subject of its `why` clause.
        let clause_start = (c.first + 1..c.last)
            .rev()
            .find(|&t| {
                matches!(
                    doc.token_text(t).to_lowercase().as_str(),
                    "why" | "that" | "whether" | "how" | "because" | "if" | "when" | "where" | "while" | "although"
                )
            })
            .unwrap_or(c.first);
        if c.last >= sentence_end || (clause_start..c.last).any(|t| prep.is_finite_verb(t)) || coverage.taken(c.last) {
            continue;
        }
        let mut end = c.last;
        while end < sentence_end && !coverage.taken(end) {
            end += 1;
        }
        while end > c.last && matches!(doc.token_text(end - 1), "." | "!" | "?") {
            end -= 1;
        }
        coverage.add(c.role, c.last, end);
        chunk.last = end;
        chunk.rule = "attribution.v2+content.clause";
    }
}

/// A nominal content the tagger ended before the prepositional phrases that complete it takes
/// them (`multiple requests | for an interview`, `an increase | in homicides`): a preposition
/// other than `that` followed by a noun phrase, repeatedly, up to the next chunk.
pub fn extend_prepositional_phrases(prep: &Prepared, chunks: &mut [Chunk]) {
    use crate::pos::tag;
    let doc = prep.doc;
    let mut coverage = Coverage::new(doc.tokens.len(), chunks);
    let np = |t: usize| matches!(prep.pos(t), tag::DET | tag::ADJ | tag::NOUN | tag::PROPN | tag::NUM | tag::POSS);
    for chunk in chunks.iter_mut() {
        let c = chunk.clone();
        if c.role != Role::Content || c.last >= doc.tokens.len() || c.last == c.first {
            continue;
        }
        if !matches!(prep.pos(c.last - 1), tag::NOUN | tag::PROPN) || (c.first..c.last).any(|t| prep.is_finite_verb(t)) {
            continue;
        }
        let (_, sentence_end) = prep.sentence_bounds(c.first);
        let mut end = c.last;
        // A time is when it was said, not what (`on Monday`).
        while end + 1 < sentence_end
            && prep.pos(end) == tag::IN
            && !coverage.taken(end)
            && doc.token_text(end) != "that"
            && np(end + 1)
            && !prep.in_time(end + 1)
        {
            let mut t = end + 1;
            while t < sentence_end && np(t) && !coverage.taken(t) {
                t += 1;
            }
            end = t;
        }
        if end > c.last {
            coverage.add(c.role, c.last, end);
            chunk.last = end;
            chunk.rule = "attribution.v2+content.phrase";
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Pipeline;
    use herald_core::{ArticleMeta, Document};

    fn prepared(text: &str) -> Document {
        let mut doc = Document::new(ArticleMeta::default(), text.to_string());
        Pipeline::standard().until("time").expect("the stage exists").run(&mut doc);
        doc
    }

    fn token(doc: &Document, word: &str) -> usize {
        (0..doc.tokens.len()).find(|&t| doc.token_text(t) == word).expect("the word is there")
    }

    #[test]
    fn a_content_ended_on_its_subject_runs_through_its_verb() {
        let doc = prepared("Officials said that it was stepping up its fight against the smugglers.");
        let prep = Prepared::new(&doc);
        let (that, was, smugglers) = (token(&doc, "that"), token(&doc, "was"), token(&doc, "smugglers"));
        let content = Chunk { role: Role::Content, first: that, last: was, confidence: 0.9, rule: "test" };
        let mut chunks = vec![content.clone()];
        extend_subject_only_contents(&prep, &mut chunks);
        assert_eq!(chunks[0].last, smugglers + 1, "through the verb, not the final period");
        // A content that has its own verb, or whose next token belongs to another chunk, stays.
        let stepping = token(&doc, "stepping");
        let mut whole = vec![Chunk { last: stepping, ..content.clone() }];
        extend_subject_only_contents(&prep, &mut whole);
        assert_eq!(whole[0].last, stepping);
        let mut next_taken = vec![content.clone(), Chunk { role: Role::Cue, first: was, last: was + 1, confidence: 0.9, rule: "test" }];
        extend_subject_only_contents(&prep, &mut next_taken);
        assert_eq!(next_taken[0].last, was);
        // Only the content's last clause must lack a verb.
        let doc = prepared("He said that he does not know the answer as to why Clinton has struggled with young voters.");
        let prep = Prepared::new(&doc);
        let (that, has, voters) = (token(&doc, "that"), token(&doc, "has"), token(&doc, "voters"));
        let mut chunks = vec![Chunk { role: Role::Content, first: that, last: has, confidence: 0.9, rule: "test" }];
        extend_subject_only_contents(&prep, &mut chunks);
        assert_eq!(chunks[0].last, voters + 1);
    }

    #[test]
    fn a_content_inside_the_clause_before_a_closing_source_is_the_clause() {
        let doc = prepared("KERRVILLE, Texas (AP) — Rescuers searched on Monday for dozens of people still missing, officials said.");
        let prep = Prepared::new(&doc);
        let chunk = |role, first: &str, last: &str| Chunk {
            role,
            first: token(&doc, first),
            last: token(&doc, last) + 1,
            confidence: 0.9,
            rule: "test",
        };
        let mut chunks =
            vec![chunk(Role::Content, "for", "still"), chunk(Role::Source, "officials", "officials"), chunk(Role::Cue, "said", "said")];
        add_reported_clauses(&prep, &mut chunks);
        let content = chunks.iter().find(|c| c.role == Role::Content).unwrap();
        let text = |c: &Chunk| &doc.text[doc.tokens[c.first].span.start as usize..doc.tokens[c.last - 1].span.end as usize];
        assert_eq!(text(content), "Rescuers searched on Monday for dozens of people still missing", "the dateline is not said");
        assert_eq!(content.rule, "attribution.v2+content.reported_clause");
    }

    #[test]
    fn a_nominal_content_takes_its_prepositional_phrases() {
        let doc = prepared("The company did not respond to multiple requests for an interview for this article on Monday.");
        let prep = Prepared::new(&doc);
        let (multiple, requests, article) = (token(&doc, "multiple"), token(&doc, "requests"), token(&doc, "article"));
        let mut chunks = vec![Chunk { role: Role::Content, first: multiple, last: requests + 1, confidence: 0.9, rule: "test" }];
        extend_prepositional_phrases(&prep, &mut chunks);
        assert_eq!(chunks[0].last, article + 1, "up to the time: {}", doc.token_text(chunks[0].last - 1));
        assert_eq!(chunks[0].rule, "attribution.v2+content.phrase");
    }
}
